"""Evidence for reconcile: sources traced to origins, claims weighed, judgments made.

Internal to :mod:`conflictmodels.reconciliation`.

An *origin* is what counts once: a source with everything under it (parents, owners),
every source speaking for one side (a party, its allies, its state media, the channels
it owns or that pose for it), or, for reports that name nobody ("reportedly"), one
unnamed source per proposition. A claim's weight is its originator's, bounded by every
relay on the way to us (an unrated one weighs what an unrated source does) (a chain is as strong as its weakest link); a claim known
only through a relay whose side it serves counts as that relay's own claim.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ._version import __version__
from .assessment import Assessment
from .claim import Claim
from .policy import STATUS_LADDER, EvidenceSummary, Policy, count_words
from .relations import (
    PropositionKey,
    control_value,
    favours,
    interest,
    interest_wording,
    time_bounds,
)
from .source import Source
from .statement import Statement, predicates_where
from .timespans import TimeSpan
from .vocabularies import (
    AssessmentStatus,
    Confidence,
    Likelihood,
    Predicate,
    Reliability,
    SourceKind,
)

__all__ = ["ASSESSED_BY"]

ASSESSED_BY = f"conflictmodels {__version__}"
"""The ``assessed_by`` of every assessment :func:`~conflictmodels.reconciliation.reconcile` writes."""

_S = AssessmentStatus
_CONTROL = Predicate.CONTROL
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
_UNVERIFIED, _CONTESTED, _SUPERSEDED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED
_REFUTED = _S.REFUTED
_SELF, _ADMIT = "self-serving", "admission"
_RANK = {id(r): i for i, r in enumerate(Reliability)}
_F = Reliability.F
_UNNAMED = "\x00unnamed"
_SIDE = "\x00side:"
_STATE = "\x00state:"

# --------------------------------------------------------------------------- sources


class _Origin:
    """What reconcile needs to know about a source at a time: what it counts as, its party and rating.

    Attributes:
        source_id: The source (``None`` for the unnamed origin).
        name: The source's own name.
        root: What it counts as for independence: its top source, its side (every
            source of one party and its allies), or the unnamed origin.
        root_name: How a rationale names the root.
        party: The party it speaks for at that time (own, inherited or by affiliation).
        bloc: That party and its allies at that time (empty without a party).
        aligned: Whether it speaks for a side (a party, or a kind in ``aligned_kinds``).
        reliability: Its rating, or its parent's or owner's.
        kind: Its kind.
        base: Its weight before interest, hedge and relays (a learned weight replaces it).
        table: The table of every origin it belongs to.
        top_name: The name of the top of its chain of parents and owners.
    """

    __slots__ = (
        "aligned", "base", "bloc", "kind", "name", "party", "reliability", "root", "root_name", "source_id", "table",
        "top_name",
    )  # fmt: skip

    def __init__(
        self,
        root: str,
        party: str | None,
        reliability: Reliability | None,
        kind: SourceKind,
        policy: Policy,
        *,
        source_id: str | None = None,
        name: str | None = None,
        root_name: str | None = None,
        bloc: frozenset[str] = frozenset(),
        aligned: bool = False,
        table: _Table | None = None,
    ) -> None:
        self.root = root
        self.party = party
        self.reliability = reliability
        self.kind = kind
        self.base = policy.reliability_weights[reliability] * policy.kind_factors[kind]
        self.source_id = source_id
        self.name = name or root
        self.root_name = root_name or self.name
        self.bloc = bloc
        self.aligned = aligned or party is not None
        self.table = table
        self.top_name = self.name


def _origins(
    sources: Sequence[Source], policy: Policy, learned: Mapping[str, tuple[str, float]] | None = None
) -> dict[str, _Origin]:
    """Each source's origin (at the time of the earliest affiliation or alliance change).

    Linear however long the chains of parents: each source's answer is kept, so a walk
    up the chain stops at the first source already answered. ``learned`` (from a
    :class:`~conflictmodels.reliability.ReliabilityModel`) maps a root origin to the
    origin it counts as (its copy family's) and its learned weight, which replaces the
    grade's. Where affiliations or alliances change over time, each origin's ``table``
    answers for the time of a claim (:meth:`_Table.at`).
    """
    table = _Table(sources, policy, learned)
    return {s.id: table.at(s.id, -math.inf) for s in sources}


class _Table:
    """The origin of every source at any time, computed once per source and period."""

    def __init__(
        self, sources: Sequence[Source], policy: Policy, learned: Mapping[str, tuple[str, float]] | None
    ) -> None:
        self.policy = policy
        self.learned = learned or {}
        self.by_id = {s.id: s for s in sources}
        bounds: set[float] = set()
        for s in sources:
            for a in s.affiliations:
                _add_bounds(bounds, a.valid)
        for alliance in policy.alliances:
            _add_bounds(bounds, alliance.valid)
        self.bounds = sorted(bounds)
        self.timed = bool(self.bounds)
        self.cache: dict[tuple[str, int], _Origin] = {}
        self.blocs: dict[int, dict[str, frozenset[str]]] = {}
        self.hedged = frozenset(id(h) for h in policy.hedged)
        self.unnamed_hedges = frozenset(id(h) for h in policy.unnamed_hedges)
        self.unreliable = frozenset(id(r) for r in policy.unreliable)
        self.aligned_kinds = frozenset(id(k) for k in policy.aligned_kinds)
        self.unnamed = _Origin(_UNNAMED, None, None, SourceKind.OTHER, policy, name="an unnamed source", table=self)
        self.lines: dict[str, str] = {}

    def line(self, source_id: str) -> str:
        """The top of ``source_id``'s chain of parents (``parent_id`` only, not owners or
        sides): the one voice a source and its mirror channels share. Who can walk back
        a claim. A cycle counts as its smallest id. Linear over all sources (memoized)."""
        lines = self.lines
        found = lines.get(source_id)
        if found is not None:
            return found
        path: list[str] = []
        seen: set[str] = set()
        x: str | None = source_id
        while x is not None and x not in lines and x not in seen:
            path.append(x)
            seen.add(x)
            s = self.by_id.get(x)
            parent = None if s is None else s.parent_id
            x = parent if parent is not None and parent in self.by_id else None
        if x is None:
            top = path[-1]
        elif x in lines:
            top = lines[x]
        else:  # a cycle of parents (refused when a dossier is built)
            top = min(path[path.index(x) :])
        for y in path:
            lines[y] = top
        return top

    def period(self, t: float) -> int:
        return bisect_right(self.bounds, t) if self.timed else 0

    def at(self, source_id: str, t: float) -> _Origin:
        """The origin of ``source_id`` at ``t`` (POSIX seconds)."""
        i = self.period(t)
        found = self.cache.get((source_id, i))
        if found is None:
            self._resolve(source_id, i)
            found = self.cache[(source_id, i)]
        return found

    def _moment(self, i: int) -> float:
        """A time inside period ``i`` (its first instant)."""
        return self.bounds[i - 1] if i > 0 else -math.inf

    def _up(self, s: Source, t: float) -> str | None:
        """The source above ``s`` at ``t``: its owner then, else its parent."""
        for a in s.affiliations:
            if a.source_id is not None and _in_force(a.valid, t) and a.source_id in self.by_id:
                return a.source_id
        parent = s.parent_id
        return parent if parent is not None and parent in self.by_id else None

    def _party(self, s: Source, t: float) -> str | None:
        for a in s.affiliations:
            if a.party is not None and _in_force(a.valid, t):
                return a.party
        return s.party

    def bloc(self, party: str, i: int) -> frozenset[str]:
        """``party`` and its allies in period ``i`` (alliances sharing a party join)."""
        table = self.blocs.get(i)
        if table is None:
            table = self.blocs[i] = _components(self.policy, self._moment(i))
        return table.get(party) or frozenset((party,))

    def _resolve(self, source_id: str, i: int) -> None:
        t = self._moment(i)
        path: list[Source] = []
        on_path: set[str] = set()
        x: str | None = source_id
        while x is not None and (x, i) not in self.cache:
            if x in on_path:  # a cycle of parents or owners (refused when a dossier is built)
                break
            s = self.by_id[x]
            path.append(s)
            on_path.add(x)
            x = self._up(s, t)
        cyclic = x is not None and x in on_path
        upper = None if x is None or cyclic else self.cache[(x, i)]
        if cyclic:  # every source of the cycle counts as the smallest id on it
            assert x is not None
            ring = path[[s.id for s in path].index(x) :]  # the sources below it are not on it
            top = self.by_id[min(s.id for s in ring)]
            party = next((p for s in ring if (p := self._party(s, t)) is not None), None)
            rel = next((s.reliability for s in ring if s.reliability is not None), None)
            upper = self._make(top, i, party, rel, None)
        for s in reversed(path):
            party = self._party(s, t)
            rel = s.reliability
            if upper is not None:
                party = upper.party if party is None else party
                rel = upper.reliability if rel is None else rel
            self.cache[(s.id, i)] = upper = self._make(s, i, party, rel, upper)

    def _make(self, s: Source, i: int, party: str | None, rel: Reliability | None, upper: _Origin | None) -> _Origin:
        policy = self.policy
        bloc: frozenset[str] = frozenset()
        if party is not None:
            bloc = self.bloc(party, i)
            root, root_name = _SIDE + "+".join(sorted(bloc)), _side_name(bloc)
        elif id(s.kind) in self.aligned_kinds:
            root, root_name = _STATE + s.kind.value, f"{s.kind.value.replace('_', ' ')} of an undeclared state"
        elif upper is not None:
            root, root_name = upper.root, upper.root_name
        else:
            root, root_name = s.id, s.name
        aligned = party is not None or root.startswith(_STATE)
        o = _Origin(root, party, rel, s.kind, policy, source_id=s.id, name=s.name, root_name=root_name, bloc=bloc,
                    aligned=aligned, table=self)  # fmt: skip
        if upper is not None:
            o.top_name = upper.top_name
        new = self.learned.get(o.root)
        if new is not None:
            o.root, o.base = new
        return o

    def interest(self, o: _Origin, statement: Statement) -> str | None:
        """The interest the origin's side has in ``statement``: an ally's gain serves it."""
        party = o.party
        if party is None:
            return None
        why = interest(party, statement)
        bloc = o.bloc
        if why is not None and len(bloc) > 1:
            fav, dis = favours(statement)
            if fav in bloc and dis not in bloc:
                return _SELF
            if dis in bloc and fav not in bloc:
                return _ADMIT
        return why


def _add_bounds(bounds: set[float], valid: TimeSpan | None) -> None:
    if valid is not None:
        if valid.start is not None:
            bounds.add(valid.start.timestamp())
        if valid.end is not None and valid.end != valid.start:
            bounds.add(valid.end.timestamp())


def _in_force(valid: TimeSpan | None, t: float) -> bool:
    """Whether a tie with validity ``valid`` holds at ``t``: from its start up to, not including, its end."""
    if valid is None:
        return True
    start, end = valid.start, valid.end
    if start is not None and t < start.timestamp():
        return False
    return end is None or end == start or t < end.timestamp()


def _components(policy: Policy, t: float) -> dict[str, frozenset[str]]:
    """Each allied party's side at ``t``: alliances in force that share a party join."""
    side: dict[str, set[str]] = {}
    for alliance in policy.alliances:
        if not alliance.holds_at(t):
            continue
        merged: set[str] = set(alliance.parties)
        for p in alliance.parties:
            merged |= side.get(p, set())
        for p in merged:
            side[p] = merged
    return {p: frozenset(s) for p, s in side.items()}


