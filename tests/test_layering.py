"""Layering: the models never import serialization, exporters, files or the merge rules.

What a module imports cannot be read reliably from ``sys.modules`` (the package and the
tests import many modules); the imports are read from the source instead, lazy ones
inside functions and ``TYPE_CHECKING`` blocks included. A module may import modules of its own
layer or a lower one, and nothing else of the package (the package itself included).
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.find_spec("conflictmodels")  # finds the package without importing it
assert _SPEC is not None
assert _SPEC.submodule_search_locations
PACKAGE = Path(next(iter(_SPEC.submodule_search_locations)))

# Lowest first. Every module listed is checked; modules above the last layer
# (serialization's readers and writers, files, exporters, resolution, reconciliation,
# cli...) are not, and no checked module may import them.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "_version", "_datetimes", "_regex"}),
    frozenset({"vocabularies"}),
    frozenset({"_codegen", "_checks", "_spec"}),
    frozenset({"references"}),  # walks the declarations; knows no model
    frozenset(
        {"estimates", "geo", "timespans", "attribution", "statement", "withdrawal", "values", "evidence", "events"}
    ),  # value types
    frozenset({"source", "location", "unit", "people", "claim", "assessment"}),  # entities
    frozenset({"dossier"}),
    frozenset({"migration"}),  # holds SCHEMA_VERSION; serialization sits above it
)
LAYER = {name: level for level, names in enumerate(LAYERS) for name in names}

# (module, imported module) pairs that break the layering; none today. (Claim.content_id,
# which imported serialization, became conflictmodels.content_id(claim) only.)
KNOWN_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


def _imports(name: str, package: Path = PACKAGE) -> set[str]:
    """The package modules ``name`` imports (first component below the package), or
    ``""`` for names taken from the package itself (``from . import Claim``)."""
    tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "conflictmodels" or alias.name.startswith("conflictmodels."):
                    found.add(alias.name.split(".")[1] if "." in alias.name else "")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0:
                if module != "conflictmodels" and not module.startswith("conflictmodels."):
                    continue
                module = module.removeprefix("conflictmodels").removeprefix(".")
            elif node.level > 1:  # above the package: not expected in a top-level module
                found.add("..")
                continue
            if module:
                found.add(module.split(".")[0])
            else:  # ``from . import x``: a submodule, or a name from __init__ (everything)
                found.update(a.name if (package / f"{a.name}.py").exists() else "" for a in node.names)
    return found


def _violations(name: str, package: Path = PACKAGE) -> set[tuple[str, str]]:
    return {(name, target) for target in _imports(name, package) if LAYER.get(target, len(LAYERS)) > LAYER[name]}


def test_every_layered_module_exists() -> None:
    # A new model module must be given its layer here (_spec may still be in the making).
    missing = {name for name in LAYER if not (PACKAGE / f"{name}.py").exists()} - {"_spec"}
    assert not missing


@pytest.mark.parametrize("name", sorted(n for n in LAYER if (PACKAGE / f"{n}.py").exists()))
def test_modules_import_only_lower_layers(name: str) -> None:
    assert _violations(name) - KNOWN_EXCEPTIONS == set()


def test_known_exceptions_still_exist() -> None:
    """Fails once an exception is fixed, so that it is also removed from KNOWN_EXCEPTIONS."""
    for name, target in KNOWN_EXCEPTIONS:
        assert (name, target) in _violations(name), f"{name} -> {target} is fixed: remove it from KNOWN_EXCEPTIONS"


def test_the_check_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    (tmp_path / "geo.py").write_text(
        "from . import _checks as c\n"
        "from . import Claim\n"
        "import conflictmodels.export\n"
        "def f():\n"
        "    from .serialization import dumps\n"
        "    from conflictmodels.files import load_file\n",
        encoding="utf-8",
    )
    (tmp_path / "_checks.py").write_text("", encoding="utf-8")
    assert _imports("geo", tmp_path) == {"_checks", "", "export", "serialization", "files"}
    assert {target for _, target in _violations("geo", tmp_path)} == {"", "export", "serialization", "files"}
