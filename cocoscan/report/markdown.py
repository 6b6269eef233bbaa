"""``report.md``: ranked conversations and their evidence, for tickets and mail.

Rendered from evidence only; every chat-derived string is escaped so that a
message cannot inject Markdown or HTML into the ticket it is pasted into.
"""

from __future__ import annotations

import re

from cocoscan.redact.evidence import EvidenceFinding, EvidenceReport
from cocoscan.report.summary import SEVERITIES, by_category_severity, flagged, grouped

_ESCAPE = {c: "\\" + c for c in "\\`*_[]<>|~"}
_SPACE = re.compile(r"\s+")


def esc(text: str) -> str:
    """Escape inline Markdown/HTML syntax and flatten newlines."""
    flat = _SPACE.sub(" ", text)
    return "".join(_ESCAPE.get(ch, ch) for ch in flat)


def _excerpt(f: EvidenceFinding) -> str:
    start, end = f.highlight
    phrase = f.excerpt[start:end]
    lead = phrase[: len(phrase) - len(phrase.lstrip())]
    trail = phrase[len(phrase.rstrip()) :]
    bold = f"**{esc(phrase.strip())}**" if phrase.strip() else ""
    return esc(f.excerpt[:start] + lead) + bold + esc(trail + f.excerpt[end:])


def _finding(f: EvidenceFinding) -> list[str]:
    where = f"{esc(f.source.path)}"
    if f.source.line is not None:
        where += f":{f.source.line}"
    lines = [
        f"#### `{f.rule}` — {f.category}, {f.severity}, score {f.score:.2f}",
        "",
        f"- message {esc(f.message)} by {f.author or 'system'}"
        f" at {f.timestamp or 'unknown time'}",
        f"- source {where}, byte {f.source.byte_offset}, span {f.span[0]}–{f.span[1]},"
        f" sha256 `{f.source.sha256[:16]}…`",
        f"- finding id `{f.id}`",
    ]
    if f.suppressed:
        lines.append(f"- suppressed: {esc(f.suppressed)}")
    if f.explanation:
        lines.append("- why: " + "; ".join(esc(e) for e in f.explanation))
    lines.append("")
    before = [c for c in f.context if c.position == "before"]
    after = [c for c in f.context if c.position == "after"]
    for c in before:
        lines.append(f"> {c.timestamp or ''} {c.author or 'system'}: {esc(c.text)}  ")
    lines.append(f"> **→** {f.timestamp or ''} {f.author or 'system'}: {_excerpt(f)}  ")
    for c in after:
        lines.append(f"> {c.timestamp or ''} {c.author or 'system'}: {esc(c.text)}  ")
    lines.append("")
    return lines


def render_markdown(report: EvidenceReport) -> bytes:
    """``report.md`` bytes."""
    run = report.run
    out = [
        "# cocoscan report",
        "",
        f"{run.tool_name} {run.tool_version}, redaction `{run.redaction}`,"
        f" key id `{run.key_id}`."
        f" {len(report.conversations)} conversations, {flagged(report)} flagged,"
        f" {len(report.findings)} findings.",
        "",
        "Authors appear as keyed pseudonyms (`P-…`); contact details as placeholders"
        " (`[PHONE]`, `[EMAIL]`, …). Bold text is the indicator phrase that fired.",
        "",
    ]
    if run.partial:
        out += ["**Partial scan**: some inputs could not be read.", ""]
        out += [f"- {esc(p)}" for p in run.problems] + [""]
    table = by_category_severity(report)
    out += ["## Summary", ""]
    if table:
        out.append("| category | " + " | ".join(SEVERITIES) + " | total |")
        out.append("|---|" + "---:|" * (len(SEVERITIES) + 1))
        for cat, counts in table.items():
            cells = " | ".join(str(counts.get(s, 0)) for s in SEVERITIES)
            out.append(f"| {cat} | {cells} | {sum(counts.values())} |")
    else:
        out.append("No findings.")
    out += ["", "## Ranked conversations", ""]
    out.append("| rank | conversation | score | severity | categories | findings |")
    out.append("|---:|---|---:|---|---|---:|")
    for c in report.conversations:
        if c.score <= 0 and not c.findings:
            continue
        out.append(
            f"| {c.rank} | {esc(c.conversation)} | {c.score:.2f} | {c.severity or '-'}"
            f" | {', '.join(c.categories) or '-'} | {c.findings} |"
        )
    groups = grouped(report)
    for c in report.conversations:
        findings = groups.get(c.conversation, [])
        if not findings:
            continue
        out += [
            "",
            f"## {c.rank}. {esc(c.conversation)}",
            "",
            f"Score {c.score:.2f}, severity {c.severity or '-'};"
            f" categories {', '.join(c.categories) or '-'};"
            f" signals {', '.join(c.signals) or '-'}.",
            f"Participants: {', '.join(c.authors) or '-'}. {c.messages} messages"
            f" from {c.first_seen or '?'} to {c.last_seen or '?'}.",
            "",
        ]
        if c.explanation:
            out += [f"- {esc(e)}" for e in c.explanation] + [""]
        out += ["### Timeline", ""]
        for f in findings:
            out.append(
                f"- {f.timestamp or '?'} — {f.author or 'system'} — `{f.rule}`"
                f" ({f.severity})" + (" — suppressed" if f.suppressed else "")
            )
        out += ["", "### Findings", ""]
        for f in findings:
            out += _finding(f)
    out += ["## Inputs", ""]
    for i in run.inputs:
        out.append(
            f"- {esc(i.path)} — {i.format}, {i.messages} messages, {i.errors} errors,"
            f" sha256 `{i.sha256}`"
        )
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")
