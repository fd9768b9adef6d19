"""Withdrawals: a claim walked back, deleted or corrected by a source on its chain.

A withdrawal is data about a claim's later fate, kept on the claim
(:attr:`Claim.withdrawals <conflictmodels.Claim.withdrawals>`). A withdrawn claim stops
being evidence when a dossier is reconciled; it never becomes evidence for the
opposite, and it is never an admission against interest (see
:doc:`/explanation/withdrawals-and-updates`).

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import Withdrawal, WithdrawalAction
    >>> w = Withdrawal(source_id="ru-mod", at=datetime(2024, 8, 12, 9, tzinfo=timezone.utc),
    ...                action=WithdrawalAction.CORRECTED, replaced_by="mod-correction")
    >>> w.action.verb, w.replaced_by
    ('corrected', 'mod-correction')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import aware, extra, model, ref, text, vocab
from .vocabularies import WithdrawalAction

__all__ = ["Withdrawal", "WithdrawalAction"]

_CROSS = (
    c.Cross(
        "replaced_by",
        "s.replaced_by is None or s.action is _CORRECTED",
        "is only allowed when the action is corrected",
    ),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS, namespace={"_CORRECTED": WithdrawalAction.CORRECTED})
class Withdrawal:
    """A source withdrawing, deleting or correcting a claim it made or passed on.

    Attributes:
        source_id: Who withdrew it: the claim's originator or a relay on its
            attribution chain (an agency pulling its relay of a ministry's claim).
        at: When it was withdrawn (aware).
        action: What was done: withdrawn, deleted or corrected.
        replaced_by: For a correction, the id of the claim that corrects it (in the
            same dossier); that claim is the one that counts.
        note: What was said, or seen, in words ("post deleted within the hour").
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Withdrawal, WithdrawalAction
        >>> w = Withdrawal(source_id="ru-mod", at=datetime(2024, 8, 12, 9, tzinfo=timezone.utc),
        ...                action=WithdrawalAction.WITHDRAWN, note="our earlier report was premature")
        >>> w.action.verb
        'withdrew'
    """

    source_id: str = field(metadata=ref("sources"))
    at: datetime = field(metadata=aware())
    action: WithdrawalAction = field(metadata=vocab(WithdrawalAction))
    replaced_by: str | None = field(default=None, metadata=ref("claims"))
    note: str | None = field(default=None, metadata=text())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())
