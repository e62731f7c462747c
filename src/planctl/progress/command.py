"""``planctl status``: where the plans stand on a given day.

For each plan: the steps overdue, due within the window, blocked and
recently done; steps in progress that nobody has touched for a while
(inside git, with ``--stale-days``); counts by status; completion rolled up
from steps to objectives, goals and the plan; costs per funding source; and
each measure's latest actual against its target (met, on track or behind).
The rules are in :mod:`planctl.progress.status`, staleness in
:mod:`planctl.progress.stale`.

:func:`run` is the command. The as-of date is ``--as-of``, else ``as_of``
in ``planctl.toml``, else today, and every report prints it. With
``--owner NAME`` only the steps NAME owns (case does not matter; a roster
name stands for its aliases too) are listed and counted, and only the
measures and costs of the goals, objectives and steps NAME owns. A name that
owns no step and is on no roster is a usage error with the closest owner
name; a roster name with no steps gets an empty report.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.problem import Severity
from planctl.progress.status import (
    DEFAULT_WINDOW,
    MeasureProgress,
    OwnerFilter,
    PlanProgress,
    Rollup,
    StatusReport,
    StepProgress,
    check_owner,
    plan_progress,
    resolve_as_of,
)
from planctl.validate import check_file, discover

FORMATS = ("text", "md", "json")

__all__ = [
    "DEFAULT_WINDOW",
    "FORMATS",
    "MeasureProgress",
    "OwnerFilter",
    "PlanProgress",
    "Rollup",
    "StatusReport",
    "StepProgress",
    "collect",
    "run",
]


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
    targets = list(paths) or settings.plan_paths() or ["."]
    try:
        files = discover(targets)
    except UserError as missing:
        raise UserError(f"no such file or folder: {missing}") from None
    if not files:
        raise UserError(f"no *.plan.yaml or *.plan.yml files in {', '.join(targets)}")
    docs = []
    skipped: list[tuple[str, str]] = []
    for path, display in files:
        checked = check_file(path, display, settings)
        if checked.doc is None:
            problems = checked.report.problems
            errors = [p for p in problems if p.severity is Severity.ERROR] or problems
            reason = f"{errors[0].message} (line {errors[0].line})" if errors else "unreadable"
            skipped.append((display, reason))
            continue
        docs.append((path, checked.doc))
    owner_filter = None
    has_steps = True
    if owner is not None and owner.strip():
        roster = [(person.name, person.aliases) for person in settings.roster]
        owner_filter = OwnerFilter.for_name(owner, [doc for _, doc in docs], roster)
        has_steps = check_owner(owner_filter, [doc for _, doc in docs])
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
        from planctl.progress.stale import mark_stale

        report.stale_unknown = mark_stale(
            [(path, plan) for (path, _), plan in zip(docs, plans, strict=True)],
            stale_days=stale_days,
            as_of=day,
        )
    return report


def run(
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
    """Write where the plans stand to ``out`` as ``fmt`` (text, md or json); returns 0.

    ``paths`` are plan files or folders (default: the ``plans`` setting, else
    the current folder). Raises :class:`~planctl.errors.UserError` for an
    as-of date that is not a day, a path that does not exist, no plan files,
    an owner nobody is, or an unknown format. ``color`` is for text only
    (and never with ``NO_COLOR`` set).
    """
    if fmt not in FORMATS:
        raise UserError(f"unknown format '{fmt}': use {', '.join(FORMATS)}")
    report = collect(paths, as_of=as_of, owner=owner, window=window, stale_days=stale_days)
    if fmt == "json":
        from planctl.progress import report_json

        report_json.write(report, out)
    elif fmt == "md":
        from planctl.progress import report_md

        report_md.write(report, out)
    else:
        from planctl.progress import report_text

        report_text.write(report, out, color=color)
    return 0
