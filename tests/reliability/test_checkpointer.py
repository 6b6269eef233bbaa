"""The input loop helper: save after each input, reuse on resume, stop on a signal."""

from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path

from cocoscan import interrupt
from cocoscan.checkpoint import RUN_DIR, Checkpointer
from cocoscan.matching.engine import EngineStats
from cocoscan.model import Hit, InputInfo, Message, Problem, Severity, SourceLocation
from cocoscan.pipeline import StatsAccumulator


class FakeStream:
    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.data = path.read_bytes()
        self.problems = [Problem(self.path, 2, "bad record", fatal=False)]

    def info(self) -> InputInfo:
        return InputInfo(
            self.path,
            hashlib.sha256(self.data).hexdigest(),
            "jsonl",
            len(self.data),
            2,
            1,
        )


def scanner(stream: FakeStream, engine: EngineStats, calls: list[str]):  # type: ignore[no-untyped-def]
    def scan(acc: StatsAccumulator) -> list[Hit]:
        calls.append(stream.path)
        loc = SourceLocation(stream.path, "0" * 64, 0, 1, "0")
        m = Message(loc, "c", "a", None, "x", 0)
        acc.add(m)
        engine.candidates += 2
        engine.timeouts["r"] = engine.timeouts.get("r", 0) + 1
        return [
            Hit("r", "grooming", Severity.LOW, "low", (), m, (0, 1), "literal 0", "raw")
        ]

    return scan


def test_save_then_resume_reuses_unchanged_inputs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("one"), b.write_text("two")
    out = tmp_path / "out"
    calls: list[str] = []
    first = Checkpointer(str(out), "d", reuse=False)
    engine = EngineStats()
    parts = [
        first.run_input(FakeStream(p), engine, scanner(FakeStream(p), engine, calls))
        for p in (a, b)
    ]
    assert calls == [str(a), str(b)]
    assert len(list((out / RUN_DIR).glob("*.ckpt"))) == 2

    b.write_text("changed")
    calls.clear()
    engine2 = EngineStats()
    second = Checkpointer(str(out), "d", reuse=True)
    again = [
        second.run_input(FakeStream(p), engine2, scanner(FakeStream(p), engine2, calls))
        for p in (a, b)
    ]
    assert calls == [str(b)]  # a reused, b changed so read again
    assert second.reused == 1 and second.candidates == 2
    assert engine2.timeouts == {"r": 2}  # replayed + new
    assert again[0] is not None and parts[0] is not None
    assert again[0].hits == parts[0].hits and again[0].info == parts[0].info
    assert again[0].problems == parts[0].problems


def test_signal_while_reading_stops_the_loop(tmp_path: Path) -> None:
    paths = []
    for name in "abc":
        p = tmp_path / f"{name}.jsonl"
        p.write_text(name)
        paths.append(p)
    ckpts = Checkpointer(str(tmp_path / "out"), "d", reuse=False)
    engine = EngineStats()
    done = []

    def killing_scan(acc: StatsAccumulator) -> list[Hit]:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
        raise AssertionError("not reached")

    with interrupt.handle_signals(), interrupt.deferred():
        for p in ckpts.inputs(paths):
            stream = FakeStream(p)
            scan = killing_scan if p.name == "b.jsonl" else scanner(stream, engine, [])
            part = ckpts.run_input(stream, engine, scan)
            if part is None:
                break
            done.append(p.name)
    assert done == ["a.jsonl"]
    assert ckpts.interrupted == ("SIGINT", str(paths[1]))
    [problem] = ckpts.problems()
    assert problem.path == str(paths[1]) and "SIGINT" in problem.reason
    assert "--resume" in problem.reason
    assert ckpts.options() == {"interrupted": "SIGINT"}


def test_no_output_folder_means_no_checkpoints(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text("x")
    ckpts = Checkpointer(None, "d", reuse=True)
    engine = EngineStats()
    assert ckpts.run_input(FakeStream(p), engine, scanner(FakeStream(p), engine, []))
    assert not list(tmp_path.rglob("*.ckpt"))


class MemberStream(FakeStream):
    """Like the ingest streams: hashed before parsing, archive members displayed."""

    def __init__(self, path: Path, member: str) -> None:
        super().__init__(path)
        self.display = f"{self.path}!{member}"
        self.sha256 = hashlib.sha256(self.data + member.encode()).hexdigest()
        self.size = len(self.data)

    def info(self) -> InputInfo:
        return InputInfo(self.display, self.sha256, "jsonl", self.size, 2, 1)


def test_members_of_one_archive_have_their_own_checkpoints(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(b"PK")
    out = str(tmp_path / "out")
    engine = EngineStats()
    first = Checkpointer(out, "d", reuse=False)
    for member in ("x.jsonl", "y.jsonl"):
        s = MemberStream(archive, member)
        first.run_input(s, engine, scanner(s, engine, []))
    calls: list[str] = []
    second = Checkpointer(out, "d", reuse=True)
    for member in ("x.jsonl", "y.jsonl", "z.jsonl"):
        s = MemberStream(archive, member)
        part = second.run_input(s, engine, scanner(s, engine, calls))
        assert part is not None and part.info.path == s.display
    assert second.reused == 2 and len(calls) == 1
