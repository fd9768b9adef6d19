"""Helpers shared by the tests (importable as ``_support``; pytest puts tests/ on the path)."""

from __future__ import annotations

import os


def examples(ci: int) -> int:
    """``ci`` examples under the CI profile, a tenth of that (at least 20) otherwise."""
    if os.environ.get("HYPOTHESIS_PROFILE") == "ci":
        return ci
    return max(20, ci // 10)
