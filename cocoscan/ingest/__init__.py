"""The input layer: paths in, :class:`InputStream` of messages out.

:func:`open_inputs` walks folders, opens archives and stdin, hashes every
input (before parsing, so each message carries the digest), decides its
encoding and format from the first 64 KiB, and yields one stream per input.
User errors (a missing file, a bomb, an unknown format) are yielded as
fatal :class:`Problem` records, never raised.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import tzinfo
from typing import BinaryIO, cast

from cocoscan.ingest.base import ReadContext, Reader
from cocoscan.ingest.detect import detect
from cocoscan.ingest.encoding import Utf16ToUtf8, is_binary, sniff
from cocoscan.ingest.fields import ALIASES
from cocoscan.ingest.registry import READERS
from cocoscan.ingest.sources import Source, ZipLimits, iter_sources
from cocoscan.ingest.stream import STREAM_ERRORS, InputStream, _zstd_error
from cocoscan.model import Problem

PREFIX = 1 << 16
DATE_ORDERS = ("dmy", "mdy", "ymd")

__all__ = ["DATE_ORDERS", "READERS", "InputStream", "ZipLimits", "open_inputs"]


def open_inputs(
    paths: Sequence[str],
    *,
    fmt: str | None = None,
    field_map: Mapping[str, str] | None = None,
    tz: tzinfo | None = None,
    date_order: str | None = None,
    limits: ZipLimits | None = None,
) -> Iterator[InputStream | Problem]:
    """One :class:`InputStream` per input under ``paths`` (or a fatal problem).

    Args:
        paths: files, folders, archives, or ``-`` for stdin.
        fmt: force a reader (``cocoscan formats`` lists them).
        field_map: canonical field -> column/key, for JSONL, CSV and JSON.
        tz: zone of exports that carry none (naive timestamps become aware).
        date_order: ``dmy`` / ``mdy`` / ``ymd`` for ambiguous WhatsApp dates.
        limits: archive safety limits.
    """
    if fmt is not None and fmt not in READERS:
        known = ", ".join(sorted(READERS))
        yield Problem("--format", None, f"unknown format {fmt!r} (known: {known})")
        return
    if date_order is not None and date_order not in DATE_ORDERS:
        yield Problem("--date-order", None, f"unknown date order {date_order!r}")
        return
    options = _Options(fmt, dict(field_map or {}), tz, date_order)
    for item in iter_sources(list(paths), limits):
        if isinstance(item, Problem):
            yield item
        else:
            yield _open(item, options)


class _Options:
    __slots__ = ("date_order", "field_map", "fmt", "text_keys", "tz")

    def __init__(
        self,
        fmt: str | None,
        field_map: dict[str, str],
        tz: tzinfo | None,
        date_order: str | None,
    ) -> None:
        self.fmt = fmt
        self.field_map = field_map
        self.tz = tz
        self.date_order = date_order
        text = field_map.get("text")
        self.text_keys = (text, *ALIASES["text"]) if text else ALIASES["text"]


def _open(src: Source, opt: _Options) -> InputStream | Problem:
    errors = STREAM_ERRORS + _zstd_error() + (RuntimeError,)
    try:
        digest, size, prefix = _hash(src)
        if src.raw_opener is not None:
            with src.opener() as handle:
                prefix = handle.read(PREFIX)
    except errors as exc:
        return Problem(src.display, None, _reason(exc))
    enc = sniff(prefix)
    opener = src.opener
    if enc.utf16 is not None:
        opener = _transcoding(src.opener, enc.utf16)
        prefix = prefix.decode(enc.utf16, errors="replace").lstrip("\ufeff").encode()
    forced = opt.fmt or src.fmt
    if forced is None and is_binary(prefix):
        return Problem(
            src.display, None, "binary file, not a chat export (use --format)"
        )
    name = forced or detect(prefix, src.name, src.display, opt.text_keys)
    if name is None or name not in READERS:
        return Problem(src.display, None, "cannot detect format; use --format")
    reader: Reader = READERS[name]
    stem = _stem(src)
    ctx = ReadContext(
        path=src.path,
        member=src.member,
        display=src.display,
        sha256=digest,
        size=size,
        stem=stem,
        opener=opener,
        encoding=enc.codec,
        bom=enc.bom,
        transcoded=enc.utf16 is not None,
        tz=opt.tz,
        date_order=opt.date_order,
        field_map=opt.field_map,
        hints=dict(src.hints) | {"prefix": prefix},
    )
    return InputStream(ctx, reader, name, seekable=src.seekable)


#: Member names that say nothing about the conversation (``_chat.txt``).
_GENERIC_STEMS = frozenset(("_chat", "chat", "messages", "result", "export"))


def _stem(src: Source) -> str:
    """Conversation id of a one-conversation input without one: its file stem."""
    if src.path == "-":
        return "stdin"
    stem = os.path.splitext(src.name)[0]
    if src.member is not None and stem.lower() in _GENERIC_STEMS:
        archive = os.path.basename(src.path)
        return os.path.splitext(archive)[0] or stem
    return stem


def _hash(src: Source) -> tuple[str, int, bytes]:
    """SHA-256 and size of the input's bytes (as stored, for .gz / .zst)."""
    digest = hashlib.sha256()
    size = 0
    prefix = b""
    with (src.raw_opener or src.opener)() as handle:
        while block := handle.read(1 << 20):
            if not prefix:
                prefix = block[:PREFIX]
            elif len(prefix) < PREFIX:
                prefix += block[: PREFIX - len(prefix)]
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size, prefix


def _transcoding(opener: Callable[[], BinaryIO], codec: str) -> Callable[[], BinaryIO]:
    def open_utf8() -> BinaryIO:
        return cast(BinaryIO, io.BufferedReader(Utf16ToUtf8(opener(), codec)))

    return open_utf8


def _reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "cannot read: truncated compressed stream"
    if isinstance(exc, zlib.error | zipfile.BadZipFile):
        return "cannot read: corrupt compressed data (bad CRC or header)"
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    elif isinstance(exc, OSError) and exc.args and isinstance(exc.args[0], str):
        text = exc.args[0]
    else:
        text = type(exc).__name__
    text = text.split(" (")[0]
    if not text.isascii() or len(text) > 100:
        text = type(exc).__name__
    return "cannot read: " + text[0].lower() + text[1:]
