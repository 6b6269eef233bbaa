from datetime import UTC, datetime, timedelta

import pytest
from hitkit import sig, stats

from cocoscan.heuristics.authors import aggregate, skewness, top_k_mean
from cocoscan.heuristics.cooccurrence import evidence_of
from cocoscan.heuristics.escalation import (
    escalation_boost,
    ordered_fraction,
    stage_order,
)
from cocoscan.heuristics.fanout import fanout_boost, scripted_openers
from cocoscan.heuristics.prior import prior_factor
from cocoscan.heuristics.speed import speed_boost, time_to_move

T = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


def test_escalation_in_order_boosts_and_reversed_does_not() -> None:
    keys = ["age-probe", "gift", "secrecy", "image-request", "meeting"]
    forward = evidence_of([sig("c", i, "a", k) for i, k in enumerate(keys)])
    backward = evidence_of([sig("c", i, "a", k) for i, k in enumerate(reversed(keys))])
    amount, why = escalation_boost(forward)
    assert amount == pytest.approx(0.10) and "contact -> trust" in why
    assert escalation_boost(backward) == (0.0, None)
    assert ordered_fraction(stage_order(forward)) == 1.0
    two = evidence_of([sig("c", 0, "a", "gift"), sig("c", 1, "a", "meeting")])
    assert escalation_boost(two) == (0.0, None)


def test_speed_counts_messages_and_minutes_to_the_first_move() -> None:
    hits = [sig("c", 10, "a", "flattery"), sig("c", 14, "a", "off-platform")]
    ev = evidence_of(hits)
    times = {10: T, 14: T + timedelta(minutes=12)}
    assert time_to_move(ev, times, T) == (5, 12.0)
    amount, why = speed_boost(ev, times, T)
    assert amount == 0.10 and "5 messages" in why
    slow = {10: T, 14: T + timedelta(days=3)}
    assert speed_boost(ev, slow, T)[0] == 0.05  # few messages, many days
    far = evidence_of([sig("c", 0, "a", "flattery"), sig("c", 90, "a", "meeting")])
    assert speed_boost(far, {0: T, 90: T + timedelta(days=9)}, T) == (0.0, None)
    assert time_to_move(evidence_of([sig("c", 1, "a", "gift")]), {}, T) is None


def test_fanout_finds_one_author_with_the_same_opener() -> None:
    script = "hey cutie saw ur profile, u seem really mature for ur age"
    st = [
        stats("c1", 10, {"x": 5, "v1": 5}, {"x": script, "v1": "hello"}),
        stats(
            "c2", 10, {"x": 5, "v2": 5}, {"x": script + " !!", "v2": "hi who is this"}
        ),
        stats(
            "c3",
            10,
            {"x": 5, "v3": 5},
            {"x": "totally different words about homework", "v3": "ok"},
        ),
        stats("c4", 10, {"y": 5}, {"y": "hi"}),
    ]
    assert scripted_openers(st) == {"x": ("c1", "c2")}
    assert (
        fanout_boost(2) == 0.05 and fanout_boost(10) == 0.15 and fanout_boost(1) == 0.0
    )


def test_short_greetings_are_not_scripts() -> None:
    st = [stats(f"c{i}", 5, {"x": 2}, {"x": "salut ca va"}) for i in range(5)]
    assert scripted_openers(st) == {}


def test_prior_discounts_one_participant_and_short_logs_only() -> None:
    assert prior_factor(stats("c", 40, {"a": 20, "b": 20})) == (1.0, None)
    f, why = prior_factor(stats("c", 2, {"a": 2}))
    assert f == pytest.approx(0.75 * 0.85) and "one participant" in why
    assert prior_factor(stats("c", 2, {}))[0] == 1.0  # authors unknown


def test_author_aggregate_is_robust_to_volume() -> None:
    assert top_k_mean([0.9, 0.1, 0.8, 0.7]) == pytest.approx(0.8)
    strong, _ = aggregate([0.9], [0.5] + [0.0] * 20, 21)
    spammy, _ = aggregate([0.2] * 50, [0.1] * 500, 500)
    assert strong > spammy
    assert aggregate([], [], 10) == (0.0, ())
    few, why = aggregate([0.9], [0.5], 1)
    assert few == pytest.approx(0.72) and any("only 1 messages" in w for w in why)


def test_skewness_needs_observations_and_spread() -> None:
    assert skewness([0.0] * 5 + [1.0]) is None
    assert skewness([0.2] * 20) is None
    assert skewness([0.0] * 18 + [0.9, 0.9]) > 0
