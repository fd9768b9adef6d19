"""STIX 2.1 bundles: export a dossier, and import bundles from this library or others.

Mapping (see ``docs/howto/export.md`` for the full tables):

=====================  ==========================================================
conflictmodels         STIX 2.1
=====================  ==========================================================
Source                 ``identity`` (``identity_class`` from the source kind and
                       ``Source.group``:
                       :func:`identity_class`)
Unit                   ``identity`` (``identity_class: organization``, sector
                       ``defense``, label ``military-unit``)
Location               ``location`` (``latitude``/``longitude``/``precision`` in
                       metres, ``country``, ISO 3166-2 code in
                       ``administrative_area``, the M49 ``region``, ``city`` for
                       a settlement, OpenCTI's ``x_opencti_location_type``
                       chosen so OpenCTI accepts its parent link)
Claim                  ``note`` by the producer (``authors`` and first of
                       ``object_refs`` the claim's source, then relays, places
                       and units; ``content`` the quote, ``confidence`` from
                       credibility)
Assessment             ``opinion`` about the supporting claims (``opinion`` from
                       the ICD 203 likelihood, ``confidence`` from the analytic
                       confidence), and one opinion each about the
                       contradicting claims (the opposite value) and the related
                       claims (``neutral``), each referencing claims only, and
                       the judgment in words as a ``note`` about the report
                       (which MISP keeps); an ``attributed`` one (an opinion,
                       judgment or forecast recorded as said), or one citing no
                       claim, is a ``note``
Dossier                ``report`` referencing every object (another id once
                       reconciled)
parent links           ``relationship``: places ``located-at`` their parent,
                       sources and units ``part-of`` theirs (``related-to`` for
                       a pair of types OpenCTI refuses)
=====================  ==========================================================

Every exported object also carries the complete conflictmodels object in a STIX
property-extension (:data:`EXTENSION_ID`), and each note, identity and location also in
the last line of its ``content`` or ``description`` (read when a tool such as MISP or
OpenCTI dropped the extension), so a round trip through STIX is lossless;
the STIX properties are derived from it for other tools. The extension id is the same
for every schema version: each carried object says its own ``schema_version``, and
older ones are migrated when read. Ids are deterministic:
``<type>--<uuid5>`` of ``<kind>:<id>`` under :data:`NAMESPACE`.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import from_stix, to_stix
    >>> bundle = to_stix(kursk_dossier())
    >>> sorted({o["type"] for o in bundle["objects"]})  # doctest: +NORMALIZE_WHITESPACE
    ['extension-definition', 'identity', 'location', 'note', 'relationship', 'report', 'sighting']
    >>> from_stix(bundle) == kursk_dossier()
    True
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

from .._datetimes import parse_datetime
from .._spec import LANGUAGE, REGION, URL
from ..assessment import Assessment
from ..claim import Claim
from ..dossier import Dossier
from ..errors import (
    ConflictModelsError,
    FieldError,
    FieldTypeError,
    MissingFieldError,
    SchemaVersionError,
    ValidationError,
)
from ..evidence import Document, Evidence, Geolocation, Media
from ..geo import Point
from ..location import Location
from ..migration import SCHEMA_VERSION, migrate
from ..people import Person, Role
from ..references import references
from ..serialization import from_dict, to_dict
from ..source import Source
from ..statement import Statement
from ..timespans import TimeSpan
from ..unit import Unit, UnitParent
from ..vocabularies import (
    AssessmentStatus,
    Confidence,
    Credibility,
    Likelihood,
    LocationKind,
    MediaKind,
    Modality,
    Predicate,
    SourceKind,
    VerificationStatus,
)
from ._common import chain_text, statement_text

__all__ = [
    "EXTENSION_ID",
    "NAMESPACE",
    "PRODUCER_ID",
    "WARNING_KINDS",
    "StixWarning",
    "confidence_to_credibility",
    "credibility_to_confidence",
    "from_stix",
    "from_stix_with_warnings",
    "identity_class",
    "stix_id",
    "to_stix",
]

NAMESPACE = uuid.UUID("82833b61-2878-5c5b-b675-9b59d3e1f263")
"""The UUID namespace of every id this library writes (uuid5 of the docs URL)."""

_EPOCH = "1970-01-01T00:00:00.000Z"
_SCHEMA_URL = "https://conflictmodels.readthedocs.io/en/latest/howto/export.html#the-conflictmodels-stix-extension"


def stix_id(stix_type: str, kind: str, id: str) -> str:
    """The deterministic STIX id of a conflictmodels object.

    Args:
        stix_type: The STIX type (``identity``, ``location``, ``note``...).
        kind: The conflictmodels kind (``source``, ``unit``, ``location``,
            ``claim``, ``assessment``, ``dossier``), since ids are unique per kind.
        id: The conflictmodels id.

    Example:
        >>> from conflictmodels.export.stix import stix_id
        >>> stix_id("location", "location", "novenke") == stix_id("location", "location", "novenke")
        True
        >>> stix_id("location", "location", "novenke").startswith("location--")
        True
    """
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, f'{kind}:{id}')}"


PRODUCER_ID = stix_id("identity", "producer", "conflictmodels")
"""The ``identity`` of conflictmodels itself, creator of the extension definition."""
EXTENSION_ID = stix_id("extension-definition", "extension", "conflictmodels")
"""The id of the ``extension-definition`` that carries conflictmodels objects.

It does not depend on the schema version (each carried object has its own
``schema_version``), so tools that key on it keep working when the format changes."""
_EXTENSION_VERSION = "1.0.0"
"""The version of the extension's own shape (``model``, ``schema_version``, ``object``),
not of the schema: it changes only if that shape does, so the definition object stays
identical, as STIX versioning requires of an unchanged ``id`` and ``modified``."""
_LEGACY_EXTENSION_IDS = frozenset({stix_id("extension-definition", "extension", "conflictmodels-v1")})
"""Extension ids of bundles written before the id was made version-free (they carry
schema version 1); still read, never written."""
_EXTENSION_IDS = (EXTENSION_ID, *sorted(_LEGACY_EXTENSION_IDS))

# Admiralty information credibility <-> STIX confidence (STIX 2.1 Appendix A).
_CREDIBILITY_TO_STIX = {
    Credibility.CONFIRMED: 90,
    Credibility.PROBABLY_TRUE: 70,
    Credibility.POSSIBLY_TRUE: 50,
    Credibility.DOUBTFUL: 30,
    Credibility.IMPROBABLE: 10,
}
# ICD 203 analytic confidence <-> STIX confidence (the Low/Med/High scale of Appendix A).
_CONFIDENCE_TO_STIX = {Confidence.LOW: 15, Confidence.MODERATE: 50, Confidence.HIGH: 85}
# ICD 203 likelihood -> STIX opinion value (and back, to the middle band of each value).
_LIKELIHOOD_TO_OPINION = {
    Likelihood.ALMOST_NO_CHANCE: "strongly-disagree",
    Likelihood.VERY_UNLIKELY: "strongly-disagree",
    Likelihood.UNLIKELY: "disagree",
    Likelihood.ROUGHLY_EVEN_CHANCE: "neutral",
    Likelihood.LIKELY: "agree",
    Likelihood.VERY_LIKELY: "strongly-agree",
    Likelihood.ALMOST_CERTAIN: "strongly-agree",
}
_STATUS_TO_OPINION = {
    AssessmentStatus.CONFIRMED: "strongly-agree",
    AssessmentStatus.CORROBORATED: "agree",
    AssessmentStatus.UNVERIFIED: "neutral",
    AssessmentStatus.CONTESTED: "neutral",
    AssessmentStatus.CLAIMED: "neutral",  # a change claimed, not established: unverified, not disproved
    AssessmentStatus.SUPERSEDED: "disagree",
    AssessmentStatus.REFUTED: "strongly-disagree",
}
_SECTORS = {
    SourceKind.STATE_MILITARY: ["defense"],
    SourceKind.GOVERNMENT_OFFICIAL: ["government-national"],
    SourceKind.INTELLIGENCE_SERVICE: ["government-national"],
    SourceKind.STATE_MEDIA: ["communications"],
    SourceKind.INDEPENDENT_MEDIA: ["communications"],
    SourceKind.JOURNALIST: ["communications"],
    SourceKind.NGO: ["non-profit"],
}


def credibility_to_confidence(credibility: Credibility) -> int | None:
    """The STIX ``confidence`` (0-100) of an Admiralty credibility rating.

    1 confirmed 90, 2 probably true 70, 3 possibly true 50, 4 doubtful 30,
    5 improbable 10; 6 (cannot be judged) has no STIX value and gives ``None``.

    Example:
        >>> from conflictmodels import Credibility
        >>> from conflictmodels.export.stix import credibility_to_confidence
        >>> credibility_to_confidence(Credibility.PROBABLY_TRUE), credibility_to_confidence(Credibility(6))
        (70, None)
    """
    return _CREDIBILITY_TO_STIX.get(credibility)


def confidence_to_credibility(confidence: int | None) -> Credibility | None:
    """The Admiralty credibility of a STIX ``confidence``: 80-100 is 1, 60-79 is 2,
    40-59 is 3, 20-39 is 4, 0-19 is 5; ``None`` stays ``None``.

    It inverts :func:`credibility_to_confidence` for every rating except 6.

    Example:
        >>> from conflictmodels.export.stix import confidence_to_credibility
        >>> confidence_to_credibility(75), confidence_to_credibility(None)
        (<Credibility.PROBABLY_TRUE: 2>, None)
    """
    if confidence is None:
        return None
    if type(confidence) is not int or not 0 <= confidence <= 100:
        raise FieldError("STIX", "confidence", "must be an integer from 0 to 100", confidence)
    return Credibility(5 - min(confidence, 99) // 20)


def _analytic_confidence(value: int | None) -> Confidence | None:
    if value is None or value == 0:
        return None
    return Confidence.LOW if value < 30 else Confidence.MODERATE if value < 70 else Confidence.HIGH


_FIRST = datetime.min.replace(tzinfo=UTC)
_LAST = datetime.max.replace(tzinfo=UTC)


def _ts(moment: datetime) -> str:
    """A STIX timestamp (RFC 3339 in UTC, four-digit year, microseconds) of an aware
    datetime.

    An instant that UTC cannot write with years 1 to 9999 (year 1 with a positive
    offset, year 9999 with a negative one) is clamped to the first or last instant of
    that range; the carried object keeps the exact value and offset, so nothing is lost.
    """
    utc = _FIRST if moment < _FIRST else _LAST if moment > _LAST else moment.astimezone(UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}Z"
    )


def _parse_ts(value: Any, name: str = "created") -> datetime:
    """A STIX timestamp: an RFC 3339 date-time read by the library's one parser
    (:func:`~conflictmodels._datetimes.parse_datetime`), then STIX's own rule that it is
    in UTC and ends in ``Z`` (STIX 2.1, section 3.2). Anything laxer is refused."""
    if type(value) is not str:
        raise FieldTypeError("STIX", name, "must be a timestamp string", value)
    try:
        moment = parse_datetime(value)
    except ValueError as err:
        raise FieldError("STIX", name, f"{err} (a STIX timestamp is RFC 3339 in UTC, ending in Z)", value) from None
    if not value.endswith("Z"):
        raise FieldError("STIX", name, "must be in UTC, ending in Z (STIX 2.1 timestamps)", value)
    return moment


def _moment(value: Any) -> datetime | None:
    """The instant of a STIX timestamp, or ``None`` if it is not one (see :func:`_parse_ts`)."""
    try:
        return _parse_ts(value)
    except ConflictModelsError:
        return None


def _extension(model: str, obj: Any) -> dict[str, Any]:
    payload = to_dict(obj)
    version = payload.pop("schema_version")
    return {
        EXTENSION_ID: {
            "extension_type": "property-extension",
            "model": model,
            "schema_version": version,
            "object": payload,
        }
    }


_LINE_HEAD = "conflictmodels "
_LINE = re.compile(r"conflictmodels (?P<model>[A-Z][A-Za-z]*) \(schema (?P<version>[0-9]+)\): (?P<json>\{.*\})")
"""The last line of a note's ``content`` or an identity's or location's ``description``
that holds the complete conflictmodels object, as one line of JSON
(``conflictmodels Claim (schema 2): {"id": ...}``), after a blank line: tools that
drop the extension (MISP) keep that text, and :func:`from_stix` reads the object from
it when no version of the object in the bundle carries the extension."""


_LINE_START = re.compile(r"conflictmodels [A-Z][A-Za-z]* \(schema ")
"""How a line that carries a conflictmodels object starts (:data:`_LINE`)."""


def _with_line(text: str, model: str, obj: Any) -> str:
    """``text``, then a blank line and the line that carries ``obj`` (:data:`_LINE`)."""
    return _with_lines(text, [(model, obj)])


def _with_lines(text: str, objs: Iterable[tuple[str, Any]]) -> str:
    """``text``, then a blank line and one line (:data:`_LINE`) per model and object."""
    lines = []
    for model, obj in objs:
        payload = to_dict(obj)
        version = payload.pop("schema_version")
        # ASCII: MISP's database replaces characters outside the Basic Multilingual Plane by '?'.
        lines.append(f"{_LINE_HEAD}{model} (schema {version}): {json.dumps(payload, separators=(',', ':'))}")
    return "\n\n".join([text, "\n".join(lines)]) if lines else text


def _line_block(text: Any) -> tuple[str, list[re.Match[str]]] | None:
    """The text before the last blank line and the lines after it, if each of those is
    a line that carries a conflictmodels object (:data:`_LINE`)."""
    if not isinstance(text, str) or _LINE_HEAD not in text:
        return None
    head, sep, last = text.rpartition("\n\n")
    lines = [_LINE.fullmatch(line) for line in last.split("\n")] if sep else [None]
    matched = [m for m in lines if m is not None]
    return (head, matched) if len(matched) == len(lines) else None


def _without_line(text: Any) -> Any:
    """A text property without the lines that carry conflictmodels objects, if any."""
    block = _line_block(text)
    return text if block is None else block[0]


def _base(stix_type: str, sid: str, span: _Span, **props: Any) -> dict[str, Any]:
    created, modified = span
    obj = {"type": stix_type, "spec_version": "2.1", "id": sid, "created": created, "modified": modified}
    obj.update({k: v for k, v in props.items() if v is not None and v != []})
    return obj


_Span = tuple[str, str]
"""A STIX object's ``created`` and ``modified``."""
_FIXED: _Span = (_EPOCH, _EPOCH)
"""The span of objects that never change (the producer and the extension definition)."""

# STIX 2.1 region-ov (UN M49 sub-regions) of each ISO 3166-1 country, for the 'region'
# that the OASIS interoperability profile requires on every location.
_M49 = {
    "northern-africa": "DZ EG LY MA SD TN EH",
    "eastern-africa": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    "middle-africa": "AO CM CF TD CG CD GQ GA ST",
    "southern-africa": "BW SZ LS NA ZA",
    "western-africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    "central-america": "BZ CR SV GT HN MX NI PA",
    "south-america": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "northern-america": "BM CA GL PM US",
    "central-asia": "KZ KG TJ TM UZ",
    "eastern-asia": "CN HK MO KP JP MN KR TW",
    "south-eastern-asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "southern-asia": "AF BD BT IN IR MV NP PK LK",
    "western-asia": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "eastern-europe": "BY BG CZ HU PL MD RO RU SK UA",
    "northern-europe": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "southern-europe": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    "western-europe": "AT BE FR DE LI LU MC NL CH",
    "australia-new-zealand": "AU CX CC HM NZ NF",
    "melanesia": "FJ NC PG SB VU",
    "micronesia": "GU KI MH FM NR MP PW UM",
    "polynesia": "AS CK PF NU PN WS TK TO TV WF",
    "antarctica": "AQ",
}
_REGION_OF_COUNTRY = {code: region for region, codes in _M49.items() for code in codes.split()}

# OpenCTI decides a location's entity type from x_opencti_location_type first, then from
# the presence of 'city', 'country', 'region' in that order (pycti 7,
# entities/opencti_location.py, Location.import_from_stix2): a place with a country and no
# type would become a Country, so every location says its type.
_OPENCTI_LOCATION_TYPE = {
    LocationKind.SETTLEMENT: "City",
    LocationKind.DISTRICT: "Administrative-Area",
    LocationKind.REGION: "Region",
    LocationKind.COUNTRY: "Country",
}
# The relationships OpenCTI's platform accepts between the entity types this library
# writes (opencti-graphql: stixCoreRelationshipsMapping in src/database/stix.ts, and the
# 'relations' of the Organization and Administrative-Area module definitions in
# src/modules/organization/organization.ts and src/modules/administrativeArea/
# administrativeArea.ts). Any other pair is refused, except 'related-to', which
# checkStixCoreRelationshipMapping accepts between any two entities.
_OPENCTI_ACCEPTS: dict[str, frozenset[tuple[str, str]]] = {
    "located-at": frozenset(
        {("Position", t) for t in ("City", "Administrative-Area", "Country", "Region")}
        | {("City", t) for t in ("Administrative-Area", "Country", "Region")}
        | {("Administrative-Area", "Country"), ("Administrative-Area", "Region")}
        | {("Country", "Region"), ("Region", "Region")}
    ),
    "part-of": frozenset(
        {("Individual", "Individual"), ("Individual", "Organization"), ("Organization", "Organization")}
        | {("Organization", "Sector"), ("Sector", "Sector")}
    ),
}
_INDIVIDUAL_KINDS = frozenset({SourceKind.JOURNALIST, SourceKind.BLOGGER, SourceKind.GOVERNMENT_OFFICIAL})
_UNIT_LABEL = "military-unit"
"""The label of a unit's ``identity`` (so a bundle without the extension still says which
identities are units)."""
# The stance of each cited claim towards the producer's opinion: a STIX opinion is the
# producer's agreement with every object it references, so supporting, contradicting and
# related claims get an opinion each, the contradicting one with the opposite value.
_OPPOSITE = {
    "strongly-agree": "strongly-disagree",
    "agree": "disagree",
    "neutral": "neutral",
    "disagree": "agree",
    "strongly-disagree": "strongly-agree",
}


