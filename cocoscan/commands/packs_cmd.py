"""``cocoscan lint``, ``cocoscan test`` and ``cocoscan rules``: packs in CI.

``lint`` runs the checks of :mod:`cocoscan.packs.checks` and prints
``path:line: CODE severity rule-id: message`` lines (text, grouped by file),
JSON, SARIF 2.1.0 or GitHub annotations; ``test`` runs every example and
every ``[[tests]]`` sample with a per-rule table; ``rules`` lists rules and
explains one. Exit codes: 0 clean, 1 problems, 2 usage or I/O error.
Example texts are synthetic pack data, but only ``rules explain`` prints
them, on request.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cocoscan.errors import ConfigError, ExitCode, ReportError
from cocoscan.packs.issues import PackIssue

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class LintFormat(StrEnum):
    """Output formats of ``cocoscan lint``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class TestFormat(StrEnum):
    """Output formats of ``cocoscan test``."""

    text = "text"
    json = "json"


def _default_paths(paths: Sequence[Path] | None) -> list[Path]:
    from cocoscan.packs import builtin_pack_dir

    return list(paths) if paths else [builtin_pack_dir()]


def _write(text: str, output: Path | None) -> None:
    """To stdout, or atomically to ``output`` (temp file then ``os.replace``)."""
    if output is None:
        sys.stdout.write(text)
        return
    folder = output.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        raise ReportError(
            f"cannot write: {exc.strerror}", location=str(output)
        ) from exc


def _gh_escape(text: str, prop: bool = False) -> str:
    out = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def github_annotations(issues: Sequence[PackIssue]) -> str:
    """``::error file=F,line=N,title=CODE::message`` lines for GitHub Actions."""
    lines = []
    for i in issues:
        title = f"{i.code} {i.rule_id}" if i.rule_id else i.code
        lines.append(
            f"::{GITHUB_LEVEL.get(i.severity, 'warning')} "
            f"file={_gh_escape(i.path, True)},line={i.line},"
            f"title={_gh_escape(title, True)}::{_gh_escape(i.message)}"
        )
    return "".join(line + "\n" for line in lines)


def _issue_dict(i: PackIssue) -> dict[str, Any]:
    return {
        "code": i.code,
        "severity": i.severity,
        "path": i.path,
        "line": i.line,
        "rule_id": i.rule_id,
        "message": i.message,
    }


def _summary_line(result: Any) -> str:
    return (
        f"{result.count('error')} error(s), {result.count('warning')} warning(s), "
        f"{result.count('info')} info in {len(result.files)} file(s), "
        f"{sum(len(p.rules) for p in result.packs)} rule(s), "
        f"{len(result.silenced)} silenced ({result.seconds:.2f}s)"
    )


def _print_text(result: Any, show_info: bool) -> None:
    console = Console(highlight=False, soft_wrap=True)
    current = None
    for i in result.issues:
        if i.severity == "info" and not show_info:
            continue
        if i.path != current:
            current = i.path
            console.print(f"\n[bold]{escape(i.path)}[/bold]")
        rule = f" {escape(i.rule_id)}" if i.rule_id else ""
        console.print(
            f"{escape(i.path)}:{i.line}: {i.code} "
            f"[{STYLE.get(i.severity, '')}]{i.severity}[/]{rule}: {escape(i.message)}"
        )
    console.print(_summary_line(result))


def _list_checks() -> None:
    from cocoscan.packs.lint import check_table

    table = Table("code", "severity", "description", box=None)
    for code, severity, description in check_table():
        table.add_row(code, severity, description)
    Console(highlight=False).print(table)


def lint_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Pack files or folders (default: the built-in packs)."),
    ] = None,
    fmt: Annotated[
        LintFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LintFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit 1).")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Run only these codes or prefixes (CL1)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Skip these codes or prefixes.")
    ] = None,
    lint_config: Annotated[
        Path | None,
        typer.Option("--lint-config", help="Thresholds file (default: lint.toml)."),
    ] = None,
    show_info: Annotated[
        bool, typer.Option("--info/--no-info", help="Show info diagnostics in text.")
    ] = True,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help="List the checks and exit.")
    ] = False,
) -> int:
    """Lint pattern packs: schema, regex safety, prefilter, examples, metadata."""
    if list_checks:
        _list_checks()
        return int(ExitCode.OK)
    from cocoscan.packs.lint import lint

    if lint_config is not None and not lint_config.is_file():
        raise ConfigError("no such lint settings file", location=str(lint_config))
    result = lint(
        _default_paths(paths),
        select=select or (),
        ignore=ignore or (),
        lint_file=lint_config,
    )
    if fmt is LintFormat.text and output is None:
        _print_text(result, show_info)
    elif fmt is LintFormat.text:
        _write("".join(f"{i}\n" for i in result.issues), output)
    elif fmt is LintFormat.json:
        doc = {
            "version": 1,
            "issues": [_issue_dict(i) for i in result.issues],
            "silenced": [
                {**_issue_dict(i), "reason": reason} for i, reason in result.silenced
            ],
            "summary": {
                "errors": result.count("error"),
                "warnings": result.count("warning"),
                "info": result.count("info"),
                "files": len(result.files),
                "rules": sum(len(p.rules) for p in result.packs),
                "checks": list(result.checks),
                "seconds": round(result.seconds, 3),
            },
        }
        _write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", output)
    elif fmt is LintFormat.sarif:
        from cocoscan.packs.sarif import lint_sarif

        _write(
            json.dumps(lint_sarif(result), indent=2, ensure_ascii=False) + "\n", output
        )
    else:
        _write(github_annotations(result.issues), output)
    if fmt is not LintFormat.text or output is not None:
        sys.stderr.write(_summary_line(result) + "\n")
    return int(ExitCode.FINDINGS if result.failed(strict) else ExitCode.OK)


