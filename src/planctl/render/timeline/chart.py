"""A plan's steps as the data of a Gantt chart by month: :func:`gantt` (the ``gantt`` filter).

The months across, one row per step grouped under its goal and objective,
the cells each step covers or has a milestone in, the status legend, today's
month, the figures a long goal is cut into and the steps not on the timeline.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from planctl.render.timeline.looks import (
    BAR_MARK,
    MAX_MONTHS,
    MILESTONE_MARK,
    ROWS_PER_FIGURE,
    STATUS_LOOKS,
    STATUS_ORDER,
    TODAY_MARK,
)
from planctl.timeline import TimelineError, parse_timeline
from planctl.vocabulary.labels import trail as join_trail
from planctl.vocabulary.period import period_bounds

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


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


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
    days = plan.get("period_days")
    if isinstance(days, (list, tuple)) and len(days) == 2:
        try:
            return date.fromisoformat(str(days[0])), date.fromisoformat(str(days[1]))
        except ValueError:
            pass  # a view made by hand: read the period's words instead
    text = str(plan.get("period") or "")
    if " – " not in text:
        return None
    left, right = text.split(" – ", 1)
    return period_bounds(left, right)


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
    # The district's numbering (a step's id) where the view has it, else its position.
    number = view.get("numbering") or view.get("number", "")
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
    return {
        "kind": kind,
        "label": join_trail((str(view.get("trail") or ""), str(view.get("label") or ""))),
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
