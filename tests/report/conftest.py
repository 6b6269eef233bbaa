"""Fixtures for writer tests: one redacted scenario, written once per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cocofactory import scenario

from cocoscan.redact import redact_result
from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report import write_outputs

KEY = bytes(range(32))
KEY_ID = "0a1b2c3d"


@pytest.fixture
def evidence() -> EvidenceReport:
    return redact_result(scenario(), key=KEY, key_id=KEY_ID)


@pytest.fixture
def out_dir(tmp_path: Path, evidence: EvidenceReport) -> Path:
    out = tmp_path / "out"
    write_outputs(evidence, str(out))
    return out
