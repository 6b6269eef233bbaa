"""The case key: keyed pseudonyms and fingerprints, never written into outputs.

A plain hash of a name or a phone number is not anonymous (the input space is
small enough to enumerate), so every pseudonym is an HMAC-SHA256 under a
32-byte *case key*. The key lives outside the output folder (default
``$COCOSCAN_KEY_FILE``, else ``$XDG_CONFIG_HOME/cocoscan/case.key``), is
created with mode 0600 in a 0700 folder on first use, and reports carry only
its id (the first 8 hex digits of its SHA-256). Reusing the key file gives a
person the same pseudonym in every report of a case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from pathlib import Path

from cocoscan.errors import ConfigError

KEY_BYTES = 32

#: Invisible marks that exports sprinkle around names and numbers (WhatsApp
#: puts U+200E before phone numbers, U+202F inside times).
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069\ufeff\u00ad",
    )
)
_SPACES = re.compile(r"\s+")
_PHONE_SHAPE = re.compile(r"^\+?[\d\s().\-/]{8,24}$")


def default_key_path() -> Path:
    """``$COCOSCAN_KEY_FILE``, else the XDG config folder's ``cocoscan/case.key``."""
    env = os.environ.get("COCOSCAN_KEY_FILE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "cocoscan" / "case.key"


def key_id(key: bytes) -> str:
    """Public id of a key: first 8 hex digits of its SHA-256 (safe to publish)."""
    return hashlib.sha256(key).hexdigest()[:8]


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _read_key(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"cannot read key file: {exc.strerror}", location=str(path)
        ) from None
    text = raw.strip()
    if len(text) == 2 * KEY_BYTES and re.fullmatch(rb"[0-9a-fA-F]+", text):
        return bytes.fromhex(text.decode("ascii"))
    if len(raw) == KEY_BYTES:
        return raw
    raise ConfigError(
        "not a cocoscan key file (expected 64 hex digits); "
        "create one with `cocoscan key init`",
        location=str(path),
    )


def create_key(path: str | Path, *, overwrite: bool = False) -> tuple[bytes, str]:
    """Write a new random key (hex, mode 0600) and return ``(key, key_id)``.

    The parent folder is created 0700 when missing; an existing key is never
    replaced unless ``overwrite`` (losing a key loses every pseudonym mapping).
    """
    target = Path(path).expanduser()
    if target.exists() and not overwrite:
        raise ConfigError("key file already exists", location=str(target))
    if not target.parent.exists():
        target.parent.mkdir(parents=True, mode=0o700)
        os.chmod(target.parent, 0o700)
    key = os.urandom(KEY_BYTES)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.hex().encode("ascii") + b"\n")
        os.chmod(tmp, 0o600)
        if overwrite:
            os.replace(tmp, target)
        else:
            # NOTE: link() fails if another process created the key meanwhile,
            # so two concurrent first scans cannot end up with two keys.
            try:
                os.link(tmp, target)
            except FileExistsError:
                return load_or_create_key(str(target))
    finally:
        if tmp.exists():
            tmp.unlink()
    return key, key_id(key)


def load_or_create_key(
    path: str | None, *, out_dir: str | None = None
) -> tuple[bytes, str]:
    """Load the case key, creating it on first use.

    Args:
        path: key file; ``None`` means :func:`default_key_path`.
        out_dir: the shareable output folder; a key inside it is refused,
            since anyone holding the report could then reverse pseudonyms.

    Returns:
        ``(32-byte key, key id)``.
    """
    target = Path(path).expanduser() if path else default_key_path()
    if out_dir is not None and _inside(target, Path(out_dir)):
        raise ConfigError(
            "the key file must not be inside the output folder "
            "(anyone with the report could reverse the pseudonyms)",
            location=str(target),
        )
    if target.exists():
        key = _read_key(target)
        return key, key_id(key)
    return create_key(target)


def normalise_identifier(value: str) -> str:
    """Canonical form of an identifier before keyed hashing.

    NFKC, invisible marks stripped, case folded, whitespace collapsed; a
    value shaped like a phone number becomes its digits with the country
    code (French national ``06...`` -> ``336...``), so that ``06 01 02 03 04``
    and ``+33 6 01 02 03 04`` get one pseudonym.
    """
    text = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip().casefold()
    if _PHONE_SHAPE.match(text):
        digits = re.sub(r"\D", "", text)
        if 8 <= len(digits) <= 15:
            return phone_digits(text)
    return text


def phone_digits(value: str) -> str:
    """Digits of a phone number with its country code (French default)."""
    digits = re.sub(r"\D", "", value)
    if value.lstrip().startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return "33" + digits[1:]
    return digits


def pseudonym(key: bytes, identifier: str, prefix: str = "P-") -> str:
    """``P-`` + base32(HMAC-SHA256(key, normalise(identifier)))[:10]."""
    mac = hmac.new(
        key, normalise_identifier(identifier).encode("utf-8"), hashlib.sha256
    ).digest()
    return prefix + base64.b32encode(mac).decode("ascii")[:10]


__all__ = [
    "create_key",
    "default_key_path",
    "key_id",
    "load_or_create_key",
    "normalise_identifier",
    "phone_digits",
    "pseudonym",
]
