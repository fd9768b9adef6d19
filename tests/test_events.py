"""Events (#15): the ACLED/UCDP vocabularies, the Event model, and one assessment per event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings

from conflictmodels import (
    Actor,
    ActorType,
    Claim,
    Dossier,
    Estimate,
    Event,
    EventClarity,
    EventSide,
    EventType,
    Fatalities,
    FatalityGroup,
    FieldError,
    Location,
    Predicate,
    Reliability,
    Source,
    Statement,
    SubEventType,
    TimeSpan,
    dumps,
    loads,
    proposition_key,
    reconcile,
)
from conflictmodels.events import ACLED_LABELS, SUB_EVENT_TYPES
from conflictmodels.policy import RULE_CODES
from conflictmodels.strategies import events, fatalities


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


# --------------------------------------------------------------------------- vocabularies


def test_the_codebook_lists_six_event_types_and_25_sub_event_types() -> None:
    assert len(EventType) == 6
    assert len(SubEventType) == 25
    assert set(SUB_EVENT_TYPES) == set(SubEventType)
    assert [s.label for s in EventType.BATTLES.sub_event_types] == [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ]
    assert len(EventType.STRATEGIC_DEVELOPMENTS.sub_event_types) == 8
    assert EventType.EXPLOSIONS_REMOTE_VIOLENCE.label == "Explosions/Remote violence"


@pytest.mark.parametrize("member", [*EventType, *SubEventType], ids=lambda m: m.value)
def test_every_label_reads_back_to_its_member(member: EventType | SubEventType) -> None:
    assert type(member).from_label(member.label) is member
    assert type(member).from_label(f"  {member.label.upper()} ") is member
    assert ACLED_LABELS[member] == member.label


def test_an_unknown_label_is_refused_with_its_column() -> None:
    with pytest.raises(FieldError, match="sub_event_type: is not an ACLED label"):
        SubEventType.from_label("Drone strike")


def test_inter_codes_go_both_ways() -> None:
    assert [a.inter for a in ActorType] == list(range(1, 9))
    for a in ActorType:
        assert ActorType.from_inter(a.inter) is a
    for bad in (0, 9, True, 1.0):
        with pytest.raises(FieldError, match="inter code"):
            ActorType.from_inter(bad)  # type: ignore[arg-type]
    assert EventClarity.from_ucdp(2) is EventClarity.LOW
    assert FatalityGroup.SIDE_A.ucdp_column == "deaths_a"


# --------------------------------------------------------------------------- models


def test_a_sub_event_type_of_another_type_is_refused() -> None:
    with pytest.raises(FieldError, match=r"Event\.sub_event_type: must belong to event_type"):
        Event(event_type=EventType.PROTESTS, sub_event_type=SubEventType.ARMED_CLASH)


def test_one_fatality_group_is_counted_once() -> None:
    twice = (
        Fatalities(group=FatalityGroup.CIVILIANS, count=Estimate.exactly(2)),
        Fatalities(group=FatalityGroup.CIVILIANS, count=Estimate.exactly(3)),
    )
    with pytest.raises(FieldError, match=r"Event\.fatalities: must name each group"):
        Event(event_type=EventType.BATTLES, fatalities=twice)


@pytest.mark.parametrize(
    "count",
    [Estimate.about(2.5), Estimate.between(1, 3.5), Estimate.exactly(4, unit="troops")],
    ids=["half-a-death", "fractional-bound", "not-deaths"],
)
def test_fatalities_are_whole_deaths(count: Estimate) -> None:
    with pytest.raises(FieldError, match=r"Fatalities\.count"):
        Fatalities(group=FatalityGroup.SIDE_B, count=count)


def test_an_event_statement_needs_its_event_and_one_place() -> None:
    event = Event(event_type=EventType.BATTLES)
    with pytest.raises(FieldError, match="event: is required for event statements"):
        Statement(predicate=Predicate.EVENT, location_ids=("sumy",))
    with pytest.raises(FieldError, match="event statements name exactly one location"):
        Statement(predicate=Predicate.EVENT, location_ids=("sumy", "kursk"), event=event)
    with pytest.raises(FieldError, match="only allowed there"):
        Statement(predicate=Predicate.ATTACK, party="RU", location_ids=("sumy",), event=event)


@settings(max_examples=60)
@given(events())
def test_events_round_trip_and_keep_their_rules(event: Event) -> None:
    assert loads(dumps(event), Event) == event
    assert event.sub_event_type is None or event.sub_event_type.event_type is event.event_type
    assert len({f.group for f in event.fatalities}) == len(event.fatalities)


@settings(max_examples=60)
@given(fatalities())
def test_fatalities_round_trip(f: Fatalities) -> None:
    assert loads(dumps(f), Fatalities) == f
    assert event_of(f).fatalities_of(f.group) == f.count


def event_of(f: Fatalities) -> Event:
    return Event(event_type=EventType.BATTLES, fatalities=(f,))


def test_actors_by_side() -> None:
    ru = Actor(name="Military Forces of Russia", party="RU", actor_type=ActorType.STATE_FORCES, side=EventSide.A)
    ua = Actor(name="Military Forces of Ukraine", party="UA", actor_type=ActorType.STATE_FORCES, side=EventSide.B)
    e = Event(event_type=EventType.BATTLES, actors=(ru, ua))
    assert e.actors_on(EventSide.B) == (ua,)
    assert e.fatalities_of(FatalityGroup.UNKNOWN) is None


# --------------------------------------------------------------------------- reconcile

_SOURCES = (
    Source(id="isw", name="Institute for the Study of War", reliability=Reliability.B),
    Source(id="acled", name="ACLED", reliability=Reliability.B),
    Source(id="ua-gs", name="General Staff of the Armed Forces of Ukraine", party="UA", reliability=Reliability.C),
)
_SUMY = Location(id="sumy", name="Sumy")


def _strike(cid: str, source: str, civilians: Estimate, *, day: int = 8, hour: int = 10) -> Claim:
    event = Event(
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type=SubEventType.AIR_DRONE_STRIKE,
        civilian_targeting=True,
        fatalities=(Fatalities(group=FatalityGroup.CIVILIANS, count=civilians),),
    )
    return Claim(
        id=cid,
        source_id=source,
        reported_at=_at(day + 1),
        when=TimeSpan(start=_at(day, hour), end=_at(day, hour)),
        statement=Statement(predicate=Predicate.EVENT, location_ids=("sumy",), event=event),
    )


def _casualties(cid: str, figure: int) -> Claim:
    return Claim(
        id=cid,
        source_id="ua-gs",
        reported_at=_at(10),
        statement=Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.about(figure)),
    )


def _event_assessments(d: Dossier) -> list[object]:
    return [a for a in reconcile(d).assessments if a.statement.predicate is Predicate.EVENT]


def test_two_reports_of_one_strike_are_one_event_with_agreed_deaths() -> None:
    d = Dossier(
        sources=_SOURCES,
        locations=(_SUMY,),
        claims=(_strike("isw-1", "isw", Estimate.at_least(3)), _strike("acled-1", "acled", Estimate.exactly(5))),
    )
    (a,) = reconcile(d).assessments
    assert a.supporting == ("acled-1", "isw-1")
    assert a.status.value == "corroborated"
    assert a.statement.event is not None
    assert a.statement.event.fatalities_of(FatalityGroup.CIVILIANS) == Estimate(low=5, best=5, high=5)
    said = "\n".join(a.rationale)
    assert (
        "[event] ACLED and Institute for the Study of War report an event coded 'Air/drone strike' at Sumy on 8 March 2025"
        in said
    )
    assert "[event-fatalities] deaths of civilians" in said
    assert "sumy" not in said  # places by name


def test_conflicting_death_counts_of_equal_weight_span_them_all() -> None:
    d = Dossier(
        sources=_SOURCES,
        locations=(_SUMY,),
        claims=(_strike("isw-1", "isw", Estimate.exactly(3)), _strike("acled-1", "acled", Estimate.exactly(40))),
    )
    (a,) = reconcile(d).assessments
    assert a.statement.event is not None
    count = a.statement.event.fatalities_of(FatalityGroup.CIVILIANS)
    assert count is not None
    assert (count.low, count.high) == (3, 40)
    assert any("spans them all" in r for r in a.rationale)


def test_different_days_are_different_events() -> None:
    d = Dossier(
        sources=_SOURCES,
        locations=(_SUMY,),
        claims=(_strike("isw-1", "isw", Estimate.exactly(3)), _strike("isw-2", "isw", Estimate.exactly(3), day=9)),
    )
    assert len(reconcile(d).assessments) == 2
    assert proposition_key(d.claims[0]) != proposition_key(d.claims[1])
    assert proposition_key(d.claims[0])[4] == "2025-03-08"


def test_event_deaths_and_a_running_total_are_never_added_or_confused() -> None:
    """A party's running total of casualties is a series of its own; an event's deaths
    are the event's. Neither is read as the other."""
    strike = _strike("isw-1", "isw", Estimate.exactly(7))
    alone = Dossier(sources=_SOURCES, locations=(_SUMY,), claims=(_casualties("gs-1", 100), _casualties("gs-2", 120)))
    both = Dossier(
        sources=_SOURCES, locations=(_SUMY,), claims=(strike, _casualties("gs-1", 100), _casualties("gs-2", 120))
    )
    totals_alone = list(reconcile(alone).assessments)
    totals_both = [a for a in reconcile(both).assessments if a.statement.predicate is Predicate.CASUALTIES]
    assert [(a.statement.quantity, a.supporting) for a in totals_alone] == [
        (a.statement.quantity, a.supporting) for a in totals_both
    ]
    (event,) = _event_assessments(both)
    assert event.supporting == ("isw-1",)  # type: ignore[attr-defined]
    assert event.statement.event.fatalities_of(FatalityGroup.CIVILIANS) == Estimate.exactly(7)  # type: ignore[attr-defined]
    assert all("isw-1" not in a.supporting for a in totals_both)


