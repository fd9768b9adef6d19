"""Series: strength and casualty figures "as of" a time; a later figure of one origin updates its earlier one."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
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
    # the General Staff counts its adversary's losses: read as "at most", never as a point
    assert a.statement.quantity == Estimate.at_most(60_000)
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


# --------------------------------------------------------------------------- a party's own losses (R1 s23)

MAKIIVKA_SOURCES = (
    Source(id="ru-mod", name="Russian Ministry of Defence", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="ua-gs", name="Ukrainian General Staff", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
)
NEW_YEAR = datetime(2023, 1, 1, 12, tzinfo=UTC)


def makiivka(id: str, source: str, figure: Estimate, reported: datetime = NEW_YEAR) -> Claim:
    """Russian soldiers killed at Makiivka on 1 January 2023, as a source counts them."""
    return Claim(
        id=id,
        source_id=source,
        reported_at=reported,
        statement=Statement(predicate=Predicate.CASUALTIES, party="RU", quantity=figure),
    )


def test_the_ministrys_own_makiivka_toll_is_a_lower_bound_and_agrees_with_the_general_staffs() -> None:
    """The Russian ministry's 89 killed is "at least 89"; the General Staff's 400 is "up to 400": they agree."""
    d = Dossier(sources=MAKIIVKA_SOURCES, claims=(
        makiivka("mod", "ru-mod", Estimate.about(89), NEW_YEAR.replace(day=3)),
        makiivka("gs", "ua-gs", Estimate.about(400)),
    ))  # fmt: skip
    [a] = reconcile(d).assessments
    assert a.statement.quantity == Estimate(low=89, high=400)
    assert a.supporting == ("gs", "mod")
    assert a.contradicting == ()
    text = "\n".join(a.rationale)
    assert "[own-loss-bound] Russian Ministry of Defence (RU) gives its own side's losses as 89 (mod): " in text
    assert "read as at least 89" in text
    assert "[enemy-loss-bound] Ukrainian General Staff (UA) gives its adversary's losses as 400 (gs): " in text
    assert "[estimate-intersection] the figures agree on 89 to 400" in text


def test_the_ministrys_own_toll_alone_is_at_least_that_many() -> None:
    [a] = reconcile(
        Dossier(sources=MAKIIVKA_SOURCES, claims=(makiivka("mod", "ru-mod", Estimate.about(89)),))
    ).assessments
    assert a.statement.quantity == Estimate.at_least(89)
    assert any(r.startswith("[admission]") for r in a.rationale)


def test_a_third_party_count_above_the_ministrys_is_compatible_with_it() -> None:
    d = Dossier(sources=MAKIIVKA_SOURCES, claims=(
        makiivka("mod", "ru-mod", Estimate.about(89)), makiivka("isw", "isw", Estimate.between(150, 300)),
    ))  # fmt: skip
    [a] = reconcile(d).assessments
    assert a.contradicting == ()
    assert a.statement.quantity == Estimate(low=150, high=300)


def test_reading_loss_figures_as_bounds_is_policy() -> None:
    """With both readings off the figures are points: 89 and 400 cannot both hold, and the sentence says whose."""
    literal = attrs.evolve(DEFAULT_POLICY, own_loss_as_lower_bound=False, enemy_loss_as_upper_bound=False)
    d = Dossier(sources=MAKIIVKA_SOURCES, claims=(
        makiivka("mod", "ru-mod", Estimate.about(89)), makiivka("gs", "ua-gs", Estimate.about(400)),
    ))  # fmt: skip
    [a] = reconcile(d, policy=literal).assessments
    assert a.statement.quantity == Estimate.about(89)
    assert a.contradicting == ("gs",)
    text = "\n".join(a.rationale)
    assert "bound]" not in text
    assert (
        "[incompatible-estimates] the figure of Ukrainian General Staff: 400 (gs) cannot hold together with those "
        "of Russian Ministry of Defence: 89 (mod)"
    ) in text


def test_the_loss_readings_must_be_booleans() -> None:
    with pytest.raises(FieldError, match="own_loss_as_lower_bound"):
        attrs.evolve(DEFAULT_POLICY, own_loss_as_lower_bound="yes")  # type: ignore[arg-type]


def test_agreeing_figures_are_said_in_plain_numbers() -> None:
    """ISW's 60,000-80,000 and Reuters' 50,000-70,000 Russian losses agree on 60,000 to 70,000."""
    d = dossier(losses("isw", "isw", Estimate.between(60_000, 80_000), APR),
                losses("reuters", "reuters", Estimate.between(50_000, 70_000), APR))  # fmt: skip
    [a] = reconcile(d).assessments
    assert "[estimate-intersection] the figures agree on 60,000 to 70,000" in a.rationale


# --------------------------------------------------------------------------- presence needs a bar (R1 s22)

KURSK = (Location(id="kursk", name="Kursk Oblast", kind=LocationKind.REGION, country="RU", region="RU-KRS"),)
BRIGADE = (Unit(id="810", name="810th Naval Infantry Brigade", party="RU"),)
KURSK_SOURCES = (*MAKIIVKA_SOURCES, Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA,
                                            reliability=Reliability.B))  # fmt: skip
AUG = datetime(2024, 8, 20, 12, tzinfo=UTC)


def seen(id: str, source: str, at: datetime | None, *, absent: bool = False, reported: datetime | None = None) -> Claim:
    """The 810th Naval Infantry Brigade in Kursk Oblast (or not), as a source saw it."""
    when = None if at is None else TimeSpan(start=at)
    reported_at = reported or at
    assert reported_at is not None
    return Claim(id=id, source_id=source, reported_at=reported_at, when=when, statement=Statement(
        predicate=Predicate.PRESENCE, unit_ids=("810",), location_ids=("kursk",), negated=absent))  # fmt: skip


def kursk(*claims: Claim) -> Dossier:
    return Dossier(sources=KURSK_SOURCES, locations=KURSK, units=BRIGADE, claims=claims)


AUGUST = (seen("gs-aug", "ua-gs", AUG), seen("isw-aug", "isw", AUG.replace(day=22)))


def test_one_self_serving_absent_report_does_not_end_the_810th_brigades_presence_in_kursk() -> None:
    out = reconcile(kursk(*AUGUST, seen("gs-apr", "ua-gs", APR, absent=True))).assessments
    assert len(out) == 2
    standing = next(a for a in out if "gs-aug" in a.claim_ids)
    claimed = next(a for a in out if a.status is S.CLAIMED)
    assert standing.status is S.CORROBORATED  # the current state: present
    assert standing.valid == TimeSpan(start=AUG)
    assert standing.related == ("gs-apr",)
    assert claimed.supporting == ("gs-apr",)
    assert claimed.statement.negated
    assert claimed.valid == TimeSpan(start=APR)
    assert claimed.rationale[0].startswith(
        "[presence-claimed] Ukrainian General Staff reported the forces absent from 10 April 2025 (gs-apr); "
        "not established: a change of presence must be corroborated or confirmed"
    )
    assert "the standing state (present) persists" in claimed.rationale[0]
    assert standing.rationale[0] == (
        "[presence-state] state 1 of the presence timeline: present, first seen 20 August 2024, last seen 22 August 2024"
    )
    assert any(r.startswith("[presence-standing] the state persists through a change claimed from 10 April 2025")
               for r in standing.rationale)  # fmt: skip


def test_a_corroborated_withdrawal_from_kursk_is_a_new_state() -> None:
    out = reconcile(kursk(*AUGUST, seen("isw-apr", "isw", APR, absent=True),
                          seen("reuters-apr", "reuters", APR.replace(day=11), absent=True))).assessments  # fmt: skip
    assert len(out) == 2
    old = next(a for a in out if "gs-aug" in a.claim_ids)
    new = next(a for a in out if "isw-apr" in a.claim_ids)
    assert old.status is S.SUPERSEDED
    assert old.valid == TimeSpan(start=AUG, end=APR)
    assert new.status is S.CORROBORATED
    assert new.rationale[0] == (
        "[presence-state] state 2 of the presence timeline: absent from 10 April 2025, last reported absent "
        "11 April 2025"
    )
    assert any(
        r.startswith("[presence-change] the change from 10 April 2025 (absent) is established") for r in new.rationale
    )


def test_an_undated_absent_report_never_changes_the_presence_timeline() -> None:
    out = reconcile(kursk(*AUGUST, seen("isw-x", "isw", None, absent=True, reported=APR),
                          seen("reuters-x", "reuters", None, absent=True, reported=APR))).assessments  # fmt: skip
    [a] = out
    assert a.supporting == ("gs-aug", "isw-aug")
    assert a.contradicting == ("isw-x", "reuters-x")


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(5)))
def test_presence_timelines_are_order_independent_and_lose_nothing(order: list[int]) -> None:
    claims = [*AUGUST, seen("gs-apr", "ua-gs", APR, absent=True), seen("isw-may", "isw", APR.replace(month=5)),
              seen("reuters-jun", "reuters", APR.replace(month=6), absent=True)]  # fmt: skip
    a = reconcile(kursk(*claims)).assessments
    b = reconcile(kursk(*[claims[i] for i in order])).assessments
    assert a == b
    assert {i for x in a for i in x.claim_ids} == {c.id for c in claims}


def test_loss_readings_name_at_most_max_rationale_ids_figures() -> None:
    claims = [makiivka(f"gs-{i}", "ua-gs", Estimate.about(400 + i)) for i in range(7)]
    [a] = reconcile(Dossier(sources=MAKIIVKA_SOURCES, claims=tuple(claims))).assessments
    said = [r for r in a.rationale if r.startswith("[enemy-loss-bound]")]
    assert len(said) == DEFAULT_POLICY.max_rationale_ids + 1
    assert said[-1] == "[enemy-loss-bound] 2 more figures of an adversary's losses read as upper bounds"
