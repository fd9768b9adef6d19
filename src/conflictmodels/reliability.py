"""Learned source reliability: let the data grade your sources.

:func:`learn_reliability` estimates, for every independent origin of a dossier, how
often the values it gives are right, from how its claims agree with everyone else's
(no ground truth needed): an iterative source-accuracy method in the family of ACCU
(Dong, Berti-Equille & Srivastava, VLDB 2009). It alternates two steps until the
accuracies stop moving:

1. each value of each proposition gets the votes of the origins that give it, each
   weighted ``ln(n * A / (1 - A))``, where ``A`` is the origin's accuracy and ``n`` the
   number of false values of the proposition (the distinct values observed, at least
   one); a value that is a set (an author list, places, units) also gets
   ``LearningRules.partial_support`` of the votes of every smaller set inside it; the
   probability of a value is its share of ``exp(votes)`` among the values observed and
   one unobserved alternative;
2. each origin's accuracy becomes the mean probability of the values it gave, smoothed
   by its prior: an analyst's grade (the accuracy whose weight is the grade's in
   ``Policy.reliability_weights``, worth ``graded_strength`` claims) or, unrated,
   ``unrated_accuracy`` (worth ``unrated_strength`` claims).

Sources under a parent count as their parent (one origin), as in
:func:`~conflictmodels.reconcile`. Sums are exact (``math.fsum``), so the result does
not depend on the order of the claims, except where two values of one question are
exactly tied (the value reported first is taken as the likelier, and, past
``max_compared_values``, compared first); ``merge(d, d)`` learns what ``d`` does.

Then sources that share more false values than independent sources would by chance are
reported as :class:`CopyFinding` families, and the accuracies are learned once more
counting each family as one voter. Pass the model to
``reconcile(dossier, reliability=model)``: each origin's learned weight (times
``LearningRules.weight_scale``, fitted on the book-author benchmark) replaces its
grade's, each family counts as one origin, and the rationale says so.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import Claim, Dossier, Predicate, Source, Statement, Value
    >>> from conflictmodels.reliability import learn_reliability
    >>> t = datetime(2024, 1, 1, tzinfo=timezone.utc)
    >>> def said(source, book, *authors):
    ...     return Claim(id=f"{source}-{book}", source_id=source, reported_at=t,
    ...                  statement=Statement(predicate=Predicate.ATTRIBUTE, entity=book, attribute="authors",
    ...                                      value=Value(names=authors)))
    >>> stores = ("good-1", "good-2", "good-3", "sloppy")
    >>> claims = [said(s, f"book-{i}", "Knuth" if s != "sloppy" or i % 2 else "Nuth") for s in stores for i in range(6)]
    >>> d = Dossier(sources=tuple(Source(id=s, name=s.title()) for s in stores), claims=tuple(claims))
    >>> model = learn_reliability(d)
    >>> [(a.source_id, round(a.accuracy, 2), a.claims) for a in model.accuracies]
    [('good-1', 0.95, 6), ('good-2', 0.95, 6), ('good-3', 0.95, 6), ('sloppy', 0.57, 6)]
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from statistics import NormalDist
from typing import Any, Protocol

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._evidence import _origins
from ._spec import extra, flag, ident, idents, model, nested_many, number, text, vocab
from .claim import Claim
from .dossier import Dossier
from .errors import FieldError
from .policy import DEFAULT_POLICY, LearningRules, Policy
from .relations import control_value, proposition_key
from .statement import predicates_where
from .vocabularies import Reliability

__all__ = ["SPLITS", "CopyFinding", "ReliabilityModel", "SourceAccuracy", "learn_reliability"]

SPLITS: tuple[str, ...] = ("predicate", "topic", "window")
"""How a model may be split (``learn_reliability(by=...)``): one accuracy per origin
and predicate; per predicate and, for attribute statements, attribute name (the topic);
or per time window of ``window_days`` days of ``reported_at``."""

_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_TIMELINES = predicates_where(lambda r: r.timeline)
_ATTRIBUTE_VALUED = predicates_where(lambda r: r.value == "attribute")
_SET_KINDS = frozenset({"names", "texts", "location_ids", "unit_ids"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# ------------------------------------------------------------------------------ models

_ACC_CROSS = (
    c.Cross("low", "s.low <= s.accuracy <= s.high", "must satisfy low <= accuracy <= high"),
)  # fmt: skip


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_ACC_CROSS)
class SourceAccuracy:
    """What the data says of one origin: how often the values it gives are right.

    Attributes:
        source_id: The origin (a source at the top of its parent chain).
        scope: The part of the data it was learned on when the model is split
            (``"predicate=control"``, ``"topic=attribute:authors"``,
            ``"window=2025-03-01"``); ``None`` for all of it.
        accuracy: The estimated probability that a value it gives is right (the mean
            of its Beta posterior).
        low: Lower end of the interval of the accuracy (``LearningRules.interval``).
        high: Upper end of that interval.
        claims: How many of its values (one per proposition and value) the estimate
            rests on.
        grade: The Admiralty reliability the accuracy maps to (A 0.90 or more, B 0.80,
            C 0.69, D 0.60, E below; F with fewer than ``LearningRules.min_claims``).
        prior: The analyst's grade it started from, ``None`` when unrated.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Reliability
        >>> from conflictmodels.reliability import SourceAccuracy
        >>> SourceAccuracy(source_id="amazon", accuracy=0.93, low=0.9, high=0.95, claims=412,
        ...                grade=Reliability.A).weight.__round__(2)
        2.59
    """

    source_id: str = field(metadata=ident())
    scope: str | None = field(default=None, metadata=text())
    accuracy: float = field(metadata=number(lo=0.0, hi=1.0))
    low: float = field(metadata=number(lo=0.0, hi=1.0))
    high: float = field(metadata=number(lo=0.0, hi=1.0))
    claims: int = field(default=0, metadata=number(lo=0, integer=True))
    grade: Reliability = field(metadata=vocab(Reliability))
    prior: Reliability | None = field(default=None, metadata=vocab(Reliability))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def weight(self) -> float:
        """How much evidence (log-odds) a claim of this origin carries, ``ln(A / (1 - A))``,
        never below 0 (a source no better than chance adds nothing) and bounded as the
        accuracy is (``LearningRules.accuracy_bounds``)."""
        a = min(0.99, max(0.01, self.accuracy))
        return max(0.0, math.log(a / (1.0 - a)))


_COPY_CROSS = (
    c.Cross("source_ids", "len(s.source_ids) >= 2", "a copy family has at least two sources"),
)  # fmt: skip


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_COPY_CROSS)
class CopyFinding:
    """Sources that seem to copy each other: they share more false values than chance allows.

    A finding is for an analyst to confirm or reject. Confirmed, it becomes data: give
    the copiers the source they copy as ``parent_id`` (or whatever ownership the
    sources declare), and every reconcile counts them as one origin. Rejected, learn
    again with ``ignore_copies`` naming the family.

    Attributes:
        source_ids: The family: two or more origins, sorted.
        shared_false: How many false values (values the model judges false) members of
            the family give together, over the pairs that link them.
        expected: How many they would share by chance, were they independent.
        evidence: Log-likelihood ratio (Poisson) of the shared false values against
            chance, summed over the linking pairs; the larger, the less likely chance.
        claim_ids: Some of the claims carrying the shared false values (at most 10).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels.reliability import CopyFinding
        >>> CopyFinding(source_ids=("mirror", "original"), shared_false=12, expected=0.4, evidence=29.3).source_ids
        ('mirror', 'original')
    """

    source_ids: tuple[str, ...] = field(default=(), metadata=idents())
    shared_false: int = field(default=0, metadata=number(lo=0, integer=True))
    expected: float = field(default=0.0, metadata=number(lo=0.0))
    evidence: float = field(default=0.0, metadata=number(lo=0.0))
    claim_ids: tuple[str, ...] = field(default=(), metadata=idents())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class ReliabilityModel:
    """Learned accuracies of a dossier's origins, and the copy families found.

    Attributes:
        accuracies: One entry per origin (and scope, when split), sorted by scope and
            source id.
        copies: The copy families found, sorted.
        by: How the model is split (one of :data:`SPLITS`), ``None`` when it is not.
        window_days: The length of a time window, when split by ``window``.
        iterations: How many rounds the learning ran (the last learning, after copy
            families were folded).
        converged: Whether the accuracies settled within ``LearningRules.tolerance``
            before ``max_iterations``.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Reliability, dumps, loads
        >>> from conflictmodels.reliability import ReliabilityModel, SourceAccuracy
        >>> m = ReliabilityModel(accuracies=(SourceAccuracy(source_id="amazon", accuracy=0.93, low=0.9,
        ...                                                 high=0.95, claims=412, grade=Reliability.A),),
        ...                      iterations=12, converged=True)
        >>> loads(dumps(m), ReliabilityModel) == m
        True
        >>> m.accuracy("amazon").claims
        412
    """

    accuracies: tuple[SourceAccuracy, ...] = field(default=(), metadata=nested_many(SourceAccuracy))
    copies: tuple[CopyFinding, ...] = field(default=(), metadata=nested_many(CopyFinding))
    by: str | None = field(default=None, metadata=text())
    window_days: int | None = field(default=None, metadata=number(lo=1, integer=True))
    iterations: int = field(default=0, metadata=number(lo=0, integer=True))
    converged: bool = field(default=False, metadata=flag())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    def accuracy(self, source_id: str, scope: str | None = None) -> SourceAccuracy | None:
        """The learned accuracy of an origin (in ``scope``, when the model is split), or ``None``.

        Example:
            >>> from conflictmodels.reliability import ReliabilityModel
            >>> ReliabilityModel().accuracy("amazon") is None
            True
        """
        for a in self.accuracies:
            if a.source_id == source_id and a.scope == scope:
                return a
        return None

    def family(self, source_id: str) -> tuple[str, ...]:
        """The copy family an origin belongs to (itself alone when none).

        Example:
            >>> from conflictmodels.reliability import CopyFinding, ReliabilityModel
            >>> m = ReliabilityModel(copies=(CopyFinding(source_ids=("a", "b")),))
            >>> m.family("b"), m.family("c")
            (('a', 'b'), ('c',))
        """
        for f in self.copies:
            if source_id in f.source_ids:
                return f.source_ids
        return (source_id,)


# --------------------------------------------------------------------------- scopes


def scope_of(claim: Claim, by: str | None, window_days: int | None = None) -> str | None:
    """The scope a claim is learned and weighed in, for a model split ``by``.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Claim, Predicate, Statement
        >>> from conflictmodels.reliability import scope_of
        >>> c = Claim(id="c", source_id="s", reported_at=datetime(2025, 3, 9, tzinfo=timezone.utc),
        ...           statement=Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("x",)))
        >>> scope_of(c, "predicate"), scope_of(c, "window", 7), scope_of(c, None) is None
        ('predicate=presence', 'window=2025-03-06', True)
    """
    if by is None:
        return None
    s = claim.statement
    if by == "predicate":
        return f"predicate={s.subject[0]}"
    if by == "topic":
        attribute = getattr(s, "attribute", None) if s.predicate in _ATTRIBUTE_VALUED else None
        return f"topic={s.subject[0]}" if attribute is None else f"topic={s.subject[0]}:{attribute}"
    days = window_days or 1
    start = _EPOCH + timedelta(days=((claim.reported_at - _EPOCH).days // days) * days)
    return f"window={start.date().isoformat()}"


def _value_of(claim: Claim) -> Hashable:
    """What a claim says of its proposition, as a hashable value compared exactly."""
    s = claim.statement
    predicate = s.predicate
    if predicate in _ATTRIBUTE_VALUED:
        from .values import value_key

        value = getattr(s, "value", None)
        return None if value is None else value_key(value)
    if predicate in _CONTROL_VALUED:
        return control_value(s)
    if s.quantity is not None:
        return ("figure", s.quantity, s.negated)
    return not s.negated


def _members(value: Hashable) -> frozenset[Any] | None:
    """The members of a set value (``(kind, (members...))`` of a set kind), else ``None``."""
    if type(value) is tuple and len(value) == 2 and value[0] in _SET_KINDS and type(value[1]) is tuple:
        return frozenset(value[1])
    return None


# --------------------------------------------------------------------------- votes

_Voter = tuple[str, str | None]
"""Who votes: an origin and the scope it is learned in."""

_Question = tuple[Any, Hashable, str, str | None, str, bool]
"""What learning reads of one claim: the question it answers (its proposition, and for the
control of a place its day: what one item of learning is), its value, its origin, its
scope, its id and whether it is withdrawn."""


def _question(claim: Claim, roots: Mapping[str, str], by: str | None, window_days: int | None) -> _Question | None:
    """What learning reads of ``claim``, or ``None`` when it gives no value."""
    value = _value_of(claim)
    if value is None:
        return None
    key: Any = proposition_key(claim)
    if claim.statement.predicate in _TIMELINES:  # a place's control changes: compare claims of one day
        moment = claim.reported_at if claim.when is None or claim.when.start is None else claim.when.start
        key = (key, moment.astimezone(UTC).date())
    origin = roots.get(claim.source_id, claim.source_id)
    withdrawn = bool(getattr(claim, "withdrawals", ()))
    return key, value, origin, scope_of(claim, by, window_days), claim.id, withdrawn


def _questions(
    claims: Iterable[Claim], roots: Mapping[str, str], by: str | None, window_days: int | None
) -> Iterator[_Question]:
    for claim in claims:
        q = _question(claim, roots, by, window_days)
        if q is not None:
            yield q


class _Votes:
    """Claims as votes: each voter (origin and scope) for each value (question and value)
    it gives, once, in compact arrays. The claims of a whole dossier, or of one partition
    (whole questions) on Dask: the functions below read either alike."""

    __slots__ = (
        "group_claims",
        "group_prop",
        "group_voters",
        "prop_groups",
        "subsets",
        "voter_groups",
        "voters",
    )

    def __init__(self) -> None:
        self.voters: list[_Voter] = []  # (origin, scope), sorted
        self.group_voters: list[list[int]] = []  # per value: its voters, distinct
        self.voter_groups: list[list[int]] = []  # per voter: its values, distinct
        self.group_prop: list[int] = []
        self.prop_groups: list[list[int]] = []  # per question: its values, in the order the claims give them
        self.subsets: dict[int, list[int]] = {}  # value -> the values of its proposition inside it
        self.group_claims: list[Any] = []  # per value: a hashable key, to find its claims again


def _roots(sources: Sequence[Any]) -> dict[str, str]:
    """Each source's top source up its chain of parents (sources under a parent count as it).

    Linear: each answer is kept, so a walk stops at the first source already answered;
    on a cycle of parents (refused when a dossier is built) the smallest id of the cycle.
    """
    parent = {s.id: s.parent_id for s in sources}
    out: dict[str, str] = {}
    for sid in parent:
        path: list[str] = []
        seen: set[str] = set()
        x: str | None = sid
        while x is not None and x not in out and x in parent and x not in seen:
            path.append(x)
            seen.add(x)
            x = parent[x]
        if x is not None and x in seen:  # a cycle
            top = min(path[path.index(x) :])
        elif x is not None and x in out:
            top = out[x]
        else:
            top = path[-1]
        for y in path:
            out[y] = top
    return out


def _voter_order(voter: _Voter) -> tuple[str, str]:
    return voter[0], voter[1] or ""


def _collect(questions: Iterable[_Question], rules: LearningRules) -> _Votes:
    """The votes of ``questions`` (in the order of their claims: a value's place among its
    question's values is where a claim first gives it, which breaks ties)."""
    voter_ids: dict[_Voter, int] = {}
    group_ids: dict[tuple[Any, Hashable], int] = {}
    prop_ids: dict[Any, int] = {}
    pairs: set[tuple[int, int]] = set()
    v = _Votes()
    for key, value, origin, scope, _, withdrawn in questions:
        if withdrawn:
            continue  # withdrawn: no longer evidence
        voter = (origin, scope)
        vi = voter_ids.get(voter)
        if vi is None:
            vi = voter_ids[voter] = len(voter_ids)
        gkey = (key, value)
        gi = group_ids.get(gkey)
        if gi is None:
            gi = group_ids[gkey] = len(group_ids)
            pi = prop_ids.get(key)
            if pi is None:
                pi = prop_ids[key] = len(prop_ids)
                v.prop_groups.append([])
            v.prop_groups[pi].append(gi)
            v.group_prop.append(pi)
            v.group_claims.append(gkey)
        pairs.add((vi, gi))
    del prop_ids
    # Voters in sorted order, so every output and tie follows ids, not input order.
    order = sorted(voter_ids, key=_voter_order)
    renumber = [0] * len(order)
    for new, voter in enumerate(order):
        renumber[voter_ids[voter]] = new
    v.voters = order
    del voter_ids, group_ids
    v.group_voters = [[] for _ in v.group_prop]
    v.voter_groups = [[] for _ in order]
    for vi, gi in pairs:
        nv = renumber[vi]
        v.group_voters[gi].append(nv)
        v.voter_groups[nv].append(gi)
    del pairs
    for gs in v.group_voters:
        gs.sort()
    _containment(v, rules)
    return v


def _containment(v: _Votes, rules: LearningRules) -> None:
    """For each set value, the smaller sets of its proposition inside it (among the
    ``max_compared_values`` values with the most voters)."""
    limit = rules.max_compared_values
    for groups in v.prop_groups:
        if len(groups) < 2:
            continue
        sets: list[tuple[int, frozenset[Any]]] = []
        for g in groups:
            m = _members(v.group_claims[g][1])
            if m is not None:
                sets.append((g, m))
        if len(sets) < 2:
            continue
        if len(sets) > limit:
            sets.sort(key=lambda gm: (-len(v.group_voters[gm[0]]), gm[0]))
            sets = sets[:limit]
        for g, m in sets:
            inside = [h for h, n in sets if h != g and n < m]
            if inside:
                v.subsets[g] = inside


# --------------------------------------------------------------------------- learning
#
# One engine, two ways to run it. The functions taking a ``_Votes`` are the map: they read
# whole questions (a dossier's, or a Dask partition's) and return what each voter needs
# summed; ``_Learner`` and ``_learn`` are the reduce and the control, reading only sums
# per voter (or per pair of origins). Sums over claims are exact (``math.fsum``; a
# partition gives floats whose exact sum is its own, ``_exact``), so any split of the
# questions into partitions gives the same bits.


def _prior_of(grade: Reliability | None, policy: Policy) -> tuple[float, float]:
    """A grade's prior accuracy and strength (claims it is worth)."""
    rules = policy.learning
    if grade is None or grade is Reliability.F:
        return rules.unrated_accuracy, rules.unrated_strength
    w = policy.reliability_weights[grade]
    return 1.0 / (1.0 + math.exp(-w)), rules.graded_strength


_Collisions = Mapping[int, list[list[int]]]
"""Per value, the voters that count once (the members of one copy family giving it)."""


def _probabilities(v: _Votes, lw: Sequence[float], rho: float, collisions: _Collisions, prob: list[float]) -> None:
    """Each value's probability, into ``prob``, question by question, from the log-odds
    ``lw`` of the accuracies of ``v.voters``."""
    fsum, log, exp = math.fsum, math.log, math.exp
    gv = v.group_voters
    for groups in v.prop_groups:
        ln_n = log(len(groups))  # false values: the distinct values observed (at least 1)
        if len(groups) == 1:
            g = groups[0]
            voters = gv[g]
            t = fsum(map(lw.__getitem__, voters)) + len(voters) * ln_n - _copied(collisions, g, lw)
            prob[g] = 1.0 / (1.0 + exp(-t)) if t > -700 else 0.0
            continue
        tau = {}
        for g in groups:
            voters = gv[g]
            tau[g] = fsum(map(lw.__getitem__, voters)) + len(voters) * ln_n - _copied(collisions, g, lw)
        scores = []
        for g in groups:
            inside = v.subsets.get(g)
            s = tau[g] if inside is None else tau[g] + rho * fsum([tau[h] for h in inside])
            scores.append(s)
        top = max(max(scores), 0.0)
        weights = [exp(s - top) for s in scores]
        z = fsum(weights) + exp(-top)  # one unobserved alternative
        for g, w in zip(groups, weights, strict=True):
            prob[g] = w / z


def _copied(collisions: _Collisions, g: int, lw: Sequence[float]) -> float:
    """The votes of a value to take back: all but the strongest member of each family."""
    dup = collisions.get(g)
    if dup is None:
        return 0.0
    return math.fsum([math.fsum([lw[x] for x in members]) - max(lw[x] for x in members) for members in dup])


def _source_sums(v: _Votes, prob: Sequence[float], exact: bool) -> list[list[float]]:
    """Per voter, the sum of the probabilities of the values it gives: ``[math.fsum(...)]``,
    or with ``exact`` floats whose exact sum is that sum (what one partition sends)."""
    get = prob.__getitem__
    if not exact:
        return [[math.fsum(map(get, groups))] for groups in v.voter_groups]
    return [_exact(list(map(get, groups))) for groups in v.voter_groups]


def _exact(values: list[float]) -> list[float]:
    """Floats whose exact sum is the exact sum of ``values``, the first ``math.fsum(values)``
    (usually one or two): ``math.fsum`` of the floats of several partitions is then
    ``math.fsum`` of all their values at once, however they were split."""
    out: list[float] = []
    rest = values
    while True:
        s = math.fsum(rest)
        if s == 0.0:  # a non-zero exact sum of floats never rounds to zero
            return out
        out.append(s)
        rest = [*rest, -s]


class _Engine(Protocol):
    """Runs the map over the votes, wherever they are: ``_Whole`` in this process,
    ``conflictmodels.dask`` over partitions."""

    @property
    def voters(self) -> Sequence[_Voter]:
        """Every voter, sorted (``_voter_order``)."""

    @property
    def counts(self) -> Sequence[int]:
        """Per voter, how many values it gives."""

    def sums(self, lw: list[float]) -> list[float]:
        """Per voter, the exact sum of the probabilities of its values, given the voters' log-odds."""

    def shared_false(self, lw: list[float]) -> dict[tuple[str, str], int]:
        """Per pair of origins, the false values they give together (``_shared_false``)."""

    def expected(self, acc: list[float], pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """Per pair, how many false values it would share by chance (``_expected_terms``, summed exactly)."""

    def examples(self, lw: list[float], member_of: Mapping[str, int], n: int) -> list[list[str]]:
        """Per family, claims carrying the false values its members share (at least the 10 first ids)."""

    def fold(self, family: Mapping[_Voter, _Voter]) -> None:
        """Count the voters of one family once per value (each voter to its family's)."""


class _Learner:
    """Iterates value probabilities (the engine's map) and voter accuracies (the reduce,
    here) to a fixed point."""

    def __init__(self, engine: _Engine, priors: Sequence[tuple[float, float]], rules: LearningRules) -> None:
        self.engine = engine
        self.rules = rules
        self.priors = priors
        self.acc = [p for p, _ in priors]
        self.lw: list[float] = []  # the log-odds the last round's probabilities came from
        self.right = [0.0] * len(priors)  # per voter, the sum of the probabilities of its values
        self.iterations = 0
        self.converged = False

    def run(self) -> None:
        rules = self.rules
        lo, hi = rules.accuracy_bounds
        counts = self.engine.counts
        log = math.log
        self.iterations = 0
        self.converged = False
        for _ in range(rules.max_iterations):
            self.iterations += 1
            lw = [log(a / (1.0 - a)) for a in self.acc]
            right = self.engine.sums(lw)
            moved = 0.0
            new = []
            for i, r in enumerate(right):
                prior, strength = self.priors[i]
                a = (r + strength * prior) / (counts[i] + strength)
                a = min(hi, max(lo, a))
                moved = max(moved, abs(a - self.acc[i]))
                new.append(a)
            self.acc, self.lw, self.right = new, lw, right
            if moved < rules.tolerance:
                self.converged = True
                break


class _Whole:
    """The engine in one process: a dossier's votes as one partition."""

    def __init__(self, claims: Sequence[Claim], roots: Mapping[str, str], by: str | None, window_days: int | None,
                 rules: LearningRules) -> None:  # fmt: skip
        self.read = (claims, roots, by, window_days)
        self.rules = rules
        self.v = v = _collect(_questions(claims, roots, by, window_days), rules)
        self.voters = v.voters
        self.counts = [len(groups) for groups in v.voter_groups]
        self.prob = [0.0] * len(v.group_prop)
        self.collisions: _Collisions = {}
        self.lw: list[float] | None = None  # what self.prob was computed from

    def _prob(self, lw: list[float]) -> list[float]:
        if lw is not self.lw:
            _probabilities(self.v, lw, self.rules.partial_support, self.collisions, self.prob)
            self.lw = lw
        return self.prob

    def sums(self, lw: list[float]) -> list[float]:
        return [math.fsum(s) for s in _source_sums(self.v, self._prob(lw), exact=False)]

    def shared_false(self, lw: list[float]) -> dict[tuple[str, str], int]:
        return _shared_false(self.v, self._prob(lw), self.rules)

    def expected(self, acc: list[float], pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
        return {pair: math.fsum(terms) for pair, terms in _expected_terms(self.v, acc, pairs).items()}

    def examples(self, lw: list[float], member_of: Mapping[str, int], n: int) -> list[list[str]]:
        false_shared = _false_shared(self.v, self._prob(lw), member_of)
        return _examples(_questions(*self.read), false_shared, member_of, n)

    def fold(self, family: Mapping[_Voter, _Voter]) -> None:
        self.collisions = _collisions(self.v, [family.get(x, x) for x in self.voters])
        self.lw = None


# --------------------------------------------------------------------------- copies


def _shared_false(v: _Votes, prob: Sequence[float], rules: LearningRules) -> dict[tuple[str, str], int]:
    """Per pair of origins, how many values they give together that are judged false (and
    not their question's best value), among values given by at most ``copy_max_sharers``."""
    root = [o for o, _ in v.voters]
    best = [max(groups, key=lambda g: (prob[g], -g)) for groups in v.prop_groups]
    shared: dict[tuple[str, str], int] = {}
    for g, voters in enumerate(v.group_voters):
        if len(voters) < 2 or len(voters) > rules.copy_max_sharers or prob[g] >= 0.5:
            continue
        if best[v.group_prop[g]] == g:
            continue
        origins = sorted({root[x] for x in voters})
        for i, a in enumerate(origins):
            for b in origins[i + 1 :]:
                shared[(a, b)] = shared.get((a, b), 0) + 1
    return shared


def _expected_terms(
    v: _Votes, acc: Sequence[float], pairs: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], list[float]]:
    """Per pair of origins, per question both answer, the chance that both give one false
    value by chance, with ``acc`` the accuracies of ``v.voters``."""
    involved = {o for pair in pairs for o in pair}
    coverage: dict[str, dict[int, float]] = {o: {} for o in involved}  # question -> accuracy there
    for x, (o, _) in enumerate(v.voters):
        if o in involved:
            cov = coverage[o]
            for g in v.voter_groups[x]:
                cov[v.group_prop[g]] = acc[x]
    out = {}
    for a, b in pairs:
        ca, cb = coverage[a], coverage[b]
        small, large = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
        out[(a, b)] = [(1.0 - p_acc) * (1.0 - large[p]) / len(v.prop_groups[p]) for p, p_acc in small.items()
                       if p in large]  # fmt: skip
    return out


def _copy_pairs(
    engine: _Engine, learner: _Learner, ignore: frozenset[frozenset[str]]
) -> list[tuple[str, str, int, float, float]]:
    """Pairs of origins sharing more false values than chance: ``(a, b, shared, expected, llr)``."""
    rules = learner.rules
    shared = engine.shared_false(learner.lw)
    candidates = sorted((a, b, n) for (a, b), n in shared.items() if n >= rules.copy_min_shared)
    kept = [(a, b, n) for a, b, n in candidates if frozenset((a, b)) not in ignore]
    if not kept:
        return []
    expected = engine.expected(learner.acc, [(a, b) for a, b, _ in kept])
    out = []
    for a, b, n in kept:
        e = max(expected[(a, b)], 1e-9)
        llr = n * math.log(n / e) - (n - e)
        if n > e and llr >= rules.copy_min_evidence:
            out.append((a, b, n, e, llr))
    return out


def _families(pairs: Iterable[tuple[str, str, int, float, float]]) -> list[list[tuple[str, str, int, float, float]]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = list(pairs)
    for a, b, *_ in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[tuple[str, str, int, float, float]]] = {}
    for p in pairs:
        out.setdefault(find(p[0]), []).append(p)
    return [out[k] for k in sorted(out)]


def _false_shared(v: _Votes, prob: Sequence[float], member_of: Mapping[str, int]) -> dict[Any, set[int]]:
    """The false values (by key) that two or more members of a family give, with the families."""
    out: dict[Any, set[int]] = {}
    root = [o for o, _ in v.voters]
    for g, voters in enumerate(v.group_voters):
        if prob[g] >= 0.5 or len(voters) < 2:
            continue
        fams: dict[int, int] = {}
        for x in voters:
            f = member_of.get(root[x])
            if f is not None:
                fams[f] = fams.get(f, 0) + 1
        for f, n in fams.items():
            if n >= 2:
                out.setdefault(v.group_claims[g], set()).add(f)
    return out


def _examples(
    questions: Iterable[_Question], false_shared: Mapping[Any, set[int]], member_of: Mapping[str, int], n: int
) -> list[list[str]]:
    """Per family, the 10 first ids of its members' claims giving the false values they share."""
    found: list[set[str]] = [set() for _ in range(n)]
    for key, value, origin, _, claim_id, _ in questions:
        f = member_of.get(origin)
        if f is not None and f in false_shared.get((key, value), ()):
            found[f].add(claim_id)
    return [sorted(ids)[:10] for ids in found]


def _finding(family: Sequence[tuple[str, str, int, float, float]], examples: Iterable[str]) -> CopyFinding:
    ids = sorted({x for a, b, *_ in family for x in (a, b)})
    return CopyFinding(
        source_ids=tuple(ids),
        shared_false=sum(p[2] for p in family),
        expected=round(math.fsum([p[3] for p in family]), 6),
        evidence=round(math.fsum([p[4] for p in family]), 6),
        claim_ids=tuple(sorted(set(examples))[:10]),
    )


def _fold(voters: Sequence[_Voter], findings: Sequence[CopyFinding]) -> dict[_Voter, _Voter]:
    """Each voter of a family to its family's voter in its scope (the family's first source),
    when that source has one."""
    rep = {o: f.source_ids[0] for f in findings for o in f.source_ids}
    present = set(voters)
    out = {}
    for o, scope in voters:
        r = rep.get(o)
        if r is not None and (r, scope) in present:
            out[(o, scope)] = (r, scope)
    return out


def _collisions(v: _Votes, family: Sequence[Hashable]) -> dict[int, list[list[int]]]:
    """Per value, the voters of one family (``family``: per voter of ``v``) that give it together."""
    out = {}
    for g, voters in enumerate(v.group_voters):
        by_family: dict[Hashable, list[int]] = {}
        for x in voters:
            by_family.setdefault(family[x], []).append(x)
        dup = [members for members in by_family.values() if len(members) > 1]
        if dup:
            out[g] = dup
    return out


# --------------------------------------------------------------------------- public


def _options(where: str, by: str | None, window_days: int | None) -> int | None:
    """``window_days`` as learning uses it, or a FieldError naming the bad option."""
    if by is not None and by not in SPLITS:
        raise FieldError(where, "by", f"must be None or one of {', '.join(SPLITS)}", by)
    if by != "window":
        return None
    window_days = 30 if window_days is None else window_days
    if not (type(window_days) is int and window_days >= 1):
        raise FieldError(where, "window_days", "must be an integer >= 1", window_days)
    return window_days


def learn_reliability(
    dossier: Dossier,
    *,
    policy: Policy = DEFAULT_POLICY,
    by: str | None = None,
    window_days: int | None = None,
    copies: bool = True,
    ignore_copies: Iterable[Iterable[str]] = (),
) -> ReliabilityModel:
    """Learn how often each origin of a dossier is right, from how its claims agree.

    The method is described in :doc:`/howto/learn-reliability`. Deterministic, and
    independent of the order of the claims but for exact ties between two values of one
    question (the value reported first wins them); ``merge(d, d)`` learns what ``d`` does.

    Args:
        dossier: The claims to learn from.
        policy: Its ``learning`` rules (:class:`~conflictmodels.policy.LearningRules`)
            and ``reliability_weights`` (grades as priors) are used.
        by: Split the model: ``"predicate"``, ``"topic"`` or ``"window"`` (see
            :data:`SPLITS`); ``None`` learns one accuracy per origin.
        window_days: The window's length in days, with ``by="window"`` (default 30).
        copies: Look for copy families (and count each as one voter).
        ignore_copies: Families an analyst rejected: no two of a family's sources are
            reported again, nor folded.

    Returns:
        The model, with one :class:`SourceAccuracy` per origin with claims (and scope),
        the copy families, the iterations and whether they converged.

    Raises:
        FieldError: ``by`` is not one of :data:`SPLITS`, or ``window_days`` is not a
            positive integer.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.reliability import learn_reliability
        >>> m = learn_reliability(kursk_dossier())
        >>> m.converged, len(m.accuracies) > 0, m.copies
        (True, True, ())
    """
    window_days = _options("learn_reliability", by, window_days)
    engine = _Whole(dossier.claims, _roots(dossier.sources), by, window_days, policy.learning)
    return _learn(engine, dossier.sources, policy, by, window_days, copies, ignore_copies)


def _learn(
    engine: _Engine,
    sources: Sequence[Any],
    policy: Policy,
    by: str | None,
    window_days: int | None,
    copies: bool,
    ignore_copies: Iterable[Iterable[str]],
) -> ReliabilityModel:
    """``learn_reliability`` with the votes wherever ``engine`` keeps them (one engine: the
    map runs in ``engine``, the reduce and everything else here)."""
    rules = policy.learning
    voters = engine.voters
    graded = {s.id: s.reliability for s in sources}
    grade_of = {o: graded.get(o) for o, _ in voters}
    learner = _Learner(engine, [_prior_of(grade_of[o], policy) for o, _ in voters], rules)
    learner.run()
    findings: list[CopyFinding] = []
    if copies:
        ignore = frozenset(frozenset(p) for fam in ignore_copies for p in _pairs_of(sorted(set(fam))))
        families = _families(_copy_pairs(engine, learner, ignore))
        if families:
            member_of: dict[str, int] = {}
            for i, fam in enumerate(families):
                for a, b, *_ in fam:
                    member_of[a] = member_of[b] = i
            examples = engine.examples(learner.lw, member_of, len(families))
            findings = [_finding(fam, ex) for fam, ex in zip(families, examples, strict=True)]
            engine.fold(_fold(voters, findings))
            first, settled = learner.iterations, learner.converged
            learner.run()
            learner.iterations += first
            learner.converged = learner.converged and settled
    return ReliabilityModel(
        accuracies=tuple(
            _accuracy(voters[i], learner, engine.counts[i], i, grade_of, rules) for i in range(len(voters))
        ),
        copies=tuple(findings),
        by=by,
        window_days=window_days,
        iterations=learner.iterations,
        converged=learner.converged,
    )


def _pairs_of(ids: Sequence[str]) -> Iterable[tuple[str, str]]:
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            yield a, b


def _accuracy(
    voter: _Voter, learner: _Learner, claims: int, i: int, grade_of: Mapping[str, Reliability | None],
    rules: LearningRules,
) -> SourceAccuracy:  # fmt: skip
    origin, scope = voter
    prior, strength = learner.priors[i]
    right = learner.right[i]
    alpha = right + strength * prior
    beta = (claims - right) + strength * (1.0 - prior)
    acc = learner.acc[i]
    low, high = _interval(alpha, beta, rules.interval)
    return SourceAccuracy(
        source_id=origin,
        scope=scope,
        accuracy=round(acc, 6),
        low=round(min(low, acc), 6),
        high=round(max(high, acc), 6),
        claims=claims,
        grade=grade_for(acc, claims, rules),
        prior=grade_of.get(origin),
    )


_GRADE_FLOORS = ((Reliability.A, 0.90), (Reliability.B, 0.80), (Reliability.C, 0.69), (Reliability.D, 0.60))


def grade_for(accuracy: float, claims: int, rules: LearningRules = DEFAULT_POLICY.learning) -> Reliability:
    """The Admiralty reliability an accuracy maps to.

    A from 0.90, B from 0.80, C from 0.69, D from 0.60, E below: the accuracies whose
    weights (``ln(A / (1 - A))``) are the default ``Policy.reliability_weights`` of the
    grades (2.2, 1.4, 0.8, 0.4). F (cannot be judged) with fewer than
    ``rules.min_claims`` claims.

    Example:
        >>> from conflictmodels.reliability import grade_for
        >>> grade_for(0.93, 412).value, grade_for(0.75, 40).value, grade_for(0.99, 1).value
        ('A', 'C', 'F')
    """
    if claims < rules.min_claims:
        return Reliability.F
    for grade, floor in _GRADE_FLOORS:
        if accuracy >= floor:
            return grade
    return Reliability.E


# --------------------------------------------------------------------------- reconcile


class _Weighing:
    """What ``reconcile(..., reliability=model)`` needs: each claim's origin with its
    learned weight (per scope), and the rationale sentences saying so."""

    def __init__(self, model: ReliabilityModel, sources: Sequence[Any], policy: Policy) -> None:
        if not isinstance(model, ReliabilityModel):
            raise FieldError("reconcile", "reliability", "must be a ReliabilityModel (see learn_reliability)", model)
        self.model = model
        self.policy = policy
        self.scale = policy.learning.weight_scale
        self.sources = sources
        self.names = {s.id: s.name for s in sources}
        self.family = {o: f.source_ids[0] for f in model.copies for o in f.source_ids}
        self.findings = {f.source_ids[0]: f for f in model.copies}
        self.learned: dict[str | None, dict[str, SourceAccuracy]] = {}
        for a in model.accuracies:
            self.learned.setdefault(a.scope, {})[a.source_id] = a
        self.plain = _origins(sources, policy)
        self.roots = _roots(sources)
        self.by_scope: dict[str | None, dict[str, Any]] = {}

    def origins(self, scope: str | None) -> dict[str, Any]:
        """The origins of every source in ``scope``: learned weights where the model has them.

        Keyed by what reconcile counts as one origin (a top source, or every source of
        one side): where that holds several learned sources, the strongest weight.
        """
        found = self.by_scope.get(scope)
        if found is None:
            learned = self.learned.get(scope, {})
            table: dict[str, tuple[str, float]] = {}
            for sid, o in self.plain.items():
                top = self.roots.get(sid, sid)
                acc = learned.get(top)
                fam = self.family.get(top)
                if acc is None and fam is None:
                    continue
                weight = float(o.base) if acc is None else acc.weight * self.scale
                prev = table.get(o.root)
                if prev is None or weight > prev[1]:
                    table[o.root] = (o.root if fam is None else fam, weight)
            found = self.by_scope[scope] = _origins(self.sources, self.policy, table)
        return found

    def origin(self, claim: Claim) -> Any:
        return self.origins(scope_of(claim, self.model.by, self.model.window_days))[claim.source_id]

    def explain(self, made: list[Any], claims: Mapping[str, Claim]) -> list[Any]:
        """Each assessment with sentences naming the learned weights and copy families it used."""
        from . import _checks as checks

        limit = self.policy.max_rationale_ids
        out = []
        for a in made:
            used: dict[str, SourceAccuracy] = {}
            families: set[str] = set()
            members: dict[str, set[str]] = {}
            for cid in (*a.supporting, *a.contradicting):
                claim = claims.get(cid)
                if claim is None:
                    continue
                root = self.roots.get(claim.source_id, claim.source_id)
                learned = self.learned.get(scope_of(claim, self.model.by, self.model.window_days), {}).get(root)
                if learned is not None:
                    used[root] = learned
                fam = self.family.get(root)
                if fam is not None:
                    members.setdefault(fam, set()).add(root)
                    if len(members[fam]) > 1:
                        families.add(fam)
            if not used and not families:
                out.append(a)
                continue
            said = []
            for root in sorted(used)[:limit]:
                acc = used[root]
                said.append(
                    f"[learned-reliability] {self.names.get(root, root)} weighted by its learned accuracy, "
                    f"{acc.accuracy:.2f} from {acc.claims} claims: weight {acc.weight * self.scale:.2f}"
                    + ("" if acc.scope is None else f" ({acc.scope})")
                )
            if len(used) > limit:
                said.append(
                    f"[learned-reliability] {len(used) - limit} more sources weighted by their learned accuracy"
                )
            for fam in sorted(families):
                f = self.findings[fam]
                who = sorted(self.names.get(x, x) for x in members[fam])
                said.append(
                    f"[copy-family] {', '.join(who[:-1])} and {who[-1]} count as one origin: the data shows them "
                    f"sharing {f.shared_false} false values where independent sources would share "
                    f"{f.expected:.1f} (a copy finding, to confirm or reject)"
                )
            rationale = list(a.rationale)
            at = next(
                (i for i, r in enumerate(rationale) if r.startswith(("[evidence] ", "[value-likelihood] "))),
                len(rationale),
            )
            out.append(checks.replace(a, rationale=tuple(rationale[:at] + said + rationale[at:])))
        return out


# --------------------------------------------------------------------------- interval


def _interval(alpha: float, beta: float, mass: float) -> tuple[float, float]:
    """The central ``mass`` interval of Beta(alpha, beta), approximated by a normal law on
    the log-odds scale (inside 0-1, asymmetric near the ends, cheap for any number of
    sources)."""
    n = alpha + beta
    m = alpha / n
    sd = math.sqrt(alpha * beta / (n * n * (n + 1.0)))
    z = NormalDist().inv_cdf(0.5 + mass / 2.0)
    centre = math.log(m / (1.0 - m))
    half = z * sd / (m * (1.0 - m))
    return 1.0 / (1.0 + math.exp(-(centre - half))), 1.0 / (1.0 + math.exp(-(centre + half)))
