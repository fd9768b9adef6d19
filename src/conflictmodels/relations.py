"""How two claims relate: corroborate, contradict, refine, supersede or retract.

Two claims can only be compared when they are about the same *proposition*
(:func:`proposition_key`): the statement's subject (predicate, places, units and, for
quantities and actions, the party) without what it says of it. What can differ is the
*value*: who controls a place, how many, or whether it happened at all.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import Claim, ControlChange, Predicate, Statement
    >>> from conflictmodels.relations import Relation, relate
    >>> def control(id, party, change, day):
    ...     return Claim(id=id, source_id="s-" + id, reported_at=datetime(2025, 3, day, tzinfo=timezone.utc),
    ...                  statement=Statement(predicate=Predicate.CONTROL, party=party, change=change,
    ...                                      location_ids=("kositsa",)))
    >>> ru = control("c1", "RU", ControlChange.CAPTURED, 1)
    >>> ua = control("c2", "UA", ControlChange.RECAPTURED, 5)
    >>> relate(ua, ru)
    <Relation.SUPERSEDES: 'supersedes'>
    >>> relate(control("c3", "UA", ControlChange.HOLDS, 1), ru)
    <Relation.CONTRADICTS: 'contradicts'>
"""

from __future__ import annotations

import enum
import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .claim import Claim
from .estimates import Estimate
from .events import Actor
from .statement import Statement, predicates_where
from .vocabularies import ControlChange, Favours

if TYPE_CHECKING:
    from .dossier import Dossier

__all__ = [
    "PropositionKey",
    "Relation",
    "actor_identity",
    "control_compatible",
    "control_value",
    "estimate_interval",
    "estimates_compatible",
    "event_actors",
    "event_day",
    "favours",
    "interest",
    "interest_wording",
    "proposition_key",
    "relate",
    "time_bounds",
    "times_overlap",
]

# Enum members read once: reading one off its class costs about ten times a global, and
# these functions run once per claim.
# What the predicate table says, as tuples tested by identity (hashing an enum member
# costs a Python call).
_CONTROL = predicates_where(lambda r: r.value == "control")
_BY_DESCRIPTION = predicates_where(lambda r: r.keyed_by == "description")
_BY_ATTRIBUTE = predicates_where(lambda r: r.keyed_by == "attribute")
_BY_EVENT = predicates_where(lambda r: r.keyed_by == "event")
_FOR_HOLDER = predicates_where(lambda r: r.favours == "holder")
_FOR_PARTY = predicates_where(lambda r: r.favours == "party")
_AGAINST_PARTY = predicates_where(lambda r: r.favours == "against-party")
_DECLARED = predicates_where(lambda r: r.favours == "interested")
_DECLARED_FOR, _NEUTRAL = Favours.PARTY, Favours.NONE
_TIMELINES = predicates_where(lambda r: r.timeline)
_CONTESTED, _LOST = ControlChange.CONTESTED, ControlChange.LOST

PropositionKey = tuple[str, tuple[str, ...], tuple[str, ...], str | None, str | None]
"""``Statement.subject`` plus, for ``situation`` statements, the description."""


class Relation(enum.Enum):
    """How one claim bears on another about the same proposition.

    Example:
        >>> from conflictmodels.relations import Relation
        >>> Relation("supersedes") is Relation.SUPERSEDES
        True
    """

    CORROBORATES = "corroborates"
    """Same value, overlapping or unknown time."""
    CONTRADICTS = "contradicts"
    """Values that cannot both be true at the same time."""
    REFINES = "refines"
    """Compatible and narrower (a shorter time, a smaller place, a tighter number)."""
    SUPERSEDES = "supersedes"
    """A later state of a changing fact (control changed hands again)."""
    RETRACTS = "retracts"
    """A later denial by the same source of what it said before."""


