"""Where a rendered plan came from: its file and, in a git repository, its commit.

The packet footer names each source file and the commit it was rendered
from, so a board packet can be traced to the exact plan version adopted. A
file with uncommitted changes is marked as such: that packet cannot be
reproduced from the repository.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from planctl import git, paths

GIT_TIMEOUT = 10
"""Seconds each git question may take: a footer is not worth waiting for."""


def _git(folder: Path, *args: str) -> str | None:
    return git.answer(folder, *args, timeout=GIT_TIMEOUT)


def source_info(path: Path, display: str) -> dict[str, str]:
    """``{"path", "commit", "state"}`` of a plan file; empty commit outside git.

    Inside a git repository the path is given from the repository's root.
    """
    folder = path.resolve().parent
    commit = _git(folder, "rev-parse", "--short=12", "HEAD") or ""
    state = ""
    top: Path | None = None
    if commit:
        with contextlib.suppress(git.GitError):
            top = git.top_level(folder, timeout=GIT_TIMEOUT)
    if top is not None:
        # Inside git the path is the one in the repository, the same on every machine.
        with contextlib.suppress(ValueError):
            display = paths.shown(path.resolve().relative_to(top.resolve()).as_posix())
    if commit:
        status = _git(folder, "status", "--porcelain", "--", path.name)
        if status is None:
            state = ""
        elif status.startswith("??"):
            state = "not committed"
        elif status:
            state = "modified since that commit"
    return {"path": display, "commit": commit, "state": state}
