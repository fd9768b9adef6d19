"""Closed vocabularies of the field, as enums whose values are what JSON carries.

Every vocabulary here is a :class:`enum.Enum` whose ``value`` is the string (or, for
:class:`Credibility`, the integer) written to JSON. Mappings to the codes of other
datasets (ACLED, UCDP, Wikibase, ICD 203 probability ranges) are properties of the
members, so they are documented and tested in one place.

Example:
    >>> from conflictmodels import Likelihood, Reliability
    >>> Likelihood.LIKELY.range
    (0.55, 0.8)
    >>> Reliability("B").label
    'usually reliable'
"""

from __future__ import annotations

import enum

from .errors import FieldError

__all__ = [
    "AffiliationKind",
    "AssessmentStatus",
    "Branch",
    "Confidence",
    "ControlChange",
    "Credibility",
    "Echelon",
    "Favours",
    "GeoPrecision",
    "Hedge",
    "Likelihood",
    "LocationKind",
    "Modality",
    "Predicate",
    "Reliability",
    "SourceKind",
    "TimePrecision",
    "WithdrawalAction",
]


class AffiliationKind(enum.Enum):
    """How a :class:`~conflictmodels.Source` is tied to a party or to another source
    (:class:`~conflictmodels.Affiliation`). Every kind makes the source one interest
    with what it is tied to: never independent corroboration of it.

    Example:
        >>> AffiliationKind("state_media").names_party, AffiliationKind.OWNED_BY.names_party
        (True, False)
    """

    STATE_MEDIA = "state_media"
    """State media of a party (TASS and RIA Novosti of RU)."""
    ALIGNED = "aligned"
    """Speaks for a party without belonging to it (a pro-Kremlin military blogger)."""
    PARTY = "party"
    """Belongs to or speaks for a party during the period (a channel exposed as a false
    flag, or taken over, from a date): it replaces ``Source.party`` for that period."""
    OWNED_BY = "owned_by"
    """Owned or controlled by another source (a ministry's TV channel, a media group's outlet)."""

    @property
    def names_party(self) -> bool:
        """Whether the affiliation names a party (every kind but ``owned_by``, which names a source)."""
        return self is not AffiliationKind.OWNED_BY


class SourceKind(enum.Enum):
    """What kind of body or person a :class:`~conflictmodels.Source` is."""

    STATE_MILITARY = "state_military"
    GOVERNMENT_OFFICIAL = "government_official"
    STATE_MEDIA = "state_media"
    INDEPENDENT_MEDIA = "independent_media"
    JOURNALIST = "journalist"
    THINK_TANK = "think_tank"
    NGO = "ngo"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    BLOGGER = "blogger"
    """A blogger or social-media account (military bloggers, Telegram channels)."""
    INTELLIGENCE_SERVICE = "intelligence_service"
    OTHER = "other"


class LocationKind(enum.Enum):
    """What kind of place a :class:`~conflictmodels.Location` is."""

    SETTLEMENT = "settlement"
    DISTRICT = "district"
    REGION = "region"
    COUNTRY = "country"
    NATURAL_FEATURE = "natural_feature"
    FACILITY = "facility"
    AREA = "area"
    """A named area that is not an administrative unit ("the Kursk direction")."""


class Echelon(enum.Enum):
    """The APP-6 / MIL-STD-2525 echelon ladder, smallest first.

    Example:
        >>> Echelon.BRIGADE.rank > Echelon.REGIMENT.rank
        True
    """

    TEAM = "team"
    SQUAD = "squad"
    SECTION = "section"
    PLATOON = "platoon"
    COMPANY = "company"
    BATTALION = "battalion"
    REGIMENT = "regiment"
    BRIGADE = "brigade"
    DIVISION = "division"
    CORPS = "corps"
    ARMY = "army"
    ARMY_GROUP = "army_group"
    THEATRE = "theatre"
    COMMAND = "command"

    @property
    def rank(self) -> int:
        """Position on the ladder, 0 for a team and 13 for a command."""
        return _ECHELON_RANK[self]


_ECHELON_RANK = {e: i for i, e in enumerate(Echelon)}


