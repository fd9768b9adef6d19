"""JSON Schema (draft 2020-12) of the payloads, generated from the model types.

The schema is built at run time from the model classes, so it cannot drift from the
code: one ``$defs`` entry per class and per vocabulary, ``required`` for the fields
without a default, ``additionalProperties: false``, vocabularies as ``enum``. Each
field's constraints (numeric ranges, the shapes of ids, codes and date-times) come from
the kind it declares (:mod:`conflictmodels._spec`); which fields a predicate needs comes
from the predicate table, through :data:`NEED_SCHEMAS`; the few other cross-field rules
are in :data:`CLASS_RULES`. The tests check all of it against the models' own
validation at the boundaries.

The schema accepts what the library writes and rejects what it refuses, with a few
documented exceptions it cannot express: ordering rules between fields (``low <= best
<= high``, ``start <= end``, ``low <= accuracy <= high``, a claim's ``when`` not starting
after its ``reported_at`` unless it is a forecast or ``when_doubtful``, a withdrawal not
dated before it), counts against list lengths (``independent_origins`` at most the
supporting claims), a region belonging to its country, fields that must differ or agree
(a claim's attribution ending with its ``source_id``, a withdrawal made by a source on
the claim's chain, an object not its own parent, owner, merged claim or correction, a
counterparty other than the party), references between objects (ids that point
nowhere), unique ids, and ``2.0`` where an integer is expected (JSON Schema counts it as
an integer; the loader does not). Those are caught by loading the payload with
:func:`conflictmodels.loads`.

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
from .._spec import SPEC, field_docs
from ..dossier import Dossier
from ..migration import SCHEMA_VERSION
from ..serialization import MODEL_TYPES
from ..statement import NEEDS
from ..values import VALUE_KINDS
from ..vocabularies import AffiliationKind, WithdrawalAction

__all__ = ["CLASS_RULES", "NEED_SCHEMAS", "SCHEMA_DIALECT", "json_schema"]

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


_ONE = {"minItems": 1, "maxItems": 1}
_SOME = {"minItems": 1}
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
}
"""Each need of :data:`conflictmodels.statement.NEEDS`, as JSON Schema: what a
statement of a predicate it applies to must have. Needs marked "only allowed there" in
the check also get an ``else`` that forbids the field."""


def _statement_rules() -> list[dict[str, Any]]:
    rules = []
    for need in NEEDS:
        preds = need.predicates()
        if not preds:
            continue
        exclusive = "only allowed there" in need.reason
        rules.append(
            _when(
                "predicate",
                [p.value for p in preds],
                NEED_SCHEMAS[need.name],
                _absent(need.field) if exclusive else None,
            )
        )
    return rules


_VALUE_SETS = ("location_ids", "unit_ids", "texts", "names")
"""The kinds of :class:`~conflictmodels.Value` held in a list: present when not empty."""

_NAMES_PARTY = [k.value for k in AffiliationKind if k.names_party]
"""The affiliation kinds that name a party; the others (``owned_by``) name a source."""

CLASS_RULES: dict[str, list[dict[str, Any]]] = {
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
    "CopyFinding": [{"required": ["source_ids"], "properties": {"source_ids": {"minItems": 2}}}],
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
likelihood or confidence. The checks that compare two fields' values are left to
loading (see the module's docstring).
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
        {'const': 2}
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
    docs = field_docs(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.name == "extra" or not field.init:
            continue
        schema = _type_schema(hints[field.name], field.metadata[SPEC].schema(), defs)
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
