"""The dossier: sources, locations, units, claims and assessments, checked as a whole.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> d = kursk_dossier()
    >>> d.source("ru-mod").name
    'Ministry of Defence of the Russian Federation'
    >>> len(d.claims_by_source("ru-mod"))
    4
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

import attrs
from attrs import field

from ._checks import EMPTY
from ._spec import extra, model, nested_many, text
from .assessment import Assessment
from .claim import Claim
from .errors import DanglingReferenceError, DuplicateIdError, FieldError, FieldTypeError, ValidationError
from .location import Location
from .source import Source
from .statement import Statement
from .unit import Unit

__all__ = ["Dossier"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


@attrs.frozen(kw_only=True)
@model()
class Dossier:
    """A self-contained collection of what was reported, and what was assessed.

    At construction the dossier checks that ids are unique per kind (an object repeated
    with identical content is kept once; a repeated id with different content is a
    :class:`~conflictmodels.DuplicateIdError` naming both) and that every id it refers
    to exists (:class:`~conflictmodels.DanglingReferenceError`). All problems are
    reported together.

    Attributes:
        title: What the dossier is about.
        sources: Who asserts things.
        locations: Places.
        units: Military units.
        claims: What was asserted.
        assessments: Reconciled judgments.
        extra: Unknown JSON keys kept on request when loading.
    """

    title: str | None = field(default=None, metadata=text())
    sources: tuple[Source, ...] = field(default=(), metadata=nested_many(Source, collection="sources"))
    locations: tuple[Location, ...] = field(default=(), metadata=nested_many(Location, collection="locations"))
    units: tuple[Unit, ...] = field(default=(), metadata=nested_many(Unit, collection="units"))
    claims: tuple[Claim, ...] = field(default=(), metadata=nested_many(Claim, collection="claims"))
    assessments: tuple[Assessment, ...] = field(default=(), metadata=nested_many(Assessment, collection="assessments"))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())
    _index: dict[str, dict[str, Any]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        Dossier.__check__(self)  # type: ignore[attr-defined]
        errors: list[FieldError] = []
        index: dict[str, dict[str, Any]] = {}
        for kind in ("sources", "locations", "units", "claims", "assessments"):
            items: tuple[Any, ...] = getattr(self, kind)
            by_id, unique = _index_unique(kind, items, errors)
            if len(unique) != len(items):
                object.__setattr__(self, kind, unique)
            index[kind] = by_id
        object.__setattr__(self, "_index", index)
        if not _all_resolve(self, index):  # the cheap pass; paths are built only on failure
            errors.extend(_dangling(references(self), index))
        _raise(errors)

    def source(self, id: str) -> Source:
        """The source with id ``id``; ``KeyError`` if there is none."""
        return self._get("sources", id)  # type: ignore[no-any-return]

    def location(self, id: str) -> Location:
        """The location with id ``id``; ``KeyError`` if there is none."""
        return self._get("locations", id)  # type: ignore[no-any-return]

    def unit(self, id: str) -> Unit:
        """The unit with id ``id``; ``KeyError`` if there is none."""
        return self._get("units", id)  # type: ignore[no-any-return]

    def claim(self, id: str) -> Claim:
        """The claim with id ``id``; ``KeyError`` if there is none."""
        return self._get("claims", id)  # type: ignore[no-any-return]

    def assessment(self, id: str) -> Assessment:
        """The assessment with id ``id``; ``KeyError`` if there is none."""
        return self._get("assessments", id)  # type: ignore[no-any-return]

    def with_assessments(self, assessments: Iterable[Assessment]) -> Dossier:
        """This dossier with its assessments replaced.

        The same as ``attrs.evolve(dossier, assessments=...)``, but only the new
        assessments are checked (types, unique ids, references): the unchanged sources,
        places, units and claims were checked when this dossier was built. Reconciling a
        large dossier relies on this.

        Example:
            >>> from conflictmodels.examples import kursk_dossier
            >>> kursk_dossier().with_assessments(()).assessments
            ()
        """
        new_assessments = tuple(assessments)
        errors: list[FieldError] = []
        for i, a in enumerate(new_assessments):
            if not isinstance(a, Assessment):
                errors.append(FieldTypeError("Dossier", f"assessments[{i}]", "must be an Assessment", a))
        if errors:
            _raise(errors)
        by_id, unique = _index_unique("assessments", new_assessments, errors)
        index = {**self._index, "assessments": by_id}
        errors.extend(_dangling(_assessment_references(unique), index))
        _raise(errors)
        new = copy.copy(self)
        object.__setattr__(new, "assessments", unique)
        object.__setattr__(new, "_index", index)
        return new

    def claims_by_source(self, source_id: str) -> tuple[Claim, ...]:
        """Claims whose originator is ``source_id``, in dossier order."""
        return tuple(cl for cl in self.claims if cl.source_id == source_id)

    def _get(self, kind: str, id: str) -> Any:
        try:
            return self._index[kind][id]
        except KeyError:
            raise DanglingReferenceError("Dossier", kind, f"has no {kind[:-1]} with this id", id) from None


_ID = operator.attrgetter("id")


def _index_unique(kind: str, items: tuple[_T, ...], errors: list[FieldError]) -> tuple[dict[str, _T], tuple[_T, ...]]:
    by_id: dict[str, _T] = dict(zip(map(_ID, items), items, strict=True))
    if len(by_id) == len(items):  # the common case, built in C: every id is unique
        return by_id, items
    by_id = {}
    position: dict[str, int] = {}
    unique: list[_T] = []
    for i, item in enumerate(items):
        first = by_id.get(item.id)
        if first is None:
            by_id[item.id] = item
            position[item.id] = i
            unique.append(item)
        elif first != item:
            errors.append(
                DuplicateIdError(
                    "Dossier",
                    f"{kind}[{i}]",
                    f"repeats the id of {kind}[{position[item.id]}] with different content",
                    item.id,
                )
            )
    return by_id, tuple(unique) if len(unique) != len(items) else items


def references(d: Dossier) -> Iterator[tuple[str, str, str]]:
    """Every id the dossier's objects refer to, as ``(kind, field path, id)``."""
    for i, s in enumerate(d.sources):
        if s.parent_id is not None:
            yield "sources", f"sources[{i}].parent_id", s.parent_id
    for i, loc in enumerate(d.locations):
        if loc.parent_id is not None:
            yield "locations", f"locations[{i}].parent_id", loc.parent_id
    for i, u in enumerate(d.units):
        for j, p in enumerate(u.parents):
            yield "units", f"units[{i}].parents[{j}].unit_id", p.unit_id
    for i, cl in enumerate(d.claims):
        yield "sources", f"claims[{i}].source_id", cl.source_id
        for j, hop in enumerate(cl.attribution):
            yield "sources", f"claims[{i}].attribution[{j}].source_id", hop.source_id
        yield from _statement_refs(f"claims[{i}].statement", cl.statement)
    yield from _assessment_references(d.assessments)


