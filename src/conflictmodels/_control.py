"""Control of a place over time: the timeline of states and the judgment of each.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import copy
import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ._evidence import _ADMIT, _UNNAMED, _assessment_id, _Context, _Ev, _make, _weigh
from ._space import _Held, _Space
from .assessment import Assessment
from .evidence import coarser_than_place
from .policy import CONTROL_SPECIFICITY
from .relations import (
    PropositionKey,
    control_compatible,
)
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, ControlChange, PlaceRelation, Predicate, Reliability

__all__: list[str] = []


_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
_UNVERIFIED, _CONTESTED, _SUPERSEDED, _CLAIMED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED, _S.CLAIMED
_GRADE = {r: i for i, r in enumerate(Reliability)}  # A first


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
    """Whether a claim can open a state: a claim of change, with an event time, not a denial,
    and not a geolocator's verification of its footage (presence at a time, not control since a date)."""
    return e.claim.when is not None and not e.negated and e.claim.statement.change in _OPENS and e.footage is None


def _undated_change(e: _Ev) -> bool:
    return e.claim.when is None and not e.negated and e.claim.statement.change in _CHANGES and e.footage is None


def _start(e: _Ev) -> datetime:
    """When a claim says its state began: its event time's start (or known end), else its report time.

    Never after its report time: an event time after it (a span "by" a later date, a typo
    in the year) is placed at the report time, and the rationale says so (``[time-after-report]``).
    """
    w = e.claim.when
    if w is None:
        return e.claim.reported_at
    moment = w.start if w.start is not None else w.end
    assert moment is not None
    return e.claim.reported_at if moment > e.claim.reported_at else moment


_GRACE = 86400.0
"""A span "by" the end of the day of its report ("by Sunday", reported on Sunday) is placed at
its report time without a word; an event time later than that is named in the rationale."""


def _late(e: _Ev) -> datetime | None:
    """The event time a claim gives after its report time and its day (placed at its report time), if any."""
    w = e.claim.when
    if w is None:
        return None
    moment = w.start if w.start is not None else w.end
    if moment is None or moment.timestamp() - e.claim.reported_at.timestamp() <= _GRACE:
        return None
    return moment


def _order(e: _Ev) -> tuple[float, float, bool, str]:
    """Where a claim sorts on the timeline: its time (never after its report time), changes first."""
    lo, hi = e.lo, e.hi
    reported = e.claim.reported_at.timestamp()
    if lo > reported:
        lo = hi = reported
    return hi, lo, not _opens(e), e.id


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

    __slots__ = ("against", "basis", "contra", "held", "in_force", "judgment", "lead", "refuted_at", "start",
                 "support", "value")  # fmt: skip

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
        self.basis = True  # whether a credible source backs it
        self.in_force: list[_Ev] = []  # the standing state's evidence counted against it, faded
        self.refuted_at: datetime | None = None  # the time of the last evidence against it in its window


_STANDING_ORIGINS = 32
"""How many origins of a standing state count against a change: the strongest, and the
strongest once faded (the most recent). Beyond them the standing evidence is already
overwhelming (32 D-rated origins at the floor outweigh any change), and keeping them
bounded keeps each change's weighing independent of the length of the state's history."""


