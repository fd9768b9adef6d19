"""Yes/no propositions and figures: weighing denials, agreeing and incompatible estimates.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from ._evidence import _ADMIT, _SELF, _assessment_id, _Context, _Ev, _make, _per_origin, _stats, _weigh
from .assessment import Assessment
from .estimates import Estimate
from .policy import Policy
from .relations import (
    PropositionKey,
    estimate_interval,
)
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, ControlChange, Predicate

__all__: list[str] = []


_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
# What the predicate table says of time: states (a later claim is an update), series
# (figures as of a time); everything else is an event.
_STATES = predicates_where(lambda r: r.nature == "state")
_SERIES = predicates_where(lambda r: r.nature == "series")
_LOSSES = predicates_where(lambda r: r.favours == "against-party" and r.figure)
"""Figures of a side's losses: its own figure is a lower bound, its adversary's an upper bound (policy)."""
_STATES_OF_CONTROL = (ControlChange.HOLDS, ControlChange.CONTESTED)
"""Control statements of a state, not of a change: an undated denial of one is about its report time."""
_UNVERIFIED, _CONTESTED, _SUPERSEDED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED

# --------------------------------------------------------------------------- yes/no


def _representative(evs: Sequence[_Ev]) -> Statement:
    return min(evs, key=lambda e: e.id).claim.statement


def _assess_boolean(
    key: PropositionKey, active: list[_Ev], retracted: list[str], notes: list[str], ctx: _Context
) -> Assessment:
    positive = [e for e in active if not e.negated]
    negative = [e for e in active if e.negated]
    support, contra = (positive, negative) if positive else (negative, [])
    judgment = _weigh(support, contra, ctx.policy)
    statement = _representative(support)
    if not positive:
        notes = [*notes, "[denial-assessed] only denials were reported: the denial is assessed"]
    return _make(ctx, _assessment_id(key), statement, judgment, support, contra, retracted,
                 [*notes, *judgment.rationale])  # fmt: skip


# --------------------------------------------------------------------------- quantities


def _assess_quantity(
    key: PropositionKey,
    active: list[_Ev],
    retracted: list[str],
    notes: list[str],
    ctx: _Context,
    *,
    state: int | None = None,
    status: AssessmentStatus | None = None,
    valid: TimeSpan | None = None,
    after: Sequence[str] = (),
) -> Assessment:
    """One figure judged from ``active``; ``state``, ``status``, ``valid`` and the
    sentences ``after`` the judgment's for a point of a series."""
    policy = ctx.policy
    tol = policy.estimate_tolerance
    numbered = [e for e in active if not e.negated and e.claim.statement.quantity is not None]
    words = [e for e in active if not e.negated and e.claim.statement.quantity is None]
    denials = [e for e in active if e.negated]
    rationale = list(notes)
    units = sorted({u for e in numbered if (u := _q(e).unit) is not None})
    unit = None
    other_unit: list[_Ev] = []
    if units:
        counts: dict[str, int] = {}
        for e in numbered:
            u = _q(e).unit
            if u is not None:
                counts[u] = counts.get(u, 0) + 1
        unit = max(units, key=lambda u: (counts[u], [-ord(ch) for ch in u]))
        other_unit = [e for e in numbered if _q(e).unit not in (None, unit)]
        numbered = [e for e in numbered if _q(e).unit in (None, unit)]
        if other_unit:
            rationale.append(
                f"[other-unit] {_figures(other_unit, policy, None)} "
                f"{'count' if len(other_unit) > 1 else 'counts'} in another unit than {unit!r}: related, not compared"
            )
    if not numbered:
        support = words or denials
        contra = denials if words else []
        judgment = _weigh(support, contra, policy)
        statement = _representative(support)
        return _make(ctx, _assessment_id(key, state), statement, judgment, support, contra,
                     [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale, *after],
                     status=status, valid=valid)  # fmt: skip
    read = _readings(numbered, policy)
    rationale += _bound_sentences(numbered, read, policy)
    clique, outside = _largest_agreement(numbered, tol, read)
    support = clique + words
    contra = outside + denials
    judgment = _weigh(support, contra, policy)
    if outside:
        rationale.append(
            f"[incompatible-estimates] the {'figures' if len(outside) > 1 else 'figure'} of "
            f"{_figures(outside, policy, read)} cannot hold together with those of {_figures(clique, policy, read)}"
        )
    if judgment.status is _CONTESTED and outside:
        estimate = _hull([read.get(e.id) or _q(e) for e in numbered], unit)
        rationale.append(
            f"[estimate-hull] the figures conflict: the reconciled figure spans them all, {_say(estimate)}"
        )
    else:
        estimate = _intersection([read.get(e.id) or _q(e) for e in clique], unit)
        if len(clique) > 1:
            rationale.append(f"[estimate-intersection] the figures agree on {_say(estimate)}")
    rep = _representative(clique)
    statement = attrs.evolve(rep, quantity=estimate, negated=False)
    return _make(ctx, _assessment_id(key, state), statement, judgment, support, contra,
                 [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale, *after],
                 status=status, valid=valid)  # fmt: skip


