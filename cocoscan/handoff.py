"""``cocoscan handoff``: what a report to authorities or a platform needs.

One conversation of an output folder becomes a short, neutral document:
dates, platform/format, pseudonymised parties, categories, the redacted
evidence excerpts with their provenance, the input hashes, and the
reporting bodies a reader may turn to. It states what cocoscan observed
(indicator phrases matched by named rules), never a conclusion about guilt.
Built from the output folder only: no rescan, no raw text.
"""

from __future__ import annotations

from typing import Any

import orjson

from cocoscan.errors import ConfigError
from cocoscan.redact.evidence import EvidenceConversation, EvidenceReport

#: Reporting options, listed for the reader to choose from (France first,
#: then international); cocoscan contacts nobody itself.
REPORTING_BODIES: tuple[dict[str, str], ...] = (
    {
        "name": "Pharos",
        "scope": "France: illegal online content (child sexual exploitation, hate, "
        "procuring), reported to the national police platform",
        "contact": "internet-signalement.gouv.fr",
    },
    {
        "name": "3018",
        "scope": "France: cyber-harassment, sextortion and online violence against "
        "young people (e-Enfance helpline and reporting service)",
        "contact": "phone 3018, 3018.fr",
    },
    {
        "name": "119 – Allô Enfance en Danger",
        "scope": "France: a child at risk or in danger "
        "(national child-protection line)",
        "contact": "phone 119, allo119.gouv.fr",
    },
    {
        "name": "NCMEC CyberTipline",
        "scope": "United States and platforms subject to US law: online child "
        "sexual exploitation",
        "contact": "report.cybertip.org",
    },
    {
        "name": "Emergency services",
        "scope": "Immediate danger to a person",
        "contact": "17 or 112 (France / EU), 911 (US)",
    },
)

NOTICE = (
    "This document lists indicator phrases that cocoscan's rules matched in a chat "
    "export. A match is a reason for human review, not proof of an offence. Names, "
    "contact details and handles are replaced by pseudonyms (P-…) or placeholders "
    "([PHONE], [EMAIL], …); the holder of the case key can re-identify pseudonyms "
    "for an authorised recipient (cocoscan key reveal). The input SHA-256 hashes let "
    "the recipient check that the evidence comes from the same files."
)


def find_conversation(report: EvidenceReport, wanted: str) -> EvidenceConversation:
    """By exact id, else by rank (``3`` or ``#3``)."""
    for conv in report.conversations:
        if conv.conversation == wanted:
            return conv
    rank = wanted.lstrip("#")
    if rank.isdigit():
        for conv in report.conversations:
            if conv.rank == int(rank):
                return conv
    raise ConfigError(
        "no such conversation in this output (give its id from "
        "conversations.jsonl or its rank)",
        location=wanted if len(wanted) < 80 else wanted[:77] + "...",
    )


def build_handoff(report: EvidenceReport, wanted: str) -> dict[str, Any]:
    """The handoff record of one conversation (JSON-ready)."""
    conv = find_conversation(report, wanted)
    findings = report.findings_of(conv.conversation)
    inputs = {i.sha256: i for i in report.run.inputs}
    used = sorted({f.source.sha256 for f in findings})
    platforms = sorted({inputs[s].format for s in used if s in inputs})
    flagged_authors = sorted({f.author for f in findings if f.author})
    return {
        "title": f"Chat-log evidence summary: conversation {conv.conversation}",
        "notice": NOTICE,
        "tool": {"name": report.run.tool_name, "version": report.run.tool_version},
        "key_id": report.run.key_id,
        "redaction": report.run.redaction,
        "conversation": conv.conversation,
        "rank": conv.rank,
        "score": conv.score,
        "severity": conv.severity,
        "categories": list(conv.categories),
        "signals": list(conv.signals),
        "period": {"first_seen": conv.first_seen, "last_seen": conv.last_seen},
        "platform": platforms,
        "messages": conv.messages,
        "parties": [
            {
                "pseudonym": a,
                "role": "author of flagged messages"
                if a in flagged_authors
                else "participant",
            }
            for a in conv.authors
        ],
        "evidence": [
            {
                "finding": f.id,
                "timestamp": f.timestamp,
                "author": f.author,
                "category": f.category,
                "rule": f.rule,
                "severity": f.severity,
                "excerpt": f.excerpt,
                "context": [
                    {
                        "position": c.position,
                        "author": c.author,
                        "timestamp": c.timestamp,
                        "text": c.text,
                    }
                    for c in f.context
                ],
                "source": {
                    "path": f.source.path,
                    "sha256": f.source.sha256,
                    "line": f.source.line,
                    "byte_offset": f.source.byte_offset,
                    "message": f.message,
                },
                "suppressed": f.suppressed,
            }
            for f in findings
        ],
        "inputs": [
            {
                "path": inputs[s].path,
                "sha256": s,
                "format": inputs[s].format,
                "size": inputs[s].size,
            }
            for s in used
            if s in inputs
        ],
        "reporting_options": [dict(b) for b in REPORTING_BODIES],
    }


