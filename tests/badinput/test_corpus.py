"""The bad-input corpus, end to end through the installed ``cocoscan`` command.

For every case: the expected exit code, one ``error: FILE[:LINE]: reason``
line per expected problem (and none for the good input), no traceback, no
chat text on stderr, the good input fully scanned, ``partial`` in the
manifest exactly when something could not be read, message and problem
counts consistent (nothing dropped silently), and every input byte-for-byte
unchanged with nothing written outside the output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus import AUTHOR, CASES, GOOD, GOOD_MESSAGES, SECRET, Case
from runner import run_cocoscan, snapshot

ERROR = re.compile(r"^error: (?P<where>.+?): (?P<reason>.+)$")


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def _file_hashes(root: Path, paths: list[str]) -> set[str]:
    found = set()
    for p in paths:
        path = root / p
        files = [path] if path.is_file() else []
        if path.is_dir() and not path.is_symlink():
            files = [f for f in path.rglob("*") if f.is_file()]
        for f in files:
            with contextlib.suppress(OSError):
                found.add(hashlib.sha256(f.read_bytes()).hexdigest())
    return found


def _matches(where: str, path: str, line: int | None) -> bool:
    if line is None:
        return where == path or where.startswith((path + ":", path + "!", path + "/"))
    return where == f"{path}:{line}" or where.startswith(f"{path}:{line}:")


@dataclass
class Ran:
    """One case, run: its folder, its inputs, the snapshot before, the process."""

    tmp: Path
    root: Path
    paths: list[str]
    before: dict[str, str]
    proc: subprocess.CompletedProcess[str]


def _run_case(case: Case, tmp: Path) -> Ran:
    root = tmp / "case"
    (root / "in").mkdir(parents=True)
    (root / "in" / "good.jsonl").write_bytes(GOOD)
    paths = case.build(root)
    (root / "pack").mkdir()
    (root / "pack" / "pack.toml").write_text(case.pack, encoding="utf-8")
    before = snapshot(tmp, skip="case/out")
    proc = run_cocoscan(
        "scan",
        "in/good.jsonl",
        *paths,
        "--out",
        "out",
        "--no-builtin-packs",
        "--packs",
        "pack/pack.toml",
        "--quiet",
        *case.args,
        cwd=root,
    )
    return Ran(tmp, root, paths, before, proc)


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran | str]:
    """Every case run once, as many at a time as there are cores.

    Each scan is a separate process; running them side by side keeps the
    corpus well under a minute. A builder that raises is recorded and fails
    its own test only.
    """
    todo = [c for c in CASES if not c.skip()]

    def one(case: Case) -> Ran | str:
        try:
            return _run_case(case, tmp_path_factory.mktemp(case.name))
        except Exception as exc:  # reported by the case's own test
            return f"{type(exc).__name__}: {exc}"

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        return dict(zip([c.name for c in todo], pool.map(one, todo), strict=True))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(
    case: Case, ran: dict[str, Ran | str], request: pytest.FixtureRequest
) -> None:
    reason = case.skip()
    if reason:
        pytest.skip(reason)
    if case.xfail:
        request.applymarker(pytest.mark.xfail(reason=case.xfail, strict=True))
    run = ran[case.name]
    assert not isinstance(run, str), run
    tmp_path, root, paths, before, proc = (
        run.tmp,
        run.root,
        run.paths,
        run.before,
        run.proc,
    )

    stderr = proc.stderr
    assert "Traceback" not in stderr, stderr[-3000:]
    assert SECRET not in stderr and "notre secret" not in stderr
    assert AUTHOR not in stderr
    assert proc.stdout == ""
    assert proc.returncode == case.exit, stderr[-3000:]
    errors = [m for m in map(ERROR.match, stderr.splitlines()) if m]
    others = [
        ln for ln in stderr.splitlines() if not ln.startswith(("error: ", "warning: "))
    ]
    assert not others, f"unexpected stderr lines: {others[:5]}"
    for path, line in case.errors:
        assert any(_matches(m["where"], path, line) for m in errors), (
            f"no error line for {path}:{line}; got {[m.group(0) for m in errors]}"
        )
    for m in errors:
        assert any(
            _matches(m["where"], p, None) or m["where"].startswith(p)
            for p, _ in case.errors
        ), f"unexpected error: {m.group(0)}"
    if case.reason and errors:
        assert re.search(case.reason, errors[0]["reason"], re.IGNORECASE), errors[
            0
        ].group(0)
    if case.warnings:
        assert re.search(r"^warning: .*" + case.warnings, stderr, re.MULTILINE), stderr

    # inputs untouched, nothing created outside the output folder
    assert snapshot(tmp_path, skip="case/out") == before
    assert not Path("/tmp/cocoscan-evil.jsonl").exists()

    manifest_path = root / "out" / "manifest.json"
    if any(p.startswith("pack/") for p, _ in case.errors):
        assert not manifest_path.exists()  # a bad pack stops before any input
        return
    manifest = json.loads(manifest_path.read_text())
    assert manifest["partial"] is (case.exit == 2)
    good = [i for i in manifest["inputs"] if i["path"] == "in/good.jsonl"]
    assert (
        len(good) == 1
        and good[0]["messages"] == GOOD_MESSAGES
        and good[0]["errors"] == 0
    )
    findings = [
        json.loads(x)
        for x in (root / "out" / "findings.jsonl").read_text().splitlines()
    ]
    assert any(f["conversation"] == "good-1" for f in findings) or case.warnings
    if case.messages is not None:
        # by path, or by content hash: paths naming a person are redacted
        hashes = _file_hashes(root, paths)
        mine = [
            i
            for i in manifest["inputs"]
            if i["sha256"] in hashes
            or any(
                i["path"] == p or i["path"].startswith((p + "/", p + ":", p + "!"))
                for p in paths
            )
        ]
        assert sum(i["messages"] for i in mine) == case.messages, mine
    # nothing dropped silently: every problem is on stderr and in the manifest
    assert len(manifest["problems"]) == len(errors)
    assert manifest["counts"]["messages"] == sum(
        i["messages"] for i in manifest["inputs"]
    )
    if case.warnings:
        assert manifest["options"]["disabled_for_timeouts"] == [
            "grooming.secrecy.badinput"
        ]
