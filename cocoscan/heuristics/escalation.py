"""Escalation order: contact -> trust -> isolation -> request -> meeting.

Grooming models (O'Connell, Olson, Lorenzo-Dus) describe phases that
overlap and repeat, so this never *requires* an order; it rewards one. The
first occurrence of each stage is taken in message order and the share of
stage pairs that appear in the canonical order becomes a bounded boost,
only when at least three distinct stages are present.
"""

from __future__ import annotations

from collections.abc import Sequence

from cocoscan.heuristics.cooccurrence import Evidence

#: Stage of each key; a key may only belong to one stage.
STAGES: dict[str, int] = {
    "age-probe": 0,
    "contact-exchange": 0,
    "flattery": 1,
    "gift": 1,
    "isolation": 2,
    "secrecy": 2,
    "off-platform": 2,
    "image-request": 3,
    "pressure": 3,
    "meeting": 4,
}
STAGE_NAMES = ("contact", "trust", "isolation", "request", "meeting")
MIN_STAGES = 3
MAX_BOOST = 0.10


def stage_order(evidence: Sequence[Evidence]) -> list[tuple[int, int]]:
    """(stage, first seq) for every stage present, sorted by first seq."""
    first: dict[int, int] = {}
    for e in evidence:
        stage = STAGES.get(e.key)
        if stage is not None and (stage not in first or e.seq < first[stage]):
            first[stage] = e.seq
    return sorted(((s, q) for s, q in first.items()), key=lambda t: (t[1], t[0]))


def ordered_fraction(order: Sequence[tuple[int, int]]) -> float:
    """Share of stage pairs whose first occurrences follow the canonical order."""
    pairs = ok = 0
    for i in range(len(order)):
        for j in range(i + 1, len(order)):
            pairs += 1
            ok += order[i][0] < order[j][0]
    return ok / pairs if pairs else 0.0


def escalation_boost(evidence: Sequence[Evidence]) -> tuple[float, str | None]:
    """A boost in [0, 0.1] and its explanation (``None`` when 0)."""
    order = stage_order(evidence)
    if len(order) < MIN_STAGES:
        return 0.0, None
    frac = ordered_fraction(order)
    amount = round(MAX_BOOST * frac * min(len(order), 5) / 5, 4)
    if amount <= 0.0:
        return 0.0, None
    names = " -> ".join(STAGE_NAMES[s] for s, _ in order)
    return amount, f"+{amount:.2f} escalation {names} ({frac:.0%} in order)"
