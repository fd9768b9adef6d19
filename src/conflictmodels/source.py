"""Sources: who asserts things.

Example:
    >>> mod = Source(id="ru-mod", name="Ministry of Defence of the Russian Federation",
    ...              aliases=("Russian MoD",), kind=SourceKind.STATE_MILITARY, party="RU")
    >>> mod.is_party
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, URL, extra, ident, model, pattern, ref, text, texts, vocab
from .vocabularies import Reliability, SourceKind

__all__ = ["Source"]


@attrs.frozen(kw_only=True)
@model(cross=[c.Cross("parent_id", "s.parent_id != s.id", "a source cannot be its own parent")])
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

    id: str = field(metadata=ident())
    name: str = field(metadata=text())
    aliases: tuple[str, ...] = field(default=(), metadata=texts())
    kind: SourceKind = field(default=SourceKind.OTHER, metadata=vocab(SourceKind))
    party: str | None = field(default=None, metadata=pattern(PARTY))
    parent_id: str | None = field(default=None, metadata=ref("sources"))
    reliability: Reliability | None = field(default=None, metadata=vocab(Reliability))
    url: str | None = field(default=None, metadata=pattern(URL))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def is_party(self) -> bool:
        """True when the source belongs to or speaks for a party to the conflict."""
        return self.party is not None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
