"""Laws of reconcile and merge, as hypothesis properties.

* reconcile does not depend on the order of its input;
* reconcile and merge are idempotent; merge is associative and commutative;
* nothing is lost: every input claim id is still in the output (or recorded as merged
  into a surviving claim) and cited by an assessment.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import (
    AssessmentStatus,
    Claim,
    ControlChange,
    Dossier,
    Estimate,
    Hedge,
    Hop,
    Location,
    LocationKind,
    Modality,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    Unit,
    Value,
    Withdrawal,
    WithdrawalAction,
)
from conflictmodels.policy import DEFAULT_POLICY, RULE_CODES, STATUS_LADDER
from conflictmodels.reconciliation import merge, reconcile
from conflictmodels.serialization import content_id
from conflictmodels.strategies import dossiers

T0 = datetime(2025, 3, 1, tzinfo=UTC)

SOURCES = (
    Source(id="ru-mod", name="RU MoD", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="ru-forces", name="RU forces", kind=SourceKind.STATE_MILITARY, party="RU", parent_id="ru-mod"),
    Source(id="ua-gs", name="UA GS", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.A),
    Source(id="blog", name="Blog", kind=SourceKind.BLOGGER, reliability=Reliability.E),
    Source(id="forbes", name="Forbes", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.C),
    Source(id="axe", name="Axe", kind=SourceKind.JOURNALIST, parent_id="forbes"),
)
SOURCE_IDS = [s.id for s in SOURCES]
PLACES = (
    Location(id="r1", name="R1", kind=LocationKind.REGION),
    Location(id="v1", name="V1", parent_id="r1"),
    Location(id="v2", name="V2", parent_id="r1"),
)
UNITS = (Unit(id="u1", name="1st Brigade", party="UA"),)


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    kind = draw(
        st.sampled_from(["control", "control", "control", "strength", "attack", "presence", "casualties", "value"])
    )
    negated = draw(st.booleans()) and draw(st.booleans())
    if draw(st.integers(0, 9)) == 0:  # now and then an opinion, judgment or forecast: recorded, never weighed
        modality = draw(st.sampled_from([m for m in Modality if m is not Modality.FACT]))
        return attrs.evolve(draw(statements()), modality=modality)
    if kind == "control":
        party = draw(st.sampled_from(["RU", "UA"]))
        return Statement(
            predicate=Predicate.CONTROL,
            party=party,
            counterparty=draw(st.sampled_from([None, "UA" if party == "RU" else "RU"])),
            change=draw(st.sampled_from(ControlChange)),
            location_ids=(draw(st.sampled_from(["v1", "v2", "v1", "v2", "r1"])),),
            negated=negated,
        )
    if kind == "presence":
        return Statement(
            predicate=Predicate.PRESENCE, party="UA", unit_ids=("u1",), location_ids=("v1",), negated=negated
        )
    if kind == "casualties":  # cumulative figures: a later one of an origin updates its earlier one
        total = Estimate.at_least(draw(st.integers(1, 6)) * 100, unit="killed")
        return Statement(predicate=Predicate.CASUALTIES, party="RU", quantity=total, negated=negated)
    if kind == "value":
        name = draw(st.sampled_from(["Col. Petrenko", "Colonel Petrenko", "Col. Kovalenko"]))
        return Statement(
            predicate=Predicate.ATTRIBUTE,
            attribute="commander",
            unit_ids=("u1",),
            value=Value(text=name),
            negated=negated,
        )
    if kind == "strength":
        lo = draw(st.integers(0, 50)) * 1000
        shape = draw(st.sampled_from(["at_most", "at_least", "between", "about", "exactly"]))
        q = {
            "at_most": lambda: Estimate.at_most(lo + 1000),
            "at_least": lambda: Estimate.at_least(lo),
            "between": lambda: Estimate.between(lo, lo + draw(st.integers(0, 20)) * 1000),
            "about": lambda: Estimate.about(lo + 500),
            "exactly": lambda: Estimate.exactly(lo),
        }[shape]()
        return Statement(predicate=Predicate.STRENGTH, party="UA", quantity=q, negated=negated)
    return Statement(predicate=Predicate.ATTACK, party="RU", location_ids=("v1",), negated=negated)


@st.composite
def focused_claim(draw: st.DrawFn, id: str) -> Claim:
    source = draw(st.sampled_from(SOURCE_IDS))
    relays = draw(st.lists(st.sampled_from(["reuters", "blog", "forbes"]), max_size=2, unique=True))
    chain: tuple[Hop, ...] = ()
    if relays or draw(st.booleans()):
        chain = (
            *(Hop(source_id=r, verb="reported", hedge=Hedge.ASSERTED) for r in relays),
            Hop(source_id=source, hedge=draw(st.sampled_from(Hedge))),
        )
    day = draw(st.integers(0, 6))
    reported = T0 + timedelta(days=day, hours=draw(st.sampled_from([0, 12])))
    when = None
    if draw(st.booleans()):
        start = T0 + timedelta(days=draw(st.integers(0, 6)))
        when = draw(
            st.sampled_from(
                [
                    TimeSpan(start=start, end=start + timedelta(days=1)),
                    TimeSpan(end=start),
                    TimeSpan(start=start),
                    TimeSpan.instant(start),
                ]
            )
        )
    statement = draw(statements())
    doubtful = False
    if when is not None and when.start is not None and when.start > reported:
        # an event time after the report: kept only as doubtful, or as a forecast
        if draw(st.booleans()):
            doubtful = True
        else:
            statement = attrs.evolve(statement, modality=Modality.FORECAST)
    withdrawals: tuple[Withdrawal, ...] = ()
    if draw(st.integers(0, 5)) == 0:  # withdrawn by its originator or a relay, some days later
        who = draw(st.sampled_from([source, *relays]))
        at = reported + timedelta(days=draw(st.integers(0, 3)))
        withdrawals = (Withdrawal(source_id=who, at=at, action=draw(st.sampled_from(WithdrawalAction))),)
    return Claim(
        id=id,
        source_id=source,
        attribution=chain,
        reported_at=reported,
        when=when,
        statement=statement,
        withdrawals=withdrawals,
        when_doubtful=doubtful,
    )


@st.composite
def claim_pools(draw: st.DrawFn, max_size: int = 14) -> list[Claim]:
    """Claims with unique ids about few places, with re-ingested copies (same content, new id)."""
    n = draw(st.integers(0, max_size))
    pool = [draw(focused_claim(f"c{i:02d}")) for i in range(n)]
    copies = draw(st.lists(st.sampled_from(pool), max_size=3)) if pool else []
    pool += [attrs.evolve(c, id=f"{c.id}-copy{j}") for j, c in enumerate(copies)]
    return pool


def as_dossier(claims: list[Claim]) -> Dossier:
    return Dossier(sources=SOURCES, locations=PLACES, units=UNITS, claims=tuple(claims))


@st.composite
def focused_dossiers(draw: st.DrawFn) -> Dossier:
    return as_dossier(draw(claim_pools()))


@st.composite
def overlapping_triples(draw: st.DrawFn) -> tuple[Dossier, Dossier, Dossier]:
    pool = draw(claim_pools())
    out = []
    for _ in range(3):
        chosen = [c for c in pool if draw(st.booleans())]
        d = as_dossier(chosen)
        if draw(st.integers(0, 3)) == 0:
            d = reconcile(d)
        out.append(d)
    return out[0], out[1], out[2]


def any_dossiers() -> st.SearchStrategy[Dossier]:
    return st.one_of(dossiers(), focused_dossiers())


@st.composite
def shuffled(draw: st.DrawFn, d: Dossier) -> Dossier:
    return Dossier(
        title=d.title,
        sources=tuple(draw(st.permutations(d.sources))),
        locations=tuple(draw(st.permutations(d.locations))),
        units=tuple(draw(st.permutations(d.units))),
        people=tuple(draw(st.permutations(d.people))),
        claims=tuple(draw(st.permutations(d.claims))),
        assessments=tuple(draw(st.permutations(d.assessments))),
    )


# --------------------------------------------------------------------------- reconcile


@settings(max_examples=examples(200))
@given(st.data(), any_dossiers())
def test_reconcile_ignores_input_order(data: st.DataObject, d: Dossier) -> None:
    shuffled_d = data.draw(shuffled(d))
    assert reconcile(shuffled_d).assessments == reconcile(d).assessments


@settings(max_examples=examples(200))
@given(any_dossiers())
def test_reconcile_is_idempotent(d: Dossier) -> None:
    once = reconcile(d)
    assert reconcile(once) == once


@settings(max_examples=examples(200))
@given(any_dossiers())
def test_reconcile_cites_every_claim(d: Dossier) -> None:
    out = reconcile(d)
    assert {c.id for c in out.claims} == {c.id for c in d.claims}
    cited = {i for a in out.assessments if a.assessed_by.startswith("conflictmodels ") for i in a.claim_ids}
    assert cited == {c.id for c in d.claims}


@settings(max_examples=examples(200))
@given(any_dossiers())
def test_every_judgment_climbs_the_status_ladder_once(d: Dossier) -> None:
    """Every rationale entry carries a known rule code, and exactly one rung gives the status.

    Opinions, judgments and forecasts are recorded, never weighed: their ``attributed``
    assessment says so in one sentence and climbs no rung. A change that was claimed but
    not established climbs the ladder once (how its own evidence stands) and keeps the
    status ``claimed``, as an earlier state of a timeline or point of a series keeps
    ``superseded``."""
    ladder = {rung.code: rung for rung in STATUS_LADDER}
    for a in reconcile(d).assessments:
        if not a.assessed_by.startswith("conflictmodels "):
            continue
        found = [re.match(r"\[([a-z0-9-]+)\] ", entry) for entry in a.rationale]
        codes = [m.group(1) for m in found if m is not None]
        assert len(codes) == len(a.rationale)
        assert set(codes) <= set(RULE_CODES)
        if a.status is AssessmentStatus.ATTRIBUTED:
            assert codes == ["attributed"]
            assert a.likelihood is None
            assert a.confidence is None
            continue
        assert "attributed" not in codes
        rungs = [ladder[c] for c in codes if c in ladder]
        assert len(rungs) == 1
        if {"superseded", "series-superseded", "presence-superseded"} & set(codes):  # an earlier state or point
            assert a.status is AssessmentStatus.SUPERSEDED
        elif a.status is AssessmentStatus.CLAIMED:  # its first sentence says what was claimed and not established
            assert codes[0] in {"claimed-not-observed", "presence-claimed"}
        else:
            assert a.status is rungs[0].status_for(DEFAULT_POLICY)


@settings(max_examples=examples(200))
@given(focused_dossiers(), st.integers(0, 8))
def test_as_of_only_sees_the_past(d: Dossier, day: int) -> None:
    as_of = T0 + timedelta(days=day)
    past = [c for c in d.claims if c.reported_at <= as_of and (c.when is None or (c.when.start or c.when.end) <= as_of)]  # type: ignore[operator]
    got = reconcile(d, as_of=as_of, assessed_at=T0)
    assert got.assessments == reconcile(as_dossier(past), as_of=as_of, assessed_at=T0).assessments


@settings(max_examples=examples(200))
@given(focused_dossiers())
def test_reconcile_is_deterministic_per_proposition(d: Dossier) -> None:
    """Adding claims about another proposition does not change an assessment."""
    out = reconcile(d, assessed_at=T0)
    v1_only = as_dossier([c for c in d.claims if c.statement.location_ids == ("v1",)])
    expected = {a for a in out.assessments if a.statement.location_ids == ("v1",)}
    got = {a for a in reconcile(v1_only, assessed_at=T0).assessments if a.statement.location_ids == ("v1",)}
    assert got == expected


# --------------------------------------------------------------------------- merge


def accounted(inputs: tuple[Dossier, ...], out: Dossier) -> None:
    present = {c.id for c in out.claims}
    merged = {i for c in out.claims for i in c.merged_ids}
    for d in inputs:
        for c in d.claims:
            assert c.id in present or c.id in merged, c.id


@settings(max_examples=examples(200))
@given(overlapping_triples())
def test_merge_is_associative(abc: tuple[Dossier, Dossier, Dossier]) -> None:
    a, b, c = abc
    left = merge(merge(a, b), c)
    assert left == merge(a, merge(b, c))
    accounted(abc, left)


@settings(max_examples=examples(200))
@given(overlapping_triples())
def test_merge_is_commutative(abc: tuple[Dossier, Dossier, Dossier]) -> None:
    a, b, _ = abc
    assert merge(a, b) == merge(b, a)


@settings(max_examples=examples(200))
@given(any_dossiers())
def test_merge_is_idempotent(d: Dossier) -> None:
    once = merge(d, Dossier())
    assert merge(d, d) == once
    assert merge(once, once) == once
    assert merge(once, d) == once
    accounted((d,), once)


@settings(max_examples=examples(200))
@given(overlapping_triples())
def test_reconciled_merge_cites_every_input_claim(abc: tuple[Dossier, Dossier, Dossier]) -> None:
    a, b, c = abc
    out = reconcile(merge(merge(a, b), c))
    accounted(abc, out)
    cited = {i for x in out.assessments for i in x.claim_ids}
    assert cited == {x.id for x in out.claims}


@settings(max_examples=examples(200))
@given(overlapping_triples())
def test_merge_then_reconcile_equals_reconcile_of_union(abc: tuple[Dossier, Dossier, Dossier]) -> None:
    a, b, _ = abc
    first: dict[str, Claim] = {}
    for c in sorted((*a.claims, *b.claims), key=lambda c: c.id):
        first.setdefault(content_id(c), c)
    union = as_dossier(sorted(first.values(), key=lambda c: c.id))
    left = reconcile(merge(a, b)).assessments
    right = reconcile(merge(union, Dossier())).assessments
    assert left == right
