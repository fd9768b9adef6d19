"""Reconciliation on the hard cases of the domain, and on the Kursk dossier."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    Confidence,
    ControlChange,
    Credibility,
    Dossier,
    DuplicateIdError,
    Estimate,
    FieldError,
    Hedge,
    Hop,
    Likelihood,
    Location,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.policy import DEFAULT_POLICY, RULE_CODES, STATUS_LADDER, EvidenceSummary
from conflictmodels.reconciliation import ASSESSED_BY, merge, reconcile

C = ControlChange
S = AssessmentStatus
ORDER = list(Likelihood)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


SOURCES = (
    Source(id="ru-mod", name="RU MoD", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="ru-forces", name="RU forces", kind=SourceKind.STATE_MILITARY, party="RU", parent_id="ru-mod"),
    Source(id="ru-blogger", name="Z blogger", kind=SourceKind.BLOGGER, party="RU"),
    Source(id="ua-gs", name="UA General Staff", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
    Source(id="bbc", name="BBC", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
    Source(id="afp", name="AFP", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.A),
    Source(id="blog", name="Blog", kind=SourceKind.BLOGGER, reliability=Reliability.D),
    Source(id="forbes", name="Forbes", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.C),
    Source(id="axe", name="David Axe", kind=SourceKind.JOURNALIST, parent_id="forbes"),
    Source(id="outlet-1", name="Outlet 1", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.C),
    Source(id="outlet-2", name="Outlet 2", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.C),
    Source(id="outlet-3", name="Outlet 3", kind=SourceKind.STATE_MEDIA, reliability=Reliability.D),
)
PLACES = (Location(id="v1", name="Village 1"), Location(id="v2", name="Village 2"))


def control(
    id: str,
    source: str,
    party: str,
    change: ControlChange,
    *,
    day: int = 1,
    place: str = "v1",
    counterparty: str | None = None,
    negated: bool = False,
    when: TimeSpan | None = None,
    relay: str | None = None,
    hedge: Hedge = Hedge.ASSERTED,
    credibility: Credibility | None = None,
) -> Claim:
    chain: tuple[Hop, ...] = ()
    if relay is not None:
        chain = (Hop(source_id=relay, verb="reported", hedge=Hedge.ASSERTED), Hop(source_id=source, hedge=hedge))
    if relay is None and hedge is not Hedge.ASSERTED:
        chain = (Hop(source_id=source, hedge=hedge),)
    return Claim(
        id=id,
        source_id=source,
        attribution=chain,
        reported_at=at(day),
        when=when,
        credibility=credibility,
        statement=Statement(
            predicate=Predicate.CONTROL,
            party=party,
            counterparty=counterparty,
            change=change,
            location_ids=(place,),
            negated=negated,
        ),
    )


def quantity(id: str, source: str, estimate: Estimate, *, negated: bool = False, day: int = 9) -> Claim:
    return Claim(
        id=id,
        source_id=source,
        reported_at=at(day),
        statement=Statement(predicate=Predicate.STRENGTH, party="UA", quantity=estimate, negated=negated),
    )


def attack(id: str, source: str, *, negated: bool = False, day: int = 1) -> Claim:
    return Claim(
        id=id,
        source_id=source,
        reported_at=at(day),
        statement=Statement(predicate=Predicate.ATTACK, party="RU", location_ids=("v1",), negated=negated),
    )


def dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=SOURCES, locations=PLACES, claims=claims)


def only(d: Dossier) -> Assessment:
    assert len(d.assessments) == 1, d.assessments
    return d.assessments[0]


CODE = re.compile(r"\[([a-z0-9-]+)\] ")


def codes(a: Assessment) -> list[str]:
    """The rule codes of an assessment's rationale, in order (every entry has one)."""
    out = []
    for entry in a.rationale:
        m = CODE.match(entry)
        assert m is not None, entry
        out.append(m.group(1))
    return out


def said(a: Assessment, code: str) -> str:
    """The entries of the rationale written by one rule, without their code."""
    found = [entry[len(code) + 3 :] for entry in a.rationale if entry.startswith(f"[{code}] ")]
    assert found, (code, a.rationale)
    return "\n".join(found)


def names(text: str) -> set[str]:
    """The ids and parties a sentence names (its words, without punctuation)."""
    return set(re.findall(r"[A-Za-z0-9][\w-]*", text))


def said_names(a: Assessment, code: str) -> set[str]:
    """The source names (of SOURCES) and party codes that one rule's sentences mention."""
    text = said(a, code)
    known = {s.name for s in SOURCES} | {"RU", "UA"}
    return {n for n in known if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)}


# --------------------------------------------------------------------------- independence


