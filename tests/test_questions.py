"""Questions a map desk asks: who held a place at a time, the picture, and what changed.

The unit tests build assessments by hand, so they test the questions, not the engine;
the end-to-end ones ask them of the bundled contested week as reconcile judges it.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    Confidence,
    ControlAnswer,
    ControlChange,
    Diff,
    Dossier,
    FieldError,
    FieldTypeError,
    GeoPrecision,
    Likelihood,
    Location,
    LocationKind,
    Picture,
    Point,
    Predicate,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    Withdrawal,
    WithdrawalAction,
    control_at,
    diff,
    picture,
    reconcile,
)
from conflictmodels.examples import contested_week
from conflictmodels.export import picture_geojson

S = AssessmentStatus
CLAIMED = AssessmentStatus("claimed")
MSK = timezone(timedelta(hours=3))
T0 = datetime(2025, 3, 16, tzinfo=UTC)


def day(d: int, month: int = 3, year: int = 2025) -> datetime:
    return datetime(year, month, d, tzinfo=MSK)


# --------------------------------------------------------------------------- a hand-made dossier

SOURCES = (
    Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK),
    Source(id="ru-mod", name="Ministry of Defence of the Russian Federation", kind=SourceKind.STATE_MILITARY,
           party="RU"),
    Source(id="blogger", name="Frontline Z", kind=SourceKind.BLOGGER),
)  # fmt: skip
LOCATIONS = (
    Location(id="sudzha", name="Sudzha", aliases=("Sudja", "Суджа"), kind=LocationKind.SETTLEMENT, country="RU",
             point=Point(lat=51.19, lon=35.27, precision=GeoPrecision.EXACT)),
    Location(id="novenke-ua", name="Novenke", kind=LocationKind.SETTLEMENT, country="UA", region="UA-59",
             point=Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT)),
    Location(id="novenke-ru", name="Novenke", aliases=("Novenkoye",), kind=LocationKind.SETTLEMENT, country="RU",
             region="RU-KRS"),
    Location(id="ambar", name="Ambar", kind=LocationKind.SETTLEMENT, country="RU"),
)  # fmt: skip
CLAIM_IDS = ("c-isw-aug", "c-isw-mar", "c-mod-mar", "c-blog-mar", "c-press-aug", "c-mod-aug")


def claim(cid: str, party: str = "RU", place: str = "sudzha", **kw: Any) -> Claim:
    source = {"isw": "isw", "mod": "ru-mod", "blo": "blogger", "pre": "isw"}[cid.split("-")[1][:3]]
    return Claim(id=cid, source_id=source, reported_at=datetime(2025, 3, 1, tzinfo=UTC),
                 statement=Statement(predicate=Predicate.CONTROL, party=party, change=ControlChange.CAPTURED,
                                     location_ids=(place,)), **kw)  # fmt: skip


CLAIMS = tuple(claim(c) for c in CLAIM_IDS)


def control(
    aid: str,
    party: str | None,
    status: AssessmentStatus,
    start: datetime | None,
    end: datetime | None = None,
    *,
    place: str = "sudzha",
    supporting: tuple[str, ...] = (),
    contradicting: tuple[str, ...] = (),
    contested_with: str | None = None,
    likelihood: Likelihood | None = Likelihood.LIKELY,
    confidence: Confidence | None = Confidence.MODERATE,
    change: ControlChange = ControlChange.HOLDS,
) -> Assessment:
    if contested_with is not None:
        st_ = Statement(predicate=Predicate.CONTROL, party=party, counterparty=contested_with,
                        change=ControlChange.CONTESTED, location_ids=(place,))  # fmt: skip
    else:
        st_ = Statement(predicate=Predicate.CONTROL, party=party, change=change, location_ids=(place,))
    valid = None if start is None and end is None else TimeSpan(start=start, end=end)
    return Assessment(id=aid, statement=st_, status=status, likelihood=likelihood, confidence=confidence,
                      supporting=supporting, contradicting=contradicting,
                      independent_origins=min(len(supporting), 1), valid=valid, assessed_at=T0,
                      assessed_by="conflictmodels test")  # fmt: skip


def dossier(*assessments: Assessment, claims: tuple[Claim, ...] = CLAIMS) -> Dossier:
    return Dossier(sources=SOURCES, locations=LOCATIONS, claims=claims, assessments=assessments)


UA_THEN = control("a-ua", "UA", S.SUPERSEDED, day(15, 8, 2024), day(12), supporting=("c-isw-aug", "c-press-aug"))
RU_NOW = control("a-ru", "RU", S.CORROBORATED, day(12), supporting=("c-isw-mar", "c-mod-mar"))
RU_CLAIMED = control("a-claim", "RU", CLAIMED, day(8), day(9), supporting=("c-blog-mar",), change=ControlChange.CAPTURED,
                     likelihood=Likelihood.ROUGHLY_EVEN_CHANCE, confidence=Confidence.LOW)  # fmt: skip
HISTORY = dossier(UA_THEN, RU_NOW, RU_CLAIMED)


# --------------------------------------------------------------------------- control_at


def test_a_past_time_is_answered_by_the_superseded_state_of_that_time() -> None:
    a = control_at(HISTORY, "sudzha", day(1))
    assert (a.holder, a.state, a.status) == ("UA", UA_THEN, S.SUPERSEDED)
    assert (a.since, a.until) == (day(15, 8, 2024), day(12))
    assert a.describe() == (
        "On 1 March 2025 Sudzha was held by UA (superseded, likely, moderate confidence), "
        "from 15 August 2024 until 12 March 2025."
    )


def test_the_current_state_answers_from_its_start_on() -> None:
    a = control_at(HISTORY, "Sudzha", day(14))
    assert (a.holder, a.state, a.until) == ("RU", RU_NOW, None)
    assert (a.likelihood, a.confidence, a.contested, a.pending) == (Likelihood.LIKELY, Confidence.MODERATE, False, ())
    assert a.describe() == (
        "On 14 March 2025 Sudzha was held by RU (corroborated, likely, moderate confidence), since 12 March 2025."
    )


def test_the_day_a_state_changes_belongs_to_the_new_state() -> None:
    assert control_at(HISTORY, "sudzha", day(12)).holder == "RU"
    assert control_at(HISTORY, "sudzha", day(12) - timedelta(microseconds=1)).holder == "UA"


def test_a_claimed_change_is_never_the_holder_but_is_listed_while_open() -> None:
    a = control_at(HISTORY, "sudzha", day(8, 3) + timedelta(hours=20))
    assert a.holder == "UA"  # the milblogger's claim of capture does not move the map
    assert a.pending == (RU_CLAIMED,)
    assert a.describe().endswith(
        "Claimed, not observed: RU captured Sudzha on 8 March 2025 (Frontline Z; claimed, roughly even chance, "
        "low confidence)."
    )
    assert control_at(HISTORY, "sudzha", day(10)).pending == ()  # the note closed on the 9th


def test_a_claim_that_the_holder_holds_it_is_not_a_pending_change() -> None:
    note = control("a-claim2", "RU", CLAIMED, day(13), supporting=("c-blog-mar",))
    assert control_at(dossier(UA_THEN, RU_NOW, note), "sudzha", day(14)).pending == ()


def test_only_claims_and_no_state() -> None:
    a = control_at(dossier(RU_CLAIMED), "sudzha", day(8, 3) + timedelta(hours=1))
    assert (a.holder, a.state, a.pending) == (None, None, (RU_CLAIMED,))
    assert a.describe().startswith("On 8 March 2025 there is no judgment on who held Sudzha.")


def test_before_the_first_state_there_is_no_judgment() -> None:
    a = control_at(HISTORY, "sudzha", day(1, 1, 2024))
    assert (a.holder, a.state) == (None, None)
    assert a.describe() == "On 1 January 2024 there is no judgment on who held Sudzha."


def test_a_contested_state_has_no_holder_and_names_both_sides() -> None:
    grey = control("a-grey", "RU", S.CONTESTED, day(12), contested_with="UA", supporting=("c-isw-mar",),
                   contradicting=("c-mod-mar",), likelihood=None, confidence=Confidence.LOW)  # fmt: skip
    a = control_at(dossier(UA_THEN, grey), "sudzha", day(13))
    assert (a.holder, a.contested, a.contenders) == (None, True, ("RU", "UA"))
    assert (
        a.describe()
        == "On 13 March 2025 Sudzha was contested between RU and UA (contested, low confidence), since 12 March 2025."
    )


def test_a_refuted_or_negative_state_names_no_holder() -> None:
    refuted = attrs.evolve(RU_NOW, status=S.REFUTED, likelihood=Likelihood.VERY_UNLIKELY)
    a = control_at(dossier(UA_THEN, refuted), "sudzha", day(14))
    assert (a.holder, a.contested, a.state, a.set_aside) == (None, False, None, (refuted,))
    assert a.describe() == (
        "On 14 March 2025 there is no judgment on who held Sudzha. Refuted: RU holds Sudzha "
        "(refuted, very unlikely, moderate confidence), since 12 March 2025."
    )
    lost = control("a-lost", "UA", S.CORROBORATED, day(12), change=ControlChange.LOST, supporting=("c-isw-mar",))
    a = control_at(dossier(UA_THEN, lost), "sudzha", day(14))
    assert a.holder is None
    assert "UA does not hold Sudzha" in a.describe()


def test_no_usable_information_or_a_refuted_change_is_no_judgment() -> None:
    """A state without a likelihood (no usable information) or a refuted one names no
    holder: the answer is 'no judgment', in control_at and the picture alike."""
    blank = control("a-blank", "RU", S.UNVERIFIED, day(12), supporting=("c-blog-mar",), likelihood=None,
                    confidence=None)  # fmt: skip
    d = dossier(blank)
    a = control_at(d, "sudzha", day(14))
    assert (a.holder, a.state, a.set_aside) == (None, None, (blank,))
    assert a.describe() == (
        "On 14 March 2025 there is no judgment on who held Sudzha. No usable information: RU holds Sudzha "
        "(unverified), since 12 March 2025."
    )
    (p,) = picture(d, day(14)).places
    assert p == a
    assert picture(d, day(14)).states == ()
    now = picture(d)
    assert (now.places[0].holder, now.places[0].state) == (None, None)
    assert now.describe().startswith("Now there is no judgment on who holds Sudzha. No usable information: ")
    refuted_change = control("a-ref", "RU", S.REFUTED, day(8), supporting=("c-blog-mar",),
                             change=ControlChange.CAPTURED, likelihood=Likelihood.VERY_UNLIKELY)  # fmt: skip
    r = control_at(dossier(refuted_change), "sudzha", day(9))
    assert (r.holder, r.state, r.set_aside) == (None, None, (refuted_change,))
    assert r.describe().startswith("On 9 March 2025 there is no judgment on who held Sudzha. Refuted: ")


def test_a_set_aside_judgment_does_not_hide_a_state() -> None:
    blank = control("a-blank", "RU", S.UNVERIFIED, day(13), supporting=("c-blog-mar",), likelihood=None)
    a = control_at(dossier(UA_THEN, RU_NOW, blank), "sudzha", day(14))
    assert (a.holder, a.state, a.set_aside) == ("RU", RU_NOW, ())


def test_overlapping_states_the_one_that_began_last_answers() -> None:
    analyst = attrs.evolve(RU_NOW, id="a-analyst", statement=attrs.evolve(RU_NOW.statement, party="UA"),
                           valid=TimeSpan(start=day(13)), assessed_by="analyst")  # fmt: skip
    d = dossier(UA_THEN, RU_NOW, analyst)
    assert control_at(d, "sudzha", day(12, 3) + timedelta(hours=12)).holder == "RU"
    assert control_at(d, "sudzha", day(14)).holder == "UA"


def test_a_state_with_no_span_holds_at_any_time() -> None:
    timeless = control("a-t", "RU", S.UNVERIFIED, None, supporting=("c-mod-mar",))
    a = control_at(dossier(timeless), "sudzha", day(1, 1, 2020))
    assert (a.holder, a.since) == ("RU", None)
    assert a.describe() == "On 1 January 2020 Sudzha was held by RU (unverified, likely, moderate confidence)."


def test_the_place_is_found_by_name_alias_script_and_transliteration() -> None:
    for name in ("sudzha", "Sudzha", "SUDZHA", "Sudja", "Суджа", "  sudzha "):
        assert control_at(HISTORY, name, day(14)).place.id == "sudzha", name
    assert control_at(HISTORY, "Novenkoye", day(14)).place.id == "novenke-ru"


def test_an_ambiguous_name_is_an_error_naming_the_candidates() -> None:
    with pytest.raises(FieldError, match="ambiguous") as err:
        control_at(HISTORY, "Novenke", day(14))
    assert "novenke-ua (Novenke, UA-59)" in str(err.value)
    assert "novenke-ru (Novenke, RU-KRS)" in str(err.value)
    assert err.value.field == "place"
    assert control_at(HISTORY, "novenke-ua", day(14)).state is None  # the id settles it


def test_an_unknown_place_is_an_error() -> None:
    with pytest.raises(FieldError, match="names no location of the dossier"):
        control_at(HISTORY, "Kyiv", day(14))
    with pytest.raises(FieldTypeError, match="must be a location id or name"):
        control_at(HISTORY, 7, day(14))  # type: ignore[arg-type]


def test_errors_name_the_question_and_its_argument() -> None:
    """R1: errors about the place read 'place.place: ...'; they name control_at and its argument."""
    with pytest.raises(FieldError) as err:
        control_at(HISTORY, "Kyiv", day(14))
    assert (err.value.owner, err.value.field) == ("control_at", "place")
    assert str(err.value).startswith("control_at.place: names no location")
    with pytest.raises(FieldError) as err:
        control_at(HISTORY, "Novenke", day(14))
    assert str(err.value).startswith("control_at.place: is ambiguous")
    with pytest.raises(FieldTypeError) as bad:
        control_at(HISTORY, 7, day(14))  # type: ignore[arg-type]
    assert (bad.value.owner, bad.value.field) == ("control_at", "place")
    with pytest.raises(FieldTypeError) as bad:
        control_at("sudzha", "sudzha", day(14))  # type: ignore[arg-type]
    assert (bad.value.owner, bad.value.field) == ("control_at", "dossier_or_result")
    with pytest.raises(FieldTypeError) as bad:
        picture(None)  # type: ignore[arg-type]
    assert (bad.value.owner, bad.value.field) == ("picture", "result")


def test_a_naive_time_is_an_error() -> None:
    with pytest.raises(FieldError, match="timezone-aware") as err:
        control_at(HISTORY, "sudzha", datetime(2025, 3, 14))
    assert (err.value.owner, err.value.field) == ("control_at", "when")
    with pytest.raises(FieldTypeError, match="must be a datetime"):
        control_at(HISTORY, "sudzha", date(2025, 3, 14))  # type: ignore[arg-type]
    with pytest.raises(FieldError, match="timezone-aware"):
        picture(HISTORY, at=datetime(2025, 3, 14))


def test_answers_are_frozen() -> None:
    a = control_at(HISTORY, "sudzha", day(14))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.holder = "UA"  # type: ignore[misc]


def test_the_date_is_written_in_the_time_zone_it_was_asked_in() -> None:
    late = datetime(2025, 3, 13, 23, 30, tzinfo=UTC)  # 14 March in Moscow
    assert control_at(HISTORY, "sudzha", late).describe().startswith("On 13 March 2025")
    assert control_at(HISTORY, "sudzha", late.astimezone(MSK)).describe().startswith("On 14 March 2025")


# --------------------------------------------------------------------------- picture


def test_the_current_picture_leaves_out_superseded_and_claimed_states() -> None:
    other = control("a-ambar", "UA", S.UNVERIFIED, day(1), place="ambar", supporting=("c-isw-aug",))
    p = picture(dossier(UA_THEN, RU_NOW, RU_CLAIMED, other))
    assert [(a.place.name, a.holder) for a in p.places] == [("Ambar", "UA"), ("Sudzha", "RU")]
    assert p.states == (other, RU_NOW)
    assert p.claimed == ()  # the claim's note closed on 9 March
    assert p.at is None
    assert p.describe().splitlines()[1].startswith("Now Sudzha is held by RU (corroborated")


def test_a_picture_in_the_past_lists_open_claims_separately() -> None:
    p = picture(HISTORY, at=day(8, 3) + timedelta(hours=21))
    assert p.states == (UA_THEN,)
    assert p.claimed == (RU_CLAIMED,)


def test_places_sort_by_name_then_id() -> None:
    a = control("a1", "UA", S.UNVERIFIED, day(1), place="novenke-ua", supporting=("c-isw-aug",))
    b = control("a2", "RU", S.UNVERIFIED, day(1), place="novenke-ru", supporting=("c-mod-aug",))
    p = picture(dossier(b, RU_NOW, a))
    assert [x.place.id for x in p.places] == ["novenke-ru", "novenke-ua", "sudzha"]


def test_an_empty_picture() -> None:
    p = picture(dossier(claims=()))
    assert p == Picture(at=None, places=())
    assert p.describe() == "No place has a control judgment."


def test_picture_geojson_follows_the_exporters_conventions() -> None:
    fc = picture_geojson(HISTORY, at=day(8, 3) + timedelta(hours=21))
    json.dumps(fc, allow_nan=False)
    (f,) = fc["features"]
    assert f["id"] == "control:sudzha"
    assert f["geometry"] == {"type": "Point", "coordinates": [35.27, 51.19]}  # [lon, lat]
    props = f["properties"]
    assert props["feature_type"] == "control"
    assert (props["holder"], props["status"], props["assessment_id"]) == ("UA", "superseded", "a-ua")
    assert (props["date_start"], props["date_end"]) == ("2024-08-15", "2025-03-11")
    assert props["claimed"] == ["a-claim"]
    assert props["claimed_summary"] == ["control: RU captured Sudzha"]
    assert props["summary"].startswith("On 8 March 2025 Sudzha was held by UA")
    for value in props.values():
        assert value is None or isinstance(value, (str, int, float, bool, list))


def test_picture_geojson_now_and_unlocated_places() -> None:
    ru_place = control("a-ru-novenke", "RU", S.UNVERIFIED, day(1), place="novenke-ru", supporting=("c-mod-aug",))
    fc = picture_geojson(dossier(UA_THEN, RU_NOW, RU_CLAIMED, ru_place))
    assert [f["id"] for f in fc["features"]] == ["control:sudzha"]  # novenke-ru has no point
    assert fc["features"][0]["properties"]["holder"] == "RU"
    assert fc["features"][0]["properties"]["at"] is None


# --------------------------------------------------------------------------- diff


def test_diff_of_a_reconciliation_with_itself_is_empty() -> None:
    d = diff(HISTORY, HISTORY)
    assert (len(d), d.changes, d.describe()) == (0, (), "No judgment changed.")


def test_diff_matches_states_by_proposition_not_by_id() -> None:
    # Before: UA holds Sudzha (the current state's id). After: that id names RU's new
    # state, and UA's state is superseded under another id. UA's state changed; RU's is new.
    before = dossier(
        control("current", "UA", S.CORROBORATED, day(15, 8, 2024), supporting=("c-isw-aug", "c-press-aug"))
    )
    after = dossier(
        control("state-0", "UA", S.SUPERSEDED, day(15, 8, 2024), day(12), supporting=("c-isw-aug", "c-press-aug")),
        control("current", "RU", S.CORROBORATED, day(12), supporting=("c-isw-mar", "c-mod-mar")),
    )
    d = diff(before, after)
    assert [(c.kind, c.changed) for c in d] == [("changed", ("status", "valid")), ("new", ())]
    ua, ru = d.changes
    assert (ua.before, ua.after, ru.after) == (
        before.assessments[0],
        after.assessment("state-0"),
        after.assessment("current"),
    )
    assert ua.describe() == (
        "control of Sudzha: UA holds Sudzha, since 15 August 2024: from corroborated, likely, moderate confidence "
        "to superseded, likely, moderate confidence; it ended on 12 March 2025, when a later state began."
    )
    assert ru.supporting_added == ("c-isw-mar", "c-mod-mar")
    assert ru.describe() == (
        "control of Sudzha: new judgment: RU holds Sudzha (corroborated, likely, moderate confidence), since "
        "12 March 2025. Supported by Institute for the Study of War (c-isw-mar), Ministry of Defence of the "
        "Russian Federation (c-mod-mar)."
    )


def test_diff_a_claimed_change_that_became_a_state() -> None:
    claimed = control("note", "RU", CLAIMED, day(12), supporting=("c-mod-mar",), likelihood=Likelihood.ROUGHLY_EVEN_CHANCE,
                      confidence=Confidence.LOW)  # fmt: skip
    state = control("current", "RU", S.CORROBORATED, day(12), supporting=("c-isw-mar", "c-mod-mar"))
    d = diff(dossier(claimed), dossier(state))
    (c,) = d.changes
    assert (c.kind, c.changed, c.supporting_added) == ("changed", ("value", "status", "likelihood", "confidence"),
                                                       ("c-isw-mar",))  # fmt: skip
    assert "Now supported by Institute for the Study of War (c-isw-mar)." in c.describe()


def test_diff_names_withdrawn_claims_apart_from_removed_ones() -> None:
    deleted = Withdrawal(source_id="blogger", at=day(9), action=WithdrawalAction.DELETED)
    claims_after = tuple(attrs.evolve(c, withdrawals=(deleted,)) if c.id == "c-blog-mar" else c for c in CLAIMS)
    before = dossier(UA_THEN, RU_NOW, RU_CLAIMED)
    after = dossier(UA_THEN, attrs.evolve(RU_NOW, supporting=("c-isw-mar",)), claims=claims_after)
    d = diff(before, after)
    kinds = {c.kind: c for c in d}
    assert set(kinds) == {"gone", "evidence"}
    assert kinds["gone"].withdrawn == ("c-blog-mar",)
    assert "Withdrawn: Frontline Z (c-blog-mar)." in kinds["gone"].describe()
    assert kinds["evidence"].supporting_removed == ("c-mod-mar",)
    assert kinds["evidence"].withdrawn == ()
    assert "judgment unchanged, its evidence changed" in kinds["evidence"].describe()


def test_diff_of_runs_either_side_of_a_withdrawal_names_it_withdrawn() -> None:
    """R1 #14: both runs read one dossier, which records the deletion (9 March, 11:00 MSK);
    the run at 9:00 counted Frontline Z's claim, the run at 12:00 did not. That is a
    withdrawal, not a claim that is 'no longer cited'; backwards in time it is neither."""
    early = reconcile(WEEK, as_of=day(9) + timedelta(hours=9))
    late = reconcile(WEEK, as_of=day(9) + timedelta(hours=12))
    (gone,) = [c for c in diff(early, late) if "frontline-z-2025-03-08" in (c.before or c.after).claim_ids]
    assert gone.withdrawn == ("frontline-z-2025-03-08",)
    assert gone.cause == "evidence"
    assert "Withdrawn: Frontline Z (frontline-z-2025-03-08)." in gone.describe()
    assert "No longer cited" not in gone.describe()
    assert all(c.withdrawn == () for c in diff(late, early))


def test_a_withdrawal_both_dossiers_record_counts_from_its_time() -> None:
    deleted = Withdrawal(source_id="blogger", at=day(9), action=WithdrawalAction.DELETED)
    claims = tuple(attrs.evolve(c, withdrawals=(deleted,)) if c.id == "c-blog-mar" else c for c in CLAIMS)
    before = dossier(UA_THEN, RU_NOW, RU_CLAIMED, claims=claims)  # judged before 9 March: the claim counted
    set_aside = attrs.evolve(UA_THEN, related=("c-blog-mar",))
    after = dossier(set_aside, RU_NOW, claims=claims)  # judged after: set aside
    (gone,) = [c for c in diff(before, after) if c.kind == "gone"]
    assert gone.withdrawn == ("c-blog-mar",)
    assert gone.supporting_removed == ()
    # both runs set it aside: nothing was withdrawn between them
    noted = attrs.evolve(RU_CLAIMED, supporting=("c-mod-mar",), related=("c-blog-mar",))
    (still,) = [c for c in diff(dossier(set_aside, RU_NOW, noted, claims=claims), after) if c.kind == "gone"]
    assert still.withdrawn == ()
    assert still.supporting_removed == ("c-mod-mar",)


def test_a_diff_on_the_same_claims_says_the_rules_changed() -> None:
    """R1 #14: a diff after a policy change named no cause."""
    strict = attrs.evolve(RU_NOW, rationale=("[corroborated] two independent sources",))
    lenient = attrs.evolve(RU_NOW, status=S.CONFIRMED, likelihood=Likelihood.ALMOST_CERTAIN,
                           rationale=("[confirmed-admission] the other side admits it",))  # fmt: skip
    (c,) = diff(dossier(UA_THEN, strict), dossier(UA_THEN, lenient))
    assert (c.kind, c.cause) == ("changed", "rules")
    assert c.describe().endswith(
        "Same claims: the change comes from the rules or the engine, not from new evidence "
        "(its reasons: now [confirmed-admission]; no longer [corroborated])."
    )
    # new evidence is the cause when the claims differ
    (e,) = diff(dossier(UA_THEN, strict), dossier(UA_THEN, attrs.evolve(lenient, supporting=("c-isw-mar",))))
    assert e.cause == "evidence"
    assert "Same claims" not in e.describe()


