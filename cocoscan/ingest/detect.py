"""Which reader fits an input, from its first 64 KiB (no full parse).

JSON-looking inputs are told apart by the keys seen in the prefix; text
inputs by their first lines, in a fixed order (WhatsApp iOS, WhatsApp
Android, IRC styles, Discord CSV, generic CSV), plain text last. Each
reader owns its ``sniff(sample)`` predicate; this module only orders them.
"""

from __future__ import annotations

import os

import orjson

from cocoscan.ingest.base import Sample
from cocoscan.ingest.fields import ALIASES
from cocoscan.ingest.registry import READERS

#: Text formats, most specific first; "plain" is the fallback.
TEXT_ORDER = (
    "whatsapp-ios",
    "whatsapp-android",
    "irc-weechat",
    "irc-znc",
    "irc-irssi",
    "discord-csv",
    "csv",
)
#: JSON formats, by keys; generic JSON array and JSON Lines last.
JSON_ORDER = (
    "telegram-json",
    "discord-json",
    "instagram-json",
    "messenger-json",
    "slack",
    "json",
)
#: Format of an empty or blank input, from its extension.
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "json",
    ".xml": "pan12-xml",
}


def detect(
    prefix: bytes,
    name: str,
    display: str | None = None,
    text_keys: tuple[str, ...] = ALIASES["text"],
) -> str | None:
    """The format name of an input, or ``None`` when nothing matches."""
    sample = Sample.of(prefix, name, display or name, text_keys)
    head = sample.text.lstrip()
    if not head:
        return EXTENSIONS.get(os.path.splitext(name)[1].lower(), "plain")
    if head[0] in "{[":
        # NOTE: WhatsApp iOS and ZNC lines start with "[" too.
        return _json(sample) or _by_order(sample, ("whatsapp-ios", "irc-znc"))
    if head.startswith(("<?xml", "<conversations", "<!--")):
        return _by_order(sample, ("pan12-xml",))
    found = _by_order(sample, TEXT_ORDER)
    return found or ("plain" if "plain" in READERS else None)


def _json(sample: Sample) -> str | None:
    ext = os.path.splitext(sample.name)[1].lower()
    objects = [_object(line) for line in sample.lines[:5]]
    complete = [o for o in objects if o is not None]
    if ext in (".jsonl", ".ndjson") and sample.text.lstrip()[:1] == "{":
        return "jsonl"
    if len(complete) >= 2 or (
        objects
        and objects[0] is not None
        and sample.lines[1:2] != []
        and sample.lines[1].startswith("{")
    ):
        return "jsonl"
    found = _by_order(sample, JSON_ORDER[:-1])
    if found:
        return found
    first = objects[0] if objects else None
    # One complete record with a text field is one line of JSON Lines, not a
    # JSON document (whose records would sit in an array or "messages").
    if len(sample.lines) == 1 and first and any(k in first for k in sample.text_keys):
        return "jsonl"
    return _by_order(sample, JSON_ORDER[-1:])


def _object(line: str) -> dict[str, object] | None:
    """The line as a JSON object, or ``None``."""
    if not line.startswith("{"):
        return None
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _by_order(sample: Sample, order: tuple[str, ...]) -> str | None:
    for fmt in order:
        reader = READERS.get(fmt)
        sniff = getattr(reader, "sniff", None)
        if sniff is not None and sniff(sample):
            return fmt
    return None
