"""The ``export`` command: read the plans, keep an owner's steps, write them in one format.

:func:`run` takes an :class:`ExportOptions`; :func:`run_with` is the same
command with keyword arguments, for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from planctl.checking import find_plans, open_plans, repository_root
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


def load_plans(paths: Sequence[str], settings: Settings | None = None) -> list[ExportPlan]:
    """The plans ``paths`` name, built; UserError for a path or file that is no plan."""
    if settings is None:
        settings = load_settings(Path.cwd())
    plans: list[ExportPlan] = []
    for checked in open_plans(find_plans(paths, settings), settings):
        if checked.doc is None or checked.source is None:
            raise UserError(
                f"{checked.report.path} is not a plan planctl can read: "
                f"{checked.unreadable_reason()}"
            )
        plans.append(ExportPlan(checked.source, checked.doc, _key(checked.source)))
    return plans


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


def run(options: ExportOptions, settings: Settings, out: TextIO) -> int:
    """Export the plans ``options`` name; returns 0.

    The export is written atomically to ``options.output``, or to ``out``
    when that is None or ``-``. ``options.as_of`` (else ``as_of`` in
    planctl.toml) fixes the calendar's DTSTAMP. Raises
    :class:`~planctl.errors.UserError` for an unknown format, a path that does
    not exist, a file that is no plan, an owner nobody is, or an output that
    cannot be written.
    """
    if options.to not in WRITERS:
        raise UserError(f"unknown export format '{options.to}': use {', '.join(WRITERS)}")
    plans = load_plans(options.paths, settings)
    owner_filter = _owner(options.owner, plans, settings)
    output = options.output
    target = None if output is None or str(output) == "-" else Path(output)
    if (
        target is not None
        and target.exists()
        and any(target.resolve() == plan.path.resolve() for plan in plans)
    ):
        raise UserError(f"refusing to write the export over the plan {target}")
    stamp = None
    if options.as_of is not None or settings.as_of is not None:
        stamp = resolve_as_of(options.as_of, settings.as_of)
    writer = writer_module(WRITERS, options.to)
    text: str = writer.export(plans, owner_filter, stamp=stamp)
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
