"""Checkpoints: exact round trip, private files, reuse only on an exact match."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cocoscan.checkpoint import (
    RUN_DIR,
    Checkpoint,
    CheckpointStore,
    EngineDelta,
    decode,
    encode,
    engine_delta,
    holds_run,
    scan_digest,
)
from cocoscan.model import Hit, InputInfo, Message, Problem, Severity, SourceLocation
from cocoscan.pipeline import StatsAccumulator

SHA = "ab" * 32


def message(
    i: int, text: str, when: datetime | None, author: str | None = "Léa"
) -> Message:
    loc = SourceLocation(
        "in/chat.jsonl",
        SHA,
        i * 40,
        i + 1,
        f"m{i}",
        member="inner/a.txt" if i == 2 else None,
    )
    return Message(loc, "conv-1", author, when, text, i, timestamp_raw=f"raw {i}")


def sample() -> Checkpoint:
    msgs = [
        message(0, "bonjour 👨‍👩‍👧 \u202etxt", datetime(2025, 2, 4, 22, 11)),
        message(
            1,
            "ne dis rien à tes parents",
            datetime(2025, 2, 4, 22, 12, 3, 7, tzinfo=ZoneInfo("Europe/Paris")),
        ),
        message(2, "x" * 50, datetime(2025, 2, 4, 21, 0, tzinfo=UTC), author=None),
        message(
            3,
            "ok",
            datetime(
                2025, 2, 4, 23, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30))
            ),
        ),
    ]
    hit = Hit(
        "grooming.secrecy.x",
        "grooming",
        Severity.HIGH,
        "high",
        ("secrecy",),
        msgs[1],
        (3, 25),
        "regex 0",
        "normalised",
        (("age", "13"),),
        None,
        (msgs[0], msgs[2], msgs[3]),
    )
    hit2 = Hit(
        "signal.y",
        "signal",
        Severity.LOW,
        "low",
        (),
        msgs[1],
        (0, 2),
        "literal 1",
        "deleet",
        (),
        "quoted",
        (msgs[0],),
    )
    stats = StatsAccumulator()
    for m in msgs:
        stats.add(m)
    info = InputInfo("in/chat.jsonl", SHA, "jsonl", 1234, 4, 1)
    problems = [Problem("in/chat.jsonl", 7, "invalid JSON", fatal=False)]
    return Checkpoint(
        info,
        [hit, hit2],
        stats,
        problems,
        EngineDelta(3, {"grooming.secrecy.x": 1}, []),
    )


def test_round_trip_is_exact() -> None:
    ckpt = sample()
    back = decode(encode(ckpt, digest="d"), digest="d")
    assert back is not None
    assert back.info == ckpt.info
    assert back.hits == ckpt.hits
    assert back.problems == ckpt.problems
    assert back.engine == ckpt.engine
    assert back.stats.freeze() == ckpt.stats.freeze()
    # time zones survive as zones, not only as offsets
    assert back.hits[0].message.sent_at.tzinfo == ZoneInfo("Europe/Paris")
    # a message shared by two hits stays one object
    assert back.hits[0].message is back.hits[1].message
    assert back.hits[0].context[0] is back.hits[1].context[0]


def test_decode_refuses_foreign_stale_or_damaged() -> None:
    data = encode(sample(), digest="d")
    assert decode(data, digest="other") is None
    assert decode(data[: len(data) // 2], digest="d") is None
    assert decode(b"[]", digest="d") is None
    assert decode(data.replace(b'"format":1', b'"format":99'), digest="d") is None
    assert (
        decode(b'{"format":1,"tool":{"name":"cocoscan"},"digest":"d"}', digest="d")
        is None
    )


def test_store_is_private_and_atomic(tmp_path: Path) -> None:
    store = CheckpointStore(tmp_path, "d")
    target = store.save(sample())
    folder = tmp_path / RUN_DIR
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.name.startswith(SHA + "-") and target.name.endswith(".ckpt")
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())


def test_reuse_needs_same_bytes_size_path_and_digest(tmp_path: Path) -> None:
    CheckpointStore(tmp_path, "d").save(sample())
    store = CheckpointStore(tmp_path, "d")
    assert store.load("in/chat.jsonl", SHA, 1234) is not None
    assert store.load("in/chat.jsonl", SHA, 1235) is None
    assert store.load("in/chat.jsonl", "cd" * 32, 1234) is None
    assert store.load("in/other.jsonl", SHA, 1234) is None
    assert CheckpointStore(tmp_path, "e").load("in/chat.jsonl", SHA, 1234) is None


def test_version_mismatch_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    CheckpointStore(tmp_path, "d").save(sample())
    monkeypatch.setattr("cocoscan.checkpoint.__version__", "0.0.0-other")
    assert CheckpointStore(tmp_path, "d").load("in/chat.jsonl", SHA, 1234) is None


def test_scan_digest_depends_on_packs_options_and_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packs = [("p", "1", "aa")]
    base = scan_digest(packs, {"context": 3})
    assert base == scan_digest(list(packs), {"context": 3})
    assert base != scan_digest([("p", "2", "aa")], {"context": 3})
    assert base != scan_digest(packs, {"context": 4})
    monkeypatch.setattr("cocoscan.checkpoint.__version__", "9.9.9")
    assert base != scan_digest(packs, {"context": 3})


def test_holds_run_accepts_only_our_leftovers(tmp_path: Path) -> None:
    assert not holds_run(tmp_path)
    store = CheckpointStore(tmp_path, "d")
    store.save(sample())
    assert holds_run(tmp_path)
    (tmp_path / ".findings.jsonl.x1.tmp").write_bytes(b"")
    assert holds_run(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    assert not holds_run(tmp_path)
    store.clear()
    assert not (tmp_path / RUN_DIR).exists()


def test_engine_delta() -> None:
    before = (10, {"a": 1}, ["x"])
    after = (15, {"a": 3, "b": 1}, ["x", "a"])
    assert engine_delta(before, after) == EngineDelta(5, {"a": 2, "b": 1}, ["a"])
