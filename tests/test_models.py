"""The entity and value models: construction, invariants, derived properties."""

from __future__ import annotations

import copy
import math
import pickle
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given

import conflictmodels.strategies as cst
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Branch,
    Claim,
    Confidence,
    ConflictModelsError,
    ControlChange,
    Echelon,
    Estimate,
    FieldError,
    FieldTypeError,
    GeoPrecision,
    Hedge,
    Hop,
    Likelihood,
    Location,
    LocationKind,
    Point,
    Predicate,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    Unit,
    UnitParent,
    distance_m,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.geo import EARTH_RADIUS_M

UTC = UTC
T0 = datetime(2025, 3, 9, 18, tzinfo=timezone(timedelta(hours=3)))

ALL_MODELS = [
    TimeSpan(start=T0),
    Point(lat=51.0, lon=35.0),
    Estimate.at_most(30_000),
    Hop(source_id="ru-mod", hedge=Hedge.ASSERTED),
    UnitParent(unit_id="ru-20-army"),
    Statement(predicate=Predicate.SITUATION, description="calm"),
    Source(id="ru-mod", name="Russian MoD"),
    Location(id="kositsa", name="Kositsa"),
    Unit(id="ru-810", name="810th Naval Infantry Brigade"),
    Claim(
        id="c1",
        source_id="ru-mod",
        reported_at=T0,
        statement=Statement(predicate=Predicate.SITUATION, description="calm"),
    ),
    Assessment(
        id="a1",
        statement=Statement(predicate=Predicate.SITUATION, description="calm"),
        status=AssessmentStatus.UNVERIFIED,
        assessed_at=T0,
        assessed_by="analyst",
    ),
]


@pytest.mark.parametrize("obj", ALL_MODELS, ids=lambda o: type(o).__name__)
def test_models_are_frozen_keyword_only_and_hashable(obj: object) -> None:
    first = attrs.fields(type(obj))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, first, getattr(obj, first))
    with pytest.raises(TypeError):
        type(obj)(getattr(obj, first))
    assert hash(obj) == hash(attrs.evolve(obj))
    assert obj == attrs.evolve(obj)
    assert obj.extra == {}  # type: ignore[attr-defined]
    assert not hasattr(obj, "__dict__")  # slotted


@pytest.mark.parametrize("obj", ALL_MODELS, ids=lambda o: type(o).__name__)
def test_extra_rejects_field_names(obj: object) -> None:
    first = attrs.fields(type(obj))[0].name
    with pytest.raises(FieldError) as info:
        attrs.evolve(obj, extra={first: 1})
    assert info.value.field == "extra"
    assert attrs.evolve(obj, extra={"x_note": 1}).extra == {"x_note": 1}  # type: ignore[attr-defined]


@pytest.mark.parametrize("obj", [*ALL_MODELS, kursk_dossier()], ids=lambda o: type(o).__name__)
def test_models_survive_pickle_and_deepcopy(obj: object) -> None:
    # values cross process boundaries (multiprocessing) and get copied like any value
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj
    assert copy.copy(obj) == obj


# --- Point and distance ----------------------------------------------------------------


def test_point_edges_and_geojson() -> None:
    for lat, lon in [(90, 180), (-90, -180), (0, 0), (90.0, -180.0)]:
        assert Point(lat=lat, lon=lon).geojson == [lon, lat]
    assert Point(lat=51.7, lon=36.2, precision_m=0, precision=GeoPrecision.EXACT).precision_m == 0


def test_distance() -> None:
    kursk = Point(lat=51.7304, lon=36.1926)
    sumy = Point(lat=50.9077, lon=34.7981)
    assert 130_000 < distance_m(kursk, sumy) < 136_000
    assert distance_m(kursk, kursk) == 0
    north, south = Point(lat=90, lon=0), Point(lat=-90, lon=0)
    assert math.isclose(distance_m(north, south), math.pi * EARTH_RADIUS_M)
    assert math.isclose(distance_m(Point(lat=0, lon=179.5), Point(lat=0, lon=-179.5)), 111_195, rel_tol=1e-3)


@given(cst.points(), cst.points())
def test_distance_is_a_symmetric_bounded_metric(a: Point, b: Point) -> None:
    d = distance_m(a, b)
    assert d == pytest.approx(distance_m(b, a), abs=1e-6)
    assert 0 <= d <= math.pi * EARTH_RADIUS_M + 1e-6


# --- Source, Location, Unit ---------------------------------------------------------------


