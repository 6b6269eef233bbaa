"""Commands after scoring: ``report``, ``verify``, ``handoff``, ``key init|reveal``.

All of them work from an existing output folder (or the case key); none
rescans except ``verify --inputs``. stdout carries the command's result
(differences, a handoff, a revealed name); notes go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cocoscan.errors import ConfigError, ExitCode

RENDER_FORMATS = ("html", "md", "csv", "sarif", "case", "jsonl")


def report_command(
    out: Annotated[str, typer.Argument(help="An existing cocoscan output folder.")],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="html, md, csv, sarif, case or jsonl (repeatable; default: all but "
            "jsonl).",
        ),
    ] = None,
) -> int:
    """Re-render reports from an output folder, without rescanning."""
    from cocoscan.report import write_outputs
    from cocoscan.report.load import load_report
    from cocoscan.verify import verify_outputs

    chosen = formats or [f for f in RENDER_FORMATS if f != "jsonl"]
    for fmt in chosen:
        if fmt not in RENDER_FORMATS:
            raise ConfigError(
                f"unknown format {fmt!r} (expected {', '.join(RENDER_FORMATS)})"
            )
    data_changes = [
        d for d in verify_outputs(out) if d.subject.endswith((".jsonl", ".json"))
    ]
    if data_changes:
        raise ConfigError(
            f"{data_changes[0].subject} no longer matches manifest.json; "
            "run `cocoscan verify` first",
            location=out,
        )
    report = load_report(out)
    for path in write_outputs(report, out, formats=chosen):
        sys.stderr.write(f"wrote {path}\n")
    return int(ExitCode.OK)


def verify_command(
    out: Annotated[str, typer.Argument(help="A cocoscan output folder.")],
    more: Annotated[
        list[str] | None,
        typer.Argument(help="More inputs (same as --inputs).", show_default=False),
    ] = None,
    inputs: Annotated[
        list[str] | None,
        typer.Option(
            "--inputs",
            "-i",
            help="The scanned inputs: re-hash them and re-derive every finding.",
        ),
    ] = None,
    key_file: Annotated[
        str | None,
        typer.Option("--key-file", help="The case key the scan used."),
    ] = None,
    no_rescan: Annotated[
        bool,
        typer.Option("--no-rescan", help="With inputs: hash them, do not rescan."),
    ] = False,
) -> int:
    """Check an output folder: 0 unchanged, 1 differences, 2 error."""
    from cocoscan.report.load import read_manifest
    from cocoscan.verify import rederive, verify_inputs, verify_outputs

    paths = tuple((inputs or []) + (more or []))
    diffs = verify_outputs(out)
    if paths:
        diffs += verify_inputs(read_manifest(out), paths)
        if not no_rescan:
            diffs += rederive(out, paths, key_file=key_file)
    for diff in diffs:
        sys.stdout.write(f"{diff}\n")
    real = [d for d in diffs if d.kind != "note"]
    checked = "outputs" + (" and inputs" if paths else "")
    if real:
        sys.stderr.write(f"{len(real)} difference(s) in {out}\n")
        return int(ExitCode.FINDINGS)
    sys.stderr.write(f"{checked} unchanged\n")
    return int(ExitCode.OK)


def handoff_command(
    out: Annotated[str, typer.Argument(help="A cocoscan output folder.")],
    conversation: Annotated[
        str, typer.Argument(help="Conversation id (as in conversations.jsonl) or rank.")
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or json.")] = "md",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout."),
    ] = None,
) -> int:
    """The fields a report to authorities or a platform needs, for one conversation."""
    from cocoscan.handoff import build_handoff, render_json, render_markdown
    from cocoscan.report.files import write_atomic
    from cocoscan.report.load import load_report

    if fmt not in ("md", "json"):
        raise ConfigError("--format must be md or json")
    handoff = build_handoff(load_report(out), conversation)
    text = render_json(handoff) if fmt == "json" else render_markdown(handoff)
    if output:
        target = Path(output)
        write_atomic(target.parent, target.name, text.encode("utf-8"))
        sys.stderr.write(f"wrote {output}\n")
    else:
        sys.stdout.write(text)
    return int(ExitCode.OK)


def key_init_command(
    key_file: Annotated[
        str | None,
        typer.Option("--key-file", help="Where to create the key (default: config)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing key (old pseudonyms are lost)."
        ),
    ] = False,
) -> int:
    """Create a case key (0600); pseudonyms are stable for everyone who shares it."""
    from cocoscan.keys import create_key, default_key_path

    path = Path(key_file) if key_file else default_key_path()
    _, kid = create_key(path, overwrite=force)
    sys.stdout.write(f"{path}\t{kid}\n")
    sys.stderr.write(
        "keep this key outside every output folder; back it up with the case files\n"
    )
    return int(ExitCode.OK)


def _authors(paths: tuple[str, ...], fmt: str | None) -> dict[str, set[str]]:
    """Author -> input paths where it appears (reads the inputs)."""
    from cocoscan.ingest import open_inputs
    from cocoscan.model import Problem

    found: dict[str, set[str]] = {}
    for item in open_inputs(paths, fmt=fmt):
        if isinstance(item, Problem):
            sys.stderr.write(f"error: {item}\n")
            continue
        for message in item:
            if message.author:
                found.setdefault(message.author, set()).add(message.location.path)
    return found


def key_reveal_command(
    pseudonyms: Annotated[
        list[str],
        typer.Argument(help="Pseudonyms (P-…), then more inputs.", show_default=False),
    ],
    inputs: Annotated[
        list[str] | None,
        typer.Option("--inputs", "-i", help="The scanned inputs (their authors)."),
    ] = None,
    key_file: Annotated[
        str | None, typer.Option("--key-file", help="The case key.")
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Force a reader.")
    ] = None,
) -> int:
    """Key holder only: which author of these inputs has this pseudonym."""
    from cocoscan.keys import default_key_path, load_or_create_key, pseudonym

    wanted = [p.upper() for p in pseudonyms if p.upper().startswith("P-")]
    paths = tuple(
        (inputs or []) + [p for p in pseudonyms if not p.upper().startswith("P-")]
    )
    if not wanted:
        raise ConfigError("give at least one pseudonym (P-…)")
    if not paths:
        raise ConfigError("give the scanned inputs with --inputs")
    path = key_file or str(default_key_path())
    if not Path(path).is_file():
        raise ConfigError(
            "no case key here; reveal needs the scan's key", location=path
        )
    key, _ = load_or_create_key(path)
    sys.stderr.write("revealing identities: share only with authorised recipients\n")
    by_pseudonym: dict[str, list[str]] = {}
    for author in sorted(_authors(paths, fmt)):
        by_pseudonym.setdefault(pseudonym(key, author), []).append(author)
    missing = 0
    for p in wanted:
        names = by_pseudonym.get(p, [])
        if not names:
            missing += 1
            sys.stderr.write(f"{p}: no author of these inputs has this pseudonym\n")
        for name in names:
            sys.stdout.write(f"{p}\t{name}\n")
    return int(ExitCode.FINDINGS if missing else ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add ``report``, ``verify``, ``handoff`` and ``key`` to the CLI."""
    from cocoscan.cli import handle_errors

    app.command("report")(handle_errors(report_command))
    app.command("verify")(handle_errors(verify_command))
    app.command("handoff")(handle_errors(handoff_command))
    key_app = typer.Typer(
        help="Case key: keyed pseudonyms and fingerprints.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
    )
    key_app.command("init")(handle_errors(key_init_command))
    key_app.command("reveal")(handle_errors(key_reveal_command))
    app.add_typer(key_app, name="key")
