"""``cocoscan eval``: scan labelled conversations and print quality figures.

Runs the same scan as ``cocoscan scan`` (no output folder, an ephemeral
fixed key: fingerprints are not part of the figures), then precision,
recall, F1 and F0.5 per category, ROC AUC, precision@k for conversations
and authors, the confusion table and the ranking check. Exit 1 when some
harmful conversation is not ranked above every benign one, 2 on error or a
partial scan.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from cocoscan.errors import ConfigError, ExitCode

OUTPUT_FORMATS = ("text", "json", "md")
#: Evaluation never touches the user's case key: figures do not depend on it.
EVAL_KEY = hashlib.sha256(b"cocoscan eval: fingerprints are not evaluated").digest()


def eval_command(
    paths: Annotated[
        list[str], typer.Argument(help="Labelled inputs (files, folders).")
    ],
    labels: Annotated[
        list[str],
        typer.Option(
            "--labels", "-l", help="labels.json (repeatable; may include others)."
        ),
    ],
    output: Annotated[
        str, typer.Option("--format", "-f", help="text, json or md.")
    ] = "text",
    pan12: Annotated[
        str | None,
        typer.Option("--pan12-predators", help="PAN 2012 predator ids, one per line."),
    ] = None,
    author_threshold: Annotated[
        float, typer.Option("--author-threshold", help="Author score for F0.5.")
    ] = 0.5,
    packs: Annotated[
        list[str] | None, typer.Option("--packs", help="Extra pack folders or files.")
    ] = None,
    input_format: Annotated[
        str | None, typer.Option("--input-format", help="Force a reader.")
    ] = None,
    no_builtin_packs: Annotated[
        bool,
        typer.Option("--no-builtin-packs", help="Only the packs given with --packs."),
    ] = False,
) -> int:
    """Evaluate detection and ranking on labelled conversations."""
    from cocoscan.api import scan
    from cocoscan.config import ScanConfig
    from cocoscan.evaluation import (
        as_json,
        as_table,
        evaluate,
        label_files,
        load_author_list,
        load_labels,
    )

    if output not in OUTPUT_FORMATS:
        raise ConfigError(
            f"unknown format {output!r} (expected {', '.join(OUTPUT_FORMATS)})"
        )
    truth = load_labels(labels)
    predators = load_author_list(pan12) if pan12 else None
    config = ScanConfig(paths=tuple(paths), packs=tuple(packs or ()), fmt=input_format)
    result = scan(config, key=EVAL_KEY)
    # The labels files often sit inside the scanned folder: not chat exports.
    skip = label_files(labels)
    problems = [p for p in result.problems if Path(p.path).resolve() not in skip]
    for problem in problems:
        sys.stderr.write(f"error: {problem}\n")
    report = evaluate(
        result, truth, predators=predators, author_threshold=author_threshold
    )
    if output == "json":
        sys.stdout.write(
            orjson.dumps(
                as_json(report), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
            ).decode()
            + "\n"
        )
    else:
        sys.stdout.write(as_table(report, markdown=output == "md"))
    if problems:
        return int(ExitCode.ERROR)
    return int(ExitCode.FINDINGS if report.violations else ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("eval")(handle_errors(eval_command))
