"""Keyword and prefilter checks (CL105-CL108, CL113).

The keyword prefilter decides which rules run on a message, so a keyword
that a match can avoid makes part of a rule dead (CL107), and a keyword that
occurs everywhere makes the prefilter useless (CL108). Selectivity is
measured on the benign corpus the packs ship (``benign/<lang>.txt``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import ahocorasick

from cocoscan.normalize import fold
from cocoscan.packs.checks import regex_shape
from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Matcher, Pack, Rule


def _paths(m: Matcher) -> list[str] | None:
    if m.kind == "literal":
        return [m.folded]
    if m.kind == "regex":
        tree = regex_shape.parse(m.pattern)
        return regex_shape.literal_paths(tree) if tree is not None else None
    return None


def uncovered_paths(m: Matcher, keywords: tuple[str, ...]) -> list[str] | None:
    """Ways through a matcher that contain no keyword (``None``: unknown)."""
    if m.kind == "fuzzy":
        return []  # fuzzy terms bypass keywords by design
    paths = _paths(m)
    if paths is None:
        return None
    return [p for p in paths if not any(k in p for k in keywords)]


def has_required_literal(m: Matcher, size: int) -> bool:
    """Every way through the matcher holds a literal run of ``size``+ chars."""
    if m.kind == "fuzzy":
        return len(m.folded) >= size
    paths = _paths(m)
    if not paths:
        return False
    return all(
        max((len(piece) for piece in p.split(regex_shape.GAP)), default=0) >= size
        for p in paths
    )


class RequiredLiteralCheck(Check):
    code = "CL105"
    severity = "warning"
    description = (
        "A rule without keywords should at least require a literal of 3 or "
        "more characters in every match."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if rule.keywords or not rule.matchers:
            return
        size = ctx.settings.keyword_min_length
        if any(has_required_literal(m, size) for m in rule.all) or (
            rule.any and all(has_required_literal(m, size) for m in rule.any)
        ):
            return
        yield self.issue(
            rule, f"no keyword and no required literal of {size}+ characters"
        )


class NoKeywordCheck(Check):
    code = "CL106"
    severity = "warning"
    description = "A rule with neither keywords nor fuzzy terms runs on every message."

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if not rule.keywords and not rule.fuzzy_terms and rule.matchers:
            yield self.issue(rule, "no keywords: the rule runs on every message")


class ReachabilityCheck(Check):
    code = "CL107"
    severity = "error"
    description = (
        "Prefilter reachability: every literal and regex contains a keyword, "
        "and every match example passes the effective prefilter (keywords, "
        "fuzzy terms, and the byte skeleton of the fast path)."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        for o in [] if ctx.broken(rule) else ctx.outcomes(pack, rule):
            if o.kind == "match" and o.stage in ("prefilter", "skeleton"):
                yield self.issue(
                    rule, f"match example {o.index}: {o.detail}", line=o.line
                )
        if not rule.keywords:
            return
        if any(uncovered_paths(m, rule.keywords) == [] for m in rule.all):
            return  # one covered `all` matcher guards the whole rule
        for m in rule.any or rule.all:
            missing = uncovered_paths(m, rule.keywords)
            if not missing:
                continue
            exact = [p for p in missing if regex_shape.GAP not in p]
            shown = (exact or missing)[0].replace(regex_shape.GAP, "…")
            yield self.issue(
                rule,
                f"{m.label}: {len(missing)} way(s) through it contain no keyword "
                f"(e.g. {shown!r}); a message matching only that is never scanned",
                line=ctx.line_in_rule(rule, m.pattern),
                severity="error" if exact else "warning",
            )


@dataclass(slots=True)
class _KeywordStats:
    lines: set[int] = field(default_factory=set)
    hits: int = 0
    inside: int = 0
    example: str = ""


def _keyword_stats(ctx: LintContext, rule: Rule) -> dict[str, _KeywordStats]:
    """Benign-corpus hits of every keyword of the rule's view and languages."""
    langs = tuple(ctx.benign.languages_for(rule))
    key = f"kwstats:{rule.view}:{','.join(langs)}"
    if key in ctx.cache:
        stats: dict[str, _KeywordStats] = ctx.cache[key]
        return stats
    words = sorted(
        {k for _, r in ctx.rules() if r.view == rule.view for k in r.keywords}
    )
    stats = {k: _KeywordStats() for k in words}
    texts = ctx.benign.texts(rule)
    if words and texts:
        automaton = ahocorasick.Automaton()
        for k in words:
            automaton.add_word(k, k)
        automaton.make_automaton()
        for n, text in enumerate(texts):
            for end, k in automaton.iter(text):
                s = stats[k]
                s.lines.add(n)
                s.hits += 1
                start = end - len(k) + 1
                before = text[start - 1] if start > 0 else " "
                after = text[end + 1] if end + 1 < len(text) else " "
                if (k[0].isalpha() and before.isalpha()) or (
                    k[-1].isalpha() and after.isalpha()
                ):
                    s.inside += 1
                    if not s.example:
                        s.example = _word_around(text, start, end + 1)
    ctx.cache[key] = stats
    ctx.cache[key + ":n"] = len(texts)
    return stats


