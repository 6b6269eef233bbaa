"""Pattern packs: TOML rules as data, loaded into typed, compiled records."""

from cocoscan.packs.loader import builtin_pack_dir, load_pack_file, load_packs
from cocoscan.packs.schema import Pack, Rule

__all__ = ["Pack", "Rule", "builtin_pack_dir", "load_pack_file", "load_packs"]
