"""Attribute values: competing values of one attribute, weighed, with their probabilities.

Internal to :mod:`conflictmodels.reconciliation`. Claims are grouped by value with the
semantics of :mod:`conflictmodels.values` (one key per value; numbers and times that
overlap, and places inside each other, joined through a sweep and a union-find, so the
work stays near-linear); within a value each origin counts once (its strongest
claim); denials of a value count against it; a set value (an author list) also gets
``Policy.value_partial_support`` of the evidence of each smaller set inside it.

Each value's log-odds is ``prior_log_odds`` plus its evidence, mapped by
``Policy.value_calibration`` (scale, offset); its probability is a softmax over the
values reported and one value nobody reported (log-odds 0), so the probabilities say
both how the values compare and how likely it is that none of them is right. The value
with the highest probability is chosen (ties: the value that sorts first), its
probability gives the assessment's likelihood, and every value is listed as an
:class:`~conflictmodels.Alternative` with its probability.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._evidence import _assessment_id, _Context, _Ev, _make, _weigh
from ._figures import _assess_boolean
from ._spec import exact_key
from .assessment import Assessment
from .relations import PropositionKey
from .statement import Statement
from .values import Alternative, Value, value_interval, value_key, value_text

if TYPE_CHECKING:
    from ._space import _Space

__all__: list[str] = []


class _Group:
    """Claims giving one value (or values counted as one), and their weighing."""

    __slots__ = ("canonical", "denials", "evs", "forms", "members", "probability", "score", "value")

    def __init__(self, evs: list[_Ev]) -> None:
        self.evs = evs
        self.denials: list[_Ev] = []
        self.value: Value = _value(evs[0])
        self.canonical: Any = None
        self.forms = 0
        self.members: frozenset[Any] | None = None  # a set value's members (after weigh)
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
    if v is None:  # a value the caller set on the evidence (who commands a unit: :mod:`._events`)
        v = e.value
    assert isinstance(v, Value)
    return v


def _assess_values(
    key: PropositionKey,
    active: list[_Ev],
    retracted: list[str],
    notes: list[str],
    ctx: _Context,
    space: _Space,
    *,
    about: str | None = None,
    restate: Callable[[Statement, Value], Statement] | None = None,
    state: int | None = None,
) -> Assessment:
    """The assessment of one attribute: the chosen value, its status, and the alternatives.

    ``about`` words what the values are of (by default the attribute and its places,
    units or entity), ``restate`` writes the chosen value into the assessment's
    statement (by default its ``value``), ``state`` tells one assessment of a
    proposition from another (:mod:`._events`: one per period of command)."""
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
    _partial_support(groups, policy)
    _posterior(groups, policy)
    groups.sort(key=lambda g: (-g.score, g.canonical))
    chosen = groups[0]
    support = chosen.evs
    contra = [*chosen.denials, *(e for g in groups[1:] for e in g.evs)]
    judgment = _judge(support, contra, groups, ctx, space)
    rationale = [*notes, *_sentences(key, groups, unmatched, ctx, space, about)]
    rep = min(support, key=lambda e: e.id).claim.statement
    statement = attrs.evolve(rep, value=chosen.value, negated=False) if restate is None else restate(rep, chosen.value)
    related = [*retracted, *(e.id for e in unmatched), *(e.id for g in groups[1:] for e in g.denials)]
    made = _make(ctx, _assessment_id(key, state), statement, judgment, support, contra, related,
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


# --------------------------------------------------------------------------- probability

_SET_KINDS = frozenset({"names", "texts", "location_ids", "unit_ids"})


def _partial_support(groups: list[_Group], policy: Any) -> None:
    """A set value (an author list, places, units) gets ``value_partial_support`` of the
    evidence of every smaller set inside it: a store listing only the first author does
    not contradict the full list. Compared among the ``max_alternatives`` sets with the
    most evidence, so the work stays linear in the values."""
    share = policy.value_partial_support
    sets = [g for g in groups if g.members is not None]
    if share == 0.0 or len(sets) < 2:
        return
    if len(sets) > policy.max_alternatives:
        sets = sorted(sets, key=lambda g: (-g.score, g.canonical))[: policy.max_alternatives]
    extra = []
    for g in sets:
        m = g.members
        assert m is not None
        extra.append(share * math.fsum([max(0.0, h.score) for h in sets if h.members is not None and h.members < m]))
    for g, x in zip(sets, extra, strict=True):
        g.score += x


def _posterior(groups: list[_Group], policy: Any) -> None:
    """Each value's probability: a softmax over its calibrated log-odds
    (``value_calibration`` applied to ``prior_log_odds`` plus its evidence) and one value
    nobody reported, at log-odds 0."""
    scale, offset = policy.value_calibration
    logits = [scale * (policy.prior_log_odds + g.score) + offset for g in groups]
    top = max(max(logits), 0.0)
    z = math.fsum([*(math.exp(x - top) for x in logits), math.exp(-top)])
    for g, x in zip(groups, logits, strict=True):
        g.probability = math.exp(x - top) / z


def _judge(support: list[_Ev], contra: list[_Ev], groups: list[_Group], ctx: _Context, space: _Space) -> Any:
    """The weighing of the chosen value against the others, with the chosen value's
    probability for the status ladder and the likelihood, and a sentence saying so."""
    policy = ctx.policy
    chosen = groups[0]
    j = _weigh(support, contra, policy, chosen.probability)
    at = next((i for i, x in enumerate(j.rationale) if x.startswith("[evidence] ")), None)
    if at is not None:
        against = math.fsum([g.score for g in groups[1:] if g.score > 0.0])
        band = policy.likelihood(chosen.probability)
        j.rationale[at] = (
            f"[value-likelihood] weight of evidence {chosen.score:.2f} for {_show(chosen.value, space)}"
            + (f" and {against:.2f} for the other values" if len(groups) > 1 else "")
            + f", from a sceptical start of {policy.prior_log_odds:g}: probability {chosen.probability:.2f} that it "
            f"is right rather than another value, reported or not, {band.label}"
        )
    return j


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
    joined: dict[int, int] = {}
    for i, k in enumerate(keys):
        root = find(i)
        merged.setdefault(root, []).extend(buckets[k])
        joined[root] = joined.get(root, 0) + 1
    out = []
    for root, evs in sorted(merged.items()):
        g = _Group(evs)
        k = keys[root]
        if k[0] in _SET_KINDS and joined[root] == 1:  # a set value of one key: its members
            g.members = frozenset(k[1])
        out.append(g)
    return out


# --------------------------------------------------------------------------- wording


def _sentences(key: PropositionKey, groups: list[_Group], unmatched: list[_Ev], ctx: _Context,
               space: _Space, about: str | None = None) -> list[str]:  # fmt: skip
    policy = ctx.policy
    chosen = groups[0]
    about = _about(key, space) if about is None else about
    shown = _show(chosen.value, space)
    ids = policy.cite(e.id for e in chosen.evs)
    if len(groups) == 1:
        out = [f"[values] one value was reported for {about}: {shown} ({ids})"]
    else:
        out = [
            f"[values] {len(groups)} different values were reported for {about}: {shown} is chosen, "
            f"with {_origins(chosen.origins)} and probability {chosen.probability:.2f} ({ids})"
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
