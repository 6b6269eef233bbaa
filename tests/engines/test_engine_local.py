"""--jobs N gives the same results as --jobs 1 (partitions, merge, context)."""

from __future__ import annotations

import itertools
import multiprocessing
from pathlib import Path

import pytest
from enginekit import ROOT, config, digest, findings, make_corpus, run, write_pack

from cocoscan.engines import local, parts
from cocoscan.engines.parts import Partition

SAMPLES = ROOT / "samples"


class _Sized:
    def __init__(self, size: int, splittable: bool = True) -> None:
        self.size = size
        self.splittable = splittable


@pytest.mark.parametrize("size", [0, 1, 8, 9, 100, 1000])
def test_partitions_cover_the_input_once(size: int) -> None:
    got = parts.partitions(_Sized(size), 3, size=8)  # type: ignore[arg-type]
    if size <= 8:
        assert got == [Partition(3, 0, 1)]
        return
    assert got[0].start == 0
    assert got[-1].end == size
    for a, b in itertools.pairwise(got):
        assert a.end == b.start
    assert [p.part for p in got] == list(range(len(got)))
    assert all(p.parts == len(got) for p in got)


def test_unsplittable_input_is_one_partition() -> None:
    got = parts.partitions(_Sized(10**9, splittable=False), 0)  # type: ignore[arg-type]
    assert got == [Partition(0, 0, 1)]


def test_resolve_jobs() -> None:
    assert local.resolve_jobs(3) == 3
    assert local.resolve_jobs(0) >= 1


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 20_000)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path)


def test_jobs_1_and_2_agree_on_samples_and_a_split_corpus(
    corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small ranges: the 2.7 MB corpus is cut into many partitions.
    monkeypatch.setattr(parts, "PARTITION_BYTES", 200_000)
    paths = [corpus, corpus.with_suffix(".txt"), SAMPLES]
    one = run(config(paths, pack, jobs=1))
    two = run(config(paths, pack, jobs=2))
    assert findings(one), "the test pack must find the injected phrases"
    assert findings(one) == findings(two)
    assert digest(one) == digest(two)
    assert one.counts["messages"] > 40_000


def test_ranges_change_nothing_but_context_at_edges(
    corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = run(config([corpus], pack, jobs=1))
    monkeypatch.setattr(parts, "PARTITION_BYTES", 100_000)
    split = run(config([corpus], pack, jobs=2))
    assert findings(whole) == findings(split)
    assert whole.inputs == split.inputs
    assert whole.counts == split.counts


def test_jobs_1_never_forks(
    corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("--jobs 1 must not start processes")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    monkeypatch.setattr(parts, "PARTITION_BYTES", 500_000)
    result = run(config([corpus], pack, jobs=1))
    assert result.counts["messages"] == 20_000


def test_failed_partition_is_a_problem_not_a_crash(
    corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parts.scan_partition

    def flaky(engine, stream, partition, *, context):  # type: ignore[no-untyped-def]
        if partition.part == 1:
            raise MemoryError
        return real(engine, stream, partition, context=context)

    monkeypatch.setattr(parts, "PARTITION_BYTES", 500_000)
    monkeypatch.setattr(local, "scan_partition", flaky)
    result = run(config([corpus], pack, jobs=2))
    assert result.partial
    assert any("internal error (MemoryError)" in p.reason for p in result.problems)
    assert result.counts["messages"] < 20_000