def render_json(handoff: dict[str, Any]) -> str:
    """JSON text of a handoff."""
    return orjson.dumps(handoff, option=orjson.OPT_INDENT_2).decode() + "\n"


def _md(text: object) -> str:
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in "\\`*_[]<>|~" else ch for ch in flat)


def render_markdown(handoff: dict[str, Any]) -> str:
    """Markdown text of a handoff, for a ticket, a mail or a form."""
    h = handoff
    period = h["period"]
    out = [
        f"# {_md(h['title'])}",
        "",
        _md(h["notice"]),
        "",
        "## Summary",
        "",
        f"- Conversation: {_md(h['conversation'])} (rank {h['rank']} in this scan)",
        f"- Categories: {', '.join(h['categories']) or 'none'};"
        f" severity {h['severity'] or 'none'}; score {h['score']:.2f}",
        f"- Signals observed: {', '.join(h['signals']) or 'none'}",
        f"- Period: {period['first_seen'] or 'unknown'} to "
        f"{period['last_seen'] or 'unknown'}; {h['messages']} messages",
        f"- Platform / export format: {', '.join(h['platform']) or 'unknown'}",
        f"- Produced by {h['tool']['name']} {h['tool']['version']}, redaction "
        f"{h['redaction']}, case key id {h['key_id']}",
        "",
        "## Parties (pseudonymised)",
        "",
    ]
    out += [f"- {p['pseudonym']}: {p['role']}" for p in h["parties"]] or ["- none"]
    out += ["", "## Evidence", ""]
    for n, ev in enumerate(h["evidence"], start=1):
        src = ev["source"]
        line = f", line {src['line']}" if src["line"] is not None else ""
        out += [
            f"### {n}. {ev['timestamp'] or 'time unknown'} — {ev['category']}"
            f" ({ev['severity']})",
            "",
            f"Rule `{ev['rule']}`, author {ev['author'] or 'unknown'}."
            + (f" Reviewed as: {_md(ev['suppressed'])}." if ev["suppressed"] else ""),
            "",
        ]
        for c in ev["context"]:
            if c["position"] == "before":
                out.append(f"> {c['author'] or 'system'}: {_md(c['text'])}  ")
        out.append(f"> **{ev['author'] or 'system'}: {_md(ev['excerpt'])}**  ")
        for c in ev["context"]:
            if c["position"] == "after":
                out.append(f"> {c['author'] or 'system'}: {_md(c['text'])}  ")
        out += [
            "",
            f"Source: {_md(src['path'])}{line}, byte offset {src['byte_offset']}, "
            f"message {_md(src['message'])}, input sha256 `{src['sha256']}`; "
            f"finding id `{ev['finding']}`.",
            "",
        ]
    out += ["## Inputs", ""]
    out += [
        f"- {_md(i['path'])}: {i['format']}, {i['size']} bytes, sha256 `{i['sha256']}`"
        for i in h["inputs"]
    ] or ["- none"]
    out += ["", "## Where this can be reported (options)", ""]
    out += [
        f"- **{_md(b['name'])}**: {_md(b['scope'])}. {_md(b['contact'])}."
        for b in h["reporting_options"]
    ]
    return "\n".join(out) + "\n"


__all__ = [
    "REPORTING_BODIES",
    "build_handoff",
    "find_conversation",
    "render_json",
    "render_markdown",
]
