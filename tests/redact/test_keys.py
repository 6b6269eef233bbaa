from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cocoscan.errors import ConfigError
from cocoscan.keys import (
    create_key,
    default_key_path,
    key_id,
    load_or_create_key,
    normalise_identifier,
    pseudonym,
)


def test_default_path_respects_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COCOSCAN_KEY_FILE", str(tmp_path / "k"))
    assert default_key_path() == tmp_path / "k"
    monkeypatch.delenv("COCOSCAN_KEY_FILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert default_key_path() == tmp_path / "cfg" / "cocoscan" / "case.key"


def test_created_private_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COCOSCAN_KEY_FILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    key, kid = load_or_create_key(None)
    path = tmp_path / "cfg" / "cocoscan" / "case.key"
    assert len(key) == 32
    assert kid == key_id(key) and len(kid) == 8
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_key(None) == (key, kid)
    assert load_or_create_key(str(path)) == (key, kid)


def test_refuses_key_inside_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ConfigError, match="inside the output folder"):
        load_or_create_key(str(out / "case.key"), out_dir=str(out))
    assert not (out / "case.key").exists()


def test_init_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    create_key(path)
    with pytest.raises(ConfigError, match="already exists"):
        create_key(path)


def test_rejects_garbage_key(tmp_path: Path) -> None:
    path = tmp_path / "case.key"
    path.write_text("not a key\n")
    with pytest.raises(ConfigError, match="not a cocoscan key file"):
        load_or_create_key(str(path))


def test_pseudonym_shape_stable_and_keyed() -> None:
    a = pseudonym(b"a" * 32, "Gaspard Vermillon")
    assert a.startswith("P-") and len(a) == 12
    assert a == pseudonym(b"a" * 32, "  gaspard\u200e  VERMILLON ")
    assert a != pseudonym(b"b" * 32, "Gaspard Vermillon")
    assert a != pseudonym(b"a" * 32, "Gaspard Vermillion")


@pytest.mark.parametrize(
    "value",
    [
        "06 01 02 03 04",
        "+33 6 01 02 03 04",
        "0033601020304",
        "\u200e+33\u202f6 01 02 03 04",
    ],
)
def test_phone_forms_share_a_pseudonym(value: str) -> None:
    assert normalise_identifier(value) == "33601020304"
    assert pseudonym(b"k" * 32, value) == pseudonym(b"k" * 32, "06.01.02.03.04")


def test_key_file_is_hex(tmp_path: Path) -> None:
    key, _ = create_key(tmp_path / "k")
    assert (tmp_path / "k").read_text().strip() == key.hex()
    assert os.stat(tmp_path / "k").st_size == 65
