"""Events (#15): the ACLED/UCDP vocabularies, the Event model, and one assessment per event."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Actor,
    ActorType,
    Assessment,
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
    Point,
    Policy,
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
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import to_acled, to_geojson
from conflictmodels.policy import RULE_CODES
from conflictmodels.relations import event_actors, event_day
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


# --------------------------------------------------------------------------- review of #15: day, actors, sides, bounds

_SUDZHA = Location(id="sudzha", name="Sudzha")
_MORE_SOURCES = (
    *_SOURCES,
    Source(id="reuters", name="Reuters", reliability=Reliability.B),
    Source(id="afp", name="AFP", reliability=Reliability.A),
    Source(id="ru-mod", name="Russian Ministry of Defence", party="RU", reliability=Reliability.C),
)
_RU = Actor(name="Military Forces of Russia (2000-)", party="RU", actor_type=ActorType.STATE_FORCES)
_UA = Actor(name="Military Forces of Ukraine (2019-)", party="UA", actor_type=ActorType.STATE_FORCES)
_CIVILIANS = Actor(name="Civilians (Ukraine)", actor_type=ActorType.CIVILIANS)


def _battle(
    cid: str,
    source: str,
    first: Actor = _RU,
    second: Actor = _UA,
    deaths: dict[FatalityGroup, Estimate] | None = None,
    *,
    when: TimeSpan | None = None,
    total: Estimate | None = None,
    kind: EventType = EventType.BATTLES,
) -> Claim:
    event = Event(
        event_type=kind,
        actors=(attrs.evolve(first, side=EventSide.A), attrs.evolve(second, side=EventSide.B)),
        fatalities=tuple(Fatalities(group=g, count=n) for g, n in (deaths or {}).items()),
        deaths_total=total,
    )
    return Claim(
        id=cid,
        source_id=source,
        reported_at=_at(9),
        when=TimeSpan.on_day(date(2025, 3, 8), UTC) if when is None else when,
        statement=Statement(predicate=Predicate.EVENT, location_ids=("sudzha",), event=event),
    )


def _events_of(*claims: Claim) -> list[Assessment]:
    d = Dossier(sources=_MORE_SOURCES, locations=(_SUDZHA,), claims=claims)
    return [a for a in reconcile(d).assessments if a.statement.predicate is Predicate.EVENT]


def test_a_report_coded_for_the_day_and_one_with_a_time_that_day_are_one_event() -> None:
    """ACLED codes the whole of 8 March (00:00 to 00:00 the next day); AFP gives 14:00."""
    acled = _battle("acled-1", "acled")
    afp = _battle("afp-1", "afp", when=TimeSpan.instant(_at(8, 14)))
    assert event_day(acled) == event_day(afp) == "2025-03-08"
    (a,) = _events_of(acled, afp)
    assert a.supporting == ("acled-1", "afp-1")
    assert " on 8 March 2025: one event" in a.rationale[0]
    assert "9 March" not in a.rationale[0]


def test_the_kursk_event_reads_as_the_report_dates_it_and_as_acled_writes_it() -> None:
    """Announced on Sunday 9 March: "by Sunday" is by 9 March, in the rationale and in ACLED's event_date."""
    kursk = kursk_dossier()
    a = next(a for a in reconcile(kursk).assessments if "kursk-event-kositsa" in a.supporting)
    assert " by 9 March 2025: " in a.rationale[0]
    row = next(csv.DictReader(io.StringIO(to_acled(kursk))))
    assert row["event_date"] == "2025-03-09"


def test_different_actor_pairs_on_one_day_at_one_place_are_different_events() -> None:
    """ACLED: the same day and place, shelling civilians and shelling soldiers, are two events."""
    kind = EventType.EXPLOSIONS_REMOTE_VIOLENCE
    on_civilians = _battle("acled-1", "acled", _RU, _CIVILIANS, kind=kind)
    on_soldiers = _battle("acled-2", "acled", _RU, _UA, kind=kind)
    russian_forces = _battle("isw-1", "isw", attrs.evolve(_RU, name="Russian forces"), _UA, kind=kind)
    made = _events_of(on_civilians, on_soldiers, russian_forces)
    assert sorted(a.supporting for a in made) == [("acled-1",), ("acled-2", "isw-1")]  # one actor: one party
    assert event_actors(on_civilians.statement) == ("civilians (ukraine)", "party RU")