def _side_name(bloc: frozenset[str]) -> str:
    parties = sorted(bloc)
    return parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]


# --------------------------------------------------------------------------- evidence


class _Ev:
    """One claim as evidence.

    ``origin`` is what the claim counts as (its originator's, a hostile relay's, or
    the unnamed origin); ``speaker`` is the source that said it; ``carrier`` the relay
    whose side it serves, when it is known only through one; ``bound_by`` the rated
    relay that bounds its weight; ``hedged`` whether a hop hedges it. ``geo`` is what
    its geolocation did (:mod:`._footage`). A geolocator's verification of a claim's
    footage on a timeline is an ``_Ev`` of its own: the claim's, with the geolocator as
    origin and speaker, ``footage`` the claim's ``_Ev`` (which names it in ``verifier``).
    """

    __slots__ = (
        "bound_by", "carrier", "claim", "footage", "geo", "hedged", "hi", "id", "interest", "lo", "negated", "origin",
        "speaker", "start", "value", "verifier", "weight",
    )  # fmt: skip

    def __init__(self, claim: Claim, origin: _Origin, weight: float, interest: str | None, value: Any) -> None:
        self.claim = claim
        self.id = claim.id
        self.origin = origin
        self.speaker = origin
        self.carrier: _Origin | None = None
        self.bound_by: _Origin | None = None
        self.hedged = False
        self.geo: tuple[str, str] | None = None  # (rule code, rationale sentence) of its geolocation, once weighed
        self.footage: _Ev | None = None  # for a geolocator's verification: the claim's own evidence
        self.verifier: _Ev | None = None  # the geolocator's verification of this claim's footage
        self.weight = weight
        self.interest = interest
        self.value = value
        self.negated = claim.statement.negated
        self.lo, self.hi = time_bounds(claim)
        w = claim.when
        self.start: datetime | None = claim.reported_at if w is None else w.start


