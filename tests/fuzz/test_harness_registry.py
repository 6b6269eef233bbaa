"""Every registered reader has an atheris harness under fuzz/."""

from __future__ import annotations

from pathlib import Path

from cocoscan.ingest import READERS

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def test_every_reader_has_a_harness() -> None:
    missing = [
        name
        for name in READERS
        if not (FUZZ / f"fuzz_{name.replace('-', '_')}.py").is_file()
    ]
    assert not missing, f"add fuzz/fuzz_<reader>.py for: {missing}"


def test_every_harness_names_a_reader() -> None:
    for harness in FUZZ.glob("fuzz_*.py"):
        text = harness.read_text(encoding="utf-8")
        if harness.stem == "fuzz_auto":
            continue
        name = harness.stem.removeprefix("fuzz_").replace("_", "-")
        assert f'main("{name}"' in text, harness.name
        assert name in READERS, harness.name
