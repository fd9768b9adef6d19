"""Places inside regions: region-wide control claims against what is known of the places inside.

Internal to :mod:`conflictmodels.reconciliation`. A location contains another when it is
up the other's ``parent_id`` chain, or when it is a region whose ``region`` code (ISO
3166-2) is the other's. "RU holds the whole of Kursk Oblast" cannot be true while UA
credibly holds Sudzha, inside it: the judgment of the region's control reads the
judged states of the places inside it, so places are judged before the regions that
contain them (:meth:`_Space.in_order`).

Linear in places and claims: the containers of a location are found when first asked,
once per reconcile, by a walk of at most :data:`_MAX_DEPTH` levels up (a place deeper
than that below a region is not inside it, for this purpose); only the places with
control claims are asked about. The states of places are filed under each container
that has control claims of its own as they are judged, and a question about one span of
a region looks only at the states that overlap it (a binary search and a scan that stops
at the first state ending before the span, by a running maximum of the ends).
"""

from __future__ import annotations

import bisect
import heapq
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


class _Containers:
    """The locations containing each location, found when first asked: at most :data:`_MAX_DEPTH` levels up.

    A level is one step to a parent or, for a place that is not a region, to a region of
    the place's ISO 3166-2 code. Breadth first, so a container is reached by its shortest
    chain and listed once, nearest first; a cycle of parents ends when it comes back.
    Each location's walk visits at most the locations within :data:`_MAX_DEPTH` levels of it,
    and only the locations asked about are walked (not every ancestor of every place).
    """

    __slots__ = ("by_code", "by_id", "found")

    def __init__(self, locations: Sequence[Location]) -> None:
        self.by_id: dict[str, Location] = {loc.id: loc for loc in locations}
        self.by_code: dict[str, list[str]] = {}
        for loc in locations:
            if loc.kind is _REGION and loc.region is not None:
                self.by_code.setdefault(loc.region, []).append(loc.id)
        self.found: dict[str, tuple[str, ...]] = {}

    def _direct(self, loc_id: str) -> list[str]:
        loc = self.by_id.get(loc_id)
        if loc is None:
            return []
        direct: list[str] = []
        if loc.parent_id is not None and loc.parent_id in self.by_id:
            direct.append(loc.parent_id)
        if loc.region is not None and loc.kind is not _REGION:
            direct.extend(self.by_code.get(loc.region, ()))
        return direct

    def get(self, loc_id: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The containers of ``loc_id``, nearest first (``default`` for an unknown location)."""
        known = self.found.get(loc_id)
        if known is not None:
            return known
        if loc_id not in self.by_id:
            return default
        seen: dict[str, None] = {loc_id: None}
        level = [loc_id]
        for _ in range(_MAX_DEPTH):
            nxt: list[str] = []
            for here in level:
                for up in self._direct(here):
                    if up not in seen:
                        seen[up] = None
                        nxt.append(up)
            if not nxt:
                break
            level = nxt
        del seen[loc_id]
        result = self.found[loc_id] = tuple(seen)
        return result

    def __getitem__(self, loc_id: str) -> tuple[str, ...]:
        return self.get(loc_id)


class _Space:
    """Which locations contain which, and the names reconcile writes in its sentences.

    Built once per reconcile from the dossier's locations and sources.
    """

    __slots__ = ("containers", "holdings", "place_kinds", "place_names", "source_names", "watched")

    def __init__(self, locations: Sequence[Location], sources: Sequence[Source]) -> None:
        self.source_names: dict[str, str] = {s.id: s.name for s in sources}
        self.place_names: dict[str, str] = {loc.id: loc.name for loc in locations}
        self.place_kinds: dict[str, LocationKind] = {loc.id: loc.kind for loc in locations}
        self.containers = _Containers(locations)
        self.holdings: dict[str, _Holdings] = {}
        self.watched: frozenset[str] = frozenset()

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
        inside: dict[str, list[str]] = {}  # a watched region -> the watched regions containing it
        watched: set[str] = set()
        for loc in sorted(placed):
            outer = [c for c in self.containers.get(loc) if c in placed]
            if outer:
                watched.update(outer)
                inside[loc] = outer
        self.watched = frozenset(watched)
        if not watched:
            return list(groups.items())
        rank = {region: i for i, region in enumerate(_inner_first(watched, inside))}
        first = [(k, v) for k, v in groups.items() if not _is_region_key(k, watched)]
        later = [(k, v) for k, v in groups.items() if _is_region_key(k, watched)]
        later.sort(key=lambda kv: rank[kv[0][1][0]])
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


def _inner_first(watched: set[str], inside: Mapping[str, list[str]]) -> list[str]:
    """The watched regions, each after every watched region inside it (by id among equals;
    regions in a cycle of containment after the rest, by id)."""
    waiting = dict.fromkeys(watched, 0)
    for r in watched:
        for outer in inside.get(r, ()):
            waiting[outer] += 1
    ready = [r for r, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    out: list[str] = []
    while ready:
        r = heapq.heappop(ready)
        out.append(r)
        for outer in inside.get(r, ()):
            waiting[outer] -= 1
            if waiting[outer] == 0:
                heapq.heappush(ready, outer)
    if len(out) < len(waiting):
        done = set(out)
        out.extend(sorted(r for r in watched if r not in done))
    return out
