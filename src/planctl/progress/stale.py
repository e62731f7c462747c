"""Stale steps: in progress, with no change to their status or updates for a while.

A step marked ``in-progress`` in September and never touched again is the
one a board update should ask about. Inside a git repository planctl finds,
for each in-progress step, the last commit that changed its ``status`` or
its ``updates``, and calls the step stale when that commit is at least
``--stale-days`` days before the as-of date.

How, and what it costs: one ``git log --follow`` lists the commits that
touched the plan file (newest first, at most :data:`MAX_COMMITS`, following
renames), and ``git cat-file --batch`` reads the file as it was at each of
them, :data:`BATCH` commits per git process, stopping as soon as every step
has been placed. Each version is only parsed as YAML (no template, no
rules), and a step is found in it by its ``id``, else by its action text.
The work grows with the number of commits read and the size of the file, not
with the number of steps: a few git processes and one YAML parse per commit.

Dates are committer dates, in the committer's own time zone. Going back
from the newest commit, a step's last change is the oldest commit of the
unbroken run in which its status and updates are as they are now. A step
changed in the working tree but not committed yet changed on the as-of date
and is not stale. Beyond the oldest commit read the state is taken as
unchanged since that commit, so a bounded history can only make a step look
*less* stale than it is. A version of the file that is not valid YAML is
skipped.

Outside a git repository (or without git, or for a file git does not track)
nothing is computed, and the caller says so.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planctl import git
from planctl.diff.git import Repository
from planctl.git import GitError
from planctl.load import load_text
from planctl.model.build import Node

MAX_COMMITS = 200
"""The most commits read per plan file."""

BATCH = 25
"""Versions read per ``git cat-file`` process."""


@dataclass(frozen=True)
class Commit:
    """A commit that touched the plan file, and the file's path in it."""

    sha: str
    when: datetime
    path: str


def history(path: Path, limit: int = MAX_COMMITS) -> tuple[Repository, list[Commit]] | None:
    """The commits that touched ``path``, newest first; None outside git or when untracked."""
    try:
        repository = Repository.containing(path.absolute().parent)
        relative = repository.relative(path)
    except GitError:
        return None
    result = git.run(
        repository.root,
        "log",
        "--follow",
        f"--max-count={limit}",
        "--format=%x1e%H%x00%cI",
        "--name-only",
        "-z",
        "--",
        relative,
    )
    if result.returncode != 0:
        return None
    commits: list[Commit] = []
    name = relative
    for record in result.stdout.split(b"\x1e"):
        if not record.strip(b"\0\n"):
            continue
        parts = record.split(b"\0")
        if len(parts) < 2:
            continue
        sha = parts[0].decode("ascii", errors="replace")
        try:
            when = datetime.fromisoformat(parts[1].decode("ascii", errors="replace"))
        except ValueError:
            continue
        names = [os.fsdecode(part.lstrip(b"\n")) for part in parts[2:] if part.lstrip(b"\n")]
        # A merge lists no names: the file kept the name it has in the newer commit.
        name = names[0] if names else name
        commits.append(Commit(sha, when, name))
    if not commits:
        return None
    return repository, commits


def _versions(repository: Repository, commits: Sequence[Commit]) -> Iterator[tuple[Commit, Any]]:
    """Each commit with the plan's data at it (None when that version is unreadable)."""
    for first in range(0, len(commits), BATCH):
        batch = list(commits[first : first + BATCH])
        simple = [c for c in batch if "\n" not in c.path]
        request = b"".join(f"{c.sha}:{c.path}\n".encode() for c in simple)
        result = git.run(repository.root, "cat-file", "--batch", stdin=request)
        blobs = _parse_batch(result.stdout) if result.returncode == 0 else []
        found = dict(zip((c.sha for c in simple), blobs, strict=False))
        for commit in batch:
            raw = found.get(commit.sha)
            if raw is None:
                shown = git.run(
                    repository.root, "show", "--no-textconv", f"{commit.sha}:{commit.path}"
                )
                raw = shown.stdout if shown.returncode == 0 else None
            yield commit, _data(raw, commit.path)


def _parse_batch(output: bytes) -> list[bytes | None]:
    """The blobs of ``git cat-file --batch`` output, in order (None for a missing one)."""
    blobs: list[bytes | None] = []
    position = 0
    while position < len(output):
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            blobs.append(output[position : position + size] if header[1] == b"blob" else None)
            position += size + 1
        else:
            blobs.append(None)
    return blobs


def _data(raw: bytes | None, name: str) -> Any:
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    loaded = load_text(text, name)
    return None if loaded.fatal else loaded.data


# --------------------------------------------------------------------------
# Steps in a version of the file


