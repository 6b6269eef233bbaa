import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocoscan.normalize import fold, normalise


@pytest.mark.parametrize(
    ("raw", "view", "expected"),
    [
        ("Chut c'est notre SEEECRET", "normalised", "chut c'est notre secret"),
        ("ajoute moi sur s.n.a.p", "normalised", "ajoute moi sur snap"),
        ("ajoute moi sur s n a p", "normalised", "ajoute moi sur snap"),
        ("S-N-A-P", "normalised", "snap"),
        ("Ne dis rien à tes parents", "normalised", "ne dis rien a tes parents"),
        ("trooooop bien", "normalised", "trop bien"),
        ("T’as quel âge ?", "normalised", "t'as quel age ?"),
        ("ѕnар", "normalised", "snap"),  # Cyrillic look-alikes
        ("s\u200bn\u200dap", "normalised", "snap"),  # zero-width
        ("\u202esnap\u202c", "normalised", "snap"),  # bidi override
        ("Ｓｎａｐ", "normalised", "snap"),  # fullwidth
        ("𝐬𝐧𝐚𝐩", "normalised", "snap"),  # mathematical bold
        ("cœur", "normalised", "coeur"),
        ("y a-t-il un bus", "normalised", "y a-t-il un bus"),
        ("j'ai 13 ans", "deleet", "j'ai 13 ans"),  # digits alone stay digits
        ("add me on 5n4pch4t", "deleet", "add me on snapchat"),
        ("sn@p", "deleet", "snap"),
        ("s.n.4.p", "deleet", "snap"),
        ("ab   cd\t\tef", "normalised", "ab cd ef"),
    ],
)
def test_views(raw: str, view: str, expected: str) -> None:
    assert normalise(raw, view).text == expected


def test_raw_view_is_identity() -> None:
    v = normalise("Hé ho", "raw")
    assert v.text == "Hé ho"
    assert v.raw_span(0, 2) == (0, 2)


def test_unknown_view() -> None:
    with pytest.raises(ValueError, match="unknown view"):
        normalise("x", "upside-down")


def test_span_maps_back_into_raw_text() -> None:
    raw = "Bon, CHUT c’est nôtre seeecret 🤫 ok"
    view = normalise(raw)
    start = view.text.index("secret")
    s, e = view.raw_span(start, start + len("secret"))
    assert raw[s:e] == "seeecret"


def test_fold_matches_message_folding() -> None:
    assert fold("  Quel ÂGE  ") == "quel age"


PIECES = [
    *list("abcdeéèsnap .-'’3"),
    "\u200b",
    "\u200e",
    "\u202f",
    "É",
    "  ",
    "😀",
    "ѕ",
    "...",
    "eee",
    "s.n.a.p",
    "Ｓ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_every_view_character_maps_into_the_raw_text(raw: str) -> None:
    for name in ("normalised", "deleet"):
        view = normalise(raw, name)
        last_start = 0
        for i, ch in enumerate(view.text):
            s, e = view.raw_span(i, i + 1)
            assert 0 <= s < e <= len(raw)
            assert s >= last_start  # offsets never go backwards
            last_start = s
            if name == "normalised" and ch.isalpha():
                # the raw characters behind a view letter fold to that letter
                assert ch in normalise(raw[s:e], name).text


def test_idempotent_on_normal_text() -> None:
    once = normalise("Ajoute-moi sur SNAP, t’as quel âge ?").text
    assert normalise(once).text == once
