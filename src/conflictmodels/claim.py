"""Claims: one statement asserted by one source, and how it reached us.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import ControlChange, Hedge, Predicate
    >>> claim = Claim(
    ...     id="c1", source_id="ru-mod",
    ...     attribution=(Hop(source_id="moscow-times", verb="reported", hedge=Hedge.ASSERTED),
    ...                  Hop(source_id="ru-mod", verb="announced", hedge=Hedge.ASSERTED)),
    ...     reported_at=datetime(2025, 3, 9, 12, tzinfo=timezone.utc),
    ...     statement=Statement(predicate=Predicate.CONTROL, party="RU",
    ...                         change=ControlChange.RECAPTURED, location_ids=("kositsa",)))
    >>> claim.origin_id, claim.relayed_by
    ('ru-mod', ('moscow-times',))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import (
    LANGUAGE,
    URL,
    aware,
    extra,
    flag,
    ident,
    idents,
    model,
    nested,
    nested_many,
    pattern,
    ref,
    text,
    vocab,
)
from .attribution import Hop
from .evidence import Evidence
from .statement import Statement
from .timespans import TimeSpan
from .vocabularies import Credibility, GeoPrecision, Modality, PlaceRelation
from .withdrawal import Withdrawal

__all__ = ["Claim"]

_CROSS = (
    c.Cross(
        "attribution",
        "not s.attribution or s.attribution[-1].source_id == s.source_id",
        "must end with the asserting source (source_id)",
    ),
    c.Cross("merged_ids", "s.id not in s.merged_ids", "must not contain the claim's own id"),
    c.Cross(
        "when",
        "s.when is None or s.when.start is None or s.when.start <= s.reported_at or s.when_doubtful"
        " or s.statement.modality is _FORECAST",
        "must not start after reported_at (an event cannot be reported before it happens, unless it is a forecast); "
        "set when_doubtful to keep a doubtful time",
    ),
    c.Cross(
        "withdrawals",
        "not s.withdrawals or all(w.replaced_by != s.id for w in s.withdrawals)",
        "must not name the claim itself as its correction (replaced_by)",
    ),
    c.Cross(
        "withdrawals",
        "not s.withdrawals or all(w.source_id == s.source_id or any(h.source_id == w.source_id for h in s.attribution)"
        " for w in s.withdrawals)",
        "must be made by the claim's source or a relay on its attribution chain (source_id)",
    ),
    c.Cross(
        "withdrawals",
        "not s.withdrawals or all(w.at >= s.reported_at for w in s.withdrawals)",
        "must not be dated before the claim's reported_at (at): a claim cannot be withdrawn before it is reported",
    ),
    c.Cross("translation", "s.translation is None or s.quote is not None", "needs the original words (quote)"),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS, namespace={"_FORECAST": Modality.FORECAST})
class Claim:
    """One proposition asserted by one source.

    Attributes:
        id: Stable identifier chosen by the producer.
        source_id: The source that asserts it (the originator, e.g. the ministry).
        attribution: How it reached us, from the document we read to the originator;
            when given, the last hop is ``source_id`` itself.
        reported_at: When it was reported (aware): the publication time of the
            document it was read in.
        when: When the event happened or the state held, with precision. It does not
            start after ``reported_at`` (unless the statement is a forecast, or
            ``when_doubtful`` is set); a span open before ("by Sunday") always may.
        statement: What is asserted.
        quote: The original words.
        language: BCP 47 tag of the quote ("en", "ru", "uk").
        translation: The quote rendered in another language (usually English); needs
            ``quote``.
        credibility: Admiralty information credibility 1-6, if the producer rated it.
        url: Where the claim was read.
        evidence: What the claim rests on: the source document, media, and who
            geolocated and chronolocated them (see :class:`~conflictmodels.Evidence`).
        place_relation: Where it happened relative to the place it names: in (the
            default, when absent), near, outskirts, direction_of, area_of. Only ``in``
            speaks for the place itself.
        geo_precision: The claim's own geographic precision (ACLED ``geo_precision``,
            UCDP ``where_prec``), when coarser or finer than the place's.
        merged_ids: Ids of claims with the same content that a merge folded into this
            one (see :func:`~conflictmodels.content_id`), so every ingested id stays
            traceable.
        withdrawals: Who withdrew, deleted or corrected the claim (its originator or a
            relay on its chain), and when; a withdrawn claim stops being evidence.
        when_doubtful: The event time is kept as given but not trusted (an event time
            after ``reported_at``, a suspected typo): the claim never opens or changes
            a current state, and a figure's "as of" is its ``reported_at``.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Claim, ControlChange, Hedge, Hop, Predicate, Statement
        >>> claim = Claim(
        ...     id="c1", source_id="ru-mod",
        ...     attribution=(Hop(source_id="moscow-times", verb="reported", hedge=Hedge.ASSERTED),
        ...                  Hop(source_id="ru-mod", verb="announced", hedge=Hedge.ASSERTED)),
        ...     reported_at=datetime(2025, 3, 9, 12, tzinfo=timezone.utc),
        ...     statement=Statement(predicate=Predicate.CONTROL, party="RU",
        ...                         change=ControlChange.RECAPTURED, location_ids=("kositsa",)))
        >>> claim.origin_id, claim.relayed_by
        ('ru-mod', ('moscow-times',))
    """

    id: str = field(metadata=ident())
    source_id: str = field(metadata=ref("sources"))
    attribution: tuple[Hop, ...] = field(default=(), metadata=nested_many(Hop))
    reported_at: datetime = field(metadata=aware())
    when: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    statement: Statement = field(metadata=nested(Statement))
    quote: str | None = field(default=None, metadata=text())
    language: str | None = field(default=None, metadata=pattern(LANGUAGE))
    translation: str | None = field(default=None, metadata=text())
    credibility: Credibility | None = field(default=None, metadata=vocab(Credibility))
    url: str | None = field(default=None, metadata=pattern(URL))
    evidence: Evidence | None = field(default=None, metadata=nested(Evidence))
    place_relation: PlaceRelation | None = field(default=None, metadata=vocab(PlaceRelation))
    geo_precision: GeoPrecision | None = field(default=None, metadata=vocab(GeoPrecision))
    merged_ids: tuple[str, ...] = field(default=(), metadata=idents())
    withdrawals: tuple[Withdrawal, ...] = field(default=(), metadata=nested_many(Withdrawal))
    when_doubtful: bool = field(default=False, metadata=flag())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def origin_id(self) -> str:
        """The source the claim originates from (the end of its chain)."""
        return self.source_id

    @property
    def relayed_by(self) -> tuple[str, ...]:
        """The sources that passed the claim on, nearest to us first."""
        return tuple(h.source_id for h in self.attribution[:-1])
