"""OpenCTI reads our STIX as we mean it: pycti's own importer code (the ``interop`` extra)
types the places, identities and parent links of the Kursk export.

pycti's ``import_from_stix2`` methods decide the OpenCTI entity type and then call
``create``, which needs a live platform; ``create`` is replaced by a recorder, so the
decision code that runs is pycti's own. Skipped when pycti is not installed.
"""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from _support import examples
from conflictmodels import Dossier, Location, LocationKind, Point, Source, SourceKind, reconcile
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export.stix import from_stix, stix_id, to_stix

pycti = pytest.importorskip("pycti")

# The relationships OpenCTI's platform accepts between the entity types the library writes,
# as its source says (opencti-graphql: stixCoreRelationshipsMapping in src/database/stix.ts;
# the 'relations' of the module definitions in src/modules/organization/organization.ts and
# src/modules/administrativeArea/administrativeArea.ts); 'related-to' is accepted between any
# two entities (checkStixCoreRelationshipMapping). Written out here from reading that source,
# independently of the library's own table.
LOCATED_AT = {
    ("Position", "City"),
    ("Position", "Administrative-Area"),
    ("Position", "Country"),
    ("Position", "Region"),
    ("City", "Administrative-Area"),
    ("City", "Country"),
    ("City", "Region"),
    ("Administrative-Area", "Country"),
    ("Administrative-Area", "Region"),
    ("Country", "Region"),
    ("Region", "Region"),
}
PART_OF = {
    ("Individual", "Individual"),
    ("Individual", "Organization"),
    ("Organization", "Organization"),
    ("Organization", "Sector"),
    ("Sector", "Sector"),
}
ACCEPTED = dict.fromkeys(LOCATED_AT, "located-at") | dict.fromkeys(PART_OF, "part-of")


def accepted(kind: str, pair: tuple[str, str]) -> bool:
    """Whether OpenCTI accepts a relationship of type ``kind`` between these entity types."""
    return kind == "related-to" or ACCEPTED.get(pair) == kind


