"""No message can cost more than a bound: long adversarial text, ReDoS rules.

Timing is bounded by ``pytest-timeout`` (a hang fails the test), never
asserted as a speed.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from cocoscan.matching import Engine
from cocoscan.matching.engine import MAX_TIMEOUTS
from cocoscan.model import Message, SourceLocation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "badinput"))

from corpus import CATASTROPHIC_PACK
from packhelp import SECRECY, load

from cocoscan.packs import load_packs


def adversarial(size: int, words: list[str], seed: int = 7) -> str:
    """Keywords and near-misses in every obfuscation the views undo."""
    rnd = random.Random(seed)
    pieces: list[str] = []
    n = 0
    while n < size:
        word = rnd.choice(words)
        style = rnd.randrange(6)
        if style == 0:
            word = ".".join(word)
        elif style == 1:
            word = "".join(c * 5 for c in word)
        elif style == 2:
            word = "\u200b".join(word)
        elif style == 3:
            word = word.replace("a", "4").replace("e", "3").replace("s", "$")
        elif style == 4:
            word = "\u202e" + word + "\u202c"
        pieces.append(word)
        n += len(word) + 1
    return " ".join(pieces)[:size]


def message(text: str, i: int = 0) -> Message:
    return Message(SourceLocation("f", "0" * 64, 0, 1, str(i)), "c", "a", None, text, i)


@pytest.mark.timeout(60)
def test_two_megabyte_adversarial_message_finishes(tmp_path: Path) -> None:
    engine = Engine(load(tmp_path, SECRECY))
    words = sorted(
        {k for r in engine.rules for k in r.keywords}
        | {"snapchat", "instagram", "ajoute moi", "j'ai 13 ans"}
    )
    text = adversarial(2_000_000, words)
    hits = engine.scan_batch([message(text)])
    assert hits  # it was really matched, not skipped
    for hit in hits:
        assert 0 <= hit.span[0] < hit.span[1] <= len(text)


@pytest.mark.timeout(60)
def test_catastrophic_rule_is_disabled_after_repeated_timeouts(tmp_path: Path) -> None:
    pack = tmp_path / "redos.toml"
    pack.write_text(CATASTROPHIC_PACK, encoding="utf-8")
    packs, _ = load_packs([pack], builtin=False, collect=False)
    engine = Engine(packs)
    evil = "notre secret" + "ab" * 30 + "!"
    batch = [message(evil, i) for i in range(20)]
    assert engine.scan_batch(batch) == []
    rule = "grooming.secrecy.badinput"
    assert engine.stats.timeouts[rule] == MAX_TIMEOUTS  # then never tried again
    assert engine.stats.disabled == [rule]


@pytest.mark.timeout(60)
def test_catastrophic_rule_on_one_huge_message_is_bounded(tmp_path: Path) -> None:
    pack = tmp_path / "redos.toml"
    pack.write_text(CATASTROPHIC_PACK, encoding="utf-8")
    packs, _ = load_packs([pack], builtin=False, collect=False)
    engine = Engine(packs)
    evil = ("notre secret" + "ab" * 30 + "! ") * 40_000  # ~3 MB, many windows
    engine.scan_batch([message(evil)])
    assert engine.stats.disabled == ["grooming.secrecy.badinput"]
