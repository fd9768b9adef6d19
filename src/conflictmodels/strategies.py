"""Hypothesis strategies for every conflictmodels type (needs the ``strategies`` extra).

Downstream code can property-test itself against any valid object the library accepts:
the strategies cover open-ended time spans, one-sided estimates, non-ASCII names,
every vocabulary value and every predicate's required fields. :func:`dossiers` builds
dossiers whose references all resolve.

Example:
    >>> from hypothesis import given, settings
    >>> from conflictmodels import loads, dumps
    >>> from conflictmodels.strategies import claims
    >>> @settings(max_examples=20)
    ... @given(claims())
    ... def test_round_trip(claim):
    ...     assert loads(dumps(claim), type(claim)) == claim
    >>> test_round_trip()
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as err:  # pragma: no cover - exercised only without hypothesis
    raise ImportError("conflictmodels.strategies needs hypothesis: pip install 'conflictmodels[strategies]'") from err

from .assessment import Assessment
from .attribution import Hop
from .claim import Claim
from .dossier import Dossier
from .estimates import Estimate
from .geo import Point
from .location import Location
from .source import Source
from .statement import Statement
from .timespans import TimeSpan
from .unit import Unit, UnitParent
from .vocabularies import (
    AssessmentStatus,
    Branch,
    Confidence,
    ControlChange,
    Credibility,
    Echelon,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    Predicate,
    Reliability,
    SourceKind,
    TimePrecision,
)

__all__ = [
    "assessments",
    "aware_datetimes",
    "claims",
    "dossiers",
    "estimates",
    "hops",
    "ids",
    "locations",
    "names",
    "parties",
    "points",
    "sources",
    "statements",
    "time_spans",
    "unit_parents",
    "units",
]

T = TypeVar("T")

_ID_ALPHABET = st.characters(codec="utf-8", categories=("L", "N"), include_characters="-_.:/~")


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Identifiers: 1-40 letters, digits and ``-_.:/~``, including non-ASCII letters."""
    return st.text(_ID_ALPHABET, min_size=1, max_size=40)


@functools.cache
def names() -> st.SearchStrategy[str]:
    """Non-blank names in any script, with the real-world cases mixed in."""
    real = st.sampled_from(
        [
            "Cherkasskoye Porechnoye",
            "Черкасское Поречное",
            "Novenke",
            "Новеньке",
            "810th Naval Infantry Brigade",
            "폭풍군단",
            "Ministry of Defence of the Russian Federation",
            "Zürich",
            "Ḩalab",
        ]
    )
    generated = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=60).filter(
        lambda s: not s.isspace()
    )
    return st.one_of(real, generated)


@functools.cache
def parties() -> st.SearchStrategy[str]:
    """Party codes: ISO alpha-2 for states, lower-case slugs for non-state actors."""
    return st.one_of(
        st.sampled_from(["RU", "UA", "KP", "US", "BY", "SY"]),
        st.from_regex(r"[A-Z]{2}", fullmatch=True),
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    )


_OFFSETS = st.sampled_from([0, 2 * 60, 3 * 60, -5 * 60, 5 * 60 + 30, 9 * 60, -(3 * 60 + 30), 14 * 60, -12 * 60])


