"""Line splitting with byte offsets, in bounded memory, for line-based readers.

Reads big chunks and splits them with ``bytes.split`` (no per-character
Python work); offsets are accumulated from line lengths. A line longer than
``MAX_LINE`` is skipped without being held in memory and reported by the
caller. Byte ranges follow one rule: a line belongs to the range its first
byte lies in, so adjacent ranges never share or lose a line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from cocoscan.ingest.base import ReadContext

CHUNK = 1 << 20
#: Longest line a line-based reader holds in memory (JSON Lines records).
MAX_LINE = 64 << 20

#: One block of lines: (offset of the first line, raw lines without the
#: separator, or ``None`` for one skipped over-long line, skipped length).
Block = tuple[int, list[bytes] | None, int]


def line_blocks(
    fh: BinaryIO,
    *,
    start: int = 0,
    sep: bytes = b"\n",
    chunk: int = CHUNK,
    max_line: int = MAX_LINE,
) -> Iterator[Block]:
    """Yield blocks of raw lines (a trailing ``\\r`` is left to the caller).

    With ``start > 0`` the stream is positioned at ``start - 1`` and the
    partial line there is skipped, so the first line yielded is the first
    one that starts at or after ``start``.
    """
    pos = 0
    if start > 0:
        fh.seek(start - 1)
        pos = start - 1
        while True:
            data = fh.read(chunk)
            if not data:
                return
            i = data.find(sep)
            if i >= 0:
                pos += i + 1
                rest = data[i + 1 :]
                break
            pos += len(data)
        yield from _split(fh, pos, rest, sep, chunk, max_line)
        return
    yield from _split(fh, pos, b"", sep, chunk, max_line)


def _split(
    fh: BinaryIO, pos: int, first: bytes, sep: bytes, chunk: int, max_line: int
) -> Iterator[Block]:
    pending: list[bytes] = []
    pending_len = 0
    skipping = False
    data = first
    while True:
        if not data:
            data = fh.read(chunk)
            if not data:
                break
        i = data.find(sep)
        if i < 0:
            pending_len += len(data)
            if not skipping:
                pending.append(data)
                if pending_len > max_line:
                    skipping, pending = True, []
            data = b""
            continue
        if skipping:
            total = pending_len + i + 1
            yield pos, None, total
            pos += total
            skipping, pending_len = False, 0
            data = data[i + 1 :]
            continue
        if pending:
            pending.append(data)
            data = b"".join(pending)
            pending, pending_len = [], 0
        parts = data.split(sep)
        tail = parts.pop()
        if parts:
            yield pos, parts, 0
            pos += len(data) - len(tail)
        data = b""
        if tail:
            pending, pending_len = [tail], len(tail)
            if pending_len > max_line:
                skipping, pending = True, []
    if skipping:
        yield pos, None, pending_len
    elif pending:
        yield pos, [b"".join(pending)], 0


def separator(prefix: bytes) -> bytes:
    """``\\r`` for old Mac-style files (no ``\\n`` at all), else ``\\n``."""
    if b"\n" not in prefix and b"\r" in prefix:
        return b"\r"
    return b"\n"


def count_lines(fh: BinaryIO, end: int, sep: bytes = b"\n") -> int:
    """Number of separators in the first ``end`` bytes (1-based line at ``end``)."""
    fh.seek(0)
    left, count = end, 0
    while left > 0:
        data = fh.read(min(CHUNK * 4, left))
        if not data:
            break
        count += data.count(sep)
        left -= len(data)
    return count


def decode_line(ctx: ReadContext, raw: bytes, line: int) -> str:
    """Decode one line with the input's codec; undecodable bytes are reported.

    The line is still returned, with U+FFFD in place of the bad bytes: a
    record is never dropped because of its encoding.
    """
    try:
        return raw.decode(ctx.encoding)
    except UnicodeDecodeError as exc:
        bad = sum(1 for _ in _bad_runs(raw, ctx.encoding))
        ctx.problem(
            line,
            f"undecodable bytes ({ctx.encoding}) at column {exc.start + 1}"
            f" ({bad} replaced)",
        )
        return raw.decode(ctx.encoding, errors="replace")


def _bad_runs(raw: bytes, encoding: str) -> Iterator[int]:
    text = raw.decode(encoding, errors="replace")
    for i, ch in enumerate(text):
        if ch == "\ufffd":
            yield i


def lines_of(
    ctx: ReadContext, *, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, bytes | None]]:
    """``(offset, 1-based line, raw line or None if over-long)`` of an input.

    Handles the BOM, ``\\r\\n`` / ``\\r`` line ends and byte ranges (line
    numbers are counted from the start of the file for a range).
    """
    fh, line, blocks = open_blocks(ctx, start)
    try:
        limit = end if end is not None else -1
        for pos, lines, _skipped in blocks:
            if lines is None:
                if 0 <= limit <= pos:
                    return
                yield pos, line, None
                line += 1
                continue
            for raw in lines:
                if 0 <= limit <= pos:
                    return
                n = len(raw) + 1
                if raw[-1:] == b"\r":
                    raw = raw[:-1]
                yield pos, line, raw
                pos += n
                line += 1
    finally:
        fh.close()


def open_blocks(
    ctx: ReadContext, start: int = 0
) -> tuple[BinaryIO, int, Iterator[Block]]:
    """Open an input for line reading from ``start``: (stream, line, blocks).

    A whole read (``start`` at the top) never seeks, so decompressed and
    transcoded streams work; a range read seeks and counts the lines before.
    The caller closes the stream.
    """
    fh = ctx.opener()
    head = fh.read(1 << 16)
    sep = separator(head)
    if start <= ctx.bom:
        return fh, 1, _split(fh, ctx.bom, head[ctx.bom :], sep, CHUNK, MAX_LINE)
    line = count_lines(fh, start, sep) + 1
    fh.seek(start - 1)
    if fh.read(1) != sep:
        line += 1  # the line holding ``start`` is skipped
    return fh, line, line_blocks(fh, start=start, sep=sep)
