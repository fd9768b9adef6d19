"""Evidence for reconcile: sources traced to origins, claims weighed, judgments made.

Internal to :mod:`conflictmodels.reconciliation`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ._version import __version__
from .assessment import Assessment
from .claim import Claim
from .policy import STATUS_LADDER, EvidenceSummary, Policy
from .relations import (
    PropositionKey,
    control_value,
    interest,
    time_bounds,
)
from .source import Source
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import AssessmentStatus, Confidence, Likelihood, Predicate, Reliability, SourceKind

__all__ = ["ASSESSED_BY"]

ASSESSED_BY = f"conflictmodels {__version__}"
"""The ``assessed_by`` of every assessment :func:`~conflictmodels.reconciliation.reconcile` writes."""

_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
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
