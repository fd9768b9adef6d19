"""Bad input, one row per kind: the exact error class, JSON path and reason of each.

Rows that load a payload expect a :class:`ValidationError` holding exactly one problem;
rows that call a constructor expect the problem itself (its ``field`` is checked in
place of a path).
"""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest

from conflictmodels import (
    Assessment,
    Claim,
    ConflictModelsError,
    DanglingReferenceError,
    Dossier,
    DuplicateIdError,
    Estimate,
    FieldError,
    FieldTypeError,
    Hedge,
    Hop,
    Location,
    MissingFieldError,
    Point,
    Predicate,
    SchemaVersionError,
    Source,
    Statement,
    TimeSpan,
    Unit,
    UnknownFieldError,
    ValidationError,
    from_dict,
    loads,
    to_dict,
)
from conflictmodels.examples import kursk_dossier

UTC = UTC
NAIVE = datetime(2025, 3, 9, 12, 0)
DELETE = object()


def payload(kind: str, /, **changes: Any) -> dict[str, Any]:
    """A valid payload of ``kind`` with ``changes`` applied (dotted keys reach into
    nested objects, ``DELETE`` removes a key)."""
    base: dict[str, dict[str, Any]] = {
        "point": {"lat": 51.28, "lon": 35.3},
        "span": {"start": "2025-03-09T00:00:00+03:00", "end": "2025-03-10T00:00:00+03:00", "precision": "day"},
        "estimate": {"high": 30000, "unit": "troops"},
        "source": {"id": "ru-mod", "name": "Russian MoD", "kind": "state_military", "party": "RU"},
        "location": {"id": "novenke", "name": "Novenke", "country": "UA", "region": "UA-59"},
        "unit": {"id": "ru-810", "name": "810th Naval Infantry Brigade", "echelon": "brigade"},
        "claim": {
            "id": "c1",
            "source_id": "ru-mod",
            "attribution": [
                {"source_id": "news-report", "verb": "reported"},
                {"source_id": "ru-mod", "verb": "announced"},
            ],
            "reported_at": "2025-03-09T18:00:00+03:00",
            "when": {"end": "2025-03-10T00:00:00+03:00", "precision": "day"},
            "statement": {
                "predicate": "control",
                "party": "RU",
                "counterparty": "UA",
                "change": "recaptured",
                "location_ids": ["kositsa"],
            },
            "language": "en",
        },
        "assessment": {
            "id": "a1",
            "statement": {"predicate": "situation", "description": "challenging but under control"},
            "status": "unverified",
            "supporting": ["c1", "c2"],
            "contradicting": ["c3"],
            "independent_origins": 1,
            "assessed_at": "2025-03-10T00:00:00+00:00",
            "assessed_by": "analyst",
        },
    }
    data = copy.deepcopy(base[kind])
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for name in parents:
            target = target[int(name)] if isinstance(target, list) else target[name]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return {"schema_version": 1, **data}


CLASSES: dict[str, type] = {
    "point": Point,
    "span": TimeSpan,
    "estimate": Estimate,
    "source": Source,
    "location": Location,
    "unit": Unit,
    "claim": Claim,
    "assessment": Assessment,
}


