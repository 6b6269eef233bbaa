"""WhatsApp ``.txt`` exports, Android and iOS, every locale's date and clock.

A record starts on a header line (``DATE[,] TIME - AUTHOR: TEXT`` on
Android, ``[DATE[,] TIME] AUTHOR: TEXT`` on iOS); every other line continues
the previous record, even when it holds a date. The date order (day or
month first) comes from the phone's region, so it is decided once per file
(a first field above 12 proves day-first, a second one month-first;
``--date-order`` forces it; day-first by default). Timestamps are naive
(the export has no zone) unless ``--tz`` is given.

Splittable: ``seq`` is the 0-based index of the header line and the message
id is ``L<line>``, the same in a whole read and a byte-range read (a range
skips the continuation lines of a record that started before it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from cocoscan.ingest.base import INVISIBLE, ReadContext, Sample
from cocoscan.ingest.lines import CHUNK, MAX_LINE, decode_line, lines_of
from cocoscan.model import Message

_SP = "[ \\t\u00a0\u202f]"
_DATE = r"(?P<d>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
_TIME = (
    r"(?P<t>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    rf"(?:{_SP}*(?P<m>[AaPp]\.?{_SP}?[Mm]\.?|vorm\.|nachm\.|午前|午後))?"
)
ANDROID = re.compile(rf"{_DATE},?{_SP}+{_TIME}{_SP}*[-–]{_SP}(?P<rest>.*)", re.S)
IOS = re.compile(rf"\[{_DATE},?{_SP}*{_TIME}\]{_SP}(?P<rest>.*)", re.S)

#: Header prefixes for the per-file date-order scan (bytes, whole file).
_ORDER_SCAN = re.compile(
    rb"^(?:\xe2\x80\x8e)?\[?(\d{1,2})[./-](\d{1,2})[./-]\d{2,4},?[ \t]", re.M
)

_MEDIA = re.compile(
    r"^(?:<(?:m[ée]dias? omis|media omitted|medien ausgeschlossen|multimedia omitido"
    r"|media omessi|m[íi]dia oculta|arquivo de m[íi]dia oculto)>"
    r"|.+\((?:fichier joint|file attached|datei angeh[äa]ngt|archivo adjunto"
    r"|file allegato|arquivo anexado|ficheiro anexado)\)"
    r"|<(?:attached|pi[èe]ce jointe|anhang|adjunto|allegato|anexo|anexado)\s?:\s?.+>"
    r"|(?:image|video|vid[ée]o|audio|sticker|gif|document|bild|imagen|immagine"
    r"|imagem|v[íi]deo|[áa]udio|autocollant|figurinha|contact card"
    r"|carte de contact|kontaktkarte|foto|photo)"
    r"\s(?:omitted|absente?|omise?|omis|retir[ée]e?|manquante?|weggelassen"
    r"|omitid[oa]|omess[oa]|ocult[oa]|ocultad[oa]))$",
    re.I,
)
_DELETED = re.compile(
    r"^(?:ce message a été supprimé|vous avez supprimé ce message"
    r"|this message was deleted|you deleted this message"
    r"|diese nachricht wurde gelöscht|du hast diese nachricht gelöscht"
    r"|se eliminó este mensaje|eliminaste este mensaje|este mensaje fue eliminado"
    r"|questo messaggio è stato eliminato|hai eliminato questo messaggio"
    r"|esta mensagem foi apagada|você apagou esta mensagem|mensagem apagada"
    r"|apagaste esta mensagem)\.?$",
    re.I,
)
_QUOTES = "«»“”\"'‘’"


class WhatsAppReader:
    """Reader for one WhatsApp export style (``android`` or ``ios``)."""

    splittable = True

    def __init__(self, style: str) -> None:
        self.style = style
        self.name = f"whatsapp-{style}"
        self.description = "WhatsApp .txt export, " + (
            "Android: DATE TIME - AUTHOR: TEXT"
            if style == "android"
            else "iOS: [DATE TIME] AUTHOR: TEXT"
        )
        self._header = ANDROID if style == "android" else IOS

    def sniff(self, sample: Sample) -> bool:
        """The first non-blank line is a header of this style."""
        return bool(sample.lines) and self._header.match(sample.lines[0]) is not None

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every record of the file."""
        return self._read(ctx, 0, None)

    def read_range(self, ctx: ReadContext, start: int, end: int) -> Iterator[Message]:
        """Records whose header line starts in ``[start, end)``."""
        return self._read(ctx, start, end)

    def _read(self, ctx: ReadContext, start: int, end: int | None) -> Iterator[Message]:
        order = date_order(ctx)
        header = self._header
        ios = self.style == "ios"
        current: _Record | None = None
        in_range = start <= ctx.bom
        for offset, line, raw in lines_of(ctx, start=start):
            if raw is None:
                ctx.problem(line, f"line longer than {MAX_LINE >> 20} MiB (skipped)")
                continue
            text = decode_line(ctx, raw, line)
            bare = text.lstrip(INVISIBLE)
            match = (
                header.match(bare) if bare[:1].isdigit() or bare[:1] == "[" else None
            )
            if match is not None:
                if current is not None:
                    yield current.message(ctx, order, ios)
                    current = None
                if end is not None and offset >= end:
                    return
                in_range = True
                current = _Record(offset, line, match)
            elif current is not None:
                current.more.append(text)
            elif in_range and text.strip(INVISIBLE + " \t"):
                ctx.problem(line, "line before the first WhatsApp message header")
        if current is not None:
            yield current.message(ctx, order, ios)


