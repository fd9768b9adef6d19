"""Events as conflict datasets code them: ACLED's types and actors, UCDP GED's sides and deaths.

An event record is a :class:`~conflictmodels.Statement` with ``Predicate.EVENT`` and a
``Statement.event``: what happened (an ACLED event type and sub-event type), who took
part (actors with their ACLED inter codes and UCDP sides), whether civilians were
targeted, and the deaths per group with low, best and high figures (UCDP). The place
is the statement's one location, the date the claim's ``when``.

Deaths in one event and a party's running total of casualties
(``Predicate.CASUALTIES``) are different propositions: :func:`~conflictmodels.reconcile`
never adds the one to the other.

Example:
    >>> from conflictmodels import (Actor, ActorType, Estimate, Event, EventSide, EventType, Fatalities,
    ...                             FatalityGroup, Predicate, Statement, SubEventType)
    >>> strike = Event(
    ...     event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    ...     sub_event_type=SubEventType.AIR_DRONE_STRIKE,
    ...     actors=(Actor(name="Military Forces of Russia", party="RU",
    ...                   actor_type=ActorType.STATE_FORCES, side=EventSide.A),),
    ...     fatalities=(Fatalities(group=FatalityGroup.CIVILIANS, count=Estimate.at_least(3)),))
    >>> s = Statement(predicate=Predicate.EVENT, location_ids=("sumy",), event=strike)
    >>> s.event.fatalities_of(FatalityGroup.CIVILIANS).low
    3
    >>> Event(event_type=EventType.BATTLES, sub_event_type=SubEventType.AIR_DRONE_STRIKE)
    Traceback (most recent call last):
    ...
    conflictmodels.errors.FieldError: Event.sub_event_type: must belong to event_type (see SUB_EVENT_TYPES)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, extra, flag, model, nested, nested_many, pattern, text, texts, vocab
from .estimates import Estimate
from .vocabularies import (
    ACLED_LABELS,
    SUB_EVENT_TYPES,
    ActorType,
    EventClarity,
    EventSide,
    EventType,
    FatalityGroup,
    SubEventType,
)

__all__ = ["ACLED_LABELS", "DEATHS", "SUB_EVENT_TYPES", "Actor", "Event", "Fatalities"]

DEATHS = "deaths"
"""The one ``Estimate.unit`` a :class:`Fatalities` count may name (or none)."""


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class Actor:
    """One actor of an event: who, of which party, of which ACLED type, on which side.

    Example:
        >>> from conflictmodels import ActorType, EventSide
        >>> a = Actor(name="Military Forces of Ukraine", party="UA", actor_type=ActorType.STATE_FORCES,
        ...           associated=("Territorial Defence Forces of Ukraine",), side=EventSide.B)
        >>> a.actor_type.inter, a.side.ucdp_column
        (1, 'side_b')

    Attributes:
        name: The actor's name as the dataset writes it ("Military Forces of Russia (2000-)").
        party: The party the actor belongs to or fights for (``RU``, ``UA``), when it is one.
        actor_type: The ACLED actor type (``inter1``/``inter2`` codes 1-8), when known.
        associated: Names of associated actors (ACLED ``assoc_actor_1``/``assoc_actor_2``).
        side: Side A or B, as UCDP GED names the two sides of an event.
        extra: Unknown JSON keys kept on request when loading.
    """

    name: str = field(metadata=text())
    party: str | None = field(default=None, metadata=pattern(PARTY))
    actor_type: ActorType | None = field(default=None, metadata=vocab(ActorType))
    associated: tuple[str, ...] = field(default=(), metadata=texts())
    side: EventSide | None = field(default=None, metadata=vocab(EventSide))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


_COUNT_OF_DEATHS = (
    c.Cross(
        "count",
        "all(v is None or v % 1 == 0 for v in (s.count.low, s.count.best, s.count.high))",
        "must count deaths in whole numbers (low, best and high are integers)",
    ),
    c.Cross(
        "count",
        "s.count.unit is None or s.count.unit == _DEATHS",
        f"must count {DEATHS} (its unit is {DEATHS} or none)",
    ),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_COUNT_OF_DEATHS, namespace={"_DEATHS": DEATHS})
class Fatalities:
    """Deaths of one group in one event, as a low / best / high count (UCDP GED).

    ACLED codes one conservative figure (its ``fatalities`` column: the ``best``, or the
    ``low`` when only a bound is known); UCDP codes ``low``, ``best`` and ``high`` per
    side, for civilians and for the unknown.

    Example:
        >>> from conflictmodels import Estimate, FatalityGroup
        >>> Fatalities(group=FatalityGroup.SIDE_B, count=Estimate.between(10, 15, best=12)).count.best
        12
        >>> Fatalities(group=FatalityGroup.SIDE_B, count=Estimate.about(2.5))
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Fatalities.count: must count deaths in whole numbers (low, best and high are integers)

    Attributes:
        group: Whose deaths: side A, side B, civilians or unknown.
        count: How many died, with bounds; whole numbers, its unit ``deaths`` or none.
        extra: Unknown JSON keys kept on request when loading.
    """

    group: FatalityGroup = field(metadata=vocab(FatalityGroup))
    count: Estimate = field(metadata=nested(Estimate))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


_EVENT_RULES = (
    c.Cross(
        "sub_event_type",
        "s.sub_event_type is None or _SUB_EVENT_TYPES[s.sub_event_type] is s.event_type",
        "must belong to event_type (see SUB_EVENT_TYPES)",
    ),
    c.Cross(
        "fatalities",
        "len({f.group for f in s.fatalities}) == len(s.fatalities)",
        "must name each group (side_a, side_b, civilians, unknown) at most once",
    ),
    c.Cross(
        "deaths_total",
        "s.deaths_total is None or all(v is None or v % 1 == 0 for v in "
        "(s.deaths_total.low, s.deaths_total.best, s.deaths_total.high))",
        "must count deaths in whole numbers (low, best and high are integers)",
    ),
    c.Cross(
        "deaths_total",
        "s.deaths_total is None or s.deaths_total.unit is None or s.deaths_total.unit == _DEATHS",
        f"must count {DEATHS} (its unit is {DEATHS} or none)",
    ),
    c.Cross(
        "deaths_total",
        "s.deaths_total is None or _covers_groups(s.deaths_total, s.fatalities)",
        "must be at least the sum of the groups' deaths, bound by bound (low, best and high, where given)",
    ),
)


def _covers_groups(total: Estimate, groups: tuple[Fatalities, ...]) -> bool:
    """Whether each bound the total gives is at least the sum of that bound over the groups that give it."""
    for bound in ("low", "best", "high"):
        mine = getattr(total, bound)
        if mine is not None and mine < sum(v for f in groups if (v := getattr(f.count, bound)) is not None):
            return False
    return True


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(
    cross=_EVENT_RULES,
    namespace={"_SUB_EVENT_TYPES": SUB_EVENT_TYPES, "_DEATHS": DEATHS, "_covers_groups": _covers_groups},
)
class Event:
    """What happened in one event, as ACLED and UCDP GED code it.

    The place is the statement's location and the date the claim's ``when``; admin1 to
    admin3 names are the place's parent chain (``Location.parent_id``).

    Example:
        >>> from conflictmodels import EventType, SubEventType
        >>> e = Event(event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH)
        >>> e.sub_event_type.label, e.civilian_targeting
        ('Armed clash', False)

    The deaths of the event in all (UCDP ``low``/``best``/``high``, ACLED ``fatalities``)
    are ``deaths_total``: they are kept when the split by group is partial or unknown,
    and each bound is at least the sum of the groups' same bound:

        >>> from conflictmodels import Estimate, FatalityGroup
        >>> two_sides = (Fatalities(group=FatalityGroup.SIDE_A, count=Estimate(best=2)),
        ...              Fatalities(group=FatalityGroup.SIDE_B, count=Estimate(best=9)))
        >>> Event(event_type=EventType.BATTLES, fatalities=two_sides,
        ...       deaths_total=Estimate(low=8, best=11, high=20)).deaths_total.high
        20
        >>> Event(event_type=EventType.BATTLES, fatalities=two_sides, deaths_total=Estimate(best=10))
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Event.deaths_total: must be at least the sum of the groups' deaths, bound by bound (low, best and high, where given)

    Attributes:
        event_type: The ACLED event type (battles, explosions/remote violence, ...).
        sub_event_type: The ACLED sub-event type; it belongs to ``event_type``.
        actors: Who took part, each with a type, associated actors and a side.
        civilian_targeting: Civilians were the main or only target (ACLED ``civilian_targeting``).
        fatalities: Deaths per group (side A, side B, civilians, unknown), each group at most once.
        clarity: How clearly the sources describe this one event (UCDP ``event_clarity``).
        deaths_total: The deaths of the event in all, whole numbers (UCDP ``low``/``best``/``high``,
            ACLED ``fatalities``); each bound at least the sum of the groups' same bound.
        extra: Unknown JSON keys kept on request when loading.
    """

    event_type: EventType = field(metadata=vocab(EventType))
    sub_event_type: SubEventType | None = field(default=None, metadata=vocab(SubEventType))
    actors: tuple[Actor, ...] = field(default=(), metadata=nested_many(Actor))
    civilian_targeting: bool = field(default=False, metadata=flag())
    fatalities: tuple[Fatalities, ...] = field(default=(), metadata=nested_many(Fatalities))
    clarity: EventClarity | None = field(default=None, metadata=vocab(EventClarity))
    deaths_total: Estimate | None = field(default=None, metadata=nested(Estimate))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    def fatalities_of(self, group: FatalityGroup) -> Estimate | None:
        """The count of ``group``'s deaths, or ``None`` when the event gives none."""
        for f in self.fatalities:
            if f.group is group:
                return f.count
        return None

    def actors_on(self, side: EventSide) -> tuple[Actor, ...]:
        """The actors on ``side``, in order."""
        return tuple(a for a in self.actors if a.side is side)

    def conservative_deaths(self) -> int:
        """The deaths in all as a dataset counts them (ACLED's ``fatalities``): the total's
        best, or its low when it has no best, and never less than each group's best (or
        low) added up; 0 when no figure is given.

        Example:
            >>> from conflictmodels import Estimate, Event, EventType, Fatalities, FatalityGroup
            >>> groups = (Fatalities(group=FatalityGroup.SIDE_A, count=Estimate.between(3, 9, best=5)),
            ...           Fatalities(group=FatalityGroup.CIVILIANS, count=Estimate.at_least(2)))
            >>> Event(event_type=EventType.BATTLES, fatalities=groups).conservative_deaths()
            7
            >>> Event(event_type=EventType.BATTLES, fatalities=groups,
            ...       deaths_total=Estimate(low=7, best=12, high=20)).conservative_deaths()
            12
        """
        groups = sum(int(_conservative(f.count) or 0) for f in self.fatalities)
        total = None if self.deaths_total is None else _conservative(self.deaths_total)
        return max(groups, int(total or 0))


def _conservative(count: Estimate) -> float | None:
    """The conservative figure of a count: its best, else its low."""
    return count.best if count.best is not None else count.low
