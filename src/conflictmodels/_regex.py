"""Regular expressions for the JSON Schema that mean the same in Python's :mod:`re`
(what ``jsonschema`` runs) and in ECMA 262 with the ``u`` flag (what Ajv runs).

The two engines differ where the loader's checks are Python's: ``\\s`` and ``\\S`` name
other characters (Python counts ``\\x1c``-``\\x1f`` and ``\\x85`` as white space, ECMA
262 counts ``\\ufeff``), Python's ``$`` also matches before a final new line, and
neither engine knows Python's :meth:`str.isprintable`. The helpers here spell each of
those out: explicit character classes, BMP characters as ``\\uXXXX`` escapes (read alike
by both), characters beyond the BMP as themselves (one code point in both, with the
``u`` flag), lone surrogates as escapes (which only a lone surrogate matches).
"""

from __future__ import annotations

import functools
import re

__all__ = ["NOT_SURROGATE", "PYTHON_SPACE", "id_pattern", "portable"]

PYTHON_SPACE = (
    "\\t\\n\\u000b\\u000c\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
"""The characters of Python's ``\\s`` (:meth:`str.isspace`), as a character-class body."""
NOT_SURROGATE = "\\ud800-\\udfff"
"""Lone surrogates, as a character-class body: the loader refuses them in every string
(they are not Unicode text), so every pattern leaves them out."""


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else chr(code)


@functools.cache
def id_pattern() -> str:
    """An id as the loader checks it: 1 or more characters, each printable in Python's
    sense (:meth:`str.isprintable`: no control, format, private-use, unassigned, line or
    paragraph separator, or white space) and not a space. Computed once, from the
    running Python's Unicode database.

    Example:
        >>> import re
        >>> from conflictmodels._regex import id_pattern
        >>> [bool(re.search(id_pattern(), s)) for s in ["kursk-1", "Ново-1", "a b", "a\\u061cb", "x\\n", "\\ue000"]]
        [True, True, False, False, False, False]
    """
    every = "".join(map(chr, range(0x110000)))
    printable = bytearray(map(str.isprintable, every))
    printable[0x20] = 0  # the space is printable, and no id holds one
    ranges = [(m.start(), m.end() - 1) for m in re.finditer(b"\x00+", printable)]
    body = "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}" for lo, hi in ranges)
    return f"^[^{body}]+(?!\\n)$"


def portable(pattern: str) -> str:
    """``pattern`` (anchored with ``^`` and ``$``) rewritten to mean in ECMA 262 what it
    means in Python: ``\\S`` becomes Python's non-space class (lone surrogates left out)
    and ``$`` cannot match before a final new line.

    Example:
        >>> from conflictmodels._regex import portable
        >>> portable("^[a-z]+://\\\\S+$")[-22:]
        '\\\\ud800-\\\\udfff]+(?!\\\\n)$'
    """
    out = pattern.replace("\\S", f"[^{PYTHON_SPACE}{NOT_SURROGATE}]")  # never inside a class in these patterns
    if out.endswith("$") and not out.endswith("(?!\\n)$"):
        out = out[:-1] + "(?!\\n)$"
    return out