def proposition_key(claim: Claim | Statement) -> PropositionKey:
    """What a claim (or statement) is about, as a hashable key.

    It is :attr:`Statement.subject` with one more element: the description of a
    ``situation`` statement (free text cannot be compared, so each description is its
    own proposition), the ``entity`` of an ``attribute`` statement (its subject already
    holds the attribute name; the value is what competes), the day of an ``event``
    claim (:func:`~conflictmodels.relations.event_day`), ``None`` otherwise. An event
    is one place, one event type, one day and one set of actors
    (:func:`~conflictmodels.relations.event_actors`), as ACLED codes one event: the
    event type and its actors are the fourth element.

    Example:
        >>> from conflictmodels import ControlChange, Predicate, Statement
        >>> from conflictmodels.relations import proposition_key
        >>> proposition_key(Statement(predicate=Predicate.CONTROL, party="RU",
        ...                           change=ControlChange.CAPTURED, location_ids=("novenke",)))
        ('control', ('novenke',), (), None, None)
        >>> from conflictmodels import Value
        >>> proposition_key(Statement(predicate=Predicate.ATTRIBUTE, entity="9780201896831", attribute="authors",
        ...                           value=Value(names=("Donald E. Knuth",))))
        ('attribute', (), (), 'authors', '9780201896831')
        >>> from conflictmodels import Actor, Event, EventType
        >>> proposition_key(Statement(predicate=Predicate.EVENT, location_ids=("sumy",), event=Event(
        ...     event_type=EventType.BATTLES, actors=(Actor(name="Military Forces of Russia", party="RU"),
        ...                                           Actor(name="Civilians (Ukraine)")))))
        ('event', ('sumy',), (), "battles ('civilians (ukraine)', 'party RU')", None)
    """
    s = claim.statement if isinstance(claim, Claim) else claim
    pred, locs, units, party = s.subject
    predicate = s.predicate
    if predicate in _BY_DESCRIPTION:
        return (pred, locs, units, party, s.description)
    if predicate in _BY_EVENT:
        actors = event_actors(s)
        kind = party if not actors else f"{party} {actors!r}"
        return (pred, locs, units, kind, event_day(claim) if isinstance(claim, Claim) else None)
    return (pred, locs, units, party, s.entity if predicate in _BY_ATTRIBUTE else None)


def event_actors(statement: Statement) -> tuple[str, ...]:
    """Who an event is between, as part of its proposition: each actor by its party
    when it names one (``"party RU"``), else by its name with case and spacing aside,
    sorted, each once, whatever side each report puts it on.

    ACLED codes one event per place, day and pair of actors: two shellings of one town
    on one day by the same force, one against civilians and one against soldiers, are
    two events. Reports name actors differently ("Military Forces of Russia (2000-)",
    "Russian forces"), so an actor with a party is matched by its party (two actors of
    one party are one actor here); an actor without one only by its name. A report that
    names no actors is its own event record, joined only with others that name none
    (which pair of actors would it belong to?).

    Example:
        >>> from conflictmodels import Actor, Event, EventSide, EventType, Predicate, Statement
        >>> from conflictmodels.relations import event_actors
        >>> battle = Event(event_type=EventType.BATTLES, actors=(
        ...     Actor(name="Military Forces of Ukraine", party="UA", side=EventSide.A),
        ...     Actor(name="Military Forces of Russia", party="RU", side=EventSide.B)))
        >>> event_actors(Statement(predicate=Predicate.EVENT, location_ids=("sudzha",), event=battle))
        ('party RU', 'party UA')
    """
    event = statement.event
    if event is None or not event.actors:
        return ()
    return tuple(sorted({actor_identity(a) for a in event.actors}))


def actor_identity(actor: Actor) -> str:
    """How an actor is matched across reports: ``"party RU"`` when it names a party, else its name in lower case.

    Example:
        >>> from conflictmodels import Actor
        >>> from conflictmodels.relations import actor_identity
        >>> actor_identity(Actor(name="Civilians  (Ukraine)")), actor_identity(Actor(name="VSU", party="UA"))
        ('civilians (ukraine)', 'party UA')
    """
    if actor.party is not None:
        return f"party {actor.party}"
    return " ".join(actor.name.casefold().split())


