"""conflictmodels: typed models for conflict reports, and principled reconciliation.

Example:
    >>> import conflictmodels
    >>> dossier = conflictmodels.examples.kursk_dossier()
    >>> conflictmodels.loads(conflictmodels.dumps(dossier)) == dossier
    True
"""

from . import examples, export
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
from .files import dump_file, dump_lines_file, load_file, load_lines_file, write_text_atomic
from .geo import Point, distance_m
from .limits import DEFAULT_LIMITS, Limits
from .location import Location
from .policy import DEFAULT_POLICY, Policy
from .reconciliation import merge, reconcile
from .relations import Relation, proposition_key, relate
from .resolution import (
    DEFAULT_RESOLUTION_POLICY,
    LocationRules,
    MatchDecision,
    Resolution,
    ResolutionPolicy,
    SourceRules,
    UnitRules,
    match_locations,
    match_sources,
    match_units,
    resolve_entities,
)
from .serialization import (
    SCHEMA_VERSION,
    LinesResult,
    content_id,
    dumps,
    dumps_lines,
    from_dict,
    loads,
    loads_lines,
    loads_lines_partial,
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
    "DEFAULT_LIMITS",
    "DEFAULT_POLICY",
    "DEFAULT_RESOLUTION_POLICY",
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
    "Limits",
    "LinesResult",
    "Location",
    "LocationKind",
    "LocationRules",
    "MatchDecision",
    "MissingFieldError",
    "Point",
    "Policy",
    "Predicate",
    "Relation",
    "Reliability",
    "Resolution",
    "ResolutionPolicy",
    "SchemaVersionError",
    "Source",
    "SourceKind",
    "SourceRules",
    "Statement",
    "TimePrecision",
    "TimeSpan",
    "Unit",
    "UnitParent",
    "UnitRules",
    "UnknownFieldError",
    "ValidationError",
    "__version__",
    "content_id",
    "distance_m",
    "dump_file",
    "dump_lines_file",
    "dumps",
    "dumps_lines",
    "examples",
    "export",
    "from_dict",
    "load_file",
    "load_lines_file",
    "loads",
    "loads_lines",
    "loads_lines_partial",
    "match_locations",
    "match_sources",
    "match_units",
    "merge",
    "proposition_key",
    "reconcile",
    "relate",
    "resolve_entities",
    "resolve_relative",
    "to_dict",
    "write_text_atomic",
]
