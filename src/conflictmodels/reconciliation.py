"""Reconciliation: competing claims in, one explained assessment per proposition out.

:func:`reconcile` groups claims by proposition (:func:`~conflictmodels.relations.proposition_key`),
traces each to its independent origin, weighs it by source reliability, hedge and the
source's interest, lays control of a place out as a timeline, and writes an
:class:`~conflictmodels.Assessment` per proposition (and per earlier state of a place)
whose ``rationale`` names every rule that fired. :func:`merge` unions two dossiers
without losing a claim. The rules are data: :class:`~conflictmodels.policy.Policy`.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.reconciliation import reconcile
    >>> d = reconcile(kursk_dossier())
    >>> a = next(a for a in d.assessments if "kursk-mod-kositsa" in a.supporting)
    >>> a.status.value, a.likelihood.value, a.independent_origins
    ('unverified', 'roughly_even_chance', 1)
"""

from __future__ import annotations

import gc
import hashlib
import math
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _checks
from ._spec import exact_key, specs
from ._version import __version__
from .assessment import Assessment
from .claim import Claim
from .dossier import Dossier
from .estimates import Estimate
from .policy import CONTROL_SPECIFICITY, DEFAULT_POLICY, STATUS_LADDER, EvidenceSummary, Policy
from .relations import (
    PropositionKey,
    control_compatible,
    control_value,
    estimate_interval,
    interest,
    proposition_key,
    time_bounds,
)
from .resolution import resolve_entities
from .serialization import content_id
from .source import Source
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, Confidence, ControlChange, Likelihood, Predicate, Reliability, SourceKind

__all__ = ["ASSESSED_BY", "merge", "reconcile"]

ASSESSED_BY = f"conflictmodels {__version__}"
"""The ``assessed_by`` of every assessment :func:`reconcile` writes."""

_MINE = "conflictmodels "
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_S = AssessmentStatus
# Enum members read once: reading one off its class costs about ten times a global.
_CONTROL = Predicate.CONTROL
# What the predicate table says, as tuples tested by identity (hashing an enum member
# costs a Python call): values compared as who holds a place; states in a timeline.
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
_UNVERIFIED, _CONTESTED, _SUPERSEDED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED


# --------------------------------------------------------------------------- sources


class _Origin:
    """What reconcile needs to know about a source: its root origin, party, rating, kind."""

    __slots__ = ("base", "kind", "party", "reliability", "root")

    def __init__(
        self, root: str, party: str | None, reliability: Reliability | None, kind: SourceKind, policy: Policy
    ) -> None:
        self.root = root
        self.party = party
        self.reliability = reliability
        self.kind = kind
        self.base = policy.reliability_weights[reliability] * policy.kind_factors[kind]


def _origins(sources: Sequence[Source], policy: Policy) -> dict[str, _Origin]:
    """Each source's root origin, and the party and rating it inherits up its parents.

    Linear however long the chains of parents: each source's answer is kept, so a walk
    up the chain stops at the first source already answered.
    """
    by_id = {s.id: s for s in sources}
    known: dict[str, tuple[str, str | None, Reliability | None]] = {}
    cyclic: set[str] = set()  # sources on or below a cycle of parents: each walks its own chain
    for s in sources:
        path: list[Source] = []
        on_path: set[str] = set()
        x: Source | None = s
        while x is not None and x.id not in known:
            if x.id in on_path:  # a cycle of parents (refused when a dossier is built)
                break
            path.append(x)
            on_path.add(x.id)
            parent = x.parent_id
            x = by_id.get(parent) if parent is not None else None
        if x is not None and (x.id in on_path or x.id in cyclic):
            for y in path:
                known[y.id] = _walk(y, by_id)
                cyclic.add(y.id)
        else:
            upper = None if x is None else known[x.id]
            for y in reversed(path):
                if upper is None:
                    upper = (y.id, y.party, y.reliability)
                else:
                    upper = (
                        upper[0],
                        upper[1] if y.party is None else y.party,
                        upper[2] if y.reliability is None else y.reliability,
                    )
                known[y.id] = upper
    return {s.id: _Origin(*known[s.id], s.kind, policy) for s in sources}


