"""Claim models written with pydantic v2, with the same fields and rules as conflictmodels.

Used only by ``bench_models.py`` as a peer. Every rule of the conflictmodels models that
a claim payload exercises is here: id, text, party, language and URL patterns, closed
vocabularies, aware datetimes, finite non-negative estimates with ``low <= best <= high``,
``start <= end``, attribution ending at the asserting source, predicate-specific required
fields, unknown keys rejected, and ``schema_version`` on every top-level line.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from conflictmodels import SCHEMA_VERSION
from conflictmodels.vocabularies import ControlChange, Credibility, Hedge, Predicate, TimePrecision

Ident = Annotated[str, Field(min_length=1, max_length=256, pattern=r"^[^\s\x00-\x1f\x7f]+$")]
Text = Annotated[str, Field(pattern=r"\S")]
Party = Annotated[str, Field(pattern=r"^(?:[A-Z]{2}|[a-z0-9][a-z0-9-]{0,62})$")]
Amount = Annotated[int | float, Field(ge=0, allow_inf_nan=False)]

_CONFIG = ConfigDict(frozen=True, extra="forbid", strict=True)
_ONE_PLACE = (Predicate.CONTROL, Predicate.ADVANCE)
_NEEDS_PARTY = (Predicate.CONTROL, Predicate.STRENGTH, Predicate.CASUALTIES, Predicate.ATTACK, Predicate.ADVANCE)
_NEEDS_QUANTITY = (Predicate.STRENGTH, Predicate.CASUALTIES)


class TimeSpan(BaseModel):
    model_config = _CONFIG

    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    precision: TimePrecision = TimePrecision.INSTANT

    @model_validator(mode="after")
    def _rules(self) -> TimeSpan:
        if self.start is None and self.end is None:
            raise ValueError("a span needs a start or an end")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError("end must not be before start")
        return self


class Estimate(BaseModel):
    model_config = _CONFIG

    low: Amount | None = None
    best: Amount | None = None
    high: Amount | None = None
    unit: Text | None = None
    phrase: Text | None = None

    @model_validator(mode="after")
    def _rules(self) -> Estimate:
        low, best, high = self.low, self.best, self.high
        if low is None and best is None and high is None:
            raise ValueError("an estimate needs low, best or high")
        if (
            (low is not None and best is not None and low > best)
            or (best is not None and high is not None and best > high)
            or (low is not None and high is not None and low > high)
        ):
            raise ValueError("must satisfy low <= best <= high")
        return self


class Hop(BaseModel):
    model_config = _CONFIG

    source_id: Ident
    verb: Text | None = None
    hedge: Hedge
    at: AwareDatetime | None = None


class Statement(BaseModel):
    model_config = _CONFIG

    predicate: Predicate
    party: Party | None = None
    counterparty: Party | None = None
    change: ControlChange | None = None
    location_ids: tuple[Ident, ...] = ()
    unit_ids: tuple[Ident, ...] = ()
    quantity: Estimate | None = None
    description: Text | None = None
    custom_predicate: Text | None = None
    negated: bool = False

    @model_validator(mode="after")
    def _rules(self) -> Statement:
        p = self.predicate
        if self.counterparty is not None and self.counterparty == self.party:
            raise ValueError("counterparty must differ from party")
        if (self.change is not None) != (p is Predicate.CONTROL):
            raise ValueError("change is required for control statements and only allowed there")
        if (self.custom_predicate is not None) != (p is Predicate.CUSTOM):
            raise ValueError("custom_predicate is required for custom statements and only allowed there")
        if p in _ONE_PLACE and len(self.location_ids) != 1:
            raise ValueError("control and advance statements name exactly one location")
        if p in _NEEDS_PARTY and self.party is None:
            raise ValueError("party is required for control, strength, casualties, attack and advance statements")
        if p in _NEEDS_QUANTITY and self.quantity is None and self.description is None:
            raise ValueError("strength and casualties statements need a quantity (or a description)")
        if p is Predicate.PRESENCE and not (self.location_ids and (self.unit_ids or self.party)):
            raise ValueError("presence statements name a location and units or a party")
        if p is Predicate.ATTACK and not (self.location_ids or self.unit_ids):
            raise ValueError("attack statements name a target location or units")
        if p is Predicate.SITUATION and self.description is None:
            raise ValueError("description is required for situation statements")
        return self


class Claim(BaseModel):
    model_config = _CONFIG

    id: Ident
    source_id: Ident
    attribution: tuple[Hop, ...] = ()
    reported_at: AwareDatetime
    when: TimeSpan | None = None
    statement: Statement
    quote: Text | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    credibility: Credibility | None = None
    url: Annotated[str, Field(pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$")] | None = None

    @model_validator(mode="after")
    def _rules(self) -> Claim:
        if self.attribution and self.attribution[-1].source_id != self.source_id:
            raise ValueError("attribution must end with the asserting source (source_id)")
        return self


class ClaimRecord(Claim):
    """One JSON Lines record: a claim with the payload's ``schema_version``."""

    schema_version: Literal[SCHEMA_VERSION]  # the version conflictmodels writes


def dump_kwargs() -> dict[str, Any]:
    """How the benchmark serializes: defaults omitted, as conflictmodels does."""
    return {"exclude_defaults": True}
