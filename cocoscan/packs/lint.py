"""``cocoscan lint``: every check of every pack, as data.

Loads the packs in collect mode (every problem, not the first), runs the
registered checks (:data:`cocoscan.packs.checks.CHECKS`), applies the
exclusions (a rule's ``lint_ignore``, ``lint.toml``'s ``[[exclude]]``) and
returns a :class:`LintResult`. Formatting and exit codes belong to the
command (``cocoscan/commands/packs_cmd.py``); nothing here prints.

Thresholds and exclusions come from ``lint.toml`` in the pack folder (or
the nearest parent folder holding one), the benign corpus from
``benign/<lang>.txt`` next to it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cocoscan.errors import ConfigError
from cocoscan.packs.checks import CHECKS
from cocoscan.packs.checks.base import (
    SEVERITIES,
    BenignCorpus,
    LintConfig,
    LintContext,
    read_lint_config,
)
from cocoscan.packs.checks.ignores import apply_exclusions
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.loader import load_packs
from cocoscan.packs.schema import Pack

LINT_FILE = "lint.toml"
BENIGN_DIR = "benign"
#: How far up from a pack file lint looks for lint.toml / benign/.
SEARCH_DEPTH = 4


@dataclass(frozen=True, slots=True)
class LintResult:
    """Issues (sorted by file, line, code), what was silenced and why."""

    issues: list[PackIssue]
    silenced: list[tuple[PackIssue, str]]
    packs: list[Pack]
    files: list[str]
    config: LintConfig
    seconds: float
    checks: tuple[str, ...] = field(default=())

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail; with ``strict`` warnings fail too (info never does)."""
        bad = ("error", "warning") if strict else ("error",)
        return any(i.severity in bad for i in self.issues)


def find_root(paths: Sequence[Path]) -> Path | None:
    """The pack root: first folder (given, or a parent) holding lint.toml or benign/."""
    for p in paths:
        start = p if p.is_dir() else p.parent
        for folder in [start, *list(start.resolve().parents)[:SEARCH_DEPTH]]:
            if (folder / LINT_FILE).is_file() or (folder / BENIGN_DIR).is_dir():
                return folder
    first = paths[0] if paths else None
    return first if first is not None and first.is_dir() else None


def select_checks(
    select: Iterable[str] = (), ignore: Iterable[str] = (), disabled: Iterable[str] = ()
) -> tuple[str, ...]:
    """Codes to run: ``select`` (prefixes; default all) minus ignore/disabled."""
    wanted = tuple(select)
    unknown = [
        c for c in (*wanted, *ignore) if not any(k.startswith(c) for k in CHECKS)
    ]
    if unknown:
        raise ConfigError(f"unknown check code {unknown[0]!r} (see --list-checks)")
    drop = (*ignore, *disabled)
    return tuple(
        code
        for code in CHECKS
        if (not wanted or code.startswith(wanted))
        and not (drop and code.startswith(tuple(drop)))
    )


def lint(
    paths: Sequence[str | Path],
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    lint_file: Path | None = None,
) -> LintResult:
    """Lint pack files and folders.

    Raises:
        PackError: a path does not exist, or lint.toml is unreadable.
        ConfigError: an unknown check code was selected.
    """
    started = time.perf_counter()
    given = [Path(p) for p in paths]
    root = find_root(given)
    if lint_file is None and root is not None and (root / LINT_FILE).is_file():
        lint_file = root / LINT_FILE
    config = read_lint_config(lint_file)
    codes = select_checks(select, ignore, config.disabled)
    packs, load_issues = load_packs(given, builtin=False, collect=True)
    benign = BenignCorpus.from_dir(root / BENIGN_DIR if root is not None else None)
    ctx = LintContext(packs, load_issues, config, benign, root)
    found: list[PackIssue] = []
    for code in codes:
        found.extend(CHECKS[code]().run(ctx))
    rules = [r for p in packs for r in p.rules]
    result = apply_exclusions(found, rules, config.exclusions, ctx, frozenset(codes))
    reports = [i for i in result.reports if "CL010" in codes]
    issues = sorted(
        set(result.kept + reports),
        key=lambda i: (i.path, i.line, i.code, i.rule_id or "", i.message),
    )
    files = sorted({p.source for p in packs} | {i.path for i in load_issues})
    return LintResult(
        issues=issues,
        silenced=result.silenced,
        packs=packs,
        files=files,
        config=config,
        seconds=time.perf_counter() - started,
        checks=codes,
    )


def check_table() -> list[tuple[str, str, str]]:
    """``(code, default severity, description)`` of every registered check."""
    return [(code, cls.severity, cls.description) for code, cls in CHECKS.items()]


__all__ = [
    "SEVERITIES",
    "LintResult",
    "check_table",
    "find_root",
    "lint",
    "select_checks",
]
