"""Schema evolution: migrate payloads written by older versions of the format.

Every top-level payload carries ``"schema_version"``. When the format changes
incompatibly, :data:`SCHEMA_VERSION` (defined here, re-exported as
:data:`conflictmodels.SCHEMA_VERSION`) is raised by one and a step that turns a payload
of the previous version into the new one is registered in :data:`MIGRATIONS`. :func:`~conflictmodels.from_dict` (and so ``loads``,
``loads_lines`` and ``load_file``) runs :func:`migrate` before structuring, applying the
steps one version at a time; a payload newer than the library is refused with a message
to upgrade.

Version 2 states every attribution hop's hedge and refuses an event time after the
report time unless the claim says the time is doubtful; the step from version 1 fills
both in (``_v1_hedges_stated_and_late_times_flagged``). Version 3 reads date-times in
one grammar, RFC 3339 with a time zone, and gives claims a relation to their places
and a precision of their own; the step from version 2 rewrites the lax date-times
versions 1 and 2 accepted (``_v2_datetimes_in_rfc3339``). This module
imports nothing but the errors and the date-time grammar: serialization and every
exporter read the version from here, never the other way round. docs/contributing/changing-the-format.md says when
the version is bumped and what a step and its golden files must contain. A step is a
function ``step(payload, kind) -> payload`` where ``kind`` is the name of the model the
payload is read as (``"Dossier"``, ``"Claim"``, ...); it receives a private deep copy
that it may change in place, and returns the migrated payload.

Example:
    >>> from conflictmodels.migration import MIGRATIONS, migrate
    >>> sorted(MIGRATIONS)
    [1, 2]
    >>> migrate({"schema_version": 1, "source_id": "ru-mod"}, "Hop")
    {'schema_version': 3, 'source_id': 'ru-mod', 'hedge': 'asserted'}
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ._datetimes import parse_datetime
from .errors import ConflictModelsError, SchemaVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate", "register"]

SCHEMA_VERSION = 3
"""The payload format version this library writes (independent of the package version)."""

Migration = Callable[[dict[str, Any], str], dict[str, Any]]
"""One migration step; ``step(payload, kind)`` returns the payload one version newer."""

MIGRATIONS: dict[int, Migration] = {}
"""The registered steps; ``MIGRATIONS[n]`` turns a version ``n`` payload into version ``n + 1``."""


def register(from_version: int) -> Callable[[Migration], Migration]:
    """Register a function as the step from ``from_version`` to ``from_version + 1``.

    Args:
        from_version: The version the step reads (at least 1).

    Raises:
        SchemaVersionError: ``from_version`` is not a positive integer, or a step from
            that version is already registered.

    Example:
        >>> from conflictmodels.migration import MIGRATIONS, migrate, register
        >>> @register(3)
        ... def _rename_heading(payload, kind):
        ...     if kind == "Dossier" and "heading" in payload:
        ...         payload["title"] = payload.pop("heading")
        ...     return payload
        >>> migrate({"schema_version": 3, "heading": "Kursk"}, target=4)
        {'schema_version': 4, 'title': 'Kursk'}
        >>> del MIGRATIONS[3]  # the example is not a real step
    """
    if type(from_version) is not int or from_version < 1:
        raise SchemaVersionError("migration", "from_version", "must be a positive integer", from_version)

    def decorator(step: Migration) -> Migration:
        if from_version in MIGRATIONS:
            raise SchemaVersionError(
                "migration", "from_version", "already has a registered migration step", from_version
            )
        MIGRATIONS[from_version] = step
        return step

    return decorator


def migrate(
    payload: dict[str, Any], kind: str = "Dossier", *, target: int | None = None, in_place: bool = False
) -> dict[str, Any]:
    """Bring a payload up to version ``target``, one registered step at a time.

    The payload given is never changed: when a step is needed, the steps work on a deep
    copy, unless ``in_place`` says the payload is already private to the caller. A
    payload already at ``target`` is returned as is.

    Args:
        payload: A top-level payload with its ``schema_version``.
        kind: The name of the model type the payload is read as (``"Dossier"``,
            ``"Claim"``, ...); steps may treat kinds differently.
        target: The version to reach; the library's
            :data:`SCHEMA_VERSION` by default.
        in_place: The payload is the caller's own, seen by nobody else (``loads``
            parses one): the steps change it instead of a copy, which would double
            the memory of reading a large old document.

    Returns:
        The payload at version ``target``, with ``schema_version`` set to it.

    Raises:
        SchemaVersionError: The version is missing, malformed or newer than
            ``target`` (upgrade conflictmodels), a step is missing, or a step failed.
            Its ``path`` is ``$.schema_version``.

    Example:
        >>> from conflictmodels.migration import migrate
        >>> migrate({"schema_version": 7}, target=2)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.SchemaVersionError: $.schema_version: is not supported: this library reads versions 1 to 2; upgrade conflictmodels to read newer payloads, got 7
    """
    if target is None:
        target = SCHEMA_VERSION
    if type(payload) is not dict:
        raise SchemaVersionError(kind, "", "a payload must be a JSON object", payload).at("$")
    version = payload.get("schema_version")
    if type(version) is not int:
        reason = "is required" if version is None else "must be an integer"
        err = SchemaVersionError(kind, "schema_version", reason, *(() if version is None else (version,)))
        raise err.at("$.schema_version")
    if version > target or version < 1:
        raise SchemaVersionError(
            kind,
            "schema_version",
            f"is not supported: this library reads versions 1 to {target}; "
            "upgrade conflictmodels to read newer payloads",
            version,
        ).at("$.schema_version")
    if version == target:
        return payload
    out = payload if in_place else copy.deepcopy(payload)
    for step_from in range(version, target):
        step = MIGRATIONS.get(step_from)
        if step is None:
            raise SchemaVersionError(
                kind,
                "schema_version",
                f"cannot be migrated: no step from version {step_from} to {step_from + 1}",
                version,
            ).at("$.schema_version")
        try:
            out = step(out, kind)
        except ConflictModelsError:
            raise
        except Exception as err:
            raise SchemaVersionError(
                kind,
                "schema_version",
                f"could not be migrated from version {step_from} to {step_from + 1}: {type(err).__name__}: {err}",
                version,
            ).at("$.schema_version") from err
        if type(out) is not dict:
            raise SchemaVersionError(
                kind, "schema_version", f"the step from version {step_from} did not return a JSON object", version
            ).at("$.schema_version")
        out["schema_version"] = step_from + 1
    return out


# ----------------------------------------------------------------------------- steps


@register(1)
def _v1_hedges_stated_and_late_times_flagged(payload: dict[str, Any], kind: str) -> dict[str, Any]:
    """Version 1 to 2.

    * ``Hop.hedge`` became required: version 1 meant ``"asserted"`` by leaving it out,
      so every hop without one gets ``"hedge": "asserted"``.
    * A claim's event time may no longer start after its ``reported_at``: a version 1
      claim whose ``when`` does keeps its time, with ``"when_doubtful": true`` (it is
      recorded, and never opens or changes a current state).

    Hops occur at the top of a ``Hop`` payload, under ``attribution`` of a claim and
    under ``claims[*].attribution`` of a dossier. Anything malformed is left for the
    reader to report.
    """
    if kind == "Hop":
        _state_hedge(payload)
    elif kind == "Claim":
        _v1_claim(payload)
    elif kind == "Dossier":
        claims = payload.get("claims")
        if type(claims) is list:
            for claim in claims:
                if type(claim) is dict:
                    _v1_claim(claim)
    return payload


def _state_hedge(hop: Any) -> None:
    if type(hop) is dict and "hedge" not in hop:
        hop["hedge"] = "asserted"


def _v1_claim(claim: dict[str, Any]) -> None:
    chain = claim.get("attribution")
    if type(chain) is list:
        for hop in chain:
            _state_hedge(hop)
    when = claim.get("when")
    if type(when) is dict and "when_doubtful" not in claim:
        start, reported = _instant(when.get("start")), _instant(claim.get("reported_at"))
        if start is not None and reported is not None and start > reported:
            claim["when_doubtful"] = True


def _instant(value: Any) -> datetime | None:
    """A date-time as versions 1 and 2 read it (``datetime.fromisoformat`` with a time
    zone, so a space separator or ``+0300`` too), or None for anything else (left for
    the reader to report)."""
    if type(value) is not str:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# The date-time fields of version 2, by key: a step must not read the current models.
_V2_DATETIME_KEYS = frozenset({"reported_at", "assessed_at", "as_of", "start", "end", "at"})


@register(2)
def _v2_datetimes_in_rfc3339(payload: dict[str, Any], kind: str) -> dict[str, Any]:
    """Version 2 to 3.

    * Date-times are read in one grammar, RFC 3339 with a time zone
      (:mod:`conflictmodels._datetimes`). Versions 1 and 2 were read with
      ``datetime.fromisoformat``, which also took a space or a lower-case ``t`` as the
      separator, no seconds, ``+0300`` and week dates (and trailing characters, which are
      not repaired: the reader refuses them). Every such value of a version 2 date-time field (``reported_at``, ``assessed_at``,
      ``as_of``, ``start``, ``end``, ``at``, at any depth) is rewritten as the same
      instant in the same offset in RFC 3339; nothing else changes. The library always
      wrote the strict form, so only payloads written by hand or by other tools change.
    * Claims gained ``place_relation`` and ``geo_precision``, which qualify the places a
      statement names ("near Pokrovsk" is not "in Pokrovsk"): a version 2 reader that
      ignored them would misread the claim, hence the new version. Version 2 payloads
      have neither, and mean what version 3 means by their absence.
    """
    _rfc3339_datetimes(payload)
    return payload


def _rfc3339_datetimes(node: Any) -> None:
    if type(node) is list:
        for item in node:
            _rfc3339_datetimes(item)
    elif type(node) is dict:
        for key, value in node.items():
            if type(value) is str:
                if key in _V2_DATETIME_KEYS and (moment := _lax(value)) is not None:
                    node[key] = moment.isoformat()
            else:
                _rfc3339_datetimes(value)


def _lax(value: str) -> datetime | None:
    """The instant of a version 2 date-time the RFC 3339 grammar refuses, or None (already
    RFC 3339, or not a date-time at all: left for the reader to report)."""
    try:
        parse_datetime(value)
    except ValueError:
        # A spelling of an instant, not junk around one: a trailing NUL or a line break
        # is left for the reader to refuse (version 2 dropped it silently).
        return _instant(value) if value.isprintable() and value == value.strip() else None
    return None
