"""The wheel ships the writers and their JSON Schemas.

NOTE: hatchling leaves git-ignored files out of the wheel; .gitignore
anchors the scan output folder as ``/report/`` so that ``cocoscan/report/``
ships. This test catches a regression of that.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_contains_writers_and_schemas(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="the test extras install hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    names = set(zipfile.ZipFile(next(tmp_path.glob("cocoscan-*.whl"))).namelist())
    for name in ("__init__", "html", "sarif", "case", "records", "load"):
        assert f"cocoscan/report/{name}.py" in names
    for schema in ("conversations", "findings", "authors", "manifest"):
        assert f"cocoscan/report/schemas/{schema}.schema.json" in names
