"""The timeline of a plan: when each action step runs, month by month, and the chart of it.

Three pieces, from the plan to the page:

:func:`step_schedule`
    one step's dates placed on a calendar (the view puts it on every step as
    ``step.schedule``): the bar from its start to its due date, its milestones
    (``dates``), how often it repeats, or why it cannot be placed.
:func:`gantt` (the ``gantt`` filter)
    a plan's steps as the data of a Gantt chart: the months across, one row
    per step grouped under its goal and objective, the cells each step covers
    (``█``) or has a milestone in (``◆``), the status legend, today's month
    and the steps that are not on the timeline. Markdown and Word layouts
    write it as a shaded table; HTML layouts draw it with the two filters below.
:func:`gantt_svg` and :func:`gantt_swatch` (filters)
    one figure of the chart, and one legend swatch, as inline SVG built with
    an XML serializer, so plan text is always escaped text: no script, no
    event attribute and nothing fetched.

Bars run from the first day of ``start`` (or of ``due`` when a step has no
start) to the last day of ``due``: ``due: April-May 2013`` is a two-month bar,
``due: SY 2024-25`` a school-year bar. Milestones are diamonds. Each status has
a colour *and* a pattern (solid, striped, cross-hatched, hollow, struck
through) and its word at the end of the row, so the chart does not rely on
colour alone.

Today's line is drawn at the date it is given (the packet's ``--date``, else
``as_of`` from ``planctl.toml``), or else at the day the packet is rendered:
a timeline rendered without a date is then not reproducible byte for byte,
so packets for the record should be rendered with ``--date``.
"""

from __future__ import annotations

import calendar
import math
import re
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, reduce
from itertools import accumulate, repeat
from operator import add
from typing import Any

from markupsafe import Markup

from planctl.model.build import PlanDoc
from planctl.model.plan import StepFields
from planctl.timeline import Timeline, TimelineError, parse_month, parse_timeline

# --------------------------------------------------------------------------- statuses


@dataclass(frozen=True)
class StatusLook:
    """How a status is drawn: its word, colours and the pattern that tells it apart."""

    label: str
    fill: str
    ink: str
    pattern: str
    cue: str
    word_shading: str  # Word's w:shd pattern for a covered month
    word_pattern_colour: str


STATUS_LOOKS: dict[str, StatusLook] = {
    "done": StatusLook("Done", "#2e7d32", "#1b5e20", "solid", "solid green", "clear", "auto"),
    "in-progress": StatusLook(
        "In progress", "#1565c0", "#0d47a1", "stripes", "blue, striped", "thinDiagStripe", "FFFFFF"
    ),
    "blocked": StatusLook(
        "Blocked", "#c62828", "#a11a1a", "cross", "red, cross-hatched", "thinDiagCross", "FFFFFF"
    ),
    "not-started": StatusLook(
        "Not started", "#ffffff", "#4d4d4d", "hollow", "white, outlined", "pct20", "616161"
    ),
    "dropped": StatusLook(
        "Dropped",
        "#c4c4c4",
        "#4d4d4d",
        "strike",
        "grey, struck through",
        "thinHorzStripe",
        "616161",
    ),
    "none": StatusLook(
        "No status recorded", "#5b7083", "#2f3f4f", "solid", "slate", "clear", "auto"
    ),
}
STATUS_ORDER = ("done", "in-progress", "blocked", "not-started", "dropped", "none")

MILESTONE_COLOUR = "#16324f"
ACCENT = "#16324f"
MUTED = "#4d4d4d"
TODAY_COLOUR = "#a04a00"
MAX_MONTHS = 120
"""A chart spans at most ten years; dates beyond it are listed under the chart."""
ROWS_PER_FIGURE = 22
"""Rows (steps and headings) in one figure: about one landscape page."""
BAR_MARK = "█"
MILESTONE_MARK = "◆"
TODAY_MARK = "▼"

_MONTH_ABBREVIATIONS = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# --------------------------------------------------------------------------- one step


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


# --------------------------------------------------------------------------- the chart's data


def _day(text: object) -> date | None:
    return _iso_day(str(text or ""))


# Remembered, like the dates they read: a plan names the same few dates on many steps.
@lru_cache(maxsize=4096)
def _iso_day(text: str) -> date | None:
    match = _ISO_DAY.match(text)
    if not match:
        return None
    try:
        return date(*(int(group) for group in match.groups()))
    except ValueError:
        return None


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_name(number: int, long: bool = False) -> str:
    year, month = divmod(number, 12)
    return (
        f"{calendar.month_name[month + 1]} {year}"
        if long
        else f"{_MONTH_ABBREVIATIONS[month + 1]} {year}"
    )


