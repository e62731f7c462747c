"""Where layouts come from: the folders searched, and the loader that keeps reads inside them.

A layout file and everything it includes is read at its real path (symbolic
links followed) and refused, as :class:`LayoutOutside`, unless that path is
inside the district's ``--layouts`` folder or planctl's own layouts folder.
:mod:`planctl.render.environment` builds the sandbox on this loader; Word and
PDF rendering use the same checks for the files they read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from planctl import resources


class LayoutRefused(SecurityError):
    """A layout went over a limit or reached outside its folder; the message says which.

    A :class:`~jinja2.exceptions.SecurityError`, so Jinja passes it through
    with the layout's file and line on its traceback.
    """


class LayoutOutside(LayoutRefused):
    """A layout file that cannot be used (outside the folder, unreadable); the message names it."""


def layout_dirs(fmt: str, user_dir: Path | None) -> list[Path]:
    """Folders searched for layouts of ``fmt``, the district's first."""
    folders: list[Path] = []
    if user_dir is not None:
        folders += [user_dir / fmt, user_dir]
    folders.append(resources.layouts_dir() / fmt)
    return [folder for folder in folders if folder.is_dir()]


def layout_roots(user_dir: Path | None) -> list[str]:
    """The real paths of the folders layouts may read files from: the district's, planctl's."""
    roots = [os.path.realpath(resources.layouts_dir())]
    if user_dir is not None:
        roots.insert(0, os.path.realpath(user_dir))
    return roots


def outside(path: str | Path, roots: Sequence[str]) -> str | None:
    """The real path of ``path`` when it is outside every one of ``roots``, else ``None``.

    Symbolic links are followed all the way (a link to a link, a linked
    folder on the way), so what is compared is the file that would be read.
    """
    real = os.path.realpath(path)
    for root in roots:
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return None
    return real


def refused_link(shown: str | Path, real: str, user_dir: Path | None) -> str:
    """The message for a layout file that resolves to ``real``, outside the layouts folder."""
    folder = f"the layouts folder {user_dir}" if user_dir is not None else "planctl's layouts"
    return f"{shown} leads to {real}, outside {folder}: a layout may use only the files inside it"


class ConfinedLoader(BaseLoader):
    """Layout files from ``folders`` in order, each read at its real path inside ``roots``.

    Like Jinja's ``FileSystemLoader`` over the same folders, except that a
    name whose file (through any symbolic link) lies outside the layouts
    folders is refused rather than read, and that the file read is the one
    checked: it is opened by its resolved path.
    """

    def __init__(self, folders: Sequence[Path], user_dir: Path | None) -> None:
        self.folders = list(folders)
        self.user_dir = user_dir
        self.roots = layout_roots(user_dir)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``, its path as the user knows it, and an up-to-date check."""
        pieces = split_template_path(template)  # refuses '..' pieces, as Jinja does
        for folder in self.folders:
            shown = folder.joinpath(*pieces)
            if not os.path.lexists(shown):
                continue
            real = outside(shown, self.roots)
            if real is not None:
                raise LayoutOutside(refused_link(shown, real, self.user_dir))
            real_path = Path(os.path.realpath(shown))
            if not real_path.is_file():
                continue  # a folder of that name, as Jinja's own loader skips it
            # Environments live for one render and never reload: always up to date.
            return _read_layout(shown, real_path), str(shown), lambda: True
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """Names of the files in the folders (links to folders are not walked into)."""
        found: set[str] = set()
        for folder in self.folders:
            for directory, _, files in os.walk(folder):
                relative = Path(directory).relative_to(folder)
                found.update((relative / name).as_posix() for name in files)
        return sorted(found)


def _read_layout(shown: Path, real: Path) -> str:
    try:
        raw = real.read_bytes()
    except OSError as error:
        raise LayoutOutside(f"{shown}: cannot be read: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LayoutOutside(
            f"{shown}: is not UTF-8 text (byte {error.start + 1}); save it as UTF-8"
        ) from None
