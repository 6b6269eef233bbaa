"""Evidence <-> JSON records: the documented output contract, both ways.

``*_record`` functions give the exact field names of ``conversations.jsonl``,
``findings.jsonl``, ``authors.jsonl`` and ``manifest.json`` (contract fields
first, in contract order); ``*_from`` rebuild the evidence so that
``cocoscan report`` can re-render an output folder without rescanning.
"""

from __future__ import annotations

from typing import Any

import orjson

from cocoscan.redact.evidence import (
    ContextLine,
    EvidenceAuthor,
    EvidenceConversation,
    EvidenceFinding,
    EvidenceReport,
    InputRef,
    PackRef,
    RunInfo,
    SourceRef,
)
from cocoscan.redact.operators import PLACEHOLDERS

Record = dict[str, Any]


def conversation_record(c: EvidenceConversation) -> Record:
    """One line of ``conversations.jsonl``."""
    return {
        "conversation": c.conversation,
        "rank": c.rank,
        "score": c.score,
        "severity": c.severity,
        "categories": list(c.categories),
        "signals": list(c.signals),
        "authors": list(c.authors),
        "findings": c.findings,
        "first_seen": c.first_seen,
        "last_seen": c.last_seen,
        "explanation": list(c.explanation),
        "messages": c.messages,
    }


def conversation_from(r: Record) -> EvidenceConversation:
    """Inverse of :func:`conversation_record`."""
    return EvidenceConversation(
        conversation=r["conversation"],
        rank=r["rank"],
        score=r["score"],
        severity=r["severity"],
        categories=tuple(r["categories"]),
        signals=tuple(r["signals"]),
        authors=tuple(r["authors"]),
        findings=r["findings"],
        messages=r["messages"],
        first_seen=r["first_seen"],
        last_seen=r["last_seen"],
        explanation=tuple(r["explanation"]),
    )


def finding_record(f: EvidenceFinding) -> Record:
    """One line of ``findings.jsonl``."""
    return {
        "id": f.id,
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity,
        "score": f.score,
        "conversation": f.conversation,
        "message": f.message,
        "author": f.author,
        "timestamp": f.timestamp,
        "source": {
            "path": f.source.path,
            "sha256": f.source.sha256,
            "line": f.source.line,
            "byte_offset": f.source.byte_offset,
            "member": f.source.member,
        },
        "span": list(f.span),
        "excerpt": f.excerpt,
        "context": [
            {
                "author": c.author,
                "timestamp": c.timestamp,
                "text": c.text,
                "position": c.position,
            }
            for c in f.context
        ],
        "explanation": list(f.explanation),
        "suppressed": f.suppressed,
        "confidence": f.confidence,
        "signals": list(f.signals),
        "highlight": list(f.highlight),
        "matcher": f.matcher,
        "view": f.view,
    }


def finding_from(r: Record) -> EvidenceFinding:
    """Inverse of :func:`finding_record`."""
    src = r["source"]
    return EvidenceFinding(
        id=r["id"],
        rule=r["rule"],
        category=r["category"],
        severity=r["severity"],
        confidence=r["confidence"],
        signals=tuple(r["signals"]),
        score=r["score"],
        conversation=r["conversation"],
        message=r["message"],
        author=r["author"],
        timestamp=r["timestamp"],
        source=SourceRef(
            src["path"], src["sha256"], src["line"], src["byte_offset"], src["member"]
        ),
        span=(r["span"][0], r["span"][1]),
        excerpt=r["excerpt"],
        highlight=(r["highlight"][0], r["highlight"][1]),
        context=tuple(
            ContextLine(c["author"], c["timestamp"], c["text"], c["position"])
            for c in r["context"]
        ),
        explanation=tuple(r["explanation"]),
        suppressed=r["suppressed"],
        matcher=r["matcher"],
        view=r["view"],
    )


def author_record(a: EvidenceAuthor) -> Record:
    """One line of ``authors.jsonl``."""
    return {
        "author": a.author,
        "score": a.score,
        "rank": a.rank,
        "categories": list(a.categories),
        "conversations": list(a.conversations),
        "findings": a.findings,
        "explanation": list(a.explanation),
    }


def author_from(r: Record) -> EvidenceAuthor:
    """Inverse of :func:`author_record`."""
    return EvidenceAuthor(
        author=r["author"],
        rank=r["rank"],
        score=r["score"],
        categories=tuple(r["categories"]),
        conversations=tuple(r["conversations"]),
        findings=r["findings"],
        explanation=tuple(r.get("explanation", ())),
    )


def manifest_record(run: RunInfo, outputs: list[tuple[str, str]]) -> Record:
    """``manifest.json``: the only file with wall-clock times."""
    return {
        "tool": {"name": run.tool_name, "version": run.tool_version},
        "packs": [
            {"id": p.id, "version": p.version, "sha256": p.sha256} for p in run.packs
        ],
        "inputs": [
            {
                "path": i.path,
                "sha256": i.sha256,
                "format": i.format,
                "size": i.size,
                "messages": i.messages,
                "errors": i.errors,
            }
            for i in run.inputs
        ],
        "options": orjson.loads(run.options_json),
        "started": run.started,
        "finished": run.finished,
        "partial": run.partial,
        "counts": dict(run.counts),
        "problems": list(run.problems),
        "key_id": run.key_id,
        "redaction": {
            "level": run.redaction,
            "tokens": sorted(set(PLACEHOLDERS.values())),
        },
        "outputs": [{"path": p, "sha256": h} for p, h in outputs],
    }


def run_from(r: Record) -> RunInfo:
    """Inverse of :func:`manifest_record` (the outputs list is not part of it)."""
    return RunInfo(
        tool_name=r["tool"]["name"],
        tool_version=r["tool"]["version"],
        packs=tuple(PackRef(p["id"], p["version"], p["sha256"]) for p in r["packs"]),
        inputs=tuple(
            InputRef(
                i["path"],
                i["sha256"],
                i["format"],
                i.get("size", 0),
                i["messages"],
                i["errors"],
            )
            for i in r["inputs"]
        ),
        options_json=orjson.dumps(r["options"], option=orjson.OPT_SORT_KEYS).decode(),
        started=r["started"],
        finished=r["finished"],
        partial=r["partial"],
        counts=tuple((k, int(v)) for k, v in r["counts"].items()),
        problems=tuple(r["problems"]),
        key_id=r["key_id"],
        redaction=r.get("redaction", {}).get("level", "standard"),
    )


def report_records(
    report: EvidenceReport,
) -> tuple[list[Record], list[Record], list[Record]]:
    """Conversation, finding and author records, in output order."""
    return (
        [conversation_record(c) for c in report.conversations],
        [finding_record(f) for f in report.findings],
        [author_record(a) for a in report.authors],
    )
