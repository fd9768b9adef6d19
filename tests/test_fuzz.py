"""Fuzzing every loader: whatever the input, only ConflictModelsError escapes, and what
loads re-dumps to an equal object.

Inputs: arbitrary JSON values, valid payloads (golden files and live strategy objects)
mutated structurally (keys deleted, renamed, retyped, weird values, deeper nesting),
valid JSON text mutated byte by byte, and random bytes and text. Under the ``ci``
hypothesis profile each loader sees at least 10,000 cases.

Every test here is marked ``fuzz``. The README's test command runs them with the rest
(at the ``dev`` profile's tenth of the counts); ``.ci/run`` runs them in a step of their
own, under the ``ci`` profile, alongside the steps that use one core.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import ConflictModelsError, Dossier, dumps, from_dict, loads, loads_lines, to_dict
from conflictmodels import strategies as cs
from conflictmodels.limits import Limits
from conflictmodels.serialization import MODEL_TYPES, loads_lines_partial

pytestmark = pytest.mark.fuzz

# Every loader sees at least 10,000 cases under the ci profile, shared between the tests
# that call it: loads 14k (json 5k + mutated 5k + bytes 4k), from_dict 10k (5k + 5k),
# loads_lines 11k (5k + 4k + streams 2k). FUZZ_EXAMPLES=n runs n per test, for long
# campaigns by hand.
_OVERRIDE = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def n_examples(ci: int) -> int:
    return _OVERRIDE or examples(ci)


FUZZ = settings(suppress_health_check=list(HealthCheck), deadline=None)
_SURROGATE = re.compile("[\ud800-\udfff]")

GOLDEN = Path(__file__).parent / "golden"
TYPES = {cls.__name__.lower(): cls for cls in MODEL_TYPES}
POOL: list[tuple[type, dict[str, Any]]] = [
    (TYPES[p.name.split("-")[0]], json.loads(p.read_text(encoding="utf-8")))
    for p in sorted(GOLDEN.glob("v*/*.json"))
    if p.name != "content_ids.json"
]
CLAIM_LINES = [
    dumps(c) for c in loads((GOLDEN / "v1" / "dossier-kursk.json").read_text(encoding="utf-8"), Dossier).claims
]
SMALL = Limits(max_bytes=200_000, max_depth=40, max_string=50_000, max_items=5_000)

model_types = st.sampled_from(MODEL_TYPES)
# Small payloads first: most cases are cheap, the big ones (Kursk) still come up.
POOL.sort(key=lambda item: len(json.dumps(item[1])))

WEIRD: list[Any] = [
    None, True, False, 0, 1, -1, 2**63, -(2**64), 10**300, 1e308, -0.0, 5e-324, 1.5, 91, -181, 1e16,
    float("nan"), float("inf"), float("-inf"),
    "", " ", "\t\n", "\x00", "\ud800", "\udfff\ud800", "a" * 5000, "é" * 300, "\u202e", "\ufeff",
    "RU", "ru-mod", "wagner-group", "Q42", "control", "captured", "B", 3, "day",
    "2025-03-09T12:00:00", "2025-03-09T12:00:00+03:00", "2025-03-09", "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+00:00", "2025-13-45T99:99:99Z", "2025-03-09T12:00:00Z",
    [], {}, [[[[[]]]]], {"a": {"b": {"c": {}}}}, [None], ["x"], [1, 2, 3], {"schema_version": 1},
    {"lat": 1, "lon": 2}, {"start": "2025-03-09T12:00:00+03:00"},
]  # fmt: skip

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(WEIRD).map(copy.deepcopy),  # copies: mutation must not change WEIRD
)
weird = st.sampled_from(WEIRD).map(copy.deepcopy)
FIELD_NAMES = sorted({a.name for cls in MODEL_TYPES for a in cls.__attrs_attrs__})  # type: ignore[attr-defined]
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.text(max_size=10), st.sampled_from(FIELD_NAMES)), children, max_size=6),
    ),
    max_leaves=25,
)


def check_loaded(obj: Any) -> None:
    """What loads successfully re-dumps to an equal object."""
    text = dumps(obj)
    assert _SURROGATE.search(text) is None, "a model holds a lone surrogate"
    assert loads(text, type(obj), keep_unknown=True) == obj


def attempt(load: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        obj = load(*args, **kwargs)
    except ConflictModelsError as err:
        str(err)  # the message can always be built
        return None
    return obj


def to_text(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


# -- mutation -------------------------------------------------------------------------


def _mutate_once(draw: st.DrawFn, root: Any) -> Any:
    node, parent, key = root, None, None
    while isinstance(node, dict | list) and node and draw(st.integers(0, 2)):
        key = draw(st.sampled_from(list(node.keys()) if isinstance(node, dict) else range(len(node))))
        parent, node = node, node[key]
        if not isinstance(node, dict | list):
            node, key = parent, None  # operate on the container holding the scalar
            parent = None
            break
    op = draw(st.sampled_from(["delete", "rename", "retype", "weird", "nest", "add", "dup", "replace"]))
    if op == "replace" or not isinstance(node, dict | list) or not node:
        new = draw(st.one_of(weird, json_values))
        if parent is None:
            return new if draw(st.integers(0, 9)) == 0 else root
        parent[key] = new  # type: ignore[index]
        return root
    if isinstance(node, dict):
        k = draw(st.sampled_from(list(node)))
        if op == "delete":
            del node[k]
        elif op == "rename":
            node[draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)))] = node.pop(k)
        elif op in ("retype", "weird"):
            node[k] = draw(weird if op == "weird" else json_values)
        elif op == "nest":
            node[k] = [[node[k]], {"value": node[k]}, [[node[k]]]][draw(st.integers(0, 2))]
        elif op == "add":
            node[draw(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)))] = draw(json_values)
        else:  # dup: copy another object's value in
            node[k] = copy.deepcopy(node[draw(st.sampled_from(list(node)))])
    else:
        i = draw(st.integers(0, len(node) - 1))
        if op == "delete":
            del node[i]
        elif op in ("retype", "weird", "add"):
            node.insert(i, draw(weird if op == "weird" else json_values))
        elif op == "nest":
            node[i] = [node[i]]
        else:  # dup or rename: repeat an item (duplicate ids)
            node.append(copy.deepcopy(node[i]))
    return root


@st.composite
def mutated(draw: st.DrawFn, payload: Any) -> Any:
    out = copy.deepcopy(payload)
    for _ in range(draw(st.integers(1, 4))):
        out = _mutate_once(draw, out)
    return out


@st.composite
def mutated_pool(draw: st.DrawFn) -> tuple[type, Any]:
    cls, payload = draw(st.sampled_from(POOL))
    if draw(st.integers(0, 3)) == 0:  # sometimes read as another type
        cls = draw(model_types)
    return cls, draw(mutated(payload))


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    _, payload = draw(st.sampled_from(POOL))
    data = bytearray(to_text(payload, draw(st.booleans())).encode())
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.integers(0, 4))
        if op == 0:
            del data[i : i + draw(st.integers(1, 20))]
        elif op == 1:
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == 2:
            data[i] = draw(st.integers(0, 255))
        elif op == 3:
            data[i:i] = draw(
                st.sampled_from([b"[", b"{", b'"', b"\\", b"\\ud800", b"1e999", b"NaN", b",", b"\xef\xbb\xbf"])
            )
        else:
            j = draw(st.integers(i, min(len(data), i + 200)))
            data[i:i] = data[i:j]  # repeat a slice: duplicate keys and items
    return bytes(data)


# -- loaders --------------------------------------------------------------------------


@settings(FUZZ, max_examples=n_examples(5_000))
@given(json_values, model_types, st.booleans(), st.booleans())
def test_arbitrary_json_into_from_dict_loads_and_loads_lines(
    value: Any, cls: type, keep_unknown: bool, ascii_only: bool
) -> None:
    if isinstance(value, dict) and value.get("schema_version", 0) is not None:
        value = {"schema_version": 1, **value}
    obj = attempt(from_dict, value, cls, keep_unknown=keep_unknown)
    if obj is not None:
        check_loaded(obj)
    text = to_text(value, ascii_only)
    obj2 = attempt(loads, text, cls, keep_unknown=keep_unknown)
    if obj2 is not None:
        check_loaded(obj2)
    for item in attempt(loads_lines, text, cls, keep_unknown=keep_unknown) or ():
        check_loaded(item)


@settings(FUZZ, max_examples=n_examples(5_000))
@given(mutated_pool(), st.booleans(), st.booleans())
def test_mutated_payloads_into_from_dict_and_loads(
    case: tuple[type, Any], keep_unknown: bool, ascii_only: bool
) -> None:
    cls, payload = case
    obj = attempt(from_dict, payload, cls, keep_unknown=keep_unknown)
    if obj is not None:
        check_loaded(obj)
    obj2 = attempt(loads, to_text(payload, ascii_only), cls, keep_unknown=keep_unknown)
    if obj2 is not None:
        check_loaded(obj2)
        if obj is not None:
            assert obj2 == obj


random_data = st.one_of(
    mutated_text(),
    st.binary(max_size=200),
    st.text(max_size=200),
    st.from_regex(r"[\[\]{}\",:0-9eE.+\- \\u]{0,80}"),
)


@settings(FUZZ, max_examples=n_examples(4_000))
@given(random_data, model_types, st.booleans(), st.booleans())
def test_mutated_and_random_bytes_into_loads_and_loads_lines(
    data: str | bytes, cls: type, keep_unknown: bool, as_str: bool
) -> None:
    if as_str and isinstance(data, bytes):
        data = data.decode("utf-8", "surrogateescape")  # lone surrogates in a str
    obj = attempt(loads, data, cls, keep_unknown=keep_unknown, limits=SMALL if isinstance(data, str) else None)
    if obj is not None:
        check_loaded(obj)
    for item in attempt(loads_lines, data, cls, keep_unknown=keep_unknown) or ():
        check_loaded(item)


@st.composite
def streams(draw: st.DrawFn) -> tuple[list[str], str | bytes]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind <= 2:
            lines.append(draw(st.sampled_from(CLAIM_LINES)))
        elif kind == 3:
            claim = json.loads(draw(st.sampled_from(CLAIM_LINES)))
            lines.append(to_text(draw(mutated(claim)), draw(st.booleans())))
        elif kind == 4:
            lines.append(draw(st.sampled_from(["", "  ", "\r", "null", "[]", "{", "\x1c", "\u2028", "\ufeff"])))
        else:
            lines.append(draw(st.text(max_size=40)))
    sep = draw(st.sampled_from(["\n", "\r\n"]))
    text = sep.join(lines) + draw(st.sampled_from(["", sep]))
    return lines, (text.encode("utf-8", "surrogatepass") if draw(st.booleans()) else text)


@settings(FUZZ, max_examples=n_examples(2_000))
@given(streams(), st.booleans())
def test_loads_lines(case: tuple[list[str], str | bytes], keep_unknown: bool) -> None:
    from conflictmodels import Claim

    _, data = case
    partial = attempt(loads_lines_partial, data, Claim, keep_unknown=keep_unknown)
    strict = attempt(loads_lines, data, Claim, keep_unknown=keep_unknown)
    assert partial is not None, "partial loading reports problems instead of raising"
    if strict is not None:
        assert partial.ok
        assert list(partial.items) == strict
    else:
        assert not partial.ok
    assert not set(partial.lines) & set(partial.bad_lines)
    if partial.items:
        check_loaded(partial.items[-1])


@settings(FUZZ, max_examples=n_examples(500))
@given(st.one_of(cs.claims(), cs.dossiers(max_claims=2), cs.units(), cs.assessments()), st.data())
def test_mutated_live_strategy_objects(obj: Any, data: st.DataObject) -> None:
    payload = data.draw(mutated(to_dict(obj)))
    loaded = attempt(from_dict, payload, type(obj), keep_unknown=True)
    if loaded is not None:
        check_loaded(loaded)


# -- the STIX importer, when it exists ------------------------------------------------

HAS_STIX = importlib.util.find_spec("conflictmodels.export") is not None and (
    importlib.util.find_spec("conflictmodels.export.stix") is not None
)


@st.composite
def stix_inputs(draw: st.DrawFn) -> Any:
    from conflictmodels.export.stix import to_stix

    if draw(st.integers(0, 3)) == 0:
        return draw(json_values)
    _, payload = draw(st.sampled_from([p for p in POOL if p[0] is Dossier]))
    return draw(mutated(to_stix(from_dict(payload, Dossier))))


@settings(FUZZ, max_examples=n_examples(2_000))
@given(st.data())
def test_from_stix(data: st.DataObject) -> None:
    if not HAS_STIX:
        pytest.skip("conflictmodels.export.stix is not available")
    from conflictmodels.export.stix import from_stix

    bundle = data.draw(stix_inputs())
    dossier = attempt(from_stix, bundle)
    if dossier is not None:
        check_loaded(dossier)
