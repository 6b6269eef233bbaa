"""Shared atheris harness: arbitrary bytes through one reader, checked.

A reader must turn any bytes into :class:`~cocoscan.model.Message` and
:class:`~cocoscan.model.Problem` records and nothing else: an exception, a
message whose provenance points outside the input, or a problem that quotes
the input is a crash. Each ``fuzz_<reader>.py`` calls :func:`main` with its
format name; ``run.py`` runs them all for a time budget.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["cocoscan"]):
    from cocoscan.ingest import open_inputs
    from cocoscan.model import Message, Problem

#: Bytes planted in every input; they must never appear in a problem reason.
MARK = b"zqxjmarker"


def check(path: str, fmt: str | None, data: bytes) -> int:
    """Read ``path`` with reader ``fmt``; return the number of records seen."""
    records = 0
    for item in open_inputs((path,), fmt=fmt):
        if isinstance(item, Problem):
            assert isinstance(item.reason, str)
            assert MARK.decode() not in item.reason, "problem quotes the input"
            records += 1
            continue
        for message in item:
            assert isinstance(message, Message), type(message)
            assert isinstance(message.text, str)
            loc = message.location
            assert loc.byte_offset >= 0, loc.byte_offset
            records += 1
        for problem in item.problems:
            assert isinstance(problem, Problem)
            assert MARK.decode() not in problem.reason, "problem quotes the input"
    return records


def main(fmt: str | None, suffix: str) -> None:
    """Fuzz reader ``fmt`` (``None``: detection); inputs go to a private temp file."""
    folder = tempfile.mkdtemp(prefix="cocoscan-fuzz-")
    path = os.path.join(folder, "input" + suffix)

    def one_input(data: bytes) -> None:
        with open(path, "wb") as handle:
            handle.write(data + MARK)
        check(path, fmt, data)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
