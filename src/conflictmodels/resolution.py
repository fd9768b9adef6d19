"""Entity resolution: merge duplicate locations, units, sources and people of a dossier.

Reports name the same village, brigade or ministry in many ways. :func:`resolve_entities`
finds the duplicates, merges each group into one entity (the one with the smallest id
survives, every other name becomes an alias) and re-points every reference in the
dossier to the survivor. It says what it did: ``Resolution.mapping`` maps each
absorbed id to its survivor, and ``Resolution.decisions`` explains every pair it
considered, merged or not.

The rules are data (:class:`ResolutionPolicy`). Each pair of candidates gets a score in
``[0, 1]`` from weighted evidence (names, coordinates, regions, gazetteer ids,
designations, parties, ...) and merges when the score reaches the kind's threshold and
no *hard rule* forbids it. Hard rules are never outweighed:

* locations: different countries or regions, incompatible kinds (a settlement never
  merges with a region), different gazetteer ids, points further apart than the sum
  of their uncertainty radii, different parents, or one being the other's parent;
* units: different parties, designations, echelons or branches (marines and naval
  infantry are one branch), placeholders, or one being the other's parent;
* sources: different parties, kinds, reliabilities, home pages or parents;
* people: different parties or patronymics. A person also merges only when something
  beyond the name agrees (a party, or a role in the same unit or organisation), and
  never on one word (a surname or a call sign) alone.

Same name is not same place: many villages of one region share a name, so a place
merges only with *positive geographic evidence* (an equal gazetteer id, or points within
a tight tolerance; for regions and countries, the same ISO code). A shared region or
parent is not enough: such a pair is kept apart and reported as a possible match
(``MatchDecision.possible``, ``Resolution.possible``). Russian and Ukrainian forms and
romanisations of one name ("Новенькое", "Новеньке", "Novenkoye", "Novenke") share a
key, so they merge when the geography agrees. A unit known by a nickname meets its
designation only through a declared alias (``Unit.aliases``).

Candidates are only compared within blocks of shared name keys
(:mod:`conflictmodels.names`), designations and gazetteer ids, so resolution is close
to linear in the dossier's size. A key shared by more than
``ResolutionPolicy.max_block`` entities (2,000 villages called "Novenke") compares
identical entities once and the others only where a stronger key also agrees; such
keys are listed in ``Resolution.oversized``. Work grows with ``max_block`` times the
number of entities, never with its square. Merges are transitive, but a group is never formed if
any two of its members are forbidden to merge. The result does not depend on the order
of the input, and resolving it again changes nothing.

Example:
    >>> from conflictmodels import Dossier, Location, LocationKind, Point, GeoPrecision
    >>> from conflictmodels.resolution import resolve_entities
    >>> a = Location(id="loc-1", name="Cherkasskoye Porechnoye", region="RU-KRS",
    ...              point=Point(lat=51.24, lon=35.19, precision=GeoPrecision.EXACT))
    >>> b = Location(id="loc-2", name="Черкасское Поречное", region="RU-KRS",
    ...              point=Point(lat=51.25, lon=35.20, precision=GeoPrecision.EXACT))
    >>> r = resolve_entities(Dossier(locations=(a, b)))
    >>> dict(r.mapping["locations"])
    {'loc-2': 'loc-1'}
    >>> r.dossier.locations[0].aliases
    ('Черкасское Поречное',)
"""

from __future__ import annotations

import itertools
import math
import types
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs

from ._checks import FrozenMapping
from ._gc import paused
from .dossier import Dossier
from .geo import EARTH_RADIUS_M, Point, distance_m
from .location import Location
from .names import name_keys, normalise, person_name_parts, source_keys, unit_keys, unit_name_parts
from .people import Person, Role
from .policy import (
    BRANCH_CLASSES,
    DEFAULT_RESOLUTION_POLICY,
    GAZETTEER_IDS,
    LocationRules,
    PersonRules,
    ResolutionPolicy,
    SourceRules,
    UnitRules,
)
from .references import cycles, remap
from .source import Source
from .unit import Unit, UnitParent
from .vocabularies import Branch, Echelon, LocationKind, SourceKind

__all__ = [
    "DEFAULT_RESOLUTION_POLICY",
    "EntityKind",
    "LocationRules",
    "MatchDecision",
    "OversizedBlock",
    "PersonRules",
    "Resolution",
    "ResolutionPolicy",
    "SourceRules",
    "UnitRules",
    "location_radius_m",
    "match_locations",
    "match_people",
    "match_sources",
    "match_units",
    "resolve_entities",
]

EntityKind = Literal["sources", "locations", "units", "people"]
"""The kinds of entity that are resolved, named as the dossier's fields."""

_KINDS: tuple[EntityKind, ...] = ("sources", "locations", "units", "people")
_V = TypeVar("_V")

# ----------------------------------------------------------------------------- decisions


@attrs.frozen(kw_only=True)
class MatchDecision:
    """Whether two entities of one kind are the same, with the score and the reasons.

    Attributes:
        kind: ``"sources"``, ``"locations"``, ``"units"`` or ``"people"``.
        ids: The two ids, smaller first.
        score: Weighted evidence for the match, in ``[0, 1]``.
        merge: True when the score reaches the threshold, no hard rule forbids it and
            nothing required is missing (for places: positive geographic evidence).
        reasons: The evidence, one phrase each; for a possible match, also what is
            missing.
        vetoes: The hard rules that forbid the merge (empty when none).
        possible: True when the score reaches the threshold and no hard rule forbids
            the merge, but something required is missing: two villages of one name
            in one region, one of them without coordinates. Kept apart, for an
            analyst to check (``Resolution.possible``).

    Example:
        >>> from conflictmodels import Location
        >>> from conflictmodels.resolution import match_locations
        >>> d = match_locations(Location(id="a", name="Novenke", region="UA-59"),
        ...                     Location(id="b", name="Novenke", region="UA-14"))
        >>> d.merge, d.vetoes
        (False, ('different regions UA-14 / UA-59',))
    """

    kind: EntityKind
    ids: tuple[str, str]
    score: float
    merge: bool
    reasons: tuple[str, ...] = ()
    vetoes: tuple[str, ...] = ()
    possible: bool = False


def _decision(
    kind: EntityKind,
    a_id: str,
    b_id: str,
    score: float,
    threshold: float,
    reasons: list[str],
    vetoes: list[str],
    missing: str | None = None,
) -> MatchDecision:
    score = min(1.0, max(0.0, score))
    enough = not vetoes and score >= threshold
    if enough and missing is not None:
        reasons.append(f"possible match, not merged: {missing}")
    return MatchDecision(
        kind=kind,
        ids=(a_id, b_id) if a_id <= b_id else (b_id, a_id),
        score=round(score, 6),
        merge=enough and missing is None,
        reasons=tuple(reasons),
        vetoes=tuple(sorted(vetoes)),
        possible=enough and missing is not None,
    )


def _pair(x: str | None, y: str | None) -> str:
    return " / ".join(sorted((str(x), str(y))))


# ------------------------------------------------------------------------------- names


@attrs.frozen
class _Names:
    norms: frozenset[str]
    keys: frozenset[str]
    display: Mapping[str, str] = attrs.field(eq=False, hash=False)


def _names(names: Sequence[str], keyer: Callable[[str], frozenset[str]]) -> _Names:
    norms: set[str] = set()
    keys: set[str] = set()
    display: dict[str, str] = {}
    for n in names:
        norm = normalise(n)
        if norm:
            norms.add(norm)
            display.setdefault(norm, n)
        for k in keyer(n):
            keys.add(k)
            display.setdefault("key:" + k, n)
    return _Names(frozenset(norms), frozenset(keys), display)


def _name_score(a: _Names, b: _Names, key_score: float, reasons: list[str]) -> float:
    same = sorted(a.norms & b.norms)
    if same:
        reasons.append(f"same name {a.display[same[0]]!r}")
        return 1.0
    shared = sorted(a.keys & b.keys)
    if shared:
        k = shared[0]
        reasons.append(f"names {a.display['key:' + k]!r} and {b.display['key:' + k]!r} share the key {k!r}")
        return key_score
    return 0.0


# --------------------------------------------------------------------------- locations


def location_radius_m(point: Point, rules: LocationRules | None = None) -> float:
    """The uncertainty radius of a point in metres: ``precision_m``, else by its code.

    Args:
        point: A point.
        rules: Where the radii per precision code come from; the default policy's when
            ``None``.

    Returns:
        The radius in metres.

    Example:
        >>> from conflictmodels import Point, GeoPrecision
        >>> from conflictmodels.resolution import location_radius_m
        >>> location_radius_m(Point(lat=50.0, lon=35.0, precision=GeoPrecision.ADM2))
        60000.0
        >>> location_radius_m(Point(lat=50.0, lon=35.0, precision_m=1500.0))
        1500.0
    """
    rules = DEFAULT_RESOLUTION_POLICY.locations if rules is None else rules
    if point.precision_m is not None:
        return float(point.precision_m)
    return rules.radius_m(point.precision)


@attrs.frozen
class _LocationProfile:
    loc: Location
    names: _Names
    country: str | None


def _location_profile(loc: Location) -> _LocationProfile:
    country = loc.country if loc.country is not None else (loc.region[:2] if loc.region else None)
    return _LocationProfile(loc, _names(loc.names, name_keys), country)


