"""Regex checks: compile (CL101), ReDoS shapes (CL102), ReDoS probes (CL103),
empty or too short matches (CL104).

Every regex matcher and every allow-block regex of a rule is checked: allow
blocks run on message text too. The dynamic probe runs each regex the way
the engine does (``finditer`` with a ``timeout``) on adversarial strings and
fails the rule when one probe exceeds the time budget of ``lint.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cocoscan.normalize import normalise
from cocoscan.packs.checks import regex_shape
from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Pack, Rule


def rule_regexes(rule: Rule) -> Iterator[tuple[str, regex.Pattern[str], str]]:
    """``(label, compiled, source pattern)`` of every regex the rule runs."""
    for m in rule.matchers:
        if m.kind == "regex" and m.compiled is not None:
            yield m.label, m.compiled, m.pattern
    for n, block in enumerate(rule.allow, start=1):
        for k, pattern in enumerate(block.patterns, start=1):
            yield f"allow {n} pattern {k}", pattern, pattern.pattern


class CompileCheck(Check):
    code = "CL101"
    severity = "error"
    description = "Every regex compiles under the regex module."


class StaticRedosCheck(Check):
    code = "CL102"
    severity = "warning"
    description = (
        "Static ReDoS shapes: nested quantifiers (error); overlapping "
        "alternation under a quantifier and unbounded .* / .+ gaps (warning). "
        "Use bounded gaps .{0,N}, atomic groups or possessive quantifiers."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        for label, _, pattern in rule_regexes(rule):
            tree = regex_shape.parse(pattern)
            if tree is None:
                continue
            line = ctx.line_in_rule(rule, pattern)
            for shape in regex_shape.redos_shapes(tree):
                yield self.issue(
                    rule,
                    f"{label}: {shape.message}",
                    line=line,
                    severity=shape.severity,
                )


def probes(rule: Rule, pattern: str, size: int) -> list[tuple[str, str]]:
    """Named adversarial strings for one regex of a rule."""
    out = [
        ("10k of one letter", "a" * size),
        ("long space run", " " * size),
        ("letters and spaces", "a " * (size // 2)),
        ("one digit repeated", "0" * size),
        ("letters then a stop", "a" * (size - 1) + "!"),
    ]
    tree = regex_shape.parse(pattern)
    paths = regex_shape.literal_paths(tree) if tree is not None else None
    for path in (paths or [])[:3]:
        # the literal start of the pattern, then a long run the rest must chew on
        head, _, rest = path.partition(regex_shape.GAP)
        fillers = dict.fromkeys(["a", "e", " ", *rest.replace(regex_shape.GAP, "")])
        for ch in list(fillers)[:6]:
            out.append((f"prefix {head[:12]!r} then {ch!r} repeated", head + ch * size))
    examples = list(rule.examples.match) + list(rule.examples.no_match)
    if examples:
        longest = normalise(max(examples, key=len), rule.view).text
        if longest:
            out.append(
                (
                    "longest example repeated",
                    (longest + " ") * (size // (len(longest) + 1) + 1),
                )
            )
    return out


class DynamicRedosCheck(Check):
    code = "CL103"
    severity = "error"
    description = (
        "Dynamic ReDoS probe: each regex runs on adversarial strings (10 kB of "
        "one character, long space runs, the longest example repeated) within "
        "the time budget of lint.toml."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        budget = ctx.settings.regex_time_budget
        for label, compiled, pattern in rule_regexes(rule):
            for name, probe in probes(rule, pattern, ctx.settings.probe_chars):
                try:
                    for _ in compiled.finditer(probe, timeout=budget):
                        pass
                except TimeoutError:
                    yield self.issue(
                        rule,
                        f"{label}: exceeds {budget:g}s on {name} "
                        f"({len(probe)} characters): catastrophic backtracking",
                        line=ctx.line_in_rule(rule, pattern),
                    )
                    break


class ShortMatchCheck(Check):
    code = "CL104"
    severity = "warning"
    description = (
        "A regex that can match the empty string (error) or fewer characters "
        "than lint.toml's regex_min_chars (warning) is never useful evidence."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        for m in rule.matchers:
            if m.kind != "regex" or m.compiled is None:
                continue
            tree = regex_shape.parse(m.pattern)
            line = ctx.line_in_rule(rule, m.pattern)
            width = regex_shape.min_width(tree) if tree is not None else None
            if width == 0 or (width is None and m.compiled.fullmatch("") is not None):
                yield self.issue(
                    rule,
                    f"{m.label} can match the empty string",
                    line=line,
                    severity="error",
                )
            elif width is not None and width < ctx.settings.regex_min_chars:
                yield self.issue(
                    rule,
                    f"{m.label} can match only {width} character(s) "
                    f"(at least {ctx.settings.regex_min_chars} expected)",
                    line=line,
                )
