"""Operators: turn detected spans into placeholders (Presidio's anonymizer half).

``replace`` writes a typed placeholder (``[PHONE]``), ``mask`` keeps the shape
(``06 •• •• •• 04``), ``pseudonym`` writes the keyed ``P-XXXXXXXXXX`` of the
entity's value. ``redact`` (silent removal) is deliberately absent: evidence
excerpts that silently lose words mislead their reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cocoscan.keys import pseudonym
from cocoscan.redact.detectors import PiiSpan

#: The placeholder each kind becomes under ``replace``.
PLACEHOLDERS: dict[str, str] = {
    "EMAIL": "[EMAIL]",
    "URL": "[URL]",
    "IBAN": "[IBAN]",
    "CARD": "[CARD]",
    "WALLET": "[WALLET]",
    "PHONE": "[PHONE]",
    "HANDLE": "[HANDLE]",
    "AUTHOR": "[NAME]",
    "ADDRESS": "[ADDRESS]",
    "NAME": "[NAME]",
    "NUMBER": "[NUMBER]",
    "PLACE": "[PLACE]",
}

#: Default operator per kind: authors become their pseudonym (so a reader can
#: follow who is named where), everything else a typed placeholder.
DEFAULT_OPERATORS: dict[str, str] = {kind: "replace" for kind in PLACEHOLDERS} | {
    "AUTHOR": "pseudonym"
}


def mask(value: str, keep_start: int = 2, keep_end: int = 2, char: str = "•") -> str:
    """Replace the letters and digits of ``value`` except the first/last few."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join(char if i in hidden else ch for i, ch in enumerate(value))


@dataclass(frozen=True, slots=True)
class Redactor:
    """Applies operators to spans of one text; holds the key, never the text."""

    key: bytes
    operators: dict[str, str]

    def replacement(self, span: PiiSpan, original: str) -> str:
        """The text that replaces ``original`` (the slice of ``span``)."""
        op = self.operators.get(span.kind, "replace")
        if op == "pseudonym":
            return pseudonym(self.key, span.value or original)
        if op == "mask":
            return mask(original)
        return PLACEHOLDERS.get(span.kind, "[REDACTED]")

    def apply(self, text: str, spans: Sequence[PiiSpan]) -> Redacted:
        """Redact ``text``; ``spans`` must be sorted and non-overlapping."""
        pieces: list[str] = []
        anchors: list[tuple[int, int, int, int]] = []
        cursor = 0
        out_len = 0
        for span in spans:
            pieces.append(text[cursor : span.start])
            out_len += span.start - cursor
            rep = self.replacement(span, text[span.start : span.end])
            anchors.append((span.start, span.end, out_len, out_len + len(rep)))
            pieces.append(rep)
            out_len += len(rep)
            cursor = span.end
        pieces.append(text[cursor:])
        return Redacted("".join(pieces), tuple(anchors))


@dataclass(frozen=True, slots=True)
class Redacted:
    """A redacted text and the anchors mapping raw offsets into it.

    ``anchors`` holds ``(raw_start, raw_end, red_start, red_end)`` per
    replaced span, so that a raw span (the indicator phrase, in original
    code points) can be located in the redacted text: redaction never breaks
    the offsets of the evidence.
    """

    text: str
    anchors: tuple[tuple[int, int, int, int], ...]

    def map_start(self, offset: int) -> int:
        """Redacted offset of a raw start (inside a placeholder: its start)."""
        shift = 0
        for raw_s, raw_e, red_s, red_e in self.anchors:
            if offset < raw_s:
                break
            if offset < raw_e:
                return red_s
            shift = red_e - raw_e
        return offset + shift

    def map_end(self, offset: int) -> int:
        """Redacted offset of a raw end (inside a placeholder: its end)."""
        shift = 0
        for raw_s, raw_e, _red_s, red_e in self.anchors:
            if offset <= raw_s:
                break
            if offset <= raw_e:
                return red_e
            shift = red_e - raw_e
        return offset + shift

    def boundaries(self) -> list[tuple[int, int]]:
        """Redacted spans of every placeholder (never cut an excerpt inside one)."""
        return [(red_s, red_e) for _, _, red_s, red_e in self.anchors]


__all__ = ["DEFAULT_OPERATORS", "PLACEHOLDERS", "Redacted", "Redactor", "mask"]