def event_day(claim: Claim) -> str | None:
    """The day an event claim is about, as part of its proposition: the date of its
    ``when`` as the claim writes it (the local date, as ACLED and UCDP code
    ``event_date``); ``"start/end"`` for a span over several days, ``"../end"`` for a
    span open before ("by Sunday"); ``None`` for a claim without an event time (its own
    proposition: it is never joined to a dated event).

    A span's end is the first instant it no longer covers (:class:`~conflictmodels.TimeSpan`
    is half-open), so the whole of 8 March (00:00 to 00:00 the next day) is the one day
    8 March, and is one event with a report that gives a time on 8 March.

    Example:
        >>> from datetime import date, datetime, timedelta, timezone
        >>> from conflictmodels import (Claim, Event, EventType, Predicate, Statement, TimeSpan)
        >>> from conflictmodels.relations import event_day
        >>> kyiv = timezone(timedelta(hours=2))
        >>> def strike(when):
        ...     return Claim(id="e1", source_id="isw", reported_at=datetime(2025, 3, 10, tzinfo=kyiv), when=when,
        ...                  statement=Statement(predicate=Predicate.EVENT, location_ids=("sumy",),
        ...                                      event=Event(event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE)))
        >>> event_day(strike(TimeSpan(start=datetime(2025, 3, 8, 23, 30, tzinfo=kyiv))))
        '2025-03-08'
        >>> event_day(strike(TimeSpan.on_day(date(2025, 3, 8), kyiv)))
        '2025-03-08'
        >>> event_day(strike(TimeSpan(end=datetime(2025, 3, 10, tzinfo=kyiv))))  # by Sunday 9 March
        '../2025-03-09'
    """
    w = claim.when
    if w is None:
        return None
    first = None if w.start is None else w.start.date().isoformat()
    last = None if w.end is None else _last_day(w.start, w.end)
    if first == last or last is None:
        return first
    return f"{first or '..'}/{last}"


def _last_day(start: datetime | None, end: datetime) -> str:
    """The last day a span covers: the day before its end's instant (the end is not covered), or an instant's day."""
    if start is not None and end <= start:
        return end.date().isoformat()
    if end.replace(tzinfo=None) == datetime.min:  # covers up to the day before 1 January of year 1
        return "0000-12-31"
    return (end - timedelta(microseconds=1)).date().isoformat()


ControlValue = tuple[str, str | None]


def control_value(statement: Statement, *, flip: bool = False) -> ControlValue:
    """What a control statement says about who holds the place.

    Returns ``("ctrl", X)`` (X holds it), ``("not", X)`` (X does not hold it),
    ``("contested", X)`` or ``("calm", X)`` (not contested). "X lost it" to a named
    counterparty Y is ``("ctrl", Y)``; a negated statement is its denial. ``flip``
    negates once more (the value of the statement's denial).

    Example:
        >>> from conflictmodels import ControlChange, Predicate, Statement
        >>> from conflictmodels.relations import control_value
        >>> control_value(Statement(predicate=Predicate.CONTROL, party="UA", counterparty="RU",
        ...                         change=ControlChange.LOST, location_ids=("kositsa",)))
        ('ctrl', 'RU')
    """
    party, change = statement.party, statement.change
    negated = statement.negated != flip
    if change is _CONTESTED:
        return ("calm" if negated else "contested", party)
    if change is _LOST:
        if negated:
            return ("ctrl", party)
        if statement.counterparty is not None:
            return ("ctrl", statement.counterparty)
        return ("not", party)
    return ("not" if negated else "ctrl", party)


def control_compatible(a: ControlValue, b: ControlValue) -> bool:
    """Whether two control values can hold at the same time.

    Example:
        >>> from conflictmodels.relations import control_compatible
        >>> control_compatible(("ctrl", "UA"), ("not", "RU")), control_compatible(("ctrl", "UA"), ("ctrl", "RU"))
        (True, False)
    """
    ka, kb = a[0], b[0]
    if (ka, kb) in (("not", "ctrl"), ("ctrl", "not")):
        return a[1] != b[1]
    if "not" in (ka, kb):
        return True
    if ka == "ctrl" and kb == "ctrl":
        return a[1] == b[1]
    if "contested" in (ka, kb):
        return ka == kb
    return True


def favours(statement: Statement) -> tuple[str | None, str | None]:
    """Which party a statement favours and which it disfavours, as ``(favoured, disfavoured)``.

    Read from the predicate table (``PredicateRule.favours``, see
    ``conflictmodels.statement.FAVOURS_RULES``): control favours the holder and
    disfavours the party it was taken from; an advance favours ``party`` against
    ``counterparty``; casualties favour ``counterparty`` against ``party``; a denial
    swaps the sides. For predicates whose side cannot be read from the statement
    (``interested``), the statement's declared ``favours`` decides, read against its
    own ``party`` and ``counterparty``; undeclared, the answer is ``(None, None)`` and
    :func:`interest` presumes a party source self-serving.

    Example:
        >>> from conflictmodels import ControlChange, Estimate, Favours, Predicate, Statement
        >>> from conflictmodels.relations import favours
        >>> favours(Statement(predicate=Predicate.CONTROL, party="RU", counterparty="UA",
        ...                   change=ControlChange.RECAPTURED, location_ids=("kositsa",)))
        ('RU', 'UA')
        >>> favours(Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.at_least(50)))
        (None, 'UA')
        >>> favours(Statement(predicate=Predicate.CUSTOM, custom_predicate="area_recaptured", party="UA",
        ...                   counterparty="RU", favours=Favours.PARTY))
        ('UA', 'RU')
    """
    p = statement.predicate
    party, other = statement.party, statement.counterparty
    if p in _FOR_HOLDER:
        kind, holder = control_value(statement)
        if kind == "ctrl":
            return holder, (other if holder == party else party)
        if kind == "not":
            return (other if holder == party else None), holder
        return None, None
    if p in _FOR_PARTY:
        side = _FOR
    elif p in _AGAINST_PARTY:
        side = _AGAINST
    elif p in _DECLARED:
        declared = statement.favours
        if declared is None or declared is _NEUTRAL:
            return None, None
        side = _FOR if declared is _DECLARED_FOR else _AGAINST
    else:
        return None, None
    if (side is _FOR) != statement.negated:
        return party, other
    return other, party


