"""User configuration: ``[tool.cocoscan]`` in pyproject.toml, or cocoscan.toml.

Looked up from the working directory upwards (the nearest file wins; a
``cocoscan.toml`` beats a ``pyproject.toml`` in the same folder), or given
with ``--config FILE``. Settings are merged into :class:`ScanConfig` by
:func:`apply_settings`; command-line options win over the file.

The allowlist lists known false positives: a rule id (glob) plus a regex on
the finding's message text or a fingerprint prefix, always with a reason.
Allowlisted hits stay visible, suppressed with that reason
(:func:`apply_allowlist`), as the baseline does: nothing is dropped silently.

```toml
[tool.cocoscan]
disabled_rules = ["hate.slur.some-rule"]
include_experimental = false
thresholds = { grooming = 0.5 }
packs = ["my-packs/"]
allowlist = "cocoscan-allowlist.toml"
```
"""

from __future__ import annotations

import dataclasses
import fnmatch
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from cocoscan.config import ScanConfig
from cocoscan.errors import ConfigError
from cocoscan.model import CATEGORIES, Hit

CONFIG_NAMES: tuple[str, ...] = ("cocoscan.toml", "pyproject.toml")
KNOWN_KEYS = frozenset(
    {
        "disabled_rules",
        "enabled_rules",
        "include_experimental",
        "thresholds",
        "packs",
        "allowlist",
    }
)
ALLOW_KEYS = frozenset({"rule", "message", "fingerprint", "reason"})
#: Time budget of one allowlist regex on one message.
ALLOW_TIMEOUT = 0.1


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One known false positive: rule glob plus a message regex or fingerprint."""

    rule: str
    reason: str
    message: regex.Pattern[str] | None = None
    fingerprint: str | None = None

    def matches(self, hit: Hit, fingerprint: str | None = None) -> bool:
        """True when this entry covers ``hit`` (never raises on a slow regex)."""
        if not fnmatch.fnmatchcase(hit.rule_id, self.rule):
            return False
        if self.fingerprint is not None:
            return fingerprint is not None and fingerprint.startswith(self.fingerprint)
        if self.message is not None:
            try:
                return (
                    self.message.search(hit.message.text, timeout=ALLOW_TIMEOUT)
                    is not None
                )
            except TimeoutError:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Settings:
    """What a config file says; paths are resolved against the file's folder."""

    source: str | None = None
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    include_experimental: bool | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    packs: tuple[str, ...] = ()
    allowlist: tuple[AllowEntry, ...] = ()


def find_config(start_dir: Path) -> Path | None:
    """The nearest cocoscan.toml, or pyproject.toml with [tool.cocoscan]."""
    for folder in [start_dir.resolve(), *start_dir.resolve().parents]:
        own = folder / "cocoscan.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file() and "tool" in _read(py) and "cocoscan" in _read(py)["tool"]:
            return py
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", location=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"TOML does not parse: {exc}", location=str(path)) from exc


def _table(path: Path) -> dict[str, Any]:
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cocoscan", {})
    else:
        table = data.get("tool", {}).get("cocoscan", data)
    if not isinstance(table, dict):
        raise ConfigError("[tool.cocoscan] must be a table", location=str(path))
    return table


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of strings", location=where)
    return tuple(value)


def load_settings(
    start_dir: Path | str, explicit: Path | str | None = None
) -> Settings:
    """Settings from ``explicit``, or the nearest config file from ``start_dir``.

    Raises:
        ConfigError: unreadable file, unknown key, bad value, bad allowlist.
    """
    if explicit is not None:
        given = Path(explicit)
        if not given.is_file():
            raise ConfigError("no such config file", location=str(given))
        path: Path | None = given
    else:
        path = find_config(Path(start_dir))
    if path is None:
        return Settings()
    where = str(path)
    table = _table(path)
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r} in [tool.cocoscan]", location=where
        )
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError("thresholds must be a table", location=where)
    for cat, value in thresholds.items():
        if cat not in CATEGORIES:
            raise ConfigError(f"unknown category {cat!r} in thresholds", location=where)
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"threshold of {cat} must be in [0, 1]", location=where)
    experimental = table.get("include_experimental")
    if experimental is not None and not isinstance(experimental, bool):
        raise ConfigError("include_experimental must be true or false", location=where)
    base = path.parent
    packs = tuple(str(base / p) for p in _strings(table, "packs", where))
    allow_file = table.get("allowlist")
    allowlist = load_allowlist(base / str(allow_file)) if allow_file else ()
    return Settings(
        source=where,
        disabled_rules=_strings(table, "disabled_rules", where),
        enabled_rules=_strings(table, "enabled_rules", where),
        include_experimental=experimental,
        thresholds=tuple(sorted((str(k), float(v)) for k, v in thresholds.items())),
        packs=packs,
        allowlist=allowlist,
    )


