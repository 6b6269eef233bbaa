"""Keyword prefilters and literal / regex / fuzzy matchers."""

from cocoscan.matching.engine import Engine, EngineStats

__all__ = ["Engine", "EngineStats"]
