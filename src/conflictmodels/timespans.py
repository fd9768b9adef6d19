"""Time spans with precision, and relative dates resolved against a publication time.

A :class:`TimeSpan` covers ``start <= t < end`` (half-open, so consecutive days do not
overlap); ``start == end`` is a single instant. Either end may be open (``None``) but not
both. Datetimes must be timezone-aware.

Example:
    >>> from datetime import datetime, timezone
    >>> published = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
    >>> span = resolve_relative("on Sunday", published)
    >>> span.start.date().isoformat(), span.precision.value
    ('2025-03-09', 'day')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import attrs
from attrs import field
from dateutil import parser as _dateparser
from dateutil.relativedelta import relativedelta
from dateutil.relativedelta import weekday as _weekday
from dateutil.rrule import FR, MO, SA, SU, TH, TU, WE

from . import _checks as c
from ._checks import EMPTY
from ._spec import aware, extra, model, vocab
from .errors import FieldError, FieldTypeError
from .vocabularies import TimePrecision

__all__ = ["TimeSpan", "resolve_relative"]

_CROSS = (
    c.Cross("start", "s.start is not None or s.end is not None", "a span needs a start or an end"),
    c.Cross("end", "s.start is None or s.end is None or s.start <= s.end", "must not be before start"),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS)
class TimeSpan:
    """When an event happened or a state held, with how precisely that is known.

    Attributes:
        start: First instant covered (aware), or ``None`` when open before.
        end: First instant no longer covered (aware), or ``None`` when open after;
            equal to ``start`` for a single instant.
        precision: How precisely the ends are known.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import date, datetime, timezone
        >>> TimeSpan.on_day(date(2025, 3, 9), timezone.utc).contains(
        ...     datetime(2025, 3, 9, 12, tzinfo=timezone.utc))
        True
    """

    start: datetime | None = field(default=None, metadata=aware())
    end: datetime | None = field(default=None, metadata=aware())
    precision: TimePrecision = field(default=TimePrecision.INSTANT, metadata=vocab(TimePrecision))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @classmethod
    def instant(cls, moment: datetime) -> TimeSpan:
        """A single instant."""
        return cls(start=moment, end=moment, precision=TimePrecision.INSTANT)

    @classmethod
    def on_day(cls, day: date, tz: tzinfo) -> TimeSpan:
        """The whole calendar ``day`` in time zone ``tz``."""
        start = datetime.combine(day, time(), tz)
        return cls(start=start, end=start + timedelta(days=1), precision=TimePrecision.DAY)

    @classmethod
    def in_month(cls, year: int, month: int, tz: tzinfo) -> TimeSpan:
        """The whole calendar month in time zone ``tz``."""
        start = datetime(year, month, 1, tzinfo=tz)
        return cls(start=start, end=start + relativedelta(months=1), precision=TimePrecision.MONTH)

    @property
    def is_instant(self) -> bool:
        """True when the span is a single instant."""
        return self.start is not None and self.start == self.end

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` lies in the span (``start <= moment < end``)."""
        if self.is_instant:
            return moment == self.start
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment < self.end

    def overlaps(self, other: TimeSpan) -> bool:
        """Whether the two spans share at least one instant.

        Example:
            >>> from datetime import date, timezone
            >>> a = TimeSpan.on_day(date(2025, 3, 9), timezone.utc)
            >>> b = TimeSpan.on_day(date(2025, 3, 10), timezone.utc)
            >>> a.overlaps(b), a.overlaps(a)
            (False, True)
        """
        if self.is_instant:
            return other.contains(self.start)  # type: ignore[arg-type]
        if other.is_instant:
            return self.contains(other.start)  # type: ignore[arg-type]
        if self.start is not None and other.end is not None and other.end <= self.start:
            return False
        return not (other.start is not None and self.end is not None and self.end <= other.start)


_WEEKDAYS: dict[str, _weekday] = {
    "monday": MO,
    "tuesday": TU,
    "wednesday": WE,
    "thursday": TH,
    "friday": FR,
    "saturday": SA,
    "sunday": SU,
}
_ON_WEEKDAY = re.compile(r"(?:on\s+)?(last\s+|this\s+|past\s+)?(" + "|".join(_WEEKDAYS) + r")")
_AGO = re.compile(r"(\d+|a|an|one|two|three|four|five|six|seven)\s+(day|week|month|year)s?\s+ago")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def resolve_relative(expression: str, published: datetime) -> TimeSpan:
    """Resolve a relative or partial date expression against a publication time.

    Understands "today", "yesterday", "last night", "tomorrow", weekdays ("on Sunday" is the most
    recent Sunday on or before publication, "last Sunday" the one before that day),
    "N days/weeks/months ago", "this/last/next week", "this/last/next month",
    "this/last year", "earlier this month/year", and
    absolute dates with missing parts filled from the publication date ("March 9",
    "March 2025", "2025-03-09"). Spans are calendar days, ISO weeks, months or years in
    the publication's time zone, with the matching precision.

    Raises:
        FieldError: ``published`` is naive, or the expression is not understood.
        FieldTypeError: ``expression`` is not a string.

    Example:
        >>> from datetime import datetime, timezone
        >>> p = datetime(2025, 3, 9, 18, 0, tzinfo=timezone.utc)
        >>> [resolve_relative(e, p).start.date().isoformat()
        ...  for e in ("on Sunday", "last Sunday", "yesterday", "March 2")]
        ['2025-03-09', '2025-03-02', '2025-03-08', '2025-03-02']
        >>> resolve_relative("last month", p).precision
        <TimePrecision.MONTH: 'month'>
    """
    if not isinstance(expression, str):
        raise FieldTypeError("resolve_relative", "expression", "must be a string", expression)
    if not isinstance(published, datetime) or published.utcoffset() is None:
        raise FieldError("resolve_relative", "published", "must be a timezone-aware datetime", published)
    try:
        return _resolve(expression, published)
    except (OverflowError, ValueError) as err:
        if isinstance(err, FieldError):
            raise
        raise FieldError(
            "resolve_relative", "expression", f"resolves outside the supported calendar ({err})", expression
        ) from None


