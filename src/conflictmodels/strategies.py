"""Hypothesis strategies for every conflictmodels type (needs the ``strategies`` extra).

Downstream code can property-test itself against any valid object the library accepts:
the strategies cover open-ended time spans, one-sided estimates, non-ASCII names,
every vocabulary value and every predicate's required fields. :func:`dossiers` builds
dossiers whose references all resolve.

Every field is drawn from the kind it declares (:func:`for_field`), so a new field is
generated with no edit here; the strategies below only add what one field cannot know
alone (an attribution chain ends at its source, a region belongs to its country, a
predicate's needs, references that resolve). Unknown keys (``extra``) are drawn only on
request, with :func:`with_extras`, since they load back only with ``keep_unknown``.

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
import math
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as err:  # pragma: no cover - exercised only without hypothesis
    raise ImportError("conflictmodels.strategies needs hypothesis: pip install 'conflictmodels[strategies]'") from err

from ._checks import is_text
from ._spec import COUNTRY, LANGUAGE, PARTY, URL, Pattern, Spec, specs
from .assessment import Assessment
from .attribution import Hop
from .claim import Claim
from .dossier import Dossier
from .estimates import Estimate
from .events import DEATHS, Event, Fatalities
from .evidence import Chronolocation, Document, Evidence, Geolocation, Media
from .geo import Point
from .location import Location
from .people import Person, Role
from .reliability import CopyFinding, ReliabilityModel, SourceAccuracy
from .source import Affiliation, Source
from .statement import PREDICATES, Statement
from .timespans import TimeSpan
from .unit import Unit, UnitParent
from .values import VALUE_KINDS, Alternative, Value
from .vocabularies import AssessmentStatus, ControlChange, Modality, Predicate, VerificationStatus, WithdrawalAction
from .withdrawal import Withdrawal

__all__ = [
    "affiliations",
    "alternatives",
    "assessments",
    "attribute_values",
    "aware_datetimes",
    "chronolocations",
    "claims",
    "copy_findings",
    "dossiers",
    "estimates",
    "events",
    "evidence_records",
    "fatalities",
    "for_field",
    "for_spec",
    "geolocations",
    "hops",
    "ids",
    "locations",
    "media_items",
    "names",
    "parties",
    "people",
    "points",
    "reliability_models",
    "roles",
    "source_accuracies",
    "sources",
    "statements",
    "time_spans",
    "unit_parents",
    "units",
    "with_extras",
    "withdrawals",
]

T = TypeVar("T")
M = TypeVar("M")

_ID_ALPHABET = st.characters(codec="utf-8", categories=("L", "N"), include_characters="-_.:/~")


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Identifiers: 1-40 letters, digits and ``-_.:/~``, including non-ASCII letters.

    Example:
        >>> from conflictmodels.strategies import ids
        >>> isinstance(ids().example(), str)
        True
    """
    return st.text(_ID_ALPHABET, min_size=1, max_size=40)


@functools.cache
def names() -> st.SearchStrategy[str]:
    """Non-blank names in any script, with the real-world cases mixed in.

    Example:
        >>> from conflictmodels.strategies import names
        >>> names().example().strip() != ''
        True
    """
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
    alphabet = st.characters(
        codec="utf-8",
        exclude_categories=["Cs", "Cc"],
        exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        include_characters="\t\n",
    )
    generated = st.text(alphabet, min_size=1, max_size=60).filter(is_text)
    return st.one_of(real, generated)


@functools.cache
def parties() -> st.SearchStrategy[str]:
    """Party codes: ISO alpha-2 for states, lower-case slugs for non-state actors.

    Example:
        >>> from conflictmodels.strategies import parties
        >>> isinstance(parties().example(), str)
        True
    """
    return st.one_of(
        st.sampled_from(["RU", "UA", "KP", "US", "BY", "SY"]),
        st.from_regex(COUNTRY.regex, fullmatch=True),
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    )


_OFFSETS = st.sampled_from([0, 2 * 60, 3 * 60, -5 * 60, 5 * 60 + 30, 9 * 60, -(3 * 60 + 30), 14 * 60, -12 * 60])


