"""Exclusions: a rule's ``lint_ignore`` and ``lint.toml``'s ``[[exclude]]`` (CL010).

An exclusion silences one code for one rule (or a glob of rule ids) and
always carries a reason. Exclusions that silence nothing are reported, so
they do not outlive the problem they were written for.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from cocoscan.packs.checks.base import Check, Exclusion, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Rule


class IgnoreCheck(Check):
    code = "CL010"
    severity = "warning"
    description = (
        "lint_ignore and lint.toml exclusions carry a reason (error) and "
        "silence something (warning when unused)."
    )


@dataclass(frozen=True, slots=True)
class Silenced:
    """Issues kept after exclusions, the ones silenced, and CL010 reports."""

    kept: list[PackIssue]
    silenced: list[tuple[PackIssue, str]]
    reports: list[PackIssue]


def apply_exclusions(
    issues: Sequence[PackIssue],
    rules: Iterable[Rule],
    exclusions: Sequence[Exclusion],
    ctx: LintContext,
    ran: frozenset[str] = frozenset(),
) -> Silenced:
    """Drop excluded issues; report exclusions without reason or without use.

    Only exclusions of codes in ``ran`` can be called unused (a check that
    was not run cannot prove an exclusion stale).
    """
    rules = list(rules)
    by_id = {r.id: r for r in rules}
    used: set[tuple[str, str, str]] = set()
    kept: list[PackIssue] = []
    silenced: list[tuple[PackIssue, str]] = []
    for issue in issues:
        reason = _reason(issue, by_id.get(issue.rule_id or ""), exclusions, used)
        if reason is None or issue.code == "CL010":
            kept.append(issue)
        else:
            silenced.append((issue, reason))
    return Silenced(kept, silenced, list(_reports(rules, exclusions, used, ctx, ran)))


def _reason(
    issue: PackIssue,
    rule: Rule | None,
    exclusions: Sequence[Exclusion],
    used: set[tuple[str, str, str]],
) -> str | None:
    if rule is not None and issue.rule_id:
        for code, reason in rule.lint_ignore:
            if code == issue.code and reason:
                used.add(("rule", rule.id, code))
                return reason
    for ex in exclusions:
        if ex.code == issue.code and fnmatch.fnmatchcase(issue.rule_id or "", ex.rule):
            used.add(("config", ex.rule, ex.code))
            return ex.reason
    return None


def _reports(
    rules: Sequence[Rule],
    exclusions: Sequence[Exclusion],
    used: set[tuple[str, str, str]],
    ctx: LintContext,
    ran: frozenset[str],
) -> Iterator[PackIssue]:
    check = IgnoreCheck()
    for rule in rules:
        line = ctx.line_in_rule(rule, "lint_ignore")
        for code, reason in rule.lint_ignore:
            if not reason:
                yield check.issue(
                    rule,
                    f"lint_ignore of {code or '?'} needs a reason",
                    line=line,
                    severity="error",
                )
            elif ("rule", rule.id, code) not in used and code in ran:
                yield check.issue(
                    rule,
                    f"lint_ignore of {code} silences nothing: remove it",
                    line=line,
                )
    source = ctx.config.source or "lint.toml"
    for ex in exclusions:
        if ("config", ex.rule, ex.code) not in used and ex.code in ran:
            yield PackIssue(
                check.code,
                check.severity,
                source,
                1,
                f"exclusion of {ex.code} for {ex.rule!r} silences nothing: remove it",
            )
