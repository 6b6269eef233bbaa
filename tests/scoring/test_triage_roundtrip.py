"""Scan -> triage -> scan --baseline through the real pipeline."""

import json
from pathlib import Path

from typer.testing import CliRunner

from cocoscan.api import run
from cocoscan.cli import app
from cocoscan.config import ScanConfig

PACK = """schema = 1
[pack]
id = "triagetest.pack"
version = "1"
title = "triage test"
description = "one hate rule"
languages = ["en"]

[[rules]]
id = "hate.slur.triage-test"
title = "Slur"
description = "a made-up slur"
category = "hate"
subcategory = "slur"
status = "test"
severity = "high"
confidence = "high"
keywords = ["blorf"]
[rules.match]
any = [ { literal = "blorf" } ]
"""


def scan(tmp_path: Path, out: str, baseline: str | None = None):
    data = tmp_path / "chat.jsonl"
    rows = [("c1", "a", "you blorf"), ("c1", "b", "what"), ("c2", "d", "blorf again")]
    data.write_text(
        "".join(
            json.dumps({"conversation": c, "author": a, "text": t}) + "\n"
            for c, a, t in rows
        )
    )
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK)
    config = ScanConfig(
        paths=(str(data),),
        out=str(tmp_path / out),
        packs=(str(pack),),
        builtin_packs=False,
        key_file=str(tmp_path / "case.key"),
        baseline=baseline,
    )
    result, _ = run(config)
    return result


def test_marked_false_positive_is_suppressed_in_the_next_scan(tmp_path: Path) -> None:
    first = scan(tmp_path, "out1")
    assert [c.conversation for c in first.conversations if c.categories] == ["c1", "c2"]
    records = [
        json.loads(line)
        for line in (tmp_path / "out1" / "findings.jsonl").read_text().splitlines()
    ]
    target = next(r for r in records if r["conversation"] == "c2")
    base = tmp_path / "baseline.json"
    out1 = str(tmp_path / "out1")
    marked = CliRunner().invoke(
        app,
        ["triage", out1, "-b", str(base), "--finding", target["id"][:12],
         "--mark", "false-positive", "--reason", "a name, not a slur"],
    )  # fmt: skip
    assert marked.exit_code == 0, marked.output
    second = scan(tmp_path, "out2", baseline=str(base))
    by = {c.conversation: c for c in second.conversations}
    assert by["c2"].categories == () and by["c2"].score == 0.0
    (finding,) = by["c2"].findings
    assert finding.suppressed == "baseline false-positive: a name, not a slur"
    assert by["c1"].categories == ("hate",)
    listed = CliRunner().invoke(
        app, ["triage", str(tmp_path / "out2"), "-b", str(base), "--list"]
    )
    assert listed.exit_code == 1 and target["id"][:16] not in listed.stdout