@functools.cache
def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes between 1900 and 2100 with assorted fixed offsets.

    Example:
        >>> from conflictmodels.strategies import aware_datetimes
        >>> aware_datetimes().example().tzinfo is not None
        True
    """
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
def _finite(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


# ----------------------------------------------------------------- one field, by its kind

_PATTERNS: dict[Pattern, Any] = {
    PARTY: parties,
    URL: lambda: st.sampled_from(["https://mil.ru", "https://www.understandingwar.org/backgrounder/x"]),
    LANGUAGE: lambda: st.sampled_from(["en", "ru", "uk", "ko", "en-GB", "zh-Hant"]),
}
"""Realistic values for some shapes; any other pattern is drawn from its regex."""


@functools.cache
def _numbers(lo: float | None, hi: float | None, integer: bool) -> st.SearchStrategy[Any]:
    if integer:
        first = 0 if lo is None else math.ceil(lo)
        return st.integers(first, first + 10**8 if hi is None else math.floor(hi))
    low: float = -1e12 if lo is None else lo
    high: float = 1e12 if hi is None else hi
    ints = st.integers(math.ceil(low), math.floor(high))
    return st.one_of(_finite(low, high), ints, st.sampled_from([low, high]))


def for_spec(spec: Spec) -> st.SearchStrategy[Any]:
    """Values of a field declared as ``spec`` (tuples and ``None`` included as declared).

    Nested models come from this module's strategy for their class, or, for a class
    without one, from their own fields' kinds.

    Example:
        >>> from conflictmodels import Source
        >>> from conflictmodels._spec import spec_of
        >>> from conflictmodels.strategies import for_spec
        >>> for_spec(spec_of(Source, "party")).example() is None or True
        True
    """
    one = _one(spec)
    if spec.many and spec.kind == "ident":  # tuples of ids never repeat one
        return st.lists(one, max_size=3, unique=True).map(tuple)
    if spec.many:
        return _tuple_of(one)
    return _maybe(one) if spec.optional else one


def for_field(cls: type, name: str) -> st.SearchStrategy[Any]:
    """Values of field ``name`` of model ``cls``, from its declared kind.

    Example:
        >>> from conflictmodels import Location
        >>> from conflictmodels.strategies import for_field
        >>> isinstance(for_field(Location, "region").example(), (str, type(None)))
        True
    """
    return for_spec(specs(cls)[name])


def _one(spec: Spec) -> st.SearchStrategy[Any]:
    kind = spec.kind
    if kind == "ident":
        return ids()
    if kind == "text":
        return names()
    if kind == "pattern":
        assert spec.pattern is not None
        custom = _PATTERNS.get(spec.pattern)
        return custom() if custom is not None else st.from_regex(spec.pattern.regex, fullmatch=True)
    if kind == "enum":
        assert spec.cls is not None
        return st.sampled_from(spec.cls)
    if kind == "number":
        return _numbers(spec.lo, spec.hi, spec.integer)
    if kind == "bool":
        return st.booleans()
    if kind == "aware":
        return aware_datetimes()
    if kind == "model":
        assert spec.cls is not None
        made = _MODEL_STRATEGIES.get(spec.cls)
        return made() if made is not None else _generic(spec.cls)
    raise AssertionError(f"no strategy for kind {kind!r}")  # pragma: no cover - extra is drawn by with_extras


def _fields(cls: type, **given: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Every init field of ``cls`` but ``extra``, each from ``given`` or its kind."""
    return st.fixed_dictionaries(
        {name: given[name] if name in given else for_spec(spec) for name, spec in specs(cls).items() if name != "extra"}
    )


def _generic(cls: type[M], **given: st.SearchStrategy[Any]) -> st.SearchStrategy[M]:
    return _fields(cls, **given).map(lambda kw: cls(**kw))


_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), _finite(-1e300, 1e300), names())
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(names(), inner, max_size=3)),
    max_leaves=6,
)


def with_extras(strategy: st.SearchStrategy[M]) -> st.SearchStrategy[M]:
    """Objects of ``strategy`` with unknown JSON keys in ``extra`` (keys that are not
    field names), as :func:`~conflictmodels.from_dict` keeps them with ``keep_unknown``.

    Example:
        >>> from conflictmodels import dumps, loads
        >>> from conflictmodels.strategies import points, with_extras
        >>> p = with_extras(points()).filter(lambda p: bool(p.extra)).example()
        >>> loads(dumps(p), type(p), keep_unknown=True) == p
        True
    """

    def add(obj: Any, keys: dict[str, Any]) -> Any:
        taken = set(specs(type(obj))) | {"schema_version"}
        return attrs.evolve(obj, extra={k: v for k, v in keys.items() if k not in taken})

    return st.builds(add, strategy, st.dictionaries(ids(), _JSON, max_size=3))


# ------------------------------------------------------------ models with cross-field rules


@functools.cache
@st.composite
def time_spans(draw: st.DrawFn) -> TimeSpan:
    """Time spans: instants, closed ranges and spans open at one end.

    Example:
        >>> from conflictmodels.strategies import time_spans
        >>> from conflictmodels import TimeSpan
        >>> isinstance(time_spans().example(), TimeSpan)
        True
    """
    start = draw(aware_datetimes())
    shape = draw(st.sampled_from(["instant", "range", "open_start", "open_end"]))
    precision = draw(for_field(TimeSpan, "precision"))
    if shape == "instant":
        return TimeSpan(start=start, end=start, precision=precision)
    end = start + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)))
    if shape == "open_start":
        return TimeSpan(end=end, precision=precision)
    if shape == "open_end":
        return TimeSpan(start=start, precision=precision)
    return TimeSpan(start=start, end=end, precision=precision)


@functools.cache
def points() -> st.SearchStrategy[Point]:
    """WGS84 points, edges of the ranges included.

    Example:
        >>> from conflictmodels.strategies import points
        >>> -90 <= points().example().lat <= 90
        True
    """
    return _generic(Point)