def _q(e: _Ev) -> Estimate:
    q = e.claim.statement.quantity
    assert q is not None
    return q


def _readings(evs: Sequence[_Ev], policy: Policy) -> dict[str, Estimate]:
    """How figures of a side's losses are read when a party gives them: its own losses
    as "at least" (``own_loss_as_lower_bound``), its adversary's as "at most"
    (``enemy_loss_as_upper_bound``). Only the figures read otherwise than as given."""
    out: dict[str, Estimate] = {}
    for e in evs:
        st = e.claim.statement
        if st.predicate not in _LOSSES or st.party is None or e.interest is None:
            continue
        if e.interest == _ADMIT or e.interest == _SELF:
            read = _loss_reading(_q(e), e.interest == _ADMIT, policy)
            if read is not None:
                out[e.id] = read
    return out


def _loss_reading(q: Estimate, own: bool, policy: Policy) -> Estimate | None:
    """How a party's figure of losses is read: of its ``own`` side as "at least"
    (``own_loss_as_lower_bound``), of its adversary's as "at most"
    (``enemy_loss_as_upper_bound``); ``None`` when it is read as given (also by
    :mod:`._events`, for the deaths of a side in one event)."""
    if own and policy.own_loss_as_lower_bound:
        low = q.low if q.low is not None else q.best
        if low is not None and (q.best is not None or q.high is not None):
            return Estimate(low=low, unit=q.unit)
    elif not own and policy.enemy_loss_as_upper_bound:
        high = q.high if q.high is not None else q.best if q.best is not None else q.low
        if high is not None and (q.best is not None or q.low is not None):
            return Estimate(high=high, unit=q.unit)
    return None


def _bound_sentences(evs: Sequence[_Ev], read: Mapping[str, Estimate], policy: Policy) -> list[str]:
    """Say how each party's loss figure was read, at most ``max_rationale_ids`` per kind, then a count."""
    own = [e for e in evs if e.id in read and read[e.id].low is not None]
    enemy = [e for e in evs if e.id in read and read[e.id].low is None]
    limit = policy.max_rationale_ids
    own_said = [
        f"[own-loss-bound] {e.speaker.name} ({e.speaker.party}) gives its own side's losses as {_say(_q(e))} "
        f"({e.id}): read as {_say(read[e.id])}, since a party minimises its own losses; its admission is evidence "
        f"that at least that many were lost, not that exactly that many were"
        for e in own[:limit]
    ]
    enemy_said = [
        f"[enemy-loss-bound] {e.speaker.name} ({e.speaker.party}) gives its adversary's losses as {_say(_q(e))} "
        f"({e.id}): read as {_say(read[e.id])}, since a party inflates its adversary's losses"
        for e in enemy[:limit]
    ]
    return [
        *_capped(own_said, len(own), "[own-loss-bound] {n} more figures of a party's own losses read as lower bounds"),
        *_capped(
            enemy_said, len(enemy), "[enemy-loss-bound] {n} more figures of an adversary's losses read as upper bounds"
        ),
    ]


def _capped(said: list[str], total: int, more: str) -> list[str]:
    """The sentences said about the first of ``total`` items, then ``more`` counting the rest (``{n}``)."""
    return said if total <= len(said) else [*said, more.format(n=total - len(said))]


def _figures(evs: Sequence[_Ev], policy: Policy, read: Mapping[str, Estimate] | None) -> str:
    """Sources by name with their figures as reported and claim ids: "ISW: up to 30,000 (isw-1)"."""
    limit = policy.max_rationale_ids
    ordered = sorted(evs, key=lambda e: e.id)
    said = [f"{e.speaker.name}: {_say(_q(e))} ({e.id})" for e in ordered[:limit]]
    if len(ordered) > limit:
        said.append(f"{len(ordered) - limit} more")
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]


