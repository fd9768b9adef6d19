"""Sphinx directive that renders the command line's help, generated from its parser.

Usage in MyST Markdown::

    ```{cli-help}
    ```

One section per subcommand, each with its one-line purpose and its full ``--help``
text as the program prints it (usage, options, examples), after the program's own
help. The parser is built by ``conflictmodels.cli._parser``, so the page cannot drift
from what ``conflictmodels COMMAND --help`` says.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _help(parser: argparse.ArgumentParser) -> str:
    # A fixed width: the page must not depend on the terminal that built it.
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        return parser.format_help().rstrip()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            out += [(name, helps.get(name, ""), sub) for name, sub in action.choices.items()]
    return out


class CliHelp(SphinxDirective):
    """Render ``.. cli-help::``."""

    def run(self) -> list[nodes.Node]:
        from conflictmodels.cli import _parser

        parser = _parser()
        out: list[nodes.Node] = [nodes.literal_block(text=_help(parser), language="text")]
        for name, purpose, sub in _subcommands(parser):
            section_id = f"conflictmodels-{name}"
            section = nodes.section(ids=[section_id], names=[section_id])
            section += nodes.title(text=f"conflictmodels {name}")
            if purpose:
                section += nodes.paragraph(text=purpose[0].upper() + purpose[1:] + ".")
            section += nodes.literal_block(text=_help(sub), language="text")
            self.state.document.note_implicit_target(section)
            out.append(section)
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cli-help", CliHelp)
    return {"version": "1", "parallel_read_safe": True}
