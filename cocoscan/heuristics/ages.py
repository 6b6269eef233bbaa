"""Declared ages and school grades, per author (heuristic C1, age asymmetry).

Age rules capture the *speaker's own* age (``j'ai 13 ans``, ``im 13``) in a
named group ``age`` and school grades (``en 4e``, ``7th grade``,
``freshman``) in a group ``grade``. This module turns those captures into
ages, attributes them to the message author and derives the conversation
facts scoring needs: which authors declared a minor age, which an adult
age, and whether an adult and a minor share the conversation (``age-gap``).

Nothing here reads chat text beyond the captured group; the resulting
explanation only names numbers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import regex

from cocoscan.model import Hit

#: Under this age a declared person is a minor.
ADULT_AGE = 18
#: Under this age French law aggravates sexual propositions (CP 227-22-1).
YOUNG_MINOR_AGE = 15
#: Ages outside this range are typos, years or jokes ("j'ai 2000 ans").
PLAUSIBLE = range(5, 100)

_NUMBER_WORDS: dict[str, int] = {
    # French
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix-sept": 17, "dix sept": 17, "dix-huit": 18, "dix huit": 18,
    "dix-neuf": 19, "dix neuf": 19, "vingt": 20,
    # English
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip

#: Grade names (folded: lower case, no accents) mapped to a typical age.
_GRADE_WORDS: dict[str, int] = {
    # France: primaire, college, lycee
    "cp": 6, "ce1": 7, "ce2": 8, "cm1": 9, "cm2": 10,
    "sixieme": 11, "cinquieme": 12, "quatrieme": 13, "troisieme": 14,
    "seconde": 15, "2nde": 15, "2de": 15, "premiere": 16, "1ere": 16,
    "1re": 16, "terminale": 17, "tle": 17, "term": 17,
    "primaire": 8, "college": 13, "lycee": 16,
    # US / UK
    "kindergarten": 5, "elementary": 8, "primary school": 8,
    "middle school": 12, "junior high": 13, "high school": 16,
    "freshman": 14, "sophomore": 15, "junior": 16, "senior": 17,
}  # fmt: skip

_ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12,
}  # fmt: skip

_FR_COLLEGE = regex.compile(r"^([3-6])\s*(?:e|eme|em|ieme)$")
_FR_LYCEE_1 = regex.compile(r"^1\s*(?:ere|re|er)$")
_EN_GRADE_NUM = regex.compile(
    r"^(?:(\d{1,2})\s*(?:st|nd|rd|th)?\s*(?:grade|grader)|(?:grade|gr)\s*(\d{1,2}))$"
)
_EN_GRADE_WORD = regex.compile(r"^(\w+)\s*(?:grade|grader)$")
_UK_YEAR = regex.compile(r"^(?:year|yr|y)\s*(\d{1,2})$")


def fold(text: str) -> str:
    """Lower case, accents stripped, spaces squeezed (the normalised view)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("\u2019", "'").split())


def parse_age(text: str) -> int | None:
    """A declared age as a number ("13", "treize", "13yo"), or ``None``.

    Implausible values (under 5, 100 and over) are ``None``: they are years,
    prices or jokes, not ages.
    """
    folded = fold(text)
    digits = regex.match(r"^(\d{1,3})", folded)
    if digits:
        value = int(digits.group(1))
    elif folded in _NUMBER_WORDS:
        value = _NUMBER_WORDS[folded]
    else:
        return None
    return value if value in PLAUSIBLE else None


def grade_to_age(text: str) -> int | None:
    """The typical age of a pupil in a school grade, or ``None``.

    French: CP = 6 ... CM2 = 10, 6e = 11, 5e = 12, 4e = 13, 3e = 14,
    seconde = 15, premiere = 16, terminale = 17. US: 1st grade = 6 ...
    12th grade = 17, freshman = 14 ... senior = 17. UK: year 7 = 11.
    """
    g = fold(text).replace("-", " ").strip(" .")
    if g.startswith(("en ", "in ")):
        g = g[3:]
    if g in _GRADE_WORDS:
        return _GRADE_WORDS[g]
    if m := _FR_COLLEGE.match(g):
        return 17 - int(m.group(1))
    if _FR_LYCEE_1.match(g):
        return 16
    if m := _EN_GRADE_NUM.match(g):
        grade = int(m.group(1) or m.group(2))
        return grade + 5 if 1 <= grade <= 12 else None
    if (m := _EN_GRADE_WORD.match(g)) and m.group(1) in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[m.group(1)] + 5
    if m := _UK_YEAR.match(g):
        year = int(m.group(1))
        return year + 4 if 1 <= year <= 13 else None
    for name, age in _GRADE_WORDS.items():
        if len(name) > 4 and name in g:
            return age
    return None


