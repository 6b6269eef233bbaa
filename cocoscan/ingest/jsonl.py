"""Generic JSON Lines: one chat record per line (cocoscan's interchange format).

The hot path of a scan: big chunks split on newlines, ``orjson.loads`` per
line, offsets accumulated from line lengths. A line that is not JSON, not
an object or has no text is one non-fatal problem; the scan goes on. Lines
are independent, so the reader is splittable: ``seq`` is the 0-based line
index and the fallback ``message_id`` is ``L<line>``, the same whether the
file is read whole or by byte ranges (seq is unique and ordered, not dense).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import orjson

from cocoscan.ingest.base import ReadContext
from cocoscan.ingest.fields import Fields, build
from cocoscan.ingest.lines import MAX_LINE, open_blocks
from cocoscan.model import Message


class JsonlReader:
    """Reader for ``.jsonl`` / ``.ndjson`` generic records."""

    name = "jsonl"
    description = "JSON Lines: conversation, author, timestamp, text (+ aliases)"
    splittable = True

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every record of the file."""
        return self._read(ctx, 0, None)

    def read_range(self, ctx: ReadContext, start: int, end: int) -> Iterator[Message]:
        """Records whose line starts in ``[start, end)``."""
        return self._read(ctx, start, end)

    def _read(self, ctx: ReadContext, start: int, end: int | None) -> Iterator[Message]:
        fh, line, blocks = open_blocks(ctx, start)
        fields = Fields(ctx.field_map)
        loads = orjson.loads
        decode_error = orjson.JSONDecodeError
        limit = end if end is not None else 1 << 62
        try:
            for pos, lines, _skipped in blocks:
                if pos >= limit:
                    return
                if lines is None:
                    ctx.problem(
                        line, f"line longer than {MAX_LINE >> 20} MiB (skipped)"
                    )
                    line += 1
                    continue
                for raw in lines:
                    if pos >= limit:
                        return
                    if raw and not raw.isspace():
                        try:
                            obj = loads(raw)
                        except decode_error as exc:
                            obj = _slow(ctx, raw, line, exc)
                        if obj is not _BAD:
                            message = build(
                                ctx,
                                fields,
                                obj,
                                offset=pos,
                                line=line,
                                seq=line - 1,
                                fallback_id=f"L{line}",
                            )
                            if message is not None:
                                yield message
                    pos += len(raw) + 1
                    line += 1
        finally:
            fh.close()


_BAD = object()


def _slow(ctx: ReadContext, raw: bytes, line: int, exc: ValueError) -> object:
    """A line orjson refused: bad UTF-8, a huge integer, or really not JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        ctx.problem(line, f"undecodable bytes (utf-8) at column {bad.start + 1}")
        text = raw.decode("utf-8", errors="replace")
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    try:
        # NOTE: integers past 64 bits (orjson's limit) and past Python's
        # digit limit become floats; a timestamp that large is then None.
        return json.loads(text, parse_int=_int)
    except (ValueError, RecursionError) as err:
        column = getattr(err, "colno", None) or getattr(exc, "colno", None)
        where = f" at column {column}" if column else ""
        ctx.problem(line, f"not valid JSON{where}")
        return _BAD


def _int(text: str) -> int | float:
    return int(text) if len(text) < 4000 else float("inf")
