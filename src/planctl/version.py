"""Which planctl this is: the release number, and for a build between releases its commit.

A release says its number alone (``0.2.0``). Between releases the number ends
in ``.devN`` and the commit is added as a local version label
(``0.2.0.dev0+g1a2b3c4d5e6f``), so a problem report or a packet can be traced
to the exact sources: from git when planctl runs from a checkout, else from
the ``_commit.txt`` file the wheel build writes into the package.

Only ``planctl --version`` asks: finding the commit may start git, which no
other command should pay for at start-up.
"""

from __future__ import annotations

from pathlib import Path

from planctl import __version__

COMMIT_FILE = "_commit.txt"
"""The file, inside the package, where a wheel built from a checkout records its commit."""

_SHORT = 12
"""Hex digits of the commit shown: unambiguous in any plan tool's history."""


def is_release(version: str) -> bool:
    """True for a release number; False for a development one (``.devN``)."""
    return "dev" not in version


def checkout_commit(package: Path) -> str | None:
    """The commit checked out where ``package`` (the planctl folder) lives in a git checkout.

    None when the package is not in planctl's own source tree (an installed
    wheel), or git is missing or does not answer.
    """
    root = package.parent.parent
    if not (package.parent.name == "src" and (root / "pyproject.toml").is_file()):
        return None
    if not (root / ".git").exists():  # a folder, or a file in a linked worktree
        return None
    # deferred: start-up (git runs only for --version)
    from planctl.git import GitError, run

    try:
        result = run(root, "rev-parse", "--verify", "--quiet", "HEAD", timeout=10)
    except GitError:
        return None
    commit = result.stdout.decode("ascii", errors="replace").strip()
    return commit if result.returncode == 0 and _is_hex(commit) else None


def built_commit(package: Path) -> str | None:
    """The commit a wheel was built from, as its build recorded it; None when it did not."""
    try:
        commit = (package / COMMIT_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return commit if _is_hex(commit) else None


def full_version(version: str = __version__, package: Path | None = None) -> str:
    """``version``, with ``+g<commit>`` added when it is not a release and the commit is known."""
    if is_release(version):
        return version
    folder = package if package is not None else Path(__file__).resolve().parent
    commit = checkout_commit(folder) or built_commit(folder)
    return f"{version}+g{commit[:_SHORT]}" if commit else version


def _is_hex(text: str) -> bool:
    return len(text) >= 7 and all(char in "0123456789abcdef" for char in text)
