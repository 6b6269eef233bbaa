"""report.md and report.html: self-contained, escaped, complete."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report.html import render_html
from cocoscan.report.markdown import render_markdown


def test_html_is_self_contained(out_dir: Path) -> None:
    page = (out_dir / "report.html").read_text()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # no external resources: no src/href to another origin, no @import, no fetch
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page)
    assert (
        "@import" not in page and "fetch(" not in page and "XMLHttpRequest" not in page
    )
    assert "http://" not in page and "https://" not in page


def test_html_has_every_flagged_conversation_and_finding(
    out_dir: Path, evidence: EvidenceReport
) -> None:
    page = (out_dir / "report.html").read_text()
    assert page.count('<article class="conv"') == 2
    assert page.count('<div class="finding') == len(evidence.findings)
    for f in evidence.findings:
        assert f'id="f-{f.id}"' in page
    assert "Partial scan" in page


def test_chat_text_is_escaped(evidence: EvidenceReport) -> None:
    f = evidence.findings[0]
    hostile = replace(
        f, excerpt="<script>alert(1)</script> **x** | y", highlight=(0, 8)
    )
    ev = replace(evidence, findings=(hostile, *evidence.findings[1:]))
    page = render_html(ev).decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page
    md = render_markdown(ev).decode()
    assert "<script>" not in md and "\\*\\*x\\*\\*" in md and "\\|" in md


def test_markdown_marks_the_indicator(out_dir: Path) -> None:
    md = (out_dir / "report.md").read_text()
    assert "**dis rien à tes parents**" in md
    assert "## Summary" in md and "| grooming | 1 | 2 | 1 | 0 | 0 | 4 |" in md
