"""Hostile JSON: every problem is a ValidationError naming its place, never a crash or a hang."""

from __future__ import annotations

import json
import sys
import time

import pytest

from conflictmodels import SCHEMA_VERSION, Claim, Dossier, FieldError, Point, ValidationError, dumps, loads
from conflictmodels.examples import kursk_dossier
from conflictmodels.limits import DEFAULT_LIMITS, Limits

POINT = '{"schema_version": 1, "lat": 51.5, "lon": 35.1}'


def refused(text: str | bytes, cls: type = Point, **kw: object) -> ValidationError:
    start = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        loads(text, cls, **kw)  # type: ignore[arg-type]
    assert time.perf_counter() - start < 5, "refusing must be quick"
    str(info.value)  # the message can always be built
    return info.value


def paths(err: ValidationError) -> list[str | None]:
    return [e.path for e in err.errors]


@pytest.mark.parametrize("cls", [Point, Dossier, Claim])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_is_refused_not_recursion_error(cls: type, opener: str) -> None:
    err = refused(opener * 100_000, cls)
    assert "levels deep" in str(err)
    assert paths(err) == ["$"]


@pytest.mark.parametrize("keep_unknown", [False, True])
def test_depth_limit_applies_to_unknown_keys(keep_unknown: bool) -> None:
    nested = "[" * 70 + "]" * 70
    text = f'{{"schema_version": {SCHEMA_VERSION}, "lat": 1, "lon": 2, "x": {nested}}}'  # written back as read
    err = refused(text, keep_unknown=keep_unknown)
    assert "more than 64 levels" in str(err)
    ok = loads(text, Point, keep_unknown=True, limits=Limits(max_depth=80))
    assert dumps(ok) == text.replace(", ", ", ")  # round-trips


def test_depth_scan_is_not_fooled_by_brackets_in_strings() -> None:
    # Brackets inside strings do not count; escaped quotes do not end strings.
    tricky = '"]]]]\\\\\\"]]]]"'
    text = f'{{"schema_version": 1, "lat": 1, "lon": 2, "x": {"[" * 10}{tricky}{"]" * 10}}}'
    loads(text, Point, keep_unknown=True, limits=Limits(max_depth=12))
    refused(text, keep_unknown=True, limits=Limits(max_depth=9))


def test_small_depth_limit_applies_to_valid_documents() -> None:
    text = dumps(kursk_dossier())
    # $ > claims > a claim > its statement > its event > actors > an actor: 7 levels
    assert loads(text, limits=Limits(max_depth=7)) == kursk_dossier()
    assert "levels deep" in str(refused(text, Dossier, limits=Limits(max_depth=6)))


def test_size_limit() -> None:
    err = refused(POINT, limits=Limits(max_bytes=10))
    assert "larger than 10 bytes" in str(err)
    refused(POINT.encode(), limits=Limits(max_bytes=10))
    # counted in UTF-8 bytes, not characters
    text = '{"schema_version": 1, "lat": 1, "lon": 2, "x": "' + "ж" * 20 + '"}'
    refused(text, keep_unknown=True, limits=Limits(max_bytes=len(text)))
    loads(text, Point, keep_unknown=True, limits=Limits(max_bytes=len(text.encode())))


def test_huge_string_and_array() -> None:
    big = '{"schema_version": 1, "lat": 1, "lon": 2, "x": "' + "a" * 2_000 + '"}'
    err = refused(big, keep_unknown=True, limits=Limits(max_string=1_000))
    assert paths(err) == ["$.x"]
    arr = '{"schema_version": 1, "lat": 1, "lon": 2, "x": [' + ",".join(["1"] * 2_000) + "]}"
    err = refused(arr, keep_unknown=True, limits=Limits(max_items=1_000))
    assert paths(err) == ["$.x"]
    # within the limits both load and round-trip
    for text in (big, arr):
        obj = loads(text, Point, keep_unknown=True)
        assert loads(dumps(obj), Point, keep_unknown=True) == obj


def test_a_long_key_counts_as_a_string() -> None:
    text = '{"schema_version": 1, "lat": 1, "lon": 2, "' + "k" * 50 + '": 1}'
    err = refused(text, keep_unknown=True, limits=Limits(max_string=10))
    assert "the key is longer" in str(err)


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" * 400 + ".0", "123456789e305"])
def test_overflowing_floats_are_refused_with_their_path(number: str) -> None:
    err = refused(POINT.replace("51.5", number))
    assert paths(err) == ["$.lat"]
    assert "too large for a 64-bit float" in str(err)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinities_are_refused_with_their_path(constant: str) -> None:
    err = refused(POINT.replace("35.1", constant))
    assert paths(err) == ["$.lon"]
    assert "not a JSON number" in str(err)


def test_tiny_floats_underflow_quietly() -> None:
    assert loads(POINT.replace("51.5", "1e-400"), Point).lat == 0.0


def test_huge_integers_are_refused_not_value_error() -> None:
    err = refused(POINT.replace("51.5", "9" * 5_000))
    assert paths(err) == ["$.lat"]
    assert "5000 digits" in str(err)


def test_huge_integers_are_refused_even_without_the_interpreter_limit() -> None:
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        err = refused(POINT.replace("51.5", "9" * 50_000))
    finally:
        sys.set_int_max_str_digits(old)
    assert paths(err) == ["$.lat"]


