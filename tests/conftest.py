"""Test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (what ``.ci/run`` sets) runs the full example counts the
project promises (at least 1,000 per model type); the default ``dev`` profile runs fewer
for quick local feedback. Tests that need a specific count use ``examples(n)``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
