"""ACLED CSV, both ways: event claims to ACLED's columns, and an ACLED export into a dossier.

The columns are those of ACLED's data exports since the column changes of 20 March 2023
(ACLED, "Guide to 2023 ACLED Column Changes": ``disorder_type``, ``civilian_targeting``
and ``tags`` added; ``event_id_no_cnty``, ``data_id`` and ``iso3`` removed), in their
order. Codes and labels follow the ACLED Codebook (2024 edition, 7 October 2024), whose
sections are named in the middle column:

====================  ====================  ==============================================
column                ACLED Codebook 2024   written from / read into
====================  ====================  ==============================================
event_id_cnty                               the row's claim id (the first claim of the row)
event_date            Event time            the day ACLED codes (``yyyy-mm-dd``; always filled, see *Dates*)
year                                        the year of ``event_date`` (written; not read)
time_precision        Time precision codes  1 the day, 2 a week (or a similar few days), 3 a month: the claim's ``when``
disorder_type         Event Types and       ``Political violence``, ``Demonstrations``, ``Strategic developments``, or
                      Sub-Event Types       ``Political violence; Demonstrations``: from the sub-event type (written; not read)
event_type            Event Types and       :class:`~conflictmodels.EventType`, ACLED's wording
                      Sub-Event Types
sub_event_type        (same)                :class:`~conflictmodels.SubEventType`, ACLED's wording
actor1                Actors                the first actor of side A (or the first actor)
assoc_actor_1         Actors                its associated actors, separated by ``;``
inter1                'Inter' codes         its :class:`~conflictmodels.ActorType` code, 1-8 (read: code or words)
actor2                Actors                the first actor of side B (or the second actor)
assoc_actor_2         Actors                its associated actors
inter2                'Inter' codes         its actor type code
interaction           Interaction Codes     the two inter codes, lowest first (``13``; ``10`` for one actor; not read)
civilian_targeting    Civilian targeting    ``Civilian targeting`` when ``Event.civilian_targeting``, else empty
iso                                         not carried (ISO 3166 numeric: written empty, not read)
region                                      not carried (ACLED's world region)
country               Event Geography       the name of the country in the place's parent chain
admin1                Event Geography       the name of the first admin level in the chain (kind region)
admin2                Event Geography       the second (kind district)
admin3                Event Geography       the third (kind district)
location              Event Geography       the place's name
latitude              Event Geography       the place's point (WGS84)
longitude             Event Geography
geo_precision         Spatial precision     1 a particular town, 2 near a town or a small part of a region, 3 a larger
                      codes                 region: ``Claim.geo_precision``, else the point's (:class:`~conflictmodels.GeoPrecision`)
source                                      the names of the sources the row cites, separated by ``;``
source_scale                                not carried (written empty, not read)
notes                 Notes                 ``Statement.description``
fatalities            Reported Fatalities   ``Event.deaths_total`` (its best, else its low), at least the groups' figures added up
tags                  Tags                  not carried
timestamp                                   ``Claim.reported_at`` in Unix seconds (when ACLED published the row)
====================  ====================  ==============================================

``disorder_type`` follows ACLED's own grouping of sub-event types (as ACLED's acledR
package lists it, ``acled_event_categories``): battles, explosions/remote violence and
violence against civilians are political violence, as is mob violence (a riot); peaceful
protests, protests with intervention and violent demonstrations are demonstrations;
excessive force against protesters is both; strategic developments are neither.

**Dates.** ACLED codes one date per event and says how sure it is: 1 the source gives
the date; 2 the source says "sometime during the week" or a similar few days; 3 it says
only the month (or "the past two or three weeks"), and ACLED chooses the month's
mid-point. The spans are the library's reading, not ACLED's: 2 is read as the seven days
centred on the date, 3 as the calendar month of the date. Written: the day itself (the
first day of a longer span known to the day: ACLED codes one event per day), the middle
day of a week's span, the 15th of a month, and the middle day of a span coarser than a
month at 3 (ACLED has nothing coarser). A claim with no ``when`` is written with its
report day and precision 3. These conventions are the library's own.

**Places.** ``geo_precision`` 3 reads as first-level admin precision; ACLED also uses
it for a natural feature ("border area", "forest") or a provincial capital standing in
for a region (the library's choice). ``country`` and ``admin1``-``admin3`` become a chain
of locations (kinds country, region, district), each the parent of the next,
deduplicated by name within its parent; ids are made of the names
(``ukraine/sumy/sumskyi``). The named place is the deepest of the chain when it has the
same name (an event coded at admin1 level).

**Who says it.** ACLED codes what the sources it cites reported. A row is read as one
claim per cited source (the originator), relayed by ACLED (the hop "coded"), so that
ACLED's row and the cited report itself are one origin when both are in a dossier, not
two that corroborate each other. A row citing nobody is ACLED's own claim. The file gives
the cited sources no party, kind or reliability, and the import does not guess them: when
rows cite several sources each, ``ImportResult.warnings`` says
to rate them (or merge with rated sources) before reconciling. The first
claim has the row's id, the others ``<id>#2``...; writing groups claims back into one row
when they say the same thing about the same event at the same time (ACLED's own rule:
the same actors, day and place are one event).

**Fatalities.** ACLED's one conservative figure is the deaths of the event in all: it
reads as ``Event.deaths_total`` (``best``); ``0`` reads as no figure, and no figure
writes as ``0``. ACLED carries no per-side split, no bounds and no parties of actors.

**Spreadsheets.** With ``spreadsheet_safe`` (the default, as for
:func:`~conflictmodels.export.claims_csv`), a text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading ``'`` (and a leading
``'`` is doubled), so that a spreadsheet shows it instead of running it as a formula;
numbers (a negative latitude) are never escaped. The readers undo the escape in text
columns only, so the round trip is exact.

Example:
    >>> import io
    >>> from conflictmodels.export import read_acled, to_acled
    >>> text = (
    ...     "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,"
    ...     "country,admin1,location,latitude,longitude,geo_precision,source,fatalities\\n"
    ...     "RUS1,2025-03-09,1,Battles,Armed clash,Military Forces of Russia (2000-),1,"
    ...     "Russia,Kursk,Суджа,51.19,35.27,1,Ministry of Defence of Russia,4\\n")
    >>> d = read_acled(io.StringIO(text))
    >>> claim = d.claims[0]
    >>> claim.source_id, claim.relayed_by, claim.statement.event.deaths_total.best
    ('ministry-of-defence-of-russia', ('acled',), 4)
    >>> [loc.name for loc in d.locations]
    ['Russia', 'Kursk', 'Суджа']
    >>> to_acled(d).splitlines()[1][:61]
    'RUS1,2025-03-09,2025,1,Political violence,Battles,Armed clash'
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..claim import Claim
from ..dossier import Dossier
from ..errors import ConflictModelsError, FieldError, ValidationError
from ..estimates import Estimate
from ..events import Actor, Event
from ..geo import Point
from ..source import Source
from ..statement import Statement
from ..timespans import TimeSpan
from ..vocabularies import (
    ActorType,
    EventSide,
    EventType,
    GeoPrecision,
    Predicate,
    SourceKind,
    SubEventType,
    TimePrecision,
)
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
    precision_from,
    read_rows,
    source_names,
    split_names,
    summary,
    write_text,
)
from .csv import _unescaped, _write

__all__ = ["ACLED_COLUMNS", "ACLED_SOURCE", "read_acled", "read_acled_partial", "to_acled", "write_acled"]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's columns in the order of its exports (ACLED codebook 2023; 31 columns)."""

