"""What the CLI and the tests call: scan, then redact and write.

``scan()`` runs the pipeline up to ranked, *unredacted* results
(:class:`ScanResult`); ``run()`` adds redaction and the writers. Neither
prints, exits or imports typer/rich: progress goes through a callback and
errors are :class:`cocoscan.errors.CocoscanError` or recorded problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cocoscan import __version__, interrupt
from cocoscan.checkpoint import (
    Checkpoint,
    Checkpointer,
    clear_run,
    holds_run,
    scan_digest,
)
from cocoscan.config import ScanConfig
from cocoscan.errors import ConfigError, ExitCode
from cocoscan.matching import Engine
from cocoscan.model import Hit, Problem, ScanResult, Severity
from cocoscan.outdir import prepare_out_dir
from cocoscan.packs import Pack, load_packs
from cocoscan.pipeline import StatsAccumulator
from cocoscan.settings import Settings, apply_allowlist, enabled


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress event: cumulative counters, never chat text."""

    path: str
    files: int
    messages: int
    bytes: int
    findings: int


ProgressCallback = Callable[[Progress], None]


def load_config_packs(config: ScanConfig) -> list[Pack]:
    """Packs for a scan: built-in plus ``--packs``; the first error stops."""
    packs, _ = load_packs(
        list(config.packs), builtin=config.builtin_packs, collect=False
    )
    # Rule selection: ``disabled_rules`` / ``enabled_rules`` are globs, and
    # ``enabled_rules`` switches on named experimental rules.
    settings = Settings(
        disabled_rules=config.disabled_rules,
        enabled_rules=config.enabled_rules,
        include_experimental=config.include_experimental,
    )
    return [
        dataclasses.replace(
            p, rules=tuple(r for r in p.rules if enabled(r.id, r.status, settings))
        )
        for p in packs
    ]


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Paris)"
        ) from exc


class _PartProgress:
    """Cumulative progress from per-partition counters (engines report those)."""

    def __init__(self, progress: ProgressCallback) -> None:
        self.progress = progress
        self.paths: set[str] = set()
        self.messages = self.bytes = self.findings = 0

    def __call__(self, path: str, messages: int, size: int, found: int) -> None:
        self.paths.add(path)
        self.messages += messages
        self.bytes += size
        self.findings += found
        self.progress(
            Progress(path, len(self.paths), self.messages, self.bytes, self.findings)
        )


def _engine_scan(
    config: ScanConfig,
    engine: Engine,
    opened: Iterable[object],
    ckpts: Checkpointer,
    progress: ProgressCallback | None,
) -> Iterator[Checkpoint | Problem]:
    """Dispatch the input loop to the configured engine (local or Dask)."""
    hook = _PartProgress(progress) if progress is not None else None
    if config.engine == "dask":
        from cocoscan.engines.dask import scan_inputs as dask_scan

        return dask_scan(config, engine, opened, ckpts, progress=hook)  # type: ignore[arg-type]
    if config.engine != "local":
        raise ConfigError(f"unknown engine {config.engine!r} (use local or dask)")
    from cocoscan.engines.local import scan_inputs

    return scan_inputs(
        engine,
        opened,  # type: ignore[arg-type]
        ckpts,
        jobs=config.jobs,
        context=config.context,
        progress=hook,
    )


