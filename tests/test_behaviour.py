"""Refactorings change nothing a user sees: every writer's output for the Kursk example,
its reconciliation, the golden payloads and the exact error text of a fixed corpus of bad
payloads equal the record in ``golden/behaviour/snapshot.json`` (see ``behaviour.py``)."""

from __future__ import annotations

import json

import pytest

from behaviour import RECORD, snapshot

RECORDED: dict[str, str] = json.loads(RECORD.read_text(encoding="utf-8"))
NOW = snapshot()


def test_the_same_things_are_recorded() -> None:
    assert sorted(NOW) == sorted(RECORDED)


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_output_is_unchanged(key: str) -> None:
    assert NOW.get(key) == RECORDED[key]
