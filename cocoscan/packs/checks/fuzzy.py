"""Fuzzy-term checks (CL109).

Fuzzy terms are single tokens compared with an OSA edit budget. The loader
refuses multi-word terms (error); here a budget above the length default,
and a term within its budget of a frequent benign word (``snap`` at one edit
from ``snack``), are warnings: they trade precision for recall.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz.distance import OSA

from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Pack, Rule, default_max_edits


class FuzzyCheck(Check):
    code = "CL109"
    severity = "warning"
    description = (
        "Fuzzy terms: one token only (error); an edit budget above the length "
        "default, or a term within budget of a frequent benign word (warning)."
    )

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        counts = ctx.benign.token_counts(rule.view) if ctx.benign else None
        for m in rule.fuzzy_terms:
            line = ctx.line_in_rule(rule, m.pattern)
            default = default_max_edits(m.folded)
            if m.max_edits > default:
                yield self.issue(
                    rule,
                    f"{m.label} {m.folded!r}: max_edits {m.max_edits} is above the "
                    f"default {default} for {len(m.folded)} characters",
                    line=line,
                )
            if not counts or m.max_edits == 0:
                continue
            near = sorted(
                (
                    (-n, w)
                    for w, n in counts.items()
                    if n >= ctx.settings.fuzzy_frequent_min_count
                    and w != m.folded
                    and abs(len(w) - len(m.folded)) <= m.max_edits
                    and (
                        not m.prefix_length
                        or w[: m.prefix_length] == m.folded[: m.prefix_length]
                    )
                    and OSA.distance(w, m.folded, score_cutoff=m.max_edits)
                    <= m.max_edits
                )
            )
            if near:
                words = ", ".join(repr(w) for _, w in near[:3])
                yield self.issue(
                    rule,
                    f"{m.label} {m.folded!r} is within {m.max_edits} edit(s) of "
                    f"frequent benign words ({words}); set prefix_length or a "
                    "smaller max_edits",
                    line=line,
                )
