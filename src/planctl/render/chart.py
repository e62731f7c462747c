"""A measure as a small line chart: numbers and dates in, SVG text out.

:func:`chart_svg` draws the actuals as a solid line with round marks, the
path of the targets as a dashed line with open diamonds, the baseline as a
square (or, when it has no date, a dotted line across the chart), the
packet's as-of date as a dotted upright line, which way is better, and a key.
Each series differs by its dash and its mark as well as its colour, and every
line has a contrast of at least 3:1 against white, so the chart reads in
black and white and to a reader who does not tell the colours apart.

The drawing is an ``<svg role="img">`` whose ``<title>`` names the measure
and whose ``<desc>`` states every figure in words; layouts put the same
figures in a table beside it for screen readers. Every text is escaped by the
XML serializer: plan text cannot become markup. This module knows nothing of
plans: :mod:`planctl.render.measure_chart` turns a measure into its points.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ACTUAL = "actual"
TARGET = "target"
BASELINE = "baseline"

ACTUAL_COLOUR = "#1f4e79"  # dark blue, 8.6:1 on white
TARGET_COLOUR = "#a04a00"  # dark orange, 6.0:1
BASELINE_COLOUR = "#404040"  # near black, 10:1
AS_OF_COLOUR = "#6a1b9a"  # purple, 8.9:1
GRID_COLOUR = "#d0d5db"
AXIS_COLOUR = "#595959"
TEXT_COLOUR = "#262626"

TARGET_DASH = "7 5"
KEY_LINE = 16.0
KEY_SWATCH = 20.0
KEY_FONT = 11.5
BASELINE_DASH = "2 4"
AS_OF_DASH = "3 3"

FONT = 13.0
"""Text size in the drawing's units: at the widths packets print charts, 9 to 10 points."""
SANS = 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif'

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Point:
    """One figure of a measure: a baseline, a target or an actual.

    ``label`` is the value as the packet writes it (``62%``, ``75:1``);
    ``day`` is None for a figure without a date, drawn as a line across.
    """

    kind: str
    value: float
    day: date | None
    label: str


@dataclass(frozen=True)
class Size:
    """The drawing's width and height, in its own units (CSS pixels at full size)."""

    width: float = 520.0
    height: float = 230.0


WIDE = Size(460.0, 220.0)
"""A chart under a measure in the full packet."""
NARROW = Size(340.0, 190.0)
"""A chart in a scorecard's row."""


def drawable(points: Sequence[Point]) -> bool:
    """True when ``points`` make a chart: two figures or more, at least one of them dated."""
    usable = [point for point in points if math.isfinite(point.value)]
    return len(usable) >= 2 and any(point.day is not None for point in usable)


def chart_svg(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    unit: str = "",
    better: str = "",
    as_of: date | None = None,
    size: Size = WIDE,
) -> str | None:
    """The chart of ``points`` as SVG text, or None when they do not make one (see
    :func:`drawable`): the layout then shows the figures table alone.

    ``unit`` is the measure's (``%`` and ``ratio`` show on the scale's numbers, any other
    above it); ``better`` is said at the top (``Higher is better``); ``as_of`` is marked
    when it falls near the figures.
    """
    usable = [point for point in points if math.isfinite(point.value)]
    if not drawable(usable):
        return None
    dated = sorted(
        (point for point in usable if point.day is not None),
        key=lambda point: (point.day or date.min, _ORDER.get(point.kind, 3)),
    )
    across = [point for point in usable if point.day is None]
    frame = _Frame(size, dated, usable, unit, as_of)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {_n(size.width)} {_n(size.height)}",
            "width": _n(size.width),
            "height": _n(size.height),
            "role": "img",
            "font-family": SANS,
            "font-size": _n(FONT),
            "class": "measure-chart",
        },
    )
    ET.SubElement(svg, "title").text = _clean(title)
    ET.SubElement(svg, "desc").text = _clean(description)
    frame.draw_axes(svg, unit)
    if better:
        _text(svg, size.width - 6, 15, better, anchor="end", weight="600")
    frame.draw_as_of(svg)
    for point in across:
        frame.draw_across(svg, point)
    baseline = [point for point in dated if point.kind == BASELINE][:1]
    targets = [point for point in dated if point.kind == TARGET]
    actuals = [point for point in dated if point.kind == ACTUAL]
    if targets:
        frame.draw_line(svg, [*baseline, *targets], TARGET_COLOUR, TARGET_DASH, 2.2, TARGET)
    if actuals:
        frame.draw_line(svg, [*baseline, *actuals], ACTUAL_COLOUR, None, 2.6, ACTUAL)
    for point in dated:
        frame.draw_mark(svg, point)
    frame.draw_labels(svg, dated)
    frame.draw_key(svg)
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


