"""IRC logs: irssi, WeeChat and ZNC styles.

irssi lines carry only a clock time; the day comes from ``--- Log opened``
/ ``--- Day changed`` lines (metadata, not messages) or from a date in the
file name. WeeChat lines carry the full date, tab separated. ZNC lines
carry a clock time and the file name holds the date. mIRC formatting codes
are stripped; old logs mix Latin-1 and UTF-8 line by line, so a line that
is not UTF-8 is read as Windows-1252 (a legitimate decoding, not an error).
Joins, parts, quits and mode changes are ``system`` messages. Splittable:
``seq`` is the 0-based line index, ids are ``L<line>``; a range read finds
the last day marker before it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime

from cocoscan.ingest.base import ReadContext, Sample
from cocoscan.ingest.lines import CHUNK, MAX_LINE, lines_of
from cocoscan.model import Message

_CONTROL = re.compile(r"\x03(?:\d{1,2}(?:,\d{1,2})?)?|[\x02\x0f\x11\x16\x1d\x1e\x1f]")
_NICK = r"[ @+%&~]?(?P<nick>[^\s>]+)"
IRSSI = re.compile(
    rf"(?P<t>\d{{2}}:\d{{2}}(?::\d{{2}})?) (?:<{_NICK}> (?P<text>.*)"
    r"|\s?\* (?P<anick>\S+) ?(?P<action>.*)|-!- (?P<sys>.*))"
)
WEECHAT = re.compile(
    r"(?P<d>\d{4}-\d{2}-\d{2}) (?P<t>\d{2}:\d{2}:\d{2})\t(?P<nick>[^\t]*)\t(?P<text>.*)"
)
ZNC = re.compile(
    rf"\[(?P<t>\d{{2}}:\d{{2}}(?::\d{{2}})?)\] (?:<{_NICK}> (?P<text>.*)"
    r"|\* (?P<anick>\S+) ?(?P<action>.*)|\*\*\* (?P<sys>.*)|-(?P<notice>.*))"
)
_MARKER = re.compile(r"--- (?:Log opened|Day changed) (?:\w{3} )?(?P<when>.*?)\s*$")
_MARKER_BYTES = re.compile(rb"^--- (?:Log opened|Day changed) [^\r\n]*", re.M)
_FILE_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_WEECHAT_SYSTEM = frozenset(("-->", "<--", "--", "=!=", "<->"))
_MARKER_FORMATS = ("%b %d %H:%M:%S %Y", "%b %d %Y", "%d %b %Y", "%Y-%m-%d")


def clean(text: str) -> str:
    """Strip mIRC colour and formatting codes."""
    return (
        _CONTROL.sub("", text)
        if "\x03" in text
        or "\x02" in text
        or "\x0f" in text
        or "\x1d" in text
        or "\x1f" in text
        or "\x16" in text
        else text
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _marker_date(line: str) -> date | None:
    m = _MARKER.match(line)
    if m is None:
        return None
    when = " ".join(m["when"].split())
    for fmt in _MARKER_FORMATS:
        try:
            return datetime.strptime(when, fmt).date()
        except ValueError:
            continue
    return None


def _file_date(ctx: ReadContext) -> date | None:
    m = _FILE_DATE.search(os.path.basename(ctx.member or ctx.path))
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _at(day: date | None, clock: str, ctx: ReadContext) -> datetime | None:
    if day is None:
        return None
    parts = [int(p) for p in clock.split(":")]
    try:
        value = datetime(
            day.year,
            day.month,
            day.day,
            parts[0],
            parts[1],
            parts[2] if len(parts) > 2 else 0,
        )
    except ValueError:
        return None
    return value.replace(tzinfo=ctx.tz) if ctx.tz is not None else value


class IrcReader:
    """Reader for one IRC log style (``irssi``, ``weechat`` or ``znc``)."""

    splittable = True

    def __init__(self, style: str) -> None:
        self.style = style
        self.name = f"irc-{style}"
        self.description = {
            "irssi": "irssi log (HH:MM <nick> text, --- Day changed)",
            "weechat": "WeeChat log (DATE TIME<tab>nick<tab>text)",
            "znc": "ZNC log ([HH:MM:SS] <nick> text; date in the file name)",
        }[style]

    def sniff(self, sample: Sample) -> bool:
        """Most of the first lines are lines of this style."""
        lines = [ln for ln in sample.lines[:20] if not ln.startswith("---")]
        if (
            self.style == "irssi"
            and sample.lines
            and sample.lines[0].startswith("--- Log opened")
        ):
            return True
        if not lines:
            return False
        pattern = {"irssi": IRSSI, "weechat": WEECHAT, "znc": ZNC}[self.style]
        hits = sum(1 for ln in lines if pattern.fullmatch(ln))
        return hits >= max(1, len(lines) * 0.6)

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every log line that is a message or an event."""
        return self._read(ctx, 0, None)

    def read_range(self, ctx: ReadContext, start: int, end: int) -> Iterator[Message]:
        """Lines starting in ``[start, end)``."""
        return self._read(ctx, start, end)

    def _read(self, ctx: ReadContext, start: int, end: int | None) -> Iterator[Message]:
        day = _file_date(ctx)
        if start > ctx.bom and self.style == "irssi":
            day = _last_marker(ctx, start) or day
        pattern = {"irssi": IRSSI, "weechat": WEECHAT, "znc": ZNC}[self.style]
        for offset, line, raw in lines_of(ctx, start=start, end=end):
            if raw is None:
                ctx.problem(line, f"line longer than {MAX_LINE >> 20} MiB (skipped)")
                continue
            text = clean(_decode(raw)).lstrip("\ufeff")
            if not text.strip():
                continue
            if text.startswith("---"):
                day = _marker_date(text) or day
                continue
            m = pattern.fullmatch(text)
            if m is None:
                ctx.problem(line, f"not an {self.name} log line")
                continue
            yield self._message(ctx, m, offset, line, day)

    def _message(
        self,
        ctx: ReadContext,
        m: re.Match[str],
        offset: int,
        line: int,
        day: date | None,
    ) -> Message:
        groups = m.groupdict()
        kind = "text"
        if self.style == "weechat":
            nick = groups["nick"].strip()
            body = groups["text"]
            when = (
                datetime.fromisoformat(f"{groups['d']}T{groups['t']}")
                if _valid(groups["d"])
                else None
            )
            if nick in _WEECHAT_SYSTEM:
                kind, author = "system", None
            elif nick == "*":
                author, _, body = body.partition(" ")
            else:
                author = nick.lstrip("@+%&~") or None
            sent_at = when.replace(tzinfo=ctx.tz) if when and ctx.tz else when
            raw_ts = f"{groups['d']} {groups['t']}"
        else:
            if groups.get("nick"):
                author, body = groups["nick"], groups["text"]
            elif groups.get("anick"):
                author, body = groups["anick"], groups["action"]
            else:
                author, body = None, groups.get("sys") or groups.get("notice") or ""
                kind = "system"
            sent_at = _at(day, groups["t"], ctx)
            raw_ts = groups["t"] if day is None else f"{day.isoformat()} {groups['t']}"
        return Message(
            location=ctx.location(offset, line, f"L{line}"),
            conversation=ctx.stem,
            author=author,
            sent_at=sent_at,
            text=body,
            seq=line - 1,
            kind=kind,
            timestamp_raw=raw_ts,
        )


def _valid(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _last_marker(ctx: ReadContext, start: int) -> date | None:
    """The day of the last ``--- Day changed`` / ``Log opened`` before ``start``."""
    last: bytes | None = None
    with ctx.opener() as fh:
        left, tail = start, b""
        while left > 0:
            block = fh.read(min(CHUNK * 4, left))
            if not block:
                break
            left -= len(block)
            data = tail + block
            cut = data.rfind(b"\n") + 1
            found = _MARKER_BYTES.findall(data[:cut])
            if found:
                last = found[-1]
            tail = data[cut:]
        if tail:
            # the line cut by ``start`` belongs to the previous range
            whole = tail + fh.readline()
            if _MARKER_BYTES.match(whole):
                last = whole.rstrip(b"\r\n")
    return _marker_date(_decode(last)) if last else None
