"""MISP keeps what our STIX says: misp-stix's own STIX 2.1 converter (the ``interop``
extra), the code MISP runs to import a bundle, on the reconciled Kursk export and on
generated dossiers. Skipped when misp-stix is not installed."""

from __future__ import annotations

import json
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import Assessment, AssessmentStatus, Dossier, Likelihood, LocationKind, reconcile
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export.stix import PRODUCER_ID, from_stix, from_stix_with_warnings, stix_id, to_stix
from conflictmodels.serialization import to_dict

pytest.importorskip("misp_stix_converter")
from misp_stix_converter import MISPtoSTIX21Parser  # type: ignore[import-untyped,unused-ignore]
from misp_stix_converter.stix2misp.external_stix2_to_misp import (  # type: ignore[import-untyped,unused-ignore]
    ExternalSTIX2toMISPParser,
)
from misp_stix_converter.tools.stix2_loading_helpers import (  # type: ignore[import-untyped,unused-ignore]
    load_stix2_content,
)


def misp_event(bundle: dict[str, Any], galaxies_as_tags: bool = False) -> dict[str, Any]:
    """The MISP event misp-stix makes of ``bundle`` (as MISP would store it); with
    ``galaxies_as_tags``, MISP's import option that makes each galaxy cluster (a place
    with neither coordinates nor a city) a tag that keeps its name only."""
    invalid: dict[str, Any] = {}
    parsed = load_stix2_content(json.dumps(bundle), invalid)
    assert invalid == {}
    parser = ExternalSTIX2toMISPParser()
    parser.load_stix_bundle(parsed, invalid_objects=invalid)
    parser.parse_stix_bundle(single_event=True, galaxies_as_tags=galaxies_as_tags)
    assert not parser.errors, parser.errors
    event: dict[str, Any] = json.loads(parser.misp_event.to_json())
    return event


