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

import bisect
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _checks
from ._control import _assess_timeline, _not_the_place
from ._events import _assess_commands, _assess_event
from ._evidence import ASSESSED_BY, _Context, _Ev, _evidence, _hedge_table, _origins, _value, _voice
from ._figures import (
    _SERIES,
    _STATES,
    _STATES_OF_CONTROL,
    _assess_boolean,
    _assess_presence,
    _assess_quantity,
    _assess_series,
    _assess_withdrawn,
)
from ._footage import _footage
from ._gc import paused
from ._opinions import _attributed
from ._space import _Space
from ._spec import exact_key, specs
from ._values import _assess_values
from .assessment import Assessment
from .claim import Claim
from .dossier import Dossier
from .location import Location
from .people import Person
from .policy import DEFAULT_POLICY, Policy
from .relations import (
    PropositionKey,
    control_value,
    proposition_key,
    time_bounds,
)
from .reliability import ReliabilityModel, _Weighing
from .resolution import resolve_entities
from .serialization import content_id
from .source import Source
from .statement import Statement, predicates_where
from .unit import Unit
from .values import value_key
from .vocabularies import AssessmentStatus, Modality, Predicate
from .withdrawal import Withdrawal

__all__ = ["ASSESSED_BY", "merge", "reconcile"]


_MINE = "conflictmodels "
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_S = AssessmentStatus
# Enum members read once: reading one off its class costs about ten times a global.
_CONTROL = Predicate.CONTROL
_FACT = Modality.FACT
# What the predicate table says, as tuples tested by identity (hashing an enum member
# costs a Python call): values compared as who holds a place; states in a timeline.
_CONTROL_VALUED = predicates_where(lambda r: r.value == "control")
_ATTRIBUTE_VALUED = predicates_where(lambda r: r.value == "attribute")
_EVENT_VALUED = predicates_where(lambda r: r.value == "event")
_PERSON_VALUED = predicates_where(lambda r: r.value == "person")
_TIMELINES = predicates_where(lambda r: r.timeline)
_UNVERIFIED, _CONTESTED, _SUPERSEDED = _S.UNVERIFIED, _S.CONTESTED, _S.SUPERSEDED


# --------------------------------------------------------------------------- reconcile


def reconcile(
    dossier: Dossier,
    *,
    policy: Policy = DEFAULT_POLICY,
    as_of: datetime | None = None,
    assessed_at: datetime | None = None,
    reliability: ReliabilityModel | None = None,
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
        reliability: A model from :func:`~conflictmodels.reliability.learn_reliability`:
            each origin's learned weight, ``ln(A / (1 - A))`` of its learned accuracy
            ``A`` times ``LearningRules.weight_scale``, replaces its grade's weight (and
            kind factor); the sources of a copy family count as one origin; the
            rationale names both (``learned-reliability``, ``copy-family``).

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
    # The collector is paused for the whole call, entity resolution included: both
    # allocate many small acyclic objects that collections would only rescan (per-claim
    # time grew with the size of the heap). It is restored even when this raises.
    with paused():
        return _assess(_resolve(dossier, policy), policy, as_of, assessed_at, reliability)


def _assess(
    dossier: Dossier,
    policy: Policy,
    as_of: datetime | None,
    assessed_at: datetime | None,
    reliability: ReliabilityModel | None = None,
) -> Dossier:
    """Reconcile without entity resolution."""
    with paused():  # reconcile allocates many small acyclic objects; collections would only rescan them
        made = _reconcile(dossier, policy, as_of, assessed_at, reliability)
    kept = [a for a in dossier.assessments if not a.assessed_by.startswith(_MINE)]
    return dossier.with_assessments(sorted((*kept, *made), key=lambda a: a.id)).in_id_order()


def _instant_then_offset(moment: datetime) -> tuple[datetime, Any]:
    return moment, moment.utcoffset()


def _reconcile(
    dossier: Dossier,
    policy: Policy,
    as_of: datetime | None,
    assessed_at: datetime | None,
    reliability: ReliabilityModel | None = None,
) -> list[Assessment]:
    if assessed_at is None:
        assessed_at = _latest(dossier.claims, as_of)
    weigher = _Weigher(dossier.sources, policy, as_of, reliability)
    groups, views = weigher.weigh(dossier.claims)
    return weigher.judge(groups, views, dossier.locations, assessed_at, dossier.claims, dossier.people, dossier.units)