def _spans(dossier: Dossier) -> dict[tuple[str, str], _Span]:
    """``created`` and ``modified`` of every dossier object, from the times the dossier
    holds: a claim from its ``reported_at`` to its latest withdrawal, an assessment at its
    ``assessed_at``, a source, place, unit or person from the first to the latest report
    that names it; an object no report names at the dossier's first time."""
    first: dict[tuple[str, str], datetime] = {}
    last: dict[tuple[str, str], datetime] = {}

    def touch(key: tuple[str, str], start: datetime, end: datetime) -> None:
        if key not in first or start < first[key]:
            first[key] = start
        if key not in last or end > last[key]:
            last[key] = end

    for claim in dossier.claims:
        end = max([claim.reported_at, *(w.at for w in claim.withdrawals)])
        touch(("claims", claim.id), claim.reported_at, end)
        for collection, _, ref in references(claim):
            if collection != "claims":
                touch((collection, ref), claim.reported_at, end)
    for a in dossier.assessments:
        touch(("assessments", a.id), a.assessed_at, a.assessed_at)
    return {key: (_ts(first[key]), _ts(last[key])) for key in first}


@attrs.frozen
class _Ctx:
    """What every object of one export needs."""

    dossier: Dossier
    spans: dict[tuple[str, str], _Span]
    default: _Span  # of objects no report names
    report_id: str
    places: dict[str, str] = attrs.field(factory=dict)  # OpenCTI's entity type of each place
    names: dict[str, str] = attrs.field(factory=dict)  # a place's STIX name, where its own is shared

    def span(self, collection: str, id: str) -> _Span:
        return self.spans.get((collection, id), self.default)


def _own_id(stix_type: str, id: str) -> str | None:
    """``id`` itself when it is a STIX id of ``stix_type`` (an object read from another
    tool's bundle keeps its STIX id when written again)."""
    if id.startswith(f"{stix_type}--"):
        try:
            uuid.UUID(id[len(stix_type) + 2 :])
        except ValueError:
            return None
        return id
    return None


def _sid(stix_type: str, kind: str, id: str) -> str:
    """The STIX id of a dossier object: its own if it is one, else :func:`stix_id`."""
    return _own_id(stix_type, id) or stix_id(stix_type, kind, id)


