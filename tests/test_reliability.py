"""Learned source reliability: accuracies close to the true ones, laws, copy detection, JSON."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Claim,
    Dossier,
    Likelihood,
    Predicate,
    Reliability,
    Source,
    Statement,
    Value,
    dumps,
    loads,
    reconcile,
)
from conflictmodels.errors import FieldError
from conflictmodels.policy import DEFAULT_POLICY, LearningRules
from conflictmodels.reliability import (
    CopyFinding,
    ReliabilityModel,
    SourceAccuracy,
    grade_for,
    learn_reliability,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def claim(source: str, item: int, value: str, *, attribute: str = "value") -> Claim:
    return Claim(
        id=f"{source}-{attribute}-{item}",
        source_id=source,
        reported_at=T0,
        statement=Statement(
            predicate=Predicate.ATTRIBUTE, entity=f"item-{item}", attribute=attribute, value=Value(category=value)
        ),
    )


def world(
    accuracies: dict[str, float],
    items: int,
    *,
    seed: int = 1,
    false_values: int = 5,
    copiers: dict[str, str] | None = None,
    grades: dict[str, Reliability] | None = None,
) -> Dossier:
    """Every source gives a value for every item: the true one ("t") with its accuracy,
    else one of ``false_values`` false ones; a copier repeats its original's value."""
    rng = random.Random(seed)
    claims: list[Claim] = []
    for i in range(items):
        said = {}
        for s in sorted(accuracies):
            said[s] = "t" if rng.random() < accuracies[s] else f"f{rng.randint(1, false_values)}"
        for copier, original in (copiers or {}).items():
            said[copier] = said[original]
        claims.extend(claim(s, i, v) for s, v in said.items())
    ids = sorted({*accuracies, *(copiers or {})})
    sources = tuple(Source(id=s, name=s.replace("-", " ").title(), reliability=(grades or {}).get(s)) for s in ids)
    return Dossier(sources=sources, claims=tuple(claims))


def learned(model: ReliabilityModel) -> dict[str, float]:
    return {a.source_id: a.accuracy for a in model.accuracies}


# ------------------------------------------------------------------ close to the truth


@settings(max_examples=10, deadline=None)
@given(
    accuracies=st.lists(st.floats(0.65, 0.97), min_size=5, max_size=8),
    seed=st.integers(0, 10_000),
)
def test_learned_accuracies_come_close_to_the_true_ones(accuracies: list[float], seed: int) -> None:
    # Sources better than chance, enough items: the accuracies are identifiable from agreement alone.
    true = {f"source-{i}": a for i, a in enumerate(accuracies)}
    model = learn_reliability(world(true, 600, seed=seed), copies=False)  # 300 leaves 3.6-sigma noise
    got = learned(model)
    for s, a in true.items():
        assert abs(got[s] - a) < 0.1, (s, a, got[s])


def test_a_sloppy_store_is_found_out_and_outvoted() -> None:
    true = {"good-a": 0.95, "good-b": 0.9, "sloppy-c": 0.4, "sloppy-d": 0.4, "sloppy-e": 0.4}
    model = learn_reliability(world(true, 400, false_values=2), copies=False)
    got = learned(model)
    assert model.converged
    assert got["good-a"] > 0.85
    assert got["good-b"] > 0.8
    assert all(got[s] < 0.55 for s in ("sloppy-c", "sloppy-d", "sloppy-e"))
    good = model.accuracy("good-a")
    assert good is not None
    assert good.grade in (Reliability.A, Reliability.B)


def test_a_one_claim_source_stays_near_its_prior() -> None:
    d = world({"a": 0.9, "b": 0.9, "c": 0.9}, 50)
    lone = claim("lone", 0, "f3")
    d = attrs.evolve(d, sources=(*d.sources, Source(id="lone", name="Lone")), claims=(*d.claims, lone))
    acc = learn_reliability(d).accuracy("lone")
    assert acc is not None
    assert acc.claims == 1
    assert 0.45 < acc.accuracy < 0.8  # pulled down by its one wrong value, held up by the prior
    assert acc.grade is Reliability.F  # too few claims to judge
    assert acc.low < acc.accuracy < acc.high