def _worth(base: float, why: str | None, policy: Policy) -> float:
    """What a link of a chain is worth given the originator's interest: a self-serving
    claim is cut, an admission is multiplied (up to ``admission_weight``)."""
    if why is None:
        return base
    if why == _ADMIT:
        return min(policy.admission_weight, base * policy.admission_factor)
    return base * policy.self_interest_factor


def _weight(claim: Claim, origin: _Origin, policy: Policy, why: str | None, hedges: Mapping[int, float]) -> float:
    """The originator's weight with its weakest hedge and the claim's credibility (relays aside)."""
    hedge = 1.0
    for h in claim.attribution:
        f = hedges[id(h.hedge)]
        if f < hedge:
            hedge = f
    if claim.credibility is not None:
        hedge *= policy.credibility_factors[claim.credibility]
    return _worth(origin.base, why, policy) * hedge


def _hedge_table(policy: Policy) -> dict[int, float]:
    return {id(h): f for h, f in policy.hedge_factors.items()}


def _evidence(claim: Claim, origin: _Origin, policy: Policy, value: Any, hedges: Mapping[int, float]) -> _Ev:
    """A claim as evidence: its origin at the claim's time, its interest, its weight bounded by its chain."""
    table = origin.table
    if table is None:  # an origin made by hand: no relays, no time
        why = None if origin.party is None else interest(origin.party, claim.statement)
        return _Ev(claim, origin, _weight(claim, origin, policy, why, hedges), why, value)
    t = claim.reported_at.timestamp()
    if table.timed:
        origin = table.at(claim.source_id, t)
    statement = claim.statement
    chain = claim.attribution
    hedge = 1.0
    hedged = False
    for h in chain:
        k = id(h.hedge)
        f = hedges[k]
        if f < hedge:
            hedge = f
        if k in table.hedged:
            hedged = True
    if claim.credibility is not None:
        hedge *= policy.credibility_factors[claim.credibility]
    why = table.interest(origin, statement)
    speaker = origin
    if chain and not origin.aligned and id(chain[-1].hedge) in table.unnamed_hedges:
        origin = table.unnamed  # "reportedly" in the outlet's own voice: nobody is named
    worth = _worth(speaker.base, why, policy)
    carrier: _Origin | None = None
    bound_by: _Origin | None = None
    if len(chain) > 1:
        carrier_worth = math.inf
        for h in chain[:-1]:
            r = table.at(h.source_id, t) if h.source_id in table.by_id else None
            if r is None or r.root == speaker.root:
                continue
            if r.party is not None and table.interest(r, statement) == _SELF:
                w = r.base * policy.self_interest_factor
                if w < carrier_worth:
                    carrier, carrier_worth = r, w
            else:  # an unrated or F relay: its own worth, an admission it carries gains nothing
                w = r.base if r.reliability is None or r.reliability is _F else _worth(r.base, why, policy)
                if w < worth:
                    worth, bound_by = w, r
        if carrier is not None:
            origin, why, worth = carrier, _SELF, min(worth, carrier_worth)
    ev = _Ev(claim, origin, worth * hedge, why, value)
    ev.speaker = speaker
    ev.carrier = carrier
    ev.bound_by = bound_by
    ev.hedged = hedged
    return ev


