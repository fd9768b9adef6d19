"""Attack class "memory blow-up": a refused document listing every one of its problems
(issue #19, item 3).

Before: the detailed pass collected every problem of a refused document, each as an
exception carrying its notes and traceback, then as a ``FieldError``: about 1 KB of
memory per problem. A document dense in problems (``[1, 1, 1, ...]`` or ``[{}, {}, ...]``
where objects are expected) cost 400 to 2,700 times its size (a 1 MB document: 2.6 GB
and a minute), so one at the allowed 256 MiB needed hundreds of gigabytes.
``loads_lines_partial`` kept every problem of every bad line of a stream, and
``loads_lines`` read an endless stream of bad lines for ever.

Now the detailed pass stops once it has found more than ``Limits.max_problems`` (1,000)
problems: the error lists the first ones and says that more were not listed. The
memory of refusing a document is that of parsing it, a small multiple of its size.
Nothing here asserts on elapsed time.
"""

from __future__ import annotations

import itertools
import json
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from conflictmodels import Dossier, Point, ValidationError, dumps, from_dict, loads, loads_lines, loads_lines_partial
from conflictmodels.examples import kursk_dossier
from conflictmodels.limits import DEFAULT_LIMITS, Limits

SIZE = 256 * 1024
"""The size of each hostile document, in bytes."""

MAX_PEAK_PER_BYTE = 40
"""The most memory refusing a document may take, per byte of the document. Parsing
``[{}, {}, ...]`` alone costs about 25 bytes per byte (a 64-byte dict for every 3
bytes); before the cap it took 2,700."""


def _claims(item: str, size: int = SIZE) -> str:
    """A dossier of about ``size`` bytes whose claims are all ``item``."""
    n = size // (len(item) + 1)
    return '{"schema_version": 1, "claims": [' + ",".join([item] * n) + "]}"


def _unknown_keys(size: int = SIZE) -> str:
    """A point of about ``size`` bytes with unknown keys."""
    n = size // 12
    return '{"schema_version": 1, "lat": 1, "lon": 2, ' + ", ".join(f'"k{i:06d}": 0' for i in range(n)) + "}"


def _bad_sources(size: int = SIZE) -> str:
    """A dossier of about ``size`` bytes of sources that their constructor refuses."""
    return _claims('{"id": "a b", "name": "x"}', size).replace('"claims"', '"sources"')


