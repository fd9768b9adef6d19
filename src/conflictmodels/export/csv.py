"""CSV tables for analysts: one row per claim, one row per assessment.

Columns follow the habits of ACLED and UCDP event data, so the tables load into a
spreadsheet, R or pandas next to those datasets: ``event_date`` / ``date_start`` /
``date_end`` (``date_end`` is the last day covered, inclusive), ACLED
``time_precision`` and ``geo_precision``, UCDP ``date_prec`` and ``where_prec`` (of the
claim's own precision, else of its place's point), ``country`` and ``admin1`` for the
ISO 3166 codes of the place or of the nearest place above it that has them,
``country_name`` and ``admin1_name`` for the names in its parent chain, ``low`` /
``best`` / ``high`` for numbers.
Lists (several places, the ids an assessment cites) are joined with ``"; "``; missing
values are empty cells. Rows end with CRLF (RFC 4180); write the text as
UTF-8 with ``newline=""``.

The claims table reads back into the same claims (:func:`read_claims_csv`): the columns
that hold a field exactly are read (an edit in a spreadsheet counts), the display
columns (names, dates, precision codes, the chain in words) are not, and the last
column, ``other_fields``, holds the JSON of every other field of the claim (its chain,
precision, evidence, withdrawals...).

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
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..assessment import Assessment
from ..claim import Claim
from ..dossier import Dossier
from ..errors import ConflictModelsError, FieldError, ValidationError
from ..estimates import Estimate
from ..location import Location
from ..serialization import SCHEMA_VERSION, LinesResult, from_dict, to_dict
from ..statement import Statement
from ..values import value_text
from ..vocabularies import GeoPrecision, Predicate
from ._common import chain_text, judgement_columns, located, predicate_name, time_columns
from ._tabular import CsvSource, Row, admin_names, ancestors, read_rows, summary

__all__ = [
    "ASSESSMENT_COLUMNS",
    "CLAIM_COLUMNS",
    "assessments_csv",
    "claims_csv",
    "read_claims_csv",
    "read_claims_csv_partial",
]

_PLACE_COLUMNS = (
    "location_ids",
    "location",
    "country",
    "admin1",
    "country_name",
    "admin1_name",
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
    "translation",
    "credibility",
    "url",
    "place_relation",
    "claim_geo_precision",
    "other_fields",
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
_ESCAPED = (*_FORMULA_START, "'")  # a leading ' is doubled, so that reading back can undo the escape


def _cell(value: Any, spreadsheet_safe: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}" if spreadsheet_safe and value.startswith(_ESCAPED) else value
    return str(value)


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def _name(dossier: Dossier, kind: str, id: str) -> str:
    try:
        return str(getattr(dossier, kind)(id).name)
    except KeyError:
        return id


def _statement(dossier: Dossier, st: Statement, precision: GeoPrecision | None = None) -> dict[str, Any]:
    place: Location | None = located(dossier, st.location_ids)
    if place is None and st.location_ids:
        try:
            place = dossier.location(st.location_ids[0])
        except KeyError:
            place = None
    point = None if place is None else place.point
    code = precision or (None if point is None else point.precision)  # the claim's, else the point's
    chain = [] if place is None else [place, *ancestors(dossier, place)]
    country_name, admins = (None, []) if place is None else admin_names(dossier, place, 1)
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
        "country": next((loc.country for loc in chain if loc.country is not None), None),
        "admin1": next((loc.region for loc in chain if loc.region is not None), None),
        "country_name": country_name,
        "admin1_name": admins[0] if admins else None,
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
        **_statement(dossier, c.statement, c.geo_precision),
        "quote": c.quote,
        "language": c.language,
        "translation": c.translation,
        "credibility": None if c.credibility is None else c.credibility.value,
        "url": c.url,
        "place_relation": None if c.place_relation is None else c.place_relation.value,
        "claim_geo_precision": None if c.geo_precision is None else c.geo_precision.value,
        "other_fields": _other_fields(c),
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


# ----------------------------------------------------------------------------- reading back

_CLAIM_KEYS = {"id": "claim_id", "source_id": "origin_id", "reported_at": "reported_at", "quote": "quote",
               "language": "language", "translation": "translation", "credibility": "credibility", "url": "url",
               "place_relation": "place_relation", "geo_precision": "claim_geo_precision"}  # fmt: skip
"""Claim fields a column holds exactly: field -> column. A table written before a column
existed holds its field in ``other_fields``, which is still read."""
_STATEMENT_KEYS = {"party": "party", "counterparty": "counterparty", "change": "change", "location_ids": "location_ids",
                   "unit_ids": "unit_ids", "description": "description", "negated": "negated",
                   "modality": "modality", "attribute": "attribute", "entity": "entity"}  # fmt: skip
_QUANTITY_KEYS = {"low": "low", "best": "best", "high": "high", "unit": "unit", "phrase": "estimate_phrase"}
_LISTS = frozenset({"location_ids", "unit_ids"})


def _other_fields(claim: Claim) -> str:
    """The JSON of the claim's fields that no column holds exactly."""
    payload = to_dict(claim)
    for key in _CLAIM_KEYS:
        payload.pop(key, None)
    when = payload.pop("when", None)
    if when is not None:
        rest = {k: v for k, v in when.items() if k not in ("start", "end")}
        payload["when"] = rest
    statement = payload.get("statement", {})
    for key in (*_STATEMENT_KEYS, "predicate"):
        if key != "predicate" or statement.get("predicate") != Predicate.CUSTOM.value:
            statement.pop(key, None)
    quantity = statement.pop("quantity", None)
    if quantity is not None:
        rest = {k: v for k, v in quantity.items() if k not in _QUANTITY_KEYS}
        if rest:
            statement["quantity"] = rest
    if not statement:
        payload.pop("statement", None)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def read_claims_csv(source: CsvSource) -> tuple[Claim, ...]:
    """Read a :func:`claims_csv` table back into its claims, all or nothing.

    ``source`` is a path, bytes or an open file (text or binary). The columns that hold
    a field exactly are read (an edit made in a spreadsheet counts), and
    ``other_fields`` gives the rest; the display columns are not read. A cell escaped
    for spreadsheets (a leading ``'``) is unescaped.

    Raises:
        ValidationError: Every problem of every bad row, naming its line and column;
            nothing is returned (:func:`read_claims_csv_partial` keeps the good rows).

    Example:
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import claims_csv, read_claims_csv
        >>> claims = kursk_dossier().claims
        >>> read_claims_csv(claims_csv(kursk_dossier()).encode("utf-8")) == claims
        True
    """
    result = read_claims_csv_partial(source)
    if result.errors:
        raise ValidationError(result.errors, summary=summary(result.errors, "nothing was read"))
    return result.items


