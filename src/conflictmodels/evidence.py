"""The evidence a claim rests on, and where it happened relative to the place it names.

A :class:`~conflictmodels.Claim` says *what* a source asserted; its ``evidence`` (an
:class:`Evidence`) says what the claim rests on: the source document (:class:`Document`:
its URL, an archived copy, when it was retrieved, a hash), media items (:class:`Media`),
and who placed the media in space and time (:class:`Geolocation`,
:class:`Chronolocation`), with a link to how. Evidence is self-declared data: media
never weigh, and the claim's own side cannot vouch for its footage. Only a geolocation
*verified* by a rated source of no side the claim serves, placing the footage at the
claimed place, counts: on a timeline as that geolocator's own observation, a second
source (see :doc:`/explanation/evidence-and-events`).

The claim's own geographic precision is a :class:`~conflictmodels.GeoPrecision`; this
module maps it to and from the ACLED ``geo_precision`` and UCDP ``where_prec`` codes,
and says when it is too coarse to speak for a place (:func:`coarser_than_place`).

Example:
    >>> from datetime import datetime, timezone
    >>> from conflictmodels import Evidence, Geolocation, Media, MediaKind, Point, VerificationStatus
    >>> ev = Evidence(
    ...     media=(Media(kind=MediaKind.VIDEO, url="https://t.me/example/1234"),),
    ...     geolocation=Geolocation(point=Point(lat=51.2394, lon=35.2781), radius_m=50.0, by="geoconfirmed",
    ...                             at=datetime(2025, 3, 9, 18, tzinfo=timezone.utc),
    ...                             status=VerificationStatus.VERIFIED))
    >>> ev.geolocation.verified, ev.media[0].kind.value
    (True, 'video')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs
from attrs import field

from . import _checks as c
from ._checks import EMPTY
from ._spec import URL, Pattern, aware, extra, model, nested, nested_many, number, pattern, ref, text, vocab
from .errors import FieldError
from .geo import Point
from .timespans import TimeSpan
from .vocabularies import GeoPrecision, LocationKind, MediaKind, PlaceRelation, VerificationStatus

__all__ = [
    "ACLED_GEO_PRECISION",
    "PLACE_PRECISION",
    "SHA256",
    "UCDP_WHERE_PREC",
    "Chronolocation",
    "Document",
    "Evidence",
    "GeoPrecision",
    "Geolocation",
    "Media",
    "MediaKind",
    "PlaceRelation",
    "VerificationStatus",
    "acled_geo_precision",
    "coarser_than_place",
    "from_acled_geo_precision",
    "from_ucdp_where_prec",
    "ucdp_where_prec",
]

SHA256 = Pattern(
    "_SHA256_RE", re.compile(r"[0-9a-f]{64}"), "must be a SHA-256 digest: 64 lower-case hexadecimal digits"
)
"""The shape of a content hash: a SHA-256 digest in lower-case hex (as ``sha256sum`` writes it)."""

_VERIFIED = VerificationStatus.VERIFIED


@attrs.frozen(kw_only=True, weakref_slot=False)
@model()
class Document:
    """The source document a claim was taken from, as a verification team files it.

    ``Claim.url`` stays where *we* read the claim; the document is the original (the
    ministry's post, the outlet's article), with an archived copy in case it goes.

    Attributes:
        url: Where the document was published.
        archive_url: An archived copy (the Wayback Machine, archive.today).
        retrieved_at: When it was retrieved (aware).
        sha256: SHA-256 of the retrieved bytes, 64 lower-case hex digits.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Document
        >>> doc = Document(url="https://mil.ru/news/1", archive_url="https://web.archive.org/web/2025/https://mil.ru/news/1",
        ...                retrieved_at=datetime(2025, 3, 9, 12, tzinfo=timezone.utc))
        >>> doc.archive_url.startswith("https://web.archive.org")
        True
        >>> Document(url="https://mil.ru/news/1", sha256="ABC")
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Document.sha256: must be a SHA-256 digest: 64 lower-case hexadecimal digits, got str 'ABC'
    """

    url: str = field(metadata=pattern(URL))
    archive_url: str | None = field(default=None, metadata=pattern(URL))
    retrieved_at: datetime | None = field(default=None, metadata=aware())
    sha256: str | None = field(default=None, metadata=pattern(SHA256))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=[c.Cross("url", "s.url is not None or s.sha256 is not None", "or sha256 is needed to identify the item")])
class Media:
    """A photo, video, document, screenshot or recording a claim rests on.

    Media never weigh by themselves: fifty clips from one source are still that one
    source's claim. They make the claim auditable.

    Attributes:
        kind: What the item is (photo, video, document, screenshot, audio).
        url: Where it was published; ``url`` or ``sha256`` identifies it.
        sha256: SHA-256 of the item's bytes, 64 lower-case hex digits.
        caption: The caption or description it was published with.
        captured_at: When it was recorded, if known (aware); when it was published
            is the document's business.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Media, MediaKind
        >>> Media(kind=MediaKind.PHOTO, url="https://t.me/example/77", caption="Flag raised over the school").caption
        'Flag raised over the school'
        >>> Media(kind=MediaKind.PHOTO)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Media.url: or sha256 is needed to identify the item
    """

    kind: MediaKind = field(metadata=vocab(MediaKind))
    url: str | None = field(default=None, metadata=pattern(URL))
    sha256: str | None = field(default=None, metadata=pattern(SHA256))
    caption: str | None = field(default=None, metadata=text())
    captured_at: datetime | None = field(default=None, metadata=aware())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


_VERIFIED_BY = c.Cross(
    "by",
    "s.by is not None or s.status is not _VERIFIED",
    "must name who verified it: a verified record without its verifier cannot be checked",
)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(
    cross=[
        c.Cross(
            "point",
            "s.point is not None or s.location_id is not None",
            "or location_id is needed: a geolocation places the media at a point or in an area",
        ),
        _VERIFIED_BY,
        c.Cross(
            "retracted_at",
            "s.retracted_at is None or s.by is not None",
            "needs by: a retraction is the geolocator's own, and a record without it names no one to retract it",
        ),
        c.Cross(
            "retracted_at",
            "s.retracted_at is None or s.at is None or s.retracted_at >= s.at",
            "must not be before the geolocation was made (at)",
        ),
    ],
    namespace={"_VERIFIED": _VERIFIED},
)
class Geolocation:
    """Where a claim's media were taken, and who established it (Bellingcat's practice:
    the match, who made it, when, and a link to how).

    Attributes:
        point: The point the media were matched to (WGS84).
        location_id: An area of the dossier the media were placed in, when no point is
            given (or the area the point lies in).
        radius_m: How precise the geolocation is: a radius in metres.
        by: The source that geolocated it (GeoConfirmed, a verification desk); needed
            when the status is verified.
        at: When it was geolocated (aware); reconcile counts it only from then
            (``reconcile(..., as_of=...)`` before it does not see it).
        method_url: A link to the method: the thread or article showing the match.
        status: Verified, unverified (the default) or disputed: the verdict as it was
            made. A dispute by someone else is ``disputed``.
        retracted_at: When the geolocator itself (``by``) withdrew it ("wrong
            village"): it counts from ``at`` until then, never after (aware, not
            before ``at``). The status stays the verdict as made.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Geolocation, Point, VerificationStatus
        >>> g = Geolocation(location_id="novenke", by="geoconfirmed", status=VerificationStatus.DISPUTED)
        >>> g.verified, g.status.value
        (False, 'disputed')
        >>> Geolocation(point=Point(lat=51.0, lon=35.0), status=VerificationStatus.VERIFIED)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Geolocation.by: must name who verified it: a verified record without its verifier cannot be checked
    """

    point: Point | None = field(default=None, metadata=nested(Point))
    location_id: str | None = field(default=None, metadata=ref("locations"))
    radius_m: float | None = field(default=None, metadata=number(lo=0.0))
    by: str | None = field(default=None, metadata=ref("sources"))
    at: datetime | None = field(default=None, metadata=aware())
    method_url: str | None = field(default=None, metadata=pattern(URL))
    status: VerificationStatus = field(default=VerificationStatus.UNVERIFIED, metadata=vocab(VerificationStatus))
    retracted_at: datetime | None = field(default=None, metadata=aware())
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def verified(self) -> bool:
        """Whether the geolocation is verified, retracted since or not (:meth:`standing_at` says whether it stands)."""
        return self.status is _VERIFIED

    def standing_at(self, moment: datetime | None) -> bool:
        """Whether the geolocation is verified and stands at ``moment``: made by then
        (or with no ``at``) and not retracted by then (``None``: now, after every
        retraction).

        Example:
            >>> from datetime import datetime, timezone
            >>> from conflictmodels import Geolocation, Point, VerificationStatus
            >>> def day(d): return datetime(2025, 3, d, tzinfo=timezone.utc)
            >>> g = Geolocation(point=Point(lat=51.05, lon=35.1), by="geoconfirmed", at=day(9),
            ...                 status=VerificationStatus.VERIFIED, retracted_at=day(11))
            >>> g.standing_at(day(8)), g.standing_at(day(10)), g.standing_at(day(12)), g.standing_at(None)
            (False, True, False, False)
        """
        if self.status is not _VERIFIED:
            return False
        if moment is None:
            return self.retracted_at is None
        return (self.at is None or self.at <= moment) and (self.retracted_at is None or moment < self.retracted_at)


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(cross=[_VERIFIED_BY], namespace={"_VERIFIED": _VERIFIED})
class Chronolocation:
    """When a claim's media were taken, and who established it (shadows, weather,
    satellite passes, the first upload).

    Attributes:
        when: When the media were recorded, with its precision.
        by: The source that established it; needed when the status is verified.
        at: When it was established (aware).
        method_url: A link to the method.
        status: Verified, unverified (the default) or disputed.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Chronolocation, TimeSpan, TimePrecision
        >>> day = TimeSpan(start=datetime(2025, 3, 8, tzinfo=timezone.utc), precision=TimePrecision.DAY)
        >>> Chronolocation(when=day).status.value
        'unverified'
    """

    when: TimeSpan = field(metadata=nested(TimeSpan))
    by: str | None = field(default=None, metadata=ref("sources"))
    at: datetime | None = field(default=None, metadata=aware())
    method_url: str | None = field(default=None, metadata=pattern(URL))
    status: VerificationStatus = field(default=VerificationStatus.UNVERIFIED, metadata=vocab(VerificationStatus))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())

    @property
    def verified(self) -> bool:
        """Whether the chronolocation is verified."""
        return self.status is _VERIFIED


@attrs.frozen(kw_only=True, weakref_slot=False)
@model(
    cross=[
        c.Cross(
            "document",
            "s.document is not None or s.media or s.geolocation is not None or s.chronolocation is not None",
            "an evidence record holds a document, media, a geolocation or a chronolocation",
        )
    ]
)
class Evidence:
    """What a claim rests on (``Claim.evidence``).

    Attributes:
        document: The source document itself, with its archived copy and hash.
        media: The photos, videos, documents, screenshots and recordings.
        geolocation: Where the media were taken, and who established it.
        chronolocation: When the media were taken, and who established it.
        extra: Unknown JSON keys kept on request when loading.

    Example:
        >>> from conflictmodels import Document, Evidence
        >>> Evidence(document=Document(url="https://t.me/mod_russia/50000")).media
        ()
        >>> Evidence()
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Evidence.document: an evidence record holds a document, media, a geolocation or a chronolocation
    """

    document: Document | None = field(default=None, metadata=nested(Document))
    media: tuple[Media, ...] = field(default=(), metadata=nested_many(Media))
    geolocation: Geolocation | None = field(default=None, metadata=nested(Geolocation))
    chronolocation: Chronolocation | None = field(default=None, metadata=nested(Chronolocation))
    extra: Mapping[str, Any] = field(default=EMPTY, hash=False, repr=False, metadata=extra())


# ------------------------------------------------------------------ precision codes


ACLED_GEO_PRECISION: Mapping[int, GeoPrecision] = MappingProxyType(
    {1: GeoPrecision.EXACT, 2: GeoPrecision.NEAR, 3: GeoPrecision.ADM1}
)
"""ACLED ``geo_precision`` code -> :class:`~conflictmodels.GeoPrecision`, for reading.

