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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from cocoscan import __version__, interrupt
from cocoscan.matching.engine import EngineStats
from cocoscan.model import (
    Hit,
    InputInfo,
    Message,
    Problem,
    Severity,
    SourceLocation,
)
from cocoscan.pipeline import StatsAccumulator, _Conversation

T = TypeVar("T")

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


def clear_run(out_dir: str | Path) -> None:
    """Remove ``out/.run``: a scan wrote its outputs completely."""
    shutil.rmtree(Path(out_dir) / RUN_DIR, ignore_errors=True)


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
    "Checkpointer",
    "EngineDelta",
    "clear_run",
    "decode",
    "encode",
    "engine_delta",
    "file_identity",
    "holds_run",
    "scan_digest",
]


def file_identity(path: str) -> tuple[str, int] | None:
    """``(sha256, size)`` of a regular file on disk, or ``None``.

    Archive members and standard input have no identity of their own here:
    they are always scanned again.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            digest = hashlib.sha256()
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest(), size


class ScannedInput(Protocol):
    """What the checkpoint layer needs from an input stream."""

    @property
    def path(self) -> str:
        """The input path as given (or as found in a folder)."""
        ...

    @property
    def problems(self) -> list[Problem]:
        """Record problems met while reading it."""
        ...

    def info(self) -> InputInfo:
        """Accounting for the manifest, once fully read."""
        ...


class Checkpointer:
    """The checkpoint side of one scan: save after each input, reuse on resume.

    It also owns the scan's interruption point: :meth:`inputs` stops the
    input loop cleanly when SIGINT / SIGTERM arrive while an input is opened
    or read (see :mod:`cocoscan.interrupt`), and :meth:`problems` then
    reports the input that was cut short, so the result is partial.

    Args:
        out_dir: output folder (``None``: no checkpoints, library use).
        digest: :func:`scan_digest` of this scan.
        reuse: ``--resume``: look for a checkpoint before reading an input.
    """

    def __init__(self, out_dir: str | None, digest: str, *, reuse: bool) -> None:
        self.store = CheckpointStore(out_dir, digest) if out_dir is not None else None
        self.reuse_enabled = reuse and self.store is not None
        #: Prefilter candidates of the inputs taken from checkpoints.
        self.candidates = 0
        self.reused = 0
        #: ``(signal name, path being read or None)`` once interrupted.
        self.interrupted: tuple[str, str | None] | None = None
        self._current: str | None = None

    def inputs(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` until the scan is interrupted; opening them is interruptible."""
        it = iter(items)
        while self.interrupted is None:
            self._current = None
            try:
                with interrupt.immediate():
                    item = next(it)
            except StopIteration:
                return
            except interrupt.Interrupted as exc:
                self.interrupted = (exc.signal_name, None)
                return
            yield item

    def run_input(
        self,
        stream: ScannedInput,
        engine: EngineStats,
        scan: Callable[[StatsAccumulator], list[Hit]],
    ) -> Checkpoint | None:
        """Scan one input (or reuse its checkpoint); ``None`` when interrupted.

        Args:
            stream: the input.
            engine: the engine's counters (restored from a reused checkpoint).
            scan: scans ``stream`` into a fresh accumulator, returns its hits.
        """
        if self.interrupted is not None:
            return None
        self._current = stream.path
        try:
            with interrupt.immediate():
                ckpt = self.reuse(stream)
                if ckpt is not None:
                    self.restore(ckpt, engine)
                    return ckpt
                before = self.snapshot(engine)
                acc = StatsAccumulator()
                hits = scan(acc)
                info = stream.info()
        except interrupt.Interrupted as exc:
            self.interrupted = (exc.signal_name, stream.path)
            return None
        delta = engine_delta(before, self.snapshot(engine))
        ckpt = Checkpoint(info, hits, acc, list(stream.problems), delta)
        with interrupt.deferred():
            self.save(ckpt.info, hits, acc, ckpt.problems, delta)
        return ckpt

    def problems(self) -> list[Problem]:
        """The interruption as a problem (the result is then partial)."""
        if self.interrupted is None:
            return []
        name, path = self.interrupted
        return [
            Problem(
                path or "(remaining inputs)",
                None,
                f"scan interrupted by {name}: this input and any later ones were "
                "not scanned; run the same command with --resume to finish",
            )
        ]

    def options(self) -> dict[str, object]:
        """Manifest options: the signal that stopped the scan, if any."""
        if self.interrupted is None:
            return {}
        return {"interrupted": self.interrupted[0]}

    def reuse(self, stream: ScannedInput) -> Checkpoint | None:
        """The checkpoint of ``stream`` when resuming and it matches exactly.

        The stream's own hash is used when the reader computed it before
        parsing (``sha256``/``size`` attributes); otherwise the file is hashed.
        An archive member is named ``archive!member`` (``display``).
        """
        if not self.reuse_enabled or self.store is None:
            return None
        name = str(getattr(stream, "display", stream.path))
        sha, size = getattr(stream, "sha256", None), getattr(stream, "size", None)
        identity = (
            (sha, size)
            if isinstance(sha, str) and isinstance(size, int)
            else file_identity(stream.path)
        )
        if identity is None:
            return None
        ckpt = self.store.load(name, *identity)
        if ckpt is not None:
            self.candidates += ckpt.engine.candidates
            self.reused += 1
        return ckpt

    @staticmethod
    def snapshot(stats: EngineStats) -> tuple[int, dict[str, int], list[str]]:
        """Engine counters before an input, for :func:`engine_delta`."""
        return stats.candidates, dict(stats.timeouts), list(stats.disabled)

    @staticmethod
    def restore(ckpt: Checkpoint, stats: EngineStats) -> None:
        """Replay what a reused input did to the engine: timeouts, disabled rules.

        A rule disabled while scanning an earlier input stays disabled for the
        inputs after it, exactly as in an uninterrupted run.
        """
        for rule, n in ckpt.engine.timeouts.items():
            stats.timeouts[rule] = stats.timeouts.get(rule, 0) + n
        for rule in ckpt.engine.disabled:
            if rule not in stats.disabled:
                stats.disabled.append(rule)

    def save(
        self,
        info: InputInfo,
        hits: list[Hit],
        stats: StatsAccumulator,
        problems: list[Problem],
        engine: EngineDelta,
    ) -> None:
        """Checkpoint one fully scanned input (skipped for streams without a file)."""
        if self.store is None or info.path == "-":
            return
        self.store.save(Checkpoint(info, hits, stats, list(problems), engine))

    def clear(self) -> None:
        """Drop the checkpoints: the outputs are complete."""
        if self.store is not None:
            self.store.clear()
