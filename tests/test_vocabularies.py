"""The closed vocabularies and their mappings to other datasets' codes."""

from __future__ import annotations

import enum
import itertools

import pytest

from conflictmodels import (
    AssessmentStatus,
    Branch,
    Confidence,
    ControlChange,
    Credibility,
    Echelon,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    Predicate,
    Reliability,
    SourceKind,
    TimePrecision,
)

VOCABULARIES: list[type[enum.Enum]] = [
    AssessmentStatus,
    Branch,
    Confidence,
    ControlChange,
    Credibility,
    Echelon,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    Predicate,
    Reliability,
    SourceKind,
    TimePrecision,
]


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_values_are_unique_and_json_friendly(vocabulary: type[enum.Enum]) -> None:
    values = [m.value for m in vocabulary]
    assert len(set(values)) == len(values)
    for member in vocabulary:
        assert vocabulary(member.value) is member
        if vocabulary is Credibility:
            assert type(member.value) is int
        else:
            assert type(member.value) is str
            assert member.value == member.value.strip()


def test_echelon_ladder_is_ordered_smallest_first() -> None:
    ladder = [
        "team", "squad", "section", "platoon", "company", "battalion", "regiment",
        "brigade", "division", "corps", "army", "army_group", "theatre", "command",
    ]  # fmt: skip
    assert [e.value for e in sorted(Echelon, key=lambda e: e.rank)] == ladder
    assert [e.rank for e in Echelon] == list(range(14))
    assert Echelon.TEAM.rank == 0
    assert Echelon.COMMAND.rank == 13
    assert Echelon.BRIGADE.rank > Echelon.REGIMENT.rank > Echelon.BATTALION.rank
    assert Echelon.CORPS.rank > Echelon.DIVISION.rank > Echelon.BRIGADE.rank


def test_likelihood_ranges_are_icd_203() -> None:
    assert {band.value: band.range for band in Likelihood} == {
        "almost_no_chance": (0.01, 0.05),
        "very_unlikely": (0.05, 0.20),
        "unlikely": (0.20, 0.45),
        "roughly_even_chance": (0.45, 0.55),
        "likely": (0.55, 0.80),
        "very_likely": (0.80, 0.95),
        "almost_certain": (0.95, 0.99),
    }
    bands = list(Likelihood)
    for lower, upper in itertools.pairwise(bands):
        assert lower.range[1] == upper.range[0]  # contiguous, in order
    assert Likelihood.ROUGHLY_EVEN_CHANCE.label == "roughly even chance"


@pytest.mark.parametrize(
    ("p", "band"),
    [
        (0.0, Likelihood.ALMOST_NO_CHANCE),
        (0.005, Likelihood.ALMOST_NO_CHANCE),
        (0.01, Likelihood.ALMOST_NO_CHANCE),
        (0.049, Likelihood.ALMOST_NO_CHANCE),
        (0.05, Likelihood.VERY_UNLIKELY),  # shared edges go up
        (0.2, Likelihood.UNLIKELY),
        (0.45, Likelihood.ROUGHLY_EVEN_CHANCE),
        (0.5, Likelihood.ROUGHLY_EVEN_CHANCE),
        (0.55, Likelihood.LIKELY),
        (0.7999, Likelihood.LIKELY),
        (0.8, Likelihood.VERY_LIKELY),
        (0.9, Likelihood.VERY_LIKELY),
        (0.95, Likelihood.ALMOST_CERTAIN),
        (0.99, Likelihood.ALMOST_CERTAIN),
        (1.0, Likelihood.ALMOST_CERTAIN),
    ],
)
def test_likelihood_from_probability(p: float, band: Likelihood) -> None:
    assert Likelihood.from_probability(p) is band


