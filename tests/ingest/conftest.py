"""Helpers for the reader tests: fixture paths and a one-input reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocoscan.ingest import InputStream, open_inputs
from cocoscan.model import Message, Problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read_one(path: str | Path, **options: object) -> tuple[InputStream, list[Message]]:
    """Open exactly one input and read it whole."""
    items = list(open_inputs([str(path)], **options))  # type: ignore[arg-type]
    streams = [i for i in items if isinstance(i, InputStream)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(streams) == 1 and not problems, (streams, problems)
    return streams[0], list(streams[0])


def read_all(*paths: str | Path, **options: object) -> list[InputStream | Problem]:
    return list(open_inputs([str(p) for p in paths], **options))  # type: ignore[arg-type]


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
