"""The API reference, generated from ``__all__`` of the package and its public modules.

Usage in reStructuredText or MyST::

    .. api-page:: models        (every section of one reference page)
    .. api-summary::             (one table of every public name, linking each entry)

Each public name is documented once, under ``conflictmodels.NAME`` when the package's
top level exports it and under its module otherwise. Where it goes is decided by the
module it comes from (:data:`PAGES`); a new name in a placed module appears with no edit
here, and a public module that no page places is a build warning (an error under
``-W``), as is a public name documented nowhere. Enums are documented on the
vocabularies page, each above its table (see ``vocabtables``).

Modules listed in :data:`SOURCE_ONLY` are read from their source, not imported, so that
their entries render the same with or without their optional dependency (the
strategies need hypothesis, which the ``docs`` extra does not install).
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import enum
import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import attrs
from doctables import cell, parse_rst, table
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.napoleon import Config as NapoleonConfig
from sphinx.ext.napoleon.docstring import GoogleDocstring
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import conflictmodels

logger = logging.getLogger(__name__)

PACKAGE = "conflictmodels"

# Modules documented from their source text (their optional dependency may be absent).
SOURCE_ONLY = {"conflictmodels.strategies"}

# Modules that are public but hold no reference entries of their own.
NOT_PLACED = {"conflictmodels.__main__"}

# Public modules documented on a page of their own, not in the reference.
ELSEWHERE = {"conflictmodels.references": "contributing/adding-a-field"}

# page -> sections; a section is (title, modules, scope, intro). scope "top": only names
# the package's top level exports; "module": only names documented under the module;
# "all": both. A module may appear in several sections with different scopes.
PAGES: dict[str, list[tuple[str, list[str], str, str]]] = {
    "models": [
        (
            "The dossier and its records",
            [
                "conflictmodels.dossier",
                "conflictmodels.claim",
                "conflictmodels.statement",
                "conflictmodels.source",
                "conflictmodels.location",
                "conflictmodels.unit",
                "conflictmodels.assessment",
                "conflictmodels.withdrawal",
            ],
            "top",
            "The records of a payload. Every field of each is tabled in :doc:`fields`.",
        ),
        (
            "Evidence, events and people",
            ["conflictmodels.evidence", "conflictmodels.events", "conflictmodels.people"],
            "all",
            "What a claim rests on, where it happened relative to its place, the events claims describe "
            "and the people they name (:doc:`/explanation/evidence-and-events`).",
        ),
        (
            "Predicates and what a statement needs",
            ["conflictmodels.statement"],
            "module",
            "In ``conflictmodels.statement``: the one table that the Statement check, the JSON Schema, "
            "the strategies and reconciliation all read.",
        ),
        (
            "Bundled examples",
            ["conflictmodels.examples"],
            "module",
            "",
        ),
    ],
    "values": [
        ("Time", ["conflictmodels.timespans"], "all", ""),
        ("Places", ["conflictmodels.geo"], "all", ""),
        ("Numbers", ["conflictmodels.estimates"], "all", ""),
        ("Attribution", ["conflictmodels.attribution"], "all", ""),
        ("Attribute values", ["conflictmodels.values"], "all", ""),
    ],
    "serialization": [
        ("Loading and writing", ["conflictmodels.serialization"], "all", ""),
        ("Files", ["conflictmodels.files"], "all", ""),
        ("Limits on hostile input", ["conflictmodels.limits"], "all", ""),
        ("Schema versions and migrations", ["conflictmodels.migration"], "all", ""),
    ],
    "reconciliation": [
        (
            "Reconciling",
            ["conflictmodels.reconciliation", "conflictmodels.relations"],
            "all",
            "How these decide is explained in :doc:`/explanation/reconciliation`.",
        ),
        (
            "On a Dask cluster",
            ["conflictmodels.dask"],
            "all",
            "Needs the ``dask`` extra to run (``pip install 'conflictmodels[dask]'``); importing the module does not "
            "import Dask.",
        ),
        ("Policies", ["conflictmodels.policy"], "all", ""),
        (
            "Questions",
            ["conflictmodels.questions"],
            "all",
            "What a map desk asks of a reconciled dossier (:doc:`/tutorial/contested-week` shows them at work).",
        ),
        (
            "Learned reliability",
            ["conflictmodels.reliability"],
            "all",
            ":doc:`/howto/learn-reliability` shows them at work.",
        ),
        ("Entity resolution", ["conflictmodels.resolution"], "all", ""),
        ("Name matching", ["conflictmodels.names"], "all", ""),
    ],
    "export": [
        (
            "Export and import",
            ["conflictmodels.export"],
            "all",
            "The ``conflictmodels.export`` package re-exports the functions of its modules; "
            "each is documented under the module that defines it.",
        ),
        ("JSON Schema", ["conflictmodels.export.jsonschema"], "all", ""),
        ("GeoJSON", ["conflictmodels.export.geojson"], "all", ""),
        ("STIX 2.1", ["conflictmodels.export.stix"], "all", ""),
        ("CSV", ["conflictmodels.export.csv"], "all", ""),
        ("ACLED", ["conflictmodels.export.acled"], "all", ""),
        ("UCDP", ["conflictmodels.export.ucdp"], "all", ""),
    ],
    "errors": [("Errors", ["conflictmodels.errors"], "all", "")],
    "strategies": [
        (
            "Hypothesis strategies",
            ["conflictmodels.strategies"],
            "all",
            "Needs the ``strategies`` extra (``pip install 'conflictmodels[strategies]'``); "
            ":doc:`/howto/strategies` shows them at work.",
        )
    ],
    "cli": [("Python entry points", ["conflictmodels.cli"], "all", "")],
    "vocabularies": [
        (
            "Enums and tables",
            ["conflictmodels.vocabularies"],
            "all",
            "The enums above, and the mappings that go with them.",
        )
    ],
}

PAGE_TITLES = {
    "models": "Models",
    "values": "Value types",
    "vocabularies": "Vocabularies",
    "serialization": "Serialization and files",
    "reconciliation": "Reconciliation and resolution",
    "export": "Export and import",
    "errors": "Errors",
    "strategies": "Strategies",
    "cli": "Command line",
}
PAGE_DOCS = {
    "models": "reference/models",
    "values": "reference/values",
    "vocabularies": "reference/vocabularies",
    "serialization": "reference/serialization",
    "reconciliation": "reference/reconciliation",
    "export": "reference/export",
    "errors": "reference/errors",
    "strategies": "reference/strategies",
    "cli": "cli",
}


@dataclass(frozen=True)
class Entry:
    """One public name: where it is documented and what it is."""

    name: str  # the documented dotted name
    short: str  # the name alone
    module: str  # the module that places it (a key of PAGES' sections)
    kind: str  # class, enum, exception, function, data
    line: int  # source line, for ordering
    summary: str  # first sentence of its documentation
    top: bool  # exported by the package's top level
    aliases: tuple[str, ...] = ()  # the other public paths of the same object


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


@cache
def public_modules() -> tuple[str, ...]:
    """Every public module of the package, the package first."""
    found = [PACKAGE]
    for info in pkgutil.walk_packages(conflictmodels.__path__, PACKAGE + "."):
        if _public(info.name) and info.name not in NOT_PLACED and info.name not in ELSEWHERE:
            found.append(info.name)
    return tuple(found)


def _source(module: str) -> str:
    spec = importlib.util.find_spec(module)
    assert spec is not None, module
    assert spec.origin is not None, module
    return Path(spec.origin).read_text(encoding="utf-8")


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(_source(module))


def _static_all(module: str) -> list[str]:
    for node in _tree(module).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    return []


def _defs(module: str) -> dict[str, ast.AST]:
    """Top-level definitions of a module's source, by name."""
    out: dict[str, ast.AST] = {}
    for node in _tree(module).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            out[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    out[target.id] = node
    return out


def module_all(module: str) -> list[str]:
    """``__all__`` of a public module ([] when it does not exist yet)."""
    if module in SOURCE_ONLY:
        return _static_all(module)
    try:
        return list(getattr(importlib.import_module(module), "__all__", []))
    except ModuleNotFoundError as err:
        if err.name == module:
            return []
        raise


def _first_sentence(doc: str) -> str:
    text = " ".join(doc.strip().split("\n\n", 1)[0].split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def _kind(obj: Any) -> str:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception"
        return "enum" if issubclass(obj, enum.Enum) else "class"
    return "function" if callable(obj) else "data"


def _defines(module: str, name: str) -> bool:
    return name in _defs(module)


@cache
def entries() -> tuple[Entry, ...]:
    """Every public name once, with the module that places it."""
    top = set(conflictmodels.__all__)
    modules = [m for m in public_modules() if m != PACKAGE]
    exporters: dict[str, list[str]] = {}
    for module in modules:
        for name in module_all(module):
            exporters.setdefault(name, []).append(module)
    out: dict[tuple[str, str], Entry] = {}
    for name in sorted(set(exporters) | top):
        homes = exporters.get(name, [])
        if name in top and not homes:
            continue  # a subpackage (examples, export) or __version__: documented by hand
        for home in _homes(name, homes, top):
            entry = _entry(name, home, top)
            paths = {f"{m}.{name}" for m in homes if _same(m, home, name)} - {entry.name}
            out[(home, name)] = dataclasses.replace(entry, aliases=tuple(sorted(paths)))
    return tuple(out.values())


def _same(module: str, home: str, name: str) -> bool:
    if module in SOURCE_ONLY or home in SOURCE_ONLY:
        return module == home
    return getattr(importlib.import_module(module), name) is getattr(importlib.import_module(home), name)


def _homes(name: str, homes: list[str], top: set[str]) -> list[str]:
    """The module(s) that place ``name``: where it is defined, else where it is exported.

    A name exported by several modules that are different objects (rare) is placed once
    per object."""
    by_object: dict[int, list[str]] = {}
    for home in homes:
        if home in SOURCE_ONLY:
            by_object.setdefault(hash(home), []).append(home)
            continue
        obj = getattr(importlib.import_module(home), name)
        if getattr(obj, "__module__", PACKAGE).split(".")[0] != PACKAGE and not _defines(home, name):
            continue  # a typing alias or a re-exported foreign object
        by_object.setdefault(id(obj), []).append(home)
    chosen = []
    for group in by_object.values():
        obj_module = (
            None
            if group[0] in SOURCE_ONLY
            else getattr(getattr(importlib.import_module(group[0]), name), "__module__", None)
        )
        defining = [m for m in group if m == obj_module] or [m for m in group if _defines(m, name)] or group
        chosen.append(defining[0])
    return chosen  # a name two modules define differently (reconcile, conflictmodels.dask.reconcile) twice


def _entry(name: str, home: str, top: set[str]) -> Entry:
    node = _defs(home).get(name)
    line = getattr(node, "lineno", 10**6)
    if home in SOURCE_ONLY:
        doc = ast.get_docstring(node) if isinstance(node, ast.FunctionDef | ast.ClassDef) else ""
        kind = (
            "class" if isinstance(node, ast.ClassDef) else "function" if isinstance(node, ast.FunctionDef) else "data"
        )
        return Entry(f"{home}.{name}", name, home, kind, line, _first_sentence(doc or ""), False)
    obj = getattr(importlib.import_module(home), name)
    is_top = name in top and getattr(conflictmodels, name) is obj
    kind = _kind(obj)
    doc = inspect.getdoc(obj) if kind != "data" else _data_doc(home, name)
    if kind != "data":
        with contextlib.suppress(OSError, TypeError):
            line = inspect.getsourcelines(inspect.unwrap(obj))[1]
    documented = f"{PACKAGE}.{name}" if is_top else f"{home}.{name}"
    return Entry(documented, name, home, kind, line, _first_sentence(doc or ""), is_top)


def _data_doc(module: str, name: str) -> str:
    """The ``#:`` comment or docstring of a module-level value, in its defining module."""
    from sphinx.pycode import ModuleAnalyzer

    for candidate in [module, *(m for m in public_modules() if m != module)]:
        if not _defines(candidate, name) and candidate != module:
            continue
        try:
            docs = ModuleAnalyzer.for_module(candidate).find_attr_docs()
        except Exception:
            continue
        if ("", name) in docs:
            return "\n".join(docs[("", name)])
    return ""


def placed_modules() -> dict[str, tuple[str, str]]:
    """Module -> (page, section) for every module some page places."""
    out: dict[str, tuple[str, str]] = {}
    for page, sections in PAGES.items():
        for title, modules, _scope, _intro in sections:
            for module in modules:
                out.setdefault(module, (page, title))
    return out


def _in_section(entry: Entry, modules: list[str], scope: str) -> bool:
    return entry.module in modules and (scope == "all" or (scope == "top") == entry.top)


def section_entries(modules: list[str], scope: str) -> list[Entry]:
    chosen = [e for e in entries() if _in_section(e, modules, scope)]
    order = {m: i for i, m in enumerate(modules)}
    return sorted(chosen, key=lambda e: (order[e.module], e.line, e.short))


def page_of(entry: Entry) -> str | None:
    for page, sections in PAGES.items():
        for _title, modules, scope, _intro in sections:
            if _in_section(entry, modules, scope):
                return page
    return None


# ---------------------------------------------------------------------------- rendering


def _directive_lines(entry: Entry) -> list[str]:
    if entry.module in SOURCE_ONLY:
        return _source_entry(entry)
    if entry.kind == "enum":
        return []  # documented with its table on the vocabularies page
    if entry.kind == "data":
        obj = getattr(importlib.import_module(entry.module), entry.short)
        module, _, short = entry.name.rpartition(".")
        lines = [f".. py:data:: {short}", f"   :module: {module}"]
        node = _defs(entry.module).get(entry.short)
        if isinstance(obj, int | float | str) and not isinstance(obj, bool | enum.Enum):
            lines.append(f"   :value: {obj!r}")
        elif _is_type_alias(obj) and isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            lines.append(f"   :value: {ast.unparse(node.value)}")
        else:
            lines.append(f"   :type: {_type_name(obj)}")
        doc = _data_doc(entry.module, entry.short) or f"The value of ``{entry.short}``."
        lines += ["", *(f"   {line}" for line in doc.splitlines()), ""]
        return lines
    directive = {"class": "autoclass", "exception": "autoexception", "function": "autofunction"}[entry.kind]
    lines = [f".. {directive}:: {entry.name}"]
    if entry.kind in {"class", "exception"}:
        lines.append("   :members:")
        obj = getattr(importlib.import_module(entry.module), entry.short)
        if any(base is not object for base in obj.__bases__):
            lines.append("   :show-inheritance:")
    return [*lines, ""]


def _is_type_alias(obj: Any) -> bool:
    return isinstance(obj, types.UnionType | types.GenericAlias) or hasattr(obj, "__origin__")


def _type_name(obj: Any) -> str:
    cls = type(obj)
    if cls.__module__.startswith(PACKAGE) and cls.__name__ in conflictmodels.__all__:
        return f"~{PACKAGE}.{cls.__name__}"
    return cls.__name__


def _source_entry(entry: Entry) -> list[str]:
    """A function entry read from the source: its signature and Google-style docstring."""
    node = _defs(entry.module)[entry.short]
    assert isinstance(node, ast.FunctionDef), entry
    composite = any(ast.unparse(d).endswith("composite") for d in node.decorator_list)
    args = node.args
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parts = [a.arg + (f"={ast.unparse(d)}" if d is not None else "") for a, d in zip(positional, defaults, strict=True)]
    if composite:
        parts = parts[1:]  # hypothesis draws with the first argument
    if args.vararg:
        parts.append(f"*{args.vararg.arg}")
    elif args.kwonlyargs:
        parts.append("*")
    for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        parts.append(a.arg + (f"={ast.unparse(d)}" if d is not None else ""))
    if args.kwarg:
        parts.append(f"**{args.kwarg.arg}")
    doc = ast.get_docstring(node) or ""
    body = str(GoogleDocstring(doc, NapoleonConfig(napoleon_use_ivar=True), what="function")).splitlines()
    module, _, short = entry.name.rpartition(".")
    return [
        f".. py:function:: {short}({', '.join(parts)})",
        f"   :module: {module}",
        "",
        *(f"   {line}" for line in body),
        "",
    ]


def _module_header(module: str) -> list[str]:
    """The module's own docstring, which also makes it a link target.

    Its examples, and those of its names, were written to run as pytest runs them, with
    the module's names at hand: the page's doctests get them too (a hidden setup)."""
    setup = [
        ".. testsetup:: *",
        "",
        f"   import {module} as _module",
        "   globals().update({k: v for k, v in vars(_module).items() if not k.startswith('__')})",
        "",
    ]
    if module not in SOURCE_ONLY:
        return [f".. automodule:: {module}", "   :no-members:", "", *setup]
    doc = ast.get_docstring(_tree(module)) or ""
    body = str(GoogleDocstring(doc, NapoleonConfig(napoleon_use_ivar=True), what="module")).splitlines()
    return [f".. py:module:: {module}", "", *body, ""]


def summary_table(chosen: list[Entry], env: Any, with_page: bool = False) -> nodes.table:
    rows = []
    for e in chosen:
        ref = addnodes.pending_xref("", refdomain="py", reftype="obj", reftarget=e.name, refexplicit=True, refwarn=True)
        ref += nodes.literal(text=e.short)
        name = nodes.entry()
        para = nodes.paragraph()
        para += ref
        name += para
        row = [name, cell(e.kind), cell(e.summary)]
        if with_page:
            page = page_of(e)
            row.insert(2, cell(PAGE_TITLES.get(page or "", "")))
        rows.append(row)
    headers = ["name", "kind", *(["page"] if with_page else []), "summary"]
    out = table(headers, rows)
    out["classes"].append("api-summary")
    return out


class ApiPage(SphinxDirective):
    """``.. api-page:: PAGE``: every section of one reference page."""

    required_arguments = 1
    option_spec = {"heading-level": directives.unchanged}  # noqa: RUF012 - docutils API

    def run(self) -> list[nodes.Node]:
        page = self.arguments[0]
        if page not in PAGES:
            raise self.error(f"unknown reference page {page!r}; known: {', '.join(PAGES)}")
        out: list[nodes.Node] = []
        for title, modules, scope, intro in PAGES[page]:
            chosen = section_entries(modules, scope)
            if not chosen:
                continue
            out.append(self._section(title, modules, scope, intro, chosen))
        return out

    def _section(self, title: str, modules: list[str], scope: str, intro: str, chosen: list[Entry]) -> nodes.Node:
        lines = [title, "-" * len(title), ""]
        if intro:
            lines += [intro, ""]
        for module in modules:
            if any(e.module == module and not e.top for e in chosen):
                lines += _module_header(module)
        lines += [".. api-summary-here::", ""]
        for entry in chosen:
            lines += _directive_lines(entry)
        parsed = parse_rst(self, "\n".join(lines), f"<api-page {title}>")
        for node in parsed:
            for placeholder in list(node.findall(ApiSummaryPlaceholder)) if isinstance(node, nodes.Element) else []:
                placeholder.replace_self(summary_table(chosen, self.env))
        py = self.env.domains.python_domain
        for entry in chosen:
            if entry.kind == "enum":
                continue  # its entry, on the vocabularies page, registers its other names
            objtype = {"class": "class", "enum": "class", "exception": "exception", "function": "function"}.get(
                entry.kind, "data"
            )
            for alias in entry.aliases:
                if alias in py.objects:
                    continue  # autodoc registered it (a class's canonical name)
                py.note_object(alias, objtype, entry.name, aliased=True, location=self.get_location())
        container = nodes.container()
        container.extend(parsed)
        return parsed[0] if len(parsed) == 1 else container


class ApiSummaryPlaceholder(nodes.General, nodes.Element):
    """Where a section's summary table goes (replaced as soon as the section is parsed)."""


class ApiSummaryHere(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [ApiSummaryPlaceholder()]


class ApiSummary(SphinxDirective):
    """``.. api-summary::``: every public name, its kind, its page and its summary."""

    def run(self) -> list[nodes.Node]:
        chosen = sorted(entries(), key=lambda e: (list(PAGES).index(page_of(e) or "cli"), e.short.lower()))
        return [summary_table(chosen, self.env, with_page=True)]


def check_placed(app: Sphinx) -> None:
    """Warn about public modules no page places and public names no page documents."""
    placed = placed_modules()
    for module in public_modules():
        if module != PACKAGE and module not in placed and module_all(module):
            logger.warning("public module %s is on no reference page: add it to PAGES in docs/_ext/apiref.py", module)
    for entry in entries():
        if page_of(entry) is None and entry.module in placed:
            logger.warning("%s is on no reference page: check the scopes in docs/_ext/apiref.py", entry.name)


# ---------------------------------------------------------------------------- attrs signatures


def _shown(value: Any) -> str:
    """A default as code would write it: enum members by name, mappings and tuples spelled out."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_shown(k)}: {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple | list | frozenset | set):
        inner = ", ".join(_shown(v) for v in (sorted(value, key=repr) if isinstance(value, frozenset | set) else value))
        if isinstance(value, tuple):
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"[{inner}]" if isinstance(value, list) else "{" + inner + "}" if value else "frozenset()"
    if attrs.has(type(value)):
        return f"{type(value).__name__}(...)"
    text = repr(value)
    return text if "<" not in text else f"{type(value).__name__}(...)"


def _shown_default(field: attrs.Attribute) -> str:  # type: ignore[type-arg]
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # type: ignore[union-attr]
            return "..."
        try:
            default = default.factory()  # type: ignore[union-attr]
        except Exception:
            return "..."
    text = _shown(default)
    return text if len(text) <= 60 else "..."


def attrs_signature(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, signature: str | None, return_annotation: str | None
) -> tuple[str, str | None] | None:
    """An attrs class's signature from its fields: keyword-only, with real defaults."""
    if what not in {"class", "exception"} or not (inspect.isclass(obj) and attrs.has(obj)):
        return None
    if "__init__" in obj.__dict__ and not getattr(obj.__init__, "__qualname__", "").endswith("__init__"):
        return None
    fields = [f for f in attrs.fields(obj) if f.init]
    if not fields:
        return None
    params = []
    kw_only = all(f.kw_only for f in fields) or getattr(obj, "__attrs_kw_only__", False)
    for field in fields:
        alias = field.alias or field.name
        params.append(alias if field.default is attrs.NOTHING else f"{alias}={_shown_default(field)}")
    text = ", ".join(params)
    return (f"(*, {text})" if kw_only else f"({text})"), None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(ApiSummaryPlaceholder)
    app.add_directive("api-page", ApiPage)
    app.add_directive("api-summary", ApiSummary)
    app.add_directive("api-summary-here", ApiSummaryHere)
    app.connect("autodoc-process-signature", attrs_signature)
    app.connect("builder-inited", check_placed)
    return {"version": "1", "parallel_read_safe": True}
