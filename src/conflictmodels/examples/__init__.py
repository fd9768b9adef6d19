"""Bundled examples: the Kursk report (March 2025) and its dossier.

The report is a short public news text (``kursk-report.txt`` beside this module). Its
text carries no date; the dossier dates it to Sunday 9 March 2025, the day the Russian
Ministry of Defence announced the four Kursk settlements, so "on Sunday" resolves to that
day and "next week" to the week of the Jeddah talks (10-16 March 2025). The outlet is not
named in the text, so it appears as the source ``news-report``.

Coordinates of the villages are approximate (to a few kilometres, as their
``precision_m`` says); ISO 3166 codes are exact. Admiralty ratings of the third-party
sources are the example analyst's own and only illustrate the scale.

Example:
    >>> from conflictmodels.examples import kursk_dossier, kursk_report
    >>> d = kursk_dossier()
    >>> len(d.claims), len(d.sources), len(d.locations), len(d.units)
    (21, 11, 10, 4)
    >>> "Novenke" in kursk_report()
    True
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from importlib import resources

from ..attribution import Hop
from ..claim import Claim
from ..dossier import Dossier
from ..estimates import Estimate
from ..events import Actor, Event
from ..geo import Point
from ..location import Location
from ..people import Person, Role
from ..source import Source
from ..statement import Statement
from ..timespans import TimeSpan, resolve_relative
from ..unit import Unit
from ..vocabularies import (
    ActorType,
    Branch,
    ControlChange,
    Echelon,
    EventSide,
    EventType,
    GeoPrecision,
    Hedge,
    LocationKind,
    Modality,
    PlaceRelation,
    Predicate,
    Reliability,
    SourceKind,
    SubEventType,
)

__all__ = ["KURSK_PUBLISHED", "contested_week", "kursk_dossier", "kursk_report"]

MSK = timezone(timedelta(hours=3), "MSK")
KURSK_PUBLISHED = datetime(2025, 3, 9, 18, 0, tzinfo=MSK)
"""When the example dates the Kursk report (its text is undated)."""


def kursk_report() -> str:
    """The text of the Kursk report, as bundled with the package.

    Example:
        >>> from conflictmodels.examples import kursk_report
        >>> "Kursk" in kursk_report()
        True
    """
    return resources.files(__name__).joinpath("kursk-report.txt").read_text(encoding="utf-8")


def _sources() -> tuple[Source, ...]:
    S = SourceKind
    return (
        Source(id="news-report", name="Kursk news report (outlet not named in the text)", kind=S.INDEPENDENT_MEDIA,
               reliability=Reliability.B),
        Source(id="ru-mod", name="Ministry of Defence of the Russian Federation",
               aliases=("Russia's Defense Ministry", "Russian MoD", "Russian Defence Ministry",
                        "Министерство обороны Российской Федерации", "Минобороны России"),
               kind=S.STATE_MILITARY, party="RU", url="https://mil.ru", country="RU"),
        Source(id="ru-armed-forces", name="Armed Forces of the Russian Federation",
               aliases=("Russian forces", "Вооружённые силы Российской Федерации"),
               kind=S.STATE_MILITARY, party="RU", parent_id="ru-mod", country="RU"),
        Source(id="military-bloggers", name="Ukrainian and Russian military bloggers", kind=S.BLOGGER,
               group=True, reliability=Reliability.F),
        Source(id="dmitry-medvedev", name="Dmitry Medvedev",
               aliases=("Дмитрий Медведев", "Deputy Chairman of the Security Council of Russia"),
               kind=S.GOVERNMENT_OFFICIAL, party="RU", country="RU"),
        Source(id="forbes", name="Forbes", kind=S.INDEPENDENT_MEDIA, reliability=Reliability.C,
               url="https://www.forbes.com"),
        Source(id="david-axe", name="David Axe", aliases=("Forbes correspondent David Axe",),
               kind=S.JOURNALIST, parent_id="forbes", reliability=Reliability.C),
        Source(id="ua-general-staff", name="General Staff of the Armed Forces of Ukraine",
               aliases=("Ukraine's General Staff", "Генеральний штаб Збройних сил України"),
               kind=S.STATE_MILITARY, party="UA", country="UA"),
        Source(id="ukrainian-commentators", name="Ukrainian commentators", kind=S.BLOGGER,
               group=True, reliability=Reliability.F, country="UA"),
        Source(id="serhii-flesh", name="Serhii Flesh", aliases=("Сергій Флеш", "Sergei Flash"),
               kind=S.BLOGGER, parent_id="ukrainian-commentators", country="UA"),
        Source(id="isw", name="Institute for the Study of War", aliases=("ISW",), kind=S.THINK_TANK,
               reliability=Reliability.B, url="https://www.understandingwar.org"),
    )  # fmt: skip


def _locations() -> tuple[Location, ...]:
    L, P = LocationKind, GeoPrecision

    def village(
        id: str, name: str, aliases: tuple[str, ...], lat: float, lon: float, parent: str, region: str
    ) -> Location:
        return Location(
            id=id,
            name=name,
            aliases=aliases,
            kind=L.SETTLEMENT,
            country=region[:2],
            region=region,
            parent_id=parent,
            point=Point(lat=lat, lon=lon, precision_m=5000.0, precision=P.EXACT),
        )

    return (
        Location(id="kursk-oblast", name="Kursk region", aliases=("Kursk Oblast", "Курская область"),
                 kind=L.REGION, country="RU", region="RU-KRS",
                 point=Point(lat=51.6, lon=36.1, precision_m=150_000.0, precision=P.ADM1)),
        Location(id="sumy-oblast", name="Sumy region", aliases=("Sumy Oblast", "Сумська область"),
                 kind=L.REGION, country="UA", region="UA-59",
                 point=Point(lat=50.9, lon=34.8, precision_m=150_000.0, precision=P.ADM1)),
        Location(id="donetsk-oblast", name="Donetsk region", aliases=("Donetsk Oblast", "Донецька область"),
                 kind=L.REGION, country="UA", region="UA-14",
                 point=Point(lat=48.0, lon=37.8, precision_m=150_000.0, precision=P.ADM1)),
        Location(id="dnipropetrovsk-oblast", name="Dnipropetrovsk region",
                 aliases=("Dnipropetrovsk Oblast", "Дніпропетровська область"),
                 kind=L.REGION, country="UA", region="UA-12",
                 point=Point(lat=48.5, lon=35.0, precision_m=150_000.0, precision=P.ADM1)),
        Location(id="saudi-arabia", name="Saudi Arabia", aliases=("المملكة العربية السعودية",),
                 kind=L.COUNTRY, country="SA",
                 point=Point(lat=24.0, lon=45.0, precision_m=1_000_000.0, precision=P.COUNTRY)),
        village("malaya-lokhnya", "Malaya Lokhnya", ("Malaya Loknya", "Малая Локня"), 51.28, 35.30,
                "kursk-oblast", "RU-KRS"),
        village("cherkasskoye-porechnoye", "Cherkasskoye Porechnoye",
                ("Cherkasskoe Porechnoe", "Черкасское Поречное"), 51.24, 35.19, "kursk-oblast", "RU-KRS"),
        village("kositsa", "Kositsa", ("Косица",), 51.28, 35.23, "kursk-oblast", "RU-KRS"),
        village("lebedevka", "Lebedevka", ("Лебедевка",), 51.18, 35.13, "kursk-oblast", "RU-KRS"),
        village("novenke", "Novenke", ("Novenkoye", "Новеньке", "Новенькое"), 51.05, 35.10,
                "sumy-oblast", "UA-59"),
    )  # fmt: skip


def _units() -> tuple[Unit, ...]:
    E, B = Echelon, Branch
    return (
        Unit(id="ru-177-marine-regiment", name="177th Marine Regiment",
             aliases=("177th Naval Infantry Regiment", "177-й полк морской пехоты"), designation="177",
             echelon=E.REGIMENT, branch=B.MARINES, party="RU"),
        Unit(id="ru-810-naval-infantry-brigade", name="810th Naval Infantry Brigade",
             aliases=("810th Guards Separate Naval Infantry Brigade",
                      "810-я отдельная гвардейская бригада морской пехоты"),
             designation="810", echelon=E.BRIGADE, branch=B.NAVAL_INFANTRY, party="RU"),
        Unit(id="ru-11-air-assault-brigade", name="11th Air Assault Brigade",
             aliases=("11th Guards Separate Air Assault Brigade",), designation="11",
             echelon=E.BRIGADE, branch=B.AIR_ASSAULT, party="RU"),
        Unit(id="kp-11-army-corps", name="11th Army Corps", aliases=("11th Corps", "Storm Corps", "폭풍군단"),
             designation="11", echelon=E.CORPS, branch=B.SPECIAL_FORCES, party="KP"),
    )  # fmt: skip


def _people() -> tuple[Person, ...]:
    """The one official the report names with a position: Dmitry Medvedev (it names no commander)."""
    return (
        Person(id="dmitry-medvedev", name="Dmitry Medvedev", aliases=("Дмитрий Медведев",), party="RU",
               roles=(Role(title="Deputy Chairman of the Security Council", organisation="Security Council of Russia"),
                      Role(title="former President of Russia", organisation="Russian Federation"))),
    )  # fmt: skip


def _claims() -> tuple[Claim, ...]:
    P, C, H = Predicate, ControlChange, Hedge
    published = KURSK_PUBLISHED
    sunday = resolve_relative("on Sunday", published)
    by_sunday = TimeSpan(end=sunday.end, precision=sunday.precision)
    outlet = "news-report"

    def relayed(
        source: str, verb: str, hedge: Hedge, outlet_verb: str = "reported", outlet_hedge: Hedge = H.ASSERTED
    ) -> tuple[Hop, ...]:
        return (
            Hop(source_id=outlet, verb=outlet_verb, hedge=outlet_hedge),
            Hop(source_id=source, verb=verb, hedge=hedge),
        )

    mod_quote = (
        "Russia's Defense Ministry announced on Sunday that its forces had recaptured four settlements in "
        "the Kursk region: Malaya Lokhnya, Cherkasskoye Porechnoye, Kositsa, and Lebedevka."
    )
    claims = [
        Claim(
            id=f"kursk-mod-{place}",
            source_id="ru-mod",
            attribution=relayed("ru-mod", "announced", H.ASSERTED),
            reported_at=published,
            when=by_sunday,
            quote=mod_quote,
            language="en",
            statement=Statement(
                predicate=P.CONTROL, party="RU", counterparty="UA", change=C.RECAPTURED, location_ids=(place,)
            ),
        )
        for place in ("malaya-lokhnya", "cherkasskoye-porechnoye", "kositsa", "lebedevka")
    ]
    # One ACLED-style event: the recapture of Kositsa as the ministry announced it (ACLED codes
    # one event per place). The report gives no deaths for it, by side or at all, so the event
    # has no fatalities: none are invented.
    claims.append(
        Claim(
            id="kursk-event-kositsa",
            source_id="ru-mod",
            attribution=relayed("ru-mod", "announced", H.ASSERTED),
            reported_at=published,
            when=by_sunday,
            quote=mod_quote,
            language="en",
            statement=Statement(
                predicate=P.EVENT,
                location_ids=("kositsa",),
                event=Event(
                    event_type=EventType.BATTLES,
                    sub_event_type=SubEventType.GOVERNMENT_REGAINS_TERRITORY,
                    actors=(
                        Actor(name="Military Forces of Russia", party="RU", actor_type=ActorType.STATE_FORCES,
                              side=EventSide.A),
                        Actor(name="Military Forces of Ukraine", party="UA", actor_type=ActorType.STATE_FORCES,
                              side=EventSide.B),
                    ),
                ),
            ),
        )
    )  # fmt: skip
    axe_quote = (
        "According to Forbes correspondent David Axe, a key factor in Russia's recent success has been the "
        "deployment of elite units, including the 177th Marine Regiment, 810th Naval Infantry Brigade, "
        "and the 11th Air Assault Brigade."
    )
    claims += [
        Claim(
            id=f"kursk-axe-{unit}",
            source_id="david-axe",
            # the outlet attributes ("according to"); Axe, named, asserts: "according to" on the last
            # hop would mean the outlet names nobody
            attribution=(
                Hop(source_id=outlet, verb="according to", hedge=H.ACCORDING_TO),
                Hop(source_id="david-axe", hedge=H.ASSERTED),
            ),
            reported_at=published,
            quote=axe_quote,
            language="en",
            statement=Statement(
                predicate=P.PRESENCE,
                party="RU",
                unit_ids=(unit,),
                location_ids=("kursk-oblast",),
                description="deployed as an elite unit, a key factor in Russia's recent success",
            ),
        )
        for unit in ("ru-177-marine-regiment", "ru-810-naval-infantry-brigade", "ru-11-air-assault-brigade")
    ]
    kp_quote = (
        "Additionally, the return of North Korean troops from the 11th Army Corps — which had previously "
        "suffered heavy casualties — has reportedly bolstered Russia's offensive."
    )
    claims += [
        Claim(id="kursk-novenke", source_id="ru-armed-forces",
              attribution=relayed("ru-armed-forces", "claimed", H.CLAIMED),
              reported_at=published, when=by_sunday, language="en",
              quote=("Russian forces have also claimed the capture of Novenke in Ukraine's Sumy region, marking "
                     "Moscow's first territorial gain there since the early days of the war in 2022."),
              statement=Statement(predicate=P.CONTROL, party="RU", counterparty="UA", change=C.CAPTURED,
                                  location_ids=("novenke",),
                                  description="Moscow's first territorial gain in Sumy region since 2022")),
        Claim(id="kursk-donetsk-advance", source_id=outlet,
              attribution=(Hop(source_id=outlet, verb="reported", hedge=H.ASSERTED),),
              reported_at=published, language="en",
              quote=("Additionally, Russian advances in Donetsk have brought troops closer to the Dnipropetrovsk "
                     "region, an area previously untouched by direct fighting."),
              statement=Statement(predicate=P.ADVANCE, party="RU", location_ids=("dnipropetrovsk-oblast",),
                                  description="advances in Donetsk region brought Russian troops closer"),
              place_relation=PlaceRelation.DIRECTION_OF),  # "closer to" the region: not in it
        Claim(id="kursk-bloggers-fragile", source_id="military-bloggers",
              attribution=relayed("military-bloggers", "are warning", H.ASSERTED),
              reported_at=published, language="en",
              quote=("Ukrainian and Russian military bloggers are warning that Kyiv's control over the region is "
                     "more fragile than ever, as Russian forces continue to launch relentless attacks."),
              statement=Statement(predicate=P.SITUATION, party="UA", location_ids=("kursk-oblast",),
                                  description="Kyiv's control over the region is more fragile than ever",
                                  modality=Modality.JUDGMENT)),
        Claim(id="kursk-bloggers-attacks", source_id="military-bloggers",
              attribution=relayed("military-bloggers", "are warning", H.ASSERTED),
              reported_at=published, language="en",
              quote="as Russian forces continue to launch relentless attacks",
              statement=Statement(predicate=P.ATTACK, party="RU", counterparty="UA", location_ids=("kursk-oblast",),
                                  description="relentless attacks continue")),
        Claim(id="kursk-medvedev-caldron", source_id="dmitry-medvedev",
              attribution=relayed("dmitry-medvedev", "said", H.ASSERTED, "quoted"),
              reported_at=published, language="en",
              quote=("The lid of the smoking caldron is practically closed. The offensive continues. Carry on!"),
              statement=Statement(predicate=P.SITUATION, party="UA", location_ids=("kursk-oblast",),
                                  description="Ukrainian forces in Kursk region are nearly encircled; "
                                              "the Russian offensive continues",
                                  modality=Modality.OPINION)),
        Claim(id="kursk-kp-corps", source_id=outlet,
              attribution=(Hop(source_id=outlet, verb="reportedly", hedge=H.REPORTEDLY),),
              reported_at=published, quote=kp_quote, language="en",
              statement=Statement(predicate=P.PRESENCE, party="KP", unit_ids=("kp-11-army-corps",),
                                  location_ids=("kursk-oblast",),
                                  description="North Korean troops returned and bolstered Russia's offensive")),
        Claim(id="kursk-kp-casualties", source_id=outlet,
              attribution=(Hop(source_id=outlet, verb="reportedly", hedge=H.REPORTEDLY),),
              reported_at=published, quote=kp_quote, language="en",
              statement=Statement(predicate=P.CASUALTIES, party="KP", unit_ids=("kp-11-army-corps",),
                                  description="had previously suffered heavy casualties")),
        Claim(id="kursk-ua-general-staff", source_id="ua-general-staff",
              attribution=relayed("ua-general-staff", "insisted", H.ASSERTED),
              reported_at=published, language="en",
              quote="Ukraine's General Staff has insisted that the situation in Kursk remains “challenging but under control.”",
              statement=Statement(predicate=P.SITUATION, party="UA", location_ids=("kursk-oblast",),
                                  description="challenging but under control")),
        Claim(id="kursk-flesh-close-the-shop", source_id="serhii-flesh",
              attribution=relayed("serhii-flesh", "wrote", H.ASSERTED),
              reported_at=published, language="en",
              quote=("Maybe it's time to ‘close the shop’ from the Kursk direction. […] As a political bargaining "
                     "card, it is now questionable."),
              statement=Statement(predicate=P.SITUATION, party="UA", location_ids=("kursk-oblast",),
                                  description="the incursion may have reached the limits of its strategic value",
                                  modality=Modality.OPINION)),
        Claim(id="kursk-isw-strength", source_id="isw", attribution=relayed("isw", "estimated", H.ESTIMATED),
              reported_at=published, language="en",
              quote=("The Institute for the Study of War estimated that Ukraine has as many as 30,000 troops "
                     "stationed in Kursk"),
              statement=Statement(predicate=P.STRENGTH, party="UA", location_ids=("kursk-oblast",),
                                  quantity=Estimate.at_most(30_000, unit="troops", phrase="as many as 30,000"))),
        Claim(id="kursk-isw-redeployment", source_id="isw", attribution=relayed("isw", "estimated", H.ESTIMATED),
              reported_at=published, language="en",
              quote=("losing the area could allow Russia to redirect manpower toward other key frontlines in "
                     "eastern Ukraine."),
              statement=Statement(predicate=P.CUSTOM, custom_predicate="could_redeploy_forces", party="RU",
                                  location_ids=("kursk-oblast",),
                                  description="if Ukraine loses the area, Russia could redirect manpower to "
                                              "eastern Ukraine",
                                  modality=Modality.FORECAST)),
        Claim(id="kursk-us-aid-cut", source_id=outlet,
              attribution=(Hop(source_id=outlet, verb="reported", hedge=H.ASSERTED),),
              reported_at=published, language="en",
              quote=("The situation in Ukraine follows U.S. President Donald Trump's decision to cut intelligence "
                     "sharing and military aid to Ukraine."),
              statement=Statement(predicate=P.CUSTOM, custom_predicate="aid_suspended", party="US", counterparty="UA",
                                  description="the U.S. cut intelligence sharing and military aid to Ukraine")),
        Claim(id="kursk-saudi-talks", source_id=outlet,
              attribution=(Hop(source_id=outlet, verb="reported", hedge=H.ASSERTED),),
              reported_at=published, when=resolve_relative("next week", published), language="en",
              quote=("Meanwhile, talks between U.S. and Ukrainian officials are scheduled to take place in Saudi "
                     "Arabia next week"),
              statement=Statement(predicate=P.CUSTOM, custom_predicate="talks_scheduled", party="US",
                                  counterparty="UA", location_ids=("saudi-arabia",),
                                  description="talks on a framework for a ceasefire and a potential peace agreement",
                                  modality=Modality.FORECAST)),
    ]  # fmt: skip
    return tuple(claims)


@functools.cache
def kursk_dossier() -> Dossier:
    """The Kursk report as a dossier: every statement in it as a claim, with its source,
    attribution chain, hedges, places, units and resolved dates. No assessments yet.

    Example:
        >>> d = kursk_dossier()
        >>> d.claim("kursk-isw-strength").statement.quantity.high
        30000
    """
    return Dossier(
        title="Kursk report, 9 March 2025",
        sources=_sources(),
        locations=_locations(),
        units=_units(),
        people=_people(),
        claims=_claims(),
    )


@functools.cache
def contested_week() -> Dossier:
    """A contested week in the Kursk fighting: who held Sudzha, August 2024 to March 2025.

    Nine control claims about one town (``contested_week.json`` beside this module): the
    standing state (Ukrainian forces took Sudzha in August 2024, seen by ISW and by
    visiting reporters), a premature capture claim by a milblogger channel on 8 March
    2025 that was deleted the next day (the channel is illustrative, not a real one),
    the General Staff of Ukraine saying the town was held on 10 March, then the change:
    the Russian Ministry of Defence announcing the town's recapture on 13 March (relayed
    by TASS), ISW's assessment from geolocated footage, and the Ukrainian General Staff's
    map of 16 March. The dates follow the public record; the statements are the
    example's own summaries, not quotations. No assessments yet.

    Example:
        >>> from conflictmodels.examples import contested_week
        >>> week = contested_week()
        >>> len(week.claims), week.claim("frontline-z-2025-03-08").withdrawals[0].action.value
        (9, 'deleted')
    """
    from ..serialization import loads  # loading is imported on first use, as at the top level

    text = resources.files(__name__).joinpath("contested_week.json").read_text(encoding="utf-8")
    return loads(text, Dossier)
