"""The installed ``cocoscan`` console script, through a real subprocess.

Only this catches packaging mistakes, stream mix-ups and exit-code slips:
stdout, stderr and the exit code are asserted separately.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET_TEXT = "Chut, c'est notre secret, ne dis rien à tes parents"
AUTHOR = "Maxime_du_75"

PACK = """schema = 1
[pack]
id = "cli.test"
version = "1"
title = "CLI test pack"
description = "one high rule, one signal"
languages = ["fr"]

[[rules]]
id = "grooming.secrecy.cli-test"
title = "Secrecy with parents"
description = "asks a child to hide the chat from parents"
category = "grooming"
subcategory = "secrecy"
severity = "high"
confidence = "high"
status = "test"
signals = ["secrecy"]
falsepositives = ["surprise parties"]
keywords = ["tes parents"]
[rules.match]
any = [ { regex = '''\\bdis rien a tes parents\\b''' } ]
[rules.examples]
match = ["ne dis rien à tes parents"]
no_match = ["dis bonjour à tes parents"]
"""


def cocoscan_cmd() -> list[str]:
    exe = shutil.which("cocoscan", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "cocoscan"]


def run(
    *args: str, cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*cocoscan_cmd(), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def case(tmp_path: Path) -> Path:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "cli.toml").write_text(PACK, encoding="utf-8")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    rows = [
        {
            "conversation": "c-1",
            "author": AUTHOR,
            "timestamp": "2025-02-04T22:11:40",
            "text": "salut ça va",
        },
        {
            "conversation": "c-1",
            "author": "Jade",
            "timestamp": "2025-02-04T22:12:00",
            "text": "oui et toi",
        },
        {
            "conversation": "c-1",
            "author": AUTHOR,
            "timestamp": "2025-02-04T22:13:00",
            "text": SECRET_TEXT,
        },
        {
            "conversation": "c-2",
            "author": "Léa",
            "timestamp": "2025-02-05T10:00:00",
            "text": "dis bonjour à tes parents de ma part",
        },
    ]
    (inputs / "chat.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
        encoding="utf-8",
    )
    return tmp_path


def scan_args(case: Path, *extra: str) -> list[str]:
    return [
        "scan",
        "inputs",
        "--out",
        "out",
        "--no-builtin-packs",
        "--packs",
        "pack",
        "--quiet",
        *extra,
    ]


def test_help_and_version(tmp_path: Path) -> None:
    done = run("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("cocoscan ")
    done = run("scan", "--help", cwd=tmp_path)
    assert done.returncode == 0 and "--fail-on" in done.stdout


def test_scan_writes_outputs_and_exits_0(case: Path) -> None:
    done = run(*scan_args(case), cwd=case)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    out = case / "out"
    convs = [
        json.loads(line)
        for line in (out / "conversations.jsonl").read_text().splitlines()
    ]
    assert next(c["conversation"] for c in convs) == "c-1"
    assert convs[0]["rank"] == 1 and convs[0]["score"] > convs[1]["score"]
    assert "grooming" in convs[0]["categories"]
    findings = [
        json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()
    ]
    (f,) = [f for f in findings if f["rule"] == "grooming.secrecy.cli-test"]
    raw = (case / "inputs" / "chat.jsonl").read_bytes()
    assert f["source"]["line"] == 3
    assert raw[f["source"]["byte_offset"] :].startswith(b'{"conversation": "c-1"')
    start, end = f["span"]
    assert SECRET_TEXT[start:end].lower().startswith("dis rien")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["partial"] is False
    assert manifest["inputs"][0]["messages"] == 4
    everything = "".join(
        p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()
    )
    assert AUTHOR not in everything  # authors are pseudonymised


def test_fail_on_gives_exit_1(case: Path) -> None:
    assert run(*scan_args(case, "--fail-on", "high"), cwd=case).returncode == 1
    assert run(*scan_args(case, "--fail-on", "critical"), cwd=case).returncode in (0, 1)


def test_bad_input_among_good_ones(case: Path) -> None:
    bad = case / "inputs" / "broken.jsonl"
    bad.write_text(
        '{"conversation": "c-9", "author": "x", "text": "ok"}\n{"conv\n',
        encoding="utf-8",
    )
    done = run(*scan_args(case, "--fail-on", "high"), cwd=case)
    assert done.returncode == 2  # error wins over findings
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert lines and all("broken.jsonl:2" in line for line in lines)
    assert SECRET_TEXT not in done.stderr and AUTHOR not in done.stderr
    manifest = json.loads((case / "out" / "manifest.json").read_text())
    assert manifest["partial"] is True
    scanned = {Path(i["path"]).name: i for i in manifest["inputs"]}
    assert scanned["chat.jsonl"]["messages"] == 4  # the good input was scanned


def test_missing_input_is_exit_2_with_one_line(case: Path) -> None:
    done = run(*scan_args(case), "nope.jsonl", cwd=case)
    assert done.returncode == 2
    assert any(
        line.startswith("error: nope.jsonl") for line in done.stderr.splitlines()
    )
    assert "Traceback" not in done.stderr


def test_bad_pack_is_exit_2_naming_file_and_line(case: Path) -> None:
    (case / "pack" / "cli.toml").write_text(
        PACK.replace("tes parents\\b", "(tes"), encoding="utf-8"
    )
    done = run(*scan_args(case), cwd=case)
    assert done.returncode == 2
    assert "cli.toml:" in done.stderr and "Traceback" not in done.stderr


def test_refuses_to_overwrite_a_foreign_folder(case: Path) -> None:
    (case / "out").mkdir()
    (case / "out" / "thesis.docx").write_text("precious")
    done = run(*scan_args(case), cwd=case)
    assert done.returncode == 2 and "--force" in done.stderr
    assert (case / "out" / "thesis.docx").read_text() == "precious"


def test_inputs_are_never_modified(case: Path) -> None:
    before = {p: p.read_bytes() for p in (case / "inputs").iterdir()}
    run(*scan_args(case), cwd=case)
    assert {p: p.read_bytes() for p in (case / "inputs").iterdir()} == before


def test_rescan_is_byte_identical(case: Path) -> None:
    run(*scan_args(case), cwd=case)
    first = {
        p.name: p.read_bytes()
        for p in (case / "out").iterdir()
        if p.name != "manifest.json"
    }
    run(*scan_args(case), cwd=case)
    second = {
        p.name: p.read_bytes()
        for p in (case / "out").iterdir()
        if p.name != "manifest.json"
    }
    assert first == second


def test_bad_option_is_exit_2(case: Path) -> None:
    done = run(*scan_args(case, "--fail-on", "sometimes"), cwd=case)
    assert done.returncode == 2
    assert done.stderr.startswith("error:")
