"""Benign context around grooming signals: family ties and surprises.

Two classic false-positive functions of grooming signals are not visible
in any single match: a relative arranging a pick-up ("mamie passe te
chercher"), and secrecy that keeps a surprise ("don't tell mom, it's for
her birthday"). Both are read from the text of hit messages and their
context messages (normalised; never written anywhere):

* :func:`kinship_terms` finds terms of address or reference for relatives
  (grandparents, aunts, uncles, godparents); scoring *discounts* grooming
  combinations in such conversations. It never suppresses: abuse within
  families is real, so the conversation stays ranked, lower, with the
  reason in its explanation.
* :func:`is_surprise_secrecy` says a secrecy hit's own message or its
  neighbours speak of a surprise, a birthday or a party; scoring does not
  count that hit's ``secrecy`` signal.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from cocoscan.model import Hit, Message
from cocoscan.normalize import normalise

_KINSHIP = regex.compile(
    r"\b(?:mamie|mamy|mami|papi|papy|grand-?mere|grand-?pere|grands-?parents|"
    r"tata|tatie|tati|tonton|ma tante|mon oncle|ta tante|ton oncle|marraine|"
    r"parrain|ma niece|mon neveu|grandma|grandpa|granny|grandad|granddad|"
    r"grandmother|grandfather|grandparents|nana|auntie|aunty|aunt|uncle|"
    r"godmother|godfather|my niece|my nephew)\b"
)
_SURPRISE = regex.compile(
    r"\b(?:surprise|anniversaire|anniv|birthday|bday|b-day|fete|party|"
    r"cadeau pour|gift for|present for)\b"
)

#: Factor on grooming combinations' boosts in a family context.
FAMILY_FACTOR = 0.5


def _texts(messages: Iterable[Message]) -> Iterable[str]:
    for m in messages:
        if m.text:
            yield normalise(m.text).text


def kinship_terms(hits: Iterable[Hit]) -> tuple[str, ...]:
    """Kinship terms (normalised, sorted) in hit messages and their context."""
    found: set[str] = set()
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        for m in (hit.message, *hit.context):
            key = (m.location.input_sha256, m.seq)
            if key in seen:
                continue
            seen.add(key)
            for text in _texts((m,)):
                found.update(x.group() for x in _KINSHIP.finditer(text))
    return tuple(sorted(found))


def is_surprise_secrecy(hit: Hit) -> bool:
    """A secrecy hit whose message, or a neighbouring one, speaks of a surprise."""
    if "secrecy" not in hit.signals:
        return False
    near = [hit.message]
    near += [m for m in hit.context if abs(m.seq - hit.message.seq) <= 2]
    return any(_SURPRISE.search(text) for text in _texts(near))