def to_stix(dossier: Dossier, *, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A STIX 2.1 bundle of a dossier.

    The output is deterministic: the same dossier gives the same bundle, byte for
    byte once dumped; no clock is read. An object's ``created`` and ``modified`` come
    from the dossier's own times: a claim is created at its ``reported_at`` and
    modified at its latest withdrawal, an assessment at its ``assessed_at``; a source,
    place or unit is created at the first report that names it and modified at the
    latest (an object no report names, at the dossier's first time); relationships
    take the times of their child; the report runs from the first to the latest time.
    The producer identity and the extension definition never change (Unix epoch).

    Give ``previous`` (a bundle this function wrote before for the same dossier) to
    version against it: an object that did not change keeps its ``created`` and
    ``modified`` exactly, an object that changed (a corrected coordinate) keeps its
    ``created`` and gets a ``modified`` later than the old one, so that stores replace
    it (STIX versioning: the newest ``modified`` wins).

    Args:
        dossier: The dossier to export.
        previous: The bundle published before, if any.

    Returns:
        A JSON-compatible dict (``{"type": "bundle", ...}``).

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import to_stix
        >>> bundle = to_stix(kursk_dossier())
        >>> note = next(o for o in bundle["objects"] if o["type"] == "note")
        >>> note["abstract"], note["created"]
        ('control: RU recaptured Malaya Lokhnya', '2025-03-09T15:00:00.000000Z')
        >>> novenke = next(o for o in bundle["objects"] if o.get("name") == "Novenke")
        >>> novenke["city"], novenke["x_opencti_location_type"], novenke["region"]
        ('Novenke', 'City', 'eastern-europe')
    """
    spans = _spans(dossier)
    times = sorted({t for span in spans.values() for t in span})
    default = (times[0], times[0]) if times else _FIXED
    key = _dossier_key(dossier)
    report_kind = "reconciled-dossier" if dossier.assessments else "dossier"
    places = _place_types(dossier.locations)
    ctx = _Ctx(
        dossier,
        spans,
        default,
        _sid("report", report_kind, _report_name(dossier, key)),
        places,
        _place_names(dossier.locations, places),
    )
    objects: list[dict[str, Any]] = [_producer(), _extension_definition()]
    objects += [_source(ctx, s) for s in dossier.sources]
    objects += [_unit(ctx, u) for u in dossier.units]
    objects += [_person(ctx, p) for p in dossier.people]
    objects += [_location(ctx, loc) for loc in dossier.locations]
    for c in dossier.claims:
        objects += [*_geolocations(ctx, c), _note(ctx, c), *_sightings(ctx, c), *_commands(ctx, c)]
    for a in dossier.assessments:
        objects += _opinions(ctx, a)
    objects += _relationships(ctx)
    objects = _originals(ctx, objects)
    span = (times[0], times[-1]) if times else _FIXED
    objects.append(_report(dossier, ctx.report_id, span, [o["id"] for o in objects if o["id"] != EXTENSION_ID]))
    if previous is not None:
        objects = _versioned(objects, previous)
    return {"type": "bundle", "id": stix_id("bundle", "dossier", key), "objects": objects}


_WRITERS: dict[str, tuple[str, str, Callable[[_Ctx, Any], dict[str, Any]]]] = {
    "sources": ("identity", "source", lambda ctx, x: _source(ctx, x)),
    "units": ("identity", "unit", lambda ctx, x: _unit(ctx, x)),
    "people": ("identity", "person", lambda ctx, x: _person(ctx, x)),
    "locations": ("location", "location", lambda ctx, x: _location(ctx, x)),
    "claims": ("note", "claim", lambda ctx, x: _note(ctx, x)),
    "assessments": ("opinion", "assessment", lambda ctx, x: _opinions(ctx, x)[0]),
}
"""The STIX type, id kind and writer of the object of each collection that may have been
read from another tool's STIX object."""
_FIXED_PROPERTIES = ("type", "spec_version", "id", "created", "modified", "created_by_ref")


def _originals(ctx: _Ctx, objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``objects`` with each object read from another tool's STIX object (see
    :data:`_ORIGINAL_KEY`) written as that object when it is as read, and otherwise as a
    new version of it: the original with the properties whose value changed, ``created``
    and ``created_by_ref`` kept and ``modified`` later (what ``stix2.new_version``
    allows), the conflictmodels extension added."""
    replaced: dict[str, dict[str, Any]] = {}
    for collection, (stix_type, kind, write) in _WRITERS.items():
        for x in getattr(ctx.dossier, collection):
            recorded = x.extra.get(_ORIGINAL_KEY)
            if not isinstance(recorded, Mapping) or not isinstance(recorded.get("stix"), Mapping):
                continue
            original: dict[str, Any] = json.loads(json.dumps(recorded["stix"]))
            read = json.loads(json.dumps(recorded.get("read")))  # extra holds tuples: JSON again
            if original.get("id") != _sid(stix_type, kind, x.id) or original.get("type") != stix_type:
                continue
            if read == _as_read(x):
                replaced[original["id"]] = original
                continue
            try:
                then = from_dict(read, type(x), keep_unknown=True)
            except (ConflictModelsError, TypeError, ValueError):
                continue
            replaced[original["id"]] = _new_version(original, write(ctx, then), write(ctx, x))
    return [replaced.get(o["id"], o) for o in objects]


def _new_version(original: dict[str, Any], then: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, Any]:
    """A new version of ``original``: the properties :func:`to_stix` writes differently
    for the object now than for the object as read, the extension added, ``modified``
    later than the original's."""
    out = dict(original)
    for key in (set(then) | set(now)) - set(_FIXED_PROPERTIES):
        if key == "extensions":
            continue
        if key not in now:
            out.pop(key, None)
        elif _without_line(then.get(key)) != _without_line(now[key]):  # the line says what the extension says
            out[key] = now[key]
    theirs = original.get("extensions")
    out["extensions"] = {**(theirs if isinstance(theirs, Mapping) else {}), **now.get("extensions", {})}
    stamp, mine = original.get("modified"), _moment(now["modified"])
    before = _moment(stamp)
    newer = before is None or not isinstance(stamp, str) or (mine is not None and mine > before)
    out["modified"] = now["modified"] if newer else _later(str(stamp))
    return out


def _report_name(dossier: Dossier, key: str) -> str:
    # A titled dossier keeps its report id across versions; an untitled one is keyed by content.
    for k, v in dossier.extra.items():
        if k == _STIX_ID_KEY and isinstance(v, str) and _own_id("report", v):
            return v
    return dossier.title or key


def _versioned(objects: list[dict[str, Any]], previous: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``objects`` versioned against the objects of ``previous`` with the same ids."""
    old: dict[str, Mapping[str, Any]] = {}
    when: dict[str, datetime] = {}
    for o in _objects(previous):
        modified = _moment(o.get("modified"))
        if _moment(o.get("created")) is None or modified is None:
            continue  # not a version this library can build on
        if o["id"] not in old or modified > when[o["id"]]:
            old[o["id"]], when[o["id"]] = o, modified
    out = []
    for obj in objects:
        before = old.get(obj["id"])
        if before is None:
            out.append(obj)
            continue
        same = _without_times(before) == _without_times(obj)
        if same:
            obj = {**obj, "created": before["created"], "modified": before["modified"]}
        else:
            later = _later(before["modified"])
            mine = _moment(obj["modified"])
            newer = mine is not None and mine > when[obj["id"]] + timedelta(milliseconds=1)
            obj = {**obj, "created": before["created"], "modified": obj["modified"] if newer else later}
        if obj["type"] == "report" and obj.get("published"):
            obj["published"] = max(obj["published"], obj["created"], key=lambda t: _moment(t) or _FIRST)
        out.append(obj)
    return out


def _without_times(obj: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("created", "modified", "published")}


def _later(stamp: str) -> str:
    """A STIX timestamp one millisecond after ``stamp`` (STIX keeps milliseconds); ``stamp``
    is a valid one (:func:`_versioned` keeps no other)."""
    moment = _parse_ts(stamp, "modified")
    return _ts(min(moment + timedelta(milliseconds=1), _LAST))


_ParentLink = tuple[str, str, str, str, str, str, int, str, str | None]
"""kind, child id, parent id, child's STIX type, parent's STIX type, description, index,
relationship type, and the STIX id of the relationship when it was read from another
tool (kept in ``extra``: :data:`_PARENT_LINK_KEY`)."""

_PARENT_LINK_KEY = "x_stix_parent_relationship_id"
"""The key in a source's, place's or unit parent's ``extra`` of the STIX id of the
parent-link relationship it was read from, when that is not the id :func:`to_stix` would
give it: the relationship is written again under its own id."""


def _kept_link_id(extra: Mapping[str, Any]) -> str | None:
    value = extra.get(_PARENT_LINK_KEY)
    return value if isinstance(value, str) and _own_id("relationship", value) else None


def _parent_links(dossier: Dossier) -> list[_ParentLink]:
    """The parent links of sources, units and places, as :func:`_relationship` arguments.

    Places are ``located-at`` their parent place (the relationship OpenCTI accepts from a
    city to a region or country and between regions); sources and units are ``part-of``
    their parent (OpenCTI's relationship between organizations, and from individuals to
    organizations and individuals)."""
    out: list[_ParentLink] = [
        ("source", s.id, s.parent_id, "identity", "identity", "part of", 0, "part-of", _kept_link_id(s.extra))
        for s in dossier.sources
        if s.parent_id
    ]
    for u in dossier.units:
        out += [
            ("unit", u.id, p.unit_id, "identity", "identity", "subordinate to", j, "part-of", _kept_link_id(p.extra))
            for j, p in enumerate(u.parents)
        ]
    out += [
        ("location", loc.id, loc.parent_id, "location", "location", "within", 0, "located-at", _kept_link_id(loc.extra))
        for loc in dossier.locations
        if loc.parent_id is not None
    ]
    return out


_COLLECTION_OF_KIND = {"source": "sources", "unit": "units", "location": "locations", "person": "people"}


def _relationships(ctx: _Ctx) -> list[dict[str, Any]]:
    """The relationships of the parent links of sources, units and places."""
    return [_relationship(ctx, *link) for link in _parent_links(ctx.dossier)]


def _relationship_id(kind: str, child: str, parent: str, index: int, kept: str | None = None) -> str:
    # Keyed by the STIX ids of both ends, so that a link between objects read from
    # another tool (which keep their STIX ids) is written again under the same id; a
    # relationship read from another tool under another id keeps that one.
    if kept is not None:
        return kept
    stix_type = "location" if kind == "location" else "identity"
    ends = f"{_sid(stix_type, kind, child)}\n{_sid(stix_type, kind, parent)}"
    return stix_id("relationship", f"{kind}-parent", f"{ends}\n{index}")


def _dossier_key(dossier: Dossier) -> str:
    from ..serialization import dumps

    return str(uuid.uuid5(NAMESPACE, dumps(dossier)))


def _producer() -> dict[str, Any]:
    # The OASIS interoperability profile wants every object created by an identity that
    # has a creator itself: the producer is its own creator.
    return _base(
        "identity",
        PRODUCER_ID,
        _FIXED,
        created_by_ref=PRODUCER_ID,
        name="conflictmodels",
        identity_class="system",
        description="The conflictmodels Python library, which wrote this bundle.",
    )


def _extension_definition() -> dict[str, Any]:
    return _base(
        "extension-definition",
        EXTENSION_ID,
        _FIXED,
        created_by_ref=PRODUCER_ID,
        name="conflictmodels",
        description=(
            "The complete conflictmodels object behind each STIX object (claims with predicate, control "
            "change, estimate bounds, attribution chain, hedges and time precision; assessments with "
            "ICD 203 likelihood and confidence), under 'object', as conflictmodels JSON of the given "
            "schema_version."
        ),
        schema=_SCHEMA_URL,
        version=_EXTENSION_VERSION,
        extension_types=["property-extension"],
    )


def identity_class(source: Source) -> str:
    """The STIX ``identity_class`` of a source: ``group`` for a group of people or
    accounts, ``individual`` for a journalist, blogger or government official,
    ``unknown`` for a source of kind ``other``, ``organization`` for every other kind
    (ministries, armed forces, outlets, think tanks).

    Example:
        >>> from conflictmodels import Source, SourceKind
        >>> from conflictmodels.export.stix import identity_class
        >>> identity_class(Source(id="flesh", name="Serhii Flesh", kind=SourceKind.BLOGGER))
        'individual'
        >>> identity_class(Source(id="mil", name="Military bloggers", kind=SourceKind.BLOGGER, group=True))
        'group'
    """
    if source.group:
        return "group"
    if source.kind in _INDIVIDUAL_KINDS:
        return "individual"
    return "unknown" if source.kind is SourceKind.OTHER else "organization"


def _source(ctx: _Ctx, s: Source) -> dict[str, Any]:
    words = [s.kind.value.replace("_", " ")]
    if s.party:
        words.append(f"speaks for {s.party}")
    if s.reliability:
        words.append(f"Admiralty reliability {s.reliability.value} ({s.reliability.label})")
    return _base(
        "identity",
        _sid("identity", "source", s.id),
        ctx.span("sources", s.id),
        created_by_ref=PRODUCER_ID,
        name=s.name,
        description=_with_line("; ".join(words), "Source", s),
        identity_class=identity_class(s),
        sectors=_SECTORS.get(s.kind),
        contact_information=s.url,
        extensions=_extension("Source", s),
    )


def _unit(ctx: _Ctx, u: Unit) -> dict[str, Any]:
    words = [w for w in (u.party, u.branch and u.branch.value, u.echelon and u.echelon.value) if w]
    return _base(
        "identity",
        _sid("identity", "unit", u.id),
        ctx.span("units", u.id),
        created_by_ref=PRODUCER_ID,
        name=u.name,
        description=_with_line("military unit" + (f": {' '.join(words)}" if words else ""), "Unit", u),
        identity_class="organization",
        sectors=["defense"],
        labels=[_UNIT_LABEL],
        extensions=_extension("Unit", u),
    )


_PERSON_LABEL = "person"
"""The label of a person's ``identity`` (so a bundle without the extension still says
which individuals are people rather than sources)."""


def _person(ctx: _Ctx, p: Person) -> dict[str, Any]:
    """A person as an ``identity`` of class ``individual``, the titles of its roles in
    ``roles``, its aliases where OpenCTI reads them."""
    words = ["person"] + ([f"of {p.party}"] if p.party else [])
    for role in p.roles:
        at = role.organisation if role.unit_id is None else _unit_name(ctx.dossier, role.unit_id)
        words.append(f"; {role.title}" + (f" of {at}" if at else ""))
    return _base(
        "identity",
        _sid("identity", "person", p.id),
        ctx.span("people", p.id),
        created_by_ref=PRODUCER_ID,
        name=p.name,
        description=_with_line(" ".join(words).replace(" ;", ";"), "Person", p),
        identity_class="individual",
        roles=_unique(r.title for r in p.roles),
        labels=[_PERSON_LABEL],
        x_opencti_aliases=list(p.aliases),
        extensions=_extension("Person", p),
    )


def _unit_name(dossier: Dossier, unit_id: str) -> str:
    return next((u.name for u in dossier.units if u.id == unit_id), unit_id)


def _place_types(locations: Iterable[Location]) -> dict[str, str]:
    """OpenCTI's entity type (``x_opencti_location_type``) of each place, chosen so that
    its parent link is one OpenCTI accepts wherever its kind allows.

    A settlement is a City, a district an Administrative-Area, a country a Country; a
    region (an oblast, a province) inside a country (it has a country or ISO 3166-2 code,
    or a country among its parents) is an Administrative-Area, which OpenCTI places in a
    country, and otherwise a Region (a part of the world). Any other place with a point
    is a Position; without one, a Region at the top or in a Region, an
    Administrative-Area in a Country, and a Position (without coordinates) in a smaller
    place."""
    by_id = {loc.id: loc for loc in locations}
    out: dict[str, str] = {}
    inside: dict[str, bool] = {}  # whether a place is in a country (or is one)
    for loc in by_id.values():
        chain: list[Location] = []
        at: Location | None = loc
        while at is not None and at.id not in out and at not in chain:
            chain.append(at)
            at = by_id.get(at.parent_id) if at.parent_id is not None else None
        for item in reversed(chain):
            parent = item.parent_id if item.parent_id in out else None
            inside[item.id] = bool(
                item.kind is LocationKind.COUNTRY or item.country or item.region or (parent and inside[parent])
            )
            out[item.id] = _place_type(item, None if parent is None else out[parent], inside[item.id])
    return out


def _place_type(loc: Location, parent: str | None, in_country: bool) -> str:
    fixed = _OPENCTI_LOCATION_TYPE.get(loc.kind)
    if loc.kind is LocationKind.REGION:
        return "Administrative-Area" if in_country else "Region"
    if fixed is not None:
        return fixed
    if loc.point is not None:
        return "Position"
    return {None: "Region", "Region": "Region", "Country": "Administrative-Area"}.get(parent, "Position")


def _opencti_key(name: str, kind: str, point: Point | None) -> tuple[str, ...]:
    """What OpenCTI's standard id of a location is made of (pycti ``Location.generate_id``,
    which mirrors the platform): the coordinates of a Position that has them, else the
    name, lower-cased and stripped, and the type."""
    if kind == "Position" and point is not None:
        return (kind, str(float(point.lat)), str(float(point.lon)))
    return (kind, name.lower().strip()) if kind != "Position" else (kind, "name", name.lower().strip())


def _place_names(locations: tuple[Location, ...], types: Mapping[str, str]) -> dict[str, str]:
    """The STIX name of each place whose own name OpenCTI would merge with another's (two
    villages called Novenke are one City there, its id being made of name and type): the
    name with its parent's name (``Novenke (Sumy Oblast)``), or its ISO code, or its id,
    whichever first tells them apart. The plain name leads the description and is the
    ``city``, so an import reads it back."""
    by_id = {loc.id: loc for loc in locations}
    groups: dict[tuple[str, ...], list[Location]] = {}
    for loc in locations:
        groups.setdefault(_opencti_key(loc.name, types[loc.id], loc.point), []).append(loc)
    taken = set(groups)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        for how in (
            lambda x: by_id[x.parent_id].name if x.parent_id in by_id else None,
            lambda x: x.region or x.country,
            lambda x: x.id,
        ):
            names = [how(x) for x in group]
            if None not in names and len(set(names)) == len(names):
                break
        for loc, qualifier in zip(group, names, strict=True):
            name = f"{loc.name} ({qualifier})"
            if _opencti_key(name, types[loc.id], loc.point) in taken:
                name = f"{loc.name} ({loc.id})"
            taken.add(_opencti_key(name, types[loc.id], loc.point))
            out[loc.id] = name
    return out


def _place_description(loc: Location) -> str:
    """``<name> (<kind>[, <ISO code>])[; also <aliases>]``: the name leads, since MISP keeps
    a place with coordinates as a geolocation object whose attributes are the
    description, city and codes only; the kind and code let an import without the
    extension (MISP's or OpenCTI's export) read the place back (:func:`_described_place`)."""
    code = loc.region or loc.country
    description = f"{loc.name} ({loc.kind.value.replace('_', ' ')}{f', {code}' if code else ''})"
    if loc.aliases:
        description += f"; also {', '.join(loc.aliases)}"
    return description


_PLACE_TAIL = re.compile(
    r"\((?P<kind>" + "|".join(k.value.replace("_", " ") for k in LocationKind) + r")"
    r"(?:, (?P<code>[A-Z]{2}(?:-[A-Z0-9]{1,3})?))?\)(?:; also (?P<aliases>.+))?",
    re.DOTALL,
)


def _described_place(obj: Mapping[str, Any]) -> tuple[str, LocationKind, str | None] | None:
    """The plain name, kind and ISO code that :func:`_place_description` wrote into a
    location's description, if it is one of those and agrees with the location's name
    (the plain name, or it followed by a qualifier in parentheses), or the location has
    no name; a name may hold parentheses of its own, so each `` (`` is tried."""
    text, name = _without_line(obj.get("description")), obj.get("name")
    if not isinstance(text, str):
        return None
    at = text.find(" (")
    while at > 0:
        head, tail = text[:at], _PLACE_TAIL.fullmatch(text, at + 1)
        # Without a name (MISP's export of a place keeps only the description) the
        # description says it alone.
        if tail is not None and (not isinstance(name, str) or head == name or name.startswith(head + " (")):
            return head, LocationKind(tail["kind"].replace(" ", "_")), tail["code"]
        at = text.find(" (", at + 1)
    return None


def _location(ctx: _Ctx, loc: Location) -> dict[str, Any]:
    point = loc.point
    country = loc.country or (loc.region[:2] if loc.region else None)
    kind = ctx.places[loc.id]
    description = _with_line(_place_description(loc), "Location", loc)
    return _base(
        "location",
        _sid("location", "location", loc.id),
        ctx.span("locations", loc.id),
        created_by_ref=PRODUCER_ID,
        name=ctx.names.get(loc.id, loc.name),
        description=description,
        latitude=None if point is None else float(point.lat),
        longitude=None if point is None else float(point.lon),
        precision=None if point is None or point.precision_m is None else float(point.precision_m),
        # The UN M49 sub-region (STIX region-ov) the interoperability profile requires;
        # a place with no country is in an 'unknown' one.
        region=_REGION_OF_COUNTRY.get(country, "unknown") if country else "unknown",
        country=country,
        administrative_area=loc.region,
        city=loc.name if loc.kind is LocationKind.SETTLEMENT else None,
        x_opencti_location_type=kind,
        extensions=_extension("Location", loc),
    )


_STIX_OF_COLLECTION = {
    "sources": ("identity", "source"),
    "locations": ("location", "location"),
    "units": ("identity", "unit"),
    "people": ("identity", "person"),
    "claims": ("note", "claim"),
}
"""The STIX object each dossier collection becomes, as ``stix_id`` arguments."""


def _object_refs(obj: Any, only: Iterable[str] | None = None) -> list[str]:
    """The STIX ids of everything ``obj`` refers to (from the reference declarations),
    cited claims first; with ``only``, of those claims and no other claim."""
    keep = None if only is None else set(only)
    found = sorted(references(obj), key=lambda ref: ref[0] != "claims")
    return _unique(
        _sid(*_STIX_OF_COLLECTION[collection], ref)
        for collection, _, ref in found
        if collection in _STIX_OF_COLLECTION and (collection != "claims" or keep is None or ref in keep)
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _summary(dossier: Dossier, claim: Claim) -> str:
    """The note's abstract: the statement in words, with the people and the event it names."""
    st = claim.statement
    if st.predicate is Predicate.CUSTOM and st.custom_predicate == "stix-note" and st.description:
        return st.description  # a note read from another tool is written with its own abstract again
    words = [statement_text(dossier, st)]
    if st.person_ids:
        words.append("person: " + ", ".join(_person_name(dossier, p) for p in st.person_ids))
    event = st.event
    if event is not None:
        kind = event.event_type.label + (f" / {event.sub_event_type.label}" if event.sub_event_type else "")
        deaths = [f"{f.group.value.replace('_', ' ')} {_estimate_text(f.count)}" for f in event.fatalities]
        words.append(kind + (f", deaths: {', '.join(deaths)}" if deaths else ""))
    return "; ".join(words)


def _statement_words(dossier: Dossier, st: Statement) -> str:
    """A statement in words; a note read from another tool is written with its own abstract again."""
    if st.predicate is Predicate.CUSTOM and st.custom_predicate == "stix-note" and st.description:
        return st.description
    return statement_text(dossier, st)


def _person_name(dossier: Dossier, person_id: str) -> str:
    return next((p.name for p in dossier.people if p.id == person_id), person_id)


def _estimate_text(e: Any) -> str:
    return "-".join("?" if v is None else f"{v:g}" for v in (e.low, e.best, e.high))


_DOCUMENT, _ARCHIVE, _MEDIA = "source document", "archived copy", "media: "
"""The ``source_name`` of the external references that hold a claim's evidence: the
source document, its archived copy, and each media item (``media: video``)."""
_METHOD = "{} method"
"""The ``source_name`` of the link to a geolocation's or chronolocation's method."""
_EVIDENCE_NAMES = frozenset(
    {_DOCUMENT, _ARCHIVE, _METHOD.format("geolocation"), _METHOD.format("chronolocation")}
    | {_MEDIA + k.value for k in MediaKind}
)


def _hashes(sha256: str | None) -> dict[str, Any]:
    return {} if sha256 is None else {"hashes": {"SHA-256": sha256}}


def _evidence_references(evidence: Evidence | None) -> list[dict[str, Any]]:
    """A claim's evidence as STIX external references: the source document (its hash in
    ``hashes``, the retrieval time in the description), its archived copy, each media
    item (its caption as the description) and the links to the geolocation's and
    chronolocation's methods."""
    if evidence is None:
        return []
    out: list[dict[str, Any]] = []
    doc = evidence.document
    if doc is not None:
        retrieved = "" if doc.retrieved_at is None else f", retrieved {_ts(doc.retrieved_at)}"
        out.append({"source_name": _DOCUMENT, "url": doc.url, **_hashes(doc.sha256),
                    "description": f"The document the claim was read from{retrieved}"})  # fmt: skip
        if doc.archive_url is not None:
            out.append({"source_name": _ARCHIVE, "url": doc.archive_url, "description": f"Archived copy of {doc.url}"})
    for m in evidence.media:
        url = {} if m.url is None else {"url": m.url}
        out.append(
            {"source_name": _MEDIA + m.kind.value, **url, **_hashes(m.sha256), "description": m.caption or m.kind.value}
        )
    for name, record in (("geolocation", evidence.geolocation), ("chronolocation", evidence.chronolocation)):
        if record is not None and record.method_url is not None:
            out.append({"source_name": _METHOD.format(name), "url": record.method_url,
                        "description": f"How the {name} was made"})  # fmt: skip
    return out


def _event_properties(st: Statement) -> dict[str, Any]:
    """An event's ACLED type and sub-event type (their codebook labels) and its deaths by
    group (low, best, high) as ``x_conflictmodels_`` properties of its note."""
    event = st.event
    if event is None:
        return {}
    deaths = {
        f.group.value: {
            k: v for k, v in (("low", f.count.low), ("best", f.count.best), ("high", f.count.high)) if v is not None
        }
        for f in event.fatalities
    }
    return {
        "x_conflictmodels_event_type": event.event_type.label,
        "x_conflictmodels_sub_event_type": None if event.sub_event_type is None else event.sub_event_type.label,
        "x_conflictmodels_fatalities": deaths or None,
    }


def _note(ctx: _Ctx, claim: Claim) -> dict[str, Any]:
    dossier = ctx.dossier
    summary = _summary(dossier, claim)
    source = dossier.source(claim.source_id)
    chain = chain_text(dossier, claim.attribution)
    refs = _object_refs(claim) + ([_geolocation_id(claim)] if _geolocated_point(claim) is not None else [])
    source_ref = _sid("identity", "source", claim.source_id)
    return _base(
        "note",
        _sid("note", "claim", claim.id),
        ctx.span("claims", claim.id),
        # The note is the producer's record of the claim: its source is named by
        # 'authors' and referenced first (MISP's converter keeps an identity only if it
        # created nothing, and attaches the note to what it references).
        created_by_ref=PRODUCER_ID,
        abstract=summary,
        content=_with_line(claim.quote or (f"{summary} (via {chain})" if chain else summary), "Claim", claim),
        authors=[source.name],
        object_refs=[source_ref, *(r for r in refs if r != source_ref)],
        confidence=None if claim.credibility is None else credibility_to_confidence(claim.credibility),
        # The primary subtag only: STIX tools check lang against a fixed list of codes.
        lang=None if claim.language is None else claim.language.split("-")[0],
        external_references=[
            *([{"source_name": source.name, "url": claim.url}] if claim.url else []),
            *_evidence_references(claim.evidence),
        ],
        **_event_properties(claim.statement),
        extensions=_extension("Claim", claim),
    )


def _geolocated_point(claim: Claim) -> Geolocation | None:
    """The claim's geolocation when it has a point (an area is the place it names)."""
    g = None if claim.evidence is None else claim.evidence.geolocation
    return g if g is not None and g.point is not None else None


def _geolocation_id(claim: Claim) -> str:
    return _derived_id(claim, "location", "geolocation", None)


_DERIVED_KEY = "x_stix_derived_ids"
"""The key in a claim's ``extra`` of the STIX ids of the objects derived from it (its
sightings, commands relationships and geolocated point) that were read from another
tool under other ids than :func:`to_stix` would give them: ``{"presence:<unit id>": id,
"commands:<person id>\\n<unit id>": id, "geolocation": id}``."""


def _derived_id(claim: Claim, stix_type: str, kind: str, key: str | None) -> str:
    """The STIX id of an object derived from ``claim``: the one it was read under, if
    recorded, else :func:`stix_id` of the claim id (and ``key``)."""
    recorded = claim.extra.get(_DERIVED_KEY)
    name = kind if key is None else f"{kind}:{key}"
    kept = recorded.get(name) if isinstance(recorded, Mapping) else None
    if isinstance(kept, str) and _own_id(stix_type, kept):
        return kept
    return stix_id(stix_type, kind, claim.id if key is None else f"{claim.id}\n{key}")


_GEOLOCATION_LABEL = "geolocation"
"""The label of the ``location`` of a geolocated point (so that a bundle without the
extension still says which locations are geolocations rather than places)."""


def _geolocations(ctx: _Ctx, claim: Claim) -> list[dict[str, Any]]:
    """The point a claim's media were geolocated at, as a ``location`` its note references
    (a position for OpenCTI, a geolocation object for MISP), with who geolocated it and
    whether it is verified in ``x_conflictmodels_`` properties and in words."""
    g = _geolocated_point(claim)
    if g is None or g.point is None:
        return []
    by = None if g.by is None else ctx.dossier.source(g.by)
    words = [f"Geolocation of the media of claim {claim.id}: {g.status.value}"]
    if by is not None:
        words.append(f"by {by.name}")
    if g.at is not None:
        words.append(f"on {_ts(g.at)}")
    places = [ctx.dossier.location(i) for i in claim.statement.location_ids]
    country = next((loc.country or (loc.region[:2] if loc.region else None) for loc in places), None)
    radius = g.radius_m if g.radius_m is not None else g.point.precision_m
    return [
        _base(
            "location",
            _geolocation_id(claim),
            ctx.span("claims", claim.id),
            created_by_ref=PRODUCER_ID,
            name=f"Geolocation of claim {claim.id}",
            description=" ".join(words),
            latitude=float(g.point.lat),
            longitude=float(g.point.lon),
            precision=None if radius is None else float(radius),
            region=_REGION_OF_COUNTRY.get(country, "unknown") if country else "unknown",
            country=country,
            labels=[_GEOLOCATION_LABEL],
            x_opencti_location_type="Position",
            x_conflictmodels_verification=g.status.value,
            x_conflictmodels_geolocated_by_ref=None if g.by is None else _sid("identity", "source", g.by),
        )
    ]


def _presence_units(claim: Claim) -> list[tuple[str, str]]:
    """The sighting id and unit of each unit a presence claim says was seen (a fact, not
    negated)."""
    st = claim.statement
    if st.predicate is not Predicate.PRESENCE or st.negated or not st.modality.is_fact:
        return []
    return [(_derived_id(claim, "sighting", "presence", u), u) for u in st.unit_ids]


def _seen(when: TimeSpan | None) -> dict[str, str]:
    """``first_seen`` and ``last_seen`` of a claim's event time."""
    if when is None:
        return {}
    out = {} if when.start is None else {"first_seen": _ts(when.start)}
    return out if when.end is None else {**out, "last_seen": _ts(when.end)}


def _sightings(ctx: _Ctx, claim: Claim) -> list[dict[str, Any]]:
    """A presence claim as one ``sighting`` per unit: the unit's identity seen at the
    claim's places by its source (``where_sighted_refs``: the places, then the source),
    first and last seen at the start and end of its event time. ``count`` is left out: a
    claim is one report, not a count of sightings."""
    units = _presence_units(claim)
    if not units:
        return []
    source = ctx.dossier.source(claim.source_id)
    where = [
        *(_sid("location", "location", i) for i in claim.statement.location_ids),
        _sid("identity", "source", source.id),
    ]
    return [
        _base(
            "sighting",
            sid,
            ctx.span("claims", claim.id),
            created_by_ref=PRODUCER_ID,
            description=f"{_summary(ctx.dossier, claim)} (reported by {source.name})",
            sighting_of_ref=_sid("identity", "unit", unit),
            where_sighted_refs=_unique(where),
            confidence=None if claim.credibility is None else credibility_to_confidence(claim.credibility),
            x_conflictmodels_claim_ref=_sid("note", "claim", claim.id),
            **_seen(claim.when),
        )
        for sid, unit in units
    ]


def _commanded(claim: Claim) -> list[tuple[str, str, str]]:
    """The relationship id, person and unit of each command a commands claim states."""
    st = claim.statement
    if st.predicate is not Predicate.COMMANDS or st.negated or not st.modality.is_fact:
        return []
    return [
        (_derived_id(claim, "relationship", "commands", f"{p}\n{u}"), p, u) for p in st.person_ids for u in st.unit_ids
    ]


def _commands(ctx: _Ctx, claim: Claim) -> list[dict[str, Any]]:
    """A commands claim as a ``part-of`` relationship from the person to the unit (the
    relationship OpenCTI accepts from an individual to an organization), described as
    ``commands``, from ``start_time`` to ``stop_time`` (the claim's event time)."""
    found = _commanded(claim)
    if not found:
        return []
    source = ctx.dossier.source(claim.source_id)
    when = claim.when
    start = None if when is None else when.start
    stop = None if when is None or when.end is None or (start is not None and when.end <= start) else when.end
    return [
        _base(
            "relationship",
            rid,
            ctx.span("claims", claim.id),
            created_by_ref=PRODUCER_ID,
            relationship_type="part-of",
            description=f"commands (reported by {source.name})",
            source_ref=_sid("identity", "person", person),
            target_ref=_sid("identity", "unit", unit),
            start_time=None if start is None else _ts(start),
            stop_time=None if stop is None else _ts(stop),
            confidence=None if claim.credibility is None else credibility_to_confidence(claim.credibility),
            x_conflictmodels_claim_ref=_sid("note", "claim", claim.id),
        )
        for rid, person, unit in found
    ]


def _opinions(ctx: _Ctx, a: Assessment) -> list[dict[str, Any]]:
    """The opinions of an assessment: one about the claims that support it (the value of
    its likelihood, else of its status), one about those that contradict it (the
    opposite value) and one about the related ones (``neutral``). Each references those
    claims' notes and nothing else. The first of them carries the assessment (its
    extension, under the assessment's own opinion id); an assessment that cites no claim
    is a note about the report, and an ``attributed`` one a note about its claims."""
    if a.status is _ATTRIBUTED:  # recorded as its sources said it: an opinion object would say the producer agrees
        return [_attributed_note(ctx, a)]
    stances = [(stance, claims, value, words) for stance, claims, value, words in _stances(a) if claims]
    if not stances:
        return [_attributed_note(ctx, a)]
    dossier = ctx.dossier
    head = [f"{a.status.value}: {statement_text(dossier, a.statement)}"]
    if a.likelihood is not None:
        head.append(f"likelihood: {a.likelihood.label}")
    head += list(a.rationale)
    span = ctx.span("assessments", a.id)
    common = {
        "created_by_ref": PRODUCER_ID,
        "authors": [a.assessed_by],
        "confidence": None if a.confidence is None else _CONFIDENCE_TO_STIX[a.confidence],
    }
    what = statement_text(dossier, a.statement)
    out = []
    for k, (stance, claims, value, words) in enumerate(stances):
        text = [] if words is None else [f"These claims {words} the assessment '{a.status.value}: {what}' ({a.id})."]
        carried = k == 0
        out.append(
            _base(
                "opinion",
                _sid("opinion", "assessment", a.id) if carried else stix_id("opinion", f"assessment-{stance}", a.id),
                span,
                opinion=value,
                explanation="\n".join([*head, *text] if carried else text),
                object_refs=_unique(_sid("note", "claim", c) for c in claims),
                extensions=_extension("Assessment", a) if carried else None,
                **common,
            )
        )
    return [*out, _judgment_note(ctx, a, [o["id"] for o in out])]


_JUDGMENT_OF = "x_conflictmodels_judgment_of_refs"
"""The property of an assessment's judgment note (:func:`_judgment_note`) that lists the
opinions it restates: an import reads the opinions and skips the note when they are in
the bundle (MISP keeps the note and drops the opinions and the property)."""
_JUDGMENT_WORDS = (
    ("supporting", "Supported by"),
    ("contradicting", "Contradicted by"),
    ("related", "Related, neither for nor against"),
)


_JUDGMENT_KEY = "x_stix_judgment_id"
"""The key in an assessment's ``extra`` of the STIX id of its judgment note, when it was
read from a bundle under another id than :func:`to_stix` would give it."""


def _judgment_id(a: Assessment) -> str:
    kept = a.extra.get(_JUDGMENT_KEY)
    return kept if isinstance(kept, str) and _own_id("note", kept) else stix_id("note", "assessment-judgment", a.id)


def _judgment_note(ctx: _Ctx, a: Assessment, opinions: list[str]) -> dict[str, Any]:
    """An assessment written as opinions, restated as a ``note`` about the report: an
    analyst's comment on the dossier, in words, naming the claims for and against it
    (by source, with their ids in parentheses). MISP keeps it as a note on the event,
    under its own id (it drops opinions about claims: it attaches opinions to
    attributes, objects and the event only)."""
    dossier = ctx.dossier
    what = _statement_words(dossier, a.statement)
    likely = "" if a.likelihood is None else f" ({a.likelihood.label})"
    abstract = f"{a.assessed_by} assesses '{what}' as {a.status.value}{likely}"
    lines = [f"{abstract} (assessment {a.id})."]
    for stance, words in _JUDGMENT_WORDS:
        claims = [dossier.claim(c) for c in getattr(a, stance)]
        if claims:
            named = (f"{_summary(dossier, c)}, reported by {dossier.source(c.source_id).name} ({c.id})" for c in claims)
            lines.append(f"{words}: " + "; ".join(named) + ".")
    return _base(
        "note",
        _judgment_id(a),
        ctx.span("assessments", a.id),
        created_by_ref=PRODUCER_ID,
        authors=[a.assessed_by],
        abstract=abstract,
        content=_with_line("\n".join([*lines, *a.rationale]), "Assessment", a),
        object_refs=[ctx.report_id],
        confidence=None if a.confidence is None else _CONFIDENCE_TO_STIX[a.confidence],
        **{_JUDGMENT_OF: opinions},
    )


def _opinion_value(a: Assessment) -> str:
    """The STIX opinion value of an assessment: of its likelihood, else of its status."""
    return _LIKELIHOOD_TO_OPINION[a.likelihood] if a.likelihood else _STATUS_TO_OPINION[a.status]


_CONTRADICT, _RELATED = "contradict", "are related to, neither for nor against,"
"""The words of the explanations of the opinions about contradicting and related claims
(``These claims contradict the assessment ...``), by which an import without the
extension tells them apart."""


def _stances(a: Assessment) -> list[tuple[str, tuple[str, ...], str, str | None]]:
    """The claims of an assessment by stance, with the opinion value about them and the
    words that say how they stand (none for the supporting ones)."""
    value = _opinion_value(a)
    return [
        ("supporting", a.supporting, value, None),
        ("contradicting", a.contradicting, _OPPOSITE[value], _CONTRADICT),
        ("related", a.related, "neutral", _RELATED),
    ]


_ATTRIBUTED = AssessmentStatus.ATTRIBUTED


def _attributed_note(ctx: _Ctx, a: Assessment) -> dict[str, Any]:
    """An ``attributed`` assessment (an opinion, judgment or forecast recorded as its
    sources said it) as a ``note`` citing those claims: a STIX ``opinion`` would state
    the producer's own agreement, which an attributed view is not. An assessment that
    cites no claim is a note too (an opinion would have nothing to be about)."""
    summary = f"{a.status.value} {a.statement.modality.value}: {statement_text(ctx.dossier, a.statement)}"
    return _base(
        "note",
        _sid("note", "assessment", a.id),
        ctx.span("assessments", a.id),
        created_by_ref=PRODUCER_ID,
        authors=[a.assessed_by],
        abstract=summary,
        content=_with_line("\n".join((summary, *a.rationale)), "Assessment", a),
        # A note about the report too: MISP attaches a note to objects and events only
        # (one about notes alone would be dropped), and a note, unlike an opinion, says
        # nothing of agreement with what it references.
        object_refs=[*_unique(_sid("note", "claim", c) for c in a.claim_ids), ctx.report_id],
        extensions=_extension("Assessment", a),
    )


def _relationship(
    ctx: _Ctx,
    kind: str,
    child: str,
    parent: str,
    child_type: str,
    parent_type: str,
    how: str,
    index: int,
    relationship_type: str,
    kept: str | None,
) -> dict[str, Any]:
    # A pair OpenCTI refuses as located-at or part-of (a region in a region of one
    # country, an outlet's desk under a journalist) is written 'related-to', which it
    # accepts between any two entities, with the description that says it is a parent
    # link (read back as one: _LEGACY_HIERARCHY).
    pair = (_opencti_type(ctx, kind, child), _opencti_type(ctx, kind, parent))
    if pair not in _OPENCTI_ACCEPTS[relationship_type]:
        relationship_type = "related-to"
    return _base(
        "relationship",
        _relationship_id(kind, child, parent, index, kept),
        ctx.span(_COLLECTION_OF_KIND[kind], child),
        created_by_ref=PRODUCER_ID,
        relationship_type=relationship_type,
        description=how,
        source_ref=_sid(child_type, kind, child),
        target_ref=_sid(parent_type, kind, parent),
    )


_OPENCTI_IDENTITY_TYPE = {"individual": "Individual", "class": "Sector", "system": "System"}
"""OpenCTI's entity type of an identity by ``identity_class`` (pycti
``Identity.import_from_stix2``; any other class is an Organization)."""


def _opencti_type(ctx: _Ctx, kind: str, id: str) -> str:
    """OpenCTI's entity type of a place, source or unit of the dossier."""
    if kind == "location":
        return ctx.places.get(id, "Region")
    if kind == "source":
        source = next((s for s in ctx.dossier.sources if s.id == id), None)
        return "Organization" if source is None else _OPENCTI_IDENTITY_TYPE.get(identity_class(source), "Organization")
    return "Organization"


_UNTITLED = "conflictmodels dossier"
"""The name of the report of an untitled dossier."""


def _galaxy_place(loc: Location) -> bool:
    """Whether MISP keeps a place as a galaxy cluster, not an object: without coordinates
    and not a settlement (the ``location`` has no ``latitude``, ``longitude`` or ``city``).
    Imported with galaxies as tags, the cluster is a tag, its description lost: such
    places are also carried in lines at the end of the report's description, which MISP
    keeps as an event report."""
    return loc.point is None and loc.kind is not LocationKind.SETTLEMENT


def _report(dossier: Dossier, sid: str, span: _Span, refs: list[str]) -> dict[str, Any]:
    # The dossier without the objects written on their own (the rest, people among them,
    # is carried here); not an evolved dossier, whose other references would dangle.
    body = {k: v for k, v in to_dict(dossier).items() if k not in _COLLECTIONS}
    version = body.pop("schema_version")
    reconciled = bool(dossier.assessments)
    report = _base(
        "report",
        sid,
        span,
        created_by_ref=PRODUCER_ID,
        name=dossier.title or _UNTITLED,
        description=_with_lines(
            "A conflictmodels dossier, reconciled: sources, places, units, claims and the assessments drawn from them."
            if reconciled
            else "A conflictmodels dossier: sources, places, units and claims.",
            (("Location", loc) for loc in dossier.locations if _galaxy_place(loc)),
        ),
        # The generic type of STIX's report-type-ov (the others name one kind of threat object).
        report_types=["threat-report"],
        published=span[1],
        object_refs=refs,
    )
    report["extensions"] = {
        EXTENSION_ID: {
            "extension_type": "property-extension",
            "model": "Dossier",
            "schema_version": version,
            "object": body,
        }
    }
    return report


# ---------------------------------------------------------------------------- import

_KINDS = {
    "Source": "sources",
    "Location": "locations",
    "Unit": "units",
    "Person": "people",
    "Claim": "claims",
    "Assessment": "assessments",
}
_COLLECTIONS = tuple(_KINDS.values())
_REGION_RE, _LANG_RE, _URL_RE = REGION.regex, LANGUAGE.regex, URL.regex
_UNKNOWN_SOURCE = Source(id="unknown-source", name="Unknown source (imported from STIX)")


class StixWarning(str):
    """One warning of :func:`from_stix_with_warnings`: its text, and what it is about.

    The text starts with the JSON path of the first object concerned
    (``$.objects[7]: skipped indicator indicator--...: no conflictmodels equivalent``);
    a warning about several objects gives their count by STIX type and the first few
    (every id and path is in ``ids`` and ``paths``).

    Attributes:
        kind: What happened to the objects, one of :data:`WARNING_KINDS`.
        ids: The STIX ids of the objects, in bundle order.
        paths: Their JSON paths (``$.objects[INDEX]``), in the same order.

    Example:
        >>> from conflictmodels.export.stix import from_stix_with_warnings
        >>> bundle = {"type": "bundle", "id": "bundle--1",
        ...           "objects": [{"type": "indicator", "id": "indicator--1", "spec_version": "2.1"}]}
        >>> _, warnings = from_stix_with_warnings(bundle)
        >>> isinstance(warnings[0], str), warnings[0].paths
        (True, ('$.objects[0]',))
    """

    kind: str
    ids: tuple[str, ...]
    paths: tuple[str, ...]

    def __new__(cls, text: str, *, kind: str, ids: Iterable[str], paths: Iterable[str]) -> StixWarning:
        self = super().__new__(cls, text)
        self.kind, self.ids, self.paths = kind, tuple(ids), tuple(paths)
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle
        return (str(self),), {"kind": self.kind, "ids": self.ids, "paths": self.paths}


WARNING_KINDS: dict[str, tuple[str, str]] = {
    "no-equivalent": ("skipped", "no conflictmodels equivalent"),
    "unreadable": ("skipped", "could not be read"),
    "unknown-model": ("skipped", "its conflictmodels extension holds a model this version does not know"),
    "id-taken": ("skipped", "its id is already the id of an object carried in the bundle"),
    "second-report": ("skipped", "another dossier report (one dossier is read: the newest)"),
    "superseded": ("replaced", "an older version of an object given again (the newest 'modified' is read)"),
    "conflict": ("replaced", "another version with the same 'modified' and different content"),
    "edited": ("compared", "its STIX properties differ from its conflictmodels extension (edited in another tool)"),
    "not-a-source": (
        "skipped",
        "a sector, the target of an attack or an actor something is attributed to, not a source",
    ),
    "unresolved": ("skipped", "a parent link whose ends are not both sources, units or places read from the bundle"),
    "from-text": (
        "read",
        "its conflictmodels object from the line its text ends with (no version of it carries the extension, "
        "which another tool dropped)",
    ),
    "bare": (
        "skipped",
        "a version without the conflictmodels object that other versions of it carry in their text (as MISP "
        "writes the identity of whoever made a sighting)",
    ),
    "copy": ("skipped", "another tool's copy of an object the dossier writes again under its own id"),
    "bad-line": (
        "read as another tool's",
        "the conflictmodels line its text ends with cannot be read as its own (it is not one, names another "
        "object, or its object is invalid or refers to what the bundle does not hold)",
    ),
    "bad-timestamp": (
        "read",
        "its 'modified' is not a STIX timestamp (RFC 3339 in UTC, ending in Z), so it counts as the oldest version",
    ),
}
"""Each kind of :class:`StixWarning`, with the verb and the reason its text uses."""


@attrs.frozen
class _Notice:
    kind: str
    index: int
    obj: Mapping[str, Any]
    detail: str | None = None
    bundle_id: str | None = None  # the object's id in the bundle, when read under the id OpenCTI kept

    @property
    def path(self) -> str:
        return f"$.objects[{self.index}]"

    @property
    def id(self) -> str:
        return self.bundle_id or str(self.obj["id"])

    def describe(self) -> str:
        kept = f" (read as {self.obj['id']}, the id it was first written under)" if self.bundle_id else ""
        return f"{self.obj['type']} {self.id}{kept}"


@attrs.frozen
class _Carried:
    """A well-formed conflictmodels extension of the STIX object at ``index``."""

    index: int
    sid: str
    path: str  # of the extension: $.objects[7].extensions.<id>
    model: str
    version: int
    payload: dict[str, Any]
    text: bool = False  # read from the line of a text property (:data:`_LINE`), not from the extension
    block: bool = False  # one of the places in the lines of the report's description (:func:`_place_lines`)
    bound: bool = True  # a line under the STIX id to_stix gives its object (:func:`_is_own`)


@attrs.frozen
class _Entry:
    """An object that may be read: carried (``carried`` set) or foreign."""

    index: int
    obj: Mapping[str, Any]
    carried: _Carried | None
    repeats: tuple[_Entry, ...] = ()  # the exact repeats of this one that are not read
    first: int = attrs.field()  # the place of the first version of this object

    @first.default
    def _first(self) -> int:
        return self.index

    def notices(self, kind: str, detail: str | None = None) -> list[_Notice]:
        """The notices of skipping this entry and its exact repeats."""
        return [_Notice(kind, e.index, e.obj, detail) for e in (self, *self.repeats)]

    @property
    def key(self) -> tuple[Any, ...]:
        """What makes two entries versions of one object."""
        c = self.carried
        if c is None:
            return ("stix", self.obj["id"])
        if c.model == "Dossier":
            return ("Dossier",)
        carried_id = c.payload.get("id")
        return (c.model, carried_id) if type(carried_id) is str else ("at", self.index)

    @property
    def content(self) -> str | None:
        """What is read from it, as canonical JSON (``None`` if it is not JSON data)."""
        c = self.carried
        value: Any = self.obj if c is None else [c.model, c.version, c.payload]
        try:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError):
            return None

    @property
    def modified(self) -> datetime | None:
        """The object's ``modified`` (``None`` if it has none or it is not a STIX timestamp,
        which :func:`_import` reports)."""
        return _moment(self.obj.get("modified"))


