"""Text strategies that reach the tricky parts of Unicode on purpose."""

from __future__ import annotations

from hypothesis import strategies as st

#: Characters that normalisation and redaction treat specially.
SPECIAL = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
    "\u2069\ufeff\u00ad\u00a0\u202f\t\r\n .-_*'’\"@+0123456789"
    "éèàçœæßİıﬁﬃ①ⓐＡ𝐀ѕаοе"  # accents, ligatures, circled, fullwidth, homoglyphs
    "👨‍👩‍👧🏳️‍🌈👍🏽"  # ZWJ sequences and modifiers
    "$3!1|0@4"  # leet
)

texts = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters(codec="utf-8")),
    max_size=200,
)

words = st.sampled_from(
    [
        "snap",
        "secret",
        "tes parents",
        "seeecret",
        "s.n.a.p",
        "s-n-a-p",
        "trooooop",
        "ajoute",
        "m0i",
        "bonjour",
        "13 ans",
        "insta",
    ]
)

chatty = st.lists(st.one_of(words, texts), max_size=8).map(" ".join)
