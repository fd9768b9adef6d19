"""Attack class: crashes in the writers and the STIX reader (issue #19, items 14 and 15).

Valid data at the ends of the calendar must export (no OverflowError), STIX timestamps
are always four-digit years in UTC, a tampered conflictmodels extension in a STIX
bundle is a ``ConflictModelsError`` that names the STIX object and the path inside it
(never a TypeError), and printing an error about any Python value is bounded (no
RecursionError, no ValueError from huge integers).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stix2validator import ValidationOptions, validate_instance  # type: ignore[import-untyped,unused-ignore]

from _support import examples
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    ConflictModelsError,
    Dossier,
    FieldError,
    Predicate,
    Statement,
    TimePrecision,
    TimeSpan,
    ValidationError,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import (
    assessments_csv,
    claims_csv,
    from_stix,
    from_stix_with_warnings,
    to_geojson,
    to_stix,
)
from conflictmodels.export.stix import EXTENSION_ID

STIX_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
PLUS5, MINUS5 = timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))
EARLIEST = datetime(1, 1, 1, tzinfo=PLUS5)  # 0000-12-31T19:00Z: before datetime.min in UTC
LATEST = datetime(9999, 12, 31, 23, tzinfo=MINUS5)  # 10000-01-01T04:00Z: after datetime.max
EDGES = [
    EARLIEST,
    LATEST,
    datetime(1, 1, 1, tzinfo=UTC),
    datetime.max.replace(tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
    datetime(999, 5, 1, 12, tzinfo=UTC),
]


def _stamps(bundle: dict[str, Any]) -> list[str]:
    return [o[k] for o in bundle["objects"] for k in ("created", "modified", "published") if k in o]


def _at_edge(moment: datetime) -> Dossier:
    """The Kursk dossier with one claim and one assessment at ``moment`` everywhere."""
    d = kursk_dossier()
    first = d.claims[0]
    claim = attrs.evolve(first, reported_at=moment, when=TimeSpan(start=moment, end=moment))
    open_start = attrs.evolve(d.claims[1], when=TimeSpan(end=moment, precision=TimePrecision.DAY))
    located = first.statement.location_ids
    assessment = Assessment(
        id="edge",
        status=AssessmentStatus.UNVERIFIED,
        statement=Statement(predicate=Predicate.SITUATION, description="quiet", location_ids=located),
        valid=TimeSpan(end=moment, precision=TimePrecision.DAY),
        as_of=moment,
        assessed_at=moment,
        assessed_by="analyst",
    )
    return attrs.evolve(d, claims=(claim, open_start, *d.claims[2:]), assessments=(assessment,))


# ------------------------------------------------------------ item 14: calendar edges


@pytest.mark.parametrize("moment", EDGES, ids=str)
def test_every_writer_exports_the_ends_of_the_calendar(moment: datetime) -> None:
    d = _at_edge(moment)
    bundle = to_stix(d)
    assert all(STIX_TIMESTAMP.fullmatch(s) for s in _stamps(bundle)), _stamps(bundle)
    assert from_stix(bundle) == d  # the carried objects keep the exact instant and offset
    for text in (claims_csv(d), assessments_csv(d)):
        assert list(csv.DictReader(io.StringIO(text, newline="")))
    json.dumps(to_geojson(d), allow_nan=False)


def test_stix_years_before_1000_are_zero_padded() -> None:
    note = next(o for o in to_stix(_at_edge(datetime(999, 5, 1, 12, tzinfo=UTC)))["objects"] if o["type"] == "note")
    assert note["created"] == "0999-05-01T12:00:00.000000Z"


def test_instants_outside_the_utc_calendar_are_clamped_in_stix_and_kept_in_the_extension() -> None:
    for moment, stamp in ((EARLIEST, "0001-01-01T00:00:00.000000Z"), (LATEST, "9999-12-31T23:59:59.999999Z")):
        bundle = to_stix(_at_edge(moment))
        note = next(o for o in bundle["objects"] if o["type"] == "note")
        assert note["created"] == note["modified"] == stamp
        assert note["extensions"][EXTENSION_ID]["object"]["reported_at"] == moment.isoformat()
        result = validate_instance(bundle, ValidationOptions(version="2.1"))
        assert [str(e) for e in result.errors] == []


def test_the_last_day_of_a_span_ending_at_the_first_instant_is_year_zero() -> None:
    """A span open before and ending at 0001-01-01T00:00 covers up to the day before:
    ISO 8601 (astronomical) year 0000; ``end`` keeps the exact instant."""
    d = _at_edge(datetime(1, 1, 1, tzinfo=UTC))
    row = next(r for r in csv.DictReader(io.StringIO(claims_csv(d), newline="")) if r["claim_id"] == d.claims[1].id)
    assert (row["date_start"], row["date_end"], row["end"]) == ("", "0000-12-31", "0001-01-01T00:00:00+00:00")
    (assessment,) = csv.DictReader(io.StringIO(assessments_csv(d), newline=""))
    assert assessment["date_end"] == "0000-12-31"


OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
ANY_AWARE = st.builds(lambda dt, tz: dt.replace(tzinfo=tz), st.datetimes(), OFFSETS)


@settings(max_examples=examples(500))
@given(ANY_AWARE)
def test_any_aware_datetime_exports(moment: datetime) -> None:
    d = _at_edge(moment)
    bundle = to_stix(d)
    assert all(STIX_TIMESTAMP.fullmatch(s) for s in _stamps(bundle))
    assert from_stix(bundle) == d
    claims_csv(d)
    assessments_csv(d)
    to_geojson(d)


# ------------------------------------------------------------ item 15: tampered extensions


def _kursk_bundle() -> dict[str, Any]:
    return copy.deepcopy(to_stix(kursk_dossier()))


def _first(bundle: dict[str, Any], stix_type: str) -> tuple[int, dict[str, Any]]:
    return next((i, o) for i, o in enumerate(bundle["objects"]) if o["type"] == stix_type)


TAMPERINGS: dict[str, tuple[str, Any]] = {
    # name: (STIX type of the tampered object, change to its extension)
    "object is a list": ("note", lambda ext: ext.update(object=[1, 2])),
    "object is a string": ("note", lambda ext: ext.update(object="claim")),
    "object is null": ("note", lambda ext: ext.update(object=None)),
    "object is missing": ("note", lambda ext: ext.pop("object")),
    "schema_version is a string": ("note", lambda ext: ext.update(schema_version="1")),
    "schema_version is a float": ("note", lambda ext: ext.update(schema_version=1.0)),
    "schema_version is true": ("note", lambda ext: ext.update(schema_version=True)),
    "schema_version is missing": ("note", lambda ext: ext.pop("schema_version")),
    "schema_version is too new": ("note", lambda ext: ext.update(schema_version=99)),
    "model is a list": ("note", lambda ext: ext.update(model=["Claim"])),
    "model is an object": ("note", lambda ext: ext.update(model={"Claim": 1})),
    "model is missing": ("note", lambda ext: ext.pop("model")),
    "field of the wrong type": ("note", lambda ext: ext["object"].update(statement=[])),
    "nested field of the wrong type": ("note", lambda ext: ext["object"]["statement"].update(location_ids="x")),
    "report object is a list": ("report", lambda ext: ext.update(object=[])),
    "report schema_version is a string": ("report", lambda ext: ext.update(schema_version="1")),
    "report collection is a number": ("report", lambda ext: ext["object"].update(claims=5)),
    "report title is a number": ("report", lambda ext: ext["object"].update(title=5)),
    "location point of the wrong type": ("location", lambda ext: ext["object"].update(point="51,35")),
}


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_a_tampered_extension_names_the_object_and_the_path(name: str) -> None:
    stix_type, change = TAMPERINGS[name]
    bundle = _kursk_bundle()
    index, obj = _first(bundle, stix_type)
    change(obj["extensions"][EXTENSION_ID])
    with pytest.raises(ValidationError) as info:
        from_stix(bundle)
    assert obj["id"] in str(info.value)
    prefix = f"$.objects[{index}].extensions"
    assert any((e.path or "").startswith(prefix) for e in info.value.errors), str(info.value)


@pytest.mark.parametrize("extension", [[], "x", 5, None], ids=repr)
def test_an_extension_that_is_not_an_object_is_refused(extension: Any) -> None:
    bundle = _kursk_bundle()
    index, obj = _first(bundle, "note")
    obj["extensions"][EXTENSION_ID] = extension
    with pytest.raises(ValidationError) as info:
        from_stix(bundle)
    assert obj["id"] in str(info.value)
    assert info.value.errors[0].path == f"$.objects[{index}].extensions.{EXTENSION_ID}"


def test_extensions_that_are_not_an_object_are_refused() -> None:
    bundle = _kursk_bundle()
    index, obj = _first(bundle, "note")
    obj["extensions"] = [obj["extensions"]]
    with pytest.raises(ValidationError) as info:
        from_stix(bundle)
    assert info.value.errors[0].path == f"$.objects[{index}].extensions"


def test_a_dangling_reference_names_the_stix_object() -> None:
    bundle = _kursk_bundle()
    index, obj = _first(bundle, "note")
    obj["extensions"][EXTENSION_ID]["object"]["statement"]["location_ids"] = ["nowhere"]
    with pytest.raises(ValidationError) as info:
        from_stix(bundle)
    assert obj["id"] in str(info.value)
    (error,) = info.value.errors
    assert (error.path or "").startswith(f"$.objects[{index}].extensions.{EXTENSION_ID}.object.statement.location_ids")


@pytest.mark.parametrize(
    "change",
    [
        lambda o: o.update(authors=5),
        lambda o: o.update(object_refs=7),
        lambda o: o.update(external_references=3),
        lambda o: o.update(external_references=[{"url": 5}, 1]),
        lambda o: o.update(created=["2025"]),
        lambda o: o.update(confidence=1000),
        lambda o: o.update(lang=5, abstract=[], content={}),
    ],
)
def test_a_foreign_note_of_the_wrong_types_is_reported_not_raised(change: Any) -> None:
    note = {"type": "note", "spec_version": "2.1", "id": "note--1", "created": "2025-03-09T12:00:00Z",
            "modified": "2025-03-09T12:00:00Z", "content": "Shelling.", "object_refs": []}  # fmt: skip
    change(note)
    dossier, warnings = from_stix_with_warnings({"type": "bundle", "id": "bundle--1", "objects": [note]})
    assert [c.id for c in dossier.claims] == ["note--1"] or any("note--1" in w for w in warnings)


# ------------------------------------------------------------ item 15: error text is bounded


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        _nested(100_000),
        {"a": _nested(50_000)},
        10**5000,
        -(10**100_000),
        "x" * 10_000_000,
        [list(range(1000))] * 1000,
    ],
    ids=["deep list", "deep dict", "huge int", "huger int", "long string", "wide list"],
)
def test_the_text_of_an_error_is_bounded_for_any_value(value: Any) -> None:
    err = FieldError("Claim", "extra", "must be JSON data", value).at("$.extra")
    text = str(err)
    assert text.startswith("$.extra: must be JSON data, got ")
    assert len(text) < 200
    group = str(ValidationError([err, FieldError("Claim", "x", "bad", value)]))
    assert len(group) < 400


def test_a_self_referencing_value_is_shown() -> None:
    loop: list[Any] = []
    loop.append(loop)
    assert len(str(FieldError("X", "y", "bad", loop))) < 200


def test_ordinary_values_are_shown_as_before() -> None:
    for value, shown in [
        (5, "5"),
        (1.5, "1.5"),
        ("RU", "str 'RU'"),
        ([1, "x"], "list [1, 'x']"),
        ({"lat": 1, "lon": 2}, "dict {'lat': 1, 'lon': 2}"),
        ((1,), "tuple (1,)"),
        ([], "list []"),
        (None, "NoneType None"),
        (True, "True"),
        ("a" * 100, "str '" + "a" * 76 + "..."),
        (list(range(40)), "list " + repr(list(range(40)))[:77] + "..."),
    ]:
        assert str(FieldError("X", "y", "bad", value)) == f"X.y: bad, got {shown}"


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary())
PYTHON_DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner),
        st.tuples(inner),
        st.tuples(inner, inner),
        st.frozensets(SCALARS.filter(lambda v: v == v)),
        st.dictionaries(st.one_of(st.text(), st.integers()), inner),
    ),
    max_leaves=30,
)


@settings(max_examples=examples(1000))
@given(PYTHON_DATA)
def test_the_text_of_an_ordinary_value_is_unchanged(value: Any) -> None:
    """The bounded text equals what ``repr`` cut at 80 characters gave before."""
    text = repr(value)
    text = text[:77] + "..." if len(text) > 80 else text
    shown = text if isinstance(value, (int, float)) else f"{type(value).__name__} {text}"
    assert str(FieldError("X", "y", "bad", value)) == f"X.y: bad, got {shown}"


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
FOREIGN_PROPERTIES = [
    "name", "contact_information", "external_references", "country", "administrative_area", "latitude",
    "longitude", "precision", "city", "region", "created", "modified", "published", "created_by_ref", "authors",
    "object_refs", "content", "abstract", "description", "confidence", "lang",
]  # fmt: skip
PLAUSIBLE = st.sampled_from(
    ["2025-03-09T12:00:00Z", "identity--1", "location--1", "RU", "RU-KRS", "en", 51.5, 35.1, 75, ["identity--1"],
     [{"url": "https://example.org/a"}], ["Jane Roe"], "https://example.org"]
)  # fmt: skip


@settings(max_examples=examples(1000))
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["identity", "location", "note", "report"]),
            st.sampled_from(["identity--1", "location--1", "note--1", "report--1", "x"]),
            st.dictionaries(st.sampled_from(FOREIGN_PROPERTIES), st.one_of(JSON_VALUES, PLAUSIBLE), max_size=8),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_foreign_objects_of_any_shape_are_read_or_reported(specs: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Best-effort reading of other tools' objects never raises anything but a
    ConflictModelsError, and what it cannot read it names."""
    objects = [{**props, "type": kind, "id": sid, "spec_version": "2.1"} for kind, sid, props in specs]
    try:
        dossier, warnings = from_stix_with_warnings({"type": "bundle", "id": "bundle--1", "objects": objects})
    except ConflictModelsError:
        return
    read = {x.id for x in (*dossier.sources, *dossier.locations, *dossier.units, *dossier.people, *dossier.claims)}
    read.add(dossier.extra.get("x_stix_id"))  # another tool's report: the dossier's head, kept under its id
    warned = {path for w in warnings for path in w.paths}
    for i, obj in enumerate(objects):
        assert obj["id"] in read or f"$.objects[{i}]" in warned, (i, obj, warnings)