def from_stix(bundle: Mapping[str, Any], *, strict: bool = False, prefer: _Prefer = "extension") -> Dossier:
    """Read a STIX 2.1 bundle into a dossier.

    Objects written by :func:`to_stix` are restored exactly from their extension, each
    in its own ``schema_version`` (older ones are migrated). Objects from other tools
    are read with best effort: an ``identity`` becomes a source (a unit if it has the
    label ``military-unit``; a sector, ``identity_class: class``, or the target of a
    ``targets`` relationship is no source), a ``location`` a location (its kind from
    OpenCTI's ``x_opencti_location_type`` or its properties), a ``note`` a claim with
    a ``custom`` statement (``stix-note``) made by its ``created_by_ref``, or the
    source it references named by its first author, or that author, or an "Unknown
    source"; an ``opinion`` about such claims an assessment; ``part-of`` and
    ``located-at`` relationships parent links; the first ``report`` gives the
    dossier's title (a report is the bundle's container, not a claim). An object read
    from another tool keeps its STIX id as its id, and :func:`to_stix` writes it again
    under that id.

    When a tool dropped the extension (MISP), an object is read from the line its text
    ends with (``from-text``), checked like any payload and only under its object's own
    STIX id; a line that cannot be used costs its own object (and those referring to
    it), read as another tool's (``bad-line``), never the rest of the bundle.

    Versions: of several objects with one id (or one carried object under several
    ids), the newest ``modified`` is read. Edits made in another tool: when the STIX
    properties that map back to fields (names, coordinates, codes, a quote, a
    confidence) differ from the carried object, ``prefer="extension"`` (the default)
    keeps the carried object, exact and complete, and ``prefer="stix"`` reads those
    properties over it (this library writes them from the carried object, so a
    difference is an edit made after export); both report it (kind ``edited``).

    Nothing is dropped silently: objects with no equivalent, objects that cannot be
    read, older versions of a repeated id, edits and other losses are listed by
    :func:`from_stix_with_warnings`; ``strict`` refuses them.

    Args:
        bundle: The parsed JSON of a STIX bundle.
        strict: Raise instead of skipping or replacing any object.
        prefer: What wins when another tool edited a carried object's STIX
            properties: ``"extension"`` or ``"stix"``.

    Raises:
        ValidationError: The bundle is malformed, a carried conflictmodels extension
            is malformed or its object invalid, or (with ``strict``) some objects
            would be skipped or replaced. Each problem has its JSON path
            (``$.objects[7].extensions.<id>.object.quote``) and the message names
            the STIX ids.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import from_stix, to_stix
        >>> from_stix(to_stix(kursk_dossier())) == kursk_dossier()
        True
        >>> note = {"type": "note", "spec_version": "2.1", "id": "note--0a2e...",
        ...         "created": "2025-03-09T12:00:00Z", "modified": "2025-03-09T12:00:00Z",
        ...         "content": "Shelling reported near the border.", "object_refs": []}
        >>> from_stix({"type": "bundle", "id": "bundle--x", "objects": [note]}).claims[0].quote
        'Shelling reported near the border.'
    """
    dossier, notices = _import(bundle, prefer)
    if strict and notices:
        errors = [
            FieldError("STIX", "objects", _line(n.kind, n.describe(), n.detail)).at(n.path)
            for n in sorted(notices, key=lambda n: n.index)
        ]
        n = len(errors)
        summary = f"{n} STIX object{'s' if n != 1 else ''} would be skipped or replaced (strict import)"
        raise ValidationError(errors, summary=summary)
    return dossier


