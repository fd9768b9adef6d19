"""The bundled Kursk example: every sentence of the report is in the dossier, as the
domain reads it."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conflictmodels import (
    Branch,
    ControlChange,
    Dossier,
    Echelon,
    Hedge,
    LocationKind,
    Predicate,
    SourceKind,
    dumps,
    from_dict,
    loads,
    resolve_relative,
    to_dict,
)
from conflictmodels.examples import KURSK_PUBLISHED, kursk_dossier, kursk_report

MSK = timezone(timedelta(hours=3))
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "kursk-report.txt"
SEED_SHA256 = "218688dbdc441360b7ec4cab868b5b064e676ac8c96e232a4a5a1853d025c804"

MOD_PLACES = ("malaya-lokhnya", "cherkasskoye-porechnoye", "kositsa", "lebedevka")
AXE_UNITS = ("ru-177-marine-regiment", "ru-810-naval-infantry-brigade", "ru-11-air-assault-brigade")

# Each paragraph of the report (one per line) and the claims that represent it.
PARAGRAPH_CLAIMS: list[tuple[str, ...]] = [
    (*(f"kursk-mod-{p}" for p in MOD_PLACES), "kursk-event-kositsa"),
    ("kursk-novenke", "kursk-donetsk-advance"),
    ("kursk-bloggers-fragile", "kursk-bloggers-attacks"),
    ("kursk-medvedev-caldron",),
    tuple(f"kursk-axe-{u}" for u in AXE_UNITS),
    ("kursk-kp-corps", "kursk-kp-casualties"),
    ("kursk-ua-general-staff",),
    ("kursk-flesh-close-the-shop",),
    ("kursk-isw-strength", "kursk-isw-redeployment"),
    ("kursk-us-aid-cut",),
    ("kursk-saudi-talks",),
]


def normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def fragments(quote: str) -> list[str]:
    """The quote's sentences and elided parts, without their closing punctuation."""
    parts = re.split(r"(?<=[.!?])\s+|\s*\[…\]\s*", normalise(quote))
    return [p.strip().rstrip(".,") for p in parts if p.strip()]


@pytest.fixture(scope="module")
def d() -> Dossier:
    return kursk_dossier()


def test_counts(d: Dossier) -> None:
    assert (len(d.claims), len(d.sources), len(d.locations), len(d.units)) == (21, 11, 10, 4)
    assert d.assessments == ()
    assert d.title == "Kursk report, 9 March 2025"


def test_round_trips(d: Dossier) -> None:
    assert loads(dumps(d)) == d
    assert from_dict(to_dict(d)) == d
    assert loads(dumps(d, indent=2)) == d
    assert kursk_dossier() is d or kursk_dossier() == d


def test_bundled_report_is_the_seed() -> None:
    report = kursk_report()
    assert hashlib.sha256(report.encode("utf-8")).hexdigest() == SEED_SHA256
    if not SEED.exists():
        pytest.skip(f"seed file {SEED} not present outside the project workspace")
    assert report == SEED.read_text(encoding="utf-8")


def test_every_paragraph_is_represented(d: Dossier) -> None:
    paragraphs = kursk_report().strip().split("\n")
    assert len(paragraphs) == len(PARAGRAPH_CLAIMS)
    mapped = [cid for ids in PARAGRAPH_CLAIMS for cid in ids]
    assert sorted(mapped) == sorted(c.id for c in d.claims)  # every claim maps to a paragraph, once
    for paragraph, claim_ids in zip(paragraphs, PARAGRAPH_CLAIMS, strict=True):
        text = normalise(paragraph)
        for cid in claim_ids:
            quote = d.claim(cid).quote
            assert quote is not None, cid
            for fragment in fragments(quote):
                assert fragment in text, f"{cid}: {fragment!r} is not in the paragraph"


def test_every_sentence_of_the_report_is_represented(d: Dossier) -> None:
    """Each sentence shares a run of (up to) three words with a claim's quote or description."""

    def words(text: str) -> list[str]:
        return re.findall(r"[A-Za-z]{4,}", normalise(text).lower())

    said = " | ".join(" ".join(words(f"{c.quote} | {c.statement.description}")) for c in d.claims)
    sentences = re.split(r"(?:(?<=[.!?])|(?<=[.!?]”))\s+(?=[A-Z“])", kursk_report().strip())
    assert len(sentences) >= 14
    for sentence in sentences:
        w = words(sentence)
        n = min(3, len(w))
        runs = [" ".join(w[i : i + n]) for i in range(len(w) - n + 1)] if n else []
        assert runs, sentence
        assert any(run in said for run in runs), sentence


def test_defence_ministry_recaptures(d: Dossier) -> None:
    claims = [c for c in d.claims_by_source("ru-mod") if c.statement.predicate is Predicate.CONTROL]
    assert len(claims) == 4
    assert {c.statement.location_ids for c in claims} == {(p,) for p in MOD_PLACES}
    for c in claims:
        assert c.statement.predicate is Predicate.CONTROL
        assert c.statement.change is ControlChange.RECAPTURED
        assert c.statement.party == "RU"
        assert [h.source_id for h in c.attribution] == ["news-report", "ru-mod"]
        assert c.attribution[-1].verb == "announced"
        assert c.attribution[-1].hedge is Hedge.ASSERTED
        assert c.relayed_by == ("news-report",)
        assert c.reported_at == KURSK_PUBLISHED
        assert c.when is not None
        assert c.when.end == datetime(2025, 3, 10, tzinfo=MSK)  # by the end of Sunday 9 March
    assert d.source("ru-mod").kind is SourceKind.STATE_MILITARY
    assert d.source("ru-mod").party == "RU"
    assert d.source("news-report").party is None


