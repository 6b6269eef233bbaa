"""Generic CSV with a header naming the record fields (``,`` ``;`` or tab).

Parsed by the ``csv`` module fed one physical line at a time, so a quoted
field may hold newlines and every record still knows the byte offset and
line of its first line. Not splittable: a byte range cannot tell whether it
starts inside a quoted field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from cocoscan.ingest.base import ReadAbort, ReadContext, Sample
from cocoscan.ingest.fields import Fields, build
from cocoscan.ingest.lines import MAX_LINE, decode_line, open_blocks
from cocoscan.model import Message

DELIMITERS = (",", ";", "\t", "|")


class _Feed:
    """Decoded physical lines for ``csv.reader``, tracking where each starts."""

    def __init__(self, ctx: ReadContext) -> None:
        self._ctx = ctx
        self._fh, self.line, self._blocks = open_blocks(ctx, 0)
        self.pos = ctx.bom
        self.quotes = 0  # quote characters consumed for the current record
        self.eof = False
        self._lines: list[bytes] = []
        self._i = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        while self._i >= len(self._lines):
            try:
                pos, lines, skipped = next(self._blocks)
            except StopIteration:
                self.eof = True
                raise
            if lines is None:
                self._ctx.problem(self.line, f"line longer than {MAX_LINE >> 20} MiB")
                self.pos, self.line = pos + skipped, self.line + 1
                continue
            self.pos, self._lines, self._i = pos, lines, 0
        raw = self._lines[self._i]
        self._i += 1
        self.quotes += raw.count(b'"')
        line = self.line
        self.pos += len(raw) + 1
        self.line += 1
        if raw[-1:] == b"\r":
            raw = raw[:-1]
        return decode_line(self._ctx, raw, line) + "\n"

    def close(self) -> None:
        self._fh.close()


def delimiter(header: str) -> str:
    """The delimiter a header line uses most (outside quotes)."""
    outside = "".join(header.split('"')[0::2])
    return max(DELIMITERS, key=outside.count)


def rows(ctx: ReadContext) -> Iterator[tuple[int, int, list[str]]]:
    """``(offset, line, fields)`` of every CSV record, the header included."""
    if csv.field_size_limit() < MAX_LINE:
        csv.field_size_limit(MAX_LINE)
    feed = _Feed(ctx)
    try:
        try:
            first = next(feed)
        except StopIteration:
            return
        feed.quotes = 0
        dialect_delim = delimiter(first)

        def physical() -> Iterator[str]:
            yield first
            yield from feed

        lines = physical()
        reader = csv.reader(lines, delimiter=dialect_delim, strict=False)
        pos, line = ctx.bom, 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ReadAbort(
                    f"malformed CSV ({_csv_reason(exc)}) in the record starting"
                    f" at line {line}",
                    line=line,
                ) from None
            if feed.quotes % 2 and feed.eof and feed.line - line > 1:
                ctx.problem(
                    line,
                    "unterminated quoted field: the record runs to the end of file",
                )
            if row:
                yield pos, line, row
            pos, line = feed.pos, feed.line
            feed.quotes = 0
    finally:
        feed.close()


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    return (
        text if text.isascii() and len(text) < 80 and "'" not in text else "csv error"
    )


class CsvReader:
    """Reader for generic ``.csv`` files with a header."""

    name = "csv"
    description = "CSV with a header: conversation, author, timestamp, text (+ aliases)"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """A header line naming a text column."""
        if not sample.lines:
            return False
        header = sample.lines[0]
        cols = [
            c.strip().strip('"').strip().lower()
            for c in header.split(delimiter(header))
        ]
        return len(cols) >= 2 and any(c in sample.text_keys for c in cols)

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every record after the header."""
        fields = Fields({k: v.lower() for k, v in ctx.field_map.items()})
        header: list[str] | None = None
        seq = 0
        for offset, line, row in rows(ctx):
            if header is None:
                header = [h.strip().lstrip("\ufeff").lower() for h in row]
                if not fields.has_text(header) and not _mapped(ctx, header):
                    raise ReadAbort(
                        "CSV header names no text column"
                        f" (tried {fields.names('text')})",
                        line=line,
                    )
                continue
            record = dict(zip(header, row, strict=False))
            message = build(
                ctx,
                fields,
                record,
                offset=offset,
                line=line,
                seq=seq,
                fallback_id=str(seq),
            )
            if message is not None:
                seq += 1
                yield message


def _mapped(ctx: ReadContext, header: list[str]) -> bool:
    return ctx.field_map.get("text", "").lower() in header