@functools.cache
@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    """Estimates with any combination of low / best / high (at least one), ordered.

    Example:
        >>> from conflictmodels.strategies import estimates
        >>> from conflictmodels import Estimate
        >>> isinstance(estimates().example(), Estimate)
        True
    """
    number = st.one_of(st.integers(0, 10**9), _finite(0, 1e12))
    values = sorted(draw(st.lists(number, min_size=1, max_size=3)))
    slots = draw(st.sampled_from([s for s in _SLOTS if len(s) == len(values)]))
    kw = draw(
        _fields(Estimate, unit=_maybe(st.sampled_from(["troops", "killed", "wounded", "km", "vehicles", "осіб"])))
    )
    kw.update(low=None, best=None, high=None)
    kw.update(zip(slots, values, strict=True))
    return Estimate(**kw)


_SLOTS: Sequence[tuple[str, ...]] = [
    ("low",), ("best",), ("high",), ("low", "best"), ("low", "high"), ("best", "high"), ("low", "best", "high"),
]  # fmt: skip


def hops(source_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Hop]:
    """Attribution hops.

    Example:
        >>> from hypothesis import strategies as st
        >>> from conflictmodels.strategies import hops
        >>> hops(source_ids=st.just("ru-mod")).example().source_id
        'ru-mod'
    """
    verbs = _maybe(st.sampled_from(["announced", "claimed", "reportedly", "according to", "said", "заявил"]))
    return _generic(Hop, source_id=ids() if source_ids is None else source_ids, verb=verbs)


def sources(
    source_ids: st.SearchStrategy[str] | None = None, parent_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Source]:
    """Sources of every kind, with and without a party; parents drawn from
    ``parent_ids`` when given (never the source itself).

    Example:
        >>> from conflictmodels.strategies import sources
        >>> source = sources(parent_ids=["ru-mod"]).example()
        >>> source.parent_id in (None, "ru-mod") and source.parent_id != source.id
        True
    """
    return _with_parent(Source, source_ids, parent_ids)


def _with_parent(
    cls: type[M], own_ids: st.SearchStrategy[str] | None, parent_ids: Sequence[str] | None
) -> st.SearchStrategy[M]:
    @st.composite
    def build(draw: st.DrawFn) -> M:
        pool = ids() if parent_ids is None else st.sampled_from(parent_ids) if parent_ids else st.none()
        kw = draw(_fields(cls, id=ids() if own_ids is None else own_ids, parent_id=_maybe(pool)))
        if kw["parent_id"] == kw["id"]:
            kw["parent_id"] = None
        if cls is Source:  # owners drawn from the parent pool, never the source itself: no cycles
            owners = None if parent_ids is None else st.sampled_from(parent_ids) if parent_ids else st.nothing()
            ties = draw(_tuple_of(affiliations(owners), max_size=2))
            kw["affiliations"] = tuple(a for a in ties if a.source_id != kw["id"])
        if cls is Location:
            _regional(kw)
        return cls(**kw)

    return build()


def affiliations(owner_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Affiliation]:
    """Affiliations of every kind: a party, or for ``owned_by`` an owner drawn from
    ``owner_ids`` (``st.nothing()``: no ``owned_by`` at all), with or without a period.

    Example:
        >>> from conflictmodels.strategies import affiliations
        >>> a = affiliations().example()
        >>> (a.party is None) == (a.kind.value == "owned_by")
        True
    """

    @st.composite
    def build(draw: st.DrawFn) -> Affiliation:
        kw = draw(_fields(Affiliation, party=st.none(), source_id=st.none()))
        if kw["kind"].names_party:
            kw["party"] = draw(parties())
        else:
            owner = draw(st.one_of(st.none(), ids() if owner_ids is None else owner_ids))
            if owner is None:
                kw["kind"], kw["party"] = draw(st.sampled_from([k for k in type(kw["kind"]) if k.names_party])), "RU"
            kw["source_id"] = owner
        return Affiliation(**kw)

    return build()


def _regional(kw: dict[str, Any]) -> None:
    """A region code belongs to the country code, when both are given."""
    country = kw["country"]
    if kw["region"] is not None and country is not None:
        kw["region"] = country + kw["region"][2:]


def locations(
    location_ids: st.SearchStrategy[str] | None = None, parent_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Location]:
    """Locations, with consistent country and region codes when both are present, and
    parents drawn from ``parent_ids`` when given (never the location itself).

    Example:
        >>> from conflictmodels.strategies import locations
        >>> place = locations().example()
        >>> place.region is None or place.country is None or place.region.startswith(place.country)
        True
    """
    return _with_parent(Location, location_ids, parent_ids)


