"""``--reveal DIR``: unredacted evidence, on explicit request, kept apart.

The shareable output never holds raw text. When an investigator needs the
original words (for a prosecutor, under seal), this writes them into a
separate folder whose name and README say what it is: created 0700, files
0600, refused inside (or around) the shareable output folder. It also
holds the pseudonym table of the scan, so the folder must be handled like
the case key. Lives in ``cocoscan.redact`` because only this package may
read raw text.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from cocoscan.errors import ConfigError
from cocoscan.keys import pseudonym
from cocoscan.model import Finding, Message, ScanResult
from cocoscan.redact import iso

README = """UNREDACTED EVIDENCE - DO NOT SHARE

This folder was written by cocoscan because --reveal was given. It holds the
ORIGINAL chat text of every finding, its context messages, and the table
mapping pseudonyms (P-...) back to author names. Keep it with the case key,
never inside or next to the shareable report, and share it only with a
recipient who is authorised to see the unredacted evidence.

Files:
  UNREDACTED-findings.jsonl    one finding per line, original text
  UNREDACTED-pseudonyms.jsonl  pseudonym -> author, per author of the scan
Case key id: {key_id}
"""


def _inside(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or b in a.parents


def _message(msg: Message, key: bytes) -> dict[str, object]:
    return {
        "author": msg.author,
        "pseudonym": pseudonym(key, msg.author) if msg.author else None,
        "timestamp": iso(msg.sent_at) or msg.timestamp_raw,
        "text": msg.text,
        "path": msg.location.path,
        "line": msg.location.line,
        "byte_offset": msg.location.byte_offset,
        "message": msg.location.message_id,
    }


def _finding(finding: Finding, key: bytes) -> dict[str, object]:
    hit = finding.hit
    return {
        "id": finding.fingerprint,
        "rule": hit.rule_id,
        "conversation": hit.message.conversation,
        "span": list(hit.span),
        "phrase": hit.message.text[hit.span[0] : hit.span[1]],
        "message": _message(hit.message, key),
        "context": [_message(m, key) for m in hit.context],
    }


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def write_reveal(
    result: ScanResult,
    reveal_dir: str,
    *,
    key: bytes,
    key_id: str,
    out_dir: str | None = None,
) -> list[str]:
    """Write the unredacted evidence of ``result`` into ``reveal_dir``.

    Raises:
        ConfigError: ``reveal_dir`` overlaps the shareable output folder.
    """
    folder = Path(reveal_dir)
    if out_dir is not None and (
        _inside(folder, Path(out_dir)) or _inside(Path(out_dir), folder)
    ):
        raise ConfigError(
            "the --reveal folder must be outside the shareable output folder",
            location=reveal_dir,
        )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    findings = [
        _finding(f, key) for conv in result.conversations for f in conv.findings
    ]
    authors = sorted(
        {a for conv in result.conversations for a in conv.authors}
        | {a.author for a in result.authors}
    )
    table = [{"pseudonym": pseudonym(key, a), "author": a} for a in authors]
    written = []
    for name, data in (
        ("README-UNREDACTED.txt", README.format(key_id=key_id).encode()),
        (
            "UNREDACTED-findings.jsonl",
            b"".join(orjson.dumps(r) + b"\n" for r in findings),
        ),
        (
            "UNREDACTED-pseudonyms.jsonl",
            b"".join(orjson.dumps(r) + b"\n" for r in table),
        ),
    ):
        _write_private(folder / name, data)
        written.append(str(folder / name))
    return written


__all__ = ["write_reveal"]
