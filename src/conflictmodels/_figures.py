"""Yes/no propositions and figures: weighing denials, agreeing and incompatible estimates.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _per_origin, _stats, _weigh
from .assessment import Assessment
from .estimates import Estimate
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
                f"[other-unit] {policy.cite(e.id for e in other_unit)} count another unit than "
                f"{unit!r}: related, not compared"
            )
    if not numbered:
        support = words or denials
        contra = denials if words else []
        judgment = _weigh(support, contra, policy)
        statement = _representative(support)
        return _make(ctx, _assessment_id(key, state), statement, judgment, support, contra,
                     [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale, *after],
                     status=status, valid=valid)  # fmt: skip
    clique, outside = _largest_agreement(numbered, tol)
    support = clique + words
    contra = outside + denials
    judgment = _weigh(support, contra, policy)
    if outside:
        rationale.append(
            f"[incompatible-estimates] estimates {policy.cite(e.id for e in outside)} are incompatible with "
            f"{policy.cite(e.id for e in clique)}"
        )
    if judgment.status is _CONTESTED and outside:
        estimate = _hull([_q(e) for e in numbered], unit)
        rationale.append(f"[estimate-hull] estimates conflict: reconciled value is their hull {_fmt(estimate)}")
    else:
        estimate = _intersection([_q(e) for e in clique], unit)
        if len(clique) > 1:
            rationale.append(f"[estimate-intersection] compatible estimates intersect to {_fmt(estimate)}")
    rep = _representative(clique)
    statement = attrs.evolve(rep, quantity=estimate, negated=False)
    return _make(ctx, _assessment_id(key, state), statement, judgment, support, contra,
                 [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale, *after],
                 status=status, valid=valid)  # fmt: skip


def _q(e: _Ev) -> Estimate:
    q = e.claim.statement.quantity
    assert q is not None
    return q


def _largest_agreement(evs: list[_Ev], tol: float) -> tuple[list[_Ev], list[_Ev]]:
    """The heaviest set of estimates whose intervals share a point (a sweep, O(n log n))."""
    per_origin = {o: len(es) for o, es in _per_origin(evs).items()}
    events: list[tuple[float, int, str, float]] = []
    intervals: dict[str, tuple[float, float]] = {}
    for e in evs:
        lo, hi = estimate_interval(_q(e), tol)
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


def _fmt(e: Estimate) -> str:
    return f"[{'-' if e.low is None else f'{e.low:g}'}, {'-' if e.best is None else f'{e.best:g}'}, " + (
        f"{'-' if e.high is None else f'{e.high:g}'}]"
    )


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
    """Presence (units or a party at places) as a timeline of states, present or not.

    Claims sorted by time; a claim of the other value strictly after the state's
    claims so far opens a new state, an overlapping one contradicts. Each state is
    judged on the evidence of both values; neighbouring states judged alike are one.
    First seen is the earliest start of a state's supporting claims, last seen their
    latest end. Every state but the last is ``superseded``.
    """
    segments: list[list[_Ev]] = []
    lead = None
    last_hi = -math.inf
    for e in active:  # sorted by (hi, lo, id)
        if segments and (e.value == lead or e.lo < last_hi or e.hi == last_hi):
            segments[-1].append(e)
        else:
            segments.append([e])
            lead = e.value
        last_hi = max(last_hi, e.hi)
    judged = [_presence_value(seg) for seg in segments]
    states: list[tuple[bool, list[_Ev]]] = []
    for value, seg in zip(judged, segments, strict=True):
        if states and states[-1][0] == value:
            states[-1][1].extend(seg)
        else:
            states.append((value, list(seg)))
    out: list[Assessment] = []
    for i, (value, seg) in enumerate(states):
        support = [e for e in seg if e.value == value]
        contra = [e for e in seg if e.value != value]
        judgment = _weigh(support, contra, ctx.policy)
        first = min(_seen(e)[0] for e in support)
        last_seen = max(_seen(e)[1] for e in support)
        rationale = [
            f"[presence-state] state {i + 1} of the presence timeline: {'present' if value else 'not present'}, "
            f"first seen {_day(first)}, last seen {_day(last_seen)}",
            *judgment.rationale,
        ]
        statement = _representative(support)
        if i == len(states) - 1:
            out.append(_make(ctx, _assessment_id(key), statement, judgment, support, contra, gone,
                             [rationale[0], *notes, *rationale[1:]], valid=TimeSpan(start=first)))  # fmt: skip
            continue
        nxt_value, nxt = states[i + 1]
        nxt_first = min(_seen(e)[0] for e in nxt if e.value == nxt_value)
        rationale.append(
            f"[presence-superseded] a later state ({'present' if nxt_value else 'not present'} from "
            f"{_day(nxt_first)}, {min(e.id for e in nxt)}) followed; was {judgment.status.value} for its time"
        )
        end = max(nxt_first, first)
        out.append(_make(ctx, _assessment_id(key, i), statement, judgment, support, contra, (), rationale,
                         status=_SUPERSEDED, valid=TimeSpan(start=first, end=end)))  # fmt: skip
    return out


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
