"""Attack class "wrong results on valid-looking input": parent cycles and repeated
citations that turn one origin into two (issue #19, item 12).

Before: sources (and units, and places) could be their own ancestors through a cycle,
and with a cycle above a child source ``reconcile`` counted the child and its parent
as two independent origins, turning "unverified" into "corroborated"; an assessment
could cite one claim twice in ``supporting`` and so claim two origins.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Dossier,
    FieldError,
    Location,
    Predicate,
    Source,
    Statement,
    Unit,
    UnitParent,
    ValidationError,
)
from conflictmodels.examples import kursk_dossier


def _errors(exc: BaseException) -> list[FieldError]:
    return list(exc.errors) if isinstance(exc, ValidationError) else [exc]  # type: ignore[list-item]


def test_a_two_source_cycle_is_refused_with_its_path() -> None:
    mod = Source(id="ru-mod", name="Russian MoD", parent_id="tass")
    tass = Source(id="tass", name="TASS", parent_id="ru-mod")
    with pytest.raises(FieldError) as info:
        Dossier(sources=(mod, tass))
    assert info.value.field == "sources[1].parent_id"
    assert "forms a cycle: ru-mod -> tass -> ru-mod" in info.value.reason


def test_a_cycle_above_a_child_is_refused() -> None:
    kursk = kursk_dossier()
    child = Source(id="child", name="Correspondent", parent_id="a")
    ring = (Source(id="a", name="A", parent_id="b"), Source(id="b", name="B", parent_id="c"),
            Source(id="c", name="C", parent_id="a"))  # fmt: skip
    with pytest.raises(FieldError, match="forms a cycle: a -> b -> c -> a"):
        attrs.evolve(kursk, sources=(*kursk.sources, child, *ring))


def test_unit_and_place_cycles_are_refused() -> None:
    units = (Unit(id="u1", name="1st", parents=(UnitParent(unit_id="u2"),)),
             Unit(id="u2", name="2nd", parents=(UnitParent(unit_id="u1"),)))  # fmt: skip
    places = (Location(id="p1", name="Village", parent_id="p2"), Location(id="p2", name="District", parent_id="p1"))
    with pytest.raises(ValidationError) as info:
        Dossier(units=units, locations=places)
    assert sorted(e.field for e in _errors(info.value)) == ["locations[1].parent_id", "units[1].parents[0].unit_id"]


def test_a_long_chain_without_a_cycle_is_fine_and_linear() -> None:
    chain = tuple(
        Source(id=f"s{i}", name=f"S{i}", parent_id=f"s{i + 1}" if i < 20_000 else None) for i in range(20_001)
    )
    assert len(Dossier(sources=chain).sources) == 20_001


@given(st.integers(2, 30), st.integers(0, 29))
def test_every_ring_is_found(size: int, shift: int) -> None:
    ids = [f"s{(i + shift) % size}" for i in range(size)]
    sources = tuple(Source(id=ids[i], name="S", parent_id=ids[(i + 1) % size]) for i in range(size))
    with pytest.raises(FieldError, match="forms a cycle"):
        Dossier(sources=sources)


@pytest.mark.parametrize("field", ["supporting", "contradicting", "related"])
def test_an_assessment_cannot_cite_a_claim_twice(field: str) -> None:
    with pytest.raises(FieldError) as info:
        Assessment(
            id="a",
            statement=Statement(predicate=Predicate.SITUATION, description="calm"),
            status=AssessmentStatus.UNVERIFIED,
            **{field: ("c1", "c2", "c1")},
            assessed_at=datetime(2025, 3, 10, tzinfo=UTC),
            assessed_by="analyst",
        )
    assert info.value.field == field
    assert info.value.reason == "must not repeat an id"


def test_a_statement_cannot_name_a_place_twice() -> None:
    with pytest.raises(FieldError, match="must not repeat an id"):
        Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("kositsa", "kositsa"))
