"""Attack class: wrong results and crashes on valid numbers (issue #19, item 13).

Estimate bounds are ints or floats of any size. ``reconcile`` used to compare them as
floats and rebuild the reconciled estimate from the exact numbers: two bounds that are
different integers but the same float (beyond 2**53) were taken as agreeing, and their
intersection had ``low > high``, which ``Estimate`` refuses, so ``reconcile`` raised on
a valid dossier. Every comparison is now exact, and a tolerance around a best figure
never excludes the figure itself.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from conflictmodels import Claim, Dossier, Estimate, Predicate, Source, Statement
from conflictmodels.reconciliation import reconcile
from conflictmodels.relations import Relation, estimate_interval, estimates_compatible, relate

BIG = 2**53  # the first integer after which not every integer is a float
HUGE = int(sys.float_info.max)  # the largest integer an Estimate accepts (it must be a finite float)
T0 = datetime(2025, 3, 9, tzinfo=UTC)


def _strength(i: int, estimate: Estimate) -> Claim:
    return Claim(
        id=f"c{i}",
        source_id=f"s{i}",
        reported_at=T0,
        statement=Statement(predicate=Predicate.STRENGTH, party="UA", quantity=estimate),
    )


def _reconciled(*estimates: Estimate) -> tuple[Dossier, Estimate]:
    sources = tuple(Source(id=f"s{i}", name=f"Outlet number {i}") for i in range(len(estimates)))
    claims = tuple(_strength(i, e) for i, e in enumerate(estimates))
    d = reconcile(Dossier(sources=sources, claims=claims))
    (a,) = d.assessments
    assert a.statement.quantity is not None
    return d, a.statement.quantity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Estimate.at_least(BIG + 1), Estimate.at_most(BIG)),
        (Estimate.exactly(BIG + 1), Estimate.exactly(BIG)),
        (Estimate.at_least(BIG + 1), Estimate.at_most(float(BIG))),
        (Estimate.between(BIG + 1, BIG + 3), Estimate.between(BIG - 2, BIG)),
        (Estimate.at_least(2**64 + 1), Estimate.exactly(2**64)),
    ],
    ids=["bounds", "exact", "int-and-float", "ranges", "2**64"],
)
def test_bounds_that_are_one_float_but_two_numbers_do_not_agree(a: Estimate, b: Estimate) -> None:
    assert not estimates_compatible(a, b)
    assert not estimates_compatible(b, a)
    d, q = _reconciled(a, b)  # raised ValueError (low > high) before
    assessment = d.assessments[0]
    assert len(assessment.supporting) == 1
    assert len(assessment.contradicting) == 1
    assert q.low is None or q.high is None or q.low <= q.high


def test_agreeing_huge_bounds_intersect_exactly() -> None:
    _, q = _reconciled(Estimate.at_least(BIG + 1), Estimate.at_most(BIG + 1))
    assert (q.low, q.high) == (BIG + 1, BIG + 1)
    assert type(q.low) is int


def test_intervals_keep_the_exact_bounds() -> None:
    assert estimate_interval(Estimate.between(BIG + 1, BIG + 3)) == (BIG + 1, BIG + 3)
    assert estimate_interval(Estimate.exactly(BIG + 1)) == (BIG + 1, BIG + 1)
    assert estimate_interval(Estimate.about(BIG + 1)) == (BIG + 1, BIG + 1)
    lo, hi = estimate_interval(Estimate.about(BIG + 1), 0.1)
    assert lo <= BIG + 1 <= hi  # a tolerance never excludes the figure itself
    lo, hi = estimate_interval(Estimate.about(BIG + 1), 1e-20)
    assert lo <= BIG + 1 <= hi


def test_relate_compares_exactly() -> None:
    a, b = _strength(0, Estimate.exactly(BIG + 1)), _strength(1, Estimate.exactly(BIG))
    assert relate(a, b) is Relation.CONTRADICTS
    inner = _strength(2, Estimate.between(BIG + 1, BIG + 2))
    outer = _strength(3, Estimate.between(BIG, BIG + 3))
    assert relate(inner, outer) is Relation.REFINES


@pytest.mark.parametrize(
    "estimates",
    [
        (Estimate.at_most(HUGE), Estimate.at_least(5)),
        (Estimate.about(HUGE), Estimate.about(HUGE - 2**960)),
        (Estimate.about(HUGE), Estimate.exactly(HUGE)),
        (Estimate.at_least(HUGE), Estimate.at_most(3)),
        (Estimate.exactly(HUGE), Estimate.exactly(HUGE)),
    ],
    ids=["huge-bound", "huge-best", "huge-best-and-exact", "huge-conflict", "huge-agree"],
)
def test_the_largest_valid_numbers_do_not_crash(estimates: tuple[Estimate, ...]) -> None:
    d, q = _reconciled(*estimates)
    assert d.assessments[0].rationale
    assert q.low is None or q.high is None or q.low <= q.high
