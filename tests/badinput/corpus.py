"""The bad-input corpus: hostile and broken inputs, each with its expected outcome.

Every case is generated at test time into a temporary folder (nothing binary
or large is committed). A case writes its inputs under ``in/`` and says what
the scan must do with them:

- ``exit``: the exit code (2 when anything could not be read, 0 otherwise);
- ``errors``: the ``error: FILE[:LINE]: reason`` lines expected on stderr,
  as ``(path prefix, line or None)``; every other stderr line must be a
  warning, and no line may repeat chat text;
- ``messages``: messages the manifest must count for the case's inputs
  (``None`` when the reader's policy is free, e.g. how many records of a
  truncated gzip stream survive);
- ``reason``: a regex the reason of the first error must match.

Each scan also gets ``in/good.jsonl`` (three messages, one finding) before
the bad inputs, to prove that one bad input never stops the others.
All text is synthetic and non-explicit.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The planted text: it must never appear on stderr.
SECRET = "chut c'est notre secret"
AUTHOR = "Zephyrine_Leak_Author"

PACK = """schema = 1
[pack]
id = "badinput.test"
version = "1"
title = "bad-input corpus pack"
description = "one rule with a keyword, for the bad-input corpus"
languages = ["fr"]

[[rules]]
id = "grooming.secrecy.badinput"
title = "Secrecy"
description = "asks to keep a secret"
category = "grooming"
subcategory = "secrecy"
severity = "high"
confidence = "high"
status = "test"
signals = ["secrecy"]
keywords = ["notre secret"]
[rules.match]
any = [ { literal = "notre secret" } ]
[rules.examples]
match = ["c'est notre secret"]
no_match = ["un secret de famille"]
"""

CATASTROPHIC_PACK = PACK.replace(
    'any = [ { literal = "notre secret" } ]',
    # NOTE: alternating letters, because runs of one letter are collapsed by
    # the normalised view and would defuse the backtracking.
    "any = [ { regex = '''notre secret(?:(?:ab|abab)+)+c''' } ]",
).replace('["c\'est notre secret"]', '["c\'est notre secretababc"]')


def line(
    conv: str, author: str, text: str, ts: str = "2025-02-04T22:11:00", **extra: object
) -> str:
    return json.dumps(
        {
            "conversation": conv,
            "author": author,
            "timestamp": ts,
            "text": text,
            **extra,
        },
        ensure_ascii=False,
    )


def jsonl(*records: str, end: str = "\n") -> bytes:
    return (end.join(records) + end).encode("utf-8")


GOOD = jsonl(
    line("good-1", AUTHOR, "salut"),
    line("good-1", "Bob", SECRET),
    line("good-1", AUTHOR, "ok"),
)
GOOD_MESSAGES = 3


def three(conv: str = "c") -> list[str]:
    return [
        line(conv, AUTHOR, "bonjour"),
        line(conv, "Bob", SECRET),
        line(conv, AUTHOR, "a plus"),
    ]


@dataclass(frozen=True)
class Case:
    """One corpus case: a builder and its expected outcome."""

    name: str
    build: Callable[[Path], list[str]]  # writes under in/, returns the paths to scan
    exit: int
    errors: tuple[tuple[str, int | None], ...] = ()
    messages: int | None = None
    reason: str = ""
    pack: str = PACK
    args: tuple[str, ...] = ()
    warnings: str = ""  # regex a warning line must match
    xfail: str = ""  # a known, reported bug: strict xfail until fixed
    skip: Callable[[], str | None] = field(default=lambda: None)


def _write(root: Path, name: str, data: bytes) -> str:
    path = root / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"in/{name}"


def writes(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        return [_write(root, name, data() if callable(data) else data)]

    return build


# -- archives -----------------------------------------------------------------


def zipped(
    members: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2025, 2, 4, 22, 11, 0))
            info.compress_type = method
            zf.writestr(info, data)
    return buf.getvalue()


def zip_bomb(size: int = 128 << 20) -> bytes:
    """One member of ``size`` bytes of valid-looking JSONL, streamed.

    Text, not zeros: a bomb of zeros is refused as binary after 64 KiB
    already, this one must be stopped by the size and ratio limits.
    """
    buf = io.BytesIO()
    record = (line("bomb", "a", "bonjour") + "\n").encode()
    block = record * ((1 << 20) // len(record))
    info = zipfile.ZipInfo("chat.jsonl", (2025, 2, 4, 22, 11, 0))
    info.compress_type = zipfile.ZIP_DEFLATED  # ZipInfo defaults to stored
    with (
        zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open(info, "w", force_zip64=True) as member,
    ):
        for _ in range(size // len(block)):
            member.write(block)
    return buf.getvalue()


def empty_member_name() -> bytes:
    """A member named "" (ZipInfo.is_dir() raised IndexError on it: fuzzing)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo(""), jsonl(*three("nameless")))
        zf.writestr("chat.jsonl", jsonl(*three("named")))
    return buf.getvalue()


