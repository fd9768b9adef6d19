"""Attack class "silent loss": unknown keys that cannot be kept as they came (issue #19,
items 8 and 17).

Before: with ``keep_unknown=True`` a ``schema_version`` key inside a nested object was
kept in that object's ``extra``; written out, it became the version of the payload
when the object was written on its own (a claim of a dossier as a JSON Lines line), or
a second ``schema_version`` key: msgspec wrote ``{"schema_version":7,...}`` (refused on
reading: "not supported") and the pure writer ``{"schema_version":1,...,
"schema_version":7}`` (refused: "duplicate key"). ``from_dict(keep_unknown=True)``
accepted tuples (and subclasses of str, int and dict, and non-string keys, these
reported at ``$`` instead of their place), though the docs say it takes JSON data only.

Now ``schema_version`` is refused inside an object, with its path, on reading; a model
whose ``extra`` would hold it is refused by its constructor, so no writer meets one; and unknown values
handed to ``from_dict`` must be JSON data exactly, each problem at its path.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import json
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import attrs
import pytest

from conflictmodels import (
    SCHEMA_VERSION,
    Dossier,
    FieldError,
    Point,
    ValidationError,
    _hotpath,
    dumps,
    from_dict,
    loads,
    loads_lines,
    to_dict,
)
from conflictmodels.examples import kursk_dossier

PATHS = ["msgspec", "pure"] if _hotpath.msgspec is not None else ["pure"]


@contextlib.contextmanager
def path(name: str) -> Iterator[None]:
    """The msgspec path (as installed) or the pure-Python one."""
    if name == "msgspec":
        yield
    else:
        with mock.patch.object(_hotpath, "msgspec", None):
            yield


def _kursk_with(where: str, key: str, value: Any) -> dict[str, Any]:
    """The Kursk dossier's payload with ``key: value`` added to the object at ``where``."""
    payload: dict[str, Any] = json.loads(dumps(kursk_dossier()))
    target: Any = payload
    for part in where.split("."):
        target = target[int(part)] if part.isdigit() else target[part]
    target[key] = value
    return payload


NESTED = ["claims.0", "claims.0.statement", "claims.0.attribution.1", "sources.2", "locations.0"]


def _json_path(where: str) -> str:
    out = "$"
    for part in where.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


# ------------------------------------------------------------- schema_version (item 8)


@pytest.mark.parametrize("name", PATHS)
@pytest.mark.parametrize("where", NESTED)
def test_a_nested_schema_version_is_refused_with_its_path(name: str, where: str) -> None:
    payload = _kursk_with(where, "schema_version", 7)
    with path(name), pytest.raises(ValidationError) as info:
        loads(json.dumps(payload), keep_unknown=True)
    [problem] = info.value.errors
    assert problem.path == _json_path(where) + ".schema_version"
    assert "only at the top level" in problem.reason
    with pytest.raises(ValidationError) as info:
        from_dict(payload, keep_unknown=True)
    assert [e.path for e in info.value.errors] == [problem.path]


def test_a_nested_schema_version_is_still_an_unknown_key_without_keep_unknown() -> None:
    with pytest.raises(ValidationError) as info:
        loads(json.dumps(_kursk_with("claims.0", "schema_version", 1)))
    [problem] = info.value.errors
    assert problem.path == "$.claims[0].schema_version"
    assert "unknown key" in problem.reason


def test_a_nested_schema_version_line_is_refused_on_both_paths() -> None:
    claim = _kursk_with("claims.0", "schema_version", 7)["claims"][0]
    claim["statement"]["schema_version"] = 7
    line = json.dumps({"schema_version": 1, **{k: v for k, v in claim.items() if k != "schema_version"}})
    outcomes = set()
    for name in PATHS:
        with path(name), pytest.raises(ValidationError) as info:
            loads_lines(line, keep_unknown=True)
        outcomes.add(tuple((e.line, e.path) for e in info.value.errors))
    assert outcomes == {((1, "$.statement.schema_version"),)}