def unit_parents(unit_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[UnitParent]:
    """Parent memberships, with or without a period.

    Example:
        >>> from hypothesis import strategies as st
        >>> from conflictmodels.strategies import unit_parents
        >>> unit_parents(st.just("ru-northern-group")).example().unit_id
        'ru-northern-group'
    """
    return _generic(UnitParent, unit_id=ids() if unit_ids is None else unit_ids)


@st.composite
def units(draw: st.DrawFn, unit_ids: st.SearchStrategy[str] | None = None, parent_ids: Sequence[str] = ()) -> Unit:
    """Units on every echelon and branch; parents drawn from ``parent_ids`` if given.

    Example:
        >>> from conflictmodels.strategies import units
        >>> unit = units(parent_ids=["ru-northern-group"]).example()
        >>> all(p.unit_id == "ru-northern-group" for p in unit.parents)
        True
    """
    uid = draw(ids() if unit_ids is None else unit_ids)
    candidates = [p for p in parent_ids if p != uid]
    parents = _tuple_of(unit_parents(st.sampled_from(candidates)), max_size=2) if candidates else st.just(())
    designations = _maybe(st.one_of(st.integers(1, 999).map(str), st.sampled_from(["11A", "3/2"])))
    return Unit(**draw(_fields(Unit, id=st.just(uid), parents=parents, designation=designations)))


@st.composite
def statements(
    draw: st.DrawFn,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
) -> Statement:
    """Statements of every predicate, each with the fields its predicate needs (read
    from the predicate table).

    With ``location_ids`` / ``unit_ids`` / ``person_ids``, references are drawn from those lists only.

    Example:
        >>> from conflictmodels.strategies import statements
        >>> statement = statements(location_ids=["kositsa"]).example()
        >>> set(statement.location_ids) <= {"kositsa"}
        True
    """
    loc, unit, person = _pick(location_ids), _pick(unit_ids), _pick(person_ids)
    locs = st.lists(loc, max_size=3, unique=True).map(tuple) if loc is not None else st.just(())
    unit_tuple = st.lists(unit, max_size=3, unique=True).map(tuple) if unit is not None else st.just(())
    predicate = draw(st.sampled_from(_possible_predicates(loc is not None, unit is not None, person is not None)))
    rule = PREDICATES[predicate]
    kw = draw(
        _fields(Statement, predicate=st.just(predicate), location_ids=locs, unit_ids=unit_tuple, person_ids=st.just(()))
    )
    kw["change"] = draw(st.sampled_from(ControlChange)) if rule.change else None
    kw["custom_predicate"] = draw(st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True)) if rule.custom else None
    if rule.places == "one" or (rule.places == "some" and not kw["location_ids"]):
        assert loc is not None
        kw["location_ids"] = (draw(loc),)
    if rule.party or (rule.who and not kw["unit_ids"]):
        kw["party"] = kw["party"] or draw(parties())
    if rule.figure and kw["quantity"] is None and (kw["description"] is None or draw(st.booleans())):
        kw["quantity"] = draw(estimates())
    if rule.target and not (kw["location_ids"] or kw["unit_ids"]):
        kw["location_ids"] = (draw(loc),) if loc is not None else ()
        kw["unit_ids"] = () if loc is not None else (draw(unit),)  # type: ignore[arg-type]
    if rule.description and kw["description"] is None:
        kw["description"] = draw(names())
    if kw["counterparty"] == kw["party"]:
        kw["counterparty"] = None
    if rule.favours != "interested":  # a declared interest only where the table cannot tell
        kw["favours"] = None
    _attribute_fields(draw, kw, rule, location_ids, unit_ids)
    kw["event"] = draw(events()) if rule.event else None
    if rule.person:  # one person commands one unit
        assert person is not None
        assert unit is not None
        kw["person_ids"], kw["unit_ids"] = (draw(person),), (draw(unit),)
    return Statement(**kw)


_ATTRIBUTES = st.sampled_from(["authors", "commander", "perpetrator", "name", "departure_time", "population"])


def _attribute_fields(
    draw: st.DrawFn, kw: dict[str, Any], rule: Any, location_ids: Sequence[str] | None, unit_ids: Sequence[str] | None
) -> None:
    """An attribute statement's attribute, value and what it is about; none elsewhere."""
    if not rule.attribute:
        kw["attribute"] = kw["entity"] = kw["value"] = None
        return
    kw["attribute"] = draw(st.one_of(_ATTRIBUTES, names()))
    kw["value"] = draw(attribute_values(location_ids, unit_ids))
    if not (kw["location_ids"] or kw["unit_ids"]) and kw["entity"] is None:
        kw["entity"] = draw(st.one_of(st.sampled_from(["9780201896831", "strike-2025-03-09-sumy"]), names()))


_PERSON_NAMES = st.sampled_from(
    ["Knuth, Donald E.", "Donald E. Knuth", "KNUTH", "O'Leary, Timothy J.", "Guy L. Steele Jr.", "Сырский, Александр"]
)