def opencti_import(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What pycti's importers would create for each location, identity and relationship
    of ``bundle``, by STIX id (the keyword arguments of ``create``)."""
    client = pycti.OpenCTIApiClient("http://127.0.0.1:9", "unused", perform_health_check=False)
    created: dict[str, dict[str, Any]] = {}
    readers = {
        "location": client.location,
        "identity": client.identity,
        "relationship": client.stix_core_relationship,
    }
    for reader in readers.values():
        reader.create = lambda **kwargs: created.setdefault(kwargs["stix_id"], kwargs)
    for obj in bundle["objects"]:
        reader = readers.get(obj["type"])
        if reader is None:
            continue
        if obj["type"] == "relationship":
            reader.import_from_stix2(stixRelation=copy.deepcopy(obj), extras={}, update=False)
        else:
            reader.import_from_stix2(stixObject=copy.deepcopy(obj), extras={}, update=False)
    return created


def test_villages_are_cities_regions_regions_countries_countries() -> None:
    created = opencti_import(to_stix(kursk_dossier()))
    types = {kw["name"]: kw["type"] for kw in created.values() if "latitude" in kw}
    # Oblasts are first-order administrative areas of a country (OpenCTI's Region is a
    # part of the world, which it does not place inside a country).
    assert types == {
        "Kursk region": "Administrative-Area",
        "Sumy region": "Administrative-Area",
        "Donetsk region": "Administrative-Area",
        "Dnipropetrovsk region": "Administrative-Area",
        "Saudi Arabia": "Country",
        "Malaya Lokhnya": "City",
        "Cherkasskoye Porechnoye": "City",
        "Kositsa": "City",
        "Lebedevka": "City",
        "Novenke": "City",
    }
    novenke = created[stix_id("location", "location", "novenke")]
    assert (novenke["latitude"], novenke["longitude"], novenke["precision"]) == (51.05, 35.10, 5000.0)


def test_identities_have_the_right_types() -> None:
    created = opencti_import(to_stix(kursk_dossier()))
    types = {kw["name"]: kw["type"] for kw in created.values() if "identity_class" in kw or "type" in kw}
    assert types["Dmitry Medvedev"] == "Individual"  # a politician
    assert types["David Axe"] == "Individual"
    assert types["Serhii Flesh"] == "Individual"
    assert types["Ministry of Defence of the Russian Federation"] == "Organization"
    # A group of bloggers is a STIX 'group', which OpenCTI keeps as an organization.
    assert types["Ukrainian and Russian military bloggers"] == "Organization"
    assert types["11th Army Corps"] == "Organization"
    assert types["conflictmodels"] == "System"


def test_the_unit_source_and_place_hierarchy_shows() -> None:
    d = kursk_dossier()
    created = opencti_import(to_stix(d))
    by_id = dict(created.items())
    links = [kw for kw in created.values() if "relationship_type" in kw]
    assert links
    assert all(kw["relationship_type"] in ("part-of", "located-at") for kw in links)  # no fallback needed here
    for kw in links:
        pair = (by_id[kw["fromId"]]["type"], by_id[kw["toId"]]["type"])
        assert accepted(kw["relationship_type"], pair), pair
    pairs = {(by_id[kw["fromId"]]["name"], by_id[kw["toId"]]["name"]) for kw in links}
    assert ("David Axe", "Forbes") in pairs
    assert ("Serhii Flesh", "Ukrainian commentators") in pairs
    assert ("Novenke", "Sumy region") in pairs
    assert len(links) == sum(1 for s in d.sources if s.parent_id) + sum(
        1 for loc in d.locations if loc.parent_id
    ) + sum(len(u.parents) for u in d.units)


def test_reconciled_kursk_imports_the_same_way() -> None:
    created = opencti_import(to_stix(reconcile(kursk_dossier())))
    assert {kw["type"] for kw in created.values() if kw.get("name") == "Novenke"} == {"City"}


@settings(max_examples=examples(30), deadline=None)
@given(cs.dossiers())
def test_every_generated_place_gets_the_type_its_kind_says_and_every_link_is_accepted(d: Dossier) -> None:
    created = opencti_import(to_stix(d))
    fixed = {"settlement": "City", "district": "Administrative-Area", "country": "Country"}
    for loc in d.locations:
        kind = created[to_stix_id(loc.id)]["type"]
        if loc.kind.value in fixed:
            assert kind == fixed[loc.kind.value]
        elif loc.kind.value == "region":
            assert kind in ("Administrative-Area", "Region")
        else:
            assert kind in ("Position", "Region", "Administrative-Area")
            assert loc.point is None or kind == "Position"
    # Every relationship written is one OpenCTI accepts; 'related-to' only where neither
    # located-at nor part-of is (a parent link between two administrative areas, say).
    for kw in created.values():
        if "relationship_type" not in kw:
            continue
        pair = (created[kw["fromId"]]["type"], created[kw["toId"]]["type"])
        assert accepted(kw["relationship_type"], pair), (kw["relationship_type"], pair)
        if kw["relationship_type"] == "related-to":
            assert pair not in ACCEPTED, pair


def test_a_deep_hierarchy_uses_only_links_opencti_accepts() -> None:
    def place(
        id: str, name: str, kind: str, parent: str | None = None, point: Point | None = None, **kw: Any
    ) -> Location:
        return Location(id=id, name=name, kind=LocationKind(kind), parent_id=parent, point=point, **kw)

    locs = (
        place("russia", "Russia", "country", country="RU"),
        place("kursk-oblast", "Kursk Oblast", "region", "russia", country="RU", region="RU-KRS"),
        place("sudzha-raion", "Sudzha district", "district", "kursk-oblast", country="RU", region="RU-KRS"),
        place("sudzha", "Sudzha", "settlement", "sudzha-raion", Point(lat=51.19, lon=35.27), country="RU"),
        place("gms", "Sudzha gas metering station", "facility", "sudzha", Point(lat=51.2, lon=35.28), country="RU"),
        place("kursk-direction", "Kursk direction", "area", "russia"),
        place("seym", "Seym river", "natural_feature", "kursk-oblast"),
        place("centre", "Sudzha centre", "area", "gms", Point(lat=51.19, lon=35.27)),
    )
    sources = (
        Source(id="tass", name="TASS", kind=SourceKind.STATE_MEDIA),
        Source(id="reporter", name="A reporter", kind=SourceKind.JOURNALIST),
        Source(id="desk", name="TASS military desk", kind=SourceKind.STATE_MEDIA, parent_id="reporter"),
    )
    d = Dossier(title="hierarchy", sources=sources, locations=locs)
    bundle = to_stix(d)
    created = opencti_import(bundle)
    links = {
        (created[kw["fromId"]]["name"], created[kw["toId"]]["name"]): (
            kw["relationship_type"], created[kw["fromId"]]["type"], created[kw["toId"]]["type"])
        for kw in created.values()
        if "relationship_type" in kw
    }  # fmt: skip
    assert len(links) == 8
    for kind, *pair in links.values():
        assert accepted(kind, (pair[0], pair[1])), (kind, pair)
    assert links["Kursk Oblast", "Russia"] == ("located-at", "Administrative-Area", "Country")
    assert links["Kursk direction", "Russia"] == ("located-at", "Administrative-Area", "Country")
    assert links["Seym river", "Kursk Oblast"] == ("located-at", "Position", "Administrative-Area")
    # No type OpenCTI has nests these two: the link is 'related-to', read back as the parent.
    assert links["Sudzha district", "Kursk Oblast"][0] == "related-to"
    assert links["Sudzha centre", "Sudzha gas metering station"][0] == "related-to"
    assert links["TASS military desk", "A reporter"][0] == "related-to"
    stripped = copy.deepcopy(bundle)
    for o in stripped["objects"]:
        o.pop("extensions", None)
    back = from_stix(stripped)
    both: list[Location | Source] = [*back.locations, *back.sources]
    names = {x.id: x.name for x in both}
    parents = {names[x.id]: names.get(x.parent_id or "") for x in both}
    assert parents["Sudzha district"] == "Kursk Oblast"
    assert parents["Sudzha centre"] == "Sudzha gas metering station"
    assert parents["TASS military desk"] == "A reporter"
    assert from_stix(bundle) == d


def test_two_villages_of_one_name_stay_two_in_opencti() -> None:
    a = Location(id="novenke-sumy", name="Novenke", kind=LocationKind.SETTLEMENT, region="UA-59",
                 point=Point(lat=51.05, lon=35.10))  # fmt: skip
    b = Location(id="novenke-kharkiv", name="Novenke", kind=LocationKind.SETTLEMENT, region="UA-63",
                 point=Point(lat=49.6, lon=37.5))  # fmt: skip
    sumy = Location(id="sumy", name="Sumy Oblast", kind=LocationKind.REGION, region="UA-59")
    kharkiv = Location(id="kharkiv", name="Kharkiv Oblast", kind=LocationKind.REGION, region="UA-63")
    d = Dossier(
        title="t", locations=(sumy, kharkiv, attrs.evolve(a, parent_id="sumy"), attrs.evolve(b, parent_id="kharkiv"))
    )
    bundle = to_stix(d)
    places = [o for o in bundle["objects"] if o["type"] == "location" and o.get("city") == "Novenke"]
    # OpenCTI's standard id of a City is made of its name and type (pycti mirrors it).
    ids = {pycti.Location.generate_id(o["name"], o["x_opencti_location_type"]) for o in places}
    assert len(ids) == 2
    assert sorted(o["name"] for o in places) == ["Novenke (Kharkiv Oblast)", "Novenke (Sumy Oblast)"]
    # The plain name comes back, with or without the extension.
    assert {loc.name for loc in from_stix(bundle).locations} == {"Novenke", "Sumy Oblast", "Kharkiv Oblast"}
    stripped = copy.deepcopy(bundle)
    for o in stripped["objects"]:
        o.pop("extensions", None)
    back = {loc.id: loc for loc in from_stix(stripped).locations}
    novenke = [loc for loc in back.values() if loc.name == "Novenke"]
    assert sorted(loc.region or "" for loc in novenke) == ["UA-59", "UA-63"]
    assert all(loc.kind is LocationKind.SETTLEMENT for loc in novenke)


def test_places_as_opencti_exports_them_are_read_by_its_type() -> None:
    # OpenCTI's own STIX export: its standard ids (our ids in its extension's stix_ids),
    # the entity type in its extension, names in country/region/city, no conflictmodels
    # extension, and (as another tool may) no description either.
    octi = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"
    objects = []
    for o in to_stix(kursk_dossier())["objects"]:
        if o["type"] != "location":
            continue
        kind = o["x_opencti_location_type"]
        sid = pycti.Location.generate_id(o["name"], kind, o.get("latitude"), o.get("longitude"))
        field = {"Region": "region", "Country": "country", "City": "city"}.get(kind)
        objects.append({
            "type": "location", "spec_version": "2.1", "id": sid, "created": o["created"], "modified": o["modified"],
            "name": o["name"], **({field: o["name"]} if field else {}),
            **({"latitude": o["latitude"], "longitude": o["longitude"]} if "latitude" in o else {}),
            "extensions": {octi: {"extension_type": "property-extension", "type": kind, "location_type": kind,
                                  "stix_ids": [o["id"]]}},
        })  # fmt: skip
    d = from_stix({"type": "bundle", "id": "bundle--1", "objects": objects})
    kinds = {loc.name: loc.kind.value for loc in d.locations}
    assert kinds["Saudi Arabia"] == "country"
    assert kinds["Novenke"] == "settlement"
    assert kinds["Kursk region"] == "district"  # an Administrative-Area, without our description
    # Read under the ids this library first wrote them under (kept in stix_ids).
    assert {loc.id for loc in d.locations} == {to_stix_id(loc.id) for loc in kursk_dossier().locations}
    assert all(loc.country is None for loc in d.locations)  # names in 'country' are not codes


def to_stix_id(location_id: str) -> str:
    if location_id.startswith("location--"):
        return location_id
    return stix_id("location", "location", location_id)


def test_people_are_individuals_and_their_command_a_link_opencti_accepts() -> None:
    from test_export_stix import evidence_dossier

    created = opencti_import(to_stix(evidence_dossier()))
    petrov = created[stix_id("identity", "person", "p-petrov")]
    assert petrov["type"] == "Individual"
    links = [kw for kw in created.values() if "relationship_type" in kw]
    command = next(kw for kw in links if kw["fromId"] == petrov["stix_id"])
    pair = (created[command["fromId"]]["type"], created[command["toId"]]["type"])
    assert accepted(command["relationship_type"], pair)
    assert command["relationship_type"] == "part-of"
    assert (command["start_time"], command["stop_time"]) == (
        "2025-03-01T12:00:00.000000Z",
        "2025-03-05T12:00:00.000000Z",
    )
    # The geolocated point is a position, not a city or country.
    assert {kw["type"] for kw in created.values() if kw.get("name", "").startswith("Geolocation of")} == {"Position"}
