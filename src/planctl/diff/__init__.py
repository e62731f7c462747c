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
  district's own fields).

Progress records (measure actuals, step updates, completion dates) are
monitoring, not planning, and are not reported; a date written another way
for the same days (``May/2013`` → ``2013-05``) is no change. How nodes are
matched is described in :mod:`planctl.diff.compare`. A :class:`CostSummary`
gives the net cost per top-level node and for the plan.

:func:`run` is the command: two files, or plans at a git revision
(:func:`load_revision`) against the working tree or another revision,
written as ``text``, ``md`` or ``json``.
"""

from planctl.diff.command import ComparedPlan, run
from planctl.diff.compare import Change, CostSummary, GoalCost, PlanDiff, diff_docs
from planctl.diff.git import load_revision

__all__ = [
    "Change",
    "ComparedPlan",
    "CostSummary",
    "GoalCost",
    "PlanDiff",
    "diff_docs",
    "load_revision",
    "run",
]
