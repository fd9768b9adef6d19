"""JSON Schema (draft 2020-12) of the payloads, generated from the model types.

The schema is built at run time from the model classes, so it cannot drift from the
code: one ``$defs`` entry per class and per vocabulary, ``required`` for the fields
without a default, ``additionalProperties: false``, vocabularies as ``enum``. Each
field's constraints (numeric ranges, the shapes of ids, codes and date-times) come from
the kind it declares (:mod:`conflictmodels._spec`); which fields a predicate needs comes
from the predicate table, through :data:`NEED_SCHEMAS`; the few other cross-field rules
are in :data:`CLASS_RULES`. The tests check all of it against the models' own
validation at the boundaries.

The schema accepts exactly what the loader accepts, checked on generated payloads and on
a corpus of mutations of them with two validators (``jsonschema``, Draft 2020-12 with
format checking, and Ajv 8 in strict mode with ``ajv-formats``), except for the rules
listed in :data:`LOADER_ONLY`: rules between fields or between objects, which JSON
Schema cannot state, and two that sit below it in the JSON text. Those are caught by
loading the payload with :func:`conflictmodels.loads`. Date-times follow the loader's
one grammar (RFC 3339 with a time zone, upper-case ``T`` and ``Z``, no leap second):
each carries ``format: date-time`` and a ``pattern`` that says the whole grammar, so a
validator that does not check formats gives the same verdict.

The schema compiles under Ajv's strict mode (``new Ajv2020({strict: true})``) with
``ajv-formats`` added (without it, strict mode refuses the unknown format
``date-time``).

Example:
    >>> from conflictmodels import Point
    >>> from conflictmodels.export import json_schema
    >>> schema = json_schema(Point)
    >>> schema["required"], schema["properties"]["lat"]["maximum"]
    (['schema_version', 'lat', 'lon'], 90)
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import datetime
from typing import Any

import attrs

from .. import vocabularies
from .._regex import id_pattern
from .._spec import SPEC, field_docs
from ..dossier import Dossier
from ..events import DEATHS, SUB_EVENT_TYPES
from ..migration import SCHEMA_VERSION
from ..serialization import MODEL_TYPES
from ..statement import NEEDS, Statement
from ..values import VALUE_KINDS
from ..vocabularies import AffiliationKind, VerificationStatus, WithdrawalAction

__all__ = ["CLASS_RULES", "LOADER_ONLY", "NEED_SCHEMAS", "SCHEMA_DIALECT", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""


def _present(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """``name`` is present and not null (and, optionally, matches ``schema``)."""
    inner: dict[str, Any] = {"not": {"type": "null"}, **(schema or {})}
    return {"required": [name], "properties": {name: inner}}


def _absent(name: str) -> dict[str, Any]:
    """``name`` is missing or null."""
    return {"properties": {name: {"type": "null"}}}


def _when(
    field: str, values: list[Any], then: dict[str, Any], otherwise: dict[str, Any] | None = None
) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "if": {"required": [field], "properties": {field: {"enum": values}}},
        "then": then,
    }
    if otherwise is not None:
        rule["else"] = otherwise
    return rule


_ONE = {"type": "array", "minItems": 1, "maxItems": 1}
_SOME = {"type": "array", "minItems": 1}
_SOME_LOCATIONS = {"required": ["location_ids"], "properties": {"location_ids": _SOME}}
_SOME_UNITS = {"required": ["unit_ids"], "properties": {"unit_ids": _SOME}}

NEED_SCHEMAS: dict[str, dict[str, Any]] = {
    "change": _present("change"),
    "custom": _present("custom_predicate"),
    "one-place": {"required": ["location_ids"], "properties": {"location_ids": _ONE}},
    "party": _present("party"),
    "figure": {"anyOf": [_present("quantity"), _present("description")]},
    "some-place-who": {**_SOME_LOCATIONS, "anyOf": [_present("party"), _SOME_UNITS]},
    "some-place": _SOME_LOCATIONS,
    "who": {"anyOf": [_present("party"), _SOME_UNITS]},
    "target": {"anyOf": [_SOME_LOCATIONS, _SOME_UNITS]},
    "description": _present("description"),
    "favours": {},
    "attribute": _present("attribute"),
    "value": _present("value"),
    "entity": {},
    "about": {"anyOf": [_SOME_LOCATIONS, _SOME_UNITS, _present("entity")]},
    "event": _present("event"),
    "person": {"required": ["person_ids", "unit_ids"], "properties": {"person_ids": _ONE, "unit_ids": _ONE}},
}
"""Each need of :data:`conflictmodels.statement.NEEDS`, as JSON Schema: what a
statement of a predicate it applies to must have. Exclusive needs (``Need.exclusive``)
also get an ``else`` that forbids the field: null or missing, or an empty list for a
list field."""


_LIST_FIELDS = frozenset(f.name for f in attrs.fields(Statement) if f.default == ())
"""The Statement's list fields: an exclusive need forbids them as an empty list."""