def test_circular_reporting_is_one_origin() -> None:
    d = dossier(
        *(control(f"c{i}", "ru-mod", "RU", C.CAPTURED, relay=f"outlet-{i}", counterparty="UA") for i in (1, 2, 3))
    )
    a = only(reconcile(d))
    assert a.independent_origins == 1
    assert a.supporting == ("c1", "c2", "c3")
    assert a.status is S.UNVERIFIED
    assert {"Outlet 1", "Outlet 2", "Outlet 3", "RU MoD"} <= said_names(a, "circular-reporting")


def test_circular_reporting_is_no_stronger_than_one_report() -> None:
    one = only(reconcile(dossier(control("c1", "reuters", "RU", C.CAPTURED))))
    many = only(
        reconcile(dossier(*(control(f"c{i}", "reuters", "RU", C.CAPTURED, relay=f"outlet-{i}") for i in (1, 2))))
    )
    assert many.likelihood == one.likelihood
    assert many.independent_origins == 1


def test_child_source_counts_with_parent() -> None:
    d = dossier(control("c1", "ru-mod", "RU", C.CAPTURED), control("c2", "ru-forces", "RU", C.CAPTURED))
    a = only(reconcile(d))
    assert a.independent_origins == 1
    assert said(a, "parent-folded").startswith("RU forces counted with RU MoD")


def test_correspondent_and_outlet_are_one_origin() -> None:
    a = only(reconcile(dossier(control("c1", "axe", "RU", C.CAPTURED), control("c2", "forbes", "RU", C.CAPTURED))))
    assert a.independent_origins == 1
    assert a.status is S.UNVERIFIED


def test_two_independent_third_parties_corroborate() -> None:
    a = only(reconcile(dossier(control("c1", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "RU", C.HOLDS))))
    assert a.status is S.CORROBORATED
    assert a.independent_origins == 2
    assert a.statement.party == "RU"
    assert a.statement.change is C.HOLDS


def test_three_reliable_third_parties_confirm() -> None:
    d = dossier(*(control(f"c-{s}", s, "RU", C.CAPTURED) for s in ("reuters", "bbc", "afp")))
    a = only(reconcile(d))
    assert a.status is S.CONFIRMED
    assert a.likelihood in (Likelihood.VERY_LIKELY, Likelihood.ALMOST_CERTAIN)
    assert a.confidence is Confidence.HIGH


def test_three_fair_third_parties_only_corroborate() -> None:
    d = dossier(*(control(f"c-{s}", s, "RU", C.CAPTURED) for s in ("outlet-1", "outlet-2", "forbes")))
    assert only(reconcile(d)).status is S.CORROBORATED


# --------------------------------------------------------------------------- interest


def test_single_self_serving_claim_is_unverified_and_capped() -> None:
    a = only(reconcile(dossier(control("c1", "ru-mod", "RU", C.CAPTURED, counterparty="UA"))))
    assert a.status is S.UNVERIFIED
    assert ORDER.index(a.likelihood) <= ORDER.index(DEFAULT_POLICY.self_serving_cap)  # type: ignore[arg-type]
    assert a.confidence is Confidence.LOW
    assert codes(a) == ["timeline-state", "self-serving", "single-origin", "evidence", "confidence"]
    assert {"RU MoD", "RU"} <= said_names(a, "single-origin")


def test_interested_parties_alone_do_not_corroborate() -> None:
    a = only(reconcile(dossier(control("c1", "ru-mod", "RU", C.CAPTURED), control("c2", "ru-blogger", "RU", C.HOLDS))))
    assert a.independent_origins == 1  # one side: aligned sources are one interest
    assert a.status is S.UNVERIFIED
    assert "single-origin" in codes(a)
    assert {"RU MoD", "Z blogger"} <= said_names(a, "one-interest")
    assert ORDER.index(a.likelihood) <= ORDER.index(Likelihood.ROUGHLY_EVEN_CHANCE)  # type: ignore[arg-type]


def test_self_serving_claim_with_third_party_is_corroborated() -> None:
    a = only(reconcile(dossier(control("c1", "ru-mod", "RU", C.CAPTURED), control("c2", "isw", "RU", C.HOLDS))))
    assert a.status is S.CORROBORATED


def test_admission_against_interest_alone_is_strong() -> None:
    a = only(reconcile(dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"))))
    assert a.statement.party == "RU"
    assert a.status is S.UNVERIFIED  # strong evidence, but one origin: corroboration needs two
    assert a.likelihood is Likelihood.VERY_LIKELY
    assert {"UA General Staff", "UA"} <= said_names(a, "admission")
    assert "admission-alone" in codes(a)


def test_admission_plus_third_party_confirms() -> None:
    d = dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "isw", "RU", C.CAPTURED))
    a = only(reconcile(d))
    assert a.status is S.CONFIRMED
    assert {"UA General Staff", "ISW"} <= said_names(a, "confirmed-admission")


def test_admission_plus_beneficiary_claim_confirms() -> None:
    d = dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU", C.CAPTURED))
    a = only(reconcile(d))
    assert a.status is S.CONFIRMED
    assert a.supporting == ("c1", "c2")