def from_stix_with_warnings(
    bundle: Mapping[str, Any], *, prefer: _Prefer = "extension"
) -> tuple[Dossier, tuple[StixWarning, ...]]:
    """Like :func:`from_stix`, also returning what was not read as it is.

    One :class:`StixWarning` per kind (:data:`WARNING_KINDS`), in the order of the
    first object concerned, counting the objects of that kind by STIX type and naming
    the first few (every id is in its ``ids``). An object in no warning
    is in the dossier: carried ones as carried, foreign ones under their STIX id; the
    ``identity``, the ``extension-definition`` and the relationships and opinions that
    :func:`to_stix` derives are written again from the dossier. An exact repeat of an
    object is not a loss and is not reported.

    Example:
        >>> from conflictmodels.export import from_stix_with_warnings
        >>> indicator = {"type": "indicator", "id": "indicator--1", "spec_version": "2.1"}
        >>> dossier, warnings = from_stix_with_warnings({"type": "bundle", "id": "bundle--1",
        ...                                             "objects": [indicator]})
        >>> warnings
        ('$.objects[0]: skipped indicator indicator--1: no conflictmodels equivalent',)
        >>> warnings[0].kind, warnings[0].ids
        ('no-equivalent', ('indicator--1',))
    """
    dossier, notices = _import(bundle, prefer)
    return dossier, _warnings(notices)


def _line(kind: str, what: str, detail: str | None) -> str:
    verb, reason = WARNING_KINDS[kind]
    return f"{verb} {what}: {reason}" + (f" ({detail})" if detail else "")


_EXAMPLES = 3
"""How many objects a warning about several names in its text (all are in its ``ids``)."""


def _warnings(notices: list[_Notice]) -> tuple[StixWarning, ...]:
    by_kind: dict[str, list[_Notice]] = {}
    for n in sorted(notices, key=lambda n: n.index):
        by_kind.setdefault(n.kind, []).append(n)
    out = []
    for kind, group in by_kind.items():
        if len(group) == 1:
            text = f"{group[0].path}: {_line(kind, group[0].describe(), group[0].detail)}"
        else:
            verb, reason = WARNING_KINDS[kind]
            shown = group[:_EXAMPLES]
            items = "; ".join(f"{n.describe()} at {n.path}" + (f" ({n.detail})" if n.detail else "") for n in shown)
            types: dict[str, int] = {}
            for n in group:
                types[str(n.obj["type"])] = types.get(str(n.obj["type"]), 0) + 1
            counts = ", ".join(f"{count} {t}" for t, count in types.items())
            more = (
                f"; and {len(group) - len(shown)} more (every id is in the warning's ids)"
                if group[len(shown) :]
                else ""
            )
            text = f"{group[0].path}: {verb} {len(group)} objects: {reason}: {counts}: {items}{more}"
        out.append(StixWarning(text, kind=kind, ids=(n.id for n in group), paths=(n.path for n in group)))
    return tuple(out)


def _import(bundle: Any, prefer: str = "extension") -> tuple[Dossier, list[_Notice]]:
    if prefer not in ("stix", "extension"):
        raise FieldError("from_stix", "prefer", "must be 'stix' or 'extension'", prefer)
    given = _objects(bundle)
    renamed = _opencti_ids(given)
    objects = [_renamed(o, renamed) for o in given] if renamed else given
    notices: list[_Notice] = []
    entries: list[_Entry] = []
    placed: list[_Carried] = []  # places carried in lines of the report's description
    problems: list[FieldError] = []
    for i, obj in enumerate(objects):
        if "modified" in obj and _moment(obj["modified"]) is None:
            try:
                _parse_ts(obj["modified"], "modified")
            except ConflictModelsError as err:
                notices.append(_Notice("bad-timestamp", i, obj, _reason(err)))
        found = _carried(obj, i)
        held = _place_lines(obj, i) if not isinstance(found, list) else []
        if found is None and not held and not _is_boilerplate(obj):
            text = _carried_in_text(obj, i)
            if isinstance(text, _Notice):
                notices.append(text)  # the object is read as another tool's
            else:
                found = text
        for line in held:
            if isinstance(line, _Notice):
                notices.append(line)
            else:
                placed.append(line)
        if isinstance(found, list):
            problems += found
        elif found is not None and found.model != "Dossier" and found.model not in _KINDS:
            notices.append(_Notice("unknown-model", i, obj, f"model {found.model!r}"))
        elif found is not None or not _is_boilerplate(obj):
            entries.append(_Entry(i, obj, found))
    if problems:
        raise ValidationError(problems, summary=_about(objects, problems, "malformed conflictmodels extension"))
    # A place carried in the report's lines is read only when no object of its own (under
    # its STIX id's uuid, as a location or as MISP's object) is in the bundle: the lines
    # fill in what a tool lost, never replace an object.
    present = {o["id"].partition("--")[2] for o in objects}
    entries += [_Entry(c.index, objects[c.index], c) for c in placed if _place_sid(c) not in present]
    # An object is read from the line of its text only when no version of it carries the
    # extension (a tool dropped the extension): otherwise that version is another tool's.
    extended = {e.key for e in entries if e.carried is not None and not e.carried.text}
    entries = [d for e in entries for d in ((_demoted(e),) if _from_text(e) and e.key in extended else (e,)) if d]
    entries = _unowned(entries, notices)
    picked: list[_Notice] = []
    kept = _screened(_newest(entries, picked), notices)
    while True:
        try:
            dossier = _read_carried(objects, [e.carried for e in kept if e.carried is not None])
            break
        except ValidationError as err:
            # A line whose object is invalid, or refers to what the bundle does not hold
            # (a place MISP lost): that object is read as another tool's, the rest as carried.
            blamed = _blamed(err, kept)
            if not blamed:
                raise
            for k, why in blamed.items():
                notices += kept[k].notices("bad-line", why)
            kept = [d for k, e in enumerate(kept) for d in ((_demoted(e),) if k in blamed else (e,)) if d]
    notices += picked
    for e in kept:
        if e.carried is not None and e.carried.text:
            notices += e.notices("from-text", _line_where(e.carried))
    dossier = _edited(dossier, kept, prefer, notices)
    foreign = [e for e in kept if e.carried is None]
    if foreign:
        headed = any(e.carried is not None and e.carried.model == "Dossier" for e in kept)
        dossier = _with_foreign(dossier, foreign, notices, headed)
    if renamed:
        notices = [attrs.evolve(n, bundle_id=given[n.index]["id"]) if n.obj["id"] != given[n.index]["id"] else n
                   for n in notices]  # fmt: skip
    return dossier, notices


_OPENCTI_EXTENSION = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"
"""The property-extension in which OpenCTI (5.x and later) exports its own properties,
``stix_ids`` among them; older versions write ``x_opencti_stix_ids`` on the object."""


def _opencti_ids(objects: list[Mapping[str, Any]]) -> dict[str, str]:
    """The id each object of an OpenCTI export was first written under, by its OpenCTI id.

    OpenCTI gives every object its own id and keeps the ids it was imported under in
    ``x_opencti_stix_ids`` (or its extension's ``stix_ids``). An id there of the object's
    own type and of this library's scheme (a UUID version 5, as :func:`stix_id` writes)
    is read as the object's id, the first such one if there are several, so that a bundle
    exported to OpenCTI and back keeps its ids. References are renamed with it."""
    out: dict[str, str] = {}
    for o in objects:
        candidates = _strings(o.get("x_opencti_stix_ids"))
        extensions = o.get("extensions")
        octi = extensions.get(_OPENCTI_EXTENSION) if isinstance(extensions, Mapping) else None
        if isinstance(octi, Mapping):
            candidates += _strings(octi.get("stix_ids"))
        ours = [c for c in candidates if c != o["id"] and _scheme_id(o["type"], c)]
        if ours:
            out[o["id"]] = ours[0]
    return out


def _scheme_id(stix_type: str, value: str) -> bool:
    """Whether ``value`` is a STIX id of ``stix_type`` in this library's scheme (UUIDv5)."""
    if _own_id(stix_type, value) is None:
        return False
    return uuid.UUID(value[len(stix_type) + 2 :]).version == 5


def _renamed(obj: Mapping[str, Any], ids: Mapping[str, str]) -> Mapping[str, Any]:
    """``obj`` with its id and every reference (``*_ref``, ``*_refs``) renamed by ``ids``."""
    out = dict(obj)
    out["id"] = ids.get(obj["id"], obj["id"])
    for key, value in obj.items():
        if key.endswith("_ref") and isinstance(value, str):
            out[key] = ids.get(value, value)
        elif key.endswith("_refs") and isinstance(value, list):
            out[key] = [ids.get(v, v) if isinstance(v, str) else v for v in value]
    return out


def _about(objects: list[Mapping[str, Any]], problems: list[FieldError], what: str) -> str:
    """A summary naming the STIX objects that the problems' paths are in."""
    ids: dict[str, None] = {}
    for err in problems:
        match = re.match(r"\$\.objects\[(\d+)\]", err.path or "")
        obj = objects[int(match[1])] if match and int(match[1]) < len(objects) else None
        if isinstance(obj, Mapping) and type(obj.get("id")) is str:
            ids.setdefault(obj["id"], None)
    n = len(problems)
    names = list(ids)
    listed = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"{n} problem{'s' if n != 1 else ''} in STIX {listed or 'bundle'}: {what}"


def _objects(bundle: Any) -> list[Mapping[str, Any]]:
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        err = FieldTypeError("STIX", "", "must be a STIX bundle (an object with type 'bundle')", bundle).at("$")
        raise ValidationError([err], summary="not a STIX bundle")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        err = FieldTypeError("STIX", "objects", "must be a list", objects).at("$.objects")
        raise ValidationError([err], summary="not a STIX bundle")
    bad: list[FieldError] = []
    for i, o in enumerate(objects):
        if not isinstance(o, Mapping) or type(o.get("type")) is not str or type(o.get("id")) is not str:
            bad.append(FieldTypeError("STIX", "objects", "must be a STIX object with a type and an id", o))
            bad[-1].at(f"$.objects[{i}]")
        elif "extensions" in o and not isinstance(o["extensions"], Mapping):
            bad.append(FieldTypeError("STIX", "extensions", "must be an object", o["extensions"]))
            bad[-1].at(f"$.objects[{i}].extensions")
    if bad:
        raise ValidationError(bad, summary=_about(objects, bad, "malformed STIX object"))
    return objects


def _carried(obj: Mapping[str, Any], index: int) -> _Carried | list[FieldError] | None:
    """The conflictmodels extension of a STIX object (under the current or a legacy
    id), ``None`` if it has none, or what is wrong with it."""
    extensions = obj.get("extensions")
    if not isinstance(extensions, Mapping):
        return None
    keys = [key for key in _EXTENSION_IDS if key in extensions]
    if not keys:
        return None
    where = f"$.objects[{index}].extensions"
    if len(keys) > 1:
        reason = "must hold the conflictmodels extension under one id only"
        return [FieldError("STIX", "extensions", reason, keys).at(where)]
    where += f".{keys[0]}"
    ext = extensions[keys[0]]
    if not isinstance(ext, Mapping):
        return [FieldTypeError("STIX", "extensions", "must be an object (a conflictmodels extension)", ext).at(where)]
    model, version, payload = ext.get("model"), ext.get("schema_version"), ext.get("object")
    if type(model) is str and type(version) is int and type(payload) is dict and "schema_version" not in payload:
        return _Carried(index, obj["id"], where, model, version, payload)  # as to_stix writes it
    problems: list[FieldError] = []
    for name, ok, reason in (
        ("model", type(ext.get("model")) is str, "must be the name of a conflictmodels model"),
        ("schema_version", type(ext.get("schema_version")) is int, "must be an integer"),
        ("object", isinstance(ext.get("object"), Mapping), "must be an object (the conflictmodels payload)"),
    ):
        if name not in ext:
            problems.append(MissingFieldError("STIX", name, "is required").at(f"{where}.{name}"))
        elif not ok:
            problems.append(FieldTypeError("STIX", name, reason, ext[name]).at(f"{where}.{name}"))
    if problems:
        return problems
    payload = dict(ext["object"])
    if "schema_version" in payload and payload["schema_version"] != ext["schema_version"]:
        reason = "must not differ from the extension's schema_version"
        err = SchemaVersionError("STIX", "schema_version", reason, payload["schema_version"])
        return [err.at(f"{where}.object.schema_version")]
    payload.pop("schema_version", None)
    return _Carried(index, obj["id"], where, ext["model"], ext["schema_version"], payload)


_TEXT_MODELS = {"note": ("content", ("Claim", "Assessment")),
                "identity": ("description", ("Source", "Unit", "Person")),
                "location": ("description", ("Location",)),
                "x-misp-object": ("x_misp_comment", ("Location",))}  # fmt: skip
"""The text property of each STIX type that may end in the line of a conflictmodels object
(:data:`_LINE`), and the models that line may hold there. MISP exports a place whose
latitude or longitude is exactly 0 as an ``x-misp-object`` (it reads 0 as missing), its
description as ``x_misp_comment``."""


def _carried_in_text(obj: Mapping[str, Any], index: int) -> _Carried | _Notice | None:
    """The conflictmodels object of the last line of a note's ``content`` or an identity's
    or location's ``description``, as :func:`to_stix` writes it (:data:`_LINE`), if any;
    a notice (``bad-line``) if that line is not this object's own.

    The line is the library's own payload only if it is the object's: the STIX id is
    the one :func:`to_stix` gives the object the line holds (so that a line cannot
    stand for another object), and the line is one the object's type carries."""
    prop, models = _TEXT_MODELS.get(obj["type"], ("", ()))
    if obj["type"] == "x-misp-object" and obj.get("x_misp_name") != "geolocation":
        return None
    text = obj.get(prop)
    if not isinstance(text, str) or _LINE_HEAD not in text:
        return None
    _, sep, last = text.rpartition("\n\n")
    if not sep or not _LINE_START.match(last):
        return None  # no line (a text may start with the library's name)
    match = _LINE.fullmatch(last)
    if match is None:
        return _Notice("bad-line", index, obj, "its last line is not one line of JSON after the model's name")
    found = _parse_line(match, models)
    if isinstance(found, str):
        return _Notice("bad-line", index, obj, found)
    model, version, payload = found
    path = f"$.objects[{index}].{prop}"
    return _Carried(index, obj["id"], path, model, version, payload, True, bound=_is_own(obj["id"], model, payload))


def _is_own(sid: str, model: str, payload: Mapping[str, Any]) -> bool:
    """Whether ``sid`` is the STIX id :func:`to_stix` gives the object of a line, or its
    uuid under MISP's ``x-misp-object`` of a place."""
    expected = _line_sids(model, payload)
    if sid.startswith("x-misp-object--"):
        return sid.partition("--")[2] in {e.partition("--")[2] for e in expected}
    return sid in expected


def _unowned(entries: list[_Entry], notices: list[_Notice]) -> list[_Entry]:
    """``entries`` with the lines that stand for another object than their own read as
    another tool's objects (noticed as ``bad-line``).

    A line under another STIX id than :func:`to_stix` gives its object is kept only as a
    copy: MISP gives a note about several objects an id of its own. It is refused when
    its STIX id is the one of another line's object (a forged version of that object),
    or when a line under the object's own id holds something else (it would replace it)."""
    owned: dict[tuple[Any, ...], set[str | None]] = {}
    sids: set[str] = set()
    for e in entries:
        c = e.carried
        if c is not None and c.text and c.bound:
            owned.setdefault(e.key, set()).add(e.content)
            sids.add(_line_sids(c.model, c.payload)[0].partition("--")[2])
    out = []
    for e in entries:
        c = e.carried
        if c is None or not c.text or c.bound or c.block:
            out.append(e)
            continue
        written = _line_sids(c.model, c.payload)[0]
        if e.obj["id"].partition("--")[2] in sids:
            why = f"its id is the one of another object's line; it holds the {c.model} {c.payload['id']!r}"
        elif e.key in owned and e.content not in owned[e.key]:
            why = f"it holds the {c.model} {c.payload['id']!r}, written as {written}, which holds something else"
        else:
            out.append(e)  # a copy under another id (as MISP writes a note about several objects)
            continue
        notices += e.notices("bad-line", why)
        out.append(_as_foreign(e))
    return out


def _parse_line(match: re.Match[str], models: Iterable[str]) -> tuple[str, int, dict[str, Any]] | str:
    """The model, schema version and payload of a line (:data:`_LINE`), or why it is not one."""
    model = match["model"]
    if model not in models:
        return f"a {model} is not carried by this type of object"
    try:
        payload = json.loads(match["json"])
    except (ValueError, RecursionError) as err:
        return f"its JSON cannot be read: {type(err).__name__}"
    if type(payload) is not dict or type(payload.get("id")) is not str:
        return "its JSON is not an object with a string id"
    if "schema_version" in payload:
        return "its JSON holds a schema_version (the line gives it)"
    return model, int(match["version"]), payload


def _line_sids(model: str, payload: Mapping[str, Any]) -> list[str]:
    """The STIX ids :func:`to_stix` may give the object of ``model`` that ``payload`` is."""
    oid = payload["id"]
    if model == "Claim":
        return [_sid("note", "claim", oid)]
    if model == "Assessment":
        kept = payload.get(_JUDGMENT_KEY)
        judgment = (
            kept if isinstance(kept, str) and _own_id("note", kept) else stix_id("note", "assessment-judgment", oid)
        )
        return [_sid("note", "assessment", oid), judgment]
    if model == "Location":
        return [_sid("location", "location", oid)]
    return [_sid("identity", model.lower(), oid)]


_PLACE_HOLDERS = {"note": "content", "report": "description", "grouping": "description"}
"""Where :func:`to_stix`'s report carries the places that MISP keeps only as galaxy
clusters (:func:`_galaxy_place`): its description, which MISP keeps as an event report
(a ``note``), and, as a grouping's, in its own exports."""


def _place_lines(obj: Mapping[str, Any], index: int) -> list[_Carried | _Notice]:
    """The places carried in lines at the end of a report's description (or the note
    of MISP's event report holding it), each a :class:`_Carried`, or why a line is not
    read (``bad-line``). A line must hold a place (a report carries no other object
    this way)."""
    prop = _PLACE_HOLDERS.get(obj["type"])
    block = _line_block(obj.get(prop)) if prop else None
    if block is None or (obj["type"] == "note" and block[1][0]["model"] != "Location"):
        return []  # a note's own line (a claim or an assessment): see _carried_in_text
    out: list[_Carried | _Notice] = []
    for n, line in enumerate(block[1]):
        found = _parse_line(line, ("Location",))
        if isinstance(found, str):
            out.append(_Notice("bad-line", index, obj, f"line {n + 1} of its {prop}: {found}"))
        else:
            out.append(_Carried(index, obj["id"], f"$.objects[{index}].{prop}.lines[{n}]", *found, True, True))
    return out


