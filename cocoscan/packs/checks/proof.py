"""Example checks (CL201-CL203): the rule proves itself.

Examples run through the real pipeline (see :mod:`cocoscan.packs.examples`);
failures caused by the prefilter are reported by CL107, the rest here.
"""

from __future__ import annotations

from collections.abc import Iterator

from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Pack, Rule


class ExampleCountCheck(Check):
    code = "CL201"
    severity = "error"
    description = (
        "At least one match and one no_match example (lint.toml may ask for "
        "more); stable rules need three of each."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        st = ctx.settings
        need_match, need_no = st.min_match_examples, st.min_no_match_examples
        if rule.status == "stable":
            need_match = max(need_match, st.stable_min_examples)
            need_no = max(need_no, st.stable_min_examples)
        have_match, have_no = len(rule.examples.match), len(rule.examples.no_match)
        if have_match < need_match or have_no < need_no:
            yield self.issue(
                rule,
                f"{have_match} match / {have_no} no_match examples; a "
                f"{rule.status} rule needs at least {need_match} / {need_no}",
            )


class ExampleBehaviourCheck(Check):
    code = "CL202"
    severity = "error"
    description = (
        "Examples behave as declared through the full pipeline: match examples "
        "fire unsuppressed, no_match examples stay silent or suppressed, spans "
        "equal when given."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if ctx.broken(rule):
            return  # a matcher did not compile: CL101 says so, examples cannot
        for o in ctx.outcomes(pack, rule):
            if o.is_todo or o.passed or o.stage in ("prefilter", "skeleton"):
                continue
            label = o.kind.replace("_", "-")
            yield self.issue(
                rule, f"{label} example {o.index}: {o.detail}", line=o.line
            )


class TodoCheck(Check):
    code = "CL203"
    severity = "info"
    description = (
        "Todo examples are known gaps, listed; a todo example that now behaves "
        "should become a real example."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        for o in ctx.outcomes(pack, rule):
            if not o.is_todo:
                continue
            label = o.kind.replace("_", "-")
            if o.passed:
                yield self.issue(
                    rule,
                    f"{label} example {o.index} now passes: move it to "
                    f"{o.kind.removeprefix('todo_')}",
                    line=o.line,
                )
            else:
                yield self.issue(
                    rule, f"{label} example {o.index}: known gap", line=o.line
                )
