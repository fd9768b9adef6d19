"""STIX 2.1 export and import: OASIS validator, stix2 parsing, lossless round trip,
best-effort import of bundles from other tools."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs
import pytest
import stix2  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given, settings
from stix2validator import ValidationOptions, validate_instance, validate_string  # type: ignore[import-untyped,unused-ignore]

from _support import examples
from conflictmodels import (
    AssessmentStatus,
    Chronolocation,
    Claim,
    ConflictModelsError,
    Credibility,
    Document,
    Dossier,
    Estimate,
    Evidence,
    Fatalities,
    FatalityGroup,
    Geolocation,
    Media,
    MediaKind,
    Person,
    Point,
    Predicate,
    Role,
    Statement,
    TimeSpan,
    ValidationError,
    VerificationStatus,
    migration,
    serialization,
)
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import (
    confidence_to_credibility,
    credibility_to_confidence,
    from_stix,
    from_stix_with_warnings,
    stix,
    to_stix,
)
from conflictmodels.export.stix import EXTENSION_ID, NAMESPACE, PRODUCER_ID, stix_id
from conflictmodels.migration import register

OPTIONS = ValidationOptions(version="2.1")
# Warnings that are expected, and why:
# 103: ids are deterministic UUIDv5 (same dossier, same ids); STIX says SDO ids SHOULD be v4.
# 202: parent links are 'located-at' between places and 'part-of' between identities, the
#      hierarchy OpenCTI reads; STIX suggests neither for those types (permitted).
# 401: 'x_opencti_location_type' (OpenCTI's own property; without it OpenCTI's importer
#      types a place by its properties and makes any place with a country a Country).
# 201: a country code of the right shape that ISO 3166 has not assigned (generated data).
# 223: a place with neither coordinates nor country gets region "unknown" (Location needs one).
# 302: a claim's url is exported as an external reference without a hash.
EXPECTED_WARNINGS = {"103", "201", "202", "223", "302", "401"}


def warning_codes(result: Any) -> set[str]:
    return {str(w).split("{", 1)[1].split("}", 1)[0] for w in result.warnings}


def test_kursk_passes_the_oasis_validator() -> None:
    bundle = to_stix(kursk_dossier())
    result = validate_instance(bundle, OPTIONS)
    assert [str(e) for e in result.errors] == []
    assert result.is_valid
    assert warning_codes(result) <= {"103", "202", "401"}
    text_result = validate_string(json.dumps(bundle), OPTIONS)
    assert text_result.is_valid


def test_kursk_parses_with_stix2() -> None:
    bundle = to_stix(kursk_dossier())
    parsed = stix2.parse(bundle, allow_custom=True)
    assert len(parsed.objects) == len(bundle["objects"])
    types = {o["type"] for o in bundle["objects"]}
    assert types == {"identity", "extension-definition", "location", "note", "relationship", "report", "sighting"}


def test_kursk_round_trip() -> None:
    d = kursk_dossier()
    assert from_stix(to_stix(d)) == d
    assert from_stix(json.loads(json.dumps(to_stix(d)))) == d


def test_deterministic_ids() -> None:
    d = kursk_dossier()
    assert to_stix(d) == to_stix(d)
    bundle = to_stix(d)
    note = next(o for o in bundle["objects"] if o["type"] == "note")
    assert note["id"] == f"note--{uuid.uuid5(NAMESPACE, 'claim:kursk-mod-malaya-lokhnya')}"
    assert uuid.UUID(note["id"].split("--")[1]).version == 5
    ext = next(o for o in bundle["objects"] if o["type"] == "extension-definition")
    assert ext["id"] == EXTENSION_ID
    assert ext["created_by_ref"] == PRODUCER_ID
    assert ext["extension_types"] == ["property-extension"]


def test_mapping_of_the_kursk_objects() -> None:
    bundle = to_stix(kursk_dossier())
    by_id = {o["id"]: o for o in bundle["objects"]}
    mod = by_id[stix_id("identity", "source", "ru-mod")]
    assert (mod["name"], mod["identity_class"], mod["sectors"]) == (
        "Ministry of Defence of the Russian Federation",
        "organization",
        ["defense"],
    )
    axe = by_id[stix_id("identity", "source", "david-axe")]
    assert axe["identity_class"] == "individual"
    novenke = by_id[stix_id("location", "location", "novenke")]
    assert (novenke["latitude"], novenke["longitude"], novenke["precision"]) == (51.05, 35.10, 5000.0)
    assert (novenke["country"], novenke["administrative_area"]) == ("UA", "UA-59")
    note = by_id[stix_id("note", "claim", "kursk-mod-kositsa")]
    assert note["created_by_ref"] == PRODUCER_ID  # the producer wrote the note; its source is named
    assert (note["object_refs"][0], note["authors"]) == (mod["id"], [mod["name"]])
    assert stix_id("location", "location", "kositsa") in note["object_refs"]
    assert stix_id("identity", "source", "news-report") in note["object_refs"]
    assert note["abstract"] == "control: RU recaptured Kositsa"
    carried = note["extensions"][EXTENSION_ID]
    assert carried["extension_type"] == "property-extension"
    assert carried["object"]["statement"]["change"] == "recaptured"
    assert [h["source_id"] for h in carried["object"]["attribution"]] == ["news-report", "ru-mod"]
    isw = by_id[stix_id("note", "claim", "kursk-isw-strength")]
    assert isw["extensions"][EXTENSION_ID]["object"]["statement"]["quantity"]["high"] == 30000
    rel = next(o for o in bundle["objects"] if o["type"] == "relationship" and o["source_ref"] == novenke["id"])
    assert rel["target_ref"] == stix_id("location", "location", "sumy-oblast")
    report = bundle["objects"][-1]
    assert report["type"] == "report"
    assert report["name"] == "Kursk report, 9 March 2025"
    assert set(report["object_refs"]) == {o["id"] for o in bundle["objects"][:-1]} - {EXTENSION_ID}


def test_reconciled_dossier_exports_opinions() -> None:
    import conflictmodels.reconciliation as reconcile

    d = reconcile.reconcile(kursk_dossier())
    bundle = to_stix(d)
    opinions = [o for o in bundle["objects"] if o["type"] == "opinion"]
    # An attributed view (opinion, judgment, forecast) is a note: an opinion object would say the producer agrees.
    judged = [a for a in d.assessments if a.status is not AssessmentStatus.ATTRIBUTED]
    assert len(opinions) == len(judged) > 0
    for o in opinions:
        assert o["opinion"] in {"strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"}
    result = validate_instance(bundle, OPTIONS)
    assert [str(e) for e in result.errors] == []
    stix2.parse(bundle, allow_custom=True)
    assert from_stix(bundle) == d


@pytest.mark.parametrize("status", list(AssessmentStatus))
def test_every_status_without_a_likelihood_exports(status: AssessmentStatus) -> None:
    """A claimed change with no likelihood once failed with KeyError: every status has its opinion (or note)."""
    d = reconcile_kursk()
    a = attrs.evolve(d.assessments[0], status=status, likelihood=None, confidence=None)
    d = attrs.evolve(d, assessments=(a,))
    bundle = to_stix(d)
    assert [str(e) for e in validate_instance(bundle, OPTIONS).errors] == []
    assert from_stix(bundle) == d
    if status is AssessmentStatus.CLAIMED:
        assert [o["opinion"] for o in bundle["objects"] if o["type"] == "opinion"] == ["neutral"]


def reconcile_kursk() -> Dossier:
    import conflictmodels.reconciliation as reconcile

    return reconcile.reconcile(kursk_dossier())


@settings(max_examples=examples(100))
@given(cs.dossiers())
def test_generated_dossiers_validate_and_round_trip(d: Dossier) -> None:
    bundle = to_stix(d)
    result = validate_instance(bundle, OPTIONS)
    assert [str(e) for e in result.errors] == []
    assert warning_codes(result) <= EXPECTED_WARNINGS
    stix2.parse(bundle, allow_custom=True)
    assert from_stix(bundle) == d


def test_unknown_keys_kept_in_extra_round_trip() -> None:
    d = kursk_dossier()
    claim = attrs.evolve(d.claims[0], extra=MappingProxyType({"analyst_note": ["x-1"]}))
    d2 = attrs.evolve(d, claims=(claim, *d.claims[1:]))
    back = from_stix(to_stix(d2))
    assert back == d2
    assert list(back.claims[0].extra["analyst_note"]) == ["x-1"]


def test_credibility_table_is_two_way() -> None:
    for c in Credibility:
        value = credibility_to_confidence(c)
        if c is Credibility.CANNOT_BE_JUDGED:
            assert value is None
        else:
            assert value is not None
            assert confidence_to_credibility(value) is c
    assert [credibility_to_confidence(Credibility(i)) for i in range(1, 6)] == [90, 70, 50, 30, 10]
    for value in range(101):
        rating = confidence_to_credibility(value)
        assert rating is not None
        back = credibility_to_confidence(rating)
        assert back is not None
        assert abs(back - value) <= 10
    assert confidence_to_credibility(None) is None
    with pytest.raises(ConflictModelsError):
        confidence_to_credibility(101)


# ---------------------------------------------------------------- bundles from other tools


def foreign_bundle() -> dict[str, Any]:
    ministry = stix2.Identity(name="Ministry of Defence", identity_class="organization")
    place = stix2.Location(name="Sudzha", latitude=51.19, longitude=35.27, country="ru", administrative_area="RU-KRS")
    vague = stix2.Location(region="eastern-europe")
    note = stix2.Note(
        content="Forces entered Sudzha.",
        abstract="Sudzha entered",
        object_refs=[place.id, ministry.id],
        created_by_ref=ministry.id,
        confidence=75,
        lang="en",
    )
    report = stix2.Report(
        name="Weekly summary",
        published="2025-03-14T00:00:00Z",
        object_refs=[note.id],
        description="The week in brief.",
    )
    indicator = stix2.Indicator(pattern="[ipv4-addr:value = '198.51.100.1']", pattern_type="stix")
    bundle = stix2.Bundle(ministry, place, vague, note, report, indicator, allow_custom=True)
    data: dict[str, Any] = json.loads(bundle.serialize())
    return data


def test_import_from_other_tools() -> None:
    data = foreign_bundle()
    d, skipped = from_stix_with_warnings(data)
    assert [s.name for s in d.sources][:1] == ["Ministry of Defence"]
    sudzha = next(loc for loc in d.locations if loc.name == "Sudzha")
    assert sudzha.point is not None
    assert (sudzha.point.lat, sudzha.point.lon) == (51.19, 35.27)
    assert (sudzha.country, sudzha.region) == ("RU", "RU-KRS")
    note = next(c for c in d.claims if c.statement.custom_predicate == "stix-note")
    assert note.quote == "Forces entered Sudzha."
    assert note.statement.description == "Sudzha entered"
    assert note.statement.location_ids == (sudzha.id,)
    assert note.source_id == d.sources[0].id
    assert note.credibility is Credibility.PROBABLY_TRUE
    assert note.language == "en"
    # A report is the bundle's container, not a claim by an unknown source.
    assert [c.statement.custom_predicate for c in d.claims] == ["stix-note"]
    assert not any(s.name.startswith("Unknown source") for s in d.sources)
    assert d.title == "Weekly summary"
    assert dict(d.extra) == {"x_stix_id": data["objects"][4]["id"], "x_stix_description": "The week in brief."}
    assert stix.to_stix(d)["objects"][-1]["id"] == data["objects"][4]["id"]  # written again under its id
    assert len(skipped) == 1
    assert skipped[0].startswith("$.objects[5]: skipped indicator indicator--")
    assert from_stix(data) == d


def test_strict_import_refuses_unknown_objects() -> None:
    with pytest.raises(ValidationError) as info:
        from_stix(foreign_bundle(), strict=True)
    assert info.value.errors[0].path == "$.objects[5]"


def test_mixed_bundle_keeps_both() -> None:
    ours = to_stix(kursk_dossier())
    extra = foreign_bundle()["objects"][:4]
    mixed = {**ours, "objects": ours["objects"] + extra}
    d, skipped = from_stix_with_warnings(mixed)
    assert skipped == ()
    assert len(d.claims) == len(kursk_dossier().claims) + 1
    assert len(d.locations) == len(kursk_dossier().locations) + 2


@pytest.mark.parametrize(
    "bundle",
    [
        [],
        {"type": "report"},
        {"type": "bundle", "objects": {}},
        {"type": "bundle", "objects": [{"id": "x"}]},
    ],
)
def test_malformed_bundles_raise(bundle: Any) -> None:
    with pytest.raises(ValidationError):
        from_stix(bundle)


def test_corrupt_extension_is_reported_with_a_path() -> None:
    data = copy.deepcopy(to_stix(kursk_dossier()))
    index, note = next((i, o) for i, o in enumerate(data["objects"]) if o["type"] == "note")
    note["extensions"][EXTENSION_ID]["object"]["statement"]["party"] = "Russia"
    with pytest.raises(ValidationError) as info:
        from_stix(data)
    assert info.value.errors[0].path == f"$.objects[{index}].extensions.{EXTENSION_ID}.object.statement.party"
    assert note["id"] in str(info.value)


def test_note_by_author_only_gets_an_author_source() -> None:
    note = stix2.Note(content="Bridge destroyed.", object_refs=["location--" + str(uuid.uuid4())], authors=["Jane Roe"])
    data = json.loads(stix2.Bundle(note).serialize())
    d = from_stix(data)
    (claim,) = d.claims
    assert d.source(claim.source_id).name == "Jane Roe"
    assert claim.statement.location_ids == ()  # the referenced place is not in the bundle


def test_titled_dossiers_keep_their_report_id() -> None:
    d = kursk_dossier()
    a, b = to_stix(d), to_stix(attrs.evolve(d, claims=d.claims[:3]))
    assert a["objects"][-1]["id"] == b["objects"][-1]["id"]
    assert a["id"] != b["id"]
    untitled = [to_stix(attrs.evolve(d, title=None, claims=d.claims[:n]))["objects"][-1]["id"] for n in (2, 3)]
    assert untitled[0] != untitled[1]


# -- the extension id across schema versions ------------------------------------------

# Pinned: tools key on this id, and it must not change when the schema version does.
STABLE_EXTENSION_ID = "extension-definition--d5d510fe-890d-5b13-9ff5-661434876f5d"
# Written before the id was made version-free: stix_id(..., "conflictmodels-v1").
LEGACY_EXTENSION_ID = "extension-definition--936317bc-b026-5d9d-afcc-29bd571e310a"


def _extension_definition(bundle: dict[str, Any]) -> dict[str, Any]:
    definitions: list[dict[str, Any]] = [o for o in bundle["objects"] if o["type"] == "extension-definition"]
    assert len(definitions) == 1
    return definitions[0]


def test_the_extension_id_is_fixed() -> None:
    assert EXTENSION_ID == STABLE_EXTENSION_ID == stix_id("extension-definition", "extension", "conflictmodels")
    assert _extension_definition(to_stix(kursk_dossier()))["version"] == "1.0.0"


@pytest.fixture
def pretend_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the format is at version 2, with an identity step from version 1."""
    for module in (migration, serialization, stix):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migration, "MIGRATIONS", {})
    register(1)(lambda payload, kind: payload)


