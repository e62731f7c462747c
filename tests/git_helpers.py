"""Running git in a test's own repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(folder: Path, *args: str, when: str | None = None) -> str:
    """``git ARGS`` in ``folder``; its output. ``when`` (a date) dates the commit it makes."""
    env = dict(os.environ)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T12:00:00+00:00"
    result = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60, env=env
    )
    return result.stdout
