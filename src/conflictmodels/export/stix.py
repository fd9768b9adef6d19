"""STIX 2.1 bundles: export a dossier, and import bundles from this library or others.

Mapping (see ``docs/howto/export.md`` for the full tables):

=====================  ==========================================================
conflictmodels         STIX 2.1
=====================  ==========================================================
Source                 ``identity`` (``identity_class`` from the source kind)
Unit                   ``identity`` (``identity_class: organization``,
                       sector ``defense``)
Location               ``location`` (``latitude``/``longitude``/``precision`` in
                       metres, ``country``, ISO 3166-2 code in
                       ``administrative_area``)
Claim                  ``note`` (``created_by_ref`` the originating source,
                       ``object_refs`` the source, relays, places and units,
                       ``content`` the quote, ``confidence`` from credibility)
Assessment             ``opinion`` (``opinion`` from the ICD 203 likelihood,
                       ``confidence`` from the analytic confidence,
                       ``object_refs`` the cited claims); an ``attributed``
                       one (an opinion, judgment or forecast recorded as
                       said) is a ``note`` citing its claims instead
Dossier                ``report`` referencing every object
parent links           ``relationship`` ``related-to``
=====================  ==========================================================

Every exported object also carries the complete conflictmodels object in a STIX
property-extension (:data:`EXTENSION_ID`), so a round trip through STIX is lossless;
the STIX properties are derived from it for other tools. The extension id is the same
for every schema version: each carried object says its own ``schema_version``, and
older ones are migrated when read. Ids are deterministic:
``<type>--<uuid5>`` of ``<kind>:<id>`` under :data:`NAMESPACE`.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import from_stix, to_stix
    >>> bundle = to_stix(kursk_dossier())
    >>> sorted({o["type"] for o in bundle["objects"]})  # doctest: +NORMALIZE_WHITESPACE
    ['extension-definition', 'identity', 'location', 'note', 'relationship', 'report']
    >>> from_stix(bundle) == kursk_dossier()
    True
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

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
from ..geo import Point
from ..location import Location
from ..migration import SCHEMA_VERSION, migrate
from ..references import references
from ..serialization import from_dict, to_dict
from ..source import Source
from ..statement import Statement
from ..unit import Unit
from ..vocabularies import (
    AssessmentStatus,
    Confidence,
    Credibility,
    Likelihood,
    LocationKind,
    Predicate,
    SourceKind,
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
_IDENTITY_CLASS = {
    SourceKind.JOURNALIST: "individual",
    SourceKind.BLOGGER: "individual",
    SourceKind.OTHER: "unknown",
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


def _parse_ts(value: Any) -> datetime:
    if type(value) is not str:
        raise FieldTypeError("STIX", "created", "must be a timestamp string", value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError("STIX", "created", "must be a STIX timestamp (RFC 3339, UTC)", value) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


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


def _base(stix_type: str, sid: str, created: str, **props: Any) -> dict[str, Any]:
    obj = {"type": stix_type, "spec_version": "2.1", "id": sid, "created": created, "modified": created}
    obj.update({k: v for k, v in props.items() if v is not None and v != []})
    return obj


def to_stix(dossier: Dossier) -> dict[str, Any]:
    """A STIX 2.1 bundle of a dossier.

    The output is deterministic: the same dossier gives the same bundle, byte for
    byte once dumped. Objects with no time of their own (identities, locations,
    relationships) are dated at the Unix epoch; claims at their ``reported_at``,
    assessments at their ``assessed_at``, the report at the latest of those.

    Args:
        dossier: The dossier to export.

    Returns:
        A JSON-compatible dict (``{"type": "bundle", ...}``).

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import to_stix
        >>> bundle = to_stix(kursk_dossier())
        >>> note = next(o for o in bundle["objects"] if o["type"] == "note")
        >>> note["abstract"], note["created"]
        ('control: RU recaptured Malaya Lokhnya', '2025-03-09T15:00:00.000000Z')
    """
    objects: list[dict[str, Any]] = [_producer(), _extension_definition()]
    objects += [_source(s) for s in dossier.sources]
    objects += [_unit(u) for u in dossier.units]
    objects += [_location(loc) for loc in dossier.locations]
    objects += [_note(dossier, c) for c in dossier.claims]
    objects += [_opinion(dossier, a) for a in dossier.assessments]
    objects += _relationships(dossier)
    key = _dossier_key(dossier)
    objects.append(_report(dossier, key, [o["id"] for o in objects if o["id"] != EXTENSION_ID]))
    return {"type": "bundle", "id": stix_id("bundle", "dossier", key), "objects": objects}


_ParentLink = tuple[str, str, str, str, str, str, int]
"""kind, child id, parent id, child's STIX type, parent's STIX type, description, index."""


def _parent_links(dossier: Dossier) -> list[_ParentLink]:
    """The parent links of sources, units and places, as :func:`_relationship` arguments."""
    out = [("source", s.id, s.parent_id, "identity", "identity", "part of", 0) for s in dossier.sources if s.parent_id]
    for u in dossier.units:
        out += [("unit", u.id, p.unit_id, "identity", "identity", "subordinate to", j) for j, p in enumerate(u.parents)]
    out += [
        ("location", loc.id, loc.parent_id, "location", "location", "within", 0)
        for loc in dossier.locations
        if loc.parent_id is not None
    ]
    return out


def _relationships(dossier: Dossier) -> list[dict[str, Any]]:
    """The ``related-to`` relationships of the parent links of sources, units and places."""
    return [_relationship(*link) for link in _parent_links(dossier)]


def _relationship_id(kind: str, child: str, parent: str, index: int) -> str:
    return stix_id("relationship", f"{kind}-parent", f"{child}\n{parent}\n{index}")


def _dossier_key(dossier: Dossier) -> str:
    from ..serialization import dumps

    return str(uuid.uuid5(NAMESPACE, dumps(dossier)))


def _producer() -> dict[str, Any]:
    return _base(
        "identity",
        PRODUCER_ID,
        _EPOCH,
        name="conflictmodels",
        identity_class="system",
        description="The conflictmodels Python library, which wrote this bundle.",
    )


def _extension_definition() -> dict[str, Any]:
    return _base(
        "extension-definition",
        EXTENSION_ID,
        _EPOCH,
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


def _source(s: Source) -> dict[str, Any]:
    words = [s.kind.value.replace("_", " ")]
    if s.party:
        words.append(f"speaks for {s.party}")
    if s.reliability:
        words.append(f"Admiralty reliability {s.reliability.value} ({s.reliability.label})")
    return _base(
        "identity",
        stix_id("identity", "source", s.id),
        _EPOCH,
        created_by_ref=PRODUCER_ID,
        name=s.name,
        description="; ".join(words),
        identity_class=_IDENTITY_CLASS.get(s.kind, "organization"),
        sectors=_SECTORS.get(s.kind),
        contact_information=s.url,
        extensions=_extension("Source", s),
    )


def _unit(u: Unit) -> dict[str, Any]:
    words = [w for w in (u.party, u.branch and u.branch.value, u.echelon and u.echelon.value) if w]
    return _base(
        "identity",
        stix_id("identity", "unit", u.id),
        _EPOCH,
        created_by_ref=PRODUCER_ID,
        name=u.name,
        description="military unit" + (f": {' '.join(words)}" if words else ""),
        identity_class="organization",
        sectors=["defense"],
        extensions=_extension("Unit", u),
    )


def _location(loc: Location) -> dict[str, Any]:
    point = loc.point
    country = loc.country or (loc.region[:2] if loc.region else None)
    return _base(
        "location",
        stix_id("location", "location", loc.id),
        _EPOCH,
        created_by_ref=PRODUCER_ID,
        name=loc.name,
        description=f"{loc.kind.value}" + (f"; also {', '.join(loc.aliases)}" if loc.aliases else ""),
        latitude=None if point is None else float(point.lat),
        longitude=None if point is None else float(point.lon),
        precision=None if point is None or point.precision_m is None else float(point.precision_m),
        country=country,
        administrative_area=loc.region,
        # STIX needs a region, a country or coordinates; a place with none is 'unknown'.
        region="unknown" if point is None and country is None else None,
        extensions=_extension("Location", loc),
    )


_STIX_OF_COLLECTION = {
    "sources": ("identity", "source"),
    "locations": ("location", "location"),
    "units": ("identity", "unit"),
    "claims": ("note", "claim"),
}
"""The STIX object each dossier collection becomes, as ``stix_id`` arguments."""


def _object_refs(obj: Claim | Assessment) -> list[str]:
    """The STIX ids of everything ``obj`` refers to (from the reference declarations),
    cited claims first."""
    found = sorted(references(obj), key=lambda ref: ref[0] != "claims")
    return _unique(stix_id(*_STIX_OF_COLLECTION[collection], ref) for collection, _, ref in found)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _note(dossier: Dossier, claim: Claim) -> dict[str, Any]:
    summary = statement_text(dossier, claim.statement)
    source = dossier.source(claim.source_id)
    chain = chain_text(dossier, claim.attribution)
    return _base(
        "note",
        stix_id("note", "claim", claim.id),
        _ts(claim.reported_at),
        created_by_ref=stix_id("identity", "source", claim.source_id),
        abstract=summary,
        content=claim.quote or (f"{summary} (via {chain})" if chain else summary),
        authors=[source.name],
        object_refs=_object_refs(claim),
        confidence=None if claim.credibility is None else credibility_to_confidence(claim.credibility),
        # The primary subtag only: STIX tools check lang against a fixed list of codes.
        lang=None if claim.language is None else claim.language.split("-")[0],
        external_references=[{"source_name": "claim", "url": claim.url}] if claim.url else None,
        extensions=_extension("Claim", claim),
    )


def _opinion(dossier: Dossier, a: Assessment) -> dict[str, Any]:
    if a.status is _ATTRIBUTED:  # recorded as its sources said it: an opinion object would say the producer agrees
        return _attributed_note(dossier, a)
    opinion = _LIKELIHOOD_TO_OPINION[a.likelihood] if a.likelihood else _STATUS_TO_OPINION[a.status]
    refs = _object_refs(a)
    explanation = [f"{a.status.value}: {statement_text(dossier, a.statement)}"]
    if a.likelihood is not None:
        explanation.append(f"likelihood: {a.likelihood.label}")
    explanation += list(a.rationale)
    return _base(
        "opinion",
        stix_id("opinion", "assessment", a.id),
        _ts(a.assessed_at),
        created_by_ref=PRODUCER_ID,
        authors=[a.assessed_by],
        opinion=opinion,
        explanation="\n".join(explanation),
        confidence=None if a.confidence is None else _CONFIDENCE_TO_STIX[a.confidence],
        object_refs=refs or [PRODUCER_ID],
        extensions=_extension("Assessment", a),
    )


_ATTRIBUTED = AssessmentStatus.ATTRIBUTED


def _attributed_note(dossier: Dossier, a: Assessment) -> dict[str, Any]:
    """An ``attributed`` assessment (an opinion, judgment or forecast recorded as its
    sources said it) as a ``note`` citing those claims: a STIX ``opinion`` would state
    the producer's own agreement, which an attributed view is not."""
    summary = f"{a.status.value} {a.statement.modality.value}: {statement_text(dossier, a.statement)}"
    return _base(
        "note",
        stix_id("note", "assessment", a.id),
        _ts(a.assessed_at),
        created_by_ref=PRODUCER_ID,
        authors=[a.assessed_by],
        abstract=summary,
        content="\n".join((summary, *a.rationale)),
        object_refs=_object_refs(a) or [PRODUCER_ID],
        extensions=_extension("Assessment", a),
    )


