"""Metrics against a hand-computed small case.

Five labelled conversations (3 harmful, 2 benign), scores and categories
chosen so that every figure can be worked out on paper (see comments).
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cocoscan.errors import ConfigError
from cocoscan.evaluation import (
    Counts,
    Label,
    as_json,
    as_table,
    author_metrics,
    average_precision,
    confusion,
    evaluate,
    f_beta,
    load_author_list,
    load_labels,
    precision_at_k,
    ranking_violations,
    roc_auc,
)
from cocoscan.model import AuthorResult, ConversationResult, ScanResult, Severity

T = datetime(2024, 1, 1, tzinfo=UTC)


def conv(cid: str, score: float, cats: tuple[str, ...]) -> ConversationResult:
    sev = Severity.HIGH if score else None
    return ConversationResult(cid, 0, score, sev, cats, (), (), (), 10, None, None, ())


def author(name: str, score: float) -> AuthorResult:
    return AuthorResult(name, 0, score, (), (), 1)


def result(convs, authors=()) -> ScanResult:
    return ScanResult(list(convs), list(authors), [], [], [], {}, T, T)


LABELS = [
    Label("h1", "harmful", ("grooming",), ("adam",), "fr"),
    Label("h2", "harmful", ("grooming", "prostitution"), ("bob",), "en"),
    Label("h3", "harmful", ("hate",), ("cy",), "en"),
    Label("b1", "benign", language="fr"),
    Label("b2", "benign", language="en"),
]
RESULT = result(
    [
        conv("h1", 0.9, ("grooming",)),
        conv("h2", 0.6, ("grooming",)),  # prostitution missed
        conv("h3", 0.3, ()),  # hate missed entirely
        conv("b1", 0.5, ("grooming",)),  # false positive
        conv("b2", 0.0, ()),
        conv("x9", 0.7, ("hate",)),  # not labelled: ignored
    ],
    [author("adam", 0.9), author("kid", 0.6), author("bob", 0.5), author("zed", 0.2)],
)


def test_hand_computed_case() -> None:
    r = evaluate(RESULT, LABELS, ks=(1, 2, 4))
    g = r.per_category["grooming"]
    # predicted grooming: h1, h2, b1; true grooming: h1, h2
    assert (g.tp, g.fp, g.fn, g.tn) == (2, 1, 0, 2)
    assert g.precision == pytest.approx(2 / 3) and g.recall == 1.0
    assert g.f1 == pytest.approx(0.8)
    # F0.5 = 1.25 * p * r / (0.25 p + r) = 1.25 * 2/3 / (1/6 + 1) = 5/7
    assert g.f05 == pytest.approx(5 / 7)
    p = r.per_category["prostitution"]
    assert (p.tp, p.fp, p.fn, p.tn) == (0, 0, 1, 4)
    assert p.precision is None and p.recall == 0.0 and p.f1 is None
    h = r.per_category["hate"]
    assert (h.tp, h.fn) == (0, 1)
    o = r.overall  # any category: h1, h2, b1 predicted; h1..h3 harmful
    assert (o.tp, o.fp, o.fn, o.tn) == (2, 1, 1, 1)
    # AUC: pairs (h, b): h1>b1, h1>b2, h2>b1, h2>b2, h3<b1, h3>b2 -> 5/6
    assert r.auc == pytest.approx(5 / 6)
    # ranking among labelled with score > 0: h1 .9, h2 .6, b1 .5, h3 .3
    assert r.conversation_p_at_k == {1: 1.0, 2: 1.0, 4: 0.75}
    # AP = (1/1 + 2/2 + 3/4) / 3
    assert r.conversation_ap == pytest.approx((1 + 1 + 0.75) / 3)
    # authors ranked adam, kid, bob, zed; offenders adam, bob, cy
    assert r.author_p_at_k == {1: 1.0, 2: 0.5, 4: 0.5}
    assert r.author_ap == pytest.approx((1 + 2 / 3) / 3)
    assert r.violations == (("h3", "b1"),)
    assert r.unlabelled == 1 and r.missing == ()
    assert r.languages["fr"].fp == 1 and r.languages["en"].fn == 1


def test_missing_conversations_score_zero() -> None:
    r = evaluate(result([conv("b1", 0.2, ())]), LABELS[:1] + LABELS[3:4])
    assert r.missing == ("h1",)
    assert r.violations == (("h1", "b1"),)
    assert r.auc == 0.0


def test_auc_ties_are_half_and_empty_is_none() -> None:
    assert roc_auc([0.5], [0.5]) == 0.5
    assert roc_auc([0.5, 0.9], [0.1]) == 1.0
    assert roc_auc([], [0.1]) is None


def test_small_functions() -> None:
    assert confusion([True, False, True], [True, True, False]) == Counts(1, 1, 1, 0)
    assert f_beta(None, 1.0, 1.0) is None and f_beta(0.0, 0.0, 1.0) == 0.0
    assert precision_at_k(["a"], {"a"}, 3) == pytest.approx(1 / 3)
    assert precision_at_k(["a"], {"a"}, 0) is None
    assert average_precision(["x", "a"], {"a", "b"}) == pytest.approx(0.25)
    assert average_precision([], set()) is None
    assert ranking_violations({"h1": 0.5, "b1": 0.5}, [LABELS[0], LABELS[3]]) == [
        ("h1", "b1")
    ]


def test_pan12_author_metrics() -> None:
    m = author_metrics(RESULT, ["adam", "bob", "nobody"], ks=(2,), threshold=0.5)
    # flagged at 0.5: adam, kid, bob -> tp 2, fp 1, fn 1
    assert m["precision"] == pytest.approx(2 / 3) and m["recall"] == pytest.approx(
        2 / 3
    )
    assert m["f05"] == pytest.approx(2 / 3)
    assert m["p@2"] == 0.5
    assert m["average_precision"] == pytest.approx((1 + 2 / 3) / 3)


def test_outputs_render_every_figure() -> None:
    r = evaluate(RESULT, LABELS, ks=(1,))
    data = json.loads(json.dumps(as_json(r)))
    assert data["categories"]["grooming"]["tp"] == 2 and data["ranking_ok"] is False
    text = as_table(r)
    assert "grooming" in text and "0.714" in text and "h3 <= b1" in text
    md = as_table(r, markdown=True)
    assert md.startswith("| category | TP |") and "|---|" in md


def test_load_labels_with_includes_and_errors(tmp_path: Path) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "labels.json").write_text(
        json.dumps(
            {
                "schema": 1,
                "conversations": [
                    {
                        "conversation": "fr-1",
                        "label": "harmful",
                        "categories": ["grooming"],
                        "offenders": ["a"],
                        "language": "fr",
                    }
                ],
            }
        )
    )
    (tmp_path / "en.json").write_text(
        json.dumps(
            {
                "schema": 1,
                "conversations": [
                    {"conversation": "en-1", "label": "benign", "categories": []}
                ],
            }
        )
    )
    top = tmp_path / "labels.json"
    top.write_text(json.dumps({"schema": 1, "include": ["fr/labels.json", "en.json"]}))
    labels = load_labels([top, tmp_path / "en.json"])  # en.json twice: read once
    assert [x.conversation for x in labels] == ["en-1", "fr-1"]
    assert labels[1].offenders == ("a",) and labels[1].harmful
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"schema": 1, "conversations": [{"conversation": "x", "label": "maybe"}]}
        )
    )
    with pytest.raises(ConfigError, match="harmful or benign"):
        load_labels([bad])
    bad.write_text(
        json.dumps(
            {
                "schema": 1,
                "conversations": [
                    {"conversation": "x", "label": "harmful", "categories": ["spam"]}
                ],
            }
        )
    )
    with pytest.raises(ConfigError, match="unknown category"):
        load_labels([bad])
    dup = tmp_path / "dup.json"
    dup.write_text((tmp_path / "en.json").read_text())
    with pytest.raises(ConfigError, match="twice"):
        load_labels([tmp_path / "en.json", dup])


def test_author_list(tmp_path: Path) -> None:
    path = tmp_path / "predators.txt"
    path.write_text("# PAN12\nb7c3\n\na1f0\nb7c3\n")
    assert load_author_list(path) == ["a1f0", "b7c3"]


def test_auc_rank_sum_matches_pairwise_count() -> None:
    import random

    rng = random.Random(7)
    pos = [round(rng.random(), 1) for _ in range(40)]
    neg = [round(rng.random(), 1) for _ in range(30)]
    pairs = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    assert roc_auc(pos, neg) == pytest.approx(pairs / (40 * 30))
