"""Sources: who asserts things.

Example:
    >>> mod = Source(id="ru-mod", name="Ministry of Defence of the Russian Federation",
    ...              aliases=("Russian MoD",), kind=SourceKind.STATE_MILITARY, party="RU")
    >>> mod.is_party
    True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from . import _checks as c
from .vocabularies import Reliability, SourceKind

__all__ = ["Source"]

_URL_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+")
_URL_RULE = "must be an absolute URL (scheme://...) without spaces"

_FIELDS = ["id", "name", "aliases", "kind", "party", "parent_id", "reliability", "url"]
_check = c.compile_check(
    "Source",
    [
        c.ident("id"),
        c.text("name"),
        c.texts("aliases"),
        c.enum("kind", SourceKind),
        c.party("party", optional=True),
        c.ident("parent_id", optional=True),
        c.enum("reliability", Reliability, optional=True),
        c.pattern("url", "_URL_RE", _URL_RULE, optional=True),
        c.extra(_FIELDS),
    ],
    [c.Cross("parent_id", "s.parent_id != s.id", "a source cannot be its own parent")],
    {"SourceKind": SourceKind, "Reliability": Reliability, "_URL_RE": _URL_RE},
)


@attrs.frozen(kw_only=True)
class Source:
    """A body or person that asserts things: a ministry, an outlet, a correspondent.

    Attributes:
        id: Stable identifier.
        name: Display name.
        aliases: Other names and spellings ("Russian MoD", "Минобороны России").
        kind: What kind of source it is.
        party: The belligerent it belongs to or speaks for (``RU``, ``UA``, ``KP``),
            ``None`` for third parties.
        parent_id: The source it belongs to (a correspondent's outlet).
        reliability: Admiralty source reliability A-F, ``None`` when not rated.
        url: Home page or profile.
        extra: Unknown JSON keys kept on request when loading.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: SourceKind = SourceKind.OTHER
    party: str | None = None
    parent_id: str | None = None
    reliability: Reliability | None = None
    url: str | None = None
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it

    @property
    def is_party(self) -> bool:
        """True when the source belongs to or speaks for a party to the conflict."""
        return self.party is not None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
