"""``cocoscan scan``: options -> ScanConfig -> api.run -> summary -> exit code.

Progress (files, messages, MB/s, findings) goes to stderr with rich when it
is a terminal; problems are one ``error: FILE:LINE: reason`` line each;
stdout stays empty. Never prints chat text.
"""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cocoscan.api import Progress, exit_code, run
from cocoscan.config import ScanConfig
from cocoscan.debug import safe_traceback, summary_line
from cocoscan.errors import CocoscanError, ConfigError, ExitCode
from cocoscan.interrupt import handle_signals
from cocoscan.model import ScanResult


def _field_map(values: list[str]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            name, sep, source = part.partition("=")
            if not sep or not name.strip() or not source.strip():
                raise ConfigError(f"--map expects field=column pairs, got {part!r}")
            pairs.append((name.strip(), source.strip()))
    return tuple(pairs)


class _ProgressView:
    """A one-line live status on stderr; silent when not a terminal."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled
        self.started = time.monotonic()
        self.status = console.status("starting", spinner="dots") if enabled else None
        if self.status is not None:
            self.status.start()

    def __call__(self, event: Progress) -> None:
        if self.status is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.status.update(
            f"files {event.files}  messages {event.messages:,}  "
            f"{event.bytes / elapsed / 1e6:.1f} MB/s  findings {event.findings:,}"
        )

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()


def _summary(
    console: Console,
    result: ScanResult,
    written: list[str],
    out: str | None,
    seconds: float,
) -> None:
    table = Table(title="cocoscan scan", show_header=True, header_style="bold")
    table.add_column("rank", justify="right")
    table.add_column("conversation")
    table.add_column("score", justify="right")
    table.add_column("severity")
    table.add_column("categories")
    table.add_column("findings", justify="right")
    for conv in result.conversations[:15]:
        if conv.score <= 0:
            break
        table.add_row(
            str(conv.rank),
            conv.conversation,
            f"{conv.score:.2f}",
            conv.severity.label if conv.severity else "-",
            ", ".join(conv.categories) or "-",
            str(len(conv.findings)),
        )
    console.print(table)
    counts = result.counts
    console.print(
        f"{counts.get('inputs', 0)} inputs, {counts.get('messages', 0):,} messages, "
        f"{counts.get('flagged_conversations', 0)} flagged conversations, "
        f"{counts.get('findings', 0)} findings in {seconds:.1f} s"
        + (f"; report in {out}/" if out and written else "")
    )
    if result.partial:
        console.print(
            f"[bold red]partial scan[/]: {len(result.problems)} problem(s); "
            "see the error lines above and manifest.json"
        )


def scan_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, archives or - for stdin.", show_default=False
        ),
    ],
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Output folder.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Force a reader (see `cocoscan formats`)."),
    ] = None,
    packs: Annotated[
        list[str] | None,
        typer.Option("--packs", help="Extra pack folder or file (repeatable)."),
    ] = None,
    no_builtin_packs: Annotated[
        bool, typer.Option("--no-builtin-packs", help="Only use --packs.")
    ] = False,
    include_experimental: Annotated[
        bool,
        typer.Option("--include-experimental", help="Also run experimental rules."),
    ] = False,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding "
            "reaches this severity: low, medium, high, "
            "critical or never.",
        ),
    ] = "never",
    key_file: Annotated[
        str | None,
        typer.Option(
            "--key-file", help="Case key for pseudonyms (created 0600 on first use)."
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0 = all cores).")
    ] = 0,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local (processes of this machine, see --jobs) or dask "
            "(needs pip install 'cocoscan[dask]').",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: local:N, tcp://HOST:PORT or tls://HOST:PORT.",
        ),
    ] = None,
    run_dir: Annotated[
        str | None,
        typer.Option(
            "--run-dir",
            help="With --engine dask: keep finished partitions here so that a "
            "rerun resumes (default: inside --out, removed when complete).",
        ),
    ] = None,
    field_map: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help="Field mapping for JSONL/CSV, e.g. text=body,author=user."
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone for exports that carry none (IANA name)."),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option("--date-order", help="Force dmy, mdy or ymd for WhatsApp dates."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", help="Reviewed findings to show as suppressed."),
    ] = None,
    redact: Annotated[
        str, typer.Option("--redact", help="standard or strict.")
    ] = "standard",
    context: Annotated[
        int, typer.Option("--context", help="Messages of context around each finding.")
    ] = 3,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a non-empty folder that is not a cocoscan output.",
        ),
    ] = False,
    config_file: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Settings file (default: the nearest "
            "cocoscan.toml or pyproject.toml [tool.cocoscan]).",
        ),
    ] = None,
    reveal: Annotated[
        str | None,
        typer.Option(
            "--reveal",
            help="Also write the UNREDACTED evidence into this "
            "separate private folder (0700, files 0600); never share it.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress or summary; errors only.")
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue an interrupted scan into the same --out: inputs "
            "already scanned (same bytes, packs and options) are not read again.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="On an internal error, print its traceback (code locations "
            "only: never chat text, exception messages or variables).",
        ),
    ] = False,
) -> int:
    """Scan chat exports and write ranked, redacted evidence reports."""
    from cocoscan.cli import parse_fail_on

    if redact not in ("standard", "strict"):
        raise ConfigError("--redact must be standard or strict")
    if date_order not in (None, "dmy", "mdy", "ymd"):
        raise ConfigError("--date-order must be dmy, mdy or ymd")
    if engine not in ("local", "dask"):
        raise ConfigError("--engine must be local or dask")
    if jobs < 0:
        raise ConfigError("--jobs must be 0 (all cores) or more")
    if engine == "dask":
        import importlib.util

        if importlib.util.find_spec("distributed") is None:
            from cocoscan.engines.dask import INSTALL_HINT

            raise ConfigError(INSTALL_HINT)
    config = ScanConfig(
        paths=tuple(paths),
        out=out,
        fmt=fmt,
        packs=tuple(packs or ()),
        builtin_packs=not no_builtin_packs,
        include_experimental=include_experimental,
        fail_on=parse_fail_on(fail_on),
        key_file=key_file,
        jobs=jobs,
        field_map=_field_map(field_map or []),
        tz=tz,
        date_order=date_order,
        baseline=baseline,
        redact=redact,
        context=context,
        force=force,
        reveal=reveal,
        engine=engine,
        scheduler=scheduler,
        run_dir=run_dir,
    )
    console = Console(stderr=True)
    view = _ProgressView(console, enabled=not quiet and sys.stderr.isatty())
    started = time.monotonic()
    try:
        with handle_signals() as signals:
            result, written = _run_reporting_bugs(config, view, resume, debug)
    finally:
        view.stop()
    for problem in result.problems:
        sys.stderr.write(f"error: {problem}\n")
    for rule in _disabled_rules(result):
        sys.stderr.write(
            f"warning: rule {rule} disabled for this run after repeated regex "
            "timeouts (manifest.json options.disabled_for_timeouts)\n"
        )
    if not quiet:
        _summary(console, result, written, out, time.monotonic() - started)
    if signals.received is not None:
        return int(ExitCode.INTERRUPTED)
    return int(exit_code(result, config.fail_on))


def _run_reporting_bugs(
    config: ScanConfig, view: _ProgressView, resume: bool, debug: bool
) -> tuple[ScanResult, list[str]]:
    """``api.run``; an unexpected exception becomes one chat-free error line."""
    try:
        return run(config, progress=view, resume=resume)
    except (CocoscanError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: never its message, never its locals
        if debug:
            sys.stderr.write(safe_traceback(exc))
        raise CocoscanError(summary_line(exc)) from None


def _disabled_rules(result: ScanResult) -> list[str]:
    value = result.options.get("disabled_for_timeouts")
    return [str(r) for r in value] if isinstance(value, list) else []


def register(app: typer.Typer) -> None:
    """Add ``scan`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("scan")(handle_errors(scan_command))