@pytest.mark.parametrize("p", [-0.01, 1.01, float("nan"), float("inf")])
def test_likelihood_from_probability_rejects_outside_0_1(p: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Likelihood.from_probability(p)


def test_confidence_is_a_separate_axis() -> None:
    assert [c.value for c in Confidence] == ["low", "moderate", "high"]
    assert not {c.value for c in Confidence} & {band.value for band in Likelihood}


def test_admiralty_codes() -> None:
    assert [r.value for r in Reliability] == ["A", "B", "C", "D", "E", "F"]
    assert Reliability.A.label == "completely reliable"
    assert Reliability.B.label == "usually reliable"
    assert Reliability.E.label == "unreliable"
    assert Reliability.F.label == "reliability cannot be judged"
    assert [c.value for c in Credibility] == [1, 2, 3, 4, 5, 6]
    assert Credibility(1).label == "confirmed"
    assert Credibility(2).label == "probably true"
    assert Credibility(6).label == "cannot be judged"


@pytest.mark.parametrize(
    ("precision", "acled", "ucdp", "wikibase"),
    [
        (TimePrecision.INSTANT, 1, 1, 14),
        (TimePrecision.HOUR, 1, 1, 12),
        (TimePrecision.DAY, 1, 1, 11),
        (TimePrecision.WEEK, 2, 3, 11),
        (TimePrecision.MONTH, 3, 4, 10),
        (TimePrecision.YEAR, 3, 5, 9),
    ],
)
def test_time_precision_codes(precision: TimePrecision, acled: int, ucdp: int, wikibase: int) -> None:
    assert precision.acled_time_precision == acled
    assert precision.ucdp_date_prec == ucdp
    assert precision.wikibase_precision == wikibase


@pytest.mark.parametrize(
    ("precision", "acled", "ucdp"),
    [
        (GeoPrecision.EXACT, 1, 1),
        (GeoPrecision.NEAR, 2, 2),
        (GeoPrecision.ADM2, 2, 3),
        (GeoPrecision.ADM1, 3, 4),
        (GeoPrecision.REGION, 3, 5),
        (GeoPrecision.COUNTRY, 3, 6),
        (GeoPrecision.WATER_OR_AIRSPACE, 3, 7),
    ],
)
def test_geo_precision_codes(precision: GeoPrecision, acled: int, ucdp: int) -> None:
    assert precision.acled_geo_precision == acled
    assert precision.ucdp_where_prec == ucdp


def test_codes_are_monotonic_with_coarseness() -> None:
    for ladder in (list(TimePrecision), list(GeoPrecision)):
        for finer, coarser in itertools.pairwise(ladder):
            for code in ("acled_time_precision", "ucdp_date_prec", "acled_geo_precision", "ucdp_where_prec"):
                if hasattr(finer, code):
                    assert getattr(finer, code) <= getattr(coarser, code)
            if hasattr(finer, "wikibase_precision"):
                assert finer.wikibase_precision >= coarser.wikibase_precision


def test_control_change_gains() -> None:
    assert {c for c in ControlChange if c.gains} == {
        ControlChange.CAPTURED,
        ControlChange.RECAPTURED,
        ControlChange.HOLDS,
    }
    assert not ControlChange.LOST.gains
    assert not ControlChange.CONTESTED.gains


def test_predicates_and_hedges_cover_the_domain() -> None:
    assert {p.value for p in Predicate} == {
        "control", "presence", "strength", "casualties", "attack", "advance", "situation", "custom", "attribute",
        "event", "commands",
    }  # fmt: skip
    assert {"asserted", "claimed", "reportedly", "according_to"} <= {h.value for h in Hedge}
    assert {"settlement", "region", "country"} <= {k.value for k in LocationKind}
    assert {"state_military", "think_tank", "journalist", "blogger"} <= {k.value for k in SourceKind}
    assert {"marines", "naval_infantry", "air_assault"} <= {b.value for b in Branch}
    assert {s.value for s in AssessmentStatus} == {
        "unverified", "corroborated", "confirmed", "contested", "refuted", "superseded", "attributed", "claimed",
    }  # fmt: skip
