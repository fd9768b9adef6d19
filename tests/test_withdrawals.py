"""Withdrawals, corrections and walk-backs: evidence goes away, nothing is added for the opposite.

Scenarios from the Kursk fighting (August 2024 to April 2025): a ministry's premature
capture claim later deleted, a Telegram mirror relaying the walk-back, a state agency
deleting its relay of a ministry claim, a unit present in August and withdrawn in April.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmodels import (
    AssessmentStatus,
    Claim,
    ControlChange,
    DanglingReferenceError,
    Dossier,
    FieldError,
    Hedge,
    Hop,
    Location,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    Unit,
    ValidationError,
    Withdrawal,
    WithdrawalAction,
    content_id,
    dumps,
    loads,
    merge,
    reconcile,
)
from conflictmodels.strategies import dossiers

S = AssessmentStatus
C = ControlChange
W = WithdrawalAction


def day(month: int, d: int, year: int = 2024, hour: int = 12) -> datetime:
    return datetime(year, month, d, hour, tzinfo=UTC)


SOURCES = (
    Source(id="ru-mod", name="Russian Ministry of Defence", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="tass", name="TASS", kind=SourceKind.STATE_MEDIA, party="RU"),
    Source(id="ua-gs", name="General Staff of Ukraine", kind=SourceKind.STATE_MILITARY, party="UA"),
    Source(id="rybar", name="Rybar", kind=SourceKind.BLOGGER, party="RU", reliability=Reliability.D),
    Source(id="rybar-mirror", name="Rybar mirror channel", kind=SourceKind.BLOGGER, parent_id="rybar"),
    Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
)
PLACES = (
    Location(id="sudzha", name="Sudzha"),
    Location(id="malaya-loknya", name="Malaya Loknya"),
)
UNITS = (Unit(id="810-brigade", name="810th Naval Infantry Brigade", party="RU"),)


def control(
    id: str,
    source: str,
    party: str,
    change: ControlChange,
    reported: datetime,
    *,
    negated: bool = False,
    when: TimeSpan | None = None,
    place: str = "sudzha",
    relay: str | None = None,
    withdrawals: tuple[Withdrawal, ...] = (),
) -> Claim:
    chain = (
        ()
        if relay is None
        else (Hop(source_id=relay, verb="reported", hedge=Hedge.ASSERTED), Hop(source_id=source, hedge=Hedge.ASSERTED))
    )
    return Claim(
        id=id,
        source_id=source,
        attribution=chain,
        reported_at=reported,
        when=when,
        withdrawals=withdrawals,
        statement=Statement(
            predicate=Predicate.CONTROL, party=party, change=change, location_ids=(place,), negated=negated
        ),
    )


def presence(id: str, source: str, reported: datetime, *, negated: bool = False, when: TimeSpan | None = None) -> Claim:
    return Claim(
        id=id,
        source_id=source,
        reported_at=reported,
        when=when,
        statement=Statement(
            predicate=Predicate.PRESENCE, unit_ids=("810-brigade",), location_ids=("sudzha",), negated=negated
        ),
    )


def dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=SOURCES, locations=PLACES, units=UNITS, claims=claims)


CODE = re.compile(r"^\[([a-z0-9-]+)\] ")


def codes(a: object) -> list[str]:
    return [m.group(1) for entry in a.rationale if (m := CODE.match(entry))]  # type: ignore[attr-defined]


def about(d: Dossier, claim_id: str) -> object:
    return next(a for a in d.assessments if claim_id in a.claim_ids)


def deleted(
    by: str, when: datetime, action: WithdrawalAction = W.DELETED, replaced_by: str | None = None
) -> Withdrawal:
    return Withdrawal(source_id=by, at=when, action=action, replaced_by=replaced_by)


# --------------------------------------------------------------------------- the model


def test_a_withdrawal_is_data_that_round_trips() -> None:
    w = deleted("ru-mod", day(8, 12))
    c = control("mod-sudzha", "ru-mod", "RU", C.RECAPTURED, day(8, 10), withdrawals=(w,))
    assert loads(dumps(c), Claim) == c
    assert '"action": "deleted"' in dumps(c)


def test_only_a_correction_names_its_replacement() -> None:
    with pytest.raises(FieldError, match=r"replaced_by.*only allowed when the action is corrected"):
        Withdrawal(source_id="ru-mod", at=day(8, 12), action=W.DELETED, replaced_by="x")


def test_withdrawal_times_are_aware() -> None:
    with pytest.raises(FieldError, match=r"Withdrawal\.at"):
        Withdrawal(source_id="ru-mod", at=datetime(2024, 8, 12), action=W.WITHDRAWN)


def test_a_correction_must_name_an_existing_claim() -> None:
    w = deleted("ru-mod", day(8, 12), W.CORRECTED, replaced_by="nowhere")
    with pytest.raises(DanglingReferenceError, match=r"claims\[0\].withdrawals\[0\].replaced_by"):
        dossier(control("c1", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(w,)))


def test_a_claim_cannot_correct_itself() -> None:
    w = deleted("ru-mod", day(8, 12), W.CORRECTED, replaced_by="c1")
    with pytest.raises(FieldError, match="withdrawals: must not name the claim itself"):
        control("c1", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(w,))


def test_corrections_in_a_cycle_are_refused() -> None:
    a = control(
        "a", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(deleted("ru-mod", day(8, 12), W.CORRECTED, "b"),)
    )
    b = control(
        "b", "ru-mod", "RU", C.CAPTURED, day(8, 11), withdrawals=(deleted("ru-mod", day(8, 12), W.CORRECTED, "a"),)
    )
    with pytest.raises((FieldError, ValidationError), match="cycle"):
        dossier(a, b)


def test_a_withdrawal_by_a_source_off_the_claims_chain_is_refused() -> None:
    """Adversary: ISW "deletes" TASS's relay of the ministry's claim, which it never carried."""
    with pytest.raises(FieldError, match=r"Claim.withdrawals: must be made by the claim's source or a relay"):
        control("tass-relay", "ru-mod", "RU", C.CAPTURED, day(8, 10), relay="tass",
                withdrawals=(deleted("isw", day(8, 11)),))  # fmt: skip
    # the relay and the originator may both withdraw it
    for by in ("tass", "ru-mod"):
        c = control("tass-relay", "ru-mod", "RU", C.CAPTURED, day(8, 10), relay="tass",
                    withdrawals=(deleted(by, day(8, 11)),))  # fmt: skip
        assert c.withdrawals[0].source_id == by


def test_a_withdrawal_dated_before_the_report_is_refused() -> None:
    """Adversary: a "deletion" dated before the post was published removes it from every picture."""
    with pytest.raises(FieldError, match=r"Claim.withdrawals: must not be dated before the claim's reported_at"):
        control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(deleted("ru-mod", day(8, 9)),))
    same_moment = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(deleted("ru-mod", day(8, 10)),))
    assert same_moment.withdrawals[0].at == same_moment.reported_at


def test_withdrawals_from_the_strategies_are_valid() -> None:
    # every generated withdrawal is made by a source on its claim's chain, after its report
    @settings(max_examples=60, deadline=None)
    @given(dossiers(max_claims=8))
    def check(d: Dossier) -> None:
        for c in d.claims:
            chain = {c.source_id, *(h.source_id for h in c.attribution)}
            assert all(w.source_id in chain and w.at >= c.reported_at for w in c.withdrawals)

    check()


def test_withdrawals_do_not_change_the_content_id() -> None:
    c = control("c1", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    assert content_id(c) == content_id(attrs.evolve(c, withdrawals=(deleted("ru-mod", day(8, 12)),)))


# --------------------------------------------------------------------------- event time


def test_an_event_cannot_be_reported_before_it_happens() -> None:
    with pytest.raises(FieldError, match=r"Claim.when: must not start after reported_at"):
        control("typo", "ru-mod", "RU", C.CAPTURED, day(8, 10), when=TimeSpan.instant(day(9, 10)))


def test_a_span_open_before_may_end_after_the_report() -> None:
    # "captured by Sunday", published on Sunday afternoon: the day ends after the report
    by_sunday = TimeSpan(end=day(8, 12, hour=0) + timedelta(days=1))
    assert control("c", "ru-mod", "RU", C.CAPTURED, day(8, 11, hour=15), when=by_sunday).when == by_sunday


def test_a_doubtful_time_is_kept_but_never_becomes_current() -> None:
    standing = control("isw-1", "isw", "UA", C.CAPTURED, day(8, 10), when=TimeSpan.instant(day(8, 9)))
    typo = attrs.evolve(
        control("blog-typo", "rybar", "RU", C.RECAPTURED, day(8, 12)),
        when=TimeSpan.instant(day(9, 12)),
        when_doubtful=True,
    )
    out = reconcile(dossier(standing, typo))
    current = [a for a in out.assessments if a.status is not S.SUPERSEDED]
    assert len(current) == 1
    assert current[0].statement.party == "UA"
    assert "blog-typo" in current[0].related
    assert "doubtful-time" in codes(current[0])


# --------------------------------------------------------------------------- withdrawn, not denied


def test_a_deleted_premature_capture_claim_stops_being_evidence() -> None:
    """The ministry claimed Malaya Loknya on 10 August and deleted the post two days later."""
    claim = control(
        "mod-loknya", "ru-mod", "RU", C.RECAPTURED, day(8, 10), place="malaya-loknya",
        withdrawals=(deleted("ru-mod", day(8, 12)),),
    )  # fmt: skip
    a = about(reconcile(dossier(claim)), "mod-loknya")
    assert a.supporting == a.contradicting == ()  # type: ignore[attr-defined]
    assert a.related == ("mod-loknya",)  # type: ignore[attr-defined]
    text = "\n".join(a.rationale)  # type: ignore[attr-defined]
    assert "[withdrawn] Russian Ministry of Defence deleted its claim (mod-loknya) on 2024-08-12" in text
    assert "withdrawn-only" in codes(a)


def test_a_withdrawal_never_adds_evidence_for_the_opposite() -> None:
    ua = control("gs", "ua-gs", "UA", C.HOLDS, day(8, 10))
    ru = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    before = about(reconcile(dossier(ua, ru)), "gs")
    ru_gone = attrs.evolve(ru, withdrawals=(deleted("ru-mod", day(8, 11)),))
    after = about(reconcile(dossier(ua, ru_gone)), "gs")
    assert "mod" in after.related  # type: ignore[attr-defined]
    assert after.supporting == ("gs",)  # type: ignore[attr-defined]
    assert after.independent_origins == before.independent_origins == 1  # type: ignore[attr-defined]
    assert "admission" not in codes(after)


def test_a_withdrawal_after_as_of_does_not_count_yet() -> None:
    claim = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(deleted("ru-mod", day(8, 14)),))
    early = about(reconcile(dossier(claim), as_of=day(8, 12)), "mod")
    late = about(reconcile(dossier(claim), as_of=day(8, 15)), "mod")
    assert early.supporting == ("mod",)  # type: ignore[attr-defined]
    assert late.related == ("mod",)  # type: ignore[attr-defined]


def test_an_agency_deleting_its_relay_is_not_an_admission() -> None:
    """TASS pulled its relay of the ministry's claim; the ministry's own claim stands."""
    own = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    relay = control("tass-relay", "ru-mod", "RU", C.CAPTURED, day(8, 10, hour=13), relay="tass",
                    withdrawals=(deleted("tass", day(8, 11)),))  # fmt: skip
    a = about(reconcile(dossier(own, relay)), "mod")
    assert a.supporting == ("mod",)  # type: ignore[attr-defined]
    assert "tass-relay" in a.related  # type: ignore[attr-defined]
    assert "[withdrawn] TASS deleted its relay of the claim (tass-relay)" in "\n".join(a.rationale)  # type: ignore[attr-defined]
    assert "admission" not in codes(a)


def test_a_correction_counts_in_place_of_the_claim_it_corrects() -> None:
    wrong = control("mod-1", "ru-mod", "RU", C.CAPTURED, day(8, 10), place="malaya-loknya",
                    withdrawals=(deleted("ru-mod", day(8, 11), W.CORRECTED, "mod-2"),))  # fmt: skip
    right = control("mod-2", "ru-mod", "RU", C.CAPTURED, day(8, 11))
    out = reconcile(dossier(wrong, right))
    loknya = about(out, "mod-1")
    sudzha = about(out, "mod-2")
    assert loknya.related == ("mod-1",)  # type: ignore[attr-defined]
    assert "the correction (mod-2) is the one that counts" in "\n".join(loknya.rationale)  # type: ignore[attr-defined]
    assert sudzha.supporting == ("mod-2",)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- walk-backs


def test_a_walk_back_is_not_a_second_origin_for_the_opposite() -> None:
    premature = control("rybar-1", "rybar", "RU", C.CAPTURED, day(8, 10), when=TimeSpan.instant(day(8, 10, hour=6)))
    back = control("rybar-2", "rybar", "RU", C.CAPTURED, day(8, 11), negated=True)
    gs = control("gs", "ua-gs", "UA", C.HOLDS, day(8, 11))
    a = about(reconcile(dossier(premature, back, gs)), "gs")
    assert {"rybar-1", "rybar-2"} <= set(a.related)  # type: ignore[attr-defined]
    assert a.supporting == ("gs",)  # type: ignore[attr-defined]
    assert a.contradicting == ()  # type: ignore[attr-defined]
    assert "[retracted] Rybar walked back its claim (rybar-1) in a later statement (rybar-2)" in "\n".join(
        a.rationale  # type: ignore[attr-defined]
    )


def test_a_mirror_channel_relaying_the_walk_back_is_the_same_origin() -> None:
    premature = control("rybar-1", "rybar", "RU", C.CAPTURED, day(8, 10))
    mirrored = control("mirror-2", "rybar-mirror", "RU", C.CAPTURED, day(8, 11), negated=True)
    a = about(reconcile(dossier(premature, mirrored)), "rybar-1")
    assert set(a.related) == {"rybar-1", "mirror-2"}  # type: ignore[attr-defined]
    assert "admission" not in codes(a)


def test_a_denial_by_another_origin_is_not_a_walk_back() -> None:
    claim = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    denial = control("gs", "ua-gs", "RU", C.CAPTURED, day(8, 11), negated=True)
    a = about(reconcile(dossier(claim, denial)), "mod")
    assert a.related == ()  # type: ignore[attr-defined]
    assert "retracted" not in codes(a)


def test_a_fake_soldier_channel_cannot_walk_back_the_general_staff() -> None:
    """Adversary (R1 s07): an E-rated channel coded UA, posing as a Ukrainian soldier,
    "denies" the General Staff's admitted loss. Same side, another voice: evidence
    against, weighed as what it is worth, never a walk-back of the admission."""
    fake = Source(id="fake-ua", name="Ukrainian soldier channel", kind=SourceKind.BLOGGER, party="UA",
                  reliability=Reliability.E)  # fmt: skip
    lost = control("gs-lost", "ua-gs", "UA", C.LOST, day(8, 10))
    denial = control("fake-deny", "fake-ua", "UA", C.LOST, day(8, 11), negated=True)
    out = reconcile(Dossier(sources=(*SOURCES, fake), locations=PLACES, claims=(lost, denial)))
    a = about(out, "gs-lost")
    assert "gs-lost" in a.supporting  # type: ignore[attr-defined]
    assert "fake-deny" in a.contradicting  # type: ignore[attr-defined]
    assert all("retracted" not in codes(x) for x in out.assessments)


def test_the_ministry_denying_a_bloggers_claim_is_not_its_walk_back() -> None:
    """R1 s05d: the ministry denies Rybar's capture claim; both speak for RU, but the
    ministry is not Rybar: its denial is evidence against, and Rybar's claim stays."""
    claim = control("rybar", "rybar", "RU", C.CAPTURED, day(8, 10))
    denial = control("mod-deny", "ru-mod", "RU", C.CAPTURED, day(8, 11), negated=True)
    a = about(reconcile(dossier(claim, denial)), "rybar")
    sides = {a.supporting, a.contradicting}  # type: ignore[attr-defined]
    assert sides == {("rybar",), ("mod-deny",)}  # one against the other, both weighed
    assert "retracted" not in codes(a)


