"""Schema and identity checks the loader performs (CL001-CL009).

The loader finds these while parsing, in collect mode; these classes give
each code its description and severity, and let lint switch them off or
ignore them like any other check. CL009 (file name matches pack id) is the
one computed here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cocoscan.packs.checks.base import Check, LintContext
from cocoscan.packs.issues import PackIssue


class SchemaCheck(Check):
    code = "CL001"
    severity = "error"
    description = (
        "The pack parses as TOML and follows the schema; unknown keys are "
        "rejected with a did-you-mean hint."
    )


class RequiredFieldsCheck(Check):
    code = "CL002"
    severity = "error"
    description = "Required pack and rule fields are present; a rule has a match table."


class RuleIdCheck(Check):
    code = "CL003"
    severity = "error"
    description = (
        "Rule ids are dotted lower-case category.subcategory.name and unique "
        "across every pack linted."
    )


class EnumValuesCheck(Check):
    code = "CL005"
    severity = "error"
    description = (
        "Enumerated values are valid: severity, confidence, status, category, "
        "view, signals, guards, allow targets."
    )


class MinVersionCheck(Check):
    code = "CL008"
    severity = "error"
    description = "The pack's min_cocoscan is satisfied by this cocoscan."


class FileNameCheck(Check):
    code = "CL009"
    severity = "warning"
    description = (
        "The pack id matches the file path under the pack folder "
        "(grooming/contact.toml is grooming.contact)."
    )

    def finalize(self, ctx: LintContext) -> Iterator[PackIssue]:
        root = ctx.root
        if root is None or not (
            (root / "lint.toml").is_file() or (root / "benign").is_dir()
        ):
            return  # only a real pack root (lint.toml or benign/) names packs
        for pack in ctx.packs:
            try:
                rel = Path(pack.source).resolve().relative_to(root.resolve())
            except ValueError:
                continue
            wanted = ".".join(rel.with_suffix("").parts)
            if pack.id != wanted:
                yield PackIssue(
                    self.code,
                    self.severity,
                    pack.source,
                    1,
                    f"pack id {pack.id!r} does not match its path "
                    f"(expected {wanted!r})",
                )
