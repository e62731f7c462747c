"""Dates fall inside the plan's period.

A plan adopted for 2024-2027 with a step due in 2029 either has a typo or
promises work the board has not approved. Checked for start, due, milestone,
task due and target dates when the plan has a ``period``. A date that names a year but
no month (``due: 2012``) is left to ``date-format``: whether it falls in the
period would depend on a month nobody wrote.

Fails:
    planctl: 1
    period: {start: 2024-07, end: 2025-06}
    goals:
      - title: Instructional coaching for all educators
        steps:
          - action: Expand coaching to all schools
            due: 2026-05
            outcome: Every school has a coach
            measure: Coaching schedule
            owners: Coaching Team

Passes:
    planctl: 1
    period: {start: 2024-07, end: 2026-06}
    goals:
      - title: Instructional coaching for all educators
        measure: 80% of educators are coached each semester by June 2026
        steps:
          - action: Expand coaching to all schools
            due: 2026-05
            outcome: Every school has a coach
            measure: Coaching schedule
            owners: Coaching Team
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from planctl.load.positions import PathKey
from planctl.model.tasks import tasks_of
from planctl.problem import Severity
from planctl.rules._measures import measure_dates
from planctl.rules.base import Finding, RuleContext
from planctl.timeline import Timeline

ID = "date-in-period"
NAME = "Dates inside the plan period"
SUMMARY = "Start, due, milestone and target dates fall inside the plan's period."
SEVERITY = Severity.WARNING


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each date that lies partly or wholly outside the period."""
    period = context.period
    if period is None:
        return
    for node in context.doc.steps():
        for name, path, text in context.step_dates(node):
            if name == "completed":
                continue
            yield from _outside(context, period, path, text, node)
        for item in tasks_of(node):
            if item.due is not None:
                yield from _outside(
                    context, period, (*item.path, "due"), item.due, node, where=item.where
                )
    for found in context.measures:
        for path, text, what in measure_dates(found):
            if what == "target date":
                yield from _outside(context, period, path, text, found.node)


def _outside(
    context: RuleContext,
    period: tuple[date, date],
    path: PathKey,
    text: str,
    node: object,
    *,
    where: str = "",
) -> Iterator[Finding]:
    timeline = context.timeline(text)
    if not isinstance(timeline, Timeline) or timeline.kind == "period" or timeline.year_only:
        # A year with no month is date-format's to report; its months would be a guess.
        return
    first, last = period
    if timeline.start >= first and timeline.end <= last:
        return
    when = "before" if timeline.start < first else "after"
    yield Finding(
        path=path,
        message=(f"'{text}' falls {when} the plan period ({first:%B %Y} to {last:%B %Y})"),
        hint="move the date into the period, or widen the plan's period if the board approved it",
        node=node,  # type: ignore[arg-type]
        where=where,
    )
