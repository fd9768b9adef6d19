"""WGS84 points with precision, and great-circle distance.

Models hold coordinates as (lat, lon); only GeoJSON writes ``[lon, lat]``.

Example:
    >>> kursk = Point(lat=51.7304, lon=36.1926)
    >>> sumy = Point(lat=50.9077, lon=34.7981)
    >>> round(distance_m(kursk, sumy) / 1000)
    133
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field

from ._checks import EMPTY
from ._spec import extra, model, number, vocab
from .vocabularies import GeoPrecision

__all__ = ["EARTH_RADIUS_M", "Point", "distance_m"]

EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG), in metres."""


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class Point:
    """A WGS84 position with how precisely it is known.

    Attributes:
        lat: Latitude in degrees, -90 to 90.
        lon: Longitude in degrees, -180 to 180.
        precision_m: Radius of uncertainty in metres (as STIX ``Location.precision``).
        precision: Coded precision, mapping to ACLED ``geo_precision`` and UCDP
            ``where_prec`` (see :class:`~conflictmodels.GeoPrecision`).
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import GeoPrecision, Point
        >>> kursk = Point(lat=51.7304, lon=36.1926, precision=GeoPrecision.EXACT)
        >>> kursk.geojson, kursk.precision_m is None
        ([36.1926, 51.7304], True)
    """

    lat: float = field(metadata=number(lo=-90.0, hi=90.0))
    lon: float = field(metadata=number(lo=-180.0, hi=180.0))
    precision_m: float | None = field(default=None, metadata=number(lo=0.0))
    precision: GeoPrecision | None = field(default=None, metadata=vocab(GeoPrecision))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def geojson(self) -> list[float]:
        """The ``[lon, lat]`` coordinate pair GeoJSON (RFC 7946) expects."""
        return [self.lon, self.lat]


def distance_m(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance between two points, in metres.

    Example:
        >>> from conflictmodels import Point, distance_m
        >>> round(distance_m(Point(lat=0, lon=0), Point(lat=0, lon=1)))
        111195
    """
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp = p2 - p1
    dl = math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