def scan(
    config: ScanConfig,
    *,
    key: bytes,
    progress: ProgressCallback | None = None,
    resume: bool = False,
) -> ScanResult:
    """Scan every input of ``config`` and rank conversations and authors.

    Bad inputs become :class:`Problem` records (the scan goes on and the
    result is partial); a bad pack or option raises before anything is read.
    With ``config.out``, each fully scanned input is checkpointed; ``resume``
    reuses matching checkpoints instead of reading those inputs again. A
    SIGINT / SIGTERM while reading (see :mod:`cocoscan.interrupt`) stops the
    loop: the result holds the inputs scanned so far and is partial.
    """
    # Imported here so that `cocoscan --help` and the other commands stay fast.
    from cocoscan.ingest import open_inputs
    from cocoscan.scoring import rank

    started = datetime.now(UTC)
    packs = load_config_packs(config)
    engine = Engine(packs, max_message_chars=config.max_message_chars)
    stats = StatsAccumulator()
    ckpts = Checkpointer(
        config.out,
        scan_digest(
            [(p.id, p.version, p.sha256) for p in packs], config.manifest_options()
        ),
        reuse=resume,
    )
    hits: list[Hit] = []
    problems: list[Problem] = []
    inputs = []
    opened = ckpts.inputs(
        open_inputs(
            config.paths,
            fmt=config.fmt,
            field_map=dict(config.field_map) or None,
            tz=_zone(config.tz),
            date_order=config.date_order,
        )
    )
    for item in _engine_scan(config, engine, opened, ckpts, progress):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        hits.extend(item.hits)
        stats.merge(item.stats)
        problems.extend(item.problems)
        inputs.append(item.info)
    problems.extend(ckpts.problems())
    if config.allowlist:
        hits = apply_allowlist(hits, config.allowlist)
    conversations, authors = rank(
        hits, stats.freeze(), key=key, thresholds=dict(config.thresholds) or None
    )
    if config.baseline:
        from cocoscan.baseline import apply_baseline, load_baseline

        conversations = apply_baseline(
            conversations, load_baseline(config.baseline), key
        )
    counts = {
        "inputs": len(inputs),
        "messages": sum(i.messages for i in inputs),
        "candidates": engine.stats.candidates + ckpts.candidates,
        "hits": len(hits),
        "findings": sum(len(c.findings) for c in conversations),
        "conversations": len(conversations),
        "flagged_conversations": sum(1 for c in conversations if c.score > 0),
        "authors": len(authors),
        "errors": len(problems),
        "rules": len(engine.rules),
        "regex_timeouts": sum(engine.stats.timeouts.values()),
    }
    options = (
        config.manifest_options()
        | {"disabled_for_timeouts": engine.stats.disabled}
        | ckpts.options()
    )
    return ScanResult(
        conversations=conversations,
        authors=authors,
        inputs=inputs,
        problems=problems,
        packs=[(p.id, p.version, p.sha256) for p in packs],
        options=options,
        started=started,
        finished=datetime.now(UTC),
        counts=counts,
    )


def worst_severity(result: ScanResult) -> Severity | None:
    """Highest severity among conversations and unsuppressed harm findings."""
    worst: Severity | None = None
    for conv in result.conversations:
        levels = [conv.severity] if conv.severity is not None else []
        levels += [
            f.severity
            for f in conv.findings
            if f.suppressed is None and f.category != "signal"
        ]
        for level in levels:
            if worst is None or level > worst:
                worst = level
    return worst


def exit_code(result: ScanResult, fail_on: Severity | None) -> ExitCode:
    """INTERRUPTED, else ERROR when partial, else FINDINGS at ``fail_on``, else OK."""
    if "interrupted" in result.options:
        return ExitCode.INTERRUPTED
    if result.partial:
        return ExitCode.ERROR
    worst = worst_severity(result)
    if fail_on is not None and worst is not None and worst >= fail_on:
        return ExitCode.FINDINGS
    return ExitCode.OK


def run(
    config: ScanConfig,
    *,
    progress: ProgressCallback | None = None,
    resume: bool = False,
) -> tuple[ScanResult, list[str]]:
    """Scan, redact and write every output under ``config.out``.

    Signals are deferred here (outputs are never cut in half); only reading
    an input is interruptible. ``resume`` reuses per-input checkpoints left
    in ``config.out`` by an interrupted run; they are removed once a scan
    that was not interrupted has written its outputs.
    """
    from cocoscan.keys import load_or_create_key
    from cocoscan.redact import redact_result
    from cocoscan.report import write_outputs

    if config.out is not None:
        # A folder holding only an interrupted run's checkpoints is ours.
        force = config.force or holds_run(config.out)
        prepare_out_dir(config.out, force=force, inputs=config.paths)
    key, key_id = load_or_create_key(config.key_file, out_dir=config.out)
    written: list[str] = []
    with interrupt.deferred():
        result = scan(config, key=key, progress=progress, resume=resume)
        if config.out is not None:
            report = redact_result(result, key=key, key_id=key_id, level=config.redact)
            written = write_outputs(report, config.out)
            if config.reveal is not None:
                from cocoscan.redact.reveal import write_reveal

                write_reveal(
                    result, config.reveal, key=key, key_id=key_id, out_dir=config.out
                )
            if "interrupted" not in result.options:
                clear_run(config.out)
    return result, written


__all__ = ["Progress", "__version__", "exit_code", "run", "scan", "worst_severity"]
