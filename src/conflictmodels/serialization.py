"""Lossless JSON for every model, through cattrs, with a schema version.

``to_dict`` / ``from_dict`` convert between models and JSON-compatible dicts;
``dumps`` / ``loads`` between models and JSON text; ``dumps_lines`` / ``loads_lines``
handle JSON Lines streams of claims (or any one model type). Every top-level payload
carries ``"schema_version"``; nested objects do not.

Loading runs a fast converter first. Only when that fails does a second, detailed pass
collect every problem of the document, each with its JSON path, into one
:class:`~conflictmodels.ValidationError`. Valid input pays nothing for error reporting.

Example:
    >>> from conflictmodels import Estimate, dumps, loads
    >>> text = dumps(Estimate.at_most(30000, unit="troops"))
    >>> text
    '{"schema_version": 1, "high": 30000, "unit": "troops"}'
    >>> loads(text, Estimate) == Estimate.at_most(30000, unit="troops")
    True
    >>> loads('{"schema_version": 1, "high": 30000, "unti": "troops"}', Estimate)
    Traceback (most recent call last):
    ...
    conflictmodels.errors.ValidationError: 1 problem in the document:
      $.unti: unknown key (pass keep_unknown=True to keep unknown keys)
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import vocabularies
from .assessment import Assessment
from .attribution import Hop
from .claim import Claim
from .dossier import Dossier
from .errors import (
    FieldError,
    FieldTypeError,
    MissingFieldError,
    SchemaVersionError,
    UnknownFieldError,
    ValidationError,
)
from .estimates import Estimate
from .geo import Point
from .location import Location
from .source import Source
from .statement import Statement
from .timespans import TimeSpan
from .unit import Unit, UnitParent

__all__ = [
    "MODEL_TYPES",
    "SCHEMA_VERSION",
    "content_id",
    "dumps",
    "dumps_lines",
    "from_dict",
    "loads",
    "loads_lines",
    "to_dict",
]

SCHEMA_VERSION = 1
"""The payload format version this library writes (independent of the package version)."""

MODEL_TYPES: tuple[type, ...] = (
    TimeSpan,
    Point,
    Estimate,
    Hop,
    UnitParent,
    Statement,
    Source,
    Location,
    Unit,
    Claim,
    Assessment,
    Dossier,
)
"""Every type that can be serialized on its own, each after the types it contains."""

T = TypeVar("T")


class _Problem(Exception):
    """A value problem found by a structuring hook; the walker adds owner, field, path."""

    def __init__(self, reason: str, value: object, *, type_error: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.type_error = type_error


def _identity(value: Any, _: Any) -> Any:
    return value


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        raise _Problem("must be an RFC 3339 date-time string", value, type_error=True)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Problem("must be an RFC 3339 date-time such as 2025-03-09T12:00:00+03:00", value) from None
    if parsed.utcoffset() is None:
        raise _Problem("must carry a UTC offset (naive times are not assumed UTC)", value)
    return parsed


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    table = {m.value: m for m in cls}
    # JSON true/1 must not be read as an IntEnum member, so keys are matched with types.
    typed = {(type(m.value), m.value): m for m in cls}
    allowed = ", ".join(repr(v) for v in table)

    def hook(value: Any, _: Any) -> Any:
        try:
            return typed[type(value), value]
        except (KeyError, TypeError):
            raise _Problem(f"must be one of {allowed}", value) from None

    return hook


def _is_tuple(t: Any) -> bool:
    return getattr(t, "__origin__", None) is tuple


def _tuple_hook_factory(detailed: bool) -> Callable[[Any, cattrs.Converter], Callable[[Any, Any], Any]]:
    def factory(t: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
        elem_type = get_args(t)[0]
        elem = converter.get_structure_hook(elem_type)

        def fast(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Problem("must be a JSON array", value, type_error=True)
            return tuple([elem(v, elem_type) for v in value])

        def slow(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _Problem("must be a JSON array", value, type_error=True)
            out, errors = [], []
            for i, v in enumerate(value):
                try:
                    out.append(elem(v, elem_type))
                except Exception as err:
                    err.__notes__ = [IterableValidationNote(f"@ index {i}", i, elem_type)]
                    errors.append(err)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return slow if detailed else fast

    return factory


def _class_hook(cls: type, converter: cattrs.Converter, *, keep_unknown: bool, detailed: bool) -> Any:
    names = [a.name for a in attrs.fields(cls) if a.init and a.name != "extra"]
    known = frozenset(names)
    gen: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls,
        converter,
        _cattrs_forbid_extra_keys=False,
        _cattrs_detailed_validation=detailed,
        extra=override(omit=True),
    )

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _Problem(f"must be a JSON object ({cls.__name__})", value, type_error=True)
        if value.keys() <= known:
            return gen(value, cls)
        unknown = [k for k in value if k not in known]
        if not keep_unknown:
            errors: list[Exception] = []
            for key in unknown:
                err = UnknownFieldError(
                    cls.__name__, str(key), "unknown key (pass keep_unknown=True to keep unknown keys)"
                )
                err.__notes__ = [AttributeValidationNote(f"@ {key}", str(key), Any)]
                errors.append(err)
            if detailed:
                try:
                    gen({k: v for k, v in value.items() if k in known}, cls)
                except Exception as err:
                    errors.append(err)
            raise ClassValidationError(f"invalid {cls.__name__}", errors, cls)
        obj = gen({k: v for k, v in value.items() if k in known}, cls)
        object.__setattr__(obj, "extra", MappingProxyType({k: value[k] for k in unknown}))
        return obj

    return structure


def _unstructure_hook(cls: type, converter: cattrs.Converter, with_extra: bool) -> Callable[[Any], dict[str, Any]]:
    # `extra` is written as the object's own keys; fields that are not init arguments
    # (the dossier's index) are not part of the payload.
    omitted = {a.name: override(omit=True) for a in attrs.fields(cls) if a.name == "extra" or not a.init}
    gen: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls,
        converter,
        _cattrs_omit_if_default=True,
        **omitted,  # type: ignore[arg-type]
    )
    if not with_extra:
        return gen

    def unstructure(obj: Any) -> dict[str, Any]:
        out = gen(obj)
        if obj.extra:
            out.update(obj.extra)
        return out

    return unstructure


_VOCABULARIES: tuple[type[enum.Enum], ...] = tuple(
    v
    for v in vars(vocabularies).values()
    if isinstance(v, type) and issubclass(v, enum.Enum) and v.__module__ == vocabularies.__name__
)


def _is_number(t: Any) -> bool:
    return bool(t == int | float or t == int | float | None)


@functools.cache
def _structurer(keep_unknown: bool, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed)
    for t in (str, int, float, bool):
        conv.register_structure_hook(t, _identity)
    conv.register_structure_hook_func(_is_number, _identity)
    conv.register_structure_hook(datetime, _structure_datetime)
    for vocabulary in _VOCABULARIES:  # explicit: IntEnums must not fall to the int hook
        conv.register_structure_hook(vocabulary, _enum_hook(vocabulary))
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook_factory(detailed))
    for cls in MODEL_TYPES:  # leaves first, so containers find their hooks
        conv.register_structure_hook(cls, _class_hook(cls, conv, keep_unknown=keep_unknown, detailed=detailed))
    return conv


@functools.cache
def _unstructurer(*, with_extra: bool = True) -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook_factory(_is_tuple, lambda t: _list_of(conv, get_args(t)[0]))
    for cls in MODEL_TYPES:
        conv.register_unstructure_hook(cls, _unstructure_hook(cls, conv, with_extra))
    return conv


def _list_of(conv: cattrs.Converter, elem_type: Any) -> Callable[[Any], list[Any]]:
    elem = conv.get_unstructure_hook(elem_type)
    return lambda value: [elem(v) for v in value]


def to_dict(obj: Any) -> dict[str, Any]:
    """The JSON-compatible payload of a model, with ``schema_version`` first.

    Example:
        >>> from conflictmodels import Point, to_dict
        >>> to_dict(Point(lat=51.5, lon=35.1))
        {'schema_version': 1, 'lat': 51.5, 'lon': 35.1}
    """
    _check_model_type(type(obj))
    return {"schema_version": SCHEMA_VERSION, **_unstructurer().unstructure(obj)}


def from_dict(data: Any, cls: type[T] = Dossier, *, keep_unknown: bool = False) -> T:  # type: ignore[assignment]
    """Read a payload (a dict as produced by :func:`to_dict`) into a model.

    Args:
        data: The payload, with ``schema_version``.
        cls: The model type to read; a :class:`~conflictmodels.Dossier` by default.
        keep_unknown: Keep unknown keys in each object's ``extra`` instead of
            rejecting them.

    Raises:
        ValidationError: Every problem of the payload, each with its JSON path.

    Example:
        >>> from conflictmodels import Point, from_dict
        >>> from_dict({"schema_version": 1, "lat": 51.5, "lon": 35.1}, Point)
        Point(lat=51.5, lon=35.1, precision_m=None, precision=None)
    """
    _check_model_type(cls)
    body = _unwrap(data, cls)
    try:
        result: T = _structurer(keep_unknown, False).structure(body, cls)
        return result
    except Exception as fast_error:
        errors = _detailed_errors(body, cls, keep_unknown)
        if not errors:  # pragma: no cover - the passes disagree; report what we have
            errors = [FieldError(cls.__name__, "", str(fast_error)).at("$")]
        raise ValidationError(errors, summary=_summary(errors)) from None


def _summary(errors: list[FieldError]) -> str:
    n = len(errors)
    return f"{n} problem{'s' if n != 1 else ''} in the document"


def _unwrap(data: Any, cls: type) -> dict[str, Any]:
    if type(data) is not dict:
        err: FieldError = FieldTypeError(cls.__name__, "", "a payload must be a JSON object", data).at("$")
        raise ValidationError([err], summary=_summary([err]))
    version = data.get("schema_version")
    if type(version) is not int:
        reason = "is required" if version is None else "must be an integer"
        err = SchemaVersionError(cls.__name__, "schema_version", reason, *(() if version is None else (version,)))
        err.at("$.schema_version")
        raise ValidationError([err], summary=_summary([err]))
    if version > SCHEMA_VERSION or version < 1:
        err = SchemaVersionError(
            cls.__name__,
            "schema_version",
            f"is not supported: this library reads versions 1 to {SCHEMA_VERSION}; "
            "upgrade conflictmodels to read newer payloads",
            version,
        ).at("$.schema_version")
        raise ValidationError([err], summary=_summary([err]))
    return {k: v for k, v in data.items() if k != "schema_version"}


def _detailed_errors(body: dict[str, Any], cls: type, keep_unknown: bool) -> list[FieldError]:
    try:
        _structurer(keep_unknown, True).structure(body, cls)
    except Exception as err:
        out: list[FieldError] = []
        _walk(err, "$", cls.__name__, "", out)
        return out
    return []


def _walk(exc: BaseException, path: str, owner: str, field: str, out: list[FieldError]) -> None:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        owner = exc.cl.__name__ if isinstance(exc, ClassValidationError) else owner
        for sub in exc.exceptions:
            sub_path, sub_field = path, field
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path, sub_field = f"{path}.{note.name}", note.name
                elif isinstance(note, IterableValidationNote):
                    sub_path = f"{path}[{note.index}]"
            _walk(sub, sub_path, owner, sub_field, out)
    elif isinstance(exc, ValidationError):
        for err in exc.errors:
            _walk(err, path, owner, field, out)
    elif isinstance(exc, UnknownFieldError):
        out.append(exc.at(path))
    elif isinstance(exc, FieldError):  # raised by a constructor: its field is relative
        out.append(exc.at(_join(path, exc.field)))
    elif isinstance(exc, _Problem):
        kind = FieldTypeError if exc.type_error else FieldError
        out.append(kind(owner, field, exc.reason, exc.value).at(path))
    elif isinstance(exc, KeyError):
        out.append(MissingFieldError(owner, field, "is required").at(path))
    else:  # pragma: no cover - defensive: any other failure still names its place
        out.append(FieldError(owner, field, f"{type(exc).__name__}: {exc}").at(path))


def _join(path: str, field: str) -> str:
    if not field:
        return path
    return f"{path}{field}" if field.startswith("[") else f"{path}.{field}"


def _check_model_type(cls: type) -> None:
    if cls not in MODEL_TYPES:
        raise FieldTypeError("serialization", "cls", "must be a conflictmodels model type", cls)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse(text: str | bytes) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        problem = FieldError("JSON", "", f"is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}")
        raise ValidationError([problem.at("$")], summary="the input is not JSON") from None
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        problem = FieldError("JSON", "", f"is not valid JSON: {err}")
        raise ValidationError([problem.at("$")], summary="the input is not JSON") from None


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of a model's payload (UTF-8 friendly: non-ASCII is kept as is).

    Example:
        >>> from conflictmodels import Point, dumps
        >>> dumps(Point(lat=51.5, lon=35.1))
        '{"schema_version": 1, "lat": 51.5, "lon": 35.1}'
    """
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def loads(text: str | bytes, cls: type[T] = Dossier, *, keep_unknown: bool = False) -> T:  # type: ignore[assignment]
    """Read JSON text into a model: a :class:`~conflictmodels.Dossier` by default.

    Raises:
        ValidationError: The text is not JSON, or every problem of the payload with its
            JSON path.

    Example:
        >>> from conflictmodels import loads, Point
        >>> loads('{"schema_version": 1, "lat": 51.5, "lon": 35.1}', Point).lat
        51.5
    """
    return from_dict(_parse(text), cls, keep_unknown=keep_unknown)


