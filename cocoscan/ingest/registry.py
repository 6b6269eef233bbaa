"""The readers, by format name: what ``--format`` accepts and the manifest records.

A dict literal, not discovery: a test checks that every reader module under
``cocoscan/ingest/`` appears here.
"""

from __future__ import annotations

from cocoscan.ingest.base import Reader
from cocoscan.ingest.csvfile import CsvReader
from cocoscan.ingest.jsonl import JsonlReader
from cocoscan.ingest.plain import PlainReader
from cocoscan.ingest.whatsapp import WhatsAppReader

READERS: dict[str, Reader] = {
    "jsonl": JsonlReader(),
    "csv": CsvReader(),
    "plain": PlainReader(),
    "whatsapp-android": WhatsAppReader("android"),
    "whatsapp-ios": WhatsAppReader("ios"),
}

#: Helper modules of the package that are not readers.
HELPER_MODULES = frozenset(
    (
        "__init__",
        "base",
        "detect",
        "encoding",
        "fields",
        "lines",
        "registry",
        "sources",
        "stream",
        "timeparse",
    )
)