def _word_around(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


class SelectivityCheck(Check):
    code = "CL108"
    severity = "warning"
    description = (
        "Keyword selectivity: keywords shorter than the minimum, waking too many "
        "benign messages, or hiding inside common words ('age' in 'fromage')."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        st = ctx.settings
        line = ctx.line_in_rule(rule, "keywords")
        for k in rule.keywords:
            if len(k) < st.keyword_min_length:
                yield self.issue(
                    rule,
                    f"keyword {k!r} is shorter than {st.keyword_min_length}",
                    line=line,
                )
        if not ctx.benign or not rule.keywords:
            return
        stats = _keyword_stats(ctx, rule)
        total = ctx.cache[
            f"kwstats:{rule.view}:{','.join(ctx.benign.languages_for(rule))}:n"
        ]
        if not total:
            return
        woken: set[int] = set()
        for k in rule.keywords:
            s = stats[k]
            woken |= s.lines
            rate = len(s.lines) / total
            if rate > st.keyword_max_benign_rate:
                yield self.issue(
                    rule,
                    f"keyword {k!r} occurs in {rate:.1%} of benign messages "
                    f"(limit {st.keyword_max_benign_rate:.1%})",
                    line=line,
                )
            if (
                s.hits >= st.subword_min_hits
                and s.inside / s.hits > st.subword_max_rate
            ):
                yield self.issue(
                    rule,
                    f"keyword {k!r} hides inside longer words in "
                    f"{s.inside} of {s.hits} benign hits (e.g. {s.example!r})",
                    line=line,
                )
        rate = len(woken) / total
        if rate > st.rule_max_benign_rate:
            yield self.issue(
                rule,
                f"the keywords wake the rule on {rate:.1%} of benign messages "
                f"(limit {st.rule_max_benign_rate:.1%})",
                line=line,
            )


class NormalFormCheck(Check):
    code = "CL113"
    severity = "warning"
    description = (
        "Keywords, literals and regex characters are written in the view's "
        "normal form (lower case, no accents, plain apostrophes); the message "
        "shows the normal form."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        if rule.view == "raw":
            return
        raw = ctx.raw_rule(rule).get("keywords", [])
        for k in raw if isinstance(raw, list) else []:
            text = str(k)
            folded = fold(text, rule.view)
            if folded != text:
                yield self.issue(
                    rule,
                    f"keyword {text!r} is matched as {folded!r}: write the normal form",
                    line=ctx.line_in_rule(rule, "keywords"),
                )
        for m in rule.matchers:
            line = ctx.line_in_rule(rule, m.pattern)
            if m.kind == "literal" and m.folded != m.pattern:
                yield self.issue(
                    rule,
                    f"{m.label} {m.pattern!r} is matched as {m.folded!r}: write the "
                    "normal form",
                    line=line,
                )
            if m.kind != "regex":
                continue
            tree = regex_shape.parse(m.pattern)
            if tree is None:
                continue
            bad = sorted(
                {
                    c
                    for c in regex_shape.literal_chars(tree)
                    if c.isprintable()
                    and not c.isspace()
                    and fold(c, rule.view) != c.lower()
                }
            )
            if bad:
                shown = ", ".join(f"{c!r}->{fold(c, rule.view)!r}" for c in bad)
                yield self.issue(
                    rule,
                    f"{m.label} uses characters the {rule.view} view never contains "
                    f"({shown}): that part of the regex can never match",
                    line=line,
                )
