"""Exact matchers: literal, regex and fuzzy, evaluated on a message view.

Runs only for candidate messages and candidate rules (the prefilters decide).
Every regex call passes a timeout; the caller counts timeouts per rule.
A rule fires at most once per message: on its earliest match that no allow
block or guard suppresses, or, when every match is suppressed, as a
suppressed hit that stays visible with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex
from rapidfuzz.distance import OSA

from cocoscan.heuristics.guards import guard_reason
from cocoscan.normalize import View
from cocoscan.packs.schema import Matcher, Rule

_TOKEN = regex.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class ViewMatch:
    """One matcher firing on a view: span in view code points, named groups."""

    start: int
    end: int
    matcher: Matcher
    groups: tuple[tuple[str, int, int], ...] = ()  # (name, view start, view end)


def _regex_matches(matcher: Matcher, text: str, timeout: float) -> Iterator[ViewMatch]:
    assert matcher.compiled is not None
    for m in matcher.compiled.finditer(text, timeout=timeout):
        if m.end() == m.start():
            continue  # an empty match is never evidence
        groups = tuple(
            (name, m.start(name), m.end(name))
            for name in matcher.compiled.groupindex
            if m.start(name) >= 0
        )
        yield ViewMatch(m.start(), m.end(), matcher, groups)


def fuzzy_token_matches(matcher: Matcher, token: str) -> bool:
    """True when ``token`` is within the matcher's OSA edit budget."""
    term = matcher.folded
    if abs(len(token) - len(term)) > matcher.max_edits:
        return False
    if (
        matcher.prefix_length
        and token[: matcher.prefix_length] != term[: matcher.prefix_length]
    ):
        return False
    return (
        OSA.distance(token, term, score_cutoff=matcher.max_edits) <= matcher.max_edits
    )


def _fuzzy_matches(matcher: Matcher, text: str) -> Iterator[ViewMatch]:
    for m in _TOKEN.finditer(text):
        if fuzzy_token_matches(matcher, m.group()):
            yield ViewMatch(m.start(), m.end(), matcher)


def matcher_matches(matcher: Matcher, text: str, timeout: float) -> list[ViewMatch]:
    """All matches of one matcher in a view text (regex timeouts propagate)."""
    if matcher.kind == "fuzzy":
        return list(_fuzzy_matches(matcher, text))
    return list(_regex_matches(matcher, text, timeout))


def suppression(
    rule: Rule, view: View, match: ViewMatch, author: str | None, timeout: float
) -> str | None:
    """Why an allow block or a guard silences this match, or ``None``."""
    matched = view.text[match.start : match.end]
    for block in rule.allow:
        if block.authors and author is not None and author in block.authors:
            return f"allow: {block.description}"
        target = matched if block.target == "match" else view.text
        for pattern in block.patterns:
            if pattern.search(target, timeout=timeout):
                return f"allow: {block.description}"
    if rule.guards and rule.view != "raw":
        return guard_reason(view.text, match.start, match.end, rule.guards)
    return None


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """The chosen match of a rule on a message, with its suppression reason."""

    match: ViewMatch
    suppressed: str | None


def evaluate(
    rule: Rule, view: View, author: str | None, timeout: float
) -> RuleMatch | None:
    """Evaluate one rule on one view; ``None`` when it does not fire.

    ``all`` matchers must each fire somewhere in the message; the evidence
    span comes from the ``any`` list (or the first ``all`` match when the
    rule has no ``any`` list).
    """
    for matcher in rule.all:
        if not matcher_matches(matcher, view.text, timeout):
            return None
    pool: list[ViewMatch] = []
    for matcher in rule.any or rule.all:
        pool.extend(matcher_matches(matcher, view.text, timeout))
    if not pool:
        return None
    pool.sort(key=lambda m: (m.start, -m.end, m.matcher.index))
    first_reason: str | None = None
    for m in pool:
        reason = suppression(rule, view, m, author, timeout)
        if reason is None:
            return RuleMatch(m, None)
        if first_reason is None:
            first_reason = reason
    return RuleMatch(pool[0], first_reason)