def test_a_report_naming_no_actors_is_not_joined_with_one_naming_them() -> None:
    named = _battle("acled-1", "acled")
    unnamed = attrs.evolve(
        named,
        id="isw-1",
        source_id="isw",
        statement=attrs.evolve(named.statement, event=Event(event_type=EventType.BATTLES)),
    )
    assert len(_events_of(named, unnamed)) == 2


def test_sides_listed_the_other_way_round_are_compared_by_who_died() -> None:
    isw = _battle(
        "isw-e", "isw", _RU, _UA, {FatalityGroup.SIDE_A: Estimate(best=10), FatalityGroup.SIDE_B: Estimate(best=3)}
    )
    reuters = _battle(
        "reu-e", "reuters", _UA, _RU, {FatalityGroup.SIDE_A: Estimate(best=3), FatalityGroup.SIDE_B: Estimate(best=10)}
    )
    (a,) = _events_of(isw, reuters)
    event = a.statement.event
    assert event is not None
    assert [x.party for x in event.actors_on(EventSide.A)] == ["RU"]
    assert event.fatalities_of(FatalityGroup.SIDE_A) == Estimate(best=10)
    assert event.fatalities_of(FatalityGroup.SIDE_B) == Estimate(best=3)
    said = "\n".join(a.rationale)
    assert "[event-sides] Reuters lists the sides the other way round (reu-e)" in said
    assert "conflict" not in said


def test_a_partys_count_of_its_own_dead_is_a_lower_bound_and_of_its_adversarys_an_upper_bound() -> None:
    """The Russian MoD says 2 Russians and 60 Ukrainians died; the Ukrainian General Staff says 100 and 1."""
    mod = _battle(
        "mod-e", "ru-mod", deaths={FatalityGroup.SIDE_A: Estimate(best=2), FatalityGroup.SIDE_B: Estimate(best=60)}
    )
    gs = _battle(
        "gs-e", "ua-gs", deaths={FatalityGroup.SIDE_A: Estimate(best=100), FatalityGroup.SIDE_B: Estimate(best=1)}
    )
    (a,) = _events_of(mod, gs)
    event = a.statement.event
    assert event is not None
    assert event.fatalities_of(FatalityGroup.SIDE_A) == Estimate(low=2, high=100)
    assert event.fatalities_of(FatalityGroup.SIDE_B) == Estimate(low=1, high=60)
    said = "\n".join(a.rationale)
    assert "[own-loss-bound] Russian Ministry of Defence (RU) gives its own side's deaths in this event as 2" in said
    assert "[enemy-loss-bound] General Staff of the Armed Forces of Ukraine (UA) gives its adversary's deaths" in said
    assert "spans them all" not in said  # read as bounds, the counts hold together
    neutral = reconcile(
        Dossier(sources=_MORE_SOURCES, locations=(_SUDZHA,), claims=(mod, gs)),
        policy=Policy(own_loss_as_lower_bound=False, enemy_loss_as_upper_bound=False),
    )
    (b,) = neutral.assessments
    assert b.statement.event is not None
    assert b.statement.event.fatalities_of(FatalityGroup.SIDE_A) == Estimate(low=2, high=100)  # a hull, not bounds
    assert not any("loss-bound" in r for r in b.rationale)


def test_a_count_that_holds_with_the_agreed_count_is_never_rejected() -> None:
    """ "3 to 5 (best 4)", "5" and "4": none is rejected as outside 3 to 5."""
    made = _events_of(
        _battle("isw-e", "isw", deaths={FatalityGroup.SIDE_B: Estimate.between(3, 5, best=4)}),
        _battle("reu-e", "reuters", deaths={FatalityGroup.SIDE_B: Estimate(best=4)}),
        _battle("afp-e", "afp", deaths={FatalityGroup.SIDE_B: Estimate(best=5)}),
    )
    (a,) = made
    (said,) = [r for r in a.rationale if r.startswith("[event-fatalities]")]
    assert said.endswith("the figures agree on 3 to 5 (best 4)"), said
    assert "cannot hold" not in said


