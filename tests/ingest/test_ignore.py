"""`.cocoscanignore` keeps non-export files (READMEs, labels) out of folder walks."""

import json
from pathlib import Path

from cocoscan.ingest import InputStream, open_inputs


def _names(paths: list[str]) -> list[str]:
    return sorted(
        Path(i.path).name for i in open_inputs(paths) if isinstance(i, InputStream)
    )


def test_ignore_file_applies_below_its_folder(tmp_path: Path) -> None:
    line = json.dumps({"conversation": "c", "author": "a", "text": "hello"}) + "\n"
    (tmp_path / "sub").mkdir()
    for rel in (
        "a.jsonl",
        "sub/b.jsonl",
        "sub/labels.json",
        "README.md",
        "sub/keep.md",
    ):
        (tmp_path / rel).write_text(line if rel.endswith("l") else "# notes\n")
    (tmp_path / ".cocoscanignore").write_text("# comment\nlabels.json\n/README.md\n")
    assert _names([str(tmp_path)]) == ["a.jsonl", "b.jsonl", "keep.md"]


def test_a_file_named_explicitly_is_always_read(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text(
        json.dumps({"conversation": "c", "text": "t"}) + "\n"
    )
    (tmp_path / ".cocoscanignore").write_text("*.jsonl\n")
    assert _names([str(tmp_path)]) == []
    assert _names([str(tmp_path / "x.jsonl")]) == ["x.jsonl"]
