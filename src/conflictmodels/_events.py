"""Events and commanders: one assessment per event, and who commanded a unit when.

Internal to :mod:`conflictmodels.reconciliation`.

**Events.** Claims of ``Predicate.EVENT`` about one place, one event type, one set of
actors and one day (:func:`~conflictmodels.relations.proposition_key`, through
:func:`~conflictmodels.relations.event_actors` and
:func:`~conflictmodels.relations.event_day`) are one event. Whether it happened is
weighed as any yes/no proposition (reports for, denials against). The deaths of each
group are judged as figures, as :mod:`._figures` judges a quantity, by who died: a
report that lists the sides the other way round than the first report (by claim id)
has its side A and side B deaths swapped before they are compared. A party's count of
its own side's dead is read as a lower bound and of its adversary's as an upper bound
(``Policy.own_loss_as_lower_bound``, ``enemy_loss_as_upper_bound``, as for casualty
figures). The heaviest set of counts that can hold together gives the count (their
intersection); a count that can hold with that count agrees with it; when the counts
that cannot are as strong (the figures are contested) the count spans them all. The
deaths in all (``Event.deaths_total``) are judged the same way and then raised, bound
by bound, to cover the reconciled groups. The other details (the sub-event type, the
actors) are those of the report with the smallest claim id among the supporting ones.
Deaths in one event and a party's running total of casualties are different
propositions (``event`` and ``casualties``): neither is ever read as the other.

**Commanders.** Claims of ``Predicate.COMMANDS`` about one unit are cut into periods
by who they name: a period runs while the same people are named (a sweep over the
claims' starts and ends), so Petrov from January and Sidorov from June read as Petrov
until June, then the window in which both are named (a handover, or a contested
command), then Sidorov. The people named in one period compete as attribute values do
(:mod:`._values`), each with its probability; periods that follow one another are a
sequence of commanders, not a contradiction. Every assessment's ``valid`` is its
period.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from itertools import pairwise

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from ._figures import _assess_boolean, _capped, _hull, _intersection, _largest_agreement, _loss_reading, _say
from ._space import _Space
from ._values import _assess_values
from .assessment import Assessment
from .estimates import Estimate
from .events import DEATHS, Actor, Event, Fatalities
from .policy import Policy
from .relations import PropositionKey, actor_identity, estimates_compatible
from .statement import Statement
from .timespans import TimeSpan
from .values import Value
from .vocabularies import AssessmentStatus, EventSide, FatalityGroup, TimePrecision

__all__: list[str] = []

_GROUP_WORDS = {
    FatalityGroup.SIDE_A: "side A",
    FatalityGroup.SIDE_B: "side B",
    FatalityGroup.CIVILIANS: "civilians",
    FatalityGroup.UNKNOWN: "people of unknown status",
}
_A, _B = FatalityGroup.SIDE_A, FatalityGroup.SIDE_B
_OTHER = {_A: _B, _B: _A}
_SIDE_OF = {_A: EventSide.A, _B: EventSide.B}
_BOUNDS = ("low", "best", "high")


# --------------------------------------------------------------------------- events


def _event(e: _Ev) -> Event:
    event = e.claim.statement.event
    assert event is not None
    return event


def _assess_event(
    key: PropositionKey, active: list[_Ev], retracted: list[str], notes: list[str], ctx: _Context, space: _Space
) -> Assessment:
    """One event: whether it happened, the deaths of each group and in all judged as figures."""
    positive = [e for e in active if not e.negated]
    if not positive:  # only denials: what is assessed is the denial, as for any proposition
        return _assess_boolean(key, active, retracted, notes, ctx)
    denials = [e for e in active if e.negated]
    policy = ctx.policy
    judgment = _weigh(positive, denials, policy)
    first = min(positive, key=lambda e: e.id)
    event = _event(first)
    place = space.place_names.get(key[1][0], key[1][0]) if key[1] else "an unnamed place"
    kind = event.event_type.label if event.sub_event_type is None else event.sub_event_type.label
    one = len({e.speaker.name for e in positive}) == 1
    rationale = [
        *notes,
        f"[event] {_sources(positive, policy)} {'reports' if one else 'report'} an event coded {kind!r} at {place}"
        f"{_between_actors(event)} {_when(key[4])}: one event, whether it happened weighed as one proposition "
        f"({policy.cite(e.id for e in positive)})",
    ]
    rationale += _sub_types(positive, first, policy)
    swapped = _swapped(positive, event)
    if swapped:
        rationale.append(
            f"[event-sides] {_sources([e for e in positive if e.id in swapped], policy)} "
            f"{'lists' if len(swapped) == 1 else 'list'} the sides the other way round ({policy.cite(swapped)}): "
            f"their deaths of side A and side B are compared by who died, as {first.id} codes the sides"
        )
    fatalities: list[Fatalities] = []
    own: list[str] = []
    enemy: list[str] = []
    for group in FatalityGroup:
        given = [(e, f) for e in positive if (f := _count(e, group, e.id in swapped)) is not None]
        if not given:
            continue
        who = _GROUP_WORDS[group] + _side_names(event, group)
        read = _readings(given, group, swapped, policy, own, enemy)
        count, said = _deaths(who, given, read, ctx)
        fatalities.append(Fatalities(group=group, count=count))
        rationale.append(f"[event-fatalities] deaths of {said}")
    limit = policy.max_rationale_ids
    rationale += _capped(own[:limit], len(own), "[own-loss-bound] {n} more counts of a party's own dead read as "
                         "lower bounds")  # fmt: skip
    rationale += _capped(enemy[:limit], len(enemy), "[enemy-loss-bound] {n} more counts of an adversary's dead read "
                         "as upper bounds")  # fmt: skip
    total = None
    totals = [(e, t) for e in positive if (t := _event(e).deaths_total) is not None]
    if totals:
        total, said = _deaths("all", totals, {}, ctx)
        total, raised = _cover(total, fatalities)
        rationale.append(f"[event-total] deaths in {said}{raised}")
    reconciled = attrs.evolve(event, fatalities=tuple(fatalities), deaths_total=total)
    statement = attrs.evolve(first.claim.statement, event=reconciled, negated=False)
    return _make(ctx, _assessment_id(key), statement, judgment, positive, denials, retracted,
                 [*rationale, *judgment.rationale])  # fmt: skip


def _sides(event: Event) -> tuple[frozenset[str], frozenset[str]]:
    """Who is on side A and on side B of an event (:func:`~conflictmodels.relations.actor_identity`)."""
    return (
        frozenset(actor_identity(a) for a in event.actors if a.side is EventSide.A),
        frozenset(actor_identity(a) for a in event.actors if a.side is EventSide.B),
    )


def _swapped(positive: Sequence[_Ev], event: Event) -> set[str]:
    """The reports that put on side A whom ``event`` (the first report) puts on side B, or the reverse."""
    side_a, side_b = _sides(event)
    out = set()
    for e in positive:
        mine_a, mine_b = _sides(_event(e))
        same = bool(mine_a and mine_a == side_a) or bool(mine_b and mine_b == side_b)
        crossed = bool(mine_a and mine_a == side_b) or bool(mine_b and mine_b == side_a)
        if crossed and not same:
            out.add(e.id)
    return out


def _count(e: _Ev, group: FatalityGroup, swapped: bool) -> Estimate | None:
    """The report's count of ``group`` as the first report codes the sides."""
    return _event(e).fatalities_of(_OTHER.get(group, group) if swapped else group)


