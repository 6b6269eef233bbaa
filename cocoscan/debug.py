"""Chat-free reports of unexpected errors (bugs), with or without ``--debug``.

A bug met while reading a seized export must be reportable without leaking
it. Exception *messages* may quote the input (``json`` and ``csv`` errors
do, so do ``UnicodeDecodeError`` and ``ValueError`` from parsers), and
local variables hold chat text; neither is ever shown. What is shown: the
exception type, and with ``--debug`` the traceback's frames (file, line,
function and the *source line of cocoscan's code*), for the exception and
its causes.
"""

from __future__ import annotations

import traceback
from types import TracebackType

#: Frames shown at most per exception (innermost kept).
MAX_FRAMES = 40


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return list(reversed(seen))


def _frames(tb: TracebackType | None) -> list[str]:
    summary = traceback.extract_tb(tb)[-MAX_FRAMES:]
    lines: list[str] = []
    for frame in summary:
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def _name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return (
        kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
    )


def where(exc: BaseException) -> str:
    """``file:line`` of the innermost frame of ``exc`` (code, never input)."""
    summary = traceback.extract_tb(exc.__traceback__)
    if not summary:
        return "?"
    last = summary[-1]
    return f"{last.filename}:{last.lineno}"


def summary_line(exc: BaseException) -> str:
    """One line for stderr: type and code location, no exception message."""
    return (
        f"internal error ({_name(exc)} at {where(exc)}); this is a bug in cocoscan, "
        "please report it with the output of --debug (it holds no chat text)"
    )


def safe_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes, without messages or locals."""
    parts: list[str] = []
    for i, link in enumerate(_chain(exc)):
        if i:
            parts.append("\nwhile handling the above, another exception occurred:\n")
        parts.append("Traceback (most recent call last):")
        parts.extend(_frames(link.__traceback__))
        parts.append(f"{_name(link)}: <message withheld: it may quote the input>")
    return "\n".join(parts) + "\n"


__all__ = ["safe_traceback", "summary_line", "where"]
