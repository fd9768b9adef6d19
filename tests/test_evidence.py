"""The evidence layer (#15): evidence records, where per claim, source language and country.

Models and their cross rules, references inside evidence (checked, re-pointed), the
ACLED and UCDP precision codes, and what reconcile makes of evidence: a verified
geolocation by an independent rated source weighs more; a source cannot raise its own
weight with its own geolocation or a pile of media; claims about a place's surroundings,
or coded coarser than the place, never move its state.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Chronolocation,
    Claim,
    ControlChange,
    DanglingReferenceError,
    Document,
    Dossier,
    Evidence,
    FieldError,
    Geolocation,
    GeoPrecision,
    Location,
    LocationKind,
    Media,
    MediaKind,
    PlaceRelation,
    Point,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    ValidationError,
    VerificationStatus,
    content_id,
    dumps,
    loads,
    reconcile,
    resolve_entities,
)
from conflictmodels.evidence import (
    ACLED_GEO_PRECISION,
    UCDP_WHERE_PREC,
    acled_geo_precision,
    coarser_than_place,
    from_acled_geo_precision,
    from_ucdp_where_prec,
    ucdp_where_prec,
)
from conflictmodels.export import json_schema, to_geojson
from conflictmodels.policy import DEFAULT_POLICY, Policy
from conflictmodels.references import references, remap
from conflictmodels.strategies import chronolocations, claims, evidence_records, geolocations

UTC = UTC
T0 = datetime(2025, 3, 9, 12, tzinfo=UTC)
SHA = "a" * 64
VERIFIED, UNVERIFIED, DISPUTED = VerificationStatus.VERIFIED, VerificationStatus.UNVERIFIED, VerificationStatus.DISPUTED

SOURCES = (
    Source(id="ru-mod", name="Russian MoD", kind=SourceKind.STATE_MILITARY, party="RU", reliability=Reliability.C),
    Source(id="ru-blog", name="Rybar", kind=SourceKind.BLOGGER, party="RU", reliability=Reliability.C),
    Source(id="geoconfirmed", name="GeoConfirmed", kind=SourceKind.OTHER, reliability=Reliability.B),
    Source(id="sock", name="Independent Geolocators", kind=SourceKind.OTHER),
    Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="axe", name="David Axe", kind=SourceKind.JOURNALIST, reliability=Reliability.C),
    Source(id="zvezda", name="Zvezda", kind=SourceKind.STATE_MEDIA, reliability=Reliability.B),  # no party declared
)
LOCATIONS = (
    Location(id="sumy-oblast", name="Sumy Oblast", kind=LocationKind.REGION, country="UA", region="UA-59"),
    Location(id="novenke", name="Novenke", parent_id="sumy-oblast", point=Point(lat=51.05, lon=35.1)),
    Location(id="pokrovsk", name="Pokrovsk", point=Point(lat=48.28, lon=37.18)),
)


def geo(by: str | None = "geoconfirmed", status: VerificationStatus = VERIFIED) -> Evidence:
    return Evidence(geolocation=Geolocation(point=Point(lat=51.051, lon=35.101), by=by, status=status))


def capture(
    cid: str,
    source: str = "ru-mod",
    place: str = "novenke",
    days: int = 0,
    evidence: Evidence | None = None,
    **kw: object,
) -> Claim:
    return Claim(
        id=cid,
        source_id=source,
        reported_at=T0 + timedelta(days=days),
        statement=Statement(
            predicate=Predicate.CONTROL,
            party="RU",
            counterparty="UA",
            change=ControlChange.CAPTURED,
            location_ids=(place,),
        ),
        evidence=evidence,
        **kw,  # type: ignore[arg-type]
    )


def dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=SOURCES, locations=LOCATIONS, claims=claims)


def assessments_of(d: Dossier, policy: Policy = DEFAULT_POLICY) -> list[object]:
    return list(reconcile(d, policy=policy, assessed_at=T0 + timedelta(days=30)).assessments)


def rationale(d: Dossier, policy: Policy = DEFAULT_POLICY) -> list[str]:
    return [s for a in reconcile(d, policy=policy, assessed_at=T0).assessments for s in a.rationale]


# ------------------------------------------------------------------------ the models


def test_a_document_keeps_its_archive_and_hash() -> None:
    doc = Document(url="https://t.me/mod_russia/1", archive_url="https://archive.ph/abc", retrieved_at=T0, sha256=SHA)
    assert loads(dumps(doc), Document) == doc


@pytest.mark.parametrize(
    ("make", "field", "words"),
    [
        (lambda: Document(url="https://t.me/x", sha256="A" * 64), "Document.sha256", "SHA-256"),
        (lambda: Document(url="https://t.me/x", retrieved_at=datetime(2025, 3, 9)), "Document.retrieved_at", ""),
        (lambda: Media(kind=MediaKind.VIDEO), "Media.url", "sha256"),
        (lambda: Geolocation(by="geoconfirmed"), "Geolocation.point", "location_id"),
        (lambda: Geolocation(point=Point(lat=1, lon=2), status=VERIFIED), "Geolocation.by", "who verified"),
        (lambda: Geolocation(location_id="x", radius_m=-1.0), "Geolocation.radius_m", ""),
        (lambda: Chronolocation(when=None, by="x"), "Chronolocation.when", ""),  # type: ignore[arg-type]
        (lambda: Evidence(), "Evidence.document", "holds a document"),
        (lambda: capture("c", translation="They took the village"), "Claim.translation", "quote"),
        (lambda: Source(id="s", name="S", language="Russian"), "Source.language", "BCP 47"),
        (lambda: Source(id="s", name="S", country="ua"), "Source.country", "ISO 3166-1"),
    ],
)
def test_bad_evidence_is_refused_naming_the_field(make: object, field: str, words: str) -> None:
    with pytest.raises(FieldError) as err:
        make()  # type: ignore[operator]
    assert str(err.value).startswith(field + ":")
    assert words in str(err.value)


def test_a_quote_with_its_translation_and_a_source_with_its_language_and_country() -> None:
    c = capture("c", quote="Наши войска освободили Новеньке", language="ru", translation="Our troops liberated Novenke")
    s = Source(id="ru-mod", name="Russian MoD", language="ru", country="RU")
    assert loads(dumps(c), Claim) == c
    assert loads(dumps(s), Source) == s


def test_loading_names_the_json_path_of_a_bad_evidence_value() -> None:
    payload = json.loads(dumps(capture("c", evidence=geo())))
    payload["evidence"]["geolocation"]["status"] = "confirmed"
    with pytest.raises(ValidationError, match=r"\$\.evidence\.geolocation\.status"):
        loads(json.dumps(payload), Claim)


def test_content_ids_of_claims_without_the_new_fields_do_not_change() -> None:
    plain = capture("c")
    # What content_id hashed before the fields existed: none of their keys is in the canonical form.
    from conflictmodels.serialization import _canonical

    assert not {"evidence", "place_relation", "geo_precision", "translation"} & set(_canonical(plain))
    assert content_id(capture("c", evidence=geo())) != content_id(plain)
    assert content_id(capture("c", place_relation=PlaceRelation.NEAR)) != content_id(plain)


# ------------------------------------------------------------------------ references


def test_a_dangling_geolocator_is_refused_with_its_path() -> None:
    with pytest.raises(DanglingReferenceError, match=r"claims\[0\]\.evidence\.geolocation\.by") as err:
        dossier(capture("c", evidence=geo(by="ghost")))
    assert "ghost" in str(err.value)


def test_a_dangling_geolocated_area_and_chronolocator_are_refused() -> None:
    area = Evidence(geolocation=Geolocation(location_id="atlantis"))
    with pytest.raises(DanglingReferenceError, match=r"evidence\.geolocation\.location_id"):
        dossier(capture("c", evidence=area))
    chrono = Evidence(chronolocation=Chronolocation(when=_day(), by="ghost"))
    with pytest.raises(DanglingReferenceError, match=r"evidence\.chronolocation\.by"):
        dossier(capture("c", evidence=chrono))


def _day() -> TimeSpan:
    from conflictmodels import TimePrecision

    return TimeSpan(start=T0, end=T0, precision=TimePrecision.DAY)


def test_references_inside_evidence_are_walked_and_re_pointed() -> None:
    c = capture("c", evidence=geo())
    assert ("sources", "evidence.geolocation.by", "geoconfirmed") in list(references(c))
    moved = remap(c, {"sources": {"geoconfirmed": "geo-confirmed"}})
    assert moved.evidence is not None
    assert moved.evidence.geolocation is not None
    assert moved.evidence.geolocation.by == "geo-confirmed"


def test_entity_resolution_re_points_a_geolocator() -> None:
    twin = Source(id="geoconfirmed-x", name="GeoConfirmed", kind=SourceKind.OTHER, reliability=Reliability.B,
                  url="https://geoconfirmed.org")  # fmt: skip
    first = attrs.evolve(SOURCES[2], url="https://geoconfirmed.org")
    d = Dossier(
        sources=(SOURCES[0], first, twin),
        locations=LOCATIONS,
        claims=(capture("c", evidence=geo(by="geoconfirmed-x")),),
    )
    resolved = resolve_entities(d).dossier
    kept = {s.id for s in resolved.sources}
    assert len(kept & {"geoconfirmed", "geoconfirmed-x"}) == 1
    g = resolved.claims[0].evidence.geolocation  # type: ignore[union-attr]
    assert g is not None
    assert g.by in kept


# ------------------------------------------------------------------------ precision codes


def test_ucdp_where_prec_maps_both_ways_for_every_precision() -> None:
    for p in GeoPrecision:
        assert from_ucdp_where_prec(ucdp_where_prec(p)) is p
    assert sorted(UCDP_WHERE_PREC) == [1, 2, 3, 4, 5, 6, 7]


def test_acled_geo_precision_maps_into_its_three_codes_and_back() -> None:
    for p in GeoPrecision:
        code = acled_geo_precision(p)
        assert code in (1, 2, 3)
        assert acled_geo_precision(from_acled_geo_precision(code)) == code
    assert {code: p.value for code, p in ACLED_GEO_PRECISION.items()} == {1: "exact", 2: "near", 3: "adm1"}


@pytest.mark.parametrize("code", [0, 4, True, 2.0, "1", None])
def test_bad_acled_codes_are_refused(code: object) -> None:
    with pytest.raises(FieldError, match=r"ACLED\.geo_precision"):
        from_acled_geo_precision(code)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", [0, 8, False, 3.0])
def test_bad_ucdp_codes_are_refused(code: object) -> None:
    with pytest.raises(FieldError, match=r"UCDP\.where_prec"):
        from_ucdp_where_prec(code)  # type: ignore[arg-type]


def test_a_region_coded_claim_is_coarser_than_a_village_but_not_than_the_region() -> None:
    assert coarser_than_place(GeoPrecision.ADM1, LocationKind.SETTLEMENT)
    assert coarser_than_place(GeoPrecision.NEAR, LocationKind.SETTLEMENT)
    assert not coarser_than_place(GeoPrecision.ADM1, LocationKind.REGION)
    assert not coarser_than_place(GeoPrecision.EXACT, LocationKind.COUNTRY)


# ------------------------------------------------------------------------ reconcile: weight


def _weight(d: Dossier, as_of: datetime | None = None) -> float:
    line = next(s for s in _said(d, as_of) if s.startswith("[evidence]"))
    return float(line.split("weight of evidence ")[1].split(" ")[0])


def _said(d: Dossier, as_of: datetime | None = None, policy: Policy = DEFAULT_POLICY) -> list[str]:
    done = reconcile(d, policy=policy, as_of=as_of, assessed_at=T0 + timedelta(days=30))
    return [s for a in done.assessments for s in a.rationale]


MOD = 0.8 * 1.0 * 0.3  # a C-rated ministry reporting its own gain: its rating, its kind, self-serving
GEOCONFIRMED = 1.4 * 0.8  # a B-rated verifier of kind "other", as if it had reported the flag itself


def test_a_verified_flag_video_is_the_geolocators_own_observation_of_the_flag() -> None:
    # The ministry's claim stays self-serving; GeoConfirmed's match of the video to the village is an
    # independent observation, counted as GeoConfirmed's own evidence: not a 1.5x on a 0.3 cut.
    assert _weight(dossier(capture("c"))) == pytest.approx(MOD, abs=0.01)
    located = dossier(capture("c", evidence=geo()))
    assert _weight(located) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)
    said = _said(located)
    assert any(s.startswith("[geolocated] GeoConfirmed geolocated the footage of Russian MoD's claim (c) at Novenke "
                            "and verified it") for s in said)  # fmt: skip
    assert "[self-serving] Russian MoD (RU) reports its own gain: self-serving, so it weighs 0.3 of what its rating " \
           "gives" in said  # fmt: skip
    state = assessments_of(located)[0]
    assert state.status.value == "corroborated"  # type: ignore[attr-defined]
    assert state.supporting == ("c",)  # type: ignore[attr-defined]
    confidence = next(s for s in said if s.startswith("[confidence]"))
    assert "GeoConfirmed's geolocation" in confidence
    assert "only interested parties" not in confidence


def test_a_geolocated_flag_video_is_stronger_than_a_bare_statement_of_the_other_side() -> None:
    # The issue's own example: RU MoD with a verified flag video; Ukraine's General Staff, the same day,
    # says the village is held. Before: contested, roughly even. Now the footage decides it.
    gs = Source(id="ua-gs", name="General Staff of Ukraine", kind=SourceKind.STATE_MILITARY, party="UA",
                reliability=Reliability.C)  # fmt: skip
    held = Claim(id="gs", source_id="ua-gs", reported_at=T0, when=YESTERDAY,
                 statement=Statement(predicate=Predicate.CONTROL, party="UA", change=ControlChange.HOLDS,
                                     location_ids=("novenke",)))  # fmt: skip
    video = capture("mod", when=YESTERDAY, evidence=geo())
    made = reconcile(Dossier(sources=(*SOURCES, gs), locations=LOCATIONS, claims=(video, held))).assessments
    (state,) = made
    assert (state.statement.party, state.status.value, state.likelihood.label) == ("RU", "corroborated", "likely")
    bare = reconcile(
        Dossier(sources=(*SOURCES, gs), locations=LOCATIONS, claims=(capture("mod", when=YESTERDAY), held))
    )
    assert bare.assessments[0].status.value == "contested"


def test_verified_footage_after_a_week_old_report_moves_the_map_to_contested() -> None:
    # ISW saw Ukrainian control a week before; the ministry's flag video, verified by GeoConfirmed, is
    # credible evidence the other way: a contested state, not "claimed, unlikely".
    isw = Claim(id="isw", source_id="isw", reported_at=T0 - timedelta(days=7), when=TimeSpan.on_day(
        (T0 - timedelta(days=8)).date(), UTC), statement=UA_HOLDS.statement)  # fmt: skip
    video = capture("mod", when=YESTERDAY, evidence=geo())
    now = assessments_of(dossier(isw, video))
    latest = next(a for a in now if a.status.value not in ("superseded", "claimed"))  # type: ignore[attr-defined]
    assert latest.status.value == "contested"  # type: ignore[attr-defined]
    assert any(s.startswith("[contested-state] credible evidence points both ways") for s in latest.rationale)  # type: ignore[attr-defined]
    assert not any(a.status.value == "claimed" for a in now)  # type: ignore[attr-defined]
    before = assessments_of(dossier(isw, capture("mod", when=YESTERDAY)))
    assert any(a.status.value == "claimed" for a in before)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("evidence", "why"),
    [
        (geo(status=UNVERIFIED), "that is unverified"),
        (geo(status=DISPUTED), "that is disputed"),
        (geo(by="ru-mod"), "comes from the claim's own source"),  # a source geolocating its own claim
        (geo(by="ru-blog"), "comes from the claim's own side"),  # its own side's blogger
        (geo(by="sock"), "not rated"),  # a verifier nobody rated
        (geo(by="zvezda"), "a voice of a state and never a third party"),  # state media of an undeclared state
        (geo(by=None, status=UNVERIFIED), "by an unnamed geolocator that is unverified"),
    ],
)
def test_a_geolocation_that_does_not_count_changes_no_weight(evidence: Evidence, why: str) -> None:
    plain = _weight(dossier(capture("c")))
    d = dossier(capture("c", evidence=evidence))
    assert _weight(d) == plain
    said = [s for s in rationale(d) if s.startswith("[geolocation-not-counted]")]
    assert said
    assert why in said[0], said
    assert all(a.independent_origins <= 1 for a in assessments_of(d))  # type: ignore[attr-defined]


def test_a_geolocator_rated_under_the_bar_does_not_count() -> None:
    strict = attrs.evolve(DEFAULT_POLICY, geolocator_min_reliability=Reliability.A)
    d = dossier(capture("c", evidence=geo()))
    said = [s for s in rationale(d, strict) if s.startswith("[geolocation-not-counted]")]
    assert said
    assert "rated B, under A" in said[0]


def test_fifty_media_items_weigh_nothing() -> None:
    clips = tuple(Media(kind=MediaKind.VIDEO, url=f"https://t.me/mod_russia/{i}") for i in range(50))
    plain, piled = dossier(capture("c")), dossier(capture("c", evidence=Evidence(media=clips)))
    assert [a.rationale for a in assessments_of(plain)] == [a.rationale for a in assessments_of(piled)]  # type: ignore[attr-defined]


def test_one_geolocator_verifying_fifty_claims_is_still_one_source() -> None:
    many = dossier(*(capture(f"c{i}", evidence=geo()) for i in range(50)))
    one = dossier(capture("c0", evidence=geo()))
    assert _weight(many) == _weight(one) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)
    said = _said(many)
    line = "[one-origin] GeoConfirmed geolocated the footage of 50 claims: counted once"
    assert any(s.startswith(line) for s in said), said


def test_a_geolocator_that_also_reports_the_capture_counts_once() -> None:
    own = capture("geo-own", source="geoconfirmed")
    both = dossier(own, capture("c", evidence=geo()))
    assert _weight(both) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)


def test_an_adversarys_geolocator_verifying_the_footage_is_an_admission() -> None:
    deepstate = Source(id="deepstate", name="DeepState", kind=SourceKind.BLOGGER, party="UA",
                       reliability=Reliability.B)  # fmt: skip
    d = Dossier(sources=(*SOURCES, deepstate), locations=LOCATIONS, claims=(capture("c", evidence=geo("deepstate")),))
    said = _said(d)
    assert any(
        s.startswith("[admission] DeepState's geolocation (UA) reports its own loss: an admission") for s in said
    )


UA_HOLDS = Claim(
    id="ua-holds", source_id="isw", reported_at=T0 - timedelta(days=20),
    statement=Statement(predicate=Predicate.CONTROL, party="UA", change=ControlChange.HOLDS, location_ids=("novenke",)),
)  # fmt: skip
YESTERDAY = TimeSpan(start=T0 - timedelta(days=1), end=T0)


def test_verified_footage_gives_a_change_of_control_a_credible_basis() -> None:
    alone = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY)))
    basis = next(s for s in alone if s.startswith("[no-credible-basis] no credible source backs it: Russian MoD"))
    assert "no such source geolocated its footage at the place" in basis
    bar = next(s for s in alone if s.startswith("[claimed-not-observed]"))
    assert "footage such a source geolocated at the place" in bar
    located = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY, evidence=geo())))
    assert not any(s.startswith("[no-credible-basis]") for s in located)


def test_the_same_footage_geolocated_by_its_own_side_is_no_basis() -> None:
    said = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY, evidence=geo(by="ru-blog"))))
    assert any(s.startswith("[no-credible-basis]") for s in said)


# ------------------------------------------------------------------------ reconcile: footage from elsewhere

SCHOOL = Location(id="novenke-school", name="Novenke school", kind=LocationKind.FACILITY, parent_id="novenke")
SYRIA = Location(id="tadmur", name="Tadmur", point=Point(lat=34.56, lon=38.28))


def at(lat: float = 51.051, lon: float = 35.101, *, location_id: str | None = None, radius_m: float | None = None,
       by: str = "geoconfirmed") -> Evidence:  # fmt: skip
    point = None if location_id is not None and lat == 51.051 else Point(lat=lat, lon=lon)
    return Evidence(geolocation=Geolocation(point=point, location_id=location_id, radius_m=radius_m, by=by,
                                            status=VERIFIED))  # fmt: skip


def placed(*claims_: Claim) -> Dossier:
    return Dossier(sources=SOURCES, locations=(*LOCATIONS, SCHOOL, SYRIA), claims=claims_)


@pytest.mark.parametrize(
    ("evidence", "where"),
    [
        (at(34.56, 38.28), "to a point 1,851 km from Novenke, beyond its radius of 5.0 km"),  # 2,000 km away
        (at(51.05, 35.22), "to a point 8.4 km from Novenke, beyond its radius of 5.0 km"),  # the next village
        (at(location_id="tadmur"), "in Tadmur, which is not Novenke nor inside it"),
        (at(location_id="pokrovsk"), "in Pokrovsk, which is not Novenke nor inside it"),
    ],
)
def test_footage_a_geolocator_placed_elsewhere_adds_nothing_and_discredits_the_claim(
    evidence: Evidence, where: str
) -> None:
    d = placed(UA_HOLDS, capture("c", when=YESTERDAY, evidence=evidence))
    said = _said(d)
    line = next(s for s in said if s.startswith("[geolocated-elsewhere]"))
    assert line.startswith(f"[geolocated-elsewhere] GeoConfirmed geolocated the footage of Russian MoD's claim (c) "
                           f"{where}: the footage is from elsewhere")  # fmt: skip
    assert any(s.startswith("[no-credible-basis]") for s in said)  # no basis for the change
    alone = _weight(placed(capture("c", evidence=evidence)))
    assert alone == pytest.approx(MOD * DEFAULT_POLICY.misplaced_footage_factor, abs=0.01)


@pytest.mark.parametrize(
    "evidence",
    [
        at(51.06, 35.12),  # 1.8 km from the village's point: within its 5 km
        at(51.05, 35.22, radius_m=5000.0),  # 8.4 km away, but the geolocation itself is only good to 5 km
        at(location_id="novenke"),
        at(location_id="novenke-school"),  # a building inside the village
    ],
)
def test_footage_placed_in_the_village_or_inside_it_counts(evidence: Evidence) -> None:
    assert _weight(placed(capture("c", evidence=evidence))) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)


@pytest.mark.parametrize(
    ("evidence", "why"),
    [
        (at(location_id="sumy-oblast"), "places the footage only in Sumy Oblast, which contains Novenke, too coarse"),
        (at(radius_m=40_000.0), "places the footage only within 40 km of a point, wider than Novenke"),
    ],
)
def test_footage_placed_only_somewhere_around_the_village_is_too_coarse(evidence: Evidence, why: str) -> None:
    d = placed(capture("c", evidence=evidence))
    assert _weight(d) == pytest.approx(MOD, abs=0.01)
    line = next(s for s in _said(d) if s.startswith("[geolocation-not-counted]"))
    assert why in line, line


def test_a_village_without_a_point_is_checked_against_the_region_around_it() -> None:
    oblast = Location(id="sumy-oblast", name="Sumy Oblast", kind=LocationKind.REGION, country="UA", region="UA-59",
                      point=Point(lat=50.9, lon=34.8))  # fmt: skip
    hamlet = Location(id="hamlet", name="Khotin", parent_id="sumy-oblast")

    def d(evidence: Evidence) -> Dossier:
        return Dossier(sources=SOURCES, locations=(oblast, hamlet), claims=(capture("c", place="hamlet",
                                                                                    evidence=evidence),))  # fmt: skip

    assert _weight(d(at(51.05, 35.10))) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)  # in the oblast: cannot tell
    far = _said(d(at(34.56, 38.28)))
    assert any(s.startswith("[geolocated-elsewhere]") and "(Sumy Oblast, which contains Khotin)" in s for s in far)


# ------------------------------------------------------------------------ reconcile: when it was geolocated

GEOLOCATED = datetime(2025, 3, 9, 18, tzinfo=UTC)
RETRACTED = datetime(2025, 3, 11, 9, tzinfo=UTC)


def timed(retracted_at: datetime | None = None) -> Evidence:
    return Evidence(geolocation=Geolocation(point=Point(lat=51.051, lon=35.101), by="geoconfirmed", at=GEOLOCATED,
                                            status=VERIFIED, retracted_at=retracted_at))  # fmt: skip


def test_a_geolocation_made_after_as_of_is_not_seen_at_that_time() -> None:
    d = dossier(capture("c", when=YESTERDAY, evidence=timed()))
    early = _said(d, as_of=GEOLOCATED - timedelta(hours=5))
    line = next(s for s in early if s.startswith("[geolocation-not-counted]"))
    assert "was made on 9 March 2025, 18:00 UTC, after the time judged (9 March 2025, 13:00 UTC)" in line, line
    assert _weight(d, as_of=GEOLOCATED - timedelta(hours=5)) == pytest.approx(MOD, abs=0.01)
    assert _weight(d, as_of=GEOLOCATED) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)


def test_a_geolocators_retraction_counts_from_when_it_was_made() -> None:
    d = dossier(capture("c", when=YESTERDAY, evidence=timed(RETRACTED)))
    assert _weight(d, as_of=RETRACTED - timedelta(days=1)) == pytest.approx(MOD + GEOCONFIRMED, abs=0.01)
    for as_of in (RETRACTED, None):  # from the retraction on, and when judging now
        assert _weight(d, as_of=as_of) == pytest.approx(MOD, abs=0.01)
        line = next(s for s in _said(d, as_of=as_of) if s.startswith("[geolocation-not-counted]"))
        assert "by GeoConfirmed that its geolocator retracted on 11 March 2025" in line, line


def test_a_retraction_is_the_geolocators_and_never_precedes_the_geolocation() -> None:
    with pytest.raises(FieldError, match=r"Geolocation.retracted_at: needs by"):
        Geolocation(point=Point(lat=51.0, lon=35.0), retracted_at=RETRACTED)
    with pytest.raises(FieldError, match=r"Geolocation.retracted_at: must not be before the geolocation was made"):
        Geolocation(point=Point(lat=51.0, lon=35.0), by="geoconfirmed", at=RETRACTED, retracted_at=GEOLOCATED)
    g = timed(RETRACTED).geolocation
    assert g is not None
    assert loads(dumps(g), Geolocation) == g


def test_a_retraction_is_part_of_the_claims_content() -> None:
    plain = capture("c", evidence=timed())
    assert content_id(plain) != content_id(attrs.evolve(plain, evidence=timed(RETRACTED)))


# ------------------------------------------------------------------------ reconcile: where


def _states(d: Dossier) -> list[object]:
    return [a for a in assessments_of(d) if any(s.startswith("[timeline-state]") for s in a.rationale)]  # type: ignore[attr-defined]


def test_fighting_in_the_direction_of_a_town_never_opens_a_state_of_the_town() -> None:
    isw = capture("isw-near", source="isw", place="pokrovsk", place_relation=PlaceRelation.DIRECTION_OF)
    d = dossier(isw)
    made = assessments_of(d)
    assert not _states(d)
    said = [s for a in made for s in a.rationale]  # type: ignore[attr-defined]
    assert any(s.startswith("[surroundings] ISW's claim (isw-near) is about the direction of Pokrovsk") for s in said)
    assert all("isw-near" not in a.supporting for a in made)  # type: ignore[attr-defined]
    assert any("isw-near" in a.related for a in made)  # type: ignore[attr-defined]


def test_a_claim_in_the_town_is_judged_and_one_near_it_does_not_count_for_or_against() -> None:
    inside = capture("isw-in", source="isw", place="pokrovsk", place_relation=PlaceRelation.IN)
    near = capture("axe-near", source="axe", place="pokrovsk", place_relation=PlaceRelation.OUTSKIRTS)
    with_near, alone = dossier(inside, near), dossier(inside)
    assert _weight(with_near) == _weight(alone)
    assert any("[surroundings]" in s for s in rationale(with_near))


def test_a_capture_coded_to_the_oblast_cannot_move_the_village() -> None:
    coarse = capture("isw-adm1", source="isw", geo_precision=GeoPrecision.ADM1)
    said = rationale(dossier(coarse))
    assert any(s.startswith("[coarse-precision] ISW's claim (isw-adm1) is coded to adm1 precision") for s in said)
    assert not _states(dossier(coarse))


def test_a_claim_coded_to_the_oblast_still_speaks_for_the_oblast() -> None:
    regional = capture("isw-region", source="isw", place="sumy-oblast", geo_precision=GeoPrecision.ADM1)
    said = rationale(dossier(regional))
    assert not any(s.startswith(("[coarse-precision]", "[surroundings]")) for s in said)


def test_reconcile_with_evidence_does_not_depend_on_claim_order() -> None:
    claims_ = [
        capture("a", evidence=geo()),
        capture("b", source="isw", days=1, evidence=geo(status=DISPUTED)),
        capture("c", source="axe", days=2, place_relation=PlaceRelation.NEAR),
        capture("d", source="ru-blog", days=3, geo_precision=GeoPrecision.ADM1),
        capture("e", when=YESTERDAY, evidence=at(34.56, 38.28)),  # footage from elsewhere
        capture("f", source="axe", when=YESTERDAY, evidence=geo()),  # GeoConfirmed once more: one origin
        UA_HOLDS,
    ]
    first = reconcile(placed(*claims_), assessed_at=T0).assessments
    for seed in range(3):
        random.Random(seed).shuffle(claims_)
        assert reconcile(placed(*claims_), assessed_at=T0).assessments == first


# ------------------------------------------------------------------------ GeoJSON


def test_a_verified_geolocation_is_a_feature_of_its_claim() -> None:
    d = dossier(capture("c", evidence=geo()), capture("u", source="isw", evidence=geo(status=UNVERIFIED)))
    features = {f["id"]: f for f in to_geojson(d)["features"]}
    located = features["geolocation:c"]
    assert located["geometry"] == {"type": "Point", "coordinates": [35.101, 51.051]}
    assert located["properties"]["geolocated_by"] == "GeoConfirmed"
    assert located["properties"]["claim_id"] == "c"
    assert "geolocation:u" not in features  # unverified: not drawn, only named on the claim
    assert features["claim:u"]["properties"]["geolocation_status"] == "unverified"
    json.dumps(to_geojson(d), allow_nan=False)


# ------------------------------------------------------------------------ JSON Schema and properties


def test_the_schema_states_the_evidence_cross_rules() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema(Claim))
    good = json.loads(dumps(capture("c", evidence=geo())))
    assert validator.is_valid(good)
    unverified = json.loads(dumps(capture("c", evidence=geo())))
    del unverified["evidence"]["geolocation"]["by"]
    assert not validator.is_valid(unverified)
    bare = {**good, "translation": "text"}
    assert not validator.is_valid(bare)
    empty = {**good, "evidence": {}}
    assert not validator.is_valid(empty)


@settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
@given(geolocations(["geoconfirmed"], ["novenke"]), chronolocations(["geoconfirmed"]))
def test_generated_records_keep_their_cross_rules(g: Geolocation, c: Chronolocation) -> None:
    assert g.point is not None or g.location_id is not None
    assert not g.verified or g.by == "geoconfirmed"
    assert not c.verified or c.by == "geoconfirmed"
    assert loads(dumps(g), Geolocation) == g
    assert loads(dumps(c), Chronolocation) == c


@settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
@given(claims(["ru-mod", "geoconfirmed"], ["novenke"], []))
def test_generated_claims_round_trip_with_their_evidence(claim: Claim) -> None:
    assert claim.translation is None or claim.quote is not None
    assert loads(dumps(claim), Claim) == claim
    for collection, _, ref in references(claim):
        assert ref in {"sources": {"ru-mod", "geoconfirmed"}, "locations": {"novenke"}}.get(collection, {ref})


@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
@given(evidence_records(["ru-mod", "ru-blog", "sock", "geoconfirmed"], ["novenke", "pokrovsk"]))
def test_only_an_independent_rated_standing_geolocation_changes_a_claims_weight(ev: Evidence) -> None:
    # Whatever the evidence (media, documents, geolocations anywhere, by anyone, retracted or not), the
    # weight changes only when GeoConfirmed, the one independent rated verifier here, verified a
    # geolocation that still stands: up (at the village) or down (elsewhere), never by anyone else.
    plain = _weight(dossier(capture("c")))
    weight = _weight(dossier(capture("c", evidence=ev)))
    g = ev.geolocation
    counts = g is not None and g.by == "geoconfirmed" and g.standing_at(None)
    if not counts:
        assert weight == plain
    else:
        assert weight in (pytest.approx(plain + GEOCONFIRMED, abs=0.01), plain,
                          pytest.approx(plain * DEFAULT_POLICY.misplaced_footage_factor, abs=0.01))  # fmt: skip


@given(st.floats(max_value=0.999, allow_nan=False))
def test_a_geolocated_weight_under_one_is_refused(factor: float) -> None:
    with pytest.raises(FieldError, match="geolocated_weight"):
        Policy(geolocated_weight=factor)


@pytest.mark.parametrize("factor", [0.0, -0.1, 1.01, float("nan"), float("inf")])
def test_a_footage_factor_outside_zero_to_one_is_refused(factor: float) -> None:
    with pytest.raises(FieldError, match="verified_footage_factor"):
        Policy(verified_footage_factor=factor)
    if not 0.0 <= factor <= 1.0:
        with pytest.raises(FieldError, match="misplaced_footage_factor"):
            Policy(misplaced_footage_factor=factor)
