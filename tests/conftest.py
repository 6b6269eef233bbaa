"""Suite-wide fixtures: no network, no home directory, no shared key file.

Every test gets its own case key (``COCOSCAN_KEY_FILE``) and config home, so
tests never read or write the developer's ``~/.config/cocoscan``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the expected files under tests/golden/ (review the diff).",
    )


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("COCOSCAN_KEY_FILE", str(home / "case.key"))
    yield


@pytest.fixture
def repo_root() -> Path:
    return ROOT
