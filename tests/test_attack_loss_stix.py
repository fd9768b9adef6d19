"""Attack class: silent loss in STIX import (issue #19, item 9), and the STIX import fuzz
campaign.

Every object of a bundle is either in the dossier ``from_stix`` returns or named in a
warning of ``from_stix_with_warnings`` (one warning per kind, with the count, the ids
and the paths), and ``from_stix(..., strict=True)`` refuses what would be warned about.
Repeated ids follow STIX versioning: the newest ``modified`` wins; versions with the
same ``modified`` and different content are a conflict, reported, and the one kept does
not depend on the order of the bundle.

The campaign mutates bundles written by ``to_stix`` (of the Kursk example and of
generated dossiers): objects deleted, duplicated (as they are, as newer, older or
same-time versions with other content), retyped, given weird field values, extension
payloads tampered with; a second report, unknown models, legacy extension ids, foreign
objects. Whatever the input, only ``ConflictModelsError`` escapes, and nothing is lost
without a warning. The campaign is marked ``fuzz`` (``.ci/run`` runs it with the loaders'
campaign, at the ci counts); ``FUZZ_EXAMPLES=n`` runs n examples per test, for long
campaigns by hand.
"""

from __future__ import annotations

import copy
import json
import os
import pickle
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import (
    Assessment,
    Claim,
    ConflictModelsError,
    Dossier,
    Location,
    Person,
    Source,
    Unit,
    ValidationError,
    from_dict,
    migration,
    serialization,
)
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import from_stix, from_stix_with_warnings, stix, to_stix
from conflictmodels.export.stix import EXTENSION_ID, PRODUCER_ID, StixWarning
from conflictmodels.migration import register

LEGACY_EXTENSION_ID = "extension-definition--936317bc-b026-5d9d-afcc-29bd571e310a"
OUR_EXTENSIONS = (EXTENSION_ID, LEGACY_EXTENSION_ID)
MODELS = {"Source": "sources", "Location": "locations", "Unit": "units", "Person": "people", "Claim": "claims",
          "Assessment": "assessments"}  # fmt: skip
CLASSES = {
    "Source": Source,
    "Location": Location,
    "Unit": Unit,
    "Person": Person,
    "Claim": Claim,
    "Assessment": Assessment,
}
COLLECTIONS = set(MODELS.values())
# What to_stix derives from a dossier without an extension of its own: parent links and
# commands, opinions about contradicting and related claims, sightings, geolocated points.
DERIVED_TYPES = ("relationship", "opinion", "sighting", "location", "note")


def bundle_of(d: Dossier) -> dict[str, Any]:
    return copy.deepcopy(to_stix(d))


def first(bundle: dict[str, Any], stix_type: str) -> tuple[int, dict[str, Any]]:
    return next((i, o) for i, o in enumerate(bundle["objects"]) if o["type"] == stix_type)


def warned(warnings: tuple[StixWarning, ...]) -> dict[str, str]:
    """Path of each warned object -> the kind of its warning."""
    return {path: w.kind for w in warnings for path in w.paths}


def foreign_identity(name: str, modified: str = "2025-01-01T00:00:00Z") -> dict[str, Any]:
    return {"type": "identity", "spec_version": "2.1", "id": "identity--7d0e6c6c-5a1b-4c8e-9a41-0d3f8c1e2b11",
            "created": "2025-01-01T00:00:00Z", "modified": modified, "name": name}  # fmt: skip


def one_bundle(*objects: dict[str, Any]) -> dict[str, Any]:
    return {"type": "bundle", "id": "bundle--1", "objects": list(objects)}


# ---------------------------------------------------------------- unknown extension model


def test_an_unknown_extension_model_is_reported() -> None:
    bundle = bundle_of(kursk_dossier())
    index, note = first(bundle, "note")
    note["extensions"][EXTENSION_ID]["model"] = "Event"
    d, warnings = from_stix_with_warnings(bundle)
    assert len(d.claims) == len(kursk_dossier().claims) - 1
    (w,) = warnings
    assert (w.kind, w.ids, w.paths) == ("unknown-model", (note["id"],), (f"$.objects[{index}]",))
    assert "'Event'" in w
    assert note["id"] in w
    with pytest.raises(ValidationError) as info:
        from_stix(bundle, strict=True)
    assert [e.path for e in info.value.errors] == [f"$.objects[{index}]"]
    assert note["id"] in str(info.value)


