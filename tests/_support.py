"""Helpers shared by the tests (importable as ``_support``; pytest puts tests/ on the path)."""

from __future__ import annotations

import os
from typing import Any


def examples(ci: int) -> int:
    """``ci`` examples under the CI profile, a tenth of that (at least 20) otherwise."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci":
        return ci
    return max(20, ci // 10)


def model_strategies() -> list[tuple[type, Any]]:
    """A strategy for every model type but Dossier (slow: tests add it where they can)."""
    import conflictmodels.strategies as cst
    from conflictmodels import (
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
    )

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
        (Assessment, cst.assessments()),
    ]
