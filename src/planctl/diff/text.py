"""The changes as text for people at a terminal: plan by plan, then goal by goal.

::

    plans/pl.plan.yaml (adopted-2024 → working tree)
      3 steps added, 1 removed, 2 due dates moved, net cost +$12,000
      The plan
        ~ status changed: draft → adopted
      Goal G2 'Plan and execute all-facilitator sessions…'
        + added Key action step 4 'Host a family night' (due May 2014, Shakera Walker)
        ~ Key action step 1 'Research and come to…': due moved 2 months later: May/2013 → July 2013
      Cost
        Goal G2: +$12,000 (from $40,000 to $52,000)
        Plan: +$12,000 (from $394,088.50 to $406,088.50)

Plan text is printed as text: control and bidirectional characters are shown
as escapes (:func:`planctl.escape.visible`), so a plan cannot move the cursor,
change the terminal's colours or reorder what a line shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from planctl.diff.command import ComparedPlan
from planctl.escape import visible

PLAN_HEADING = "The plan"


def plan_lines(plan: ComparedPlan) -> list[str]:
    """The lines for one plan with changes."""
    diff = plan.diff
    lines = [visible(plan.heading), f"  {visible(diff.summary())}"]
    for goal, changes in diff.groups():
        lines.append(f"  {visible(goal) if goal else PLAN_HEADING}")
        lines.extend(f"    {change.sign} {visible(change.line)}" for change in changes)
    cost = diff.cost
    if cost.goals or cost.net:
        lines.append("  Cost")
        lines.extend(f"    {visible(goal.message)}" for goal in cost.goals)
        lines.append(f"    {visible(cost.message)}")
    return lines


def write(plans: Sequence[ComparedPlan], out: TextIO) -> None:
    """Write the plans with changes, then a line for those without."""
    changed = [plan for plan in plans if plan.diff.changed]
    for index, plan in enumerate(changed):
        if index:
            out.write("\n")
        out.write("\n".join(plan_lines(plan)) + "\n")
    same = len(plans) - len(changed)
    if not changed and len(plans) == 1:
        out.write(f"{visible(plans[0].heading)}: no planning changes\n")
    elif not changed:
        out.write(f"no planning changes in {len(plans)} plans\n")
    elif same:
        other = "other plan" if same == 1 else "other plans"
        out.write(f"\nno planning changes in {same} {other}\n")