@st.composite
def attribute_values(
    draw: st.DrawFn, location_ids: Sequence[str] | None = None, unit_ids: Sequence[str] | None = None
) -> Value:
    """Attribute values of every kind, one field each; references drawn from
    ``location_ids`` / ``unit_ids`` when given (no such value when a list is empty).

    Example:
        >>> from conflictmodels import Value
        >>> from conflictmodels.strategies import attribute_values
        >>> isinstance(attribute_values().example(), Value)
        True
    """
    loc, unit = _pick(location_ids), _pick(unit_ids)
    pools = {"location_ids": loc, "unit_ids": unit}
    kind = draw(st.sampled_from([k for k in VALUE_KINDS if k not in pools or pools[k] is not None]))
    pool = pools.get(kind)
    if pool is not None:
        one: st.SearchStrategy[Any] = st.lists(pool, min_size=1, max_size=3, unique=True).map(tuple)
    elif kind in ("texts", "names"):
        member = st.one_of(_PERSON_NAMES, names()) if kind == "names" else names()
        one = st.lists(member, min_size=1, max_size=4).map(tuple)
    else:
        one = _one(specs(Value)[kind])
    return Value(**{kind: draw(one)})


@st.composite
def alternatives(
    draw: st.DrawFn,
    claim_ids: Sequence[str] | None = None,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
) -> Alternative:
    """Competing values with a probability, claims drawn from ``claim_ids`` when given.

    Example:
        >>> from conflictmodels import Alternative
        >>> from conflictmodels.strategies import alternatives
        >>> isinstance(alternatives().example(), Alternative)
        True
    """
    pool = ids() if claim_ids is None else (st.sampled_from(claim_ids) if claim_ids else None)
    supporting = tuple(draw(st.lists(pool, max_size=3, unique=True))) if pool is not None else ()
    return Alternative(
        value=draw(attribute_values(location_ids, unit_ids)),
        probability=draw(st.one_of(_finite(0.0, 1.0), st.sampled_from([0.0, 1.0]))),
        supporting=supporting,
        independent_origins=draw(st.integers(0, len(supporting))),
    )


def _pick(pool: Sequence[str] | None) -> st.SearchStrategy[str] | None:
    if pool is None:
        return ids()
    return st.sampled_from(pool) if pool else None


def _possible_predicates(has_location: bool, has_unit: bool, has_person: bool = True) -> list[Predicate]:
    return [
        p
        for p, rule in PREDICATES.items()
        if (has_location or rule.places == "any")
        and (not rule.target or has_location or has_unit)
        and (not rule.person or (has_person and has_unit))
    ]


@st.composite
def claims(
    draw: st.DrawFn,
    source_ids: Sequence[str] | None = None,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
    claim_ids: st.SearchStrategy[str] | None = None,
    replacement_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
) -> Claim:
    """Claims with attribution chains ending at their source; references drawn from the
    given id lists when provided. Withdrawals are made by a source on the chain, and a
    correction names a claim of ``replacement_ids`` (any id when not given), never
    dated before the report; an event time after ``reported_at`` comes with
    ``when_doubtful`` or in a forecast.

    Example:
        >>> from conflictmodels.strategies import claims
        >>> claims(source_ids=["ru-mod"]).example().source_id
        'ru-mod'
    """
    src = st.sampled_from(source_ids) if source_ids else ids()
    source_id = draw(src)
    relays = draw(_tuple_of(hops(src), max_size=2))
    chain = (*relays, draw(hops(st.just(source_id)))) if draw(st.booleans()) else ()
    kw = draw(
        _fields(
            Claim,
            id=ids() if claim_ids is None else claim_ids,
            source_id=st.just(source_id),
            attribution=st.just(chain),
            statement=statements(location_ids, unit_ids, person_ids),
            url=_maybe(st.just("https://example.org/report/1")),
            withdrawals=st.just(()),
            evidence=st.none(),  # drawn below, with references that resolve
        )
    )
    kw["merged_ids"] = tuple(i for i in kw["merged_ids"] if i != kw["id"])
    on_chain = sorted({source_id, *(h.source_id for h in chain)})
    others = [i for i in (replacement_ids or ()) if i != kw["id"]]
    replacements = ids().filter(lambda i: i != kw["id"]) if replacement_ids is None else _pick(others)
    drawn = draw(_tuple_of(withdrawals(st.sampled_from(on_chain), replacements), max_size=2))
    when = kw["when"]
    later = when is not None and when.start is not None and when.start > kw["reported_at"]
    if later and kw["statement"].modality is not Modality.FORECAST and not kw["when_doubtful"]:
        kw["reported_at"] = when.start  # a later event time is a forecast's or a doubtful one; else report it later
    kw["withdrawals"] = tuple(_after(w, kw["reported_at"], draw) for w in drawn)
    kw["evidence"] = draw(_maybe(evidence_records(source_ids, location_ids)))
    if kw["translation"] is not None and kw["quote"] is None:  # a translation renders the quote
        kw["quote"] = draw(names())
    return Claim(**kw)


