"""The JSON Schema and the loader give the same verdict, payload by payload.

Payloads are generated (the strategies of :mod:`conflictmodels.strategies`) and then
mutated (keys dropped, repeated or added, values of other types, bad date-times,
numbers out of range, values of no vocabulary, control and invisible characters, ...).
Each is judged by the loader (:func:`conflictmodels.loads`, from the JSON text), by
``jsonschema`` (Draft 2020-12 with format checking) and, where node and the packages
of tests/ajv are installed (``npm ci --prefix tests/ajv``), by Ajv 8 in strict mode with
``ajv-formats``. The only disagreement allowed: the schema accepts what the loader
refuses for a rule of :data:`conflictmodels.export.jsonschema.LOADER_ONLY` alone.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import examples, model_strategies
from conflictmodels import SCHEMA_VERSION, ConflictModelsError, Dossier, loads, to_dict, vocabularies
from conflictmodels import strategies as cs
from conflictmodels._datetimes import RFC3339_PATTERN, parse_datetime
from conflictmodels._spec import DATETIME_SCHEMA
from conflictmodels.export import json_schema
from conflictmodels.export.jsonschema import LOADER_ONLY

V = jsonschema.Draft202012Validator
AJV = Path(__file__).parent / "ajv"
NODE = shutil.which("node")
HAVE_AJV = NODE is not None and (AJV / "node_modules" / "ajv" / "package.json").is_file()

# ------------------------------------------------------------------- the mutations

BAD_DATETIMES = [
    "2025-03-09 12:00:00+03:00",  # space for T
    "2025-03-09T12:00+03:00",  # no seconds
    "2025-03-09T12:00:00+0300",  # offset without its colon
    "2025-03-09T12:00:00+03",  # offset without minutes
    "2025-W10-7T12:00:00+03:00",  # ISO week date
    "2025-068T12:00:00Z",  # ISO ordinal date
    "20250309T120000Z",  # ISO basic format
    "2025-03-09t12:00:00z",  # lower case (RFC 3339 allows it; this library does not)
    "2025-03-09T12:00:00Z\u0000",  # the trailing NUL datetime.fromisoformat reads
    "2025-03-09T12:00:00Z\n",  # Python's $ matches before a final new line
    " 2025-03-09T12:00:00Z",
    "2016-12-31T23:59:60Z",  # a leap second: refused
    "2025-03-09T12:00:00",  # naive
    "2025-03-09",
    "2025-02-29T12:00:00Z",  # no such day
    "2024-02-29T12:00:00Z",  # a leap day: fine
    "1900-02-29T12:00:00Z",
    "2000-02-29T12:00:00+14:00",
    "0000-01-01T00:00:00Z",
    "2025-03-09T24:00:00Z",
    "2025-03-09T12:00:00+24:00",
    "2025-03-09T12:00:00+03:60",
    "2025-03-09T12:00:00,5Z",
    "2025-03-09T12:00:00.Z",
    "2025-03-09T12:00:00.123456789Z",  # fine: cut to microseconds
    "2025-03-09T12:00:00-00:00",  # fine: offset unknown, read as UTC
    "\u0662\u0660\u0662\u0665-03-09T12:00:00Z",  # Arabic-Indic digits
    "2025-03-09T12:00:00Z ",
]
CHARACTERS = list(
    "\u0000\u0009\n\r\u001f\u007f\u0085\u009f\u00a0\u00ad\u061c\u180e\u200b\u200d\u200e\u2028\u202e\u2066"
    "\u3000\ufeff\ufffd\ue000\u0378\U000e0001\U0001f600\ud800\udfff "
)
"""Controls, white space, format, private-use, unassigned and lone surrogate characters."""
VOCABULARY_VALUES = sorted({m.value for name in vocabularies.__all__ for m in getattr(vocabularies, name)}, key=str)
NUMBERS = [0, -1, 1, 0.5, -0.5, 2.0, 90.0001, -180.5, 1e308, -1e308, 10**20, 256, 257, 7, 6]
OTHER_VALUES: list[Any] = [None, True, False, "", "x", [], {}, ["x"], [1], {"x": 1}, "A" * 257]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) of a payload, the payload itself first."""
    out = [(path, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


def _set(payload: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = json.loads(json.dumps(payload))
    target = out
    for step in path[:-1]:
        target = target[step]
    if value is _DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


_DROP = object()


def _text_with_repeat(payload: Any, at: tuple[Any, ...], key: str, value: Any) -> str:
    """The JSON text of ``payload`` whose object at ``at`` repeats ``key`` with ``value``
    (written first, so that the parsed object keeps the original value)."""

    def write(node: Any, path: tuple[Any, ...]) -> str:
        if isinstance(node, dict):
            items = [f"{json.dumps(k)}: {write(v, (*path, k))}" for k, v in node.items()]
            if path == at:
                items.insert(0, f"{json.dumps(key)}: {json.dumps(value)}")
            return "{" + ", ".join(items) + "}"
        if isinstance(node, list):
            return "[" + ", ".join(write(v, (*path, i)) for i, v in enumerate(node)) + "]"
        return json.dumps(node)

    return write(payload, ())


def mutations(payload: dict[str, Any], rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` mutations of ``payload`` as ``(what, JSON text)``."""
    places = _paths(payload)
    objects = [(p, v) for p, v in places if isinstance(v, dict)]
    strings = [(p, v) for p, v in places if isinstance(v, str)]
    numbers = [(p, v) for p, v in places if type(v) in (int, float)]
    out: list[tuple[str, str]] = []
    for _ in range(count):
        kind = rng.choice(["drop", "repeat", "add", "type", "datetime", "number", "enum", "char", "string", "list"])
        path: tuple[Any, ...] = ()
        value: Any = None
        if kind == "repeat" and objects:
            at, node = rng.choice(objects)
            if node:
                key = rng.choice(list(node))
                out.append((f"repeat {at}.{key}", _text_with_repeat(payload, at, key, node[key])))
                continue
        if kind in ("drop", "repeat"):
            at, node = rng.choice(objects)
            if not node:
                continue
            path, value = (*at, rng.choice(list(node))), _DROP
        elif kind == "add":
            at, node = rng.choice(objects)
            keys = [k for _, o in objects for k in o] + ["schema_version", "x", "extra"]
            path, value = (*at, rng.choice(keys)), rng.choice([*OTHER_VALUES, *NUMBERS, *BAD_DATETIMES[:3]])
        elif kind == "type":
            path, _ = rng.choice(places[1:] or places)
            value = rng.choice([*OTHER_VALUES, *NUMBERS[:4]])
        elif kind == "datetime":
            path, _ = rng.choice([p for p in strings if _is_datetime(p[1])] or strings or places)
            value = rng.choice(BAD_DATETIMES)
        elif kind == "number" and numbers:
            path, old = rng.choice(numbers)
            value = rng.choice([*NUMBERS, old + 1, old - 1, -old, old * 1.5, float(old)])
        elif kind == "enum" and strings:
            path, old = rng.choice(strings)
            value = rng.choice([*VOCABULARY_VALUES, str(old).upper(), str(old).title(), f"{old}s"])
        elif kind in ("char", "string") and strings:
            path, old = rng.choice(strings)
            char = rng.choice(CHARACTERS)
            where = rng.randrange(len(old) + 1)
            value = old[:where] + char + old[where:] if kind == "char" else rng.choice([char, char + old, old + char])
        elif kind == "list":
            lists = [(p, v) for p, v in places if isinstance(v, list)]
            if not lists:
                continue
            path, old = rng.choice(lists)
            value = old + old[:1] if old else [None]
        else:
            continue
        if not path or (path == ("schema_version",) and type(value) is int and 1 <= value < SCHEMA_VERSION):
            continue  # an older version's payload: the loader migrates it; its schema is that version's
        out.append((f"{kind} {path} = {value!r}"[:200], json.dumps(_set(payload, path, value))))
    return out


def _is_datetime(text: str) -> bool:
    try:
        parse_datetime(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------- the verdicts


def loader_reasons(cls: type, text: str) -> list[tuple[str, Any]] | None:
    """The loader's reasons for refusing ``text``, each with its value, or None when it loads."""
    try:
        loads(text, cls)
    except ConflictModelsError as err:
        problems = getattr(err, "errors", None) or [err]
        return [(getattr(e, "reason", str(e)), getattr(e, "value", None)) for e in problems]
    return None


def loader_only(reasons: list[tuple[str, Any]]) -> bool:
    """Whether every reason is a rule JSON Schema cannot state (LOADER_ONLY), named by its
    words (``2.0`` for an integer, credibility included, reads "must be an integer")."""
    return all(any(rule in reason for rule in LOADER_ONLY) for reason, _ in reasons)


def ajv_verdicts(schemas: dict[str, Any], cases: list[tuple[str, str]], tmp_path: Path) -> list[bool]:
    """Ajv's verdicts on ``cases`` (``(schema name, JSON text)``), by tests/ajv/check.mjs."""
    assert NODE is not None
    data = tmp_path / "cases.json"
    data.write_text(json.dumps({"schemas": schemas, "cases": cases}), encoding="utf-8")
    done = subprocess.run(
        [NODE, str(AJV / "check.mjs"), str(data)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["compiled"], result["error"]
    verdicts: list[bool] = result["verdicts"]
    return verdicts


STRATEGIES = [*model_strategies(), (Dossier, cs.dossiers(max_claims=3))]


def _draw(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` payloads drawn from ``strategy`` (hypothesis picks them; no shrinking
    is needed: a disagreement is reported with its payload)."""
    seen: list[Any] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategy)
    def collect(obj: Any) -> None:
        seen.append(to_dict(obj))

    collect()
    return seen


def corpus(per_class: int, mutated: int) -> list[tuple[type, str, str]]:
    """``(class, what, JSON text)``: generated payloads and ``mutated`` mutations of each."""
    out: list[tuple[type, str, str]] = []
    rng = random.Random(20261129)
    for cls, strategy in STRATEGIES:
        seen = _draw(strategy, per_class)
        for payload in seen:
            out.append((cls, "generated", json.dumps(payload)))
            out += [(cls, what, text) for what, text in mutations(payload, rng, mutated)]
    return out


@pytest.fixture(scope="module")
def cases() -> list[tuple[type, str, str]]:
    return corpus(per_class=examples(40), mutated=12)


def _disagreements(cases: list[tuple[type, str, str]], verdicts: list[bool]) -> list[str]:
    found = []
    for (cls, what, text), valid in zip(cases, verdicts, strict=True):
        reasons = loader_reasons(cls, text)
        if reasons is None and not valid:
            found.append(f"{cls.__name__} {what}: the loader accepts, the schema refuses: {text[:300]}")
        elif reasons is not None and valid and not loader_only(reasons):
            found.append(f"{cls.__name__} {what}: the schema accepts, the loader refuses: {reasons}")
    return found


def test_jsonschema_agrees_with_the_loader(cases: list[tuple[type, str, str]]) -> None:
    validators = {cls: V(json_schema(cls), format_checker=V.FORMAT_CHECKER) for cls, _ in STRATEGIES}
    verdicts = [bool(validators[cls].is_valid(json.loads(text))) for cls, _, text in cases]
    assert len(cases) > 1000
    found = _disagreements(cases, verdicts)
    assert found == [], f"{len(found)} of {len(cases)}:\n" + "\n".join(found[:30])


@pytest.mark.skipif(not HAVE_AJV, reason="node or tests/ajv's packages (npm ci --prefix tests/ajv) are missing")
def test_ajv_in_strict_mode_agrees_with_the_loader(cases: list[tuple[type, str, str]], tmp_path: Path) -> None:
    schemas = {cls.__name__: json_schema(cls) for cls, _ in STRATEGIES}
    verdicts = ajv_verdicts(schemas, [(cls.__name__, text) for cls, _, text in cases], tmp_path)
    found = _disagreements(cases, verdicts)
    assert found == [], f"{len(found)} of {len(cases)}:\n" + "\n".join(found[:30])


# --------------------------------------------------------- the date-time grammar alone


def test_the_pattern_and_the_parser_agree_on_the_bad_forms() -> None:
    for text in BAD_DATETIMES:
        assert _is_datetime(text) == (re.search(RFC3339_PATTERN, text) is not None), repr(text)


_DIGITS = st.text(st.sampled_from("0123456789"), min_size=1, max_size=3)


@settings(max_examples=examples(2000))
@given(
    st.lists(
        st.one_of(
            _DIGITS,
            st.sampled_from(["-", ":", "T", "Z", "+", ".", "t", "z", " ", "\n", "0", "60", "29", "02", "-02-29T"]),
        ),
        max_size=14,
    ),
    st.sampled_from(["2024-02-29T23:59:59", "1900-12-31T00:00:00", "2025-03-09T12:00:00.5", "2000-02-29T00:00:00"]),
)
def test_the_pattern_and_the_parser_agree_on_near_misses(parts: list[str], base: str) -> None:
    # Near misses: a valid date-time with pieces of the grammar spliced in, and bare pieces.
    for text in ("".join(parts), base + "".join(parts), "".join(parts) + base[4:] + "Z"):
        assert _is_datetime(text) == (re.search(RFC3339_PATTERN, text) is not None), repr(text)


@settings(max_examples=examples(1000))
@given(cs.aware_datetimes())
def test_every_written_datetime_matches_the_pattern(moment: Any) -> None:
    text = moment.isoformat()
    assert re.search(RFC3339_PATTERN, text)
    assert parse_datetime(text) == moment


@pytest.mark.skipif(not HAVE_AJV, reason="node or tests/ajv's packages (npm ci --prefix tests/ajv) are missing")
def test_ajv_reads_the_date_time_grammar_as_the_loader(tmp_path: Path) -> None:
    schemas = {"dt": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", **DATETIME_SCHEMA}}
    texts = [*BAD_DATETIMES, "2025-03-09T12:00:00Z", "9999-12-31T23:59:59.999999+23:59"]
    verdicts = ajv_verdicts(schemas, [("dt", json.dumps(t)) for t in texts], tmp_path)
    assert verdicts == [_is_datetime(t) for t in texts]


def test_the_export_how_to_lists_every_loader_only_rule() -> None:
    page = (Path(__file__).parent.parent / "docs" / "howto" / "export.md").read_text(encoding="utf-8")
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|")) for line in page.splitlines()}
    assert {(words, rule) for words, rule in LOADER_ONLY.items()} <= rows