def kursk_payload(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = to_dict(kursk_dossier())
    edit(data)
    return data


def _dangling_source(data: dict[str, Any]) -> None:
    claim = data["claims"][5]
    claim["source_id"] = "ghost"
    del claim["attribution"]


def _duplicate_claim(data: dict[str, Any]) -> None:
    data["claims"].append({**data["claims"][1], "quote": "something else"})


class Row(NamedTuple):
    id: str
    make: Callable[[], object]
    error: type[FieldError]
    path: str  # the JSON path when loading; the field for a constructor call
    reason: str


def load(kind: str, /, **changes: Any) -> Callable[[], object]:
    return lambda: from_dict(payload(kind, **changes), CLASSES[kind])


def load_text(text: str, cls: type = Point) -> Callable[[], object]:
    return lambda: loads(text, cls)


def ctor(fn: Callable[[], object]) -> Callable[[], object]:
    fn.constructor = True  # type: ignore[attr-defined]
    return fn


ROWS = [
    Row("lat-above-90", load("point", lat=90.5), FieldError, "$.lat", "must be between -90 and 90"),
    Row("lon-below-minus-180", load("point", lon=-180.01), FieldError, "$.lon", "must be between -180 and 180"),
    Row("nan-constructor", ctor(lambda: Point(lat=float("nan"), lon=0.0)), FieldError, "lat", "must be finite"),
    Row("infinity-constructor", ctor(lambda: Estimate(high=float("inf"))), FieldError, "high", "must be finite"),
    Row(
        "nan-json-text",
        load_text('{"schema_version": 1, "lat": NaN, "lon": 0}'),
        FieldError,
        "$.lat",
        "not a JSON number",
    ),
    Row(
        "infinity-json-text",
        load_text('{"schema_version": 1, "lat": 1, "lon": -Infinity}'),
        FieldError,
        "$.lon",
        "not a JSON number",
    ),
    Row("bool-for-number", load("point", lat=True), FieldTypeError, "$.lat", "must be a number"),
    Row("string-for-number", load("estimate", high="30000"), FieldTypeError, "$.high", "must be a number"),
    Row("bool-for-integer", load("location", geonames_id=True), FieldTypeError, "$.geonames_id", "integer"),
    Row("negative-precision-m", load("point", precision_m=-1), FieldError, "$.precision_m", "at least 0"),
    Row("empty-name", load("source", name=""), FieldError, "$.name", "must not be empty or blank"),
    Row("blank-name", load("location", name=" \t "), FieldError, "$.name", "must not be empty or blank"),
    Row("blank-alias", load("unit", aliases=["ok", "  "]), FieldError, "$.aliases", "must not be empty or blank"),
    Row("number-in-aliases", load("unit", aliases=["ok", 11]), FieldTypeError, "$.aliases", "tuple of a string"),
    Row(
        "start-after-end",
        load("span", start="2025-03-10T00:00:00+03:00", end="2025-03-09T00:00:00+03:00"),
        FieldError,
        "$.end",
        "must not be before start",
    ),
    Row("both-ends-open", load("span", start=DELETE, end=DELETE), FieldError, "$.start", "needs a start or an end"),
    Row(
        "naive-datetime-constructor",
        ctor(lambda: Hop(source_id="ru-mod", hedge=Hedge.ASSERTED, at=NAIVE)),
        FieldError,
        "at",
        "must be timezone-aware",
    ),
    Row(
        "datetime-without-offset",
        load("claim", reported_at="2025-03-09T18:00:00"),
        FieldError,
        "$.reported_at",
        "UTC offset",
    ),
    Row("date-without-time", load("span", start="2025-03-09"), FieldError, "$.start", "UTC offset"),
    Row("non-date-string", load("span", end="last Sunday"), FieldError, "$.end", "RFC 3339"),
    Row("number-for-datetime", load("span", start=1741478400), FieldTypeError, "$.start", "date-time string"),
    Row(
        "nested-naive-end",
        load("claim", when__end="2025-03-10T00:00:00"),
        FieldError,
        "$.when.end",
        "UTC offset",
    ),
    Row("low-above-high", load("estimate", low=40000), FieldError, "$.high", "low <= best <= high"),
    Row("best-above-high", load("estimate", best=31000), FieldError, "$.high", "low <= best <= high"),
    Row("negative-estimate", load("estimate", low=-5), FieldError, "$.low", "must be at least 0"),
    Row("estimate-with-nothing", load("estimate", high=DELETE), FieldError, "$.best", "needs low, best or high"),
    Row("credibility-7", load("claim", credibility=7), FieldError, "$.credibility", "must be one of 1, 2, 3"),
    Row("credibility-string", load("claim", credibility="1"), FieldError, "$.credibility", "must be one of"),
    Row("credibility-bool", load("claim", credibility=True), FieldError, "$.credibility", "must be one of"),
    Row("reliability-G", load("source", reliability="G"), FieldError, "$.reliability", "'A', 'B'"),
    Row("unknown-source-kind", load("source", kind="newspaper"), FieldError, "$.kind", "'state_military'"),
    Row(
        "unknown-predicate",
        load("claim", statement__predicate="occupation"),
        FieldError,
        "$.statement.predicate",
        "must be one of",
    ),
    Row(
        "unknown-hedge",
        load("claim", attribution__1__hedge="rumoured"),
        FieldError,
        "$.attribution[1].hedge",
        "'asserted'",
    ),
    Row("unknown-echelon", load("unit", echelon="legion"), FieldError, "$.echelon", "'brigade'"),
    Row(
        "enum-value-wrong-case",
        load("assessment", status="Unverified"),
        FieldError,
        "$.status",
        "'unverified'",
    ),
    Row("country-alpha-3", load("location", country="RUS", region=DELETE), FieldError, "$.country", "ISO 3166-1"),
    Row("region-without-dash", load("location", region="UA59"), FieldError, "$.region", "ISO 3166-2"),
    Row(
        "region-of-other-country",
        load("location", country="RU"),
        FieldError,
        "$.region",
        "must belong to the location's country",
    ),
    Row("bad-wikidata-id", load("location", wikidata_id="1234"), FieldError, "$.wikidata_id", "Wikidata item id"),
    Row("bad-osm-id", load("location", osm_id="rel/71980"), FieldError, "$.osm_id", "OpenStreetMap id"),
    Row("id-with-space", load("source", id="ru mod"), FieldError, "$.id", "without spaces"),
    Row("empty-id", load("location", id=""), FieldError, "$.id", "non-empty id"),
    Row("id-with-newline", load("claim", id="c\n1"), FieldError, "$.id", "non-empty id"),
    Row("party-as-name", load("source", party="Russia"), FieldError, "$.party", "ISO 3166-1 alpha-2"),
    Row("own-parent-source", load("source", parent_id="ru-mod"), FieldError, "$.parent_id", "its own parent"),
    Row(
        "own-parent-unit",
        load("unit", parents=[{"unit_id": "ru-810"}]),
        FieldError,
        "$.parents",
        "its own parent",
    ),
    Row(
        "control-without-location",
        load("claim", statement__location_ids=DELETE),
        FieldError,
        "$.statement.location_ids",
        "exactly one location",
    ),
    Row(
        "control-with-two-locations",
        load("claim", statement__location_ids=["kositsa", "lebedevka"]),
        FieldError,
        "$.statement.location_ids",
        "exactly one location",
    ),
    Row(
        "control-without-change",
        load("claim", statement__change=DELETE),
        FieldError,
        "$.statement.change",
        "required for control statements",
    ),
    Row(
        "change-on-non-control",
        load("assessment", statement__change="captured"),
        FieldError,
        "$.statement.change",
        "only allowed there",
    ),
    Row(
        "custom-without-name",
        load("assessment", statement__predicate="custom"),
        FieldError,
        "$.statement.custom_predicate",
        "required for custom statements",
    ),
    Row(
        "strength-without-quantity",
        ctor(lambda: Statement(predicate=Predicate.STRENGTH, party="UA")),
        FieldError,
        "quantity",
        "need a quantity",
    ),
    Row(
        "situation-without-description",
        load("assessment", statement__description=DELETE),
        FieldError,
        "$.statement.description",
        "required for situation statements",
    ),
    Row(
        "presence-without-units-or-party",
        ctor(lambda: Statement(predicate=Predicate.PRESENCE, location_ids=("kursk-oblast",))),
        FieldError,
        "location_ids",
        "units or a party",
    ),
    Row(
        "counterparty-is-party",
        load("claim", statement__counterparty="RU"),
        FieldError,
        "$.statement.counterparty",
        "must differ from party",
    ),
    Row(
        "attribution-not-ending-at-source",
        load("claim", attribution__1__source_id="ru-armed-forces"),
        FieldError,
        "$.attribution",
        "must end with the asserting source",
    ),
    Row("language-word", load("claim", language="English"), FieldError, "$.language", "BCP 47"),
    Row("url-without-scheme", load("source", url="mil.ru"), FieldError, "$.url", "absolute URL"),
    Row("url-with-space", load("claim", url="https://example.org/a b"), FieldError, "$.url", "absolute URL"),
    Row("unknown-key", load("estimate", unti="troops"), UnknownFieldError, "$.unti", "unknown key"),
    Row(
        "unknown-nested-key",
        load("claim", when__precison="day"),
        UnknownFieldError,
        "$.when.precison",
        "keep_unknown=True",
    ),
    Row("missing-required-key", load("claim", source_id=DELETE), MissingFieldError, "$.source_id", "is required"),
    Row(
        "missing-nested-key",
        load("claim", attribution__0__source_id=DELETE),
        MissingFieldError,
        "$.attribution[0].source_id",
        "is required",
    ),
    Row(
        "list-instead-of-object",
        load("claim", statement=[]),
        FieldTypeError,
        "$.statement",
        "must be a JSON object",
    ),
    Row("string-instead-of-list", load("source", aliases="MoD"), FieldTypeError, "$.aliases", "must be a JSON array"),
    Row(
        "object-instead-of-list",
        load("claim", attribution={"source_id": "ru-mod"}),
        FieldTypeError,
        "$.attribution",
        "must be a JSON array",
    ),
    Row("payload-is-a-list", lambda: from_dict([{"lat": 1, "lon": 2}], Point), FieldTypeError, "$", "JSON object"),
    Row(
        "schema-version-missing",
        lambda: from_dict({"lat": 1, "lon": 2}, Point),
        SchemaVersionError,
        "$.schema_version",
        "is required",
    ),
    Row(
        "schema-version-string",
        lambda: from_dict({"schema_version": "1", "lat": 1, "lon": 2}, Point),
        SchemaVersionError,
        "$.schema_version",
        "must be an integer",
    ),
    Row(
        "schema-version-999",
        lambda: from_dict({"schema_version": 999, "lat": 1, "lon": 2}, Point),
        SchemaVersionError,
        "$.schema_version",
        "upgrade conflictmodels",
    ),
    Row(
        "schema-version-0",
        lambda: from_dict({"schema_version": 0, "lat": 1, "lon": 2}, Point),
        SchemaVersionError,
        "$.schema_version",
        "is not supported",
    ),
    Row(
        "dangling-source-reference",
        lambda: from_dict(kursk_payload(_dangling_source), Dossier),
        DanglingReferenceError,
        "$.claims[5].source_id",
        "refers to unknown source",
    ),
    Row(
        "dangling-location-reference",
        lambda: from_dict(
            kursk_payload(lambda d: d["claims"][0]["statement"].update(location_ids=["atlantis"])), Dossier
        ),
        DanglingReferenceError,
        "$.claims[0].statement.location_ids[0]",
        "refers to unknown location",
    ),
    Row(
        "duplicate-id-different-content",
        lambda: from_dict(kursk_payload(_duplicate_claim), Dossier),
        DuplicateIdError,
        f"$.claims[{len(kursk_dossier().claims)}]",  # appended after the example's claims
        "repeats the id of claims[1]",
    ),
    Row(
        "overlapping-supporting-contradicting",
        load("assessment", contradicting=["c2"]),
        FieldError,
        "$.contradicting",
        "must not share claim ids",
    ),
    Row(
        "independent-origins-above-supporting",
        load("assessment", independent_origins=3),
        FieldError,
        "$.independent_origins",
        "cannot exceed",
    ),
    Row(
        "confirmed-without-support",
        load("assessment", status="confirmed", supporting=[], independent_origins=0),
        FieldError,
        "$.supporting",
        "needs supporting claims",
    ),
    Row("not-json", load_text('{"schema_version": 1, "lat": 1,'), FieldError, "$", "not valid JSON"),
    Row("not-json-garbage", load_text("Kursk!"), FieldError, "$", "not valid JSON"),
]


def test_table_has_at_least_35_distinct_kinds() -> None:
    assert len(ROWS) >= 35
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_bad_input(row: Row) -> None:
    with pytest.raises(ConflictModelsError) as info:
        row.make()
    err = info.value
    if getattr(row.make, "constructor", False):
        assert type(err) is row.error, f"{type(err).__name__} is not {row.error.__name__}: {err}"
        assert err.field == row.path
        assert err.path is None
    else:
        assert type(err) is ValidationError, f"{type(err).__name__}: {err}"
        assert len(err.errors) == 1, str(err)
        (err,) = err.errors
        assert type(err) is row.error, f"{type(err).__name__} is not {row.error.__name__}: {err}"
        assert err.path == row.path
        assert row.path in str(err)
    assert row.reason in err.reason, err.reason
    assert isinstance(err, ConflictModelsError)
    assert isinstance(err, ValueError)
    assert isinstance(err, TypeError) == issubclass(row.error, FieldTypeError)
    assert isinstance(err, KeyError) == (row.error is DanglingReferenceError)


# --- several problems at once -------------------------------------------------------------


def _many_problems(data: dict[str, Any]) -> None:
    data["sources"][1]["kind"] = "ministry"
    data["locations"][0]["point"]["lat"] = 95
    data["units"][2]["name"] = ""
    data["claims"][0]["when"]["end"] = "2025-03-10T00:00:00"
    data["claims"][3]["statement"]["location_ids"] = ["atlantis"]
    data["claims"][7]["x_unknown"] = 1
    del data["claims"][9]["reported_at"]


def test_a_document_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(kursk_payload(_many_problems))
    errors = info.value.errors
    found = {e.path: type(e) for e in errors}
    assert found == {
        "$.sources[1].kind": FieldError,
        "$.locations[0].point.lat": FieldError,
        "$.units[2].name": FieldError,
        "$.claims[0].when.end": FieldError,
        "$.claims[7].x_unknown": UnknownFieldError,
        "$.claims[9].reported_at": MissingFieldError,
    }
    assert len(errors) == 6
    assert info.value.summary == "6 problems in the document"
    text = str(info.value)
    assert all(path in text for path in found)


def test_integrity_problems_are_reported_together() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["claims"][3]["statement"]["location_ids"] = ["atlantis"]
        data["claims"][4]["statement"]["unit_ids"] = ["ghost-brigade"]
        data["sources"][2]["parent_id"] = "nobody"
        data["claims"].append({**data["claims"][0], "quote": "other words"})

    with pytest.raises(ValidationError) as info:
        from_dict(kursk_payload(edit))
    found = {e.path: type(e) for e in info.value.errors}
    assert found == {
        f"$.claims[{len(kursk_dossier().claims)}]": DuplicateIdError,
        "$.sources[2].parent_id": DanglingReferenceError,
        "$.claims[3].statement.location_ids[0]": DanglingReferenceError,
        "$.claims[4].statement.unit_ids[0]": DanglingReferenceError,
    }


def test_one_object_with_two_bad_fields_reports_both() -> None:
    with pytest.raises(ValidationError) as info:
        Point(lat=91.0, lon=-181.0)
    assert [(e.owner, e.field) for e in info.value.errors] == [("Point", "lat"), ("Point", "lon")]
    assert isinstance(info.value, ValueError)
    with pytest.raises(ValidationError) as loaded:
        from_dict({"schema_version": 1, "lat": 91.0, "lon": "x"}, Point)
    assert [(type(e), e.path) for e in loaded.value.errors] == [(FieldError, "$.lat"), (FieldTypeError, "$.lon")]


def test_duplicate_identical_objects_collapse_silently() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["claims"].append(copy.deepcopy(data["claims"][4]))
        data["sources"].append(copy.deepcopy(data["sources"][0]))

    d = from_dict(kursk_payload(edit))
    assert d == kursk_dossier()
    assert len(d.claims) == len(kursk_dossier().claims)
    assert len(d.sources) == 11


def test_error_carries_value_and_message() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(payload("point", lat=90.5), Point)
    (err,) = info.value.errors
    assert err.owner == "Point"
    assert err.field == "lat"
    assert err.value == 90.5
    assert str(err) == "$.lat: must be between -90 and 90, got 90.5"


def test_json_null_for_required_field() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(payload("source", name=None), Source)
    (err,) = info.value.errors
    assert type(err) is FieldTypeError
    assert err.path == "$.name"


def test_wrong_python_type_in_constructor_is_a_type_error() -> None:
    with pytest.raises(FieldTypeError) as info:
        Source(id="x", name="X", aliases=["list", "not", "tuple"])  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)
    assert info.value.field == "aliases"


