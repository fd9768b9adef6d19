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
from ._spec import (
    COUNTRY,
    LANGUAGE,
    PARTY,
    URL,
    extra,
    flag,
    ident,
    model,
    nested,
    nested_many,
    pattern,
    ref,
    text,
    texts,
    vocab,
)
from .timespans import TimeSpan
from .vocabularies import AffiliationKind, Reliability, SourceKind

__all__ = ["Affiliation", "Source"]

_AFFILIATION_CROSS = (
    c.Cross(
        "party",
        "(s.party is not None) == s.kind.names_party",
        "is required for a state_media, aligned or party affiliation and not allowed for owned_by",
    ),
    c.Cross(
        "source_id",
        "(s.source_id is not None) == (not s.kind.names_party)",
        "is required for an owned_by affiliation and not allowed for the others",
    ),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_AFFILIATION_CROSS, namespace={"AffiliationKind": AffiliationKind})
class Affiliation:
    """A source's tie to a party or to another source, for a period: state media of a
    party, aligned with a party, belonging to a party from a date (a channel exposed as a
    false flag), owned by another source (a ministry's TV channel).

    :func:`~conflictmodels.reconcile` uses the ties in force when a claim was reported:
    a source tied to a party speaks for that party (its claims for the party are
    self-serving, its claims against it admissions), and sources tied to one party,
    or to one owner, are one interest, never independent corroboration of each other.

    Attributes:
        kind: What the tie is.
        party: The party, for every kind but ``owned_by``.
        source_id: The owning source, for ``owned_by``.
        valid: When the tie holds, ``None`` for always.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Affiliation, AffiliationKind, TimeSpan
        >>> exposed = TimeSpan(start=datetime(2024, 9, 1, tzinfo=timezone.utc))
        >>> Affiliation(kind=AffiliationKind.PARTY, party="RU", valid=exposed).party
        'RU'
        >>> Affiliation(kind=AffiliationKind.OWNED_BY, source_id="ru-mod", party="RU")
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Affiliation.party: is required for a state_media, aligned or party affiliation and not allowed for owned_by
    """

    kind: AffiliationKind = field(metadata=vocab(AffiliationKind))
    party: str | None = field(default=None, metadata=pattern(PARTY))
    source_id: str | None = field(default=None, metadata=ref("sources"))
    valid: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(
    cross=[
        c.Cross("parent_id", "s.parent_id != s.id", "a source cannot be its own parent"),
        c.Cross("affiliations", "all(a.source_id != s.id for a in s.affiliations)", "a source cannot own itself"),
    ]
)
class Source:
    """A body or person that asserts things: a ministry, an outlet, a correspondent.

    Attributes:
        id: Stable identifier.
        name: Display name.
        aliases: Other names and spellings ("Russian MoD", "Минобороны России").
        kind: What kind of source it is.
        group: True for a group of people or accounts reported as one source ("Ukrainian
            and Russian military bloggers"), false for one body or person.
        party: The belligerent it belongs to or speaks for (``RU``, ``UA``, ``KP``),
            ``None`` for third parties.
        parent_id: The source it belongs to (a correspondent's outlet).
        reliability: Admiralty source reliability A-F, ``None`` when not rated.
        url: Home page or profile.
        language: BCP 47 tag of the language it mostly publishes in ("ru", "uk", "en").
        country: ISO 3166-1 alpha-2 code of the country it publishes from ("RU", "UA",
            "US"); not its party: an exiled outlet publishes from another country.
        affiliations: Its ties to parties and owners, each with a period (state media
            of a party, owned by a ministry, a party from a date).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Reliability, Source, SourceKind
        >>> isw = Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK,
        ...              reliability=Reliability.B)
        >>> isw.is_party, isw.reliability.label
        (False, 'usually reliable')
    """

    id: str = field(metadata=ident())
    name: str = field(metadata=text())
    aliases: tuple[str, ...] = field(default=(), metadata=texts())
    kind: SourceKind = field(default=SourceKind.OTHER, metadata=vocab(SourceKind))
    group: bool = field(default=False, metadata=flag())
    party: str | None = field(default=None, metadata=pattern(PARTY))
    parent_id: str | None = field(default=None, metadata=ref("sources"))
    reliability: Reliability | None = field(default=None, metadata=vocab(Reliability))
    url: str | None = field(default=None, metadata=pattern(URL))
    language: str | None = field(default=None, metadata=pattern(LANGUAGE))
    country: str | None = field(default=None, metadata=pattern(COUNTRY))
    affiliations: tuple[Affiliation, ...] = field(default=(), metadata=nested_many(Affiliation))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def is_party(self) -> bool:
        """True when the source belongs to or speaks for a party to the conflict."""
        return self.party is not None

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