_FOR, _AGAINST = "for", "against"


def interest(source_party: str | None, statement: Statement) -> str | None:
    """The interest a party source has in a statement: ``"self-serving"``, ``"admission"`` or ``None``.

    A party reporting its own loss (or, when no loser is named, another party's gain)
    speaks against its interest; a party reporting its own gain or another party's loss
    serves it. Where the predicate table cannot tell whom a statement favours (rule
    ``interested``: presence, strength, attacks, situations, custom predicates) and the
    statement declares nothing, every party source is presumed self-serving: a party's
    own account of the war is never taken as neutral, and never as an admission.
    Third-party sources (no party) have no interest; nor has anyone in a statement that
    favours no party.

    Args:
        source_party: The party of the source (``None`` for a third party).
        statement: What it says.

    Example:
        >>> from conflictmodels import ControlChange, Estimate, Predicate, Statement
        >>> from conflictmodels.relations import interest
        >>> lost = Statement(predicate=Predicate.CONTROL, party="UA", counterparty="RU",
        ...                  change=ControlChange.LOST, location_ids=("kositsa",))
        >>> interest("UA", lost), interest("RU", lost), interest(None, lost)
        ('admission', 'self-serving', None)
        >>> calm = Statement(predicate=Predicate.SITUATION, party="UA", description="under control")
        >>> interest("UA", calm), interest("RU", calm)
        ('self-serving', 'self-serving')
    """
    if source_party is None:
        return None
    fav, dis = favours(statement)
    if dis == source_party:
        return "admission"
    if fav == source_party or dis is not None:
        return "self-serving"
    if fav is not None:
        return "admission"
    if statement.predicate in _DECLARED and statement.favours is None:
        return "self-serving"
    return None


def interest_wording(statement: Statement, party: str | None) -> str:
    """What a source of ``party`` does in saying ``statement``, in words for a rationale.

    The words follow the predicate and whose side the statement is about: "reports its
    adversary's losses" for a count of enemy casualties, "reports its own gain" for a
    place taken, "describes its adversary's situation" for "the cauldron is closed".
    Meant for sentences such as "Ministry of Defence (party RU) reports its adversary's
    losses: self-serving".

    Args:
        statement: What the source says.
        party: The source's party (``None`` for a third party).

    Example:
        >>> from conflictmodels import ControlChange, Estimate, Predicate, Statement
        >>> from conflictmodels.relations import interest_wording
        >>> losses = Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.at_least(50))
        >>> interest_wording(losses, "RU"), interest_wording(losses, "UA")
        ("reports its adversary's losses", 'reports its own losses')
        >>> taken = Statement(predicate=Predicate.CONTROL, party="RU", counterparty="UA",
        ...                   change=ControlChange.RECAPTURED, location_ids=("kositsa",))
        >>> interest_wording(taken, "RU"), interest_wording(taken, "UA")
        ('reports its own gain', 'reports its own loss')
    """
    if party is None:
        return "reports it"
    if statement.predicate in _FOR_HOLDER:
        fav, dis = favours(statement)
        if fav == party or dis == party:
            return "reports its own gain" if fav == party else "reports its own loss"
        if fav is not None or dis is not None:
            return "reports its adversary's gain" if fav is not None else "reports its adversary's loss"
        return "reports on a contested place"
    words = _WORDING.get(statement.predicate.value)
    if words is None:
        return "speaks as an interested party"
    verb, own, theirs, against_own, unnamed = words
    if statement.party == party:
        phrase = own
    elif statement.counterparty == party and against_own:
        phrase = against_own
    elif statement.party is not None:
        phrase = theirs
    else:
        phrase = unnamed
    if statement.negated:
        return f"denies {phrase}"
    return f"{verb if phrase is own or verb != 'claims' else 'reports'} {phrase}"


