"""conflictmodels: typed models for conflict reports, and principled reconciliation.

The top level holds what most programs need: the models and value types, the
vocabularies, the errors, loading and writing (``loads``, ``dumps`` and their
relatives), ``reconcile``, ``merge`` and ``resolve_entities`` with their policies, and
``Limits``. The rest lives in named submodules: ``conflictmodels.files`` (file helpers),
``conflictmodels.resolution`` (the matching rules behind ``resolve_entities``),
``conflictmodels.export`` (the export formats), ``conflictmodels.examples``,
``conflictmodels.names``, ``conflictmodels.migration`` and ``conflictmodels.strategies``.

Importing the package loads the models only. Loading, reconciliation, ``examples`` and
``export`` are imported on first use of one of their names (a module ``__getattr__``),
so a program pays for what it uses; after that first use a name is an ordinary module
attribute.

Example:
    >>> import conflictmodels
    >>> dossier = conflictmodels.examples.kursk_dossier()
    >>> conflictmodels.loads(conflictmodels.dumps(dossier)) == dossier
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from .events import Actor, Event, Fatalities
from .evidence import Chronolocation, Document, Evidence, Geolocation, Media
from .geo import Point, distance_m
from .location import Location
from .people import Person, Role
from .source import Affiliation, Source
from .statement import Statement
from .timespans import TimeSpan, resolve_relative
from .unit import Unit, UnitParent
from .values import Alternative, Value, value_key
from .vocabularies import (
    ActorType,
    AffiliationKind,
    AssessmentStatus,
    Branch,
    Confidence,
    ControlChange,
    Credibility,
    Echelon,
    EventClarity,
    EventSide,
    EventType,
    FatalityGroup,
    Favours,
    GeoPrecision,
    Hedge,
    Likelihood,
    LocationKind,
    MediaKind,
    Modality,
    PlaceRelation,
    Predicate,
    Reliability,
    SourceKind,
    SubEventType,
    TimePrecision,
    VerificationStatus,
    WithdrawalAction,
)
from .withdrawal import Withdrawal

if TYPE_CHECKING:  # what __getattr__ below imports on first use
    from . import examples, export
    from .limits import DEFAULT_LIMITS, Limits
    from .migration import SCHEMA_VERSION
    from .policy import DEFAULT_POLICY, DEFAULT_RESOLUTION_POLICY, Policy, ResolutionPolicy
    from .questions import ControlAnswer, Diff, JudgmentChange, Picture, control_at, diff, picture
    from .reconciliation import merge, reconcile
    from .relations import Relation, proposition_key, relate
    from .resolution import Resolution, resolve_entities
    from .serialization import (
        LinesResult,
        content_id,
        dumps,
        dumps_lines,
        dumps_lines_bytes,
        from_dict,
        loads,
        loads_lines,
        loads_lines_partial,
        to_dict,
    )

# Public name -> the submodule that defines it; imported on first access.
_LAZY: dict[str, str] = {
    "examples": "",
    "export": "",
    "DEFAULT_LIMITS": "limits",
    "Limits": "limits",
    "DEFAULT_POLICY": "policy",
    "Policy": "policy",
    "ControlAnswer": "questions",
    "Diff": "questions",
    "JudgmentChange": "questions",
    "Picture": "questions",
    "control_at": "questions",
    "diff": "questions",
    "picture": "questions",
    "merge": "reconciliation",
    "reconcile": "reconciliation",
    "Relation": "relations",
    "proposition_key": "relations",
    "relate": "relations",
    "DEFAULT_RESOLUTION_POLICY": "policy",
    "ResolutionPolicy": "policy",
    "Resolution": "resolution",
    "resolve_entities": "resolution",
    "SCHEMA_VERSION": "migration",
    "LinesResult": "serialization",
    "content_id": "serialization",
    "dumps": "serialization",
    "dumps_lines": "serialization",
    "dumps_lines_bytes": "serialization",
    "from_dict": "serialization",
    "loads": "serialization",
    "loads_lines": "serialization",
    "loads_lines_partial": "serialization",
    "to_dict": "serialization",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = importlib.import_module(f"{__name__}.{module or name}")
    if module:
        value = getattr(value, name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_POLICY",
    "DEFAULT_RESOLUTION_POLICY",
    "SCHEMA_VERSION",
    "Actor",
    "ActorType",
    "Affiliation",
    "AffiliationKind",
    "Alternative",
    "Assessment",
    "AssessmentStatus",
    "Branch",
    "Chronolocation",
    "Claim",
    "Confidence",
    "ConflictModelsError",
    "ControlAnswer",
    "ControlChange",
    "Credibility",
    "DanglingReferenceError",
    "Diff",
    "Document",
    "Dossier",
    "DuplicateIdError",
    "Echelon",
    "Estimate",
    "Event",
    "EventClarity",
    "EventSide",
    "EventType",
    "Evidence",
    "Fatalities",
    "FatalityGroup",
    "Favours",
    "FieldError",
    "FieldTypeError",
    "GeoPrecision",
    "Geolocation",
    "Hedge",
    "Hop",
    "JudgmentChange",
    "Likelihood",
    "Limits",
    "LinesResult",
    "Location",
    "LocationKind",
    "Media",
    "MediaKind",
    "MissingFieldError",
    "Modality",
    "Person",
    "Picture",
    "PlaceRelation",
    "Point",
    "Policy",
    "Predicate",
    "Relation",
    "Reliability",
    "Resolution",
    "ResolutionPolicy",
    "Role",
    "SchemaVersionError",
    "Source",
    "SourceKind",
    "Statement",
    "SubEventType",
    "TimePrecision",
    "TimeSpan",
    "Unit",
    "UnitParent",
    "UnknownFieldError",
    "ValidationError",
    "Value",
    "VerificationStatus",
    "Withdrawal",
    "WithdrawalAction",
    "__version__",
    "content_id",
    "control_at",
    "diff",
    "distance_m",
    "dumps",
    "dumps_lines",
    "dumps_lines_bytes",
    "examples",
    "export",
    "from_dict",
    "loads",
    "loads_lines",
    "loads_lines_partial",
    "merge",
    "picture",
    "proposition_key",
    "reconcile",
    "relate",
    "resolve_entities",
    "resolve_relative",
    "to_dict",
    "value_key",
]
