"""Shared factory of hand-built ScanResults lives in tests/report."""

from __future__ import annotations

import sys
from pathlib import Path

_REPORT_TESTS = str(Path(__file__).resolve().parent.parent / "report")
if _REPORT_TESTS not in sys.path:
    sys.path.insert(0, _REPORT_TESTS)