def _voice(e: _Ev) -> str:
    """Who can walk back ``e``: the top of its source's chain of parents (see :meth:`_Table.line`).
    Never its side: another source of one side denying it is evidence against, weighed as usual."""
    table = e.speaker.table
    sid = e.claim.source_id
    return sid if table is None else table.line(sid)


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

    __slots__ = ("confidence", "grade", "independent", "likelihood", "rationale", "status")

    def __init__(self) -> None:
        self.rationale: list[str] = []
        self.status = _UNVERIFIED
        self.likelihood: Likelihood | None = None
        self.confidence: Confidence | None = None
        self.independent = 0
        self.grade: str | None = None


def _per_origin(evs: Iterable[_Ev]) -> dict[str, list[_Ev]]:
    out: dict[str, list[_Ev]] = {}
    for e in evs:
        out.setdefault(e.origin.root, []).append(e)
    return out


class _OriginStats:
    """What one origin contributes to one side of a judgment."""

    __slots__ = ("admission", "admits", "evs", "hedged", "origin", "reliability", "self_serving", "weight")

    def __init__(self, e: _Ev) -> None:
        self.origin = e.origin
        self.weight = e.weight
        self.evs = [e]
        self.self_serving = e.interest == _SELF
        self.admits = e.interest == _ADMIT
        self.admission = e.weight if self.admits else 0.0
        self.hedged = e.hedged
        self.reliability = e.origin.reliability

    def add(self, e: _Ev) -> None:
        if e.weight > self.weight:
            self.weight = e.weight
        self.evs.append(e)
        if not e.hedged:
            self.hedged = False
        r = e.origin.reliability
        if r is not None and (self.reliability is None or _RANK[id(r)] < _RANK[id(self.reliability)]):
            self.reliability = r
        if e.interest != _SELF:
            self.self_serving = False
            if e.interest == _ADMIT:
                self.admits = True
                if e.weight > self.admission:
                    self.admission = e.weight

    @property
    def first(self) -> _Ev:
        return self.evs[0]

    @property
    def claims(self) -> list[str]:
        return [e.id for e in self.evs]

    @property
    def unnamed(self) -> bool:
        return self.origin.root == _UNNAMED

    @property
    def third_party(self) -> bool:
        return not self.origin.aligned and not self.unnamed

    def speakers(self) -> list[str]:
        """The names of the sources that said it, in order of first appearance."""
        return list(dict.fromkeys(e.speaker.name for e in self.evs))

    def plural(self) -> bool:
        """Whether :meth:`label` names several sources ("X and two aligned sources")."""
        return not self.unnamed and self.origin.aligned and len(self.speakers()) > 1

    @property
    def footage_only(self) -> bool:
        """Whether the origin is here only as a geolocator of other sources' footage."""
        return all(e.footage is not None for e in self.evs)

    def label(self) -> str:
        """How a rationale names the origin ("GeoConfirmed's geolocation" when it only geolocated footage)."""
        if self.unnamed:
            return "an unnamed source"
        if self.footage_only:
            return f"{self.first.speaker.name}'s geolocation{'s' if len(self.evs) > 1 else ''}"
        names = self.speakers()
        if self.origin.aligned and len(names) > 1:
            return f"{names[0]} and {count_words(len(names) - 1, 'aligned source')}"
        if len(names) == 1:
            return names[0]
        return self.origin.root_name

    def relays(self) -> list[str]:
        out: dict[str, None] = {}
        table = self.origin.table
        for e in self.evs:
            if e.footage is not None:  # a geolocator's verification: the claim's relays are not its own
                continue
            chain = e.claim.attribution
            for h in chain[:-1]:
                r = table.by_id.get(h.source_id) if table is not None else None
                out[r.name if r is not None else h.source_id] = None
        return list(out)

    def weakness(self, policy: Policy) -> str | None:
        """Why the origin does not count toward corroboration, or ``None`` when it does."""
        if self.unnamed:
            return "unnamed"
        if self.origin.root.startswith(_STATE):
            return f"{self.origin.root_name}, one interest"
        if self.hedged:
            return "hedged"
        r = self.reliability
        if r is not None and r in policy.unreliable:
            return f"rated {r.value}"
        weak = self.admits and self.admission < policy.admission_min_weight
        if weak and all(e.interest == _ADMIT for e in self.evs):
            return "a weak admission"
        return None


