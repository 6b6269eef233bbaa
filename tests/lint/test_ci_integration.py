"""The pre-commit hook and the GitHub Action, exercised for real."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import typer.main
import yaml

from cocoscan.cli import app

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).resolve().parent / "bad"


def _exe(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent))
    assert exe
    return exe


def _lint_options() -> set[str]:
    command = typer.main.get_command(app)
    lint = command.commands["lint"]  # type: ignore[attr-defined]
    return {opt for p in lint.params for opt in p.opts}


def test_hook_entry_fails_on_a_broken_pack() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "cocoscan-lint")
    assert re.search(hook["files"], "patterns/grooming/contact.toml")
    assert not re.search(hook["files"], "cocoscan/cli.py")
    argv = shlex.split(hook["entry"])
    argv[0] = _exe(argv[0])
    # pre-commit appends the staged file names
    proc = subprocess.run([*argv, str(BAD / "bad_regex.toml")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 1
    assert "CL101" in proc.stdout


def test_action_steps_use_existing_options() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"paths", "sarif-file"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    scripts = "\n".join(s.get("run", "") for s in steps)
    options = _lint_options()
    for line in scripts.splitlines():
        if "cocoscan lint" in line:
            for flag in re.findall(r"(?<![\w-])--[a-z-]+", line):
                assert flag in options, flag
    assert "--format sarif" in scripts
    uploads = [s for s in steps if str(s.get("uses", "")).startswith(
        "github/codeql-action/upload-sarif@")]
    assert uploads and uploads[0]["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    strict_flags = re.findall(r"flags\+=\((--[a-z-]+)\)", scripts)
    assert strict_flags and all(f in options for f in strict_flags)
