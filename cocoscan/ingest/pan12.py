"""PAN 2012 sexual-predator identification corpus (XML).

``<conversations><conversation id><message line><author/><time/><text/>``.
Parsed with expat fed in chunks (incremental, nothing kept but the message
being read), which also gives the exact line and byte offset of each
``<message>``. The corpus has only a clock time, no date: ``sent_at`` is
``None`` and the time stays in ``timestamp_raw``. ``<text/>`` is an empty
message, not an error. Entities and DTDs are not expanded.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.parsers import expat

from cocoscan.ingest.base import ReadAbort, ReadContext, Sample
from cocoscan.model import Message

_FIELDS = frozenset(("author", "time", "text"))


class Pan12Reader:
    """Reader for PAN 2012 XML."""

    name = "pan12-xml"
    description = "PAN 2012 corpus XML (conversations / conversation / message)"
    splittable = False

    def sniff(self, sample: Sample) -> bool:
        """``<conversations`` near the top."""
        return "<conversations" in sample.text[:4096]

    def read(self, ctx: ReadContext) -> Iterator[Message]:
        """Every message of every conversation, in document order."""
        out: list[Message] = []
        state = _State(ctx, out)
        parser = expat.ParserCreate("UTF-8")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = state.start
        parser.EndElementHandler = state.end
        parser.CharacterDataHandler = state.chars
        parser.EntityDeclHandler = _refuse_entities
        parser.buffer_text = True
        state.parser = parser
        with ctx.opener() as fh:
            if ctx.bom:
                fh.read(ctx.bom)
            while True:
                block = fh.read(1 << 20)
                try:
                    parser.Parse(block, not block)
                except expat.ExpatError as exc:
                    yield from out
                    raise ReadAbort(
                        f"invalid XML at line {exc.lineno}"
                        f" ({expat.ErrorString(exc.code)})",
                        line=exc.lineno,
                    ) from None
                yield from out
                out.clear()
                if not block:
                    break


def _refuse_entities(*_args: object) -> None:
    raise ReadAbort("XML entity declarations are not read (entity expansion)")


class _State:
    def __init__(self, ctx: ReadContext, out: list[Message]) -> None:
        self.ctx = ctx
        self.out = out
        self.parser: expat.XMLParserType | None = None
        self.conversation = ctx.stem
        self.index = 0
        self.seq = 0
        self.field: str | None = None
        self.values: dict[str, list[str]] = {}
        self.where: tuple[int, int, str] | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "conversation":
            self.conversation = attrs.get("id") or self.ctx.stem
            self.index = 0
        elif name == "message":
            assert self.parser is not None
            line_attr = attrs.get("line")
            self.where = (
                self.parser.CurrentByteIndex + self.ctx.bom,
                self.parser.CurrentLineNumber,
                line_attr or str(self.index),
            )
            self.values = {}
        elif name in _FIELDS and self.where is not None:
            self.field = name
            self.values.setdefault(name, [])

    def chars(self, data: str) -> None:
        if self.field is not None:
            self.values[self.field].append(data)

    def end(self, name: str) -> None:
        if name in _FIELDS:
            self.field = None
        elif name == "message" and self.where is not None:
            offset, line, msg_id = self.where
            time = "".join(self.values.get("time", [])).strip() or None
            author = "".join(self.values.get("author", [])).strip() or None
            self.out.append(
                Message(
                    location=self.ctx.location(offset, line, msg_id),
                    conversation=self.conversation,
                    author=author,
                    sent_at=None,
                    text="".join(self.values.get("text", [])),
                    seq=self.seq,
                    timestamp_raw=time,
                )
            )
            self.seq += 1
            self.index += 1
            self.where = None
