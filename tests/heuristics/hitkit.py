"""Hand-made hits for heuristic and scoring tests (no engine, no packs).

A conversation is a list of ``(author, text)`` pairs; a hit names the
message index, the rule's category, severity, confidence and signals, and
optional captures. Everything is synthetic.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from cocoscan.model import ConversationStats, Hit, Message, Severity, SourceLocation

T0 = datetime(2024, 3, 1, 14, 0, tzinfo=UTC)


def message(
    conv: str,
    seq: int,
    author: str | None,
    text: str = "x",
    *,
    minutes: float | None = None,
    when: datetime | None = None,
) -> Message:
    loc = SourceLocation(
        path=f"{conv}.jsonl",
        input_sha256=hashlib.sha256(conv.encode()).hexdigest(),
        byte_offset=seq * 100,
        line=seq + 1,
        message_id=str(seq),
    )
    sent = (
        when
        if when is not None
        else T0 + timedelta(minutes=minutes if minutes is not None else 5 * seq)
    )
    return Message(loc, conv, author, sent, text, seq)


def hit(
    conv: str,
    seq: int,
    author: str | None,
    *,
    rule: str = "signal.test",
    category: str = "signal",
    severity: Severity = Severity.MEDIUM,
    confidence: str = "high",
    signals: tuple[str, ...] = (),
    captures: tuple[tuple[str, str], ...] = (),
    suppressed: str | None = None,
    text: str = "indicator phrase",
    minutes: float | None = None,
    when: datetime | None = None,
) -> Hit:
    m = message(conv, seq, author, text, minutes=minutes, when=when)
    return Hit(
        rule_id=rule,
        category=category,
        severity=severity,
        confidence=confidence,
        signals=signals,
        message=m,
        span=(0, len(text)),
        matcher="regex 0",
        view="normalised",
        captures=captures,
        suppressed=suppressed,
    )


def sig(conv: str, seq: int, author: str | None, *signals: str, **kw: object) -> Hit:
    """A signal-only hit with the given signals (rule named after the first)."""
    rule = kw.pop("rule", f"signal.{signals[0]}")
    return hit(conv, seq, author, rule=str(rule), signals=signals, **kw)  # type: ignore[arg-type]


def age(conv: str, seq: int, author: str | None, value: str) -> Hit:
    """The author declares their own age."""
    return hit(
        conv,
        seq,
        author,
        rule="signal.age.declared",
        signals=("minor-age",),
        captures=(("age", value),),
    )


def stats(
    conv: str,
    messages: int,
    authors: dict[str, int],
    openers: dict[str, str] | None = None,
) -> ConversationStats:
    return ConversationStats(
        conversation=conv,
        messages=messages,
        authors=tuple(sorted(authors)),
        first_seen=T0,
        last_seen=T0 + timedelta(minutes=5 * messages),
        messages_by_author=tuple(sorted(authors.items())),
        openers=tuple(sorted((openers or {}).items())),
    )
