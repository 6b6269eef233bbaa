"""Facebook Messenger and Instagram message downloads (Meta, JSON).

``messages/inbox/<thread>/message_N.json``: ``participants``, ``messages``
(newest first), ``title``, ``thread_path``. Every string is mojibake (each
UTF-8 byte escaped as its own code point): repaired with "encode Latin-1,
decode UTF-8", keeping the string when that fails. Newer downloads use
camelCase keys; both shapes are read. Messages are yielded oldest first
(a part file is small; it is buffered to reverse it). The conversation is
``thread_path`` (the same in every part), else the thread folder's name.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from cocoscan.ingest.base import ReadContext, Sample
from cocoscan.ingest.jsonstream import events, objects
from cocoscan.ingest.timeparse import from_epoch
from cocoscan.model import Message

_MEDIA = ("photos", "videos", "audio_files", "files", "gifs", "sticker", "share")


def repair(text: str) -> str:
    """Undo Meta's mojibake; already-clean text is returned unchanged."""
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


class MetaReader:
    """Reader for one Meta product's JSON (``messenger`` or ``instagram``)."""

    splittable = False

    def __init__(self, product: str) -> None:
        self.product = product
        self.name = f"{product}-json"
        self.description = f"{product.capitalize()} JSON download (message_N.json)"

    def sniff(self, sample: Sample) -> bool:
        """Meta keys; Instagram when the path says so."""
        keys = sample.keys
        meta = "participants" in keys and (
            "sender_name" in keys or "senderName" in keys
        )
        if not meta:
            return False
        insta = (
            "instagram" in sample.display.lower() or "is_geoblocked_for_viewer" in keys
        )
        return insta == (self.product == "instagram")

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every message of the part file, oldest first."""
        meta: dict[str, str] = {}

        def on_event(prefix: str, event: str, value: Any) -> None:
            if prefix in ("thread_path", "threadPath", "title") and event == "string":
                meta[prefix] = value

        items = [
            (obj, index, line, offset)
            for _p, obj, index, line, offset in objects(
                events(ctx), "messages.item".__eq__, on_event
            )
        ]
        if len(items) > 1 and _stamp(items[0][0]) > _stamp(items[-1][0]):
            items.reverse()
        folder = os.path.basename(os.path.dirname(ctx.member or ctx.path))
        conversation = (
            meta.get("thread_path") or meta.get("threadPath") or folder or ctx.stem
        )
        for seq, (obj, index, line, offset) in enumerate(items):
            if not isinstance(obj, dict):
                ctx.problem(line, "message is not an object")
                continue
            yield _message(ctx, obj, index, line, offset, seq, repair(conversation))


def _stamp(obj: Any) -> float:
    if isinstance(obj, dict):
        value = obj.get("timestamp_ms", obj.get("timestampMs", obj.get("timestamp")))
        if isinstance(value, int | float):
            return float(value)
    return 0.0


def _message(
    ctx: ReadContext,
    obj: dict[str, Any],
    index: int,
    line: int,
    offset: int,
    seq: int,
    conversation: str,
) -> Message:
    sender = obj.get("sender_name", obj.get("senderName"))
    text = obj.get("content", obj.get("text"))
    text = repair(text) if isinstance(text, str) else ""
    kind = "text"
    if obj.get("is_unsent") or obj.get("isUnsent"):
        kind = "deleted"
    elif not text and any(k in obj for k in _MEDIA):
        kind = "media"
    elif obj.get("type") in ("Subscribe", "Unsubscribe", "Call"):
        kind = "system"
    ms = obj.get("timestamp_ms", obj.get("timestampMs"))
    sent_at = from_epoch(float(ms) / 1000.0) if isinstance(ms, int | float) else None
    return Message(
        location=ctx.location(offset, line, f"messages[{index}]"),
        conversation=conversation,
        author=repair(sender) if isinstance(sender, str) else None,
        sent_at=sent_at,
        text=text,
        seq=seq,
        kind=kind,
        timestamp_raw=str(int(ms)) if isinstance(ms, int | float) else None,
    )