# ---------------------------------------------------------------- repeated ids


def test_a_repeated_foreign_id_keeps_the_newest_version_and_reports_the_older() -> None:
    old, new = foreign_identity("Old name"), foreign_identity("New name", "2025-02-01T00:00:00Z")
    for order in ((old, new), (new, old)):
        d, warnings = from_stix_with_warnings(one_bundle(*order))
        assert [s.name for s in d.sources] == ["New name"]
        (w,) = warnings
        assert w.kind == "superseded"
        assert w.paths == (f"$.objects[{order.index(old)}]",)
    with pytest.raises(ValidationError):
        from_stix(one_bundle(old, new), strict=True)


def test_versions_with_the_same_modified_and_other_content_are_a_conflict() -> None:
    a, b = foreign_identity("Name A"), foreign_identity("Name B")
    kept = set()
    for order in ((a, b), (b, a)):
        d, warnings = from_stix_with_warnings(one_bundle(*order))
        kept.add(d.sources[0].name)
        (w,) = warnings
        assert w.kind == "conflict"
        assert a["id"] in w
    assert len(kept) == 1  # the order of the bundle does not decide


def test_an_exact_repeat_is_not_a_loss() -> None:
    a = foreign_identity("Same")
    d, warnings = from_stix_with_warnings(one_bundle(a, copy.deepcopy(a)))
    assert ([s.name for s in d.sources], warnings) == (["Same"], ())


def test_a_repeated_foreign_note_is_not_a_crash() -> None:
    note = {"type": "note", "spec_version": "2.1", "id": "note--1", "created": "2025-03-09T12:00:00Z",
            "modified": "2025-03-09T12:00:00Z", "content": "x", "object_refs": []}  # fmt: skip
    newer = {**note, "content": "y", "modified": "2025-03-10T12:00:00Z"}
    d, warnings = from_stix_with_warnings(one_bundle(newer, note))
    assert [c.quote for c in d.claims] == ["y"]
    assert warned(warnings) == {"$.objects[1]": "superseded"}


def test_a_repeated_carried_object_keeps_the_newest_version() -> None:
    d = kursk_dossier()
    bundle = bundle_of(d)
    index, note = first(bundle, "note")
    newer = copy.deepcopy(note)
    newer["modified"] = "2030-01-01T00:00:00.000Z"
    newer["extensions"][EXTENSION_ID]["object"]["quote"] = "corrected"
    bundle["objects"].insert(0, newer)
    back, warnings = from_stix_with_warnings(bundle)
    assert back.claim(d.claims[0].id).quote == "corrected"
    # Its STIX content still has the old quote: an edit, reported; the extension is read.
    assert warned(warnings) == {f"$.objects[{index + 1}]": "superseded", "$.objects[0]": "edited"}


def test_a_repeated_carried_object_with_the_same_modified_is_a_conflict() -> None:
    bundle = bundle_of(kursk_dossier())
    _, note = first(bundle, "note")
    other = copy.deepcopy(note)
    other["extensions"][EXTENSION_ID]["object"]["quote"] = "other"
    bundle["objects"].append(other)
    back, warnings = from_stix_with_warnings(bundle)
    (w,) = warnings
    assert w.kind == "conflict"
    bundle["objects"].insert(0, bundle["objects"].pop())
    assert from_stix_with_warnings(bundle)[0] == back


def test_the_same_carried_id_under_two_stix_ids_is_one_object() -> None:
    bundle = bundle_of(kursk_dossier())
    _, note = first(bundle, "note")
    twin = copy.deepcopy(note)
    twin["id"] = "note--5b0b7d0e-3c55-4a8e-8a5e-0f4c5b1e9d21"
    twin["modified"] = "2030-01-01T00:00:00.000Z"
    twin["extensions"][EXTENSION_ID]["object"]["quote"] = "later"
    bundle["objects"].append(twin)
    back, warnings = from_stix_with_warnings(bundle)
    assert back.claims[0].quote == "later"
    assert [w.kind for w in warnings] == ["superseded", "edited"]