def test_admission_weighs_more_than_self_serving_claim() -> None:
    admit = only(reconcile(dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"))))
    boast = only(reconcile(dossier(control("c1", "ru-mod", "RU", C.CAPTURED, counterparty="UA"))))
    assert ORDER.index(admit.likelihood) > ORDER.index(boast.likelihood)  # type: ignore[arg-type]


def test_hedge_weakens_evidence() -> None:
    plain = only(reconcile(dossier(control("c1", "afp", "RU", C.CAPTURED))))
    alleged = only(reconcile(dossier(control("c1", "afp", "RU", C.CAPTURED, hedge=Hedge.ALLEGED))))
    assert ORDER.index(alleged.likelihood) < ORDER.index(plain.likelihood)  # type: ignore[arg-type]


def test_credibility_rating_is_weighed() -> None:
    doubtful = only(reconcile(dossier(control("c1", "afp", "RU", C.CAPTURED, credibility=Credibility.DOUBTFUL))))
    plain = only(reconcile(dossier(control("c1", "afp", "RU", C.CAPTURED))))
    assert ORDER.index(doubtful.likelihood) < ORDER.index(plain.likelihood)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- contradiction


def test_contradicting_third_parties_are_contested() -> None:
    d = dossier(control("c1", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "UA", C.HOLDS))
    a = only(reconcile(d))
    assert a.status is S.CONTESTED
    assert a.statement.change is C.CONTESTED
    assert {a.statement.party, a.statement.counterparty} == {"RU", "UA"}
    assert set(a.supporting) | set(a.contradicting) == {"c1", "c2"}
    assert a.confidence is Confidence.LOW
    assert "contested" in codes(a)
    assert {"RU", "UA"} <= names(said(a, "undetermined"))


def test_weight_of_evidence_prevails_over_weak_dissent() -> None:
    d = dossier(
        control("c1", "reuters", "RU", C.CAPTURED),
        control("c2", "bbc", "RU", C.CAPTURED),
        control("c3", "afp", "RU", C.HOLDS),
        control("c4", "ua-gs", "UA", C.HOLDS),
    )
    a = only(reconcile(d))
    assert a.statement.party == "RU"
    assert a.status is S.CONFIRMED
    assert a.contradicting == ("c4",)


def test_denials_by_reliable_sources_refute() -> None:
    d = dossier(
        attack("c1", "blog"),
        attack("c2", "reuters", negated=True),
        attack("c3", "bbc", negated=True),
        attack("c4", "afp", negated=True),
    )
    a = only(reconcile(d))
    assert a.status is S.REFUTED
    assert a.statement.negated is False
    assert a.contradicting == ("c2", "c3", "c4")
    assert a.likelihood in (Likelihood.ALMOST_NO_CHANCE, Likelihood.VERY_UNLIKELY)


def test_only_denials_assess_the_denial() -> None:
    a = only(reconcile(dossier(attack("c1", "reuters", negated=True))))
    assert a.statement.negated is True
    assert a.supporting == ("c1",)


# --------------------------------------------------------------------------- time


def dated(day: int) -> TimeSpan:
    return TimeSpan(start=at(day))


def recapture_dossier() -> Dossier:
    # A change of control opens a state only with an event time (a claim without one counts
    # as of its report time and never changes the picture): the changes here are dated.
    return dossier(
        control("c1", "reuters", "RU", C.CAPTURED, day=1, counterparty="UA", when=dated(1)),
        control("c2", "bbc", "RU", C.HOLDS, day=2),
        control("c3", "reuters", "UA", C.RECAPTURED, day=6, counterparty="RU", when=dated(6)),
        control("c4", "afp", "UA", C.HOLDS, day=7),
    )


def test_capture_then_recapture_is_a_sequence() -> None:
    d = reconcile(recapture_dossier())
    assert len(d.assessments) == 2
    by_status = {a.status: a for a in d.assessments}
    old, new = by_status[S.SUPERSEDED], by_status[S.CORROBORATED]
    assert old.statement.party == "RU"
    assert old.supporting == ("c1", "c2")
    assert new.statement.party == "UA"
    assert new.supporting == ("c3", "c4")
    assert not old.contradicting
    assert not new.contradicting
    assert old.valid == TimeSpan(start=at(1), end=at(6))
    assert new.valid == TimeSpan(start=at(6))
    assert codes(old)[0] == "timeline-state"
    assert codes(new)[0] == "timeline-state"
    assert {"UA", "c3"} <= names(said(old, "superseded"))
    assert "corroborated" in codes(old)  # what it was for its time
    assert "superseded" not in codes(new)
    assert "sequence" in codes(new)
    assert "sequence" not in codes(old)


def test_as_of_before_recapture() -> None:
    d = reconcile(recapture_dossier(), as_of=at(3))
    a = only(d)
    assert a.statement.party == "RU"
    assert a.status is S.CORROBORATED
    assert a.as_of == at(3)
    assert a.supporting == ("c1", "c2")


def test_as_of_ignores_claims_valid_later() -> None:
    late = control("c1", "reuters", "RU", C.CAPTURED, day=1)
    # an event time after the report: kept only when flagged
    late = attrs.evolve(late, when=TimeSpan(start=at(5), end=at(6)), when_doubtful=True)
    assert reconcile(dossier(late), as_of=at(3)).assessments == ()


def test_current_state_id_is_stable_when_history_grows() -> None:
    before = reconcile(dossier(control("c1", "reuters", "RU", C.CAPTURED, day=1)))
    after = reconcile(recapture_dossier())
    superseded = next(a for a in after.assessments if a.status is S.SUPERSEDED)
    current = next(a for a in after.assessments if a.status is not S.SUPERSEDED)
    assert current.id == before.assessments[0].id
    assert superseded.id != current.id


def test_three_states_in_sequence() -> None:
    d = reconcile(
        dossier(
            # each change dated and reported by an A-rated agency: enough for a change on its own
            control("c1", "afp", "RU", C.CAPTURED, day=1, when=dated(1)),
            control("c2", "afp", "UA", C.RECAPTURED, day=4, when=dated(4)),
            control("c3", "afp", "RU", C.RECAPTURED, day=8, when=dated(8)),
        )
    )
    statuses = sorted((a.valid.start if a.valid else None, a.status.value, a.statement.party) for a in d.assessments)  # type: ignore[type-var]
    assert [s[1:] for s in statuses] == [("superseded", "RU"), ("superseded", "UA"), ("unverified", "RU")]


def test_same_time_opposite_control_is_not_a_sequence() -> None:
    span = TimeSpan(start=at(1), end=at(3))
    d = dossier(
        control("c1", "reuters", "RU", C.CAPTURED, day=2, when=span),
        control("c2", "bbc", "UA", C.HOLDS, day=5, when=TimeSpan(start=at(2), end=at(4))),
    )
    assert only(reconcile(d)).status is S.CONTESTED


def test_later_denial_contradicts_rather_than_supersedes() -> None:
    d = dossier(
        control("c1", "ru-mod", "RU", C.CAPTURED, day=1), control("c2", "ua-gs", "RU", C.CAPTURED, day=3, negated=True)
    )
    a = only(reconcile(d))
    assert set(a.claim_ids) == {"c1", "c2"}
    assert a.status is not S.SUPERSEDED


# --------------------------------------------------------------------------- retraction


def test_retraction_by_same_origin() -> None:
    d = dossier(
        control("c1", "ru-mod", "RU", C.CAPTURED, day=1),
        control("c2", "ru-mod", "RU", C.CAPTURED, day=3, negated=True),
    )
    a = only(reconcile(d))
    assert set(a.related) == {"c1", "c2"}, "a walk-back is not evidence for the opposite either"
    assert a.supporting == a.contradicting == ()
    assert {"c1", "c2"} <= names(said(a, "retracted"))
    assert a.status is S.UNVERIFIED


def test_retraction_of_an_attack_claim() -> None:
    d = dossier(attack("c1", "reuters", day=1), attack("c2", "reuters", day=2, negated=True))
    a = only(reconcile(d))
    assert a.related == ("c1", "c2")
    assert "withdrawn-only" in codes(a)


def test_retraction_of_a_figure() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.at_most(30_000), day=1),
        quantity("c2", "isw", Estimate.at_most(30_000), day=2, negated=True),
        quantity("c3", "reuters", Estimate.between(10_000, 12_000), day=2),
    )
    a = only(reconcile(d))
    assert "c1" in a.related
    assert a.supporting == ("c3",)