ACLED_SOURCE = Source(
    id="acled",
    name="ACLED",
    aliases=("Armed Conflict Location & Event Data",),
    kind=SourceKind.NGO,
    url="https://acleddata.com",
)
"""The source an import names as the coder of every row (the hop "coded")."""

_OWNER = "acled"
_REQUIRED = ("event_id_cnty", "event_date", "event_type")
_CIVILIAN_TARGETING = "Civilian targeting"

_POLITICAL, _DEMONSTRATIONS, _STRATEGIC = "Political violence", "Demonstrations", "Strategic developments"
_DISORDER = {
    EventType.BATTLES: _POLITICAL,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: _POLITICAL,
    EventType.VIOLENCE_AGAINST_CIVILIANS: _POLITICAL,
    EventType.PROTESTS: _DEMONSTRATIONS,
    EventType.RIOTS: _DEMONSTRATIONS,
    EventType.STRATEGIC_DEVELOPMENTS: _STRATEGIC,
}
_DISORDER_OF_SUB = {
    SubEventType.MOB_VIOLENCE: _POLITICAL,
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS: f"{_POLITICAL}; {_DEMONSTRATIONS}",
}


def disorder_type(event: Event) -> str:
    """ACLED's ``disorder_type`` of an event, from its sub-event type (ACLED Codebook 2024,
    "Event Types and Sub-Event Types"). Without a sub-event type, the type's group: riots
    and protests are demonstrations (the library's choice: ACLED always codes one).

    Example:
        >>> from conflictmodels import Event, EventType, SubEventType
        >>> from conflictmodels.export.acled import disorder_type
        >>> disorder_type(Event(event_type=EventType.RIOTS, sub_event_type=SubEventType.MOB_VIOLENCE))
        'Political violence'
    """
    if event.sub_event_type is not None and event.sub_event_type in _DISORDER_OF_SUB:
        return _DISORDER_OF_SUB[event.sub_event_type]
    return _DISORDER[event.event_type]