def test_on_sunday_resolves_to_9_march() -> None:
    assert KURSK_PUBLISHED.date() == date(2025, 3, 9)
    assert KURSK_PUBLISHED.weekday() == 6
    span = resolve_relative("on Sunday", KURSK_PUBLISHED)
    assert span.start == datetime(2025, 3, 9, tzinfo=MSK)
    assert span.end == datetime(2025, 3, 10, tzinfo=MSK)


def test_novenke_is_hedged_claimed(d: Dossier) -> None:
    c = d.claim("kursk-novenke")
    assert c.statement.predicate is Predicate.CONTROL
    assert c.statement.change is ControlChange.CAPTURED
    assert c.statement.location_ids == ("novenke",)
    assert c.attribution[-1].hedge is Hedge.CLAIMED
    assert c.attribution[-1].verb == "claimed"
    novenke = d.location("novenke")
    assert (novenke.country, novenke.region, novenke.parent_id) == ("UA", "UA-59", "sumy-oblast")


def test_isw_estimate_is_an_upper_bound(d: Dossier) -> None:
    c = d.claim("kursk-isw-strength")
    q = c.statement.quantity
    assert q is not None
    assert (q.low, q.best, q.high, q.unit) == (None, None, 30_000, "troops")
    assert q.phrase == "as many as 30,000"
    assert c.statement.predicate is Predicate.STRENGTH
    assert c.statement.party == "UA"
    assert c.attribution[-1].hedge is Hedge.ESTIMATED
    assert d.source("isw").kind is SourceKind.THINK_TANK


def test_general_staff_situation(d: Dossier) -> None:
    c = d.claim("kursk-ua-general-staff")
    assert c.source_id == "ua-general-staff"
    assert d.source(c.source_id).party == "UA"
    assert c.statement.predicate is Predicate.SITUATION
    assert c.statement.description == "challenging but under control"
    assert c.attribution[-1].verb == "insisted"


def test_axe_units_are_distinct_and_attributed(d: Dossier) -> None:
    claims = d.claims_by_source("david-axe")
    assert len(claims) == 3
    assert [c.statement.unit_ids for c in claims] == [(u,) for u in AXE_UNITS]
    for c in claims:
        assert c.statement.predicate is Predicate.PRESENCE
        # the outlet attributes ("according to"); Axe, named, asserts
        assert [h.hedge for h in c.attribution] == [Hedge.ACCORDING_TO, Hedge.ASSERTED]
        assert c.attribution[0].verb == "according to"
    units = [d.unit(u) for u in AXE_UNITS]
    assert len({u.id for u in units}) == 3
    assert [(u.designation, u.echelon, u.branch, u.party) for u in units] == [
        ("177", Echelon.REGIMENT, Branch.MARINES, "RU"),
        ("810", Echelon.BRIGADE, Branch.NAVAL_INFANTRY, "RU"),
        ("11", Echelon.BRIGADE, Branch.AIR_ASSAULT, "RU"),
    ]
    axe = d.source("david-axe")
    assert axe.parent_id == "forbes"
    assert axe.kind is SourceKind.JOURNALIST


def test_north_korean_corps(d: Dossier) -> None:
    corps = d.unit("kp-11-army-corps")
    assert (corps.party, corps.echelon, corps.designation) == ("KP", Echelon.CORPS, "11")
    brigade = d.unit("ru-11-air-assault-brigade")
    assert corps.designation == brigade.designation  # same number, different army and echelon
    assert corps.party != brigade.party
    for cid in ("kursk-kp-corps", "kursk-kp-casualties"):
        c = d.claim(cid)
        assert c.statement.unit_ids == ("kp-11-army-corps",)
        assert c.statement.party == "KP"
        assert c.attribution[-1].hedge is Hedge.REPORTEDLY
    assert d.claim("kursk-kp-casualties").statement.predicate is Predicate.CASUALTIES


def test_transliterations(d: Dossier) -> None:
    village = d.location("cherkasskoye-porechnoye")
    assert village.name == "Cherkasskoye Porechnoye"
    assert "Cherkasskoe Porechnoe" in village.aliases
    assert "Черкасское Поречное" in village.aliases
    assert village.kind is LocationKind.SETTLEMENT
    assert village.region == "RU-KRS"
    assert village.parent_id == "kursk-oblast"


def test_next_week_talks(d: Dossier) -> None:
    c = d.claim("kursk-saudi-talks")
    assert c.when is not None
    assert c.when.start == datetime(2025, 3, 10, tzinfo=MSK)
    assert c.when.end == datetime(2025, 3, 17, tzinfo=MSK)
    assert d.location("saudi-arabia").kind is LocationKind.COUNTRY


def test_party_sources_and_third_parties(d: Dossier) -> None:
    parties = {s.id: s.party for s in d.sources}
    assert parties["ru-mod"] == parties["ru-armed-forces"] == parties["dmitry-medvedev"] == "RU"
    assert parties["ua-general-staff"] == "UA"
    assert parties["isw"] is None
    assert parties["forbes"] is None
