"""The one date-time grammar: RFC 3339 date-times with a time zone, read the same way by
the loaders, the command line and the JSON Schema.

A date-time is ``YYYY-MM-DDTHH:MM:SS``, optional fractional seconds (``.`` and one or
more digits), then ``Z`` or an offset ``+HH:MM`` / ``-HH:MM`` (RFC 3339, section 5.6).
Nothing else: no space or other separator instead of ``T``, no missing seconds, no
offset without its colon (``+0300``) or without minutes (``+03``), no ISO 8601 week or
ordinal dates, no basic format (``20250309T120000Z``), no comma before the fraction,
no digits other than ASCII ``0``-``9``, nothing before or after (a trailing NUL or new
line included). The date must exist (``2025-02-29`` does not), years run from 0001 to
9999, hours to 23, minutes and seconds to 59, offsets to 23:59.

Choices RFC 3339 leaves open, taken here:

- ``T`` and ``Z`` in upper case only. RFC 3339 allows ``t`` and ``z`` but lets a
  specification require upper case (its note to section 5.6); JSON Schema validators
  differ on lower case, and upper case is what every one of them accepts.
- No leap seconds. ``23:59:60Z`` is refused with its own message: Python's
  :class:`~datetime.datetime` cannot hold second 60, and reading it as ``:59`` (or as
  the next second) would change the data. Write the second before or after.
- Fractions beyond microseconds are read and cut to microseconds (what a
  :class:`~datetime.datetime` holds); written back, they have six digits.
- ``-00:00`` (RFC 3339's "offset unknown") is read as UTC.

:data:`RFC3339_PATTERN` says all of it as one regular expression (the same in Python
and ECMA 262), which the JSON Schema puts beside ``format: date-time`` so that every
validator, with or without format checking, gives the loader's verdict.
"""

from __future__ import annotations

import re
from datetime import datetime

__all__ = ["RFC3339_PATTERN", "datetime_problem", "parse_datetime"]

_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
"""The shape, with the ranges of hours, minutes, seconds and offsets; whether the date
exists is left to :meth:`datetime.fromisoformat`, which reads every string of this shape
the RFC 3339 way."""

_DAY = "(?:0[1-9]|1[0-9]|2[0-8])"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_DATE = (
    "(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:" + _DAY + "|29|3[01])|(?:0[469]|11)-(?:" + _DAY + "|29|30)"
    "|02-" + _DAY + ")|" + _LEAP_YEAR + "-02-29)"
)
RFC3339_PATTERN = (
    "^" + _DATE + "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?"
    "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])(?!\\n)$"
)
"""The grammar as one regular expression, calendar included (February 29 in leap years
only), for the JSON Schema's ``pattern``. It means the same in Python's :mod:`re` and in
ECMA 262 (Ajv): ASCII classes only, and ``(?!\\n)`` before ``$`` because Python's ``$``
also matches before a final new line."""


def parse_datetime(text: str) -> datetime:
    """Read an RFC 3339 date-time with a time zone (see the module's documentation).

    Raises:
        ValueError: ``text`` is not one; the message says why, as a field error's
            reason (``must ...``).

    Example:
        >>> from conflictmodels._datetimes import parse_datetime
        >>> parse_datetime("2025-03-09T12:00:00+03:00").isoformat()
        '2025-03-09T12:00:00+03:00'
        >>> parse_datetime("2025-03-09 12:00:00+03:00")
        Traceback (most recent call last):
        ...
        ValueError: must separate the date and the time with T (RFC 3339), as in 2025-03-09T12:00:00+03:00
    """
    if _SHAPE.fullmatch(text) is None:
        raise ValueError(datetime_problem(text))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(datetime_problem(text)) from None


_EXAMPLE = "2025-03-09T12:00:00+03:00"
_ZONE = r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
_LEAP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:60(?:\.[0-9]+)?" + _ZONE)
_NAIVE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?")
_SEPARATOR = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[^Tt][0-9]{2}:.*", re.DOTALL)
_NO_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?:Z|[+-].*)", re.DOTALL)
_OFFSET = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?[+-][0-9]{2}(?:[0-9]{2})?")


def datetime_problem(text: str) -> str:
    """Why ``text`` is not an RFC 3339 date-time with a time zone, as a field error's
    reason (called once reading it failed; the most specific reason first).

    Example:
        >>> from conflictmodels._datetimes import datetime_problem
        >>> datetime_problem("2016-12-31T23:59:60Z")
        "must not be a leap second (second 60 cannot be held by a datetime): write :59 or the next minute's :00"
        >>> datetime_problem("2025-02-29T12:00:00Z")
        'must be a date-time that exists: day is out of range for month'
        >>> datetime_problem("2025-03-09T12:00:00+03:00\\x00")
        'must end with its time zone: nothing may follow it'
    """
    if _LEAP.fullmatch(text):
        return "must not be a leap second (second 60 cannot be held by a datetime): write :59 or the next minute's :00"
    if _NAIVE.fullmatch(text):
        return "must carry a UTC offset (naive times are not assumed UTC)"
    if len(text) > 10 and (text[10] == "t" or text[-1] == "z"):
        upper = text[:10] + text[10].upper() + text[11:-1] + text[-1].upper()
        if _SHAPE.fullmatch(upper):
            return "must write T and Z in upper case"
    if _SEPARATOR.fullmatch(text):
        return f"must separate the date and the time with T (RFC 3339), as in {_EXAMPLE}"
    if _NO_SECONDS.fullmatch(text):
        return f"must give the seconds (RFC 3339), as in {_EXAMPLE}"
    if _OFFSET.fullmatch(text):
        return f"must write the offset as +HH:MM or -HH:MM (RFC 3339), as in {_EXAMPLE}"
    head = _SHAPE.match(text)
    if head is not None and head.end() < len(text) and _SHAPE.fullmatch(text[: head.end()]):
        return "must end with its time zone: nothing may follow it"
    if _SHAPE.fullmatch(text):
        try:
            datetime.fromisoformat(text)
        except ValueError as err:
            return f"must be a date-time that exists: {err}"
    return f"must be an RFC 3339 date-time such as {_EXAMPLE}"