# ---------------------------------------------------------------- a second report


def test_a_second_dossier_report_is_reported() -> None:
    d = kursk_dossier()
    bundle = bundle_of(d)
    index, report = first(bundle, "report")
    second = copy.deepcopy(report)
    second["id"] = "report--6f1c2b7a-0d7e-4d3b-9d55-3a0e2f4b8c10"
    second["modified"] = "2030-01-01T00:00:00.000Z"
    second["extensions"][EXTENSION_ID]["object"]["title"] = "Another dossier"
    bundle["objects"].append(second)
    back, warnings = from_stix_with_warnings(bundle)
    assert back.title == "Another dossier"  # the newest
    assert warned(warnings) == {f"$.objects[{index}]": "second-report"}
    assert report["id"] in warnings[0]
    with pytest.raises(ValidationError):
        from_stix(bundle, strict=True)


# ---------------------------------------------------------------- per-object schema versions


@pytest.fixture
def pretend_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Version 2 of the format: a claim's ``quote`` was called ``said`` in version 1."""
    for module in (migration, serialization, stix):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migration, "MIGRATIONS", {})

    @register(1)
    def _said_to_quote(payload: dict[str, Any], kind: str) -> dict[str, Any]:
        if kind == "Claim" and "said" in payload:
            payload["quote"] = payload.pop("said")
        return payload


@pytest.mark.usefixtures("pretend_v2")
def test_each_carried_object_is_read_in_its_own_schema_version() -> None:
    d = kursk_dossier()
    bundle = bundle_of(d)  # written at version 2
    _, note = first(bundle, "note")
    ext = note["extensions"][EXTENSION_ID]
    ext["schema_version"] = 1
    ext["object"]["said"] = ext["object"].pop("quote", None) or "said in version 1"
    back, warnings = from_stix_with_warnings(bundle)
    assert warnings == ()
    assert back.claims[0].quote == ext["object"]["said"]
    assert back.claims[1:] == d.claims[1:]


@pytest.mark.usefixtures("pretend_v2")
def test_a_version_1_report_does_not_make_version_2_objects_old() -> None:
    d = kursk_dossier()
    bundle = bundle_of(d)
    _, report = first(bundle, "report")
    report["extensions"][EXTENSION_ID]["schema_version"] = 1
    _, note = first(bundle, "note")
    note["extensions"][EXTENSION_ID]["object"]["extra_key"] = "kept as it is"
    back = from_stix(bundle)
    assert back.claims[0].extra == {"extra_key": "kept as it is"}


def test_a_carried_object_newer_than_the_library_is_refused_with_its_place() -> None:
    bundle = bundle_of(kursk_dossier())
    index, note = first(bundle, "note")
    note["extensions"][EXTENSION_ID]["schema_version"] = 99
    with pytest.raises(ValidationError) as info:
        from_stix(bundle)
    assert [e.path for e in info.value.errors] == [f"$.objects[{index}].extensions.{EXTENSION_ID}.schema_version"]
    assert note["id"] in str(info.value)


# ---------------------------------------------------------------- found around it


def test_a_relationship_in_our_name_that_the_dossier_does_not_make_is_reported() -> None:
    bundle = bundle_of(kursk_dossier())
    rel = {"type": "relationship", "spec_version": "2.1", "id": "relationship--0c9f1a2e-8a4b-4f0e-9d1c-2b3a4c5d6e7f",
           "created": "1970-01-01T00:00:00.000Z", "modified": "1970-01-01T00:00:00.000Z",
           "created_by_ref": PRODUCER_ID, "relationship_type": "related-to",
           "source_ref": bundle["objects"][3]["id"], "target_ref": bundle["objects"][4]["id"]}  # fmt: skip
    bundle["objects"].append(rel)
    _, warnings = from_stix_with_warnings(bundle)
    assert warned(warnings) == {f"$.objects[{len(bundle['objects']) - 1}]": "no-equivalent"}


