"""Plan files at a git revision, read through git itself.

planctl runs the ``git`` command (``rev-parse``, ``ls-tree``, ``ls-files``,
``show``) rather than reading the repository's files, so every kind of
repository git reads (packed, shallow, worktrees, partial clones) works, and
a revision is anything git understands: a tag, a branch, ``HEAD~3``, a hash.
Paths are given to git as literal paths, never as patterns.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from planctl import git
from planctl.git import GitError

WORKING_TREE = "working tree"
"""How the files on disk are named next to revisions."""


class Repository:
    """A git repository, found from a folder inside its working tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._commits: dict[str, str] = {}

    @classmethod
    def containing(cls, folder: Path) -> Repository:
        """The repository whose working tree holds ``folder`` (which must exist)."""
        return cls(git.top_level(folder))

    def commit(self, revision: str) -> str:
        """The commit ``revision`` names; :class:`GitError` when there is none."""
        if revision in self._commits:
            return self._commits[revision]
        missing = GitError(f"no revision '{revision}' in this repository")
        if not revision.strip() or revision.startswith("-"):
            raise missing
        result = git.run(self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        sha = result.stdout.decode("ascii", errors="replace").strip()
        if result.returncode != 0 or not sha:
            raise missing
        self._commits[revision] = sha
        return sha

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository's root, with ``/`` (``""`` for the root)."""
        folder, rest = _existing(path)
        real = Path(os.path.realpath(folder))
        root = Path(os.path.realpath(self.root))
        try:
            inside = real.relative_to(root)
        except ValueError:
            raise GitError(f"{os.path.normpath(path)} is outside the git repository") from None
        parts = [*inside.parts, *rest]
        return PurePosixPath(*parts).as_posix() if parts else ""

    def kind(self, commit: str, relative: str) -> str | None:
        """``blob`` (a file), ``tree`` (a folder) or ``None`` for ``relative`` at ``commit``."""
        if not relative:
            return "tree"
        result = git.run(self.root, "ls-tree", "-z", "--full-tree", commit, "--", relative)
        if result.returncode != 0:
            raise GitError(f"git ls-tree failed: {git.first_line(result.stderr)}")
        for entry in result.stdout.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            if os.fsdecode(name) == relative:
                fields = meta.split()
                return fields[1].decode("ascii") if len(fields) >= 2 else None
        return None

    def show(self, commit: str, relative: str) -> bytes:
        """The bytes of the file ``relative`` at ``commit``, as committed."""
        return git.show(self.root, commit, relative)

    def read(self, commit: str, relative: str, revision: str) -> bytes | None:
        """The file at ``commit`` (named ``revision`` in messages), or ``None`` when absent."""
        kind = self.kind(commit, relative)
        if kind is None:
            return None
        if kind != "blob":
            raise GitError(f"{relative} is a folder at {revision}, not a plan file")
        return self.show(commit, relative)

    def files(self, commit: str | None, under: str) -> list[str]:
        """Files tracked under the folder ``under`` at ``commit`` (``None``: the index)."""
        spec = ["--", under] if under else []
        if commit is None:
            result = git.run(self.root, "ls-files", "-z", *spec)
        else:
            result = git.run(
                self.root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, *spec
            )
        if result.returncode != 0:
            raise GitError(f"git cannot list files: {git.first_line(result.stderr)}")
        return [os.fsdecode(name) for name in result.stdout.split(b"\0") if name]


def _existing(path: Path) -> tuple[Path, list[str]]:
    """The nearest existing folder at or above ``path``, and the names below it to ``path``."""
    folder = Path(os.path.normpath(path.absolute()))
    rest: list[str] = []
    while not folder.is_dir() and folder != folder.parent:
        rest.insert(0, folder.name)
        folder = folder.parent
    return folder, rest


def repository_of(path: Path) -> Repository:
    """The repository holding ``path`` (which need not exist any more)."""
    return Repository.containing(_existing(path)[0])


def load_revision(path: Path, revision: str) -> bytes | None:
    """The bytes of the file ``path`` at git ``revision``; ``None`` when it did not exist then.

    ``path`` is a path in a git working tree (it may have been deleted since).
    Raises :class:`~planctl.errors.UserError` when git is not installed, the
    path is not in a git repository, the revision does not exist, or the path
    was a folder at that revision.
    """
    repository = repository_of(path)
    commit = repository.commit(revision)
    return repository.read(commit, repository.relative(path), revision)
