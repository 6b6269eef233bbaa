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
    # same acts, but the other participant declares an adult age: adults
    without = [
        age("n", 2, "kid", "34") if h.rule_id == "signal.age.declared" else h
        for h in grooming_conv("n")
    ]
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
    h = [
        hit("c", 1, "a", category="hate", confidence="medium", rule="hate.one"),
        hit("c", 2, "a", category="hate", confidence="medium", rule="hate.two"),
    ]
    st = {"c": stats("c", 5, {"a": 3, "b": 2})}
    (shown,), _ = rank(h, st, key=KEY)
    (hidden,), _ = rank(h, st, key=KEY, thresholds={"hate": 0.5})
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
        for i, k in enumerate(["meeting", "payment", "deadline", "insult"])
    ]
    weak_harm = [
        hit("h", 1, "a", category="hate", confidence="medium", rule="hate.one"),
        sig("h", 2, "a", "dehumanisation", confidence="low"),
    ]
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("s", "h")}
    convs, _ = rank(loud + weak_harm, st, key=KEY)
    assert [c.conversation for c in convs] == ["h", "s"]
    assert convs[1].score < 0.15 and convs[1].severity is Severity.INFORMATIONAL


def test_one_weak_rule_is_not_a_harm_but_a_strong_one_is() -> None:
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("w", "s")}
    weak = hit("w", 1, "a", category="grooming", rule="grooming.secrecy.x")
    strong = hit("s", 1, "a", category="hate", severity=Severity.HIGH)
    convs, _ = rank([weak, strong], st, key=KEY)
    by = {c.conversation: c for c in convs}
    assert by["w"].categories == () and by["s"].categories == ("hate",)
    assert any("not reported" in line for line in by["w"].explanation)


def test_undeclared_ages_need_three_acts_and_family_context_discounts() -> None:
    acts = ["secrecy", "off-platform", "image-request"]
    three = [sig("u", i, "x", k) for i, k in enumerate(acts)]
    two = [sig("t", i, "x", k) for i, k in enumerate(acts[:2])]
    st = {c: stats(c, 10, {"x": 5, "y": 5}) for c in ("u", "t")}
    convs, _ = rank(three + two, st, key=KEY)
    by = {c.conversation: c for c in convs}
    assert by["u"].categories == ("grooming",) and by["t"].categories == ()
    kin = [
        age("f", 0, "kid", "12"),
        sig("f", 1, "x", "meeting", text="mamie passe te chercher"),
        sig("f", 2, "x", "isolation"),
    ]
    stranger = [
        age("g", 0, "kid", "12"),
        sig("g", 1, "x", "meeting", text="je passe te chercher"),
        sig("g", 2, "x", "isolation"),
    ]
    st = {c: stats(c, 10, {"x": 5, "kid": 5}) for c in ("f", "g")}
    convs, _ = rank(kin + stranger, st, key=KEY)
    by = {c.conversation: c for c in convs}
    assert by["f"].categories == by["g"].categories == ("grooming",)
    assert by["f"].score < by["g"].score
    assert any("family context" in line for line in by["f"].explanation)


def test_surprise_secrecy_is_not_counted() -> None:
    surprise = [
        age("s", 0, "kid", "12"),
        sig("s", 1, "x", "secrecy", text="don't tell mom, it's a surprise"),
        sig("s", 2, "x", "meeting"),
    ]
    st = {"s": stats("s", 10, {"x": 5, "kid": 5})}
    (conv,), _ = rank(surprise, st, key=KEY)
    assert conv.categories == ()
    assert any("surprise" in line for line in conv.explanation)


def test_corroboration_by_repeat_or_second_rule_outside_grooming() -> None:
    once = [hit("o", 1, "a", category="hate", rule="hate.derogation.x")]
    twice = [
        hit("t", i, "a", category="hate", rule="hate.derogation.x") for i in (1, 4)
    ]
    groom_twice = [hit("g", i, "a", category="grooming") for i in (1, 4)]
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("o", "t", "g")}
    convs, _ = rank(once + twice + groom_twice, st, key=KEY)
    by = {c.conversation: c.categories for c in convs}
    assert by == {"o": (), "t": ("hate",), "g": ()}


def test_plain_mode_is_the_keyword_baseline() -> None:
    st = {c: stats(c, 10, {"a": 5, "b": 5}) for c in ("w",)}
    weak = hit("w", 1, "a", category="grooming", rule="grooming.secrecy.x")
    (smart,), _ = rank([weak], st, key=KEY)
    (plain,), _ = rank([weak], st, key=KEY, plain=True)
    assert smart.categories == () and plain.categories == ("grooming",)
    assert plain.score == 0.3


def test_adults_dating_is_not_a_harm() -> None:
    date_ = [
        age("d", 1, "ana", "29"),
        age("d", 2, "ben", "31"),
        sig("d", 3, "ben", "image-request"),
        sig("d", 4, "ben", "meeting"),
        sig("d", 5, "ben", "isolation"),
        sig("d", 6, "ben", "off-platform"),
    ]
    (conv,), _ = rank(date_, {"d": stats("d", 20, {"ana": 10, "ben": 10})}, key=KEY)
    assert conv.categories == () and conv.severity is Severity.INFORMATIONAL
    assert "age-gap" not in conv.signals and "adult-age" in conv.signals
