"""How a timeline looks: each status's colours and pattern, and the chart's marks and limits.

Shared by the chart's data (:mod:`~planctl.render.timeline.chart`), its
drawing (:mod:`~planctl.render.timeline.svg`) and the Word table
(:mod:`planctl.render.docx_timeline`).
"""

from __future__ import annotations

from dataclasses import dataclass

from planctl.vocabulary.status import STATUS_LABELS


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
    "done": StatusLook(
        STATUS_LABELS["done"], "#2e7d32", "#1b5e20", "solid", "solid green", "clear", "auto"
    ),
    "in-progress": StatusLook(
        STATUS_LABELS["in-progress"],
        "#1565c0",
        "#0d47a1",
        "stripes",
        "blue, striped",
        "thinDiagStripe",
        "FFFFFF",
    ),
    "blocked": StatusLook(
        STATUS_LABELS["blocked"],
        "#c62828",
        "#a11a1a",
        "cross",
        "red, cross-hatched",
        "thinDiagCross",
        "FFFFFF",
    ),
    "not-started": StatusLook(
        STATUS_LABELS["not-started"],
        "#ffffff",
        "#4d4d4d",
        "hollow",
        "white, outlined",
        "pct20",
        "616161",
    ),
    "dropped": StatusLook(
        STATUS_LABELS["dropped"],
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