# ----------------------------------------------------------------------------- writing


def to_acled(dossier: Dossier, *, bom: bool = False, spreadsheet_safe: bool = True, assessments: bool = False) -> str:
    """ACLED CSV text (columns :data:`ACLED_COLUMNS`): one row per event.

    The rows are the event claims (``Predicate.EVENT``) that assert an event: denials,
    opinions and withdrawn claims are left out. Claims saying the same thing about the
    same event at the same time are one row citing all their sources. With ``bom`` the
    text starts with a UTF-8 byte order mark, so that spreadsheets read Cyrillic names.

    With ``spreadsheet_safe`` (the default) a text cell that a spreadsheet would run as a
    formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
    written with a leading ``'``, as :func:`~conflictmodels.export.claims_csv` does: names
    and notes come from untrusted sources. :func:`read_acled` undoes it. Pass ``False``
    for the exact text.

    With ``assessments``, the rows are those of a reconciled dossier instead: one per event
    assessment (not refuted or superseded) that a claim supports, with the assessment's id,
    its reconciled event and deaths, and the names of the sources of its supporting claims.
    This is the dataset row a user of ACLED data wants: one event, however many reports of
    it; the claims' rows (the default) exchange the evidence, one row per report, and read
    back into the same claims.

    Example:
        >>> from datetime import date, datetime, timezone
        >>> from conflictmodels import (Claim, Dossier, Event, EventType, Location, Predicate,
        ...                             Source, Statement, TimeSpan)
        >>> from conflictmodels.export import to_acled
        >>> d = Dossier(sources=(Source(id="isw", name="ISW"),), locations=(Location(id="s", name="Суджа"),),
        ...     claims=(Claim(id="c1", source_id="isw", reported_at=datetime(2025, 3, 10, tzinfo=timezone.utc),
        ...                   when=TimeSpan.on_day(date(2025, 3, 9), timezone.utc),
        ...                   statement=Statement(predicate=Predicate.EVENT, location_ids=("s",),
        ...                                       event=Event(event_type=EventType.BATTLES))),))
        >>> row = to_acled(d).splitlines()[1].split(",")
        >>> row[0], row[1], row[5], row[21], row[25], row[30]
        ('c1', '2025-03-09', 'Battles', 'Суджа', 'ISW', '1741564800')
        >>> to_acled(d, bom=True)[:14]
        '\\ufeffevent_id_cnty'
        >>> from attrs import evolve
        >>> rigged = evolve(d, sources=(Source(id="isw", name="=HYPERLINK(0)"),))
        >>> to_acled(rigged).splitlines()[1].split(",")[25]
        "'=HYPERLINK(0)"
        >>> from conflictmodels import reconcile
        >>> later = evolve(d.claims[0], id="c2", source_id="afp", reported_at=datetime(2025, 3, 11, tzinfo=timezone.utc))
        >>> both = evolve(d, sources=(*d.sources, Source(id="afp", name="AFP")), claims=(*d.claims, later))
        >>> len(to_acled(reconcile(both)).splitlines()), len(to_acled(reconcile(both), assessments=True).splitlines())
        (3, 2)
        >>> to_acled(reconcile(both), assessments=True).splitlines()[1].split(",")[25]
        'ISW; AFP'
    """
    groups = (assessment_groups if assessments else event_groups)(dossier, ACLED_SOURCE.names)
    rows = (_row(dossier, group) for group in groups)
    return (BOM if bom else "") + _write(ACLED_COLUMNS, rows, spreadsheet_safe)


