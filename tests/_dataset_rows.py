"""Hypothesis strategies for dossiers of events shaped as an ACLED or UCDP GED import
makes them (the shape those formats can carry), for the round-trip properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

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
    Point,
    Predicate,
    Source,
    Statement,
    SubEventType,
    TimeSpan,
)
from conflictmodels.export._tabular import Builder, slug

# Latin and Cyrillic letters, digits and the punctuation names carry (no ';', which separates names),
# with the characters a spreadsheet reads as the start of a formula (=, +, -, @) and its escape (').
_ALPHABET = st.sampled_from(list("abcxyzABCXYZ0189 -'(),.\"/=+@") + list("абвгдежзийСумиКурськ"))


def names(min_size: int = 1) -> st.SearchStrategy[str]:
    """A name as a dataset writes it: not blank, no outer spaces, single spaces inside."""
    return (
        st.text(_ALPHABET, min_size=min_size, max_size=12)
        .map(lambda s: " ".join(s.split()))
        .filter(lambda s: s and slug(s) not in {"acled", "ucdp"})
    )


def distinct(strategy: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[list[str]]:
    """Names that are different sources or places (their ids differ)."""
    return st.lists(strategy, max_size=max_size, unique_by=slug)


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


def counts(*, bounds: bool) -> st.SearchStrategy[Estimate]:
    """A whole count of deaths above 0, with bounds around it when ``bounds``."""
    best = st.integers(min_value=1, max_value=5000)
    if not bounds:
        return best.map(lambda b: Estimate(best=b))
    return st.tuples(best, st.integers(0, 50), st.integers(0, 50)).map(_bounded)


def _bounded(t: tuple[int, int, int]) -> Estimate:
    best, below, above = t
    return Estimate(
        low=best - below if below and best >= below else None, best=best, high=best + above if above else None
    )


@st.composite
def event_dossiers(draw: Any, *, coder: Source, shape: st.SearchStrategy[dict[str, Any]]) -> Dossier:
    """A dossier of events as an import by ``coder`` builds it; ``shape`` draws what the
    format carries of one row (event, when, geo precision, report time, levels, cited)."""
    builder = Builder(coder)
    seen: set[str] = set()
    seen_keys: set[Any] = set()
    for _ in range(draw(st.integers(0, 4))):
        row = draw(shape)
        row_id = draw(st.sampled_from(["UKR", "RUS", ""])) + str(draw(st.integers(1, 10**6)))
        if row_id in seen:
            continue
        seen.add(row_id)
        country = draw(st.none() | names())
        admins = draw(distinct(names(), row["levels"]))
        point = draw(st.none() | st.builds(Point, lat=st.floats(-90, 90).map(lambda x: round(x, 4)),
                                           lon=st.floats(-180, 180).map(lambda x: round(x, 4))))  # fmt: skip
        place_name = draw(names()) if not admins and not country else draw(st.none() | names())
        before = [dict(x) for x in (builder.locations, builder.admins, builder.places, builder.named)]
        place = builder.place(country, admins, place_name, point)
        assert place is not None
        statement = Statement(
            predicate=Predicate.EVENT, location_ids=(place,), event=row["event"], description=row.get("notes")
        )
        key = (statement, row["when"], row["reported_at"], row["geo"])
        if key in seen_keys:  # the same event twice is one row (the export groups them)
            builder.locations, builder.admins, builder.places, builder.named = before  # type: ignore[assignment]
            continue
        seen_keys.add(key)

        def make(
            cid: str, sid: str, chain: tuple[Any, ...], row: dict[str, Any] = row, statement: Statement = statement
        ) -> Claim:
            return Claim(id=cid, source_id=sid, attribution=chain, reported_at=row["reported_at"],
                         when=row["when"], statement=statement, geo_precision=row["geo"])  # fmt: skip

        builder.claims.extend(builder.claims_of(row_id, row["cited"], make))
    return builder.dossier()


def acled_when(draw: Any) -> TimeSpan:
    from conflictmodels.export.acled import acled_span

    return acled_span(draw(days), draw(st.integers(1, 3)))


@st.composite
def acled_rows(draw: Any) -> dict[str, Any]:
    """What ACLED carries of one event row."""
    sub = draw(st.sampled_from(list(SubEventType)))
    actors = []
    for side in (EventSide.A, EventSide.B):
        if draw(st.booleans()) or (side is EventSide.A and draw(st.booleans())):
            actors.append(Actor(name=draw(names()), side=side, actor_type=draw(st.none() | st.sampled_from(list(ActorType))),
                                associated=tuple(draw(distinct(names(), 2)))))  # fmt: skip
    if len(actors) == 1 and actors[0].side is EventSide.B:
        actors = []
    deaths = draw(st.integers(0, 3000))
    event = Event(
        event_type=sub.event_type,
        sub_event_type=draw(st.none() | st.just(sub)),
        actors=tuple(actors),
        civilian_targeting=draw(st.booleans()),
        deaths_total=Estimate(best=deaths) if deaths else None,  # ACLED's one figure: the deaths in all
    )
    when = acled_when(draw)
    assert when.start is not None
    reported = when.start + timedelta(seconds=draw(st.integers(0, 10**8)))
    return {
        "event": event,
        "when": when,
        "geo": draw(st.none() | st.sampled_from([GeoPrecision.EXACT, GeoPrecision.NEAR, GeoPrecision.ADM1])),
        "reported_at": reported.replace(microsecond=0),
        "levels": 3,
        "notes": draw(st.none() | names()),
        "cited": [(None, n) for n in draw(distinct(names(), 3))],
    }


@st.composite
def ucdp_rows(draw: Any) -> dict[str, Any]:
    """What UCDP GED carries of one event row."""
    violence = draw(st.integers(1, 3))
    actors = []
    for side in (EventSide.A, EventSide.B):
        if draw(st.booleans()):
            state = violence == 1 and side is EventSide.A
            actors.append(Actor(name=draw(names()), side=side, actor_type=ActorType.STATE_FORCES if state else None))
    chosen = draw(st.sets(st.sampled_from(list(FatalityGroup)), max_size=4))
    groups = [g for g in FatalityGroup if g in chosen]  # UCDP's column order
    fatalities = tuple(Fatalities(group=g, count=draw(counts(bounds=False))) for g in groups)
    if fatalities:  # UCDP's best is the groups' sum; low and high bound it
        added = sum(int(f.count.best or 0) for f in fatalities)
        total: Estimate | None = _bounded((added, *draw(st.tuples(st.integers(0, 50), st.integers(0, 50)))))
    else:  # no deaths at all, or deaths whose status is not said: best is deaths_unknown, as UCDP writes it
        total = draw(st.none() | counts(bounds=True))
        if total is not None:
            fatalities = (Fatalities(group=FatalityGroup.UNKNOWN, count=Estimate(best=total.best)),)
    event = Event(
        event_type=EventType.VIOLENCE_AGAINST_CIVILIANS if violence == 3 else EventType.BATTLES,
        actors=tuple(actors),
        civilian_targeting=violence == 3,
        fatalities=fatalities,
        clarity=draw(st.none() | st.sampled_from(list(EventClarity))),
        deaths_total=total,
    )
    first = draw(days)
    code = draw(st.sampled_from([1, 2, 3, 4, 5]))
    length = {1: st.integers(0, 3), 2: st.integers(1, 5), 3: st.integers(6, 20), 4: st.integers(7, 40),
              5: st.integers(30, 400)}[code]  # fmt: skip
    from conflictmodels.export.ucdp import ucdp_span

    when = ucdp_span(first, first + timedelta(days=draw(length)), code)
    reported = datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 60)))
    offices = draw(distinct(names(), 2))
    originals = draw(distinct(names(), 2)) if offices else []
    if originals:
        cited: list[tuple[str | None, str]] = [(o, n) for n in originals for o in offices]
    else:
        cited = [(None, o) for o in offices]
    if {slug(o) for o in offices} & {slug(o) for o in originals}:
        cited = [(None, o) for o in offices]
    return {
        "event": event,
        "when": when,
        "geo": draw(st.none() | st.sampled_from(list(GeoPrecision))),
        "reported_at": reported,
        "levels": 2,
        "cited": cited,
    }
