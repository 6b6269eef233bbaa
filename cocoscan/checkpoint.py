"""Per-input checkpoints, so that ``--resume`` continues an interrupted scan.

After each input is fully scanned, what the rest of the pipeline needs from
it (its hits with their context, its per-conversation counters, its
:class:`InputInfo`, its record problems and the engine counters it moved) is
saved under ``OUT/.run/``. A resumed scan reuses a checkpoint instead of
re-reading the input when the input's SHA-256 and size, its path, the scan
digest (packs, result-affecting options) and the cocoscan version all match;
since ranking, redaction and writing run on the union afterwards, a resumed
scan writes the same outputs as an uninterrupted one.

Checkpoints hold unredacted context, so they are evidence: each file is
written atomically with mode 0600 in a 0700 folder, as JSON (never pickle:
loading a checkpoint must not run code, whoever wrote into the folder), and
the folder is removed once a scan has written its outputs completely.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from cocoscan import __version__
from cocoscan.model import (
    Hit,
    InputInfo,
    Message,
    Problem,
    Severity,
    SourceLocation,
)
from cocoscan.pipeline import StatsAccumulator, _Conversation

RUN_DIR = ".run"
SUFFIX = ".ckpt"
#: Marker naming the tool, so that a folder holding only an interrupted
#: run is recognised as a cocoscan output (``--resume`` needs no --force).
MARKER = "RUN"
FORMAT = 1


def scan_digest(
    packs: Iterable[tuple[str, str, str]], options: Mapping[str, object]
) -> str:
    """SHA-256 over the cocoscan version, the packs and the scan options.

    Anything that can change what one input yields (rules, reader options,
    context size) is in ``options``; a checkpoint from another digest is
    never reused.
    """
    payload = {
        "version": __version__,
        "packs": sorted(list(p) for p in packs),
        "options": options,
    }
    return hashlib.sha256(
        orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    ).hexdigest()


@dataclass(slots=True)
class EngineDelta:
    """What scanning one input added to the engine's counters."""

    candidates: int = 0
    timeouts: dict[str, int] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Checkpoint:
    """Everything the pipeline keeps from one fully scanned input."""

    info: InputInfo
    hits: list[Hit]
    stats: StatsAccumulator
    problems: list[Problem]
    engine: EngineDelta


# -- encoding ---------------------------------------------------------------


def _dt(value: datetime | None) -> list[str | None] | None:
    if value is None:
        return None
    zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
    return [value.isoformat(), zone]


def _undt(value: Any) -> datetime | None:
    if value is None:
        return None
    text, zone = value
    parsed = datetime.fromisoformat(text)
    if zone is not None:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    return parsed


