"""The generated JSON Schema agrees with the models: what loads validates, what is
refused is rejected, at the boundaries of every constrained field."""

from __future__ import annotations

import copy
import enum
import json
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples, model_strategies
from conflictmodels import (
    Affiliation,
    Alternative,
    Assessment,
    Claim,
    ConflictModelsError,
    Dossier,
    Estimate,
    Location,
    Point,
    Source,
    Statement,
    TimeSpan,
    Unit,
    Value,
    Withdrawal,
    from_dict,
    to_dict,
    vocabularies,
)
from conflictmodels import strategies as cs
from conflictmodels._spec import specs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import json_schema
from conflictmodels.export.jsonschema import CLASS_RULES, LOADER_ONLY, NEED_SCHEMAS
from conflictmodels.migration import SCHEMA_VERSION
from conflictmodels.reliability import CopyFinding
from conflictmodels.serialization import MODEL_TYPES
from conflictmodels.statement import NEEDS

V = jsonschema.Draft202012Validator


def validator(cls: type = Dossier) -> jsonschema.Draft202012Validator:
    return V(json_schema(cls), format_checker=V.FORMAT_CHECKER)


def schema_ok(cls: type, payload: Any) -> bool:
    return bool(validator(cls).is_valid(payload))


def model_ok(cls: type, payload: Any) -> bool:
    try:
        from_dict(payload, cls)
    except ConflictModelsError:
        return False
    return True


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
def test_schema_is_valid_draft_2020_12(cls: type) -> None:
    schema = json_schema(cls)
    V.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}
    assert schema["required"][0] == "schema_version"
    assert schema["additionalProperties"] is False


def test_required_keys_are_the_fields_without_defaults() -> None:
    schema = json_schema()
    for cls in MODEL_TYPES:
        # The reliability models are not part of a dossier: they have their own schema.
        body = schema if cls is Dossier else schema["$defs"].get(cls.__name__) or json_schema(cls)
        expected = [f.name for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING]
        assert [r for r in body.get("required", []) if r != "schema_version"] == expected, cls
        fields = {f.name for f in attrs.fields(cls) if f.init and f.name != "extra"}
        assert set(body["properties"]) - {"schema_version"} == fields
        assert body["additionalProperties"] is False


def test_vocabularies_are_listed() -> None:
    defs = json_schema()["$defs"]
    for name in vocabularies.__all__:
        cls = getattr(vocabularies, name)
        assert issubclass(cls, enum.Enum)
        assert defs[name]["enum"] == [m.value for m in cls]


def test_every_need_of_the_predicate_table_has_a_schema() -> None:
    assert sorted(NEED_SCHEMAS) == sorted(need.name for need in NEEDS)
    # an exclusive need's check refuses its field on a statement of another predicate
    for need in NEEDS:
        says_so = "only allowed there" in need.reason or "only they" in need.reason
        assert need.exclusive is says_so, need.name
    names = {cls.__name__ for cls in MODEL_TYPES}
    assert set(CLASS_RULES) <= names


def test_every_field_is_in_the_schema_with_the_constraints_it_declares() -> None:
    defs = json_schema()["$defs"]
    for cls in MODEL_TYPES:
        props = json_schema(cls)["properties"] if cls.__name__ not in defs else defs[cls.__name__]["properties"]
        for name, spec in specs(cls).items():
            if name == "extra":
                assert name not in props
                continue
            text = json.dumps(props[name])
            for key, value in spec.schema().items():
                assert json.dumps({key: value})[1:-1] in text, (cls.__name__, name, key)


def test_every_id_field_is_constrained() -> None:
    for cls in MODEL_TYPES:
        for f in attrs.fields(cls):
            if f.name == "id" or (
                f.name.endswith(("_id", "_ids")) and f.name not in ("geonames_id", "wikidata_id", "osm_id")
            ):
                assert specs(cls)[f.name].kind == "ident", (cls.__name__, f.name)


def test_kursk_validates() -> None:
    errors = list(validator().iter_errors(to_dict(kursk_dossier())))
    assert errors == []


STRATEGIES = [
    *model_strategies(),
    (Affiliation, cs.affiliations()),
    (Withdrawal, cs.withdrawals(replacement_ids=cs.ids())),
    (Value, cs.attribute_values()),
    (Alternative, cs.alternatives()),
    (Dossier, cs.dossiers(max_claims=4)),
]


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=[c.__name__ for c, _ in STRATEGIES])
def test_every_generated_payload_validates(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    check = validator(cls)

    @settings(max_examples=examples(200))
    @given(strategy)
    def run(obj: Any) -> None:
        payload = to_dict(obj)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(payload)]
        assert errors == []

    run()


