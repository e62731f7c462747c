"""One step's dates placed on a calendar: :func:`step_schedule`, the view's ``step.schedule``."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from planctl.model.build import PlanDoc
from planctl.model.plan import StepFields
from planctl.timeline import Timeline, TimelineError, parse_month, parse_timeline


def _plan_period(doc: PlanDoc) -> tuple[date, date] | None:
    header = doc.header
    if header is None or header.period is None:
        return None
    return _period(header.period.start, header.period.end)


@lru_cache(maxsize=64)
def _period(start_text: str, end_text: str) -> tuple[date, date] | None:
    try:
        start = parse_month(start_text)[0]
        end = parse_month(end_text)[1]
    except TimelineError:
        return None
    return (start, end) if start <= end else None


def _read(text: str, doc: PlanDoc, period: tuple[date, date] | None) -> Timeline | TimelineError:
    return _parse(text, period, doc.template.school_year_start)


@lru_cache(maxsize=4096)
def _parse(
    text: str, period: tuple[date, date] | None, school_year_start: int
) -> Timeline | TimelineError:
    """A date as a planner wrote it, read once per plan period (plans repeat their dates)."""
    try:
        return parse_timeline(text, period=period, school_year_start=school_year_start)
    except TimelineError as error:
        return error


def _points(timeline: Timeline) -> list[dict[str, str]]:
    items = timeline.milestones if timeline.kind == "milestones" else (timeline,)
    return [
        {"start": item.start.isoformat(), "end": item.end.isoformat(), "text": item.text.strip()}
        for item in items
    ]


def step_schedule(doc: PlanDoc, fields: StepFields) -> dict[str, Any]:
    """When a step runs, as plain data for the view (``step.schedule``).

    ``start`` and ``end`` are the first and last day of its bar (empty when it
    has none: a step with milestones only), ``milestones`` the dates it names,
    each ``{start, end, text}``; ``repeat`` how often it recurs; ``missing``
    why it is not on the timeline (``"no date"`` or the reading problem), else
    empty.
    """
    period = _plan_period(doc)
    problems: list[str] = []
    due = _read(fields.due, doc, period) if fields.due else None
    start = _read(fields.start, doc, period) if fields.start else None
    milestones: list[dict[str, str]] = []
    for text in fields.dates:
        found = _read(text, doc, period)
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
    if due is not None and due.kind == "milestones":
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
