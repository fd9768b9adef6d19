"""Opinions, analytic judgments and forecasts for reconcile: recorded and attributed, not judged as fact.

Internal to :mod:`conflictmodels.reconciliation`. A claim whose statement's
``modality`` is not ``fact`` ("the incursion may have reached its limits", "if Ukraine
loses the area, Russia could redeploy") is never weighed: it gets no likelihood and no
confidence, and it neither supports nor contradicts a factual claim about the same
subject. Each proposition, modality and polarity gets one assessment with the status
``attributed``, citing the claims that said it, and a rationale naming who said it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ._evidence import ASSESSED_BY, _Context
from .assessment import Assessment
from .claim import Claim
from .relations import PropositionKey, proposition_key
from .source import Source
from .vocabularies import AssessmentStatus, Modality

__all__: list[str] = []

_ATTRIBUTED = AssessmentStatus.ATTRIBUTED
_NOUNS = {
    Modality.OPINION: "an opinion",
    Modality.JUDGMENT: "an analytic judgment",
    Modality.FORECAST: "a forecast",
}
"""How a rationale names each modality that is not a fact."""

_Key = tuple[PropositionKey, Modality, bool]


def _attributed(
    claims: Sequence[Claim], sources: Sequence[Source], roots: Mapping[str, str], ctx: _Context
) -> list[Assessment]:
    """One ``attributed`` assessment per proposition, modality and polarity of ``claims``.

    Args:
        claims: The claims whose modality is not ``fact``, already cut at ``as_of``.
        sources: The dossier's sources (for their names and parties).
        roots: Each source id's root origin, as reconcile traced it.
        ctx: The reconcile context (policy, ``as_of``, ``assessed_at``).
    """
    if not claims:
        return []
    groups: dict[_Key, list[Claim]] = {}
    for claim in claims:
        s = claim.statement
        groups.setdefault((proposition_key(claim), s.modality, s.negated), []).append(claim)
    by_id = {s.id: s for s in sources}
    return [_record(key, group, by_id, roots, ctx) for key, group in groups.items()]


def _record(
    key: _Key, group: list[Claim], sources: Mapping[str, Source], roots: Mapping[str, str], ctx: _Context
) -> Assessment:
    """The assessment recording one group: the first statement said, every claim that said it."""
    group.sort(key=lambda c: (c.reported_at, c.id))
    ids = tuple(sorted({c.id for c in group}))
    return Assessment(
        id=_attributed_id(key),
        statement=group[0].statement,
        status=_ATTRIBUTED,
        likelihood=None,
        confidence=None,
        supporting=ids,
        independent_origins=len({roots.get(c.source_id, c.source_id) for c in group}),
        rationale=(_sentence(key[1], key[2], group, sources, ctx),),
        as_of=ctx.as_of,
        assessed_at=ctx.assessed_at,
        assessed_by=ASSESSED_BY,
    )


def _sentence(
    modality: Modality, negated: bool, group: list[Claim], sources: Mapping[str, Source], ctx: _Context
) -> str:
    """``[attributed] an opinion of <names> (<claims>), relayed by <names>: recorded, not judged as fact``."""
    limit = ctx.policy.max_rationale_ids
    speakers: dict[str, list[str]] = {}
    relays: set[str] = set()
    for c in group:
        speakers.setdefault(c.source_id, []).append(c.id)
        for hop in c.attribution[:-1]:
            if hop.source_id != c.source_id:
                relays.add(hop.source_id)
    named = [_name(sid, sorted(cids), sources) for sid, cids in sorted(speakers.items())]
    who = _listed(named, limit)
    sentence = f"[attributed] {_NOUNS[modality]} of {who}"
    if negated:
        sentence = f"[attributed] a denial, {_NOUNS[modality]} of {who}"
    relayed = sorted(relays - set(speakers))
    if relayed:
        sentence += ", relayed by " + _listed([sources[r].name if r in sources else r for r in relayed], limit)
    return sentence + ": recorded, not judged as fact"


def _name(source_id: str, claim_ids: list[str], sources: Mapping[str, Source]) -> str:
    """A source by its name, then its party when it has one and its claims, in parentheses."""
    source = sources.get(source_id)
    cited = ", ".join(claim_ids)
    if source is None:
        return f"{source_id} ({cited})"
    return f"{source.name} ({cited})" if source.party is None else f"{source.name} (party {source.party}; {cited})"


def _listed(items: list[str], limit: int) -> str:
    """``a``, ``a and b``, ``a, b and c``; beyond ``limit`` items, "and N more"."""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _attributed_id(key: _Key) -> str:
    """A stable id of its own: never one of a factual assessment about the same subject."""
    (pred, locs, units, party, extra), modality, negated = key
    payload = "\x1f".join(
        (pred, "\x1e".join(locs), "\x1e".join(units), party or "\x00", extra or "\x00", modality.value, str(negated))
    )
    return "assessment-" + hashlib.sha256(("attributed\x1d" + payload).encode()).hexdigest()[:24]