def _walk(s: Source, by_id: Mapping[str, Source]) -> tuple[str, str | None, Reliability | None]:
    """The answer of :func:`_origins` for one source, walking its whole chain (cycles included)."""
    chain = [s]
    seen = {s.id}
    parent = s.parent_id
    while parent is not None and parent in by_id and parent not in seen:
        seen.add(parent)
        chain.append(by_id[parent])
        parent = by_id[parent].parent_id
    party = next((x.party for x in chain if x.party is not None), None)
    rel = next((x.reliability for x in chain if x.reliability is not None), None)
    return (min(seen) if parent in seen else chain[-1].id), party, rel


# --------------------------------------------------------------------------- evidence


class _Ev:
    """One claim as evidence."""

    __slots__ = ("claim", "hi", "id", "interest", "lo", "negated", "origin", "start", "value", "weight")

    def __init__(self, claim: Claim, origin: _Origin, weight: float, interest: str | None, value: Any) -> None:
        self.claim = claim
        self.id = claim.id
        self.origin = origin
        self.weight = weight
        self.interest = interest
        self.value = value
        self.negated = claim.statement.negated
        self.lo, self.hi = time_bounds(claim)
        w = claim.when
        self.start: datetime | None = claim.reported_at if w is None else w.start


def _weight(claim: Claim, origin: _Origin, policy: Policy, why: str | None, hedges: Mapping[int, float]) -> float:
    hedge = 1.0
    for h in claim.attribution:
        f = hedges[id(h.hedge)]
        if f < hedge:
            hedge = f
    if claim.credibility is not None:
        hedge *= policy.credibility_factors[claim.credibility]
    if why is None:
        return origin.base * hedge
    if why == "admission":
        return policy.admission_weight * hedge
    return origin.base * hedge * policy.self_interest_factor


def _hedge_table(policy: Policy) -> dict[int, float]:
    return {id(h): f for h, f in policy.hedge_factors.items()}


def _evidence(claim: Claim, origin: _Origin, policy: Policy, value: Any, hedges: Mapping[int, float]) -> _Ev:
    why = None if origin.party is None else interest(origin.party, claim.statement)
    return _Ev(claim, origin, _weight(claim, origin, policy, why, hedges), why, value)


def _withdrawal(e: _Ev, policy: Policy) -> None:
    """A retraction withdraws a claim: it is weighed as plain evidence, not as an admission."""
    e.interest = None
    e.weight = _weight(e.claim, e.origin, policy, None, _hedge_table(policy))


def _value(claim: Claim) -> Any:
    s = claim.statement
    if s.predicate in _CONTROL_VALUED:
        return control_value(s)
    return not s.negated


# --------------------------------------------------------------------------- reconcile


def reconcile(
    dossier: Dossier,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: datetime | None = None,
    assessed_at: datetime | None = None,
) -> Dossier:
    """Reconcile a dossier's claims into one assessment per proposition.

    Entities are resolved first (:func:`~conflictmodels.resolve_entities`). Then
    claims are grouped by proposition; each group is judged as described in
    :doc:`/explanation/reconciliation`. Control of a place becomes a timeline: every
    earlier state gets its own ``superseded`` assessment. Assessments made earlier by
    this function (``assessed_by`` starting with ``"conflictmodels "``) are replaced;
    other assessments (an analyst's) are kept. Assessments are sorted by id; their ids
    are hashes of the proposition, so the result is deterministic and independent of the
    order of the input.

    Args:
        dossier: What was reported.
        policy: The merge rules.
        as_of: Judge the picture at this time: claims reported, or starting to hold,
            after it are ignored.
        assessed_at: Stamp of the judgment; defaults to the latest ``reported_at`` in
            the dossier (not the wall clock, so results are reproducible).

    Returns:
        The dossier (entities resolved) with its assessments.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.reconciliation import reconcile
        >>> d = reconcile(kursk_dossier())
        >>> isw = next(a for a in d.assessments if a.supporting == ("kursk-isw-strength",))
        >>> isw.statement.quantity.low, isw.statement.quantity.high
        (None, 30000)
    """
    return _assess(_resolve(dossier, policy), policy, as_of, assessed_at)


