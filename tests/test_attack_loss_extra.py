"""Attack class "silent loss": unknown keys (``extra``) that are not JSON, or that a
caller changes after the fact (issue #19, items 6 and 17).

Before: constructors accepted NaN, sets, bytes, datetimes, Decimals and UUIDs in
``extra``; with msgspec, ``dumps_lines`` wrote them as something else (``nan``, lists,
strings), so a saved file was refused line by line on reading. ``extra`` kept the
caller's nested dicts, so a "frozen" model changed when the caller's dict did.
"""

from __future__ import annotations

import decimal
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from conflictmodels import FieldError, Point, dumps, dumps_lines, loads, loads_lines, to_dict
from conflictmodels.files import dump_lines_file, load_lines_file

NOT_JSON: list[Any] = [
    float("nan"),
    float("inf"),
    {1, 2},
    frozenset({"a"}),
    b"bytes",
    bytearray(b"x"),
    datetime(2025, 3, 9, tzinfo=UTC),
    decimal.Decimal("1.5"),
    uuid.UUID(int=1),
    object(),
    {"nested": float("nan")},
    {"nested": [1, {2}]},
    {1: "int key"},
    "\ud800",
    [[[[[[[[[[1]]]]]]]]]] * 1,
]


@pytest.mark.parametrize("value", NOT_JSON, ids=lambda v: type(v).__name__)
def test_extra_holds_only_json(value: Any) -> None:
    if value == [[[[[[[[[[1]]]]]]]]]]:
        Point(lat=1, lon=2, extra={"deep": value})  # nesting within the limit is fine
        return
    with pytest.raises(FieldError) as info:
        Point(lat=1, lon=2, extra={"x_value": value})
    assert info.value.field == "extra"
    assert "must be JSON" in info.value.reason


def test_extra_nested_too_deep_is_refused_not_a_recursion_error() -> None:
    deep: Any = 1
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(FieldError, match="must be JSON"):
        Point(lat=1, lon=2, extra={"deep": deep})


@pytest.mark.parametrize("pure", [False, True], ids=["msgspec", "pure"])
def test_every_saved_line_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pure: bool) -> None:
    import conflictmodels._hotpath as hp

    if pure:
        monkeypatch.setattr(hp, "msgspec", None)
    points = [Point(lat=1, lon=2, extra={"x_tags": ["a", {"b": 1.5}], "x_n": 2**70}), Point(lat=3, lon=4)]
    path = tmp_path / "points.jsonl"
    dump_lines_file(points, path)
    assert list(load_lines_file(path, Point, keep_unknown=True)) == points


def test_extra_does_not_share_the_callers_dicts() -> None:
    tags = ["a"]
    nested = {"tags": tags}
    p = Point(lat=1, lon=2, extra={"x_meta": nested})
    tags.append("b")
    nested["new"] = 1
    assert to_dict(p)["x_meta"] == {"tags": ["a"]}
    with pytest.raises(TypeError):
        p.extra["x_meta"]["new"] = 1


def test_to_dict_returns_plain_data_the_caller_may_change() -> None:
    p = Point(lat=1, lon=2, extra={"x_meta": {"tags": ["a"]}})
    out = to_dict(p)
    assert type(out["x_meta"]) is dict
    assert type(out["x_meta"]["tags"]) is list
    out["x_meta"]["tags"].append("b")
    assert to_dict(p)["x_meta"] == {"tags": ["a"]}


@given(cst.with_extras(cst.claims()))
def test_extras_round_trip_on_every_path(claim: Any) -> None:
    assert loads(dumps(claim), type(claim), keep_unknown=True) == claim
    assert loads_lines(dumps_lines([claim]), type(claim), keep_unknown=True) == [claim]
    assert json.loads(dumps(claim)) == {"schema_version": 1, **to_dict(claim)}


@given(st.sampled_from(NOT_JSON[:9]))
def test_json_lines_writers_never_see_non_json(value: Any) -> None:
    with pytest.raises(FieldError):
        Point(lat=0, lon=0, extra={"x": value})