def media_items() -> st.SearchStrategy[Media]:
    """Media items of every kind, each identified by a URL, a hash or both.

    Example:
        >>> from conflictmodels.strategies import media_items
        >>> m = media_items().example()
        >>> m.url is not None or m.sha256 is not None
        True
    """
    url = st.sampled_from(["https://t.me/example/1234", "https://x.com/GeoConfirmed/status/1"])

    def build(kw: dict[str, Any]) -> Media:
        if kw["url"] is None and kw["sha256"] is None:
            kw["url"] = "https://t.me/example/1"
        return Media(**kw)

    return _fields(Media, url=_maybe(url)).map(build)


@st.composite
def geolocations(
    draw: st.DrawFn, source_ids: Sequence[str] | None = None, location_ids: Sequence[str] | None = None
) -> Geolocation:
    """Geolocations at a point, in an area or both; a verified one names who verified it.
    References are drawn from ``source_ids`` / ``location_ids`` when given.

    Example:
        >>> from conflictmodels.strategies import geolocations
        >>> g = geolocations(["geoconfirmed"], []).example()
        >>> g.point is not None and g.location_id is None and (not g.verified or g.by == "geoconfirmed")
        True
    """
    loc = _pick(location_ids)
    kw = draw(_fields(Geolocation, by=_verifier(source_ids), location_id=_maybe(loc) if loc is not None else st.none()))
    if kw["point"] is None and kw["location_id"] is None:
        kw["point"] = draw(points())
    kw = _verified(draw, kw, source_ids)
    if kw["by"] is None or (kw["at"] is not None and kw["retracted_at"] is not None and kw["retracted_at"] < kw["at"]):
        kw["retracted_at"] = None  # a retraction is the geolocator's own, never before the geolocation
    return Geolocation(**kw)


@st.composite
def chronolocations(draw: st.DrawFn, source_ids: Sequence[str] | None = None) -> Chronolocation:
    """Chronolocations; a verified one names who verified it (from ``source_ids`` when given).

    Example:
        >>> from conflictmodels.strategies import chronolocations
        >>> c = chronolocations(["geoconfirmed"]).example()
        >>> not c.verified or c.by == "geoconfirmed"
        True
    """
    return Chronolocation(**_verified(draw, draw(_fields(Chronolocation, by=_verifier(source_ids))), source_ids))


def _verifier(source_ids: Sequence[str] | None) -> st.SearchStrategy[str | None]:
    pool = _pick(source_ids)
    return _maybe(pool) if pool is not None else st.none()


def _verified(draw: st.DrawFn, kw: dict[str, Any], source_ids: Sequence[str] | None) -> dict[str, Any]:
    """A verified record without a verifier gets one, or (with no source to draw) becomes unverified."""
    if kw["status"] is VerificationStatus.VERIFIED and kw["by"] is None:
        pool = _pick(source_ids)
        if pool is None:
            kw["status"] = VerificationStatus.UNVERIFIED
        else:
            kw["by"] = draw(pool)
    return kw


@st.composite
def evidence_records(
    draw: st.DrawFn, source_ids: Sequence[str] | None = None, location_ids: Sequence[str] | None = None
) -> Evidence:
    """Evidence records: a document, media, a geolocation and a chronolocation, at least
    one of them; references drawn from ``source_ids`` / ``location_ids`` when given.

    Example:
        >>> from conflictmodels.strategies import evidence_records
        >>> e = evidence_records().example()
        >>> any((e.document, e.media, e.geolocation, e.chronolocation))
        True
    """
    kw = draw(
        _fields(
            Evidence,
            media=_tuple_of(media_items(), max_size=2),
            geolocation=_maybe(geolocations(source_ids, location_ids)),
            chronolocation=_maybe(chronolocations(source_ids)),
        )
    )
    if kw["document"] is None and not kw["media"] and kw["geolocation"] is None and kw["chronolocation"] is None:
        kw["document"] = Document(url="https://www.understandingwar.org/backgrounder/x")
    return Evidence(**kw)


def _after(w: Withdrawal, reported_at: datetime, draw: st.DrawFn) -> Withdrawal:
    """``w``, moved to some time after ``reported_at`` when drawn before it (in its own offset)."""
    if w.at >= reported_at:
        return w
    later = draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
    return attrs.evolve(w, at=reported_at.astimezone(w.at.tzinfo) + later)


@st.composite
def withdrawals(
    draw: st.DrawFn,
    source_ids: st.SearchStrategy[str] | None = None,
    replacement_ids: st.SearchStrategy[str] | None = None,
) -> Withdrawal:
    """Withdrawals, deletions and corrections; only a correction names the claim that
    replaces it (drawn from ``replacement_ids``, when there are any).

    Example:
        >>> from conflictmodels import Withdrawal
        >>> from conflictmodels.strategies import withdrawals
        >>> isinstance(withdrawals().example(), Withdrawal)
        True
    """
    kw = draw(_fields(Withdrawal, source_id=ids() if source_ids is None else source_ids, replaced_by=st.none()))
    if kw["action"] is WithdrawalAction.CORRECTED and replacement_ids is not None:
        kw["replaced_by"] = draw(_maybe(replacement_ids))
    return Withdrawal(**kw)


