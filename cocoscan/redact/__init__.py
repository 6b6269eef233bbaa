"""Redaction: unredacted :class:`ScanResult` in, :class:`EvidenceReport` out.

This is the last stage that sees raw chat text. Detection of PII spans
(:mod:`.detectors`, :mod:`.names`) and their replacement (:mod:`.operators`)
are separate; :mod:`.excerpt` cuts the redacted window around the indicator
phrase, which stays readable (it is the evidence) while every contact value
or known name inside or around it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import orjson

from cocoscan.errors import ConfigError
from cocoscan.keys import pseudonym
from cocoscan.model import (
    AuthorResult,
    ConversationResult,
    Finding,
    Message,
    ScanResult,
)
from cocoscan.redact.detectors import LEVELS, PiiSpan, resolve_overlaps
from cocoscan.redact.evidence import (
    ContextLine,
    EvidenceAuthor,
    EvidenceConversation,
    EvidenceFinding,
    EvidenceReport,
    InputRef,
    PackRef,
    RunInfo,
    SourceRef,
)
from cocoscan.redact.excerpt import cut_excerpt, shorten
from cocoscan.redact.names import NameMatcher
from cocoscan.redact.operators import DEFAULT_OPERATORS, Redacted, Redactor

REDACTION_LEVELS: tuple[str, ...] = tuple(LEVELS)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 text of a timestamp, ``None`` stays ``None``."""
    return value.isoformat() if value is not None else None


