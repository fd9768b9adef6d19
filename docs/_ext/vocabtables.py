"""Sphinx directive that renders a vocabulary enum as a table, generated from the code.

Usage in MyST Markdown::

    ```{vocabulary-table} conflictmodels.Likelihood
    :columns: range, label
    ```

The enum's reference entry (its docstring and example) comes first, then the table. Each
row is one member: its Python name (a link target: ``{attr}`~conflictmodels.Hedge.ALLEGED```
points at the row), its JSON value, then the named properties (``label``, ``range``,
``rank``, ``acled_time_precision``, ...), then the member's docstring (read from the
source, as autodoc does). Every member needs a docstring: a member without one is a
build warning. The table is a link target named ``vocabulary-<enum name in lower case>``.

``{vocabulary-rest}`` at the end of a page renders, in the same way, every public enum of
the package that no table on the page has shown yet, so that a new vocabulary is in the
reference as soon as it is exported.
"""

from __future__ import annotations

import enum
import importlib
import json
from typing import Any

from doctables import cell, parse_rst, table
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)


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
    option_spec = {"columns": directives.unchanged, "entry": directives.flag}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        vocabulary = _load(self.arguments[0])
        columns = [c.strip() for c in self.options.get("columns", "").split(",") if c.strip()]
        return render(self, self.arguments[0], vocabulary, columns, entry="entry" in self.options)


def render(
    directive: SphinxDirective, path: str, vocabulary: type[enum.Enum], columns: list[str], *, entry: bool
) -> list[nodes.Node]:
    """The table; with ``entry``, the enum's reference entry above it and a link target per member."""
    members = list(vocabulary)
    attr_docs = ModuleAnalyzer.for_module(vocabulary.__module__).find_attr_docs()
    docs = {m: " ".join(attr_docs.get((vocabulary.__qualname__, m.name), [])).strip() for m in members}
    for member, doc in docs.items():
        if entry and not doc:
            logger.warning(
                "%s.%s has no docstring: say what it means", path, member.name, location=directive.get_location()
            )
    grid = _grid(vocabulary, columns, docs)
    if not entry:
        return [grid]
    directive.env.temp_data.setdefault("vocabtables_shown", set()).add(vocabulary)
    label = f"vocabulary-{vocabulary.__name__.lower()}"
    lines = [
        f".. autoclass:: {path}",
        "   :members:",
        f"   :exclude-members: {', '.join(m.name for m in members)}",
        "",
        f"   Its values, with their meanings, are in :ref:`the table below <{label}>`.",
        "",
    ]
    out = parse_rst(directive, "\n".join(lines), f"<vocabulary {path}>")
    target = nodes.target("", "", ids=[label])
    directive.state.document.note_explicit_target(target)
    std = directive.env.domains.standard_domain
    std.note_hyperlink_target(label, directive.env.docname, label, f"the values of {vocabulary.__name__}")
    py = directive.env.domains.python_domain
    body_rows = [r for r in grid.findall(nodes.row) if not isinstance(r.parent, nodes.thead)]
    for member, row in zip(members, body_rows, strict=True):
        full = f"{path}.{member.name}"
        row.children[0]["ids"].append(full)
        py.note_object(full, "attribute", full, location=directive.get_location())
    return [*out, target, grid]


def _grid(vocabulary: type[enum.Enum], columns: list[str], docs: dict[enum.Enum, str]) -> nodes.table:
    rows = [
        [
            cell(f"{vocabulary.__name__}.{member.name}", literal=True),
            cell(json.dumps(member.value, ensure_ascii=False), literal=True),
            *(cell(_show(getattr(member, column))) for column in columns),
            cell(docs[member]),
        ]
        for member in vocabulary
    ]
    grid = table(["Python name", "JSON value", *columns, "meaning"], rows)
    grid["classes"].append("vocabulary")
    return grid


class VocabularyRest(SphinxDirective):
    """Render ``.. vocabulary-rest::``: every public enum not yet shown on this page."""

    def run(self) -> list[nodes.Node]:
        from apiref import entries

        shown = self.env.temp_data.setdefault("vocabtables_shown", set())
        out: list[nodes.Node] = []
        for entry in sorted((e for e in entries() if e.kind == "enum"), key=lambda e: e.short):
            obj = getattr(importlib.import_module(entry.module), entry.short)
            if obj in shown:
                continue
            section = nodes.section(ids=[f"enum-{entry.short.lower()}"], names=[entry.short.lower()])
            section += nodes.title(text=entry.short)
            section.extend(render(self, entry.name, obj, [], entry=True))
            self.state.document.note_implicit_target(section)
            out.append(section)
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("vocabulary-table", VocabularyTable)
    app.add_directive("vocabulary-rest", VocabularyRest)
    return {"version": "1", "parallel_read_safe": True}