@st.composite
def assessments(
    draw: st.DrawFn,
    claim_ids: Sequence[str] | None = None,
    location_ids: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
) -> Assessment:
    """Assessments whose claim lists are disjoint and whose counts are consistent.

    Example:
        >>> from conflictmodels import Assessment
        >>> from conflictmodels.strategies import assessments
        >>> isinstance(assessments().example(), Assessment)
        True
    """
    pool = list(claim_ids) if claim_ids is not None else draw(st.lists(ids(), max_size=6, unique=True))
    chosen = draw(st.permutations(pool)) if pool else []
    cut1 = draw(st.integers(0, len(chosen)))
    cut2 = draw(st.integers(cut1, len(chosen)))
    supporting, contradicting = tuple(chosen[:cut1]), tuple(chosen[cut1:cut2])
    statuses = [
        s
        for s in AssessmentStatus
        if supporting
        or s not in (AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED, AssessmentStatus.ATTRIBUTED)
    ]
    kw = draw(
        _fields(
            Assessment,
            statement=statements(location_ids, unit_ids, person_ids),
            status=st.sampled_from(statuses),
            supporting=st.just(supporting),
            contradicting=st.just(contradicting),
            related=st.just(tuple(chosen[cut2:])),
            independent_origins=st.integers(0, len(supporting)),
            alternatives=st.lists(alternatives(pool, location_ids, unit_ids), max_size=2).map(tuple),
        )
    )
    if kw["status"] is AssessmentStatus.ATTRIBUTED:  # recorded as said: not judged as fact
        kw["likelihood"] = kw["confidence"] = None
    return Assessment(**kw)


@st.composite
def dossiers(draw: st.DrawFn, max_claims: int = 8) -> Dossier:
    """Dossiers whose every reference resolves: sources, places, units (parents drawn
    from those before them, so no cycles), claims citing them, and assessments citing
    the claims.

    Example:
        >>> from conflictmodels import dumps, loads
        >>> from conflictmodels.strategies import dossiers
        >>> from hypothesis import HealthCheck, given, settings
        >>> @settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        ... @given(dossiers(max_claims=3))
        ... def test_round_trip(dossier):
        ...     assert loads(dumps(dossier)) == dossier
        >>> test_round_trip()
    """
    source_ids = draw(st.lists(ids(), min_size=1, max_size=4, unique=True))
    location_ids = draw(st.lists(ids(), max_size=4, unique=True))
    unit_ids = draw(st.lists(ids(), max_size=3, unique=True))
    srcs = [draw(sources(st.just(sid), source_ids[:i])) for i, sid in enumerate(source_ids)]
    locs = [draw(locations(st.just(lid), location_ids[:i])) for i, lid in enumerate(location_ids)]
    unit_objs = [draw(units(st.just(uid), parent_ids=unit_ids[:i])) for i, uid in enumerate(unit_ids)]
    person_ids = draw(st.lists(ids(), max_size=2, unique=True))
    person_objs = [draw(people(st.just(pid), unit_ids)) for pid in person_ids]
    claim_ids = draw(st.lists(ids(), max_size=max_claims, unique=True))
    # a correction names a claim drawn after it, so corrections never form a cycle
    claim_objs = [
        draw(claims(source_ids, location_ids, unit_ids, st.just(i), claim_ids[n + 1 :], person_ids))
        for n, i in enumerate(claim_ids)
    ]
    assessment_objs = draw(
        st.lists(assessments(claim_ids, location_ids, unit_ids, person_ids), max_size=2, unique_by=lambda a: a.id)
    )
    return Dossier(
        title=draw(for_field(Dossier, "title")),
        sources=tuple(srcs),
        locations=tuple(locs),
        units=tuple(unit_objs),
        people=tuple(person_objs),
        claims=tuple(claim_objs),
        assessments=tuple(assessment_objs),
    )


@st.composite
def source_accuracies(draw: st.DrawFn) -> SourceAccuracy:
    """Learned accuracies (``low <= accuracy <= high``), scoped or not.

    Example:
        >>> from conflictmodels.strategies import source_accuracies
        >>> a = source_accuracies().example()
        >>> a.low <= a.accuracy <= a.high
        True
    """
    low, accuracy, high = sorted(draw(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3)))
    return SourceAccuracy(
        source_id=draw(ids()), scope=draw(st.none() | st.sampled_from(("predicate=control", "window=2025-03-01"))),
        accuracy=accuracy, low=low, high=high, claims=draw(st.integers(0, 10**6)),
        grade=draw(for_field(SourceAccuracy, "grade")), prior=draw(for_field(SourceAccuracy, "prior")),
    )  # fmt: skip


def copy_findings() -> st.SearchStrategy[CopyFinding]:
    """Copy families of two to four sources.

    Example:
        >>> from conflictmodels.strategies import copy_findings
        >>> len(copy_findings().example().source_ids) >= 2
        True
    """
    return _generic(
        CopyFinding,
        source_ids=st.lists(ids(), min_size=2, max_size=4, unique=True).map(lambda x: tuple(sorted(x))),
        claim_ids=st.lists(ids(), max_size=3, unique=True).map(tuple),
    )


