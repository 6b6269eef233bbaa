"""Baselines: reviewers' verdicts on findings, applied to later scans.

A baseline is a JSON file that diffs and merges cleanly: entries sorted by
fingerprint, no line numbers, no generation timestamp::

    {"schema": 1, "entries": [
      {"fingerprint": "9f2c...", "rule": "grooming.secrecy.keep-it-secret",
       "label": "false-positive", "reason": "surprise party",
       "reviewer": "mod-7", "date": "2026-11-25"}]}

``fingerprint`` is preferably the *content* fingerprint
(:func:`cocoscan.fingerprint.content_fingerprint`: rule, author and
normalised evidence, keyed), which survives re-exports; a finding's output
id (:func:`cocoscan.fingerprint.fingerprint`) is also accepted. Labels
``false-positive`` and ``accepted`` suppress a finding (it stays visible
with the reviewer's reason and stops counting); ``true-positive`` keeps it
active. Entries that match no finding are *stale* and reported.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson

from cocoscan.errors import ConfigError
from cocoscan.fingerprint import content_fingerprint, fingerprint
from cocoscan.model import ConversationResult, ConversationStats, Finding, Hit
from cocoscan.scoring import score_conversation

SCHEMA = 1
LABELS: tuple[str, ...] = ("true-positive", "false-positive", "accepted")
SUPPRESSING = frozenset({"false-positive", "accepted"})
_FIELDS = ("fingerprint", "rule", "label", "reason", "reviewer", "date")


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One reviewed finding."""

    fingerprint: str
    rule: str
    label: str
    reason: str
    reviewer: str
    date: str

    def as_record(self) -> dict[str, str]:
        """The JSON object, fields in a fixed order."""
        return {name: getattr(self, name) for name in _FIELDS}


@dataclass(frozen=True, slots=True)
class Baseline:
    """Entries keyed by fingerprint (one verdict per fingerprint)."""

    entries: tuple[BaselineEntry, ...] = ()

    def lookup(self, *fingerprints: str) -> BaselineEntry | None:
        """The entry for the first fingerprint that has one."""
        index = {e.fingerprint: e for e in self.entries}
        for fp in fingerprints:
            if fp in index:
                return index[fp]
        return None

    def with_entry(self, entry: BaselineEntry) -> Baseline:
        """A new baseline where ``entry`` replaces any entry with its fingerprint."""
        kept = [e for e in self.entries if e.fingerprint != entry.fingerprint]
        return Baseline(tuple(sorted([*kept, entry], key=lambda e: e.fingerprint)))


def _entry(raw: Any, where: str) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise ConfigError("baseline entry is not an object", location=where)
    values: dict[str, str] = {}
    for name in _FIELDS:
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise ConfigError(
                f"baseline field {name!r} is not a string", location=where
            )
        values[name] = value
    if not values["fingerprint"]:
        raise ConfigError("baseline entry without fingerprint", location=where)
    if values["label"] not in LABELS:
        raise ConfigError(
            f"unknown label {values['label']!r} (expected {', '.join(LABELS)})",
            location=where,
        )
    return BaselineEntry(**values)


