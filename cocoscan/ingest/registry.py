"""The readers, by format name: what ``--format`` accepts and the manifest records.

A dict literal, not discovery: a test checks that every reader module under
``cocoscan/ingest/`` appears here.
"""

from __future__ import annotations

from cocoscan.ingest.base import Reader
from cocoscan.ingest.csvfile import CsvReader
from cocoscan.ingest.discord import DiscordCsvReader, DiscordJsonReader
from cocoscan.ingest.irc import IrcReader
from cocoscan.ingest.jsonarray import JsonArrayReader
from cocoscan.ingest.jsonl import JsonlReader
from cocoscan.ingest.meta import MetaReader
from cocoscan.ingest.pan12 import Pan12Reader
from cocoscan.ingest.plain import PlainReader
from cocoscan.ingest.slack import SlackReader
from cocoscan.ingest.telegram import TelegramReader
from cocoscan.ingest.whatsapp import WhatsAppReader

READERS: dict[str, Reader] = {
    "jsonl": JsonlReader(),
    "json": JsonArrayReader(),
    "csv": CsvReader(),
    "plain": PlainReader(),
    "whatsapp-android": WhatsAppReader("android"),
    "whatsapp-ios": WhatsAppReader("ios"),
    "telegram-json": TelegramReader(),
    "discord-json": DiscordJsonReader(),
    "discord-csv": DiscordCsvReader(),
    "slack": SlackReader(),
    "messenger-json": MetaReader("messenger"),
    "instagram-json": MetaReader("instagram"),
    "irc-irssi": IrcReader("irssi"),
    "irc-weechat": IrcReader("weechat"),
    "irc-znc": IrcReader("znc"),
    "pan12-xml": Pan12Reader(),
}

#: Helper modules of the package that are not readers.
HELPER_MODULES = frozenset(
    (
        "__init__",
        "base",
        "detect",
        "encoding",
        "fields",
        "jsonstream",
        "lines",
        "registry",
        "sources",
        "stream",
        "timeparse",
    )
)
