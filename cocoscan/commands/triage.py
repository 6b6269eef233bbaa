"""``cocoscan triage``: review findings of a previous scan into a baseline.

Works from an output folder alone (``findings.jsonl``): ``--list`` shows
findings that no baseline entry covers yet, and the baseline's stale
entries; ``--finding ID --mark LABEL --reason TEXT`` records a verdict. A
later ``cocoscan scan --baseline FILE`` shows reviewed false positives as
suppressed, with the reason, instead of hiding them. Nothing here prints
chat text: ids, rules, categories and locations only.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cocoscan.errors import ConfigError, ExitCode

#: Shortest id prefix accepted for --finding (hex digits).
MIN_PREFIX = 8


def _findings(out_dir: str) -> list[dict[str, Any]]:
    from cocoscan.report.load import read_jsonl

    path = Path(out_dir) / "findings.jsonl"
    if not path.is_file():
        raise ConfigError(
            "no findings.jsonl: not a cocoscan output folder", location=out_dir
        )
    return read_jsonl(path)


def _ids(record: dict[str, Any]) -> tuple[str, ...]:
    """The fingerprints a baseline entry may use for this finding."""
    ids = [str(record.get("content_id") or ""), str(record.get("id") or "")]
    return tuple(i for i in ids if i)


def _pick(records: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    if len(wanted) < MIN_PREFIX:
        raise ConfigError(f"finding id too short (at least {MIN_PREFIX} characters)")
    found = [r for r in records if str(r.get("id", "")).startswith(wanted)]
    if not found:
        raise ConfigError(f"no finding with id {wanted}")
    if len({r["id"] for r in found}) > 1:
        raise ConfigError(f"finding id {wanted} is ambiguous: give more characters")
    return found[0]


def _where(r: dict[str, Any]) -> str:
    src = r.get("source") or {}
    line = src.get("line")
    return (
        f"{src.get('path', '?')}:{line}" if line is not None else str(src.get("path"))
    )


def triage_command(
    out: Annotated[str, typer.Argument(help="Output folder of a previous scan.")],
    baseline_path: Annotated[
        str,
        typer.Option("--baseline", "-b", help="Baseline file (created if missing)."),
    ],
    finding: Annotated[
        str | None, typer.Option("--finding", help="Finding id (or a unique prefix).")
    ] = None,
    mark: Annotated[
        str | None,
        typer.Option("--mark", help="true-positive, false-positive or accepted."),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Why (shown in later reports).")
    ] = "",
    reviewer: Annotated[
        str | None, typer.Option("--reviewer", help="Who reviewed (default: $USER).")
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List unreviewed findings and stale entries.")
    ] = False,
) -> int:
    """Mark a finding reviewed, or list unreviewed findings and stale entries."""
    from cocoscan.baseline import LABELS, BaselineEntry, load_baseline, save_baseline

    records = _findings(out)
    baseline = load_baseline(baseline_path, missing_ok=True)
    if finding is not None:
        if mark not in LABELS:
            raise ConfigError(f"--mark must be one of {', '.join(LABELS)}")
        if mark != "true-positive" and not reason.strip():
            raise ConfigError("--reason is required to suppress a finding")
        record = _pick(records, finding)
        entry = BaselineEntry(
            fingerprint=_ids(record)[0],
            rule=str(record.get("rule", "")),
            label=mark,
            reason=" ".join(reason.split()),
            reviewer=reviewer or os.environ.get("USER") or "reviewer",
            date=date.today().isoformat(),
        )
        save_baseline(baseline_path, baseline.with_entry(entry))
        sys.stderr.write(f"{record['id'][:12]} marked {mark} in {baseline_path}\n")
        return int(ExitCode.OK)
    if not list_:
        raise ConfigError("give --finding ID --mark LABEL, or --list")
    return _list(records, baseline)


def _list(records: list[dict[str, Any]], baseline: Any) -> int:
    from cocoscan.baseline import stale_entries

    known: set[str] = set()
    unreviewed = []
    for r in sorted(
        records, key=lambda r: (str(r.get("conversation")), str(r.get("id")))
    ):
        ids = _ids(r)
        known.update(ids)
        if r.get("suppressed") is None and baseline.lookup(*ids) is None:
            unreviewed.append(r)
    for r in unreviewed:
        sys.stdout.write(
            "\t".join(
                (
                    str(r["id"])[:16],
                    str(r.get("severity")),
                    str(r.get("category")),
                    str(r.get("rule")),
                    str(r.get("conversation")),
                    _where(r),
                )
            )
            + "\n"
        )
    stale = stale_entries(baseline, known)
    for e in stale:
        sys.stderr.write(f"stale: {e.fingerprint[:16]} {e.rule} ({e.label})\n")
    sys.stderr.write(
        f"{len(unreviewed)} unreviewed finding(s), {len(stale)} stale baseline entr"
        f"{'y' if len(stale) == 1 else 'ies'}\n"
    )
    return int(ExitCode.FINDINGS if unreviewed else ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add ``triage`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("triage")(handle_errors(triage_command))
