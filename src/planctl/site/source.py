"""The commit a site is built from, and the revision "what changed" starts at.

Every page names the commit; the commit's date is the only date the site
carries that is not a plan's own (measures are judged on it unless
``planctl.toml`` sets ``as_of``), so building the same commit twice gives
the same bytes. Plans outside git give a site that says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planctl import git

GIT_TIMEOUT = 10
"""Seconds each git question may take."""


@dataclass(frozen=True)
class Commit:
    """The commit of the plans' repository: its id, short id and date; empty outside git."""

    id: str = ""
    short: str = ""
    day: str = ""
    changed: bool = False
    """Some plan file differs from the commit (or is not in it)."""

    def as_dict(self) -> dict[str, object]:
        """The commit as layouts see it."""
        return {"id": self.id, "short": self.short, "day": self.day, "changed": self.changed}


def _git(folder: Path, *args: str) -> str | None:
    return git.answer(folder, *args, timeout=GIT_TIMEOUT)


def commit_of(plans: Sequence[Path]) -> Commit:
    """The commit checked out where the first of ``plans`` lives."""
    if not plans:
        return Commit()
    folder = plans[0].resolve().parent
    found = _git(folder, "log", "-1", "--format=%H %cs")
    if not found:
        return Commit()
    commit, _, day = found.partition(" ")
    status = _git(folder, "status", "--porcelain", "--", *(str(path.resolve()) for path in plans))
    return Commit(id=commit, short=commit[:12], day=day, changed=bool(status))


def default_since(plans: Sequence[Path]) -> str | None:
    """Where "what changed" starts: the newest ``adopted*`` tag, else the first commit."""
    if not plans:
        return None
    folder = plans[0].resolve().parent
    tags = _git(folder, "tag", "--list", "adopted*", "--sort=-creatordate", "--merged", "HEAD")
    if tags:
        return tags.splitlines()[0].strip()
    roots = _git(folder, "rev-list", "--max-parents=0", "HEAD")
    if roots:
        return sorted(roots.split())[0]
    return None
