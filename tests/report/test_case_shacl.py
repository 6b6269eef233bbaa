"""case.jsonld conforms to the CASE ontology, checked by CASE's SHACL validator.

Needs ``case_validate`` (the ``case-utils`` package); point
``COCOSCAN_CASE_VALIDATE`` at it when it lives in another environment.
Skipped with a reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.mark.slow
def test_case_output_conforms(out_dir: Path) -> None:
    tool = os.environ.get("COCOSCAN_CASE_VALIDATE") or shutil.which("case_validate")
    if not tool:
        pytest.skip("case_validate (pip install case-utils) is not available")
    done = subprocess.run(
        [tool, str(out_dir / "case.jsonld")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Conforms: True" in done.stdout, done.stdout[-3000:]
    assert done.returncode == 0
