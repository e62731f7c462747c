"""Where each plan stands on a given day: the numbers behind ``planctl status``.

Everything here is computed from built plans (:class:`~planctl.model.build.PlanDoc`)
and one date, the *as-of* date; nothing is printed. The rules, in the words
the reports use:

**A step's due date** is the last day its timeline covers: the end of ``due``
(``2013-06`` is due on 2013-06-30, ``Fall 2025`` on 2025-11-30, milestones on
the last one, a repeat such as ``Quarterly/2013-14`` at the end of its range,
a yearly date such as ``By March 30 of each year`` on its next occurrence:
the first in the plan period not past on the as-of date, else the last),
else the last of its milestone ``dates``, else, for a step that only says
``repeat: quarterly``, the end of the plan period. A step whose dates cannot
be read, or name a year but no month (``due: 2012``), has *no date*: it is
listed as such, never overdue.

**A step's status** is its ``status`` (a district word read through the
template's aliases), else the status of its latest update that gives one,
else ``done`` when it has a ``completed`` date, else the status its
checklist gives it (``tasks:``: every task done is ``done``, some done is
``in progress``, none done is ``not started``); otherwise it is *not
recorded*. A step with a checklist shows its count beside its status ("In
progress (3 of 5 tasks done)"). Statuses are what the file says now; the as-of date does not
replay history.

* **overdue**: not done or dropped, and the as-of date is after the due date
  (a step due ``2013-06`` is overdue from 2013-07-01; one due 2013-06-15 from
  2013-06-16);
* **due soon**: not done or dropped, and due from the as-of date (due today)
  to ``window`` days after it, both included;
* **blocked**: status ``blocked``, whatever its dates;
* **recently done**: done, with a completion date (``completed``, else the
  date of the update that marked it done) within the ``window`` days up to
  and including the as-of date.

**Completion** of a goal, objective, strategy or the whole plan is done steps
divided by all steps below it except dropped ones. A part of a plan where no
step records any status has no completion (it is not 0% done; it does not
say).

**Costs** are summed over every goal, objective and step, except dropped
ones, per funding source (a cost written as a bare number has no source).

**Measures** with ``actuals`` are judged by their latest actual measured on
or before the as-of date, against the target due by then: the latest target
whose ``by`` date is on or before the as-of date, else the first target. In
the measure's direction (``decrease`` for chronic absenteeism), the actual
has

* **met** the target when it has reached or passed it;
* is **on track** when it has moved from the baseline toward the target at
  least in proportion to the time elapsed: with the baseline measured on day
  B and the target due on day T, the value expected on the actual's day A is
  ``baseline + (target - baseline) * (A - B) / (T - B)`` (the fraction kept
  between 0 and 1), and the actual is on track when it is at or beyond that
  value. Once the target's date has passed (as of the as-of date) a target
  not reached is behind;
* is **behind** otherwise.

Each date stands for the last day it names (``2025-06`` is 2025-06-30).
Without a direction (or with ``maintain``) the direction is that from the
baseline to the target, upward when they are equal or there is no baseline.
A measure whose values are not numbers, whose target has no date, or that
has no baseline is *unknown* (with the reason) unless it has met its target.
A target written as a change (``+5 points``, ``-15%``, ``cut the gap in
half``) is judged as the figure it reaches from a baseline that is a number
(baseline 40%, ``+5 points``: 45%); from a baseline not yet measured
(``TBD``) it is unknown.

The rules live in :mod:`~planctl.progress.status.steps` (statuses, due
dates and the as-of date), :mod:`~planctl.progress.status.owners`,
:mod:`~planctl.progress.status.totals` (completion and costs),
:mod:`~planctl.standing`, :mod:`~planctl.progress.status.plan`
(one plan, and the report of several) and
:mod:`~planctl.progress.status.words` (the words the reports share).
"""

from __future__ import annotations

from planctl.progress.status.owners import OwnerFilter, check_owner, select_owner
from planctl.progress.status.plan import PlanProgress, StatusReport, plan_progress
from planctl.progress.status.steps import (
    CLOSED,
    DEFAULT_WINDOW,
    NO_FUNDING,
    NOT_RECORDED,
    BadDate,
    StepProgress,
    due_of,
    parse_as_of,
    plan_title,
    resolve_as_of,
    step_progress,
)
from planctl.progress.status.totals import CostTotals, FundingLine, Rollup, cost_totals, rollup
from planctl.progress.status.words import (
    COMPLETION_HEADINGS,
    attention_counts,
    completion_counts,
    completion_text,
    counts_text,
    days_text,
    heading_text,
    measure_parts,
    notes,
    value_text,
)
from planctl.standing import MeasureProgress, MeasureState, measure_progress

__all__ = [
    "CLOSED",
    "COMPLETION_HEADINGS",
    "DEFAULT_WINDOW",
    "NOT_RECORDED",
    "NO_FUNDING",
    "BadDate",
    "CostTotals",
    "FundingLine",
    "MeasureProgress",
    "MeasureState",
    "OwnerFilter",
    "PlanProgress",
    "Rollup",
    "StatusReport",
    "StepProgress",
    "attention_counts",
    "check_owner",
    "completion_counts",
    "completion_text",
    "cost_totals",
    "counts_text",
    "days_text",
    "due_of",
    "heading_text",
    "measure_parts",
    "measure_progress",
    "notes",
    "parse_as_of",
    "plan_progress",
    "plan_title",
    "resolve_as_of",
    "rollup",
    "select_owner",
    "step_progress",
    "value_text",
]
