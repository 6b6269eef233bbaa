"""Run every rule's examples through the real matching pipeline.

A rule proves itself with examples (``examples.match``, ``no_match`` and the
``todo_*`` known gaps). Each rule runs alone in its own
:class:`~cocoscan.matching.Engine`, and each example goes through *both*
paths a scan uses:

* the fast path, :meth:`Engine.scan_batch` on a one-message batch: byte
  skeleton prefilter, keyword automaton, fuzzy tokens, matchers, allow
  blocks and guards. A match example that only the exact path finds means
  the prefilter would hide real findings (unsound prefilter);
* the exact path, :meth:`Engine.match_text`, which skips the skeleton.

A match example passes when the rule fires *unsuppressed* on both paths; a
no-match example passes when the rule does not fire, or fires suppressed (an
allow block or a guard keeps it visible but inactive). ``{text, span}``
examples also compare the evidence span in raw code points (``span`` is
``[start, end]`` or the expected evidence substring).

Used by ``tests/packs/test_examples.py`` (one pytest test per example),
``cocoscan lint`` (CL202, CL203, CL107, CL111) and ``cocoscan test``.
Outcomes carry the example text for the tests; callers that print must not
print it (examples are synthetic, but the habit matters).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cocoscan.matching import Engine
from cocoscan.matching.matchers import evaluate
from cocoscan.model import Message, Problem, SourceLocation
from cocoscan.normalize import normalise
from cocoscan.packs.schema import Pack, Rule

#: Example kinds, in the order they are run and reported.
KINDS: tuple[str, ...] = ("match", "no_match", "todo_match", "todo_no_match")
#: Author given to example messages (allow blocks may list authors).
EXAMPLE_AUTHOR = "example-author"
#: Generous per-call budget: examples are short, a timeout here is a finding.
EXAMPLE_TIMEOUT = 1.0

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    """What one example did, on both matching paths.

    Attributes:
        rule_id: the rule the example belongs to.
        kind: ``match``, ``no_match``, ``todo_match`` or ``todo_no_match``.
        index: 1-based position in its list (as a reader counts in the TOML).
        text: the example text (synthetic; do not print it in diagnostics).
        passed: the example behaves as its kind asks (for ``todo_*`` kinds:
            the known gap is now closed).
        fast_fired: the fast path produced an unsuppressed hit.
        exact_fired: the exact path produced an unsuppressed match.
        suppressed: the suppression reason when the rule fired but was silenced.
        span: the raw evidence span of the exact path, when it fired.
        expected_span: the span the example declares, if any.
        detail: why it failed (empty when it passed); never holds chat text.
        source: pack file of the rule.
        line: 1-based line of the example in the pack (rule line if unknown).
        timed_out: a regex of the rule hit the time budget on this example.
        stage: where a failing example fails: ``prefilter`` (the matchers
            fire but the keyword prefilter drops the message), ``skeleton``
            (the byte fast path drops it), ``matcher``, ``span`` or
            ``timeout``; empty when it passed.
        bare_fired: the matchers alone (no prefilter) fire unsuppressed.
    """

    rule_id: str
    kind: str
    index: int
    text: str
    passed: bool
    fast_fired: bool
    exact_fired: bool
    suppressed: str | None
    span: Span | None
    expected_span: Span | None
    detail: str
    source: str
    line: int
    timed_out: bool = False
    stage: str = ""
    bare_fired: bool = False

    @property
    def test_id(self) -> str:
        """``rule-id-kind-N``: the pytest id, so ``-k RULE`` selects a rule."""
        return f"{self.rule_id}-{self.kind.replace('_', '-')}-{self.index}"

    @property
    def is_todo(self) -> bool:
        """True for tracked known gaps (never fail CI)."""
        return self.kind.startswith("todo_")

    @property
    def wants_fire(self) -> bool:
        """True when the example should make the rule fire unsuppressed."""
        return self.kind in ("match", "todo_match")


@dataclass(frozen=True, slots=True)
class _Example:
    kind: str
    index: int
    text: str
    span: object  # as declared: None, [start, end] or an evidence string


def _single_rule_pack(pack: Pack, rule: Rule) -> Pack:
    return dataclasses.replace(pack, rules=(rule,))


def _message(text: str) -> Message:
    location = SourceLocation("<example>", "0" * 64, 0, 1, "example")
    return Message(location, "example", EXAMPLE_AUTHOR, None, text, 0)


class SourceCache:
    """Raw TOML of pack files, for what the compiled rule does not keep.

    ``Rule.examples`` keeps texts only; declared spans and example lines are
    read back from the pack source here (the loader stays unchanged).
    """

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}
        self._lines: dict[str, list[str]] = {}

    def _load(self, source: str) -> None:
        if source in self._data:
            return
        try:
            text = Path(source).read_text(encoding="utf-8", errors="replace")
            data = tomllib.loads(text)
        except (OSError, tomllib.TOMLDecodeError):
            text, data = "", {}
        self._data[source] = data
        self._lines[source] = text.splitlines()

    def raw_examples(self, rule: Rule) -> dict[str, list[object]]:
        self._load(rule.source)
        for raw in self._data[rule.source].get("rules", []):
            if isinstance(raw, dict) and raw.get("id") == rule.id:
                examples = raw.get("examples", {})
                if isinstance(examples, dict):
                    return {
                        k: list(v) for k, v in examples.items() if isinstance(v, list)
                    }
        return {}

    def examples_line(self, rule: Rule) -> int:
        """Line of the rule's examples table (the rule line if not found)."""
        self._load(rule.source)
        lines = self._lines[rule.source]
        for n in range(rule.line, len(lines) + 1):
            if "examples" in lines[n - 1]:
                return n
        return rule.line

    def line_of(self, rule: Rule, text: str, after: int) -> int:
        """First line at or after ``after`` holding the example (best effort)."""
        self._load(rule.source)
        lines = self._lines[rule.source]
        probe = text[:40]
        start = max(after, self.examples_line(rule))
        for n in range(start, len(lines) + 1):
            if probe and probe in lines[n - 1]:
                return n
        return rule.line


