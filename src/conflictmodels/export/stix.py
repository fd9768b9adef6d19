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
                       ``object_refs`` the cited claims)
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

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from .._spec import LANGUAGE, REGION, URL
from ..assessment import Assessment
from ..claim import Claim
from ..dossier import Dossier
from ..errors import FieldError, FieldTypeError, ValidationError
from ..geo import Point
from ..location import Location
from ..migration import SCHEMA_VERSION
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
    relationships: list[dict[str, Any]] = []
    for s in dossier.sources:
        objects.append(_source(s))
        if s.parent_id is not None:
            relationships.append(_relationship("source", s.id, s.parent_id, "identity", "identity", "part of"))
    for u in dossier.units:
        objects.append(_unit(u))
        for j, p in enumerate(u.parents):
            rel = _relationship("unit", u.id, p.unit_id, "identity", "identity", "subordinate to", j)
            relationships.append(rel)
    for loc in dossier.locations:
        objects.append(_location(loc))
        if loc.parent_id is not None:
            relationships.append(_relationship("location", loc.id, loc.parent_id, "location", "location", "within"))
    objects += [_note(dossier, c) for c in dossier.claims]
    objects += [_opinion(dossier, a) for a in dossier.assessments]
    objects += relationships
    key = _dossier_key(dossier)
    objects.append(_report(dossier, key, [o["id"] for o in objects if o["id"] != EXTENSION_ID]))
    return {"type": "bundle", "id": stix_id("bundle", "dossier", key), "objects": objects}


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


