"""What every reader shares: the reading context, the reader protocol, errors.

Readers sit at the head of the pipeline: bytes in, :class:`Message` out.
A reader never raises for a bad record; it appends a non-fatal
:class:`Problem` to ``ctx.problems`` and goes on. Whatever it cannot survive
(a decompression error, a truncated JSON document) it raises as
:class:`ReadAbort`, which :class:`cocoscan.ingest.stream.InputStream` turns
into one fatal problem. Problem reasons never quote chat text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import BinaryIO, Protocol

from cocoscan.model import Message, Problem, SourceLocation


class ReadAbort(Exception):
    """The rest of an input cannot be read; ``reason`` holds no chat text."""

    def __init__(self, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(slots=True)
class ReadContext:
    """Everything a reader needs about one input, decided before parsing.

    ``display`` names the input in problems (``archive.zip!member`` for a
    member). ``encoding`` is the codec of text formats (JSON formats are
    always UTF-8: a UTF-16 input is transcoded by ``opener`` and then
    ``transcoded`` is true). ``bom`` is the number of BOM bytes to skip.
    """

    path: str
    member: str | None
    display: str
    sha256: str
    size: int
    stem: str
    opener: Callable[[], BinaryIO]
    encoding: str = "utf-8"
    bom: int = 0
    transcoded: bool = False
    tz: tzinfo | None = None
    date_order: str | None = None
    field_map: Mapping[str, str] = field(default_factory=dict)
    hints: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int | None, reason: str, *, fatal: bool = False) -> None:
        """Record a problem with this input (non-fatal: one bad record)."""
        self.problems.append(Problem(self.display, line, reason, fatal))

    def location(
        self, offset: int, line: int | None, message_id: str
    ) -> SourceLocation:
        """Provenance of one record of this input."""
        return SourceLocation(
            self.path, self.sha256, offset, line, message_id, self.member
        )


_KEY = re.compile(r'"([A-Za-z_@][A-Za-z0-9_]{0,40})"\s*:')
INVISIBLE = "\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"


@dataclass(slots=True)
class Sample:
    """The prefix of an input (first 64 KiB), decoded, as sniffers see it.

    ``lines`` are the first non-blank lines with invisible marks stripped;
    ``keys`` the JSON keys seen (JSON-looking inputs only); ``text_keys``
    the field names that hold message text (aliases or ``--map``).
    """

    text: str
    name: str
    display: str
    text_keys: tuple[str, ...]
    lines: list[str] = field(default_factory=list)
    keys: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, prefix: bytes, name: str, display: str, text_keys: tuple[str, ...]
    ) -> Sample:
        """Decode (UTF-8, replacing) and pre-split a prefix."""
        text = prefix.decode("utf-8", errors="replace").lstrip(INVISIBLE)
        lines = [ln.strip(INVISIBLE + "\r") for ln in text.splitlines()[:60]]
        lines = [ln for ln in lines if ln.strip()]
        json_like = text.lstrip()[:1] in ("{", "[")
        keys = frozenset(_KEY.findall(text)) if json_like else frozenset()
        return cls(text, name, display, text_keys, lines, keys)


class Reader(Protocol):
    """One export format: a name for ``--format``, a description, a parser."""

    name: str
    description: str
    #: Line-based and safe to read by byte ranges (``read_range``).
    splittable: bool

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Yield every record of the input in file order."""
        ...


class RangeReader(Reader, Protocol):
    """A line-based reader that can read the records starting in a byte range."""

    def read_range(self, ctx: ReadContext, start: int, end: int) -> Iterator[Message]:
        """Records whose first byte lies in ``[start, end)``; absolute offsets."""
        ...
