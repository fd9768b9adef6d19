"""The dossier: sources, locations, units, claims and assessments, checked as a whole.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> d = kursk_dossier()
    >>> d.source("ru-mod").name
    'Ministry of Defence of the Russian Federation'
    >>> len(d.claims_by_source("ru-mod"))
    5
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

import attrs
from attrs import field

from ._checks import EMPTY
from ._spec import exact_key, extra, model, nested_many, specs, text
from .assessment import Assessment
from .claim import Claim
from .errors import DanglingReferenceError, DuplicateIdError, FieldError, FieldTypeError, ValidationError
from .location import Location
from .people import Person
from .references import all_resolve, cycles, references, targets
from .source import Source
from .unit import Unit

__all__ = ["Dossier"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


@attrs.frozen(kw_only=True, weakref_slot=False)
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
        people: Commanders and officials.
        claims: What was asserted.
        assessments: Reconciled judgments.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> d = kursk_dossier()
        >>> d.source("ru-mod").name
        'Ministry of Defence of the Russian Federation'
        >>> len(d.claims_by_source("ru-mod"))
        5
    """

    title: str | None = field(default=None, metadata=text())
    sources: tuple[Source, ...] = field(default=(), metadata=nested_many(Source, collection="sources"))
    locations: tuple[Location, ...] = field(default=(), metadata=nested_many(Location, collection="locations"))
    units: tuple[Unit, ...] = field(default=(), metadata=nested_many(Unit, collection="units"))
    people: tuple[Person, ...] = field(default=(), metadata=nested_many(Person, collection="people"))
    claims: tuple[Claim, ...] = field(default=(), metadata=nested_many(Claim, collection="claims"))
    assessments: tuple[Assessment, ...] = field(default=(), metadata=nested_many(Assessment, collection="assessments"))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())
    _index: dict[str, dict[str, Any]] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        Dossier.__check__(self)  # type: ignore[attr-defined]
        errors: list[FieldError] = []
        index: dict[str, dict[str, Any]] = {}
        for kind in ("sources", "locations", "units", "people", "claims", "assessments"):
            items: tuple[Any, ...] = getattr(self, kind)
            by_id, unique = _index_unique(kind, items, errors)
            if len(unique) != len(items):
                object.__setattr__(self, kind, unique)
            index[kind] = by_id
        object.__setattr__(self, "_index", index)
        if not all_resolve(self, index):  # the cheap pass; paths are built only on failure
            errors.extend(_dangling(references(self), index))
        errors.extend(_cycles(self))
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

    def person(self, id: str) -> Person:
        """The person with id ``id``; ``KeyError`` if there is none."""
        return self._get("people", id)  # type: ignore[no-any-return]

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

    def in_id_order(self) -> Dossier:
        """This dossier with every collection sorted by id (what :func:`~conflictmodels.reconcile`
        and :func:`~conflictmodels.merge` return, so that their bytes do not depend on the
        order of their input). Nothing is checked again.

        Example:
            >>> from conflictmodels.examples import kursk_dossier
            >>> ids = [c.id for c in kursk_dossier().in_id_order().claims]
            >>> ids == sorted(ids)
            True
        """
        new = copy.copy(self)
        for name, spec in specs(Dossier).items():
            if spec.collection is not None:
                object.__setattr__(new, name, tuple(sorted(getattr(self, name), key=_ID)))
        return new

    def claims_by_source(self, source_id: str) -> tuple[Claim, ...]:
        """Claims whose originator is ``source_id``, in dossier order."""
        return tuple(cl for cl in self.claims if cl.source_id == source_id)

    def _get(self, kind: str, id: str) -> Any:
        try:
            return self._index[kind][id]
        except KeyError:
            raise DanglingReferenceError("Dossier", kind, f"has no {_singular(kind)} with this id", id) from None


_ID = operator.attrgetter("id")


def _singular(kind: str) -> str:
    """One object of a collection, in words ("source", "person")."""
    return "person" if kind == "people" else kind[:-1]


def _index_unique(kind: str, items: tuple[_T, ...], errors: list[FieldError]) -> tuple[dict[str, _T], tuple[_T, ...]]:
    by_id: dict[str, _T] = dict(zip(map(_ID, items), items, strict=True))
    if len(by_id) == len(items):  # the common case, built in C: every id is unique
        return by_id, items
    by_id = {}
    position: dict[str, int] = {}
    slot: dict[str, int] = {}
    unique: list[_T] = []
    for i, item in enumerate(items):
        first = by_id.get(item.id)
        if first is None:
            by_id[item.id] = item
            position[item.id] = i
            slot[item.id] = len(unique)
            unique.append(item)
        elif first == item:
            # Equal, yet perhaps not written alike (one instant in two UTC offsets): keep
            # the one that sorts first, so the result does not depend on input order.
            if exact_key(item) < exact_key(first):
                by_id[item.id] = unique[slot[item.id]] = item
        else:
            errors.append(
                DuplicateIdError(
                    "Dossier",
                    f"{kind}[{i}]",
                    f"repeats the id of {kind}[{position[item.id]}] with different content",
                    item.id,
                )
            )
    return by_id, tuple(unique) if len(unique) != len(items) else items


def _assessment_references(assessments: tuple[Assessment, ...]) -> Iterator[tuple[str, str, str]]:
    for i, a in enumerate(assessments):
        yield from references(a, f"assessments[{i}]")


def _cycles(d: Dossier) -> Iterator[FieldError]:
    """Objects that are their own ancestors (a source whose parent's parent is itself):
    they would count as independent of each other, or loop forever."""
    for name, spec in specs(Dossier).items():
        if spec.collection is not None and spec.cls is not None and spec.collection in targets(spec.cls):
            for where, ref, ring in cycles(getattr(d, name), spec.collection):
                yield FieldError("Dossier", where, f"forms a cycle: {' -> '.join(ring)}", ref)


def _dangling(refs: Iterable[tuple[str, str, str]], index: Mapping[str, Mapping[str, Any]]) -> Iterator[FieldError]:
    for kind, where, ref in refs:
        if ref not in index[kind]:
            yield DanglingReferenceError("Dossier", where, f"refers to unknown {_singular(kind)}", ref)


def _raise(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors, summary=f"{len(errors)} problems in Dossier")
