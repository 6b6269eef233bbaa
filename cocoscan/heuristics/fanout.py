"""Fan-out and scripts (heuristic C5): one author, many near-identical openers.

A groomer or scammer working from a script opens many one-to-one
conversations with the same first lines. Openers (each author's first
message, normalised, from :class:`ConversationStats`) are compared across
conversations with rapidfuzz; an author whose openers in N >= 2
conversations are near-identical gets a bounded boost on those
conversations (only ones with other evidence: a greeting bot is not a
harm).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from rapidfuzz import fuzz, process

from cocoscan.model import ConversationStats
from cocoscan.normalize import fold

SIMILARITY = 90.0
MIN_CHARS = 15
MIN_CONVERSATIONS = 2
STEP = 0.05
MAX_BOOST = 0.15
#: Pairwise comparison is quadratic: beyond this many openers per author, the
#: first ones (by conversation id) are compared.
MAX_OPENERS = 80


_folded: dict[str, str] = {}


def _fold(text: str) -> str:
    """Folded opener, cached: scripts repeat the same lines."""
    done = _folded.get(text)
    if done is None:
        if len(_folded) > 100_000:
            _folded.clear()
        done = _folded[text] = fold(text)
    return done


def scripted_openers(
    stats: Iterable[ConversationStats],
    authors: Collection[str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Authors mapped to the conversations where they used one opener script.

    Openers (raw first messages, folded here: only for the authors that
    matter, never in the per-message path) shorter than ``MIN_CHARS``
    ("salut", "hi") are ignored. The largest group of mutually similar
    openers per author is kept. ``authors`` limits the search (the scorer
    passes the authors with hits: nobody else can get a boost).
    """
    per_author: dict[str, list[tuple[str, str]]] = {}
    for st in stats:
        for author, opener in st.openers:
            if authors is not None and author not in authors:
                continue
            if len(opener.strip()) >= MIN_CHARS:
                per_author.setdefault(author, []).append((st.conversation, opener))
    out: dict[str, tuple[str, ...]] = {}
    for author in sorted(per_author):
        items = sorted(per_author[author])[:MAX_OPENERS]
        if len({c for c, _ in items}) < MIN_CONVERSATIONS:
            continue
        texts = [_fold(text) for _, text in items]
        best: set[str] = set()
        for anchor in texts:
            # one C call per anchor against every opener of the author
            close = process.extract(
                anchor,
                texts,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=SIMILARITY,
                limit=None,
            )
            group = {items[j][0] for _, _, j in close}
            if len(group) > len(best):
                best = group
        if len(best) >= MIN_CONVERSATIONS:
            out[author] = tuple(sorted(best))
    return out


def fanout_boost(conversations: int) -> float:
    """+0.05 per extra conversation with the script, at most +0.15."""
    if conversations < MIN_CONVERSATIONS:
        return 0.0
    return min(STEP * (conversations - 1), MAX_BOOST)