@functools.cache
def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes between 1900 and 2100 with assorted fixed offsets."""
    return st.builds(
        lambda dt, minutes: dt.replace(tzinfo=timezone(timedelta(minutes=minutes))),
        st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2099, 12, 30)),
        _OFFSETS,
    )


@functools.cache
def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


@functools.cache
def _tuple_of(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


@functools.cache
@st.composite
def time_spans(draw: st.DrawFn) -> TimeSpan:
    """Time spans: instants, closed ranges and spans open at one end."""
    start = draw(aware_datetimes())
    shape = draw(st.sampled_from(["instant", "range", "open_start", "open_end"]))
    precision = draw(st.sampled_from(TimePrecision))
    if shape == "instant":
        return TimeSpan(start=start, end=start, precision=precision)
    end = start + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)))
    if shape == "open_start":
        return TimeSpan(end=end, precision=precision)
    if shape == "open_end":
        return TimeSpan(start=start, precision=precision)
    return TimeSpan(start=start, end=end, precision=precision)


@functools.cache
def _finite(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@functools.cache
def points() -> st.SearchStrategy[Point]:
    """WGS84 points, edges of the ranges included."""
    return st.builds(
        Point,
        lat=st.one_of(_finite(-90, 90), st.integers(-90, 90), st.sampled_from([-90.0, 90.0, 0.0])),
        lon=st.one_of(_finite(-180, 180), st.integers(-180, 180)),
        precision_m=_maybe(_finite(0, 2e7)),
        precision=_maybe(st.sampled_from(GeoPrecision)),
    )


@functools.cache
@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    """Estimates with any combination of low / best / high (at least one), ordered."""
    number = st.one_of(st.integers(0, 10**9), _finite(0, 1e12))
    values = sorted(draw(st.lists(number, min_size=1, max_size=3)))
    slots = draw(st.sampled_from([s for s in _SLOTS if len(s) == len(values)]))
    kwargs: dict[str, Any] = dict(zip(slots, values, strict=True))
    return Estimate(
        **kwargs,
        unit=draw(_maybe(st.sampled_from(["troops", "killed", "wounded", "km", "vehicles", "осіб"]))),
        phrase=draw(_maybe(names())),
    )


_SLOTS: Sequence[tuple[str, ...]] = [
    ("low",), ("best",), ("high",), ("low", "best"), ("low", "high"), ("best", "high"), ("low", "best", "high"),
]  # fmt: skip


def hops(source_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Hop]:
    """Attribution hops."""
    return st.builds(
        Hop,
        source_id=ids() if source_ids is None else source_ids,
        verb=_maybe(st.sampled_from(["announced", "claimed", "reportedly", "according to", "said", "заявил"])),
        hedge=st.sampled_from(Hedge),
        at=_maybe(aware_datetimes()),
    )


def sources(source_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Source]:
    """Sources of every kind, with and without a party."""
    return st.builds(
        Source,
        id=ids() if source_ids is None else source_ids,
        name=names(),
        aliases=_tuple_of(names()),
        kind=st.sampled_from(SourceKind),
        party=_maybe(parties()),
        reliability=_maybe(st.sampled_from(Reliability)),
        url=_maybe(st.sampled_from(["https://mil.ru", "https://www.understandingwar.org/backgrounder/x"])),
    )


@st.composite
def locations(draw: st.DrawFn, location_ids: st.SearchStrategy[str] | None = None) -> Location:
    """Locations, with consistent country and region codes when both are present."""
    country = draw(_maybe(st.from_regex(r"[A-Z]{2}", fullmatch=True)))
    region = None
    if country is not None and draw(st.booleans()):
        region = country + "-" + draw(st.from_regex(r"[A-Z0-9]{1,3}", fullmatch=True))
    return Location(
        id=draw(ids() if location_ids is None else location_ids),
        name=draw(names()),
        aliases=draw(_tuple_of(names())),
        kind=draw(st.sampled_from(LocationKind)),
        country=country,
        region=region,
        point=draw(_maybe(points())),
        geonames_id=draw(_maybe(st.integers(1, 10**8))),
        wikidata_id=draw(_maybe(st.integers(1, 10**8).map(lambda n: f"Q{n}"))),
        osm_id=draw(
            _maybe(st.builds("{}/{}".format, st.sampled_from(["node", "way", "relation"]), st.integers(1, 10**9)))
        ),
    )


def unit_parents(unit_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[UnitParent]:
    """Parent memberships, with or without a period."""
    return st.builds(UnitParent, unit_id=ids() if unit_ids is None else unit_ids, during=_maybe(time_spans()))


@st.composite
def units(draw: st.DrawFn, unit_ids: st.SearchStrategy[str] | None = None, parent_ids: Sequence[str] = ()) -> Unit:
    """Units on every echelon and branch; parents drawn from ``parent_ids`` if given."""
    uid = draw(ids() if unit_ids is None else unit_ids)
    candidates = [p for p in parent_ids if p != uid]
    parents: tuple[UnitParent, ...] = ()
    if candidates:
        parents = draw(_tuple_of(unit_parents(st.sampled_from(candidates)), max_size=2))
    return Unit(
        id=uid,
        name=draw(names()),
        aliases=draw(_tuple_of(names())),
        designation=draw(_maybe(st.one_of(st.integers(1, 999).map(str), st.sampled_from(["11A", "3/2"])))),
        echelon=draw(_maybe(st.sampled_from(Echelon))),
        branch=draw(_maybe(st.sampled_from(Branch))),
        party=draw(_maybe(parties())),
        parents=parents,
        placeholder=draw(st.booleans()),
    )


@st.composite
def statements(
    draw: st.DrawFn,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
) -> Statement:
    """Statements of every predicate, each with the fields its predicate needs.

    With ``location_ids`` / ``unit_ids``, references are drawn from those lists only.
    """
    loc, unit = _pick(location_ids), _pick(unit_ids)
    locs = st.lists(loc, max_size=3, unique=True).map(tuple) if loc is not None else st.just(())
    unit_tuple = st.lists(unit, max_size=3, unique=True).map(tuple) if unit is not None else st.just(())
    predicate = draw(st.sampled_from(_possible_predicates(loc is not None, unit is not None)))
    party = draw(parties())
    kw: dict[str, Any] = {"predicate": predicate, "party": party}
    counterparty = draw(_maybe(parties()))
    kw["counterparty"] = counterparty if counterparty != party else None
    kw["description"] = draw(_maybe(names()))
    kw["negated"] = draw(st.booleans())
    kw["unit_ids"] = draw(unit_tuple)
    kw["location_ids"] = draw(locs)
    if predicate in (Predicate.CONTROL, Predicate.ADVANCE):
        assert loc is not None
        kw["location_ids"] = (draw(loc),)
    if predicate is Predicate.CONTROL:
        kw["change"] = draw(st.sampled_from(ControlChange))
    elif predicate is Predicate.PRESENCE:
        assert loc is not None
        kw["location_ids"] = kw["location_ids"] or (draw(loc),)
    elif predicate is Predicate.ATTACK and not (kw["location_ids"] or kw["unit_ids"]):
        if loc is not None:
            kw["location_ids"] = (draw(loc),)
        else:
            assert unit is not None
            kw["unit_ids"] = (draw(unit),)
    elif predicate in (Predicate.STRENGTH, Predicate.CASUALTIES):
        kw["quantity"] = draw(estimates())
    elif predicate is Predicate.SITUATION:
        kw["description"] = draw(names())
        kw["party"] = draw(_maybe(st.just(party)))
        if kw["party"] is None:
            kw["counterparty"] = None
    elif predicate is Predicate.CUSTOM:
        kw["custom_predicate"] = draw(st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True))
        kw["quantity"] = draw(_maybe(estimates()))
    return Statement(**kw)


def _pick(pool: Sequence[str] | None) -> st.SearchStrategy[str] | None:
    if pool is None:
        return ids()
    return st.sampled_from(pool) if pool else None


def _possible_predicates(has_location: bool, has_unit: bool) -> list[Predicate]:
    needs_place = (Predicate.CONTROL, Predicate.ADVANCE, Predicate.PRESENCE)
    return [
        p
        for p in Predicate
        if (has_location or p not in needs_place) and (p is not Predicate.ATTACK or has_location or has_unit)
    ]


@st.composite
def claims(
    draw: st.DrawFn,
    source_ids: Sequence[str] | None = None,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
    claim_ids: st.SearchStrategy[str] | None = None,
) -> Claim:
    """Claims with attribution chains ending at their source; references drawn from the
    given id lists when provided."""
    src = st.sampled_from(source_ids) if source_ids else ids()
    source_id = draw(src)
    relays = draw(_tuple_of(hops(src), max_size=2))
    chain = (*relays, draw(hops(st.just(source_id)))) if draw(st.booleans()) else ()
    return Claim(
        id=draw(ids() if claim_ids is None else claim_ids),
        source_id=source_id,
        attribution=chain,
        reported_at=draw(aware_datetimes()),
        when=draw(_maybe(time_spans())),
        statement=draw(statements(location_ids, unit_ids)),
        quote=draw(_maybe(names())),
        language=draw(_maybe(st.sampled_from(["en", "ru", "uk", "ko", "en-GB", "zh-Hant"]))),
        credibility=draw(_maybe(st.sampled_from(Credibility))),
        url=draw(_maybe(st.just("https://example.org/report/1"))),
    )


@st.composite
def assessments(
    draw: st.DrawFn,
    claim_ids: Sequence[str] | None = None,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
) -> Assessment:
    """Assessments whose claim lists are disjoint and whose counts are consistent."""
    pool = list(claim_ids) if claim_ids is not None else draw(st.lists(ids(), max_size=6, unique=True))
    chosen = draw(st.permutations(pool)) if pool else []
    cut1 = draw(st.integers(0, len(chosen)))
    cut2 = draw(st.integers(cut1, len(chosen)))
    supporting, contradicting = tuple(chosen[:cut1]), tuple(chosen[cut1:cut2])
    related = tuple(chosen[cut2:])
    statuses = [
        s
        for s in AssessmentStatus
        if supporting or s not in (AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED)
    ]
    return Assessment(
        id=draw(ids()),
        statement=draw(statements(location_ids, unit_ids)),
        status=draw(st.sampled_from(statuses)),
        likelihood=draw(_maybe(st.sampled_from(Likelihood))),
        confidence=draw(_maybe(st.sampled_from(Confidence))),
        supporting=supporting,
        contradicting=contradicting,
        related=related,
        independent_origins=draw(st.integers(0, len(supporting))),
        rationale=draw(_tuple_of(names())),
        valid=draw(_maybe(time_spans())),
        as_of=draw(_maybe(aware_datetimes())),
        assessed_at=draw(aware_datetimes()),
        assessed_by=draw(names()),
    )


@st.composite
def dossiers(draw: st.DrawFn, max_claims: int = 8) -> Dossier:
    """Dossiers whose every reference resolves: sources, places, units, claims citing
    them, and assessments citing the claims."""
    source_ids = draw(st.lists(ids(), min_size=1, max_size=4, unique=True))
    location_ids = draw(st.lists(ids(), max_size=4, unique=True))
    unit_ids = draw(st.lists(ids(), max_size=3, unique=True))
    srcs = [
        attrs.evolve(
            draw(sources(st.just(sid))), parent_id=draw(_maybe(st.sampled_from(source_ids[:i]))) if i else None
        )
        for i, sid in enumerate(source_ids)
    ]
    locs = [draw(locations(st.just(i))) for i in location_ids]
    unit_objs = [draw(units(st.just(i), parent_ids=unit_ids)) for i in unit_ids]
    claim_ids = draw(st.lists(ids(), max_size=max_claims, unique=True))
    claim_objs = [draw(claims(source_ids, location_ids, unit_ids, st.just(i))) for i in claim_ids]
    assessment_objs = draw(
        st.lists(assessments(claim_ids, location_ids, unit_ids), max_size=2, unique_by=lambda a: a.id)
    )
    return Dossier(
        title=draw(_maybe(names())),
        sources=tuple(srcs),
        locations=tuple(locs),
        units=tuple(unit_objs),
        claims=tuple(claim_objs),
        assessments=tuple(assessment_objs),
    )
