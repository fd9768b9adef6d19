"""GeoJSON (RFC 7946): the located places, claims and assessments of a dossier.

:func:`to_geojson` returns one ``FeatureCollection`` that opens as is in QGIS,
geojson.io or any web map. Coordinates are WGS84 ``[lon, lat]`` numbers (the models
hold ``(lat, lon)``; only GeoJSON reverses them). Each feature's ``properties`` has a
``feature_type`` of ``location``, ``claim``, ``geolocation`` or ``assessment`` so a map
can style or filter them; precision codes are given as ACLED and UCDP write them.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import to_geojson
    >>> fc = to_geojson(kursk_dossier())
    >>> novenke = next(f for f in fc["features"] if f["id"] == "location:novenke")
    >>> novenke["geometry"]
    {'type': 'Point', 'coordinates': [35.1, 51.05]}
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..assessment import Assessment
from ..claim import Claim
from ..dossier import Dossier
from ..estimates import Estimate
from ..events import Event
from ..evidence import Geolocation
from ..location import Location
from ..statement import Statement
from ..timespans import TimeSpan
from ..values import value_text
from ..vocabularies import EventSide, FatalityGroup
from ._common import chain_text, judgement_columns, located, predicate_name, statement_text, time_columns

if TYPE_CHECKING:
    from ..questions import ControlAnswer

__all__ = ["picture_geojson", "to_geojson"]


def to_geojson(dossier: Dossier) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of a dossier's located objects.

    * one feature per :class:`~conflictmodels.Location` with a point;
    * one per :class:`~conflictmodels.Claim` whose statement names a located place,
      drawn at the first such place;
    * one per claim whose evidence carries a *verified* geolocation with a point
      (``geolocation:<claim id>``), drawn where the media were geolocated, with who
      geolocated it, when, how precisely and how (unverified and disputed geolocations
      are not drawn: the claim's ``geolocation_status`` property says they exist);
    * one per :class:`~conflictmodels.Assessment` whose statement names a located place.

    A claim's and an assessment's feature about an event also say what happened:
    ``event_type`` and ``sub_event_type`` (ACLED's labels), ``actors``, ``side_a`` and
    ``side_b`` (names), ``civilian_targeting``, ``fatalities`` (ACLED's conservative
    figure) and ``deaths_a``, ``deaths_b``, ``deaths_civilians``, ``deaths_unknown``
    (UCDP's columns: each count's best, else its low); these are ``null`` on other
    features.

    Objects without coordinates are left out (the collection's ``properties`` would
    not be read by most tools, so nothing else is added). Feature ids are
    ``location:<id>``, ``claim:<id>``, ``geolocation:<claim id>`` and
    ``assessment:<id>``; property values are strings, numbers, booleans, lists of
    strings or ``null``.

    Args:
        dossier: The dossier to map.

    Returns:
        A JSON-compatible dict; :func:`json.dumps` it to write a ``.geojson`` file.

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import to_geojson
        >>> fc = to_geojson(kursk_dossier())
        >>> fc["type"], sorted({f["properties"]["feature_type"] for f in fc["features"]})
        ('FeatureCollection', ['claim', 'location'])
        >>> claim = next(f for f in fc["features"] if f["id"] == "claim:kursk-mod-kositsa")
        >>> claim["geometry"]["coordinates"], claim["properties"]["change"]
        ([35.23, 51.28], 'recaptured')
    """
    features: list[dict[str, Any]] = []
    for loc in dossier.locations:
        if loc.point is not None:
            features.append(_feature(f"location:{loc.id}", loc, _location_properties(loc)))
    status = _claim_status(dossier)
    for claim in dossier.claims:
        place = located(dossier, claim.statement.location_ids)
        if place is not None:
            features.append(_feature(f"claim:{claim.id}", place, _claim_properties(dossier, claim, place, status)))
        geo = None if claim.evidence is None else claim.evidence.geolocation
        if geo is not None and geo.verified and geo.point is not None:
            features.append(_geolocation_feature(dossier, claim, geo))
    for assessment in dossier.assessments:
        place = located(dossier, assessment.statement.location_ids)
        if place is not None:
            props = _assessment_properties(dossier, assessment, place)
            features.append(_feature(f"assessment:{assessment.id}", place, props))
    return {"type": "FeatureCollection", "features": features}


def _feature(fid: str, place: Location, properties: dict[str, Any]) -> dict[str, Any]:
    assert place.point is not None
    return {
        "type": "Feature",
        "id": fid,
        "geometry": {"type": "Point", "coordinates": place.point.geojson},
        "properties": properties,
    }


