"""The records that flow through cocoscan's pipeline, one direction only.

readers -> :class:`Message` (with :class:`SourceLocation`) -> normalised views ->
prefilter -> matchers -> :class:`Hit` -> heuristics and scoring ->
:class:`Finding`, :class:`ConversationResult`, :class:`AuthorResult` ->
redaction -> evidence records (``cocoscan.redact``) -> writers.

This module imports nothing from cocoscan: every stage depends on it, it
depends on no stage. Spans are half-open ``(start, end)`` in code points of
``Message.text`` (the raw text as exported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum

#: Harm categories: fixed ids, written into every output.
CATEGORIES: tuple[str, ...] = (
    "grooming",
    "prostitution",
    "ambush",
    "sextortion",
    "hate",
    "laundering",
)

#: Signals feed scores but are not harms alone. A rule may emit several.
SIGNALS: tuple[str, ...] = (
    "minor-age",  # a declared or implied age under 18 (school grade included)
    "adult-age",  # a declared adult age
    "age-probe",  # someone asks the other's age or grade
    "age-gap",  # derived: an adult and a minor in the same conversation
    "contact-exchange",  # phone, e-mail, handle, invite link
    "off-platform",  # move to snap, insta, telegram, private
    "secrecy",  # don't tell, our secret, delete the chat
    "isolation",  # only I understand you; are you alone; parents away
    "flattery",  # mature for your age, special bond
    "gift",  # gift cards, game currency, top-ups, money offered
    "image-request",  # send a picture, turn on the cam
    "meeting",  # meeting logistics, come alone, pick you up
    "payment",  # pay, transfer, gift card codes, crypto
    "threat",  # threats to publish, to hurt, to out
    "deadline",  # you have 24h
    "rates",  # prices for services
    "logistics",  # hotel, incall/outcall, address
    "third-party",  # someone else manages, takes a cut
    "recruitment",  # easy money, job offers with a catch
    "bank-account",  # lend your account, IBAN/RIB with a cut
    "organiser",  # plural planning of an ambush: bait, group, film
    "lure",  # an isolated meeting from a dating-style profile
    "insult",  # abuse that is not hate against a protected group
    "dehumanisation",
    "violence-call",
    "pressure",  # guilt, compliance testing
)


class Severity(IntEnum):
    """Impact of a rule or a conversation; ordered, comparable."""

    INFORMATIONAL = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """Lower-case name as written in packs and outputs."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Parse a lower-case severity name; raises ``ValueError`` otherwise."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected {names})") from None


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a message came from: enough to find its bytes again.

    ``path`` is as the user gave it (never made absolute in reports); for an
    archive member it is the archive path and ``member`` names the member.
    ``byte_offset`` is the offset of the record's first byte in the
    (decompressed) stream; ``line`` is 1-based when the format has lines.
    ``message_id`` is the export's id, or the record index in its
    conversation.
    """

    path: str
    input_sha256: str
    byte_offset: int
    line: int | None
    message_id: str
    member: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One record of a chat export.

    ``kind`` is ``"text"`` for ordinary messages, ``"system"`` for notices
    (joins, encryption banners), ``"media"`` for attachment placeholders and
    ``"deleted"`` for deletion notices; heuristics skip the last three.
    ``timestamp_raw`` keeps the export's original string; ``sent_at`` is
    ``None`` rather than a guess when it cannot be parsed.
    ``seq`` is the 0-based ordinal of the message within its input, used to
    order messages stably (timestamps are not guaranteed monotonic).
    """

    location: SourceLocation
    conversation: str
    author: str | None
    sent_at: datetime | None
    text: str
    seq: int
    kind: str = "text"
    timestamp_raw: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad input or record: reported, counted, never raised past the reader.

    ``fatal`` means the whole input could not be read (the scan is partial);
    a non-fatal problem is one record that could not be interpreted (it is
    still counted in the input's ``errors``). ``reason`` never holds chat
    text.
    """

    path: str
    line: int | None
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class InputInfo:
    """Per-input accounting written into ``manifest.json``."""

    path: str
    sha256: str
    format: str
    size: int
    messages: int
    errors: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule firing on one message (before scoring).

    ``span`` points into ``message.text`` (raw). ``matcher`` names which
    matcher fired (``"regex 2"``, ``"literal 0"``, ``"fuzzy 1"``).
    ``captures`` holds named regex groups mapped to their raw text, used by
    heuristics (``age`` for a declared age); it never leaves the engine
    unredacted. ``suppressed`` is the justification when an allow block or
    guard silenced the hit; suppressed hits stay visible in reports.
    ``context`` holds up to a few messages of the same conversation before
    and after the hit (in order, the hit's own message excluded), so that
    reports can show the finding in context after redaction.
    """

    rule_id: str
    category: str
    severity: Severity
    confidence: str
    signals: tuple[str, ...]
    message: Message
    span: tuple[int, int]
    matcher: str
    view: str
    captures: tuple[tuple[str, str], ...] = ()
    suppressed: str | None = None
    context: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class ConversationStats:
    """Decomposable counters over every message of a conversation.

    Built while streaming, merged across workers; heuristics need these
    because hits alone describe only matching messages.
    """

    conversation: str
    messages: int
    authors: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    messages_by_author: tuple[tuple[str, int], ...] = ()
    #: (author, raw text of that author's first message, at most 200
    #: characters): kept in memory for fan-out detection, never written.
    openers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A scored hit: what a reviewer looks at.

    ``fingerprint`` is stable across runs with the same key and survives
    re-exports (no line numbers). ``score`` is in [0, 1]. ``explanation``
    lists short reasons with weights; it never contains chat text.
    """

    fingerprint: str
    hit: Hit
    score: float
    explanation: tuple[str, ...]
    suppressed: str | None = None

    @property
    def rule_id(self) -> str:
        """Rule that fired."""
        return self.hit.rule_id

    @property
    def category(self) -> str:
        """Category of the rule that fired."""
        return self.hit.category

    @property
    def severity(self) -> Severity:
        """Severity of the rule that fired."""
        return self.hit.severity


@dataclass(frozen=True, slots=True)
class ConversationResult:
    """A ranked conversation (rank 1 = most urgent).

    ``authors`` are raw author identifiers; redaction turns them into
    pseudonyms before any writer sees them.
    """

    conversation: str
    rank: int
    score: float
    severity: Severity | None
    categories: tuple[str, ...]
    signals: tuple[str, ...]
    authors: tuple[str, ...]
    findings: tuple[Finding, ...]
    messages: int
    first_seen: datetime | None
    last_seen: datetime | None
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuthorResult:
    """A ranked author, aggregated over conversations (raw id; redact later)."""

    author: str
    rank: int
    score: float
    categories: tuple[str, ...]
    conversations: tuple[str, ...]
    findings: int
    explanation: tuple[str, ...] = ()


@dataclass(slots=True)
class ScanResult:
    """Everything a scan produced, before redaction.

    Writers never receive this object: ``cocoscan.redact`` turns it into
    evidence first.
    """

    conversations: list[ConversationResult]
    authors: list[AuthorResult]
    inputs: list[InputInfo]
    problems: list[Problem]
    packs: list[tuple[str, str, str]]  # (id, version, sha256)
    options: dict[str, object]
    started: datetime
    finished: datetime
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def partial(self) -> bool:
        """True when any input or record could not be read (exit code 2)."""
        return bool(self.problems)
