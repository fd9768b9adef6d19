"""One date-time grammar: every loader reads RFC 3339 with a time zone and nothing else,
with a reason that names the field (issue #16; issue #20 item 6, the trailing NUL)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from unittest import mock

import pytest

from conflictmodels import (
    Claim,
    TimeSpan,
    ValidationError,
    _hotpath,
    dumps,
    dumps_lines,
    loads,
    loads_lines,
    migration,
    to_dict,
)
from conflictmodels._datetimes import datetime_problem, parse_datetime
from conflictmodels.cli import main
from conflictmodels.examples import kursk_dossier

REFUSED = {
    "2025-03-09 12:00:00+03:00": "must separate the date and the time with T",
    "2025-03-09T12:00+03:00": "must give the seconds",
    "2025-03-09T12:00:00+0300": "must write the offset as +HH:MM or -HH:MM",
    "2025-03-09T12:00:00+03": "must write the offset as +HH:MM or -HH:MM",
    "2025-W10-7T12:00:00+03:00": "must be an RFC 3339 date-time",
    "2025-068T12:00:00Z": "must be an RFC 3339 date-time",
    "20250309T120000Z": "must be an RFC 3339 date-time",
    "2025-03-09t12:00:00z": "must write T and Z in upper case",
    "2025-03-09T12:00:00z": "must write T and Z in upper case",
    "2025-03-09T12:00:00+03:00\u0000": "must end with its time zone: nothing may follow it",
    "2025-03-09T12:00:00Z\n": "must end with its time zone: nothing may follow it",
    "2016-12-31T23:59:60Z": "must not be a leap second",
    "2025-03-09T12:00:00": "must carry a UTC offset",
    "2025-02-29T12:00:00Z": "must be a date-time that exists: day is out of range for month",
    "0000-01-01T00:00:00Z": "must be a date-time that exists: year 0 is out of range",
    "2025-03-09T12:00:00+03:60": "must be an RFC 3339 date-time",
    "2025-03-09T24:00:00Z": "must be an RFC 3339 date-time",
    "\u0662\u0660\u0662\u0665-03-09T12:00:00Z": "must be an RFC 3339 date-time",
}
ACCEPTED = {
    "2025-03-09T12:00:00+03:00": datetime(2025, 3, 9, 12, tzinfo=timezone(timedelta(hours=3))),
    "2025-03-09T09:00:00Z": datetime(2025, 3, 9, 9, tzinfo=UTC),
    "2025-03-09T12:00:00.25-05:30": datetime(2025, 3, 9, 12, 0, 0, 250000, tzinfo=timezone(-timedelta(hours=5.5))),
    "2025-03-09T12:00:00.123456789Z": datetime(2025, 3, 9, 12, 0, 0, 123456, tzinfo=UTC),
    "2025-03-09T12:00:00-00:00": datetime(2025, 3, 9, 12, tzinfo=UTC),
    "2024-02-29T23:59:59+14:00": datetime(2024, 2, 29, 23, 59, 59, tzinfo=timezone(timedelta(hours=14))),
}


@pytest.mark.parametrize("text", REFUSED)
def test_the_parser_refuses_with_its_reason(text: str) -> None:
    with pytest.raises(ValueError, match="^" + REFUSED[text].replace("+", r"\+")):
        parse_datetime(text)
    assert datetime_problem(text).startswith(REFUSED[text])


@pytest.mark.parametrize("text", ACCEPTED)
def test_the_parser_reads_rfc_3339(text: str) -> None:
    moment = parse_datetime(text)
    assert moment == ACCEPTED[text]
    assert moment.utcoffset() == ACCEPTED[text].utcoffset()


@contextlib.contextmanager
def hot_path(mode: str) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        if mode == "stdlib":
            stack.enter_context(mock.patch.object(_hotpath, "msgspec", None))
        yield


MODES = ["msgspec", "stdlib"] if _hotpath.msgspec is not None else ["stdlib"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("text", REFUSED)
def test_every_loader_refuses_and_names_the_field(mode: str, text: str) -> None:
    claim = to_dict(kursk_dossier().claims[0])
    claim["reported_at"] = text
    with hot_path(mode):
        with pytest.raises(ValidationError) as whole:
            loads(json.dumps(claim), Claim)
        with pytest.raises(ValidationError) as lines:
            loads_lines(json.dumps(claim) + "\n", Claim)
    for err in (whole.value.errors[0], lines.value.errors[0]):
        assert err.path == "$.reported_at"
        assert err.reason.startswith(REFUSED[text])


@pytest.mark.parametrize("mode", MODES)
def test_a_trailing_nul_is_refused_not_dropped(mode: str) -> None:
    # Issue #20, item 6: datetime.fromisoformat reads "...+03:00\0"; loads took it and dumps dropped the NUL.
    span = {"schema_version": 2, "start": "2025-03-09T00:00:00+03:00\u0000", "precision": "day"}
    with hot_path(mode), pytest.raises(ValidationError, match=r"\$\.start: must end with its time zone"):
        loads(json.dumps(span), TimeSpan)


@pytest.mark.parametrize("mode", MODES)
def test_what_is_written_reads_back_alike(mode: str) -> None:
    claims = kursk_dossier().claims
    with hot_path(mode):
        assert loads_lines(dumps_lines(claims), Claim) == list(claims)
        assert loads(dumps(claims[0]), Claim) == claims[0]


def test_the_migration_reads_dates_with_the_same_grammar() -> None:
    # A version 1 claim whose event starts after its report is flagged when_doubtful when
    # both times are date-times as version 1 read them; a spelling version 1 accepted
    # ("2030-01-01 00:00:00Z") is flagged too, and rewritten in RFC 3339 by the step to
    # version 3; junk after a date-time is left to the reader, which refuses it.
    claim = to_dict(kursk_dossier().claims[0])
    claim.update(schema_version=1, when={"start": "2030-01-01T00:00:00Z"})
    assert migration.migrate(claim, "Claim")["when_doubtful"] is True
    claim["when"] = {"start": "2030-01-01 00:00:00Z"}
    migrated = migration.migrate(claim, "Claim")
    assert migrated["when_doubtful"] is True
    assert migrated["when"]["start"] == "2030-01-01T00:00:00+00:00"
    claim["when"] = {"start": "2030-01-01T00:00:00Z\u0000"}
    migrated = migration.migrate(claim, "Claim")
    assert migrated["when"]["start"] == "2030-01-01T00:00:00Z\u0000"
    with pytest.raises(ValidationError, match=r"when\.start"):
        loads(json.dumps(claim), Claim)


def test_as_of_on_the_command_line_has_the_same_grammar(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["reconcile", "-", "--as-of", "2025-03-10 00:00:00+03:00"])
    assert exit_.value.code == 2
    assert "--as-of: must separate the date and the time with T" in capsys.readouterr().err