def test_a_diff_after_a_policy_change_names_the_rules() -> None:
    from conflictmodels.policy import DEFAULT_POLICY

    strict = reconcile(WEEK, policy=attrs.evolve(DEFAULT_POLICY, admission_min_weight=100.0))
    d = diff(reconcile(WEEK), strict)
    assert len(d) > 0
    for c in d:
        assert c.cause == "rules", c.describe()
        assert "Same claims: the change comes from the rules or the engine" in c.describe()


def test_diff_of_figures_by_proposition() -> None:
    from conflictmodels import Estimate

    def strength(aid: str, high: int, status: AssessmentStatus) -> Assessment:
        return Assessment(id=aid, statement=Statement(predicate=Predicate.STRENGTH, party="UA", location_ids=("sudzha",),
                                                      quantity=Estimate.at_most(high, unit="troops")),
                          status=status, supporting=("c-isw-mar",), assessed_at=T0, assessed_by="x")  # fmt: skip

    d = diff(dossier(strength("s1", 30_000, S.UNVERIFIED)), dossier(strength("s2", 12_000, S.UNVERIFIED)))
    (c,) = d.changes
    assert (c.kind, c.changed, c.proposition) == ("changed", ("value",), "strength of UA at Sudzha")
    assert "from ?-?-30,000 troops" in c.describe()
    assert "to ?-?-12,000 troops" in c.describe()


