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
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import NUMBER_RE
from typing import Any, TextIO

from ._version import __version__
from .dossier import Dossier
from .errors import ConflictModelsError, FieldError, ValidationError
from .examples import kursk_dossier
from .export._common import statement_text
from .limits import _read_json
from .serialization import MODEL_TYPES, dumps, from_dict

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


def _display(name: str) -> str:
    return "<stdin>" if name == "-" else name


def _read_text(name: str) -> str:
    data = sys.stdin.buffer.read() if name == "-" else _read_bytes(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _Failure([f"{_display(name)}: not UTF-8 text ({err.reason} at byte {err.start})"]) from None


def _read_bytes(name: str) -> bytes:
    try:
        with open(name, "rb") as f:
            return f.read()
    except OSError as err:
        raise _Failure([f"{name}: cannot read: {err.strerror or err}"]) from None


def _parse_json(name: str, text: str, base_line: int | None = None) -> Any:
    """Parse with the library's guarded reader (limits, duplicate keys, NaN, surrogates)."""
    try:
        return _read_json(text)
    except ValidationError as err:
        raise _Failure(_problems(name, text, err, base_line=base_line)) from None


def _is_lines(name: str, text: str) -> bool:
    """JSON Lines by extension, or when the first line is a whole JSON value and more follows."""
    if name.lower().endswith(_LINES_SUFFIXES):
        return True
    body = text.lstrip()
    first, _, rest = body.partition("\n")
    if not rest.strip() or not first.strip():
        return False
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _line_of(text: str) -> Callable[[int], int]:
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
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


def _problems(name: str, text: str, error: ConflictModelsError, base_line: int | None = None) -> list[str]:
    errors = error.errors if isinstance(error, ValidationError) else (error,)
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
            if positions is None:
                try:
                    positions = _positions(text)
                except (IndexError, ValueError, RecursionError):  # not JSON this walker can follow
                    positions = {}
                line_of = _line_of(text)
            pos = _locate(path, positions)
            assert line_of is not None
            line = 1 if pos is None else line_of(pos)
        out.append(f"{_display(name)}:{line}: {path}: {_message(err)}")
    return out


def _load(name: str, text: str, cls: type, *, keep_unknown: bool = False) -> Any:
    data = _parse_json(name, text)
    try:
        return from_dict(data, cls, keep_unknown=keep_unknown)
    except ConflictModelsError as err:
        raise _Failure(_problems(name, text, err)) from None


def _read_dossier(name: str, *, keep_unknown: bool = False) -> Dossier:
    text = _read_text(name)
    if _is_lines(name, text):
        raise _Failure([f"{_display(name)}: expected one JSON dossier, got JSON Lines"])
    dossier: Dossier = _load(name, text, Dossier, keep_unknown=keep_unknown)
    return dossier


@contextlib.contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    show = total >= 2 * _PROGRESS_EVERY and sys.stderr.isatty()

    def tick(done: int) -> None:
        if show and done % _PROGRESS_EVERY == 0:
            sys.stderr.write(f"\r{label}: {done}/{total}")
            sys.stderr.flush()

    try:
        yield tick
    finally:
        if show:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


# ---------------------------------------------------------------------------- output


def _emit(text: str, target: str | None, out: TextIO) -> None:
    """Write ``text`` to stdout, or atomically to the file ``target``."""
    if not text.endswith("\n"):
        text += "\n"
    if target is None or target == "-":
        out.write(text)
        return
    directory = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    except OSError as err:
        raise _Failure([f"{target}: cannot write: {err.strerror or err}"]) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _Failure([f"{target}: cannot write: {err.strerror or err}"]) from None


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
    bad = 0
    for name in args.files:
        try:
            problems = _validate_file(name, args.type, args.allow_unknown)
        except _Failure as failure:
            problems = failure.lines
        for line in problems:
            out.write(line + "\n")
        bad += bool(problems)
        if not problems and args.verbose:
            out.write(f"{_display(name)}: ok\n")
    return 1 if bad else 0


def _validate_file(name: str, type_name: str | None, keep_unknown: bool) -> list[str]:
    text = _read_text(name)
    if _is_lines(name, text):
        cls = _TYPES[type_name or "claim"]
        problems: list[str] = []
        lines = text.split("\n")  # only a newline ends a JSON Lines line (not U+2028)
        with _progress(f"{_display(name)}", len(lines)) as tick:
            for number, line in enumerate(lines, start=1):
                tick(number)
                if not line.strip():
                    continue
                try:
                    data = _parse_json(name, line, base_line=number)
                except _Failure as failure:
                    problems += failure.lines
                    continue
                try:
                    from_dict(data, cls, keep_unknown=keep_unknown)
                except ConflictModelsError as err:
                    problems += _problems(name, line, err, base_line=number)
        return problems
    try:
        _load(name, text, _TYPES[type_name or "dossier"], keep_unknown=keep_unknown)
    except _Failure as failure:
        return failure.lines
    return []


def _as_of(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {value!r}") from None
    if moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"needs a UTC offset (such as +03:00 or Z): {value!r}")
    return moment


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
    dossier = _read_dossier(args.file or "-", keep_unknown=True)
    if args.to == "geojson":
        text = _json(export.to_geojson(dossier))
    elif args.to == "stix":
        text = _json(export.to_stix(dossier))
    elif args.what == "assessments":
        text = export.assessments_csv(dossier)
    else:
        text = export.claims_csv(dossier)
    _emit(text, args.output, out)
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from .export import from_stix_with_warnings

    text = _read_text(args.file)
    bundle = _parse_json(args.file, text)
    try:
        dossier, skipped = from_stix_with_warnings(bundle)
    except ConflictModelsError as err:
        raise _Failure(_problems(args.file, text, err)) from None
    if skipped:
        positions, line_of = _positions(text), _line_of(text)
        notes = []
        for message in skipped:
            path, _, rest = message.partition(": ")
            pos = _locate(path, positions)
            notes.append(f"{_display(args.file)}:{1 if pos is None else line_of(pos)}: {path}: {rest}")
        if args.strict:
            raise _Failure(notes)
        for note in notes:
            sys.stderr.write(f"warning: {note}\n")
    _emit(dumps(dossier, indent=2), args.output, out)
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
    rec.add_argument("--as-of", type=_as_of, metavar="ISO", help="judge the picture at this time (with offset)")
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
    exp.add_argument("--to", required=True, choices=["geojson", "stix", "csv", "jsonschema"], help="output format")
    exp.add_argument("file", nargs="?", metavar="FILE", help="the dossier (default: standard input)")
    exp.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    exp.add_argument("--what", choices=["claims", "assessments"], default="claims", help="CSV rows (default: claims)")
    exp.add_argument("--type", choices=types, help="jsonschema: the payload type (default: dossier)")
    exp.set_defaults(run=_export)

    imp = sub.add_parser(
        "import",
        help="read a STIX 2.1 bundle into a dossier",
        description="Read a STIX 2.1 bundle. Objects with no conflictmodels equivalent are skipped with a "
        "warning on stderr (an error with --strict).",
        epilog="example:\n  conflictmodels import --from stix kursk.stix.json -o kursk.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("--from", dest="source_format", required=True, choices=["stix"], help="input format")
    imp.add_argument("file", metavar="FILE", help="the bundle, or - for standard input")
    imp.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    imp.add_argument("--strict", action="store_true", help="fail if any object is skipped")
    imp.set_defaults(run=_import)

    demo = sub.add_parser("demo", help="show the bundled Kursk report dossier")
    demo.add_argument("--json", action="store_true", help="print the dossier as JSON instead of a summary")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Example:
        >>> main(["export", "--to", "jsonschema", "--type", "point"])  # doctest: +ELLIPSIS
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
        ...
        0
    """
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args, sys.stdout)
    except _Failure as failure:
        for line in failure.lines:
            sys.stderr.write(f"conflictmodels: {line}\n")
        return 1
    except ValidationError as err:
        for e in err.errors:
            sys.stderr.write(f"conflictmodels: {e}\n")
        return 1
    except (ConflictModelsError, OSError, UnicodeDecodeError) as err:
        sys.stderr.write(f"conflictmodels: {err}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, without a second error at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code
