"""Control of a place over time: the timeline of states and the judgment of each.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from .assessment import Assessment
from .policy import CONTROL_SPECIFICITY
from .relations import (
    PropositionKey,
    control_compatible,
)
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, ControlChange, Predicate

__all__: list[str] = []


_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
_UNVERIFIED, _CONTESTED, _SUPERSEDED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED


def _timeline(evs: list[_Ev]) -> list[list[_Ev]]:
    """Split a place's control claims (sorted by time) into successive states."""
    segments: list[list[_Ev]] = []
    lead: Any = None
    last_hi = -math.inf
    for e in evs:
        if not segments:
            segments.append([e])
            lead, last_hi = e.value, e.hi
            continue
        if control_compatible(e.value, lead) or e.negated or e.lo < last_hi or e.hi == last_hi:
            segments[-1].append(e)
        else:
            segments.append([e])
            lead = e.value
        last_hi = max(last_hi, e.hi)
    return segments


# --------------------------------------------------------------------------- control


_CHANGE_OF = {
    "ctrl": ControlChange.HOLDS,
    "not": ControlChange.LOST,
    "contested": ControlChange.CONTESTED,
    "calm": ControlChange.CONTESTED,
}
_DESCRIBE = {"ctrl": "{} holds it", "not": "{} does not hold it", "contested": "it is contested",
             "calm": "it is not contested"}  # fmt: skip


def _control_statement(value: Any, loc: tuple[str, ...], fallback_party: str) -> Statement:
    kind, party = value
    party = party or fallback_party
    change = _CHANGE_OF[kind]
    return Statement(predicate=_CONTROL, party=party, change=change, location_ids=loc, negated=kind == "calm")


def _best_control_value(seg: list[_Ev], values: set[Any]) -> tuple[Any, list[_Ev], list[_Ev]]:
    """The value with the most net evidence; ties go to the more specific value.

    The net evidence of a value is the sum, over origins, of each origin's strongest claim
    compatible with it, less the sum of each origin's strongest claim that is not. Near
    linear in the claims, however many values there are: what an origin contributes to
    "X holds it" (or "X does not hold it") is the same for every X it does not name, so
    that sum is taken once, and only the origins naming X are corrected, exactly (the
    sums are the correctly rounded sums of the same numbers :func:`math.fsum` was given
    when every value was weighed against every origin).
    """
    per_origin: dict[str, _OriginValues] = {}
    for e in seg:
        ov = per_origin.get(e.origin.root)
        if ov is None:
            ov = per_origin[e.origin.root] = _OriginValues()
        ov.add(e.value, e.weight)
    origins = list(per_origin.values())
    naming: dict[Any, list[_OriginValues]] = {}  # party -> the origins naming it in "ctrl" or "not"
    for ov in origins:
        for party in ov.ctrl.keys() | ov.not_.keys():
            naming.setdefault(party, []).append(ov)
    ctrl_s = _partials(ov.ctrl_support(_NOBODY) for ov in origins)
    ctrl_c = _partials(ov.ctrl_against(_NOBODY) for ov in origins)
    not_s = _partials(ov.not_support(_NOBODY) for ov in origins)
    fixed: dict[str, tuple[float, float]] = {}
    for kind in ("contested", "calm"):
        fixed[kind] = (
            math.fsum([w for ov in origins if (w := ov.support(kind)) is not None]),
            math.fsum([w for ov in origins if (w := ov.against(kind)) is not None]),
        )
    best: tuple[Any, ...] | None = None
    for value in sorted(values, key=lambda v: (v[0], v[1] or "")):
        kind, party = value
        if kind == "ctrl":
            named = naming.get(party, ())
            s_total = _corrected(ctrl_s, named, _OriginValues.ctrl_support, party)
            c_total = _corrected(ctrl_c, named, _OriginValues.ctrl_against, party)
        elif kind == "not":
            named = [ov for ov in naming.get(party, ()) if party in ov.ctrl]
            s_total = _corrected(not_s, named, _OriginValues.not_support, party)
            c_total = math.fsum([ov.ctrl[party] for ov in named])
        else:
            s_total, c_total = fixed[kind]
        rank = (s_total - c_total, CONTROL_SPECIFICITY[kind])
        if best is None or rank > best[0]:
            best = (rank, value)
    assert best is not None
    value = best[1]
    ok = {v: control_compatible(v, value) for v in values}
    return value, [e for e in seg if ok[e.value]], [e for e in seg if not ok[e.value]]


_NOBODY = object()
"""A party no claim names: what an origin contributes to the value of a party it does not name."""


def _top(table: Mapping[Any, float], excluded: Any) -> float | None:
    """The largest weight of ``table`` but the one of ``excluded`` (None when there is none)."""
    if not table:
        return None
    if excluded not in table:
        return max(table.values())
    if len(table) == 1:
        return None
    return max(w for p, w in table.items() if p != excluded)


def _largest(*weights: float | None) -> float | None:
    present = [w for w in weights if w is not None]
    return max(present) if present else None