# --------------------------------------------------------------------------- estimates


def test_range_within_upper_bound_is_compatible() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.at_most(30_000, unit="troops")),
        quantity("c2", "reuters", Estimate.between(10_000, 12_000, unit="troops")),
    )
    a = only(reconcile(d))
    assert a.status is S.CORROBORATED
    q = a.statement.quantity
    assert q is not None
    assert (q.low, q.high, q.unit) == (10_000, 12_000, "troops")
    assert "estimate-intersection" in codes(a)


def test_conflicting_bounds_are_contested_with_hull() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.at_most(30_000, unit="troops")),
        quantity("c2", "reuters", Estimate.at_least(50_000, unit="troops")),
    )
    a = only(reconcile(d))
    assert a.status is S.CONTESTED
    assert len(a.supporting) == 1
    assert len(a.contradicting) == 1
    assert "estimate-hull" in codes(a)
    assert {"c1", "c2"} <= names(said(a, "incompatible-estimates"))


def test_conflicting_ranges_hull() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.between(100, 200)),
        quantity("c2", "reuters", Estimate.between(300, 400)),
    )
    q = only(reconcile(d)).statement.quantity
    assert q is not None
    assert (q.low, q.high) == (100, 400)


def test_outlier_estimate_is_outvoted() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.between(10_000, 20_000)),
        quantity("c2", "reuters", Estimate.about(15_000)),
        quantity("c3", "afp", Estimate.at_most(18_000)),
        quantity("c4", "blog", Estimate.at_least(90_000)),
    )
    a = only(reconcile(d))
    assert a.contradicting == ("c4",)
    assert a.status is S.CONFIRMED
    q = a.statement.quantity
    assert q is not None
    assert (q.low, q.best, q.high) == (10_000, 15_000, 18_000)