class Branch(enum.Enum):
    """Arm, branch or type of a military unit.

    ``marines`` and ``naval_infantry`` are both kept because sources use both words;
    the merge rules treat them as synonyms.
    """

    INFANTRY = "infantry"
    MOTOR_RIFLE = "motor_rifle"
    MECHANIZED = "mechanized"
    ARMOURED = "armoured"
    AIRBORNE = "airborne"
    AIR_ASSAULT = "air_assault"
    ASSAULT = "assault"
    MARINES = "marines"
    NAVAL_INFANTRY = "naval_infantry"
    SPECIAL_FORCES = "special_forces"
    ARTILLERY = "artillery"
    AIR_DEFENCE = "air_defence"
    ENGINEERS = "engineers"
    RECONNAISSANCE = "reconnaissance"
    SIGNALS = "signals"
    LOGISTICS = "logistics"
    UNMANNED_SYSTEMS = "unmanned_systems"
    AVIATION = "aviation"
    NAVY = "navy"
    TERRITORIAL_DEFENCE = "territorial_defence"
    NATIONAL_GUARD = "national_guard"
    BORDER_GUARD = "border_guard"
    VOLUNTEER = "volunteer"
    COMBINED_ARMS = "combined_arms"
    OTHER = "other"


class Predicate(enum.Enum):
    """What kind of proposition a :class:`~conflictmodels.Statement` makes."""

    CONTROL = "control"
    """A party captured, recaptured, holds, lost or contests a place."""
    PRESENCE = "presence"
    """Units are present or deployed at a place."""
    STRENGTH = "strength"
    """A party's force strength (troop numbers)."""
    CASUALTIES = "casualties"
    """Losses suffered by a party."""
    ATTACK = "attack"
    """A party attacked or struck a place or units."""
    ADVANCE = "advance"
    """A party advanced toward a place."""
    SITUATION = "situation"
    """A situational statement in words ("challenging but under control")."""
    CUSTOM = "custom"
    """Anything else; the statement names it in ``custom_predicate``."""
    ATTRIBUTE = "attribute"
    """Attribute ``attribute`` of a place, units or an ``entity`` has the ``value``
    (who carried out a strike, a unit's commander, a village's name, a book's authors)."""


class ControlChange(enum.Enum):
    """What a control statement says happened to control of a place."""

    CAPTURED = "captured"
    RECAPTURED = "recaptured"
    HOLDS = "holds"
    LOST = "lost"
    CONTESTED = "contested"

    @property
    def gains(self) -> bool:
        """True when the statement puts the place in the party's hands."""
        return self in _GAINS


_GAINS = frozenset({ControlChange.CAPTURED, ControlChange.RECAPTURED, ControlChange.HOLDS})


class Modality(enum.Enum):
    """What kind of statement a :class:`~conflictmodels.Statement` is: a fact, or a view.

    Only facts are given a likelihood by :func:`~conflictmodels.reconcile`; opinions,
    analytic judgments and forecasts are recorded and attributed to their sources, with
    the status ``attributed``, and never support or contradict a fact.

    Example:
        >>> from conflictmodels import Modality
        >>> Modality("forecast").is_fact, Modality.FACT.is_fact
        (False, True)
    """

    FACT = "fact"
    """Something that is or was so, or not ("Russian forces recaptured Kositsa")."""
    OPINION = "opinion"
    """A view or an appraisal ("maybe it's time to close the shop", "the cauldron is closed" as rhetoric)."""
    JUDGMENT = "judgment"
    """An analytic judgment of a state of affairs ("the incursion may have reached its limits")."""
    FORECAST = "forecast"
    """What may happen, conditional or not ("if Ukraine loses the area, Russia could redeploy")."""

    @property
    def is_fact(self) -> bool:
        """True for ``fact``: the only modality given a factual likelihood."""
        return self is Modality.FACT


