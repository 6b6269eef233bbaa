#!/usr/bin/env python3
"""Micro-benchmark of the matching engine alone: skeleton, then exact path.

    python bench/micro.py [--corpus bench/data/coco_100000.jsonl] [--packs P]
                          [--no-builtin] [--profile]

Reads the JSONL corpus into :class:`cocoscan.model.Message` objects first
(not timed), then times ``SkeletonPrefilter.select`` and
``Engine.scan_batch`` over batches of ``cocoscan.pipeline.BATCH_MESSAGES``.
Prints seconds, MB/s of message text and the prefilter pass rate; with
``--profile``, the top of a cProfile of ``scan_batch``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

import orjson

from cocoscan.matching import Engine
from cocoscan.model import Message, SourceLocation
from cocoscan.packs import load_packs
from cocoscan.pipeline import batches


def read(path: Path, limit: int | None) -> list[Message]:
    """Messages of a ``{"ts","conv","author","text"}`` JSONL corpus."""
    out = []
    with path.open("rb") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            row = orjson.loads(line)
            loc = SourceLocation(str(path), "0" * 64, 0, i + 1, f"L{i + 1}")
            out.append(Message(loc, row["conv"], row["author"], None, row["text"], i))
    return out


def main() -> None:
    """Time the engine stages on one corpus."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="bench/data/coco_100000.jsonl")
    ap.add_argument("--packs", action="append", default=[])
    ap.add_argument("--no-builtin", action="store_true")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    messages = read(Path(a.corpus), a.limit)
    text_mb = sum(len(m.text.encode()) for m in messages) / 1e6
    packs, _ = load_packs(a.packs, builtin=not a.no_builtin, collect=False)
    t = time.perf_counter()
    engine = Engine(packs)
    compile_s = time.perf_counter() - t
    groups = list(batches(messages))
    t = time.perf_counter()
    chosen = sum(len(engine.skeleton.select([m.text for m in b])) for b in groups)
    select_s = time.perf_counter() - t
    engine = Engine(packs)
    prof = cProfile.Profile() if a.profile else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    hits = sum(len(engine.scan_batch(b)) for b in groups)
    if prof:
        prof.disable()
    scan_s = time.perf_counter() - t
    n = len(messages)
    print(f"messages {n:,}  text {text_mb:.1f} MB  rules {len(engine.rules)}  "
          f"compile {compile_s:.2f}s")
    print(f"skeleton.select  {select_s:.2f}s  {text_mb / select_s:.1f} MB/s  "
          f"pass {chosen / n:.2%} (forced {engine.stats.forced / n:.2%})")
    print(f"scan_batch       {scan_s:.2f}s  {text_mb / scan_s:.1f} MB/s  "
          f"{n / scan_s:,.0f} msg/s  hits {hits:,}")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
