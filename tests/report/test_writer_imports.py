"""Writers never see raw chat text: nothing under cocoscan/report imports the model.

The evidence records (cocoscan.redact.evidence) are the writers' only input;
an import of cocoscan.model (Message, Hit, ScanResult...) in a writer would
be the first step towards printing raw text.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parents[2] / "cocoscan" / "report"
ALLOWED_REDACT = {"cocoscan.redact.evidence", "cocoscan.redact.operators"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(REPORT.glob("*.py")), ids=lambda p: p.name)
def test_writer_imports_no_raw_model(path: Path) -> None:
    names = imports(path)
    assert "cocoscan.model" not in names
    assert not {n for n in names if n.startswith("cocoscan.redact")} - ALLOWED_REDACT
    assert not {n for n in names if n.split(".")[0] in {"typer", "rich"}}


def test_every_writer_module_is_registered() -> None:
    from cocoscan.report import WRITERS

    renderers = {
        r.__module__.rsplit(".", 1)[1] for files in WRITERS.values() for _, r in files
    }
    helpers = {"__init__", "files", "load", "records", "summary", "html_assets"}
    modules = {p.stem for p in REPORT.glob("*.py")}
    assert modules - helpers == renderers
