"""Sphinx configuration for conflictmodels."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import conflictmodels

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "conflictmodels"
author = "conflictmodels developers"
copyright = "2026, conflictmodels developers"
release = conflictmodels.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "vocabtables",
    "fieldtables",
]

# Offline by default: cross-project links only when CONFLICTMODELS_INTERSPHINX=1.
intersphinx_mapping = (
    {"python": ("https://docs.python.org/3", None), "attrs": ("https://www.attrs.org/en/stable/", None)}
    if os.environ.get("CONFLICTMODELS_INTERSPHINX") == "1"
    else {}
)

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True

# Names autodoc cannot resolve offline or that are private implementation details.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime\.|collections\.abc\.|typing\.|types\.|enum\.|attrs\.|cattrs\.|hypothesis\.).*"),
    (r"py:.*", r"(datetime|date|tzinfo|timedelta|Any|Mapping|Sequence|Iterable|Iterator|Callable|TypeVar|T|_T)"),
    (r"py:.*", r"(conflictmodels\.)?(_checks|serialization)\._.*"),
    (r"py:.*", r"(conflictmodels\._checks(\.\w+)?|re\.Pattern)"),
    (r"py:.*", r"(Number|int \| float|SearchStrategy|DrawFn|st\..*)"),
    (r"py:.*", r"conflictmodels\.\w+\.[TM]"),
    (r"py:.*", r"(json|os)\..*"),
]

# A short name such as ``Statement`` in a signature finds both the documented
# ``conflictmodels.Statement`` and its canonical ``conflictmodels.statement.Statement``:
# one class, not an ambiguity.
suppress_warnings = ["ref.python"]

doctest_global_setup = "import conflictmodels\nfrom conflictmodels import *\n"

html_theme = "furo"
html_title = f"conflictmodels {release}"
