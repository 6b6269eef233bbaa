"""Speed to an off-platform move or a meeting (heuristic C3).

Fast escalation is a signal for grooming and for ambush lures: a stranger
who asks for Snapchat within ten messages, or a meeting within the first
half hour, behaves unlike people who get to know each other. Measured from
the conversation's first message (time) or the first hit (messages) to the
first ``off-platform``, ``contact-exchange`` or ``meeting`` evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cocoscan.heuristics.cooccurrence import Evidence

MOVES = frozenset({"off-platform", "contact-exchange", "meeting"})
FAST_MESSAGES = 15
FAST_MINUTES = 30.0
MAX_BOOST = 0.10


def _minutes(a: datetime, b: datetime) -> float | None:
    if (a.tzinfo is None) != (b.tzinfo is None):
        return None
    return (b - a).total_seconds() / 60.0


def time_to_move(
    evidence: Sequence[Evidence],
    times: dict[int, datetime | None],
    first_seen: datetime | None,
) -> tuple[int, float | None] | None:
    """(messages, minutes) from the start to the first move, or ``None``.

    Messages count from the first evidence item (the conversation's first
    message is not known to this stage); minutes from ``first_seen``.
    """
    if not evidence:
        return None
    moves = [e for e in evidence if e.key in MOVES]
    if not moves:
        return None
    start = min(e.seq for e in evidence)
    move = min(moves, key=lambda e: e.seq)
    when = times.get(move.seq)
    minutes = _minutes(first_seen, when) if first_seen and when else None
    return move.seq - start + 1, minutes


def speed_boost(
    evidence: Sequence[Evidence],
    times: dict[int, datetime | None],
    first_seen: datetime | None,
) -> tuple[float, str | None]:
    """Up to +0.10 when the move comes within 15 messages or 30 minutes."""
    found = time_to_move(evidence, times, first_seen)
    if found is None:
        return 0.0, None
    messages, minutes = found
    fast_msgs = messages <= FAST_MESSAGES
    fast_time = minutes is not None and 0 <= minutes <= FAST_MINUTES
    if not (fast_msgs or fast_time):
        return 0.0, None
    amount = MAX_BOOST if (fast_msgs and fast_time) else MAX_BOOST / 2
    parts = [f"{messages} messages"]
    if minutes is not None:
        parts.append(f"{minutes:.0f} minutes")
    return (
        amount,
        f"+{amount:.2f} fast move off-platform or to a meeting ({', '.join(parts)})",
    )
