"""Merge rules as data: every weight, threshold and rule table of reconciliation and entity resolution.

:func:`~conflictmodels.reconciliation.reconcile` reads a :class:`Policy`;
:func:`~conflictmodels.resolution.resolve_entities` reads a :class:`ResolutionPolicy`
(with one set of rules per entity kind: :class:`LocationRules`, :class:`UnitRules`,
:class:`SourceRules`, :class:`PersonRules`). Both are frozen tables. Customise them with :func:`attrs.evolve`
(or by passing fields to the constructor); no subclassing is needed. Tables keyed by a
vocabulary must cover all of it, and are checked when the policy is built.

Evidence is counted in *nats* of log-odds: a claim of weight ``w`` multiplies the odds
of what it says by ``e**w``. The weights of independent origins add up; repeats of one
origin do not. The status an assessment gets is the first rung of :data:`STATUS_LADDER`
that applies; every sentence of an assessment's ``rationale`` starts with the code of
the rule that wrote it (:data:`RULE_CODES`), as in ``"[corroborated] 2 independent
origins ..."``.

Example:
    >>> import attrs
    >>> from conflictmodels import Likelihood, Reliability
    >>> from conflictmodels.policy import DEFAULT_POLICY
    >>> DEFAULT_POLICY.reliability_weights[Reliability.B]
    1.4
    >>> DEFAULT_POLICY.likelihood(0.78)
    <Likelihood.LIKELY: 'likely'>
    >>> strict = attrs.evolve(DEFAULT_POLICY, corroborated_min_origins=3)
    >>> strict.corroborated_min_origins
    3
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs

from ._checks import PARTY_RE
from .errors import FieldError
from .relations import favours
from .statement import Statement
from .timespans import TimeSpan
from .vocabularies import (
    AssessmentStatus,
    Branch,
    Confidence,
    Credibility,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    Reliability,
    SourceKind,
)

__all__ = [
    "BRANCH_CLASSES",
    "CONTROL_SPECIFICITY",
    "DEFAULT_ALLIANCES",
    "DEFAULT_POLICY",
    "DEFAULT_RESOLUTION_POLICY",
    "GAZETTEER_IDS",
    "RULE_CODES",
    "STATUS_LADDER",
    "Alliance",
    "EvidenceSummary",
    "LearningRules",
    "LocationRules",
    "PersonRules",
    "Policy",
    "ResolutionPolicy",
    "Rung",
    "SourceRules",
    "UnitRules",
]


# ------------------------------------------------------------------------------ checks


def _table(default: Mapping[Any, float]) -> Any:
    return attrs.field(default=default, hash=False)


def _check_table(owner: str, name: str, table: Mapping[Any, float], keys: Iterable[Any], what: str) -> None:
    """A table covers every key of its vocabulary and holds finite numbers >= 0."""
    missing = [k for k in keys if k not in table]
    if missing:
        raise FieldError(owner, name, f"has no entry for {missing[0]!r}", table)
    if any(not isinstance(v, int | float) or not 0.0 <= v < math.inf for v in table.values()):
        raise FieldError(owner, name, f"{what} must be finite numbers >= 0", table)


def _check_numbers(owner: str, obj: Any, names: Iterable[str]) -> None:
    for name in names:
        value = getattr(obj, name)
        if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
            raise FieldError(owner, name, "must be a finite number >= 0", value)


def _check_shares(owner: str, obj: Any, names: Iterable[str]) -> None:
    for name in names:
        value = getattr(obj, name)
        if not (isinstance(value, int | float) and 0 <= value <= 1):
            raise FieldError(owner, name, "must be between 0 and 1", value)


# ------------------------------------------------------------------- entity resolution

_RADII_M: Mapping[GeoPrecision | None, float] = MappingProxyType(
    {
        GeoPrecision.EXACT: 5_000.0,
        GeoPrecision.NEAR: 25_000.0,
        GeoPrecision.ADM2: 60_000.0,
        GeoPrecision.ADM1: 250_000.0,
        GeoPrecision.REGION: 250_000.0,
        GeoPrecision.COUNTRY: 1_000_000.0,
        GeoPrecision.WATER_OR_AIRSPACE: 100_000.0,
        None: 10_000.0,
    }
)

GAZETTEER_IDS: tuple[tuple[str, str], ...] = (
    ("geonames_id", "GeoNames"),
    ("wikidata_id", "Wikidata"),
    ("osm_id", "OSM"),
)
"""The gazetteer ids of a location, as ``(field, label)``: an equal id is strong evidence
of the same place, a different one forbids the merge."""

BRANCH_CLASSES: Mapping[Branch, Branch] = MappingProxyType({Branch.MARINES: Branch.NAVAL_INFANTRY})
"""Branches that are one branch when units are matched (marines are naval infantry);
a branch absent here is its own class."""


@attrs.frozen(kw_only=True)
class LocationRules:
    """Weights, threshold and tolerances for merging locations.

    The score is ``name_weight * name + geo_weight * geo + admin_weight * admin +
    gazetteer_weight * gazetteer``, clamped to ``[0, 1]``, where ``name`` is 1 for equal
    normalised names and ``key_name_score`` for names that only share a
    :func:`~conflictmodels.names.name_keys` key; ``geo`` falls from 1 (same point) to
    ``geo_score_at_tolerance`` (at the tolerance); ``admin`` is 1 for the same region
    or parent and ``country_share`` for only the same country; ``gazetteer`` is 1 when
    a GeoNames, Wikidata or OSM id is equal. With the defaults a shared name alone
    (0.6) does not merge: it needs coordinates, a region, a parent or a gazetteer id to
    agree.

    Same name is not same place: many villages of one region share a name. So, beyond
    the score, a merge needs *positive geographic evidence* (``require_geo_evidence``):
    an equal gazetteer id, or two points within tolerance whose tolerance is at most
    ``evidence_tolerance_m`` (an oblast centroid identifies no village), or, for the
    kinds in ``identified_by_code``, the same ISO code. A shared region or parent never
    suffices: a pair that reaches the threshold without such evidence is kept apart and
    reported as a possible match (``MatchDecision.possible``).

    Attributes:
        name_weight: Weight of name agreement.
        geo_weight: Weight of coordinate agreement.
        admin_weight: Weight of the same region or parent.
        country_share: Share of ``admin`` given for only the same country.
        gazetteer_weight: Weight of an equal gazetteer id.
        key_name_score: Name score of names that only share a key.
        geo_score_at_tolerance: The ``geo`` score of two points exactly the tolerance
            apart (it falls linearly from 1 at the same point).
        threshold: Score needed to merge.
        radii_m: Uncertainty radius in metres assumed for a point without
            ``precision_m``, per :class:`~conflictmodels.GeoPrecision` code (``None``:
            a point with no code either); every code must have an entry. Two points
            further apart than the sum of their radii are different places.
        compatible_kinds: Pairs of different kinds that may still merge
            (each a two-element frozenset); equal kinds always may.
        require_geo_evidence: Whether a merge needs positive geographic evidence
            (above); ``False`` lets a shared region or parent merge homonyms, as
            earlier releases did.
        evidence_tolerance_m: The widest tolerance (sum of the two radii, metres) at
            which two points within it still identify one place: two exact points
            (5 + 5 km) or two without a code (10 + 10 km) do; a point "near" a town
            (25 km) or a region's centroid does not.
        identified_by_code: Kinds whose ISO code names exactly one place: two regions
            with the same ``region`` code, or two countries with the same ``country``,
            are the same place (both must be of that kind).

    Raises:
        FieldError: ``radii_m`` lacks a code or holds a negative radius, a weight is
            negative, a score or threshold is outside ``[0, 1]``, or
            ``identified_by_code`` holds something other than location kinds.

    Example:
        >>> from conflictmodels import GeoPrecision
        >>> from conflictmodels.resolution import LocationRules
        >>> LocationRules().threshold, LocationRules().radii_m[GeoPrecision.NEAR]
        (0.75, 25000.0)
    """

    name_weight: float = 0.6
    geo_weight: float = 0.3
    admin_weight: float = 0.25
    country_share: float = 0.2
    gazetteer_weight: float = 1.0
    key_name_score: float = 0.9
    geo_score_at_tolerance: float = 0.5
    threshold: float = 0.75
    radii_m: Mapping[GeoPrecision | None, float] = _table(_RADII_M)
    compatible_kinds: frozenset[frozenset[LocationKind]] = frozenset()
    require_geo_evidence: bool = True
    evidence_tolerance_m: float = 20_000.0
    identified_by_code: frozenset[LocationKind] = frozenset({LocationKind.REGION, LocationKind.COUNTRY})

    def __attrs_post_init__(self) -> None:
        _check_table("LocationRules", "radii_m", self.radii_m, (*GeoPrecision, None), "radii")
        _check_numbers("LocationRules", self, ("evidence_tolerance_m",))
        if not all(isinstance(k, LocationKind) for k in self.identified_by_code):
            raise FieldError("LocationRules", "identified_by_code", "must hold LocationKind members only",
                             self.identified_by_code)  # fmt: skip
        _check_numbers("LocationRules", self, ("name_weight", "geo_weight", "admin_weight", "gazetteer_weight"))
        _check_shares("LocationRules", self, ("country_share", "key_name_score", "geo_score_at_tolerance", "threshold"))

    def radius_m(self, precision: GeoPrecision | None) -> float:
        """The uncertainty radius assumed for a precision code (``None``: unknown).

        Example:
            >>> from conflictmodels import GeoPrecision
            >>> from conflictmodels.resolution import LocationRules
            >>> LocationRules().radius_m(GeoPrecision.ADM1), LocationRules().radius_m(None)
            (250000.0, 10000.0)
        """
        return float(self.radii_m[precision])


@attrs.frozen(kw_only=True)
class UnitRules:
    """Weights and threshold for merging units.

    The score is ``name_weight * name + designation_weight + echelon_weight +
    party_weight + branch_weight`` (each of the last four counted when both units have
    that field and it agrees), clamped to ``[0, 1]``. ``name`` is 1 for equal
    normalised names, ``key_name_score`` for a shared
    :func:`~conflictmodels.names.unit_keys` key and ``contained_name_score`` when one
    name's words (at least ``contained_min_words`` of them) are all in the other's
    ("810th Brigade" in "810th Naval Infantry Brigade"). Designation, echelon and
    branch are read from the name when the fields are empty; branches are compared by
    their class (``conflictmodels.policy.BRANCH_CLASSES``: marines are naval infantry).
    A name that one unit *declares* as an alias (``Unit.aliases``: "Storm Corps" of the
    11th Army Corps) adds ``alias_weight`` when the other unit bears it: a nickname
    meets its designation only that way, never by a guess from its words.

    Attributes:
        name_weight: Weight of name agreement.
        alias_weight: Weight of a name of one unit being a declared alias of the other
            (equal, or sharing a key).
        designation_weight: Weight of the same designation.
        echelon_weight: Weight of the same echelon.
        party_weight: Weight of the same party.
        branch_weight: Weight of the same branch.
        key_name_score: Name score of names sharing a key.
        contained_name_score: Name score of names whose words are contained.
        contained_min_words: The fewest words the shorter name needs for
            ``contained_name_score``.
        threshold: Score needed to merge.
        branch_must_match: Whether different branches forbid a merge.

    Example:
        >>> from conflictmodels.resolution import UnitRules
        >>> UnitRules().threshold
        0.75
    """

    name_weight: float = 0.5
    alias_weight: float = 0.25
    designation_weight: float = 0.2
    echelon_weight: float = 0.15
    party_weight: float = 0.15
    branch_weight: float = 0.1
    key_name_score: float = 0.9
    contained_name_score: float = 0.7
    contained_min_words: int = 2
    threshold: float = 0.75
    branch_must_match: bool = True

    def __attrs_post_init__(self) -> None:
        _check_numbers(
            "UnitRules",
            self,
            ("name_weight", "alias_weight", "designation_weight", "echelon_weight", "party_weight", "branch_weight"),
        )
        _check_shares("UnitRules", self, ("key_name_score", "contained_name_score", "threshold"))
        if not (isinstance(self.contained_min_words, int) and self.contained_min_words >= 1):
            raise FieldError("UnitRules", "contained_min_words", "must be an integer >= 1", self.contained_min_words)


@attrs.frozen(kw_only=True)
class SourceRules:
    """Weights and threshold for merging sources.

    The score is ``name_weight * name + party_weight + kind_weight + url_weight``
    (the last three counted when both sources have the field and it agrees; a kind of
    ``other`` counts as unknown), clamped to ``[0, 1]``. ``name`` is 1 for equal
    normalised names and ``key_name_score`` for a shared
    :func:`~conflictmodels.names.source_keys` key (abbreviations expanded).

    Attributes:
        name_weight: Weight of name agreement.
        party_weight: Weight of the same party.
        kind_weight: Weight of the same kind.
        url_weight: Weight of the same home page.
        key_name_score: Name score of names sharing a key.
        threshold: Score needed to merge.

    Example:
        >>> from conflictmodels.resolution import SourceRules
        >>> SourceRules().threshold
        0.7
    """

    name_weight: float = 0.8
    party_weight: float = 0.1
    kind_weight: float = 0.1
    url_weight: float = 1.0
    key_name_score: float = 0.9
    threshold: float = 0.7

    def __attrs_post_init__(self) -> None:
        _check_numbers("SourceRules", self, ("name_weight", "party_weight", "kind_weight", "url_weight"))
        _check_shares("SourceRules", self, ("key_name_score", "threshold"))


@attrs.frozen(kw_only=True)
class PersonRules:
    """Weights, threshold and rules for merging people (commanders and officials).

    The score is ``name_weight * name + party_weight + role_weight`` (the party counted
    when both people have one and it agrees; the role when both held a position in the
    same unit or organisation at times that overlap or are unknown), clamped to
    ``[0, 1]``. ``name`` is 1 for equal normalised names and ``key_name_score`` for names
    that only share a :func:`~conflictmodels.names.person_keys` key (ranks dropped,
    Cyrillic romanised, given names read as one form).

    Same name is not same person. Beyond the score, a merge needs the names to agree on
    at least ``min_name_words`` words of two letters or more (a surname or a call sign
    alone identifies no one; an initial is not a word), and, when
    ``require_corroboration``, something beyond the name: the same party or a shared
    role. A pair that reaches the threshold without them is kept apart and reported as a
    possible match (``MatchDecision.possible``). Different parties or patronymics
    forbid a merge outright.

    Attributes:
        name_weight: Weight of name agreement.
        party_weight: Weight of the same party.
        role_weight: Weight of a role in the same unit or organisation at overlapping
            (or unknown) times.
        key_name_score: Name score of names that only share a key.
        threshold: Score needed to merge.
        min_name_words: The fewest words (of two letters or more) the shared name must
            have; fewer make at most a possible match.
        require_corroboration: Whether a merge needs the same party or a shared role;
            ``False`` lets agreeing names of two words or more merge on their own.

    Raises:
        FieldError: A weight is negative, a score or threshold is outside ``[0, 1]``,
            or ``min_name_words`` is not an integer >= 1.

    Example:
        >>> from conflictmodels.resolution import PersonRules
        >>> PersonRules().threshold, PersonRules().min_name_words
        (0.7, 2)
    """

    name_weight: float = 0.8
    party_weight: float = 0.2
    role_weight: float = 0.2
    key_name_score: float = 0.9
    threshold: float = 0.7
    min_name_words: int = 2
    require_corroboration: bool = True

    def __attrs_post_init__(self) -> None:
        _check_numbers("PersonRules", self, ("name_weight", "party_weight", "role_weight"))
        _check_shares("PersonRules", self, ("key_name_score", "threshold"))
        if not (type(self.min_name_words) is int and self.min_name_words >= 1):
            raise FieldError("PersonRules", "min_name_words", "must be an integer >= 1", self.min_name_words)
        if not isinstance(self.require_corroboration, bool):
            raise FieldError(
                "PersonRules", "require_corroboration", "must be True or False", self.require_corroboration
            )


@attrs.frozen(kw_only=True)
class ResolutionPolicy:
    """The entity-resolution rules as data: one set of rules per entity kind.

    Attributes:
        locations: Rules for locations.
        units: Rules for units.
        sources: Rules for sources.
        people: Rules for people.
        max_rounds: Merging repeats until nothing changes (a merged entity can match
            what neither part matched); this bounds the number of rounds.
        max_block: The most entities of one kind sharing one blocking key (a name key,
            a designation, a gazetteer id, a home page) that are compared pair by pair.
            A key shared by more (2,000 villages called "Novenke") identifies nothing
            by itself: identical entities among them are compared once, and the
            different ones only where they also share a stronger key (a region, a
            parent, a gazetteer id or nearby coordinates; a designation or party; a
            party, home page, parent or kind; for people, a party or the unit or
            organisation of a role), in groups of at most ``max_block``.
            Merges can be missed that way, never made wrongly, and
            ``Resolution.oversized`` names
            every such key. It also bounds the work of checking a large group. Work
            grows with ``max_block`` times the number of entities, not with its square.

    Example:
        >>> from conflictmodels.resolution import ResolutionPolicy, LocationRules
        >>> strict = ResolutionPolicy(locations=LocationRules(threshold=0.9))
        >>> strict.locations.threshold, strict.units.threshold
        (0.9, 0.75)
    """

    locations: LocationRules = LocationRules()
    units: UnitRules = UnitRules()
    sources: SourceRules = SourceRules()
    people: PersonRules = PersonRules()
    max_rounds: int = 10
    max_block: int = 100

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.people, PersonRules):
            raise FieldError("ResolutionPolicy", "people", "must be a PersonRules", self.people)
        for name in ("max_rounds", "max_block"):
            value = getattr(self, name)
            if not (type(value) is int and value >= 1):
                raise FieldError("ResolutionPolicy", name, "must be an integer >= 1", value)


DEFAULT_RESOLUTION_POLICY = ResolutionPolicy()
"""The default entity-resolution policy.