def _statement_rules() -> list[dict[str, Any]]:
    rules = []
    for need in NEEDS:
        preds = need.predicates()
        if not preds:
            continue
        if not need.exclusive:
            otherwise = None
        elif need.field in _LIST_FIELDS:
            otherwise = {"properties": {need.field: {"type": "array", "maxItems": 0}}}
        else:
            otherwise = _absent(need.field)
        rules.append(_when("predicate", [p.value for p in preds], NEED_SCHEMAS[need.name], otherwise))
    return rules


_VALUE_SETS = ("location_ids", "unit_ids", "texts", "names")
"""The kinds of :class:`~conflictmodels.Value` held in a list: present when not empty."""

_NAMES_PARTY = [k.value for k in AffiliationKind if k.names_party]
"""The affiliation kinds that name a party; the others (``owned_by``) name a source."""

_WHOLE = {"anyOf": [{"type": "integer"}, {"type": "null"}]}


def _sub_event_rules() -> list[dict[str, Any]]:
    """Each event type's sub-event types (``SUB_EVENT_TYPES``), as ``if``/``then``."""
    by_type: dict[Any, list[Any]] = {}
    for sub, kind in SUB_EVENT_TYPES.items():
        by_type.setdefault(kind, []).append(sub.value)
    return [
        _when("event_type", [kind.value], {"properties": {"sub_event_type": {"enum": [*subs, None]}}})
        for kind, subs in by_type.items()
    ]


CLASS_RULES: dict[str, list[dict[str, Any]]] = {
    "Fatalities": [
        {
            "properties": {
                "count": {
                    "type": "object",
                    "properties": {"low": _WHOLE, "best": _WHOLE, "high": _WHOLE, "unit": {"enum": [DEATHS, None]}},
                }
            }
        }
    ],
    "Event": [
        *_sub_event_rules(),
        {  # the deaths in all count deaths in whole numbers, as each group's do (a null passes: no total)
            "properties": {
                "deaths_total": {
                    "anyOf": [
                        {
                            "type": "object",
                            "properties": {
                                "low": _WHOLE,
                                "best": _WHOLE,
                                "high": _WHOLE,
                                "unit": {"enum": [DEATHS, None]},
                            },
                        },
                        {"type": "null"},
                    ]
                }
            }
        },
    ],
    "TimeSpan": [{"anyOf": [_present("start"), _present("end")]}],
    "Affiliation": [
        _when(
            "kind",
            _NAMES_PARTY,
            {"allOf": [_present("party"), _absent("source_id")]},
            {"allOf": [_present("source_id"), _absent("party")]},
        )
    ],
    "Withdrawal": [_when("action", [WithdrawalAction.CORRECTED.value], {}, _absent("replaced_by"))],
    "Media": [{"anyOf": [_present("url"), _present("sha256")]}],
    "Role": [{"not": {"allOf": [_present("unit_id"), _present("organisation")]}}],
    "Geolocation": [
        {"anyOf": [_present("point"), _present("location_id")]},
        _when("status", [VerificationStatus.VERIFIED.value], _present("by")),
        {"if": _present("retracted_at"), "then": _present("by")},
    ],
    "Chronolocation": [_when("status", [VerificationStatus.VERIFIED.value], _present("by"))],
    "Evidence": [
        {
            "anyOf": [
                _present("document"),
                {"required": ["media"], "properties": {"media": _SOME}},
                _present("geolocation"),
                _present("chronolocation"),
            ]
        }
    ],
    "Claim": [{"if": _present("translation"), "then": _present("quote")}],
    "CopyFinding": [{"required": ["source_ids"], "properties": {"source_ids": {"type": "array", "minItems": 2}}}],
    "Estimate": [{"anyOf": [_present("low"), _present("best"), _present("high")]}],
    "Statement": _statement_rules(),
    "Value": [
        {
            "oneOf": [
                {"required": [k], "properties": {k: _SOME}} if k in _VALUE_SETS else _present(k) for k in VALUE_KINDS
            ]
        }
    ],
    "Assessment": [
        _when(
            "status",
            ["corroborated", "confirmed"],
            {"required": ["supporting"], "properties": {"supporting": _SOME}},
        ),
        _when(
            "status",
            ["attributed"],
            {
                "required": ["supporting"],
                "properties": {"supporting": _SOME, "likelihood": {"type": "null"}, "confidence": {"type": "null"}},
            },
        ),
    ],
}
"""Rules over several fields of one class, as ``allOf`` entries (``if``/``then``).

They mirror the cross-field checks of the models that JSON Schema can express: which
fields each statement predicate needs (from the predicate table), that a time span has
an end, that an estimate has a figure, that a value has exactly one kind, that an
affiliation names a party (``owned_by``: a source instead), that only a correction
names the claim that replaces it, that a copy family has two sources, that a
corroborated assessment cites claims, that an attributed one cites claims and has no
likelihood or confidence, that a role names a unit or an organisation, not both. The
checks that compare two fields' values are left to loading (see the module's docstring).
"""

