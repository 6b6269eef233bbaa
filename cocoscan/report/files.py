"""Atomic output files and hashing, shared by every writer.

A file is written to a temporary name in the output folder, flushed, and
moved into place with ``os.replace``: a reader (or a crash) never sees half a
report. Output files are private (0600) like the folder (0700).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from cocoscan.errors import ReportError


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file, streamed."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(folder: Path, name: str, data: bytes, mode: int = 0o600) -> Path:
    """Write ``folder/name`` through a temporary file and ``os.replace``."""
    target = folder / name
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ReportError(
            f"cannot write: {exc.strerror}", location=str(target)
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(
            f"cannot write: {exc.strerror}", location=str(target)
        ) from None
    return target