def _location_vetoes(a: _LocationProfile, b: _LocationProfile, rules: LocationRules, reasons: list[str]) -> list[str]:
    x, y = a.loc, b.loc
    vetoes: list[str] = []
    if x.kind is not y.kind and frozenset((x.kind, y.kind)) not in rules.compatible_kinds:
        vetoes.append(f"different kinds {_pair(x.kind.value, y.kind.value)}")
    if a.country is not None and b.country is not None and a.country != b.country:
        vetoes.append(f"different countries {_pair(a.country, b.country)}")
    if x.region is not None and y.region is not None and x.region != y.region:
        vetoes.append(f"different regions {_pair(x.region, y.region)}")
    for field, label in GAZETTEER_IDS:
        p, q = getattr(x, field), getattr(y, field)
        if p is not None and q is not None and p != q:
            vetoes.append(f"different {label} ids {_pair(p, q)}")
    if x.parent_id is not None and y.parent_id is not None and x.parent_id != y.parent_id:
        vetoes.append(f"different parents {_pair(x.parent_id, y.parent_id)}")
    if x.parent_id == y.id or y.parent_id == x.id:
        vetoes.append("one is the other's parent")
    if x.point is not None and y.point is not None:
        d = distance_m(x.point, y.point)
        tol = location_radius_m(x.point, rules) + location_radius_m(y.point, rules)
        if d > tol:
            vetoes.append(f"{d / 1000:.1f} km apart, beyond the {tol / 1000:.1f} km tolerance")
        else:
            reasons.append(f"{d / 1000:.1f} km apart, within the {tol / 1000:.1f} km tolerance")
    return vetoes


def _location_code(p: _LocationProfile) -> str | None:
    """The ISO code that names the place itself, for kinds in ``identified_by_code``."""
    return p.country if p.loc.kind is LocationKind.COUNTRY else p.loc.region


def _missing_geo_evidence(a: _LocationProfile, b: _LocationProfile, rules: LocationRules) -> str | None:
    """Why nothing identifies ``a`` and ``b`` as one place, or None when something does:
    an equal gazetteer id, points within a tolerance of at most
    ``rules.evidence_tolerance_m``, or the same code for a kind it identifies."""
    x, y = a.loc, b.loc
    if not rules.require_geo_evidence:
        return None
    if any(getattr(x, f) is not None and getattr(x, f) == getattr(y, f) for f, _ in GAZETTEER_IDS):
        return None
    if x.kind is y.kind and x.kind in rules.identified_by_code:
        code = _location_code(a)
        if code is not None and code == _location_code(b):
            return None
    if x.point is not None and y.point is not None:
        tol = location_radius_m(x.point, rules) + location_radius_m(y.point, rules)
        if tol <= rules.evidence_tolerance_m:
            return None  # beyond the tolerance, a veto says so
        what = (
            f"the points are too coarse to tell villages of one name apart ({tol / 1000:.1f} km tolerance, "
            f"more than {rules.evidence_tolerance_m / 1000:.1f} km)"
        )
    else:
        lacking = sorted(e.id for e in (x, y) if e.point is None)
        what = f"no coordinates for {' and '.join(lacking)}"
    return f"{what}, and no shared gazetteer id (same name is not same place)"


def _match_location_profiles(a: _LocationProfile, b: _LocationProfile, rules: LocationRules) -> MatchDecision:
    reasons: list[str] = []
    x, y = a.loc, b.loc
    name = _name_score(a.names, b.names, rules.key_name_score, reasons)
    vetoes = _location_vetoes(a, b, rules, reasons)
    geo = 0.0
    if x.point is not None and y.point is not None:
        tol = location_radius_m(x.point, rules) + location_radius_m(y.point, rules)
        d = distance_m(x.point, y.point)
        geo = 1.0 if d == 0 else (max(0.0, 1.0 - (1.0 - rules.geo_score_at_tolerance) * d / tol) if tol > 0 else 0.0)
    admin = 0.0
    if x.region is not None and x.region == y.region:
        admin = 1.0
        reasons.append(f"same region {x.region}")
    elif x.parent_id is not None and x.parent_id == y.parent_id:
        admin = 1.0
        reasons.append(f"same parent {x.parent_id}")
    elif a.country is not None and a.country == b.country:
        # A country is its code: the same code is the same place, not only the same country.
        whole = x.kind is y.kind is LocationKind.COUNTRY and LocationKind.COUNTRY in rules.identified_by_code
        admin = 1.0 if whole else rules.country_share
        reasons.append(f"same country {a.country}")
    gazetteer = 0.0
    for field, label in GAZETTEER_IDS:
        p = getattr(x, field)
        if p is not None and p == getattr(y, field):
            gazetteer = 1.0
            reasons.append(f"same {label} id {p}")
            break
    score = (
        rules.name_weight * name
        + rules.geo_weight * geo
        + rules.admin_weight * admin
        + rules.gazetteer_weight * gazetteer
    )
    missing = _missing_geo_evidence(a, b, rules)
    return _decision("locations", x.id, y.id, score, rules.threshold, reasons, vetoes, missing)


def match_locations(a: Location, b: Location, policy: ResolutionPolicy = DEFAULT_RESOLUTION_POLICY) -> MatchDecision:
    """Decide whether two locations are the same place.

    Names must agree (equal after :func:`~conflictmodels.names.normalise`, or sharing a
    :func:`~conflictmodels.names.name_keys` key) and something else must corroborate:
    coordinates within tolerance, the same region or parent, or an equal gazetteer id
    (which alone suffices). Different countries, regions, kinds or gazetteer ids, or
    points further apart than the sum of their radii, forbid the merge. And since many
    villages share a name, the merge needs positive geographic evidence (an equal
    gazetteer id, or points within a tolerance of at most
    ``LocationRules.evidence_tolerance_m``; for regions and countries, the same code):
    without it the decision is a possible match, not a merge.

    Args:
        a: A location.
        b: Another location.
        policy: The rules; ``DEFAULT_RESOLUTION_POLICY`` by default.

    Returns:
        The decision, with the score and its reasons.

    Example:
        >>> from conflictmodels import Location, Point, GeoPrecision
        >>> from conflictmodels.resolution import match_locations
        >>> here = Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT)
        >>> far = Point(lat=48.35, lon=35.10, precision=GeoPrecision.EXACT)
        >>> match_locations(Location(id="a", name="Novenke", point=here),
        ...                 Location(id="b", name="Новеньке", point=here)).merge
        True
        >>> match_locations(Location(id="a", name="Novenke", point=here),
        ...                 Location(id="b", name="Novenke", point=far)).vetoes
        ('300.2 km apart, beyond the 10.0 km tolerance',)
        >>> d = match_locations(Location(id="a", name="Novenke", region="UA-59", point=here),
        ...                     Location(id="b", name="Novenke", region="UA-59"))
        >>> d.merge, d.possible
        (False, True)
    """
    return _match_location_profiles(_location_profile(a), _location_profile(b), policy.locations)


# ------------------------------------------------------------------------------- units


@attrs.frozen
class _UnitProfile:
    unit: Unit
    names: _Names
    tokens: tuple[frozenset[str], ...]
    designation: str | None
    echelon: Echelon | None
    branch: Branch | None
    declared: _Names  # the declared aliases alone


def _canonical_designation(designation: str) -> str:
    text = "".join(normalise(designation).split())
    return (text.lstrip("0") or "0") if text.isdigit() else text


def _branch_class(branch: Branch | None) -> Branch | None:
    return None if branch is None else BRANCH_CLASSES.get(branch, branch)


def _only(values: Iterable[_V]) -> _V | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def _unit_profile(unit: Unit) -> _UnitProfile:
    # Fields win; empty fields are read from the names when all names that say agree.
    parts = [unit_name_parts(n) for n in unit.names]
    if unit.designation is not None:
        designation: str | None = _canonical_designation(unit.designation)
    else:
        designation = _only(p.numbers[0] for p in parts if len(p.numbers) == 1)
    extra = {designation} if designation is not None else set()
    echelon = unit.echelon if unit.echelon is not None else _only(p.echelon for p in parts if p.echelon is not None)
    branch = unit.branch if unit.branch is not None else _only(p.branch for p in parts if p.branch is not None)

    def keyer(n: str) -> frozenset[str]:
        return unit_keys(n, unit.designation)

    return _UnitProfile(
        unit=unit,
        names=_names(unit.names, keyer),
        declared=_names(unit.aliases, keyer),
        tokens=tuple(frozenset(p.tokens | extra) for p in parts),
        designation=designation,
        echelon=echelon,
        branch=_branch_class(branch),
    )


def _unit_vetoes(a: _UnitProfile, b: _UnitProfile, rules: UnitRules) -> list[str]:
    x, y = a.unit, b.unit
    vetoes: list[str] = []
    if x.placeholder or y.placeholder:
        vetoes.append("a placeholder unit is never merged")
    if x.party is not None and y.party is not None and x.party != y.party:
        vetoes.append(f"different parties {_pair(x.party, y.party)}")
    if a.designation is not None and b.designation is not None and a.designation != b.designation:
        vetoes.append(f"different designations {_pair(a.designation, b.designation)}")
    if a.echelon is not None and b.echelon is not None and a.echelon is not b.echelon:
        vetoes.append(f"different echelons {_pair(a.echelon.value, b.echelon.value)}")
    if rules.branch_must_match and a.branch is not None and b.branch is not None and a.branch is not b.branch:
        vetoes.append(f"different branches {_pair(a.branch.value, b.branch.value)}")
    if any(p.unit_id == y.id for p in x.parents) or any(p.unit_id == x.id for p in y.parents):
        vetoes.append("one is the other's parent")
    return vetoes


