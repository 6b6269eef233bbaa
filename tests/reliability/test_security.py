"""Security properties that do not need a reader: output folder, modes, packs."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from cocoscan.checkpoint import CheckpointStore
from cocoscan.errors import ConfigError, PackError
from cocoscan.keys import load_or_create_key
from cocoscan.outdir import prepare_out_dir
from cocoscan.packs import load_packs
from cocoscan.redact import redact_result
from cocoscan.report import write_outputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "badinput"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

from cocofactory import scenario
from corpus import PACK


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- output folder -------------------------------------------------------------


def test_foreign_folder_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "case-notes"
    out.mkdir()
    (out / "notes.txt").write_text("investigator notes")
    with pytest.raises(ConfigError, match="--force"):
        prepare_out_dir(str(out))
    assert (out / "notes.txt").read_text() == "investigator notes"
    prepare_out_dir(str(out), force=True)
    assert (out / "notes.txt").read_text() == "investigator notes"


def test_previous_cocoscan_output_and_interrupted_run_are_accepted(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    prepare_out_dir(str(out))
    write_outputs(redact_result(scenario(), key=bytes(32), key_id="k"), str(out))
    prepare_out_dir(str(out))  # ours: no --force needed
    (out / "manifest.json").write_text(json.dumps({"tool": {"name": "other"}}))
    with pytest.raises(ConfigError):
        prepare_out_dir(str(out))


def test_output_folder_may_not_overlap_an_input(tmp_path: Path) -> None:
    inputs = tmp_path / "seized"
    inputs.mkdir()
    with pytest.raises(ConfigError, match="overlaps"):
        prepare_out_dir(str(inputs / "out"), inputs=(str(inputs),))
    with pytest.raises(ConfigError, match="overlaps"):
        prepare_out_dir(str(tmp_path), inputs=(str(inputs),))


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "report"
    target.write_text("x")
    with pytest.raises(ConfigError):
        prepare_out_dir(str(target), force=True)
    assert target.read_text() == "x"


# -- file modes ------------------------------------------------------------------


def test_evidence_files_are_private(tmp_path: Path) -> None:
    out = tmp_path / "out"
    prepare_out_dir(str(out))
    written = write_outputs(
        redact_result(scenario(), key=bytes(32), key_id="k"), str(out)
    )
    assert mode(out) == 0o700
    assert written
    for entry in out.iterdir():
        assert mode(entry) == 0o600, entry.name
    store = CheckpointStore(out, "d")
    assert store.folder.parent == out


def test_key_file_is_private_and_outside_the_report(tmp_path: Path) -> None:
    key_path = tmp_path / "keys" / "case.key"
    load_or_create_key(str(key_path))
    assert mode(key_path) == 0o600
    assert mode(key_path.parent) == 0o700
    with pytest.raises(ConfigError, match="inside the output folder"):
        load_or_create_key(
            str(tmp_path / "out" / "case.key"), out_dir=str(tmp_path / "out")
        )


def test_umask_does_not_widen_modes(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        out = tmp_path / "out"
        prepare_out_dir(str(out))
        write_outputs(redact_result(scenario(), key=bytes(32), key_id="k"), str(out))
        key_path = tmp_path / "k" / "case.key"
        load_or_create_key(str(key_path))
    finally:
        os.umask(old)
    assert mode(out) == 0o700
    assert all(mode(p) == 0o600 for p in out.iterdir())
    assert mode(key_path) == 0o600 and mode(key_path.parent) == 0o700


# -- packs are data --------------------------------------------------------------


def test_pack_include_key_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(PACK.replace("[pack]\n", '[pack]\ninclude = "../x.toml"\n'))
    with pytest.raises(PackError, match="include"):
        load_packs([pack], builtin=False, collect=False)


def test_pack_strings_are_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    pack = tmp_path / "p.toml"
    pack.write_text(
        PACK.replace('title = "Secrecy"', f'title = "{payload}"').replace(
            '"notre secret" } ]', f'"notre secret" }}, {{ literal = "{payload}" }} ]'
        )
    )
    packs, _ = load_packs([pack], builtin=False, collect=False)
    assert packs
    assert not marker.exists()


def test_symlink_out_of_the_pack_folder_is_not_loaded(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "p.toml").write_text(PACK)
    (tmp_path / "packs").mkdir()
    os.symlink("../outside/p.toml", tmp_path / "packs" / "evil.toml")
    packs, issues = load_packs([tmp_path / "packs"], builtin=False, collect=False)
    assert packs == []
    assert [(i.code, i.severity) for i in issues] == [("CL001", "warning")]
    assert "outside its pack folder" in issues[0].message


def test_pack_in_a_subfolder_is_loaded(tmp_path: Path) -> None:
    (tmp_path / "packs" / "real").mkdir(parents=True)
    (tmp_path / "packs" / "real" / "p.toml").write_text(PACK)
    packs, issues = load_packs([tmp_path / "packs"], builtin=False, collect=False)
    assert len(packs) == 1 and not issues
