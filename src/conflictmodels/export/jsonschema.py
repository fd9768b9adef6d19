"""JSON Schema (draft 2020-12) of the payloads, generated from the model types.

The schema is built at run time by walking :func:`attrs.fields` and the type hints of
each model class, so it cannot drift from the code: one ``$defs`` entry per class and
per vocabulary, ``required`` for the fields without a default, ``additionalProperties:
false``, vocabularies as ``enum``. What the type hints cannot say (numeric ranges, the
shapes of ids and codes, which fields a predicate needs) comes from the small table
:data:`FIELD_CONSTRAINTS` and the per-class rules in :data:`CLASS_RULES`; the tests check
both against the models' own validation at the boundaries.

The schema accepts what the library writes and rejects what it refuses, with a few
documented exceptions it cannot express: ordering rules between fields (``low <= best
<= high``, ``start <= end``), a region belonging to its country, references between
objects (ids that point nowhere), unique ids, and ``2.0`` where an integer is expected
(JSON Schema counts it as an integer; the loader does not). Those are caught by loading the
payload with :func:`conflictmodels.loads`.

Example:
    >>> from conflictmodels import Point
    >>> from conflictmodels.export import json_schema
    >>> schema = json_schema(Point)
    >>> schema["required"], schema["properties"]["lat"]["maximum"]
    (['schema_version', 'lat', 'lon'], 90)
"""

from __future__ import annotations

import enum
import re
import types
import typing
from datetime import datetime
from typing import Any

import attrs

from .. import vocabularies
from ..dossier import Dossier
from ..serialization import MODEL_TYPES, SCHEMA_VERSION