def test_other_units_are_related_not_compared() -> None:
    d = dossier(
        quantity("c1", "isw", Estimate.at_most(30_000, unit="troops")),
        quantity("c2", "reuters", Estimate.at_most(30_000, unit="troops")),
        quantity("c3", "afp", Estimate.exactly(12, unit="brigades")),
    )
    a = only(reconcile(d))
    assert a.related == ("c3",)
    assert a.statement.quantity is not None
    assert a.statement.quantity.unit == "troops"
    assert "c3" in names(said(a, "other-unit"))


def test_bare_best_figures_use_tolerance() -> None:
    d = dossier(quantity("c1", "isw", Estimate.about(500)), quantity("c2", "reuters", Estimate.about(540)))
    assert only(reconcile(d)).status is S.CORROBORATED
    strict = attrs.evolve(DEFAULT_POLICY, estimate_tolerance=0.0)
    assert only(reconcile(d, policy=strict)).status is S.CONTESTED


# --------------------------------------------------------------------------- output contract


def test_assessed_at_defaults_to_latest_report_and_by_names_version() -> None:
    d = reconcile(recapture_dossier())
    assert {a.assessed_at for a in d.assessments} == {at(7)}
    assert {a.assessed_by for a in d.assessments} == {ASSESSED_BY}
    assert ASSESSED_BY.startswith("conflictmodels ")
    explicit = reconcile(recapture_dossier(), assessed_at=at(20))
    assert {a.assessed_at for a in explicit.assessments} == {at(20)}


def test_ids_are_deterministic_and_sorted() -> None:
    a = reconcile(recapture_dossier())
    b = reconcile(recapture_dossier())
    assert [x.id for x in a.assessments] == [x.id for x in b.assessments]
    assert [x.id for x in a.assessments] == sorted(x.id for x in a.assessments)


def test_rationale_names_likelihood_and_confidence_separately() -> None:
    a = only(reconcile(dossier(control("c1", "reuters", "RU", C.CAPTURED))))
    assert codes(a)[-2:] == ["evidence", "confidence"]


