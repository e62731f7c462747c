"""Goals, objectives and strategies hold something to do.

A goal with no objectives or action steps is a wish, not a plan: nobody is
asked to do anything by a date. The message uses the template's own names
("Strategy 3 has no action steps").

Where the template writes a level's work as parallel lists (a strategy map's
goal states its objectives beside its initiatives), a goal that fills any of
them is not empty; one with nothing at all still is.

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

from planctl.model.build import Node
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.template import PlanTemplate

ID = "no-empty-goal"
NAME = "No empty goal"
SUMMARY = "Every goal, objective or strategy has at least one action step below it."
SEVERITY = Severity.WARNING


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each node above the steps that has nothing below it."""
    template = context.template
    for node in context.doc.nodes():
        if node.is_step or node.children or _holds_parallel(node):
            continue
        level_key = node.level.key
        below = template.child_levels(level_key)
        labels = [level.plural_label.lower() for level in below]
        if any(level.key == "steps" for level in below) and (
            template.written_name(level_key, "steps") == "steps"
        ):
            # Steps are "action steps" whatever the table calls them, unless the plan
            # writes them under the template's own name (a strategy map's 'initiatives:').
            steps_label = template.level("steps").plural_label.lower()
            labels = ["action steps" if label == steps_label else label for label in labels]
        labels += [_parallel_label(template, level_key, name) for name in node.level.parallel]
        names = " or ".join(labels)
        first = template.written_name(level_key, below[0].key) if below else "steps"
        hint = f"add '{first}:' with at least one item"
        if node.level.parallel:
            hint += ", or " + " or ".join(f"'{name}:'" for name in node.level.parallel)
        yield Finding(
            path=node.path,
            message=f"this {node.level.label.lower()} has no {names}",
            hint=f"{hint}, or remove the {node.level.label.lower()}",
            node=node,
        )


def _holds_parallel(node: Node) -> bool:
    """Whether the node fills one of its level's parallel lists (a strategy map's objectives)."""
    for name in node.level.parallel:
        value = node.custom.get(name)
        if value is None and node.fields is not None:
            value = getattr(node.fields, name, None)
        if value:
            return True
    return False


def _parallel_label(template: PlanTemplate, level_key: str, name: str) -> str:
    """A parallel list in the district's words ("objectives")."""
    for spec in template.custom_fields(level_key):
        if spec.key == name:
            return spec.heading.lower()
    return name.replace("_", " ")
