"""Context guards: the classic false positives of keyword detection.

A guard looks at the normalised view around a match and says why the match
should be suppressed (negated, quoted, reported speech, counter-speech,
self-reference), or ``None``. Suppressed hits stay visible in reports with
this reason. Guards work on the *normalised* view (lower case, no accents,
apostrophes unified), so their patterns are written in that form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

#: Characters that end a clause: a negation before them does not reach the match.
_CLAUSE_BREAK = regex.compile(r"[.!?;:\n]|\b(?:mais|but|et|and|donc|so)\b")

_NEGATION_BEFORE = regex.compile(
    r"\b(?:ne|n'|pas|jamais|aucun|aucune|rien contre|not|never|no|don't|dont|"
    r"doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|wasnt|won't|wont|nothing against)\b"
)

_REPORTING_BEFORE = regex.compile(
    r"\b(?:il|elle|ils|elles|on|quelqu'un|un mec|un gars|he|she|they|someone|somebody|"
    r"a guy|people)\b.{0,40}?\b(?:m'a|m'ont|t'a|nous a|a dit|ont dit|disait|ecrit|"
    r"traite|traitee|traites|insulte|called|call|calls|said|says|wrote|told|"
    r"yelled|shouted)\b"
)

_QUOTE_CHARS = '"«»“”'


def is_negated(view: str, start: int, end: int) -> bool:
    """A negation word in the same clause, just before the match."""
    window = view[max(0, start - 40) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return _NEGATION_BEFORE.search(window) is not None


def is_quoted(view: str, start: int, end: int) -> bool:
    """The match sits inside quotation marks (an odd number of quotes before it)."""
    before = view[:start]
    after = view[end:]
    opens = sum(before.count(c) for c in _QUOTE_CHARS)
    return opens % 2 == 1 and any(c in after for c in _QUOTE_CHARS)


def is_reported(view: str, start: int, end: int) -> bool:
    """Reported speech: "il m'a traité de ...", "someone called me ..."."""
    window = view[max(0, start - 80) : start]
    return _REPORTING_BEFORE.search(window) is not None


GUARDS: dict[str, tuple[Callable[[str, int, int], bool], str]] = {
    "negation": (is_negated, "negated in the same clause"),
    "quotation": (is_quoted, "inside quotation marks"),
    "reporting": (is_reported, "reported speech"),
}


def guard_reason(view: str, start: int, end: int, guards: Sequence[str]) -> str | None:
    """Return why the match at ``view[start:end]`` is suppressed, or ``None``.

    Args:
        view: the normalised view of the whole message.
        start: start of the match in the view.
        end: end of the match in the view.
        guards: guard names declared by the rule (unknown names are ignored
            here; the pack loader rejects them).
    """
    for name in guards:
        entry = GUARDS.get(name)
        if entry is not None and entry[0](view, start, end):
            return f"guard {name}: {entry[1]}"
    return None
