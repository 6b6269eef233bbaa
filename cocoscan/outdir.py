"""Output-folder safety: never clobber a folder that is not ours.

A scan writes into ``--out`` only when the folder is new, empty, or holds a
previous cocoscan output (its ``manifest.json`` names the tool); anything
else needs ``--force``. The folder and evidence files are private (0700).
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from cocoscan.errors import ConfigError


def is_cocoscan_output(folder: Path) -> bool:
    """True when ``folder/manifest.json`` was written by cocoscan."""
    try:
        data = orjson.loads((folder / "manifest.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and tool.get("name") == "cocoscan"


def _resolve(path: Path) -> Path:
    """``Path.resolve`` that survives symlink loops (the reader reports those)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()


def prepare_out_dir(
    out: str, *, force: bool = False, inputs: tuple[str, ...] = ()
) -> Path:
    """Create or accept the output folder, refusing to overwrite foreign data.

    Raises:
        ConfigError: the path is a file, an input, or a non-cocoscan folder.
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ConfigError("output path exists and is not a folder", location=out)
    resolved = folder.resolve()
    for given in inputs:
        if given == "-":
            continue
        try:
            src = Path(given).resolve()
        except (OSError, RuntimeError):
            # A symlink loop (RuntimeError before Python 3.13): the input
            # cannot overlap anything, and the reader reports it.
            continue
        if resolved == src or src in resolved.parents or resolved in src.parents:
            raise ConfigError(
                "output folder overlaps an input; choose another --out", location=out
            )
    if (
        folder.is_dir()
        and any(folder.iterdir())
        and not force
        and not is_cocoscan_output(folder)
    ):
        raise ConfigError(
            "output folder is not empty and holds no cocoscan output; "
            "use --force to write into it",
            location=out,
        )
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder
