"""One opened input: hashed, detected, ready to stream its messages.

The hash pass runs before parsing so that every message can carry the
input's SHA-256. A reader's :class:`ReadAbort` or an I/O failure while
streaming becomes one fatal problem; what was read before stays valid.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import cast

from cocoscan.ingest.base import RangeReader, ReadAbort, ReadContext, Reader
from cocoscan.model import InputInfo, Message, Problem

#: Exceptions a decompressor or file system raises mid-stream.
STREAM_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
)


def _zstd_error() -> tuple[type[BaseException], ...]:
    try:
        import zstandard
    except ImportError:  # pragma: no cover
        return ()
    return (zstandard.ZstdError,)


class InputStream:
    """An input to read: provenance, detected format, streamed messages.

    ``path`` is as the user gave it (the archive for a member), ``member``
    the archive member. ``problems`` fills while iterating. ``splittable``
    inputs (line formats on a plain file) can be read by byte ranges.
    """

    def __init__(self, ctx: ReadContext, reader: Reader, fmt: str, *, seekable: bool):
        self._ctx = ctx
        self._reader = reader
        self.path = ctx.path
        self.member = ctx.member
        self.sha256 = ctx.sha256
        self.size = ctx.size
        self.format = fmt
        self.problems: list[Problem] = ctx.problems
        self.messages = 0
        self.splittable = bool(reader.splittable and seekable and not ctx.transcoded)

    @property
    def display(self) -> str:
        """``path`` or ``path!member``, as problems and the manifest name it."""
        return self._ctx.display

    def __repr__(self) -> str:
        return f"InputStream({self.display!r}, format={self.format!r})"

    def __iter__(self) -> Iterator[Message]:
        return self._guard(self._reader.read(self._ctx))

    def iter_range(self, start: int, end: int) -> Iterator[Message]:
        """Messages whose first byte lies in ``[start, end)`` (absolute offsets).

        ``seq``, ``line`` and ``message_id`` are the same as in a whole read.
        """
        if not self.splittable:
            raise ValueError(f"{self.format} input {self.display} is not splittable")
        reader = cast(RangeReader, self._reader)
        return self._guard(reader.read_range(self._ctx, start, end))

    def _guard(self, messages: Iterator[Message]) -> Iterator[Message]:
        errors = STREAM_ERRORS + _zstd_error()
        try:
            for message in messages:
                self.messages += 1
                yield message
        except ReadAbort as exc:
            self._ctx.problem(exc.line, exc.reason, fatal=True)
        except errors as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            if isinstance(exc, EOFError):
                reason = "truncated compressed stream"
            elif isinstance(exc, zlib.error | zipfile.BadZipFile):
                reason = "corrupt compressed data"
            self._ctx.problem(
                None,
                f"unreadable after {self.messages} messages ({reason})",
                fatal=True,
            )
        except RecursionError:
            self._ctx.problem(None, "nesting too deep to read", fatal=True)

    def info(self) -> InputInfo:
        """Accounting for ``manifest.json`` (call after iterating)."""
        return InputInfo(
            path=self.display,
            sha256=self.sha256,
            format=self.format,
            size=self.size,
            messages=self.messages,
            errors=len(self.problems),
        )