1: the named town itself; 2: near a town, or a part of a region (ACLED gives the nearest
town); 3: a larger region, coded at its provincial capital or centroid (read as the
first-order division). Writing goes through :func:`acled_geo_precision`, which also
maps the finer UCDP distinctions: ``adm2`` is 2, ``region``, ``country`` and
``water_or_airspace`` are 3."""

UCDP_WHERE_PREC: Mapping[int, GeoPrecision] = MappingProxyType(
    {
        1: GeoPrecision.EXACT,
        2: GeoPrecision.NEAR,
        3: GeoPrecision.ADM2,
        4: GeoPrecision.ADM1,
        5: GeoPrecision.REGION,
        6: GeoPrecision.COUNTRY,
        7: GeoPrecision.WATER_OR_AIRSPACE,
    }
)
"""UCDP GED ``where_prec`` code -> :class:`~conflictmodels.GeoPrecision`, one to one.

1: the exact location; 2: within about 25 km of a known point; 3: a second-order
administrative division (district); 4: a first-order division (province, oblast);
5: a linear feature (a road, a river, a front) or a part of a country that is no
administrative division; 6: only the country; 7: international waters or airspace."""


def acled_geo_precision(precision: GeoPrecision) -> int:
    """The ACLED ``geo_precision`` code (1-3) of a precision.

    Example:
        >>> from conflictmodels import GeoPrecision
        >>> from conflictmodels.evidence import acled_geo_precision
        >>> [acled_geo_precision(p) for p in GeoPrecision]
        [1, 2, 2, 3, 3, 3, 3]
    """
    return _member(precision).acled_geo_precision


def from_acled_geo_precision(code: int) -> GeoPrecision:
    """The precision an ACLED ``geo_precision`` code (1-3) means (:data:`ACLED_GEO_PRECISION`).

    Example:
        >>> from conflictmodels.evidence import from_acled_geo_precision
        >>> from_acled_geo_precision(2).value
        'near'
        >>> from_acled_geo_precision(4)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: ACLED.geo_precision: must be an ACLED geo_precision code, 1, 2 or 3, got 4
    """
    return _decode(
        ACLED_GEO_PRECISION, code, "ACLED", "geo_precision", "must be an ACLED geo_precision code, 1, 2 or 3"
    )


def ucdp_where_prec(precision: GeoPrecision) -> int:
    """The UCDP GED ``where_prec`` code (1-7) of a precision.

    Example:
        >>> from conflictmodels import GeoPrecision
        >>> from conflictmodels.evidence import ucdp_where_prec
        >>> [ucdp_where_prec(p) for p in GeoPrecision]
        [1, 2, 3, 4, 5, 6, 7]
    """
    return _member(precision).ucdp_where_prec


def from_ucdp_where_prec(code: int) -> GeoPrecision:
    """The precision a UCDP GED ``where_prec`` code (1-7) means (:data:`UCDP_WHERE_PREC`).

    Example:
        >>> from conflictmodels.evidence import from_ucdp_where_prec
        >>> from_ucdp_where_prec(4).value
        'adm1'
        >>> from_ucdp_where_prec(0)
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: UCDP.where_prec: must be a UCDP where_prec code, 1 to 7, got 0
    """
    return _decode(UCDP_WHERE_PREC, code, "UCDP", "where_prec", "must be a UCDP where_prec code, 1 to 7")


def _member(precision: GeoPrecision) -> GeoPrecision:
    if not isinstance(precision, GeoPrecision):
        raise FieldError("GeoPrecision", "geo_precision", "must be a GeoPrecision member", precision)
    return precision


def _decode(table: Mapping[int, GeoPrecision], code: int, owner: str, column: str, rule: str) -> GeoPrecision:
    """The precision ``code`` means in ``table``; a bool, a float or an unknown code is refused."""
    found = table.get(code) if type(code) is int else None
    if found is None:
        raise FieldError(owner, column, rule, code)
    return found


PLACE_PRECISION: Mapping[LocationKind, GeoPrecision] = MappingProxyType(
    {
        LocationKind.SETTLEMENT: GeoPrecision.EXACT,
        LocationKind.FACILITY: GeoPrecision.EXACT,
        LocationKind.DISTRICT: GeoPrecision.ADM2,
        LocationKind.REGION: GeoPrecision.ADM1,
        LocationKind.NATURAL_FEATURE: GeoPrecision.REGION,
        LocationKind.AREA: GeoPrecision.REGION,
        LocationKind.COUNTRY: GeoPrecision.COUNTRY,
    }
)
"""The coarsest claim precision that still speaks for a place of each kind: a village
or a facility needs the place itself (``exact``); a district, the district; a region,
the region; a river, a front line or a named area, a linear feature or area; a country,
the country."""


def coarser_than_place(precision: GeoPrecision | None, kind: LocationKind) -> bool:
    """Whether a claim of precision ``precision`` is too coarse to speak for a place of
    kind ``kind`` (:data:`PLACE_PRECISION`; precisions order as their UCDP codes, and a
    claim with no precision of its own is taken at the place's).

    A capture coded ``adm1`` (somewhere in the oblast) says nothing about which
    village changed hands.

    Example:
        >>> from conflictmodels import GeoPrecision, LocationKind
        >>> from conflictmodels.evidence import coarser_than_place
        >>> coarser_than_place(GeoPrecision.ADM1, LocationKind.SETTLEMENT)
        True
        >>> coarser_than_place(GeoPrecision.ADM1, LocationKind.REGION), coarser_than_place(None, LocationKind.SETTLEMENT)
        (False, False)
    """
    if precision is None:
        return False
    return precision.ucdp_where_prec > PLACE_PRECISION.get(kind, GeoPrecision.COUNTRY).ucdp_where_prec
