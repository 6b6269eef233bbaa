"""``findings.csv``: one finding a row, for spreadsheets.

UTF-8 with a byte-order mark (spreadsheets otherwise guess a legacy
encoding and garble accents), CRLF rows as RFC 4180 says, and formula
injection defused: a cell that starts with ``= + - @`` or a control
character gets a leading apostrophe, so opening a seized chat in a
spreadsheet never runs one of its messages.
"""

from __future__ import annotations

import csv
import io

from cocoscan.redact.evidence import EvidenceReport

COLUMNS: tuple[str, ...] = (
    "conversation_rank",
    "conversation",
    "id",
    "rule",
    "category",
    "severity",
    "score",
    "message",
    "author",
    "timestamp",
    "source_path",
    "source_sha256",
    "line",
    "byte_offset",
    "member",
    "span_start",
    "span_end",
    "excerpt",
    "suppressed",
    "explanation",
)

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """Text of a cell, with formula injection defused."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


def render_csv(report: EvidenceReport) -> bytes:
    """``findings.csv`` bytes, in the order of ``findings.jsonl``."""
    ranks = {c.conversation: c.rank for c in report.conversations}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for f in report.findings:
        writer.writerow(
            cell(v)
            for v in (
                ranks.get(f.conversation),
                f.conversation,
                f.id,
                f.rule,
                f.category,
                f.severity,
                f.score,
                f.message,
                f.author,
                f.timestamp,
                f.source.path,
                f.source.sha256,
                f.source.line,
                f.source.byte_offset,
                f.source.member,
                f.span[0],
                f.span[1],
                " ".join(f.excerpt.split()),
                f.suppressed,
                "; ".join(f.explanation),
            )
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