def _assess(dossier: Dossier, policy: Policy, as_of: datetime | None, assessed_at: datetime | None) -> Dossier:
    """Reconcile without entity resolution."""
    collecting = gc.isenabled()
    gc.disable()  # reconcile allocates many small acyclic objects; collections would only rescan them
    try:
        made = _reconcile(dossier, policy, as_of, assessed_at)
    finally:
        if collecting:
            gc.enable()
    kept = [a for a in dossier.assessments if not a.assessed_by.startswith(_MINE)]
    return dossier.with_assessments(sorted((*kept, *made), key=lambda a: a.id)).in_id_order()


def _instant_then_offset(moment: datetime) -> tuple[datetime, Any]:
    return moment, moment.utcoffset()


def _reconcile(
    dossier: Dossier, policy: Policy, as_of: datetime | None, assessed_at: datetime | None
) -> list[Assessment]:
    if assessed_at is None:
        # Of one instant written in several UTC offsets, the largest offset: not the first seen.
        assessed_at = max((c.reported_at for c in dossier.claims), default=as_of or _EPOCH, key=_instant_then_offset)
    origins = _origins(dossier.sources, policy)
    cutoff = None if as_of is None else as_of.timestamp()
    groups: dict[PropositionKey, list[_Ev]] = {}
    hedges = _hedge_table(policy)
    for claim in dossier.claims:
        if cutoff is not None and (claim.reported_at.timestamp() > cutoff or time_bounds(claim)[0] > cutoff):
            continue
        ev = _evidence(claim, origins[claim.source_id], policy, _value(claim), hedges)
        key = proposition_key(claim)
        group = groups.get(key)
        if group is None:
            groups[key] = [ev]
        else:
            group.append(ev)
    ctx = _Context(policy, as_of, assessed_at)
    made: list[Assessment] = []
    for key, evs in groups.items():
        made.extend(_assess_group(key, evs, ctx))
    return made


def _resolve(dossier: Dossier, policy: Policy) -> Dossier:
    result = resolve_entities(dossier) if policy.resolution is None else resolve_entities(dossier, policy.resolution)
    return result.dossier


class _Context:
    __slots__ = ("as_of", "assessed_at", "policy")

    def __init__(self, policy: Policy, as_of: datetime | None, assessed_at: datetime) -> None:
        self.policy = policy
        self.as_of = as_of
        self.assessed_at = assessed_at


def _assessment_id(key: PropositionKey, state: int | None = None) -> str:
    payload = "\x1f".join(
        (key[0], "\x1e".join(key[1]), "\x1e".join(key[2]), key[3] or "\x00", key[4] or "\x00", str(state))
    )
    return "assessment-" + hashlib.sha256(payload.encode()).hexdigest()[:24]


def _assess_group(key: PropositionKey, evs: list[_Ev], ctx: _Context) -> list[Assessment]:
    evs.sort(key=lambda e: (e.hi, e.lo, e.id))
    retracted = _retractions(evs)
    active = [e for e in evs if e.id not in retracted]
    by_id = {e.id: e for e in evs} if retracted else {}
    for rid in set(retracted.values()):
        _withdrawal(by_id[rid], ctx.policy)
    retracted_ids = sorted(retracted)
    limit = ctx.policy.max_rationale_ids
    notes = [
        f"[retracted] {retracted[i]} by {by_id[retracted[i]].claim.source_id} retracts its earlier claim {i}"
        for i in retracted_ids[:limit]
    ]
    if len(retracted_ids) > limit:
        notes.append(f"[retracted] {len(retracted_ids) - limit} more claims retracted by their own sources")
    predicate = evs[0].claim.statement.predicate
    if predicate in _TIMELINES:
        segments = _timeline(active)  # a retraction stays active, so active is never empty
        out: list[Assessment] = []
        for i, seg in enumerate(segments):
            last = i == len(segments) - 1
            extra_related = retracted_ids if last else []
            seg_notes = notes if last else []
            later = segments[i + 1] if not last else None
            out.append(
                _assess_control(key, i, seg, later, segments[i - 1] if i else None, extra_related, seg_notes, ctx)
            )
        return out
    if any(e.claim.statement.quantity is not None for e in evs):
        return [_assess_quantity(key, active, retracted_ids, notes, ctx)]
    return [_assess_boolean(key, active, retracted_ids, notes, ctx)]


