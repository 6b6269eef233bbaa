"""Unexpected errors are reported without their messages or local variables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cocoscan.debug import safe_traceback, summary_line

SECRET = "chut c'est notre secret, Zephyrine"


def parse(line: str) -> object:
    secret_local = SECRET  # noqa: F841 - a local that must never be printed
    return json.loads(line)


def test_traceback_keeps_frames_and_drops_messages_and_locals() -> None:
    try:
        try:
            parse('{"text": "' + SECRET)
        except ValueError as exc:
            raise RuntimeError(f"while reading {SECRET}") from exc
    except RuntimeError as exc:
        text = safe_traceback(exc)
        line = summary_line(exc)
    assert SECRET not in text and "Zephyrine" not in text
    assert SECRET not in line
    assert "in parse" in text and "test_debug.py" in text
    assert "json.decoder.JSONDecodeError" in text
    assert "RuntimeError" in text and "RuntimeError" in line
    assert "withheld" in text
    assert text.count("Traceback (most recent call last):") == 2


def test_scan_command_reports_a_bug_in_one_chat_free_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from cocoscan import cli
    from cocoscan.commands import scan as scan_command

    def broken_run(*args: object, **kwargs: object) -> object:
        raise ValueError(f"cannot parse line 3: {SECRET}")

    monkeypatch.setattr(scan_command, "run", broken_run)
    runner = CliRunner()
    for extra, traceback_expected in (([], False), (["--debug"], True)):
        result = runner.invoke(
            cli.app, ["scan", str(tmp_path), "--out", str(tmp_path / "o"), *extra]
        )
        output = result.output
        assert result.exit_code == 2, output
        assert SECRET not in output and "Zephyrine" not in output
        assert "internal error (ValueError" in output
        assert ("Traceback (most recent call last)" in output) is traceback_expected
        if traceback_expected:
            assert "in broken_run" in output
