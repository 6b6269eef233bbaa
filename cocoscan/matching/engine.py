"""The matching engine: prefilters, then exact matchers, per batch of messages.

Two prefilters, both compiled once at construction (never per message):

1. the byte *skeleton* (:mod:`cocoscan.matching.skeleton`) picks, for a whole
   batch, the messages that may hold a keyword or a fuzzy term;
2. for those candidates only, the exact views are built and one
   Aho-Corasick automaton per view finds which *rules* have a keyword in the
   message view (the "effective prefilter" that ``cocoscan lint`` checks);
   fuzzy terms are looked up per distinct token, with a cache.

Only candidate rules on candidate messages pay for regexes (with a timeout)
and span mapping. A rule that keeps timing out is disabled for the run and
reported, never silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from cocoscan.matching.matchers import _TOKEN, RuleMatch, evaluate, fuzzy_token_matches
from cocoscan.matching.skeleton import SkeletonPrefilter
from cocoscan.model import Hit, Message
from cocoscan.normalize import View, normalise
from cocoscan.packs.schema import Matcher, Pack, Rule

#: Timeouts tolerated per rule before it is disabled for the run.
MAX_TIMEOUTS = 3
WINDOW_OVERLAP = 200


@dataclass(slots=True)
class EngineStats:
    """Counters the manifest reports: how much work each stage did."""

    messages: int = 0
    candidates: int = 0
    forced: int = 0
    hits: int = 0
    timeouts: dict[str, int] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)


class Engine:
    """Compiled rules of every loaded pack, ready to scan batches.

    Args:
        packs: loaded packs; their rules are matched in pack order.
        regex_timeout: seconds one regex call may take on one message.
        max_message_chars: longer messages are matched in overlapping windows.
    """

    def __init__(
        self,
        packs: Sequence[Pack],
        *,
        regex_timeout: float = 0.25,
        max_message_chars: int = 20_000,
    ) -> None:
        self.rules: list[Rule] = [r for p in packs for r in p.rules]
        self.regex_timeout = regex_timeout
        self.max_message_chars = max(1000, max_message_chars)
        self.stats = EngineStats()
        self._views = sorted({r.view for r in self.rules})
        self._automata: dict[str, ahocorasick.Automaton] = {}
        self._always: dict[str, list[int]] = {}
        for view in self._views:
            automaton = ahocorasick.Automaton()
            by_keyword: dict[str, list[int]] = {}
            for i, rule in enumerate(self.rules):
                if rule.view != view:
                    continue
                if not rule.keywords and not rule.fuzzy_terms:
                    self._always.setdefault(view, []).append(i)
                for k in rule.keywords:
                    by_keyword.setdefault(k, []).append(i)
            for key, idx in by_keyword.items():
                automaton.add_word(key, tuple(sorted(set(idx))))
            if by_keyword:
                automaton.make_automaton()
                self._automata[view] = automaton
        self._fuzzy: dict[str, list[tuple[int, Matcher]]] = {}
        for i, rule in enumerate(self.rules):
            for m in rule.fuzzy_terms:
                self._fuzzy.setdefault(rule.view, []).append((i, m))
        self._fuzzy_cache: dict[str, dict[str, tuple[int, ...]]] = {}
        self.skeleton = SkeletonPrefilter(
            (k for r in self.rules for k in r.keywords),
            ((m.folded, m.max_edits) for r in self.rules for m in r.fuzzy_terms),
            always=bool(self._always),
        )

    # -- exact path -------------------------------------------------------

    def _fuzzy_rules(self, view: View) -> set[int]:
        entries = self._fuzzy.get(view.name)
        if not entries:
            return set()
        found: set[int] = set()
        cache = self._fuzzy_cache.setdefault(view.name, {})
        for token in set(_TOKEN.findall(view.text)):
            cached = cache.get(token)
            if cached is None:
                cached = tuple(
                    sorted(
                        {
                            i
                            for i, matcher in entries
                            if fuzzy_token_matches(matcher, token)
                        }
                    )
                )
                if len(cache) > 1_000_000:
                    cache.clear()
                cache[token] = cached
            found.update(cached)
        return found

    def candidate_rules(self, view: View) -> set[int]:
        """Rules whose keywords or fuzzy terms occur in this view."""
        found = set(self._always.get(view.name, ()))
        automaton = self._automata.get(view.name)
        if automaton is not None:
            for _, idx in automaton.iter(view.text):
                found.update(idx)
        found.update(self._fuzzy_rules(view))
        return found

    def match_text(
        self,
        text: str,
        author: str | None = None,
    ) -> list[tuple[Rule, RuleMatch, View]]:
        """Every rule firing on one text (exact path), in rule order."""
        out: list[tuple[Rule, RuleMatch, View]] = []
        views = {name: normalise(text, name) for name in self._views}
        candidates: set[int] = set()
        for view in views.values():
            candidates |= self.candidate_rules(view)
        for i in sorted(candidates):
            rule = self.rules[i]
            if rule.id in self.stats.disabled:
                continue
            view = views[rule.view]
            try:
                result = evaluate(rule, view, author, self.regex_timeout)
            except TimeoutError:
                self._timed_out(rule)
                continue
            if result is not None:
                out.append((rule, result, view))
        return out

    def _timed_out(self, rule: Rule) -> None:
        count = self.stats.timeouts.get(rule.id, 0) + 1
        self.stats.timeouts[rule.id] = count
        if count >= MAX_TIMEOUTS and rule.id not in self.stats.disabled:
            self.stats.disabled.append(rule.id)

    def match_message(self, message: Message) -> list[Hit]:
        """Hits of every rule on one message (exact path, windows for long ones)."""
        text = message.text
        hits: dict[str, Hit] = {}
        for offset, chunk in _windows(text, self.max_message_chars):
            for rule, result, view in self.match_text(chunk, message.author):
                if rule.id in hits and hits[rule.id].suppressed is None:
                    continue
                hit = _hit(rule, result, view, message, chunk, offset)
                if rule.id not in hits or hit.suppressed is None:
                    hits[rule.id] = hit
        found = [hits[r.id] for r in self.rules if r.id in hits]
        self.stats.hits += len(found)
        return found

    # -- fast path --------------------------------------------------------

    def scan_batch(self, messages: Sequence[Message]) -> list[Hit]:
        """Hits for a batch: skeleton prefilter, then the exact path on candidates."""
        self.stats.messages += len(messages)
        texts = [m.text for m in messages]
        chosen = self.skeleton.select(texts)
        self.stats.candidates = self.skeleton.candidates
        self.stats.forced = self.skeleton.forced
        hits: list[Hit] = []
        for i in chosen:
            hits.extend(self.match_message(messages[i]))
        return hits


def _windows(text: str, size: int) -> Iterable[tuple[int, str]]:
    if len(text) <= size:
        yield 0, text
        return
    step = size - WINDOW_OVERLAP
    for start in range(0, len(text), step):
        yield start, text[start : start + size]
        if start + size >= len(text):
            break


def _hit(
    rule: Rule, result: RuleMatch, view: View, message: Message, chunk: str, offset: int
) -> Hit:
    m = result.match
    start, end = view.raw_span(m.start, m.end)
    captures = []
    for name, gs, ge in m.groups:
        rs, re_ = view.raw_span(gs, ge)
        captures.append((name, chunk[rs:re_]))
    return Hit(
        rule_id=rule.id,
        category=rule.category,
        severity=rule.severity,
        confidence=rule.confidence,
        signals=rule.signals,
        message=message,
        span=(start + offset, end + offset),
        matcher=m.matcher.label,
        view=view.name,
        captures=tuple(captures),
        suppressed=result.suppressed,
    )