def _raw_steps(data: Any, names: frozenset[str] = frozenset({"steps"})) -> Iterator[dict[str, Any]]:
    """Every action step in plain plan data: the mappings in any list named in ``names``.

    ``names`` are ``steps`` and the template's other name for them (a strategy
    map's ``initiatives``).
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if key in names and isinstance(value, list):
                yield from (item for item in value if isinstance(item, dict))
            else:
                yield from _raw_steps(value, names)
    elif isinstance(data, list):
        for item in data:
            yield from _raw_steps(item, names)


def _step_lists(nodes: Sequence[Node]) -> frozenset[str]:
    """The keys the steps' lists are written under in this plan ("steps", "initiatives")."""
    return frozenset(
        {"steps", *(str(node.path[-2]) for node in nodes if node.is_step and len(node.path) > 1)}
    )


def _words(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


@dataclass
class _Index:
    """The steps of one version, findable by id and by action text (and its occurrence)."""

    ids: dict[str, dict[str, Any]]
    actions: dict[tuple[str, int], dict[str, Any]]

    @classmethod
    def of(cls, data: Any, names: frozenset[str] = frozenset({"steps"})) -> _Index:
        index = cls({}, {})
        seen: dict[str, int] = {}
        for raw in _raw_steps(data, names):
            step_id = _words(raw.get("id"))
            if step_id:
                index.ids.setdefault(step_id, raw)
            action = _words(raw.get("action"))
            occurrence = seen.get(action, 0)
            seen[action] = occurrence + 1
            index.actions[(action, occurrence)] = raw
        return index

    def find(self, key: tuple[str, str, int]) -> dict[str, Any] | None:
        step_id, action, occurrence = key
        if step_id and step_id in self.ids:
            return self.ids[step_id]
        return self.actions.get((action, occurrence))


def _signature(raw: dict[str, Any] | None) -> str | None:
    """What staleness watches: the status and the updates, as written."""
    if raw is None:
        return None
    return json.dumps([_words(raw.get("status")), raw.get("updates")], sort_keys=True, default=str)


def _keys(data: Any, nodes: Sequence[Node]) -> dict[int, tuple[str, str, int]]:
    """The key (id, action, occurrence of that action) of each node, by ``id(node)``."""
    seen: dict[str, int] = {}
    by_raw: dict[int, tuple[str, str, int]] = {}
    for raw in _raw_steps(data, _step_lists(nodes)):
        action = _words(raw.get("action"))
        occurrence = seen.get(action, 0)
        seen[action] = occurrence + 1
        by_raw[id(raw)] = (_words(raw.get("id")), action, occurrence)
    return {id(node): by_raw[id(node.raw)] for node in nodes if id(node.raw) in by_raw}


def last_changes(
    path: Path, current: Any, nodes: Sequence[Node], limit: int = MAX_COMMITS
) -> dict[int, date | None] | None:
    """When each step's status or updates last changed, by ``id(node)``.

    ``current`` is the plan's data as read from the working tree and ``nodes``
    are steps built from it. The date is the committer's date of the commit
    that made the step's state what it is now; None means changed in the
    working tree and not committed yet. Returns None when git cannot tell
    (no repository, git missing, the file not committed).
    """
    found = history(path, limit)
    if found is None:
        return None
    repository, commits = found
    keys = _keys(current, nodes)
    names = _step_lists(nodes)
    wanted = {id(node): _signature(node.raw) for node in nodes if id(node) in keys}
    since: dict[int, date] = {}
    placed: dict[int, date | None] = {}
    open_ids = set(wanted)
    for commit, data in _versions(repository, commits):
        if not open_ids:
            break
        if data is None:
            continue
        index = _Index.of(data, names)
        for node_id in sorted(open_ids):
            if _signature(index.find(keys[node_id])) == wanted[node_id]:
                since[node_id] = commit.when.date()
            else:
                placed[node_id] = since.get(node_id)
                open_ids.discard(node_id)
    for node_id in open_ids:
        placed[node_id] = since.get(node_id)
    return placed


def mark_stale(plans: Sequence[tuple[Path, Any]], *, stale_days: int, as_of: date) -> list[str]:
    """Set ``last_change`` and ``stale`` on the in-progress steps of each plan.

    ``plans`` pairs each plan file with its
    :class:`~planctl.progress.status.PlanProgress`. Returns the plans (as
    shown) for which git could not tell.
    """
    unknown: list[str] = []
    for path, progress in plans:
        steps = [step for step in progress.steps if step.status == "in-progress"]
        if not steps:
            try:
                known = history(path, 1) is not None
            except GitError:
                known = False
            if not known:
                unknown.append(progress.path)
            continue
        try:
            changes = last_changes(path, progress.doc.loaded.data, [s.node for s in steps])
        except GitError:
            changes = None  # git too slow or gone half way: say it could not tell
        if changes is None:
            unknown.append(progress.path)
            continue
        for step in steps:
            if id(step.node) not in changes:
                continue
            changed = changes[id(step.node)]
            step.last_change = changed if changed is not None else as_of
            step.stale = changed is not None and (as_of - changed).days >= stale_days
    return unknown
