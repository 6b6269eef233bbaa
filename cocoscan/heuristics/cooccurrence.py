"""Evidence items, their weights and how they combine (heuristic C2).

Every unsuppressed hit becomes one :class:`Evidence` item per key it
carries: its harm category (unless it is a ``signal`` rule) and each of its
signals. Weights come from the rule's severity times its confidence.
Evidence combines as a noisy-or, ``1 - prod(1 - w_i)``, over the *strongest*
item per key: repeats of one weak signal saturate at that signal's weight,
while distinct keys add up. :func:`best_window` finds, for one author, the
tightest run of messages holding the most distinct keys of a family, which
is what makes "a minor, then secrecy, snap and a picture request within 12
messages" weigh more than the same words spread over a year.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass

from cocoscan.heuristics.ages import hit_signals
from cocoscan.model import Hit, Severity

#: Base weight of a rule by severity (the most a single hit can weigh).
SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.INFORMATIONAL: 0.05,
    Severity.LOW: 0.15,
    Severity.MEDIUM: 0.30,
    Severity.HIGH: 0.50,
    Severity.CRITICAL: 0.70,
}
#: Multiplier by the rule's declared confidence.
CONFIDENCE_WEIGHT: dict[str, float] = {"low": 0.6, "medium": 0.8, "high": 1.0}


def hit_weight(hit: Hit) -> float:
    """Base weight of a hit in [0, 0.7]: severity weight x confidence factor.

    Suppressed hits weigh 0: they stay visible but never count.
    """
    if hit.suppressed is not None:
        return 0.0
    conf = CONFIDENCE_WEIGHT.get(hit.confidence, CONFIDENCE_WEIGHT["medium"])
    return SEVERITY_WEIGHT[hit.severity] * conf


def noisy_or(weights: Iterable[float]) -> float:
    """``1 - prod(1 - w)``: independent evidence, bounded by 1."""
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - min(max(w, 0.0), 1.0)
    return 1.0 - remaining


def boost(score: float, amount: float) -> float:
    """Raise ``score`` by ``amount`` of the distance left to 1 (stays < 1)."""
    return score + min(max(amount, 0.0), 1.0) * (1.0 - score)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One key (category or signal) carried by one unsuppressed hit."""

    key: str
    weight: float
    author: str | None
    seq: int
    rule: str
    direct: bool  # True for the rule's harm category, False for a signal


def evidence_of(
    hits: Iterable[Hit], muted: Callable[[Hit], Container[str]] | None = None
) -> list[Evidence]:
    """Evidence items of unsuppressed hits, in message order.

    ``muted`` names, per hit, signals that benign context explains (a
    secrecy hit about a surprise): they are left out.
    """
    out: list[Evidence] = []
    for hit in hits:
        w = hit_weight(hit)
        if w <= 0.0:
            continue
        who, seq, rule = hit.message.author, hit.message.seq, hit.rule_id
        skip = muted(hit) if muted is not None else ()
        if hit.category != "signal":
            out.append(Evidence(hit.category, w, who, seq, rule, True))
        for signal in hit_signals(hit):
            if signal not in skip:
                out.append(Evidence(signal, w, who, seq, rule, False))
    out.sort(key=lambda e: (e.seq, e.rule, e.key))
    return out


def strongest(evidence: Iterable[Evidence]) -> dict[str, Evidence]:
    """The strongest item per key (ties: earliest message, then rule id)."""
    best: dict[str, Evidence] = {}
    for e in evidence:
        cur = best.get(e.key)
        if cur is None or (-e.weight, e.seq, e.rule) < (-cur.weight, cur.seq, cur.rule):
            best[e.key] = e
    return {k: best[k] for k in sorted(best)}


@dataclass(frozen=True, slots=True)
class Window:
    """Distinct keys of a family found together, and the messages they span."""

    keys: tuple[str, ...]
    first_seq: int
    last_seq: int
    weight: float  # noisy-or of the strongest item per key inside the window

    @property
    def span(self) -> int:
        """Messages covered, first and last included."""
        return self.last_seq - self.first_seq + 1


def best_window(
    evidence: Sequence[Evidence],
    family: Iterable[str],
    *,
    window: int,
    aliases: dict[str, str] | None = None,
) -> Window | None:
    """The run of at most ``window`` messages with the most distinct keys.

    Args:
        evidence: items of one author (or one conversation), any order.
        family: keys that count (e.g. the grooming acts).
        window: maximum span in messages (by ``seq``).
        aliases: keys counted as another (``contact-exchange`` as
            ``off-platform``).

    Ties prefer the tighter span, then the earlier start. ``None`` when no
    item of the family is present.
    """
    wanted = set(family)
    names = aliases or {}
    items = sorted(
        (e for e in evidence if names.get(e.key, e.key) in wanted),
        key=lambda e: (e.seq, e.rule, e.key),
    )
    best: Window | None = None
    lo = 0
    for hi in range(len(items)):
        while items[hi].seq - items[lo].seq >= window:
            lo += 1
        inside = items[lo : hi + 1]
        per_key: dict[str, float] = {}
        for e in inside:
            k = names.get(e.key, e.key)
            per_key[k] = max(per_key.get(k, 0.0), e.weight)
        cand = Window(
            keys=tuple(sorted(per_key)),
            first_seq=inside[0].seq,
            last_seq=inside[-1].seq,
            weight=noisy_or(per_key[k] for k in sorted(per_key)),
        )
        if best is None or (len(cand.keys), -cand.span, -cand.first_seq) > (
            len(best.keys),
            -best.span,
            -best.first_seq,
        ):
            best = cand
    return best


def by_author(evidence: Iterable[Evidence]) -> dict[str | None, list[Evidence]]:
    """Group evidence per author, authors in a stable order (``None`` first)."""
    groups: dict[str | None, list[Evidence]] = {}
    for e in evidence:
        groups.setdefault(e.author, []).append(e)
    order = sorted(groups, key=lambda a: (a is not None, a or ""))
    return {a: groups[a] for a in order}
