"""Resource limits for reading JSON from untrusted sources, and the guarded JSON reader.

Every loader (``loads``, ``loads_lines``, ``load_file``) parses through one reader that
turns hostile input into a :class:`~conflictmodels.ValidationError` naming the place,
never a ``RecursionError``, ``MemoryError``, ``UnicodeDecodeError`` or a hang:

- input larger than ``max_bytes``, nested deeper than ``max_depth`` (checked by a linear
  scan *before* the parser recurses), strings longer than ``max_string``, arrays or
  objects with more than ``max_items`` entries;
- ``NaN``, ``Infinity``, ``-Infinity`` and numbers too large for a float (``1e400``);
  integers longer than Python's conversion limit;
- an object that repeats a key (each repetition is reported with its path);
- bytes that are not UTF-8, and lone UTF-16 surrogates (``"\\ud800"``).

A UTF-8 byte order mark at the start of the input is accepted and ignored (RFC 8259
allows parsers to ignore it; Windows tools write it).

Example:
    >>> from conflictmodels import Point, loads
    >>> from conflictmodels.limits import Limits
    >>> loads('{"schema_version": 1, "lat": 1, "lat": 2, "lon": 3}', Point)
    Traceback (most recent call last):
    ...
    conflictmodels.errors.ValidationError: 1 problem in the input:
      $.lat: duplicate key (a JSON object must not repeat a key)
    >>> loads("[" * 100_000, Point, limits=Limits(max_depth=10))
    Traceback (most recent call last):
    ...
    conflictmodels.errors.ValidationError: the input is not acceptable JSON:
      $: is nested more than 10 levels deep (Limits.max_depth)
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

import attrs

from .errors import FieldError, FieldTypeError, ValidationError

__all__ = ["DEFAULT_LIMITS", "Limits"]


def _positive(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:
        raise FieldTypeError("Limits", attribute.name, "must be an integer", value)
    if value < 1:
        raise FieldError("Limits", attribute.name, "must be at least 1", value)


@attrs.frozen(kw_only=True)
class Limits:
    """Upper bounds on what a loader accepts, to keep hostile input cheap to refuse.

    The defaults accept any document this library writes for realistic data; lower them
    for services that read from the open internet. In JSON Lines streams the limits
    apply to each line.

    Attributes:
        max_bytes: The largest input, in bytes of UTF-8 (256 MiB).
        max_depth: The deepest nesting of arrays and objects (64; a dossier uses 6).
        max_string: The longest string or key, in characters (16 Mi).
        max_items: The most entries of one array or object (10 million).
        max_problems: The most problems a refused payload lists (1,000), or a JSON
            Lines stream in all (not per line); the error then says that more were not
            listed. It bounds the memory and time of refusing input dense in problems.
        reject_duplicate_keys: Refuse an object that repeats a key (the default). The
            check costs about a tenth of ``loads`` on valid input; with ``False`` the
            last value of a repeated key wins silently, as with :func:`json.loads`.

    Example:
        >>> from conflictmodels import Point, loads
        >>> from conflictmodels.limits import Limits
        >>> strict = Limits(max_bytes=1024)
        >>> loads('{"schema_version": 1, "lat": 1, "lon": 2}', Point, limits=strict).lat
        1
        >>> loads(" " * 2000, Point, limits=strict)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: the input is not acceptable JSON:
          $: is larger than 1024 bytes (Limits.max_bytes), got 2000
    """

    max_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_string: int = attrs.field(default=16 * 1024 * 1024, validator=_positive)
    max_items: int = attrs.field(default=10_000_000, validator=_positive)
    max_problems: int = attrs.field(default=1000, validator=_positive)
    reject_duplicate_keys: bool = True


DEFAULT_LIMITS = Limits()
"""The limits used when a loader is given none."""

_BOM = b"\xef\xbb\xbf"
_OPENERS = b"[{"
_KEEP = b'"[]{}'
_DROP = bytes(c for c in range(256) if c not in _KEEP)
_BRACES_TO_BRACKETS = bytes.maketrans(b"{}", b"[]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_MAX_REPORTED = 100
_INT_DIGITS = 4300  # CPython's default int_max_str_digits


class _Rejected(Exception):
    """Raised by a parser hook: the input needs the diagnostic pass."""


def _finite_float(text: str) -> float:
    value = float(text)
    if value - value != 0.0:  # inf - inf is nan; finite - finite is 0.0
        raise _Rejected(text)
    return value


def _reject_constant(name: str) -> Any:
    raise _Rejected(name)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Rejected("duplicate key")
    return obj


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _INT_DIGITS:
        raise _Rejected(text)
    return int(text)


def _not_json(reason: str, value: object = None, *, path: str = "$", has_value: bool = False) -> ValidationError:
    err = FieldError("JSON", "", reason, *((value,) if has_value else ())).at(path)
    return ValidationError([err], summary="the input is not acceptable JSON")


def _depth_exceeds(raw: bytes, max_depth: int) -> bool:
    """Whether the nesting of ``raw`` may exceed ``max_depth`` (never a false "no").

    Linear and in C: escapes are dropped, then everything but quotes and brackets, then
    the strings; the depth is the number of passes that remove innermost ``[]`` pairs.
    """
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return False
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    compact = raw.translate(None, _DROP).replace(b'""', b"")
    if b'"' in compact:  # some string holds a bracket: remove the strings exactly
        compact = b"".join(compact.split(b'"')[::2])
    nest = compact.translate(_BRACES_TO_BRACKETS)
    passes = 0
    while b"[]" in nest:
        passes += 1
        if passes > max_depth:
            return True
        nest = nest.replace(b"[]", b"")
    # Unmatched openers left over are depth the parser would reach before failing.
    return passes + nest.count(b"[") > max_depth


SCHEMA_DEPTH = 8
"""At least the deepest nesting of a valid payload without unknown keys (a dossier's is 6)."""


def _check_depth(text: str | bytes | bytearray | memoryview, limits: Limits | None = None) -> None:
    """Raise the ``max_depth`` error if ``text`` is nested too deeply."""
    lim = DEFAULT_LIMITS if limits is None else limits
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
    else:
        return
    if _depth_exceeds(raw, lim.max_depth):
        raise _not_json(f"is nested more than {lim.max_depth} levels deep (Limits.max_depth)")


def _read_json(
    text: str | bytes | bytearray | memoryview, limits: Limits | None = None, *, scan_depth: bool = True
) -> Any:
    """Parse JSON text under ``limits``; every problem is a :class:`ValidationError`.

    With ``scan_depth=False`` the nesting is left to the caller (:func:`_check_depth`),
    which may skip it when a schema bounds the depth; the parser itself stays safe
    from deep input (it raises ``RecursionError``, turned into a ``ValidationError``).
    """
    lim = DEFAULT_LIMITS if limits is None else limits
    if isinstance(text, str):
        if text[:1] == "\ufeff":
            text = text[1:]
        if len(text) > lim.max_bytes:
            raise _not_json(f"is larger than {lim.max_bytes} bytes (Limits.max_bytes)", len(text), has_value=True)
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise _not_json(
                f"holds a lone surrogate (\\u{ord(text[err.start]):04x}) at character {err.start}, "
                "which is not Unicode text"
            ) from None
        decoded = str(text)
    elif isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if raw[:3] == _BOM:
            raw = raw[3:]
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            hint = ""
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:4]:
                hint = " (it looks like UTF-16 or UTF-32; JSON must be UTF-8)"
            raise _not_json(f"is not valid UTF-8: {err.reason} at byte {err.start}{hint}") from None
    else:
        raise _not_json("must be JSON text (str or bytes)", text, has_value=True)
    if len(raw) > lim.max_bytes:
        raise _not_json(f"is larger than {lim.max_bytes} bytes (Limits.max_bytes)", len(raw), has_value=True)
    if (scan_depth or lim.max_depth < SCHEMA_DEPTH) and _depth_exceeds(raw, lim.max_depth):
        raise _not_json(f"is nested more than {lim.max_depth} levels deep (Limits.max_depth)")
    digits = sys.get_int_max_str_digits()
    try:
        value = json.loads(
            decoded,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            object_pairs_hook=_no_duplicates if lim.reject_duplicate_keys else None,
            parse_int=_bounded_int if digits == 0 or digits > _INT_DIGITS else None,
        )
    except json.JSONDecodeError as err:
        problem = FieldError("JSON", "", f"is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}")
        raise ValidationError([problem.at("$")], summary="the input is not JSON") from None
    except (_Rejected, ValueError):
        value = None  # the diagnostic pass below names every problem with its path
    except RecursionError:
        raise _not_json(f"is nested more than {lim.max_depth} levels deep (Limits.max_depth)") from None
    except MemoryError:  # pragma: no cover - depends on the machine
        raise _not_json("is too large to load into memory") from None
    else:
        if (
            len(raw) <= lim.max_string
            and (len(raw) < lim.max_items or raw.count(b",") < lim.max_items)
            and (b"\\" not in raw or _SURROGATE_ESCAPE.search(raw) is None)
        ):
            return value  # the hot path: nothing the audit below could find
    problems, complete = _audit(decoded if value is None else value, lim, diagnose=value is None)
    if problems:
        extra = len(problems) - _MAX_REPORTED
        problems = problems[:_MAX_REPORTED]
        if extra > 0:
            more = f"and {extra} more problems" if complete else f"and at least {extra} more problems (not all counted)"
            problems.append(FieldError("JSON", "", more).at("$"))
        n = len(problems)
        raise ValidationError(problems, summary=f"{n} problem{'s' if n != 1 else ''} in the input")
    if value is None:  # pragma: no cover - the diagnostic pass found nothing the fast pass refused
        raise _not_json("is not acceptable JSON")
    return value