def _place_sid(c: _Carried) -> str:
    """The uuid of the STIX id of a place carried in a line."""
    return _line_sids("Location", c.payload)[0].partition("--")[2]


def _demoted(e: _Entry) -> _Entry | None:
    """An entry read from a line that cannot be used: its object as another tool's, or
    nothing for a place carried in the report's lines (the report is read on its own)."""
    return None if e.carried is not None and e.carried.block else _as_foreign(e)


_MODEL_CLASSES: dict[str, type] = {"Source": Source, "Location": Location, "Unit": Unit, "Person": Person,
                                   "Claim": Claim, "Assessment": Assessment}  # fmt: skip


def _screened(kept: list[_Entry], notices: list[_Notice]) -> list[_Entry]:
    """``kept`` with the objects read from lines that are invalid on their own, or refer
    to what the bundle does not hold (directly or through such objects), read as another
    tool's (noticed as ``bad-line``).

    One check of each line and one pass over the references, so that a chain of lines
    that fail one after another (each place the parent of the next) is found at once,
    not by checking the whole dossier once per link."""
    bad: dict[int, str] = {}
    refs: dict[int, list[tuple[str, str, str]]] = {}
    for k, e in enumerate(kept):
        c = e.carried
        if c is None or not c.text:
            continue
        try:
            body = {**migrate({**c.payload, "schema_version": c.version}, c.model), "schema_version": SCHEMA_VERSION}
            refs[k] = list(references(from_dict(body, _MODEL_CLASSES[c.model], keep_unknown=True)))
        except ConflictModelsError as err:
            bad[k] = f"{c.path}.object: {_reason(err)}"
    held: dict[tuple[str, str], int] = {}  # how many objects read give each (collection, id)
    given: dict[int, tuple[str, str]] = {}
    for k, e in enumerate(kept):
        c = e.carried
        if c is None or k in bad:
            continue
        if c.model in _KINDS and type(c.payload.get("id")) is str:
            given[k] = (_KINDS[c.model], c.payload["id"])
            held[given[k]] = held.get(given[k], 0) + 1
        for collection in _COLLECTIONS if c.model == "Dossier" else ():
            for item in c.payload.get(collection) or () if type(c.payload.get(collection)) is list else ():
                if isinstance(item, Mapping) and type(item.get("id")) is str:
                    held[(collection, item["id"])] = held.get((collection, item["id"]), 0) + 1
    refused = {(_KINDS[c.model], c.payload["id"]) for k in bad if (c := kept[k].carried) is not None}
    users: dict[tuple[str, str], list[tuple[int, str]]] = {}
    lost: list[int] = []
    for k, found in refs.items():
        for collection, where, ref in found:
            users.setdefault((collection, ref), []).append((k, where))
            if k not in bad and not held.get((collection, ref)):
                why = "whose line is not read" if (collection, ref) in refused else "which the bundle does not hold"
                bad[k] = f"{where}: refers to {collection} {ref!r}, {why}"
                lost.append(k)
    while lost:  # what refers to an object no longer read is not read either
        k = lost.pop()
        gone = given.get(k)
        if gone is None:
            continue
        held[gone] -= 1
        if held[gone]:
            continue
        for user, where in users.get(gone, ()):
            if user not in bad:
                bad[user] = f"{where}: refers to {gone[0]} {gone[1]!r}, whose line is not read"
                lost.append(user)
    for k in sorted(bad):
        notices += kept[k].notices("bad-line", bad[k])
    return [d for k, e in enumerate(kept) for d in ((_demoted(e),) if k in bad else (e,)) if d]


def _blamed(err: ValidationError, kept: list[_Entry]) -> dict[int, str]:
    """The positions in ``kept`` of the entries read from lines that the errors of
    ``err`` are in, each with its first error; empty if any error is elsewhere (then the
    bundle's own payload is invalid)."""
    out: dict[int, str] = {}
    for error in err.errors:
        path = error.path or "$"
        at = next((k for k, e in enumerate(kept) if e.carried is not None and e.carried.text
                   and _within(path, e.carried.path)), None)  # fmt: skip
        if at is None:
            return {}
        out.setdefault(at, f"{path}: {error}")
    return out


def _within(path: str, prefix: str) -> bool:
    """Whether the JSON path ``path`` is ``prefix`` or below it."""
    return path.startswith(prefix) and path[len(prefix) : len(prefix) + 1] in ("", ".", "[")


def _line_where(c: _Carried) -> str:
    """Which line of its object a carried object was read from, in words."""
    prop, _, line = c.path.partition("].")[2].partition(".lines[")
    if line:
        return f"line {int(line[:-1]) + 1} of its {prop}: the place {c.payload['id']!r}"
    return f"the last line of its {prop}"


def _from_text(e: _Entry) -> bool:
    return e.carried is not None and e.carried.text


def _as_foreign(e: _Entry) -> _Entry:
    return attrs.evolve(e, carried=None, repeats=tuple(_as_foreign(r) for r in e.repeats))


def _is_boilerplate(obj: Mapping[str, Any]) -> bool:
    """The identity and extension definitions that every :func:`to_stix` bundle holds."""
    return (obj["type"] == "identity" and obj["id"] == PRODUCER_ID) or (
        obj["type"] == "extension-definition" and obj["id"] in _EXTENSION_IDS
    )


def _newest(entries: list[_Entry], notices: list[_Notice]) -> list[_Entry]:
    """One entry per object, at the place of its first version.

    Versions of one object are first the objects with one STIX id, then the carried
    objects of one kind and id (under several STIX ids), and all dossier reports. The
    newest ``modified`` is read (STIX versioning; a missing or unreadable one is the
    oldest); of versions with the same ``modified`` and different content, the one
    whose canonical JSON sorts first, so that the order of the bundle does not decide.
    """
    by_stix_id = [_pick(group, notices) for group in _groups(entries, _version_key)]
    by_object = [_pick(group, notices) for group in _groups(by_stix_id, lambda e: e.key)]
    return sorted(by_object, key=lambda e: e.first)


def _version_key(e: _Entry) -> tuple[Any, ...]:
    """What makes entries versions of one STIX object (a place of the report's lines is
    not a version of the report that holds it)."""
    return e.key if e.carried is not None and e.carried.block else ("stix", e.obj["id"])


def _groups(entries: list[_Entry], key: Callable[[_Entry], tuple[Any, ...]]) -> Iterable[list[_Entry]]:
    groups: dict[tuple[Any, ...], list[_Entry]] = {}
    for e in entries:
        groups.setdefault(key(e), []).append(e)
    return groups.values()


def _pick(group: list[_Entry], notices: list[_Notice]) -> _Entry:
    """The version of ``group`` that is read; the others are exact repeats of it or noticed."""
    if len(group) == 1:
        return group[0]
    # Versions without the line of an object whose other versions have it (MISP adds a bare
    # identity, made when it converts, for the organisation that made a sighting) are not read.
    lined = [e for e in group if _from_text(e)]
    bare = [e for e in group if e.carried is None] if lined else []
    if bare:
        at = f"$.objects[{lined[0].index}]"
        for e in bare:
            notices += e.notices("bare", f"the one at {at} carries it")
        group = [e for e in group if e.carried is not None]
        if len(group) == 1:
            return attrs.evolve(group[0], first=min(e.first for e in (*group, *bare)))
    times = [e.modified for e in group]
    contents = [e.content for e in group]
    known = [t for t in times if t is not None]
    newest = max(known) if known else None
    chosen = min(
        (k for k, t in enumerate(times) if t == newest),
        key=lambda k: (contents[k] is None, contents[k] or "", group[k].index),
    )
    winner, content = group[chosen], contents[chosen]
    repeats = list(winner.repeats)
    at = f"$.objects[{winner.index}]"
    for k, e in enumerate(group):
        if k == chosen:
            continue
        if content is not None and contents[k] == content:
            repeats += [e, *e.repeats]  # an exact repeat of what is read: nothing is lost
        elif e.key == ("Dossier",) and e.obj["id"] != winner.obj["id"]:
            notices += e.notices("second-report", f"the one at {at} is read")
        elif times[k] == newest:
            notices += e.notices("conflict", f"the one at {at} is read")
        else:
            notices += e.notices("superseded", f"the newer one at {at} is read")
    return attrs.evolve(winner, repeats=tuple(repeats), first=min(e.first for e in group))


def _read_carried(objects: list[Mapping[str, Any]], carried: list[_Carried]) -> Dossier:
    """One dossier of the carried objects, each migrated from its own schema version;
    every problem is placed in the STIX object it comes from."""
    problems: list[FieldError] = []
    head: dict[str, Any] = {}
    head_path: str | None = None
    items: dict[str, list[Any]] = {c: [] for c in _COLLECTIONS}
    origins: dict[str, list[str]] = {c: [] for c in _COLLECTIONS}  # the path of each item
    for c in carried:
        try:
            body = migrate({**c.payload, "schema_version": c.version}, c.model)
        except SchemaVersionError as err:
            problems.append(err.at(c.path + (err.path or "$")[1:]))
            continue
        body = dict(body)
        del body["schema_version"]
        if c.model != "Dossier":
            items[_KINDS[c.model]].append(body)
            origins[_KINDS[c.model]].append(f"{c.path}.object")
            continue
        head_path = f"{c.path}.object"
        for collection in _COLLECTIONS:
            if collection not in body:
                continue
            inner = body.pop(collection)
            if type(inner) is not list:
                problems.append(FieldTypeError("Dossier", collection, "must be a list", inner))
                problems[-1].at(f"{head_path}.{collection}")
                continue
            items[collection] += inner
            origins[collection] += [f"{head_path}.{collection}[{j}]" for j in range(len(inner))]
        head = body
    if problems:
        raise ValidationError(problems, summary=_about(objects, problems, "invalid conflictmodels object"))
    payload = {**head, "schema_version": SCHEMA_VERSION, **{c: v for c, v in items.items() if v}}
    try:
        return from_dict(payload, Dossier, keep_unknown=True)
    except ValidationError as err:
        for e in err.errors:
            e.at(_relocate(e.path, origins, head_path))
        summary = _about(objects, list(err.errors), "invalid conflictmodels object")
        raise ValidationError(err.errors, summary=summary) from None


_ITEM_PATH = re.compile(r"\$\.(" + "|".join(_COLLECTIONS) + r")\[(\d+)\]")


def _relocate(path: str | None, origins: dict[str, list[str]], head_path: str | None) -> str:
    """The path in the bundle of a path in the assembled dossier payload."""
    path = path or "$"
    match = _ITEM_PATH.match(path)
    if match and int(match[2]) < len(origins[match[1]]):
        return origins[match[1]][int(match[2])] + path[match.end() :]
    return (head_path or "$") + path[1:]


def _derived_ids(dossier: Dossier) -> set[str]:
    """The ids of the objects :func:`to_stix` writes from a dossier beyond its own
    objects: the parent links' relationships and the opinions about contradicting and
    related claims."""
    out = {_relationship_id(link[0], link[1], link[2], link[6], link[8]) for link in _parent_links(dossier)}
    for a in dossier.assessments:
        out |= {stix_id("opinion", f"assessment-{stance}", a.id) for stance in ("contradicting", "related")}
        out.add(_sid("opinion", "assessment", a.id))  # an assessment read from its note's line: its opinion
        out.add(_judgment_id(a))
    for c in dossier.claims:
        out |= {_geolocation_id(c)} if _geolocated_point(c) is not None else set()
        out |= {sid for sid, _ in _presence_units(c)} | {sid for sid, _, _ in _commanded(c)}
    return out


