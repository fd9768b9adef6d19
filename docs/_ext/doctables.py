"""Table nodes shared by the docs' generated tables (vocabularies, fields, predicates)."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst.states import RSTState
from docutils.utils import new_document
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes


def cell(text: str, literal: bool = False) -> nodes.entry:
    """A table cell holding ``text`` (as code when ``literal``)."""
    entry = nodes.entry()
    para = nodes.paragraph()
    para += nodes.literal(text=text) if literal else nodes.Text(text)
    entry += para
    return entry


def table(headers: list[str], rows: list[list[nodes.entry]]) -> nodes.table:
    """A table with one header row and equal column widths."""
    out = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    out += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    for h in headers:
        row += cell(h)
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for c in cells:
            row += c
        body += row
    group += body
    return out


def parse_rst(directive: SphinxDirective, text: str, source: str) -> list[nodes.Node]:
    """Parse generated reStructuredText (autodoc directives, sections) into nodes, from a
    directive in an .rst page or in a MyST page alike (MyST parses nested text as
    Markdown, so there the text gets a reStructuredText parser of its own, as
    ``{eval-rst}`` does)."""
    if isinstance(directive.state, RSTState):
        return list(nested_parse_to_nodes(directive.state, text, source=source))
    from myst_parser.mocking import MockRSTParser

    document = directive.state.document
    newdoc = new_document(source, document.settings)
    newdoc["source"] = document["source"]
    newdoc.reporter = document.reporter
    MockRSTParser().parse(text, newdoc)
    for node in newdoc.findall(nodes.Element):
        if node.get("ids") and isinstance(node, nodes.section):
            document.note_implicit_target(node, node)
    return list(newdoc.children)
