"""Looking at paths that come from plans and the command line, and showing their names.

``Path.exists()``, ``is_file()`` and ``is_dir()`` answer ``False`` for a path
that is not there, but raise for some paths a planner (or a hostile pull
request) can write: a name longer than the file system allows
(``ENAMETOOLONG``), a path through a file (``ENOTDIR`` on some systems), a
folder that may not be read (``EACCES``), a NUL character (``ValueError``).
Every path that comes from a plan (``template:``, ``aligns_to:``, a roster)
or from the command line is looked at through :func:`probe`, which answers
with a kind and, when the path cannot be looked at, a reason in words.

File names are bytes on POSIX; a name that is not UTF-8 reaches Python with
surrogate escapes, which no UTF-8 writer accepts. :func:`shown` turns a path
into text every report and packet can hold.
"""

from __future__ import annotations

import enum
import os
import stat
from dataclasses import dataclass
from pathlib import Path


class Kind(enum.Enum):
    """What a path names."""

    FILE = "file"
    FOLDER = "folder"
    OTHER = "other"
    """A named pipe, device, socket: something that is not a regular file or folder."""
    MISSING = "missing"
    UNUSABLE = "unusable"
    """The path cannot be looked at (too long, a NUL character, no permission)."""


@dataclass(frozen=True)
class Probe:
    """The answer of :func:`probe`: the kind, and why a path is unusable."""

    kind: Kind
    reason: str = ""


def probe(path: Path | str) -> Probe:
    """What ``path`` names, following symbolic links; never raises."""
    try:
        mode = Path(path).stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return Probe(Kind.MISSING)
    except OSError as error:
        return Probe(Kind.UNUSABLE, (error.strerror or str(error)).lower())
    except ValueError:
        return Probe(Kind.UNUSABLE, "it holds a NUL character")
    if stat.S_ISREG(mode):
        return Probe(Kind.FILE)
    if stat.S_ISDIR(mode):
        return Probe(Kind.FOLDER)
    return Probe(Kind.OTHER)


def resolved(path: Path) -> Path | None:
    """``path`` with its links and ``..`` resolved, or ``None`` when that cannot be done."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        # RuntimeError: a link loop on Python 3.10–3.12; OSError: a name too long.
        return None


def shown(path: Path | str) -> str:
    """``path`` as text any UTF-8 writer accepts (bytes that are not UTF-8 become U+FFFD)."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` or ``planctl.toml``."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists() or (folder / "planctl.toml").is_file():
            return folder
    return None