# --------------------------------------------------------------------------- properties


@st.composite
def timelines(draw: st.DrawFn) -> Dossier:
    """Hand-made control judgments: per place, successive states and claimed changes."""
    assessments = []
    n = 0
    for place in draw(st.lists(st.sampled_from(["sudzha", "ambar", "novenke-ua"]), unique=True, max_size=3)):
        starts = sorted(draw(st.lists(st.integers(0, 60), min_size=0, max_size=4, unique=True)))
        for i, s in enumerate(starts):
            start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=s)
            last = i == len(starts) - 1
            end = None if last else datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=starts[i + 1])
            status = (
                draw(st.sampled_from([S.UNVERIFIED, S.CORROBORATED, S.CONTESTED, S.REFUTED])) if last else S.SUPERSEDED
            )
            likelihood = draw(st.sampled_from([Likelihood.LIKELY, Likelihood.UNLIKELY, None]))
            sup = tuple(sorted(draw(st.sets(st.sampled_from(CLAIM_IDS), min_size=1, max_size=3))))
            con = tuple(sorted(draw(st.sets(st.sampled_from([c for c in CLAIM_IDS if c not in sup]), max_size=2))))
            party = draw(st.sampled_from(["RU", "UA"]))
            assessments.append(control(f"a{n}", party, status, start, end, place=place, supporting=sup,
                                       contradicting=con,
                                       contested_with=("UA" if party == "RU" else "RU") if status is S.CONTESTED else None,
                                       likelihood=likelihood))  # fmt: skip
            n += 1
        for s in draw(st.lists(st.integers(0, 60), max_size=2)):
            start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=s)
            end = draw(st.none() | st.just(start + timedelta(days=2)))
            assessments.append(control(f"a{n}", draw(st.sampled_from(["RU", "UA"])), CLAIMED, start, end, place=place,
                                       supporting=(draw(st.sampled_from(CLAIM_IDS)),)))  # fmt: skip
            n += 1
    return dossier(*assessments, claims=CLAIMS if assessments else ())  # no claims: nothing to reconcile


