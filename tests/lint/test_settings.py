"""User settings: config discovery, merge into ScanConfig, allowlist."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocoscan.config import ScanConfig
from cocoscan.errors import ConfigError
from cocoscan.model import Hit, Message, Severity, SourceLocation
from cocoscan.settings import (
    apply_allowlist,
    apply_settings,
    enabled,
    load_settings,
)


def hit(rule: str, text: str, suppressed: str | None = None) -> Hit:
    msg = Message(SourceLocation("f", "0" * 64, 0, 1, "1"), "c", "a", None, text, 0)
    return Hit(rule, "grooming", Severity.MEDIUM, "high", (), msg, (0, len(text)),
               "regex 0", "normalised", suppressed=suppressed)


def test_pyproject_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.cocoscan]\ndisabled_rules = ["a.b.c"]\n'
        'thresholds = { grooming = 0.5 }\npacks = ["extra"]\n'
    )
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    s = load_settings(sub)
    assert s.source == str(tmp_path.resolve() / "pyproject.toml")
    assert s.disabled_rules == ("a.b.c",)
    assert s.thresholds == (("grooming", 0.5),)
    assert s.packs == (str(tmp_path.resolve() / "extra"),)


def test_cocoscan_toml_wins_and_pyproject_without_table_is_skipped(
        tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_settings(tmp_path).source is None
    (tmp_path / "cocoscan.toml").write_text("include_experimental = true\n")
    s = load_settings(tmp_path)
    assert s.include_experimental is True
    assert s.source == str(tmp_path.resolve() / "cocoscan.toml")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("disabled_rule = []", "unknown key 'disabled_rule'"),
        ("thresholds = { groming = 0.5 }", "unknown category 'groming'"),
        ("thresholds = { grooming = 5 }", "must be in [0, 1]"),
        ("include_experimental = 'yes'", "true or false"),
        ("disabled_rules = 'a.b.c'", "list of strings"),
    ],
)
def test_bad_settings_are_config_errors_with_the_file(
        tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "cocoscan.toml"
    path.write_text(body + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert needle in str(info.value)
    assert str(info.value).startswith(str(path.resolve()))


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path, tmp_path / "nope.toml")


def test_merge_into_scan_config_command_line_wins(tmp_path: Path) -> None:
    (tmp_path / "cocoscan.toml").write_text(
        'disabled_rules = ["x.y.z"]\nthresholds = { grooming = 0.5, hate = 0.7 }\n'
        "include_experimental = true\n"
    )
    s = load_settings(tmp_path)
    cfg = ScanConfig(paths=("in",), disabled_rules=("a.b.c",),
                     thresholds=(("hate", 0.9),))
    merged = apply_settings(cfg, s)
    assert merged.disabled_rules == ("x.y.z", "a.b.c")
    assert dict(merged.thresholds) == {"grooming": 0.5, "hate": 0.9}
    assert merged.include_experimental is True
    assert merged.paths == ("in",)


def test_enabled_rules_switch_on_named_experimental_rules(tmp_path: Path) -> None:
    (tmp_path / "cocoscan.toml").write_text(
        'enabled_rules = ["grooming.new.*"]\ndisabled_rules = ["hate.*"]\n')
    s = load_settings(tmp_path)
    assert enabled("grooming.new.thing", "experimental", s)
    assert not enabled("grooming.other.thing", "experimental", s)
    assert enabled("grooming.other.thing", "test", s)
    assert not enabled("hate.slur.x", "stable", s)


def test_allowlist_suppresses_with_reason_and_keeps_the_hit(tmp_path: Path) -> None:
    (tmp_path / "fps.toml").write_text(
        '[[allow]]\nrule = "grooming.meeting.*"\nmessage = "piscine"\n'
        'reason = "swimming club"\n'
        '[[allow]]\nrule = "hate.*"\nfingerprint = "abcd"\nreason = "reviewed"\n'
    )
    (tmp_path / "cocoscan.toml").write_text('allowlist = "fps.toml"\n')
    s = load_settings(tmp_path)
    hits = [
        hit("grooming.meeting.come-alone", "viens seule a la piscine"),
        hit("grooming.meeting.come-alone", "viens seule au parc"),
        hit("hate.slur.x", "synthetic"),
        hit("grooming.meeting.come-alone", "piscine", suppressed="allow: other"),
    ]
    out = apply_allowlist(hits, s.allowlist, ["0", "1", "abcdef", "3"])
    assert [h.suppressed for h in out] == [
        "allowlist: swimming club", None, "allowlist: reviewed", "allow: other"]
    assert len(out) == len(hits)


def test_allowlist_entries_need_a_reason_and_one_matcher(tmp_path: Path) -> None:
    (tmp_path / "fps.toml").write_text('[[allow]]\nrule = "a.*"\nmessage = "x"\n')
    (tmp_path / "cocoscan.toml").write_text('allowlist = "fps.toml"\n')
    with pytest.raises(ConfigError, match="rule and reason are required"):
        load_settings(tmp_path)