def write_acled(
    dossier: Dossier,
    target: CsvTarget,
    *,
    bom: bool = False,
    spreadsheet_safe: bool = True,
    assessments: bool = False,
) -> None:
    """Write :func:`to_acled`'s CSV to a path (atomically: all of it or nothing) or an open file.

    Example:
        >>> import pathlib, tempfile
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import write_acled
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "events.csv"
        >>> write_acled(kursk_dossier(), path, bom=True)
        >>> path.read_bytes()[:3]
        b'\\xef\\xbb\\xbf'
    """
    text = to_acled(dossier, bom=bom, spreadsheet_safe=spreadsheet_safe, assessments=assessments)
    write_text(text, target, "write_acled")


def _event_day(claim: Claim) -> tuple[date, int]:
    """ACLED's ``event_date`` and ``time_precision`` of a claim: the day itself (1), the
    middle day of a week (2), the 15th of a month and the middle day of a coarser span (3)."""
    span = claim.when
    if span is None:
        return claim.reported_at.date(), 3
    code = span.precision.acled_time_precision
    if span.start is None or span.end is None:  # open on one side: the one day it names
        edge = span.start if span.end is None else span.end - timedelta(microseconds=1)
        assert edge is not None
        return edge.date(), code
    first = span.start.date()
    if code == 1:
        return first, 1
    if span.precision is TimePrecision.MONTH:
        return date(first.year, first.month, 15), 3
    last = (span.end - timedelta(microseconds=1)).date()
    return first + (last - first) // 2, code


def _actor_columns(actor: Actor | None, n: int) -> dict[str, Any]:
    if actor is None:
        return {}
    return {
        f"actor{n}": actor.name,
        f"assoc_actor_{n}": "; ".join(actor.associated),
        f"inter{n}": None if actor.actor_type is None else actor.actor_type.inter,
    }


def _two_actors(event: Event) -> tuple[Actor | None, Actor | None]:
    side_a, side_b = event.actors_on(EventSide.A), event.actors_on(EventSide.B)
    others = [a for a in event.actors if a.side is None]
    first = side_a[0] if side_a else (others.pop(0) if others else None)
    second = side_b[0] if side_b else (others.pop(0) if others else None)
    return first, second


def _interaction(a: Actor | None, b: Actor | None) -> str | None:
    codes = sorted(x.actor_type.inter for x in (a, b) if x is not None and x.actor_type is not None)
    if not codes:
        return None
    return f"{codes[0]}0" if len(codes) == 1 else f"{codes[0]}{codes[1]}"


def _row(dossier: Dossier, group: Group) -> dict[str, Any]:
    claim = group.first
    event = claim.statement.event
    assert event is not None
    day, code = _event_day(claim)
    first, second = _two_actors(event)
    place = first_place(dossier, claim.statement)
    country, admins = (None, []) if place is None else admin_names(dossier, place, 3)
    point = None if place is None else place.point
    precision = claim.geo_precision or (None if point is None else point.precision)  # the claim's, else the place's
    return {
        "event_id_cnty": claim.id,
        "event_date": day.isoformat(),
        "year": day.year,
        "time_precision": code,
        "disorder_type": disorder_type(event),
        "event_type": event.event_type.label,
        "sub_event_type": None if event.sub_event_type is None else event.sub_event_type.label,
        **_actor_columns(first, 1),
        **_actor_columns(second, 2),
        "interaction": _interaction(first, second),
        "civilian_targeting": _CIVILIAN_TARGETING if event.civilian_targeting else None,
        "country": country,
        **{f"admin{i}": name for i, name in enumerate(admins, start=1)},
        "location": None if place is None else place.name,
        "latitude": None if point is None else point.lat,
        "longitude": None if point is None else point.lon,
        "geo_precision": None if precision is None else precision.acled_geo_precision,
        "source": "; ".join(source_names(dossier, [*group.relays, *group.originators])),
        "notes": claim.statement.description,
        "fatalities": event.conservative_deaths(),
        "timestamp": int(claim.reported_at.timestamp()),
    }