def test_a_count_that_cannot_hold_is_named_with_the_count_it_cannot_hold_with() -> None:
    made = _events_of(
        _battle("isw-e", "isw", deaths={FatalityGroup.SIDE_A: Estimate(best=12)}),
        _battle("afp-e", "afp", deaths={FatalityGroup.SIDE_A: Estimate.between(10, 15)}),
        _battle("reu-e", "reuters", deaths={FatalityGroup.SIDE_A: Estimate(best=40)}),
    )
    (said,) = [r for r in made[0].rationale if r.startswith("[event-fatalities]")]
    assert said.endswith(
        "the figure of Reuters 40 (reu-e) cannot hold with 10 to 15 (best 12), which the others agree on"
    )


def test_the_deaths_in_all_cover_the_reconciled_groups() -> None:
    """ISW: 2 dead on side A, 2 in all; Reuters: 2 and 9 by side, no total. The total is raised to 11."""
    isw = _battle("a-isw", "isw", deaths={FatalityGroup.SIDE_A: Estimate(best=2)}, total=Estimate(best=2))
    reuters = _battle(
        "b-reu", "reuters", deaths={FatalityGroup.SIDE_A: Estimate(best=2), FatalityGroup.SIDE_B: Estimate(best=9)}
    )
    (a,) = _events_of(isw, reuters)
    assert a.statement.event is not None
    assert a.statement.event.deaths_total == Estimate(best=11)
    (said,) = [r for r in a.rationale if r.startswith("[event-total]")]
    assert said == (
        "[event-total] deaths in all: Institute for the Study of War 2 (a-isw); the source gives 2; raised to 11 to "
        "cover the deaths of its groups (side A 2, side B 9)"
    )
    (alone,) = _events_of(reuters)
    assert alone.statement.event is not None
    assert alone.statement.event.deaths_total is None  # no report gives one: none is invented


@settings(max_examples=40, deadline=None)
@given(st.lists(events(), min_size=1, max_size=4))
def test_reconciling_any_reports_of_one_event_never_fails_and_keeps_the_deaths_rules(drawn: list[Event]) -> None:
    same = [attrs.evolve(e, event_type=drawn[0].event_type, sub_event_type=None, actors=()) for e in drawn]
    claims = tuple(
        Claim(
            id=f"c{i}",
            source_id=_MORE_SOURCES[i % len(_MORE_SOURCES)].id,
            reported_at=_at(9),
            when=TimeSpan.on_day(date(2025, 3, 8), UTC),
            statement=Statement(predicate=Predicate.EVENT, location_ids=("sudzha",), event=e),
        )
        for i, e in enumerate(same)
    )
    (a,) = _events_of(*claims)
    event = a.statement.event
    assert event is not None
    assert loads(dumps(event), Event) == event  # every rule of the model holds (the loader checks them)
    if any(e.deaths_total is not None for e in same):
        assert event.deaths_total is not None


def test_event_features_on_a_map_say_what_happened() -> None:
    claim = _battle(
        "isw-e", "isw", deaths={FatalityGroup.SIDE_A: Estimate(best=3), FatalityGroup.CIVILIANS: Estimate.at_least(2)}
    )
    located = attrs.evolve(_SUDZHA, point=Point(lat=51.19, lon=35.27))
    d = reconcile(Dossier(sources=_MORE_SOURCES, locations=(located,), claims=(claim,)))
    features = {f["id"]: f["properties"] for f in to_geojson(d)["features"]}
    for props in (features["claim:isw-e"], features[f"assessment:{d.assessments[0].id}"]):
        assert props["event_type"] == "Battles"
        assert props["actors"] == [_RU.name, _UA.name]
        assert (props["side_a"], props["side_b"]) == ([_RU.name], [_UA.name])
        assert (props["fatalities"], props["deaths_a"], props["deaths_civilians"], props["deaths_b"]) == (5, 3, 2, None)
    assert features["location:sudzha"].get("event_type") is None


def test_new_event_and_commander_rule_codes_are_registered_in_order() -> None:
    codes = list(RULE_CODES)
    at = codes.index("event")
    assert codes[at : at + 7] == [
        "event", "event-details", "event-fatalities", "event-sides", "event-total", "commander-period",
        "commander-handover",
    ]  # fmt: skip
