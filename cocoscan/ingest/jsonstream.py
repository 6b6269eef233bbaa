"""Streaming JSON with positions: ijson events plus the line each starts on.

Exports such as Telegram's ``result.json`` reach gigabytes, so they are
never loaded whole: lines are pushed one by one into ijson's push parser
(C backend), so every event knows the line (and its byte offset) where it
was completed. Exports are pretty-printed, one key per line, so the line
of a message object's ``{`` is exact; in minified JSON every object sits on
line 1 and the offset is that of the line (the JSON index path in the
message id stays exact).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ijson

from cocoscan.ingest.base import ReadAbort, ReadContext
from cocoscan.ingest.lines import open_blocks

#: A parse event with the position of the line that completed it.
Event = tuple[str, str, Any, int, int]

#: Longest piece pushed at once: bounds the position error in minified JSON.
_PIECE = 1 << 16


def events(ctx: ReadContext) -> Iterator[Event]:
    """``(prefix, event, value, line, offset)`` for the whole input.

    Lines holding a ``{`` are pushed alone, so an object's start event knows
    its line and the offset of its first non-blank byte; runs of other
    lines are pushed together (far fewer calls; their events only need an
    approximate position).
    """
    sink = ijson.sendable_list()
    coro = ijson.parse_coro(sink, use_float=True)
    fh, line, blocks = open_blocks(ctx, 0)

    def push(data: bytes, at_line: int, at: int) -> Iterator[Event]:
        try:
            coro.send(data)
        except ijson.JSONError as exc:
            raise ReadAbort(
                f"invalid JSON near line {at_line} ({_why(exc)})", line=at_line
            ) from None
        if sink:
            for prefix, event, value in sink:
                yield prefix, event, value, at_line, at
            del sink[:]

    pending: list[bytes] = []
    pending_at = (line, 0)
    try:
        for pos, lines, _skipped in blocks:
            if lines is None:
                raise ReadAbort(
                    f"JSON line longer than the limit at line {line}", line=line
                )
            for raw in lines:
                n = len(raw) + 1
                if b"{" not in raw and n <= _PIECE:
                    if not pending:
                        pending_at = (line, pos)
                    pending.append(raw)
                    if len(pending) >= 512:
                        yield from push(b"\n".join(pending) + b"\n", *pending_at)
                        pending = []
                    pos += n
                    line += 1
                    continue
                if pending:
                    yield from push(b"\n".join(pending) + b"\n", *pending_at)
                    pending = []
                for i in range(0, max(len(raw), 1), _PIECE):
                    piece = raw[i : i + _PIECE]
                    if i + _PIECE >= len(raw):
                        piece += b"\n"
                    at = pos + i + len(piece) - len(piece.lstrip(b" \t"))
                    yield from push(piece, line, at)
                pos += n
                line += 1
        if pending:
            yield from push(b"\n".join(pending) + b"\n", *pending_at)
        try:
            coro.close()
        except ijson.JSONError as exc:
            raise ReadAbort(
                f"truncated JSON at line {line} ({_why(exc)})", line=line
            ) from None
        for prefix, event, value in sink:
            yield prefix, event, value, line, pos
    finally:
        fh.close()


def _why(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    if "premature" in text.lower() or "incomplete" in text.lower():
        return "unexpected end of data"
    return "parse error"


def objects(
    stream: Iterator[Event],
    wanted: Callable[[str], bool],
    on_event: Callable[[str, str, Any], None] | None = None,
) -> Iterator[tuple[str, dict[str, Any] | Any, int, int, int]]:
    """Build the values at prefixes where ``wanted(prefix)``.

    Yields ``(prefix, value, index, line, offset)``: ``index`` counts the
    values built under the same prefix, in order; ``line`` / ``offset`` are
    those of the line where the value starts. Other events go to
    ``on_event`` (for chat names and ids met between messages).
    """
    counts: dict[str, int] = {}
    it = iter(stream)
    for prefix, event, value, line, offset in it:
        if event in ("start_map", "start_array") and wanted(prefix):
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
            depth = 1
            for _p, ev, val, _l, _o in it:
                builder.event(ev, val)
                if ev in ("start_map", "start_array"):
                    depth += 1
                elif ev in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        break
            index = counts.get(prefix, 0)
            counts[prefix] = index + 1
            yield prefix, builder.value, index, line, offset
        elif on_event is not None:
            on_event(prefix, event, value)


def text_of(value: Any) -> str:
    """A string, or the concatenated text of a list of strings / entities."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, str):
                parts.append(item)
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                parts.append(item["text"])
        return "".join(parts)
    return ""