Locations: name 0.6, coordinates 0.3 (falling to half at the tolerance), region or
parent 0.25 (same country only: a fifth of that), gazetteer id 1.0, threshold 0.75;
radii when ``precision_m`` is absent: exact 5 km, near 25 km, ADM2 60 km, ADM1 250 km,
region 250 km, country 1,000 km, water or airspace 100 km, no code 10 km; a merge needs
a shared gazetteer id, points within a tolerance of at most 20 km, or (regions and
countries) the same code. Units: name 0.5, declared alias 0.25, designation 0.2,
echelon 0.15, party 0.15, branch 0.1, threshold 0.75; contained names need two words.
Sources: name 0.8, party 0.1, kind 0.1, home page 1.0, threshold 0.7. People: name
0.8, party 0.2, shared role 0.2, threshold 0.7; a merge needs two words of the name
and the same party or a shared role. A shared key
scores 0.9 of an equal name. At most 100 entities sharing one key are compared pair by
pair (``max_block``).
"""


# ----------------------------------------------------------------------- reconciliation

_RELIABILITY_WEIGHTS: Mapping[Reliability | None, float] = MappingProxyType(
    {
        Reliability.A: 2.2,
        Reliability.B: 1.4,
        Reliability.C: 0.8,
        Reliability.D: 0.4,
        Reliability.E: 0.1,
        Reliability.F: 0.5,
        None: 0.5,
    }
)
_HEDGE_FACTORS: Mapping[Hedge, float] = MappingProxyType(
    {
        Hedge.ASSERTED: 1.0,
        Hedge.CONFIRMED: 1.0,
        Hedge.DENIED: 1.0,
        Hedge.ESTIMATED: 0.9,
        Hedge.ACCORDING_TO: 0.9,
        Hedge.CLAIMED: 0.7,
        Hedge.REPORTEDLY: 0.6,
        Hedge.ALLEGED: 0.5,
    }
)
_KIND_FACTORS: Mapping[SourceKind, float] = MappingProxyType(
    {
        SourceKind.STATE_MILITARY: 1.0,
        SourceKind.GOVERNMENT_OFFICIAL: 0.9,
        SourceKind.STATE_MEDIA: 0.6,
        SourceKind.INDEPENDENT_MEDIA: 1.0,
        SourceKind.JOURNALIST: 1.0,
        SourceKind.THINK_TANK: 1.0,
        SourceKind.NGO: 1.0,
        SourceKind.INTERNATIONAL_ORGANISATION: 1.1,
        SourceKind.BLOGGER: 0.6,
        SourceKind.INTELLIGENCE_SERVICE: 1.0,
        SourceKind.OTHER: 0.8,
    }
)
_CREDIBILITY_FACTORS: Mapping[Credibility, float] = MappingProxyType(
    {
        Credibility.CONFIRMED: 1.2,
        Credibility.PROBABLY_TRUE: 1.1,
        Credibility.POSSIBLY_TRUE: 1.0,
        Credibility.DOUBTFUL: 0.6,
        Credibility.IMPROBABLE: 0.3,
        Credibility.CANNOT_BE_JUDGED: 1.0,
    }
)

_RELIABILITY_RANK = {r: i for i, r in enumerate(Reliability)}
# Keyed by id(): an enum member hashes in Python, an id in C (these run once per judgment).
_GRADE_OF = {id(r): i for r, i in _RELIABILITY_RANK.items() if r is not Reliability.F}
"""The rank of each grade that says something (F, cannot be judged, does not), by id."""
_RELIABLE_AT = {
    id(floor): frozenset(id(r) for r in Reliability if id(r) in _GRADE_OF and _RELIABILITY_RANK[r] <= rank)
    for floor, rank in _RELIABILITY_RANK.items()
}
"""For each ``confirmed_min_reliability`` (by id), the ids of the grades that meet it."""
_LOW, _MODERATE, _HIGH = Confidence.LOW, Confidence.MODERATE, Confidence.HIGH
_LIKELIHOOD_RANK = {band: i for i, band in enumerate(Likelihood)}
_BANDS = tuple((band.range[0], band) for band in reversed(Likelihood))

_JUDGED_STATUSES = frozenset({AssessmentStatus.UNVERIFIED, AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED})
"""The statuses a judgment of evidence for a proposition can reach without evidence against prevailing."""
_ESTABLISHED = frozenset({AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED})
"""The default bar of a change of control, and of a place's state counting against a region-wide claim."""