def test_a_grade_is_a_prior_that_data_can_overturn() -> None:
    true = {"a": 0.9, "b": 0.9, "c": 0.9, "graded-but-bad": 0.3}
    model = learn_reliability(world(true, 200, grades={"graded-but-bad": Reliability.A}), copies=False)
    acc = model.accuracy("graded-but-bad")
    assert acc is not None
    assert acc.prior is Reliability.A
    assert acc.accuracy < 0.5


def test_sources_under_a_parent_are_learned_as_their_parent() -> None:
    d = world({"outlet": 0.9, "b": 0.8, "c": 0.8}, 30)
    reporter = Source(id="reporter", name="Reporter", parent_id="outlet")
    extra = [attrs.evolve(claim("reporter", i, "t"), id=f"rep-{i}") for i in range(100, 110)]
    d = attrs.evolve(d, sources=(*d.sources, reporter), claims=(*d.claims, *extra))
    model = learn_reliability(d)
    assert model.accuracy("reporter") is None
    outlet = model.accuracy("outlet")
    assert outlet is not None
    assert outlet.claims == 40


def test_partial_author_lists_support_the_full_one() -> None:
    def names(source: str, book: int, *people: str) -> Claim:
        return Claim(
            id=f"{source}-{book}", source_id=source, reported_at=T0,
            statement=Statement(predicate=Predicate.ATTRIBUTE, entity=f"book-{book}", attribute="authors",
                                value=Value(names=people)),
        )  # fmt: skip

    claims = [names(s, b, "Han, Jiawei") for s in ("first-only-1", "first-only-2", "first-only-3") for b in range(3)]
    claims += [names(s, b, "Jiawei Han", "Micheline Kamber") for s in ("full-1", "full-2") for b in range(3)]
    d = Dossier(
        sources=tuple(Source(id=s, name=s) for s in sorted({c.source_id for c in claims})), claims=tuple(claims)
    )
    got = learned(learn_reliability(d))
    assert got["full-1"] > got["first-only-1"]


# ------------------------------------------------------------------ laws


def test_order_of_claims_and_sources_does_not_matter() -> None:
    d = world({"a": 0.9, "b": 0.7, "c": 0.6, "d": 0.8}, 80, copiers={"e": "c"})
    shuffled = list(d.claims)
    random.Random(3).shuffle(shuffled)
    e = attrs.evolve(d, claims=tuple(shuffled), sources=tuple(reversed(d.sources)))
    assert learn_reliability(d) == learn_reliability(e)
    assert dumps(learn_reliability(d)) == dumps(learn_reliability(e))


def test_learning_is_deterministic_and_merge_idempotent() -> None:
    from conflictmodels.reconciliation import merge

    d = world({"a": 0.9, "b": 0.7, "c": 0.6}, 40)
    assert learn_reliability(d) == learn_reliability(d)
    assert learn_reliability(merge(d, d)) == learn_reliability(d)


def test_json_round_trip() -> None:
    d = world({"a": 0.9, "b": 0.7, "c": 0.6, "d": 0.8}, 120, copiers={"e": "c"})
    model = learn_reliability(d, by="topic")
    assert loads(dumps(model), ReliabilityModel) == model


# ------------------------------------------------------------------ copies


def test_copy_detection_finds_a_planted_copier_and_not_independent_good_sources() -> None:
    true = {"a": 0.9, "b": 0.9, "c": 0.85, "d": 0.6, "copier": 0.5}
    model = learn_reliability(world(true, 300, copiers={"copier": "d"}))
    assert [f.source_ids for f in model.copies] == [("copier", "d")]
    finding = model.copies[0]
    assert finding.shared_false > finding.expected
    assert finding.evidence > 6.9
    assert finding.claim_ids
    assert model.family("a") == ("a",)


