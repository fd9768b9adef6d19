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
from typing import TypeVar

from .errors import FieldError

__all__ = [
    "ActorType",
    "AffiliationKind",
    "AssessmentStatus",
    "Branch",
    "Confidence",
    "ControlChange",
    "Credibility",
    "Echelon",
    "EventClarity",
    "EventSide",
    "EventType",
    "FatalityGroup",
    "Favours",
    "GeoPrecision",
    "Hedge",
    "Likelihood",
    "LocationKind",
    "MediaKind",
    "Modality",
    "PlaceRelation",
    "Predicate",
    "Reliability",
    "SourceKind",
    "SubEventType",
    "TimePrecision",
    "VerificationStatus",
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
    """What kind of body or person a :class:`~conflictmodels.Source` is.

    Example:
        >>> from conflictmodels import Source, SourceKind
        >>> Source(id="tass", name="TASS", kind=SourceKind("state_media"), party="RU").kind is SourceKind.STATE_MEDIA
        True
    """

    STATE_MILITARY = "state_military"
    """A state's armed forces or defence ministry speaking for them (the Russian MoD, the Ukrainian General Staff)."""
    GOVERNMENT_OFFICIAL = "government_official"
    """A government, a head of state or an official speaking in office (a president, a governor, a spokesperson)."""
    STATE_MEDIA = "state_media"
    """A state-owned or state-run outlet (TASS, RIA Novosti, Ukrinform)."""
    INDEPENDENT_MEDIA = "independent_media"
    """A news outlet independent of any party (Reuters, the BBC, Meduza)."""
    JOURNALIST = "journalist"
    """A named reporter speaking for themselves, not through an outlet's report."""
    THINK_TANK = "think_tank"
    """A research institute or analysis group (the Institute for the Study of War)."""
    NGO = "ngo"
    """A non-governmental organisation (a human-rights monitor, a humanitarian group)."""
    INTERNATIONAL_ORGANISATION = "international_organisation"
    """An intergovernmental body or its mission (the UN, the OSCE, the IAEA)."""
    BLOGGER = "blogger"
    """A blogger or social-media account (military bloggers, Telegram channels)."""
    INTELLIGENCE_SERVICE = "intelligence_service"
    """A state's intelligence service speaking publicly (the UK Defence Intelligence updates, Ukraine's HUR)."""
    OTHER = "other"
    """Anything else: a witness, a local resident, a company."""


class LocationKind(enum.Enum):
    """What kind of place a :class:`~conflictmodels.Location` is.

    Example:
        >>> from conflictmodels import LocationKind
        >>> LocationKind("settlement"), LocationKind.REGION.value
        (<LocationKind.SETTLEMENT: 'settlement'>, 'region')
    """

    SETTLEMENT = "settlement"
    """A city, town or village."""
    DISTRICT = "district"
    """A second-order administrative unit (a raion, a county)."""
    REGION = "region"
    """A first-order administrative unit (an oblast, a province)."""
    COUNTRY = "country"
    """A whole country."""
    NATURAL_FEATURE = "natural_feature"
    """A river, a height, a forest or another feature of the land."""
    FACILITY = "facility"
    """A building or installation: a power plant, a bridge, an airfield, a base."""
    AREA = "area"
    """A named area that is not an administrative unit ("the Kursk direction")."""


class Echelon(enum.Enum):
    """The APP-6 / MIL-STD-2525 echelon ladder, smallest first.

    Example:
        >>> Echelon.BRIGADE.rank > Echelon.REGIMENT.rank
        True
    """

    TEAM = "team"
    """A fire team or crew: a handful of soldiers."""
    SQUAD = "squad"
    """A squad: about ten soldiers."""
    SECTION = "section"
    """A section: in some armies the squad's equal, in others two squads."""
    PLATOON = "platoon"
    """A platoon: about 30 soldiers, several squads."""
    COMPANY = "company"
    """A company: about 100 to 200 soldiers, several platoons."""
    BATTALION = "battalion"
    """A battalion: about 300 to 1,000 soldiers, several companies."""
    REGIMENT = "regiment"
    """A regiment: several battalions."""
    BRIGADE = "brigade"
    """A brigade: several battalions with their support, about 3,000 to 5,000 soldiers."""
    DIVISION = "division"
    """A division: several brigades or regiments, about 10,000 to 20,000 soldiers."""
    CORPS = "corps"
    """A corps: several divisions or brigades."""
    ARMY = "army"
    """A field army: several divisions or corps (the Russian 20th Combined Arms Army)."""
    ARMY_GROUP = "army_group"
    """An army group or group of forces (Russia's "North" grouping)."""
    THEATRE = "theatre"
    """A theatre or military district: every force of one region of war."""
    COMMAND = "command"
    """A national or joint command above the theatre (a general staff, a service command)."""

    @property
    def rank(self) -> int:
        """Position on the ladder, 0 for a team and 13 for a command."""
        return _ECHELON_RANK[self]


_ECHELON_RANK = {e: i for i, e in enumerate(Echelon)}


class Branch(enum.Enum):
    """Arm, branch or type of a military unit.

    ``marines`` and ``naval_infantry`` are both kept because sources use both words;
    the merge rules treat them as synonyms.

    Example:
        >>> from conflictmodels import Branch, Unit
        >>> Unit(id="ua-47", name="47th Mechanized Brigade", branch=Branch.MECHANIZED).branch.value
        'mechanized'
    """

    INFANTRY = "infantry"
    """Foot infantry."""
    MOTOR_RIFLE = "motor_rifle"
    """Motor rifle troops: Russian and Soviet mechanised infantry."""
    MECHANIZED = "mechanized"
    """Mechanised infantry in armoured vehicles (Ukrainian mechanised brigades)."""
    ARMOURED = "armoured"
    """Tank troops."""
    AIRBORNE = "airborne"
    """Airborne troops (the Russian VDV)."""
    AIR_ASSAULT = "air_assault"
    """Air assault troops, landed by helicopter or fighting as light infantry."""
    ASSAULT = "assault"
    """Assault troops: units formed for storming positions (Ukrainian assault brigades, Russian Storm units)."""
    MARINES = "marines"
    """Marines."""
    NAVAL_INFANTRY = "naval_infantry"
    """Naval infantry (the Russian 810th Brigade)."""
    SPECIAL_FORCES = "special_forces"
    """Special forces (Spetsnaz, SSO)."""
    ARTILLERY = "artillery"
    """Artillery and rocket artillery."""
    AIR_DEFENCE = "air_defence"
    """Air defence."""
    ENGINEERS = "engineers"
    """Combat engineers and sappers."""
    RECONNAISSANCE = "reconnaissance"
    """Reconnaissance."""
    SIGNALS = "signals"
    """Signals and electronic warfare."""
    LOGISTICS = "logistics"
    """Logistics, supply and maintenance."""
    UNMANNED_SYSTEMS = "unmanned_systems"
    """Drone units (Ukraine's Unmanned Systems Forces, Russia's Rubikon)."""
    AVIATION = "aviation"
    """Military aviation: aircraft and helicopters."""
    NAVY = "navy"
    """Naval forces afloat."""
    TERRITORIAL_DEFENCE = "territorial_defence"
    """Territorial defence forces."""
    NATIONAL_GUARD = "national_guard"
    """National guard or interior troops (Rosgvardia, Ukraine's National Guard)."""
    BORDER_GUARD = "border_guard"
    """Border guards."""
    VOLUNTEER = "volunteer"
    """Volunteer formations outside the regular forces (volunteer battalions, BARS)."""
    COMBINED_ARMS = "combined_arms"
    """Combined-arms formations of several branches (a combined arms army)."""
    OTHER = "other"
    """Any other branch."""


class Predicate(enum.Enum):
    """What kind of proposition a :class:`~conflictmodels.Statement` makes.

    Example:
        >>> from conflictmodels import Predicate
        >>> Predicate("control") is Predicate.CONTROL, [p.value for p in Predicate][:3]
        (True, ['control', 'presence', 'strength'])
    """

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
    EVENT = "event"
    """An event as conflict datasets code it (ACLED, UCDP GED): its type, actors and fatalities
    at one place (``Statement.event``)."""
    COMMANDS = "commands"
    """A person commands a unit during the claim's ``when`` (the Security Force Monitor
    unit-commander record)."""


class ControlChange(enum.Enum):
    """What a control statement says happened to control of a place.

    Example:
        >>> from conflictmodels import ControlChange
        >>> ControlChange.RECAPTURED.gains, ControlChange.LOST.gains
        (True, False)
    """

    CAPTURED = "captured"
    """The party took the place from another."""
    RECAPTURED = "recaptured"
    """The party took back a place it had lost."""
    HOLDS = "holds"
    """The party holds the place (no change claimed)."""
    LOST = "lost"
    """The party lost the place (to a named counterparty, or to no one named)."""
    CONTESTED = "contested"
    """The place is fought over: neither side holds it."""

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
    """How strongly a hop of an attribution chain commits to what it passes on.

    Example:
        >>> from conflictmodels import Hedge, Hop
        >>> Hop(source_id="rybar", verb="reportedly", hedge=Hedge.REPORTEDLY).hedge.value
        'reportedly'
    """

    ASSERTED = "asserted"
    """Said as fact (announced, stated, insisted, wrote)."""
    CLAIMED = "claimed"
    """Said as the speaker's claim ("claimed", "said it had"): weaker than asserted, and a claim does not
    corroborate."""
    REPORTEDLY = "reportedly"
    """Passed on without naming who said it ("reportedly"): on the last hop the report names no originator."""
    ACCORDING_TO = "according_to"
    """Passed on with a named or unnamed teller ("according to officials"); on the last hop, no originator named."""
    ESTIMATED = "estimated"
    """An estimate by the speaker ("as many as", "estimated"): a figure, not a count."""
    ALLEGED = "alleged"
    """Alleged, not established ("alleged", "accused of"): does not corroborate."""
    CONFIRMED = "confirmed"
    """The speaker says it has confirmed it ("confirmed", "verified")."""
    DENIED = "denied"
    """The speaker denies it ("denied", "rejected the claim")."""


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

    Example:
        >>> from conflictmodels import Reliability
        >>> Reliability.B.label, Reliability("F").label
        ('usually reliable', 'reliability cannot be judged')
    """

    A = "A"
    """Completely reliable: no doubt of authenticity, trustworthiness or competence; a history of complete
    reliability."""
    B = "B"
    """Usually reliable: minor doubt; a history of valid information most of the time."""
    C = "C"
    """Fairly reliable: doubt; has provided valid information in the past."""
    D = "D"
    """Not usually reliable: significant doubt; has provided valid information in the past."""
    E = "E"
    """Unreliable: lacking authenticity, trustworthiness and competence; a history of invalid information."""
    F = "F"
    """Reliability cannot be judged: no basis for evaluating the source."""

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

    Example:
        >>> from conflictmodels import Credibility
        >>> Credibility(2).label, int(Credibility.DOUBTFUL)
        ('probably true', 4)
    """

    CONFIRMED = 1
    """Confirmed by other independent sources; logical in itself; consistent with other information."""
    PROBABLY_TRUE = 2
    """Not confirmed; logical in itself; consistent with other information."""
    POSSIBLY_TRUE = 3
    """Not confirmed; reasonably logical in itself; agrees with some other information."""
    DOUBTFUL = 4
    """Not confirmed; possible but not logical; no other information on the subject."""
    IMPROBABLE = 5
    """Not confirmed; not logical in itself; contradicted by other information."""
    CANNOT_BE_JUDGED = 6
    """No basis exists for evaluating the validity of the information."""

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
    """Almost no chance (remote): 1% to 5%."""
    VERY_UNLIKELY = "very_unlikely"
    """Very unlikely (highly improbable): 5% to 20%."""
    UNLIKELY = "unlikely"
    """Unlikely (improbable): 20% to 45%."""
    ROUGHLY_EVEN_CHANCE = "roughly_even_chance"
    """Roughly even chance (roughly even odds): 45% to 55%."""
    LIKELY = "likely"
    """Likely (probable): 55% to 80%."""
    VERY_LIKELY = "very_likely"
    """Very likely (highly probable): 80% to 95%."""
    ALMOST_CERTAIN = "almost_certain"
    """Almost certain (nearly certain): 95% to 99%."""

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
    """Analytic confidence, a separate axis from likelihood (ICD 203).

    Example:
        >>> from conflictmodels import Confidence, Likelihood
        >>> Confidence("moderate") is Confidence.MODERATE, [c.value for c in Confidence]
        (True, ['low', 'moderate', 'high'])
    """

    LOW = "low"
    """The evidence is scant, questionable, fragmented or contradicted: a judgment to hold lightly."""
    MODERATE = "moderate"
    """Credibly sourced and plausible, but not enough to warrant a higher level."""
    HIGH = "high"
    """Several firm, independent, reliable origins agree and none dissents."""


class AssessmentStatus(enum.Enum):
    """Where a proposition stands after reconciliation.

    Example:
        >>> from conflictmodels import AssessmentStatus
        >>> AssessmentStatus("contested") is AssessmentStatus.CONTESTED
        True
    """

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
    """Known to the moment (a timestamp)."""
    HOUR = "hour"
    """Known to the hour."""
    DAY = "day"
    """Known to the day."""
    WEEK = "week"
    """Known to the week ("last week", an ISO week)."""
    MONTH = "month"
    """Known to the month ("in March")."""
    YEAR = "year"
    """Known to the year."""

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
    """Only the country is known (UCDP ``where_prec`` 6)."""
    WATER_OR_AIRSPACE = "water_or_airspace"
    """International waters or airspace, in no country (UCDP ``where_prec`` 7)."""

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


# --------------------------------------------------------------------- evidence and where (#15)


class MediaKind(enum.Enum):
    """What a :class:`~conflictmodels.Media` item of a claim's evidence is.

    Example:
        >>> from conflictmodels import MediaKind
        >>> MediaKind("video") is MediaKind.VIDEO
        True
    """

    PHOTO = "photo"
    """A still photograph."""
    VIDEO = "video"
    """Footage: a video clip or a stream recording."""
    DOCUMENT = "document"
    """A document: an order, a leaflet, a scanned page, a PDF."""
    SCREENSHOT = "screenshot"
    """A screenshot of a post, a page or a map, kept because the original may go."""
    AUDIO = "audio"
    """A sound recording: an intercepted call, a voice message."""


class VerificationStatus(enum.Enum):
    """Where a geolocation or chronolocation of a claim's evidence stands.

    Only a verified record can change how much a claim weighs in
    :func:`~conflictmodels.reconcile`; the others are recorded and named in its rationale.

    Example:
        >>> from conflictmodels import VerificationStatus
        >>> VerificationStatus("verified") is VerificationStatus.VERIFIED
        True
    """

    VERIFIED = "verified"
    """The geolocator matched the media to the place (or the time) and says how."""
    UNVERIFIED = "unverified"
    """Proposed, not yet checked (a first guess, a pending request)."""
    DISPUTED = "disputed"
    """Checked and contested: another geolocator places it elsewhere, or the match fails."""


class PlaceRelation(enum.Enum):
    """How what a claim reports relates to the place it names.

    Only ``in`` lets a claim of control speak for the state of the place itself; the
    others are about its surroundings.

    Example:
        >>> from conflictmodels import PlaceRelation
        >>> PlaceRelation("direction_of").is_the_place, PlaceRelation.IN.is_the_place
        (False, True)
    """

    IN = "in"
    """In the place itself ("Russian forces captured Novenke")."""
    NEAR = "near"
    """Near the place, not in it ("fighting near Sudzha")."""
    OUTSKIRTS = "outskirts"
    """On the edge of the place ("on the outskirts of Pokrovsk"): not the place itself."""
    DIRECTION_OF = "direction_of"
    """Toward the place, as a front is named ("in the Pokrovsk direction"): often tens of kilometres away."""
    AREA_OF = "area_of"
    """Somewhere in the area around the place ("in the area of Kurakhove")."""

    @property
    def is_the_place(self) -> bool:
        """Whether the claim is about the place itself (``in``), not its surroundings."""
        return self is PlaceRelation.IN


# --------------------------------------------------------------------- events and people (#15)


class EventType(enum.Enum):
    """The six ACLED event types (ACLED codebook 2023/2024); ``label`` is ACLED's exact wording.

    Example:
        >>> from conflictmodels import EventType
        >>> EventType.EXPLOSIONS_REMOTE_VIOLENCE.label
        'Explosions/Remote violence'
        >>> EventType.from_label("Battles") is EventType.BATTLES
        True
    """

    BATTLES = "battles"
    """A violent interaction between two organised armed groups at a particular time and place."""
    EXPLOSIONS_REMOTE_VIOLENCE = "explosions_remote_violence"
    """One-sided violence in which the weapon takes away the target's ability to respond (strikes, shelling, mines)."""
    VIOLENCE_AGAINST_CIVILIANS = "violence_against_civilians"
    """An organised armed group deliberately inflicts violence on unarmed non-combatants."""
    PROTESTS = "protests"
    """A public demonstration whose participants do not engage in violence (violence may be used against them)."""
    RIOTS = "riots"
    """Demonstrators or mobs engage in violent or destructive acts."""
    STRATEGIC_DEVELOPMENTS = "strategic_developments"
    """Contextually important non-violent activity of armed groups (agreements, arrests, bases, transfers)."""

    @property
    def label(self) -> str:
        """ACLED's exact ``event_type`` string ("Explosions/Remote violence")."""
        return ACLED_LABELS[self]

    @property
    def sub_event_types(self) -> tuple[SubEventType, ...]:
        """The sub-event types that belong to this type, in codebook order."""
        return tuple(s for s in SubEventType if SUB_EVENT_TYPES[s] is self)

    @classmethod
    def from_label(cls, label: str) -> EventType:
        """The type whose ACLED label is ``label`` (exact, then ignoring case and outer spaces)."""
        return _from_label(cls, label, "event_type")


class SubEventType(enum.Enum):
    """The 25 ACLED sub-event types (ACLED codebook 2023/2024), each of one :class:`EventType`.

    ``label`` is ACLED's exact ``sub_event_type`` string, ``event_type`` the type it
    belongs to (the table :data:`~conflictmodels.events.SUB_EVENT_TYPES`).

    Example:
        >>> from conflictmodels import SubEventType
        >>> s = SubEventType.from_label("Shelling/artillery/missile attack")
        >>> s.event_type.label, s.label
        ('Explosions/Remote violence', 'Shelling/artillery/missile attack')
    """

    ARMED_CLASH = "armed_clash"
    """Armed, organised groups engage each other and neither side overtakes the location."""
    GOVERNMENT_REGAINS_TERRITORY = "government_regains_territory"
    """State forces or their affiliates regain control of a location from a non-state group."""
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "non_state_actor_overtakes_territory"
    """A non-state group (or a foreign state's forces) takes control of a location by fighting."""
    CHEMICAL_WEAPON = "chemical_weapon"
    """Chemical weapons used in warfare, without other weapons."""
    AIR_DRONE_STRIKE = "air_drone_strike"
    """Air or drone strikes (air-launched munitions)."""
    SUICIDE_BOMB = "suicide_bomb"
    """A bombing in which the attacker is killed by the explosion."""
    SHELLING_ARTILLERY_MISSILE_ATTACK = "shelling_artillery_missile_attack"
    """Long-range artillery, missile and rocket fire, shelling."""
    REMOTE_EXPLOSIVE_LANDMINE_IED = "remote_explosive_landmine_ied"
    """Remotely detonated explosives, landmines and improvised explosive devices."""
    GRENADE = "grenade"
    """A grenade or similar hand-thrown explosive (a Molotov cocktail is not one)."""
    SEXUAL_VIOLENCE = "sexual_violence"
    """Sexual violence by an armed group against civilians."""
    ATTACK = "attack"
    """An armed group attacks civilians (killing, wounding, torture, beating)."""
    ABDUCTION_FORCED_DISAPPEARANCE = "abduction_forced_disappearance"
    """An armed group abducts or forcibly disappears civilians."""
    PEACEFUL_PROTEST = "peaceful_protest"
    """Demonstrators gather without violence, and no one intervenes."""
    PROTEST_WITH_INTERVENTION = "protest_with_intervention"
    """A peaceful protest that is physically dispersed or suppressed, without serious harm."""
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "excessive_force_against_protesters"
    """Peaceful protesters are targeted with lethal or severely harmful force."""
    VIOLENT_DEMONSTRATION = "violent_demonstration"
    """Demonstrators engage in violence or destruction (vandalism, road-blocking with fire)."""
    MOB_VIOLENCE = "mob_violence"
    """Rioters violently interact with other rioters, civilians, property or armed groups."""
    AGREEMENT = "agreement"
    """Records of agreements between groups (ceasefires, peace deals, prisoner exchanges)."""
    ARRESTS = "arrests"
    """State forces arrest or detain a significant person or group."""
    CHANGE_TO_GROUP_ACTIVITY = "change_to_group_activity"
    """Changes in a group's organisation or activity (a new commander, a merger, a mobilisation)."""
    DISRUPTED_WEAPONS_USE = "disrupted_weapons_use"
    """An attack prevented or a weapon seized or defused (an intercepted drone, a cleared minefield)."""
    HEADQUARTERS_OR_BASE_ESTABLISHED = "headquarters_or_base_established"
    """A group establishes a permanent or semi-permanent base or headquarters."""
    LOOTING_PROPERTY_DESTRUCTION = "looting_property_destruction"
    """An armed group or rioters loot or destroy property, without violence against people."""
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "non_violent_transfer_of_territory"
    """Territory changes hands without fighting (a withdrawal, a handover)."""
    OTHER = "other"
    """Any other strategically important development."""

    @property
    def label(self) -> str:
        """ACLED's exact ``sub_event_type`` string ("Air/drone strike")."""
        return ACLED_LABELS[self]

    @property
    def event_type(self) -> EventType:
        """The event type the sub-event type belongs to."""
        return SUB_EVENT_TYPES[self]

    @classmethod
    def from_label(cls, label: str) -> SubEventType:
        """The sub-event type whose ACLED label is ``label`` (exact, then ignoring case and outer spaces)."""
        return _from_label(cls, label, "sub_event_type")


_B, _E, _V = EventType.BATTLES, EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS
_P, _R, _S = EventType.PROTESTS, EventType.RIOTS, EventType.STRATEGIC_DEVELOPMENTS

_SUB_EVENTS: tuple[tuple[SubEventType, EventType, str], ...] = (
    (SubEventType.ARMED_CLASH, _B, "Armed clash"),
    (SubEventType.GOVERNMENT_REGAINS_TERRITORY, _B, "Government regains territory"),
    (SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, _B, "Non-state actor overtakes territory"),
    (SubEventType.CHEMICAL_WEAPON, _E, "Chemical weapon"),
    (SubEventType.AIR_DRONE_STRIKE, _E, "Air/drone strike"),
    (SubEventType.SUICIDE_BOMB, _E, "Suicide bomb"),
    (SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK, _E, "Shelling/artillery/missile attack"),
    (SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED, _E, "Remote explosive/landmine/IED"),
    (SubEventType.GRENADE, _E, "Grenade"),
    (SubEventType.SEXUAL_VIOLENCE, _V, "Sexual violence"),
    (SubEventType.ATTACK, _V, "Attack"),
    (SubEventType.ABDUCTION_FORCED_DISAPPEARANCE, _V, "Abduction/forced disappearance"),
    (SubEventType.PEACEFUL_PROTEST, _P, "Peaceful protest"),
    (SubEventType.PROTEST_WITH_INTERVENTION, _P, "Protest with intervention"),
    (SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS, _P, "Excessive force against protesters"),
    (SubEventType.VIOLENT_DEMONSTRATION, _R, "Violent demonstration"),
    (SubEventType.MOB_VIOLENCE, _R, "Mob violence"),
    (SubEventType.AGREEMENT, _S, "Agreement"),
    (SubEventType.ARRESTS, _S, "Arrests"),
    (SubEventType.CHANGE_TO_GROUP_ACTIVITY, _S, "Change to group/activity"),
    (SubEventType.DISRUPTED_WEAPONS_USE, _S, "Disrupted weapons use"),
    (SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED, _S, "Headquarters or base established"),
    (SubEventType.LOOTING_PROPERTY_DESTRUCTION, _S, "Looting/property destruction"),
    (SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY, _S, "Non-violent transfer of territory"),
    (SubEventType.OTHER, _S, "Other"),
)

SUB_EVENT_TYPES: dict[SubEventType, EventType] = {sub: kind for sub, kind, _ in _SUB_EVENTS}
"""Each ACLED sub-event type and the one event type it belongs to (a :class:`~conflictmodels.Statement`'s
event refuses any other pair)."""

ACLED_LABELS: dict[EventType | SubEventType, str] = {
    EventType.BATTLES: "Battles",
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: "Explosions/Remote violence",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "Violence against civilians",
    EventType.PROTESTS: "Protests",
    EventType.RIOTS: "Riots",
    EventType.STRATEGIC_DEVELOPMENTS: "Strategic developments",
    **{sub: label for sub, _, label in _SUB_EVENTS},
}
"""ACLED's exact ``event_type`` and ``sub_event_type`` strings, for every member of
:class:`~conflictmodels.EventType` and :class:`~conflictmodels.SubEventType` (what an ACLED CSV carries)."""

_Labelled = TypeVar("_Labelled", EventType, SubEventType)


def _from_label(cls: type[_Labelled], label: str, column: str) -> _Labelled:
    """The member of ``cls`` whose ACLED label is ``label``: exact, then ignoring case and outer spaces."""
    for member in cls:
        if ACLED_LABELS[member] == label:
            return member
    folded = label.strip().casefold() if isinstance(label, str) else None
    for member in cls:
        if ACLED_LABELS[member].casefold() == folded:
            return member
    raise FieldError(cls.__name__, column, "is not an ACLED label of this vocabulary", label)


class ActorType(enum.Enum):
    """ACLED actor types, with their ``inter`` codes 1-8 (``inter`` both ways).

    Example:
        >>> from conflictmodels import ActorType
        >>> ActorType.STATE_FORCES.inter, ActorType.from_inter(8).label
        (1, 'External/Other forces')
    """

    STATE_FORCES = "state_forces"
    """1: the armed forces, police and other agents of a recognised state."""
    REBEL_GROUP = "rebel_group"
    """2: a political organisation fighting to overthrow a government or secede."""
    POLITICAL_MILITIA = "political_militia"
    """3: an armed group with a political purpose that does not seek to replace the government."""
    IDENTITY_MILITIA = "identity_militia"
    """4: an armed group organised around a shared identity (ethnicity, religion, community)."""
    RIOTERS = "rioters"
    """5: people taking part in a violent demonstration or mob violence."""
    PROTESTERS = "protesters"
    """6: people taking part in a peaceful demonstration."""
    CIVILIANS = "civilians"
    """7: unarmed people, the victims of violence."""
    EXTERNAL_OTHER_FORCES = "external_other_forces"
    """8: international organisations, private security firms and other external forces."""

    @property
    def inter(self) -> int:
        """ACLED's ``inter1``/``inter2`` code, 1 to 8."""
        return _INTER_CODES[self]

    @property
    def label(self) -> str:
        """ACLED's wording of the type ("State forces", "External/Other forces")."""
        return _INTER_LABELS[self]

    @classmethod
    def from_inter(cls, code: int) -> ActorType:
        """The actor type of ACLED ``inter`` code ``code`` (1-8)."""
        for member, value in _INTER_CODES.items():
            if value == code and type(code) is int:
                return member
        raise FieldError("ActorType", "inter", "must be an ACLED inter code from 1 to 8", code)


_INTER_CODES = {member: i for i, member in enumerate(ActorType, start=1)}
_INTER_LABELS = {
    ActorType.STATE_FORCES: "State forces",
    ActorType.REBEL_GROUP: "Rebel group",
    ActorType.POLITICAL_MILITIA: "Political militia",
    ActorType.IDENTITY_MILITIA: "Identity militia",
    ActorType.RIOTERS: "Rioters",
    ActorType.PROTESTERS: "Protesters",
    ActorType.CIVILIANS: "Civilians",
    ActorType.EXTERNAL_OTHER_FORCES: "External/Other forces",
}


class EventSide(enum.Enum):
    """Which side of an event an actor is on, as UCDP GED names them (``side_a``, ``side_b``).

    Example:
        >>> from conflictmodels import EventSide
        >>> EventSide("a").ucdp_column
        'side_a'
    """

    A = "a"
    """Side A: in UCDP state-based events the government side; otherwise the first actor."""
    B = "b"
    """Side B: the opposing actor."""

    @property
    def ucdp_column(self) -> str:
        """The UCDP GED column naming the side (``side_a``, ``side_b``)."""
        return f"side_{self.value}"


class FatalityGroup(enum.Enum):
    """Whose deaths a :class:`~conflictmodels.Fatalities` count is, as UCDP GED splits them.

    Example:
        >>> from conflictmodels import FatalityGroup
        >>> FatalityGroup.CIVILIANS.ucdp_column
        'deaths_civilians'
    """

    SIDE_A = "side_a"
    """Deaths on side A (UCDP ``deaths_a``)."""
    SIDE_B = "side_b"
    """Deaths on side B (UCDP ``deaths_b``)."""
    CIVILIANS = "civilians"
    """Civilian deaths (UCDP ``deaths_civilians``)."""
    UNKNOWN = "unknown"
    """Deaths whose status is not known (UCDP ``deaths_unknown``)."""

    @property
    def ucdp_column(self) -> str:
        """The UCDP GED column counting this group's deaths."""
        return _FATALITY_COLUMNS[self]


_FATALITY_COLUMNS = {
    FatalityGroup.SIDE_A: "deaths_a",
    FatalityGroup.SIDE_B: "deaths_b",
    FatalityGroup.CIVILIANS: "deaths_civilians",
    FatalityGroup.UNKNOWN: "deaths_unknown",
}


class EventClarity(enum.Enum):
    """How clearly the sources describe one event (UCDP GED ``event_clarity``).

    Example:
        >>> from conflictmodels import EventClarity
        >>> EventClarity.LOW.ucdp_code, EventClarity.from_ucdp(1)
        (2, <EventClarity.HIGH: 'high'>)
    """

    HIGH = "high"
    """1: the event is described clearly enough to be told apart from others."""
    LOW = "low"
    """2: an aggregate of several events or a summary over time (totals, "the fighting this week")."""

    @property
    def ucdp_code(self) -> int:
        """UCDP ``event_clarity``: 1 high, 2 low."""
        return 1 if self is EventClarity.HIGH else 2

    @classmethod
    def from_ucdp(cls, code: int) -> EventClarity:
        """The clarity of UCDP ``event_clarity`` ``code`` (1 or 2)."""
        if code == 1 and type(code) is int:
            return cls.HIGH
        if code == 2 and type(code) is int:
            return cls.LOW
        raise FieldError("EventClarity", "event_clarity", "must be a UCDP event_clarity code, 1 or 2", code)
