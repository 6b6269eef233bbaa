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
    """Every entry under ``root`` (but ``skip``) -> content hash or kind."""
    seen: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir.parts[:1] == (skip,):
            continue
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(rel_dir / name)
            if rel.split(os.sep)[0] == skip:
                continue
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                seen[rel] = "link:" + os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                if os.access(path, os.R_OK):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    digest = "unreadable"
                seen[rel] = (
                    f"file:{digest}:{stat.S_IMODE(st.st_mode):o}:{st.st_mtime_ns}"
                )
            else:
                seen[rel] = f"other:{stat.S_IFMT(st.st_mode)}"
    return seen
