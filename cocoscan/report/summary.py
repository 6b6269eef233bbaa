"""Aggregates shared by the human-readable reports (Markdown, HTML, handoff)."""

from __future__ import annotations

from collections import Counter

from cocoscan.redact.evidence import EvidenceFinding, EvidenceReport

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low", "informational")


def by_category_severity(report: EvidenceReport) -> dict[str, Counter[str]]:
    """Active (unsuppressed) findings per category, then per severity."""
    table: dict[str, Counter[str]] = {}
    for f in report.findings:
        if f.suppressed is None:
            table.setdefault(f.category, Counter())[f.severity] += 1
    return dict(sorted(table.items()))


def grouped(report: EvidenceReport) -> dict[str, list[EvidenceFinding]]:
    """Findings per conversation id, in the report's order."""
    groups: dict[str, list[EvidenceFinding]] = {}
    for f in report.findings:
        groups.setdefault(f.conversation, []).append(f)
    return groups


def flagged(report: EvidenceReport) -> int:
    """Conversations with a positive score."""
    return sum(1 for c in report.conversations if c.score > 0)


def input_formats(report: EvidenceReport) -> dict[str, str]:
    """Input SHA-256 -> detected format."""
    return {i.sha256: i.format for i in report.run.inputs}