def _retractions(evs: list[_Ev]) -> dict[str, str]:
    """Claims retracted by a later denial from the same source: retracted id -> retracting id.

    Linear after a sort: positive claims are queued per (source, value) in report order,
    and each denial, taken in report order, consumes the queue up to its own time.
    """
    denials = [e for e in evs if e.negated]
    if not denials:
        return {}
    queues: dict[tuple[str, Any], deque[_Ev]] = {}
    for e in sorted((e for e in evs if not e.negated), key=lambda e: (e.claim.reported_at, e.id)):
        for key in ((e.claim.source_id, _retraction_key(e.claim.statement, False)), (e.claim.source_id, _ANY)):
            queue = queues.get(key)
            if queue is None:
                queues[key] = deque((e,))
            else:
                queue.append(e)
    out: dict[str, str] = {}
    for r in sorted(denials, key=lambda e: (e.claim.reported_at, e.id)):
        queue = queues.get((r.claim.source_id, _retraction_key(r.claim.statement, True)))
        while queue and queue[0].claim.reported_at < r.claim.reported_at:
            out.setdefault(queue.popleft().id, r.id)
    return out


_ANY = object()
"""A denial without a figure retracts every earlier figure of its source."""


def _retraction_key(statement: Statement, denial: bool) -> Any:
    if statement.predicate in _CONTROL_VALUED:
        return control_value(statement, flip=denial)
    if statement.quantity is None:
        return _ANY if denial else None
    return statement.quantity


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


# --------------------------------------------------------------------------- weighing


class _Judgment:
    """The outcome of weighing supporting against contradicting evidence."""

    __slots__ = ("confidence", "independent", "likelihood", "rationale", "status")

    def __init__(self) -> None:
        self.rationale: list[str] = []
        self.status = _UNVERIFIED
        self.likelihood: Likelihood | None = None
        self.confidence: Confidence | None = None
        self.independent = 0


def _per_origin(evs: Iterable[_Ev]) -> dict[str, list[_Ev]]:
    out: dict[str, list[_Ev]] = {}
    for e in evs:
        out.setdefault(e.origin.root, []).append(e)
    return out


class _OriginStats:
    """What one origin contributes to one side of a judgment."""

    __slots__ = ("admits", "evs", "origin", "self_serving", "weight")

    def __init__(self, e: _Ev) -> None:
        self.origin = e.origin
        self.weight = e.weight
        self.evs = [e]
        self.self_serving = e.interest == "self-serving"
        self.admits = e.interest == "admission"

    def add(self, e: _Ev) -> None:
        if e.weight > self.weight:
            self.weight = e.weight
        self.evs.append(e)
        if e.interest != "self-serving":
            self.self_serving = False
            if e.interest == "admission":
                self.admits = True

    @property
    def first(self) -> _Ev:
        return self.evs[0]

    @property
    def claims(self) -> list[str]:
        return [e.id for e in self.evs]

    def sources(self) -> set[str]:
        return {e.claim.source_id for e in self.evs}

    def relays(self) -> set[str]:
        out: set[str] = set()
        for e in self.evs:
            chain = e.claim.attribution
            for i in range(len(chain) - 1):
                out.add(chain[i].source_id)
        return out


def _stats(evs: Iterable[_Ev]) -> dict[str, _OriginStats]:
    out: dict[str, _OriginStats] = {}
    for e in evs:
        st = out.get(e.origin.root)
        if st is None:
            out[e.origin.root] = _OriginStats(e)
        else:
            st.add(e)
    return out


