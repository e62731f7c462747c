"""``planctl status``: where the plans stand on a given day.

For each plan: the steps overdue, due within the window, blocked and
recently done; steps in progress that nobody has touched for a while
(inside git, with ``--stale-days``); counts by status; completion rolled up
from steps to objectives, goals and the plan; costs per funding source; and
each measure's latest actual against its target (met, on track or behind).
The rules are in :mod:`planctl.progress.status`, staleness in
:mod:`planctl.progress.stale`.

:func:`planctl.progress.command.run` is the command (with a
:class:`StatusOptions`); ``run`` here is the same with keyword arguments,
for scripts. The as-of date is ``--as-of``, else ``as_of``
in ``planctl.toml``, else today, and every report prints it. With
``--owner NAME`` only the steps NAME owns (case does not matter; a roster
name stands for its aliases too) are listed and counted, and only the
measures and costs of the goals, objectives and steps NAME owns. A name that
owns no step and is on no roster is a usage error with the closest owner
name; a roster name with no steps gets an empty report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.formats import STATUS
from planctl.lazy import lazy_attributes

if TYPE_CHECKING:
    from planctl.progress.command import StatusOptions, collect
    from planctl.progress.command import run_with as run
    from planctl.progress.status import (
        DEFAULT_WINDOW,
        MeasureProgress,
        OwnerFilter,
        PlanProgress,
        Rollup,
        StatusReport,
        StepProgress,
    )

WRITERS = STATUS
"""Each report format by name and the module whose ``write(report, out, *, color)`` writes it."""

__all__ = [
    "DEFAULT_WINDOW",
    "WRITERS",
    "MeasureProgress",
    "OwnerFilter",
    "PlanProgress",
    "Rollup",
    "StatusOptions",
    "StatusReport",
    "StepProgress",
    "collect",
    "run",
]

_STATUS = "planctl.progress.status"
_COMMAND = "planctl.progress.command"
# The command line reads WRITERS on every run; the work is imported when used.
__getattr__ = lazy_attributes(
    __name__,
    {
        "StatusOptions": _COMMAND,
        "collect": _COMMAND,
        "run": f"{_COMMAND}:run_with",
        "DEFAULT_WINDOW": _STATUS,
        "MeasureProgress": _STATUS,
        "OwnerFilter": _STATUS,
        "PlanProgress": _STATUS,
        "Rollup": _STATUS,
        "StatusReport": _STATUS,
        "StepProgress": _STATUS,
    },
)
