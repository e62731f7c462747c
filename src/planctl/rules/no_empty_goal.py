"""Goals, objectives and strategies hold something to do.

A goal with no objectives or action steps is a wish, not a plan: nobody is
asked to do anything by a date. The message uses the template's own names
("Strategy 3 has no action steps").

Fails:
    planctl: 1
    template: lmsd-action-plan
    strategies:
      - title: Embed professional learning opportunities during the school day

Passes:
    planctl: 1
    template: lmsd-action-plan
    strategies:
      - title: Embed professional learning opportunities during the school day
        measure: 90% of teachers have weekly collaboration time by June 2025
        steps:
          - action: Revise the professional learning calendar and its scheduling
            start: 2024-09
            due: 2025-06
            owners: Director of Professional Learning
            measure: Professional learning calendar
            benefits: Time for collaboration within the school day
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "no-empty-goal"
NAME = "No empty goal"
SUMMARY = "Every goal, objective or strategy has at least one action step below it."
SEVERITY = Severity.WARNING


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each node above the steps that has nothing below it."""
    template = context.template
    for node in context.doc.nodes():
        if node.is_step or node.children:
            continue
        below = template.child_levels(node.level.key)
        names = " or ".join(level.plural_label.lower() for level in below)
        if any(level.key == "steps" for level in below):
            names = names.replace(template.level("steps").plural_label.lower(), "action steps")
        first = below[0].key if below else "steps"
        yield Finding(
            path=node.path,
            message=f"this {node.level.label.lower()} has no {names}",
            hint=f"add '{first}:' with at least one item, or remove the {node.level.label.lower()}",
            node=node,
        )
