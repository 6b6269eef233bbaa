"""Every fixture: detected as its format, exact counts, authors, times, kinds.

Each fixture under ``tests/fixtures/<format>/`` carries one quirk; the
table below is its expected reading (hand-checked, not generated).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import FIXTURES, read_one

from cocoscan.ingest import open_inputs
from cocoscan.ingest.detect import detect
from cocoscan.model import Problem

CET = timezone(timedelta(hours=1))


def dt(*args: int, tz: object = None) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[arg-type]


# path, format, count, authors, kinds, {index: (author, text start, sent_at)}
CASES = [
    (
        "jsonl/aliases.jsonl",
        "jsonl",
        4,
        {"ana", "bo"},
        {"text": 3, "system": 1},
        {
            1: ("bo", "ça va", dt(2025, 2, 4, 21, 11, 40, tz=UTC)),
            2: ("ana", "ok", dt(2025, 2, 4, 22, 13, tz=CET)),
        },
    ),
    (
        "jsonl/bom-crlf.jsonl",
        "jsonl",
        2,
        {"ana", "bo"},
        {"text": 2},
        {0: ("ana", "hello", None)},
    ),
    (
        "json/array.json",
        "json",
        2,
        {"ana", "bo"},
        {"text": 2},
        {1: ("bo", "two", dt(2025, 2, 4, 22, 12))},
    ),
    (
        "csv/semicolon-crlf.csv",
        "csv",
        2,
        {"ana", "bo"},
        {"text": 2},
        {0: ("ana", "deux\nlignes", dt(2025, 2, 4, 22, 11))},
    ),
    (
        "csv/latin1.csv",
        "csv",
        2,
        {"Zoé", "Léo"},
        {"text": 2},
        {0: ("Zoé", "déjà là", dt(2025, 2, 4, 22, 11))},
    ),
    (
        "csv/tab.csv",
        "csv",
        2,
        {"ana", "bo"},
        {"text": 2},
        {0: ("ana", "first", dt(2025, 2, 4, 21, 11, 40, tz=UTC))},
    ),
    (
        "plain/notes.txt",
        "plain",
        3,
        {None},
        {"text": 3},
        {2: (None, "third line", None)},
    ),
    (
        "whatsapp-android/Discussion WhatsApp avec Jade.txt",
        "whatsapp-android",
        7,
        {None, "Max_du_75", "Jade"},
        {"system": 2, "text": 3, "media": 1, "deleted": 1},
        {
            4: (
                "Max_du_75",
                "première ligne\n05/02/2025 08:00 rendez-vous noté\ntroisième ligne",
                dt(2025, 2, 13, 22, 14),
            ),
            3: (
                "Max_du_75",
                "VID-20250204-WA0007.mp4 (fichier joint)\nregarde ça",
                dt(2025, 2, 4, 22, 13),
            ),
        },
    ),
    (
        "whatsapp-android/WhatsApp Chat with Max.txt",
        "whatsapp-android",
        4,
        {None, "Max", "Jade"},
        {"text": 1, "media": 1, "system": 1, "deleted": 1},
        {
            0: ("Max", "you home", dt(2025, 2, 4, 22, 11)),
            2: (None, "+1 555", dt(2025, 2, 14, 0, 5)),
            3: ("Jade", "This message", dt(2025, 2, 14, 12, 6)),
        },
    ),
    (
        "whatsapp-android/WhatsApp-Chat mit Max.txt",
        "whatsapp-android",
        3,
        {"Max", "Jade"},
        {"text": 1, "media": 1, "deleted": 1},
        {1: ("Jade", "<Medien", dt(2025, 2, 14, 22, 12))},
    ),
    (
        "whatsapp-android/Chat de WhatsApp con Max.txt",
        "whatsapp-android",
        2,
        {"Max", "Jade"},
        {"text": 1, "media": 1},
        {
            0: ("Max", "¿estás", dt(2025, 2, 14, 22, 11)),
            1: ("Jade", "<Multimedia", dt(2025, 2, 14, 0, 8)),
        },
    ),
    (
        "whatsapp-android/year-first.txt",
        "whatsapp-android",
        2,
        {"Max", "Jade"},
        {"text": 1, "deleted": 1},
        {0: ("Max", "ciao", dt(2025, 2, 4, 22, 11))},
    ),
    (
        "whatsapp-android/dashes-pt.txt",
        "whatsapp-android",
        2,
        {"Max", "Jade"},
        {"text": 1, "media": 1},
        {0: ("Max", "olá", dt(2025, 2, 4, 22, 11))},
    ),
    (
        "whatsapp-android/ambiguous.txt",
        "whatsapp-android",
        2,
        {"Max", "Jade"},
        {"text": 2},
        {0: ("Max", "un", dt(2025, 2, 3, 22, 11))},
    ),
    (
        "whatsapp-ios/_chat.txt",
        "whatsapp-ios",
        6,
        {"Jade", "Max"},
        {"system": 1, "text": 2, "media": 2, "deleted": 1},
        {
            1: ("Max", "on se capte", dt(2025, 2, 4, 22, 11, 40)),
            5: ("Max", "ligne un\nligne deux", dt(2025, 2, 14, 22, 14)),
        },
    ),
    (
        "whatsapp-ios/WhatsApp Chat - Max.txt",
        "whatsapp-ios",
        3,
        {"Max", "Jade"},
        {"text": 1, "media": 2},
        {0: ("Max", "where do we meet?", dt(2025, 2, 4, 22, 11, 40))},
    ),
    (
        "telegram-json/single/result.json",
        "telegram-json",
        4,
        {"Max", "Jade", "user5550199"},
        {"text": 2, "system": 1, "media": 1},
        {
            0: ("Max", "tu peux venir seule ?", dt(2025, 2, 4, 21, 11, 40, tz=UTC)),
            3: ("Jade", "ok", dt(2025, 2, 4, 22, 22)),
        },
    ),
    (
        "telegram-json/account/result.json",
        "telegram-json",
        4,
        {"Ann", "Bob", "Cy"},
        {"text": 4},
        {
            2: ("Ann", "example.org", dt(2025, 2, 4, 21, 11, 42, tz=UTC)),
            3: ("Cy", "trois", dt(2025, 2, 4, 21, 11, 43, tz=UTC)),
        },
    ),
    (
        "discord-json/dm.json",
        "discord-json",
        3,
        {"9003", "9002"},
        {"text": 1, "system": 1, "media": 1},
        {0: ("9003", "envoie une photo", dt(2025, 2, 4, 22, 11, 40, 120000, tz=CET))},
    ),
    (
        "discord-csv/dm.csv",
        "discord-csv",
        2,
        {"9003", "9002"},
        {"text": 1, "media": 1},
        {
            0: (
                "9003",
                "t'as quel âge\nvraiment ?",
                dt(2025, 2, 4, 22, 11, 40, 120000, tz=CET),
            )
        },
    ),
    (
        "messenger-json/messages/inbox/max_1234/message_1.json",
        "messenger-json",
        3,
        {"Max", "Zoé"},
        {"text": 2, "media": 1},
        {
            0: ("Max", "téléphone ?", dt(2025, 2, 4, 21, 11, 40, 120000, tz=UTC)),
            2: ("Max", "à demain", dt(2025, 2, 4, 21, 13, 20, 120000, tz=UTC)),
        },
    ),
    (
        "instagram-json/your_instagram_activity/messages/inbox/maxig_77/message_1.json",
        "instagram-json",
        2,
        {"max.ig", "jade.ig"},
        {"text": 2},
        {1: ("jade.ig", "ça marche", dt(2025, 2, 4, 21, 12, 40, 120000, tz=UTC))},
    ),
    (
        "irc-irssi/#entraide.log",
        "irc-irssi",
        4,
        {"max", "jade", None},
        {"text": 3, "system": 1},
        {
            1: ("jade", "hausse les épaules", dt(2025, 2, 4, 22, 12)),
            3: ("jade", "bonjour tout le monde", dt(2025, 2, 5, 8, 0)),
        },
    ),
    (
        "irc-weechat/#entraide.weechatlog",
        "irc-weechat",
        4,
        {"max", "jade", None},
        {"text": 3, "system": 1},
        {3: ("jade", "café", dt(2025, 2, 4, 22, 12, 30))},
    ),
    (
        "irc-znc/entraide_20250204.log",
        "irc-znc",
        3,
        {"max", "jade", None},
        {"text": 2, "system": 1},
        {0: ("max", "t'as quel age", dt(2025, 2, 4, 22, 11, 40))},
    ),
    (
        "pan12-xml/corpus.xml",
        "pan12-xml",
        3,
        {"a1b2c3", "d4e5f6"},
        {"text": 3},
        {1: ("d4e5f6", "", None), 2: ("d4e5f6", "salut & bienvenue", None)},
    ),
    (
        "encodings/utf16le.jsonl",
        "jsonl",
        2,
        {"ana", "bo"},
        {"text": 2},
        {0: ("ana", "héllo", None)},
    ),
    (
        "encodings/cp1252.txt",
        "plain",
        2,
        {None},
        {"text": 2},
        {1: (None, "Déjà vu", None)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_fixture(case: tuple) -> None:  # type: ignore[type-arg]
    path, fmt, count, authors, kinds, expected = case
    stream, messages = read_one(FIXTURES / path)
    assert stream.format == fmt
    assert len(messages) == count
    assert {m.author for m in messages} == authors
    assert Counter(m.kind for m in messages) == Counter(kinds)
    assert not stream.problems
    for index, (author, text, sent_at) in expected.items():
        m = messages[index]
        assert m.author == author
        assert m.text.startswith(text), (m.text, text)
        assert m.sent_at == sent_at
        if sent_at is not None:
            assert (m.sent_at.tzinfo is None) == (sent_at.tzinfo is None)
    assert [m.seq for m in messages] == sorted(m.seq for m in messages)
    assert len({m.seq for m in messages}) == count
    info = stream.info()
    assert (info.messages, info.errors, info.format) == (count, 0, fmt)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_detection(case: tuple) -> None:  # type: ignore[type-arg]
    path, fmt = case[0], case[1]
    if fmt == "slack":
        pytest.skip("slack is detected from its folder")
    data = (FIXTURES / path).read_bytes()[:65536]
    if fmt == "jsonl" and data.startswith(b"\xff\xfe"):
        data = data.decode("utf-16").encode()
    assert detect(data, path.rsplit("/", 1)[-1], path) == fmt


def test_every_fixture_is_in_the_table() -> None:
    listed = {c[0] for c in CASES}
    skipped = {"jsonl/bad-line.jsonl", "encodings/bad-utf8.jsonl"}
    for path in FIXTURES.rglob("*"):
        rel = path.relative_to(FIXTURES).as_posix()
        if path.is_file() and not rel.startswith(("slack/", "whatsapp-zip/")):
            assert rel in listed | skipped, rel


def test_provenance_offsets_and_lines() -> None:
    for case in CASES:
        path = FIXTURES / case[0]
        stream, messages = read_one(path)
        raw = path.read_bytes()
        if stream.format == "jsonl" and raw.startswith(b"\xff\xfe"):
            continue  # offsets of a UTF-16 input are in its UTF-8 transcoding
        lines = raw.split(b"\n")
        for m in messages:
            loc = m.location
            assert loc.input_sha256 == stream.sha256
            head = raw[loc.byte_offset :]
            first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").lstrip()
            if stream.format in (
                "jsonl",
                "telegram-json",
                "discord-json",
                "messenger-json",
                "instagram-json",
                "json",
            ):
                assert first.startswith(b"{"), (case[0], loc)
            elif stream.format == "pan12-xml":
                assert head.startswith(b"<message"), (case[0], loc)
            if loc.line is not None:
                starts = sum(len(x) + 1 for x in lines[: loc.line - 1])
                if stream.format != "pan12-xml":
                    assert (
                        starts
                        <= loc.byte_offset
                        < starts + len(lines[loc.line - 1]) + 1
                    )


def test_slack_folder() -> None:
    items = list(open_inputs([str(FIXTURES / "slack" / "export")]))
    assert not [i for i in items if isinstance(i, Problem)]
    assert [i.format for i in items] == ["slack", "slack"]  # type: ignore[union-attr]
    messages = [m for i in items for m in i]  # type: ignore[union-attr]
    assert len(messages) == 4
    first, join, link, _ = messages
    assert (first.author, first.text, first.conversation) == (
        "Jade",
        "merci <3 @Max M",
        "entraide",
    )
    assert first.location.message_id == "1738703500.000100"
    assert join.kind == "system"
    assert link.text == "voir le site (https://example.org) & #entraide"
    assert first.sent_at == datetime(2025, 2, 4, 21, 11, 40, 100, tzinfo=UTC)


def test_whatsapp_zip_skips_media_and_names_the_conversation() -> None:
    items = list(
        open_inputs([str(FIXTURES / "whatsapp-zip" / "WhatsApp Chat - Max.zip")])
    )
    assert len(items) == 1 and not isinstance(items[0], Problem)
    stream = items[0]
    assert (stream.member, stream.format) == ("_chat.txt", "whatsapp-ios")
    messages = list(stream)
    assert [m.conversation for m in messages] == ["WhatsApp Chat - Max"] * 2
    assert all(m.location.member == "_chat.txt" for m in messages)


def test_date_order_forced_and_tz() -> None:
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    _, messages = read_one(
        FIXTURES / "whatsapp-android/ambiguous.txt", date_order="mdy", tz=paris
    )
    assert messages[0].sent_at == datetime(2025, 3, 2, 22, 11, tzinfo=paris)