def _latest(claims: Iterable[Claim], as_of: datetime | None) -> datetime:
    """The default ``assessed_at``: the latest ``reported_at`` of ``claims``."""
    # Of one instant written in several UTC offsets, the largest offset: not the first seen.
    return max((c.reported_at for c in claims), default=as_of or _EPOCH, key=_instant_then_offset)


class _Weigher:
    """The two halves of reconcile, apart so that :mod:`conflictmodels.dask` runs them on
    parts of a dossier: claims weighed into groups by proposition (:meth:`weigh`), and
    groups judged, places before the regions that contain them (:meth:`judge`). Every
    group a judgment reads (a region's and the places inside it) must be judged in one call.
    """

    __slots__ = ("as_of", "cutoff", "hedges", "learned", "origins", "policy", "sources")

    def __init__(
        self, sources: Sequence[Source], policy: Policy, as_of: datetime | None, reliability: ReliabilityModel | None
    ) -> None:
        self.sources = sources
        self.policy = policy
        self.as_of = as_of
        self.origins = _origins(sources, policy)
        self.learned = None if reliability is None else _Weighing(reliability, sources, policy)
        self.cutoff = None if as_of is None else as_of.timestamp()
        self.hedges = _hedge_table(policy)

    def weigh(self, claims: Iterable[Claim]) -> tuple[dict[PropositionKey, list[_Ev]], list[Claim]]:
        """The claims as evidence, by proposition, and the claims that are not facts."""
        origins, learned, policy, cutoff, hedges = self.origins, self.learned, self.policy, self.cutoff, self.hedges
        groups: dict[PropositionKey, list[_Ev]] = {}
        views: list[Claim] = []  # claims that are not facts (Statement.modality)
        for claim in claims:
            if cutoff is not None and (claim.reported_at.timestamp() > cutoff or time_bounds(claim)[0] > cutoff):
                continue
            if claim.statement.modality is not _FACT:  # an opinion, judgment or forecast: recorded, never weighed
                views.append(claim)
                continue
            origin = origins[claim.source_id] if learned is None else learned.origin(claim)
            ev = _evidence(claim, origin, policy, _value(claim), hedges)
            key = proposition_key(claim)
            group = groups.get(key)
            if group is None:
                groups[key] = [ev]
            else:
                group.append(ev)
        return groups, views

    def judge(
        self,
        groups: Mapping[PropositionKey, list[_Ev]],
        views: Sequence[Claim],
        locations: Sequence[Location],
        assessed_at: datetime,
        claims: Iterable[Claim],
        people: Sequence[Person] = (),
        units: Sequence[Unit] = (),
    ) -> list[Assessment]:
        """The assessments of ``groups`` and ``views`` (``claims``: at least theirs;
        ``people`` and ``units``: those whose names the sentences about commanders use)."""
        ctx = _Context(self.policy, self.as_of, assessed_at)
        names = {s.id: s.name for s in self.sources}
        made: list[Assessment] = []
        space = _Space(locations, self.sources)  # places inside regions: judged before the regions
        entities = (
            {"people": {p.id: p.name for p in people}, "units": {u.id: u.name for u in units}} if people else None
        )
        for key, evs in space.in_order(groups):
            made.extend(_assess_group(key, evs, ctx, names, space, entities))
        if views:
            made.extend(_attributed(views, self.sources, {s: o.root for s, o in self.origins.items()}, ctx))
        if self.learned is not None:  # say which learned weights and copy families each judgment used
            made = self.learned.explain(made, {c.id: c for c in claims})
        return made


def _resolve(dossier: Dossier, policy: Policy) -> Dossier:
    result = resolve_entities(dossier) if policy.resolution is None else resolve_entities(dossier, policy.resolution)
    return result.dossier


