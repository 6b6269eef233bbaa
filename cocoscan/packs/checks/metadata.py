"""Lifecycle and metadata checks (CL006, CL205, CL301-CL303, CL306).

Metadata is what a moderator reads when a finding appears: a description,
the known false positives, references. Lifecycle status promises a level of
proof (``experimental`` → ``test`` → ``stable``); these checks hold rules to
it, partly by running them on the benign corpus the packs ship.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from cocoscan.matching import Engine
from cocoscan.model import Message, Severity, SourceLocation
from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Pack, Rule

_URL = regex.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$")
TITLE_MAX = 120


def benign_hits(ctx: LintContext) -> dict[str, int]:
    """Unsuppressed hits per rule id over the whole benign corpus (cached)."""
    if "benign_hits" in ctx.cache:
        cached: dict[str, int] = ctx.cache["benign_hits"]
        return cached
    counts: dict[str, int] = {}
    if ctx.benign:
        engine = Engine(ctx.packs)
        for language, lines in sorted(ctx.benign.by_language.items()):
            batch = [
                Message(
                    SourceLocation(f"benign/{language}.txt", "0" * 64, 0, n, str(n)),
                    "benign",
                    "benign-author",
                    None,
                    text,
                    n,
                )
                for n, text in enumerate(lines, start=1)
            ]
            for start in range(0, len(batch), 512):
                for hit in engine.scan_batch(batch[start : start + 512]):
                    if hit.suppressed is None:
                        counts[hit.rule_id] = counts.get(hit.rule_id, 0) + 1
    ctx.cache["benign_hits"] = counts
    return counts


class MetadataCheck(Check):
    code = "CL006"
    severity = "warning"
    description = (
        "Duplicate rule titles, duplicate references, malformed reference URLs."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        seen: set[str] = set()
        for ref in rule.references:
            if ref in seen:
                yield self.issue(rule, f"reference listed twice: {ref}")
            seen.add(ref)
            if ref.startswith(("http:", "https:")) and not _URL.match(ref):
                yield self.issue(rule, f"malformed reference URL: {ref}")

    def finalize(self, ctx: LintContext) -> Iterator[PackIssue]:
        titles: dict[str, Rule] = {}
        for _, rule in ctx.rules():
            key = rule.title.strip().casefold()
            if not key:
                continue
            if key in titles:
                yield self.issue(rule, f"same title as {titles[key].id}")
            else:
                titles[key] = rule


class BenignSilenceCheck(Check):
    code = "CL205"
    severity = "error"
    description = (
        "Rules of severity medium or above stay silent (or suppressed) on the "
        "benign corpus the packs ship."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if rule.severity < Severity.MEDIUM or not rule.report:
            return
        n = benign_hits(ctx).get(rule.id, 0)
        if n:
            yield self.issue(
                rule, f"fires unsuppressed on {n} benign message(s) (benign/*.txt)"
            )


class StatusCheck(Check):
    code = "CL301"
    severity = "error"
    description = (
        "Lifecycle requirements: a stable rule is silent on the benign corpus "
        "and has no open todo examples."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if rule.status != "stable":
            return
        n = benign_hits(ctx).get(rule.id, 0)
        if n:
            yield self.issue(
                rule, f"stable rule fires on {n} benign message(s): use status 'test'"
            )
        todo = len(rule.examples.todo_match) + len(rule.examples.todo_no_match)
        if todo:
            yield self.issue(
                rule, f"stable rule has {todo} open todo example(s): use status 'test'"
            )


class DeprecationCheck(Check):
    code = "CL302"
    severity = "error"
    description = "A deprecated rule links to a live replacement through related."

    def finalize(self, ctx: LintContext) -> Iterator[PackIssue]:
        live = {r.id for _, r in ctx.rules()}
        for pack in ctx.packs:
            lines = ctx.source_lines(pack.source)
            raw = _raw_rules(ctx, pack)
            for item in raw:
                if item.get("status") != "deprecated":
                    continue
                rid = str(item.get("id", ""))
                related = item.get("related", [])
                targets = (
                    [str(r.get("id")) for r in related if isinstance(r, dict)]
                    if isinstance(related, list)
                    else []
                )
                if not any(t in live for t in targets):
                    line = next(
                        (n for n, t in enumerate(lines, 1) if rid and rid in t), 1
                    )
                    yield PackIssue(
                        self.code,
                        self.severity,
                        pack.source,
                        line,
                        "deprecated rule without a related link to a live rule",
                        rid or None,
                    )


def _raw_rules(ctx: LintContext, pack: Pack) -> list[dict[str, Any]]:
    import tomllib

    try:
        data = tomllib.loads("\n".join(ctx.source_lines(pack.source)))
    except tomllib.TOMLDecodeError:
        return []
    return [r for r in data.get("rules", []) if isinstance(r, dict)]


class FalsePositivesCheck(Check):
    code = "CL303"
    severity = "warning"
    description = "A rule of severity medium or above lists its known falsepositives."

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if rule.severity >= Severity.MEDIUM and not rule.falsepositives:
            yield self.issue(
                rule, f"severity {rule.severity.label} needs a falsepositives list"
            )


class StyleCheck(Check):
    code = "CL306"
    severity = "info"
    description = (
        "Title and description style: a title of at most 120 characters without "
        "a final period; a description that is a sentence; references given."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if len(rule.title) > TITLE_MAX:
            yield self.issue(rule, f"title longer than {TITLE_MAX} characters")
        if rule.title.endswith("."):
            yield self.issue(rule, "title ends with a period")
        d = rule.description.strip()
        if d and (not d[0].isupper() or not d.endswith((".", "!", "?", ")"))):
            yield self.issue(rule, "description should be a sentence (capital, period)")
        if not rule.references:
            yield self.issue(rule, "no references")
