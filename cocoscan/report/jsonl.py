"""JSON Lines writers: ``conversations.jsonl``, ``findings.jsonl``, ``authors.jsonl``.

One JSON object per line, UTF-8, ``\\n`` endings, contract field order, no
wall-clock time: the same scan gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report.records import (
    Record,
    author_record,
    conversation_record,
    finding_record,
)


def _lines(records: Iterable[Record]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def render_conversations(report: EvidenceReport) -> bytes:
    """``conversations.jsonl``, in rank order."""
    return _lines(conversation_record(c) for c in report.conversations)


def render_findings(report: EvidenceReport) -> bytes:
    """``findings.jsonl``, by conversation rank then message order."""
    return _lines(finding_record(f) for f in report.findings)


def render_authors(report: EvidenceReport) -> bytes:
    """``authors.jsonl``, in rank order."""
    return _lines(author_record(a) for a in report.authors)