def test_source() -> None:
    mod = Source(id="ru-mod", name="Russian MoD", aliases=("Минобороны России",), kind=SourceKind.STATE_MILITARY,
                 party="RU", url="https://mil.ru")  # fmt: skip
    assert mod.is_party
    assert mod.names == ("Russian MoD", "Минобороны России")
    assert not Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK).is_party
    assert Source(id="wagner", name="Wagner", party="wagner-group").party == "wagner-group"
    with pytest.raises(FieldError):
        Source(id="x", name="X", party="RUS")
    with pytest.raises(FieldError):
        Source(id="x", name="X", parent_id="x")


def test_location() -> None:
    village = Location(id="novenke", name="Novenke", aliases=("Новеньке",), kind=LocationKind.SETTLEMENT,
                       country="UA", region="UA-59", geonames_id=1, wikidata_id="Q1", osm_id="node/1",
                       point=Point(lat=51.05, lon=35.1))  # fmt: skip
    assert village.names == ("Novenke", "Новеньке")
    assert Location(id="krs", name="Kursk", region="RU-KRS").country is None  # region without country is fine
    for bad in [{"geonames_id": 0}, {"wikidata_id": "Q0"}, {"osm_id": "node/0"}, {"osm_id": "area/1"},
                {"country": "ua"}, {"region": "RU-KURSK"}, {"point": (51.0, 35.0)}]:  # fmt: skip
        with pytest.raises(ConflictModelsError):
            Location(id="x", name="X", **bad)  # type: ignore[arg-type]


def test_unit_designation_shared_but_not_echelon() -> None:
    brigade = Unit(id="ru-11-aab", name="11th Air Assault Brigade", designation="11", echelon=Echelon.BRIGADE,
                   branch=Branch.AIR_ASSAULT, party="RU")  # fmt: skip
    corps = Unit(id="kp-11-corps", name="11th Army Corps", designation="11", echelon=Echelon.CORPS, party="KP")
    assert brigade.designation == corps.designation
    assert brigade != corps
    assert corps.echelon is not None
    assert brigade.echelon is not None
    assert corps.echelon.rank > brigade.echelon.rank


def test_unit_parents_with_periods() -> None:
    during = TimeSpan(start=datetime(2024, 11, 1, tzinfo=UTC), end=datetime(2025, 1, 1, tzinfo=UTC))
    unit = Unit(id="u1", name="Unit", parents=(UnitParent(unit_id="p1", during=during), UnitParent(unit_id="p2")),
                placeholder=True)  # fmt: skip
    assert [p.unit_id for p in unit.parents] == ["p1", "p2"]
    with pytest.raises(FieldError, match="own parent"):
        Unit(id="u1", name="Unit", parents=(UnitParent(unit_id="u1"),))
    with pytest.raises(FieldTypeError):
        Unit(id="u1", name="Unit", parents=("p1",))  # type: ignore[arg-type]
    with pytest.raises(FieldTypeError):
        Unit(id="u1", name="Unit", placeholder=1)  # type: ignore[arg-type]


def test_ids() -> None:
    long_id = "x" * 256
    assert Source(id=long_id, name="X").id == long_id
    assert Source(id="Черкасское-Поречное:1/2", name="X").id == "Черкасское-Поречное:1/2"
    for bad in ["x" * 257, "", "a b", "a\tb", "a\nb", "\x00"]:
        with pytest.raises(FieldError):
            Source(id=bad, name="X")
    with pytest.raises(FieldTypeError):
        Source(id=7, name="X")  # type: ignore[arg-type]


# --- Statement -------------------------------------------------------------------------------


def test_statement_subject() -> None:
    control = Statement(predicate=Predicate.CONTROL, party="RU", change=ControlChange.RECAPTURED,
                        location_ids=("kositsa",))  # fmt: skip
    lost = Statement(predicate=Predicate.CONTROL, party="UA", change=ControlChange.LOST, location_ids=("kositsa",))
    assert control.subject == ("control", ("kositsa",), (), None)
    assert control.subject == lost.subject  # who holds it is the value, not the subject
    ua = Statement(predicate=Predicate.STRENGTH, party="UA", quantity=Estimate.at_most(30_000),
                   location_ids=("kursk", "belgorod"))  # fmt: skip
    ru = attrs.evolve(ua, party="RU")
    assert ua.subject == ("strength", ("belgorod", "kursk"), (), "UA")
    assert ua.subject != ru.subject  # quantities are keyed by party
    custom = Statement(predicate=Predicate.CUSTOM, custom_predicate="talks_scheduled", unit_ids=("b", "a"))
    assert custom.subject == ("talks_scheduled", (), ("a", "b"), None)


