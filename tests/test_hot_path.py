"""The hot path of loading and of JSON Lines writing changes speed, never results.

``loads`` and ``loads_lines`` first try ``_quick_load`` (a parser without hooks, msgspec
when the ``fast`` extra is installed, repeated keys found by counting) and fall back to
the guarded reader. These tests pin, with and without msgspec, that the hot path loads
exactly what the guarded reader loads, to equal objects, and that every input the
guarded reader refuses is refused with the same errors; and that ``dumps_lines`` writes
the same bytes with either encoder.
"""

from __future__ import annotations

import contextlib
import json
import types
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from attrs import evolve as attrs_evolve
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from _support import examples, model_strategies
from conflictmodels import (
    Claim,
    Estimate,
    Point,
    Predicate,
    Statement,
    ValidationError,
    _hotpath,
    dumps,
    dumps_lines,
    loads,
    loads_lines,
)
from conflictmodels import serialization as ser
from conflictmodels._checks import rules_of

STRATEGIES = model_strategies()
IDS = [cls.__name__ for cls, _ in STRATEGIES]
MODES = ["msgspec", "stdlib"] if _hotpath.msgspec is not None else ["stdlib"]


@contextlib.contextmanager
def mode(name: str) -> Iterator[None]:
    """The hot path with msgspec (as installed) or with the standard library only."""
    if name == "msgspec":
        yield
    else:
        with mock.patch.object(_hotpath, "msgspec", None):
            yield


def outcome(load: Callable[[], Any]) -> str:
    try:
        return "ok " + repr(load())
    except Exception as err:
        return f"error {type(err).__name__}: {err}"


def hot_and_guarded(load: Callable[[], Any]) -> tuple[str, str]:
    hot = outcome(load)
    with mock.patch.object(ser, "_quick_load", return_value=None):
        guarded = outcome(load)
    return hot, guarded


