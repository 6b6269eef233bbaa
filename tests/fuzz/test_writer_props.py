"""Writers: arbitrary evidence strings give valid JSON and safe HTML."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

from cocofactory import Conv, Spec, build_result
from hypothesis import given
from hypothesis import strategies as st
from strategies import texts

from cocoscan.redact import redact_result
from cocoscan.report import WRITERS

KEY = bytes(range(32))
PHRASE = "notre secret"
#: Elements and attributes that would run or load something if evidence
#: text could create them.
DANGEROUS = frozenset(
    {
        "script",
        "img",
        "svg",
        "iframe",
        "object",
        "embed",
        "style",
        "link",
        "base",
        "form",
        "meta",
    }
)

hostile = st.one_of(
    texts,
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "</textarea><img src=x onerror=alert(1)>",
            "\"'><svg/onload=alert(1)>",
            "]]>--><!--",
            "\u2028\u2029",
            "\x00\x1b[31m",
            "{{7*7}}",
            "${jndi:x}",
            "\\u003cscript\\u003e",
            "&lt;b&gt;",
        ]
    ),
)


def result(before: str, after: str, conv_id: str, author: str):  # type: ignore[no-untyped-def]
    conv = Conv(
        id=conv_id or "c",
        path="in/chat.jsonl",
        messages=[
            (author or "a", before),
            ("b", f"{before} {PHRASE} {after}"),
            ("a", after),
        ],
        findings=[Spec(1, PHRASE, "grooming.secrecy.x", "grooming")],
        score=0.9,
    )
    return build_result([conv])


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.active: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS:
            self.active.append(tag)
        self.active.extend(name for name, _ in attrs if name.startswith("on"))


@given(hostile, hostile, hostile, hostile)
def test_writers_emit_valid_json_lines_and_escaped_html(
    before: str, after: str, conv_id: str, author: str
) -> None:
    report = redact_result(result(before, after, conv_id, author), key=KEY, key_id="k")
    baseline = _Collect()
    baseline.feed(
        WRITERS["html"][0][1](
            redact_result(result("x", "y", "c", "a"), key=KEY, key_id="k")
        ).decode("utf-8")
    )
    for files in WRITERS.values():
        for name, render in files:
            data = render(report)
            text = data.decode("utf-8")  # every writer emits valid UTF-8
            if name.endswith(".jsonl"):
                for line in data.splitlines():
                    assert isinstance(json.loads(line), dict)
                assert data == b"" or data.endswith(b"\n")
            elif name.endswith((".sarif", ".jsonld")):
                json.loads(data)
            elif name.endswith(".html"):
                parser = _Collect()
                parser.feed(text)
                # hostile strings never add an active element or handler
                assert parser.active == baseline.active
                for s in (before, after):
                    if "<" in s and len(s.strip()) > 3:
                        assert s not in text or html.escape(s) == s