LOADER_ONLY: dict[str, str] = {
    # Between the fields of one object.
    "must satisfy low": "bounds in order: low <= best <= high (Estimate), low <= accuracy <= high (SourceAccuracy)",
    "must not be before start": "a time span's end not before its start",
    "must not start after reported_at": "a claim's event time not after its report, unless a forecast or when_doubtful",
    "must not be dated before the claim's reported_at": "a withdrawal not dated before the claim it withdraws",
    "must be made by the claim's source or a relay": "a withdrawal made by a source on the claim's chain",
    "cannot exceed the number of supporting claims": "independent_origins at most the number of supporting claims",
    "must end with the asserting source": "a claim's attribution chain ending with its source_id",
    "must not contain the claim's own id": "a claim not merged from itself",
    "must not name the claim itself": "a claim not replaced by itself",
    "cannot be its own parent": "a source, place or unit not its own parent",
    "cannot own itself": "a source not its own owner",
    "must differ from party": "a statement's counterparty other than its party",
    "must not share claim ids with supporting": "an assessment's supporting and contradicting claims apart",
    "must belong to the location's country": "a place's region (ISO 3166-2) inside its country",
    "must not be before the geolocation was made": "a geolocation's retraction not before it was made (at)",
    "must be at least the sum of the groups' deaths": "an event's deaths in all at least its groups' deaths added up, "
    "bound by bound",
    # Between objects of a dossier.
    "refers to unknown": "every id a dossier's object refers to names an object of the dossier",
    "with different content": "ids unique per kind in a dossier (a repeat with identical content is kept once)",
    "forms a cycle": "no cycle of parents (sources, places, units)",
    # Between the items of a list.
    "must name each group": "an event's fatalities name each group at most once (items unique by one field)",
    # Below JSON Schema: the JSON text, which validators only see parsed.
    "duplicate key": "an object that repeats a key (a parsed object keeps only one of them)",
    "must be an integer": "2.0 where an integer or an integer vocabulary is expected (credibility 3.0 too): "
    "JSON Schema counts 2.0 as the integer 2",
}
"""The rules only the loader checks: JSON Schema cannot state them. Each is keyed by the
words of the loader's reason that name it, with the rule in plain words; a payload the
schema accepts and the loader refuses is refused for one of these, and only these (the
tests check it on generated and mutated payloads, with two validators)."""

_VOCABULARIES: tuple[type[enum.Enum], ...] = tuple(getattr(vocabularies, name) for name in vocabularies.__all__)
_MODEL_NAMES = {cls.__name__: cls for cls in MODEL_TYPES}


