"""What the CSV formats share (private): reading a CSV source row by row with line
numbers, cell parsers whose errors name the line and the column, the result of a
partial import, writing text with an optional byte order mark, and the place chain
(country, admin1-admin3) of a location."""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import IO, Any, TypeVar

import attrs

from .._checks import BIDI_CHARS, CONTROL_CHARS
from ..attribution import Hop
from ..claim import Claim
from ..dossier import Dossier
from ..errors import ConflictModelsError, FieldError, MissingFieldError, ValidationError
from ..files import write_text_atomic
from ..geo import Point
from ..location import Location
from ..source import Source
from ..statement import Statement
from ..vocabularies import AssessmentStatus, GeoPrecision, Hedge, LocationKind, Predicate

__all__ = [
    "BOM",
    "MAX_DEATHS",
    "CsvSource",
    "CsvTarget",
    "ImportResult",
    "Row",
    "admin_names",
    "cell_error",
    "read_rows",
    "write_text",
]

BOM = "\ufeff"
"""The UTF-8 byte order mark: spreadsheets (Excel) read the file as UTF-8 when it starts with one."""

CsvSource = str | os.PathLike[str] | bytes | IO[str] | IO[bytes]
"""Where a CSV is read from: a path (``str`` or ``os.PathLike``), its bytes, or an open file (text or binary)."""

CsvTarget = str | os.PathLike[str] | IO[str] | IO[bytes]
"""Where a CSV is written: a path (written atomically) or an open file (text or binary)."""