def _stats(evs: Iterable[_Ev]) -> dict[str, _OriginStats]:
    out: dict[str, _OriginStats] = {}
    for e in evs:
        st = out.get(e.origin.root)
        if st is None:
            out[e.origin.root] = _OriginStats(e)
        else:
            st.add(e)
    return out


def _weigh(support: list[_Ev], contra: list[_Ev], policy: Policy, probability: float | None = None) -> _Judgment:
    """Weigh the evidence for against the evidence against, and say why.

    Each origin counts once per side (its strongest claim); the summed evidence gives
    the probability (or ``probability`` when given: a competing value's, weighed
    against every other value by :mod:`._values`); the first rung of the status ladder
    that applies gives the status.
    Only firm origins (named, unhedged, not rated unreliable, not a weak admission)
    count toward corroborated and confirmed; only firm third-party origins give
    confidence.
    """
    j = _Judgment()
    sup = _stats(support)
    con = _stats(contra)
    s_total = math.fsum([st.weight for st in sup.values()])
    c_total = math.fsum([st.weight for st in con.values()])
    n = len(sup)
    j.independent = n
    r = j.rationale
    ordered = sorted(sup, key=lambda o: (sup[o].label(), o)) if n > 1 else list(sup)
    _independence(r, sup, ordered, len(support), policy)
    _relaying(r, [*support, *contra], policy)
    admitting, self_serving = _interest(r, sup, ordered, policy)
    _dissent(r, con, policy)
    # probability
    lo, hi = policy.probability_bounds
    odds = policy.prior_log_odds + s_total - c_total
    p = min(hi, max(lo, 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, odds)))) if probability is None else probability))
    # status: the first rung of the ladder that applies
    weak = {o: w for o in ordered if (w := sup[o].weakness(policy)) is not None}
    firm = [o for o in ordered if o not in weak]
    third = [o for o in firm if sup[o].third_party]
    reliable = [sup[o].label() for o in third if policy.reliable(sup[o].reliability)]
    only_self = bool(sup) and len(self_serving) == n
    lone = sup[ordered[0]] if n == 1 else None
    no_information = s_total + c_total < policy.min_evidence
    summary = EvidenceSummary(
        [sup[o].label() for o in ordered], s_total, c_total, bool(contra), p, reliable,
        [sup[o].label() for o in admitting if o not in weak], only_self,
        None if lone is None else lone.origin.party, None if lone is None else lone.first.claim.statement,
        firm=[sup[o].label() for o in firm], weak=[f"{sup[o].label()}: {w}" for o, w in weak.items()],
        no_information=no_information, lone_report=None if lone is None else _wording(lone),
    )  # fmt: skip
    for rung in STATUS_LADDER:
        if rung.applies(summary, policy):
            j.status = rung.status_for(policy)
            r.append(rung.sentence(summary, policy))
            break
    best = min((sup[o].reliability for o in ordered if not sup[o].unnamed and sup[o].reliability is not None),
               key=lambda x: _RANK[id(x)], default=None)  # fmt: skip
    if no_information:
        j.confidence = Confidence.LOW
        r.append("[confidence] confidence low: there is no usable information")
        j.grade = policy.grade(best, j.status, None)
        return j
    # likelihood (never mixed with confidence)
    likelihood = policy.likelihood(p)
    against = f" and {c_total:.2f} against" if contra else ""
    r.append(
        f"[evidence] weight of evidence {s_total:.2f} for{against}, from a sceptical start of "
        f"{policy.prior_log_odds:g}: probability {p:.2f}, {likelihood.label}"
    )
    # the two sides agreeing (an official admission, and the other side claiming the same) counts for both
    admits = [o for o in admitting if o not in weak and _official(sup[o], policy)]
    claimants = [o for o in firm if o in self_serving and not sup[o].third_party]
    sides = [o for o in firm if not sup[o].third_party and o in admits] + claimants if admits and claimants else []
    interested_only = bool(sup) and all(sup[o].origin.aligned for o in ordered) and not sides
    firm_admission = any(o not in weak for o in admitting)
    if (only_self or (interested_only and not firm_admission)) and policy.above_self_serving_cap(likelihood):
        likelihood = policy.self_serving_cap
        who = "self-serving reports" if only_self else "sources speaking for a side"
        r.append(f"[self-serving-cap] only {who} support it: likelihood held at {likelihood.label}")
    j.likelihood = likelihood
    dissent = c_total / (s_total + c_total) if s_total + c_total > 0 else 0.0
    if j.status is _REFUTED and con:  # how sure we are of the refutation: the evidence against, as support
        confidence, why = _against(con, policy)
    else:
        confidence, why = policy.confidence(
            len(third), tuple([sup[o].reliability for o in third]), dissent, interested_only=interested_only,
            names=[sup[o].label() for o in third], sides=[sup[o].label() for o in sides],
        )  # fmt: skip
    j.confidence = confidence
    r.append(f"[confidence] confidence {confidence.value}: {why}")
    j.grade = policy.grade(best, j.status, likelihood)
    return j


