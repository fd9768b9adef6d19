"""Attack class: the command line under hostile input and hostile surroundings (issue #19).

- item 5: an endless input is read only up to ``Limits.max_bytes`` (a document) or one
  batch of lines at a time (JSON Lines), never whole, and gives a clear error;
- item 15: a closed standard output (``| head -c 10``, or no stdout at all) and file
  names that are not UTF-8 give no traceback;
- item 16: ``validate`` reads through the library's own loaders, so it accepts exactly
  what ``load_file`` accepts, and ``str``, ``bytes``, binary and text files and
  iterables of lines agree on blank lines and byte order marks.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from conflictmodels import Point, ValidationError, cli, dumps
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import to_stix
from conflictmodels.files import load_file
from conflictmodels.limits import Limits
from conflictmodels.serialization import loads_lines_partial

POINT = b'{"schema_version": 1, "lat": 1, "lon": 2}'
LIMIT = 10_000
TIMEOUT = 120


class _ReadTooMuch(AssertionError):
    """The command read far past the limit (it would have read the endless input whole)."""


class _Endless(io.RawIOBase):
    """An endless binary input repeating ``pattern``; fails the test past ``budget`` bytes."""

    def __init__(self, pattern: bytes, budget: int = 4 * 1024 * 1024, head: bytes = b"") -> None:
        self.pattern, self.budget, self.head, self.given = pattern, budget, head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.given > self.budget:
            raise _ReadTooMuch(f"read {self.given} bytes of an endless input with a limit of {LIMIT}")
        view = memoryview(buffer).cast("B")
        data = self.head[self.given :] if self.given < len(self.head) else b""
        data = (data + self.pattern * (len(view) // len(self.pattern) + 1))[: len(view)]
        view[: len(data)] = data
        self.given += len(data)
        return len(data)


class _Stdin:
    def __init__(self, raw: io.RawIOBase) -> None:
        self.buffer = io.BufferedReader(raw)


def _main(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: io.RawIOBase | bytes) -> int:
    monkeypatch.setattr(cli, "_LIMITS", Limits(max_bytes=LIMIT))
    raw = io.BytesIO(stdin) if isinstance(stdin, bytes) else stdin
    monkeypatch.setattr(sys, "stdin", _Stdin(raw))  # type: ignore[arg-type]
    return cli.main(argv)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    cap = 1536 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run(*args: str | bytes, stdin: Any = None, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "conflictmodels", *args],
        stdin=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


def _no_traceback(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
    return text


# ------------------------------------------------------------------ item 5: endless input

READING = [
    ["validate", "-"],
    ["validate", "--type", "claim", "-"],
    ["reconcile", "-"],
    ["export", "--to", "geojson", "-"],
    ["export", "--to", "stix"],
    ["export", "--to", "csv", "--what", "assessments", "-"],
    ["import", "--from", "stix", "-"],
]
ENDLESS = {
    "letters": b"y\n",
    "newlines": b"\n",
    "spaces": b" ",
    "brackets": b"[",
    "one string": b"a",
}


@pytest.mark.parametrize("pattern", list(ENDLESS.values()), ids=list(ENDLESS))
@pytest.mark.parametrize("argv", READING, ids=[" ".join(a) for a in READING])
def test_endless_input_stops_at_the_limit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], pattern: bytes
) -> None:
    head = b'{"schema_version": 1, "title": "' if pattern == b"a" else b""
    endless = _Endless(pattern, head=head)
    assert _main(monkeypatch, argv, endless) == 1
    out, err = capsys.readouterr()
    message = out if argv[0] == "validate" else err
    assert f"is larger than {LIMIT} bytes (Limits.max_bytes)" in message, (out, err)
    assert len(message.splitlines()) == 1
    assert endless.given <= LIMIT + 64 * 1024  # the limit, and at most a buffer more


def test_endless_json_lines_are_validated_a_batch_at_a_time(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = 200_000
    data = (POINT + b"\n") * lines
    tracemalloc.start()
    try:
        code = _main(monkeypatch, ["validate", "--type", "point", "-"], data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0, capsys.readouterr()
    assert peak < len(data) // 2, peak  # never the whole input (nor its lines, nor their points)


def test_endless_bad_lines_are_reported_as_they_come(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Stop(Exception):
        pass

    written: list[str] = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            written.append(s)
            if len(written) >= 3:
                raise Stop
            return len(s)

    monkeypatch.setattr(sys, "stdout", Out())
    endless = _Endless(b'{"schema_version": 1, "lat": 1}\n', budget=1 << 30)
    with pytest.raises(Stop):
        _main(monkeypatch, ["validate", "--type", "point", "-"], endless)
    assert written[0] == "<stdin>:1: $.lon: is required\n"
    assert written[2] == "<stdin>:3: $.lon: is required\n"
    assert endless.given < 1024 * 1024


def test_a_line_longer_than_the_limit_is_skipped_not_held(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "points.jsonl"
    path.write_bytes(POINT + b"\n" + b'{"title": "' + b"a" * (5 * LIMIT) + b'"}\n' + POINT + b"\n")
    assert _main(monkeypatch, ["validate", "--type", "point", str(path)], b"") == 1
    out = capsys.readouterr().out
    assert out == f"{path}:2: $: is longer than {LIMIT} bytes (Limits.max_bytes)\n"


@pytest.mark.parametrize("argv", [["validate", "-"], ["reconcile", "-"], ["import", "--from", "stix", "-"]])
def test_endless_pipe_into_the_command(argv: list[str]) -> None:
    """As a user would: ``yes | conflictmodels validate -`` with the default limit (256 MiB)."""
    yes = subprocess.Popen([sys.executable, "-c", "import sys\nwhile True: sys.stdout.buffer.write(b'y' * 65535 + b'\\n')"], stdout=subprocess.PIPE)  # fmt: skip
    try:
        assert yes.stdout is not None
        result = _run(*argv, stdin=yes.stdout, preexec_fn=_limit_memory)
    finally:
        yes.kill()
        yes.wait()
    err = _no_traceback(result.stderr)
    assert result.returncode == 1
    message = result.stdout.decode() if argv[0] == "validate" else err
    assert f"is larger than {256 * 1024 * 1024} bytes (Limits.max_bytes)" in message


# -------------------------------------------------------- item 15: closed stdout, odd names

WRITING = [["demo"], ["demo", "--json"], ["export", "--to", "jsonschema"], ["--help"]]


@pytest.mark.parametrize("argv", WRITING, ids=[" ".join(a) for a in WRITING])
def test_reader_going_away_gives_no_traceback(argv: list[str]) -> None:
    """``conflictmodels demo | head -c 10``: the reader goes away before the output is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "conflictmodels", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # like head -c 10 exiting, before the command has written anything
    err = proc.stderr.read()
    proc.wait(timeout=TIMEOUT)
    proc.stderr.close()
    assert _no_traceback(err) == ""