CONTROL_SPECIFICITY: Mapping[str, int] = MappingProxyType({"ctrl": 3, "contested": 2, "not": 1, "calm": 0})
"""How specific each kind of control value is (see
:func:`~conflictmodels.relations.control_value`): when two values of a place have the
same net evidence, the more specific one wins ("X holds it" over "it is contested" over
"Y does not hold it" over "it is not contested")."""


def _sorted_parties(parties: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(parties)))


@attrs.frozen(kw_only=True)
class Alliance:
    """Parties that are one side for a period: what one of them gains, the others gain.

    A ministry reporting that its ally's units took a village serves its own side (it
    is self-serving, not an admission against interest), and sources of allied parties
    are one interest, never independent corroboration of each other. Alliances that
    share a party join (RU with KP and RU with BY make one side of three).

    Attributes:
        parties: The allied parties (party codes, at least two).
        valid: When the alliance holds, ``None`` for always; a claim is judged by the
            alliances in force when it was reported.
        note: Why the alliance is declared (a treaty, a deployment).

    Raises:
        FieldError: Fewer than two parties, a party that is not a party code, or a
            ``valid`` that is not a :class:`~conflictmodels.TimeSpan`.

    Example:
        >>> from conflictmodels.policy import DEFAULT_POLICY, Alliance
        >>> Alliance(parties=("RU", "BY")).parties
        ('BY', 'RU')
        >>> sorted(p for a in DEFAULT_POLICY.alliances for p in a.parties)
        ['BY', 'KP', 'RU', 'RU']
    """

    parties: tuple[str, ...] = attrs.field(converter=_sorted_parties)
    valid: TimeSpan | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.parties) < 2:
            raise FieldError("Alliance", "parties", "must name at least two different parties", self.parties)
        for p in self.parties:
            if not isinstance(p, str) or not PARTY_RE.fullmatch(p):
                raise FieldError("Alliance", "parties", "must be party codes such as RU or wagner-group", p)
        if self.valid is not None and not isinstance(self.valid, TimeSpan):
            raise FieldError("Alliance", "valid", "must be a TimeSpan or None", self.valid)

    def holds_at(self, t: float) -> bool:
        """Whether the alliance holds at ``t`` (POSIX seconds): from ``valid.start`` up to, not including, its end.

        Example:
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> kp = next(a for a in DEFAULT_POLICY.alliances if "KP" in a.parties)
            >>> kp.holds_at(0.0), kp.holds_at(1.75e9)
            (False, True)
        """
        return _in_force(self.valid, t)


def _in_force(valid: TimeSpan | None, t: float) -> bool:
    if valid is None:
        return True
    start, end = valid.start, valid.end
    if start is not None and t < start.timestamp():
        return False
    return end is None or t < end.timestamp() or end == start


DEFAULT_ALLIANCES: tuple[Alliance, ...] = (
    Alliance(parties=("BY", "RU"), valid=TimeSpan(start=datetime(2022, 2, 24, tzinfo=UTC)),
             note="Belarus let Russian forces invade Ukraine from its territory"),
    Alliance(parties=("KP", "RU"), valid=TimeSpan(start=datetime(2024, 6, 19, tzinfo=UTC)),
             note="Russia and North Korea signed a mutual defence treaty; North Korean troops fought in Kursk"),
)  # fmt: skip
"""The alliances of the war the bundled example comes from: an analyst's judgment, not
data. Replace them (``attrs.evolve(DEFAULT_POLICY, alliances=...)``) for another war."""

_ONE_ORIGIN_STATUSES = frozenset({AssessmentStatus.UNVERIFIED, AssessmentStatus.CONTESTED, AssessmentStatus.REFUTED})


