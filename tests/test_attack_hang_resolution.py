"""Attack class: hangs and memory blow-ups in entity resolution (issue #19, item 2).

Resolution compared, and kept a decision for, every pair of entities sharing a name key,
designation or gazetteer id: 2,000 places with one name (a 70 KB file) took 25 s and
1.1 GB, and 20,000 would have needed about 110 GB. Joining a group also checked every
member against every member of the group it joined, so a long chain of aliases was
quadratic too. Now a key shared by more than ``ResolutionPolicy.max_block`` entities
compares identical entities once and the others only where a stronger key (region,
parent, gazetteer id, nearby coordinates, designation, party, home page) also agrees,
and says so in ``Resolution.oversized``; a group is checked against a summary of its
members. These tests count the Python calls resolution makes at two sizes (never the
elapsed time) and check that the faster ways decide what the pairwise ways decided.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import conflictmodels.resolution as resolution
from _support import examples, work_growth
from conflictmodels import Dossier, FieldError, GeoPrecision, Location, Person, Point, Role, Source, Unit, distance_m
from conflictmodels.resolution import ResolutionPolicy, location_radius_m, resolve_entities
from test_resolution import duplicate_prone_dossiers

SMALL, LARGE = 150, 600  # both above the default max_block
MAX_RATIO = (LARGE / SMALL) * 1.6  # linear work, with room for n log n sorting


def _growth(build: Callable[[int], Dossier]) -> float:
    return work_growth(resolve_entities, build, SMALL, LARGE)


_LETTERS = "bcdfgjlmnqrstvwxz"


def _word(i: int) -> str:
    """A distinct pronounceable-enough word for each ``i`` (no two share a name key)."""
    out = []
    while True:
        i, r = divmod(i, len(_LETTERS))
        out.append(_LETTERS[r] + "a")
        if not i:
            break
    return "".join(out).capitalize()


def _grid(i: int, step: float) -> Point:
    """The i-th point of a grid of ``step`` degrees in eastern Ukraine, exact (5 km)."""
    return Point(lat=46.0 + step * (i % 40), lon=30.0 + step * (i // 40), precision=GeoPrecision.EXACT)


def _one_name(n: int) -> Dossier:
    """The issue's attack: ``n`` places with one name and nothing else."""
    return Dossier(locations=tuple(Location(id=f"l{i:06}", name="Novenke") for i in range(n)))


_VILLAGE = Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT)


def _one_name_one_region(n: int) -> Dossier:
    """``n`` records of one village (one name, one region, one point): all are one place.
    (Without the point none would merge: a shared region does not identify a village.)"""
    return Dossier(
        locations=tuple(Location(id=f"l{i:06}", name="Novenke", region="UA-59", point=_VILLAGE) for i in range(n))
    )


def _one_name_scattered(n: int) -> Dossier:
    """``n`` homonym villages, each 50 km or more from the next: none is another."""
    return Dossier(locations=tuple(Location(id=f"l{i:06}", name="Novenke", point=_grid(i, 0.5)) for i in range(n)))