moments = st.integers(-5, 70).map(lambda d: datetime(2025, 1, 1, 12, tzinfo=UTC) + timedelta(days=d))


@settings(max_examples=60, deadline=None)
@given(timelines(), st.none() | moments)
def test_a_picture_has_at_most_one_state_per_place_and_never_a_claimed_or_past_one(
    d: Dossier, at: datetime | None
) -> None:
    p = picture(d, at)
    ids = [a.place.id for a in p.places]
    assert len(ids) == len(set(ids))
    for a in p.places:
        if a.state is not None:
            assert a.state.status is not CLAIMED
            if at is None:
                assert a.state.status is not S.SUPERSEDED
            else:
                assert a.state.valid is None or a.state.valid.contains(at)
        for note in a.pending:
            assert note.status is CLAIMED
        assert a.holder is None or a.state is not None
        if a.holder is not None:  # never from a refuted judgment or one without a likelihood
            assert a.state is not None
            assert a.state.status is not S.REFUTED
            assert a.state.likelihood is not None
        assert a.state is None or not a.set_aside
    assert p.claimed == tuple(n for a in p.places for n in a.pending)


@settings(max_examples=60, deadline=None)
@given(timelines(), moments)
def test_control_at_agrees_with_the_picture_at_the_same_time(d: Dossier, at: datetime) -> None:
    p = {a.place.id: a for a in picture(d, at).places}
    for place in ("sudzha", "ambar", "novenke-ua"):
        answer = control_at(d, place, at)
        if place in p:
            assert answer == p[place]
        else:
            assert (answer.state, answer.pending) == (None, ())


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_diff_of_anything_with_itself_is_empty(d: Dossier) -> None:
    assert diff(d, d).changes == ()
    restamped = d.with_assessments(attrs.evolve(a, assessed_at=T0 + timedelta(days=1)) for a in d.assessments)
    assert diff(d, restamped).changes == ()  # when the judgment was made is not a change of judgment


