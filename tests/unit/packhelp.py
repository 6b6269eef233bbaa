"""Build small packs in tests without touching the shipped ones."""

from __future__ import annotations

from pathlib import Path

from cocoscan.packs import Pack, load_packs

HEADER = """schema = 1
[pack]
id = "test.pack"
version = "1"
title = "test"
description = "test pack"
languages = ["fr", "en"]
"""


def write_pack(tmp_path: Path, body: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def load(tmp_path: Path, body: str) -> list[Pack]:
    packs, _ = load_packs([write_pack(tmp_path, body)], builtin=False)
    return packs


SECRECY = """
[[rules]]
id = "grooming.secrecy.keep-it-secret"
title = "Secrecy"
description = "asks to keep a secret"
category = "grooming"
subcategory = "secrecy"
severity = "medium"
status = "test"
signals = ["secrecy"]
keywords = ["secret", "tes parents"]
[rules.match]
any = [ { literal = "c'est notre secret" },
        { regex = '''\\b(?:ne )?dis (?:rien|pas) a (?:personne|tes parents)\\b''' } ]
[rules.examples]
match = ["chut c'est notre seeecret"]
no_match = ["le secret de la recette"]

[[rules]]
id = "signal.age.declared"
title = "Age"
description = "declared age"
category = "signal"
subcategory = "age"
status = "test"
keywords = ["ans"]
signals = ["minor-age"]
[rules.match]
any = [ { regex = '''\\bj'?ai (?P<age>\\d{1,2}) ans\\b''' } ]

[[rules]]
id = "signal.off-platform.app"
title = "App"
description = "move to an app"
category = "signal"
subcategory = "off-platform"
status = "test"
keywords = ["snap", "insta"]
[rules.match]
all = [ { regex = '''\\b(?:ajoute[ -]?moi|add me|viens)\\b''' } ]
any = [ { literal = "snap" }, { literal = "insta" },
        { fuzzy = "snapchat", max_edits = 1 }, { fuzzy = "instagram", max_edits = 2 } ]
[[rules.allow]]
description = "uninstalling, not moving"
regexes = ['desinstall']
target = "message"

[[rules]]
id = "hate.slur.test"
title = "Slur"
description = "test slur"
category = "hate"
subcategory = "slur"
severity = "high"
status = "test"
keywords = ["vermine"]
guards = ["negation", "quotation", "reporting"]
[rules.match]
any = [ { regex = '''\\bsale vermine\\b''' } ]
"""
