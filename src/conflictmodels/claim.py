"""Claims: one statement asserted by one source, and how it reached us.

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import ControlChange, Predicate
    >>> claim = Claim(
    ...     id="c1", source_id="ru-mod",
    ...     attribution=(Hop(source_id="moscow-times", verb="reported"),
    ...                  Hop(source_id="ru-mod", verb="announced")),
    ...     reported_at=datetime(2025, 3, 9, 12, tzinfo=timezone.utc),
    ...     statement=Statement(predicate=Predicate.CONTROL, party="RU",
    ...                         change=ControlChange.RECAPTURED, location_ids=("kositsa",)))
    >>> claim.origin_id, claim.relayed_by
    ('ru-mod', ('moscow-times',))
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from . import _checks as c
from .attribution import Hop
from .statement import Statement
from .timespans import TimeSpan
from .vocabularies import Credibility

__all__ = ["Claim"]

_LANG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_URL_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+")

_FIELDS = [
    "id", "source_id", "attribution", "reported_at", "when", "statement",
    "quote", "language", "credibility", "url", "merged_ids",
]  # fmt: skip
_check = c.compile_check(
    "Claim",
    [
        c.ident("id"),
        c.ident("source_id"),
        c.models("attribution", Hop),
        c.aware("reported_at"),
        c.model("when", TimeSpan, optional=True),
        c.model("statement", Statement),
        c.text("quote", optional=True),
        c.pattern("language", "_LANG_RE", "must be a BCP 47 language tag such as en or uk", optional=True),
        c.enum("credibility", Credibility, optional=True),
        c.pattern("url", "_URL_RE", "must be an absolute URL (scheme://...) without spaces", optional=True),
        c.idents("merged_ids"),
        c.extra(_FIELDS),
    ],
    [
        c.Cross(
            "attribution",
            "not s.attribution or s.attribution[-1].source_id == s.source_id",
            "must end with the asserting source (source_id)",
        ),
        c.Cross("merged_ids", "s.id not in s.merged_ids", "must not contain the claim's own id"),
    ],
    {
        "Hop": Hop,
        "TimeSpan": TimeSpan,
        "Statement": Statement,
        "Credibility": Credibility,
        "_LANG_RE": _LANG_RE,
        "_URL_RE": _URL_RE,
    },
)


@attrs.frozen(kw_only=True)
class Claim:
    """One proposition asserted by one source.

    Attributes:
        id: Stable identifier chosen by the producer.
        source_id: The source that asserts it (the originator, e.g. the ministry).
        attribution: How it reached us, from the document we read to the originator;
            when given, the last hop is ``source_id`` itself.
        reported_at: When it was reported (aware): the publication time of the
            document it was read in.
        when: When the event happened or the state held, with precision.
        statement: What is asserted.
        quote: The original words.
        language: BCP 47 tag of the quote ("en", "ru", "uk").
        credibility: Admiralty information credibility 1-6, if the producer rated it.
        url: Where the claim was read.
        merged_ids: Ids of claims with the same content that a merge folded into this
            one (see :func:`~conflictmodels.content_id`), so every ingested id stays
            traceable.
        extra: Unknown JSON keys kept on request when loading.
    """

    id: str
    source_id: str
    attribution: tuple[Hop, ...] = ()
    reported_at: datetime
    when: TimeSpan | None = None
    statement: Statement
    quote: str | None = None
    language: str | None = None
    credibility: Credibility | None = None
    url: str | None = None
    merged_ids: tuple[str, ...] = ()
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it

    @property
    def origin_id(self) -> str:
        """The source the claim originates from (the end of its chain)."""
        return self.source_id

    @property
    def relayed_by(self) -> tuple[str, ...]:
        """The sources that passed the claim on, nearest to us first."""
        return tuple(h.source_id for h in self.attribution[:-1])

    @property
    def content_id(self) -> str:
        """A deterministic id of the claim's content, ignoring ``id``, ``merged_ids`` and ``extra``.

        Re-ingesting the same report gives the same content id, whatever ids the
        producer assigned (see :func:`conflictmodels.content_id`).
        """
        from .serialization import content_id

        return content_id(self)
