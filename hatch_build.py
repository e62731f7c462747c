"""Wheel build step: record the commit a wheel is built from (see planctl.version).

A wheel built from a git checkout (``pip install .``, or from a git URL, which
pip clones first) carries ``planctl/_commit.txt`` with the commit, so
``planctl --version`` of a build between releases names its sources. A build
without git, or from an unpacked source archive, records nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CommitHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds planctl/_commit.txt to a standard wheel built from a git checkout."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the commit to a file of its own and have the wheel carry it."""
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        if not (root / ".git").exists():
            return
        try:
            result = subprocess.run(
                ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "HEAD"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return
        commit = result.stdout.strip()
        if result.returncode != 0 or not commit:
            return
        self._folder = tempfile.mkdtemp(prefix="planctl-build-")
        record = Path(self._folder) / "_commit.txt"
        record.write_text(commit + "\n", encoding="ascii")
        build_data["force_include"][str(record)] = "planctl/_commit.txt"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the file written for the build."""
        folder = getattr(self, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
