"""Attribute values: the model, value semantics, and reconcile's choice among competing values."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Alternative,
    Assessment,
    AssessmentStatus,
    Claim,
    Dossier,
    Estimate,
    FieldError,
    Location,
    LocationKind,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    Unit,
    Value,
    dumps,
    from_dict,
    loads,
    merge,
    reconcile,
    to_dict,
)
from conflictmodels.policy import DEFAULT_POLICY
from conflictmodels.strategies import alternatives, attribute_values, with_extras
from conflictmodels.values import last_name, normalise_text, value_key, values_compatible

T0 = datetime(2025, 4, 14, 9, tzinfo=UTC)


def attribute(id: str, source: str, value: Value, *, entity: str | None = None, attribute: str = "authors",
              location_ids: tuple[str, ...] = (), unit_ids: tuple[str, ...] = (), negated: bool = False,
              hours: int = 0) -> Claim:  # fmt: skip
    return Claim(
        id=id,
        source_id=source,
        reported_at=T0 + timedelta(hours=hours),
        statement=Statement(
            predicate=Predicate.ATTRIBUTE,
            entity=entity,
            attribute=attribute,
            value=value,
            location_ids=location_ids,
            unit_ids=unit_ids,
            negated=negated,
        ),
    )


def stores(*names: str) -> tuple[Source, ...]:
    return tuple(Source(id=n, name=n.title(), kind=SourceKind.OTHER) for n in names)


def only(d: Dossier) -> Assessment:
    assert len(d.assessments) == 1, d.assessments
    return d.assessments[0]


def codes(a: Assessment) -> list[str]:
    return [r[1 : r.index("]")] for r in a.rationale]


# ------------------------------------------------------------------------- the model


@settings(max_examples=150)
@given(with_extras(attribute_values()))
def test_values_round_trip_through_json(value: Value) -> None:
    assert loads(dumps(value), Value, keep_unknown=True) == value
    assert from_dict(to_dict(value), Value, keep_unknown=True) == value


@settings(max_examples=100)
@given(alternatives())
def test_alternatives_round_trip_through_json(alt: Alternative) -> None:
    assert loads(dumps(alt), Alternative) == alt


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "a value needs one of"),
        ({"text": "Novenke", "party": "RU"}, "exactly one kind"),
        ({"names": ("Knuth",), "texts": ("x",)}, "exactly one kind"),
    ],
)
def test_a_value_has_exactly_one_kind(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(FieldError, match=message) as err:
        Value(**kwargs)  # type: ignore[arg-type]
    assert "Value.text" in str(err.value)


def test_attribute_statements_need_an_attribute_a_value_and_what_they_are_about() -> None:
    with pytest.raises(FieldError, match=r"Statement\.value: is required for attribute statements"):
        Statement(predicate=Predicate.ATTRIBUTE, entity="9780201896831", attribute="authors")
    with pytest.raises(FieldError, match="name what they are about"):
        Statement(predicate=Predicate.ATTRIBUTE, attribute="authors", value=Value(names=("Knuth",)))
    with pytest.raises(FieldError, match=r"Statement\.entity: is optional for attribute statements and only allowed"):
        Statement(predicate=Predicate.SITUATION, description="calm", entity="x")
    with pytest.raises(FieldError, match=r"Statement\.value"):
        Statement(predicate=Predicate.SITUATION, description="calm", value=Value(text="x"))


def test_the_proposition_is_the_attribute_of_the_entity_not_the_value() -> None:
    a = attribute("a", "s", Value(names=("Knuth",)), entity="9780201896831")
    b = attribute("b", "s", Value(names=("Graham",)), entity="9780201896831")
    c = attribute("c", "s", Value(names=("Knuth",)), entity="9780201896838")
    d = attribute("d", "s", Value(text="Knuth"), entity="9780201896831", attribute="publisher")
    from conflictmodels import proposition_key

    assert proposition_key(a) == proposition_key(b)
    assert len({proposition_key(x) for x in (a, c, d)}) == 3


# ------------------------------------------------------------------------ semantics


def test_author_names_compare_by_last_name_as_the_benchmark_scores_them() -> None:
    assert {last_name(n) for n in ("Knuth, Donald E.", "Donald E. Knuth", "KNUTH", "Donald Knuth (Author)")} == {
        "knuth"
    }
    assert last_name("O'Leary, Timothy J.") == "oleary"
    assert last_name("Guy L. Steele Jr.") == last_name("Steele, Guy L., Jr.") == "steele"
    one = Value(names=("Yacht, Carol", "Crosson, Susan"))
    other = Value(names=("SUSAN CROSSON", "carol yacht", "Carol Yacht"))
    assert value_key(one) == value_key(other)
    assert value_key(one) != value_key(Value(names=("Yacht, Carol",)))


def test_text_compares_without_case_diacritics_punctuation_or_spacing() -> None:
    assert normalise_text("Noven'ke") == normalise_text("  NOVENKE ")
    assert normalise_text("Zürich") == "zurich"
    assert normalise_text("Новенький") != normalise_text("Новенькии")  # й is a letter of its own
    assert value_key(Value(text="Col. Ivanov")) == value_key(Value(text="col ivanov"))
    assert value_key(Value(category="Drone")) != value_key(Value(category="drone"))  # categories are exact


def test_numbers_times_and_places_are_compatible_within_tolerance_window_and_containment() -> None:
    about = Value(number=Estimate.about(1000))
    assert values_compatible(about, Value(number=Estimate.about(1050)), tolerance=0.1)
    assert not values_compatible(about, Value(number=Estimate.about(1050)))
    assert not values_compatible(Value(number=Estimate.about(5, unit="km")), Value(number=Estimate.about(5, unit="mi")))
    t1 = Value(time=TimeSpan.instant(T0))
    t2 = Value(time=TimeSpan.instant(T0 + timedelta(minutes=4)))
    assert values_compatible(t1, t2, window=300)
    assert not values_compatible(t1, t2)
    parents = {"novenke": "sumy-oblast"}.get
    village, oblast = Value(location_ids=("novenke",)), Value(location_ids=("sumy-oblast",))
    assert values_compatible(village, oblast, parent_of=parents)
    assert not values_compatible(village, Value(location_ids=("kursk-oblast",)), parent_of=parents)


# ------------------------------------------------------------------ reconcile: properties

_POOL = [
    Value(names=("Knuth, Donald E.",)),
    Value(names=("Donald E. Knuth",)),
    Value(names=("Knuth", "Graham")),
    Value(names=("Graham, Ronald",)),
    Value(names=("Patashnik",)),
]


@st.composite
def book_dossiers(draw: st.DrawFn) -> Dossier:
    """Unrated and rated stores giving author lists for two books, some denials."""
    n_sources = draw(st.integers(1, 6))
    sources = tuple(
        Source(id=f"s{i}", name=f"Store {i}", reliability=draw(st.sampled_from([None, *Reliability])))
        for i in range(n_sources)
    )
    claims = []
    for i in range(draw(st.integers(1, 12))):
        claims.append(
            attribute(
                f"c{i:02d}",
                f"s{draw(st.integers(0, n_sources - 1))}",
                draw(st.sampled_from(_POOL)),
                entity=draw(st.sampled_from(["isbn-1", "isbn-2"])),
                negated=draw(st.integers(0, 5)) == 0,
                hours=draw(st.integers(0, 3)),
            )
        )
    return Dossier(sources=sources, claims=tuple(claims))


@settings(max_examples=120, deadline=None)
@given(book_dossiers(), st.randoms(use_true_random=False))
def test_reconcile_chooses_the_most_probable_value_independently_of_order(d: Dossier, rnd: object) -> None:
    out = reconcile(d)
    claims = list(d.claims)
    rnd.shuffle(claims)  # type: ignore[attr-defined]
    again = reconcile(attrs.evolve(d, claims=tuple(claims)))
    assert dumps(out) == dumps(again)
    for a in out.assessments:
        alts = a.alternatives
        if not alts:  # only denials left (the denial is assessed), or every claim walked back
            assert a.statement.negated or "withdrawn-only" in codes(a), a.rationale
            continue
        assert math.fsum(x.probability for x in alts) < 1.0  # some chance that no reported value is right
        assert alts[0].probability == max(x.probability for x in alts)
        if a.likelihood is not None and "self-serving-cap" not in codes(a):
            assert a.likelihood is DEFAULT_POLICY.likelihood(alts[0].probability)
        assert a.statement.value == alts[0].value
        assert set(alts[0].supporting) == set(a.supporting)
        assert [x.probability for x in alts] == sorted((x.probability for x in alts), reverse=True)
        keys = [value_key(x.value) for x in alts]
        assert len(set(keys)) == len(keys)  # each value once
        cited = {i for x in alts for i in x.supporting}
        assert cited <= set(a.claim_ids)


@settings(max_examples=40, deadline=None)
@given(book_dossiers())
def test_reconcile_is_idempotent_on_attribute_values(d: Dossier) -> None:
    once = reconcile(d)
    assert dumps(reconcile(once)) == dumps(once)


# ------------------------------------------------------------------ reconcile: domain cases


def test_who_carried_out_a_strike() -> None:
    sources = (
        Source(id="un-hrmmu", name="UN HRMMU", kind=SourceKind.INTERNATIONAL_ORGANISATION, reliability=Reliability.B),
        Source(id="bellingcat", name="Bellingcat", kind=SourceKind.NGO, reliability=Reliability.B),
        Source(
            id="ru-mod",
            name="Russian Ministry of Defence",
            kind=SourceKind.STATE_MILITARY,
            party="RU",
            reliability=Reliability.D,
        ),
    )
    claims = (
        attribute("un", "un-hrmmu", Value(party="RU"), entity="strike-2025-04-13-sumy", attribute="perpetrator"),
        attribute("bc", "bellingcat", Value(party="RU"), entity="strike-2025-04-13-sumy", attribute="perpetrator"),
        attribute("mod", "ru-mod", Value(party="UA"), entity="strike-2025-04-13-sumy", attribute="perpetrator"),
    )
    a = only(reconcile(Dossier(sources=sources, claims=claims)))
    assert a.statement.value == Value(party="RU")
    assert [x.value.party for x in a.alternatives] == ["RU", "UA"]
    assert a.alternatives[0].supporting == ("bc", "un")
    assert a.alternatives[0].independent_origins == 2
    assert a.contradicting == ("mod",)
    assert a.rationale[0].startswith("[values] 2 different values were reported for perpetrator of strike-")


def test_a_units_commander_written_two_ways_is_one_value() -> None:
    unit = Unit(id="810-brigade", name="810th Naval Infantry Brigade")
    claims = (
        attribute("a", "s1", Value(text="Col. Ivanov"), unit_ids=("810-brigade",), attribute="commander"),
        attribute("b", "s2", Value(text="col ivanov"), unit_ids=("810-brigade",), attribute="commander"),
        attribute("c", "s3", Value(text="Petrov"), unit_ids=("810-brigade",), attribute="commander"),
    )
    a = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), units=(unit,), claims=claims)))
    assert value_key(a.statement.value) == ("text", "col ivanov")  # type: ignore[arg-type]
    assert [x.supporting for x in a.alternatives] == [("a", "b"), ("c",)]
    assert "value-merged" in codes(a)


def test_a_villages_name() -> None:
    village = Location(id="novenke", name="Novenke", kind=LocationKind.SETTLEMENT)
    claims = (
        attribute("a", "s1", Value(text="Noven'ke"), location_ids=("novenke",), attribute="name"),
        attribute("b", "s2", Value(text="Novenke"), location_ids=("novenke",), attribute="name"),
        attribute("c", "s3", Value(text="Novenkoe"), location_ids=("novenke",), attribute="name"),
    )
    a = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), locations=(village,), claims=claims)))
    assert normalise_text(a.statement.value.text or "") == "novenke"  # type: ignore[union-attr]
    assert a.alternatives[0].probability > a.alternatives[1].probability
    assert a.rationale[0].startswith("[values] 2 different values were reported for name of Novenke:")


def test_a_books_author_list_with_differently_written_names() -> None:
    isbn = "9780201896831"
    claims = (
        attribute("abe", "abebooks", Value(names=("Knuth, Donald E.",)), entity=isbn),
        attribute("ali", "alibris", Value(names=("Donald E. Knuth",)), entity=isbn),
        attribute("pow", "powells", Value(names=("KNUTH",)), entity=isbn),
        attribute("tbn", "textbooksnow", Value(names=("Knuth", "Graham")), entity=isbn),
    )
    a = only(reconcile(Dossier(sources=stores("abebooks", "alibris", "powells", "textbooksnow"), claims=claims)))
    assert value_key(a.statement.value) == ("names", ("knuth",))  # type: ignore[arg-type]
    assert a.supporting == ("abe", "ali", "pow")
    assert a.independent_origins == 3
    assert a.alternatives[0].probability > 0.5
    assert value_key(a.alternatives[1].value) == ("names", ("graham", "knuth"))


def test_one_store_repeating_itself_counts_once_per_value() -> None:
    claims = (
        attribute("a1", "spam", Value(names=("Graham",)), entity="x"),
        attribute("a2", "spam", Value(names=("Graham, R.",)), entity="x"),
        attribute("a3", "spam", Value(names=("R. Graham",)), entity="x"),
        attribute("b", "s1", Value(names=("Knuth",)), entity="x"),
        attribute("c", "s2", Value(names=("Knuth",)), entity="x"),
    )
    a = only(reconcile(Dossier(sources=stores("spam", "s1", "s2"), claims=claims)))
    assert value_key(a.statement.value) == ("names", ("knuth",))  # type: ignore[arg-type]
    assert a.alternatives[1].independent_origins == 1


def test_a_tie_goes_to_the_value_that_sorts_first_whatever_the_order() -> None:
    claims = (
        attribute("a", "s1", Value(category="drone"), entity="strike-1", attribute="weapon"),
        attribute("b", "s2", Value(category="artillery"), entity="strike-1", attribute="weapon"),
    )
    for order in (claims, claims[::-1]):
        a = only(reconcile(Dossier(sources=stores("s1", "s2"), claims=order)))
        assert a.statement.value == Value(category="artillery")
        assert "value-tie" in codes(a)
        assert a.alternatives[0].probability == a.alternatives[1].probability < 0.5


def test_numbers_within_tolerance_are_one_value_and_a_place_inside_another_is_compatible() -> None:
    claims = (
        attribute("a", "s1", Value(number=Estimate.about(1000)), entity="kositsa", attribute="population"),
        attribute("b", "s2", Value(number=Estimate.about(1040)), entity="kositsa", attribute="population"),
        attribute("c", "s3", Value(number=Estimate.about(5000)), entity="kositsa", attribute="population"),
    )
    a = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), claims=claims)))
    assert [x.supporting for x in a.alternatives] == [("a", "b"), ("c",)]
    places = (
        Location(id="sumy-oblast", name="Sumy oblast", kind=LocationKind.REGION),
        Location(id="novenke", name="Novenke", kind=LocationKind.SETTLEMENT, parent_id="sumy-oblast"),
        Location(id="kursk-oblast", name="Kursk oblast", kind=LocationKind.REGION),
    )
    hq = (
        attribute("h1", "s1", Value(location_ids=("novenke",)), unit_ids=("u",), attribute="headquarters"),
        attribute("h2", "s2", Value(location_ids=("sumy-oblast",)), unit_ids=("u",), attribute="headquarters"),
        attribute("h3", "s3", Value(location_ids=("kursk-oblast",)), unit_ids=("u",), attribute="headquarters"),
    )
    unit = Unit(id="u", name="11th Air Assault Brigade")
    b = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), locations=places, units=(unit,), claims=hq)))
    assert [x.supporting for x in b.alternatives] == [("h1", "h2"), ("h3",)]


def test_a_denial_counts_against_the_value_it_denies() -> None:
    claims = (
        attribute("a", "s1", Value(party="RU"), entity="strike-1", attribute="perpetrator"),
        attribute("b", "s2", Value(party="UA"), entity="strike-1", attribute="perpetrator"),
        attribute("c", "s3", Value(party="UA"), entity="strike-1", attribute="perpetrator", negated=True),
    )
    a = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), claims=claims)))
    assert a.statement.value == Value(party="RU")
    assert a.alternatives[0].probability > a.alternatives[1].probability
    assert "value-denied" in codes(a)


def test_max_alternatives_lists_the_most_probable_and_counts_the_rest() -> None:
    claims = tuple(attribute(f"c{i}", f"s{i}", Value(text=f"name {i}"), entity="x", attribute="name") for i in range(6))
    policy = attrs.evolve(DEFAULT_POLICY, max_alternatives=2)
    a = only(reconcile(Dossier(sources=stores(*(f"s{i}" for i in range(6))), claims=claims), policy=policy))
    assert len(a.alternatives) == 2
    assert any(r.startswith("[value-alternatives] 4 more values") for r in a.rationale)
    with pytest.raises(FieldError, match="max_alternatives"):
        attrs.evolve(DEFAULT_POLICY, max_alternatives=0)


def test_a_two_to_one_vote_of_unrated_sources_names_the_value_with_a_likelihood() -> None:
    claims = (
        attribute("a", "s1", Value(category="drone"), entity="strike-1", attribute="weapon"),
        attribute("b", "s2", Value(category="drone"), entity="strike-1", attribute="weapon"),
        attribute("c", "s3", Value(category="artillery"), entity="strike-1", attribute="weapon"),
    )
    a = only(reconcile(Dossier(sources=stores("s1", "s2", "s3"), claims=claims)))
    assert a.status is AssessmentStatus.CONTESTED
    assert a.statement.value == Value(category="drone")
    assert a.likelihood is DEFAULT_POLICY.likelihood(a.alternatives[0].probability)
    assert a.likelihood is not None
    assert a.likelihood.range[0] >= 0.45  # named, and not called unlikely
    assert [x.value.category for x in a.alternatives] == ["drone", "artillery"]
    said = next(r for r in a.rationale if r.startswith("[value-likelihood] "))
    assert said.startswith("[value-likelihood] weight of evidence 0.80 for 'drone' and 0.40 for the other values")
    assert "[evidence] " not in "".join(a.rationale)


def test_a_partial_author_list_supports_the_full_one() -> None:
    # Three stores list only the first author, two the full list: the short list does
    # not contradict the full one, so the full list is chosen (by half their weight).
    full = ("Knuth", "Graham", "Patashnik")
    claims = (
        *(attribute(f"k{i}", f"k{i}", Value(names=("Knuth",)), entity="isbn") for i in range(3)),
        *(attribute(f"f{i}", f"f{i}", Value(names=full), entity="isbn") for i in range(2)),
    )
    d = Dossier(sources=stores("k0", "k1", "k2", "f0", "f1"), claims=claims)
    a = only(reconcile(d))
    assert value_key(a.statement.value) == ("names", ("graham", "knuth", "patashnik"))  # type: ignore[arg-type]
    none = attrs.evolve(DEFAULT_POLICY, value_partial_support=0.0)
    b = only(reconcile(d, policy=none))
    assert value_key(b.statement.value) == ("names", ("knuth",))  # type: ignore[arg-type]


def test_the_calibration_maps_each_values_log_odds() -> None:
    claims = (attribute("a", "s1", Value(category="drone"), entity="strike-1", attribute="weapon"),)
    d = Dossier(sources=stores("s1"), claims=claims)
    identity = attrs.evolve(DEFAULT_POLICY, value_calibration=(1.0, 0.0))
    p = only(reconcile(d, policy=identity)).alternatives[0].probability
    weight = DEFAULT_POLICY.reliability_weights[None] * DEFAULT_POLICY.kind_factors[SourceKind.OTHER]
    assert math.isclose(p, 1 / (1 + math.exp(-(DEFAULT_POLICY.prior_log_odds + weight))))  # one value: as yes/no
    doubled = attrs.evolve(DEFAULT_POLICY, value_calibration=(2.0, 0.5))
    q = only(reconcile(d, policy=doubled)).alternatives[0].probability
    assert math.isclose(math.log(q / (1 - q)), 2.0 * math.log(p / (1 - p)) + 0.5)
    bads: list[object] = [(0.0, 0.0), (1.0, math.inf), (1.0,), "1,0"]
    for bad in bads:
        with pytest.raises(FieldError, match="value_calibration"):
            attrs.evolve(DEFAULT_POLICY, value_calibration=bad)  # type: ignore[arg-type]
    with pytest.raises(FieldError, match="value_partial_support"):
        attrs.evolve(DEFAULT_POLICY, value_partial_support=1.5)


def test_merge_repoints_the_claims_of_every_alternative() -> None:
    # An analyst's assessment cites a claim that a merge folds into an identical one:
    # the alternatives follow, as supporting and contradicting do.
    c1 = attribute("c1", "s1", Value(party="RU"), entity="strike-1", attribute="perpetrator")
    c2 = attribute("c2", "s2", Value(party="UA"), entity="strike-1", attribute="perpetrator")
    dup = attrs.evolve(c1, id="c9")
    alternatives = (
        Alternative(value=Value(party="RU"), probability=0.7, supporting=("c1", "c9"), independent_origins=2),
        Alternative(value=Value(party="UA"), probability=0.2, supporting=("c2",), independent_origins=1),
    )
    mine = Assessment(
        id="analyst-1", statement=c1.statement, status=AssessmentStatus.UNVERIFIED, supporting=("c9",),
        contradicting=("c2",), assessed_at=T0, assessed_by="analyst", alternatives=alternatives,
    )  # fmt: skip
    a = Dossier(sources=stores("s1", "s2"), claims=(c1, c2))
    b = Dossier(sources=stores("s1", "s2"), claims=(c1, dup, c2), assessments=(mine,))
    merged = merge(a, b)
    got = next(x for x in merged.assessments if x.id == "analyst-1")
    assert got.supporting == ("c1",)
    assert [x.supporting for x in got.alternatives] == [("c1",), ("c2",)]
    assert got.alternatives[0].independent_origins == 1
