"""Writing files atomically: a reader sees the old file or the new one, never half of one.

Every command that writes (reports, schema, fmt, render, import, export)
writes to a temporary file in the target's folder and renames it over the
target only once the content is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from planctl.errors import UserError


class CannotWrite(UserError):
    """The output file cannot be written where the user asked."""


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[tuple[int, Path]]:
    """A temporary file beside ``target`` that replaces it when the block succeeds."""
    folder = target.parent if str(target.parent) else Path()
    if target.is_dir():
        raise CannotWrite(f"cannot write {target}: it is a folder")
    if not folder.is_dir():
        raise CannotWrite(f"cannot write {target}: the folder {folder} does not exist")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise CannotWrite(f"cannot write {target}: {error.strerror or error}") from None
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
    target: Path, *, encoding: str = "utf-8", newline: str = "\n"
) -> Iterator[TextIO]:
    """Open a text stream whose content replaces ``target`` only if the block succeeds."""
    with (
        _replacing(target) as (handle, _),
        os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream,
    ):
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def atomic_binary_writer(target: Path) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces ``target`` only if the block succeeds."""
    with _replacing(target) as (handle, _), os.fdopen(handle, "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