def test_large_output_into_a_closed_pipe(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"schema_version": 1, "lat": 1}\n' * 200_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "conflictmodels", "validate", "--type", "point", str(bad)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=TIMEOUT) == 1
    proc.stderr.close()
    assert _no_traceback(err) == ""


def _close_stdout() -> None:  # pragma: no cover - runs in the child
    os.close(1)


@pytest.mark.parametrize("argv", [["demo"], ["validate", "-v", "-"], ["export", "--to", "jsonschema"]])
def test_no_stdout_at_all(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conflictmodels", *argv],
        input=dumps(kursk_dossier()).encode(),
        stderr=subprocess.PIPE,
        preexec_fn=_close_stdout,
        timeout=TIMEOUT,
        check=False,
    )
    err = _no_traceback(result.stderr)
    assert result.returncode == 1
    assert err == "conflictmodels: cannot write to standard output: it is closed\n"


def test_no_stdout_is_fine_when_writing_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "kursk.geojson"
    result = subprocess.run(
        [sys.executable, "-m", "conflictmodels", "export", "--to", "geojson", "-", "-o", str(out)],
        input=dumps(kursk_dossier()).encode(),
        stderr=subprocess.PIPE,
        preexec_fn=_close_stdout,
        timeout=TIMEOUT,
        check=False,
    )
    assert _no_traceback(result.stderr) == ""
    assert result.returncode == 0
    assert out.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    missing = folder + b"/caf\xe9.json"
    result = _run("validate", missing)
    assert _no_traceback(result.stderr) == ""
    assert result.returncode == 1
    assert result.stdout.decode().startswith(f"{tmp_path}/caf\\xe9.json: cannot read: ")

    bad = folder + b"/b\xffd.json"
    Path(os.fsdecode(bad)).write_bytes(b'{"schema_version": 1, "lat": 1}')
    result = _run("validate", "--type", "point", bad)
    assert _no_traceback(result.stderr) == ""
    assert result.stdout.decode() == f"{tmp_path}/b\\xffd.json:1: $.lon: is required\n"

    good = folder + b"/g\xe9od.json"
    Path(os.fsdecode(good)).write_bytes(dumps(kursk_dossier()).encode())
    assert _run("validate", "-v", good).stdout.decode() == f"{tmp_path}/g\\xe9od.json: ok\n"
    out = folder + b"/out\xe9.geojson"
    result = _run("export", "--to", "geojson", good, "-o", out)
    assert (_no_traceback(result.stderr), result.returncode) == ("", 0)
    assert os.path.exists(out)
    nowhere = folder + b"/no\xe9/x.json"
    result = _run("export", "--to", "geojson", good, "-o", nowhere)
    assert result.returncode == 1
    assert _no_traceback(result.stderr).startswith(f"conflictmodels: {tmp_path}/no\\xe9/x.json: cannot write: ")


