"""A plan's scorecard: every measure on a line, with where it stands on the packet's date.

A row of the scorecard is read from a measure's view
(:func:`planctl.render.details.measure_view`): its name, which way is
better, the baseline, the latest actual measured by the as-of date, the next
target due (or, when all are due, the last one), and whether the measure has
met its target, is on track or is behind. Figures are shown as the packet
writes them (``62% (2024-05)``, ``85% by June 2027``). Rows are grouped under
the plan's goals, in plan order: a goal's own measures, its steps', then those
of the objectives below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from planctl.vocabulary.dates import PlanDates


def _said(figure: Mapping[str, Any]) -> str:
    return f"{figure['value']} {figure['when']}" if figure.get("when") else str(figure["value"])


def _latest(actuals: Sequence[Mapping[str, Any]], dates: PlanDates, as_of: date | None) -> str:
    """The latest actual measured by ``as_of``; the last written when none has a date."""
    measured = []
    for index, figure in enumerate(actuals):
        timeline = dates.read(figure.get("date"))
        if timeline is not None and (as_of is None or timeline.start <= as_of):
            measured.append((timeline.end, index, figure))
    if measured:
        return _said(max(measured, key=lambda item: (item[0], item[1]))[2])
    if actuals and all(dates.read(figure.get("date")) is None for figure in actuals):
        return _said(actuals[-1])
    return ""


def _next_target(
    targets: Sequence[Mapping[str, Any]], dates: PlanDates, as_of: date | None
) -> tuple[str, bool]:
    """The first target due on or after ``as_of``, else the last one due; and whether it is
    already due (its date has passed)."""
    dated = [(dates.day(figure.get("date")), index, figure) for index, figure in enumerate(targets)]
    placed = [(day, index, figure) for day, index, figure in dated if day is not None]
    if not placed:
        return (_said(targets[0]), False) if targets else ("", False)
    ahead = [item for item in placed if as_of is None or item[0] >= as_of]
    if ahead:
        return _said(min(ahead, key=lambda item: (item[0], item[1]))[2]), False
    return _said(max(placed, key=lambda item: (item[0], item[1]))[2]), True


def better_of(measure: Mapping[str, Any]) -> str:
    """Which way is better, as written (``Direction``) or as the chart reads it."""
    for fact in measure.get("facts", []):
        if fact.get("label") == "Direction":
            return str(fact.get("text", ""))
    chart = measure.get("chart") or {}
    return str(chart.get("better", ""))


def scorecard_row(
    measure: Mapping[str, Any],
    *,
    node: Mapping[str, Any],
    number: int,
    dates: PlanDates,
    as_of: date | None,
) -> dict[str, Any]:
    """One measure's row: ``measure`` is its view, ``node`` the view of its goal,
    objective or step (``label``, ``title``, ``anchor``), ``number`` its place there."""
    figures = measure.get("figures", [])
    baseline = next((figure for figure in figures if figure["kind"] == "Baseline"), None)
    actuals = [figure for figure in figures if figure["kind"] == "Actual"]
    targets = [figure for figure in figures if figure["kind"] == "Target"]
    target, due = _next_target(targets, dates, as_of)
    title = str(node.get("title") or "")
    return {
        "anchor": f"{node.get('anchor', '')}-measure-{number}",
        "name": measure.get("head", ""),
        "for": f"{node.get('label', '')}: {title}" if title else str(node.get("label", "")),
        "for_label": str(node.get("label", "")),
        "better": better_of(measure),
        "baseline": _said(baseline) if baseline else "",
        "latest": _latest(actuals, dates, as_of),
        "next_target": target,
        "target_due": due,
        "standing_word": measure.get("standing_word", ""),
        "standing_key": measure.get("standing_key", ""),
        "measure": measure,
    }
