"""Decide how an input's bytes become text, from its first 64 KiB.

UTF-8 (BOM tolerated) is the rule. A UTF-16 input (BOM, or the zero-byte
pattern of ASCII text in UTF-16) is transcoded to UTF-8 on the fly. A text
input that is not UTF-8 gets the legacy encoding charset-normalizer names
(Windows-1252 IRC logs, Latin-1 CSV). JSON formats never take a legacy
encoding: JSON is UTF-8 by specification, so bad bytes there are reported.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO

#: Control bytes that never occur in chat text (tab, LF, FF, CR, ESC and the
#: mIRC formatting codes 0x02 0x03 0x0F 0x16 0x1D 0x1F excepted).
_CONTROL = (
    bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27, 2, 3, 15, 22, 29, 31))
    + b"\x7f"
)

_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"\x7fELF",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"BZh",
    b"\x1f\x8b",
    b"\x28\xb5\x2f\xfd",
    b"PK\x03\x04",
    b"7z\xbc\xaf",
    b"Rar!",
    b"SQLite format 3",
)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How to decode an input: codec, BOM bytes to skip, UTF-16 transcoding."""

    codec: str
    bom: int = 0
    utf16: str | None = None  # "utf-16-le" / "utf-16-be": transcode first


def sniff(prefix: bytes) -> Encoding:
    """The encoding of an input from its first bytes."""
    if prefix.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", 3)
    if prefix.startswith(codecs.BOM_UTF16_LE):
        return Encoding("utf-8", 0, "utf-16-le")
    if prefix.startswith(codecs.BOM_UTF16_BE):
        return Encoding("utf-8", 0, "utf-16-be")
    sample = prefix[:4096]
    if len(sample) >= 8:
        half = len(sample) // 2
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > half * 0.4 and even < half * 0.05:
            return Encoding("utf-8", 0, "utf-16-le")
        if even > half * 0.4 and odd < half * 0.05:
            return Encoding("utf-8", 0, "utf-16-be")
    if is_utf8(prefix):
        return Encoding("utf-8")
    return Encoding(legacy(prefix))


def is_utf8(prefix: bytes) -> bool:
    """Valid UTF-8, allowing a multi-byte sequence cut at the end."""
    try:
        prefix.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(prefix) - 3 and exc.reason == "unexpected end of data"
    return True


def legacy(prefix: bytes) -> str:
    """A legacy codec for non-UTF-8 text.

    charset-normalizer's guess, except that any Latin single-byte guess
    becomes Windows-1252: on a short French or English sample the detector
    often hesitates between Latin code pages, and Windows-1252 (a superset
    of Latin-1's printable range) is what old Western exports use.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return "cp1252"
    best = from_bytes(prefix[:32768]).best()
    if best is None:
        return "cp1252"
    name = str(best.encoding)
    latin = name.startswith(("cp125", "latin", "iso8859", "mac_", "cp850", "cp437"))
    if name in ("utf_8", "utf_16", "utf_32", "ascii") or (latin and _cp1252_ok(prefix)):
        return "cp1252"
    return name


def _cp1252_ok(prefix: bytes) -> bool:
    try:
        prefix.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def is_binary(prefix: bytes) -> bool:
    """A file that is not text: a known magic number or many control bytes."""
    if prefix.startswith(_MAGIC):
        return True
    if not prefix:
        return False
    sample = prefix[:65536]
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > max(len(sample) * 0.05, 2) or sample.count(0) > len(sample) * 0.01


class Utf16ToUtf8(io.RawIOBase):
    """A read-only stream transcoding UTF-16 to UTF-8 (BOM dropped).

    Byte offsets of records read through it are offsets in the UTF-8
    transcoding, not in the UTF-16 file (documented in ``ingest/README``).
    """

    def __init__(self, raw: BinaryIO, codec: str) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._buf = b""
        self._first = True
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buf and not self._eof:
            data = self._raw.read(1 << 20)
            text = self._decoder.decode(data, final=not data)
            if self._first and text.startswith("\ufeff"):
                text = text[1:]
            if text:
                self._first = False
            self._buf = text.encode("utf-8")
            self._eof = not data
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()
