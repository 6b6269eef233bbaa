"""Field names of cocoscan's generic records (JSON Lines, CSV, JSON arrays).

One record = ``conversation``, ``author``, ``timestamp``, ``text`` (plus an
optional ``id`` and ``kind``), each under its canonical name or a common
alias; ``--map text=body`` names the column explicitly. Looking up a field
tries the key that worked last time first: records of one file share keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from cocoscan.ingest.base import ReadContext
from cocoscan.ingest.timeparse import parse_timestamp
from cocoscan.model import Message

ALIASES: dict[str, tuple[str, ...]] = {
    "conversation": (
        "conversation",
        "conversation_id",
        "conv",
        "chat",
        "chat_id",
        "thread",
        "thread_id",
        "room",
        "channel",
    ),
    "author": ("author", "sender", "user", "from", "username", "nick", "author_id"),
    "timestamp": (
        "timestamp",
        "date",
        "time",
        "ts",
        "datetime",
        "created_at",
        "sent_at",
    ),
    "text": ("text", "message", "content", "body", "msg"),
    "id": ("id", "message_id", "msg_id"),
    "kind": ("kind",),
}

#: Canonical names accepted by ``--map``.
CANONICAL = tuple(ALIASES)
KINDS = frozenset(("text", "system", "media", "deleted"))
_MISSING = object()


class Fields:
    """Resolves canonical fields in records whose keys follow one schema."""

    __slots__ = ("_keys", "_last")

    def __init__(self, field_map: Mapping[str, str] | None = None) -> None:
        field_map = field_map or {}
        self._keys: dict[str, tuple[str, ...]] = {
            name: (field_map[name],) if name in field_map else aliases
            for name, aliases in ALIASES.items()
        }
        self._last: dict[str, str] = {}

    def get(self, record: Mapping[str, object], name: str) -> object:
        """The value of a canonical field, or ``MISSING``."""
        last = self._last.get(name)
        if last is not None and last in record:
            return record[last]
        for key in self._keys[name]:
            if key in record:
                self._last[name] = key
                return record[key]
        return _MISSING

    def names(self, name: str) -> str:
        """The keys tried for a field, for a problem reason."""
        return ", ".join(self._keys[name])

    def has_text(self, keys: list[str] | tuple[str, ...]) -> bool:
        """Whether a header names the text field."""
        return any(k in keys for k in self._keys["text"])


MISSING = _MISSING


def _scalar(value: object) -> str | None:
    if value is None or value is _MISSING:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value) if abs(value) < 10**300 else None
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        for key in ("name", "username", "id"):
            inner = value.get(key)
            if isinstance(inner, str | int):
                return str(inner)
    return None


def build(
    ctx: ReadContext,
    fields: Fields,
    record: object,
    *,
    offset: int,
    line: int | None,
    seq: int,
    fallback_id: str,
) -> Message | None:
    """One :class:`Message` from a generic record, or a problem and ``None``."""
    if not isinstance(record, dict):
        ctx.problem(line, f"record is not an object ({type(record).__name__})")
        return None
    text = fields.get(record, "text")
    if text is _MISSING or text is None:
        ctx.problem(line, f"no text field (tried {fields.names('text')})")
        return None
    if not isinstance(text, str):
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = _scalar(text) or ""
        else:
            ctx.problem(line, f"text field is not a string ({type(text).__name__})")
            return None
    conv = fields.get(record, "conversation")
    conversation = (conv if type(conv) is str else _scalar(conv)) or ctx.stem
    who = fields.get(record, "author")
    author = who if type(who) is str else _scalar(who)
    sent_at, raw_ts = parse_timestamp(fields.get(record, "timestamp"), ctx.tz)
    raw_id = fields.get(record, "id")
    message_id = fallback_id if raw_id is _MISSING else (_scalar(raw_id) or fallback_id)
    kind = fields.get(record, "kind")
    return Message(
        location=ctx.location(offset, line, message_id),
        conversation=conversation,
        author=author,
        sent_at=sent_at,
        text=text,
        seq=seq,
        kind=kind if isinstance(kind, str) and kind in KINDS else "text",
        timestamp_raw=raw_ts,
    )