MAX_DEATHS = 10_000_000
"""The most deaths a row of ACLED or UCDP data may give for one event or one group of it.

No event in either dataset comes near it (the deadliest single events are coded in the
thousands); a larger figure is a typo or a number in another unit, refused at its cell.
It is the importers' plausibility limit, not a model rule: an :class:`~conflictmodels.Estimate`
holds any figure."""

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class ImportResult:
    """What a partial CSV import read: a dossier of the good rows, and every problem of the bad ones.

    Nothing is dropped silently: each data row is either in the dossier (its line in
    ``lines``) or has its problems in ``errors``, each naming the row's line (from 1, the
    header is line 1) and the column. A bad row adds nothing to the dossier (no source,
    place or claim).

    Attributes:
        dossier: The sources, places and claims of every good row.
        lines: The line number of each row read, in file order.
        errors: Every problem of every bad row (``line`` and ``path``, the column, set).
        warnings: What to do before reconciling the dossier, in words: the sources the
            rows cite carry no party, kind or reliability (the formats have none), so a
            row citing several of them reads as several independent sources.

    Example:
        >>> import io
        >>> from conflictmodels.export import read_ucdp_partial
        >>> head = "id,where_coordinates,date_start,date_end,best\\n"
        >>> result = read_ucdp_partial(io.StringIO(head + "1,Sumy,2025-03-09,2025-03-09,2\\n2,Sumy,2025-03-09,,2\\n"))
        >>> result.lines, result.bad_lines, result.ok
        ((2,), (3,), False)
        >>> print(result.errors[0])
        line 3: date_end: is required
    """

    dossier: Dossier
    lines: tuple[int, ...] = ()
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every row was read."""
        return not self.errors

    @property
    def bad_lines(self) -> tuple[int, ...]:
        """The line numbers of the rows that could not be read, in order."""
        return tuple(sorted({e.line for e in self.errors if e.line is not None}))

    def raise_errors(self) -> None:
        """Raise a :class:`~conflictmodels.ValidationError` listing every problem, if any."""
        if self.errors:
            raise ValidationError(self.errors, summary=summary(self.errors, "the other rows were read"))


def summary(errors: Sequence[FieldError], outcome: str) -> str:
    """``2 problems on 1 row; nothing was read``."""
    n, rows = len(errors), len({e.line for e in errors})
    return f"{n} problem{'s' if n != 1 else ''} on {rows} row{'s' if rows != 1 else ''}; {outcome}"


def cell_error(owner: str, column: str, reason: str, value: Any = None, *, line: int | None) -> FieldError:
    """A problem with one cell: the error names the column (as its ``path``) and the line;
    a problem of no one column names ``(row)``."""
    err = FieldError(owner, column, reason) if value is None else FieldError(owner, column, reason, value)
    err.at(column or "(row)")
    err.line = line
    return err


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UNDECODED = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_BIDI = re.compile(f"[{BIDI_CHARS}]")
_SAVE_AS_UTF8 = "save it as UTF-8 ('CSV UTF-8' in Excel) and read it again"


def _decode(data: bytes, owner: str) -> str:
    """The text of UTF-8 ``data``. A file in another encoding is refused as a whole, naming
    the line and column of its first bad byte and guessing the encoding; in a UTF-8 file
    with a few bad bytes, the undecodable bytes are kept as surrogate escapes, so that only
    the rows that read them are refused (:meth:`Row.text`)."""
    head = data[:4096]
    if data.startswith(_UTF16_BOMS) or head.count(0) * 4 > len(head):
        raise _not_utf8(
            data, 0, owner, "it looks like UTF-16 (Excel's 'Unicode Text', which also puts tabs between cells)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first = err.start
    text = data.decode("utf-8", "surrogateescape")
    if any(not line.isascii() and not _UNDECODED.search(line) for line in text.splitlines()):
        return text  # UTF-8 with a few bad rows: each is refused on its own
    raise _not_utf8(data, first, owner, _guess_encoding(data))


def _guess_encoding(data: bytes) -> str:
    """A hint of the encoding of bytes that are not UTF-8: Windows-1251 when they read as Cyrillic."""
    try:
        letters = [c for c in data[:65536].decode("cp1251") if not c.isascii()]
    except UnicodeDecodeError:
        letters = []
    if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) >= 0.8 * len(letters):
        return "it looks like Windows-1251 (Cyrillic)"
    return "it is in another encoding (Windows-1252, Latin-1...)"


def _not_utf8(data: bytes, pos: int, owner: str, hint: str) -> ValidationError:
    """The file is not UTF-8: an error naming the line and column of the byte at ``pos``."""
    before = data[:pos].decode("utf-8", "replace")
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    column = "(file)"
    if line > 1:
        header = next(csv.reader([data.decode("utf-8", "replace").splitlines()[0]]), [])
        start = max(before.rfind("\n"), before.rfind("\r")) + 1
        cell = len(next(csv.reader([before[start:]]), [""])) - 1
        column = header[cell].strip() if 0 <= cell < len(header) else column
    reason = (
        f"is not UTF-8 text (byte 0x{data[pos]:02x}); {hint}"
        if column == "(file)"
        else f"the file is not UTF-8 text (byte 0x{data[pos]:02x} in this cell); {hint}"
    )
    reason = f"{reason}: {_SAVE_AS_UTF8}"
    return ValidationError(
        [cell_error(owner, column, reason, line=line)], summary="the file is not UTF-8; nothing was read"
    )


def _text(source: CsvSource, owner: str) -> str:
    data: Any
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            data = f.read()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif hasattr(source, "read"):
        data = source.read()
    else:
        raise FieldError(owner, "source", "must be a path, bytes or an open file", source)
    if isinstance(data, (bytes, bytearray)):
        data = _decode(bytes(data), owner)
    if not isinstance(data, str):
        raise FieldError(owner, "source", "must give text or bytes when read", data)
    return data.lstrip(BOM)  # some tools write the mark twice


def cell_problem(value: str) -> str | None:
    """What the model would refuse in a text cell (said of the cell), or ``None``: bytes
    that were not UTF-8, control characters (but tab and line breaks), bidirectional controls."""
    if value.isprintable():
        return None
    undecoded = _UNDECODED.findall(value)
    if undecoded:
        shown = " ".join(f"0x{ord(c) - 0xDC00:02x}" for c in undecoded[:4])
        return (
            f"holds bytes that are not UTF-8 ({shown}): this row is in another encoding than the file; {_SAVE_AS_UTF8}"
        )
    for pattern, what in ((_CONTROL, "a control character"), (_BIDI, "a bidirectional control character")):
        found = pattern.search(value)
        if found:
            return f"must not hold {what} (U+{ord(found[0]):04X} at character {found.start() + 1})"
    return None


class Row:
    """One data row: its line, and cells read by column name with errors that name both."""

    __slots__ = ("cells", "errors", "line", "owner")

    def __init__(self, owner: str, line: int, cells: dict[str, str]) -> None:
        self.owner = owner
        self.line = line
        self.cells = cells
        self.errors: list[FieldError] = []

    def fail(self, column: str, reason: str, value: Any = None) -> None:
        """Record a problem with ``column``."""
        self.errors.append(cell_error(self.owner, column, reason, value, line=self.line))

    def text(self, column: str, *, required: bool = False) -> str | None:
        """The cell's text without outer spaces, ``None`` when empty (a problem if
        ``required``) or when it holds what no text may (:func:`cell_problem`, a problem)."""
        value = self.cells.get(column, "").strip()
        if not value:
            if required:
                self.errors.append(_missing(self.owner, column, self.line))
            return None
        problem = cell_problem(value)
        if problem is not None:
            self.fail(column, problem, value)
            return None
        return value

    def parse(self, column: str, read: Callable[[str], T], reason: str, *, required: bool = False) -> T | None:
        """The cell read by ``read``; ``reason`` is the problem when ``read`` refuses it."""
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return read(value)
        except (ValueError, TypeError, OverflowError):
            self.fail(column, reason, value)
            return None

    def integer(
        self, column: str, *, required: bool = False, lo: int | None = None, hi: int | None = None
    ) -> int | None:
        """A whole number (``12``, ``12.0``), within ``lo``-``hi`` when given."""
        value = self.parse(column, _integer, "must be a whole number written in digits", required=required)
        if value is not None and ((lo is not None and value < lo) or (hi is not None and value > hi)):
            bounds = f"from {lo} to {hi}" if lo is not None and hi is not None else (
                f"at least {lo}" if lo is not None else f"at most {hi}")  # fmt: skip
            self.fail(column, f"must be {bounds}", self.cells[column].strip())
            return None
        return value

    def deaths(self, column: str) -> int | None:
        """A count of deaths: a whole number from 0 to :data:`MAX_DEATHS`."""
        value = self.integer(column, lo=0)
        if value is not None and value > MAX_DEATHS:
            reason = f"must be at most {MAX_DEATHS:,} (more deaths than any one event: a typo, or another unit?)"
            self.fail(column, reason, self.cells[column].strip())
            return None
        return value

    def number(self, column: str, *, lo: float, hi: float) -> float | None:
        """A finite decimal number between ``lo`` and ``hi``."""
        value = self.parse(column, _finite, "must be a number", required=False)
        if value is not None and not lo <= value <= hi:
            self.fail(column, f"must be between {lo:g} and {hi:g}", self.cells[column].strip())
            return None
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        """A calendar day: ``2025-03-09`` (a time after it, ``2025-03-09 00:00:00.000``, is
        ignored) or ``09 March 2025`` / ``9-March-2025`` as some exports write it."""
        return self.parse(column, parse_day, "must be a date such as 2025-03-09", required=required)


def _missing(owner: str, column: str, line: int) -> FieldError:
    err = MissingFieldError(owner, column, "is required").at(column)
    err.line = line
    return err


_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")
"""A whole number in digits; ``12.0`` too, as pandas writes a column of counts with gaps."""


def _integer(text: str) -> int:
    """The whole number ``text`` writes, exactly (never through a float: no exponent, no fraction)."""
    if not _WHOLE.fullmatch(text):
        raise ValueError(text)
    return int(text.partition(".")[0])


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_WORDS_DAY = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})")
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}  # fmt: skip


def parse_day(text: str) -> date:
    match = _ISO_DAY.fullmatch(text)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))
    match = _WORDS_DAY.fullmatch(text)
    if match:
        name = match[2].casefold()
        month = next((n for m, n in _MONTHS.items() if m == name or (len(name) == 3 and m.startswith(name))), None)
        if month is not None:
            return date(int(match[3]), month, int(match[1]))
    raise ValueError(text)


def midnight(day: date) -> datetime:
    """The first instant of ``day`` in UTC (the datasets' days carry no time zone)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def read_rows(
    source: CsvSource, owner: str, required: Sequence[str], *, free_text: Callable[[str], bool] = lambda column: False
) -> tuple[list[str], Iterator[Row]]:
    """The header of the CSV in ``source`` and its data rows (blank lines skipped).

    A header that lacks a ``required`` column is a :class:`~conflictmodels.ValidationError`
    naming line 1 and every missing column: no row could be read.

    A quote that is not closed where its cell ends swallows the lines after it into one
    cell. The rows tell it: a quote never closed (or text after a closing quote), a line
    break in a column that holds none (one for which ``free_text`` is false),
    or a row over several lines with more cells than columns. Such a row is refused, named
    by its first line and the column where its quote opened, and reading goes on from the
    line after it, so that the rows it swallowed are read on their own.
    """
    text = _text(source, owner)
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, strict=True)
    try:
        header = [h.strip().strip("\u200b\ufeff") for h in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as err:
        raise ValidationError([cell_error(owner, "", f"is not CSV ({err})", line=1)], summary="1 problem") from None
    missing = [c for c in required if c not in header]
    if missing:
        errors = [cell_error(owner, c, "the header lacks this column", line=1) for c in missing]
        raise ValidationError(errors, summary=summary(errors, "nothing was read"))

    def rows() -> Iterator[Row]:
        pos = reader.line_num  # the physical lines read so far
        while pos < len(lines):
            base, records = pos, csv.reader(itertools.islice(lines, pos, None), strict=True)
            while True:
                line = base + records.line_num + 1  # the record's first line
                try:
                    record = next(records)
                except StopIteration:
                    return
                except csv.Error:
                    cell, reason = _quote_fault("".join(lines[line - 1 : base + records.line_num]))
                    yield _broken(owner, line, header[cell] if cell < len(header) else "", reason)
                    pos = line
                    break
                end = base + records.line_num
                if not any(cell.strip() for cell in record):
                    continue
                swallowed = None if end == line else _swallowed(record, header, free_text, end)
                if swallowed is not None:
                    yield _broken(owner, line, *swallowed)
                    pos = line
                    break
                row = Row(owner, line, dict(zip(header, record, strict=False)))
                if len(record) > len(header):
                    row.fail(
                        f"column {len(header) + 1}",
                        f"has no header (the row has {len(record)} cells for {len(header)} columns)",
                    )
                yield row

    return header, rows()


_CELL_END = re.compile("[,\r\n]")
_READ_ON = "the lines after it were read as rows of their own"


def _quote_fault(record: str) -> tuple[int, str]:
    """The cell (its index) where the text of one CSV record breaks the quoting rules, and why."""
    cell, i, n = 0, 0, len(record)
    while i < n:
        if record[i] == '"':
            j = i + 1
            while True:
                k = record.find('"', j)
                if k < 0:
                    return cell, f"opens a quote that is never closed (it would run to the end of the file); {_READ_ON}"
                if not record.startswith('"', k + 1):
                    break
                j = k + 2
            i = k + 1
            if i < n and record[i] not in ",\r\n":
                return (
                    cell,
                    f"has text after its closing quote (a quote inside a quoted cell is written twice); {_READ_ON}",
                )
        else:
            found = _CELL_END.search(record, i)
            i = n if found is None else found.start()
        if i >= n or record[i] != ",":
            break
        cell, i = cell + 1, i + 1
    return cell, "is not CSV"  # pragma: no cover - the csv module refuses only what the loop finds


def _swallowed(
    record: list[str], header: list[str], free_text: Callable[[str], bool], end: int
) -> tuple[str, str] | None:
    """The column and the problem of a record over several lines that a quote not closed
    where its cell ends has made (a line break where the column holds none, or more cells
    than columns), or ``None``."""
    broken = [i for i, cell in enumerate(record) if "\n" in cell or "\r" in cell]
    names = [header[i] if i < len(header) else "" for i in broken]
    single = [name for name in names if not free_text(name)]
    if single:
        return single[0], f"holds a line break (its quote closes only on line {end}); {_READ_ON}"
    if len(record) > len(header):
        return names[0], (
            f"holds a line break and the row has {len(record)} cells for {len(header)} columns "
            f"(its quote closes only on line {end}); {_READ_ON}"
        )
    return None


def _broken(owner: str, line: int, column: str, reason: str) -> Row:
    row = Row(owner, line, {})
    row.fail(column, reason)
    return row


def write_text(text: str, target: CsvTarget, owner: str) -> None:
    """Write ``text`` to a path atomically, or to an open file (UTF-8 for a binary one)."""
    if isinstance(target, (str, os.PathLike)):
        write_text_atomic(target, text)
    elif hasattr(target, "write"):
        out: Any = target
        binary = isinstance(target, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(getattr(target, "mode", ""))
        out.write(text.encode("utf-8") if binary else text)
    else:
        raise FieldError(owner, "target", "must be a path or an open file", target)


def slug(name: str) -> str:
    """An id made of a name: case-folded, each run of spaces a ``-`` (Cyrillic stays)."""
    return "-".join(name.casefold().split()) or "-"


def ancestors(dossier: Dossier, place: Location) -> list[Location]:
    """The place's parent chain, nearest first (cycles and dangling parents end it)."""
    chain: list[Location] = []
    seen = {place.id}
    parent = place.parent_id
    while parent is not None and parent not in seen:
        seen.add(parent)
        try:
            loc = dossier.location(parent)
        except KeyError:
            break
        chain.append(loc)
        parent = loc.parent_id
    return chain


_ADMIN_KINDS = (LocationKind.REGION, LocationKind.DISTRICT)


def admin_names(dossier: Dossier, place: Location, levels: int) -> tuple[str | None, list[str]]:
    """The country name and the admin names (admin1 first, at most ``levels``) of ``place``.

    Names come from the parent chain (kinds country, region and district); the place
    itself counts when it is a region or district (an event coded at admin1 level names
    that region as admin1 and as its location). Without a chain, the dossier's country
    and region locations with the place's ISO codes give the names.
    """
    chain = [place, *ancestors(dossier, place)]
    country = next((loc.name for loc in chain if loc.kind is LocationKind.COUNTRY), None)
    admins = [loc.name for loc in reversed(chain) if loc.kind in _ADMIN_KINDS]
    if country is None and place.country is not None:
        country = next(
            (x.name for x in dossier.locations if x.kind is LocationKind.COUNTRY and x.country == place.country), None
        )
    if not admins and place.region is not None:
        admins = [x.name for x in dossier.locations if x.kind is LocationKind.REGION and x.region == place.region][:1]
    return country, admins[:levels]


class Builder:
    """The dossier an import builds: the coding dataset as a source, the cited sources,
    the place chains (deduplicated by name within their parent, with ids made of the
    names) and the claims, all in file order so that the same file gives the same dossier."""

    def __init__(self, coder: Source) -> None:
        self.coder = coder
        self.sources: dict[str, Source] = {coder.id: coder}
        self.locations: dict[str, Location] = {}
        self.claims: list[Claim] = []
        self.claim_lines: dict[str, int] = {}
        self.admins: dict[tuple[str | None, str, LocationKind], str] = {}
        self.places: dict[tuple[str | None, str, LocationKind, Point | None], str] = {}
        self.named: dict[tuple[str | None, str, LocationKind], str] = {}
        self.cited_together: dict[str, None] = {}  # the sources of rows citing several
        self._undo: list[tuple[dict[Any, Any], Any, Any]] = []

    def _put(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        self._undo.append((table, key, table.get(key, _NOTHING)))
        table[key] = value

    def begin(self) -> None:
        """Start a row: what it adds until :meth:`rollback` can be taken back."""
        self._undo.clear()

    def rollback(self) -> None:
        """Take back what the row begun last added (its sources, places and their points)."""
        for table, key, old in reversed(self._undo):
            if old is _NOTHING:
                del table[key]
            else:
                table[key] = old
        self._undo.clear()

    def source(self, name: str) -> str:
        """The id of the source called ``name`` (made on first use; the coder's own name is the coder)."""
        if name.casefold() in {n.casefold() for n in self.coder.names}:
            return self.coder.id
        sid = slug(name)
        if sid not in self.sources:
            self._put(self.sources, sid, Source(id=sid, name=name))
        return sid

    def _admin(self, parent: str | None, name: str, kind: LocationKind) -> str:
        key = (parent, name.casefold(), kind)
        lid = self.admins.get(key)
        if lid is None:
            base = slug(name) if parent is None else f"{parent}/{slug(name)}"
            lid = self._free(base)
            self._put(self.admins, key, lid)
            self._put(self.locations, lid, Location(id=lid, name=name, kind=kind, parent_id=parent))
        return lid

    def _free(self, base: str) -> str:
        """``base``, or ``base~2``, ``base~3``... : the first id no location has."""
        n = 1
        while (base if n == 1 else f"{base}~{n}") in self.locations:
            n += 1
        return base if n == 1 else f"{base}~{n}"

    def place(self, country: str | None, admins: Sequence[str], name: str | None, point: Point | None) -> str | None:
        """The id of the place of one row: its country, admin1... chain, then the named place
        (the deepest of the chain when it has that name, or no name). ``None`` when the row
        names no place at all."""
        parent: str | None = None
        if country:
            parent = self._admin(None, country, LocationKind.COUNTRY)
        for i, admin in enumerate(admins):
            parent = self._admin(parent, admin, LocationKind.REGION if i == 0 else LocationKind.DISTRICT)
        deepest = None if parent is None else self.locations[parent]
        if name is None or (deepest is not None and deepest.name.casefold() == name.casefold()):
            if deepest is None:
                return None
            if point is None or deepest.point == point:
                return deepest.id
            if deepest.point is None:
                self._put(self.locations, deepest.id, attrs.evolve(deepest, point=point))
                return deepest.id
            make = deepest
        else:
            make = Location(id="-", name=name, parent_id=parent)
        named = (make.parent_id, make.name.casefold(), make.kind)
        key = (*named, point)
        lid = self.places.get(key)
        if lid is None and point is None:  # a place named without coordinates: the first of that name
            lid = self.named.get(named)
        if lid is None:
            base = slug(make.name) if make.parent_id is None else f"{make.parent_id}/{slug(make.name)}"
            unplaced = (make.parent_id, make.name.casefold(), make.kind, None)
            if point is not None and self.places.get(unplaced) is not None:  # named before without coordinates
                lid = self.places[unplaced]
                self._put(self.places, unplaced, None)  # no longer a place without coordinates
                self._put(self.locations, lid, attrs.evolve(self.locations[lid], point=point))
            else:
                lid = self._free(base)
                self._put(self.locations, lid, attrs.evolve(make, id=lid, point=point))
            self._put(self.places, key, lid)
            if named not in self.named:
                self._put(self.named, named, lid)
        return lid

    def claims_of(
        self, row_id: str, cited: Sequence[tuple[str | None, str]], make: Callable[[str, str, tuple[Hop, ...]], Claim]
    ) -> list[Claim]:
        """The claims of one row: one per cited (outlet, original source) pair, the
        original source its originator, relayed by the coding dataset (the hop "coded")
        and by the outlet when there is one; the coder's own claim when the row cites
        nobody. The first has the row's id, the others ``<id>#2``, ``#3``..."""
        coded = Hop(source_id=self.coder.id, verb="coded", hedge=Hedge.ASSERTED)
        pairs: dict[tuple[str | None, str], None] = {}
        for relay, name in cited:
            sid = self.source(name)
            if sid != self.coder.id:
                via = None if relay is None else self.source(relay)
                pairs[(None if via == self.coder.id else via, sid)] = None
        if not pairs:
            return [make(row_id, self.coder.id, ())]
        if len({sid for _, sid in pairs}) > 1:
            for _, sid in pairs:
                if sid not in self.cited_together:
                    self._put(self.cited_together, sid, None)
        claims = []
        for k, (via, sid) in enumerate(pairs):
            chain = [coded]
            if via is not None and via != sid:
                chain.append(Hop(source_id=via, verb="reported", hedge=Hedge.ASSERTED))
            chain.append(Hop(source_id=sid, verb="reported", hedge=Hedge.ASSERTED))
            claims.append(make(row_id if k == 0 else f"{row_id}#{k + 1}", sid, tuple(chain)))
        return claims

    def dossier(self, title: str | None = None) -> Dossier:
        """The dossier of everything read so far."""
        return Dossier(
            title=title,
            sources=tuple(self.sources.values()),
            locations=tuple(self.locations.values()),
            claims=tuple(self.claims),
        )


_NOTHING = object()


@attrs.frozen
class Group:
    """The claims that make one dataset row: the same event, time and report, cited from
    several sources (ACLED's own rule: the same actors, day and place are one event)."""

    first: Claim
    originators: list[str] = attrs.field(factory=list)
    relays: list[str] = attrs.field(factory=list)


def is_coder(source: Source, names: Sequence[str]) -> bool:
    """Whether ``source`` is the coding dataset itself (by id or name)."""
    folded = {n.casefold() for n in names}
    return source.id.casefold() in folded or any(n.casefold() in folded for n in source.names)


def _asserts_an_event(statement: Statement) -> bool:
    return (
        statement.predicate is Predicate.EVENT
        and statement.event is not None
        and not statement.negated
        and statement.modality.is_fact
    )


def _cite(group: Group, claim: Claim, coders: set[str]) -> None:
    """Add the claim's relays and originator to the sources the row cites (not the coder's own)."""
    hops = claim.attribution
    if hops and hops[0].source_id in coders:
        hops = hops[1:]
    for relay in hops[:-1]:
        if relay.source_id not in group.relays:
            group.relays.append(relay.source_id)
    if claim.source_id not in coders and claim.source_id not in group.originators:
        group.originators.append(claim.source_id)


def event_groups(dossier: Dossier, coder_names: Sequence[str]) -> list[Group]:
    """The rows a dataset export writes: the event claims that assert an event (not a
    denial, not withdrawn, a fact), grouped into one row per event, in dossier order."""
    coders = {s.id for s in dossier.sources if is_coder(s, coder_names)}
    groups: dict[Any, Group] = {}
    for claim in dossier.claims:
        if claim.withdrawals or not _asserts_an_event(claim.statement):
            continue
        key = (claim.statement, claim.when, claim.reported_at, claim.geo_precision)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(claim)
        _cite(group, claim, coders)
    return list(groups.values())


_NOT_HAPPENED = (AssessmentStatus.REFUTED, AssessmentStatus.SUPERSEDED)


def assessment_groups(dossier: Dossier, coder_names: Sequence[str]) -> list[Group]:
    """The rows of a reconciled dossier: one per event assessment (an event asserted, not
    refuted or superseded) that a claim supports, in assessment order. The row is the assessment's statement
    (the reconciled event and deaths) with the id of the assessment, cites the sources of
    its supporting claims, and takes from them its time (the assessment's ``valid``, else
    the first supporting claim's ``when``), its report time (the earliest report) and its
    precision (the coarsest of theirs)."""
    coders = {s.id for s in dossier.sources if is_coder(s, coder_names)}
    groups = []
    for a in dossier.assessments:
        if a.status in _NOT_HAPPENED or not _asserts_an_event(a.statement):
            continue
        backing = []
        for cid in a.supporting:
            try:
                backing.append(dossier.claim(cid))
            except KeyError:
                continue
        if not backing:
            continue  # nothing a dataset could cite
        when = a.valid or next((c.when for c in backing if c.when is not None), None)
        reported = min(c.reported_at for c in backing)
        if when is not None and when.start is not None and reported < when.start:  # a report never precedes its event
            reported = max(when.start, *(c.reported_at for c in backing if c.reported_at >= when.start))
        precisions = [c.geo_precision for c in backing if c.geo_precision is not None]
        first = Claim(
            id=a.id,
            source_id=backing[0].source_id,
            reported_at=reported,
            when=when,
            statement=a.statement,
            geo_precision=max(precisions, key=lambda p: p.ucdp_where_prec) if precisions else None,
        )
        group = Group(first)
        for claim in backing:
            _cite(group, claim, coders)
        groups.append(group)
    return groups


def source_names(dossier: Dossier, ids: Sequence[str]) -> list[str]:
    """The names of the sources ``ids`` (an unknown id is its own name)."""
    names = []
    for i in ids:
        try:
            names.append(dossier.source(i).name)
        except KeyError:
            names.append(i)
    return names


def split_names(text: str | None) -> list[str]:
    """Names in a cell separated by ``;`` (ACLED and UCDP), without blanks or repeats."""
    if not text:
        return []
    return list(dict.fromkeys(n.strip() for n in text.split(";") if n.strip()))


def precision_from(code: int, attribute: str) -> GeoPrecision:
    """The first :class:`~conflictmodels.GeoPrecision` (in its order) whose ``attribute`` code is ``code``."""
    for member in GeoPrecision:
        if getattr(member, attribute) == code:
            return member
    raise ValueError(code)


def first_place(dossier: Dossier, statement: Statement) -> Location | None:
    """The first of the statement's places the dossier holds."""
    for ref in statement.location_ids:
        try:
            return dossier.location(ref)
        except KeyError:
            continue
    return None


def model_errors(row: Row, err: ConflictModelsError, columns: dict[str, str]) -> None:
    """Name the column of a model check's refusal (an unknown field: the row as a whole)."""
    problems: Sequence[FieldError] = err.errors if isinstance(err, ValidationError) else (
        [err] if isinstance(err, FieldError) else [])  # fmt: skip
    for p in problems:
        row.fail(columns.get(p.field.split(".")[0], ""), p.reason)
    if not problems:  # pragma: no cover - every model error is a FieldError or a group of them
        row.fail("", str(err))


def import_rows(rows: Iterator[Row], builder: Builder, read_row: Callable[[Row, Builder], list[Claim]]) -> ImportResult:
    """Read every row with ``read_row`` into ``builder``: the claims of the good rows, the
    problems of the bad ones (a row with a problem adds nothing)."""
    lines: list[int] = []
    errors: list[FieldError] = []
    for row in rows:
        builder.begin()
        made: list[Claim] = []
        try:
            if row.cells:  # not a row the CSV itself broke
                made = read_row(row, builder)
        except ConflictModelsError as err:  # a model check the reader does not name a column for
            model_errors(row, err, {})
        except (ValueError, OverflowError, OSError) as err:  # pragma: no cover - each reader checks its cells
            row.fail("", f"cannot be read ({err})")
        if row.errors:
            builder.rollback()
            errors.extend(row.errors)
            continue
        builder.claims.extend(made)
        for claim in made:
            builder.claim_lines[claim.id] = row.line
        lines.append(row.line)
    return ImportResult(
        dossier=builder.dossier(), lines=tuple(lines), errors=tuple(errors), warnings=unrated_warning(builder)
    )


def unrated_warning(builder: Builder) -> tuple[str, ...]:
    """The warning of an import whose rows cite several sources each: none is rated."""
    if not builder.cited_together:
        return ()
    names = [builder.sources[sid].name for sid in builder.cited_together if sid in builder.sources]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return (
        f"rows cite several sources each ({shown}), which the file gives no party, kind, owner or "
        "reliability: reconcile would count each as an independent source, so that one ministry and the "
        "state media repeating it corroborate each other; give the sources their party and alignment, or "
        "merge the dossier with your rated sources, before reconciling",
    )