def _num(x: float) -> str:
    if isinstance(x, int) or (isinstance(x, float) and x.is_integer() and abs(x) < 1e15):
        return f"{int(x):,}"
    return f"{x:,g}"


def _say(e: Estimate) -> str:
    """An estimate in words: "89", "at least 89", "up to 30,000", "60,000 to 70,000 (best 65,000)"."""
    low, best, high = e.low, e.best, e.high
    unit = f" {e.unit}" if e.unit else ""
    if low is not None and high is not None:
        span = f"{_num(low)} to {_num(high)}" if low != high else _num(low)
    elif low is not None:
        span = f"at least {_num(low)}"
    elif high is not None:
        span = f"up to {_num(high)}"
    else:
        return f"{_num(best)}{unit}" if best is not None else "no figure"
    if best is not None and not (low == best == high):
        return f"{span}{unit} (best {_num(best)})"
    return f"{span}{unit}"


def _largest_agreement(
    evs: list[_Ev], tol: float, read: Mapping[str, Estimate] | None = None
) -> tuple[list[_Ev], list[_Ev]]:
    """The heaviest set of estimates whose intervals share a point (a sweep, O(n log n)); ``read``
    replaces the figures read otherwise than as given."""
    per_origin = {o: len(es) for o, es in _per_origin(evs).items()}
    events: list[tuple[float, int, str, float]] = []
    intervals: dict[str, tuple[float, float]] = {}
    read = read or {}
    for e in evs:
        lo, hi = estimate_interval(read.get(e.id) or _q(e), tol)
        intervals[e.id] = (lo, hi)
        w = e.weight / per_origin[e.origin.root]
        events.append((lo, 0, e.id, w))
        events.append((hi, 1, e.id, w))
    events.sort()
    best, best_x, total = -1.0, 0.0, 0.0
    for x, kind, _, w in events:
        if kind == 0:
            total += w
            if total > best + 1e-12:
                best, best_x = total, x
        else:
            total -= w
    clique = [e for e in evs if intervals[e.id][0] <= best_x <= intervals[e.id][1]]
    outside = [e for e in evs if not intervals[e.id][0] <= best_x <= intervals[e.id][1]]
    return clique, outside


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[(len(values) - 1) // 2]


def _intersection(estimates: list[Estimate], unit: str | None) -> Estimate:
    if len(estimates) == 1 or all(e == estimates[0] for e in estimates):
        return estimates[0]
    lows = [e.low for e in estimates if e.low is not None]
    highs = [e.high for e in estimates if e.high is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    bests = [
        e.best
        for e in estimates
        if e.best is not None and (low is None or e.best >= low) and (high is None or e.best <= high)
    ]
    best = _median(bests) if bests else None
    if low is None and best is None and high is None:
        best = _median([e.best for e in estimates if e.best is not None])
    return Estimate(low=low, best=best, high=high, unit=unit)


def _hull(estimates: list[Estimate], unit: str | None) -> Estimate:
    def lo(e: Estimate) -> float | None:
        return e.low if e.low is not None else (e.best if e.high is None else None)

    def hi(e: Estimate) -> float | None:
        return e.high if e.high is not None else (e.best if e.low is None else None)

    lows = [lo(e) for e in estimates]
    highs = [hi(e) for e in estimates]
    low = None if any(x is None for x in lows) else min(x for x in lows if x is not None)
    high = None if any(x is None for x in highs) else max(x for x in highs if x is not None)
    if low is None and high is None:
        low = 0
    return Estimate(low=low, high=high, unit=unit)


# --------------------------------------------------------------------------- nothing left


def _assess_withdrawn(
    key: PropositionKey, evs: list[_Ev], gone: list[str], notes: list[str], ctx: _Context
) -> Assessment:
    """A proposition every claim of which was withdrawn, walked back or set aside: no
    evidence either way, so the probability stays at the prior, with low confidence."""
    positive = [e for e in evs if not e.negated]
    statement = _representative(positive or evs)
    judgment = _weigh([], [], ctx.policy)
    said = "[withdrawn-only] every claim of it was withdrawn, walked back or set aside: no evidence remains"
    return _make(ctx, _assessment_id(key), statement, judgment, (), (), gone, [said, *notes, *judgment.rationale])


# --------------------------------------------------------------------------- series


def _as_of(e: _Ev) -> datetime:
    """When a figure holds: the end of its ``when`` (else its start), else when it was reported."""
    claim = e.claim
    w = claim.when
    if w is None or claim.when_doubtful:
        return claim.reported_at
    end = w.end if w.end is not None else w.start
    assert end is not None
    return end


def _day(t: datetime) -> str:
    return t.date().isoformat()


def _assess_series(
    key: PropositionKey,
    active: list[_Ev],
    gone: list[str],
    notes: list[str],
    ctx: _Context,
    names: Mapping[str, str],
) -> list[Assessment]:
    """Figures as points of a series. A later figure of an origin updates its earlier
    ones (which become related); the rest are grouped into points whose as-of times lie
    within ``series_window_days`` of the point's first, and each point is judged as one
    figure. Every point but the last is ``superseded``. O(n log n)."""
    policy = ctx.policy
    when = {e.id: _as_of(e) for e in active}
    # 1. updates: per origin, its figures before its latest as-of
    latest: dict[str, _Ev] = {}
    for e in active:
        if e.negated or e.claim.statement.quantity is None:
            continue
        root = e.origin.root
        cur = latest.get(root)
        if cur is None or (when[e.id], e.id) > (when[cur.id], cur.id):
            latest[root] = e
    updated: dict[str, _Ev] = {}
    for e in active:
        if e.negated or e.claim.statement.quantity is None:
            continue
        last = latest[e.origin.root]
        if when[e.id] < when[last.id]:
            updated[e.id] = last
    related = sorted([*gone, *updated])
    said = [
        f"[updated] {_source_name(names, last)}'s figure as of {_day(when[last.id])} ({last.id}) updates its figure "
        f"as of {_day(when[i])} ({i}): one series, not a contradiction"
        for i, last in sorted(updated.items())
    ]
    limit = policy.max_rationale_ids
    if len(said) > limit:
        said = [*said[:limit], f"[updated] {len(said) - limit} more figures updated by their own later figures"]
    current = sorted((e for e in active if e.id not in updated), key=lambda e: (when[e.id], e.id))
    # 2. points: as-of times within the window of the point's first
    window = timedelta(days=policy.series_window_days)
    points: list[list[_Ev]] = []
    for e in current:
        if points and when[e.id] - when[points[-1][0].id] <= window:
            points[-1].append(e)
        else:
            points.append([e])
    out: list[Assessment] = []
    for i, point in enumerate(points):
        start = when[point[0].id]
        end = max(when[e.id] for e in point)
        head = f"[series-point] figures as of {_day(start)}" + (f" to {_day(end)}" if end != start else "")
        if len(points) == 1:  # one point: judged as figures always were
            out.append(_assess_quantity(key, point, related, [*notes, *said], ctx))
            continue
        if i == len(points) - 1:
            out.append(_assess_quantity(key, point, related, [*notes, *said, head], ctx, valid=TimeSpan(start=start)))
            continue
        nxt = points[i + 1][0]
        later = when[nxt.id]
        judged = _assess_quantity(key, point, [], [head], ctx, state=i, valid=TimeSpan(start=start, end=later))
        tail = (
            f"[series-superseded] a later point of the series, as of {_day(later)} ({nxt.id}), followed; "
            f"was {judged.status.value} for its time"
        )
        out.append(attrs.evolve(judged, status=_SUPERSEDED, rationale=(*judged.rationale, tail)))
    return out


def _source_name(names: Mapping[str, str], e: _Ev) -> str:
    return names.get(e.claim.source_id, e.claim.source_id)


# --------------------------------------------------------------------------- presence


def _assess_presence(
    key: PropositionKey, active: list[_Ev], gone: list[str], notes: list[str], ctx: _Context
) -> list[Assessment]:
    """Presence (units or a party at places) as a timeline of states, present or absent.

    Claims sorted by time; a dated claim of the other value strictly after the claims
    so far opens a segment, an overlapping one contradicts (a claim without an event
    time never opens one). The first segment is the standing state, judged on the
    evidence of both values. A later segment of the other value is a change of
    presence, and it must pass the bar of a change of control
    (``Policy.control_change_statuses``, ``Policy.control_change_min_lead``): passed,
    a new state begins; not passed, the change is assessed ``claimed`` and the
    standing state persists. First seen is the earliest start of a state's supporting
    claims, last seen their latest end. Every state but the last is ``superseded``.
    O(n) after the sort.
    """
    policy = ctx.policy
    segments: list[list[_Ev]] = []
    lead = None
    last_hi = -math.inf
    for e in active:  # sorted by (hi, lo, id)
        if segments and (e.value == lead or e.lo < last_hi or e.hi == last_hi or _undated(e)):
            segments[-1].append(e)
        else:
            segments.append([e])
            lead = e.value
        last_hi = max(last_hi, e.hi)
    first_seg = segments[0]
    states = [_PState(_presence_value([e for e in first_seg if not _undated(e)] or first_seg), list(first_seg))]
    for seg in segments[1:]:
        cur = states[-1]
        value = not cur.value
        support = [e for e in seg if e.value == value]
        if not support:
            cur.evs.extend(seg)
            continue
        against = [e for e in seg if e.value != value]
        judgment = _weigh(support, against, policy)
        lead_by = _side(support) - _side(against)
        if judgment.status in policy.control_change_statuses or (
            judgment.status not in (_CONTESTED, _S.REFUTED) and lead_by >= policy.control_change_min_lead
        ):
            state = _PState(value, list(seg))
            state.change = (judgment, lead_by, support)
            states.append(state)
        else:
            cur.claimed.append(_PClaimed(value, support, against, judgment, lead_by))
            cur.evs.extend(seg)
    out: list[Assessment] = []
    used: set[str] = set()
    for i, st in enumerate(states):
        noted = {id(e) for c in st.claimed for e in c.support}
        support = [e for e in st.evs if e.value == st.value and id(e) not in noted]
        contra = [e for e in st.evs if e.value != st.value and id(e) not in noted]
        if not support:  # every claim of its value was a claimed change's: judge the standing state's own
            support = [e for e in st.evs if e.value == st.value]
        judgment = _weigh(support, contra, policy)
        first = min(_seen(e)[0] for e in support)
        last_seen = max(_seen(e)[1] for e in support)
        related = [e.id for c in st.claimed for e in c.support]
        rationale = [
            f"[presence-state] state {i + 1} of the presence timeline: {_presence_words(st.value, first, last_seen)}"
        ]
        if st.change is not None:
            j, lead_by, sup = st.change
            rationale.append(
                f"[presence-change] the change from {_long_day(first)} ({_state_word(st.value)}) is established: "
                f"{j.status.value} according to {_names(sup, policy)}, leading the evidence against it by "
                f"{lead_by:.2f} (a change must be {_statuses(policy)}, or lead by {policy.control_change_min_lead:g})"
            )
        rationale += _standing(st, policy)
        last = i == len(states) - 1
        nxt_first: datetime | None = None
        if not last:
            nxt = states[i + 1]
            nxt_first = min(_seen(e)[0] for e in nxt.evs if e.value == nxt.value)
        statement = _representative(support)
        if last:
            out.append(_make(ctx, _assessment_id(key), statement, judgment, support, contra, [*gone, *related],
                             [*rationale, *notes, *judgment.rationale], valid=TimeSpan(start=first)))  # fmt: skip
        else:
            assert nxt_first is not None
            tail = (
                f"[presence-superseded] a later state ({_state_word(not st.value)} from {_long_day(nxt_first)}, "
                f"{min(e.id for e in states[i + 1].evs)}) followed; was {judgment.status.value} for its time"
            )
            end = max(nxt_first, first)
            out.append(_make(ctx, _assessment_id(key, i), statement, judgment, support, contra, related,
                             [*rationale, *judgment.rationale, tail], status=_SUPERSEDED,
                             valid=TimeSpan(start=first, end=end)))  # fmt: skip
        for c in st.claimed:
            out.append(_assess_claimed_presence(key, c, st, nxt_first, used, ctx))
    return out


class _PState:
    """One state of a presence timeline: its value, its claims, the change that opened it, changes claimed in it."""

    __slots__ = ("change", "claimed", "evs", "value")

    def __init__(self, value: bool, evs: list[_Ev]) -> None:
        self.value = value
        self.evs = evs
        self.change: tuple[Any, float, list[_Ev]] | None = None  # (judgment, lead, support) of the change
        self.claimed: list[_PClaimed] = []


class _PClaimed:
    """A change of presence claimed and not established."""

    __slots__ = ("against", "judgment", "lead", "support", "value")

    def __init__(self, value: bool, support: list[_Ev], against: list[_Ev], judgment: Any, lead: float) -> None:
        self.value = value
        self.support = support
        self.against = against
        self.judgment = judgment
        self.lead = lead


def _assess_claimed_presence(
    key: PropositionKey, c: _PClaimed, standing: _PState, end: datetime | None, used: set[str], ctx: _Context
) -> Assessment:
    policy = ctx.policy
    start = min(_seen(e)[0] for e in c.support)
    against = _side(c.against)
    rationale = [
        f"[presence-claimed] {_names(c.support, policy)} reported the forces {_state_word(c.value)} from {_long_day(start)} "
        f"({policy.cite(e.id for e in c.support)}); not established: a change of presence must be "
        f"{_statuses(policy)}, or lead the evidence against it by {policy.control_change_min_lead:g}, and this one "
        f"is {c.judgment.status.value} ({c.lead + against:.2f} for, {against:.2f} against); the standing state "
        f"({_state_word(standing.value)}) persists",
        *c.judgment.rationale,
    ]
    valid = TimeSpan(start=start, end=end) if end is not None and end > start else TimeSpan(start=start)
    n = 0
    aid = _claimed_id(key, c.value, start, n)
    while aid in used:
        n += 1
        aid = _claimed_id(key, c.value, start, n)
    used.add(aid)
    return _make(ctx, aid, _representative(c.support), c.judgment, c.support, c.against, [], rationale,
                 status=_S.CLAIMED, valid=valid)  # fmt: skip


def _claimed_id(key: PropositionKey, value: bool, start: datetime, n: int) -> str:
    """The id of a claimed change of presence: the proposition, the value claimed, when (and a count, for repeats)."""
    payload = "\x1f".join(
        (_assessment_id(key), "claimed", "present" if value else "absent", repr(start.timestamp()), str(n))
    )
    return "assessment-" + hashlib.sha256(payload.encode()).hexdigest()[:24]


def _standing(st: _PState, policy: Policy) -> list[str]:
    limit = policy.max_rationale_ids
    said = [
        f"[presence-standing] the state persists through a change claimed from "
        f"{_long_day(min(_seen(e)[0] for e in c.support))} by {_names(c.support, policy)} ({_state_word(c.value)}; "
        f"{policy.cite(e.id for e in c.support)}): {c.judgment.status.value}, not established"
        for c in st.claimed[:limit]
    ]
    return _capped(said, len(st.claimed), "[presence-standing] the state persists through {n} more claimed changes")


def _side(evs: Iterable[_Ev]) -> float:
    """The evidence of one side: each origin's strongest claim."""
    return math.fsum([st.weight for st in _stats(evs).values()])


def _undated(e: _Ev) -> bool:
    return e.claim.when is None or e.claim.when_doubtful


def _names(evs: Iterable[_Ev], policy: Policy) -> str:
    names = sorted({e.speaker.name for e in evs})
    limit = policy.max_rationale_ids
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "no source"


def _statuses(policy: Policy) -> str:
    words = [s.value for s in _S if s in policy.control_change_statuses]
    if not words:
        return "(by status: never)"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _state_word(value: bool) -> str:
    return "present" if value else "absent"


def _long_day(t: datetime) -> str:
    return f"{t.day} {t:%B %Y}"


def _presence_words(value: bool, first: datetime, last: datetime) -> str:
    if value:
        return f"present, first seen {_long_day(first)}, last seen {_long_day(last)}"
    if last.date() == first.date():
        return f"absent from {_long_day(first)}"
    return f"absent from {_long_day(first)}, last reported absent {_long_day(last)}"


def _presence_value(seg: list[_Ev]) -> bool:
    """The value of a state with the more evidence (each origin's strongest claim); ties to the first claim's."""
    yes = math.fsum([st.weight for st in _stats(e for e in seg if e.value).values()])
    no = math.fsum([st.weight for st in _stats(e for e in seg if not e.value).values()])
    if yes == no:
        return bool(seg[0].value)
    return yes > no


def _seen(e: _Ev) -> tuple[datetime, datetime]:
    """When a presence claim saw it: its ``when`` (first seen its start, last seen its end), else its report."""
    claim = e.claim
    w = claim.when
    if w is None or claim.when_doubtful:
        return claim.reported_at, claim.reported_at
    start = w.start if w.start is not None else w.end
    end = w.end if w.end is not None else w.start
    assert start is not None
    assert end is not None
    return start, end