def json_schema(cls: type = Dossier) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a top-level payload of ``cls``.

    The top level is the class itself plus ``schema_version``; nested classes and
    vocabularies are in ``$defs`` and referenced with ``$ref``. The result is a fresh
    dict that can be dumped with :func:`json.dumps`.

    Args:
        cls: A model type (see ``conflictmodels.serialization.MODEL_TYPES``);
            a :class:`~conflictmodels.Dossier` by default.

    Raises:
        FieldTypeError: ``cls`` is not a model type.

    Example:
        >>> from conflictmodels.export import json_schema
        >>> schema = json_schema()
        >>> schema["$schema"]
        'https://json-schema.org/draft/2020-12/schema'
        >>> schema["properties"]["schema_version"]
        {'const': 3}
        >>> schema["$defs"]["Credibility"]["enum"]
        [1, 2, 3, 4, 5, 6]
        >>> schema["$defs"]["Claim"]["properties"]["credibility"]["anyOf"]
        [{'$ref': '#/$defs/Credibility', 'type': 'integer', 'minimum': 1, 'maximum': 6}, {'type': 'null'}]
    """
    if cls not in MODEL_TYPES:
        from ..errors import FieldTypeError

        raise FieldTypeError("json_schema", "cls", "must be a conflictmodels model type", cls)
    defs: dict[str, Any] = {}
    _define(cls, defs)
    top = dict(defs.pop(cls.__name__))
    top["properties"] = {"schema_version": {"const": SCHEMA_VERSION}, **top["properties"]}
    top["required"] = ["schema_version", *top.get("required", [])]
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://conflictmodels.readthedocs.io/schema/v{SCHEMA_VERSION}/{cls.__name__}.json",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # reserve: recursive types stop here
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.name == "extra" or not field.init:
            continue
        spec = field.metadata[SPEC]
        keywords = spec.schema()
        if spec.kind == "ident":  # the characters of an id: one shared (long) pattern
            keywords = {"$ref": "#/$defs/Id", **keywords}
            defs.setdefault("Id", _id_definition())
        schema = _type_schema(hints[field.name], keywords, defs)
        if spec.many and spec.kind == "ident":  # a list of ids never repeats one
            schema = {**schema, "uniqueItems": True}
        if field.name in docs:
            schema = {"description": docs[field.name], **schema}
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    body: dict[str, Any] = {
        "title": cls.__name__,
        "description": _summary_line(cls),
        "type": "object",
        "properties": properties,
    }
    if required:
        body["required"] = required
    body["additionalProperties"] = False
    rules = CLASS_RULES.get(cls.__name__)
    if rules:
        body["allOf"] = rules
    defs[cls.__name__] = body


def _id_definition() -> dict[str, Any]:
    return {
        "title": "Id",
        "description": "The characters of an id: printable (no control, format, private-use, unassigned, "
        "separator or white-space character) and no space.",
        "type": "string",
        "pattern": id_pattern(),
    }


def _type_schema(hint: Any, extra: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in args if a is not type(None)]
        if set(kinds) == {int, float}:
            inner = {"type": "number", **extra}
        elif len(kinds) == 1:
            inner = _type_schema(kinds[0], extra, defs)
        else:  # pragma: no cover - a new union type needs a rule
            raise TypeError(f"no JSON Schema for {hint!r}")
        if len(kinds) < len(args):
            return {"anyOf": [inner, {"type": "null"}]}
        return inner
    if origin is tuple:
        return {"type": "array", "items": _type_schema(args[0], extra, defs)}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        _define_vocabulary(hint, defs)
        if not extra:
            return {"$ref": f"#/$defs/{hint.__name__}"}
        # Ajv's strict mode wants the type beside the keywords that apply to it.
        return {"$ref": f"#/$defs/{hint.__name__}", "type": defs[hint.__name__]["type"], **extra}
    if hint in _MODEL_NAMES.values():
        _define(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint is datetime:
        return {"type": "string", **extra}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", **extra}
    if hint is float:
        return {"type": "number", **extra}
    if hint is str:
        return {"type": "string", **extra}
    raise TypeError(f"no JSON Schema for {hint!r}")  # pragma: no cover - a new field type needs a rule


def _define_vocabulary(cls: type[enum.Enum], defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    values = [m.value for m in cls]
    defs[cls.__name__] = {
        "title": cls.__name__,
        "description": _summary_line(cls),
        "type": "integer" if all(type(v) is int for v in values) else "string",
        "enum": values,
    }


def _summary_line(obj: type) -> str:
    doc = (obj.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())
