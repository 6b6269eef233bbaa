"""Command-line entry point: options -> config -> api -> writers -> exit code.

Thin on purpose: no detection logic lives here. Every runtime failure is a
:class:`cocoscan.errors.CocoscanError` turned into one ``error:`` line on
stderr and exit code 2; chat text never reaches a log line or traceback
(``pretty_exceptions_show_locals=False``).
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Annotated, ParamSpec

import typer

from cocoscan import __version__
from cocoscan.errors import CocoscanError, ConfigError, ExitCode
from cocoscan.model import Severity

P = ParamSpec("P")

app = typer.Typer(
    name="cocoscan",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="Chat-log forensics and moderation: ranked, explainable, redacted.",
)

#: Sub-command modules under cocoscan/commands/, registered in this order.
COMMAND_MODULES: tuple[str, ...] = (
    "scan",
    "report",
    "triage",
    "evaluate",
    "packs_cmd",
    "formats",
    "convert",
)


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"cocoscan.commands.{name}")
        module.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cocoscan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Chat-log forensics and moderation: ranked, explainable, redacted."""


def parse_fail_on(value: str) -> Severity | None:
    """``never`` or a severity name (shared by scan and other commands)."""
    if value.lower() == "never":
        return None
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def handle_errors(func: Callable[P, int | None]) -> Callable[P, None]:
    """Wrap a command: its return value is the exit code; errors are one line.

    Every command module uses this, so that a :class:`CocoscanError` becomes
    ``error: FILE:LINE: reason`` and exit 2 (never a traceback, never chat
    text), and Ctrl-C exits 130.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = func(*args, **kwargs)
        except CocoscanError as exc:
            sys.stderr.write(f"error: {exc}\n")
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        sys.stdout.flush()
        raise typer.Exit(int(code or 0))

    return wrapper


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(int(ExitCode.INTERRUPTED))
    except BrokenPipeError:
        _quiet_broken_pipe()


def _quiet_broken_pipe() -> None:
    """A closed stdout (``| head``) is a quiet success, as in ripgrep."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


__all__ = ["COMMAND_MODULES", "app", "handle_errors", "main", "parse_fail_on"]


_register_commands()
