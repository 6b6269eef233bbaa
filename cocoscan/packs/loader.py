"""Load TOML pattern packs into compiled :class:`Rule` records.

Two modes, as in pySigma: ``collect=True`` gathers every problem (lint),
``collect=False`` stops at the first error with a :class:`PackError` that
names ``file:line`` (scan). Keywords and literals are folded with the same
normaliser as message views at load time, and regexes are compiled once
here, never in the per-message path. Packs are data only: no includes, no
code.
"""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import regex

from cocoscan import __version__
from cocoscan.errors import PackError
from cocoscan.model import SIGNALS, Severity
from cocoscan.normalize import VIEWS, fold
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.schema import (
    ALLOW_KEYS,
    CONFIDENCES,
    DEFAULT_KEYS,
    EXAMPLE_KEYS,
    GUARD_NAMES,
    MATCH_KEYS,
    MATCHER_KEYS,
    PACK_KEYS,
    RULE_CATEGORIES,
    RULE_KEYS,
    SCHEMA_VERSION,
    STATUSES,
    TOP_KEYS,
    AllowBlock,
    Examples,
    Matcher,
    Pack,
    Rule,
    default_max_edits,
)

RULE_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*){2,}$")
#: Longest keyword accepted. pyahocorasick frees its trie recursively and
#: crashes the process on keys of a few hundred thousand characters, so a
#: hostile pack could otherwise take the scanner down.
MAX_KEYWORD_CHARS = 200

#: Files in a pack folder that are configuration, not packs.
NON_PACK_FILES = frozenset({"lint.toml", "known-fps.toml", "cocoscan.toml"})


