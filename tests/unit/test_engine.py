from pathlib import Path

import pytest
from packhelp import SECRECY, load

from cocoscan.matching import Engine
from cocoscan.matching.skeleton import SkeletonPrefilter, skeleton
from cocoscan.model import Message, SourceLocation


def msg(text: str, i: int = 0, author: str | None = "a") -> Message:
    return Message(
        SourceLocation("f", "0" * 64, i * 10, i + 1, str(i)), "c", author, None, text, i
    )


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return Engine(load(tmp_path, SECRECY))


def fired(engine: Engine, text: str) -> dict[str, tuple[str, str | None]]:
    out = {}
    for h in engine.scan_batch([msg(text)]):
        out[h.rule_id] = (text[h.span[0] : h.span[1]], h.suppressed)
    return out


@pytest.mark.parametrize(
    ("text", "rule", "evidence"),
    [
        (
            "chut c'est notre seeecret",
            "grooming.secrecy.keep-it-secret",
            "c'est notre seeecret",
        ),
        (
            "Ne dis rien à tes parents stp",
            "grooming.secrecy.keep-it-secret",
            "Ne dis rien à tes parents",
        ),
        ("J’ai 13 ans", "signal.age.declared", "J’ai 13 ans"),
        ("ajoute moi sur s.n.a.p", "signal.off-platform.app", "s.n.a.p"),
        ("viens sur isntagram", "signal.off-platform.app", "isntagram"),  # fuzzy only
        ("add me on snapchta 😀", "signal.off-platform.app", "snapchta"),
        ("ajoute moi sur ѕnар", "signal.off-platform.app", "ѕnар"),  # forced path
        (
            "c'est notre s\u200becret",
            "grooming.secrecy.keep-it-secret",
            "c'est notre s\u200becret",
        ),
    ],
)
def test_rules_fire_with_spans_in_raw_text(
    engine: Engine, text: str, rule: str, evidence: str
) -> None:
    hits = fired(engine, text)
    assert rule in hits
    assert hits[rule] == (evidence, None)


@pytest.mark.parametrize(
    "text", ["le secret de la recette", "bonjour", "viens manger", "j'ai 13 chats"]
)
def test_negatives(engine: Engine, text: str) -> None:
    assert fired(engine, text) == {}


def test_allow_block_keeps_hit_visible_but_suppressed(engine: Engine) -> None:
    hits = fired(engine, "j'ai désinstallé snap, viens")
    assert hits["signal.off-platform.app"][1] == "allow: uninstalling, not moving"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("il m'a traité de sale vermine hier", "reporting"),
        ("je ne suis pas une sale vermine", "negation"),
        ('il a écrit "sale vermine" sous ma photo', "quotation"),
    ],
)
def test_guards(engine: Engine, text: str, reason: str) -> None:
    hit = fired(engine, text)["hate.slur.test"]
    assert hit[1] is not None and reason in hit[1]


def test_guard_does_not_fire_on_direct_use(engine: Engine) -> None:
    assert fired(engine, "t'es qu'une sale vermine")["hate.slur.test"][1] is None


def test_captures_map_to_raw_text(engine: Engine) -> None:
    (hit,) = engine.scan_batch([msg("moi j’ai 13 ans")])
    assert hit.captures == (("age", "13"),)


def test_fast_path_equals_exact_path(engine: Engine) -> None:
    texts = [
        "bonjour",
        "chut c'est notre SEEECRET",
        "",
        "ajoute-moi sur snap",
        "viens sur isntagram",
        "rien à voir",
        "ѕecret c'est notre ѕecret",
        "j'ai 12 ans",
        "x\x1ey",
    ]
    messages = [msg(t, i) for i, t in enumerate(texts)]
    fast = [(h.message.seq, h.rule_id, h.span) for h in engine.scan_batch(messages)]
    exact = [
        (h.message.seq, h.rule_id, h.span)
        for m in messages
        for h in engine.match_message(m)
    ]
    assert fast == exact
    assert engine.stats.candidates < len(texts)  # the prefilter did skip messages


def test_skeleton_folds_like_keywords() -> None:
    assert skeleton("T'as QUEL âge") == skeleton("t as quel age") == "t as quel age"
    pre = SkeletonPrefilter(["quel age"], [])
    assert pre.select(["T’as quel âââge ?", "rien", "quelle agence", "quel  âge"]) == [
        0,
        3,
    ]


def test_keywords_never_match_across_word_breaks() -> None:
    pre = SkeletonPrefilter(["snap", "quel age"], [])
    assert pre.select(
        ["les nap", "mon snapchat", "s.n.a.p", "quel-âge", "que lage"]
    ) == [1, 2, 3]


def test_long_messages_are_matched_in_windows(tmp_path: Path) -> None:
    engine = Engine(load(tmp_path, SECRECY), max_message_chars=1000)
    text = "bla " * 600 + "c'est notre secret" + " bla" * 600
    (hit,) = engine.scan_batch([msg(text)])
    assert text[hit.span[0] : hit.span[1]] == "c'est notre secret"


def test_regex_timeouts_disable_a_rule(tmp_path: Path) -> None:
    body = """
[[rules]]
id = "hate.slow.rule"
title = "slow"
description = "catastrophic"
category = "hate"
subcategory = "slow"
status = "test"
keywords = ["ab"]
[rules.match]
any = [ { regex = '''(?:a|b|ab)+$''' } ]
"""
    engine = Engine(load(tmp_path, body), regex_timeout=0.01)
    text = "ab" * 3000 + "!"
    for i in range(5):
        engine.match_message(msg(text, i))
    assert engine.stats.disabled == ["hate.slow.rule"]
    assert engine.stats.timeouts["hate.slow.rule"] == 3
