"""cocoscan: chat-log forensics and moderation toolkit.

Readers turn chat exports into :class:`cocoscan.model.Message` records with
provenance; packs of rules find indicator phrases; heuristics rank
conversations and authors; writers produce redacted evidence reports.
"""

__version__ = "0.1.0"
