"""--engine dask: parity with the local engine, a killed worker, a failed partition."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="the Dask engine needs pip install 'cocoscan[dask]'"
)

from cocoscan.checkpoint import Checkpointer  # noqa: E402
from cocoscan.engines import dask as dask_engine  # noqa: E402
from cocoscan.engines import parts  # noqa: E402
from cocoscan.ingest import open_inputs  # noqa: E402
from cocoscan.matching import Engine  # noqa: E402
from cocoscan.packs import load_packs  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engines"))
from enginekit import (  # noqa: E402
    ROOT,
    config,
    digest,
    findings,
    make_corpus,
    run,
    write_pack,
)

pytestmark = pytest.mark.distributed


@pytest.fixture(scope="session")
def cluster() -> Iterator[object]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 20_000)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path)


def test_dask_matches_local_engine(
    cluster: object, corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "PARTITION_BYTES", 300_000)
    paths = [corpus, ROOT / "samples"]
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    local = run(config(paths, pack, jobs=1))
    remote = run(config(paths, pack, engine="dask", scheduler=address))
    assert findings(local)
    assert findings(local) == findings(remote)
    assert digest(local) == digest(remote)


def test_scheduler_local_n_starts_its_own_cluster(
    corpus: Path, pack: Path, tmp_path: Path
) -> None:
    run_dir = tmp_path / "run"
    local = run(config([corpus], pack, jobs=1))
    remote = run(
        config([corpus], pack, engine="dask", scheduler="local:2", run_dir=str(run_dir))
    )
    assert digest(local) == digest(remote)
    saved = list(run_dir.glob("*.part"))
    assert saved, "finished partitions are kept for a rerun"
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in saved)


def test_killed_worker_loses_and_duplicates_nothing(
    cluster: object, corpus: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts, "PARTITION_BYTES", 100_000)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    expected = run(config([corpus], pack, jobs=1))
    with distributed.Client(address) as client:
        pids = client.run(os.getpid)

        def kill_one() -> None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                processing = client.processing()
                busy = [w for w, tasks in processing.items() if tasks]
                if busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_one)
        killer.start()
        got = run(config([corpus], pack, engine="dask", scheduler=address))
        killer.join()
        client.wait_for_workers(2, timeout=60)
    assert findings(got) == findings(expected)
    assert digest(got) == digest(expected)


def test_failed_partition_makes_a_partial_scan(
    cluster: object, corpus: Path, pack: Path
) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    cfg = config([corpus], pack, engine="dask", scheduler=address)
    packs, _ = load_packs([pack], builtin=False)
    engine = Engine(packs)
    streams = list(open_inputs([str(corpus)]))
    streams[0].sha256 = "0" * 64  # type: ignore[union-attr]  # the input "changed"
    ckpts = Checkpointer(None, "digest", reuse=False)
    out = list(dask_engine.scan_inputs(cfg, engine, streams, ckpts))  # type: ignore[arg-type]
    [ckpt] = out
    assert ckpt.problems  # type: ignore[union-attr]
    assert "failed on the cluster" in ckpt.problems[-1].reason  # type: ignore[union-attr]
    assert ckpt.hits == []  # type: ignore[union-attr]


def test_without_dask_the_engine_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cocoscan.errors import ConfigError, ExitCode

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ConfigError) as info:
        dask_engine._require_distributed()
    assert "pip install 'cocoscan[dask]'" in str(info.value)
    assert info.value.exit_code == ExitCode.ERROR
