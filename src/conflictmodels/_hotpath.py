"""The hot path of JSON text: parsing input that needs no diagnosis, writing JSON Lines.

Loading tries this path first and falls back to the guarded reader of
:mod:`conflictmodels.limits` whenever anything here fails or looks unusual, so the hot
path only has to be *sound* (never accept what the guarded reader refuses, never build
a different value), not complete: the guarded reader names every problem.

With the optional ``fast`` extra installed (msgspec), text is parsed and JSON Lines are
written by msgspec's C code; without it, text is parsed by the standard library and
lines are written by generated writers (``serialization._text_writer``). Both give the
same values and the same bytes (``tests/test_hot_path.py`` pins it):

- msgspec refuses lone surrogates, ``NaN``, ``Infinity`` and ``1e400`` itself, and reads
  integers of any length exactly, as :func:`json.loads` does; the standard-library
  parser refuses them through its hooks.
- neither parser can tell that an object repeated a key (the last value wins), so the
  caller compares :func:`key_count_matches` with the keys of the parsed objects.
- msgspec writes floats outside ``[1e-4, 1e16)`` in a different notation
  (``1e-5`` / ``0.00001`` / ``1e16`` where Python writes ``1e-05`` / ``1e+16``); the
  writer hands such floats over pre-formatted (:func:`plain_float`).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from .limits import _INT_DIGITS, SCHEMA_DEPTH, Limits, _bounded_int, _finite_float, _reject_constant

msgspec: Any
try:  # the optional `fast` extra; CONFLICTMODELS_PURE=1 turns it off
    if os.environ.get("CONFLICTMODELS_PURE"):
        raise ImportError("CONFLICTMODELS_PURE is set")
    import msgspec
except ImportError:
    msgspec = None


class NeedsGuardedReader(Exception):
    """The text must go through the guarded reader (which accepts it or says why not)."""


_DECODER = json.JSONDecoder(parse_float=_finite_float, parse_constant=_reject_constant)
_DECODER_BOUNDED_INTS = json.JSONDecoder(
    parse_float=_finite_float, parse_constant=_reject_constant, parse_int=_bounded_int
)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SPACE_BEFORE_COLON = re.compile(r'"[ \t\n\r]+:')
_SPACE_BEFORE_COLON_BYTES = re.compile(rb'"[ \t\n\r]+:')


@functools.cache
def _msgspec_decoder(_module: Any) -> Callable[[Any], Any]:
    decode: Callable[[Any], Any] = _module.json.Decoder().decode
    return decode


def fits(text: Any, limits: Limits) -> bool:
    """Whether ``text`` (str or bytes) is within what the hot path can check of ``limits``.

    A str of n characters has at most 4n bytes of UTF-8; strings and arrays cannot be
    longer than the text; a byte order mark is left to the guarded reader, and so is a
    depth limit below what the schema itself bounds.
    """
    size = len(text)
    return not (
        limits.max_depth < SCHEMA_DEPTH
        or size * (4 if type(text) is str else 1) > limits.max_bytes
        or size > limits.max_string
        or size >= limits.max_items
        or text[:1] in ("\ufeff", b"\xef")
    )


def msgspec_may_parse() -> bool:
    """Whether msgspec is installed and reads integers as the guarded reader does: it
    refuses lone surrogates, NaN, 1e400, bad UTF-8 and integers of more than 4300
    digits itself, as the guarded reader does (unless the interpreter's limit on
    integer digits was lowered)."""
    digits = sys.get_int_max_str_digits()
    return msgspec is not None and (digits == 0 or digits >= _INT_DIGITS)


def parse(text: Any, limits: Limits) -> Any:
    """The JSON value of ``text``, when nothing about it needs the guarded reader.

    Raises:
        NeedsGuardedReader: or any parser error: the caller then uses the guarded reader.
    """
    kind = type(text)
    if (kind is not str and kind is not bytes) or not fits(text, limits):
        raise NeedsGuardedReader
    if msgspec_may_parse():
        return _msgspec_decoder(msgspec)(text)
    if kind is bytes:
        text = text.decode("utf-8")
    elif not text.isascii():
        text.encode("utf-8")  # raises on a raw lone surrogate
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None:
        raise NeedsGuardedReader
    digits = sys.get_int_max_str_digits()
    decoder = _DECODER_BOUNDED_INTS if digits == 0 or digits > _INT_DIGITS else _DECODER
    return decoder.decode(text)


def key_count_matches(text: str | bytes, parsed_keys: int) -> bool:
    """Whether ``text`` has exactly ``parsed_keys`` object keys: no object repeated one.

    Each key is a closing quote directly followed by a colon. Counting ``":`` can only
    overcount (a string that starts with a colon, an escaped quote before one), which
    fails the comparison; it would undercount a key followed by white space before its
    colon, so text with such a key fails too (the guarded reader then checks it).

    Example:
        >>> key_count_matches('{"a": 1, "b": {"c": 2}}', 3)
        True
        >>> key_count_matches('{"a": 1, "a": 2}', 1)
        False
        >>> key_count_matches('{"a": 1, "a" : 2}', 1)
        False
    """
    if type(text) is str:
        return text.count('":') == parsed_keys and _SPACE_BEFORE_COLON.search(text) is None
    return text.count(b'":') == parsed_keys and _SPACE_BEFORE_COLON_BYTES.search(text) is None  # type: ignore[arg-type]


def plain_float(value: float) -> Any:
    """``value`` as the line writer should hand it to the encoder.

    Floats whose shortest form Python writes without an exponent are passed as they
    are (both encoders agree); others are pre-formatted as Python writes them.
    """
    if msgspec is None or value == 0.0 or 1e-4 <= abs(value) < 1e16:
        return value
    return msgspec.Raw(float.__repr__(value).encode())


def encode_lines(payloads: list[Any]) -> bytes:
    """JSON Lines (UTF-8) of ``payloads`` written by msgspec: compact, non-ASCII kept as is.

    Only called when msgspec is installed; payloads pass their floats through
    :func:`plain_float` first.
    """
    data: bytes = _msgspec_encoder(msgspec)(payloads)
    return data


@functools.cache
def _msgspec_encoder(_module: Any) -> Callable[[Any], bytes]:
    encode: Callable[[Any], bytes] = _module.json.Encoder().encode_lines
    return encode
