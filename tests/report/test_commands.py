"""report, verify, handoff and key through the real entry point (python -m cocoscan)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cocofactory import scenario

from cocoscan.errors import ConfigError
from cocoscan.keys import create_key, pseudonym
from cocoscan.model import ScanResult
from cocoscan.redact import redact_result
from cocoscan.redact.evidence import EvidenceReport
from cocoscan.redact.reveal import write_reveal
from cocoscan.report import write_outputs
from cocoscan.report.load import read_manifest
from cocoscan.verify import rederive, verify_inputs, verify_outputs


def run(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cocoscan", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_report_rerenders_identical_bytes(out_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    (out_dir / "report.html").unlink()
    (out_dir / "findings.sarif").unlink()
    done = run("report", str(out_dir), "-f", "html", "-f", "sarif")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    after = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    assert after == before


def test_report_refuses_edited_data(out_dir: Path) -> None:
    with (out_dir / "findings.jsonl").open("ab") as handle:
        handle.write(b"\n")
    done = run("report", str(out_dir))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "verify" in done.stderr


def test_verify_unchanged_then_one_byte_edit(out_dir: Path) -> None:
    ok = run("verify", str(out_dir))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout == ""
    data = bytearray((out_dir / "report.html").read_bytes())
    data[len(data) // 2] ^= 0x01
    (out_dir / "report.html").write_bytes(bytes(data))
    bad = run("verify", str(out_dir))
    assert bad.returncode == 1
    assert bad.stdout.startswith("changed: report.html: sha256")


def test_verify_missing_and_unlisted(out_dir: Path) -> None:
    (out_dir / "findings.csv").unlink()
    assert [d.kind for d in verify_outputs(out_dir)] == ["missing"]
    manifest = json.loads((out_dir / "manifest.json").read_text())
    manifest["outputs"] = [o for o in manifest["outputs"] if o["path"] != "case.jsonld"]
    (out_dir / "manifest.json").write_text(json.dumps(manifest))
    kinds = sorted((d.kind, d.subject) for d in verify_outputs(out_dir))
    assert kinds == [
        ("changed", "manifest.json"),
        ("missing", "findings.csv"),
        ("unlisted", "case.jsonld"),
    ]


def test_verify_without_manifest_is_an_error(tmp_path: Path) -> None:
    done = run("verify", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "manifest.json" in done.stderr


def _with_real_inputs(tmp_path: Path) -> tuple[ScanResult, list[Path]]:
    result = scenario()
    files = []
    infos = []
    for info in result.inputs:
        path = tmp_path / "inputs" / Path(info.path).name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"synthetic export {info.path}\n")
        files.append(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        infos.append(dataclasses.replace(info, sha256=digest))
    result.inputs = infos
    return result, files


def test_verify_inputs_catches_a_one_byte_edit(tmp_path: Path) -> None:
    result, files = _with_real_inputs(tmp_path)
    out = tmp_path / "out"
    write_outputs(redact_result(result, key=b"k" * 32, key_id="00000000"), str(out))
    ok = run(
        "verify", str(out), "--inputs", str(files[0]), str(files[1]), "--no-rescan"
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    folder = run(
        "verify", str(out), "--inputs", str(tmp_path / "inputs"), "--no-rescan"
    )
    assert folder.returncode == 0, folder.stdout
    data = bytearray(files[1].read_bytes())
    data[3] ^= 0x20
    files[1].write_bytes(bytes(data))
    diffs = verify_inputs(read_manifest(out), [str(f) for f in files])
    assert [d.kind for d in diffs] == ["input-changed"]
    bad = run(
        "verify", str(out), "--inputs", str(files[0]), str(files[1]), "--no-rescan"
    )
    assert bad.returncode == 1 and "input-changed" in bad.stdout


def test_rederive_compares_every_finding(tmp_path: Path) -> None:
    key_path = tmp_path / "case.key"
    key, kid = create_key(key_path)
    out = tmp_path / "out"
    write_outputs(redact_result(scenario(), key=key, key_id=kid), str(out))
    same = rederive(
        out, ("x",), key_file=str(key_path), scanner=lambda c, key: scenario()
    )
    assert same == []

    def fewer(config: object, key: bytes) -> ScanResult:
        result = scenario()
        conv = result.conversations[0]
        result.conversations[0] = dataclasses.replace(
            conv, findings=conv.findings[1:], score=0.5
        )
        return result

    diffs = rederive(out, ("x",), key_file=str(key_path), scanner=fewer)
    kinds = sorted(d.kind for d in diffs)
    assert kinds == ["conversation-changed", "finding-missing"]
    assert "score" in next(d for d in diffs if d.kind == "conversation-changed").detail


def test_rederive_needs_the_same_key(tmp_path: Path, evidence: EvidenceReport) -> None:
    out = tmp_path / "out"
    write_outputs(evidence, str(out))
    create_key(tmp_path / "other.key")
    with pytest.raises(ConfigError, match="not the manifest's"):
        rederive(out, ("x",), key_file=str(tmp_path / "other.key"))
    with pytest.raises(ConfigError, match="needs the case key"):
        rederive(out, ("x",), key_file=str(tmp_path / "absent.key"))


def test_config_from_manifest_round_trips_scan_options() -> None:
    from cocoscan.config import ScanConfig
    from cocoscan.verify import config_from_manifest

    original = ScanConfig(
        paths=("a",),
        fmt="jsonl",
        packs=("extra/",),
        tz="Europe/Paris",
        redact="strict",
        context=5,
        field_map=(("text", "body"),),
        thresholds=(("hate", 0.4),),
        disabled_rules=("x.y",),
    )
    manifest = {"options": json.loads(json.dumps(original.manifest_options()))}
    rebuilt = config_from_manifest(manifest, ("a",), None)
    assert rebuilt.manifest_options() == original.manifest_options()


def test_handoff_markdown_and_json(out_dir: Path) -> None:
    md = run("handoff", str(out_dir), "case-en-7")
    assert md.returncode == 0, md.stderr
    assert "# Chat-log evidence summary: conversation case-en-7" in md.stdout
    for body in ("Pharos", "3018", "119", "NCMEC"):
        assert body in md.stdout
    assert "not proof" in md.stdout
    js = run("handoff", str(out_dir), "1", "--format", "json")
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["rank"] == 1 and data["categories"] == ["grooming"]
    assert len(data["evidence"]) == 4
    assert {i["sha256"] for i in data["inputs"]} == {
        e["source"]["sha256"] for e in data["evidence"]
    }
    assert all(p["pseudonym"].startswith("P-") for p in data["parties"])
    missing = run("handoff", str(out_dir), "no-such-thing")
    assert missing.returncode == 2 and missing.stderr.startswith("error: ")


def test_key_init_creates_once(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "case.key"
    done = run("key", "init", "--key-file", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\t")[0] == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = run("key", "init", "--key-file", str(path))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_key_reveal_finds_the_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cocoscan.commands.report as commands

    key, _ = create_key(tmp_path / "case.key")
    target = pseudonym(key, "Gaspard Vermillon")
    monkeypatch.setattr(
        commands,
        "_authors",
        lambda paths, fmt: {"Gaspard Vermillon": {"a"}, "Zéphyrine": {"a"}},
    )
    code = commands.key_reveal_command(
        [target.lower(), "P-AAAAAAAAAA"],
        inputs=["a"],
        key_file=str(tmp_path / "case.key"),
    )
    out, err = capsys.readouterr()
    assert out == f"{target}\tGaspard Vermillon\n"
    assert "P-AAAAAAAAAA: no author" in err and code == 1


def test_reveal_folder_is_private_and_apart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ConfigError, match="outside the shareable output"):
        write_reveal(
            scenario(), str(out / "reveal"), key=b"k" * 32, key_id="x", out_dir=str(out)
        )
    written = write_reveal(
        scenario(),
        str(tmp_path / "sealed"),
        key=b"k" * 32,
        key_id="x",
        out_dir=str(out),
    )
    assert stat.S_IMODE((tmp_path / "sealed").stat().st_mode) == 0o700
    for path in map(Path, written):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = [
        json.loads(x)
        for x in (tmp_path / "sealed" / "UNREDACTED-findings.jsonl")
        .read_text()
        .splitlines()
    ]
    assert rows[0]["phrase"] == "mature pour ton âge"
    assert "UNREDACTED" in (tmp_path / "sealed" / "README-UNREDACTED.txt").read_text()


def test_handoff_json_follows_schema(evidence: EvidenceReport) -> None:
    import jsonschema

    from cocoscan.handoff import build_handoff, render_json

    schema = json.loads(
        (
            Path(__file__).resolve().parents[2]
            / "cocoscan/report/schemas/handoff.schema.json"
        ).read_text()
    )
    for conv in ("1", "case-en-7"):
        jsonschema.validate(
            json.loads(render_json(build_handoff(evidence, conv))), schema
        )


def test_verify_catches_a_one_byte_edit_of_the_manifest(out_dir: Path) -> None:
    assert verify_outputs(out_dir) == []
    path = out_dir / "manifest.json"
    data = path.read_bytes()
    edited = data.replace(b'"messages": 7', b'"messages": 8', 1)
    path.write_bytes(edited)
    (diff,) = verify_outputs(out_dir)
    assert (diff.kind, diff.subject) == ("changed", "manifest.json")
    done = run("verify", str(out_dir))
    assert done.returncode == 1 and "manifest.json" in done.stdout
