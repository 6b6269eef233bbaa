"""Quality gate: eval figures on samples/ must not fall below the floor.

``quality_floor.json`` holds figures recorded from a real run of
``cocoscan eval samples --labels samples/labels.json``; it is a floor, not a
target: improvements pass, regressions fail with the figure that dropped.
Re-record deliberately (and review the diff) with::

    COCOSCAN_RECORD_FLOOR=1 pytest tests/eval/test_quality_gate.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cocoscan.api import scan
from cocoscan.commands.evaluate import EVAL_KEY
from cocoscan.config import ScanConfig
from cocoscan.evaluation import EvalReport, evaluate, label_files, load_labels
from cocoscan.model import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
FLOOR = Path(__file__).with_name("quality_floor.json")
EPS = 1e-9


def figures(report: EvalReport) -> dict[str, float]:
    """The gated figures: higher is better for every one of them."""
    out: dict[str, float] = {
        "any.f1": report.overall.f1 or 0.0,
        "any.precision": report.overall.precision or 0.0,
        "any.recall": report.overall.recall or 0.0,
        "roc_auc": report.auc or 0.0,
        "conversation_ap": report.conversation_ap or 0.0,
        "author_ap": report.author_ap or 0.0,
        "ranking_pairs_ok": 1.0
        - len(report.violations) / max(report.harmful * report.benign, 1),
    }
    for cat in CATEGORIES:
        counts = report.per_category[cat]
        out[f"{cat}.f1"] = counts.f1 or 0.0
        out[f"{cat}.recall"] = counts.recall or 0.0
    return {k: round(v, 4) for k, v in sorted(out.items())}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    labels = load_labels([SAMPLES / "labels.json"])
    result = scan(ScanConfig(paths=(str(SAMPLES),)), key=EVAL_KEY)
    skip = label_files([SAMPLES / "labels.json"])
    problems = [p for p in result.problems if Path(p.path).resolve() not in skip]
    assert not problems, [str(p) for p in problems]
    return evaluate(result, labels)


def test_quality_floor(report: EvalReport) -> None:
    got = figures(report)
    if os.environ.get("COCOSCAN_RECORD_FLOOR") == "1":
        FLOOR.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n")
    floor = json.loads(FLOOR.read_text())
    dropped = {
        k: (got.get(k, 0.0), v) for k, v in floor.items() if got.get(k, 0.0) < v - EPS
    }
    assert not dropped, f"figures below the quality floor (got, floor): {dropped}"


def test_every_labelled_conversation_is_found(report: EvalReport) -> None:
    assert report.missing == ()