def test_confidence_is_not_folded_into_likelihood() -> None:
    a = only(reconcile(dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"))))
    assert a.likelihood is Likelihood.VERY_LIKELY
    assert a.confidence is Confidence.LOW


def test_foreign_assessments_are_kept_own_replaced() -> None:
    mine = reconcile(recapture_dossier())
    analyst = Assessment(
        id="analyst-1",
        statement=Statement(predicate=Predicate.CONTROL, party="UA", change=C.HOLDS, location_ids=("v1",)),
        status=S.CONFIRMED,
        supporting=("c3",),
        assessed_at=at(8),
        assessed_by="J. Analyst",
    )
    both = attrs.evolve(mine, assessments=(*mine.assessments, analyst))
    again = reconcile(both)
    assert analyst in again.assessments
    assert len(again.assessments) == len(mine.assessments) + 1


def test_policy_is_data() -> None:
    d = dossier(control("c1", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "RU", C.HOLDS))
    strict = attrs.evolve(DEFAULT_POLICY, corroborated_min_origins=3)
    assert only(reconcile(d, policy=strict)).status is S.UNVERIFIED
    lenient = attrs.evolve(DEFAULT_POLICY, confirmed_min_origins=2)
    assert only(reconcile(d, policy=lenient)).status is S.CONFIRMED


def test_empty_dossier() -> None:
    assert reconcile(Dossier()).assessments == ()


def test_every_claim_is_cited() -> None:
    d = reconcile(recapture_dossier())
    cited = {i for a in d.assessments for i in a.claim_ids}
    assert cited == {c.id for c in d.claims}


# --------------------------------------------------------------------------- merge


def test_merge_collapses_reingested_claims_and_keeps_their_ids() -> None:
    a = dossier(control("c1", "reuters", "RU", C.CAPTURED))
    b = dossier(control("c0-dup", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "RU", C.HOLDS))
    m = merge(a, b)
    assert [c.id for c in m.claims] == ["c0-dup", "c2"]
    assert m.claim("c0-dup").merged_ids == ("c1",)
    assert merge(m, a) == m


def test_merge_repoints_foreign_assessments() -> None:
    analyst = Assessment(
        id="analyst-1",
        statement=Statement(predicate=Predicate.CONTROL, party="RU", change=C.HOLDS, location_ids=("v1",)),
        status=S.UNVERIFIED,
        supporting=("c9",),
        assessed_at=at(8),
        assessed_by="J. Analyst",
    )
    a = attrs.evolve(dossier(control("c9", "reuters", "RU", C.CAPTURED)), assessments=(analyst,))
    b = dossier(control("c1", "reuters", "RU", C.CAPTURED))
    m = merge(a, b)
    assert m.assessment("analyst-1").supporting == ("c1",)


def test_merge_reconciles_when_an_input_was_reconciled() -> None:
    a = reconcile(dossier(control("c1", "reuters", "RU", C.CAPTURED)))
    b = dossier(control("c2", "bbc", "RU", C.HOLDS))
    m = merge(a, b)
    assert only(m).status is S.CORROBORATED
    assert merge(dossier(control("c1", "reuters", "RU", C.CAPTURED)), b).assessments == ()


def test_merge_rejects_conflicting_ids() -> None:
    a = dossier(control("c1", "reuters", "RU", C.CAPTURED))
    b = dossier(control("c1", "bbc", "UA", C.CAPTURED))
    with pytest.raises(DuplicateIdError):
        merge(a, b)


# --------------------------------------------------------------------------- Kursk


@pytest.fixture(scope="module")
def kursk() -> Dossier:
    return reconcile(kursk_dossier())


def _about(d: Dossier, claim_id: str) -> Assessment:
    return next(a for a in d.assessments if claim_id in a.claim_ids)


@pytest.mark.parametrize("place", ["malaya-lokhnya", "cherkasskoye-porechnoye", "kositsa", "lebedevka"])
def test_kursk_mod_settlements_are_unverified_self_serving(kursk: Dossier, place: str) -> None:
    a = _about(kursk, f"kursk-mod-{place}")
    assert a.status is S.UNVERIFIED
    assert a.independent_origins == 1
    assert a.statement.party == "RU"
    assert a.statement.location_ids == (place,)
    assert ORDER.index(a.likelihood) <= ORDER.index(Likelihood.ROUGHLY_EVEN_CHANCE)  # type: ignore[arg-type]
    assert a.confidence is Confidence.LOW
    assert codes(a) == ["timeline-state", "self-serving", "single-origin", "evidence", "confidence"]
    assert "Ministry of Defence of the Russian Federation (RU)" in said(a, "single-origin")


def test_kursk_novenke_traces_to_the_ministry(kursk: Dossier) -> None:
    a = _about(kursk, "kursk-novenke")
    assert a.status is S.UNVERIFIED
    assert said(a, "parent-folded") == (
        "Armed Forces of the Russian Federation counted with Ministry of Defence of the Russian Federation, "
        "the source above, as one source"
    )


def test_kursk_isw_figure_stays_an_upper_bound(kursk: Dossier) -> None:
    q = _about(kursk, "kursk-isw-strength").statement.quantity
    assert q is not None
    assert (q.low, q.high, q.unit) == (None, 30_000, "troops")


def test_kursk_units_stay_distinct(kursk: Dossier) -> None:
    presence = [a for a in kursk.assessments if a.statement.predicate is Predicate.PRESENCE]
    assert sorted(a.statement.unit_ids for a in presence) == [
        ("kp-11-army-corps",),
        ("ru-11-air-assault-brigade",),
        ("ru-177-marine-regiment",),
        ("ru-810-naval-infantry-brigade",),
    ]


def test_kursk_nothing_confirmed_and_every_claim_cited(kursk: Dossier) -> None:
    assert all(a.status is not S.CONFIRMED for a in kursk.assessments)
    cited = {i for a in kursk.assessments for i in a.claim_ids}
    assert cited == {c.id for c in kursk.claims}
    assert {a.assessed_at for a in kursk.assessments} == {kursk_dossier().claims[0].reported_at}


def test_kursk_reconcile_is_idempotent(kursk: Dossier) -> None:
    assert reconcile(kursk) == kursk


def test_kursk_ministry_corroborated_by_admission_becomes_confirmed() -> None:
    base = kursk_dossier()
    admission = Claim(
        id="ua-admits-kositsa",
        source_id="ua-general-staff",
        reported_at=base.claims[0].reported_at + timedelta(hours=1),
        when=base.claim("kursk-mod-kositsa").when,
        statement=Statement(
            predicate=Predicate.CONTROL, party="UA", counterparty="RU", change=C.LOST, location_ids=("kositsa",)
        ),
    )
    d = reconcile(attrs.evolve(base, claims=(*base.claims, admission)))
    a = _about(d, "ua-admits-kositsa")
    assert a.status is S.CONFIRMED
    assert a.supporting == ("kursk-mod-kositsa", "ua-admits-kositsa")


def test_same_time_denial_by_third_party_contests() -> None:
    d = dossier(control("c1", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "RU", C.CAPTURED, negated=True))
    a = only(reconcile(d))
    assert a.status is S.CONTESTED
    assert a.statement.change is C.CONTESTED
    assert a.statement.party == "RU"


def test_relayed_ministry_plus_think_tank_is_two_origins() -> None:
    d = dossier(
        *(control(f"c{i}", "ru-mod", "RU", C.CAPTURED, relay=f"outlet-{i}") for i in (1, 2, 3)),
        control("c4", "isw", "RU", C.HOLDS),
    )
    a = only(reconcile(d))
    assert a.independent_origins == 2
    assert a.status is S.CORROBORATED


def test_party_reporting_its_own_loss_without_winner_is_an_admission() -> None:
    a = only(reconcile(dossier(control("c1", "ru-mod", "RU", C.LOST))))
    assert a.statement.change is C.LOST
    assert a.statement.party == "RU"
    assert {"RU MoD", "RU"} <= said_names(a, "admission")


def test_reconciled_kursk_merges_with_raw_kursk() -> None:
    raw = kursk_dossier()
    done = reconcile(raw)
    merged = merge(done, raw)
    assert merged.assessments == done.assessments
    assert {c.id for c in merged.claims} == {c.id for c in raw.claims}


def test_as_of_after_everything_changes_nothing_but_the_stamp() -> None:
    plain = reconcile(recapture_dossier())
    later = reconcile(recapture_dossier(), as_of=at(28))
    assert [attrs.evolve(a, as_of=None) for a in later.assessments] == list(plain.assessments)


def test_party_claiming_adversary_casualties_is_self_serving() -> None:
    claim = Claim(
        id="c1",
        source_id="ru-mod",
        reported_at=at(1),
        statement=Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.at_least(1_000)),
    )
    a = only(reconcile(dossier(claim)))
    assert a.status is S.UNVERIFIED
    assert codes(a) == ["enemy-loss-bound", "self-serving", "single-origin", "evidence", "confidence"]
    assert a.statement.quantity == Estimate.at_most(1_000)  # an adversary's count of losses is an upper side

    def lone_report(statement: Statement) -> str:
        return EvidenceSummary(
            ("ru-mod",), 0.3, 0.0, False, 0.52, lone_party="RU", lone_statement=statement
        ).lone_report

    gain = Statement(predicate=Predicate.CONTROL, party="RU", change=C.CAPTURED, location_ids=("v1",))
    assert lone_report(claim.statement) != lone_report(gain)  # the adversary's loss, not its own gain
    assert lone_report(claim.statement) in said(a, "single-origin")


@pytest.mark.parametrize(
    "change",
    [
        {"self_interest_factor": -1.0},
        {"probability_bounds": (0.6, 0.4)},
        {"corroborated_min_origins": 0},
        {"hedge_factors": {Hedge.ASSERTED: 1.0}},
        {"reliability_weights": {**DEFAULT_POLICY.reliability_weights, Reliability.A: -2.0}},
    ],
)
def test_policy_rejects_bad_rules(change: dict[str, object]) -> None:
    with pytest.raises(FieldError):
        attrs.evolve(DEFAULT_POLICY, **change)  # type: ignore[arg-type]


def test_admission_among_several_claims_of_one_origin_counts() -> None:
    d = dossier(
        control("c1", "ua-gs", "UA", C.HOLDS, day=1, place="v1"),
        control("c2", "ua-gs", "UA", C.LOST, day=1, counterparty="RU", place="v1"),
        control("c3", "ua-gs", "UA", C.LOST, day=1, counterparty="RU", place="v1", hedge=Hedge.REPORTEDLY),
    )
    a = only(reconcile(d))
    assert {"UA General Staff", "UA"} <= said_names(a, "admission")


@pytest.mark.parametrize("floor", list(Reliability))
def test_policy_reliable_grades(floor: Reliability) -> None:
    policy = attrs.evolve(DEFAULT_POLICY, confirmed_min_reliability=floor)
    order = list(Reliability)
    for grade in (*Reliability, None):
        expected = grade not in (None, Reliability.F) and order.index(grade) <= order.index(floor)
        assert policy.reliable(grade) is expected


@pytest.mark.parametrize("p", [0.0, 0.004, 0.01, 0.05, 0.2, 0.45, 0.5, 0.55, 0.8, 0.95, 0.97, 0.99, 1.0])
def test_policy_likelihood_matches_icd203(p: float) -> None:
    lo, hi = DEFAULT_POLICY.probability_bounds
    assert DEFAULT_POLICY.likelihood(p) is Likelihood.from_probability(min(hi, max(lo, p)))


def test_big_groups_stay_linear_and_rationale_bounded() -> None:
    outlets = [Source(id=f"o{i}", name=f"O{i}", reliability=Reliability.C) for i in range(300)]
    claims = [control(f"c{i:04d}", f"o{i % 300}", "RU" if i % 3 else "UA", C.HOLDS, day=1) for i in range(900)]
    claims += [control(f"d{i:04d}", f"o{i % 300}", "RU", C.CAPTURED, day=2, negated=True) for i in range(300)]
    d = Dossier(sources=tuple(outlets), locations=PLACES, claims=tuple(claims))
    out = reconcile(d)
    assert len(out.assessments) == 1
    a = out.assessments[0]
    assert len(a.rationale) < 40
    assert set(a.claim_ids) == {c.id for c in claims}
    # every source walked back its earlier "RU holds" claims: both go (sources o0, o3, ... made none)
    walked = {c.id for c in claims if int(c.id[1:]) % 3}
    assert walked <= set(a.related)


# --------------------------------------------------------------------------- rule codes

SRC = Path(__file__).parents[1] / "src" / "conflictmodels"
DOCS = Path(__file__).parents[1] / "docs" / "explanation" / "reconciliation.md"
LADDER_CODES = [rung.code for rung in STATUS_LADDER]


def scenarios() -> list[Dossier]:
    return [
        kursk_dossier(),
        recapture_dossier(),
        dossier(*(control(f"c{i}", "ru-mod", "RU", C.CAPTURED, relay=f"outlet-{i}") for i in (1, 2, 3))),
        dossier(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "isw", "RU", C.CAPTURED)),
        dossier(control("c1", "reuters", "RU", C.CAPTURED), control("c2", "bbc", "UA", C.HOLDS)),
        dossier(attack("c1", "blog"), *(attack(f"c{i}", s, negated=True) for i, s in ((2, "reuters"), (3, "bbc")))),
        dossier(
            quantity("c1", "isw", Estimate.at_most(30_000, unit="troops")),
            quantity("c2", "reuters", Estimate.at_least(50_000, unit="troops")),
            quantity("c3", "afp", Estimate.exactly(12, unit="brigades")),
        ),
        dossier(
            control("c1", "ru-mod", "RU", C.CAPTURED, day=1),
            control("c2", "ru-mod", "RU", C.CAPTURED, day=3, negated=True),
        ),
    ]


