"""Command-line entry point: options -> config -> api -> writers -> exit code.

Thin on purpose: no detection logic lives here. Every runtime failure is a
:class:`cocoscan.errors.CocoscanError` turned into one ``error:`` line on
stderr and exit code 2; chat text never reaches a log line or traceback
(``pretty_exceptions_show_locals=False``).
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="cocoscan",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    help="Chat-log forensics and moderation: ranked, explainable, redacted.",
)

#: Sub-command modules under cocoscan/commands/, registered in this order.
COMMAND_MODULES: tuple[str, ...] = ()


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"cocoscan.commands.{name}")
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    app()
