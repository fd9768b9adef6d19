"""Attribution chains: how a claim reached us, hop by hop (W3C PROV wasQuotedFrom).

Example:
    >>> chain = (Hop(source_id="moscow-times", verb="reported"),
    ...          Hop(source_id="ru-mod", verb="announced", hedge=Hedge.ASSERTED))
    >>> " -> ".join(h.source_id for h in chain)
    'moscow-times -> ru-mod'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from . import _checks as c
from .vocabularies import Hedge

__all__ = ["Hedge", "Hop"]

_check = c.compile_check(
    "Hop",
    [
        c.ident("source_id"),
        c.text("verb", optional=True),
        c.enum("hedge", Hedge),
        c.aware("at", optional=True),
        c.extra(["source_id", "verb", "hedge", "at"]),
    ],
    namespace={"Hedge": Hedge},
)


@attrs.frozen(kw_only=True)
class Hop:
    """One step of an attribution chain: a source passing the statement on.

    Attributes:
        source_id: The source at this step.
        verb: The reporting verb or hedge as written ("announced", "claimed",
            "reportedly", "according to").
        hedge: The verb's category, which the merge rules weigh.
        at: When this source published it, if known (aware).
        extra: Unknown JSON keys kept on request when loading.
    """

    source_id: str
    verb: str | None = None
    hedge: Hedge = Hedge.ASSERTED
    at: datetime | None = None
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it