def _mirrored(c: Any) -> tuple[Any, ...]:
    kind = {"new": "gone", "gone": "new"}.get(c.kind, c.kind)
    return (kind, c.after, c.before, c.changed, c.supporting_removed, c.supporting_added, c.contradicting_removed,
            c.contradicting_added)  # fmt: skip


def _plain(c: Any) -> tuple[Any, ...]:
    return (c.kind, c.before, c.after, c.changed, c.supporting_added, c.supporting_removed, c.contradicting_added,
            c.contradicting_removed)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(timelines(), timelines())
def test_diff_one_way_mirrors_diff_the_other_way(a: Dossier, b: Dossier) -> None:
    forth, back = diff(a, b), diff(b, a)
    assert Counter(map(_plain, forth)) == Counter(map(_mirrored, back))
    for c in forth:
        assert c.describe()
        if c.kind in ("changed", "evidence"):
            assert c.before is not None
            assert c.after is not None
        assert (c.before is None) == (c.kind == "new")


# --------------------------------------------------------------------------- end to end: the contested week

WEEK = contested_week()


@pytest.fixture(scope="module")
def judged() -> Dossier:
    return reconcile(WEEK)


def test_an_unreconciled_dossier_is_reconciled_first(judged: Dossier) -> None:
    assert control_at(WEEK, "Sudzha", day(14)) == control_at(judged, "Sudzha", day(14))
    assert picture(WEEK) == picture(judged)


