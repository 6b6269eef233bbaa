"""Evidence records: the only thing writers ever receive.

Every field here is either redacted text (excerpts, context, explanations,
conversation ids with known names pseudonymised), a pseudonym, a hash, a
location or a number. No field can hold raw chat text or a raw author name;
:mod:`cocoscan.report` renders these records and nothing else, and can rebuild
them from an output folder (``cocoscan report`` re-renders without
rescanning).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where the evidence's bytes are: input path (redacted), hash, line, offset."""

    path: str
    sha256: str
    line: int | None
    byte_offset: int
    member: str | None = None


@dataclass(frozen=True, slots=True)
class ContextLine:
    """A redacted neighbouring message; ``position`` is ``before`` or ``after``."""

    author: str | None
    timestamp: str | None
    text: str
    position: str


@dataclass(frozen=True, slots=True)
class EvidenceFinding:
    """One finding, redacted.

    ``span`` is in code points of the *original* message text (provenance);
    ``highlight`` is the indicator phrase's span inside ``excerpt`` (the
    redacted, windowed text), so renderers can mark it without the raw text.
    """

    id: str
    rule: str
    category: str
    severity: str
    confidence: str
    signals: tuple[str, ...]
    score: float
    conversation: str
    message: str
    author: str | None
    timestamp: str | None
    source: SourceRef
    span: tuple[int, int]
    excerpt: str
    highlight: tuple[int, int]
    context: tuple[ContextLine, ...]
    explanation: tuple[str, ...]
    suppressed: str | None
    matcher: str
    view: str


@dataclass(frozen=True, slots=True)
class EvidenceConversation:
    """A ranked conversation, redacted (known names in its id pseudonymised)."""

    conversation: str
    rank: int
    score: float
    severity: str | None
    categories: tuple[str, ...]
    signals: tuple[str, ...]
    authors: tuple[str, ...]
    findings: int
    messages: int
    first_seen: str | None
    last_seen: str | None
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceAuthor:
    """A ranked author under a pseudonym."""

    author: str
    rank: int
    score: float
    categories: tuple[str, ...]
    conversations: tuple[str, ...]
    findings: int
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input as the manifest records it (path redacted of known names)."""

    path: str
    sha256: str
    format: str
    size: int
    messages: int
    errors: int


@dataclass(frozen=True, slots=True)
class PackRef:
    """A pattern pack that took part in the scan."""

    id: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class RunInfo:
    """Scan-level facts: tool, packs, options, times, problems, key id.

    ``options`` is canonical JSON text (sorted keys) so the record stays
    hashable and frozen; ``started`` / ``finished`` appear only in
    ``manifest.json``, so every other output is reproducible byte for byte.
    """

    tool_name: str
    tool_version: str
    packs: tuple[PackRef, ...]
    inputs: tuple[InputRef, ...]
    options_json: str
    started: str
    finished: str
    partial: bool
    counts: tuple[tuple[str, int], ...]
    problems: tuple[str, ...]
    key_id: str
    redaction: str


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """Everything writers render: redacted, pseudonymised, with provenance.

    ``conversations`` are in rank order, ``findings`` in conversation rank
    then message order, ``authors`` in rank order.
    """

    run: RunInfo
    conversations: tuple[EvidenceConversation, ...]
    findings: tuple[EvidenceFinding, ...]
    authors: tuple[EvidenceAuthor, ...]

    def findings_of(self, conversation: str) -> tuple[EvidenceFinding, ...]:
        """Findings of one conversation, in message order."""
        return tuple(f for f in self.findings if f.conversation == conversation)


__all__ = [
    "ContextLine",
    "EvidenceAuthor",
    "EvidenceConversation",
    "EvidenceFinding",
    "EvidenceReport",
    "InputRef",
    "PackRef",
    "RunInfo",
    "SourceRef",
]
