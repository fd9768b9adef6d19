"""UCDP GED CSV both ways: the sample written from the codebook, round trips, malformed rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given

from _dataset_rows import event_dossiers, ucdp_rows
from conflictmodels import (
    Actor,
    ActorType,
    Claim,
    Dossier,
    Estimate,
    Event,
    EventClarity,
    EventSide,
    EventType,
    Fatalities,
    FatalityGroup,
    GeoPrecision,
    Location,
    LocationKind,
    Point,
    Predicate,
    Source,
    Statement,
    TimePrecision,
    TimeSpan,
    ValidationError,
)
from conflictmodels.export import UCDP_COLUMNS, read_ucdp, read_ucdp_partial, to_ucdp, write_ucdp
from conflictmodels.export.ucdp import UCDP_SOURCE

SAMPLE = Path(__file__).parent / "data" / "ucdp-sample.csv"
HEAD = "id,where_coordinates,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,low,high\n"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_the_sample_has_the_codebook_columns_in_order() -> None:
    header = next(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    assert header == list(UCDP_COLUMNS)
    assert len(UCDP_COLUMNS) == 49


def test_the_sample_imports_with_the_right_types() -> None:
    d = read_ucdp(SAMPLE)
    by_id = {c.id: c for c in d.claims}
    sudzha = by_id["900101"]
    event = sudzha.statement.event
    assert event is not None
    assert event.event_type is EventType.BATTLES
    assert not event.civilian_targeting
    side_a, side_b = event.actors
    assert (side_a.name, side_a.actor_type) == ("Government of Russia (Soviet Union)", ActorType.STATE_FORCES)
    assert (side_b.name, side_b.actor_type) == ("Government of Ukraine", None)
    assert event.clarity is EventClarity.HIGH
    # two groups with deaths: each keeps its best figure, the event's bounds are its total
    assert event.fatalities_of(FatalityGroup.SIDE_A) == Estimate(best=2)
    assert event.fatalities_of(FatalityGroup.SIDE_B) == Estimate(best=9)
    assert event.fatalities_of(FatalityGroup.CIVILIANS) is None
    assert event.deaths_total == Estimate(low=8, best=11, high=20)
    assert sudzha.geo_precision is GeoPrecision.EXACT
    assert sudzha.reported_at == datetime(2025, 3, 10, tzinfo=UTC)
    assert sudzha.when is not None
    assert sudzha.when.precision is TimePrecision.DAY


def test_the_event_keeps_low_best_and_high_as_its_total() -> None:
    d = read_ucdp(SAMPLE)
    month = next(c for c in d.claims if c.id == "900104")
    assert month.statement.event is not None
    assert month.statement.event.fatalities_of(FatalityGroup.SIDE_A) == Estimate(best=25)
    assert month.statement.event.deaths_total == Estimate(low=20, best=25, high=60)
    assert month.statement.event.clarity is EventClarity.LOW
    assert month.when is not None
    assert month.when.precision is TimePrecision.MONTH
    assert month.geo_precision is GeoPrecision.ADM1
    place = d.location(month.statement.location_ids[0])
    assert (place.name, place.kind) == ("Донецька область", LocationKind.REGION)


def test_one_sided_violence_reads_as_violence_against_civilians() -> None:
    d = read_ucdp(SAMPLE)
    strike = next(c for c in d.claims if c.id == "900103")
    event = strike.statement.event
    assert event is not None
    assert event.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS
    assert event.civilian_targeting
    assert event.fatalities_of(FatalityGroup.CIVILIANS) == Estimate(best=3)


def test_outlets_relay_the_original_sources() -> None:
    d = read_ucdp(SAMPLE)
    names = {c.id: [d.source(h.source_id).name for h in c.attribution] for c in d.claims}
    assert names["900101"] == ["UCDP", "Reuters", "Russian Ministry of Defence"]
    assert names["900101#2"] == ["UCDP", "BBC Monitoring", "Russian Ministry of Defence"]
    assert names["900102#2"] == ["UCDP", "Ukrinform", "local residents"]
    assert names["900103"] == ["UCDP", "Suspilne"]  # no original source: the outlet says it
    two_to_six = next(c for c in d.claims if c.id == "900102")
    assert two_to_six.when is not None
    assert two_to_six.when.precision is TimePrecision.WEEK


def test_the_sample_writes_back_in_every_carried_column() -> None:
    original = rows(SAMPLE.read_text(encoding="utf-8"))
    written = rows(to_ucdp(read_ucdp(SAMPLE)))
    carried = ["id", "year", "type_of_violence", "side_a", "side_b", "source_office", "source_original", "where_prec",
               "where_coordinates", "adm_1", "adm_2", "country", "event_clarity", "date_prec", "date_start", "date_end",
               "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "geom_wkt"]  # fmt: skip
    for before, after in zip(original, written, strict=True):
        for column in carried:
            assert after[column] == before[column], (before["id"], column)
        assert after["source_date"] == before["source_date"].split(";")[0]
        assert (after["low"], after["high"]) == (before["low"], before["high"])  # the total keeps them


@given(event_dossiers(coder=UCDP_SOURCE, shape=ucdp_rows()))
def test_a_dossier_of_ucdp_events_survives_the_round_trip(dossier) -> None:  # type: ignore[no-untyped-def]
    text = to_ucdp(dossier)
    assert read_ucdp(io.StringIO(text)) == dossier
    assert to_ucdp(read_ucdp(text.encode("utf-8"))) == text


def test_malformed_rows_name_line_and_column_and_the_good_rows_are_kept() -> None:
    text = (
        HEAD + "1,Sumy,1,2025-03-09,2025-03-09,1,2,0,0,3,3,4\n"
        "2,Sumy,1,2025-03-09,2025-03-09,1,2,0,0,5,3,4\n"
        "3,Sumy,9,2025-03-09,2025-03-09,0,0,0,0,0,0,0\n"
        "4,Sumy,1,2025-03-09,2025-03-09,0,0,0,x,0,0,0\n"
        "5,Sumy,4,2025-03-01,2025-03-31,0,0,0,0,7,5,9\n"
    )
    result = read_ucdp_partial(io.StringIO(text))
    assert [c.id for c in result.dossier.claims] == ["1", "5"]
    assert [str(e) for e in result.errors] == [
        "line 3: best: must be deaths_a + deaths_b + deaths_civilians + deaths_unknown (3), got str '5'",
        "line 4: date_prec: must be from 1 to 5, got str '9'",
        "line 5: deaths_unknown: must be a whole number written in digits, got str 'x'",
    ]
    only_totals = result.dossier.claims[1].statement.event
    assert only_totals is not None
    assert only_totals.fatalities == ()  # whose deaths is not said
    assert only_totals.deaths_total == Estimate(low=5, best=7, high=9)
    with pytest.raises(ValidationError) as caught:
        read_ucdp(io.StringIO(text))
    assert caught.value.summary == "3 problems on 3 rows; nothing was read"


def test_a_ucdp_export_has_its_bom_and_cyrillic(tmp_path: Path) -> None:
    d = read_ucdp(SAMPLE)
    path = tmp_path / "ged.csv"
    write_ucdp(d, path, bom=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Юнаківка".encode() in data
    assert read_ucdp(path) == d


# ------------------------------------------------------------------------- deaths in all


def _one_event(event: Event) -> Dossier:
    when = TimeSpan.on_day(date(2025, 3, 9), UTC)
    return Dossier(
        sources=(Source(id="reuters", name="Reuters"),),
        locations=(Location(id="sumy", name="Sumy"),),
        claims=(
            Claim(id="1", source_id="reuters", reported_at=datetime(2025, 3, 10, tzinfo=UTC), when=when,
                  statement=Statement(predicate=Predicate.EVENT, location_ids=("sumy",), event=event)),
        ),
    )  # fmt: skip


def test_a_total_above_the_groups_writes_the_rest_as_unknown_so_best_stays_their_sum() -> None:
    side_a = Fatalities(group=FatalityGroup.SIDE_A, count=Estimate(best=2))
    event = Event(event_type=EventType.BATTLES, fatalities=(side_a,), deaths_total=Estimate(low=10, best=11, high=30))
    (row,) = rows(to_ucdp(_one_event(event)))
    columns = ("deaths_a", "deaths_unknown", "best", "low", "high")
    assert [row[c] for c in columns] == ["2", "9", "11", "10", "30"]
    back = read_ucdp(io.StringIO(to_ucdp(_one_event(event)))).claims[0].statement.event
    assert back is not None
    assert back.deaths_total == event.deaths_total
    assert back.fatalities_of(FatalityGroup.UNKNOWN) == Estimate(best=9)  # the rest, whose status is not said


def test_no_deaths_at_all_is_no_total_and_zeros_in_every_column() -> None:
    event = Event(event_type=EventType.BATTLES)
    (row,) = rows(to_ucdp(_one_event(event)))
    assert [row[c] for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high")] == [
        "0"
    ] * 7
    back = read_ucdp(io.StringIO(to_ucdp(_one_event(event)))).claims[0].statement.event
    assert back is not None
    assert (back.fatalities, back.deaths_total) == ((), None)


# ------------------------------------------------------------------------- spreadsheets


def test_formula_cells_are_escaped_and_read_back_exactly() -> None:
    event = Event(
        event_type=EventType.BATTLES,
        actors=(Actor(name="=cmd|' /C calc'!A0", side=EventSide.A), Actor(name="-Side B", side=EventSide.B)),
        deaths_total=Estimate(best=3),
    )
    d = _one_event(event)
    d = evolve(d, sources=(Source(id="reuters", name="@Reuters"),), locations=(Location(id="sumy", name="+Sumy"),))
    text = to_ucdp(d)
    (row,) = rows(text)
    assert (row["side_a"], row["side_b"], row["source_office"], row["where_coordinates"]) == (
        "'=cmd|' /C calc'!A0", "'-Side B", "'@Reuters", "'+Sumy")  # fmt: skip
    assert row["best"] == "3"  # numbers are never escaped
    back = read_ucdp(io.StringIO(text))
    assert [a.name for a in back.claims[0].statement.event.actors] == ["=cmd|' /C calc'!A0", "-Side B"]  # type: ignore[union-attr]
    assert back.source(back.claims[0].source_id).name == "@Reuters"
    assert back.location(back.claims[0].statement.location_ids[0]).name == "+Sumy"
    raw = rows(to_ucdp(d, spreadsheet_safe=False))[0]
    assert raw["side_a"] == "=cmd|' /C calc'!A0"


def test_a_negative_coordinate_is_a_number_not_a_formula() -> None:
    d = _one_event(Event(event_type=EventType.BATTLES))
    d = evolve(d, locations=(Location(id="sumy", name="Sumy", point=Point(lat=-33.5, lon=-70.25)),))
    (row,) = rows(to_ucdp(d))
    assert (row["latitude"], row["longitude"]) == ("-33.5", "-70.25")
    assert read_ucdp(io.StringIO(to_ucdp(d))).locations[0].point == Point(lat=-33.5, lon=-70.25)


# ------------------------------------------------------------------------- one bad cell, not the whole file

WIDE = (
    "id,type_of_violence,side_a,side_b,source_office,where_coordinates,country,date_prec,date_start,date_end,"
    "deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,low,high,source_date\n"
)
GOOD = "{id},1,Government of Russia,Government of Ukraine,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08,1,2,0,0,3,3,5,2025-03-09\n"


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ("B,1,Gov\x07ernment,,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08,,,,,,,,\n", "side_a", "control character"),
        ("B,1,,,Reuters,Су\x07ми,Ukraine,1,2025-03-08,2025-03-08,,,,,,,,\n", "where_coordinates", "control character"),
        ("B,1,,,Reuters,Суми,Ukraine,1,9999-12-31,9999-12-31,,,,,,,,\n", "date_end", "before the last day"),
        (
            "B,1,,,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08," + "9" * 25 + ",0,0,0,,,,\n",
            "deaths_a",
            "at most 10,000,000",
        ),
        ("B,1,,,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08,,,,,1e300,,,\n", "best", "whole number written in digits"),
        ("B,1,,,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08,,,,,,,,2024-01-01\n", "source_date", "must not be before"),
    ],
)
def test_a_bad_cell_is_an_error_at_its_line_and_column_and_nothing_else_is_lost(
    bad: str, column: str, reason: str
) -> None:
    result = read_ucdp_partial(io.StringIO(WIDE + GOOD.format(id=1) + bad + GOOD.format(id=2)))
    assert [c.id for c in result.dossier.claims] == ["1", "2"]
    assert [(e.line, e.path) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].reason


def test_the_earliest_of_several_source_dates_is_the_report_day() -> None:
    text = WIDE + GOOD.format(id=1).replace(",2025-03-09\n", ",2025-03-11;2025-03-09\n")
    assert read_ucdp(io.StringIO(text)).claims[0].reported_at == datetime(2025, 3, 9, tzinfo=UTC)


def test_an_unclosed_quote_in_a_name_is_reported_and_the_rows_after_it_are_read() -> None:
    bad = 'B,1,"Government of Russia,,Reuters,Суми,Ukraine,1,2025-03-08,2025-03-08,,,,,,,,\n'
    result = read_ucdp_partial(io.StringIO(WIDE + GOOD.format(id=1) + bad + GOOD.format(id=2)))
    assert [c.id for c in result.dossier.claims] == ["1", "2"]
    assert [(e.line, e.path) for e in result.errors] == [(3, "side_a")]


# ------------------------------------------------------------------------- totals, spans, reconciled events


def test_deaths_in_all_without_groups_are_written_as_unknown_with_their_bounds() -> None:
    event = Event(event_type=EventType.BATTLES, deaths_total=Estimate(low=8, best=11, high=20))
    (row,) = rows(to_ucdp(_one_event(event)))
    columns = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high")
    assert [row[c] for c in columns] == ["0", "0", "0", "11", "11", "8", "20"]


def _at(span: TimeSpan) -> Dossier:
    d = _one_event(Event(event_type=EventType.BATTLES))
    return evolve(d, claims=(evolve(d.claims[0], when=span),))


def test_a_span_open_before_is_written_as_the_year_up_to_its_last_day() -> None:
    by_9_march = TimeSpan(end=datetime(2025, 3, 10, tzinfo=UTC), precision=TimePrecision.DAY)
    (row,) = rows(to_ucdp(_at(by_9_march)))
    assert (row["date_start"], row["date_end"], row["date_prec"]) == ("2025-01-01", "2025-03-09", "5")


def test_a_span_open_after_ends_on_the_report_day() -> None:
    since_5_march = TimeSpan(start=datetime(2025, 3, 5, tzinfo=UTC), precision=TimePrecision.DAY)
    (row,) = rows(to_ucdp(_at(since_5_march)))  # reported on 10 March
    assert (row["date_start"], row["date_end"], row["date_prec"]) == ("2025-03-05", "2025-03-10", "2")


def test_the_kursk_event_by_sunday_is_not_written_as_one_exact_day() -> None:
    from conflictmodels.examples import kursk_dossier

    (row,) = [r for r in rows(to_ucdp(kursk_dossier())) if r["id"] == "kursk-event-kositsa"]
    assert row["date_end"] == "2025-03-09"
    assert row["date_start"] < row["date_end"]
    assert row["date_prec"] == "5"


def test_a_reconciled_event_is_one_row_with_the_reconciled_deaths() -> None:
    from conflictmodels import reconcile

    def report(cid: str, source: str, side_a: Estimate) -> Claim:
        event = Event(event_type=EventType.BATTLES, fatalities=(Fatalities(group=FatalityGroup.SIDE_A, count=side_a),))
        return evolve(_one_event(event).claims[0], id=cid, source_id=source)

    d = Dossier(
        sources=(Source(id="reuters", name="Reuters"), Source(id="afp", name="AFP")),
        locations=(Location(id="sumy", name="Sumy"),),
        claims=(report("r", "reuters", Estimate(best=4)), report("a", "afp", Estimate.between(3, 5))),
    )
    out = reconcile(d)
    assert len(rows(to_ucdp(out))) == 2
    (row,) = rows(to_ucdp(out, assessments=True))
    (event,) = [a for a in out.assessments if a.statement.event is not None]
    assert row["id"] == event.id
    assert row["source_office"] == "AFP;Reuters"  # in the order of the supporting claims
    assert row["number_of_sources"] == "2"
    reconciled = event.statement.event
    assert reconciled is not None
    side_a = reconciled.fatalities_of(FatalityGroup.SIDE_A)
    assert side_a is not None
    assert row["deaths_a"] == str(side_a.best if side_a.best is not None else side_a.low)
