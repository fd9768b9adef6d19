"""Interest for every predicate, and opinions, judgments and forecasts recorded but not judged.

Plain scenarios first (who says what about whom, and what an analyst expects), then the
properties: every predicate gives one of the allowed interests to every party source,
and swapping the statement's parties flips self-serving and admission where the
predicate table says whom a statement favours.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    ConflictModelsError,
    ControlChange,
    Dossier,
    Estimate,
    Favours,
    Hedge,
    Hop,
    Likelihood,
    Location,
    LocationKind,
    Modality,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    reconcile,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import assessments_csv, from_stix, to_geojson, to_stix
from conflictmodels.policy import RULE_CODES
from conflictmodels.relations import favours, interest, interest_wording
from conflictmodels.statement import FAVOURS_RULES, PREDICATES
from conflictmodels.strategies import parties, statements

P, C = Predicate, ControlChange
DAY = datetime(2025, 3, 9, 12, tzinfo=UTC)
INTERESTS = {"self-serving", "admission", None}


def situation(party: str | None, text: str, **kw: object) -> Statement:
    return Statement(predicate=P.SITUATION, party=party, location_ids=("kursk",), description=text, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the table


def test_every_predicate_declares_an_interest_rule_that_is_documented() -> None:
    for predicate in Predicate:
        assert PREDICATES[predicate].favours in FAVOURS_RULES, predicate


def test_the_declaration_is_allowed_only_where_the_table_cannot_tell() -> None:
    with pytest.raises(ConflictModelsError, match=r"favours: is optional for .*situation.* only allowed there"):
        Statement(predicate=P.CONTROL, party="RU", change=C.CAPTURED, location_ids=("k",), favours=Favours.PARTY)
    with pytest.raises(ConflictModelsError, match="favours"):
        Statement(predicate=P.CASUALTIES, party="UA", quantity=Estimate.at_least(5), favours=Favours.NONE)
    assert situation("UA", "fragile", favours=Favours.AGAINST_PARTY).favours is Favours.AGAINST_PARTY


# --------------------------------------------------------------------------- situations


def test_the_cauldron_is_closed_said_by_the_russian_side_is_self_serving() -> None:
    cauldron = situation("UA", "Ukrainian forces are nearly encircled")
    assert interest("RU", cauldron) == "self-serving"
    assert interest_wording(cauldron, "RU") == "describes its adversary's situation"


def test_under_control_said_by_ukrainian_officials_is_self_serving() -> None:
    calm = situation("UA", "challenging but under control")
    assert interest("UA", calm) == "self-serving"
    assert interest_wording(calm, "UA") == "describes the situation of its own side"


def test_a_party_conceding_its_own_fragility_is_an_admission_when_declared() -> None:
    fragile = situation("UA", "Kyiv's control over the region is more fragile than ever", favours=Favours.AGAINST_PARTY)
    assert interest("UA", fragile) == "admission"
    assert interest("RU", fragile) == "self-serving"


def test_a_situation_that_favours_no_one_gives_no_interest() -> None:
    weather = situation(None, "heavy rain on the roads", favours=Favours.NONE)
    assert interest("RU", weather) is None
    assert interest("UA", weather) is None


def test_third_parties_have_no_interest_in_any_predicate() -> None:
    assert interest(None, situation("UA", "under control")) is None
    assert interest(None, Statement(predicate=P.STRENGTH, party="UA", quantity=Estimate.at_most(30_000))) is None


# --------------------------------------------------------------------------- figures


def test_a_generals_square_kilometres_recaptured_favour_his_side() -> None:
    recaptured = Statement(
        predicate=P.CUSTOM, custom_predicate="area_recaptured", party="UA", counterparty="RU",
        quantity=Estimate.about(1100, unit="km2"), favours=Favours.PARTY,
    )  # fmt: skip
    assert interest("UA", recaptured) == "self-serving"
    assert interest("RU", recaptured) == "admission"
    advance = Statement(predicate=P.ADVANCE, party="UA", location_ids=("kursk",), quantity=Estimate.about(1100))
    assert interest("UA", advance) == "self-serving"
    assert interest_wording(advance, "UA") == "claims an advance of its own forces"
    assert interest_wording(advance, "RU") == "reports an advance of its adversary's forces"


def test_an_undeclared_custom_predicate_of_a_party_is_self_serving() -> None:
    aid = Statement(predicate=P.CUSTOM, custom_predicate="aid_suspended", party="US", counterparty="UA")
    assert interest("UA", aid) == "self-serving"
    assert interest("RU", aid) == "self-serving"
    assert interest(None, aid) is None


def test_a_count_of_enemy_losses_is_self_serving_and_of_its_own_an_admission() -> None:
    ua_losses = Statement(predicate=P.CASUALTIES, party="UA", quantity=Estimate.about(500))
    assert interest("RU", ua_losses) == "self-serving"
    assert interest_wording(ua_losses, "RU") == "reports its adversary's losses"
    assert interest("UA", ua_losses) == "admission"
    assert interest_wording(ua_losses, "UA") == "reports its own losses"


def test_a_denied_loss_is_self_serving_for_the_side_denying_it() -> None:
    denied = Statement(
        predicate=P.CASUALTIES, party="UA", counterparty="RU", quantity=Estimate.about(500), negated=True
    )
    assert interest("UA", denied) == "self-serving"
    assert interest_wording(denied, "UA") == "denies its own losses"


def test_strength_figures_are_interested_whichever_side_they_count() -> None:
    # Inflating the adversary's numbers or one's own cannot be told apart: never an admission.
    theirs = Statement(predicate=P.STRENGTH, party="UA", quantity=Estimate.about(60_000))
    ours = attrs.evolve(theirs, party="RU")
    assert interest("RU", theirs) == interest("RU", ours) == "self-serving"
    assert interest_wording(theirs, "RU") == "reports the strength of its adversary's forces"
    assert interest_wording(ours, "RU") == "reports the strength of its own forces"


# --------------------------------------------------------------------------- attacks


def test_the_attacker_claiming_a_strike_is_self_serving() -> None:
    strike = Statement(predicate=P.ATTACK, party="RU", counterparty="UA", location_ids=("sumy",))
    assert interest("RU", strike) == "self-serving"
    assert interest_wording(strike, "RU") == "claims an attack by its own forces"


def test_the_victim_reporting_an_attack_on_it_is_self_serving_not_an_admission() -> None:
    # An attack on a city reported by the city's side serves its case; it concedes nothing.
    strike = Statement(predicate=P.ATTACK, party="RU", counterparty="UA", location_ids=("sumy",),
                       description="missile strike on a residential block")  # fmt: skip
    assert interest("UA", strike) == "self-serving"
    assert interest_wording(strike, "UA") == "reports an attack on its own side"
    assert interest_wording(attrs.evolve(strike, negated=True), "RU") == "denies an attack by its own forces"


def test_control_wording_says_who_gains() -> None:
    taken = Statement(predicate=P.CONTROL, party="RU", counterparty="UA", change=C.RECAPTURED, location_ids=("k",))
    assert interest_wording(taken, "RU") == "reports its own gain"
    assert interest_wording(taken, "UA") == "reports its own loss"
    assert interest_wording(taken, "US") == "reports its adversary's gain"
    assert interest_wording(taken, None) == "reports it"


# --------------------------------------------------------------------------- properties


@given(statements(), parties())
def test_every_predicate_gives_every_party_source_an_allowed_interest(statement: Statement, party: str) -> None:
    assert interest(party, statement) in INTERESTS
    assert interest(None, statement) is None
    assert isinstance(interest_wording(statement, party), str)


def _flips(statement: Statement) -> bool:
    """Whether the table says whom the statement favours, by its parties."""
    rule = PREDICATES[statement.predicate].favours
    if rule == "holder":
        return statement.change is not C.CONTESTED
    if rule == "interested":
        return statement.favours in (Favours.PARTY, Favours.AGAINST_PARTY)
    return rule in ("party", "against-party")


@given(statements(), st.sampled_from([True, False]))
def test_swapping_the_parties_flips_self_serving_and_admission(statement: Statement, first: bool) -> None:
    assume(statement.party is not None and statement.counterparty is not None)
    swapped = attrs.evolve(statement, party=statement.counterparty, counterparty=statement.party)
    source = statement.party if first else statement.counterparty
    before, after = interest(source, statement), interest(source, swapped)
    if _flips(statement):
        assert {before, after} == {"self-serving", "admission"}
        assert favours(swapped) == favours(statement)[::-1]
    elif PREDICATES[statement.predicate].favours == "interested":
        expected = None if statement.favours is Favours.NONE else "self-serving"
        assert before == after == expected  # no side read from the parties: nothing to flip


# --------------------------------------------------------------------------- reconcile


def _dossier(*claims: Claim, sources: tuple[Source, ...] = ()) -> Dossier:
    base = (
        Source(id="ru-mod", name="Ministry of Defence of the Russian Federation", kind=SourceKind.STATE_MILITARY,
               party="RU"),
        Source(id="isw", name="Institute for the Study of War", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
        Source(id="flesh", name="Serhii Flesh", kind=SourceKind.BLOGGER, reliability=Reliability.F),
        Source(id="outlet", name="Kursk news report", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
    )  # fmt: skip
    places = (
        Location(id="kursk", name="Kursk region", kind=LocationKind.REGION),
        Location(id="sudzha", name="Sudzha"),
    )
    return Dossier(sources=(*base, *sources), locations=places, claims=claims)


def claim(id: str, source: str, statement: Statement, *, via: str | None = None) -> Claim:
    said = Hop(source_id=source, verb="said", hedge=Hedge.ASSERTED)
    chain = (Hop(source_id=via, verb="reported", hedge=Hedge.ASSERTED), said) if via else (said,)
    return Claim(id=id, source_id=source, attribution=chain, reported_at=DAY, statement=statement)


def by_claim(d: Dossier, claim_id: str) -> Assessment:
    return next(a for a in d.assessments if claim_id in a.supporting)


def test_one_ministrys_village_situation_and_custom_claims_are_weighed_alike() -> None:
    d = reconcile(_dossier(
        claim("village", "ru-mod", Statement(predicate=P.CONTROL, party="RU", counterparty="UA",
                                             change=C.RECAPTURED, location_ids=("sudzha",))),
        claim("cauldron", "ru-mod", situation("UA", "the cauldron is closed")),
        claim("area", "ru-mod", Statement(predicate=P.CUSTOM, custom_predicate="area_liberated", party="RU",
                                          quantity=Estimate.about(1100, unit="km2"))),
    ))  # fmt: skip
    judged = [by_claim(d, i) for i in ("village", "cauldron", "area")]
    assert len({a.likelihood for a in judged}) == 1
    for a in judged:
        assert a.status is AssessmentStatus.UNVERIFIED
        assert a.likelihood is not None
        assert a.likelihood.range[0] < Likelihood.LIKELY.range[0]
        assert any(r.startswith("[self-serving]") for r in a.rationale), a.rationale


def test_an_opinion_is_recorded_and_attributed_not_judged() -> None:
    d = reconcile(_dossier(
        claim("shop", "flesh", situation("UA", "the incursion may have reached its limits",
                                         modality=Modality.OPINION), via="outlet"),
    ))  # fmt: skip
    (a,) = d.assessments
    assert a.status is AssessmentStatus.ATTRIBUTED
    assert (a.likelihood, a.confidence) == (None, None)
    assert a.supporting == ("shop",)
    assert a.independent_origins == 1
    assert a.rationale == (
        "[attributed] an opinion of Serhii Flesh (shop), relayed by Kursk news report: recorded, not judged as fact",
    )
    assert "attributed" in RULE_CODES


def test_a_conditional_forecast_never_comes_out_likely_however_reliable_its_source() -> None:
    redeploy = Statement(
        predicate=P.CUSTOM, custom_predicate="could_redeploy_forces", party="RU", location_ids=("kursk",),
        description="if Ukraine loses the area, Russia could redeploy", modality=Modality.FORECAST,
    )  # fmt: skip
    d = reconcile(_dossier(claim("f1", "isw", redeploy), claim("f2", "outlet", redeploy)))
    (a,) = d.assessments
    assert a.status is AssessmentStatus.ATTRIBUTED
    assert a.likelihood is None
    assert a.supporting == ("f1", "f2")
    assert a.independent_origins == 2
    assert a.rationale[0].startswith("[attributed] a forecast of Institute for the Study of War (f1) and ")


def test_a_partys_opinion_names_its_party() -> None:
    d = reconcile(_dossier(claim("c", "ru-mod", situation("UA", "the cauldron is closed", modality=Modality.OPINION))))
    assert (
        d.assessments[0]
        .rationale[0]
        .startswith("[attributed] an opinion of Ministry of Defence of the Russian Federation (party RU; c)")
    )


def test_opinions_neither_support_nor_contradict_facts_about_the_same_subject() -> None:
    holds = Statement(predicate=P.CONTROL, party="UA", change=C.HOLDS, location_ids=("sudzha",))
    d = reconcile(_dossier(
        claim("fact", "isw", holds),
        claim("view", "flesh", attrs.evolve(holds, modality=Modality.JUDGMENT)),
        claim("doubt", "outlet", attrs.evolve(holds, negated=True, modality=Modality.OPINION)),
    ))  # fmt: skip
    fact = by_claim(d, "fact")
    assert fact.supporting == ("fact",)
    assert fact.contradicting == ()
    assert fact.related == ()
    assert fact.status is not AssessmentStatus.ATTRIBUTED
    views = [a for a in d.assessments if a.status is AssessmentStatus.ATTRIBUTED]
    assert sorted(a.supporting for a in views) == [("doubt",), ("view",)]
    assert len({a.id for a in d.assessments}) == 3


def test_an_attributed_assessment_refuses_a_likelihood() -> None:
    with pytest.raises(ConflictModelsError, match="likelihood: an attributed assessment"):
        Assessment(id="a", statement=situation("UA", "x", modality=Modality.OPINION),
                   status=AssessmentStatus.ATTRIBUTED, likelihood=Likelihood.LIKELY, supporting=("c",),
                   assessed_at=DAY, assessed_by="analyst")  # fmt: skip
    with pytest.raises(ConflictModelsError, match="supporting: an attributed assessment needs supporting claims"):
        Assessment(id="a", statement=situation("UA", "x"), status=AssessmentStatus.ATTRIBUTED,
                   assessed_at=DAY, assessed_by="analyst")  # fmt: skip


# --------------------------------------------------------------------------- Kursk and exports


KURSK_VIEWS = {"kursk-flesh-close-the-shop", "kursk-isw-redeployment", "kursk-medvedev-caldron",
               "kursk-bloggers-fragile"}  # fmt: skip


@pytest.fixture(scope="module")
def kursk() -> Dossier:
    return reconcile(kursk_dossier())


def test_kursk_situation_statements_and_opinions_are_no_longer_likely(kursk: Dossier) -> None:
    for a in kursk.assessments:
        if a.statement.predicate is P.SITUATION or not a.statement.modality.is_fact:
            assert a.likelihood is None or a.likelihood.range[0] < Likelihood.LIKELY.range[0], a
    attributed = {i for a in kursk.assessments if a.status is AssessmentStatus.ATTRIBUTED for i in a.supporting}
    assert attributed >= KURSK_VIEWS
    staff = by_claim(kursk, "kursk-ua-general-staff")
    assert any(r.startswith("[self-serving]") for r in staff.rationale), staff.rationale


def test_stix_writes_an_attributed_view_as_a_note_never_an_agreeing_opinion(kursk: Dossier) -> None:
    bundle = to_stix(kursk)
    ids = {a.id for a in kursk.assessments if a.status is AssessmentStatus.ATTRIBUTED}
    carried = [
        o for o in bundle["objects"]
        if any(e.get("object", {}).get("id") in ids for e in o.get("extensions", {}).values() if isinstance(e, dict))
    ]  # fmt: skip
    assert len(carried) == len(ids) >= len(KURSK_VIEWS)
    assert {o["type"] for o in carried} == {"note"}
    assert all(o["abstract"].startswith("attributed ") for o in carried)
    assert from_stix(bundle) == kursk


def test_csv_and_geojson_say_the_modality_and_leave_likelihood_empty(kursk: Dossier) -> None:
    rows = list(csv.DictReader(io.StringIO(assessments_csv(kursk))))
    forecast = next(r for r in rows if r["supporting"] == "kursk-isw-redeployment")
    assert (forecast["status"], forecast["modality"], forecast["likelihood"], forecast["confidence"]) == (
        "attributed", "forecast", "", "",
    )  # fmt: skip
    features = [f["properties"] for f in to_geojson(kursk)["features"] if f["properties"].get("status") == "attributed"]
    assert features
    assert all(p["modality"] != "fact" for p in features)
