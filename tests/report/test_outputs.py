from __future__ import annotations

import json
import stat
from pathlib import Path

import jsonschema
import pytest
from cocofactory import PLANTED, scenario

from cocoscan.redact import redact_result
from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report import DEFAULT_FORMATS, OUTPUT_FILES, write_outputs
from cocoscan.report.files import sha256_file
from cocoscan.report.load import load_report

SCHEMAS = Path(__file__).resolve().parents[2] / "cocoscan" / "report" / "schemas"
KEY = bytes(range(32))


def schema(name: str) -> dict[str, object]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize("name", ["conversations", "findings", "authors"])
def test_jsonl_files_follow_their_schema(out_dir: Path, name: str) -> None:
    validator = jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.FormatChecker()
    )
    records = jsonl(out_dir / f"{name}.jsonl")
    assert records
    for record in records:
        validator.validate(record)


def test_manifest_follows_schema_and_hashes_every_output(out_dir: Path) -> None:
    manifest = json.loads((out_dir / "manifest.json").read_text())
    jsonschema.Draft202012Validator(
        schema("manifest"), format_checker=jsonschema.FormatChecker()
    ).validate(manifest)
    listed = {o["path"]: o["sha256"] for o in manifest["outputs"]}
    present = sorted(p.name for p in out_dir.iterdir() if p.name != "manifest.json")
    assert sorted(listed) == present
    for name, digest in listed.items():
        assert sha256_file(out_dir / name) == digest
    assert manifest["partial"] is True
    assert manifest["problems"] == ["exports/broken.jsonl:4: invalid JSON"]


def test_conversations_sorted_by_rank_with_contract_fields(out_dir: Path) -> None:
    rows = jsonl(out_dir / "conversations.jsonl")
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[1]["conversation"] == "case-en-7"  # ids without PII are exact
    assert rows[0]["categories"] == ["grooming"]
    assert rows[0]["findings"] == 4 and rows[0]["messages"] == 7
    assert rows[2]["severity"] is None and rows[2]["score"] == 0


def test_findings_sorted_by_rank_then_message(out_dir: Path) -> None:
    rows = jsonl(out_dir / "findings.jsonl")
    convs = [r["conversation"] for r in jsonl(out_dir / "conversations.jsonl")]
    keys = [
        (convs.index(r["conversation"]), int(r["message"]), r["span"][0]) for r in rows
    ]
    assert keys == sorted(keys)


def test_span_is_in_original_text_and_highlight_in_excerpt(out_dir: Path) -> None:
    result = scenario()
    raw = {
        f.fingerprint: f.hit.message.text[f.hit.span[0] : f.hit.span[1]]
        for c in result.conversations
        for f in c.findings
    }
    for row in jsonl(out_dir / "findings.jsonl"):
        phrase = raw[row["id"]]
        start, end = row["highlight"]
        shown = row["excerpt"][start:end]
        # The indicator phrase stays readable; only PII inside it is replaced.
        if "0" not in phrase:
            assert shown == phrase
        else:
            assert "[" in shown and "0" not in shown


def test_no_planted_value_in_any_output(out_dir: Path) -> None:
    blobs = {p.name: p.read_text(encoding="utf-8") for p in out_dir.iterdir()}
    for values in PLANTED.values():
        for value in values:
            for name, blob in blobs.items():
                assert value.casefold() not in blob.casefold(), (value, name)


def test_outputs_are_byte_identical_across_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_outputs(redact_result(scenario(), key=KEY, key_id="0a1b2c3d"), str(a))
    write_outputs(redact_result(scenario(), key=KEY, key_id="0a1b2c3d"), str(b))
    for name in (*OUTPUT_FILES, "manifest.json"):
        if (a / name).exists():
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_other_key_other_pseudonyms(tmp_path: Path) -> None:
    one = redact_result(scenario(), key=KEY, key_id="0a1b2c3d")
    two = redact_result(scenario(), key=b"x" * 32, key_id="ffffffff")
    assert one.conversations[0].authors != two.conversations[0].authors


def test_reload_gives_the_same_evidence(
    out_dir: Path, evidence: EvidenceReport
) -> None:
    assert load_report(out_dir) == evidence


def test_files_are_private(out_dir: Path) -> None:
    for path in out_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not [p for p in out_dir.iterdir() if p.name.endswith(".tmp")]


def test_unknown_format_refused(tmp_path: Path, evidence: EvidenceReport) -> None:
    from cocoscan.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown report format"):
        write_outputs(evidence, str(tmp_path), formats=["pdf"])


def test_default_formats_all_registered() -> None:
    assert "jsonl" in DEFAULT_FORMATS
