"""Statements: what a claim asserts, typed by predicate.

Example:
    >>> s = Statement(predicate=Predicate.CONTROL, party="RU", change=ControlChange.RECAPTURED,
    ...               location_ids=("malaya-lokhnya",))
    >>> s.subject
    ('control', ('malaya-lokhnya',), (), None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from . import _checks as c
from .estimates import Estimate
from .vocabularies import ControlChange, Predicate

__all__ = ["Statement"]

_P = "Predicate."
_FIELDS = [
    "predicate", "party", "counterparty", "change", "location_ids", "unit_ids",
    "quantity", "description", "custom_predicate", "negated",
]  # fmt: skip
_check = c.compile_check(
    "Statement",
    [
        c.enum("predicate", Predicate),
        c.party("party", optional=True),
        c.party("counterparty", optional=True),
        c.enum("change", ControlChange, optional=True),
        c.idents("location_ids"),
        c.idents("unit_ids"),
        c.model("quantity", Estimate, optional=True),
        c.text("description", optional=True),
        c.text("custom_predicate", optional=True),
        c.boolean("negated"),
        c.extra(_FIELDS),
    ],
    [
        c.Cross("counterparty", "s.counterparty is None or s.counterparty != s.party", "must differ from party"),
        c.Cross(
            "change",
            f"(s.change is not None) == (s.predicate is {_P}CONTROL)",
            "is required for control statements and only allowed there",
        ),
        c.Cross(
            "custom_predicate",
            f"(s.custom_predicate is not None) == (s.predicate is {_P}CUSTOM)",
            "is required for custom statements and only allowed there",
        ),
        c.Cross(
            "location_ids",
            "s.predicate not in (_ONE_PLACE) or len(s.location_ids) == 1",
            "control and advance statements name exactly one location",
        ),
        c.Cross(
            "party",
            "s.predicate not in (_NEEDS_PARTY) or s.party is not None",
            "is required for control, strength, casualties, attack and advance statements",
        ),
        c.Cross(
            "quantity",
            "s.predicate not in (_NEEDS_QUANTITY) or s.quantity is not None or s.description is not None",
            "strength and casualties statements need a quantity (or, without a figure, a description)",
        ),
        c.Cross(
            "location_ids",
            f"s.predicate is not {_P}PRESENCE or (len(s.location_ids) >= 1 and (s.unit_ids or s.party))",
            "presence statements name a location and units or a party",
        ),
        c.Cross(
            "location_ids",
            f"s.predicate is not {_P}ATTACK or s.location_ids or s.unit_ids",
            "attack statements name a target location or units",
        ),
        c.Cross(
            "description",
            f"s.predicate is not {_P}SITUATION or s.description is not None",
            "is required for situation statements",
        ),
    ],
    {
        "Predicate": Predicate,
        "ControlChange": ControlChange,
        "Estimate": Estimate,
        "_ONE_PLACE": frozenset({Predicate.CONTROL, Predicate.ADVANCE}),
        "_NEEDS_PARTY": frozenset(
            {Predicate.CONTROL, Predicate.STRENGTH, Predicate.CASUALTIES, Predicate.ATTACK, Predicate.ADVANCE}
        ),
        "_NEEDS_QUANTITY": frozenset({Predicate.STRENGTH, Predicate.CASUALTIES}),
    },
)


@attrs.frozen(kw_only=True)
class Statement:
    """A typed proposition. Which fields a predicate needs is checked at construction.

    ===========  =====================================================
    predicate    needs
    ===========  =====================================================
    control      one location, ``party``, ``change``
    presence     a location, and units or ``party``
    strength     ``party``, and ``quantity`` (or ``description``)
    casualties   ``party`` (who suffered them), ``quantity`` (or ``description``)
    attack       ``party`` (the attacker), a target location or units
    advance      ``party`` and one location (toward which)
    situation    ``description``
    custom       ``custom_predicate``
    ===========  =====================================================

    Attributes:
        predicate: What kind of proposition this is.
        party: The party the statement is about (controller, attacker, whose troops).
        counterparty: The other party, when named (from whom a place was taken).
        change: For control statements: captured, recaptured, holds, lost, contested.
        location_ids: The places concerned.
        unit_ids: The units concerned.
        quantity: The number asserted, with its bounds.
        description: The statement in words, for situations and as a gloss.
        custom_predicate: The producer's own predicate name, for ``custom``.
        negated: True for a denial ("the General Staff denied that ...").
        extra: Unknown JSON keys kept on request when loading.
    """

    predicate: Predicate
    party: str | None = None
    counterparty: str | None = None
    change: ControlChange | None = None
    location_ids: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()
    quantity: Estimate | None = None
    description: str | None = None
    custom_predicate: str | None = None
    negated: bool = False
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it

    @property
    def subject(self) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None]:
        """What the statement is about, without what it says of it.

        Control and advance propositions are about a place (who holds it is the
        value); quantities are about a party's forces or losses at places. Two
        statements with the same subject are about the same proposition.
        """
        pred = self.custom_predicate if self.predicate is Predicate.CUSTOM else self.predicate.value
        assert pred is not None
        keyed_by_party = self.predicate not in (Predicate.CONTROL, Predicate.SITUATION)
        return (
            pred,
            tuple(sorted(self.location_ids)),
            tuple(sorted(self.unit_ids)),
            self.party if keyed_by_party else None,
        )
