"""Things start before they are due.

A step whose start comes after its due date, a plan period that ends before
it begins, a step completed before it started, or a task of a step due after
the step itself is a typo that would make
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

from planctl.model.build import Node
from planctl.model.plan import StepFields
from planctl.model.tasks import tasks_of
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.timeline import Timeline, TimelineError
from planctl.vocabulary.period import period_bounds

ID = "date-order"
NAME = "Dates in order"
SUMMARY = (
    "A step starts on or before its due date, its tasks are due by then too, "
    "and the plan period ends after it begins."
)
SEVERITY = Severity.ERROR


def check(context: RuleContext) -> Iterator[Finding]:
    """Report start dates after due dates, and a period that runs backwards."""
    header = context.doc.header
    if header is not None and header.period is not None and context.period is None:
        yield from _period_backwards(context)
    for node in context.doc.steps():
        fields = node.fields
        if not isinstance(fields, StepFields):
            continue
        yield from _tasks_after_step(context, node, fields)
        if not fields.start:
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


def _tasks_after_step(context: RuleContext, node: Node, fields: StepFields) -> Iterator[Finding]:
    """A task due after its step is due: the step cannot be done on time."""
    items = [item for item in tasks_of(node) if item.due]
    if not items or not fields.due:
        return
    due = context.timeline(fields.due)
    if not _comparable(due):
        return
    assert isinstance(due, Timeline)
    for item in items:
        own = context.timeline(item.due or "")
        if _comparable(own) and own.end > due.end:  # type: ignore[union-attr]
            yield Finding(
                path=(*item.path, "due"),
                message=f"the task is due '{item.due}', after its step is due '{fields.due}'",
                hint="move the task's due date to on or before the step's, or the step's later",
                node=node,
                where=item.where,
            )


def _comparable(timeline: Timeline | TimelineError) -> bool:
    """True for a date with one end on the calendar (not a repeat, a yearly date or a bare year)."""
    return (
        isinstance(timeline, Timeline)
        and not timeline.year_only
        and timeline.kind not in ("repeat", "yearly", "period")
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
