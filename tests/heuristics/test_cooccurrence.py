import pytest
from hitkit import hit, sig

from cocoscan.heuristics.cooccurrence import (
    best_window,
    boost,
    evidence_of,
    hit_weight,
    noisy_or,
    strongest,
)
from cocoscan.model import Severity


def test_weight_is_severity_times_confidence() -> None:
    assert (
        hit_weight(hit("c", 0, "a", severity=Severity.HIGH, confidence="high")) == 0.5
    )
    assert hit_weight(
        hit("c", 0, "a", severity=Severity.MEDIUM, confidence="low")
    ) == pytest.approx(0.18)
    assert hit_weight(hit("c", 0, "a", suppressed="guard negation: x")) == 0.0


def test_noisy_or_saturates_repeats_and_adds_distinct() -> None:
    assert noisy_or([]) == 0.0
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    assert noisy_or([1.5]) == 1.0
    assert boost(0.5, 0.2) == pytest.approx(0.6)
    assert boost(0.9, 1.0) == pytest.approx(1.0)


def test_evidence_has_category_and_signal_keys() -> None:
    h = hit("c", 3, "a", category="grooming", signals=("secrecy", "secrecy"))
    ev = evidence_of([h, sig("c", 4, "a", "meeting", suppressed="allow: x")])
    assert [(e.key, e.direct) for e in ev] == [("grooming", True), ("secrecy", False)]


def test_strongest_keeps_one_item_per_key() -> None:
    hits = [sig("c", i, "a", "secrecy", severity=Severity.LOW) for i in range(10)]
    hits.append(sig("c", 11, "a", "secrecy", severity=Severity.HIGH))
    best = strongest(evidence_of(hits))
    assert list(best) == ["secrecy"] and best["secrecy"].seq == 11
    # ten repeats of one weak signal weigh no more than the strongest one
    assert noisy_or(e.weight for e in best.values()) == 0.5


def test_best_window_prefers_more_distinct_keys_then_tighter_span() -> None:
    ev = evidence_of(
        [
            sig("c", 0, "a", "secrecy"),
            sig("c", 50, "a", "gift"),
            sig("c", 52, "a", "secrecy"),
            sig("c", 55, "a", "contact-exchange"),
            sig("c", 200, "a", "meeting"),
        ]
    )
    win = best_window(
        ev,
        ("gift", "secrecy", "off-platform", "meeting"),
        window=20,
        aliases={"contact-exchange": "off-platform"},
    )
    assert win is not None
    assert win.keys == ("gift", "off-platform", "secrecy")
    assert (win.first_seq, win.last_seq, win.span) == (50, 55, 6)
    assert best_window(ev, ("threat",), window=20) is None