@pytest.mark.parametrize("index", [0, 1, 2], ids=["top-level point", "top-level claim", "nested statement"])
def test_no_model_can_hold_an_extra_schema_version(index: int) -> None:
    claim = kursk_dossier().claims[0]
    build: list[Callable[[], object]] = [
        lambda: Point(lat=1, lon=2, extra={"schema_version": 5}),
        lambda: attrs.evolve(claim, extra={"schema_version": 7}),
        lambda: attrs.evolve(claim.statement, extra={"schema_version": 7}),
    ]
    with pytest.raises(FieldError, match="schema_version"):
        build[index]()


def test_the_top_level_schema_version_is_the_payloads_not_an_unknown_key() -> None:
    text = f'{{"schema_version": {SCHEMA_VERSION}, "lat": 1, "lon": 2, "x_note": "kept"}}'
    point = loads(text, Point, keep_unknown=True)
    assert dict(point.extra) == {"x_note": "kept"}
    assert json.loads(dumps(point)) == json.loads(text)


# ------------------------------------------------------ from_dict takes JSON data (item 17)


class _Level(enum.IntEnum):
    HIGH = 1


class _Text(str):
    pass


NOT_JSON_DATA: list[tuple[str, Any, str]] = [
    ("a tuple", ("a", "b"), "$.x_value"),
    ("a tuple in a list", [1, ("a",)], "$.x_value[1]"),
    ("a tuple in an object", {"tags": ("a",)}, "$.x_value.tags"),
    ("an int enum", _Level.HIGH, "$.x_value"),
    ("a str subclass", _Text("x"), "$.x_value"),
    ("an ordered dict", collections.OrderedDict(a=1), "$.x_value"),
    ("an int key", {1: "a"}, "$.x_value"),
    ("a None key deep down", {"a": [{None: 1}]}, "$.x_value.a[0]"),
]


@pytest.mark.parametrize(
    ("value", "where"), [(v, w) for _, v, w in NOT_JSON_DATA], ids=[n for n, _, _ in NOT_JSON_DATA]
)
def test_from_dict_keeps_only_json_data(value: Any, where: str) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict({"schema_version": 1, "lat": 1, "lon": 2, "x_value": value}, Point, keep_unknown=True)
    [problem] = info.value.errors
    assert problem.path == where


@pytest.mark.parametrize(
    ("value", "where"), [(v, w) for _, v, w in NOT_JSON_DATA], ids=[n for n, _, _ in NOT_JSON_DATA]
)
def test_from_dict_keeps_only_json_data_in_nested_objects(value: Any, where: str) -> None:
    payload = _kursk_with("claims.0.statement", "x_value", None)
    payload["claims"][0]["statement"]["x_value"] = value
    with pytest.raises(ValidationError) as info:
        from_dict(payload, Dossier, keep_unknown=True)
    [problem] = info.value.errors
    assert problem.path == where.replace("$", "$.claims[0].statement")


def test_from_dict_refuses_a_non_string_unknown_key_at_its_object() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict({"schema_version": 1, "lat": 1, "lon": 2, 7: "x"}, Point, keep_unknown=True)
    [problem] = info.value.errors
    assert problem.path == "$"
    assert "not a string" in problem.reason


def test_from_dict_keeps_what_loads_keeps() -> None:
    payload = _kursk_with("claims.0.statement", "x_value", {"tags": ["a", {"b": [1.5, None, True]}]})
    kept: Dossier = from_dict(payload, keep_unknown=True)
    assert kept == loads(json.dumps(payload), keep_unknown=True)
    assert to_dict(kept) == payload


def test_every_problem_of_kept_values_is_listed() -> None:
    payload = {"schema_version": 1, "lat": 1, "lon": 2, "x_a": (1,), "x_b": {2: 1}, "x_c": "fine"}
    with pytest.raises(ValidationError) as info:
        from_dict(payload, Point, keep_unknown=True)
    assert [e.path for e in info.value.errors] == ["$.x_a", "$.x_b"]
