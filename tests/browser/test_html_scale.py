"""report.html with 10,000 findings: size and render time (printed, never asserted).

Run with ``pytest tests/browser/test_html_scale.py -m slow -s``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from cocofactory import Conv, Spec, build_result
from test_report_html import ARGS, CHROMIUM

from cocoscan.model import Severity
from cocoscan.redact import redact_result
from cocoscan.report import write_outputs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CATS = ("grooming", "prostitution", "ambush", "sextortion", "hate", "laundering")


def big_result(conversations: int = 1000, per: int = 10) -> Any:
    convs = []
    for n in range(conversations):
        messages = [
            (
                f"user{n % 97}",
                f"message {i} de la conversation, ajoute moi sur snap: u{n}x{i}",
            )
            for i in range(per + 4)
        ]
        convs.append(
            Conv(
                id=f"conv-{n:05d}",
                path=f"exports/part-{n % 10}.jsonl",
                score=round(1 - n / (conversations + 1), 4),
                severity=list(Severity)[n % 5],
                messages=messages,
                findings=[
                    Spec(
                        i + 2,
                        "ajoute moi",
                        f"{CATS[(n + i) % 6]}.rule.{i % 4}",
                        CATS[(n + i) % 6],
                        list(Severity)[(n + i) % 5],
                        (),
                        0.5,
                    )
                    for i in range(per)
                ],
            )
        )
    return build_result(convs)


def test_ten_thousand_findings(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("measurement only: run with -m slow -s")
    t0 = time.perf_counter()
    result = big_result()
    t1 = time.perf_counter()
    evidence = redact_result(result, key=b"k" * 32, key_id="0a1b2c3d")
    t2 = time.perf_counter()
    write_outputs(evidence, str(tmp_path / "out"))
    t3 = time.perf_counter()
    html = tmp_path / "out" / "report.html"
    assert len(evidence.findings) == 10_000
    print(
        f"\n10,000 findings: build {t1 - t0:.2f}s, redact {t2 - t1:.2f}s, write all "
        f"formats {t3 - t2:.2f}s; report.html {html.stat().st_size / 1e6:.1f} MB"
    )
    if not CHROMIUM.exists():
        pytest.skip("no Debian chromium at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load", timeout=120_000)
        loaded = time.perf_counter() - start
        nav = page.evaluate(
            "JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON())"
        )
        start = time.perf_counter()
        page.select_option("select[name=category]", "hate")
        filtered = time.perf_counter() - start
        status = page.locator("#status").get_attribute("data-conversations")
        print(f"chromium: load {loaded:.2f}s, filter {filtered:.2f}s; status {status}")
        print(f"navigation timing: {nav[:300]}")
        browser.close()
    assert status is not None and int(status) > 0