def _match_unit_profiles(a: _UnitProfile, b: _UnitProfile, rules: UnitRules) -> MatchDecision:
    reasons: list[str] = []
    x, y = a.unit, b.unit
    name = _name_score(a.names, b.names, rules.key_name_score, reasons)
    if name == 0.0:
        for s in a.tokens:
            for t in b.tokens:
                small, big = (s, t) if len(s) <= len(t) else (t, s)
                if len(small) >= rules.contained_min_words and small <= big:
                    name = rules.contained_name_score
                    reasons.append(f"the words {' '.join(sorted(small))!r} are contained in {' '.join(sorted(big))!r}")
                    break
            if name:
                break
    vetoes = _unit_vetoes(a, b, rules)
    score = rules.name_weight * name
    alias = _declared_alias(a, b) or _declared_alias(b, a)
    if alias:
        score += rules.alias_weight
        reasons.append(alias)
    if a.designation is not None and a.designation == b.designation:
        score += rules.designation_weight
        reasons.append(f"same designation {a.designation}")
    if a.echelon is not None and a.echelon is b.echelon:
        score += rules.echelon_weight
        reasons.append(f"same echelon {a.echelon.value}")
    if x.party is not None and x.party == y.party:
        score += rules.party_weight
        reasons.append(f"same party {x.party}")
    if a.branch is not None and a.branch is b.branch:
        score += rules.branch_weight
        reasons.append(f"same branch {a.branch.value}")
    return _decision("units", x.id, y.id, score, rules.threshold, reasons, vetoes)


def _declared_alias(a: _UnitProfile, b: _UnitProfile) -> str | None:
    """How a name of ``b`` is an alias ``a`` declares (equal, or sharing a key), or None."""
    same = sorted(a.declared.norms & b.names.norms)
    if same:
        return f"{b.names.display[same[0]]!r} is a declared alias of {a.unit.id}"
    shared = sorted(a.declared.keys & b.names.keys)
    if shared:
        k = "key:" + shared[0]
        return f"{b.names.display[k]!r} shares a key with {a.declared.display[k]!r}, a declared alias of {a.unit.id}"
    return None


def match_units(a: Unit, b: Unit, policy: ResolutionPolicy = DEFAULT_RESOLUTION_POLICY) -> MatchDecision:
    """Decide whether two units are the same formation.

    Different parties, designations, echelons or branches forbid a merge (the
    designation, echelon and branch are read from the name when the fields are empty),
    so "11th Air Assault Brigade" never merges with "11th Army Corps", nor the same
    number in two armies. Names are compared with :func:`~conflictmodels.names.unit_keys`.

    Args:
        a: A unit.
        b: Another unit.
        policy: The rules; ``DEFAULT_RESOLUTION_POLICY`` by default.

    Returns:
        The decision, with the score and its reasons.

    Example:
        >>> from conflictmodels import Unit, Echelon, Branch
        >>> from conflictmodels.resolution import match_units
        >>> a = Unit(id="u1", name="810th Naval Infantry Brigade", designation="810",
        ...          echelon=Echelon.BRIGADE, branch=Branch.NAVAL_INFANTRY, party="RU")
        >>> b = Unit(id="u2", name="810th Guards Separate Marine Brigade",
        ...          branch=Branch.MARINES, party="RU")
        >>> match_units(a, b).merge
        True
        >>> match_units(Unit(id="u3", name="11th Air Assault Brigade", party="RU"),
        ...             Unit(id="u4", name="11th Army Corps", party="KP")).vetoes
        ('different echelons brigade / corps', 'different parties KP / RU')
    """
    return _match_unit_profiles(_unit_profile(a), _unit_profile(b), policy.units)


# ----------------------------------------------------------------------------- sources


@attrs.frozen
class _SourceProfile:
    source: Source
    names: _Names
    url: str | None


def _canonical_url(url: str | None) -> str | None:
    if url is None:
        return None
    text = url.split("://", 1)[-1].casefold().rstrip("/")
    return text.removeprefix("www.")


def _source_profile(source: Source) -> _SourceProfile:
    return _SourceProfile(source, _names(source.names, source_keys), _canonical_url(source.url))


def _known_kind(kind: SourceKind) -> SourceKind | None:
    return None if kind is SourceKind.OTHER else kind


def _source_vetoes(a: _SourceProfile, b: _SourceProfile) -> list[str]:
    x, y = a.source, b.source
    vetoes: list[str] = []
    if x.party is not None and y.party is not None and x.party != y.party:
        vetoes.append(f"different parties {_pair(x.party, y.party)}")
    kx, ky = _known_kind(x.kind), _known_kind(y.kind)
    if kx is not None and ky is not None and kx is not ky:
        vetoes.append(f"different kinds {_pair(kx.value, ky.value)}")
    if x.reliability is not None and y.reliability is not None and x.reliability is not y.reliability:
        vetoes.append(f"different reliabilities {_pair(x.reliability.value, y.reliability.value)}")
    if a.url is not None and b.url is not None and a.url != b.url:
        vetoes.append(f"different home pages {_pair(x.url, y.url)}")
    if x.parent_id is not None and y.parent_id is not None and x.parent_id != y.parent_id:
        vetoes.append(f"different parents {_pair(x.parent_id, y.parent_id)}")
    if x.parent_id == y.id or y.parent_id == x.id:
        vetoes.append("one is the other's parent")
    return vetoes


def _match_source_profiles(a: _SourceProfile, b: _SourceProfile, rules: SourceRules) -> MatchDecision:
    reasons: list[str] = []
    x, y = a.source, b.source
    score = rules.name_weight * _name_score(a.names, b.names, rules.key_name_score, reasons)
    if x.party is not None and x.party == y.party:
        score += rules.party_weight
        reasons.append(f"same party {x.party}")
    if _known_kind(x.kind) is not None and x.kind is y.kind:
        score += rules.kind_weight
        reasons.append(f"same kind {x.kind.value}")
    if a.url is not None and a.url == b.url:
        score += rules.url_weight
        reasons.append(f"same home page {x.url}")
    return _decision("sources", x.id, y.id, score, rules.threshold, reasons, _source_vetoes(a, b))


def match_sources(a: Source, b: Source, policy: ResolutionPolicy = DEFAULT_RESOLUTION_POLICY) -> MatchDecision:
    """Decide whether two sources are the same body or person.

    Names and aliases are compared with :func:`~conflictmodels.names.source_keys`,
    which expands a small abbreviation table ("MoD", "Defense Ministry", "GS"). Sources
    of different parties, kinds, reliabilities, home pages or parents never merge.

    Args:
        a: A source.
        b: Another source.
        policy: The rules; ``DEFAULT_RESOLUTION_POLICY`` by default.

    Returns:
        The decision, with the score and its reasons.

    Example:
        >>> from conflictmodels import Source, SourceKind
        >>> from conflictmodels.resolution import match_sources
        >>> mod = Source(id="ru-mod", name="Ministry of Defence of the Russian Federation", party="RU")
        >>> match_sources(mod, Source(id="mod-2", name="Russia's Defense Ministry", party="RU")).merge
        True
        >>> match_sources(mod, Source(id="mod-3", name="Russian MoD", party="UA")).merge
        False
    """
    return _match_source_profiles(_source_profile(a), _source_profile(b), policy.sources)


# ------------------------------------------------------------------------------ people


@attrs.frozen
class _PersonProfile:
    person: Person
    names: _Names
    patronymic: str | None  # its key ("rn" for Aronovich), when its names give one
    patronymic_word: str | None = attrs.field(eq=False, hash=False)
    places: frozenset[str]  # "unit:<id>" and "organisation:<normalised>" of its roles
    shown: Mapping[str, str] = attrs.field(eq=False, hash=False)  # place -> in words
    two_fathers: str | None  # the patronymics, when its names give more than one: it never merges


def _person_profile(person: Person) -> _PersonProfile:
    words: dict[str, str] = {}
    for n in person.names:
        parts = person_name_parts(n)
        if parts.patronymic_key is not None and parts.patronymic is not None:
            words.setdefault(parts.patronymic_key, parts.patronymic)
    patronymic, word = next(iter(words.items())) if len(words) == 1 else (None, None)
    two_fathers = " / ".join(sorted(words.values())) if len(words) > 1 else None
    shown: dict[str, str] = {}
    for role in person.roles:
        if role.unit_id is not None:
            shown.setdefault("unit:" + role.unit_id, f"the unit {role.unit_id}")
        elif role.organisation is not None and normalise(role.organisation):
            shown.setdefault("organisation:" + normalise(role.organisation), repr(role.organisation))
    return _PersonProfile(
        person=person,
        names=_names(person.names, lambda n: person_name_parts(n).keys),
        patronymic=patronymic,
        patronymic_word=word,
        places=frozenset(shown),
        shown=shown,
        two_fathers=two_fathers,
    )


