"""Writers: render an :class:`EvidenceReport` into the output folder.

Every writer is a pure function ``EvidenceReport -> bytes`` registered in
:data:`WRITERS` (a dict literal: format name -> files it produces).
:func:`write_outputs` writes them atomically and ``manifest.json`` last, with
the SHA-256 of every other output file, so that a folder whose manifest
exists is complete and ``cocoscan verify`` can check it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from cocoscan.errors import ConfigError
from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report.case import render_case
from cocoscan.report.csv_writer import render_csv
from cocoscan.report.files import sha256_file, write_atomic
from cocoscan.report.html import render_html
from cocoscan.report.jsonl import render_authors, render_conversations, render_findings
from cocoscan.report.markdown import render_markdown
from cocoscan.report.records import manifest_record
from cocoscan.report.sarif import render_sarif

Renderer = Callable[[EvidenceReport], bytes]

MANIFEST = "manifest.json"

#: Format name -> (file name, renderer) pairs. ``jsonl`` is the data contract
#: the other formats can be rebuilt from (``cocoscan report``).
WRITERS: dict[str, tuple[tuple[str, Renderer], ...]] = {
    "jsonl": (
        ("conversations.jsonl", render_conversations),
        ("findings.jsonl", render_findings),
        ("authors.jsonl", render_authors),
    ),
    "md": (("report.md", render_markdown),),
    "html": (("report.html", render_html),),
    "csv": (("findings.csv", render_csv),),
    "sarif": (("findings.sarif", render_sarif),),
    "case": (("case.jsonld", render_case),),
}

DEFAULT_FORMATS: tuple[str, ...] = tuple(WRITERS)

#: Every file a cocoscan output folder may hold besides the manifest.
OUTPUT_FILES: tuple[str, ...] = tuple(
    name for files in WRITERS.values() for name, _ in files
)


def _dump(record: dict[str, object]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n"


def seal_manifest(record: dict[str, object]) -> bytes:
    """Manifest bytes ending with ``integrity.manifest_sha256``.

    The manifest cannot list its own hash among ``outputs``; instead it
    carries the SHA-256 of its own serialisation without the ``integrity``
    field, so ``cocoscan verify`` also catches an edit of the manifest.
    """
    body = {k: v for k, v in record.items() if k != "integrity"}
    digest = hashlib.sha256(_dump(body)).hexdigest()
    return _dump(body | {"integrity": {"manifest_sha256": digest}})


def render_manifest(report: EvidenceReport, outputs: list[tuple[str, str]]) -> bytes:
    """``manifest.json`` bytes for ``outputs`` ((file name, sha256) pairs)."""
    return seal_manifest(manifest_record(report.run, outputs))


def write_outputs(
    report: EvidenceReport,
    out_dir: str,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
) -> list[str]:
    """Write the requested formats, then ``manifest.json``; return written paths.

    The manifest lists every known output file present in ``out_dir`` (also
    those of an earlier run that this call did not re-render), with hashes.
    """
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        known = ", ".join(WRITERS)
        raise ConfigError(f"unknown report format {unknown[0]!r} (expected {known})")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[str] = []
    for fmt in dict.fromkeys(formats):
        for name, render in WRITERS[fmt]:
            written.append(str(write_atomic(folder, name, render(report))))
    outputs = [
        (name, sha256_file(folder / name))
        for name in OUTPUT_FILES
        if (folder / name).is_file()
    ]
    written.append(
        str(write_atomic(folder, MANIFEST, render_manifest(report, outputs)))
    )
    return written


__all__ = [
    "DEFAULT_FORMATS",
    "MANIFEST",
    "OUTPUT_FILES",
    "WRITERS",
    "render_manifest",
    "seal_manifest",
    "write_outputs",
]
