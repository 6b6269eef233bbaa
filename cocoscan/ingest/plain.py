"""Plain text: one message per line, no author, no time (the last resort).

Used when nothing else matches a text file. Blank lines are not messages.
Splittable: ``seq`` is the 0-based line index and ``message_id`` is
``L<line>``, identical in whole and byte-range reads.
"""

from __future__ import annotations

from collections.abc import Iterator

from cocoscan.ingest.base import ReadContext
from cocoscan.ingest.lines import MAX_LINE, decode_line, lines_of
from cocoscan.model import Message


class PlainReader:
    """Reader for plain text files."""

    name = "plain"
    description = "plain text, one message per line (used when nothing else matches)"
    splittable = True

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every non-blank line."""
        return self._read(ctx, 0, None)

    def read_range(self, ctx: ReadContext, start: int, end: int) -> Iterator[Message]:
        """Lines starting in ``[start, end)``."""
        return self._read(ctx, start, end)

    def _read(self, ctx: ReadContext, start: int, end: int | None) -> Iterator[Message]:
        for offset, line, raw in lines_of(ctx, start=start, end=end):
            if raw is None:
                ctx.problem(line, f"line longer than {MAX_LINE >> 20} MiB (skipped)")
                continue
            if not raw or raw.isspace():
                continue
            text = decode_line(ctx, raw, line)
            yield Message(
                location=ctx.location(offset, line, f"L{line}"),
                conversation=ctx.stem,
                author=None,
                sent_at=None,
                text=text,
                seq=line - 1,
            )
