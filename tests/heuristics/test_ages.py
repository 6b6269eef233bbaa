import pytest
from hitkit import age, hit, sig

from cocoscan.heuristics.ages import age_facts, age_signals, grade_to_age, parse_age


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13", 13), ("13yo", 13), ("treize", 13), ("Quinze", 15), ("dix-sept", 17),
        ("fourteen", 14), ("25", 25), ("2000", None), ("3", None), ("abc", None),
    ],
)  # fmt: skip
def test_parse_age(text: str, expected: int | None) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("CP", 6), ("cm2", 10), ("6e", 11), ("6ème", 11), ("5eme", 12),
        ("4e", 13), ("quatrième", 13), ("3e", 14), ("troisieme", 14),
        ("seconde", 15), ("2nde", 15), ("première", 16), ("1ère", 16),
        ("terminale", 17), ("en 4e", 13), ("1st grade", 6), ("7th grade", 12),
        ("grade 8", 13), ("8th grader", 13), ("seventh grade", 12), ("12th grade", 17),
        ("freshman", 14), ("sophomore", 15), ("junior", 16), ("senior", 17),
        ("middle school", 12), ("year 7", 11), ("Year 9", 13), ("collège", 13),
        ("lycée", 16), ("13th grade", None), ("banana", None),
    ],
)  # fmt: skip
def test_grade_to_age(grade: str, expected: int | None) -> None:
    assert grade_to_age(grade) == expected


def test_age_is_attributed_to_the_speaker_and_gap_derived() -> None:
    facts = age_facts([age("c", 1, "kid", "13"), age("c", 2, "adult", "31")])
    assert facts.minors == {"kid"}
    assert facts.adults == {"adult"}
    assert facts.age_gap
    assert facts.youngest() == 13
    assert age_signals(facts) == ("adult-age", "age-gap", "minor-age")


def test_captured_number_overrides_the_rule_signal() -> None:
    # a rule tagged minor-age that captured an adult age declares an adult
    facts = age_facts([age("c", 1, "a", "25")])
    assert facts.adults == {"a"} and not facts.minor_present


def test_grade_capture_and_signal_without_number() -> None:
    g = hit("c", 1, "kid", signals=("minor-age",), captures=(("grade", "5e"),))
    facts = age_facts([g, sig("c", 2, "other", "minor-age")])
    assert facts.minors == {"kid", "other"}
    assert facts.youngest() == 12


def test_peers_have_no_gap_and_suppressed_ages_do_not_count() -> None:
    facts = age_facts([age("c", 1, "a", "13"), age("c", 2, "b", "12")])
    assert facts.minor_present and not facts.age_gap
    quoted = hit(
        "c",
        3,
        "x",
        signals=("minor-age",),
        captures=(("age", "12"),),
        suppressed="guard quotation: inside quotation marks",
    )
    assert not age_facts([quoted]).minor_present