__all__ = ["CLASS_RULES", "FIELD_CONSTRAINTS", "SCHEMA_DIALECT", "json_schema"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of the generated schemas."""

_ID = {
    "minLength": 1,
    "maxLength": 256,
    # No white space and no control or format characters (the model's isprintable()).
    "pattern": "^[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]+$",
}
_TEXT = {"minLength": 1, "pattern": "\\S"}
_PARTY = {"pattern": "^(?:[A-Z]{2}|[a-z0-9][a-z0-9-]{0,62})$"}
_URL = {"pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*://\\S+$"}
_NON_NEGATIVE = {"minimum": 0}
_DATETIME = {
    "format": "date-time",
    # RFC 3339 with a UTC offset: naive times are never assumed to be UTC.
    "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})$",
}

FIELD_CONSTRAINTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Point", "lat"): {"minimum": -90, "maximum": 90},
    ("Point", "lon"): {"minimum": -180, "maximum": 180},
    ("Point", "precision_m"): _NON_NEGATIVE,
    ("Estimate", "low"): _NON_NEGATIVE,
    ("Estimate", "best"): _NON_NEGATIVE,
    ("Estimate", "high"): _NON_NEGATIVE,
    ("Estimate", "unit"): _TEXT,
    ("Estimate", "phrase"): _TEXT,
    ("Hop", "source_id"): _ID,
    ("Hop", "verb"): _TEXT,
    ("UnitParent", "unit_id"): _ID,
    ("Statement", "party"): _PARTY,
    ("Statement", "counterparty"): _PARTY,
    ("Statement", "location_ids"): _ID,
    ("Statement", "unit_ids"): _ID,
    ("Statement", "description"): _TEXT,
    ("Statement", "custom_predicate"): _TEXT,
    ("Source", "id"): _ID,
    ("Source", "name"): _TEXT,
    ("Source", "aliases"): _TEXT,
    ("Source", "party"): _PARTY,
    ("Source", "parent_id"): _ID,
    ("Source", "url"): _URL,
    ("Location", "id"): _ID,
    ("Location", "name"): _TEXT,
    ("Location", "aliases"): _TEXT,
    ("Location", "country"): {"pattern": "^[A-Z]{2}$"},
    ("Location", "region"): {"pattern": "^[A-Z]{2}-[A-Z0-9]{1,3}$"},
    ("Location", "parent_id"): _ID,
    ("Location", "geonames_id"): {"minimum": 1},
    ("Location", "wikidata_id"): {"pattern": "^Q[1-9][0-9]*$"},
    ("Location", "osm_id"): {"pattern": "^(?:node|way|relation)/[1-9][0-9]*$"},
    ("Unit", "id"): _ID,
    ("Unit", "name"): _TEXT,
    ("Unit", "aliases"): _TEXT,
    ("Unit", "designation"): _TEXT,
    ("Unit", "party"): _PARTY,
    ("Claim", "id"): _ID,
    ("Claim", "source_id"): _ID,
    ("Claim", "quote"): _TEXT,
    ("Claim", "language"): {"pattern": "^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"},
    ("Claim", "credibility"): {"minimum": 1, "maximum": 6},
    ("Claim", "url"): _URL,
    ("Claim", "merged_ids"): _ID,
    ("Assessment", "id"): _ID,
    ("Assessment", "supporting"): _ID,
    ("Assessment", "contradicting"): _ID,
    ("Assessment", "related"): _ID,
    ("Assessment", "independent_origins"): _NON_NEGATIVE,
    ("Assessment", "rationale"): _TEXT,
    ("Assessment", "assessed_by"): _TEXT,
    ("Dossier", "title"): _TEXT,
}
"""Per-field keywords the type hints cannot carry, keyed by ``(class, field)``.

For a tuple field the keywords apply to each item; for an optional field to the
non-null value. Datetimes always get ``format: date-time`` and a pattern that requires
a UTC offset.
"""


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


_ONE = {"minItems": 1, "maxItems": 1}
_SOME = {"minItems": 1}

CLASS_RULES: dict[str, list[dict[str, Any]]] = {
    "TimeSpan": [{"anyOf": [_present("start"), _present("end")]}],
    "Estimate": [{"anyOf": [_present("low"), _present("best"), _present("high")]}],
    "Statement": [
        _when("predicate", ["control"], _present("change"), _absent("change")),
        _when("predicate", ["custom"], _present("custom_predicate"), _absent("custom_predicate")),
        _when(
            "predicate",
            ["control", "advance"],
            {"required": ["location_ids"], "properties": {"location_ids": _ONE}},
        ),
        _when("predicate", ["control", "strength", "casualties", "attack", "advance"], _present("party")),
        _when("predicate", ["strength", "casualties"], {"anyOf": [_present("quantity"), _present("description")]}),
        _when(
            "predicate",
            ["presence"],
            {
                "required": ["location_ids"],
                "properties": {"location_ids": _SOME},
                "anyOf": [_present("party"), {"required": ["unit_ids"], "properties": {"unit_ids": _SOME}}],
            },
        ),
        _when(
            "predicate",
            ["attack"],
            {
                "anyOf": [
                    {"required": ["location_ids"], "properties": {"location_ids": _SOME}},
                    {"required": ["unit_ids"], "properties": {"unit_ids": _SOME}},
                ]
            },
        ),
        _when("predicate", ["situation"], _present("description")),
    ],
    "Assessment": [
        _when(
            "status",
            ["corroborated", "confirmed"],
            {"required": ["supporting"], "properties": {"supporting": _SOME}},
        )
    ],
}
"""Rules over several fields of one class, as ``allOf`` entries (``if``/``then``).

They mirror the cross-field checks of the models that JSON Schema can express: which
fields each statement predicate needs, that a time span has an end, that an estimate
has a figure, that a corroborated assessment cites claims.
"""

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
        {'const': 1}
        >>> schema["$defs"]["Credibility"]["enum"]
        [1, 2, 3, 4, 5, 6]
        >>> schema["$defs"]["Claim"]["properties"]["credibility"]["anyOf"]
        [{'$ref': '#/$defs/Credibility', 'minimum': 1, 'maximum': 6}, {'type': 'null'}]
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
    docs = _attribute_docs(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.name == "extra" or not field.init:
            continue
        schema = _type_schema(hints[field.name], FIELD_CONSTRAINTS.get((cls.__name__, field.name), {}), defs)
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
        return {"$ref": f"#/$defs/{hint.__name__}", **extra}
    if hint in _MODEL_NAMES.values():
        _define(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint is datetime:
        return {"type": "string", **_DATETIME}
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


_ATTRIBUTE = re.compile(r"^ {8}(\w+): (.*)$")


def _attribute_docs(cls: type) -> dict[str, str]:
    """Field descriptions from the class docstring's ``Attributes:`` section."""
    out: dict[str, str] = {}
    current: str | None = None
    in_section = False
    for line in (cls.__doc__ or "").splitlines():
        if line.strip() == "Attributes:":
            in_section = True
            continue
        if not in_section:
            continue
        if m := _ATTRIBUTE.match(line):
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current is not None and line.startswith(" " * 12) and line.strip():
            out[current] += " " + line.strip()
        elif line.strip() and not line.startswith(" " * 8):
            break
    return out
