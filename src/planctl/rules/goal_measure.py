"""Every goal says how it will be measured.

A goal is measurable on its own: it carries a ``measure`` (or ``measures``)
naming the indicator, the baseline and the target, or an objective below it
does. The measures of its action steps do not count: they are the evidence
that a step was done ("Roster", "Participant feedback forms"), not whether
the goal was reached. The message uses the template's own names ("this
strategy has no measure").

Fails:
    planctl: 1
    template: clayton-pd-goals
    goals:
      - title: Strengthen literacy instruction in every classroom
        objectives:
          - title: Train every K-5 teacher in structured literacy
            steps:
              - action: Hold structured literacy training for K-5 teachers
                due: 2025-03
                outcome: Every K-5 teacher trained
                measure: Training roster
                owners: Literacy Coach

Passes:
    planctl: 1
    template: clayton-pd-goals
    goals:
      - title: Strengthen literacy instruction in every classroom
        measure:
          indicator: Students in grades K-5 reading on grade level
          unit: "%"
          baseline: {value: 62, as_of: 2024-06}
          target: {change: +10 points, by: 2026-06}
        objectives:
          - title: Train every K-5 teacher in structured literacy
            steps:
              - action: Hold structured literacy training for K-5 teachers
                due: 2025-03
                outcome: Every K-5 teacher trained
                measure: Training roster
                owners: Literacy Coach
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.model.build import Node
from planctl.model.plan import all_measures
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.template import LevelSpec

ID = "goal-measure"
NAME = "Measurable goals"
SUMMARY = "Every goal has a measure, on itself or on an objective below it."
SEVERITY = Severity.WARNING


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each top-level goal with no measure on itself or on a level below it."""
    for goal in context.doc.roots:
        if goal.is_step or goal.fields is None or _measured(goal):
            continue
        label = goal.level.label.lower()
        below = [
            level.plural_label.lower()
            for level in _levels_below(context, goal)
            if level.key != "steps" and any(node.level.key == level.key for node in goal.walk())
        ]
        nor = f", and none of its {' or '.join(below)} has one" if below else ""
        year = context.dates.example(6, 2026)
        base = context.dates.example(6, year.year - 1)
        yield Finding(
            path=goal.path,
            message=f"this {label} has no measure{nor}",
            hint=(
                f"add 'measure:' to the {label} with the indicator, baseline and target, such "
                'as \'measure: {indicator: Students reading on grade level, unit: "%", '
                f"baseline: {{value: 62, as_of: {base:%Y-%m}}}, "
                f"target: {{value: 75, by: {year:%Y-%m}}}}}' (the measures of its action steps "
                f"show the steps were done, not that the {label} is reached)"
            ),
            node=goal,
        )


def _measured(goal: Node) -> bool:
    """True when the goal or a goal-level node below it (not a step) has a measure."""
    return any(not node.is_step and bool(all_measures(node.fields)) for node in goal.walk())


def _levels_below(context: RuleContext, goal: Node) -> list[LevelSpec]:
    """Every level the template allows under ``goal``, down to the steps."""
    found: list[LevelSpec] = []
    pending = list(context.template.child_levels(goal.level.key))
    while pending:
        level = pending.pop(0)
        if level in found:
            continue
        found.append(level)
        if level.key != "steps":
            pending.extend(context.template.child_levels(level.key))
    return found