def _official(st: _OriginStats, policy: Policy) -> bool:
    """Whether one of the origin's admissions comes from a source speaking officially for
    its party (``official_kinds``) or rated ``confirmed_min_reliability`` or better."""
    kinds = policy.official_kinds
    return any(
        e.interest == _ADMIT and (e.speaker.kind in kinds or policy.reliable(e.speaker.reliability)) for e in st.evs
    )


def _against(con: dict[str, _OriginStats], policy: Policy) -> tuple[Confidence, str]:
    """Confidence in a refutation: the contradicting origins weighed as :meth:`Policy.confidence`
    weighs support. The refuted claim itself is not dissent from its refutation (the
    refutation already needs the evidence against to prevail, ``refuted_below``)."""
    ordered = sorted(con, key=lambda o: (con[o].label(), o))
    third = [o for o in ordered if con[o].third_party and con[o].weakness(policy) is None]
    interested_only = all(con[o].origin.aligned for o in ordered)
    level, why = policy.confidence(
        len(third), tuple([con[o].reliability for o in third]), 0.0, interested_only=interested_only,
        names=[con[o].label() for o in third],
    )  # fmt: skip
    why = why.replace(", none against", " against it").replace(" support it", " are against it")
    why = why.replace(" reports it", " contradicts it")
    return level, f"in the refutation: {why}"


