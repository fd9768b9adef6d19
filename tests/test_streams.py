"""JSON Lines: all or nothing by default, partial on request, text or bytes or files."""

from __future__ import annotations

import io

import pytest

from conflictmodels import Claim, Point, ValidationError, dumps_lines, loads_lines
from conflictmodels.examples import kursk_dossier
from conflictmodels.limits import Limits
from conflictmodels.serialization import LinesResult, loads_lines_partial

P1 = '{"schema_version": 1, "lat": 1, "lon": 2}'
P2 = '{"schema_version": 1, "lat": 3, "lon": 4}'
BAD = '{"schema_version": 1, "lat": 99, "lon": 4}'
STREAM = f"{P1}\n\n{BAD}\nnot json\n{P2}\n"


def test_all_or_nothing_reports_every_bad_line() -> None:
    with pytest.raises(ValidationError) as info:
        loads_lines(STREAM, Point)
    err = info.value
    assert [(e.line, e.path) for e in err.errors] == [(3, "$.lat"), (4, "$")]
    assert "nothing was loaded" in str(err)


def test_partial_keeps_valid_lines_and_reports_the_rest() -> None:
    result = loads_lines_partial(STREAM, Point)
    assert isinstance(result, LinesResult)
    assert result.items == (Point(lat=1, lon=2), Point(lat=3, lon=4))
    assert result.lines == (1, 5)
    assert result.bad_lines == (3, 4)
    assert not result.ok
    with pytest.raises(ValidationError, match="the other lines were loaded"):
        result.raise_errors()


def test_partial_on_a_clean_stream() -> None:
    result = loads_lines_partial(f"{P1}\n{P2}", Point)
    assert result.ok
    assert result.lines == (1, 2)
    result.raise_errors()


def test_nothing_valid_is_skipped_silently() -> None:
    # every non-blank line is either an item or an error
    lines = [P1, "", "  ", BAD, "\x1c", "\u2028", P2, "[]", "null"]
    result = loads_lines_partial("\n".join(lines), Point)
    accounted = set(result.lines) | set(result.bad_lines)
    assert accounted == {n for n, line in enumerate(lines, 1) if line.strip(" ")}


@pytest.mark.parametrize(
    "source",
    [
        STREAM.encode(),
        bytearray(STREAM.encode()),
        io.BytesIO(STREAM.encode()),
        io.StringIO(STREAM),
        STREAM.splitlines(keepends=True),
        [line.encode() for line in STREAM.splitlines()],
        iter(STREAM.splitlines()),
    ],
    ids=["bytes", "bytearray", "binary-file", "text-file", "list-str", "list-bytes", "iterator"],
)
def test_every_kind_of_input(source: object) -> None:
    result = loads_lines_partial(source, Point)  # type: ignore[arg-type]
    assert result.items == (Point(lat=1, lon=2), Point(lat=3, lon=4))
    assert result.bad_lines == (3, 4)


def test_crlf_and_bom() -> None:
    data = ("\ufeff" + P1 + "\r\n" + P2 + "\r\n").encode()
    assert loads_lines(data, Point) == [Point(lat=1, lon=2), Point(lat=3, lon=4)]
    assert loads_lines(data.decode(), Point) == [Point(lat=1, lon=2), Point(lat=3, lon=4)]


def test_line_separators_inside_strings_do_not_split_lines() -> None:
    claims = [kursk_dossier().claims[0]]
    import attrs

    odd = attrs.evolve(claims[0], quote="a\u2028b\u2029c\x85d")
    text = dumps_lines([odd, *claims])
    assert loads_lines(text) == [odd, *claims]
    assert loads_lines(text.encode()) == [odd, *claims]


def test_invalid_utf8_line_is_reported_with_its_number() -> None:
    data = P1.encode() + b"\n" + b'{"schema_version": 1, "lat": "\xff"}\n' + P2.encode()
    result = loads_lines_partial(data, Point)
    assert result.lines == (1, 3)
    assert result.bad_lines == (2,)
    assert "UTF-8" in str(result.errors[0])


def test_text_file_in_the_wrong_encoding() -> None:
    f = io.TextIOWrapper(io.BytesIO(P1.encode() + b"\n\xff\xfe\n"), encoding="utf-8")
    with pytest.raises(ValidationError, match="binary mode"):
        loads_lines(f, Point)


def test_an_endless_line_in_a_file_is_not_read_into_memory() -> None:
    limits = Limits(max_bytes=1000)
    data = P1.encode() + b"\n" + b"[" * 100_000 + b"\n" + P2.encode() + b"\n"
    result = loads_lines_partial(io.BytesIO(data), Point, limits=limits)
    assert result.lines == (1, 3)
    assert result.bad_lines == (2,)
    assert "longer than 1000 bytes" in str(result.errors[0])


def test_deep_line_in_text() -> None:
    result = loads_lines_partial(P1 + "\n" + "[" * 100_000 + "\n" + P2, Point)
    assert result.bad_lines == (2,)


@pytest.mark.parametrize("bad", [None, 42, [1, 2], [None]])
def test_wrong_input_types_are_conflictmodels_errors(bad: object) -> None:
    from conflictmodels import ConflictModelsError

    with pytest.raises(ConflictModelsError):
        loads_lines(bad, Point)  # type: ignore[arg-type]


def test_claims_stream_round_trip() -> None:
    claims = list(kursk_dossier().claims)
    assert loads_lines(dumps_lines(claims)) == claims
    assert loads_lines(io.BytesIO(dumps_lines(claims).encode()), Claim) == claims