def _person_vetoes(a: _PersonProfile, b: _PersonProfile) -> list[str]:
    x, y = a.person, b.person
    vetoes: list[str] = []
    if x.party is not None and y.party is not None and x.party != y.party:
        vetoes.append(f"different parties {_pair(x.party, y.party)}")
    if a.patronymic is not None and b.patronymic is not None and a.patronymic != b.patronymic:
        vetoes.append(f"different patronymics {_pair(a.patronymic_word, b.patronymic_word)}")
    for p in (a, b):
        if p.two_fathers is not None:  # which father? an analyst must split the record first
            vetoes.append(f"the names of {p.person.id} give two patronymics ({p.two_fathers})")
    return vetoes


def _posts_at_once(x: Person, y: Person) -> str | None:
    """Why two records that share no unit look like two people: each held a post in a
    different unit over one dated period (two namesakes commanding two brigades the same
    year), or None. Undated roles prove nothing. Not a hard rule (one officer may hold two
    posts at once): the records stay apart as a possible match for an analyst."""
    for ra in x.roles:
        for rb in y.roles:
            if (
                ra.unit_id is not None
                and rb.unit_id is not None
                and ra.unit_id != rb.unit_id
                and ra.during is not None
                and rb.during is not None
                and ra.during.overlaps(rb.during)
            ):
                return f"posts in different units at the same time (the units {ra.unit_id} and {rb.unit_id})"
    return None


def _shared_words(a: _PersonProfile, b: _PersonProfile) -> tuple[int, str]:
    """The most words of two letters or more in a key the names share, with that key."""
    best = (0, "")
    for key in sorted(a.names.keys & b.names.keys):
        words = sum(len(w) >= 2 for w in key.split())
        if words > best[0]:
            best = (words, key)
    return best


def _match_person_profiles(a: _PersonProfile, b: _PersonProfile, rules: PersonRules) -> MatchDecision:
    reasons: list[str] = []
    x, y = a.person, b.person
    score = rules.name_weight * _name_score(a.names, b.names, rules.key_name_score, reasons)
    corroborated = []
    if x.party is not None and x.party == y.party:
        score += rules.party_weight
        reasons.append(f"same party {x.party}")
        corroborated.append("party")
    shared = sorted(a.places & b.places)
    if shared:
        score += rules.role_weight
        reasons.append(f"both held a position in {a.shown[shared[0]]}")
        corroborated.append("role")
    if a.patronymic is not None and a.patronymic == b.patronymic:
        reasons.append(f"same patronymic {a.patronymic_word}")
    words, key = _shared_words(a, b)
    missing = None
    if words < rules.min_name_words:
        what = f"only {words} word{'s' if words > 1 else ''} ({key!r})" if words else "no word of two letters or more"
        missing = (
            f"the names share {what}, fewer than {rules.min_name_words}: a surname or a call sign alone "
            "identifies no one (same name is not same person)"
        )
    elif rules.require_corroboration and not corroborated:
        missing = "nothing but the name agrees (no shared party, unit or organisation), and namesakes exist"
    elif not shared and (clash := _posts_at_once(x, y)) is not None:
        missing = f"{clash}: a party in common does not make namesakes one person"
    return _decision("people", x.id, y.id, score, rules.threshold, reasons, _person_vetoes(a, b), missing)


def match_people(a: Person, b: Person, policy: ResolutionPolicy = DEFAULT_RESOLUTION_POLICY) -> MatchDecision:
    """Decide whether two people are one commander or official.

    Names and aliases are compared with :func:`~conflictmodels.names.person_keys`
    (ranks dropped, Cyrillic romanised, given names read as one form, word order free).
    Different parties or patronymics forbid a merge. Same name is not same person: the
    names must share at least ``PersonRules.min_name_words`` words (a surname alone
    never merges), and something beyond the name must agree (the same party, or a role
    in the same unit or organisation); without it the decision is a possible match.

    Args:
        a: A person.
        b: Another person.
        policy: The rules; ``DEFAULT_RESOLUTION_POLICY`` by default.

    Returns:
        The decision, with the score and its reasons.

    Example:
        >>> from conflictmodels import Person
        >>> from conflictmodels.resolution import match_people
        >>> general = Person(id="p-1", name="Lt. Gen. Apti Alaudinov", aliases=("Аптий Алаудинов",), party="RU")
        >>> d = match_people(general, Person(id="p-2", name="Apti Alaudinov", party="RU"))
        >>> d.merge, d.reasons
        (True, ("names 'Lt. Gen. Apti Alaudinov' and 'Apti Alaudinov' share the key 'alaudinov apti'", 'same party RU'))
        >>> match_people(general, Person(id="p-3", name="Apti Alaudinov", party="UA")).vetoes
        ('different parties RU / UA',)
        >>> match_people(general, Person(id="p-4", name="Apti Alaudinov")).possible
        True
    """
    return _match_person_profiles(_person_profile(a), _person_profile(b), policy.people)


def _person_blocks(p: _PersonProfile) -> Iterator[str]:
    yield from p.names.keys


def _person_signature(p: _PersonProfile) -> Hashable:
    return (p.names.norms, p.names.keys, p.person.party, p.patronymic, p.places)


def _person_stronger(p: _PersonProfile) -> Iterator[str]:
    if p.person.party is not None:
        yield "party:" + p.person.party
    yield from sorted(p.places)


def _person_features(p: _PersonProfile, policy: ResolutionPolicy) -> _Features:
    fields = [("party", p.person.party), ("patronymic", p.patronymic)]
    return [f for f in fields if f[1] is not None], None, [], None, p.two_fathers is not None


def _merged_roles(group: Sequence[Person]) -> tuple[Role, ...]:
    """The roles of a group, each once: equal title (normalised), unit or organisation and
    period are one role; a role without a period goes when the same role has one."""
    roles: dict[tuple[Any, ...], Role] = {}
    for person in group:
        for role in person.roles:
            org = None if role.organisation is None else normalise(role.organisation)
            roles.setdefault((normalise(role.title), role.unit_id, org, role.during), role)
    dated = {key[:3] for key in roles if key[3] is not None}
    return tuple(role for key, role in roles.items() if key[3] is not None or key[:3] not in dated)


def _merge_people(group: Sequence[Person], rules: PersonRules) -> Person:
    return attrs.evolve(
        group[0],
        aliases=_merged_aliases(group),
        party=_first(group, "party"),
        roles=_merged_roles(group),
        extra=_merged_extra(group),
    )


# -------------------------------------------------------------------------- clustering

_E = TypeVar("_E", Location, Unit, Source, Person)


@attrs.frozen(kw_only=True)
class OversizedBlock:
    """A blocking key shared by more entities than ``ResolutionPolicy.max_block``.

    Such a key (2,000 villages called "Novenke") identifies nothing by itself. Identical
    entities sharing it were compared once; the different ones only where they also
    share a stronger key, so a merge may have been missed, never made wrongly.

    Attributes:
        kind: ``"sources"``, ``"locations"``, ``"units"`` or ``"people"``.
        key: The blocking key: a name key, or ``"designation:..."``, ``"GeoNames:..."``,
            ``"url:..."`` and the like.
        entities: How many entities share it.
        distinct: How many of them differ (identical entities count once).
        note: What was compared, in a sentence.

    Example:
        >>> from conflictmodels import Dossier, Location
        >>> from conflictmodels.resolution import ResolutionPolicy, resolve_entities
        >>> places = tuple(Location(id=f"l{i}", name="Novenke") for i in range(5))
        >>> r = resolve_entities(Dossier(locations=places), ResolutionPolicy(max_block=3))
        >>> [(o.key, o.entities, o.distinct) for o in r.oversized]
        [('novenke', 5, 1)]
    """

    kind: EntityKind
    key: str
    entities: int
    distinct: int
    note: str


@attrs.frozen
class _KindOps:
    profile: Callable[[Any], Any]
    blocks: Callable[[Any], Iterable[str]]
    match: Callable[[Any, Any, ResolutionPolicy], MatchDecision]
    vetoes: Callable[[Any, Any, ResolutionPolicy], list[str]]
    # What oversized blocks and large groups need:
    signature: Callable[[Any], Hashable]  # equal for entities that match everything alike
    stronger: Callable[[Any], Iterable[str]]  # keys that corroborate a shared weak key
    features: Callable[[Any, ResolutionPolicy], _Features]  # what the hard rules compare
    stronger_words: str  # the stronger keys, for notes


def _location_blocks(p: _LocationProfile) -> Iterator[str]:
    yield from p.names.keys
    for field, label in GAZETTEER_IDS:
        value = getattr(p.loc, field)
        if value is not None:
            yield f"{label}:{value}"


def _unit_blocks(p: _UnitProfile) -> Iterator[str]:
    yield from p.names.keys
    if p.designation is not None:
        yield "designation:" + p.designation


def _source_blocks(p: _SourceProfile) -> Iterator[str]:
    yield from p.names.keys
    if p.url is not None:
        yield "url:" + p.url


def _point_key(point: Point | None) -> Hashable:
    return None if point is None else (point.lat, point.lon, point.precision_m, point.precision)


def _location_signature(p: _LocationProfile) -> Hashable:
    x = p.loc
    return (p.names.norms, p.names.keys, x.kind, p.country, x.region, x.geonames_id, x.wikidata_id, x.osm_id,
            x.parent_id, _point_key(x.point))  # fmt: skip


