"""Attribute values: "attribute A of entity E has value V", and how two values compare.

An ``attribute`` statement (:attr:`~conflictmodels.Predicate.ATTRIBUTE`) names what it
is about (a place in ``location_ids``, units in ``unit_ids``, or a free ``entity`` key
such as a book's ISBN or a strike's event id), the ``attribute`` (``"author"``,
``"commander"``, ``"perpetrator"``, ``"name"``...) and a typed :class:`Value`. Sources
that give different values for one attribute of one entity compete; reconcile picks a
value and keeps the others as :class:`Alternative` entries of the assessment, each
with its probability and supporting claims.

Two values are *the same value* by the semantics of their kind (:func:`~conflictmodels.value_key`,
:func:`~conflictmodels.values.values_compatible`): categories, parties and entity references exactly; text
after normalisation (case, diacritics, punctuation, white space); a set of texts as the
set of its normalised members; people's names as the set of their last names; numbers
within a tolerance; times within a window; a place inside another place.

Example: a bookstore's author list for a book (the entity is its ISBN).

    >>> from datetime import datetime, timezone
    >>> from conflictmodels import Claim, Predicate, Statement, Value, value_key
    >>> claim = Claim(
    ...     id="abebooks-9780201896831", source_id="abebooks",
    ...     reported_at=datetime(2007, 1, 1, tzinfo=timezone.utc),
    ...     statement=Statement(predicate=Predicate.ATTRIBUTE, entity="9780201896831", attribute="authors",
    ...                         value=Value(names=("Knuth, Donald E.",))))
    >>> claim.statement.subject
    ('attribute', (), (), 'authors')
    >>> value_key(claim.statement.value) == value_key(Value(names=("Donald E. KNUTH",)))
    True
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, extra, model, nested, number, pattern, refs
from ._spec import text as text_kind
from ._spec import texts as texts_kind
from .estimates import Estimate
from .timespans import TimeSpan

__all__ = [
    "VALUE_KINDS",
    "Alternative",
    "Value",
    "last_name",
    "normalise_text",
    "value_interval",
    "value_key",
    "value_kind",
    "value_text",
    "values_compatible",
]

VALUE_KINDS: tuple[str, ...] = (
    "text", "category", "number", "time", "party", "location_ids", "unit_ids", "texts", "names",
)  # fmt: skip
"""The kinds of value, each one field of :class:`Value`; a value has exactly one."""

_ONE_KIND = " + ".join(
    f"bool(s.{k})" if k in ("location_ids", "unit_ids", "texts", "names") else f"(s.{k} is not None)"
    for k in VALUE_KINDS
)
_CROSS = (
    c.Cross("text", f"{_ONE_KIND} >= 1", "a value needs one of " + ", ".join(VALUE_KINDS[:-1]) + " or names"),
    c.Cross("text", f"{_ONE_KIND} <= 1", "a value has exactly one kind: give only one of " + ", ".join(VALUE_KINDS)),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS)
class Value:
    """The value of an attribute: exactly one of its fields is given.

    Attributes:
        text: Free text, compared after normalisation (case, diacritics, punctuation
            and white space do not count): a village's name, a title.
        category: A category from the producer's own list, compared exactly
            ("artillery", "drone", "ballistic_missile").
        number: A number with its bounds, compared within ``Policy.estimate_tolerance``.
        time: A date or time, compared within ``Policy.value_time_window``.
        party: A party code, compared exactly (who carried out a strike).
        location_ids: Places, compared as a set; a place inside another one (by
            ``parent_id``) is compatible with it.
        unit_ids: Units, compared as a set (a unit's parent formation, a strike's unit).
        texts: A set of texts, compared as the set of their normalised members (order
            and repeats do not count).
        names: People's names, compared as the set of their last names, normalised
            and letters only ("Knuth, Donald E." and "Donald E. Knuth" are one name).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Value
        >>> Value(text="Cherkasskoye Porechnoye").kind
        'text'
        >>> Value(text="x", category="y")
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Value.text: a value has exactly one kind: give only one of text, category, number, time, party, location_ids, unit_ids, texts, names
    """

    text: str | None = field(default=None, metadata=text_kind())
    category: str | None = field(default=None, metadata=text_kind())
    number: Estimate | None = field(default=None, metadata=nested(Estimate))
    time: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    party: str | None = field(default=None, metadata=pattern(PARTY))
    location_ids: tuple[str, ...] = field(default=(), metadata=refs("locations"))
    unit_ids: tuple[str, ...] = field(default=(), metadata=refs("units"))
    texts: tuple[str, ...] = field(default=(), metadata=texts_kind())
    names: tuple[str, ...] = field(default=(), metadata=texts_kind())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def kind(self) -> str:
        """Which field holds the value (one of :data:`~conflictmodels.values.VALUE_KINDS`)."""
        return value_kind(self)


_ALT_CROSS = (
    c.Cross(
        "independent_origins",
        "s.independent_origins <= len(s.supporting)",
        "cannot exceed the number of supporting claims",
    ),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_ALT_CROSS)
class Alternative:
    """One of the competing values of an attribute, as reconcile weighed it.

    Attributes:
        value: The value (the representative of the values counted as this one).
        probability: The probability that it is the right value (0 to 1), against the
            other values reported and one nobody reported; the alternatives of one
            assessment sum to less than 1 (see :doc:`/explanation/attribute-values`).
        supporting: Ids of the claims that give this value (or one counted as it).
        independent_origins: How many independent origins give it.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Alternative, Value
        >>> Alternative(value=Value(party="RU"), probability=0.8, supporting=("c1", "c2"),
        ...             independent_origins=2).probability
        0.8
    """

    value: Value = field(metadata=nested(Value))
    probability: float = field(metadata=number(lo=0.0, hi=1.0))
    supporting: tuple[str, ...] = field(default=(), metadata=refs("claims"))
    independent_origins: int = field(default=0, metadata=number(lo=0, integer=True))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


# ------------------------------------------------------------------------ semantics


def value_kind(value: Value) -> str:
    """Which field of ``value`` holds it.

    Example:
        >>> from conflictmodels import Value
        >>> from conflictmodels.values import value_kind
        >>> value_kind(Value(names=("Knuth",)))
        'names'
    """
    for k in VALUE_KINDS:
        if getattr(value, k) not in (None, ()):
            return k
    raise AssertionError("a Value always has one kind")  # pragma: no cover - the check refuses it


_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})


@functools.lru_cache(maxsize=65536)
def normalise_text(text: str) -> str:
    """Text as :class:`Value` compares it: case folded, diacritics of Latin letters
    dropped, apostrophes removed, other punctuation and white space as single spaces
    (other scripts are kept as they are, without transliteration).

    Example:
        >>> from conflictmodels.values import normalise_text
        >>> normalise_text("  Zürich--Oerlikon ")
        'zurich oerlikon'
        >>> normalise_text("O'Leary"), normalise_text("Новенький")
        ('oleary', 'новенький')
    """
    return " ".join("".join(map(_fold_char, unicodedata.normalize("NFC", text).casefold())).split())


_APOSTROPHES = frozenset("'\u2019\u02bc\u02b9`\u00b4")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """What :func:`~conflictmodels.values.normalise_text` makes of one character: a Latin letter without its
    diacritics (a Cyrillic й is a letter of its own, not an и with a mark), nothing for
    an apostrophe, a space for any other character that is not a letter or a digit."""
    if ch in _APOSTROPHES:
        return ""
    if not ch.isalnum():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    base = decomposed[:1]
    if len(decomposed) > 1 and base.isascii() and base.isalpha():
        return "".join(x for x in decomposed if not unicodedata.combining(x))
    return ch


@functools.lru_cache(maxsize=65536)
def last_name(name: str) -> str:
    """A person's last name as an author list is scored: lower case, letters only.

    ``"Last, First"`` gives the part before the comma; ``"First Middle Last"`` the last
    word (a suffix such as "Jr." or "III" is skipped); parenthesised notes such as
    "(Author)" are dropped. An empty string when no letter is left.

    Example:
        >>> from conflictmodels.values import last_name
        >>> last_name("Knuth, Donald E."), last_name("Donald E. Knuth (Author)"), last_name("O'Leary, Timothy J.")
        ('knuth', 'knuth', 'oleary')
        >>> last_name("Guy L. Steele Jr.")
        'steele'
    """
    plain = _PARENTHESES.sub(" ", name)
    if "," in plain:
        head, _, tail = plain.partition(",")
        if _letters(head) and _letters(tail) not in _SUFFIXES:
            return _letters(head)
        plain = head if _letters(head) else tail
    words = [w for w in (_letters(w) for w in plain.split()) if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def _letters(text: str) -> str:
    return "".join(ch for ch in normalise_text(text) if ch.isalpha())


def value_key(value: Value) -> Hashable:
    """What makes two values equal under exact and normalised comparison: values with
    the same key are one value. Numbers, times and places can also be *compatible*
    without equal keys (:func:`~conflictmodels.values.values_compatible`).

    Keys are ``(kind, ...)``: a category, a party or an exact number as given; text
    normalised (:func:`~conflictmodels.values.normalise_text`); references, text sets and names as sorted
    tuples of distinct members (names by :func:`~conflictmodels.values.last_name`).

    Example:
        >>> from conflictmodels import Value
        >>> from conflictmodels.values import value_key
        >>> value_key(Value(names=("Yacht, Carol", "Susan Crosson", "CROSSON, S.")))
        ('names', ('crosson', 'yacht'))
        >>> value_key(Value(text="Malaya  Loknya")) == value_key(Value(text="malaya loknya!"))
        True
    """
    kind = value_kind(value)
    if kind == "text":
        assert value.text is not None
        return (kind, normalise_text(value.text))
    if kind in ("category", "party"):
        return (kind, getattr(value, kind))
    if kind == "number":
        q = value.number
        assert q is not None
        return (kind, q.low, q.best, q.high, q.unit)
    if kind == "time":
        t = value.time
        assert t is not None
        return (kind, _stamp(t.start), _stamp(t.end))
    if kind == "texts":
        return (kind, tuple(sorted({normalise_text(t) for t in value.texts})))
    if kind == "names":
        return (kind, tuple(sorted({n for n in map(last_name, value.names) if n})))
    return (kind, tuple(sorted(set(getattr(value, kind)))))


def _stamp(moment: Any) -> float | None:
    return None if moment is None else float(moment.timestamp())


def value_interval(value: Value, tolerance: float = 0.0, window: float = 0.0) -> tuple[float, float] | None:
    """The numbers a number value allows (widened by relative ``tolerance``), or the
    POSIX seconds a time value covers (widened by ``window`` seconds each side);
    ``None`` for other kinds.

    Example:
        >>> from conflictmodels import Estimate, Value
        >>> from conflictmodels.values import value_interval
        >>> value_interval(Value(number=Estimate.about(100)), 0.5)
        (50.0, 150.0)
    """
    q = value.number
    if q is not None:
        lo, hi = q.interval
        if q.low is None and q.high is None and tolerance:  # a bare figure, widened (never past itself)
            return min(lo, lo * (1.0 - tolerance)), max(hi, hi * (1.0 + tolerance))
        return lo, hi
    t = value.time
    if t is None:
        return None
    lo = -math.inf if t.start is None else t.start.timestamp() - window
    hi = math.inf if t.end is None else t.end.timestamp() + window
    return lo, hi


def values_compatible(
    a: Value,
    b: Value,
    *,
    tolerance: float = 0.0,
    window: float = 0.0,
    parent_of: Callable[[str], str | None] | None = None,
) -> bool:
    """Whether two values can both be right: equal keys (:func:`~conflictmodels.value_key`); numbers
    whose intervals overlap (a bare figure widened by relative ``tolerance``, units
    equal when both are named); times within ``window`` seconds of each other; one
    place inside the other (``parent_of`` gives a place's parent).

    Example:
        >>> from conflictmodels import Estimate, Value
        >>> from conflictmodels.values import values_compatible
        >>> values_compatible(Value(number=Estimate.about(100)), Value(number=Estimate.about(105)), tolerance=0.05)
        True
        >>> parents = {"novenke": "sumy-oblast"}.get
        >>> values_compatible(Value(location_ids=("novenke",)), Value(location_ids=("sumy-oblast",)),
        ...                   parent_of=parents)
        True
        >>> values_compatible(Value(text="Novenke"), Value(party="RU"))
        False
    """
    ka, kb = value_kind(a), value_kind(b)
    if ka != kb:
        return False
    if value_key(a) == value_key(b):
        return True
    if ka in ("number", "time"):
        if ka == "number":
            assert a.number is not None
            assert b.number is not None
            if a.number.unit is not None and b.number.unit is not None and a.number.unit != b.number.unit:
                return False
        ia, ib = value_interval(a, tolerance, window), value_interval(b, tolerance, window)
        assert ia is not None
        assert ib is not None
        return max(ia[0], ib[0]) <= min(ia[1], ib[1])
    if ka == "location_ids" and parent_of is not None and len(a.location_ids) == len(b.location_ids) == 1:
        x, y = a.location_ids[0], b.location_ids[0]
        return _within(x, y, parent_of) or _within(y, x, parent_of)
    return False


def _within(inner: str, outer: str, parent_of: Callable[[str], str | None]) -> bool:
    seen: set[str] = set()
    current: str | None = inner
    while current is not None and current not in seen:
        if current == outer:
            return True
        seen.add(current)
        current = parent_of(current)
    return False


def value_text(value: Value, place_name: Callable[[str], str] | None = None) -> str:
    """A value in words, as rationales and exports quote it: text and categories
    quoted, numbers with their bounds and unit, times in ISO 8601, members joined by
    "; " (places by ``place_name``, when given).

    Example:
        >>> from conflictmodels import Estimate, Value
        >>> from conflictmodels.values import value_text
        >>> value_text(Value(names=("Knuth, Donald E.", "Graham, Ronald"))), value_text(Value(text="Novenke"))
        ('Knuth, Donald E.; Graham, Ronald', "'Novenke'")
        >>> value_text(Value(number=Estimate.between(10_000, 12_000, unit="troops")))
        '10000 to 12000 troops'
    """
    if value.text is not None:
        return repr(value.text)
    if value.category is not None:
        return repr(value.category)
    if value.party is not None:
        return value.party
    q = value.number
    if q is not None:
        unit = f" {q.unit}" if q.unit else ""
        if q.low == q.best == q.high or (q.low is None and q.high is None):
            return f"{q.best:g}{unit}"
        lo = "-" if q.low is None else f"{q.low:g}"
        hi = "-" if q.high is None else f"{q.high:g}"
        return f"{lo} to {hi}{unit}"
    t = value.time
    if t is not None:
        start = "" if t.start is None else t.start.isoformat()
        end = "" if t.end is None else t.end.isoformat()
        return start if start == end else f"{start or '...'} to {end or '...'}"
    if value.location_ids:
        return "; ".join(map(place_name, value.location_ids) if place_name is not None else value.location_ids)
    return "; ".join(value.unit_ids or value.texts or value.names)