def _independence(r: list[str], sup: dict[str, _OriginStats], ordered: list[str], claims: int, policy: Policy) -> None:
    """One sentence per origin that more than one claim or source traces back to, up to the limit; then a summary."""
    limit = policy.max_rationale_ids
    for o in ordered[:limit]:
        st = sup[o]
        count = len(st.evs)
        label = st.label()
        ids = policy.cite(st.claims)
        if st.unnamed:
            outlets = list(dict.fromkeys(e.speaker.name for e in st.evs))
            said = dict.fromkeys(_hedge_words(e) for e in st.evs)
            hedges = ", ".join(f"'{h}'" for h in sorted(said))
            r.append(
                f"[unnamed-origin] {policy.cite(outlets)} {'names' if len(outlets) == 1 else 'name'} no originator "
                f"({hedges}): {count_words(count, 'report')} of one unnamed source, counted once ({ids})"
            )
            continue
        speakers = st.speakers()
        folded = {e.speaker.name: e.speaker.top_name for e in st.evs if e.speaker.top_name != e.speaker.name}
        for top in sorted(set(folded.values())):
            below = sorted(n for n, t in folded.items() if t == top)
            r.append(f"[parent-folded] {policy.cite(below)} counted with {top}, the source above, as one source")
        if st.origin.aligned and len(speakers) > 1:
            r.append(
                f"[one-interest] {policy.cite(speakers)} speak for one side ({st.origin.root_name}): counted as one "
                f"source, never as corroboration of each other ({ids})"
            )
            continue
        if count > 1 and st.footage_only:
            r.append(
                f"[one-origin] {st.first.speaker.name} geolocated the footage of {count_words(count, 'claim')}: "
                f"counted once ({ids})"
            )
        elif count > 1:
            relays = st.relays()
            if relays:
                r.append(
                    f"[circular-reporting] {count_words(count, 'claim')} passed on by {policy.cite(relays)} all "
                    f"come from {label}: counted once ({ids})"
                )
            else:
                r.append(f"[one-origin] {count_words(count, 'claim')} from {label} counted once ({ids})")
    if len(ordered) > limit:
        r.append(
            f"[origins-summary] {count_words(claims, 'supporting claim')} come from "
            f"{count_words(len(ordered), 'independent source')}, each counted once"
        )


def _relaying(r: list[str], evs: list[_Ev], policy: Policy) -> None:
    """Claims known only through a relay whose side they serve, and claims bounded by a weaker relay."""
    limit = policy.max_rationale_ids
    hostile = [e for e in evs if e.carrier is not None]
    for e in hostile[:limit]:
        assert e.carrier is not None
        c = e.carrier
        r.append(
            f"[hostile-relay] {e.speaker.name}'s words ({e.id}) are known only through {c.name} ({c.party}), "
            f"whose side they serve: weighed as {c.name}'s own claim"
        )
    if len(hostile) > limit:
        r.append(f"[hostile-relay] {len(hostile) - limit} more claims known only through relays they serve")
    bounded = [e for e in evs if e.bound_by is not None and e.carrier is None]
    for e in bounded[:limit]:
        assert e.bound_by is not None
        b = e.bound_by
        if b.reliability is None or b.reliability is _F:
            rating = "unrated" if b.reliability is None else "rated F, reliability unknown"
            bound = "an unrated source"
        else:
            rating, bound = f"rated {b.reliability.value}", f"{b.name}'s rating allows"
        r.append(
            f"[weakest-link] {e.speaker.name}'s report ({e.id}) reached us through {b.name} ({rating}): it weighs "
            f"no more than {bound}"
        )
    if len(bounded) > limit:
        r.append(f"[weakest-link] {len(bounded) - limit} more claims bounded by a weaker relay")
    located = [e for e in evs if e.geo is not None]
    if located:
        _geolocations(r, located, policy)