def _unit_signature(p: _UnitProfile) -> Hashable:
    x = p.unit
    parents = frozenset(q.unit_id for q in x.parents)
    return (p.names.norms, p.names.keys, p.declared.norms, p.declared.keys, p.tokens, p.designation, p.echelon,
            p.branch, x.party, x.placeholder, parents)  # fmt: skip


def _source_signature(p: _SourceProfile) -> Hashable:
    x = p.source
    return (p.names.norms, p.names.keys, x.party, x.kind, x.reliability, p.url, x.parent_id)


def _location_stronger(p: _LocationProfile) -> Iterator[str]:
    x = p.loc
    if x.region is not None:
        yield "region:" + x.region
    if x.parent_id is not None:
        yield "parent:" + x.parent_id
    for field, label in GAZETTEER_IDS:
        value = getattr(x, field)
        if value is not None:
            yield f"{label}:{value}"


def _unit_stronger(p: _UnitProfile) -> Iterator[str]:
    if p.designation is not None:
        yield "designation:" + p.designation
    if p.unit.party is not None:
        yield "party:" + p.unit.party


def _source_stronger(p: _SourceProfile) -> Iterator[str]:
    x = p.source
    if x.party is not None:
        yield "party:" + x.party
    if p.url is not None:
        yield "url:" + p.url
    if x.parent_id is not None:
        yield "parent:" + x.parent_id
    kind = _known_kind(x.kind)
    if kind is not None:
        yield "kind:" + kind.value


# What the hard rules compare: fields that must be equal when both are known (label,
# value), the location kind, the ids of parents, a point with its radius, a placeholder.
_Features = tuple[list[tuple[str, Any]], LocationKind | None, list[str], tuple[Point, float] | None, bool]


def _location_features(p: _LocationProfile, policy: ResolutionPolicy) -> _Features:
    x = p.loc
    fields = [("country", p.country), ("region", x.region), ("parent", x.parent_id)]
    fields += [(label, getattr(x, field)) for field, label in GAZETTEER_IDS]
    point = None if x.point is None else (x.point, location_radius_m(x.point, policy.locations))
    refs = [] if x.parent_id is None else [x.parent_id]
    return [f for f in fields if f[1] is not None], x.kind, refs, point, False


def _unit_features(p: _UnitProfile, policy: ResolutionPolicy) -> _Features:
    x = p.unit
    fields: list[tuple[str, Any]] = [("party", x.party), ("designation", p.designation), ("echelon", p.echelon)]
    if policy.units.branch_must_match:
        fields.append(("branch", p.branch))
    return [f for f in fields if f[1] is not None], None, [q.unit_id for q in x.parents], None, x.placeholder


def _source_features(p: _SourceProfile, policy: ResolutionPolicy) -> _Features:
    x = p.source
    fields = [("party", x.party), ("kind", _known_kind(x.kind)), ("reliability", x.reliability), ("url", p.url),
              ("parent", x.parent_id)]  # fmt: skip
    refs = [] if x.parent_id is None else [x.parent_id]
    return [f for f in fields if f[1] is not None], None, refs, None, False


_OPS: Mapping[EntityKind, _KindOps] = {
    "locations": _KindOps(
        _location_profile,
        _location_blocks,
        lambda a, b, pol: _match_location_profiles(a, b, pol.locations),
        lambda a, b, pol: _location_vetoes(a, b, pol.locations, []),
        _location_signature,
        _location_stronger,
        _location_features,
        "a region, a parent, a gazetteer id or nearby coordinates",
    ),
    "units": _KindOps(
        _unit_profile,
        _unit_blocks,
        lambda a, b, pol: _match_unit_profiles(a, b, pol.units),
        lambda a, b, pol: _unit_vetoes(a, b, pol.units),
        _unit_signature,
        _unit_stronger,
        _unit_features,
        "a designation or a party",
    ),
    "sources": _KindOps(
        _source_profile,
        _source_blocks,
        lambda a, b, pol: _match_source_profiles(a, b, pol.sources),
        lambda a, b, pol: _source_vetoes(a, b),
        _source_signature,
        _source_stronger,
        _source_features,
        "a party, a home page, a parent or a kind",
    ),
    "people": _KindOps(
        _person_profile,
        _person_blocks,
        lambda a, b, pol: _match_person_profiles(a, b, pol.people),
        lambda a, b, pol: _person_vetoes(a, b),
        _person_signature,
        _person_stronger,
        _person_features,
        "a party or the unit or organisation of a role",
    ),
}


# ----------------------------------------------------------------- oversized blocks

_GEO_BASE_M = 1_000.0
"""The side of the finest cell of the grid that pairs nearby points, in metres."""
_FORWARD = tuple(o for o in itertools.product((-1, 0, 1), repeat=3) if o > (0, 0, 0))
"""Half of the 26 neighbouring cells: each pair of neighbours is visited from one side."""


def _geo_level(radius: float) -> int:
    """The level whose cells are at least two radii wide: two points within the sum of
    their radii lie in the same or neighbouring cells at the level of the larger one."""
    need = 2.0 * radius / _GEO_BASE_M
    return 0 if need <= 1.0 else min(64, math.ceil(math.log2(need)))


def _geo_cell(point: Point, side: float) -> tuple[int, int, int]:
    """The cube of side ``side`` holding ``point`` in Earth-centred coordinates (so the
    poles and the antimeridian need nothing special: the straight-line distance is at
    most the great-circle distance)."""
    lat, lon = math.radians(point.lat), math.radians(point.lon)
    r = EARTH_RADIUS_M / side
    return (
        math.floor(r * math.cos(lat) * math.cos(lon)),
        math.floor(r * math.cos(lat) * math.sin(lon)),
        math.floor(r * math.sin(lat)),
    )


def _nearby_pairs(
    points: Mapping[int, tuple[Point, float]],
    keys: Mapping[int, Any],
    ids: Sequence[str],
    limit: int,
    pairs: set[tuple[int, int]],
) -> int:
    """Pair the points that may lie within tolerance of each other; return how many
    neighbourhoods were crowded (more than ``limit`` points: a sorted neighbourhood there)."""
    own = {i: _geo_level(r) for i, (_, r) in points.items()}
    crowded = 0
    for level in sorted(set(own.values())):
        side = _GEO_BASE_M * 2.0**level
        cells: dict[tuple[int, int, int], list[int]] = {}
        for i in sorted(points, key=ids.__getitem__):
            if own[i] <= level:
                cells.setdefault(_geo_cell(points[i][0], side), []).append(i)
        for (x, y, z), here in cells.items():
            near = [j for dx, dy, dz in _FORWARD for j in cells.get((x + dx, y + dy, z + dz), ())]
            if len(here) + len(near) > limit:
                crowded += 1
                _neighbours(sorted(here + near, key=keys.__getitem__), ids, pairs)
                continue
            for n, i in enumerate(here):
                for j in (*here[n + 1 :], *near):
                    if own[i] == level or own[j] == level:
                        pairs.add((i, j) if ids[i] < ids[j] else (j, i))
    return crowded


_NEIGHBOURS = 8
"""In an oversized block, each distinct entity is also compared with this many that follow
it in order of position (locations with a point) and name: a sorted neighbourhood, so
that duplicates no stronger key brings together can still meet."""


def _spread(v: int) -> int:
    """The 21 low bits of ``v`` spread to every third bit (for a Morton code)."""
    v &= 0x1FFFFF
    v = (v | v << 32) & 0x1F00000000FFFF
    v = (v | v << 16) & 0x1F0000FF0000FF
    v = (v | v << 8) & 0x100F00F00F00F00F
    v = (v | v << 4) & 0x10C30C30C30C30C3
    return (v | v << 2) & 0x1249249249249249


def _morton(point: Point) -> int:
    """A position along a Z-order curve through Earth-centred coordinates (cells of ~6 m):
    points close to each other are mostly close along it."""
    lat, lon = math.radians(point.lat), math.radians(point.lon)
    xyz = (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))
    x, y, z = (min(0x1FFFFF, int((c + 1.0) * 0x100000)) for c in xyz)
    return _spread(x) | _spread(y) << 1 | _spread(z) << 2


def _neighbourhood_key(profile: Any) -> tuple[int, str]:
    loc = getattr(profile, "loc", None)
    point = None if loc is None else loc.point
    return (-1 if point is None else _morton(point)), min(profile.names.norms, default="")


def _neighbours(order: list[int], ids: Sequence[str], pairs: set[tuple[int, int]]) -> None:
    for n, i in enumerate(order):
        for j in order[n + 1 : n + 1 + _NEIGHBOURS]:
            pairs.add((i, j) if ids[i] < ids[j] else (j, i))


