"""The ``status`` command: read the plans, compute where they stand, write one report.

:func:`run` takes a :class:`StatusOptions`; :func:`run_with` is the same
command with keyword arguments, for scripts.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from planctl.bulk import Ticker, map_in_order, reading_jobs
from planctl.checking import check_file, find_plans, open_plans
from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.lazy import writer_module
from planctl.progress import WRITERS
from planctl.progress.status import (
    DEFAULT_WINDOW,
    PlanProgress,
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
    jobs: int | None = None
    """Processes to read many plans with (default: one per core from 16 plans)."""


def collect(
    paths: Sequence[str],
    *,
    as_of: str | None,
    owner: str | None,
    window: int = DEFAULT_WINDOW,
    stale_days: int | None = None,
    settings: Settings | None = None,
    today: date | None = None,
    jobs: int | None = 1,
    ticker: Ticker | None = None,
) -> StatusReport:
    """Read the plans ``paths`` name and compute the report (see :func:`run`).

    ``jobs`` processes read the plans (None: one per core from
    :data:`~planctl.bulk.PARALLEL_FROM` files); ``ticker`` counts them.
    """
    report, _ = _collect(
        paths,
        as_of=as_of,
        owner=owner,
        window=window,
        stale_days=stale_days,
        settings=settings,
        today=today,
        jobs=jobs,
        ticker=ticker,
        drawn=None,
    )
    return report


def _collect(
    paths: Sequence[str],
    *,
    as_of: str | None,
    owner: str | None,
    window: int,
    stale_days: int | None,
    settings: Settings | None,
    today: date | None,
    jobs: int | None,
    ticker: Ticker | None,
    drawn: tuple[bool, int] | None,
) -> tuple[StatusReport, list[str] | None]:
    """The report and, when ``drawn`` (colour, width) is given, each plan's text part.

    Without an owner or staleness each plan's figures depend on that plan
    alone, so each worker reads a plan and works them out (and draws the
    plan's text part, when ``drawn``); otherwise the workers only read the
    plans and the figures are worked out here, across all of them.
    """
    if window < 0:
        raise UserError(f"--window {window}: give a number of days, 0 or more")
    if stale_days is not None and stale_days < 1:
        raise UserError(f"--stale-days {stale_days}: give a number of days, 1 or more")
    if settings is None:
        settings = load_settings(Path.cwd())
    day = resolve_as_of(as_of, settings.as_of, today)
    files = find_plans(paths, settings)
    skipped: list[tuple[str, str]] = []
    if owner is None and stale_days is None:
        items = [(path, display, settings, day, window, drawn) for path, display in files]
        plans: list[PlanProgress] = []
        sections: list[str] = []
        for part in map_in_order(_plan_part, items, jobs=jobs, ticker=ticker, what="reading"):
            if part.skipped is not None:
                skipped.append(part.skipped)
            if part.plan is not None:
                plans.append(part.plan)
            if part.section is not None:
                sections.append(part.section)
        report = StatusReport(as_of=day, window=window, plans=plans, skipped=skipped)
        return report, (sections if drawn is not None else None)
    docs = []
    for checked in open_plans(files, settings, jobs=reading_jobs(jobs), ticker=ticker):
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
    return report, None


@dataclass
class _PlanPart:
    """What a worker gives back for one file: why it was skipped, or the plan's figures."""

    skipped: tuple[str, str] | None = None
    plan: PlanProgress | None = None
    """The plan's figures, unless only its text part is wanted."""
    section: str | None = None
    """The plan's text part, when it was asked for."""


def _plan_part(
    path: Path,
    display: str,
    settings: Settings,
    day: date,
    window: int,
    drawn: tuple[bool, int] | None,
) -> _PlanPart:
    """Read one plan and work out where it stands; with ``drawn``, its text part only."""
    checked = check_file(path, display, settings)
    if checked.doc is None:
        return _PlanPart(skipped=(checked.report.path, checked.unreadable_reason()))
    plan = plan_progress(checked.doc, as_of=day, window=window)
    if drawn is None:
        return _PlanPart(plan=plan)
    # deferred: start-up (rich, only for the text report)
    from planctl.progress.report_text import plan_section

    color, width = drawn
    context = StatusReport(as_of=day, window=window, plans=[plan])
    section = plan_section(plan, context, color=color, width=width)
    checked.doc.dispose()
    return _PlanPart(section=section)


def run(
    options: StatusOptions, settings: Settings, out: TextIO, ticker: Ticker | None = None
) -> int:
    """Write where the plans stand to ``out`` in ``options.format``; returns 0.

    Raises :class:`~planctl.errors.UserError` for an as-of date that is not a
    day, a path that does not exist, no plan files, an owner nobody is, or an
    unknown format. Colour is for text only (and never with ``NO_COLOR`` set).
    Many plans are read in several processes (``options.jobs``); ``ticker``
    (a progress bar) counts them.
    """
    if options.format not in WRITERS:
        raise UserError(f"unknown format '{options.format}': use {', '.join(WRITERS)}")
    drawn = None
    if options.format == "text":
        # deferred: start-up (rich, only for the text report)
        from planctl.progress.report_text import width_for

        drawn = (options.color and not os.environ.get("NO_COLOR"), width_for(out))
    report, sections = _collect(
        options.paths,
        as_of=options.as_of,
        owner=options.owner,
        window=options.window,
        stale_days=options.stale_days,
        settings=settings,
        today=None,
        jobs=options.jobs,
        ticker=ticker,
        drawn=drawn,
    )
    writer = writer_module(WRITERS, options.format)
    if sections is not None:
        writer.write(report, out, color=options.color, sections=sections)
    else:
        writer.write(report, out, color=options.color)
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
