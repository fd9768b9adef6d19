"""The public hypothesis strategies: valid objects, and the hard cases covered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    Dossier,
    Estimate,
    Hop,
    Location,
    Point,
    Predicate,
    Source,
    Statement,
    TimeSpan,
    Unit,
    UnitParent,
)

FIND = settings(max_examples=5000, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize(
    ("strategy", "cls"),
    [
        (cst.time_spans(), TimeSpan),
        (cst.points(), Point),
        (cst.estimates(), Estimate),
        (cst.hops(), Hop),
        (cst.unit_parents(), UnitParent),
        (cst.statements(), Statement),
        (cst.sources(), Source),
        (cst.locations(), Location),
        (cst.units(), Unit),
        (cst.claims(), Claim),
        (cst.assessments(), Assessment),
        (cst.dossiers(max_claims=3), Dossier),
    ],
    ids=lambda x: getattr(x, "__name__", "strategy"),
)
@settings(max_examples=30)
@given(data=st.data())
def test_strategies_build_their_type(strategy: st.SearchStrategy[Any], cls: type, data: st.DataObject) -> None:
    assert type(data.draw(strategy)) is cls


@given(cst.ids(), cst.names(), cst.parties(), cst.aware_datetimes())
def test_scalar_strategies(id_: str, name: str, party: str, moment: datetime) -> None:
    Source(id=id_, name=name, party=party)  # valid by construction
    assert 1 <= len(id_) <= 40
    assert moment.utcoffset() is not None
    assert datetime(1899, 12, 31).year <= moment.year <= 2100


@pytest.mark.parametrize("predicate", list(Predicate), ids=lambda p: p.value)
def test_every_predicate_is_generated(predicate: Predicate) -> None:
    found = find(cst.statements(), lambda s: s.predicate is predicate, settings=FIND)
    assert found.predicate is predicate


@pytest.mark.parametrize(
    ("label", "condition"),
    [
        ("instant", lambda t: t.is_instant),
        ("open start", lambda t: t.start is None),
        ("open end", lambda t: t.end is None),
        ("closed range", lambda t: t.start is not None and t.end is not None and t.start < t.end),
        ("non-UTC offset", lambda t: t.start is not None and t.start.utcoffset() != timedelta(0)),
    ],
)
def test_time_span_shapes_are_generated(label: str, condition: Any) -> None:
    assert condition(find(cst.time_spans(), condition, settings=FIND))


@pytest.mark.parametrize(
    ("label", "condition"),
    [
        ("upper bound only", lambda e: e.low is None and e.best is None and e.high is not None),
        ("lower bound only", lambda e: e.low is not None and e.best is None and e.high is None),
        ("best only", lambda e: e.low is None and e.best is not None and e.high is None),
        ("full range", lambda e: None not in (e.low, e.best, e.high)),
        ("float", lambda e: any(type(v) is float for v in (e.low, e.best, e.high))),
    ],
)
def test_estimate_shapes_are_generated(label: str, condition: Any) -> None:
    assert condition(find(cst.estimates(), condition, settings=FIND))


def test_non_ascii_names_are_generated() -> None:
    assert not find(cst.names(), lambda s: not s.isascii(), settings=FIND).isascii()


def test_dossiers_with_assessments_and_relays_are_generated() -> None:
    d = find(
        cst.dossiers(),
        lambda d: bool(d.assessments) and any(len(c.attribution) > 1 for c in d.claims),
        settings=FIND,
    )
    assert d.assessments


@given(cst.claims(source_ids=["ru-mod", "tass"], location_ids=["kositsa"], unit_ids=[]))
def test_claims_draw_references_from_given_ids(claim: Claim) -> None:
    assert claim.source_id in {"ru-mod", "tass"}
    assert all(h.source_id in {"ru-mod", "tass"} for h in claim.attribution)
    assert set(claim.statement.location_ids) <= {"kositsa"}
    assert claim.statement.unit_ids == ()


@given(cst.statements(location_ids=[], unit_ids=[]))
def test_statements_without_places_avoid_predicates_that_need_them(statement: Statement) -> None:
    assert statement.predicate not in (Predicate.CONTROL, Predicate.ADVANCE, Predicate.PRESENCE, Predicate.ATTACK)


@given(cst.assessments(claim_ids=["c1", "c2", "c3"]))
def test_assessments_use_given_claims_consistently(a: Assessment) -> None:
    assert set(a.claim_ids) <= {"c1", "c2", "c3"}
    assert len(a.claim_ids) == len(set(a.claim_ids))
    assert a.independent_origins <= len(a.supporting)
    if a.status in (AssessmentStatus.CORROBORATED, AssessmentStatus.CONFIRMED):
        assert a.supporting


@given(cst.units(parent_ids=["p1", "p2"]))
def test_units_draw_parents_from_given_ids(unit: Unit) -> None:
    assert {p.unit_id for p in unit.parents} <= {"p1", "p2"} - {unit.id}