def _assess_group(
    key: PropositionKey,
    evs: list[_Ev],
    ctx: _Context,
    names: Mapping[str, str],
    space: _Space,
    entities: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Assessment]:
    evs = _footage(evs, space, ctx)  # geolocated footage: checked against the place, as of ctx.as_of, then weighed
    evs.sort(key=lambda e: (e.hi, e.lo, e.id))
    predicate = evs[0].claim.statement.predicate
    gone = _retractions(evs, ctx, names, predicate in _TIMELINES)
    if predicate in _CONTROL_VALUED:  # claims about the place's surroundings, or coarser than it: set aside
        for i, sentence in _not_the_place(evs, space).items():
            gone.setdefault(i, sentence)
    if not gone:
        active, gone_ids, notes = evs, [], []
    else:
        active = [e for e in evs if e.id not in gone]
        gone_ids = sorted(gone)
        notes = _notes(gone, gone_ids, ctx.policy)
    if not active:
        return [_assess_withdrawn(key, evs, gone_ids, notes, ctx)]
    if predicate in _CONTROL_VALUED:
        return _assess_timeline(key, active, gone_ids, notes, ctx, space)
    if predicate in _ATTRIBUTE_VALUED:
        return [_assess_values(key, active, gone_ids, notes, ctx, space)]
    if predicate in _EVENT_VALUED:
        return [_assess_event(key, active, gone_ids, notes, ctx, space)]
    if predicate in _PERSON_VALUED:
        people, units = (entities or {}).get("people", {}), (entities or {}).get("units", {})
        return _assess_commands(key, active, gone_ids, notes, ctx, space, people, units)
    if predicate in _TIMELINES:
        return _assess_presence(key, active, gone_ids, notes, ctx)
    if predicate in _SERIES and any(e.claim.statement.quantity is not None for e in active):
        return _assess_series(key, active, gone_ids, notes, ctx, names)
    if any(e.claim.statement.quantity is not None for e in evs):
        return [_assess_quantity(key, active, gone_ids, notes, ctx)]
    return [_assess_boolean(key, active, gone_ids, notes, ctx)]


def _notes(gone: Mapping[str, str | None], ids: list[str], policy: Policy) -> list[str]:
    """The sentences saying why claims stopped being evidence, at most ``max_rationale_ids``, then a count."""
    said = [s for i in ids if (s := gone[i]) is not None]
    limit = policy.max_rationale_ids
    if len(said) <= limit:
        return said
    return [*said[:limit], f"[withdrawn] {len(said) - limit} more claims withdrawn, walked back or set aside"]


def _retractions(evs: list[_Ev], ctx: _Context, names: Mapping[str, str], timeline: bool) -> dict[str, str | None]:
    """The claims of one proposition that stop being evidence, each with the sentence
    that says why (``None`` for a walk-back, which the sentence of what it walks back
    names).

    * A claim withdrawn, deleted or corrected (``Claim.withdrawals``, the earliest one
      made by ``as_of``) by any source.
    * A claim walked back: a later denial by the same voice (the top of its source's
      parents, so a mirror channel is its channel; never another source of its side,
      whose denial is evidence against) of what it said about an overlapping
      time; the walk-back goes too. An undated denial of an event, a change of control
      or a figure is about what it denies; an undated denial of a state is about its
      report time (a later state: an update, not a walk-back).
    * On a timeline, a claim whose event time is marked doubtful (``when_doubtful``).

    O(n log n) in the claims of the proposition.
    """
    out: dict[str, str | None] = {}
    as_of = ctx.as_of
    denials = False
    for e in evs:
        claim = e.claim
        if claim.withdrawals:
            w = _first_withdrawal(claim, as_of)
            if w is not None:
                out[e.id] = _withdrawn_sentence(e, w, names)
                continue
        if timeline and claim.when_doubtful:
            out[e.id] = (
                f"[doubtful-time] {_name(names, claim.source_id)}'s claim ({e.id}) has an event time marked "
                "doubtful: recorded, never placed on the timeline"
            )
            continue
        denials = denials or e.negated
    if denials:
        walked, walkers = _walk_backs([e for e in evs if e.id not in out])
        for i, back in walked.items():
            out[i] = (
                f"[retracted] {_name(names, back.claim.source_id)} walked back its claim ({i}) in a later "
                f"statement ({back.id}): neither counts as evidence"
            )
        for i in walkers:
            out.setdefault(i, None)
    return out


def _first_withdrawal(claim: Claim, as_of: datetime | None) -> Withdrawal | None:
    """The earliest withdrawal of ``claim`` made by ``as_of`` (every one without it)."""
    ws = [w for w in claim.withdrawals if as_of is None or w.at <= as_of]
    return min(ws, key=lambda w: (w.at, exact_key(w))) if ws else None


def _withdrawn_sentence(e: _Ev, w: Withdrawal, names: Mapping[str, str]) -> str:
    claim = e.claim
    who = _name(names, w.source_id)
    own = w.source_id == claim.source_id
    what = "its claim" if own else "its relay of the claim"
    sentence = f"[withdrawn] {who} {w.action.verb} {what} ({e.id}) on {w.at.date().isoformat()}"
    if w.replaced_by is not None:
        sentence += f"; the correction ({w.replaced_by}) is the one that counts"
    return sentence


