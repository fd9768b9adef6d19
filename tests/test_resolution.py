"""Entity resolution: merging duplicate locations, units and sources (conflictmodels.resolution)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import (
    Affiliation,
    AffiliationKind,
    Assessment,
    AssessmentStatus,
    Branch,
    Claim,
    ControlChange,
    Dossier,
    Echelon,
    FieldError,
    GeoPrecision,
    Hedge,
    Hop,
    Location,
    LocationKind,
    Point,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    Unit,
    UnitParent,
    distance_m,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.resolution import (
    DEFAULT_RESOLUTION_POLICY,
    LocationRules,
    Resolution,
    ResolutionPolicy,
    SourceRules,
    UnitRules,
    location_radius_m,
    match_locations,
    match_sources,
    match_units,
    resolve_entities,
)
from conflictmodels.strategies import dossiers

T0 = datetime(2025, 3, 9, 18, tzinfo=UTC)
SUMY = "UA-59"
NOVENKE_PT = Point(lat=51.05, lon=35.10, precision_m=5000.0, precision=GeoPrecision.EXACT)


def loc(id: str, name: str, **kw: Any) -> Location:
    return Location(id=id, name=name, **kw)


def control(id: str, location_id: str, source_id: str = "src") -> Claim:
    return Claim(
        id=id,
        source_id=source_id,
        reported_at=T0,
        statement=Statement(
            predicate=Predicate.CONTROL, party="RU", change=ControlChange.CAPTURED, location_ids=(location_id,)
        ),
    )


def resolve(*entities: Location | Unit | Source, claims: Sequence[Claim] = ()) -> Resolution:
    srcs = tuple(e for e in entities if isinstance(e, Source))
    if claims and not any(s.id == "src" for s in srcs):
        srcs = (Source(id="src", name="Some outlet"), *srcs)
    return resolve_entities(
        Dossier(
            sources=srcs,
            locations=tuple(e for e in entities if isinstance(e, Location)),
            units=tuple(e for e in entities if isinstance(e, Unit)),
            claims=tuple(claims),
        )
    )


# ------------------------------------------------------------------------------- locations


def test_transliterations_of_one_village_merge() -> None:
    r = resolve(
        loc("cp-2", "Черкасское Поречное", region="RU-KRS", point=NOVENKE_PT),
        loc("cp-4", "Cherkasskoe Porechnoe", region="RU-KRS"),  # no coordinates, no gazetteer id: kept apart
        loc("cp-1", "Cherkasskoye Porechnoye", region="RU-KRS", point=NOVENKE_PT),
        loc("cp-3", "Cherkasskoe Porechnoe", country="RU", point=NOVENKE_PT),
    )
    assert dict(r.mapping["locations"]) == {"cp-2": "cp-1", "cp-3": "cp-1"}
    assert sorted(x.id for x in r.dossier.locations) == ["cp-1", "cp-4"]
    merged = r.dossier.location("cp-1")
    assert merged.name == "Cherkasskoye Porechnoye"
    assert merged.aliases == ("Черкасское Поречное", "Cherkasskoe Porechnoe")  # in id order
    assert (merged.country, merged.region, merged.point) == ("RU", "RU-KRS", NOVENKE_PT)
    assert {d.ids for d in r.possible} >= {("cp-1", "cp-4")}


def test_malaya_lokhnya_spellings_merge_by_coordinates() -> None:
    near = Point(lat=51.281, lon=35.301, precision=GeoPrecision.EXACT)
    d = match_locations(
        loc("a", "Malaya Lokhnya", point=Point(lat=51.28, lon=35.30, precision=GeoPrecision.EXACT)),
        loc("b", "Malaya Loknya", point=near),
    )
    assert d.merge
    assert d.score >= DEFAULT_RESOLUTION_POLICY.locations.threshold
    assert any("share the key" in r for r in d.reasons)


def test_homonym_novenke_in_another_oblast_stays_separate() -> None:
    d = match_locations(
        loc("novenke", "Novenke", region=SUMY, point=NOVENKE_PT),
        loc("novenke-2", "Новеньке", region="UA-14", point=NOVENKE_PT),
    )
    assert not d.merge
    assert d.vetoes == ("different regions UA-14 / UA-59",)


def test_homonym_novenke_300_km_away_stays_separate() -> None:
    far = Point(lat=48.35, lon=35.10, precision=GeoPrecision.EXACT)
    d = match_locations(loc("a", "Novenke", point=NOVENKE_PT), loc("b", "Novenke", point=far))
    assert not d.merge
    assert "beyond the 10.0 km tolerance" in d.vetoes[0]


def test_tolerance_grows_with_imprecise_points() -> None:
    # An oblast-level point 100 km away is compatible with an exact one (5 km + 250 km),
    # but it identifies no village: a possible match, not a merge (it merged before).
    adm1 = Point(lat=51.95, lon=35.10, precision=GeoPrecision.ADM1)
    d = match_locations(loc("a", "Novenke", region=SUMY, point=NOVENKE_PT), loc("b", "Novenke", point=adm1))
    assert (d.merge, d.possible, d.vetoes) == (False, True, ())
    assert "too coarse" in d.reasons[-1]
    # ... and not even compatible when its radius is given as 20 km.
    tight = attrs.evolve(adm1, precision_m=20_000.0)
    assert match_locations(loc("a", "Novenke", point=NOVENKE_PT), loc("b", "Novenke", point=tight)).vetoes


def test_same_name_without_coordinates_or_region_does_not_merge() -> None:
    d = match_locations(loc("a", "Novenke"), loc("b", "Novenke", country="UA"))
    assert not d.merge
    assert not d.vetoes
    assert d.score < DEFAULT_RESOLUTION_POLICY.locations.threshold


def test_same_name_same_region_is_only_a_possible_match() -> None:
    # It merged before: many villages of one oblast share a name (issue #13, item 6).
    d = match_locations(loc("a", "Novenke", region=SUMY), loc("b", "Новеньке", region=SUMY))
    assert (d.merge, d.possible) == (False, True)
    relaxed = ResolutionPolicy(locations=LocationRules(require_geo_evidence=False))
    assert match_locations(loc("a", "Novenke", region=SUMY), loc("b", "Новеньке", region=SUMY), relaxed).merge


def test_equal_gazetteer_id_merges_even_without_shared_names() -> None:
    d = match_locations(loc("a", "Kursk region", geonames_id=538555), loc("b", "Курская обл.", geonames_id=538555))
    assert d.merge
    assert "same GeoNames id 538555" in d.reasons


def test_different_gazetteer_ids_never_merge() -> None:
    d = match_locations(
        loc("a", "Novenke", region=SUMY, point=NOVENKE_PT, wikidata_id="Q1"),
        loc("b", "Novenke", region=SUMY, point=NOVENKE_PT, wikidata_id="Q2"),
    )
    assert not d.merge
    assert d.vetoes == ("different Wikidata ids Q1 / Q2",)


def test_settlement_never_merges_with_region() -> None:
    d = match_locations(
        loc("kursk", "Kursk", kind=LocationKind.SETTLEMENT, region="RU-KRS"),
        loc("kursk-oblast", "Kursk Oblast", kind=LocationKind.REGION, region="RU-KRS"),
    )
    assert not d.merge
    assert d.vetoes == ("different kinds region / settlement",)


def test_compatible_kinds_can_be_allowed_by_policy() -> None:
    policy = ResolutionPolicy(
        locations=LocationRules(compatible_kinds=frozenset({frozenset({LocationKind.AREA, LocationKind.REGION})}))
    )
    a = loc("a", "Kursk direction", kind=LocationKind.AREA, region="RU-KRS", wikidata_id="Q1")
    b = loc("b", "Kursk direction", kind=LocationKind.REGION, region="RU-KRS", wikidata_id="Q1")
    assert not match_locations(a, b).merge
    assert match_locations(a, b, policy).merge


def test_region_of_another_country_never_merges() -> None:
    d = match_locations(loc("a", "Novenke", region=SUMY, point=NOVENKE_PT), loc("b", "Novenke", country="RU"))
    assert d.vetoes == ("different countries RU / UA",)


def test_more_precise_point_survives_and_fields_are_filled() -> None:
    coarse = Point(lat=51.05, lon=35.13, precision_m=8000.0, precision=GeoPrecision.NEAR)
    r = resolve(
        loc("a", "Novenke", region=SUMY, point=coarse),
        loc("b", "Novenke", country="UA", point=NOVENKE_PT, geonames_id=7),
    )
    (merged,) = r.dossier.locations
    assert merged.point == NOVENKE_PT
    assert merged.geonames_id == 7
    assert merged.region == SUMY


def test_aliases_are_deduplicated_by_normalised_form() -> None:
    r = resolve(
        loc("b", "NOVENKE", aliases=("Новеньке", "noven'ke"), region=SUMY, point=NOVENKE_PT),
        loc("a", "Novenke", aliases=("Новеньке",), region=SUMY, point=NOVENKE_PT),
    )
    assert r.dossier.locations[0].names == ("Novenke", "Новеньке")


def test_claims_are_re_pointed_and_all_kept() -> None:
    r = resolve(
        loc("novenke-b", "Новеньке", region=SUMY, point=NOVENKE_PT),
        loc("novenke-a", "Novenke", region=SUMY, point=NOVENKE_PT),
        claims=[control("c1", "novenke-b"), control("c2", "novenke-a")],
    )
    assert [c.statement.location_ids for c in r.dossier.claims] == [("novenke-a",), ("novenke-a",)]
    assert [c.id for c in r.dossier.claims] == ["c1", "c2"]


def test_statement_naming_both_duplicates_names_the_survivor_once() -> None:
    s = Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("b", "a", "x"))
    claim = Claim(id="c", source_id="src", reported_at=T0, statement=s)
    r = resolve(
        loc("a", "Novenke", region=SUMY, point=NOVENKE_PT),
        loc("b", "Новеньке", region=SUMY, point=NOVENKE_PT),
        loc("x", "Sumy", kind=LocationKind.SETTLEMENT),
        claims=[claim],
    )
    assert r.dossier.claims[0].statement.location_ids == ("a", "x")


def test_parent_duplicates_merge_first_then_children() -> None:
    # Two copies of the oblast (different ids) keep their villages apart in round one;
    # once the oblasts merge, the villages have one parent and merge in round two.
    r = resolve(
        loc("sumy-1", "Sumy Oblast", kind=LocationKind.REGION, region=SUMY),
        loc("sumy-2", "Sumy region", kind=LocationKind.REGION, region=SUMY),
        loc("v1", "Novenke", parent_id="sumy-1", point=NOVENKE_PT),
        loc("v2", "Новеньке", parent_id="sumy-2", point=NOVENKE_PT),
    )
    assert dict(r.mapping["locations"]) == {"sumy-2": "sumy-1", "v2": "v1"}
    assert r.dossier.location("v1").parent_id == "sumy-1"
    assert resolve_entities(r.dossier).dossier == r.dossier


def test_group_with_a_forbidden_pair_is_not_formed() -> None:
    # b is compatible with a and with c, but a and c are in different oblasts.
    pt = NOVENKE_PT
    r = resolve(
        loc("a", "Novenke", region=SUMY, point=pt),
        loc("b", "Novenke", country="UA", point=pt),
        loc("c", "Novenke", region="UA-18", point=pt),
    )
    groups = {r.resolve("locations", i) for i in "ac"}
    assert len(groups) == 2
    assert len(r.dossier.locations) == 2
    blocked = [d for d in r.decisions if any("in one group" in v for v in d.vetoes)]
    assert len(blocked) == 1


def test_merged_point_does_not_let_a_group_drift_apart() -> None:
    # b lies between a and c and is more precise; a and c are too far apart to merge.
    # After b merges into a, the group carries b's point, but c must still stay apart.
    def at(lat: float, radius: float) -> Point:
        return Point(lat=lat, lon=35.0, precision_m=radius)

    r = resolve(
        loc("a", "Novenke", region=SUMY, point=at(51.0, 5000.0)),
        loc("b", "Novenke", region=SUMY, point=at(51.054, 2000.0)),
        loc("c", "Novenke", region=SUMY, point=at(51.108, 5000.0)),
    )
    assert r.resolve("locations", "a") != r.resolve("locations", "c")
    assert len(r.dossier.locations) == 2
    assert resolve_entities(r.dossier).dossier == r.dossier


def test_merged_point_is_the_circle_every_report_allows() -> None:
    a = Point(lat=51.0, lon=35.0, precision_m=5000.0)
    b = Point(lat=51.054, lon=35.0, precision_m=5000.0)  # 6 km north: the circles overlap by 4 km
    r = resolve(loc("a", "Novenke", region=SUMY, point=a), loc("b", "Novenke", region=SUMY, point=b))
    merged = r.dossier.location("a").point
    assert merged is not None
    assert merged.precision_m is not None
    assert merged.precision_m == pytest.approx(2000.0, rel=0.01)
    assert distance_m(merged, a) + merged.precision_m <= 5000.0
    assert distance_m(merged, b) + merged.precision_m <= 5000.0


# ---------------------------------------------------------------------------------- units

NIB = Unit(
    id="ru-810",
    name="810th Naval Infantry Brigade",
    designation="810",
    echelon=Echelon.BRIGADE,
    branch=Branch.NAVAL_INFANTRY,
    party="RU",
)


def test_810th_naval_infantry_equals_guards_separate_marine_brigade() -> None:
    other = Unit(id="u-810-marines", name="810th Guards Separate Marine Brigade", branch=Branch.MARINES, party="RU")
    r = resolve(NIB, other)
    assert dict(r.mapping["units"]) == {"u-810-marines": "ru-810"}
    merged = r.dossier.unit("ru-810")
    assert merged.aliases == ("810th Guards Separate Marine Brigade",)
    assert merged.branch is Branch.NAVAL_INFANTRY


def test_russian_name_of_a_unit_merges() -> None:
    other = Unit(id="u2", name="810-я отдельная гвардейская бригада морской пехоты", party="RU")
    assert match_units(NIB, other).merge


def test_air_assault_brigade_never_merges_with_army_corps() -> None:
    d = match_units(
        Unit(id="a", name="11th Air Assault Brigade", designation="11", party="RU"),
        Unit(id="b", name="11th Army Corps", designation="11", party="RU"),
    )
    assert not d.merge
    assert d.vetoes == ("different echelons brigade / corps",)


def test_same_number_in_two_armies_stays_separate() -> None:
    d = match_units(
        Unit(id="ru", name="11th Air Assault Brigade", party="RU"),
        Unit(id="ua", name="11th Air Assault Brigade", party="UA"),
    )
    assert not d.merge
    assert d.vetoes == ("different parties RU / UA",)


def test_different_designations_never_merge() -> None:
    d = match_units(NIB, attrs.evolve(NIB, id="x", designation="81", name="81st Naval Infantry Brigade"))
    assert d.vetoes == ("different designations 81 / 810",)


def test_different_branches_never_merge_unless_policy_allows() -> None:
    a = Unit(id="a", name="11th Brigade", branch=Branch.AIR_ASSAULT, party="RU")
    b = Unit(id="b", name="11th Brigade", branch=Branch.AIRBORNE, party="RU")
    assert not match_units(a, b).merge
    assert match_units(a, b, ResolutionPolicy(units=UnitRules(branch_must_match=False))).merge


def test_shorter_name_contained_in_longer_merges_when_fields_agree() -> None:
    short = Unit(id="u2", name="810th Brigade", party="RU")
    d = match_units(NIB, short)
    assert d.merge
    assert any("contained" in r for r in d.reasons)


def test_placeholders_never_merge() -> None:
    a = Unit(id="p1", name="Unknown parent", placeholder=True)
    b = Unit(id="p2", name="Unknown parent", placeholder=True)
    assert match_units(a, b).vetoes == ("a placeholder unit is never merged",)


def test_unit_parents_are_united_and_re_pointed() -> None:
    fleet = Unit(id="fleet", name="1st Guards Tank Army", party="RU")
    fleet2 = Unit(id="fleet-2", name="1-я гвардейская танковая армия", party="RU", echelon=Echelon.ARMY)
    a = attrs.evolve(NIB, parents=(UnitParent(unit_id="fleet"),))
    b = Unit(id="ru-810b", name="810th Marine Brigade", party="RU", parents=(UnitParent(unit_id="fleet-2"),))
    r = resolve(fleet, fleet2, a, b)
    assert dict(r.mapping["units"]) == {"fleet-2": "fleet", "ru-810b": "ru-810"}
    assert r.dossier.unit("ru-810").parents == (UnitParent(unit_id="fleet"),)


# -------------------------------------------------------------------------------- sources

MOD = Source(
    id="ru-mod",
    name="Ministry of Defence of the Russian Federation",
    kind=SourceKind.STATE_MILITARY,
    party="RU",
)


@pytest.mark.parametrize("name", ["Russia's Defense Ministry", "Russian MoD", "Минобороны России", "RF MoD"])
def test_ministry_aliases_merge(name: str) -> None:
    assert match_sources(MOD, Source(id="m2", name=name, party="RU")).merge


def test_sources_of_different_parties_never_merge() -> None:
    d = match_sources(MOD, Source(id="m2", name="Russian MoD", party="UA"))
    assert d.vetoes == ("different parties RU / UA",)


def test_sources_of_different_kinds_never_merge() -> None:
    d = match_sources(MOD, Source(id="m2", name="Russian MoD", kind=SourceKind.STATE_MEDIA))
    assert d.vetoes == ("different kinds state_media / state_military",)


def test_a_merge_that_closes_an_ownership_cycle_drops_the_tie_not_the_dossier() -> None:
    """Zvezda is owned by the ministry; the ministry's duplicate is filed under Zvezda.
    Merging the duplicate makes a ring of ownership and parenthood; the link from the
    smallest id (Zvezda's tie to its owner) is cut by dropping the tie, instead of
    failing on an owned_by tie without an owner."""
    zvezda = Source(id="b", name="Zvezda TV", affiliations=(Affiliation(kind=AffiliationKind.OWNED_BY, source_id="c"),))
    mod = Source(id="c", name="Ministry of Defence", kind=SourceKind.STATE_MILITARY)
    duplicate = Source(id="d", name="Ministry of Defence", kind=SourceKind.STATE_MILITARY, parent_id="b")
    r = resolve_entities(Dossier(sources=(zvezda, mod, duplicate)))
    assert dict(r.mapping["sources"]) == {"d": "c"}
    assert r.dossier.source("b").affiliations == ()
    assert r.dossier.source("c").parent_id == "b"


def test_same_home_page_merges_different_names() -> None:
    a = Source(id="isw", name="Institute for the Study of War", url="https://www.understandingwar.org")
    b = Source(id="isw-2", name="ISW", url="https://understandingwar.org/")
    assert match_sources(a, b).merge


def test_different_reliability_ratings_do_not_merge() -> None:
    a = Source(id="a", name="Forbes", reliability=Reliability.B)
    b = Source(id="b", name="Forbes", reliability=Reliability.C)
    assert not match_sources(a, b).merge


def test_hops_and_source_ids_are_re_pointed() -> None:
    dup = Source(id="z-mod", name="Russian MoD", party="RU")
    outlet = Source(id="outlet", name="Outlet")
    claim = Claim(
        id="c",
        source_id="z-mod",
        attribution=(Hop(source_id="outlet", hedge=Hedge.ASSERTED), Hop(source_id="z-mod", hedge=Hedge.ASSERTED)),
        reported_at=T0,
        statement=Statement(predicate=Predicate.SITUATION, description="x"),
    )
    r = resolve_entities(Dossier(sources=(MOD, dup, outlet), claims=(claim,)))
    c = r.dossier.claims[0]
    assert c.source_id == "ru-mod"
    assert [h.source_id for h in c.attribution] == ["outlet", "ru-mod"]
    assert r.absorbed("sources", "ru-mod") == ("z-mod",)


# ------------------------------------------------------------------------- whole dossiers


def test_kursk_dossier_has_no_duplicates() -> None:
    r = resolve_entities(kursk_dossier())
    assert r.dossier == kursk_dossier()
    assert all(not m for m in r.mapping.values())


def test_second_report_about_kursk_merges_into_the_first() -> None:
    d = kursk_dossier()
    second = Dossier(
        sources=(Source(id="zz-mod", name="Russian Defense Ministry", kind=SourceKind.STATE_MILITARY, party="RU"),),
        locations=(
            loc(
                "zz-cp",
                "Cherkasskoe Porechnoe",
                region="RU-KRS",
                point=Point(lat=51.25, lon=35.2, precision=GeoPrecision.EXACT),
            ),
        ),
        units=(Unit(id="zz-810", name="810th Guards Separate Marine Brigade", party="RU"),),
        claims=(
            Claim(
                id="zz-claim",
                source_id="zz-mod",
                reported_at=T0,
                statement=Statement(
                    predicate=Predicate.PRESENCE, party="RU", location_ids=("zz-cp",), unit_ids=("zz-810",)
                ),
            ),
        ),
        assessments=(
            Assessment(
                id="zz-a",
                statement=Statement(
                    predicate=Predicate.CONTROL, party="RU", change=ControlChange.RECAPTURED, location_ids=("zz-cp",)
                ),
                status=AssessmentStatus.UNVERIFIED,
                supporting=("zz-claim",),
                assessed_at=T0,
                assessed_by="test",
            ),
        ),
    )
    both = attrs.evolve(
        d,
        sources=d.sources + second.sources,
        locations=d.locations + second.locations,
        units=d.units + second.units,
        claims=d.claims + second.claims,
        assessments=second.assessments,
    )
    r = resolve_entities(both)
    assert dict(r.mapping["sources"]) == {"zz-mod": "ru-mod"}
    assert dict(r.mapping["locations"]) == {"zz-cp": "cherkasskoye-porechnoye"}
    assert dict(r.mapping["units"]) == {"zz-810": "ru-810-naval-infantry-brigade"}
    claim = r.dossier.claim("zz-claim")
    assert claim.source_id == "ru-mod"
    assert claim.statement.location_ids == ("cherkasskoye-porechnoye",)
    assert claim.statement.unit_ids == ("ru-810-naval-infantry-brigade",)
    assert r.dossier.assessments[0].statement.location_ids == ("cherkasskoye-porechnoye",)
    assert len(r.dossier.claims) == len(both.claims)
    assert "Russian Defense Ministry" in r.dossier.source("ru-mod").aliases


# --------------------------------------------------------------------------------- policy


def test_policy_is_validated() -> None:
    with pytest.raises(FieldError, match="name_weight"):
        LocationRules(name_weight=-1.0)
    with pytest.raises(FieldError, match="threshold"):
        SourceRules(threshold=1.5)
    with pytest.raises(FieldError, match="radii_m"):
        LocationRules(radii_m={**DEFAULT_RESOLUTION_POLICY.locations.radii_m, GeoPrecision.EXACT: -5.0})
    with pytest.raises(FieldError, match="geo_score_at_tolerance"):
        LocationRules(geo_score_at_tolerance=1.5)
    with pytest.raises(FieldError, match="contained_min_words"):
        UnitRules(contained_min_words=0)
    with pytest.raises(FieldError, match="max_rounds"):
        ResolutionPolicy(max_rounds=0)


@pytest.mark.parametrize("missing", [*GeoPrecision, None])
def test_radii_cover_every_precision_code(missing: GeoPrecision | None) -> None:
    radii = {k: v for k, v in DEFAULT_RESOLUTION_POLICY.locations.radii_m.items() if k != missing}
    with pytest.raises(FieldError, match=f"radii_m: has no entry for {missing!r}"):
        LocationRules(radii_m=radii)


def test_rules_live_in_the_policy_module() -> None:
    import conflictmodels.resolution as resolution
    from conflictmodels import policy

    for name in ("ResolutionPolicy", "LocationRules", "UnitRules", "SourceRules", "DEFAULT_RESOLUTION_POLICY"):
        assert getattr(resolution, name) is getattr(policy, name)
        assert name in resolution.__all__


def test_wider_radius_is_a_policy_change() -> None:
    here = Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT)
    there = Point(lat=51.15, lon=35.10, precision=GeoPrecision.EXACT)  # about 11 km north
    a, b = loc("a", "Novenke", point=here), loc("b", "Novenke", point=there)
    assert match_locations(a, b).vetoes
    radii = {**DEFAULT_RESOLUTION_POLICY.locations.radii_m, GeoPrecision.EXACT: 10_000.0}
    wide = ResolutionPolicy(locations=LocationRules(radii_m=radii))
    assert not match_locations(a, b, wide).vetoes


def test_stricter_threshold_prevents_a_merge() -> None:
    north = attrs.evolve(NOVENKE_PT, lat=NOVENKE_PT.lat + 0.05)  # 5.6 km north: name 0.54 + geo 0.22
    a, b = loc("a", "Novenke", point=NOVENKE_PT), loc("b", "Новеньке", point=north)
    assert match_locations(a, b).merge
    assert not match_locations(a, b, ResolutionPolicy(locations=LocationRules(threshold=0.95))).merge


def test_scores_are_clamped() -> None:
    a = loc("a", "Novenke", region=SUMY, point=NOVENKE_PT, geonames_id=1)
    assert match_locations(a, attrs.evolve(a, id="b")).score == 1.0


def test_default_radii() -> None:
    radius = {p: location_radius_m(Point(lat=0, lon=0, precision=p)) for p in GeoPrecision}
    assert radius[GeoPrecision.EXACT] == 5_000
    assert radius[GeoPrecision.NEAR] == 25_000
    assert radius[GeoPrecision.ADM2] == 60_000
    assert radius[GeoPrecision.ADM1] == 250_000
    assert location_radius_m(Point(lat=0, lon=0)) == 10_000
    assert radius == {p: DEFAULT_RESOLUTION_POLICY.locations.radius_m(p) for p in GeoPrecision}


# ------------------------------------------------------------------------------ properties

_PLACE_NAMES = [
    "Cherkasskoye Porechnoye",
    "Cherkasskoe Porechnoe",
    "Черкасское Поречное",
    "Novenke",
    "Новеньке",
    "Malaya Lokhnya",
    "Malaya Loknya",
    "Kositsa",
    "Kosytsia",
]
_REGIONS = [None, "UA-59", "UA-14", "RU-KRS"]
_BASES = [(51.05, 35.10), (51.24, 35.19), (48.35, 35.10)]
_UNIT_NAMES = [
    "810th Naval Infantry Brigade",
    "810th Guards Separate Marine Brigade",
    "810-я бригада морской пехоты",
    "11th Air Assault Brigade",
    "11th Army Corps",
    "11th Corps",
    "810th Brigade",
]
_SOURCE_NAMES = ["Russian MoD", "Russia's Defense Ministry", "Минобороны России", "ISW", "General Staff", "GS"]


_BOOL = st.booleans()
_BASE = st.sampled_from(_BASES)
_DLAT, _DLON = st.sampled_from([0.0, 0.03, 0.08]), st.sampled_from([0.0, 0.05])
_PRECISION = st.sampled_from([None, GeoPrecision.EXACT, GeoPrecision.ADM2])
_PLACE = st.sampled_from(_PLACE_NAMES)
_ALIASES = st.lists(_PLACE, max_size=1).map(tuple)
_REGION = st.sampled_from(_REGIONS)
_COUNTRY = st.sampled_from([None, "UA", "RU"])
_LOC_KIND = st.sampled_from([LocationKind.SETTLEMENT, LocationKind.SETTLEMENT, LocationKind.REGION])
_GEONAMES = st.sampled_from([None, None, None, 1, 2])
_UNIT_NAME = st.sampled_from(_UNIT_NAMES)
_DESIGNATION = st.sampled_from([None, "810", "11"])
_ECHELON = st.sampled_from([None, Echelon.BRIGADE, Echelon.CORPS])
_BRANCH = st.sampled_from([None, Branch.NAVAL_INFANTRY, Branch.MARINES, Branch.AIR_ASSAULT])
_UNIT_PARTY = st.sampled_from([None, "RU", "KP", "UA"])
_PLACEHOLDER = st.sampled_from([False, False, False, True])
_SOURCE_NAME = st.sampled_from(_SOURCE_NAMES)
_SOURCE_KIND = st.sampled_from([SourceKind.OTHER, SourceKind.STATE_MILITARY, SourceKind.THINK_TANK])
_SOURCE_PARTY = st.sampled_from([None, "RU", "UA"])
_RELIABILITY = st.sampled_from([None, None, Reliability.B])


def _point(draw: st.DrawFn) -> Point | None:
    if draw(_BOOL):
        return None
    lat, lon = draw(_BASE)
    return Point(lat=lat + draw(_DLAT), lon=lon + draw(_DLON), precision=draw(_PRECISION))


def _location(draw: st.DrawFn, id: str) -> Location:
    region = draw(_REGION)
    return Location(
        id=id,
        name=draw(_PLACE),
        aliases=draw(_ALIASES),
        kind=draw(_LOC_KIND),
        country=region[:2] if region else draw(_COUNTRY),
        region=region,
        point=_point(draw),
        geonames_id=draw(_GEONAMES),
    )


def _unit(draw: st.DrawFn, id: str) -> Unit:
    return Unit(
        id=id,
        name=draw(_UNIT_NAME),
        designation=draw(_DESIGNATION),
        echelon=draw(_ECHELON),
        branch=draw(_BRANCH),
        party=draw(_UNIT_PARTY),
        placeholder=draw(_PLACEHOLDER),
    )


def _source(draw: st.DrawFn, id: str) -> Source:
    return Source(
        id=id,
        name=draw(_SOURCE_NAME),
        kind=draw(_SOURCE_KIND),
        party=draw(_SOURCE_PARTY),
        reliability=draw(_RELIABILITY),
    )


_SIZES = st.tuples(st.integers(0, 7), st.integers(0, 5), st.integers(1, 5))


@st.composite
def duplicate_prone_dossiers(draw: st.DrawFn) -> Dossier:
    """Small dossiers whose entities are drawn from few names, places and fields."""
    n_loc, n_unit, n_src = draw(_SIZES)
    locs = [_location(draw, f"L{i}") for i in range(n_loc)]
    if len(locs) > 1 and draw(_BOOL):
        locs[-1] = attrs.evolve(locs[-1], parent_id=locs[draw(st.integers(0, len(locs) - 2))].id)
    units = [_unit(draw, f"U{i}") for i in range(n_unit)]
    srcs = [_source(draw, f"S{i}") for i in range(n_src)]
    pick = st.integers(0, n_src - 1)
    claims = []
    for i, place in enumerate(locs):
        sid, relay = srcs[draw(pick)].id, srcs[draw(pick)].id
        claims.append(
            Claim(
                id=f"C{i}",
                source_id=sid,
                attribution=(Hop(source_id=relay, hedge=Hedge.ASSERTED), Hop(source_id=sid, hedge=Hedge.ASSERTED)),
                reported_at=T0,
                statement=Statement(
                    predicate=Predicate.PRESENCE,
                    party="RU",
                    location_ids=tuple(dict.fromkeys((place.id, *(x.id for x in locs[:1])))),
                    unit_ids=tuple(u.id for u in units[:2]),
                ),
            )
        )
    return Dossier(sources=tuple(srcs), locations=tuple(locs), units=tuple(units), claims=tuple(claims))


def _by_id(items: Sequence[Any]) -> list[Any]:
    return sorted(items, key=lambda e: e.id)


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(d: Dossier, rnd: Any) -> None:
    shuffled = attrs.evolve(
        d,
        sources=tuple(rnd.sample(d.sources, len(d.sources))),
        locations=tuple(rnd.sample(d.locations, len(d.locations))),
        units=tuple(rnd.sample(d.units, len(d.units))),
    )
    a, b = resolve_entities(d), resolve_entities(shuffled)
    assert a.mapping == b.mapping
    assert a.decisions == b.decisions
    for kind in ("sources", "locations", "units"):
        assert _by_id(getattr(a.dossier, kind)) == _by_id(getattr(b.dossier, kind))
    assert a.dossier.claims == b.dossier.claims


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers())
def test_resolution_is_idempotent(d: Dossier) -> None:
    once = resolve_entities(d)
    twice = resolve_entities(once.dossier)
    assert twice.dossier == once.dossier
    assert all(not m for m in twice.mapping.values())


def _groups(r: Resolution, kind: str, items: Sequence[Any]) -> list[list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(r.mapping[kind].get(item.id, item.id), []).append(item)
    return [g for g in groups.values() if len(g) > 1]


def _conflict(a: Any, b: Any, *fields: str) -> bool:
    return any(
        getattr(a, f) is not None and getattr(b, f) is not None and getattr(a, f) != getattr(b, f) for f in fields
    )


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers())
def test_never_merges_what_the_policy_forbids(d: Dossier) -> None:
    r = resolve_entities(d)
    for group in _groups(r, "locations", d.locations):
        for a, b in itertools.combinations(group, 2):
            assert a.kind is b.kind
            assert not _conflict(a, b, "region", "geonames_id")
            ca, cb = a.country or (a.region or "")[:2] or None, b.country or (b.region or "")[:2] or None
            assert ca is None or cb is None or ca == cb
            if a.point is not None and b.point is not None:
                tolerance = location_radius_m(a.point) + location_radius_m(b.point)
                assert distance_m(a.point, b.point) <= tolerance
    for group in _groups(r, "units", d.units):
        for a, b in itertools.combinations(group, 2):
            assert not _conflict(a, b, "party", "echelon", "designation")
            assert not a.placeholder
            assert not b.placeholder
    for group in _groups(r, "sources", d.sources):
        for a, b in itertools.combinations(group, 2):
            assert not _conflict(a, b, "party", "reliability")


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers())
def test_every_input_id_survives_or_is_mapped(d: Dossier) -> None:
    r = resolve_entities(d)
    for kind in ("sources", "locations", "units"):
        before = {e.id for e in getattr(d, kind)}
        after = {e.id for e in getattr(r.dossier, kind)}
        mapping = r.mapping[kind]
        assert after | set(mapping) == before
        assert not (after & set(mapping))
        assert set(mapping.values()) <= after
        assert all(new < old for old, new in mapping.items())  # the smallest id survives
    assert [c.id for c in r.dossier.claims] == [c.id for c in d.claims]


@settings(max_examples=examples(100))
@given(dossiers())
def test_arbitrary_dossiers_resolve_to_a_fixed_point(d: Dossier) -> None:
    r = resolve_entities(d)
    for kind in ("sources", "locations", "units"):
        assert {e.id for e in getattr(r.dossier, kind)} | set(r.mapping[kind]) == {e.id for e in getattr(d, kind)}
    assert resolve_entities(r.dossier).dossier == r.dossier
