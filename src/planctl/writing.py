"""Writing files atomically, and only where the user meant to.

A reader sees the old file or the new one, never half of one.

Every command that writes (reports, schema, fmt, render, import, export)
writes to a temporary file in the target's folder and renames it over the
target only once the content is complete. Before that, the target is
checked, because a rename replaces whatever has the name:

- a file the same command reads (``validate PLAN -o PLAN``) is refused, so a
  report never replaces the plan it is about;
- a named pipe, device or socket is refused: renaming over ``/dev/null`` as
  root would replace the device with a regular file;
- a symbolic link is refused unless the caller writes *through* it (``fmt``
  rewriting a linked plan in place writes the file the link points to and
  keeps the link): a link committed in a plan repository must not steer a CI
  job's output onto a file outside it.

The temporary file is named ``.NAME.planctl-PID-RANDOM.tmp``. It is removed on
every exit planctl controls (an error, Ctrl-C, SIGTERM, which the CLI turns
into an exit); after a ``kill -9`` or a power cut it stays, and the next write
to the same target removes temporary files whose process has ended.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from planctl.errors import UserError
from planctl.paths import shown

# A long target name is cut in the temporary file's name, which must stay
# within the file system's 255-byte limit with the prefix and suffix added.
_NAME_KEPT = 100
_MARK = ".planctl-"
_SUFFIX = ".tmp"


class CannotWrite(UserError):
    """The output file cannot be written where the user asked."""


def check_target(
    target: Path, *, inputs: Iterable[Path] = (), follow_links: bool = False, what: str = "output"
) -> Path:
    """The file a write to ``target`` replaces, or :class:`CannotWrite` saying why not.

    ``inputs`` are the files the command reads; writing over one of them is
    refused. With ``follow_links`` a symbolic link is written through (the
    file it points to is replaced and the link kept); without, it is refused.
    """
    name = shown(target)
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise CannotWrite(f"cannot write {name}: {error.strerror or error}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        link = _link_text(target)
        if not follow_links:
            raise CannotWrite(
                f"{name} is a symbolic link (to {link}); planctl does not write through links: "
                f"name the file itself, or remove the link"
            )
        real = _real_path(target)
        if real is None:
            raise CannotWrite(f"cannot write {name}: the link (to {link}) leads nowhere")
        return check_target(real, inputs=inputs, follow_links=False, what=what)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise CannotWrite(f"cannot write {name}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise CannotWrite(
            f"cannot write {name}: it is {_kind(info.st_mode)}, not a regular file, "
            f"and planctl replaces only regular files"
        )
    for source in inputs:
        if _same_file(target, source):
            raise CannotWrite(
                f"refusing to write the {what} over {name}, which this command reads: "
                f"choose another file name"
            )
    return target


@contextlib.contextmanager
def _replacing(
    target: Path, inputs: Iterable[Path], follow_links: bool, what: str
) -> Iterator[tuple[int, Path]]:
    """A temporary file beside ``target`` that replaces it when the block succeeds."""
    target = check_target(target, inputs=inputs, follow_links=follow_links, what=what)
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise CannotWrite(
            f"cannot write {shown(target)}: the folder {shown(folder)} does not exist"
        )
    remove_orphans(target)
    try:
        handle, name = tempfile.mkstemp(prefix=_prefix(target), suffix=_SUFFIX, dir=folder)
    except OSError as error:
        raise CannotWrite(f"cannot write {shown(target)}: {error.strerror or error}") from None
    temporary = Path(name)
    try:
        yield handle, temporary
        # Keep the permissions of the file being replaced; a new file gets the usual ones.
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_writer(
    target: Path,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
    inputs: Iterable[Path] = (),
    follow_links: bool = False,
    what: str = "output",
) -> Iterator[TextIO]:
    """Open a text stream whose content replaces ``target`` only if the block succeeds.

    ``target`` is checked first (see :func:`check_target`).
    """
    with (
        _replacing(target, inputs, follow_links, what) as (handle, _),
        os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream,
    ):
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def atomic_binary_writer(
    target: Path, *, inputs: Iterable[Path] = (), what: str = "output"
) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``target`` only if the block succeeds."""
    with _replacing(target, inputs, False, what) as (handle, _), os.fdopen(handle, "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


def remove_orphans(target: Path) -> list[Path]:
    """Remove temporary files left beside ``target`` by planctl runs that have ended.

    A run that was killed outright (``kill -9``, a power cut) cannot clean up
    after itself; its temporary file names its process, so a later write to
    the same target can tell it from one a running planctl is still writing.
    """
    folder = target.parent if str(target.parent) else Path()
    prefix = f".{target.name[:_NAME_KEPT]}{_MARK}"
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        pid_text = name[len(prefix) :].split("-", 1)[0]
        if not name.endswith(_SUFFIX) or not pid_text.isdigit() or _running(int(pid_text)):
            continue
        orphan = folder / name
        with contextlib.suppress(OSError):
            if orphan.is_file() and not orphan.is_symlink():
                orphan.unlink()
                removed.append(orphan)
    return removed


def _prefix(target: Path) -> str:
    return f".{target.name[:_NAME_KEPT]}{_MARK}{os.getpid()}-"


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user's counts as running)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # Only POSIX has a harmless "is it there" signal; elsewhere os.kill ends the process.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _same_file(target: Path, source: Path) -> bool:
    try:
        return target.samefile(source)
    except (OSError, ValueError):
        return False


def _real_path(link: Path) -> Path | None:
    try:
        real = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real


def _link_text(link: Path) -> str:
    try:
        return shown(link.readlink())
    except OSError:
        return "?"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