_WORDING: dict[str, tuple[str, str, str, str, str]] = {
    # predicate: (verb, about its own side, about its adversary, aimed at its own side, naming no side)
    "presence": ("reports", "the presence of its own forces", "the presence of its adversary's forces", "",
                 "the presence of forces"),
    "strength": ("reports", "the strength of its own forces", "the strength of its adversary's forces", "",
                 "a force's strength"),
    "casualties": ("reports", "its own losses", "its adversary's losses", "", "losses"),
    "attack": ("claims", "an attack by its own forces", "an attack by its adversary", "an attack on its own side",
               "an attack"),
    "advance": ("claims", "an advance of its own forces", "an advance of its adversary's forces", "", "an advance"),
    "situation": ("describes", "the situation of its own side", "its adversary's situation", "", "the situation"),
    "custom": ("makes", "a claim about its own side", "a claim about its adversary", "a claim against its own side",
               "a claim about the war"),
}  # fmt: skip
"""The words of :func:`interest_wording`, by predicate value (control is worded from who
gains). A predicate missing here is worded "speaks as an interested party"."""


def time_bounds(claim: Claim) -> tuple[float, float]:
    """The claim's time as ``(lo, hi)`` POSIX seconds: its ``when``, else when it was reported.

    A span open at one end counts as the instant of its known end ("by Sunday").

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Claim, Predicate, Statement
        >>> from conflictmodels.relations import time_bounds
        >>> c = Claim(id="c", source_id="s", reported_at=datetime(1970, 1, 2, tzinfo=timezone.utc),
        ...           statement=Statement(predicate=Predicate.SITUATION, description="calm"))
        >>> time_bounds(c)
        (86400.0, 86400.0)
    """
    w = claim.when
    if w is None:
        t = claim.reported_at.timestamp()
        return t, t
    start = w.start if w.start is not None else w.end
    end = w.end if w.end is not None else w.start
    assert start is not None
    assert end is not None
    return start.timestamp(), end.timestamp()