def test_a_foreign_object_with_the_id_of_a_carried_one_is_reported() -> None:
    d = kursk_dossier()
    bundle = bundle_of(d)
    clash = {**foreign_identity("Impostor"), "id": d.sources[0].id}
    bundle["objects"].append(clash)
    back, warnings = from_stix_with_warnings(bundle)
    assert back.sources == d.sources
    assert warned(warnings) == {f"$.objects[{len(bundle['objects']) - 1}]": "id-taken"}


def test_the_unknown_source_placeholder_does_not_replace_a_carried_source() -> None:
    own = Source(id="unknown-source", name="A source of ours")
    bundle = bundle_of(Dossier(sources=(own,)))
    note = {"type": "note", "spec_version": "2.1", "id": "note--1", "created": "2025-03-09T12:00:00Z",
            "modified": "2025-03-09T12:00:00Z", "content": "x", "object_refs": []}  # fmt: skip
    bundle["objects"].append(note)
    back, warnings = from_stix_with_warnings(bundle)
    assert warnings == ()
    assert back.source("unknown-source") == own
    assert back.source(back.claims[0].source_id).name.startswith("Unknown source")


def test_warnings_say_the_count_and_every_id() -> None:
    objects = [{"type": "indicator", "spec_version": "2.1", "id": f"indicator--{i}"} for i in range(3)]
    _, warnings = from_stix_with_warnings(one_bundle(*objects))
    (w,) = warnings
    assert w.startswith("$.objects[0]: skipped 3 objects: no conflictmodels equivalent")
    assert all(o["id"] in w for o in objects)
    assert w.ids == tuple(o["id"] for o in objects)
    assert w.paths == ("$.objects[0]", "$.objects[1]", "$.objects[2]")
    back = pickle.loads(pickle.dumps(w))
    assert (back, back.kind, back.ids, back.paths) == (w, w.kind, w.ids, w.paths)
    assert copy.deepcopy(w).ids == w.ids


# ================================================================ the fuzz campaign

_OVERRIDE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(suppress_health_check=list(HealthCheck), deadline=None)
KURSK_BUNDLE = to_stix(kursk_dossier())
WEIRD: list[Any] = [
    None, True, 0, -1, 1.5, 2**64, "", "x", "Claim", "Source", "Dossier", "Event", "note--1", [], {}, [1], ["x"],
    {"a": {}}, "2025-03-09T12:00:00Z", "1970-01-01T00:00:00.000Z", "2099-01-01T00:00:00Z", "not a time",
    EXTENSION_ID, LEGACY_EXTENSION_ID, PRODUCER_ID, 1, 2, 99, "1",
]  # fmt: skip
TIMES = ["1970-01-01T00:00:00.000Z", "2025-03-09T12:00:00Z", "2099-01-01T00:00:00Z", "garbage", None]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


MUTATIONS = [
    # structural: what the import must account for, object by object
    "delete", "duplicate", "version", "version", "version", "second-report", "foreign", "collide", "type",
    "model", "legacy",
    # tampering: what the import must refuse with a ConflictModelsError, or read
    "retype", "drop-key", "ext", "replace",
]  # fmt: skip


