"""Exit codes and the single error family of cocoscan.

Findings and lint issues are data, never exceptions. Only ``cli.py`` turns a
:class:`CocoscanError` into a one-line message and an exit code. Error
messages never contain chat text: they name a file, a line and a reason.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    """Process exit codes; ERROR wins over FINDINGS, which wins over OK."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    INTERRUPTED = 130


class CocoscanError(Exception):
    """Base error: a message plus an optional ``file[:line]`` location."""

    exit_code: ClassVar[ExitCode] = ExitCode.ERROR

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location:
            return f"{self.location}: {self.message}"
        return self.message


class ConfigError(CocoscanError):
    """Bad command-line options or configuration file."""


class PackError(CocoscanError):
    """A pattern pack cannot be loaded: TOML, schema or regex compile error."""


class InputError(CocoscanError):
    """An input cannot be opened, decoded or parsed."""


class ReportError(CocoscanError):
    """An output cannot be written."""