def load_allowlist(path: Path) -> tuple[AllowEntry, ...]:
    """Parse an allowlist file: ``[[allow]]`` entries with rule, reason and a matcher.

    ```toml
    [[allow]]
    rule = "grooming.meeting.*"
    message = "(?i)\\bpiscine\\b"      # or: fingerprint = "3f2a9c..."
    reason = "swimming-club schedule, reviewed 2025-01-10"
    ```
    """
    if not path.is_file():
        raise ConfigError("no such allowlist file", location=str(path))
    entries: list[AllowEntry] = []
    for n, item in enumerate(_read(path).get("allow", []), start=1):
        where = f"{path}: allow entry {n}"
        if not isinstance(item, dict):
            raise ConfigError("entries are [[allow]] tables", location=where)
        unknown = sorted(set(item) - ALLOW_KEYS)
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}", location=where)
        if not item.get("rule") or not item.get("reason"):
            raise ConfigError("rule and reason are required", location=where)
        if ("message" in item) == ("fingerprint" in item):
            raise ConfigError(
                "give exactly one of message or fingerprint", location=where
            )
        pattern = None
        if "message" in item:
            try:
                pattern = regex.compile(str(item["message"]))
            except regex.error as exc:
                raise ConfigError(
                    f"message regex does not compile: {exc}", location=where
                ) from exc
        entries.append(
            AllowEntry(
                str(item["rule"]),
                str(item["reason"]),
                pattern,
                str(item["fingerprint"]) if "fingerprint" in item else None,
            )
        )
    return tuple(entries)


def apply_settings(config: ScanConfig, settings: Settings) -> ScanConfig:
    """Merge file settings into ``config``; what the command line set wins.

    Disabled rules and extra packs add up; thresholds from the command line
    override the file's per category; ``include_experimental`` from the file
    applies only when the command line left the default (False).
    """
    thresholds = dict(settings.thresholds) | dict(config.thresholds)
    return dataclasses.replace(
        config,
        disabled_rules=tuple(
            dict.fromkeys((*settings.disabled_rules, *config.disabled_rules))
        ),
        packs=tuple(dict.fromkeys((*settings.packs, *config.packs))),
        include_experimental=config.include_experimental
        or bool(settings.include_experimental),
        thresholds=tuple(sorted(thresholds.items())),
        enabled_rules=tuple(
            dict.fromkeys((*settings.enabled_rules, *config.enabled_rules))
        ),
        allowlist=(*config.allowlist, *settings.allowlist),
    )


def enabled(rule_id: str, status: str, settings: Settings) -> bool:
    """Whether a rule runs under these settings (``enabled_rules`` globs win).

    ``enabled_rules`` switches on named experimental rules without
    ``include_experimental``; ``disabled_rules`` switches rules off.
    """
    if any(fnmatch.fnmatchcase(rule_id, g) for g in settings.disabled_rules):
        return False
    if status != "experimental" or settings.include_experimental:
        return True
    return any(fnmatch.fnmatchcase(rule_id, g) for g in settings.enabled_rules)


def apply_allowlist(
    hits: Iterable[Hit],
    allowlist: Sequence[AllowEntry],
    fingerprints: Sequence[str | None] | None = None,
) -> list[Hit]:
    """Mark allowlisted hits suppressed (``allowlist: <reason>``), keep the rest.

    Hits already suppressed keep their first reason. ``fingerprints``, when
    given, is parallel to ``hits`` (for fingerprint entries).
    """
    out: list[Hit] = []
    for n, hit in enumerate(hits):
        fp = fingerprints[n] if fingerprints is not None else None
        if hit.suppressed is None:
            for entry in allowlist:
                if entry.matches(hit, fp):
                    hit = dataclasses.replace(
                        hit, suppressed=f"allowlist: {entry.reason}"
                    )
                    break
        out.append(hit)
    return out


__all__ = [
    "AllowEntry",
    "Settings",
    "apply_allowlist",
    "apply_settings",
    "enabled",
    "find_config",
    "load_allowlist",
    "load_settings",
]
