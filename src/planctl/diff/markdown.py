"""The changes as Markdown, for a pull-request comment.

A heading per plan, its summary line, then a heading and a list per goal and
a table of costs. Plan text is data, never Markdown: it is escaped so that
``|``, ``*``, ``<script>`` and the like show as written. The document is read
at a terminal as often as on a web page, so control and bidirectional
characters in it are shown as escapes (:func:`planctl.escape.visible`); line
breaks and tabs, which Markdown allows, stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from planctl.diff.command import ComparedPlan
from planctl.escape import visible
from planctl.render.markdown import md_line, md_row, md_rule
from planctl.vocabulary.money import money, signed_money

PLAN_HEADING = "The plan"


def plan_blocks(plan: ComparedPlan) -> list[str]:
    """The Markdown blocks of one plan with changes."""
    diff = plan.diff
    blocks = [
        f"### {md_line(plan.path)}",
        f"{md_line(plan.old)} → {md_line(plan.new)}: **{md_line(diff.summary())}**",
    ]
    for goal, changes in diff.groups():
        blocks.append(f"#### {md_line(goal) if goal else PLAN_HEADING}")
        blocks.append("\n".join(f"- {md_line(change.line)}" for change in changes))
    cost = diff.cost
    if cost.goals or cost.net:
        currency = cost.currency
        rows = [md_row(["", "Before", "After", "Net"]), md_rule(4)]
        rows.extend(
            md_row(
                [
                    f"{goal.where} ({goal.state})" if goal.state else goal.where,
                    money(goal.before, currency),
                    money(goal.after, currency),
                    signed_money(goal.net, currency),
                ]
            )
            for goal in cost.goals
        )
        rows.append(
            md_row(
                [
                    "Plan",
                    money(cost.before, currency),
                    money(cost.after, currency),
                    signed_money(cost.net, currency),
                ]
            )
        )
        blocks.extend(["#### Cost", "\n".join(rows)])
    return blocks


def write(plans: Sequence[ComparedPlan], out: TextIO) -> None:
    """Write one Markdown document for all the plans."""
    blocks: list[str] = []
    changed = [plan for plan in plans if plan.diff.changed]
    for plan in changed:
        blocks.extend(plan_blocks(plan))
    same = len(plans) - len(changed)
    if not changed:
        count = "1 plan" if len(plans) == 1 else f"{len(plans)} plans"
        blocks.append(f"No planning changes ({count} compared).")
    elif same:
        blocks.append(f"No planning changes in {same} other plan{'s' if same != 1 else ''}.")
    # Last, over the whole document: what Markdown escaping left, no field can bring.
    out.write(visible("\n\n".join(blocks) + "\n", keep="\t\n"))