def _resolve(expression: str, published: datetime) -> TimeSpan:
    tz = published.tzinfo
    assert tz is not None
    today = published.date()
    phrase = " ".join(expression.lower().replace(",", " ").split())
    phrase = phrase.removeprefix("on ").strip() if phrase.startswith("on ") else phrase

    if phrase in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return TimeSpan.on_day(today, tz)
    if phrase in ("yesterday", "last night", "overnight"):
        return TimeSpan.on_day(today - timedelta(days=1), tz)
    if phrase == "tomorrow":
        return TimeSpan.on_day(today + timedelta(days=1), tz)
    if m := _ON_WEEKDAY.fullmatch(phrase):
        wd = _WEEKDAYS[m.group(2)]
        day = today + relativedelta(weekday=wd(-1))
        if m.group(1) and m.group(1).strip() == "last" and day == today:
            day -= timedelta(days=7)
        return TimeSpan.on_day(day, tz)
    if m := _AGO.fullmatch(phrase):
        n = int(m.group(1)) if m.group(1).isdigit() else _SMALL[m.group(1)]
        unit = m.group(2)
        if unit == "day":
            return TimeSpan.on_day(today - timedelta(days=n), tz)
        if unit == "week":
            return _week(today - timedelta(weeks=n), tz)
        if unit == "month":
            return _month_offset(today, -n, tz)
        return _year(today.year - n, tz)
    periods = {
        "this week": lambda: _week(today, tz),
        "last week": lambda: _week(today - timedelta(weeks=1), tz),
        "next week": lambda: _week(today + timedelta(weeks=1), tz),
        "this month": lambda: TimeSpan.in_month(today.year, today.month, tz),
        "earlier this month": lambda: _until(TimeSpan.in_month(today.year, today.month, tz), published),
        "last month": lambda: _month_offset(today, -1, tz),
        "next month": lambda: _month_offset(today, 1, tz),
        "this year": lambda: _year(today.year, tz),
        "earlier this year": lambda: _until(_year(today.year, tz), published),
        "last year": lambda: _year(today.year - 1, tz),
    }
    if phrase in periods:
        return periods[phrase]()
    return _absolute(expression, phrase, published)


def _absolute(expression: str, phrase: str, published: datetime) -> TimeSpan:
    tz = published.tzinfo
    assert tz is not None
    if re.fullmatch(r"\d{4}", phrase):
        return _year(int(phrase), tz)
    # Parse twice with different defaults: a part that changes with the default was not
    # in the expression, which says the precision ("March 2025" has no day).
    first = datetime(published.year, 1, 1)
    second = datetime(published.year, 2, 2)
    try:
        a = _dateparser.parse(phrase, default=first, fuzzy=False)
        b = _dateparser.parse(phrase, default=second, fuzzy=False)
    except (ValueError, OverflowError):
        raise FieldError(
            "resolve_relative", "expression", "is not a date expression this library understands", expression
        ) from None
    if a.month != b.month:  # no month: the expression named only a year-like part
        return _year(a.year, tz)
    if a.day != b.day:
        return TimeSpan.in_month(a.year, a.month, tz)
    day = a.date()
    if not re.search(r"\d{4}", phrase) and day > published.date() + timedelta(days=1):
        day = day.replace(year=day.year - 1)  # "December 30" read in January is last year's
    return TimeSpan.on_day(day, tz)


def _week(day: date, tz: tzinfo) -> TimeSpan:
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, time(), tz)
    return TimeSpan(start=start, end=start + timedelta(weeks=1), precision=TimePrecision.WEEK)


def _year(year: int, tz: tzinfo) -> TimeSpan:
    return TimeSpan(
        start=datetime(year, 1, 1, tzinfo=tz), end=datetime(year + 1, 1, 1, tzinfo=tz), precision=TimePrecision.YEAR
    )


def _month_offset(today: date, months: int, tz: tzinfo) -> TimeSpan:
    d = today + relativedelta(months=months)
    return TimeSpan.in_month(d.year, d.month, tz)


def _until(span: TimeSpan, published: datetime) -> TimeSpan:
    return attrs.evolve(span, end=published)
