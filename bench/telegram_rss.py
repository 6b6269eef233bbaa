"""Peak memory of a scan of one big Telegram Desktop ``result.json``.

Issue 6 asks that a multi-gigabyte Telegram export be scanned in flat
memory (the reader streams it with ijson; it must never load the document).
This script writes a full-account export of the requested size (chats of
synthetic FR/EN messages, text as plain strings and as entity lists, a few
indicator phrases), scans it with the installed ``cocoscan`` in a child
process and prints the child's peak RSS next to the file size, for two
sizes so that "flat" is a measured ratio, not a claim::

    python bench/telegram_rss.py --mb 1024 --small-mb 128

The files go to ``bench/data/`` (not committed). Timings and memory are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = " ".join(
    (
        "salut ca va tu fais quoi ce soir on se voit demain au lycee le match "
        "hey how are you doing today see you at work tomorrow the game was great "
        "j'ai fini mes devoirs maman arrive bientot le bus est en retard mdr",
    )
).split()
PHRASES = (
    "c'est notre secret ok",
    "ajoute moi sur snap",
    "don't tell your parents",
    "viens seul sur le parking",
)


def _message(rng: random.Random, n: int, chat: int) -> dict[str, object]:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 25)))
    if rng.random() < 0.001:
        words += " " + rng.choice(PHRASES)
    text: object = words
    if rng.random() < 0.2:  # the entity-list form of "text"
        text = [words[:10], {"type": "bold", "text": words[10:20]}, words[20:]]
    sender = f"user{chat * 10 + rng.randint(0, 1)}"
    return {
        "id": n,
        "type": "message",
        "date": f"2025-0{1 + n % 9}-{10 + n % 18}T{n % 24:02d}:{n % 60:02d}:00",
        "from": sender.title(),
        "from_id": sender,
        "text": text,
        "text_entities": [],
    }


def write_export(path: Path, size: int, seed: int = 7) -> int:
    """Write a full-account export of about ``size`` bytes; message count."""
    rng = random.Random(seed)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "about": "synthetic",\n "chats": {\n  "list": [\n')
        chat = 0
        while out.tell() < size:
            if chat:
                out.write(",\n")
            out.write(
                f'   {{"name": "chat {chat}", "type": "personal_chat", '
                f'"id": {chat}, "messages": [\n'
            )
            for i in range(5000):
                if i:
                    out.write(",\n")
                out.write("    " + json.dumps(_message(rng, count, chat)))
                count += 1
            out.write("\n   ]}")
            chat += 1
        out.write("\n  ]\n }\n}\n")
    return count


def scan(path: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``cocoscan scan PATH`` in a child.

    ``os.wait4`` gives that one child's own resource usage.
    """
    out = Path(tempfile.mkdtemp()) / "out"
    start = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cocoscan",
            "scan",
            str(path),
            "--out",
            str(out),
            "--quiet",
            "--jobs",
            "1",
        ],
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode > 1:
        raise SystemExit(f"scan failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--small-mb", type=int, default=128)
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    rows = []
    for mb in (args.small_mb, args.mb):
        path = data / f"telegram_{mb}mb" / "result.json"
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.stat().st_size < mb << 20:
            write_export(path, mb << 20)
        seconds, rss = scan(path)
        size = os.path.getsize(path) / (1 << 20)
        rows.append((size, seconds, rss))
        print(
            f"{size:8.0f} MB  {seconds:7.1f} s  {size / seconds:6.1f} MB/s  "
            f"peak RSS {rss:6.0f} MB",
            flush=True,
        )
    (small, _, rss_small), (big, _, rss_big) = rows
    print(f"input x{big / small:.1f}: peak RSS x{rss_big / rss_small:.2f}")


if __name__ == "__main__":
    main()
