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

from . import _checks as c
from .timespans import TimeSpan
from .vocabularies import Branch, Echelon

__all__ = ["Unit", "UnitParent"]

_check_parent = c.compile_check(
    "UnitParent",
    [c.ident("unit_id"), c.model("during", TimeSpan, optional=True), c.extra(["unit_id", "during"])],
    namespace={"TimeSpan": TimeSpan},
)


@attrs.frozen(kw_only=True)
class UnitParent:
    """A unit's membership of a higher unit, optionally only during a period.

    Attributes:
        unit_id: The parent unit (may be a placeholder for an unknown parent).
        during: When the relation held; ``None`` when not known to be limited.
        extra: Unknown JSON keys kept on request when loading.
    """

    unit_id: str
    during: TimeSpan | None = None
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check_parent  # the compiled check: readers may inline it


_FIELDS = ["id", "name", "aliases", "designation", "echelon", "branch", "party", "parents", "placeholder"]
_check = c.compile_check(
    "Unit",
    [
        c.ident("id"),
        c.text("name"),
        c.texts("aliases"),
        c.text("designation", optional=True),
        c.enum("echelon", Echelon, optional=True),
        c.enum("branch", Branch, optional=True),
        c.party("party", optional=True),
        c.models("parents", UnitParent),
        c.boolean("placeholder"),
        c.extra(_FIELDS),
    ],
    [c.Cross("parents", "all(p.unit_id != s.id for p in s.parents)", "a unit cannot be its own parent")],
    {"Echelon": Echelon, "Branch": Branch, "UnitParent": UnitParent},
)


@attrs.frozen(kw_only=True)
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
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    designation: str | None = None
    echelon: Echelon | None = None
    branch: Branch | None = None
    party: str | None = None
    parents: tuple[UnitParent, ...] = ()
    placeholder: bool = False
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