@attrs.frozen(kw_only=True)
class LearningRules:
    """How :func:`~conflictmodels.reliability.learn_reliability` learns each source's accuracy.

    A source's *accuracy* is the probability that a value it gives is right; its
    learned weight is the log-odds ``ln(accuracy / (1 - accuracy))``, in the units of
    ``Policy.reliability_weights`` (which are such log-odds: A 2.2 is an accuracy of
    0.90, B 1.4 of 0.80, C 0.8 of 0.69, D 0.4 of 0.60, E 0.1 of 0.52). An analyst's
    grade is a prior: the accuracy whose weight is the grade's, worth
    ``graded_strength`` claims; an unrated source (or F) starts at
    ``unrated_accuracy``, worth ``unrated_strength`` claims, so a source with one
    claim stays near it.

    Attributes:
        unrated_accuracy: Prior accuracy of a source without a grade (or graded F).
        unrated_strength: How many claims the prior of an unrated source is worth.
        graded_strength: How many claims the prior of a graded source is worth.
        partial_support: Share of the evidence for a set of values (an author list,
            places, units) that also supports each larger set containing it: a store
            listing only the first author does not contradict the full list.
        max_compared_values: Containment is checked among at most this many of a
            proposition's values (those with the most claims), so the work stays linear.
        accuracy_bounds: Learned accuracies are clamped into this range.
        max_iterations: The most rounds of re-estimating values and accuracies.
        tolerance: Learning has converged when no accuracy moves more than this.
        interval: Probability mass of the reported interval of each accuracy (Beta
            posterior, approximated on the log-odds scale).
        min_claims: A source with fewer claims maps to grade F (cannot be judged).
        copy_min_shared: Two sources are copy candidates when they share at least this
            many false values (values the model judges false).
        copy_min_evidence: Log-likelihood ratio (nats) of the shared false values over
            what independent sources would share by chance needed to report copying.
        copy_max_sharers: A false value given by more sources than this is not used as
            evidence of copying between them (it costs pairs, and says little).
        weight_scale: ``reconcile(..., reliability=model)`` weighs a claim by its
            origin's learned weight ``ln(A / (1 - A))`` times this: accuracies learned
            from the claims they then weigh are optimistic, and sources' errors are not
            independent (see :doc:`/howto/learn-reliability`).

    Raises:
        FieldError: A share or bound is out of range, or a count is below 1.

    Example:
        >>> from conflictmodels.policy import LearningRules
        >>> LearningRules().unrated_accuracy, LearningRules().partial_support
        (0.8, 0.5)
    """

    unrated_accuracy: float = 0.8
    unrated_strength: float = 2.0
    graded_strength: float = 10.0
    partial_support: float = 0.5
    max_compared_values: int = 64
    accuracy_bounds: tuple[float, float] = (0.01, 0.99)
    max_iterations: int = 50
    tolerance: float = 1e-4
    interval: float = 0.9
    min_claims: int = 3
    copy_min_shared: int = 3
    copy_min_evidence: float = 6.9
    copy_max_sharers: int = 50
    # Fitted by `python benchmarks/bench_truth.py --fit` on the 1,263 book-author silver books
    # (reconcile with learned reliability, after Policy.value_calibration): every band in its ICD 203 range.
    weight_scale: float = 0.31

    def __attrs_post_init__(self) -> None:
        _check_shares("LearningRules", self, ("partial_support", "interval"))
        if not (isinstance(self.weight_scale, int | float) and 0.0 < self.weight_scale < math.inf):
            raise FieldError("LearningRules", "weight_scale", "must be a finite number > 0", self.weight_scale)
        _check_numbers("LearningRules", self, ("unrated_strength", "graded_strength", "tolerance", "copy_min_evidence"))
        if not 0.0 < self.unrated_accuracy < 1.0:
            raise FieldError(
                "LearningRules", "unrated_accuracy", "must be between 0 and 1, exclusive", self.unrated_accuracy
            )
        lo, hi = self.accuracy_bounds
        if not 0.0 < lo < hi < 1.0:
            raise FieldError(
                "LearningRules", "accuracy_bounds", "must satisfy 0 < low < high < 1", self.accuracy_bounds
            )
        for name in ("max_compared_values", "max_iterations", "min_claims", "copy_min_shared", "copy_max_sharers"):
            value = getattr(self, name)
            if not (type(value) is int and value >= 1):
                raise FieldError("LearningRules", name, "must be an integer >= 1", value)


