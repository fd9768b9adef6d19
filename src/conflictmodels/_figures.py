"""Yes/no propositions and figures: weighing denials, agreeing and incompatible estimates.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _per_origin, _weigh
from .assessment import Assessment
from .estimates import Estimate
from .relations import (
    PropositionKey,
    estimate_interval,
)
from .statement import Statement, predicates_where
from .vocabularies import AssessmentStatus, Predicate

__all__: list[str] = []


_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
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
    key: PropositionKey, active: list[_Ev], retracted: list[str], notes: list[str], ctx: _Context
) -> Assessment:
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
        return _make(ctx, _assessment_id(key), statement, judgment, support, contra,
                     [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale])  # fmt: skip
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
    return _make(ctx, _assessment_id(key), statement, judgment, support, contra,
                 [*retracted, *(e.id for e in other_unit)], [*rationale, *judgment.rationale])  # fmt: skip


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
