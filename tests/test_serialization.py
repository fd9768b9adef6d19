"""Round-trip properties of the JSON layer for every model type.

Each model type gets one property test that checks, per generated object:
``loads(dumps(x)) == x``, ``from_dict(to_dict(x)) == x``, deterministic ``dumps`` that
starts with ``schema_version``, a ``to_dict`` made only of JSON types, keys in field
order, and ``attrs.evolve(x) == x``. Under the ``ci`` profile each type runs 1,000
examples, except :class:`Dossier`, which is slow to generate and runs 300
(``examples(300)``).
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from _support import examples, model_strategies
from conflictmodels import (
    SCHEMA_VERSION,
    Claim,
    ConflictModelsError,
    Credibility,
    Dossier,
    Point,
    Statement,
    UnknownFieldError,
    ValidationError,
    content_id,
    dumps,
    dumps_lines,
    from_dict,
    loads,
    loads_lines,
    to_dict,
)
from conflictmodels.examples import kursk_dossier

MODEL_STRATEGIES = model_strategies()
IDS = [cls.__name__ for cls, _ in MODEL_STRATEGIES]

JSON_SCALARS = (str, int, float, bool, type(None))


def assert_pure_json(value: Any, path: str = "$") -> None:
    """Fail unless ``value`` is built only from dict/list/str/int/float/bool/None."""
    if type(value) is dict:
        for key, item in value.items():
            assert type(key) is str, f"{path}: key {key!r} is not a string"
            assert_pure_json(item, f"{path}.{key}")
    elif type(value) is list:
        for i, item in enumerate(value):
            assert_pure_json(item, f"{path}[{i}]")
    else:
        assert type(value) in JSON_SCALARS, f"{path}: {type(value).__name__} is not a JSON type"
        if type(value) is float:
            assert math.isfinite(value), f"{path}: {value!r} is not finite"


def assert_keys_in_field_order(obj: Any, payload: dict[str, Any]) -> None:
    """Keys of a payload follow the class's field order (design: "Keys follow field order")."""
    order = [a.name for a in attrs.fields(type(obj)) if a.init and a.name != "extra"]
    keys = [k for k in payload if k != "schema_version"]
    assert keys == [name for name in order if name in keys], f"{type(obj).__name__}: {keys} not in {order}"


def check_round_trips(obj: Any) -> None:
    cls = type(obj)
    text = dumps(obj)
    assert text.startswith(f'{{"schema_version": {SCHEMA_VERSION}')
    back = loads(text, cls)
    assert type(back) is cls
    assert back == obj
    assert dumps(back) == text  # deterministic: equal objects give identical text
    assert dumps(obj) == text

    payload = to_dict(obj)
    assert next(iter(payload)) == "schema_version"
    assert payload["schema_version"] == SCHEMA_VERSION
    assert_pure_json(payload)
    assert json.loads(text) == payload
    again = from_dict(payload, cls)
    assert again == obj
    assert to_dict(again) == payload
    assert attrs.evolve(obj) == obj


@pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=IDS)
@given(data=st.data())
def test_round_trip_every_model_type(cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject) -> None:
    obj = data.draw(strategy)
    assert type(obj) is cls
    check_round_trips(obj)


@settings(max_examples=examples(300))  # dossiers are slow to generate: 300 under ci
@given(cst.dossiers())
def test_round_trip_dossier(dossier: Dossier) -> None:
    check_round_trips(dossier)


@pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=IDS)
@settings(max_examples=examples(200))
@given(data=st.data())
def test_keys_follow_field_order(cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject) -> None:
    obj = data.draw(strategy)
    payload = to_dict(obj)
    assert_keys_in_field_order(obj, payload)


def test_kursk_round_trip_and_defaults_omitted() -> None:
    d = kursk_dossier()
    assert loads(dumps(d)) == d
    assert loads(dumps(d, indent=2)) == d
    payload = to_dict(d)
    assert "assessments" not in payload  # empty tuple is the default: omitted
    claim = payload["claims"][0]
    assert "credibility" not in claim
    # a hop's hedge is required, so it is always written (never a silent "asserted")
    assert claim["attribution"][0] == {"source_id": "news-report", "verb": "reported", "hedge": "asserted"}
    assert claim["reported_at"] == "2025-03-09T18:00:00+03:00"
    assert claim["statement"]["predicate"] == "control"


def test_credibility_is_written_as_an_integer() -> None:
    claim = attrs.evolve(kursk_dossier().claims[0], credibility=Credibility(2))
    payload = to_dict(claim)
    assert payload["credibility"] == 2
    assert type(payload["credibility"]) is int
    assert loads(dumps(claim), Claim) == claim


