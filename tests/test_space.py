"""Places inside regions: a claim that a whole region changed hands meets what is known
of the places inside it (by parent location or ISO 3166-2 region code)."""

from __future__ import annotations

from datetime import UTC, datetime

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
)
from conflictmodels._space import _Space
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
    assert "UA held Sudzha (inside Kursk Oblast) on 2025-03-10" in text
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