def _readings(
    given: Sequence[tuple[_Ev, Estimate]],
    group: FatalityGroup,
    swapped: set[str],
    policy: Policy,
    own: list[str],
    enemy: list[str],
) -> dict[str, Estimate]:
    """How a party reads the deaths of a side: of its own side as "at least", of its
    adversary's as "at most" (``_figures._loss_reading``), with a sentence for each, in
    ``own`` and ``enemy``. Only counts read otherwise than as given."""
    out: dict[str, Estimate] = {}
    if group not in _OTHER:
        return out
    for e, count in given:
        bloc = e.origin.bloc or ({e.origin.party} if e.origin.party is not None else set())
        if not bloc:
            continue
        mine = _OTHER[group] if e.id in swapped else group  # the group as this report codes it
        event = _event(e)
        dead = {a.party for a in event.actors_on(_SIDE_OF[mine])} & bloc
        killers = {a.party for a in event.actors_on(_SIDE_OF[_OTHER[mine]])} & bloc
        if bool(dead) == bool(killers):
            continue  # the source's side is neither or both: read as given
        read = _loss_reading(count, bool(dead), policy)
        if read is None:
            continue
        out[e.id] = read
        name = f"{e.origin.name} ({e.origin.party})"
        if dead:
            own.append(f"[own-loss-bound] {name} gives its own side's deaths in this event as {_say(count)} "
                       f"({e.id}): read as {_say(read)}, since a party minimises its own losses")  # fmt: skip
        else:
            enemy.append(f"[enemy-loss-bound] {name} gives its adversary's deaths in this event as {_say(count)} "
                         f"({e.id}): read as {_say(read)}, since a party inflates its adversary's losses")  # fmt: skip
    return out


