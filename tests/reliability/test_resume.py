"""Kill a real scan mid-way (SIGINT, SIGTERM, kill -9), then ``--resume``.

The resumed scan must write exactly what an uninterrupted scan writes: every
output byte-identical, the manifest equal but for its times.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "badinput"))

from corpus import PACK, SECRET, line
from runner import cocoscan_cmd, snapshot

FILES = 6
MESSAGES = 12_000
#: Manifest fields that legitimately differ between two runs.
VOLATILE = {"started", "finished", "seal", "integrity", "outputs"}


def make_inputs(root: Path) -> list[str]:
    (root / "in").mkdir(parents=True)
    paths = []
    for f in range(FILES):
        rows = []
        for i in range(MESSAGES):
            text = (
                SECRET
                if i % 997 == 0
                else f"message {i} du fichier {f}, rien a signaler"
            )
            rows.append(
                line(
                    f"conv-{f}-{i % 50}",
                    f"user{i % 7}",
                    text,
                    ts=f"2025-02-04T{i % 24:02d}:{i % 60:02d}:00",
                )
            )
        (root / "in" / f"part{f}.jsonl").write_text(
            "\n".join(rows) + "\n", encoding="utf-8"
        )
        paths.append(f"in/part{f}.jsonl")
    (root / "pack.toml").write_text(PACK, encoding="utf-8")
    return paths


def args(paths: list[str], out: str, *extra: str) -> list[str]:
    return [
        *cocoscan_cmd(),
        "scan",
        *paths,
        "--out",
        out,
        "--no-builtin-packs",
        "--packs",
        "pack.toml",
        "--quiet",
        *extra,
    ]


def env(cwd: Path) -> dict[str, str]:
    """One case key per test folder, shared by the runs that are compared."""
    return {**os.environ, "COCOSCAN_KEY_FILE": str(cwd / "case.key")}


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env(cwd),
    )


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def stable_manifest(data: bytes) -> dict[str, object]:
    manifest = json.loads(data)
    return {k: v for k, v in manifest.items() if k not in VOLATILE}


def interrupt_mid_scan(
    cmd: list[str], cwd: Path, out: Path, sig: int
) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(cwd),
        start_new_session=True,  # its own process group, workers included
    )
    deadline = time.monotonic() + 120
    # wait until at least one input is checkpointed, then stop the scan
    while not list((out / ".run").glob("*.ckpt")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no checkpoint written"
        time.sleep(0.01)
    if sig == signal.SIGTERM:
        proc.send_signal(sig)  # `kill PID`: the main process only
    else:
        # Ctrl-C and a kill -9 of the whole job reach every process of the group
        os.killpg(proc.pid, sig)
    proc.wait(timeout=120)
    return proc


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[str], dict[str, bytes]]:
    root = tmp_path_factory.mktemp("resume")
    paths = make_inputs(root)
    proc = run(args(paths, "full"), root)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not (root / "full" / ".run").exists()  # checkpoints removed once complete
    return root, paths, outputs(root / "full")


def check_same(full: dict[str, bytes], resumed: dict[str, bytes]) -> None:
    assert sorted(full) == sorted(resumed)
    for name in full:
        if name == "manifest.json":
            assert stable_manifest(full[name]) == stable_manifest(resumed[name])
        else:
            assert full[name] == resumed[name], name


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"]
)
def test_signal_stops_cleanly_then_resume_gives_the_same_result(
    reference: tuple[Path, list[str], dict[str, bytes]],
    sig: int,
) -> None:
    root, paths, full = reference
    name = f"out-{signal.Signals(sig).name}"
    out = root / name
    before = snapshot(root / "in")
    proc = interrupt_mid_scan(args(paths, name), root, out, sig)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and SECRET not in stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["partial"] is True
    assert manifest["options"]["interrupted"] == signal.Signals(sig).name
    assert 1 <= len(manifest["inputs"]) < FILES  # the signal landed mid-scan
    assert any("interrupted" in p for p in manifest["problems"])
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    ckpts = list((out / ".run").glob("*.ckpt"))
    assert ckpts and all((p.stat().st_mode & 0o777) == 0o600 for p in ckpts)
    assert ((out / ".run").stat().st_mode & 0o777) == 0o700

    resumed = run(args(paths, name, "--resume"), root)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert not (out / ".run").exists()
    check_same(full, outputs(out))
    assert snapshot(root / "in") == before


@pytest.mark.timeout(300)
def test_kill_9_then_resume_gives_the_same_result(
    reference: tuple[Path, list[str], dict[str, bytes]],
) -> None:
    root, paths, full = reference
    out = root / "out-kill"
    proc = interrupt_mid_scan(args(paths, "out-kill"), root, out, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists()
    # a folder holding only an interrupted run is accepted without --force
    resumed = run(args(paths, "out-kill", "--resume"), root)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    check_same(full, outputs(out))


@pytest.mark.timeout(300)
def test_resume_with_changed_input_rescans_it(tmp_path: Path) -> None:
    paths = make_inputs(tmp_path)
    out = tmp_path / "o"
    proc = interrupt_mid_scan(args(paths, "o"), tmp_path, out, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    done = {p.name.split("-")[0] for p in (out / ".run").glob("*.ckpt")}
    changed = next(
        p
        for p in paths
        if hashlib.sha256((tmp_path / p).read_bytes()).hexdigest() in done
    )
    with open(tmp_path / changed, "a", encoding="utf-8") as handle:
        handle.write(line("late", "user1", SECRET) + "\n")
    resumed = run(args(paths, "o", "--resume"), tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    entry = next(i for i in manifest["inputs"] if i["path"] == changed)
    assert (
        entry["messages"] == MESSAGES + 1
    )  # read again, not taken from the checkpoint