def test_the_week_ends_with_russian_control_observed_and_admitted(judged: Dossier) -> None:
    a = control_at(judged, "Sudzha", day(15))
    assert a.holder == "RU"
    assert a.status in (S.CORROBORATED, S.CONFIRMED)
    assert a.since is not None
    assert a.since.date() == date(2025, 3, 13)
    assert picture(judged).places[0].holder == "RU"


def test_the_standing_state_holds_through_the_premature_claim(judged: Dossier) -> None:
    for moment in (day(1), day(8, 3) + timedelta(hours=22), day(9), day(10), day(12)):
        a = control_at(judged, "Sudzha", moment)
        assert a.holder == "UA", (moment, a.describe())
        assert a.state is not None
        assert "frontline-z-2025-03-08" not in a.state.supporting


def test_the_premature_claim_is_pending_only_until_it_was_deleted() -> None:
    then = reconcile(WEEK, as_of=day(9, 3) + timedelta(hours=9))
    a = control_at(then, "Sudzha", day(9, 3) + timedelta(hours=9))
    assert a.holder == "UA"
    assert [n.supporting for n in a.pending] == [("frontline-z-2025-03-08",)]
    later = reconcile(WEEK, as_of=day(10))
    assert control_at(later, "Sudzha", day(10)).pending == ()


def test_the_diff_explains_the_change_by_the_corroborating_reports(judged: Dossier) -> None:
    before = reconcile(WEEK, as_of=day(13, 3) + timedelta(hours=23))
    d = diff(before, judged)
    assert isinstance(d, Diff)
    added = {i for c in d for i in c.supporting_added}
    assert {"isw-2025-03-14", "ua-general-staff-2025-03-16"} <= added
    ru = next(c for c in d if c.after is not None and control_at(judged, "Sudzha", day(15)).state == c.after)
    assert ru.before is None or ru.before.status in (CLAIMED, S.UNVERIFIED)
    assert "Institute for the Study of War (isw-2025-03-14)" in ru.describe()
    assert ru.cause == "evidence"
    assert "Same claims" not in d.describe()
    assert diff(judged, reconcile(WEEK)).changes == ()


def test_control_answer_is_exported() -> None:
    assert isinstance(control_at(HISTORY, "sudzha", day(14)), ControlAnswer)