def _precision(place: Location) -> dict[str, Any]:
    point = place.point
    assert point is not None
    code = point.precision
    return {
        "precision_m": point.precision_m,
        "precision": None if code is None else code.value,
        "geo_precision": None if code is None else code.acled_geo_precision,
        "where_prec": None if code is None else code.ucdp_where_prec,
    }


def _location_properties(loc: Location) -> dict[str, Any]:
    return {
        "feature_type": "location",
        "id": loc.id,
        "name": loc.name,
        "aliases": list(loc.aliases),
        "kind": loc.kind.value,
        "country": loc.country,
        "region": loc.region,
        "parent_id": loc.parent_id,
        **_precision(loc),
        "geonames_id": loc.geonames_id,
        "wikidata_id": loc.wikidata_id,
        "osm_id": loc.osm_id,
    }


def _claim_status(dossier: Dossier) -> dict[str, tuple[str, str]]:
    """Claim id -> (assessment id, status) of the first assessment that cites it."""
    out: dict[str, tuple[str, str]] = {}
    for a in dossier.assessments:
        for ref in a.claim_ids:
            out.setdefault(ref, (a.id, a.status.value))
    return out


def _times(span: TimeSpan | None) -> dict[str, Any]:
    return {
        **time_columns(span),
        "start": None if span is None or span.start is None else span.start.isoformat(),
        "end": None if span is None or span.end is None else span.end.isoformat(),
    }


def _statement_properties(dossier: Dossier, st: Statement, place: Location) -> dict[str, Any]:
    """What a claim's and an assessment's feature both say: the statement, at ``place``."""
    return {
        "predicate": predicate_name(st),
        "modality": st.modality.value,
        "negated": st.negated,
        "party": st.party,
        "counterparty": st.counterparty,
        "change": None if st.change is None else st.change.value,
        "summary": statement_text(dossier, st),
        "attribute": st.attribute,
        "value": None if st.value is None else value_text(st.value),
        **_event_properties(st.event),
        "location_id": place.id,
        "location": place.name,
        **_precision(place),
    }


def _event_properties(event: Event | None) -> dict[str, Any]:
    """What an event is (``null`` for other statements): ACLED's event and sub-event type
    labels, the actors (all, and by UCDP side), civilian targeting, ACLED's conservative
    ``fatalities`` and UCDP's deaths per group (each count's best, else its low)."""
    if event is None:
        return dict.fromkeys(_EVENT_KEYS)
    return {
        "event_type": event.event_type.label,
        "sub_event_type": None if event.sub_event_type is None else event.sub_event_type.label,
        "actors": [a.name for a in event.actors],
        "side_a": [a.name for a in event.actors_on(EventSide.A)],
        "side_b": [a.name for a in event.actors_on(EventSide.B)],
        "civilian_targeting": event.civilian_targeting,
        "fatalities": event.conservative_deaths(),
        **{g.ucdp_column: _conservative(event.fatalities_of(g)) for g in FatalityGroup},
    }


def _conservative(count: Estimate | None) -> float | None:
    return None if count is None else count.best if count.best is not None else count.low


_EVENT_KEYS = ("event_type", "sub_event_type", "actors", "side_a", "side_b", "civilian_targeting", "fatalities",
               *(g.ucdp_column for g in FatalityGroup))  # fmt: skip