def _examples(rule: Rule, cache: SourceCache) -> list[_Example]:
    declared = cache.raw_examples(rule)
    out: list[_Example] = []
    for kind in KINDS:
        texts: Sequence[str] = getattr(rule.examples, kind)
        raws = declared.get(kind, [])
        for i, text in enumerate(texts):
            raw = raws[i] if i < len(raws) else None
            span = raw.get("span") if isinstance(raw, dict) else None
            out.append(_Example(kind, i + 1, text, span))
    return out


def _expected_span(text: str, declared: object) -> Span | None:
    if isinstance(declared, list) and len(declared) == 2:
        return int(declared[0]), int(declared[1])
    if isinstance(declared, str) and declared:
        start = text.find(declared)
        return (start, start + len(declared)) if start >= 0 else (-1, -1)
    return None


class _RuleRunner:
    """One engine for one rule; runs its examples on both paths."""

    def __init__(self, pack: Pack, rule: Rule) -> None:
        self.rule = rule
        self.engine = Engine(
            [_single_rule_pack(pack, rule)], regex_timeout=EXAMPLE_TIMEOUT
        )

    def fast(self, text: str) -> tuple[bool, str | None, Span | None]:
        hits = [
            h
            for h in self.engine.scan_batch([_message(text)])
            if h.rule_id == self.rule.id
        ]
        if not hits:
            return False, None, None
        hit = hits[0]
        return hit.suppressed is None, hit.suppressed, hit.span

    def bare(self, text: str) -> bool:
        """The rule's matchers alone, no prefilter: would it fire unsuppressed?"""
        view = normalise(text, self.rule.view)
        try:
            result = evaluate(self.rule, view, EXAMPLE_AUTHOR, EXAMPLE_TIMEOUT)
        except TimeoutError:
            return False
        return result is not None and result.suppressed is None

    def exact(self, text: str) -> tuple[bool, str | None, Span | None]:
        for rule, result, view in self.engine.match_text(text, EXAMPLE_AUTHOR):
            if rule.id != self.rule.id:
                continue
            span = view.raw_span(result.match.start, result.match.end)
            return result.suppressed is None, result.suppressed, span
        return False, None, None

    def timeouts(self) -> int:
        return self.engine.stats.timeouts.get(self.rule.id, 0)


def _judge(ex: _Example, runner: _RuleRunner) -> ExampleOutcome:
    rule = runner.rule
    before = runner.timeouts()
    exact_fired, exact_reason, exact_span = runner.exact(ex.text)
    fast_fired, fast_reason, fast_span = runner.fast(ex.text)
    timed_out = runner.timeouts() > before
    bare = runner.bare(ex.text) if not exact_fired else True
    expected = _expected_span(ex.text, ex.span)
    wants = ex.kind in ("match", "todo_match")
    detail, stage = "", ""
    if timed_out:
        detail, stage = "a regex of the rule timed out on this example", "timeout"
    elif wants:
        if not exact_fired and bare:
            detail, stage = (
                "the matchers fire but no keyword of the rule occurs in the "
                f"{rule.view} view: the keyword prefilter hides this example",
                "prefilter",
            )
        elif not exact_fired:
            detail = (
                f"rule fires but is suppressed ({exact_reason})"
                if exact_reason
                else "rule does not fire"
            )
            stage = "matcher"
        elif not fast_fired:
            detail, stage = (
                "the exact path fires but the byte skeleton prefilter drops the "
                "message (unsound fast path)",
                "skeleton",
            )
        elif expected is not None and expected != exact_span:
            detail = f"evidence span {exact_span} differs from the declared {expected}"
            stage = "span"
        elif expected is not None and fast_span != exact_span:
            detail = f"fast-path span {fast_span} differs from exact {exact_span}"
            stage = "span"
    elif exact_fired or fast_fired:
        detail, stage = "rule fires unsuppressed", "matcher"
    return ExampleOutcome(
        rule_id=rule.id,
        kind=ex.kind,
        index=ex.index,
        text=ex.text,
        passed=not detail,
        fast_fired=fast_fired,
        exact_fired=exact_fired,
        suppressed=exact_reason or fast_reason,
        span=exact_span if exact_span is not None else fast_span,
        expected_span=expected,
        detail=detail,
        source=rule.source,
        line=rule.line,
        timed_out=timed_out,
        stage=stage,
        bare_fired=bare,
    )