def _oversized(
    kind: EntityKind,
    key: str,
    members: list[int],
    ids: Sequence[str],
    profiles: Sequence[Any],
    signatures: Sequence[Hashable],
    policy: ResolutionPolicy,
    pairs: set[tuple[int, int]],
) -> OversizedBlock:
    """Pairs to compare in a block larger than ``policy.max_block``; what was done."""
    ops, limit = _OPS[kind], policy.max_block
    classes: dict[Hashable, list[int]] = {}
    for i in sorted(members, key=lambda i: ids[i]):
        classes.setdefault(signatures[i], []).append(i)
    reps: list[int] = []
    apart = 0
    for same in classes.values():
        first = same[0]
        reps.append(first)
        if len(same) > 1:
            if ops.match(profiles[first], profiles[same[1]], policy).merge:
                pairs.update((first, j) for j in same[1:])
            else:
                apart += len(same)
    what = f"{len(members)} {kind} share the key {key!r}, more than ResolutionPolicy.max_block ({limit})"
    same_note = "" if len(reps) == len(members) else "; identical ones were compared once"
    if apart:
        same_note += f" ({apart} identical ones do not merge among themselves)"
    if len(reps) <= limit:
        pairs.update((i, j) for n, i in enumerate(reps) for j in reps[n + 1 :])
        note = f"{what}{same_note}; the {len(reps)} different ones were compared pairwise"
        return OversizedBlock(kind=kind, key=key, entities=len(members), distinct=len(reps), note=note)
    sub: dict[str, list[int]] = {}
    for i in reps:
        for k in ops.stronger(profiles[i]):
            sub.setdefault(k, []).append(i)
    keys = {i: (_neighbourhood_key(profiles[i]), ids[i]) for i in reps}
    crowded = 0
    if kind == "locations":
        points = {i: pr for i in reps if (pr := _location_features(profiles[i], policy)[3]) is not None}
        crowded += _nearby_pairs(points, keys, ids, limit, pairs)
    for group in sub.values():
        if len(group) <= limit:
            pairs.update((i, j) for n, i in enumerate(group) for j in group[n + 1 :])
        else:
            crowded += 1
            _neighbours(sorted(group, key=keys.__getitem__), ids, pairs)
    _neighbours(sorted(reps, key=keys.__getitem__), ids, pairs)
    note = (
        f"{what}{same_note}; the {len(reps)} different ones were compared only where they also share "
        f"{ops.stronger_words} (at most {limit} at a time; in {crowded} crowded groups, and among them all, "
        f"each with its {_NEIGHBOURS} next in order of position and name)"
    )
    return OversizedBlock(kind=kind, key=key, entities=len(members), distinct=len(reps), note=note)


# ------------------------------------------------------------------ group summaries

_PAIRWISE_GROUP_CHECK = 64
"""Joins of two groups whose numbers of parts multiply to at most this are checked part
by part against part; larger ones against a summary of each group (the same verdict)."""


class _Summary:
    """What the hard rules need to know of a group, to check a join in time linear in
    the smaller group: per field its one known value (with the smallest id that has
    it), the kinds, ids and parent ids, and the distinct points."""

    __slots__ = ("anchor", "fields", "ids", "kinds", "placeholder", "points", "refs", "slack")

    def __init__(self) -> None:
        self.fields: dict[str, tuple[Any, str, Any]] = {}
        self.kinds: dict[Any, tuple[str, Any]] = {}
        self.ids: dict[str, Any] = {}
        self.refs: dict[str, tuple[str, Any]] = {}
        self.points: dict[Hashable, tuple[str, Any, Point, float]] = {}
        self.placeholder: tuple[str, Any] | None = None
        self.anchor: Point | None = None
        self.slack = -math.inf  # the largest distance - radius of a point from the anchor

    def add(self, id: str, profile: Any, features: _Features) -> None:
        fields, kind, refs, point, placeholder = features
        for label, value in fields:
            old = self.fields.get(label)
            if old is None or id < old[1]:
                self.fields[label] = (value, id, profile)
        if kind is not None and (kind not in self.kinds or id < self.kinds[kind][0]):
            self.kinds[kind] = (id, profile)
        self.ids[id] = profile
        for ref in refs:
            old_ref = self.refs.get(ref)
            if old_ref is None or id < old_ref[0]:
                self.refs[ref] = (id, profile)
        if placeholder and (self.placeholder is None or id < self.placeholder[0]):
            self.placeholder = (id, profile)
        if point is not None:
            p, radius = point
            pk = (p.lat, p.lon, radius)
            old_point = self.points.get(pk)
            if old_point is None or id < old_point[0]:
                self.points[pk] = (id, profile, p, radius)
            if self.anchor is None:
                self.anchor = p
            self.slack = max(self.slack, distance_m(self.anchor, p) - radius)

    def absorb(self, other: _Summary) -> None:
        for label, (value, id, profile) in other.fields.items():
            old = self.fields.get(label)
            if old is None or id < old[1]:
                self.fields[label] = (value, id, profile)
        for kind, (id, profile) in other.kinds.items():
            if kind not in self.kinds or id < self.kinds[kind][0]:
                self.kinds[kind] = (id, profile)
        self.ids.update(other.ids)
        for ref, (id, profile) in other.refs.items():
            old_ref = self.refs.get(ref)
            if old_ref is None or id < old_ref[0]:
                self.refs[ref] = (id, profile)
        if other.placeholder is not None and (self.placeholder is None or other.placeholder[0] < self.placeholder[0]):
            self.placeholder = other.placeholder
        for pk, (id, profile, p, radius) in other.points.items():
            old_point = self.points.get(pk)
            if old_point is None or id < old_point[0]:
                self.points[pk] = (id, profile, p, radius)
            if self.anchor is None:
                self.anchor = p
            self.slack = max(self.slack, distance_m(self.anchor, p) - radius)


