"""cocoscan test and cocoscan rules, through the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = HERE / "good"
BAD = HERE / "bad"
RULE = "grooming.meeting.come-alone"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("cocoscan", path=str(Path(sys.executable).parent))
    assert exe
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


def test_test_passes_on_a_good_pack_with_a_table() -> None:
    proc = run("test", str(GOOD))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    row = next(ln for ln in proc.stdout.splitlines() if ln.strip().startswith(RULE))
    assert row.split()[1:5] == ["test", "6", "0", "0"]


def test_test_fails_on_a_failing_example_and_names_it() -> None:
    proc = run("test", "--format", "json", str(BAD / "failing_example.toml"))
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["rules"][0]["failed"] == 1
    assert doc["failures"][0].endswith(f"{RULE}-no-match-1: rule fires unsuppressed")


def test_test_k_selects_rules(tmp_path: Path) -> None:
    proc = run("test", "-k", "no-such-rule", str(GOOD))
    assert proc.returncode == 0
    assert "no rules selected" in proc.stderr


def test_test_runs_pack_sample_tests(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "packs")
    sample = tmp_path / "packs" / "grooming" / "meeting.jsonl"
    sample.write_text(
        '{"conversation": "c1", "author": "u1", "text": "viens seule au parc"}\n'
        '{"conversation": "c1", "author": "u2", "text": "je suis seul ce soir"}\n'
    )
    pack = tmp_path / "packs" / "grooming" / "meeting.toml"
    body = pack.read_text()
    ok = body + f'\n[[tests]]\nfile = "meeting.jsonl"\nexpect = {{ "{RULE}" = 1 }}\n'
    pack.write_text(ok)
    assert run("test", str(tmp_path / "packs")).returncode == 0
    pack.write_text(ok.replace("= 1 }", "= 2 }"))
    proc = run("test", "--format", "json", str(tmp_path / "packs"))
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["tests"][0]["failures"] == [
        f"{RULE}: expected 2, found 1"]


def test_rules_list_filters_and_explain() -> None:
    proc = run("rules", "--no-builtin", "--packs", str(GOOD), "--format", "json",
               "--category", "grooming", "--language", "fr")
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in json.loads(proc.stdout)] == [RULE]
    proc = run("rules", "--no-builtin", "--packs", str(GOOD), "--status", "stable",
               "--format", "json")
    assert json.loads(proc.stdout) == []
    proc = run("rules", "--no-builtin", "--packs", str(GOOD), "explain", RULE)
    assert proc.returncode == 0, proc.stderr
    assert "Examples that must not match" in proc.stdout
    assert "Friends arranging to meet" in proc.stdout
    proc = run("rules", "--no-builtin", "--packs", str(GOOD), "explain", "x.y.z")
    assert proc.returncode == 2
    assert proc.stderr == "error: no rule 'x.y.z' (see cocoscan rules)\n"
