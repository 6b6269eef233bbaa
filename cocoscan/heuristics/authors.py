"""Per-author aggregation robust to volume (heuristic C4, Sentinel-style).

An author's score is the mean of their top-k per-conversation scores: a
few strong conversations rank an author high, and a thousand weak hits do
not add up to one strong one. Two bounded terms follow: breadth (flagged in
several conversations) and, as Roblox Sentinel does, the shape of the
per-message distribution: a positive skewness ``(mean - median) / std``
over at least ``MIN_OBSERVATIONS`` messages ("mostly ordinary, with
spikes") adds a little. Authors with fewer than ``MIN_MESSAGES`` messages
are discounted (PAN 2012: few messages per user carry little evidence).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

TOP_K = 3
MIN_OBSERVATIONS = 10
MIN_MESSAGES = 3
FEW_MESSAGES_FACTOR = 0.8
BREADTH_STEP = 0.03
BREADTH_MAX = 0.09
SKEW_MAX = 0.05


def top_k_mean(values: Sequence[float], k: int = TOP_K) -> float:
    """Mean of the ``k`` largest values (all of them when fewer)."""
    if not values:
        return 0.0
    top = sorted(values, reverse=True)[:k]
    return sum(top) / len(top)


def skewness(values: Sequence[float]) -> float | None:
    """Nonparametric skew ``(mean - median) / std``; ``None`` below the minimum.

    Returns ``None`` with fewer than ``MIN_OBSERVATIONS`` values or zero
    spread: a shape needs observations.
    """
    if len(values) < MIN_OBSERVATIONS:
        return None
    std = statistics.pstdev(values)
    if std == 0.0:
        return None
    return (statistics.fmean(values) - statistics.median(values)) / std


def aggregate(
    conversation_scores: Sequence[float],
    message_weights: Sequence[float],
    messages: int,
) -> tuple[float, tuple[str, ...]]:
    """An author's score in [0, 1] and its explanation.

    Args:
        conversation_scores: the author's own score in each conversation.
        message_weights: the author's per-message evidence weights, one per
            message they sent (0.0 for messages without a hit).
        messages: messages the author sent in total.
    """
    flagged = sorted((s for s in conversation_scores if s > 0.0), reverse=True)
    if not flagged:
        return 0.0, ()
    base = top_k_mean(flagged)
    k = min(len(flagged), TOP_K)
    why = [f"{base:.2f} mean of top {k} conversation score{'s' if k > 1 else ''}"]
    score = base
    if len(flagged) > 1:
        extra = min(BREADTH_STEP * (len(flagged) - 1), BREADTH_MAX)
        score += extra * (1.0 - score)
        why.append(f"+{extra:.2f} flagged in {len(flagged)} conversations")
    skew = skewness(message_weights)
    if skew is not None and skew > 0.0:
        extra = SKEW_MAX * min(skew, 1.0)
        score += extra * (1.0 - score)
        why.append(f"+{extra:.2f} skewed message scores ({skew:.2f})")
    if messages < MIN_MESSAGES:
        score *= FEW_MESSAGES_FACTOR
        why.append(f"x{FEW_MESSAGES_FACTOR:.2f} only {messages} messages")
    return score, tuple(why)
