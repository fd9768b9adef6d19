"""OpenCTI reads our STIX as we mean it: pycti's own importer code (the ``interop`` extra)
types the places, identities and parent links of the Kursk export.

pycti's ``import_from_stix2`` methods decide the OpenCTI entity type and then call
``create``, which needs a live platform; ``create`` is replaced by a recorder, so the
decision code that runs is pycti's own. Skipped when pycti is not installed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

from _support import examples
from conflictmodels import Dossier, reconcile
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export.stix import stix_id, to_stix

pycti = pytest.importorskip("pycti")

# The parent links OpenCTI's platform accepts between these entity types (opencti-graphql,
# src/schema/stixCoreRelationship.ts, stixCoreRelationshipsMapping: City_Region,
# City_Country, Country_Region, Region_Region located-at; Organization_Organization,
# Individual_Organization, Individual_Individual part-of).
ACCEPTED = {
    ("City", "Region"): "located-at",
    ("City", "Country"): "located-at",
    ("Country", "Region"): "located-at",
    ("Region", "Region"): "located-at",
    ("Organization", "Organization"): "part-of",
    ("Individual", "Organization"): "part-of",
    ("Individual", "Individual"): "part-of",
}


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
    assert types == {
        "Kursk region": "Region",
        "Sumy region": "Region",
        "Donetsk region": "Region",
        "Dnipropetrovsk region": "Region",
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
    assert all(kw["relationship_type"] in ("part-of", "located-at") for kw in links)
    for kw in links:
        pair = (by_id[kw["fromId"]]["type"], by_id[kw["toId"]]["type"])
        assert ACCEPTED.get(pair) == kw["relationship_type"], pair
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
def test_every_generated_place_gets_the_type_its_kind_says(d: Dossier) -> None:
    created = opencti_import(to_stix(d))
    expected = {"settlement": "City", "district": "Administrative-Area", "region": "Region", "country": "Country"}
    for loc in d.locations:
        kind = created[to_stix_id(loc.id)]["type"]
        assert kind == expected.get(loc.kind.value, "Position" if loc.point else "Region")


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
    assert ACCEPTED.get(pair) == command["relationship_type"] == "part-of"
    assert (command["start_time"], command["stop_time"]) == (
        "2025-03-01T12:00:00.000000Z",
        "2025-03-05T12:00:00.000000Z",
    )
    # The geolocated point is a position, not a city or country.
    assert {kw["type"] for kw in created.values() if kw.get("name", "").startswith("Geolocation of")} == {"Position"}