# ----------------------------------------------------------------------------- reading


def read_acled(source: CsvSource) -> Dossier:
    """Read an ACLED export into a dossier, all or nothing.

    ``source`` is a path, the file's bytes or an open file (text or binary); a UTF-8
    byte order mark is ignored. Only ``event_id_cnty``, ``event_date`` and
    ``event_type`` are required columns; the others may be absent. See the module's
    documentation for what each column becomes.

    Raises:
        ValidationError: Some rows are malformed: every problem, each naming its line
            (the header is line 1) and column; nothing is returned. To keep the good
            rows, use :func:`read_acled_partial`.

    Example:
        >>> import io
        >>> from conflictmodels.export import read_acled
        >>> read_acled(io.StringIO("event_id_cnty,event_date,event_type,location,fatalities\\n"
        ...                        "UKR1,2025-03-09,Battles,Sumy,many\\n"))
        Traceback (most recent call last):
        ...
        conflictmodels.errors.ValidationError: 1 problem on 1 row; nothing was read:
          line 2: fatalities: must be a whole number written in digits, got str 'many'
    """
    result = read_acled_partial(source)
    if result.errors:
        raise ValidationError(result.errors, summary=summary(result.errors, "nothing was read"))
    return result.dossier


def read_acled_partial(source: CsvSource) -> ImportResult:
    """Read an ACLED export, keeping every good row and reporting every bad one.

    A header without a required column is still a
    :class:`~conflictmodels.ValidationError`: no row could be read.

    Example:
        >>> import io
        >>> from conflictmodels.export import read_acled_partial
        >>> result = read_acled_partial(io.StringIO(
        ...     "event_id_cnty,event_date,event_type,location\\n"
        ...     "UKR1,2025-03-09,Battles,Sumy\\n"
        ...     "UKR2,2025-03-09,Battle,Sumy\\n"))
        >>> [c.id for c in result.dossier.claims], result.bad_lines
        (['UKR1'], (3,))
        >>> print(result.errors[0])
        line 3: event_type: is not an ACLED event type, got str 'Battle'
    """
    _, rows = read_rows(source, _OWNER, _REQUIRED, free_text=_FREE_TEXT.__contains__)
    return import_rows(rows, Builder(ACLED_SOURCE), _read_row)


_FREE_TEXT = ("notes",)
"""The columns whose cells may hold line breaks (a line break elsewhere is a quote not closed)."""


def cell_text(row: Row, column: str, *, required: bool = False) -> str | None:
    """A text cell as :meth:`Row.text` reads it, its spreadsheet escape (a leading ``'``
    before a formula character or a ``'``) undone: for text columns only."""
    value = row.text(column, required=required)
    return None if value is None else _unescaped(value)


_INTER_WORDS = {t.label.casefold().rstrip("s"): t for t in ActorType}


def _actor_type(text: str) -> ActorType:
    try:
        return ActorType.from_inter(int(text))
    except ValueError:
        pass
    except FieldError:
        raise ValueError(text) from None
    found = _INTER_WORDS.get(text.casefold().rstrip("s"))
    if found is None:
        raise ValueError(text)
    return found


def _actor(row: Row, n: int, side: EventSide) -> Actor | None:
    name = cell_text(row, f"actor{n}")
    associated = tuple(split_names(cell_text(row, f"assoc_actor_{n}")))
    kind = row.parse(f"inter{n}", _actor_type, "must be an ACLED inter code from 1 to 8 or its words")
    if name is None:
        if associated:
            row.fail(f"actor{n}", f"is required when assoc_actor_{n} names associated actors")
        return None
    return Actor(name=name, actor_type=kind, associated=associated, side=side)


def _flag(text: str) -> bool:
    folded = text.casefold()
    if folded in ("civilian targeting", "true", "yes", "1"):
        return True
    if folded in ("false", "no", "0"):
        return False
    raise ValueError(text)


def acled_span(day: date, code: int) -> TimeSpan:
    """The span an ACLED date covers at ``time_precision`` ``code`` (1 day, 2 the week
    around it, 3 its month), in UTC.

    Example:
        >>> from datetime import date
        >>> from conflictmodels.export.acled import acled_span
        >>> span = acled_span(date(2025, 3, 12), 2)
        >>> span.start.date().isoformat(), span.end.date().isoformat(), span.precision.value
        ('2025-03-09', '2025-03-16', 'week')
    """
    if code == 2:
        start = midnight(day - timedelta(days=3))
        return TimeSpan(start=start, end=start + timedelta(days=7), precision=TimePrecision.WEEK)
    if code == 3:
        return TimeSpan.in_month(day.year, day.month, UTC)
    return TimeSpan.on_day(day, UTC)


