"""Where a rendered plan came from: its file and, in a git repository, its commit.

The packet footer names each source file and the commit it was rendered
from, so a board packet can be traced to the exact plan version adopted. A
file with uncommitted changes is marked as such: that packet cannot be
reproduced from the repository.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


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
    """``{"path", "commit", "state"}`` of a plan file; empty commit outside git."""
    folder = path.resolve().parent
    commit = _git(folder, "rev-parse", "--short=12", "HEAD") or ""
    state = ""
    if commit:
        status = _git(folder, "status", "--porcelain", "--", path.name)
        if status is None:
            state = ""
        elif status.startswith("??"):
            state = "not committed"
        elif status:
            state = "modified since that commit"
    return {"path": display, "commit": commit, "state": state}
