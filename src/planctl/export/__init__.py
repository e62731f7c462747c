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

:func:`planctl.export.command.run` is the command (with an
:class:`ExportOptions`); ``run`` here is the same with keyword arguments,
for scripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.formats import EXPORT
from planctl.lazy import lazy_attributes

if TYPE_CHECKING:
    from planctl.export.command import (
        ExportOptions,
        ExportPlan,
        ancestors,
        load_plans,
        plan_steps,
    )
    from planctl.export.command import run_with as run

WRITERS = EXPORT
"""Each export format by name and its module (``export(plans, owner, *, stamp)``, ``ENCODING``)."""

__all__ = [
    "WRITERS",
    "ExportOptions",
    "ExportPlan",
    "ancestors",
    "load_plans",
    "plan_steps",
    "run",
]

_COMMAND = "planctl.export.command"
# The command line reads WRITERS on every run; the work is imported when used.
__getattr__ = lazy_attributes(
    __name__,
    {
        "ExportOptions": _COMMAND,
        "ExportPlan": _COMMAND,
        "ancestors": _COMMAND,
        "load_plans": _COMMAND,
        "plan_steps": _COMMAND,
        "run": f"{_COMMAND}:run_with",
    },
)
