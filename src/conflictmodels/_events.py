"""Events and commanders: one assessment per event, and who commanded a unit when.

Internal to :mod:`conflictmodels.reconciliation`.

**Events.** Claims of ``Predicate.EVENT`` about one place, one event type and one day
(:func:`~conflictmodels.relations.proposition_key`, through
:func:`~conflictmodels.relations.event_day`) are one event. Whether it happened is
weighed as any yes/no proposition (reports for, denials against); the deaths of each
group (side A, side B, civilians, unknown) are judged as figures, as
:mod:`._figures` judges a quantity: the largest set of counts that can hold together
agrees on their intersection, and when the counts that cannot are as strong (the
figures are contested) the reconciled count spans them all. The other details (the
sub-event type, the actors) are those of the report with the smallest claim id among
the supporting ones. Deaths in one event and a party's running total of casualties
are different propositions (``event`` and ``casualties``): neither is ever read as
the other.

**Commanders.** Claims of ``Predicate.COMMANDS`` about one unit are grouped into
periods: claims whose times overlap (chained) are one period, and the people they name
for it compete as attribute values do (:mod:`._values`), each with its probability;
claims about periods that do not overlap are a sequence of commanders, not a
contradiction, judged one period at a time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from ._figures import _assess_boolean, _hull, _intersection, _largest_agreement, _say
from ._space import _Space
from ._values import _assess_values
from .assessment import Assessment
from .estimates import Estimate
from .events import DEATHS, Event, Fatalities
from .policy import Policy
from .relations import PropositionKey
from .statement import Statement
from .timespans import TimeSpan
from .values import Value
from .vocabularies import AssessmentStatus, FatalityGroup, TimePrecision

__all__: list[str] = []

_GROUP_WORDS = {
    FatalityGroup.SIDE_A: "side A",
    FatalityGroup.SIDE_B: "side B",
    FatalityGroup.CIVILIANS: "civilians",
    FatalityGroup.UNKNOWN: "people of unknown status",
}


# --------------------------------------------------------------------------- events


def _event(e: _Ev) -> Event:
    event = e.claim.statement.event
    assert event is not None
    return event


def _assess_event(
    key: PropositionKey, active: list[_Ev], retracted: list[str], notes: list[str], ctx: _Context, space: _Space
) -> Assessment:
    """One event: whether it happened, and the deaths of each group judged as figures."""
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
        f"[event] {_sources(positive, policy)} {'reports' if one else 'report'} an event coded {kind!r} at {place} "
        f"{_when(key[4])}: one event, whether it happened weighed as one proposition "
        f"({policy.cite(e.id for e in positive)})",
    ]
    rationale += _sub_types(positive, first, policy)
    fatalities: list[Fatalities] = []
    for group in FatalityGroup:
        given = [(e, f) for e in positive if (f := _event(e).fatalities_of(group)) is not None]
        if given:
            count, said = _deaths(group, given, ctx)
            fatalities.append(Fatalities(group=group, count=count))
            rationale.append(said)
    statement = attrs.evolve(first.claim.statement, event=attrs.evolve(event, fatalities=tuple(fatalities)),
                             negated=False)  # fmt: skip
    return _make(ctx, _assessment_id(key), statement, judgment, positive, denials, retracted,
                 [*rationale, *judgment.rationale])  # fmt: skip


def _deaths(group: FatalityGroup, given: Sequence[tuple[_Ev, Estimate]], ctx: _Context) -> tuple[Estimate, str]:
    """The reconciled count of ``group``'s deaths, and the sentence saying how it was reached."""
    policy = ctx.policy
    read = {e.id: f for e, f in given}
    evs = [e for e, _ in given]
    unit = DEATHS if any(f.unit == DEATHS for _, f in given) else None
    clique, outside = _largest_agreement(evs, policy.estimate_tolerance, read)
    who = _GROUP_WORDS[group]
    figures = _figures(evs, read, policy)
    if not outside:
        count = _meet([read[e.id] for e in clique], unit)
        verb = "gives" if len(evs) == 1 else "agree on"
        return count, f"[event-fatalities] deaths of {who}: {figures}; {_who(evs)} {verb} {_say(count)}"
    contested = _weigh(clique, outside, policy).status is AssessmentStatus.CONTESTED
    if contested:
        count = _hull([read[e.id] for e in evs], unit)
        how = f"they conflict, and the count spans them all: {_say(count)}"
    else:
        count = _meet([read[e.id] for e in clique], unit)
        how = f"the figures of {_figures(outside, read, policy)} cannot hold with the others, which agree on {_say(count)}"
    return count, f"[event-fatalities] deaths of {who}: {figures}; {how}"


