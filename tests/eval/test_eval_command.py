"""`cocoscan eval` end to end on a tiny labelled corpus with a test pack."""

import json
from pathlib import Path

from typer.testing import CliRunner

from cocoscan.cli import app

PACK = """schema = 1
[pack]
id = "evaltest.pack"
version = "1"
title = "eval test"
description = "signals for the eval command test"
languages = ["en"]

[[rules]]
id = "signal.age.declared-test"
title = "Age"
description = "declared age"
category = "signal"
subcategory = "age"
status = "test"
severity = "informational"
signals = ["minor-age"]
keywords = ["im"]
[rules.match]
any = [ { regex = '''\\bim (?P<age>\\d{1,2})\\b''' } ]

[[rules]]
id = "signal.secrecy.test"
title = "Secret"
description = "secrecy"
category = "signal"
subcategory = "secrecy"
status = "test"
severity = "informational"
signals = ["secrecy"]
keywords = ["secret"]
[rules.match]
any = [ { literal = "our secret" } ]

[[rules]]
id = "signal.offplatform.test"
title = "Snap"
description = "off-platform"
category = "signal"
subcategory = "off-platform"
status = "test"
severity = "informational"
signals = ["off-platform"]
keywords = ["snap"]
[rules.match]
any = [ { regex = '''\\badd me on snap\\b''' } ]
"""

ROWS = [
    ("groom", "x", "hey how r u"),
    ("groom", "kid", "im 12"),
    ("groom", "x", "add me on snap"),
    ("groom", "x", "this is our secret"),
    ("groom", "kid", "ok"),
    ("friends", "a", "add me on snap"),
    ("friends", "b", "sure"),
    ("friends", "a", "see you at school"),
]


def corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    data = tmp_path / "chats.jsonl"
    data.write_text(
        "".join(
            json.dumps(
                {
                    "conversation": c,
                    "author": a,
                    "text": t,
                    "timestamp": f"2024-01-01T10:0{i}:00",
                }
            )
            + "\n"
            for i, (c, a, t) in enumerate(ROWS)
        )
    )
    labels = tmp_path / "labels.json"
    labels.write_text(
        json.dumps(
            {
                "schema": 1,
                "conversations": [
                    {
                        "conversation": "groom",
                        "label": "harmful",
                        "categories": ["grooming"],
                        "offenders": ["x"],
                    },
                    {"conversation": "friends", "label": "benign", "categories": []},
                ],
            }
        )
    )
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK)
    return data, labels, pack


def test_eval_json_on_a_tiny_corpus(tmp_path: Path) -> None:
    data, labels, pack = corpus(tmp_path)
    args = [
        "eval",
        str(data),
        "--labels",
        str(labels),
        "--packs",
        str(pack),
        "--no-builtin-packs",
        "--format",
        "json",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["categories"]["grooming"]["tp"] == 1
    assert report["categories"]["grooming"]["fp"] == 0
    assert report["roc_auc"] == 1.0 and report["ranking_ok"] is True
    assert report["author_precision_at_k"]["5"] == 0.2  # one offender, ranked first


def test_eval_fails_the_ranking_check_and_renders_markdown(tmp_path: Path) -> None:
    data, labels, pack = corpus(tmp_path)
    flipped = json.loads(labels.read_text())
    for entry in flipped["conversations"]:
        entry["label"] = "benign" if entry["label"] == "harmful" else "harmful"
        entry["categories"] = ["grooming"] if entry["label"] == "harmful" else []
    labels.write_text(json.dumps(flipped))
    args = [
        "eval",
        str(data),
        "--labels",
        str(labels),
        "--packs",
        str(pack),
        "--no-builtin-packs",
        "--format",
        "md",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert (
        result.stdout.startswith("| category |") and "friends <= groom" in result.stdout
    )


def test_eval_rejects_an_unknown_format(tmp_path: Path) -> None:
    data, labels, _ = corpus(tmp_path)
    result = CliRunner().invoke(
        app, ["eval", str(data), "--labels", str(labels), "-f", "xml"]
    )
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_labels_inside_the_scanned_folder_are_not_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _, labels, pack = corpus(folder)
    pack = pack.rename(tmp_path / "pack.toml")
    args = [
        "eval",
        str(folder),
        "-l",
        str(labels),
        "--packs",
        str(pack),
        "--no-builtin-packs",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "labels.json" not in result.stderr
