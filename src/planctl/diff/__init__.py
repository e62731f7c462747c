"""``planctl diff``: what changed between two versions of a plan, in planning terms.

A board asks "what changed since the adopted plan?", not "which lines". This
package compares two built plans (:func:`diff_docs`) node by node and
reports, each as a :class:`Change` with a stable ``kind``:

* the plan's own fields: ``plan-title-changed``, ``plan-period-changed``,
  ``plan-status-changed`` (draft → adopted), ``plan-organization-changed``,
  ``plan-adopted-changed``, ``plan-template-changed``,
  ``plan-description-changed``, ``plan-section-changed``; ``plan-added`` and
  ``plan-removed`` when the file exists on one side only;
* goals, objectives and strategies (``goal-*``, ``objective-*``,
  ``strategy-*``; ``group-*`` for a level a district template names itself)
  and steps (``step-*``): ``-added``, ``-removed``, ``-renamed`` (same node,
  new title or action), ``-moved`` (under another goal or objective);
* a node's fields: ``owners-changed``, ``due-moved`` (by how many months, or
  days when either date names a day), ``due-changed`` (set, cleared, or a
  different range ending on the same day, or text planctl cannot place),
  ``start-moved`` / ``start-changed``, ``status-changed`` (district status
  words read as the standard ones), ``outcome-changed``, ``measure-changed``,
  ``baseline-changed``, ``target-changed``, ``cost-changed``,
  ``funding-changed`` and ``field-changed`` (description, phase, repeat,
  resources, benefits, tags, alignment, comments, milestone dates, and a
  district's own fields);
* a step's checklist: ``task-added``, ``task-removed``, ``task-renamed``,
  ``task-done`` ("task 'Order books' done"), ``task-reopened`` and
  ``task-changed`` (its due date or owners).

Progress records (measure actuals, step updates, completion dates) are
monitoring, not planning, and are not reported; a date written another way
for the same days (``May/2013`` → ``2013-05``) is no change. How nodes are
matched is described in :mod:`planctl.diff.compare`. A :class:`CostSummary`
gives the net cost per top-level node and for the plan.

:func:`planctl.diff.command.run` is the command (with a
:class:`DiffOptions`; ``run`` here takes keyword arguments): two files, or plans at a git revision
(:func:`load_revision`) against the working tree or another revision,
written as ``text``, ``md`` or ``json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.formats import DIFF
from planctl.lazy import lazy_attributes

if TYPE_CHECKING:
    from planctl.diff.command import ComparedPlan, DiffOptions
    from planctl.diff.command import run_with as run
    from planctl.diff.compare import Change, CostSummary, GoalCost, PlanDiff, diff_docs
    from planctl.diff.git import load_revision

WRITERS = DIFF
"""Each report format by name and the module whose ``write(plans, out)`` writes it."""

__all__ = [
    "WRITERS",
    "Change",
    "ComparedPlan",
    "CostSummary",
    "DiffOptions",
    "GoalCost",
    "PlanDiff",
    "diff_docs",
    "load_revision",
    "run",
]

_COMMAND = "planctl.diff.command"
_COMPARE = "planctl.diff.compare"
# The command line reads WRITERS on every run; the work is imported when used.
__getattr__ = lazy_attributes(
    __name__,
    {
        "ComparedPlan": _COMMAND,
        "DiffOptions": _COMMAND,
        "run": f"{_COMMAND}:run_with",
        "Change": _COMPARE,
        "CostSummary": _COMPARE,
        "GoalCost": _COMPARE,
        "PlanDiff": _COMPARE,
        "diff_docs": _COMPARE,
        "load_revision": "planctl.diff.git",
    },
)
