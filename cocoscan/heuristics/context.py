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
* :func:`speech_context` applies the quotation, reporting and news guards
  to *every* hit, whatever guards its rule declares: words inside quotes,
  in reported speech or in a news report are not the author's own acts, so
  they never count toward a score (the finding stays visible, suppressed,
  with the reason).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import regex

from cocoscan.heuristics.guards import is_news, is_quoted, is_reported
from cocoscan.model import Hit, Message
from cocoscan.normalize import View, normalise

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


#: Guards applied to every hit at scoring time, in this order.
SPEECH_GUARDS = (
    ("quotation", is_quoted, "inside quotation marks"),
    ("reporting", is_reported, "reported speech"),
    ("news", is_news, "news or trial report"),
)


def view_span(view: View, start: int, end: int) -> tuple[int, int]:
    """Map a raw span to the view span covering it (inverse of ``raw_span``)."""
    if view.starts is None or view.ends is None:
        return start, end
    lo = bisect_left(view.ends, start + 1)
    hi = bisect_left(view.starts, end)
    return lo, max(hi, lo)


def speech_context(hit: Hit) -> str | None:
    """Why a hit is quoted, reported or news rather than an act, or ``None``."""
    view = normalise(hit.message.text)
    start, end = view_span(view, *hit.span)
    for name, test, why in SPEECH_GUARDS:
        if test(view.text, start, end):
            return f"context {name}: {why}, not the author's act"
    return None