def test_a_new_schema_version_keeps_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    d = kursk_dossier()
    v1 = to_stix(d)
    monkeypatch.setattr(migration, "SCHEMA_VERSION", 2)  # as pretend_v2, without a step
    monkeypatch.setattr(serialization, "SCHEMA_VERSION", 2)
    v2 = to_stix(d)
    # The definition object is identical (same id and modified, so STIX sees one version)...
    assert _extension_definition(v2) == _extension_definition(v1)
    # ...and each carried object says which schema version it is written in.
    note = next(o for o in v2["objects"] if o["type"] == "note")
    assert note["extensions"][EXTENSION_ID]["schema_version"] == 2
    assert v2["objects"][-1]["extensions"][EXTENSION_ID]["schema_version"] == 2


def _as_legacy(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle as versions before the fixed id wrote it (only the id differed)."""
    legacy: dict[str, Any] = json.loads(json.dumps(bundle).replace(EXTENSION_ID, LEGACY_EXTENSION_ID))
    return legacy


def test_bundles_with_the_legacy_extension_id_are_read() -> None:
    d = kursk_dossier()
    legacy = _as_legacy(to_stix(d))
    assert EXTENSION_ID not in json.dumps(legacy)
    assert from_stix_with_warnings(legacy) == (d, ())
    assert from_stix(legacy, strict=True) == d


@pytest.mark.usefixtures("pretend_v2")
def test_legacy_bundles_are_migrated_like_any_old_payload() -> None:
    d = kursk_dossier()
    with pytest.MonkeyPatch.context() as m:  # written by version 1, under the legacy id
        for module in (migration, serialization, stix):
            m.setattr(module, "SCHEMA_VERSION", 1)
        legacy = _as_legacy(to_stix(d))
    assert from_stix_with_warnings(legacy) == (d, ())


# ---------------------------------------------------------------- versions, ids, edits (#16)


def without_extensions(bundle: dict[str, Any]) -> dict[str, Any]:
    """``bundle`` as a tool that drops unknown extensions passes it on."""
    out = copy.deepcopy(bundle)
    for obj in out["objects"]:
        obj.pop("extensions", None)
    return out


def stripped(bundle: dict[str, Any]) -> dict[str, Any]:
    """``bundle`` with neither the extension nor the line that ends a note's content or an
    identity's or location's description with the conflictmodels object: objects as
    another tool writes them."""
    out = without_extensions(bundle)
    for obj in out["objects"]:
        for key in ("content", "description"):
            if isinstance(obj.get(key), str) and "\n\nconflictmodels " in obj[key]:
                obj[key] = obj[key].rsplit("\n\nconflictmodels ", 1)[0]
    return out


def test_without_the_extension_every_object_is_read_from_the_line_its_text_ends_with() -> None:
    from conflictmodels import reconcile

    d = reconcile(kursk_dossier())
    first = to_stix(d)
    note = next(o for o in first["objects"] if o["type"] == "note")
    text, line = note["content"].rsplit("\n\n", 1)
    assert text == d.claims[0].quote  # the quote first, for people; then the claim, for the import
    assert line.startswith("conflictmodels Claim (schema ")
    assert json.loads(line.split(": ", 1)[1])["id"] == d.claims[0].id
    back, warnings = from_stix_with_warnings(without_extensions(first))
    report = next(o for o in first["objects"] if o["type"] == "report")
    # The report has no line: its title, id and description are read as another tool's.
    assert back.extra == {"x_stix_id": report["id"], "x_stix_description": report["description"]}
    assert attrs.evolve(back, extra={}) == d
    (w,) = warnings  # said, not silent: the extension was dropped
    assert w.kind == "from-text"
    assert len(w.ids) == sum(1 for o in first["objects"] if o["type"] in ("identity", "location", "note")) - 1
    again = to_stix(back)["objects"]
    assert [o for o in again if o["type"] != "report"] == [o for o in first["objects"] if o["type"] != "report"]
    assert next(o for o in again if o["type"] == "report")["id"] == report["id"]
    # With the extension, the line is not read (it says the same).
    assert from_stix_with_warnings(first) == (d, ())


def test_a_round_trip_without_the_extension_keeps_ids_and_content() -> None:
    d = kursk_dossier()
    first = to_stix(d)
    back, warnings = from_stix_with_warnings(stripped(first))
    assert [w.kind for w in warnings] == []
    assert len(back.sources) == len(d.sources)
    assert len(back.units) == len(d.units)
    assert {s.name: s.group for s in back.sources} == {s.name: s.group for s in d.sources}
    parents = {s.name: back.source(s.parent_id).name for s in back.sources if s.parent_id}
    assert parents == {s.name: d.source(s.parent_id).name for s in d.sources if s.parent_id}
    places = {loc.name: (loc.kind, loc.point and (loc.point.lat, loc.point.lon)) for loc in back.locations}
    assert places == {loc.name: (loc.kind, loc.point and (loc.point.lat, loc.point.lon)) for loc in d.locations}
    by_id = {c.id: c for c in back.claims}
    for note in (o for o in first["objects"] if o["type"] == "note"):
        claim = by_id[note["id"]]
        assert back.source(claim.source_id).name == note["authors"][0]  # not "Unknown source"
    again = to_stix(back)
    ids = {o["id"] for o in first["objects"] if o["type"] != "report"}
    assert ids <= {o["id"] for o in again["objects"]}  # 0 of 19 were kept before
    assert from_stix_with_warnings(stripped(again))[0] == back


def test_a_correction_is_a_new_version_that_stores_take() -> None:
    d = kursk_dossier()
    old = to_stix(d)
    locs = tuple(
        attrs.evolve(loc, point=attrs.evolve(loc.point, lat=51.29)) if loc.id == "kositsa" and loc.point else loc
        for loc in d.locations
    )
    new = to_stix(attrs.evolve(d, locations=locs), previous=old)
    before = {o["id"]: o for o in old["objects"]}
    kositsa = stix_id("location", "location", "kositsa")
    for obj in new["objects"]:
        was = before[obj["id"]]
        assert obj["created"] == was["created"]
        if obj["id"] == kositsa:
            assert obj["modified"] > was["modified"]
            assert obj["latitude"] == 51.29
        elif obj["type"] not in ("report",):
            assert obj == was  # unchanged objects are the same version, byte for byte
    assert to_stix(d, previous=old) == old
    # Both versions in one bundle: the newest is read, the older reported.
    both = {"type": "bundle", "id": "bundle--1", "objects": old["objects"] + new["objects"]}
    back, warnings = from_stix_with_warnings(both)
    assert back.location("kositsa").point.lat == 51.29  # type: ignore[union-attr]
    assert {w.kind for w in warnings} <= {"superseded", "second-report"}


def test_times_come_from_the_dossier_not_the_clock() -> None:
    bundle = to_stix(kursk_dossier())
    dated = [o for o in bundle["objects"] if o["id"] not in (PRODUCER_ID, EXTENSION_ID)]
    assert all(o["created"] != "1970-01-01T00:00:00.000Z" for o in dated)
    mod = next(o for o in dated if o["id"] == stix_id("identity", "source", "ru-mod"))
    assert mod["created"] == "2025-03-09T15:00:00.000000Z"


def test_the_reconciled_report_is_another_report() -> None:
    from conflictmodels import reconcile

    raw, done = to_stix(kursk_dossier()), to_stix(reconcile(kursk_dossier()))
    assert raw["objects"][-1]["id"] != done["objects"][-1]["id"]
    assert raw["objects"][-1]["report_types"] == ["threat-report"]


@pytest.mark.parametrize("prefer", ["extension", "stix"])
def test_edits_made_in_another_tool_are_reported_and_chosen(prefer: str) -> None:
    d = kursk_dossier()
    bundle = to_stix(d)
    place = next(o for o in bundle["objects"] if o["id"] == stix_id("location", "location", "novenke"))
    place["name"], place["latitude"] = "Novenke (Sumy)", 51.06
    back, warnings = from_stix_with_warnings(bundle, prefer=prefer)  # type: ignore[arg-type]
    (w,) = warnings
    assert (w.kind, w.ids) == ("edited", (place["id"],))
    assert "latitude, name" in w
    novenke = back.location("novenke")
    assert novenke is not None
    assert novenke.point is not None
    if prefer == "stix":
        was = d.location("novenke")
        assert was is not None
        assert was.point is not None
        assert (novenke.name, novenke.point.lat, novenke.point.precision) == (
            "Novenke (Sumy)",
            51.06,
            was.point.precision,
        )
    else:
        assert back == d
    with pytest.raises(ConflictModelsError):
        from_stix(bundle, prefer="neither")  # type: ignore[arg-type]


def test_sectors_and_victims_are_not_sources_and_other_links_are_counted() -> None:
    sector = stix2.Identity(name="Energy", identity_class="class")
    victim = stix2.Identity(name="Power plant", identity_class="organization")
    actor = stix2.ThreatActor(name="Sandworm", threat_actor_types=["nation-state"])
    targets = stix2.Relationship(actor, "targets", victim)
    other = stix2.Relationship(victim, "related-to", sector)
    data = json.loads(stix2.Bundle(sector, victim, actor, targets, other).serialize())
    d, warnings = from_stix_with_warnings(data)
    assert d.sources == ()
    kinds = {w.kind: len(w.ids) for w in warnings}
    assert kinds == {"not-a-source": 2, "no-equivalent": 3}  # one warning per kind, counting every object


def test_a_foreign_opinion_becomes_an_assessment() -> None:
    data = foreign_bundle()
    note = next(o for o in data["objects"] if o["type"] == "note")
    opinion = json.loads(stix2.Opinion(opinion="agree", object_refs=[note["id"]], explanation="Seen on video.",
                                       authors=["map desk"]).serialize())  # fmt: skip
    data["objects"].append(opinion)
    d = from_stix(data)
    (a,) = d.assessments
    assert (a.status, a.supporting, a.assessed_by, a.rationale) == (
        AssessmentStatus.CORROBORATED,
        (note["id"],),
        "map desk",
        ("Seen on video.",),
    )
    assert opinion["id"] in {o["id"] for o in to_stix(d)["objects"]}  # written again under its id


# ---------------------------------------------------------------- evidence, presence, people, events (#15)

SHA_VIDEO = "a" * 64
SHA_PAGE = "0123456789abcdef" * 4


def day(d: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, d, hour, tzinfo=UTC)


def evidence_dossier() -> Dossier:
    """The Kursk example with what #15 added: evidence on a claim (document, archive, two
    media, a verified geolocation and a chronolocation), a presence claim with first and
    last seen, a commander and a claim that he commands a unit."""
    d = kursk_dossier()
    footage = Evidence(
        document=Document(url="https://example.org/report", archive_url="https://web.archive.org/web/1/x",
                          retrieved_at=day(9, 13), sha256=SHA_PAGE),
        media=(Media(kind=MediaKind.VIDEO, url="https://t.me/example/1234", sha256=SHA_VIDEO,
                     caption="Flag over the school", captured_at=day(8)),
               Media(kind=MediaKind.PHOTO, sha256="b" * 64)),
        geolocation=Geolocation(point=Point(lat=51.051, lon=35.101), radius_m=50, by="isw", at=day(9, 14),
                                method_url="https://x.com/GeoConfirmed/status/1", status=VerificationStatus.VERIFIED),
        chronolocation=Chronolocation(when=TimeSpan(start=day(8, 6), end=day(8, 9)), by="isw"),
    )  # fmt: skip
    first = attrs.evolve(d.claims[0], evidence=footage)
    presence = next(c for c in d.claims if c.statement.predicate is Predicate.PRESENCE)
    seen = attrs.evolve(presence, when=TimeSpan(start=day(1), end=day(8)))
    commander = Person(id="p-petrov", name="Ivan Petrov", aliases=("I. Petrov",), party="RU",
                       roles=(Role(title="Commander", unit_id="ru-810-naval-infantry-brigade"),))  # fmt: skip
    commands = Claim(id="isw-commands", source_id="isw", reported_at=day(9), when=TimeSpan(start=day(1), end=day(5)),
                     statement=Statement(predicate=Predicate.COMMANDS, person_ids=(commander.id,),
                                         unit_ids=("ru-810-naval-infantry-brigade",)))  # fmt: skip
    claims = tuple(first if c.id == first.id else seen if c.id == seen.id else c for c in d.claims)
    return attrs.evolve(d, people=(*d.people, commander), claims=(*claims, commands))


def by_type(bundle: dict[str, Any], stix_type: str) -> list[dict[str, Any]]:
    return [o for o in bundle["objects"] if o["type"] == stix_type]


def test_new_model_round_trips_and_validates() -> None:
    d = evidence_dossier()
    bundle = to_stix(d)
    result = validate_instance(bundle, OPTIONS)
    assert [str(e) for e in result.errors] == []
    assert warning_codes(result) <= {"103", "202", "302", "401"}  # 302: the archive and method links have no hash
    stix2.parse(bundle, allow_custom=True)
    assert from_stix_with_warnings(bundle) == (d, ())
    assert from_stix(json.loads(json.dumps(bundle))) == d


def test_evidence_is_external_references_with_hashes() -> None:
    d = evidence_dossier()
    note = next(o for o in to_stix(d)["objects"] if o["id"] == stix_id("note", "claim", d.claims[0].id))
    refs = {r["source_name"]: r for r in note["external_references"]}
    assert refs["source document"]["url"] == "https://example.org/report"
    assert refs["source document"]["hashes"] == {"SHA-256": SHA_PAGE}
    assert "retrieved 2025-03-09T13:00:00" in refs["source document"]["description"]
    assert refs["archived copy"]["url"] == "https://web.archive.org/web/1/x"
    assert refs["media: video"] == {"source_name": "media: video", "url": "https://t.me/example/1234",
                                    "hashes": {"SHA-256": SHA_VIDEO}, "description": "Flag over the school"}  # fmt: skip
    assert refs["media: photo"]["hashes"] == {"SHA-256": "b" * 64}
    assert refs["geolocation method"]["url"] == "https://x.com/GeoConfirmed/status/1"
    point = next(o for o in to_stix(d)["objects"] if o["type"] == "location" and "geolocation" in o.get("labels", []))
    assert point["id"] in note["object_refs"]
    assert (point["latitude"], point["longitude"], point["precision"]) == (51.051, 35.101, 50.0)
    assert point["x_conflictmodels_verification"] == "verified"
    assert point["x_conflictmodels_geolocated_by_ref"] == stix_id("identity", "source", "isw")


def test_presence_is_a_sighting_of_the_unit() -> None:
    d = evidence_dossier()
    bundle = to_stix(d)
    claim = next(c for c in d.claims if c.statement.predicate is Predicate.PRESENCE and c.when is not None)
    (sighting,) = [
        s for s in by_type(bundle, "sighting") if s["x_conflictmodels_claim_ref"] == stix_id("note", "claim", claim.id)
    ]
    assert sighting["sighting_of_ref"] == stix_id("identity", "unit", claim.statement.unit_ids[0])
    where = [stix_id("location", "location", i) for i in claim.statement.location_ids]
    assert sighting["where_sighted_refs"] == [*where, stix_id("identity", "source", claim.source_id)]
    assert (sighting["first_seen"], sighting["last_seen"]) == (
        "2025-03-01T12:00:00.000000Z",
        "2025-03-08T12:00:00.000000Z",
    )
    assert "count" not in sighting
    presence = [c for c in d.claims if c.statement.predicate is Predicate.PRESENCE]
    assert len(by_type(bundle, "sighting")) == sum(len(c.statement.unit_ids) for c in presence)


def test_people_are_individuals_and_command_is_a_dated_link() -> None:
    d = evidence_dossier()
    bundle = to_stix(d)
    petrov = next(o for o in bundle["objects"] if o["id"] == stix_id("identity", "person", "p-petrov"))
    assert (petrov["identity_class"], petrov["roles"], petrov["labels"]) == ("individual", ["Commander"], ["person"])
    assert "Commander of 810th Naval Infantry Brigade" in petrov["description"]
    (link,) = [r for r in by_type(bundle, "relationship") if r["source_ref"] == petrov["id"]]
    assert (link["relationship_type"], link["target_ref"]) == (
        "part-of",
        stix_id("identity", "unit", "ru-810-naval-infantry-brigade"),
    )
    assert (link["start_time"], link["stop_time"]) == ("2025-03-01T12:00:00.000000Z", "2025-03-05T12:00:00.000000Z")
    assert link["description"].startswith("commands")


def test_an_event_says_its_type_and_deaths_by_group() -> None:
    d = kursk_dossier()
    event_claim = next(c for c in d.claims if c.statement.event is not None)
    assert event_claim.statement.event is not None
    deaths = (Fatalities(group=FatalityGroup.SIDE_A, count=Estimate(low=2, best=3, high=5)),
              Fatalities(group=FatalityGroup.CIVILIANS, count=Estimate(best=1)))  # fmt: skip
    event = attrs.evolve(event_claim.statement.event, fatalities=deaths)
    claim = attrs.evolve(event_claim, statement=attrs.evolve(event_claim.statement, event=event))
    d = attrs.evolve(d, claims=tuple(claim if c.id == claim.id else c for c in d.claims))
    bundle = to_stix(d)
    note = next(o for o in bundle["objects"] if o["id"] == stix_id("note", "claim", claim.id))
    assert note["x_conflictmodels_event_type"] == "Battles"
    assert note["x_conflictmodels_sub_event_type"] == "Government regains territory"
    assert note["x_conflictmodels_fatalities"] == {"side_a": {"low": 2, "best": 3, "high": 5}, "civilians": {"best": 1}}
    assert "deaths: side a 2-3-5, civilians ?-1-?" in note["abstract"]
    assert [str(e) for e in validate_instance(bundle, OPTIONS).errors] == []
    assert from_stix(bundle) == d


def test_without_the_extension_what_maps_comes_back() -> None:
    d = evidence_dossier()
    first = to_stix(d)
    back, warnings = from_stix_with_warnings(stripped(first))
    assert warnings == ()
    note_id = stix_id("note", "claim", d.claims[0].id)
    evidence = back.claim(note_id).evidence
    assert evidence is not None
    assert evidence.document is not None
    assert evidence.geolocation is not None
    assert (evidence.document.url, evidence.document.archive_url, evidence.document.sha256) == (
        "https://example.org/report", "https://web.archive.org/web/1/x", SHA_PAGE)  # fmt: skip
    assert [(m.kind, m.url, m.sha256, m.caption) for m in evidence.media] == [
        (MediaKind.VIDEO, "https://t.me/example/1234", SHA_VIDEO, "Flag over the school"),
        (MediaKind.PHOTO, None, "b" * 64, None),
    ]
    g = evidence.geolocation
    assert (g.point, g.radius_m, g.status, g.method_url) == (
        Point(lat=51.051, lon=35.101), 50.0, VerificationStatus.VERIFIED, "https://x.com/GeoConfirmed/status/1")  # fmt: skip
    assert g.by is not None
    assert back.source(g.by).name == d.source("isw").name
    assert back.claim(note_id).url == d.claims[0].url  # the claim's own link is not evidence
    commands = back.claim(stix_id("note", "claim", "isw-commands"))
    assert commands.statement.predicate is Predicate.COMMANDS
    assert back.person(commands.statement.person_ids[0]).name == "Ivan Petrov"
    assert commands.when == TimeSpan(start=day(1), end=day(5))
    presence = [c for c in back.claims if c.statement.predicate is Predicate.PRESENCE]
    assert len(presence) == sum(1 for c in d.claims if c.statement.predicate is Predicate.PRESENCE)
    assert TimeSpan(start=day(1), end=day(8)) in {c.when for c in presence}
    assert {p.name for p in back.people} == {p.name for p in d.people}
    again = to_stix(back)
    assert {o["id"] for o in first["objects"] if o["type"] != "report"} <= {o["id"] for o in again["objects"]}
    assert from_stix_with_warnings(stripped(again)) == (back, ())


def third_party_bundle() -> dict[str, Any]:
    """Objects of another tool, with properties this library does not write the same way."""
    t = "2024-05-01T10:00:00.000Z"
    base = {"spec_version": "2.1", "created": t, "modified": t}
    desk = {
        **base,
        "type": "identity",
        "id": "identity--11111111-1111-4111-8111-111111111111",
        "name": "Desk",
        "identity_class": "organization",
        "created_by_ref": "identity--11111111-1111-4111-8111-111111111111",
    }
    outlet = {
        **base,
        "type": "identity",
        "id": "identity--22222222-2222-4222-8222-222222222222",
        "created_by_ref": desk["id"],
        "name": "Kyiv Independent",
        "identity_class": "organization",
        "sectors": ["communications"],
        "description": "Ukrainian outlet, English-language.",
    }
    place = {
        **base,
        "type": "location",
        "id": "location--55555555-5555-4555-8555-555555555555",
        "created_by_ref": desk["id"],
        "name": "Vovchansk",
        "latitude": 50.29,
        "longitude": 36.94,
        "country": "UA",
        "region": "eastern-europe",
        "description": "Town in Kharkiv Oblast.",
    }
    note = {
        **base,
        "type": "note",
        "id": "note--77777777-7777-4777-8777-777777777777",
        "created_by_ref": outlet["id"],
        "abstract": "Shelling of Vovchansk",
        "content": "Heavy shelling reported in Vovchansk.",
        "authors": ["Reporter X"],
        "object_refs": [place["id"]],
    }
    return {"type": "bundle", "id": "bundle--99999999-9999-4999-8999-999999999999",
            "objects": [desk, outlet, place, note]}  # fmt: skip


def test_foreign_objects_are_written_back_unchanged_or_as_new_versions() -> None:
    bundle = third_party_bundle()
    given = {o["id"]: o for o in bundle["objects"]}
    d = from_stix(bundle)
    again = {o["id"]: o for o in to_stix(d)["objects"]}
    for sid, obj in given.items():  # as read: the same version, byte for byte
        assert again[sid] == obj, sid
    assert from_stix({**bundle, "objects": list(again.values())}) == d
    # Corrections: a moved point and a renamed outlet are new versions of those objects.
    place = next(x for x in d.locations if x.name == "Vovchansk")
    assert place.point is not None
    moved = attrs.evolve(place, point=attrs.evolve(place.point, lat=50.3))
    outlet = d.source("identity--22222222-2222-4222-8222-222222222222")
    renamed = attrs.evolve(outlet, name="The Kyiv Independent")
    changed = attrs.evolve(d, locations=(moved,), sources=tuple(renamed if s is outlet else s for s in d.sources))
    after = {o["id"]: o for o in to_stix(changed)["objects"]}
    for sid, key, value in ((place.id, "latitude", 50.3), (outlet.id, "name", "The Kyiv Independent")):
        old, new = given[sid], after[sid]
        assert new[key] == value
        assert (new["created"], new["created_by_ref"]) == (old["created"], old["created_by_ref"])
        assert new["modified"] > old["modified"]
        kept = {k: v for k, v in old.items() if k not in (key, "modified")}
        assert {k: new[k] for k in kept} == kept  # sectors, descriptions, identity_class as they were
        changes = {k: v for k, v in new.items() if old.get(k) != v and k != "modified"}
        version = stix2.versioning.new_version(stix2.parse(old, allow_custom=True), **changes, modified=new["modified"])
        written = json.loads(version.serialize())
        assert {**written, "modified": new["modified"]} == new  # what stix2 allows a new version to be
    assert after[given["note--77777777-7777-4777-8777-777777777777"]["id"]] == given[
        "note--77777777-7777-4777-8777-777777777777"]  # fmt: skip
    assert from_stix({**bundle, "objects": list(after.values())}).location(place.id).point == moved.point


# ---------------------------------------------------------------- STIX timestamps (RFC 3339, UTC)


def foreign_note(created: str, modified: str = "2025-03-09T12:00:00Z") -> dict[str, Any]:
    return {"type": "note", "spec_version": "2.1", "id": "note--5f7ad2a4-0c9e-4b51-9a3f-4c7e1d2b3a10",
            "created": created, "modified": modified, "content": "Shelling.", "object_refs": []}  # fmt: skip


@pytest.mark.parametrize(
    ("created", "reason"),
    [
        ("2025-03-09 12:00:00Z", "separate the date and the time with T"),
        ("2025-03-09T12:00Z", "give the seconds"),
        ("2025-03-09T12:00:00+0300", "offset as +HH:MM"),
        ("2025-03-09t12:00:00z", "upper case"),
        ("2025-03-09T12:00:00", "carry a UTC offset"),
        ("2025-03-09T15:00:00+03:00", "in UTC, ending in Z"),
    ],
)
def test_a_lax_timestamp_is_refused_naming_the_object(created: str, reason: str) -> None:
    note = foreign_note(created)
    d, warnings = from_stix_with_warnings(one_bundle(note))
    assert d.claims == ()
    (w,) = warnings
    assert (w.kind, w.ids) == ("unreadable", (note["id"],))
    assert reason in w
    assert "created" in w
    with pytest.raises(ValidationError, match=note["id"]):
        from_stix(one_bundle(note), strict=True)


def test_a_lax_modified_is_reported_not_silently_the_oldest() -> None:
    note = foreign_note("2025-03-09T12:00:00Z", modified="2025-03-09 12:00:00Z")
    d, warnings = from_stix_with_warnings(one_bundle(note))
    assert [c.quote for c in d.claims] == ["Shelling."]
    (w,) = warnings
    assert (w.kind, w.ids) == ("bad-timestamp", (note["id"],))
    assert "separate the date and the time with T" in w


def test_fractions_and_z_are_read_as_stix_writes_them() -> None:
    (claim,) = from_stix(one_bundle(foreign_note("2025-03-09T12:00:00.123456789Z"))).claims
    assert claim.reported_at == datetime(2025, 3, 9, 12, 0, 0, 123456, tzinfo=UTC)


def one_bundle(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bundle", "id": "bundle--1", "objects": list(objects)}


# ---------------------------------------------------------------- ids through OpenCTI and other tools

OPENCTI_EXTENSION = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"


def as_opencti_exports(bundle: dict[str, Any], *, in_extension: bool = False) -> dict[str, Any]:
    """``bundle`` shaped as OpenCTI exports what it imported (written from pycti's
    ``generate_export``, not copied): its own id on every object (a UUIDv5 under its own
    namespace here), the ids it was imported under in ``x_opencti_stix_ids`` (or, from
    OpenCTI 5.x, the ``stix_ids`` of its property-extension), its internal id in
    ``x_opencti_id``, references rewritten to its ids, unknown extensions and custom
    properties dropped."""
    octi_ns = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
    ids = {o["id"]: f"{o['type']}--{uuid.uuid5(octi_ns, o['id'])}" for o in bundle["objects"]}

    def rename(value: Any) -> Any:
        return [ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)

    out = []
    for o in bundle["objects"]:
        if o["type"] == "extension-definition":
            continue
        obj = {k: rename(v) if k.endswith(("_ref", "_refs")) else v for k, v in o.items()
               if k != "extensions" and not (k.startswith("x_") and not k.startswith("x_opencti"))}  # fmt: skip
        obj["id"] = ids[o["id"]]
        obj["x_opencti_id"] = str(uuid.uuid4())
        if in_extension:
            obj["extensions"] = {OPENCTI_EXTENSION: {"extension_type": "property-extension", "stix_ids": [o["id"]]}}
        else:
            obj["x_opencti_stix_ids"] = [o["id"]]
        out.append(obj)
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": out}


@pytest.mark.parametrize("in_extension", [False, True])
def test_a_round_trip_through_opencti_keeps_ids(in_extension: bool) -> None:
    d = kursk_dossier()
    first = to_stix(d)
    octi = as_opencti_exports(first, in_extension=in_extension)
    back, warnings = from_stix_with_warnings(octi)
    # OpenCTI drops the extension and keeps descriptions and note contents: every object is
    # read from the line its text ends with, under its own id (said in one warning).
    assert [w.kind for w in warnings] == ["from-text"]
    assert attrs.evolve(back, extra={}) == d  # the report (no line) gives the title, id and description
    again = to_stix(back)
    assert {o["id"] for o in first["objects"] if o["type"] != "report"} <= {o["id"] for o in again["objects"]}
    # Without the lines (objects as another tool writes them) ids are kept too.
    back, warnings = from_stix_with_warnings(as_opencti_exports(stripped(first), in_extension=in_extension))
    assert warnings == ()
    assert {s.name for s in back.sources} == {s.name for s in d.sources}
    again = to_stix(back)
    assert {o["id"] for o in first["objects"] if o["type"] != "report"} <= {o["id"] for o in again["objects"]}
    note = stix_id("note", "claim", "kursk-mod-kositsa")
    assert back.source(back.claim(note).source_id).name == d.source("ru-mod").name


def test_warnings_name_an_object_by_its_id_in_the_bundle() -> None:
    first = to_stix(kursk_dossier())
    octi = as_opencti_exports(first)
    place = next(o for o in octi["objects"] if o["type"] == "location")
    place["created"] = "2025-03-09 12:00:00Z"
    place["modified"] = "garbage"
    _, warnings = from_stix_with_warnings(octi)
    (w,) = [w for w in warnings if w.kind == "bad-timestamp"]
    assert w.ids == (place["id"],)
    assert place["x_opencti_stix_ids"][0] in w  # and says which id it was read as


def test_a_foreign_parent_link_keeps_its_id() -> None:
    city = stix2.Location(name="Sudzha", city="Sudzha", latitude=51.19, longitude=35.27, region="eastern-europe")
    oblast = stix2.Location(name="Kursk oblast", region="eastern-europe", administrative_area="RU-KRS", country="RU")
    link = stix2.Relationship(city, "located-at", oblast)
    data = json.loads(stix2.Bundle(city, oblast, link).serialize())
    d = from_stix(data)
    assert d.location(city.id).parent_id == oblast.id
    again = to_stix(d)
    (rel,) = by_type(again, "relationship")
    assert rel["id"] == link.id
    assert from_stix(stripped(again)).locations == d.locations


# ---------------------------------------------------------------- read back without the extension (#16)


def judgment(a: Any) -> tuple[Any, ...]:
    return (a.status, a.likelihood, len(a.supporting), len(a.contradicting), len(a.related), a.rationale)


def test_without_the_extension_assessments_keep_status_likelihood_and_stances() -> None:
    from conflictmodels import reconcile

    d = reconcile(kursk_dossier())
    back, warnings = from_stix_with_warnings(stripped(to_stix(d)))
    assert warnings == ()
    assert sorted(map(judgment, back.assessments), key=repr) == sorted(map(judgment, d.assessments), key=repr)
    # Attributed assessments (notes about claims) are assessments again, not claims by
    # a source named after the reconciler.
    assert {s.name for s in back.sources} == {s.name for s in d.sources}
    assert len(back.claims) == len(d.claims)


def test_opinions_reference_only_the_claims_they_judge() -> None:
    from conflictmodels import Assessment, Likelihood

    k = kursk_dossier()
    c = k.claims
    refuted = Assessment(id="a1", statement=c[0].statement, status=AssessmentStatus.REFUTED,
                         likelihood=Likelihood.VERY_UNLIKELY, contradicting=(c[1].id, c[2].id),
                         assessed_at=c[2].reported_at, assessed_by="desk")  # fmt: skip
    contested = Assessment(id="a2", statement=c[0].statement, status=AssessmentStatus.CONTESTED,
                           supporting=(c[0].id,), contradicting=(c[1].id,), related=(c[2].id,),
                           assessed_at=c[2].reported_at, assessed_by="desk")  # fmt: skip
    unjudged = Assessment(id="a3", statement=c[0].statement, status=AssessmentStatus.UNVERIFIED,
                          assessed_at=c[2].reported_at, assessed_by="desk")  # fmt: skip
    d = attrs.evolve(k, assessments=(refuted, contested, unjudged))
    bundle = to_stix(d)
    notes = {stix_id("note", "claim", x.id): x.id for x in c}
    opinions = [o for o in bundle["objects"] if o["type"] == "opinion"]
    for o in opinions:
        assert o["object_refs"]
        assert all(r in notes for r in o["object_refs"]), o["object_refs"]
    first = next(o for o in opinions if o["id"] == stix_id("opinion", "assessment", "a1"))
    # Refuted with nothing supporting: one opinion, agreeing with the contradicting claims.
    assert first["opinion"] == "strongly-agree"
    assert sorted(notes[r] for r in first["object_refs"]) == sorted((c[1].id, c[2].id))
    assert len([o for o in opinions if o["explanation"].endswith("(a1).")]) == 1
    assert from_stix(bundle) == d
    back = {a.id: a for a in from_stix(stripped(bundle)).assessments}
    a1 = back[stix_id("opinion", "assessment", "a1")]
    assert (a1.status, a1.likelihood, a1.supporting, len(a1.contradicting)) == (
        AssessmentStatus.REFUTED, Likelihood.VERY_UNLIKELY, (), 2)  # fmt: skip
    a2 = back[stix_id("opinion", "assessment", "a2")]
    assert (len(a2.supporting), len(a2.contradicting), len(a2.related)) == (1, 1, 1)
    assert len(back) == 2  # the one that cites no claim is a note, reported: its statement is not in STIX


def test_each_judgment_is_also_a_note_on_the_report_read_once() -> None:
    from conflictmodels import Assessment

    k = kursk_dossier()
    c = k.claims
    contested = Assessment(id="a2", statement=c[0].statement, status=AssessmentStatus.CONTESTED,
                           supporting=(c[0].id,), contradicting=(c[1].id,), related=(c[2].id,),
                           assessed_at=c[2].reported_at, assessed_by="desk")  # fmt: skip
    d = attrs.evolve(k, assessments=(contested,))
    bundle = to_stix(d)
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    note = next(o for o in bundle["objects"] if o["id"] == stix_id("note", "assessment-judgment", "a2"))
    assert note["object_refs"] == [report["id"]]  # an analyst's comment on the dossier, not on the claims
    assert note["id"] in report["object_refs"]
    assert note["abstract"].startswith("desk assesses '")
    assert note["abstract"].endswith("' as contested")
    lines = note["content"].rsplit("\n\n", 1)[0].split("\n")  # the last line carries the assessment
    for line, claim in zip(lines[1:], c[:3], strict=True):  # supported by, contradicted by, related
        assert f"reported by {k.source(claim.source_id).name} ({claim.id})." in line
    assert [line.split(":")[0] for line in lines[1:]] == [
        "Supported by", "Contradicted by", "Related, neither for nor against"]  # fmt: skip
    opinions = {o["id"] for o in bundle["objects"] if o["type"] == "opinion"}
    assert set(note["x_conflictmodels_judgment_of_refs"]) == opinions
    assert from_stix_with_warnings(bundle) == (d, ())  # with the extension: read once
    back, warnings = from_stix_with_warnings(stripped(bundle))  # without: the opinions are read, the note is not
    assert warnings == ()
    assert [len(x.supporting + x.contradicting + x.related) for x in back.assessments] == [3]
    assert len(back.claims) == len(k.claims)
    again = {o["id"]: o for o in to_stix(back)["objects"]}
    assert again[note["id"]]["abstract"] == note["abstract"]  # written again under its id


def test_foreign_opinion_values_are_likelihoods_as_written() -> None:
    note = foreign_note("2025-03-09T12:00:00Z")
    for value, likelihood in (("agree", "likely"), ("strongly-disagree", "very_unlikely"), ("neutral", None)):
        opinion = {"type": "opinion", "spec_version": "2.1", "id": "opinion--" + str(uuid.uuid4()),
                   "created": "2025-03-10T12:00:00Z", "modified": "2025-03-10T12:00:00Z", "opinion": value,
                   "object_refs": [note["id"]]}  # fmt: skip
        d = from_stix(one_bundle(note, opinion))
        (a,) = d.assessments
        assert a.likelihood is not None
        assert likelihood is None or a.likelihood.value == likelihood
        (again,) = [o for o in to_stix(d)["objects"] if o["type"] == "opinion"]
        assert again["opinion"] == value  # written again with the value it was read with


def test_a_note_about_notes_is_no_claim_and_fabricates_no_source() -> None:
    note = foreign_note("2025-03-09T12:00:00Z")
    comment = {"type": "note", "spec_version": "2.1", "id": "note--" + str(uuid.uuid4()),
               "created": "2025-03-10T12:00:00Z", "modified": "2025-03-10T12:00:00Z",
               "content": "Looks doubtful.", "authors": ["conflictmodels 0.1.0"], "object_refs": [note["id"]]}  # fmt: skip
    d, warnings = from_stix_with_warnings(one_bundle(note, comment))
    assert len(d.claims) == 1
    assert "conflictmodels 0.1.0" not in {s.name for s in d.sources}
    (w,) = warnings
    assert (w.kind, w.ids) == ("no-equivalent", (comment["id"],))


def test_a_warning_about_many_objects_counts_them_by_type_and_names_a_few() -> None:
    objects = [{"type": "indicator", "spec_version": "2.1", "id": f"indicator--{i}"} for i in range(500)]
    objects += [{"type": "malware", "spec_version": "2.1", "id": f"malware--{i}"} for i in range(20)]
    _, warnings = from_stix_with_warnings(one_bundle(*objects))
    (w,) = warnings
    assert len(w) < 600
    assert "500 indicator, 20 malware" in w
    assert "indicator--2 " in w
    assert "indicator--3 " not in w
    assert len(w.ids) == 520


def test_an_actor_something_is_attributed_to_is_reported_not_a_source() -> None:
    t = "2025-03-09T12:00:00Z"
    actor = {"type": "identity", "spec_version": "2.1", "id": "identity--" + str(uuid.uuid4()), "created": t,
             "modified": t, "name": "Some actor", "identity_class": "organization"}  # fmt: skip
    campaign = {"type": "campaign", "spec_version": "2.1", "id": "campaign--" + str(uuid.uuid4()), "created": t,
                "modified": t, "name": "A campaign"}  # fmt: skip
    link = {"type": "relationship", "spec_version": "2.1", "id": "relationship--" + str(uuid.uuid4()), "created": t,
            "modified": t, "relationship_type": "attributed-to", "source_ref": campaign["id"], "target_ref": actor["id"]}  # fmt: skip
    d, warnings = from_stix_with_warnings(one_bundle(actor, campaign, link))
    assert d.sources == ()
    assert {w.kind: w.ids for w in warnings}["not-a-source"] == (actor["id"],)
    # The same identity creating a note is a source.
    note = {**foreign_note(t), "created_by_ref": actor["id"]}
    d, _ = from_stix_with_warnings(one_bundle(actor, campaign, link, note))
    assert [s.name for s in d.sources] == ["Some actor"]


# ---------------------------------------------------------------- the command line's STIX options (#16)


def test_cli_export_previous_versions_a_corrected_place(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from conflictmodels import dumps
    from conflictmodels.cli import main

    k = kursk_dossier()
    old = to_stix(k)
    (tmp_path / "old.stix.json").write_text(json.dumps(old))
    fixed = attrs.evolve(k, locations=tuple(
        attrs.evolve(loc, point=Point(lat=51.06, lon=35.11, precision_m=500.0)) if loc.id == "novenke" else loc
        for loc in k.locations))  # fmt: skip
    (tmp_path / "fixed.json").write_text(dumps(fixed))
    code = main(["export", "--to", "stix", str(tmp_path / "fixed.json"), "--previous", str(tmp_path / "old.stix.json")])
    assert code == 0
    new = json.loads(capsys.readouterr().out)
    nid = stix_id("location", "location", "novenke")
    before, after = (next(o for o in b["objects"] if o["id"] == nid) for b in (old, new))
    assert after["created"] == before["created"]
    assert after["modified"] > before["modified"]
    assert main(["export", "--to", "geojson", str(tmp_path / "fixed.json"), "--previous", "x"]) == 1
    assert "--previous is for --to stix" in capsys.readouterr().err


def test_cli_import_prefer_chooses_between_extension_and_edited_properties(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from conflictmodels import loads
    from conflictmodels.cli import main

    bundle = to_stix(kursk_dossier())
    place = next(o for o in bundle["objects"] if o.get("name") == "Novenke")
    place["name"] = "Novenke (edited)"
    (tmp_path / "b.json").write_text(json.dumps(bundle))
    names: dict[str, set[str]] = {}
    for prefer in ("extension", "stix"):
        assert main(["import", "--from", "stix", str(tmp_path / "b.json"), "--prefer", prefer]) == 0
        out = capsys.readouterr()
        read: object = loads(out.out)
        assert isinstance(read, Dossier)
        names[prefer] = {loc.name for loc in read.locations}
        assert "edited" in out.err
    assert "Novenke" in names["extension"]
    assert "Novenke (edited)" in names["stix"]


# ------------------------------------------- the line a text ends with, read as hostile input (#16)


def to_dict(obj: Any) -> dict[str, Any]:
    return dict(serialization.to_dict(obj))


def line(model: str, payload: dict[str, Any], version: int = 3) -> str:
    """A line as to_stix writes it, holding ``payload`` (without its schema_version)."""
    body = {k: v for k, v in payload.items() if k != "schema_version"}
    return f"conflictmodels {model} (schema {version}): {json.dumps(body, separators=(',', ':'))}"


def hostile_note(content: str, sid: str | None = None, modified: str = "2099-01-01T00:00:00.000Z") -> dict[str, Any]:
    """A note from another producer (or a forged version of one of ours)."""
    return {
        "type": "note",
        "spec_version": "2.1",
        "id": sid or f"note--{uuid.uuid4()}",
        "created": "2025-03-09T15:00:00.000Z",
        "modified": modified,
        "created_by_ref": "identity--3d7a5e2c-0f57-4b1a-9c8e-000000000001",
        "content": content,
        "object_refs": [stix_id("location", "location", "novenke")],
    }


def with_objects(bundle: dict[str, Any], *objects: dict[str, Any]) -> dict[str, Any]:
    return {**bundle, "objects": [*bundle["objects"], *objects]}


def by_kind(warnings: tuple[Any, ...]) -> dict[str, Any]:
    return {w.kind: w for w in warnings}


@pytest.mark.parametrize("extension", [True, False])
def test_a_forged_line_in_another_producers_note_does_not_replace_a_claim(extension: bool) -> None:
    d = kursk_dossier()
    bundle = to_stix(d) if extension else without_extensions(to_stix(d))
    target = d.claims[0]
    forged = to_dict(attrs.evolve(target, quote="Kyiv has fallen."))
    hostile = hostile_note(f"Breaking news.\n\n{line('Claim', forged)}")
    back, warnings = from_stix_with_warnings(with_objects(bundle, hostile))
    assert back.claim(target.id) == target  # newer, but not the claim's own note: not a version of it
    assert all(c.quote != "Kyiv has fallen." for c in back.claims)
    kinds = by_kind(warnings)
    if not extension:  # the line is refused as another object's, and said so
        assert hostile["id"] in kinds["bad-line"].ids
        assert "written as " + stix_id("note", "claim", target.id) in kinds["bad-line"]
    # The note itself is read as another tool's claim, under its own id.
    assert hostile["id"] in {c.id for c in back.claims}


def test_a_forged_version_of_a_note_holding_another_claim_is_not_read() -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    one, other = d.claims[0], d.claims[1]
    forged = to_dict(attrs.evolve(other, quote="Kyiv has fallen."))
    # Newer, under the note of one claim, holding another claim: it would drop the first
    # and replace the second.
    hostile = hostile_note(f"x\n\n{line('Claim', forged)}", sid=stix_id("note", "claim", one.id))
    back, warnings = from_stix_with_warnings(with_objects(bundle, hostile))
    assert (back.claim(one.id), back.claim(other.id)) == (one, other)
    kinds = by_kind(warnings)
    assert kinds["bad-line"].paths == (f"$.objects[{len(bundle['objects'])}]",)
    assert kinds["bare"].ids == (hostile["id"],)  # its version without a line of its own is not read
    with pytest.raises(ValidationError, match=r"would be skipped or replaced"):
        from_stix(with_objects(bundle, hostile), strict=True)


def test_an_invalid_line_costs_its_object_only_and_names_it() -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    sid = stix_id("location", "location", "novenke")
    place = next(o for o in bundle["objects"] if o["id"] == sid)
    payload = to_dict(d.location("novenke"))
    payload["point"] = {"lat": 95.0, "lon": 34.0}  # not a latitude
    place["description"] = f"{place['description'].split(chr(10) * 2)[0]}\n\n{line('Location', payload)}"
    back, warnings = from_stix_with_warnings(bundle)
    kinds = by_kind(warnings)
    assert kinds["bad-line"].ids[0] == sid
    assert "point.lat" in kinds["bad-line"]  # the field and the problem, in the object that holds it
    # Read as another tool's place (its STIX properties), the claims that name it as
    # another tool's notes; every other object from its line.
    assert sid in {x.id for x in back.locations}
    assert "novenke" not in {x.id for x in back.locations}
    naming = {c.id for c in d.claims if "novenke" in c.statement.location_ids}
    assert naming
    assert {stix_id("note", "claim", c) for c in naming} <= set(kinds["bad-line"].ids)
    assert {s.id for s in back.sources} == {s.id for s in d.sources}
    assert {c.id for c in d.claims if c.id not in naming} <= {c.id for c in back.claims}
    assert len(kinds["from-text"].ids) > 20


def test_a_line_that_names_what_the_bundle_does_not_hold_invents_nothing() -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    target = d.claims[0]
    note = next(o for o in bundle["objects"] if o["id"] == stix_id("note", "claim", target.id))
    ghost = to_dict(attrs.evolve(target, source_id="ghost", attribution=()))
    note["content"] = f"{target.quote}\n\n{line('Claim', ghost)}"
    back, warnings = from_stix_with_warnings(bundle)
    assert "ghost" not in {s.id for s in back.sources}
    (bad,) = [w for w in warnings if w.kind == "bad-line"]
    assert bad.ids == (note["id"],)
    assert "source_id" in bad
    assert note["id"] in {c.id for c in back.claims}  # read as another tool's note, said so


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("conflictmodels Source (schema 3): " + json.dumps({"id": "ru-mod", "name": "x"}), "not carried"),
        ("conflictmodels Claim (schema 3): {not json}", "cannot be read"),
        ("conflictmodels Claim (schema 3): [1]", "not one line of JSON"),
        ('conflictmodels Claim (schema 3): {"id": 5}', "string id"),
        ('conflictmodels Claim (schema 3): {"id": "a", "schema_version": 9}', "schema_version"),
    ],
)
def test_a_line_that_is_not_one_of_ours_is_reported(text: str, why: str) -> None:
    hostile = hostile_note(f"Shelling.\n\n{text}")
    bundle = {"type": "bundle", "id": "bundle--1", "objects": [hostile]}
    back, warnings = from_stix_with_warnings(bundle)
    kinds = by_kind(warnings)
    assert kinds["bad-line"].ids == (hostile["id"],)
    assert why in kinds["bad-line"]
    (claim,) = back.claims  # the note, as another tool's (without what looks like a line: reported)
    assert claim.quote in ("Shelling.", f"Shelling.\n\n{text}")


def test_a_line_of_an_unknown_schema_version_is_reported_not_raised() -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    note = next(o for o in bundle["objects"] if o["id"] == stix_id("note", "claim", d.claims[0].id))
    note["content"] = note["content"].replace("(schema 3)", "(schema 99)")
    back, warnings = from_stix_with_warnings(bundle)
    assert by_kind(warnings)["bad-line"].ids == (note["id"],)
    assert "schema_version" in by_kind(warnings)["bad-line"]
    assert note["id"] in {c.id for c in back.claims}
    assert d.claims[0].id not in {c.id for c in back.claims}


@pytest.mark.parametrize("prefer", ["extension", "stix"])
def test_a_line_that_contradicts_the_stix_properties_is_reported_and_chosen(prefer: str) -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    place = next(o for o in bundle["objects"] if o["id"] == stix_id("location", "location", "novenke"))
    place["latitude"] = 51.06
    back, warnings = from_stix_with_warnings(bundle, prefer=prefer)  # type: ignore[arg-type]
    assert by_kind(warnings)["edited"].ids == (place["id"],)
    novenke = back.location("novenke")
    assert novenke is not None
    assert novenke.point is not None
    was = d.location("novenke")
    assert was is not None
    assert was.point is not None
    assert novenke.point.lat == (51.06 if prefer == "stix" else was.point.lat)


def test_places_in_the_reports_lines_fill_in_and_never_replace() -> None:
    d = kursk_dossier()
    bundle = without_extensions(to_stix(d))
    novenke = d.location("novenke")
    assert novenke is not None
    moved = to_dict(attrs.evolve(novenke, name="Moved", point=None))
    new = {"id": "nowhere", "name": "Nowhere", "kind": "area"}
    report_note = hostile_note(f"A conflictmodels dossier.\n\n{line('Location', moved)}\n{line('Location', new)}")
    back, warnings = from_stix_with_warnings(with_objects(bundle, report_note))
    assert back.location("novenke") == novenke  # its own object is read; the report's line is not
    assert "nowhere" in {x.id for x in back.locations}  # no object of its own: the line fills it in
    assert by_kind(warnings)["from-text"].ids.count(report_note["id"]) == 1  # that line only
    # A report's lines carry places only.
    claim = to_dict(d.claims[0])
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    report["description"] += f"\n\n{line('Claim', claim)}"
    _, warnings = from_stix_with_warnings(bundle)
    assert "a Claim is not carried" in by_kind(warnings)["bad-line"]


def test_the_report_carries_the_places_misp_keeps_as_galaxy_clusters_only() -> None:
    d = kursk_dossier()
    places = [x if x.id != "kursk-oblast" else attrs.evolve(x, point=None) for x in d.locations]
    d = attrs.evolve(d, locations=tuple(places))
    bundle = to_stix(d)
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    text, lines = report["description"].split("\n\n")
    assert text == "A conflictmodels dossier: sources, places, units and claims."
    assert lines == line("Location", to_dict(d.location("kursk-oblast")))
    assert from_stix_with_warnings(bundle) == (d, ())  # with the extension, the line is not read
    # Without the place's own object, its line in the report is read.
    gone = stix_id("location", "location", "kursk-oblast")
    bare = without_extensions(bundle)
    bare["objects"] = [o for o in bare["objects"] if o["id"] != gone]
    back, warnings = from_stix_with_warnings(bare)
    assert back.location("kursk-oblast") == d.location("kursk-oblast")
    assert report["id"] in by_kind(warnings)["from-text"].ids
    assert back.claims == d.claims


def test_a_chain_of_lines_that_fail_one_after_another_is_found_in_one_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictmodels.export import stix as module

    objects = []
    for k in range(300):  # each place the parent of the next; the first invalid
        place: dict[str, Any] = {"id": f"p{k}", "name": f"P{k}", "kind": "area"}
        place.update({"parent_id": f"p{k - 1}"} if k else {"country": "xx"})
        sid = stix_id("location", "location", f"p{k}")
        objects.append({"type": "location", "spec_version": "2.1", "id": sid, "created": "2025-01-01T00:00:00Z",
                        "modified": "2025-01-01T00:00:00Z", "name": f"P{k}", "region": "unknown",
                        "description": f"P{k}\n\n{line('Location', place)}"})  # fmt: skip
    calls = []
    read = module._read_carried
    monkeypatch.setattr(module, "_read_carried", lambda *a: calls.append(1) or read(*a))
    back, warnings = from_stix_with_warnings({"type": "bundle", "id": "bundle--1", "objects": objects})
    assert len(calls) == 1  # not once per link (a hostile bundle would cost quadratic time)
    ((w),) = warnings
    assert w.kind == "bad-line"
    assert len(w.ids) == 300
    assert "country" in w  # the first: invalid on its own
    assert "refers to locations 'p0', whose line is not read" in w  # the second, through the first
    assert {x.id for x in back.locations} == {o["id"] for o in objects}  # as another tool's places
