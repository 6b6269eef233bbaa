"""cocoscan lint on one-defect packs, output formats, exclusions, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from cocoscan.packs.checks import CHECKS
from cocoscan.packs.lint import lint

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good"
SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def cocoscan() -> list[str]:
    exe = shutil.which("cocoscan", path=str(Path(sys.executable).parent))
    assert exe, "the cocoscan console script is not installed next to python"
    return [exe]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cocoscan(), *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"}, check=False)


@pytest.mark.parametrize(
    ("pack", "code"),
    [
        ("bad_regex.toml", "CL101"),
        ("catastrophic_regex.toml", "CL103"),
        ("dead_keyword.toml", "CL107"),
        ("failing_example.toml", "CL202"),
        ("duplicate_id", "CL003"),
        ("missing_metadata.toml", "CL002"),
        ("toml_error.toml", "CL001"),
    ],
)
def test_each_defect_gives_its_own_code(pack: str, code: str) -> None:
    result = lint([BAD / pack])
    errors = {i.code for i in result.issues if i.severity == "error"}
    assert code in errors
    # one defect, one diagnosis: no other error code drowns it
    assert errors <= {code, "CL102"}, errors
    assert result.failed()


def test_good_pack_is_clean() -> None:
    result = lint([GOOD])
    assert [str(i) for i in result.issues if i.severity != "info"] == []
    assert not result.failed(strict=True)


def test_warning_fails_only_with_strict() -> None:
    result = lint([BAD / "redos_shape.toml"])
    assert {i.code for i in result.issues if i.severity == "warning"} == {"CL102"}
    assert not result.failed()
    assert result.failed(strict=True)


def test_error_lines_point_at_the_toml() -> None:
    result = lint([BAD / "catastrophic_regex.toml"])
    issue = next(i for i in result.issues if i.code == "CL103")
    line = (BAD / "catastrophic_regex.toml").read_text().splitlines()[issue.line - 1]
    assert "regex" in line and "sois|be" in line


def test_lint_ignore_silences_and_unused_ignores_are_reported(tmp_path: Path) -> None:
    text = (BAD / "redos_shape.toml").read_text()
    ignore = ('lint_ignore    = [{ code = "CL102", reason = "lazy gap is short" },'
              ' { code = "CL110", reason = "stale" }]\n')
    patched = text.replace("keywords       =", ignore + "keywords       =")
    (tmp_path / "p.toml").write_text(patched)
    result = lint([tmp_path / "p.toml"])
    assert [i.code for i, _ in result.silenced] == ["CL102"]
    assert [(i.code, "CL110" in i.message) for i in result.issues
            if i.severity != "info"] == [("CL010", True)]


def test_lint_toml_thresholds_and_exclusions(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "packs")
    lint_toml = tmp_path / "packs" / "lint.toml"
    lint_toml.write_text(
        "[thresholds]\nmin_match_examples = 5\n"
        '[[exclude]]\ncode = "CL306"\nrule = "grooming.*"\nreason = "fixture"\n'
    )
    result = lint([tmp_path / "packs"])
    assert sorted(i.code for i in result.issues) == ["CL010", "CL201"]
    assert "CL306" in next(i.message for i in result.issues if i.code == "CL010")
    lint_toml.write_text(lint_toml.read_text().replace('"CL306"', '"CL201"'))
    result = lint([tmp_path / "packs"])
    assert result.issues == []
    assert [(i.code, why) for i, why in result.silenced] == [("CL201", "fixture")]


def test_benign_corpus_selectivity(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "packs")
    pack = tmp_path / "packs" / "grooming" / "meeting.toml"
    text = pack.read_text()
    pack.write_text(text.replace('["seul", "alone"]', '["seul", "alone", "ma"]'))
    result = lint([tmp_path / "packs"])
    messages = [i.message for i in result.issues if i.code == "CL108"]
    assert any("shorter than 3" in m for m in messages)
    assert any("benign messages" in m for m in messages)  # "ma" is everywhere
    assert any("inside longer words" in m for m in messages)


def test_list_checks_names_every_code() -> None:
    proc = run("lint", "--list-checks")
    assert proc.returncode == 0
    for code in CHECKS:
        assert code in proc.stdout


def test_missing_path_is_exit_2_with_one_line() -> None:
    proc = run("lint", "no/such/packs")
    assert proc.returncode == 2
    assert proc.stderr == "error: no/such/packs: no such pack file or folder\n"
    assert proc.stdout == ""


def test_text_output_one_line_per_issue() -> None:
    proc = run("lint", str(BAD / "failing_example.toml"))
    assert proc.returncode == 1
    lines = [ln for ln in proc.stdout.splitlines() if ": CL202 error " in ln]
    assert len(lines) == 1
    assert lines[0].startswith(f"{BAD / 'failing_example.toml'}:40: CL202 error "
                               "grooming.meeting.come-alone: no-match example 1")


def test_json_output() -> None:
    proc = run("lint", "--format", "json", str(BAD / "dead_keyword.toml"))
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["summary"]["errors"] >= 1
    assert {i["code"] for i in doc["issues"]} >= {"CL107"}


def test_github_annotations() -> None:
    proc = run("lint", "--format", "github", str(BAD / "bad_regex.toml"))
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"::error file={BAD / 'bad_regex.toml'},line=17,"
                                  "title=CL101 grooming.meeting.come-alone::")


def test_sarif_validates_and_points_at_toml_lines(tmp_path: Path) -> None:
    out = tmp_path / "lint.sarif"
    proc = run("lint", "--format", "sarif", "--output", str(out), "bad", cwd=HERE)
    assert proc.returncode == 1
    assert proc.stdout == ""
    doc = json.loads(out.read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run0 = doc["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    assert all(r["help"]["text"] and r["fullDescription"]["text"] for r in rules)
    dead = next(r for r in run0["results"] if r["ruleId"] == "CL107")
    loc = dead["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "bad/dead_keyword.toml"
    lines = (BAD / "dead_keyword.toml").read_text().splitlines()
    line = lines[loc["region"]["startLine"] - 1]
    assert "regex" in line or "match" in line
    assert rules[dead["ruleIndex"]]["id"] == "CL107"


def test_sarif_of_a_clean_run_validates(tmp_path: Path) -> None:
    proc = run("lint", "--format", "sarif", str(GOOD))
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["runs"][0]["results"] == []
