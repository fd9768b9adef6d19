"""Reconcile against information operations: nobody can manufacture "corroborated" or "confirmed".

Each test is a technique an adversary uses (a channel posing as the other side, a
hostile agency paraphrasing the other side's officials, one rumour repeated as
"reportedly", state media echoing their ministry, an ally's gain dressed as an
admission) and what reconcile must make of it.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    Affiliation,
    AffiliationKind,
    Assessment,
    AssessmentStatus,
    Claim,
    Confidence,
    ControlChange,
    Credibility,
    DanglingReferenceError,
    Dossier,
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
    dumps,
    loads,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.policy import DEFAULT_POLICY, Alliance, Policy
from conflictmodels.reconciliation import reconcile
from conflictmodels.references import references, remap

C, S, H, K, R = ControlChange, AssessmentStatus, Hedge, AffiliationKind, Reliability
ORDER = list(Likelihood)
FIRM = (S.CORROBORATED, S.CONFIRMED)


def at(day: int) -> datetime:
    return datetime(2025, 3, day, 12, tzinfo=UTC)


EXPOSED = TimeSpan(start=at(5))
STATE_MEDIA_RU = (Affiliation(kind=K.STATE_MEDIA, party="RU"),)
SOURCES = (
    Source(id="ru-mod", name="Russian MoD", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="ua-gs", name="Ukrainian General Staff", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="kp-army", name="Korean People's Army", kind=SourceKind.STATE_MILITARY, party="KP"),
    # a careless coder rated the state agencies B and gave them no party: the affiliation says whose they are
    Source(id="tass", name="TASS", kind=SourceKind.STATE_MEDIA, reliability=R.B, affiliations=STATE_MEDIA_RU),
    Source(id="ria", name="RIA Novosti", kind=SourceKind.STATE_MEDIA, reliability=R.B, affiliations=STATE_MEDIA_RU),
    Source(id="rt", name="RT", kind=SourceKind.STATE_MEDIA, reliability=R.B, affiliations=STATE_MEDIA_RU),
    # state media nobody coded with a party at all
    *(Source(id=f"agency-{i}", name=f"Agency {i}", kind=SourceKind.STATE_MEDIA, reliability=R.B) for i in (1, 2, 3)),
    Source(id="zvezda", name="Zvezda", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.B,
           affiliations=(Affiliation(kind=K.OWNED_BY, source_id="ru-mod"),)),
    Source(id="bought", name="Bought Daily", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.B,
           affiliations=(Affiliation(kind=K.OWNED_BY, source_id="ru-mod", valid=EXPOSED),)),
    Source(id="fake-ua", name="Ukrainian Soldier (fake)", kind=SourceKind.BLOGGER, party="UA", reliability=R.E),
    Source(id="anon-ua", name="Ukrainian Trench Truth", kind=SourceKind.BLOGGER, party="UA"),
    Source(id="flip", name="Kharkiv Insider", kind=SourceKind.BLOGGER, party="UA",
           affiliations=(Affiliation(kind=K.PARTY, party="RU", valid=EXPOSED),)),
    Source(id="junk", name="Junk Wire", kind=SourceKind.OTHER, reliability=R.E),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.B),
    Source(id="bbc", name="BBC", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.B),
    Source(id="ap", name="AP", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.B),
    Source(id="afp", name="AFP", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.A),
    Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK, reliability=R.B),
)  # fmt: skip
IDS = {s.id for s in SOURCES}
PLACES = (Location(id="v1", name="Village 1"),)


def chain(*links: tuple[str, Hedge]) -> tuple[Hop, ...]:
    return tuple(Hop(source_id=s, hedge=h) for s, h in links)


def control(
    id: str,
    source: str,
    party: str,
    change: ControlChange = C.CAPTURED,
    *,
    counterparty: str | None = None,
    via: tuple[Hop, ...] = (),
    day: int = 9,
    negated: bool = False,
    credibility: Credibility | None = None,
) -> Claim:
    return Claim(
        id=id,
        source_id=source,
        attribution=via,
        reported_at=at(day),
        when=TimeSpan(start=at(day - 1), end=at(day - 1)),
        credibility=credibility,
        statement=Statement(predicate=Predicate.CONTROL, party=party, counterparty=counterparty, change=change,
                            location_ids=("v1",), negated=negated),
    )  # fmt: skip


def reportedly(id: str, outlet: str, hedge: Hedge = H.REPORTEDLY, party: str = "RU") -> Claim:
    """An outlet writing, in its own voice, that RU took the village "reportedly"."""
    return control(id, outlet, party, via=chain((outlet, hedge)))


def judge(*claims: Claim, policy: Policy = DEFAULT_POLICY) -> Assessment:
    """The one current assessment of village 1."""
    d = reconcile(Dossier(sources=SOURCES, locations=PLACES, claims=claims), policy=policy)
    current = [a for a in d.assessments if a.status is not S.SUPERSEDED]
    assert len(current) == 1, [a.rationale for a in d.assessments]
    return current[0]


CODE = re.compile(r"\[([a-z0-9-]+)\] ")


def codes(a: Assessment) -> list[str]:
    return [m.group(1) for entry in a.rationale if (m := CODE.match(entry))]


def said(a: Assessment, code: str) -> str:
    return "\n".join(entry[len(code) + 3 :] for entry in a.rationale if entry.startswith(f"[{code}] "))


def rank(a: Assessment) -> int:
    assert a.likelihood is not None
    return ORDER.index(a.likelihood)


# ----------------------------------------------------------- admissions bounded by their chain


def test_unreliable_channel_posing_as_ukrainian_never_beats_an_independent_observer() -> None:
    fake = control("c1", "fake-ua", "UA", C.LOST, counterparty="RU")
    observer = control("c2", "reuters", "UA", C.HOLDS)
    a = judge(fake, observer)
    assert a.statement.party == "UA"  # the observer's picture stands
    assert a.status not in FIRM


def test_unreliable_channel_posing_as_ukrainian_plus_the_beneficiary_is_not_corroborated() -> None:
    a = judge(control("c1", "fake-ua", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert a.status is S.UNVERIFIED
    assert "weak-admission" in codes(a)
    assert "Ukrainian Soldier (fake)" in said(a, "weak-admission")


def test_unrated_channel_posing_as_ukrainian_is_too_weak_to_confirm() -> None:
    a = judge(control("c1", "anon-ua", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert a.status is S.UNVERIFIED
    assert "weak-admission" in codes(a)


def test_admission_weight_is_bounded_by_the_admitting_source() -> None:
    fake = judge(control("c1", "fake-ua", "UA", C.LOST, counterparty="RU"))
    real = judge(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"))
    assert rank(fake) < rank(real)
    assert real.likelihood is Likelihood.VERY_LIKELY


def test_hostile_agency_paraphrasing_an_admission_counts_as_its_own_claim() -> None:
    paraphrase = control(
        "c1", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain(("tass", H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    a = judge(paraphrase)
    assert a.status is S.UNVERIFIED
    assert "admission" not in codes(a)
    assert "TASS" in said(a, "hostile-relay")
    assert "Ukrainian General Staff" in said(a, "hostile-relay")
    own = judge(control("c1", "tass", "RU", counterparty="UA"))
    assert a.likelihood == own.likelihood  # weighs what TASS is worth, on TASS's side


def test_hostile_paraphrase_plus_ministry_is_one_side_not_confirmation() -> None:
    paraphrase = control(
        "c1", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain(("tass", H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    a = judge(paraphrase, control("c2", "ru-mod", "RU", counterparty="UA"))
    assert a.status is S.UNVERIFIED
    assert a.independent_origins == 1
    assert a.confidence is Confidence.LOW


def test_hostile_paraphrase_never_beats_an_independent_observer() -> None:
    paraphrase = control(
        "c1", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain(("ria", H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    a = judge(paraphrase, control("c2", "bbc", "UA", C.HOLDS))
    assert a.statement.party == "UA"
    assert a.status not in FIRM


def test_unreliable_relay_bounds_a_genuine_admission() -> None:
    relayed = control(
        "c1", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain(("junk", H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    direct = control("c1", "ua-gs", "UA", C.LOST, counterparty="RU")
    weak, strong = judge(relayed), judge(direct)
    assert rank(weak) < rank(strong)
    assert "Junk Wire" in said(weak, "weakest-link")
    assert "weak-admission" in codes(weak)


def test_reliable_relay_keeps_a_genuine_admission_strong() -> None:
    relayed = control(
        "c1", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain(("reuters", H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    a = judge(relayed, control("c2", "isw", "RU"))
    assert a.status is S.CONFIRMED
    assert "admission" in codes(a)


def test_a_genuine_admission_with_the_beneficiary_still_confirms() -> None:
    a = judge(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert a.status is S.CONFIRMED


def test_one_admission_is_never_corroborated() -> None:
    a = judge(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"))
    assert a.status is S.UNVERIFIED
    assert a.independent_origins == 1
    assert "admission-alone" in codes(a)


@pytest.mark.parametrize("status", [S.CORROBORATED, S.CONFIRMED, S.SUPERSEDED])
def test_policy_refuses_to_corroborate_a_lone_admission(status: AssessmentStatus) -> None:
    with pytest.raises(FieldError, match="admission_alone"):
        Policy(admission_alone=status)


# ----------------------------------------------------------- hedges and unnamed originators


def test_three_outlets_writing_reportedly_are_one_rumour() -> None:
    a = judge(*(reportedly(f"c{i}", s) for i, s in enumerate(("reuters", "bbc", "ap"))))
    assert a.status is S.UNVERIFIED
    assert a.independent_origins == 1
    assert "unnamed-origin" in codes(a)
    assert a.grade is not None
    assert a.grade[0] == "F"


def test_officials_said_in_two_outlets_is_one_unnamed_source() -> None:
    a = judge(*(reportedly(f"c{i}", s, H.ACCORDING_TO) for i, s in enumerate(("reuters", "afp"))))
    assert a.independent_origins == 1
    assert a.status is S.UNVERIFIED


def test_allegedly_in_three_outlets_is_one_unnamed_source() -> None:
    a = judge(*(reportedly(f"c{i}", s, H.ALLEGED) for i, s in enumerate(("reuters", "bbc", "afp"))))
    assert (a.independent_origins, a.status) == (1, S.UNVERIFIED)


def test_hedged_named_reports_alone_never_corroborate() -> None:
    claims = [control(f"c{i}", s, "RU", via=chain((s, H.CLAIMED))) for i, s in enumerate(("reuters", "bbc", "afp"))]
    a = judge(*claims)
    assert a.independent_origins == 3
    assert a.status is S.UNVERIFIED
    assert "weak-support" in codes(a)


def test_an_unnamed_source_does_not_corroborate_a_named_one() -> None:
    a = judge(control("c1", "reuters", "RU"), reportedly("c2", "bbc"))
    assert a.status is S.UNVERIFIED
    assert "weak-support" in codes(a)


def test_two_firm_named_reports_still_corroborate() -> None:
    a = judge(control("c1", "reuters", "RU"), control("c2", "bbc", "RU"))
    assert a.status is S.CORROBORATED
    assert a.grade == "B2"


def test_reportedly_in_a_party_outlet_is_the_outlets_own_claim() -> None:
    a = judge(reportedly("c1", "tass"))
    assert "unnamed-origin" not in codes(a)
    assert "self-serving" in codes(a)


def test_a_hop_must_state_its_hedge() -> None:
    with pytest.raises(TypeError, match="hedge"):
        Hop(source_id="reuters")  # type: ignore[call-arg]


# ----------------------------------------------------------- alignment as data


def test_three_state_outlets_rated_b_are_one_interest() -> None:
    a = judge(*(control(f"c{i}", s, "RU", counterparty="UA") for i, s in enumerate(("tass", "ria", "rt"))))
    assert a.independent_origins == 1
    assert a.status is S.UNVERIFIED
    assert a.confidence is Confidence.LOW
    assert {"TASS", "RIA Novosti", "RT"} <= set(re.findall(r"TASS|RIA Novosti|RT", said(a, "one-interest")))


def test_state_agency_echoing_its_ministry_is_not_corroboration() -> None:
    a = judge(control("c1", "ru-mod", "RU", counterparty="UA"), control("c2", "tass", "RU", counterparty="UA"))
    assert (a.independent_origins, a.status) == (1, S.UNVERIFIED)
    assert rank(a) <= ORDER.index(Likelihood.ROUGHLY_EVEN_CHANCE)


def test_state_media_without_a_declared_party_are_one_interest() -> None:
    a = judge(*(control(f"c{i}", f"agency-{i}", "RU") for i in (1, 2, 3)))
    assert a.independent_origins == 1
    assert a.status is S.UNVERIFIED
    assert a.confidence is Confidence.LOW


def test_ministry_owned_channel_speaks_for_the_ministry() -> None:
    a = judge(control("c1", "ru-mod", "RU", counterparty="UA"), control("c2", "zvezda", "RU", counterparty="UA"))
    assert (a.independent_origins, a.status) == (1, S.UNVERIFIED)
    alone = judge(control("c2", "zvezda", "RU", counterparty="UA"))
    assert "self-serving" in codes(alone)


def test_ownership_counts_only_while_it_holds() -> None:
    before = judge(control("c1", "bought", "RU", day=3), control("c2", "reuters", "RU", day=3))
    after = judge(control("c1", "bought", "RU", day=9), control("c2", "ru-mod", "RU", day=9))
    assert before.status is S.CORROBORATED  # an independent paper, then
    assert (after.independent_origins, after.status) == (1, S.UNVERIFIED)


def test_an_allys_gain_is_self_serving_not_an_admission() -> None:
    a = judge(control("c1", "ru-mod", "KP"))
    assert "admission" not in codes(a)
    assert "self-serving" in codes(a)
    assert "its ally KP" in said(a, "self-serving")
    assert a.status is S.UNVERIFIED


def test_an_allys_loss_is_an_admission_for_the_alliance() -> None:
    a = judge(control("c1", "ru-mod", "KP", C.LOST, counterparty="UA"))
    assert "admission" in codes(a) or "weak-admission" in codes(a)


def test_allied_armies_are_one_interest() -> None:
    a = judge(control("c1", "ru-mod", "RU", counterparty="UA"), control("c2", "kp-army", "RU", counterparty="UA"))
    assert (a.independent_origins, a.status) == (1, S.UNVERIFIED)


def test_alliances_are_data_in_the_policy() -> None:
    alone = attrs.evolve(DEFAULT_POLICY, alliances=())
    a = judge(control("c1", "ru-mod", "RU", counterparty="UA"), control("c2", "kp-army", "RU", counterparty="UA"),
              policy=alone)  # fmt: skip
    assert a.independent_origins == 2


def test_an_alliance_counts_only_while_it_holds() -> None:
    later = attrs.evolve(DEFAULT_POLICY, alliances=(Alliance(parties=("RU", "KP"), valid=TimeSpan(start=at(5))),))
    early = judge(control("c1", "ru-mod", "RU", day=3), control("c2", "kp-army", "RU", day=3), policy=later)
    late = judge(control("c1", "ru-mod", "RU", day=9), control("c2", "kp-army", "RU", day=9), policy=later)
    assert (early.independent_origins, late.independent_origins) == (2, 1)


def test_false_flag_channel_changes_side_at_its_exposure() -> None:
    before = judge(control("c1", "flip", "UA", C.LOST, counterparty="RU", day=3))
    after = judge(control("c1", "flip", "UA", C.LOST, counterparty="RU", day=9))
    assert {"admission", "weak-admission"} & set(codes(before))
    assert "self-serving" in codes(after)
    assert rank(after) <= rank(before)


def test_affiliation_validation() -> None:
    with pytest.raises(FieldError, match="party"):
        Affiliation(kind=K.STATE_MEDIA)
    with pytest.raises(FieldError, match="source_id"):
        Affiliation(kind=K.OWNED_BY)
    with pytest.raises(FieldError, match="source_id"):
        Affiliation(kind=K.ALIGNED, party="RU", source_id="ru-mod")
    with pytest.raises(FieldError, match="own itself"):
        Source(id="x", name="X", affiliations=(Affiliation(kind=K.OWNED_BY, source_id="x"),))


def test_alliance_validation() -> None:
    with pytest.raises(FieldError, match="two"):
        Alliance(parties=("RU", "RU"))
    with pytest.raises(FieldError, match="party"):
        Alliance(parties=("RU", "not a party"))
    with pytest.raises(FieldError, match="alliances"):
        Policy(alliances=(("RU", "KP"),))  # type: ignore[arg-type]


def test_owners_are_references_walked_from_the_declaration() -> None:
    d = Dossier(sources=SOURCES)
    found = [r for r in references(d) if ".affiliations[" in r[1]]
    assert ("sources", "sources[9].affiliations[0].source_id", "ru-mod") in found
    moved = remap(SOURCES[9], {"sources": {"ru-mod": "mod-ru"}})
    assert moved.affiliations[0].source_id == "mod-ru"
    with pytest.raises(DanglingReferenceError):
        Dossier(sources=(Source(id="a", name="A", affiliations=(Affiliation(kind=K.OWNED_BY, source_id="b"),)),))


def test_a_cycle_of_owners_is_refused() -> None:
    a = Source(id="a", name="A", affiliations=(Affiliation(kind=K.OWNED_BY, source_id="b"),))
    b = Source(id="b", name="B", parent_id="a")
    with pytest.raises(FieldError, match="cycle"):
        Dossier(sources=(a, b))


def test_affiliations_survive_json() -> None:
    d = Dossier(sources=SOURCES)
    assert loads(dumps(d)) == d


# ----------------------------------------------------------- honest confidence and grades


def test_three_independent_reliable_outlets_confirm_with_high_confidence() -> None:
    a = judge(*(control(f"c{i}", s, "RU") for i, s in enumerate(("reuters", "bbc", "afp"))))
    assert (a.status, a.confidence, a.grade) == (S.CONFIRMED, Confidence.HIGH, "A1")


def test_the_two_sides_agreeing_gives_moderate_confidence_not_high() -> None:
    # one side admits the loss, the other claims the gain: no third party, but the two
    # adversaries agree, which an analyst counts for more than one interested party
    a = judge(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert a.status is S.CONFIRMED
    assert a.confidence is Confidence.MODERATE
    assert "both sides" in said(a, "confidence")


def test_one_sides_sources_alone_give_low_confidence() -> None:
    a = judge(control("c1", "ru-mod", "RU"), control("c2", "tass", "RU"))
    assert a.confidence is Confidence.LOW
    assert "only interested parties" in said(a, "confidence")


def test_no_usable_information_is_its_own_state() -> None:
    a = judge(control("c1", "junk", "RU", via=chain(("junk", H.ALLEGED)), credibility=Credibility.IMPROBABLE))
    assert a.likelihood is None
    assert a.status is S.CLAIMED  # no state of control is drawn from no information: the claim stays a claim
    assert {"no-information", "no-information-state"} <= set(codes(a))
    assert "roughly even chance" not in " ".join(a.rationale)
    assert a.grade is not None
    assert a.grade.endswith("6")


@pytest.mark.parametrize(
    ("claims", "grade"),
    [
        ((("reuters", "RU"),), "B3"),
        ((("reuters", "RU"), ("bbc", "RU")), "B2"),
        ((("ru-mod", "RU"),), "F3"),
        ((("isw", "RU"), ("reuters", "UA"), ("bbc", "UA"), ("afp", "UA")), "A1"),
    ],
)
def test_admiralty_grade(claims: tuple[tuple[str, str], ...], grade: str) -> None:
    a = judge(*(control(f"c{i}", s, p, C.HOLDS) for i, (s, p) in enumerate(claims)))
    assert a.grade == grade


def test_grade_is_an_admiralty_pair() -> None:
    a = judge(control("c1", "reuters", "RU"))
    with pytest.raises(FieldError, match="grade"):
        attrs.evolve(a, grade="G7")
    assert DEFAULT_POLICY.grade(None, S.REFUTED, Likelihood.VERY_UNLIKELY) == "F5"
    assert DEFAULT_POLICY.grade(R.C, S.UNVERIFIED, Likelihood.UNLIKELY) == "C4"


# ----------------------------------------------------------- rationales an editor would print


BANNED = re.compile(r"origin\(s\)|\bnats?\b|rated B or better\)|, 0 rated")


def test_rationales_name_sources_not_ids() -> None:
    a = judge(control("c1", "ru-mod", "RU", counterparty="UA"), control("c2", "tass", "RU", counterparty="UA"),
              control("c3", "bbc", "UA", C.HOLDS))  # fmt: skip
    text = " ".join(a.rationale)
    for sid in ("ru-mod", "tass", "bbc"):
        assert not re.search(rf"(?<![\w(-]){sid}(?![\w-])", text), text
    assert "Russian MoD" in text
    assert "BBC" in text
    assert not BANNED.search(text), text


def test_casualty_figures_are_not_worded_as_gains() -> None:
    claim = Claim(
        id="c1", source_id="ru-mod", reported_at=at(9),
        statement=Statement(predicate=Predicate.CASUALTIES, party="UA", quantity=Estimate.at_least(1_100)),
    )  # fmt: skip
    d = reconcile(Dossier(sources=SOURCES, claims=(claim,)))
    text = " ".join(d.assessments[0].rationale)
    assert "its adversary's losses" in text
    assert "its own gain" not in text


def test_kursk_rationales_are_plain_english() -> None:
    d = reconcile(kursk_dossier())
    ids = {s.id for s in d.sources}
    for a in d.assessments:
        text = " ".join(a.rationale)
        assert not BANNED.search(text), text
        for sid in ids:
            assert not re.search(rf"(?<![\w(-]){re.escape(sid)}(?![\w-])", text), (sid, text)


def test_kursk_still_reads_as_an_analyst_would() -> None:
    d = reconcile(kursk_dossier())
    mod = next(a for a in d.assessments if "kursk-mod-kositsa" in a.supporting)
    assert (mod.status, mod.confidence, mod.independent_origins) == (S.UNVERIFIED, Confidence.LOW, 1)
    assert "single-origin" in codes(mod)
    assert "self-serving" in codes(mod)
    isw = next(a for a in d.assessments if a.supporting == ("kursk-isw-strength",))
    assert isw.statement.quantity is not None
    assert isw.statement.quantity.high == 30_000
    assert isw.grade == "B3"
    assert not [a for a in d.assessments if a.status in FIRM]


# ----------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["reuters", "bbc", "ap", "afp", "isw", "junk", "agency-2"]), min_size=1, max_size=8),
       st.sampled_from([H.REPORTEDLY, H.ALLEGED, H.ACCORDING_TO]))  # fmt: skip
def test_any_number_of_unnamed_reports_is_one_unverified_origin(outlets: list[str], hedge: Hedge) -> None:
    claims = [reportedly(f"c{i}", o, hedge) for i, o in enumerate(outlets)]
    a = judge(*claims)
    assert a.status not in FIRM


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["tass", "ria", "rt", "zvezda", "kp-army", "agency-1"]), min_size=1, max_size=8))
def test_aligned_echoes_never_raise_a_ministry_claim(echoes: list[str]) -> None:
    claims = [control("c0", "ru-mod", "RU", counterparty="UA")]
    claims += [control(f"c{i + 1}", s, "RU", counterparty="UA") for i, s in enumerate(echoes)]
    a = judge(*claims)
    assert a.status is S.UNVERIFIED
    assert a.confidence is Confidence.LOW


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_timed_alignment_does_not_depend_on_input_order(rnd: random.Random) -> None:
    claims = [
        control("c1", "bought", "RU", day=3), control("c2", "bought", "RU", day=9), control("c3", "flip", "UA",
        C.LOST, counterparty="RU", day=4), control("c4", "reuters", "RU", day=9), reportedly("c5", "ap"),
    ]  # fmt: skip
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    d1 = reconcile(Dossier(sources=SOURCES, locations=PLACES, claims=tuple(claims)))
    d2 = reconcile(Dossier(sources=tuple(reversed(SOURCES)), locations=PLACES, claims=tuple(shuffled)))
    assert d1.assessments == d2.assessments


# --------------------------------------------------------------------------- R1 adversarial review (FX3)

MORE = (
    Source(id="frontline", name="Frontline Insider", kind=SourceKind.OTHER),
    Source(id="frontline-f", name="Frontline Insider F", kind=SourceKind.OTHER, reliability=R.F),
    Source(id="soldier-c", name="Ukrainian Soldier (rated C)", kind=SourceKind.BLOGGER, party="UA",
           reliability=R.C),
    *(Source(id=f"tg-{i}", name=f"Channel {i}", kind=SourceKind.BLOGGER) for i in (1, 2, 3)),
    *(Source(id=f"d-{i}", name=f"Blog {i}", kind=SourceKind.BLOGGER, reliability=R.D) for i in (1, 2, 3)),
    Source(id="c-1", name="Outlet C", kind=SourceKind.INDEPENDENT_MEDIA, reliability=R.C),
)  # fmt: skip


def judged(*claims: Claim) -> list[Assessment]:
    """Every assessment of village 1 (states and claimed changes), with the extra sources."""
    d = reconcile(Dossier(sources=(*SOURCES, *MORE), locations=PLACES, claims=claims))
    return list(d.assessments)


def single(*claims: Claim) -> Assessment:
    """The one current assessment of village 1, with the extra sources."""
    current = [a for a in judged(*claims) if a.status is not S.SUPERSEDED]
    assert len(current) == 1, [a.rationale for a in current]
    return current[0]


def about(assessments: list[Assessment], claim_id: str) -> Assessment:
    return next(a for a in assessments if claim_id in a.supporting)


@pytest.mark.parametrize("relay", ["frontline", "frontline-f"])
def test_a_fabricated_admission_relayed_by_an_unrated_channel_weighs_what_the_channel_is_worth(relay: str) -> None:
    """R1 s30: an unrated (or F) channel "quotes" the General Staff admitting the loss
    of the village. Only the channel vouches for the words: no admission, no change."""
    fab = control(
        "fab", "ua-gs", "UA", C.LOST, counterparty="RU", via=chain((relay, H.ASSERTED), ("ua-gs", H.ASSERTED))
    )
    out = judged(control("isw", "isw", "UA", C.HOLDS, day=3), fab, control("mod", "ru-mod", "RU"))
    a = about(out, "fab")
    assert "admission" not in codes(a)
    assert "weak-admission" in codes(a)
    assert "no more than an unrated source" in said(a, "weakest-link")
    assert a.status not in FIRM or "claimed-not-observed" in codes(a)
    standing = about(out, "isw")
    assert standing.statement.party == "UA"
    assert standing.status is not S.SUPERSEDED


def test_a_party_and_its_undeclared_state_media_are_capped_like_self_serving_reports() -> None:
    """R1 s19a: the ministry and an agency of an undeclared state (one interest): no
    likelihood above the self-serving cap, as confidence already says."""
    a = single(control("m", "ru-mod", "RU"), control("t", "agency-1", "RU"))
    assert a.likelihood is not None
    assert not DEFAULT_POLICY.above_self_serving_cap(a.likelihood)
    assert "only sources speaking for a side support it" in said(a, "self-serving-cap")
    assert a.confidence is Confidence.LOW


@pytest.mark.parametrize("prefix", ["tg", "d"])
def test_unrated_or_d_rated_third_parties_alone_give_low_confidence(prefix: str) -> None:
    """R1 #2: three unrated (or D-rated) channels with no party agree: firm, but not
    rated: never high, nor moderate, confidence."""
    a = single(*(control(f"c{i}", f"{prefix}-{i}", "RU") for i in (1, 2, 3)))
    assert a.confidence is Confidence.LOW
    assert "none of them rated C or better" in said(a, "confidence")


def test_confidence_grows_with_rated_sources() -> None:
    two_b_and_unrated = single(control("a", "isw", "RU"), control("b", "bbc", "RU"), control("c", "tg-1", "RU"))
    assert two_b_and_unrated.confidence is Confidence.HIGH
    one_b_two_unrated = single(control("a", "isw", "RU"), control("b", "tg-2", "RU"), control("c", "tg-1", "RU"))
    assert one_b_two_unrated.confidence is Confidence.MODERATE
    c_and_unrated = single(control("a", "c-1", "RU"), control("b", "tg-1", "RU"))
    assert c_and_unrated.confidence is Confidence.MODERATE
    assert "one of them rated C or better" in said(c_and_unrated, "confidence")
    with pytest.raises(FieldError, match="confidence_high_min_reliable"):
        attrs.evolve(DEFAULT_POLICY, confidence_high_min_reliable=-1)
    with pytest.raises(FieldError, match="confidence_moderate_min_reliability"):
        attrs.evolve(DEFAULT_POLICY, confidence_moderate_min_reliability="C")
    with pytest.raises(FieldError, match="official_kinds"):
        attrs.evolve(DEFAULT_POLICY, official_kinds=frozenset({"state_military"}))


def test_a_channel_coded_to_a_side_cannot_make_both_sides_agree() -> None:
    """R1 #10: a C-rated channel coded UA posing as a soldier "admits" the loss and the
    ministry claims the gain: not the General Staff, so not "both sides agree"."""
    a = single(control("c1", "soldier-c", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert a.confidence is Confidence.LOW
    assert "both sides" not in said(a, "confidence")
    official = single(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "ru-mod", "RU"))
    assert official.confidence is Confidence.MODERATE
    assert "both sides" in said(official, "confidence")


def test_an_admission_alone_is_not_both_sides() -> None:
    a = single(control("c1", "ua-gs", "UA", C.LOST, counterparty="RU"), control("c2", "isw", "RU"))
    assert "both sides" not in said(a, "confidence")


def test_a_refutation_by_four_rated_observers_is_held_with_high_confidence() -> None:
    """R1 B: the confidence of a refuted claim says how sure we are that it is false."""

    def strike(id: str, source: str, negated: bool = False) -> Claim:  # an attack on the village, or none
        statement = Statement(predicate=Predicate.ATTACK, party="UA", location_ids=("v1",), negated=negated)
        return Claim(id=id, source_id=source, reported_at=at(9), when=TimeSpan(start=at(8), end=at(8)),
                     statement=statement)  # fmt: skip

    out = judged(strike("mod", "ru-mod"), *(strike(f"no-{s}", s, True) for s in ("isw", "bbc", "ap", "reuters")))
    a = next(x for x in out if x.status is S.REFUTED)
    assert a.confidence is Confidence.HIGH
    assert said(a, "confidence").startswith("confidence high: in the refutation: four independent third-party")


def test_plural_labels_take_plural_verbs_and_hedges_are_quoted_as_written() -> None:
    a = single(control("m", "ru-mod", "RU"), control("t", "tass", "RU"), control("r", "ria", "RU"))
    assert "Russian MoD and two aligned sources (RU) report their own gain" in said(a, "self-serving")
    b = single(*(reportedly(f"c{i}", s, H.ALLEGED) for i, s in enumerate(("bbc", "ap"))))
    assert "name no originator ('alleged')" in said(b, "unnamed-origin")
    c = single(*(reportedly(f"c{i}", s, H.CLAIMED) for i, s in enumerate(("bbc", "ap", "reuters"))))
    assert "but none of them firmly" in said(c, "weak-support")
    d = single(control("a", "isw", "RU"), control("t", "agency-1", "RU"))
    assert "(Agency 1: state media of an undeclared state, one interest)" in said(d, "weak-support")