class _Marked(dict[str, Any]):
    """An object that repeated keys, in the diagnostic pass."""

    duplicates: list[str]


class _BadNumber(str):
    """A number (or NaN / Infinity) that is refused, in the diagnostic pass."""

    reason = ""


def _diagnostic_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Marked(pairs)
    if len(obj) == len(pairs):
        return dict(obj)
    seen: set[str] = set()
    obj.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in obj.duplicates:
            obj.duplicates.append(key)
        seen.add(key)
    return obj


def _diagnostic_float(text: str) -> Any:
    value = float(text)
    if math.isfinite(value):
        return value
    bad = _BadNumber(text)
    bad.reason = "is too large for a 64-bit float"
    return bad


def _diagnostic_constant(name: str) -> Any:
    bad = _BadNumber(name)
    bad.reason = f"{name} is not a JSON number (RFC 8259 has no NaN or infinities)"
    return bad


def _diagnostic_int(text: str) -> Any:
    digits = len(text.lstrip("-"))
    if digits <= _INT_DIGITS:
        return int(text)
    bad = _BadNumber(text[:20] + "...")
    bad.reason = f"is an integer with {digits} digits (at most {_INT_DIGITS} are read)"
    return bad


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _audit(value: Any, lim: Limits, *, diagnose: bool) -> tuple[list[FieldError], bool]:
    """The problems of a parsed value (or, with ``diagnose``, of text to re-parse), and
    whether they are all of them: the walk stops once it has twice as many as are reported."""
    if diagnose:
        try:
            value = json.loads(
                value,
                parse_constant=_diagnostic_constant,
                parse_float=_diagnostic_float,
                parse_int=_diagnostic_int,
                object_pairs_hook=_diagnostic_pairs,
            )
        except ValueError as err:  # pragma: no cover - the fast pass accepted the syntax
            return [FieldError("JSON", "", f"is not valid JSON: {err}").at("$")], True
    out: list[FieldError] = []

    def string(s: str, path: str, what: str) -> None:
        if len(s) > lim.max_string:
            out.append(
                FieldError("JSON", "", f"{what} is longer than {lim.max_string} characters (Limits.max_string)").at(
                    path
                )
            )
        elif _has_surrogate(s):
            out.append(FieldError("JSON", "", f"{what} holds a lone surrogate, which is not Unicode text").at(path))

    def scalar(v: Any, path: str) -> None:
        if type(v) is _BadNumber:
            out.append(FieldError("JSON", "", v.reason, str(v)).at(path))
        elif type(v) is str:
            string(v, path, "the string")

    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack and len(out) <= _MAX_REPORTED * 2:
        node, path = stack.pop()  # pre-order: problems come out in document order
        if isinstance(node, dict):
            if len(node) > lim.max_items:
                out.append(FieldError("JSON", "", f"has more than {lim.max_items} keys (Limits.max_items)").at(path))
                continue
            if type(node) is _Marked:
                for key in node.duplicates:
                    problem = FieldError("JSON", key, "duplicate key (a JSON object must not repeat a key)")
                    out.append(problem.at(f"{path}.{key}"))
            children = []
            for key, v in node.items():
                sub = f"{path}.{key}"
                string(key, sub, "the key")
                children.append((v, sub))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            if len(node) > lim.max_items:
                out.append(FieldError("JSON", "", f"has more than {lim.max_items} items (Limits.max_items)").at(path))
                continue
            stack.extend((node[i], f"{path}[{i}]") for i in range(len(node) - 1, -1, -1))
        else:
            scalar(node, path)
    return out, not stack