def test_uncoded_state_media_do_not_walk_back_each_other() -> None:
    """R1 s08: TASS and Ukrinform, both state media coded without a party, share the
    "state media of an undeclared state" interest; Ukrinform's denial is no walk-back of TASS."""
    sources = (
        Source(id="tass-x", name="TASS", kind=SourceKind.STATE_MEDIA, reliability=Reliability.B),
        Source(id="ukrinform", name="Ukrinform", kind=SourceKind.STATE_MEDIA, reliability=Reliability.B),
    )
    claim = control("tass", "tass-x", "RU", C.CAPTURED, day(9, 10))
    denial = control("ukr", "ukrinform", "RU", C.CAPTURED, day(9, 11), negated=True)
    out = reconcile(Dossier(sources=sources, locations=PLACES, claims=(claim, denial)))
    a = about(out, "tass")
    assert {a.supporting, a.contradicting} == {("tass",), ("ukr",)}  # type: ignore[attr-defined]
    assert all("retracted" not in codes(x) for x in out.assessments)


def test_a_denial_of_an_earlier_report_is_not_a_walk_back() -> None:
    denial = control("mod-0", "ru-mod", "RU", C.CAPTURED, day(8, 9), negated=True)
    claim = control("mod-1", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    out = reconcile(dossier(denial, claim))
    assert all("retracted" not in codes(a) for a in out.assessments)


def test_a_later_state_of_the_same_origin_is_an_update_not_a_walk_back() -> None:
    """The 810th brigade seen at Sudzha in August; the same origin says it left in April,
    and ISW sees it gone too (a change of presence must pass the bar of a change)."""
    august = presence("mod-aug", "ru-mod", day(8, 20), when=TimeSpan(start=day(8, 7), end=day(8, 20)))
    april_on = TimeSpan(start=datetime(2025, 4, 10, tzinfo=UTC))
    april = presence("mod-apr", "ru-mod", datetime(2025, 4, 10, tzinfo=UTC), negated=True, when=april_on)
    seen = presence("isw-apr", "isw", datetime(2025, 4, 11, tzinfo=UTC), negated=True, when=april_on)
    out = reconcile(dossier(august, april, seen))
    assert len(out.assessments) == 2
    first = next(a for a in out.assessments if "mod-aug" in a.claim_ids)
    last = next(a for a in out.assessments if "mod-apr" in a.claim_ids)
    assert first.status is S.SUPERSEDED
    assert first.supporting == ("mod-aug",)
    assert last.supporting == ("isw-apr", "mod-apr")
    assert "retracted" not in codes(first) + codes(last)
    assert "present, first seen 7 August 2024, last seen 20 August 2024" in first.rationale[0]
    assert first.valid is not None
    assert first.valid.end == datetime(2025, 4, 10, tzinfo=UTC)


def test_a_dated_denial_walks_back_only_what_it_overlaps() -> None:
    aug = control("mod-aug", "ru-mod", "RU", C.HOLDS, day(8, 20), when=TimeSpan(start=day(8, 7), end=day(8, 20)))
    sep = control("mod-sep", "ru-mod", "RU", C.HOLDS, day(9, 20), when=TimeSpan(start=day(9, 7), end=day(9, 20)))
    back = control("mod-back", "ru-mod", "RU", C.HOLDS, day(9, 25), negated=True,
                   when=TimeSpan(start=day(9, 1), end=day(9, 25)))  # fmt: skip
    out = reconcile(dossier(aug, sep, back))
    text = "\n".join(e for a in out.assessments for e in a.rationale)
    assert "walked back its claim (mod-sep)" in text
    assert "walked back its claim (mod-aug)" not in text


# --------------------------------------------------------------------------- laws


def test_merge_unites_the_withdrawals_of_one_report() -> None:
    plain = control("a", "ru-mod", "RU", C.CAPTURED, day(8, 10))
    known = attrs.evolve(plain, id="b", withdrawals=(deleted("ru-mod", day(8, 12)),))
    m = merge(dossier(plain), dossier(known))
    assert len(m.claims) == 1
    assert m.claims[0].withdrawals == known.withdrawals
    assert m == merge(dossier(known), dossier(plain))


def test_merge_repoints_a_correction_to_the_claim_it_keeps() -> None:
    fix = control("fix-b", "ru-mod", "RU", C.CAPTURED, day(8, 11))
    twin = attrs.evolve(fix, id="fix-a")
    wrong = control("w", "ru-mod", "RU", C.CAPTURED, day(8, 10), place="malaya-loknya",
                    withdrawals=(deleted("ru-mod", day(8, 11), W.CORRECTED, "fix-b"),))  # fmt: skip
    m = merge(dossier(wrong, fix), dossier(twin))
    assert m.claim("w").withdrawals[0].replaced_by == "fix-a"


@settings(max_examples=15, deadline=None)
@given(dossiers(max_claims=6), st.randoms(use_true_random=False))
def test_withdrawals_keep_reconcile_order_independent(d: Dossier, rnd: object) -> None:
    if not d.claims:
        return
    first = d.claims[0]
    gone = attrs.evolve(first, withdrawals=(deleted(first.source_id, first.reported_at),))
    d = attrs.evolve(d, claims=(gone, *d.claims[1:]))
    shuffled = list(d.claims)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = reconcile(d)
    b = reconcile(attrs.evolve(d, claims=tuple(shuffled)))
    assert a.assessments == b.assessments
    listed = {i for x in a.assessments for i in x.claim_ids}
    assert {c.id for c in d.claims if c.statement.modality.value == "fact"} <= listed  # nothing lost


def _judged(d: Dossier) -> set[tuple[object, ...]]:
    return {(a.status, a.likelihood, a.confidence, a.supporting, a.contradicting, a.statement) for a in d.assessments}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["ru-mod", "tass", "rybar", "isw", "reuters"]), st.booleans(), st.booleans())
