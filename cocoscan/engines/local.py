"""The default engine: every core of this machine (``--jobs N``).

Inputs are opened (hashed, detected) by the driver, in order; each is cut
into partitions (:mod:`cocoscan.engines.parts`). With ``jobs == 1`` the
partitions are scanned in this process, one input at a time, exactly as
``api.scan`` always did, through :meth:`Checkpointer.run_input`. With more
jobs, inputs are taken in *waves* (bounded count and bytes, so memory stays
flat however many inputs there are); for each wave a process pool is
forked *after* the packs are compiled (Linux ``fork``: workers inherit the
compiled engine and the opened inputs, nothing is pickled but partition
descriptors and results), partitions are mapped in order with ``imap`` and
each input is merged, checkpointed and yielded as soon as its last
partition is back. Only hits (with their context messages) and counters
come back from workers, never whole texts.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cocoscan import interrupt
from cocoscan.checkpoint import Checkpoint, Checkpointer
from cocoscan.engines.parts import (
    Partition,
    PartResult,
    Scannable,
    apply_delta,
    merge_parts,
    partitions,
    scan_partition,
)
from cocoscan.matching import Engine
from cocoscan.model import Hit, Problem
from cocoscan.pipeline import StatsAccumulator

#: A wave holds at most this many inputs or this many bytes.
WAVE_INPUTS = 512
WAVE_BYTES = 4 << 30

#: Called with (path, messages, bytes, hits) after each partition or input.
PartProgress = Callable[[str, int, int, int], None]


def resolve_jobs(jobs: int) -> int:
    """``0`` means every core this process may run on."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def scan_inputs(
    engine: Engine,
    items: Iterable[Scannable | Problem],
    ckpts: Checkpointer,
    *,
    jobs: int,
    context: int,
    progress: PartProgress | None = None,
) -> Iterator[Checkpoint | Problem]:
    """Checkpoints of every input (and problems), in input order.

    The caller folds them (hits, counters, problems, inputs). ``ckpts``
    supplies resumed inputs, saves finished ones and records an interruption
    (the iterator then ends early).
    """
    workers = resolve_jobs(jobs)
    if workers == 1 or not _can_fork():
        yield from _serial(engine, items, ckpts, context, progress)
        return
    for wave in _waves(items):
        yield from _parallel_wave(engine, wave, ckpts, workers, context, progress)
        if ckpts.interrupted is not None:
            return


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# -- one process -------------------------------------------------------------


def _serial(
    engine: Engine,
    items: Iterable[Scannable | Problem],
    ckpts: Checkpointer,
    context: int,
    progress: PartProgress | None,
) -> Iterator[Checkpoint | Problem]:
    for item in items:
        if isinstance(item, Problem):
            yield item
            continue
        stream = item

        def scan(acc: StatsAccumulator, stream: Scannable = stream) -> list[Hit]:
            opened = list(stream.problems)
            results = []
            for part in partitions(stream, 0):
                result = scan_partition(engine, stream, part, context=context)
                results.append(result)
                if progress is not None:
                    progress(
                        stream.path,
                        result.messages,
                        _part_bytes(stream, part),
                        len(result.hits),
                    )
            merged = merge_parts(stream, results, opened)
            apply_delta(engine, merged)
            acc.merge(merged.stats)
            return merged.hits

        ckpt = ckpts.run_input(stream, engine.stats, scan)  # type: ignore[arg-type]
        if ckpt is None:  # interrupted
            return
        yield ckpt


def _part_bytes(stream: Scannable, part: Partition) -> int:
    return (part.end if part.end is not None else stream.size) - part.start


# -- a pool of forked workers -------------------------------------------------

#: Set in the driver right before forking; workers read their copy.
_WORK: tuple[Engine, list[Scannable], int] | None = None


