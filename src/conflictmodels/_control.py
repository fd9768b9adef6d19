"""Control of a place over time: the timeline of states and the judgment of each.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from ._space import _Held, _Space
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
_UNVERIFIED, _CONTESTED, _SUPERSEDED, _CLAIMED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED, _S.CLAIMED


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
    ok = {v: control_compatible(v, value) for v in {e.value for e in seg}}
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


# --------------------------------------------------------------------------- the timeline

_OPENS = frozenset({ControlChange.CAPTURED, ControlChange.RECAPTURED, ControlChange.LOST, ControlChange.CONTESTED})
"""Changes that can open a new state: a claim that control changed, not that it holds."""
_CHANGES = _OPENS


def _opens(e: _Ev) -> bool:
    """Whether a claim can open a state: a claim of change, with an event time, not a denial."""
    return e.claim.when is not None and not e.negated and e.claim.statement.change in _OPENS


def _undated_change(e: _Ev) -> bool:
    return e.claim.when is None and not e.negated and e.claim.statement.change in _CHANGES


def _start(e: _Ev) -> datetime:
    """When a claim says its state began: its event time's start (or known end), else its report time."""
    w = e.claim.when
    if w is None:
        return e.claim.reported_at
    moment = w.start if w.start is not None else w.end
    assert moment is not None
    return moment


def _side(evs: Iterable[_Ev]) -> float:
    """The evidence of one side: each origin's strongest claim, summed."""
    best: dict[str, float] = {}
    for e in evs:
        root = e.origin.root
        if best.get(root, -1.0) < e.weight:
            best[root] = e.weight
    return math.fsum(best.values())


class _Claimed:
    """A change a source claims that the evidence does not establish."""

    __slots__ = ("against", "contra", "held", "judgment", "lead", "start", "support", "value")

    def __init__(self, value: Any, start: datetime, support: list[_Ev], contra: list[_Ev], judgment: Any,
                 lead: float, held: list[_Held]) -> None:  # fmt: skip
        self.value = value
        self.start = start
        self.support = support
        self.contra = contra
        self.judgment = judgment
        self.lead = lead
        self.held = held
        self.against = 0.0


class _State:
    """One state of a place's timeline: its value, the claims of its span, how it began."""

    __slots__ = ("change", "claimed", "contested", "evs", "start", "value")

    def __init__(self, value: Any, evs: list[_Ev], start: datetime | None) -> None:
        self.value = value
        self.evs = evs
        self.start = start
        self.change: tuple[Any, float, list[_Ev]] | None = None  # (judgment, lead, support) of the change
        self.claimed: list[_Claimed] = []
        self.contested: tuple[Any, list[_Ev], list[_Ev]] | None = None  # (the change's value, its side, the other)

    def opening(self) -> _Ev:
        """The claim that opened the state: the earliest claim of its change."""
        side = self.change[2] if self.change is not None else self.contested[1] if self.contested else self.evs
        changes = [e for e in side if _opens(e)] or side or self.evs
        return min(changes, key=lambda e: (_start(e).timestamp(), e.id))


class _Window:
    """The claims from a claim of change until the next claim of another change, or until
    the next claim of the same change after credible evidence against it (a fresh claim)."""

    __slots__ = ("against", "answered", "evs", "lead")

    def __init__(self, e: _Ev) -> None:
        self.lead = e.value
        self.evs = [e]
        self.against: dict[str, float] = {}  # origin -> its strongest claim against the change
        self.answered = 0.0  # the evidence against the change so far: the sum of ``against``

    def add(self, e: _Ev) -> None:
        self.evs.append(e)
        if not control_compatible(e.value, self.lead):
            root = e.origin.root
            was = self.against.get(root, 0.0)
            if e.weight > was:
                self.against[root] = e.weight
                self.answered += e.weight - was