def _copy_key(obj: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What tells a sighting or relationship that another tool gave an id of its own
    (MISP does) as a copy of one :func:`to_stix` derives from the dossier."""
    if obj["type"] == "sighting":
        return ("sighting", obj.get("sighting_of_ref"), obj.get("description"))
    if obj["type"] == "relationship" and obj.get("relationship_type") in ("part-of", "located-at", "related-to"):
        return ("relationship", obj.get("source_ref"), obj.get("target_ref"))
    return None


def _copy_keys(dossier: Dossier) -> set[tuple[Any, ...]]:
    """The :func:`_copy_key` of each sighting and relationship :func:`to_stix` derives
    from ``dossier`` (presence, parent links and commands)."""
    out: set[tuple[Any, ...]] = set()
    for kind, child, parent, child_type, parent_type, *_ in _parent_links(dossier):
        out.add(("relationship", _sid(child_type, kind, child), _sid(parent_type, kind, parent)))
    for c in dossier.claims:
        out |= {
            ("relationship", _sid("identity", "person", p), _sid("identity", "unit", u)) for _, p, u in _commanded(c)
        }
        units = _presence_units(c)
        if units:
            seen = f"{_summary(dossier, c)} (reported by {dossier.source(c.source_id).name})"
            out |= {("sighting", _sid("identity", "unit", u), seen) for _, u in units}
    return out


_HIERARCHY = {"part-of", "located-at"}
_LEGACY_HIERARCHY = {"part of", "subordinate to", "within"}
"""The descriptions of the ``related-to`` parent links of bundles written before
``part-of`` and ``located-at`` were."""
_OPINION_STATUS = {
    "strongly-agree": AssessmentStatus.CONFIRMED,
    "agree": AssessmentStatus.CORROBORATED,
    "neutral": AssessmentStatus.UNVERIFIED,
    "disagree": AssessmentStatus.REFUTED,
    "strongly-disagree": AssessmentStatus.REFUTED,
}


@attrs.define
class _Foreign:
    """What is read from the objects of other tools, by STIX id."""

    sources: dict[str, Source] = attrs.Factory(dict)
    units: dict[str, Unit] = attrs.Factory(dict)
    people: dict[str, Person] = attrs.Factory(dict)
    locations: dict[str, Location] = attrs.Factory(dict)
    claims: dict[str, Claim] = attrs.Factory(dict)
    assessments: dict[str, Assessment] = attrs.Factory(dict)


_DERIVED_TYPES = ("relationship", "opinion", "sighting", "location", "note")
"""The types of the objects :func:`to_stix` derives from a dossier without an extension
of their own (parent links, commands, opinions about contradicting and related claims,
sightings, geolocated points, assessments' judgment notes)."""


def _misp_location_uuid(obj: Mapping[str, Any]) -> str | None:
    """The uuid of the ``location`` that MISP's ``x-misp-object`` of a place stands for."""
    return obj["id"].partition("--")[2] if obj.get("x_misp_name") == "geolocation" else None


def _with_foreign(dossier: Dossier, foreign: list[_Entry], notices: list[_Notice], headed: bool = False) -> Dossier:
    derived = _derived_ids(dossier)
    # MISP exports a place whose latitude or longitude is 0 as an object of its own kind.
    derived_places = {d.partition("--")[2] for d in derived if d.startswith("location--")}
    carried_ids = {c: {x.id for x in getattr(dossier, c)} for c in _COLLECTIONS}
    victims = {
        e.obj.get("target_ref")
        for e in foreign
        if e.obj["type"] == "relationship" and e.obj.get("relationship_type") == "targets"
    }
    actors = _attributed_actors(foreign)
    # An identity seen in a sighting is a unit (as to_stix writes presence), also when the
    # label that says so is lost (MISP's export keeps an identity's name and class only).
    sighted = {e.obj.get("sighting_of_ref") for e in foreign if e.obj["type"] == "sighting"}
    got = _Foreign()
    notes: list[_Entry] = []
    opinions: list[_Entry] = []
    links: list[_Entry] = []
    reports: list[_Entry] = []
    sightings: list[_Entry] = []
    points: dict[str, _Entry] = {}  # geolocated points, read into the claims that cite them
    opinion_ids = {e.obj["id"] for e in foreign if e.obj["type"] == "opinion"}
    restating: list[_Entry] = []
    copies = _copy_keys(dossier) if any(e.obj["type"] in ("sighting", "relationship") for e in foreign) else set()
    for e in foreign:
        obj, kind, sid = e.obj, e.obj["type"], e.obj["id"]
        if kind in _DERIVED_TYPES and obj.get("created_by_ref") == PRODUCER_ID and sid in derived:
            continue  # written by to_stix from the dossier, and written again from it
        if (
            (kind in _DERIVED_TYPES and "created_by_ref" not in obj and sid in derived)
            or _copy_key(obj) in copies
            or (kind == "x-misp-object" and _misp_location_uuid(obj) in derived_places)
        ):
            notices += e.notices("copy")  # kept by another tool without its creator, or under an id of its own
            continue
        if kind == "note" and set(_strings(obj.get(_JUDGMENT_OF))) & opinion_ids:
            restating.append(e)  # an assessment's judgment note: skipped if the opinions it restates are read
            continue
        if kind in ("identity", "location", "note", "opinion") and any(sid in ids for ids in carried_ids.values()):
            notices += e.notices("id-taken")
        elif kind == "relationship":
            links.append(e)
        elif kind == "sighting":
            sightings.append(e)
        elif kind in ("report", "grouping"):  # MISP exports its event as a grouping
            reports.append(e)
        elif kind == "note":
            notes.append(e)
        elif kind == "opinion":
            opinions.append(e)
        elif kind not in ("identity", "location"):
            notices += e.notices("no-equivalent")
        elif kind == "identity" and (obj.get("identity_class") == "class" or sid in victims):
            notices += e.notices("not-a-source")
        elif kind == "identity" and sid in actors:
            notices += e.notices("not-a-source", "only the target of attributed-to relationships")
        elif kind == "location" and _GEOLOCATION_LABEL in _strings(obj.get("labels")):
            points[sid] = e
        else:
            try:
                if kind == "location":
                    got.locations[sid] = _foreign_location(obj)
                elif _UNIT_LABEL in _strings(obj.get("labels")) or sid in sighted:
                    got.units[sid] = _foreign_unit(obj)
                elif _PERSON_LABEL in _strings(obj.get("labels")) and obj.get("identity_class") == "individual":
                    got.people[sid] = _foreign_person(obj)
                else:
                    got.sources[sid] = _foreign_source(obj)
            except ConflictModelsError as err:
                notices += e.notices("unreadable", _reason(err))
    links = _link_parents(dossier, got, links, notices)
    used: dict[str, Source] = {**{s.id: s for s in dossier.sources}, **got.sources}
    places = carried_ids["locations"] | set(got.locations)
    new_sources: dict[str, Source] = {}
    consumed: set[str] = set()
    note_ids = {e.obj["id"] for e in notes} | carried_ids["claims"]
    judged = [e for e in notes if _about_notes(e.obj, note_ids)]
    notes = [e for e in notes if not _about_notes(e.obj, note_ids)]
    for e in notes:
        try:
            claim, new_source = _foreign_claim(e.obj, used, places)
            claim, point = _with_geolocation(claim, e.obj, points, used)
        except ConflictModelsError as err:
            notices += e.notices("unreadable", _reason(err))
            continue
        if point is not None:
            consumed.add(point)
        if new_source is not None:
            used[new_source.id] = new_sources[new_source.id] = new_source
        got.claims[claim.id] = claim
    for sid, e in points.items():  # a geolocated point no note cites is a place
        if sid not in consumed:
            try:
                got.locations[sid] = _foreign_location(e.obj)
            except ConflictModelsError as err:
                notices += e.notices("unreadable", _reason(err))
    people = carried_ids["people"] | set(got.people)
    units = carried_ids["units"] | set(got.units)
    for e in sightings + links:
        try:
            found = _foreign_observation(e.obj, got.claims, used, places, people, units)
        except ConflictModelsError as err:
            notices += e.notices("unreadable", _reason(err))
            continue
        if found is None:
            notices += e.notices("no-equivalent", _no_equivalent(e.obj))
            continue
        claim, new_source = found
        if new_source is not None:
            used[new_source.id] = new_sources[new_source.id] = new_source
        got.claims[claim.id] = claim
    claims = {c.id: c for c in dossier.claims} | got.claims
    for e in judged:
        try:
            got.assessments[e.obj["id"]] = _foreign_note_assessment(e.obj, claims)
        except _NoEquivalent as why:
            notices += e.notices("no-equivalent", str(why))
        except ConflictModelsError as err:
            notices += e.notices("unreadable", _reason(err))
    stances: dict[str, list[_Entry]] = {}  # opinions about the contradicting or related claims, by assessment
    for e in opinions:
        main = _stance_of(e.obj)
        if main is not None and main[0] != e.obj["id"] and any(o.obj["id"] == main[0] for o in opinions):
            stances.setdefault(main[0], []).append(e)
    for e in opinions:
        if any(e in group for group in stances.values()):
            continue
        try:
            got.assessments[e.obj["id"]] = _foreign_assessment(e.obj, claims, used, stances.get(e.obj["id"], []))
        except _NoEquivalent:
            notices += e.notices("no-equivalent", "it cites no claim")
        except ConflictModelsError as err:
            notices += e.notices("unreadable", _reason(err))
    for e in restating:
        read = [r for r in _strings(e.obj.get(_JUDGMENT_OF)) if r in got.assessments]
        if not read:
            notices += e.notices("no-equivalent", "a judgment note whose opinions are not read")
            continue
        a = got.assessments[read[0]]
        if _judgment_id(a) != e.obj["id"]:
            got.assessments[read[0]] = attrs.evolve(a, extra={**a.extra, _JUDGMENT_KEY: e.obj["id"]})
    originals = {e.obj["id"]: e.obj for e in foreign}
    for collection in ("sources", "units", "people", "locations", "claims", "assessments"):
        models: dict[str, Any] = getattr(got, collection)
        for key, x in models.items():
            models[key] = _with_original(x, originals.get(x.id))
    dossier = _foreign_head(dossier, reports, notices, headed)
    if not (got.sources or got.units or got.people or got.locations or new_sources or got.claims or got.assessments):
        return dossier
    return attrs.evolve(
        dossier,
        sources=(*dossier.sources, *got.sources.values(), *new_sources.values()),
        units=(*dossier.units, *got.units.values()),
        people=(*dossier.people, *got.people.values()),
        locations=(*dossier.locations, *got.locations.values()),
        claims=(*dossier.claims, *got.claims.values()),
        assessments=(*dossier.assessments, *got.assessments.values()),
    )


_ORIGINAL_KEY = "x_stix_original"
"""The key in the ``extra`` of an object read from another tool's STIX object of that
object (``stix``) and of the object as it was read (``read``, its conflictmodels JSON):
:func:`to_stix` writes the STIX object back unchanged while the object is as read, and
a new version of it (same ``created`` and creator, later ``modified``) once it changed."""

_Model = Source | Unit | Person | Location | Claim | Assessment


def _with_original(x: _Model, obj: Mapping[str, Any] | None) -> _Model:
    """``x`` remembering the STIX object ``obj`` it was read from (:data:`_ORIGINAL_KEY`)."""
    if obj is None or obj.get("id") != x.id:
        return x
    try:
        stix = json.loads(json.dumps(obj, allow_nan=False))
        return attrs.evolve(x, extra={**x.extra, _ORIGINAL_KEY: {"stix": stix, "read": _as_read(x)}})
    except (ConflictModelsError, TypeError, ValueError, RecursionError):
        return x  # not JSON that extra can hold: written as any other object


def _as_read(x: _Model) -> dict[str, Any]:
    """The conflictmodels JSON of ``x`` without its recorded original."""
    payload = to_dict(attrs.evolve(x, extra={k: v for k, v in x.extra.items() if k != _ORIGINAL_KEY}))
    out: dict[str, Any] = json.loads(json.dumps(payload))
    return out


def _attributed_actors(foreign: list[_Entry]) -> set[str]:
    """The identities that are targets of ``attributed-to`` relationships (an actor a
    campaign or an intrusion set is attributed to) and do nothing a source does: create
    an object, be cited by a note, or see a sighting."""
    targets = {
        e.obj.get("target_ref")
        for e in foreign
        if e.obj["type"] == "relationship" and e.obj.get("relationship_type") == "attributed-to"
    }
    if not targets:
        return set()
    acting: set[Any] = set()
    for e in foreign:
        acting.add(e.obj.get("created_by_ref"))
        if e.obj["type"] in ("note", "opinion"):
            acting.update(_strings(e.obj.get("object_refs")))
        elif e.obj["type"] == "sighting":
            acting.update(_strings(e.obj.get("where_sighted_refs")))
    return {t for t in targets if isinstance(t, str) and t not in acting}


def _no_equivalent(obj: Mapping[str, Any]) -> str:
    if obj["type"] == "sighting":
        return "a sighting of something other than a unit read from the bundle"
    return f"relationship type {obj.get('relationship_type')!r}"


class _NoEquivalent(Exception):
    pass


def _link_parents(dossier: Dossier, got: _Foreign, links: list[_Entry], notices: list[_Notice]) -> list[_Entry]:
    """Parent links of the sources, units and places read from other tools, from
    ``part-of`` and ``located-at`` relationships (and the ``related-to`` ones that older
    versions of this library wrote); a relationship read from another tool under another
    id than :func:`to_stix` would give it keeps its id (in ``extra``). Returns the
    ``part-of`` relationships from people (commands, read with the claims); every other
    relationship is reported."""
    people = {p.id for p in dossier.people} | set(got.people)
    rest: list[_Entry] = []
    known: dict[str, dict[str, str | None]] = {
        "sources": {s.id: s.parent_id for s in dossier.sources},
        "locations": {loc.id: loc.parent_id for loc in dossier.locations},
        "units": {u.id: None for u in dossier.units},
    }
    known["sources"].update(dict.fromkeys(got.sources))
    known["locations"].update(dict.fromkeys(got.locations))
    known["units"].update(dict.fromkeys(got.units))
    for e in links:
        obj = e.obj
        rtype, child, parent = obj.get("relationship_type"), obj.get("source_ref"), obj.get("target_ref")
        hierarchy = rtype in _HIERARCHY or (rtype == "related-to" and obj.get("description") in _LEGACY_HIERARCHY)
        collection = next((c for c in ("sources", "units", "locations") if child in getattr(got, c)), None)
        if rtype == "part-of" and child in people:
            rest.append(e)
            continue
        if not hierarchy:
            notices += e.notices("no-equivalent", f"relationship type {rtype!r}")
            continue
        if collection is None or parent not in known[collection] or not isinstance(parent, str):
            notices += e.notices("unresolved")
            continue
        assert isinstance(child, str)
        kind = collection[:-1]
        if collection == "units":
            unit = got.units[child]
            own = _relationship_id(kind, child, parent, len(unit.parents))
            link = UnitParent(unit_id=parent, extra=_kept(own, obj["id"]))
            got.units[child] = attrs.evolve(unit, parents=(*unit.parents, link))
            continue
        chain = known[collection]
        at: str | None = parent
        while at is not None and at != child:
            at = chain.get(at)
        if at == child or chain.get(child) is not None:
            notices += e.notices("unresolved", "a second parent or a cycle")
            continue
        chain[child] = parent
        extra = _kept(_relationship_id(kind, child, parent, 0), obj["id"])
        if collection == "sources":
            s = got.sources[child]
            got.sources[child] = attrs.evolve(s, parent_id=parent, extra={**s.extra, **extra})
        else:
            loc = got.locations[child]
            got.locations[child] = attrs.evolve(loc, parent_id=parent, extra={**loc.extra, **extra})
    return rest


def _kept(own: str, read: str) -> dict[str, str]:
    """What ``extra`` keeps of a parent link's relationship read as ``read``: its id, if
    :func:`to_stix` would not give it that one (``own``) anyway."""
    return {} if read == own or _own_id("relationship", read) is None else {_PARENT_LINK_KEY: read}


def _foreign_head(dossier: Dossier, reports: list[_Entry], notices: list[_Notice], headed: bool) -> Dossier:
    """The dossier's title from the first report of another tool (a report is the
    container of a bundle, not a claim), when no conflictmodels report was read
    (``headed``; an untitled one is no less the dossier's); its
    STIX id and description are kept in ``extra`` so that it is written again under
    its id. The other reports are reported."""
    if not reports:
        return dossier
    first, rest = reports[0], reports[1:]
    for e in rest:
        notices += e.notices("second-report", f"the one at $.objects[{first.index}] is read")
    if headed or dossier.title is not None or _STIX_ID_KEY in dossier.extra:
        notices += first.notices("second-report", "the conflictmodels report is read")
        return dossier
    title = _text(first.obj.get("name"))
    if title == _UNTITLED and not isinstance(dossier.title, str):
        title = None  # the name this library gives the report of an untitled dossier
    kind = "reconciled-dossier" if dossier.assessments else "dossier"
    ours = title is not None and first.obj["id"] == f"grouping--{stix_id('report', kind, title).split('--')[-1]}"
    if ours:
        # This library's report as MISP gives it back (an event, exported as a grouping
        # under the report's uuid): the title gives the report's id again.
        return attrs.evolve(dossier, title=title)
    extra = {**dossier.extra, _STIX_ID_KEY: first.obj["id"]}
    description = _text(_without_line(first.obj.get("description")))  # places it carries are read
    if description is not None:
        extra[_STIX_DESCRIPTION_KEY] = description
    return attrs.evolve(dossier, title=title, extra=extra)


_STIX_ID_KEY = "x_stix_id"
"""The key in ``extra`` of the STIX id of a dossier read from another tool's report."""
_STIX_DESCRIPTION_KEY = "x_stix_description"


def _reason(err: BaseException) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(str(e) for e in err.errors)
    return str(err)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _url(obj: Mapping[str, Any]) -> str | None:
    refs = obj.get("external_references")
    for ref in refs if isinstance(refs, list) else ():
        url = ref.get("url") if isinstance(ref, Mapping) else None
        if isinstance(url, str) and _URL_RE.fullmatch(url):
            return url
    return None


def _strings(value: Any) -> list[str]:
    """The strings of a STIX list property (nothing if it is not a list)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _foreign_source(obj: Mapping[str, Any]) -> Source:
    contact = obj.get("contact_information")
    url = contact if isinstance(contact, str) and _URL_RE.fullmatch(contact) else _url(obj)
    return Source(
        id=obj["id"],
        name=_text(obj.get("name")) or obj["id"],
        kind=SourceKind.OTHER,
        group=obj.get("identity_class") == "group",
        url=url,
    )


def _foreign_unit(obj: Mapping[str, Any]) -> Unit:
    return Unit(id=obj["id"], name=_text(obj.get("name")) or obj["id"])


_KIND_OF_OPENCTI_TYPE = {
    "city": LocationKind.SETTLEMENT,
    "administrative-area": LocationKind.DISTRICT,
    "region": LocationKind.REGION,
    "country": LocationKind.COUNTRY,
    "position": LocationKind.AREA,
}


def _opencti_location_type(obj: Mapping[str, Any]) -> str | None:
    """OpenCTI's entity type of a location: ``x_opencti_location_type`` (as this library
    and pycti write it), else the ``location_type`` or ``type`` of OpenCTI's own
    extension (as OpenCTI's STIX export writes it)."""
    octi = obj.get("x_opencti_location_type")
    if isinstance(octi, str):
        return octi
    extensions = obj.get("extensions")
    ext = extensions.get(_OPENCTI_EXTENSION) if isinstance(extensions, Mapping) else None
    if isinstance(ext, Mapping):
        for key in ("location_type", "type"):
            if isinstance(ext.get(key), str):
                return str(ext[key])
    return None


def _foreign_location(obj: Mapping[str, Any]) -> Location:
    """A location of another tool (or of this library, read without its extension).

    Its kind from the description this library writes (:func:`_described_place`), else
    from OpenCTI's type (:func:`_opencti_location_type`), else from its properties; its
    codes from ``country`` and ``administrative_area`` when they are codes (OpenCTI's
    export holds names there), else from that description."""
    described = _described_place(obj)
    country = obj.get("country")
    country = country.upper() if isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country) else None
    area = obj.get("administrative_area")
    region = area if isinstance(area, str) and _REGION_RE.fullmatch(area) else None
    code = None if described is None else described[2]
    if code is not None and country is None and region is None:
        country, region = code[:2], (code if "-" in code else None)
    if region is not None and country is not None and region[:2] != country:
        region = None
    lat, lon = obj.get("latitude"), obj.get("longitude")
    point = None
    if lat is not None and lon is not None:
        precision = obj.get("precision")
        point = Point(lat=lat, lon=lon, precision_m=precision)
    octi = _opencti_location_type(obj)
    kind = _KIND_OF_OPENCTI_TYPE.get(octi.lower()) if isinstance(octi, str) else None
    if described is not None:
        kind = described[1]
    if kind is None:
        kind = (
            LocationKind.SETTLEMENT
            if point is not None or _text(obj.get("city"))
            else LocationKind.REGION
            if region or area
            else LocationKind.COUNTRY
            if country
            else LocationKind.AREA
        )
    name = (None if described is None else _text(described[0])) or _text(obj.get("name")) or _text(obj.get("city"))
    name = name or _text(area) or country or _text(obj.get("region"))
    return Location(id=obj["id"], name=name or obj["id"], kind=kind, country=country, region=region, point=point)


def _foreign_claim(
    obj: Mapping[str, Any], used: Mapping[str, Source], known_places: set[str]
) -> tuple[Claim, Source | None]:
    """The claim of a foreign note, and the source to add for it, if any (``used``
    holds every source id already taken).

    Its source is its ``created_by_ref`` if that is a source other than this library,
    else the source it references whose name is its first author (as :func:`to_stix`
    writes notes), else a source named as its first author, else the first source it
    references, else its first author, else an unknown source."""
    new_source: Source | None = None
    creator = obj.get("created_by_ref")
    authors = [a.strip() for a in _strings(obj.get("authors")) if _text(a)]
    refs = _strings(obj.get("object_refs"))
    cited = [r for r in refs if r in used]
    by_author = [r for r in cited if authors and used[r].name == authors[0]]
    # A source of that name that the note does not cite: MISP copies a note to each object
    # it is attached to, each copy citing that object only.
    by_author = by_author or [r for r, s in used.items() if authors and s.name == authors[0] and r != PRODUCER_ID]
    if isinstance(creator, str) and creator in used and creator != PRODUCER_ID:
        source_id = creator
    elif by_author or cited:
        source_id = (by_author or cited)[0]
    else:
        if authors:
            placeholder = Source(id=f"author--{uuid.uuid5(NAMESPACE, 'author:' + authors[0])}", name=authors[0])
        else:
            placeholder = _UNKNOWN_SOURCE
        new_source = _free(placeholder, used)
        source_id = new_source.id
    content = _text(_without_line(obj.get("content")))
    statement = Statement(
        predicate=Predicate.CUSTOM,
        custom_predicate="stix-note",
        description=_text(obj.get("abstract")) or content,
        location_ids=tuple(_unique(r for r in refs if r in known_places)),
    )
    confidence = obj.get("confidence")
    lang = obj.get("lang")
    claim = Claim(
        id=obj["id"],
        source_id=source_id,
        reported_at=_parse_ts(obj.get("created")),
        statement=statement,
        quote=content,
        language=lang if isinstance(lang, str) and _LANG_RE.fullmatch(lang) else None,
        credibility=confidence_to_credibility(confidence) if type(confidence) is int else None,
        url=_url({"external_references": [r for r in _references(obj) if r.get("source_name") not in _EVIDENCE_NAMES]}),
    )
    return claim, new_source


def _foreign_person(obj: Mapping[str, Any]) -> Person:
    """A person of an ``individual`` identity labelled ``person``: its name, OpenCTI's
    aliases, a role for each title in ``roles``."""
    return Person(
        id=obj["id"],
        name=_text(obj.get("name")) or obj["id"],
        aliases=tuple(_unique(a for a in (_text(a) for a in _strings(obj.get("x_opencti_aliases"))) if a)),
        roles=tuple(Role(title=t) for t in _unique(t for t in (_text(r) for r in _strings(obj.get("roles"))) if t)),
    )


def _references(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    refs = obj.get("external_references")
    return [r for r in refs if isinstance(r, Mapping)] if isinstance(refs, list) else []


def _sha256(ref: Mapping[str, Any]) -> str | None:
    hashes = ref.get("hashes")
    value = hashes.get("SHA-256") if isinstance(hashes, Mapping) else None
    return value.lower() if isinstance(value, str) and re.fullmatch(r"[0-9A-Fa-f]{64}", value) else None


def _ref_url(ref: Mapping[str, Any]) -> str | None:
    url = ref.get("url")
    return url if isinstance(url, str) and _URL_RE.fullmatch(url) else None


def _foreign_evidence(obj: Mapping[str, Any]) -> tuple[Evidence | None, dict[str, str]]:
    """The document and media of a note's evidence references (see
    :func:`_evidence_references`), and the method links by record."""
    document: Document | None = None
    media: list[Media] = []
    methods: dict[str, str] = {}
    for ref in _references(obj):
        name, url = ref.get("source_name"), _ref_url(ref)
        if name == _DOCUMENT and url is not None and document is None:
            document = Document(url=url, sha256=_sha256(ref))
        elif name == _ARCHIVE and url is not None and document is not None and document.archive_url is None:
            document = attrs.evolve(document, archive_url=url)
        elif isinstance(name, str) and name.startswith(_MEDIA) and name[len(_MEDIA) :] in _MEDIA_KINDS:
            kind = MediaKind(name[len(_MEDIA) :])
            caption = _text(ref.get("description"))
            sha = _sha256(ref)
            if url is not None or sha is not None:
                media.append(Media(kind=kind, url=url, sha256=sha, caption=None if caption == kind.value else caption))
        elif name in (_METHOD.format("geolocation"), _METHOD.format("chronolocation")) and url is not None:
            methods.setdefault(str(name).split()[0], url)
    if document is None and not media:
        return None, methods
    return Evidence(document=document, media=tuple(media)), methods


_MEDIA_KINDS = frozenset(k.value for k in MediaKind)


def _with_geolocation(
    claim: Claim, obj: Mapping[str, Any], points: Mapping[str, _Entry], used: Mapping[str, Source]
) -> tuple[Claim, str | None]:
    """``claim`` with the geolocated point its note cites (a ``location`` labelled
    ``geolocation``), and that point's STIX id; its status and who geolocated it from its
    ``x_conflictmodels_`` properties (a verified one whose geolocator is not read is
    unverified)."""
    cited = next((r for r in _strings(obj.get("object_refs")) if r in points), None)
    evidence, methods = _foreign_evidence(obj)
    geolocation = None
    if cited is not None:
        loc = points[cited].obj
        lat, lon, radius = loc.get("latitude"), loc.get("longitude"), loc.get("precision")
        if lat is not None and lon is not None:
            by = loc.get("x_conflictmodels_geolocated_by_ref")
            by = by if isinstance(by, str) and by in used else None
            status = loc.get("x_conflictmodels_verification")
            known = {v.value for v in VerificationStatus}
            status = VerificationStatus(status) if isinstance(status, str) and status in known else None
            if status is VerificationStatus.VERIFIED and by is None:
                status = None
            geolocation = Geolocation(
                point=Point(lat=lat, lon=lon),
                radius_m=radius,
                by=by,
                method_url=methods.get("geolocation"),
                status=status or VerificationStatus.UNVERIFIED,
            )
    if geolocation is not None:
        evidence = attrs.evolve(evidence or Evidence(geolocation=geolocation), geolocation=geolocation)
    if evidence is None:
        return claim, None
    if geolocation is None:
        return attrs.evolve(claim, evidence=evidence), None
    assert cited is not None
    claim = attrs.evolve(claim, evidence=evidence)
    return _recorded(claim, "geolocation", None, cited), cited


def _recorded(claim: Claim, kind: str, key: str | None, read: str) -> Claim:
    """``claim`` remembering that the object derived from it (``kind``, ``key``) was read
    under the id ``read``, if :func:`to_stix` would give it another."""
    stix_type = read.split("--", 1)[0]
    if _derived_id(claim, stix_type, kind, key) == read:
        return claim
    recorded = claim.extra.get(_DERIVED_KEY)
    ids = dict(recorded) if isinstance(recorded, Mapping) else {}
    ids[kind if key is None else f"{kind}:{key}"] = read
    return attrs.evolve(claim, extra={**claim.extra, _DERIVED_KEY: ids})


def _foreign_observation(
    obj: Mapping[str, Any],
    claims: Mapping[str, Claim],
    used: Mapping[str, Source],
    places: set[str],
    people: set[str],
    units: set[str],
) -> tuple[Claim, Source | None] | None:
    """The presence claim of a sighting of a unit, or the commands claim of a ``part-of``
    relationship from a person to a unit; ``None`` for other sightings and relationships.

    When it names the note it was written with (``x_conflictmodels_claim_ref``, as
    :func:`to_stix` writes it) and that note was read, that claim becomes the presence or
    commands claim (the units of several sightings of one note join); otherwise it is a
    claim of its own, by the source it was sighted by or its creator."""
    commands = obj["type"] == "relationship"
    if commands:
        person, unit = obj.get("source_ref"), obj.get("target_ref")
        if person not in people or unit not in units:
            return None
        when = _span(obj.get("start_time"), obj.get("stop_time"), "start_time", "stop_time")
    else:
        unit = obj.get("sighting_of_ref")
        if unit not in units:
            return None
        when = _span(obj.get("first_seen"), obj.get("last_seen"), "first_seen", "last_seen")
    assert isinstance(unit, str)
    where = _strings(obj.get("where_sighted_refs"))
    note = obj.get("x_conflictmodels_claim_ref")
    base = claims.get(note) if isinstance(note, str) else None
    if base is not None and base.statement.predicate in (Predicate.CUSTOM, Predicate.PRESENCE, Predicate.COMMANDS):
        st = base.statement
        same = st.predicate is (Predicate.COMMANDS if commands else Predicate.PRESENCE)
        unit_ids = _unique([*(st.unit_ids if same else ()), unit])
        if commands:
            assert isinstance(person, str)
            statement = Statement(predicate=Predicate.COMMANDS, person_ids=(person,), unit_ids=tuple(unit_ids))
        else:
            locations = st.location_ids if same else tuple(r for r in where if r in places)
            statement = Statement(predicate=Predicate.PRESENCE, unit_ids=tuple(unit_ids), location_ids=locations)
        upgraded = attrs.evolve(base, statement=statement, when=when or base.when)
        key = f"{person}\n{unit}" if commands else unit
        return _recorded(upgraded, "commands" if commands else "presence", key, obj["id"]), None
    creator = obj.get("created_by_ref")
    seen_by = [r for r in where if r in used]
    new_source: Source | None = None
    if seen_by:
        source_id = seen_by[0]
    elif isinstance(creator, str) and creator in used and creator != PRODUCER_ID:
        source_id = creator
    else:
        new_source = _free(_UNKNOWN_SOURCE, used)
        source_id = new_source.id
    if commands:
        assert isinstance(person, str)
        statement = Statement(predicate=Predicate.COMMANDS, person_ids=(person,), unit_ids=(unit,))
    else:
        statement = Statement(
            predicate=Predicate.PRESENCE, unit_ids=(unit,), location_ids=tuple(r for r in where if r in places)
        )
    confidence = obj.get("confidence")
    claim = Claim(
        id=obj["id"],
        source_id=source_id,
        reported_at=_parse_ts(obj.get("created")),
        when=when,
        statement=statement,
        quote=_text(obj.get("description")),
        credibility=confidence_to_credibility(confidence) if type(confidence) is int else None,
    )
    key = f"{person}\n{unit}" if commands else unit
    return _recorded(claim, "commands" if commands else "presence", key, obj["id"]), new_source


def _span(start: Any, end: Any, start_name: str, end_name: str) -> TimeSpan | None:
    """The time span of two optional STIX timestamps."""
    begin = None if start is None else _parse_ts(start, start_name)
    finish = None if end is None else _parse_ts(end, end_name)
    return None if begin is None and finish is None else TimeSpan(start=begin, end=finish)


_OPINION_LIKELIHOOD = {
    "strongly-agree": Likelihood.VERY_LIKELY,
    "agree": Likelihood.LIKELY,
    "neutral": Likelihood.ROUGHLY_EVEN_CHANCE,
    "disagree": Likelihood.UNLIKELY,
    "strongly-disagree": Likelihood.VERY_UNLIKELY,
}
"""The likelihood of a STIX opinion value: the middle band of those :func:`to_stix` writes
it for (``_LIKELIHOOD_TO_OPINION``), so that it is written again with the same value."""
_STATUSES = "|".join(s.value for s in AssessmentStatus)
_HEAD = re.compile(rf"(?P<status>{_STATUSES}): ")
_LIKELIHOOD_LINE = re.compile(r"likelihood: (?P<label>.+)")
_STANCE = re.compile(
    rf"These claims (?P<words>{re.escape(_CONTRADICT)}|{re.escape(_RELATED)}) the assessment "
    rf"'(?:{_STATUSES}): .*' \((?P<id>[^()]+)\)\.",
    re.DOTALL,
)
_ASSESSMENT_NOTE = re.compile(rf"(?P<status>{_STATUSES}) (?P<modality>" + "|".join(m.value for m in Modality) + r"): ")


def _stance_of(obj: Mapping[str, Any]) -> tuple[str, str] | None:
    """The STIX id of the opinion that carries the assessment an opinion's last line says
    its claims contradict or are related to (as :func:`_opinions` writes it), and which."""
    text = obj.get("explanation")
    if not isinstance(text, str):
        return None
    match = _STANCE.fullmatch(text.rsplit("\n", 1)[-1])
    if match is None:
        return None
    return _sid("opinion", "assessment", match["id"]), "contradicting" if match["words"] == _CONTRADICT else "related"


def _foreign_assessment(
    obj: Mapping[str, Any], claims: Mapping[str, Claim], used: Mapping[str, Source], stances: Iterable[_Entry] = ()
) -> Assessment:
    """The assessment of a foreign opinion about claims: its statement that of the first
    claim it cites. Status and likelihood from the explanation as :func:`to_stix` writes
    it (``refuted: ...`` and ``likelihood: very unlikely``), the claims of the opinions
    that say they contradict it or are related to it joining it as such; otherwise the
    status from the opinion value (agree corroborated, strongly agree confirmed, neutral
    unverified, disagree refuted) and the likelihood of that value (the middle band
    :func:`to_stix` writes it for), the cited claims supporting it."""
    cited = _unique(r for r in _strings(obj.get("object_refs")) if r in claims)
    if not cited:
        raise _NoEquivalent
    value = obj.get("opinion")
    status = _OPINION_STATUS.get(value) if isinstance(value, str) else None
    if status is None:
        raise FieldError(
            "STIX", "opinion", "must be a STIX opinion value (strongly-agree ... strongly-disagree)", value
        )
    likelihood: Likelihood | None = _OPINION_LIKELIHOOD[str(value)]
    explanation = _text(obj.get("explanation"))
    lines = [] if explanation is None else explanation.split("\n")
    head = _HEAD.match(lines[0]) if lines else None
    supporting, contradicting, related = cited, list[str](), list[str]()
    rationale = lines
    if head is not None:  # written by to_stix: the status and likelihood are said
        status = AssessmentStatus(head["status"])
        rest = lines[1:]
        said = _LIKELIHOOD_LINE.fullmatch(rest[0]) if rest else None
        likelihood = next((x for x in Likelihood if said is not None and x.label == said["label"]), None)
        rest = rest[1:] if likelihood is not None else rest
        own = _stance_of({"explanation": rest[-1]}) if rest else None
        if own is not None:  # no supporting claim: this opinion is about the contradicting or related ones
            rest = rest[:-1]
            supporting, contradicting, related = ([], cited, []) if own[1] == "contradicting" else ([], [], cited)
        rationale = rest
        for e in stances:
            stance = _stance_of(e.obj)
            more = [r for r in _strings(e.obj.get("object_refs")) if r in claims]
            if stance is not None and stance[1] == "contradicting":
                contradicting += more
            else:
                related += more
    if status is AssessmentStatus.ATTRIBUTED:
        likelihood = None
    authors = [a.strip() for a in _strings(obj.get("authors")) if _text(a)]
    creator = obj.get("created_by_ref")
    by = authors[0] if authors else used[creator].name if isinstance(creator, str) and creator in used else None
    confidence = obj.get("confidence")
    first = (supporting or contradicting or related)[0]
    return Assessment(
        id=obj["id"],
        statement=claims[first].statement,
        status=status,
        likelihood=likelihood,
        confidence=_analytic_confidence(confidence) if type(confidence) is int and 0 <= confidence <= 100 else None,
        supporting=tuple(supporting),
        contradicting=tuple(_unique(c for c in contradicting if c not in supporting)),
        related=tuple(_unique(c for c in related if c not in supporting and c not in contradicting)),
        rationale=tuple(rationale),
        assessed_at=_parse_ts(obj.get("modified") or obj.get("created")),
        assessed_by=by or "unknown (imported from STIX)",
    )


def _about_notes(obj: Mapping[str, Any], notes: set[str]) -> bool:
    """Whether a note is about other notes or the report only (a comment on claims, such as
    the note of an attributed assessment), rather than a claim about the world."""
    refs = _strings(obj.get("object_refs"))
    return bool(refs) and all(r in notes or r.startswith(("report--", "grouping--")) for r in refs)


def _foreign_note_assessment(obj: Mapping[str, Any], claims: Mapping[str, Claim]) -> Assessment:
    """The assessment of a note about claims, as :func:`to_stix` writes an ``attributed``
    one (``attributed opinion: ...``, by its ``authors``, citing the claims whose view it
    records); any other note about notes has no equivalent."""
    abstract = _text(obj.get("abstract")) or ""
    match = _ASSESSMENT_NOTE.match(abstract)
    cited = _unique(r for r in _strings(obj.get("object_refs")) if r in claims)
    if match is None:
        raise _NoEquivalent("a note about other notes or the report, not a claim")
    if not cited:
        raise _NoEquivalent("an assessment that cites no claim (its statement is in the conflictmodels extension)")
    content = _text(_without_line(obj.get("content"))) or ""
    lines = content.split("\n")
    authors = [a.strip() for a in _strings(obj.get("authors")) if _text(a)]
    statement = claims[cited[0]].statement
    return Assessment(
        id=obj["id"],
        statement=attrs.evolve(statement, modality=Modality(match["modality"])),
        status=AssessmentStatus(match["status"]),
        supporting=tuple(cited),
        rationale=tuple(x for x in (lines[1:] if lines and lines[0] == abstract else lines) if x),
        assessed_at=_parse_ts(obj.get("created")),
        assessed_by=authors[0] if authors else "unknown (imported from STIX)",
    )


def _free(source: Source, used: Mapping[str, Source]) -> Source:
    """``source``, or a copy under an id no other source has (``unknown-source-2``)."""
    n, candidate = 1, source
    while candidate.id in used and used[candidate.id] != candidate:
        n += 1
        candidate = attrs.evolve(source, id=f"{source.id}-{n}")
    return candidate


# ----------------------------------------------------------------- edits in other tools

_Prefer = Literal["stix", "extension"]


def _edited(dossier: Dossier, kept: list[_Entry], prefer: str, notices: list[_Notice]) -> Dossier:
    """The dossier with the STIX properties that another tool edited (they differ from
    the carried object) read over the carried object, or (``prefer="extension"``) not;
    either way each such object is reported."""
    index = {
        model: {x.id: x for x in getattr(dossier, collection)}
        for model, collection in (
            ("Source", "sources"),
            ("Unit", "units"),
            ("Person", "people"),
            ("Location", "locations"),
            ("Claim", "claims"),
        )
    }
    changed: dict[str, dict[str, Any]] = {c: {} for c in ("sources", "units", "people", "locations", "claims")}
    for e in kept:
        c = e.carried
        if c is None or c.model not in index or not isinstance(c.payload.get("id"), str):
            continue
        current = index[c.model].get(c.payload["id"])
        if current is None:
            continue
        # Another tool that dropped the extension may drop properties too (MISP keeps no
        # name of a place): only those it kept are compared.
        diffs = {
            k: v for k, (mine, v) in _properties(current, e.obj).items() if mine != v and (not c.text or k in e.obj)
        }
        if not diffs:
            continue
        names = ", ".join(sorted(diffs))
        if prefer == "extension":
            notices += e.notices("edited", f"{names}: the extension is read (prefer='extension')")
            continue
        try:
            new = _apply(current, diffs)
        except (ConflictModelsError, TypeError, ValueError) as err:
            notices += e.notices("edited", f"{names}: the extension is read, the edit is invalid: {_reason(err)}")
            continue
        notices += e.notices("edited", f"{names}: the STIX properties are read (prefer='stix')")
        changed[_KINDS[c.model]][current.id] = new
    if not any(changed.values()):
        return dossier
    replaced: dict[str, Any] = {k: tuple(v.get(x.id, x) for x in getattr(dossier, k)) for k, v in changed.items() if v}
    return attrs.evolve(dossier, **replaced)


def _properties(obj: Source | Unit | Person | Location | Claim, stix: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The STIX properties that map back to fields of ``obj``: what :func:`to_stix`
    writes for it, and what ``stix`` holds."""
    mine: dict[str, Any]
    if isinstance(obj, Source):
        mine = {"name": obj.name, "contact_information": obj.url}
    elif isinstance(obj, Unit | Person):
        mine = {"name": obj.name}
    elif isinstance(obj, Location):
        p = obj.point
        mine = {
            "name": obj.name,
            "latitude": None if p is None else float(p.lat),
            "longitude": None if p is None else float(p.lon),
            "precision": None if p is None or p.precision_m is None else float(p.precision_m),
            "country": obj.country or (obj.region[:2] if obj.region else None),
            "administrative_area": obj.region,
        }
    else:
        mine = {"confidence": None if obj.credibility is None else credibility_to_confidence(obj.credibility)}
        if obj.quote is not None:
            mine["content"] = obj.quote
    return {k: (v, _without_line(stix.get(k)) if k == "content" else stix.get(k)) for k, v in mine.items()}


def _apply(obj: Any, diffs: Mapping[str, Any]) -> Any:
    """``obj`` with the edited STIX properties ``diffs`` read back into its fields."""
    if isinstance(obj, Claim):
        changes: dict[str, Any] = {}
        if "content" in diffs:
            changes["quote"] = diffs["content"]
        if "confidence" in diffs:
            value = diffs["confidence"]
            changes["credibility"] = None if value is None else confidence_to_credibility(value)
        return attrs.evolve(obj, **changes)
    changes = {"name": diffs["name"]} if "name" in diffs else {}
    if isinstance(obj, Source) and "contact_information" in diffs:
        changes["url"] = diffs["contact_information"]
    if isinstance(obj, Location):
        if {"latitude", "longitude", "precision"} & set(diffs):
            where: dict[str, Any] = {
                "lat": diffs.get("latitude"),
                "lon": diffs.get("longitude"),
                "precision_m": diffs.get("precision"),
            }
            if obj.point is not None:
                where = {k: v for k, v in where.items() if v is not None}
                changes["point"] = attrs.evolve(obj.point, **where)
            elif where["lat"] is not None and where["lon"] is not None:
                changes["point"] = Point(**where)
        if "administrative_area" in diffs:
            changes["region"] = diffs["administrative_area"]
        if "country" in diffs:
            changes["country"] = diffs["country"]
    return attrs.evolve(obj, **changes)