_DELETE = object()

_LIMITS = tuple(LOADER_ONLY)
"""Reasons the model gives for rules the schema leaves to loading (the exporter's LOADER_ONLY)."""


def _reasons(cls: type, payload: Any) -> list[str] | None:
    """The model's reasons for refusing ``payload``, or None when it loads."""
    try:
        from_dict(payload, cls)
    except ConflictModelsError as err:
        return [e.reason for e in getattr(err, "errors", None) or [err]]
    return None


_VOCABULARY_SETS = [[m.value for m in getattr(vocabularies, name)] for name in vocabularies.__all__]
_VOCABULARY_VALUES = sorted({m.value for name in vocabularies.__all__ for m in getattr(vocabularies, name)}, key=str)
_REPLACEMENTS = st.one_of(
    st.just(_DELETE),
    st.sampled_from([None, [], {}, 0, 1, -1, 0.5, "", "x", True, "2025-03-09T00:00:00+00:00", ["x"], {"best": 1}]),
    st.sampled_from(_VOCABULARY_VALUES),
)


def _get(payload: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        payload = payload[step]
    return payload


_FIELDS = [[f.name for f in attrs.fields(cls) if f.init and f.name != "extra"] for cls in MODEL_TYPES]


def _keys_of(node: dict[str, Any]) -> list[str]:
    """The keys an object could have: the fields of every model whose fields include its keys."""
    return sorted({k for names in _FIELDS if set(node) - {"schema_version"} <= set(names) for k in names}) or ["x"]


def _nodes(payload: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The paths of every key of every object in ``payload``, and of every object."""
    found: list[tuple[Any, ...]] = []
    objects: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            objects.append(path)
            for key, value in node.items():
                if path or key != "schema_version":
                    found.append((*path, key))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))

    walk(payload, ())
    return found, objects


@pytest.mark.parametrize(("cls", "strategy"), STRATEGIES, ids=[c.__name__ for c, _ in STRATEGIES])
def test_schema_and_model_agree_on_changed_payloads(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    check = validator(cls)

    @settings(max_examples=examples(300))
    @given(strategy, st.data())
    def run(obj: Any, data: st.DataObject) -> None:
        payload = to_dict(obj)
        paths, objects = _nodes(payload)
        added = st.sampled_from(objects).flatmap(
            lambda at: st.sampled_from(_keys_of(_get(payload, at))).map(lambda key: (*at, key))
        )
        path = data.draw(st.sampled_from(paths) | added if paths else added)
        try:
            old = _get(payload, path)
        except KeyError:
            old = None
        kin = [v for vocab in _VOCABULARY_SETS if old in vocab for v in vocab]  # another value of its vocabulary
        replacements = st.one_of(st.sampled_from(kin), _REPLACEMENTS) if kin else _REPLACEMENTS
        payload = _with(payload, path, data.draw(replacements))
        reasons = _reasons(cls, payload)
        valid = check.is_valid(payload)
        if reasons is None:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in check.iter_errors(payload)]
            assert valid, (path, errors)
        elif valid:
            assert all(any(limit in r for limit in _LIMITS) for r in reasons), (path, reasons)

    run()


def _claim() -> dict[str, Any]:
    return to_dict(kursk_dossier().claims[0])


def _with(payload: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    target = out
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    return out


BAD_DOSSIERS = {
    "lat 91": (("locations", 0, "point", "lat"), 91),
    "lon -180.5": (("locations", 0, "point", "lon"), -180.5),
    "unknown key": (("claims", 0, "confidence"), "high"),
    "bad enum": (("sources", 0, "kind"), "newspaper"),
    "missing required": (("claims", 0, "reported_at"), _DELETE),
    "bad region shape": (("locations", 0, "region"), "RU_KRS"),
    "credibility 7": (("claims", 0, "credibility"), 7),
    "naive datetime": (("claims", 0, "reported_at"), "2025-03-09T18:00:00"),
    "not a date": (("claims", 0, "reported_at"), "Sunday"),
    "negative estimate": (("claims", "ISW", "statement", "quantity", "high"), -1),
    "control without change": (("claims", 0, "statement", "change"), _DELETE),
    "blank name": (("sources", 0, "name"), "   "),
    "id with a space": (("claims", 0, "id"), "kursk mod"),
    "bad party": (("claims", 0, "statement", "party"), "Russia"),
    "bool for a number": (("locations", 0, "point", "lat"), True),
    "old schema version": (("schema_version",), 0),
}


@pytest.mark.parametrize("case", BAD_DOSSIERS)
def test_bad_payloads_are_rejected_by_schema_and_model(case: str) -> None:
    path, value = BAD_DOSSIERS[case]
    good = to_dict(kursk_dossier())
    if "ISW" in path:
        isw = next(i for i, c in enumerate(good["claims"]) if c["id"] == "kursk-isw-strength")
        path = tuple(isw if step == "ISW" else step for step in path)
        assert good["claims"][isw]["statement"]["quantity"]["high"] == 30000
    bad = _with(good, path, value)
    assert not schema_ok(Dossier, bad)
    assert not model_ok(Dossier, bad)


BOUNDARIES: list[tuple[type, dict[str, Any], tuple[Any, ...], list[Any]]] = [
    (Point, {"schema_version": 3, "lat": 0, "lon": 0}, ("lat",), [-90, 90, -90.0001, 90.0001, 0.5, True, "1"]),
    (Point, {"schema_version": 3, "lat": 0, "lon": 0}, ("lon",), [-180, 180, -180.01, 180.01]),
    (Point, {"schema_version": 3, "lat": 0, "lon": 0}, ("precision_m",), [0, 0.0, -0.5, 1e9, None, "exact"]),
    (Point, {"schema_version": 3, "lat": 0, "lon": 0}, ("precision",), ["exact", "adm1", "ADM1", 1]),
    (Estimate, {"schema_version": 3, "best": 5}, ("low",), [0, 5, -1, -0.001, None]),
    (Estimate, {"schema_version": 3, "best": 5}, ("best",), [None]),
    (Estimate, {"schema_version": 3, "best": 5}, ("unit",), ["troops", "", " ", None]),
    (TimeSpan, {"schema_version": 3, "start": "2025-03-09T00:00:00+03:00"}, ("start",), [None]),
    (
        TimeSpan,
        {"schema_version": 3, "start": "2025-03-09T00:00:00+03:00"},
        ("start",),
        [
            "2025-03-09T00:00:00Z",
            "2025-03-09T00:00:00.123456-05:30",
            "2025-03-09T00:00:00",
            "2025-03-09",
            "2025-03-09 00:00:00Z",
            "2025-03-09T00:00Z",
            "2025-03-09T00:00:00+0300",
            "2025-W10-7T00:00:00Z",
            "2025-03-09t00:00:00z",
            "2025-03-09T00:00:00Z\u0000",
            "2016-12-31T23:59:60Z",
            "2025-02-29T00:00:00Z",
            "2024-02-29T00:00:00Z",
        ],
    ),
    (TimeSpan, {"schema_version": 3, "end": "2025-03-09T00:00:00Z"}, ("precision",), ["day", "fortnight"]),
    (Claim, _claim(), ("credibility",), [1, 6, 0, 7, "1", None]),
    (Claim, _claim(), ("language",), ["en", "en-GB", "zh-Hant", "EN", "e", "english"]),
    (Claim, _claim(), ("url",), ["https://example.org/a", "example.org", "https://a b", "mailto:x"]),
    (Claim, _claim(), ("id",), ["a", "a" * 256, "a" * 257, "", "a b", "a\tb", "a\u00a0b", "a\u200bb", "Ново-1"]),
    (Claim, _claim(), ("statement", "party"), ["RU", "ru", "wagner-group", "Ru", "-x", "RUS", "a" * 63, "a" * 64]),
    (Claim, _claim(), ("statement", "location_ids"), [[], ["kositsa", "novenke"]]),
    (Claim, _claim(), ("statement", "predicate"), ["control", "advance", "situation", "custom"]),
    (Claim, _claim(), ("quote",), ["", "\n", "x"]),
    (
        Location,
        to_dict(kursk_dossier().location("novenke")),
        ("country",),
        ["UA", "ua", "UKR", None],
    ),
    (
        Location,
        to_dict(kursk_dossier().location("novenke")),
        ("region",),
        ["UA-59", "UA59", "ua-59", "UA-1234", "UA-A"],
    ),
    (Location, to_dict(kursk_dossier().location("novenke")), ("wikidata_id",), ["Q1", "Q0", "q1", "Q12a"]),
    (Location, to_dict(kursk_dossier().location("novenke")), ("osm_id",), ["relation/1", "node/0", "rel/1"]),
    (Location, to_dict(kursk_dossier().location("novenke")), ("geonames_id",), [1, 0, -5, 1.5, None]),
    (Source, {"schema_version": 3, "id": "s", "name": "S"}, ("reliability",), ["A", "F", "G", "a"]),
    (Source, {"schema_version": 3, "id": "s", "name": "S"}, ("aliases",), [[], ["x"], [""], "x"]),
    (Unit, {"schema_version": 3, "id": "u", "name": "U"}, ("placeholder",), [True, False, 1, None]),
    (
        Assessment,
        {
            "schema_version": 3,
            "id": "a",
            "statement": {"predicate": "situation", "description": "calm"},
            "status": "unverified",
            "assessed_at": "2025-03-10T00:00:00+00:00",
            "assessed_by": "analyst",
        },
        ("status",),
        ["unverified", "corroborated", "confirmed", "contested"],
    ),
    (
        Assessment,
        {
            "schema_version": 3,
            "id": "a",
            "statement": {"predicate": "situation", "description": "calm"},
            "status": "unverified",
            "assessed_at": "2025-03-10T00:00:00+00:00",
            "assessed_by": "analyst",
        },
        ("independent_origins",),
        [0, -1, 0.5],
    ),
]


@pytest.mark.parametrize(
    ("cls", "base", "path", "values"),
    BOUNDARIES,
    ids=[f"{c.__name__}.{'.'.join(map(str, p))}" for c, _, p, _ in BOUNDARIES],
)
def test_schema_and_model_agree_at_the_boundaries(
    cls: type, base: dict[str, Any], path: tuple[Any, ...], values: list[Any]
) -> None:
    for value in values:
        payload = _with(base, path, value)
        assert schema_ok(cls, payload) == model_ok(cls, payload), (path, value)


@pytest.mark.parametrize(
    ("predicate", "extra", "ok"),
    [
        ("control", {"party": "RU", "change": "captured", "location_ids": ["x"]}, True),
        ("control", {"party": "RU", "location_ids": ["x"]}, False),
        ("control", {"party": "RU", "change": "captured", "location_ids": ["x", "y"]}, False),
        ("control", {"party": None, "change": "captured", "location_ids": ["x"]}, False),
        ("situation", {"change": "captured", "description": "calm"}, False),
        ("situation", {}, False),
        ("strength", {"party": "UA"}, False),
        ("strength", {"party": "UA", "description": "many"}, True),
        ("presence", {"location_ids": ["x"]}, False),
        ("presence", {"location_ids": ["x"], "unit_ids": ["u"]}, True),
        ("attack", {"party": "RU"}, False),
        ("attack", {"party": "RU", "unit_ids": ["u"]}, True),
        ("custom", {}, False),
        ("custom", {"custom_predicate": "evacuation"}, True),
        ("advance", {"party": "RU", "location_ids": ["x"], "custom_predicate": "x"}, False),
        ("commands", {"person_ids": ["p"], "unit_ids": ["u"]}, True),
        ("commands", {"unit_ids": ["u"]}, False),
        # only commands statements name people: a person on any other statement is refused
        ("presence", {"location_ids": ["x"], "unit_ids": ["u"], "person_ids": ["p"]}, False),
        ("presence", {"location_ids": ["x"], "unit_ids": ["u"], "person_ids": []}, True),
    ],
)
def test_predicate_rules(predicate: str, extra: dict[str, Any], ok: bool) -> None:
    payload = {"schema_version": 3, "predicate": predicate, **extra}
    assert model_ok(Statement, payload) is ok
    assert schema_ok(Statement, payload) is ok


_LATE = {"start": "2025-03-10T00:00:00+00:00", "precision": "day"}  # after the claim's reported_at


@pytest.mark.parametrize(
    ("cls", "payload", "ok"),
    [
        (Affiliation, {"kind": "state_media", "party": "RU"}, True),
        (Affiliation, {"kind": "aligned"}, False),
        (Affiliation, {"kind": "party", "party": "RU", "source_id": "ru-mod"}, False),
        (Affiliation, {"kind": "owned_by", "source_id": "ru-mod"}, True),
        (Affiliation, {"kind": "owned_by", "party": "RU"}, False),
        (Affiliation, {"kind": "owned_by", "source_id": "ru-mod", "party": "RU"}, False),
        (Affiliation, {"kind": "owned_by", "source_id": None}, False),
        (
            Withdrawal,
            {"source_id": "s", "at": "2025-03-09T00:00:00Z", "action": "corrected", "replaced_by": "c2"},
            True,
        ),
        (Withdrawal, {"source_id": "s", "at": "2025-03-09T00:00:00Z", "action": "corrected"}, True),
        (Withdrawal, {"source_id": "s", "at": "2025-03-09T00:00:00Z", "action": "deleted", "replaced_by": "c2"}, False),
        (
            Withdrawal,
            {"source_id": "s", "at": "2025-03-09T00:00:00Z", "action": "withdrawn", "replaced_by": None},
            True,
        ),
        (Value, {"text": "Knuth"}, True),
        (Value, {}, False),
        (Value, {"text": "Knuth", "party": "RU"}, False),
        (Value, {"names": []}, False),
        (Value, {"names": [], "party": "RU"}, True),
        (Value, {"texts": ["a"], "names": ["b"]}, False),
        (Value, {"number": {"best": 3}}, True),
        (CopyFinding, {"source_ids": ["a", "b"]}, True),
        (CopyFinding, {"source_ids": ["a"]}, False),
        (CopyFinding, {}, False),
        (Claim, {**_claim(), "when": _LATE}, False),
        (Claim, {**_claim(), "when": _LATE, "when_doubtful": True}, True),
        (Claim, {**_claim(), "when": _LATE, "when_doubtful": False}, False),
        (
            Claim,
            {
                **_claim(),
                "when": _LATE,
                "statement": {"predicate": "situation", "description": "x", "modality": "forecast"},
            },
            True,
        ),
        (
            Claim,
            {**_claim(), "withdrawals": [{"source_id": "ru-mod", "at": "2025-03-10T00:00:00Z", "action": "withdrawn"}]},
            True,
        ),
        (
            Claim,
            {**_claim(), "withdrawals": [{"source_id": "ru-mod", "at": "2025-03-10T00:00:00Z", "action": "retracted"}]},
            False,
        ),
    ],
)
def test_rules_of_the_new_fields(cls: type, payload: dict[str, Any], ok: bool) -> None:
    payload = {"schema_version": 3, **payload}
    assert model_ok(cls, payload) is ok
    if cls is Claim and payload.get("when") == _LATE and not ok:
        # Comparing two date-times is beyond JSON Schema: the late event time is left to loading.
        assert schema_ok(cls, payload)
    else:
        assert schema_ok(cls, payload) is ok


_ATTRIBUTED = {
    "schema_version": 3,
    "id": "a",
    "statement": {"predicate": "situation", "description": "calm", "modality": "opinion"},
    "status": "attributed",
    "assessed_at": "2025-03-10T00:00:00+00:00",
    "assessed_by": "analyst",
    "supporting": ["c1"],
}


@pytest.mark.parametrize(
    ("change", "ok"),
    [
        ({}, True),
        ({"supporting": []}, False),
        ({"likelihood": "likely"}, False),
        ({"confidence": "low"}, False),
        ({"likelihood": None, "confidence": None}, True),
        ({"status": "unverified", "likelihood": "likely", "supporting": []}, True),
    ],
)
def test_attributed_assessments(change: dict[str, Any], ok: bool) -> None:
    payload = {**_ATTRIBUTED, **change}
    assert model_ok(Assessment, payload) is ok
    assert schema_ok(Assessment, payload) is ok


def test_limits_the_schema_cannot_express_are_left_to_loading() -> None:
    # Ordering across fields is not expressible in JSON Schema; loading catches it.
    payload = {"schema_version": 3, "low": 10, "high": 5}
    assert schema_ok(Estimate, payload)
    assert not model_ok(Estimate, payload)
    # Nor is comparing two date-times: an event time after the report, neither a
    # forecast nor marked when_doubtful, is refused by loading only.
    late = {**_claim(), "schema_version": 3, "when": _LATE}
    assert schema_ok(Claim, late)
    assert not model_ok(Claim, late)
    # JSON Schema treats 2.0 as the integer 2; the loader keeps JSON's int/float apart.
    claim = _with(_claim(), ("credibility",), 2.0)
    assert schema_ok(Claim, claim)
    assert not model_ok(Claim, claim)
    # ... and says so in LOADER_ONLY's words, not as a value outside the vocabulary.
    assert _reasons(Claim, claim) == ["must be an integer, one of 1, 2, 3, 4, 5, 6"]
    assert "must be an integer" in LOADER_ONLY


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ConflictModelsError):
        json_schema(dict)
