"""Generic JSON: an array of records (or ``{"messages": [...]}``), streamed.

The records are the generic ones of JSON Lines (``conversation``,
``author``, ``timestamp``, ``text`` and aliases, ``--map``). A truncated
document is a fatal problem after the records read before the cut.
"""

from __future__ import annotations

from collections.abc import Iterator

from cocoscan.ingest.base import ReadContext, Sample
from cocoscan.ingest.fields import Fields, build
from cocoscan.ingest.jsonstream import events, objects
from cocoscan.model import Message

_PREFIXES = frozenset(("item", "messages.item"))


class JsonArrayReader:
    """Reader for a JSON document holding an array of generic records."""

    name = "json"
    description = "JSON array of generic records (or an object with 'messages')"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """A text field name among the keys of the prefix."""
        return any(k in sample.keys for k in sample.text_keys)

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every record, in document order."""
        fields = Fields(ctx.field_map)
        seq = seen = 0
        before = len(ctx.problems)
        for prefix, obj, index, line, offset in objects(
            events(ctx), _PREFIXES.__contains__
        ):
            path = (
                f"{prefix.replace('.item', '')}[{index}]"
                if prefix != "item"
                else f"[{index}]"
            )
            message = build(
                ctx, fields, obj, offset=offset, line=line, seq=seq, fallback_id=path
            )
            if message is not None:
                seq += 1
                yield message
            seen += 1
        if seen == 0 and len(ctx.problems) == before:
            # Never an input read as nothing without saying so.
            ctx.problem(
                1,
                "no records: expected a JSON array of records or an object "
                "with a 'messages' array",
            )