def test_independent_sources_are_not_flagged() -> None:
    model = learn_reliability(world({"a": 0.9, "b": 0.8, "c": 0.7, "d": 0.6, "e": 0.6}, 300, false_values=3))
    assert model.copies == ()


def test_a_rejected_family_is_not_reported_again() -> None:
    d = world({"a": 0.9, "b": 0.9, "c": 0.85, "d": 0.6, "copier": 0.5}, 200, copiers={"copier": "d"})
    assert learn_reliability(d).copies
    assert learn_reliability(d, ignore_copies=[("d", "copier")]).copies == ()


# ------------------------------------------------------------------ splits, errors, mapping


def test_split_by_topic_learns_one_accuracy_per_attribute() -> None:
    rng = random.Random(5)
    claims = []
    for i in range(150):
        for s, good_at in (("map", "front"), ("agency", "casualties"), ("third", "both")):
            for attribute in ("front", "casualties"):
                good = good_at in (attribute, "both")
                value = "t" if rng.random() < (0.95 if good else 0.4) else f"f{rng.randint(1, 4)}"
                claims.append(claim(s, i, value, attribute=attribute))
    claims += [claim("fourth", i, "t", attribute=a) for i in range(150) for a in ("front", "casualties")]
    d = Dossier(sources=tuple(Source(id=s, name=s) for s in ("agency", "fourth", "map", "third")), claims=tuple(claims))
    model = learn_reliability(d, by="topic")
    front = model.accuracy("map", "topic=attribute:front")
    casualties = model.accuracy("map", "topic=attribute:casualties")
    assert front is not None
    assert casualties is not None
    assert front.accuracy > 0.85 > 0.6 > casualties.accuracy


def test_bad_arguments_are_refused_by_name() -> None:
    with pytest.raises(FieldError, match="by"):
        learn_reliability(Dossier(), by="week")
    with pytest.raises(FieldError, match="window_days"):
        learn_reliability(Dossier(), by="window", window_days=0)
    with pytest.raises(FieldError, match="partial_support"):
        LearningRules(partial_support=2.0)
    with pytest.raises(FieldError, match="low"):
        SourceAccuracy(source_id="x", accuracy=0.5, low=0.6, high=0.7, grade=Reliability.C)
    with pytest.raises(FieldError, match="source_ids"):
        CopyFinding(source_ids=("alone",))


def test_an_empty_dossier_learns_an_empty_model() -> None:
    model = learn_reliability(Dossier())
    assert model.accuracies == ()
    assert model.copies == ()


@pytest.mark.parametrize(
    ("accuracy", "claims", "grade"),
    [(0.95, 50, "A"), (0.9, 50, "A"), (0.85, 50, "B"), (0.7, 50, "C"), (0.62, 50, "D"), (0.3, 50, "E"), (0.99, 2, "F")],
)
def test_accuracy_maps_to_a_grade(accuracy: float, claims: int, grade: str) -> None:
    assert grade_for(accuracy, claims).value == grade


# ------------------------------------------------------------------ reconcile with the model


def answers(d: Dossier) -> dict[str, tuple[str, Likelihood | None]]:
    """Each item's reconciled value and likelihood."""
    out = {}
    for a in d.assessments:
        assert a.statement.entity is not None
        assert a.statement.value is not None
        out[a.statement.entity] = (a.statement.value.category or "", a.likelihood)
    return out


def majority(d: Dossier) -> dict[str, str]:
    """The most frequent value per item (ties to the value that sorts first)."""
    votes: dict[str, Counter[str]] = {}
    for c in d.claims:
        assert c.statement.entity is not None
        assert c.statement.value is not None
        votes.setdefault(c.statement.entity, Counter())[c.statement.value.category or ""] += 1
    return {k: min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0] for k, v in votes.items()}


