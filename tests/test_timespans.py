"""TimeSpan semantics (half-open, instants, open ends) and resolve_relative."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from conflictmodels import ConflictModelsError, FieldError, TimePrecision, TimeSpan, resolve_relative

UTC = UTC
MSK = timezone(timedelta(hours=3))


def at(day: int, hour: int = 0, month: int = 3, year: int = 2025, tz: timezone = UTC) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


def day_span(span: TimeSpan) -> tuple[str, str, TimePrecision]:
    assert span.start is not None
    assert span.end is not None
    return span.start.date().isoformat(), span.end.date().isoformat(), span.precision


# --- resolve_relative ---------------------------------------------------------------------

SUNDAY = at(9, 18, tz=MSK)  # Sunday 9 March 2025, 18:00 Moscow time
MONDAY = at(10, 9, tz=MSK)  # Monday 10 March 2025


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("on Sunday", SUNDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("on Sunday", MONDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("On Sunday,", MONDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("Sunday", at(15, tz=MSK), ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("on Saturday", SUNDAY, ("2025-03-08", "2025-03-09", TimePrecision.DAY)),
        ("on Monday", SUNDAY, ("2025-03-03", "2025-03-04", TimePrecision.DAY)),
        ("last Sunday", SUNDAY, ("2025-03-02", "2025-03-03", TimePrecision.DAY)),
        ("last Sunday", MONDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("yesterday", SUNDAY, ("2025-03-08", "2025-03-09", TimePrecision.DAY)),
        ("yesterday", at(1, 8), ("2025-02-28", "2025-03-01", TimePrecision.DAY)),
        ("last night", MONDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("today", SUNDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("tomorrow", SUNDAY, ("2025-03-10", "2025-03-11", TimePrecision.DAY)),
        ("3 days ago", SUNDAY, ("2025-03-06", "2025-03-07", TimePrecision.DAY)),
        ("two days ago", SUNDAY, ("2025-03-07", "2025-03-08", TimePrecision.DAY)),
        ("10 days ago", SUNDAY, ("2025-02-27", "2025-02-28", TimePrecision.DAY)),
        ("a week ago", SUNDAY, ("2025-02-24", "2025-03-03", TimePrecision.WEEK)),
        ("this week", SUNDAY, ("2025-03-03", "2025-03-10", TimePrecision.WEEK)),
        ("last week", SUNDAY, ("2025-02-24", "2025-03-03", TimePrecision.WEEK)),
        ("last week", MONDAY, ("2025-03-03", "2025-03-10", TimePrecision.WEEK)),
        ("next week", SUNDAY, ("2025-03-10", "2025-03-17", TimePrecision.WEEK)),
        ("this month", SUNDAY, ("2025-03-01", "2025-04-01", TimePrecision.MONTH)),
        ("last month", SUNDAY, ("2025-02-01", "2025-03-01", TimePrecision.MONTH)),
        ("last month", at(15, month=1), ("2024-12-01", "2025-01-01", TimePrecision.MONTH)),
        ("last month", at(31, month=3), ("2025-02-01", "2025-03-01", TimePrecision.MONTH)),
        ("next month", at(20, month=12, year=2024), ("2025-01-01", "2025-02-01", TimePrecision.MONTH)),
        ("two months ago", at(10, month=1), ("2024-11-01", "2024-12-01", TimePrecision.MONTH)),
        ("last year", SUNDAY, ("2024-01-01", "2025-01-01", TimePrecision.YEAR)),
        ("March 9", SUNDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("9 March 2025", at(1, month=6), ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("March 9, 2024", SUNDAY, ("2024-03-09", "2024-03-10", TimePrecision.DAY)),
        ("2025-03-09", SUNDAY, ("2025-03-09", "2025-03-10", TimePrecision.DAY)),
        ("March 2025", SUNDAY, ("2025-03-01", "2025-04-01", TimePrecision.MONTH)),
        ("2025-03", SUNDAY, ("2025-03-01", "2025-04-01", TimePrecision.MONTH)),  # ISO 8601 year-month
        ("February", SUNDAY, ("2025-02-01", "2025-03-01", TimePrecision.MONTH)),
        ("2025", SUNDAY, ("2025-01-01", "2026-01-01", TimePrecision.YEAR)),
    ],
)
def test_resolve_relative(expression: str, published: datetime, expected: tuple[str, str, TimePrecision]) -> None:
    span = resolve_relative(expression, published)
    assert day_span(span) == expected
    # spans are in the publication's time zone, starting at local midnight
    assert span.start is not None
    assert span.start.utcoffset() == published.utcoffset()
    assert (span.start.hour, span.start.minute) == (0, 0)


def test_on_sunday_in_the_publication_time_zone() -> None:
    # 23:30 on Sunday in Kyiv is already Monday in Moscow: the local date decides
    kyiv = ZoneInfo("Europe/Kyiv")
    published = datetime(2025, 3, 9, 23, 30, tzinfo=kyiv)
    span = resolve_relative("yesterday", published)
    assert span.start == datetime(2025, 3, 8, tzinfo=kyiv)
    assert span.contains(datetime(2025, 3, 8, 12, tzinfo=kyiv))
    assert not span.contains(datetime(2025, 3, 9, 0, 30, tzinfo=kyiv))


def test_earlier_this_month_ends_at_publication() -> None:
    span = resolve_relative("earlier this month", SUNDAY)
    assert span.start == at(1, tz=MSK)
    assert span.end == SUNDAY
    assert span.precision is TimePrecision.MONTH


@pytest.mark.parametrize("expression", ["garbage", "the day after the battle", "", "sunday next", "5 fortnights ago"])
def test_resolve_relative_rejects_what_it_does_not_understand(expression: str) -> None:
    with pytest.raises(FieldError) as info:
        resolve_relative(expression, SUNDAY)
    assert info.value.field == "expression"
    assert info.value.value == expression
    assert isinstance(info.value, ConflictModelsError)


@pytest.mark.parametrize("expression", ["1000000 days ago", "3000 years ago", "30000 months ago"])
def test_resolve_relative_out_of_range_is_a_field_error(expression: str) -> None:
    # dates before year 1 cannot be represented: a FieldError, not a bare OverflowError
    with pytest.raises(FieldError) as info:
        resolve_relative(expression, SUNDAY)
    assert info.value.field == "expression"


def test_resolve_relative_rejects_naive_publication() -> None:
    with pytest.raises(FieldError) as info:
        resolve_relative("on Sunday", datetime(2025, 3, 9, 18))
    assert info.value.field == "published"
    assert "timezone-aware" in info.value.reason


@given(st.datetimes(min_value=datetime(1950, 1, 8), max_value=datetime(2090, 1, 1)), st.sampled_from([0, 3, -5]))
def test_weekday_resolution_properties(naive: datetime, hours: int) -> None:
    published = naive.replace(tzinfo=timezone(timedelta(hours=hours)))
    today = published.date()
    for name_index, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]):
        on = resolve_relative(f"on {name}", published)
        last = resolve_relative(f"last {name}", published)
        assert on.start is not None
        assert last.start is not None
        on_day, last_day = on.start.date(), last.start.date()
        assert on_day.weekday() == name_index == last_day.weekday()
        assert 0 <= (today - on_day).days <= 6  # most recent, on or before publication
        assert 1 <= (today - last_day).days <= 7  # strictly before publication day
        assert on.precision is TimePrecision.DAY
        assert on.end == on.start + timedelta(days=1)


# --- TimeSpan construction -------------------------------------------------------------------


def test_constructors() -> None:
    moment = at(9, 12)
    instant = TimeSpan.instant(moment)
    assert instant.is_instant
    assert instant.precision is TimePrecision.INSTANT
    day = TimeSpan.on_day(date(2025, 3, 9), MSK)
    assert (day.start, day.end) == (at(9, tz=MSK), at(10, tz=MSK))
    assert not day.is_instant
    month = TimeSpan.in_month(2024, 12, UTC)
    assert (month.start, month.end) == (at(1, month=12, year=2024), at(1, month=1, year=2025))
    assert month.precision is TimePrecision.MONTH
    assert TimeSpan(start=moment).end is None
    assert not TimeSpan(start=moment).is_instant


def test_invalid_spans() -> None:
    with pytest.raises(FieldError, match="needs a start or an end"):
        TimeSpan()
    with pytest.raises(FieldError, match="must not be before start"):
        TimeSpan(start=at(10), end=at(9))
    with pytest.raises(FieldError, match="timezone-aware"):
        TimeSpan(start=datetime(2025, 3, 9))
    with pytest.raises(TypeError):
        TimeSpan(start="2025-03-09T00:00:00+00:00")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        TimeSpan(start=at(9), precision="day")  # type: ignore[arg-type]
    with pytest.raises(FieldError):
        attrs.evolve(TimeSpan.on_day(date(2025, 3, 9), UTC), end=at(8))


def test_start_and_end_in_different_offsets_compare_as_instants() -> None:
    # 03:00+03:00 is midnight UTC: the span is valid and one hour long
    span = TimeSpan(start=at(8, 23), end=at(9, 3, tz=MSK))
    assert not span.is_instant
    assert span.contains(at(8, 23, tz=UTC))
    assert not span.contains(at(9, 0, tz=UTC))
    # the same instant written in two offsets is an instant
    assert TimeSpan(start=at(8, 23), end=at(9, 2, tz=MSK)).is_instant
    with pytest.raises(FieldError):
        TimeSpan(start=at(9, 1), end=at(9, 2, tz=MSK))  # 02:00 MSK is 23:00 UTC on the 8th


# --- contains / overlaps ------------------------------------------------------------------


def test_contains_is_half_open() -> None:
    day = TimeSpan.on_day(date(2025, 3, 9), UTC)
    assert day.contains(at(9))
    assert day.contains(at(9, 23))
    assert not day.contains(at(10))
    assert not day.contains(at(8, 23))
    assert day.contains(at(9, 3, tz=MSK))  # 00:00 UTC in Moscow time


def test_contains_instant_and_open_ends() -> None:
    instant = TimeSpan.instant(at(9, 12))
    assert instant.contains(at(9, 12))
    assert instant.contains(at(9, 15, tz=MSK))
    assert not instant.contains(at(9, 13))
    open_end = TimeSpan(start=at(9))
    assert open_end.contains(datetime(2099, 1, 1, tzinfo=UTC))
    assert open_end.contains(at(9))
    assert not open_end.contains(at(8, 23))
    open_start = TimeSpan(end=at(10))
    assert open_start.contains(datetime(1900, 1, 1, tzinfo=UTC))
    assert not open_start.contains(at(10))


def test_overlaps_examples() -> None:
    d9 = TimeSpan.on_day(date(2025, 3, 9), UTC)
    d10 = TimeSpan.on_day(date(2025, 3, 10), UTC)
    both = TimeSpan(start=at(9), end=at(11))
    assert not d9.overlaps(d10)
    assert not d10.overlaps(d9)
    assert d9.overlaps(d9)
    assert both.overlaps(d9)
    assert d10.overlaps(both)
    assert TimeSpan.instant(at(9)).overlaps(d9)
    assert not TimeSpan.instant(at(10)).overlaps(d9)
    assert not d9.overlaps(TimeSpan.instant(at(10)))
    assert TimeSpan.instant(at(9)).overlaps(TimeSpan.instant(at(9, 3, tz=MSK)))
    assert not TimeSpan.instant(at(9)).overlaps(TimeSpan.instant(at(9, 1)))
    until_10 = TimeSpan(end=at(10))
    from_10 = TimeSpan(start=at(10))
    assert not until_10.overlaps(from_10)
    assert not from_10.overlaps(until_10)
    assert from_10.overlaps(TimeSpan(start=at(20)))
    assert until_10.overlaps(TimeSpan(end=at(1)))
    assert from_10.overlaps(d10)
    assert not from_10.overlaps(d9)
    assert TimeSpan.instant(at(10)).overlaps(from_10)
    assert not TimeSpan.instant(at(10)).overlaps(until_10)


def _witness(a: TimeSpan, b: TimeSpan) -> datetime:
    """A moment in both spans when they overlap (the later start, or just before the
    earlier end when both are open before)."""
    starts = [s for s in (a.start, b.start) if s is not None]
    if starts:
        return max(starts)
    ends = [e for e in (a.end, b.end) if e is not None]
    return min(ends) - timedelta(microseconds=1)


@given(cst.time_spans(), cst.time_spans())
def test_overlaps_is_symmetric_and_means_a_shared_moment(a: TimeSpan, b: TimeSpan) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(a)
    t = _witness(a, b)
    if a.overlaps(b):
        assert a.contains(t)
        assert b.contains(t)
    else:
        assert not (a.contains(t) and b.contains(t))


@given(cst.time_spans(), cst.aware_datetimes())
def test_contains_agrees_with_instant_overlap(span: TimeSpan, moment: datetime) -> None:
    assert span.contains(moment) == span.overlaps(TimeSpan.instant(moment))
    if span.start is not None:
        assert span.contains(span.start)
    if span.end is not None and not span.is_instant:
        assert not span.contains(span.end)


def test_time_precision_round_trips_through_json_value() -> None:
    assert [p.value for p in TimePrecision] == ["instant", "hour", "day", "week", "month", "year"]
