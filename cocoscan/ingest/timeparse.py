"""Timestamps of structured exports: ISO 8601 strings and Unix epochs.

Rules: an instant the export states with a zone (``Z``, ``+01:00``, an
epoch) is aware; a wall-clock time without zone stays naive unless the
user gave ``--tz``; anything unparseable or absurd is ``None``, never a guess.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, tzinfo

#: Epoch values outside these years are not timestamps (ids, typos).
_MIN_EPOCH = 0.0  # 1970
_MAX_EPOCH = 4102444800.0  # 2100-01-01


def from_epoch(value: float) -> datetime | None:
    """Seconds, milliseconds or microseconds since 1970, by magnitude."""
    if not math.isfinite(value) or value < 0:
        return None
    for scale in (1.0, 1e3, 1e6, 1e9):
        seconds = value / scale
        if seconds <= _MAX_EPOCH:
            if scale > 1 and seconds < 1e8:  # 1973: too small for ms/us/ns
                return None
            try:
                return datetime.fromtimestamp(seconds, UTC)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def parse_iso(text: str, tz: tzinfo | None = None) -> datetime | None:
    """An ISO 8601 date-time (``T`` or space, optional fraction and zone)."""
    text = text.strip()
    if not 8 <= len(text) <= 40 or not text[:4].isdigit():
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None and tz is not None:
        value = value.replace(tzinfo=tz)
    return value


def parse_timestamp(
    value: object, tz: tzinfo | None = None
) -> tuple[datetime | None, str | None]:
    """``(sent_at, timestamp_raw)`` for a JSON or CSV field value."""
    if type(value) is str and len(value) >= 19 and value[4] == "-":
        # fast path: the usual ISO 8601 string of generic records
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None and tz is not None:
                parsed = parsed.replace(tzinfo=tz)
            return parsed, value
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        raw = repr(value) if isinstance(value, float) else _int_text(value)
        return from_epoch(float(value)) if _small(value) else None, raw
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    if not text:
        return None, value
    if _is_number(text):
        try:
            return from_epoch(float(text)), value
        except (ValueError, OverflowError):
            return None, value
    return parse_iso(text, tz), value


def _small(value: int | float) -> bool:
    return abs(value) < 1e20


def _int_text(value: int) -> str:
    # NOTE: str() of a 50,000-digit int raises past Python's digit limit.
    return str(value) if abs(value) < 10**300 else "<integer too long>"


def _is_number(text: str) -> bool:
    head = text[1:] if text[:1] in "+-" else text
    return head.replace(".", "", 1).isdigit() and len(head) <= 25
