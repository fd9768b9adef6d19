"""CSV export: one row per claim or assessment, ACLED/UCDP-style columns."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    Confidence,
    Dossier,
    Likelihood,
    Location,
    Predicate,
    Source,
    Statement,
    Unit,
    ValidationError,
)
from conflictmodels import strategies as cs
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import (
    ASSESSMENT_COLUMNS,
    CLAIM_COLUMNS,
    assessments_csv,
    claims_csv,
    read_claims_csv,
    read_claims_csv_partial,
)


def read(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader)


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text, newline="")))


def test_claims_header_and_rows() -> None:
    d = kursk_dossier()
    text = claims_csv(d)
    assert header(text) == list(CLAIM_COLUMNS)
    rows = read(text)
    assert [r["claim_id"] for r in rows] == [c.id for c in d.claims]
    for column in ("event_date", "date_start", "date_end", "time_precision", "date_prec", "reported_at", "source",
                   "origin", "attribution", "predicate", "change", "party", "counterparty", "location", "country",
                   "admin1", "latitude", "longitude", "geo_precision", "where_prec", "low", "best", "high", "unit",
                   "quote", "credibility"):  # fmt: skip
        assert column in CLAIM_COLUMNS


def test_control_claim_row() -> None:
    row = next(r for r in read(claims_csv(kursk_dossier())) if r["claim_id"] == "kursk-mod-kositsa")
    assert row["source"] == "Kursk news report (outlet not named in the text)"
    assert row["origin"] == "Ministry of Defence of the Russian Federation"
    assert row["origin_id"] == "ru-mod"
    assert row["attribution"] == (
        "Kursk news report (outlet not named in the text) (reported) -> "
        "Ministry of Defence of the Russian Federation (announced)"
    )
    assert (row["predicate"], row["change"], row["party"], row["counterparty"]) == ("control", "recaptured", "RU", "UA")
    assert (row["location"], row["country"], row["admin1"]) == ("Kositsa", "RU", "RU-KRS")
    assert (float(row["latitude"]), float(row["longitude"])) == (51.28, 35.23)
    assert (row["geo_precision"], row["where_prec"]) == ("1", "1")
    assert row["event_date"] == row["date_end"] == "2025-03-09"
    assert row["date_start"] == ""  # "by Sunday": open before
    assert (row["time_precision"], row["date_prec"]) == ("1", "1")
    assert row["reported_at"] == "2025-03-09T18:00:00+03:00"
    assert row["quote"].endswith("Kositsa, and Lebedevka.")
    assert row["credibility"] == ""


def test_estimate_row_keeps_bounds() -> None:
    row = next(r for r in read(claims_csv(kursk_dossier())) if r["claim_id"] == "kursk-isw-strength")
    assert (row["low"], row["best"], row["high"], row["unit"]) == ("", "", "30000", "troops")
    assert row["estimate_phrase"] == "as many as 30,000"
    assert row["admin1"] == "RU-KRS"


def test_assessments_csv() -> None:
    a = Assessment(
        id="a1",
        statement=Statement(predicate=Predicate.SITUATION, description="challenging", location_ids=("kursk-oblast",)),
        status=AssessmentStatus.CONTESTED,
        likelihood=Likelihood.ROUGHLY_EVEN_CHANCE,
        confidence=Confidence.MODERATE,
        supporting=("kursk-mod-kositsa", "kursk-mod-lebedevka"),
        contradicting=("kursk-mod-malaya-lokhnya",),
        independent_origins=1,
        rationale=("one origin", "the other party denies it"),
        assessed_at=datetime(2025, 3, 10, tzinfo=UTC),
        assessed_by="analyst",
    )
    text = assessments_csv(attrs.evolve(kursk_dossier(), assessments=(a,)))
    assert header(text) == list(ASSESSMENT_COLUMNS)
    (row,) = read(text)
    assert (row["assessment_id"], row["status"], row["likelihood"], row["confidence"]) == (
        "a1",
        "contested",
        "roughly_even_chance",
        "moderate",
    )
    assert (row["probability_low"], row["probability_high"]) == ("0.45", "0.55")
    assert row["independent_origins"] == "1"
    assert row["supporting"].split("; ") == ["kursk-mod-kositsa", "kursk-mod-lebedevka"]
    assert row["contradicting"] == "kursk-mod-malaya-lokhnya"
    assert row["admin1"] == "RU-KRS"
    assert row["rationale"] == "one origin | the other party denies it"


def test_empty() -> None:
    assert read(claims_csv(Dossier())) == []
    assert header(assessments_csv(Dossier())) == list(ASSESSMENT_COLUMNS)


@settings(max_examples=examples(200))
@given(cs.dossiers())
def test_generated_dossiers_round_trip_through_csv(d: Dossier) -> None:
    rows = read(claims_csv(d, spreadsheet_safe=False))  # the exact text
    assert [r["claim_id"] for r in rows] == [c.id for c in d.claims]
    for row, claim in zip(rows, d.claims, strict=True):
        assert row["quote"] == (claim.quote or "")  # quoting survives commas, quotes, newlines
        assert row["origin_id"] == claim.source_id
        assert row["credibility"] == ("" if claim.credibility is None else str(claim.credibility.value))
    arows = read(assessments_csv(d, spreadsheet_safe=False))
    assert [r["assessment_id"] for r in arows] == [a.id for a in d.assessments]
    for row, a in zip(arows, d.assessments, strict=True):
        assert row["supporting"] == "; ".join(a.supporting)
        assert row["assessed_by"] == a.assessed_by


def test_text_that_a_spreadsheet_would_run_is_neutralised() -> None:
    d = kursk_dossier()
    formula = '=HYPERLINK("http://example.invalid","x")'
    hostile = attrs.evolve(d.claims[0], quote=formula)
    d2 = attrs.evolve(d, claims=(hostile, *d.claims[1:]))
    safe = next(csv.DictReader(io.StringIO(claims_csv(d2))))
    raw = next(csv.DictReader(io.StringIO(claims_csv(d2, spreadsheet_safe=False))))
    assert safe["quote"] == "'" + formula
    assert raw["quote"] == formula
    assert safe["high"] == raw["high"]  # numbers are never touched


# ----------------------------------------------------------------------------- reading back


_SOURCES, _PLACES, _UNITS = ("s1", "s2", "s3"), ("l1", "l2"), ("u1", "u2")


@settings(max_examples=examples(100))
@given(
    st.lists(
        cs.claims(source_ids=_SOURCES, location_ids=_PLACES, unit_ids=_UNITS), max_size=4, unique_by=lambda c: c.id
    ),
    st.booleans(),
)
def test_the_claims_csv_reads_back_into_the_same_claims(claims: list[Claim], safe: bool) -> None:
    from conflictmodels.export.csv import _claim_row, _write

    d = Dossier(  # the names the rows show; the claims may cite people and claims it does not hold
        sources=tuple(Source(id=i, name=f"Source {i}") for i in _SOURCES),
        locations=tuple(Location(id=i, name=f"Place {i}") for i in _PLACES),
        units=tuple(Unit(id=i, name=f"Unit {i}") for i in _UNITS),
    )
    text = _write(CLAIM_COLUMNS, (_claim_row(d, c) for c in claims), safe)
    assert read_claims_csv(text.encode("utf-8")) == tuple(claims)


def test_the_kursk_claims_read_back_and_an_edit_in_a_spreadsheet_counts() -> None:
    d = kursk_dossier()
    assert read_claims_csv(claims_csv(d).encode("utf-8")) == d.claims
    table = read(claims_csv(d))
    table[0]["party"] = "BY"
    table[0]["quote"] = "=SUM(A1)"  # a formula-like quote, escaped by the writer, as typed by hand here
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CLAIM_COLUMNS))
    writer.writeheader()
    writer.writerows(table)
    back = read_claims_csv(io.StringIO(out.getvalue(), newline=""))
    assert back[0].statement.party == "BY"
    assert back[0].quote == "=SUM(A1)"
    assert back[1:] == d.claims[1:]


def test_spreadsheet_escapes_are_undone_and_a_leading_quote_survives() -> None:
    d = kursk_dossier()
    quotes = ("=cmd|' /C calc'!A0", "'quoted'", "-5 km", "+")
    claims = tuple(attrs.evolve(c, quote=q) for c, q in zip(d.claims, quotes, strict=False))
    text = claims_csv(attrs.evolve(d, claims=claims))
    assert read(text)[0]["quote"].startswith("'=")
    assert [c.quote for c in read_claims_csv(text.encode())] == list(quotes)


def test_a_bad_claims_row_names_its_line_and_column() -> None:
    d = kursk_dossier()
    table = read(claims_csv(d))
    table[1]["reported_at"] = "last Sunday"
    table[2]["other_fields"] = "{not json"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CLAIM_COLUMNS))
    writer.writeheader()
    writer.writerows(table)
    result = read_claims_csv_partial(out.getvalue().encode())
    assert result.bad_lines == (3, 4)
    assert [(e.line, e.path) for e in result.errors] == [(3, "reported_at"), (4, "other_fields")]
    assert len(result.items) == len(d.claims) - 2
    with pytest.raises(ValidationError):
        read_claims_csv(out.getvalue().encode())


# ------------------------------------------------------------------------- the claim's own place columns


def _outskirts_claim() -> Dossier:
    from datetime import date

    from conflictmodels import GeoPrecision, LocationKind, PlaceRelation, Point, TimeSpan

    russia = Location(id="ru", name="Russia", kind=LocationKind.COUNTRY, country="RU")
    kursk = Location(id="kursk-obl", name="Kursk Oblast", kind=LocationKind.REGION, parent_id="ru", region="RU-KRS")
    novenke = Location(id="novenke", name="Novenke", parent_id="kursk-obl",
                       point=Point(lat=51.05, lon=35.10, precision=GeoPrecision.EXACT))  # fmt: skip
    claim = Claim(
        id="afp-1", source_id="afp", reported_at=datetime(2025, 3, 9, tzinfo=UTC),
        when=TimeSpan.on_day(date(2025, 3, 8), UTC),
        statement=Statement(predicate=Predicate.SITUATION, location_ids=("novenke",), description="fighting"),
        geo_precision=GeoPrecision.ADM1, place_relation=PlaceRelation.OUTSKIRTS,
        quote="бои на окраине", language="ru", translation="fighting on the outskirts",
    )  # fmt: skip
    return Dossier(sources=(Source(id="afp", name="AFP"),), locations=(russia, kursk, novenke), claims=(claim,))


def test_the_claims_table_shows_the_claims_own_precision_relation_translation_and_the_places_chain() -> None:
    d = _outskirts_claim()
    (row,) = read(claims_csv(d))
    assert (row["geo_precision"], row["where_prec"], row["claim_geo_precision"]) == ("3", "4", "adm1")
    assert (row["place_relation"], row["translation"]) == ("outskirts", "fighting on the outskirts")
    assert (row["country"], row["admin1"], row["country_name"], row["admin1_name"]) == (
        "RU", "RU-KRS", "Russia", "Kursk Oblast")  # fmt: skip
    assert "outskirts" not in row["other_fields"]
    assert "translation" not in row["other_fields"]
    assert read_claims_csv(claims_csv(d).encode()) == d.claims


def test_a_table_written_before_the_new_columns_still_reads() -> None:
    d = _outskirts_claim()
    (row,) = read(claims_csv(d))
    old = {k: v for k, v in row.items() if k not in ("translation", "place_relation", "claim_geo_precision")}
    old["other_fields"] = (
        '{"schema_version":2,"translation":"fighting on the outskirts","place_relation":"outskirts",'
        '"geo_precision":"adm1","when":{"precision":"day"}}'
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(old))
    writer.writeheader()
    writer.writerow(old)
    assert read_claims_csv(out.getvalue().encode()) == d.claims


def test_a_language_tag_is_read_in_any_case() -> None:
    d = _outskirts_claim()
    table = read(claims_csv(d))
    table[0]["language"] = "RU"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CLAIM_COLUMNS))
    writer.writeheader()
    writer.writerows(table)
    assert read_claims_csv(out.getvalue().encode())[0].language == "ru"


def test_large_figures_read_back_exactly() -> None:
    from conflictmodels import Estimate

    claim = Claim(
        id="c", source_id="afp", reported_at=datetime(2025, 3, 9, tzinfo=UTC),
        statement=Statement(predicate=Predicate.STRENGTH, party="RU", quantity=Estimate(best=10**30 - 1, high=10**30)),
    )  # fmt: skip
    d = Dossier(sources=(Source(id="afp", name="AFP"),), claims=(claim,))
    (back,) = read_claims_csv(claims_csv(d).encode())
    assert back.statement.quantity == Estimate(best=10**30 - 1, high=10**30)


def test_an_unclosed_quote_in_an_id_column_is_reported_and_the_next_rows_are_read() -> None:
    lines = claims_csv(kursk_dossier()).splitlines()
    lines[2] = '"' + lines[2]  # the claim id of line 3 opens a quote that a later cell closes
    result = read_claims_csv_partial("\n".join(lines).encode())
    assert result.errors[0].line == 3
    assert result.errors[0].path == "claim_id"
    assert len(result.items) == len(kursk_dossier().claims) - 1
