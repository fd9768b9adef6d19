"""conflictmodels: typed models for conflict reports, and principled reconciliation.

Example:
    >>> import conflictmodels
    >>> dossier = conflictmodels.examples.kursk_dossier()
    >>> conflictmodels.loads(conflictmodels.dumps(dossier)) == dossier
    True
"""

from . import examples
from ._version import __version__
from .assessment import Assessment
from .attribution import Hop
from .claim import Claim
from .dossier import Dossier
from .errors import (
    ConflictModelsError,
    DanglingReferenceError,
    DuplicateIdError,
    FieldError,
    FieldTypeError,
    MissingFieldError,
    SchemaVersionError,
    UnknownFieldError,
    ValidationError,
)
from .estimates import Estimate
from .geo import Point, distance_m
from .location import Location
from .serialization import (
    SCHEMA_VERSION,
    content_id,
    dumps,
    dumps_lines,
    from_dict,
    loads,
    loads_lines,
    to_dict,
)
from .source import Source
from .statement import Statement
from .timespans import TimeSpan, resolve_relative
from .unit import Unit, UnitParent
from .vocabularies import (
    AssessmentStatus,
    Branch,
    Confidence,
    ControlChange,
    Credibility,
    Echelon,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    Predicate,
    Reliability,
    SourceKind,
    TimePrecision,
)

__all__ = [
    "SCHEMA_VERSION",
    "Assessment",
    "AssessmentStatus",
    "Branch",
    "Claim",
    "Confidence",
    "ConflictModelsError",
    "ControlChange",
    "Credibility",
    "DanglingReferenceError",
    "Dossier",
    "DuplicateIdError",
    "Echelon",
    "Estimate",
    "FieldError",
    "FieldTypeError",
    "GeoPrecision",
    "Hedge",
    "Hop",
    "Likelihood",
    "Location",
    "LocationKind",
    "MissingFieldError",
    "Point",
    "Predicate",
    "Reliability",
    "SchemaVersionError",
    "Source",
    "SourceKind",
    "Statement",
    "TimePrecision",
    "TimeSpan",
    "Unit",
    "UnitParent",
    "UnknownFieldError",
    "ValidationError",
    "__version__",
    "content_id",
    "distance_m",
    "dumps",
    "dumps_lines",
    "examples",
    "from_dict",
    "loads",
    "loads_lines",
    "resolve_relative",
    "to_dict",
]