def _relationship(
    kind: str, child: str, parent: str, child_type: str, parent_type: str, how: str, index: int = 0
) -> dict[str, Any]:
    return _base(
        "relationship",
        _relationship_id(kind, child, parent, index),
        _EPOCH,
        created_by_ref=PRODUCER_ID,
        relationship_type="related-to",
        description=how,
        source_ref=stix_id(child_type, kind, child),
        target_ref=stix_id(parent_type, kind, parent),
    )


def _report(dossier: Dossier, key: str, refs: list[str]) -> dict[str, Any]:
    times = [c.reported_at for c in dossier.claims] + [a.assessed_at for a in dossier.assessments]
    published = _ts(max(times)) if times else _EPOCH  # aware datetimes compare without overflow
    body = to_dict(attrs.evolve(dossier, sources=(), locations=(), units=(), claims=(), assessments=()))
    version = body.pop("schema_version")
    report = _base(
        "report",
        # A titled dossier keeps its report id across versions; an untitled one is keyed by content.
        stix_id("report", "dossier", dossier.title or key),
        published,
        created_by_ref=PRODUCER_ID,
        name=dossier.title or "conflictmodels dossier",
        description="A conflictmodels dossier: sources, places, units, claims and assessments.",
        published=published,
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

_KINDS = {"Source": "sources", "Location": "locations", "Unit": "units", "Claim": "claims", "Assessment": "assessments"}
_COLLECTIONS = tuple(_KINDS.values())
_REGION_RE, _LANG_RE, _URL_RE = REGION.regex, LANGUAGE.regex, URL.regex
_UNKNOWN_SOURCE = Source(id="unknown-source", name="Unknown source (imported from STIX)")
_FOREIGN_COLLECTION = {"identity": "sources", "location": "locations", "note": "claims", "report": "claims"}


class StixWarning(str):
    """One warning of :func:`from_stix_with_warnings`: its text, and what it is about.

    The text starts with the JSON path of the first object concerned
    (``$.objects[7]: skipped indicator indicator--...: no conflictmodels equivalent``);
    a warning about several objects gives their count and every id and path.

    Attributes:
        kind: What happened to the objects, one of :data:`WARNING_KINDS`.
        ids: The STIX ids of the objects, in bundle order.
        paths: Their JSON paths (``$.objects[INDEX]``), in the same order.
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
}
"""Each kind of :class:`StixWarning`, with the verb and the reason its text uses."""


@attrs.frozen
class _Notice:
    kind: str
    index: int
    obj: Mapping[str, Any]
    detail: str | None = None

    @property
    def path(self) -> str:
        return f"$.objects[{self.index}]"

    def describe(self) -> str:
        return f"{self.obj['type']} {self.obj['id']}"


@attrs.frozen
class _Carried:
    """A well-formed conflictmodels extension of the STIX object at ``index``."""

    index: int
    sid: str
    path: str  # of the extension: $.objects[7].extensions.<id>
    model: str
    version: int
    payload: dict[str, Any]


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
        value = self.obj.get("modified")
        if type(value) is not str:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def from_stix(bundle: Mapping[str, Any], *, strict: bool = False) -> Dossier:
    """Read a STIX 2.1 bundle into a dossier.

    Objects written by :func:`to_stix` are restored exactly from their extension, each
    in its own ``schema_version`` (older ones are migrated). Objects from other tools
    are read with best effort: an ``identity`` becomes a source, a ``location`` a
    location, a ``note`` or ``report`` a claim with a ``custom`` statement
    (``stix-note`` / ``stix-report``) made by its ``created_by_ref`` (or its first
    author, or an "Unknown source").

    Nothing is dropped silently: objects with no equivalent, objects that cannot be
    read, older versions of a repeated id (the newest ``modified`` is read) and other
    losses are listed by :func:`from_stix_with_warnings`; ``strict`` refuses them.

    Args:
        bundle: The parsed JSON of a STIX bundle.
        strict: Raise instead of skipping or replacing any object.

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
    dossier, notices = _import(bundle)
    if strict and notices:
        errors = [
            FieldError("STIX", "objects", _line(n.kind, n.describe(), n.detail)).at(n.path)
            for n in sorted(notices, key=lambda n: n.index)
        ]
        n = len(errors)
        summary = f"{n} STIX object{'s' if n != 1 else ''} would be skipped or replaced (strict import)"
        raise ValidationError(errors, summary=summary)
    return dossier


def from_stix_with_warnings(bundle: Mapping[str, Any]) -> tuple[Dossier, tuple[StixWarning, ...]]:
    """Like :func:`from_stix`, also returning what was not read as it is.

    One :class:`StixWarning` per kind (:data:`WARNING_KINDS`), in the order of the
    first object concerned. An object in no warning is in the dossier: carried ones
    as carried, foreign ones under their STIX id; the ``identity``, the
    ``extension-definition`` and the relationships that :func:`to_stix` derives are
    written again from the dossier. An exact repeat of an object is not a loss and is
    not reported.

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
    dossier, notices = _import(bundle)
    return dossier, _warnings(notices)


def _line(kind: str, what: str, detail: str | None) -> str:
    verb, reason = WARNING_KINDS[kind]
    return f"{verb} {what}: {reason}" + (f" ({detail})" if detail else "")


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
            items = "; ".join(f"{n.describe()} at {n.path}" + (f" ({n.detail})" if n.detail else "") for n in group)
            text = f"{group[0].path}: {verb} {len(group)} objects: {reason}: {items}"
        out.append(StixWarning(text, kind=kind, ids=(n.obj["id"] for n in group), paths=(n.path for n in group)))
    return tuple(out)


def _import(bundle: Any) -> tuple[Dossier, list[_Notice]]:
    objects = _objects(bundle)
    notices: list[_Notice] = []
    entries: list[_Entry] = []
    problems: list[FieldError] = []
    for i, obj in enumerate(objects):
        found = _carried(obj, i)
        if isinstance(found, list):
            problems += found
        elif found is not None and found.model != "Dossier" and found.model not in _KINDS:
            notices.append(_Notice("unknown-model", i, obj, f"model {found.model!r}"))
        elif found is not None or not _is_boilerplate(obj):
            entries.append(_Entry(i, obj, found))
    if problems:
        raise ValidationError(problems, summary=_about(objects, problems, "malformed conflictmodels extension"))
    kept = _newest(entries, notices)
    dossier = _read_carried(objects, [e.carried for e in kept if e.carried is not None])
    foreign = [e for e in kept if e.carried is None]
    if foreign:
        dossier = _with_foreign(dossier, foreign, notices)
    return dossier, notices


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
    by_stix_id = [_pick(group, notices) for group in _groups(entries, lambda e: ("stix", e.obj["id"]))]
    by_object = [_pick(group, notices) for group in _groups(by_stix_id, lambda e: e.key)]
    return sorted(by_object, key=lambda e: e.first)


def _groups(entries: list[_Entry], key: Callable[[_Entry], tuple[Any, ...]]) -> Iterable[list[_Entry]]:
    groups: dict[tuple[Any, ...], list[_Entry]] = {}
    for e in entries:
        groups.setdefault(key(e), []).append(e)
    return groups.values()


def _pick(group: list[_Entry], notices: list[_Notice]) -> _Entry:
    """The version of ``group`` that is read; the others are exact repeats of it or noticed."""
    if len(group) == 1:
        return group[0]
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


def _with_foreign(dossier: Dossier, foreign: list[_Entry], notices: list[_Notice]) -> Dossier:
    derived = {_relationship_id(link[0], link[1], link[2], link[6]) for link in _parent_links(dossier)}
    carried_ids = {c: {x.id for x in getattr(dossier, c)} for c in ("sources", "locations", "claims")}
    sources: dict[str, Source] = {}
    locations: dict[str, Location] = {}
    later: list[_Entry] = []
    for e in foreign:
        obj, kind, sid = e.obj, e.obj["type"], e.obj["id"]
        if kind == "relationship" and obj.get("created_by_ref") == PRODUCER_ID and sid in derived:
            continue  # written by to_stix from the parent links, and written again from them
        collection = _FOREIGN_COLLECTION.get(kind)
        if collection is None:
            notices += e.notices("no-equivalent")
        elif sid in carried_ids[collection]:
            notices += e.notices("id-taken")
        elif kind in ("note", "report"):
            later.append(e)
        else:
            try:
                if kind == "identity":
                    sources[sid] = _foreign_source(obj)
                else:
                    locations[sid] = _foreign_location(obj)
            except ConflictModelsError as err:
                notices += e.notices("unreadable", _reason(err))
    used: dict[str, Source] = {**{s.id: s for s in dossier.sources}, **sources}
    places = carried_ids["locations"] | set(locations)
    new_sources: dict[str, Source] = {}
    claims: list[Claim] = []
    for e in later:
        try:
            claim, new_source = _foreign_claim(e.obj, used, places)
        except ConflictModelsError as err:
            notices += e.notices("unreadable", _reason(err))
            continue
        if new_source is not None:
            used[new_source.id] = new_sources[new_source.id] = new_source
        claims.append(claim)
    if not (sources or locations or new_sources or claims):
        return dossier
    return attrs.evolve(
        dossier,
        sources=(*dossier.sources, *sources.values(), *new_sources.values()),
        locations=(*dossier.locations, *locations.values()),
        claims=(*dossier.claims, *claims),
    )


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
    return Source(id=obj["id"], name=_text(obj.get("name")) or obj["id"], kind=SourceKind.OTHER, url=url)


def _foreign_location(obj: Mapping[str, Any]) -> Location:
    country = obj.get("country")
    country = country.upper() if isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country) else None
    area = obj.get("administrative_area")
    region = area if isinstance(area, str) and _REGION_RE.fullmatch(area) else None
    if region is not None and country is not None and region[:2] != country:
        region = None
    lat, lon = obj.get("latitude"), obj.get("longitude")
    point = None
    if lat is not None and lon is not None:
        precision = obj.get("precision")
        point = Point(lat=lat, lon=lon, precision_m=precision)
    kind = (
        LocationKind.SETTLEMENT
        if point is not None
        else LocationKind.REGION
        if region or area
        else LocationKind.COUNTRY
        if country
        else LocationKind.AREA
    )
    name = _text(obj.get("name")) or _text(area) or _text(obj.get("city")) or country or _text(obj.get("region"))
    return Location(id=obj["id"], name=name or obj["id"], kind=kind, country=country, region=region, point=point)


def _foreign_claim(
    obj: Mapping[str, Any], used: Mapping[str, Source], known_places: set[str]
) -> tuple[Claim, Source | None]:
    """The claim of a foreign note or report, and the source to add for it, if any
    (``used`` holds every source id already taken)."""
    new_source: Source | None = None
    creator = obj.get("created_by_ref")
    authors = [a for a in _strings(obj.get("authors")) if _text(a)]
    if isinstance(creator, str) and creator in used:
        source_id = creator
    else:
        if authors:
            placeholder = Source(id=f"author--{uuid.uuid5(NAMESPACE, 'author:' + authors[0])}", name=authors[0].strip())
        else:
            placeholder = _UNKNOWN_SOURCE
        new_source = _free(placeholder, used)
        source_id = new_source.id
    refs = _strings(obj.get("object_refs"))
    is_report = obj["type"] == "report"
    content = _text(obj.get("description") if is_report else obj.get("content"))
    statement = Statement(
        predicate=Predicate.CUSTOM,
        custom_predicate="stix-report" if is_report else "stix-note",
        description=_text(obj.get("name") if is_report else obj.get("abstract")) or content,
        location_ids=tuple(_unique(r for r in refs if r in known_places)),
    )
    confidence = obj.get("confidence")
    lang = obj.get("lang")
    claim = Claim(
        id=obj["id"],
        source_id=source_id,
        reported_at=_parse_ts(obj.get("published") if is_report and obj.get("published") else obj.get("created")),
        statement=statement,
        quote=content,
        language=lang if isinstance(lang, str) and _LANG_RE.fullmatch(lang) else None,
        credibility=confidence_to_credibility(confidence) if type(confidence) is int else None,
        url=_url(obj),
    )
    return claim, new_source


def _free(source: Source, used: Mapping[str, Source]) -> Source:
    """``source``, or a copy under an id no other source has (``unknown-source-2``)."""
    n, candidate = 1, source
    while candidate.id in used and used[candidate.id] != candidate:
        n += 1
        candidate = attrs.evolve(source, id=f"{source.id}-{n}")
    return candidate
