"""The skeleton prefilter never drops a message the exact path would match."""

from __future__ import annotations

import pytest
from enginekit import write_pack

from cocoscan.matching import Engine
from cocoscan.model import Message, SourceLocation
from cocoscan.packs import load_packs


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    packs, _ = load_packs([write_pack(tmp_path_factory.mktemp("p"))], builtin=False)
    return Engine(packs)


@pytest.mark.parametrize(
    "text",
    [
        "c'est notre se\u00adcret",  # soft hyphen: removed by the exact path
        "ajoute moi sur s\u00adnap",
        "c'est notre se\u200bcret",
        "ajoute moi sur ѕnap",
        "C'EST NOTRE SEEECRET",
        "tu as quel 4ge",
    ],
)
def test_fast_path_equals_exact_path(engine: Engine, text: str) -> None:
    m = Message(SourceLocation("x", "0" * 64, 0, 1, "1"), "c", "a", None, text, 0)
    exact = [(h.rule_id, h.span) for h in engine.match_message(m)]
    fast = [(h.rule_id, h.span) for h in engine.scan_batch([m])]
    assert fast == exact
