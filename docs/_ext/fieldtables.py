"""Sphinx directives that render the model declarations as tables, generated from the code.

Usage in MyST Markdown::

    ```{field-table} conflictmodels.Claim
    ```

    ```{predicate-table}
    ```

A field table has one row per field: its JSON name, what a valid value is (from the
field's declared kind, :mod:`conflictmodels._spec`), its default (or "required"), and
its description from the class docstring. The predicate table has one row per
predicate: what a statement of it needs and how the merge rules treat it (from
:data:`conflictmodels.statement.PREDICATES`).
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import attrs
from doctables import cell, table
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from conflictmodels._spec import field_docs, specs
from conflictmodels.statement import FAVOURS_RULES, PREDICATES, needs_text


def _default(value: Any) -> str:
    if value is attrs.NOTHING:
        return "required"
    if hasattr(value, "value"):
        return json.dumps(value.value)
    if isinstance(value, tuple | dict) or type(value).__name__ == "FrozenMapping":
        return "[]" if isinstance(value, tuple) else "{}"
    return json.dumps(value)


class FieldTable(SphinxDirective):
    """Render ``.. field-table:: dotted.ModelName``."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        module, _, name = self.arguments[0].rpartition(".")
        cls = getattr(importlib.import_module(module), name)
        docs = field_docs(cls)
        defaults = {f.name: f.default for f in attrs.fields(cls)}
        rows = [
            [
                cell(field, literal=True),
                cell(spec.describe()),
                cell(_default(defaults[field])),
                cell(docs.get(field, "")),
            ]
            for field, spec in specs(cls).items()
        ]
        return [table(["field", "valid values", "default", "meaning"], rows)]


class PredicateTable(SphinxDirective):
    """Render ``.. predicate-table::``."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for predicate, rule in PREDICATES.items():
            behaviour = [rule.nature, f"compared as {rule.value}"]
            if rule.timeline:
                behaviour.append("a timeline")
            rows.append(
                [
                    cell(json.dumps(predicate.value), literal=True),
                    cell(needs_text(rule).replace("``", "") or "nothing more"),
                    cell(f"by {rule.keyed_by}" if rule.keyed_by else "by place (the party is the value)"),
                    cell(", ".join(behaviour)),
                    cell(f"{rule.favours}: {FAVOURS_RULES[rule.favours]}"),
                ]
            )
        return [table(["predicate", "needs", "one proposition per", "behaviour", "interest"], rows)]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("field-table", FieldTable)
    app.add_directive("predicate-table", PredicateTable)
    return {"version": "1", "parallel_read_safe": True}