class _Messages:
    """A table of messages: each distinct Message object is stored once."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.index: dict[int, int] = {}

    def ref(self, m: Message) -> int:
        found = self.index.get(id(m))
        if found is not None:
            return found
        loc = m.location
        self.rows.append(
            {
                "loc": [
                    loc.path,
                    loc.input_sha256,
                    loc.byte_offset,
                    loc.line,
                    loc.message_id,
                    loc.member,
                ],
                "conversation": m.conversation,
                "author": m.author,
                "sent_at": _dt(m.sent_at),
                "text": m.text,
                "seq": m.seq,
                "kind": m.kind,
                "timestamp_raw": m.timestamp_raw,
            }
        )
        self.index[id(m)] = len(self.rows) - 1
        return len(self.rows) - 1


def _message(row: dict[str, Any]) -> Message:
    return Message(
        location=SourceLocation(*row["loc"]),
        conversation=row["conversation"],
        author=row["author"],
        sent_at=_undt(row["sent_at"]),
        text=row["text"],
        seq=row["seq"],
        kind=row["kind"],
        timestamp_raw=row["timestamp_raw"],
    )


def _hit_row(h: Hit, table: _Messages) -> dict[str, Any]:
    return {
        "rule_id": h.rule_id,
        "category": h.category,
        "severity": int(h.severity),
        "confidence": h.confidence,
        "signals": list(h.signals),
        "message": table.ref(h.message),
        "span": list(h.span),
        "matcher": h.matcher,
        "view": h.view,
        "captures": [list(c) for c in h.captures],
        "suppressed": h.suppressed,
        "context": [table.ref(m) for m in h.context],
    }


def _hit(row: dict[str, Any], messages: list[Message]) -> Hit:
    return Hit(
        rule_id=row["rule_id"],
        category=row["category"],
        severity=Severity(row["severity"]),
        confidence=row["confidence"],
        signals=tuple(row["signals"]),
        message=messages[row["message"]],
        span=(row["span"][0], row["span"][1]),
        matcher=row["matcher"],
        view=row["view"],
        captures=tuple((a, b) for a, b in row["captures"]),
        suppressed=row["suppressed"],
        context=tuple(messages[i] for i in row["context"]),
    )


def _stats_rows(stats: StatsAccumulator) -> list[dict[str, Any]]:
    return [
        {
            "conversation": key,
            "messages": conv.messages,
            "authors": list(conv.authors.items()),
            "first": _dt(conv.first),
            "last": _dt(conv.last),
            "openers": list(conv.openers.items()),
        }
        for key, conv in stats.conversations.items()
    ]


def _stats(rows: list[dict[str, Any]]) -> StatsAccumulator:
    acc = StatsAccumulator()
    for row in rows:
        acc.conversations[row["conversation"]] = _Conversation(
            messages=row["messages"],
            authors={a: n for a, n in row["authors"]},
            first=_undt(row["first"]),
            last=_undt(row["last"]),
            openers={a: t for a, t in row["openers"]},
        )
    return acc


def encode(ckpt: Checkpoint, *, digest: str) -> bytes:
    """JSON bytes of a checkpoint (messages shared between hits stored once)."""
    table = _Messages()
    hits = [_hit_row(h, table) for h in ckpt.hits]
    info = ckpt.info
    record = {
        "format": FORMAT,
        "tool": {"name": "cocoscan", "version": __version__},
        "digest": digest,
        "info": [
            info.path,
            info.sha256,
            info.format,
            info.size,
            info.messages,
            info.errors,
        ],
        "messages": table.rows,
        "hits": hits,
        "stats": _stats_rows(ckpt.stats),
        "problems": [[p.path, p.line, p.reason, p.fatal] for p in ckpt.problems],
        "engine": {
            "candidates": ckpt.engine.candidates,
            "timeouts": ckpt.engine.timeouts,
            "disabled": ckpt.engine.disabled,
        },
    }
    return orjson.dumps(record)


def decode(data: bytes, *, digest: str) -> Checkpoint | None:
    """A checkpoint, or ``None`` when it is foreign, stale or damaged."""
    try:
        record = orjson.loads(data)
        if (
            not isinstance(record, dict)
            or record.get("format") != FORMAT
            or record.get("tool") != {"name": "cocoscan", "version": __version__}
            or record.get("digest") != digest
        ):
            return None
        messages = [_message(row) for row in record["messages"]]
        engine = record["engine"]
        return Checkpoint(
            info=InputInfo(*record["info"]),
            hits=[_hit(row, messages) for row in record["hits"]],
            stats=_stats(record["stats"]),
            problems=[Problem(*row) for row in record["problems"]],
            engine=EngineDelta(
                candidates=int(engine["candidates"]),
                timeouts={str(k): int(v) for k, v in engine["timeouts"].items()},
                disabled=[str(r) for r in engine["disabled"]],
            ),
        )
    except (
        orjson.JSONDecodeError,
        KeyError,
        TypeError,
        ValueError,
        IndexError,
        AttributeError,
    ):
        return None


# -- the store --------------------------------------------------------------


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _write_private(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CheckpointStore:
    """Checkpoints of one output folder for one scan digest.

    Args:
        out_dir: the scan's output folder; checkpoints live in ``out/.run``.
        digest: :func:`scan_digest` of this scan.
    """

    def __init__(self, out_dir: str | Path, digest: str) -> None:
        self.folder = Path(out_dir) / RUN_DIR
        self.digest = digest

    def path_for(self, input_path: str, sha256: str) -> Path:
        """``<input-sha256>-<digest of scan and path>.ckpt`` (paths may share bytes)."""
        tag = hashlib.sha256(f"{self.digest}\0{input_path}".encode()).hexdigest()
        return self.folder / f"{sha256}-{tag[:16]}{SUFFIX}"

    def load(self, input_path: str, sha256: str, size: int) -> Checkpoint | None:
        """The checkpoint of this exact input, or ``None``."""
        target = self.path_for(input_path, sha256)
        try:
            data = target.read_bytes()
        except OSError:
            return None
        ckpt = decode(data, digest=self.digest)
        if ckpt is None:
            return None
        info = ckpt.info
        if info.path != input_path or info.sha256 != sha256 or info.size != size:
            return None
        return ckpt

    def save(self, ckpt: Checkpoint) -> Path:
        """Write one checkpoint atomically (0600 in a 0700 folder)."""
        _private_dir(self.folder)
        marker = self.folder / MARKER
        if not marker.exists():
            _write_private(marker, b"cocoscan run checkpoints\n")
        target = self.path_for(ckpt.info.path, ckpt.info.sha256)
        _write_private(target, encode(ckpt, digest=self.digest))
        return target

    def clear(self) -> None:
        """Remove every checkpoint: the scan finished and wrote its outputs."""
        shutil.rmtree(self.folder, ignore_errors=True)


def holds_run(out_dir: str | Path) -> bool:
    """True when ``out_dir`` holds only what an interrupted cocoscan run leaves.

    That is the ``.run`` folder with its marker, plus temporary output files
    (``.NAME.*.tmp``): such a folder may be resumed without ``--force``.
    """
    folder = Path(out_dir)
    if not (folder / RUN_DIR / MARKER).is_file():
        return False
    for entry in folder.iterdir():
        if entry.name == RUN_DIR:
            continue
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            return False
    return True


def engine_delta(
    before: tuple[int, Mapping[str, int], Sequence[str]],
    after: tuple[int, Mapping[str, int], Sequence[str]],
) -> EngineDelta:
    """Difference of two ``(candidates, timeouts, disabled)`` snapshots."""
    timeouts = {
        rule: n - before[1].get(rule, 0)
        for rule, n in after[1].items()
        if n != before[1].get(rule, 0)
    }
    disabled = [r for r in after[2] if r not in before[2]]
    return EngineDelta(after[0] - before[0], timeouts, disabled)


__all__ = [
    "RUN_DIR",
    "Checkpoint",
    "CheckpointStore",
    "EngineDelta",
    "decode",
    "encode",
    "engine_delta",
    "holds_run",
    "scan_digest",
]
