"""One compiled check function per model class.

Each model declares its rules once, as a table of :class:`FieldSpec` (a type test and
value tests per field, as Python expressions over the field) plus cross-field rules.
:func:`compile_check` turns the table into a single function whose fast path is one
boolean expression (no per-field function calls); only when that expression is false
does the slow path evaluate each rule alone to raise precise errors. This keeps
construction cheap on the hot path of loading large files, with one source of truth for
what is valid.

The compiled check is each model's ``__attrs_post_init__``. Its rules stay available
(:func:`rules_of`) so that the generated readers of :mod:`conflictmodels.serialization`
can inline them, and :func:`replace` copies a model with changes and re-runs its check
faster than ``attrs.evolve``.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple, TypeVar

import attrs

from ._codegen import compile_function, compile_lambda
from .errors import FieldError, FieldTypeError, ValidationError


class FrozenMapping(dict[str, Any]):
    """A read-only dict: the type of every model's ``extra`` (unknown JSON keys).

    Unlike :class:`types.MappingProxyType` it can be pickled and deep-copied, so
    models can cross process boundaries.
    """

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("extra is read-only; build a new object with attrs.evolve")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMapping, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenMapping({dict.__repr__(self)})"


EMPTY: Mapping[str, Any] = FrozenMapping()
"""The shared empty ``extra`` mapping."""

ID_RULE = "must be a non-empty id of at most 256 characters without spaces or control characters"
PARTY_RE = re.compile(r"[A-Z]{2}|[a-z0-9][a-z0-9-]{0,62}")
PARTY_RULE = "must be an ISO 3166-1 alpha-2 code (RU) or a lower-case slug (wagner-group)"


class FieldSpec(NamedTuple):
    """The rules of one field: a type test, then value tests with their reasons.

    Tests are expressions in which ``{0}`` stands for the field's value.
    """

    name: str
    type_test: str
    expected: str
    tests: tuple[tuple[str, str], ...] = ()
    fast: str | None = None
    """One expression equivalent to the type test and all tests, when cheaper than them."""
    kind: str = ""
    """What a value of this field is, when a reader can guarantee it by construction:
    ``enum``, ``model``, ``models``, ``aware`` or ``extra``; ``?`` appended when null is
    allowed too."""


def optional(spec: FieldSpec, optional: bool = True) -> FieldSpec:
    """``spec``, or null."""
    if not optional:
        return spec
    return FieldSpec(
        spec.name,
        f"({{0}} is None or {spec.type_test})",
        f"{spec.expected} or null",
        tuple((f"({{0}} is None or {t})", r) for t, r in spec.tests),
        None if spec.fast is None else f"({{0}} is None or {spec.fast})",
        spec.kind and f"{spec.kind}?",
    )


def each(name: str, elem: FieldSpec, many: str | None = None) -> FieldSpec:
    """A tuple of ``elem``; ``many``: a test of a whole tuple of three or more items
    equivalent to testing each (in C, for long tuples), instead of a generator."""

    def inner(expr: str) -> str:
        return expr.replace("{0}", "_e")

    # The fast form tests each item once, and short tuples without a generator.
    one = " and ".join(f"({e})" for e in (elem.type_test, *(t for t, _ in elem.tests)))

    def item(i: int) -> str:
        return one.replace("{0}", f"{{0}}[{i}]")

    return FieldSpec(
        name,
        f"(type({{0}}) is tuple and all({inner(elem.type_test)} for _e in {{0}}))",
        f"a tuple of {elem.expected}",
        tuple((f"all({inner(t)} for _e in {{0}})", f"every item {r}") for t, r in elem.tests),
        f"(type({{0}}) is tuple and (not {{0}} or (len({{0}}) == 1 and {item(0)})"
        f" or (len({{0}}) == 2 and {item(0)} and {item(1)}) or {many or f'all({inner(one)} for _e in {{0}})'}))",
        "models" if elem.kind == "model" else "",
    )


def distinct(spec: FieldSpec) -> FieldSpec:
    """``spec`` (a tuple), with no item repeated: a claim cited twice would count twice."""
    test = "(len({0}) < 2 or len(set({0})) == len({0}))"
    return spec._replace(
        tests=(*spec.tests, (test, "must not repeat an id")),
        fast=None if spec.fast is None else f"({spec.fast} and {test})",
    )


_ID_TEST = "(0 < len({0}) <= 256 and {0}.isprintable() and ' ' not in {0})"
IDS_MANY = (
    "(_STR.issuperset(map(type, {0})) and min(map(len, {0})) > 0 and max(map(len, {0})) <= 256"
    " and (_j := ''.join({0})).isprintable() and ' ' not in _j)"
)
"""A tuple of three or more ids tested in C: every item a str (exactly) of 1 to 256
characters; then the joined text is printable and has no space exactly when every item
is and has none."""


def ident(name: str) -> FieldSpec:
    """An identifier: non-empty, at most 256 characters, no spaces or control characters."""
    return FieldSpec(name, "type({0}) is str", "a string", ((_ID_TEST, ID_RULE),))


def text(name: str) -> FieldSpec:
    """A string with at least one visible character, that is Unicode text (no lone
    surrogates, which no UTF-8 file can hold) and holds no control characters but tab
    and line breaks, and no bidirectional controls (which make text display in another
    order than it is stored: "Trojan Source")."""
    return FieldSpec(
        name,
        "type({0}) is str",
        "a string",
        (
            ("_visible({0})", "must not be empty or blank"),
            # encode() raises on a lone surrogate, and a test that raises has failed
            ("({0}.isascii() or {0}.encode() is not None)", "must be Unicode text (it holds a lone surrogate)"),
            (
                "({0}.isprintable() or not _CONTROL.search({0}))",
                "must not hold control characters (but tab and line breaks)",
            ),
            (
                "({0}.isascii() or not _BIDI.search({0}))",
                "must not hold bidirectional control characters (U+202A-U+202E, U+2066-U+2069)",
            ),
        ),
        # Printable ASCII with a non-space character passes every test at once.
        fast="(type({0}) is str and (({0}.isascii() and {0}.isprintable() and not {0}.isspace() and {0} != '') or _text_ok({0})))",
    )


CONTROL_CHARS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f"
"""Control characters text may not hold (a character-class body): all but tab and the
line breaks CR, LF and NEL (U+0085; U+2028 and U+2029 are not controls)."""
BIDI_CHARS = "\\u202a-\\u202e\\u2066-\\u2069"
"""Bidirectional embedding, override and isolate controls (a character-class body)."""
INVISIBLE_CHARS = (
    "\\s\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f"
    "\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufff8"
)
"""Characters that do not show: white space, controls, zero-width and other format
characters, fillers and variation selectors (a character-class body)."""
_NOT_TEXT = f"{CONTROL_CHARS}{BIDI_CHARS}\\ud800-\\udfff"
TEXT_PATTERN = f"^[^{_NOT_TEXT}]*[^{INVISIBLE_CHARS}\\ud800-\\udfff][^{_NOT_TEXT}]*$"
"""Text as one regular expression (Python and ECMA 262 alike), for the JSON Schema: one
visible character, and no control, bidirectional control or lone surrogate anywhere."""
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_BIDI = re.compile(f"[{BIDI_CHARS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]*")


def _visible(value: str) -> bool:
    """Whether ``value`` has a character that shows: not white space, a control, a
    zero-width or other invisible format character, or a variation selector."""
    return _INVISIBLE.fullmatch(value) is None


def is_text(value: str) -> bool:
    """Whether the string ``value`` passes every test of :func:`text`.

    Example:
        >>> is_text("Novenke"), is_text("\u200b"), is_text("x\u202ey")
        (True, False, False)
    """
    return (value.isascii() and value.isprintable() and not value.isspace() and value != "") or _text_ok(value)


def _text_ok(value: str) -> bool:
    """Every test of :func:`text` on a string that is not plain printable ASCII."""
    if value.isprintable():  # then it holds no control, format or surrogate character
        return _visible(value)
    if not _visible(value) or _CONTROL.search(value) or _BIDI.search(value):
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def pattern(name: str, regex: str, rule: str) -> FieldSpec:
    """A string that fully matches ``regex`` (a name in the check's namespace).

    Values found valid are remembered, up to 4,096 per pattern: reports repeat their
    party codes, languages and regions, and a set lookup costs a tenth of a match.
    """
    test = f"({{0}} in _seen{regex} or _remember({regex}, _seen{regex}, {{0}}))"
    return FieldSpec(name, "type({0}) is str", "a string", ((test, rule),))


def _remember(regex: re.Pattern[str], seen: set[str], value: str) -> bool:
    if regex.fullmatch(value) is None:
        return False
    if len(seen) < 4096:
        seen.add(value)
    return True


def enum(name: str, cls: type) -> FieldSpec:
    """A member of the enum ``cls`` (which must be in the check's namespace)."""
    return FieldSpec(name, f"type({{0}}) is {cls.__name__}", f"a {cls.__name__}", kind="enum")


def number(name: str, *, lo: float | None = None, hi: float | None = None, integer: bool = False) -> FieldSpec:
    """A finite int or float (never a bool), optionally within ``[lo, hi]``."""
    tests: list[tuple[str, str]] = []
    if integer:
        type_test, expected = "type({0}) is int", "an integer"
    else:
        type_test, expected = "(type({0}) is float or type({0}) is int)", "a number"
        tests.append(("_isfinite({0})", "must be finite"))
    if lo is not None and hi is not None:
        tests.append((f"{lo!r} <= {{0}} <= {hi!r}", f"must be between {format_number(lo)} and {format_number(hi)}"))
    elif lo is not None:
        tests.append((f"{{0}} >= {lo!r}", f"must be at least {format_number(lo)}"))
    return FieldSpec(name, type_test, expected, tuple(tests))


def format_number(x: float) -> str:
    """``x`` as a rule writes it: ``90``, ``0.5``."""
    return str(int(x)) if float(x).is_integer() else str(x)


def boolean(name: str) -> FieldSpec:
    """A bool."""
    return FieldSpec(name, "type({0}) is bool", "a bool")


def aware(name: str) -> FieldSpec:
    """A timezone-aware datetime (naive datetimes are never assumed to be UTC)."""
    return FieldSpec(
        name,
        "isinstance({0}, _datetime)",
        "a datetime",
        (("{0}.utcoffset() is not None", "must be timezone-aware (naive datetimes are not assumed UTC)"),),
        kind="aware",
    )


def model(name: str, cls: type) -> FieldSpec:
    """An instance of the model class ``cls`` (valid by construction)."""
    return FieldSpec(name, f"isinstance({{0}}, {cls.__name__})", f"a {cls.__name__}", kind="model")


def extra(fields: Iterable[str]) -> FieldSpec:
    """The ``extra`` mapping of unknown keys: string keys, none clashing with a field,
    and JSON values only, which the check replaces with a deep read-only copy (so the
    object never shares a mutable dict or list with its caller)."""
    names = frozenset(fields)
    return FieldSpec(
        "extra",
        "({0} is _EMPTY or isinstance({0}, _Mapping))",
        "a mapping",
        (
            (
                f"({{0}} is _EMPTY or all(type(_k) is str and _k not in {sorted(names | {'schema_version'})!r}"
                " for _k in {0}))",
                "keys must be strings that are neither field names nor schema_version (the payload's version)",
            ),
            ("({0} is _EMPTY or _freeze_extra(s, {0}))", EXTRA_VALUES_RULE),
        ),
        kind="extra",
    )


EXTRA_VALUES_RULE = (
    "values must be JSON: null, true, false, finite numbers, Unicode strings, lists, and objects with"
    f" string keys, nested at most {200} deep"
)
_MAX_EXTRA_DEPTH = 200


class NotJson(Exception):
    """A value that JSON cannot hold, found at ``path`` inside ``extra``."""


def frozen_json(value: Any, path: str = "", depth: int = 0) -> Any:
    """A deep, read-only copy of the JSON value ``value``: objects become
    :class:`FrozenMapping`, arrays tuples. Raises :class:`NotJson` for anything else.

    Example:
        >>> frozen_json({"tags": ["a", {"b": 1}]})
        FrozenMapping({'tags': ('a', FrozenMapping({'b': 1}))})
        >>> frozen_json({"when": {1, 2}})
        Traceback (most recent call last):
        ...
        conflictmodels._checks.NotJson: ['when'] is a set, not a JSON value
    """
    t = type(value)
    if value is None or t is bool or t is int:
        return value
    if t is str:
        if not value.isascii():
            try:
                value.encode()
            except UnicodeEncodeError:
                raise NotJson(f"{path or 'the value'} holds a lone surrogate") from None
        return value
    if t is float:
        if not math.isfinite(value):
            raise NotJson(f"{path or 'the value'} is {value!r}, which JSON cannot hold")
        return value
    if depth >= _MAX_EXTRA_DEPTH:
        raise NotJson(f"{path[:40]}... is nested more than {_MAX_EXTRA_DEPTH} deep")
    if t is list or t is tuple:
        return tuple(frozen_json(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    if t is dict or t is FrozenMapping:
        out = {}
        for k, v in value.items():
            if type(k) is not str:
                raise NotJson(f"{path} has the key {k!r}, which is not a string")
            out[k] = frozen_json(v, f"{path}[{k!r}]", depth + 1)
        return FrozenMapping(out)
    raise NotJson(f"{path or 'the value'} is a {t.__name__}, not a JSON value")


def thawed_json(value: Any) -> Any:
    """A plain copy of a frozen JSON value (dicts and lists), that a caller may change.

    Example:
        >>> thawed_json(frozen_json({"tags": ["a"]}))
        {'tags': ['a']}
    """
    t = type(value)
    if t is FrozenMapping or t is dict:
        return {k: thawed_json(v) for k, v in value.items()}
    if t is tuple or t is list:
        return [thawed_json(v) for v in value]
    return value


def _freeze_extra(s: Any, value: Mapping[str, Any]) -> bool:
    """Whether ``value`` holds only JSON values; if so, ``s.extra`` becomes its frozen copy."""
    try:
        frozen = frozen_json(dict(value))
    except (NotJson, RecursionError):
        return False
    object.__setattr__(s, "extra", frozen)
    return True


class Cross(NamedTuple):
    """A rule over several fields, reported against ``field``."""

    field: str
    test: str
    reason: str
    fast: str | None = None
    """What the fast paths test instead of ``test`` (the slow path, which reports,
    always tests ``test``); ``""``: nothing, another rule's ``fast`` covers this one
    (see :func:`dispatched`)."""


def dispatched(
    selector: str, members: Mapping[str, Any], rules: Sequence[Cross], sets: Mapping[str, Any]
) -> list[Cross]:
    """``rules`` with one fast form for all of them: a choice by the value of
    ``selector`` among ``members`` (namespace name to member), each branch the rules
    simplified for that member, and false for any other value.

    Rules test the selector only as ``<selector> in <set>`` or ``<selector> not in
    <set>`` (``sets``: namespace name to set), which each branch replaces by its
    constant and folds away, so that an object runs the two to five tests that concern
    its own member instead of one set test per rule. Folding keeps every test the rule
    evaluates (only a leading constant short-circuits), so a branch holds exactly when
    every rule holds. The first rule carries the choice; the others ``""``.

    Example:
        >>> from conflictmodels._checks import Cross, dispatched
        >>> rules = [Cross("b", "s.a not in _ONE or s.b", "needs b"), Cross("c", "(s.c is not None) == (s.a in _ONE)", "c")]
        >>> fast = dispatched("s.a", {"_A1": 1, "_A2": 2}, rules, {"_ONE": frozenset({1})})
        >>> fast[0].fast, fast[1].fast
        ('(((s.b) and (s.c is not None)) if s.a is _A1 else ((s.c is None)) if s.a is _A2 else False)', '')
    """
    branches = []
    for name, member in members.items():
        known = {key: member in values for key, values in sets.items()}
        terms = []
        for rule in rules:
            tree = _Fold(selector, known).visit(ast.parse(rule.test, mode="eval").body)
            if isinstance(tree, ast.Constant) and tree.value is True:
                continue
            terms.append(f"({ast.unparse(tree)})")
        branches.append(f"({' and '.join(terms) or 'True'}) if {selector} is {name} else ")
    chain = f"({''.join(branches)}False)"
    return [rule._replace(fast=chain if i == 0 else "") for i, rule in enumerate(rules)]


class _Fold(ast.NodeTransformer):
    """A rule's expression with ``<selector> [not] in <set>`` replaced by its known
    value, and constants folded where that keeps every other test evaluated."""

    def __init__(self, selector: str, known: Mapping[str, bool]) -> None:
        self.selector, self.known = selector, known

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        self.generic_visit(node)
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and ast.unparse(node.left) == self.selector
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id in self.known
        ):
            value = self.known[node.comparators[0].id]
            return ast.Constant(value if isinstance(node.ops[0], ast.In) else not value)
        if len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq) and _is_bool(node.comparators[0]):
            test, value = node.left, node.comparators[0].value  # type: ignore[attr-defined]
            if isinstance(test, ast.Compare) and len(test.ops) == 1:  # a comparison is a bool
                return test if value else _negated(test)
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.expr:
        self.generic_visit(node)
        neutral = isinstance(node.op, ast.And)  # True in an `and`, False in an `or`
        values = list(node.values)
        while values and _is_bool(values[0]):
            if values[0].value is not neutral:  # type: ignore[attr-defined]
                return values[0]  # short-circuits: nothing after it was evaluated
            values.pop(0)
        while len(values) > 1 and _is_bool(values[-1]) and values[-1].value is neutral:  # type: ignore[attr-defined]
            values.pop()
        if values and _is_bool(values[-1]) and all(_is_identity(v) for v in values[:-1]):
            return values[-1]  # `x is None or True`: identity tests cannot raise
        if not values:
            return ast.Constant(neutral)
        return values[0] if len(values) == 1 else ast.BoolOp(node.op, values)

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        self.generic_visit(node)
        if _is_bool(node.test):
            return node.body if node.test.value else node.orelse  # type: ignore[attr-defined]
        return node


_OPPOSITE: dict[type, type] = {ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}


def _negated(test: ast.Compare) -> ast.expr:
    opposite = _OPPOSITE.get(type(test.ops[0]))
    if opposite is None:
        return ast.UnaryOp(ast.Not(), test)
    return ast.Compare(test.left, [opposite()], test.comparators)


def _is_identity(node: ast.expr) -> bool:
    return isinstance(node, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)


def _is_bool(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is bool


class Rules(NamedTuple):
    """What a compiled check was compiled from, for readers that inline it."""

    specs: tuple[FieldSpec, ...]
    cross: tuple[Cross, ...]
    namespace: Mapping[str, Any]
    """The names the expressions use (vocabulary sets as tuples, tested by identity)."""


_RULES: dict[Callable[[Any], None], Rules] = {}


def rules_of(check: object) -> Rules | None:
    """The rules ``check`` was compiled from, if it is a compiled check."""
    return _RULES.get(check) if callable(check) else None


_HELPERS: dict[str, Any] = {
    "_STR": frozenset({str}),
    "_isfinite": math.isfinite,
    "_datetime": datetime,
    "_EMPTY": EMPTY,
    "_Mapping": Mapping,
    "_PARTY_RE": PARTY_RE,
    "_remember": _remember,
    "_freeze_extra": _freeze_extra,
    "_visible": _visible,
    "_text_ok": _text_ok,
    "_CONTROL": _CONTROL,
    "_BIDI": _BIDI,
}


def compile_check(
    owner: str,
    specs: Sequence[FieldSpec],
    cross: Sequence[Cross] = (),
    namespace: Mapping[str, Any] | None = None,
) -> Callable[[Any], None]:
    """Compile the rules of class ``owner`` into one check function.

    The function returns ``None`` for a valid object and raises a :class:`FieldError`
    (one problem) or a :class:`ValidationError` (several) otherwise.
    """
    ns: dict[str, Any] = {**_HELPERS, **(namespace or {})}
    for spec in specs:
        for test, _ in spec.tests:
            for regex in re.findall(r"_seen(\w+)", test):
                ns.setdefault(f"_seen{regex}", set())
    exprs: list[str] = []
    for spec in specs:
        value = f"s.{spec.name}"
        if spec.fast is not None:
            exprs.append(spec.fast.format(value))
            continue
        exprs.append(spec.type_test.format(value))
        exprs.extend(t.format(value) for t, _ in spec.tests)
    exprs.extend(c.test if c.fast is None else c.fast for c in cross if c.fast != "")
    # Enum members hash in Python (Enum.__hash__); the fast expression tests membership
    # of vocabulary sets by identity instead (a tuple), which is the same for members.
    fast_ns = {**ns, **{k: _by_identity(v) for k, v in ns.items() if isinstance(v, frozenset)}}
    fast_src = (
        "def check(s):\n"
        "    try:\n"
        "        if (\n"
        + "".join(f"            {'and ' if i else ''}({e})\n" for i, e in enumerate(exprs))
        + "        ):\n"
        "            return\n"
        "    except Exception:\n"
        "        pass\n"
        "    _report(s)\n"
    )

    def lam(expr: str) -> Callable[[Any], Any]:
        return compile_lambda(expr, ns, purpose="rule", owner=owner)

    # The rules one by one, compiled when an object first fails the check (valid data
    # never needs them, and compiling them all cost half the package's import time).
    @functools.cache
    def slow_rules() -> tuple[list[Any], list[Any]]:
        slow = [
            (
                spec.name,
                lam(spec.type_test.format(f"s.{spec.name}")),
                spec.expected,
                [(lam(t.format(f"s.{spec.name}")), r) for t, r in spec.tests],
            )
            for spec in specs
        ]
        return slow, [(c.field, lam(c.test), c.reason) for c in cross]

    def report(s: Any) -> None:
        errors: list[FieldError] = []
        slow, slow_cross = slow_rules()
        for name, type_ok, expected, tests in slow:
            value = getattr(s, name)
            if not _holds(type_ok, s):
                errors.append(FieldTypeError(owner, name, f"must be {expected}", value))
                continue
            for test, reason in tests:
                if not _holds(test, s):
                    errors.append(FieldError(owner, name, reason, value))
                    break
        if not errors:
            for name, test, reason in slow_cross:
                if not _holds(test, s):
                    errors.append(FieldError(owner, name, reason))
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ValidationError(errors, summary=f"{len(errors)} problems in {owner}")
        raise AssertionError(f"{owner}: check failed but no rule did")  # pragma: no cover

    fast_ns["_report"] = report
    check: Callable[[Any], None] = compile_function(fast_src, "check", fast_ns, purpose="check", owner=owner)
    _RULES[check] = Rules(tuple(specs), tuple(cross), {k: v for k, v in fast_ns.items() if k != "check"})
    return check


def _by_identity(values: frozenset[Any]) -> Any:
    if values and all(isinstance(v, Enum) and type(v).__eq__ is object.__eq__ for v in values):
        return tuple(sorted(values, key=lambda v: v.name))
    return values


def _holds(test: Callable[[Any], Any], s: Any) -> bool:
    try:
        return bool(test(s))
    except Exception:
        return False


_Model = TypeVar("_Model")
_REPLACERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}


def replace(obj: _Model, **changes: Any) -> _Model:
    """``attrs.evolve(obj, **changes)``, faster for the models: a generated function per
    class copies the slots, applies the changes and runs the class's compiled check,
    without evolve's per-call look at every field. Other classes go to ``attrs.evolve``.
    """
    cls = type(obj)
    fn = _REPLACERS.get(cls)
    if fn is None:
        fn = _REPLACERS[cls] = _replacer(cls)
    result: _Model = fn(obj, changes)
    return result


def _replacer(cls: type) -> Callable[[Any, dict[str, Any]], Any]:
    fields = attrs.fields(cls)
    plain = (
        "__slots__" in cls.__dict__
        and rules_of(cls.__dict__.get("__attrs_post_init__")) is not None
        and all(a.init and a.alias == a.name and a.validator is None and a.converter is None for a in fields)
    )
    if not plain:
        return lambda obj, changes: attrs.evolve(obj, **changes)
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_post": cls.__dict__["__attrs_post_init__"]}
    ns["_names"], ns["_evolve"] = frozenset(a.name for a in fields).issuperset, attrs.evolve
    body = "".join(
        f"    _s{i}(n, ch[{a.name!r}] if {a.name!r} in ch else obj.{a.name})\n" for i, a in enumerate(fields)
    )
    for i, a in enumerate(fields):
        ns[f"_s{i}"] = cls.__dict__[a.name].__set__
    src = (
        "def replace(obj, ch):\n"
        "    if not _names(ch):\n"
        "        return _evolve(obj, **ch)  # raises attrs' own error for the unknown name\n"
        "    n = _new(_cls)\n"
        f"{body}"
        "    _post(n)\n"
        "    return n\n"
    )
    fn: Callable[[Any, dict[str, Any]], Any] = compile_function(
        src, "replace", ns, purpose="replace", owner=cls.__qualname__
    )
    return fn