class _Standing:
    """Per origin, the standing state's strongest claim and the claim strongest once faded:
    what the state's evidence in force is at any later time. Only the top
    :data:`_STANDING_ORIGINS` origins by each measure are kept (ties by root), which does
    not depend on the order the claims come in: an origin dropped from a top list can
    only come back with a claim above everything it had."""

    __slots__ = ("by_key", "by_weight", "fade", "origins")

    def __init__(self, fade: float) -> None:
        self.fade = fade  # ln 2 / half-life, per second
        self.origins: dict[str, list[Any]] = {}  # root -> [top weight, its claim, top log-key, its claim]
        self.by_weight: set[str] = set()
        self.by_key: set[str] = set()

    def add(self, e: _Ev) -> None:
        w = e.weight
        if w <= 0.0:
            return
        key = math.log(w) + _start(e).timestamp() * self.fade
        root = e.origin.root
        slot = self.origins.get(root)
        if slot is None:
            slot = self.origins[root] = [w, e, key, e]
        else:
            if w >= slot[0]:  # of equal claims, the latest (claims come in time order)
                slot[0], slot[1] = w, e
            if key > slot[2]:
                slot[2], slot[3] = key, e
        dropped = []
        for pool, i in ((self.by_weight, 0), (self.by_key, 2)):
            if root in pool:
                continue
            pool.add(root)
            if len(pool) > _STANDING_ORIGINS:
                out = min(pool, key=lambda r: (self.origins[r][i], r))
                pool.discard(out)
                dropped.append(out)
        for out in dropped:
            if out not in self.by_weight and out not in self.by_key:
                self.origins.pop(out, None)

    def in_force(self, at: datetime, floor: float, skip: set[str]) -> list[_Ev]:
        """Each origin's claim as evidence in force at ``at`` (a faded copy), origins in ``skip`` left out."""
        t = at.timestamp() * self.fade
        out: list[_Ev] = []
        for root in sorted(self.origins):
            if root in skip:
                continue
            top, top_e, key, key_e = self.origins[root]
            faded = math.exp(min(50.0, key - t))
            if faded >= top * floor:
                w, e = min(top, faded), key_e
            else:
                w, e = top * floor, top_e
            if w >= e.weight:
                out.append(e)
                continue
            f = copy.copy(e)
            f.weight = w
            out.append(f)
        return out


