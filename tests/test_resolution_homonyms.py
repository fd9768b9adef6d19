"""Entity resolution against homonyms, transliteration and unit vocabulary (issue #13, item 6).

Same name is not same place: Kursk and Sumy oblasts hold several villages called
Novenke / Новенькое, Plekhovo or Kamyshevka, so a shared name, region or parent never
merges two places by itself. The Russian and Ukrainian forms of one village meet when
the geography agrees. Units are read in Ukrainian, Russian and English abbreviations;
a nickname meets its designation only through a declared alias.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import Branch, Dossier, Echelon, GeoPrecision, Location, LocationKind, Point, Unit
from conflictmodels.names import name_keys, normalise, unit_keys, unit_name_parts
from conflictmodels.resolution import (
    LocationRules,
    ResolutionPolicy,
    match_locations,
    match_units,
    resolve_entities,
)

KURSK, SUMY = "RU-KRS", "UA-59"


def pt(lat: float, lon: float, radius: float | None = None) -> Point:
    return Point(lat=lat, lon=lon, precision=GeoPrecision.EXACT, precision_m=radius)


def village(id: str, name: str, point: Point | None = None, **kw: Any) -> Location:
    return Location(id=id, name=name, kind=LocationKind.SETTLEMENT, point=point, **kw)


# ------------------------------------------------------------------- homonyms stay apart


def test_two_novenkoye_in_kursk_oblast_one_without_coordinates_stay_apart() -> None:
    a = village("novenkoye-1", "Новенькое", pt(51.39, 35.63), region=KURSK)
    b = village("novenkoye-2", "Novenkoye", region=KURSK)
    d = match_locations(a, b)
    assert not d.merge
    assert d.possible
    assert not d.vetoes
    assert "no coordinates for novenkoye-2" in d.reasons[-1]


def test_homonyms_with_the_same_parent_and_no_coordinates_stay_apart() -> None:
    a = village("plekhovo-1", "Plekhovo", parent_id="kursk-oblast", region=KURSK)
    b = village("plekhovo-2", "Плехово", parent_id="kursk-oblast", region=KURSK)
    d = match_locations(a, b)
    assert (d.merge, d.possible) == (False, True)
    assert "same region RU-KRS" in d.reasons


def test_homonyms_with_points_far_apart_in_one_oblast_are_vetoed() -> None:
    # Two Kamyshevka in Kursk oblast, some 90 km apart.
    a = village("kamyshevka-1", "Kamyshevka", pt(51.60, 35.20), region=KURSK)
    b = village("kamyshevka-2", "Камышевка", pt(51.80, 36.40), region=KURSK)
    d = match_locations(a, b)
    assert not d.merge
    assert not d.possible
    assert "beyond the 10.0 km tolerance" in d.vetoes[0]


def test_name_alone_is_never_a_possible_match() -> None:
    d = match_locations(village("a", "Novenke"), village("b", "Novenke"))
    assert (d.merge, d.possible) == (False, False)


def test_an_oblast_centroid_identifies_no_village() -> None:
    centroid = Point(lat=51.6, lon=36.1, precision=GeoPrecision.ADM1)
    d = match_locations(village("a", "Plekhovo", pt(51.3, 35.4)), village("b", "Plekhovo", centroid))
    assert (d.merge, d.possible, d.vetoes) == (False, True, ())
    assert "too coarse" in d.reasons[-1]


def test_a_point_near_a_town_identifies_no_village() -> None:
    near = Point(lat=51.31, lon=35.41, precision=GeoPrecision.NEAR)
    d = match_locations(village("a", "Plekhovo", pt(51.3, 35.4), region=KURSK), village("b", "Plekhovo", near))
    assert not d.merge


def test_whole_dossier_keeps_the_village_without_coordinates_apart() -> None:
    places = (
        village("nov-a", "Novenkoye", pt(51.39, 35.63), region=KURSK),
        village("nov-b", "Новенькое", pt(51.391, 35.631), region=KURSK),
        village("nov-c", "Novenkoe", region=KURSK),
    )
    r = resolve_entities(Dossier(locations=places))
    assert dict(r.mapping["locations"]) == {"nov-b": "nov-a"}
    assert {d.ids for d in r.possible} == {("nov-a", "nov-c"), ("nov-b", "nov-c")}


def test_a_place_with_nothing_that_identifies_it_never_joins_a_group() -> None:
    # Two Novenke of Sumy oblast, 40 km apart, and a third record with neither point nor id.
    places = (
        village("n1", "Novenke", pt(51.05, 35.10), region=SUMY),
        village("n2", "Novenke", pt(51.40, 35.20), region=SUMY),
        village("n3", "Новеньке", region=SUMY),
    )
    r = resolve_entities(Dossier(locations=places))
    assert not r.mapping["locations"]
    assert {d.ids for d in r.possible} == {("n1", "n3"), ("n2", "n3")}


def test_the_old_behaviour_is_one_policy_switch_away() -> None:
    relaxed = ResolutionPolicy(locations=LocationRules(require_geo_evidence=False))
    a = village("a", "Novenkoye", region=KURSK)
    b = village("b", "Новенькое", region=KURSK)
    assert not match_locations(a, b).merge
    assert match_locations(a, b, relaxed).merge


def test_a_wider_evidence_tolerance_is_a_policy_change() -> None:
    near = Point(lat=51.31, lon=35.41, precision=GeoPrecision.NEAR)
    a, b = village("a", "Plekhovo", pt(51.3, 35.4), region=KURSK), village("b", "Plekhovo", near, region=KURSK)
    wide = ResolutionPolicy(locations=LocationRules(evidence_tolerance_m=30_000.0))
    assert not match_locations(a, b).merge
    assert match_locations(a, b, wide).merge


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"evidence_tolerance_m": -1.0}, "evidence_tolerance_m"),
        ({"evidence_tolerance_m": float("nan")}, "evidence_tolerance_m"),
        ({"identified_by_code": frozenset({"region"})}, "identified_by_code"),
    ],
)
def test_evidence_rules_are_validated(kw: dict[str, Any], message: str) -> None:
    from conflictmodels import FieldError

    with pytest.raises(FieldError, match=message):
        LocationRules(**kw)


# ------------------------------------------------------------ positive geographic evidence


def test_same_gazetteer_id_merges_without_coordinates() -> None:
    a = village("a", "Новенькое", region=KURSK, geonames_id=516016)
    b = village("b", "Novenkoye", region=KURSK, geonames_id=516016)
    d = match_locations(a, b)
    assert d.merge
    assert "same GeoNames id 516016" in d.reasons


def test_same_wikidata_id_merges_a_russian_and_a_ukrainian_form() -> None:
    a = village("a", "Суджа", wikidata_id="Q4459006")
    b = village("b", "Sudzha", wikidata_id="Q4459006", country="RU")
    assert match_locations(a, b).merge


def test_same_osm_id_merges() -> None:
    a = village("a", "Мала Локня", osm_id="node/337894017")
    b = village("b", "Malaya Loknya", osm_id="node/337894017", region=KURSK)
    assert match_locations(a, b).merge


def test_different_gazetteer_ids_veto_even_at_the_same_point() -> None:
    here = pt(51.39, 35.63)
    d = match_locations(village("a", "Novenke", here, geonames_id=1), village("b", "Novenke", here, geonames_id=2))
    assert d.vetoes == ("different GeoNames ids 1 / 2",)


def test_regions_are_identified_by_their_code() -> None:
    a = Location(id="kursk-1", name="Kursk Oblast", kind=LocationKind.REGION, region=KURSK)
    b = Location(id="kursk-2", name="Kursk region", kind=LocationKind.REGION, region=KURSK)
    assert match_locations(a, b).merge


def test_countries_are_identified_by_their_code() -> None:
    a = Location(id="ua-1", name="Ukraine", kind=LocationKind.COUNTRY, country="UA")
    b = Location(id="ua-2", name="Ukraine", kind=LocationKind.COUNTRY, country="UA")
    assert match_locations(a, b).merge


def test_a_settlement_is_not_identified_by_its_region_code() -> None:
    a = village("a", "Kursk", region=KURSK)
    b = village("b", "Курск", region=KURSK)
    assert match_locations(a, b).possible


# --------------------------------------------------- Russian and Ukrainian forms of one place

_FORMS = [
    ("Новенькое", "Новеньке", "Novenkoye", "Novenke", "Novenkoe", "Noven'ke", "Novenʹke"),
    ("Суджа", "Sudzha", "Sudja", "Sudzhа", "Sudža"),  # the fourth ends in a Cyrillic а
    ("Малая Локня", "Мала Локня", "Malaya Loknya", "Mala Loknia", "Malaja Loknja", "Malaâ Loknâ"),
    ("Свердликово", "Sverdlikovo", "Свердлікове", "Sverdlikove"),
    ("Погребки", "Pogrebki", "Pohrebky"),
    ("Черкасское Поречное", "Cherkasskoe Porechnoe", "Cherkasskoye Porechnoye", "Cherkaske Porechne"),
    ("Плехово", "Plekhovo", "Плехове", "Plekhove", "Plehovo"),
    ("Камышевка", "Kamyshevka", "Камишівка", "Kamyshivka"),
    ("Лебедевка", "Lebedevka", "Лебедівка", "Lebedivka"),
    ("Глушково", "Glushkovo", "Hlushkove"),
    ("Коренево", "Korenevo", "Коренєве", "Koreneve"),
    ("Горналь", "Gornal", "Hornal"),
    ("Харьков", "Kharkov", "Харків", "Kharkiv"),
    ("Чугуев", "Chuguev", "Чугуїв", "Chuhuiv"),
    ("Косица", "Kositsa", "Kosytsia", "Kosica"),
    ("Большое Солдатское", "Bolshoye Soldatskoye", "Bolshoe Soldatskoe"),
]


@pytest.mark.parametrize("forms", _FORMS, ids=[f[1] for f in _FORMS])
def test_forms_of_one_place_share_a_key(forms: tuple[str, ...]) -> None:
    common = frozenset.intersection(*(name_keys(f) for f in forms))
    assert common, {f: sorted(name_keys(f)) for f in forms}


@pytest.mark.parametrize("forms", _FORMS, ids=[f[1] for f in _FORMS])
def test_forms_of_one_place_merge_at_the_same_point(forms: tuple[str, ...]) -> None:
    here = pt(51.2, 35.3)
    places = tuple(village(f"p{i}", name, here) for i, name in enumerate(forms))
    r = resolve_entities(Dossier(locations=places))
    assert len(r.dossier.locations) == 1
    assert {normalise(n) for n in r.dossier.locations[0].names} == {normalise(n) for n in forms}


@pytest.mark.parametrize("forms", _FORMS[:6], ids=[f[1] for f in _FORMS[:6]])
def test_forms_of_one_place_do_not_merge_without_geography(forms: tuple[str, ...]) -> None:
    places = tuple(village(f"p{i}", name, region=KURSK) for i, name in enumerate(forms))
    r = resolve_entities(Dossier(locations=places))
    assert len(r.dossier.locations) == len(forms)


def test_the_russian_and_ukrainian_forms_meet_within_tolerance() -> None:
    a = village("ru", "Новенькое", pt(51.39, 35.63), region=KURSK)
    b = village("ua", "Новеньке", pt(51.40, 35.64))
    d = match_locations(a, b)
    assert d.merge
    assert any("share the key 'novenke'" in r for r in d.reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Novenke", "Novinka"),
        ("Novenke", "Novoselivka"),
        ("Malaya Loknya", "Bolshaya Loknya"),
        ("Zhurivka", "Zghurivka"),
        ("Pogrebki", "Pobedki"),
        ("Sudzha", "Suzha"),
        ("Plekhovo", "Plekhanovo"),
        ("Kamyshevka", "Kamyshovka Vtoraya"),
    ],
)
def test_different_places_do_not_share_a_key(a: str, b: str) -> None:
    assert not (name_keys(a) & name_keys(b))


def test_name_keys_stay_few() -> None:
    for forms in _FORMS:
        for name in forms:
            assert 1 <= len(name_keys(name)) <= 4


# --------------------------------------------------------------------------------- units


_UNIT_FORMS = [
    ("47th Separate Mechanized Brigade", "47 OMBr", "47-ма ОМБр", "47-ма окрема механізована бригада", "47th Mech Bde"),
    ("225th Separate Assault Battalion", "225 ОШБ", "225-й окремий штурмовий батальйон"),
    ("3rd Separate Assault Brigade", "3 ОШБр", "3-тя окрема штурмова бригада"),
    ("80th Separate Air Assault Brigade", "80 ОДШБр", "80-та окрема десантно-штурмова бригада"),
    ("57th Separate Motorized Infantry Brigade", "57 ОМПБр", "57-ма окрема мотопіхотна бригада"),
    ("10th Separate Mountain Assault Brigade", "10 ОГШБр", "10-та окрема гірсько-штурмова бригада"),
    ("36th Separate Marine Brigade", "36 ОБрМП", "36-та окрема бригада морської піхоти"),
    ("25th Separate Airborne Brigade", "25 ОПДБр", "25-та окрема повітрянодесантна бригада"),
    ("414th Separate Unmanned Systems Brigade", "414-та окрема бригада безпілотних систем"),
    ("200th Separate Motor Rifle Brigade", "200 ОМСБр", "200-я отдельная мотострелковая бригада"),
    ("20th Guards Motor Rifle Division", "20th MRD", "20-я гвардейская мотострелковая дивизия", "20 МСД"),
    ("4th Guards Kantemirovskaya Tank Division", "4th Tank Division", "4-я гвардейская танковая Кантемировская дивизия",
     "4 гв. ТД"),
    ("2nd Guards Tamanskaya Motor Rifle Division", "2-я гвардейская мотострелковая Таманская ордена Октябрьской "
     "Революции Краснознамённая ордена Суворова дивизия имени М. И. Калинина"),
    ("76th Guards Air Assault Division", "76 ДШД", "76-я гвардейская десантно-штурмовая Черниговская дивизия"),
    ("98th Guards Airborne Division", "98 ВДД", "98-я гвардейская воздушно-десантная Свирская дивизия"),
    ("58th Combined Arms Army", "58th CAA", "58-я общевойсковая армия"),
    ("1st Guards Tank Army", "1 GTA", "1-я гвардейская танковая армия"),
    ("11th Army Corps", "11 АК", "11-й армейский корпус"),
    ("155th Naval Infantry Brigade named after Admiral Nakhimov", "155th Separate Guards Marine Brigade",
     "155-я отдельная гвардейская бригада морской пехоты"),
]  # fmt: skip


@pytest.mark.parametrize("forms", _UNIT_FORMS, ids=[f[0] for f in _UNIT_FORMS])
def test_unit_forms_share_a_key(forms: tuple[str, ...]) -> None:
    common = frozenset.intersection(*(unit_keys(f) for f in forms))
    assert common, {f: sorted(unit_keys(f)) for f in forms}


@pytest.mark.parametrize("forms", _UNIT_FORMS, ids=[f[0] for f in _UNIT_FORMS])
def test_unit_forms_read_alike(forms: tuple[str, ...]) -> None:
    parts = [unit_name_parts(f) for f in forms]
    assert len({(p.numbers, p.echelon, p.branch) for p in parts}) == 1, parts


@pytest.mark.parametrize("forms", _UNIT_FORMS, ids=[f[0] for f in _UNIT_FORMS])
def test_unit_forms_merge(forms: tuple[str, ...]) -> None:
    units = tuple(Unit(id=f"u{i}", name=name) for i, name in enumerate(forms))
    r = resolve_entities(Dossier(units=units))
    assert len(r.dossier.units) == 1, [d for d in r.decisions if not d.merge]


@pytest.mark.parametrize(
    ("name", "echelon", "branch"),
    [
        ("225 ОШБ", Echelon.BATTALION, Branch.ASSAULT),
        ("47 ОМБр", Echelon.BRIGADE, Branch.MECHANIZED),
        ("80 ОДШБр", Echelon.BRIGADE, Branch.AIR_ASSAULT),
        ("57 ОМПБ", Echelon.BATTALION, Branch.INFANTRY),
        ("128 ОГШБр", Echelon.BRIGADE, Branch.ASSAULT),
        ("35 ОБрМП", Echelon.BRIGADE, Branch.NAVAL_INFANTRY),
        ("115 ОБр", Echelon.BRIGADE, None),
        ("241 ОБр ТрО", Echelon.BRIGADE, Branch.TERRITORIAL_DEFENCE),
        ("1-й штурмовой батальон", Echelon.BATTALION, Branch.ASSAULT),
        ("27-я отдельная гвардейская мотострелковая бригада", Echelon.BRIGADE, Branch.MOTOR_RIFLE),
        ("331-й гвардейский парашютно-десантный полк ВДВ", Echelon.REGIMENT, Branch.AIRBORNE),
        ("810-я отдельная гвардейская бригада морской пехоты", Echelon.BRIGADE, Branch.NAVAL_INFANTRY),
        ("5 ОШП", Echelon.REGIMENT, Branch.ASSAULT),
    ],
)
def test_abbreviations_and_words_give_echelon_and_branch(name: str, echelon: Echelon, branch: Branch | None) -> None:
    p = unit_name_parts(name)
    assert (p.echelon, p.branch) == (echelon, branch)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("47 ОМБр", "47 ОШБр"),  # mechanized / assault
        ("80 ОДШБр", "80 ОПДБр"),  # air assault / airborne
        ("225 ОШБ", "225 ОШП"),  # battalion / regiment
        ("11 АК", "11 ОДШБр"),  # corps / brigade
        ("3rd Separate Assault Brigade", "3rd Separate Tank Brigade"),
        ("20th MRD", "20th Guards Combined Arms Army"),
    ],
)
def test_different_units_are_kept_apart(a: str, b: str) -> None:
    d = match_units(Unit(id="a", name=a, party="UA"), Unit(id="b", name=b, party="UA"))
    assert not d.merge
    assert d.vetoes


def test_an_honorific_does_not_split_a_unit() -> None:
    a = Unit(id="a", name="4th Guards Kantemirovskaya Tank Division", party="RU")
    b = Unit(id="b", name="4-я танковая дивизия", party="RU")
    d = match_units(a, b)
    assert d.merge
    assert any("share the key '4 armoured division'" in r for r in d.reasons)


def test_an_honorific_is_kept_when_the_unit_has_no_number() -> None:
    # Without a number, the place-name adjective may be all that names the unit.
    assert unit_keys("Separate Presidential Brigade") != unit_keys("Separate Brigade")
    assert unit_keys("Kantemirovskaya Division") != unit_keys("Division")


def test_two_letter_abbreviations_are_read_only_after_a_number() -> None:
    assert unit_name_parts("11 АК").echelon is Echelon.CORPS
    assert unit_name_parts("АК battalion").echelon is Echelon.BATTALION


# ------------------------------------------------------------------ nicknames and aliases

STORM = Unit(
    id="kp-11-army-corps",
    name="11th Army Corps",
    aliases=("Storm Corps", "폭풍군단"),
    designation="11",
    echelon=Echelon.CORPS,
    party="KP",
)


def test_a_nickname_meets_its_designation_through_a_declared_alias() -> None:
    d = match_units(STORM, Unit(id="storm", name="Storm Corps"))
    assert d.merge
    assert "'Storm Corps' is a declared alias of kp-11-army-corps" in d.reasons


def test_a_nickname_in_another_script_meets_it_too() -> None:
    assert match_units(STORM, Unit(id="storm-ko", name="폭풍군단")).merge


def test_a_nickname_never_meets_a_designation_by_guess() -> None:
    bare = attrs.evolve(STORM, aliases=())
    d = match_units(bare, Unit(id="storm", name="Storm Corps", party="KP"))
    assert not d.merge
    assert not any("alias" in r for r in d.reasons)


def test_magyars_birds_meets_the_414th_only_through_its_alias() -> None:
    brigade = Unit(id="ua-414", name="414th Separate Unmanned Systems Brigade", party="UA")
    birds = Unit(id="birds", name="Magyar's Birds", party="UA")
    assert not match_units(brigade, birds).merge
    declared = attrs.evolve(brigade, aliases=("Magyar's Birds", "Птахи Мадяра"))
    assert match_units(declared, birds).merge
    assert match_units(declared, Unit(id="ptakhy", name="Птахи Мадяра", party="UA")).merge


def test_a_declared_alias_never_outweighs_a_hard_rule() -> None:
    d = match_units(STORM, Unit(id="ru-storm", name="Storm Corps", party="RU"))
    assert not d.merge
    assert d.vetoes == ("different parties KP / RU",)
    d = match_units(STORM, Unit(id="storm-3", name="Storm Corps", designation="3"))
    assert d.vetoes == ("different designations 11 / 3",)


def test_alias_weight_is_policy() -> None:
    from conflictmodels.resolution import UnitRules

    none = ResolutionPolicy(units=UnitRules(alias_weight=0.0))
    assert not match_units(STORM, Unit(id="storm", name="Storm Corps"), none).merge


def test_kursk_units_still_stay_distinct() -> None:
    from conflictmodels.examples import kursk_dossier

    r = resolve_entities(kursk_dossier())
    assert not r.mapping["units"]
    assert not r.mapping["locations"]
    assert not r.possible


# ------------------------------------------------------------------------------ properties

_NAMES = ["Новенькое", "Novenke", "Novenkoye", "Plekhovo", "Плехове", "Kamyshevka"]
_POINTS = [None, (51.39, 35.63), (51.392, 35.632), (51.60, 35.20)]
_IDS = [None, None, 516016, 516017]


@st.composite
def homonym_dossiers(draw: st.DrawFn) -> Dossier:
    places = []
    for i in range(draw(st.integers(1, 7))):
        spot = draw(st.sampled_from(_POINTS))
        places.append(
            village(
                f"L{i}",
                draw(st.sampled_from(_NAMES)),
                None if spot is None else pt(*spot),
                region=draw(st.sampled_from([None, KURSK])),
                parent_id=None,
                geonames_id=draw(st.sampled_from(_IDS)),
            )
        )
    return Dossier(locations=tuple(places))


@settings(max_examples=examples(300))
@given(homonym_dossiers(), st.randoms(use_true_random=False))
def test_a_place_without_point_or_gazetteer_id_is_never_merged(d: Dossier, rnd: Any) -> None:
    r = resolve_entities(d)
    bare = {x.id for x in d.locations if x.point is None and x.geonames_id is None}
    merged = set(r.mapping["locations"]) | set(r.mapping["locations"].values())
    assert not (bare & merged)
    for one in r.possible:
        assert not one.merge
        assert not one.vetoes
    shuffled = attrs.evolve(d, locations=tuple(rnd.sample(d.locations, len(d.locations))))
    again = resolve_entities(shuffled)
    assert again.mapping == r.mapping
    assert again.decisions == r.decisions


@settings(max_examples=examples(300))
@given(homonym_dossiers())
def test_every_merged_pair_has_positive_evidence(d: Dossier) -> None:
    r = resolve_entities(d)
    by_id = {x.id: x for x in d.locations}
    groups: dict[str, list[Location]] = {}
    for x in d.locations:
        groups.setdefault(r.resolve("locations", x.id), []).append(x)
    for group in groups.values():
        # Connected by evidence: same gazetteer id, or points within 20 km.
        linked = {group[0].id}
        changed = True
        while changed:
            changed = False
            for a, b in itertools.product(group, repeat=2):
                if a.id in linked and b.id not in linked and _evidence(a, b):
                    linked.add(b.id)
                    changed = True
        assert linked == {x.id for x in group}, [by_id[i] for i in linked]


def _evidence(a: Location, b: Location) -> bool:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    return a.point is not None and b.point is not None
