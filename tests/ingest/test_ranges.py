"""Byte-range reads (issue 7): ranges partition the records exactly.

For every splittable fixture and several cut points, the union of the
range reads equals the whole read, with the same seq, line, offset and id.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FIXTURES, read_one

from cocoscan.ingest import InputStream

SPLITTABLE = [
    "jsonl/aliases.jsonl",
    "jsonl/bom-crlf.jsonl",
    "plain/notes.txt",
    "whatsapp-android/Discussion WhatsApp avec Jade.txt",
    "whatsapp-ios/_chat.txt",
    "irc-irssi/#entraide.log",
    "irc-weechat/#entraide.weechatlog",
    "irc-znc/entraide_20250204.log",
]


def key(m: object) -> tuple[object, ...]:
    loc = m.location  # type: ignore[attr-defined]
    return (
        m.seq,
        loc.line,
        loc.byte_offset,
        loc.message_id,
        m.text,
        m.sent_at,
        m.author,
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", SPLITTABLE)
def test_ranges_partition_the_whole_read(path: str) -> None:
    stream, whole = read_one(FIXTURES / path)
    assert stream.splittable
    size = stream.size
    for parts in (2, 3, 5, 7):
        cuts = [size * i // parts for i in range(parts + 1)]
        got = [
            m
            for a, b in pairwise(cuts)
            for m in stream.iter_range(a, b)
        ]
        assert [key(m) for m in got] == [key(m) for m in whole], (path, parts)
    # every single-byte cut point
    for cut in range(size + 1):
        got = list(stream.iter_range(0, cut)) + list(stream.iter_range(cut, size))
        assert [key(m) for m in got] == [key(m) for m in whole], (path, cut)


def test_big_jsonl_ranges(tmp_path: Path) -> None:
    lines = [
        f'{{"conversation": "c{i % 7}", "author": "a{i % 3}", "text": "m {i}"}}'
        for i in range(5000)
    ]
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stream, whole = read_one(path)
    cuts = [0, 1, 4097, 100_000, 100_001, stream.size]
    got = [
        m for a, b in pairwise(cuts) for m in stream.iter_range(a, b)
    ]
    assert [key(m) for m in got] == [key(m) for m in whole]


def test_non_splittable_formats_refuse_ranges() -> None:
    stream, _ = read_one(FIXTURES / "csv/tab.csv")
    assert isinstance(stream, InputStream) and not stream.splittable
    with pytest.raises(ValueError, match="not splittable"):
        stream.iter_range(0, 10)
