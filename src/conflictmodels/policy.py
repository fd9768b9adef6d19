"""Merge rules as data: every weight, threshold and rule table of reconciliation and entity resolution.

:func:`~conflictmodels.reconciliation.reconcile` reads a :class:`Policy`;
:func:`~conflictmodels.resolution.resolve_entities` reads a :class:`ResolutionPolicy`
(with one set of rules per entity kind: :class:`LocationRules`, :class:`UnitRules`,
:class:`SourceRules`). Both are frozen tables. Customise them with :func:`attrs.evolve`
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
from types import MappingProxyType
from typing import Any

import attrs

from .errors import FieldError
from .relations import favours
from .statement import Statement
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
    "DEFAULT_POLICY",
    "DEFAULT_RESOLUTION_POLICY",
    "GAZETTEER_IDS",
    "RULE_CODES",
    "STATUS_LADDER",
    "EvidenceSummary",
    "LocationRules",
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
class ResolutionPolicy:
    """The entity-resolution rules as data: one set of rules per entity kind.

    Attributes:
        locations: Rules for locations.
        units: Rules for units.
        sources: Rules for sources.
        max_rounds: Merging repeats until nothing changes (a merged entity can match
            what neither part matched); this bounds the number of rounds.
        max_block: The most entities of one kind sharing one blocking key (a name key,
            a designation, a gazetteer id, a home page) that are compared pair by pair.
            A key shared by more (2,000 villages called "Novenke") identifies nothing
            by itself: identical entities among them are compared once, and the
            different ones only where they also share a stronger key (a region, a
            parent, a gazetteer id or nearby coordinates; a designation or party; a
            party, home page, parent or kind), in groups of at most ``max_block``.
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
    max_rounds: int = 10
    max_block: int = 100

    def __attrs_post_init__(self) -> None:
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
Sources: name 0.8, party 0.1, kind 0.1, home page 1.0, threshold 0.7. A shared key
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

_JUDGED_STATUSES = frozenset(
    {AssessmentStatus.UNVERIFIED, AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED}
)
"""The statuses a judgment of evidence for a proposition can reach without evidence against prevailing."""
_ESTABLISHED = frozenset({AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED})
"""The default bar of a change of control, and of a place's state counting against a region-wide claim."""

