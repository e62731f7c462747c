"""The drawing: one figure of a chart as a table with a small SVG per step, and one swatch.

:func:`gantt_svg` (a filter) writes a figure as a table of words (steps,
statuses, years, months, today's date) with each step's bar, milestones and
today's line drawn in an inline SVG of its row, built with an XML serializer:
plan text is always escaped text, no script, no event attribute and nothing
fetched. No word is drawn inside a drawing, so a contrast checker reads every
word on its cell's plain background. :func:`gantt_swatch` draws a legend
swatch with CSS. :func:`fit` shortens a label to a width.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from functools import lru_cache, reduce
from itertools import accumulate, repeat
from operator import add
from typing import Any

from markupsafe import Markup

from planctl.render.timeline.looks import (
    MILESTONE_COLOUR,
    MUTED,
    STATUS_LOOKS,
    TODAY_COLOUR,
)

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


WIDTH = 1000
LABEL_WIDTH = 380
STATUS_WIDTH = 86
RIGHT_PAD = 6
ROW = 22
BAR = 12
FONT = 12
SMALL = 10.5
SANS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Liberation Sans", "DejaVu Sans", sans-serif'
)

_OVERLAYS: dict[str, tuple[tuple[float, float, str], ...]] = {
    "stripes": ((2.2, 6.0, "0.6"),),
    "cross": ((1.6, 6.0, "0.7"), (6.0, 1.6, "0.7")),
}
"""The white strips (width, height, opacity) laid over a status's fill to draw its pattern."""

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
            for width, height, opacity in _OVERLAYS.get(look.pattern, ()):
                self.add(
                    pattern,
                    "rect",
                    x=0.0,
                    y=0.0,
                    width=width,
                    height=height,
                    fill="#ffffff",
                    fill_opacity=opacity,
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


def _track_width(chart: Mapping[str, Any]) -> float:
    """The width of the months' column in the drawings' units."""
    return WIDTH - RIGHT_PAD - LABEL_WIDTH - (STATUS_WIDTH if chart["tracked"] else 0)


def _percent(part: float, whole: float) -> str:
    return f"{_decimal(100 * part / whole if whole else 0.0)}%"


def gantt_svg(chart: Mapping[str, Any], figure: Mapping[str, Any]) -> Markup:
    """One figure of ``chart`` (from :func:`gantt`) as a table: a row per step, headings for
    objectives, the months across the head.

    Every word is HTML text in a cell: the step, its status, the years, months and today's
    date. Only the shapes are drawn: each step's row holds a small SVG of the month grid,
    its bar, milestones and today's line, named in words (its dates) for a screen reader
    and a tagged PDF. So no text lies on a drawing, and a contrast checker reads each word
    on the plain background of its cell.
    """
    rows = figure["rows"]
    prefix = f"{chart['id']}-timeline-{figure['number']}"
    label = f"Timeline of {figure['text']}"
    if figure["parts"] > 1:
        label += f" (part {figure['part']} of {figure['parts']})"
    tracked = bool(chart["tracked"])
    columns = 3 if tracked else 2
    out = [
        f'<table class="gantt-table" id="{_xml_attribute(prefix)}" '
        f'aria-label="{_xml_attribute(_clean(label))}">',
        '<colgroup><col class="gantt-step-col" /><col class="gantt-track-col" />'
        + ('<col class="gantt-status-col" />' if tracked else "")
        + "</colgroup>",
        "<thead>",
        _head_row(chart),
        "</thead>",
    ]
    # An objective's heading heads the group of rows under it: a body of its own.
    opened = False
    for number, row in enumerate(rows):
        if row["kind"] == "heading" or not opened:
            out.append("</tbody><tbody>" if opened else "<tbody>")
            opened = True
        if row["kind"] == "heading":
            text = row["text"] + (" (continued)" if row.get("continued") else "")
            out.append(
                f'<tr class="gantt-heading"><th scope="rowgroup" colspan="{columns}" '
                f'style="padding-left: {_decimal(4 + 12 * row["depth"])}px">'
                f"{_xml_text(_clean(text))}</th></tr>"
            )
        else:
            out.append(_step_row(chart, row, f"{prefix}-{number}"))
    out.append("</tbody></table>" if opened else "</table>")
    return Markup("\n".join(out))


def _head_row(chart: Mapping[str, Any]) -> str:
    """The head: "Step", the years over the months (today's date above them), "Status"."""
    count = max(len(chart["months"]), 1)
    width = month_width(chart)
    parts = ['<tr><th scope="col" class="gantt-step-head">Step</th>']
    track = ['<th scope="col" class="gantt-axis">']
    today = chart["today"]
    if today["at"] is not None:
        text = f"Today, {today['text']}" if today["source"] == "clock" else f"As of {today['text']}"
        at = float(today["at"])
        half = _text_width(text, SMALL, bold=True) / 2 / _track_width(chart) * count
        if at + half > count:
            place = f"text-align: right; padding-right: {_percent(count - at, count)}"
        elif at - half < 0:
            place = f"padding-left: {_percent(at, count)}"
        else:  # centred on the line: the span's middle at the date
            place = f"padding-left: {_percent(at, count)}; text-indent: -{_decimal(half * width)}px"
        track.append(
            f'<div class="gantt-today-label" style="{place}">{_xml_text(_clean(text))}</div>'
        )
    years = []
    for year in chart["years"]:
        span = width * year["count"]
        number = int(year["year"])
        shown = str(number) if span >= 30 else f"'{number % 100:02}" if span >= 16 else ""
        years.append(
            f'<span class="gantt-year" style="width: {_percent(year["count"], count)}">'
            f"{shown}</span>"
        )
    track.append(f'<div class="gantt-years">{"".join(years)}</div>')
    months = []
    for month in chart["months"]:
        name = month["short"] if width >= 26 else month["initial"] if width >= 8.5 else ""
        edge = " gantt-new-year" if month["new_year"] and month["index"] else ""
        months.append(
            f'<span class="gantt-month{edge}" style="width: {_percent(1, count)}" '
            f'title="{_xml_attribute(month["name"])}">{_xml_text(name)}</span>'
        )
    track.append(f'<div class="gantt-months">{"".join(months)}</div></th>')
    parts.append("".join(track))
    if chart["tracked"]:
        parts.append('<th scope="col" class="gantt-status-head">Status</th>')
    return "".join(parts) + "</tr>"


def _step_row(chart: Mapping[str, Any], row: Mapping[str, Any], prefix: str) -> str:
    label = _clean(row["label"])
    cells = [
        '<tr class="gantt-row">'
        f'<th scope="row" class="gantt-label" title="{_xml_attribute(label)}" '
        f'style="padding-left: {_decimal(8 + 12 * row["depth"])}px">{_xml_text(label)}</th>'
    ]
    cells.append(f'<td class="gantt-track">{_track(chart, row, prefix).markup()}</td>')
    if chart["tracked"]:
        key = row["status"]
        word = row["status_text"] or "—"
        ink = STATUS_LOOKS[key].ink if key != "none" else MUTED
        cells.append(
            f'<td class="gantt-status status-{_xml_attribute(key)}" style="color: {ink}">'
            f"{_xml_text(_clean(word))}</td>"
        )
    return "".join(cells) + "</tr>"


def _row_words(row: Mapping[str, Any]) -> str:
    """What a step's drawing shows, in words: its dates, status and milestones."""
    words = str(row["when"]) or "no dates on the chart"
    if row["status_text"]:
        words += f" ({row['status_text']})"
    return words


def _track(chart: Mapping[str, Any], row: Mapping[str, Any], prefix: str) -> _Svg:
    """A step's drawing: the month grid, its bar and milestones, and today's line."""
    count = max(len(chart["months"]), 1)
    width = _track_width(chart)
    svg = _Svg(width, float(ROW), prefix, _row_words(row))
    svg.root.set("class", "gantt-chart")
    svg.root.set("width", "100%")
    del svg.root.attrib["height"]
    grid = svg.add(None, "g", class_="gantt-grid")
    for month in chart["months"]:
        x = width * month["index"] / count
        strong = month["new_year"] or month["index"] == 0
        svg.add(
            grid,
            "line",
            x1=x,
            y1=0.0,
            x2=x,
            y2=float(ROW),
            stroke="#8a939e" if strong else "#dde2e8",
            stroke_width=1.0 if strong else 0.6,
        )
    svg.add(grid, "line", x1=width, y1=0.0, x2=width, y2=float(ROW), stroke="#8a939e")
    middle = ROW / 2
    bar = row["bar"]
    if bar is not None:
        left, right = width * bar["from"] / count, width * bar["to"] / count
        svg.bar(svg.root, left, middle - BAR / 2, max(right - left, 3.0), row["status"])
    for milestone in row["milestones"]:
        x = width * milestone["at"] / count
        size = 6.5
        svg.add(
            None,
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
    today = chart["today"]
    if today["at"] is not None:
        x = width * today["at"] / count
        svg.add(
            None,
            "path",
            class_="gantt-today",
            d=f"M{_n(x)} 0 V{_n(float(ROW))}",
            stroke=TODAY_COLOUR,
            stroke_width=1.6,
            stroke_dasharray="5 3",
            fill="none",
        )
    return svg


def gantt_swatch(chart: Mapping[str, Any], key: str) -> Markup:
    """A legend swatch for status ``key`` (or ``milestone``, ``today``): a small box drawn by CSS.

    Decoration beside the legend's words, so hidden from screen readers. Drawn
    as a box's background and border rather than an image: a PDF reader then
    skips it as an artifact instead of announcing a figure with no words.
    """
    del chart  # the same swatch for every chart; kept for the filter's call
    if key == "milestone":
        style = f"background-color: {MILESTONE_COLOUR}"
    elif key == "today":
        style = f"border-left: 1.6px dashed {TODAY_COLOUR}"
    else:
        key = key if key in STATUS_LOOKS else "none"
        look = STATUS_LOOKS[key]
        style = _swatch_style(look.pattern, look.fill, look.ink)
    return Markup(
        f'<span class="gantt-swatch swatch-{_xml_attribute(key)}" aria-hidden="true" '
        f'style="{_xml_attribute(style)}"></span>'
    )


def _swatch_style(pattern: str, fill: str, ink: str) -> str:
    """The CSS that draws a status's bar in small: its fill, pattern and outline."""
    white = "rgba(255, 255, 255, 0.65)"
    # Colour stops written one position each: WeasyPrint reads no two-position stops.
    stripes = "repeating-linear-gradient({}, {w} 0, {w} 1.6px, transparent 1.6px, transparent 5px)"
    layers = {
        "stripes": stripes.format("45deg", w=white),
        "cross": stripes.format("45deg", w=white) + ", " + stripes.format("-45deg", w=white),
        "strike": f"linear-gradient(transparent 38%, {ink} 38%, {ink} 62%, transparent 62%)",
    }
    border = f"1.2px dashed {ink}" if pattern == "hollow" else f"1px solid {ink}"
    style = f"background-color: {fill}; border: {border}"
    if pattern in layers:
        style += f"; background-image: {layers[pattern]}"
    return style