def _mutate(data: st.DataObject, bundle: dict[str, Any]) -> None:
    objects: list[Any] = bundle["objects"]
    how = data.draw(st.sampled_from(MUTATIONS))
    if not objects:
        return
    i = data.draw(st.integers(0, len(objects) - 1))
    obj = objects[i]
    where = data.draw(st.integers(0, len(objects)))
    if how == "delete":
        del objects[i]
    elif how == "replace":
        objects[i] = copy.deepcopy(data.draw(st.sampled_from(WEIRD)))
    elif how == "duplicate":
        objects.insert(where, copy.deepcopy(obj))
    elif how == "version" and isinstance(obj, dict):
        objects.insert(where, _version(data, obj))
    elif how == "second-report":
        reports = [o for o in objects if isinstance(o, dict) and o.get("type") == "report"]
        if reports:
            twin = _version(data, reports[0])
            twin["id"] = data.draw(st.sampled_from(["report--1", "report--2", twin["id"]]))
            objects.insert(where, twin)
    elif how in ("retype", "drop-key"):
        paths = [(i, *p) for p in _paths(obj)]
        if paths:
            path = data.draw(st.sampled_from(paths))
            if how == "retype":
                _set(bundle["objects"], path, copy.deepcopy(data.draw(st.sampled_from(WEIRD))))
            else:
                parent = _get(bundle["objects"], path[:-1])
                if isinstance(parent, dict):
                    del parent[path[-1]]
    elif how in ("ext", "model") and isinstance(obj, dict) and isinstance(obj.get("extensions"), dict):
        ext = obj["extensions"].get(EXTENSION_ID)
        if isinstance(ext, dict):
            key = "model" if how == "model" else data.draw(st.sampled_from(["object", "schema_version", "model"]))
            ext[key] = copy.deepcopy(data.draw(st.sampled_from([*WEIRD, *MODELS])))
    elif how == "type" and isinstance(obj, dict):
        obj["type"] = data.draw(st.sampled_from(["note", "report", "identity", "location", "indicator", "opinion"]))
    elif how == "foreign" and isinstance(obj, dict):
        twin = {k: copy.deepcopy(v) for k, v in obj.items() if k != "extensions"}
        keys = sorted(k for k in twin if k not in ("type", "id"))
        if bool(keys) and data.draw(st.booleans()):
            twin[data.draw(st.sampled_from(keys))] = copy.deepcopy(data.draw(st.sampled_from(WEIRD)))
        objects.insert(where, twin)
    elif how == "collide" and isinstance(obj, dict):
        ext = _carried(obj)
        if isinstance(ext, dict) and isinstance(ext.get("object"), dict) and "id" in ext["object"]:
            twin = {k: copy.deepcopy(v) for k, v in obj.items() if k != "extensions"}
            twin["id"] = ext["object"]["id"]
            objects.insert(where, twin)
    elif how == "legacy" and isinstance(obj, dict) and EXTENSION_ID in _dict(obj.get("extensions")):
        obj["extensions"][LEGACY_EXTENSION_ID] = obj["extensions"].pop(EXTENSION_ID)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _version(data: st.DataObject, obj: dict[str, Any]) -> dict[str, Any]:
    """Another version of ``obj``: another ``modified``, and maybe other content."""
    twin = copy.deepcopy(obj)
    twin["modified"] = data.draw(st.sampled_from(TIMES))
    ext = _carried(twin)
    texts = [p for p in _paths(ext) if isinstance(_get(ext, p), str)] if isinstance(ext, dict) else []
    if bool(texts) and data.draw(st.booleans()):
        _set(ext, data.draw(st.sampled_from(texts)), data.draw(st.sampled_from(["x", "another text", "RU"])))
    elif data.draw(st.booleans()):
        twin[data.draw(st.sampled_from(["name", "content", "labels"]))] = data.draw(st.sampled_from(WEIRD))
    return twin


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _carried(obj: Mapping[str, Any]) -> Mapping[str, Any] | None:
    extensions = obj.get("extensions")
    found = [extensions[k] for k in OUR_EXTENSIONS if isinstance(extensions, Mapping) and k in extensions]
    return found[0] if found else None


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def check_nothing_lost(bundle: dict[str, Any], result: Dossier, warnings: tuple[StixWarning, ...]) -> None:
    """Each object is named in a warning, or found in ``result``; of two unwarned objects
    that the import sees as the same, neither was overridden."""
    named = warned(warnings)
    derived = {o["id"] for o in to_stix(result)["objects"] if "extensions" not in o}
    seen: dict[Any, str] = {}
    for i, obj in enumerate(bundle["objects"]):
        if f"$.objects[{i}]" in named:
            continue
        ext = _carried(obj)
        if ext is not None:
            payload = {**ext["object"], "schema_version": ext["schema_version"]}
            if ext["model"] == "Dossier":
                # People travel in the report's body; their roles name units, which do not.
                body = {k: v for k, v in payload.items() if k not in COLLECTIONS and k != "people"}
                head = from_dict(body, Dossier, keep_unknown=True)
                assert (result.title, dict(result.extra)) == (head.title, dict(head.extra)), f"$.objects[{i}]"
                key: Any = "Dossier"
            else:
                collection = MODELS[ext["model"]]
                kept = {x.id: x for x in getattr(result, collection)}
                assert ext["object"]["id"] in kept, f"$.objects[{i}] lost"
                read: object = from_dict(payload, CLASSES[ext["model"]], keep_unknown=True)
                assert kept[ext["object"]["id"]] == read, f"$.objects[{i}] not as carried"
                key = (collection, ext["object"]["id"])
            content = _canonical([ext["model"], ext["schema_version"], ext["object"]])
        elif (obj["type"], obj["id"]) == ("identity", PRODUCER_ID) or (
            obj["type"] == "extension-definition" and obj["id"] in OUR_EXTENSIONS
        ):
            continue
        elif obj["type"] in DERIVED_TYPES and obj.get("created_by_ref") == PRODUCER_ID and obj["id"] in derived:
            continue  # written again from the dossier
        else:
            ids: set[str | None] = {result.extra.get("x_stix_id")}  # a report of another tool: the dossier's head
            for collection in ("sources", "units", "people", "locations", "claims", "assessments"):
                ids |= {x.id for x in getattr(result, collection)}
            assert obj["id"] in ids, f"$.objects[{i}] lost"
            key, content = ("foreign", obj["id"]), _canonical(obj)
        assert seen.setdefault(key, content) == content, f"$.objects[{i}] overridden silently"