def load_baseline(
    path: str | os.PathLike[str], *, missing_ok: bool = False
) -> Baseline:
    """Read a baseline file; errors name the file and the entry.

    Args:
        path: the JSON file.
        missing_ok: return an empty baseline when the file does not exist
            (``cocoscan triage`` creates it on first use).
    """
    where = str(path)
    try:
        data = orjson.loads(Path(path).read_bytes())
    except FileNotFoundError:
        if missing_ok:
            return Baseline()
        raise ConfigError("baseline file not found", location=where) from None
    except OSError as exc:
        raise ConfigError(
            f"cannot read baseline: {exc.strerror}", location=where
        ) from None
    except orjson.JSONDecodeError as exc:
        raise ConfigError(
            f"baseline is not valid JSON: {exc}", location=where
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ConfigError(f"not a cocoscan baseline (schema {SCHEMA})", location=where)
    raw_entries = data.get("entries", [])
    if not isinstance(raw_entries, list):
        raise ConfigError("baseline 'entries' is not a list", location=where)
    entries = [_entry(r, f"{where}: entry {i + 1}") for i, r in enumerate(raw_entries)]
    seen: set[str] = set()
    for e in entries:
        if e.fingerprint in seen:
            raise ConfigError(
                f"duplicate fingerprint {e.fingerprint[:12]}", location=where
            )
        seen.add(e.fingerprint)
    return Baseline(tuple(sorted(entries, key=lambda e: e.fingerprint)))


def dump_baseline(baseline: Baseline) -> bytes:
    """Canonical bytes: sorted entries, one per line, trailing newline."""
    lines = [orjson.dumps(e.as_record()).decode() for e in baseline.entries]
    body = ",\n  ".join(lines)
    inner = f"\n  {body}\n" if lines else ""
    return f'{{"schema": {SCHEMA}, "entries": [{inner}]}}\n'.encode()


def save_baseline(path: str | os.PathLike[str], baseline: Baseline) -> None:
    """Write atomically (temporary file in the same folder, then replace)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".baseline-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(dump_baseline(baseline))
        os.replace(tmp, target)
    except OSError as exc:
        raise ConfigError(
            f"cannot write baseline: {exc.strerror}", location=str(path)
        ) from None


def baseline_reason(entry: BaselineEntry) -> str:
    """Suppression text shown in reports: label and the reviewer's reason."""
    reason = f"baseline {entry.label}"
    return f"{reason}: {entry.reason}" if entry.reason else reason


def _suppress(finding: Finding, key: bytes, baseline: Baseline) -> Finding:
    if finding.suppressed is not None:
        return finding
    entry = baseline.lookup(content_fingerprint(key, finding.hit), finding.fingerprint)
    if entry is None or entry.label not in SUPPRESSING:
        return finding
    reason = baseline_reason(entry)
    hit = replace(finding.hit, suppressed=reason)
    why = (*finding.explanation, f"suppressed ({reason}): not counted")
    return replace(finding, hit=hit, score=0.0, suppressed=reason, explanation=why)


def _rescored(
    conv: ConversationResult,
    findings: Sequence[Finding],
    thresholds: Mapping[str, float],
) -> ConversationResult:
    """The conversation scored again without the newly suppressed findings.

    NOTE: the conversation's counters are rebuilt from the result, so
    fan-out openers and per-author counts are not available here; when
    exact author scores matter, suppress hits before ranking with
    :func:`suppress_hits`.
    """
    stats = ConversationStats(
        conversation=conv.conversation,
        messages=conv.messages,
        authors=conv.authors,
        first_seen=conv.first_seen,
        last_seen=conv.last_seen,
    )
    s = score_conversation(
        [f.hit for f in findings], stats, thresholds=thresholds, scripted={}
    )
    return replace(
        conv,
        score=s.score,
        severity=s.severity,
        categories=s.categories,
        signals=s.signals,
        findings=tuple(findings),
        explanation=s.explanation,
    )


def apply_baseline(
    conversations: list[ConversationResult],
    baseline: Baseline,
    key: bytes,
    *,
    thresholds: Mapping[str, float] | None = None,
) -> list[ConversationResult]:
    """Mark reviewed findings suppressed, rescore and re-rank what changed.

    Suppressed findings stay in the result with the reviewer's reason; they
    no longer count in scores. Conversations are sorted again by
    ``(-score, id)`` and renumbered.
    """
    limits = dict(thresholds or {})
    out: list[ConversationResult] = []
    for conv in conversations:
        findings = [_suppress(f, key, baseline) for f in conv.findings]
        changed = any(a is not b for a, b in zip(findings, conv.findings, strict=True))
        out.append(_rescored(conv, findings, limits) if changed else conv)
    out.sort(key=lambda c: (-c.score, c.conversation))
    return [replace(c, rank=i) for i, c in enumerate(out, start=1)]


def suppress_hits(hits: Iterable[Hit], baseline: Baseline, key: bytes) -> list[Hit]:
    """Hits with baseline suppressions applied (call before ranking)."""
    out = []
    for hit in hits:
        if hit.suppressed is None:
            entry = baseline.lookup(
                content_fingerprint(key, hit), fingerprint(key, hit)
            )
            if entry is not None and entry.label in SUPPRESSING:
                hit = replace(hit, suppressed=baseline_reason(entry))
        out.append(hit)
    return out


def stale_entries(
    baseline: Baseline, fingerprints: Iterable[str]
) -> list[BaselineEntry]:
    """Entries whose fingerprint matches none of ``fingerprints``."""
    known = set(fingerprints)
    return [e for e in baseline.entries if e.fingerprint not in known]


def finding_fingerprints(
    conversations: Iterable[ConversationResult], key: bytes
) -> set[str]:
    """Output ids and content fingerprints of every finding (for staleness)."""
    out: set[str] = set()
    for conv in conversations:
        for f in conv.findings:
            out.add(f.fingerprint)
            out.add(content_fingerprint(key, f.hit))
    return out
