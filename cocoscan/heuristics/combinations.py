"""Harm categories from combinations of signals (C1 + C2 + the P/A/S cues).

A conversation can be grooming without any grooming-category rule firing:
an author who asks a declared minor for secrecy and a move to Snapchat is
the pattern, not either message. Each function here looks at the evidence
of one conversation and returns the :class:`Combination` records it finds,
each naming the category, the author who acted, a bounded boost, a minimum
severity and a text-free explanation.

Single weak signals never make a harm: one age question, one "add me on
snap", one price, one "come alone" are everyday talk between adults,
parents and friends. Every combination needs at least two distinct acts,
and peers (two declared minors) do not make grooming. Packs usually give
signal rules an informational weight, so a combination's boost is sized to
reach the default category threshold (0.20) on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cocoscan.heuristics.ages import YOUNG_MINOR_AGE, AgeFacts, describe
from cocoscan.heuristics.cooccurrence import Evidence, Window, best_window, by_author
from cocoscan.model import Severity

#: Messages within which acts count as one move (by input ordinal).
WINDOW = 60

GROOMING_ACTS = (
    "gift",
    "image-request",
    "isolation",
    "meeting",
    "off-platform",
    "secrecy",
)
#: Keys counted as another: a phone number or handle is an off-platform move.
ALIASES = {"contact-exchange": "off-platform"}

#: Night hours (local time of the export) that make a meeting a lure cue.
LATE_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4})


@dataclass(frozen=True, slots=True)
class Combination:
    """A harm inferred from co-occurring signals."""

    category: str
    actor: str | None
    boost: float
    severity: Severity
    keys: tuple[str, ...]
    reason: str

    def explain(self) -> str:
        """``+0.35 grooming: ...`` (never chat text)."""
        return f"+{self.boost:.2f} {self.category}: {self.reason}"


def _join(keys: Sequence[str]) -> str:
    keys = list(keys)
    return keys[0] if len(keys) == 1 else ", ".join(keys[:-1]) + " and " + keys[-1]


def _keys(evidence: Sequence[Evidence]) -> set[str]:
    return {e.key for e in evidence}


#: Acts that count toward grooming when no one declared an age.
UNDECLARED_ACTS = (*GROOMING_ACTS, "age-probe", "flattery", "pressure")
#: Of those, acts that ordinary flirting between adults rarely has.
CORE_ACTS = frozenset({"gift", "image-request", "isolation", "off-platform", "secrecy"})


def grooming(
    evidence: Sequence[Evidence], facts: AgeFacts, *, window: int = WINDOW
) -> list[Combination]:
    """A declared minor plus >= 2 distinct grooming acts from another author.

    The acting author must not be a declared minor (peers swapping snaps and
    secrets are not grooming). Without author ids (plain transcripts) the
    acts may come from anyone. An actor who declared an adult age adds the
    age-gap term; a youngest age under 15 adds another. When nobody declared
    any age, :func:`undeclared_grooming` applies instead.
    """
    if not facts.minor_present:
        return undeclared_grooming(evidence, facts, window=window)
    out: list[Combination] = []
    for actor, items in by_author(evidence).items():
        if facts.is_minor(actor):
            continue
        win = best_window(items, GROOMING_ACTS, window=window, aliases=ALIASES)
        if win is None or len(win.keys) < 2:
            continue
        amount = min(0.30 + 0.10 * (len(win.keys) - 2), 0.60)
        extra = []
        if actor is not None and actor in facts.adults:
            amount += 0.10
            extra.append("declared adult")
        young = facts.youngest()
        if young is not None and young < YOUNG_MINOR_AGE:
            amount += 0.05
            extra.append(f"under {YOUNG_MINOR_AGE}")
        if "age-probe" in _keys(items):
            amount += 0.05
            extra.append("asked the age")
        severity = Severity.HIGH
        if len(win.keys) >= 4 or (young is not None and young < YOUNG_MINOR_AGE):
            severity = Severity.CRITICAL
        reason = (
            f"minor-age ({describe(facts)}) with {_join(win.keys)} from one author "
            f"within {win.span} messages"
        )
        if extra:
            reason += " (" + ", ".join(extra) + ")"
        out.append(
            Combination("grooming", actor, min(amount, 0.8), severity, win.keys, reason)
        )
    return out


def undeclared_grooming(
    evidence: Sequence[Evidence], facts: AgeFacts, *, window: int = WINDOW
) -> list[Combination]:
    """Three distinct grooming acts from one author when no minor age is known.

    Children often never state an age, so the pattern itself must carry the
    lead: at least three distinct acts, two of them ones that flirting
    between adults rarely has (secrecy, isolation, image request, gift,
    moving off-platform). When someone *other* than the actor declared an
    adult age, the conversation is between adults and this does not apply.
    """
    out: list[Combination] = []
    for actor, items in by_author(evidence).items():
        if facts.adults - {actor}:
            continue
        win = best_window(items, UNDECLARED_ACTS, window=window, aliases=ALIASES)
        if win is None or len(win.keys) < 3 or len(CORE_ACTS & set(win.keys)) < 2:
            continue
        amount = min(0.22 + 0.05 * (len(win.keys) - 3), 0.35)
        reason = (
            f"no declared age: {_join(win.keys)} from one author "
            f"within {win.span} messages"
        )
        out.append(
            Combination("grooming", actor, amount, Severity.MEDIUM, win.keys, reason)
        )
    return out


def _same_author(
    evidence: Sequence[Evidence],
    required: Sequence[str],
    optional: Sequence[str],
    *,
    window: int,
) -> list[tuple[str | None, Window]]:
    """Authors whose window holds every ``required`` key (+ optional ones)."""
    found = []
    for actor, items in by_author(evidence).items():
        win = best_window(items, (*required, *optional), window=window)
        if win is not None and all(k in win.keys for k in required):
            found.append((actor, win))
    return found


def sextortion(
    evidence: Sequence[Evidence], facts: AgeFacts, *, window: int = WINDOW
) -> list[Combination]:
    """Threat and payment demand from one author (deadline adds)."""
    out = []
    for actor, win in _same_author(
        evidence, ("threat", "payment"), ("deadline", "image-request"), window=window
    ):
        amount = 0.35 + (0.10 if "deadline" in win.keys else 0.0)
        severity = Severity.CRITICAL if facts.minor_present else Severity.HIGH
        reason = f"{_join(win.keys)} from one author within {win.span} messages"
        if facts.minor_present:
            reason += f" (minor present, {describe(facts)})"
        out.append(Combination("sextortion", actor, amount, severity, win.keys, reason))
    return out


def prostitution(
    evidence: Sequence[Evidence], facts: AgeFacts, *, window: int = WINDOW
) -> list[Combination]:
    """Rates with logistics, or third-party management with either.

    Rates and a hotel are also a family booking a room: the pair alone is a
    medium lead; a third party who manages or takes a cut makes it strong,
    and a minor anywhere in the conversation makes it critical.
    """
    out = []
    for actor, items in by_author(evidence).items():
        win = best_window(
            items, ("rates", "logistics", "third-party", "payment"), window=window
        )
        if win is None:
            continue
        keys = set(win.keys)
        has_pair = {"rates", "logistics"} <= keys
        managed = "third-party" in keys and bool(keys & {"rates", "logistics"})
        if not (has_pair or managed):
            continue
        amount = 0.25 + (0.15 if "third-party" in keys else 0.0)
        severity = Severity.HIGH if managed else Severity.MEDIUM
        reason = f"{_join(win.keys)} from one author within {win.span} messages"
        if facts.minor_present:
            amount += 0.20
            severity = Severity.CRITICAL
            reason += f" with a minor present ({describe(facts)})"
        out.append(
            Combination("prostitution", actor, amount, severity, win.keys, reason)
        )
    return out


def ambush(
    evidence: Sequence[Evidence],
    facts: AgeFacts,
    *,
    late: frozenset[int] = frozenset(),
    window: int = WINDOW,
) -> list[Combination]:
    """Lure with a meeting at an isolated place or late hour; organiser talk.

    ``late`` holds the ``seq`` of messages sent at night. Three paths:

    * a ``lure`` and a meeting from one author, at an isolated place or at
      night;
    * without a lure rule, the rush itself (A2 + A3): one author, at night,
      asks for a meeting at an isolated place *and* for cash or silence;
    * organiser talk (plural planning of bait, grabbing, filming) with any
      of meeting, lure, threat or violence in the conversation, or two
      authors planning.
    """
    out = []
    for actor, items in by_author(evidence).items():
        family = ("lure", "meeting", "isolation", "payment", "secrecy")
        win = best_window(items, family, window=window)
        if win is None or "meeting" not in win.keys:
            continue
        found = set(win.keys)
        at_night = any(e.seq in late for e in items if e.key in ("meeting", "lure"))
        lured = "lure" in found and ("isolation" in found or at_night)
        rushed = (
            at_night and "isolation" in found and bool(found & {"payment", "secrecy"})
        )
        if not (lured or rushed):
            continue
        amount = (0.30 if lured else 0.25) + (0.10 if at_night else 0.0)
        reason = f"{_join(win.keys)} from one author within {win.span} messages"
        if at_night:
            reason += " at night"
        severity = Severity.HIGH
        out.append(Combination("ambush", actor, amount, severity, win.keys, reason))
    organisers = [e for e in evidence if e.key == "organiser"]
    planners = sorted({e.author or "" for e in organisers})
    partners = _keys(evidence) & {"meeting", "lure", "threat", "violence-call"}
    if organisers and (partners or len(planners) >= 2):
        actor = organisers[0].author
        keys = tuple(sorted({"organiser", *partners}))
        reason = f"organiser talk with {_join(sorted(partners))}" if partners else ""
        if len(planners) >= 2:
            reason = (reason + "; " if reason else "") + (
                f"planning by {len(planners)} authors"
            )
        out.append(Combination("ambush", actor, 0.35, Severity.HIGH, keys, reason))
    return out


def laundering(
    evidence: Sequence[Evidence], facts: AgeFacts, *, window: int = WINDOW
) -> list[Combination]:
    """Recruitment with a bank account or payment routing from one author."""
    out = []
    for actor, items in by_author(evidence).items():
        win = best_window(
            items, ("recruitment", "bank-account", "payment", "secrecy"), window=window
        )
        if win is None or "recruitment" not in win.keys:
            continue
        if not {"bank-account", "payment"} & set(win.keys):
            continue
        amount = 0.30 + (0.10 if "bank-account" in win.keys else 0.0)
        severity = Severity.HIGH
        reason = f"{_join(win.keys)} from one author within {win.span} messages"
        if facts.minor_present:
            reason += f" (minor present, {describe(facts)})"
        out.append(Combination("laundering", actor, amount, severity, win.keys, reason))
    return out


def late_seqs(evidence_times: Sequence[tuple[int, datetime | None]]) -> frozenset[int]:
    """``seq`` of messages sent at night (22:00-04:59, the export's clock)."""
    return frozenset(
        seq
        for seq, when in evidence_times
        if when is not None and when.hour in LATE_HOURS
    )


def combinations(
    evidence: Sequence[Evidence],
    facts: AgeFacts,
    *,
    late: frozenset[int] = frozenset(),
    window: int = WINDOW,
) -> list[Combination]:
    """Every combination found, in a stable order."""
    found = [
        *grooming(evidence, facts, window=window),
        *prostitution(evidence, facts, window=window),
        *ambush(evidence, facts, late=late, window=window),
        *sextortion(evidence, facts, window=window),
        *laundering(evidence, facts, window=window),
    ]
    return sorted(found, key=lambda c: (c.category, c.actor or "", -c.boost, c.keys))