def reliability_models() -> st.SearchStrategy[ReliabilityModel]:
    """Reliability models with a few accuracies and copy families.

    Example:
        >>> from conflictmodels.strategies import reliability_models
        >>> reliability_models().example().iterations >= 0
        True
    """
    return _generic(
        ReliabilityModel,
        accuracies=st.lists(source_accuracies(), max_size=3).map(tuple),
        copies=st.lists(copy_findings(), max_size=2).map(tuple),
        by=st.none() | st.sampled_from(("predicate", "topic", "window")),
    )


# ------------------------------------------------------------ events and people (#15)


@st.composite
def fatalities(draw: st.DrawFn) -> Fatalities:
    """Deaths of one group: whole numbers with bounds, counting deaths (or no unit).

    Example:
        >>> from conflictmodels.strategies import fatalities
        >>> f = fatalities().example()
        >>> all(v is None or v % 1 == 0 for v in (f.count.low, f.count.best, f.count.high))
        True
    """
    figures = sorted(draw(st.lists(st.integers(0, 10**6), min_size=3, max_size=3)))
    keep = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
    low, best, high = (v if k else None for v, k in zip(figures, keep, strict=True))
    count = Estimate(low=low, best=best, high=high, unit=draw(st.sampled_from([None, DEATHS])),
                     phrase=draw(_maybe(st.sampled_from(["at least 12", "dozens", "up to 40"]))))  # fmt: skip
    return Fatalities(group=draw(for_field(Fatalities, "group")), count=count)


@st.composite
def events(draw: st.DrawFn) -> Event:
    """Events of every type, with a sub-event type of that type (or none) and each
    fatality group at most once.

    Example:
        >>> from conflictmodels.strategies import events
        >>> e = events().example()
        >>> e.sub_event_type is None or e.sub_event_type.event_type is e.event_type
        True
    """
    kw = draw(_fields(Event, fatalities=st.lists(fatalities(), max_size=4, unique_by=lambda f: f.group).map(tuple),
                      deaths_total=st.none()))  # fmt: skip
    kw["sub_event_type"] = draw(_maybe(st.sampled_from(kw["event_type"].sub_event_types)))
    if draw(st.booleans()):  # the deaths in all: each bound at least the groups' sum of it
        floor = max((sum(v for f in kw["fatalities"] if (v := getattr(f.count, b)) is not None)
                     for b in ("low", "best", "high")), default=0)  # fmt: skip
        steps = draw(st.lists(st.integers(0, 10**4), min_size=3, max_size=3))
        keep = draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any))
        bounds = [floor + sum(steps[: i + 1]) for i in range(3)]
        low, best, high = (v if k else None for v, k in zip(bounds, keep, strict=True))
        kw["deaths_total"] = Estimate(low=low, best=best, high=high, unit=draw(st.sampled_from([None, DEATHS])))
    return Event(**kw)


def roles(unit_ids: Sequence[str] | None = None) -> st.SearchStrategy[Role]:
    """Roles in a unit (drawn from ``unit_ids`` when given) or an organisation, not both.

    Example:
        >>> from conflictmodels.strategies import roles
        >>> r = roles(["ru-810-nib"]).example()
        >>> r.unit_id is None or r.organisation is None
        True
    """
    pool = _pick(unit_ids)
    drawn = _fields(Role, unit_id=_maybe(pool) if pool is not None else st.none())
    return drawn.map(
        lambda kw: Role(**{**kw, "organisation": None if kw["unit_id"] is not None else kw["organisation"]})
    )


def people(
    person_ids: st.SearchStrategy[str] | None = None, unit_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Person]:
    """People with aliases and roles; a role's unit is drawn from ``unit_ids`` when given.

    Example:
        >>> from conflictmodels.strategies import people
        >>> people().example().name != ""
        True
    """
    return _generic(
        Person, id=ids() if person_ids is None else person_ids, roles=_tuple_of(roles(unit_ids), max_size=2)
    )


_MODEL_STRATEGIES: dict[type, Any] = {
    Affiliation: affiliations,
    TimeSpan: time_spans,
    Point: points,
    Estimate: estimates,
    Hop: hops,
    UnitParent: unit_parents,
    Statement: statements,
    Source: sources,
    Location: locations,
    Unit: units,
    Claim: claims,
    Assessment: assessments,
    Withdrawal: withdrawals,
    Media: media_items,
    Geolocation: geolocations,
    Chronolocation: chronolocations,
    Evidence: evidence_records,
    Value: attribute_values,
    Alternative: alternatives,
    Fatalities: fatalities,
    Event: events,
    Role: roles,
    Person: people,
    SourceAccuracy: lambda: source_accuracies(),
    CopyFinding: lambda: copy_findings(),
    ReliabilityModel: lambda: reliability_models(),
}
"""The strategy of each model class with cross-field rules, for nested fields."""
