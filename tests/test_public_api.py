"""The public face: a sorted ``__all__``, documented in the API reference, with examples.

The top level holds the models, vocabularies, errors, loading and writing,
reconciliation and entity resolution with their policies, and ``Limits``; the rest
lives in named submodules. Importing the package loads the models only: everything
else is imported on first use of one of its names.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import conflictmodels

DOCS_EXT = Path(__file__).parents[1] / "docs" / "_ext"

# Public submodules: the API reference may document their members.
SUBMODULES = {
    "evidence", "examples", "export", "files", "migration", "names", "policy", "reliability", "resolution", "statement",
    "strategies",
    "values",
}  # fmt: skip

# Names that left the top level; each stays importable from its submodule.
MOVED = {
    "files": ["dump_file", "dump_lines_file", "load_file", "load_lines_file", "write_text_atomic"],
    "resolution": [
        "LocationRules",
        "MatchDecision",
        "SourceRules",
        "UnitRules",
        "match_locations",
        "match_sources",
        "match_units",
    ],
}

# What `import conflictmodels` must not import: loaded on first use of one of their names.
LAZY_MODULES = [
    "conflictmodels.serialization",
    "conflictmodels.reconciliation",
    "conflictmodels.resolution",
    "conflictmodels.policy",
    "conflictmodels.names",
    "conflictmodels.files",
    "conflictmodels.examples",
    "conflictmodels.export",
    "conflictmodels.strategies",
    "hypothesis",
    "msgspec",
]


def test_all_is_importable() -> None:
    for name in conflictmodels.__all__:
        assert hasattr(conflictmodels, name), name


def test_all_is_ruff_sorted() -> None:
    # ruff's RUF022 order: SCREAMING_CASE, then CamelCase, then the rest, each sorted.
    names = list(conflictmodels.__all__)
    groups = [
        [n for n in names if n.isupper()],
        [n for n in names if n[0].isupper() and not n.isupper()],
        [n for n in names if not n[0].isupper()],
    ]
    assert names == [n for g in groups for n in sorted(g)]


def test_the_top_level_keeps_what_most_users_need() -> None:
    need = {
        "Dossier", "Claim", "Statement", "Source", "Location", "Unit", "Assessment",  # models
        "Predicate", "Likelihood", "Reliability",  # vocabularies
        "ConflictModelsError", "ValidationError",  # errors
        "loads", "dumps", "from_dict", "to_dict", "loads_lines", "dumps_lines",  # load and dump
        "reconcile", "merge", "Policy", "Limits", "resolve_entities",
        "examples", "export",
    }  # fmt: skip
    assert need <= set(conflictmodels.__all__)


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, names in MOVED.items() for n in names])
def test_moved_names_live_in_their_submodule(module: str, name: str) -> None:
    assert name not in conflictmodels.__all__
    assert not hasattr(conflictmodels, name)
    assert hasattr(importlib.import_module(f"conflictmodels.{module}"), name)


def test_import_loads_the_models_only() -> None:
    code = (
        "import sys, conflictmodels\n"
        f"print([m for m in {LAZY_MODULES!r} if m in sys.modules])\n"
        "conflictmodels.Dossier(); conflictmodels.Predicate.CONTROL\n"  # eager names work as they are
        "print([m for m in {LAZY_MODULES!r} if m in sys.modules])\n"
        "conflictmodels.loads('{\"schema_version\": 1}')\n"
        "print('conflictmodels.serialization' in sys.modules, 'conflictmodels.reconciliation' in sys.modules)\n"
    ).replace("{LAZY_MODULES!r}", repr(LAZY_MODULES))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "[]", "True False"]


@pytest.mark.parametrize("name", ["loads", "reconcile", "Policy", "export", "examples"])
def test_a_lazy_name_becomes_a_plain_attribute(name: str) -> None:
    value = getattr(conflictmodels, name)
    assert vars(conflictmodels)[name] is value  # no __getattr__ on the hot path after first use
    assert getattr(conflictmodels, name) is value
    assert name in dir(conflictmodels)


def test_export_imports_each_format_on_first_use() -> None:
    code = (
        "import sys, conflictmodels.export as e\n"
        "print(sorted(m for m in sys.modules if m.startswith('conflictmodels.export.')))\n"
        "e.to_geojson\n"
        "print(sorted(m for m in sys.modules if m.startswith('conflictmodels.export.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "['conflictmodels.export._common', 'conflictmodels.export.geojson']"]
    import conflictmodels.export as export

    for name in export.__all__:
        assert getattr(export, name) is not None, name


@pytest.mark.parametrize("module", [conflictmodels, "conflictmodels.export"])
def test_unknown_names_are_attribute_errors(module: object) -> None:
    mod = importlib.import_module(module) if isinstance(module, str) else module
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        mod.nope  # noqa: B018


def _apiref() -> Any:
    """The docs extension that generates the API reference pages (it needs Sphinx, which
    the docs extra brings; the installed wheel's test run has no Sphinx)."""
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(DOCS_EXT))
    try:
        return importlib.import_module("apiref")
    finally:
        sys.path.remove(str(DOCS_EXT))


def placed() -> dict[str, str]:
    """Documented dotted name -> reference page, for every name the API reference places."""
    apiref = _apiref()
    out = {}
    for entry in apiref.entries():
        if (page := apiref.page_of(entry)) is not None:
            out.update(dict.fromkeys((entry.name, *entry.aliases), page))
    return out


@pytest.mark.parametrize("name", conflictmodels.__all__)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    if name in SUBMODULES:  # a module: placed on a page whole (export: module by module)
        modules = _apiref().placed_modules()
        assert any(m == f"conflictmodels.{name}" or m.startswith(f"conflictmodels.{name}.") for m in modules), name
        return
    if name == "__version__":  # documented by hand on the reference's index page
        assert "conflictmodels.__version__" in (DOCS_EXT.parent / "reference" / "index.md").read_text(encoding="utf-8")
        return
    assert f"conflictmodels.{name}" in placed(), f"{name} is public but on no page of docs/reference"


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, names in MOVED.items() for n in names])
def test_moved_names_are_in_the_api_reference_under_their_submodule(module: str, name: str) -> None:
    assert f"conflictmodels.{module}.{name}" in placed()


def test_the_api_reference_names_nothing_private() -> None:
    names = placed()
    assert names, "the reference places nothing: the walk is broken"
    for dotted in names:
        assert not any(part.startswith("_") for part in dotted.split(".")), dotted
        module, _, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), name), dotted


def _public_callables() -> list[tuple[str, object]]:
    out = []
    objects = [(name, getattr(conflictmodels, name)) for name in conflictmodels.__all__]
    objects += [
        (f"{m}.{n}", getattr(importlib.import_module(f"conflictmodels.{m}"), n))
        for m, names in MOVED.items()
        for n in names
    ]
    for name, obj in objects:
        if inspect.isfunction(obj) or (inspect.isclass(obj) and obj.__module__.startswith("conflictmodels")):
            out.append((name, obj))
    return out


@pytest.mark.parametrize(("name", "obj"), _public_callables())
def test_public_functions_and_classes_have_docstrings(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"


@pytest.mark.parametrize(("name", "obj"), [(n, o) for n, o in _public_callables() if inspect.isfunction(o)])
def test_public_functions_have_an_example(name: str, obj: object) -> None:
    assert ">>>" in (inspect.getdoc(obj) or ""), f"{name} has no doctest example"
