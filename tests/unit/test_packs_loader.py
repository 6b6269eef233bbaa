from pathlib import Path

import pytest
from packhelp import SECRECY, load, write_pack

from cocoscan.errors import PackError
from cocoscan.model import Severity
from cocoscan.packs import builtin_pack_dir, load_pack_file, load_packs


def test_loads_and_compiles(tmp_path: Path) -> None:
    packs = load(tmp_path, SECRECY)
    rules = {r.id: r for r in packs[0].rules}
    secrecy = rules["grooming.secrecy.keep-it-secret"]
    assert secrecy.severity is Severity.MEDIUM
    assert secrecy.keywords == ("secret", "tes parents")
    assert secrecy.any[0].folded == "c'est notre secret"
    assert secrecy.line == 10  # the `id = ...` line of the file, for diagnostics
    assert rules["signal.off-platform.app"].fuzzy_terms[0].max_edits == 1


def test_scan_mode_stops_at_first_error_with_location(tmp_path: Path) -> None:
    bad = SECRECY.replace("(?:rien|pas)", "(?:rien|pas")
    path = write_pack(tmp_path, bad)
    with pytest.raises(PackError) as info:
        load_packs([path], builtin=False)
    assert str(info.value).startswith(f"{path}:10: CL101")


def test_collect_mode_reports_every_problem(tmp_path: Path) -> None:
    bad = SECRECY.replace('severity = "medium"', 'severity = "urgent"').replace(
        'subcategory = "age"', 'subcategroy = "age"')
    pack, issues = load_pack_file(write_pack(tmp_path, bad), collect=True)
    codes = sorted(i.code for i in issues)
    assert "CL005" in codes  # bad severity
    assert "CL001" in codes  # unknown key, with a hint
    assert any("did you mean 'subcategory'" in i.message for i in issues)
    assert pack is not None


def test_toml_error_has_a_line(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "[[rules]]\nid = \n")
    with pytest.raises(PackError, match=r":9: CL001 TOML does not parse"):
        load_packs([path], builtin=False)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write_pack(tmp_path, SECRECY, "a.toml")
    b = write_pack(tmp_path, SECRECY, "b.toml")
    with pytest.raises(PackError, match="CL003 duplicate rule id"):
        load_packs([a, b], builtin=False)


def test_missing_pack_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no such pack"):
        load_packs([tmp_path / "nope"], builtin=False)


def test_status_filter(tmp_path: Path) -> None:
    body = SECRECY.replace('status = "test"', 'status = "experimental"', 1)
    path = write_pack(tmp_path, body)
    packs, _ = load_packs([path], builtin=False, include_experimental=False)
    assert "grooming.secrecy.keep-it-secret" not in {r.id for r in packs[0].rules}
    packs, _ = load_packs([path], builtin=False, disabled_rules=["hate.slur.test"])
    assert "hate.slur.test" not in {r.id for r in packs[0].rules}


def test_builtin_dir_exists() -> None:
    assert builtin_pack_dir().name in ("patterns", "_patterns")
