"""Series: strength and casualty figures "as of" a time; a later figure of one origin updates its earlier one."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    AssessmentStatus,
    Claim,
    Dossier,
    Estimate,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    reconcile,
)
from conflictmodels.policy import DEFAULT_POLICY
from conflictmodels.statement import PREDICATES

S = AssessmentStatus
SOURCES = (
    Source(id="ua-gs", name="General Staff of Ukraine", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
)


def losses(id: str, source: str, figure: Estimate, reported: datetime, *, as_of: datetime | None = None) -> Claim:
    """Russian losses in the Kursk operation, as a source counts them."""
    return Claim(
        id=id,
        source_id=source,
        reported_at=reported,
        when=None if as_of is None else TimeSpan(end=as_of),
        statement=Statement(predicate=Predicate.CASUALTIES, party="RU", quantity=figure),
    )


def dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=SOURCES, claims=claims)


JAN = datetime(2025, 1, 15, tzinfo=UTC)
APR = datetime(2025, 4, 10, tzinfo=UTC)


def test_the_table_says_which_predicates_are_series_and_timelines() -> None:
    series = {p for p, r in PREDICATES.items() if r.nature == "series"}
    assert series == {Predicate.STRENGTH, Predicate.CASUALTIES}
    assert PREDICATES[Predicate.PRESENCE].timeline
    assert PREDICATES[Predicate.PRESENCE].nature == "state"


def test_a_later_cumulative_figure_of_the_same_origin_updates_the_earlier_one() -> None:
    """The General Staff's running totals in January and April: one series, no contradiction."""
    d = dossier(
        losses("gs-jan", "ua-gs", Estimate.about(38_000), JAN), losses("gs-apr", "ua-gs", Estimate.about(60_000), APR)
    )
    [a] = reconcile(d).assessments
    assert a.supporting == ("gs-apr",)
    assert a.related == ("gs-jan",)
    assert a.contradicting == ()
    assert a.statement.quantity == Estimate.about(60_000)
    text = "\n".join(a.rationale)
    assert (
        "[updated] General Staff of Ukraine's figure as of 2025-04-10 (gs-apr) updates its figure as of 2025-01-15"
        in text
    )
    assert "incompatible-estimates" not in text


def test_figures_of_different_origins_far_apart_are_points_not_a_contradiction() -> None:
    d = dossier(losses("isw-jan", "isw", Estimate.between(35_000, 40_000), JAN),
                losses("reuters-apr", "reuters", Estimate.about(60_000), APR))  # fmt: skip
    out = reconcile(d).assessments
    assert len(out) == 2
    old = next(a for a in out if "isw-jan" in a.claim_ids)
    new = next(a for a in out if "reuters-apr" in a.claim_ids)
    assert old.status is S.SUPERSEDED
    assert old.contradicting == ()
    assert new.status is not S.SUPERSEDED
    assert new.contradicting == ()
    assert old.valid == TimeSpan(start=JAN, end=APR)
    assert any(e.startswith("[series-superseded]") for e in old.rationale)


def test_figures_within_the_window_are_compared() -> None:
    d = dossier(losses("isw", "isw", Estimate.at_least(50_000), APR),
                losses("reuters", "reuters", Estimate.at_most(30_000), APR.replace(day=12)))  # fmt: skip
    [a] = reconcile(d).assessments
    assert "incompatible-estimates" in "\n".join(a.rationale)


def test_the_window_is_policy() -> None:
    d = dossier(losses("isw", "isw", Estimate.at_least(50_000), APR),
                losses("reuters", "reuters", Estimate.at_most(30_000), APR.replace(day=12)))  # fmt: skip
    narrow = attrs.evolve(DEFAULT_POLICY, series_window_days=1.0)
    assert len(reconcile(d, policy=narrow).assessments) == 2


def test_as_of_is_the_end_of_when() -> None:
    late_report = losses("gs", "ua-gs", Estimate.about(38_000), APR, as_of=JAN)
    newer = losses("gs-2", "ua-gs", Estimate.about(45_000), APR.replace(day=1), as_of=APR.replace(day=1))
    [a] = reconcile(dossier(late_report, newer)).assessments
    assert a.supporting == ("gs-2",)  # reported earlier, but as of a later time


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)), st.integers(1, 4))
def test_series_are_order_independent_and_lose_nothing(order: list[int], n: int) -> None:
    claims = [
        losses(f"gs-{i}", "ua-gs", Estimate.about(10_000 * (i + 1)), JAN.replace(day=1 + 9 * i)) for i in range(n)
    ]
    claims.append(losses("isw", "isw", Estimate.about(25_000), JAN.replace(day=12)))
    shuffled = [claims[i] for i in order if i < len(claims)] + claims[len(order) :]
    a = reconcile(dossier(*claims)).assessments
    b = reconcile(dossier(*shuffled)).assessments
    assert a == b
    assert {i for x in a for i in x.claim_ids} == {c.id for c in claims}