def test_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Pack files or folders (default: the built-in packs)."),
    ] = None,
    keyword: Annotated[
        str | None,
        typer.Option("-k", "--rule", help="Only rules whose id contains this text."),
    ] = None,
    fmt: Annotated[
        TestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TestFormat.text,
) -> int:
    """Run every rule's examples and the packs' sample tests."""
    from cocoscan.packs import load_packs
    from cocoscan.packs.examples import run_pack_tests, run_rule_examples

    packs, issues = load_packs(_default_paths(paths), builtin=False, collect=True)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        for i in errors:
            sys.stderr.write(f"{i}\n")
        sys.stderr.write("error: packs do not load; run cocoscan lint\n")
        return int(ExitCode.ERROR)
    rows: list[dict[str, Any]] = []
    failures: list[str] = []
    for pack in packs:
        for rule in pack.rules:
            if keyword and keyword not in rule.id:
                continue
            outcomes = run_rule_examples(pack, rule)
            real = [o for o in outcomes if not o.is_todo]
            failed = [o for o in real if not o.passed]
            rows.append(
                {
                    "rule": rule.id,
                    "status": rule.status,
                    "passed": len(real) - len(failed),
                    "failed": len(failed),
                    "todo": sum(1 for o in outcomes if o.is_todo and not o.passed),
                    "todo_fixed": sum(1 for o in outcomes if o.is_todo and o.passed),
                }
            )
            failures.extend(
                f"{o.source}:{o.line}: {o.test_id}: {o.detail}" for o in failed
            )
    tests = [
        t
        for t in run_pack_tests(packs, packs)
        if not keyword or any(keyword in r for r, _ in t.expect)
    ]
    for t in tests:
        failures.extend(f"{t.source}: [[tests]] {t.file}: {f}" for f in t.failures)
    if fmt is TestFormat.json:
        doc = {
            "rules": rows,
            "tests": [
                {
                    "pack": t.pack_id,
                    "file": t.file,
                    "passed": t.passed,
                    "failures": t.failures,
                }
                for t in tests
            ],
            "failures": failures,
        }
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    else:
        _print_test_table(rows, tests, failures)
    if not rows and not tests:
        sys.stderr.write("no rules selected\n")
    return int(ExitCode.FINDINGS if failures else ExitCode.OK)


def _print_test_table(
    rows: list[dict[str, Any]], tests: list[Any], failures: list[str]
) -> None:
    console = Console(highlight=False, soft_wrap=True)
    table = Table("rule", "status", "passed", "failed", "todo", box=None)
    for r in rows:
        style = "red" if r["failed"] else ""
        todo = str(r["todo"]) + (
            f" (+{r['todo_fixed']} fixed)" if r["todo_fixed"] else ""
        )
        table.add_row(
            r["rule"],
            r["status"],
            str(r["passed"]),
            f"[{style}]{r['failed']}[/]" if style else "0",
            todo,
        )
    console.print(table)
    for t in tests:
        mark = "[green]ok[/]" if t.passed else "[red]FAIL[/]"
        console.print(f"[[tests]] {escape(t.pack_id)} {escape(t.file)}: {mark}")
    for f in failures:
        console.print(escape(f))
    total = sum(r["passed"] + r["failed"] for r in rows)
    console.print(
        f"{len(rows)} rule(s), {total} example(s), {len(failures)} failure(s), "
        f"{sum(r['todo'] for r in rows)} open todo(s), {len(tests)} sample test(s)"
    )


rules_app = typer.Typer(
    no_args_is_help=False,
    pretty_exceptions_show_locals=False,
    help="List rules, or explain one.",
)


def _load_rules(packs_dirs: list[Path] | None, builtin: bool) -> list[Any]:
    from cocoscan.packs import load_packs

    packs, _ = load_packs(list(packs_dirs or []), builtin=builtin, collect=False)
    return [(p, r) for p in packs for r in p.rules]


