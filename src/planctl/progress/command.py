"""The ``status`` command: read the plans, compute where they stand, write one report.

:func:`run` takes a :class:`StatusOptions`; :func:`run_with` is the same
command with keyword arguments, for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from planctl.checking import find_plans, open_plans
from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.lazy import writer_module
from planctl.progress import WRITERS
from planctl.progress.status import (
    DEFAULT_WINDOW,
    StatusReport,
    plan_progress,
    resolve_as_of,
    select_owner,
)


@dataclass(frozen=True)
class StatusOptions:
    """What ``planctl status`` was asked for."""

    paths: Sequence[str] = ()
    """Plan files or folders; none means the plans of planctl.toml, else the current folder."""
    as_of: str | None = None
    """The day to measure against (default: ``as_of`` of planctl.toml, else today)."""
    owner: str | None = None
    """Only this person's or team's steps."""
    window: int = DEFAULT_WINDOW
    """Days ahead counted as due soon."""
    stale_days: int | None = None
    """List steps in progress unchanged this many days (needs git)."""
    format: str = "text"
    """A name of :data:`planctl.progress.WRITERS`."""
    color: bool = False
    """ANSI colours in the text report."""


def collect(
    paths: Sequence[str],
    *,
    as_of: str | None,
    owner: str | None,
    window: int = DEFAULT_WINDOW,
    stale_days: int | None = None,
    settings: Settings | None = None,
    today: date | None = None,
) -> StatusReport:
    """Read the plans ``paths`` name and compute the report (see :func:`run`)."""
    if window < 0:
        raise UserError(f"--window {window}: give a number of days, 0 or more")
    if stale_days is not None and stale_days < 1:
        raise UserError(f"--stale-days {stale_days}: give a number of days, 1 or more")
    if settings is None:
        settings = load_settings(Path.cwd())
    day = resolve_as_of(as_of, settings.as_of, today)
    docs = []
    skipped: list[tuple[str, str]] = []
    for checked in open_plans(find_plans(paths, settings), settings):
        if checked.doc is None or checked.source is None:
            skipped.append((checked.report.path, checked.unreadable_reason()))
            continue
        docs.append((checked.source, checked.doc))
    owner_filter, has_steps = select_owner(owner, [doc for _, doc in docs], settings)
    plans = [plan_progress(doc, as_of=day, window=window, owner=owner_filter) for _, doc in docs]
    report = StatusReport(
        as_of=day,
        window=window,
        plans=plans,
        owner=owner_filter,
        owner_has_steps=has_steps,
        stale_days=stale_days,
        skipped=skipped,
    )
    if stale_days is not None:
        # deferred: start-up (git is read only with --stale-days)
        from planctl.progress.stale import mark_stale

        report.stale_unknown = mark_stale(
            [(path, plan) for (path, _), plan in zip(docs, plans, strict=True)],
            stale_days=stale_days,
            as_of=day,
        )
    return report


def run(options: StatusOptions, settings: Settings, out: TextIO) -> int:
    """Write where the plans stand to ``out`` in ``options.format``; returns 0.

    Raises :class:`~planctl.errors.UserError` for an as-of date that is not a
    day, a path that does not exist, no plan files, an owner nobody is, or an
    unknown format. Colour is for text only (and never with ``NO_COLOR`` set).
    """
    if options.format not in WRITERS:
        raise UserError(f"unknown format '{options.format}': use {', '.join(WRITERS)}")
    report = collect(
        options.paths,
        as_of=options.as_of,
        owner=options.owner,
        window=options.window,
        stale_days=options.stale_days,
        settings=settings,
    )
    writer_module(WRITERS, options.format).write(report, out, color=options.color)
    return 0


def run_with(
    paths: Sequence[str],
    *,
    as_of: str | None,
    owner: str | None,
    window: int,
    stale_days: int | None,
    fmt: str,
    out: TextIO,
    color: bool,
) -> int:
    """:func:`run` with keyword arguments and the settings of the current folder."""
    options = StatusOptions(paths, as_of, owner, window, stale_days, fmt, color)
    return run(options, load_settings(Path.cwd()), out)
