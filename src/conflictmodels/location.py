"""Locations: settlements, districts, regions, countries and other named places.

Example:
    >>> village = Location(id="novenke", name="Novenke", aliases=("Новенькое",),
    ...                    kind=LocationKind.SETTLEMENT, country="UA", region="UA-59",
    ...                    point=Point(lat=51.1, lon=34.7, precision=GeoPrecision.EXACT))
    >>> village.names
    ('Novenke', 'Новенькое')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import COUNTRY, OSM, REGION, WIKIDATA, extra, ident, model, nested, number, pattern, ref, text, texts, vocab
from .geo import Point
from .vocabularies import GeoPrecision, LocationKind

__all__ = ["GeoPrecision", "Location"]

_CROSS = (
    c.Cross(
        "region",
        "s.region is None or s.country is None or s.region[:2] == s.country",
        "must belong to the location's country",
    ),
    c.Cross("parent_id", "s.parent_id != s.id", "a location cannot be its own parent"),
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=_CROSS)
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

    Example:
        >>> from conflictmodels import GeoPrecision, Location, LocationKind, Point
        >>> sudzha = Location(id="sudzha", name="Sudzha", aliases=("Суджа",), kind=LocationKind.SETTLEMENT,
        ...                   country="RU", region="RU-KRS", point=Point(lat=51.19, lon=35.27, precision=GeoPrecision.EXACT))
        >>> sudzha.names
        ('Sudzha', 'Суджа')
    """

    id: str = field(metadata=ident())
    name: str = field(metadata=text())
    aliases: tuple[str, ...] = field(default=(), metadata=texts())
    kind: LocationKind = field(default=LocationKind.SETTLEMENT, metadata=vocab(LocationKind))
    country: str | None = field(default=None, metadata=pattern(COUNTRY))
    region: str | None = field(default=None, metadata=pattern(REGION))
    parent_id: str | None = field(default=None, metadata=ref("locations"))
    point: Point | None = field(default=None, metadata=nested(Point))
    geonames_id: int | None = field(default=None, metadata=number(lo=1, integer=True))
    wikidata_id: str | None = field(default=None, metadata=pattern(WIKIDATA))
    osm_id: str | None = field(default=None, metadata=pattern(OSM))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
