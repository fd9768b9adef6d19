"""Pairwise claim relations: corroborate, contradict, refine, supersede, retract."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import (
    Claim,
    ControlChange,
    Dossier,
    Estimate,
    Location,
    LocationKind,
    Predicate,
    Source,
    Statement,
    TimeSpan,
)
from conflictmodels.relations import (
    Relation,
    control_compatible,
    control_value,
    estimates_compatible,
    favours,
    interest,
    proposition_key,
    relate,
    time_bounds,
    times_overlap,
)

C = ControlChange


def at(day: int) -> datetime:
    return datetime(2025, 3, day, 12, tzinfo=UTC)


def control(
    id: str,
    party: str,
    change: ControlChange,
    *,
    day: int = 1,
    source: str | None = None,
    place: str = "v1",
    counterparty: str | None = None,
    negated: bool = False,
    when: TimeSpan | None = None,
) -> Claim:
    return Claim(
        id=id,
        source_id=source or f"s-{id}",
        reported_at=at(day),
        when=when,
        statement=Statement(
            predicate=Predicate.CONTROL,
            party=party,
            counterparty=counterparty,
            change=change,
            location_ids=(place,),
            negated=negated,
        ),
    )


def strength(id: str, estimate: Estimate, *, source: str | None = None, negated: bool = False) -> Claim:
    return Claim(
        id=id,
        source_id=source or f"s-{id}",
        reported_at=at(9),
        statement=Statement(predicate=Predicate.STRENGTH, party="UA", quantity=estimate, negated=negated),
    )


def attack(id: str, *, day: int = 1, source: str | None = None, negated: bool = False, when: TimeSpan | None = None):
    return Claim(
        id=id,
        source_id=source or f"s-{id}",
        reported_at=at(day),
        when=when,
        statement=Statement(predicate=Predicate.ATTACK, party="RU", location_ids=("v1",), negated=negated),
    )


def on(day: int) -> TimeSpan:
    return TimeSpan.on_day(date(2025, 3, day), UTC)


# --------------------------------------------------------------------------- keys


def test_proposition_key_ignores_value_for_control() -> None:
    assert proposition_key(control("a", "RU", C.CAPTURED)) == proposition_key(control("b", "UA", C.HOLDS))


def test_proposition_key_differs_by_place() -> None:
    assert proposition_key(control("a", "RU", C.CAPTURED)) != proposition_key(
        control("b", "RU", C.CAPTURED, place="v2")
    )


def test_proposition_key_keeps_party_for_quantities() -> None:
    a = strength("a", Estimate.at_most(30_000))
    b = Claim(
        id="b",
        source_id="s",
        reported_at=at(9),
        statement=Statement(predicate=Predicate.STRENGTH, party="RU", quantity=Estimate.at_most(30_000)),
    )
    assert proposition_key(a) != proposition_key(b)


def test_situation_descriptions_are_separate_propositions() -> None:
    def sit(desc: str) -> Statement:
        return Statement(predicate=Predicate.SITUATION, location_ids=("k",), description=desc)

    assert proposition_key(sit("calm")) != proposition_key(sit("tense"))


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("change", "negated", "counterparty", "expected"),
    [
        (C.CAPTURED, False, None, ("ctrl", "RU")),
        (C.RECAPTURED, False, "UA", ("ctrl", "RU")),
        (C.HOLDS, True, None, ("not", "RU")),
        (C.LOST, False, "UA", ("ctrl", "UA")),
        (C.LOST, False, None, ("not", "RU")),
        (C.LOST, True, None, ("ctrl", "RU")),
        (C.CONTESTED, False, None, ("contested", "RU")),
        (C.CONTESTED, True, None, ("calm", "RU")),
    ],
)
def test_control_value(change: ControlChange, negated: bool, counterparty: str | None, expected: tuple) -> None:
    claim = control("a", "RU", change, counterparty=counterparty, negated=negated)
    assert control_value(claim.statement) == expected


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (("ctrl", "RU"), ("ctrl", "RU"), True),
        (("ctrl", "RU"), ("ctrl", "UA"), False),
        (("ctrl", "RU"), ("not", "RU"), False),
        (("ctrl", "RU"), ("not", "UA"), True),
        (("not", "RU"), ("not", "UA"), True),
        (("contested", "RU"), ("ctrl", "RU"), False),
        (("contested", "RU"), ("contested", "UA"), True),
        (("calm", "RU"), ("contested", "RU"), False),
        (("calm", "RU"), ("ctrl", "UA"), True),
    ],
)
def test_control_compatible_is_symmetric(a: tuple, b: tuple, ok: bool) -> None:
    assert control_compatible(a, b) is ok
    assert control_compatible(b, a) is ok


def test_favours_and_interest() -> None:
    gain = control("a", "RU", C.CAPTURED, counterparty="UA").statement
    assert favours(gain) == ("RU", "UA")
    assert interest("RU", gain) == "self-serving"
    assert interest("UA", gain) == "admission"
    assert interest(None, gain) is None
    loss = control("b", "UA", C.LOST).statement
    assert interest("UA", loss) == "admission"
    assert interest("RU", loss) == "self-serving"
    casualties = Statement(predicate=Predicate.CASUALTIES, party="RU", quantity=Estimate.at_least(100))
    assert interest("UA", casualties) == "self-serving"
    assert interest("RU", casualties) == "admission"
    presence = Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("k",), unit_ids=("u",))
    assert interest("RU", presence) == "self-serving"  # no side can be read: a party's account is interested
    assert interest(None, presence) is None


def test_time_bounds_open_start_is_its_end() -> None:
    end = at(10)
    c = control("a", "RU", C.CAPTURED, when=TimeSpan(end=end))
    assert time_bounds(c) == (end.timestamp(), end.timestamp())


def test_times_overlap_half_open_days() -> None:
    d9, d10 = on(9), on(10)
    a = (d9.start.timestamp(), d9.end.timestamp())  # type: ignore[union-attr]
    b = (d10.start.timestamp(), d10.end.timestamp())  # type: ignore[union-attr]
    assert not times_overlap(a, b)
    assert times_overlap(a, a)


# --------------------------------------------------------------------------- estimates


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (Estimate.at_most(30_000), Estimate.between(10_000, 12_000), True),
        (Estimate.at_most(30_000), Estimate.at_least(50_000), False),
        (Estimate.at_least(100), Estimate.at_least(5_000), True),
        (Estimate.about(500), Estimate.exactly(520), True),
        (Estimate.exactly(500), Estimate.exactly(520), False),
        (Estimate.at_most(10, unit="troops"), Estimate.at_most(10, unit="tanks"), False),
        (Estimate.dozens(), Estimate.exactly(50), True),
        (Estimate.dozens(), Estimate.at_least(100), False),
    ],
)
def test_estimates_compatible(a: Estimate, b: Estimate, ok: bool) -> None:
    assert estimates_compatible(a, b, 0.1) is ok
    assert estimates_compatible(b, a, 0.1) is ok


# --------------------------------------------------------------------------- relate


def test_same_value_same_time_corroborates() -> None:
    assert relate(control("a", "RU", C.CAPTURED), control("b", "RU", C.HOLDS)) is Relation.CORROBORATES


def test_same_value_unknown_times_corroborate() -> None:
    assert relate(attack("a", day=1), attack("b", day=3)) is Relation.CORROBORATES


def test_opposite_control_same_time_contradicts() -> None:
    assert relate(control("a", "RU", C.CAPTURED), control("b", "UA", C.HOLDS)) is Relation.CONTRADICTS


def test_overlapping_when_contradicts_even_if_reported_apart() -> None:
    a = control("a", "RU", C.CAPTURED, day=1, when=on(1))
    b = control("b", "UA", C.HOLDS, day=4, when=TimeSpan(start=at(1), end=at(3)))
    assert relate(b, a) is Relation.CONTRADICTS


def test_capture_then_recapture_is_a_sequence() -> None:
    first = control("a", "RU", C.CAPTURED, day=1)
    second = control("b", "UA", C.RECAPTURED, day=5)
    assert relate(second, first) is Relation.SUPERSEDES
    assert relate(first, second) is None


def test_later_denial_by_other_source_contradicts() -> None:
    first = control("a", "RU", C.CAPTURED, day=1)
    denial = control("b", "RU", C.CAPTURED, day=2, negated=True)
    assert relate(denial, first) is Relation.CONTRADICTS


def test_later_denial_by_same_source_retracts() -> None:
    first = control("a", "RU", C.CAPTURED, day=1, source="ru-mod")
    denial = control("b", "RU", C.CAPTURED, day=2, negated=True, source="ru-mod")
    assert relate(denial, first) is Relation.RETRACTS
    assert relate(first, denial) is Relation.CONTRADICTS


def test_negated_statements_contradict() -> None:
    assert relate(attack("a"), attack("b", negated=True)) is Relation.CONTRADICTS


def test_narrower_time_refines() -> None:
    week = TimeSpan(start=at(1), end=at(8))  # both reported on day 9: an event is reported after it happens
    assert relate(attack("a", day=9, when=on(3)), attack("b", day=9, when=week)) is Relation.REFINES
    assert relate(attack("b", day=9, when=week), attack("a", day=9, when=on(3))) is Relation.CORROBORATES


def test_range_inside_bound_refines_and_bounds_conflict() -> None:
    isw = strength("isw", Estimate.at_most(30_000, unit="troops"))
    assert relate(strength("r", Estimate.between(10_000, 12_000, unit="troops")), isw) is Relation.REFINES
    assert relate(strength("x", Estimate.at_least(50_000, unit="troops")), isw) is Relation.CONTRADICTS
    assert relate(isw, isw) is Relation.CORROBORATES


def test_different_propositions_are_unrelated() -> None:
    assert relate(control("a", "RU", C.CAPTURED), control("b", "RU", C.CAPTURED, place="v2")) is None
    assert relate(attack("a"), control("b", "RU", C.CAPTURED)) is None


def test_smaller_place_refines_with_dossier() -> None:
    region = Location(id="region", name="Region", kind=LocationKind.REGION)
    village = Location(id="v1", name="Village", parent_id="region")
    a = control("a", "RU", C.CAPTURED, place="v1")
    b = control("b", "RU", C.HOLDS, place="region")
    d = Dossier(
        sources=(Source(id="s-a", name="A"), Source(id="s-b", name="B")),
        locations=(region, village),
        claims=(a, b),
    )
    assert relate(a, b, dossier=d) is Relation.REFINES
    assert relate(b, a, dossier=d) is None
    assert relate(a, b) is None


# --------------------------------------------------------------------------- laws


@st.composite
def nearby_claims(draw: st.DrawFn, id: str) -> Claim:
    kind = draw(st.sampled_from(["control", "strength", "attack"]))
    day = draw(st.integers(1, 4))
    when = draw(st.sampled_from([None, on(day), TimeSpan(start=at(1), end=at(5)), TimeSpan(end=at(day))]))
    source = draw(st.sampled_from(["s1", "s2"]))
    negated = draw(st.booleans())
    if kind == "control":
        return control(
            id, draw(st.sampled_from(["RU", "UA"])), draw(st.sampled_from(ControlChange)), day=day, source=source,
            negated=negated, when=when, counterparty=draw(st.sampled_from([None, "KP"])),
        )  # fmt: skip
    if kind == "strength":
        lo = draw(st.integers(0, 5)) * 10
        q = draw(st.sampled_from([Estimate.at_most(lo + 10), Estimate.at_least(lo), Estimate.between(lo, lo + 15)]))
        return strength(id, q, source=source, negated=negated)
    return attack(id, day=day, source=source, negated=negated, when=when)


@settings(max_examples=examples(500))
@given(nearby_claims("a"), nearby_claims("b"))
def test_relate_laws(a: Claim, b: Claim) -> None:
    assert relate(a, a) is Relation.CORROBORATES
    ab, ba = relate(a, b), relate(b, a)
    if proposition_key(a) != proposition_key(b):
        assert ab is None
        assert ba is None
    if ab is Relation.CONTRADICTS:
        assert ba in (Relation.CONTRADICTS, Relation.RETRACTS)
    if ab is Relation.SUPERSEDES:
        assert ba is None
    if ab is Relation.CORROBORATES:
        assert ba in (Relation.CORROBORATES, Relation.REFINES)
    if ab is Relation.REFINES:
        assert ba is Relation.CORROBORATES
    if ab is Relation.RETRACTS:
        assert ba is Relation.CONTRADICTS