def read_claims_csv_partial(source: CsvSource) -> LinesResult[Claim]:
    """Read a :func:`claims_csv` table, keeping every good row and reporting every bad one.

    Example:
        >>> import io
        >>> from conflictmodels.examples import kursk_dossier
        >>> from conflictmodels.export import claims_csv, read_claims_csv_partial
        >>> lines = claims_csv(kursk_dossier()).splitlines()
        >>> lines[2] = lines[2].replace(",false,", ",maybe,", 1)
        >>> result = read_claims_csv_partial(io.StringIO("\\n".join(lines)))
        >>> len(result.items) == len(kursk_dossier().claims) - 1, result.bad_lines
        (True, (3,))
        >>> result.errors[0].path
        'negated'
    """
    _, rows = read_rows(source, "claims CSV", ("claim_id", "origin_id", "reported_at", "predicate"),
                        free_text=lambda column: column not in _SINGLE_LINE)  # fmt: skip
    items: list[Claim] = []
    lines: list[int] = []
    errors: list[FieldError] = []
    for row in rows:
        claim = _read_claim(row)
        if claim is None or row.errors:
            errors.extend(row.errors)
            continue
        items.append(claim)
        lines.append(row.line)
    return LinesResult(items=tuple(items), lines=tuple(lines), errors=tuple(errors))


_SINGLE_LINE = frozenset({
    "claim_id", "event_date", "date_start", "date_end", "time_precision", "date_prec", "start", "end", "reported_at",
    "source_ids", "origin_id", "hedge", "modality", "negated", "change", "party", "counterparty", "unit_ids",
    "location_ids", "country", "admin1", "latitude", "longitude", "geo_precision", "where_prec", "low", "best", "high",
    "language", "credibility", "url", "place_relation", "claim_geo_precision", "other_fields",
})  # fmt: skip
"""The claims table's columns that never hold a line break (ids, codes, numbers, dates, JSON)."""


