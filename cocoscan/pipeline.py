"""Streaming stage: messages of one input -> hits with context + counters.

This is what every engine (serial, multiprocessing, Dask) runs per input or
per byte range: messages are grouped into batches for the matching engine,
then walked once in order to keep decomposable per-conversation counters
(:class:`ConversationStats`) and the few messages of context around each
hit. Only hits and counters leave this stage; message texts do not, except
the context of hits (small, and redacted before any writer sees it).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from cocoscan.matching import Engine
from cocoscan.model import ConversationStats, Hit, Message

#: Batch size for the fast path: large enough to amortise per-call overhead.
BATCH_MESSAGES = 8192
BATCH_CHARS = 2_000_000
OPENER_CHARS = 200
RING_MESSAGES = 2000
MATCHED_KINDS = frozenset({"text"})


def sort_key(value: datetime) -> datetime:
    """Comparable form of naive and aware timestamps (aware -> naive UTC)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _earlier(a: datetime, b: datetime) -> bool:
    """``a < b`` for any mix of naive and aware timestamps.

    Two naive or two aware values compare directly (C speed, the common
    case); a mixed pair goes through :func:`sort_key`.
    """
    if (a.tzinfo is None) == (b.tzinfo is None):
        return a < b
    return sort_key(a) < sort_key(b)


@dataclasses.dataclass(slots=True)
class _Conversation:
    messages: int = 0
    authors: dict[str, int] = dataclasses.field(default_factory=dict)
    first: datetime | None = None
    last: datetime | None = None
    openers: dict[str, str] = dataclasses.field(default_factory=dict)

    def add(self, message: Message) -> None:
        self.messages += 1
        author = message.author
        if author is not None:
            if author not in self.authors:
                self.authors[author] = 0
                if message.kind == "text":
                    # raw and truncated: folding waits for fan-out, for the
                    # few authors with hits (no per-message normalisation)
                    self.openers[author] = message.text[:OPENER_CHARS]
            self.authors[author] += 1
        when = message.sent_at
        if when is not None:
            self._see(when)

    def _see(self, when: datetime) -> None:
        first, last = self.first, self.last
        if first is None or _earlier(when, first):
            self.first = when
        if last is None or _earlier(last, when):
            self.last = when

    def merge(self, other: _Conversation) -> None:
        self.messages += other.messages
        for a, n in other.authors.items():
            self.authors[a] = self.authors.get(a, 0) + n
        for a, text in other.openers.items():
            self.openers.setdefault(a, text)
        for when in (other.first, other.last):
            if when is not None:
                self._see(when)

    def freeze(self, conversation: str) -> ConversationStats:
        return ConversationStats(
            conversation=conversation,
            messages=self.messages,
            authors=tuple(sorted(self.authors)),
            first_seen=self.first,
            last_seen=self.last,
            messages_by_author=tuple(sorted(self.authors.items())),
            openers=tuple(sorted(self.openers.items())),
        )


class StatsAccumulator:
    """Per-conversation counters, mergeable across inputs and workers."""

    def __init__(self) -> None:
        self.conversations: dict[str, _Conversation] = {}

    def add(self, message: Message) -> None:
        """Count one message."""
        conv = self.conversations.get(message.conversation)
        if conv is None:
            conv = self.conversations[message.conversation] = _Conversation()
        conv.add(message)

    def merge(self, other: StatsAccumulator) -> None:
        """Fold another accumulator into this one (order-independent)."""
        for key, conv in other.conversations.items():
            mine = self.conversations.get(key)
            if mine is None:
                self.conversations[key] = conv
            else:
                mine.merge(conv)

    def freeze(self) -> dict[str, ConversationStats]:
        """Immutable stats, keyed by conversation id, sorted by id."""
        return {k: self.conversations[k].freeze(k) for k in sorted(self.conversations)}


def batches(messages: Iterable[Message]) -> Iterator[list[Message]]:
    """Group messages for the engine, bounded in count and characters."""
    batch: list[Message] = []
    chars = 0
    for m in messages:
        batch.append(m)
        chars += len(m.text)
        if len(batch) >= BATCH_MESSAGES or chars >= BATCH_CHARS:
            yield batch
            batch = []
            chars = 0
    if batch:
        yield batch


def _before(recent: deque[Message], conv: str, wanted: int) -> tuple[Message, ...]:
    """The last ``wanted`` messages of ``conv`` still in the ring, in order."""
    found: list[Message] = []
    if wanted <= 0:
        return ()
    for m in reversed(recent):
        if m.conversation == conv:
            found.append(m)
            if len(found) >= wanted:
                break
    return tuple(reversed(found))


class _Pending:
    __slots__ = ("after", "before", "hits", "remaining")

    def __init__(
        self, hits: list[Hit], before: tuple[Message, ...], wanted: int
    ) -> None:
        self.hits = hits
        self.before = before
        self.after: list[Message] = []
        self.remaining = wanted


def scan_messages(
    engine: Engine,
    messages: Iterable[Message],
    stats: StatsAccumulator,
    *,
    context: int = 3,
    on_batch: Callable[[list[Message], int], None] | None = None,
) -> list[Hit]:
    """Match every message, count conversations, attach context to hits.

    Args:
        engine: compiled rules.
        messages: one input's messages, in file order.
        stats: accumulator updated in place.
        context: messages kept before and after each hit (same conversation).
        on_batch: progress callback ``(batch, hits so far)``.
    """
    out: list[Hit] = []
    # One bounded ring for all conversations keeps memory flat however many
    # conversations an export holds; context is looked up in it only on a hit.
    recent: deque[Message] = deque(maxlen=RING_MESSAGES)
    pending: dict[str, list[_Pending]] = {}

    def finish(p: _Pending) -> None:
        ctx = p.before + tuple(p.after)
        out.extend(dataclasses.replace(h, context=ctx) for h in p.hits)

    for batch in batches(messages):
        matchable = [m for m in batch if m.kind in MATCHED_KINDS and m.text]
        by_message: dict[int, list[Hit]] = {}
        for hit in engine.scan_batch(matchable):
            by_message.setdefault(id(hit.message), []).append(hit)
        for m in batch:
            stats.add(m)
            conv = m.conversation
            waiting = pending.get(conv)
            if waiting:
                for p in waiting:
                    p.after.append(m)
                    p.remaining -= 1
                done = [p for p in waiting if p.remaining <= 0]
                for p in done:
                    finish(p)
                pending[conv] = [p for p in waiting if p.remaining > 0]
            hits = by_message.get(id(m))
            if hits:
                entry = _Pending(hits, _before(recent, conv, context), context)
                if context:
                    pending.setdefault(conv, []).append(entry)
                else:
                    finish(entry)
            recent.append(m)
        if on_batch is not None:
            on_batch(
                batch, len(out) + sum(len(p.hits) for w in pending.values() for p in w)
            )
    for waiting in pending.values():
        for p in waiting:
            finish(p)
    out.sort(key=lambda h: (h.message.seq, h.rule_id))
    return out
