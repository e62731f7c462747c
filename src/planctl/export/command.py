"""The ``export`` command: read the plans, keep an owner's steps, write them in one format.

:func:`run` takes an :class:`ExportOptions`; :func:`run_with` is the same
command with keyword arguments, for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from planctl.bulk import Ticker, map_in_order, reading_jobs
from planctl.checking import (
    CheckedPlan,
    check_file,
    find_plans,
    open_plans,
    repository_root,
)
from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.export import WRITERS
from planctl.lazy import writer_module
from planctl.model.build import Node, PlanDoc
from planctl.paths import shown
from planctl.progress.status import (
    OwnerFilter,
    StepProgress,
    resolve_as_of,
    select_owner,
    step_progress,
)
from planctl.writing import atomic_writer


@dataclass(frozen=True)
class ExportOptions:
    """What ``planctl export`` was asked for."""

    paths: Sequence[str] = ()
    """Plan files or folders; none means the plans of planctl.toml, else the current folder."""
    to: str = "csv"
    """A name of :data:`planctl.export.WRITERS`."""
    output: Path | None = None
    """The file to write (atomically); none or ``-`` writes to the stream."""
    owner: str | None = None
    """Only this person's or team's steps."""
    as_of: str | None = None
    """The day stamped on calendar entries (default: ``as_of`` of planctl.toml)."""
    jobs: int | None = None
    """Processes to read many plans with (default: one per core from 16 plans)."""


@dataclass(frozen=True)
class ExportPlan:
    """A plan to export: its file, the built plan, and a name that does not depend on cwd."""

    path: Path
    doc: PlanDoc
    key: str
    """The file's path inside its repository (``plans/pl.plan.yaml``), else its name."""


def _key(path: Path) -> str:
    root = repository_root(path.parent)
    resolved = path.resolve()
    if root is not None:
        try:
            return shown(resolved.relative_to(root).as_posix())
        except ValueError:
            pass
    return shown(path.name)


def load_plans(
    paths: Sequence[str],
    settings: Settings | None = None,
    *,
    jobs: int | None = 1,
    ticker: Ticker | None = None,
) -> list[ExportPlan]:
    """The plans ``paths`` name, built; UserError for a path or file that is no plan.

    ``jobs`` processes read them (None: one per core from
    :data:`~planctl.bulk.PARALLEL_FROM` files); ``ticker`` counts them.
    """
    if settings is None:
        settings = load_settings(Path.cwd())
    return _load(find_plans(paths, settings), settings, jobs, ticker)


def _load(
    files: Sequence[tuple[Path, str]],
    settings: Settings,
    jobs: int | None,
    ticker: Ticker | None,
) -> list[ExportPlan]:
    plans: list[ExportPlan] = []
    for checked in open_plans(files, settings, jobs=jobs, ticker=ticker):
        if checked.doc is None or checked.source is None:
            raise UserError(_not_a_plan(checked))
        plans.append(ExportPlan(checked.source, checked.doc, _key(checked.source)))
    return plans


def _not_a_plan(checked: CheckedPlan) -> str:
    return f"{checked.report.path} is not a plan planctl can read: {checked.unreadable_reason()}"


def _part(path: Path, display: str, settings: Settings, to: str) -> tuple[str | None, Any]:
    """One plan's part of the export in format ``to`` (see the writers' ``part``).

    Made where the plan is read, in a worker process for many plans; a file
    that is no plan gives the message that stops the export instead.
    """
    checked = check_file(path, display, settings)
    if checked.doc is None:
        return _not_a_plan(checked), None
    plan = ExportPlan(path, checked.doc, _key(path))
    made = writer_module(WRITERS, to).part(plan, None)
    checked.doc.dispose()
    return None, made


def plan_steps(
    plan: ExportPlan, owner: OwnerFilter | None, as_of: date | None = None
) -> list[StepProgress]:
    """The plan's steps (``owner``'s only, when given) with their dates and statuses read."""
    day = as_of or date.today()
    return [
        step_progress(plan.doc, node, as_of=day, window=0)
        for node in plan.doc.steps()
        if owner is None or owner.owns(node, plan.doc)
    ]


def ancestors(node: Node) -> list[Node]:
    """The goals, objectives or strategies above ``node``, top first."""
    found: list[Node] = []
    parent = node.parent
    while parent is not None:
        found.insert(0, parent)
        parent = parent.parent
    return found


def _owner(
    owner: str | None, plans: Sequence[ExportPlan], settings: Settings
) -> OwnerFilter | None:
    return select_owner(owner, [plan.doc for plan in plans], settings)[0]


def run(
    options: ExportOptions, settings: Settings, out: TextIO, ticker: Ticker | None = None
) -> int:
    """Export the plans ``options`` name; returns 0.

    Many plans are read in several processes (``options.jobs``); ``ticker``
    (a progress bar) counts them.

    The export is written atomically to ``options.output``, or to ``out``
    when that is None or ``-``. ``options.as_of`` (else ``as_of`` in
    planctl.toml) fixes the calendar's DTSTAMP. Raises
    :class:`~planctl.errors.UserError` for an unknown format, a path that does
    not exist, a file that is no plan, an owner nobody is, or an output that
    cannot be written.
    """
    if options.to not in WRITERS:
        raise UserError(f"unknown export format '{options.to}': use {', '.join(WRITERS)}")
    files = find_plans(options.paths, settings)
    output = options.output
    target = None if output is None or str(output) == "-" else Path(output)
    if (
        target is not None
        and target.exists()
        and any(target.resolve() == path.resolve() for path, _ in files)
    ):
        raise UserError(f"refusing to write the export over the plan {target}")
    stamp = None
    if options.as_of is not None or settings.as_of is not None:
        stamp = resolve_as_of(options.as_of, settings.as_of)
    writer = writer_module(WRITERS, options.to)
    if options.owner is None or not options.owner.strip():
        # Each plan's part depends on that plan alone: made where it is read.
        items = [(path, display, settings, options.to) for path, display in files]
        parts = []
        for message, made in map_in_order(
            _part, items, jobs=options.jobs, ticker=ticker, what="reading"
        ):
            if message is not None:
                raise UserError(message)
            parts.append(made)
        text: str = writer.join(parts, None, stamp=stamp)
    else:
        # An owner is matched against the owners of every plan: the plans are read first.
        plans = _load(files, settings, reading_jobs(options.jobs), ticker)
        text = writer.export(plans, _owner(options.owner, plans, settings), stamp=stamp)
    if target is None:
        out.write(text)
        return 0
    try:
        with atomic_writer(target, encoding=writer.ENCODING, newline="") as stream:
            stream.write(text)
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from None
    return 0


def run_with(
    paths: Sequence[str],
    *,
    to: str,
    output: str | Path | None,
    owner: str | None,
    out: TextIO,
    as_of: str | None = None,
) -> int:
    """:func:`run` with keyword arguments and the settings of the current folder."""
    target = None if output is None else Path(output)
    options = ExportOptions(paths, to, target, owner, as_of)
    return run(options, load_settings(Path.cwd()), out)
