"""The generated fast paths behave exactly like the cattrs code they replace.

Loading runs a generated reader per class first (``_fast_structure_fn``) and falls back
to the detailed cattrs pass for errors; dumping runs a generated writer per class
(``_unstructure_hook``). These tests pin that the fast reader accepts exactly what the
detailed pass accepts and builds equal objects (same ``repr``: an ``int`` stays an
``int``), and that the writer gives the payload cattrs' omit-if-default writer gives,
with keys in field order; and that valid payloads of every model type do take the fast
path (with msgspec and without), so that a dependency upgrade cannot switch it off
unnoticed. No timings are asserted here; see ``benchmarks/``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from unittest import mock

import attrs
import cattrs
import pytest
from cattrs.gen import make_dict_unstructure_fn, override
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _support import examples, model_strategies
from conflictmodels import (
    Claim,
    Dossier,
    _hotpath,
    dumps,
    dumps_lines,
    loads,
    loads_lines,
)
from conflictmodels import serialization as ser
from conflictmodels.examples import kursk_dossier

STRATEGIES = model_strategies()
IDS = [cls.__name__ for cls, _ in STRATEGIES]

WEIRD: list[Any] = [
    None, True, False, 0, 1, -1, 2, 1.5, 2.0, "", " ", "x y", "RU", "control", "asserted", "day", "Q12",
    "2025-03-09", "2025-03-09T12:00:00", "2025-03-09T12:00:00+03:00", "2025-03-09 12:00Z", "a" * 300,
    [], ["a"], ["a b"], [1], {}, {"x": 1}, [{"source_id": "s"}],
]  # fmt: skip


def outcome(converter: cattrs.Converter, body: Any, cls: type) -> str:
    try:
        return "ok " + repr(converter.structure(body, cls))
    except Exception:
        return "error"


def both(body: Any, cls: type, keep_unknown: bool) -> tuple[str, str]:
    fast = outcome(ser._structurer(keep_unknown, False), body, cls)
    detailed = outcome(ser._structurer(keep_unknown, True), body, cls)
    return fast, detailed


def mutate(data: st.DataObject, value: Any) -> Any:
    """Replace, drop or add one thing somewhere in a JSON value."""
    if isinstance(value, dict) and value:
        key = data.draw(st.sampled_from(sorted(value)))
        action = data.draw(st.sampled_from(["replace", "drop", "add", "descend"]))
        out = dict(value)
        if action == "drop":
            del out[key]
        elif action == "add":
            out[data.draw(st.sampled_from(["extra", "unknown", "schema_version"]))] = data.draw(st.sampled_from(WEIRD))
        elif action == "descend" and isinstance(value[key], dict | list) and value[key]:
            out[key] = mutate(data, value[key])
        else:
            out[key] = data.draw(st.sampled_from(WEIRD))
        return out
    if isinstance(value, list) and value:
        i = data.draw(st.integers(0, len(value) - 1))
        out_list = list(value)
        out_list[i] = mutate(data, value[i]) if data.draw(st.booleans()) else data.draw(st.sampled_from(WEIRD))
        return out_list
    return data.draw(st.sampled_from(WEIRD))


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(300))
@given(data=st.data())
def test_fast_reader_builds_what_the_detailed_pass_builds(
    cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    body = ser._unstructurer().unstructure(data.draw(strategy))
    for keep_unknown in (False, True):
        fast, detailed = both(body, cls, keep_unknown)
        assert fast.startswith("ok ")
        assert fast == detailed


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(1000))
@given(data=st.data())
def test_fast_reader_rejects_what_the_detailed_pass_rejects(
    cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    body = ser._unstructurer().unstructure(data.draw(strategy))
    for _ in range(data.draw(st.integers(1, 3))):
        body = mutate(data, body)
    for keep_unknown in (False, True):
        fast, detailed = both(body, cls, keep_unknown)
        assert fast == detailed


def test_fast_reader_keeps_python_types_strict() -> None:
    # from_dict takes Python values too: a tuple is not a JSON array, a str subclass is
    # not a str, a bool is not an integer vocabulary value.
    class Text(str):
        pass

    base = ser._unstructurer().unstructure(kursk_dossier().claims[0])
    for body in (
        {**base, "attribution": tuple(base["attribution"])},
        {**base, "reported_at": Text(base["reported_at"])},
        {**base, "statement": {**base["statement"], "predicate": Text("control")}},
        {**base, "credibility": True},
        {**base, "credibility": 2.0},
    ):
        assert both(body, Claim, False) == ("error", "error")


@functools.cache
def _cattrs_writer() -> cattrs.Converter:
    """The writer the generated one replaces (cattrs, omit-if-default): made once, as
    generating its hooks for every model costs more than a hundred examples."""
    conv = cattrs.Converter()
    conv.register_unstructure_hook(datetime, datetime.isoformat)
    conv.register_unstructure_hook_factory(ser._is_tuple, lambda t: ser._list_of(conv, t.__args__[0]))
    for cls in ser.MODEL_TYPES:
        omitted = {a.name: override(omit=True) for a in attrs.fields(cls) if a.name == "extra" or not a.init}
        gen: Any = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **omitted)  # type: ignore[arg-type]

        def hook(obj: Any, gen: Any = gen) -> dict[str, Any]:
            out: dict[str, Any] = gen(obj)
            out.update(obj.extra)
            return out

        conv.register_unstructure_hook(cls, hook)
    return conv


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(300))
@given(data=st.data())
def test_writer_gives_the_cattrs_payload_in_field_order(
    cls: type, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    payload = ser._unstructurer().unstructure(obj)
    assert json.dumps(payload, sort_keys=True) == json.dumps(_cattrs_writer().unstructure(obj), sort_keys=True)
    order = [a.name for a in attrs.fields(cls) if a.init and a.name != "extra"]
    assert list(payload) == [name for name in order if name in payload]


def test_dumps_and_dumps_lines_match_json_dumps() -> None:
    dossier = kursk_dossier()
    reference = json.dumps(ser.to_dict(dossier), ensure_ascii=False, allow_nan=False)
    assert dumps(dossier) == reference
    assert loads(reference, Dossier) == dossier
    compact: dict[str, Any] = {"ensure_ascii": False, "allow_nan": False, "separators": (",", ":")}
    lines = [json.dumps(ser.to_dict(c), **compact) for c in dossier.claims]
    assert dumps_lines(dossier.claims) == "".join(f"{line}\n" for line in lines)
    assert dumps_lines([]) == ""


def test_datetime_cache_is_bounded_and_shares_values() -> None:
    for i in range(5000):
        ser._fast_datetime(f"2025-03-09T12:00:00.{i:06d}+03:00")
    assert len(ser._DATETIMES) <= 4096
    a = ser._fast_datetime("2025-03-09T12:00:00+03:00")
    assert ser._fast_datetime("2025-03-09T12:00:00+03:00") is a


def _outcome(make: Any) -> str:
    try:
        return "ok " + repr(make())
    except Exception as err:
        return f"error {type(err).__name__}: {err}"


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=IDS)
@settings(max_examples=examples(150))
@given(data=st.data())
def test_replace_is_attrs_evolve(cls: type, strategy: Any, data: Any) -> None:
    from conflictmodels import _checks

    a, b = data.draw(strategy), data.draw(strategy)
    names = [f.name for f in attrs.fields(cls)]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True))
    changes: dict[str, Any] = {n: getattr(b, n) for n in chosen}
    if data.draw(st.booleans()):  # sometimes an invalid value, or a field that does not exist
        changes[data.draw(st.sampled_from([*names, "no_such_field"]))] = data.draw(st.sampled_from(WEIRD))
    assert _outcome(lambda: _checks.replace(a, **changes)) == _outcome(lambda: attrs.evolve(a, **changes))


@settings(max_examples=examples(1000))
@given(
    st.lists(
        st.one_of(st.text(max_size=5), st.sampled_from(["a b", "", "x" * 257, "x" * 256, "\x00", "é"]), st.integers()),
        max_size=6,
    ).map(tuple)
)
def test_the_whole_tuple_id_test_is_the_per_item_rule(ids: tuple[Any, ...]) -> None:
    from conflictmodels import _checks

    @attrs.frozen
    class Holder:
        ids: Any

    check = _checks.compile_check("Holder", [_checks.each("ids", _checks.ident("ids"), _checks.IDS_MANY)])
    expected = all(type(i) is str and 0 < len(i) <= 256 and i.isprintable() and " " not in i for i in ids)
    assert _outcome(lambda: check(Holder(ids))).startswith("ok") == expected


# The fast path taken: a valid payload is parsed without hooks (by msgspec when it is
# installed), read by the generated reader of its type, objects are built from their
# slots, and their inlined checks hold, so the compiled check never runs again.
MODES = ["msgspec", "stdlib"] if _hotpath.msgspec is not None else ["stdlib"]
SLOT_BUILT = [cls for cls in ser.MODEL_TYPES if cls is not Dossier]  # Dossier's post-init builds its index


def test_msgspec_is_there_to_be_tested() -> None:
    if os.environ.get("CONFLICTMODELS_PURE"):
        pytest.skip("CONFLICTMODELS_PURE is set: the hot path runs without msgspec")
    assert _hotpath.msgspec is not None, "msgspec (in the test extra) no longer imports: its hot path is off"


def test_every_model_type_has_generated_readers_and_writers() -> None:
    assert {cls for cls, _ in STRATEGIES} | {Dossier} == set(ser.MODEL_TYPES)
    for cls in ser.MODEL_TYPES:
        reader = ser._hot_reader(cls)[0]
        assert reader is ser._structurer(False, False).get_structure_hook(cls)
        writers = [ser._unstructurer().get_unstructure_hook(cls), ser._line_payload_writer(cls), ser._text_writer(cls)]
        for fn in [reader, ser._hot_reader(cls)[1], *writers]:
            assert fn.__code__.co_filename.startswith("<conflictmodels "), (cls, fn)
        assert ser._built_from_slots(cls) == (cls is not Dossier), cls


@contextlib.contextmanager
def off_the_fast_path(mode: str) -> Iterator[Callable[[], list[str]]]:
    """Spy on every way off the fast path; yields a function naming the ways taken."""
    spies: dict[str, mock.Mock] = {}
    with contextlib.ExitStack() as stack:
        if mode == "stdlib":
            stack.enter_context(mock.patch.object(_hotpath, "msgspec", None))
        else:
            for name in ("_DECODER", "_DECODER_BOUNDED_INTS"):
                parser = stack.enter_context(
                    mock.patch.object(_hotpath, name, mock.Mock(wraps=getattr(_hotpath, name)))
                )
                spies[f"the standard-library parser ({name})"] = parser.decode
        for name in ("_guarded_load", "_detailed_errors"):
            spies[name] = stack.enter_context(mock.patch.object(ser, name, wraps=getattr(ser, name)))
        for cls in SLOT_BUILT:
            real_init = vars(cls)["__init__"]
            init = stack.enter_context(mock.patch.object(cls, "__init__", autospec=True, side_effect=real_init))
            spies[f"{cls.__name__}.__init__ (not built from its slots)"] = init
            readers = [ser._hot_reader(cls)[0]]
            if mode != "stdlib":  # the mirror builders of the `fast` extra, nested and top-level
                readers += [ser._mirror_builder(cls, top) for top in (False, True)]
            for reader in readers:
                namespace = reader.__globals__
                check = mock.Mock(wraps=namespace.get("_post"), called="_post" not in namespace)
                stack.enter_context(mock.patch.dict(namespace, {"_post": check}))
                spies[f"{cls.__name__}'s check in {reader.__name__} (not inlined, or its inlined rules failed)"] = check
        yield lambda: [name for name, spy in spies.items() if spy.called]


def keys_in(value: Any) -> int:
    if isinstance(value, dict):
        return len(value) + sum(map(keys_in, value.values()))
    return sum(map(keys_in, value)) if isinstance(value, list) else 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("cls", "strategy"), [*STRATEGIES, (Dossier, st.just(kursk_dossier()))], ids=[*IDS, "Dossier"])
@settings(max_examples=examples(40))
@given(data=st.data())
def test_valid_payloads_take_the_fast_path(mode: str, cls: type, strategy: Any, data: st.DataObject) -> None:
    obj = data.draw(strategy)
    text, lines = dumps(obj), dumps_lines([obj, obj])
    # By design, text in which a string starts with a colon overcounts its keys and is
    # left to the guarded reader (see _hotpath.key_count_matches).
    assume(_hotpath.key_count_matches(text, keys_in(json.loads(text))))
    reader, count_keys = ser._hot_reader(cls)
    spy = mock.Mock(wraps=reader)
    mirror = ser._mirror_reader(cls) if mode == "msgspec" else None
    builds = mock.Mock(wraps=mirror.build if mirror else None)
    mirrors = {cls: mirror._replace(build=builds)} if mirror else {}
    with (
        off_the_fast_path(mode) as taken,
        mock.patch.dict(ser._HOT_READERS, {cls: (spy, count_keys)}),
        mock.patch.object(ser, "_mirror_reader", lambda c: mirrors.get(c) or ser._mirror_reader.__wrapped__(c)),
    ):
        assert loads(text, cls) == obj
        assert loads(text.encode(), cls) == obj
        assert loads_lines(lines, cls) == [obj, obj]
        assert loads_lines(lines.encode(), cls) == [obj, obj]
        assert ser.from_dict(ser.to_dict(obj), cls) == obj
        assert taken() == []
    # with the `fast` extra, text is read by the mirror builders; payloads by the dict reader
    assert (spy.call_count, builds.call_count) == ((0, 6) if mirror else (6, 0))


NOT_JSON_DATA: list[Any] = [(1,), ("a", ["b"]), {1: "a"}, {"a": (1,)}, [{"b": {None: 1}}]]
"""Python values ``from_dict`` may be handed as unknown values, that JSON never holds."""


@pytest.mark.parametrize("value", NOT_JSON_DATA, ids=repr)
@pytest.mark.parametrize("where", ["top", "nested"])
def test_fast_reader_and_detailed_pass_refuse_unknown_values_that_are_not_json(value: Any, where: str) -> None:
    base = ser._unstructurer().unstructure(kursk_dossier().claims[0])
    if where == "top":
        body = {**base, "x_value": value}
    else:
        body = {**base, "statement": {**base["statement"], "x_value": value}}
    assert both(body, Claim, True) == ("error", "error")
    assert both(body, Claim, False) == ("error", "error")  # an unknown key either way


def test_fast_reader_and_detailed_pass_refuse_a_nested_schema_version() -> None:
    base = ser._unstructurer().unstructure(kursk_dossier().claims[0])
    body = {**base, "statement": {**base["statement"], "schema_version": 1}}
    assert both(body, Claim, True) == ("error", "error")


def _problems(errors: list[Any]) -> list[tuple[str, str | None, str]]:
    return [(type(e).__name__, e.path, str(e)) for e in errors]


@pytest.mark.parametrize("keep_unknown", [False, True])
@settings(max_examples=examples(300))
@given(data=st.data())
def test_a_capped_detailed_pass_lists_the_first_problems_of_the_full_one(keep_unknown: bool, data: Any) -> None:
    # Limits.max_problems stops the detailed pass early: what it lists must be exactly
    # the first problems the pass lists without a cap, and it must know there are more.
    body = ser._unstructurer().unstructure(kursk_dossier())
    for _ in range(data.draw(st.integers(1, 12))):
        body = mutate(data, body)
    if isinstance(body, dict):  # what _unwrap leaves: the top-level version is not a field
        body.pop("schema_version", None)
    full = ser._detailed_errors(body, Dossier, keep_unknown, 10**9)
    for cap in range(1, len(full) + 2):
        capped = ser._detailed_errors(body, Dossier, keep_unknown, cap)
        assert _problems(capped[:cap]) == _problems(full[:cap])
        assert (len(capped) > cap) == (len(full) > cap)
