#!/usr/bin/env python3
"""Write a stand-in pack from ``../shared/bench`` (keywords and fuzzy terms).

The research note's throughput figures were measured with 502 keywords and
200 fuzzy terms; this turns them into one pack so that the engine can be
profiled with the same pattern volume whatever the shipped packs hold:

    python bench/standin_pack.py > /tmp/standin.toml
    python bench/micro.py --packs /tmp/standin.toml --no-builtin
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"


def main() -> None:
    """Print the pack on stdout."""
    keywords = [k for k in (SHARED / "keywords.txt").read_text().splitlines() if k]
    fuzzy = [t for t in (SHARED / "fuzzy_terms.txt").read_text().splitlines() if t]
    out = [
        "schema = 1",
        "[pack]",
        'id = "bench.standin"',
        'version = "1"',
        'title = "stand-in"',
        'description = "benchmark stand-in pack"',
        'languages = ["fr", "en"]',
    ]
    for n in range(0, len(keywords), 25):
        chunk = keywords[n : n + 25]
        out += [
            "[[rules]]",
            f'id = "signal.bench.kw{n // 25}"',
            'title = "kw"',
            'description = "stand-in keywords"',
            'category = "signal"',
            'subcategory = "bench"',
            'status = "test"',
            f"keywords = {json.dumps(chunk, ensure_ascii=False)}",
            "[rules.match]",
            "any = ["
            + ", ".join(
                "{ literal = %s }" % json.dumps(k, ensure_ascii=False) for k in chunk
            )
            + "]",
        ]
    out += [
        "[[rules]]",
        'id = "signal.bench.fuzzy"',
        'title = "fuzzy"',
        'description = "stand-in fuzzy terms"',
        'category = "signal"',
        'subcategory = "bench"',
        'status = "test"',
        "[rules.match]",
        "any = ["
        + ", ".join('{ fuzzy = "%s", max_edits = 1 }' % t for t in fuzzy)
        + "]",
    ]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
