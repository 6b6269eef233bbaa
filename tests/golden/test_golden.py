"""Every writer against its expected file, for a few hand-built scans.

Volatile fields (tool version, scan times, output hashes that depend on the
version) are normalised before comparison. On mismatch the test writes
``<file>.got.<ext>`` next to the expected file (gitignored) and shows a
unified diff; expected files change only with ``--update-golden``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cocofactory import Conv, build_result, scenario

from cocoscan import __version__
from cocoscan.handoff import build_handoff, render_json, render_markdown
from cocoscan.model import ScanResult
from cocoscan.redact import redact_result
from cocoscan.report import OUTPUT_FILES, write_outputs
from cocoscan.report.load import load_report

HERE = Path(__file__).resolve().parent
KEY = bytes(range(32))
KEY_ID = "0a1b2c3d"


def _empty() -> ScanResult:
    return build_result([Conv(id="quiet", path="quiet.jsonl", messages=[("A", "hi")])])


CASES: dict[str, tuple[Callable[[], ScanResult], str]] = {
    "scenario": (scenario, "standard"),
    "strict": (scenario, "strict"),
    "empty": (_empty, "standard"),
}


def normalise(name: str, data: bytes) -> str:
    text = data.decode("utf-8").replace(__version__, "VERSION")
    if name == "manifest.json":
        manifest = json.loads(text)
        manifest["started"] = manifest["finished"] = "TIME"
        for output in manifest["outputs"]:
            output["sha256"] = "SHA256"
        manifest["integrity"]["manifest_sha256"] = "SHA256"
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    return text


def _got_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.got{path.suffix}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, tmp_path: Path, update_golden: bool) -> None:
    make, level = CASES[case]
    out = tmp_path / "out"
    write_outputs(redact_result(make(), key=KEY, key_id=KEY_ID, level=level), str(out))
    expected_dir = HERE / case
    if case == "scenario":  # the handoff of the top conversation, both formats
        report = load_report(out)
        handoff = build_handoff(report, "1")
        (out / "handoff-1.md").write_text(render_markdown(handoff), encoding="utf-8")
        (out / "handoff-1.json").write_text(render_json(handoff), encoding="utf-8")
    names = [n for n in (*OUTPUT_FILES, "manifest.json") if (out / n).exists()]
    names += ["handoff-1.md", "handoff-1.json"] if case == "scenario" else []
    failures = []
    for name in names:
        got = normalise(name, (out / name).read_bytes())
        expected = expected_dir / name
        if update_golden:
            expected_dir.mkdir(exist_ok=True)
            expected.write_text(got, encoding="utf-8", newline="")
            _got_name(expected).unlink(missing_ok=True)
            continue
        if not expected.exists():
            failures.append(f"{expected} is missing: run pytest --update-golden")
            continue
        want = expected.read_bytes().decode("utf-8")
        if got != want:
            _got_name(expected).write_text(got, encoding="utf-8", newline="")
            diff = difflib.unified_diff(
                want.splitlines(),
                got.splitlines(),
                str(expected),
                "got",
                lineterm="",
                n=2,
            )
            failures.append("\n".join(list(diff)[:60]))
        else:
            _got_name(expected).unlink(missing_ok=True)
    assert not failures, "\n\n".join(failures)
