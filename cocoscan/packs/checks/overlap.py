"""Duplicates and dead logic (CL110, CL111).

Two identical matchers in one rule, or the same matcher in two rules, double
the work and the findings; a rule whose allow block silences every match
example can never produce an active finding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from cocoscan.matching.matchers import evaluate
from cocoscan.normalize import normalise
from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.examples import EXAMPLE_AUTHOR, EXAMPLE_TIMEOUT
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Matcher, Pack, Rule


def _key(rule: Rule, m: Matcher) -> tuple[str, str, str, int]:
    return (rule.view, m.kind, m.folded, m.max_edits)


def _rule_key(rule: Rule) -> tuple[object, ...]:
    return (
        rule.view,
        tuple(sorted(_key(rule, m) for m in rule.any)),
        tuple(sorted(_key(rule, m) for m in rule.all)),
    )


class DuplicateCheck(Check):
    code = "CL110"
    severity = "warning"
    description = (
        "Duplicate matchers in a rule, identical matchers across rules, and "
        "rules with the same matchers."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        seen: dict[tuple[str, str, str, int], str] = {}
        for m in rule.matchers:
            k = _key(rule, m)
            if k in seen:
                yield self.issue(
                    rule,
                    f"{m.label} repeats {seen[k]}",
                    line=ctx.line_in_rule(rule, m.pattern),
                )
            else:
                seen[k] = m.label

    def finalize(self, ctx: LintContext) -> Iterator[PackIssue]:
        by_matcher: dict[tuple[str, str, str, int], Rule] = {}
        by_rule: dict[tuple[object, ...], Rule] = {}
        for _, rule in ctx.rules():
            if not rule.matchers:
                continue
            twin = by_rule.get(_rule_key(rule))
            if twin is not None:
                yield self.issue(
                    rule,
                    f"same matchers as {twin.id} ({twin.location}): duplicate rule",
                )
                continue
            by_rule[_rule_key(rule)] = rule
            for m in rule.matchers:
                other = by_matcher.get(_key(rule, m))
                if other is not None and other.id != rule.id:
                    yield self.issue(
                        rule,
                        f"{m.label} is identical to a matcher of {other.id} "
                        f"({other.location})",
                        line=ctx.line_in_rule(rule, m.pattern),
                    )
                by_matcher.setdefault(_key(rule, m), rule)


class DeadLogicCheck(Check):
    code = "CL111"
    severity = "error"
    description = (
        "Dead logic: an allow block that suppresses every match example, so "
        "the rule can never produce an active finding."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        examples = rule.examples.match
        if not rule.allow or not examples:
            return
        views = [normalise(text, rule.view) for text in examples]
        for n, block in enumerate(rule.allow, start=1):
            alone = dataclasses.replace(rule, allow=(block,), guards=())
            silenced = 0
            for view in views:
                try:
                    result = evaluate(alone, view, EXAMPLE_AUTHOR, EXAMPLE_TIMEOUT)
                except TimeoutError:
                    break
                if result is None or result.suppressed is None:
                    break
                silenced += 1
            if silenced == len(views):
                yield self.issue(
                    rule,
                    f"allow block {n} ({block.description}) suppresses every match "
                    "example: the rule can never fire",
                    line=ctx.line_in_rule(rule, block.description),
                )
