"""Sphinx directive that renders a vocabulary enum as a table, generated from the code.

Usage in MyST Markdown::

    ```{vocabulary-table} conflictmodels.Likelihood
    :columns: range, label
    ```

Each row is one member: its JSON value, then the named properties (``label``, ``range``,
``rank``, ``acled_time_precision``, ...), then the first line of the member's docstring
when it has one (read from the source, as autodoc does).
"""

from __future__ import annotations

import enum
import importlib
import json
from typing import Any

from doctables import cell, table
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective


def _load(path: str) -> type[enum.Enum]:
    module, _, name = path.rpartition(".")
    obj = getattr(importlib.import_module(module), name)
    if not (isinstance(obj, type) and issubclass(obj, enum.Enum)):
        raise ValueError(f"{path} is not an enum")
    return obj


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return " to ".join(f"{v:.0%}" if isinstance(v, float) else str(v) for v in value)
    return str(value)


class VocabularyTable(SphinxDirective):
    """Render ``.. vocabulary-table:: dotted.EnumName``."""

    required_arguments = 1
    option_spec = {"columns": directives.unchanged}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        vocabulary = _load(self.arguments[0])
        columns = [c.strip() for c in self.options.get("columns", "").split(",") if c.strip()]
        members = list(vocabulary)
        attr_docs = ModuleAnalyzer.for_module(vocabulary.__module__).find_attr_docs()
        docs = {m: " ".join(attr_docs.get((vocabulary.__qualname__, m.name), [])).strip() for m in members}
        described = any(docs.values())
        headers = ["JSON value", *columns, *(["meaning"] if described else [])]

        rows = [
            [
                cell(json.dumps(member.value, ensure_ascii=False), literal=True),
                *(cell(_show(getattr(member, column))) for column in columns),
                *([cell(docs[member])] if described else []),
            ]
            for member in members
        ]
        return [table(headers, rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("vocabulary-table", VocabularyTable)
    return {"version": "1", "parallel_read_safe": True}