# ------------------------------------------------------- item 16: one reading of the input

BLANKISH = {
    "nbsp": "\u00a0",
    "next line": "\u0085",
    "form feed": "\x0c",
    "vertical tab": "\x0b",
    "line separator": "\u2028",
    "ideographic space": "\u3000",
    "file separator": "\x1c",
}


@pytest.mark.parametrize("blank", list(BLANKISH.values()), ids=list(BLANKISH))
def test_validate_refuses_the_lines_load_file_refuses(tmp_path: Path, blank: str) -> None:
    path = tmp_path / "points.jsonl"
    path.write_bytes(POINT + b"\n" + blank.encode() + b"\n" + POINT + b"\n")
    with pytest.raises(ValidationError) as refused:
        load_file(path, Point)
    assert {e.line for e in refused.value.errors} == {2}
    result = _run("validate", "--type", "point", str(path))
    _no_traceback(result.stderr)
    assert result.returncode == 1
    assert result.stdout.decode().startswith(f"{path}:2: $: ")
    by_content = tmp_path / "points.txt"
    by_content.write_bytes(path.read_bytes())
    assert _run("validate", "--type", "point", str(by_content)).stdout.decode().startswith(f"{by_content}:2: $: ")


TRICKY = {
    "bom and blank line": "\ufeff\n{P}\n{P}\n",
    "bom space cr": "\ufeff \r\n{P}\n",
    "space bom": " \ufeff\n{P}\n",
    "bom line later": "{P}\n\ufeff\n",
    "two boms": "{P}\n\ufeff\ufeff\n",
    "bom before payload": "\ufeff{P}\n{P}",
    "crlf": "\r\n{P}\r\n{P}",
    "bom on every line": "\ufeff{P}\n\ufeff{P}\n",
    "nbsp line": "{P}\n\u00a0\n",
    "no final newline": "{P}\n{P}",
    "only blanks": "\n \n\t\n\r\n",
}


def _forms(text: str) -> dict[str, Any]:
    data = text.encode("utf-8")
    return {
        "str": text,
        "bytes": data,
        "binary file": io.BytesIO(data),
        "text file": io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="\n"),
        "str lines": io.StringIO(text, newline="\n").readlines(),
        "bytes lines": io.BytesIO(data).readlines(),
    }


@pytest.mark.parametrize("template", list(TRICKY.values()), ids=list(TRICKY))
def test_every_kind_of_input_reads_the_same(template: str) -> None:
    text = template.replace("{P}", POINT.decode())
    results = {
        kind: (r.lines, r.bad_lines)
        for kind, r in ((k, loads_lines_partial(v, Point)) for k, v in _forms(text).items())
    }
    assert len(set(results.values())) == 1, results


@pytest.mark.parametrize("template", list(TRICKY.values()), ids=list(TRICKY))
def test_validate_agrees_with_load_file(tmp_path: Path, template: str) -> None:
    path = tmp_path / "points.jsonl"
    path.write_bytes(template.replace("{P}", POINT.decode()).encode())
    expected: set[int | None] = set()
    try:
        load_file(path, Point)
    except ValidationError as err:
        expected = {e.line for e in err.errors}
    result = _run("validate", "--type", "point", str(path))
    _no_traceback(result.stderr)
    reported = {int(line.split(":")[1]) for line in result.stdout.decode().splitlines()}
    assert reported == expected
    assert result.returncode == (1 if expected else 0)


def test_a_dossier_with_a_bom_then_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "kursk.json"
    path.write_bytes(b"\xef\xbb\xbf\n" + dumps(kursk_dossier(), indent=2).encode())
    assert load_file(path) == kursk_dossier()
    result = _run("validate", "-v", str(path))
    assert (result.returncode, result.stdout.decode()) == (0, f"{path}: ok\n")


def test_import_reads_the_bundle_with_the_guarded_reader(tmp_path: Path) -> None:
    import json

    path = tmp_path / "b.json"
    text = json.dumps(to_stix(kursk_dossier()))
    path.write_text(text[:-1] + ', "x": NaN}', encoding="utf-8")
    result = _run("import", "--from", "stix", str(path))
    assert result.returncode == 1
    assert "NaN is not a JSON number" in _no_traceback(result.stderr)
