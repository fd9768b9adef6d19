"""The dossier: unique ids per kind, referential integrity, lookups."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings

import conflictmodels.strategies as cst
from _support import examples
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    DanglingReferenceError,
    Dossier,
    DuplicateIdError,
    Hedge,
    Hop,
    Location,
    Predicate,
    Source,
    Statement,
    Unit,
    UnitParent,
    ValidationError,
)
from conflictmodels.examples import kursk_dossier

T0 = datetime(2025, 3, 9, 15, tzinfo=UTC)


def situation() -> Statement:
    return Statement(predicate=Predicate.SITUATION, description="calm")


def claim(id: str, source_id: str = "s1", **kw: object) -> Claim:
    return Claim(id=id, source_id=source_id, reported_at=T0, statement=kw.pop("statement", situation()), **kw)  # type: ignore[arg-type]


def test_lookups() -> None:
    d = kursk_dossier()
    assert d.source("isw").name == "Institute for the Study of War"
    assert d.location("novenke").region == "UA-59"
    assert d.unit("kp-11-army-corps").party == "KP"
    assert d.claim("kursk-isw-strength").source_id == "isw"
    assert [c.id for c in d.claims_by_source("david-axe")] == [
        "kursk-axe-ru-177-marine-regiment",
        "kursk-axe-ru-810-naval-infantry-brigade",
        "kursk-axe-ru-11-air-assault-brigade",
    ]
    assert d.claims_by_source("nobody") == ()
    for getter in (d.source, d.location, d.unit, d.claim, d.assessment):
        with pytest.raises(DanglingReferenceError) as info:
            getter("kositsa-2")
        assert isinstance(info.value, KeyError)


def test_empty_dossier() -> None:
    d = Dossier()
    assert d.claims == ()
    assert d == Dossier()


def test_ids_are_unique_per_kind_only() -> None:
    d = Dossier(
        sources=(Source(id="kursk", name="Kursk newspaper"),),
        locations=(Location(id="kursk", name="Kursk"),),
        units=(Unit(id="kursk", name="Kursk Group"),),
        claims=(claim("kursk", "kursk"),),
    )
    assert d.source("kursk").name == "Kursk newspaper"
    assert d.location("kursk").name == "Kursk"


def test_identical_duplicates_collapse() -> None:
    s = Source(id="s1", name="S")
    c = claim("c1")
    d = Dossier(sources=(s, s, s), claims=(c, c))
    assert d.sources == (s,)
    assert d.claims == (c,)
    assert d == Dossier(sources=(s,), claims=(c,))
    assert hash(d) == hash(Dossier(sources=(s,), claims=(c,)))


def test_duplicate_ids_with_different_content() -> None:
    with pytest.raises(DuplicateIdError) as info:
        Dossier(sources=(Source(id="s1", name="S"), Source(id="s2", name="T"), Source(id="s1", name="S2")))
    err = info.value
    assert err.field == "sources[2]"
    assert "sources[0]" in err.reason
    assert err.value == "s1"
    assert isinstance(err, ValueError)


def test_every_dangling_reference_is_reported() -> None:
    with pytest.raises(ValidationError) as info:
        Dossier(
            sources=(Source(id="s1", name="S", parent_id="outlet"),),
            locations=(Location(id="l1", name="L", parent_id="region"),),
            units=(Unit(id="u1", name="U", parents=(UnitParent(unit_id="army"),)),),
            claims=(
                Claim(
                    id="c1",
                    source_id="s1",
                    attribution=(
                        Hop(source_id="relay", hedge=Hedge.ASSERTED),
                        Hop(source_id="s1", hedge=Hedge.ASSERTED),
                    ),
                    reported_at=T0,
                    statement=Statement(predicate=Predicate.PRESENCE, location_ids=("l1", "l2"), unit_ids=("u2",)),
                ),
                claim("c2", "s9"),
            ),
            assessments=(
                Assessment(
                    id="a1",
                    statement=situation(),
                    status=AssessmentStatus.CONTESTED,
                    supporting=("c1",),
                    contradicting=("c7",),
                    related=("c8",),
                    assessed_at=T0,
                    assessed_by="analyst",
                ),
            ),
        )
    errors = info.value.errors
    assert all(type(e) is DanglingReferenceError for e in errors)
    assert {e.field: e.value for e in errors} == {
        "sources[0].parent_id": "outlet",
        "locations[0].parent_id": "region",
        "units[0].parents[0].unit_id": "army",
        "claims[0].attribution[0].source_id": "relay",
        "claims[0].statement.location_ids[1]": "l2",
        "claims[0].statement.unit_ids[0]": "u2",
        "claims[1].source_id": "s9",
        "assessments[0].contradicting[0]": "c7",
        "assessments[0].related[0]": "c8",
    }


def test_assessment_statement_references_are_checked() -> None:
    statement = Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("nowhere",))
    with pytest.raises(DanglingReferenceError) as info:
        Dossier(
            assessments=(
                Assessment(
                    id="a1",
                    statement=statement,
                    status=AssessmentStatus.UNVERIFIED,
                    assessed_at=T0,
                    assessed_by="x",
                ),
            )
        )
    assert info.value.field == "assessments[0].statement.location_ids[0]"


def test_evolve_rechecks_integrity() -> None:
    d = kursk_dossier()
    with pytest.raises(ValidationError):
        attrs.evolve(d, sources=())
    smaller = attrs.evolve(d, claims=d.claims[:3])
    assert len(smaller.claims) == 3
    assert smaller.claim(d.claims[2].id) == d.claims[2]
    with pytest.raises(DanglingReferenceError):
        smaller.claim(d.claims[3].id)


def test_wrong_types_in_collections() -> None:
    with pytest.raises(TypeError):
        Dossier(sources=[Source(id="s", name="S")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Dossier(claims=(Source(id="s", name="S"),))  # type: ignore[arg-type]


@settings(max_examples=examples(300))
@given(cst.dossiers())
def test_generated_dossiers_resolve_every_reference(d: Dossier) -> None:
    for c in d.claims:
        assert d.source(c.source_id).id == c.source_id
        for hop in c.attribution:
            d.source(hop.source_id)
        for loc in c.statement.location_ids:
            d.location(loc)
        for u in c.statement.unit_ids:
            d.unit(u)
    for a in d.assessments:
        for cid in a.claim_ids:
            assert d.claim(cid).id == cid
    assert len({s.id for s in d.sources}) == len(d.sources)
    assert (
        Dossier(
            title=d.title,
            sources=d.sources + d.sources,
            locations=d.locations,
            units=d.units,
            people=d.people,
            claims=d.claims,
            assessments=d.assessments,
        )
        == d
    )
