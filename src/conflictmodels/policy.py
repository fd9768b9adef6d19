"""Merge rules as data: the weights and thresholds :func:`~conflictmodels.reconciliation.reconcile` applies.

A :class:`Policy` is a frozen table. Customise it with :func:`attrs.evolve` (or by
passing fields to the constructor); no subclassing is needed. Evidence is counted in
*nats* of log-odds: a claim of weight ``w`` multiplies the odds of what it says by
``e**w``. The weights of independent origins add up; repeats of one origin do not.

Example:
    >>> import attrs
    >>> from conflictmodels import Likelihood, Reliability
    >>> from conflictmodels.policy import DEFAULT_POLICY
    >>> DEFAULT_POLICY.reliability_weights[Reliability.B]
    1.4
    >>> DEFAULT_POLICY.likelihood(0.78)
    <Likelihood.LIKELY: 'likely'>
    >>> strict = attrs.evolve(DEFAULT_POLICY, corroborated_min_origins=3)
    >>> strict.corroborated_min_origins
    3
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from .errors import FieldError
from .resolution import ResolutionPolicy
from .vocabularies import (
    AssessmentStatus,
    Confidence,
    Credibility,
    Hedge,
    Likelihood,
    Reliability,
    SourceKind,
)

__all__ = ["DEFAULT_POLICY", "Policy"]

_RELIABILITY_WEIGHTS: Mapping[Reliability | None, float] = MappingProxyType(
    {
        Reliability.A: 2.2,
        Reliability.B: 1.4,
        Reliability.C: 0.8,
        Reliability.D: 0.4,
        Reliability.E: 0.1,
        Reliability.F: 0.5,
        None: 0.5,
    }
)
_HEDGE_FACTORS: Mapping[Hedge, float] = MappingProxyType(
    {
        Hedge.ASSERTED: 1.0,
        Hedge.CONFIRMED: 1.0,
        Hedge.DENIED: 1.0,
        Hedge.ESTIMATED: 0.9,
        Hedge.ACCORDING_TO: 0.9,
        Hedge.CLAIMED: 0.7,
        Hedge.REPORTEDLY: 0.6,
        Hedge.ALLEGED: 0.5,
    }
)
_KIND_FACTORS: Mapping[SourceKind, float] = MappingProxyType(
    {
        SourceKind.STATE_MILITARY: 1.0,
        SourceKind.GOVERNMENT_OFFICIAL: 0.9,
        SourceKind.STATE_MEDIA: 0.6,
        SourceKind.INDEPENDENT_MEDIA: 1.0,
        SourceKind.JOURNALIST: 1.0,
        SourceKind.THINK_TANK: 1.0,
        SourceKind.NGO: 1.0,
        SourceKind.INTERNATIONAL_ORGANISATION: 1.1,
        SourceKind.BLOGGER: 0.6,
        SourceKind.INTELLIGENCE_SERVICE: 1.0,
        SourceKind.OTHER: 0.8,
    }
)
_CREDIBILITY_FACTORS: Mapping[Credibility, float] = MappingProxyType(
    {
        Credibility.CONFIRMED: 1.2,
        Credibility.PROBABLY_TRUE: 1.1,
        Credibility.POSSIBLY_TRUE: 1.0,
        Credibility.DOUBTFUL: 0.6,
        Credibility.IMPROBABLE: 0.3,
        Credibility.CANNOT_BE_JUDGED: 1.0,
    }
)

_RELIABILITY_RANK = {r: i for i, r in enumerate(Reliability)}
_BANDS = tuple((band.range[0], band) for band in reversed(Likelihood))


def _table(default: Mapping[Any, float]) -> Any:
    return attrs.field(default=default, hash=False)


@attrs.frozen(kw_only=True)
class Policy:
    """The merge rules as data: evidence weights, interest, status ladder, likelihood, confidence.

    Attributes:
        reliability_weights: Evidence (nats of log-odds) of a claim from a source of each
            Admiralty reliability; ``None`` for an unrated source. A source without a
            rating inherits its parent's.
        hedge_factors: Multiplier per hedge; a chain counts its weakest hop.
        kind_factors: Multiplier per source kind.
        credibility_factors: Multiplier per Admiralty credibility, when a claim is rated.
        prior_log_odds: Where the evidence starts (nats): slightly sceptical, so one
            weak claim alone stays at a roughly even chance.
        self_interest_factor: Multiplier for a party source claiming something that
            favours its own party (its own gains, the adversary's losses).
        admission_weight: Evidence of an admission against interest (a party reporting
            its own loss or its adversary's gain), before the hedge factor; replaces the
            reliability weight.
        self_serving_cap: The highest likelihood a proposition supported only by
            self-serving claims may get.
        corroborated_min_origins: Independent origins needed for ``corroborated`` (at
            least one of them not self-serving).
        confirmed_min_origins: Independent third-party (non-party) origins of
            reliability ``confirmed_min_reliability`` or better needed for ``confirmed``.
        confirmed_min_reliability: See ``confirmed_min_origins``.
        confirmed_with_admission: Other independent origins (third party, or the party
            that benefits) that, with an admission against interest, make ``confirmed``.
        admission_alone: Status of a proposition supported only by an admission against
            interest.
        contested_margin: When evidence against is present, the lead (nats) support
            needs over it; below that the proposition is ``contested``.
        refuted_below: Probability under which a proposition with evidence against it
            is ``refuted``.
        probability_bounds: Probabilities are clamped into this range.
        confidence_high_min_origins: Independent origins needed for high confidence.
        confidence_moderate_min_origins: Independent origins needed for moderate
            confidence (one reliable origin, A or B, also suffices).
        confidence_max_spread: Confidence drops one step when the supporting origins'
            reliability grades span more than this many steps.
        confidence_max_dissent: Confidence is low when the share of evidence against
            exceeds this.
        estimate_tolerance: Relative tolerance around a bare best figure ("about 500"
            allows 450-550 at 0.1); bounds are taken as given.
        max_rationale_ids: How many ids a rationale sentence lists before "and N more".
        resolution: The entity-resolution policy passed to
            :func:`~conflictmodels.resolve_entities` (``None``: its default).

    Raises:
        FieldError: A table lacks an entry or holds a negative weight, or a threshold
            is out of range.

    Example:
        >>> from conflictmodels import Hedge
        >>> from conflictmodels.policy import Policy
        >>> sceptical = Policy(hedge_factors={**Policy().hedge_factors, Hedge.CLAIMED: 0.4},
        ...                    self_interest_factor=0.1)
        >>> sceptical.hedge_factors[Hedge.CLAIMED], sceptical.corroborated_min_origins
        (0.4, 2)
    """

    reliability_weights: Mapping[Reliability | None, float] = _table(_RELIABILITY_WEIGHTS)
    hedge_factors: Mapping[Hedge, float] = _table(_HEDGE_FACTORS)
    kind_factors: Mapping[SourceKind, float] = _table(_KIND_FACTORS)
    credibility_factors: Mapping[Credibility, float] = _table(_CREDIBILITY_FACTORS)
    prior_log_odds: float = -0.2
    self_interest_factor: float = 0.3
    admission_weight: float = 2.5
    self_serving_cap: Likelihood = Likelihood.ROUGHLY_EVEN_CHANCE
    corroborated_min_origins: int = 2
    confirmed_min_origins: int = 3
    confirmed_min_reliability: Reliability = Reliability.B
    confirmed_with_admission: int = 1
    admission_alone: AssessmentStatus = AssessmentStatus.CORROBORATED
    contested_margin: float = 1.0
    refuted_below: float = 0.2
    probability_bounds: tuple[float, float] = (0.01, 0.99)
    confidence_high_min_origins: int = 3
    confidence_moderate_min_origins: int = 2
    confidence_max_spread: int = 2
    confidence_max_dissent: float = 0.25
    estimate_tolerance: float = 0.1
    max_rationale_ids: int = 5
    resolution: ResolutionPolicy | None = None

    def __attrs_post_init__(self) -> None:
        tables: tuple[tuple[str, Mapping[Any, float], tuple[Any, ...]], ...] = (
            ("reliability_weights", self.reliability_weights, (*Reliability, None)),
            ("hedge_factors", self.hedge_factors, tuple(Hedge)),
            ("kind_factors", self.kind_factors, tuple(SourceKind)),
            ("credibility_factors", self.credibility_factors, tuple(Credibility)),
        )
        for name, table, keys in tables:
            missing = [k for k in keys if k not in table]
            if missing:
                raise FieldError("Policy", name, f"has no entry for {missing[0]!r}", table)
            if any(not isinstance(v, int | float) or not 0.0 <= v < math.inf for v in table.values()):
                raise FieldError("Policy", name, "weights must be finite numbers >= 0", table)
        for name in ("self_interest_factor", "admission_weight", "contested_margin", "estimate_tolerance"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 <= value < math.inf:
                raise FieldError("Policy", name, "must be a finite number >= 0", value)
        lo, hi = self.probability_bounds
        if not 0.0 < lo < hi < 1.0:
            raise FieldError("Policy", "probability_bounds", "must satisfy 0 < low < high < 1", self.probability_bounds)
        for name in ("corroborated_min_origins", "confirmed_min_origins", "confidence_high_min_origins"):
            if getattr(self, name) < 1:
                raise FieldError("Policy", name, "must be at least 1", getattr(self, name))

    def likelihood(self, probability: float) -> Likelihood:
        """The ICD 203 band of a probability, after clamping to ``probability_bounds``.

        Example:
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.likelihood(1.0).label
            'almost certain'
        """
        lo, hi = self.probability_bounds
        p = min(hi, max(lo, probability))
        for floor, band in _BANDS:  # as Likelihood.from_probability, without iterating the enum
            if p >= floor:
                return band
        return Likelihood.from_probability(p)

    def reliable(self, reliability: Reliability | None) -> bool:
        """Whether a grade meets ``confirmed_min_reliability`` (F and unrated never do).

        Example:
            >>> from conflictmodels import Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.reliable(Reliability.A), DEFAULT_POLICY.reliable(Reliability.C)
            (True, False)
        """
        if reliability is None or reliability is Reliability.F:
            return False
        return _RELIABILITY_RANK[reliability] <= _RELIABILITY_RANK[self.confirmed_min_reliability]

    def confidence(
        self, origins: int, reliabilities: tuple[Reliability | None, ...], dissent: float
    ) -> tuple[Confidence, str]:
        """Analytic confidence, separate from likelihood, with the reason in words.

        Args:
            origins: Independent origins supporting the judgment.
            reliabilities: The reliability of each supporting origin.
            dissent: Share (0-1) of the evidence that is against the judgment.

        Example:
            >>> from conflictmodels import Reliability
            >>> from conflictmodels.policy import DEFAULT_POLICY
            >>> DEFAULT_POLICY.confidence(3, (Reliability.B,) * 3, 0.0)[0]
            <Confidence.HIGH: 'high'>
            >>> DEFAULT_POLICY.confidence(1, (None,), 0.0)[0]
            <Confidence.LOW: 'low'>
        """
        if dissent > self.confidence_max_dissent:
            return Confidence.LOW, f"{dissent:.0%} of the evidence is against it (> {self.confidence_max_dissent:.0%})"
        reliable = sum(1 for r in reliabilities if self.reliable(r))
        if origins >= self.confidence_high_min_origins and dissent == 0.0:
            level = Confidence.HIGH
            why = f"{origins} independent origins, none against"
        elif origins >= self.confidence_moderate_min_origins or reliable:
            level = Confidence.MODERATE
            why = f"{origins} independent origin(s), {reliable} rated {self.confirmed_min_reliability.value} or better"
        else:
            return Confidence.LOW, f"{origins} independent origin(s), none rated reliable"
        graded = [_RELIABILITY_RANK[r] for r in reliabilities if r is not None and r is not Reliability.F]
        if graded and max(graded) - min(graded) > self.confidence_max_spread:
            level = Confidence.MODERATE if level is Confidence.HIGH else Confidence.LOW
            why += f"; reliability grades spread over more than {self.confidence_max_spread} steps"
        return level, why


DEFAULT_POLICY = Policy()
"""The policy :func:`~conflictmodels.reconciliation.reconcile` uses unless given another."""
