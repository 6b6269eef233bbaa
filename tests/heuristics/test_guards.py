"""Each guard on both sides, in French and English, on the normalised view.

Cases are written from the functions (negation, quotation, reporting,
counter-speech, self-reference, news, parents), not from any sample file.
"""

import pytest

from cocoscan.heuristics.guards import GUARDS, guard_reason
from cocoscan.normalize import normalise


def check(guard: str, text: str, term: str) -> bool:
    view = normalise(text).text
    folded = normalise(term).text
    start = view.find(folded)
    assert start >= 0, (view, folded)
    return guard_reason(view, start, start + len(folded), [guard]) is not None


CASES = [
    # (guard, text, term, suppressed)
    ("negation", "je ne suis pas une vermine", "vermine", True),
    ("negation", "j'ai rien contre les gays", "gays", True),
    ("negation", "I don't hate gay people at all", "hate gay people", True),
    ("negation", "they are not vermin", "vermin", True),
    ("negation", "c'est une vermine", "vermine", False),
    ("negation", "je dis pas ça mais t'es une vermine", "vermine", False),
    ("negation", "no idea why, but they are vermin", "vermin", False),
    ("negation", "they are vermin", "vermin", False),
    ("negation", "no, you're vermin", "vermin", False),
    ("negation", "y a pas mal de vermines ici", "vermines", False),
    ("quotation", 'il a écrit "viens seul" sous ma photo', "viens seul", True),
    ("quotation", "il a écrit « viens seul » hier", "viens seul", True),
    ("quotation", "il m'a écrit 'viens seul' hier soir", "viens seul", True),
    ("quotation", 'he wrote "come alone" in the chat', "come alone", True),
    ("quotation", "viens seul ce soir", "viens seul", False),
    ("quotation", "t'as qu'à venir seul, j'suis là", "venir seul", False),
    ("quotation", "come alone tonight, don't bring anyone", "come alone", False),
    ("quotation", 'come alone tonight "please"', "come alone", False),
    ("reporting", "il m'a traité de sale pd devant tout le monde", "pd", True),
    ("reporting", "j'ai été traité de tapette au lycée", "tapette", True),
    ("reporting", "someone called me a f4ggot on the bus", "f4ggot", True),
    ("reporting", "I was called a dyke at work today", "dyke", True),
    (
        "reporting",
        "he texted her come alone, then she stopped answering",
        "come alone",
        True,
    ),
    ("reporting", "t'es qu'un sale pd", "pd", False),
    ("reporting", "you're a dyke and everyone knows", "dyke", False),
    ("reporting", "je te le dis, viens seul", "viens seul", False),
    ("counter-speech", "arrête de traiter les gens de tapette", "tapette", True),
    ("counter-speech", "faut arrêter de dire pédé pour rien", "pede", True),
    ("counter-speech", "stop calling people faggots, it's not funny", "faggots", True),
    ("counter-speech", "fag is a slur, don't use it", "fag", True),
    ("counter-speech", "dire tapette c'est homophobe", "tapette", True),
    ("counter-speech", "les tapettes ça devrait pas exister", "tapettes", False),
    ("counter-speech", "faggots should stay home", "faggots", False),
    ("counter-speech", "stop. faggots are everywhere now", "faggots", False),
    ("self-reference", "je suis gay et fier", "gay", True),
    ("self-reference", "moi qui suis lesbienne, j'en ai marre", "lesbienne", True),
    ("self-reference", "as a gay man I disagree", "gay", True),
    ("self-reference", "us queers are going to pride", "queers", True),
    ("self-reference", "I'm a proud dyke", "dyke", True),
    ("self-reference", "t'es gay ou quoi", "gay", False),
    ("self-reference", "they are all queers", "queers", False),
    ("self-reference", "he's a dyke lover", "dyke", False),
    (
        "news",
        "le procès du prédateur qui demandait 't'as quel âge' s'ouvre",
        "t'as quel age",
        True,
    ),
    (
        "news",
        "il a été condamné pour avoir dit à des ados de venir seuls",
        "venir seuls",
        True,
    ),
    (
        "news",
        "the man was sentenced after asking kids to keep it a secret",
        "keep it a secret",
        True,
    ),
    ("news", "at the trial the jury read 'send me a pic'", "send me a pic", True),
    ("news", "garde le secret, personne doit savoir", "garde le secret", False),
    ("news", "keep it a secret ok", "keep it a secret", False),
    ("parental", "mon fils a 12 ans, il est en 6e", "12 ans", True),
    ("parental", "ta fille est en quelle classe ?", "en quelle classe", True),
    ("parental", "my daughter is in 7th grade now", "7th grade", True),
    ("parental", "how old is your son? mine is 9", "how old", True),
    ("parental", "t'es en quelle classe ?", "en quelle classe", False),
    ("parental", "how old are you? be honest", "how old", False),
    ("parental", "tes parents sont là ce soir ?", "tes parents sont la", False),
]


@pytest.mark.parametrize(("guard", "text", "term", "suppressed"), CASES)
def test_guard(guard: str, text: str, term: str, suppressed: bool) -> None:
    assert check(guard, text, term) is suppressed


def test_every_guard_has_cases_on_both_sides_in_both_languages() -> None:
    for name in GUARDS:
        sides = {s for g, _, _, s in CASES if g == name}
        assert sides == {True, False}, name


def test_reason_names_the_guard_and_order_is_the_rules() -> None:
    view = normalise('il a écrit "viens seul"').text
    start = view.find("viens seul")
    end = start + len("viens seul")
    assert guard_reason(view, start, end, ["quotation", "reporting"]).startswith(
        "guard quotation"
    )
    assert guard_reason(view, start, end, ["reporting", "quotation"]).startswith(
        "guard reporting"
    )
    assert guard_reason(view, start, end, ["unknown"]) is None
    assert guard_reason(view, start, end, []) is None
