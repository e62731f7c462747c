"""planctl for scripts: check plans and render packets from Python, with explicit settings.

The command line reads ``planctl.toml`` from the current folder; these
functions never look at the current folder themselves. ``settings`` is a
:class:`~planctl.config.Settings`, a folder to read ``planctl.toml`` from
(and above it), or None for planctl's defaults. A path that does not exist,
or a packet that cannot be made, raises :class:`~planctl.errors.UserError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path

from planctl.checking import CheckedPlan, find_plans, open_plans
from planctl.config import Settings, load_settings
from planctl.render import RenderOptions, render_packet

SettingsLike = Settings | str | PathLike[str] | None
"""Settings, a folder holding (or below) ``planctl.toml``, or None for the defaults."""


def settings_from(settings: SettingsLike) -> Settings:
    """The :class:`Settings` that ``settings`` stands for."""
    if isinstance(settings, Settings):
        return settings
    if settings is None:
        return Settings()
    return load_settings(Path(settings))


def _names(paths: Sequence[str | PathLike[str]] | str | PathLike[str]) -> list[str]:
    if isinstance(paths, (str, PathLike)):
        return [str(paths)]
    return [str(path) for path in paths]


def check(
    paths: Sequence[str | PathLike[str]] | str | PathLike[str], settings: SettingsLike = None
) -> list[CheckedPlan]:
    """Check the plan files ``paths`` name (folders are searched), one result per file.

    Each result has the file's ``report`` (its problems, by line) and its
    built plan ``doc`` (None when the file could not be read as a plan).
    """
    chosen = settings_from(settings)
    return list(open_plans(find_plans(_names(paths), chosen), chosen))


def render_plans(
    paths: Sequence[str | PathLike[str]] | str | PathLike[str],
    options: RenderOptions | None = None,
    settings: SettingsLike = None,
) -> bytes:
    """The packet of the plans ``paths`` name, in ``options.to`` (Markdown by default).

    (Not ``render``: that name is the package :mod:`planctl.render`.)
    """
    chosen = settings_from(settings)
    files = find_plans(_names(paths), chosen)
    return render_packet(files, options or RenderOptions(), chosen)