def test_a_withdrawn_claim_weighs_as_if_never_made(source: str, third: bool, negated: bool) -> None:
    """So withdrawing a claim never makes its opposite more likely than it was without it."""
    ua = control("gs", "ua-gs", "UA", C.HOLDS, day(8, 10))
    extra = (control("isw", "isw", "UA", C.HOLDS, day(8, 10)),) if third else ()
    ru = control("x", source, "RU", C.CAPTURED, day(8, 10), negated=negated)
    withdrawn = reconcile(dossier(ua, attrs.evolve(ru, withdrawals=(deleted(source, day(8, 11)),)), *extra))
    never = reconcile(dossier(ua, *extra))
    assert _judged(withdrawn) == _judged(never)
    assert "x" in next(a for a in withdrawn.assessments if "x" in a.claim_ids).related


def test_a_withdrawn_claim_is_cited_when_the_rest_carries_no_information() -> None:
    """The ministry deletes its post; a copy of the same claim survives only through an
    E-rated channel, which carries no usable information. No state of control is drawn,
    so the only judgment is the claimed change: it once dropped the deleted claim and
    its sentence, so the claim was cited nowhere."""
    channel = Source(id="channel", name="Anonymous channel", kind=SourceKind.BLOGGER, reliability=Reliability.E)
    gone = control("mod", "ru-mod", "RU", C.CAPTURED, day(8, 10), withdrawals=(deleted("ru-mod", day(8, 11)),))
    relayed = control("via-channel", "ru-mod", "RU", C.CAPTURED, day(8, 10), relay="channel")
    d = Dossier(sources=(*SOURCES, channel), locations=PLACES, units=UNITS, claims=(gone, relayed))
    (a,) = reconcile(d).assessments
    assert a.status is S.CLAIMED
    assert a.supporting == ("via-channel",)
    assert a.related == ("mod",)
    assert "withdrawn" in codes(a)
