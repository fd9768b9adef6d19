"""Places inside regions: a claim that a whole region changed hands meets what is known
of the places inside it (by parent location or ISO 3166-2 region code)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from types import FrameType
from typing import Any

from _support import work_growth
from conflictmodels import (
    Assessment,
    AssessmentStatus,
    Claim,
    ControlChange,
    Dossier,
    Location,
    LocationKind,
    Predicate,
    Reliability,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    _space,
)
from conflictmodels._evidence import _Ev
from conflictmodels._space import _MAX_DEPTH, _Space
from conflictmodels.reconciliation import reconcile

C = ControlChange
S = AssessmentStatus


def day(month: int, d: int, year: int = 2025) -> datetime:
    return datetime(year, month, d, 12, tzinfo=UTC)


SOURCES = (
    Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK, reliability=Reliability.B),
    Source(id="reuters", name="Reuters", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.B),
    Source(id="afp", name="AFP", kind=SourceKind.INDEPENDENT_MEDIA, reliability=Reliability.A),
    Source(id="ru-mod", name="Russian Ministry of Defence", kind=SourceKind.STATE_MILITARY, party="RU"),
    Source(id="dva-mayora", name="Dva Mayora", kind=SourceKind.BLOGGER, reliability=Reliability.D, party="RU"),
)
RUSSIA = Location(id="russia", name="Russia", kind=LocationKind.COUNTRY, country="RU")
KURSK = Location(id="kursk-oblast", name="Kursk Oblast", kind=LocationKind.REGION, country="RU", region="RU-KRS",
                 parent_id="russia")  # fmt: skip
SUDZHA_DISTRICT = Location(id="sudzha-district", name="Sudzhansky District", kind=LocationKind.DISTRICT,
                           country="RU", parent_id="kursk-oblast")  # fmt: skip
PLACES = (
    RUSSIA,
    KURSK,
    SUDZHA_DISTRICT,
    Location(id="sudzha", name="Sudzha", country="RU", region="RU-KRS"),  # inside by its region code only
    Location(id="malaya-loknya", name="Malaya Loknya", country="RU", parent_id="sudzha-district"),
    Location(id="guevo", name="Guevo", country="RU", parent_id="kursk-oblast"),
    Location(id="sumy", name="Sumy Oblast", kind=LocationKind.REGION, country="UA", region="UA-59"),
    Location(id="novenke-sumy", name="Novenke", country="UA", region="UA-59"),
)


def control(id: str, source: str, party: str, change: C, when: datetime, place: str, **kw: object) -> Claim:
    return Claim(
        id=id,
        source_id=source,
        reported_at=when,
        when=TimeSpan(start=when),
        statement=Statement(predicate=Predicate.CONTROL, party=party, change=change, location_ids=(place,), **kw),  # type: ignore[arg-type]
    )


def liberated(when: datetime, id: str = "ru-mod-kursk") -> Claim:
    """The Russian MoD: "the Kursk region is fully liberated"."""
    return control(id, "ru-mod", "RU", C.RECAPTURED, when, "kursk-oblast", counterparty="UA")


def ua_holds(place: str, start: datetime, *more: datetime) -> list[Claim]:
    out = [control(f"isw-{place}", "isw", "UA", C.CAPTURED, start, place)]
    out += [control(f"reuters-{place}-{i}", "reuters", "UA", C.HOLDS, t, place) for i, t in enumerate(more)]
    return out


def dossier(*claims: Claim) -> Dossier:
    return Dossier(sources=SOURCES, locations=PLACES, claims=claims)


def about(d: Dossier, loc: str) -> list[Assessment]:
    return [a for a in d.assessments if a.statement.location_ids == (loc,)]


def said(a: Assessment, code: str) -> str:
    found = [entry[len(code) + 3 :] for entry in a.rationale if entry.startswith(f"[{code}] ")]
    assert found, (code, a.rationale)
    return "\n".join(found)


def test_region_claim_is_contradicted_by_a_village_held_inside_it() -> None:
    d = reconcile(dossier(*ua_holds("sudzha", day(8, 15, 2024), day(3, 10)), liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    text = said(region, "inside-region")
    assert "UA held Sudzha (inside Kursk Oblast) on 10 March 2025" in text
    assert "ISW" in text
    assert "Reuters" in text
    assert "isw-sudzha" in region.contradicting
    assert "reuters-sudzha-0" in region.contradicting
    assert region.status in (S.REFUTED, S.CONTESTED)


def test_without_the_village_the_region_claim_is_only_unverified() -> None:
    d = reconcile(dossier(liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    assert region.status is S.UNVERIFIED
    assert not any(r.startswith("[inside-region]") for r in region.rationale)


def test_a_village_taken_back_before_the_claim_does_not_contradict_it() -> None:
    d = reconcile(
        dossier(
            *ua_holds("sudzha", day(8, 15, 2024)),
            control("afp-sudzha", "afp", "RU", C.RECAPTURED, day(3, 13), "sudzha"),
            liberated(day(4, 26)),
        )
    )
    (region,) = about(d, "kursk-oblast")
    assert not any(r.startswith("[inside-region]") for r in region.rationale)


def test_parent_chain_reaches_the_region_through_a_district() -> None:
    d = reconcile(dossier(*ua_holds("malaya-loknya", day(8, 20, 2024), day(3, 1)), liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    assert "Malaya Loknya (inside Kursk Oblast)" in said(region, "inside-region")


def test_a_weak_state_inside_does_not_contradict() -> None:
    weak = control("reuters-guevo", "reuters", "UA", C.HOLDS, day(3, 1), "guevo")  # one origin: unverified
    d = reconcile(dossier(weak, liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    assert not any(r.startswith("[inside-region]") for r in region.rationale)


def test_places_in_another_region_do_not_count() -> None:
    d = reconcile(dossier(*ua_holds("novenke-sumy", day(1, 1), day(3, 1)), liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    assert not any(r.startswith("[inside-region]") for r in region.rationale)


def test_same_holder_inside_is_no_contradiction() -> None:
    ru = [control(f"{s}-guevo", s, "RU", C.HOLDS, day(3, 5), "guevo") for s in ("isw", "reuters")]
    d = reconcile(dossier(*ru, liberated(day(3, 10))))
    (region,) = about(d, "kursk-oblast")
    assert not any(r.startswith("[inside-region]") for r in region.rationale)


def test_claimed_region_change_names_the_village_too() -> None:
    # the region held by UA... then a self-serving claim of its liberation: a claimed change
    standing = [control(f"{s}-kursk", s, "UA", C.HOLDS, day(2, 1), "kursk-oblast") for s in ("isw", "reuters")]
    d = reconcile(dossier(*standing, *ua_holds("sudzha", day(8, 15, 2024), day(3, 10)), liberated(day(3, 10))))
    notes = [a for a in about(d, "kursk-oblast") if a.status is S.CLAIMED]
    assert len(notes) == 1
    assert "UA held Sudzha (inside Kursk Oblast)" in said(notes[0], "inside-region")


def test_country_claim_sees_villages_through_two_levels() -> None:
    country = control("mod-russia", "ru-mod", "RU", C.HOLDS, day(3, 10), "russia")
    d = reconcile(dossier(*ua_holds("malaya-loknya", day(8, 20, 2024), day(3, 1)), country))
    (a,) = about(d, "russia")
    assert "Malaya Loknya (inside Russia)" in said(a, "inside-region")


def test_containers_are_found_once_and_survive_a_cycle() -> None:
    a = Location(id="a", name="A", parent_id="b")
    b = Location(id="b", name="B", parent_id="a")
    space = _Space((a, b, *PLACES), SOURCES)
    assert space.containers["sudzha"] == ("kursk-oblast", "russia")
    assert space.containers["malaya-loknya"] == ("sudzha-district", "kursk-oblast", "russia")
    assert "a" in space.containers["b"] or "b" in space.containers["a"]


def test_region_judgment_does_not_depend_on_claim_order() -> None:
    claims = [*ua_holds("sudzha", day(8, 15, 2024), day(3, 10)), *ua_holds("guevo", day(9, 1, 2024), day(3, 9)),
              liberated(day(3, 10))]  # fmt: skip
    first = reconcile(dossier(*claims)).assessments
    assert reconcile(dossier(*reversed(claims))).assessments == first


def _chain(n: int) -> list[Location]:
    """A region and ``n - 1`` places, each inside the one before it."""
    top = Location(id="l0", name="Region", kind=LocationKind.REGION, country="UA", region="UA-14")
    return [top, *(Location(id=f"l{i}", name=f"Place {i}", parent_id=f"l{i - 1}") for i in range(1, n))]


def _deep_locations(n: int) -> Dossier:
    """A chain of ``n`` nested places with one control claim each (R1 #11: quadratic once)."""
    claims = tuple(
        control(
            f"c{i}",
            "isw" if i % 2 else "reuters",
            "UA" if i % 2 else "RU",
            C.HOLDS,
            day(1, 1) + timedelta(hours=i),
            f"l{i}",
        )
        for i in range(n)
    )
    return Dossier(sources=SOURCES, locations=tuple(_chain(n)), claims=claims)


def _lines_run_in_space(d: Dossier) -> int:
    """How many lines of ``_space.py`` a reconcile of ``d`` runs (its work, not its time: the
    old walk listed ancestors in plain loops that made no calls, so counting calls missed it)."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        return local if frame.f_code.co_filename == _space.__file__ else None

    sys.settrace(tracer)
    try:
        reconcile(d)
    finally:
        sys.settrace(None)
    return count


def test_nested_locations_cost_linear_work() -> None:
    """R1 #11: a chain of nested places with a claim each was quadratic (every ancestor of
    every place listed, 20,000 places took 36 s). Each place now walks at most _MAX_DEPTH
    levels up: four times the places is about four times the work, in the whole reconcile
    (calls) and in the containment code (lines)."""
    small, large = 150, 600
    assert work_growth(reconcile, _deep_locations, small, large) < (large / small) * 1.6
    a, b = _deep_locations(small), _deep_locations(large)
    assert _lines_run_in_space(b) / _lines_run_in_space(a) < (large / small) * 1.6


def test_containers_are_followed_at_most_the_documented_depth() -> None:
    """A place _MAX_DEPTH levels below a region is inside it; one level deeper is not."""
    space = _Space(_chain(_MAX_DEPTH + 2), SOURCES)
    assert space.containers[f"l{_MAX_DEPTH}"][-1] == "l0"
    assert len(space.containers[f"l{_MAX_DEPTH}"]) == _MAX_DEPTH
    assert "l0" not in space.containers[f"l{_MAX_DEPTH + 1}"]
    assert space.containers[f"l{_MAX_DEPTH + 1}"][0] == f"l{_MAX_DEPTH}"


def test_a_region_claim_does_not_meet_a_place_deeper_than_the_cap() -> None:
    """R1 s24: 'RU holds the region' met a credible UA hold 40 levels down; the cap is 32."""

    def met_inside(depth: int) -> bool:
        locs = _chain(depth + 1)
        claims = (
            control("m", "ru-mod", "RU", C.CAPTURED, day(1, 1), "l0"),
            control("a", "isw", "UA", C.HOLDS, day(1, 2), f"l{depth}"),
            control("b", "reuters", "UA", C.HOLDS, day(1, 2), f"l{depth}"),
        )
        d = reconcile(Dossier(sources=SOURCES, locations=tuple(locs), claims=claims))
        return any(r.startswith("[inside-region] ") for a in about(d, "l0") for r in a.rationale)

    assert met_inside(_MAX_DEPTH)
    assert not met_inside(_MAX_DEPTH + 1)
    assert not met_inside(40)


def test_regions_are_judged_after_the_regions_inside_them_however_deep() -> None:
    """Ordering no longer counts containers (capped, a deep chain ties): inner regions first."""
    space = _Space(_chain(80), SOURCES)
    groups: dict[tuple[str, tuple[str, ...]], list[_Ev]] = {("control", (f"l{i}",)): [] for i in reversed(range(80))}
    order = [k[1][0] for k, _ in space.in_order(groups)]
    assert order.index("l0") == 79
    assert all(order.index(f"l{i + 1}") < order.index(f"l{i}") for i in range(79))