class _State:
    """One state of a place's timeline: its value, the claims of its span, how it began."""

    __slots__ = ("change", "claimed", "contested", "evs", "in_force", "standing", "start", "value")

    def __init__(self, value: Any, evs: list[_Ev], start: datetime | None, fade: float) -> None:
        self.value = value
        self.evs: list[_Ev] = []
        self.start = start
        self.change: tuple[Any, float, list[_Ev]] | None = None  # (judgment, lead, support) of the change
        self.claimed: list[_Claimed] = []
        self.contested: tuple[Any, list[_Ev], list[_Ev]] | None = None  # (the change's value, its side, the other)
        self.standing = _Standing(fade)  # the state's own evidence, for the bar of the next change
        self.in_force: list[_Ev] = []  # the earlier state's evidence in force the change was weighed against
        self.extend(evs)

    def extend(self, evs: Iterable[_Ev]) -> None:
        for e in evs:
            self.evs.append(e)
            if control_compatible(e.value, self.value):
                self.standing.add(e)

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
        self.orphans: list[_Claimed] = []  # claims with no usable information before any state
        self.region = self.loc is not None and self.loc in space.watched
        self.fade = math.log(2.0) / (self.policy.control_standing_half_life_days * 86400.0)

    def lay_out(self, evs: list[_Ev]) -> None:
        evs = sorted(evs, key=_order)
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
                current.extend((e,))
        if window is not None:
            self._resolve(window, None)

    def _inside(self, value: Any, lo: float, hi: float) -> list[_Held]:
        """Credible states of places inside this region that contradict ``value`` over ``[lo, hi)``."""
        if not self.region or value[0] != "ctrl" or self.loc is None:
            return []
        return self.space.against(self.loc, value[1], lo, hi, self.policy.max_rationale_ids)

    def _credible(self, support: Iterable[_Ev]) -> bool:
        """Whether a credible source backs a change: a firm third-party origin rated
        ``control_change_min_reliability`` or better (a geolocator whose verification of a
        claim's footage counts is one: see :mod:`._footage`), or the losing side's admission
        that counts (a geolocator of the losing side's, verifying the footage, admits it)."""
        policy = self.policy
        grade = _GRADE[policy.control_change_min_reliability]
        for e in support:
            origin = e.origin
            if e.hedged or origin.root == _UNNAMED:
                continue
            if e.interest == _ADMIT and e.weight >= policy.admission_min_weight:
                return True
            r = origin.reliability
            if e.interest is None and not origin.aligned and r is not None and r not in policy.unreliable \
                    and _GRADE[r] <= grade:  # fmt: skip
                return True
        return False

    def _resolve(self, window: _Window, after: _Ev | None) -> None:
        evs = window.evs
        values = {e.value for e in evs}
        best = evs[0].value if len(values) == 1 else _best_control_value(evs, values)[0]
        policy = self.policy
        if not self.states:
            support = [e for e in evs if control_compatible(e.value, best)]
            start = min(_start(e) for e in (support or evs))
            if _side(evs) < policy.min_evidence:  # no usable information: no state is drawn from it
                contra = [e for e in evs if not control_compatible(e.value, best)]
                orphan = _Claimed(best, start, support or evs, contra, _weigh(support or evs, contra, policy), 0.0, [])
                orphan.basis = False
                self.orphans.append(orphan)
                return
            self.states.append(_State(best, evs, start, self.fade))
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
        # the standing state's evidence in force at the change counts against it (an origin
        # reporting the change itself has updated its earlier reports: they do not count)
        in_force = current.standing.in_force(start, policy.control_standing_floor, {e.origin.root for e in support})
        against = contra + [e for h in held for e in h.evs] + in_force
        judgment = _weigh(support, against, policy)
        lead = _side(support) - _side(against)
        basis = self._credible(support)
        if basis and (judgment.status in policy.control_change_statuses or (
            judgment.status not in (_CONTESTED, _S.REFUTED) and lead >= policy.control_change_min_lead
        )):  # fmt: skip
            state = _State(value, evs, start, self.fade)
            state.change = (judgment, lead, support)
            state.in_force = in_force
            self.states.append(state)
            return
        credible = policy.control_credible_evidence
        if basis and judgment.status is _CONTESTED and _side(support) >= credible and _side(against) >= credible:
            state = _State(("contested", value[1]), evs, start, self.fade)
            state.contested = (value, support, against)
            state.in_force = in_force
            self.states.append(state)
            return
        claimed = _Claimed(value, start, support, against, judgment, lead, held)
        claimed.against = _side(against)
        claimed.basis = basis
        claimed.in_force = in_force
        if judgment.status is _S.REFUTED and contra:  # answered: the evidence of its own window refutes it
            claimed.refuted_at = max([start, *(_start(e) for e in contra)])
        self.claimed.append(claimed)
        current.claimed.append(claimed)
        current.extend(evs)

    # ----------------------------------------------------------------------- judgments

    def assessments(self, related: list[str], notes: list[str]) -> list[Assessment]:
        out: list[Assessment] = []
        used: set[str] = set()  # claimed changes of one value from one moment get distinct ids
        states = self.states
        first = states[0].start if states else None
        for n, c in enumerate(self.orphans):
            # with no state at all, the last claimed change cites the claims set aside (withdrawn, doubtful)
            carry = not states and n == len(self.orphans) - 1
            out.append(self._assess_claimed(c, None, first, used, related if carry else [], notes if carry else []))
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
            # the earlier state's evidence in force made it contested: it is still weighed
            contra = [e for e in st.evs if not control_compatible(e.value, side_value)] + st.in_force
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
                f"(a change must be {self._statuses()}, or lead by {policy.control_change_min_lead:g}, and be "
                f"backed by {self._credible_words()})"
            )
            rationale += self._in_force_sentences(st.in_force, st.start)
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
        rationale += self._late_sentences([*support, *contra])
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
                between = _and(rivals[:-1]) + " and " + rivals[-1] if len(rivals) <= policy.max_rationale_ids \
                    else policy.cite(rivals)  # fmt: skip
                rationale[0] = (
                    f"[timeline-state] state {index + 1} of the place's timeline: contested between {between}"
                )
                rationale.append(f"[undetermined] control is undetermined: the evidence does not settle it between "
                                 f"{between}")  # fmt: skip
            else:
                statement = Statement(predicate=_CONTROL, party=value[1] or fallback, change=ControlChange.CONTESTED,
                                      location_ids=loc)  # fmt: skip
        if end is not None:
            start = st.start if st.start is not None and st.start <= end else end
            valid: TimeSpan | None = TimeSpan(start=start, end=end)
            nxt = self.states[index + 1]
            opening = nxt.opening()
            rationale.append(
                f"[superseded] superseded on {_day(end)}, when a later state began ({_describe(nxt.value)}, "
                f"according to {self._names((opening,))} ({opening.id})); this state was {status.value} for its time"
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

    def _assess_claimed(
        self, c: _Claimed, standing: _State | None, end: datetime | None, used: set[str],
        related: Sequence[str] = (), notes: Sequence[str] = (),
    ) -> Assessment:  # fmt: skip
        policy = self.policy
        place = self._place()
        ids = policy.cite(e.id for e in c.support)
        who = self._names([e for e in c.support if e.footage is None] or c.support)  # who claimed it
        if standing is None:
            rationale = [
                f"[claimed-not-observed] {who} claimed that {_describe_as_claim(c, place)} from {_day(c.start)} "
                f"({ids}); not established: there is no earlier state to persist",
                "[no-information-state] the reports carry no usable information: no state of control is drawn "
                "from them, and nobody is shown holding the place",
            ]
        else:
            rationale = [
                f"[claimed-not-observed] {who} claimed that {_change_words(c.value, place)} from {_day(c.start)} "
                f"({ids}); not established: a change of control must be {self._statuses()}, or lead the evidence "
                f"against it by {policy.control_change_min_lead:g}, and be backed by {self._credible_words()}; this "
                f"one is {c.judgment.status.value} ({c.lead + c.against:.2f} for, {c.against:.2f} against); the "
                f"standing state ({_describe(standing.value)}) persists"
            ]
            if not c.basis:
                rationale.append(
                    f"[no-credible-basis] no credible source backs it: {who} "
                    f"{'is' if len({e.claim.source_id for e in c.support if e.footage is None}) <= 1 else 'are'} not "
                    f"a firm third-party source rated {policy.control_change_min_reliability.value} or better nor the "
                    "losing side's own admission, and no such source geolocated its footage at the place, so it "
                    "stays claimed, not observed, whatever its status"
                )
            rationale += self._in_force_sentences(c.in_force, c.start)
        rationale[1:1] = notes  # why claims were set aside, after what was claimed
        rationale += self._late_sentences(c.support)
        rationale += self._inside_sentences(c.value, c.held, c.start)
        rationale += c.judgment.rationale
        if c.refuted_at is not None:
            closed = c.refuted_at if end is None or c.refuted_at < end else end
            end = max(closed, c.start)
            rationale.append(
                f"[claimed-refuted] the evidence refutes the claimed change: it is no longer pending from {_day(end)}"
            )
            valid = TimeSpan(start=c.start, end=end)
        else:
            valid = TimeSpan(start=c.start, end=end) if end is not None and end > c.start else TimeSpan(start=c.start)
        statement = self._change_statement(c, standing)
        aid = _claimed_id(self.key, c.value, c.start, 0)
        n = 0
        while aid in used:
            n += 1
            aid = _claimed_id(self.key, c.value, c.start, n)
        used.add(aid)
        return _make(self.ctx, aid, statement, c.judgment, c.support, c.contra,
                     related, rationale, status=_CLAIMED, valid=valid)  # fmt: skip

    def _change_statement(self, c: _Claimed, standing: _State | None) -> Statement:
        kind, party = c.value
        loc = self.key[1]
        first = c.support[0].claim.statement if c.support else None
        party = party or (first.party if first is not None else None) or "unknown"
        if standing is None and (first is None or first.change not in _OPENS):
            return _control_statement(c.value, loc, party)
        if kind == "ctrl":
            change = ControlChange.CAPTURED
            if first is not None and first.change is ControlChange.RECAPTURED and first.party == party:
                change = ControlChange.RECAPTURED
            other = None
            if standing is not None and standing.value[0] == "ctrl" and standing.value[1] != party:
                other = standing.value[1]
            return Statement(predicate=_CONTROL, party=party, counterparty=other, change=change, location_ids=loc)
        if kind == "not":
            return Statement(predicate=_CONTROL, party=party, change=ControlChange.LOST, location_ids=loc)
        return Statement(predicate=_CONTROL, party=party, change=ControlChange.CONTESTED, location_ids=loc,
                         negated=kind == "calm")  # fmt: skip

    # ----------------------------------------------------------------------- sentences

    def _place(self) -> str:
        return "it" if self.loc is None else self.space.place_name(self.loc)

    def _names(self, evs: Iterable[_Ev]) -> str:
        """The sources of ``evs`` by name (a geolocator's verification by the geolocator's)."""
        names = sorted({e.speaker.name if e.footage is not None else self.space.source_name(e.claim.source_id)
                        for e in evs})  # fmt: skip
        limit = self.policy.max_rationale_ids
        if len(names) > limit:
            return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "no source"

    def _statuses(self) -> str:
        words = [s.value for s in _S if s in self.policy.control_change_statuses]
        if not words:
            return "(by status: never)"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    def _credible_words(self) -> str:
        grade = self.policy.control_change_min_reliability.value
        return (
            f"a firm third-party source rated {grade} or better, footage such a source geolocated at the place, or "
            "the losing side's own admission"
        )

    def _in_force_sentences(self, in_force: list[_Ev], at: datetime | None) -> list[str]:
        if not in_force or at is None:
            return []
        policy = self.policy
        return [
            f"[standing-evidence] the earlier state's evidence still in force on {_day(at)} counts against the "
            f"change: {self._names(in_force)} ({policy.cite(e.id for e in in_force)}), {_side(in_force):.2f} "
            f"(a report halves in weight every {policy.control_standing_half_life_days:g} days before the change, "
            f"and keeps at least {policy.control_standing_floor:g} of it: the standing picture persists); a source "
            "that reports the change itself is not counted against it"
        ]

    def _late_sentences(self, evs: Iterable[_Ev]) -> list[str]:
        late = sorted(
            ((e, t) for e in evs if e.footage is None and (t := _late(e)) is not None), key=lambda et: et[0].id
        )
        limit = self.policy.max_rationale_ids
        out = [
            f"[time-after-report] {self.space.source_name(e.claim.source_id)}'s claim ({e.id}) dates the event "
            f"{_day(t)}, after it was reported on {_day(e.claim.reported_at)}: it is placed at its report time"
            for e, t in late[:limit]
        ]
        if len(late) > limit:
            out.append(f"[time-after-report] {len(late) - limit} more claims date their event after their report")
        return out

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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _day(moment: datetime) -> str:
    """A date as an editor prints it: ``17 February 2024``."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _and(items: list[str]) -> str:
    return ", ".join(items)


def _describe_as_claim(c: _Claimed, place: str) -> str:
    first = c.support[0].claim.statement if c.support else None
    if first is not None and first.change in _OPENS:
        return _change_words(c.value, place)
    kind, party = c.value
    return {"ctrl": f"{party} holds {place}", "not": f"{party} does not hold {place}",
            "contested": f"{place} is contested", "calm": f"{place} is not contested"}[kind]  # fmt: skip


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


_AROUND = {
    PlaceRelation.NEAR: "the area near",
    PlaceRelation.OUTSKIRTS: "the outskirts of",
    PlaceRelation.DIRECTION_OF: "the direction of",
    PlaceRelation.AREA_OF: "the area of",
}


def _not_the_place(evs: Iterable[_Ev], space: _Space) -> dict[str, str]:
    """The control claims that are not about the place itself, each with the sentence
    that sets it aside: about its surroundings (``place_relation`` other than ``in``), or
    coded coarser than the place (``geo_precision`` ``adm1`` for a village). Such a claim
    is recorded (related) and never opens, supports or contradicts a state of the place.
    One dictionary lookup per claim that has either field."""
    out: dict[str, str] = {}
    for e in evs:
        claim = e.claim
        relation, precision = claim.place_relation, claim.geo_precision
        if relation is None and precision is None:
            continue
        loc = claim.statement.location_ids[0]
        place = space.place_name(loc)
        who = space.source_name(claim.source_id)
        if relation is not None and relation is not PlaceRelation.IN:
            out[e.id] = (
                f"[surroundings] {who}'s claim ({e.id}) is about {_AROUND[relation]} {place}, not the place "
                f"itself: recorded, never a state of {place}"
            )
            continue
        kind = space.place_kinds.get(loc)
        if precision is not None and kind is not None and coarser_than_place(precision, kind):
            out[e.id] = (
                f"[coarse-precision] {who}'s claim ({e.id}) is coded to {precision.value} precision, coarser than "
                f"{place} (a {kind.value.replace('_', ' ')}): recorded, never a state of {place}"
            )
    return out


def _assess_timeline(
    key: PropositionKey, evs: list[_Ev], related: list[str], notes: list[str], ctx: _Context, space: _Space
) -> list[Assessment]:
    """The assessments of one place's control: one per state, one per claimed change."""
    if not evs:
        return []
    timeline = _Timeline(key, ctx, space)
    timeline.lay_out(evs)
    return timeline.assessments(related, notes)
