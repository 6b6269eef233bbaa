"""``cocoscan convert``: any supported export to cocoscan's generic JSON Lines.

So that other tools, and the distributed engine, can consume every format:
one record per message with ``conversation``, ``author``, ``timestamp``,
``text``, ``kind``, ``id`` and its ``source`` (path, member, sha256, line,
byte offset). Written to a temporary file beside the target and renamed
(atomic); ``-o -`` writes to stdout. ``--redact`` pseudonymises authors and
replaces PII in texts and ids with the case key (inputs are then read twice:
author names found anywhere are redacted inside texts too). Problems are
``error: FILE:LINE: reason`` lines and exit code 2; the rest is converted.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Annotated

import orjson
import typer

from cocoscan.errors import ConfigError, ExitCode
from cocoscan.model import Message, Problem


def parse_map(value: str | None) -> dict[str, str]:
    """``text=body,author=user`` -> ``{"text": "body", "author": "user"}``."""
    from cocoscan.ingest.fields import CANONICAL

    if not value:
        return {}
    mapping: dict[str, str] = {}
    for part in value.split(","):
        name, sep, column = part.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column or name not in CANONICAL:
            raise ConfigError(
                f"bad --map entry {part.strip()!r}: expected FIELD=COLUMN with FIELD"
                f" one of {', '.join(CANONICAL)}"
            )
        mapping[name] = column
    return mapping


def _record(message: Message, redactor: object | None) -> bytes:
    loc = message.location
    ts = message.sent_at.isoformat() if message.sent_at else message.timestamp_raw
    record: dict[str, object] = {
        "conversation": message.conversation,
        "author": message.author,
        "timestamp": ts,
        "text": message.text,
        "kind": message.kind,
        "id": loc.message_id,
        "source": {
            "path": loc.path,
            "member": loc.member,
            "sha256": loc.input_sha256,
            "line": loc.line,
            "byte_offset": loc.byte_offset,
        },
    }
    if message.timestamp_raw is not None and message.timestamp_raw != ts:
        record["timestamp_raw"] = message.timestamp_raw
    if redactor is not None:
        from cocoscan.redact import TextRedactor

        assert isinstance(redactor, TextRedactor)
        record["conversation"] = redactor.identifier(message.conversation)
        record["author"] = redactor.author(message.author)
        record["text"] = redactor.text(message.text)
        source = record["source"]
        assert isinstance(source, dict)
        source["path"] = redactor.locator(loc.path)
        if loc.member is not None:
            source["member"] = redactor.locator(loc.member)
    return orjson.dumps(record) + b"\n"


@contextlib.contextmanager
def _atomic(target: str) -> Iterator[IO[bytes]]:
    if target == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".cocoscan-convert-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def convert_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, archives or - for stdin.", show_default=False
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output .jsonl file, or - for stdout.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="Force a reader (see `cocoscan formats`)."),
    ] = None,
    field_map: Annotated[
        str | None,
        typer.Option(
            "--map", help="Field mapping for JSONL/CSV, e.g. text=body,author=user."
        ),
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Time zone of exports that carry none.")
    ] = None,
    date_order: Annotated[
        str | None, typer.Option("--date-order", help="dmy, mdy or ymd (WhatsApp).")
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", help="Pseudonymise authors, replace PII.")
    ] = False,
    level: Annotated[
        str, typer.Option("--redact-level", help="standard or strict.")
    ] = "standard",
    key_file: Annotated[
        str | None,
        typer.Option("--key-file", help="Case key (created 0600 if absent)."),
    ] = None,
) -> int:
    """Convert chat exports to normalised generic JSON Lines."""
    from cocoscan.ingest import DATE_ORDERS, READERS, InputStream, open_inputs

    if fmt is not None and fmt not in READERS:
        raise ConfigError(f"unknown format {fmt!r} (see `cocoscan formats`)")
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ConfigError(f"unknown date order {date_order!r} (dmy, mdy or ymd)")
    zone = None
    if tz is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            zone = ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"unknown time zone {tz!r} (use an IANA name)") from None
    options: dict[str, object] = {
        "fmt": fmt,
        "field_map": parse_map(field_map),
        "tz": zone,
        "date_order": date_order,
    }
    redactor = None
    if redact:
        redactor = _redactor(paths, options, level, key_file, output)
    problems = 0
    with _atomic(output) as out:
        for item in open_inputs(paths, **options):  # type: ignore[arg-type]
            if isinstance(item, Problem):
                problems += _report([item])
                continue
            assert isinstance(item, InputStream)
            for message in item:
                out.write(_record(message, redactor))
            problems += _report(item.problems)
    return int(ExitCode.ERROR if problems else ExitCode.OK)


def _redactor(
    paths: list[str],
    options: dict[str, object],
    level: str,
    key_file: str | None,
    output: str,
) -> object:
    from cocoscan.ingest import open_inputs
    from cocoscan.keys import load_or_create_key
    from cocoscan.redact import TextRedactor

    out_dir = None if output == "-" else os.path.dirname(os.path.abspath(output))
    key, _ = load_or_create_key(key_file, out_dir=out_dir)
    authors: set[str] = set()
    for item in open_inputs(paths, **options):  # type: ignore[arg-type]
        if not isinstance(item, Problem):
            authors.update(m.author for m in item if m.author)
    return TextRedactor(key, level, sorted(authors))


def _report(problems: list[Problem]) -> int:
    for problem in problems:
        sys.stderr.write(f"error: {problem}\n")
    return len(problems)


def register(app: typer.Typer) -> None:
    """Add ``convert`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("convert")(handle_errors(convert_command))