_GEO_MORE = {
    "geolocated": "[geolocated] {} geolocated at the place and verified",
    "geolocation-not-counted": "[geolocation-not-counted] {} with a geolocation that changes no weight",
    "geolocated-elsewhere": "[geolocated-elsewhere] {} whose footage was geolocated elsewhere",
}


def _geolocations(r: list[str], located: list[_Ev], policy: Policy) -> None:
    """One sentence per geolocated claim (written by :mod:`._footage`), up to the limit of each kind; then a count."""
    limit = policy.max_rationale_ids
    for code, more in _GEO_MORE.items():
        said = [e.geo[1] for e in located if e.geo is not None and e.geo[0] == code]
        r.extend(said[:limit])
        if len(said) > limit:
            r.append(more.format(count_words(len(said) - limit, "more claim")))


def _hedge_words(e: _Ev) -> str:
    """The hedge of a claim's last hop in words ("reportedly", "according to")."""
    return e.claim.attribution[-1].hedge.value.replace("_", " ")


def _wording(st: _OriginStats) -> str:
    """What the origin's first claim does for its side, in words ("reports its own gain"),
    the verb agreeing with its label ("X and two aligned sources report their own gain")."""
    said = _words(st)
    if st.plural() and said.startswith("reports "):
        said = "report" + (" " + said[len("reports ") :]).replace(" its ", " their ")
    return said


def _words(st: _OriginStats) -> str:
    e = st.first
    o = e.origin
    statement = e.claim.statement
    party = o.party
    if party is None:
        return "reports it"
    bloc = o.bloc
    if len(bloc) > 1:
        fav, dis = favours(statement)
        for ally in (fav, dis):
            if ally is not None and ally != party and ally in bloc:
                return interest_wording(statement, ally).replace("its own", f"its ally {ally}'s")
    return interest_wording(statement, party)


def _interest(
    r: list[str], sup: dict[str, _OriginStats], ordered: list[str], policy: Policy
) -> tuple[list[str], list[str]]:
    """Admissions against interest and self-serving origins, named; returns both lists."""
    limit = policy.max_rationale_ids
    self_serving = [o for o in ordered if sup[o].self_serving]
    admitting = [o for o in ordered if sup[o].admits]
    for o in admitting[:limit]:
        st = sup[o]
        party = st.origin.party
        if st.admission >= policy.admission_min_weight:
            r.append(
                f"[admission] {st.label()} ({party}) {_wording(st)}: an admission against its side's interest, "
                "strong evidence"
            )
        else:
            r.append(
                f"[weak-admission] {st.label()} ({party}) {_wording(st)}, an admission against interest, but after "
                f"its rating, relays and hedge it weighs {st.admission:.2f}, under {policy.admission_min_weight:g}: "
                "not counted as an admission"
            )
    factor = policy.self_interest_factor
    for o in self_serving[:limit]:
        st = sup[o]
        r.append(
            f"[self-serving] {st.label()} ({st.origin.party}) {_wording(st)}: self-serving, so it weighs "
            f"{factor:g} of what its rating gives"
        )
    if len(self_serving) > limit:
        r.append(
            f"[self-serving] {count_words(len(self_serving) - limit, 'more self-serving source')}, each weighing "
            f"{factor:g} of what its rating gives"
        )
    return admitting, self_serving


def _dissent(r: list[str], con: dict[str, _OriginStats], policy: Policy) -> None:
    """One sentence per contradicting origin, up to the limit; then a count."""
    limit = policy.max_rationale_ids
    against = sorted(con, key=lambda o: (con[o].label(), o))
    for o in against[:limit]:
        r.append(
            f"[contradicted] contradicted by {con[o].label()} ({policy.cite(con[o].claims)}), "
            f"weight {con[o].weight:.2f}"
        )
    if len(against) > limit:
        r.append(f"[contradicted] contradicted by {count_words(len(against) - limit, 'more independent source')}")


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
    grade = judgment.grade
    if grade is None:
        grade = ctx.policy.grade(None, judgment.status, judgment.likelihood)
    return Assessment(
        id=id,
        statement=statement,
        status=judgment.status if status is None else status,
        likelihood=judgment.likelihood,
        confidence=judgment.confidence,
        grade=grade,
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
