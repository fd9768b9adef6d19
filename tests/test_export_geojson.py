"""GeoJSON export: RFC 7946 structure, [lon, lat] order, and what each feature says."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import attrs
from hypothesis import given, settings

from _support import examples
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Confidence,
    ControlChange,
    Dossier,
    GeoPrecision,
    Likelihood,
    Predicate,
    Statement,
)
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import to_geojson


def check_rfc7946(fc: dict[str, Any]) -> None:
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc
    json.dumps(fc, allow_nan=False)  # plain JSON: no NaN, no datetimes
    ids = [f["id"] for f in fc["features"]]
    assert len(ids) == len(set(ids))
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert all(type(v) in (int, float) for v in (lon, lat))
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        assert isinstance(f["properties"], dict)
        for value in f["properties"].values():
            assert value is None or isinstance(value, (str, int, float, bool, list))


def test_kursk_structure() -> None:
    d = kursk_dossier()
    fc = to_geojson(d)
    check_rfc7946(fc)
    kinds = [f["properties"]["feature_type"] for f in fc["features"]]
    assert kinds.count("location") == sum(loc.point is not None for loc in d.locations) == 10
    assert kinds.count("claim") == sum(bool(c.statement.location_ids) for c in d.claims)


def test_lon_lat_order() -> None:
    fc = to_geojson(kursk_dossier())
    novenke = next(f for f in fc["features"] if f["id"] == "location:novenke")
    # Novenke is at 51.05 N, 35.10 E: GeoJSON writes longitude first.
    assert novenke["geometry"]["coordinates"] == [35.10, 51.05]
    saudi = next(f for f in fc["features"] if f["id"] == "location:saudi-arabia")
    assert saudi["geometry"]["coordinates"] == [45.0, 24.0]


def test_location_properties() -> None:
    props = next(f for f in to_geojson(kursk_dossier())["features"] if f["id"] == "location:kursk-oblast")["properties"]
    assert props["name"] == "Kursk region"
    assert "Курская область" in props["aliases"]
    assert (props["kind"], props["country"], props["region"]) == ("region", "RU", "RU-KRS")
    assert props["precision"] == "adm1"
    assert props["geo_precision"] == GeoPrecision.ADM1.acled_geo_precision == 3
    assert props["where_prec"] == GeoPrecision.ADM1.ucdp_where_prec == 4
    assert props["precision_m"] == 150_000.0


def test_claim_properties() -> None:
    fc = to_geojson(kursk_dossier())
    claim = next(f for f in fc["features"] if f["id"] == "claim:kursk-mod-kositsa")
    p = claim["properties"]
    assert claim["geometry"]["coordinates"] == [35.23, 51.28]
    assert p["source_id"] == "ru-mod"
    assert p["source"] == "Ministry of Defence of the Russian Federation"
    assert (p["predicate"], p["party"], p["change"]) == ("control", "RU", "recaptured")
    assert p["reported_at"] == "2025-03-09T18:00:00+03:00"
    assert p["date_end"] == "2025-03-09"  # "by Sunday": the span ends at midnight, exclusive
    assert (p["time_precision"], p["date_prec"]) == (1, 1)
    assert p["quote"].startswith("Russia's Defense Ministry")
    assert p["status"] is None


def test_claim_without_located_place_is_left_out() -> None:
    d = kursk_dossier()
    unlocated = [c.id for c in d.claims if not c.statement.location_ids]
    ids = {f["id"] for f in to_geojson(d)["features"]}
    for cid in unlocated:
        assert f"claim:{cid}" not in ids


def test_assessment_feature_and_claim_status() -> None:
    d = kursk_dossier()
    a = Assessment(
        id="a-kositsa",
        statement=Statement(
            predicate=Predicate.CONTROL, party="RU", change=ControlChange.HOLDS, location_ids=("kositsa",)
        ),
        status=AssessmentStatus.UNVERIFIED,
        likelihood=Likelihood.LIKELY,
        confidence=Confidence.LOW,
        supporting=("kursk-mod-kositsa",),
        independent_origins=1,
        assessed_at=datetime(2025, 3, 10, tzinfo=UTC),
        assessed_by="analyst",
    )
    fc = to_geojson(attrs.evolve(d, assessments=(a,)))
    check_rfc7946(fc)
    feature = next(f for f in fc["features"] if f["id"] == "assessment:a-kositsa")
    assert feature["geometry"]["coordinates"] == [35.23, 51.28]
    p = feature["properties"]
    assert (p["status"], p["likelihood"], p["confidence"]) == ("unverified", "likely", "low")
    assert (p["probability_low"], p["probability_high"]) == (0.55, 0.8)
    assert p["supporting"] == ["kursk-mod-kositsa"]
    claim = next(f for f in fc["features"] if f["id"] == "claim:kursk-mod-kositsa")
    assert claim["properties"]["status"] == "unverified"
    assert claim["properties"]["assessment_id"] == "a-kositsa"


def test_empty_dossier() -> None:
    assert to_geojson(Dossier()) == {"type": "FeatureCollection", "features": []}


@settings(max_examples=examples(200))
@given(cs.dossiers())
def test_generated_dossiers(d: Dossier) -> None:
    fc = to_geojson(d)
    check_rfc7946(fc)
    for f in fc["features"]:
        p = f["properties"]
        if p["feature_type"] == "geolocation":  # drawn where the media were geolocated, not at the place
            g = d.claim(p["claim_id"]).evidence.geolocation  # type: ignore[union-attr]
            assert g is not None
            assert g.verified
            assert g.point is not None
            assert f["geometry"]["coordinates"] == [g.point.lon, g.point.lat]
            continue
        loc = d.location(p["id"] if p["feature_type"] == "location" else p["location_id"])
        assert loc.point is not None
        lon, lat = f["geometry"]["coordinates"]
        assert (lon, lat) == (loc.point.lon, loc.point.lat)
        assert not math.isnan(lon)
    located = {loc.id for loc in d.locations if loc.point is not None}
    expected = sum(any(i in located for i in c.statement.location_ids) for c in d.claims)
    assert sum(f["properties"]["feature_type"] == "claim" for f in fc["features"]) == expected
