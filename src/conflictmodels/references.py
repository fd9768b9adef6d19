"""References between objects, walked from their declarations.

A field declared with :func:`~conflictmodels._spec.ref` or
:func:`~conflictmodels._spec.refs` holds ids of objects in one of a dossier's
collections (``sources``, ``locations``, ``units``, ``claims``). This module derives,
once per model class, everything that follows them:

* :func:`all_resolve`: whether every reference of a dossier resolves (generated code,
  no paths built: dossiers of millions of claims are checked on every load);
* :func:`references`: every reference with its JSON path, for error messages and for
  exporters (STIX ``object_refs``);
* :func:`remap`: an object with its references re-pointed (entity resolution and merge),
  dropping a reference that would make an object refer to itself.

A new reference field is one declaration: it is checked, reported and re-pointed here
with no other edit.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.references import references
    >>> d = kursk_dossier()
    >>> next(r for r in references(d) if r[1].startswith("claims["))
    ('sources', 'claims[0].source_id', 'ru-mod')
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

from . import _checks
from ._codegen import compile_function
from ._spec import Spec, specs
from .errors import FieldError

__all__ = ["all_resolve", "cycles", "ref_fields", "references", "remap", "targets"]

T = TypeVar("T")
Reference = tuple[str, str, str]
"""``(collection, JSON path, id)``."""


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, Spec], ...]:
    """The fields of ``cls`` that hold references, directly or inside nested models."""
    out = []
    for name, spec in specs(cls).items():
        if spec.target is not None or (spec.kind == "model" and spec.cls is not None and _plan(spec.cls)):
            out.append((name, spec))
    return tuple(out)


def ref_fields(cls: type) -> dict[str, str]:
    """The fields of ``cls`` that hold ids directly, with the collection they point into.

    Example:
        >>> from conflictmodels import Claim, Statement
        >>> from conflictmodels.references import ref_fields
        >>> ref_fields(Claim), ref_fields(Statement)
        ({'source_id': 'sources'}, {'location_ids': 'locations', 'unit_ids': 'units', 'person_ids': 'people'})
    """
    return {name: spec.target for name, spec in _plan(cls) if spec.target is not None}


@functools.cache
def targets(cls: type) -> frozenset[str]:
    """The collections ``cls`` refers into, at any depth.

    Example:
        >>> from conflictmodels import Unit
        >>> from conflictmodels.references import targets
        >>> sorted(targets(Unit))
        ['units']
    """
    found: set[str] = set()
    for _, spec in _plan(cls):
        if spec.target is not None:
            found.add(spec.target)
        else:
            assert spec.cls is not None
            found |= targets(spec.cls)
    return frozenset(found)


def cycles(items: Sequence[Any], collection: str) -> Iterator[tuple[str, str, list[str]]]:
    """Cycles among ``items`` (the objects of ``collection``) through their references
    to that same collection: a source whose parent's parent is the source itself.

    Yields ``(JSON path, id referred to, the cycle's ids)`` once per cycle, at the
    reference that closes it, in a deterministic order.

    Example:
        >>> from conflictmodels import Source
        >>> from conflictmodels.references import cycles
        >>> a, b = Source(id="a", name="A", parent_id="b"), Source(id="b", name="B", parent_id="a")
        >>> list(cycles([a, b], "sources"))
        [('sources[1].parent_id', 'a', ['a', 'b', 'a'])]
    """
    edges: dict[str, list[tuple[str, str]]] = {}
    own = {collection: {item.id: None for item in items}}
    for i, item in enumerate(items):
        kind: type = type(item)
        if not _walker(kind, _TOUCHED)(item, own):  # the common case: no reference into its own kind
            continue
        for target, path, ref in references(item, f"{collection}[{i}]"):
            if target == collection:
                edges.setdefault(item.id, []).append((path, ref))
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in edges:
        if start in state:
            continue
        path_ids = [start]
        state[start] = 1
        stack = [iter(edges.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path_ids.pop()] = 2
                continue
            where, ref = step
            seen = state.get(ref)
            if seen == 1:
                yield where, ref, [*path_ids[path_ids.index(ref) :], ref]
            elif seen is None and ref in edges:
                state[ref] = 1
                path_ids.append(ref)
                stack.append(iter(edges[ref]))
            elif seen is None:
                state[ref] = 2


# ------------------------------------------------------------------------ all_resolve


class _Mode(NamedTuple):
    """How a generated walk tests one reference (``{v}`` the value, ``{m}`` the mapping
    or index of its collection) and what it returns when the test holds."""

    one: str
    optional: str
    many: str
    found: str
    otherwise: str


_RESOLVES = _Mode("{v} not in {m}", "{v} is not None and {v} not in {m}",
                  "{v} and not all(map({m}.__contains__, {v}))", "False", "True")  # fmt: skip
_TOUCHED = _Mode("{v} in {m}", "{v} in {m}", "not {m}.keys().isdisjoint({v})", "True", "False")


def _emit(cls: type, var: str, depth: int, indent: str, mode: _Mode, lines: list[str], targets: set[str]) -> None:
    """Lines that return ``mode.found`` when a reference of ``var`` (a ``cls``) passes
    the mode's test; ``targets`` collects the collections they look in."""
    for name, spec in _plan(cls):
        value = f"{var}.{name}"
        if spec.target is not None:
            targets.add(spec.target)
            template = mode.many if spec.many else mode.optional if spec.optional else mode.one
            lines.append(f"{indent}if {template.format(v=value, m='_m_' + spec.target)}:")
            lines.append(f"{indent}    return {mode.found}")
            continue
        assert spec.cls is not None
        item = f"x{depth}"
        if spec.many:
            lines.append(f"{indent}for {item} in {value}:")
            _emit(spec.cls, item, depth + 1, indent + "    ", mode, lines, targets)
        elif spec.optional:
            lines.append(f"{indent}{item} = {value}")
            lines.append(f"{indent}if {item} is not None:")
            _emit(spec.cls, item, depth + 1, indent + "    ", mode, lines, targets)
        else:
            lines.append(f"{indent}{item} = {value}")
            _emit(spec.cls, item, depth + 1, indent, mode, lines, targets)


@functools.cache
def _walker(cls: type, mode: _Mode) -> Callable[[Any, Mapping[str, Mapping[str, Any]]], bool]:
    """``walk(obj, mappings)``: generated, one statement a line, no paths built."""
    lines: list[str] = []
    targets: set[str] = set()
    _emit(cls, "o", 0, "    ", mode, lines, targets)
    head = "".join(f"    _m_{t} = maps.get({t!r}) or _EMPTY\n" for t in sorted(targets))
    src = f"def walk(o, maps):\n{head}{''.join(line + chr(10) for line in lines)}    return {mode.otherwise}\n"
    fn: Callable[[Any, Mapping[str, Mapping[str, Any]]], bool] = compile_function(
        src, "walk", {"_EMPTY": {}}, purpose="reference walk", owner=cls.__qualname__
    )
    return fn


def all_resolve(obj: Any, index: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether every id ``obj`` refers to (at any depth) is a key of ``index[collection]``.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.references import all_resolve
        >>> d = kursk_dossier()
        >>> all_resolve(d.claims[0], {"sources": {}, "locations": {}, "units": {}})
        False
    """
    cls: type = type(obj)
    return _walker(cls, _RESOLVES)(obj, index)


# ------------------------------------------------------------------------- references


def references(obj: Any, path: str = "") -> Iterator[Reference]:
    """Every id ``obj`` refers to, at any depth, as ``(collection, JSON path, id)``.

    Paths are relative to ``obj`` (``claims[0].source_id`` for a dossier), prefixed
    with ``path`` when given.

    Example:
        >>> from conflictmodels import Hedge, Hop
        >>> from conflictmodels.references import references
        >>> list(references(Hop(source_id="ru-mod", hedge=Hedge.ASSERTED), "claims[0].attribution[1]"))
        [('sources', 'claims[0].attribution[1].source_id', 'ru-mod')]
    """
    cls: type = type(obj)
    for name, spec in _plan(cls):
        value = getattr(obj, name)
        where = f"{path}.{name}" if path else name
        if value is None:
            continue
        items = enumerate(value) if spec.many else ((None, value),)
        for i, item in items:
            at = where if i is None else f"{where}[{i}]"
            if spec.target is not None:
                yield spec.target, at, item
            else:
                yield from references(item, at)


# ------------------------------------------------------------------------------ remap


_DROP = object()


def remap(obj: T, maps: Mapping[str, Mapping[str, str]], *, owner: tuple[str, str] | None = None) -> T:
    """``obj`` with every reference found in ``maps[collection]`` replaced by its new id.

    ``owner`` is ``(collection, id)`` of the object being re-pointed, when it is itself
    in a collection: a reference that would now point at it is dropped (a place merged
    into its parent loses the parent; a unit loses a parent link to itself; a source
    loses an ``owned_by`` tie to itself, since that tie cannot be left without an owner). Tuples of
    ids keep their order and lose repeats. Objects whose references do not change are
    returned as they are.

    Example:
        >>> from conflictmodels import Location
        >>> from conflictmodels.references import remap
        >>> village = Location(id="novenke-2", name="Novenke", parent_id="sumy")
        >>> remap(village, {"locations": {"sumy": "ua-59"}}).parent_id
        'ua-59'
        >>> remap(village, {"locations": {"sumy": "novenke-2"}}, owner=("locations", "novenke-2")).parent_id is None
        True
    """
    cls: type = type(obj)
    if not _walker(cls, _TOUCHED)(obj, maps):  # the common case: a generated test, mostly in C
        return obj
    new = _remap(obj, maps, owner)
    assert new is not _DROP
    return new  # type: ignore[no-any-return]


def _remap(obj: Any, maps: Mapping[str, Mapping[str, str]], owner: tuple[str, str] | None) -> Any:
    changes: dict[str, Any] = {}
    cut = False  # an optional reference to the owner was emptied
    cls: type = type(obj)
    for name, spec in _plan(cls):
        value = getattr(obj, name)
        if value is None:
            continue
        target = spec.target
        if target is not None:
            mapping = maps.get(target)
            if not mapping:
                continue
            own = owner[1] if owner is not None and owner[0] == target else None
            if spec.many:
                if mapping.keys().isdisjoint(value):  # the common case, tested in C
                    continue
                changes[name] = tuple(i for i in dict.fromkeys(mapping.get(i, i) for i in value) if i != own)
            elif value in mapping:
                moved: str | None = mapping[value]
                if moved == own:
                    if not spec.optional:
                        return _DROP  # a required reference to the owner: the object goes
                    moved, cut = None, True
                changes[name] = moved
            continue
        if spec.many:
            items = [_remap(item, maps, owner) for item in value]
            if all(a is b for a, b in zip(items, value, strict=True)):
                continue
            kept: list[Any] = []
            for item in items:
                if item is not _DROP and item not in kept:
                    kept.append(item)
            changes[name] = tuple(kept)
        else:
            moved_obj = _remap(value, maps, owner)
            if moved_obj is _DROP:
                return _DROP
            if moved_obj is not value:
                changes[name] = moved_obj
    if not changes:
        return obj
    if cut:  # a reference its other fields require (an owned_by tie to the owner itself): the object goes
        try:
            return _checks.replace(obj, **changes)
        except FieldError:
            return _DROP
    return _checks.replace(obj, **changes)
