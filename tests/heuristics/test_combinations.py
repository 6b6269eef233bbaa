from datetime import UTC, datetime

import pytest
from hitkit import age, sig

from cocoscan.heuristics.ages import age_facts
from cocoscan.heuristics.combinations import combinations, late_seqs
from cocoscan.heuristics.cooccurrence import evidence_of
from cocoscan.model import Severity


def combos(hits, **kw):
    return combinations(evidence_of(hits), age_facts(hits), **kw)


def test_minor_plus_two_acts_from_another_author_is_grooming() -> None:
    hits = [
        age("c", 1, "kid", "13"),
        sig("c", 2, "adult", "secrecy"),
        sig("c", 4, "adult", "contact-exchange"),
    ]
    (g,) = combos(hits)
    assert g.category == "grooming" and g.actor == "adult"
    assert g.keys == ("off-platform", "secrecy")
    assert g.severity is Severity.CRITICAL  # under 15
    assert "declared 13" in g.explain() and "within 3 messages" in g.explain()


def test_single_weak_signals_make_no_harm() -> None:
    assert (
        combos([age("c", 1, "kid", "13"), sig("c", 2, "adult", "off-platform")]) == []
    )
    assert combos([sig("c", 2, "a", "secrecy"), sig("c", 3, "a", "meeting")]) == []
    assert combos([sig("c", 1, "a", "age-probe")]) == []


def test_peers_are_not_grooming() -> None:
    hits = [
        age("c", 1, "a", "13"),
        age("c", 2, "b", "16"),
        sig("c", 3, "b", "off-platform"),
        sig("c", 4, "b", "secrecy"),
    ]
    assert combos(hits) == []


def test_acts_spread_beyond_the_window_do_not_combine() -> None:
    hits = [
        age("c", 1, "kid", "13"),
        sig("c", 2, "x", "secrecy"),
        sig("c", 500, "x", "gift"),
    ]
    assert combos(hits) == []
    assert combos(hits, window=1000)[0].category == "grooming"


def test_declared_adult_actor_adds_age_gap_term() -> None:
    base = [
        age("c", 1, "kid", "16"),
        sig("c", 2, "x", "gift"),
        sig("c", 3, "x", "meeting"),
    ]
    plain = combos(base)[0]
    gap = combos([*base, age("c", 0, "x", "34")])[0]
    assert gap.boost > plain.boost and "declared adult" in gap.reason
    assert plain.severity is Severity.HIGH


def test_no_author_transcript_still_combines() -> None:
    hits = [
        age("c", 1, None, "14"),
        sig("c", 2, None, "secrecy"),
        sig("c", 3, None, "image-request"),
    ]
    assert [c.category for c in combos(hits)] == ["grooming"]


def test_sextortion_needs_threat_and_payment_from_one_author() -> None:
    assert combos([sig("c", 1, "a", "threat"), sig("c", 2, "b", "payment")]) == []
    (s,) = combos(
        [
            sig("c", 1, "a", "threat"),
            sig("c", 2, "a", "payment"),
            sig("c", 3, "a", "deadline"),
        ]
    )
    assert s.category == "sextortion" and s.boost == pytest.approx(0.45)


def test_prostitution_pair_and_minor_escalation() -> None:
    assert combos([sig("c", 1, "a", "rates")]) == []
    (p,) = combos([sig("c", 1, "a", "rates"), sig("c", 2, "a", "logistics")])
    assert p.severity is Severity.MEDIUM
    (q,) = combos([sig("c", 1, "a", "third-party"), sig("c", 2, "a", "rates")])
    assert q.severity is Severity.HIGH
    (m,) = combos(
        [
            age("c", 0, "v", "17"),
            sig("c", 1, "a", "rates"),
            sig("c", 2, "a", "logistics"),
        ]
    )
    assert m.severity is Severity.CRITICAL and "minor present" in m.reason


def test_ambush_lure_needs_isolation_or_night() -> None:
    day = [sig("c", 1, "a", "lure"), sig("c", 2, "a", "meeting")]
    assert combos(day) == []
    assert combos([*day, sig("c", 3, "a", "isolation")])[0].category == "ambush"
    night = late_seqs([(1, datetime(2024, 1, 1, 23, 30, tzinfo=UTC)), (2, None)])
    assert night == {1}
    (a,) = combos(day, late=night)
    assert "at night" in a.reason


def test_ambush_rush_without_a_lure_rule_needs_night_isolation_and_cash() -> None:
    night = frozenset({1, 2, 3})
    rush = [
        sig("c", 1, "a", "meeting"),
        sig("c", 2, "a", "isolation"),
        sig("c", 3, "a", "payment"),
    ]
    (a,) = combos(rush, late=night)
    assert a.category == "ambush" and "at night" in a.reason
    assert combos(rush) == []  # the same plan by day: a hike, a sale
    assert combos(rush[:2], late=night) == []  # no cash, no silence


def test_organiser_talk_is_ambush_with_a_partner_signal() -> None:
    assert combos([sig("c", 1, "a", "organiser")]) == []
    (a,) = combos([sig("c", 1, "a", "organiser"), sig("c", 2, "b", "violence-call")])
    assert a.category == "ambush" and "organiser" in a.keys
    (b,) = combos([sig("c", 1, "a", "organiser"), sig("c", 2, "b", "organiser")])
    assert "2 authors" in b.reason


def test_laundering_recruitment_with_account() -> None:
    assert combos([sig("c", 1, "a", "bank-account"), sig("c", 2, "a", "payment")]) == []
    (x,) = combos([sig("c", 1, "a", "recruitment"), sig("c", 2, "a", "bank-account")])
    assert x.category == "laundering" and x.boost == pytest.approx(0.4)