def _bad_hops(size: int = SIZE) -> str:
    """A dossier with one claim whose attribution is about ``size`` bytes of bad hops."""
    payload = json.loads(dumps(kursk_dossier()))
    hop = {"source_id": "ru-mod", "hedge": "perhaps"}
    payload["claims"][0]["attribution"] = [hop] * (size // len(json.dumps(hop)))
    return json.dumps(payload)


DENSE: dict[str, Callable[[], str]] = {
    "numbers for claims": lambda: _claims("1"),
    "empty objects for claims": lambda: _claims("{}"),
    "nulls for claims": lambda: _claims("null"),
    "unknown keys": _unknown_keys,
    "sources refused by their constructor": _bad_sources,
    "hops with a bad hedge": _bad_hops,
}
"""Documents with far more than 1,000 problems, most of them a few bytes each."""


def _cls(name: str) -> type:
    return Point if name == "unknown keys" else Dossier


def _peak(run: Callable[[], object]) -> int:
    """The peak of Python allocations while ``run`` runs (tracemalloc)."""
    assert not tracemalloc.is_tracing()
    tracemalloc.start()
    try:
        run()
    except ValidationError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def _refused(run: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        run()
    return info.value


# ------------------------------------------------------------------ counts


@pytest.mark.parametrize("name", DENSE)
def test_a_dense_document_lists_at_most_max_problems(name: str) -> None:
    err = _refused(lambda: loads(DENSE[name](), _cls(name)))
    assert len(err.errors) == DEFAULT_LIMITS.max_problems == 1000
    assert err.summary.startswith("more than 1000 problems in the document")
    assert "Limits.max_problems" in str(err).splitlines()[0]


def test_the_problems_listed_are_the_first_in_document_order() -> None:
    err = _refused(lambda: loads(_claims("1")))
    assert [e.path for e in err.errors] == [f"$.claims[{i}]" for i in range(1000)]


@pytest.mark.parametrize("keep_unknown", [False, True])
def test_max_problems_is_a_limit_of_loads(keep_unknown: bool) -> None:
    err = _refused(lambda: loads(_claims("{}"), keep_unknown=keep_unknown, limits=Limits(max_problems=7)))
    assert len(err.errors) == 7
    assert err.summary.startswith("more than 7 problems")


@pytest.mark.parametrize("n", [1, 5, 6])
def test_exactly_max_problems_are_all_listed_without_a_note(n: int) -> None:
    text = '{"schema_version": 1, "claims": [' + ", ".join(["1"] * n) + "]}"
    err = _refused(lambda: loads(text, limits=Limits(max_problems=6)))
    assert len(err.errors) == n
    assert err.summary == f"{n} problem{'s' if n > 1 else ''} in the document"


def test_the_cap_counts_problems_at_every_level_in_document_order() -> None:
    # the dossier's own problem is counted after those of its claims, but listed first
    text = '{"schema_version": 1, "sources": 5, "claims": [1, 1, 1]}'
    err = _refused(lambda: loads(text, limits=Limits(max_problems=2)))
    assert [e.path for e in err.errors] == ["$.sources", "$.claims[0]"]
    assert err.summary.startswith("more than 2 problems")


def test_from_dict_lists_at_most_max_problems() -> None:
    err = _refused(lambda: from_dict(json.loads(_claims("{}"))))
    assert len(err.errors) == 1000
    err = _refused(lambda: from_dict(json.loads(_claims("{}")), limits=Limits(max_problems=3)))
    assert len(err.errors) == 3


def test_limits_refuse_a_max_problems_below_one() -> None:
    with pytest.raises(ValueError, match="max_problems"):
        Limits(max_problems=0)


# ------------------------------------------------------------------ memory


@pytest.mark.parametrize("name", DENSE)
def test_refusing_a_dense_document_costs_a_small_multiple_of_its_size(name: str) -> None:
    text = DENSE[name]()
    peak = _peak(lambda: loads(text, _cls(name)))
    assert peak < MAX_PEAK_PER_BYTE * len(text), f"{peak / len(text):.0f} bytes per byte"


def test_the_memory_of_refusing_grows_linearly() -> None:
    small, large = _claims("{}", SIZE // 4), _claims("{}", SIZE * 2)
    per_byte = [_peak(lambda t=t: loads(t)) / len(t) for t in (small, large)]  # type: ignore[misc]
    assert per_byte[1] < 1.5 * per_byte[0], per_byte
    assert per_byte[1] < MAX_PEAK_PER_BYTE, per_byte


# ------------------------------------------------------------------ JSON Lines


BAD_POINT = '{"schema_version": 1}'
"""A line with two problems: lat and lon are missing."""


def _counted(lines: Iterator[str], seen: list[int]) -> Iterator[str]:
    for line in lines:
        seen[0] += 1
        yield line


def test_loads_lines_stops_reading_an_endless_stream_of_bad_lines() -> None:
    seen = [0]
    err = _refused(lambda: loads_lines(_counted(itertools.repeat("1\n", 100_000), seen), Point))
    assert len(err.errors) == 1000
    assert seen[0] == 1001  # the 1001st bad line shows there are more problems
    assert "more than 1000 problems" in err.summary
    assert "Limits.max_problems" in err.summary


def test_loads_lines_reads_to_the_end_when_every_problem_is_listed() -> None:
    lines = ["1"] * 3 + ['{"schema_version": 1, "lat": 1, "lon": 2}'] * 5
    err = _refused(lambda: loads_lines(lines, Point, limits=Limits(max_problems=3)))
    assert err.summary == "3 problems on 3 lines; nothing was loaded"


def test_loads_lines_partial_keeps_every_good_line_and_counts_the_unlisted_bad_ones() -> None:
    good = '{"schema_version": 1, "lat": 1, "lon": 2}'
    lines = [good if i % 3 == 0 else BAD_POINT for i in range(3000)]
    result = loads_lines_partial(lines, Point, limits=Limits(max_problems=100))
    assert len(result.items) == 1000
    assert result.lines == tuple(range(1, 3001, 3))
    assert len(result.errors) == 100
    assert result.truncated
    # two problems a bad line: 50 lines listed, 1950 counted
    assert len(result.bad_lines) == 50
    assert result.unlisted_lines == 2000 - 50
    assert not result.ok
    with pytest.raises(ValidationError, match="more than 100 problems") as info:
        result.raise_errors()
    assert "1950 more bad lines" in info.value.summary


def test_loads_lines_partial_cut_inside_a_line_says_so() -> None:
    result = loads_lines_partial([BAD_POINT], Point, limits=Limits(max_problems=1))
    assert len(result.errors) == 1
    assert result.truncated
    assert result.unlisted_lines == 0


def test_loads_lines_partial_with_every_problem_listed_is_not_truncated() -> None:
    result = loads_lines_partial([BAD_POINT, "1"], Point)
    assert len(result.errors) == 3
    assert not result.truncated
    assert result.unlisted_lines == 0


def test_loads_lines_partial_on_a_long_stream_of_bad_lines_keeps_constant_memory() -> None:
    def run(n: int) -> int:
        return _peak(lambda: loads_lines_partial(itertools.repeat(BAD_POINT + "\n", n), Point))

    small, large = run(5_000), run(50_000)
    assert large < 1.5 * small + 100_000, (small, large)
    assert large < 4 * 2**20


def test_bad_lines_after_the_cap_are_not_diagnosed_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    import conflictmodels.serialization as ser

    calls: list[int] = []
    real = ser._detailed_errors

    def spy(body: Any, cls: type, keep_unknown: bool, max_problems: int) -> Any:
        calls.append(max_problems)
        return real(body, cls, keep_unknown, max_problems)

    monkeypatch.setattr(ser, "_detailed_errors", spy)
    loads_lines_partial([BAD_POINT] * 10, Point, limits=Limits(max_problems=3))
    assert calls[:2] == [3, 1]
    assert set(calls[2:]) == {1}
