"""Fuzzing everything after loading: resolution, reconcile, merge and every writer
(issue #19: "the fuzz campaigns extended from the loaders to resolution, reconcile,
merge, the writers, STIX import and the CLI"; STIX import has its own campaign in
``test_attack_loss_stix.py``, the CLI in ``test_attack_cli.py``).

Inputs are valid dossiers made hostile at the model level: huge and tiny numbers,
instants at the ends of the calendar in extreme offsets, every entity named alike (one
blocking key), names full of "kh", unknown keys at every depth, re-ingested copies.
Whatever the input, only ``ConflictModelsError`` may escape, and what the writers write
reads back.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import ConflictModelsError, Dossier, Estimate, dumps, dumps_lines, loads, loads_lines, reconcile
from conflictmodels.export import assessments_csv, claims_csv, to_geojson, to_stix
from conflictmodels.export.stix import from_stix
from conflictmodels.reconciliation import merge
from conflictmodels.resolution import resolve_entities
from conflictmodels.strategies import dossiers, with_extras

pytestmark = pytest.mark.fuzz
FUZZ = settings(max_examples=examples(300), suppress_health_check=list(HealthCheck), deadline=None)

EDGE_TIMES = [
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
    datetime(999, 5, 1, tzinfo=UTC),
]
NUMBERS = [0, 1, 2**53 + 1, 2**63, 10**30, 1e-300, 5e-324, 1.5, 1e308]
NAMES = ["Novenke", "Khkhkh Khokhol Kharkiv Lokhnya Mikhailovka", "Новеньке", "11th Army Corps", "x" * 300]


@st.composite
def hostile(draw: st.DrawFn) -> Dossier:
    d = draw(dossiers(max_claims=5))
    name = st.sampled_from(NAMES)
    sources = tuple(attrs.evolve(s, name=draw(name)) for s in d.sources)
    locations = tuple(attrs.evolve(p, name=draw(name), point=None) for p in d.locations)
    units = tuple(attrs.evolve(u, name=draw(name)) for u in d.units)
    claims = []
    for c in d.claims:
        if draw(st.booleans()):
            edge = draw(st.sampled_from(EDGE_TIMES))  # a withdrawal is never dated before its claim's report
            moved = tuple(w if w.at >= edge else attrs.evolve(w, at=edge) for w in c.withdrawals)
            c = attrs.evolve(c, reported_at=edge, when=None, withdrawals=moved)
        q = c.statement.quantity
        if q is not None and draw(st.booleans()):
            low, high = sorted(draw(st.lists(st.sampled_from(NUMBERS), min_size=2, max_size=2)))
            c = attrs.evolve(c, statement=attrs.evolve(c.statement, quantity=Estimate.between(low, high, unit=q.unit)))
        claims.append(c)
        if draw(st.booleans()):  # a re-ingested copy, perhaps in another offset
            hours = draw(st.integers(-12, 14))
            moment = c.reported_at
            if 2 <= moment.year <= 9998:
                moment = moment.astimezone(timezone(timedelta(hours=hours)))
            claims.append(attrs.evolve(c, id=c.id + "~copy", merged_ids=(), reported_at=moment))
    return attrs.evolve(d, sources=sources, locations=locations, units=units, claims=tuple(claims))


def survives(fn: Any) -> Any:
    try:
        return fn()
    except ConflictModelsError:
        return None


def check_writers(d: Dossier) -> None:
    assert loads(dumps(d)) == d
    assert loads_lines(dumps_lines(d.claims), type(d.claims[0])) == list(d.claims) if d.claims else True
    bundle = json.loads(json.dumps(to_stix(d)))
    assert from_stix(bundle) == d
    for text in (claims_csv(d), assessments_csv(d)):
        list(csv.DictReader(io.StringIO(text, newline="")))
    json.dumps(to_geojson(d), allow_nan=False)


@FUZZ
@given(hostile())
def test_the_engine_survives_hostile_dossiers(d: Dossier) -> None:
    resolved = survives(lambda: resolve_entities(d))
    reconciled = survives(lambda: reconcile(d))
    merged = survives(lambda: merge(d, d))
    for out in (resolved.dossier if resolved is not None else None, reconciled, merged):
        if out is not None:
            check_writers(out)


@FUZZ
@given(st.lists(with_extras(dossiers(max_claims=3)), min_size=2, max_size=3))
def test_merge_and_reconcile_keep_unknown_keys_loadable(parts: list[Dossier]) -> None:
    merged = survives(lambda: merge(merge(parts[0], parts[1]), parts[-1]))
    if merged is not None:
        assert loads(dumps(merged), keep_unknown=True) == merged
        reconciled = survives(lambda: reconcile(merged))
        if reconciled is not None:
            assert loads(dumps(reconciled), keep_unknown=True) == reconciled
