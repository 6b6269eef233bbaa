"""``findings.sarif``: SARIF 2.1.0 for tools that read it (CI, viewers).

Written from evidence only: ``snippet.text`` is the *redacted* excerpt,
``message.text`` names rule and location, never chat text. Positions are in
Unicode code points (``columnKind``); the record's byte offset and line
point into the input, whose SHA-256 is in ``artifacts``. A partial scan
sets ``executionSuccessful`` false with one notification per problem.
Uploading SARIF built from seized evidence to a hosted service puts victim
metadata on a third party: upload is for CI over synthetic samples.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from cocoscan.redact.evidence import EvidenceFinding, EvidenceReport
from cocoscan.redact.operators import PLACEHOLDERS

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: GitHub's limit per run; beyond it the highest-ranked results are kept.
MAX_RESULTS = 25_000

_LEVEL = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "informational": "note",
}
_PRECISION = {"high": "high", "medium": "medium", "low": "low"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:@-._~")


def _rules(findings: tuple[EvidenceFinding, ...]) -> list[dict[str, Any]]:
    first: dict[str, EvidenceFinding] = {}
    signals: dict[str, set[str]] = {}
    for f in findings:
        first.setdefault(f.rule, f)
        signals.setdefault(f.rule, set()).update(f.signals)
    rules = []
    for rule_id in sorted(first):
        f = first[rule_id]
        text = f"{f.category} indicator ({rule_id})"
        rules.append(
            {
                "id": rule_id,
                "name": rule_id,
                "shortDescription": {"text": text},
                "fullDescription": {
                    "text": f"cocoscan rule {rule_id}, category {f.category}, "
                    f"severity {f.severity}."
                },
                "help": {
                    "text": f"See the pack documentation of {rule_id}.",
                    "markdown": f"See the pack documentation of `{rule_id}`.",
                },
                "defaultConfiguration": {"level": _LEVEL.get(f.severity, "note")},
                "properties": {
                    "tags": [f.category, *sorted(signals[rule_id])][:20],
                    "precision": _PRECISION.get(f.confidence, "medium"),
                    "problem.severity": _LEVEL.get(f.severity, "note"),
                },
            }
        )
    return rules


def _result(
    f: EvidenceFinding, rule_index: int, artifact: int | None, conv_rank: int
) -> dict[str, Any]:
    region: dict[str, Any] = {"byteOffset": f.source.byte_offset}
    if f.source.line is not None:
        region["startLine"] = f.source.line
    region["snippet"] = {"text": f.excerpt}
    artifact_location: dict[str, Any] = {"uri": _uri(f.source.path)}
    if artifact is not None:
        artifact_location["index"] = artifact
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(f.severity, "note"),
        "message": {
            "text": f"{f.category} indicator ({f.rule}, {f.severity}) in conversation "
            f"{f.conversation}, message {f.message}"
        },
        "rank": round(f.score * 100, 1),
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location,
                    "region": region,
                },
                "logicalLocations": [
                    {
                        "name": f.message,
                        "fullyQualifiedName": f"{f.conversation}/{f.message}",
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {
            "primaryLocationLineHash": f"{f.id[:16]}:1",
            "cocoscan/v1": f.id,
        },
        "properties": {
            "conversation": f.conversation,
            "conversationRank": conv_rank,
            "author": f.author,
            "timestamp": f.timestamp,
            "category": f.category,
            "signals": list(f.signals),
            "score": f.score,
            "span": list(f.span),
            "highlight": list(f.highlight),
            "inputSha256": f.source.sha256,
        },
    }
    if f.suppressed is not None:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": f.suppressed}
        ]
    return result


def render_sarif(report: EvidenceReport) -> bytes:
    """``findings.sarif`` bytes (one run)."""
    run = report.run
    rules = _rules(report.findings)
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts = []
    artifact_index: dict[str, int] = {}
    for i, inp in enumerate(run.inputs):
        artifact_index.setdefault(inp.sha256, i)
        artifacts.append(
            {
                "location": {"uri": _uri(inp.path)},
                "length": inp.size,
                "hashes": {"sha-256": inp.sha256},
                "properties": {"format": inp.format, "messages": inp.messages},
            }
        )
    ranks = {c.conversation: c.rank for c in report.conversations}
    kept = report.findings[:MAX_RESULTS]
    results = [
        _result(
            f,
            rule_index[f.rule],
            artifact_index.get(f.source.sha256),
            ranks.get(f.conversation, 0),
        )
        for f in kept
    ]
    notes = [
        {"level": "error", "message": {"text": problem}} for problem in run.problems
    ]
    if len(report.findings) > MAX_RESULTS:
        notes.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{len(report.findings)} findings; only the "
                    f"{MAX_RESULTS} highest-ranked are in this file "
                    "(see findings.jsonl for all)"
                },
            }
        )
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": run.tool_name,
                        "semanticVersion": run.tool_version,
                        "version": run.tool_version,
                        "rules": rules,
                        "properties": {
                            "packs": [
                                {"id": p.id, "version": p.version, "sha256": p.sha256}
                                for p in run.packs
                            ],
                        },
                    }
                },
                "automationDetails": {"id": "cocoscan/"},
                "invocations": [
                    {
                        "executionSuccessful": not run.partial,
                        "toolExecutionNotifications": notes,
                    }
                ],
                "artifacts": artifacts,
                "columnKind": "unicodeCodePoints",
                "redactionTokens": sorted(set(PLACEHOLDERS.values())),
                "results": results,
                "properties": {"keyId": run.key_id, "redaction": run.redaction},
            }
        ],
    }
    return orjson.dumps(sarif, option=orjson.OPT_INDENT_2) + b"\n"