class _Timeline:
    """Lays out one place's control claims as states; see :doc:`/explanation/control`."""

    def __init__(self, key: PropositionKey, ctx: _Context, space: _Space) -> None:
        self.key = key
        self.loc = key[1][0] if len(key[1]) == 1 else None
        self.ctx = ctx
        self.policy = ctx.policy
        self.space = space
        self.states: list[_State] = []
        self.claimed: list[_Claimed] = []
        self.region = self.loc is not None and self.loc in space.watched

    def lay_out(self, evs: list[_Ev]) -> None:
        evs = sorted(evs, key=lambda e: (e.hi, e.lo, not _opens(e), e.id))
        window: _Window | None = None
        credible = self.policy.control_credible_evidence
        for e in evs:
            if window is not None:
                if not _opens(e) or (control_compatible(e.value, window.lead) and window.answered < credible):
                    window.add(e)
                    continue
                self._resolve(window, e)
                window = None
            if not self.states:
                window = _Window(e)
                continue
            current = self.states[-1]
            if _opens(e) and not control_compatible(e.value, current.value):
                window = _Window(e)
            else:
                current.evs.append(e)
        if window is not None:
            self._resolve(window, None)

    def _inside(self, value: Any, lo: float, hi: float) -> list[_Held]:
        """Credible states of places inside this region that contradict ``value`` over ``[lo, hi)``."""
        if not self.region or value[0] != "ctrl" or self.loc is None:
            return []
        return self.space.against(self.loc, value[1], lo, hi, self.policy.max_rationale_ids)

    def _resolve(self, window: _Window, after: _Ev | None) -> None:
        evs = window.evs
        values = {e.value for e in evs}
        best = evs[0].value if len(values) == 1 else _best_control_value(evs, values)[0]
        if not self.states:
            support = [e for e in evs if control_compatible(e.value, best)]
            self.states.append(_State(best, evs, min(_start(e) for e in (support or evs))))
            return
        current = self.states[-1]
        value = best if not control_compatible(best, current.value) else window.lead
        support = [e for e in evs if control_compatible(e.value, value)]
        contra = [e for e in evs if not control_compatible(e.value, value)]
        opening = [e for e in support if _opens(e)] or support or evs
        start = min(_start(e) for e in opening)
        if current.start is not None and start < current.start:
            start = current.start
        hi = math.inf if after is None else _start(after).timestamp()
        held = self._inside(value, start.timestamp(), hi)
        against = contra + [e for h in held for e in h.evs]
        judgment = _weigh(support, against, self.policy)
        lead = _side(support) - _side(against)
        policy = self.policy
        if judgment.status in policy.control_change_statuses or (
            judgment.status not in (_CONTESTED, _S.REFUTED) and lead >= policy.control_change_min_lead
        ):
            state = _State(value, evs, start)
            state.change = (judgment, lead, support)
            self.states.append(state)
            return
        credible = policy.control_credible_evidence
        if judgment.status is _CONTESTED and _side(support) >= credible and _side(against) >= credible:
            state = _State(("contested", value[1]), evs, start)
            state.contested = (value, support, against)
            self.states.append(state)
            return
        claimed = _Claimed(value, start, support, against, judgment, lead, held)
        claimed.against = _side(against)
        self.claimed.append(claimed)
        current.claimed.append(claimed)
        current.evs.extend(evs)

    # ----------------------------------------------------------------------- judgments

    def assessments(self, related: list[str], notes: list[str]) -> list[Assessment]:
        out: list[Assessment] = []
        used: set[str] = set()  # claimed changes of one value from one moment get distinct ids
        states = self.states
        for i, st in enumerate(states):
            last = i == len(states) - 1
            end = None if last else states[i + 1].start
            out.append(self._assess_state(i, st, end, states[i - 1] if i else None, related if last else [],
                                          notes if last else []))  # fmt: skip
            for c in st.claimed:
                out.append(self._assess_claimed(c, st, end, used))
        return out

    def _assess_state(
        self, index: int, st: _State, end: datetime | None, earlier: _State | None, related: list[str],
        notes: list[str],
    ) -> Assessment:  # fmt: skip
        policy = self.policy
        loc = self.key[1]
        held: list[_Held] = []
        if st.contested is not None:
            side_value = st.contested[0]
            support = [e for e in st.evs if control_compatible(e.value, side_value)]
            contra = [e for e in st.evs if not control_compatible(e.value, side_value)]
            value = st.value
        else:
            # a more specific value the state's claims agree on ("UA holds it" within "RU does not")
            floor = CONTROL_SPECIFICITY[st.value[0]]
            values = {
                e.value for e in st.evs
                if CONTROL_SPECIFICITY[e.value[0]] >= floor and control_compatible(e.value, st.value)
            } | {st.value}  # fmt: skip
            value = st.value if len(values) == 1 else _best_control_value(st.evs, values)[0]
            support = [e for e in st.evs if control_compatible(e.value, value)]
            # the claims of a change that was not established are weighed once, in its claimed
            # assessment: the standing state cites them as related, and its status is unchanged
            noted = {id(e) for c in st.claimed for e in c.support}
            contra = [e for e in st.evs if not control_compatible(e.value, value) and id(e) not in noted]
            related = [*related, *(e.id for c in st.claimed for e in c.support)]
            lo = -math.inf if st.start is None else st.start.timestamp()
            held = self._inside(value, lo, math.inf if end is None else end.timestamp())
        judgment = _weigh(support, contra + [e for h in held for e in h.evs], policy)
        rationale = [f"[timeline-state] state {index + 1} of the place's timeline: {_describe(value)}"]
        rationale += notes
        if st.change is not None:
            j, lead, sup = st.change
            assert st.start is not None
            rationale.append(
                f"[change-established] the change from {_day(st.start)} ({_describe(st.value)}) is established: "
                f"{j.status.value} according to {self._names(sup)}, leading the evidence against it by {lead:.2f} "
                f"(a change must be {self._statuses()}, or lead by {policy.control_change_min_lead:g})"
            )
        if st.contested is not None and earlier is not None:
            side_value, side, other = st.contested
            assert st.start is not None
            rationale.append(
                f"[contested-state] credible evidence points both ways from {_day(st.start)}: "
                f"{_describe(side_value)} according to {self._names(side)} ({policy.cite(e.id for e in side)}); "
                f"{_describe(earlier.value)} according to {self._names(other)} ({policy.cite(e.id for e in other)})"
            )
        rationale += self._standing(st)
        rationale += self._undated(contra)
        rationale += self._inside_sentences(value, held, st.start)
        rationale += judgment.rationale
        fallback = st.evs[0].claim.statement.party or "unknown"
        statement = _control_statement(value, loc, fallback)
        status = judgment.status
        if st.contested is not None:
            status = _CONTESTED
        if status is _CONTESTED:
            rivals = sorted({v[1] for v in (e.value for e in st.evs) if v[0] == "ctrl" and v[1]})
            if len(rivals) >= 2:
                statement = Statement(predicate=_CONTROL, party=rivals[0], counterparty=rivals[1],
                                      change=ControlChange.CONTESTED, location_ids=loc)  # fmt: skip
                rationale.append(f"[undetermined] control undetermined between {policy.cite(rivals)}")
            else:
                statement = Statement(predicate=_CONTROL, party=value[1] or fallback, change=ControlChange.CONTESTED,
                                      location_ids=loc)  # fmt: skip
        if end is not None:
            start = st.start if st.start is not None and st.start <= end else end
            valid: TimeSpan | None = TimeSpan(start=start, end=end)
            nxt = self.states[index + 1]
            rationale.append(
                f"[superseded] superseded: a later state ({_describe(nxt.value)}, claim {nxt.opening().id}) followed "
                f"from {end.isoformat()}; was {status.value} for its time"
            )
            final: AssessmentStatus = _SUPERSEDED
        else:
            valid = None if st.start is None else TimeSpan(start=st.start)
            final = status
        if earlier is not None:
            rationale.append(
                f"[sequence] follows an earlier state ({_describe(earlier.value)}): a sequence, not a contradiction"
            )
        if (self.loc is not None and value[0] == "ctrl" and value[1] and st.contested is None
                and status in policy.inside_region_statuses):  # fmt: skip
            self.space.record(self.loc, value[1], st.start, end, support)
        state = None if end is None else index
        return _make(self.ctx, _assessment_id(self.key, state), statement, judgment, support,
                     contra + [e for h in held for e in h.evs], related, rationale, status=final,
                     valid=valid)  # fmt: skip

    def _assess_claimed(self, c: _Claimed, standing: _State, end: datetime | None, used: set[str]) -> Assessment:
        policy = self.policy
        place = self._place()
        ids = policy.cite(e.id for e in c.support)
        who = self._names(c.support)
        rationale = [
            f"[claimed-not-observed] {who} claimed that {_change_words(c.value, place)} from {_day(c.start)} "
            f"({ids}); not established: a change of control must be {self._statuses()}, or lead the evidence "
            f"against it by {policy.control_change_min_lead:g}, and this one is {c.judgment.status.value} "
            f"({c.lead + c.against:.2f} for, {c.against:.2f} against); the standing state "
            f"({_describe(standing.value)}) persists"
        ]
        rationale += self._inside_sentences(c.value, c.held, c.start)
        rationale += c.judgment.rationale
        valid = TimeSpan(start=c.start, end=end) if end is not None and end > c.start else TimeSpan(start=c.start)
        statement = self._change_statement(c, standing)
        aid = _claimed_id(self.key, c.value, c.start, 0)
        n = 0
        while aid in used:
            n += 1
            aid = _claimed_id(self.key, c.value, c.start, n)
        used.add(aid)
        return _make(self.ctx, aid, statement, c.judgment, c.support, c.contra,
                     [], rationale, status=_CLAIMED, valid=valid)  # fmt: skip

    def _change_statement(self, c: _Claimed, standing: _State) -> Statement:
        kind, party = c.value
        loc = self.key[1]
        first = c.support[0].claim.statement if c.support else None
        party = party or (first.party if first is not None else None) or "unknown"
        if kind == "ctrl":
            change = ControlChange.CAPTURED
            if first is not None and first.change is ControlChange.RECAPTURED and first.party == party:
                change = ControlChange.RECAPTURED
            other = standing.value[1] if standing.value[0] == "ctrl" and standing.value[1] != party else None
            return Statement(predicate=_CONTROL, party=party, counterparty=other, change=change, location_ids=loc)
        if kind == "not":
            return Statement(predicate=_CONTROL, party=party, change=ControlChange.LOST, location_ids=loc)
        return Statement(predicate=_CONTROL, party=party, change=ControlChange.CONTESTED, location_ids=loc,
                         negated=kind == "calm")  # fmt: skip

    # ----------------------------------------------------------------------- sentences

    def _place(self) -> str:
        return "it" if self.loc is None else self.space.place_name(self.loc)

    def _names(self, evs: Iterable[_Ev]) -> str:
        names = sorted({self.space.source_name(e.claim.source_id) for e in evs})
        limit = self.policy.max_rationale_ids
        if len(names) > limit:
            return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "no source"

    def _statuses(self) -> str:
        words = [s.value for s in _S if s in self.policy.control_change_statuses]
        if not words:
            return "(by status: never)"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    def _standing(self, st: _State) -> list[str]:
        limit = self.policy.max_rationale_ids
        out = [
            f"[standing-state] the state persists through a change claimed from {_day(c.start)} by "
            f"{self._names(c.support)} ({_describe(c.value)}; {self.policy.cite(e.id for e in c.support)}): "
            f"{c.judgment.status.value}, not established"
            for c in st.claimed[:limit]
        ]
        if len(st.claimed) > limit:
            out.append(f"[standing-state] the state persists through {len(st.claimed) - limit} more claimed changes")
        return out

    def _undated(self, evs: Iterable[_Ev]) -> list[str]:
        undated = sorted((e for e in evs if _undated_change(e)), key=lambda e: e.id)
        limit = self.policy.max_rationale_ids
        place = self._place()
        out = [
            f"[no-event-time] {self.space.source_name(e.claim.source_id)}'s claim that "
            f"{_change_words(e.value, place)} ({e.id}) has no event time: it counts as of its report time, "
            f"{_day(e.claim.reported_at)}, and cannot change the picture"
            for e in undated[:limit]
        ]
        if len(undated) > limit:
            out.append(f"[no-event-time] {len(undated) - limit} more claims of change have no event time")
        return out

    def _inside_sentences(self, value: Any, held: list[_Held], since: datetime | None) -> list[str]:
        if not held or self.loc is None:
            return []
        region = self.space.place_name(self.loc)
        out = []
        for h in held:
            moment = h.start
            if since is not None and (moment is None or moment < since):
                moment = since
            when = "" if moment is None else f" on {_day(moment)}"
            out.append(
                f"[inside-region] {h.holder} held {self.space.place_name(h.place)} (inside {region}){when} "
                f"according to {self._names(h.evs)}: {value[1]} cannot have held the whole of {region} then"
            )
        return out


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _change_words(value: Any, place: str) -> str:
    kind, party = value
    if kind == "ctrl":
        return f"{party} took {place}"
    if kind == "not":
        return f"{party} lost {place}"
    if kind == "contested":
        return f"{place} became contested"
    return f"{place} stopped being contested"


def _claimed_id(key: PropositionKey, value: Any, start: datetime, n: int) -> str:
    """The id of a claimed change: the place, the value claimed, when (and a count, for repeats)."""
    parts = (_assessment_id(key), "claimed", value[0], value[1] or "\x00", repr(start.timestamp()), str(n))
    payload = "\x1f".join(parts)
    return "assessment-" + hashlib.sha256(payload.encode()).hexdigest()[:24]


def _assess_timeline(
    key: PropositionKey, evs: list[_Ev], related: list[str], notes: list[str], ctx: _Context, space: _Space
) -> list[Assessment]:
    """The assessments of one place's control: one per state, one per claimed change."""
    if not evs:
        return []
    timeline = _Timeline(key, ctx, space)
    timeline.lay_out(evs)
    return timeline.assessments(related, notes)
