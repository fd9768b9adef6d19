"""People (#15): Person and Role in Dossier.people, who commands a unit when."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import attrs
import jsonschema
import pytest
from hypothesis import given, settings

from conflictmodels import (
    Claim,
    DanglingReferenceError,
    Dossier,
    FieldError,
    Person,
    Predicate,
    Reliability,
    Role,
    Source,
    Statement,
    TimePrecision,
    TimeSpan,
    Unit,
    ValidationError,
    dumps,
    loads,
    merge,
    reconcile,
    resolve_entities,
)
from conflictmodels.export.jsonschema import json_schema
from conflictmodels.strategies import dossiers, people


def _at(day: int) -> datetime:
    return datetime(2025, 3, day, 12, tzinfo=UTC)


_SOURCES = (
    Source(id="isw", name="Institute for the Study of War", reliability=Reliability.B),
    Source(id="sfm", name="Security Force Monitor", reliability=Reliability.B),
    Source(id="ua-gs", name="General Staff of the Armed Forces of Ukraine", party="UA", reliability=Reliability.C),
)
_BRIGADE = Unit(id="ru-810", name="810th Naval Infantry Brigade", party="RU")
_PEOPLE = (Person(id="p-petrov", name="Ivan Petrov", party="RU"), Person(id="p-sidorov", name="Oleg Sidorov"))


def _commands(cid: str, source: str, person: str, start: int, end: int) -> Claim:
    return Claim(
        id=cid,
        source_id=source,
        reported_at=_at(end),
        when=TimeSpan(start=_at(start), end=_at(end)),
        statement=Statement(predicate=Predicate.COMMANDS, person_ids=(person,), unit_ids=("ru-810",)),
    )


def _dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=_SOURCES, units=(_BRIGADE,), people=_PEOPLE, claims=claims)


def test_a_commands_statement_names_one_person_and_one_unit() -> None:
    with pytest.raises(FieldError, match="exactly one person and one unit"):
        Statement(predicate=Predicate.COMMANDS, person_ids=("a", "b"), unit_ids=("u",))
    with pytest.raises(FieldError, match="exactly one person and one unit"):
        Statement(predicate=Predicate.COMMANDS, person_ids=("a",))
    with pytest.raises(FieldError, match="only they name people"):
        Statement(predicate=Predicate.PRESENCE, party="RU", location_ids=("x",), person_ids=("a",))


def test_a_role_is_in_a_unit_or_an_organisation() -> None:
    with pytest.raises(FieldError, match=r"Role\.unit_id"):
        Role(title="Commander", unit_id="ru-810", organisation="Black Sea Fleet")


def test_references_to_people_are_checked() -> None:
    claim = _commands("c1", "isw", "p-nobody", 1, 2)
    with pytest.raises(DanglingReferenceError, match="refers to unknown person"):
        Dossier(sources=_SOURCES, units=(_BRIGADE,), people=_PEOPLE, claims=(claim,))
    with pytest.raises(DanglingReferenceError, match="refers to unknown unit"):
        Dossier(people=(Person(id="p", name="P", roles=(Role(title="Commander", unit_id="nowhere"),)),))
    d = _dossier()
    assert d.person("p-petrov").name == "Ivan Petrov"
    with pytest.raises(DanglingReferenceError, match="has no person"):
        d.person("p-nobody")


@settings(max_examples=40)
@given(people())
def test_people_round_trip(person: Person) -> None:
    assert loads(dumps(person), Person) == person
    assert person.names[0] == person.name


@settings(max_examples=25)
@given(dossiers())
def test_dossiers_with_people_round_trip(d: Dossier) -> None:
    assert loads(dumps(d), Dossier) == d


def test_claims_of_different_commanders_for_one_period_are_alternatives() -> None:
    d = _dossier(_commands("isw-1", "isw", "p-petrov", 1, 5), _commands("gs-1", "ua-gs", "p-sidorov", 1, 5))
    (a,) = reconcile(d).assessments
    assert a.statement.person_ids == ("p-petrov",)
    assert [alt.value.text for alt in a.alternatives] == ["Ivan Petrov", "Oleg Sidorov"]
    assert a.contradicting == ("gs-1",)
    assert a.valid == TimeSpan(start=_at(1), end=_at(5), precision=TimePrecision.DAY)
    said = "\n".join(a.rationale)
    assert "the commander of 810th Naval Infantry Brigade" in said
    assert "p-petrov" not in said  # people by name


def _on(y: int, m: int) -> datetime:
    return datetime(y, m, 1, tzinfo=UTC)


def test_a_handover_reads_as_one_commander_then_the_window_then_the_next() -> None:
    """ISW: Petrov January to September 2024; SFM: Sidorov June 2024 to March 2025; Reuters:
    Sidorov August to December. Petrov until June, both named until September, then Sidorov;
    never "Sidorov from 1 January 2024"."""

    def said(cid: str, source: str, person: str, start: datetime, end: datetime) -> Claim:
        return Claim(id=cid, source_id=source, reported_at=end, when=TimeSpan(start=start, end=end),
                     statement=Statement(predicate=Predicate.COMMANDS, person_ids=(person,), unit_ids=("ru-810",)))  # fmt: skip

    sources = (*_SOURCES, Source(id="reuters", name="Reuters", reliability=Reliability.B))
    d = Dossier(
        sources=sources,
        units=(_BRIGADE,),
        people=_PEOPLE,
        claims=(
            said("isw-1", "isw", "p-petrov", _on(2024, 1), _on(2024, 9)),
            said("sfm-1", "sfm", "p-sidorov", _on(2024, 6), _on(2025, 3)),
            said("reu-1", "reuters", "p-sidorov", _on(2024, 8), _on(2024, 12)),
        ),
    )
    made = sorted(reconcile(d).assessments, key=lambda a: a.valid.start if a.valid and a.valid.start else _on(1, 1))
    periods = [(a.valid.start, a.valid.end) for a in made if a.valid is not None]
    assert periods == [(_on(2024, 1), _on(2024, 6)), (_on(2024, 6), _on(2024, 9)), (_on(2024, 9), _on(2025, 3))]
    first, window, last = made
    assert first.statement.person_ids == ("p-petrov",)
    assert first.supporting == ("isw-1",)
    assert not first.contradicting
    assert [alt.value.text for alt in window.alternatives] == ["Oleg Sidorov", "Ivan Petrov"]
    assert any(
        r.startswith("[commander-handover] from 1 June 2024 to 1 September 2024 the claims name both Ivan Petrov and "
                     "Oleg Sidorov")
        for r in window.rationale
    )  # fmt: skip
    assert last.statement.person_ids == ("p-sidorov",)
    assert last.supporting == ("reu-1", "sfm-1")
    assert not last.contradicting
    assert not any(
        "from 1 January 2024" in r for a in made if a.statement.person_ids == ("p-sidorov",) for r in a.rationale
    )


def test_one_period_of_command_is_still_given_its_time() -> None:
    d = _dossier(_commands("isw-1", "isw", "p-petrov", 1, 5), _commands("sfm-1", "sfm", "p-petrov", 3, 8))
    (a,) = reconcile(d).assessments
    assert a.valid is not None
    assert (a.valid.start, a.valid.end) == (_at(1), _at(8))
    assert not any(r.startswith("[commander-") for r in a.rationale)


def test_a_role_in_a_unit_and_an_organisation_is_refused_by_the_schema_as_by_the_loader() -> None:
    validator = jsonschema.Draft202012Validator(json_schema(Person))
    both = json.loads(dumps(Person(id="p", name="P", roles=(Role(title="Commander", unit_id="u"),))))
    both["roles"][0]["organisation"] = "Black Sea Fleet"
    assert list(validator.iter_errors(both))
    with pytest.raises(ValidationError, match="not both"):
        loads(json.dumps(both), Person)
    del both["roles"][0]["organisation"]
    assert not list(validator.iter_errors(both))


def test_commanders_of_periods_that_do_not_overlap_are_a_sequence() -> None:
    d = _dossier(_commands("isw-1", "isw", "p-petrov", 1, 5), _commands("sfm-1", "sfm", "p-sidorov", 15, 18))
    made = sorted(reconcile(d).assessments, key=lambda a: str(a.valid))
    assert [a.statement.person_ids for a in made] == [("p-petrov",), ("p-sidorov",)]
    assert all(not a.contradicting for a in made)
    assert all(any(r.startswith("[commander-period]") for r in a.rationale) for a in made)
    assert len({a.id for a in made}) == 2


def test_a_denial_of_one_commander_does_not_walk_back_another() -> None:
    said = _commands("gs-1", "ua-gs", "p-petrov", 1, 5)
    other = attrs.evolve(
        _commands("gs-2", "ua-gs", "p-sidorov", 1, 5),
        reported_at=_at(7),
        statement=Statement(
            predicate=Predicate.COMMANDS, person_ids=("p-sidorov",), unit_ids=("ru-810",), negated=True
        ),
    )
    (a,) = reconcile(_dossier(said, other)).assessments
    assert "gs-1" in a.supporting


def test_merge_unites_people_and_resolution_repoints_their_units() -> None:
    a = _dossier()
    b = Dossier(people=(Person(id="p-new", name="Pavel Novikov", roles=(Role(title="Commander"),)),))
    m = merge(a, b)
    assert [p.id for p in m.people] == ["p-new", "p-petrov", "p-sidorov"]
    twin = Unit(id="ru-810-nib", name="810th Naval Infantry Brigade", party="RU", designation="810")
    d = Dossier(
        units=(attrs.evolve(_BRIGADE, designation="810"), twin),
        people=(Person(id="p", name="P", roles=(Role(title="Commander", unit_id="ru-810-nib"),)),),
    )
    r = resolve_entities(d)
    survivor = r.resolve("units", "ru-810-nib")
    assert r.dossier.person("p").roles[0].unit_id == survivor


def test_periods_of_command_do_not_depend_on_claim_order() -> None:
    claims = (
        _commands("isw-1", "isw", "p-petrov", 1, 9),
        _commands("sfm-1", "sfm", "p-sidorov", 5, 20),
        _commands("gs-1", "ua-gs", "p-sidorov", 7, 12),
        _commands("isw-2", "isw", "p-petrov", 25, 28),
    )
    forward, backward = reconcile(_dossier(*claims)), reconcile(_dossier(*claims[::-1]))
    assert dumps(forward) == dumps(backward)
    assert len(forward.assessments) == 4  # Petrov, the window, Sidorov, Petrov again
    cited = {c for a in forward.assessments for c in a.claim_ids}
    assert cited == {c.id for c in claims}