def _name(names: Mapping[str, str], source_id: str) -> str:
    return names.get(source_id, source_id)


_NEVER = (-math.inf, math.inf)
"""The period of an undated denial of an event, a change or a figure: what it denies, whenever that was."""


def _period(e: _Ev, denial: bool) -> tuple[float, float]:
    """The closed period a claim is about (a span does not include its end); see :func:`_retractions`."""
    claim = e.claim
    if claim.when is None or claim.when_doubtful:
        if denial and _about_what_it_denies(claim.statement):
            return _NEVER
        t = claim.reported_at.timestamp()
        return t, t
    lo, hi = e.lo, e.hi
    return (lo, hi) if hi <= lo else (lo, math.nextafter(hi, -math.inf))


def _about_what_it_denies(s: Statement) -> bool:
    if s.predicate in _CONTROL_VALUED:
        return s.change not in _STATES_OF_CONTROL
    return s.predicate not in _STATES


def _walk_backs(evs: list[_Ev]) -> tuple[dict[str, _Ev], set[str]]:
    """Claims walked back by a later denial of the same voice (the source, or one under
    it by ``parent_id``: never another source of its side) about an overlapping
    period (walked-back id -> a walk-back), and the ids of the walk-backs. O(n log n): per (voice, value), a sweep
    over report times with a prefix-maximum tree over the denials' period starts."""
    claims: dict[tuple[str, Any], list[_Ev]] = {}
    denials: dict[tuple[str, Any], list[_Ev]] = {}
    for e in evs:
        root = _voice(e)
        if e.negated:
            denials.setdefault((root, _retraction_key(e.claim.statement, True)), []).append(e)
        else:
            for value in (_retraction_key(e.claim.statement, False), _ANY):
                claims.setdefault((root, value), []).append(e)
    out: dict[str, _Ev] = {}
    walkers: set[str] = set()
    for k, ds in denials.items():
        cs = claims.get(k)
        if cs:
            _match(cs, ds, out, walkers)
    return out, walkers


def _match(cs: list[_Ev], ds: list[_Ev], out: dict[str, _Ev], walkers: set[str]) -> None:
    """Each claim of ``cs`` walked back by a denial of ``ds`` reported after it whose
    period overlaps its own, and each such denial that walks back one (a claim goes to
    the denial with the latest period end, ties to the larger id)."""
    cp = [(_period(c, False), c.claim.reported_at.timestamp(), c) for c in cs]
    dp = [(_period(d, True), d.claim.reported_at.timestamp(), d) for d in ds]
    # claims, latest report first; denials reported later enter the tree first
    starts = sorted({p[0] for p, _, _ in dp})
    tree = _MaxTree(len(starts))
    dp.sort(key=lambda x: -x[1])
    cp.sort(key=lambda x: -x[1])
    i = 0
    for (lo, hi), reported, c in cp:
        while i < len(dp) and dp[i][1] > reported:
            (dlo, dhi), _, d = dp[i]
            tree.put(bisect.bisect_left(starts, dlo), (dhi, d.id), d)
            i += 1
        best = tree.best(bisect.bisect_right(starts, hi))
        if best is not None and best[0][0] >= lo and c.id not in out:
            out[c.id] = best[1]
    # the mirror sweep: denials that walk back a claim reported before them
    starts = sorted({p[0] for p, _, _ in cp})
    tree = _MaxTree(len(starts))
    cp.sort(key=lambda x: x[1])
    dp.sort(key=lambda x: x[1])
    i = 0
    for (lo, hi), reported, d in dp:
        while i < len(cp) and cp[i][1] < reported:
            (clo, chi), _, c = cp[i]
            tree.put(bisect.bisect_left(starts, clo), (chi, c.id), c)
            i += 1
        if d.id in walkers:
            continue
        best = tree.best(bisect.bisect_right(starts, hi))
        if best is not None and best[0][0] >= lo:
            walkers.add(d.id)


class _MaxTree:
    """A Fenwick tree of maxima over positions: ``put`` a keyed item at a position,
    ``best(n)`` the item with the largest key among positions below ``n``."""

    __slots__ = ("items",)

    def __init__(self, size: int) -> None:
        self.items: list[tuple[tuple[float, str], _Ev] | None] = [None] * (size + 1)

    def put(self, pos: int, key: tuple[float, str], item: _Ev) -> None:
        items = self.items
        i = pos + 1
        while i < len(items):
            cur = items[i]
            if cur is None or cur[0] < key:
                items[i] = (key, item)
            i += i & -i

    def best(self, n: int) -> tuple[tuple[float, str], _Ev] | None:
        items = self.items
        found: tuple[tuple[float, str], _Ev] | None = None
        i = n
        while i > 0:
            cur = items[i]
            if cur is not None and (found is None or found[0] < cur[0]):
                found = cur
            i -= i & -i
        return found


