"""Views of a message's text, each with an offset map back to the raw text.

Matchers never see raw chat text directly: they see a *view* (``normalised``
or ``deleet``) in which obfuscation is undone, and every span found in a view
is mapped back through :meth:`View.raw_span` so that a finding always points
into the original text (half-open code-point spans).

``normalised``: NFKC, confusable look-alikes to Latin, casefold, accents
stripped, zero-width / bidi / soft-hyphen removed, apostrophes and quotes
unified, whitespace runs collapsed, runs of 3+ identical letters shortened
to one ("trooop" -> "trop"), and single letters split by separators joined
("s.n.a.p", "s n a p" -> "snap"). ``deleet`` adds leet folding
(4->a 3->e 1->i 0->o 5->s 7->t @->a $->s) inside tokens that contain a
letter, so ages and phone numbers keep their digits.

This is the exact path: it runs per character, so the fast path
(``cocoscan.matching.skeleton``) decides which messages need it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

VIEWS: tuple[str, ...] = ("raw", "normalised", "deleet")

#: Removed outright: zero-width, bidi controls, soft hyphen, BOM, variation
#: selectors. They hide keywords ("s\u200bnap") and reorder display.
_REMOVED = frozenset(
    "\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff\ufe0e\ufe0f"
)

#: Common look-alikes NFKC leaves alone (Cyrillic, Greek, IPA) -> Latin.
_CONFUSABLES: dict[str, str] = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "һ": "h",
    "ɡ": "g",
    "ɑ": "a",
    "ο": "o",
    "α": "a",
    "ν": "v",
    "ρ": "p",
    "τ": "t",
    "ι": "i",
    "κ": "k",
    "χ": "x",
    "υ": "u",
    "ε": "e",
    "η": "n",
    "β": "b",
    "ɩ": "i",
    "ʏ": "y",
    "ꜱ": "s",
    "ᴀ": "a",
    "ʙ": "b",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ɢ": "g",
    "ʜ": "h",
    "ɪ": "i",
    "ᴊ": "j",
    "ᴋ": "k",
    "ʟ": "l",
    "ᴍ": "m",
    "ɴ": "n",
    "ᴏ": "o",
    "ᴘ": "p",
    "ʀ": "r",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
}

_APOSTROPHES = frozenset("'’‘`´ʼʻ′")
_QUOTES = frozenset('"«»“”„‟″')

_LEET = str.maketrans(
    {"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_CHARS = frozenset("4310 57@$")  # space never occurs inside a token
_HAS_LETTER = regex.compile(r"[^\W\d_]")
_TOKEN = regex.compile(r"\S+")
#: 3+ single letters split by the same separator: "s.n.a.p", "s n a p"
#: (the same separator throughout, so that "y a-t-il" stays as it is).
_SPLIT_WORD = regex.compile(
    r"(?<![^\W\d_])[^\W\d_]([.\-_* ])[^\W\d_](?:\1[^\W\d_])+(?![^\W\d_])"
)
_SEPARATORS = frozenset(".-_* ")

_fold_cache: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """Fold one raw character to its normalised form ('' when removed).

    Cached per distinct character: real chats use a few hundred.
    """
    if char in _REMOVED:
        return ""
    if char in _APOSTROPHES:
        return "'"
    if char in _QUOTES:
        return '"'
    if char.isspace():
        return " "
    out = []
    for c in unicodedata.normalize("NFKC", char):
        c = _CONFUSABLES.get(c, c)
        for d in c.casefold():
            d = _CONFUSABLES.get(d, d)
            for e in unicodedata.normalize("NFD", d):
                if unicodedata.combining(e):
                    continue
                out.append(_APOSTROPHES_MAP.get(e, e))
    return "".join(out)


_APOSTROPHES_MAP = {a: "'" for a in _APOSTROPHES} | {q: '"' for q in _QUOTES}


@dataclass(frozen=True, slots=True)
class View:
    """A folded text plus, per view character, the raw range it came from.

    ``starts``/``ends`` are ``None`` when the view is aligned one-to-one with
    the raw text (the common ASCII case), which keeps the fast case cheap.
    """

    name: str
    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open view span to the half-open raw span it covers."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = (
                self.starts[start]
                if start < len(self.starts)
                else (self.ends[-1] if self.ends else 0)
            )
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _identity_possible(raw: str) -> bool:
    """True when folding is 1:1 lower-casing: ASCII, no runs, no split words."""
    return (
        raw.isascii()
        and "  " not in raw
        and not any(c in raw for c in "`\t\r\n\x0b\x0c")
        and _RUN3.search(raw) is None
        and _SPLIT_WORD.search(raw) is None
    )


_RUN3 = regex.compile(r"([^\W\d_])\1\1", regex.IGNORECASE)


def _base(raw: str) -> tuple[list[str], list[int], list[int]]:
    """Per-character folding and whitespace collapsing, with raw ranges."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cache = _fold_cache
    for i, c in enumerate(raw):
        f = cache.get(c)
        if f is None:
            f = _fold_char(c)
            cache[c] = f
        for d in f:
            if d == " " and chars and chars[-1] == " ":
                ends[-1] = i + 1
                continue
            chars.append(d)
            starts.append(i)
            ends.append(i + 1)
    return chars, starts, ends


