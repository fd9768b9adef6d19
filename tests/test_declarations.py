"""Guard tests: every rule is declared once, and everything else follows from it.

* every init field of every model declares exactly one kind, and a class with an
  undeclared or inconsistent field cannot be built;
* the strategies generate every field (optional, reference and ``extra`` included);
* each shared pattern is written once in the package;
* in a copy of the package, a new field of every kind added to ``Claim`` (one line
  each) and a new predicate (an enum member and a row of the predicate table) are
  validated, serialized on both paths, described by the schema, generated, and (for
  references) checked and re-pointed, with no other edit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, settings

import conflictmodels
import conflictmodels.strategies as cst
from _support import model_strategies
from conflictmodels import Dossier
from conflictmodels._spec import (
    COUNTRY,
    LANGUAGE,
    OSM,
    PARTY,
    REGION,
    URL,
    WIKIDATA,
    field_docs,
    ident,
    model,
    specs,
    text,
)
from conflictmodels.serialization import MODEL_TYPES

PACKAGE = Path(conflictmodels.__file__).parent
FIND = settings(max_examples=3000, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
def test_every_init_field_declares_one_kind(cls: type) -> None:
    assert list(specs(cls)) == [f.name for f in attrs.fields(cls) if f.init]
    assert callable(cls.__check__)  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", MODEL_TYPES, ids=lambda c: c.__name__)
def test_every_field_is_described_in_its_class_docstring(cls: type) -> None:
    assert sorted(field_docs(cls)) == sorted(specs(cls))


def test_a_field_without_a_kind_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Bad\.name: declare its kind"):

        @attrs.frozen(kw_only=True)
        @model()
        class Bad:
            id: str = attrs.field(metadata=ident())
            name: str = attrs.field()


@pytest.mark.parametrize(
    ("annotation", "default", "problem"),
    [
        ("str", None, "'| None' annotation and default=None disagree"),
        ("str | None", attrs.NOTHING, "'| None' annotation and default=None disagree"),
        ("tuple[str, ...]", (), "tuple annotation and tuple kind disagree"),
    ],
)
def test_a_declaration_that_contradicts_its_annotation_is_refused(annotation: str, default: Any, problem: str) -> None:
    body = {"__annotations__": {"name": annotation}, "name": attrs.field(default=default, metadata=text())}
    with pytest.raises(TypeError, match=re.escape(problem)):
        model()(type("Bad", (), body))


_DEFAULTS = {f"{cls.__name__}.{f.name}": f.default for cls in MODEL_TYPES for f in attrs.fields(cls) if f.init}
_STRATEGIES = [*model_strategies(), (Dossier, cst.dossiers(max_claims=3))]
_CASES = [
    (cls, strategy, name)
    for cls, strategy in _STRATEGIES
    for name in specs(cls)
    if name != "extra" and _DEFAULTS[f"{cls.__name__}.{name}"] is not attrs.NOTHING
]


@pytest.mark.parametrize(("cls", "strategy", "name"), _CASES, ids=[f"{c.__name__}.{n}" for c, _, n in _CASES])
def test_strategies_generate_every_optional_field(cls: type, strategy: Any, name: str) -> None:
    default = _DEFAULTS[f"{cls.__name__}.{name}"]
    found = find(strategy, lambda obj: getattr(obj, name) != default, settings=FIND)
    assert getattr(found, name) != default


@pytest.mark.parametrize(("cls", "strategy"), _STRATEGIES, ids=[c.__name__ for c, _ in _STRATEGIES])
def test_with_extras_generates_unknown_keys(cls: type, strategy: Any) -> None:
    found = find(cst.with_extras(strategy), lambda obj: bool(obj.extra), settings=FIND)
    assert set(found.extra).isdisjoint(specs(cls))


@pytest.mark.parametrize("shape", [PARTY, URL, LANGUAGE, COUNTRY, REGION, WIKIDATA, OSM], ids=lambda p: p.name)
def test_each_pattern_is_written_once(shape: Any) -> None:
    sources = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")]
    regex = f'r"{shape.regex.pattern}"'
    assert sum(s.count(regex) for s in sources) == 1, regex
    assert sum(s.count(shape.rule) for s in sources) == 1, shape.rule


# ----------------------------------------------------- one declaration, in a package copy

NEW_FIELDS = """
    x_ident: str | None = field(default=None, metadata=ident())
    x_source: str | None = field(default=None, metadata=ref("sources"))
    x_places: tuple[str, ...] = field(default=(), metadata=refs("locations"))
    x_text: str | None = field(default=None, metadata=text())
    x_texts: tuple[str, ...] = field(default=(), metadata=texts())
    x_region: str | None = field(default=None, metadata=pattern(REGION))
    x_kind: LocationKind | None = field(default=None, metadata=vocab(LocationKind))
    x_count: int | None = field(default=None, metadata=number(lo=0, integer=True))
    x_share: float | None = field(default=None, metadata=number(lo=0.0, hi=1.0))
    x_flag: bool = field(default=False, metadata=flag())
    x_seen: datetime | None = field(default=None, metadata=aware())
    x_point: Point | None = field(default=None, metadata=nested(Point))
    x_hops: tuple[Hop, ...] = field(default=(), metadata=nested_many(Hop))