def _relationship(
    kind: str, child: str, parent: str, child_type: str, parent_type: str, how: str, index: int = 0
) -> dict[str, Any]:
    return _base(
        "relationship",
        stix_id("relationship", f"{kind}-parent", f"{child}\n{parent}\n{index}"),
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
_REGION_RE, _LANG_RE, _URL_RE = REGION.regex, LANGUAGE.regex, URL.regex
_UNKNOWN_SOURCE = Source(id="unknown-source", name="Unknown source (imported from STIX)")


def from_stix(bundle: Mapping[str, Any], *, strict: bool = False) -> Dossier:
    """Read a STIX 2.1 bundle into a dossier.

    Objects written by :func:`to_stix` are restored exactly from their extension.
    Objects from other tools are read with best effort: an ``identity`` becomes a
    source, a ``location`` a location, a ``note`` or ``report`` a claim with a
    ``custom`` statement (``stix-note`` / ``stix-report``) made by its
    ``created_by_ref`` (or its first author, or an "Unknown source"). Every other
    object is skipped; :func:`from_stix_with_warnings` says which.

    Args:
        bundle: The parsed JSON of a STIX bundle.
        strict: Raise instead of skipping objects that have no equivalent.

    Raises:
        ValidationError: The bundle is malformed, a carried conflictmodels object is
            invalid, or (with ``strict``) some objects were skipped; each problem has
            the JSON path of its object (``$.objects[7]``).

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
    dossier, skipped = from_stix_with_warnings(bundle)
    if strict and skipped:
        errors = [
            FieldError("STIX", "objects", message.split(": ", 1)[1]).at(message.split(": ", 1)[0])
            for message in skipped
        ]
        raise ValidationError(errors, summary=f"{len(errors)} STIX objects have no conflictmodels equivalent")
    return dossier


def from_stix_with_warnings(bundle: Mapping[str, Any]) -> tuple[Dossier, tuple[str, ...]]:
    """Like :func:`from_stix`, also returning one message per skipped object.

    Each message is ``$.objects[INDEX]: skipped TYPE ID: REASON``.

    Example:
        >>> from conflictmodels.export import from_stix_with_warnings
        >>> indicator = {"type": "indicator", "id": "indicator--1", "spec_version": "2.1"}
        >>> dossier, skipped = from_stix_with_warnings({"type": "bundle", "id": "bundle--1",
        ...                                            "objects": [indicator]})
        >>> skipped
        ('$.objects[0]: skipped indicator indicator--1: no conflictmodels equivalent',)
    """
    objects = _objects(bundle)
    carried: dict[str, list[Any]] = {kind: [] for kind in _KINDS.values()}
    head: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    foreign: list[tuple[int, Mapping[str, Any]]] = []
    for i, obj in enumerate(objects):
        ext = _carried(obj)
        if isinstance(ext, Mapping) and isinstance(ext.get("object"), Mapping):
            model = ext.get("model")
            if model == "Dossier":
                head = {**ext["object"], "schema_version": ext.get("schema_version")}
            elif model in _KINDS:
                carried[_KINDS[model]].append(ext["object"])
            continue
        if obj.get("id") in (PRODUCER_ID, *_EXTENSION_IDS) or (
            obj.get("type") == "relationship" and obj.get("created_by_ref") == PRODUCER_ID
        ):
            continue  # written by to_stix and derived from the carried objects
        foreign.append((i, obj))
    version = head.get("schema_version")
    # Carried objects are read as one dossier payload so that errors name their place.
    payload = {**head, **{kind: items for kind, items in carried.items() if items}}
    if version is None:
        payload["schema_version"] = SCHEMA_VERSION
    dossier = from_dict(payload, Dossier, keep_unknown=True)
    if not foreign:
        return dossier, ()
    return _with_foreign(dossier, foreign)


def _carried(obj: Mapping[str, Any]) -> Any:
    """The conflictmodels extension of a STIX object (under the current or a legacy id)."""
    extensions = obj.get("extensions")
    if not isinstance(extensions, Mapping):
        return None
    return next((extensions[key] for key in _EXTENSION_IDS if key in extensions), None)


def _objects(bundle: Any) -> list[Mapping[str, Any]]:
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        err = FieldTypeError("STIX", "", "must be a STIX bundle (an object with type 'bundle')", bundle).at("$")
        raise ValidationError([err], summary="not a STIX bundle")
    objects = bundle.get("objects", [])
    if not isinstance(objects, list):
        err = FieldTypeError("STIX", "objects", "must be a list", objects).at("$.objects")
        raise ValidationError([err], summary="not a STIX bundle")
    bad = [
        FieldTypeError("STIX", "objects", "must be a STIX object with a type and an id", o).at(f"$.objects[{i}]")
        for i, o in enumerate(objects)
        if not isinstance(o, Mapping) or type(o.get("type")) is not str or type(o.get("id")) is not str
    ]
    if bad:
        raise ValidationError(bad, summary=f"{len(bad)} malformed STIX objects")
    return objects


def _with_foreign(dossier: Dossier, foreign: list[tuple[int, Mapping[str, Any]]]) -> tuple[Dossier, tuple[str, ...]]:
    skipped: list[str] = []
    sources: dict[str, Source] = {}
    locations: dict[str, Location] = {}
    claims: list[Claim] = []
    later: list[tuple[int, Mapping[str, Any]]] = []
    for i, obj in foreign:
        kind, sid = obj["type"], obj["id"]
        try:
            if kind == "identity":
                sources[sid] = _foreign_source(obj)
            elif kind == "location":
                locations[sid] = _foreign_location(obj)
            elif kind in ("note", "report"):
                later.append((i, obj))
            else:
                skipped.append(f"$.objects[{i}]: skipped {kind} {sid}: no conflictmodels equivalent")
        except (FieldError, ValidationError, ValueError, TypeError, KeyError) as err:
            skipped.append(f"$.objects[{i}]: skipped {kind} {sid}: {_reason(err)}")
    extra_sources: dict[str, Source] = {}
    known_sources = {s.id for s in dossier.sources} | set(sources)
    known_places = {loc.id for loc in dossier.locations} | set(locations)
    for i, obj in later:
        try:
            claim, new_source = _foreign_claim(obj, known_sources, known_places)
        except (FieldError, ValidationError, ValueError, TypeError, KeyError) as err:
            skipped.append(f"$.objects[{i}]: skipped {obj['type']} {obj['id']}: {_reason(err)}")
            continue
        if new_source is not None:
            extra_sources.setdefault(new_source.id, new_source)
        claims.append(claim)
    result = attrs.evolve(
        dossier,
        sources=(*dossier.sources, *sources.values(), *extra_sources.values()),
        locations=(*dossier.locations, *locations.values()),
        claims=(*dossier.claims, *claims),
    )
    return result, tuple(skipped)


def _reason(err: BaseException) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(str(e) for e in err.errors)
    return str(err)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _url(obj: Mapping[str, Any]) -> str | None:
    for ref in obj.get("external_references") or ():
        url = ref.get("url") if isinstance(ref, Mapping) else None
        if isinstance(url, str) and _URL_RE.fullmatch(url):
            return url
    return None


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
    obj: Mapping[str, Any], known_sources: set[str], known_places: set[str]
) -> tuple[Claim, Source | None]:
    new_source: Source | None = None
    creator = obj.get("created_by_ref")
    authors = [a for a in obj.get("authors") or () if _text(a)]
    if isinstance(creator, str) and creator in known_sources:
        source_id = creator
    elif authors:
        new_source = Source(id=f"author--{uuid.uuid5(NAMESPACE, 'author:' + authors[0])}", name=authors[0].strip())
        source_id = new_source.id
    else:
        new_source, source_id = _UNKNOWN_SOURCE, _UNKNOWN_SOURCE.id
    refs = [r for r in obj.get("object_refs") or () if isinstance(r, str)]
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
