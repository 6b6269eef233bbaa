"""``cocoscan verify``: is this output folder what the scan wrote, from these inputs?

Three checks, each a list of :class:`Difference` (empty = unchanged):

1. every output file listed in ``manifest.json`` still has its SHA-256, and
   no listed file is missing or unlisted one added;
2. with ``--inputs``, every input recorded in the manifest is found, byte
   for byte, among the given files (matched by hash: paths in the manifest
   may be redacted or spelt differently);
3. with ``--inputs``, the scan is re-run with the manifest's options and the
   case key, and every finding and conversation is compared with the files.

Exit codes: 0 unchanged, 1 differences, 2 error (no manifest, wrong key).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cocoscan.errors import ConfigError
from cocoscan.report.files import sha256_file
from cocoscan.report.load import read_jsonl, read_manifest


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: a kind, what it concerns, a one-line detail (no chat text)."""

    kind: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"


def verify_manifest(out_dir: str | Path) -> list[Difference]:
    """The manifest's own seal: any edit of ``manifest.json`` shows here."""
    from cocoscan.report import MANIFEST, seal_manifest

    path = Path(out_dir) / MANIFEST
    manifest = read_manifest(out_dir)
    if not isinstance(manifest.get("integrity"), dict):
        return [Difference("changed", MANIFEST, "integrity seal missing")]
    if seal_manifest(manifest) != path.read_bytes():
        return [
            Difference("changed", MANIFEST, "content differs from its integrity seal")
        ]
    return []


def verify_outputs(out_dir: str | Path) -> list[Difference]:
    """Check the manifest's seal, then re-hash every output it lists."""
    folder = Path(out_dir)
    manifest = read_manifest(folder)
    listed = {o["path"]: o["sha256"] for o in manifest.get("outputs", [])}
    diffs = verify_manifest(folder)
    for name in sorted(listed):
        path = folder / name
        if not path.is_file():
            diffs.append(Difference("missing", name, "listed in the manifest, absent"))
            continue
        got = sha256_file(path)
        if got != listed[name]:
            diffs.append(
                Difference(
                    "changed",
                    name,
                    f"sha256 {got[:16]}… differs from the manifest's "
                    f"{listed[name][:16]}…",
                )
            )
    from cocoscan.report import OUTPUT_FILES

    for name in OUTPUT_FILES:
        if name not in listed and (folder / name).is_file():
            diffs.append(
                Difference("unlisted", name, "output file not in the manifest")
            )
    return diffs


def _files(paths: Iterable[str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    yield Path(root) / name
        elif path.is_file():
            yield path
        else:
            raise ConfigError("input not found", location=given)


def verify_inputs(manifest: dict[str, Any], paths: Iterable[str]) -> list[Difference]:
    """Every manifest input must be among ``paths``, byte for byte."""
    seen = {sha256_file(p) for p in _files(paths)}
    diffs = []
    for inp in manifest.get("inputs", []):
        if inp["sha256"] not in seen:
            diffs.append(
                Difference(
                    "input-changed",
                    inp["path"],
                    f"no given file has sha256 {inp['sha256'][:16]}… "
                    "(changed, renamed away or not given)",
                )
            )
    return diffs


def config_from_manifest(
    manifest: dict[str, Any], paths: tuple[str, ...], key_file: str | None
) -> Any:
    """The :class:`ScanConfig` that reproduces the manifest's options."""
    from cocoscan.config import ScanConfig

    opts = manifest.get("options", {})
    return ScanConfig(
        paths=paths,
        out=None,
        fmt=opts.get("format"),
        packs=tuple(opts.get("packs", ())),
        builtin_packs=bool(opts.get("builtin_packs", True)),
        include_experimental=bool(opts.get("include_experimental", False)),
        key_file=key_file,
        field_map=tuple(sorted(opts.get("field_map", {}).items())),
        tz=opts.get("tz"),
        date_order=opts.get("date_order"),
        redact=opts.get(
            "redact", manifest.get("redaction", {}).get("level", "standard")
        ),
        context=int(opts.get("context", 3)),
        max_message_chars=int(opts.get("max_message_chars", 20_000)),
        disabled_rules=tuple(opts.get("disabled_rules", ())),
        thresholds=tuple(sorted(opts.get("thresholds", {}).items())),
    )


def _without_paths(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    source = dict(out.get("source", {}))
    source.pop("path", None)
    source.pop("member", None)
    out["source"] = source
    return out


def _compare(
    kind: str, key: str, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[Difference]:
    before = {r[key]: r for r in old}
    after = {r[key]: r for r in new}
    diffs = []
    for ident in sorted(before.keys() - after.keys()):
        diffs.append(Difference(f"{kind}-missing", ident, "not found by the re-scan"))
    for ident in sorted(after.keys() - before.keys()):
        diffs.append(Difference(f"{kind}-new", ident, "found by the re-scan only"))
    for ident in sorted(before.keys() & after.keys()):
        a, b = before[ident], after[ident]
        if kind == "finding":
            a, b = _without_paths(a), _without_paths(b)
        changed = sorted(f for f in a.keys() | b.keys() if a.get(f) != b.get(f))
        if changed:
            diffs.append(
                Difference(f"{kind}-changed", ident, "fields " + ", ".join(changed))
            )
    return diffs


Scanner = Callable[..., Any]


def rederive(
    out_dir: str | Path,
    paths: tuple[str, ...],
    *,
    key_file: str | None = None,
    scanner: Scanner | None = None,
) -> list[Difference]:
    """Re-run the scan with the manifest's options; compare findings and ranks.

    Raises:
        ConfigError: no key file, or a key whose id is not the manifest's.
    """
    from cocoscan.keys import default_key_path, key_id, load_or_create_key
    from cocoscan.redact import redact_result
    from cocoscan.report.records import report_records

    folder = Path(out_dir)
    manifest = read_manifest(folder)
    key_path = key_file or str(default_key_path())
    if not Path(key_path).is_file():
        raise ConfigError(
            "re-deriving findings needs the case key the scan used (--key-file)",
            location=key_path,
        )
    key, kid = load_or_create_key(key_path)
    if kid != manifest.get("key_id"):
        raise ConfigError(
            f"key id {kid} is not the manifest's {manifest.get('key_id')}: "
            "pass the case key of this scan with --key-file",
            location=key_path,
        )
    if scanner is None:
        from cocoscan.api import scan

        scanner = scan
    config = config_from_manifest(manifest, paths, key_path)
    result = scanner(config, key=key)
    report = redact_result(result, key=key, key_id=key_id(key), level=config.redact)
    conversations, findings, _ = report_records(report)
    old_conversations = read_jsonl(folder / "conversations.jsonl")
    old_findings = read_jsonl(folder / "findings.jsonl")
    diffs = _compare("finding", "id", old_findings, findings)
    diffs += _compare("conversation", "conversation", old_conversations, conversations)
    if manifest.get("options", {}).get("baseline"):
        diffs.append(
            Difference(
                "note",
                "baseline",
                "the scan used a baseline; suppressions were not re-derived",
            )
        )
    return diffs


__all__ = [
    "Difference",
    "config_from_manifest",
    "rederive",
    "verify_inputs",
    "verify_manifest",
    "verify_outputs",
]