class _Budget:
    """Distances left to compute when checking joins point by point (bounded, so that a
    hostile chain of points cannot make the checks quadratic)."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


def _summary_veto(
    left: _Summary, right: _Summary, ops: _KindOps, policy: ResolutionPolicy, budget: _Budget
) -> str | None:
    """The hard rule a join of two groups would break (worded as :func:`_cross_veto` does), or None."""

    def witness(a: tuple[str, Any], b: tuple[str, Any]) -> str | None:
        vetoes = ops.vetoes(a[1], b[1], policy) if a[0] != b[0] else []
        if not vetoes:
            return None
        x, y = sorted((a[0], b[0]))
        return f"would put {x} and {y} in one group, but {sorted(vetoes)[0]}"

    found: list[str] = []
    for label, (value, id, profile) in sorted(right.fields.items()):
        old = left.fields.get(label)
        if old is not None and old[0] != value and (why := witness((old[1], old[2]), (id, profile))):
            return why
    for rk, rw in sorted(right.kinds.items(), key=lambda kv: kv[1][0]):
        for lk, lw in sorted(left.kinds.items(), key=lambda kv: kv[1][0]):
            if rk is not lk and (why := witness(lw, rw)):
                return why
    for one, other in ((left, right), (right, left)):
        if one.placeholder is not None:
            why = witness(one.placeholder, min(other.ids.items()))
            if why:
                return why
    for one, other in ((left, right), (right, left)):  # one is the other's parent
        if len(one.refs) <= len(other.ids):
            hits = [(holder, (ref, other.ids[ref])) for ref, holder in one.refs.items() if ref in other.ids]
        else:
            hits = [(one.refs[ref], (ref, profile)) for ref, profile in other.ids.items() if ref in one.refs]
        for a, b in sorted(hits, key=lambda h: (h[0][0], h[1][0])):
            if why := witness(a, b):
                found.append(why)
                break
    if found:
        return min(found)
    small, large = (right, left) if len(right.points) <= len(left.points) else (left, right)
    if not small.points or not large.points:
        return None
    anchor = large.anchor
    assert anchor is not None
    for q_id, q_profile, q, q_radius in sorted(small.points.values(), key=lambda t: t[0]):
        if distance_m(anchor, q) + large.slack <= q_radius * (1 - 1e-9) - 1e-3:
            continue  # within reach of every point of the larger group (triangle inequality)
        if budget.left < len(large.points):
            x, y = sorted((q_id, min(large.ids)))
            return (
                f"would put {x} and {y} in one group, but it has too many points to compare them all "
                f"(ResolutionPolicy.max_block = {policy.max_block})"
            )
        budget.left -= len(large.points)
        far = [(p_id, p_profile) for p_id, p_profile, p, r in large.points.values() if distance_m(p, q) > r + q_radius]
        for p in sorted(far, key=lambda t: t[0]):
            if why := witness(p, (q_id, q_profile)):
                return why
    return None


def _cluster(
    kind: EntityKind,
    items: Sequence[Any],
    policy: ResolutionPolicy,
    origins: Mapping[str, Sequence[Any]],
    known: dict[int, tuple[Any, Any]] | None = None,
) -> tuple[dict[str, str], list[MatchDecision], list[OversizedBlock]]:
    """Group duplicates of one kind; return absorbed id -> survivor id, decisions, oversized blocks.

    ``origins`` maps the id of an entity merged in an earlier round to the original
    entities it stands for; the hard rules are checked against those, so a merged
    entity (whose point is the most precise of its parts) cannot drift into a group
    that one of its parts could not join. ``known`` keeps the profiles of the entities
    of an earlier round (by identity, with the entity) so that those left unchanged are
    not profiled again.
    """
    ops = _OPS[kind]
    if known is None:
        profiles = [ops.profile(item) for item in items]
    else:
        profiles = []
        for item in items:
            hit = known.get(id(item))
            if hit is None or hit[0] is not item:
                hit = known[id(item)] = (item, ops.profile(item))
            profiles.append(hit[1])
    ids = [item.id for item in items]
    blocks: dict[str, list[int]] = {}
    for i, p in enumerate(profiles):
        for key in set(ops.blocks(p)):
            blocks.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    oversized: list[OversizedBlock] = []
    signatures: list[Hashable] = []
    for key, members in blocks.items():
        if len(members) <= policy.max_block:
            for n, i in enumerate(members):
                for j in members[n + 1 :]:
                    pairs.add((i, j) if ids[i] < ids[j] else (j, i))
        else:
            if not signatures:
                signatures = [ops.signature(p) for p in profiles]
            oversized.append(_oversized(kind, key, members, ids, profiles, signatures, policy, pairs))
    # Every pair is (smaller id, larger id): oversized blocks list their members in id order.
    decisions = [ops.match(profiles[i], profiles[j], policy) for i, j in pairs]
    by_ids = {ids[i]: i for i in range(len(items))}
    accepted = sorted((d for d in decisions if d.merge), key=lambda d: (-d.score, d.ids))
    parent = list(range(len(items)))
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    originals: dict[int, list[tuple[str, Any]]] = {}
    counts: dict[int, int] = {}
    summaries: dict[int, _Summary] = {}
    budget = _Budget(policy.max_block * max(1, len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def parts(i: int) -> list[tuple[str, Any]]:
        if i not in originals:
            found = origins.get(items[i].id)
            if found is None or len(found) <= 1:
                originals[i] = [(items[i].id, profiles[i])]
            else:
                originals[i] = sorted(((e.id, ops.profile(e)) for e in found), key=lambda t: t[0])
        return originals[i]

    def summary(root: int) -> _Summary:
        s = summaries.get(root)
        if s is None:
            s = summaries[root] = _Summary()
            for i in members_of[root]:
                for pid, profile in parts(i):
                    s.add(pid, profile, ops.features(profile, policy))
        return s

    def count(root: int) -> int:
        n = counts.get(root)
        if n is None:
            n = counts[root] = sum(len(parts(i)) for i in members_of[root])
        return n

    final: dict[tuple[str, str], MatchDecision] = {d.ids: d for d in decisions}
    for d in accepted:
        ri, rj = find(by_ids[d.ids[0]]), find(by_ids[d.ids[1]])
        if ri == rj:
            continue
        if count(ri) * count(rj) <= _PAIRWISE_GROUP_CHECK:
            left = [p for i in members_of[ri] for p in parts(i)]
            right = [p for j in members_of[rj] for p in parts(j)]
            blocked = _cross_veto(left, right, ops, policy)
        else:
            blocked = _summary_veto(summary(ri), summary(rj), ops, policy, budget)
        if blocked:
            final[d.ids] = attrs.evolve(d, merge=False, vetoes=(blocked,))
            continue
        joined = count(ri) + count(rj)
        s_i, s_j = summaries.pop(ri, None), summaries.pop(rj, None)
        if s_i is not None or s_j is not None:
            s_i = summary(ri) if s_i is None else s_i
            s_j = summary(rj) if s_j is None else s_j
            if len(s_i.ids) < len(s_j.ids):
                s_i, s_j = s_j, s_i
            s_i.absorb(s_j)
            summaries[ri] = s_i
            summaries.pop(rj, None)
        parent[rj] = ri
        big, small = members_of.pop(ri), members_of.pop(rj)
        if len(big) < len(small):
            big, small = small, big
        big.extend(small)
        members_of[ri] = big
        counts[ri] = joined
        counts.pop(rj, None)

    mapping: dict[str, str] = {}
    for members in members_of.values():
        if len(members) > 1:
            group_ids = sorted(ids[i] for i in members)
            for absorbed in group_ids[1:]:
                mapping[absorbed] = group_ids[0]
    return mapping, sorted(final.values(), key=lambda d: d.ids), oversized


def _cross_veto(
    left: list[tuple[str, Any]], right: list[tuple[str, Any]], ops: _KindOps, policy: ResolutionPolicy
) -> str | None:
    if len(left) == 1 and len(right) == 1:
        return None  # the pair's own decision already applied the hard rules
    for a_id, a in sorted(left, key=lambda t: t[0]):
        for b_id, b in sorted(right, key=lambda t: t[0]):
            vetoes = ops.vetoes(a, b, policy)
            if vetoes:
                x, y = sorted((a_id, b_id))
                return f"would put {x} and {y} in one group, but {sorted(vetoes)[0]}"
    return None


# ----------------------------------------------------------------------------- merging


def _merged_aliases(group: Sequence[Any]) -> tuple[str, ...]:
    survivor = group[0]
    seen = {normalise(survivor.name) or survivor.name}
    aliases: list[str] = []
    for entity in group:
        for n in entity.names:
            key = normalise(n) or n
            if key not in seen:
                seen.add(key)
                aliases.append(n)
    return tuple(aliases)


def _first(group: Sequence[Any], field: str) -> Any:
    for entity in group:
        value = getattr(entity, field)
        if value is not None:
            return value
    return None


def _merged_extra(group: Sequence[Any]) -> Mapping[str, Any]:
    if all(not e.extra for e in group):
        first: Mapping[str, Any] = group[0].extra
        return first
    merged: dict[str, Any] = {}
    for entity in reversed(group):
        merged.update(entity.extra)
    return FrozenMapping(merged)


def _toward(a: Point, b: Point, fraction: float) -> tuple[float, float]:
    """A point ``fraction`` of the way from ``a`` to ``b`` (planar; for short distances)."""
    dlon = b.lon - a.lon
    if dlon > 180:
        dlon -= 360
    elif dlon < -180:
        dlon += 360
    lon = a.lon + dlon * fraction
    lon = lon - 360 if lon > 180 else lon + 360 if lon < -180 else lon
    return a.lat + (b.lat - a.lat) * fraction, lon


def _merged_point(points: Sequence[Point], rules: LocationRules) -> Point | None:
    """The most precise point, narrowed so its circle lies inside every other point's.

    When the most precise circle already lies inside all the others (an exact village
    point and an oblast centroid), it is returned unchanged. Otherwise the circle is
    narrowed, one point at a time, to the largest circle inside both; the result is
    consistent with every report, so a merged place never matches more than each of its
    parts would. If no common circle exists, the most precise point is kept.
    """
    if not points:
        return None
    ordered = sorted(points, key=lambda p: location_radius_m(p, rules))  # stable: id order on ties
    best = ordered[0]
    radii = [location_radius_m(p, rules) for p in ordered]

    def room(lat: float, lon: float) -> float:
        here = Point(lat=lat, lon=lon)
        return min(r - distance_m(here, p) for p, r in zip(ordered, radii, strict=True))

    if room(best.lat, best.lon) >= radii[0]:
        return best
    center, radius = best, radii[0]
    for p, r in zip(ordered[1:], radii[1:], strict=True):
        d = distance_m(center, p)
        if d + radius <= r:
            continue
        lo, hi = max(-radius, d - r), min(radius, d + r)
        if hi <= lo or d == 0:
            return best
        lat, lon = _toward(center, p, (lo + hi) / 2 / d)
        center, radius = Point(lat=lat, lon=lon), (hi - lo) / 2
    fit = room(center.lat, center.lon)
    if fit <= 0:
        return best
    return Point(lat=center.lat, lon=center.lon, precision_m=fit, precision=best.precision)


def _merge_locations(group: Sequence[Location], rules: LocationRules) -> Location:
    point = _merged_point([e.point for e in group if e.point is not None], rules)
    kwargs = {f: _first(group, f) for f in ("country", "region", "parent_id", "geonames_id", "wikidata_id", "osm_id")}
    return attrs.evolve(group[0], aliases=_merged_aliases(group), point=point, extra=_merged_extra(group), **kwargs)


def _merge_units(group: Sequence[Unit], rules: UnitRules) -> Unit:
    parents: list[UnitParent] = []
    for unit in group:
        for p in unit.parents:
            if p not in parents:
                parents.append(p)
    kwargs = {f: _first(group, f) for f in ("designation", "echelon", "branch", "party")}
    return attrs.evolve(
        group[0], aliases=_merged_aliases(group), parents=tuple(parents), extra=_merged_extra(group), **kwargs
    )


def _merge_sources(group: Sequence[Source], rules: SourceRules) -> Source:
    kind = next((s.kind for s in group if s.kind is not SourceKind.OTHER), SourceKind.OTHER)
    kwargs = {f: _first(group, f) for f in ("party", "parent_id", "reliability", "url")}
    return attrs.evolve(group[0], aliases=_merged_aliases(group), kind=kind, extra=_merged_extra(group), **kwargs)


def _merge(kind: EntityKind, items: Sequence[_E], mapping: Mapping[str, str], policy: ResolutionPolicy) -> list[_E]:
    if not mapping:
        return list(items)
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(mapping.get(item.id, item.id), []).append(item)
    out: list[Any] = []
    for item in items:
        if item.id in mapping:
            continue
        group = sorted(groups[item.id], key=lambda e: e.id)
        if len(group) == 1:
            out.append(item)
        elif kind == "locations":
            out.append(_merge_locations(group, policy.locations))
        elif kind == "units":
            out.append(_merge_units(group, policy.units))
        elif kind == "people":
            out.append(_merge_people(group, policy.people))
        else:
            out.append(_merge_sources(group, policy.sources))
    return out


# -------------------------------------------------------------------------- re-pointing


def _apply(d: Dossier, maps: Mapping[str, Mapping[str, str]], policy: ResolutionPolicy) -> Dossier:
    def resolved(kind: EntityKind, items: Sequence[_E]) -> tuple[_E, ...]:
        merged = [remap(e, maps, owner=(kind, e.id)) for e in _merge(kind, items, maps[kind], policy)]
        return tuple(_acyclic(kind, merged))

    return attrs.evolve(
        d,
        sources=resolved("sources", d.sources),
        locations=resolved("locations", d.locations),
        units=resolved("units", d.units),
        # a role's unit follows its unit's merge before people merge, so their roles unite
        people=resolved("people", tuple(remap(p, maps) for p in d.people)),
        claims=tuple(remap(c, maps) for c in d.claims),
        assessments=tuple(remap(a, maps) for a in d.assessments),
    )


def _acyclic(kind: str, items: list[_E]) -> list[_E]:
    """``items`` with the parent links that merging turned into cycles removed.

    Merging B into C when A's parent is B and C's parent is A makes A and C each other's
    parents. Of each such cycle the link from the entity with the smallest id is dropped,
    so the outcome does not depend on input order.
    """
    while True:
        found = next(cycles(items, kind), None)
        if found is None:
            return items
        ring = found[2]
        smallest = min(ring[:-1])
        cut = {kind: {ring[ring.index(smallest) + 1]: smallest}}
        items = [remap(e, cut, owner=(kind, e.id)) if e.id == smallest else e for e in items]


# --------------------------------------------------------------------------- resolution


@attrs.frozen(kw_only=True)
class Resolution:
    """The outcome of :func:`resolve_entities`.

    Attributes:
        dossier: The dossier with duplicates merged and every reference (claims,
            attribution hops, statements and their people, assessments, parents,
            roles) re-pointed to the surviving ids. Claims and assessments are all kept.
        mapping: Per kind (``"sources"``, ``"locations"``, ``"units"``, ``"people"``), every absorbed
            id mapped to the id that survived; ids that were not absorbed are absent.
        decisions: Every pair of candidates considered, with the score and the
            reasons it merged or not, sorted by kind and ids. When merges happen over
            several rounds, the last decision on a pair is kept.
        oversized: Every blocking key shared by more entities than
            ``ResolutionPolicy.max_block``, with what was compared instead of every
            pair (sorted by kind and key; the last round's account of a key is kept).

    Example:
        >>> from conflictmodels import Dossier, Source
        >>> from conflictmodels.resolution import resolve_entities
        >>> r = resolve_entities(Dossier(sources=(Source(id="a", name="ISW"), Source(id="b", name="ISW"))))
        >>> r.resolve("sources", "b"), r.absorbed("sources", "a")
        ('a', ('b',))
    """

    dossier: Dossier
    mapping: Mapping[str, Mapping[str, str]] = attrs.field(hash=False)
    decisions: tuple[MatchDecision, ...] = ()
    oversized: tuple[OversizedBlock, ...] = ()

    def resolve(self, kind: EntityKind, id: str) -> str:
        """The surviving id for ``id`` (``id`` itself when it was not absorbed).

        Example:
            >>> from conflictmodels import Dossier, Source
            >>> from conflictmodels.resolution import resolve_entities
            >>> r = resolve_entities(Dossier(sources=(Source(id="b", name="ISW"), Source(id="a", name="ISW"))))
            >>> r.resolve("sources", "b"), r.resolve("sources", "a"), r.resolve("sources", "other")
            ('a', 'a', 'other')
        """
        return self.mapping[kind].get(id, id)

    def absorbed(self, kind: EntityKind, survivor_id: str) -> tuple[str, ...]:
        """The ids merged into ``survivor_id``, sorted.

        Example:
            >>> from conflictmodels import Dossier, Source
            >>> from conflictmodels.resolution import resolve_entities
            >>> srcs = tuple(Source(id=i, name="Forbes") for i in ("f3", "f1", "f2"))
            >>> resolve_entities(Dossier(sources=srcs)).absorbed("sources", "f1")
            ('f2', 'f3')
        """
        return tuple(sorted(old for old, new in self.mapping[kind].items() if new == survivor_id))

    @property
    def merges(self) -> tuple[MatchDecision, ...]:
        """The decisions that merged a pair.

        Example:
            >>> from conflictmodels import Dossier, Source
            >>> from conflictmodels.resolution import resolve_entities
            >>> r = resolve_entities(Dossier(sources=(Source(id="a", name="Russian MoD"),
            ...                                      Source(id="b", name="Russia's Defense Ministry"))))
            >>> [(d.ids, d.score) for d in r.merges]
            [(('a', 'b'), 0.72)]
        """
        return tuple(d for d in self.decisions if d.merge)

    @property
    def possible(self) -> tuple[MatchDecision, ...]:
        """The pairs kept apart only for want of evidence (``MatchDecision.possible``):
        for an analyst to check, or to give coordinates or a gazetteer id.

        Example:
            >>> from conflictmodels import Dossier, Location, Point, GeoPrecision
            >>> from conflictmodels.resolution import resolve_entities
            >>> here = Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT)
            >>> r = resolve_entities(Dossier(locations=(
            ...     Location(id="a", name="Novenke", region="UA-59", point=here),
            ...     Location(id="b", name="Новеньке", region="UA-59"))))
            >>> [d.ids for d in r.possible], r.merges
            ([('a', 'b')], ())
            >>> r.possible[0].reasons[-1]
            'possible match, not merged: no coordinates for b, and no shared gazetteer id (same name is not same place)'
        """
        return tuple(d for d in self.decisions if d.possible)


def _record_origins(
    kind: EntityKind, items: Sequence[Any], origins: dict[str, list[Any]], maps: Mapping[str, Mapping[str, str]]
) -> None:
    """Move the originals of absorbed entities to their survivor; re-point their references."""
    step = maps[kind]
    if not step:
        return
    by_id = {item.id: item for item in items}
    for old, new in step.items():
        origins.setdefault(new, [by_id[new]])
        origins.setdefault(old, [by_id[old]])
    for old, new in step.items():
        origins[new].extend(origins.pop(old))
    for key, entities in origins.items():
        origins[key] = [remap(e, {kind: step}, owner=(kind, e.id)) for e in entities]


def resolve_entities(dossier: Dossier, policy: ResolutionPolicy = DEFAULT_RESOLUTION_POLICY) -> Resolution:
    """Merge duplicate sources, locations, units and people of a dossier.

    Candidates are compared pairwise only within blocks of shared keys; accepted pairs
    are joined strongest first, and a join is refused when any two members of the
    resulting group are forbidden to merge. The smallest id of each group survives;
    the merged entity keeps every name (the survivor's name first, the others as
    aliases), takes the most precise point, unites the roles of people, and fills
    empty fields from the others.
    Rounds repeat until nothing merges, so the result is a fixed point: resolving it
    again changes nothing. The input order does not matter.

    Args:
        dossier: The dossier to resolve.
        policy: The rules; ``DEFAULT_RESOLUTION_POLICY`` by default.

    Returns:
        The resolved dossier, the id mapping and the decisions.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.resolution import resolve_entities
        >>> r = resolve_entities(kursk_dossier())
        >>> r.dossier == kursk_dossier(), dict(r.mapping["units"])
        (True, {})
        >>> [d.vetoes for d in r.decisions if d.ids == ("kp-11-army-corps", "ru-11-air-assault-brigade")]
        [('different branches air_assault / special_forces', 'different echelons brigade / corps', 'different parties KP / RU')]
    """
    with paused():  # resolution allocates many small acyclic objects; collections would only rescan them
        return _resolve_entities(dossier, policy)


def _resolve_entities(dossier: Dossier, policy: ResolutionPolicy) -> Resolution:
    mapping: dict[str, dict[str, str]] = {k: {} for k in _KINDS}
    decisions: dict[tuple[str, tuple[str, str]], MatchDecision] = {}
    oversized: dict[tuple[str, str], OversizedBlock] = {}
    known: dict[str, dict[int, tuple[Any, Any]]] = {k: {} for k in _KINDS}  # profiles, by entity
    # The original entities behind each merged entity, references re-pointed.
    origins: dict[str, dict[str, list[Any]]] = {k: {} for k in _KINDS}
    current = dossier
    for _ in range(policy.max_rounds):
        round_maps: dict[str, dict[str, str]] = {}
        for kind in _KINDS:
            items = getattr(current, kind)
            round_map, round_decisions, round_oversized = _cluster(kind, items, policy, origins[kind], known[kind])
            round_maps[kind] = round_map
            for d in round_decisions:
                decisions[(kind, d.ids)] = d
            for o in round_oversized:
                oversized[(kind, o.key)] = o
        if not any(round_maps.values()):
            break
        for kind in _KINDS:
            _record_origins(kind, getattr(current, kind), origins[kind], round_maps)
        current = _apply(current, round_maps, policy)
        for kind in _KINDS:
            step = round_maps[kind]
            total = mapping[kind]
            for old, new in total.items():
                total[old] = step.get(new, new)
            total.update(step)
    ordered = sorted(decisions.items(), key=lambda item: (_KINDS.index(item[0][0]), item[0][1]))
    return Resolution(
        dossier=current,
        mapping=types.MappingProxyType({k: types.MappingProxyType(dict(sorted(mapping[k].items()))) for k in _KINDS}),
        decisions=tuple(d for _, d in ordered),
        oversized=tuple(o for (k, key), o in sorted(oversized.items(), key=lambda t: (_KINDS.index(t[0][0]), t[0][1]))),
    )