def analyst_data(event: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Every note or opinion of the event, on the event itself or on its objects."""
    found = list(event.get(key, []))
    for obj in event.get("Object", []):
        found += obj.get(key, [])
    return found


def attribute_values(event: dict[str, Any], *names: str) -> set[str]:
    return {str(a["value"]) for o in event.get("Object", []) if o["name"] in names for a in o.get("Attribute", [])}


@pytest.fixture(scope="module")
def kursk() -> tuple[Dossier, dict[str, Any], dict[str, Any]]:
    d = reconcile(kursk_dossier())
    bundle = to_stix(d)
    return d, bundle, misp_event(bundle)


def test_every_source_survives(kursk: tuple[Dossier, dict[str, Any], dict[str, Any]]) -> None:
    d, _, event = kursk
    names = {
        a["value"]
        for o in event["Object"]
        if o["name"] in ("identity", "organization")
        for a in o["Attribute"]
        if a["object_relation"] == "name"
    }
    assert {s.name for s in d.sources} <= names
    assert len(d.sources) == 11


def test_every_claim_survives_naming_its_source(kursk: tuple[Dossier, dict[str, Any], dict[str, Any]]) -> None:
    d, bundle, event = kursk
    notes = analyst_data(event, "Note")
    kept = {(n.get("comment"), n.get("authors")) for n in notes}
    for obj in bundle["objects"]:
        if obj["type"] == "note":
            assert (obj["abstract"], ", ".join(obj["authors"])) in kept, obj["abstract"]
    claim_notes = [o for o in bundle["objects"] if o["type"] == "note" and o["id"].startswith("note--")]
    assert len({o["abstract"] for o in claim_notes}) >= len(d.claims) - 1  # abstracts are near-unique


def test_assessments_reach_misp_as_far_as_it_carries_them(
    kursk: tuple[Dossier, dict[str, Any], dict[str, Any]],
) -> None:
    d, bundle, event = kursk
    notes = {n.get("comment") for n in analyst_data(event, "Note")}
    carried = [o for o in bundle["objects"] if o["type"] in ("opinion", "note") and "extensions" in o]
    assert len(carried) == len(d.claims) + len(d.assessments)
    attributed = [o for o in carried if o["type"] == "note" and o["id"].startswith("note--") and "abstract" in o
                  and o["abstract"].startswith("attributed ")]  # fmt: skip
    assert attributed
    for obj in attributed:  # notes about their claims and the report: MISP keeps them on the event
        assert obj["abstract"] in notes
    for obj in bundle["objects"]:
        if obj["type"] == "opinion":  # only about the claims it judges
            assert obj["object_refs"]
            assert all(r.startswith("note--") for r in obj["object_refs"])
    # misp-stix attaches notes and opinions to attributes, objects and the event only, so
    # an opinion about claims (notes) is not kept: each judgment is also a note on the event.
    assert analyst_data(event, "Opinion") == []


def test_every_assessment_survives(kursk: tuple[Dossier, dict[str, Any], dict[str, Any]]) -> None:
    d, bundle, event = kursk
    on_event = {n["comment"]: n for n in event.get("Note", [])}
    by_id = {o["id"]: o for o in bundle["objects"]}
    for a in d.assessments:
        if a.status is AssessmentStatus.ATTRIBUTED:
            continue  # an attributed note, checked above
        judgment = by_id[stix_id("note", "assessment-judgment", a.id)]
        assert judgment["object_refs"] == [next(o["id"] for o in bundle["objects"] if o["type"] == "report")]
        kept = on_event[judgment["abstract"]]  # on the event itself, under its own id
        assert kept["uuid"] == judgment["id"].split("--")[1]
        assert kept["note"] == judgment["content"]
        assert a.status.value in kept["comment"]
        for claim_id in a.supporting:  # the claims it judges, named in words
            claim = d.claim(claim_id)
            assert f"{d.source(claim.source_id).name} ({claim_id})" in kept["note"]
    assert len(on_event) >= len([a for a in d.assessments if a.status is not AssessmentStatus.ATTRIBUTED])


def test_every_place_name_survives(kursk: tuple[Dossier, dict[str, Any], dict[str, Any]]) -> None:
    d, _, event = kursk
    values = attribute_values(event, "geolocation")
    for loc in d.locations:
        assert any(v == loc.name or v.startswith(f"{loc.name} (") for v in values), loc.name


def test_contradicting_and_related_claims_get_their_own_opinions() -> None:
    kursk = kursk_dossier()
    one, against, aside = kursk.claims[0], kursk.claims[1], kursk.claims[2]
    judged = Assessment(
        id="malaya-lokhnya-held",
        statement=one.statement,
        status=AssessmentStatus.CORROBORATED,
        likelihood=Likelihood.LIKELY,
        supporting=(one.id,),
        contradicting=(against.id,),
        related=(aside.id,),
        assessed_at=one.reported_at,
        assessed_by="map desk",
    )
    bundle = to_stix(attrs.evolve(kursk, assessments=(judged,)))
    opinions = {o["opinion"]: o for o in bundle["objects"] if o["type"] == "opinion"}
    note = {c.id: stix_id("note", "claim", c.id) for c in (one, against, aside)}
    assert set(opinions) == {"agree", "disagree", "neutral"}
    assert note[one.id] in opinions["agree"]["object_refs"]
    assert not {note[against.id], note[aside.id]} & set(opinions["agree"]["object_refs"])
    assert note[against.id] in opinions["disagree"]["object_refs"]  # the producer disagrees with them
    assert note[aside.id] in opinions["neutral"]["object_refs"]
    assert "contradict" in opinions["disagree"]["explanation"]
    for opinion in opinions.values():  # about the claims only: not their places, not the report
        assert all(r.startswith("note--") for r in opinion["object_refs"])
    misp_event(bundle)  # converts without errors
    assert from_stix(bundle).assessments == (judged,)  # the two derived opinions are not read back


@settings(max_examples=examples(20), deadline=None)
@given(cs.dossiers())
def test_generated_dossiers_keep_sources_and_places(d: Dossier) -> None:
    event = misp_event(to_stix(d))
    # MISP trims the white space around attribute values.
    names = {n.strip() for n in attribute_values(event, "identity", "organization")}
    assert {s.name.strip() for s in d.sources} <= names
    places = {v.strip() for v in attribute_values(event, "geolocation")}
    for loc in d.locations:
        if loc.point is not None or loc.kind.value == "settlement":
            name = loc.name.strip()
            # (the description starts with the name as it is: "0  (settlement)" for "0 ")
            assert any(v == name or v.startswith((f"{name} (", f"{loc.name} (")) for v in places), loc.name


def test_people_sightings_and_evidence_convert_without_errors() -> None:
    from test_export_stix import evidence_dossier

    d = evidence_dossier()
    event = misp_event(to_stix(d))  # asserts misp-stix reports no error
    names = attribute_values(event, "identity", "organization")
    assert {p.name for p in d.people} <= names
    sightings = [a for o in event["Object"] for a in o.get("Attribute", []) if a.get("Sighting")]
    assert sightings  # sightings of units, by the source that reported them


# ------------------------------------------------- the round trip: our STIX -> MISP -> MISP's STIX


def as_stored(node: Any) -> None:
    """What a MISP database gives back of an event misp-stix made: timestamps without the
    ``+00:00`` that pymisp cannot read again, and a uuid on every sighting (the database
    assigns them; the converter leaves them out)."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key in ("created", "modified") and isinstance(value, str) and value.endswith("+00:00"):
                node[key] = value[:-6]
            else:
                as_stored(value)
        for j, sighting in enumerate(node.get("Sighting", [])):
            sighting.setdefault("uuid", str(uuid.uuid5(uuid.NAMESPACE_URL, f"{node.get('uuid')}/sighting/{j}")))
    elif isinstance(node, list):
        for value in node:
            as_stored(value)


def via_misp(bundle: dict[str, Any], galaxies_as_tags: bool = False) -> dict[str, Any]:
    """``bundle`` imported into MISP (misp-stix stix2misp) and exported again (misp2stix)."""
    event = misp_event(bundle, galaxies_as_tags)
    as_stored(event)
    parser = MISPtoSTIX21Parser()
    parser.parse_misp_event(event)
    out: dict[str, Any] = json.loads(parser.bundle.serialize())
    return out


def same_objects(a: Dossier, b: Dossier) -> bool:
    """Whether two dossiers hold the same objects (MISP reorders them) and title. The report
    of an untitled dossier is keyed by its content in order, which MISP changes, and a title with white space
    around it comes back without: the id of MISP's event (a grouping) is kept in ``extra``
    (``x_stix_id``) instead."""

    def extra(x: Dossier) -> dict[str, Any]:
        return {k: v for k, v in x.extra.items() if k != "x_stix_id" or not str(v).startswith("grouping--")}

    return all(
        sorted(to_dict_list(getattr(a, c))) == sorted(to_dict_list(getattr(b, c)))
        for c in ("sources", "units", "people", "locations", "claims", "assessments")
    ) and ((a.title or "").strip(), extra(a)) == ((b.title or "").strip(), extra(b))  # a title: the event's name


def to_dict_list(items: Any) -> list[str]:
    return [json.dumps(to_dict(x), sort_keys=True) for x in items]


def test_a_round_trip_through_misp_keeps_ids_and_content(
    kursk: tuple[Dossier, dict[str, Any], dict[str, Any]],
) -> None:
    d, first, _ = kursk
    misp = via_misp(first)
    # MISP keeps none of the extensions, and a note's content and an identity's or place's
    # description as they are: each ends with the line that holds the conflictmodels object.
    assert not any("extensions" in o for o in misp["objects"])
    back, warnings = from_stix_with_warnings(misp)
    assert same_objects(back, d)  # every object, under its own id, as it was: claims with their
    # statement, assessments, places with their parents, people, presence claims with their places
    counted = {w.kind: w for w in warnings}
    assert set(counted) == {"from-text", "bare", "copy", "no-equivalent"}  # each said, none silent
    # Read from the line of its text: every source, unit, person, place, claim and assessment.
    read = {o["id"] for o in misp["objects"] if o["id"] in counted["from-text"].ids}
    assert {o["id"] for o in first["objects"] if o["type"] in ("identity", "location")} - {PRODUCER_ID} <= read
    # MISP copies a note attached to several objects to each (one id, other object_refs):
    # the copies are one claim, read once.
    notes = [o for o in misp["objects"] if o["type"] == "note" and o["id"] in read]
    assert len(notes) > len({o["id"] for o in notes}) == len(d.claims) + len(d.assessments)
    # MISP's own identity of whoever made a sighting (no description, made when it converts).
    assert {i.split("--")[0] for i in counted["bare"].ids} == {"identity"}
    # Sightings and parent links that MISP gives ids of its own (and places' parent links,
    # which it stores as references but does not export): written again from the dossier.
    assert {i.split("--")[0] for i in counted["copy"].ids} == {"sighting", "relationship"}
    # MISP's event report holding the report's description: the dossier's words, not an object.
    (report_note,) = counted["no-equivalent"].ids
    assert next(o for o in misp["objects"] if o["id"] == report_note)["labels"] == ['misp:data-layer="Event Report"']
    # Re-exported: every object as the first export wrote it, under the same id.
    again = {o["id"]: o for o in to_stix(back)["objects"]}
    for obj in first["objects"]:
        if obj["type"] == "report":  # the same report, its references in MISP's order
            assert set(again[obj["id"]]["object_refs"]) == set(obj["object_refs"])
        else:
            assert again[obj["id"]] == obj, obj["id"]
    assert len(again) == len(first["objects"])


def test_people_sightings_commands_and_evidence_survive_a_round_trip_through_misp() -> None:
    from test_export_stix import evidence_dossier

    d = evidence_dossier()
    first = to_stix(d)
    back, warnings = from_stix_with_warnings(via_misp(first))
    assert same_objects(back, d)
    assert {w.kind for w in warnings} <= {"from-text", "bare", "copy", "no-equivalent"}
    assert {o["id"] for o in first["objects"]} == {o["id"] for o in to_stix(back)["objects"]}


@settings(max_examples=examples(10), deadline=None)
@given(cs.dossiers(), st.booleans())
def test_generated_dossiers_survive_a_round_trip_through_misp(d: Dossier, galaxies_as_tags: bool) -> None:
    # Places with a latitude or longitude of exactly 0 (MISP exports them as x-misp-objects)
    # and places with neither coordinates nor a city (galaxy clusters, or tags that keep
    # only a name) among them.
    first = to_stix(d)
    back, warnings = from_stix_with_warnings(via_misp(first, galaxies_as_tags))
    assert same_objects(back, d)
    # MISP trims white space around names and replaces characters outside the Basic
    # Multilingual Plane: such a name differs from the line's ('edited'; the line is read).
    assert {w.kind for w in warnings} <= {"from-text", "bare", "copy", "no-equivalent", "edited"}
    # The report's id is kept when its title is (an untitled dossier's report is keyed by
    # its content in order; MISP trims white space around the title).
    kept = d.title is not None and d.title == d.title.strip()
    ids = {o["id"] for o in first["objects"] if kept or o["type"] != "report"}
    assert ids <= {o["id"] for o in to_stix(back)["objects"]}


def first_report(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(o for o in bundle["objects"] if o["type"] == "report")


def without_coordinates(d: Dossier) -> Dossier:
    """``d`` with its places other than settlements without coordinates (MISP makes
    them galaxy clusters)."""
    places = [x if x.kind is LocationKind.SETTLEMENT else attrs.evolve(x, point=None) for x in d.locations]
    return attrs.evolve(d, locations=tuple(places))


def test_places_without_coordinates_survive_misp_importing_galaxies_as_tags() -> None:
    d = without_coordinates(reconcile(kursk_dossier()))
    first = to_stix(d)
    lost = {x.id for x in d.locations if x.point is None and x.kind is not LocationKind.SETTLEMENT}
    assert len(lost) >= 3
    misp = via_misp(first, galaxies_as_tags=True)
    # MISP keeps such a place as a tag with its name only: no location, no description.
    assert not {stix_id("location", "location", x) for x in lost} & {o["id"] for o in misp["objects"]}
    back, warnings = from_stix_with_warnings(misp)
    assert same_objects(back, d)  # every claim that names them read from its line too
    (read,) = [w for w in warnings if w.kind == "from-text"]
    # The report's description, which MISP keeps as an event report, carries them: one
    # line each, read from that note.
    (report,) = [o for o in misp["objects"] if o.get("labels") == ['misp:data-layer="Event Report"']]
    assert report["content"].startswith(first_report(first)["description"].split("\n\n")[0])
    assert read.ids.count(report["id"]) == len(lost)
    assert "bad-line" not in {w.kind for w in warnings}
    assert {o["id"] for o in first["objects"]} == {o["id"] for o in to_stix(back)["objects"]}


def test_places_without_coordinates_survive_as_galaxy_clusters() -> None:
    d = without_coordinates(kursk_dossier())
    back, warnings = from_stix_with_warnings(via_misp(to_stix(d)))
    assert same_objects(back, d)
    assert "bad-line" not in {w.kind for w in warnings}


def test_a_latitude_or_longitude_of_zero_survives_a_round_trip_through_misp() -> None:
    d = kursk_dossier()
    zeroed = {}
    places = list(d.locations)
    for k, x in enumerate(places[:3]):
        assert x.point is not None
        places[k] = attrs.evolve(x, point=attrs.evolve(x.point, **({"lat": 0.0} if k == 0 else {"lon": 0.0})))
        zeroed[stix_id("location", "location", x.id).partition("--")[2]] = places[k]
    d = attrs.evolve(d, locations=tuple(places))
    misp = via_misp(to_stix(d))
    # misp-stix reads 0 as missing and writes MISP's own object instead of the place; its
    # comment keeps the place's description, and the line at its end.
    stood_for = [o for o in misp["objects"] if o["type"] == "x-misp-object" and o["id"].partition("--")[2] in zeroed]
    assert len(stood_for) == 3
    back, warnings = from_stix_with_warnings(misp)
    assert same_objects(back, d)
    assert {x.id: x.point for x in back.locations if x.id in {p.id for p in zeroed.values()}} == {
        p.id: p.point for p in zeroed.values()
    }
    (read,) = [w for w in warnings if w.kind == "from-text"]
    assert {o["id"] for o in stood_for} <= set(read.ids)
    assert "bad-line" not in {w.kind for w in warnings}


def geolocations(d: Dossier) -> list[Any]:
    return [c.evidence.geolocation for c in d.claims if c.evidence is not None and c.evidence.geolocation is not None]