def rules_list(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option("--category", "-c")] = None,
    language: Annotated[str | None, typer.Option("--language", "-l")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s")] = None,
    packs: Annotated[
        list[Path] | None, typer.Option("--packs", help="Extra pack folder or file.")
    ] = None,
    no_builtin: Annotated[
        bool, typer.Option("--no-builtin", help="Leave out the built-in packs.")
    ] = False,
    fmt: Annotated[
        TestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TestFormat.text,
) -> int | None:
    """List rules (filter by category, language, status)."""
    if ctx.invoked_subcommand is not None:
        return None
    ctx.obj = {"packs": packs, "builtin": not no_builtin}
    selected = [
        (p, r)
        for p, r in _load_rules(packs, not no_builtin)
        if (category is None or r.category == category)
        and (language is None or language in r.languages)
        and (status is None or r.status == status)
    ]
    if fmt is TestFormat.json:
        doc = [
            {
                "id": r.id,
                "pack": p.id,
                "category": r.category,
                "subcategory": r.subcategory,
                "severity": r.severity.label,
                "confidence": r.confidence,
                "status": r.status,
                "languages": list(r.languages),
                "title": r.title,
                "location": r.location,
            }
            for p, r in selected
        ]
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        return int(ExitCode.OK)
    table = Table("id", "severity", "confidence", "status", "lang", "title", box=None)
    for _, r in selected:
        table.add_row(
            r.id,
            r.severity.label,
            r.confidence,
            r.status,
            ",".join(r.languages),
            escape(r.title),
        )
    console = Console(highlight=False, soft_wrap=True)
    console.print(table)
    console.print(f"{len(selected)} rule(s)")
    return int(ExitCode.OK)


def rules_explain(
    ctx: typer.Context,
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id.")],
) -> int:
    """Print a rule's documentation, matchers and examples."""
    opts = ctx.obj or {}
    found = [
        (p, r)
        for p, r in _load_rules(opts.get("packs"), opts.get("builtin", True))
        if r.id == rule_id
    ]
    if not found:
        raise ConfigError(f"no rule {rule_id!r} (see cocoscan rules)")
    pack, r = found[0]
    console = Console(highlight=False, soft_wrap=True)
    e = escape
    console.print(f"[bold]{e(r.id)}[/bold]: {e(r.title)}")
    console.print(f"  pack {e(pack.id)} {e(pack.version)}  ({e(r.location)})")
    console.print(
        f"  category {r.category}/{e(r.subcategory)}  severity {r.severity.label}  "
        f"confidence {r.confidence}  status {r.status}  view {r.view}"
    )
    console.print(f"\n{e(r.description)}")
    sections: list[tuple[str, Sequence[str]]] = [
        ("False positives", r.falsepositives),
        ("References", r.references),
        ("Keywords", r.keywords),
        ("Matchers", [f"{m.label}: {m.pattern}" for m in r.matchers]),
        ("Allow blocks", [f"{b.description} (target {b.target})" for b in r.allow]),
        ("Signals", r.signals),
        ("Guards", r.guards),
        ("Examples that match", r.examples.match),
        ("Examples that must not match", r.examples.no_match),
        ("Known gaps (todo match)", r.examples.todo_match),
        ("Known gaps (todo no match)", r.examples.todo_no_match),
    ]
    for title, items in sections:
        if items:
            console.print(f"\n[bold]{title}[/bold]")
            for item in items:
                console.print(f"  - {e(item)}")
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add ``lint``, ``test`` and ``rules`` to the cocoscan app."""
    from cocoscan.cli import handle_errors

    app.command("lint")(handle_errors(lint_command))
    app.command("test")(handle_errors(test_command))
    rules_app.callback(invoke_without_command=True)(_rules_callback)
    rules_app.command("explain")(handle_errors(rules_explain))
    app.add_typer(rules_app, name="rules")


def _rules_callback(
    ctx: typer.Context,
    category: Annotated[str | None, typer.Option("--category", "-c")] = None,
    language: Annotated[str | None, typer.Option("--language", "-l")] = None,
    status: Annotated[str | None, typer.Option("--status", "-s")] = None,
    packs: Annotated[
        list[Path] | None, typer.Option("--packs", help="Extra pack folder or file.")
    ] = None,
    no_builtin: Annotated[
        bool, typer.Option("--no-builtin", help="Leave out the built-in packs.")
    ] = False,
    fmt: Annotated[
        TestFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TestFormat.text,
) -> None:
    """List rules (filter by category, language, status), or explain one."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"packs": packs, "builtin": not no_builtin}
        return
    handle = _handle()
    handle(rules_list)(ctx, category, language, status, packs, no_builtin, fmt)


def _handle() -> Any:
    from cocoscan.cli import handle_errors

    return handle_errors
