"""The ``conflictmodels`` command line.

Subcommands: ``validate`` (JSON and JSON Lines payloads, every problem as
``FILE:LINE: $.path: message``), ``reconcile`` (merge dossiers and assess their
claims), ``export`` (GeoJSON, STIX 2.1, CSV, JSON Schema), ``import`` (STIX 2.1) and
``demo``. Exit codes: 0 success, 1 invalid input or a failed operation, 2 usage error.
Bad input never shows a traceback: each problem is one line on stderr (``validate``
prints its findings on stdout).

Example:
    >>> main(["demo"])  # doctest: +ELLIPSIS
    Kursk report, 9 March 2025
    ...
    0
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import functools
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import NUMBER_RE
from typing import Any, TextIO, cast

from ._datetimes import parse_datetime
from ._version import __version__
from .dossier import Dossier
from .errors import ConflictModelsError, FieldError, ValidationError
from .examples import kursk_dossier
from .export._common import statement_text
from .files import write_text_atomic
from .limits import DEFAULT_LIMITS, _read_json
from .serialization import MODEL_TYPES, LinesResult, dumps, loads, loads_lines_partial

__all__ = ["main", "summary"]

_EPILOG = """examples:
  conflictmodels demo                                 print the bundled Kursk report as sources, places, units, claims
  conflictmodels demo --json > kursk.json             the same dossier as a JSON payload
  conflictmodels validate kursk.json claims.jsonl     check payloads; problems as FILE:LINE: $.path: message
  conflictmodels demo --json | conflictmodels validate -
  conflictmodels reconcile a.json b.json -o merged.json --as-of 2025-03-10T00:00:00+03:00
  conflictmodels export --to geojson kursk.json -o kursk.geojson
  conflictmodels export --to stix kursk.json -o kursk.stix.json
  conflictmodels export --to csv --what assessments merged.json -o assessments.csv
  conflictmodels export --to jsonschema -o dossier.schema.json
  conflictmodels import --from stix kursk.stix.json -o kursk.json

exit status: 0 success, 1 invalid input or failure, 2 usage error
"""

_TYPES = {cls.__name__.lower(): cls for cls in MODEL_TYPES}
_LINES_SUFFIXES = (".jsonl", ".ndjson")
_PROGRESS_EVERY = 5000


class _Failure(Exception):
    """Problems to report, one line each, ending the command with status 1."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def summary(dossier: Dossier) -> str:
    """A readable summary of a dossier: sources, places, units, and who claimed what.

    Example:
        >>> print(summary(kursk_dossier()).splitlines()[2])
        Sources (11):
    """
    lines = [dossier.title or "Dossier", ""]
    lines.append(f"Sources ({len(dossier.sources)}):")
    for s in dossier.sources:
        party = f", speaks for {s.party}" if s.party else ""
        rating = f", reliability {s.reliability.value}" if s.reliability else ""
        lines.append(f"  {s.name} [{s.kind.value}{party}{rating}]")
    lines += ["", f"Places ({len(dossier.locations)}):"]
    for loc in dossier.locations:
        code = loc.region or loc.country or "?"
        where = f" at {loc.point.lat:.2f}, {loc.point.lon:.2f}" if loc.point else ""
        lines.append(f"  {loc.name} ({loc.kind.value}, {code}){where}")
    lines += ["", f"Units ({len(dossier.units)}):"]
    for u in dossier.units:
        echelon = u.echelon.value if u.echelon else "unit"
        lines.append(f"  {u.name} [{u.party or '?'} {echelon}]")
    lines += ["", f"Claims ({len(dossier.claims)}):"]
    names = {s.id: s.name for s in dossier.sources}
    for cl in dossier.claims:
        chain = " -> ".join(f"{names[h.source_id]} ({h.verb or h.hedge.value})" for h in cl.attribution)
        when = f" [{cl.when.start or '...'} to {cl.when.end or '...'}]" if cl.when else ""
        lines.append(f"  {cl.id}: {statement_text(dossier, cl.statement)}{when}")
        lines.append(f"      said by {names[cl.source_id]}" + (f"; via {chain}" if chain else ""))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- input

