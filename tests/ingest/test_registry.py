"""Every reader module is registered; the CLI commands go through the entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES

import cocoscan.ingest as ingest
from cocoscan.ingest.registry import HELPER_MODULES, READERS


def test_every_reader_module_is_registered() -> None:
    folder = Path(ingest.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - HELPER_MODULES
    registered = {type(r).__module__.rsplit(".", 1)[-1] for r in READERS.values()}
    assert modules == registered
    for name, reader in READERS.items():
        assert reader.name == name and reader.description


def _cocoscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("cocoscan", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "cocoscan"]
    return subprocess.run(
        [*cmd, *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


def test_formats_command(tmp_path: Path) -> None:
    proc = _cocoscan("formats", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    names = [json.loads(line)["name"] for line in proc.stdout.splitlines()]
    assert names == list(READERS)


def test_convert_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    proc = _cocoscan(
        "convert",
        str(FIXTURES / "whatsapp-android"),
        str(FIXTURES / "telegram-json"),
        "-o",
        str(out),
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    records = [
        json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
    ]
    assert len(records) == 22 + 8
    assert {r["kind"] for r in records} == {"text", "system", "media", "deleted"}
    first = records[0]
    raw = Path(first["source"]["path"]).read_bytes()
    assert raw[first["source"]["byte_offset"] :].startswith(b"02/14/2025")
    # the output is itself a valid cocoscan input
    again = tmp_path / "again.jsonl"
    proc = _cocoscan("convert", str(out), "-o", str(again), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    second = [
        json.loads(line) for line in again.read_text(encoding="utf-8").splitlines()
    ]
    assert [
        (r["conversation"], r["author"], r["text"], r["kind"], r["timestamp"])
        for r in second
    ] == [
        (r["conversation"], r["author"], r["text"], r["kind"], r["timestamp"])
        for r in records
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cocoscan-convert")]


def test_convert_problems_exit_2_without_chat_text(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    proc = _cocoscan(
        "convert", str(FIXTURES / "jsonl/bad-line.jsonl"), "-o", str(out), cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0].endswith(
        "bad-line.jsonl:2: not valid JSON at column 31"
    )
    assert "cut" not in proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_convert_redact(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "r.jsonl"
    proc = _cocoscan(
        "convert",
        str(FIXTURES / "whatsapp-android/WhatsApp Chat with Max.txt"),
        "-o",
        str(out),
        "--redact",
        "--key-file",
        str(tmp_path / "key"),
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert '"Max"' not in text and '"Jade"' not in text and "555 010" not in text
    assert "P-" in text
