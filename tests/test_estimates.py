"""Estimates: bounds, intervals and compatibility of figures."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given

import conflictmodels.strategies as cst
from conflictmodels import ConflictModelsError, Estimate, FieldError, FieldTypeError, ValidationError


def test_isw_upper_bound_only() -> None:
    isw = Estimate.at_most(30_000, unit="troops", phrase="as many as 30,000")
    assert (isw.low, isw.best, isw.high) == (None, None, 30_000)
    assert isw.interval == (0.0, 30_000.0)


def test_constructors() -> None:
    assert Estimate.exactly(12).interval == (12.0, 12.0)
    assert (Estimate.exactly(12).low, Estimate.exactly(12).best, Estimate.exactly(12).high) == (12, 12, 12)
    assert Estimate.about(500).interval == (500.0, 500.0)
    assert Estimate.about(500).low is None
    assert Estimate.at_least(50_000).interval == (50_000.0, math.inf)
    assert Estimate.between(10_000, 12_000, best=11_000).interval == (10_000.0, 12_000.0)
    dozens = Estimate.dozens(unit="killed")
    assert (dozens.low, dozens.high, dozens.phrase, dozens.unit) == (24, 99, "dozens", "killed")


def test_best_with_one_bound_uses_the_bound() -> None:
    assert Estimate(low=10, best=15).interval == (10.0, math.inf)
    assert Estimate(best=15, high=20).interval == (0.0, 20.0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Estimate.at_most(30_000, unit="troops"), Estimate.between(10_000, 12_000, unit="troops"), True),
        (Estimate.at_most(30_000, unit="troops"), Estimate.at_least(50_000, unit="troops"), False),
        (Estimate.at_most(30_000, unit="troops"), Estimate.at_least(30_000, unit="troops"), True),  # closed ends
        (Estimate.at_most(30_000, unit="troops"), Estimate.at_least(30_001, unit="troops"), False),
        (Estimate.at_most(30_000, unit="troops"), Estimate.between(10_000, 12_000, unit="km"), False),
        (Estimate.at_most(30_000, unit="troops"), Estimate.between(10_000, 12_000), True),  # unit unknown
        (Estimate.about(100), Estimate.about(100), True),
        (Estimate.about(100), Estimate.about(101), False),
        (Estimate.about(100), Estimate.dozens(), False),
        (Estimate.about(50), Estimate.dozens(), True),
        (Estimate.exactly(0), Estimate.at_most(0), True),
        (Estimate.at_least(10), Estimate.at_least(1_000_000), True),
    ],
)
def test_compatible_with(a: Estimate, b: Estimate, expected: bool) -> None:
    assert a.compatible_with(b) is expected
    assert b.compatible_with(a) is expected


@given(cst.estimates(), cst.estimates())
def test_compatibility_is_symmetric_and_reflexive(a: Estimate, b: Estimate) -> None:
    assert a.compatible_with(b) == b.compatible_with(a)
    assert a.compatible_with(a)
    lo, hi = a.interval
    assert lo <= hi
    for value in (a.low, a.best, a.high):
        if value is not None and (a.low is not None or a.high is not None):
            assert lo <= value <= hi


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"low": 20, "high": 10}, "high", "low <= best <= high"),
        ({"best": 31_000, "high": 30_000}, "high", "low <= best <= high"),
        ({"low": 5, "best": 4}, "high", "low <= best <= high"),
        ({"low": -1}, "low", "at least 0"),
        ({"best": -0.5}, "best", "at least 0"),
        ({}, "best", "needs low, best or high"),
        ({"high": float("inf")}, "high", "finite"),
        ({"best": float("nan")}, "best", "finite"),
        ({"high": 10, "unit": " "}, "unit", "empty or blank"),
        ({"high": 10, "phrase": ""}, "phrase", "empty or blank"),
    ],
)
def test_invalid_estimates(kwargs: dict[str, object], field: str, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        Estimate(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert reason in info.value.reason


@pytest.mark.parametrize("bad", [True, "30000", [1]])
def test_wrong_types(bad: object) -> None:
    with pytest.raises(FieldTypeError):
        Estimate(high=bad)  # type: ignore[arg-type]


def test_several_bad_fields_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        Estimate(low=-1, high="x", unit="")  # type: ignore[arg-type]
    assert {e.field for e in info.value.errors} == {"low", "high", "unit"}
    assert isinstance(info.value, ConflictModelsError)


def test_evolve_revalidates() -> None:
    isw = Estimate.at_most(30_000)
    with pytest.raises(FieldError):
        attrs.evolve(isw, low=40_000)
    assert attrs.evolve(isw, low=10_000).interval == (10_000.0, 30_000.0)
