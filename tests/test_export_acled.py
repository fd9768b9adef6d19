"""ACLED CSV both ways: the sample written from the codebook, round trips, malformed rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given

from _dataset_rows import acled_rows, event_dossiers
from conflictmodels import (
    Actor,
    ActorType,
    Claim,
    Dossier,
    Estimate,
    Event,
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
    SubEventType,
    TimePrecision,
    TimeSpan,
    ValidationError,
)
from conflictmodels.examples import kursk_dossier
from conflictmodels.export import ACLED_COLUMNS, read_acled, read_acled_partial, to_acled, write_acled
from conflictmodels.export.acled import ACLED_SOURCE, disorder_type

SAMPLE = Path(__file__).parent / "data" / "acled-sample.csv"
HEAD = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,location,geo_precision,fatalities\n"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# ------------------------------------------------------------------------- the sample


def test_the_sample_has_the_codebook_columns_in_order() -> None:
    header = next(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    assert header == list(ACLED_COLUMNS)
    assert len(ACLED_COLUMNS) == 31


def test_the_sample_imports_with_the_right_types() -> None:
    d = read_acled(SAMPLE)
    by_id = {c.id: c for c in d.claims}
    sudzha = by_id["RUS4502"]
    event = sudzha.statement.event
    assert event is not None
    assert event.event_type is EventType.BATTLES
    assert event.sub_event_type is SubEventType.GOVERNMENT_REGAINS_TERRITORY
    first, second = event.actors
    assert (first.name, first.side, first.actor_type) == ("Military Forces of Russia (2000-)", EventSide.A,
                                                          ActorType.STATE_FORCES)  # fmt: skip
    assert first.associated == ("Military Forces of North Korea (2011-)",)
    assert second.side is EventSide.B
    assert event.deaths_total == Estimate(best=12)  # the deaths in all: ACLED does not split them
    assert event.fatalities == ()
    assert sudzha.geo_precision is GeoPrecision.EXACT
    assert sudzha.when is not None
    assert sudzha.when.precision is TimePrecision.DAY
    assert sudzha.when.start == datetime(2025, 3, 8, tzinfo=UTC)
    assert sudzha.reported_at == datetime(2025, 3, 11, 9, 30, tzinfo=UTC)
    assert sudzha.statement.description is not None
    assert "Суджа" in sudzha.statement.description


def test_a_row_citing_two_sources_is_two_claims_each_relayed_by_acled() -> None:
    d = read_acled(SAMPLE)
    cited = [c for c in d.claims if c.id.startswith("RUS4502")]
    assert [c.id for c in cited] == ["RUS4502", "RUS4502#2"]
    assert [d.source(c.source_id).name for c in cited] == ["Ministry of Defence of Russia", "Ukrainska Pravda"]
    assert all(c.relayed_by == ("acled",) for c in cited)
    assert all(c.attribution[0].verb == "coded" for c in cited)


def test_a_row_citing_nobody_is_acleds_own_claim() -> None:
    d = read_acled(SAMPLE)
    own = next(c for c in d.claims if c.id == "RUS4503")
    assert own.source_id == "acled"
    assert own.attribution == ()
    assert d.source("acled") == ACLED_SOURCE


def test_places_are_a_chain_of_names_deduplicated_within_their_parent() -> None:
    d = read_acled(SAMPLE)
    sudzha = [loc for loc in d.locations if loc.name == "Суджа"]
    assert len(sudzha) == 1  # two rows, one place
    chain = []
    loc = sudzha[0]
    while loc.parent_id is not None:
        loc = d.location(loc.parent_id)
        chain.append((loc.name, loc.kind))
    assert chain == [("Суджанский район", LocationKind.DISTRICT), ("Курская область", LocationKind.REGION),
                     ("Russia", LocationKind.COUNTRY)]  # fmt: skip


def test_an_event_coded_at_admin1_is_placed_at_the_region() -> None:
    d = read_acled(SAMPLE)
    claim = next(c for c in d.claims if c.id == "UKR210003")
    place = d.location(claim.statement.location_ids[0])
    assert (place.name, place.kind) == ("Donetsk", LocationKind.REGION)
    assert claim.geo_precision is GeoPrecision.ADM1
    assert claim.when is not None
    assert claim.when.precision is TimePrecision.MONTH
    assert claim.when.start == datetime(2025, 3, 1, tzinfo=UTC)
    assert claim.when.end == datetime(2025, 4, 1, tzinfo=UTC)


def test_a_week_is_the_seven_days_around_the_coded_date() -> None:
    d = read_acled(SAMPLE)
    strike = next(c for c in d.claims if c.id == "UKR210002")
    assert strike.when is not None
    assert strike.when.precision is TimePrecision.WEEK
    assert (strike.when.start, strike.when.end) == (datetime(2025, 3, 9, tzinfo=UTC), datetime(2025, 3, 16, tzinfo=UTC))
    assert strike.statement.event is not None
    assert strike.statement.event.civilian_targeting


def test_the_sample_writes_back_as_it_was_in_every_carried_column() -> None:
    original = rows(SAMPLE.read_text(encoding="utf-8"))
    written = rows(to_acled(read_acled(SAMPLE)))
    not_carried = {"iso", "region", "source_scale", "tags"}
    for before, after in zip(original, written, strict=True):
        for column in ACLED_COLUMNS:
            if column in not_carried:
                assert after[column] == ""
            elif column in ("latitude", "longitude"):
                assert float(after[column]) == float(before[column])
            else:
                assert after[column] == before[column], column


# ------------------------------------------------------------------------- round trips


@given(event_dossiers(coder=ACLED_SOURCE, shape=acled_rows()))
def test_a_dossier_of_acled_events_survives_the_round_trip(dossier) -> None:  # type: ignore[no-untyped-def]
    text = to_acled(dossier)
    assert read_acled(io.StringIO(text)) == dossier
    assert to_acled(read_acled(text.encode("utf-8"))) == text


def test_claims_that_are_not_events_or_assert_none_are_left_out() -> None:
    d = kursk_dossier()
    assert rows(to_acled(d)) == [
        r for r in rows(to_acled(d)) if r["event_type"]
    ]  # whatever events the example holds, only events are written
    assert len(rows(to_acled(d))) <= sum(1 for c in d.claims if c.statement.event is not None)


# ------------------------------------------------------------------------- malformed rows


def test_a_malformed_row_names_its_line_and_column_and_the_good_rows_are_kept() -> None:
    text = (
        HEAD + "UKR1,2025-03-09,1,Battles,Armed clash,Sumy,1,2\n"
        "UKR2,2025-03-09,4,Battles,Armed clash,Sumy,1,2\n"
        "UKR3,09/03/2025,1,Battles,Air/drone strike,Sumy,1,-1\n"
        "UKR4,2025-03-10,1,Protests,Peaceful protest,Sumy,,0\n"
    )
    result = read_acled_partial(io.StringIO(text))
    assert [c.id for c in result.dossier.claims] == ["UKR1", "UKR4"]
    assert result.lines == (2, 5)
    assert result.bad_lines == (3, 4)
    assert [str(e) for e in result.errors] == [
        "line 3: time_precision: must be from 1 to 3, got str '4'",
        "line 4: event_date: must be a date such as 2025-03-09, got str '09/03/2025'",
        "line 4: fatalities: must be at least 0, got str '-1'",
    ]
    with pytest.raises(ValidationError) as caught:
        read_acled(io.StringIO(text))
    assert caught.value.summary == "3 problems on 2 rows; nothing was read"


def test_a_sub_event_type_of_another_type_is_refused_at_its_column() -> None:
    result = read_acled_partial(io.StringIO(HEAD + "UKR1,2025-03-09,1,Battles,Air/drone strike,Sumy,1,0\n"))
    assert [(e.line, e.path) for e in result.errors] == [(2, "sub_event_type")]
    assert "must belong to event_type" in str(result.errors[0])


def test_a_repeated_id_and_a_row_without_a_place_are_refused() -> None:
    text = "event_id_cnty,event_date,event_type,location\nA,2025-03-09,Battles,Sumy\nA,2025-03-09,Riots,Sumy\nB,2025-03-09,Riots,\n"
    result = read_acled_partial(io.StringIO(text))
    assert [str(e) for e in result.errors] == [
        "line 3: event_id_cnty: repeats the id of the row on line 2, got str 'A'",
        "line 4: location: is required (or admin1 or country)",
    ]


def test_a_header_without_a_required_column_reads_nothing() -> None:
    with pytest.raises(ValidationError) as caught:
        read_acled_partial(io.StringIO("event_id_cnty,event_type\nA,Battles\n"))
    assert [str(e) for e in caught.value.errors] == ["line 1: event_date: the header lacks this column"]


def test_inter_codes_read_as_numbers_or_as_words() -> None:
    text = "event_id_cnty,event_date,event_type,location,actor1,inter1,actor2,inter2\n"
    text += "A,2025-03-09,Battles,Sumy,Army,State Forces,Militia,political militia\n"
    event = read_acled(io.StringIO(text)).claims[0].statement.event
    assert event is not None
    assert [a.actor_type for a in event.actors] == [ActorType.STATE_FORCES, ActorType.POLITICAL_MILITIA]


# ------------------------------------------------------------------------- files


def test_bom_and_files(tmp_path: Path) -> None:
    d = read_acled(SAMPLE)
    path = tmp_path / "acled.csv"
    write_acled(d, path, bom=True)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Суджа".encode() in data
    assert read_acled(path) == d  # the BOM is skipped when reading
    text_file = io.StringIO()
    write_acled(d, text_file)
    assert text_file.getvalue() == to_acled(d)
    assert read_acled(io.BytesIO(data)) == d


def test_the_event_date_is_always_filled() -> None:
    from attrs import evolve

    d = read_acled(SAMPLE)
    undated = evolve(d, claims=tuple(evolve(c, when=None) for c in d.claims))
    for row in rows(to_acled(undated)):
        assert row["event_date"]
        assert row["time_precision"] == "3"
        assert date.fromisoformat(row["event_date"])


def test_the_command_line_imports_and_exports_acled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conflictmodels.cli import main
    from conflictmodels.files import load_file

    out = tmp_path / "events.json"
    assert main(["import", "--from", "acled", str(SAMPLE), "-o", str(out)]) == 0
    assert load_file(out) == read_acled(SAMPLE)
    csv_out = tmp_path / "events.csv"
    assert main(["export", "--to", "acled", "--bom", str(out), "-o", str(csv_out)]) == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + "A,2025-03-09,1,Battles,,Sumy,1,0\nB,2025-03-09,1,Battles,,Sumy,7,0\n", encoding="utf-8")
    assert main(["import", "--from", "acled", "--strict", str(bad)]) == 1
    assert f"{bad}:3: geo_precision: must be from 1 to 3" in capsys.readouterr().err
    assert main(["import", "--from", "acled", str(bad), "-o", str(out)]) == 0
    assert [c.id for c in load_file(out).claims] == ["A"]


# ------------------------------------------------------------------------- the codebook's conventions

# ACLED's grouping of its 25 sub-event types into disorder types (ACLED Codebook 2024, "Event
# Types and Sub-Event Types"; as ACLED's acledR package lists it, data acled_event_categories).
PV, DEMO, SD = "Political violence", "Demonstrations", "Strategic developments"
DISORDER = {
    "Armed clash": PV, "Government regains territory": PV, "Non-state actor overtakes territory": PV,
    "Chemical weapon": PV, "Air/drone strike": PV, "Suicide bomb": PV, "Shelling/artillery/missile attack": PV,
    "Remote explosive/landmine/IED": PV, "Grenade": PV,
    "Sexual violence": PV, "Attack": PV, "Abduction/forced disappearance": PV,
    "Peaceful protest": DEMO, "Protest with intervention": DEMO, "Excessive force against protesters": f"{PV}; {DEMO}",
    "Violent demonstration": DEMO, "Mob violence": PV,
    "Agreement": SD, "Arrests": SD, "Change to group/activity": SD, "Disrupted weapons use": SD,
    "Headquarters or base established": SD, "Looting/property destruction": SD, "Non-violent transfer of territory": SD,
    "Other": SD,
}  # fmt: skip


def test_every_sub_event_type_has_acleds_disorder_type() -> None:
    assert {s.label for s in SubEventType} == set(DISORDER)
    for sub in SubEventType:
        assert disorder_type(Event(event_type=sub.event_type, sub_event_type=sub)) == DISORDER[sub.label], sub


def _dated(span: TimeSpan | None, event: Event | None = None) -> Dossier:
    return Dossier(
        sources=(Source(id="isw", name="ISW"),),
        locations=(Location(id="sumy", name="Sumy"),),
        claims=(
            Claim(id="c1", source_id="isw", reported_at=datetime(2026, 1, 10, tzinfo=UTC), when=span,
                  statement=Statement(predicate=Predicate.EVENT, location_ids=("sumy",),
                                      event=event or Event(event_type=EventType.BATTLES))),
        ),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("span", "written"),
    [
        (TimeSpan.on_day(date(2025, 3, 9), UTC), ("2025-03-09", "1")),
        (TimeSpan(start=datetime(2025, 3, 10, tzinfo=UTC), end=datetime(2025, 3, 17, tzinfo=UTC),
                  precision=TimePrecision.WEEK), ("2025-03-13", "2")),  # the middle of the week
        (TimeSpan.in_month(2025, 2, UTC), ("2025-02-15", "3")),  # the month's mid-point, as ACLED writes it
        (TimeSpan(start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2026, 1, 1, tzinfo=UTC),
                  precision=TimePrecision.YEAR), ("2025-07-02", "3")),  # nothing coarser than 3: the middle day
        (None, ("2026-01-10", "3")),  # no event time: the report day
    ],
)  # fmt: skip
def test_the_event_date_of_each_precision(span: TimeSpan | None, written: tuple[str, str]) -> None:
    (row,) = rows(to_acled(_dated(span)))
    assert (row["event_date"], row["time_precision"]) == written


def test_acleds_fatalities_are_the_deaths_in_all() -> None:
    side_a = Fatalities(group=FatalityGroup.SIDE_A, count=Estimate(best=2))
    with_total = Event(event_type=EventType.BATTLES, fatalities=(side_a,), deaths_total=Estimate(low=3, best=11))
    only_groups = Event(event_type=EventType.BATTLES, fatalities=(side_a,))
    only_total = Event(event_type=EventType.BATTLES, deaths_total=Estimate.at_least(5))
    day = TimeSpan.on_day(date(2025, 3, 9), UTC)
    assert [rows(to_acled(_dated(day, e)))[0]["fatalities"] for e in (with_total, only_groups, only_total)] == [
        "11", "2", "5"]  # fmt: skip


# ------------------------------------------------------------------------- spreadsheets


def test_formula_cells_are_escaped_and_read_back_exactly() -> None:
    event = Event(
        event_type=EventType.BATTLES,
        actors=(Actor(name="=HYPERLINK(\"http://x\")", side=EventSide.A, associated=("+7 Brigade", "@home")),
                Actor(name="'quoted", side=EventSide.B)),
        deaths_total=Estimate(best=4),
    )  # fmt: skip
    d = evolve(_dated(TimeSpan.on_day(date(2025, 3, 9), UTC), event),
               locations=(Location(id="sumy", name="-Sumy", point=Point(lat=-12.5, lon=-8.25)),))  # fmt: skip
    text = to_acled(d)
    (row,) = rows(text)
    assert (row["actor1"], row["assoc_actor_1"], row["actor2"], row["location"]) == (
        "'=HYPERLINK(\"http://x\")", "'+7 Brigade; @home", "''quoted", "'-Sumy")  # fmt: skip
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-12.5", "-8.25", "4")  # numbers as they are
    assert read_acled(io.StringIO(text)) == read_acled(io.StringIO(to_acled(read_acled(io.StringIO(text)))))
    back = read_acled(io.StringIO(text))
    actors = back.claims[0].statement.event.actors  # type: ignore[union-attr]
    assert [(a.name, a.associated) for a in actors] == [
        ("=HYPERLINK(\"http://x\")", ("+7 Brigade", "@home")), ("'quoted", ())]  # fmt: skip
    assert back.location(back.claims[0].statement.location_ids[0]).name == "-Sumy"
    assert rows(to_acled(d, spreadsheet_safe=False))[0]["actor1"] == '=HYPERLINK("http://x")'


def test_a_negative_count_in_a_number_column_is_refused_not_unescaped() -> None:
    result = read_acled_partial(io.StringIO(HEAD + "A,2025-03-09,1,Battles,,Sumy,1,'-3\n"))
    assert [str(e) for e in result.errors] == [
        'line 2: fatalities: must be a whole number written in digits, got str "\'-3"'
    ]


# ------------------------------------------------------------------------- one bad cell, not the whole file

BAD_HEAD = "event_id_cnty,event_date,time_precision,event_type,actor1,location,source,fatalities,timestamp\n"
GOOD_ROW = "OK{n},2025-03-08,1,Battles,Military Forces of Russia,Суми,ISW,2,1741478400\n"


def _between_good_rows(bad: str) -> str:
    return BAD_HEAD + GOOD_ROW.format(n=1) + bad + GOOD_ROW.format(n=2)


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ("B,2025-03-08,1,Battles,,Су\x07ми,ISW,1,\n", "location", "must not hold a control character (U+0007"),
        ("B,2025-03-08,1,Battles,Mil\x07itary,Суми,ISW,1,\n", "actor1", "must not hold a control character"),
        ("B,2025-03-08,1,Battles,,Суми,IS\x07W,1,\n", "source", "must not hold a control character (U+0007"),
        ("B,2025-03-08,1,Battles,,Суми,Rybar\u202e,1,\n", "source", "must not hold a bidirectional control"),
        ("B,2025-03-08,1,Battles,,Суми,ISW,1,99999999999999999\n", "timestamp", "must be Unix seconds up to"),
        ("B,9999-12-31,1,Battles,,Суми,ISW,1,\n", "event_date", "is too near the end of the calendar"),
        ("B,9999-12-30,3,Battles,,Суми,ISW,1,\n", "event_date", "is too near the end of the calendar"),
        ("B,2025-03-08,1,Battles,,Суми,ISW," + "9" * 30 + ",\n", "fatalities", "must be at most 10,000,000"),
        ("B,2025-03-08,1,Battles,,Суми,ISW,1e300,\n", "fatalities", "must be a whole number written in digits"),
        ("B,2025-03-08,1,Battles,,Суми,ISW,1e3,\n", "fatalities", "must be a whole number written in digits"),
        ("B,2025-03-08,1,Battles,,Суми,ISW,2.5,\n", "fatalities", "must be a whole number written in digits"),
        ("B,2025-03-08,1,Battles,,Суми,ISW,1,,extra\n", "column 10", "has no header (the row has 10 cells for 9"),
    ],
)
def test_a_bad_cell_is_an_error_at_its_line_and_column_and_nothing_else_is_lost(
    bad: str, column: str, reason: str
) -> None:
    result = read_acled_partial(io.StringIO(_between_good_rows(bad)))
    assert [c.id for c in result.dossier.claims] == ["OK1", "OK2"]
    assert [(e.line, e.path) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].reason
    assert result.lines == (2, 4)


def test_a_bad_row_adds_no_source_and_no_place() -> None:
    head = "event_id_cnty,event_date,event_type,sub_event_type,location,source\n"
    text = head + "A,2025-03-08,Battles,,Суми,ISW\nB,2025-03-08,Protests,Armed clash,Юнаківка,Rybar\n"
    result = read_acled_partial(io.StringIO(text))
    assert [(e.line, e.path) for e in result.errors] == [(3, "sub_event_type")]  # found once the place is made
    assert [s.name for s in result.dossier.sources] == ["ACLED", "ISW"]
    assert [loc.name for loc in result.dossier.locations] == ["Суми"]


def test_counts_are_read_exactly() -> None:
    text = BAD_HEAD + "A,2025-03-08,1,Battles,,Суми,ISW,10000000,\nB,2025-03-08,1,Battles,,Суми,ISW,12.0,\n"
    d = read_acled(io.StringIO(text))
    totals = [c.statement.event.deaths_total for c in d.claims if c.statement.event is not None]
    assert totals == [Estimate(best=10_000_000), Estimate(best=12)]
    assert all(type(t.best) is int for t in totals if t is not None)


# ------------------------------------------------------------------------- a quote that is not closed


def test_a_quote_never_closed_is_reported_and_the_rows_after_it_are_read() -> None:
    text = _between_good_rows('B,2025-03-08,1,Battles,,"Суми,ISW,1,\n')
    result = read_acled_partial(io.StringIO(text))
    assert [c.id for c in result.dossier.claims] == ["OK1", "OK2"]
    assert [(e.line, e.path) for e in result.errors] == [(3, "location")]
    assert "opens a quote that is never closed" in result.errors[0].reason


def test_a_quote_closed_rows_later_is_reported_and_the_rows_it_swallowed_are_read() -> None:
    # the quote opened in the location of line 3 closes at the inch mark of line 5: the CSV is valid
    text = (
        BAD_HEAD
        + GOOD_ROW.format(n=1)
        + 'B,2025-03-08,1,Battles,,"Суми,ISW,1,\n'
        + GOOD_ROW.format(n=2)
        + 'OK3,2025-03-08,1,Battles,,Суми 5",ISW,2,\n'
        + GOOD_ROW.format(n=4)
    )
    result = read_acled_partial(io.StringIO(text))
    assert [(e.line, e.path) for e in result.errors] == [(3, "location")]
    assert "holds a line break (its quote closes only on line 5)" in result.errors[0].reason
    assert [c.id for c in result.dossier.claims] == ["OK1", "OK2", "OK3", "OK4"]
    assert all("\n" not in loc.name for loc in result.dossier.locations)


def test_text_after_a_closing_quote_is_reported_at_its_column() -> None:
    result = read_acled_partial(io.StringIO(_between_good_rows('B,2025-03-08,1,Battles,,"Суми"x,ISW,1,\n')))
    assert [c.id for c in result.dossier.claims] == ["OK1", "OK2"]
    assert [(e.line, e.path) for e in result.errors] == [(3, "location")]
    assert "has text after its closing quote" in result.errors[0].reason


def test_notes_may_hold_line_breaks() -> None:
    text = 'event_id_cnty,event_date,event_type,location,notes\nA,2025-03-08,Battles,Sumy,"two\nlines"\n'
    assert read_acled(io.StringIO(text)).claims[0].statement.description == "two\nlines"


# ------------------------------------------------------------------------- encodings


def test_a_utf16_file_is_refused_with_a_hint() -> None:
    text = "event_id_cnty,event_date,event_type,location\nA,2025-03-08,Battles,Суми\n"
    with pytest.raises(ValidationError) as caught:
        read_acled_partial(text.encode("utf-16"))
    (err,) = caught.value.errors
    assert (err.line, err.path) == (1, "(file)")
    assert "is not UTF-8 text" in err.reason
    assert "UTF-16" in err.reason
    assert "CSV UTF-8" in err.reason


def test_a_windows_1251_file_is_refused_at_its_first_cyrillic_cell_with_a_hint() -> None:
    text = "event_id_cnty,event_date,event_type,location\nA,2025-03-08,Battles,Суми\n"
    with pytest.raises(ValidationError) as caught:
        read_acled_partial(text.encode("cp1251"))
    (err,) = caught.value.errors
    assert (err.line, err.path) == (2, "location")
    assert "the file is not UTF-8 text" in err.reason
    assert "Windows-1251" in err.reason


def test_a_row_in_another_encoding_is_refused_and_the_utf8_rows_are_kept() -> None:
    head = "event_id_cnty,event_date,event_type,location\nA,2025-03-08,Battles,Суми\n".encode()
    data = head + "B,2025-03-08,Battles,Юнаківка\n".encode("cp1251") + "C,2025-03-08,Battles,Суми\n".encode()
    result = read_acled_partial(data)
    assert [c.id for c in result.dossier.claims] == ["A", "C"]
    assert [(e.line, e.path) for e in result.errors] == [(3, "location")]
    assert "holds bytes that are not UTF-8" in result.errors[0].reason


def test_a_doubled_byte_order_mark_and_a_zero_width_space_in_the_header_are_ignored() -> None:
    text = "\ufeff\ufeffevent_id_cnty,event_date,event_type\u200b,location\nA,2025-03-08,Battles,Sumy\n"
    assert [c.id for c in read_acled(text.encode()).claims] == ["A"]


# ------------------------------------------------------------------------- unrated cited sources


def test_rows_citing_several_sources_warn_that_none_is_rated() -> None:
    text = "event_id_cnty,event_date,event_type,location,source\n"
    one = read_acled_partial(io.StringIO(text + "A,2025-03-08,Battles,Sumy,TASS\n"))
    assert one.warnings == ()
    several = read_acled_partial(
        io.StringIO(text + "A,2025-03-08,Battles,Sumy,Ministry of Defence of Russia; TASS; RIA Novosti\n")
    )
    (warning,) = several.warnings
    assert "Ministry of Defence of Russia, TASS, RIA Novosti" in warning
    assert "independent" in warning
    assert all(s.party is None and s.reliability is None for s in several.dossier.sources)  # no guessing


# ------------------------------------------------------------------------- a reconciled dossier


def _three_reports_of_one_battle() -> Dossier:
    def battle(cid: str, src: str, a: Estimate, b: Estimate) -> Claim:
        actors = (
            Actor(name="Military Forces of Russia (2000-)", party="RU", actor_type=ActorType.STATE_FORCES,
                  side=EventSide.A),
            Actor(name="Military Forces of Ukraine (2019-)", party="UA", actor_type=ActorType.STATE_FORCES,
                  side=EventSide.B),
        )  # fmt: skip
        groups = (Fatalities(group=FatalityGroup.SIDE_A, count=a), Fatalities(group=FatalityGroup.SIDE_B, count=b))
        event = Event(event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH, actors=actors,
                      fatalities=groups)  # fmt: skip
        return Claim(id=cid, source_id=src, reported_at=datetime(2025, 3, 9, 12, tzinfo=UTC),
                     when=TimeSpan.on_day(date(2025, 3, 8), UTC),
                     statement=Statement(predicate=Predicate.EVENT, location_ids=("sudzha",), event=event))  # fmt: skip

    from conflictmodels import Reliability, SourceKind

    sources = tuple(
        Source(id=i, name=n, kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B)
        for i, n in (("isw", "ISW"), ("reuters", "Reuters"), ("afp", "AFP"))
    )
    place = Location(id="sudzha", name="Sudzha", point=Point(lat=51.19, lon=35.27))
    claims = (
        battle("isw-e", "isw", Estimate(best=12), Estimate.between(3, 5, best=4)),
        battle("reu-e", "reuters", Estimate(best=12), Estimate(best=4)),
        battle("afp-e", "afp", Estimate.between(10, 15), Estimate(best=5)),
    )
    return Dossier(sources=sources, locations=(place,), claims=claims)


def test_a_reconciled_event_is_one_row_citing_every_source() -> None:
    from conflictmodels import reconcile

    out = reconcile(_three_reports_of_one_battle())
    assert len(rows(to_acled(out))) == 3  # the claims: one row per report
    (row,) = rows(to_acled(out, assessments=True))
    (event,) = [a for a in out.assessments if a.statement.event is not None]
    assert row["event_id_cnty"] == event.id
    assert row["source"] == "AFP; ISW; Reuters"
    assert row["event_date"] == "2025-03-08"
    assert row["timestamp"] == str(int(datetime(2025, 3, 9, 12, tzinfo=UTC).timestamp()))
    assert event.statement.event is not None
    assert row["fatalities"] == str(event.statement.event.conservative_deaths())
    assert (row["actor1"], row["actor2"]) == ("Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)")


def test_the_command_line_warns_keeps_good_rows_and_writes_raw_cells_or_assessments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conflictmodels import reconcile
    from conflictmodels.cli import main
    from conflictmodels.files import dump_file, load_file

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "event_id_cnty,event_date,event_type,location,source,fatalities,timestamp\n"
        "A,2025-03-08,Battles,Sumy,=cmd; TASS,2,\n"
        "B,2025-03-08,Battles,Su\x07my,TASS,1,\n"
        "C,2025-03-08,Battles,Sumy,TASS,1,99999999999999999\n",
        encoding="utf-8",
    )
    out = tmp_path / "events.json"
    assert main(["import", "--from", "acled", str(bad), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {bad}:3: location: must not hold a control character" in err
    assert f"warning: {bad}:4: timestamp: must be Unix seconds" in err
    assert f"note: {bad}: rows cite several sources each (=cmd, TASS)" in err
    assert [c.id for c in load_file(out).claims] == ["A", "A#2"]
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["export", "--to", "acled", str(out), "-o", str(safe)]) == 0
    assert main(["export", "--to", "acled", "--raw-cells", str(out), "-o", str(raw)]) == 0
    assert rows(safe.read_text(encoding="utf-8"))[0]["source"] == "'=cmd; TASS"
    assert rows(raw.read_text(encoding="utf-8"))[0]["source"] == "=cmd; TASS"
    merged = tmp_path / "merged.json"
    dump_file(reconcile(_three_reports_of_one_battle()), merged)
    events = tmp_path / "events.csv"
    assert main(["export", "--to", "ucdp", "--what", "assessments", str(merged), "-o", str(events)]) == 0
    assert len(rows(events.read_text(encoding="utf-8"))) == 1
