"""Validated, frozen scan options: built once by the CLI, passed everywhere.

The options that change results are written into ``manifest.json`` (see
:meth:`ScanConfig.manifest_options`), so that a scan can be reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cocoscan.model import Severity

if TYPE_CHECKING:
    from cocoscan.settings import AllowEntry


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """Everything ``cocoscan scan`` needs; no global state anywhere else.

    Attributes:
        paths: inputs as given (files, folders, archives, ``-``).
        out: output folder, or ``None`` to only return results.
        fmt: force a reader (``None`` = auto-detect per file).
        packs: extra pack folders or files, added to the built-in packs.
        builtin_packs: load the packs shipped with cocoscan.
        include_experimental: also load rules with status ``experimental``.
        fail_on: exit 1 when a finding reaches this severity (``None`` = never,
            the default: a scan that worked exits 0 unless asked otherwise).
        key_file: case key for pseudonyms and fingerprints (``None`` = default
            location, created 0600 on first use, never inside ``out``).
        jobs: worker processes (0 = all cores).
        field_map: JSONL/CSV field mapping (``{"text": "body"}``).
        tz: IANA zone for exports that carry none.
        date_order: force ``dmy`` / ``mdy`` / ``ymd`` for WhatsApp dates.
        baseline: reviewed-findings file; reviewed ones are shown suppressed.
        redact: redaction level, ``standard`` or ``strict``.
        context: messages of context kept before and after each finding.
        max_message_chars: longer messages are matched in windows.
        disabled_rules: rule ids switched off by configuration.
        thresholds: per-category minimum conversation score to report it.
        force: write into a non-empty folder that is not a cocoscan output.
        reveal: folder for the *unredacted* evidence (0700/0600), kept apart
            from the shareable output; ``None`` (default) writes none.
        engine: ``local`` (processes of this machine, ``jobs``) or ``dask``.
        scheduler: Dask scheduler: ``local:N`` (a local cluster of N worker
            processes), ``tcp://HOST:PORT`` or ``tls://HOST:PORT``.
        run_dir: where the Dask engine keeps finished partitions, so that a
            rerun with the same folder resumes (default: ``OUT/.run/dask``).
    """

    paths: tuple[str, ...]
    out: str | None = None
    fmt: str | None = None
    packs: tuple[str, ...] = ()
    builtin_packs: bool = True
    include_experimental: bool = False
    fail_on: Severity | None = None
    key_file: str | None = None
    jobs: int = 0
    field_map: tuple[tuple[str, str], ...] = ()
    tz: str | None = None
    date_order: str | None = None
    baseline: str | None = None
    redact: str = "standard"
    context: int = 3
    max_message_chars: int = 20_000
    disabled_rules: tuple[str, ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()
    force: bool = False
    reveal: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    run_dir: str | None = None
    enabled_rules: tuple[str, ...] = ()
    allowlist: tuple[AllowEntry, ...] = ()

    def manifest_options(self) -> dict[str, object]:
        """Options that influence results, as JSON-ready values (no paths of keys)."""
        return {
            "format": self.fmt,
            "packs": list(self.packs),
            "builtin_packs": self.builtin_packs,
            "include_experimental": self.include_experimental,
            "fail_on": self.fail_on.label if self.fail_on is not None else "never",
            "field_map": dict(self.field_map),
            "tz": self.tz,
            "date_order": self.date_order,
            "baseline": self.baseline is not None,
            "redact": self.redact,
            "context": self.context,
            "max_message_chars": self.max_message_chars,
            "disabled_rules": list(self.disabled_rules),
            "enabled_rules": list(self.enabled_rules),
            "allowlist": [f"{e.rule}: {e.reason}" for e in self.allowlist],
            "thresholds": dict(self.thresholds),
        }