class Favours(enum.Enum):
    """Whom a statement declares it favours, for predicates whose interest is declared.

    The rule is read against the statement's own ``party`` and ``counterparty``, so
    swapping the parties swaps who is favoured (see ``PredicateRule.favours``).

    Example:
        >>> from conflictmodels import Favours
        >>> Favours("against_party").name
        'AGAINST_PARTY'
    """

    PARTY = "party"
    """It favours ``party`` and disfavours ``counterparty`` ("1,100 km² recaptured" by ``party``)."""
    AGAINST_PARTY = "against_party"
    """It disfavours ``party`` and favours ``counterparty`` ("the cauldron is closed" on ``party``'s troops)."""
    NONE = "none"
    """It favours no party (a scheduled meeting, the weather)."""


class Hedge(enum.Enum):
    """How strongly a hop of an attribution chain commits to what it passes on."""

    ASSERTED = "asserted"
    """Said as fact (announced, stated, insisted, wrote)."""
    CLAIMED = "claimed"
    REPORTEDLY = "reportedly"
    ACCORDING_TO = "according_to"
    ESTIMATED = "estimated"
    ALLEGED = "alleged"
    CONFIRMED = "confirmed"
    DENIED = "denied"


class WithdrawalAction(enum.Enum):
    """What a source did to a claim it had made or passed on (a :class:`~conflictmodels.Withdrawal`).

    Whatever the action, the claim stops being evidence; it never becomes evidence for
    the opposite.

    Example:
        >>> from conflictmodels import WithdrawalAction
        >>> WithdrawalAction("deleted").verb
        'deleted'
    """

    WITHDRAWN = "withdrawn"
    """Walked back in words ("our earlier report was premature")."""
    DELETED = "deleted"
    """Taken down without a word (a deleted post, a pulled article or relay)."""
    CORRECTED = "corrected"
    """Replaced by a corrected claim (the withdrawal's ``replaced_by``), which is the one that counts."""

    @property
    def verb(self) -> str:
        """The past tense a rationale sentence uses ("withdrew", "deleted", "corrected")."""
        return "withdrew" if self is WithdrawalAction.WITHDRAWN else self.value


class Reliability(enum.Enum):
    """NATO Admiralty source reliability, A (completely reliable) to F.

    Reliability belongs to the source, not to a piece of information.
    """

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"

    @property
    def label(self) -> str:
        """The standard wording, e.g. ``'usually reliable'`` for B."""
        return _RELIABILITY_LABELS[self]


_RELIABILITY_LABELS = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "reliability cannot be judged",
}


class Credibility(enum.IntEnum):
    """NATO Admiralty information credibility, 1 (confirmed) to 6.

    Credibility belongs to the piece of information (the claim), not to its source.
    """

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6

    @property
    def label(self) -> str:
        """The standard wording, e.g. ``'probably true'`` for 2."""
        return self.name.lower().replace("_", " ")


class Likelihood(enum.Enum):
    """ICD 203 estimative language for likelihood, with its probability range.

    Example:
        >>> Likelihood.from_probability(0.9)
        <Likelihood.VERY_LIKELY: 'very_likely'>
    """

    ALMOST_NO_CHANCE = "almost_no_chance"
    VERY_UNLIKELY = "very_unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN_CHANCE = "roughly_even_chance"
    LIKELY = "likely"
    VERY_LIKELY = "very_likely"
    ALMOST_CERTAIN = "almost_certain"

    @property
    def range(self) -> tuple[float, float]:
        """The probability range of the band, as fractions (ICD 203, 2015)."""
        return _LIKELIHOOD_RANGES[self]

    @property
    def label(self) -> str:
        """The words an analyst writes, e.g. ``'roughly even chance'``."""
        return self.value.replace("_", " ")

    @classmethod
    def from_probability(cls, p: float) -> Likelihood:
        """The band containing probability ``p`` (0 to 1); shared edges go up."""
        if not 0.0 <= p <= 1.0:
            raise FieldError("Likelihood", "probability", "must be between 0 and 1", p)
        for band in reversed(cls):
            if p >= _LIKELIHOOD_RANGES[band][0]:
                return band
        return cls.ALMOST_NO_CHANCE


