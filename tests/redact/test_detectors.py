from __future__ import annotations

import pytest

from cocoscan.redact import TextRedactor
from cocoscan.redact.detectors import PiiSpan, resolve_overlaps
from cocoscan.redact.operators import Redactor, mask

KEY = b"k" * 32


def standard(text: str, authors: tuple[str, ...] = ()) -> str:
    return TextRedactor(KEY, "standard", authors).text(text)


def strict(text: str, authors: tuple[str, ...] = ()) -> str:
    return TextRedactor(KEY, "strict", authors).text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("appelle au 06 01 02 03 04 ce soir", "appelle au [PHONE] ce soir"),
        ("mon num 07.01.02.03.06", "mon num [PHONE]"),
        ("tel +33 6 01 02 03 05 !", "tel [PHONE] !"),
        ("or 0033 6 01 02 03 05", "or [PHONE]"),
        ("call +1 555 0123 456", "call [PHONE]"),
        ("call +44 20 7946 0018 now", "call [PHONE] now"),
        ("Call me at (555) 010-1234", "Call me at [PHONE]"),
        ("écris à zephy.rine@example.org", "écris à [EMAIL]"),
        ("mail jean (at) example (dot) org", "mail [EMAIL]"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "IBAN [IBAN] merci"),
        ("iban GB82WEST12345698765432", "iban [IBAN]"),
        ("RIB 30002 00550 0000157845Z 02", "RIB [IBAN]"),
        ("card 4111 1111 1111 1111 ok", "card [CARD] ok"),
        ("ajoute moi sur snap: lapin.bleu77 stp", "ajoute moi sur snap: [HANDLE] stp"),
        ("mon snap c'est zephy", "mon snap c'est [HANDLE]"),
        ("add me on insta cool_kid_09", "add me on insta [HANDLE]"),
        ("follow me @gaspard.v44.", "follow me [HANDLE]."),
        ("mon tiktok = lilou.dance", "mon tiktok = [HANDLE]"),
        ("rejoins t.me/joinchat/AbCd et discord.gg/xYz.", "rejoins [URL] et [URL]."),
        ("https://example.org/p?id=3, voilà", "[URL], voilà"),
        ("wa.me/15550123456", "[URL]"),
        ("rdv au 12 rue de la Paix, 75002 Paris", "rdv au [ADDRESS]"),
        ("at 10 Downing Street tonight", "at [ADDRESS] tonight"),
        ("je m'appelle lucie et toi", "je m'appelle [NAME] et toi"),
        ("my name is Tom, 14", "my name is [NAME], 14"),
        ("moi c'est Inès", "moi c'est [NAME]"),
        ("add me on snap, ivy.sketches, ok", "add me on snap, [HANDLE], ok"),
        ("my tag is mk_nightdrive", "my tag is [HANDLE]"),
        ("venmo me @lauren-p-example.", "venmo me [HANDLE]."),
        ("send your cashtag $lina-k2 now", "send your cashtag [HANDLE] now"),
        ("wallet: bc1qfake0wallet0for0samples0only", "wallet: [WALLET]"),
        ("to 0x52908400098527886E0F7030069857D2E4169EE7 pls", "to [WALLET] pls"),
    ],
)
def test_standard_detects(text: str, expected: str) -> None:
    assert standard(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "j'ai 13 ans et je suis en 4e",
        "on se parle sur snap demain",
        "c'est notre secret",
        "t'as snap ?",
        "I'm tired",
        "le code FR76 3000 6000 0112 3456 7890 188 est faux",  # bad checksum
        "card 4111 1111 1111 1112",  # bad Luhn
        "rendez-vous à 18h30 devant le collège",
        "il est 20:15",
        "lol imagine being a f@g in 2025",
        "$400 allowance, $USD only",
    ],
)
def test_standard_leaves_non_pii(text: str) -> None:
    assert standard(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code 123456 né en 2011", "code [NUMBER] né en [NUMBER]"),
        ("salut Léa, tu vis à Lyon ?", "salut [NAME], tu vis à [PLACE] ?"),
        ("j'habite à villeurbanne", "j'habite à [PLACE]"),
        ("see you at Central Park", "see you at [PLACE]"),
    ],
)
def test_strict_also_redacts(text: str, expected: str) -> None:
    assert strict(text) == expected
    assert standard(text) == text


def test_known_authors_become_their_pseudonym_anywhere() -> None:
    red = TextRedactor(KEY, "standard", ["Gaspard Vermillon", "Zéphyrine"])
    out = red.text("gaspard est là, VERMILLON aussi, zéphyrine pas. Zéphyrines?")
    p_g = red.author("Gaspard Vermillon")
    p_z = red.author("Zéphyrine")
    assert out == f"{p_g} est là, {p_g} aussi, {p_z} pas. Zéphyrines?"


def test_author_names_do_not_match_inside_words() -> None:
    red = TextRedactor(KEY, "standard", ["Max"])
    assert (
        red.text("maximum Max max.")
        == f"maximum {red.author('Max')} {red.author('Max')}."
    )


def test_conversation_ids_kept_unless_they_name_someone() -> None:
    red = TextRedactor(KEY, "standard", ["Zéphyrine"])
    assert red.identifier("case-en-7") == "case-en-7"
    assert (
        red.identifier("Chat with Zéphyrine") == f"Chat with {red.author('Zéphyrine')}"
    )
    assert (
        red.identifier("chat with zéphyrine") == f"chat with {red.author('Zéphyrine')}"
    )


def test_overlaps_keep_one_merged_span() -> None:
    spans = [PiiSpan("CARD", 3, 20, "card"), PiiSpan("PHONE", 0, 14, "phone")]
    assert resolve_overlaps(spans) == [PiiSpan("PHONE", 0, 20, "phone")]


def test_offsets_map_through_placeholders() -> None:
    text = "tel 06 01 02 03 04 puis dis rien"
    red = Redactor(KEY, {"PHONE": "replace"}).apply(
        text, [PiiSpan("PHONE", 4, 18, "p")]
    )
    assert red.text == "tel [PHONE] puis dis rien"
    start = text.index("dis rien")
    assert red.text[red.map_start(start) : red.map_end(start + 8)] == "dis rien"
    assert red.text[red.map_start(6) : red.map_end(10)] == "[PHONE]"


def test_mask_keeps_shape() -> None:
    assert mask("06 01 02 03 78") == "06 •• •• •• 78"


def test_unknown_level_is_a_config_error() -> None:
    from cocoscan.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown redaction level"):
        TextRedactor(KEY, "loose", [])


def test_strict_keeps_locators_usable() -> None:
    red = TextRedactor(KEY, "strict", ["Zéphyrine"])
    assert red.locator("exports/export-2024-0815.txt") == "exports/export-2024-0815.txt"
    assert red.identifier("case-2024-001") == "case-2024-001"
    assert red.identifier("Chat with Zéphyrine 2024") == (
        f"Chat with {red.author('Zéphyrine')} 2024"
    )
    assert red.locator("exports/06 01 02 03 04.txt") == "exports/[PHONE].txt"
    assert red.text("né en 2011") == "né en [NUMBER]"
