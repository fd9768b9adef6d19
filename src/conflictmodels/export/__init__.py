"""Export formats: JSON Schema, GeoJSON, STIX 2.1 and CSV, one module per format.

Every function here is pure: it takes a :class:`~conflictmodels.Dossier` (or a model
type, for the schema) and returns JSON-compatible dicts or text; writing files is left
to the caller (or to the ``conflictmodels export`` command).

Example:
    >>> from conflictmodels.examples import kursk_dossier
    >>> from conflictmodels.export import claims_csv, json_schema, to_geojson, to_stix
    >>> d = kursk_dossier()
    >>> to_geojson(d)["type"], to_stix(d)["type"], json_schema()["title"]
    ('FeatureCollection', 'bundle', 'Dossier')
    >>> claims_csv(d).splitlines()[0].split(",")[:4]
    ['claim_id', 'event_date', 'date_start', 'date_end']
"""

from .csv import ASSESSMENT_COLUMNS, CLAIM_COLUMNS, assessments_csv, claims_csv
from .geojson import to_geojson
from .jsonschema import json_schema
from .stix import (
    confidence_to_credibility,
    credibility_to_confidence,
    from_stix,
    from_stix_with_warnings,
    to_stix,
)

__all__ = [
    "ASSESSMENT_COLUMNS",
    "CLAIM_COLUMNS",
    "assessments_csv",
    "claims_csv",
    "confidence_to_credibility",
    "credibility_to_confidence",
    "from_stix",
    "from_stix_with_warnings",
    "json_schema",
    "to_geojson",
    "to_stix",
]