def test_a_denial_of_the_event_counts_against_it() -> None:
    denial = _strike("gs-1", "ua-gs", Estimate.exactly(0))
    denial = Claim(
        id="gs-1",
        source_id="ua-gs",
        reported_at=denial.reported_at,
        when=denial.when,
        statement=Statement(
            predicate=Predicate.EVENT, location_ids=("sumy",), event=denial.statement.event, negated=True
        ),
    )
    d = Dossier(sources=_SOURCES, locations=(_SUMY,), claims=(_strike("isw-1", "isw", Estimate.exactly(3)), denial))
    (a,) = reconcile(d).assessments
    assert a.contradicting == ("gs-1",)


def test_event_rule_codes_are_registered() -> None:
    for code in ("event", "event-details", "event-fatalities", "commander-period"):
        assert code in RULE_CODES


def test_reconciling_events_does_not_depend_on_claim_order() -> None:
    claims = (
        _strike("isw-1", "isw", Estimate.at_least(3)),
        _strike("acled-1", "acled", Estimate.between(4, 9)),
        _strike("gs-1", "ua-gs", Estimate.exactly(30)),
    )
    a = reconcile(Dossier(sources=_SOURCES, locations=(_SUMY,), claims=claims))
    b = reconcile(Dossier(sources=_SOURCES, locations=(_SUMY,), claims=claims[::-1]))
    assert dumps(a) == dumps(b)