_LAST_TIMESTAMP = 253402300799
"""9999-12-31 23:59:59 UTC in Unix seconds: the last time a ``datetime`` holds."""

_COLUMN_OF = {
    "id": "event_id_cnty",
    "description": "notes",
    "sub_event_type": "sub_event_type",
    "event_type": "event_type",
    "actors": "actor1",
    "fatalities": "fatalities",
    "deaths_total": "fatalities",
    "when": "event_date",
    "reported_at": "timestamp",
    "location_ids": "location",
}


def _read_row(row: Row, builder: Builder) -> list[Claim]:
    row_id = cell_text(row, "event_id_cnty", required=True)
    day = row.day("event_date", required=True)
    code = row.integer("time_precision", lo=1, hi=3) or 1
    kind = row.parse("event_type", EventType.from_label, "is not an ACLED event type", required=True)
    sub = row.parse("sub_event_type", SubEventType.from_label, "is not an ACLED sub-event type")
    actors = tuple(a for a in (_actor(row, 1, EventSide.A), _actor(row, 2, EventSide.B)) if a is not None)
    targeting = row.parse("civilian_targeting", _flag, f"must be empty or '{_CIVILIAN_TARGETING}'") or False
    lat = row.number("latitude", lo=-90.0, hi=90.0)
    lon = row.number("longitude", lo=-180.0, hi=180.0)
    if (lat is None) != (lon is None) and not row.errors:
        row.fail("longitude" if lon is None else "latitude", "is required when the other coordinate is given")
    geo = row.integer("geo_precision", lo=1, hi=3)
    deaths = row.deaths("fatalities")
    stamp = row.integer("timestamp", lo=0)
    if stamp is not None and stamp > _LAST_TIMESTAMP:
        row.fail("timestamp", f"must be Unix seconds up to {_LAST_TIMESTAMP} (the end of the year 9999)", str(stamp))
    if row_id is not None and row_id in builder.claim_lines:
        row.fail("event_id_cnty", f"repeats the id of the row on line {builder.claim_lines[row_id]}", row_id)
    admins = [a for a in (cell_text(row, "admin1"), cell_text(row, "admin2"), cell_text(row, "admin3")) if a]
    country, location, notes = cell_text(row, "country"), cell_text(row, "location"), cell_text(row, "notes")
    cited = split_names(cell_text(row, "source"))
    if row.errors or row_id is None or day is None or kind is None:
        return []
    point = None if lat is None or lon is None else Point(lat=lat, lon=lon)
    place = builder.place(country, admins, location, point)
    if place is None:
        row.fail("location", "is required (or admin1 or country)")
        return []
    try:
        when = acled_span(day, code)
    except (OverflowError, ValueError):  # past 9999-12-31
        row.fail("event_date", "is too near the end of the calendar for its time_precision", row.cells["event_date"])
        return []
    reported = when.end if stamp is None else datetime.fromtimestamp(stamp, UTC)
    assert reported is not None
    if when.start is not None and reported < when.start:
        row.fail("timestamp", "must not be before the event date", row.cells.get("timestamp"))
        return []
    try:
        event = Event(event_type=kind, sub_event_type=sub, actors=actors, civilian_targeting=targeting,
                      deaths_total=Estimate(best=deaths) if deaths else None)  # fmt: skip
        statement = Statement(predicate=Predicate.EVENT, location_ids=(place,), event=event, description=notes)
        precision: GeoPrecision | None = None if geo is None else precision_from(geo, "acled_geo_precision")

        def make(cid: str, sid: str, chain: tuple[Any, ...]) -> Claim:
            return Claim(id=cid, source_id=sid, attribution=chain, reported_at=reported, when=when,
                         statement=statement, geo_precision=precision)  # fmt: skip

        return builder.claims_of(row_id, [(None, name) for name in cited], make)
    except ConflictModelsError as err:
        model_errors(row, err, _COLUMN_OF)
        return []