def run_campaign(bundle: dict[str, Any]) -> None:
    before = copy.deepcopy(bundle)
    try:
        result, warnings = from_stix_with_warnings(bundle)
    except ConflictModelsError as err:
        str(err)
        return
    finally:
        assert bundle == before, "the import changed its input"
    for w in warnings:
        assert w.ids, w
        assert len(w.ids) == len(w.paths), w
    check_nothing_lost(bundle, result, warnings)
    if warnings:
        with pytest.raises(ConflictModelsError):
            from_stix(bundle, strict=True)
    else:
        assert from_stix(bundle, strict=True) == result


@pytest.mark.fuzz
@settings(FUZZ, max_examples=_OVERRIDE or examples(1000))
@given(st.data())
def test_fuzz_mutated_kursk_bundles(data: st.DataObject) -> None:
    bundle = copy.deepcopy(KURSK_BUNDLE)
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(data, bundle)
    run_campaign(bundle)


@pytest.mark.fuzz
@settings(FUZZ, max_examples=_OVERRIDE or examples(500))
@given(cs.dossiers(), st.data())
def test_fuzz_mutated_generated_bundles(d: Dossier, data: st.DataObject) -> None:
    bundle = bundle_of(d)
    for _ in range(data.draw(st.integers(1, 4))):
        _mutate(data, bundle)
    run_campaign(bundle)


def test_unmutated_bundles_lose_nothing() -> None:
    d = attrs.evolve(kursk_dossier())
    result, warnings = from_stix_with_warnings(bundle_of(d))
    assert (result, warnings) == (d, ())
    check_nothing_lost(bundle_of(d), result, warnings)


def test_another_tools_report_does_not_title_an_untitled_dossier() -> None:
    # Found by the fuzz campaign: a conflictmodels report of an untitled dossier, and
    # another object given the type report.
    d = attrs.evolve(kursk_dossier(), title=None)
    bundle = bundle_of(d)
    other = {"type": "report", "spec_version": "2.1", "id": "report--1", "name": "Someone else's report",
             "created": "2025-03-09T12:00:00Z", "modified": "2099-03-09T12:00:00Z", "published": "2025-03-09T12:00:00Z",
             "object_refs": []}  # fmt: skip
    bundle["objects"].insert(0, other)
    result, warnings = from_stix_with_warnings(bundle)
    assert (result.title, dict(result.extra)) == (None, {})
    assert [(w.kind, w.ids) for w in warnings] == [("second-report", ("report--1",))]
    check_nothing_lost(bundle, result, warnings)
