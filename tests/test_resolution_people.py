"""Entity resolution of people (issue #15, item 5): two records of one commander become one.

A commander reaches a dossier as "Lt. Gen. Apti Alaudinov", "Аптий Алаудинов" and
"Apti Alaudinov"; namesakes, relatives and the other side's officers share parts of such
names. People merge like the other kinds (blocking on name keys, hard rules, the
smallest id survives, references re-pointed), and more cautiously: a surname alone never
merges, and a name needs a party or a role to corroborate it.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflictmodels.resolution as resolution
from _support import examples
from conflictmodels import (
    Claim,
    Dossier,
    FieldError,
    Person,
    Predicate,
    Reliability,
    Role,
    Source,
    Statement,
    TimeSpan,
    Unit,
    reconcile,
)
from conflictmodels.names import person_keys, person_name_parts
from conflictmodels.references import references
from conflictmodels.resolution import PersonRules, Resolution, ResolutionPolicy, match_people, resolve_entities


def day(d: int, month: int = 3) -> datetime:
    return datetime(2025, month, d, tzinfo=UTC)


GENERAL = Person(
    id="p-alaudinov",
    name="Lt. Gen. Apti Alaudinov",
    aliases=("Аптий Алаудинов",),
    party="RU",
    roles=(Role(title="Commander", unit_id="akhmat", during=TimeSpan(start=day(1, 1))),),
)
AKHMAT = Unit(id="akhmat", name="Akhmat Special Forces", party="RU")


def _commands(cid: str, source: str, person: str, unit: str = "akhmat") -> Claim:
    return Claim(
        id=cid,
        source_id=source,
        reported_at=day(9),
        when=TimeSpan(start=day(1), end=day(9)),
        statement=Statement(predicate=Predicate.COMMANDS, person_ids=(person,), unit_ids=(unit,)),
    )


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lt. Gen. Apti Alaudinov", "Apti Alaudinov"),
        ("Аптий Алаудинов", "Apti Alaudinov"),
        ("генерал-лейтенант Апти Алаудинов", "Alaudinov Apti"),
        ("Colonel Sergei Ivanov", "полковник Сергей Иванов"),
        ("Serhii Ivanov", "Sergey Ivanov"),
        ("Олександр Сирський", "Col. Gen. Aleksandr Syrsky"),
        ("Oleksandr Syrskyi", "Alexander Syrskiy"),
        ("Valery Gerasimov", "Валерий Герасимов"),
        ("Капитан 1-го ранга Иван Петров", "Ivan Petrov"),
        ("Apti Aronovich Alaudinov", "Apti Alaudinov"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert person_keys(a) & person_keys(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Apti Alaudinov", "Ruslan Alaudinov"),
        ("Apti Alaudinov", "Alaudinov"),
        ("Apti Alaudinov", "A. Alaudinov"),
        ("Sergei Ivanov", "Sergei Ivanovich"),
        ("John Major", "John"),  # a rank word is dropped only at the front
    ],
)
def test_different_names_share_no_key(a: str, b: str) -> None:
    assert not person_keys(a) & person_keys(b)


def test_keys_stay_few_for_any_name() -> None:
    long = "Полковник " + " ".join(["Михаил Хадаковский Сергеевич"] * 50)
    assert 1 <= len(person_keys(long)) <= 8
    assert not person_keys("...")


def test_patronymics_in_russian_and_ukrainian_agree() -> None:
    ru, uk = person_name_parts("Иван Сергеевич Петренко"), person_name_parts("Іван Сергійович Петренко")
    assert ru.patronymic_key == uk.patronymic_key is not None
    assert person_name_parts("Ivan Petrovich Petrenko").patronymic_key != ru.patronymic_key


# --------------------------------------------------------------------- domain cases


def test_a_commander_with_a_rank_and_a_cyrillic_alias_is_one_person() -> None:
    other = Person(id="p-z", name="Apti Alaudinov", party="RU")
    r = resolve_entities(Dossier(units=(AKHMAT,), people=(other, GENERAL)))
    assert dict(r.mapping["people"]) == {"p-z": "p-alaudinov"}
    (merged,) = r.dossier.people
    assert merged.id == "p-alaudinov"  # the smallest id survives, as for every kind
    assert merged.name == "Lt. Gen. Apti Alaudinov"
    assert merged.aliases == ("Аптий Алаудинов", "Apti Alaudinov")
    assert merged.roles == GENERAL.roles
    (d,) = r.merges
    assert d.kind == "people"
    assert d.reasons == (
        "names 'Lt. Gen. Apti Alaudinov' and 'Apti Alaudinov' share the key 'alaudinov apti'",
        "same party RU",
    )
    assert r.absorbed("people", "p-alaudinov") == ("p-z",)


def test_two_people_with_one_surname_stay_apart() -> None:
    brother = Person(id="p-ruslan", name="Ruslan Alaudinov", party="RU", roles=GENERAL.roles)
    r = resolve_entities(Dossier(units=(AKHMAT,), people=(GENERAL, brother)))
    assert len(r.dossier.people) == 2
    assert not r.mapping["people"]


def test_a_surname_alone_never_merges() -> None:
    a = Person(id="p-1", name="Alaudinov", party="RU", roles=GENERAL.roles)
    b = Person(id="p-2", name="Алаудинов", party="RU", roles=GENERAL.roles)
    r = resolve_entities(Dossier(units=(AKHMAT,), people=(a, b)))
    assert not r.mapping["people"]
    (d,) = r.possible
    assert d.reasons[-1] == (
        "possible match, not merged: the names share only 1 word ('alaudinov'), fewer than 2: a surname or a "
        "call sign alone identifies no one (same name is not same person)"
    )
    # Nor does it when the policy asks for nothing but the name.
    loose = ResolutionPolicy(people=PersonRules(require_corroboration=False))
    assert not resolve_entities(Dossier(units=(AKHMAT,), people=(a, b)), loose).mapping["people"]


def test_initials_are_not_words() -> None:
    a, b = Person(id="p-1", name="A. Alaudinov", party="RU"), Person(id="p-2", name="A Alaudinov", party="RU")
    d = match_people(a, b)
    assert (d.merge, d.possible) == (False, True)


def test_the_same_name_in_two_parties_is_two_people() -> None:
    ua = Person(id="p-ua", name="Serhii Ivanov", party="UA")
    ru = Person(id="p-ru", name="Colonel Sergei Ivanov", party="RU")
    d = match_people(ua, ru)
    assert d.merge is False
    assert d.vetoes == ("different parties RU / UA",)
    assert not resolve_entities(Dossier(people=(ua, ru))).mapping["people"]


def test_a_name_alone_is_a_possible_match_for_an_analyst() -> None:
    a = Person(id="p-1", name="Apti Alaudinov")
    b = Person(id="p-2", name="Аптий Алаудинов", party="RU")
    r = resolve_entities(Dossier(people=(a, b)))
    assert not r.mapping["people"]
    assert [d.ids for d in r.possible] == [("p-1", "p-2")]
    assert r.possible[0].reasons[-1] == (
        "possible match, not merged: nothing but the name agrees (no shared party, unit or organisation), "
        "and namesakes exist"
    )
    loose = ResolutionPolicy(people=PersonRules(require_corroboration=False))
    assert dict(resolve_entities(Dossier(people=(a, b)), loose).mapping["people"]) == {"p-2": "p-1"}


def test_a_shared_role_corroborates_a_name_without_a_party() -> None:
    a = Person(id="p-1", name="Apti Alaudinov", roles=(Role(title="Commander", unit_id="akhmat"),))
    b = Person(id="p-2", name="Аптий Алаудинов", roles=(Role(title="Deputy commander", unit_id="akhmat"),))
    r = resolve_entities(Dossier(units=(AKHMAT,), people=(a, b)))
    assert dict(r.mapping["people"]) == {"p-2": "p-1"}
    assert "both held a position in the unit akhmat" in r.merges[0].reasons
    org = Person(id="p-3", name="Valery Gerasimov", roles=(Role(title="Chief", organisation="General Staff"),))
    same = Person(id="p-4", name="Валерий Герасимов", roles=(Role(title="CGS", organisation="general staff"),))
    assert match_people(org, same).merge


def test_different_patronymics_are_different_fathers() -> None:
    a = Person(id="p-1", name="Apti Aronovich Alaudinov", party="RU")
    b = Person(id="p-2", name="Apti Alaudinov", party="RU")
    c = Person(id="p-3", name="Apti Ivanovich Alaudinov", party="RU")
    assert match_people(a, b).merge
    assert match_people(a, c).vetoes == ("different patronymics aronovich / ivanovich",)
    # b alone would join either; the group never holds both fathers.
    r = resolve_entities(Dossier(people=(a, b, c)))
    assert dict(r.mapping["people"]) == {"p-2": "p-1"}
    vetoed = next(d for d in r.decisions if d.ids == ("p-2", "p-3"))
    assert vetoed.vetoes == ("would put p-1 and p-3 in one group, but different patronymics aronovich / ivanovich",)


def test_a_merged_person_is_re_pointed_in_commands_claims() -> None:
    sources = (
        Source(id="isw", name="ISW", reliability=Reliability.B),
        Source(id="sfm", name="Security Force Monitor", reliability=Reliability.B),
    )
    duplicate = Person(id="p-z", name="Apti Alaudinov", party="RU")
    d = Dossier(
        sources=sources,
        units=(AKHMAT,),
        people=(GENERAL, duplicate),
        claims=(_commands("c1", "isw", "p-z"), _commands("c2", "sfm", "p-alaudinov")),
    )
    r = resolve_entities(d)
    assert [c.statement.person_ids for c in r.dossier.claims] == [("p-alaudinov",), ("p-alaudinov",)]
    result = reconcile(d)
    (commander,) = [a for a in result.assessments if a.statement.predicate is Predicate.COMMANDS]
    assert commander.statement.person_ids == ("p-alaudinov",)
    assert sorted(commander.supporting) == ["c1", "c2"]  # one person, two independent sources
    assert commander.independent_origins == 2
    assert "'Lt. Gen. Apti Alaudinov'" in commander.rationale[0]


def test_roles_are_united_without_duplicates_and_follow_their_units() -> None:
    marines = Unit(id="ru-810", name="810th Naval Infantry Brigade", party="RU")
    marines_2 = Unit(id="ru-810-b", name="810th Guards Separate Marine Brigade", party="RU")
    span = TimeSpan(start=day(1, 1), end=day(1, 6))
    a = Person(
        id="p-a",
        name="Col. Mikhail Gudkov",
        party="RU",
        roles=(Role(title="Commander", unit_id="ru-810", during=span), Role(title="Commander", unit_id="ru-810")),
    )
    b = Person(
        id="p-b",
        name="Михаил Гудков",
        party="RU",
        roles=(
            Role(title="commander", unit_id="ru-810-b", during=span),  # the same role, once the units are one
            Role(title="Deputy Commander-in-Chief of the Navy", organisation="Russian Navy"),
        ),
    )
    r = resolve_entities(Dossier(units=(marines, marines_2), people=(b, a)))
    assert dict(r.mapping["units"]) == {"ru-810-b": "ru-810"}
    assert dict(r.mapping["people"]) == {"p-b": "p-a"}
    (merged,) = r.dossier.people
    assert merged.roles == (
        Role(title="Commander", unit_id="ru-810", during=span),
        Role(title="Deputy Commander-in-Chief of the Navy", organisation="Russian Navy"),
    )


def test_person_rules_are_validated() -> None:
    with pytest.raises(FieldError, match="min_name_words"):
        PersonRules(min_name_words=0)
    with pytest.raises(FieldError, match="threshold"):
        PersonRules(threshold=1.5)
    with pytest.raises(FieldError, match="party_weight"):
        PersonRules(party_weight=-0.1)
    with pytest.raises(FieldError, match="require_corroboration"):
        PersonRules(require_corroboration="yes")  # type: ignore[arg-type]
    with pytest.raises(FieldError, match="people"):
        ResolutionPolicy(people=None)  # type: ignore[arg-type]


# ------------------------------------------------------------------ property tests

_NAMES = (
    ("Apti Alaudinov",),
    ("Lt. Gen. Apti Alaudinov", "Аптий Алаудинов"),
    ("Apti Aronovich Alaudinov",),
    ("Apti Ivanovich Alaudinov",),
    ("Alaudinov",),
    ("Ruslan Alaudinov",),
    ("Полковник Сергей Иванов",),
    ("Serhii Ivanov", "Sergei Ivanov"),
    ("Ivanov",),
    ("Madyar", "Robert Brovdi"),
)
_UNITS = (
    Unit(id="U0", name="810th Naval Infantry Brigade", party="RU"),
    Unit(id="U1", name="810th Guards Separate Marine Brigade", party="RU"),
    Unit(id="U2", name="Akhmat Special Forces", party="RU"),
)
_SPANS = (None, TimeSpan(start=day(1, 1), end=day(1, 6)), TimeSpan(start=day(1, 6)))


@st.composite
def people_dossiers(draw: st.DrawFn) -> Dossier:
    """Small dossiers of people drawn from few names, parties and roles, with COMMANDS claims."""
    n = draw(st.integers(1, 7))
    people = []
    for i in range(n):
        names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=2, unique=True))
        flat = list(dict.fromkeys(x for group in names for x in group))
        roles = []
        for _ in range(draw(st.integers(0, 2))):
            during = draw(st.sampled_from(_SPANS))
            if draw(st.booleans()):
                roles.append(Role(title="Commander", unit_id=draw(st.sampled_from(_UNITS)).id, during=during))
            else:
                roles.append(Role(title="Chief", organisation=draw(st.sampled_from(["MoD", "General Staff"]))))
        people.append(
            Person(
                id=f"P{i}",
                name=flat[0],
                aliases=tuple(flat[1:]),
                party=draw(st.sampled_from([None, "RU", "UA"])),
                roles=tuple(roles),
            )
        )
    claims = tuple(_commands(f"C{i}", "S0", p.id, draw(st.sampled_from(_UNITS)).id) for i, p in enumerate(people))
    return Dossier(sources=(Source(id="S0", name="ISW"),), units=_UNITS, people=tuple(people), claims=claims)


def _by_id(items: Sequence[Any]) -> list[Any]:
    return sorted(items, key=lambda e: e.id)


@settings(max_examples=examples(300), deadline=None)
@given(people_dossiers(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(d: Dossier, rnd: Any) -> None:
    shuffled = attrs.evolve(
        d,
        people=tuple(rnd.sample(d.people, len(d.people))),
        units=tuple(rnd.sample(d.units, len(d.units))),
        claims=tuple(rnd.sample(d.claims, len(d.claims))),
    )
    a, b = resolve_entities(d), resolve_entities(shuffled)
    assert a.mapping == b.mapping
    assert a.decisions == b.decisions
    assert _by_id(a.dossier.people) == _by_id(b.dossier.people)
    assert _by_id(a.dossier.claims) == _by_id(b.dossier.claims)


@settings(max_examples=examples(300), deadline=None)
@given(people_dossiers())
def test_resolution_is_idempotent(d: Dossier) -> None:
    once = resolve_entities(d)
    twice = resolve_entities(once.dossier)
    assert twice.dossier == once.dossier
    assert not twice.mapping["people"]


def _groups(r: Resolution, items: Sequence[Person]) -> list[list[Person]]:
    groups: dict[str, list[Person]] = {}
    for item in items:
        groups.setdefault(r.resolve("people", item.id), []).append(item)
    return list(groups.values())


@settings(max_examples=examples(300), deadline=None)
@given(people_dossiers())
def test_no_reference_is_left_dangling_and_every_id_is_traceable(d: Dossier) -> None:
    r = resolve_entities(d)
    index = {kind: {e.id for e in getattr(r.dossier, kind)} for kind in ("sources", "units", "people", "claims")}
    for kind, _, ref in references(r.dossier):
        assert ref in index[kind]
    before = {p.id for p in d.people}
    after = index["people"]
    mapping = r.mapping["people"]
    assert after | set(mapping) == before
    assert not after & set(mapping)
    assert all(new < old and new in after for old, new in mapping.items())  # the smallest id survives
    for survivor in after:
        merged = r.dossier.person(survivor)
        originals = [p for p in d.people if r.resolve("people", p.id) == survivor]
        names = {n for p in originals for n in p.names}
        assert set(merged.names) <= names  # nothing invented
        if len(originals) > 1:
            assert len(merged.roles) == len(set(merged.roles))  # roles united without repeats


@settings(max_examples=examples(300), deadline=None)
@given(people_dossiers())
def test_never_merges_what_the_policy_forbids(d: Dossier) -> None:
    r = resolve_entities(d)
    for group in _groups(r, d.people):
        for a, b in itertools.combinations(group, 2):
            assert a.party is None or b.party is None or a.party == b.party
            pa = {person_name_parts(n).patronymic_key for n in a.names} - {None}
            pb = {person_name_parts(n).patronymic_key for n in b.names} - {None}
            assert len(pa) != 1 or len(pb) != 1 or pa == pb
        if len(group) > 1:  # something beyond a surname: a key of two words links the group
            assert all(any(len(k.split()) >= 2 for n in p.names for k in person_keys(n)) for p in group)


TINY = ResolutionPolicy(max_block=2)


@settings(max_examples=examples(300), deadline=None)
@given(people_dossiers())
def test_oversized_blocks_and_group_summaries_decide_as_pair_by_pair_checks(d: Dossier) -> None:
    saved = resolution._PAIRWISE_GROUP_CHECK
    try:
        resolution._PAIRWISE_GROUP_CHECK = sys.maxsize
        pairwise = resolve_entities(d)
        resolution._PAIRWISE_GROUP_CHECK = 0
        summarised = resolve_entities(d)
    finally:
        resolution._PAIRWISE_GROUP_CHECK = saved
    assert summarised.mapping == pairwise.mapping
    assert summarised.dossier == pairwise.dossier
    tiny = resolve_entities(d, TINY)  # may miss merges, never makes a forbidden one
    for group in _groups(tiny, d.people):
        for a, b in itertools.combinations(group, 2):
            assert a.party is None or b.party is None or a.party == b.party
    assert resolve_entities(tiny.dossier, TINY).dossier == tiny.dossier


def test_a_record_whose_names_give_two_fathers_is_never_merged() -> None:
    muddled = Person(id="p-1", name="Apti Aronovich Alaudinov", aliases=("Apti Ivanovich Alaudinov",), party="RU")
    d = match_people(muddled, Person(id="p-2", name="Apti Alaudinov", party="RU"))
    assert d.vetoes == ("the names of p-1 give two patronymics (aronovich / ivanovich)",)


def test_person_rules_are_part_of_the_resolution_policy() -> None:
    from conflictmodels import policy

    assert resolution.PersonRules is policy.PersonRules
    assert "PersonRules" in resolution.__all__
    assert "match_people" in resolution.__all__
    assert resolution.DEFAULT_RESOLUTION_POLICY.people == PersonRules()
    strict = ResolutionPolicy(people=PersonRules(threshold=0.95))
    assert not match_people(GENERAL, Person(id="p-2", name="Apti Alaudinov", party="RU"), strict).merge


def test_namesakes_commanding_two_units_in_one_year_stay_two_people() -> None:
    # Two RU "Aleksandr Ivanov" records: a party in common is weak evidence in an army of a
    # million, and each commanded a different brigade over the same year: two people.
    year = TimeSpan(start=datetime(2024, 1, 1, tzinfo=UTC), end=datetime(2024, 12, 31, tzinfo=UTC))
    first = Person(
        id="p1", name="Aleksandr Ivanov", party="RU", roles=(Role(title="commander", unit_id="u1", during=year),)
    )
    second = Person(
        id="p2", name="Aleksandr Ivanov", party="RU", roles=(Role(title="commander", unit_id="u2", during=year),)
    )
    decision = match_people(first, second)
    assert not decision.merge
    assert decision.possible
    assert "posts in different units at the same time (the units u1 and u2)" in str(decision.reasons)
    # The same unit (or undated posts) proves nothing against one person.
    again = Person(
        id="p3", name="Aleksandr Ivanov", party="RU", roles=(Role(title="commander", unit_id="u1", during=year),)
    )
    assert match_people(first, again).merge
    undated = Person(id="p4", name="Aleksandr Ivanov", party="RU", roles=(Role(title="commander", unit_id="u2"),))
    assert match_people(first, undated).merge