@pytest.mark.parametrize("index", range(len(scenarios())))
def test_every_rationale_entry_has_a_known_code(index: int) -> None:
    for a in reconcile(scenarios()[index]).assessments:
        assert set(codes(a)) <= set(RULE_CODES), a.rationale
        if a.status is AssessmentStatus.ATTRIBUTED:  # an opinion, judgment or forecast: recorded, never judged
            assert codes(a) == ["attributed"]
            continue
        assert sum(1 for c in codes(a) if c in LADDER_CODES) == 1  # exactly one rung of the ladder fired


def test_rule_codes_are_the_codes_the_rules_write() -> None:
    # every module but the policy (whose ladder writes LADDER_CODES) may write sentences
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SRC.glob("*.py")) if p.name != "policy.py")
    written = set(re.findall(r"\"\[([a-z0-9-]+)\] ", text))
    assert written | set(LADDER_CODES) == set(RULE_CODES)
    assert not written & set(LADDER_CODES)


def test_docs_list_every_rule_code() -> None:
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", DOCS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert documented == list(RULE_CODES)


def test_status_ladder_is_a_table_of_rungs() -> None:
    assert len(set(LADDER_CODES)) == len(LADDER_CODES)
    nothing = EvidenceSummary((), 0.0, 0.0, False, 0.45, (), (), False)
    assert [r.code for r in STATUS_LADDER if r.applies(nothing, DEFAULT_POLICY)] == ["too-few-origins"]
    empty = EvidenceSummary((), 0.0, 0.0, False, 0.45, no_information=True)
    assert next(r.code for r in STATUS_LADDER if r.applies(empty, DEFAULT_POLICY)) == "no-information"
    statuses = [r.status_for(DEFAULT_POLICY) for r in STATUS_LADDER]
    assert statuses[:3] == [S.UNVERIFIED, S.REFUTED, S.CONTESTED]
    assert statuses[-1] is S.UNVERIFIED
    alone = next(r for r in STATUS_LADDER if r.code == "admission-alone")
    assert alone.status_for(attrs.evolve(DEFAULT_POLICY, admission_alone=S.CONTESTED)) is S.CONTESTED


def test_status_ladder_first_match_wins() -> None:
    # three reliable third parties for, one weaker origin against: both "contested" and
    # "confirmed-third-party" could apply; the lead decides which rung is reached first
    reliable = ("afp", "bbc", "reuters")
    strong = EvidenceSummary(reliable, 4.0, 0.5, True, 0.97, reliable, (), False)
    close = EvidenceSummary(reliable, 4.0, 3.5, True, 0.57, reliable, (), False)
    first = {e: next(r.code for r in STATUS_LADDER if r.applies(e, DEFAULT_POLICY)) for e in (strong, close)}
    assert first == {strong: "confirmed-third-party", close: "contested"}
