"""People: commanders and officials, with their names, aliases and roles over time.

A :class:`Person` lives in ``Dossier.people``; a claim that a person commands a unit
during a period is a statement with ``Predicate.COMMANDS``, one ``person_ids`` entry,
one ``unit_ids`` entry and the claim's ``when`` as the period (the Security Force
Monitor unit-commander record). A person's ``roles`` are what the dossier's editor
records as known; claims are what sources said, and :func:`~conflictmodels.reconcile`
weighs them.

Example:
    >>> from conflictmodels import TimeSpan
    >>> from datetime import datetime, timezone
    >>> p = Person(id="p-gerasimov", name="Valery Gerasimov", aliases=("Валерий Герасимов",), party="RU",
    ...            roles=(Role(title="Chief of the General Staff", organisation="Armed Forces of Russia",
    ...                        during=TimeSpan(start=datetime(2012, 11, 9, tzinfo=timezone.utc))),))
    >>> p.names
    ('Valery Gerasimov', 'Валерий Герасимов')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import PARTY, extra, ident, model, nested, nested_many, pattern, ref, text, texts
from .timespans import TimeSpan

__all__ = ["Person", "Role"]


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(
    cross=[
        c.Cross(
            "unit_id",
            "s.unit_id is None or s.organisation is None",
            "give a unit (unit_id) or an organisation in words, not both",
        )
    ]
)
class Role:
    """A position a person held: a title in a unit or an organisation, optionally during a period.

    Example:
        >>> Role(title="Commander", unit_id="ru-810-nib").unit_id
        'ru-810-nib'
        >>> Role(title="Commander", unit_id="ru-810-nib", organisation="Black Sea Fleet")
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Role.unit_id: give a unit (unit_id) or an organisation in words, not both

    Attributes:
        title: The position ("Commander", "Chief of Staff", "Governor").
        unit_id: The unit the position is in, when it is a unit of the dossier.
        organisation: The organisation in words, when it is not a unit ("Ministry of Defence").
        during: When the person held it; ``None`` when not known.
        extra: Unknown JSON keys kept on request when loading.
    """

    title: str = field(metadata=text())
    unit_id: str | None = field(default=None, metadata=ref("units"))
    organisation: str | None = field(default=None, metadata=text())
    during: TimeSpan | None = field(default=None, metadata=nested(TimeSpan))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class Person:
    """A commander or an official, named or known by aliases.

    Example:
        >>> Person(id="p-1", name="Aleksandr Syrskyi", aliases=("Oleksandr Syrskyi",), party="UA").party
        'UA'

    Attributes:
        id: Stable identifier.
        name: Display name ("Oleksandr Syrskyi").
        aliases: Other names, spellings, transliterations and scripts.
        party: The party the person serves (``RU``, ``UA``), when known.
        roles: Positions held, each with a unit or an organisation and an optional period.
        extra: Unknown JSON keys kept on request when loading.
    """

    id: str = field(metadata=ident())
    name: str = field(metadata=text())
    aliases: tuple[str, ...] = field(default=(), metadata=texts())
    party: str | None = field(default=None, metadata=pattern(PARTY))
    roles: tuple[Role, ...] = field(default=(), metadata=nested_many(Role))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