def _claim_properties(
    dossier: Dossier, claim: Claim, place: Location, status: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    st = claim.statement
    assessed = status.get(claim.id)
    geo = None if claim.evidence is None else claim.evidence.geolocation
    return {
        "feature_type": "claim",
        "id": claim.id,
        "source_id": claim.source_id,
        "source": dossier.source(claim.source_id).name,
        "attribution": chain_text(dossier, claim.attribution) or None,
        **_statement_properties(dossier, st, place),
        "reported_at": claim.reported_at.isoformat(),
        **_times(claim.when),
        "credibility": None if claim.credibility is None else claim.credibility.value,
        "assessment_id": None if assessed is None else assessed[0],
        "status": None if assessed is None else assessed[1],
        "quote": claim.quote,
        "translation": claim.translation,
        "url": claim.url,
        "place_relation": None if claim.place_relation is None else claim.place_relation.value,
        "claim_precision": None if claim.geo_precision is None else claim.geo_precision.value,
        "geolocation_status": None if geo is None else geo.status.value,
        "geolocated_by": None if geo is None or geo.by is None else dossier.source(geo.by).name,
    }


def _geolocation_feature(dossier: Dossier, claim: Claim, geo: Geolocation) -> dict[str, Any]:
    """A verified geolocation of a claim's media, drawn at its point."""
    point = geo.point
    assert point is not None
    assert geo.by is not None
    document = None if claim.evidence is None else claim.evidence.document
    return {
        "type": "Feature",
        "id": f"geolocation:{claim.id}",
        "geometry": {"type": "Point", "coordinates": point.geojson},
        "properties": {
            "feature_type": "geolocation",
            "claim_id": claim.id,
            "source": dossier.source(claim.source_id).name,
            "summary": statement_text(dossier, claim.statement),
            "status": geo.status.value,
            "geolocated_by_id": geo.by,
            "geolocated_by": dossier.source(geo.by).name,
            "geolocated_at": None if geo.at is None else geo.at.isoformat(),
            "method_url": geo.method_url,
            "precision_m": geo.radius_m if geo.radius_m is not None else point.precision_m,
            "location_id": geo.location_id,
            "media": [m.url for m in claim.evidence.media if m.url is not None] if claim.evidence else [],
            "document_url": None if document is None else document.url,
            "archive_url": None if document is None else document.archive_url,
        },
    }


def _assessment_properties(dossier: Dossier, a: Assessment, place: Location) -> dict[str, Any]:
    st = a.statement
    return {
        "feature_type": "assessment",
        "id": a.id,
        **_statement_properties(dossier, st, place),
        **judgement_columns(a),
        "supporting": list(a.supporting),
        "contradicting": list(a.contradicting),
        **_times(a.valid),
        "as_of": None if a.as_of is None else a.as_of.isoformat(),
        "assessed_at": a.assessed_at.isoformat(),
        "assessed_by": a.assessed_by,
    }


def picture_geojson(result: Dossier, at: datetime | None = None) -> dict[str, Any]:
    """The picture at a time (:func:`~conflictmodels.picture`) as a GeoJSON ``FeatureCollection``.

    One feature per located place that has a state or a claimed change open at ``at``
    (``None``: the current picture), drawn at the place, in the picture's order (place
    name, then id). Superseded states and claimed changes are never the state. Feature
    ids are ``control:<location id>``; ``properties`` has ``feature_type`` ``control``,
    the place's name, ``holder`` (``null`` when contested or undetermined),
    ``contested`` and ``contenders``, the state's judgment and time columns as for an
    ``assessment`` feature (``assessment_id`` names the state), the claimed changes
    (``claimed``: their assessment ids; ``claimed_summary``: their readings) and
    ``summary``, the answer in a sentence.

    Args:
        result: A reconciled dossier (one without the engine's assessments is reconciled
            first, with the default policy).
        at: An aware datetime, or ``None`` for the current picture.

    Returns:
        A JSON-compatible dict; :func:`json.dumps` it to write a ``.geojson`` file.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels.examples import contested_week
        >>> from conflictmodels.export import picture_geojson
        >>> fc = picture_geojson(contested_week(), at=datetime(2025, 3, 1, tzinfo=timezone.utc))
        >>> [(f["id"], f["properties"]["holder"], f["geometry"]["coordinates"]) for f in fc["features"]]
        [('control:sudzha', 'UA', [35.27, 51.19])]
    """
    from ..questions import picture  # the questions load the engine only when they must reconcile

    shown = picture(result, at)
    features: list[dict[str, Any]] = []
    for answer in shown.places:
        place = answer.place
        if place.point is None:
            continue
        features.append(_feature(f"control:{place.id}", place, _control_properties(result, answer)))
    return {"type": "FeatureCollection", "features": features}


def _control_properties(dossier: Dossier, answer: ControlAnswer) -> dict[str, Any]:
    place, a = answer.place, answer.state
    props: dict[str, Any] = {
        "feature_type": "control",
        "id": place.id,
        "location_id": place.id,
        "location": place.name,
        **_precision(place),
        "at": None if answer.when is None else answer.when.isoformat(),
        "holder": answer.holder,
        "contested": answer.contested,
        "contenders": list(answer.contenders),
        "assessment_id": None if a is None else a.id,
        "change": None if a is None or a.statement.change is None else a.statement.change.value,
    }
    if a is None:
        props.update(status=None, likelihood=None, probability_low=None, probability_high=None, confidence=None,
                     independent_origins=0, supporting=[], contradicting=[], **_times(None))  # fmt: skip
    else:
        props.update(**judgement_columns(a), supporting=list(a.supporting), contradicting=list(a.contradicting),
                     **_times(a.valid))  # fmt: skip
    props["claimed"] = [n.id for n in answer.pending]
    props["claimed_summary"] = [statement_text(dossier, n.statement) for n in answer.pending]
    props["summary"] = answer.describe()
    return props
