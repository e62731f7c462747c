"""One step's dates placed on a calendar: :func:`step_schedule`, the view's ``step.schedule``."""

from __future__ import annotations

from datetime import date
from typing import Any

from planctl.model.build import PlanDoc
from planctl.model.plan import StepFields
from planctl.timeline import Timeline, TimelineError
from planctl.vocabulary.dates import PlanDates


def _points(timeline: Timeline) -> list[dict[str, str]]:
    # A yearly date ("Each fall") is marked on each of its occurrences.
    items = timeline.milestones if timeline.kind in ("milestones", "yearly") else (timeline,)
    return [
        {"start": item.start.isoformat(), "end": item.end.isoformat(), "text": item.text.strip()}
        for item in items
    ]


def step_schedule(doc: PlanDoc, fields: StepFields) -> dict[str, Any]:
    """When a step runs, as plain data for the view (``step.schedule``).

    ``start`` and ``end`` are the first and last day of its bar (empty when it
    has none: a step with milestones only), ``milestones`` the dates it names,
    each ``{start, end, text}`` (a yearly date such as ``By March 30 of each
    year`` gives one per occurrence); ``repeat`` how often it recurs; ``missing``
    why it is not on the timeline (``"no date"`` or the reading problem), else
    empty.
    """
    dates = PlanDates(doc)
    problems: list[str] = []
    due = dates.reading(fields.due) if fields.due else None
    start = dates.reading(fields.start) if fields.start else None
    milestones: list[dict[str, str]] = []
    for text in fields.dates:
        found = dates.reading(text)
        if isinstance(found, TimelineError):
            problems.append(found.message)
        else:
            milestones.extend(_points(found))
    if isinstance(due, TimelineError):
        problems.insert(0, due.message)
        due = None
    if isinstance(start, TimelineError):
        problems.append(start.message)
        start = None
    first: date | None = None
    last: date | None = None
    repeat = fields.repeat or ""
    if due is not None and due.kind in ("milestones", "yearly"):
        milestones = _points(due) + milestones
        if start is not None:
            first, last = start.start, due.end
    elif due is not None:
        first, last = due.start, due.end
        if start is not None and start.start <= due.end:
            first = start.start  # a start after the due date is date-order's to report
        repeat = repeat or (due.repeat or "")
    elif start is not None:
        first, last = start.start, start.end
    missing = ""
    if first is None and not milestones:
        missing = problems[0] if problems else "no date"
    return {
        "start": first.isoformat() if first else "",
        "end": last.isoformat() if last else "",
        "milestones": milestones,
        "repeat": repeat,
        "missing": missing,
    }
