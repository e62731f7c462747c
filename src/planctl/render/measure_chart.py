"""A measure's figures as the data of its chart, and that chart drawn.

:func:`chart_data` reads a measure's view (its ``figures``, as
:func:`planctl.render.details.measure_view` writes them) and places each
figure: its value as a number, its date on the calendar of the plan. What it
returns is plain data for layouts (``measure.chart``), empty when the figures
make no chart (fewer than two numbers, or none dated); the layout then shows
the figures table alone. :func:`chart_of` draws it (:mod:`planctl.render.chart`).

The chart's description states every figure in words, the ones left off the
drawing too (a value that is not a number, a date planctl cannot place), so
the picture loses nothing a reader of the table would have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from planctl.render.chart import NARROW, WIDE, Point, chart_svg, drawable
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.measures import number, with_unit

SIZES = {"wide": WIDE, "narrow": NARROW}
"""The chart sizes layouts ask for: under a measure (``wide``) or in a scorecard row."""


def _value(text: str, unit: str | None) -> float | None:
    """A figure's value as a number: ``62%``, ``75:1``, ``3 days`` (its unit after it)."""
    if unit and unit != "%" and text.endswith(f" {unit}"):
        text = text[: -len(unit) - 1]
    return number(text)


def _direction(written: str | None, points: Sequence[Point]) -> str:
    """``increase``, ``decrease`` or ``maintain`` as written, else as baseline and target imply."""
    if written:
        return written
    baseline = next((point.value for point in points if point.kind == "baseline"), None)
    target = next((point.value for point in points if point.kind == "target"), None)
    if baseline is None or target is None or baseline == target:
        return ""
    return "decrease" if target < baseline else "increase"


def _said(figure: Mapping[str, Any]) -> str:
    when = f" {figure['when']}" if figure.get("when") else ""
    return f"{str(figure['kind']).lower()} {figure['value']}{when}"


def chart_data(
    view: Mapping[str, Any],
    *,
    unit: str | None,
    direction: str | None,
    better_words: Mapping[str, str],
    dates: PlanDates,
    as_of: date | None,
) -> dict[str, Any]:
    """The chart of a measure's view, or ``{}`` when its figures make none.

    ``direction`` is the measure's as written (else implied by baseline and target);
    ``better_words`` say it for a reader (``Higher is better``); ``dates`` read the
    figures' dates with the plan's period and school year.
    """
    points: list[Point] = []
    left_off: list[str] = []
    for figure in view.get("figures", []):
        kind = str(figure["kind"]).lower()
        value = _value(str(figure["value"]), unit)
        label = str(figure["value"])
        if value is None and figure.get("figure"):
            # A change ("+5 points (45%)") is drawn at the figure it reaches.
            value = number(str(figure["figure"]))
            label = with_unit(value, unit) if value is not None else label
        if value is None:
            left_off.append(f"{_said(figure)} (not a number)")
            continue
        day = dates.day(figure["date"]) if figure["date"] else None
        if day is None and figure["date"]:
            left_off.append(f"{_said(figure)} (a date the chart cannot place)")
            continue
        if day is None and kind == "actual":
            left_off.append(f"{_said(figure)} (no date)")
            continue
        points.append(Point(kind=kind, value=value, day=day, label=label))
    if not drawable(points):
        return {}
    better = better_words.get(_direction(direction, points), "")
    said = "; ".join(_said(figure) for figure in view.get("figures", []))
    description = [f"{better}." if better else "", said[:1].upper() + said[1:] + "."]
    if view.get("standing"):
        description.append(f"{view['standing']}.")
    if left_off:
        description.append("Not on the chart: " + "; ".join(left_off) + ".")
    return {
        "title": f"Chart: {view.get('head', 'Measure')}",
        "description": " ".join(part for part in description if part),
        "points": [
            {
                "kind": point.kind,
                "value": point.value,
                "day": point.day.isoformat() if point.day else "",
                "label": point.label,
            }
            for point in points
        ],
        "unit": unit or "",
        "better": better,
        "as_of": as_of.isoformat() if as_of else "",
        "left_off": left_off,
    }


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def chart_of(chart: object, size: str = "wide") -> str | None:
    """The SVG of ``chart`` (a measure's ``chart``), or None when there is none to draw.

    Any value a layout passes is taken: what is not the data :func:`chart_data` makes
    draws nothing rather than failing the packet.
    """
    if not isinstance(chart, Mapping) or not chart.get("points"):
        return None
    points = []
    for item in chart["points"]:
        if not isinstance(item, Mapping):
            continue
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        points.append(
            Point(
                kind=str(item.get("kind", "")),
                value=float(value),
                day=_day(item.get("day")),
                label=str(item.get("label", "")),
            )
        )
    return chart_svg(
        points,
        title=str(chart.get("title", "")),
        description=str(chart.get("description", "")),
        unit=str(chart.get("unit", "")),
        better=str(chart.get("better", "")),
        as_of=_day(chart.get("as_of")),
        size=SIZES.get(str(size), WIDE),
    )