def dumps_lines(objs: Iterable[Any]) -> str:
    """JSON Lines text: one payload per line, each ending in a newline.

    Example:
        >>> from conflictmodels import Point, dumps_lines
        >>> print(dumps_lines([Point(lat=1, lon=2), Point(lat=3, lon=4)]), end="")
        {"schema_version": 1, "lat": 1, "lon": 2}
        {"schema_version": 1, "lat": 3, "lon": 4}
    """
    return "".join(f"{dumps(obj)}\n" for obj in objs)


def loads_lines(lines: str | Iterable[str], cls: type[T] = Claim, *, keep_unknown: bool = False) -> list[T]:  # type: ignore[assignment]
    """Read JSON Lines (text, or an iterable of lines such as an open file): claims by
    default. Blank lines are skipped.

    All or nothing: if any line is bad, nothing is returned and the
    :class:`~conflictmodels.ValidationError` lists every problem of every bad line, each
    with its ``line`` number and JSON path.

    Example:
        >>> from conflictmodels import Point, loads_lines
        >>> loads_lines('{"schema_version": 1, "lat": 1, "lon": 2}\\n', Point)
        [Point(lat=1, lon=2, precision_m=None, precision=None)]
    """
    out: list[T] = []
    errors: list[FieldError] = []
    for number, line in _numbered(lines):
        try:
            out.append(loads(line, cls, keep_unknown=keep_unknown))
        except ValidationError as err:
            for problem in err.errors:
                problem.line = number
                errors.append(problem)
    if errors:
        lines_bad = len({e.line for e in errors})
        raise ValidationError(errors, summary=f"{len(errors)} problems on {lines_bad} of the lines; nothing was loaded")
    return out


def _numbered(lines: str | Iterable[str]) -> Iterator[tuple[int, str]]:
    source = lines.splitlines() if isinstance(lines, str) else lines
    for number, line in enumerate(source, start=1):
        if line.strip():
            yield number, line


def content_id(obj: Claim) -> str:
    """A deterministic id of a claim's content: the same report ingested twice gives the
    same value, whatever ``id`` the producer assigned.

    It is the first 32 hex digits of the SHA-256 of the claim's canonical JSON (sorted
    keys, without ``id`` and without unknown keys kept in ``extra``).

    Example:
        >>> import attrs
        >>> from conflictmodels.examples import kursk_dossier
        >>> claim = kursk_dossier().claims[0]
        >>> content_id(claim) == content_id(attrs.evolve(claim, id="other-id"))
        True
    """
    if not isinstance(obj, Claim):
        raise FieldTypeError("content_id", "obj", "must be a Claim", obj)
    payload = _unstructurer(with_extra=False).unstructure(obj)
    del payload["id"]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