def _meet(counts: list[Estimate], unit: str | None) -> Estimate:
    """The intersection of counts that hold together (their hull, should the tolerance
    have joined counts whose bounds cross)."""
    meet = _intersection(counts, unit)
    if meet.low is not None and meet.high is not None and meet.low > meet.high:
        return _hull(counts, unit)
    return meet


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


def _who(evs: Sequence[_Ev]) -> str:
    return "the source" if len({e.speaker.name for e in evs}) == 1 and len(evs) == 1 else "the figures"


def _when(day: str | None) -> str:
    """The day of an event's proposition in words: "on 8 March 2025", "by 10 March 2025"."""
    if day is None:
        return "on an unknown day"
    if "/" not in day:
        return f"on {_long_day(day)}"
    first, last = day.split("/")
    return f"by {_long_day(last)}" if first == ".." else f"from {_long_day(first)} to {_long_day(last)}"


def _long_day(iso: str) -> str:
    """ "2025-03-08" as an editor prints it: "8 March 2025"."""
    d = datetime.fromisoformat(iso)
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
    """Who commanded the unit of ``key``, one assessment per period of overlapping claims."""
    ids_by_name: dict[str, set[str]] = {}
    for e in active:
        pid = e.claim.statement.person_ids[0]
        name = people.get(pid, pid)
        e.value = Value(text=name)  # the person competes by name, as attribute values do
        ids_by_name.setdefault(name, set()).add(pid)
    unit_id = key[2][0] if key[2] else None
    unit = "the unit" if unit_id is None else units.get(unit_id, unit_id)
    about = f"the commander of {unit}"

    def restate(rep: Statement, value: Value) -> Statement:
        assert value.text is not None
        chosen = min(ids_by_name.get(value.text, {rep.person_ids[0]}))
        return attrs.evolve(rep, person_ids=(chosen,), negated=False)

    periods = _periods(active)
    if len(periods) == 1:
        return [_assess_values(key, active, retracted, notes, ctx, space, about=about, restate=restate)]
    out = []
    for n, period in enumerate(periods):
        ids = {e.id for e in period}
        lo, hi = min(e.lo for e in period), max(e.hi for e in period)
        span = _span(lo, hi)
        said = (
            f"[commander-period] claims about {unit}'s commander fall into {len(periods)} periods that do not overlap: "
            f"a sequence of commanders, not a contradiction; this is period {n + 1}, {_between(lo, hi)}"
        )
        made = _assess_values(key, period, [r for r in retracted if r in ids], [*notes, said], ctx, space,
                              about=about, restate=restate, state=n)  # fmt: skip
        out.append(attrs.evolve(made, valid=span))
    return out


def _periods(evs: list[_Ev]) -> list[list[_Ev]]:
    """Claims in runs whose times overlap, chained (a sweep over their start times)."""
    ordered = sorted(evs, key=lambda e: (e.lo, e.hi, e.id))
    out: list[list[_Ev]] = []
    reach = -math.inf
    for e in ordered:
        if out and e.lo <= reach:
            out[-1].append(e)
            reach = max(reach, e.hi)
        else:
            out.append([e])
            reach = e.hi
    return out


def _span(lo: float, hi: float) -> TimeSpan:
    return TimeSpan(start=datetime.fromtimestamp(lo, UTC), end=datetime.fromtimestamp(hi, UTC),
                    precision=TimePrecision.DAY)  # fmt: skip


def _between(lo: float, hi: float) -> str:
    a, b = datetime.fromtimestamp(lo, UTC), datetime.fromtimestamp(hi, UTC)
    first, last = f"{a.day} {a:%B %Y}", f"{b.day} {b:%B %Y}"
    return f"on {first}" if first == last else f"from {first} to {last}"
