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
        measure: At least 85% of schools have a full TLT by August 2013
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
from planctl.model.plan import all_measures
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "required-fields"
NAME = "Required fields"
SUMMARY = "Every action step has a completion date, an outcome, a measure and a responsible person."
SEVERITY = Severity.ERROR

# Example dates in hints are months of the plan's own period (these years without one).
_EXAMPLES = {"May": (5, 2025), "August": (8, 2025), "December": (12, 2025), "September": (9, 2024)}

_HINTS = {
    "due": "add 'due:' with the month and year the step will be done, such as 'due: {May}'",
    "dates": "add 'dates:' with the milestones, such as 'dates: [{August}, {December}]'",
    "outcome": "add 'outcome:' saying what will exist when the step is done",
    "benefits": "add 'benefits:' saying what success will look like",
    "measure": "add 'measure:' naming the evidence, such as 'measure: Participant feedback forms'",
    "owners": "add 'owners:' naming the person or team responsible, such as 'owners: [J. Rivera]'",
    "start": "add 'start:' with the month the step begins, such as 'start: {September}'",
    "cost": "add 'cost:' with the amount, such as 'cost: 1500'",
}


def _examples(context: RuleContext) -> dict[str, str]:
    return {
        name: f"{context.dates.example(month, year):%B %Y}"
        for name, (month, year) in _EXAMPLES.items()
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
            yield _missing(node, alternatives, template, context)


def _value(node: Node, name: str) -> Any:
    if name in node.custom:
        return node.custom[name]
    if name in ("measure", "measures"):
        # One measure or a list: a step with 'measures:' has its evaluative measure.
        return all_measures(node.fields)
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


def _missing(
    node: Node, alternatives: tuple[str, ...], template: Any, context: RuleContext
) -> Finding:
    # Name first the alternative the district's table has a column for, with its heading.
    columns = {column.field for column in template.columns}
    ordered = sorted(alternatives, key=lambda name: name not in columns)
    first = ordered[0]
    names = " or ".join(f"'{name}'" for name in ordered)
    path = (*node.path, first) if first in node.raw else node.path
    return Finding(
        path=path,
        message=f"{names} ({template.heading(first)}) is missing",
        hint=_HINTS[first].format_map(_examples(context)) if first in _HINTS else f"add '{first}:'",
        node=node,
        key=first in node.raw,
    )