def run_rule_examples(
    pack: Pack, rule: Rule, cache: SourceCache | None = None
) -> list[ExampleOutcome]:
    """Every example of one rule, run alone through the real pipeline."""
    cache = cache or SourceCache()
    runner = _RuleRunner(pack, rule)
    outcomes: list[ExampleOutcome] = []
    line = rule.line
    for ex in _examples(rule, cache):
        line = cache.line_of(rule, ex.text, line)
        outcomes.append(dataclasses.replace(_judge(ex, runner), line=line))
    return outcomes


def iter_rules(packs: Iterable[Pack]) -> Iterator[tuple[Pack, Rule]]:
    """Every ``(pack, rule)`` pair, in pack order."""
    for pack in packs:
        for rule in pack.rules:
            yield pack, rule


def run_examples(packs: Iterable[Pack]) -> list[ExampleOutcome]:
    """Outcomes of every example of every rule of ``packs``, in pack order."""
    cache = SourceCache()
    outcomes: list[ExampleOutcome] = []
    for pack, rule in iter_rules(packs):
        outcomes.extend(run_rule_examples(pack, rule, cache))
    return outcomes


@dataclass(frozen=True, slots=True)
class PackTestOutcome:
    """One ``[[tests]]`` entry of a pack: a labelled sample and expected counts.

    ``counts`` are unsuppressed hits per rule id found in the sample;
    ``problem`` is set when the sample cannot be found or read.
    """

    pack_id: str
    source: str
    file: str
    expect: tuple[tuple[str, int], ...]
    counts: tuple[tuple[str, int], ...]
    problem: str | None = None

    @property
    def failures(self) -> list[str]:
        """Human-readable mismatches: rule, expected and found counts."""
        if self.problem:
            return [self.problem]
        found = dict(self.counts)
        return [
            f"{rule}: expected {n}, found {found.get(rule, 0)}"
            for rule, n in self.expect
            if found.get(rule, 0) != n
        ]

    @property
    def passed(self) -> bool:
        return not self.failures


def _sample_path(pack: Pack, file: str) -> Path | None:
    """Sample files are relative to the pack, its parents, or the cwd."""
    here = Path(pack.source).resolve().parent
    for base in (here, *here.parents[:3], Path.cwd()):
        candidate = base / file
        if candidate.is_file():
            return candidate
    return None


def run_pack_tests(
    packs: Sequence[Pack], engine_packs: Sequence[Pack]
) -> list[PackTestOutcome]:
    """Run every ``[[tests]]`` entry of ``packs`` with the rules of ``engine_packs``.

    Each sample is read with the normal readers and matched with one engine
    over every rule given (tests may count hits of rules of other packs).
    """
    from cocoscan.ingest import open_inputs

    engine = Engine(engine_packs)
    out: list[PackTestOutcome] = []
    for pack in packs:
        try:
            data = tomllib.loads(Path(pack.source).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for entry in data.get("tests", []):
            if not isinstance(entry, dict):
                continue
            file = str(entry.get("file", ""))
            raw_expect = entry.get("expect", {})
            expect = tuple(
                sorted((str(k), int(v)) for k, v in raw_expect.items())
                if isinstance(raw_expect, dict)
                else ()
            )
            path = _sample_path(pack, file)
            if path is None:
                out.append(
                    PackTestOutcome(
                        pack.id,
                        pack.source,
                        file,
                        expect,
                        (),
                        f"sample {file!r} not found",
                    )
                )
                continue
            counts: dict[str, int] = {}
            problem = None
            for stream in open_inputs([str(path)]):
                if isinstance(stream, Problem):
                    problem = f"sample {file!r} cannot be read: {stream.reason}"
                    continue
                batch = list(stream)
                for start in range(0, len(batch), 512):
                    for hit in engine.scan_batch(batch[start : start + 512]):
                        if hit.suppressed is None:
                            counts[hit.rule_id] = counts.get(hit.rule_id, 0) + 1
            out.append(
                PackTestOutcome(
                    pack.id,
                    pack.source,
                    file,
                    expect,
                    tuple(sorted(counts.items())),
                    problem,
                )
            )
    return out


__all__ = [
    "KINDS",
    "ExampleOutcome",
    "PackTestOutcome",
    "iter_rules",
    "run_examples",
    "run_pack_tests",
    "run_rule_examples",
]