def render(data: st.DataObject, value: Any) -> str:
    """JSON text of ``value`` with drawn spacing, and perhaps one object repeating a key."""
    if isinstance(value, dict):
        items = list(value.items())
        if items and data.draw(st.integers(0, 9)) == 0:
            key, v = data.draw(st.sampled_from(items))
            again = data.draw(st.sampled_from([v, None, 1, "x", {"a": 1}]))
            items.insert(data.draw(st.integers(0, len(items))), (key, again))
        colon = data.draw(st.sampled_from([":", ": ", ":", " :", "\n: ", "\t:"]))
        comma = data.draw(st.sampled_from([",", ", ", ",\n  "]))
        return "{" + comma.join(json.dumps(k, ensure_ascii=False) + colon + render(data, v) for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(render(data, v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=data.draw(st.booleans()))


@pytest.mark.parametrize("name", MODES)
@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(120))
@given(data=st.data())
def test_hot_path_loads_exactly_what_the_guarded_reader_loads(name: str, cls: type, strategy: Any, data: Any) -> None:
    obj = data.draw(strategy)
    text = data.draw(st.sampled_from([dumps(obj), dumps_lines([obj]).rstrip("\n"), render(data, ser.to_dict(obj))]))
    as_bytes = data.draw(st.booleans())
    with mode(name):
        hot, guarded = hot_and_guarded(lambda: loads(text.encode() if as_bytes else text, cls))
        lines_hot, lines_guarded = hot_and_guarded(lambda: loads_lines(text + "\n", cls))
    assert hot == guarded
    assert lines_hot == lines_guarded
    assert hot.startswith("ok") or "duplicate key" in hot
    if text in (dumps(obj), dumps_lines([obj]).rstrip("\n")):
        assert loads(text, cls) == obj


TRICKY = [
    '{"schema_version": 1, "lat": 1, "lon": 2}',
    '{"schema_version":1,"lat":1.0,"lon":2}',
    '{"schema_version": 1, "lat": 1, "lat": 1, "lon": 2}',
    '{"schema_version": 1, "lat" : 1, "lat": 3, "lon": 2}',
    '{"schema_version": 1, "lat": 1, "lon": 2, "lon"\n: 2}',
    '{"schema_version": 1, "schema_version": 1, "lat": 1, "lon": 2}',
    '{"schema_version": true, "lat": 1, "lon": 2}',
    '{"schema_version": 1.0, "lat": 1, "lon": 2}',
    '{"schema_version": 2, "lat": 1, "lon": 2}',
    '{"schema_version": 1, "lat": 1e400, "lon": 2}',
    '{"schema_version": 1, "lat": 1e-400, "lon": 2}',
    '{"schema_version": 1, "lat": -0, "lon": 2}',
    '{"schema_version": 1, "lat": NaN, "lon": 2}',
    '{"schema_version": 1, "lat": Infinity, "lon": 2}',
    '{"schema_version": 1, "lat": 1, "lon": 2, "precision_m": 18446744073709551616}',
    '{"schema_version": 1, "lat": 1, "lon": 2, "precision_m": 1' + "0" * 4400 + "}",
    '\ufeff{"schema_version": 1, "lat": 1, "lon": 2}',
    '{"schema_version": 1, "lat": 1, "lon": 2}  ',
    '{"schema_version": 1, "lat": 1, "lon": 2} x',
    '[{"schema_version": 1, "lat": 1, "lon": 2}]',
    '{"schema_version": 1, "lat": 1, "lon": 2, "note": "\\ud800"}',
    '{"schema_version": 1, "lat": 1, "lon": 2, "lo\\u006e": 3}',
    '{"schema_version": 1, "lat": 1, "lon": 2, "\\u0022:": 3}',
]
CLAIM_HEAD = '{"schema_version": 1, "id": "c", "source_id": "s", "reported_at": "2025-03-09T12:00:00+03:00", '
TRICKY_CLAIMS = [
    CLAIM_HEAD + '"statement": {"predicate": "situation", "description": "' + text + '"}' + rest + "}"
    for text, rest in [
        ("ok", ""),
        ('a\\": b', ""),
        ("\\\\", ', "quote": "x"'),
        ("\\ud800", ""),
        ("\\ud83d\\ude00", ""),
        (":start", ', "quote": ": q"'),
        ("x", ', "quote": "y", "quote": "y"'),
        ("x", ', "statement": {"predicate": "situation", "description": "x"}'),
        ("\\u003a", ', "quote"  :  "y"'),
        ("tab\\tnew\\nline", ""),
    ]
]


@pytest.mark.parametrize("name", MODES)
@pytest.mark.parametrize("text", TRICKY + TRICKY_CLAIMS)
def test_hot_path_and_guarded_reader_agree_on_tricky_input(name: str, text: str) -> None:
    cls = Claim if "statement" in text else Point
    with mode(name):
        for form in (text, text.encode("utf-8", "surrogatepass")):
            hot, guarded = hot_and_guarded(lambda: loads(form, cls))  # noqa: B023 - called at once
            assert hot == guarded, form


@pytest.mark.parametrize("name", MODES)
def test_repeated_keys_are_refused_by_both_paths(name: str) -> None:
    with mode(name):
        for text in TRICKY[2:6]:
            with pytest.raises(ValueError, match="duplicate key"):
                loads(text, Point)


def test_the_key_count_is_never_fooled_by_space_before_a_colon() -> None:
    assert _hotpath.key_count_matches('{"a":1,"b":2}', 2)
    assert _hotpath.key_count_matches(b'{"a": 1, "b": {"c": 2}}', 3)
    assert not _hotpath.key_count_matches('{"a":1,"a" :2}', 1)
    assert not _hotpath.key_count_matches(b'{"a":1,"a"\t:2}', 1)
    assert not _hotpath.key_count_matches('{"a":":x"}', 1)  # overcounts: refused, never accepted


FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1e-4, 9.99e-5, 1e-5, 1e16, 9999999999999998.0, 1e22, 5e-324, 1.5, 123456.789]),
)


