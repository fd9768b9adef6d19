"""The public face: a sorted ``__all__``, documented in the API reference, with examples."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import conflictmodels

API_RST = Path(__file__).parents[1] / "docs" / "reference" / "api.rst"


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


def documented_names() -> set[str]:
    text = API_RST.read_text(encoding="utf-8")
    found = set(re.findall(r"^\.\. (?:auto\w+|py:\w+):: conflictmodels\.(\w+)", text, flags=re.MULTILINE))
    return found


@pytest.mark.parametrize("name", conflictmodels.__all__)
def test_every_public_name_is_in_the_api_reference(name: str) -> None:
    if name == "examples":  # a module, documented with automodule
        assert ".. automodule:: conflictmodels.examples" in API_RST.read_text(encoding="utf-8")
        return
    assert name in documented_names(), f"{name} is public but missing from docs/reference/api.rst"


def test_the_api_reference_names_nothing_private() -> None:
    for name in documented_names():
        assert name in conflictmodels.__all__ or name in {"examples", "strategies", "names", "migration"}, name


def _public_callables() -> list[tuple[str, object]]:
    out = []
    for name in conflictmodels.__all__:
        obj = getattr(conflictmodels, name)
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