_LIKELIHOOD_RANGES = {
    Likelihood.ALMOST_NO_CHANCE: (0.01, 0.05),
    Likelihood.VERY_UNLIKELY: (0.05, 0.20),
    Likelihood.UNLIKELY: (0.20, 0.45),
    Likelihood.ROUGHLY_EVEN_CHANCE: (0.45, 0.55),
    Likelihood.LIKELY: (0.55, 0.80),
    Likelihood.VERY_LIKELY: (0.80, 0.95),
    Likelihood.ALMOST_CERTAIN: (0.95, 0.99),
}


class Confidence(enum.Enum):
    """Analytic confidence, a separate axis from likelihood (ICD 203)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class AssessmentStatus(enum.Enum):
    """Where a proposition stands after reconciliation."""

    UNVERIFIED = "unverified"
    """Claimed by a single origin (or only by interested parties)."""
    CORROBORATED = "corroborated"
    """Supported by more than one independent origin."""
    CONFIRMED = "confirmed"
    """Established by independent reliable origins, or by an admission against interest."""
    CONTESTED = "contested"
    """Independent origins disagree and none prevails."""
    REFUTED = "refuted"
    """The weight of evidence is against it."""
    SUPERSEDED = "superseded"
    """Was so once; a later state replaced it (control changed hands again)."""
    CLAIMED = "claimed"
    """A change a source claims that the evidence does not establish; the standing state persists."""
    ATTRIBUTED = "attributed"
    """An opinion, judgment or forecast, recorded as its sources said it; not judged as fact."""


class TimePrecision(enum.Enum):
    """How precisely the ends of a :class:`~conflictmodels.TimeSpan` are known.

    Example:
        >>> TimePrecision.WEEK.ucdp_date_prec, TimePrecision.WEEK.acled_time_precision
        (3, 2)
    """

    INSTANT = "instant"
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def acled_time_precision(self) -> int:
        """ACLED ``time_precision`` (1 day, 2 week, 3 month and coarser)."""
        return _TIME_CODES[self][0]

    @property
    def ucdp_date_prec(self) -> int:
        """UCDP ``date_prec`` (1 exact day, 3 week, 4 month, 5 year)."""
        return _TIME_CODES[self][1]

    @property
    def wikibase_precision(self) -> int:
        """Wikibase time precision (9 year, 10 month, 11 day, 12 hour, 14 second)."""
        return _TIME_CODES[self][2]


_TIME_CODES = {
    TimePrecision.INSTANT: (1, 1, 14),
    TimePrecision.HOUR: (1, 1, 12),
    TimePrecision.DAY: (1, 1, 11),
    TimePrecision.WEEK: (2, 3, 11),
    TimePrecision.MONTH: (3, 4, 10),
    TimePrecision.YEAR: (3, 5, 9),
}


class GeoPrecision(enum.Enum):
    """Coded precision of a point, mapping to ACLED and UCDP codes.

    Example:
        >>> GeoPrecision.ADM1.ucdp_where_prec, GeoPrecision.ADM1.acled_geo_precision
        (4, 3)
    """

    EXACT = "exact"
    """The named place itself (a town's coordinates)."""
    NEAR = "near"
    """Near a known place, within about 25 km."""
    ADM2 = "adm2"
    """Only the second-order administrative unit (district) is known."""
    ADM1 = "adm1"
    """Only the first-order administrative unit (oblast, region) is known."""
    REGION = "region"
    """A linear feature or a region that is not an administrative unit."""
    COUNTRY = "country"
    WATER_OR_AIRSPACE = "water_or_airspace"

    @property
    def acled_geo_precision(self) -> int:
        """ACLED ``geo_precision`` (1 named town, 2 near a town or part of a region,
        3 larger region)."""
        return _GEO_CODES[self][0]

    @property
    def ucdp_where_prec(self) -> int:
        """UCDP ``where_prec`` (1 exact ... 4 ADM1 ... 6 country, 7 water or airspace)."""
        return _GEO_CODES[self][1]


_GEO_CODES = {
    GeoPrecision.EXACT: (1, 1),
    GeoPrecision.NEAR: (2, 2),
    GeoPrecision.ADM2: (2, 3),
    GeoPrecision.ADM1: (3, 4),
    GeoPrecision.REGION: (3, 5),
    GeoPrecision.COUNTRY: (3, 6),
    GeoPrecision.WATER_OR_AIRSPACE: (3, 7),
}
