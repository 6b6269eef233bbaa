"""Conversation prior (heuristic C6): a ranking discount, never a verdict.

PAN 2012's best systems first discarded conversations with one participant
or very few messages per participant: most such logs are spam, broadcasts
or fragments. cocoscan keeps them but ranks them lower. Exports without
author ids (plain transcripts, comment dumps) are not discounted: the
number of participants is unknown there, not one.
"""

from __future__ import annotations

from cocoscan.model import ConversationStats

ONE_PARTICIPANT = 0.75
SHORT = 0.85
SHORT_MESSAGES = 4


def prior_factor(stats: ConversationStats | None) -> tuple[float, str | None]:
    """A multiplier in (0, 1] and its explanation (``None`` when 1)."""
    if stats is None or not stats.authors:
        return 1.0, None
    factor = 1.0
    reasons = []
    if len(stats.authors) == 1:
        factor *= ONE_PARTICIPANT
        reasons.append("one participant")
    if stats.messages < SHORT_MESSAGES:
        factor *= SHORT
        reasons.append(f"{stats.messages} messages")
    if factor == 1.0:
        return 1.0, None
    return factor, f"x{factor:.2f} conversation prior: " + ", ".join(reasons)
