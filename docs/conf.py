"""Sphinx configuration for conflictmodels."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

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
    "sphinx_copybutton",
    "vocabtables",
    "fieldtables",
    "apiref",
    "clidocs",
]

# Offline by default: cross-project links only when CONFLICTMODELS_INTERSPHINX=1.
intersphinx_mapping = (
    {"python": ("https://docs.python.org/3", None), "attrs": ("https://www.attrs.org/en/stable/", None)}
    if os.environ.get("CONFLICTMODELS_INTERSPHINX") == "1"
    else {}
)

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_ext", "_data", "pictures/*.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
# Types only beside parameters a docstring documents: an attrs class lists its fields
# once, in its Attributes, not again as parameters.
autodoc_typehints_description_target = "documented_params"
autodoc_preserve_defaults = True
# "Source", not "conflictmodels.source.Source", in signatures and field types (still linked).
python_use_unqualified_type_names = True
# The reference pages ask for members entry by entry (docs/_ext/apiref.py); an attrs
# class's signature is built from its fields there too.
autodoc_default_options: dict[str, Any] = {}
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
    (r"py:.*", r"(mappingproxy|UUID|uuid\.UUID|types\.MappingProxyType)"),
    # Optional dependencies' types (the docs extra installs neither Dask nor hypothesis).
    (r"py:.*", r"(Bag|dask\..*|distributed\..*)"),
]

# A short name such as ``Statement`` in a signature finds both the documented
# ``conflictmodels.Statement`` and its canonical ``conflictmodels.statement.Statement``:
# one class, not an ambiguity.
suppress_warnings = ["ref.python"]

doctest_global_setup = (
    "import importlib.util\n"
    "import conflictmodels\n"
    "from conflictmodels import *\n"
    "HAVE_HYPOTHESIS = importlib.util.find_spec('hypothesis') is not None\n"
)
HAVE_HYPOTHESIS = importlib.util.find_spec("hypothesis") is not None
_NEEDS_HYPOTHESIS = ("hypothesis", "conflictmodels.strategies")

# The copy button copies commands and code without their prompts or output.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_exclude = ".linenos, .gp, .go"

html_theme = "furo"
html_title = f"conflictmodels {release}"
html_static_path = ["_static"]
html_css_files = ["conflictmodels.css"]
html_theme_options = {
    "source_repository": "https://github.com/conflictmodels/conflictmodels/",
    "source_branch": "main",
    "source_directory": "docs/",
}

_log = logging.getLogger("conflictmodels.docs")


def _skip_without_hypothesis(app: Sphinx, doctree: nodes.document) -> None:
    """Examples that use hypothesis are skipped, and said to be, where it is not installed.

    The docs extra does not install hypothesis (a docs host builds with only that extra),
    so the strategies' examples cannot run there; everything else runs. The skip is the
    doctest builder's own ``skipif``, so with hypothesis installed (CI's test run, a
    contributor's machine) the same examples run.
    """
    skipped = 0
    for node in doctree.findall(
        lambda n: isinstance(n, nodes.doctest_block) or "testnodetype" in getattr(n, "attributes", {})
    ):
        if any(word in node.astext() for word in _NEEDS_HYPOTHESIS):
            node["skipif"] = "not HAVE_HYPOTHESIS"
            skipped += 1
    if skipped and not HAVE_HYPOTHESIS and app.builder.name == "doctest":
        _log.info("%s: %d example(s) need hypothesis, which is not installed: skipped", app.env.docname, skipped)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", _skip_without_hypothesis)
    return {"parallel_read_safe": True}
