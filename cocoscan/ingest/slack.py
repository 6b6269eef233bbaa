"""Slack workspace export: one JSON array of messages per channel and day.

A folder or zip holds ``users.json`` and ``channels.json`` at its root, then
``<channel>/<YYYY-MM-DD>.json``. :mod:`cocoscan.ingest.sources` finds the
export root, loads the user table once, and gives every day file to this
reader with the channel name and the users as hints. ``ts`` is kept exactly
as the message id; ``subtype`` rows are system notices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from cocoscan.ingest.base import ReadContext, Sample
from cocoscan.ingest.jsonstream import events, objects
from cocoscan.ingest.timeparse import from_epoch
from cocoscan.model import Message


def load_users(data: bytes) -> dict[str, str]:
    """User id -> display name, from ``users.json`` (empty when unreadable)."""
    try:
        users = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        return {}
    table: dict[str, str] = {}
    if not isinstance(users, list):
        return table
    for user in users:
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            continue
        profile = user.get("profile")
        if not isinstance(profile, dict):
            profile = {}
        for name in (
            profile.get("display_name"),
            profile.get("real_name"),
            user.get("real_name"),
            user.get("name"),
        ):
            if isinstance(name, str) and name.strip():
                table[user["id"]] = name
                break
    return table


_LINK = re.compile(r"<([@#!])?([^<>|]*)(?:\|([^<>]*))?>")
_TEXT_SUBTYPES = frozenset(
    (
        None,
        "thread_broadcast",
        "bot_message",
        "me_message",
        "file_share",
        "reply_broadcast",
    )
)


def render(text: str, users: dict[str, str]) -> str:
    """Slack markup to readable text: mentions, channels, links, entities."""

    def one(m: re.Match[str]) -> str:
        sigil, target, label = m.group(1), m.group(2), m.group(3)
        if sigil == "@":
            return "@" + (label or users.get(target, target))
        if sigil == "#":
            return "#" + (label or target)
        if sigil == "!":
            return "@" + (label or target.split("^")[0])
        return f"{label} ({target})" if label and label != target else target

    text = _LINK.sub(one, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class SlackReader:
    """Reader for one Slack channel/day file of a workspace export."""

    name = "slack"
    description = "Slack workspace export (folder or zip: users.json, channel/day.json)"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """A JSON array of objects with ``ts`` and ``type``: a lone day file."""
        return sample.text.lstrip().startswith("[") and {"ts", "type"} <= sample.keys

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every message of the day file, in file order."""
        users = ctx.hints.get("slack_users")
        table: dict[str, str] = users if isinstance(users, dict) else {}
        channel = ctx.hints.get("slack_channel")
        conversation = channel if isinstance(channel, str) else ctx.stem
        for seq, (_p, obj, index, line, offset) in enumerate(
            objects(events(ctx), "item".__eq__)
        ):
            if not isinstance(obj, dict):
                ctx.problem(line, "message is not an object")
                continue
            yield _message(ctx, obj, table, conversation, index, line, offset, seq)


def _message(
    ctx: ReadContext,
    obj: dict[str, Any],
    users: dict[str, str],
    conversation: str,
    index: int,
    line: int,
    offset: int,
    seq: int,
) -> Message:
    user = obj.get("user")
    author: str | None = None
    if isinstance(user, str):
        author = users.get(user, user)
    profile = obj.get("user_profile")
    if author is None and isinstance(profile, dict):
        name = profile.get("real_name") or profile.get("name")
        author = name if isinstance(name, str) else None
    if author is None and isinstance(obj.get("username"), str):
        author = obj["username"]
    raw_text = obj.get("text")
    text = render(raw_text, users) if isinstance(raw_text, str) else ""
    subtype = obj.get("subtype")
    kind = "text" if subtype in _TEXT_SUBTYPES else "system"
    if kind == "text" and not text and obj.get("files"):
        kind = "media"
    ts = obj.get("ts")
    sent_at = None
    if isinstance(ts, str):
        try:
            sent_at = from_epoch(float(ts))
        except ValueError:
            sent_at = None
    return Message(
        location=ctx.location(
            offset, line, ts if isinstance(ts, str) else f"[{index}]"
        ),
        conversation=conversation,
        author=author,
        sent_at=sent_at,
        text=text,
        seq=seq,
        kind=kind,
        timestamp_raw=ts if isinstance(ts, str) else None,
    )
