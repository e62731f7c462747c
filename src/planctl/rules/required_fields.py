"""Every action step has the fields its template requires.

The minimum in every built-in template is the Boston work-plan rule: each
action step has a completion month and year (``due``, or milestone
``dates``), an expected outcome, an evaluative measure and a responsible
person. A template can require more, or relax it visibly with
``required:``. Goals, objectives and strategies need a title, and a step
needs its action.

Fails:
    planctl: 1
    template: tlt-work-plan
    goals:
      - title: To establish clear lines of communication
        steps:
          - action: Standardize job descriptions
            due: May/2013
            outcome: Standardized job descriptions

Passes:
    planctl: 1
    template: tlt-work-plan
    goals:
      - title: To establish clear lines of communication
        steps:
          - action: Standardize job descriptions
            due: May/2013
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: [Shakera Walker]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from planctl.model.build import Node
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "required-fields"
NAME = "Required fields"
SUMMARY = "Every action step has a completion date, an outcome, a measure and a responsible person."
SEVERITY = Severity.ERROR

_HINTS = {
    "due": "add 'due:' with the month and year the step will be done, such as 'due: May 2025'",
    "dates": "add 'dates:' with the milestones, such as 'dates: [August 2025, December 2025]'",
    "outcome": "add 'outcome:' saying what will exist when the step is done",
    "benefits": "add 'benefits:' saying what success will look like",
    "measure": "add 'measure:' naming the evidence, such as 'measure: Participant feedback forms'",
    "owners": "add 'owners:' naming the person or team responsible, such as 'owners: [J. Rivera]'",
    "start": "add 'start:' with the month the step begins, such as 'start: September 2024'",
    "cost": "add 'cost:' with the amount, such as 'cost: 1500'",
}


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, dict)):
        return bool(value)
    return True


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each required field a node leaves empty."""
    template = context.template
    for node in context.doc.nodes():
        if node.fields is None:
            continue
        yield from _title(node)
        for alternatives in template.required.get(node.level.key, ()):
            if any(_filled(_value(node, name)) for name in alternatives):
                continue
            yield _missing(node, alternatives, template)


def _value(node: Node, name: str) -> Any:
    if name in node.custom:
        return node.custom[name]
    return getattr(node.fields, name, None)


def _title(node: Node) -> Iterator[Finding]:
    name = "action" if node.is_step else "title"
    if _filled(_value(node, name)):
        return
    kind = node.level.label.lower()
    yield Finding(
        path=(*node.path, name) if name in node.raw else node.path,
        message=f"this {kind} has no {name}",
        hint=(
            "add 'action:' saying what will be done"
            if node.is_step
            else f"add 'title:' stating the {kind} in one sentence"
        ),
        node=node,
        key=name in node.raw,
    )


def _missing(node: Node, alternatives: tuple[str, ...], template: Any) -> Finding:
    # Name first the alternative the district's table has a column for, with its heading.
    columns = {column.field for column in template.columns}
    ordered = sorted(alternatives, key=lambda name: name not in columns)
    first = ordered[0]
    names = " or ".join(f"'{name}'" for name in ordered)
    path = (*node.path, first) if first in node.raw else node.path
    return Finding(
        path=path,
        message=f"{names} ({template.heading(first)}) is missing",
        hint=_HINTS.get(first, f"add '{first}:'"),
        node=node,
        key=first in node.raw,
    )