def test_reconcile_with_the_learned_model_beats_majority_vote() -> None:
    # Two good sources against three sloppy ones that share their favourite false value
    # often enough to outvote the good ones: the majority is wrong where they agree.
    true = {"good-a": 0.95, "good-b": 0.9, "sloppy-c": 0.45, "sloppy-d": 0.45, "sloppy-e": 0.45}
    d = world(true, 300, false_values=2, seed=3)
    mv = majority(d)
    plain = answers(reconcile(d))
    model = learn_reliability(d, copies=False)
    learned_answers = answers(reconcile(d, reliability=model))
    right = {name: sum(v == "t" for v in got.values()) / 300 for name, got in
             (("majority", mv), ("plain", {k: v[0] for k, v in plain.items()}),
              ("learned", {k: v[0] for k, v in learned_answers.items()}))}  # fmt: skip
    assert right["learned"] > right["majority"] + 0.1, right
    assert right["learned"] > right["plain"] + 0.1, right
    assert right["learned"] > 0.9, right


def test_higher_likelihood_bands_are_right_more_often() -> None:
    # Sources of mixed accuracy, a few per item: the answers spread over the bands, and
    # each band is right at least as often as the band below it (bands with 30+ answers).
    rng = random.Random(11)
    true = {f"s{i}": rng.uniform(0.4, 0.95) for i in range(12)}
    claims = []
    for i in range(1500):
        for s in rng.sample(sorted(true), rng.randint(1, 5)):
            claims.append(claim(s, i, "t" if rng.random() < true[s] else f"f{rng.randint(1, 3)}"))
    d = Dossier(sources=tuple(Source(id=s, name=s) for s in sorted(true)), claims=tuple(claims))
    got = answers(reconcile(d, reliability=learn_reliability(d, copies=False)))
    tally: dict[Likelihood, list[int]] = {}
    for value, band in got.values():
        if band is not None:
            t = tally.setdefault(band, [0, 0])
            t[0] += 1
            t[1] += value == "t"
    rates = [tally[band][1] / tally[band][0] for band in Likelihood if tally.get(band, [0])[0] >= 30]
    assert len(rates) >= 3, tally
    assert rates == sorted(rates), tally
    assert rates[-1] > 0.9, tally
    assert rates[0] < 0.8, tally


def test_learned_weights_are_scaled_by_the_policy() -> None:
    d = world({"a": 0.9, "b": 0.9, "c": 0.6}, 60)
    model = learn_reliability(d, copies=False)
    c = model.accuracy("c")
    assert c is not None
    for scale in (1.0, 0.5):
        policy = attrs.evolve(DEFAULT_POLICY, learning=attrs.evolve(DEFAULT_POLICY.learning, weight_scale=scale))
        a = reconcile(d, reliability=model, policy=policy).assessments[0]
        said = [r for r in a.rationale if r.startswith("[learned-reliability] C ")]
        assert said == [f"[learned-reliability] C weighted by its learned accuracy, {c.accuracy:.2f} from 60 claims: "
                        f"weight {c.weight * scale:.2f}"], a.rationale  # fmt: skip
    with pytest.raises(FieldError, match="weight_scale"):
        LearningRules(weight_scale=0.0)


# ------------------------------------------------------------------ sums that partitions add up exactly


@given(
    st.lists(st.floats(0.0, 1.0), max_size=60) | st.lists(st.sampled_from([1e-300, 0.1, 1 / 3, 0.7, 1.0, 5e-324])),
    st.randoms(use_true_random=False),
)
def test_partial_sums_of_any_split_add_up_to_the_sum_of_the_whole(values: list[float], rng: random.Random) -> None:
    # What a Dask partition sends (``_exact``): summed with the others', the sum of every value at once.
    from conflictmodels.reliability import _exact

    cuts = sorted(rng.randint(0, len(values)) for _ in range(rng.randint(0, 5)))
    parts = [values[a:b] for a, b in zip([0, *cuts], [*cuts, len(values)], strict=True)]
    sent = [x for part in parts for x in _exact(part)]
    assert math.fsum(sent) == math.fsum(values)
    assert all(_exact(part)[:1] in ([math.fsum(part)], []) for part in parts)