def _weigh(support: list[_Ev], contra: list[_Ev], policy: Policy) -> _Judgment:
    """Weigh the evidence for against the evidence against, and say why.

    Each origin counts once per side (its strongest claim); the summed evidence gives
    the probability; the first rung of the status ladder that applies gives the status.
    """
    j = _Judgment()
    sup = _stats(support)
    con = _stats(contra)
    s_total = math.fsum([st.weight for st in sup.values()])
    c_total = math.fsum([st.weight for st in con.values()])
    n = len(sup)
    j.independent = n
    r = j.rationale
    ordered = sorted(sup) if n > 1 else list(sup)
    _independence(r, sup, ordered, len(support), policy)
    admitting, self_serving = _interest(r, sup, ordered, policy)
    _dissent(r, con, policy)
    # probability
    lo, hi = policy.probability_bounds
    net = s_total - c_total
    odds = policy.prior_log_odds + net
    p = min(hi, max(lo, 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, odds))))))
    # status: the first rung of the ladder that applies
    reliable_third = (
        [o for o in ordered if sup[o].origin.party is None and policy.reliable(sup[o].origin.reliability)]
        if n >= policy.confirmed_min_origins
        else []
    )
    only_self = bool(sup) and len(self_serving) == n
    lone = sup[ordered[0]] if n == 1 else None
    summary = EvidenceSummary(
        ordered, s_total, c_total, bool(contra), p, reliable_third, admitting, only_self,
        None if lone is None else lone.origin.party, None if lone is None else lone.first.claim.statement,
    )  # fmt: skip
    for rung in STATUS_LADDER:
        if rung.applies(summary, policy):
            j.status = rung.status_for(policy)
            r.append(rung.sentence(summary, policy))
            break
    # likelihood (never mixed with confidence)
    likelihood = policy.likelihood(p)
    r.append(
        f"[evidence] evidence {s_total:.2f} for, {c_total:.2f} against, prior {policy.prior_log_odds:g}: "
        f"probability {p:.2f}, {likelihood.label}"
    )
    if only_self and policy.above_self_serving_cap(likelihood):
        likelihood = policy.self_serving_cap
        r.append(f"[self-serving-cap] only self-serving support: likelihood capped at {likelihood.label}")
    j.likelihood = likelihood
    dissent = c_total / (s_total + c_total) if s_total + c_total > 0 else 0.0
    rel = tuple([sup[o].origin.reliability for o in ordered])
    confidence, why = policy.confidence(n, rel, dissent)
    j.confidence = confidence
    r.append(f"[confidence] confidence {confidence.value}: {why}")
    return j


def _independence(r: list[str], sup: dict[str, _OriginStats], ordered: list[str], claims: int, policy: Policy) -> None:
    """One sentence per origin that more than one claim traces back to, up to the limit; then a summary."""
    limit = policy.max_rationale_ids
    for o in ordered[:limit]:
        st = sup[o]
        count = len(st.evs)
        if count > 1:
            relays = st.relays()
            if relays:
                r.append(
                    f"[circular-reporting] circular reporting: {count} claims relayed by {policy.cite(relays)} "
                    f"trace back to one origin, {o}: counted once"
                )
            else:
                r.append(f"[one-origin] {count} claims from origin {o} counted once")
        if count > 1 or st.first.claim.source_id != o:
            sources = st.sources()
            if len(sources) > 1 or o not in sources:
                r.append(f"[parent-folded] {policy.cite(sources - {o})} counted with parent source {o} as one origin")
    if len(ordered) > limit:
        r.append(
            f"[origins-summary] {claims} supporting claims trace back to {len(ordered)} independent origins, "
            "each counted once"
        )


def _interest(
    r: list[str], sup: dict[str, _OriginStats], ordered: list[str], policy: Policy
) -> tuple[list[str], list[str]]:
    """Admissions against interest and self-serving origins, named; returns both lists."""
    limit = policy.max_rationale_ids
    self_serving = [o for o in ordered if sup[o].self_serving]
    admitting = [o for o in ordered if sup[o].admits]
    for o in admitting[:limit]:
        party = sup[o].origin.party
        r.append(
            f"[admission] admission against interest: {o} (party {party}) reports what does not favour {party}: "
            "strong evidence"
        )
    factor = policy.self_interest_factor
    for o in self_serving[:limit]:
        party = sup[o].origin.party
        r.append(
            f"[self-serving] {o} (party {party}) reports its own gain or its adversary's loss: self-serving, "
            f"weight x{factor:g}"
        )
    if len(self_serving) > limit:
        r.append(f"[self-serving] {len(self_serving) - limit} more self-serving origins, each weight x{factor:g}")
    return admitting, self_serving


