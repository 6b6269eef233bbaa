"""Every example of every shipped rule, as one generated test each.

Ids read ``<rule-id>-<kind>-<n>`` (n is 1-based, as counted in the TOML), so
``pytest -k keep-it-secret`` runs one rule and ``pytest -k no-match`` every
negative. Each example runs through the real pipeline, fast path and exact
path (see ``cocoscan.packs.examples``). ``todo_*`` examples are known gaps:
they are xfail (not strict), so closing a gap shows as XPASS.
"""

from __future__ import annotations

import functools

import pytest

from cocoscan.packs import builtin_pack_dir, load_packs
from cocoscan.packs.examples import (
    KINDS,
    ExampleOutcome,
    SourceCache,
    iter_rules,
    run_rule_examples,
)
from cocoscan.packs.schema import Pack, Rule

_SOURCES = SourceCache()


@functools.cache
def _shipped() -> tuple[tuple[Pack, Rule], ...]:
    packs, _ = load_packs([], builtin=True, collect=True)
    return tuple(iter_rules(packs))


@functools.cache
def _outcomes(rule_index: int) -> dict[tuple[str, int], ExampleOutcome]:
    pack, rule = _shipped()[rule_index]
    return {(o.kind, o.index): o for o in run_rule_examples(pack, rule, _SOURCES)}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "example" not in metafunc.fixturenames:
        return
    params = []
    for n, (_, rule) in enumerate(_shipped()):
        for kind in KINDS:
            for i in range(1, len(getattr(rule.examples, kind)) + 1):
                marks = (
                    [pytest.mark.xfail(reason="todo: known gap", strict=False)]
                    if kind.startswith("todo_")
                    else []
                )
                params.append(
                    pytest.param(
                        (n, kind, i),
                        id=f"{rule.id}-{kind.replace('_', '-')}-{i}",
                        marks=marks,
                    )
                )
    metafunc.parametrize("example", params)


def test_example(example: tuple[int, str, int]) -> None:
    rule_index, kind, index = example
    outcome = _outcomes(rule_index)[(kind, index)]
    where = f"{outcome.source}:{outcome.line}"
    assert outcome.passed, f"{where}: {outcome.test_id}: {outcome.detail}"


def test_shipped_packs_load_without_errors() -> None:
    _, issues = load_packs([], builtin=True, collect=True)
    errors = [str(i) for i in issues if i.severity == "error"]
    assert errors == []
    assert builtin_pack_dir().is_dir()
