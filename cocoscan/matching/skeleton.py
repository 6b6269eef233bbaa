"""Fast path: a byte-level keyword skeleton that picks candidate messages.

Per-character ``str`` normalisation is the bottleneck of a Python scanner
(see ``bench/``), so a whole batch of messages is folded at once with
``bytes`` operations only: UTF-8 encode, a few ``replace`` calls for common
typographic characters, one ``translate`` (ASCII case, leet, Latin-1 accents
to base letters, punctuation and spaces to nothing), one run-collapsing
``re.sub``; then one Aho-Corasick automaton over the keywords folded the
same way finds the messages that need the exact path.

Soundness: whenever the exact path would see a keyword in a message view,
the skeleton of that message contains the keyword's skeleton (both sides
lose case, accents, leet, separators and repeated letters). Characters the
skeleton cannot fold (non-Latin-1 letters, zero-width and bidi controls,
mathematical letters, ligatures) make the message a *forced* candidate that
goes to the exact path whatever its keywords. Fuzzy terms never depend on
keywords: each distinct token of the batch is compared once (cached) with
the fuzzy terms, and messages holding a close token become candidates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import OSA

SEPARATOR = "\x1e"  # record separator between messages of a batch
_SEP_BYTE = b"\x1e"

#: Typographic characters folded before translation (UTF-8 -> ASCII).
_REPLACEMENTS: tuple[tuple[bytes, bytes], ...] = tuple(
    (a.encode(), b.encode())
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u00ab", '"'),
        ("\u00bb", '"'),
        ("\u00a0", " "),
        ("\u202f", " "),
        ("\u2026", "."),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u00b0", " "),
    )
)
#: Bytes that cannot be folded here: send the message to the exact path.
#: 0xC4-0xEF lead bytes cover every 2- and 3-byte character outside Latin-1
#: (Cyrillic, Greek, zero-width, bidi, fullwidth...); F0 9D is mathematical
#: alphanumerics; some Latin-1 characters fold to two letters or to digits;
#: the soft hyphen (C2 AD) is removed by the exact path, never a separator.
_FORCED = re.compile(
    rb"[\xc4-\xef]|\xf0\x9d|\xc3[\x86\x9f\xa6]|\xc2[\xaa\xad\xb2\xb3\xb5\xb9\xba\xbc-\xbe]"
)


def _table() -> bytes:
    table = bytearray(range(256))
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = c + 32
    for src, dst in zip("431057@$", "aeiostas", strict=True):
        table[ord(src)] = ord(dst)
    # Latin-1 letters are C3 xx in UTF-8: C3 is deleted, xx becomes the base letter.
    latin = {
        "a": "\x80\x81\x82\x83\x84\x85\xa0\xa1\xa2\xa3\xa4\xa5",
        "c": "\x87\xa7",
        "e": "\x88\x89\x8a\x8b\xa8\xa9\xaa\xab",
        "i": "\x8c\x8d\x8e\x8f\xac\xad\xae\xaf",
        "d": "\x90\xb0",
        "n": "\x91\xb1",
        "o": "\x92\x93\x94\x95\x96\x98\xb2\xb3\xb4\xb5\xb6\xb8",
        "u": "\x99\x9a\x9b\x9c\xb9\xba\xbb\xbc",
        "y": "\x9d\xbd\xbf",
        "p": "\x9e\xbe",
    }
    for base, chars in latin.items():
        for ch in chars:
            table[ord(ch)] = ord(base)
    return bytes(table)


_TABLE = _table()
#: Deleted after translation: C3/C2 lead bytes, ASCII punctuation, spaces, controls
#: (the record separator is kept).
_DELETE_ALL = bytes(
    b
    for b in range(256)
    if b in (0xC2, 0xC3)
    or (b < 0x80 and not chr(b).isalnum() and b not in (0x1E, 0x24, 0x40))
)
_DELETE_SPACED = bytes(b for b in (0xC2, 0xC3))
_PUNCT_TO_SPACE = bytes(
    (0x20 if (b < 0x80 and not chr(b).isalnum() and b not in (0x1E, 0x24, 0x40)) else c)
    for b, c in enumerate(_TABLE)
)
_PUNCT_ONLY = bytes(
    (0x20 if (b < 0x80 and not chr(b).isalnum() and b != 0x1E) else b)
    for b in range(256)
)
#: Runs of 3+ identical letters shorten to one, as in the exact views.
_LETTER_RUNS = re.compile(rb"([a-z])\1\1+")
_SPACES = re.compile(rb"  +")
#: Single letters split by one repeated separator ("s.n.a.p", "s n a p"): the
#: exact view joins them, the skeleton cannot, so such messages are forced.
_SPLIT = re.compile(
    rb"(?<![a-z0-9])[a-z0-9]([ .\-_*])[a-z0-9](?:\1[a-z0-9])+(?![a-z0-9])"
)
_RUNS = re.compile(rb"([^\x1e])\1+", re.DOTALL)
_FOUR_BYTES = re.compile(rb"[\xf0-\xf4][\x80-\xbf]{3}")


def fold_bytes(data: bytes) -> bytes:
    """Typographic replacements shared by the keyword and token skeletons."""
    for a, b in _REPLACEMENTS:
        if a in data:
            data = data.replace(a, b)
    return data


def _spaced_skeleton(data: bytes) -> bytes:
    """Letters folded, punctuation to spaces, letter runs and space runs shortened."""
    data = data.translate(_TABLE, _DELETE_SPACED).translate(_PUNCT_ONLY)
    return _SPACES.sub(b" ", _LETTER_RUNS.sub(rb"\1", data))


def skeleton(text: str) -> str:
    """The keyword skeleton of one string (keywords, at load time).

    Spaces are kept (folded from any punctuation, runs shortened), so a
    keyword never matches across a word break it does not contain.
    """
    data = _spaced_skeleton(fold_bytes(text.encode("utf-8", "surrogatepass")))
    return data.strip().decode("latin-1")


def token_skeleton(token: str) -> str:
    """Skeleton of a fuzzy term: folded like tokens, all runs collapsed."""
    data = fold_bytes(token.encode("utf-8", "surrogatepass"))
    return _RUNS.sub(rb"\1", data.translate(_TABLE, _DELETE_ALL)).decode("latin-1")


class SkeletonPrefilter:
    """Finds the messages of a batch that need the exact matching path.

    Args:
        keywords: every rule keyword, already folded into its view form.
        fuzzy_terms: ``(term, max_edits)`` for every fuzzy matcher.
        always: True when some rule has neither keywords nor fuzzy terms, so
            every message is a candidate.
    """

    def __init__(
        self,
        keywords: Iterable[str],
        fuzzy_terms: Iterable[tuple[str, int]],
        always: bool = False,
    ) -> None:
        self.always = always
        self._automaton = ahocorasick.Automaton()
        count = 0
        # Keywords that fold to less than two letters ("@") would wake almost
        # every message in the skeleton; they are sought as raw bytes instead.
        self._raw: list[re.Pattern[bytes]] = []
        for k in sorted(set(keywords)):
            s = skeleton(k)
            if len(s.replace(" ", "")) >= 2:
                self._automaton.add_word(s, s)
                count += 1
            elif k.isascii() and any(not c.isalnum() and not c.isspace() for c in k):
                self._raw.append(
                    re.compile(re.escape(k.strip().encode()), re.IGNORECASE)
                )
            else:
                self.always = True  # a one-letter keyword: no shortcut is sound
        self._has_keywords = count > 0
        if count:
            self._automaton.make_automaton()
        terms: dict[str, int] = {}
        for term, edits in fuzzy_terms:
            s = token_skeleton(term)
            if s:
                # one more edit than the exact path: folding may shift distances
                terms[s] = max(terms.get(s, 0), edits + 1)
        self._terms = terms
        self._by_length: dict[int, list[str]] = {}
        for s, edits in terms.items():
            for n in range(max(1, len(s) - edits), len(s) + edits + 1):
                self._by_length.setdefault(n, []).append(s)
        self._token_cache: dict[bytes, bool] = {}
        self.forced = 0
        self.candidates = 0

    def _fuzzy_hit(self, token: bytes) -> bool:
        cached = self._token_cache.get(token)
        if cached is not None:
            return cached
        word = _RUNS.sub(rb"\1", token).decode("latin-1")
        bucket = self._by_length.get(len(word), ())
        hit = False
        if bucket:
            for term, dist, _ in process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=2 + 1, limit=None
            ):
                if dist <= self._terms[term]:
                    hit = True
                    break
        if len(self._token_cache) > 2_000_000:
            self._token_cache.clear()
        self._token_cache[token] = hit
        return hit

    def select(self, texts: Sequence[str]) -> list[int]:
        """Indices (sorted) of the texts that need the exact path."""
        n = len(texts)
        if self.always or n == 0:
            return list(range(n))
        joined = SEPARATOR.join(texts)
        if joined.count(SEPARATOR) != n - 1:
            return list(range(n))  # a text holds the separator: no shortcut
        data = fold_bytes(joined.encode("utf-8", "surrogatepass"))
        chosen: set[int] = set()
        if _FORCED.search(data):
            data_bounds = _positions(data)
            for m in _FORCED.finditer(data):
                chosen.add(bisect.bisect_left(data_bounds, m.start()))
            self.forced += len(chosen)
        if _FOUR_BYTES.search(data):
            data = _FOUR_BYTES.sub(b" ", data)  # emoji are not letters
        if self._raw:
            raw_bounds = _positions(data)
            for pattern in self._raw:
                for m in pattern.finditer(data):
                    chosen.add(bisect.bisect_left(raw_bounds, m.start()))
        folded = data.translate(_TABLE, _DELETE_SPACED)
        if _SPLIT.search(folded):
            bounds = _positions(folded)
            for m in _SPLIT.finditer(folded):
                chosen.add(bisect.bisect_left(bounds, m.start()))
        spaced = folded.translate(_PUNCT_ONLY)
        if self._has_keywords:
            dense = _SPACES.sub(b" ", _LETTER_RUNS.sub(rb"\1", spaced))
            dense_bounds = _positions(dense)
            for end, _ in self._automaton.iter(dense.decode("latin-1")):
                chosen.add(bisect.bisect_left(dense_bounds, end))
        if self._terms:
            tokens = set(spaced.replace(_SEP_BYTE, b" ").split())
            hits = [t for t in tokens if self._fuzzy_hit(t)]
            if hits:
                spaced_bounds = _positions(spaced)
                pattern = re.compile(
                    rb"(?<![a-z])(?:"
                    + b"|".join(re.escape(t) for t in hits)
                    + rb")(?![a-z])"
                )
                for m in pattern.finditer(spaced):
                    chosen.add(bisect.bisect_left(spaced_bounds, m.start()))
        self.candidates += len(chosen)
        return sorted(chosen)


def _positions(data: bytes) -> list[int]:
    """Offsets of the record separators: message k ends at ``bounds[k]``."""
    return [m.start() for m in _SEP_RE.finditer(data)]


_SEP_RE = re.compile(_SEP_BYTE)