_LIMITS = DEFAULT_LIMITS
"""The limits inputs are read under: a document is never read beyond ``max_bytes``, and
JSON Lines are read a batch at a time with ``max_bytes`` per line, as by the loaders."""
_BATCH_LINES = 1000
_BATCH_BYTES = 16 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_NOT_WS = re.compile(rb"[^ \t\r\n]")


def _display(name: str) -> str:
    """``name`` as it can be printed: ``<stdin>`` for ``-``, bytes that are not UTF-8
    (surrogate-escaped by Python in ``argv``) as ``\\xNN``."""
    if name == "-":
        return "<stdin>"
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _reason(err: BaseException) -> str:
    return (err.strerror if isinstance(err, OSError) else None) or str(err)


@contextlib.contextmanager
def _opened(name: str) -> Iterator[Any]:
    """The input ``name`` (``-``: standard input) as a binary stream."""
    if name == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise _Failure(["<stdin>: cannot read: standard input is closed"])
        yield stream
        return
    try:
        f = open(name, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except (OSError, ValueError) as err:
        raise _Failure([f"{_display(name)}: cannot read: {_reason(err)}"]) from None
    with f:
        yield f


def _read_head(name: str, stream: Any) -> tuple[bytes, bool]:
    """Read ``stream`` up to the limit (never further): the bytes, and whether they are
    all of it. There is room for a byte order mark, as in :func:`~conflictmodels.files.load_file`."""
    cap = _LIMITS.max_bytes + len(_BOM) + 1
    try:
        data: bytes = stream.read(cap)
    except OSError as err:
        raise _Failure([f"{_display(name)}: cannot read: {_reason(err)}"]) from None
    return data, len(data) < cap


def _too_large(name: str) -> _Failure:
    return _Failure(
        [f"{_display(name)}: is larger than {_LIMITS.max_bytes} bytes (Limits.max_bytes); not read further"]
    )


def _read_document(name: str) -> bytes:
    """All of the input ``name``, which must fit in ``Limits.max_bytes``."""
    with _opened(name) as stream:
        data, complete = _read_head(name, stream)
    if not complete:
        raise _too_large(name)
    return data


def _is_lines(name: str, data: bytes) -> bool:
    """JSON Lines by extension, or when the first non-blank line is a whole JSON value and
    more follows. ``data`` may be the first ``max_bytes`` of a longer input."""
    if name.lower().endswith(_LINES_SUFFIXES):
        return True
    start = _NOT_WS.search(data, len(_BOM) if data.startswith(_BOM) else 0)
    end = -1 if start is None else data.find(b"\n", start.start())
    if start is None or end < 0 or _NOT_WS.search(data, end + 1) is None:
        return False
    try:
        json.loads(data[start.start() : end])
    except (ValueError, RecursionError):
        return False
    return True


class _Replay(io.RawIOBase):
    """The bytes already read from a stream, then the rest of the stream."""

    def __init__(self, head: bytes, rest: Any) -> None:
        super().__init__()
        self._head = io.BytesIO(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._head.readinto(buffer)
        if n:
            return n
        read = getattr(self._rest, "readinto1", None) or self._rest.readinto
        return int(read(buffer) or 0)


class _Batch(io.RawIOBase):
    """The next whole lines of a binary stream, at most ``_BATCH_LINES`` of them or about
    ``_BATCH_BYTES``: the loader reads one batch at a time, so that one batch of objects
    is held in memory however long the stream. The loader's ``readline`` protocol keeps
    its limit per line (an endless line is skipped, not held)."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self._stream = stream
        self.lines = 0  # whole lines read
        self.ended = False  # the stream is exhausted
        self._size = 0
        self._inside = False  # in the middle of a line

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1, /) -> bytes:
        if not self._inside and (self.lines >= _BATCH_LINES or self._size >= _BATCH_BYTES):
            return b""
        chunk: bytes = self._stream.readline(-1 if size is None else size)
        if not chunk:
            self.ended = True
            return b""
        self._size += len(chunk)
        self._inside = not chunk.endswith(b"\n")
        self.lines += not self._inside
        return chunk


def _text(data: bytes | str) -> str:
    """Text to locate problems in (line numbers only: undecodable bytes are replaced)."""
    if isinstance(data, str):
        return data
    return data.decode("utf-8", "replace").removeprefix("\ufeff")


def _load(name: str, data: bytes, cls: type, *, keep_unknown: bool = False) -> Any:
    """Load with the library's own loader, as :func:`~conflictmodels.files.load_file` does."""
    try:
        return loads(data, cls, keep_unknown=keep_unknown, limits=_LIMITS)
    except ConflictModelsError as err:
        raise _Failure(_problems(name, data, err)) from None


def _line_of(text: str) -> Callable[[int], int]:
    breaks = [m.start() for m in re.finditer("\n", text)]
    return lambda pos: bisect.bisect_right(breaks, pos - 1) + 1


_WS = re.compile(r"[ \t\n\r]*")


def _positions(text: str) -> dict[str, int]:
    """The character offset of every JSON path of a valid document (of each key for
    object members, of each value for array items)."""
    out: dict[str, int] = {}

    def ws(pos: int) -> int:
        m = _WS.match(text, pos)
        return m.end() if m else pos

    def walk(pos: int, path: str) -> int:
        pos = ws(pos)
        out.setdefault(path, pos)
        ch = text[pos]
        if ch == "{":
            pos = ws(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                key_pos = pos
                key, pos = scanstring(text, pos + 1)
                child = f"{path}.{key}"
                out[child] = key_pos
                pos = ws(pos) + 1  # the colon
                pos = ws(walk(pos, child))
                if text[pos] == ",":
                    pos = ws(pos + 1)
                    continue
                return pos + 1
        if ch == "[":
            pos = ws(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = ws(walk(pos, f"{path}[{index}]"))
                index += 1
                if text[pos] == ",":
                    pos += 1
                    continue
                return pos + 1
        if ch == '"':
            return int(scanstring(text, pos + 1)[1])
        m = NUMBER_RE.match(text, pos)
        if m:
            return m.end()
        for literal in ("true", "false", "null"):
            if text.startswith(literal, pos):
                return pos + len(literal)
        raise ValueError(f"unexpected {ch!r}")  # pragma: no cover - the text parsed as JSON

    with contextlib.suppress(ValueError, IndexError, RecursionError):
        walk(0, "$")
    return out


_LAST_STEP = re.compile(r"(\.[^.\[]*|\[\d+\])$")


def _locate(path: str, positions: dict[str, int]) -> int | None:
    while path:
        if path in positions:
            return positions[path]
        shorter = _LAST_STEP.sub("", path)
        if shorter == path:
            break
        path = shorter
    return positions.get("$")


def _message(err: FieldError) -> str:
    text = str(err)
    prefix = (f"line {err.line}: " if err.line is not None else "") + (err.path or f"{err.owner}.{err.field}") + ": "
    return text.removeprefix(prefix)


_REPORTED_LINE = re.compile(r"at line (\d+) column \d+")


def _problems(name: str, data: bytes | str, error: ConflictModelsError, base_line: int | None = None) -> list[str]:
    errors = error.errors if isinstance(error, ValidationError) else (error,)
    text: str | None = None
    positions: dict[str, int] | None = None
    line_of = None
    out = []
    for err in errors:
        if not isinstance(err, FieldError):  # pragma: no cover - ValidationError holds FieldErrors
            out.append(f"{_display(name)}: {err}")
            continue
        path = err.path or "$"
        reported = _REPORTED_LINE.search(err.reason)
        if base_line is not None:
            line = base_line
        elif reported:  # the JSON parser said where it stopped
            line = int(reported.group(1))
        else:
            if text is None:
                text = _text(data)
                line_of = _line_of(text)
            assert line_of is not None
            if path == "$":  # the whole input: where it starts, without walking it
                m = _WS.match(text)
                pos: int | None = m.end() if m else 0
            else:
                if positions is None:
                    try:
                        positions = _positions(text)
                    except (IndexError, ValueError, RecursionError):  # not JSON this walker can follow
                        positions = {}
                pos = _locate(path, positions)
            line = 1 if pos is None else line_of(pos)
        out.append(f"{_display(name)}:{line}: {path}: {_message(err)}")
    return out


def _read_dossier(name: str, *, keep_unknown: bool = False) -> Dossier:
    data = _read_document(name)
    if _is_lines(name, data):
        raise _Failure([f"{_display(name)}: expected one JSON dossier, got JSON Lines"])
    dossier: Dossier = _load(name, data, Dossier, keep_unknown=keep_unknown)
    return dossier


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None]]:
    """Show how many lines were read, on a terminal, once there are many."""
    stderr = sys.stderr
    show = stderr is not None and stderr.isatty()
    shown = [0]

    def tick(done: int) -> None:
        if show and done >= 2 * _PROGRESS_EVERY and done - shown[0] >= _PROGRESS_EVERY:
            shown[0] = done
            stderr.write(f"\r{label}: {done} lines")
            stderr.flush()

    try:
        yield tick
    finally:
        if shown[0]:
            with contextlib.suppress(OSError, ValueError):
                stderr.write("\r\033[K")
                stderr.flush()


# ---------------------------------------------------------------------------- output


class _StdoutClosed(Exception):
    """Standard output was closed before the command started."""


class _NoStdout(io.TextIOBase):
    """Stands for a closed standard output: writing to it ends the command."""

    def write(self, s: str) -> int:
        raise _StdoutClosed


def _emit(text: str, target: str | None, out: TextIO) -> None:
    """Write ``text`` to stdout (no ``-o``, or ``-o -``), or to ``target`` with
    :func:`~conflictmodels.files.write_text_atomic`, writing what the shell's ``>``
    would write: a regular file (or a new path, or the file a symlink points to) is
    replaced atomically keeping its mode and owner, or written in place where replacing
    would change more than its content (hard links, another user's file, a directory the
    user cannot write); a FIFO, a character device or ``/dev/stdout`` is written
    straight. What ``>`` refuses fails, naming the path and the problem: a file the user
    may not write ("Permission denied"), a directory ("Is a directory", also for a path
    ending in ``/``), an empty path."""
    if not text.endswith("\n"):
        text += "\n"
    if target is None or target == "-":
        out.write(text)
        return
    if not target:
        raise _Failure(["-o '': cannot write: the path is empty"])
    try:
        write_text_atomic(target, text)
    except (OSError, UnicodeEncodeError) as err:
        raise _Failure([f"{_display(target)}: cannot write: {_reason(err)}"]) from None


def _printable(line: str, out: TextIO) -> str:
    """``line`` as ``out`` can encode it (a lone surrogate or an unencodable character
    becomes a backslash escape instead of an error)."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        line.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return line.encode("ascii", "backslashreplace").decode("ascii")
    return line


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)


# -------------------------------------------------------------------------- commands


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    dossier = kursk_dossier()
    out.write(dumps(dossier, indent=2) if args.json else summary(dossier))
    out.write("\n")
    return 0


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    if args.files.count("-") > 1:
        raise _Failure(["'-' (standard input) can be given only once"])

    def emit(line: str) -> None:
        out.write(_printable(line, out) + "\n")

    bad = 0
    for name in args.files:
        try:
            problems = _validate_file(name, args.type, args.allow_unknown, emit)
        except _Failure as failure:
            for line in failure.lines:
                emit(line)
            problems = True
        bad += problems
        if not problems and args.verbose:
            emit(f"{_display(name)}: ok")
    return 1 if bad else 0


def _validate_file(name: str, type_name: str | None, keep_unknown: bool, emit: Callable[[str], None]) -> bool:
    """Check one input with the library's loaders; report each problem through ``emit``
    as it is found. Returns whether there was any."""
    with _opened(name) as stream:
        if name != "-" and name.lower().endswith(_LINES_SUFFIXES):
            return _validate_lines(name, stream, _TYPES[type_name or "claim"], keep_unknown, emit)
        data, complete = _read_head(name, stream)
        if _is_lines(name, data):
            lines = io.BytesIO(data) if complete else io.BufferedReader(_Replay(data, stream))
            return _validate_lines(name, lines, _TYPES[type_name or "claim"], keep_unknown, emit)
    if not complete:
        raise _too_large(name)
    _load(name, data, _TYPES[type_name or "dossier"], keep_unknown=keep_unknown)
    return False


def _validate_lines(name: str, stream: Any, cls: type, keep_unknown: bool, emit: Callable[[str], None]) -> bool:
    """Check JSON Lines with :func:`~conflictmodels.serialization.loads_lines_partial`, a
    batch of lines at a time (so an endless stream is checked in constant memory)."""
    bad = False
    done = 0
    with _progress(_display(name)) as tick:
        while True:
            batch = _Batch(stream)
            try:
                result: LinesResult[Any] = loads_lines_partial(batch, cls, keep_unknown=keep_unknown, limits=_LIMITS)
            except OSError as err:
                raise _Failure([f"{_display(name)}: cannot read: {_reason(err)}"]) from None
            for problem in result.errors:
                emit(f"{_display(name)}:{done + (problem.line or 1)}: {problem.path or '$'}: {_message(problem)}")
                bad = True
            if result.truncated or result.unlisted_lines:
                what = f"{result.unlisted_lines} more bad lines" if result.unlisted_lines else "more problems"
                emit(f"{_display(name)}:{done + 1}-{done + batch.lines}: {what} not listed (Limits.max_problems)")
                bad = True
            done += batch.lines
            tick(done)
            if batch.ended:
                return bad


def _as_of(value: str) -> datetime:
    """``--as-of``: read as payloads are (RFC 3339 with a time zone)."""
    try:
        return parse_datetime(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{err}, got {value!r}") from None


def _reconcile(args: argparse.Namespace, out: TextIO) -> int:
    from .reconciliation import merge, reconcile

    if args.files.count("-") > 1:
        raise _Failure(["'-' (standard input) can be given only once"])
    dossiers = _read_all(args.files)
    merged = functools.reduce(merge, dossiers[1:], dossiers[0])
    result = reconcile(merged, as_of=args.as_of)
    _emit(dumps(result, indent=2), args.output, out)
    return 0


def _read_all(names: Sequence[str]) -> list[Dossier]:
    dossiers, problems = [], []
    for name in names:
        try:
            dossiers.append(_read_dossier(name, keep_unknown=True))
        except _Failure as failure:
            problems += failure.lines
    if problems:
        raise _Failure(problems)
    return dossiers


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from . import export

    if args.to == "jsonschema":
        if args.file is not None:
            raise _Failure(["export --to jsonschema takes no FILE (use --type to choose the payload type)"])
        _emit(_json(export.json_schema(_TYPES[args.type or "dossier"])), args.output, out)
        return 0
    if args.previous is not None and args.to != "stix":
        raise _Failure([f"export --previous is for --to stix, not --to {args.to}"])
    dossier = _read_dossier(args.file or "-", keep_unknown=True)
    if args.to == "geojson":
        text = _json(export.to_geojson(dossier))
    elif args.to == "stix":
        text = _json(export.to_stix(dossier, previous=_previous_bundle(args.previous)))
    elif args.to in ("acled", "ucdp"):
        text = (export.to_acled if args.to == "acled" else export.to_ucdp)(
            dossier, bom=args.bom, spreadsheet_safe=not args.raw_cells, assessments=args.what == "assessments"
        )
    elif args.what == "assessments":
        text = export.assessments_csv(dossier, spreadsheet_safe=not args.raw_cells)
    else:
        text = export.claims_csv(dossier, spreadsheet_safe=not args.raw_cells)
    _emit(text, args.output, out)
    return 0


def _previous_bundle(name: str | None) -> Any:
    """``export --previous FILE``: the bundle published before (``None`` without one)."""
    if name is None:
        return None
    data = _read_document(name)
    try:
        bundle = _read_json(data, _LIMITS)
    except ValidationError as err:
        raise _Failure(_problems(name, data, err)) from None
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle" or not isinstance(bundle.get("objects"), list):
        raise _Failure([f"{_display(name)}: --previous must be a STIX bundle (an object with type 'bundle')"])
    return bundle


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from .export import from_stix_with_warnings

    data = _read_document(args.file)
    if args.source_format in ("acled", "ucdp"):
        return _import_rows(args, data, out)
    try:
        bundle = _read_json(data, _LIMITS)  # the loaders' guarded reader: a bundle is no model
    except ValidationError as err:
        raise _Failure(_problems(args.file, data, err)) from None
    try:
        dossier, skipped = from_stix_with_warnings(bundle, prefer=args.prefer)
    except ConflictModelsError as err:
        raise _Failure(_problems(args.file, data, err)) from None
    if skipped:
        text = _text(data)
        positions, line_of = _positions(text), _line_of(text)
        notes = []
        for message in skipped:
            path, _, rest = message.partition(": ")
            pos = _locate(path, positions)
            notes.append(f"{_display(args.file)}:{1 if pos is None else line_of(pos)}: {path}: {rest}")
        if args.strict:
            raise _Failure(notes)
        _say([f"warning: {note}" for note in notes], prefix="")
    _emit(dumps(dossier, indent=2), args.output, out)
    return 0


def _row_note(name: str, err: FieldError) -> str:
    """``FILE:LINE: column: problem`` (no column when the problem is the row's or the file's)."""
    text = str(err).removeprefix(f"line {err.line}: " if err.line is not None else "")
    return f"{_display(name)}:{err.line or 1}: {text.removeprefix(': ')}"


def _import_rows(args: argparse.Namespace, data: bytes, out: TextIO) -> int:
    """``import --from acled|ucdp``: the good rows into a dossier; each bad row's problems
    are warnings (``FILE:LINE: column: problem``), or the failure with ``--strict``."""
    from .export import read_acled_partial, read_ucdp_partial

    read = read_acled_partial if args.source_format == "acled" else read_ucdp_partial
    try:
        result = read(data)
    except ValidationError as err:  # the header lacks a required column, or the file is not UTF-8: nothing read
        raise _Failure([_row_note(args.file, e) for e in err.errors]) from None
    except ConflictModelsError as err:
        raise _Failure([f"{_display(args.file)}: {_reason(err)}"]) from None
    notes = [_row_note(args.file, e) for e in result.errors]
    if notes and args.strict:
        raise _Failure(notes)
    if notes:
        _say([f"warning: {note}" for note in notes], prefix="")
    _say([f"note: {_display(args.file)}: {warning}" for warning in result.warnings], prefix="")
    _emit(dumps(result.dossier, indent=2), args.output, out)
    return 0


# ---------------------------------------------------------------------------- parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conflictmodels",
        description="Conflict-report data: validate, reconcile and export dossiers.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"conflictmodels {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    types = sorted(_TYPES)

    validate = sub.add_parser(
        "validate",
        help="check JSON or JSON Lines payloads",
        description="Check payloads. JSON Lines is recognised by the .jsonl/.ndjson extension or by its content. "
        "Every problem is printed as FILE:LINE: $.path: message. Exit 0 when all are valid, 1 otherwise.",
        epilog="examples:\n  conflictmodels validate kursk.json claims.jsonl\n"
        "  conflictmodels demo --json | conflictmodels validate -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="a file to check, or - for standard input")
    validate.add_argument(
        "--type", choices=types, help="payload type (default: dossier for JSON, claim for JSON Lines)"
    )
    validate.add_argument(
        "--allow-unknown", action="store_true", help="accept keys the schema does not know (kept as extra)"
    )
    validate.add_argument("-v", "--verbose", action="store_true", help="also say which files are valid")
    validate.set_defaults(run=_validate)

    rec = sub.add_parser(
        "reconcile",
        help="merge dossiers and assess their claims",
        description="Merge the dossiers (nothing is lost: every claim stays traceable) and write the reconciled "
        "dossier with one assessment per proposition.",
        epilog="example:\n  conflictmodels reconcile a.json b.json -o merged.json --as-of 2025-03-10T00:00:00+03:00",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rec.add_argument("files", nargs="+", metavar="FILE", help="a dossier (JSON), or - for standard input")
    rec.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    rec.add_argument(
        "--as-of", type=_as_of, metavar="TIME", help="judge the picture at this RFC 3339 time (with Z or an offset)"
    )
    rec.set_defaults(run=_reconcile)

    exp = sub.add_parser(
        "export",
        help="write a dossier as GeoJSON, STIX 2.1 or CSV, or print the JSON Schema",
        description="Export a dossier (FILE, or standard input) to another format.",
        epilog="examples:\n  conflictmodels export --to geojson kursk.json -o kursk.geojson\n"
        "  conflictmodels export --to csv --what assessments merged.json > assessments.csv\n"
        "  conflictmodels export --to jsonschema --type claim -o claim.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument(
        "--to", required=True, choices=["geojson", "stix", "csv", "jsonschema", "acled", "ucdp"], help="output format"
    )
    exp.add_argument("file", nargs="?", metavar="FILE", help="the dossier (default: standard input)")
    exp.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    exp.add_argument(
        "--what",
        choices=["claims", "assessments"],
        default="claims",
        help="csv, acled, ucdp: a row per claim, or per assessment of a reconciled dossier (default: claims)",
    )
    exp.add_argument("--bom", action="store_true", help="acled, ucdp: start with a UTF-8 byte order mark (for Excel)")
    exp.add_argument(
        "--raw-cells",
        action="store_true",
        help="csv, acled, ucdp: write text cells exactly, without the leading ' that keeps a spreadsheet "
        "from running a cell starting with = + - @ as a formula",
    )
    exp.add_argument("--type", choices=types, help="jsonschema: the payload type (default: dossier)")
    exp.add_argument(
        "--previous",
        metavar="FILE",
        help="stix: the bundle published before for this dossier: unchanged objects keep their created and "
        "modified, changed ones (a corrected coordinate) get a later modified, so stores replace them",
    )
    exp.set_defaults(run=_export)

    imp = sub.add_parser(
        "import",
        help="read a STIX 2.1 bundle, or an ACLED or UCDP GED CSV, into a dossier",
        description="Read a STIX 2.1 bundle, or an ACLED or UCDP GED CSV export. Objects with no conflictmodels "
        "equivalent, and malformed CSV rows, are skipped with a warning on stderr (an error with --strict).",
        epilog="examples:\n  conflictmodels import --from stix kursk.stix.json -o kursk.json\n"
        "  conflictmodels import --from acled acled-export.csv -o events.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument(
        "--from", dest="source_format", required=True, choices=["stix", "acled", "ucdp"], help="input format"
    )
    imp.add_argument("file", metavar="FILE", help="the bundle, or - for standard input")
    imp.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    imp.add_argument("--strict", action="store_true", help="fail if any object or row is skipped")
    imp.add_argument(
        "--prefer",
        choices=["extension", "stix"],
        default="extension",
        help="stix: when another tool edited an object's STIX properties (names, coordinates, codes, a quote), "
        "read the conflictmodels extension (default) or the edited properties; either way it is a warning",
    )
    imp.set_defaults(run=_import)

    demo = sub.add_parser("demo", help="show the bundled Kursk report dossier")
    demo.add_argument("--json", action="store_true", help="print the dossier as JSON instead of a summary")
    demo.set_defaults(run=_demo)
    return parser


def _say(lines: Sequence[str], prefix: str = "conflictmodels: ") -> None:
    """Write ``lines`` to stderr, if there is a stderr to write to."""
    stderr = sys.stderr
    if stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        for line in lines:
            stderr.write(f"{prefix}{line}\n")
        stderr.flush()


def _quiet_stdout() -> None:
    """Point file descriptor 1 at the null device: what is left in the buffer of a stdout
    that can no longer be written then goes nowhere at exit, instead of a second error."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _flush_stdout(*, report: bool) -> bool:
    """Flush stdout now, where a failure can still be reported, not at exit."""
    stdout = sys.stdout
    if stdout is None:
        return True
    try:
        stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _quiet_stdout()
        return False
    except (OSError, ValueError) as err:
        if report:
            _say([f"cannot write to standard output: {_reason(err)}"])
        _quiet_stdout()
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Example:
        >>> main(["export", "--to", "jsonschema", "--type", "point"])  # doctest: +ELLIPSIS
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
        ...
        0
    """
    out = sys.stdout if sys.stdout is not None else cast("TextIO", _NoStdout())
    try:
        args = _parser().parse_args(argv)
        code: int = args.run(args, out)
    except SystemExit:  # usage errors, --help, --version
        _flush_stdout(report=False)
        raise
    except _Failure as failure:
        _say(failure.lines)
        code = 1
    except _StdoutClosed:
        _say(["cannot write to standard output: it is closed"])
        return 1
    except ValidationError as err:
        _say([str(e) for e in err.errors])
        code = 1
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        _quiet_stdout()
        return 1
    except (ConflictModelsError, OSError, UnicodeError) as err:
        _say([str(err)])
        code = 1
    except MemoryError:
        _say(["out of memory"])
        code = 1
    except KeyboardInterrupt:
        return 130
    return code if _flush_stdout(report=code == 0) else 1
