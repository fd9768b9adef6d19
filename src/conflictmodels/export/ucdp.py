"""UCDP GED CSV, both ways: event claims to the UCDP Georeferenced Event Dataset's
columns, and a GED export into a dossier.

The columns are the 49 of GED releases 22.1 to 24.1 (UCDP GED Codebook, versions 22.1 to
24.1, Department of Peace and Conflict Research, Uppsala University), in their order.
The middle column names the codebook's variable whose definition the code follows:

=====================  ====================  ==========================================================
column                 UCDP GED Codebook     written from / read into
=====================  ====================  ==========================================================
id                                           the row's claim id (the first claim of the row)
year                                         the year of ``date_start`` (written; not read)
type_of_violence       type_of_violence      1 state-based conflict, 2 non-state conflict, 3 one-sided violence (see below)
side_a, side_b         side_a, side_b        the names of the first actor of each side (``Actor.side``)
number_of_sources                            how many sources the row cites (written; not read)
source_office          source_office         the outlet the row was read in (the relay), or the cited sources
source_date            source_date           the report day: ``Claim.reported_at``
source_original        source_original       the original sources inside the outlet's report (the originators)
where_prec             where_prec            1 exact place, 2 within about 25 km of a known place, 3 a second-level admin
                                             unit (ADM2), 4 a first-level one (ADM1), 5 a part of a country larger than
                                             ADM1 or between places, 6 the whole country, 7 waters or airspace:
                                             ``Claim.geo_precision``, else the point's (:class:`~conflictmodels.GeoPrecision`)
where_coordinates                            the place's name
adm_1, adm_2                                 the first two admin names of the place's parent chain
latitude, longitude                          the place's point; ``geom_wkt`` is written from it, not read
country                                      the name of the country of the chain
event_clarity          event_clarity         1 high (one event, clearly told apart), 2 low (an aggregate or a summary
                                             over a longer time): ``Event.clarity``
date_prec              date_prec             1 the exact day(s), 2 more than one and at most six days, 3 a week, 4 a
                                             month, 5 a year: the claim's ``when``
date_start, date_end   date_start, date_end  the first and the last day the claim's ``when`` covers
deaths_a, deaths_b     deaths_a, ...         each group's best figure of deaths (:class:`~conflictmodels.Fatalities`)
deaths_civilians
deaths_unknown
best, low, high        best, low, high       the deaths of the event in all: ``Event.deaths_total``; ``best`` is the sum
                                             of the four groups
=====================  ====================  ==========================================================

The other columns (``relid``, ``active_year``, ``code_status``, conflict, dyad and
side ids and names, ``source_article``, ``source_headline``, ``where_description``,
``priogrid_gid``, ``country_id``, ``region``, ``gwnoa``, ``gwnob``) have no home in the
model: they are written empty and not read.

**Who says it.** UCDP separates the outlet it read (``source_office``) from the original
source inside the outlet's report (``source_original``). A row reads as one claim per
original source and outlet (UCDP does not say which outlet quoted which original source:
each is read as relaying each), its originator the original source, relayed by UCDP (the
hop "coded") and by the outlet; a row naming no original source reads as one claim per
outlet. A row citing nobody is UCDP's own claim. Ids: the row's, then ``<id>#2``...

**Type and sides** (the library's mapping: UCDP has no ACLED event types). A one-sided
row (3) reads as violence against civilians with civilian targeting, the others as
battles; in a state-based row (1) side A is a government, as the codebook has it, so its
actor reads as state forces. Writing derives the code back: 3 for violence against
civilians or civilian targeting, 1 when an actor is a state force, 2 otherwise.

**Deaths.** UCDP codes each group's best figure, and low, best and high for the event as
a whole, ``best`` being the sum of the four groups. A group's figure reads as its best
(a zero as no figure); ``best``, ``low`` and ``high`` read as ``Event.deaths_total`` (a
``low`` or ``high`` equal to ``best`` as no bound; all zero as no total). Writing puts
each group's best (or low) in its column and the total's bounds in ``low``/``high``; a
total above the groups' sum is written with the rest in ``deaths_unknown``, so that
``best`` stays the sum (the library's choice), and a total without a best is written with
its low as ``best``.

**Dates and places.** Days are read in UTC. ``date_start``/``date_end`` are the first and
last day covered, inclusive. The library has no precision of two to six days: ``date_prec``
2 reads as a week's precision over the days given, and a week's span shorter than seven
days writes as 2. UCDP has no open span: a claim with no ``when`` is written with its
report day and ``date_prec`` 5; a span open before ("by 9 March", as the Kursk report's
"on Sunday" reads) from 1 January of its last day's year to that day, at 5 (only the year
is sure); a span open after ("since 5 March") from its first day to the report's day, at
the precision of the days that covers (the library's choices). ``source_date`` (several
days separated by ``;``: the earliest counts) is the report day, and one before
``date_start`` is refused, as ACLED's ``timestamp`` is. Places are
read as ACLED's are (:mod:`conflictmodels.export.acled`): country, ``adm_1`` and
``adm_2`` as a chain of locations, deduplicated by name.

**Spreadsheets.** ``spreadsheet_safe`` works as for ACLED
(:func:`~conflictmodels.export.to_acled`): text cells that a spreadsheet would run as a
formula get a leading ``'`` (the default), and the readers undo it in text columns.

Example:
    >>> import io
    >>> from conflictmodels import FatalityGroup
    >>> from conflictmodels.export import read_ucdp
    >>> text = (
    ...     "id,type_of_violence,side_a,side_b,source_office,source_original,where_prec,where_coordinates,"
    ...     "adm_1,country,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
    ...     "deaths_unknown,best,low,high\\n"
    ...     "501,1,Government of Russia,Government of Ukraine,Reuters,Ukrainian military,1,Суджа,"
    ...     "Курская область,Russia,1,1,2025-03-09,2025-03-09,0,3,0,0,3,2,5\\n")
    >>> d = read_ucdp(io.StringIO(text))
    >>> c = d.claims[0]
    >>> [d.source(h.source_id).name for h in c.attribution]
    ['UCDP', 'Reuters', 'Ukrainian military']
    >>> c.statement.event.fatalities_of(FatalityGroup.SIDE_B), c.statement.event.deaths_total
    (Estimate(low=None, best=3, high=None, unit=None, phrase=None), Estimate(low=2, best=3, high=5, unit=None, phrase=None))
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..claim import Claim
from ..dossier import Dossier
from ..errors import ConflictModelsError, ValidationError
from ..estimates import Estimate
from ..events import Actor, Event, Fatalities
from ..geo import Point
from ..source import Source
from ..statement import Statement
from ..timespans import TimeSpan
from ..vocabularies import (
    ActorType,
    EventClarity,
    EventSide,
    EventType,
    FatalityGroup,
    GeoPrecision,
    Predicate,
    SourceKind,
    TimePrecision,
)
from ._common import date_end, date_start
from ._tabular import (
    BOM,
    Builder,
    CsvSource,
    CsvTarget,
    Group,
    ImportResult,
    Row,
    admin_names,
    assessment_groups,
    event_groups,
    first_place,
    import_rows,
    midnight,
    model_errors,
    parse_day,
    precision_from,
    read_rows,
    source_names,
    split_names,
    summary,
    write_text,
)
from .acled import cell_text
from .csv import _write

__all__ = ["UCDP_COLUMNS", "UCDP_SOURCE", "read_ucdp", "read_ucdp_partial", "to_ucdp", "write_ucdp"]

UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
"""The UCDP GED columns in the order of its CSV releases (GED 22.1-24.1; 49 columns)."""

UCDP_SOURCE = Source(
    id="ucdp",
    name="UCDP",
    aliases=("Uppsala Conflict Data Program",),
    kind=SourceKind.THINK_TANK,
    url="https://ucdp.uu.se",
)
"""The source an import names as the coder of every row (the hop "coded")."""

_OWNER = "ucdp"
_REQUIRED = ("id", "date_start", "date_end")
_GROUPS = (FatalityGroup.SIDE_A, FatalityGroup.SIDE_B, FatalityGroup.CIVILIANS, FatalityGroup.UNKNOWN)
_DATE_PREC = {1: TimePrecision.DAY, 2: TimePrecision.WEEK, 3: TimePrecision.WEEK, 4: TimePrecision.MONTH,
              5: TimePrecision.YEAR}  # fmt: skip


# ----------------------------------------------------------------------------- writing


def to_ucdp(dossier: Dossier, *, bom: bool = False, spreadsheet_safe: bool = True, assessments: bool = False) -> str:
    """UCDP GED CSV text (columns :data:`UCDP_COLUMNS`): one row per event.

    Rows are chosen and grouped as :func:`~conflictmodels.export.to_acled` does; ``bom``
    starts the text with a UTF-8 byte order mark for spreadsheets, and
    ``spreadsheet_safe`` (the default) writes a text cell that a spreadsheet would run as
    a formula with a leading ``'``, which :func:`read_ucdp` undoes. With ``assessments``,
    the rows are one per event assessment of a reconciled dossier, as for
    :func:`~conflictmodels.export.to_acled`: the reconciled deaths by group and in all, the
    sources of the supporting claims.

    Example:
        >>> import csv, io
        >>> from conflictmodels.export import read_ucdp, to_ucdp
        >>> head = "id,where_coordinates,date_prec,date_start,date_end,deaths_civilians,best,low,high\\n"
        >>> d = read_ucdp(io.StringIO(head + "7,Суми,2,2025-03-01,2025-03-04,4,4,4,6\\n"))
        >>> row = next(csv.DictReader(io.StringIO(to_ucdp(d))))
        >>> row["date_prec"], row["date_end"], row["deaths_civilians"], row["low"], row["high"], row["best"]
        ('2', '2025-03-04', '4', '4', '6', '4')
        >>> d.claims[0].statement.event.deaths_total
        Estimate(low=None, best=4, high=6, unit=None, phrase=None)
    """
    groups = (assessment_groups if assessments else event_groups)(dossier, UCDP_SOURCE.names)
    rows = (_row(dossier, group) for group in groups)
    return (BOM if bom else "") + _write(UCDP_COLUMNS, rows, spreadsheet_safe)


def write_ucdp(
    dossier: Dossier,
    target: CsvTarget,
    *,
    bom: bool = False,
    spreadsheet_safe: bool = True,
    assessments: bool = False,
) -> None:
    """Write :func:`to_ucdp`'s CSV to a path (atomically: all of it or nothing) or an open file.

    Example:
        >>> import io
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import write_ucdp
        >>> out = io.BytesIO()
        >>> write_ucdp(kursk_dossier(), out)
        >>> out.getvalue().split(b",")[:3]
        [b'id', b'relid', b'year']
    """
    text = to_ucdp(dossier, bom=bom, spreadsheet_safe=spreadsheet_safe, assessments=assessments)
    write_text(text, target, "write_ucdp")


def _days(claim: Claim) -> tuple[date, date, int]:
    """``date_start``, ``date_end`` and ``date_prec`` of a claim.

    UCDP has no open span. One open before ("by 9 March") is written from the first day of
    its last day's year, at ``date_prec`` 5 (only the year is sure); one open after ("since
    5 March") ends on the report's day (an event is not reported before it happens), at the
    precision of the days it then covers.
    """
    span = claim.when
    reported = claim.reported_at.date()
    if span is None:
        return reported, reported, 5
    first, last = date_start(span), date_end(span)
    start = date.fromisoformat(first) if first else None
    end = date.fromisoformat(last) if last and last != "0000-12-31" else None
    if start is None:
        end = end or reported
        return date(end.year, 1, 1), end, 5
    if end is None:
        end = max(start, reported)
        return start, end, max(span.precision.ucdp_date_prec, _covering(start, end))
    code = span.precision.ucdp_date_prec
    if code == 3 and (end - start).days < 6:
        code = 2
    return start, end, code


def _covering(start: date, end: date) -> int:
    """The finest ``date_prec`` of the days ``start``..``end``: 1 one day, 2 up to six, 3 a
    week, 4 within a month, 5 more."""
    days = (end - start).days + 1
    if days <= 7:
        return 1 if days == 1 else 2 if days <= 6 else 3
    return 4 if (start.year, start.month) == (end.year, end.month) else 5


def type_of_violence(event: Event) -> int:
    """UCDP's ``type_of_violence`` of an event: 3 one-sided (violence against civilians,
    civilian targeting), 1 state-based (a state force takes part), 2 non-state.

    Example:
        >>> from conflictmodels import Event, EventType
        >>> from conflictmodels.export.ucdp import type_of_violence
        >>> type_of_violence(Event(event_type=EventType.BATTLES, civilian_targeting=True))
        3
    """
    if event.civilian_targeting or event.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS:
        return 3
    if any(a.actor_type is ActorType.STATE_FORCES for a in event.actors):
        return 1
    return 2


def _side(event: Event, side: EventSide, index: int) -> str | None:
    named = event.actors_on(side)
    if named:
        return named[0].name
    unsided = [a for a in event.actors if a.side is None]
    return unsided[index].name if len(unsided) > index else None


def _deaths(event: Event) -> dict[str, Any]:
    """The deaths columns of an event: each group's best (or low), and ``best``/``low``/``high``
    from ``deaths_total`` (without one, the groups' figures and bounds added up); ``best``
    is kept the sum of the groups by writing the rest of a larger total as unknown."""
    row: dict[str, Any] = {}
    best = low = high = 0
    for group in _GROUPS:
        count = event.fatalities_of(group)
        figure = 0 if count is None else int(count.best if count.best is not None else count.low or 0)
        row[group.ucdp_column] = figure
        best += figure
        if count is not None:
            low += int(count.low if count.low is not None else figure)
            high += int(count.high if count.high is not None else figure)
    total = event.deaths_total
    if total is not None:
        given = total.best if total.best is not None else total.low
        if given is not None and int(given) > best:
            row[FatalityGroup.UNKNOWN.ucdp_column] += int(given) - best
            best = int(given)
        low = best if total.low is None else int(total.low)
        high = best if total.high is None else int(total.high)
    return {**row, "best": best, "low": min(low, best), "high": max(high, best)}


def _row(dossier: Dossier, group: Group) -> dict[str, Any]:
    claim = group.first
    event = claim.statement.event
    assert event is not None
    start, end, code = _days(claim)
    place = first_place(dossier, claim.statement)
    country, admins = (None, []) if place is None else admin_names(dossier, place, 2)
    point = None if place is None else place.point
    precision = claim.geo_precision or (None if point is None else point.precision)  # the claim's, else the place's
    offices = source_names(dossier, group.relays if group.relays else group.originators)
    originals = source_names(dossier, group.originators) if group.relays else []
    return {
        "id": claim.id,
        "year": start.year,
        "type_of_violence": type_of_violence(event),
        "side_a": _side(event, EventSide.A, 0),
        "side_b": _side(event, EventSide.B, 1),
        "number_of_sources": len(group.originators) or None,
        "source_office": ";".join(offices),
        "source_date": claim.reported_at.date().isoformat(),
        "source_original": ";".join(originals),
        "where_prec": None if precision is None else precision.ucdp_where_prec,
        "where_coordinates": None if place is None else place.name,
        **{f"adm_{i}": name for i, name in enumerate(admins, start=1)},
        "latitude": None if point is None else point.lat,
        "longitude": None if point is None else point.lon,
        "geom_wkt": None if point is None else f"POINT ({point.lon} {point.lat})",
        "country": country,
        "event_clarity": None if event.clarity is None else event.clarity.ucdp_code,
        "date_prec": code,
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
        **_deaths(event),
    }


# ----------------------------------------------------------------------------- reading


def read_ucdp(source: CsvSource) -> Dossier:
    """Read a UCDP GED export into a dossier, all or nothing.

    ``source`` is a path, the file's bytes or an open file (text or binary); a UTF-8
    byte order mark is ignored. ``id``, ``date_start`` and ``date_end`` are required
    columns; the others may be absent. See the module's documentation for what each
    column becomes.

    Raises:
        ValidationError: Some rows are malformed: every problem, each naming its line
            (the header is line 1) and column; nothing is returned. To keep the good
            rows, use :func:`read_ucdp_partial`.

    Example:
        >>> import io
        >>> from conflictmodels.export import read_ucdp
        >>> read_ucdp(io.StringIO("id,where_coordinates,date_start,date_end,best,low,high\\n"
        ...                       "9,Sumy,2025-03-09,2025-03-09,3,4,5\\n"))
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: 1 problem on 1 row; nothing was read:
          line 2: low: must not be above best, got str '4'
    """
    result = read_ucdp_partial(source)
    if result.errors:
        raise ValidationError(result.errors, summary=summary(result.errors, "nothing was read"))
    return result.dossier


def read_ucdp_partial(source: CsvSource) -> ImportResult:
    """Read a UCDP GED export, keeping every good row and reporting every bad one.

    A header without a required column is still a
    :class:`~conflictmodels.ValidationError`: no row could be read.

    Example:
        >>> import io
        >>> from conflictmodels.export import read_ucdp_partial
        >>> result = read_ucdp_partial(io.StringIO(
        ...     "id,where_coordinates,date_start,date_end,date_prec\\n"
        ...     "1,Sumy,2025-03-09,2025-03-09,1\\n"
        ...     "2,Sumy,2025-03-09,2025-03-08,1\\n"))
        >>> [c.id for c in result.dossier.claims], result.bad_lines
        (['1'], (3,))
        >>> print(result.errors[0])
        line 3: date_end: must not be before date_start, got str '2025-03-08'
    """
    _, rows = read_rows(source, _OWNER, _REQUIRED, free_text=_FREE_TEXT.__contains__)
    return import_rows(rows, Builder(UCDP_SOURCE), _read_row)


_FREE_TEXT = ("source_article", "source_headline", "where_description")
"""The columns whose cells may hold line breaks (a line break elsewhere is a quote not closed)."""


def ucdp_span(first: date, last: date, code: int) -> TimeSpan:
    """The span of UCDP ``date_start``..``date_end`` (inclusive days, UTC) at ``date_prec`` ``code``.

    Example:
        >>> from datetime import date
        >>> from conflictmodels.export.ucdp import ucdp_span
        >>> span = ucdp_span(date(2025, 3, 1), date(2025, 3, 31), 4)
        >>> span.end.date().isoformat(), span.precision.value
        ('2025-04-01', 'month')
    """
    return TimeSpan(start=midnight(first), end=midnight(last + timedelta(days=1)), precision=_DATE_PREC[code])


_COLUMN_OF = {
    "id": "id",
    "sub_event_type": "type_of_violence",
    "event_type": "type_of_violence",
    "actors": "side_a",
    "fatalities": "best",
    "deaths_total": "best",
    "when": "date_start",
    "reported_at": "source_date",
    "location_ids": "where_coordinates",
}


def _deaths_read(row: Row) -> tuple[tuple[Fatalities, ...], Estimate | None] | None:
    """Each group's deaths (its best) and the deaths in all, or None when a cell is bad."""
    figures = {g: row.deaths(g.ucdp_column) or 0 for g in _GROUPS}
    best = row.deaths("best")
    low = row.deaths("low")
    high = row.deaths("high")
    if row.errors:
        return None
    added = sum(figures.values())
    if best is not None and added and best != added:
        row.fail("best", f"must be deaths_a + deaths_b + deaths_civilians + deaths_unknown ({added})", str(best))
    best = added if best is None or added else best
    if low is not None and low > best:
        row.fail("low", "must not be above best", str(low))
    if high is not None and high < best:
        row.fail("high", "must not be below best", str(high))
    if row.errors:
        return None
    groups = tuple(Fatalities(group=g, count=Estimate(best=figures[g])) for g in _GROUPS if figures[g])
    if not best and not high:  # no deaths coded: zeros are no figure
        return groups, None
    lo = None if low is None or low == best else low
    hi = None if high is None or high == best else high
    return groups, Estimate(low=lo, best=best, high=hi)


def _read_row(row: Row, builder: Builder) -> list[Claim]:
    row_id = cell_text(row, "id", required=True)
    first = row.day("date_start", required=True)
    last = row.day("date_end", required=True)
    if first is not None and last is not None and last < first:
        row.fail("date_end", "must not be before date_start", row.cells["date_end"].strip())
    if last is not None and last >= date.max:
        row.fail("date_end", "must be before the last day of the calendar (9999-12-31)", row.cells["date_end"].strip())
    code = row.integer("date_prec", lo=1, hi=5) or 1
    violence = row.integer("type_of_violence", lo=1, hi=3)
    clarity = row.integer("event_clarity", lo=1, hi=2)
    geo = row.integer("where_prec", lo=1, hi=7)
    lat = row.number("latitude", lo=-90.0, hi=90.0)
    lon = row.number("longitude", lo=-180.0, hi=180.0)
    if (lat is None) != (lon is None) and not row.errors:
        row.fail("longitude" if lon is None else "latitude", "is required when the other coordinate is given")
    deaths = _deaths_read(row)
    reported_day = row.parse("source_date", _first_day, "must be dates such as 2025-03-09, separated by ';'")
    if reported_day is not None and first is not None and reported_day < first:
        row.fail("source_date", "must not be before date_start (a report does not precede its event)",
                 row.cells["source_date"].strip())  # fmt: skip
    if row_id is not None and row_id in builder.claim_lines:
        row.fail("id", f"repeats the id of the row on line {builder.claim_lines[row_id]}", row_id)
    admins = [a for a in (cell_text(row, "adm_1"), cell_text(row, "adm_2")) if a]
    country, where = cell_text(row, "country"), cell_text(row, "where_coordinates")
    sides = [(side, cell_text(row, column)) for side, column in ((EventSide.A, "side_a"), (EventSide.B, "side_b"))]
    offices, originals = split_names(cell_text(row, "source_office")), split_names(cell_text(row, "source_original"))
    if row.errors or row_id is None or first is None or last is None or deaths is None:
        return []
    point = None if lat is None or lon is None else Point(lat=lat, lon=lon)
    place = builder.place(country, admins, where, point)
    if place is None:
        row.fail("where_coordinates", "is required (or adm_1 or country)")
        return []
    when = ucdp_span(first, last, code)
    reported = when.end if reported_day is None else midnight(reported_day)
    assert reported is not None
    actors = [
        Actor(
            name=name, side=side, actor_type=ActorType.STATE_FORCES if violence == 1 and side is EventSide.A else None
        )
        for side, name in sides
        if name is not None
    ]
    outlets: list[str | None] = [*offices] or [None]
    cited = [(o, name) for name in originals for o in outlets] if originals else [(None, o) for o in offices]
    try:
        event = Event(
            event_type=EventType.VIOLENCE_AGAINST_CIVILIANS if violence == 3 else EventType.BATTLES,
            actors=tuple(actors),
            civilian_targeting=violence == 3,
            fatalities=deaths[0],
            clarity=None if clarity is None else EventClarity.from_ucdp(clarity),
            deaths_total=deaths[1],
        )
        statement = Statement(predicate=Predicate.EVENT, location_ids=(place,), event=event)
        precision: GeoPrecision | None = None if geo is None else precision_from(geo, "ucdp_where_prec")

        def make(cid: str, sid: str, chain: tuple[Any, ...]) -> Claim:
            return Claim(id=cid, source_id=sid, attribution=chain, reported_at=reported, when=when,
                         statement=statement, geo_precision=precision)  # fmt: skip

        return builder.claims_of(row_id, cited, make)
    except ConflictModelsError as err:
        model_errors(row, err, _COLUMN_OF)
        return []


def _first_day(text: str) -> date:
    """The earliest of the days in ``source_date`` (one per source, separated by ``;``)."""
    return min(parse_day(part.strip()) for part in text.split(";") if part.strip())
