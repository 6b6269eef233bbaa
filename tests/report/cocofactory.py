"""Hand-built ScanResults for the redaction and writer tests.

The engine is not needed: a conversation is a list of ``(author, text)``
pairs, and a finding names the message index and the indicator phrase.
Everything is synthetic: fictional phone ranges, example.org e-mails,
made-up handles, a valid-checksum test IBAN.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cocoscan.model import (
    AuthorResult,
    ConversationResult,
    Finding,
    Hit,
    InputInfo,
    Message,
    Problem,
    ScanResult,
    Severity,
    SourceLocation,
)

T0 = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)


@dataclass
class Spec:
    """One finding: message index, indicator phrase, rule metadata."""

    index: int
    phrase: str
    rule: str
    category: str
    severity: Severity = Severity.HIGH
    signals: tuple[str, ...] = ()
    score: float = 0.8
    suppressed: str | None = None


@dataclass
class Conv:
    """A conversation to build: id, input path, messages, findings."""

    id: str
    path: str
    messages: list[tuple[str, str]]
    findings: list[Spec] = field(default_factory=list)
    score: float = 0.0
    severity: Severity | None = None
    signals: tuple[str, ...] = ()


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build_messages(conv: Conv) -> list[Message]:
    out = []
    offset = 0
    for i, (author, text) in enumerate(conv.messages):
        loc = SourceLocation(
            path=conv.path,
            input_sha256=sha(conv.path),
            byte_offset=offset,
            line=i + 1,
            message_id=str(i),
        )
        out.append(
            Message(
                location=loc,
                conversation=conv.id,
                author=author,
                sent_at=T0 + timedelta(minutes=7 * i),
                text=text,
                seq=i,
                timestamp_raw=None,
            )
        )
        offset += len(text.encode()) + 40
    return out


def build_result(
    convs: list[Conv],
    *,
    problems: list[Problem] | None = None,
    context: int = 2,
) -> ScanResult:
    results: list[ConversationResult] = []
    inputs: dict[str, InputInfo] = {}
    by_author: dict[str, list[tuple[str, Finding]]] = {}
    ranked = sorted(convs, key=lambda c: (-c.score if c.findings else 1.0, c.id))
    for rank, conv in enumerate(ranked, start=1):
        msgs = build_messages(conv)
        findings = []
        for spec in conv.findings:
            msg = msgs[spec.index]
            start = msg.text.index(spec.phrase)
            ctx = tuple(
                m
                for m in msgs[max(0, spec.index - context) : spec.index + context + 1]
                if m is not msg
            )
            hit = Hit(
                rule_id=spec.rule,
                category=spec.category,
                severity=spec.severity,
                confidence="high",
                signals=spec.signals,
                message=msg,
                span=(start, start + len(spec.phrase)),
                matcher="literal 0",
                view="normalised",
                suppressed=spec.suppressed,
                context=ctx,
            )
            fp = sha(f"{spec.rule}|{conv.path}|{msg.location.message_id}|{start}")[:32]
            finding = Finding(
                fingerprint=fp,
                hit=hit,
                score=spec.score,
                explanation=(f"{spec.rule} (+{spec.score:.2f})",),
                suppressed=spec.suppressed,
            )
            findings.append(finding)
            if msg.author:
                by_author.setdefault(msg.author, []).append((conv.id, finding))
        cats = tuple(sorted({s.category for s in conv.findings}))
        results.append(
            ConversationResult(
                conversation=conv.id,
                rank=rank,
                score=conv.score,
                severity=conv.severity,
                categories=cats,
                signals=conv.signals,
                authors=tuple(sorted({a for a, _ in conv.messages})),
                findings=tuple(findings),
                messages=len(msgs),
                first_seen=msgs[0].sent_at,
                last_seen=msgs[-1].sent_at,
                explanation=tuple(f"{c}: {conv.score:.2f}" for c in cats),
            )
        )
        info = inputs.get(conv.path)
        size = sum(len(t.encode()) + 40 for _, t in conv.messages)
        inputs[conv.path] = InputInfo(
            path=conv.path,
            sha256=sha(conv.path),
            format="jsonl",
            size=size + (info.size if info else 0),
            messages=len(msgs) + (info.messages if info else 0),
            errors=0,
        )
    authors = []
    scored = sorted(
        by_author.items(), key=lambda kv: (-max(f.score for _, f in kv[1]), kv[0])
    )
    for rank, (name, items) in enumerate(scored, start=1):
        authors.append(
            AuthorResult(
                author=name,
                rank=rank,
                score=max(f.score for _, f in items),
                categories=tuple(sorted({f.category for _, f in items})),
                conversations=tuple(sorted({c for c, _ in items})),
                findings=len(items),
            )
        )
    problems = problems or []
    return ScanResult(
        conversations=results,
        authors=authors,
        inputs=sorted(inputs.values(), key=lambda i: i.path),
        problems=problems,
        packs=[("core-fr", "1.0.0", sha("fr")), ("core-en", "1.0.0", sha("en"))],
        options={"redact": "standard", "context": context, "packs": []},
        started=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        finished=datetime(2026, 1, 2, 3, 4, 9, tzinfo=UTC),
        counts={
            "inputs": len(inputs),
            "messages": sum(len(c.messages) for c in convs),
            "findings": sum(len(c.findings) for c in convs),
            "conversations": len(convs),
            "errors": len(problems),
        },
    )


#: Planted values: none of these may appear in any output file.
PLANTED = {
    "authors": ["Gaspard Vermillon", "Zéphyrine", "kevin_du_93", "+33 6 01 02 03 09"],
    "phones": [
        "06 01 02 03 04",
        "+33 6 01 02 03 05",
        "+1 555 0123 456",
        "07.01.02.03.06",
    ],
    "emails": ["zephy.rine@example.org", "gaspard.v@example.org"],
    "ibans": ["FR76 3000 6000 0112 3456 7890 189", "GB82WEST12345698765432"],
    "handles": ["zephy_2011", "@gaspard.v44", "lapin.bleu77"],
    "names": ["Ondine"],
}


def scenario() -> ScanResult:
    """Three conversations: FR grooming, EN sextortion/laundering, a benign one."""
    fr = Conv(
        id="discussion Zéphyrine",
        path="exports/chat-fr.jsonl",
        score=0.92,
        severity=Severity.CRITICAL,
        signals=("minor-age", "contact-exchange", "secrecy"),
        messages=[
            ("Zéphyrine", "salut, je m'appelle Ondine et j'ai 13 ans"),
            ("Gaspard Vermillon", "tu es très mature pour ton âge Zéphyrine"),
            (
                "Gaspard Vermillon",
                "ajoute moi sur snap: lapin.bleu77 et dis rien à tes parents",
            ),
            ("Zéphyrine", "mon snap c'est zephy_2011"),
            ("Gaspard Vermillon", "appelle moi au 06 01 02 03 04 c'est notre secret"),
            ("Zéphyrine", "ok"),
            (
                "+33 6 01 02 03 09",
                "écris à zephy.rine@example.org ou +33 6 01 02 03 05",
            ),
        ],
        findings=[
            Spec(
                1,
                "mature pour ton âge",
                "grooming.flattery.mature",
                "grooming",
                Severity.MEDIUM,
                ("flattery",),
                0.5,
            ),
            Spec(
                2,
                "dis rien à tes parents",
                "grooming.secrecy.dont-tell",
                "grooming",
                Severity.HIGH,
                ("secrecy",),
                0.8,
            ),
            Spec(
                4,
                "appelle moi au 06 01 02 03 04",
                "grooming.contact.phone",
                "grooming",
                Severity.HIGH,
                ("contact-exchange",),
                0.7,
            ),
            Spec(
                4,
                "c'est notre secret",
                "grooming.secrecy.our-secret",
                "grooming",
                Severity.CRITICAL,
                ("secrecy",),
                0.95,
            ),
        ],
    )
    en = Conv(
        id="case-en-7",
        path="exports/chat-en.csv",
        score=0.81,
        severity=Severity.HIGH,
        signals=("payment", "threat"),
        messages=[
            ("kevin_du_93", "hey, add me on insta @gaspard.v44"),
            ("Gaspard Vermillon", "pay 200 or I send the pics to everyone"),
            ("Gaspard Vermillon", "send it to FR76 3000 6000 0112 3456 7890 189 today"),
            (
                "kevin_du_93",
                "my name is Ondine, call +1 555 0123 456 or gaspard.v@example.org",
            ),
            (
                "Gaspard Vermillon",
                "also GB82WEST12345698765432 works, or 07.01.02.03.06",
            ),
        ],
        findings=[
            Spec(
                1,
                "or I send the pics to everyone",
                "sextortion.threat.publish",
                "sextortion",
                Severity.CRITICAL,
                ("threat",),
                0.9,
            ),
            Spec(
                2,
                "send it to FR76 3000 6000 0112 3456 7890 189",
                "laundering.iban.send",
                "laundering",
                Severity.MEDIUM,
                ("payment", "bank-account"),
                0.6,
            ),
        ],
    )
    benign = Conv(
        id="school-chat",
        path="exports/chat-en.csv",
        messages=[
            ("Ondine", "did you finish the maths homework?"),
            ("kevin_du_93", "yes"),
        ],
    )
    return build_result(
        [fr, en, benign],
        problems=[Problem("exports/broken.jsonl", 4, "invalid JSON", fatal=False)],
    )
