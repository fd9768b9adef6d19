"""Attack classes "silent loss" and "order decides": merge and reconcile compared as bytes
(issue #19, items 7, 10 and 11).

Before: ``merge`` dropped the unknown keys of the claims it folded together (nested ones
too); it used two notions of "the same claim" (a content id over exact JSON, and ``==``,
which calls one instant in two UTC offsets, or ``1`` and ``1.0``, equal), so it was not
associative even under ``==``, one grouping could raise ``DuplicateIdError`` where
another succeeded, and of two such claims input order decided which one survived; and
``reconcile``'s bytes depended on input order (the offset of ``assessed_at``, the order
of entities and claims).
"""

from __future__ import annotations

from datetime import UTC, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import Claim, ConflictModelsError, Dossier, Estimate, dumps, reconcile
from conflictmodels.examples import kursk_dossier
from conflictmodels.reconciliation import merge
from conflictmodels.strategies import dossiers

UTC = UTC


def in_other_offset(claim: Any, hours: int) -> Any:
    """The same claim, its report time written in another UTC offset."""
    return attrs.evolve(claim, reported_at=claim.reported_at.astimezone(timezone(timedelta(hours=hours))))


def with_float_figure(claim: Any) -> Any:
    q = claim.statement.quantity
    if q is None or q.high is None or type(q.high) is not int:
        return claim
    return attrs.evolve(claim, statement=attrs.evolve(claim.statement, quantity=attrs.evolve(q, high=float(q.high))))


def outcome(fn: Any) -> str:
    try:
        return dumps(fn())
    except ConflictModelsError as exc:
        return f"{type(exc).__name__}: {exc}"


def test_folded_claims_keep_every_unknown_key_nested_ones_too() -> None:
    base = kursk_dossier().claims[0]
    a = attrs.evolve(base, extra={"x_seen_by": "desk-a"})
    statement = attrs.evolve(base.statement, extra={"x_confidence_note": "from the video"})
    b = attrs.evolve(base, id="zz-copy", statement=statement, extra={"x_archive": "https://archive.example/1"})
    d = kursk_dossier()
    merged = merge(attrs.evolve(d, claims=(a, *d.claims[1:])), attrs.evolve(d, claims=(b,)))
    kept = merged.claim(base.id)
    assert kept.merged_ids == ("zz-copy",)
    assert dict(kept.extra) == {"x_seen_by": "desk-a", "x_archive": "https://archive.example/1"}
    assert dict(kept.statement.extra) == {"x_confidence_note": "from the video"}


def test_one_instant_in_two_offsets_is_one_claim_whatever_the_order() -> None:
    d = kursk_dossier()
    a = attrs.evolve(d, claims=d.claims[:1])
    b = attrs.evolve(d, claims=(in_other_offset(d.claims[0], 0),))
    assert dumps(merge(a, b)) == dumps(merge(b, a))
    assert len(merge(a, b).claims) == 1


def test_one_and_one_point_zero_are_one_claim_whatever_the_order() -> None:
    d = kursk_dossier()
    claim = next(c for c in d.claims if c.statement.quantity is not None)
    claim = attrs.evolve(claim, statement=attrs.evolve(claim.statement, quantity=Estimate.at_most(30_000)))
    a = attrs.evolve(d, claims=(claim,))
    b = attrs.evolve(d, claims=(attrs.evolve(with_float_figure(claim), id="other-id"),))
    assert dumps(merge(a, b)) == dumps(merge(b, a))
    assert merge(a, b).claims[0].merged_ids in {("other-id",), (claim.id,)}


@st.composite
def variants(draw: st.DrawFn) -> tuple[Dossier, Dossier, Dossier]:
    """Three dossiers sharing claims, some written differently (other offsets, floats
    for whole numbers, other ids, other unknown keys)."""
    d = draw(dossiers(max_claims=4))
    out = []
    for _ in range(3):
        claims = []
        for c in d.claims:
            if draw(st.booleans()):
                continue
            how = draw(st.sampled_from(["same", "offset", "float", "copy", "extra"]))
            if how == "offset":
                c = in_other_offset(c, draw(st.integers(-12, 14)))
            elif how == "float":
                c = with_float_figure(c)
            elif how == "copy":
                c = attrs.evolve(c, id=c.id + "-copy", merged_ids=())
            elif how == "extra":
                c = attrs.evolve(c, extra={"x_note": draw(st.sampled_from(["a", "b"]))})
            claims.append(c)
        out.append(attrs.evolve(d, claims=_corrections_resolved(claims), assessments=()))
    return out[0], out[1], out[2]


def _corrections_resolved(claims: list[Claim]) -> tuple[Claim, ...]:
    """The claims, each correction naming a claim left out (or renamed) made a plain one:
    a dossier's corrections name claims it holds."""
    kept = {c.id for c in claims}

    def fix(c: Claim) -> Claim:
        ws = tuple(
            w if w.replaced_by is None or w.replaced_by in kept else attrs.evolve(w, replaced_by=None)
            for w in c.withdrawals
        )
        return c if ws == c.withdrawals else attrs.evolve(c, withdrawals=ws)

    return tuple(fix(c) for c in claims)


@settings(max_examples=examples(300))
@given(variants())
def test_merge_is_associative_commutative_and_idempotent_as_bytes(triple: tuple[Dossier, Dossier, Dossier]) -> None:
    a, b, c = triple
    left = outcome(lambda: merge(merge(a, b), c))
    assert left == outcome(lambda: merge(a, merge(b, c)))
    assert outcome(lambda: merge(a, b)) == outcome(lambda: merge(b, a))
    assert outcome(lambda: merge(a, a)) == outcome(lambda: merge(a, Dossier()))


@settings(max_examples=examples(200))
@given(dossiers(max_claims=5), st.randoms(use_true_random=False), st.integers(-12, 14))
def test_reconcile_bytes_do_not_depend_on_input_order(d: Dossier, rnd: Any, hours: int) -> None:
    claims = list(d.claims)
    if claims:  # the latest report written once more, in another offset, as another claim
        latest = max(claims, key=lambda c: c.reported_at)
        claims.append(attrs.evolve(in_other_offset(latest, hours), id=latest.id + "-again", merged_ids=()))

    def shuffled() -> Dossier:
        parts = {name: list(getattr(d, name)) for name in ("sources", "locations", "units", "assessments")}
        for items in parts.values():
            rnd.shuffle(items)
        mixed = list(claims)
        rnd.shuffle(mixed)
        return attrs.evolve(d, claims=tuple(mixed), **{k: tuple(v) for k, v in parts.items()})

    assert outcome(lambda: reconcile(shuffled())) == outcome(lambda: reconcile(shuffled()))


@pytest.mark.parametrize("hours", [0, 3, -5])
def test_reconcile_stamp_is_the_same_whichever_offset_comes_first(hours: int) -> None:
    d = kursk_dossier()
    latest = max(d.claims, key=lambda c: c.reported_at)
    again = attrs.evolve(in_other_offset(latest, hours), id="again")
    forward = reconcile(attrs.evolve(d, claims=(*d.claims, again)))
    backward = reconcile(attrs.evolve(d, claims=(again, *reversed(d.claims))))
    assert dumps(forward) == dumps(backward)
