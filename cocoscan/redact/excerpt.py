"""Excerpts: a window of redacted text around the kept indicator phrase.

The raw span (original code points) is mapped into the redacted text through
the redaction anchors, the window is widened to whole words and never cuts a
placeholder in half, and the phrase's position inside the excerpt is
returned so renderers can mark it.
"""

from __future__ import annotations

from cocoscan.redact.operators import Redacted

#: Characters of redacted text kept on each side of the indicator phrase.
WINDOW = 80
#: Longest context message kept (redacted), in characters.
CONTEXT_CHARS = 280
ELLIPSIS = "…"


def _snap_left(text: str, pos: int, blocks: list[tuple[int, int]]) -> int:
    for start, end in blocks:
        if start < pos < end:
            return start
    if 0 < pos < len(text) and not text[pos - 1].isspace():
        space = text.find(" ", pos, min(len(text), pos + 20))
        if space != -1:
            return space + 1
    return pos


def _snap_right(text: str, pos: int, blocks: list[tuple[int, int]]) -> int:
    for start, end in blocks:
        if start < pos < end:
            return end
    if 0 < pos < len(text) and not text[pos].isspace():
        space = text.rfind(" ", max(0, pos - 20), pos)
        if space != -1:
            return space
    return pos


def cut_excerpt(
    redacted: Redacted, span: tuple[int, int], window: int = WINDOW
) -> tuple[str, tuple[int, int]]:
    """Excerpt of ``redacted`` around raw ``span`` and the phrase's place in it."""
    text = redacted.text
    start = redacted.map_start(span[0])
    end = max(start, redacted.map_end(span[1]))
    blocks = redacted.boundaries()
    left = _snap_left(text, max(0, start - window), blocks)
    right = _snap_right(text, min(len(text), end + window), blocks)
    left, right = min(left, start), max(right, end)
    prefix = ELLIPSIS if left > 0 else ""
    suffix = ELLIPSIS if right < len(text) else ""
    excerpt = prefix + text[left:right] + suffix
    offset = len(prefix) - left
    return excerpt, (start + offset, end + offset)


def shorten(text: str, limit: int = CONTEXT_CHARS) -> str:
    """Keep at most ``limit`` characters, cut at a space, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit - 40, limit)
    return text[: cut if cut > 0 else limit].rstrip() + ELLIPSIS