def declared_age(hit: Hit) -> int | None:
    """The age a hit declares for its author: ``age`` capture, else ``grade``."""
    captures = dict(hit.captures)
    if "age" in captures:
        age = parse_age(captures["age"])
        if age is not None:
            return age
    if "grade" in captures:
        return grade_to_age(captures["grade"])
    return None


def hit_signals(hit: Hit) -> tuple[str, ...]:
    """The hit's signals, sorted, with the age signal its number implies.

    An age rule is usually tagged ``minor-age``; when its capture says 18 or
    more the hit declares an adult (``adult-age``), and the reverse.
    """
    signals = set(hit.signals)
    age = declared_age(hit)
    if age is not None:
        signals -= {"minor-age", "adult-age"}
        signals.add("minor-age" if age < ADULT_AGE else "adult-age")
    return tuple(sorted(signals))


@dataclass(frozen=True, slots=True)
class AgeFacts:
    """What a conversation's hits say about its participants' ages.

    ``ages`` maps an author (``None`` when the export has no authors) to the
    ages they declared, in message order. ``minors`` and ``adults`` are the
    authors whose *latest* declaration is under / at least 18; an author who
    only said "je suis au college" without a number is a minor too
    (``minor-age`` signal without capture).
    """

    ages: Mapping[str | None, tuple[int, ...]]
    minors: frozenset[str | None]
    adults: frozenset[str | None]

    @property
    def minor_present(self) -> bool:
        """Someone in the conversation declared a minor age."""
        return bool(self.minors)

    @property
    def age_gap(self) -> bool:
        """A declared adult and a declared minor share the conversation."""
        return bool(self.minors and (self.adults - self.minors))

    def youngest(self) -> int | None:
        """The lowest age any minor declared, or ``None`` without a number."""
        values = [a for who in self.minors for a in self.ages.get(who, ()) if a < 18]
        return min(values) if values else None

    def is_minor(self, author: str | None) -> bool:
        """True when this author declared a minor age (unknown authors never)."""
        return author is not None and author in self.minors


def age_facts(hits: Iterable[Hit]) -> AgeFacts:
    """Collect declared ages per author from unsuppressed hits.

    A hit counts when it has an ``age``/``grade`` capture or a ``minor-age``
    / ``adult-age`` signal. With a number the number decides (a rule tagged
    ``minor-age`` that captured "25" declares an adult); without one the
    signal decides.
    """
    ages: dict[str | None, list[int]] = {}
    minor_flag: dict[str | None, bool] = {}
    ordered = sorted(hits, key=lambda h: (h.message.seq, h.rule_id))
    for hit in ordered:
        if hit.suppressed is not None:
            continue
        who = hit.message.author
        age = declared_age(hit)
        if age is not None:
            ages.setdefault(who, []).append(age)
            minor_flag[who] = age < ADULT_AGE
        elif "minor-age" in hit.signals:
            minor_flag.setdefault(who, True)
        elif "adult-age" in hit.signals:
            minor_flag.setdefault(who, False)
    return AgeFacts(
        ages={k: tuple(v) for k, v in ages.items()},
        minors=frozenset(k for k, v in minor_flag.items() if v),
        adults=frozenset(k for k, v in minor_flag.items() if not v),
    )


def age_signals(facts: AgeFacts) -> tuple[str, ...]:
    """Derived signal ids, sorted: ``adult-age``, ``age-gap``, ``minor-age``."""
    out: list[str] = []
    if facts.adults:
        out.append("adult-age")
    if facts.age_gap:
        out.append("age-gap")
    if facts.minors:
        out.append("minor-age")
    return tuple(out)


def describe(facts: AgeFacts) -> str:
    """Short, text-free description: ``declared 13`` or ``declared minor``."""
    young = facts.youngest()
    return f"declared {young}" if young is not None else "declared minor"


def is_age_signal(signal: str) -> bool:
    """Signals that describe who someone *is*, not what they *do*."""
    return signal in {"minor-age", "adult-age", "age-gap"}


def minors_of(facts: AgeFacts) -> Sequence[str | None]:
    """Minor authors in a stable order (``None`` first)."""
    return sorted(facts.minors, key=lambda a: (a is not None, a or ""))