def _all_resolve(d: Dossier, index: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether every reference resolves: :func:`references` without building paths.

    Loading and reconciling build large dossiers; formatting a path for each of millions
    of valid references dominated their construction.
    """
    sources, locations, units, claims = index["sources"], index["locations"], index["units"], index["claims"]
    if any(s.parent_id is not None and s.parent_id not in sources for s in d.sources):
        return False
    if any(loc.parent_id is not None and loc.parent_id not in locations for loc in d.locations):
        return False
    if any(p.unit_id not in units for u in d.units for p in u.parents):
        return False
    for claim in d.claims:
        if claim.source_id not in sources:
            return False
        for hop in claim.attribution:
            if hop.source_id not in sources:
                return False
        st = claim.statement
        for ref in st.location_ids:
            if ref not in locations:
                return False
        for ref in st.unit_ids:
            if ref not in units:
                return False
    for a in d.assessments:
        st = a.statement
        if not all(ref in locations for ref in st.location_ids) or not all(ref in units for ref in st.unit_ids):
            return False
        if not all(ref in claims for ref in a.claim_ids):
            return False
    return True


def _assessment_references(assessments: tuple[Assessment, ...]) -> Iterator[tuple[str, str, str]]:
    for i, a in enumerate(assessments):
        yield from _statement_refs(f"assessments[{i}].statement", a.statement)
        for name in ("supporting", "contradicting", "related"):
            for j, ref in enumerate(getattr(a, name)):
                yield "claims", f"assessments[{i}].{name}[{j}]", ref


def _statement_refs(where: str, statement: Statement) -> Iterator[tuple[str, str, str]]:
    for j, ref in enumerate(statement.location_ids):
        yield "locations", f"{where}.location_ids[{j}]", ref
    for j, ref in enumerate(statement.unit_ids):
        yield "units", f"{where}.unit_ids[{j}]", ref


def _dangling(refs: Iterable[tuple[str, str, str]], index: Mapping[str, Mapping[str, Any]]) -> Iterator[FieldError]:
    for kind, where, ref in refs:
        if ref not in index[kind]:
            yield DanglingReferenceError("Dossier", where, f"refers to unknown {kind[:-1]}", ref)


def _raise(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors, summary=f"{len(errors)} problems in Dossier")
