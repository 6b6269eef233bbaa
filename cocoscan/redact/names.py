"""Known names: every author of the scan, found wherever it is written.

Structured identifiers (authors, participants) are redacted
deterministically, whatever a detector guesses: an author's name inside
another message, in a conversation id or in a file name is replaced by that
author's pseudonym. One Aho-Corasick automaton over lower-cased names keeps
this linear in the text, whatever the number of authors.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

import ahocorasick

from cocoscan.redact.detectors import STOPWORDS, PiiSpan

_MIN_PART = 4
#: Longer names are searched with ``str.find``: pyahocorasick frees its trie
#: recursively and segfaults on keys of a few hundred thousand characters
#: (a hostile export can carry such an author name).
MAX_AUTOMATON_KEY = 1000


def _lower(text: str) -> str:
    """Lower-case without changing length, so offsets stay valid."""
    # NOTE: U+0130 (dotted capital I) is the only code point whose lower()
    # is longer than one character; everything else maps one to one.
    if "\u0130" not in text:
        return text.lower()
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class NameMatcher:
    """Finds known author names (and the distinctive parts of long names)."""

    def __init__(self, authors: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._count = 0
        self._long: dict[str, str] = {}
        for author in sorted(set(authors)):
            for variant in self._variants(author):
                key = _lower(variant)
                if not key.strip() or key in self._automaton or key in self._long:
                    continue
                if len(key) > MAX_AUTOMATON_KEY:
                    self._long[key] = author
                    continue
                self._automaton.add_word(key, (len(key), author))
                self._count += 1
        if self._count:
            self._automaton.make_automaton()

    @staticmethod
    def _variants(author: str) -> Iterator[str]:
        clean = unicodedata.normalize("NFC", author).strip()
        if len(clean) >= 2:
            yield clean
        # "Marie Dupont" is also written "Marie" or "Dupont": distinctive,
        # capitalised parts of multi-word names are redacted on their own.
        parts = [p.strip(".,;:!?()[]'\"") for p in clean.split()]
        if len(parts) > 1:
            for part in parts:
                if (
                    len(part) >= _MIN_PART
                    and part[:1].isupper()
                    and part.casefold() not in STOPWORDS
                ):
                    yield part

    def __len__(self) -> int:
        return self._count + len(self._long)

    def _occurrences(self, lowered: str) -> Iterator[tuple[int, int, str]]:
        if self._count:
            for end_index, (length, author) in self._automaton.iter(lowered):
                yield end_index - length + 1, end_index + 1, author
        for key, author in self._long.items():
            at = lowered.find(key)
            while at >= 0:
                yield at, at + len(key), author
                at = lowered.find(key, at + 1)

    def find(self, text: str) -> Iterator[PiiSpan]:
        """Whole-word, case-insensitive occurrences of known names."""
        if not len(self) or not text:
            return
        lowered = _lower(text)
        for start, end, author in self._occurrences(lowered):
            if start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
                continue
            if end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
                continue
            yield PiiSpan("AUTHOR", start, end, "author", author)


__all__ = ["NameMatcher"]