class _OriginValues:
    """One origin's strongest claim for each control value, by kind of value."""

    __slots__ = ("calm", "contested", "ctrl", "ctrl_top", "not_", "not_top")

    def __init__(self) -> None:
        self.ctrl: dict[Any, float] = {}
        self.not_: dict[Any, float] = {}
        self.contested: float | None = None
        self.calm: float | None = None
        self.ctrl_top: tuple[Any, float, float | None] | None = None
        self.not_top: tuple[Any, float, float | None] | None = None

    def add(self, value: Any, weight: float) -> None:
        kind, party = value
        if kind == "ctrl" or kind == "not":
            table = self.ctrl if kind == "ctrl" else self.not_
            if table.get(party, -1.0) < weight:
                table[party] = weight
            self.ctrl_top = self.not_top = None
        elif kind == "contested":
            if self.contested is None or self.contested < weight:
                self.contested = weight
        elif self.calm is None or self.calm < weight:
            self.calm = weight

    def _best(self, table: Mapping[Any, float], excluded: Any) -> float | None:
        # The two largest weights, kept so that excluding one party costs O(1).
        top = self.ctrl_top if table is self.ctrl else self.not_top
        if top is None:
            first = max(table.items(), key=lambda pw: pw[1]) if table else (_NOBODY, -1.0)
            second = _top(table, first[0]) if table else None
            top = (first[0], first[1], second)
            if table is self.ctrl:
                self.ctrl_top = top
            else:
                self.not_top = top
        if not table:
            return None
        return top[2] if top[0] == excluded else top[1]

    def ctrl_support(self, party: Any) -> float | None:
        """Compatible with "party holds it": that value, "Y does not hold it" for Y != party, calm."""
        return _largest(self.ctrl.get(party), self._best(self.not_, party), self.calm)

    def ctrl_against(self, party: Any) -> float | None:
        """Not compatible with "party holds it": another holder, "party does not hold it", contested."""
        return _largest(self._best(self.ctrl, party), self.not_.get(party), self.contested)

    def not_support(self, party: Any) -> float | None:
        """Compatible with "party does not hold it": everything but "party holds it"."""
        return _largest(self._best(self.ctrl, party), self._best(self.not_, _NOBODY), self.contested, self.calm)

    def support(self, kind: str) -> float | None:
        if kind == "contested":
            return _largest(self.contested, self._best(self.not_, _NOBODY))
        return _largest(self.calm, self._best(self.not_, _NOBODY), self._best(self.ctrl, _NOBODY))  # calm

    def against(self, kind: str) -> float | None:
        if kind == "contested":
            return _largest(self._best(self.ctrl, _NOBODY), self.calm)
        return self.contested  # calm


def _partials(values: Iterable[float | None]) -> list[float]:
    """Floats whose exact sum is the exact sum of ``values`` (Shewchuk's partials; None skipped)."""
    partials: list[float] = []
    for v in values:
        if v is None:
            continue
        x = v
        i = 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        partials[i:] = [x]
    return partials


def _corrected(
    base: list[float],
    named: Iterable[_OriginValues],
    term: Callable[[_OriginValues, Any], float | None],
    party: Any,
) -> float:
    """The correctly rounded sum of ``base`` (the origins' terms for a party none names),
    with the term of each origin in ``named`` replaced by its term for ``party``."""
    terms = list(base)
    for ov in named:
        g, w = term(ov, _NOBODY), term(ov, party)
        if g is not None:
            terms.append(-g)
        if w is not None:
            terms.append(w)
    return math.fsum(terms)


def _describe(value: Any) -> str:
    return _DESCRIBE[value[0]].format(value[1])


def _seg_start(seg: list[_Ev]) -> datetime | None:
    starts = [e.start for e in seg if e.start is not None]
    return min(starts) if starts else None


def _seg_boundary(seg: list[_Ev]) -> datetime:
    start = _seg_start(seg)
    if start is not None:
        return start
    e = seg[0]
    w = e.claim.when
    assert w is not None
    assert w.end is not None
    return w.end


def _assess_control(
    key: PropositionKey,
    index: int,
    seg: list[_Ev],
    later: list[_Ev] | None,
    earlier: list[_Ev] | None,
    retracted: list[str],
    notes: list[str],
    ctx: _Context,
) -> Assessment:
    policy = ctx.policy
    loc = key[1]
    # the value with the most net evidence wins; ties go to the more specific value
    values = {e.value for e in seg}
    contra: list[_Ev] = []
    if len(values) == 1:
        value, support = seg[0].value, seg
    else:
        value, support, contra = _best_control_value(seg, values)
    judgment = _weigh(support, contra, policy)
    rationale = [f"[timeline-state] state {index + 1} of the place's timeline: {_describe(value)}"]
    rationale += notes
    rationale += judgment.rationale
    fallback = seg[0].claim.statement.party or "unknown"
    statement = _control_statement(value, loc, fallback)
    if judgment.status is _CONTESTED:
        rivals = sorted({v[1] for v in (e.value for e in seg) if v[0] == "ctrl" and v[1]})
        if len(rivals) >= 2:
            statement = Statement(predicate=Predicate.CONTROL, party=rivals[0], counterparty=rivals[1],
                                  change=ControlChange.CONTESTED, location_ids=loc)  # fmt: skip
            rationale.append(f"[undetermined] control undetermined between {policy.cite(rivals)}")
        else:
            statement = Statement(
                predicate=Predicate.CONTROL, party=value[1] or fallback, change=ControlChange.CONTESTED,
                location_ids=loc,
            )  # fmt: skip
    start = _seg_start(support) if support else None
    status = None
    if later is not None:
        end = _seg_boundary(later)
        if start is not None and start > end:
            start = end
        valid: TimeSpan | None = TimeSpan(start=start, end=end)
        status = _SUPERSEDED
        nxt = later[0]
        rationale.append(
            f"[superseded] superseded: a later state ({_describe(nxt.value)}, claim {nxt.id}) followed from "
            f"{end.isoformat()}; was {judgment.status.value} for its time"
        )
    else:
        valid = None if start is None else TimeSpan(start=start)
    if earlier is not None:
        rationale.append(
            f"[sequence] follows an earlier state ({_describe(earlier[0].value)}): a sequence, not a contradiction"
        )
    state = None if later is None else index
    return _make(ctx, _assessment_id(key, state), statement, judgment, support, contra, retracted, rationale,
                 status=status, valid=valid)  # fmt: skip
