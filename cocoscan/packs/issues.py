"""Pack diagnostics: one record per problem, with a stable code and location.

The loader reports schema problems with these records; ``cocoscan lint``
adds its own checks with the same shape. Diagnostics are data: the scan
turns the first error into a :class:`cocoscan.errors.PackError`, lint
collects them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PackIssue:
    """One diagnostic: ``path:line: CODE severity rule-id: message``.

    ``severity`` is ``error``, ``warning`` or ``info``.
    """

    code: str
    severity: str
    path: str
    line: int
    message: str
    rule_id: str | None = None

    def __str__(self) -> str:
        rule = f" {self.rule_id}" if self.rule_id else ""
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.code} {self.severity}{rule}: {self.message}"