CONTROL_SPECIFICITY: Mapping[str, int] = MappingProxyType({"ctrl": 3, "contested": 2, "not": 1, "calm": 0})
"""How specific each kind of control value is (see
:func:`~conflictmodels.relations.control_value`): when two values of a place have the
same net evidence, the more specific one wins ("X holds it" over "it is contested" over
"Y does not hold it" over "it is not contested")."""


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
            favours its own party (its own gains, the adversary's losses).
        admission_weight: Evidence of an admission against interest (a party reporting
            its own loss or its adversary's gain), before the hedge factor; replaces the
            reliability weight.
        self_serving_cap: The highest likelihood a proposition supported only by
            self-serving claims may get.
        corroborated_min_origins: Independent origins needed for ``corroborated`` (at
            least one of them not self-serving).
        confirmed_min_origins: Independent third-party (non-party) origins of
            reliability ``confirmed_min_reliability`` or better needed for ``confirmed``.
        confirmed_min_reliability: See ``confirmed_min_origins``.
        confirmed_with_admission: Other independent origins (third party, or the party
            that benefits) that, with an admission against interest, make ``confirmed``.
        admission_alone: Status of a proposition supported only by an admission against
            interest.
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
            B-rated, 1.4, does not).
        control_credible_evidence: A change that does not open a state opens a
            ``contested`` state instead when the weighing finds it contested and each
            side has at least this much evidence (one B-rated third party does; a
            self-serving ministry claim or a D-rated blogger does not).
        inside_region_statuses: A state of a place inside a region (by ``parent_id`` or
            region code) with one of these statuses contradicts a claim that another
            party held the whole region at the same time.
        probability_bounds: Probabilities are clamped into this range.
        confidence_high_min_origins: Independent origins needed for high confidence.
        confidence_moderate_min_origins: Independent origins needed for moderate
            confidence (one reliable origin, A or B, also suffices).
        confidence_max_spread: Confidence drops one step when the supporting origins'
            reliability grades span more than this many steps.
        confidence_max_dissent: Confidence is low when the share of evidence against
            exceeds this.
        estimate_tolerance: Relative tolerance around a bare best figure ("about 500"
            allows 450-550 at 0.1); bounds are taken as given.
        max_rationale_ids: How many ids a rationale sentence lists before "and N more".
        value_time_window_minutes: Attribute values that are times (a departure
            time, a date) are one value when their spans come within this many minutes
            of each other; numbers use ``estimate_tolerance`` (see
            :doc:`/explanation/attribute-values`).
        max_alternatives: How many competing values of an attribute an assessment
            lists in ``alternatives``; the rest are counted in its rationale.
        resolution: The entity-resolution policy passed to
            :func:`~conflictmodels.resolve_entities` (``None``: its default).

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
    admission_weight: float = 2.5
    self_serving_cap: Likelihood = Likelihood.ROUGHLY_EVEN_CHANCE
    corroborated_min_origins: int = 2
    confirmed_min_origins: int = 3
    confirmed_min_reliability: Reliability = Reliability.B
    confirmed_with_admission: int = 1
    admission_alone: AssessmentStatus = AssessmentStatus.CORROBORATED
    contested_margin: float = 1.0
    refuted_below: float = 0.2
    control_change_statuses: frozenset[AssessmentStatus] = _ESTABLISHED
    control_change_min_lead: float = 2.0
    control_credible_evidence: float = 1.0
    inside_region_statuses: frozenset[AssessmentStatus] = _ESTABLISHED
    probability_bounds: tuple[float, float] = (0.01, 0.99)
    confidence_high_min_origins: int = 3
    confidence_moderate_min_origins: int = 2
    confidence_max_spread: int = 2
    confidence_max_dissent: float = 0.25
    estimate_tolerance: float = 0.1
    max_rationale_ids: int = 5
    value_time_window_minutes: float = 0.0
    max_alternatives: int = 20
    resolution: ResolutionPolicy | None = None

    def __attrs_post_init__(self) -> None:
        _check_table("Policy", "reliability_weights", self.reliability_weights, (*Reliability, None), "weights")
        _check_table("Policy", "hedge_factors", self.hedge_factors, Hedge, "weights")
        _check_table("Policy", "kind_factors", self.kind_factors, SourceKind, "weights")
        _check_table("Policy", "credibility_factors", self.credibility_factors, Credibility, "weights")
        _check_numbers(
            "Policy", self, ("self_interest_factor", "admission_weight", "contested_margin", "estimate_tolerance")
        )
        lo, hi = self.probability_bounds
        if not 0.0 < lo < hi < 1.0:
            raise FieldError("Policy", "probability_bounds", "must satisfy 0 < low < high < 1", self.probability_bounds)
        for name in ("corroborated_min_origins", "confirmed_min_origins", "confidence_high_min_origins"):
            if getattr(self, name) < 1:
                raise FieldError("Policy", name, "must be at least 1", getattr(self, name))
        _check_numbers("Policy", self, ("value_time_window_minutes",))
        if not (type(self.max_alternatives) is int and self.max_alternatives >= 1):
            raise FieldError("Policy", "max_alternatives", "must be an integer >= 1", self.max_alternatives)
        _check_numbers("Policy", self, ("control_change_min_lead", "control_credible_evidence"))
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
        """Ids as a rationale sentence lists them: sorted, at most ``max_rationale_ids``, then "and N more".

        Example:
            >>> from conflictmodels.policy import Policy
            >>> Policy(max_rationale_ids=2).cite(["c", "a", "b"])
            'a, b and 1 more'
        """
        items = sorted(ids)
        limit = self.max_rationale_ids
        if len(items) <= limit:
            return ", ".join(items)
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"

    def confidence(
        self, origins: int, reliabilities: tuple[Reliability | None, ...], dissent: float
    ) -> tuple[Confidence, str]:
        """Analytic confidence, separate from likelihood, with the reason in words.

        Args:
            origins: Independent origins supporting the judgment.
            reliabilities: The reliability of each supporting origin.
            dissent: Share (0-1) of the evidence that is against the judgment.

        Example:
            >>> from conflictmodels import Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.confidence(3, (Reliability.B,) * 3, 0.0)[0]
            <Confidence.HIGH: 'high'>
            >>> DEFAULT_POLICY.confidence(1, (None,), 0.0)[0]
            <Confidence.LOW: 'low'>
        """
        if dissent > self.confidence_max_dissent:
            return _LOW, f"{dissent:.0%} of the evidence is against it (> {self.confidence_max_dissent:.0%})"
        meets = _RELIABLE_AT[id(self.confirmed_min_reliability)]
        reliable = len([r for r in reliabilities if id(r) in meets])
        if origins >= self.confidence_high_min_origins and dissent == 0.0:
            level = _HIGH
            why = f"{origins} independent origins, none against"
        elif origins >= self.confidence_moderate_min_origins or reliable:
            level = _MODERATE
            why = f"{origins} independent origin(s), {reliable} rated {self.confirmed_min_reliability.value} or better"
        else:
            return _LOW, f"{origins} independent origin(s), none rated reliable"
        graded = [_GRADE_OF[id(r)] for r in reliabilities if id(r) in _GRADE_OF]
        if graded and max(graded) - min(graded) > self.confidence_max_spread:
            level = _MODERATE if level is _HIGH else _LOW
            why += f"; reliability grades spread over more than {self.confidence_max_spread} steps"
        return level, why


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
        # withdrawals
        "retracted": "a source's later denial retracts its own earlier claim",
        "denial-assessed": "only denials were reported, so the denial is what is assessed",
        # numbers
        "other-unit": "figures in another unit are related, not compared",
        "incompatible-estimates": "estimates that cannot hold together with the agreeing ones",
        "estimate-hull": "estimates conflict: the reconciled figure is their hull",
        "estimate-intersection": "compatible estimates: the reconciled figure is their intersection",
        # attribute values
        "values": "how many different values were reported for the attribute, and which one is chosen",
        "value-merged": "values written differently counted as one (normalised, last names, tolerance, containment)",
        "value-tie": "values with equal evidence: the one that sorts first is chosen",
        "value-alternatives": "the competing values, each with its probability and claims, beyond the listed ones",
        "value-denied": "denials of a value count against it",
        # independence
        "circular-reporting": "claims relayed by outlets trace back to one origin, counted once",
        "one-origin": "several claims of one origin, counted once",
        "parent-folded": "sources under a parent source count with it as one origin",
        "origins-summary": "how many supporting claims and independent origins there are, beyond the listed ones",
        # interest
        "admission": "a party reports what does not favour it: an admission against interest, strong evidence",
        "self-serving": "a party reports its own gain or its adversary's loss: weight reduced",
        "contradicted": "an independent origin against, with its weight",
        # the status ladder (STATUS_LADDER), first match wins
        "refuted": "evidence against and the probability below refuted_below",
        "contested": "evidence against and a lead under contested_margin",
        "confirmed-third-party": "enough reliable independent third-party origins",
        "confirmed-admission": "an admission against interest plus other independent origins",
        "admission-alone": "an admission against interest alone",
        "corroborated": "enough independent origins, not all self-serving",
        "single-origin": "a single self-serving origin: unverified",
        "interested-only": "only interested parties support it: unverified",
        "too-few-origins": "fewer independent origins than corroborated needs: unverified",
        # likelihood and confidence
        "evidence": "the evidence for and against, the probability and its likelihood band",
        "self-serving-cap": "only self-serving support: likelihood capped at self_serving_cap",
        "confidence": "the analytic confidence and why",
        # opinions, analytic judgments and forecasts
        "attributed": "an opinion, judgment or forecast, recorded as its sources said it; not judged as fact",
    }
)
"""Every rule that writes a rationale sentence: its stable code and what it says.

Each sentence of an assessment's ``rationale`` starts with ``[code] ``; match on the
code, not on the English, which may be reworded."""


