"""Where a rendered plan came from: its file and, in a git repository, its commit.

The packet footer names each source file and the commit it was rendered
from, so a board packet can be traced to the exact plan version adopted. A
file with uncommitted changes is marked as such: that packet cannot be
reproduced from the repository.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from planctl import paths


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def source_info(path: Path, display: str) -> dict[str, str]:
    """``{"path", "commit", "state"}`` of a plan file; empty commit outside git.

    Inside a git repository the path is given from the repository's root.
    """
    folder = path.resolve().parent
    commit = _git(folder, "rev-parse", "--short=12", "HEAD") or ""
    state = ""
    top = _git(folder, "rev-parse", "--show-toplevel") if commit else None
    if top:
        # Inside git the path is the one in the repository, the same on every machine.
        with contextlib.suppress(ValueError):
            display = paths.shown(path.resolve().relative_to(Path(top).resolve()).as_posix())
    if commit:
        status = _git(folder, "status", "--porcelain", "--", path.name)
        if status is None:
            state = ""
        elif status.startswith("??"):
            state = "not committed"
        elif status:
            state = "modified since that commit"
    return {"path": display, "commit": commit, "state": state}