def test_nested_objects_carry_no_schema_version() -> None:
    text = dumps(kursk_dossier())
    assert text.count('"schema_version"') == 1


def test_non_ascii_is_kept_as_is() -> None:
    text = dumps(kursk_dossier())
    assert "Черкасское Поречное" in text
    assert "\\u" not in text


def test_default_class_is_dossier() -> None:
    d = kursk_dossier()
    assert loads(dumps(d)) == d
    assert from_dict(to_dict(d)) == d


def test_loads_accepts_bytes() -> None:
    p = Point(lat=51.5, lon=35.1)
    assert loads(dumps(p).encode("utf-8"), Point) == p


def test_wrong_model_type_is_rejected() -> None:
    with pytest.raises(ConflictModelsError) as info:
        to_dict({"lat": 1})
    assert isinstance(info.value, TypeError)
    with pytest.raises(TypeError):
        from_dict({"schema_version": 1}, dict)


# --- unknown keys -------------------------------------------------------------------

_UNKNOWN_KEYS = st.from_regex(r"x_[a-z0-9]{1,8}", fullmatch=True)
_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=10)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def dict_paths(value: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object in ``value`` with its JSON path."""
    if type(value) is dict:
        yield path, value
        for key, item in value.items():
            yield from dict_paths(item, f"{path}.{key}")
    elif type(value) is list:
        for i, item in enumerate(value):
            yield from dict_paths(item, f"{path}[{i}]")


@st.composite
def payloads_with_unknown_keys(draw: st.DrawFn) -> tuple[type, dict[str, Any], dict[str, str]]:
    """A valid payload with unknown keys added to random nested objects.

    Returns the class, the payload and ``{path of the added key: key}``.
    """
    cls, strategy = draw(st.sampled_from([*MODEL_STRATEGIES, (Dossier, cst.dossiers(max_claims=3))]))
    payload = to_dict(draw(strategy))
    objects = list(dict_paths(payload))
    chosen = draw(st.lists(st.sampled_from(range(len(objects))), min_size=1, max_size=4, unique=True))
    added: dict[str, str] = {}
    for index in chosen:
        path, obj = objects[index]
        key = draw(_UNKNOWN_KEYS)
        obj[key] = draw(_JSON_VALUES)
        added[f"{path}.{key}"] = key
    return cls, payload, added


@settings(max_examples=examples(1000))
@given(payloads_with_unknown_keys())
def test_keep_unknown_round_trips_unknown_keys_at_any_level(case: tuple[type, dict[str, Any], dict[str, str]]) -> None:
    cls, payload, _added = case
    expected = json.loads(json.dumps(payload))
    obj = from_dict(payload, cls, keep_unknown=True)
    assert payload == expected  # the input is not modified
    assert json.loads(dumps(obj)) == expected
    assert to_dict(obj) == expected
    again = loads(dumps(obj), cls, keep_unknown=True)
    assert again == obj
    assert dumps(again) == dumps(obj)


@settings(max_examples=examples(1000))
@given(payloads_with_unknown_keys())
def test_unknown_keys_are_rejected_with_key_and_path(case: tuple[type, dict[str, Any], dict[str, str]]) -> None:
    cls, payload, added = case
    with pytest.raises(ValidationError) as info:
        from_dict(payload, cls)
    errors = info.value.errors
    assert all(type(e) is UnknownFieldError for e in errors), errors
    assert {e.path: e.field for e in errors} == added
    assert len(errors) == len(added)


def test_keep_unknown_fills_extra_of_the_right_object() -> None:
    payload = to_dict(kursk_dossier())
    payload["x_top"] = {"a": [1, 2]}
    payload["claims"][2]["statement"]["x_note"] = "kept"
    payload["locations"][0]["point"]["x_src"] = None
    d = from_dict(payload, keep_unknown=True)
    assert dict(d.extra) == {"x_top": {"a": (1, 2)}}  # kept as a deep read-only copy
    assert to_dict(d)["x_top"] == {"a": [1, 2]}
    assert dict(d.claims[2].statement.extra) == {"x_note": "kept"}
    assert dict(d.locations[0].point.extra) == {"x_src": None}  # type: ignore[union-attr]
    assert d.claims[0].statement.extra == {}
    # extra takes part in equality: the dossier is not the one without the keys
    assert d != kursk_dossier()
    with pytest.raises(ValidationError) as info:
        from_dict(payload)
    assert sorted(e.path for e in info.value.errors) == [
        "$.claims[2].statement.x_note",
        "$.locations[0].point.x_src",
        "$.x_top",
    ]


# --- evolve and content ids ------------------------------------------------------------


@given(cst.claims(), cst.ids())
def test_content_id_ignores_id_and_follows_content(claim: Claim, new_id: str) -> None:
    cid = content_id(claim)
    assert len(cid) == 32
    assert all(ch in "0123456789abcdef" for ch in cid)
    assert content_id(claim) == cid
    merged = tuple(i for i in claim.merged_ids if i != new_id)
    kept = tuple(w for w in claim.withdrawals if w.replaced_by != new_id)  # not corrected by itself
    assert content_id(attrs.evolve(claim, id=new_id, merged_ids=merged, withdrawals=kept)) == cid
    changed = attrs.evolve(claim, quote=(claim.quote or "") + " (updated)")
    assert content_id(changed) != cid
    # (withdrawals are not content, and none may be dated before the new report time)
    later = attrs.evolve(claim, reported_at=claim.reported_at + timedelta(seconds=1), withdrawals=())
    assert content_id(later) != cid
    assert content_id(loads(dumps(claim), Claim)) == cid


def test_content_id_ignores_extra() -> None:
    claim = kursk_dossier().claims[0]
    payload = to_dict(claim)
    payload["x_note"] = 1
    payload["statement"]["x_nested"] = [1, 2]
    payload["attribution"][0]["x_hop"] = "kept"
    with_extra = from_dict(payload, Claim, keep_unknown=True)
    assert with_extra != claim
    assert content_id(with_extra) == content_id(claim)


def test_content_id_of_kursk_claims_is_unique_per_claim() -> None:
    claims = kursk_dossier().claims
    assert len({content_id(c) for c in claims}) == len(claims)


def test_content_id_needs_a_claim() -> None:
    with pytest.raises(TypeError):
        content_id(Point(lat=1, lon=2))  # type: ignore[arg-type]


@given(cst.statements())
def test_evolve_reruns_validation(statement: Statement) -> None:
    assert attrs.evolve(statement) == statement
    with pytest.raises(ConflictModelsError):
        attrs.evolve(statement, negated="yes")


# --- JSON Lines ---------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(st.lists(cst.claims(), max_size=5))
def test_json_lines_round_trip(claims: list[Claim]) -> None:
    text = dumps_lines(claims)
    assert text.count("\n") == len(claims)
    assert all(line.startswith(f'{{"schema_version":{SCHEMA_VERSION},') for line in text.split("\n")[:-1])
    assert loads_lines(io.StringIO(text)) == claims
    assert loads_lines(text.split("\n")) == claims
    assert loads_lines(text) == claims  # names may hold U+2028 or U+0085: not line breaks in JSON Lines


def test_json_lines_skip_blank_lines_and_read_other_types() -> None:
    claims = list(kursk_dossier().claims)
    text = dumps_lines(claims[:2])
    assert loads_lines("\n" + text.replace("\n", "\n\n")) == claims[:2]
    points = [Point(lat=1, lon=2), Point(lat=-3.5, lon=4)]
    assert loads_lines(dumps_lines(points), Point) == points
    assert loads_lines("") == []


def test_json_lines_report_every_bad_line_with_its_number() -> None:
    good = dumps_lines(kursk_dossier().claims[:3]).splitlines()
    bad_claim = json.loads(good[1])
    bad_claim["statement"]["change"] = "annexed"
    lines = [good[0], json.dumps(bad_claim), good[2], "{oops"]
    with pytest.raises(ValidationError) as info:
        loads_lines("\n".join(lines))
    errors = info.value.errors
    assert [(e.line, e.path) for e in errors] == [(2, "$.statement.change"), (4, "$")]
    assert "nothing was loaded" in str(info.value)
    assert "line 2: $.statement.change" in str(info.value)


@pytest.mark.parametrize(("cls", "strategy"), MODEL_STRATEGIES, ids=IDS)
@settings(max_examples=examples(200))
@given(data=st.data())
def test_from_dict_keeps_every_unknown_value_to_dict_writes(
    cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    # from_dict keeps only exact JSON data as unknown values: what to_dict writes (plain
    # dicts and lists) is that, at every level.
    obj = data.draw(cst.with_extras(strategy))
    payload = to_dict(obj)
    assert from_dict(payload, cls, keep_unknown=True) == obj
    assert to_dict(from_dict(payload, cls, keep_unknown=True)) == payload