def times_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two ``(lo, hi)`` times share an instant (instants count as closed points).

    Example:
        >>> from conflictmodels.relations import times_overlap
        >>> times_overlap((0.0, 10.0), (10.0, 20.0)), times_overlap((10.0, 10.0), (0.0, 10.0))
        (False, True)
    """
    if a[0] == a[1]:
        return b[0] <= a[0] <= b[1]
    if b[0] == b[1]:
        return a[0] <= b[0] <= a[1]
    return max(a[0], b[0]) < min(a[1], b[1])


def estimate_interval(estimate: Estimate, tolerance: float = 0.0) -> tuple[float, float]:
    """The values an estimate allows; a bare best figure is widened by ``tolerance`` (relative).

    The bounds are the estimate's own numbers, not floats: ints and floats compare
    exactly in Python, so two integers beyond 2**53 that round to one float stay apart.

    Example:
        >>> from conflictmodels import Estimate
        >>> from conflictmodels.relations import estimate_interval
        >>> estimate_interval(Estimate.about(500), 0.1)
        (450.0, 550.0)
        >>> estimate_interval(Estimate.at_most(30_000))
        (0, 30000)
    """
    low, best, high = estimate.low, estimate.best, estimate.high
    if low is None and high is None:
        assert best is not None
        if not tolerance:
            return best, best
        # Widened in floats, but never so that rounding excludes the figure itself.
        return min(best, best * (1.0 - tolerance)), max(best, best * (1.0 + tolerance))
    return (0 if low is None else low), (math.inf if high is None else high)


def estimates_compatible(a: Estimate, b: Estimate, tolerance: float = 0.0) -> bool:
    """Whether two estimates can both be true (same unit when both name one; overlapping intervals).

    Example:
        >>> from conflictmodels import Estimate
        >>> from conflictmodels.relations import estimates_compatible
        >>> estimates_compatible(Estimate.at_most(30_000), Estimate.between(10_000, 12_000))
        True
        >>> estimates_compatible(Estimate.at_most(30_000), Estimate.at_least(50_000))
        False
    """
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return False
    ia, ib = estimate_interval(a, tolerance), estimate_interval(b, tolerance)
    return max(ia[0], ib[0]) <= min(ia[1], ib[1])


def _inside(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and a != b


def _location_within(dossier: Dossier, inner: str, outer: str) -> bool:
    seen: set[str] = set()
    current: str | None = inner
    while current is not None and current not in seen:
        if current == outer:
            return True
        seen.add(current)
        try:
            current = dossier.location(current).parent_id
        except KeyError:
            return False
    return False


def _same_value(positive: Statement, other: Statement, negated_positive: bool) -> bool:
    if positive.predicate in _CONTROL:
        return control_value(positive, flip=negated_positive) == control_value(other)
    if positive.quantity is not None and other.quantity is not None:
        return positive.quantity == other.quantity
    return True


def relate(a: Claim, b: Claim, *, dossier: Dossier | None = None, tolerance: float = 0.0) -> Relation | None:
    """How claim ``a`` bears on claim ``b``, or ``None`` when it does not.

    Rules, in order:

    * different propositions: ``refines`` when ``dossier`` is given and ``a``'s one place
      lies inside ``b``'s (by ``parent_id``) with the same predicate and value, else ``None``;
    * ``a`` is a later denial by the same source of what ``b`` says: ``retracts``;
    * compatible values (same holder; overlapping estimate intervals, one-sided bounds
      included; same polarity): ``refines`` when ``a``'s time or number lies strictly
      inside ``b``'s, else ``corroborates``;
    * incompatible control values at times that do not overlap: the later one
      ``supersedes`` the earlier (capture then recapture is a sequence), and
      ``relate(earlier, later)`` is ``None``;
    * otherwise ``contradicts``.

    Args:
        a: The claim whose bearing is asked.
        b: The claim it is compared with.
        dossier: Needed only to see that one place lies inside another.
        tolerance: Relative tolerance around bare best figures.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Claim, Estimate, Predicate, Statement
        >>> from conflictmodels.relations import relate
        >>> def strength(id, estimate):
        ...     return Claim(id=id, source_id="s-" + id, reported_at=datetime(2025, 3, 9, tzinfo=timezone.utc),
        ...                  statement=Statement(predicate=Predicate.STRENGTH, party="UA", quantity=estimate))
        >>> isw = strength("isw", Estimate.at_most(30_000, unit="troops"))
        >>> relate(strength("x", Estimate.between(10_000, 12_000, unit="troops")), isw).value
        'refines'
        >>> relate(strength("y", Estimate.at_least(50_000, unit="troops")), isw).value
        'contradicts'
    """
    sa, sb = a.statement, b.statement
    ka, kb = proposition_key(sa), proposition_key(sb)
    if ka != kb:
        if (
            dossier is not None
            and ka[0] == kb[0]
            and ka[2:] == kb[2:]
            and len(ka[1]) == len(kb[1]) == 1
            and _location_within(dossier, ka[1][0], kb[1][0])
            and _compatible(sa, sb, tolerance)
        ):
            return Relation.REFINES
        return None
    if (
        a.source_id == b.source_id
        and sa.negated
        and not sb.negated
        and a.reported_at > b.reported_at
        and _same_value(sa, sb, True)
    ):
        return Relation.RETRACTS
    ta, tb = time_bounds(a), time_bounds(b)
    if _compatible(sa, sb, tolerance):
        if a.when is not None and b.when is not None and _inside(ta, tb):
            return Relation.REFINES
        if sa.quantity is not None and sb.quantity is not None:
            ia, ib = estimate_interval(sa.quantity, tolerance), estimate_interval(sb.quantity, tolerance)
            if _inside(ia, ib):
                return Relation.REFINES
        return Relation.CORROBORATES
    if sa.predicate in _TIMELINES and not times_overlap(ta, tb):
        if sa.negated or sb.negated:  # a denial answers a claim; it is not a new state
            return Relation.CONTRADICTS
        return Relation.SUPERSEDES if (ta[1], ta[0]) > (tb[1], tb[0]) else None
    return Relation.CONTRADICTS


def _compatible(sa: Statement, sb: Statement, tolerance: float) -> bool:
    if sa.predicate in _CONTROL and sb.predicate in _CONTROL:
        return control_compatible(control_value(sa), control_value(sb))
    if sa.negated != sb.negated:
        return False
    if sa.quantity is not None and sb.quantity is not None:
        return estimates_compatible(sa.quantity, sb.quantity, tolerance)
    return True