def _deaths(
    who: str,
    given: Sequence[tuple[_Ev, Estimate]],
    read: Mapping[str, Estimate],
    ctx: _Context,
) -> tuple[Estimate, str]:
    """The reconciled count of the deaths of ``who`` (a group, or ``"all"``), and the
    words saying how it was reached. ``read``: the counts read otherwise than as given."""
    policy = ctx.policy
    tol = policy.estimate_tolerance
    reading = {e.id: read.get(e.id, f) for e, f in given}
    shown = {e.id: f for e, f in given}
    evs = [e for e, _ in given]
    unit = DEATHS if any(f.unit == DEATHS for _, f in given) else None
    clique, outside = _largest_agreement(evs, tol, reading)
    head = f"{who}: {_figures(evs, shown, policy)}; "
    count = _meet([reading[e.id] for e in clique], unit)
    # a count that can hold with the agreed count agrees with it, whatever the sweep's order
    outside = [e for e in outside if not estimates_compatible(reading[e.id], count, tol)]
    if not outside:
        if len(evs) > 1:
            return count, f"{head}the figures agree on {_say(count)}"
        return count, f"{head}{'read as' if read else 'the source gives'} {_say(count)}"
    out_ids = {e.id for e in outside}
    inside = [e for e in evs if e.id not in out_ids]
    if _weigh(inside, outside, policy).status is AssessmentStatus.CONTESTED:
        count = _hull([reading[e.id] for e in evs], unit)
        return count, f"{head}they conflict, and the count spans them all: {_say(count)}"
    return count, (
        f"{head}the {'figure' if len(outside) == 1 else 'figures'} of {_figures(outside, shown, policy)} cannot hold "
        f"with {_say(count)}, which the others agree on"
    )


def _cover(total: Estimate, groups: Sequence[Fatalities]) -> tuple[Estimate, str]:
    """The deaths in all raised, bound by bound, to at least the reconciled groups' deaths
    added up (and kept in order, low <= best <= high), and the words saying so."""
    sums = {b: sum(v for f in groups if (v := getattr(f.count, b)) is not None) for b in _BOUNDS}
    low, best, high = total.low, total.best, total.high
    floor = 0
    if low is not None:
        low = floor = max(low, sums["low"])
    if best is not None:
        best = floor = max(best, sums["best"], floor)
    if high is not None:
        high = max(high, sums["high"], floor)
    if (low, best, high) == (total.low, total.best, total.high):
        return total, ""
    raised = attrs.evolve(total, low=low, best=best, high=high)
    split = ", ".join(f"{_GROUP_WORDS[f.group]} {_say(f.count)}" for f in groups)
    return raised, f"; raised to {_say(raised)} to cover the deaths of its groups ({split})"


def _meet(counts: list[Estimate], unit: str | None) -> Estimate:
    """The intersection of counts that hold together (their hull, should the tolerance
    have joined counts whose bounds cross)."""
    meet = _intersection(counts, unit)
    if meet.low is not None and meet.high is not None and meet.low > meet.high:
        return _hull(counts, unit)
    return meet


def _between_actors(event: Event) -> str:
    """ " between Military Forces of Russia and Military Forces of Ukraine", or nothing."""
    names = [a.name for a in event.actors]
    if not names:
        return ""
    if len(names) == 1:
        return f" by {names[0]}"
    return " between " + ", ".join(names[:-1]) + " and " + names[-1]


def _side_names(event: Event, group: FatalityGroup) -> str:
    """ " (Military Forces of Russia)": who a side is, in the first report's words."""
    side = _SIDE_OF.get(group)
    actors: tuple[Actor, ...] = () if side is None else event.actors_on(side)
    return f" ({', '.join(a.name for a in actors)})" if actors else ""