# ----------------------------------------------------------------------- status ladder


class EvidenceSummary:
    """What the status ladder reads: one proposition's supporting and contradicting evidence, weighed.

    :func:`~conflictmodels.reconciliation.reconcile` builds one per judgment; the
    rungs of :data:`STATUS_LADDER` test it and their sentences quote it.

    Attributes:
        supporting: The independent supporting origins (root source ids).
        origins: How many there are.
        support: Their summed evidence (nats).
        against: The summed evidence of the contradicting origins (nats).
        net: ``support - against``.
        contradicted: Whether any evidence is against.
        probability: The probability of the proposition, clamped.
        reliable: The supporting third-party origins rated ``confirmed_min_reliability``
            or better (only counted when there are ``confirmed_min_origins`` origins).
        admitting: The supporting origins that speak against their interest.
        self_serving_only: Whether every supporting origin is self-serving.
        lone_party: With one supporting origin, its party.
        lone_statement: With one supporting origin, what its first claim says.

    Example:
        >>> from conflictmodels.policy import EvidenceSummary
        >>> e = EvidenceSummary(("bbc", "isw"), 2.8, 0.5, True, 0.91)
        >>> e.origins, e.net, e.admitting
        (2, 2.3, ())
    """

    __slots__ = (
        "admitting",
        "against",
        "contradicted",
        "lone_party",
        "lone_statement",
        "net",
        "origins",
        "probability",
        "reliable",
        "self_serving_only",
        "support",
        "supporting",
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

    @property
    def lone_report(self) -> str:
        """What the one supporting origin reports: its own gain or its adversary's loss.

        Example:
            >>> from conflictmodels import Estimate, Predicate, Statement
            >>> from conflictmodels.policy import EvidenceSummary
            >>> loss = Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.at_least(50))
            >>> EvidenceSummary(("ru-mod",), 0.3, 0.0, False, 0.52, lone_party="RU", lone_statement=loss).lone_report
            "its adversary's loss"
        """
        assert self.lone_statement is not None
        return "its own gain" if favours(self.lone_statement)[0] == self.lone_party else "its adversary's loss"


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
        >>> e = EvidenceSummary(("isw", "bbc"), 2.8, 0.0, False, 0.93)
        >>> rung = next(r for r in STATUS_LADDER if r.applies(e, DEFAULT_POLICY))
        >>> rung.code, rung.status_for(DEFAULT_POLICY).value
        ('corroborated', 'corroborated')
        >>> rung.sentence(e, DEFAULT_POLICY)
        '[corroborated] 2 independent origins (bbc, isw), not all self-serving, >= 2: corroborated'
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

# fmt: off
STATUS_LADDER: tuple[Rung, ...] = (
    Rung(
        "refuted", _S.REFUTED,
        applies=lambda e, p: e.contradicted and e.probability < p.refuted_below,
        says=lambda e, p: f"refuted: probability {e.probability:.2f} below {p.refuted_below:g} given the evidence against",
    ),
    Rung(
        "contested", _S.CONTESTED,
        applies=lambda e, p: e.contradicted and e.net < p.contested_margin,
        says=lambda e, p: f"contested: {e.support:.2f} for, {e.against:.2f} against, "
                          f"a lead under the margin of {p.contested_margin:g}",
    ),
    Rung(
        "confirmed-third-party", _S.CONFIRMED,
        applies=lambda e, p: len(e.reliable) >= p.confirmed_min_origins,
        says=lambda e, p: f"{len(e.reliable)} independent third-party origins rated "
                          f"{p.confirmed_min_reliability.value} or better ({p.cite(e.reliable)}) "
                          f">= {p.confirmed_min_origins}: confirmed",
    ),
    Rung(
        "confirmed-admission", _S.CONFIRMED,
        applies=lambda e, p: bool(e.admitting) and e.origins - 1 >= p.confirmed_with_admission,
        says=lambda e, p: f"admission against interest by {e.admitting[0]} plus {e.origins - 1} other independent "
                          f"origin(s) ({p.cite(o for o in e.supporting if o != e.admitting[0])}): confirmed",
    ),
    Rung(
        "admission-alone", lambda p: p.admission_alone,
        applies=lambda e, p: bool(e.admitting),
        says=lambda e, p: f"admission against interest by {e.admitting[0]} alone: {p.admission_alone.value}",
    ),
    Rung(
        "corroborated", _S.CORROBORATED,
        applies=lambda e, p: e.origins >= p.corroborated_min_origins and not e.self_serving_only,
        says=lambda e, p: f"{e.origins} independent origins ({p.cite(e.supporting)}), not all self-serving, "
                          f">= {p.corroborated_min_origins}: corroborated",
    ),
    Rung(
        "single-origin", _S.UNVERIFIED,
        applies=lambda e, p: e.origins == 1 and e.self_serving_only,
        says=lambda e, p: f"single origin {e.supporting[0]} (party {e.lone_party}) reports {e.lone_report}: "
                          "self-serving, capped at unverified",
    ),
    Rung(
        "interested-only", _S.UNVERIFIED,
        applies=lambda e, p: e.self_serving_only,
        says=lambda e, p: f"only interested parties ({p.cite(e.supporting)}) support it: unverified",
    ),
    Rung(
        "too-few-origins", _S.UNVERIFIED,
        applies=lambda e, p: True,
        says=lambda e, p: f"{e.origins} independent origin(s) ({p.cite(e.supporting)}) "
                          f"< {p.corroborated_min_origins}: unverified",
    ),
)
"""The status ladder: the first rung that applies gives the status and writes its
sentence. The last rung always applies."""
# fmt: on
