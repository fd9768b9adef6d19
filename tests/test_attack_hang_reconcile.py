"""Attack class: hangs in ``reconcile`` (issue #19, item 4).

``reconcile`` used to be quadratic in the number of distinct values of one proposition:
with many parties claiming one place at one time, every value was checked against every
other value and every origin's claims; with many units of measure in one proposition,
every unit counted the claims again. 40,000 such claims took about 12 minutes. The work
is now near-linear: these tests count the Python calls ``reconcile`` makes at two sizes
(never the elapsed time), and check that the faster way of finding the leading control
value gives exactly what the pairwise way gave.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples, work_growth
from conflictmodels import (
    Claim,
    ControlChange,
    Dossier,
    Estimate,
    Location,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
)
from conflictmodels._control import _best_control_value
from conflictmodels._evidence import _Ev, _Origin, _origins
from conflictmodels.policy import CONTROL_SPECIFICITY, DEFAULT_POLICY
from conflictmodels.reconciliation import reconcile
from conflictmodels.relations import control_compatible

T0 = datetime(2025, 3, 9, 12, tzinfo=UTC)
SMALL, LARGE = 150, 600
MAX_RATIO = (LARGE / SMALL) * 1.6  # linear work, with room for n log n sorting


def _growth(build: Callable[[int], Dossier]) -> float:
    return work_growth(reconcile, build, SMALL, LARGE)


def _sources(n: int) -> tuple[Source, ...]:
    return tuple(Source(id=f"s{i}", name=f"s{i}", party=f"p{i}") for i in range(n))


def _parties_claim_one_place(n: int) -> Dossier:
    """``n`` parties each claim to hold one place at one time."""
    claims = tuple(
        Claim(
            id=f"c{i}",
            source_id=f"s{i}",
            reported_at=T0,
            statement=Statement(
                predicate=Predicate.CONTROL, party=f"p{i}", change=ControlChange.HOLDS, location_ids=("v",)
            ),
        )
        for i in range(n)
    )
    return Dossier(sources=_sources(n), locations=(Location(id="v", name="Village"),), claims=claims)


def _parties_deny_one_place(n: int) -> Dossier:
    """Half the parties claim the place, the other half deny that some party holds it."""
    claims = tuple(
        Claim(
            id=f"c{i}",
            source_id=f"s{i}",
            reported_at=T0,
            statement=Statement(
                predicate=Predicate.CONTROL,
                party=f"p{i // 2}",
                change=ControlChange.HOLDS if i % 2 else ControlChange.LOST,
                location_ids=("v",),
            ),
        )
        for i in range(n)
    )
    return Dossier(sources=_sources(n), locations=(Location(id="v", name="Village"),), claims=claims)


def _units_of_one_proposition(n: int) -> Dossier:
    """``n`` strength figures of one party, each in its own unit of measure."""
    claims = tuple(
        Claim(
            id=f"c{i}",
            source_id=f"s{i}",
            reported_at=T0,
            statement=Statement(
                predicate=Predicate.STRENGTH, party="UA", quantity=Estimate.about(1000 + i, unit=f"unit-{i}")
            ),
        )
        for i in range(n)
    )
    return Dossier(sources=_sources(n), claims=claims)


def _many_states_of_one_place(n: int) -> Dossier:
    """One place changing hands ``n`` times, each change dated and seen by two A-rated
    observers (so it passes the bar): a timeline of ``n`` states."""
    observers = tuple(
        Source(id=f"o{i}{side}", name=f"Observer {i}{side}", kind=SourceKind.THINK_TANK, reliability=Reliability.A)
        for i in range(n)
        for side in "ab"
    )
    claims = tuple(
        Claim(
            id=f"c{i}{side}",
            source_id=f"o{i}{side}",
            reported_at=T0 + timedelta(days=i),
            when=TimeSpan.instant(T0 + timedelta(days=i)),
            statement=Statement(
                predicate=Predicate.CONTROL, party=f"p{i % 2}", change=ControlChange.CAPTURED, location_ids=("v",)
            ),
        )
        for i in range(n)
        for side in "ab"
    )
    return Dossier(sources=observers, locations=(Location(id="v", name="Village"),), claims=claims)


def _chain_of_sources(n: int) -> Dossier:
    """``n`` sources, each the parent of the next (a desk under a desk under ...), one claim each."""
    sources = tuple(
        Source(id=f"s{i}", name=f"s{i}", parent_id=f"s{i - 1}" if i else None, party="ru" if i == 0 else None)
        for i in range(n)
    )
    claims = tuple(
        Claim(
            id=f"c{i}",
            source_id=f"s{i}",
            reported_at=T0,
            statement=Statement(predicate=Predicate.STRENGTH, party="UA", quantity=Estimate.about(1000)),
        )
        for i in range(n)
    )
    return Dossier(sources=sources, claims=claims)


def test_a_long_chain_of_parent_sources_is_linear() -> None:
    d = reconcile(_chain_of_sources(SMALL))
    (a,) = d.assessments
    assert a.independent_origins == 1  # every source traces back to s0
    assert _growth(_chain_of_sources) <= MAX_RATIO


def test_many_parties_claiming_one_place_is_linear() -> None:
    d = reconcile(_parties_claim_one_place(SMALL))
    assert len(d.assessments) == 1
    assert _growth(_parties_claim_one_place) <= MAX_RATIO


def test_many_denials_of_one_place_is_linear() -> None:
    assert _growth(_parties_deny_one_place) <= MAX_RATIO


def test_many_units_of_measure_in_one_proposition_is_linear() -> None:
    d = reconcile(_units_of_one_proposition(SMALL))
    (a,) = d.assessments
    assert len(a.supporting) + len(a.related) == SMALL
    assert _growth(_units_of_one_proposition) <= MAX_RATIO


def test_a_long_timeline_is_linear() -> None:
    d = reconcile(_many_states_of_one_place(SMALL))
    assert len(d.assessments) == SMALL
    assert _growth(_many_states_of_one_place) <= MAX_RATIO


# --------------------------------------------- the leading value, exactly as before


def _pairwise_best_control_value(seg: list[_Ev], values: set[Any]) -> tuple[Any, list[_Ev], list[_Ev]]:
    """The quadratic way, as it was: every value against every value and every origin."""
    strongest: dict[tuple[str, Any], float] = {}
    for e in seg:
        k = (e.origin.root, e.value)
        if strongest.get(k, -1.0) < e.weight:
            strongest[k] = e.weight
    best: tuple[Any, ...] | None = None
    for value in sorted(values, key=lambda v: (v[0], v[1] or "")):
        ok = {v: control_compatible(v, value) for v in values}
        s_w: dict[str, float] = {}
        c_w: dict[str, float] = {}
        for (origin, v), w in strongest.items():
            side = s_w if ok[v] else c_w
            if side.get(origin, -1.0) < w:
                side[origin] = w
        rank = (math.fsum(s_w.values()) - math.fsum(c_w.values()), CONTROL_SPECIFICITY[value[0]])
        if best is None or rank > best[0]:
            best = (rank, value, ok)
    assert best is not None
    _, value, ok = best
    return value, [e for e in seg if ok[e.value]], [e for e in seg if not ok[e.value]]


_VALUE = st.tuples(st.sampled_from(sorted(CONTROL_SPECIFICITY)), st.sampled_from([None, "RU", "UA", "KP"]))
# Weights that make exact ties and rounding likely: a few round figures and a few awkward ones.
_WEIGHT = st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1e-17, 1e16, 2.2, 1 / 3])
_STATEMENT = Statement(predicate=Predicate.CONTROL, party="RU", change=ControlChange.HOLDS, location_ids=("v",))


@st.composite
def _segments(draw: st.DrawFn) -> list[_Ev]:
    """Evidence of one timeline state: values of every kind, from a few origins."""
    origins = [
        _Origin(f"o{i}", None, Reliability.C, SourceKind.OTHER, DEFAULT_POLICY) for i in range(draw(st.integers(1, 5)))
    ]
    seg = []
    for i in range(draw(st.integers(1, 12))):
        claim = Claim(id=f"c{i:02}", source_id="x", reported_at=T0, statement=_STATEMENT)
        seg.append(_Ev(claim, draw(st.sampled_from(origins)), draw(_WEIGHT), None, draw(_VALUE)))
    return seg


@settings(max_examples=examples(2000))
@given(_segments())
def test_the_leading_value_is_the_one_the_pairwise_way_found(seg: list[_Ev]) -> None:
    values = {e.value for e in seg}
    expected = _pairwise_best_control_value(seg, values)
    got = _best_control_value(seg, values)
    assert got[0] == expected[0]
    assert [e.id for e in got[1]] == [e.id for e in expected[1]]
    assert [e.id for e in got[2]] == [e.id for e in expected[2]]


@st.composite
def _source_forests(draw: st.DrawFn) -> list[Source]:
    """Sources whose parents are drawn among themselves (cycles included) or are unknown ids."""
    n = draw(st.integers(1, 8))
    return [
        Source(
            id=f"s{i}",
            name=f"s{i}",
            parent_id=draw(st.sampled_from([None, "elsewhere", *(f"s{j}" for j in range(n) if j != i)])),
            party=draw(st.sampled_from([None, None, "ru", "ua"])),
            reliability=draw(st.sampled_from([None, None, Reliability.B, Reliability.E])),
        )
        for i in range(n)
    ]


def _walk(s: Source, by_id: dict[str, Source]) -> tuple[str, str | None, Reliability | None]:
    """What one source counts as, walking its whole chain of parents (cycles included):
    its side when it has a party (its own or inherited), else the top of its chain (the
    smallest id on a cycle); the first party and rating up the chain."""
    chain = [s]
    seen = {s.id}
    parent = s.parent_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        chain.append(by_id[parent])
        parent = by_id[parent].parent_id
    party = next((x.party for x in chain if x.party is not None), None)
    rel = next((x.reliability for x in chain if x.reliability is not None), None)
    ids = [x.id for x in chain]
    top = min(ids[ids.index(parent) :]) if parent in seen else chain[-1].id  # a cycle: its smallest id
    return ("\x00side:" + party if party is not None else top), party, rel


@settings(max_examples=examples(2000))
@given(_source_forests())
def test_origins_are_what_walking_each_chain_gives(sources: list[Source]) -> None:
    by_id = {s.id: s for s in sources}
    got = _origins(sources, DEFAULT_POLICY)
    for s in sources:
        assert (got[s.id].root, got[s.id].party, got[s.id].reliability) == _walk(s, by_id)
