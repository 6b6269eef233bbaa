"""Readers: any bytes give only Messages and Problems, with sane provenance.

Every registered reader is forced on arbitrary bytes (and auto-detection
too, which covers gzip/zstd/zip handling); an exception, a non-Message
record, an offset outside the input or a problem quoting the input fails.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocoscan.ingest import READERS, open_inputs
from cocoscan.model import Message, Problem

MARK = "zqxjmarker"

FORMATS = [None, *sorted(READERS)]

#: Fragments that push the bytes towards each format's syntax.
FRAGMENTS = [
    b'{"conversation": "c", "author": "a", "timestamp": "2025-02-04T22:11:00", "text": "x"}\n',  # noqa: E501
    b'{"messages": [{"id": 1, "type": "message", "date": "2025-02-04T22:11:40", "text": ["a", {"type": "bold", "text": "b"}]}]}',  # noqa: E501
    b"conversation,author,timestamp,text\n",
    b"04/02/2025 22:10 - Bob: bonjour\n",
    b"[2/4/25, 10:11:40\xe2\x80\xafPM] Max: \xe2\x80\x8ehi\r\n",
    b"<conversations><conversation id='1'><message line='1'><author>a</author><time>22:11</time><text>x</text></message></conversation></conversations>",  # noqa: E501
    b"22:11 <bob> salut\n",
    b'"AuthorID","Author","Date","Content","Attachments","Reactions"\n',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00",
    b"\r",
    b"\n",
    b'"',
    b"{",
    b"[",
    b"\\",
    b"\x1f\x8b\x08\x00",
    b"PK\x03\x04",
    b"\x28\xb5\x2f\xfd",
    b"\xed\xa0\x80",
    b"\xc3",
    MARK.encode(),
]

payloads = st.one_of(
    st.binary(max_size=2048),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=64)), max_size=12
    ).map(b"".join),
)


def check(path: str, fmt: str | None, size: int) -> None:
    for item in open_inputs((path,), fmt=fmt):
        if isinstance(item, Problem):
            assert MARK not in item.reason
            continue
        for message in item:
            assert isinstance(message, Message)
            assert isinstance(message.text, str)
            assert message.location.byte_offset >= 0
            assert message.location.line is None or message.location.line >= 1
        for problem in item.problems:
            assert isinstance(problem, Problem)
            assert MARK not in problem.reason
        info = item.info()
        assert info.messages == item.messages
        assert info.errors == len(item.problems)


@pytest.mark.parametrize("fmt", FORMATS, ids=[f or "auto" for f in FORMATS])
@settings(max_examples=max(60, settings.default.max_examples // 3))
@given(data=payloads, compress=st.booleans())
def test_any_bytes_give_messages_or_problems(
    fmt: str | None, data: bytes, compress: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        body = data + MARK.encode()
        name = "input.txt"
        if compress and fmt is None:
            body, name = gzip.compress(body, mtime=0), "input.txt.gz"
        path = Path(folder) / name
        path.write_bytes(body)
        check(str(path), fmt, len(body))
