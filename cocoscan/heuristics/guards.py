"""Context guards: the classic false positives of keyword detection.

A guard looks at the normalised view around a match and says why the match
should be suppressed, or ``None``. Suppressed hits stay visible in reports
with this reason and never count toward scores. Guards work on the
*normalised* view (lower case, no accents, apostrophes unified to ``'``,
double quotes and guillemets unified to ``"``), so their patterns are
written in that form. A rule opts into the guards that make sense for it
(a secrecy rule must not use ``negation``: "don't tell anyone" *is* the
indicator).

| guard            | suppresses                                             |
|------------------|--------------------------------------------------------|
| negation         | "je ne suis pas une ...", "I don't hate ..."           |
| quotation        | the match inside quotation marks                       |
| reporting        | "il m'a traité de ...", "someone called me a ..."      |
| counter-speech   | "arrête de traiter les gens de ...", "... is a slur"   |
| self-reference   | "je suis gay", "as a gay man", "us queers" (reclaimed) |
| news             | trials and news reports: "le procès", "sentenced"      |
| parental         | parents and teachers about children: "my son is 12"    |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

#: Characters and words that end a clause: context before them does not reach.
_CLAUSE_BREAK = regex.compile(r"[.,!?;\n]|\b(?:mais|but|et|and|donc|so|alors|then)\b")

_NEGATION_BEFORE = regex.compile(
    r"(?:\bpas(?! mal)\b|\b(?:ne|jamais|aucun|aucune|rien contre|plus jamais|"
    r"not|never|no|"
    r"nothing against|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|"
    r"aren't|arent|wasn't|wasnt|won't|wont|can't|cant|cannot|shouldn't|"
    r"wouldn't|ain't|nobody|no one|none)\b|\bn')"
)

_REPORTING_BEFORE = regex.compile(
    r"\b(?:il|elle|ils|elles|on|quelqu'un|un mec|un gars|un type|une fille|"
    r"un inconnu|des gens|he|she|they|someone|somebody|some guy|a guy|a man|"
    r"a stranger|people|this guy|the guy|the man|le mec|le gars|le type)\b"
    r".{0,40}?\b(?:m'a|m'ont|t'a|t'ont|nous a|nous ont|lui a|a dit|ont dit|"
    r"disait|ecrit|ecrivait|envoye|demande|traite|traitee|traites|insulte|"
    r"insultee|called|call|calls|calling|said|says|wrote|writes|texted|"
    r"messaged|sent|asked|told|yelled|shouted|screamed)\b"
)
#: First-person passive reports: "j'ai été traité de", "I was called a".
_PASSIVE_REPORT = regex.compile(
    r"\b(?:j'ai ete|j'me suis fait|je me suis fait|on m'a|i was|i got|i've been|"
    r"we were|we got)\s+(?:\w+\s+){0,2}?(?:traite|traitee|insulte|insultee|"
    r"called|labelled|labeled|told)\b"
)

_COUNTER_BEFORE = regex.compile(
    r"\b(?:arrete[rsz]? de|arretez de|faut arreter de|stop|stop calling|quit|"
    r"don't call|dont call|never call|on ne dit pas|on dit pas|dis pas|dites pas|"
    r"pas ok de|pas normal de|inacceptable de|it's not ok(?:ay)? to|"
    r"not ok(?:ay)? to|no one should|nobody should|personne ne devrait)\b"
    r"[^.!?\n]{0,50}$"
)
_COUNTER_AFTER = regex.compile(
    r"^[^.!?\n]{0,40}?\b(?:c'est|est|is|are|was|that's|thats|ce mot est|"
    r"this word is|that word is)\s+(?:\w+\s+){0,2}?(?:homophobe|homophobic|"
    r"raciste|racist|une insulte|an insult|a slur|un slur|offensive|insultant|"
    r"insultante|inacceptable|unacceptable|pas ok|not ok|not okay|hateful|"
    r"haineux|degueulasse|disgusting to say)\b"
)

_SELF_BEFORE = regex.compile(
    r"\b(?:je suis|j'suis|jsuis|chui|moi qui suis|en tant que|fier d'etre|"
    r"fiere d'etre|fier de faire partie des|i'm|im|i am|as an?|we're|"
    r"we are|us|we|proud to be|nous les|nous autres|on est|nous sommes|"
    r"my fellow|mes amis|mes freres|mes soeurs)\s+"
    r"(?:(?:un|une|des|les|a|an|so|very|tres|trop|super|fier|fiere|proud|openly|"
    r"out|happily|fellow|old|young|big|gay|bi|queer|trans|lesbienne|lesbian|"
    r"married|black|noir|noire)\s+){0,2}$"
)

_NEWS = regex.compile(
    r"\b(?:proces|condamne|condamnee|condamnes|condamnation|tribunal|assises|"
    r"juge pour|le juge|la juge|l'audience|mis en examen|mise en examen|"
    r"garde a vue|procureur|parquet|"
    r"l'accuse|le prevenu|selon la police|selon le journal|article|reportage|"
    r"trial|sentenced|convicted|conviction|court|jury|pleaded|pled guilty|"
    r"charged with|prosecutor|the defendant|the accused|according to police|"
    r"police said|was arrested|were arrested|a ete arrete|ont ete arretes|"
    r"news|headline|journalist|journaliste)\b"
)

_CHILD_REFERENT = regex.compile(
    r"\b(?:mon fils|ma fille|mes fils|mes filles|mes enfants|mon enfant|mon petit|"
    r"ma petite|mon neveu|ma niece|mes eleves|mon eleve|ton fils|ta fille|"
    r"tes enfants|votre fils|votre fille|vos enfants|nos enfants|les enfants|"
    r"la maitresse|le maitre|sa classe|leur classe|ma classe|"
    r"my son|my daughter|my kids|my kid|my child|my children|my boy|my girl|"
    r"my nephew|my niece|my students|my pupils|my class|your son|your daughter|"
    r"your kids|your child|your children|our kids|our children|the kids|"
    r"his teacher|her teacher|their teacher|the teacher|kids' school)\b"
)


def _clause_before(view: str, start: int, width: int) -> str:
    """The text before ``start`` back to the last clause break (``width`` max)."""
    window = view[max(0, start - width) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end() :] if breaks else window


def _sentence_around(view: str, start: int, end: int, width: int) -> str:
    """The sentence around the match, at most ``width`` characters each side."""
    left = view[max(0, start - width) : start]
    right = view[end : end + width]
    cut = max(left.rfind(c) for c in ".!?\n")
    if cut >= 0:
        left = left[cut + 1 :]
    stops = [i for i in (right.find(c) for c in ".!?\n") if i >= 0]
    if stops:
        right = right[: min(stops)]
    return left + " " + view[start:end] + " " + right


def is_negated(view: str, start: int, end: int) -> bool:
    """A negation word in the same clause, shortly before the match."""
    return _NEGATION_BEFORE.search(_clause_before(view, start, 40)) is not None


def _opening_single_quote(view: str, start: int) -> int | None:
    """Index of a ``'`` used as an opening quote before ``start`` (not an elision)."""
    for i in range(start - 1, max(-1, start - 120), -1):
        if view[i] == "\n":
            return None
        if view[i] == "'" and (i == 0 or not view[i - 1].isalnum()):
            return i
    return None