def _unescaped(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_ESCAPED) else text


def _value(row: Row, column: str, key: str) -> Any:
    raw = row.cells.get(column, "")
    if raw == "":
        return None
    if key in _LISTS:
        return [_unescaped(x) for x in raw.split("; ")]
    if key == "negated":
        return {"true": True, "false": False}.get(raw, raw)
    if key in ("low", "best", "high", "credibility"):
        if _INTEGER.fullmatch(raw):
            try:
                return int(raw)  # exactly: a float would make 10**30 another number
            except ValueError:
                return raw  # more digits than Python converts: the model check names the problem
        try:
            return float(raw)
        except ValueError:
            return raw  # the model check names the problem
    if key == "language":
        return language_case(raw)
    return _unescaped(raw)


_INTEGER = re.compile(r"-?[0-9]+")


def language_case(tag: str) -> str:
    """A BCP 47 tag in its conventional case (tags are case-insensitive): the language in
    lower case, a script in title case, a region in upper case (``RU`` -> ``ru``,
    ``sr-latn-rs`` -> ``sr-Latn-RS``).

    Example:
        >>> from conflictmodels.export.csv import language_case
        >>> language_case("EN-gb"), language_case("ZH-HANT")
        ('en-GB', 'zh-Hant')
    """
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for sub in rest:
        if len(sub) == 4 and sub.isalpha():
            parts.append(sub.title())
        elif (len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit()):
            parts.append(sub.upper())
        else:
            parts.append(sub.lower())
    return "-".join(parts)


def _read_claim(row: Row) -> Claim | None:
    try:
        payload = json.loads(row.cells.get("other_fields") or "{}")
    except ValueError as err:
        row.fail("other_fields", f"is not JSON ({err})")
        return None
    if type(payload) is not dict:
        row.fail("other_fields", "must be a JSON object")
        return None
    payload.setdefault("schema_version", SCHEMA_VERSION)
    for key, column in _CLAIM_KEYS.items():
        value = _value(row, column, key)
        if value is not None:
            payload[key] = value
    start, end = _value(row, "start", "start"), _value(row, "end", "end")
    if start is not None or end is not None or "when" in payload:
        was = payload.get("when")
        when: dict[str, Any] = was if isinstance(was, dict) else {}
        payload["when"] = {**when, **({"start": start} if start else {}), **({"end": end} if end else {})}
    given = payload.get("statement")
    statement: dict[str, Any] = given if isinstance(given, dict) else {}
    predicate = _value(row, "predicate", "predicate")
    if statement.get("predicate") == Predicate.CUSTOM.value:
        statement["custom_predicate"] = predicate
    elif predicate is not None:
        statement["predicate"] = predicate
    for key, column in _STATEMENT_KEYS.items():
        value = _value(row, column, key)
        if value is not None:
            statement[key] = value
    had = statement.get("quantity")
    quantity: dict[str, Any] = had if isinstance(had, dict) else {}
    for key, column in _QUANTITY_KEYS.items():
        value = _value(row, column, key)
        if value is not None:
            quantity[key] = value
    if quantity:
        statement["quantity"] = quantity
    payload["statement"] = statement
    try:
        return from_dict(payload, Claim)
    except ConflictModelsError as err:
        problems = err.errors if isinstance(err, ValidationError) else [err] if isinstance(err, FieldError) else []
        for e in problems:
            if e.has_value:
                row.fail(_column_of(e), e.reason, e.value)
            else:
                row.fail(_column_of(e), e.reason)
        return None


_PATH_COLUMNS = {
    **{f"$.{k}": c for k, c in _CLAIM_KEYS.items()},
    **{f"$.statement.{k}": c for k, c in _STATEMENT_KEYS.items()},
    **{f"$.statement.quantity.{k}": c for k, c in _QUANTITY_KEYS.items()},
    "$.statement.predicate": "predicate",
    "$.statement.custom_predicate": "predicate",
    "$.when.start": "start",
    "$.when.end": "end",
}


def _column_of(err: FieldError) -> str:
    path = (err.path or "").split("[")[0]
    return _PATH_COLUMNS.get(path, "other_fields")
