#!/usr/bin/env python3
"""Run every reader's atheris harness for a bounded time and report counts.

Usage::

    python fuzz/run.py --seconds 60            # CI: about a minute of wall clock
    python fuzz/run.py --seconds 3600 --only jsonl --keep fuzz-work

Each ``fuzz/fuzz_<reader>.py`` runs in its own process (libFuzzer under
atheris), as many at a time as there are cores; the wall-clock budget is
shared so that each gets ``seconds * cores / harnesses`` minus about 2 s of
start-up (at least 2 s). Corpora are seeded with small synthetic
exports and the files of ``samples/``. Prints one line per reader (inputs
tried, crashes) and a total; exits 1 when any harness crashed, leaving the
crashing input in the artifacts folder.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
STARTUP = 2
SEED_SUFFIXES = (".jsonl", ".json", ".csv", ".txt", ".log", ".xml")
DONE = re.compile(r"Done (\d+) runs in (\d+) second")
#: ``#1234  pulse`` / ``NEW`` lines: the last one seen is the count so far.
PROGRESS = re.compile(r"^#(\d+)\s", re.MULTILINE)

SEEDS: dict[str, list[bytes]] = {
    "jsonl": [
        b'{"conversation": "c1", "author": "a", "timestamp": "2025-02-04T22:11:00",'
        b' "text": "bonjour"}\n{"conv": "c1", "from": "b", "ts": 1738703500,'
        b' "message": "ok"}\n',
    ],
    "csv": [
        b"conversation,author,timestamp,text\nc1,a,2025-02-04 22:11,bonjour\n"
        b'c1,b,2025-02-04 22:12,"ok, \\"vu\\""\n',
    ],
    "plain": [b"bonjour\nca va ?\n\n"],
    "whatsapp_android": [
        "04/02/2025 22:10 - Bob: bonjour\n04/02/2025 22:11 - Ann: ok\nsuite\n"
        "[2/4/25, 10:11:40\u202fPM] Max: \u200ehi\r\n".encode(),
    ],
    "telegram_json": [
        b'{"name": "c", "type": "personal_chat", "id": 1, "messages": [{"id": 1,'
        b' "type": "message", "date": "2025-02-04T22:11:40", "date_unixtime":'
        b' "1738703500", "from": "Max", "from_id": "user1", "text": ["a ",'
        b' {"type": "italic", "text": "b"}]}]}',
    ],
}


def _auto_seeds() -> list[bytes]:
    """Containers for the detection harness: gzip, zstd-less zip, nested zip."""
    import gzip
    import io
    import zipfile

    plain = SEEDS["jsonl"][0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("chat.jsonl", plain)
        zf.writestr("WhatsApp Chat.txt", SEEDS["whatsapp_android"][0])
    inner = buf.getvalue()
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("inner.zip", inner)
    zipped = [inner, outer.getvalue()]
    return [plain, gzip.compress(plain, mtime=0), *zipped, *SEEDS["csv"]]


SEEDS["auto"] = _auto_seeds()


def harnesses(only: list[str] | None) -> list[Path]:
    found = sorted(HERE.glob("fuzz_*.py"))
    if only:
        found = [h for h in found if h.stem.removeprefix("fuzz_") in only]
    return found


def run_one(
    harness: Path, seconds: int, corpus: Path, artifacts: Path
) -> tuple[int, bool, str]:
    name = harness.stem.removeprefix("fuzz_")
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(SEEDS.get(name, [])):
        (corpus / f"seed-{i}").write_bytes(seed)
    if SAMPLES.is_dir():
        for i, sample in enumerate(sorted(SAMPLES.rglob("*"))):
            if sample.suffix in SEED_SUFFIXES and sample.stat().st_size <= 65536:
                (corpus / f"sample-{i}").write_bytes(sample.read_bytes())
    cmd = [
        sys.executable,
        str(harness),
        str(corpus),
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-max_len=65536",
        f"-artifact_prefix={artifacts}/{name}-",
        "-print_final_stats=1",
    ]
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 120,
        cwd=HERE,
    )
    log = proc.stdout + proc.stderr
    done = DONE.search(log)
    if done:
        runs = int(done.group(1))
    else:
        counts = PROGRESS.findall(log)
        runs = int(counts[-1]) if counts else 0
    crashed = proc.returncode != 0
    return runs, crashed, log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=20,
        help="total budget, shared by the harnesses (default 20)",
    )
    parser.add_argument("--only", action="append", help="reader name (repeatable)")
    parser.add_argument(
        "--keep", type=Path, help="keep the corpus and artifacts under this folder"
    )
    args = parser.parse_args(argv)
    found = harnesses(args.only)
    if not found:
        print("no harness found", file=sys.stderr)
        return 2
    cores = max(1, min(os.cpu_count() or 1, len(found)))
    # about 2 s of every harness's time go to start-up and the seed corpus
    share = max(2, args.seconds * cores // len(found) - STARTUP)
    base = args.keep or Path(tempfile.mkdtemp(prefix="cocoscan-fuzz-"))
    artifacts = base / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)

    def one(harness: Path) -> tuple[int, bool, str]:
        name = harness.stem.removeprefix("fuzz_")
        return run_one(harness, share, base / "corpus" / name, artifacts)

    with ThreadPoolExecutor(max_workers=cores) as pool:
        results = list(pool.map(one, found))
    total, failed = 0, []
    for harness, (runs, crashed, log) in zip(found, results, strict=True):
        name = harness.stem.removeprefix("fuzz_")
        total += runs
        status = "CRASH" if crashed else "ok"
        print(f"fuzz {name:<17} {runs:>9,} inputs in {share:>4} s  {status}")
        if crashed:
            failed.append(name)
            sys.stderr.write(log[-4000:] + "\n")
    print(
        f"fuzz {'total':<17} {total:>9,} inputs, {len(failed)} crashed"
        + (f" ({', '.join(failed)}; inputs in {artifacts})" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
