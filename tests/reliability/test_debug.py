"""Unexpected errors are reported without their messages or local variables."""

from __future__ import annotations

import json

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