class _Record:
    __slots__ = ("line", "match", "more", "offset")

    def __init__(self, offset: int, line: int, match: re.Match[str]) -> None:
        self.offset = offset
        self.line = line
        self.match = match
        self.more: list[str] = []

    def message(self, ctx: ReadContext, order: str, ios: bool) -> Message:
        m = self.match
        rest = m["rest"]
        author, body = split_author(rest)
        first = body.strip(INVISIBLE + " \t")
        text = body if not self.more else "\n".join((body, *self.more))
        kind = "text"
        if author is None:
            kind = "system"
        elif _DELETED.match(first):
            kind = "deleted"
        elif _MEDIA.match(first):
            caption = any(s.strip(INVISIBLE + " \t") for s in self.more)
            kind = "text" if caption else "media"
        elif ios and body.startswith("\u200e"):
            kind = "system"
        raw_ts = m.string[m.start("d") : m.end("m") if m["m"] else m.end("t")]
        return Message(
            location=ctx.location(self.offset, self.line, f"L{self.line}"),
            conversation=ctx.stem,
            author=author,
            sent_at=parse_datetime(m["d"], m["t"], m["m"], order, ctx),
            text=text,
            seq=self.line - 1,
            kind=kind,
            timestamp_raw=raw_ts,
        )


def split_author(rest: str) -> tuple[str | None, str]:
    """``(author, body)``; ``author`` is ``None`` for an author-less notice.

    Splits on the first ``": "``, then on the first ``":"``; a candidate
    author that is long or quoted is a system notice's text instead.
    """
    i = rest.find(": ")
    skip = 2
    if i < 0:
        i = rest.find(":")
        skip = 1
        if i < 0 or rest[i + 1 : i + 2].isdigit():
            return None, rest
    author = rest[:i].strip(INVISIBLE + " ")
    if not author or len(author) > 80 or any(q in author for q in _QUOTES):
        return None, rest
    return author, rest[i + skip :]


def date_order(ctx: ReadContext) -> str:
    """``dmy``, ``mdy`` or ``ymd`` for this file, decided once and cached."""
    if ctx.date_order:
        return ctx.date_order
    cached = ctx.hints.get("date_order")
    if isinstance(cached, str):
        return cached
    prefix = ctx.hints.get("prefix")
    found = _vote(prefix if isinstance(prefix, bytes) else b"")
    if found is None:
        found = _scan_order(ctx) or "dmy"
    ctx.hints["date_order"] = found
    return found


def _vote(data: bytes) -> str | None:
    for first, second in _ORDER_SCAN.findall(data):
        if int(first) > 12:
            return "dmy"
        if int(second) > 12:
            return "mdy"
    return None


def _scan_order(ctx: ReadContext) -> str | None:
    """Scan the whole file's header dates (only when the prefix was ambiguous)."""
    with ctx.opener() as fh:
        tail = b""
        while block := fh.read(CHUNK * 4):
            data = tail + block
            cut = data.rfind(b"\n") + 1
            found = _vote(data[:cut] if cut else data)
            if found:
                return found
            tail = data[cut:] if cut else b""
    return None


def parse_datetime(
    date: str, clock: str, meridiem: str | None, order: str, ctx: ReadContext
) -> datetime | None:
    """A naive (or ``--tz``) datetime, or ``None`` for an impossible date."""
    parts = re.split(r"[./-]", date)
    try:
        a, b, c = (int(p) for p in parts)
        if len(parts[0]) == 4:
            year, month, day = a, b, c
        elif order == "mdy":
            month, day, year = a, b, c
        elif order == "ymd":
            year, month, day = a, b, c
        else:
            day, month, year = a, b, c
        if year < 100:
            year += 2000
        pieces = [int(p) for p in re.split(r"[:.]", clock)]
        hour, minute = pieces[0], pieces[1]
        second = pieces[2] if len(pieces) > 2 else 0
        if meridiem:
            tag = "".join(ch for ch in meridiem.lower() if ch not in ". \u00a0\u202f")
            pm = tag in ("pm", "nachm", "午後")
            if hour > 12 or hour < 0:
                return None
            if pm and hour < 12:
                hour += 12
            elif not pm and hour == 12:
                hour = 0
        value = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return value.replace(tzinfo=ctx.tz) if ctx.tz is not None else value
