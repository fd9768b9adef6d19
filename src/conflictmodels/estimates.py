"""Numeric estimates with optional bounds: "as many as 30,000" is an upper bound only.

Example:
    >>> isw = Estimate.at_most(30_000, unit="troops", phrase="as many as 30,000")
    >>> isw.low, isw.best, isw.high
    (None, None, 30000)
    >>> isw.compatible_with(Estimate.between(10_000, 12_000, unit="troops"))
    True
    >>> isw.compatible_with(Estimate.at_least(50_000, unit="troops"))
    False
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import extra, model, number, text

__all__ = ["Estimate"]

_ORDER = "(s.low is None or s.best is None or s.low <= s.best) and (s.best is None or s.high is None or s.best <= s.high) and (s.low is None or s.high is None or s.low <= s.high)"

Number = int | float


_CROSS = (
    c.Cross(
        "best",
        "s.low is not None or s.best is not None or s.high is not None",
        "an estimate needs low, best or high",
    ),
    c.Cross("high", _ORDER, "must satisfy low <= best <= high"),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS)
class Estimate:
    """A quantity as low / best / high, each optional, as UCDP and Wikibase keep them.

    Hedges are bounds, not point values: "at least 50" is ``low=50``, "as many as" and
    "up to" are ``high``, "dozens" is 24 to 99. Values are non-negative counts or
    measures; ``unit`` names what is counted.

    Attributes:
        low: Lower bound, or ``None`` when unbounded below (0 for counts).
        best: Best single figure, when the source gives one.
        high: Upper bound, or ``None`` when unbounded above.
        unit: What is counted or measured ("troops", "killed", "km").
        phrase: The source's own words ("as many as 30,000").
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Estimate
        >>> isw = Estimate.at_most(30_000, unit="troops", phrase="as many as 30,000")
        >>> isw.low, isw.best, isw.high
        (None, None, 30000)
        >>> isw.compatible_with(Estimate.between(10_000, 12_000, unit="troops"))
        True
    """

    low: Number | None = field(default=None, metadata=number(lo=0.0))
    best: Number | None = field(default=None, metadata=number(lo=0.0))
    high: Number | None = field(default=None, metadata=number(lo=0.0))
    unit: str | None = field(default=None, metadata=text())
    phrase: str | None = field(default=None, metadata=text())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @classmethod
    def exactly(cls, value: Number, *, unit: str | None = None, phrase: str | None = None) -> Estimate:
        """A figure given as exact: low = best = high."""
        return cls(low=value, best=value, high=value, unit=unit, phrase=phrase)

    @classmethod
    def about(cls, value: Number, *, unit: str | None = None, phrase: str | None = None) -> Estimate:
        """A best figure with no stated bounds ("about", "some", "around")."""
        return cls(best=value, unit=unit, phrase=phrase)

    @classmethod
    def at_least(cls, value: Number, *, unit: str | None = None, phrase: str | None = None) -> Estimate:
        """A lower bound only ("at least", "more than", "over")."""
        return cls(low=value, unit=unit, phrase=phrase)

    @classmethod
    def at_most(cls, value: Number, *, unit: str | None = None, phrase: str | None = None) -> Estimate:
        """An upper bound only ("as many as", "up to", "no more than")."""
        return cls(high=value, unit=unit, phrase=phrase)

    @classmethod
    def between(
        cls,
        low: Number,
        high: Number,
        *,
        best: Number | None = None,
        unit: str | None = None,
        phrase: str | None = None,
    ) -> Estimate:
        """A range ("10,000-12,000"), optionally with a best figure inside it."""
        return cls(low=low, best=best, high=high, unit=unit, phrase=phrase)

    @classmethod
    def dozens(cls, *, unit: str | None = None, phrase: str = "dozens") -> Estimate:
        """ "Dozens": at least two dozen and fewer than a hundred (24 to 99)."""
        return cls(low=24, high=99, unit=unit, phrase=phrase)

    @property
    def interval(self) -> tuple[Number, Number]:
        """The closed range of values the estimate allows.

        Bounds come from ``low`` and ``high`` (0 and infinity when absent); a best
        figure with neither bound allows only itself.
        """
        if self.low is None and self.high is None:
            assert self.best is not None
            return (self.best, self.best)
        # The estimate's own numbers: Python compares ints and floats exactly, where
        # float() would make 2**53 + 1 and 2**53 one value.
        return (self.low if self.low is not None else 0, self.high if self.high is not None else math.inf)

    def compatible_with(self, other: Estimate) -> bool:
        """Whether both estimates can be true at once (their intervals overlap).

        Units must match when both are given.
        """
        if self.unit is not None and other.unit is not None and self.unit != other.unit:
            return False
        a, b = self.interval, other.interval
        return max(a[0], b[0]) <= min(a[1], b[1])