"""
NEW_DOCS = "".join(
    f"        {line.split(':')[0].strip()}: A field added by the test.\n" for line in NEW_FIELDS.strip().splitlines()
)
NEW_IMPORTS = "from ._spec import REGION, flag, number, refs, texts\nfrom .geo import Point\nfrom .vocabularies import LocationKind\n"

CHECKS = r"""
import json, os
from datetime import datetime, timezone
import attrs, jsonschema
from hypothesis import HealthCheck, Phase, find, settings
import conflictmodels.strategies as cs
from conflictmodels._spec import field_docs, specs
from conflictmodels import (Claim, DanglingReferenceError, Dossier, FieldError, Hedge, Hop, LocationKind, Point,
    Predicate, Statement, ValidationError, dumps, dumps_lines, from_dict, loads, loads_lines, reconcile, to_dict)
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import json_schema
from conflictmodels.references import references, remap

FIND = settings(max_examples=3000, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
kursk = kursk_dossier()
base = kursk.claims[0]
when = datetime(2025, 3, 9, tzinfo=timezone.utc)
CASES = {  # name: (a valid value, a value the constructor refuses, a JSON value the loader refuses)
    "x_ident": ("doc-1", "doc 1", "doc 1"),
    "x_source": ("moscow-times", "", 7),
    "x_places": (("kositsa",), ("ok", 3), ["ok", " "]),
    "x_text": ("headline", "  ", [1, 2]),
    "x_texts": (("a", "b"), ("a", ""), ["a", None]),
    "x_region": ("RU-KRS", "Kursk", "ru-krs"),
    "x_kind": (LocationKind.REGION, "region", "shire"),
    "x_count": (3, True, 1.5),
    "x_share": (0.5, 1.5, -0.1),
    "x_flag": (True, 1, "yes"),
    "x_seen": (when, datetime(2025, 3, 9), "2025-03-09T00:00:00"),
    "x_point": (Point(lat=51.1, lon=34.7), {"lat": 1, "lon": 2}, {"lat": 91, "lon": 0}),
    "x_hops": ((Hop(source_id="ru-mod", hedge=Hedge.ASSERTED),), ("ru-mod",), [{"verb": "said"}]),
}
assert sorted(field_docs(Claim)) == sorted(specs(Claim))
schema = jsonschema.Draft202012Validator(json_schema(Claim))
for name, (good, bad, bad_json) in CASES.items():
    try:
        attrs.evolve(base, **{name: bad})
    except FieldError as exc:
        assert exc.field == name, (name, exc)
    else:
        raise AssertionError(f"{name}: constructor accepted {bad!r}")
    claim = attrs.evolve(base, **{name: good})
    assert loads(dumps(claim), Claim) == claim, name
    assert loads_lines(dumps_lines([claim]), Claim) == [claim], name
    assert from_dict(to_dict(claim), Claim) == claim, name
    payload = {"schema_version": 1, **to_dict(claim)}
    assert not list(schema.iter_errors(payload)), name
    payload[name] = bad_json
    try:
        loads(json.dumps(payload), Claim)
    except ValidationError as exc:
        assert [e.path for e in exc.errors][0].startswith(f"$.{name}"), (name, exc)
    else:
        raise AssertionError(f"{name}: loader accepted {bad_json!r}")
    assert list(schema.iter_errors(payload)), f"{name}: schema accepted {bad_json!r}"
    default = attrs.fields_dict(Claim)[name].default
    find(cs.claims(), lambda c, name=name, default=default: getattr(c, name) != default, settings=FIND)

# References: checked by the dossier, walked with paths, re-pointed.
claim = attrs.evolve(base, x_source="ghost", x_places=("kositsa",))
try:
    attrs.evolve(kursk, claims=(claim, *kursk.claims[1:]))
except DanglingReferenceError as exc:
    assert exc.field == "claims[0].x_source", exc
else:
    raise AssertionError("a dangling x_source was accepted")
assert ("sources", "x_source", "ghost") in list(references(claim))
moved = remap(claim, {"sources": {"ghost": "ru-mod"}, "locations": {"kositsa": "kursk"}})
assert (moved.x_source, moved.x_places) == ("ru-mod", ("kursk",))
dossier = attrs.evolve(kursk, claims=(attrs.evolve(base, x_source="ru-mod", x_text="headline"), *kursk.claims[1:]))
assert loads(dumps(reconcile(dossier)), Dossier) == reconcile(dossier)

# A new predicate: one enum member and one row of the predicate table.
siege = Statement(predicate=Predicate.SIEGE, party="RU", location_ids=("kositsa",))
try:
    Statement(predicate=Predicate.SIEGE, party="RU")
except FieldError as exc:
    assert exc.field == "location_ids" and "control, advance, siege" in exc.reason, exc
else:
    raise AssertionError("a siege without its place was accepted")
rules = json.dumps(json_schema(Statement)["allOf"])
assert '"siege"' in rules
find(cs.statements(), lambda s: s.predicate is Predicate.SIEGE, settings=FIND)
claim = attrs.evolve(base, statement=siege)
assert loads(dumps(claim), Claim) == claim
reconcile(attrs.evolve(kursk, claims=(*kursk.claims, attrs.evolve(claim, id="siege-1"))))
print("ok", os.environ.get("CONFLICTMODELS_PURE", "msgspec"))
"""


def _patch(path: Path, old: str, new: str) -> None:
    text_ = path.read_text(encoding="utf-8")
    assert old in text_, (path.name, old)
    path.write_text(text_.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def extended_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extended")
    pkg = root / "conflictmodels"
    shutil.copytree(PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    claim = pkg / "claim.py"
    _patch(claim, "from ._checks import EMPTY\n", "from ._checks import EMPTY\n" + NEW_IMPORTS)
    _patch(
        claim,
        "    extra: Mapping[str, Any] = field(",
        NEW_FIELDS.lstrip("\n") + "    extra: Mapping[str, Any] = field(",
    )
    _patch(claim, "        extra: Unknown JSON keys", NEW_DOCS + "        extra: Unknown JSON keys")
    _patch(
        pkg / "vocabularies.py",
        '    CUSTOM = "custom"\n',
        '    SIEGE = "siege"\n    """A party besieges a place."""\n    CUSTOM = "custom"\n',
    )
    _patch(
        pkg / "statement.py",
        "    Predicate.CUSTOM: PredicateRule(",
        '    Predicate.SIEGE: PredicateRule(places="one", party=True, nature="state"),\n    Predicate.CUSTOM: PredicateRule(',
    )
    return root


@pytest.mark.parametrize("pure", ["", "1"], ids=["msgspec", "pure"])
def test_one_declaration_is_enough_for_a_new_field_and_a_new_predicate(extended_package: Path, pure: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(extended_package), "CONFLICTMODELS_PURE": pure}
    if not pure:
        env.pop("CONFLICTMODELS_PURE")
    done = subprocess.run([sys.executable, "-c", CHECKS], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("ok")
