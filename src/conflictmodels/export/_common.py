"""Helpers shared by the export formats (private): readable text for statements and
chains, dates as datasets write them, and the place a claim is shown at."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..assessment import Assessment
from ..attribution import Hop
from ..dossier import Dossier
from ..location import Location
from ..statement import Statement
from ..timespans import TimeSpan
from ..values import value_text
from ..vocabularies import Predicate

__all__ = ["chain_text", "date_end", "date_start", "located", "predicate_name", "statement_text"]


def predicate_name(statement: Statement) -> str:
    """The predicate as written: the custom name for ``custom`` statements."""
    if statement.predicate is Predicate.CUSTOM and statement.custom_predicate is not None:
        return statement.custom_predicate
    return statement.predicate.value


def _source_name(dossier: Dossier, source_id: str) -> str:
    try:
        return dossier.source(source_id).name
    except KeyError:
        return source_id


def chain_text(dossier: Dossier, chain: tuple[Hop, ...]) -> str:
    """``Outlet (reported) -> Ministry (announced)``: the chain as analysts write it."""
    return " -> ".join(f"{_source_name(dossier, h.source_id)} ({h.verb or h.hedge.value})" for h in chain)


def statement_text(dossier: Dossier, statement: Statement) -> str:
    """A one-line reading of a statement: ``control: RU recaptured Kositsa``; a statement
    that is not a fact says its modality (``situation (opinion): ...``)."""
    places = [_name(dossier.locations, i) for i in statement.location_ids]
    units = [_name(dossier.units, i) for i in statement.unit_ids]
    modality = statement.modality
    words = [
        f"{predicate_name(statement)}:" if modality.is_fact else f"{predicate_name(statement)} ({modality.value}):"
    ]
    if statement.negated:
        words.append("not")
    if statement.party:
        words.append(statement.party)
    if statement.change:
        words.append(statement.change.value)
    words += places + units
    if statement.quantity is not None:
        q = statement.quantity
        words.append(q.phrase or "-".join("?" if v is None else str(v) for v in (q.low, q.best, q.high)))
        if q.unit:
            words.append(q.unit)
    if statement.description and (statement.quantity is None or statement.predicate is Predicate.SITUATION):
        words.append(f'"{statement.description}"')
    if statement.value is not None:  # attribute: "authors of 9780201896831 = Knuth, Donald E."
        about = [statement.entity] if statement.entity is not None else []
        words += [f"{statement.attribute}", *(["of", *about] if about else []), "=",
                  value_text(statement.value, lambda i: _name(dossier.locations, i))]  # fmt: skip
    return " ".join(words)


def _name(items: tuple[Location, ...] | tuple[object, ...], id: str) -> str:
    for item in items:
        if getattr(item, "id", None) == id:
            return str(getattr(item, "name", id))
    return id


def located(dossier: Dossier, location_ids: tuple[str, ...]) -> Location | None:
    """The first of ``location_ids`` that has coordinates, if any."""
    for ref in location_ids:
        loc = _find(dossier, ref)
        if loc is not None and loc.point is not None:
            return loc
    return None


def _find(dossier: Dossier, id: str) -> Location | None:
    try:
        return dossier.location(id)
    except KeyError:
        return None


def date_start(span: TimeSpan | None) -> str | None:
    """The first day a span covers, in the time zone it was given in (ISO 8601)."""
    return None if span is None or span.start is None else span.start.date().isoformat()


def date_end(span: TimeSpan | None) -> str | None:
    """The last day a span covers (inclusive, as UCDP ``date_end``), ISO 8601, in the
    time zone the end was given in.

    A span open before that ends at the very first instant, 0001-01-01T00:00, covers up
    to the day before: ``0000-12-31`` (ISO 8601 year zero, 1 BC), which Python's
    ``date`` cannot hold; it is written as text rather than failing or shifting a day.
    """
    if span is None or span.end is None:
        return None
    end: datetime = span.end
    if span.start is None or end > span.start:
        if end.replace(tzinfo=None) == datetime.min:
            return "0000-12-31"
        end -= timedelta(microseconds=1)
    return end.date().isoformat()


def time_columns(span: TimeSpan | None) -> dict[str, Any]:
    """ACLED/UCDP-style date columns of a span: dates and both precision codes."""
    return {
        "date_start": date_start(span),
        "date_end": date_end(span),
        "time_precision": None if span is None else span.precision.acled_time_precision,
        "date_prec": None if span is None else span.precision.ucdp_date_prec,
    }


def judgement_columns(a: Assessment) -> dict[str, Any]:
    """The judgment of an assessment as flat columns: status, likelihood and its range,
    confidence, independent origins."""
    prob = a.probability_range
    return {
        "status": a.status.value,
        "likelihood": None if a.likelihood is None else a.likelihood.value,
        "probability_low": None if prob is None else prob[0],
        "probability_high": None if prob is None else prob[1],
        "confidence": None if a.confidence is None else a.confidence.value,
        "independent_origins": a.independent_origins,
    }