def _collapse_runs(chars: list[str], starts: list[int], ends: list[int]) -> None:
    """Shorten runs of 3+ identical letters to one letter, in place."""
    out = 0
    n = len(chars)
    i = 0
    while i < n:
        c = chars[i]
        j = i + 1
        while j < n and chars[j] == c:
            j += 1
        run = j - i
        if run >= 3 and c.isalpha():
            chars[out], starts[out], ends[out] = c, starts[i], ends[j - 1]
            out += 1
        else:
            for k in range(i, j):
                chars[out], starts[out], ends[out] = chars[k], starts[k], ends[k]
                out += 1
        i = j
    del chars[out:], starts[out:], ends[out:]


def _join_split_words(chars: list[str], starts: list[int], ends: list[int]) -> None:
    """Remove separators inside "s.n.a.p"-style words, in place."""
    text = "".join(chars)
    drop: set[int] = set()
    for m in _SPLIT_WORD.finditer(text):
        for k in range(m.start(), m.end()):
            if text[k] in _SEPARATORS:
                drop.add(k)
    if not drop:
        return
    keep = [k for k in range(len(chars)) if k not in drop]
    chars[:] = [chars[k] for k in keep]
    starts[:] = [starts[k] for k in keep]
    ends[:] = [ends[k] for k in keep]


def _deleet(chars: list[str]) -> None:
    """Fold leet characters inside tokens that contain a letter, in place."""
    text = "".join(chars)
    if not any(c in _LEET_CHARS for c in text):
        return
    for m in _TOKEN.finditer(text):
        token = m.group()
        if _HAS_LETTER.search(token) and any(c in _LEET_CHARS for c in token):
            for k, c in enumerate(token.translate(_LEET), start=m.start()):
                chars[k] = c


def _one_to_one_table() -> dict[int, str]:
    """Characters whose folding is exactly one character, and the rest.

    Latin-1 and common typography fold 1:1, so a message made only of them
    is folded by one C-level ``str.translate`` instead of a Python loop.
    """
    extra = "’‘“”«»\u202f\u2009\u2013\u2014\u2026œŒ"
    table: dict[int, str] = {}
    for c in [chr(i) for i in range(256)] + list(extra):
        folded = _fold_char(c)
        if len(folded) == 1:
            table[ord(c)] = folded
    return table


_TABLE1: dict[int, str] = _one_to_one_table()
_ONE_TO_ONE: set[str] = {chr(i) for i in _TABLE1}
_NOT_ONE_TO_ONE: set[str] = set()


def _all_one_to_one(raw: str) -> bool:
    """True when every character of ``raw`` folds to exactly one character.

    Unknown characters (emoji, other scripts) are folded once and remembered,
    so the table grows with what real exports contain.
    """
    unknown = set(raw) - _ONE_TO_ONE
    if not unknown:
        return True
    if unknown & _NOT_ONE_TO_ONE:
        return False
    ok = True
    for c in unknown:
        folded = _fold_char(c)
        if len(folded) == 1:
            _TABLE1[ord(c)] = folded
            _ONE_TO_ONE.add(c)
        else:
            _NOT_ONE_TO_ONE.add(c)
            ok = False
    return ok


_MERGE = regex.compile(r"  +|([^\W\d_])\1\1+")


def _fast_base(raw: str, deleet: bool) -> tuple[list[str], list[int], list[int]] | None:
    """``_base`` + leet + run collapsing with C-level operations, or ``None``.

    Only for texts whose every character folds 1:1; merges (space runs,
    letter runs) are applied right to left with slice deletions.
    """
    if not _all_one_to_one(raw):
        return None
    chars = list(raw.translate(_TABLE1))
    if deleet:
        _deleet(chars)
    n = len(chars)
    starts = list(range(n))
    ends = list(range(1, n + 1))
    merges = list(_MERGE.finditer("".join(chars)))
    for m in reversed(merges):
        a, b = m.start(), m.end()
        ends[a] = b
        del chars[a + 1 : b], starts[a + 1 : b], ends[a + 1 : b]
    return chars, starts, ends


def normalise(raw: str, view: str = "normalised") -> View:
    """Build one view of ``raw`` with its offset map.

    Args:
        raw: the message text as exported.
        view: ``raw``, ``normalised`` or ``deleet``.
    """
    if view == "raw":
        return View("raw", raw)
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if _identity_possible(raw):
        text = raw.lower()
        if view == "deleet" and any(c in _LEET_CHARS for c in text):
            chars = list(text)
            _deleet(chars)
            text = "".join(chars)
            if _SPLIT_WORD.search(text) is None and _RUN3.search(text) is None:
                return View(view, text)
        else:
            return View(view, text)
    fast = _fast_base(raw, view == "deleet")
    if fast is not None:
        chars, starts, ends = fast
    else:
        chars, starts, ends = _base(raw)
        if view == "deleet":
            _deleet(chars)
        _collapse_runs(chars, starts, ends)
    _join_split_words(chars, starts, ends)
    return View(view, "".join(chars), tuple(starts), tuple(ends))


def fold(text: str, view: str = "normalised") -> str:
    """The view form of a pattern literal or keyword (same folding as messages)."""
    return normalise(text, view).text.strip()
