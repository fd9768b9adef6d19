"""Every public class and function shows how it is used: a ``>>>`` example in its docstring.

"Public" is what ``__all__`` of the package and of each public module (no part of its
dotted name starting with ``_``) lists; the API reference is generated from the same
lists (docs/_ext/apiref.py), so every entry there has its example. Type aliases and
re-exported foreign objects (``typing.Literal[...]``) are not the package's own and are
not checked; constants are data, documented but not called.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import conflictmodels


def _public_modules() -> Iterator[str]:
    yield "conflictmodels"
    for info in pkgutil.walk_packages(conflictmodels.__path__, "conflictmodels."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield info.name


def _is_own_callable(obj: Any) -> bool:
    if inspect.ismodule(obj) or not (inspect.isclass(obj) or callable(obj)):
        return False
    return str(getattr(obj, "__module__", "")).split(".")[0] == "conflictmodels"


def public_callables() -> dict[str, Any]:
    """Every public class and function once, by the first public path that exports it."""
    found: dict[int, tuple[str, Any]] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if _is_own_callable(obj):
                found.setdefault(id(obj), (f"{module_name}.{name}", obj))
    return dict(found.values())


PUBLIC = public_callables()


def test_the_walk_finds_the_public_api() -> None:
    # The walk must see the core types and a submodule's names, or the check below is empty.
    assert {"conflictmodels.Claim", "conflictmodels.reconcile", "conflictmodels.files.load_file"} <= set(PUBLIC)
    assert "conflictmodels.strategies.claims" in PUBLIC
    assert len(PUBLIC) > 150


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_class_and_function_has_an_example(name: str) -> None:
    doc = inspect.getdoc(PUBLIC[name]) or ""
    assert ">>>" in doc, f"{name} has no >>> example in its docstring: add one that imports what it uses"


def test_a_missing_example_is_caught() -> None:
    def undocumented() -> None:
        """Does something, but says not how."""

    undocumented.__module__ = "conflictmodels.fake"
    assert _is_own_callable(undocumented)
    assert ">>>" not in (inspect.getdoc(undocumented) or "")
