"""Locations: settlements, districts, regions, countries and other named places.

Example:
    >>> village = Location(id="novenke", name="Novenke", aliases=("Новенькое",),
    ...                    kind=LocationKind.SETTLEMENT, country="UA", region="UA-59",
    ...                    point=Point(lat=51.1, lon=34.7, precision=GeoPrecision.EXACT))
    >>> village.names
    ('Novenke', 'Новенькое')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from . import _checks as c
from .geo import Point
from .vocabularies import GeoPrecision, LocationKind

__all__ = ["GeoPrecision", "Location"]

_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_REGION_RE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
_OSM_RE = re.compile(r"(node|way|relation)/[1-9][0-9]*")

_FIELDS = [
    "id", "name", "aliases", "kind", "country", "region", "parent_id", "point",
    "geonames_id", "wikidata_id", "osm_id",
]  # fmt: skip
_check = c.compile_check(
    "Location",
    [
        c.ident("id"),
        c.text("name"),
        c.texts("aliases"),
        c.enum("kind", LocationKind),
        c.pattern("country", "_COUNTRY_RE", "must be an ISO 3166-1 alpha-2 code such as UA", optional=True),
        c.pattern("region", "_REGION_RE", "must be an ISO 3166-2 code such as UA-59 or RU-KRS", optional=True),
        c.ident("parent_id", optional=True),
        c.model("point", Point, optional=True),
        c.number("geonames_id", lo=1, integer=True, optional=True),
        c.pattern("wikidata_id", "_WIKIDATA_RE", "must be a Wikidata item id such as Q1234", optional=True),
        c.pattern("osm_id", "_OSM_RE", "must be an OpenStreetMap id such as relation/71980", optional=True),
        c.extra(_FIELDS),
    ],
    [
        c.Cross(
            "region",
            "s.region is None or s.country is None or s.region[:2] == s.country",
            "must belong to the location's country",
        ),
        c.Cross("parent_id", "s.parent_id != s.id", "a location cannot be its own parent"),
    ],
    {
        "LocationKind": LocationKind,
        "Point": Point,
        "_COUNTRY_RE": _COUNTRY_RE,
        "_REGION_RE": _REGION_RE,
        "_WIKIDATA_RE": _WIKIDATA_RE,
        "_OSM_RE": _OSM_RE,
    },
)


@attrs.frozen(kw_only=True)
class Location:
    """A named place. "Kursk region" is a Location as much as a village is.

    Attributes:
        id: Stable identifier.
        name: Display name (usually a romanisation).
        aliases: Other transliterations and native-script names
            ("Cherkasskoe Porechnoe", "Черкасское Поречное").
        kind: Settlement, district, region, country, natural feature, facility or area.
        country: ISO 3166-1 alpha-2 code, when known.
        region: ISO 3166-2 code of the first-level region (``RU-KRS``, ``UA-59``).
        parent_id: The location that contains this one (a village's region).
        point: Coordinates with precision, when known.
        geonames_id: GeoNames feature id.
        wikidata_id: Wikidata item id (``Q...``).
        osm_id: OpenStreetMap element (``relation/...``, ``way/...``, ``node/...``).
        extra: Unknown JSON keys kept on request when loading.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: LocationKind = LocationKind.SETTLEMENT
    country: str | None = None
    region: str | None = None
    parent_id: str | None = None
    point: Point | None = None
    geonames_id: int | None = None
    wikidata_id: str | None = None
    osm_id: str | None = None
    extra: Mapping[str, Any] = attrs.field(default=c.EMPTY, hash=False, repr=False)

    __attrs_post_init__ = _check  # the compiled check: readers may inline it

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
