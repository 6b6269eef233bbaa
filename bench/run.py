#!/usr/bin/env python3
"""cocoscan throughput against ripgrep, peak memory and recall, in one run.

    python bench/run.py                          # own corpus, 1M messages
    python bench/run.py --messages 100000        # smaller
    python bench/run.py --reference              # ../shared/bench/make_corpus.py corpus
    python bench/run.py --corpus PATH.jsonl      # any corpus (markers beside it)

Prints one Markdown table: the reference ``rg -c -F -i -f <keywords of the
loaded packs>`` (skipped with a note when ``rg`` is absent), then the real
``cocoscan scan`` command with ``--jobs 1`` and with all cores: seconds
(best of ``--runs``), MB/s, messages/s, ratio to rg, peak RSS, prefilter
pass rate, and recall of the injected indicator phrases. Every timing is a
subprocess timed end to end (start-up, imports and pack compilation
included); reference and cocoscan run in the same invocation, so only
ratios from the same run compare. The raw run is stored as
``bench/runs/<date>-<cores>c-<cpu>.json`` (never named after the host).
Timings are never asserted by the test suite: this script only reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "bench"

#: Peak RSS of the biggest process and of the whole process tree, in bytes.
RSS_WRAPPER = r"""
import json, resource, subprocess, sys, threading, time, os

def tree_rss(root):
    kids = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(pid))
        except (OSError, ValueError, IndexError):
            pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(kids.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            pass
    return total

start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = [0]
def poll():
    while proc.poll() is None:
        peak[0] = max(peak[0], tree_rss(proc.pid))
        time.sleep(0.05)
t = threading.Thread(target=poll, daemon=True)
t.start()
rc = proc.wait()
seconds = time.perf_counter() - start
t.join()
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"rc": rc, "seconds": seconds, "max_process_rss": maxrss,
                  "tree_rss": peak[0]}), file=sys.stderr)
