"""Military units with echelon, branch, party and parents that change over time.

Example:
    >>> brigade = Unit(id="ru-810-nib", name="810th Naval Infantry Brigade", designation="810",
    ...                echelon=Echelon.BRIGADE, branch=Branch.NAVAL_INFANTRY, party="RU")
    >>> brigade.echelon.rank > Echelon.BATTALION.rank
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, extra, flag, ident, model, nested, nested_many, pattern, ref, text, texts, vocab
from .timespans import TimeSpan
from .vocabularies import Branch, Echelon

__all__ = ["Unit", "UnitParent"]


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class UnitParent:
    """A unit's membership of a higher unit, optionally only during a period.

    Attributes:
        unit_id: The parent unit (may be a placeholder for an unknown parent).
        during: When the relation held; ``None`` when not known to be limited.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import TimeSpan, UnitParent
        >>> since = TimeSpan(start=datetime(2024, 8, 1, tzinfo=timezone.utc))
        >>> UnitParent(unit_id="ru-northern-group", during=since).during.end is None
        True
    """

    unit_id: str = field(metadata=ref("units"))
    during: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=[c.Cross("parents", "all(p.unit_id != s.id for p in s.parents)", "a unit cannot be its own parent")])
class Unit:
    """A military formation, named or not.

    Attributes:
        id: Stable identifier.
        name: Display name ("810th Naval Infantry Brigade").
        aliases: Other names, spellings and languages.
        designation: The unit's number or code as a string ("810", "11"), so that
            "11th Air Assault Brigade" and "11th Army Corps" share it but not an echelon.
        echelon: Position on the APP-6 ladder, when known.
        branch: Arm or type (naval infantry, air assault, ...), when known.
        party: The armed forces it belongs to (``RU``, ``UA``, ``KP``).
        parents: Higher units it belonged to, each with an optional period.
        placeholder: True for a stand-in (an unknown parent or an unnamed unit).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Branch, Echelon, Unit, UnitParent
        >>> brigade = Unit(id="ru-810-nib", name="810th Naval Infantry Brigade", designation="810",
        ...                echelon=Echelon.BRIGADE, branch=Branch.NAVAL_INFANTRY, party="RU",
        ...                parents=(UnitParent(unit_id="ru-black-sea-fleet"),))
        >>> brigade.echelon.rank > Echelon.BATTALION.rank, brigade.parents[0].unit_id
        (True, 'ru-black-sea-fleet')
    """

    id: str = field(metadata=ident())
    name: str = field(metadata=text())
    aliases: tuple[str, ...] = field(default=(), metadata=texts())
    designation: str | None = field(default=None, metadata=text())
    echelon: Echelon | None = field(default=None, metadata=vocab(Echelon))
    branch: Branch | None = field(default=None, metadata=vocab(Branch))
    party: str | None = field(default=None, metadata=pattern(PARTY))
    parents: tuple[UnitParent, ...] = field(default=(), metadata=nested_many(UnitParent))
    placeholder: bool = field(default=False, metadata=flag())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