def is_quoted(view: str, start: int, end: int) -> bool:
    """The match sits inside double quotes, guillemets or single quotes.

    Double quotes count by parity before the match. Single quotes are
    apostrophes too ("m'a"), so only a ``'`` not preceded by a letter opens
    a quote and only a ``'`` not followed by a letter closes it.
    """
    before, after = view[:start], view[end:]
    if before.count('"') % 2 == 1 and '"' in after:
        return True
    if _opening_single_quote(view, start) is None:
        return False
    for i, ch in enumerate(after[:120]):
        if ch == "\n":
            return False
        if ch == "'" and (i + 1 >= len(after) or not after[i + 1].isalnum()):
            return True
    return False


def is_reported(view: str, start: int, end: int) -> bool:
    """Reported speech: "il m'a traité de ...", "someone called me ...".

    Also first-person passives ("j'ai été traité de", "I was called a").
    """
    window = view[max(0, start - 80) : start]
    if _PASSIVE_REPORT.search(window) is not None:
        return True
    return _REPORTING_BEFORE.search(window) is not None


def is_counter_speech(view: str, start: int, end: int) -> bool:
    """Rejecting the term: "arrête de traiter les gens de ...", "... is a slur"."""
    before = _clause_before(view, start, 80)
    if _COUNTER_BEFORE.search(before) is not None:
        return True
    return _COUNTER_AFTER.search(view[end : end + 80]) is not None


def is_self_reference(view: str, start: int, end: int) -> bool:
    """The speaker names their own identity: "je suis gay", "us queers"."""
    return _SELF_BEFORE.search(view[max(0, start - 40) : start]) is not None


def is_news(view: str, start: int, end: int) -> bool:
    """News or trial talk in the same message: "le procès", "sentenced"."""
    return _NEWS.search(view) is not None


def is_parental(view: str, start: int, end: int) -> bool:
    """Parents or teachers talking about children in the same sentence."""
    return _CHILD_REFERENT.search(_sentence_around(view, start, end, 80)) is not None


GUARDS: dict[str, tuple[Callable[[str, int, int], bool], str]] = {
    "negation": (is_negated, "negated in the same clause"),
    "quotation": (is_quoted, "inside quotation marks"),
    "reporting": (is_reported, "reported speech"),
    "counter-speech": (is_counter_speech, "counter-speech rejecting the term"),
    "self-reference": (is_self_reference, "self-reference or reclaimed term"),
    "news": (is_news, "news or trial report"),
    "parental": (is_parental, "parent or teacher talking about children"),
}


def guard_reason(view: str, start: int, end: int, guards: Sequence[str]) -> str | None:
    """Return why the match at ``view[start:end]`` is suppressed, or ``None``.

    Args:
        view: the normalised view of the whole message.
        start: start of the match in the view.
        end: end of the match in the view.
        guards: guard names declared by the rule, tried in that order
            (unknown names are ignored here; the pack loader rejects them).
    """
    for name in guards:
        entry = GUARDS.get(name)
        if entry is not None and entry[0](view, start, end):
            return f"guard {name}: {entry[1]}"
    return None
