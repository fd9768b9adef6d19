"""Assessments: the reconciled judgment on one proposition at a point in time.

Likelihood (an ICD 203 band) and confidence are separate fields: confidence is never
folded into the likelihood.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import ControlChange, Predicate
    >>> a = Assessment(
    ...     id="a1",
    ...     statement=Statement(predicate=Predicate.CONTROL, party="RU",
    ...                         change=ControlChange.CAPTURED, location_ids=("novenke",)),
    ...     status=AssessmentStatus.UNVERIFIED, likelihood=Likelihood.ROUGHLY_EVEN_CHANCE,
    ...     confidence=Confidence.LOW, supporting=("c5",), independent_origins=1,
    ...     assessed_at=datetime(2025, 3, 10, tzinfo=timezone.utc), assessed_by="conflictmodels")
    >>> a.probability_range
    (0.45, 0.55)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import GRADE, aware, extra, ident, model, nested, nested_many, number, pattern, refs, text, texts, vocab
from .statement import Statement
from .timespans import TimeSpan
from .values import Alternative
from .vocabularies import AssessmentStatus, Confidence, Likelihood

__all__ = ["Assessment"]

_S = "AssessmentStatus."
_CROSS = (
    c.Cross(
        "contradicting",
        "not set(s.supporting) & set(s.contradicting)",
        "must not share claim ids with supporting",
    ),
    c.Cross(
        "independent_origins",
        "s.independent_origins <= len(s.supporting)",
        "cannot exceed the number of supporting claims",
    ),
    c.Cross(
        "supporting",
        f"s.supporting or s.status not in ({_S}CORROBORATED, {_S}CONFIRMED)",
        "a corroborated or confirmed assessment needs supporting claims",
    ),
    c.Cross(
        "supporting",
        f"s.supporting or s.status is not {_S}ATTRIBUTED",
        "an attributed assessment needs supporting claims (whose opinion, judgment or forecast it records)",
    ),
    c.Cross(
        "likelihood",
        f"s.status is not {_S}ATTRIBUTED or (s.likelihood is None and s.confidence is None)",
        "an attributed assessment (an opinion, judgment or forecast) is not judged as fact: "
        "no likelihood or confidence",
    ),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS, namespace={"AssessmentStatus": AssessmentStatus})
class Assessment:
    """The reconciled judgment on one proposition.

    Attributes:
        id: Stable identifier.
        statement: The proposition with its reconciled value: for control, the party
            judged to hold the place (a control statement always names a party: when
            the evidence does not settle it, ``change`` is ``contested`` and ``party``
            and ``counterparty`` are the two rivals); for numbers, the reconciled
            estimate.
        status: Unverified, corroborated, confirmed, contested, refuted or superseded;
            ``attributed`` for an opinion, judgment or forecast (no likelihood or confidence).
        likelihood: ICD 203 band; its probability range is :attr:`probability_range`.
        confidence: Analytic confidence (low, moderate, high), a separate axis.
        grade: The Admiralty grade an analyst would write, such as ``"B2"``: the
            reliability letter of the best supporting source (F when unknown) and the
            credibility digit of the information (1 confirmed ... 6 cannot be judged).
        supporting: Ids of the claims that support the judgment.
        contradicting: Ids of the claims that contradict it.
        related: Ids of other claims considered (earlier states, refinements).
        independent_origins: How many independent origins support it.
        alternatives: For attribute values: every competing value with its probability
            and supporting claims, most probable first (the chosen value is the
            statement's); empty for other propositions.
        rationale: The rules that fired, with their inputs, one sentence each.
        valid: When the assessed state holds, if limited.
        as_of: The point in time the judgment describes, ``None`` for the latest.
        assessed_at: When the judgment was made (aware).
        assessed_by: Who or what made it (an analyst, ``conflictmodels 0.1.0``).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import examples, reconcile
        >>> assessed = reconcile(examples.kursk_dossier())
        >>> a = next(a for a in assessed.assessments if a.statement.location_ids == ("kositsa",))
        >>> a.status.value, a.independent_origins, a.rationale[0].startswith("[")
        ('unverified', 1, True)
    """

    id: str = field(metadata=ident())
    statement: Statement = field(metadata=nested(Statement))
    status: AssessmentStatus = field(metadata=vocab(AssessmentStatus))
    likelihood: Likelihood | None = field(default=None, metadata=vocab(Likelihood))
    confidence: Confidence | None = field(default=None, metadata=vocab(Confidence))
    grade: str | None = field(default=None, metadata=pattern(GRADE))
    supporting: tuple[str, ...] = field(default=(), metadata=refs("claims"))
    contradicting: tuple[str, ...] = field(default=(), metadata=refs("claims"))
    related: tuple[str, ...] = field(default=(), metadata=refs("claims"))
    independent_origins: int = field(default=0, metadata=number(lo=0, integer=True))
    alternatives: tuple[Alternative, ...] = field(default=(), metadata=nested_many(Alternative))
    rationale: tuple[str, ...] = field(default=(), metadata=texts())
    valid: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    as_of: datetime | None = field(default=None, metadata=aware())
    assessed_at: datetime = field(metadata=aware())
    assessed_by: str = field(metadata=text())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def probability_range(self) -> tuple[float, float] | None:
        """The ICD 203 probability range of ``likelihood``, if one is given."""
        return None if self.likelihood is None else self.likelihood.range

    @property
    def claim_ids(self) -> tuple[str, ...]:
        """Every claim id the assessment cites (supporting, contradicting, related)."""
        return (*self.supporting, *self.contradicting, *self.related)
