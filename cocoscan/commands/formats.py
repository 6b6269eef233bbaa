"""``cocoscan formats``: the readers ``--format`` accepts, one per line.

Plain columns (name, splittable, description) so that scripts can read
them; ``--json`` for machines.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from cocoscan.errors import ExitCode


def formats_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per reader.")
    ] = False,
) -> int:
    """List the input formats (readers) and what they read."""
    from cocoscan.ingest import READERS

    width = max(len(name) for name in READERS)
    for name, reader in READERS.items():
        if as_json:
            record = {
                "name": name,
                "description": reader.description,
                "splittable": reader.splittable,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            split = "splittable" if reader.splittable else "-"
            sys.stdout.write(f"{name:<{width}}  {split:<10}  {reader.description}\n")
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add ``formats`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("formats")(handle_errors(formats_command))