def test_big_integers_within_the_limit_are_checked_by_the_model() -> None:
    err = refused(POINT.replace("51.5", "9" * 400))
    assert paths(err) == ["$.lat"]
    text = POINT.replace("}", ', "x": ' + "9" * 400 + "}")
    obj = loads(text, Point, keep_unknown=True)
    assert loads(dumps(obj), Point, keep_unknown=True) == obj


def test_duplicate_keys_are_refused_with_key_and_path() -> None:
    text = dumps(kursk_dossier())
    text = text.replace('"source_id": "ru-mod"', '"source_id": "ru-mod", "source_id": "forbes"', 1)
    err = refused(text)
    [problem] = err.errors
    assert problem.field == "source_id"
    assert problem.path is not None
    assert problem.path.startswith("$.claims[")
    assert problem.path.endswith("].source_id")
    assert "duplicate key" in str(err)


def test_every_duplicate_is_reported() -> None:
    text = '{"schema_version": 1, "lat": 1, "lat": 1, "lon": 2, "lon": 3, "x": {"a": 1, "a": 2}}'
    err = refused(text, keep_unknown=True)
    assert paths(err) == ["$.lat", "$.lon", "$.x.a"]


def test_invalid_utf8_bytes() -> None:
    err = refused(POINT.encode().replace(b"51.5", b'"\xff"'))
    assert "not valid UTF-8" in str(err)
    assert "at byte 30" in str(err)


def test_utf16_is_refused_with_a_hint() -> None:
    err = refused(POINT.encode("utf-16"))
    assert "UTF-16" in str(err)


@pytest.mark.parametrize("bom_text", ["\ufeff" + POINT, (b"\xef\xbb\xbf" + POINT.encode())])
def test_a_utf8_bom_is_accepted_and_ignored(bom_text: str | bytes) -> None:
    assert loads(bom_text, Point) == Point(lat=51.5, lon=35.1)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\uDC00x", "\\ud83dA", "\\ude00\\ud83d"])
def test_lone_surrogate_escapes_are_refused_with_their_path(escape: str) -> None:
    text = '{"schema_version": 1, "title": "Kursk ' + escape + '"}'
    err = refused(text, Dossier)
    assert paths(err) == ["$.title"]
    assert "lone surrogate" in str(err)


def test_surrogate_pairs_are_fine() -> None:
    text = '{"schema_version": 1, "title": "Kursk \\ud83d\\ude00"}'
    assert loads(text, Dossier).title == "Kursk \U0001f600"


def test_a_raw_lone_surrogate_in_a_str_is_refused() -> None:
    err = refused('{"schema_version": 1, "title": "Kursk \ud800"}', Dossier)
    assert "lone surrogate" in str(err)


def test_a_lone_surrogate_in_a_key_is_refused() -> None:
    err = refused('{"schema_version": 1, "lat": 1, "lon": 2, "\\ud800": 1}', keep_unknown=True)
    assert "the key holds a lone surrogate" in str(err)


@pytest.mark.parametrize("value", [None, 12, 1.5, [], {}, object()])
def test_non_text_input_is_a_validation_error(value: object) -> None:
    refused(value)  # type: ignore[arg-type]


def test_many_problems_are_capped() -> None:
    items = ", ".join('{"k": 1, "k": 2}' for _ in range(500))
    err = refused('{"schema_version": 1, "lat": 1, "lon": 2, "x": [' + items + "]}", keep_unknown=True)
    assert len(err.errors) <= 101
    assert "more problems" in str(err.errors[-1])


def test_default_limits_are_documented_values() -> None:
    assert (
        Limits(
            max_bytes=256 * 1024 * 1024,
            max_depth=64,
            max_string=16 * 1024 * 1024,
            max_items=10_000_000,
            max_problems=1000,
        )
        == DEFAULT_LIMITS
    )


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "10"])
@pytest.mark.parametrize("name", ["max_depth", "max_problems"])
def test_limits_are_validated(name: str, bad: object) -> None:
    with pytest.raises(FieldError) as info:  # or its subclass FieldTypeError
        Limits(**{name: bad})  # type: ignore[arg-type]
    assert info.value.field == name


def test_the_valid_hot_path_is_unchanged() -> None:
    text = dumps(kursk_dossier())
    assert loads(text) == kursk_dossier()
    assert loads(text.encode()) == kursk_dossier()
    assert json.loads(text) == json.loads(dumps(loads(text)))


def test_duplicate_keys_can_be_allowed_for_speed() -> None:
    text = '{"schema_version": 1, "lat": 1, "lat": 2, "lon": 3}'
    assert loads(text, Point, limits=Limits(reject_duplicate_keys=False)) == Point(lat=2, lon=3)


@pytest.mark.parametrize(("count", "tail"), [(150, "and 50 more problems"), (500, "and at least 101 more problems")])
def test_the_count_of_unlisted_problems_is_exact_or_says_it_is_not(count: int, tail: str) -> None:
    # 150 repeated keys are all counted; of 500 the walk stops after 201, and says "at least"
    items = ", ".join('{"k": 1, "k": 2}' for _ in range(count))
    err = refused('{"schema_version": 1, "lat": 1, "lon": 2, "x": [' + items + "]}", keep_unknown=True)
    assert tail in str(err.errors[-1])
