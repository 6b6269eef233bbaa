"""Dependencies point one way: the core never imports the CLI, typer or rich,
and detection stages never import the writers (they cannot reach raw text
through a writer, and writers cannot reach raw text through them)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cocoscan"
UI_ONLY = {"typer", "rich", "click"}
CORE_STAGES = ("ingest", "normalize", "packs", "matching", "heuristics", "scoring",
               "pipeline", "model", "errors", "config")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_patterns" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_cli_layer_imports_typer_or_rich(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] == "commands" or rel.name == "cli.py":
        return
    bad = {m for m in imports_of(path) if m.split(".")[0] in UI_ONLY}
    assert not bad, f"{rel} imports {sorted(bad)}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_stages_do_not_import_writers_or_cli(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0].removesuffix(".py") not in CORE_STAGES:
        return
    bad = {m for m in imports_of(path)
           if m.startswith(("cocoscan.report", "cocoscan.cli", "cocoscan.commands",
                            "cocoscan.redact"))}
    assert not bad, f"{rel} imports {sorted(bad)}"


def test_model_and_errors_import_nothing_from_cocoscan() -> None:
    for name in ("model.py", "errors.py"):
        assert not {m for m in imports_of(PACKAGE / name) if m.startswith("cocoscan")}