def test_lookup_of_missing_id_is_a_key_error() -> None:
    with pytest.raises(KeyError) as info:
        kursk_dossier().source("nobody")
    assert isinstance(info.value, DanglingReferenceError)
    assert isinstance(info.value, ConflictModelsError)
    assert "nobody" in str(info.value)


# --- errors survive pickling (for multiprocessing) -------------------------------------------


PICKLE_CASES = [
    FieldError("Point", "lat", "must be between -90 and 90", 91.0, path="$.lat"),
    FieldTypeError("Point", "lon", "must be a number", "x", path="$.lon"),
    MissingFieldError("Claim", "source_id", "is required", path="$.claims[0].source_id"),
    UnknownFieldError("Estimate", "unti", "unknown key", path="$.unti"),
    DuplicateIdError("Dossier", "claims[3]", "repeats the id of claims[0] with different content", "c1"),
    SchemaVersionError("Point", "schema_version", "is required", path="$.schema_version"),
    DanglingReferenceError("Dossier", "claims[0].source_id", "refers to unknown source", "ghost"),
]


@pytest.mark.parametrize("err", PICKLE_CASES, ids=[type(e).__name__ for e in PICKLE_CASES])
def test_errors_are_picklable(err: FieldError) -> None:
    err.line = 7
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (back.owner, back.field, back.reason, back.path, back.line) == (
        err.owner,
        err.field,
        err.reason,
        err.path,
        err.line,
    )
    assert back.has_value == err.has_value
    assert back.value == err.value
    assert str(back) == str(err)


def test_validation_error_is_picklable() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(kursk_payload(_many_problems))
    err = info.value
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ValidationError
    assert back.summary == err.summary
    assert [(type(e), e.path, e.reason) for e in back.errors] == [(type(e), e.path, e.reason) for e in err.errors]
    assert str(back) == str(err)


def test_base_payloads_are_valid() -> None:
    # every row mutates a valid payload: a broken base would make the rows meaningless
    for kind, cls in CLASSES.items():
        assert from_dict(payload(kind), cls) is not None
    assert json.loads(json.dumps(payload("claim")))["statement"]["change"] == "recaptured"
