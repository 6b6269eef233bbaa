"""Lint checks of ``cocoscan lint``, one module per group, one class per code.

Codes are stable (see ``patterns/README.md`` and the research notes): a code
is never reused for another meaning. The registry is a dict literal, in code
order, so ``--list-checks``, SARIF rule descriptors and the docs all come
from the same place.
"""

from __future__ import annotations

from cocoscan.packs.checks.base import Check
from cocoscan.packs.checks.fuzzy import FuzzyCheck
from cocoscan.packs.checks.ignores import IgnoreCheck
from cocoscan.packs.checks.keywords import (
    NoKeywordCheck,
    NormalFormCheck,
    ReachabilityCheck,
    RequiredLiteralCheck,
    SelectivityCheck,
)
from cocoscan.packs.checks.loaded import (
    EnumValuesCheck,
    FileNameCheck,
    MinVersionCheck,
    RequiredFieldsCheck,
    RuleIdCheck,
    SchemaCheck,
)
from cocoscan.packs.checks.metadata import (
    BenignSilenceCheck,
    DeprecationCheck,
    FalsePositivesCheck,
    MetadataCheck,
    StatusCheck,
    StyleCheck,
)
from cocoscan.packs.checks.overlap import DeadLogicCheck, DuplicateCheck
from cocoscan.packs.checks.proof import (
    ExampleBehaviourCheck,
    ExampleCountCheck,
    TodoCheck,
)
from cocoscan.packs.checks.regexes import (
    CompileCheck,
    DynamicRedosCheck,
    ShortMatchCheck,
    StaticRedosCheck,
)

CHECKS: dict[str, type[Check]] = {
    "CL001": SchemaCheck,
    "CL002": RequiredFieldsCheck,
    "CL003": RuleIdCheck,
    "CL005": EnumValuesCheck,
    "CL006": MetadataCheck,
    "CL008": MinVersionCheck,
    "CL009": FileNameCheck,
    "CL010": IgnoreCheck,
    "CL101": CompileCheck,
    "CL102": StaticRedosCheck,
    "CL103": DynamicRedosCheck,
    "CL104": ShortMatchCheck,
    "CL105": RequiredLiteralCheck,
    "CL106": NoKeywordCheck,
    "CL107": ReachabilityCheck,
    "CL108": SelectivityCheck,
    "CL109": FuzzyCheck,
    "CL110": DuplicateCheck,
    "CL111": DeadLogicCheck,
    "CL113": NormalFormCheck,
    "CL201": ExampleCountCheck,
    "CL202": ExampleBehaviourCheck,
    "CL203": TodoCheck,
    "CL205": BenignSilenceCheck,
    "CL301": StatusCheck,
    "CL302": DeprecationCheck,
    "CL303": FalsePositivesCheck,
    "CL306": StyleCheck,
}

__all__ = ["CHECKS", "Check"]
