"""Helpers shared by the tests (importable as ``_support``; pytest puts tests/ on the path)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


def examples(ci: int) -> int:
    """A third of ``ci`` examples under the CI profile (the engine's laws now cover so many
    concepts that the full counts took .ci/run past ten minutes), a tenth of ``ci`` (at
    least 20) otherwise."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci":
        return max(20, ci // 3)
    return max(20, ci // 10)


def model_strategies() -> list[tuple[type, Any]]:
    """A strategy for every model type but Dossier (slow: tests add it where they can)."""
    import conflictmodels.strategies as cst
    from conflictmodels import (
        Actor,
        Affiliation,
        Alternative,
        Assessment,
        Claim,
        Estimate,
        Hop,
        Location,
        Point,
        Source,
        Statement,
        TimeSpan,
        Unit,
        UnitParent,
        Value,
        Withdrawal,
    )
    from conflictmodels.events import Event, Fatalities
    from conflictmodels.evidence import Chronolocation, Document, Evidence, Geolocation, Media
    from conflictmodels.people import Person, Role
    from conflictmodels.reliability import CopyFinding, ReliabilityModel, SourceAccuracy

    return [
        (TimeSpan, cst.time_spans()),
        (Point, cst.points()),
        (Estimate, cst.estimates()),
        (Hop, cst.hops()),
        (UnitParent, cst.unit_parents()),
        (Statement, cst.statements()),
        (Source, cst.sources()),
        (Location, cst.locations()),
        (Unit, cst.units(parent_ids=["parent-a", "parent-b"])),
        (Claim, cst.claims()),
        (Withdrawal, cst.withdrawals(replacement_ids=cst.ids())),
        (Assessment, cst.assessments()),
        (Affiliation, cst.affiliations()),
        (Value, cst.attribute_values()),
        (Alternative, cst.alternatives()),
        (SourceAccuracy, cst.source_accuracies()),
        (CopyFinding, cst.copy_findings()),
        (ReliabilityModel, cst.reliability_models()),
        *((cls, cst._generic(cls)) for cls in (Document, Actor)),
        (Media, cst.media_items()),
        (Geolocation, cst.geolocations()),
        (Chronolocation, cst.chronolocations()),
        (Evidence, cst.evidence_records()),
        (Fatalities, cst.fatalities()),
        (Event, cst.events()),
        (Role, cst.roles()),
        (Person, cst.people()),
    ]


def count_calls(run: Callable[[], object]) -> int:
    """How many Python and C functions ``run`` calls (a measure of work, not of time)."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def work_growth(operation: Callable[[Any], object], build: Callable[[int], Any], small: int, large: int) -> float:
    """The work of ``operation`` on ``build(large)`` over that on ``build(small)``, each
    measured on a second run (so that caches are as warm for one size as the other)."""
    inputs = build(small), build(large)
    for x in inputs:
        operation(x)
    return count_calls(lambda: operation(inputs[1])) / count_calls(lambda: operation(inputs[0]))
