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
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _checks
from ._control import _assess_timeline
from ._evidence import ASSESSED_BY, _Context, _Ev, _evidence, _hedge_table, _origins, _value, _withdrawal
from ._figures import _assess_boolean, _assess_quantity
from ._opinions import _attributed
from ._space import _Space
from ._spec import exact_key, specs
from ._values import _assess_values
from .assessment import Assessment
from .claim import Claim
from .dossier import Dossier
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
from .statement import Statement, predicates_where
from .values import value_key
from .vocabularies import AssessmentStatus, Modality, Predicate

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
    return _assess(_resolve(dossier, policy), policy, as_of, assessed_at, reliability)


def _assess(
    dossier: Dossier,
    policy: Policy,
    as_of: datetime | None,
    assessed_at: datetime | None,
    reliability: ReliabilityModel | None = None,
) -> Dossier:
    """Reconcile without entity resolution."""
    collecting = gc.isenabled()
    gc.disable()  # reconcile allocates many small acyclic objects; collections would only rescan them
    try:
        made = _reconcile(dossier, policy, as_of, assessed_at, reliability)
    finally:
        if collecting:
            gc.enable()
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
        # Of one instant written in several UTC offsets, the largest offset: not the first seen.
        assessed_at = max((c.reported_at for c in dossier.claims), default=as_of or _EPOCH, key=_instant_then_offset)
    origins = _origins(dossier.sources, policy)
    learned = None if reliability is None else _Weighing(reliability, dossier.sources, policy)
    cutoff = None if as_of is None else as_of.timestamp()
    groups: dict[PropositionKey, list[_Ev]] = {}
    hedges = _hedge_table(policy)
    views: list[Claim] = []  # claims that are not facts (Statement.modality)
    for claim in dossier.claims:
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
    ctx = _Context(policy, as_of, assessed_at)
    made: list[Assessment] = []
    space = _Space(dossier.locations, dossier.sources)  # places inside regions: judged before the regions
    for key, evs in space.in_order(groups):
        made.extend(_assess_group(key, evs, ctx, space))
    if views:
        made.extend(_attributed(views, dossier.sources, {s: o.root for s, o in origins.items()}, ctx))
    if learned is not None:  # say which learned weights and copy families each judgment used
        made = learned.explain(made, {c.id: c for c in dossier.claims})
    return made


def _resolve(dossier: Dossier, policy: Policy) -> Dossier:
    result = resolve_entities(dossier) if policy.resolution is None else resolve_entities(dossier, policy.resolution)
    return result.dossier


def _assess_group(key: PropositionKey, evs: list[_Ev], ctx: _Context, space: _Space) -> list[Assessment]:
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
        return _assess_timeline(key, active, retracted_ids, notes, ctx, space)
    if predicate in _ATTRIBUTE_VALUED:
        return [_assess_values(key, active, retracted_ids, notes, ctx, space)]
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
    if statement.value is not None:  # an attribute: a denial walks back the same value only
        return value_key(statement.value)
    if statement.quantity is None:
        return _ANY if denial else None
    return statement.quantity


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
