"""Hypothesis settings for the property tests: bounded, deterministic in CI.

``HYPOTHESIS_PROFILE=long`` runs many more examples (see fuzz/README.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The writer properties build results with the report tests' factory.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
