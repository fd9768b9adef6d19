"""CSV tables for analysts: one row per claim, one row per assessment.

Columns follow the habits of ACLED and UCDP event data, so the tables load into a
spreadsheet, R or pandas next to those datasets: ``event_date`` / ``date_start`` /
``date_end`` (``date_end`` is the last day covered, inclusive), ACLED
``time_precision`` and ``geo_precision``, UCDP ``date_prec`` and ``where_prec``,
``admin1`` for the ISO 3166-2 region, ``low`` / ``best`` / ``high`` for numbers.
Lists (several places, the ids an assessment cites) are joined with ``"; "``; missing
values are empty cells. Rows end with CRLF (RFC 4180); write the text as
UTF-8 with ``newline=""``.

Example:
    >>> import csv, io
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import claims_csv
    >>> rows = list(csv.DictReader(io.StringIO(claims_csv(kursk_dossier()))))
    >>> rows[0]["claim_id"], rows[0]["origin"], rows[0]["admin1"], rows[0]["geo_precision"]
    ('kursk-mod-malaya-lokhnya', 'Ministry of Defence of the Russian Federation', 'RU-KRS', '1')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from ..assessment import Assessment
from ..claim import Claim
from ..dossier import Dossier
from ..estimates import Estimate
from ..location import Location
from ..statement import Statement
from ..values import value_text
from ._common import chain_text, judgement_columns, located, predicate_name, time_columns

__all__ = ["ASSESSMENT_COLUMNS", "CLAIM_COLUMNS", "assessments_csv", "claims_csv"]

_PLACE_COLUMNS = (
    "location_ids",
    "location",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "where_prec",
)
_STATEMENT_COLUMNS = (
    "predicate",
    "modality",
    "negated",
    "change",
    "party",
    "counterparty",
    "unit_ids",
    "units",
    *_PLACE_COLUMNS,
)
_NUMBER_COLUMNS = ("low", "best", "high", "unit", "estimate_phrase", "description")
_ATTRIBUTE_COLUMNS = ("attribute", "entity", "value")
"""Attribute statements: which attribute of what, and the value in words."""

CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "event_date",
    "date_start",
    "date_end",
    "time_precision",
    "date_prec",
    "start",
    "end",
    "reported_at",
    "source",
    "source_ids",
    "origin",
    "origin_id",
    "attribution",
    "hedge",
    *_STATEMENT_COLUMNS,
    *_NUMBER_COLUMNS,
    *_ATTRIBUTE_COLUMNS,
    "quote",
    "language",
    "credibility",
    "url",
)
"""The header of :func:`claims_csv`, in order."""

ASSESSMENT_COLUMNS: tuple[str, ...] = (
    "assessment_id",
    "status",
    "likelihood",
    "probability_low",
    "probability_high",
    "confidence",
    "independent_origins",
    "supporting",
    "contradicting",
    "related",
    *_STATEMENT_COLUMNS,
    *_NUMBER_COLUMNS,
    *_ATTRIBUTE_COLUMNS,
    "alternatives",
    "date_start",
    "date_end",
    "time_precision",
    "date_prec",
    "as_of",
    "assessed_at",
    "assessed_by",
    "rationale",
)
"""The header of :func:`assessments_csv`, in order."""


def claims_csv(dossier: Dossier, *, spreadsheet_safe: bool = True) -> str:
    """CSV text with a header and one row per claim (columns :data:`CLAIM_COLUMNS`).

    ``source`` is who we read it in (the first hop of the attribution chain, or the
    originator when there is no chain); ``origin`` is the originator. Place columns
    describe the first place of the statement that has coordinates, or its first place.

    With ``spreadsheet_safe`` (the default) a text cell that a spreadsheet would run as
    a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
    written with a leading ``'``: quotes come from untrusted sources. Pass ``False`` for
    the exact text.

    Example:
        >>> import csv, io
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import claims_csv
        >>> isw = next(r for r in csv.DictReader(io.StringIO(claims_csv(kursk_dossier())))
        ...            if r["origin_id"] == "isw")
        >>> isw["predicate"], isw["low"], isw["high"], isw["unit"]
        ('strength', '', '30000', 'troops')
    """
    return _write(CLAIM_COLUMNS, (_claim_row(dossier, c) for c in dossier.claims), spreadsheet_safe)


def assessments_csv(dossier: Dossier, *, spreadsheet_safe: bool = True) -> str:
    """CSV text with a header and one row per assessment (:data:`ASSESSMENT_COLUMNS`).

    ``spreadsheet_safe`` works as for :func:`claims_csv`.

    Example:
        >>> from datetime import datetime, timezone
        >>> from conflictmodels import Assessment, AssessmentStatus, Likelihood, Predicate, Statement
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import assessments_csv
        >>> import attrs
        >>> a = Assessment(id="a1", status=AssessmentStatus.UNVERIFIED, likelihood=Likelihood.LIKELY,
        ...                statement=Statement(predicate=Predicate.SITUATION, description="calm"),
        ...                assessed_at=datetime(2025, 3, 10, tzinfo=timezone.utc), assessed_by="analyst")
        >>> text = assessments_csv(attrs.evolve(kursk_dossier(), assessments=(a,)))
        >>> text.splitlines()[1][:60]
        'a1,unverified,likely,0.55,0.8,,0,,,,situation,fact,false,,,,'
    """
    return _write(ASSESSMENT_COLUMNS, (_assessment_row(dossier, a) for a in dossier.assessments), spreadsheet_safe)


def _write(columns: Sequence[str], rows: Iterable[dict[str, Any]], spreadsheet_safe: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v, spreadsheet_safe) for k, v in row.items()})
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any, spreadsheet_safe: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}" if spreadsheet_safe and value.startswith(_FORMULA_START) else value
    return str(value)


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def _name(dossier: Dossier, kind: str, id: str) -> str:
    try:
        return str(getattr(dossier, kind)(id).name)
    except KeyError:
        return id


def _statement(dossier: Dossier, st: Statement) -> dict[str, Any]:
    place: Location | None = located(dossier, st.location_ids)
    if place is None and st.location_ids:
        try:
            place = dossier.location(st.location_ids[0])
        except KeyError:
            place = None
    point = None if place is None else place.point
    code = None if point is None else point.precision
    return {
        "predicate": predicate_name(st),
        "modality": st.modality.value,
        "negated": st.negated,
        "change": None if st.change is None else st.change.value,
        "party": st.party,
        "counterparty": st.counterparty,
        "unit_ids": _join(st.unit_ids),
        "units": _join(_name(dossier, "unit", i) for i in st.unit_ids),
        "location_ids": _join(st.location_ids),
        "location": _join(_name(dossier, "location", i) for i in st.location_ids),
        "country": None if place is None else place.country,
        "admin1": None if place is None else place.region,
        "latitude": None if point is None else point.lat,
        "longitude": None if point is None else point.lon,
        "geo_precision": None if code is None else code.acled_geo_precision,
        "where_prec": None if code is None else code.ucdp_where_prec,
        **_numbers(st.quantity),
        "description": st.description,
        "attribute": st.attribute,
        "entity": st.entity,
        "value": None if st.value is None else value_text(st.value, lambda i: _name(dossier, "location", i)),
    }


def _numbers(q: Estimate | None) -> dict[str, Any]:
    if q is None:
        return {}
    return {"low": q.low, "best": q.best, "high": q.high, "unit": q.unit, "estimate_phrase": q.phrase}


def _claim_row(dossier: Dossier, c: Claim) -> dict[str, Any]:
    first = c.attribution[0].source_id if c.attribution else c.source_id
    times = time_columns(c.when)
    return {
        "claim_id": c.id,
        "event_date": times["date_start"] or times["date_end"],
        **times,
        "start": None if c.when is None or c.when.start is None else c.when.start.isoformat(),
        "end": None if c.when is None or c.when.end is None else c.when.end.isoformat(),
        "reported_at": c.reported_at.isoformat(),
        "source": _name(dossier, "source", first),
        "source_ids": _join(dict.fromkeys([*(h.source_id for h in c.attribution), c.source_id])),
        "origin": _name(dossier, "source", c.source_id),
        "origin_id": c.source_id,
        "attribution": chain_text(dossier, c.attribution),
        "hedge": _join(h.hedge.value for h in c.attribution),
        **_statement(dossier, c.statement),
        "quote": c.quote,
        "language": c.language,
        "credibility": None if c.credibility is None else c.credibility.value,
        "url": c.url,
    }


def _assessment_row(dossier: Dossier, a: Assessment) -> dict[str, Any]:
    return {
        "assessment_id": a.id,
        **judgement_columns(a),
        "supporting": _join(a.supporting),
        "contradicting": _join(a.contradicting),
        "related": _join(a.related),
        **_statement(dossier, a.statement),
        "alternatives": " | ".join(
            f"{value_text(x.value, lambda i: _name(dossier, 'location', i))} ({x.probability:.2f}: {_join(x.supporting)})"
            for x in a.alternatives
        ),
        **time_columns(a.valid),
        "as_of": None if a.as_of is None else a.as_of.isoformat(),
        "assessed_at": a.assessed_at.isoformat(),
        "assessed_by": a.assessed_by,
        "rationale": " | ".join(a.rationale),
    }
