"""Things start before they are due.

A step whose start comes after its due date, a plan period that ends before
it begins, or a step completed before it started is a typo that would make
every calendar and progress report wrong.

Fails:
    planctl: 1
    goals:
      - title: Embed professional learning in the school day
        steps:
          - action: Revise the professional learning calendar
            start: 2025-03
            due: 2024-12
            outcome: A calendar with weekly collaboration time
            measure: Board-approved calendar
            owners: Director of Professional Learning

Passes:
    planctl: 1
    goals:
      - title: Embed professional learning in the school day
        measure: 90% of teachers have a weekly professional learning block by June 2025
        steps:
          - action: Revise the professional learning calendar
            start: 2024-09
            due: 2024-12
            outcome: A calendar with weekly collaboration time
            measure: Board-approved calendar
            owners: Director of Professional Learning
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.model.plan import StepFields
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.timeline import Timeline
from planctl.vocabulary.period import period_bounds

ID = "date-order"
NAME = "Dates in order"
SUMMARY = "A step starts on or before its due date, and the plan period ends after it begins."
SEVERITY = Severity.ERROR


def check(context: RuleContext) -> Iterator[Finding]:
    """Report start dates after due dates, and a period that runs backwards."""
    header = context.doc.header
    if header is not None and header.period is not None and context.period is None:
        yield from _period_backwards(context)
    for node in context.doc.steps():
        fields = node.fields
        if not isinstance(fields, StepFields) or not fields.start:
            continue
        start = context.timeline(fields.start)
        if not isinstance(start, Timeline) or start.year_only:
            continue
        for name in ("due", "completed"):
            text = getattr(fields, name)
            if not text:
                continue
            other = context.timeline(text)
            if isinstance(other, Timeline) and not other.year_only and other.end < start.start:
                label = "due date" if name == "due" else "completion date"
                yield Finding(
                    path=(*node.path, name),
                    message=f"the {label} '{text}' is before the start '{fields.start}'",
                    hint=f"check both dates; the start must come on or before the {label}",
                    node=node,
                )


def _period_backwards(context: RuleContext) -> Iterator[Finding]:
    period = context.doc.header.period  # type: ignore[union-attr]
    assert period is not None
    bounds = period_bounds(period.start, period.end, context.template.school_year_start)
    if bounds is None:
        return  # date-format reports it
    if bounds[1] < bounds[0]:
        yield Finding(
            path=("period", "end"),
            message=f"the plan period ends ({period.end}) before it starts ({period.start})",
            hint="swap the two dates",
            where="plan period",
        )
