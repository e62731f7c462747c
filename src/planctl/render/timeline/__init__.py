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
    one figure of the chart as a table (each word HTML text in a cell, each
    step's bar a small inline SVG with no text in it), and one legend swatch
    drawn by CSS. Plan text is always escaped text: no script, no event
    attribute and nothing fetched.

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

The pieces live in :mod:`~planctl.render.timeline.schedule` (one step),
:mod:`~planctl.render.timeline.chart` (the chart's data),
:mod:`~planctl.render.timeline.svg` (the drawing) and
:mod:`~planctl.render.timeline.looks` (each status's colours and pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planctl.render.timeline.chart import gantt
from planctl.render.timeline.looks import (
    MAX_MONTHS,
    MILESTONE_MARK,
    ROWS_PER_FIGURE,
    STATUS_LOOKS,
    TODAY_MARK,
)
from planctl.render.timeline.schedule import step_schedule
from planctl.render.timeline.svg import (
    LABEL_WIDTH,
    RIGHT_PAD,
    STATUS_WIDTH,
    WIDTH,
    fit,
    gantt_svg,
    gantt_swatch,
    month_width,
)

# The drawing's internals, reachable here as they were when this was one module.
from planctl.render.timeline.svg import _Svg as _Svg
from planctl.render.timeline.svg import _text_width as _text_width

TIMELINE_FILTERS: dict[str, Callable[..., Any]] = {
    "gantt": gantt,
    "gantt_svg": gantt_svg,
    "gantt_swatch": gantt_swatch,
}
"""The filters of timeline layouts, for the HTML (and Markdown and Word) environments."""


__all__ = [
    "LABEL_WIDTH",
    "MAX_MONTHS",
    "MILESTONE_MARK",
    "RIGHT_PAD",
    "ROWS_PER_FIGURE",
    "STATUS_LOOKS",
    "STATUS_WIDTH",
    "TIMELINE_FILTERS",
    "TODAY_MARK",
    "WIDTH",
    "fit",
    "gantt",
    "gantt_svg",
    "gantt_swatch",
    "month_width",
    "step_schedule",
]
