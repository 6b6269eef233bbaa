"""Telegram Desktop ``result.json``: one chat, or a whole account, streamed.

One chat is an object with ``name``, ``type``, ``id`` and ``messages``; a
whole-account export holds chats under ``chats.list`` and
``left_chats.list``. Files reach gigabytes: events are streamed with ijson
and only one message object is held at a time. ``text`` is a string or a
list of strings and entities, concatenated in order. ``date_unixtime`` is
the instant (aware, UTC); ``date`` alone is a naive wall-clock time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cocoscan.ingest.base import ReadContext, Sample
from cocoscan.ingest.jsonstream import events, objects, text_of
from cocoscan.ingest.timeparse import from_epoch, parse_iso
from cocoscan.model import Message

_MESSAGE_PREFIXES = frozenset(
    (
        "messages.item",
        "chats.list.item.messages.item",
        "left_chats.list.item.messages.item",
    )
)
_CHAT_KEYS = {
    "id": "id",
    "name": "name",
    "chats.list.item.id": "id",
    "chats.list.item.name": "name",
    "left_chats.list.item.id": "id",
    "left_chats.list.item.name": "name",
}
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "location_information")


class TelegramReader:
    """Reader for Telegram Desktop JSON exports."""

    name = "telegram-json"
    description = "Telegram Desktop result.json (one chat or whole account), streamed"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """Telegram keys in the prefix."""
        keys = sample.keys
        return (
            "date_unixtime" in keys
            or "from_id" in keys
            or ("chats" in keys and "list" in keys)
        )

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every message of every chat, in file order."""
        chat: dict[str, Any] = {}

        def on_event(prefix: str, event: str, value: Any) -> None:
            key = _CHAT_KEYS.get(prefix)
            if key is not None and event in ("string", "number", "integer"):
                chat[key] = value
            elif (
                prefix in ("chats.list.item", "left_chats.list.item")
                and event == "start_map"
            ):
                chat.clear()

        seq = 0
        for _prefix, obj, index, line, offset in objects(
            events(ctx), _MESSAGE_PREFIXES.__contains__, on_event
        ):
            if not isinstance(obj, dict):
                ctx.problem(line, "message is not an object")
                continue
            conversation = chat.get("id", chat.get("name"))
            yield _message(ctx, obj, index, line, offset, seq, conversation)
            seq += 1


def _message(
    ctx: ReadContext,
    obj: dict[str, Any],
    index: int,
    line: int,
    offset: int,
    seq: int,
    conversation: object,
) -> Message:
    service = obj.get("type") == "service"
    text = text_of(obj.get("text"))
    author = obj.get("actor" if service else "from")
    if not isinstance(author, str):
        fallback = obj.get("actor_id" if service else "from_id")
        author = fallback if isinstance(fallback, str) else None
    kind = "text"
    if service:
        kind = "system"
        action = obj.get("action")
        if isinstance(action, str) and not text:
            text = action
    elif not text and any(k in obj for k in _MEDIA_KEYS):
        kind = "media"
    raw_date = obj.get("date")
    sent_at = None
    unix = obj.get("date_unixtime")
    if isinstance(unix, str | int | float):
        try:
            sent_at = from_epoch(float(unix))
        except ValueError:
            sent_at = None
    if sent_at is None and isinstance(raw_date, str):
        sent_at = parse_iso(raw_date, ctx.tz)
    msg_id = obj.get("id")
    return Message(
        location=ctx.location(
            offset,
            line,
            str(msg_id) if isinstance(msg_id, int | str) else f"messages[{index}]",
        ),
        conversation=str(conversation) if conversation is not None else ctx.stem,
        author=author,
        sent_at=sent_at,
        text=text,
        seq=seq,
        kind=kind,
        timestamp_raw=raw_date if isinstance(raw_date, str) else None,
    )