def _dissent(r: list[str], con: dict[str, _OriginStats], policy: Policy) -> None:
    """One sentence per contradicting origin, up to the limit; then a count."""
    limit = policy.max_rationale_ids
    against = sorted(con)
    for o in against[:limit]:
        r.append(f"[contradicted] contradicted by {o} ({policy.cite(con[o].claims)}), weight {con[o].weight:.2f}")
    if len(against) > limit:
        r.append(f"[contradicted] contradicted by {len(against) - limit} more independent origins")


def _make(
    ctx: _Context,
    id: str,
    statement: Statement,
    judgment: _Judgment,
    support: Iterable[_Ev],
    contra: Iterable[_Ev],
    related: Iterable[str],
    rationale: list[str],
    *,
    status: AssessmentStatus | None = None,
    valid: TimeSpan | None = None,
) -> Assessment:
    sup = sorted({e.id for e in support})
    con = sorted({e.id for e in contra} - set(sup))
    rel = sorted(set(related) - set(sup) - set(con))
    return Assessment(
        id=id,
        statement=statement,
        status=judgment.status if status is None else status,
        likelihood=judgment.likelihood,
        confidence=judgment.confidence,
        supporting=tuple(sup),
        contradicting=tuple(con),
        related=tuple(rel),
        independent_origins=min(judgment.independent, len(sup)),
        rationale=tuple(rationale),
        valid=valid,
        as_of=ctx.as_of,
        assessed_at=ctx.assessed_at,
        assessed_by=ASSESSED_BY,
    )


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


# --------------------------------------------------------------------------- merge


def merge(a: Dossier, b: Dossier) -> Dossier:
    """The union of two dossiers, in canonical order, with nothing lost.

    * Sources, locations, units and claims are united by id; an object present in both
      with identical content is kept once (a repeated id with different content is a
      :class:`~conflictmodels.DuplicateIdError`).
    * Claims with equal :func:`~conflictmodels.content_id` (the same report
      ingested twice under different ids) collapse to the one with the smallest id;
      the other ids are recorded in its ``merged_ids`` and references to them
      in kept assessments are re-pointed, so every input claim id stays traceable.
    * Assessments made by :func:`reconcile` are dropped (they would be stale); when
      either input had any, the union is assessed again with the default policy (without
      entity resolution, so that merging stays a plain union: call :func:`reconcile` on
      the result to resolve entities or use another policy). Other assessments are kept.
    * Every collection is sorted by id; the title is the smaller of the two titles.

    * Unknown keys (``extra``) of folded claims, at every depth, and of the two dossiers
      are united; where two values of one key differ, the one that sorts first is kept.
    * Of objects equal under ``==`` but written differently (one instant in two UTC
      offsets), the one that sorts first is kept.

    ``merge`` is associative, commutative and idempotent, as bytes:
    ``merge(d, d) == merge(d, Dossier())``.

    Example:
        >>> import attrs
        >>> from conflictmodels import Dossier
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.reconciliation import merge
        >>> d = kursk_dossier()
        >>> twice = attrs.evolve(d, claims=(attrs.evolve(d.claims[0], id="zz-copy"),))
        >>> m = merge(d, twice)
        >>> len(m.claims), m.claim(d.claims[0].id).merged_ids
        (20, ('zz-copy',))
    """
    sources = _union_by_id((*a.sources, *b.sources))
    locations = _union_by_id((*a.locations, *b.locations))
    units = _union_by_id((*a.units, *b.units))
    claims, mapping = _merge_claims((*a.claims, *b.claims))
    mine = [x for x in (*a.assessments, *b.assessments) if x.assessed_by.startswith(_MINE)]
    theirs = [_repoint(x, mapping) for x in (*a.assessments, *b.assessments) if not x.assessed_by.startswith(_MINE)]
    titles = [t for t in (a.title, b.title) if t is not None]
    merged = Dossier(
        title=min(titles) if titles else None,
        sources=sources,
        locations=locations,
        units=units,
        claims=claims,
        assessments=_union_by_id(theirs),
        extra=_union_extra((a.extra, b.extra)) if (a.extra or b.extra) else a.extra,
    )
    if mine:
        merged = _assess(merged, DEFAULT_POLICY, None, None)
    return merged


