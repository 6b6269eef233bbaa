"""DiscordChatExporter exports: JSON (streamed) and CSV.

JSON: ``guild``, ``channel`` then a ``messages`` array; system types
(``Call``, ``ChannelNameChange``, ``RecipientAdd``...) share the array and
are kept as ``system``. Authors are keyed on their id (names change);
timestamps carry an offset (aware). CSV: the fixed header
``AuthorID,Author,Date,Content,Attachments,Reactions`` read with a real CSV
parser (quoted newlines).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cocoscan.ingest.base import ReadAbort, ReadContext, Sample
from cocoscan.ingest.csvfile import rows
from cocoscan.ingest.jsonstream import events, objects
from cocoscan.ingest.timeparse import parse_iso
from cocoscan.model import Message

_TEXT_TYPES = frozenset(("Default", "Reply", "ThreadStarterMessage", "0", "19"))
CSV_HEADER = ["authorid", "author", "date", "content", "attachments", "reactions"]


class DiscordJsonReader:
    """Reader for DiscordChatExporter JSON."""

    name = "discord-json"
    description = "DiscordChatExporter JSON (guild, channel, messages), streamed"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """``guild``, ``channel`` and ``messages`` keys."""
        return {"guild", "channel", "messages"} <= sample.keys

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every message of the channel."""
        channel: dict[str, Any] = {}

        def on_event(prefix: str, event: str, value: Any) -> None:
            if prefix in ("channel.id", "channel.name") and event == "string":
                channel.setdefault(prefix[8:], value)

        wanted = "messages.item".__eq__
        for seq, (_p, obj, index, line, offset) in enumerate(
            objects(events(ctx), wanted, on_event)
        ):
            if not isinstance(obj, dict):
                ctx.problem(line, "message is not an object")
                continue
            yield _json_message(ctx, obj, index, line, offset, seq, channel)


def _json_message(
    ctx: ReadContext,
    obj: dict[str, Any],
    index: int,
    line: int,
    offset: int,
    seq: int,
    channel: dict[str, Any],
) -> Message:
    author = obj.get("author")
    who: str | None = None
    if isinstance(author, dict):
        for key in ("id", "name", "nickname"):
            if isinstance(author.get(key), str):
                who = author[key]
                break
    text = obj.get("content") if isinstance(obj.get("content"), str) else ""
    kind = "text" if str(obj.get("type", "Default")) in _TEXT_TYPES else "system"
    if kind == "text" and not text and obj.get("attachments"):
        kind = "media"
    raw = obj.get("timestamp") if isinstance(obj.get("timestamp"), str) else None
    msg_id = obj.get("id")
    return Message(
        location=ctx.location(
            offset, line, msg_id if isinstance(msg_id, str) else f"messages[{index}]"
        ),
        conversation=str(channel.get("id") or channel.get("name") or ctx.stem),
        author=who,
        sent_at=parse_iso(raw, ctx.tz) if raw else None,
        text=str(text),
        seq=seq,
        kind=kind,
        timestamp_raw=raw,
    )


class DiscordCsvReader:
    """Reader for DiscordChatExporter CSV."""

    name = "discord-csv"
    description = "DiscordChatExporter CSV (AuthorID,Author,Date,Content,...)"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """The exporter's exact header."""
        if not sample.lines:
            return False
        cols = [c.strip().strip('"').lower() for c in sample.lines[0].split(",")]
        return cols[:4] == CSV_HEADER[:4]

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every row after the header (the channel is the file)."""
        seq = 0
        header = True
        for offset, line, row in rows(ctx):
            if header:
                cols = [c.strip().lstrip("\ufeff").lower() for c in row]
                if cols[:4] != CSV_HEADER[:4]:
                    raise ReadAbort("not a DiscordChatExporter CSV header", line=line)
                header = False
                continue
            if len(row) < 4:
                ctx.problem(line, f"row has {len(row)} fields, expected 6")
                continue
            author_id, _name, date, content = row[:4]
            attachments = row[4] if len(row) > 4 else ""
            kind = "media" if not content and attachments else "text"
            yield Message(
                location=ctx.location(offset, line, str(seq)),
                conversation=ctx.stem,
                author=author_id or _name or None,
                sent_at=parse_iso(date, ctx.tz),
                text=content,
                seq=seq,
                kind=kind,
                timestamp_raw=date,
            )
            seq += 1
