"""Running git: the one place planctl starts a ``git`` process.

Every command runs with a timeout, without a terminal prompt (a repository
that asks for a password fails instead of waiting), without optional locks
(reading never rewrites the index), with stdin closed unless data is given,
and with paths taken as literal paths, never as patterns. ``subprocess`` is
imported only when git is run, so commands that never ask git start without it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.errors import UserError

if TYPE_CHECKING:
    # deferred: start-up (subprocess loads only when git is asked)
    import subprocess

GIT_TIMEOUT = 120
"""Seconds one git command may take before planctl gives up on it."""


class GitError(UserError):
    """git is missing, the folder is not in a repository, or a revision does not exist."""


def run(
    folder: Path, *args: str, stdin: bytes | None = None, timeout: float = GIT_TIMEOUT
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C FOLDER ARGS``, with ``stdin`` as its input; raises :class:`GitError`.

    The error is raised only when git cannot be run at all (not installed, no
    answer within ``timeout`` seconds); git's own failures are in the result's
    ``returncode`` and ``stderr``.
    """
    # deferred: start-up (subprocess loads only when git is asked)
    import subprocess

    command = ["git", "--literal-pathspecs", "-C", str(folder), *args]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        if stdin is None:
            return subprocess.run(
                command,
                capture_output=True,
                check=False,
                timeout=timeout,
                env=environment,
                stdin=subprocess.DEVNULL,
            )
        return subprocess.run(
            command, input=stdin, capture_output=True, check=False, timeout=timeout, env=environment
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on the PATH); planctl reads revisions through git"
        ) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {timeout:g} seconds") from None
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None


def answer(folder: Path, *args: str, timeout: float = GIT_TIMEOUT) -> str | None:
    """git's output for ``args``, stripped; ``None`` when git is missing, fails or does not answer.

    For what only adds to an output (a footer's commit, a site's stamp): its
    absence is said in the output, never an error.
    """
    try:
        done = run(folder, *args, timeout=timeout)
    except GitError:
        return None
    return done.stdout.decode("utf-8", errors="replace").strip() if done.returncode == 0 else None


def first_line(data: bytes) -> str:
    """The first line of git's output (its error message), or ``""``."""
    text = data.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else ""


def top_level(folder: Path, *, timeout: float = GIT_TIMEOUT) -> Path:
    """The root of the working tree that holds ``folder`` (which must exist).

    Raises :class:`GitError` when ``folder`` is not in a git repository's
    working tree (or git cannot be run).
    """
    result = run(folder, "rev-parse", "--show-toplevel", timeout=timeout)
    if result.returncode != 0:
        raise GitError(f"{os.path.normpath(folder)} is not in a git repository")
    top = os.fsdecode(result.stdout).rstrip("\r\n")
    if not top:
        raise GitError(f"{os.path.normpath(folder)} is not in a git repository's working tree")
    return Path(top)


def show(root: Path, revision: str, path: str) -> bytes:
    """The bytes of the file ``path`` (from the repository's root) at ``revision``, as committed.

    Raises :class:`GitError` when git cannot show it.
    """
    result = run(root, "show", "--no-textconv", f"{revision}:{path}")
    if result.returncode != 0:
        raise GitError(f"git cannot show {path}: {first_line(result.stderr)}")
    return result.stdout