def nested_zip(depth: int) -> bytes:
    data = zipped([("chat.jsonl", jsonl(*three("deep")))])
    for level in range(depth):
        data = zipped([(f"level{level}.zip", data)])
    return data


def corrupt_crc() -> bytes:
    data = bytearray(
        zipped([("chat.jsonl", jsonl(*three()))], method=zipfile.ZIP_STORED)
    )
    at = data.find(b"bonjour")
    data[at] ^= 0x20  # stored member: flip a byte, the CRC no longer matches
    return bytes(data)


def encrypted_flag() -> bytes:
    """A member with the 'encrypted' flag bit set (content is not really encrypted)."""
    data = bytearray(
        zipped([("chat.jsonl", jsonl(*three()))], method=zipfile.ZIP_STORED)
    )
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    data[local + 6] |= 1
    data[central + 8] |= 1
    return bytes(data)


def truncated_gzip() -> bytes:
    full = gzip.compress(
        jsonl(*[line("gz", AUTHOR, f"message {i}") for i in range(2000)]), mtime=0
    )
    return full[: len(full) // 2]


# -- file-system oddities -----------------------------------------------------


def symlink_loop(root: Path) -> list[str]:
    (root / "in").mkdir(parents=True, exist_ok=True)
    os.symlink("loop-b.jsonl", root / "in" / "loop-a.jsonl")
    os.symlink("loop-a.jsonl", root / "in" / "loop-b.jsonl")
    return ["in/loop-a.jsonl"]


def folder_with_loop(root: Path) -> list[str]:
    folder = root / "in" / "tree"
    folder.mkdir(parents=True)
    (folder / "chat.jsonl").write_bytes(jsonl(*three("tree")))
    os.symlink("..", folder / "up")
    os.symlink(".", folder / "self")
    return ["in/tree"]


def broken_symlink(root: Path) -> list[str]:
    (root / "in").mkdir(parents=True, exist_ok=True)
    os.symlink("missing.jsonl", root / "in" / "dangling.jsonl")
    return ["in/dangling.jsonl"]


def unreadable(root: Path) -> list[str]:
    path = _write(root, "locked.jsonl", jsonl(*three()))
    os.chmod(root / path, 0)
    return [path]


def _still_readable() -> str | None:
    import tempfile

    with tempfile.NamedTemporaryFile() as handle:
        os.chmod(handle.name, 0)
        if os.access(handle.name, os.R_OK):
            return "running with rights that read mode-000 files (root)"
    return None


def folder_named_like_a_file(root: Path) -> list[str]:
    folder = root / "in" / "export.jsonl"
    folder.mkdir(parents=True)
    (folder / "chat.jsonl").write_bytes(jsonl(*three("dir")))
    return ["in/export.jsonl"]


def fifo_in_folder(root: Path) -> list[str]:
    folder = root / "in" / "withfifo"
    folder.mkdir(parents=True)
    (folder / "chat.jsonl").write_bytes(jsonl(*three("fifo")))
    os.mkfifo(folder / "pipe.jsonl")
    return ["in/withfifo"]


def missing(root: Path) -> list[str]:
    (root / "in").mkdir(parents=True, exist_ok=True)
    return ["in/nothing-here.jsonl"]


# -- the table ------------------------------------------------------------------

_R = three()

CASES: tuple[Case, ...] = (
    # JSON and JSON Lines
    Case(
        "jsonl-truncated-last-line",
        writes("cut.jsonl", jsonl(*_R)[:-25]),
        2,
        (("in/cut.jsonl", 3),),
        2,
    ),
    Case(
        "jsonl-invalid-middle-line",
        writes("mid.jsonl", jsonl(_R[0], '{"text": "unterminated', _R[1], _R[2])),
        2,
        (("in/mid.jsonl", 2),),
        3,
    ),
    Case(
        "jsonl-line-not-an-object",
        writes("arr.jsonl", jsonl(_R[0], "[1, 2, 3]", "42", _R[2])),
        2,
        (("in/arr.jsonl", 2), ("in/arr.jsonl", 3)),
        2,
    ),
    Case(
        "jsonl-text-wrong-type",
        writes(
            "types.jsonl",
            jsonl(_R[0], line("c", "a", "x").replace('"x"', '{"a": 1}'), _R[2]),
        ),
        2,
        (("in/types.jsonl", 2),),
        2,
    ),
    Case(
        "jsonl-deep-nesting",
        writes(
            "deep.jsonl",
            jsonl(_R[0], '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", _R[2]),
        ),
        2,
        (("in/deep.jsonl", 2),),
        2,
    ),
    Case(
        "jsonl-huge-integer",
        writes(
            "bigint.jsonl",
            jsonl(
                _R[0],
                '{"conversation": "c", "text": "x", "timestamp": ' + "9" * 50_000 + "}",
                _R[2],
            ),
        ),
        0,
        (),
        3,
    ),
    Case(
        "jsonl-epoch-overflow",
        writes(
            "epoch.jsonl",
            jsonl(
                _R[0],
                line("c", "a", "x", ts="1e300"),
                line("c", "a", "y").replace('"2025-02-04T22:11:00"', "-99999999999999"),
            ),
        ),
        0,
        (),
        3,
    ),
    Case(
        "jsonl-impossible-dates",
        writes(
            "dates.jsonl",
            jsonl(
                line("c", "a", "x", ts="2025-02-31T22:11:00"),
                line("c", "a", "y", ts="2025-13-45T25:61:99"),
                line("c", "a", "z", ts="NaN"),
            ),
        ),
        0,
        (),
        3,
    ),
    Case(
        "jsonl-duplicate-ids",
        writes(
            "dups.jsonl", jsonl(*(line("c", "a", t, id="m1") for t in ("x", "y", "z")))
        ),
        0,
        (),
        3,
    ),
    Case(
        "jsonl-duplicate-keys",
        writes(
            "dupkeys.jsonl", jsonl('{"conversation": "c", "text": "a", "text": "b"}')
        ),
        0,
        (),
        1,
    ),
    Case(
        "jsonl-blank-lines",
        writes("blank.jsonl", ("\n\n" + "\n\n  \n".join(_R) + "\n\n").encode()),
        0,
        (),
        3,
    ),
    Case(
        "json-array-truncated",
        writes("cut.json", ("[" + ",".join(_R) + ",").encode()),
        2,
        (("in/cut.json", None),),
        None,
    ),
    Case(
        "json-not-a-chat",
        writes("config.json", b'{"name": "x", "version": 3}'),
        2,
        (("in/config.json", None),),
        0,
    ),
    # NUL bytes and binary files
    Case(
        "jsonl-raw-nul-byte",
        writes(
            "nul.jsonl",
            jsonl(_R[0], line("c", "a", "x\u0000y"), _R[2]).replace(
                b"\\u0000", b"\x00"
            ),
        ),
        2,
        (("in/nul.jsonl", 2),),
        2,
    ),
    Case(
        "binary-random",
        writes("blob.bin", bytes((i * 7919 + 13) % 256 for i in range(65_536))),
        2,
        (("in/blob.bin", None),),
        0,
        reason="format|binary|recogni",
    ),
    Case(
        "binary-png-named-jsonl",
        writes("photo.jsonl", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"IEND"),
        2,
        (("in/photo.jsonl", None),),
        0,
    ),
    # size
    Case(
        "huge-author-name",
        writes("author.jsonl", jsonl(line("c", AUTHOR * 40_000, SECRET), _R[2])),
        0,
        (),
        2,
    ),
    Case(
        "one-long-message-2mb",
        writes("long.jsonl", jsonl(line("c", "a", ("bla " * 500_000) + SECRET))),
        0,
        (),
        1,
    ),
    # encodings and line endings
    Case(
        "latin1-line",
        writes(
            "latin1.jsonl",
            jsonl(_R[0])
            + line("c", "a", "café déjà").encode("latin-1")
            + b"\n"
            + jsonl(_R[2]),
        ),
        2,
        (("in/latin1.jsonl", 2),),
        3,
        reason="utf-?8|decod|encod",
    ),
    Case(
        "invalid-utf8-surrogate",
        writes(
            "surrogate.jsonl",
            jsonl(_R[0])
            + b'{"conversation": "c", "text": "\xed\xa0\x80"}\n'
            + jsonl(_R[2]),
        ),
        2,
        (("in/surrogate.jsonl", 2),),
        3,
    ),
    Case("utf8-bom", writes("bom8.jsonl", b"\xef\xbb\xbf" + jsonl(*_R)), 0, (), 3),
    Case(
        "utf16-le-bom",
        writes(
            "bom16le.jsonl",
            "\ufeff".encode("utf-16-le")
            + "\n".join(_R).encode("utf-16-le")
            + "\n".encode("utf-16-le"),
        ),
        0,
        (),
        3,
    ),
    Case(
        "utf16-be-bom",
        writes(
            "bom16be.jsonl",
            "\ufeff".encode("utf-16-be")
            + "\n".join(_R).encode("utf-16-be")
            + "\n".encode("utf-16-be"),
        ),
        0,
        (),
        3,
    ),
    Case("crlf-line-endings", writes("crlf.jsonl", jsonl(*_R, end="\r\n")), 0, (), 3),
    Case(
        "mixed-line-endings",
        writes(
            "mixed.jsonl", (_R[0] + "\r\n" + _R[1] + "\n" + _R[2] + "\r\n").encode()
        ),
        0,
        (),
        3,
    ),
    Case(
        "whatsapp-cr-only",
        writes(
            "WhatsApp Chat with Bob.txt",
            (
                "04/02/2025 22:10 - Bob: bonjour\r04/02/2025 22:11 - Ann: "
                + SECRET
                + "\r04/02/2025 22:12 - Bob: ok\r"
            ).encode(),
        ),
        0,
        (),
        3,
    ),
    Case(
        "whatsapp-impossible-date",
        writes(
            "WhatsApp Chat with Ann.txt",
            (
                "04/02/2025 22:10 - Bob: bonjour\n31/02/2025 22:11 - Ann: "
                + SECRET
                + "\n04/02/2025 25:12 - Bob: ok\n"
            ).encode(),
        ),
        0,
        (),
        None,
    ),
    # empty
    Case("empty-file", writes("empty.jsonl", b""), 0, (), 0),
    Case("whitespace-only", writes("spaces.jsonl", b"  \n\n\t\r\n"), 0, (), 0),
    # Unicode content
    Case(
        "bidi-overrides",
        writes(
            "bidi.jsonl",
            jsonl(
                line(
                    "c",
                    "\u202eBob\u202c",
                    "chut c'est \u202enotre\u202c \u2066secret\u2069",
                )
            ),
        ),
        0,
        (),
        1,
    ),
    Case(
        "emoji-zwj",
        writes(
            "emoji.jsonl",
            jsonl(line("c", "👨‍👩‍👧", "👨‍👩‍👧‍👦🏳️‍🌈 " + SECRET + " 👍🏽" * 1000)),
        ),
        0,
        (),
        1,
    ),
    Case(
        "zero-width-everywhere",
        writes("zw.jsonl", jsonl(line("c", "a", "\u200b".join(SECRET)))),
        0,
        (),
        1,
    ),
    # CSV
    Case(
        "csv-unbalanced-quote",
        writes(
            "q.csv",
            b'conversation,author,timestamp,text\nc,a,2025-02-04,"open\n'
            b"c,b,2025-02-04,ok\n",
        ),
        2,
        (("in/q.csv", None),),
        None,
    ),
    Case(
        "csv-field-over-csv-limit",
        writes(
            "big.csv",
            b"conversation,author,timestamp,text\nc,a,2025-02-04,"
            + b"x" * 300_000
            + b"\nc,b,2025-02-04,ok\n",
        ),
        0,
        (),
        2,
    ),
    # file-system oddities
    Case("symlink-loop", symlink_loop, 2, (("in/loop-a.jsonl", None),), 0),
    Case("folder-with-symlink-loops", folder_with_loop, 0, (), 3),
    Case("broken-symlink", broken_symlink, 2, (("in/dangling.jsonl", None),), 0),
    Case(
        "unreadable-file",
        unreadable,
        2,
        (("in/locked.jsonl", None),),
        0,
        reason="permission|denied|read",
        skip=_still_readable,
    ),
    Case("folder-named-like-a-file", folder_named_like_a_file, 0, (), 3),
    Case("fifo-in-folder", fifo_in_folder, 2, (("in/withfifo/pipe.jsonl", None),), 3),
    Case("missing-path", missing, 2, (("in/nothing-here.jsonl", None),), 0),
    # archives
    Case(
        "zip-slip-dotdot",
        writes("slip.zip", zipped([("../../evil.jsonl", jsonl(*_R))])),
        0,
        (),
        3,
    ),
    Case(
        "zip-slip-absolute",
        writes("abs.zip", zipped([("/tmp/cocoscan-evil.jsonl", jsonl(*_R))])),
        0,
        (),
        3,
    ),
    Case(
        "zip-bomb",
        writes("bomb.zip", zip_bomb),
        2,
        (("in/bomb.zip", None),),
        None,
        reason="limit|ratio|large|bomb",
    ),
    Case(
        "zip-nested-past-depth",
        writes("nest.zip", nested_zip(12)),
        2,
        (("in/nest.zip", None),),
        0,
        reason="depth|nest",
    ),
    Case("zip-nested-within-depth", writes("nest2.zip", nested_zip(1)), 0, (), 3),
    Case(
        "zip-bad-crc", writes("crc.zip", corrupt_crc), 2, (("in/crc.zip", None),), None
    ),
    Case(
        "zip-encrypted-member",
        writes("enc.zip", encrypted_flag),
        2,
        (("in/enc.zip", None),),
        0,
    ),
    Case(
        "zip-truncated",
        writes("cut.zip", zipped([("chat.jsonl", jsonl(*_R))])[:-30]),
        2,
        (("in/cut.zip", None),),
        None,
    ),
    Case(
        "gz-truncated",
        writes("cut.jsonl.gz", truncated_gzip),
        2,
        (("in/cut.jsonl.gz", None),),
        None,
    ),
    Case("gz-ok", writes("ok.jsonl.gz", gzip.compress(jsonl(*_R), mtime=0)), 0, (), 3),
    Case(
        "zst-garbage",
        writes("junk.jsonl.zst", b"\x28\xb5\x2f\xfd" + bytes(range(256)) * 4),
        2,
        (("in/junk.jsonl.zst", None),),
        0,
    ),
    Case(
        "bz2-named-gz",
        writes("wrong.jsonl.gz", bz2.compress(jsonl(*_R))),
        2,
        (("in/wrong.jsonl.gz", None),),
        None,
    ),
    Case(
        "deflate-stream-no-container",
        writes("raw.jsonl.gz", zlib.compress(jsonl(*_R))),
        2,
        (("in/raw.jsonl.gz", None),),
        None,
    ),
    Case(
        "zip-member-with-empty-name",
        writes("nameless.zip", empty_member_name),
        0,
        (),
        6,
    ),
    Case(
        "one-jsonl-line-without-extension",
        writes("export", jsonl(line("c", "a", "bonjour"))),
        0,
        (),
        1,
    ),
    Case(
        "json-object-without-messages",
        writes("export.json", b'{"name": "not a chat", "count": 3}\n'),
        2,
        (("in/export.json", None),),
        0,
    ),
    Case(
        "json-document-without-a-records-array",
        writes("one.json", b'{\n  "author": "a",\n  "text": "bonjour"\n}\n'),
        2,
        (("in/one.json", 1),),
        0,
    ),
    # packs
    Case(
        "pack-catastrophic-regex",
        writes(
            "redos.jsonl",
            jsonl(
                *(line("c", "a", "notre secret" + "ab" * 30 + "!") for _ in range(6))
            ),
        ),
        0,
        (),
        6,
        pack=CATASTROPHIC_PACK,
        warnings=r"grooming\.secrecy\.badinput.*time",
    ),
    Case(
        "pack-toml-error",
        writes("fine.jsonl", jsonl(*_R)),
        2,
        (("pack/pack.toml", 4),),
        None,
        pack=PACK.replace('version = "1"', 'version = "1'),
        reason="toml|string|parse",
    ),
    Case(
        "pack-include-outside-root",
        writes("fine2.jsonl", jsonl(*_R)),
        2,
        (("pack/pack.toml", None),),
        None,
        pack=PACK.replace("[pack]\n", '[pack]\ninclude = "../../etc/other.toml"\n'),
    ),
)