@attrs.frozen(kw_only=True)
class Policy:
    """The merge rules as data: evidence weights, interest, status ladder, likelihood, confidence.

    Attributes:
        reliability_weights: Evidence (nats of log-odds) of a claim from a source of each
            Admiralty reliability; ``None`` for an unrated source. A source without a
            rating inherits its parent's.
        hedge_factors: Multiplier per hedge; a chain counts its weakest hop.
        kind_factors: Multiplier per source kind.
        credibility_factors: Multiplier per Admiralty credibility, when a claim is rated.
        prior_log_odds: Where the evidence starts (nats): slightly sceptical, so one
            weak claim alone stays at a roughly even chance.
        self_interest_factor: Multiplier for a party source claiming something that
            favours its own party or an ally (its own gains, the adversary's losses).
        admission_factor: Multiplier of the admitting source's weight (reliability x
            kind) for an admission against interest (a party reporting its own loss or
            its adversary's gain): an admission is only as strong as the source making
            it, so an unreliable channel posing as one side admits next to nothing.
        admission_weight: The most an admission against interest weighs, before the
            hedge factor.
        admission_min_weight: An admission weighing less than this (after its rating,
            relays and hedge) is too weak to count as an admission on the status ladder.
        self_serving_cap: The highest likelihood a proposition supported only by
            self-serving claims may get.
        corroborated_min_origins: Independent firm origins needed for ``corroborated``
            (at least one of them not self-serving). A firm origin is named, reports
            without a hedge of ``hedged``, is not rated in ``unreliable`` and, when it
            admits, weighs at least ``admission_min_weight``.
        confirmed_min_origins: Independent firm third-party (unaligned) origins of
            reliability ``confirmed_min_reliability`` or better needed for ``confirmed``.
        confirmed_min_reliability: See ``confirmed_min_origins``.
        confirmed_with_admission: Other independent firm origins (third party, or the
            party that benefits) that, with an admission against interest, make
            ``confirmed``.
        admission_alone: Status of a proposition supported only by an admission against
            interest: ``unverified`` (corroboration needs two independent origins, and
            one admission is one), or ``contested`` or ``refuted``.
        hedged: Hedges that keep a report from counting toward ``corroborated`` or
            ``confirmed`` ("reportedly", "alleged", "claimed"): hedged reports alone
            never corroborate.
        unnamed_hedges: Hedges that, on the last hop of a chain (the outlet's own
            voice: "reportedly", "according to officials"), mean the originator is not
            named. Such claims are one unknown origin per proposition, never
            independent of each other, unless the outlet has an interest of its own in
            the statement (then they are the outlet's).
        unreliable: Reliability grades whose origins add their weight but never count
            toward ``corroborated``, ``confirmed`` or confidence, and whose ratings bound
            every chain they are a link of.
        aligned_kinds: Source kinds that always speak for some state: such sources with
            no party declared are one interest with each other, never third parties.
        alliances: Parties that are one side (each an :class:`~conflictmodels.policy.Alliance` with its
            validity): an ally's gain is self-serving, not an admission, and allied
            sources are one interest.
        min_evidence: Below this total weight of evidence (for and against), there is
            no usable information: no likelihood is given.
        contested_margin: When evidence against is present, the lead (nats) support
            needs over it; below that the proposition is ``contested``.
        refuted_below: Probability under which a proposition with evidence against it
            is ``refuted``.
        control_change_statuses: A claimed change of control opens a new state of the
            place when the evidence dated from the change (until the next claimed change)
            gives it one of these statuses, weighed against what that evidence says of
            the standing state; otherwise the standing state persists and the change is
            recorded as ``claimed`` (see :doc:`/explanation/control`).
        control_change_min_lead: A change also opens a new state, whatever its status,
            when it is neither contested nor refuted and its evidence leads the evidence
            against it by at least this much (one A-rated third party, 2.2, does; one
            B-rated, 1.4, does not). Both bars also decide a change of presence (a unit
            present, then gone): a weak "withdrawn" is a ``claimed`` change and the
            standing presence persists.
        control_credible_evidence: A change that does not open a state opens a
            ``contested`` state instead when the weighing finds it contested and each
            side has at least this much evidence (one B-rated third party does; a
            self-serving ministry claim or a D-rated blogger does not).
        inside_region_statuses: A state of a place inside a region (by ``parent_id`` or
            region code) with one of these statuses contradicts a claim that another
            party held the whole region at the same time.
        control_change_min_reliability: A change of control (or a contested state) needs a
            credible basis: at least one firm third-party origin rated this or better, or
            the losing side's admission against interest. Low-grade channels, however
            many, only make a change claimed, not observed.
        control_standing_half_life_days: The standing state's evidence counts against a
            claimed change as evidence in force: each origin's claim for the standing
            state halves in weight every this many days before the change.
        control_standing_floor: The share of its weight a claim for the standing state
            keeps however old it is: the standing picture persists until a change passes
            the bar.
        geolocated_weight: Multiplier of a claim's weight when its evidence carries a
            geolocation that counts (see ``verified_footage_factor``) and the claim is
            not about a place's control or presence (an event, a figure, an attack):
            footage placed where the claim says makes the claim itself more credible,
            but it observes no figure. Default 1.5. Media and unverified, disputed or
            retracted geolocations never change a weight.
        verified_footage_factor: On a timeline (control of a place, presence), a
            geolocation that counts is the geolocator's own observation of the
            physical fact (a flag in the village, a unit in the town, at a time), not a
            relay of the claim: it supports the claim as independent evidence from the
            geolocator, weighing this share of what the geolocator's rating and kind
            give (with its own interest: an adversary's verifier is an admission). A
            geolocation counts when it is *verified*, made by ``as_of`` and not
            retracted by then, by a source that is not the claim's own (not its
            originator, nor anyone it counts as one origin with, nor its carrier), that
            speaks for no side the claim serves nor for an undeclared state, that is
            rated ``geolocator_min_reliability`` or better, and when it places the
            footage at the claimed place (within the place's radius, or in an area
            that is the place or inside it). One geolocator is one origin however many
            claims it verifies, and its evidence never opens a change by itself: it
            shows presence at a time, not control since a date. Default 1.0: a
            rated verifier's geolocation is as good as its own report of the fact.
        misplaced_footage_factor: A claim whose footage a geolocator that would count
            placed *elsewhere* (outside the claimed place, or in another place) is
            shown to rest on footage from somewhere else: the claim keeps this share of
            its weight (its source still says it; its proof is false). Default 0.5.
        geolocator_min_reliability: The rating a geolocator needs for its verification to
            count (unrated and F-rated geolocators never do: evidence is self-declared,
            and a verifier no one has rated is no check).
        probability_bounds: Probabilities are clamped into this range.
        confidence_high_min_origins: Independent firm third-party origins needed for
            high confidence (origins with an interest, aligned, hedged or unnamed do
            not count: evidence from interested parties only gives low confidence).
        confidence_moderate_min_origins: Independent firm third-party origins needed
            for moderate confidence (one reliable origin, A or B, also suffices).
        confidence_high_min_reliable: Of the origins high confidence needs, how many
            must be rated ``confirmed_min_reliability`` or better: unrated, D, E and F
            sources alone never give more than low confidence.
        confidence_moderate_min_reliability: Moderate confidence needs at least one of
            its origins rated this or better.
        official_kinds: Source kinds that speak officially for their party: their
            admission, with the other side claiming the same, counts for confidence as
            "both sides agree" (as does an admission by a source rated
            ``confirmed_min_reliability`` or better); a channel merely coded to a side
            never does.
        confidence_max_spread: Confidence drops one step when the supporting origins'
            reliability grades span more than this many steps.
        confidence_max_dissent: Confidence is low when the share of evidence against
            exceeds this.
        estimate_tolerance: Relative tolerance around a bare best figure ("about 500"
            allows 450-550 at 0.1); bounds are taken as given.
        own_loss_as_lower_bound: A party's figure of its own losses (casualties of its
            own side) is read as a lower bound, "at least N": parties minimise their own
            losses, so the figure is compatible with higher ones and the admission is
            evidence that at least N were lost, not exactly N.
        enemy_loss_as_upper_bound: A party's figure of its adversary's losses is read as
            an upper bound, "at most N": parties inflate their enemy's losses.
        max_rationale_ids: How many ids a rationale sentence lists before "and N more".
        series_window_days: Figures of a series (strength, casualties: predicates of
            nature ``"series"``) are points "as of" a time; figures of different origins
            are compared only when their as-of times are at most this many days apart.
            A later figure of the same origin updates its earlier one.
        value_time_window_minutes: Attribute values that are times (a departure
            time, a date) are one value when their spans come within this many minutes
            of each other; numbers use ``estimate_tolerance`` (see
            :doc:`/explanation/attribute-values`).
        max_alternatives: How many competing values of an attribute an assessment
            lists in ``alternatives``; the rest are counted in its rationale.
        value_partial_support: Share of the evidence for a set value (an author list,
            places, units) that also supports each larger set containing it: a store
            listing only the first author does not contradict the full list.
        value_calibration: ``(scale, offset)`` applied to each competing value's
            log-odds (``prior_log_odds`` plus its evidence) before its probability and
            likelihood band; fitted so that each band's share of right answers lies in
            its ICD 203 range (see :doc:`/howto/learn-reliability`).
        resolution: The entity-resolution policy passed to
            :func:`~conflictmodels.resolve_entities` (``None``: its default).
        learning: How :func:`~conflictmodels.reliability.learn_reliability` learns
            source accuracies (priors from grades, containment, copy detection).

    Raises:
        FieldError: A table lacks an entry or holds a negative weight, or a threshold
            is out of range.

    Example:
        >>> from conflictmodels import Hedge
        >>> from conflictmodels.policy import Policy
        >>> sceptical = Policy(hedge_factors={**Policy().hedge_factors, Hedge.CLAIMED: 0.4},
        ...                    self_interest_factor=0.1)
        >>> sceptical.hedge_factors[Hedge.CLAIMED], sceptical.corroborated_min_origins
        (0.4, 2)
    """

    reliability_weights: Mapping[Reliability | None, float] = _table(_RELIABILITY_WEIGHTS)
    hedge_factors: Mapping[Hedge, float] = _table(_HEDGE_FACTORS)
    kind_factors: Mapping[SourceKind, float] = _table(_KIND_FACTORS)
    credibility_factors: Mapping[Credibility, float] = _table(_CREDIBILITY_FACTORS)
    prior_log_odds: float = -0.2
    self_interest_factor: float = 0.3
    admission_factor: float = 4.0
    admission_weight: float = 2.5
    admission_min_weight: float = 1.5
    self_serving_cap: Likelihood = Likelihood.ROUGHLY_EVEN_CHANCE
    corroborated_min_origins: int = 2
    confirmed_min_origins: int = 3
    confirmed_min_reliability: Reliability = Reliability.B
    confirmed_with_admission: int = 1
    admission_alone: AssessmentStatus = AssessmentStatus.UNVERIFIED
    hedged: frozenset[Hedge] = frozenset({Hedge.CLAIMED, Hedge.REPORTEDLY, Hedge.ALLEGED})
    unnamed_hedges: frozenset[Hedge] = frozenset({Hedge.REPORTEDLY, Hedge.ACCORDING_TO, Hedge.ALLEGED})
    unreliable: frozenset[Reliability] = frozenset({Reliability.E})
    aligned_kinds: frozenset[SourceKind] = frozenset({SourceKind.STATE_MEDIA})
    alliances: tuple[Alliance, ...] = DEFAULT_ALLIANCES
    min_evidence: float = 0.05
    contested_margin: float = 1.0
    refuted_below: float = 0.2
    control_change_statuses: frozenset[AssessmentStatus] = _ESTABLISHED
    control_change_min_lead: float = 2.0
    control_credible_evidence: float = 1.0
    inside_region_statuses: frozenset[AssessmentStatus] = _ESTABLISHED
    control_change_min_reliability: Reliability = Reliability.C
    control_standing_half_life_days: float = 30.0
    control_standing_floor: float = 0.25
    geolocated_weight: float = 1.5
    verified_footage_factor: float = 1.0
    misplaced_footage_factor: float = 0.5
    geolocator_min_reliability: Reliability = Reliability.C
    probability_bounds: tuple[float, float] = (0.01, 0.99)
    confidence_high_min_origins: int = 3
    confidence_moderate_min_origins: int = 2
    confidence_high_min_reliable: int = 2
    confidence_moderate_min_reliability: Reliability = Reliability.C
    official_kinds: frozenset[SourceKind] = frozenset({SourceKind.STATE_MILITARY, SourceKind.GOVERNMENT_OFFICIAL})
    confidence_max_spread: int = 2
    confidence_max_dissent: float = 0.25
    estimate_tolerance: float = 0.1
    own_loss_as_lower_bound: bool = True
    enemy_loss_as_upper_bound: bool = True
    max_rationale_ids: int = 5
    series_window_days: float = 7.0
    value_time_window_minutes: float = 0.0
    max_alternatives: int = 20
    value_partial_support: float = 0.5
    # Fitted by `python benchmarks/bench_truth.py --fit` on the 1,263 book-author silver books
    # (reconcile without learning): every likelihood band's share of right answers in its ICD 203 range.
    value_calibration: tuple[float, float] = (1.6, 0.0)
    resolution: ResolutionPolicy | None = None
    learning: LearningRules = LearningRules()

    def __attrs_post_init__(self) -> None:
        _check_table("Policy", "reliability_weights", self.reliability_weights, (*Reliability, None), "weights")
        _check_table("Policy", "hedge_factors", self.hedge_factors, Hedge, "weights")
        _check_table("Policy", "kind_factors", self.kind_factors, SourceKind, "weights")
        _check_table("Policy", "credibility_factors", self.credibility_factors, Credibility, "weights")
        _check_numbers(
            "Policy", self, ("self_interest_factor", "admission_weight", "contested_margin", "estimate_tolerance")
        )
        _check_numbers("Policy", self, ("admission_factor", "admission_min_weight", "min_evidence"))
        if self.admission_alone not in _ONE_ORIGIN_STATUSES:
            raise FieldError(
                "Policy", "admission_alone",
                "must be unverified, contested or refuted: one admission is one origin, and corroboration needs two",
                self.admission_alone,
            )  # fmt: skip
        for name, vocabulary in (
            ("hedged", Hedge), ("unnamed_hedges", Hedge), ("unreliable", Reliability), ("aligned_kinds", SourceKind),
            ("official_kinds", SourceKind),
        ):  # fmt: skip
            value = getattr(self, name)
            if not isinstance(value, frozenset) or not all(isinstance(v, vocabulary) for v in value):
                raise FieldError("Policy", name, f"must be a frozenset of {vocabulary.__name__} members", value)
        if not isinstance(self.alliances, tuple) or not all(isinstance(a, Alliance) for a in self.alliances):
            raise FieldError("Policy", "alliances", "must be a tuple of Alliance objects", self.alliances)
        lo, hi = self.probability_bounds
        if not 0.0 < lo < hi < 1.0:
            raise FieldError("Policy", "probability_bounds", "must satisfy 0 < low < high < 1", self.probability_bounds)
        for name in ("corroborated_min_origins", "confirmed_min_origins", "confidence_high_min_origins"):
            if getattr(self, name) < 1:
                raise FieldError("Policy", name, "must be at least 1", getattr(self, name))
        _check_numbers("Policy", self, ("series_window_days",))
        _check_numbers("Policy", self, ("value_time_window_minutes",))
        if not (type(self.max_alternatives) is int and self.max_alternatives >= 1):
            raise FieldError("Policy", "max_alternatives", "must be an integer >= 1", self.max_alternatives)
        _check_shares("Policy", self, ("value_partial_support",))
        cal = self.value_calibration
        if not (
            isinstance(cal, tuple) and len(cal) == 2 and all(isinstance(x, int | float) and math.isfinite(x) for x in cal)
            and cal[0] > 0
        ):  # fmt: skip
            raise FieldError("Policy", "value_calibration", "must be (scale, offset): finite numbers, scale > 0", cal)
        _check_numbers("Policy", self, ("control_change_min_lead", "control_credible_evidence"))
        if not isinstance(self.confidence_moderate_min_reliability, Reliability):
            raise FieldError("Policy", "confidence_moderate_min_reliability", "must be a Reliability grade",
                             self.confidence_moderate_min_reliability)  # fmt: skip
        if not (type(self.confidence_high_min_reliable) is int and self.confidence_high_min_reliable >= 0):
            raise FieldError("Policy", "confidence_high_min_reliable", "must be an integer >= 0",
                             self.confidence_high_min_reliable)  # fmt: skip
        if not isinstance(self.control_change_min_reliability, Reliability):
            raise FieldError("Policy", "control_change_min_reliability", "must be a Reliability grade",
                             self.control_change_min_reliability)  # fmt: skip
        half_life = self.control_standing_half_life_days
        if not (isinstance(half_life, int | float) and math.isfinite(half_life) and half_life > 0):
            raise FieldError("Policy", "control_standing_half_life_days", "must be a finite number > 0", half_life)
        _check_shares("Policy", self, ("control_standing_floor",))
        geolocated = self.geolocated_weight
        if not (isinstance(geolocated, int | float) and math.isfinite(geolocated) and geolocated >= 1.0):
            raise FieldError("Policy", "geolocated_weight",
                             "must be a finite number >= 1: a verified geolocation never weakens a claim", geolocated)  # fmt: skip
        _check_shares("Policy", self, ("misplaced_footage_factor",))
        footage = self.verified_footage_factor
        if not (isinstance(footage, int | float) and 0.0 < footage <= 1.0):
            raise FieldError("Policy", "verified_footage_factor",
                             "must be above 0 and at most 1: footage a geolocator verified never weighs more than its "
                             "own report of the fact", footage)  # fmt: skip
        if not isinstance(self.geolocator_min_reliability, Reliability):
            raise FieldError("Policy", "geolocator_min_reliability", "must be a Reliability grade",
                             self.geolocator_min_reliability)  # fmt: skip
        for name in ("own_loss_as_lower_bound", "enemy_loss_as_upper_bound"):
            if not isinstance(getattr(self, name), bool):
                raise FieldError("Policy", name, "must be True or False", getattr(self, name))
        for name in ("control_change_statuses", "inside_region_statuses"):
            value = getattr(self, name)
            if not isinstance(value, frozenset) or not value <= _JUDGED_STATUSES:
                raise FieldError("Policy", name, "must be a frozenset of unverified, corroborated or confirmed", value)

    def likelihood(self, probability: float) -> Likelihood:
        """The ICD 203 band of a probability, after clamping to ``probability_bounds``.

        Example:
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.likelihood(1.0).label
            'almost certain'
        """
        lo, hi = self.probability_bounds
        p = min(hi, max(lo, probability))
        for floor, band in _BANDS:  # as Likelihood.from_probability, without iterating the enum
            if p >= floor:
                return band
        return Likelihood.from_probability(p)

    def above_self_serving_cap(self, likelihood: Likelihood) -> bool:
        """Whether a likelihood is higher than ``self_serving_cap`` allows.

        Example:
            >>> from conflictmodels import Likelihood
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.above_self_serving_cap(Likelihood.LIKELY)
            True
            >>> DEFAULT_POLICY.above_self_serving_cap(Likelihood.ROUGHLY_EVEN_CHANCE)
            False
        """
        return _LIKELIHOOD_RANK[likelihood] > _LIKELIHOOD_RANK[self.self_serving_cap]

    def reliable(self, reliability: Reliability | None) -> bool:
        """Whether a grade meets ``confirmed_min_reliability`` (F and unrated never do).

        Example:
            >>> from conflictmodels import Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.reliable(Reliability.A), DEFAULT_POLICY.reliable(Reliability.C)
            (True, False)
        """
        return id(reliability) in _RELIABLE_AT[id(self.confirmed_min_reliability)]

    def cite(self, ids: Iterable[str]) -> str:
        """Ids as a rationale sentence lists them: sorted, each once (a claim and a geolocator's
        verification of its footage share an id), at most ``max_rationale_ids``, then "and N more".

        Example:
            >>> from conflictmodels.policy import Policy
            >>> Policy(max_rationale_ids=2).cite(["c", "a", "b", "a"])
            'a, b and 1 more'
        """
        items = sorted(set(ids))
        limit = self.max_rationale_ids
        if len(items) <= limit:
            return ", ".join(items)
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"

    def confidence(
        self,
        origins: int,
        reliabilities: tuple[Reliability | None, ...],
        dissent: float,
        *,
        interested_only: bool = False,
        names: Sequence[str] = (),
        sides: Sequence[str] = (),
    ) -> tuple[Confidence, str]:
        """Analytic confidence, separate from likelihood, with the reason in words.

        Confidence comes from independent third-party origins that report firmly: no
        interest, no alignment, no hedge, a name, not rated unreliable. Evidence from
        interested parties only gives low confidence, however much of it there is.

        Args:
            origins: Independent firm third-party origins supporting the judgment.
            reliabilities: The reliability of each of them.
            dissent: Share (0-1) of the evidence that is against the judgment.
            interested_only: Whether only interested parties support the judgment.
            names: Their names, quoted in the reason (at most ``max_rationale_ids``).
            sides: The parties' own sources that count too because the two sides agree
                (one speaks against its interest, the other claims the same), by name.

        Example:
            >>> from conflictmodels import Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.confidence(3, (Reliability.B,) * 3, 0.0)
            (<Confidence.HIGH: 'high'>, 'three independent third-party sources, none against')
            >>> DEFAULT_POLICY.confidence(1, (Reliability.B,), 0.0, names=["ISW"])[1]
            'one independent third-party source (ISW), rated B or better'
            >>> DEFAULT_POLICY.confidence(0, (), 0.0, interested_only=True)
            (<Confidence.LOW: 'low'>, 'only interested parties support it')
            >>> DEFAULT_POLICY.confidence(1, (Reliability.B,), 0.0, names=["ISW"], sides=["UA General Staff", "RU MoD"])
            (<Confidence.HIGH: 'high'>, 'one independent third-party source (ISW) and both sides (RU MoD, UA General Staff) agree, none against')
        """
        if dissent > self.confidence_max_dissent:
            return _LOW, f"{dissent:.0%} of the evidence is against it (more than {self.confidence_max_dissent:.0%})"
        if interested_only:
            return _LOW, "only interested parties support it"
        meets = _RELIABLE_AT[id(self.confirmed_min_reliability)]
        fair = _RELIABLE_AT[id(self.confidence_moderate_min_reliability)]
        reliable = len([r for r in reliabilities if id(r) in meets])
        rated = len([r for r in reliabilities if id(r) in fair])
        agree = 1 if sides else 0  # both sides agreeing, one of them officially against its interest: one good source
        counted = count_words(origins, "independent third-party source")
        if names:
            counted += f" ({self.cite(names)})"
        if sides:
            counted += f" and both sides ({self.cite(sides)}) agree"
        floor, mid = self.confirmed_min_reliability.value, self.confidence_moderate_min_reliability.value
        total = origins + len(sides)
        if (
            total >= self.confidence_high_min_origins and dissent == 0.0
            and reliable + agree >= self.confidence_high_min_reliable
        ):  # fmt: skip
            level = _HIGH
            why = f"{counted}, none against"
        elif (total >= self.confidence_moderate_min_origins and rated + agree >= 1) or reliable:
            level = _MODERATE
            if origins > 1:
                n, grade = (reliable, floor) if reliable else (rated, mid)
                why = counted + (f", {count_words(n, 'of them', 'of them')} rated {grade} or better" if n else "")
            else:
                why = counted + (f", rated {floor} or better" if reliable else "")
        elif origins > 1:
            return _LOW, f"{counted}, none of them rated {mid} or better"
        elif origins:
            return _LOW, f"{counted}, not rated {floor} or better"
        else:
            return _LOW, "no independent third-party source reports it firmly"
        graded = [_GRADE_OF[id(r)] for r in reliabilities if id(r) in _GRADE_OF]
        if graded and max(graded) - min(graded) > self.confidence_max_spread:
            level = _MODERATE if level is _HIGH else _LOW
            why += f"; their ratings differ by more than {self.confidence_max_spread} grades"
        return level, why

    def grade(self, reliability: Reliability | None, status: AssessmentStatus, likelihood: Likelihood | None) -> str:
        """The Admiralty grade an analyst would write for an assessment, such as ``"B2"``.

        The letter is the reliability of the best supporting source (F when it is not
        rated or not named). The digit is the information's credibility, from the
        status and the likelihood: 1 *confirmed* (status confirmed: independent
        sources agree), 2 *probably true* (corroborated), 3 *possibly true* (neither,
        with a roughly even chance or better), 4 *doubtful* (unlikely), 5
        *improbable* (refuted, or very unlikely or less), 6 *cannot be judged* (no
        usable information: no likelihood).

        Example:
            >>> from conflictmodels import AssessmentStatus, Likelihood, Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.grade(Reliability.B, AssessmentStatus.CORROBORATED, Likelihood.VERY_LIKELY)
            'B2'
            >>> DEFAULT_POLICY.grade(None, AssessmentStatus.UNVERIFIED, None)
            'F6'
        """
        letter = "F" if reliability is None else reliability.value
        if likelihood is None:
            digit = 6
        elif status is AssessmentStatus.CONFIRMED:
            digit = 1
        elif status is AssessmentStatus.CORROBORATED:
            digit = 2
        elif status is AssessmentStatus.REFUTED:
            digit = 5
        else:
            rank = _LIKELIHOOD_RANK[likelihood]
            digit = 3 if rank >= _EVEN else 4 if rank == _EVEN - 1 else 5
        return f"{letter}{digit}"