def builtin_pack_dir() -> Path:
    """Where the shipped packs are: inside the wheel, or the source tree."""
    here = Path(__file__).resolve().parent.parent
    bundled = here / "_patterns"
    if bundled.is_dir():
        return bundled
    return here.parent / "patterns"


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` resolves (links followed) to a place under ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def discover_pack_files(
    paths: Iterable[str | Path], escaped: list[Path] | None = None
) -> list[Path]:
    """Every ``*.toml`` pack under the given files or folders, sorted.

    Packs are data confined to their pack folder: a file found in a folder
    walk that is a link leading outside that folder is not loaded (it is
    appended to ``escaped`` so the caller can say so). A file named
    explicitly is the user's choice and is loaded as given.
    """
    found: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*.toml")):
                if f.name in NON_PACK_FILES or f.name.startswith("_"):
                    continue
                if _inside(f, path):
                    found.append(f)
                elif escaped is not None:
                    escaped.append(f)
        elif path.is_file():
            found.append(path)
        else:
            raise PackError("no such pack file or folder", location=str(path))
    return found


class _Collector:
    """Collects issues (lint) or raises at the first error (scan)."""

    def __init__(self, path: str, source: str, collect: bool) -> None:
        self.path = path
        self.lines = source.splitlines()
        self.collect = collect
        self.issues: list[PackIssue] = []

    def line_of(self, needle: str) -> int:
        """1-based line of the first line containing ``needle`` (1 if none)."""
        for n, text in enumerate(self.lines, start=1):
            if needle in text:
                return n
        return 1

    def rule_line(self, rule_id: str) -> int:
        """Line of ``id = "rule_id"``: tomllib gives no positions."""
        pattern = regex.compile(
            r"^\s*id\s*=\s*['\"]" + regex.escape(rule_id) + r"['\"]"
        )
        for n, text in enumerate(self.lines, start=1):
            if pattern.search(text):
                return n
        return 1

    def add(
        self,
        code: str,
        message: str,
        line: int = 1,
        rule_id: str | None = None,
        severity: str = "error",
    ) -> None:
        issue = PackIssue(code, severity, self.path, line, message, rule_id)
        if severity == "error" and not self.collect:
            raise PackError(f"{code} {message}", location=f"{self.path}:{line}")
        self.issues.append(issue)


def _unknown_keys(
    table: Mapping[str, Any],
    allowed: frozenset[str],
    where: str,
    col: _Collector,
    line: int,
    rule_id: str | None = None,
) -> None:
    for key in sorted(set(table) - allowed):
        hint = difflib.get_close_matches(key, sorted(allowed), n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        col.add("CL001", f"unknown key {key!r} in {where}{extra}", line, rule_id)


def _str_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _compile(
    pattern: str, col: _Collector, line: int, rule_id: str
) -> regex.Pattern[str] | None:
    try:
        return regex.compile(pattern, regex.IGNORECASE)
    except (regex.error, OverflowError, RecursionError) as exc:
        col.add("CL101", f"regex does not compile: {exc}", line, rule_id)
        return None


def _literal_regex(folded: str, partial: bool) -> str:
    body = regex.escape(folded, special_only=True)
    return body if partial else rf"(?<!\w){body}(?!\w)"


def _matchers(
    items: object, group: str, view: str, col: _Collector, line: int, rule_id: str
) -> tuple[Matcher, ...]:
    if not isinstance(items, list):
        col.add("CL001", f"match.{group} must be a list of matchers", line, rule_id)
        return ()
    out: list[Matcher] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            col.add("CL001", f"match.{group}[{index}] must be a table", line, rule_id)
            continue
        _unknown_keys(item, MATCHER_KEYS, f"match.{group}[{index}]", col, line, rule_id)
        kinds = [k for k in ("literal", "regex", "fuzzy") if k in item]
        if len(kinds) != 1:
            col.add(
                "CL001",
                f"match.{group}[{index}] needs exactly one of literal, regex, fuzzy",
                line,
                rule_id,
            )
            continue
        kind = kinds[0]
        pattern = str(item[kind])
        if kind == "regex":
            compiled = _compile(pattern, col, line, rule_id)
            if compiled is None:
                continue
            out.append(
                Matcher(kind, pattern, pattern, compiled, index=index, group=group)
            )
        elif kind == "literal":
            folded = fold(pattern, view) if view != "raw" else pattern
            if not folded:
                col.add(
                    "CL104",
                    f"literal {pattern!r} is empty once normalised",
                    line,
                    rule_id,
                )
                continue
            compiled = _compile(
                _literal_regex(folded, bool(item.get("partial"))), col, line, rule_id
            )
            if compiled is None:
                continue
            out.append(
                Matcher(kind, pattern, folded, compiled, index=index, group=group)
            )
        else:
            folded = fold(pattern, view) if view != "raw" else pattern.casefold()
            if " " in folded or not folded:
                col.add(
                    "CL109", f"fuzzy term {pattern!r} must be one token", line, rule_id
                )
                continue
            edits = int(item.get("max_edits", default_max_edits(folded)))
            out.append(
                Matcher(
                    kind,
                    pattern,
                    folded,
                    None,
                    max_edits=edits,
                    prefix_length=int(item.get("prefix_length", 0)),
                    index=index,
                    group=group,
                )
            )
    return tuple(out)


def _enum(
    value: object,
    allowed: Sequence[str],
    name: str,
    col: _Collector,
    line: int,
    rule_id: str,
) -> str:
    text = str(value)
    if text not in allowed:
        col.add(
            "CL005",
            f"{name} {text!r} is not one of {', '.join(allowed)}",
            line,
            rule_id,
        )
    return text


def _rule(
    raw: Mapping[str, Any],
    defaults: Mapping[str, Any],
    pack: Mapping[str, Any],
    col: _Collector,
) -> Rule | None:
    rule_id = str(raw.get("id", ""))
    line = col.rule_line(rule_id) if rule_id else 1
    _unknown_keys(raw, RULE_KEYS, "rule", col, line, rule_id or None)
    for key in ("id", "title", "description", "category", "subcategory"):
        if not raw.get(key):
            col.add("CL002", f"rule is missing {key!r}", line, rule_id or None)
    if not rule_id:
        return None
    if not RULE_ID.match(rule_id):
        col.add(
            "CL003",
            f"rule id {rule_id!r} must be dotted lower-case category.subcategory.name",
            line,
            rule_id,
        )
    merged = {**defaults, **raw}
    category = _enum(
        merged.get("category", ""), RULE_CATEGORIES, "category", col, line, rule_id
    )
    try:
        severity = Severity.parse(str(merged.get("severity", "low")))
    except ValueError as exc:
        col.add("CL005", str(exc), line, rule_id)
        severity = Severity.LOW
    confidence = _enum(
        merged.get("confidence", "medium"),
        CONFIDENCES,
        "confidence",
        col,
        line,
        rule_id,
    )
    status = _enum(
        merged.get("status", "experimental"), STATUSES, "status", col, line, rule_id
    )
    view = _enum(merged.get("view", "normalised"), VIEWS, "view", col, line, rule_id)
    signals = _str_list(raw.get("signals", []))
    for s in signals:
        _enum(s, SIGNALS, "signal", col, line, rule_id)
    guards = _str_list(raw.get("guards", []))
    for g in guards:
        _enum(g, GUARD_NAMES, "guard", col, line, rule_id)
    if view not in VIEWS:
        view = "normalised"
    match = raw.get("match", {})
    if not isinstance(match, dict) or not match:
        col.add(
            "CL002",
            "rule needs a [rules.match] table with any and/or all",
            line,
            rule_id,
        )
        match = {}
    _unknown_keys(match, MATCH_KEYS, "match", col, line, rule_id)
    any_m = _matchers(match.get("any", []), "any", view, col, line, rule_id)
    all_m = _matchers(match.get("all", []), "all", view, col, line, rule_id)
    keywords = tuple(
        sorted(
            {
                fold(k, view) if view != "raw" else k.casefold()
                for k in _str_list(raw.get("keywords", []))
            }
            - {""}
        )
    )
    for k in keywords:
        if len(k) > MAX_KEYWORD_CHARS:
            col.add(
                "CL005",
                f"a keyword is {len(k)} characters long "
                f"(at most {MAX_KEYWORD_CHARS}: keywords are short phrases)",
                line,
                rule_id,
            )
    keywords = tuple(k for k in keywords if len(k) <= MAX_KEYWORD_CHARS)
    allow = _allow_blocks(raw.get("allow", []), view, col, line, rule_id)
    examples = _examples(raw.get("examples", {}), col, line, rule_id)
    ignore = tuple(
        (str(i.get("code", "")), str(i.get("reason", "")))
        for i in raw.get("lint_ignore", [])
        if isinstance(i, dict)
    )
    return Rule(
        id=rule_id,
        title=str(raw.get("title", "")),
        description=str(raw.get("description", "")),
        category=category,
        subcategory=str(raw.get("subcategory", "")),
        severity=severity,
        confidence=confidence,
        status=status,
        view=view,
        keywords=keywords,
        any=any_m,
        all=all_m,
        signals=signals,
        guards=guards,
        allow=allow,
        examples=examples,
        falsepositives=_str_list(raw.get("falsepositives", [])),
        references=_str_list(raw.get("references", [])),
        languages=_str_list(raw.get("languages", pack.get("languages", []))),
        tags=_str_list(raw.get("tags", [])),
        report=bool(raw.get("report", True)),
        lint_ignore=ignore,
        pack_id=str(pack.get("id", "")),
        source=col.path,
        line=line,
    )


def _allow_blocks(
    items: object, view: str, col: _Collector, line: int, rule_id: str
) -> tuple[AllowBlock, ...]:
    if not isinstance(items, list):
        col.add(
            "CL001", "allow must be an array of tables ([[rules.allow]])", line, rule_id
        )
        return ()
    blocks: list[AllowBlock] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        _unknown_keys(item, ALLOW_KEYS, "allow", col, line, rule_id)
        patterns: list[regex.Pattern[str]] = []
        for r in _str_list(item.get("regexes", [])):
            compiled = _compile(r, col, line, rule_id)
            if compiled is not None:
                patterns.append(compiled)
        for lit in _str_list(item.get("literals", [])):
            folded = fold(lit, view) if view != "raw" else lit
            compiled = _compile(_literal_regex(folded, False), col, line, rule_id)
            if compiled is not None:
                patterns.append(compiled)
        target = str(item.get("target", "match"))
        if target not in ("match", "message"):
            col.add(
                "CL005",
                f"allow target {target!r} must be match or message",
                line,
                rule_id,
            )
        blocks.append(
            AllowBlock(
                str(item.get("description", "allow block")),
                tuple(patterns),
                target,
                _str_list(item.get("authors", [])),
            )
        )
    return tuple(blocks)


def _examples(raw: object, col: _Collector, line: int, rule_id: str) -> Examples:
    if not isinstance(raw, dict):
        col.add("CL001", "examples must be a table", line, rule_id)
        return Examples()
    _unknown_keys(raw, EXAMPLE_KEYS, "examples", col, line, rule_id)

    def texts(key: str) -> tuple[str, ...]:
        values = raw.get(key, [])
        return tuple(v["text"] if isinstance(v, dict) else str(v) for v in values)

    return Examples(
        texts("match"), texts("no_match"), texts("todo_match"), texts("todo_no_match")
    )


def load_pack_file(
    path: Path, *, collect: bool = False
) -> tuple[Pack | None, list[PackIssue]]:
    """Parse and compile one pack file.

    Returns the pack (``None`` when it cannot be built at all) and the issues
    found; with ``collect=False`` the first error raises :class:`PackError`.
    """
    shown = str(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read pack: {exc.strerror}", location=shown) from exc
    source = data_bytes.decode("utf-8", errors="replace")
    col = _Collector(shown, source, collect)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        col.add("CL001", f"TOML does not parse: {exc}", line)
        return None, col.issues
    _unknown_keys(data, TOP_KEYS, "pack file", col, 1)
    if data.get("schema") != SCHEMA_VERSION:
        col.add("CL001", f"schema must be {SCHEMA_VERSION}", col.line_of("schema"))
    pack = data.get("pack", {})
    if not isinstance(pack, dict):
        col.add("CL001", "[pack] must be a table", 1)
        return None, col.issues
    pack_line = col.line_of("[pack]")
    _unknown_keys(pack, PACK_KEYS, "[pack]", col, pack_line)
    for key in ("id", "version", "title", "description", "languages"):
        if not pack.get(key):
            col.add("CL002", f"[pack] is missing {key!r}", pack_line)
    defaults = pack.get("defaults", {})
    if isinstance(defaults, dict):
        _unknown_keys(defaults, DEFAULT_KEYS, "[pack.defaults]", col, pack_line)
    else:
        defaults = {}
    _check_min_version(str(pack.get("min_cocoscan", "")), col, pack_line)
    rules: list[Rule] = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        col.add("CL001", "rules must be an array of tables ([[rules]])", 1)
        raw_rules = []
    for raw in raw_rules:
        if isinstance(raw, dict):
            rule = _rule(raw, defaults, pack, col)
            if rule is not None:
                rules.append(rule)
    built = Pack(
        id=str(pack.get("id", path.stem)),
        version=str(pack.get("version", "")),
        title=str(pack.get("title", "")),
        description=str(pack.get("description", "")),
        languages=_str_list(pack.get("languages", [])),
        rules=tuple(rules),
        source=shown,
        sha256=hashlib.sha256(data_bytes).hexdigest(),
        license=str(pack["license"]) if "license" in pack else None,
    )
    return built, col.issues


def _toml_error_line(message: str) -> int:
    m = regex.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


def _check_min_version(wanted: str, col: _Collector, line: int) -> None:
    if not wanted:
        return

    def parts(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in regex.findall(r"\d+", v)[:3])

    if parts(wanted) > parts(__version__):
        col.add(
            "CL008", f"pack needs cocoscan >= {wanted} (this is {__version__})", line
        )


def load_packs(
    paths: Sequence[str | Path] = (),
    *,
    builtin: bool = True,
    collect: bool = False,
    include_experimental: bool = True,
    disabled_rules: Iterable[str] = (),
) -> tuple[list[Pack], list[PackIssue]]:
    """Load the built-in packs plus ``paths``; check ids are unique across packs.

    ``include_experimental=False`` drops experimental rules; deprecated and
    removed rules never run. Disabled rules are dropped too.
    """
    escaped: list[Path] = []
    files = discover_pack_files(
        ([builtin_pack_dir()] if builtin else []) + list(paths), escaped
    )
    packs: list[Pack] = []
    issues: list[PackIssue] = [
        PackIssue(
            "CL001",
            "warning",
            str(f),
            1,
            "pack file links outside its pack folder: not loaded",
        )
        for f in escaped
    ]
    seen: dict[str, str] = {}
    disabled = set(disabled_rules)
    for f in files:
        pack, found = load_pack_file(f, collect=collect)
        issues.extend(found)
        if pack is None:
            continue
        for rule in pack.rules:
            if rule.id in seen:
                issue = PackIssue(
                    "CL003",
                    "error",
                    rule.source,
                    rule.line,
                    f"duplicate rule id (first defined at {seen[rule.id]})",
                    rule.id,
                )
                if not collect:
                    raise PackError(
                        f"CL003 duplicate rule id {rule.id!r}", location=rule.location
                    )
                issues.append(issue)
            seen.setdefault(rule.id, rule.location)
        keep = tuple(
            r
            for r in pack.rules
            if r.id not in disabled
            and r.status not in ("deprecated", "removed")
            and (include_experimental or r.status != "experimental")
        )
        packs.append(_replace_rules(pack, keep))
    return packs, issues


def _replace_rules(pack: Pack, rules: tuple[Rule, ...]) -> Pack:
    return Pack(
        pack.id,
        pack.version,
        pack.title,
        pack.description,
        pack.languages,
        rules,
        pack.source,
        pack.sha256,
        pack.license,
    )
