"""Crashes found by the bad-input corpus, one regression test each.

pyahocorasick frees its trie recursively: a key of a few hundred thousand
characters overflows the C stack and kills the process (SIGSEGV), so the
crash cases run in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cocoscan.errors import PackError
from cocoscan.packs import load_packs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "badinput"))

from corpus import PACK


def test_badinput_huge_author_name_does_not_crash_redaction() -> None:
    code = textwrap.dedent(
        """
        from cocoscan.redact import TextRedactor
        name = "Zephyrine_Leak_Author" * 40_000
        red = TextRedactor(bytes(32), "standard", [name, "Bob"])
        out = red.text("salut " + name + " et Bob")
        assert name not in out and "Zephyrine" not in out, "name leaked"
        assert "Bob" not in out
        del red
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip() == "ok"


def test_badinput_huge_pack_keyword_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "p.toml"
    pack.write_text(
        PACK.replace(
            'keywords = ["notre secret"]',
            'keywords = ["notre secret", "' + "ab" * 400_000 + '"]',
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match=r"CL005.*characters long"):
        load_packs([pack], builtin=False, collect=False)


def test_badinput_symlink_loop_input_does_not_crash_out_dir_check(
    tmp_path: Path,
) -> None:
    from cocoscan.outdir import prepare_out_dir

    os.symlink("b.jsonl", tmp_path / "a.jsonl")
    os.symlink("a.jsonl", tmp_path / "b.jsonl")
    out = prepare_out_dir(str(tmp_path / "out"), inputs=(str(tmp_path / "a.jsonl"),))
    assert out.is_dir()


def test_badinput_zip_member_with_empty_name(tmp_path: Path) -> None:
    """Found by fuzz_auto: ZipInfo.is_dir() raised IndexError on a nameless member."""
    import io
    import zipfile

    from cocoscan.ingest import open_inputs
    from cocoscan.model import Problem

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo(""), b'{"conversation": "c", "text": "x"}\n' * 3)
    archive = tmp_path / "nameless.zip"
    archive.write_bytes(buf.getvalue())
    items = list(open_inputs((str(archive),)))
    assert items
    for item in items:
        if not isinstance(item, Problem):
            assert len(list(item)) == 3
