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


def evidence_line(d: Dossier) -> str:
    return next(s for s in rationale(d) if s.startswith("[evidence]"))


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


def _weight(d: Dossier) -> float:
    return float(evidence_line(d).split("weight of evidence ")[1].split(" ")[0])


def test_a_geolocation_verified_by_geoconfirmed_weighs_more_and_says_so() -> None:
    plain = _weight(dossier(capture("c")))
    located = dossier(capture("c", evidence=geo()))
    assert _weight(located) == pytest.approx(plain * DEFAULT_POLICY.geolocated_weight, abs=0.01)
    said = rationale(located)
    assert any(s.startswith("[geolocated] Russian MoD's claim (c) was geolocated by GeoConfirmed") for s in said)


@pytest.mark.parametrize(
    ("evidence", "why"),
    [
        (geo(status=UNVERIFIED), "that is unverified"),
        (geo(status=DISPUTED), "that is disputed"),
        (geo(by="ru-mod"), "comes from the claim's own source"),  # a source geolocating its own claim
        (geo(by="ru-blog"), "comes from the claim's own side"),  # its own side's blogger
        (geo(by="sock"), "not rated"),  # a verifier nobody rated
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


def test_fifty_geolocated_claims_of_one_source_are_still_one_origin() -> None:
    many = dossier(*(capture(f"c{i}", evidence=geo()) for i in range(50)))
    one = dossier(capture("c0", evidence=geo()))
    assert _weight(many) == _weight(one)
    assert all(a.independent_origins <= 1 for a in assessments_of(many))  # type: ignore[attr-defined]


UA_HOLDS = Claim(
    id="ua-holds", source_id="isw", reported_at=T0 - timedelta(days=20),
    statement=Statement(predicate=Predicate.CONTROL, party="UA", change=ControlChange.HOLDS, location_ids=("novenke",)),
)  # fmt: skip
YESTERDAY = TimeSpan(start=T0 - timedelta(days=1), end=T0)


def test_verified_footage_gives_a_change_of_control_a_credible_basis() -> None:
    alone = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY)))
    assert any(s.startswith("[no-credible-basis] no credible source backs it: Russian MoD") for s in alone)
    located = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY, evidence=geo())))
    assert not any(s.startswith("[no-credible-basis]") for s in located)
    assert any(s.startswith("[claimed-not-observed]") for s in located)  # a basis is not a change: the bar still holds


def test_the_same_footage_geolocated_by_its_own_side_is_no_basis() -> None:
    said = rationale(dossier(UA_HOLDS, capture("c", when=YESTERDAY, evidence=geo(by="ru-blog"))))
    assert any(s.startswith("[no-credible-basis]") for s in said)


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
    ]
    first = assessments_of(dossier(*claims_))
    for seed in range(3):
        random.Random(seed).shuffle(claims_)
        assert assessments_of(dossier(*claims_)) == first


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
@given(evidence_records(["ru-mod", "ru-blog", "sock", "geoconfirmed"], ["novenke"]))
def test_evidence_never_lowers_a_claim_and_only_an_independent_rated_verifier_raises_it(ev: Evidence) -> None:
    plain = _weight(dossier(capture("c")))
    weight = _weight(dossier(capture("c", evidence=ev)))
    g = ev.geolocation
    counts = g is not None and g.verified and g.by == "geoconfirmed"
    assert weight == (pytest.approx(plain * DEFAULT_POLICY.geolocated_weight, abs=0.01) if counts else plain)


@given(st.floats(max_value=0.999, allow_nan=False))
def test_a_geolocated_weight_under_one_is_refused(factor: float) -> None:
    with pytest.raises(FieldError, match="geolocated_weight"):
        Policy(geolocated_weight=factor)
