"""report.html in a real headless Chromium: offline, filters, counts, screenshot.

Needs Debian's chromium at /usr/bin/chromium (installed by .ci/run) and
Playwright's Python package; skipped with a reason otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cocofactory import Conv, Spec, build_result, scenario

from cocoscan.model import Severity
from cocoscan.redact import redact_result
from cocoscan.report import write_outputs

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no Debian chromium at /usr/bin/chromium (.ci/run installs it)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _result() -> Any:
    """The standard scenario plus a few more conversations for filtering."""
    base = scenario()
    extra = build_result(
        [
            Conv(
                id=f"room-{n}",
                path="exports/more.jsonl",
                score=0.3 + n / 20,
                severity=sev,
                messages=[("Bob", "tu fais quoi ce soir"), ("Eve", phrase)],
                findings=[Spec(1, phrase, rule, cat, sev, (), 0.4)],
            )
            for n, (phrase, rule, cat, sev) in enumerate(
                [
                    ("viens seule", "ambush.lure.come-alone", "ambush", Severity.HIGH),
                    (
                        "tarif la nuit",
                        "prostitution.rates.night",
                        "prostitution",
                        Severity.MEDIUM,
                    ),
                    (
                        "prête ton compte",
                        "laundering.mule.lend-account",
                        "laundering",
                        Severity.LOW,
                    ),
                ]
            )
        ]
    )
    offset = len(base.conversations)
    base.conversations += [
        type(c)(**{**{f: getattr(c, f) for f in c.__slots__}, "rank": c.rank + offset})
        for c in extra.conversations
    ]
    base.inputs += extra.inputs
    return base


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "out"
    write_outputs(redact_result(_result(), key=b"k" * 32, key_id="0a1b2c3d"), str(out))
    return out


def conversations(out: Path) -> list[dict[str, Any]]:
    rows = [
        json.loads(x) for x in (out / "conversations.jsonl").read_text().splitlines()
    ]
    return [r for r in rows if r["score"] > 0 or r["findings"]]


def visible(page: Any, selector: str) -> int:
    return int(
        page.evaluate(
            f"[...document.querySelectorAll({selector!r})].filter(e => !e.hidden "
            "&& !e.closest('[hidden]')).length"
        )
    )


def test_report_in_chromium(browser: Any, report_dir: Path, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((report_dir / "report.html").as_uri())
    rows = conversations(report_dir)
    findings = sum(r["findings"] for r in rows)

    status = page.locator("#status")
    assert status.get_attribute("data-conversations") == str(len(rows))
    assert status.get_attribute("data-findings") == str(findings)
    assert visible(page, "#conv-table tbody tr") == len(rows)

    for category in ("grooming", "laundering", "ambush"):
        page.select_option("select[name=category]", category)
        want = [r for r in rows if category in r["categories"]]
        assert visible(page, "#conv-table tbody tr") == len(want), category
        assert visible(page, "article.conv") == len(want)
        assert status.get_attribute("data-conversations") == str(len(want))
        shown = visible(page, ".finding")
        assert 0 < shown <= sum(r["findings"] for r in want)
    page.select_option("select[name=category]", "")

    page.select_option("select[name=severity]", "high")
    rank = {"informational": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
    want = [r for r in rows if r["severity"] and rank[r["severity"]] >= 3]
    assert visible(page, "#conv-table tbody tr") == len(want)
    page.select_option("select[name=severity]", "")

    author = rows[1]["authors"][0]
    page.select_option("select[name=author]", author)
    want = [r for r in rows if author in r["authors"]]
    assert visible(page, "#conv-table tbody tr") == len(want)

    page.click("#reset-filters")
    assert visible(page, "#conv-table tbody tr") == len(rows)
    page.select_option("select[name=sort]", "score:-1")
    ranks = page.eval_on_selector_all(
        "#conv-table tbody tr", "rs => rs.map(r => +r.dataset.score)"
    )
    assert ranks == sorted(ranks, reverse=True)

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert not errors, errors
    assert all(u.startswith("file://") for u in requests), requests
    page.close()


def test_keyboard_reaches_filters_and_findings(browser: Any, report_dir: Path) -> None:
    page = browser.new_page()
    page.goto((report_dir / "report.html").as_uri())
    # The first Tab reaches the skip link; the next ones reach the filters.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "category"
    page.keyboard.press("ArrowDown")  # change the category from the keyboard
    assert page.evaluate("document.activeElement.value") != ""
    assert int(page.locator("#status").get_attribute("data-conversations") or 0) >= 1
    page.close()


def test_print_layout_hides_filters(browser: Any, report_dir: Path) -> None:
    page = browser.new_page()
    page.goto((report_dir / "report.html").as_uri())
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('nav.filters')).display")
        == "none"
    )
    page.close()
