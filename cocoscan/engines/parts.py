"""Partitions of the inputs, and the pure per-partition scan every engine runs.

A partition is a whole input, or, for a large line-based file
(``InputStream.splittable``), a byte range of it: a record belongs to the
range its first byte lies in (the reader's rule), offsets and ``seq`` stay
absolute. Partitions depend only on the input's size, never on the number
of workers, and every engine (one process, a process pool, Dask) scans the
same partitions with :func:`scan_partition` and folds them in input and
range order with :func:`merge_parts`: that is why ``--jobs 1``,
``--jobs N`` and ``--engine dask`` write byte-identical results. The one
visible consequence of ranges is that the context of a hit never crosses
a range edge (the ranges are large, so this is rare, and the same for
every engine).

Regex timeouts are counted per partition from a clean slate, so a rule
disabled after repeated timeouts is disabled for the rest of its
partition whichever worker runs it; the input's counters are the sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cocoscan.checkpoint import Checkpoint, EngineDelta
from cocoscan.matching import Engine, EngineStats
from cocoscan.model import Hit, InputInfo, Message, Problem
from cocoscan.pipeline import StatsAccumulator, scan_messages

#: Byte size of one range of a splittable input. Fixed (never derived from
#: the number of workers) so that every engine sees the same partitions.
PARTITION_BYTES = 8 << 20


class Scannable(Protocol):
    """What a partition needs from :class:`cocoscan.ingest.InputStream`."""

    path: str
    sha256: str
    size: int
    format: str
    splittable: bool
    messages: int
    problems: list[Problem]

    @property
    def display(self) -> str:
        """``path`` or ``archive!member``."""
        ...

    def __iter__(self) -> Iterator[Message]:
        """Every message of the input."""
        ...

    def iter_range(self, start: int, end: int) -> Iterable[Message]:
        """Messages whose first byte lies in ``[start, end)``."""
        ...


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: input ``index`` whole (``end is None``) or a range."""

    index: int
    part: int
    parts: int
    start: int = 0
    end: int | None = None


def partitions(
    stream: Scannable, index: int, size: int | None = None
) -> list[Partition]:
    """The partitions of one input, in file order (``size``: range bytes)."""
    size = size or PARTITION_BYTES
    if not stream.splittable or stream.size <= size:
        return [Partition(index, 0, 1)]
    bounds = [*range(0, stream.size, size), stream.size]
    n = len(bounds) - 1
    return [Partition(index, k, n, bounds[k], bounds[k + 1]) for k in range(n)]


@dataclass(slots=True)
class PartResult:
    """What one partition yields: hits with context, counters, problems."""

    partition: Partition
    hits: list[Hit]
    stats: StatsAccumulator
    problems: list[Problem]
    messages: int
    candidates: int = 0
    timeouts: dict[str, int] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)


def scan_partition(
    engine: Engine, stream: Scannable, partition: Partition, *, context: int
) -> PartResult:
    """Scan one partition of ``stream`` (the function every engine runs)."""
    problems_before = len(stream.problems)
    messages_before = stream.messages
    # Fresh counters per partition: results never depend on which partitions
    # a worker happened to scan before (a rule disabled after timeouts stays
    # disabled for the rest of its partition only). The caller's counters
    # are restored afterwards; the driver adds the deltas it receives.
    saved = engine.stats
    engine.stats = EngineStats()
    candidates_before = engine.skeleton.candidates
    try:
        acc = StatsAccumulator()
        if partition.end is None:
            messages: Iterable[Message] = iter(stream)
        else:
            messages = stream.iter_range(partition.start, partition.end)
        hits = scan_messages(engine, messages, acc, context=context)
        return PartResult(
            partition=partition,
            hits=hits,
            stats=acc,
            problems=list(stream.problems[problems_before:]),
            messages=stream.messages - messages_before,
            candidates=engine.skeleton.candidates - candidates_before,
            timeouts=dict(engine.stats.timeouts),
            disabled=list(engine.stats.disabled),
        )
    finally:
        engine.stats = saved


def merge_parts(
    stream: Scannable,
    results: Sequence[PartResult],
    opened: Sequence[Problem] = (),
    failed: Sequence[Problem] = (),
) -> Checkpoint:
    """Fold one input's partition results, in range order, into a checkpoint.

    Args:
        stream: the input (as opened by the driver).
        results: every partition of the input, any order (sorted here).
        opened: problems the input had before any partition was read.
        failed: problems the driver met for this input (failed partitions).
    """
    ordered = sorted(results, key=lambda r: r.partition.part)
    hits: list[Hit] = []
    stats = StatsAccumulator()
    found: list[Problem] = list(opened)
    timeouts: dict[str, int] = {}
    disabled: list[str] = []
    messages = candidates = 0
    for r in ordered:
        hits.extend(r.hits)
        stats.merge(r.stats)
        found.extend(r.problems)
        messages += r.messages
        candidates += r.candidates
        for rule, n in r.timeouts.items():
            timeouts[rule] = timeouts.get(rule, 0) + n
        disabled.extend(d for d in r.disabled if d not in disabled)
    found.extend(failed)
    info = InputInfo(
        path=stream.display,
        sha256=stream.sha256,
        format=stream.format,
        size=stream.size,
        messages=messages,
        errors=len(found),
    )
    delta = EngineDelta(candidates, timeouts, disabled)
    return Checkpoint(info, hits, stats, found, delta)


def apply_delta(engine: Engine, ckpt: Checkpoint) -> None:
    """Add an input's counters to the driver's engine (manifest counts)."""
    engine.stats.candidates += ckpt.engine.candidates
    engine.stats.messages += ckpt.info.messages
    for rule, n in ckpt.engine.timeouts.items():
        engine.stats.timeouts[rule] = engine.stats.timeouts.get(rule, 0) + n
    for rule in ckpt.engine.disabled:
        if rule not in engine.stats.disabled:
            engine.stats.disabled.append(rule)
