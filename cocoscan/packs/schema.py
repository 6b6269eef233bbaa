"""Typed pack and rule records, as parsed from TOML (schema version 1).

Rules are data: these dataclasses carry what a TOML pack declares plus the
compiled forms the matchers need, and remember their source file and line so
that every diagnostic can say ``file:line``. The format is documented in
``patterns/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cocoscan.model import Severity

SCHEMA_VERSION = 1
RULE_CATEGORIES: tuple[str, ...] = (
    "grooming",
    "prostitution",
    "ambush",
    "sextortion",
    "laundering",
    "hate",
    "signal",
)
CONFIDENCES: tuple[str, ...] = ("low", "medium", "high")
STATUSES: tuple[str, ...] = ("experimental", "test", "stable", "deprecated", "removed")
GUARD_NAMES: tuple[str, ...] = (
    "negation",
    "quotation",
    "reporting",
    "counter-speech",
    "self-reference",
    "news",
    "parental",
)
MATCHER_KINDS: tuple[str, ...] = ("literal", "regex", "fuzzy")

PACK_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "description",
        "languages",
        "license",
        "authors",
        "min_cocoscan",
        "defaults",
        "references",
    }
)
DEFAULT_KEYS = frozenset({"severity", "confidence", "status", "view"})
RULE_KEYS = frozenset(
    {
        "id",
        "title",
        "description",
        "category",
        "subcategory",
        "severity",
        "confidence",
        "status",
        "signals",
        "guards",
        "falsepositives",
        "references",
        "keywords",
        "view",
        "match",
        "allow",
        "examples",
        "languages",
        "tags",
        "related",
        "created",
        "modified",
        "report",
        "lint_ignore",
        "evidence_group",
        "scope",
        "requires",
        "min_count",
    }
)
MATCH_KEYS = frozenset({"any", "all"})
MATCHER_KEYS = frozenset(
    {
        "literal",
        "regex",
        "fuzzy",
        "max_edits",
        "partial",
        "flags",
        "prefix_length",
        "distance",
    }
)
ALLOW_KEYS = frozenset(
    {"description", "regexes", "literals", "target", "condition", "authors"}
)
EXAMPLE_KEYS = frozenset({"match", "no_match", "todo_match", "todo_no_match"})
TOP_KEYS = frozenset({"schema", "pack", "rules", "tests", "extend"})


def default_max_edits(term: str) -> int:
    """Edit budget by length: 0 up to 4 characters, 1 for 5-8, 2 from 9."""
    n = len(term)
    if n <= 4:
        return 0
    return 1 if n <= 8 else 2


@dataclass(frozen=True, slots=True)
class Matcher:
    """One literal, regex or fuzzy term; ``compiled`` is set for literal/regex.

    Literals compile to a word-bounded regex over the folded literal, so the
    same matching code serves both.
    """

    kind: str
    pattern: str  # as written in the pack
    folded: str  # in the rule's view form (literal, fuzzy); the pattern for regex
    compiled: regex.Pattern[str] | None
    max_edits: int = 0
    prefix_length: int = 0
    index: int = 0
    group: str = "any"  # "any" or "all"

    @property
    def label(self) -> str:
        """Short name used in explanations: ``regex 2`` (of the any-list)."""
        prefix = "" if self.group == "any" else "all "
        return f"{prefix}{self.kind} {self.index}"


@dataclass(frozen=True, slots=True)
class AllowBlock:
    """Suppresses a match (kept visible) when its text or message matches."""

    description: str
    patterns: tuple[regex.Pattern[str], ...]
    target: str  # "match" or "message"
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Examples:
    """A rule's proof: examples that run as tests and in ``cocoscan lint``."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    todo_match: tuple[str, ...] = ()
    todo_no_match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a pack, compiled and ready for the matchers."""

    id: str
    title: str
    description: str
    category: str
    subcategory: str
    severity: Severity
    confidence: str
    status: str
    view: str
    keywords: tuple[str, ...]  # folded into the view form
    any: tuple[Matcher, ...]
    all: tuple[Matcher, ...]
    signals: tuple[str, ...] = ()
    guards: tuple[str, ...] = ()
    allow: tuple[AllowBlock, ...] = ()
    examples: Examples = field(default_factory=Examples)
    falsepositives: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    report: bool = True
    lint_ignore: tuple[tuple[str, str], ...] = ()
    pack_id: str = ""
    source: str = ""
    line: int = 0

    @property
    def location(self) -> str:
        """``file:line`` of the rule's ``id =`` line."""
        return f"{self.source}:{self.line}"

    @property
    def matchers(self) -> tuple[Matcher, ...]:
        """All matchers, any-list first."""
        return self.any + self.all

    @property
    def fuzzy_terms(self) -> tuple[Matcher, ...]:
        """Fuzzy matchers: these bypass keywords in the prefilter."""
        return tuple(m for m in self.matchers if m.kind == "fuzzy")


@dataclass(frozen=True, slots=True)
class Pack:
    """One TOML pack file: metadata plus its rules."""

    id: str
    version: str
    title: str
    description: str
    languages: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str
    sha256: str
    license: str | None = None
