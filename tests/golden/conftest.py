"""Golden files: ``--update-golden`` rewrites them; nothing else ever does.

The factory of hand-built ScanResults lives in tests/report (on sys.path
here). NOTE: pytest only reads ``pytest_addoption`` from conftest files it
loads at start-up; run ``pytest tests/golden --update-golden`` (or from the
root once the option is also registered in tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

_REPORT_TESTS = str(Path(__file__).resolve().parent.parent / "report")
if _REPORT_TESTS not in sys.path:
    sys.path.insert(0, _REPORT_TESTS)


def pytest_addoption(parser: pytest.Parser) -> None:
    # A root conftest may register the same option: then keep that one.
    with contextlib.suppress(ValueError):
        parser.addoption(
            "--update-golden",
            action="store_true",
            default=False,
            help="Rewrite the expected files under tests/golden/ (review the diff).",
        )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    try:
        return bool(request.config.getoption("--update-golden"))
    except ValueError:
        return False