@settings(max_examples=examples(200))
@given(st.lists(cst.claims(), max_size=3), st.lists(FLOATS, max_size=4), st.dictionaries(st.text(), FLOATS, max_size=3))
def test_dumps_lines_writes_the_same_bytes_with_either_encoder(
    claims: list[Claim], floats: list[float], extra: dict[str, float]
) -> None:
    objs: list[Any] = [*claims]
    objs += [Point(lat=max(-90.0, min(90.0, f)), lon=0, precision_m=abs(f)) for f in floats]
    objs += [Estimate(high=abs(f), unit="troops") for f in floats]
    text = dumps_lines(objs)
    with mode("stdlib"):
        assert dumps_lines(objs) == text
    reference = "".join(
        json.dumps(ser.to_dict(o), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n" for o in objs
    )
    assert text == reference
    assert loads_lines(dumps_lines(claims)) == claims
    payload = json.dumps({"schema_version": 1, "lat": 1, "lon": 2, **{f"x{k}": v for k, v in extra.items()}})
    kept = loads(payload, Point, keep_unknown=True)
    expected = json.dumps(ser.to_dict(kept), ensure_ascii=False, separators=(",", ":")) + "\n"
    assert dumps_lines([kept]) == expected
    with mode("stdlib"):
        assert dumps_lines([kept]) == expected


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(200))
@given(data=st.data())
def test_every_model_is_written_as_json_dumps_writes_it(cls: type, strategy: Any, data: Any) -> None:
    objs = data.draw(st.lists(strategy, max_size=3))
    reference = "".join(
        json.dumps(ser.to_dict(o), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n" for o in objs
    )
    for name in MODES:
        with mode(name):
            assert dumps_lines(objs) == reference
    assert loads_lines(reference, cls) == objs


def test_the_kursk_dossier_is_written_as_json_dumps_writes_it() -> None:
    from conflictmodels import reconcile
    from conflictmodels.examples import kursk_dossier

    dossier = kursk_dossier()
    dossier = dossier.with_assessments(reconcile(dossier).assessments)
    reference = json.dumps(ser.to_dict(dossier), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
    for name in MODES:
        with mode(name):
            assert dumps_lines([dossier]) == reference


def test_the_text_writer_writes_null_where_a_field_cannot_be_omitted() -> None:
    import attrs

    from conflictmodels import _spec
    from conflictmodels._checks import EMPTY

    def kind(name: str, **options: Any) -> dict[str, Any]:
        return {_spec.SPEC: _spec.Spec(name, **options)}

    @attrs.frozen(kw_only=True)
    class Odd:  # @model refuses such fields (for now); the generators must still be right for them
        a: str | None = attrs.field(metadata=kind("text", optional=True))
        b: int | None = attrs.field(default=5, metadata=kind("number", optional=True, integer=True))
        extra: Any = attrs.field(default=EMPTY, metadata=kind("extra"))

    payload = ser._unstructure_hook(Odd, ser._unstructurer(), True, top=True)
    write = ser._text_writer(Odd)
    for obj in (Odd(a=None), Odd(a="x", b=None), Odd(a="y", b=5), Odd(a="z", b=7)):
        parts: list[str] = []
        write([obj], parts)
        assert "".join(parts) == json.dumps(payload(obj), separators=(",", ":")) + "\n"


def test_the_text_writer_opens_and_closes_nested_objects_that_may_be_empty() -> None:
    # The writer inlines nested models: an object whose first member may be left out
    # drops its first comma after the fact, and a tuple of models with no default may be
    # empty. No model of the library has such a tuple (yet); the generator must be right.
    import attrs

    from conflictmodels import _spec
    from conflictmodels._checks import EMPTY

    def kind(name: str, **options: Any) -> dict[str, Any]:
        return {_spec.SPEC: _spec.Spec(name, **options)}

    @attrs.frozen(kw_only=True)
    class Inner:
        x: str | None = attrs.field(default=None, metadata=kind("text", optional=True))
        y: int = attrs.field(default=0, metadata=kind("number", integer=True))
        extra: Any = attrs.field(default=EMPTY, metadata=kind("extra"))

    @attrs.frozen(kw_only=True)
    class Outer:
        items: tuple[Inner, ...] = attrs.field(metadata=kind("model", many=True, cls=Inner))
        one: Inner | None = attrs.field(default=None, metadata=kind("model", optional=True, cls=Inner))
        extra: Any = attrs.field(default=EMPTY, metadata=kind("extra"))

    cases = [
        (Outer(items=()), {"items": []}),
        (Outer(items=(Inner(),), one=Inner()), {"items": [{}], "one": {}}),
        (
            Outer(items=(Inner(x="a"), Inner(y=2, extra={"k": [1]}), Inner(extra={"z": None})), one=Inner(y=3)),
            {"items": [{"x": "a"}, {"y": 2, "k": [1]}, {"z": None}], "one": {"y": 3}},
        ),
    ]
    parts: list[str] = []
    ser._text_writer(Outer)(iter([obj for obj, _ in cases]), parts)
    expected = "".join(
        json.dumps({"schema_version": ser.SCHEMA_VERSION, **payload}, separators=(",", ":")) + "\n"
        for _, payload in cases
    )
    assert "".join(parts) == expected


ZONES = st.one_of(
    st.just(UTC),
    st.builds(
        timezone, st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
    ),
    st.sampled_from([ZoneInfo("Europe/Kyiv"), ZoneInfo("Europe/Moscow"), ZoneInfo("America/St_Johns")]),
)


class OtherDatetime(datetime):
    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        return "written by the subclass"


@settings(max_examples=examples(300))
@given(st.lists(st.tuples(st.datetimes(timezones=ZONES), st.booleans()), max_size=12))
def test_date_times_are_written_as_isoformat_writes_them(moments: list[tuple[datetime, bool]]) -> None:
    # One table per call: the same days, times and zones, sub-minute offsets, microseconds,
    # folds, zones that are not fixed offsets, and a subclass of datetime.
    texts = ser._DateTimeTexts()
    values = [OtherDatetime.fromisoformat(d.isoformat()) if sub else d for d, sub in moments]
    values += [d.replace(fold=1 - d.fold) for d in values] + values
    for d in values:
        assert texts(d) == f'"{d.isoformat()}"'


@settings(max_examples=examples(100))
@given(st.lists(cst.claims(), min_size=1, max_size=3), ZONES)
def test_values_repeated_in_one_call_are_written_as_each_object_holds_them(claims: list[Claim], zone: Any) -> None:
    # The writer's tables of one call: the same strings and date-time objects in many
    # claims, and equal instants written with other offsets (which a table by value would
    # confuse), in runs of several types, from a generator.
    moved = [attrs_evolve(c, reported_at=c.reported_at.astimezone(zone)) for c in claims]
    objs: list[Any] = [*claims, *moved, Point(lat=1, lon=2), *claims, *reversed(moved)]
    reference = "".join(
        json.dumps(ser.to_dict(o), ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n" for o in objs
    )
    with mode("stdlib"):
        assert dumps_lines(iter(objs)) == reference
        assert ser.dumps_lines_bytes(objs) == reference.encode()


@pytest.mark.parametrize("keep_unknown", [False, True])
def test_both_paths_refuse_a_document_dense_in_problems_alike(keep_unknown: bool) -> None:
    # Limits.max_problems caps the detailed pass, whichever parser read the text.
    text = '{"schema_version": 1, "claims": [' + ",".join(["{}", "1", '{"id": 5}'] * 2000) + "]}"
    refusals = set()
    for name in MODES:
        with mode(name), pytest.raises(ValidationError) as info:
            loads(text, keep_unknown=keep_unknown)
        err = info.value
        refusals.add((err.summary, tuple((e.path, str(e)) for e in err.errors)))
    [(summary, problems)] = refusals
    assert summary.startswith("more than 1000 problems")
    assert len(problems) == 1000


# The `fast` extra reads whole JSON Lines inputs through msgspec mirrors of the models
# (serialization._load_whole) and each line on its own otherwise: either way the result
# is the pure path's, object for object and error for error.
STREAM_CLAIM = (
    '{"schema_version":2,"id":"c%d","source_id":"s","attribution":[{"source_id":"s","verb":"said","hedge":"claimed"}],'
    '"reported_at":"2025-03-09T12:00:00+03:00","statement":{"predicate":"situation","description":"d"},"language":"en"}'
)
ODD_LINES = [
    STREAM_CLAIM % 1,
    (STREAM_CLAIM % 2).replace('"language":"en"', '"language":"en","language":"en"'),  # a repeated key
    (STREAM_CLAIM % 3).replace('"language":"en"', '"language":"en","when_doubtful":false'),  # an explicit default
    (STREAM_CLAIM % 4).replace('"language":"en"', '"language":"en","lang":"en"'),  # an unknown key
    (STREAM_CLAIM % 5).replace('"hedge":"claimed"', '"hedge":"claimed","hedge":"claimed"'),  # repeated, nested
    (STREAM_CLAIM % 6).replace('"schema_version":2', '"schema_version":1'),  # an older version
    (STREAM_CLAIM % 7).replace('"language":"en"', '"language" :"en"'),  # space before a colon
    (STREAM_CLAIM % 8) + " " + (STREAM_CLAIM % 9),  # two values on one line
    (STREAM_CLAIM % 10).replace('"language":"en"', '"language":\n"en"'),  # one value over two lines
    "",
    "   ",
    "\ufeff" + STREAM_CLAIM % 11,
    (STREAM_CLAIM % 12).replace('"d"', '"a\\u0022: b"'),  # an escaped quote before a colon
    (STREAM_CLAIM % 13).replace('"s"', '"\\u0441"'),  # an escaped Cyrillic id
]


@pytest.mark.parametrize("name", MODES)
@pytest.mark.parametrize("odd", range(len(ODD_LINES)))
def test_a_stream_with_one_odd_line_loads_as_the_pure_path_loads_it(name: str, odd: int) -> None:
    text = "\n".join([STREAM_CLAIM % 100, ODD_LINES[odd], STREAM_CLAIM % 101]) + "\n"
    with mode(name):
        for form in (text, text.encode("utf-8")):
            hot, guarded = hot_and_guarded(lambda: loads_lines(form, Claim))  # noqa: B023 - called at once
            with mock.patch.object(ser, "_load_whole", return_value=None):
                per_line = outcome(lambda: loads_lines(form, Claim))  # noqa: B023 - called at once
            assert hot == guarded == per_line, form
            partial = ser.loads_lines_partial(form, Claim)
            with mock.patch.object(ser, "_quick_load", return_value=None):
                assert repr(partial) == repr(ser.loads_lines_partial(form, Claim))


@pytest.mark.parametrize("name", MODES)
def test_odd_lines_the_pure_path_accepts_are_accepted(name: str) -> None:
    accepted = [ODD_LINES[i] for i in (0, 2, 5, 6, 11, 12, 13)]
    with mode(name):
        claims = loads_lines("\n".join(accepted) + "\n", Claim)
    assert [c.id for c in claims] == ["c1", "c3", "c6", "c7", "c11", "c12", "c13"]


@pytest.mark.parametrize("name", MODES)
@settings(max_examples=examples(60))
@given(st.lists(cst.claims(), min_size=1, max_size=4))
def test_bytes_writer_and_content_id_agree_on_every_path(name: str, claims: list[Claim]) -> None:
    # UTC is written +00:00 on every path (as datetime.isoformat writes it), and the
    # content id, computed from instants, is that of the claim however it was loaded.
    with mode(name):
        data = ser.dumps_lines_bytes(claims)
        assert data == dumps_lines(claims).encode("utf-8")
        loaded = loads_lines(data, Claim)
    with mode("stdlib"):
        assert data == ser.dumps_lines_bytes(claims)
        assert loaded == loads_lines(data, Claim) == claims
    assert [ser.content_id(c) for c in loaded] == [ser.content_id(c) for c in claims]


def test_strings_are_shared_within_a_load_and_the_table_let_go() -> None:
    text = "".join(STREAM_CLAIM % i + "\n" for i in range(3))
    for name in MODES:
        with mode(name):
            a, b, _ = loads_lines(text.encode(), Claim)
        assert a.source_id is b.source_id
        assert a.attribution[0].verb is b.attribution[0].verb
        assert not ser._SHARED
        assert not any(ser._ADMITTED), "the fast reader's tables of tested strings are let go too"


def test_a_str_subclass_is_never_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dict reader refuses a str subclass, and must not leave it in the table where
    another load (another thread's) would get it back instead of its own valid string."""

    class Tagged(str):
        pass

    payload = ser.to_dict(loads(STREAM_CLAIM % 0, Claim))
    payload["source_id"] = Tagged(payload["source_id"])
    payload["merged_ids"] = [Tagged("c-other")]  # a tuple holding one
    monkeypatch.setattr(ser, "_let_go_of_shared", lambda limit=0: None)  # keep what the load left
    try:
        with pytest.raises(ValidationError, match="source_id"):
            ser.from_dict(payload, Claim)
        leaked = [
            k for k in ser._SHARED if type(k) is not str and not (type(k) is tuple and all(type(x) is str for x in k))
        ]
        assert leaked == []
    finally:
        ser._SHARED.clear()


@pytest.mark.parametrize("enabled", [True, False])
def test_loads_lines_and_reconcile_pause_the_collector_and_restore_it_even_on_error(enabled: bool) -> None:
    import gc

    from conflictmodels import reconciliation
    from conflictmodels.examples import kursk_dossier

    seen: list[bool] = []

    def spy(fn: Callable[..., Any], fail: bool = False) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            seen.append(gc.isenabled())
            if fail:
                raise RuntimeError("stop")
            return fn(*args, **kwargs)

        return wrapped

    dossier = kursk_dossier()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with mock.patch.object(ser, "_read_lines", spy(ser._read_lines)):
            with pytest.raises(ValidationError):
                loads_lines(STREAM_CLAIM % 1 + "\nnot json\n", Claim)
            assert gc.isenabled() is enabled
        with mock.patch.object(ser, "_load_whole", spy(ser._load_whole)):
            loads_lines(STREAM_CLAIM % 1 + "\n", Claim)
            assert gc.isenabled() is enabled
        with mock.patch.object(reconciliation, "_resolve", spy(reconciliation._resolve)):
            reconciliation.reconcile(dossier)
        failing = mock.patch.object(reconciliation, "_resolve", spy(reconciliation._resolve, fail=True))
        with failing, pytest.raises(RuntimeError):
            reconciliation.reconcile(dossier)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert len(seen) == 4
    assert not any(seen)


_SOME = st.sampled_from([None, "x"])
_IDS = st.sampled_from([(), ("a",), ("a", "b")])


@settings(max_examples=400, deadline=None)
@given(
    predicate=st.sampled_from([*Predicate, "not-a-member"]),
    values=st.fixed_dictionaries(
        {
            "party": _SOME,
            "change": _SOME,
            "quantity": _SOME,
            "description": _SOME,
            "custom_predicate": _SOME,
            "favours": _SOME,
            "attribute": _SOME,
            "value": _SOME,
            "entity": _SOME,
            "event": _SOME,
            "location_ids": _IDS,
            "unit_ids": _IDS,
            "person_ids": _IDS,
        }
    ),
)
def test_statement_needs_checked_by_predicate_hold_exactly_when_each_need_does(
    predicate: Any, values: dict[str, Any]
) -> None:
    """The fast form of the predicate table (one branch per predicate, folded) holds for
    a statement exactly when every need, tested one by one as errors are reported, does."""
    rules = rules_of(Statement.__attrs_post_init__)
    assert rules is not None
    needs = [c for c in rules.cross if c.fast is not None]
    assert len(needs) > 10
    assert needs[0].fast
    assert all(c.fast == "" for c in needs[1:])
    s = types.SimpleNamespace(predicate=predicate, **values)
    env = {**rules.namespace, "s": s}
    one_by_one = predicate != "not-a-member" and all(eval(c.test, env) for c in needs)
    assert bool(eval(needs[0].fast, env)) is one_by_one
