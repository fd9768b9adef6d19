"""Attribution chains: how a claim reached us, hop by hop (W3C PROV wasQuotedFrom).

Example:
    >>> chain = (Hop(source_id="moscow-times", verb="reported", hedge=Hedge.ASSERTED),
    ...          Hop(source_id="ru-mod", verb="announced", hedge=Hedge.ASSERTED))
    >>> " -> ".join(h.source_id for h in chain)
    'moscow-times -> ru-mod'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import field

from ._checks import EMPTY
from ._spec import aware, extra, model, ref, text, vocab
from .vocabularies import Hedge

__all__ = ["Hedge", "Hop"]


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class Hop:
    """One step of an attribution chain: a source passing the statement on.

    Attributes:
        source_id: The source at this step.
        verb: The reporting verb or hedge as written ("announced", "claimed",
            "reportedly", "according to").
        hedge: How this source commits to what it passes on (required: a forgotten
            hedge is never taken as "asserted"). The merge rules weigh the weakest
            hedge of a chain; "reportedly", "alleged" and "claimed" keep a report from
            corroborating; on the last hop (the source speaking in its own voice),
            "reportedly" or "according to" mean it names no originator.
        at: When this source published it, if known (aware).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Hedge, Hop
        >>> relay = Hop(source_id="reuters", verb="citing", hedge=Hedge.ACCORDING_TO)
        >>> relay.hedge.value
        'according_to'
    """

    source_id: str = field(metadata=ref("sources"))
    verb: str | None = field(default=None, metadata=text())
    hedge: Hedge = field(metadata=vocab(Hedge))
    at: datetime | None = field(default=None, metadata=aware())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())
