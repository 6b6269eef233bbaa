"""SARIF 2.1.0 for ``cocoscan lint``: pack diagnostics as code-scanning alerts.

One run; ``tool.driver.rules`` lists every check that ran, with its code,
default level and description as help; each result points at the TOML line
of the rule (``artifactLocation.uri`` relative to the working directory
when possible). Pack ids and versions go into the driver's properties.
Issues are pack diagnostics, never chat text, so nothing here is redacted.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from cocoscan import __version__
from cocoscan.packs.checks import CHECKS
from cocoscan.packs.issues import PackIssue
from cocoscan.packs.lint import LintResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    """A relative, forward-slash URI when the file is under the cwd."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return Path(os.path.normpath(p)).as_posix()


def _descriptor(code: str) -> dict[str, Any]:
    cls = CHECKS[code]
    return {
        "id": code,
        "name": cls.__name__.removesuffix("Check") or code,
        "shortDescription": {"text": cls.description.split(": ")[0].split(". ")[0]},
        "fullDescription": {"text": cls.description},
        "help": {
            "text": cls.description,
            "markdown": f"**{code}** ({cls.severity}): {cls.description}",
        },
        "defaultConfiguration": {"level": LEVELS[cls.severity]},
        "properties": {"tags": ["cocoscan-lint", "pattern-pack"]},
    }


def _fingerprint(issue: PackIssue) -> str:
    """Stable across line moves: file, code, rule and message (no line)."""
    key = "\x1f".join((issue.path, issue.code, issue.rule_id or "", issue.message))
    return hashlib.sha256(key.encode()).hexdigest()


def _result(
    issue: PackIssue, index: dict[str, int], files: dict[str, int]
) -> dict[str, Any]:
    rule = f"{issue.rule_id}: " if issue.rule_id else ""
    result: dict[str, Any] = {
        "ruleId": issue.code,
        "level": LEVELS.get(issue.severity, "warning"),
        "message": {"text": f"{rule}{issue.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": _uri(issue.path),
                        "index": files[issue.path],
                    },
                    "region": {"startLine": max(1, issue.line)},
                },
                **(
                    {"logicalLocations": [{"name": issue.rule_id, "kind": "object"}]}
                    if issue.rule_id
                    else {}
                ),
            }
        ],
        "partialFingerprints": {
            "primaryLocationLineHash": _fingerprint(issue)[:16] + ":1",
        },
    }
    if issue.code in index:
        result["ruleIndex"] = index[issue.code]
    return result


def _artifact(path: str, hashes: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"location": {"uri": _uri(path)}}
    if path in hashes:
        out["hashes"] = {"sha-256": hashes[path]}
    return out


def lint_sarif(result: LintResult) -> dict[str, Any]:
    """The SARIF log of one lint run (a JSON-ready dict)."""
    codes = [
        c
        for c in CHECKS
        if c in result.checks or any(i.code == c for i in result.issues)
    ]
    index = {c: n for n, c in enumerate(codes)}
    paths = sorted(set(result.files) | {i.path for i in result.issues})
    files = {p: n for n, p in enumerate(paths)}
    hashes = {p.source: p.sha256 for p in result.packs}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cocoscan-lint",
                        "semanticVersion": __version__,
                        "rules": [_descriptor(c) for c in codes],
                        "properties": {
                            "packs": [
                                {"id": p.id, "version": p.version} for p in result.packs
                            ]
                        },
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [_artifact(p, hashes) for p in paths],
                "results": [_result(i, index, files) for i in result.issues],
                "invocations": [{"executionSuccessful": True}],
                "automationDetails": {"id": "cocoscan-lint/"},
            }
        ],
    }