def test_statement_requirements() -> None:
    P = Predicate
    ok = [
        Statement(predicate=P.PRESENCE, location_ids=("k",), party="RU"),
        Statement(predicate=P.PRESENCE, location_ids=("k",), unit_ids=("u",)),
        Statement(predicate=P.STRENGTH, party="UA", description="tens of thousands"),
        Statement(predicate=P.CASUALTIES, party="KP", quantity=Estimate.dozens()),
        Statement(predicate=P.ATTACK, party="RU", unit_ids=("u",)),
        Statement(predicate=P.ADVANCE, party="RU", location_ids=("k",)),
        Statement(predicate=P.SITUATION, description="challenging but under control", negated=True),
    ]
    assert all(s.predicate for s in ok)
    bad = [
        {"predicate": P.ATTACK, "party": "RU"},
        {"predicate": P.ADVANCE, "party": "RU"},
        {"predicate": P.ADVANCE, "location_ids": ("k",)},
        {"predicate": P.CONTROL, "change": ControlChange.HOLDS, "location_ids": ("k",)},
        {"predicate": P.CASUALTIES, "party": "UA"},
        {"predicate": P.SITUATION},
        {"predicate": P.SITUATION, "description": "x", "custom_predicate": "y"},
        {"predicate": "control"},
    ]
    for kwargs in bad:
        with pytest.raises(ConflictModelsError):
            Statement(**kwargs)  # type: ignore[arg-type]


# --- Claim and Hop ---------------------------------------------------------------------------


def _control() -> Statement:
    return Statement(predicate=Predicate.CONTROL, party="RU", change=ControlChange.RECAPTURED, location_ids=("k",))


def test_claim_chain() -> None:
    claim = Claim(
        id="c1",
        source_id="ru-mod",
        attribution=(
            Hop(source_id="moscow-times", verb="reported", hedge=Hedge.ASSERTED),
            Hop(source_id="tass", verb="cited", hedge=Hedge.ACCORDING_TO),
            Hop(source_id="ru-mod", verb="announced", hedge=Hedge.ASSERTED, at=T0),
        ),
        reported_at=T0,
        statement=_control(),
    )
    assert claim.origin_id == "ru-mod"
    assert claim.relayed_by == ("moscow-times", "tass")
    bare = attrs.evolve(claim, attribution=())
    assert bare.relayed_by == ()
    with pytest.raises(FieldError, match="must end with the asserting source"):
        attrs.evolve(claim, source_id="tass")
    with pytest.raises(FieldError):
        Hop(source_id="x", verb="", hedge=Hedge.ASSERTED)
    with pytest.raises(FieldTypeError):
        Hop(source_id="x", hedge="claimed")  # type: ignore[arg-type]


def test_claim_fields() -> None:
    claim = Claim(id="c1", source_id="s", reported_at=T0, statement=_control(), language="en-GB",
                  url="https://example.org/x")  # fmt: skip
    assert claim.language == "en-GB"
    for bad in [{"language": "EN"}, {"language": "english"}, {"url": "example.org"}, {"quote": " "},
                {"reported_at": datetime(2025, 3, 9)}, {"credibility": 3}]:  # fmt: skip
        with pytest.raises(ConflictModelsError):
            attrs.evolve(claim, **bad)


# --- Assessment -------------------------------------------------------------------------------


def test_assessment() -> None:
    a = Assessment(
        id="a1",
        statement=_control(),
        status=AssessmentStatus.CORROBORATED,
        likelihood=Likelihood.LIKELY,
        confidence=Confidence.MODERATE,
        supporting=("c1", "c2"),
        contradicting=("c3",),
        related=("c0",),
        independent_origins=2,
        assessed_at=T0,
        assessed_by="conflictmodels",
    )
    assert a.probability_range == (0.55, 0.80)
    assert a.claim_ids == ("c1", "c2", "c3", "c0")
    assert attrs.evolve(a, likelihood=None).probability_range is None
    with pytest.raises(FieldError, match="must not share"):
        attrs.evolve(a, contradicting=("c2",))
    with pytest.raises(FieldError, match="cannot exceed"):
        attrs.evolve(a, independent_origins=3)
    with pytest.raises(FieldError):
        attrs.evolve(a, independent_origins=-1)
    with pytest.raises(FieldError, match="needs supporting claims"):
        attrs.evolve(a, supporting=(), independent_origins=0)
    with pytest.raises(FieldTypeError):
        attrs.evolve(a, independent_origins=True)
    assert attrs.evolve(a, status=AssessmentStatus.CONTESTED, supporting=(), independent_origins=0).supporting == ()