_ORDER = {BASELINE: 0, ACTUAL: 1, TARGET: 2}


# --------------------------------------------------------------------------- scales


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round numbers from at most ``low`` to at least ``high``, about ``count`` steps apart.

    Steps are 1, 2, 2.5 or 5 times a power of ten; equal or reversed ends are widened.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 2.5, 5, 10) if factor * power >= raw)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(index * step, 10) for index in range(first, last + 1)]


def _value_range(values: Sequence[float], unit: str) -> tuple[float, float]:
    low, high = min(values), max(values)
    # Counts and percentages read against zero when zero is not far below them.
    if low >= 0 and low <= high * 0.5:
        return 0.0, high
    # Otherwise a little room below and above, so no mark sits on the chart's edge.
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    if unit == "%" and max(values) <= 100 < high:
        high = 100.0
    if min(values) >= 0 > low:
        low = 0.0
    return low, high


def number_text(value: float, step: float = 1.0) -> str:
    """A number for the scale: grouped thousands, as many decimals as the step needs."""
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    text = f"{value:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0") else text


def _tick_label(value: float, step: float, unit: str) -> str:
    text = number_text(value, step)
    if unit == "%":
        return f"{text}%"
    if unit == "ratio":
        return f"{text}:1"
    return text


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _date_ticks(first: date, last: date, room: int) -> tuple[list[date], int]:
    """Month starts between ``first`` and ``last``, at most ``room`` of them, and their step."""
    low, high = _month_index(first), _month_index(last)
    for step in (1, 2, 3, 6, 12, 24, 60, 120):
        start = -(-low // step) * step
        ticks = list(range(start, high + 1, step))
        if len(ticks) <= max(room, 2):
            return [date(index // 12, index % 12 + 1, 1) for index in ticks], step
    return [], 120


def _date_label(day: date, step: int) -> str:
    return str(day.year) if step >= 12 else f"{_MONTHS[day.month - 1]} {day.year}"


def _width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is: generous, so labels do not run into each other."""
    return len(text) * size * 0.58


# --------------------------------------------------------------------------- drawing


class _Frame:
    """The plot's box and scales, and the drawing of each part into it."""

    def __init__(
        self,
        size: Size,
        dated: Sequence[Point],
        usable: Sequence[Point],
        unit: str,
        as_of: date | None,
    ) -> None:
        self.size = size
        self.unit = unit
        days = [point.day for point in dated if point.day is not None]
        first, last = min(days), max(days)
        span = (last - first).days
        self.as_of = as_of
        if as_of is not None and not (
            first - timedelta(days=max(span, 365)) <= as_of <= last + timedelta(days=max(span, 365))
        ):
            self.as_of = None  # far from every figure: said in the description, not drawn
        if self.as_of is not None:
            first, last = min(first, self.as_of), max(last, self.as_of)
        pad = max((last - first).days * 0.06, 20.0)
        if first == last:
            pad = 180.0
        self.first = first - timedelta(days=pad)
        self.last = last + timedelta(days=pad)
        low, high = _value_range([point.value for point in usable], unit)
        self.ticks = nice_ticks(low, high)
        self.step = self.ticks[1] - self.ticks[0] if len(self.ticks) > 1 else 1.0
        widest = max(_width(_tick_label(tick, self.step, unit)) for tick in self.ticks)
        self.left = 8 + widest + 6
        self.right = size.width - 14
        self.top = 40.0
        self.key = self._key(dated)
        lines = 1 + max((line for _, _, _, line in self.key), default=0)
        self.bottom = size.height - 34 - KEY_LINE * lines

    def _key(self, dated: Sequence[Point]) -> list[tuple[str, str, float, int]]:
        """The key's items (kind, label, x, line), on as many lines as the width needs."""
        kinds = {point.kind for point in dated}
        items = [
            (kind, label)
            for kind, label in (
                (ACTUAL, "Actual"),
                (TARGET, "Target"),
                (BASELINE, "Baseline"),
            )
            if kind in kinds
        ]
        if self.as_of is not None:
            items.append(("as-of", "As of"))
        placed = []
        x, line = 8.0, 0
        for kind, label in items:
            width = KEY_SWATCH + 5 + _width(label, KEY_FONT) + 9
            if x + width > self.size.width and x > 8:
                x, line = 8.0, line + 1
            placed.append((kind, label, x, line))
            x += width
        return placed

    def x(self, day: date) -> float:
        total = (self.last - self.first).days or 1
        return self.left + (self.right - self.left) * (day - self.first).days / total

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        share = 0.5 if high == low else (value - low) / (high - low)
        return self.bottom - (self.bottom - self.top) * share

    def draw_axes(self, svg: ET.Element, unit: str) -> None:
        grid = ET.SubElement(svg, "g", {"class": "chart-scale"})
        for tick in self.ticks:
            y = self.y(tick)
            _line(grid, self.left, y, self.right, y, GRID_COLOUR, 1.0)
            label = _tick_label(tick, self.step, unit)
            _text(grid, self.left - 6, y + FONT * 0.35, label, anchor="end")
        if unit and unit not in ("%", "ratio"):
            _text(grid, 8, 15, unit, weight="600")
        _line(grid, self.left, self.bottom, self.right, self.bottom, AXIS_COLOUR, 1.2)
        room = int((self.right - self.left) // 78)
        ticks, step = _date_ticks(self.first, self.last, room)
        for day in ticks:
            x = self.x(day)
            _line(grid, x, self.bottom, x, self.bottom + 5, AXIS_COLOUR, 1.2)
            label = _date_label(day, step)
            # A label under a tick near the edge is moved in, never cut off by it.
            half = _width(label) / 2
            centre = min(max(x, half + 2), self.size.width - half - 2)
            _text(grid, centre, self.bottom + 19, label, anchor="middle")

    def draw_as_of(self, svg: ET.Element) -> None:
        if self.as_of is None:
            return
        x = self.x(self.as_of)
        group = ET.SubElement(svg, "g", {"class": "chart-as-of"})
        _line(group, x, self.top - 12, x, self.bottom, AS_OF_COLOUR, 1.6, AS_OF_DASH)
        label = f"As of {self.as_of.isoformat()}"
        anchor = "end" if x > (self.left + self.right) / 2 else "start"
        offset = -4 if anchor == "end" else 4
        _text(group, x + offset, self.top - 6, label, anchor=anchor, fill=AS_OF_COLOUR, size=11.5)

    def draw_across(self, svg: ET.Element, point: Point) -> None:
        """A figure without a date: a line across the chart at its value, labelled."""
        y = self.y(point.value)
        colour, dash = (
            (TARGET_COLOUR, TARGET_DASH)
            if point.kind == TARGET
            else (BASELINE_COLOUR, BASELINE_DASH)
        )
        if point.kind == ACTUAL:
            colour, dash = ACTUAL_COLOUR, BASELINE_DASH
        group = ET.SubElement(svg, "g", {"class": f"chart-across chart-{point.kind}"})
        _line(group, self.left, y, self.right, y, colour, 1.8, dash)
        label = f"{point.kind.capitalize()} {point.label} (no date)"
        _text(group, self.right - 2, y - 5, label, anchor="end", fill=colour, size=11.5)

    def draw_line(
        self,
        svg: ET.Element,
        points: Sequence[Point],
        colour: str,
        dash: str | None,
        width: float,
        kind: str,
    ) -> None:
        if len(points) < 2:
            return
        path = " ".join(
            f"{_n(self.x(point.day))},{_n(self.y(point.value))}"
            for point in points
            if point.day is not None
        )
        attributes = {
            "points": path,
            "fill": "none",
            "stroke": colour,
            "stroke-width": _n(width),
            "stroke-linejoin": "round",
            "class": f"chart-line chart-{kind}",
        }
        if dash:
            attributes["stroke-dasharray"] = dash
        ET.SubElement(svg, "polyline", attributes)

    def draw_mark(self, svg: ET.Element, point: Point) -> None:
        if point.day is None:
            return
        _mark(svg, point.kind, self.x(point.day), self.y(point.value))

    def draw_labels(self, svg: ET.Element, dated: Sequence[Point]) -> None:
        """Each figure's value beside its mark, on the side away from the other line."""
        group = ET.SubElement(svg, "g", {"class": "chart-values"})
        placed: list[tuple[float, float, float]] = []
        for point in dated:
            if point.day is None or _said_by_actual(point, dated):
                continue
            x, y = self.x(point.day), self.y(point.value)
            near = [
                other
                for other in dated
                if other is not point and other.day is not None and abs(self.x(other.day) - x) < 40
            ]
            above = point.kind != TARGET
            if any(other.value > point.value for other in near if other.kind != point.kind):
                above = False
            if any(other.value < point.value for other in near if other.kind != point.kind):
                above = True
            label_y = y - 9 if above else y + FONT + 5
            label_y = min(max(label_y, self.top + 2), self.bottom - 3)
            width = _width(point.label, 11.5)
            anchor = "middle"
            if x - width / 2 < self.left:
                anchor = "start"
            elif x + width / 2 > self.size.width - 2:
                anchor = "end"
            if any(abs(px - x) < width and abs(py - label_y) < FONT for px, py, _ in placed):
                label_y += FONT + 2 if not above else -(FONT + 2)
            placed.append((x, label_y, width))
            colour = {TARGET: TARGET_COLOUR, ACTUAL: ACTUAL_COLOUR}.get(point.kind, BASELINE_COLOUR)
            _text(
                group, x, label_y, point.label, anchor=anchor, fill=colour, size=11.5, weight="600"
            )

    def draw_key(self, svg: ET.Element) -> None:
        key = ET.SubElement(svg, "g", {"class": "chart-key"})
        for kind, label, x, line in self.key:
            y = self.bottom + 34 + KEY_LINE * line + 4
            middle = y - 4
            if kind == ACTUAL:
                _line(key, x, middle, x + KEY_SWATCH, middle, ACTUAL_COLOUR, 2.6)
            elif kind == TARGET:
                _line(key, x, middle, x + KEY_SWATCH, middle, TARGET_COLOUR, 2.2, "5 3")
            elif kind == "as-of":
                centre = x + KEY_SWATCH / 2
                _line(key, centre, y - 12, centre, y + 3, AS_OF_COLOUR, 1.6, AS_OF_DASH)
            if kind != "as-of":
                _mark(key, kind, x + KEY_SWATCH / 2, middle)
            _text(key, x + KEY_SWATCH + 5, y, label, size=KEY_FONT)


def _said_by_actual(point: Point, dated: Sequence[Point]) -> bool:
    """True for a target an actual of the same day and value already labels."""
    return point.kind == TARGET and any(
        other.kind == ACTUAL and other.day == point.day and other.label == point.label
        for other in dated
    )


def _mark(parent: ET.Element, kind: str, x: float, y: float) -> None:
    if kind == ACTUAL:
        ET.SubElement(
            parent,
            "circle",
            {"cx": _n(x), "cy": _n(y), "r": "4.5", "fill": ACTUAL_COLOUR, "class": "chart-mark"},
        )
    elif kind == TARGET:
        r = 5.5
        ET.SubElement(
            parent,
            "polygon",
            {
                "points": f"{_n(x)},{_n(y - r)} {_n(x + r)},{_n(y)} {_n(x)},{_n(y + r)} "
                f"{_n(x - r)},{_n(y)}",
                "fill": "#ffffff",
                "stroke": TARGET_COLOUR,
                "stroke-width": "2",
                "class": "chart-mark",
            },
        )
    else:
        ET.SubElement(
            parent,
            "rect",
            {
                "x": _n(x - 4.5),
                "y": _n(y - 4.5),
                "width": "9",
                "height": "9",
                "fill": BASELINE_COLOUR,
                "class": "chart-mark",
            },
        )


def _line(
    parent: ET.Element,
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    colour: str,
    width: float,
    dash: str | None = None,
) -> None:
    attributes = {
        "x1": _n(x1),
        "y1": _n(y1),
        "x2": _n(x2),
        "y2": _n(y2),
        "stroke": colour,
        "stroke-width": _n(width),
    }
    if dash:
        attributes["stroke-dasharray"] = dash
    ET.SubElement(parent, "line", attributes)


def _text(
    parent: ET.Element,
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    fill: str = TEXT_COLOUR,
    size: float = FONT,
    weight: str = "",
) -> None:
    attributes = {"x": _n(x), "y": _n(y), "fill": fill}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if size != FONT:
        attributes["font-size"] = _n(size)
    if weight:
        attributes["font-weight"] = weight
    ET.SubElement(parent, "text", attributes).text = _clean(content)


def _clean(text: object) -> str:
    """Text XML can hold: control characters dropped, on one line."""
    return " ".join(_XML_INVALID.sub("", str(text)).split())


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    if not math.isfinite(value):
        return "0"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
