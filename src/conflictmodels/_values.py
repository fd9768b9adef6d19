"""Attribute values: competing values of one attribute, weighed, with their probabilities.

Internal to :mod:`conflictmodels.reconciliation`. Claims are grouped by value with the
semantics of :mod:`conflictmodels.values` (one key per value; numbers and times that
overlap, and places inside each other, joined through a sweep and a union-find, so the
work stays near-linear); within a value each origin counts once (its strongest
claim); denials of a value count against it. The value with the most evidence is
chosen (ties: the value that sorts first); every value is listed as an
:class:`~conflictmodels.Alternative` with its share of the evidence (a softmax over
each value's summed weights: the prior is the same for every value and cancels).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from ._figures import _assess_boolean
from ._spec import exact_key
from .assessment import Assessment
from .relations import PropositionKey
from .values import Alternative, Value, value_interval, value_key, value_text

if TYPE_CHECKING:
    from ._space import _Space

__all__: list[str] = []


class _Group:
    """Claims giving one value (or values counted as one), and their weighing."""

    __slots__ = ("canonical", "denials", "evs", "forms", "probability", "score", "value")

    def __init__(self, evs: list[_Ev]) -> None:
        self.evs = evs
        self.denials: list[_Ev] = []
        self.value: Value = _value(evs[0])
        self.canonical: Any = None
        self.forms = 0
        self.score = 0.0
        self.probability = 0.0

    def weigh(self) -> None:
        """Score (each origin once, its strongest claim; denials against), and the
        representative value: the written form with the most evidence, ties to the
        one that sorts first."""
        by_form: dict[Any, tuple[Value, dict[str, float]]] = {}
        best: dict[str, float] = {}
        for e in self.evs:
            v = _value(e)
            k = exact_key(v)
            slot = by_form.get(k)
            if slot is None:
                slot = by_form[k] = (v, {})
            root = e.origin.root
            for weights in (slot[1], best):
                if e.weight > weights.get(root, -1.0):
                    weights[root] = e.weight
        against: dict[str, float] = {}
        for e in self.denials:
            if e.weight > against.get(e.origin.root, -1.0):
                against[e.origin.root] = e.weight
        self.score = math.fsum(best.values()) - math.fsum(against.values())
        self.forms = len(by_form)
        top = min(by_form.items(), key=lambda kv: (-math.fsum(kv[1][1].values()), kv[0]))
        self.value, self.canonical = top[1][0], top[0]

    @property
    def origins(self) -> int:
        return len({e.origin.root for e in self.evs})


def _value(e: _Ev) -> Value:
    v = e.claim.statement.value
    assert v is not None
    return v


def _assess_values(
    key: PropositionKey,
    active: list[_Ev],
    retracted: list[str],
    notes: list[str],
    ctx: _Context,
    space: _Space,
) -> Assessment:
    """The assessment of one attribute: the chosen value, its status, and the alternatives."""
    policy = ctx.policy
    positive = [e for e in active if not e.negated]
    denials = [e for e in active if e.negated]
    if not positive:  # only denials: what is assessed is the denial, as for any proposition
        return _assess_boolean(key, active, retracted, notes, ctx)
    groups = _groups(positive, policy, space)
    index: dict[Any, _Group] = {}
    for g in groups:
        for e in g.evs:
            index.setdefault(value_key(_value(e)), g)
    unmatched: list[_Ev] = []
    for e in denials:
        denied = index.get(value_key(_value(e)))
        if denied is None:
            unmatched.append(e)  # a denial of a value nobody gave: related, not weighed
        else:
            denied.denials.append(e)
    for g in groups:
        g.weigh()
    top = max(g.score for g in groups)
    total = math.fsum(math.exp(g.score - top) for g in groups)
    for g in groups:
        g.probability = math.exp(g.score - top) / total
    groups.sort(key=lambda g: (-g.score, g.canonical))
    chosen = groups[0]
    support = chosen.evs
    contra = [*chosen.denials, *(e for g in groups[1:] for e in g.evs)]
    judgment = _weigh(support, contra, policy)
    rationale = [*notes, *_sentences(key, groups, unmatched, ctx, space)]
    rep = min(support, key=lambda e: e.id).claim.statement
    statement = attrs.evolve(rep, value=chosen.value, negated=False)
    related = [*retracted, *(e.id for e in unmatched), *(e.id for g in groups[1:] for e in g.denials)]
    made = _make(ctx, _assessment_id(key), statement, judgment, support, contra, related,
                 [*rationale, *judgment.rationale])  # fmt: skip
    alternatives = tuple(
        Alternative(
            value=g.value,
            probability=g.probability,
            supporting=tuple(sorted({e.id for e in g.evs})),
            independent_origins=g.origins,
        )
        for g in groups[: policy.max_alternatives]
    )
    return attrs.evolve(made, alternatives=alternatives)


# --------------------------------------------------------------------------- grouping


def _groups(evs: Sequence[_Ev], policy: Any, space: _Space) -> list[_Group]:
    """Claims grouped by value: equal keys first, then keys joined when their values are
    compatible (numbers and times that overlap, a place inside another)."""
    buckets: dict[Any, list[_Ev]] = {}
    for e in evs:
        buckets.setdefault(value_key(_value(e)), []).append(e)
    keys = sorted(buckets, key=lambda k: exact_key(k))  # a fixed order, whatever the claims' order
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    window = policy.value_time_window_minutes * 60.0
    sweeps: dict[Any, list[tuple[float, float, int]]] = {}
    place_of: dict[str, int] = {}
    for i, k in enumerate(keys):
        v = _value(buckets[k][0])
        kind = k[0]
        if kind in ("number", "time"):
            lo, hi = value_interval(v, policy.estimate_tolerance, window)  # type: ignore[misc]
            unit = v.number.unit if v.number is not None else None
            sweeps.setdefault((kind, unit), []).append((lo, hi, i))
        elif kind == "location_ids" and len(v.location_ids) == 1:
            place_of[v.location_ids[0]] = i
    for intervals in sweeps.values():  # overlapping intervals, chained, are one value
        intervals.sort()
        reach, first = -math.inf, -1
        for lo, hi, i in intervals:
            if first >= 0 and lo <= reach:
                union(first, i)
                reach = max(reach, hi)
            else:
                first, reach = i, hi
    for place, i in place_of.items():  # a place and a place that contains it are one value
        for outer in space.containers.get(place, ()):
            j = place_of.get(outer)
            if j is not None:
                union(i, j)
    merged: dict[int, list[_Ev]] = {}
    for i, k in enumerate(keys):
        merged.setdefault(find(i), []).extend(buckets[k])
    return [_Group(members) for _, members in sorted(merged.items())]


# --------------------------------------------------------------------------- wording


def _sentences(key: PropositionKey, groups: list[_Group], unmatched: list[_Ev], ctx: _Context,
               space: _Space) -> list[str]:  # fmt: skip
    policy = ctx.policy
    chosen = groups[0]
    about = _about(key, space)
    shown = _show(chosen.value, space)
    ids = policy.cite(e.id for e in chosen.evs)
    if len(groups) == 1:
        out = [f"[values] one value was reported for {about}: {shown} ({ids})"]
    else:
        out = [
            f"[values] {len(groups)} different values were reported for {about}: {shown} is chosen, "
            f"with {_origins(chosen.origins)} and probability {chosen.probability:.2f} among the values ({ids})"
        ]
        runner = groups[1]
        if runner.score == chosen.score:
            out.append(
                f"[value-tie] {shown} and {_show(runner.value, space)} have equal evidence: {shown} is chosen "
                "because it sorts first"
            )
    if chosen.forms > 1:
        out.append(
            f"[value-merged] {len(chosen.evs)} claims giving {chosen.forms} values written differently count as "
            f"one value, {shown}"
        )
    denied = [e.id for g in groups for e in g.denials]
    if denied or unmatched:
        out.append(
            f"[value-denied] denials ({policy.cite([*denied, *(e.id for e in unmatched)])}) count against the "
            "value they deny"
        )
    hidden = groups[policy.max_alternatives :]
    if hidden:
        rest = math.fsum(g.probability for g in hidden)
        out.append(
            f"[value-alternatives] {len(hidden)} more values, with probability {rest:.2f} together, are not listed"
        )
    return out


def _origins(n: int) -> str:
    return "one independent origin" if n == 1 else f"{n} independent origins"


def _about(key: PropositionKey, space: _Space) -> str:
    """The attribute and what it is about, in words: 'authors of 9780201896831'."""
    attribute = key[3] or "the attribute"
    places = [space.place_names.get(p, p) for p in key[1]]
    things = [*places, *key[2], *([key[4]] if key[4] is not None else [])]
    return f"{attribute} of {', '.join(things)}" if things else attribute


def _show(value: Value, space: _Space) -> str:
    """A value as a rationale sentence quotes it (places by name)."""
    names = space.place_names
    return value_text(value, lambda p: names.get(p, p))