def _day_text(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


@lru_cache(maxsize=4096)
def _span_text(first: date, last: date) -> str:
    """``September 2024 – June 2025``, ``May 2025``, ``March 15, 2025``."""
    whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
    if whole_months:
        left, right = (
            _month_name(_month_number(first), True),
            _month_name(_month_number(last), True),
        )
    else:
        left, right = _day_text(first), _day_text(last)
    return left if left == right else f"{left} – {right}"


def _offset(day: date, origin: int) -> float:
    """Months from the start of the chart to the start of ``day``."""
    days = calendar.monthrange(day.year, day.month)[1]
    return _month_number(day) - origin + (day.day - 1) / days


def _today(given: str) -> tuple[date | None, str, str]:
    """Today's date for the line, where it came from, and a note when it is unreadable."""
    text = str(given or "").strip()
    if not text:
        return date.today(), "clock", ""
    try:
        found = parse_timeline(text)
    except TimelineError:
        return None, "given", f"'{text}' is not a date planctl can place, so today is not marked"
    return found.start, "given", ""


@dataclass
class _Step:
    view: Mapping[str, Any]
    first: date | None
    last: date | None
    points: list[tuple[date, date, str]]


def _steps_of(node: Mapping[str, Any], depth: int) -> Iterator[tuple[str, Any, int]]:
    """A node's own steps, then each child as a heading followed by its steps, in plan order."""
    for step in node.get("steps", []):
        yield "step", step, depth
    for child in node.get("children", []):
        yield "heading", child, depth
        yield from _steps_of(child, depth + 1)


def _schedule_of(step: Mapping[str, Any]) -> _Step:
    schedule = step.get("schedule")
    if not isinstance(schedule, Mapping):
        schedule = {}
    points = []
    for item in schedule.get("milestones", []):
        first, last = _day(item.get("start")), _day(item.get("end"))
        if first is not None and last is not None:
            points.append((first, last, str(item.get("text", ""))))
    return _Step(step, _day(schedule.get("start")), _day(schedule.get("end")), points)


def _range(steps: Sequence[_Step], period: tuple[date, date] | None) -> tuple[int, int] | None:
    """The first and last month of the chart: the plan period and every dated step."""
    months: list[int] = []
    for step in steps:
        if step.first is not None and step.last is not None:
            months += [_month_number(step.first), _month_number(step.last)]
        for first, last, _ in step.points:
            months += [_month_number(first), _month_number(last)]
    if not months:
        return None
    low, high = min(months), max(months)
    if period is not None:
        low = min(low, _month_number(period[0]))
        high = max(high, _month_number(period[1]))
        if high - low + 1 > MAX_MONTHS:
            low, high = _month_number(period[0]), _month_number(period[1])
    if high - low + 1 > MAX_MONTHS:
        # A stray year far from the rest: keep the ten years holding most of the dates.
        ordered = sorted(months)

        def within(first: int) -> int:
            return bisect_left(ordered, first + MAX_MONTHS) - bisect_left(ordered, first)

        low = max(ordered, key=within)
        high = low + MAX_MONTHS - 1
    return low, min(high, low + MAX_MONTHS - 1)


def _period_of(plan: Mapping[str, Any]) -> tuple[date, date] | None:
    text = str(plan.get("period") or "")
    if " – " not in text:
        return None
    left, right = text.split(" – ", 1)
    try:
        return parse_month(left)[0], parse_month(right)[1]
    except TimelineError:
        return None


def _status(step: Mapping[str, Any]) -> tuple[str, str]:
    key = str(step.get("status_key") or "")
    fields = step.get("fields") or {}
    if key in STATUS_LOOKS:
        return key, STATUS_LOOKS[key].label
    text = str(fields.get("status") or "")
    return "none", text


def gantt(plan: Mapping[str, Any], today: object = "") -> dict[str, Any]:
    """A plan (from the view) as the data of a Gantt chart by month.

    ``today`` is the date of the today line as text (``2025-01-15``, ``January
    15, 2025``); empty means the day of rendering. The result holds
    ``months`` (``label``, ``short``, ``initial``, ``year``, ``today``),
    ``years``, ``groups`` (one per goal, each with its ``rows``), ``figures``
    (the groups cut to fit a page), ``undated`` (steps not on the timeline,
    with the reason) and ``undated_groups`` (the same by reason), ``legend``,
    ``today`` and counts.
    """
    anchor = str(plan.get("anchor") or "plan")
    period = _period_of(plan)
    entries: list[tuple[str, Any, int, Mapping[str, Any]]] = []
    for goal in plan.get("goals", []):
        for kind, item, depth in _steps_of(goal, 0):
            entries.append((kind, item, depth, goal))
    steps = {id(item): _schedule_of(item) for kind, item, _, _ in entries if kind == "step"}
    bounds = _range(list(steps.values()), period)
    today_day, today_source, today_note = _today(str(today or ""))
    tracked = any(step.view.get("status_key") for step in steps.values())
    chart: dict[str, Any] = {
        "id": anchor,
        "title": str(plan.get("title") or ""),
        "tracked": tracked,
        "months": [],
        "years": [],
        "groups": [],
        "figures": [],
        "undated": [],
        "undated_groups": [],
        "legend": [],
        "bars": 0,
        "milestones": 0,
        "dated": 0,
        "steps": len(steps),
        "range": "",
        "today": {
            "date": today_day.isoformat() if today_day else "",
            "text": _day_text(today_day) if today_day else "",
            "source": today_source,
            "note": today_note,
            "at": None,
            "month": None,
        },
    }
    origin = bounds[0] if bounds else 0
    count = bounds[1] - bounds[0] + 1 if bounds else 0
    if bounds:
        chart["range"] = _span_text(_first_day(bounds[0]), _last_day(bounds[1]))
        chart["months"] = _months(origin, count, today_day)
        chart["years"] = _years(origin, count)
        if today_day is not None and 0 <= _month_number(today_day) - origin < count:
            chart["today"]["at"] = _offset(today_day, origin)
            chart["today"]["month"] = _month_number(today_day) - origin
        elif today_day is not None:
            side = "before" if _month_number(today_day) < origin else "after"
            who = "Today" if today_source == "clock" else "The as-of date"
            chart["today"]["note"] = (
                f"{who} ({_day_text(today_day)}) is {side} the months this timeline shows."
            )
    used: dict[str, int] = {}
    group: dict[str, Any] | None = None
    for kind, item, depth, goal in entries:
        if group is None or group["anchor"] != goal.get("anchor"):
            group = _group(goal)
            chart["groups"].append(group)
        if kind == "heading":
            group["rows"].append(_heading_row(item, depth))
            continue
        step = steps[id(item)]
        row = _step_row(step, depth, origin, count)
        if row is None:
            chart["undated"].append(_undated(step))
            continue
        key = row["status"]
        used[key] = used.get(key, 0) + 1
        chart["bars"] += 1 if row["bar"] else 0
        chart["milestones"] += len(row["milestones"])
        chart["dated"] += 1
        group["rows"].append(row)
    for group in chart["groups"]:
        _trim_headings(group)
    chart["groups"] = [group for group in chart["groups"] if group["steps"]]
    chart["figures"] = list(_figures(chart["groups"]))
    chart["undated_groups"] = _undated_groups(chart["undated"])
    chart["legend"] = [
        {
            "key": key,
            "label": STATUS_LOOKS[key].label,
            "cue": STATUS_LOOKS[key].cue,
            "count": used[key],
        }
        for key in STATUS_ORDER
        if key in used
    ]
    return chart


def _first_day(month_number: int) -> date:
    year, month = divmod(month_number, 12)
    return date(year, month + 1, 1)


def _last_day(month_number: int) -> date:
    year, month = divmod(month_number, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _months(origin: int, count: int, today: date | None) -> list[dict[str, Any]]:
    current = _month_number(today) if today is not None else None
    months = []
    for index in range(count):
        year, month = divmod(origin + index, 12)
        short = _MONTH_ABBREVIATIONS[month + 1]
        first = index == 0 or month == 0
        months.append(
            {
                "index": index,
                "year": year,
                "month": month + 1,
                "short": short,
                "initial": short[0],
                "name": f"{calendar.month_name[month + 1]} {year}",
                "label": f"{short} '{year % 100:02}" if first else short,
                "heading": (
                    f"{TODAY_MARK} {short} '{year % 100:02}"
                    if origin + index == current
                    else (f"{short} '{year % 100:02}" if first else short)
                ),
                "new_year": month == 0,
                "today": origin + index == current,
            }
        )
    return months


def _years(origin: int, count: int) -> list[dict[str, Any]]:
    years: list[dict[str, Any]] = []
    for index in range(count):
        year = (origin + index) // 12
        if years and years[-1]["year"] == year:
            years[-1]["count"] += 1
        else:
            years.append({"year": year, "start": index, "count": 1})
    return years


def _group(goal: Mapping[str, Any]) -> dict[str, Any]:
    label = str(goal.get("label") or "")
    title = str(goal.get("title") or "")
    return {
        "anchor": goal.get("anchor"),
        "label": label,
        "title": title,
        "text": f"{label}: {title}" if title else label,
        "rows": [],
        "steps": 0,
    }


def _heading_row(node: Mapping[str, Any], depth: int) -> dict[str, Any]:
    label = str(node.get("label") or "")
    title = str(node.get("title") or "")
    return {
        "kind": "heading",
        "depth": depth,
        "label": label,
        "title": title,
        "text": f"{label}: {title}" if title else label,
        "anchor": node.get("anchor"),
    }


def _step_row(step: _Step, depth: int, origin: int, count: int) -> dict[str, Any] | None:
    view = step.view
    fields = view.get("fields") or {}
    action = str(fields.get("action") or "") or "(no action written)"
    status, status_text = _status(view)
    end = origin + count  # the first month after the chart
    bar: dict[str, Any] | None = None
    marks = [""] * count
    if step.first is not None and step.last is not None:
        first_month, last_month = _month_number(step.first), _month_number(step.last)
        if count and last_month >= origin and first_month < end:
            low = max(_offset(step.first, origin), 0.0)
            high = min(_offset(step.last + timedelta(days=1), origin), float(count))
            bar = {
                "from": low,
                "to": high,
                "text": _span_text(step.first, step.last),
                "clipped": first_month < origin or last_month >= end,
            }
            for month in range(max(first_month, origin), min(last_month, end - 1) + 1):
                marks[month - origin] = BAR_MARK
    milestones: list[dict[str, Any]] = []
    for first, last, text in step.points:
        if not count or _month_number(last) < origin or _month_number(first) >= end:
            continue
        # A day is marked on that day; a month (or a season) in its middle.
        middle = first + (last - first) / 2
        if first == last:
            at = _offset(first, origin) + 0.5 / calendar.monthrange(first.year, first.month)[1]
        else:
            at = (_offset(first, origin) + _offset(last + timedelta(days=1), origin)) / 2
        at = min(max(at, 0.0), float(count))
        milestones.append({"at": at, "text": _span_text(first, last), "written": text})
        month = min(max(_month_number(middle), origin), end - 1) - origin
        marks[month] = BAR_MARK + MILESTONE_MARK if marks[month] == BAR_MARK else MILESTONE_MARK
    if bar is None and not milestones:
        return None
    when: list[str] = [str(bar["text"])] if bar else []
    if milestones:
        when.append("milestones " + ", ".join(m["text"] for m in milestones))
    repeat = str((view.get("schedule") or {}).get("repeat") or "")
    if repeat:
        when.append(repeat)
    number = view.get("number", "")
    return {
        "kind": "step",
        "depth": depth,
        "number": number,
        "label": f"{number}. {action}" if number != "" else action,
        "action": action,
        "where": str(view.get("where") or ""),
        "anchor": view.get("anchor"),
        "status": status,
        "status_text": status_text,
        "owners": str(fields.get("owners") or ""),
        "bar": bar,
        "milestones": milestones,
        "marks": marks,
        "repeat": repeat,
        "when": "; ".join(when),
    }


UNDATED_HEADINGS = {
    "none": "No date written",
    "unreadable": "A date planctl cannot place on a calendar",
    "outside": "Dates outside the months shown",
}


def _undated(step: _Step) -> dict[str, Any]:
    view = step.view
    fields = view.get("fields") or {}
    schedule = view.get("schedule")
    reason = str(schedule.get("missing") or "") if isinstance(schedule, Mapping) else "no date"
    if reason == "no date":
        kind = "none"
    elif reason:
        kind = "unreadable"
    else:  # dated, but beyond the ten years a chart shows
        kind, reason = "outside", "its dates fall outside the months of this timeline"
    trail = str(view.get("trail") or "")
    label = f"step {view.get('number', '')}".strip()
    return {
        "kind": kind,
        "label": f"{trail} › {label}" if trail else label,
        "where": str(view.get("where") or ""),
        "action": str(fields.get("action") or ""),
        "anchor": view.get("anchor"),
        "reason": reason,
    }


def _undated_groups(undated: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps not on the timeline by why: no date, a date planctl cannot read, too far."""
    return [
        {"kind": kind, "heading": heading, "steps": steps}
        for kind, heading in UNDATED_HEADINGS.items()
        if (steps := [step for step in undated if step["kind"] == kind])
    ]


def _trim_headings(group: dict[str, Any]) -> None:
    """Drop headings with no dated step under them; count the group's steps."""
    rows = group["rows"]
    kept: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        if row["kind"] == "heading":
            below = False
            for later in rows[index + 1 :]:
                if later["kind"] == "heading" and later["depth"] <= row["depth"]:
                    break
                if later["kind"] == "step":
                    below = True
                    break
            if not below:
                continue
        kept.append(row)
    group["rows"] = kept
    group["steps"] = sum(1 for row in kept if row["kind"] == "step")


def _figures(groups: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The groups cut into figures of at most :data:`ROWS_PER_FIGURE` rows, headings kept
    with the steps below them."""
    number = 0
    for group in groups:
        rows = group["rows"]
        parts: list[list[dict[str, Any]]] = [[]]
        for index, row in enumerate(rows):
            room = ROWS_PER_FIGURE - len(parts[-1])
            if parts[-1] and (room <= 0 or (row["kind"] == "heading" and room < 2)):
                parts.append([])
                # A continued part repeats the heading its first steps belong under.
                heading = _heading_above(rows, index)
                if heading is not None and row["kind"] == "step":
                    parts[-1].append({**heading, "continued": True})
            parts[-1].append(row)
        for part, part_rows in enumerate(parts, 1):
            number += 1
            yield {
                "number": number,
                "group": group,
                "text": group["text"],
                "part": part,
                "parts": len(parts),
                "rows": part_rows,
            }


def _heading_above(rows: Sequence[Mapping[str, Any]], index: int) -> Mapping[str, Any] | None:
    depth = int(rows[index]["depth"])
    for position in range(index - 1, -1, -1):
        row: Mapping[str, Any] = rows[position]
        if row["kind"] == "heading" and int(row["depth"]) < depth:
            return row
    return None


# --------------------------------------------------------------------------- the drawing

WIDTH = 1000
LABEL_WIDTH = 380
STATUS_WIDTH = 86
RIGHT_PAD = 6
TOP = 16  # the today label's row
AXIS = 34  # years and months
ROW = 22
HEADING = 24
BAR = 12
FONT = 12
SMALL = 10.5
SANS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Liberation Sans", "DejaVu Sans", sans-serif'
)

# Widths of the printable ASCII characters in ems, in DejaVu Sans: the widest of the fonts
# the packet names, so a label measured with them fits in any of the others.
_WIDTHS = (
    0.32, 0.4, 0.46, 0.84, 0.64, 0.95, 0.78, 0.27, 0.39, 0.39, 0.5, 0.84, 0.32, 0.36, 0.32, 0.34,
    0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34, 0.84, 0.84, 0.84,
    0.53, 1.0, 0.68, 0.69, 0.7, 0.77, 0.63, 0.58, 0.77, 0.75, 0.29, 0.29, 0.66, 0.56, 0.86, 0.75,
    0.79, 0.6, 0.79, 0.69, 0.63, 0.61, 0.73, 0.68, 0.99, 0.69, 0.61, 0.69, 0.39, 0.34, 0.39,
    0.84, 0.5, 0.5, 0.61, 0.63, 0.55, 0.63, 0.62, 0.35, 0.63, 0.63, 0.28, 0.28, 0.58, 0.28,
    0.97, 0.63, 0.61, 0.63, 0.63, 0.41, 0.52, 0.39, 0.63, 0.59, 0.82, 0.59, 0.59, 0.52, 0.64,
    0.34, 0.64, 0.84,
)  # fmt: skip
_OTHER_WIDTH = 0.8  # accented letters, dashes, other scripts: on the generous side
_BOLD = 1.13
_WIDTH_OF = {chr(32 + code): ems for code, ems in enumerate(_WIDTHS)}.get


def _ems(text: str) -> Iterator[float]:
    return map(_WIDTH_OF, text, repeat(_OTHER_WIDTH))


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is at ``size``, near enough to keep a label inside its column."""
    # Added one by one, in order (not sum(), which may add more exactly): the
    # same widths on every Python, so the same labels are shortened.
    return reduce(add, _ems(text), 0.0) * size * (_BOLD if bold else 1.0)


def fit(text: str, width: float, size: float = FONT, bold: bool = False) -> str:
    """``text`` on one line, shortened with ``…`` to fit ``width``."""
    text = " ".join(_clean(text).split())
    if _text_width(text, size, bold) <= width:
        return text
    # The width of each beginning of the text, added up once for the search.
    before = list(accumulate(_ems(text), initial=0.0))
    ellipsis = _WIDTH_OF("…", _OTHER_WIDTH)
    scale = size * (_BOLD if bold else 1.0)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if (before[len(text[:middle].rstrip())] + ellipsis) * scale <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _clean(text: object) -> str:
    return _XML_INVALID.sub("", str(text))


class _Svg:
    """A small SVG builder over ElementTree: every text and attribute is escaped on output."""

    def __init__(self, width: float, height: float, prefix: str, label: str) -> None:
        self.prefix = prefix
        self.root = ET.Element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {_n(width)} {_n(height)}",
                "width": _n(width),
                "height": _n(height),
                "role": "img",
                "aria-labelledby": f"{prefix}-title",
                "font-family": SANS,
                "font-size": _n(FONT),
                "class": "gantt-chart",
            },
        )
        title = ET.SubElement(self.root, "title", {"id": f"{prefix}-title"})
        title.text = _clean(label)
        self.defs = ET.SubElement(self.root, "defs")
        self.patterns: set[str] = set()

    def add(self, parent: ET.Element | None, tag: str, **attributes: object) -> ET.Element:
        attrs = {
            _attribute_name(name): _n(value) if isinstance(value, float) else str(value)
            for name, value in attributes.items()
            if value is not None
        }
        return ET.SubElement(self.root if parent is None else parent, tag, attrs)

    def text(
        self, parent: ET.Element | None, x: float, y: float, content: str, **attributes: object
    ) -> ET.Element:
        element = self.add(parent, "text", x=float(x), y=float(y), **attributes)
        element.text = _clean(content)
        return element

    def tooltip(self, element: ET.Element, content: str) -> None:
        title = ET.SubElement(element, "title")
        title.text = _clean(content)

    def fill(self, key: str) -> str:
        """The fill of a status: a colour, or a pattern defined once per drawing."""
        look = STATUS_LOOKS[key]
        if look.pattern in ("solid", "hollow"):
            return look.fill
        ident = f"{self.prefix}-{look.pattern}"
        if ident not in self.patterns:
            self.patterns.add(ident)
            pattern = self.add(
                self.defs,
                "pattern",
                id=ident,
                patternUnits="userSpaceOnUse",
                width=6.0,
                height=6.0,
                patternTransform="rotate(45)" if look.pattern != "strike" else None,
            )
            self.add(pattern, "rect", x=0.0, y=0.0, width=6.0, height=6.0, fill=look.fill)
            if look.pattern == "stripes":
                self.add(
                    pattern,
                    "rect",
                    x=0.0,
                    y=0.0,
                    width=2.2,
                    height=6.0,
                    fill="#ffffff",
                    fill_opacity="0.6",
                )
            elif look.pattern == "cross":
                self.add(
                    pattern,
                    "rect",
                    x=0.0,
                    y=0.0,
                    width=1.6,
                    height=6.0,
                    fill="#ffffff",
                    fill_opacity="0.7",
                )
                self.add(
                    pattern,
                    "rect",
                    x=0.0,
                    y=0.0,
                    width=6.0,
                    height=1.6,
                    fill="#ffffff",
                    fill_opacity="0.7",
                )
        return f"url(#{ident})"

    def bar(self, parent: ET.Element, x: float, y: float, width: float, key: str) -> ET.Element:
        look = STATUS_LOOKS[key]
        group = self.add(parent, "g", class_=f"gantt-bar status-{key}")
        self.add(
            group,
            "rect",
            x=x,
            y=y,
            width=width,
            height=float(BAR),
            rx=2.0,
            fill=self.fill(key),
            stroke=look.ink,
            stroke_width=1.2 if look.pattern == "hollow" else 0.8,
            stroke_dasharray="3 2" if look.pattern == "hollow" else None,
        )
        if look.pattern == "strike":
            middle = y + BAR / 2
            self.add(
                group,
                "line",
                x1=x,
                y1=middle,
                x2=x + width,
                y2=middle,
                stroke=look.ink,
                stroke_width=1.6,
            )
        return group

    def markup(self) -> Markup:
        if not len(self.defs):
            self.root.remove(self.defs)
        out: list[str] = []
        _write_xml(self.root, out)
        return Markup("".join(out))


@lru_cache(maxsize=64)
def _attribute_name(name: str) -> str:
    """The SVG name of a keyword: ``class_`` → ``class``, ``font_size`` → ``font-size``."""
    return name.rstrip("_").replace("_", "-")


def _write_xml(element: ET.Element, out: list[str]) -> None:
    """``element`` written as ``ET.tostring(..., encoding="unicode")`` writes it.

    ElementTree's writer first walks the whole tree looking for namespaces,
    which these drawings never use; a timeline of thousands of steps spent
    a third of its time there and in the writer's general cases.
    """
    tag = element.tag
    out.append(f"<{tag}")
    for name, value in element.items():
        out.append(f' {name}="{_xml_attribute(value)}"')
    text = element.text
    if text or len(element):
        out.append(">")
        if text:
            out.append(_xml_text(text))
        for child in element:
            _write_xml(child, out)
        out.append(f"</{tag}>")
    else:
        out.append(" />")
    if element.tail:
        out.append(_xml_text(element.tail))


# Most texts and values hold nothing to escape; one search says so.
_XML_TEXT_SPECIAL = re.compile(r"[&<>]")
_XML_ATTRIBUTE_SPECIAL = re.compile(r'[&<>"\r\n\t]')


def _xml_text(text: str) -> str:
    if _XML_TEXT_SPECIAL.search(text) is None:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_attribute(text: str) -> str:
    if _XML_ATTRIBUTE_SPECIAL.search(text) is None:
        return text
    # As ElementTree escapes a value: line breaks and tabs as character references.
    return (
        _xml_text(text)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def _n(value: object) -> str:
    """A number for an attribute: at most two decimals, no trailing zeros."""
    if isinstance(value, float):
        return _decimal(value)
    return str(value)


@lru_cache(maxsize=8192)
def _decimal(value: float) -> str:
    # Remembered: a drawing repeats the same few hundred positions on every row.
    if math.isnan(value) or math.isinf(value):
        return "0"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _x(chart: Mapping[str, Any], at: float) -> float:
    count = max(len(chart["months"]), 1)
    grid = WIDTH - RIGHT_PAD - LABEL_WIDTH - (STATUS_WIDTH if chart["tracked"] else 0)
    return LABEL_WIDTH + grid * at / count


def month_width(chart: Mapping[str, Any]) -> float:
    """The width of one month in the drawing's units."""
    return _x(chart, 1.0) - _x(chart, 0.0)


def gantt_svg(chart: Mapping[str, Any], figure: Mapping[str, Any]) -> Markup:
    """One figure of ``chart`` (from :func:`gantt`) as inline SVG: the month axis, one row
    per step with its bar and milestones, headings for objectives and today's line."""
    rows = figure["rows"]
    marked = chart["today"]["at"] is not None
    top = TOP if marked else 0
    height = top + AXIS + sum(HEADING if row["kind"] == "heading" else ROW for row in rows) + 4
    prefix = f"{chart['id']}-timeline-{figure['number']}-svg"
    label = f"Timeline of {figure['text']}"
    if figure["parts"] > 1:
        label += f" (part {figure['part']} of {figure['parts']})"
    svg = _Svg(WIDTH, height, prefix, label)
    bottom = float(height - 4)
    _axis(svg, chart, float(top), bottom)
    y = float(top + AXIS)
    body = svg.add(None, "g", class_="gantt-rows")
    spans: list[tuple[float, float]] = []  # where today's line crosses step rows
    for row in rows:
        if row["kind"] == "heading":
            _heading(svg, body, row, y)
            y += HEADING
        else:
            _row(svg, body, chart, row, y)
            if spans and spans[-1][1] == y:
                spans[-1] = (spans[-1][0], y + ROW)
            else:
                spans.append((y, y + ROW))
            y += ROW
    if marked:
        _today_line(svg, chart, [(0.0, float(top + AXIS)), *spans])
    return svg.markup()


def _axis(svg: _Svg, chart: Mapping[str, Any], top: float, bottom: float) -> None:
    axis = svg.add(None, "g", class_="gantt-axis")
    left = _x(chart, 0.0)
    right = _x(chart, float(len(chart["months"])))
    width = month_width(chart)
    base = top + AXIS - 4
    svg.add(axis, "rect", x=left, y=top, width=right - left, height=float(AXIS - 4), fill="#eef2f6")
    for month in chart["months"]:
        x = _x(chart, float(month["index"]))
        strong = month["new_year"] or month["index"] == 0
        svg.add(
            axis,
            "line",
            x1=x,
            y1=top if strong else top + 15,
            x2=x,
            y2=bottom,
            stroke="#8a939e" if strong else "#dde2e8",
            stroke_width=1.0 if strong else 0.6,
        )
        name = month["short"] if width >= 26 else month["initial"] if width >= 8.5 else ""
        if name:
            element = svg.text(
                axis, x + width / 2, top + 27, name, text_anchor="middle", font_size=SMALL
            )
            svg.tooltip(element, month["name"])
    svg.add(axis, "line", x1=right, y1=top, x2=right, y2=bottom, stroke="#8a939e")
    for year in chart["years"]:
        start = _x(chart, float(year["start"]))
        span = width * year["count"]
        number = int(year["year"])
        text = str(number) if span >= 30 else f"'{number % 100:02}" if span >= 16 else ""
        if text:
            svg.text(
                axis,
                start + span / 2,
                top + 12,
                text,
                text_anchor="middle",
                font_size=SMALL,
                font_weight="bold",
                fill=ACCENT,
            )
    svg.add(axis, "line", x1=0.0, y1=base, x2=float(WIDTH), y2=base, stroke="#8a939e")
    svg.text(axis, 4.0, top + 27, "Step", font_weight="bold", font_size=SMALL, fill=MUTED)
    if chart["tracked"]:
        svg.text(
            axis, right + 6, top + 27, "Status", font_weight="bold", font_size=SMALL, fill=MUTED
        )


def _heading(svg: _Svg, parent: ET.Element, row: Mapping[str, Any], y: float) -> None:
    group = svg.add(parent, "g", class_="gantt-heading")
    svg.add(
        group, "rect", x=0.0, y=y + 2, width=float(WIDTH), height=float(HEADING - 4), fill="#f1f4f8"
    )
    indent = 4 + 12 * row["depth"]
    text = row["text"] + (" (continued)" if row.get("continued") else "")
    shown = fit(text, WIDTH - indent - 8, FONT, bold=True)
    element = svg.text(
        group, float(indent), y + HEADING / 2 + 4, shown, font_weight="bold", fill=ACCENT
    )
    if shown != text:
        svg.tooltip(element, text)


def _row(
    svg: _Svg, parent: ET.Element, chart: Mapping[str, Any], row: Mapping[str, Any], y: float
) -> None:
    group = svg.add(parent, "g", class_="gantt-row")
    svg.add(
        group,
        "line",
        x1=0.0,
        y1=y + ROW,
        x2=float(WIDTH),
        y2=y + ROW,
        stroke="#e3e6ea",
        stroke_width=0.6,
    )
    indent = 8 + 12 * row["depth"]
    label = row["label"]
    shown = fit(label, LABEL_WIDTH - indent - 10)
    element = svg.text(group, float(indent), y + ROW / 2 + 4, shown, class_="gantt-label")
    svg.tooltip(element, label)
    middle = y + ROW / 2
    summary = f"{row['where'] or row['label']}: {row['when']}"
    if row["status_text"]:
        summary += f" ({row['status_text']})"
    bar = row["bar"]
    if bar is not None:
        left, right = _x(chart, bar["from"]), _x(chart, bar["to"])
        drawn = svg.bar(group, left, middle - BAR / 2, max(right - left, 3.0), row["status"])
        svg.tooltip(drawn, summary)
    for milestone in row["milestones"]:
        x = _x(chart, milestone["at"])
        size = 6.5
        mark = svg.add(
            group,
            "path",
            class_="gantt-milestone",
            d=(
                f"M{_n(x)} {_n(middle - size)} L{_n(x + size)} {_n(middle)} "
                f"L{_n(x)} {_n(middle + size)} L{_n(x - size)} {_n(middle)} Z"
            ),
            fill=MILESTONE_COLOUR,
            stroke="#ffffff",
            stroke_width=1.2,
        )
        svg.tooltip(mark, f"Milestone, {milestone['text']}: {row['where'] or row['label']}")
    if chart["tracked"]:
        key = row["status"]
        word = row["status_text"] or "—"
        right_edge = _x(chart, float(len(chart["months"])))
        shown = fit(word, STATUS_WIDTH - 10, SMALL)
        element = svg.text(
            group,
            right_edge + 6,
            y + ROW / 2 + 4,
            shown,
            font_size=SMALL,
            fill=STATUS_LOOKS[key].ink if key != "none" else MUTED,
            class_="gantt-status",
        )
        if shown != word:
            svg.tooltip(element, word)


def _today_line(svg: _Svg, chart: Mapping[str, Any], spans: Sequence[tuple[float, float]]) -> None:
    """The dashed line at today's date, over the axis and the step rows (headings stay clear)."""
    today = chart["today"]
    x = _x(chart, today["at"])
    group = svg.add(None, "g", class_="gantt-today")
    path = " ".join(f"M{_n(x)} {_n(first)} V{_n(last)}" for first, last in spans)
    svg.add(
        group,
        "path",
        d=path,
        stroke=TODAY_COLOUR,
        stroke_width=1.6,
        stroke_dasharray="5 3",
        fill="none",
    )
    text = f"Today, {today['text']}" if today["source"] == "clock" else f"As of {today['text']}"
    width = _text_width(text, SMALL, bold=True)
    grid_right = _x(chart, float(len(chart["months"])))
    anchor = "middle"
    if x + width / 2 > grid_right:
        anchor = "end"
    elif x - width / 2 < LABEL_WIDTH:
        anchor = "start"
    svg.text(
        group,
        x,
        float(TOP - 4),
        text,
        text_anchor=anchor,
        font_size=SMALL,
        font_weight="bold",
        fill=TODAY_COLOUR,
    )


def gantt_swatch(chart: Mapping[str, Any], key: str) -> Markup:
    """A legend swatch for status ``key`` (or ``milestone``, ``today``) as a small inline SVG."""
    prefix = f"{chart.get('id', 'plan')}-key-{key}"
    if key == "milestone":
        svg = _Svg(30, 14, prefix, "Milestone")
        svg.add(None, "path", d="M15 1 L21 7 L15 13 L9 7 Z", fill=MILESTONE_COLOUR)
    elif key == "today":
        svg = _Svg(30, 14, prefix, "Today")
        svg.add(
            None,
            "line",
            x1=15.0,
            y1=0.0,
            x2=15.0,
            y2=14.0,
            stroke=TODAY_COLOUR,
            stroke_width=1.6,
            stroke_dasharray="5 3",
        )
    else:
        look = STATUS_LOOKS.get(key, STATUS_LOOKS["none"])
        svg = _Svg(30, 14, prefix, look.label)
        svg.bar(svg.root, 1.0, 1.0, 28.0, key if key in STATUS_LOOKS else "none")
    # Decoration beside the legend's words: hidden from screen readers, no title of its own.
    svg.root.remove(svg.root[0])
    svg.root.set("class", "gantt-swatch")
    svg.root.set("aria-hidden", "true")
    del svg.root.attrib["role"]
    del svg.root.attrib["aria-labelledby"]
    return svg.markup()


TIMELINE_FILTERS: dict[str, Callable[..., Any]] = {
    "gantt": gantt,
    "gantt_svg": gantt_svg,
    "gantt_swatch": gantt_swatch,
}
"""The filters of timeline layouts, for the HTML (and Markdown and Word) environments."""


__all__ = [
    "STATUS_LOOKS",
    "TIMELINE_FILTERS",
    "fit",
    "gantt",
    "gantt_svg",
    "gantt_swatch",
    "month_width",
    "step_schedule",
]