def _worker_init() -> None:
    # The driver handles SIGINT/SIGTERM and terminates the pool; workers
    # must neither print a KeyboardInterrupt nor run the driver's handlers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run(partition: Partition) -> PartResult | tuple[Partition, str]:
    """Worker side: scan one partition, or name the failure (no chat text)."""
    assert _WORK is not None
    engine, streams, context = _WORK
    try:
        stream = streams[partition.index]
        return scan_partition(engine, stream, partition, context=context)
    except Exception as exc:  # reported as a problem of this input
        return partition, type(exc).__name__


def _waves(
    items: Iterable[Scannable | Problem],
) -> Iterator[list[Scannable | Problem]]:
    wave: list[Scannable | Problem] = []
    inputs = size = 0
    for item in items:
        wave.append(item)
        if not isinstance(item, Problem):
            inputs += 1
            size += item.size
        if inputs >= WAVE_INPUTS or size >= WAVE_BYTES:
            yield wave
            wave, inputs, size = [], 0, 0
    if wave:
        yield wave


def _parallel_wave(
    engine: Engine,
    wave: Sequence[Scannable | Problem],
    ckpts: Checkpointer,
    workers: int,
    context: int,
    progress: PartProgress | None,
) -> Iterator[Checkpoint | Problem]:
    global _WORK
    ready: dict[int, Checkpoint | Problem] = {}
    streams: list[Scannable] = []
    slots: dict[int, int] = {}  # stream index -> wave position
    for pos, item in enumerate(wave):
        if isinstance(item, Problem):
            ready[pos] = item
            continue
        reused = ckpts.reuse(item)  # type: ignore[arg-type]
        if reused is not None:
            ckpts.restore(reused, engine.stats)
            ready[pos] = reused
            continue
        slots[len(streams)] = pos
        streams.append(item)
    work = [p for i, s in enumerate(streams) for p in partitions(s, i)]
    opened = [list(s.problems) for s in streams]
    next_pos = 0

    def flush() -> Iterator[Checkpoint | Problem]:
        nonlocal next_pos
        while next_pos in ready:
            yield ready.pop(next_pos)
            next_pos += 1

    yield from flush()
    if not work:
        return
    _WORK = (engine, streams, context)
    pending: dict[int, list[PartResult]] = {}
    failed: dict[int, list[Problem]] = {}
    current: str | None = None
    try:
        ctx = multiprocessing.get_context("fork")
        pool = ctx.Pool(min(workers, len(work)), initializer=_worker_init)
        with pool, interrupt.immediate():
            for out in pool.imap(_run, work, chunksize=1):
                part = out[0] if isinstance(out, tuple) else out.partition
                stream = streams[part.index]
                current = stream.path
                if isinstance(out, tuple):
                    failed.setdefault(part.index, []).append(_failure(stream, *out))
                else:
                    pending.setdefault(part.index, []).append(out)
                    if progress is not None:
                        progress(
                            stream.path,
                            out.messages,
                            _part_bytes(stream, part),
                            len(out.hits),
                        )
                if part.part != part.parts - 1:
                    continue
                ckpt = merge_parts(
                    stream,
                    pending.pop(part.index, []),
                    opened[part.index],
                    failed.pop(part.index, []),
                )
                apply_delta(engine, ckpt)
                with interrupt.deferred():
                    ckpts.save(
                        ckpt.info, ckpt.hits, ckpt.stats, ckpt.problems, ckpt.engine
                    )
                ready[slots[part.index]] = ckpt
                yield from flush()
    except interrupt.Interrupted as exc:
        ckpts.interrupted = (exc.signal_name, current)
    finally:
        _WORK = None


def _failure(stream: Scannable, partition: Partition, error: str) -> Problem:
    where = "" if partition.end is None else f" bytes {partition.start}-{partition.end}"
    return Problem(
        stream.display, None, f"internal error ({error}) while scanning{where}"
    )


__all__: list[Any] = ["resolve_jobs", "scan_inputs"]
