"""Export formats: JSON Schema, GeoJSON, STIX 2.1, CSV and ACLED / UCDP GED CSV (both ways), one module per format.

Every function here is pure: it takes a :class:`~conflictmodels.Dossier` (or a model
type, for the schema) and returns JSON-compatible dicts or text; writing files is left
to the caller (or to the ``conflictmodels export`` command). Each format module is
imported on first use of one of its names.

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import claims_csv, json_schema, to_geojson, to_stix
    >>> d = kursk_dossier()
    >>> to_geojson(d)["type"], to_stix(d)["type"], json_schema()["title"]
    ('FeatureCollection', 'bundle', 'Dossier')
    >>> claims_csv(d).splitlines()[0].split(",")[:4]
    ['claim_id', 'event_date', 'date_start', 'date_end']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what __getattr__ below imports on first use
    from ._tabular import ImportResult
    from .acled import ACLED_COLUMNS, read_acled, read_acled_partial, to_acled, write_acled
    from .csv import (
        ASSESSMENT_COLUMNS,
        CLAIM_COLUMNS,
        assessments_csv,
        claims_csv,
        read_claims_csv,
        read_claims_csv_partial,
    )
    from .geojson import picture_geojson, to_geojson
    from .jsonschema import json_schema
    from .stix import (
        confidence_to_credibility,
        credibility_to_confidence,
        from_stix,
        from_stix_with_warnings,
        to_stix,
    )
    from .ucdp import UCDP_COLUMNS, read_ucdp, read_ucdp_partial, to_ucdp, write_ucdp

# Each format module is imported when one of its names is first used.
_LAZY: dict[str, str] = {
    "ACLED_COLUMNS": "acled",
    "ImportResult": "_tabular",
    "read_acled": "acled",
    "read_acled_partial": "acled",
    "to_acled": "acled",
    "write_acled": "acled",
    "UCDP_COLUMNS": "ucdp",
    "read_ucdp": "ucdp",
    "read_ucdp_partial": "ucdp",
    "to_ucdp": "ucdp",
    "write_ucdp": "ucdp",
    "ASSESSMENT_COLUMNS": "csv",
    "CLAIM_COLUMNS": "csv",
    "assessments_csv": "csv",
    "claims_csv": "csv",
    "read_claims_csv": "csv",
    "read_claims_csv_partial": "csv",
    "picture_geojson": "geojson",
    "to_geojson": "geojson",
    "json_schema": "jsonschema",
    "confidence_to_credibility": "stix",
    "credibility_to_confidence": "stix",
    "from_stix": "stix",
    "from_stix_with_warnings": "stix",
    "to_stix": "stix",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "ACLED_COLUMNS",
    "ASSESSMENT_COLUMNS",
    "CLAIM_COLUMNS",
    "UCDP_COLUMNS",
    "ImportResult",
    "assessments_csv",
    "claims_csv",
    "confidence_to_credibility",
    "credibility_to_confidence",
    "from_stix",
    "from_stix_with_warnings",
    "json_schema",
    "picture_geojson",
    "read_acled",
    "read_acled_partial",
    "read_claims_csv",
    "read_claims_csv_partial",
    "read_ucdp",
    "read_ucdp_partial",
    "to_acled",
    "to_geojson",
    "to_stix",
    "to_ucdp",
    "write_acled",
    "write_ucdp",
]