def _sub_types(positive: Sequence[_Ev], first: _Ev, policy: Policy) -> list[str]:
    """A sentence when the reports differ on the sub-event type: the first report's is kept."""
    kinds: dict[str, list[str]] = {}
    for e in positive:
        sub = _event(e).sub_event_type
        kinds.setdefault("unspecified" if sub is None else sub.label, []).append(e.id)
    if len(kinds) < 2:
        return []
    sub = _event(first).sub_event_type
    kept = "unspecified" if sub is None else sub.label
    said = "; ".join(f"{k} ({', '.join(sorted(ids))})" for k, ids in sorted(kinds.items()))
    return [f"[event-details] the reports differ on what kind of event it was: {said}; {kept} is kept ({first.id})"]


def _figures(evs: Sequence[_Ev], read: Mapping[str, Estimate], policy: Policy) -> str:
    limit = policy.max_rationale_ids
    ordered = sorted(evs, key=lambda e: e.id)
    said = [f"{e.speaker.name} {_say(read[e.id])} ({e.id})" for e in ordered[:limit]]
    if len(ordered) > limit:
        said.append(f"{len(ordered) - limit} more")
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]


def _sources(evs: Sequence[_Ev], policy: Policy) -> str:
    names = sorted({e.speaker.name for e in evs})
    limit = policy.max_rationale_ids
    if len(names) > limit:
        names = [*names[:limit], f"{len(names) - limit} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _when(day: str | None) -> str:
    """The day of an event's proposition in words: "on 8 March 2025", "by 9 March 2025"."""
    if day is None:
        return "on an unknown day"
    if "/" not in day:
        return f"on {_long_day(day)}"
    first, last = day.split("/")
    return f"by {_long_day(last)}" if first == ".." else f"from {_long_day(first)} to {_long_day(last)}"


def _long_day(iso: str) -> str:
    """ "2025-03-08" as an editor prints it: "8 March 2025" (a day Python cannot hold as itself)."""
    try:
        d = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


# --------------------------------------------------------------------------- commanders


def _assess_commands(
    key: PropositionKey,
    active: list[_Ev],
    retracted: list[str],
    notes: list[str],
    ctx: _Context,
    space: _Space,
    people: Mapping[str, str],
    units: Mapping[str, str],
) -> list[Assessment]:
    """Who commanded the unit of ``key``: one assessment per period in which the same people are named."""
    ids_by_name: dict[str, set[str]] = {}
    for e in active:
        pid = e.claim.statement.person_ids[0]
        name = people.get(pid, pid)
        e.value = Value(text=name)  # the person competes by name, as attribute values do
        ids_by_name.setdefault(name, set()).add(pid)
    unit_id = key[2][0] if key[2] else None
    unit = "the unit" if unit_id is None else units.get(unit_id, unit_id)
    about = f"the commander of {unit}"
    policy = ctx.policy

    def restate(rep: Statement, value: Value) -> Statement:
        assert value.text is not None
        chosen = min(ids_by_name.get(value.text, {rep.person_ids[0]}))
        return attrs.evolve(rep, person_ids=(chosen,), negated=False)

    periods = _periods(active)
    out = []
    for n, period in enumerate(periods):
        said = list(notes)
        if len(periods) > 1:
            said.append(
                f"[commander-period] the claims about {unit}'s commander fall into {len(periods)} periods by whom "
                f"they name: a sequence of commanders, not a contradiction; this is period {n + 1}, "
                f"{_between(period.lo, period.hi)}"
            )
        if len(period.names) > 1:
            said.append(
                f"[commander-handover] {_between(period.lo, period.hi)} the claims name {_people(period.names, policy)}"
                f": the window of a handover, or a contested command, in which they compete "
                f"({policy.cite(e.id for e in period.evs)})"
            )
        made = _assess_values(key, period.evs, retracted if n == 0 else [], said, ctx, space, about=about,
                              restate=restate, state=None if len(periods) == 1 else n)  # fmt: skip
        dated = any(e.claim.when is not None for e in period.evs)
        out.append(attrs.evolve(made, valid=_span(period.lo, period.hi) if dated else None))
    return out


class _Period:
    """A period of command: from ``lo`` to ``hi``, the people named in it, and its claims."""

    __slots__ = ("evs", "hi", "lo", "names")

    def __init__(self, lo: float, hi: float, names: frozenset[str]) -> None:
        self.lo, self.hi, self.names = lo, hi, names
        self.evs: list[_Ev] = []


def _name(e: _Ev) -> str:
    value = e.value
    assert isinstance(value, Value)
    assert value.text is not None
    return value.text


def _periods(evs: list[_Ev]) -> list[_Period]:
    """Claims cut into periods by whom they name. A sweep over the starts and ends of the
    claims of a span (not denials, not instants) cuts time into pieces, each with the
    people named over all of it; neighbouring pieces naming the same people are one
    period, and a gap (nobody named) ends one. A claim belongs to every period it
    overlaps; an instant (a claim without an event time is one, at its report) and a
    denial belong to the periods they fall in, and those that fall in none make periods
    of their own, chained where they overlap. O(n log n) plus, for a claim that spans
    several periods, one entry per period."""
    spans = sorted((e for e in evs if not e.negated and e.lo < e.hi), key=lambda e: (e.lo, e.hi, e.id))
    bounds = sorted({x for e in spans for x in (e.lo, e.hi)})
    starts: dict[float, list[str]] = {}
    ends: dict[float, list[str]] = {}
    for e in spans:
        starts.setdefault(e.lo, []).append(_name(e))
        ends.setdefault(e.hi, []).append(_name(e))
    named: dict[str, int] = {}
    periods: list[_Period] = []
    for x, nxt in pairwise(bounds):
        for name in ends.get(x, ()):
            named[name] -= 1
            if not named[name]:
                del named[name]
        for name in starts.get(x, ()):
            named[name] = named.get(name, 0) + 1
        if not named:
            continue
        names = frozenset(named)
        last = periods[-1] if periods else None
        if last is not None and last.hi == x and last.names == names:
            last.hi = nxt
        else:
            periods.append(_Period(x, nxt, names))
    los = [p.lo for p in periods]
    his = [p.hi for p in periods]
    alone: list[_Ev] = []
    for e in sorted(evs, key=lambda e: (e.lo, e.hi, e.id)):
        if e.lo < e.hi:  # a span: every period it overlaps
            i = bisect_right(his, e.lo)
            hit = False
            while i < len(periods) and periods[i].lo < e.hi:
                periods[i].evs.append(e)
                hit = True
                i += 1
        else:  # an instant: the period it falls in (its end, when it is the end of the last)
            i = bisect_right(los, e.lo) - 1
            hit = i >= 0 and e.lo <= his[i]
            if hit:
                periods[i].evs.append(e)
        if not hit:
            alone.append(e)
    for run in _chained(alone):
        p = _Period(min(e.lo for e in run), max(e.hi for e in run), frozenset(_name(e) for e in run if not e.negated))
        p.evs = run
        periods.append(p)
    periods.sort(key=lambda p: (p.lo, p.hi, min(e.id for e in p.evs)))
    return periods


def _chained(evs: list[_Ev]) -> list[list[_Ev]]:
    """Claims (sorted by start) in runs whose times overlap, chained."""
    out: list[list[_Ev]] = []
    reach = -math.inf
    for e in evs:
        if out and e.lo <= reach:
            out[-1].append(e)
            reach = max(reach, e.hi)
        else:
            out.append([e])
            reach = e.hi
    return out


def _people(names: frozenset[str], policy: Policy) -> str:
    ordered = sorted(names)
    limit = policy.max_rationale_ids
    if len(ordered) > limit:
        return ", ".join(ordered[:limit]) + f" and {len(ordered) - limit} more"
    return ("both " if len(ordered) == 2 else "") + ", ".join(ordered[:-1]) + " and " + ordered[-1]


def _span(lo: float, hi: float) -> TimeSpan:
    return TimeSpan(start=datetime.fromtimestamp(lo, UTC), end=datetime.fromtimestamp(hi, UTC),
                    precision=TimePrecision.DAY)  # fmt: skip


def _between(lo: float, hi: float) -> str:
    a, b = datetime.fromtimestamp(lo, UTC), datetime.fromtimestamp(hi, UTC)
    first, last = f"{a.day} {a:%B %Y}", f"{b.day} {b:%B %Y}"
    return f"on {first}" if first == last else f"from {first} to {last}"