"""


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (no host name anywhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return found.group(1).strip() if found else platform.processor() or "unknown"


def cpu_family(model: str) -> str:
    """A short slug for run file names: ``amd-epyc``, ``intel-xeon``."""
    words = re.findall(r"[a-z0-9]+", model.lower())
    words = [w for w in words if w not in ("r", "tm", "cpu", "processor", "core")]
    return "-".join(words[:2]) or "unknown"


def pack_keywords(extra: list[str]) -> list[str]:
    """Every keyword of every rule of the packs the scan loads."""
    from cocoscan.packs import load_packs

    packs, _ = load_packs(extra, builtin=not extra, collect=False)
    words = {k for p in packs for r in p.rules for k in r.keywords}
    return sorted(w for w in words if w.strip())


def ensure_corpus(args: argparse.Namespace) -> Path:
    """The corpus to scan, generated when missing."""
    if args.corpus:
        return Path(args.corpus)
    data = HERE / "data"
    if args.reference:
        path = data / f"chat_{args.messages}.jsonl"
        script = [str(SHARED / "make_corpus.py"), "--formats", "jsonl"]
    else:
        path = data / f"coco_{args.messages}.jsonl"
        script = [str(HERE / "corpus.py"), "--formats", "jsonl"]
    if not path.exists():
        cmd = [sys.executable, *script, "--messages", str(args.messages)]
        subprocess.run([*cmd, "--out-dir", str(data)], check=True)
    return path


def load_markers(corpus: Path) -> list[dict[str, object]]:
    """Ground truth beside the corpus; reference markers get a ``line``."""
    path = corpus.with_suffix(".markers.jsonl")
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            m = json.loads(row)
            m.setdefault("line", int(m["i"]) + 1)
            m.setdefault("family", "marker")
            out.append(m)
    return out


def time_rg(keywords: Path, corpus: Path, runs: int) -> dict[str, object] | None:
    """Best-of-``runs`` seconds of the reference command, piped into ``cat``."""
    rg = shutil.which("rg")
    if rg is None:
        return None
    cmd = f"{rg} -c -F -i -f {keywords} {corpus} | cat > /dev/null"
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, shell=True, check=False)
        best = min(best, time.perf_counter() - start)
    count = subprocess.run(
        [rg, "-c", "-F", "-i", "-f", str(keywords), str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    version = subprocess.run(
        [rg, "--version"], capture_output=True, text=True, check=False
    ).stdout.split("\n")[0]
    return {"seconds": best, "matching_lines": int(count or 0), "version": version}


def time_scan(corpus: Path, jobs: int, runs: int, extra: list[str]) -> dict[str, object]:
    """Best-of-``runs`` real ``cocoscan scan`` with its peak memory and outputs."""
    best: dict[str, object] | None = None
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="cocobench-")) / "report"
        cmd = [sys.executable, "-m", "cocoscan", "scan", str(corpus), "--out", str(out)]
        cmd += ["--jobs", str(jobs), "--quiet", *extra]
        done = subprocess.run(
            [sys.executable, "-c", RSS_WRAPPER, *cmd],
            capture_output=True,
            text=True,
            check=False,
        )
        stats = json.loads(done.stderr.strip().splitlines()[-1])
        if stats["rc"] > 1:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"cocoscan scan failed with exit code {stats['rc']}")
        manifest = json.loads((out / "manifest.json").read_text())
        lines = set()
        findings = 0
        with (out / "findings.jsonl").open(encoding="utf-8") as fh:
            for row in fh:
                f = json.loads(row)
                findings += 1
                if f.get("suppressed") is None and f["source"]["line"] is not None:
                    lines.add(int(f["source"]["line"]))
        stats |= {
            "counts": manifest.get("counts", {}),
            "finding_lines": lines,
            "findings": findings,
        }
        shutil.rmtree(out.parent, ignore_errors=True)
        if best is None or stats["seconds"] < best["seconds"]:  # type: ignore[operator]
            best = stats
    assert best is not None
    return best


def recall(markers: list[dict[str, object]], lines: set[int]) -> dict[str, object]:
    """Share of injected phrases whose message has an unsuppressed finding."""
    by: dict[str, list[int]] = {}
    for m in markers:
        hit = int(m["line"]) in lines  # type: ignore[call-overload]
        for key in (f"variant:{m['variant']}", f"family:{m['family']}"):
            tally = by.setdefault(key, [0, 0])
            tally[0] += hit
            tally[1] += 1
    found = sum(int(m["line"]) in lines for m in markers)  # type: ignore[call-overload]
    missed = sorted(
        {str(m["phrase"] if "phrase" in m else m["marker"]) for m in markers
         if int(m["line"]) not in lines}  # type: ignore[call-overload]
    )
    return {
        "found": found,
        "total": len(markers),
        "recall": found / len(markers) if markers else None,
        "by": {k: f"{a}/{b}" for k, (a, b) in sorted(by.items())},
        "missed_phrases": missed,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--messages", type=int, default=1_000_000)
    ap.add_argument("--corpus", help="JSONL corpus (markers: <stem>.markers.jsonl)")
    ap.add_argument("--reference", action="store_true",
                    help="use ../shared/bench/make_corpus.py's corpus")
    ap.add_argument("--keywords", help="keywords file for rg (default: the packs')")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", default="1,0", help="job counts to time (0 = all cores)")
    ap.add_argument("--packs", action="append", default=[],
                    help="scan with these packs only (default: the shipped packs)")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/runs/")
    ap.add_argument("scan_args", nargs="*", help="extra cocoscan scan options after --")
    args = ap.parse_args(argv)

    corpus = ensure_corpus(args)
    size = corpus.stat().st_size
    markers = load_markers(corpus)
    cores = os.cpu_count() or 1
    model = cpu_model()
    with tempfile.TemporaryDirectory() as tmp:
        if args.keywords:
            kw_path = Path(args.keywords)
            n_keywords = sum(1 for line in kw_path.open() if line.strip())
        else:
            words = pack_keywords(args.packs)
            kw_path = Path(tmp) / "keywords.txt"
            kw_path.write_text("\n".join(words) + "\n", encoding="utf-8")
            n_keywords = len(words)
        rg = time_rg(kw_path, corpus, args.runs) if n_keywords else None
    extra = list(args.scan_args)
    for p in args.packs:
        extra += ["--packs", p]
    if args.packs:
        extra.append("--no-builtin-packs")
    rows = []
    for jobs in (int(j) for j in args.jobs.split(",")):
        r = time_scan(corpus, jobs, args.runs, extra)
        rows.append((jobs, r))

    mb = size / 1e6
    print(f"corpus: {corpus.name}, {mb:.1f} MB; machine: {cores} cores, {model}, "
          f"Python {platform.python_version()}")
    print()
    print("| command | s | MB/s | messages/s | × rg | peak RSS (largest / tree) "
          "| pass rate | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    if rg is None:
        print(f"| rg -F -i ({n_keywords} pack keywords) | skipped: "
              "rg not found or no keywords | | | | | | |")
    else:
        print(f"| rg -c -F -i -f ({n_keywords} pack keywords) | "
              f"{rg['seconds']:.2f} | {mb / rg['seconds']:.1f} | | 1.00 | | | |")  # type: ignore[operator]
    record_rows = []
    for jobs, r in rows:
        secs = float(r["seconds"])  # type: ignore[arg-type]
        counts = r["counts"]
        msgs = int(counts.get("messages", 0))  # type: ignore[union-attr]
        cands = int(counts.get("candidates", 0))  # type: ignore[union-attr]
        rec = recall(markers, r["finding_lines"])  # type: ignore[arg-type]
        ratio = (float(rg["seconds"]) / secs) if rg else None  # type: ignore[arg-type]
        label = f"cocoscan scan --jobs {jobs}" + (f" ({cores})" if jobs == 0 else "")
        rec_text = f"{rec['recall']:.1%}" if rec["recall"] is not None else "n/a"
        print(
            f"| {label} | {secs:.2f} | {mb / secs:.1f} | {msgs / secs:,.0f} | "
            f"{'%.3f' % ratio if ratio else 'n/a'} | "
            f"{int(r['max_process_rss']) / 1e6:.0f} / {int(r['tree_rss']) / 1e6:.0f} MB | "  # type: ignore[call-overload]
            f"{cands / msgs if msgs else 0:.1%} | {rec_text} |"
        )
        record_rows.append(
            {
                "jobs": jobs,
                "seconds": secs,
                "mb_per_s": mb / secs,
                "messages_per_s": msgs / secs,
                "ratio_to_rg": ratio,
                "max_process_rss": r["max_process_rss"],
                "tree_rss": r["tree_rss"],
                "counts": counts,
                "findings": r["findings"],
                "recall": rec,
            }
        )
    if markers:
        rec = record_rows[0]["recall"]
        print()
        print(f"recall ({rec['found']}/{rec['total']}): "  # type: ignore[index]
              + ", ".join(f"{k} {v}" for k, v in rec["by"].items()))  # type: ignore[index]
        if rec["missed_phrases"]:  # type: ignore[index]
            print("missed phrases: " + "; ".join(rec["missed_phrases"]))  # type: ignore[index]
    if not args.no_save:
        when = dt.datetime.now(dt.UTC)
        runs = HERE / "runs"
        runs.mkdir(exist_ok=True)
        target = runs / f"{when:%Y-%m-%d}-{cores}c-{cpu_family(model)}.json"
        record = {
            "date": when.isoformat(timespec="seconds"),
            "machine": {"cores": cores, "cpu": model,
                        "python": platform.python_version()},
            "command": " ".join(["python", "bench/run.py", *(argv or sys.argv[1:])]),
            "corpus": {"name": corpus.name, "bytes": size, "markers": len(markers)},
            "rg": rg,
            "keywords": n_keywords,
            "scans": record_rows,
        }
        previous = json.loads(target.read_text()) if target.exists() else []
        previous = previous if isinstance(previous, list) else [previous]
        target.write_text(json.dumps([*previous, record], indent=1) + "\n")
        print(f"\nraw run appended to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
