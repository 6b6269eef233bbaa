"""The example runner on small packs: both paths, suppression, spans, todos."""

from __future__ import annotations

from pathlib import Path

from cocoscan.packs import load_packs
from cocoscan.packs.examples import run_examples

HEADER = """schema = 1
[pack]
id = "test.pack"
version = "1"
title = "test"
description = "test pack"
languages = ["fr", "en"]
"""

RULE = """
[[rules]]
id = "grooming.meeting.come-alone"
title = "Come alone"
description = "asks to come alone"
category = "grooming"
subcategory = "meeting"
keywords = [KEYWORDS]
[rules.match]
any = [ { regex = '''\\b(?:viens|come)\\b.{0,30}?\\b(?:seule?|alone)\\b''' } ]
[[rules.allow]]
description = "reassurance"
regexes = ['''\\b(?:not|pas) (?:alone|seule?)\\b''']
target = "message"
[rules.examples]
match = ["viens seule au parc",
         { text = "ok come to the station alone", span = [3, 28] }]
no_match = ["come on, you're not alone", "je suis seul"]
todo_match = ["garde ca pour toi"]
todo_no_match = ["viens seule avec ta maman"]
"""


def _run(tmp_path: Path, keywords: str):
    path = tmp_path / "p.toml"
    path.write_text(HEADER + RULE.replace("KEYWORDS", keywords), encoding="utf-8")
    packs, issues = load_packs([path], builtin=False, collect=True)
    assert [i for i in issues if i.severity == "error"] == []
    return {o.test_id: o for o in run_examples(packs)}


def test_examples_pass_on_both_paths(tmp_path: Path) -> None:
    out = _run(tmp_path, '"seul", "alone"')
    rid = "grooming.meeting.come-alone"
    assert out[f"{rid}-match-1"].passed
    assert out[f"{rid}-match-1"].fast_fired and out[f"{rid}-match-1"].exact_fired
    span = out[f"{rid}-match-2"]
    assert span.passed and span.span == (3, 28) and span.expected_span == (3, 28)
    suppressed = out[f"{rid}-no-match-1"]
    assert suppressed.passed and suppressed.suppressed == "allow: reassurance"
    assert out[f"{rid}-no-match-2"].passed
    assert not out[f"{rid}-todo-match-1"].passed
    # the todo_no_match fires: the gap is still open, so it does not "pass"
    assert not out[f"{rid}-todo-no-match-1"].passed
    # lines point into the TOML examples table
    lines = (tmp_path / "p.toml").read_text(encoding="utf-8").splitlines()
    assert lines[out[f"{rid}-match-1"].line - 1].startswith("match = [")
    assert lines[out[f"{rid}-todo-match-1"].line - 1].startswith("todo_match")


def test_wrong_span_fails(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        HEADER
        + RULE.replace("KEYWORDS", '"alone", "seul"').replace("[3, 28]", "[0, 28]"),
        encoding="utf-8",
    )
    packs, _ = load_packs([path], builtin=False, collect=True)
    out = {o.test_id: o for o in run_examples(packs)}
    bad = out["grooming.meeting.come-alone-match-2"]
    assert not bad.passed and "span" in bad.detail


def test_dead_keyword_is_caught_by_the_fast_path(tmp_path: Path) -> None:
    # keyword never occurs in the examples: the prefilter drops every message
    out = _run(tmp_path, '"zzzq"')
    bad = out["grooming.meeting.come-alone-match-1"]
    assert not bad.passed
    assert not bad.exact_fired  # keyword automaton is part of the exact path too
    assert bad.bare_fired and bad.stage == "prefilter"


def test_span_as_evidence_string(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    body = RULE.replace("KEYWORDS", '"alone", "seul"').replace(
        "span = [3, 28]", 'span = "come to the station alone"'
    )
    path.write_text(HEADER + body, encoding="utf-8")
    packs, _ = load_packs([path], builtin=False, collect=True)
    out = {o.test_id: o for o in run_examples(packs)}
    assert out["grooming.meeting.come-alone-match-2"].passed
