"""``report.html``: one self-contained, offline page to triage from.

Rendered on the server side from evidence only (the page is complete and
printable without JavaScript); a small inline script filters and sorts by
category, severity and author using data attributes. A Content Security
Policy forbids every network request. Every chat-derived string goes through
:func:`html.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from cocoscan.redact.evidence import (
    ContextLine,
    EvidenceConversation,
    EvidenceFinding,
    EvidenceReport,
)
from cocoscan.report.html_assets import CSS, JS
from cocoscan.report.summary import SEVERITIES, by_category_severity, grouped

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def e(text: object) -> str:
    """Escape for element content and attribute values."""
    return escape(str(text), quote=True)


_ZONE = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")


def when(ts: str | None, missing: str = "?") -> str:
    """A ``<time>`` element: short text to read, full ISO 8601 in datetime."""
    if not ts:
        return f'<span class="muted">{missing}</span>' if missing else ""
    short = ts[:16].replace("T", " ")
    match = _ZONE.search(ts)
    zone = match.group() if match else ""
    label = short + (" UTC" if zone in ("+00:00", "Z") else f" {zone}" if zone else "")
    return f'<time datetime="{e(ts)}">{e(label)}</time>'


def _sev(level: str | None) -> str:
    if not level:
        return '<span class="muted">–</span>'
    return f'<span class="sev sev-{e(level)}">{e(level)}</span>'


def _options(values: Iterable[str], label: str) -> str:
    items = [f'<option value="">{e(label)}</option>']
    items += [f'<option value="{e(v)}">{e(v)}</option>' for v in values]
    return "".join(items)


def _filters(report: EvidenceReport, shown: list[EvidenceConversation]) -> str:
    cats = sorted({c for conv in shown for c in conv.categories})
    authors = sorted({a for conv in shown for a in conv.authors})
    sev_opts = '<option value="">any</option>' + "".join(
        f'<option value="{s}">{s} and above</option>' for s in SEVERITIES
    )
    sorts = (
        ("rank:1", "rank"),
        ("score:-1", "score (high first)"),
        ("severity:-1", "severity (high first)"),
        ("findings:-1", "findings (most first)"),
        ("last:-1", "last seen (recent first)"),
    )
    sort_opts = "".join(f'<option value="{v}">{e(t)}</option>' for v, t in sorts)
    return f"""<nav class="filters noprint" aria-label="Filters and sort">
<form id="filters" role="search">
<label>Category<select name="category">{_options(cats, "all")}</select></label>
<label>Severity<select name="severity">{sev_opts}</select></label>
<label>Author<select name="author">{_options(authors, "anyone")}</select></label>
<label>Sort by<select name="sort">{sort_opts}</select></label>
<label><span>Suppressed</span><span><input type="checkbox" name="suppressed" checked>
 show</span></label>
<button type="button" id="reset-filters">Reset</button>
</form>
<p id="status" role="status" aria-live="polite">Showing {len(shown)} of {len(shown)}
 conversations, {sum(1 for _ in report.findings)} findings</p>
