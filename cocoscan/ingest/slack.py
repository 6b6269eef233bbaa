"""Slack workspace export: one JSON array of messages per channel and day.

A folder or zip holds ``users.json`` and ``channels.json`` at its root, then
``<channel>/<YYYY-MM-DD>.json``. :mod:`cocoscan.ingest.sources` finds the
export root, loads the user table once, and gives every day file to this
reader with the channel name and the users as hints. ``ts`` is kept exactly
as the message id; ``subtype`` rows are system notices.
"""

from __future__ import annotations

import orjson


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