class TextRedactor:
    """Redacts texts and identifiers of one scan with one key and level.

    Results are cached by text: context messages repeat across findings of
    a conversation, and conversation ids repeat across every record.
    """

    def __init__(self, key: bytes, level: str, authors: Iterable[str]) -> None:
        if level not in LEVELS:
            known = ", ".join(LEVELS)
            raise ConfigError(f"unknown redaction level {level!r} (expected {known})")
        self.key = key
        self.level = level
        self._detectors = LEVELS[level]
        self._names = NameMatcher(authors)
        self._redactor = Redactor(key, dict(DEFAULT_OPERATORS))
        self._cache: dict[str, Redacted] = {}
        self._ids: dict[str, str] = {}
        self._pseudonyms: dict[str, str] = {}
        self._locators: dict[str, str] = {}
        self._taken: set[str] = set()

    def spans(self, text: str, *, level: str | None = None) -> list[PiiSpan]:
        """Every PII span of ``text``, overlaps resolved."""
        found: list[PiiSpan] = list(self._names.find(text))
        for detector in LEVELS[level] if level else self._detectors:
            found.extend(detector(text))
        return resolve_overlaps(found)

    def locator(self, text: str) -> str:
        """A path, message id or member: known names and contact values only.

        Strict mode's extra detectors (numbers, places) are not applied:
        they would turn ``export-2024.txt`` or message ``1234`` into
        placeholders and break the provenance they exist to give.
        """
        done = self._locators.get(text)
        if done is None:
            spans = self.spans(text, level="standard")
            done = self._locators[text] = self._redactor.apply(text, spans).text
        return done

    def redact(self, text: str) -> Redacted:
        """``text`` with every detected span replaced, plus its offset anchors."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._redactor.apply(text, self.spans(text))
            self._cache[text] = cached
        return cached

    def text(self, text: str) -> str:
        """Redacted text only."""
        return self.redact(text).text

    def explanation(self, text: str) -> str:
        """An explanation line: built by cocoscan, never from chat text.

        Only known author names are replaced (heuristics may name the author
        a signal came from); the PII detectors would mangle scores and rule
        ids ("x0.85" looks like a handle).
        """
        spans = resolve_overlaps(self._names.find(text))
        return self._redactor.apply(text, spans).text if spans else text

    def author(self, name: str | None) -> str | None:
        """Pseudonym of an author (``None`` for system messages)."""
        if name is None:
            return None
        done = self._pseudonyms.get(name)
        if done is None:
            done = self._pseudonyms[name] = pseudonym(self.key, name)
        return done

    def identifier(self, raw: str) -> str:
        """A conversation id with known names and contact values redacted.

        Ids without PII are kept exactly; two raw ids never share a redacted
        one (a ``#n`` suffix separates them, in first-seen order).
        """
        done = self._ids.get(raw)
        if done is not None:
            return done
        red = self.locator(raw)
        candidate, n = red, 2
        if red != raw:
            while candidate in self._taken:
                candidate, n = f"{red}#{n}", n + 1
        self._ids[raw] = candidate
        self._taken.add(candidate)
        return candidate


def _all_authors(result: ScanResult) -> set[str]:
    names: set[str] = set()
    for conv in result.conversations:
        names.update(conv.authors)
        for finding in conv.findings:
            for msg in (finding.hit.message, *finding.hit.context):
                if msg.author:
                    names.add(msg.author)
    names.update(a.author for a in result.authors)
    return names


def _message_order(finding: Finding) -> tuple[str, int, int, int, str, str]:
    loc = finding.hit.message.location
    return (
        loc.path,
        finding.hit.message.seq,
        finding.hit.span[0],
        finding.hit.span[1],
        finding.hit.rule_id,
        finding.fingerprint,
    )


def _context(red: TextRedactor, finding: Finding) -> tuple[ContextLine, ...]:
    own = finding.hit.message
    lines = []
    for msg in finding.hit.context:
        before = (msg.location.path, msg.seq) < (own.location.path, own.seq)
        lines.append(
            ContextLine(
                author=red.author(msg.author),
                timestamp=iso(msg.sent_at),
                text=shorten(red.text(msg.text)),
                position="before" if before else "after",
            )
        )
    return tuple(lines)


def _finding(red: TextRedactor, finding: Finding, conv_id: str) -> EvidenceFinding:
    hit = finding.hit
    msg: Message = hit.message
    loc = msg.location
    redacted = red.redact(msg.text)
    excerpt, highlight = cut_excerpt(redacted, hit.span)
    return EvidenceFinding(
        id=finding.fingerprint,
        rule=hit.rule_id,
        category=hit.category,
        severity=hit.severity.label,
        confidence=hit.confidence,
        signals=tuple(hit.signals),
        score=round(finding.score, 4),
        conversation=conv_id,
        message=red.locator(loc.message_id),
        author=red.author(msg.author),
        timestamp=iso(msg.sent_at),
        source=SourceRef(
            path=red.locator(loc.path),
            sha256=loc.input_sha256,
            line=loc.line,
            byte_offset=loc.byte_offset,
            member=red.locator(loc.member) if loc.member is not None else None,
        ),
        span=(hit.span[0], hit.span[1]),
        excerpt=excerpt,
        highlight=highlight,
        context=_context(red, finding),
        explanation=tuple(red.explanation(e) for e in finding.explanation),
        suppressed=red.text(finding.suppressed) if finding.suppressed else None,
        matcher=hit.matcher,
        view=hit.view,
    )


def _conversation(red: TextRedactor, conv: ConversationResult) -> EvidenceConversation:
    authors = sorted({p for a in conv.authors if (p := red.author(a)) is not None})
    return EvidenceConversation(
        conversation=red.identifier(conv.conversation),
        rank=conv.rank,
        score=round(conv.score, 4),
        severity=conv.severity.label if conv.severity is not None else None,
        categories=tuple(conv.categories),
        signals=tuple(conv.signals),
        authors=tuple(authors),
        findings=len(conv.findings),
        messages=conv.messages,
        first_seen=iso(conv.first_seen),
        last_seen=iso(conv.last_seen),
        explanation=tuple(red.explanation(e) for e in conv.explanation),
    )


def _author(red: TextRedactor, author: AuthorResult) -> EvidenceAuthor:
    return EvidenceAuthor(
        author=red.author(author.author) or "",
        rank=author.rank,
        score=round(author.score, 4),
        categories=tuple(author.categories),
        conversations=tuple(red.identifier(c) for c in author.conversations),
        findings=author.findings,
        explanation=tuple(red.explanation(e) for e in author.explanation),
    )


def _run_info(
    red: TextRedactor, result: ScanResult, key_id: str, level: str
) -> RunInfo:
    from cocoscan import __version__

    options = orjson.loads(
        orjson.dumps(result.options, option=orjson.OPT_SORT_KEYS, default=str)
    )
    return RunInfo(
        tool_name="cocoscan",
        tool_version=__version__,
        packs=tuple(PackRef(i, v, h) for i, v, h in sorted(result.packs)),
        inputs=tuple(
            InputRef(
                path=red.locator(i.path),
                sha256=i.sha256,
                format=i.format,
                size=i.size,
                messages=i.messages,
                errors=i.errors,
            )
            for i in result.inputs
        ),
        options_json=orjson.dumps(options, option=orjson.OPT_SORT_KEYS).decode(),
        started=iso(result.started) or "",
        finished=iso(result.finished) or "",
        partial=result.partial,
        counts=tuple((k, int(v)) for k, v in result.counts.items()),
        problems=tuple(red.locator(str(p)) for p in result.problems),
        key_id=key_id,
        redaction=level,
    )


def redact_result(
    result: ScanResult, *, key: bytes, key_id: str, level: str = "standard"
) -> EvidenceReport:
    """Turn a scan's raw results into shareable evidence.

    Authors become keyed pseudonyms; contact values (phones, e-mails, IBANs,
    cards, handles, URLs, addresses) and introduced names become typed
    placeholders; known author names anywhere (text, conversation ids, file
    names) become the author's pseudonym. ``strict`` also hides numbers of
    four or more digits, places and greeted names.
    """
    red = TextRedactor(key, level, _all_authors(result))
    ranked = sorted(result.conversations, key=lambda c: (c.rank, c.conversation))
    conversations = tuple(_conversation(red, c) for c in ranked)
    findings: list[EvidenceFinding] = []
    for conv, ev in zip(ranked, conversations, strict=True):
        for finding in sorted(conv.findings, key=_message_order):
            findings.append(_finding(red, finding, ev.conversation))
    authors = tuple(
        sorted(
            (_author(red, a) for a in result.authors), key=lambda a: (a.rank, a.author)
        )
    )
    return EvidenceReport(
        run=_run_info(red, result, key_id, level),
        conversations=conversations,
        findings=tuple(findings),
        authors=authors,
    )


__all__ = ["REDACTION_LEVELS", "TextRedactor", "iso", "redact_result"]
