"""Places inside regions: region-wide control claims against what is known of the places inside.

Internal to :mod:`conflictmodels.reconciliation`. A location contains another when it is
up the other's ``parent_id`` chain, or when it is a region whose ``region`` code (ISO
3166-2) is the other's. "RU holds the whole of Kursk Oblast" cannot be true while UA
credibly holds Sudzha, inside it: the judgment of the region's control reads the
judged states of the places inside it, so places are judged before the regions that
contain them (:meth:`_Space.in_order`).

Linear: the containers of every location are found once per reconcile (each parent
chain walked once, at most :data:`_MAX_DEPTH` levels); the states of places are filed
under each container as they are judged, and a question about one span of a region
looks only at the states that overlap it (a binary search and a scan that stops at
the first state ending before the span, by a running maximum of the ends).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ._evidence import _Ev
from .location import Location
from .source import Source
from .statement import predicates_where
from .vocabularies import LocationKind

__all__: list[str] = []

_MAX_DEPTH = 32
"""The most levels of containing places followed up a chain of parents."""

_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_REGION = LocationKind.REGION


class _Held:
    """A credible state of a place inside a region: who held it, when, and on what evidence."""

    __slots__ = ("end", "evs", "holder", "lo", "place", "start")

    def __init__(self, place: str, holder: str, start: datetime | None, end: datetime | None, evs: list[_Ev]) -> None:
        self.place = place
        self.holder = holder
        self.start = start
        self.end = end
        self.lo = -math.inf if start is None else start.timestamp()
        self.evs = evs

    @property
    def hi(self) -> float:
        return math.inf if self.end is None else self.end.timestamp()


class _Holdings:
    """The credible states of the places inside one region, per holder, searchable by time."""

    __slots__ = ("by_holder", "ready")

    def __init__(self) -> None:
        self.by_holder: dict[str, list[_Held]] = {}
        self.ready: dict[str, tuple[list[float], list[float]]] = {}

    def add(self, held: _Held) -> None:
        self.by_holder.setdefault(held.holder, []).append(held)
        self.ready.pop(held.holder, None)

    def overlapping(self, holder: str, lo: float, hi: float, limit: int) -> list[_Held]:
        """Up to ``limit`` states of ``holder`` overlapping ``[lo, hi)``, latest start first."""
        items = self.by_holder[holder]
        index = self.ready.get(holder)
        if index is None:
            items.sort(key=lambda h: (h.lo, h.place))
            starts = [h.lo for h in items]
            reach: list[float] = []  # the latest end of the states up to each one
            top = -math.inf
            for h in items:
                top = max(top, h.hi)
                reach.append(top)
            index = self.ready[holder] = (starts, reach)
        starts, reach = index
        out: list[_Held] = []
        i = bisect.bisect_left(starts, hi) - 1 if hi != math.inf else len(items) - 1
        while i >= 0 and len(out) < limit and reach[i] > lo:
            h = items[i]
            if h.hi > lo or (h.lo == h.hi == lo):
                out.append(h)
            i -= 1
        return out


class _Space:
    """Which locations contain which, and the names reconcile writes in its sentences.

    Built once per reconcile from the dossier's locations and sources.
    """

    __slots__ = ("containers", "holdings", "place_names", "source_names", "watched")

    def __init__(self, locations: Sequence[Location], sources: Sequence[Source]) -> None:
        self.source_names: dict[str, str] = {s.id: s.name for s in sources}
        self.place_names: dict[str, str] = {loc.id: loc.name for loc in locations}
        by_id = {loc.id: loc for loc in locations}
        by_code: dict[str, list[str]] = {}
        for loc in locations:
            if loc.kind is _REGION and loc.region is not None:
                by_code.setdefault(loc.region, []).append(loc.id)
        self.containers: dict[str, tuple[str, ...]] = {}
        for loc in locations:
            self._containers_of(loc.id, by_id, by_code, 0)
        self.holdings: dict[str, _Holdings] = {}
        self.watched: frozenset[str] = frozenset()

    def _containers_of(
        self, loc_id: str, by_id: Mapping[str, Location], by_code: Mapping[str, list[str]], depth: int
    ) -> tuple[str, ...]:
        known = self.containers.get(loc_id)
        if known is not None:
            return known
        self.containers[loc_id] = ()  # guards a cycle of parents
        loc = by_id.get(loc_id)
        if loc is None or depth >= _MAX_DEPTH:
            return ()
        direct: list[str] = []
        if loc.parent_id is not None and loc.parent_id in by_id:
            direct.append(loc.parent_id)
        if loc.region is not None and loc.kind is not _REGION:
            direct.extend(r for r in by_code.get(loc.region, ()) if r != loc_id)
        found: dict[str, None] = {}
        for d in direct:
            found[d] = None
            for up in self._containers_of(d, by_id, by_code, depth + 1):
                found[up] = None
        found.pop(loc_id, None)
        result = self.containers[loc_id] = tuple(found)
        return result

    def place_name(self, loc_id: str) -> str:
        return self.place_names.get(loc_id, loc_id)

    def source_name(self, source_id: str) -> str:
        return self.source_names.get(source_id, source_id)

    def in_order(self, groups: Mapping[Any, list[_Ev]]) -> list[tuple[Any, list[_Ev]]]:
        """The groups, control of a place before control of the places containing it.

        Also notes which regions have control claims of their own, so that only the
        states of the places inside those are filed.
        """
        placed = {key[1][0] for key in groups if key[0] in _VALUES and len(key[1]) == 1}
        watched = {c for loc in placed for c in self.containers.get(loc, ()) if c in placed}
        self.watched = frozenset(watched)
        if not watched:
            return list(groups.items())
        first = [(k, v) for k, v in groups.items() if not _is_region_key(k, watched)]
        later = [(k, v) for k, v in groups.items() if _is_region_key(k, watched)]
        later.sort(key=lambda kv: (-len(self.containers.get(kv[0][1][0], ())), kv[0][1][0]))
        return first + later

    def record(self, place: str, holder: str, start: datetime | None, end: datetime | None, evs: list[_Ev]) -> None:
        """File a credible state of ``place`` (``holder`` held it from ``start`` to ``end``)."""
        for region in self.containers.get(place, ()):
            if region in self.watched:
                h = self.holdings.get(region)
                if h is None:
                    h = self.holdings[region] = _Holdings()
                h.add(_Held(place, holder, start, end, evs))

    def against(self, region: str, holder: str, lo: float, hi: float, limit: int) -> list[_Held]:
        """Credible states of places inside ``region`` held by another party than ``holder``
        during ``[lo, hi)``: at most ``limit`` per other holder, by holder then place."""
        h = self.holdings.get(region)
        if h is None:
            return []
        out: list[_Held] = []
        for other in sorted(h.by_holder):
            if other != holder:
                out.extend(sorted(h.overlapping(other, lo, hi, limit), key=lambda x: (x.lo, x.place)))
        return out


_VALUES = frozenset(p.value for p in _CONTROL_VALUED)


def _is_region_key(key: Any, watched: Iterable[str] | frozenset[str]) -> bool:
    return key[0] in _VALUES and len(key[1]) == 1 and key[1][0] in watched
