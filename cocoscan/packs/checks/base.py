"""What every lint check shares: the check base class, settings and context.

A check is a small class with a class-level ``code``, default ``severity``
and one-line ``description`` (the SARIF rule help). ``check_rule`` looks at
one rule, ``finalize`` looks across rules (uniqueness, duplicates), as in
pySigma's validators. The :class:`LintContext` holds what several checks
need and computes it once: the loaded packs, the loader's own issues, the
example outcomes, the benign corpus and its views.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

import regex

from cocoscan.errors import PackError
from cocoscan.normalize import normalise
from cocoscan.packs.examples import (
    ExampleOutcome,
    SourceCache,
    iter_rules,
    run_rule_examples,
)
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import Pack, Rule

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_WORD = regex.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class LintSettings:
    """Thresholds of the checks; ``patterns/lint.toml`` ``[thresholds]`` overrides.

    Attributes:
        keyword_min_length: shorter keywords are flagged (CL108).
        keyword_max_benign_rate: share of benign messages a keyword may wake.
        rule_max_benign_rate: share of benign messages a rule's prefilter may pass.
        subword_max_rate: share of a keyword's benign hits that may fall
            inside longer words ("age" in "fromage") before CL108 warns.
        subword_min_hits: fewer benign hits than this are not judged.
        regex_time_budget: seconds one adversarial probe may take (CL103).
        probe_chars: length of each adversarial probe.
        regex_min_chars: regexes that can match fewer characters warn (CL104).
        min_match_examples: match examples every rule needs (CL201).
        min_no_match_examples: no-match examples every rule needs (CL201).
        stable_min_examples: match and no-match examples a stable rule needs.
        fuzzy_frequent_min_count: a benign token seen this often is "frequent".
    """

    keyword_min_length: int = 3
    keyword_max_benign_rate: float = 0.02
    rule_max_benign_rate: float = 0.05
    subword_max_rate: float = 0.5
    subword_min_hits: int = 3
    regex_time_budget: float = 0.25
    probe_chars: int = 10_000
    regex_min_chars: int = 3
    min_match_examples: int = 1
    min_no_match_examples: int = 1
    stable_min_examples: int = 3
    fuzzy_frequent_min_count: int = 2


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A ``[[exclude]]`` entry of ``lint.toml``: code, rule glob, reason."""

    code: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class LintConfig:
    """``lint.toml``: thresholds, globally disabled checks, exclusions."""

    settings: LintSettings = field(default_factory=LintSettings)
    disabled: tuple[str, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    source: str | None = None


def read_lint_config(path: Path | None) -> LintConfig:
    """Parse ``lint.toml``; ``None`` gives the defaults.

    Raises:
        PackError: the file does not parse or names an unknown threshold.
    """
    if path is None:
        return LintConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(
            f"cannot read lint settings: {exc}", location=str(path)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"TOML does not parse: {exc}", location=str(path)) from exc
    known = {f.name: f.type for f in fields(LintSettings)}
    raw = data.get("thresholds", {})
    values: dict[str, Any] = {}
    for key, value in raw.items() if isinstance(raw, dict) else ():
        if key not in known:
            raise PackError(f"unknown threshold {key!r}", location=str(path))
        values[key] = value
    checks = data.get("checks", {})
    disabled = tuple(str(c) for c in checks.get("disabled", [])) if checks else ()
    exclusions = []
    for item in data.get("exclude", []):
        if not isinstance(item, dict) or not item.get("reason"):
            raise PackError(
                "[[exclude]] entries need code, rule and reason", location=str(path)
            )
        exclusions.append(
            Exclusion(
                str(item.get("code", "")),
                str(item.get("rule", "*")),
                str(item["reason"]),
            )
        )
    return LintConfig(LintSettings(**values), disabled, tuple(exclusions), str(path))


class BenignCorpus:
    """Benign messages a pack ships (``benign/<lang>.txt``), one per line.

    Lines that are blank or start with ``#`` are skipped. Views are built
    lazily, once per view name.
    """

    def __init__(self, by_language: dict[str, list[str]]) -> None:
        self.by_language = by_language
        self._views: dict[tuple[str, str], list[str]] = {}
        self._tokens: dict[str, Counter[str]] = {}

    @classmethod
    def from_dir(cls, folder: Path | None) -> BenignCorpus:
        by_language: dict[str, list[str]] = {}
        if folder is not None and folder.is_dir():
            for f in sorted(folder.glob("*.txt")):
                text = f.read_text(encoding="utf-8", errors="replace")
                by_language[f.stem] = [
                    line
                    for line in text.splitlines()
                    if line.strip() and not line.lstrip().startswith("#")
                ]
        return cls(by_language)

    def __bool__(self) -> bool:
        return any(self.by_language.values())

    def languages_for(self, rule: Rule) -> list[str]:
        wanted = [lang for lang in rule.languages if lang in self.by_language]
        return wanted or sorted(self.by_language)

    def views(self, language: str, view: str) -> list[str]:
        key = (language, view)
        if key not in self._views:
            lines = self.by_language.get(language, [])
            self._views[key] = [normalise(line, view).text for line in lines]
        return self._views[key]

    def texts(self, rule: Rule) -> list[str]:
        """Benign messages in the rule's view, for the rule's languages."""
        out: list[str] = []
        for language in self.languages_for(rule):
            out.extend(self.views(language, rule.view))
        return out

    def token_counts(self, view: str) -> Counter[str]:
        if view not in self._tokens:
            counts: Counter[str] = Counter()
            for language in self.by_language:
                for text in self.views(language, view):
                    counts.update(_WORD.findall(text))
            self._tokens[view] = counts
        return self._tokens[view]


class LintContext:
    """Shared, computed-once inputs of every check."""

    def __init__(
        self,
        packs: Sequence[Pack],
        load_issues: Sequence[PackIssue],
        config: LintConfig,
        benign: BenignCorpus,
        root: Path | None = None,
    ) -> None:
        self.packs = list(packs)
        self.load_issues = list(load_issues)
        self.config = config
        self.settings = config.settings
        self.benign = benign
        self.root = root
        self._outcomes: dict[tuple[str, int], list[ExampleOutcome]] = {}
        self._sources = SourceCache()
        self._lines: dict[str, list[str]] = {}
        self._raw: dict[str, dict[str, Any]] = {}
        #: Scratch space for checks that share a costly computation.
        self.cache: dict[str, Any] = {}

    def rules(self) -> Iterator[tuple[Pack, Rule]]:
        return iter_rules(self.packs)

    def broken(self, rule: Rule) -> bool:
        """True when the loader dropped a matcher of this rule (CL101, CL104)."""
        return any(
            i.rule_id == rule.id
            and i.path == rule.source
            and i.severity == "error"
            and i.code in ("CL101", "CL104", "CL109")
            for i in self.load_issues
        )

    def outcomes(self, pack: Pack, rule: Rule) -> list[ExampleOutcome]:
        """Example outcomes of a rule (run once, shared by every check)."""
        key = (rule.source, rule.line)
        if key not in self._outcomes:
            self._outcomes[key] = run_rule_examples(pack, rule, self._sources)
        return self._outcomes[key]

    def source_lines(self, source: str) -> list[str]:
        if source not in self._lines:
            try:
                text = Path(source).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._lines[source] = text.splitlines()
        return self._lines[source]

    def line_in_rule(self, rule: Rule, needle: str) -> int:
        """Line of ``needle`` inside the rule's block (the rule line if absent)."""
        lines = self.source_lines(rule.source)
        probe = needle[:40]
        for n in range(rule.line, len(lines) + 1):
            text = lines[n - 1]
            if n > rule.line and text.strip() == "[[rules]]":
                break
            if probe and probe in text:
                return n
        return rule.line

    def raw_rule(self, rule: Rule) -> dict[str, Any]:
        """The rule's table as written (for keys the compiled rule drops)."""
        if rule.source not in self._raw:
            try:
                self._raw[rule.source] = tomllib.loads(
                    "\n".join(self.source_lines(rule.source))
                )
            except tomllib.TOMLDecodeError:
                self._raw[rule.source] = {}
        for raw in self._raw[rule.source].get("rules", []):
            if isinstance(raw, dict) and raw.get("id") == rule.id:
                return raw
        return {}


class Check:
    """Base of every lint check: override ``check_rule`` and/or ``finalize``.

    The loader already reports some codes (schema, compile errors); ``run``
    passes those through so that every code has exactly one owner class.
    """

    code: ClassVar[str]
    severity: ClassVar[str]
    description: ClassVar[str]

    def run(self, ctx: LintContext) -> Iterator[PackIssue]:
        yield from (i for i in ctx.load_issues if i.code == self.code)
        for pack, rule in ctx.rules():
            yield from self.check_rule(ctx, pack, rule)
        yield from self.finalize(ctx)

    def check_rule(
        self, ctx: LintContext, pack: Pack, rule: Rule
    ) -> Iterator[PackIssue]:
        return iter(())

    def finalize(self, ctx: LintContext) -> Iterator[PackIssue]:
        return iter(())

    def issue(
        self,
        rule: Rule,
        message: str,
        *,
        line: int | None = None,
        severity: str | None = None,
    ) -> PackIssue:
        return PackIssue(
            self.code,
            severity or self.severity,
            rule.source,
            line or rule.line,
            message,
            rule.id,
        )