_ANY = object()
"""A denial without a figure walks back every earlier figure of its origin."""


def _retraction_key(statement: Statement, denial: bool) -> Any:
    if statement.predicate in _CONTROL_VALUED:
        return control_value(statement, flip=denial)
    if statement.value is not None:  # an attribute: a denial walks back the same value only
        return value_key(statement.value)
    if statement.person_ids:  # who commands a unit: a denial walks back the same person only
        return statement.person_ids
    if statement.quantity is None:
        return _ANY if denial else None
    return statement.quantity


# --------------------------------------------------------------------------- merge


def merge(a: Dossier, b: Dossier) -> Dossier:
    """The union of two dossiers, in canonical order, with nothing lost.

    * Sources, locations, units, people and claims are united by id; an object present in both
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
        (21, ('zz-copy',))
    """
    sources = _union_by_id((*a.sources, *b.sources))
    locations = _union_by_id((*a.locations, *b.locations))
    units = _union_by_id((*a.units, *b.units))
    people = _union_by_id((*a.people, *b.people))
    claims, mapping = _merge_claims((*a.claims, *b.claims))
    mine = [x for x in (*a.assessments, *b.assessments) if x.assessed_by.startswith(_MINE)]
    theirs = [_repoint(x, mapping) for x in (*a.assessments, *b.assessments) if not x.assessed_by.startswith(_MINE)]
    titles = [t for t in (a.title, b.title) if t is not None]
    merged = Dossier(
        title=min(titles) if titles else None,
        sources=sources,
        locations=locations,
        units=units,
        people=people,
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
        if len(group) > 1 or len(keep.withdrawals) > 1:  # withdrawals in one order, whatever the input's
            group = _united_fates(group)
            keep = min(group, key=lambda c: (c.id, exact_key(c)))
        keep = _all_extras(keep, group)
        if merged_ids != keep.merged_ids:
            keep = _checks.replace(keep, merged_ids=merged_ids)
        out.append(keep)
    if mapping:
        out = [_repoint_withdrawals(c, mapping) if c.withdrawals else c for c in out]
    out.sort(key=lambda c: c.id)
    return tuple(out), mapping


def _united_fates(group: list[Claim]) -> list[Claim]:
    """The claims of one content, each given every withdrawal any of them records (the
    one that sorts first of equal ones) and ``when_doubtful`` if any has it: what
    became of a report is not part of its content, and nothing of it is lost."""
    found: list[Any] = []
    for c in group:
        for w in c.withdrawals:
            for i, other in enumerate(found):
                if other == w:
                    if exact_key(w) < exact_key(other):
                        found[i] = w
                    break
            else:
                found.append(w)
    withdrawals = tuple(sorted(found, key=exact_key))
    doubtful = any(c.when_doubtful for c in group)
    return [
        c
        if c.withdrawals == withdrawals and c.when_doubtful == doubtful
        else _checks.replace(c, withdrawals=withdrawals, when_doubtful=doubtful)
        for c in group
    ]


def _repoint_withdrawals(claim: Claim, mapping: Mapping[str, str]) -> Claim:
    """``claim`` with each correction's ``replaced_by`` pointing at the claim a merge kept."""
    if not any(w.replaced_by in mapping for w in claim.withdrawals):
        return claim
    moved = tuple(
        w
        if w.replaced_by is None or w.replaced_by not in mapping
        else _checks.replace(w, replaced_by=_other(mapping[w.replaced_by], claim.id))
        for w in claim.withdrawals
    )
    return _checks.replace(claim, withdrawals=moved)


def _other(target: str, own: str) -> str | None:
    return None if target == own else target


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
    if not mapping or not any(i in mapping for i in (*a.claim_ids, *(j for x in a.alternatives for j in x.supporting))):
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
    alternatives = []  # each competing value's claims too
    for x in a.alternatives:
        ids = fix(x.supporting, set())
        alternatives.append(attrs.evolve(x, supporting=ids, independent_origins=min(x.independent_origins, len(ids))))
    return attrs.evolve(
        a, supporting=sup, contradicting=con, related=rel, independent_origins=min(a.independent_origins, len(sup)),
        alternatives=tuple(alternatives),
    )  # fmt: skip
