"""The French labelled samples are well-formed, honestly labelled and non-explicit.

``samples/fr/`` measures detection quality on French chat (precision, recall,
ranking), so a broken file or a wrong label silently skews every figure
computed from it. These checks parse each sample with the standard library
only, so they hold whatever cocoscan's own readers do, and they keep the
corpus inside its ground rules: ids the scanner derives, at least 40 % hard
negatives, every category represented, fictional contact data, and no
explicit vocabulary (kept here only as SHA-256 hashes so the test file itself
stays clean).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cocoscan.model import CATEGORIES

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FR = SAMPLES / "fr"
LABELS = FR / "labels.json"

FORMATS = ("jsonl", "csv", "whatsapp-android", "whatsapp-ios", "text")
MIN_MESSAGES, MAX_MESSAGES = 8, 25

# Key aliases the generic readers accept (issue 2, item 3).
CONV_KEYS = ("conversation", "conversation_id", "conv", "chat")
AUTHOR_KEYS = ("author", "sender", "user", "from")
TIME_KEYS = ("timestamp", "date", "time", "ts")
TEXT_KEYS = ("text", "message", "content", "body")
CSV_HEADER = ["conversation", "author", "timestamp", "text"]

LRM = "\u200e"
# Android, French region: "04/02/2025 22:11 - Author: text" (system notices
# such as the encryption banner have no author).
ANDROID_HEADER = re.compile(r"^(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2}) - (.*)$")
# iOS, French language: "[04/02/2025 22:11:40] Author: text", optionally
# preceded by U+200E; system notices carry an author and a U+200E body.
IOS_HEADER = re.compile(
    r"^\u200e?\[(\d{2})/(\d{2})/(\d{4}) (\d{2}):(\d{2}):(\d{2})\] (.+?): (.*)$"
)
BANNER = "Les messages et les appels sont chiffrés de bout en bout"
ANDROID_MEDIA = "<Médias omis>"

# SHA-256 of lowercase explicit words (French and English) that must never
# appear in a sample, as a whole word or after leet folding.
FORBIDDEN_SHA256 = frozenset(
    {
        "e25ce3f92744c1c7538bb613b350d5e7d3d5e6a5437541dab2d87192aeb94e3d",
        "89ae7c6f71df84641fa1ba9714eb660a02b6e6ee63ccab166d882c1570085b24",
        "567a98fbc4233c4f119a3840af43d7364a8a3b1a1e92c490f7c720343f9d46f2",
        "8420c85c2aadaebac268ffa047b24ba8d4e3d7d64c7e8d97d79fe93bfada1981",
        "e3740b74427fb30bad118785521ce36cf99550513f0cf3f8c9a8daccfa0e8057",
        "da1aab41366ed0d53af7e45ca1d55b06c68f851fb858611052397c0c5a1bead9",
        "c2a731f54dfe7d87ca1c6a70a31f8217f990bb47a31572c78cf6958ba8ab15ce",
        "1a44781d208b20a767a7718879be2a1eb8d6a3037959499ed78e26d47ababd96",
        "760062e1f3bd1cb13bc7bf071ee76a1c1ff421a96de4ed633ff3404f49ce1923",
        "70983d2c054dcb5e7fd30fc7d47c343b8add8bb732a56d332fa92ed9adc6ed91",
        "7b18f199984c57b21bc6f65f028d25aa4f40b443f4d5e11228fff30e8edb4955",
        "a31574429e97f50907cb0c6a31388dab46823cd5fb9a5924ad227d7e2ec47a43",
        "d652db8d63d81db1d4797bfae507cae07f973d9bd41da9e9404242229d3e7637",
        "aabf414f2d00b3e79e4f864f9ff8b35c83ac7feca858b9ae2277692627d0e8bb",
        "12a0fd5cb657f5b93ff38fbfe47b6e17ea51b5fc3b3d99c59b31d28d32c7d0fa",
        "6c4e44004698c1296ace1dd59b832edf4fa9719854e24a89a136328c8c3c5f79",
        "74305616b2bc16c06f19034ca9db19d2aa49d6cf5cb481a0d0eb6a9c4da65c0e",
        "b45445c5415846b81134fbedaf32c38eb406238ab883c76c3d9750bbf068e6c6",
        "12a667c9be6ff8f665d2e9163f3b96422e8025ef238817ec8101c17a23f1a4c3",
        "d92f4cf1e2d7e8129d7536dda13e3b1898da728ee64e2f9566cb7c86619bbda5",
        "6577be77529947bf04c41fca275a6405b66698659cbb7889c0b5f97ecded21b0",
        "265bc4b65bd1fd39eb1d0dcb0b816e905dd694533cd342511946b9f1a5a6a291",
        "d787ebff9274265a56e5e219137d178e1836bd722dfbca80f21db7dca4a80624",
        "a37dcf76a4bc420cecd848bd6be34d02894856bc1d2369664c104811e14ddbf0",
        "36c3bfd9d0f1978fec0b9b51644aae9a968cf5ab303bd9874b86d697dac6168f",
        "f6952d6eef555ddd87aca66e56b91530222d6e318414816f3ba7cf5bf694bf0f",
        "8c5c04391361cbf4afd74c5ed8101ea4af881c4ee3b3df1d5b3716a19b1a834d",
        "0033728f0fbc83a0f0226d91bb063540d6d0158c0bbfa1620ae5b95b10f82932",
        "8651f150d1a1caf667e8005cd9298ef84ef9f3f67eb3dc89407e414a14e6aff3",
        "8f1a0620afaba28ab11bed8e05e9aa215be4a694b152d056d9163a97da664fd3",
        "07f621ff8880085385c4c50410fc9ea52d739e0a7c5dd69a9c78a7dd5461f99e",
        "98d44e13f455d916674d38424d39e1cb01b2a9132aacbb7b97a6f8bb7feb2544",
        "3ca67c82e5110231b59944a4deade7f8322c55bac240099388cf5c227e4f09c3",
        "ff564b8f278a97b9263e96e79340b09341ffc4f51159eb308ecd6895bf1df7a8",
        "ac8b383dc44b1f380d7c7600fbbd5c6afa3d4379ff857d0610e9d969c13c6b07",
        "2db4404158f93580734b8f8f87886d5862e8ac52c0a67be4dc85072975c4ef3e",
        "7f5a9ba14cb89dc20e9001e41ba6f98fc1d4d71752a7407bcd082d52bb63465c",
        "afdad7136d77773e5aad7f965d2e12baf95dcf43a46d542ac60c409d1426d6b8",
        "b491c4ca16af25e50aed45c39872410f65365b41f881ac738d753017d277bc76",
        "473287f8298dba7163a897908958f7c0eae733e25d2e027992ea2edc9bed2fa8",
        "d60384034b77c13c28402a35b432fb2a93a138a839a8f8f4d39d0262fb44651f",
        "d5a980f06b2a170c081182b0351c00e3e16bdb1f1e7b0fa608d4154a37765de8",
        "76eda2fb6b26361b2d1ad1c3814c590e6bfc19c970584ba25129c7e907284c80",
        "1703346aa5f8bea913d50835db15717a4392689fa792fb4cfd574c2ac399e672",
        "a3ee9d88c3e0ee59bdc9dfe051e18d2d5d38ac0eda8f804f50226bdef4a78848",
    }
)
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)

# Contact data must be fictional: obviously fake French mobile numbers
# (06 00 00 00 xx, 06 01 02 03 04, 07 00 00 00 xx), e-mails at example.org,
# IBANs with the non-existent bank code 99999 (checksums valid, so that
# redaction detectors are exercised).
FR_PHONE = re.compile(r"(?<![\d])(?:\+33 ?|0)[67](?:[ .]?\d\d){4}(?![\d])")
FICTIONAL_PHONE_PREFIXES = ("06000000", "0601020304", "07000000")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\bFR\d{2}(?: ?[0-9A-Z]{4}){5} ?[0-9A-Z]{3}\b")


@dataclass(frozen=True, slots=True)
class Msg:
    """One parsed message: who wrote it (empty for plain text) and what."""

    author: str
    text: str


def load_labels() -> list[dict[str, Any]]:
    data = json.loads(LABELS.read_text(encoding="utf-8"))
    assert data["schema"] == 1
    entries: list[dict[str, Any]] = data["conversations"]
    return entries


def pick(record: dict[str, Any], keys: tuple[str, ...], where: str) -> str:
    found = [k for k in keys if k in record]
    assert len(found) == 1, f"{where}: expected one of {keys}, got {sorted(record)}"
    value = record[found[0]]
    assert isinstance(value, str), f"{where}: {found[0]} is not a string"
    return value


def parse_jsonl(path: Path) -> dict[str, list[Msg]]:
    convs: dict[str, list[Msg]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        assert line.strip(), f"{where}: blank line"
        record = json.loads(line)
        assert isinstance(record, dict), where
        conv = pick(record, CONV_KEYS, where)
        datetime.fromisoformat(pick(record, TIME_KEYS, where))
        convs.setdefault(conv, []).append(
            Msg(pick(record, AUTHOR_KEYS, where), pick(record, TEXT_KEYS, where))
        )
    return convs


def parse_csv(path: Path) -> dict[str, list[Msg]]:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    delimiters = [d for d in ",;" if first.split(d) == CSV_HEADER]
    assert len(delimiters) == 1, f"{path.name}:1: header is not {CSV_HEADER}"
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiters[0])
    convs: dict[str, list[Msg]] = {}
    for row in reader:
        where = f"{path.name}:{reader.line_num}"
        assert None not in row and all(v is not None for v in row.values()), where
        datetime.fromisoformat(row["timestamp"])
        convs.setdefault(row["conversation"], []).append(
            Msg(row["author"], row["text"])
        )
    return convs


def day_first(match: re.Match[str], where: str) -> None:
    """French exports write the day first; a swapped date would not parse."""
    day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    datetime(year, month, day)  # raises on a month-first date past the 12th
    assert 2020 <= year <= 2026, where


def parse_android(path: Path) -> dict[str, list[Msg]]:
    raw = path.read_bytes()
    assert b"\r\n" not in raw, f"{path.name}: Android exports use LF"
    lines = raw.decode("utf-8").split("\n")
    assert lines[-1] == "", f"{path.name}: missing final newline"
    first = ANDROID_HEADER.match(lines[0])
    assert first and first.group(6).startswith(BANNER), (
        f"{path.name}:1: not a French WhatsApp Android banner"
    )
    msgs: list[Msg] = []
    for n, line in enumerate(lines[:-1], 1):
        m = ANDROID_HEADER.match(line)
        if m is None:  # continuation of a multi-line message
            assert msgs, f"{path.name}:{n}"
            msgs[-1] = Msg(msgs[-1].author, msgs[-1].text + "\n" + line)
            continue
        day_first(m, f"{path.name}:{n}")
        rest = m.group(6)
        if ": " in rest:  # system notices (banner, group events) have no author
            author, text = rest.split(": ", 1)
            msgs.append(Msg(author, text))
    return {path.stem: msgs}


def parse_ios(path: Path) -> dict[str, list[Msg]]:
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n"), f"{path.name}: iOS uses CRLF"
    lines = raw.decode("utf-8").split("\r\n")
    assert lines[-1] == "", f"{path.name}: missing final newline"
    first = IOS_HEADER.match(lines[0])
    assert first and first.group(8).startswith(LRM + BANNER), (
        f"{path.name}:1: not a French WhatsApp iOS banner"
    )
    msgs: list[Msg] = []
    for n, line in enumerate(lines[:-1], 1):
        m = IOS_HEADER.match(line)
        if m is None:
            assert msgs, f"{path.name}:{n}"
            msgs[-1] = Msg(msgs[-1].author, msgs[-1].text + "\n" + line)
            continue
        day_first(m, f"{path.name}:{n}")
        body = m.group(8)
        system = body.startswith(LRM) and not re.match(
            "\u200e(image absente|vidéo absente|autocollant omis|<pièce jointe"
            "|Ce message a été supprimé)",
            body,
        )
        if not system:
            msgs.append(Msg(m.group(7), body))
    return {path.stem: msgs}


def parse_text(path: Path) -> dict[str, list[Msg]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        assert line.strip(), f"{path.name}:{n}: blank line"
        assert not ANDROID_HEADER.match(line) and not IOS_HEADER.match(line), (
            f"{path.name}:{n}: looks like a WhatsApp header"
        )
    return {path.stem: [Msg("", line) for line in lines]}


PARSERS = {
    "jsonl": parse_jsonl,
    "csv": parse_csv,
    "whatsapp-android": parse_android,
    "whatsapp-ios": parse_ios,
    "text": parse_text,
}

LABELLED = load_labels()
BY_ID = {e["conversation"]: e for e in LABELLED}
FILES = sorted({(e["file"], e["format"]) for e in LABELLED})


def parsed(file: str, fmt: str) -> dict[str, list[Msg]]:
    return PARSERS[fmt](SAMPLES / file)


def sample_files() -> list[Path]:
    return sorted(
        p
        for p in FR.rglob("*")
        if p.is_file() and p.name not in ("labels.json", "README.md")
    )


def test_label_entries_are_complete_and_unique() -> None:
    ids = [e["conversation"] for e in LABELLED]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    for e in LABELLED:
        cid = e["conversation"]
        assert re.fullmatch(r"fr-[a-z]+-[0-9]{3}", cid), cid
        assert e["language"] == "fr", cid
        assert e["format"] in FORMATS, cid
        assert e["file"].startswith("fr/"), cid
        assert (SAMPLES / e["file"]).is_file(), e["file"]
        assert e["function"].strip(), cid
        assert set(e["categories"]) <= set(CATEGORIES), cid
        assert len(set(e["categories"])) == len(e["categories"]), cid
        if e["format"] in ("whatsapp-android", "whatsapp-ios", "text"):
            assert Path(e["file"]).stem == cid, f"{cid}: one-conversation file name"
        if e["label"] == "harmful":
            assert e["categories"], cid
        else:
            assert e["label"] == "benign", cid
            assert e["categories"] == [] and e["offenders"] == [], cid
            assert e["function"].startswith("hard negative"), cid


def test_every_sample_file_is_labelled() -> None:
    assert set(sample_files()) == {SAMPLES / f for f, _ in FILES}


@pytest.mark.parametrize(("file", "fmt"), FILES, ids=[f for f, _ in FILES])
def test_file_parses_and_matches_its_labels(file: str, fmt: str) -> None:
    convs = parsed(file, fmt)
    entries = {e["conversation"]: e for e in LABELLED if e["file"] == file}
    assert set(convs) == set(entries), file
    for cid, msgs in convs.items():
        assert MIN_MESSAGES <= len(msgs) <= MAX_MESSAGES, (cid, len(msgs))
        authors = {m.author for m in msgs}
        offenders = entries[cid]["offenders"]
        assert set(offenders) <= authors, (cid, offenders)
        if fmt == "text":
            assert offenders == [], f"{cid}: plain text has no authors"
        else:
            assert len(authors) >= 2, cid
            if entries[cid]["label"] == "harmful":
                assert offenders, f"{cid}: harmful conversations name their offenders"


def test_at_least_forty_percent_hard_negatives() -> None:
    labels = Counter(e["label"] for e in LABELLED)
    assert labels["benign"] >= 18, labels
    assert labels["harmful"] >= 24, labels
    assert labels["benign"] / len(LABELLED) >= 0.40, labels


def test_every_category_is_the_main_harm_of_several_conversations() -> None:
    main = Counter(e["categories"][0] for e in LABELLED if e["categories"])
    for category in CATEGORIES:
        assert main[category] >= 3, (category, main)


def test_every_format_and_export_quirk_is_exercised() -> None:
    formats = Counter(e["format"] for e in LABELLED)
    assert set(formats) == set(FORMATS), formats

    def raw(kind: str) -> list[str]:
        return [
            (SAMPLES / f).read_text(encoding="utf-8") for f, k in FILES if k == kind
        ]

    assert any(ANDROID_MEDIA in t for t in raw("whatsapp-android"))
    assert any(LRM + "[" in t for t in raw("whatsapp-ios"))
    assert any(re.search(r" - \+33[ \d]+: ", t) for t in raw("whatsapp-android"))
    multiline = [
        m
        for f, fmt in FILES
        if fmt.startswith("whatsapp")
        for msgs in parsed(f, fmt).values()
        for m in msgs
        if "\n" in m.text
    ]
    assert multiline, "a multi-line WhatsApp message"
    key_sets = {tuple(sorted(json.loads(t.splitlines()[0]))) for t in raw("jsonl")}
    assert len(key_sets) >= 4, key_sets
    assert any(t.startswith("conversation;") for t in raw("csv")), "a ; CSV"
    assert any(t.startswith("conversation,") for t in raw("csv")), "a , CSV"
    per_file = Counter(e["file"] for e in LABELLED)
    assert any(n > 1 for f, n in per_file.items() if f.endswith(".jsonl"))
    assert any(n > 1 for f, n in per_file.items() if f.endswith(".csv"))


def all_text() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f, fmt in FILES:
        for cid, msgs in parsed(f, fmt).items():
            out.extend((cid, m.author + " " + m.text) for m in msgs)
    return out


def words(text: str) -> set[str]:
    lowered = text.lower()
    return set(re.findall(r"[^\W_]+", lowered)) | set(
        re.findall(r"[^\W_]+", lowered.translate(LEET))
    )


def forbidden(text: str) -> bool:
    return any(
        hashlib.sha256(w.encode()).hexdigest() in FORBIDDEN_SHA256 for w in words(text)
    )


def test_forbidden_terms_scan_catches_a_planted_word() -> None:
    planted = "x " + "".join(chr(c) for c in (110, 117, 100, 51, 115)) + " y"
    assert forbidden(planted)
    assert not forbidden("envoie une photo de toi")


def test_no_explicit_vocabulary() -> None:
    hits = sorted({cid for cid, text in all_text() if forbidden(text)})
    assert hits == []


def test_contact_data_is_fictional() -> None:
    for cid, text in all_text():
        for email in EMAIL.findall(text):
            assert email.lower().endswith("@example.org"), (cid, email)
        for phone in FR_PHONE.findall(text):
            digits = re.sub(r"\D", "", phone)
            national = "0" + digits[2:] if digits.startswith("33") else digits
            assert national.startswith(FICTIONAL_PHONE_PREFIXES), (cid, phone)
        for iban in IBAN.findall(text):
            compact = iban.replace(" ", "")
            assert compact[4:9] == "99999", (cid, "IBAN outside the fictional bank")
            rearranged = compact[4:] + compact[:4]
            number = "".join(str(int(ch, 36)) for ch in rearranged)
            assert int(number) % 97 == 1, (cid, "IBAN checksum")


def test_readme_lists_every_conversation() -> None:
    readme = (FR / "README.md").read_text(encoding="utf-8")
    for e in LABELLED:
        assert f"`{e['conversation']}`" in readme, e["conversation"]


def test_evasions_the_normaliser_must_undo_are_present() -> None:
    joined = "\n".join(
        m.text
        for f, fmt in FILES
        for cid, msgs in parsed(f, fmt).items()
        if BY_ID[cid]["label"] == "harmful"
        for m in msgs
    )
    assert "\u200b" in joined, "a zero-width space inside a word"
    latin, cyrillic = r"[^\W\d_\u0400-\u04ff]", r"[\u0400-\u04ff]"
    assert re.search(f"{latin}{cyrillic}|{cyrillic}{latin}", joined), "homoglyph"
    assert re.search(r"\b(\w\.){3,}\w\b", joined), "dotted separators"
    assert re.search(r"\w(\w)\1\1", joined), "an elongation"
    assert re.search(r"[a-z][@0-9][a-z]", joined), "leet inside a word"