def _one_name_in_pairs(n: int) -> Dossier:
    """``n // 2`` homonym villages, each reported twice with points 1 km apart."""
    locs = []
    for i in range(n):
        p = _grid(i // 2, 0.5)
        if i % 2:
            p = attrs.evolve(p, lat=p.lat + 0.009)
        locs.append(Location(id=f"l{i:06}", name="Novenke", point=p))
    return Dossier(locations=tuple(locs))


def _region(i: int) -> str:
    """A distinct ISO 3166-2-shaped region code for each ``i`` below 36**3."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "UA-" + digits[i // 1296 % 36] + digits[i // 36 % 36] + digits[i % 36]


def _one_name_many_regions(n: int) -> Dossier:
    """``n`` homonyms, three records of each in a region of its own, at one point: three records merge."""
    return Dossier(
        locations=tuple(
            Location(id=f"l{i:06}", name="Novenke", region=_region(i // 3), point=_grid(i // 3, 0.5)) for i in range(n)
        )
    )


def _one_village_on_a_circle(n: int) -> Dossier:
    """``n`` records of one village, on a circle 4.9 km around it: every two are within
    tolerance (10 km), but most are far from any one of them, so joins are checked
    point by point, within a bounded number of distances."""
    locs = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        p = Point(lat=50.0 + 0.044 * math.sin(angle), lon=35.0 + 0.0686 * math.cos(angle), precision_m=5000.0)
        locs.append(Location(id=f"l{i:06}", name="Novenke", region="UA-59", point=p))
    return Dossier(locations=tuple(locs))


def _units_of_one_name(n: int) -> Dossier:
    """``n`` battalions of one name, each of its own party: none merges."""
    return Dossier(units=tuple(Unit(id=f"u{i:06}", name="Separate Assault Battalion", party=f"p{i}") for i in range(n)))


def _sources_of_one_name(n: int) -> Dossier:
    """``n`` channels of one name: one source (a name alone merges sources)."""
    return Dossier(sources=tuple(Source(id=f"s{i:06}", name="Frontline Telegram channel") for i in range(n)))


def _chain_of_aliases(n: int) -> Dossier:
    """Place i is also called what place i + 1 is called: a chain, all in one region, at one point."""
    return Dossier(
        locations=tuple(
            Location(id=f"l{i:06}", name=_word(i), aliases=(_word(i + 1),), region="UA-59", point=_VILLAGE)
            for i in range(n)
        )
    )


def _people_of_one_name(n: int) -> Dossier:
    """``n`` officers called Sergei Ivanov, each of a party of its own: none merges."""
    return Dossier(people=tuple(Person(id=f"p{i:06}", name="Sergei Ivanov", party=f"p{i}") for i in range(n)))


def _people_of_one_surname(n: int) -> Dossier:
    """``n`` records of an Ivanov of one party: a surname alone identifies no one, none merges."""
    return Dossier(people=tuple(Person(id=f"p{i:06}", name="Ivanov", party="RU") for i in range(n)))


def _records_of_one_commander(n: int) -> Dossier:
    """``n`` records of one commander (one name, one party): all merge."""
    return Dossier(people=tuple(Person(id=f"p{i:06}", name="Apti Alaudinov", party="RU") for i in range(n)))


def _namesakes_in_many_units(n: int) -> Dossier:
    """``n`` Sergei Ivanovs of one party, each with a role in a unit of its own: no two identical."""
    units = tuple(Unit(id=f"u{i:06}", name=_word(i) + " Battalion", party="RU") for i in range(n))
    return Dossier(
        units=units,
        people=tuple(
            Person(id=f"p{i:06}", name="Sergei Ivanov", party="RU", roles=(Role(title="Commander", unit_id=u.id),))
            for i, u in enumerate(units)
        ),
    )


def _chain_of_people(n: int) -> Dossier:
    """Person i is also called what person i + 1 is called, all of one party: a chain, one person."""
    return Dossier(
        people=tuple(
            Person(id=f"p{i:06}", name=f"Ivan {_word(i)}", aliases=(f"Ivan {_word(i + 1)}",), party="RU")
            for i in range(n)
        )
    )


ATTACKS = [
    _one_name,
    _one_name_one_region,
    _one_name_scattered,
    _one_name_in_pairs,
    _one_name_many_regions,
    _one_village_on_a_circle,
    _units_of_one_name,
    _sources_of_one_name,
    _chain_of_aliases,
    _people_of_one_name,
    _people_of_one_surname,
    _records_of_one_commander,
    _namesakes_in_many_units,
    _chain_of_people,
]


@pytest.mark.parametrize("build", ATTACKS, ids=lambda b: b.__name__.strip("_"))
def test_resolution_work_grows_linearly(build: Callable[[int], Dossier]) -> None:
    assert _growth(build) <= MAX_RATIO


@pytest.mark.parametrize("build", ATTACKS, ids=lambda b: b.__name__.strip("_"))
def test_decisions_grow_linearly(build: Callable[[int], Dossier]) -> None:
    small, large = (len(resolve_entities(build(n)).decisions) for n in (SMALL, LARGE))
    assert large <= MAX_RATIO * max(small, SMALL)


def test_two_thousand_places_with_one_name_stay_apart_and_the_key_is_reported() -> None:
    r = resolve_entities(_one_name(2000))
    assert len(r.dossier.locations) == 2000
    assert not r.decisions
    (o,) = r.oversized
    assert (o.kind, o.key, o.entities, o.distinct) == ("locations", "novenke", 2000, 1)
    assert "max_block" in o.note


def test_records_of_one_village_all_merge() -> None:
    r = resolve_entities(_one_name_one_region(LARGE))
    assert [loc.id for loc in r.dossier.locations] == ["l000000"]
    assert len(r.mapping["locations"]) == LARGE - 1


def test_homonyms_stay_apart_and_nearby_duplicates_merge() -> None:
    assert len(resolve_entities(_one_name_scattered(LARGE)).dossier.locations) == LARGE
    r = resolve_entities(_one_name_in_pairs(LARGE))
    assert len(r.dossier.locations) == LARGE // 2
    assert all(int(old[1:]) == int(new[1:]) + 1 for old, new in r.mapping["locations"].items())


def test_duplicates_merge_within_their_region_only() -> None:
    d = _one_name_many_regions(LARGE)
    r = resolve_entities(d)
    by_id = {loc.id: loc for loc in d.locations}
    for old, new in r.mapping["locations"].items():
        assert by_id[old].region == by_id[new].region
    assert len(r.dossier.locations) == LARGE // 3


def test_a_group_never_holds_points_too_far_apart() -> None:
    d = _one_village_on_a_circle(LARGE)
    r = resolve_entities(d)
    assert len(r.dossier.locations) < LARGE // 2  # most merge
    groups: dict[str, list[Point]] = {}
    for loc in d.locations:
        assert loc.point is not None
        groups.setdefault(r.resolve("locations", loc.id), []).append(loc.point)
    for points in groups.values():
        for a, b in itertools.combinations(points[:50], 2):
            assert distance_m(a, b) <= 10_000.0


def test_units_and_sources_of_one_name() -> None:
    assert len(resolve_entities(_units_of_one_name(LARGE)).dossier.units) == LARGE
    assert len(resolve_entities(_sources_of_one_name(LARGE)).dossier.sources) == 1


def test_a_chain_of_aliases_is_one_place() -> None:
    r = resolve_entities(_chain_of_aliases(LARGE))
    assert [loc.id for loc in r.dossier.locations] == ["l000000"]


def test_people_of_one_name_or_surname_stay_apart_and_one_commander_merges() -> None:
    assert len(resolve_entities(_people_of_one_name(LARGE)).dossier.people) == LARGE
    r = resolve_entities(_people_of_one_surname(LARGE))
    assert len(r.dossier.people) == LARGE
    assert [(o.kind, o.key, o.distinct) for o in r.oversized] == [("people", "ivanov", 1)]
    assert [p.id for p in resolve_entities(_records_of_one_commander(LARGE)).dossier.people] == ["p000000"]
    assert [p.id for p in resolve_entities(_chain_of_people(LARGE)).dossier.people] == ["p000000"]


# ------------------------------------------ the faster ways decide as the pairwise ways


@contextmanager
def _pairwise_group_checks(enabled: bool) -> Iterator[None]:
    """Check a join member by member (the old way) or always against the summary."""
    saved = resolution._PAIRWISE_GROUP_CHECK
    resolution._PAIRWISE_GROUP_CHECK = sys.maxsize if enabled else 0
    try:
        yield
    finally:
        resolution._PAIRWISE_GROUP_CHECK = saved


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers())
def test_summaries_of_groups_decide_as_member_by_member_checks(d: Dossier) -> None:
    with _pairwise_group_checks(True):
        pairwise = resolve_entities(d)
    with _pairwise_group_checks(False):
        summarised = resolve_entities(d)
    assert summarised.mapping == pairwise.mapping
    assert summarised.dossier == pairwise.dossier
    assert [(x.ids, x.merge) for x in summarised.decisions] == [(x.ids, x.merge) for x in pairwise.decisions]


TINY = ResolutionPolicy(max_block=2)


def _conflict(a: Any, b: Any, *fields: str) -> bool:
    return any(
        getattr(a, f) is not None and getattr(b, f) is not None and getattr(a, f) != getattr(b, f) for f in fields
    )


@settings(max_examples=examples(500))
@given(duplicate_prone_dossiers())
def test_oversized_blocks_never_merge_what_the_policy_forbids(d: Dossier) -> None:
    r = resolve_entities(d, TINY)
    groups: dict[str, list[Location]] = {}
    for loc in d.locations:
        groups.setdefault(r.resolve("locations", loc.id), []).append(loc)
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            assert a.kind is b.kind
            assert not _conflict(a, b, "region", "geonames_id")
            if a.point is not None and b.point is not None:
                assert distance_m(a.point, b.point) <= location_radius_m(a.point) + location_radius_m(b.point)
    for kind in ("sources", "locations", "units"):
        before = {e.id for e in getattr(d, kind)}
        assert {e.id for e in getattr(r.dossier, kind)} | set(r.mapping[kind]) == before
    assert resolve_entities(r.dossier, TINY).dossier == r.dossier


@settings(max_examples=examples(200))
@given(duplicate_prone_dossiers())
def test_oversized_blocks_do_not_depend_on_input_order(d: Dossier) -> None:
    shuffled = attrs.evolve(
        d,
        sources=tuple(reversed(d.sources)),
        locations=tuple(reversed(d.locations)),
        units=tuple(reversed(d.units)),
    )
    a, b = resolve_entities(d, TINY), resolve_entities(shuffled, TINY)
    assert a.mapping == b.mapping
    assert a.decisions == b.decisions
    assert a.oversized == b.oversized


def test_max_block_is_validated() -> None:
    with pytest.raises(FieldError):
        ResolutionPolicy(max_block=0)
    with pytest.raises(FieldError):
        ResolutionPolicy(max_block=1.5)  # type: ignore[arg-type]