def _union_by_id(items: Iterable[Any]) -> tuple[Any, ...]:
    """Items by id; of equal items (``==``) the one that sorts first by
    :func:`~conflictmodels._spec.exact_key` is kept, so the bytes do not depend on input
    order. Unequal items with one id are all kept: the dossier reports them."""
    by_id: dict[str, list[Any]] = {}
    for item in items:
        same = by_id.setdefault(item.id, [])
        for i, other in enumerate(same):
            if other == item:
                if exact_key(item) < exact_key(other):
                    same[i] = item
                break
        else:
            same.append(item)
    return tuple(x for i in sorted(by_id) for x in sorted(by_id[i], key=exact_key))


def _merge_claims(claims: Iterable[Claim]) -> tuple[tuple[Claim, ...], dict[str, str]]:
    by_content: dict[str, list[Claim]] = {}
    for c in claims:
        by_content.setdefault(content_id(c), []).append(c)
    out: list[Claim] = []
    mapping: dict[str, str] = {}
    for group in by_content.values():
        ids: set[str] = set()
        for c in group:
            ids.add(c.id)
            ids.update(c.merged_ids)
        keep = min(group, key=lambda c: (c.id, exact_key(c)))
        merged_ids = tuple(sorted(ids - {keep.id}))
        for i in merged_ids:
            mapping[i] = keep.id
        keep = _all_extras(keep, group)
        if merged_ids != keep.merged_ids:
            keep = _checks.replace(keep, merged_ids=merged_ids)
        out.append(keep)
    out.sort(key=lambda c: c.id)
    return tuple(out), mapping


def _all_extras(keep: Any, group: Sequence[Any]) -> Any:
    """``keep`` with the unknown keys of every object of ``group`` (the same content,
    so the same shape), at every depth: nothing a folded claim carried is lost. Where
    two give one key different values, the value that sorts first is kept, whatever the
    order of the inputs."""
    changes: dict[str, Any] = {}
    for name, spec in specs(type(keep)).items():
        value = getattr(keep, name)
        if spec.kind == "extra":
            union = _union_extra(o.extra for o in group)
            if union != value or exact_key(union) != exact_key(value):
                changes[name] = union
        elif spec.kind == "model" and value is not None:
            parts = [getattr(o, name) for o in group]
            if spec.many:
                new = tuple(_all_extras(v, [p[i] for p in parts]) for i, v in enumerate(value))
                if any(a is not b for a, b in zip(new, value, strict=True)):
                    changes[name] = new
            else:
                one = _all_extras(value, parts)
                if one is not value:
                    changes[name] = one
    return _checks.replace(keep, **changes) if changes else keep


def _union_extra(extras: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    union: dict[str, Any] = {}
    for extra in extras:
        for key, value in extra.items():
            if key not in union or exact_key(value) < exact_key(union[key]):
                union[key] = value
    return union


def _repoint(a: Assessment, mapping: Mapping[str, str]) -> Assessment:
    if not mapping or not any(i in mapping for i in a.claim_ids):
        return a

    def fix(ids: tuple[str, ...], exclude: set[str]) -> tuple[str, ...]:
        out: list[str] = []
        for i in ids:
            j = mapping.get(i, i)
            if j not in exclude and j not in out:
                out.append(j)
        return tuple(out)

    sup = fix(a.supporting, set())
    con = fix(a.contradicting, set(sup))
    rel = fix(a.related, set(sup) | set(con))
    return attrs.evolve(
        a, supporting=sup, contradicting=con, related=rel, independent_origins=min(a.independent_origins, len(sup))
    )
