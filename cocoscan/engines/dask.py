"""The Dask engine (``--engine dask``): the same partitions, on a cluster.

The only module that imports Dask, lazily: without the optional extra,
``--engine dask`` stops with one line naming ``pip install 'cocoscan[dask]'``
(exit code 2). The driver opens (hashes) the inputs, cuts them into the same
partitions as the local engine and submits one task per partition. A task
carries a *descriptor*, never data: path, archive member, byte range, size,
mtime and SHA-256, so a changed input is never served from a stale result;
the worker opens the input itself (cached per worker process) and compiles
the packs once per process. It returns its partition as compact JSON
(:mod:`cocoscan.checkpoint` encoding: hits with their context messages and
counters, nothing else), which the driver writes atomically (0600) under
the run directory before merging, so that a rerun with the same run
directory skips the partitions already done. Tasks are retried; Dask
re-runs the tasks of a lost worker; a partition that still fails becomes a
problem naming the input and byte range, the other partitions finish, and
the scan is partial (exit code 2). Results are merged in input and range
order, exactly as the local engine does: the outputs are identical.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cocoscan.checkpoint import (
    RUN_DIR,
    Checkpoint,
    Checkpointer,
    EngineDelta,
    decode,
    encode,
    scan_digest,
)
from cocoscan.config import ScanConfig
from cocoscan.engines.local import PartProgress
from cocoscan.engines.parts import (
    Partition,
    PartResult,
    Scannable,
    apply_delta,
    merge_parts,
    partitions,
    scan_partition,
)
from cocoscan.errors import ConfigError
from cocoscan.matching import Engine
from cocoscan.model import InputInfo, Problem

INSTALL_HINT = "--engine dask needs the optional extra: pip install 'cocoscan[dask]'"
#: Attempts of one task beyond the first (a transient read error).
RETRIES = 2


@dataclass(frozen=True, slots=True)
class PartSpec:
    """What a worker needs to scan one partition: no chat data at all."""

    path: str
    display: str
    size: int
    mtime_ns: int
    sha256: str
    partition: Partition


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    return distributed


# -- worker side ----------------------------------------------------------------

_ENGINES: dict[str, Engine] = {}
_STREAMS: dict[tuple[str, str, int, int], Scannable] = {}


def _worker_engine(config: ScanConfig, digest: str) -> Engine:
    """Packs compile once per worker process and scan digest."""
    engine = _ENGINES.get(digest)
    if engine is None:
        from cocoscan.api import load_config_packs

        engine = Engine(
            load_config_packs(config), max_message_chars=config.max_message_chars
        )
        _ENGINES.clear()
        _ENGINES[digest] = engine
    return engine


def _worker_stream(config: ScanConfig, spec: PartSpec) -> Scannable:
    key = (spec.path, spec.display, spec.size, spec.mtime_ns)
    stream = _STREAMS.get(key)
    if stream is None:
        from cocoscan.api import _zone
        from cocoscan.ingest import open_inputs

        for item in open_inputs(
            [spec.path],
            fmt=config.fmt,
            field_map=dict(config.field_map) or None,
            tz=_zone(config.tz),
            date_order=config.date_order,
        ):
            if not isinstance(item, Problem) and item.display == spec.display:
                stream = item
                break
        if stream is None:
            raise FileNotFoundError(spec.display)
        if len(_STREAMS) > 64:
            _STREAMS.clear()
        _STREAMS[key] = stream
    if stream.sha256 != spec.sha256 or stream.size != spec.size:
        raise RuntimeError("input changed since the driver hashed it")
    return stream


def scan_task(config: ScanConfig, digest: str, spec: PartSpec) -> bytes:
    """One Dask task: scan one partition, return it as checkpoint JSON."""
    engine = _worker_engine(config, digest)
    stream = _worker_stream(config, spec)
    result = scan_partition(engine, stream, spec.partition, context=config.context)
    return encode(_as_checkpoint(spec, stream, result), digest=digest)


def _as_checkpoint(spec: PartSpec, stream: Scannable, r: PartResult) -> Checkpoint:
    info = InputInfo(spec.display, spec.sha256, stream.format, spec.size, r.messages, 0)
    delta = EngineDelta(r.candidates, r.timeouts, r.disabled)
    return Checkpoint(info, r.hits, r.stats, r.problems, delta)


def _as_result(partition: Partition, ckpt: Checkpoint) -> PartResult:
    return PartResult(
        partition,
        ckpt.hits,
        ckpt.stats,
        ckpt.problems,
        ckpt.info.messages,
        ckpt.engine.candidates,
        ckpt.engine.timeouts,
        ckpt.engine.disabled,
    )


# -- driver side ------------------------------------------------------------------


def _client(scheduler: str | None) -> tuple[Any, Any]:
    """``(client, cluster or None)`` for ``local:N`` or a scheduler address."""
    distributed = _require_distributed()
    spec = scheduler or "local:0"
    if spec.startswith("local"):
        _, _, count = spec.partition(":")
        try:
            n = int(count or "0")
        except ValueError:
            raise ConfigError(f"--scheduler {spec!r}: expected local:N") from None
        from cocoscan.engines.local import resolve_jobs

        cluster = distributed.LocalCluster(
            n_workers=resolve_jobs(n),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        return distributed.Client(cluster), cluster
    if not spec.startswith(("tcp://", "tls://")):
        raise ConfigError(
            f"--scheduler {spec!r}: expected local:N, tcp://HOST:PORT or tls://HOST:PORT"
        )
    try:
        return distributed.Client(spec, timeout="30s"), None
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {spec}") from exc


def _part_file(folder: Path, spec: PartSpec, digest: str) -> Path:
    p = spec.partition
    tag = hashlib.sha256(
        f"{digest}\0{spec.display}\0{spec.size}\0{spec.mtime_ns}".encode()
    ).hexdigest()[:16]
    return folder / f"{spec.sha256}-{p.start}-{p.end}-{tag}.part"


def _write_private(target: Path, data: bytes) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def scan_inputs(
    config: ScanConfig,
    engine: Engine,
    items: Iterable[Scannable | Problem],
    ckpts: Checkpointer,
    *,
    progress: PartProgress | None = None,
) -> Iterator[Checkpoint | Problem]:
    """Checkpoints of every input (and problems), in input order, via Dask."""
    distributed = _require_distributed()
    if ckpts.store is not None:
        digest = ckpts.store.digest
    else:  # no output folder: nothing is kept, the rule ids identify the set
        rules = [(r.id, "", "") for r in engine.rules]
        digest = scan_digest(rules, config.manifest_options())
    if config.run_dir:
        folder: Path | None = Path(config.run_dir)
    elif config.out is not None:
        folder = Path(config.out) / RUN_DIR / "dask"
    else:
        folder = None
    client, cluster = _client(config.scheduler)
    try:
        yield from _drive(
            distributed, client, config, digest, engine, items, ckpts, folder, progress
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _drive(
    distributed: Any,
    client: Any,
    config: ScanConfig,
    digest: str,
    engine: Engine,
    items: Iterable[Scannable | Problem],
    ckpts: Checkpointer,
    folder: Path | None,
    progress: PartProgress | None,
) -> Iterator[Checkpoint | Problem]:
    order: list[Scannable | Problem | Checkpoint] = []
    streams: dict[int, Scannable] = {}
    specs: dict[Any, tuple[int, PartSpec]] = {}
    results: dict[int, list[PartResult]] = {}
    failed: dict[int, list[Problem]] = {}
    opened: dict[int, list[Problem]] = {}
    missing: dict[int, int] = {}
    futures = []
    for pos, item in enumerate(items):
        if isinstance(item, Problem):
            order.append(item)
            continue
        reused = ckpts.reuse(item)  # type: ignore[arg-type]
        if reused is not None:
            ckpts.restore(reused, engine.stats)
            order.append(reused)
            continue
        order.append(item)
        streams[pos] = item
        opened[pos] = list(item.problems)
        results[pos] = []
        mtime = _mtime(item.path)
        parts = partitions(item, pos)
        missing[pos] = len(parts)
        for part in parts:
            spec = PartSpec(
                item.path, item.display, item.size, mtime, item.sha256, part
            )
            done = _load_part(folder, spec, digest)
            if done is not None:
                results[pos].append(done)
                missing[pos] -= 1
                continue
            key = (
                "cocoscan-part-"
                + hashlib.sha256(repr((digest, spec)).encode()).hexdigest()[:32]
            )
            future = client.submit(
                scan_task, config, digest, spec, key=key, retries=RETRIES, pure=False
            )
            specs[future.key] = (pos, spec)
            futures.append(future)
    for future in distributed.as_completed(futures):
        pos, spec = specs[future.key]
        part = spec.partition
        if future.status == "finished":
            data: bytes = future.result()
            ckpt = decode(data, digest=digest)
            if ckpt is None:  # pragma: no cover - a worker of another version
                failed.setdefault(pos, []).append(_failure(spec, "VersionMismatch"))
            else:
                if folder is not None:
                    _write_private(_part_file(folder, spec, digest), data)
                result = _as_result(part, ckpt)
                results[pos].append(result)
                if progress is not None:
                    end = part.end if part.end is not None else spec.size
                    progress(
                        spec.display,
                        result.messages,
                        end - part.start,
                        len(result.hits),
                    )
        else:
            error = future.exception()
            failed.setdefault(pos, []).append(_failure(spec, type(error).__name__))
        future.release()
        missing[pos] -= 1
    for entry in order:
        if isinstance(entry, Problem | Checkpoint):
            yield entry
            continue
        pos = next(p for p, s in streams.items() if s is entry)
        ckpt = merge_parts(entry, results[pos], opened[pos], failed.get(pos, []))
        apply_delta(engine, ckpt)
        if not failed.get(pos):
            ckpts.save(ckpt.info, ckpt.hits, ckpt.stats, ckpt.problems, ckpt.engine)
        yield ckpt


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _load_part(folder: Path | None, spec: PartSpec, digest: str) -> PartResult | None:
    """A partition finished by an earlier run with the same run directory."""
    if folder is None:
        return None
    try:
        data = _part_file(folder, spec, digest).read_bytes()
    except OSError:
        return None
    ckpt = decode(data, digest=digest)
    if ckpt is None or ckpt.info.sha256 != spec.sha256:
        return None
    return _as_result(spec.partition, ckpt)


def _failure(spec: PartSpec, error: str) -> Problem:
    p = spec.partition
    where = "" if p.end is None else f" (bytes {p.start}-{p.end})"
    return Problem(
        spec.display,
        None,
        f"partition{where} failed on the cluster after {RETRIES} retries ({error}); "
        "run the same command again to scan what is missing",
    )


__all__ = ["INSTALL_HINT", "PartSpec", "scan_inputs", "scan_task"]
