"""Run the installed ``cocoscan`` for real, and snapshot input folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path


def cocoscan_cmd() -> list[str]:
    exe = shutil.which("cocoscan", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "cocoscan"]


def run_cocoscan(
    *args: str, cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*cocoscan_cmd(), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def snapshot(root: Path, skip: str = "out") -> dict[str, str]:
    """Every entry under ``root`` but the ``skip`` subtree -> content hash or kind."""
    seen: dict[str, str] = {}
    skipped = Path(skip).parts
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root)
        for name in dirnames + filenames:
            rel = rel_dir / name
            if rel.parts[: len(skipped)] == skipped:
                continue
            path = Path(dirpath) / name
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                seen[str(rel)] = "link:" + os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                if os.access(path, os.R_OK):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    digest = "unreadable"
                mode = stat.S_IMODE(st.st_mode)
                seen[str(rel)] = f"file:{digest}:{mode:o}:{st.st_mtime_ns}"
            elif stat.S_ISDIR(st.st_mode):
                seen[str(rel)] = "dir"
            else:
                seen[str(rel)] = f"other:{stat.S_IFMT(st.st_mode)}"
    return seen
