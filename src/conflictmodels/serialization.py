"""Lossless JSON for every model, through cattrs, with a schema version.

``to_dict`` / ``from_dict`` convert between models and JSON-compatible dicts;
``dumps`` / ``loads`` between models and JSON text; ``dumps_lines`` / ``loads_lines``
handle JSON Lines streams of claims (or any one model type). Every top-level payload
carries ``"schema_version"``; nested objects do not.

Loading runs a fast converter first. Only when that fails does a second, detailed pass
collect every problem of the document, each with its JSON path, into one
:class:`~conflictmodels.ValidationError`. Valid input pays nothing for error reporting.
The detailed pass stops after ``Limits.max_problems`` problems (1,000; the error then
says that more were not listed), so refusing a document costs about what parsing it
does, however dense in problems it is.

Example:
    >>> from conflictmodels import Estimate, dumps, loads
    >>> text = dumps(Estimate.at_most(30000, unit="troops"))
    >>> text
    '{"schema_version": 3, "high": 30000, "unit": "troops"}'
    >>> loads(text, Estimate) == Estimate.at_most(30000, unit="troops")
    True
    >>> loads('{"schema_version": 1, "high": 30000, "unti": "troops"}', Estimate)
    Traceback (most recent call last):
    ...
    conflictmodels.errors.ValidationError: 1 problem in the document:
      $.unti: unknown key (pass keep_unknown=True to keep unknown keys)
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
import functools
import hashlib
import itertools
import json
import json.encoder
import math
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any, Generic, NamedTuple, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from . import _hotpath, _spec, vocabularies
from ._checks import EMPTY, FieldSpec, FrozenMapping, rules_of, thawed_json
from ._codegen import compile_function
from ._datetimes import parse_datetime
from ._gc import paused
from .assessment import Assessment
from .attribution import Hop
from .claim import Claim
from .dossier import Dossier
from .errors import (
    FieldError,
    FieldTypeError,
    MissingFieldError,
    UnknownFieldError,
    ValidationError,
)
from .estimates import Estimate
from .events import Actor, Event, Fatalities
from .evidence import Chronolocation, Document, Evidence, Geolocation, Media
from .geo import Point
from .limits import DEFAULT_LIMITS, Limits, _check_depth, _check_json_data, _read_json
from .location import Location
from .migration import SCHEMA_VERSION, migrate
from .people import Person, Role
from .reliability import CopyFinding, ReliabilityModel, SourceAccuracy
from .source import Affiliation, Source
from .statement import Statement
from .timespans import TimeSpan
from .unit import Unit, UnitParent
from .values import Alternative, Value
from .withdrawal import Withdrawal

__all__ = [
    "MODEL_TYPES",
    "SCHEMA_VERSION",
    "LinesInput",
    "LinesResult",
    "content_id",
    "dumps",
    "dumps_lines",
    "dumps_lines_bytes",
    "from_dict",
    "loads",
    "loads_lines",
    "loads_lines_partial",
    "to_dict",
]

MODEL_TYPES: tuple[type, ...] = (
    TimeSpan,
    Point,
    Estimate,
    Hop,
    Withdrawal,
    Document,
    Media,
    Geolocation,
    Chronolocation,
    Evidence,
    UnitParent,
    Value,
    Actor,
    Fatalities,
    Event,
    Statement,
    Affiliation,
    Source,
    Location,
    Unit,
    Role,
    Person,
    Claim,
    Alternative,
    Assessment,
    Dossier,
    SourceAccuracy,
    CopyFinding,
    ReliabilityModel,
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


class _Stopped(Exception):
    """The detailed pass stopped early: it found more than ``Limits.max_problems``
    problems. It marks where it stopped (so the owner of a list read short is not built
    from the items read so far) and is not itself a problem."""


class _Budget:
    """How many more problems the detailed pass may find before it stops.

    Each problem is counted once, by the hook that collects it: a list hook counts the
    problems of its items, a class hook those of its own fields and unknown keys; a
    nested class or list error was counted by the hook that raised it.
    """

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left

    def spend(self, exc: BaseException) -> None:
        if isinstance(exc, ClassValidationError | IterableValidationError | _Stopped):
            return
        self.left -= len(exc.errors) if isinstance(exc, ValidationError) else 1


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("conflictmodels_budget", default=None)
"""The budget of the detailed pass running in this context (None: no cap)."""


def _identity(value: Any, _: Any) -> Any:
    return value


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) is not str:
        raise _Problem("must be an RFC 3339 date-time string", value, type_error=True)
    try:
        return parse_datetime(value)  # the one grammar: RFC 3339 with a time zone
    except ValueError as err:
        raise _Problem(str(err), value) from None


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    table = {m.value: m for m in cls}
    # JSON true/1 must not be read as an IntEnum member, so keys are matched with types.
    typed = {(type(m.value), m.value): m for m in cls}
    allowed = ", ".join(repr(v) for v in table)

    def hook(value: Any, _: Any) -> Any:
        try:
            return typed[type(value), value]
        except (KeyError, TypeError):
            if type(value) is float and value.is_integer() and (int, int(value)) in typed:
                # 3.0 for credibility 3: JSON Schema counts it as the integer (LOADER_ONLY's "must be an integer")
                raise _Problem(f"must be an integer, one of {allowed}", value) from None
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
            budget = _BUDGET.get()
            out: list[Any] = []
            errors: list[Exception] = []
            for i, v in enumerate(value):
                if budget is not None and budget.left <= 0:
                    errors.append(_Stopped())
                    break
                try:
                    out.append(elem(v, elem_type))
                except Exception as err:
                    err.__notes__ = [IterableValidationNote(f"@ index {i}", i, elem_type)]
                    errors.append(err)
                    if budget is not None:
                        budget.spend(err)
            if errors:
                raise IterableValidationError("invalid items", errors, t)
            return tuple(out)

        return slow if detailed else fast

    return factory


def _class_hook(cls: type, converter: cattrs.Converter, *, keep_unknown: bool, detailed: bool) -> Any:
    known = frozenset(f.name for f in _fields(cls) if f.kind != "extra")
    gen: Callable[[Any, Any], Any]
    if not detailed:
        # The fast pass: one generated function per class that reads the dict and calls
        # the class directly; any exception sends the document to the detailed pass.
        fast = _fast_structure_fn(cls, converter, known, lambda value: structure(value, cls))
        gen = fast
    else:
        gen = make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=False,
            _cattrs_detailed_validation=detailed,
            extra=override(omit=True),
        )

    def structure(value: Any, _: Any) -> Any:
        budget = _BUDGET.get() if detailed else None
        if budget is not None and budget.left <= 0:
            raise _Stopped
        if type(value) is not dict:
            raise _Problem(f"must be a JSON object ({cls.__name__})", value, type_error=True)
        if value.keys() <= known:
            return gen(value, cls) if budget is None else _spending(gen, value, cls, budget)
        if not detailed and not keep_unknown:  # the detailed pass names them, up to the cap
            raise _Problem("has unknown keys", None)
        errors: list[Exception] = []
        kept: dict[str, Any] = {}
        for key in value:
            if key in known:
                continue
            if budget is not None and budget.left <= 0:
                errors.append(_Stopped())
                break
            problem: FieldError
            if keep_unknown:
                try:
                    kept[key] = _kept_value(cls.__name__, key, value[key])
                    continue
                except FieldError as err:
                    if not detailed:
                        raise
                    problem = err
            else:
                problem = UnknownFieldError(
                    cls.__name__, str(key), "unknown key (pass keep_unknown=True to keep unknown keys)"
                )
                problem.__notes__ = [AttributeValidationNote(f"@ {key}", str(key), Any)]
            errors.append(problem)
            if budget is not None:
                budget.spend(problem)
        known_part = {k: v for k, v in value.items() if k in known}
        if errors:
            try:
                gen(known_part, cls) if budget is None else _spending(gen, known_part, cls, budget)
            except Exception as err:
                errors.append(err)
            raise ClassValidationError(f"invalid {cls.__name__}", errors, cls)
        obj = gen(known_part, cls) if budget is None else _spending(gen, known_part, cls, budget)
        object.__setattr__(obj, "extra", FrozenMapping(kept))
        return obj

    return fast if not detailed else structure


def _spending(gen: Callable[[Any, Any], Any], value: dict[str, Any], cls: type, budget: _Budget) -> Any:
    """``gen(value, cls)``, counting the problems of its own fields against ``budget``."""
    try:
        return gen(value, cls)
    except ClassValidationError as err:
        for sub in err.exceptions:
            budget.spend(sub)
        raise


_MAX_KEPT_DEPTH = 200
"""The deepest nesting of a kept unknown value (what a model's ``extra`` accepts)."""


class _NotData(Exception):
    """A kept unknown value that is not JSON data; ``where`` is filled while unwinding."""

    def __init__(self, reason: str, value: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.where: list[str] = []


def _kept_value(owner: str, key: Any, value: Any) -> Any:
    """The frozen copy of the value of unknown key ``key`` kept with ``keep_unknown``.

    Raises:
        FieldError: The key is not a string or is ``schema_version`` (which only a
            top-level payload carries: kept inside an object it would be written where
            a reader takes it for the payload's version), or the value is not JSON data
            (a tuple, a mapping that is not a dict, a subclass of str or int: what
            :func:`~conflictmodels.from_dict` may be handed but JSON never holds).
            Its ``field`` is the path of the place below the object.
    """
    if type(key) is not str:
        raise FieldTypeError(owner, "", "has a key that is not a string", key)
    if key == "schema_version":
        raise FieldError(
            owner,
            key,
            "is allowed only at the top level of a payload, not inside an object (it is not kept as an unknown key)",
            value,
        )
    try:
        return _frozen_data(value, 0)
    except _NotData as err:
        where = "".join(reversed(err.where))
        raise FieldTypeError(owner, f"{key}{where}", err.reason, err.value) from None


def _frozen_data(value: Any, depth: int) -> Any:
    """A deep read-only copy of JSON data (objects as FrozenMapping, arrays as tuples),
    as :func:`~conflictmodels._checks.frozen_json` makes, but of JSON data only: exactly
    dict, list, str, int, float, bool and None."""
    kind = type(value)
    if kind is str:
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _NotData("holds a lone surrogate, which is not Unicode text", value) from None
        return value
    if value is None or kind is int or kind is bool:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise _NotData("must be a finite number (JSON has no NaN or infinities)", value)
        return value
    if kind is not list and kind is not dict:
        raise _NotData("is not JSON data (null, bool, number, string, array or object)", value)
    if depth >= _MAX_KEPT_DEPTH:
        raise _NotData(f"is nested more than {_MAX_KEPT_DEPTH} levels deep", value)
    if kind is list:
        items = []
        for i, v in enumerate(value):
            try:
                items.append(_frozen_data(v, depth + 1))
            except _NotData as err:
                err.where.append(f"[{i}]")
                raise
        return tuple(items)
    members = {}
    for k, v in value.items():
        if type(k) is not str:
            raise _NotData("has a key that is not a string", k)
        try:
            members[k] = _frozen_data(v, depth + 1)
        except _NotData as err:
            err.where.append(f".{k}")
            raise
    return FrozenMapping(members)


_MISSING = object()
_SHARED: dict[Any, Any] = {}
"""The strings (and tuples of strings) read by the load under way, so that each distinct
value is one object: ids, party codes, verbs, units and URLs repeat across the claims of
a stream. Emptied when a public load returns (:func:`_sharing`). Only exact ``str``
values go in (another load must not get a subclass back). The ``fast`` extra's readers
share most fields' values in tables of their own (``_ADMITTED``), so with it equal
strings of different fields may be different objects."""
_share = _SHARED.setdefault
_SHARED_MAX = 1 << 17
"""Past this many entries a table is emptied (a long stream of distinct ids); reading
line by line, the tables are looked at every 1024 lines."""
_ADMITTED: list[dict[Any, Any]] = []
"""The tables of strings and tuples of strings that the ``fast`` extra's readers found
valid, one per field (:func:`_admission`); they share values as ``_SHARED`` does."""


def _let_go_of_shared(limit: int = 0) -> None:
    """Empty the tables of shared strings holding more than ``limit`` entries."""
    for table in (_SHARED, *_ADMITTED):
        if len(table) > limit:
            table.clear()


@contextlib.contextmanager
def _sharing() -> Iterator[None]:
    """Share strings while loading, then let the tables go (even on error)."""
    try:
        yield
    finally:
        _let_go_of_shared()


_DATETIMES: dict[str, datetime] = {}
"""Recently parsed date-times by their text: reports repeat the same times, and sharing
the (immutable) objects saves both the parsing and about 150 bytes per repetition."""


_ISO_TEXTS: dict[int, tuple[datetime, str]] = {}
"""The text of recently written date-times, by object: ``datetime.isoformat`` costs
microseconds, and loaded claims share their date-time objects (see ``_DATETIMES``).
Each entry holds its datetime, so the id cannot be reused while the entry exists."""


def _isoformat(value: datetime) -> str:
    hit = _ISO_TEXTS.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    text = value.isoformat()
    if len(_ISO_TEXTS) >= 4096:
        _ISO_TEXTS.clear()
    _ISO_TEXTS[id(value)] = (value, text)
    return text


def _fast_datetime(value: Any) -> datetime:
    if type(value) is not str:
        raise _Problem("must be an RFC 3339 date-time string", value, type_error=True)
    parsed = _DATETIMES.get(value)
    if parsed is None:
        try:
            parsed = parse_datetime(value)  # the one grammar, as _structure_datetime
        except ValueError as err:
            raise _Problem(str(err), value) from None
        if len(_DATETIMES) >= 4096:
            _DATETIMES.clear()
        _DATETIMES[value] = parsed
    return parsed


class _Field(NamedTuple):
    """One init field of a model as every generator sees it: read from its declaration
    (:func:`conflictmodels._spec.specs`), never from its type hint."""

    name: str
    kind: str
    """``ident``, ``text``, ``pattern``, ``number``, ``bool`` (JSON scalars, read and
    written as they are), ``enum``, ``aware``, ``model``, or ``extra``."""
    many: bool
    optional: bool
    cls: Any
    """The vocabulary (``enum``) or model class (``model``)."""
    default: Any
    """``attrs.NOTHING`` for a required field."""
    integer: bool


_SCALARS = frozenset({"ident", "text", "pattern", "number", "bool"})
_STRINGS = frozenset({"ident", "text", "pattern"})


@functools.cache
def _fields(cls: type) -> tuple[_Field, ...]:
    """The classifier shared by the fast reader, the key counter, the dict and line
    writers and the text writer: every init field of model ``cls``, in order, by kind.

    Example:
        >>> [(f.name, f.kind, f.many, f.optional) for f in _fields(Hop)][:3]
        [('source_id', 'ident', False, False), ('verb', 'text', False, True), ('hedge', 'enum', False, False)]
    """
    attributes = attrs.fields_dict(cls)
    out = []
    for name, spec in _spec.specs(cls).items():
        default = attributes[name].default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # pragma: no cover
            raise TypeError(f"{cls.__name__}.{name}: factory defaults are not supported")
        out.append(_Field(name, spec.kind, spec.many, spec.optional, spec.cls, default, spec.integer))
    return tuple(out)


def _members(fields: tuple[_Field, ...]) -> list[tuple[int, _Field]]:
    """The fields written as JSON members (all but ``extra``), numbered for the names of
    the generated code's helpers."""
    return list(enumerate(f for f in fields if f.kind != "extra"))


def _fast_structure_fn(
    cls: type, converter: cattrs.Converter, known: frozenset[str], unknown_keys: Callable[[Any], Any]
) -> Callable[..., Any]:
    """Generate the fast-pass reader of ``cls``: ``cls(name=<value>, ...)`` in one call.

    It accepts exactly what the detailed pass accepts and builds the same object (the
    class's own check still runs); it just skips cattrs' per-field dispatch and calls.
    Values are read by kind: JSON scalars as they are, vocabularies by a dict lookup,
    date-times through a small cache, tuples with ``tuple(map(...))``, models by their
    own generated reader.
    """
    ns: dict[str, Any] = {
        "__cl": cls,
        "_known_keys": known.issuperset,  # what `o.keys() <= known` tests, a little faster
        "_M": _MISSING,
        "_Problem": _Problem,
        "_dict": dict,
        "_str": str,
        "_list": list,
        "_tuple": tuple,
        "_map": map,
        "_unknown_keys": unknown_keys,
        "_dt": _fast_datetime,
        "_not_list": _not_list,
        "_sh": _share,
        "_only_str": frozenset({str}).issuperset,  # names of its own: the inlined check brings its own names
        "_typeof": type,
    }

    def one(f: _Field, key: str) -> str | None:
        """A template reading one JSON value of ``f`` (None: taken as it is).

        ``{W}`` marks where the value is first read; later reads use ``v``.
        """
        if f.kind in _STRINGS:  # one object per distinct string of the load (a str subclass is not shared:
            return "(_sh(v, v) if type({W}) is _str else v)"  # the check refuses it, and another load must not get it)
        if f.kind in _SCALARS:
            return None
        if f.kind == "aware":
            return "_dt({W})"
        if f.kind == "enum":
            if all(type(m.value) is str for m in f.cls):
                ns[f"_e{key}"] = {m.value: m for m in f.cls}
                return f"_e{key}[v if type({{W}}) is _str else _M]"
            ns[f"_e{key}"] = {(type(m.value), m.value): m for m in f.cls}  # JSON true is not 1 here
            return f"_e{key}[type({{W}}), v]"
        assert f.kind == "model", f
        ns[f"_s{key}"] = converter.get_structure_hook(f.cls)
        return f"_s{key}({{W}})"

    def convert(f: _Field, key: str) -> str | None:
        if not f.many:
            return one(f, key)
        if f.kind in _STRINGS:  # the tuple shared, as one string is, if its items are strings
            return "((_sh(t, t) if _only_str(_map(_typeof, t := _tuple(v))) else t) if type({W}) is _list else _not_list(v))"
        if f.kind in _SCALARS:
            items = "v"
        elif f.kind == "aware":
            items = "_map(_dt, v)"
        elif f.kind == "model":
            ns[f"_s{key}e"] = converter.get_structure_hook(f.cls)
            items = f"_map(_s{key}e, v)"
        else:
            ns[f"_h{key}"], ns[f"_t{key}"] = converter.get_structure_hook(f.cls), f.cls
            items = f"[_h{key}(x, _t{key}) for x in v]"
        return f"(_tuple({items}) if type({{W}}) is _list else _not_list(v))"

    fields = _fields(cls)
    args = []
    given: dict[str, str] = {}  # what the reader guarantees about a field by construction
    for i, f in _members(fields):
        template = convert(f, str(i))
        given[f.name] = _guaranteed(f)
        if f.default is attrs.NOTHING:
            raw = f"o[{f.name!r}]"
            if template is None:
                value = raw
            elif f.optional:
                value = f"(None if (v := {raw}) is None else {template.replace('{W}', 'v')})"
            else:
                value = template.replace("{W}", f"(v := {raw})")
        else:
            ns[f"_d{i}"] = f.default
            if template is None:
                value = f"g({f.name!r}, _d{i})"
            elif f.optional and f.default is None:
                value = f"(None if (v := g({f.name!r})) is None else {template.replace('{W}', 'v')})"
            elif f.optional:
                value = (
                    f"(_d{i} if (v := g({f.name!r}, _M)) is _M else None if v is None "
                    f"else {template.replace('{W}', 'v')})"
                )
            else:
                value = f"(_d{i} if (v := g({f.name!r}, _M)) is _M else {template.replace('{W}', 'v')})"
        args.append((f.name, value))
    build = _construction(cls, fields, args, given, ns)
    src = (
        f"def structure_{cls.__name__}(o, _=None):\n"
        "    if type(o) is not _dict:\n"
        f"        raise _Problem({f'must be a JSON object ({cls.__name__})'!r}, o, type_error=True)\n"
        "    if not _known_keys(o):\n"
        "        return _unknown_keys(o)\n"
        "    g = o.get\n"
        f"{build}"
    )
    fn: Callable[..., Any] = compile_function(
        src, f"structure_{cls.__name__}", ns, purpose="fast reader", owner=cls.__qualname__
    )
    return fn


def _construction(
    cls: type, fields: tuple[_Field, ...], args: list[tuple[str, str]], given: dict[str, str], ns: dict[str, Any]
) -> str:
    """The statements of a generated reader that build ``cls`` from ``args`` (field name,
    value expression) and return it: from its slots with the check inlined when
    :func:`_built_from_slots` allows it, else by calling the class. ``given``: what the
    reader guarantees of each field (see :func:`_guaranteed`)."""
    if not _built_from_slots(cls):
        return f"    return __cl(\n{''.join(f'        {name}={value},{chr(10)}' for name, value in args)}    )\n"
    # What the attrs __init__ does (set each slot, then __attrs_post_init__), without
    # the keyword call and its per-field setattr lookups.
    local = {f.name: f"x{i}" for i, f in enumerate(fields)}
    for i, f in enumerate(fields):
        ns[f"_set{i}"] = cls.__dict__[f.name].__set__
        if f.kind == "extra":
            ns[f"_d_{f.name}"] = f.default
            given[f.name] = "extra"
    ns["_new"], ns["_post"] = object.__new__, cls.__dict__["__attrs_post_init__"]
    build = "".join(f"    {local[name]} = {value}\n" for name, value in args)
    build += "".join(f"    {local[f.name]} = _d_{f.name}\n" for f in fields if f.kind == "extra")
    stand_in = _stand_in(cls)
    if stand_in is None:
        build += "    obj = _new(__cl)\n"
        build += "".join(f"    _set{i}(obj, {local[f.name]})\n" for i, f in enumerate(fields))
    else:  # plain slot writes on the stand-in (a frozen class refuses them), then it becomes the class
        ns["_stand_in"] = stand_in
        build += "    obj = _new(_stand_in)\n"
        build += "".join(f"    obj.{f.name} = {local[f.name]}\n" for f in fields)
        build += "    obj.__class__ = __cl\n"
    inline = _inline_check(cls, local, given, ns)
    if inline is None:
        return build + "    _post(obj)\n    return obj\n"
    if not inline:  # the reader guarantees every rule
        return build + "    return obj\n"
    # The class's check, inlined over the locals (one rule a line), without the rules
    # the reader guarantees; when it fails, the check itself runs to raise the precise
    # error.
    rules = "".join(f"            {'and ' if j else ''}{rule}\n" for j, rule in enumerate(inline))
    build += f"    try:\n        ok = (\n{rules}        )\n    except Exception:\n        ok = False\n"
    return build + "    if not ok:\n        _post(obj)\n    return obj\n"


@functools.cache
def _stand_in(cls: type) -> type | None:
    """A class with the slots of ``cls`` and none of its behaviour, or None.

    An object made as one, its slots written as any object's (the interpreter's fastest
    attribute write; ``cls`` is frozen, so its own slots are written through descriptor
    calls, three times slower), then given ``cls`` as its class, is the object the
    class's ``__init__`` would make: the interpreter allows the change only between
    classes of the same layout, and it is tried once here. It refuses it for a class
    holding its own ``__weakref__`` slot, so the models have none (``weakref_slot=False``).
    """
    stand_in: type = type(f"{cls.__name__}StandIn", cls.__bases__, {"__slots__": cls.__dict__["__slots__"]})
    probe: Any = object.__new__(stand_in)
    try:
        probe.__class__ = cls
    except TypeError:
        return None
    return stand_in


def _guaranteed(f: _Field) -> str:
    """The :class:`~conflictmodels._checks.FieldSpec` kind the fast reader guarantees
    for ``f`` (its value comes from a vocabulary table, a model reader or the date-time
    reader), ``?`` appended if it may give null; or ``""``."""
    if f.kind == "model":
        kind = "models" if f.many else "model"
    elif f.kind in ("aware", "enum") and not f.many:
        kind = f.kind
    else:
        return ""
    return f"{kind}?" if f.optional else kind


def _field_rule(spec: FieldSpec, kind: str) -> str | None:
    """The test (``{0}`` standing for the value) that a fast reader still makes of one
    field, given what it guarantees of the value (``kind``: see :func:`_guaranteed`, or
    ``typed``: its type), or None if it guarantees all of it."""
    if kind == "typed":  # the reader guarantees the type of the value (str, bool, int or float, or null)
        if spec.fast is not None:
            return spec.fast.replace("type({0}) is str and ", "", 1)
        return " and ".join(t for t, _ in spec.tests) or None
    if kind and kind.rstrip("?") == spec.kind.rstrip("?") and (spec.kind.endswith("?") or not kind.endswith("?")):
        return None
    return spec.fast if spec.fast is not None else " and ".join([spec.type_test, *(t for t, _ in spec.tests)])


def _admission(
    rule: str, namespace: Mapping[str, Any], empty: Any, owner: str
) -> tuple[Callable[[Any], Any], Any, bool]:
    """The lookup and the admitting function of a new table of the values of one field
    that passed the field's ``rule``, and whether the ``empty`` value passes it.

    A value in the table is shared and was tested: the reader looks it up, and tests
    only a value it has not seen (the admitting function returns it, or raises).
    """
    table: dict[Any, Any] = {}
    _ADMITTED.append(table)
    ns = {name: _members_tuple(value) for name, value in namespace.items()}
    ns.update(_table=table, _Problem=_Problem)
    src = (
        f"def admit(v):\n    if {rule.format('v')}:\n        _table[v] = v\n        return v\n"
        "    raise _Problem('refused by its field rule', v)\n"
    )
    admit = compile_function(src, "admit", ns, purpose="string admission", owner=owner)
    try:
        admit(empty)
    except _Problem:
        return table.get, admit, False
    table.clear()
    return table.get, admit, True


def _inline_check(cls: type, local: dict[str, str], given: dict[str, str], ns: dict[str, Any]) -> list[str] | None:
    """The rules of ``cls``'s compiled check over the reader's locals, or None.

    Rules about what the reader guarantees (a vocabulary member, a model, an aware
    date-time, the empty ``extra``) are left out; a rule allowing null is left out only
    if the reader never gives null where the rule would refuse it.
    """
    rules = rules_of(cls.__dict__.get("__attrs_post_init__"))
    if rules is None:
        return None
    exprs = []
    for spec in rules.specs:
        kind = given.get(spec.name, "")
        test = None if kind == "admitted" else _field_rule(spec, kind)  # admitted: tested when first read
        if test is not None:
            exprs.append(f"({test.format(local[spec.name])})")
    for rule in rules.cross:
        if rule.fast == "":  # covered by another rule's fast form
            continue
        test = rule.test if rule.fast is None else rule.fast
        test = re.sub(r"\bs\.([a-z_][a-z0-9_]*)", lambda m: local.get(m.group(1), m.group(0)), test)
        exprs.append(f"({test})")
    if any(re.search(r"\bs\b", expr) for expr in exprs):
        return None  # a rule uses the object itself: keep calling the check
    for name, value in rules.namespace.items():
        value = _members_tuple(value)
        if ns.setdefault(name, value) is not value:
            return None  # pragma: no cover - a name clash with the reader's own
    return exprs


_ENUM_SETS: dict[frozenset[Any], tuple[Any, ...]] = {}


def _members_tuple(value: Any) -> Any:
    """A set of vocabulary members as a tuple (the same object for equal sets), else
    ``value``: ``member in a_tuple`` compares by identity in C, while a set hashes the
    member with ``Enum.__hash__``, a Python call (3x slower). Rules test such sets with
    ``in`` only; any other use fails the inlined check, and the check itself then runs."""
    if type(value) is not frozenset or not value or not all(isinstance(m, enum.Enum) for m in value):
        return value
    return _ENUM_SETS.setdefault(value, tuple(value))


def _built_from_slots(cls: type) -> bool:
    """Whether the fast reader may build ``cls`` as its ``__init__`` does: a new object,
    every field's slot set, then the class's compiled check.

    Decided from what is declared, not from how attrs writes ``__init__``: the class's
    ``__attrs_post_init__`` is the check :func:`~conflictmodels._spec.model` compiled;
    attrs wrote ``__init__`` (it adds ``__attrs_init__`` instead when a class brings its
    own); nothing runs before it (no ``__attrs_pre_init__``, no ``__new__``); and the
    object's slots are exactly its fields, all init fields without a validator,
    converter or default factory. ``tests/test_fast_path.py`` asserts that this holds
    for every model type but ``Dossier`` (whose own post-init builds its index).
    """
    fields = attrs.fields(cls)
    return bool(
        rules_of(cls.__dict__.get("__attrs_post_init__")) is not None
        and not hasattr(cls, "__attrs_init__")
        and not hasattr(cls, "__attrs_pre_init__")
        and cls.__new__ is object.__new__  # type: ignore[comparison-overlap]
        and set(cls.__dict__.get("__slots__", ("__dict__",))) <= {a.name for a in fields} | {"__weakref__"}
        and all(
            a.init
            and a.validator is None
            and a.converter is None
            and not isinstance(a.default, attrs.Factory)  # type: ignore[arg-type]
            and isinstance(cls.__dict__.get(a.name), types.MemberDescriptorType)
            for a in fields
        )
        and all(f.kind != "extra" or f.default is not attrs.NOTHING for f in _fields(cls))
    )


def _not_list(value: Any) -> Any:
    raise _Problem("must be a JSON array", value, type_error=True)


@functools.cache
def _key_counter(cls: type) -> Callable[[dict[str, Any]], int]:
    """Generate a function counting the keys of a payload that the fast reader accepted.

    It follows the schema (no unknown keys, every value of its field's kind), so it
    visits only the nested objects: the count of a whole claim costs about a
    microsecond. :func:`_quick_load` compares it with the keys in the text.
    """
    ns: dict[str, Any] = {"_len": len, "_sum": sum, "_map": map}
    lines = []
    for i, f in _members(_fields(cls)):
        if f.kind != "model":
            continue
        ns[f"_c{i}"] = _key_counter(f.cls) if any(g.kind == "model" for g in _fields(f.cls)) else len
        get = f"o[{f.name!r}]" if f.default is attrs.NOTHING else f"o.get({f.name!r})"
        if f.many:
            lines.append(f"    v = {get}\n    if v:\n        n += _sum(_map(_c{i}, v))\n")
        else:
            lines.append(f"    v = {get}\n    if v is not None:\n        n += _c{i}(v)\n")
    src = f"def count_{cls.__name__}(o):\n    n = _len(o)\n{''.join(lines)}    return n\n"
    fn: Callable[[dict[str, Any]], int] = compile_function(
        src, f"count_{cls.__name__}", ns, purpose="key counter", owner=cls.__qualname__
    )
    return fn


def _quick_load(text: Any, cls: type[T], limits: Limits) -> T | None:
    """The model in ``text`` read on the hot path, or None if the text needs the guarded
    reader (which then loads it, or names every problem).

    The hot path parses without hooks (see :mod:`conflictmodels._hotpath`), reads with
    the fast reader, and checks for repeated keys by counting them.
    """
    try:
        mirror = _mirror_reader(cls) if _hotpath.msgspec_may_parse() else None  # type: ignore[arg-type]
        if mirror is not None:
            kind = type(text)
            if (kind is not str and kind is not bytes) or not _hotpath.fits(text, limits):
                return None
            decoded = mirror.decode(text)
            obj_: T = mirror.build(decoded)
            if limits.reject_duplicate_keys and not _no_repeated_keys(text, [decoded], mirror):
                return None
            return obj_
        body = _hotpath.parse(text, limits)
        if type(body) is not dict:
            return None
        version = body.pop("schema_version", None)
        if type(version) is not int or version != SCHEMA_VERSION:
            return None  # missing, malformed, older or newer: the full path decides
        reader, count_keys = _hot_reader(cls)
        obj: T = reader(body)
        if limits.reject_duplicate_keys and not _hotpath.key_count_matches(text, count_keys(body) + 1):
            return None
    except Exception:
        return None
    return obj


_HOT_READERS: dict[type, tuple[Callable[..., Any], Callable[[dict[str, Any]], int]]] = {}


def _hot_reader(cls: type) -> tuple[Callable[..., Any], Callable[[dict[str, Any]], int]]:
    """The fast reader of ``cls`` and its key counter."""
    pair = _HOT_READERS.get(cls)
    if pair is None:
        pair = _HOT_READERS[cls] = (_structurer(False, False).get_structure_hook(cls), _key_counter(cls))
    return pair


class _MirrorReader(NamedTuple):
    """How the ``fast`` extra reads one model type: msgspec decodes the text into a
    generated ``Struct`` mirror of the model (types, vocabularies, tuples and unknown
    keys checked in C), then a generated builder makes the model from it."""

    decode: Callable[[Any], Any]
    """Text to a top-level mirror (it carries the payload's ``schema_version``)."""
    build: Callable[[Any], Any]
    """A top-level mirror to the model; raises if the version is not the current one or
    a rule fails (the caller then leaves the text to the guarded reader)."""
    count: Callable[[Any], int]
    """The number of keys the mirror was decoded from (``schema_version`` included):
    fields left out are ``UNSET``, so an explicit default counts too."""
    encode_lines: Callable[[Any], bytes]
    """msgspec's JSON Lines encoder: mirrors written back give the text they were read
    from exactly when it was written as conflictmodels writes JSON Lines (then no key
    was repeated: the written text has each of its keys once)."""


def _mirror_kind(f: _Field, ms: Any) -> Any:
    """The type msgspec decodes one value of ``f`` as, or None if it cannot."""
    if f.kind in _STRINGS or f.kind == "aware":  # date-times are read by _fast_datetime
        return str
    if f.kind == "bool":
        return bool
    if f.kind == "number":
        return int if f.integer else int | float
    if f.kind == "enum":
        values = {type(m.value) for m in f.cls}
        # msgspec reads a member by its value, of exactly the value's type (JSON true is not 1)
        return f.cls if values == {str} or (values == {int} and issubclass(f.cls, int)) else None
    if f.kind == "model":
        return _mirror_of(f.cls, False)
    return None


def _unset_default(f: _Field) -> bool:
    """Whether the mirror of field ``f`` defaults to ``UNSET`` rather than to the field's
    default: only when the default is not what converting it would give (a date-time
    or a model other than null or the empty tuple)."""
    return f.kind in ("aware", "model") and f.default is not None and not (f.many and f.default == ())


@functools.cache
def _mirror_of(cls: type, top: bool) -> Any:
    """The msgspec ``Struct`` mirror of ``cls`` (None if a field has no mirror), derived
    from the declarations: every member field, in order, with its default (``UNSET``
    where :func:`_unset_default` says so); unknown keys refused, defaults omitted when
    written back; ``top`` adds ``schema_version`` first."""
    ms = _hotpath.msgspec
    members: list[Any] = [("schema_version", int)] if top else []
    for _, f in _members(_fields(cls)):
        kind: Any = _mirror_kind(f, ms)
        if kind is None:
            return None
        if f.many:
            kind = tuple[kind, ...]
        if f.optional:
            kind = kind | None
        if f.default is attrs.NOTHING:
            members.append((f.name, kind))
        elif _unset_default(f):
            members.append((f.name, kind | ms.UnsetType, ms.UNSET))
        else:
            members.append((f.name, kind, f.default))
    name = f"{cls.__name__}Mirror" if not top else f"{cls.__name__}PayloadMirror"
    return ms.defstruct(name, members, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, gc=False)


@functools.cache
def _mirror_reader(cls: type) -> _MirrorReader | None:
    """The reader of ``cls`` for the ``fast`` extra, or None (msgspec is not installed,
    or a field has no mirror)."""
    ms = _hotpath.msgspec
    if ms is None or _mirror_of(cls, True) is None:
        return None
    decode = ms.json.Decoder(_mirror_of(cls, True)).decode
    encode_lines = ms.json.Encoder().encode_lines
    return _MirrorReader(decode, _mirror_builder(cls, True), _mirror_counter(cls, True), encode_lines)


@functools.cache
def _mirror_builder(cls: type, top: bool) -> Callable[[Any], Any]:
    """Generate the function building ``cls`` from its mirror (see :func:`_mirror_of`).

    msgspec has checked every type, vocabulary and tuple and refused unknown keys; the
    builder reads date-times through :func:`_fast_datetime`, shares strings (testing a
    field's rule once per distinct value, :func:`_admission`), puts in the defaults of
    fields left out, builds nested models with their own builders, and runs the rest of
    the model's check (inlined when possible) as the dict reader does.
    """
    ms = _hotpath.msgspec
    ns: dict[str, Any] = {
        "__cl": cls,
        "_U": ms.UNSET,
        "_Problem": _Problem,
        "_tuple": tuple,
        "_map": map,
        "_dt": _fast_datetime,
        "_dtget": _DATETIMES.get,
        "_sh": _share,
        "_SV": SCHEMA_VERSION,
    }

    rules = rules_of(cls.__dict__.get("__attrs_post_init__")) if _built_from_slots(cls) else None
    specs = {} if rules is None else {spec.name: spec for spec in rules.specs}
    admitted: set[str] = set()

    def convert(f: _Field, key: str) -> str | None:
        """An expression of ``v`` (present, not null) giving the field's value, or None: ``v`` itself."""
        # An empty tuple is as msgspec gave it (the one empty tuple): no call for it.
        if f.kind in _STRINGS:
            if f.name == "id":
                return None  # an object's own id names it alone: nothing to share
            spec = specs.get(f.name)
            rule = None if spec is None else _field_rule(spec, "" if f.many else "typed")
            if rule is None or rules is None:
                return "(_sh(v, v) if v else v)" if f.many else "_sh(v, v)"  # a tuple of strings is shared whole
            # a string (or tuple of strings) read before is shared and was tested: one lookup for both
            ns[f"_ok{key}"], ns[f"_ad{key}"], empty_ok = _admission(
                rule, rules.namespace, () if f.many else "", f"{cls.__qualname__}.{f.name}"
            )
            admitted.add(f.name)
            return f"(v and (_ok{key}(v) or _ad{key}(v)))" if empty_ok else f"(_ok{key}(v) or _ad{key}(v))"
        if f.kind == "aware":  # a date-time read before is looked up without a call (it is never false)
            return "_tuple(_map(_dt, v))" if f.many else "(_dtget(v) or _dt(v))"
        if f.kind == "model":
            ns[f"_b{key}"] = _mirror_builder(f.cls, False)
            return f"(_tuple(_map(_b{key}, v)) if v else v)" if f.many else f"_b{key}(v)"
        return None  # bool, number, vocabulary member: as msgspec gave it

    fields = _fields(cls)
    args: list[tuple[str, str]] = []
    given: dict[str, str] = {}
    for i, f in _members(fields):
        expr = convert(f, str(i))
        # msgspec checked the type of a scalar: the inlined check leaves that test out
        typed = not f.many and (f.kind in _STRINGS or f.kind in ("bool", "number"))
        given[f.name] = "admitted" if f.name in admitted else "typed" if typed else _guaranteed(f)
        if expr is not None and f.optional:
            expr = f"(None if v is None else {expr})"
        if f.default is not attrs.NOTHING and _unset_default(f):
            ns[f"_d{i}"] = f.default
            value = f"(_d{i} if (v := m{i}) is _U else {expr or 'v'})"
        else:
            value = f"m{i}" if expr is None else re.sub(r"\bv\b", f"m{i}", expr)
        args.append((f.name, value))
    # every value of the mirror at once, in field order (one C call, not a read per field)
    ns["_astuple"] = ms.structs.astuple
    read = ", ".join((["sv"] if top else []) + [f"m{i}" for i, _ in _members(fields)])
    head = f"    {read}, = _astuple(s)\n"
    if top:
        head += "    if sv != _SV:\n        raise _Problem('not the current schema version', None)\n"
    src = f"def build_{cls.__name__}(s):\n" + head + _construction(cls, fields, args, given, ns)
    fn: Callable[[Any], Any] = compile_function(
        src, f"build_{cls.__name__}", ns, purpose="mirror builder", owner=cls.__qualname__
    )
    return fn


@functools.cache
def _mirror_counter(cls: type, top: bool) -> Callable[[Any], int]:
    """Generate the function counting the keys a mirror of ``cls`` was decoded from."""
    ns: dict[str, Any] = {"_U": _hotpath.msgspec.UNSET, "_sum": sum, "_map": map}
    required = int(top)  # schema_version
    terms: list[str] = []
    for i, f in _members(_fields(cls)):
        nested = f.kind == "model" and any(g.kind == "model" or g.default is not attrs.NOTHING for g in _fields(f.cls))
        if f.default is attrs.NOTHING:
            required += 1
        elif _unset_default(f):
            terms.append(f"(s.{f.name} is not _U)")
        else:  # an explicit default is not counted: such text is left to the guarded reader
            ns[f"_d{i}"] = f.default
            terms.append(f"(s.{f.name} is not None)" if f.default is None else f"(s.{f.name} != _d{i})")
        if f.kind != "model":
            continue
        if not nested:  # every key of the nested model is required: count its fields
            ns[f"_c{i}"] = len(_members(_fields(f.cls)))
            if f.many:
                terms.append(f"(0 if (v := s.{f.name}) is _U or v is None else _c{i} * len(v))")
            else:
                terms.append(f"(0 if (v := s.{f.name}) is _U or v is None else _c{i})")
            continue
        ns[f"_c{i}"] = _mirror_counter(f.cls, False)
        if f.many:
            terms.append(f"(0 if (v := s.{f.name}) is _U or not v else _sum(_map(_c{i}, v)))")
        else:
            terms.append(f"(0 if (v := s.{f.name}) is _U or v is None else _c{i}(v))")
    body = " + ".join([str(required), *terms])
    src = f"def count_{cls.__name__}(s):\n    return {body}\n"
    fn: Callable[[Any], int] = compile_function(
        src, f"count_{cls.__name__}", ns, purpose="mirror key counter", owner=cls.__qualname__
    )
    return fn


def _unstructure_hook(
    cls: type, converter: cattrs.Converter, with_extra: bool, for_lines: bool = False, top: bool = False
) -> Callable[[Any], dict[str, Any]]:
    # `extra` is written as the object's own keys; fields that are not init arguments
    # (the dossier's index) are not part of the payload.
    # Like cattrs' omit-if-default unstructuring, generated with values written by kind;
    # keys follow field order (the design's rule). `for_lines`: floats go through
    # _hotpath.plain_float, so that msgspec writes the bytes the standard library would.
    ns: dict[str, Any] = {
        "_list": list,
        "_map": map,
        "_iso": _isoformat,
        "_float": float,
        "_plain": _hotpath.plain_float,
        "_plain_floats": _plain_floats,
        "_thaw": thawed_json,
    }

    def one(f: _Field, key: str) -> str | None:
        """An expression of ``{v}`` giving the JSON value (None: the value itself)."""
        if f.kind == "number" and for_lines and not f.integer:
            return "({v} if type({v}) is not _float else _plain({v}))"
        if f.kind in _SCALARS:
            return None
        if f.kind == "aware":
            return "_iso({v})"
        if f.kind == "enum":
            return "{v}._value_"  # what Enum.value returns, without the property call
        assert f.kind == "model", f
        ns[f"_u{key}"] = converter.get_unstructure_hook(f.cls)
        return f"_u{key}({{v}})"

    def convert(f: _Field, key: str) -> str | None:
        if not f.many:
            return one(f, key)
        inner = one(f, f"{key}e")
        if inner is None:
            return "_list({v})"
        if f.kind == "model":  # map, without a comprehension's frame
            return f"_list(_map(_u{key}e, {{v}}))"
        return f"[{inner.replace('{v}', 'x')} for x in {{v}}]"

    # fields before the first one with a default: one dict display (`top`: after the
    # schema version, for a top-level payload)
    leading: list[str] = [f"'schema_version': {SCHEMA_VERSION}"] if top else []
    body: list[str] = []
    for i, f in _members(_fields(cls)):
        expr = convert(f, str(i)) or "{v}"
        if f.optional and expr != "{v}" and f.default is not None:  # a None default is omitted
            expr = f"(None if {{v}} is None else {expr})"
        if f.default is attrs.NOTHING:
            value = expr.replace("{v}", f"obj.{f.name}")
            if body:
                body.append(f"    res[{f.name!r}] = {value}\n")
            else:
                leading.append(f"{f.name!r}: {value}")
            continue
        test = _differs_from_default(f, i, ns)
        body.append(f"    v = obj.{f.name}\n    if {test}:\n        res[{f.name!r}] = {expr.replace('{v}', 'v')}\n")
    src = (
        f"def unstructure_{cls.__name__}(obj):\n"
        f"    res = {{{', '.join(leading)}}}\n"
        f"{''.join(body)}"
        + (
            f"    if obj.extra:\n        res.update({'_plain_floats' if for_lines else '_thaw'}(obj.extra))\n"
            if with_extra
            else ""
        )
        + "    return res\n"
    )
    purpose = "line writer" if for_lines else "writer" if with_extra else "writer without extra"
    fn: Callable[[Any], dict[str, Any]] = compile_function(
        src, f"unstructure_{cls.__name__}", ns, purpose=purpose, owner=cls.__qualname__
    )
    return fn


_VOCABULARIES: tuple[type[enum.Enum], ...] = tuple(
    v
    for v in vars(vocabularies).values()
    if isinstance(v, type) and issubclass(v, enum.Enum) and v.__module__ == vocabularies.__name__
)


def _is_number(t: Any) -> bool:
    """Whether ``t`` is the hint of a number field (for cattrs' detailed pass, which
    reads hints; the generated readers and writers read the declared kinds)."""
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
def _unstructurer(*, with_extra: bool = True, for_lines: bool = False) -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_unstructure_hook(datetime, _isoformat)
    conv.register_unstructure_hook_factory(_is_tuple, lambda t: _list_of(conv, get_args(t)[0]))
    for cls in MODEL_TYPES:
        conv.register_unstructure_hook(cls, _unstructure_hook(cls, conv, with_extra, for_lines))
    return conv


@functools.cache
def _line_payload_writer(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The top-level JSON Lines payload of ``cls`` (schema version first) for msgspec."""
    return _unstructure_hook(cls, _unstructurer(for_lines=True), True, for_lines=True, top=True)


def _plain_number(value: Any) -> Any:
    """A number as the line writer hands it to msgspec (see :func:`_hotpath.plain_float`)."""
    return value if type(value) is not float else _hotpath.plain_float(value)


class _HasExtra(Exception):
    """An object keeps unknown keys (``extra``), which a mirror cannot carry."""


_WRITTEN = object()
"""The default of the required fields of a written mirror: no value is it."""


@functools.cache
def _mirror_writer(cls: type, top: bool) -> Callable[[Any], Any] | None:
    """Generate the function giving a ``cls`` object as a msgspec ``Struct`` for the
    encoder (None if a field cannot be written so): every member field in order, built
    with one positional call; a value that is its field's default is handed over as
    ``UNSET``, which msgspec leaves out, so the bytes are those of the line writer's
    payload dict. Floats go through :func:`_hotpath.plain_float` and date-times through
    the shared text cache, as for the dict payloads (UTC is written ``+00:00`` on every
    path)."""
    ms = _hotpath.msgspec
    ns: dict[str, Any] = {
        "_U": ms.UNSET,
        "_SV": SCHEMA_VERSION,
        "_EMPTY": EMPTY,
        "_HasExtra": _HasExtra,
        "_tuple": tuple,
        "_map": map,
        "_iso": _isoformat,
        "_texts": _ISO_TEXTS.get,
        "_id": id,
        "_float": float,
        "_number": _plain_number,
    }

    def convert(f: _Field, key: str) -> str | None:
        """An expression of ``v`` (not null) giving what the Struct holds, or None: ``v`` itself."""
        if f.kind == "number" and not f.integer:
            return "_number(v)"
        if f.kind == "aware":  # a date-time written recently: its text from the cache, without a call of _iso
            one = "(h[1] if (h := _texts(_id(v))) is not None and h[0] is v else _iso(v))"
            return "_tuple(_map(_iso, v))" if f.many else one
        if f.kind == "model":
            ns[f"_w{key}"] = _mirror_writer(f.cls, False)
            return f"_tuple(_map(_w{key}, v))" if f.many else f"_w{key}(v)"
        return None

    fields: list[tuple[str, Any, Any]] = [("schema_version", Any, _WRITTEN)] if top else []
    args: list[str] = ["_SV"] if top else []
    for i, f in _members(_fields(cls)):
        if (f.kind == "number" and f.many) or f.kind not in (*_SCALARS, "aware", "model", "enum"):
            return None  # numbers in a tuple, or an unknown kind: left to the dict payloads
        if f.kind == "model" and _mirror_writer(f.cls, False) is None:
            return None
        expr = convert(f, str(i))
        if expr is not None and f.optional:
            expr = f"(None if v is None else {expr})"
        value = f"obj.{f.name}" if expr is None else re.sub(r"\bv\b", f"(v := obj.{f.name})", expr, count=1)
        if f.default is attrs.NOTHING:
            default: Any = _WRITTEN  # never a value: always written
        else:
            # msgspec leaves a value out when it *is* the default: None, a bool, a
            # vocabulary member and the empty tuple are singletons; other defaults are
            # handed over as the default object itself when equal to it
            default = f.default
            singleton = default is None or type(default) is bool or isinstance(default, enum.Enum)
            if not singleton and not (f.many and default == ()):
                ns[f"_d{i}"] = default
                value = f"(_d{i} if (v := obj.{f.name}) == _d{i} else {expr or 'v'})"
        fields.append((f.name, Any, default))
        args.append(value)
    # every field has a default, so the Struct is built positionally in field order
    ns["_M"] = ms.defstruct(f"{cls.__name__}Written", fields, omit_defaults=True, gc=False)
    extra = any(f.kind == "extra" for f in _fields(cls))
    src = (
        f"def mirror_{cls.__name__}(obj):\n"
        + ("    if obj.extra is not _EMPTY and obj.extra:\n        raise _HasExtra\n" if extra else "")
        + f"    return _M({', '.join(args)})\n"
    )
    fn: Callable[[Any], Any] = compile_function(
        src, f"mirror_{cls.__name__}", ns, purpose="mirror writer", owner=cls.__qualname__
    )
    return fn


def _plain_floats(value: Any) -> Any:
    """JSON data with every float passed through :func:`_hotpath.plain_float`."""
    kind = type(value)
    if kind is float:
        return _hotpath.plain_float(value)
    if kind is dict or isinstance(value, FrozenMapping):
        return {k: _plain_floats(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain_floats(v) for v in value]
    return value


_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class _DateTimeTexts:
    """The JSON text (quoted) of each date-time one call of a line writer writes, by
    object. The call keeps every object it has seen, so no ``id`` is reused while it runs.

    ``datetime.isoformat`` costs about a microsecond, most of it for the offset; a text
    is assembled instead from its date, its time of day and its offset, each formatted
    once per call (a stream repeats days, hours and time zones), and each exactly as
    ``isoformat`` writes it: a ``timezone`` has a single offset, written after the 19
    characters of date and time (26 with microseconds). Other time zones (and datetime
    subclasses) are written by ``isoformat`` itself.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> texts = _DateTimeTexts()
        >>> texts(datetime(2024, 8, 6, 12, 30, 0, 5, tzinfo=timezone(timedelta(hours=3))))
        '"2024-08-06T12:30:00.000005+03:00"'
        >>> texts(datetime(2024, 8, 6, 12, 30, tzinfo=timezone(timedelta(hours=3), "MSK")))
        '"2024-08-06T12:30:00+03:00"'
    """

    __slots__ = ("_days", "_kept", "_offsets", "_times", "by_id")

    def __init__(self) -> None:
        self.by_id: dict[int, str] = {}
        self._kept: list[datetime] = []
        self._days: dict[int, str] = {}
        self._times: dict[time, str] = {}
        self._offsets: dict[tzinfo, str] = {}

    def __call__(self, value: datetime) -> str:
        text = self.by_id.get(id(value))
        if text is not None:
            return text
        self._kept.append(value)
        zone = value.tzinfo
        fixed = type(zone) is timezone and type(value) is datetime
        offset = self._offsets.get(zone) if fixed else None  # type: ignore[arg-type]
        if offset is None:
            whole = value.isoformat()
            if fixed:
                self._offsets[zone] = whole[26 if value.microsecond else 19 :]  # type: ignore[index]
            text = self.by_id[id(value)] = f'"{whole}"'
            return text
        day = self._days.get(ordinal := value.toordinal())
        if day is None:
            day = self._days[ordinal] = value.date().isoformat()
        clock = self._times.get(moment := value.time())
        if clock is None:
            clock = self._times[moment] = moment.isoformat()
        text = self.by_id[id(value)] = f'"{day}T{clock}{offset}"'
        return text


def _member_text(value: Any) -> str:
    """The JSON text of a vocabulary member's value (a string or an int)."""
    return json.encoder.encode_basestring(value) if type(value) is str else repr(value)


class _LinesSource:
    """The source of one model's line writer (:func:`_text_writer`), built member by
    member, nested models inlined.

    Static text that is due (a closing brace, a comma, a key) waits in ``due`` and is
    merged into the next constant written unconditionally, or appended before code
    that writes under a condition. Values that repeat across a stream are written
    through tables local to the call, from the value to the text of key and value
    together: strings (but a model's own ``id``), tuples of strings, vocabulary members
    (a table per field, built here) and date-times (by object, :class:`_DateTimeTexts`).
    """

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {
            "_s": json.encoder.encode_basestring,
            "_repr": repr,
            "_join": ",".join,
            "_map": map,
            "_len": len,
            "_id": id,
            "_json": _COMPACT.encode,
            "_DateTimeTexts": _DateTimeTexts,
        }
        self.tables: list[str] = []
        self._names = itertools.count()
        self.due = ""

    def name(self, stem: str) -> str:
        return f"{stem}{next(self._names)}"

    def const(self, value: Any) -> str:
        """The name of a global of the generated code holding ``value``."""
        name = self.name("_k")
        self.ns[name] = value
        return name

    def flush(self, ind: str) -> str:
        """A statement appending the text that is due, if any."""
        due, self.due = self.due, ""
        return f"{ind}a({self.const(due)})\n" if due else ""

    def table(self, key: str, text: str, v: str, ind: str) -> str:
        """Statements appending ``key`` and ``text`` (an expression of ``v``) through a
        table of the call, by the value ``v``."""
        m = self.name("m")
        self.tables.append(f"    {m} = {{}}; {m}g = {m}.get\n")
        return (
            f"{ind}t = {m}g({v})\n{ind}if t is None:\n{ind}    t = {m}[{v}] = {self.const(key)} + {text}\n{ind}a(t)\n"
        )

    def value(self, f: _Field, v: str, ind: str) -> str:
        """Statements writing member ``f`` with value ``v`` (not null): the text due,
        which ends with the key, then the value."""
        key, self.due = self.due, ""
        if f.kind == "model":
            if f.many:
                return self.objects(f, key, v, ind)
            self.due = key + "{"
            out = self.members(f.cls, v, ind, opened=False)
            self.due += "}"
            return out
        k = self.const(key)
        if f.many:
            if f.kind in _STRINGS:
                return self.table(key, f"'[' + _join(_map(_s, {v})) + ']'", v, ind)
            if f.kind == "enum":
                texts = self.const({m._value_: _member_text(m._value_) for m in f.cls})
                return f"{ind}a({k} + '[' + _join([{texts}[x._value_] for x in {v}]) + ']')\n"
            if f.kind == "aware":
                return f"{ind}a({k} + '[' + _join(_map(_dt, {v})) + ']')\n"
            return f"{ind}a({k} + _json({v}))\n"  # numbers or booleans, as json writes them
        if f.kind in _STRINGS:
            if f.name == "id":  # a model's own id: unique in a stream, not worth a table
                return f"{ind}a({k}); a(_s({v}))\n"
            return self.table(key, f"_s({v})", v, ind)
        if f.kind == "aware":
            return f"{ind}a({k}); a(dtg(_id({v})) or _dt({v}))\n"
        if f.kind == "enum":
            texts = self.const({m._value_: key + _member_text(m._value_) for m in f.cls})
            return f"{ind}a({texts}[{v}._value_])\n"
        if f.kind == "bool":
            return f"{ind}a({self.const(key + 'true')} if {v} else {self.const(key + 'false')})\n"
        assert f.kind == "number", f
        return f"{ind}a({k}); a(_repr({v}))\n"

    def objects(self, f: _Field, key: str, v: str, ind: str) -> str:
        """A loop writing the tuple ``v`` of ``f.cls`` objects, each opened with the
        closing of the one before (``v`` is not empty when it is not the default)."""
        c, x, first = self.name("c"), self.name("x"), self.const(key + "[{")
        out = f"{ind}{c} = {first}\n{ind}for {x} in {v}:\n{ind}    a({c})\n"
        out += self.members(f.cls, x, ind + "    ", opened=False)
        out += f"{ind}    {c} = {self.const('},{')}\n"
        if f.default == ():
            self.due = "}]"
        else:  # may be empty
            out += f"{ind}a({self.const(key + '[]')} if {c} is {first} else '}}]')\n"
        return out

    def members(self, cls: type, o: str, ind: str, *, opened: bool) -> str:
        """Statements writing the members of object ``o``, then its unknown keys.
        ``opened``: something was written in the object already (every member starts
        with a comma); if not, the first member written starts without one."""
        fields = [f for _, f in _members(_fields(cls))]
        if opened or (fields and fields[0].default is attrs.NOTHING):
            return self.fields(fields, o, ind, opened=opened) + self.extra(o, ind)
        if len(fields) <= 6 and all(f.kind != "model" and (f.default is None or not f.optional) for f in fields):
            return self.leading(fields, o, ind)
        # the first member may be left out: write commas, drop the first one after
        n = self.name("n")
        out = self.flush(ind) + f"{ind}{n} = _len(p)\n" + self.fields(fields, o, ind, opened=True)
        return out + self.extra(o, ind) + f"{ind}if _len(p) > {n}: p[{n}] = p[{n}][1:]\n"

    def leading(self, fields: list[_Field], o: str, ind: str) -> str:
        """Statements writing the members ``fields`` of object ``o``, of which none was
        written yet: a branch for each member that may be the first (a small object
        whose members may all be left out, such as a time span)."""
        if not fields:  # only unknown keys may follow
            return self.extra(o, ind, first=True)
        f, rest = fields[0], fields[1:]
        if f.default is attrs.NOTHING:
            return self.fields(fields, o, ind, opened=False) + self.extra(o, ind)
        due, v = self.due, self.name("v")
        test = f"{v} is not None" if f.default is None else f"{v} != {self.const(f.default)}"
        out = f"{ind}{v} = {o}.{f.name}\n{ind}if {test}:\n"
        self.due = due + json.encoder.encode_basestring(f.name) + ":"
        out += self.value(f, v, ind + "    ") + self.fields(rest, o, ind + "    ", opened=True)
        out += self.extra(o, ind + "    ") + f"{ind}else:\n"
        self.due = due
        return out + self.leading(rest, o, ind + "    ")

    def fields(self, fields: list[_Field], o: str, ind: str, *, opened: bool) -> str:
        """Statements writing the members ``fields`` of object ``o`` (``opened``: as in
        :meth:`members`)."""
        out = ""
        for f in fields:
            key = ("," if opened else "") + json.encoder.encode_basestring(f.name) + ":"
            opened = True
            v = self.name("v")
            get = f"{ind}{v} = {o}.{f.name}\n"
            if f.default is attrs.NOTHING and not f.optional:
                self.due += key
                out += get + self.value(f, v, ind)
                continue
            out += self.flush(ind) + get
            self.due = key
            if f.default is attrs.NOTHING:  # optional: null is written
                out += f"{ind}if {v} is None:\n{ind}    a({self.const(key + 'null')})\n{ind}else:\n"
                out += self.value(f, v, ind + "    ") + self.flush(ind + "    ")
            elif f.optional and f.default is not None:  # null is written, the default left out
                out += f"{ind}if {v} != {self.const(f.default)}:\n"
                out += f"{ind}    if {v} is None:\n{ind}        a({self.const(key + 'null')})\n{ind}    else:\n"
                out += self.value(f, v, ind + "        ") + self.flush(ind + "        ")
            else:
                test = f"{v} is not None" if f.default is None else f"{v} != {self.const(f.default)}"
                out += f"{ind}if {test}:\n" + self.value(f, v, ind + "    ") + self.flush(ind + "    ")
        return out

    def extra(self, o: str, ind: str, *, first: bool = False) -> str:
        """Statements writing the unknown keys of object ``o``, after the text due
        (``first``: nothing was written in the object, the first key has no comma)."""
        n = self.name("n")
        return self.flush(ind) + (
            f"{ind}if {o}.extra:\n"
            + (f"{ind}    {n} = _len(p)\n" if first else "")
            + f"{ind}    for k, x in {o}.extra.items():\n"
            f"{ind}        a(','); a(_s(k)); a(':'); a(_json(x))\n"
            + (f"{ind}    p[{n}] = p[{n}][1:]\n" if first else "")
        )


@functools.cache
def _text_writer(cls: type) -> Callable[[Iterable[Any], list[str]], None]:
    """Generate the JSON Lines writer of ``cls`` objects (without msgspec).

    ``write(objs, p)`` appends to the list ``p`` the text of one line per object:
    what ``json.dumps(payload, ensure_ascii=False, separators=(",", ":"))`` gives for
    its payload (:func:`_unstructure_hook`: same keys, order, omitted defaults, bytes;
    strings through the encoder's own C escaping, numbers through ``repr``, which is
    ``int.__repr__`` / ``float.__repr__`` for the exact ints and floats the checks
    allow), and a newline, without building the dicts. Nested models are written
    inline (see :class:`_LinesSource` for how repeated values are written once per
    call). ``tests/test_hot_path.py`` pins the equality.
    """
    gen = _LinesSource()
    gen.due = f'{{"schema_version":{SCHEMA_VERSION}'
    body = gen.members(cls, "o", "        ", opened=True)
    gen.due += "}\n"
    body += gen.flush("        ")
    src = (
        f"def write_{cls.__name__}(objs, p):\n"
        "    a = p.append\n"
        "    _dt = _DateTimeTexts(); dtg = _dt.by_id.get\n"
        f"{''.join(gen.tables)}"
        "    for o in objs:\n"
        f"{body}"
    )
    fn: Callable[[Iterable[Any], list[str]], None] = compile_function(
        src, f"write_{cls.__name__}", gen.ns, purpose="text writer", owner=cls.__qualname__
    )
    return fn


def _differs_from_default(f: _Field, i: int, ns: dict[str, Any]) -> str:
    """The test, over ``v``, under which the writers write field ``f`` (the ``i``-th):
    its value is not its default (defaults are omitted)."""
    ns[f"_d{i}"] = f.default
    return "v is not None" if f.default is None else f"v != _d{i}"


def _list_of(conv: cattrs.Converter, elem_type: Any) -> Callable[[Any], list[Any]]:
    elem = conv.get_unstructure_hook(elem_type)
    return lambda value: [elem(v) for v in value]


def to_dict(obj: Any) -> dict[str, Any]:
    """The JSON-compatible payload of a model, with ``schema_version`` first.

    Example:
        >>> from conflictmodels import Point, to_dict
        >>> to_dict(Point(lat=51.5, lon=35.1))
        {'schema_version': 3, 'lat': 51.5, 'lon': 35.1}
    """
    _check_model_type(type(obj))
    return {"schema_version": SCHEMA_VERSION, **_unstructurer().unstructure(obj)}


def from_dict(
    data: Any,
    cls: type[T] = Dossier,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> T:
    """Read a payload (a dict as produced by :func:`to_dict`) into a model.

    Args:
        data: The payload, with ``schema_version``.
        cls: The model type to read; a :class:`~conflictmodels.Dossier` by default.
        keep_unknown: Keep unknown keys in each object's ``extra`` instead of
            rejecting them.
        limits: :data:`~conflictmodels.DEFAULT_LIMITS` when ``None``; of these, only
            ``max_problems`` and ``max_depth`` (of unknown values) apply to data
            already in memory.

    The payload must be JSON data. With ``keep_unknown``, unknown values that JSON
    cannot carry (NaN, infinities, lone surrogates, tuples, subclasses of ``dict``,
    ``str`` or ``int``, other Python objects, non-string keys) are refused with their
    path, so that whatever loads can be dumped again, and so is a ``schema_version`` key
    inside an object (only the top level carries one). Payloads of older schema versions
    are migrated first (:mod:`conflictmodels.migration`).

    Raises:
        ValidationError: Every problem of the payload (up to ``Limits.max_problems``),
            each with its JSON path.

    Example:
        >>> from conflictmodels import Point, from_dict
        >>> from_dict({"schema_version": 1, "lat": 51.5, "lon": 35.1}, Point)
        Point(lat=51.5, lon=35.1, precision_m=None, precision=None)
        >>> from_dict({"schema_version": 1, "lat": 1, "lon": 2, "note": float("nan")}, Point, keep_unknown=True)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: 1 problem in the document:
          $.note: must be a finite number (JSON has no NaN or infinities), got nan
    """
    lim = DEFAULT_LIMITS if limits is None else limits
    if keep_unknown:  # `extra` keeps values the model rules do not check; loads' parser already did
        problems = _check_json_data(data, lim.max_depth)
        if problems:
            raise _refusal(problems, lim.max_problems)
    with _sharing():
        result: T = _from_json_data(data, cls, keep_unknown, lim.max_problems)
    return result


def _from_json_data(data: Any, cls: type[T], keep_unknown: bool, max_problems: int, *, private: bool = False) -> T:
    """``private``: ``data`` was parsed here and nobody else holds it, so migrating may change it."""
    _check_model_type(cls)
    body = _unwrap(data, cls, private)
    try:
        result: T = _structurer(keep_unknown, False).structure(body, cls)
        return result
    except Exception as fast_error:
        errors = _detailed_errors(body, cls, keep_unknown, max_problems)
        if not errors:  # pragma: no cover - the passes disagree; report what we have
            errors = [FieldError(cls.__name__, "", str(fast_error)).at("$")]
        raise _refusal(errors, max_problems) from None


def _summary(errors: list[FieldError]) -> str:
    n = len(errors)
    return f"{n} problem{'s' if n != 1 else ''} in the document"


_MORE = "more than "
"""How the summary of a refusal that does not list every problem begins."""


def _refusal(errors: list[FieldError], max_problems: int) -> ValidationError:
    """The error listing ``errors``, or the first ``max_problems`` of them and saying so."""
    if len(errors) <= max_problems:
        return ValidationError(errors, summary=_summary(errors))
    summary = (
        f"{_MORE}{max_problems} problem{'s' if max_problems != 1 else ''} in the document; "
        f"the first {max_problems} are listed (Limits.max_problems)"
    )
    return ValidationError(errors[:max_problems], summary=summary)


def _unwrap(data: Any, cls: type, private: bool = False) -> dict[str, Any]:
    if type(data) is not dict:
        err: FieldError = FieldTypeError(cls.__name__, "", "a payload must be a JSON object", data).at("$")
        raise ValidationError([err], summary=_summary([err]))
    version = data.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:
        # Older payloads are migrated step by step; missing, malformed or newer
        # versions are refused (newer ones with a message to upgrade).
        try:
            data = migrate(data, cls.__name__, target=SCHEMA_VERSION, in_place=private)
        except ValidationError:
            raise
        except FieldError as problem:
            if problem.path is None:
                problem.at("$")
            raise ValidationError([problem], summary=_summary([problem])) from None
    return {k: v for k, v in data.items() if k != "schema_version"}


def _detailed_errors(body: dict[str, Any], cls: type, keep_unknown: bool, max_problems: int) -> list[FieldError]:
    """Every problem of ``body`` with its path, in document order; the pass stops once
    it has found more than ``max_problems`` (so a document dense in problems costs a
    bounded number of them, not one per few bytes)."""
    token = _BUDGET.set(_Budget(max_problems + 1))
    try:
        _structurer(keep_unknown, True).structure(body, cls)
    except Exception as err:
        out: list[FieldError] = []
        _walk(err, "$", cls.__name__, "", out)
        return out
    finally:
        _BUDGET.reset(token)
    return []


def _walk(exc: BaseException, path: str, owner: str, field: str, out: list[FieldError]) -> None:
    # Each collected exception's traceback holds the frames that collected it (a cycle
    # through their `errors` lists): dropped here, the tree is freed at once, not by
    # the cyclic collector after a stream of bad lines has piled trees up.
    exc.__traceback__ = None
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
    elif isinstance(exc, _Stopped):
        return  # where the pass stopped: not a problem
    else:  # pragma: no cover - defensive: any other failure still names its place
        out.append(FieldError(owner, field, f"{type(exc).__name__}: {exc}").at(path))


def _join(path: str, field: str) -> str:
    if not field:
        return path
    return f"{path}{field}" if field.startswith("[") else f"{path}.{field}"


_MODEL_TYPE_SET = frozenset(MODEL_TYPES)


def _check_model_type(cls: type) -> None:
    if cls not in _MODEL_TYPE_SET:
        raise FieldTypeError("serialization", "cls", "must be a conflictmodels model type", cls)


def _parse(text: str | bytes, limits: Limits | None = None, *, scan_depth: bool = True) -> Any:
    # Hostile input (too big, too deep, NaN, 1e400, repeated keys, bad UTF-8, lone
    # surrogates) is refused here with a path; see conflictmodels.limits.
    return _read_json(text, limits, scan_depth=scan_depth)


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of a model's payload (UTF-8 friendly: non-ASCII is kept as is).

    Example:
        >>> from conflictmodels import Point, dumps
        >>> dumps(Point(lat=51.5, lon=35.1))
        '{"schema_version": 3, "lat": 51.5, "lon": 35.1}'
    """
    if indent is None:  # the same encoder json.dumps would build, built once
        return _ENCODER.encode(to_dict(obj))
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent, allow_nan=False)


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def loads(
    text: str | bytes,
    cls: type[T] = Dossier,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> T:
    """Read JSON text into a model: a :class:`~conflictmodels.Dossier` by default.

    Args:
        text: JSON text, as ``str`` or UTF-8 ``bytes`` (a leading byte order mark is
            ignored).
        cls: The model type to read.
        keep_unknown: Keep unknown keys in each object's ``extra`` instead of
            rejecting them.
        limits: Resource limits for untrusted input; :data:`~conflictmodels.DEFAULT_LIMITS`
            when ``None``.

    Raises:
        ValidationError: The text is not JSON or breaks a limit, or every problem of
            the payload (up to ``Limits.max_problems``), each with its JSON path.

    Example:
        >>> from conflictmodels import loads, Point
        >>> loads('{"schema_version": 1, "lat": 51.5, "lon": 35.1}', Point).lat
        51.5
        >>> loads(b'{"schema_version": 1, "lat": 1e400, "lon": 35.1}', Point)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: 1 problem in the input:
          $.lat: is too large for a 64-bit float, got str '1e400'
    """
    lim = DEFAULT_LIMITS if limits is None else limits
    with _sharing():
        if not keep_unknown:
            _check_model_type(cls)
            quick = _quick_load(text, cls, lim)
            if quick is not None:
                return quick
        return _guarded_load(text, cls, keep_unknown, lim)


def _guarded_load(text: str | bytes, cls: type[T], keep_unknown: bool, limits: Limits) -> T:
    """Load through the guarded reader, which names every problem of refused input."""
    # Without unknown keys a valid payload's depth is fixed by the schema, so the depth
    # scan runs only for keep_unknown or when the payload is refused anyway.
    data = _parse(text, limits, scan_depth=keep_unknown)
    try:
        return _from_json_data(data, cls, keep_unknown, limits.max_problems, private=True)
    except ValidationError:
        if not keep_unknown:
            _check_depth(text, limits)
        raise


def dumps_lines(objs: Iterable[Any]) -> str:
    """JSON Lines text: one compact payload per line, each ending in a newline.

    Example:
        >>> from conflictmodels import Point, dumps_lines
        >>> print(dumps_lines([Point(lat=1, lon=2), Point(lat=3, lon=4)]), end="")
        {"schema_version":3,"lat":1,"lon":2}
        {"schema_version":3,"lat":3,"lon":4}
    """
    if _hotpath.msgspec is not None:  # the `fast` extra: dicts, encoded in C
        return _hotpath.encode_lines(_line_payloads(objs)).decode("utf-8")
    return _text_lines(objs)


def dumps_lines_bytes(objs: Iterable[Any]) -> bytes:
    """JSON Lines as UTF-8 bytes, what :func:`dumps_lines` writes, encoded: for a file
    opened in binary mode or a socket. With the ``fast`` extra the bytes come straight
    from msgspec's encoder, without a detour through text.

    Example:
        >>> from conflictmodels import Point, dumps_lines_bytes
        >>> dumps_lines_bytes([Point(lat=1, lon=2), Point(lat=3, lon=4)])
        b'{"schema_version":3,"lat":1,"lon":2}\\n{"schema_version":3,"lat":3,"lon":4}\\n'
    """
    if _hotpath.msgspec is not None:
        return _hotpath.encode_lines(_line_payloads(objs))
    return _text_lines(objs).encode("utf-8")


def _line_payloads(objs: Iterable[Any]) -> list[Any]:
    """What msgspec's encoder writes for each object: its mirror (see
    :func:`_mirror_writer`), or its payload dict, schema version first, for an object
    that keeps unknown keys or a type without a mirror."""
    if type(objs) is list and len(kinds := set(map(type, objs))) == 1:  # objects of one type: mapped in C
        (only,) = kinds
        write = _mirror_writer(only, True) if only in _MODEL_TYPE_SET else None
        if write is not None:
            try:
                return list(map(write, objs))
            except _HasExtra:
                pass
    hooks: dict[type, Callable[[Any], Any]] = {}
    payloads: list[Any] = []
    a = payloads.append
    for obj in objs:
        cls: Any = type(obj)
        write = hooks.get(cls)
        if write is None:
            _check_model_type(cls)
            write = hooks[cls] = _mirror_writer(cls, True) or _line_payload_writer(cls)
        try:
            a(write(obj))
        except _HasExtra:
            a(_line_payload_writer(cls)(obj))
    return payloads


def _text_lines(objs: Iterable[Any]) -> str:
    """JSON Lines text written by the generated text writers (no msgspec): one call of
    a writer for each run of objects of one type, joined once."""
    parts: list[str] = []
    for kind, run in itertools.groupby(objs, type):
        _check_model_type(kind)
        _text_writer(kind)(run, parts)
    return "".join(parts)


@attrs.frozen(kw_only=True)
class LinesResult(Generic[T]):
    """What :func:`loads_lines_partial` read from a JSON Lines stream.

    Attributes:
        items: The object of every valid line, in stream order.
        lines: The line number (from 1) of each item.
        errors: Every problem of every bad line, each with its ``line`` and ``path``, up
            to ``Limits.max_problems`` problems in all.
        truncated: Whether problems were left out of ``errors`` (``Limits.max_problems``).
        unlisted_lines: How many bad lines came after ``errors`` was full: they are not
            in ``bad_lines``, and none of their problems is listed.

    Example:
        >>> from conflictmodels import Point
        >>> from conflictmodels.serialization import loads_lines_partial
        >>> result = loads_lines_partial('{"schema_version": 1, "lat": 1, "lon": 2}\\n{"lat": 3}\\n', Point)
        >>> result.items, result.lines, result.bad_lines
        ((Point(lat=1, lon=2, precision_m=None, precision=None),), (1,), (2,))
        >>> print(result.errors[0])
        line 2: $.schema_version: is required
    """

    items: tuple[T, ...] = ()
    lines: tuple[int, ...] = ()
    errors: tuple[FieldError, ...] = ()
    truncated: bool = False
    unlisted_lines: int = 0

    @property
    def ok(self) -> bool:
        """Whether every non-blank line was loaded."""
        return not self.errors and not self.unlisted_lines

    @property
    def bad_lines(self) -> tuple[int, ...]:
        """The numbers of the lines that could not be loaded, in order."""
        return tuple(sorted({e.line for e in self.errors if e.line is not None}))

    def raise_errors(self) -> None:
        """Raise a :class:`~conflictmodels.ValidationError` listing every error, if any."""
        if self.errors:
            summary = _lines_summary(self.errors, "the other lines were loaded", self.truncated, self.unlisted_lines)
            raise ValidationError(self.errors, summary=summary)


def _lines_summary(
    errors: tuple[FieldError, ...] | list[FieldError], outcome: str, truncated: bool = False, unlisted: int = 0
) -> str:
    n, bad = len(errors), len({e.line for e in errors})
    lines = f"{bad} line{'s' if bad != 1 else ''}"
    if not truncated:
        return f"{n} problem{'s' if n != 1 else ''} on {lines}; {outcome}"
    more = f" and {unlisted} more bad line{'s' if unlisted != 1 else ''}" if unlisted else ""
    return f"{_MORE}{n} problems on {lines}{more}; the first {n} are listed (Limits.max_problems); {outcome}"


LinesInput = str | bytes | bytearray | memoryview | Iterable[str] | Iterable[bytes]
"""JSON Lines input: text, UTF-8 bytes, an open file (text or binary) or any iterable of lines."""


def loads_lines(
    lines: LinesInput,
    cls: type[T] = Claim,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> list[T]:
    """Read JSON Lines (text, bytes, an open text or binary file, or an iterable of
    lines): claims by default. Blank lines are skipped.

    All or nothing: if any line is bad, nothing is returned and the
    :class:`~conflictmodels.ValidationError` lists every problem of every bad line, each
    with its ``line`` number and JSON path. To load the good lines and get the errors,
    use :func:`loads_lines_partial`. ``limits`` apply to each line (``max_bytes`` is
    enforced while reading a file, so an endless line is not read into memory), but
    ``max_problems`` to the whole stream: once more problems are found, reading stops
    and the error lists the first ones.

    Example:
        >>> from conflictmodels import Point, loads_lines
        >>> loads_lines('{"schema_version": 1, "lat": 1, "lon": 2}\\n', Point)
        [Point(lat=1, lon=2, precision_m=None, precision=None)]
        >>> loads_lines(b'{"schema_version": 1, "lat": 1, "lon": 2}\\n\\n{"lat": 3}', Point)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: 1 problem on 1 line; nothing was loaded:
          line 3: $.schema_version: is required
    """
    result, stopped_at = _load_lines(lines, cls, keep_unknown, limits, keep_items=False)
    if result.errors:
        outcome = "nothing was loaded" + (f"; reading stopped at line {stopped_at}" if stopped_at else "")
        raise ValidationError(result.errors, summary=_lines_summary(result.errors, outcome, result.truncated))
    return list(result.items)


def loads_lines_partial(
    lines: LinesInput,
    cls: type[T] = Claim,  # type: ignore[assignment]
    *,
    keep_unknown: bool = False,
    limits: Limits | None = None,
) -> LinesResult[T]:
    """Read JSON Lines, keeping every valid line and reporting every bad one.

    Takes the same input as :func:`loads_lines`. Nothing is dropped silently: each line
    is either in ``items`` (with its number in ``lines``) or has its problems in
    ``errors``; only blank lines are skipped. Past ``Limits.max_problems`` problems in
    all, reading goes on for the good lines, and bad lines are counted in
    ``unlisted_lines`` (``truncated`` says that problems were left out), so that an
    endless stream is read in constant memory.

    Example:
        >>> from conflictmodels import Point
        >>> from conflictmodels.serialization import loads_lines_partial
        >>> text = '{"schema_version": 1, "lat": 1, "lon": 2}\\nnot json\\n'
        >>> result = loads_lines_partial(text, Point)
        >>> len(result.items), result.bad_lines, result.ok
        (1, (2,), False)
    """
    return _load_lines(lines, cls, keep_unknown, limits, keep_items=True)[0]


def _load_lines(
    lines: LinesInput, cls: type[T], keep_unknown: bool, limits: Limits | None, *, keep_items: bool
) -> tuple[LinesResult[T], int | None]:
    """Read the lines, and say at which line reading stopped early (or None).

    The cyclic garbage collector is paused meanwhile (and restored even on error): a
    load allocates many small objects without cycles, which collections would only
    rescan, more often the larger the heap already is. Strings are shared (``_SHARED``).
    """
    _check_model_type(cls)
    lim = DEFAULT_LIMITS if limits is None else limits
    with paused(), _sharing():
        if not keep_unknown and type(lines) in (str, bytes):
            whole = _load_whole(lines, cls, lim)  # type: ignore[arg-type]
            if whole is not None:
                return LinesResult(items=tuple(whole), lines=tuple(range(1, len(whole) + 1))), None
        return _read_lines(lines, cls, lim, keep_unknown, keep_items=keep_items)


def _load_whole(text: str | bytes, cls: type[T], limits: Limits) -> list[T] | None:
    """Every line of ``text`` read on the hot path of the ``fast`` extra, or None if any
    line (or the whole) needs more than it: then each line is read on its own.

    Each line is decoded by msgspec into its mirror on its own (``decode_lines`` would
    accept a value spread over lines, or two on one); one count of the keys in the whole
    text stands for the count of every line. Any blank line falls through, too.
    """
    mirror = _mirror_reader(cls) if _hotpath.msgspec_may_parse() else None  # type: ignore[arg-type]
    if mirror is None:
        return None
    if isinstance(text, str):
        parts: list[Any] = text.split("\n")
        bom = "\ufeff" in text
    else:
        parts = text.split(b"\n")
        bom = b"\xef\xbb\xbf" in text
    if parts and not parts[-1]:
        parts.pop()
    if bom or not parts or not _hotpath.fits(max(parts, key=len), limits):  # the limits of one line
        return None
    try:
        decoded = list(map(mirror.decode, parts))
        objs: list[T] = list(map(mirror.build, decoded))
        if limits.reject_duplicate_keys and not _no_repeated_keys(text, decoded, mirror):
            return None
    except Exception:
        return None
    return objs


def _no_repeated_keys(text: str | bytes, decoded: list[Any], mirror: _MirrorReader) -> bool:
    """Whether no object of the JSON Lines ``text`` repeats a key, given its lines'
    ``decoded`` mirrors. Text written as conflictmodels writes JSON Lines is the mirrors
    written back (one C call and a comparison); other text has its keys counted."""
    written = mirror.encode_lines(decoded)
    if type(text) is str:
        if written.decode("utf-8") in (text, text + "\n"):
            return True
    elif written == text or written[:-1] == text:
        return True
    return _hotpath.key_count_matches(text, sum(map(mirror.count, decoded)))


def _read_lines(
    lines: LinesInput, cls: type[T], lim: Limits, keep_unknown: bool, *, keep_items: bool
) -> tuple[LinesResult[T], int | None]:
    """Read the lines one by one (see :func:`_load_lines`).

    Problems are listed up to ``limits.max_problems`` in all. After that, with
    ``keep_items`` bad lines are only counted (and diagnosed no further than to know
    that they are bad); without it, reading stops at the next bad line, or as soon as a
    line's problems are cut short: nothing will be loaded anyway, and an endless stream
    of bad lines must not be read for ever.
    """
    items: list[T] = []
    numbers: list[int] = []
    errors: list[FieldError] = []
    room = lim.max_problems  # how many more problems may be listed
    line_limits = lim  # the limits of one line: at most `room` problems (at least 1)
    truncated = False
    unlisted = 0
    stopped_at = None
    for number, line in _numbered(lines, lim.max_bytes):
        if not number % 1024:
            _let_go_of_shared(_SHARED_MAX)
        if isinstance(line, FieldError):
            problems, cut = [line], False
        else:
            try:
                obj = None if keep_unknown else _quick_load(line, cls, lim)
                if obj is None:  # not again through loads: that would retry the hot path
                    obj = _guarded_load(line, cls, keep_unknown, line_limits)
            except ValidationError as err:
                problems, cut = list(err.errors), err.summary.startswith(_MORE)
            else:
                if keep_items or not errors:  # all or nothing: stop keeping once a line failed
                    items.append(obj)
                    numbers.append(number)
                continue
        if room == 0:
            truncated = True
            if not keep_items:
                stopped_at = number
                break
            unlisted += 1
            continue
        listed = problems[:room]
        for problem in listed:
            problem.line = number
        errors.extend(listed)
        room -= len(listed)
        if cut or len(listed) < len(problems):
            truncated = True
            if not keep_items:
                stopped_at = number
                break
        if room < line_limits.max_problems:
            line_limits = attrs.evolve(lim, max_problems=max(room, 1))
    result = LinesResult(
        items=tuple(items), lines=tuple(numbers), errors=tuple(errors), truncated=truncated, unlisted_lines=unlisted
    )
    return result, stopped_at


class _TooLong:
    """A line longer than the limit, skipped while reading."""


_TOO_LONG = _TooLong()


def _bounded_lines(readline: Callable[[int], Any], max_bytes: int) -> Iterator[Any]:
    while True:
        line = readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and line[-1:] not in ("\n", b"\n"):
            while True:  # skip the rest of the line without holding it
                rest = readline(1 << 20)
                if not rest or rest[-1:] in ("\n", b"\n"):
                    break
            yield _TOO_LONG
        else:
            yield line


def _numbered(lines: LinesInput, max_bytes: int) -> Iterator[tuple[int, str | bytes | FieldError]]:
    # Only "\n" ends a line: str.splitlines() would also split at U+2028 or U+0085,
    # which JSON strings may hold unescaped.
    source: Iterable[Any]
    if isinstance(lines, str):
        source = lines.split("\n")
    elif isinstance(lines, bytes | bytearray | memoryview):
        source = bytes(lines).split(b"\n")
    elif callable(getattr(lines, "readline", None)):
        source = _bounded_lines(lines.readline, max_bytes)  # type: ignore[union-attr]
    else:
        try:
            source = iter(lines)
        except TypeError:
            raise FieldTypeError(
                "loads_lines", "lines", "must be text, bytes, an open file or an iterable of lines", lines
            ) from None
    iterator = iter(source)
    number = 0
    while True:
        try:
            line = next(iterator)
        except StopIteration:
            return
        except UnicodeDecodeError as err:  # a text file opened with the wrong encoding
            reason = f"is not valid UTF-8 near here ({err.reason}); open the file in binary mode"
            yield number + 1, FieldError("JSON", "", reason).at("$")
            return
        number += 1
        if isinstance(line, str):
            if line.strip(" \t\r\n\ufeff"):
                yield number, line
        elif isinstance(line, bytes | bytearray | memoryview):
            line = bytes(line)
            if line.replace(b"\xef\xbb\xbf", b"").strip(b" \t\r\n"):  # blank as for str: only spaces and BOMs
                yield number, line
        elif isinstance(line, _TooLong):
            yield number, FieldError("JSON", "", f"is longer than {max_bytes} bytes (Limits.max_bytes)").at("$")
        else:
            yield number, FieldTypeError("JSON", "", "a line must be str or bytes", line).at("$")


def content_id(obj: Claim) -> str:
    """A deterministic id of a claim's content: the same report ingested twice gives the
    same value, whatever ``id`` the producer assigned.

    It is the first 32 hex digits of the SHA-256 of the claim's canonical JSON: sorted
    keys, without ``id``, ``merged_ids``, ``withdrawals``, ``when_doubtful``, unknown
    keys kept in ``extra`` (at any depth) and fields added since schema version 1 while
    they hold their default, every date-time as its instant and every whole float as an
    integer. So two claims
    have the same content id exactly when they are equal (``==``) but for those fields:
    the same instant written with two UTC offsets, or ``1`` and ``1.0``, are one content.

    Example:
        >>> import attrs
        >>> from datetime import timezone
        >>> from conflictmodels.examples import kursk_dossier
        >>> claim = kursk_dossier().claims[0]
        >>> content_id(claim) == content_id(attrs.evolve(claim, id="other-id"))
        True
        >>> utc = attrs.evolve(claim, reported_at=claim.reported_at.astimezone(timezone.utc))
        >>> content_id(claim) == content_id(utc)
        True
    """
    if not isinstance(obj, Claim):
        raise FieldTypeError("content_id", "obj", "must be a Claim", obj)
    payload = _canonical(obj)
    del payload["id"]
    del payload["merged_ids"]
    # What became of the claim later is not its content: a merge unites these.
    del payload["withdrawals"]
    del payload["when_doubtful"]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_YEAR_ONE = datetime(1, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def _canonical(obj: Any) -> Any:
    """JSON data of a model for identity: every field, no ``extra``, date-times as their
    instant, whole floats as integers, vocabulary members as their values."""
    if isinstance(obj, tuple):
        return [_canonical(x) for x in obj]
    if isinstance(obj, datetime):  # the instant, in microseconds since 0001-01-01 UTC (never overflows)
        offset = obj.utcoffset()
        assert offset is not None
        return (obj.replace(tzinfo=None) - _YEAR_ONE - offset) // _MICROSECOND
    if isinstance(obj, enum.Enum):
        return obj.value
    if type(obj) is float:
        return int(obj) if obj.is_integer() else obj
    if not attrs.has(type(obj)):
        return obj
    later = _ADDED_AFTER_V1.get(type(obj).__name__, {})
    return {
        name: _canonical(getattr(obj, name))
        for name in _spec.specs(type(obj))
        if name != "extra" and (name not in later or getattr(obj, name) != later[name])
    }


_ADDED_AFTER_V1: dict[str, dict[str, Any]] = {
    "Statement": {
        "modality": vocabularies.Modality.FACT,
        "favours": None,
        "attribute": None,
        "entity": None,
        "value": None,
        "event": None,
        "person_ids": (),
    },
    "Claim": {  # the evidence layer and where, per claim (#15)
        "translation": None,
        "evidence": None,
        "place_relation": None,
        "geo_precision": None,
    },
    "Geolocation": {"retracted_at": None},  # a geolocator's retraction (#15): geolocations made before it keep ids
    "Event": {"deaths_total": None},  # the event's deaths in all (#15): events made before it keep their ids
}
"""Fields a claim gained after schema version 1, with their defaults: left out of the
canonical form while at the default, so the content id of every claim version 1 could
express never changes (docs/contributing/changing-the-format.md)."""