</nav>"""


def _summary(report: EvidenceReport) -> str:
    table = by_category_severity(report)
    if not table:
        return (
            '<section class="block" id="summary"><h2>Summary</h2><p>No findings.</p>'
            "</section>"
        )
    head = "".join(f'<th class="num" scope="col">{s}</th>' for s in SEVERITIES)
    body = []
    for cat, counts in table.items():
        cells = "".join(f'<td class="num">{counts.get(s, 0)}</td>' for s in SEVERITIES)
        body.append(
            f'<tr><th scope="row">{e(cat)}</th>{cells}'
            f'<td class="num">{sum(counts.values())}</td></tr>'
        )
    return (
        '<section class="block" id="summary"><h2>Summary by category and severity</h2>'
        f'<table><thead><tr><th scope="col">category</th>{head}'
        f'<th class="num" scope="col">total</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></section>"
    )


def _conv_row(c: EvidenceConversation) -> str:
    return (
        f'<tr data-rank="{c.rank}" data-score="{c.score}" '
        f'data-severity="{e(c.severity or "")}" data-findings="{c.findings}" '
        f'data-last="{e(c.last_seen or "")}" data-conversation="{e(c.conversation)}" '
        f'data-categories="{e(" ".join(c.categories))}" '
        f'data-authors="{e(" ".join(c.authors))}">'
        f'<td class="num">{c.rank}</td>'
        f'<td><a href="#c{c.rank}">{e(c.conversation)}</a></td>'
        f'<td class="num">{c.score:.2f}</td><td>{_sev(c.severity)}</td>'
        f"<td>{e(', '.join(c.categories)) or '–'}</td>"
        f'<td class="num">{c.findings}</td><td class="num">{c.messages}</td>'
        f"<td>{when(c.last_seen, '–')}</td></tr>"
    )


def _conv_table(shown: list[EvidenceConversation], hidden: int) -> str:
    cols = (
        ("rank", "rank", True),
        ("conversation", "conversation", False),
        ("score", "score", True),
        ("severity", "severity", False),
        ("", "categories", False),
        ("findings", "findings", True),
        ("", "messages", True),
        ("last", "last seen", False),
    )
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>'
        + (
            f'<button type="button" data-sort="{key}">{label}</button>'
            if key
            else label
        )
        + "</th>"
        for key, label, num in cols
    )
    noun = "conversation" if hidden == 1 else "conversations"
    note = (
        f'<p class="muted">{hidden} {noun} without findings not listed.</p>'
        if hidden
        else ""
    )
    rows = "".join(_conv_row(c) for c in shown)
    return (
        '<section class="block" id="ranked"><h2>Ranked conversations</h2>'
        f'<table id="conv-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>{note}</section>"
    )


def _chat_line(c: ContextLine) -> str:
    return (
        f'<li><span class="who">{when(c.timestamp, "")} '
        f"{e(c.author or 'system')}</span>{e(c.text)}</li>"
    )


def _finding(f: EvidenceFinding) -> str:
    start, end = f.highlight
    excerpt = (
        e(f.excerpt[:start])
        + "<mark>"
        + e(f.excerpt[start:end])
        + "</mark>"
        + e(f.excerpt[end:])
    )
    before = "".join(_chat_line(c) for c in f.context if c.position == "before")
    after = "".join(_chat_line(c) for c in f.context if c.position == "after")
    line = f":{f.source.line}" if f.source.line is not None else ""
    member = f" ({e(f.source.member)})" if f.source.member else ""
    why = "; ".join(f.explanation)
    sup = f.suppressed is not None
    return (
        f'<div class="finding{" suppressed" if sup else ""}" id="f-{e(f.id)}" '
        f'data-category="{e(f.category)}" data-severity="{e(f.severity)}" '
        f'data-author="{e(f.author or "")}" data-suppressed="{1 if sup else 0}">'
        f"<h4>{_sev(f.severity)} <code>{e(f.rule)}</code> · {e(f.category)} · "
        f"score {f.score:.2f}</h4>"
        + (f"<p><strong>Suppressed:</strong> {e(f.suppressed)}</p>" if sup else "")
        + f'<ol class="chat">{before}<li class="hit">'
        f'<span class="who">{when(f.timestamp, "")} {e(f.author or "system")}</span>'
        f"{excerpt}</li>{after}</ol>"
        + (f"<p><strong>Why:</strong> {e(why)}</p>" if why else "")
        + f'<p class="prov">{e(f.source.path)}{line}{member} · byte '
        f"{f.source.byte_offset} · span {f.span[0]}–{f.span[1]} · message "
        f"{e(f.message)} · sha256 {e(f.source.sha256)} · id {e(f.id)}</p></div>"
    )


def _timeline(findings: list[EvidenceFinding]) -> str:
    items = "".join(
        f'<li data-finding="1" data-category="{e(f.category)}" '
        f'data-severity="{e(f.severity)}" data-author="{e(f.author or "")}" '
        f'data-suppressed="{1 if f.suppressed else 0}">'
        f"{when(f.timestamp)} · {e(f.author or 'system')} · "
        f'<a href="#f-{e(f.id)}">{e(f.rule)}</a> {_sev(f.severity)}</li>'
        for f in findings
    )
    return f'<ol class="timeline" aria-label="Timeline">{items}</ol>'


def _article(c: EvidenceConversation, findings: list[EvidenceFinding]) -> str:
    expl = "".join(f"<li>{e(x)}</li>" for x in c.explanation)
    return (
        f'<article class="conv" id="c{c.rank}" data-rank="{c.rank}" '
        f'aria-labelledby="h{c.rank}">'
        f'<h3 id="h{c.rank}">#{c.rank} {e(c.conversation)} {_sev(c.severity)}</h3>'
        f'<p class="meta">score {c.score:.2f} · {e(", ".join(c.categories)) or "–"}'
        f" · signals {e(', '.join(c.signals)) or '–'} · {c.messages} messages · "
        f"{when(c.first_seen)} → {when(c.last_seen)} · participants "
        f"{e(', '.join(c.authors)) or '–'}</p>"
        + (f"<ul>{expl}</ul>" if expl else "")
        + "<details open><summary>Timeline</summary>"
        + _timeline(findings)
        + "</details>"
        + "".join(_finding(f) for f in findings)
        + "</article>"
    )


def _inputs(report: EvidenceReport) -> str:
    rows = "".join(
        f"<tr><td>{e(i.path)}</td><td>{e(i.format)}</td><td class=num>{i.messages}</td>"
        f"<td class=num>{i.errors}</td><td><code>{e(i.sha256)}</code></td></tr>"
        for i in report.run.inputs
    )
    packs = ", ".join(f"{p.id} {p.version}" for p in report.run.packs) or "–"
    return (
        '<section class="block" id="inputs"><h2>Inputs</h2><table><thead><tr>'
        '<th scope="col">path</th><th scope="col">format</th>'
        '<th class="num" scope="col">messages</th><th class="num" scope="col">errors'
        '</th><th scope="col">sha256</th></tr></thead>'
        f"<tbody>{rows}</tbody></table><p class=muted>Packs: {e(packs)}. "
        "Times and output hashes are in manifest.json.</p></section>"
    )


def render_html(report: EvidenceReport) -> bytes:
    """``report.html`` bytes: deterministic, no wall-clock time."""
    run = report.run
    shown = [c for c in report.conversations if c.score > 0 or c.findings]
    groups = grouped(report)
    banner = ""
    if run.partial:
        items = "".join(f"<li>{e(p)}</li>" for p in run.problems)
        banner = (
            '<div class="banner" role="alert"><strong>Partial scan:</strong> some '
            f"inputs could not be read.<ul>{items}</ul></div>"
        )
    articles = "".join(
        _article(c, groups.get(c.conversation, []))
        for c in shown
        if groups.get(c.conversation)
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>cocoscan report</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#details">Skip to findings</a>
<header>
<h1>cocoscan report</h1>
<p class="meta">{e(run.tool_name)} {e(run.tool_version)} · redaction {e(run.redaction)}
 · key id {e(run.key_id)} · {len(report.conversations)} conversations ·
 {len(shown)} flagged · {len(report.findings)} findings</p>
<p class="meta">Authors are keyed pseudonyms (P-…); contact details are placeholders
 ([PHONE], [EMAIL], …). Highlighted text is the indicator phrase that fired.</p>
{banner}
</header>
{_filters(report, shown)}
{_summary(report)}
{_conv_table(shown, len(report.conversations) - len(shown))}
<main id="details" tabindex="-1">
<h2>Findings in context</h2>
{articles or "<p>No findings.</p>"}
</main>
{_inputs(report)}
<script>{JS}</script>
</body>
</html>
"""
    return page.encode("utf-8")
