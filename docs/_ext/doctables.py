"""Table nodes shared by the docs' generated tables (vocabularies, fields, predicates)."""

from __future__ import annotations

from docutils import nodes


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
