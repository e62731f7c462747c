"""``planctl export``: plans as data for other tools (spreadsheets, calendars, scripts).

* ``csv`` (:mod:`planctl.export.csv`): one row per action step with where it
  sits in the plan, for a spreadsheet;
* ``ics`` (:mod:`planctl.export.ics`): an iCalendar file with each step's
  due date and milestones as all-day events, for a calendar app;
* ``json`` (:mod:`planctl.export.json`): the normalised plans, every field
  with its dates read.

``--owner NAME`` keeps the steps NAME owns (a person's own calendar or task
list), matched as ``planctl status`` matches owners. The output file is
written atomically: a reader sees the old file or the new one, never half.
Plans with validation problems still export; a file that cannot be read as
a plan at all stops the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.model.build import Node, PlanDoc
from planctl.paths import shown
from planctl.problem import Severity
from planctl.progress.status import (
    OwnerFilter,
    StepProgress,
    check_owner,
    resolve_as_of,
    step_progress,
)
from planctl.validate import check_file, discover, repository_root

FORMATS = ("csv", "ics", "json")

__all__ = ["FORMATS", "ExportPlan", "load_plans", "plan_steps", "run"]


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
    try:
        files = discover(list(paths))
    except UserError as missing:
        raise UserError(f"no such file or folder: {missing}") from None
    if not files:
        raise UserError(f"no *.plan.yaml or *.plan.yml files in {', '.join(paths)}")
    plans: list[ExportPlan] = []
    for path, display in files:
        checked = check_file(path, display, settings)
        if checked.doc is None:
            problems = checked.report.problems
            errors = [p for p in problems if p.severity is Severity.ERROR] or problems
            reason = f"{errors[0].message} (line {errors[0].line})" if errors else "unreadable"
            raise UserError(f"{display} is not a plan planctl can read: {reason}")
        plans.append(ExportPlan(path, checked.doc, _key(path)))
    return plans


def plan_steps(
    plan: ExportPlan, owner: OwnerFilter | None, as_of: date | None = None
) -> list[StepProgress]:
    """The plan's steps (``owner``'s only, when given) with their dates and statuses read."""
    day = as_of or date.today()
    return [
        step_progress(plan.doc, node, as_of=day, window=0)
        for node in plan.doc.steps()
        if owner is None or owner.owns(node)
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
    if owner is None or not owner.strip():
        return None
    docs = [plan.doc for plan in plans]
    roster = [(person.name, person.aliases) for person in settings.roster]
    found = OwnerFilter.for_name(owner, docs, roster)
    check_owner(found, docs)
    return found


def run(
    paths: Sequence[str],
    *,
    to: str,
    output: str | Path | None,
    owner: str | None,
    out: TextIO,
    as_of: str | None = None,
) -> int:
    """Export the plans ``paths`` name as ``to`` (csv, ics or json); returns 0.

    The export is written atomically to ``output``, or to ``out`` when
    ``output`` is None or ``-``. ``as_of`` (else ``as_of`` in planctl.toml)
    fixes the calendar's DTSTAMP. Raises :class:`~planctl.errors.UserError`
    for an unknown format, a path that does not exist, a file that is no
    plan, an owner nobody is, or an output that cannot be written.
    """
    if to not in FORMATS:
        raise UserError(f"unknown export format '{to}': use {', '.join(FORMATS)}")
    settings = load_settings(Path.cwd())
    plans = load_plans(paths or settings.plan_paths() or ["."], settings)
    owner_filter = _owner(owner, plans, settings)
    target = None if output is None or str(output) == "-" else Path(output)
    if (
        target is not None
        and target.exists()
        and any(target.resolve() == plan.path.resolve() for plan in plans)
    ):
        raise UserError(f"refusing to write the export over the plan {target}")
    stamp = None
    if as_of is not None or settings.as_of is not None:
        stamp = resolve_as_of(as_of, settings.as_of)
    if to == "csv":
        from planctl.export.csv import export as export_csv

        text = export_csv(plans, owner_filter)
    elif to == "ics":
        from planctl.export.ics import export as export_ics

        text = export_ics(plans, owner_filter, stamp=stamp)
    else:
        from planctl.export.json import export as export_json

        text = export_json(plans, owner_filter)
    if target is None:
        out.write(text)
        return 0
    from planctl.writing import atomic_writer

    try:
        # The CSV file starts with a byte-order mark: see planctl.export.csv.
        encoding = "utf-8-sig" if to == "csv" else "utf-8"
        with atomic_writer(target, encoding=encoding, newline="") as stream:
            stream.write(text)
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from None
    return 0