_JSON_SCALARS = (str, int, float, bool, type(None))


def _check_json_data(value: Any, max_depth: int = DEFAULT_LIMITS.max_depth) -> list[FieldError]:
    """Every place where Python data is not JSON data: non-string keys, NaN or infinite
    floats, lone surrogates, other types, nesting deeper than ``max_depth`` (which also
    stops self-referencing containers)."""
    try:  # the fast check, in C; the walk below only runs to name the places
        json.dumps(value, ensure_ascii=False, allow_nan=False, check_circular=True).encode("utf-8")
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        pass
    else:
        return []
    out: list[FieldError] = []

    def bad(path: str, reason: str, v: object) -> None:
        out.append(FieldTypeError("JSON", "", reason, v).at(path))

    stack: list[tuple[Any, str, int]] = [(value, "$", 0)]
    while stack and len(out) < _MAX_REPORTED:
        node, path, depth = stack.pop()
        kind = type(node)
        if kind is dict or kind is list:
            if depth >= max_depth:
                out.append(FieldError("JSON", "", f"is nested more than {max_depth} levels deep").at(path))
                continue
            if kind is dict:
                children = []
                for key, v in node.items():
                    if type(key) is not str:
                        bad(path, "has a key that is not a string", key)
                        continue
                    if not key.isascii() and _has_surrogate(key):
                        bad(f"{path}.{key!r}", "the key holds a lone surrogate, which is not Unicode text", key)
                    children.append((v, f"{path}.{key}", depth + 1))
                stack.extend(reversed(children))
            else:
                stack.extend((node[i], f"{path}[{i}]", depth + 1) for i in range(len(node) - 1, -1, -1))
        elif kind is str:
            if not node.isascii() and _has_surrogate(node):
                bad(path, "holds a lone surrogate, which is not Unicode text", node)
        elif kind is float:
            if node - node != 0.0:
                bad(path, "must be a finite number (JSON has no NaN or infinities)", node)
        elif kind not in _JSON_SCALARS:
            bad(path, "is not JSON data (null, bool, number, string, array or object)", node)
    return out
