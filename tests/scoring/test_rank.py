import pytest
from hitkit import age, hit, sig, stats

from cocoscan.fingerprint import content_fingerprint, fingerprint
from cocoscan.model import Severity
from cocoscan.scoring import rank, tier

KEY = b"k" * 32


def grooming_conv(conv: str = "g") -> list:
    return [
        sig(conv, 1, "adult", "age-probe"),
        age(conv, 2, "kid", "13"),
        sig(conv, 3, "adult", "secrecy", severity=Severity.HIGH),
        sig(conv, 5, "adult", "off-platform"),
        sig(conv, 7, "adult", "image-request"),
    ]


def test_every_conversation_appears_sorted_with_ranks() -> None:
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("z-empty", "a-empty", "b")}
    hits = [hit("b", 1, "a", category="hate", severity=Severity.HIGH)]
    convs, authors = rank(hits, st, key=KEY)
    assert [c.conversation for c in convs] == ["b", "a-empty", "z-empty"]
    assert [c.rank for c in convs] == [1, 2, 3]
    empty = convs[1]
    assert (empty.score, empty.severity, empty.categories, empty.findings) == (
        0.0,
        None,
        (),
        (),
    )
    assert convs[0].categories == ("hate",) and convs[0].score == 0.5
    assert [a.author for a in authors] == ["a"] and authors[0].rank == 1


def test_hand_computed_category_score() -> None:
    # hate rule high/high (0.50) + dehumanisation signal medium/high (0.30 x 0.5)
    hits = [
        hit("c", 1, "a", category="hate", severity=Severity.HIGH),
        sig("c", 2, "a", "dehumanisation"),
    ]
    (conv,), _ = rank(hits, {"c": stats("c", 8, {"a": 4, "b": 4})}, key=KEY)
    assert conv.score == pytest.approx(round(1 - 0.5 * 0.85, 4))
    assert conv.severity is Severity.MEDIUM
    assert any("hate rule" in line for line in conv.explanation)


def test_combination_outranks_the_same_signals_without_a_minor() -> None:
    with_minor = grooming_conv("g")
    without = [h for h in grooming_conv("n") if h.rule_id != "signal.age.declared"]
    st = {c: stats(c, 30, {"adult": 15, "kid": 15}) for c in ("g", "n")}
    convs, authors = rank(with_minor + without, st, key=KEY)
    g, n = convs
    assert g.conversation == "g" and g.categories == ("grooming",)
    assert n.categories == () and n.severity is Severity.INFORMATIONAL
    assert g.score > 2 * n.score
    assert g.severity is Severity.CRITICAL
    assert "minor-age" in g.signals
    assert any("declared 13" in line for line in g.explanation)
    assert authors[0].author == "adult" and authors[0].categories == ("grooming",)
    assert authors[0].score > authors[1].score  # the child is not the offender


def test_suppressed_hits_stay_visible_but_do_not_count() -> None:
    h = hit(
        "c",
        1,
        "a",
        category="hate",
        severity=Severity.HIGH,
        suppressed="guard negation: negated",
    )
    (conv,), _ = rank([h], {"c": stats("c", 5, {"a": 3, "b": 2})}, key=KEY)
    assert conv.score == 0.0 and conv.severity is None
    assert len(conv.findings) == 1 and conv.findings[0].suppressed is not None
    assert conv.findings[0].score == 0.0


def test_thresholds_hide_weak_categories() -> None:
    h = hit("c", 1, "a", category="hate", severity=Severity.MEDIUM, confidence="medium")
    st = {"c": stats("c", 5, {"a": 3, "b": 2})}
    (shown,), _ = rank([h], st, key=KEY)
    (hidden,), _ = rank([h], st, key=KEY, thresholds={"hate": 0.5})
    assert shown.categories == ("hate",)
    assert hidden.categories == () and hidden.score < shown.score


def test_prior_discounts_one_participant() -> None:
    h = [
        hit(c, 1, "a", category="hate", severity=Severity.HIGH) for c in ("one", "two")
    ]
    st = {"one": stats("one", 10, {"a": 10}), "two": stats("two", 10, {"a": 5, "b": 5})}
    convs, _ = rank(h, st, key=KEY)
    assert [c.conversation for c in convs] == ["two", "one"]
    assert convs[1].score == pytest.approx(0.375)


def test_deterministic_and_order_independent() -> None:
    hits = [*grooming_conv("g"), hit("h", 1, "q", category="hate")]
    st = {c: stats(c, 20, {"adult": 10, "kid": 10}) for c in ("g", "h")}
    a = rank(hits, st, key=KEY)
    b = rank(list(reversed(hits)), dict(reversed(list(st.items()))), key=KEY)
    assert a == b
    for c in a[0]:
        assert c.score == round(c.score, 4)


def test_fingerprints_are_keyed_and_content_one_survives_reexport() -> None:
    a = hit("c", 1, "a", text="viens en pv")
    moved = hit("c", 9, "a", text="viens en pv")  # another line/offset/message id
    assert fingerprint(KEY, a) != fingerprint(KEY, moved)
    assert content_fingerprint(KEY, a) == content_fingerprint(KEY, moved)
    assert content_fingerprint(KEY, a) != content_fingerprint(b"x" * 32, a)
    assert content_fingerprint(KEY, a) != content_fingerprint(
        KEY, hit("c", 1, "b", text="viens en pv")
    )
    assert len(fingerprint(KEY, a)) == 64


def test_tiers() -> None:
    assert tier(0.0) is None
    assert tier(0.1) is Severity.INFORMATIONAL
    assert tier(0.15) is Severity.LOW
    assert tier(0.9) is Severity.CRITICAL


def test_any_category_outranks_signals_only() -> None:
    loud = [
        sig("s", i, "a", k, severity=Severity.HIGH)
        for i, k in enumerate(["secrecy", "off-platform", "image-request", "gift"])
    ]
    weak_harm = [hit("h", 1, "a", category="hate", confidence="medium")]
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("s", "h")}
    convs, _ = rank(loud + weak_harm, st, key=KEY)
    assert [c.conversation for c in convs] == ["h", "s"]
    assert convs[1].score < 0.15 and convs[1].severity is Severity.INFORMATIONAL
