"""Read an output folder back into an :class:`EvidenceReport`.

``cocoscan report``, ``verify`` and ``handoff`` work from the folder alone:
``manifest.json`` and the three JSON Lines files carry everything the
renderers need, so no rescan (and no raw text) is involved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from cocoscan.errors import ReportError
from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report.records import (
    author_from,
    conversation_from,
    finding_from,
    run_from,
)


def _read_json(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ReportError(f"cannot read: {exc.strerror}", location=str(path)) from None
    except orjson.JSONDecodeError as exc:
        raise ReportError(f"not valid JSON: {exc}", location=str(path)) from None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot read: {exc.strerror}", location=str(path)) from None
    records = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            raise ReportError("not valid JSON", location=f"{path}:{number}") from None
    return records


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The manifest of an output folder, checked to be cocoscan's."""
    path = Path(out_dir) / "manifest.json"
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("tool", {}).get("name") != "cocoscan":
        raise ReportError("not a cocoscan manifest", location=str(path))
    return data


def load_report(out_dir: str | Path) -> EvidenceReport:
    """Rebuild the evidence of an output folder from its data files."""
    folder = Path(out_dir)
    manifest = read_manifest(folder)
    try:
        return EvidenceReport(
            run=run_from(manifest),
            conversations=tuple(
                conversation_from(r) for r in read_jsonl(folder / "conversations.jsonl")
            ),
            findings=tuple(
                finding_from(r) for r in read_jsonl(folder / "findings.jsonl")
            ),
            authors=tuple(author_from(r) for r in read_jsonl(folder / "authors.jsonl")),
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise ReportError(
            f"output folder does not follow the output contract (missing {exc})",
            location=str(folder),
        ) from None
