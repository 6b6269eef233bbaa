"""Shared helpers for engine parity tests: a small pack, a corpus, a digest."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from cocoscan.api import scan
from cocoscan.config import ScanConfig
from cocoscan.model import ScanResult

ROOT = Path(__file__).resolve().parents[2]

PACK = """schema = 1
[pack]
id = "test.engines"
version = "1"
title = "engine parity"
description = "a few indicator rules for engine parity tests"
languages = ["fr", "en"]

[[rules]]
id = "grooming.secrecy.test-secret"
title = "Secrecy"
description = "asks to keep a secret"
category = "grooming"
subcategory = "secrecy"
severity = "medium"
status = "test"
signals = ["secrecy"]
keywords = ["secret", "tes parents", "your parents"]
[rules.match]
any = [ { literal = "c'est notre secret" },
        { regex = '''\\b(?:ne )?dis rien a tes parents\\b''' },
        { regex = '''\\bdon'?t tell your parents\\b''' } ]

[[rules]]
id = "grooming.contact.test-snap"
title = "Snap"
description = "moves to a private app"
category = "grooming"
subcategory = "contact-handoff"
status = "test"
signals = ["off-platform"]
keywords = ["snap"]
[rules.match]
any = [ { regex = '''\\b(?:ajoute moi|add me) (?:sur|on) snap(?:chat)?\\b''' },
        { fuzzy = "snapchat", max_edits = 1 } ]

[[rules]]
id = "signal.age.test-probe"
title = "Age probe"
description = "asks the age"
category = "signal"
subcategory = "age"
status = "test"
signals = ["age-probe"]
keywords = ["quel age", "how old"]
[rules.match]
any = [ { regex = '''\\b(?:tu as|t'as) quel age\\b''' },
        { literal = "how old are you" } ]
"""


def write_pack(folder: Path) -> Path:
    path = folder / "engines.toml"
    path.write_text(PACK, encoding="utf-8")
    return path


def make_corpus(folder: Path, messages: int) -> Path:
    """The bench generator's corpus (seeded: same bytes every time)."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "corpus.py"),
            "--messages",
            str(messages),
            "--out-dir",
            str(folder),
            "--formats",
            "jsonl,txt",
        ],
        check=True,
        capture_output=True,
    )
    return folder / f"coco_{messages}.jsonl"


def config(paths: list[Path | str], pack: Path, **options: object) -> ScanConfig:
    return ScanConfig(
        paths=tuple(str(p) for p in paths),
        packs=(str(pack),),
        builtin_packs=False,
        **options,  # type: ignore[arg-type]
    )


def digest(result: ScanResult) -> str:
    """Everything an output is made of, except the run's timestamps."""
    h = hashlib.sha256()
    for c in result.conversations:
        h.update(repr(c).encode())
    for a in result.authors:
        h.update(repr(a).encode())
    h.update(repr(result.inputs).encode())
    h.update(repr(result.problems).encode())
    h.update(repr(sorted(result.counts.items())).encode())
    h.update(repr(sorted(result.options.items())).encode())
    return h.hexdigest()


def findings(result: ScanResult) -> list[tuple[str, str, int]]:
    return sorted(
        (f.rule_id, f.hit.message.location.path, f.hit.message.location.byte_offset)
        for c in result.conversations
        for f in c.findings
    )


def run(cfg: ScanConfig) -> ScanResult:
    return scan(cfg, key=b"k" * 32)
