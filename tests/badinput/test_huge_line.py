"""A 200 MB single line: reported, skipped, and read in bounded memory.

The input is generated at test time in ``tmp_path`` (streamed, never held
in memory here) and scanned by the real ``cocoscan`` in a child process.
Peak RSS of that child (``ru_maxrss`` of waited children, read by a small
wrapper process so that earlier children do not count) must stay far below
the input size.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import GOOD, PACK, SECRET, line
from runner import cocoscan_cmd

SIZE = 200 * 1024 * 1024

WRAPPER = """
import json, resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": proc.returncode, "stderr": proc.stderr, "peak_kb": peak_kb}))
"""


def peak(cmd: list[str], cwd: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    return json.loads(out.stdout)


def write_huge(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.write(line("big", "a", "avant").encode() + b"\n")
        handle.write(b'{"conversation": "big", "author": "b", "text": "')
        block = b"bla " * (1 << 18)  # 1 MiB
        for _ in range(SIZE // len(block)):
            handle.write(block)
        handle.write(b'"}\n')
        handle.write(line("big", "a", SECRET).encode() + b"\n")


@pytest.mark.timeout(240)
def test_200_mb_single_line_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.jsonl").write_bytes(GOOD)
    write_huge(tmp_path / "in" / "huge.jsonl")
    (tmp_path / "pack.toml").write_text(PACK, encoding="utf-8")
    base = ["scan", "--no-builtin-packs", "--packs", "pack.toml", "--quiet"]

    small = peak([*cocoscan_cmd(), *base, "in/good.jsonl", "--out", "o1"], tmp_path)
    big = peak(
        [*cocoscan_cmd(), *base, "in/good.jsonl", "in/huge.jsonl", "--out", "o2"],
        tmp_path,
    )

    assert big["rc"] == 2, big["stderr"]
    stderr = str(big["stderr"])
    assert "Traceback" not in stderr and "bla bla" not in stderr
    assert any(
        ln.startswith("error: in/huge.jsonl:2: ") for ln in stderr.splitlines()
    ), stderr
    growth_mb = (int(big["peak_kb"]) - int(small["peak_kb"])) / 1024
    # measured: about 50 MB (the reader buffers up to its 64 MiB line limit)
    assert growth_mb < 100, f"peak RSS grew by {growth_mb:.0f} MB for a 200 MB line"
    manifest = json.loads((tmp_path / "o2" / "manifest.json").read_text())
    assert manifest["partial"] is True
    huge = next(i for i in manifest["inputs"] if i["path"] == "in/huge.jsonl")
    assert huge["messages"] == 2 and huge["errors"] == 1  # the lines around it survive
    findings = (tmp_path / "o2" / "findings.jsonl").read_text()
    assert '"conversation":"big"' in findings.replace(" ", "")