_EVEN = list(Likelihood).index(Likelihood.ROUGHLY_EVEN_CHANCE)
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` things in words, as a rationale writes them: "one source", "two sources", "12 sources".

    Example:
        >>> from conflictmodels.policy import count_words
        >>> count_words(1, "independent source"), count_words(3, "claim"), count_words(12, "claim")
        ('one independent source', 'three claims', '12 claims')
    """
    number = _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)
    return f"{number} {singular if n == 1 else plural or singular + 's'}"


DEFAULT_POLICY = Policy()
"""The policy :func:`~conflictmodels.reconciliation.reconcile` uses unless given another."""


# ------------------------------------------------------------------------ rule codes

RULE_CODES: Mapping[str, str] = MappingProxyType(
    {
        # the place's timeline (control)
        "timeline-state": "which state of the place's timeline the assessment is, and its value",
        "sequence": "the state follows an earlier one: a sequence, not a contradiction",
        "superseded": "a later state followed; the status it had for its time",
        "undetermined": "control contested between named rivals",
        # the control model: changes, claimed changes, contested states, places inside regions
        "change-established": "a claimed change passes the bar for a change of control: a new state begins",
        "contested-state": "credible evidence points both ways: a contested state begins, both sides named",
        "standing-state": "a change was claimed and not established: the standing state persists",
        "claimed-not-observed": "a change a source claims that the evidence does not establish, and why",
        "no-event-time": "a claim of change without an event time counts as of its report time, never as a change",
        "inside-region": "a place inside the region was credibly held by another party at the same time",
        # the bar of a change: the standing state's evidence, credible sources, refuted claims, late times
        "standing-evidence": "the standing state's evidence in force counts against a claimed change",
        "no-credible-basis": "no credible source backs the change: it stays claimed, not observed",
        "claimed-refuted": "the evidence refutes the claimed change: it is no longer pending",
        "no-information-state": "no usable information: no state of control is drawn from it",
        "time-after-report": "the claim's event time is after its report time: it is placed at its report time",
        # withdrawals, walk-backs, updates and series
        "withdrawn": "a source on the claim's chain withdrew, deleted or corrected it: no longer evidence either way",
        "retracted": "a later denial by the same origin about an overlapping time walks back its claim: neither counts",
        "updated": "a later figure of the same origin updates its earlier one: one series, not a contradiction",
        "doubtful-time": "the claim's event time is marked doubtful: recorded, never placed on a timeline",
        "withdrawn-only": "every claim was withdrawn, walked back or set aside: no evidence remains",
        "denial-assessed": "only denials were reported, so the denial is what is assessed",
        "series-point": "the point of a series the assessment judges: figures as of one time",
        "series-superseded": "a later point of the series followed; the status this one had for its time",
        "presence-state": "which state of a presence timeline the assessment is, first and last seen",
        "presence-superseded": "a later presence state followed; the status this one had for its time",
        # presence changes: the bar of a change of control
        "presence-change": "a change of presence passes the bar for a change: a new presence state begins",
        "presence-claimed": "a change of presence a source claims that the evidence does not establish, and why",
        "presence-standing": "a change of presence was claimed and not established: the standing state persists",
        # numbers
        "other-unit": "figures in another unit are related, not compared",
        "incompatible-estimates": "estimates that cannot hold together with the agreeing ones",
        "estimate-hull": "estimates conflict: the reconciled figure is their hull",
        "estimate-intersection": "compatible estimates: the reconciled figure is their intersection",
        "own-loss-bound": "a party's figure of its own losses is read as a lower bound (own_loss_as_lower_bound)",
        "enemy-loss-bound": "a party's figure of its adversary's losses is read as an upper bound",
        # attribute values
        "values": "how many different values were reported for the attribute, and which one is chosen",
        "value-merged": "values written differently counted as one (normalised, last names, tolerance, containment)",
        "value-tie": "values with equal evidence: the one that sorts first is chosen",
        "value-alternatives": "the competing values, each with its probability and claims, beyond the listed ones",
        "value-denied": "denials of a value count against it",
        "value-likelihood": "the chosen value's probability against every other value, reported or not, and its band",
        # events and commanders (Predicate.EVENT, Predicate.COMMANDS)
        "event": "the reports of one event (one place, event type, set of actors and day), weighed as one proposition",
        "event-details": "the reports differ on the kind of event: the first report's sub-event type is kept",
        "event-fatalities": "the deaths of one group in the event, judged as figures: agreed, or spanning a conflict",
        "event-sides": "reports that list the sides the other way round: deaths compared by who died, not by position",
        "event-total": "the deaths of the event in all, judged as figures and raised to cover its groups' deaths",
        "commander-period": "claims of a unit's commander cut into periods by whom they name: a sequence, one period "
        "at a time",
        "commander-handover": "a period in which claims name different commanders: a handover or a contested command",
        # independence
        "circular-reporting": "claims relayed by outlets trace back to one origin, counted once",
        "one-origin": "several claims of one origin, counted once",
        "parent-folded": "sources under a parent source count with it as one origin",
        "origins-summary": "how many supporting claims and independent origins there are, beyond the listed ones",
        "one-interest": "sources of one party, alliance, state or owner are one interest, counted once",
        "unnamed-origin": "reports that name no originator ('reportedly') are one unknown origin, counted once",
        # interest
        "admission": "a party reports what does not favour it: an admission against interest, strong evidence",
        "weak-admission": "an admission too weak, after its source's rating, relays and hedge, to count as one",
        "self-serving": "a party reports what favours its side (its own or an ally's gain, its adversary's loss)",
        "hostile-relay": "known only through a relay the statement serves: weighed as the relay's own claim",
        "weakest-link": "a relay rated lower than the originator bounds the claim's weight: a chain is its weakest link",
        "contradicted": "an independent origin against, with its weight",
        # evidence and where, per claim (Claim.evidence, place_relation, geo_precision)
        "geolocated": "footage geolocated at the place by an independent, rated source: on a timeline the "
        "geolocator's own evidence for it (verified_footage_factor), otherwise the claim weighs geolocated_weight "
        "times more",
        "geolocation-not-counted": "a geolocation that changes no weight: unverified, disputed, made after as_of, "
        "retracted, by the claim's own side, too coarse for the place, or by a source not rated "
        "geolocator_min_reliability",
        "geolocated-elsewhere": "footage an independent, rated geolocator placed outside the claimed place: it adds "
        "nothing, and the claim keeps misplaced_footage_factor of its weight",
        "surroundings": "a claim about the place's surroundings (near, outskirts, direction of, area of): recorded, "
        "never a state of the place",
        "coarse-precision": "a claim coded coarser than the place (a region for a village): recorded, never a state of "
        "the place",
        # learned reliability (reconcile(..., reliability=model))
        "learned-reliability": "a source weighted by the accuracy learned from the data, not by its grade",
        "copy-family": "sources the data shows copying each other (shared false values) count as one origin",
        # the status ladder (STATUS_LADDER), first match wins
        "no-information": "no usable evidence: no likelihood is given",
        "refuted": "evidence against and the probability below refuted_below",
        "contested": "evidence against and a lead under contested_margin",
        "confirmed-third-party": "enough reliable independent third-party origins",
        "confirmed-admission": "an admission against interest plus other independent origins",
        "admission-alone": "an admission against interest alone: one origin, unverified",
        "weak-support": "enough origins, but too few report it firmly (hedged, unnamed, unreliable): unverified",
        "corroborated": "enough independent firm origins, not all self-serving",
        "single-origin": "a single self-serving origin: unverified",
        "interested-only": "only interested parties support it: unverified",
        "too-few-origins": "fewer independent origins than corroborated needs: unverified",
        # likelihood and confidence
        "evidence": "the evidence for and against, the probability and its likelihood band",
        "self-serving-cap": "only self-serving support, or only sources speaking for a side (no admission): likelihood "
        "capped at self_serving_cap",
        "confidence": "the analytic confidence and why",
        # opinions, analytic judgments and forecasts
        "attributed": "an opinion, judgment or forecast, recorded as its sources said it; not judged as fact",
    }
)
"""Every rule that writes a rationale sentence: its stable code and what it says.

Each sentence of an assessment's ``rationale`` starts with ``[code]`` and a space; match
on the code, not on the English, which may be reworded."""


# ----------------------------------------------------------------------- status ladder


class EvidenceSummary:
    """What the status ladder reads: one proposition's supporting and contradicting evidence, weighed.

    :func:`~conflictmodels.reconciliation.reconcile` builds one per judgment; the
    rungs of :data:`STATUS_LADDER` test it and their sentences quote it. Origins are
    named as rationales name them: by source name.

    Attributes:
        supporting: The independent supporting origins, by name.
        origins: How many there are.
        support: Their summed evidence (log-odds).
        against: The summed evidence of the contradicting origins (log-odds).
        net: ``support - against``.
        contradicted: Whether any evidence is against.
        probability: The probability of the proposition, clamped.
        reliable: The firm supporting third-party origins rated
            ``confirmed_min_reliability`` or better (only counted when there are
            ``confirmed_min_origins`` origins).
        admitting: The firm supporting origins that speak against their interest
            strongly enough to count (``admission_min_weight``).
        self_serving_only: Whether every supporting origin is self-serving.
        lone_party: With one supporting origin, its party.
        lone_statement: With one supporting origin, what its first claim says.
        firm: The supporting origins that count toward ``corroborated`` and
            ``confirmed``: named, not hedged, not rated unreliable, not a weak
            admission (``None``: every supporting origin).
        weak: The supporting origins that do not, each with why in parentheses.
        no_information: Whether there is no usable evidence at all.
        lone_report: With one supporting origin, what it reports in words ("reports its
            own gain", "reports its adversary's losses").

    Example:
        >>> from conflictmodels.policy import EvidenceSummary
        >>> e = EvidenceSummary(("BBC", "ISW"), 2.8, 0.5, True, 0.91)
        >>> e.origins, e.net, e.admitting, e.firm
        (2, 2.3, (), ('BBC', 'ISW'))
    """

    __slots__ = (
        "admitting",
        "against",
        "contradicted",
        "firm",
        "lone_party",
        "lone_report",
        "lone_statement",
        "net",
        "no_information",
        "origins",
        "probability",
        "reliable",
        "self_serving_only",
        "support",
        "supporting",
        "weak",
    )

    def __init__(
        self,
        supporting: Sequence[str],
        support: float,
        against: float,
        contradicted: bool,
        probability: float,
        reliable: Sequence[str] = (),
        admitting: Sequence[str] = (),
        self_serving_only: bool = False,
        lone_party: str | None = None,
        lone_statement: Statement | None = None,
        *,
        firm: Sequence[str] | None = None,
        weak: Sequence[str] = (),
        no_information: bool = False,
        lone_report: str | None = None,
    ) -> None:
        self.supporting = supporting
        self.origins = len(supporting)
        self.support = support
        self.against = against
        self.net = support - against
        self.contradicted = contradicted
        self.probability = probability
        self.reliable = reliable
        self.admitting = admitting
        self.self_serving_only = self_serving_only
        self.lone_party = lone_party
        self.lone_statement = lone_statement
        self.firm = tuple(supporting) if firm is None else firm
        self.weak = weak
        self.no_information = no_information
        if lone_report is None and lone_statement is not None:
            fav = favours(lone_statement)[0]
            lone_report = "reports its own gain" if fav == lone_party else "reports its adversary's loss"
        self.lone_report = lone_report or "reports it"


@attrs.frozen
class Rung:
    """One rung of the status ladder: when it applies, the status it gives, and what it says.

    Attributes:
        code: The rule code (a key of :data:`RULE_CODES`).
        status: The status it gives, or a function of the policy giving it.
        applies: Whether the rung applies, given the evidence summary ``e`` and the
            policy ``p``.
        says: The sentence template: a function of ``e`` and ``p`` returning the
            rationale sentence (without its code).

    Example:
        >>> from conflictmodels.policy import DEFAULT_POLICY, STATUS_LADDER, EvidenceSummary
        >>> e = EvidenceSummary(("ISW", "BBC"), 2.8, 0.0, False, 0.93)
        >>> rung = next(r for r in STATUS_LADDER if r.applies(e, DEFAULT_POLICY))
        >>> rung.code, rung.status_for(DEFAULT_POLICY).value
        ('corroborated', 'corroborated')
        >>> rung.sentence(e, DEFAULT_POLICY)
        '[corroborated] corroborated: two independent sources (BBC, ISW) report it, and not all of them serve their own side'
    """

    code: str
    status: AssessmentStatus | Callable[[Policy], AssessmentStatus]
    applies: Callable[[EvidenceSummary, Policy], bool]
    says: Callable[[EvidenceSummary, Policy], str]

    def status_for(self, policy: Policy) -> AssessmentStatus:
        """The status this rung gives under ``policy``."""
        status = self.status
        return status if isinstance(status, AssessmentStatus) else status(policy)

    def sentence(self, e: EvidenceSummary, policy: Policy) -> str:
        """The rationale sentence, led by its code."""
        return f"[{self.code}] {self.says(e, policy)}"


_S = AssessmentStatus


def _sources(e: EvidenceSummary, p: Policy, names: Sequence[str] | None = None) -> str:
    """ "two independent sources (BBC, ISW)"."""
    names = e.supporting if names is None else names
    return f"{count_words(len(names), 'independent source')} ({p.cite(names)})" if names else "no source"


def _others(e: EvidenceSummary) -> list[str]:
    return [o for o in e.firm if o != e.admitting[0]]


# fmt: off
STATUS_LADDER: tuple[Rung, ...] = (
    Rung(
        "no-information", _S.UNVERIFIED,
        applies=lambda e, p: e.no_information,
        says=lambda e, p: "no usable information: the reports carry no weight of evidence, "
                          "so no likelihood is given",
    ),
    Rung(
        "refuted", _S.REFUTED,
        applies=lambda e, p: e.contradicted and e.probability < p.refuted_below,
        says=lambda e, p: f"refuted: given the evidence against, the probability ({e.probability:.2f}) is below "
                          f"{p.refuted_below:g}",
    ),
    Rung(
        "contested", _S.CONTESTED,
        applies=lambda e, p: e.contradicted and e.net < p.contested_margin,
        says=lambda e, p: f"contested: the evidence for ({e.support:.2f}) does not lead the evidence against "
                          f"({e.against:.2f}) by the margin of {p.contested_margin:g}",
    ),
    Rung(
        "confirmed-third-party", _S.CONFIRMED,
        applies=lambda e, p: len(e.reliable) >= p.confirmed_min_origins,
        says=lambda e, p: f"confirmed: {count_words(len(e.reliable), 'independent third-party source')} rated "
                          f"{p.confirmed_min_reliability.value} or better report it firmly ({p.cite(e.reliable)})",
    ),
    Rung(
        "confirmed-admission", _S.CONFIRMED,
        applies=lambda e, p: bool(e.admitting) and len(_others(e)) >= p.confirmed_with_admission,
        says=lambda e, p: f"confirmed: {e.admitting[0]} speaks against its own side's interest, and "
                          f"{_sources(e, p, _others(e)).replace('independent source', 'other independent source')} "
                          f"{'agrees' if len(_others(e)) == 1 else 'agree'}",
    ),
    Rung(
        "admission-alone", lambda p: p.admission_alone,
        applies=lambda e, p: bool(e.admitting),
        says=lambda e, p: f"{p.admission_alone.value}: {e.admitting[0]} speaks against its own side's interest, but "
                          "no other independent source reports it, and one source never corroborates itself",
    ),
    Rung(
        "weak-support", _S.UNVERIFIED,
        applies=lambda e, p: e.origins >= p.corroborated_min_origins and len(e.firm) < p.corroborated_min_origins,
        says=lambda e, p: f"unverified: {_sources(e, p)} report it, but "
                          f"{'only ' + count_words(len(e.firm), 'of them', 'of them') if e.firm else 'none of them'} "
                          f"firmly; reports that are hedged, unnamed, unreliable or from state media of an "
                          f"undeclared state never corroborate ({p.cite(e.weak)})",
    ),
    Rung(
        "corroborated", _S.CORROBORATED,
        applies=lambda e, p: len(e.firm) >= p.corroborated_min_origins and not e.self_serving_only,
        says=lambda e, p: f"corroborated: {_sources(e, p, e.firm)} report it, and not all of them serve "
                          "their own side",
    ),
    Rung(
        "single-origin", _S.UNVERIFIED,
        applies=lambda e, p: e.origins == 1 and e.self_serving_only,
        says=lambda e, p: f"unverified: the only source is {e.supporting[0]} ({e.lone_party}), which "
                          f"{e.lone_report}: self-serving",
    ),
    Rung(
        "interested-only", _S.UNVERIFIED,
        applies=lambda e, p: e.self_serving_only,
        says=lambda e, p: f"unverified: only interested parties ({p.cite(e.supporting)}) report it",
    ),
    Rung(
        "too-few-origins", _S.UNVERIFIED,
        applies=lambda e, p: True,
        says=lambda e, p: f"unverified: {_sources(e, p)} "
                          f"{'reports' if e.origins == 1 else 'report'} it; corroboration needs "
                          f"{count_words(p.corroborated_min_origins, 'independent source')}",
    ),
)
"""The status ladder: the first rung that applies gives the status and writes its
sentence. The last rung always applies."""
# fmt: on
