"""planctl.version: a release says its number; a build between releases names its commit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import planctl
from planctl import __version__
from planctl.version import (
    COMMIT_FILE,
    built_commit,
    checkout_commit,
    full_version,
    is_release,
)

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(planctl.__file__).resolve().parent
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def test_release_and_development_numbers() -> None:
    assert is_release("0.2.0")
    assert is_release("1.0.0rc1")
    assert not is_release("0.2.0.dev0")


def test_a_release_is_its_number_alone(tmp_path: Path) -> None:
    (tmp_path / COMMIT_FILE).write_text(COMMIT + "\n", encoding="ascii")
    assert full_version("0.2.0", tmp_path) == "0.2.0"


def test_an_installed_development_build_names_the_commit_its_wheel_recorded(
    tmp_path: Path,
) -> None:
    package = tmp_path / "site-packages" / "planctl"
    package.mkdir(parents=True)
    assert full_version("0.2.0.dev0", package) == "0.2.0.dev0"
    (package / COMMIT_FILE).write_text(COMMIT + "\n", encoding="ascii")
    assert built_commit(package) == COMMIT
    assert full_version("0.2.0.dev0", package) == "0.2.0.dev0+g0123456789ab"


@pytest.mark.parametrize("text", ["", "not a commit\n", "ABC", "12345\n"])
def test_a_damaged_record_is_ignored(tmp_path: Path, text: str) -> None:
    (tmp_path / COMMIT_FILE).write_text(text, encoding="ascii")
    assert built_commit(tmp_path) is None
    assert full_version("0.2.0.dev0", tmp_path) == "0.2.0.dev0"


def test_a_package_outside_a_source_tree_asks_no_git(tmp_path: Path) -> None:
    package = tmp_path / "lib" / "planctl"
    package.mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    assert checkout_commit(package) is None


def test_a_checkout_names_its_current_commit() -> None:
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("planctl's sources are not a git checkout here")
    if PACKAGE.parent != REPO / "src":
        pytest.skip("planctl is imported from an installed copy, not this checkout")
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert checkout_commit(PACKAGE) == head
    expected = __version__ if is_release(__version__) else f"{__version__}+g{head[:12]}"
    assert full_version() == expected
