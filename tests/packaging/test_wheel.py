"""The packs in top-level patterns/ ship inside the wheel (issue 2, item 1).

The wheel is built from the source tree and installed, without the source
tree on the path, into its own folder; the installed package must find its
packs there (``cocoscan/_patterns``), not in a checkout.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the test extras install hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
         "--no-build-isolation", "-q", "-w", str(out)],
        check=True, capture_output=True,
    )
    return next(out.glob("cocoscan-*.whl"))


def test_wheel_contains_every_pack(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT / "patterns").as_posix()
               for p in (ROOT / "patterns").rglob("*.toml")}
    assert shipped, "the repository has pack files"
    for rel in shipped:
        assert f"cocoscan/_patterns/{rel}" in names


def test_installed_package_loads_its_own_packs(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(target), str(wheel)], check=True,
                   capture_output=True)
    code = ("from cocoscan.packs import builtin_pack_dir, load_packs\n"
            "packs, _ = load_packs()\n"
            "print(builtin_pack_dir())\n"
            "print(sum(len(p.rules) for p in packs))\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    where, rules = done.stdout.split()
    assert Path(where).is_relative_to(target)
    assert Path(where).name == "_patterns"
    assert int(rules) > 0
