"""Bad records among good ones, encodings, archives, file-system oddities.

A bad record is one non-fatal problem with its line and the scan goes on;
an unusable input is one fatal problem; nothing crashes, nothing is written.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, read_all, read_one

from cocoscan.ingest import InputStream, ZipLimits, open_inputs
from cocoscan.model import Problem

GOOD = json.dumps({"conversation": "c", "author": "ana", "text": "bonjour"})


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_jsonl_bad_records_are_problems_with_lines() -> None:
    stream, messages = read_one(FIXTURES / "jsonl/bad-line.jsonl")
    assert [m.text for m in messages] == ["un", "deux"]
    assert [(p.line, p.fatal) for p in stream.problems] == [(2, False), (3, False)]
    assert messages[1].sent_at is None and messages[1].timestamp_raw == "not a date"
    assert stream.info().errors == 2


def test_undecodable_bytes_reported_message_kept() -> None:
    stream, messages = read_one(FIXTURES / "encodings/bad-utf8.jsonl")
    assert [m.text for m in messages] == ["ok", "caf\ufffd", "fin"]
    assert [p.line for p in stream.problems] == [2]
    assert "utf-8" in stream.problems[0].reason
    assert "caf" not in stream.problems[0].reason


@pytest.mark.parametrize(
    ("name", "data", "count", "lines"),
    [
        (
            "huge-int.jsonl",
            jsonl(GOOD, '{"text": "x", "ts": ' + "9" * 5000 + "}"),
            2,
            [],
        ),
        (
            "deep.jsonl",
            jsonl(GOOD, '{"text": ' + "[" * 5000 + "]" * 5000 + "}"),
            1,
            [2],
        ),
        ("nul.jsonl", jsonl(GOOD, '{"text": "a\x00b"}', GOOD), 2, [2]),
        ("array-line.jsonl", jsonl(GOOD, "[1, 2]", GOOD), 2, [2]),
        ("cut.jsonl", jsonl(GOOD, GOOD)[:-10], 1, [2]),
        ("dict-text.jsonl", jsonl(GOOD, '{"text": {"a": 1}}'), 1, [2]),
    ],
)
def test_jsonl_hostile_lines(
    tmp_path: Path, name: str, data: bytes, count: int, lines: list[int]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    stream, messages = read_one(path)
    assert len(messages) == count
    assert [p.line for p in stream.problems] == lines
    assert all(not p.fatal for p in stream.problems)


def test_csv_bad_row_and_unterminated_quote(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(b'conversation,author,text\nc,a,ok\nc,b,"open\nc,c,more\n')
    stream, messages = read_one(path)
    assert messages[0].text == "ok"
    assert any("unterminated" in p.reason and p.line == 3 for p in stream.problems)


def test_csv_line_numbers_with_quoted_newlines(tmp_path: Path) -> None:
    data = b'text,author\n"a\nb\nc",x\nsecond,y\n'
    path = tmp_path / "n.csv"
    path.write_bytes(data)
    _, messages = read_one(path)
    assert [(m.location.line, m.location.byte_offset) for m in messages] == [
        (2, 12),
        (5, 22),
    ]
    assert data[22:].startswith(b"second")


def test_whatsapp_line_before_first_header(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with X.txt"
    path.write_text(
        "stray line\n04/02/2025 22:11 - Max: hi\nnot a header 99/99\n", encoding="utf-8"
    )
    stream = next(iter(open_inputs([str(path)], fmt="whatsapp-android")))
    assert isinstance(stream, InputStream)
    messages = list(stream)
    assert [m.text for m in messages] == ["hi\nnot a header 99/99"]
    assert [p.line for p in stream.problems] == [1]


def test_whatsapp_impossible_date_is_none(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text(
        "31/02/2025 22:11 - Max: hi\n04/02/2025 25:12 - Jade: ok\n", encoding="utf-8"
    )
    _, messages = read_one(path)
    assert [m.sent_at for m in messages] == [None, None]
    assert messages[0].timestamp_raw == "31/02/2025 22:11"


def test_whatsapp_cr_only_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_bytes(b"04/02/2025 22:10 - Bob: a\r04/02/2025 22:11 - Ann: b\rsuite\r")
    _, messages = read_one(path)
    assert [m.text for m in messages] == ["a", "b\nsuite"]
    assert [m.location.byte_offset for m in messages] == [0, 26]


def test_truncated_telegram_is_fatal_after_the_good_part(tmp_path: Path) -> None:
    data = (FIXTURES / "telegram-json/single/result.json").read_bytes()
    path = tmp_path / "result.json"
    path.write_bytes(data[: len(data) * 2 // 3])
    stream, messages = read_one(path)
    assert 1 <= len(messages) < 4
    assert stream.problems[-1].fatal and "JSON" in stream.problems[-1].reason


def test_binary_and_undetectable_files(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "c.json").write_bytes(b'{"name": "x", "version": 3}')
    items = read_all(tmp_path / "a.png", tmp_path / "b.bin", tmp_path / "c.json")
    assert all(isinstance(i, Problem) and i.fatal for i in items)
    reasons = [i.reason for i in items if isinstance(i, Problem)]
    assert "binary" in reasons[0] and "binary" in reasons[1]
    assert "cannot detect format" in reasons[2]


def test_fs_oddities(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "chat.jsonl").write_bytes(jsonl(GOOD))
    os.symlink("..", tree / "up")
    os.symlink(".", tree / "self")
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    os.mkfifo(tree / "pipe.jsonl")
    items = read_all(tree, tmp_path / "loop-a", tmp_path / "missing.jsonl")
    streams = [i for i in items if isinstance(i, InputStream)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [s.path for s in streams] == [str(tree / "chat.jsonl")]
    assert {p.path for p in problems} >= {
        str(tree / "pipe.jsonl"),
        str(tmp_path / "loop-a"),
        str(tmp_path / "missing.jsonl"),
    }
    assert all(p.fatal for p in problems)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_slip_names_are_never_extracted(tmp_path: Path) -> None:
    path = tmp_path / "slip.zip"
    path.write_bytes(
        _zip([("../../evil.jsonl", jsonl(GOOD)), ("/abs/evil2.jsonl", jsonl(GOOD))])
    )
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    items = read_all(path)
    assert [i.member for i in items if isinstance(i, InputStream)] == [
        "../../evil.jsonl",
        "/abs/evil2.jsonl",
    ]
    assert sum(len(list(i)) for i in items if isinstance(i, InputStream)) == 2
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slip.zip"]


def test_zip_bomb_ratio_members_and_depth(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(_zip([("chat.jsonl", b"\0" * (8 << 20))]))
    (problem,) = read_all(bomb)
    assert isinstance(problem, Problem) and "ratio" in problem.reason
    many = tmp_path / "many.zip"
    many.write_bytes(_zip([(f"{i}.jsonl", jsonl(GOOD)) for i in range(5)]))
    items = list(open_inputs([str(many)], limits=ZipLimits(max_members=3)))
    assert (
        len(items) == 1
        and isinstance(items[0], Problem)
        and "members" in items[0].reason
    )
    data = _zip([("chat.jsonl", jsonl(GOOD))])
    for level in range(6):
        data = _zip([(f"level{level}.zip", data)])
    nest = tmp_path / "nest.zip"
    nest.write_bytes(data)
    (problem,) = read_all(nest)
    assert isinstance(problem, Problem) and "nested" in problem.reason


def test_zip_nested_and_gzip_members(tmp_path: Path) -> None:
    inner = _zip([("chat.jsonl.gz", gzip.compress(jsonl(GOOD, GOOD)))])
    path = tmp_path / "outer.zip"
    path.write_bytes(_zip([("inner.zip", inner)]))
    (stream,) = read_all(path)
    assert isinstance(stream, InputStream)
    assert stream.member == "inner.zip!chat.jsonl.gz"
    assert len(list(stream)) == 2
    assert stream.info().path == f"{path}!inner.zip!chat.jsonl.gz"


def test_zip_bad_crc_and_encrypted(tmp_path: Path) -> None:
    data = bytearray(_zip([("chat.jsonl", jsonl(GOOD))], method=zipfile.ZIP_STORED))
    data[data.find(b"bonjour")] ^= 0x20
    crc = tmp_path / "crc.zip"
    crc.write_bytes(bytes(data))
    enc = bytearray(_zip([("chat.jsonl", jsonl(GOOD))], method=zipfile.ZIP_STORED))
    enc[enc.find(b"PK\x03\x04") + 6] |= 1
    enc[enc.find(b"PK\x01\x02") + 8] |= 1
    encrypted = tmp_path / "enc.zip"
    encrypted.write_bytes(bytes(enc))
    items = read_all(crc, encrypted)
    assert all(isinstance(i, Problem) for i in items), items
    assert "encrypted" in items[1].reason  # type: ignore[union-attr]


def test_gzip_hash_is_of_the_stored_bytes_and_truncation_is_fatal(
    tmp_path: Path,
) -> None:
    import hashlib

    body = jsonl(*[GOOD] * 3000)
    ok = tmp_path / "ok.jsonl.gz"
    ok.write_bytes(gzip.compress(body, mtime=0))
    stream, messages = read_one(ok)
    assert len(messages) == 3000 and stream.format == "jsonl"
    assert stream.sha256 == hashlib.sha256(ok.read_bytes()).hexdigest()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(ok.read_bytes()[: len(ok.read_bytes()) // 2])
    (item,) = read_all(cut)
    fatal = item if isinstance(item, Problem) else (list(item), item.problems[-1])[1]
    assert fatal.fatal and "truncated" in fatal.reason
    wrong = tmp_path / "wrong.jsonl.gz"
    wrong.write_bytes(body)
    (problem,) = read_all(wrong)
    assert isinstance(problem, Problem) and "gzip" in problem.reason


def test_zstd_input(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    path = tmp_path / "chat.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(jsonl(GOOD, GOOD)))
    _, messages = read_one(path)
    assert len(messages) == 2 and messages[0].conversation == "c"


def test_utf16_be_and_empty_inputs(tmp_path: Path) -> None:
    be = tmp_path / "be.jsonl"
    be.write_bytes(("\ufeff" + GOOD + "\n").encode("utf-16-be"))
    _, messages = read_one(be)
    assert [m.text for m in messages] == ["bonjour"]
    for name, data in (("empty.jsonl", b""), ("blank.txt", b"  \n\n\t\r\n")):
        (tmp_path / name).write_bytes(data)
        stream, messages = read_one(tmp_path / name)
        assert messages == [] and not stream.problems


def test_field_map(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"Body,User,When\nhello,ana,2025-02-04T22:11:00\n")
    stream, messages = read_one(
        path, field_map={"text": "Body", "author": "User", "timestamp": "When"}
    )
    assert stream.format == "csv"
    assert (messages[0].text, messages[0].author) == ("hello", "ana")
    assert messages[0].sent_at is not None


def test_unknown_format_is_a_problem() -> None:
    (problem,) = list(open_inputs(["x"], fmt="nope"))
    assert isinstance(problem, Problem) and "unknown format" in problem.reason


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "fx"
    shutil.copytree(FIXTURES, copy)
    before = {p: p.stat().st_mtime_ns for p in copy.rglob("*")}
    for item in read_all(copy):
        if isinstance(item, InputStream):
            list(item)
    assert {p: p.stat().st_mtime_ns for p in copy.rglob("*")} == before
