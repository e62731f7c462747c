"""Word timelines: a plan's action steps as a table shaded month by month.

Word has no inline SVG worth relying on, so the timeline of a Word packet is
a table: one row per step (grouped under its goal and objective), one narrow
column per month, the months a step runs shaded in its status's colour *and*
Word's shading pattern for that status (solid, striped, cross-hatched,
dotted), ``◆`` in a milestone's month and the status word in the last
column. A key above the table names each status.

Layouts use two filters:

``gantt``
    a plan as the data of the chart (:func:`planctl.render.timeline.gantt`):
    ``{%p set chart = plan|gantt(packet.date) %}``.
``timeline_table``
    the key and the table, alone in a paragraph with docxtpl's paragraph tag,
    which puts the table in place of the paragraph:
    ``{{p chart|timeline_table(packet.paper) }}``. The table is written here,
    as WordprocessingML with every plan text escaped, because its columns
    (one per month of the plan) are not known when a layout is drawn.

The table fits the text width of a landscape page of the packet's paper with
the margins of planctl's layouts; the timeline layout is set in landscape.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup

from planctl.render.timeline import MILESTONE_MARK, STATUS_LOOKS, TODAY_MARK, gantt

PAGE_LONG_SIDE = {"letter": 15840, "a4": 16838, "legal": 20160}
MARGINS = 2 * 1080
"""Left and right margins of planctl's timeline layout, in twips (¾ inch each)."""
STATUS_COLUMN = 1250
LABEL_SHARE = 0.3
MIN_MONTH_TEXT = 150
"""Months narrower than this (in twips) get no initial in the header."""
MIN_MONTH_NAME = 480
"""Months at least this wide (in twips) are headed by their short name (``Sep``)."""

NAVY = "1F3864"
GROUP_FILL = "DCE3EC"
HEADING_FILL = "F1F4F8"
HEAD_FILL = "E3E8EF"
RULE = "C9CFD6"
TODAY_FILL = "A04A00"
DARK_FILLS = {"done", "in-progress", "blocked", "none"}

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    """Plan text for a Word run: one line, escaped, nothing XML cannot hold."""
    text = " ".join(_XML_INVALID.sub("", str(value)).split())
    return html.escape(text, quote=False)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _run(text: str, *, size: int, bold: bool = False, colour: str | None = None) -> str:
    if not text:
        return ""
    properties = "<w:b/><w:bCs/>" if bold else ""
    if colour:
        properties += f'<w:color w:val="{colour}"/>'
    properties += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    return f'<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _paragraph(runs: str, *, centre: bool = False) -> str:
    justify = '<w:jc w:val="center"/>' if centre else ""
    return (
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="228" w:lineRule="auto"/>'
        f"{justify}</w:pPr>{runs}</w:p>"
    )


def _cell(
    width: int,
    runs: str = "",
    *,
    span: int = 1,
    fill: str | None = None,
    pattern: str = "clear",
    pattern_colour: str = "auto",
    centre: bool = False,
    tight: bool = False,
) -> str:
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        properties += f'<w:shd w:val="{pattern}" w:color="{pattern_colour}" w:fill="{fill}"/>'
    if tight:
        properties += (
            '<w:tcMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tcMar>'
        )
    properties += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{_paragraph(runs, centre=centre)}</w:tc>"


def _row(cells: Sequence[str], *, header: bool = False) -> str:
    properties = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    return f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>"


def _table(widths: Sequence[int], rows: Sequence[str], label: str) -> str:
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    borders = "".join(
        f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="70" w:type="dxa"/>'
        '<w:bottom w:w="20" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'<w:tblCaption w:val="{html.escape(_XML_INVALID.sub("", label)[:200], quote=True)}"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _spacer() -> str:
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="8"/></w:rPr></w:pPr></w:p>'
    )


def _widths(chart: Mapping[str, Any], paper: str) -> tuple[int, list[int], int]:
    """Twips of the step column, of each month and of the status column (0 when untracked)."""
    total = PAGE_LONG_SIDE.get(str(paper).lower(), PAGE_LONG_SIDE["letter"]) - MARGINS
    status = STATUS_COLUMN if chart["tracked"] else 0
    label = int(total * LABEL_SHARE)
    count = max(len(chart["months"]), 1)
    month = (total - label - status) // count
    label = total - status - month * count
    return label, [month] * count, status


def _swatch(status: str) -> str:
    """A few shaded spaces: the shading of ``status`` in a line of text."""
    look = STATUS_LOOKS[status]
    return (
        f'<w:r><w:rPr><w:bdr w:val="single" w:sz="4" w:space="0" w:color="{_hex(look.ink)}"/>'
        f'<w:shd w:val="{look.word_shading}" w:color="{look.word_pattern_colour}"'
        f' w:fill="{_hex(look.fill)}"/><w:sz w:val="16"/></w:rPr>'
        '<w:t xml:space="preserve">\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0</w:t></w:r>'
    )


def _key(chart: Mapping[str, Any]) -> str:
    """The key to the shading, one line of text: each status's shading beside its word."""
    runs: list[str] = []
    gap = _run("\u2003 ", size=16)
    for item in chart["legend"]:
        runs += [_swatch(str(item["key"])), _run(f"\u00a0{item['label']} ({item['cue']})", size=16)]
        runs.append(gap)
    if chart["milestones"]:
        runs += [_run(MILESTONE_MARK, size=16, colour=NAVY), _run("\u00a0Milestone", size=16), gap]
    if chart["today"]["month"] is not None:
        word = "today" if chart["today"]["source"] == "clock" else "the as-of date"
        runs.append(_run(TODAY_MARK, size=16, bold=True, colour=TODAY_FILL))
        runs.append(_run(f"\u00a0The month of {word}", size=16))
    elif runs:
        runs.pop()
    return (
        '<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="80" w:line="300"'
        f' w:lineRule="auto"/></w:pPr>{"".join(runs)}</w:p>'
    )


def _header(chart: Mapping[str, Any], label: int, months: Sequence[int], status: int) -> str:
    # "Step" and "Status" head the row of months, each in its own cell: a cell merged
    # down the two header rows is one Word's accessibility checker flags.
    first = [_cell(label, fill=HEAD_FILL)]
    second = [_cell(label, _run("Step", size=15, bold=True), fill=HEAD_FILL)]
    month = months[0] if months else 0
    for year in chart["years"]:
        span = int(year["count"])
        width = month * span
        number = int(year["year"])
        text = str(number) if width >= 420 else f"'{number % 100:02}" if width >= 260 else ""
        first.append(
            _cell(width, _run(text, size=14, bold=True), span=span, fill=HEAD_FILL, centre=True)
        )
    for entry in chart["months"]:
        if entry["today"]:
            second.append(
                _cell(
                    month,
                    _run(TODAY_MARK, size=13, bold=True, colour="FFFFFF"),
                    fill=TODAY_FILL,
                    centre=True,
                    tight=True,
                )
            )
            continue
        text = (
            entry["short"]
            if month >= MIN_MONTH_NAME
            else entry["initial"]
            if month >= MIN_MONTH_TEXT
            else ""
        )
        second.append(_cell(month, _run(text, size=13), fill=HEAD_FILL, centre=True, tight=True))
    if status:
        first.append(_cell(status, fill=HEAD_FILL))
        second.append(_cell(status, _run("Status", size=15, bold=True), fill=HEAD_FILL))
    return _row(first, header=True) + _row(second, header=True)


def _step_cells(row: Mapping[str, Any], months: Sequence[int]) -> list[str]:
    look = STATUS_LOOKS[str(row["status"])]
    cells = []
    for mark, width in zip(row["marks"], months, strict=True):
        covered = "█" in mark
        glyph = MILESTONE_MARK if MILESTONE_MARK in mark else ""
        dark = covered and row["status"] in DARK_FILLS
        runs = _run(glyph, size=14, bold=True, colour="FFFFFF" if dark else NAVY)
        if covered:
            cells.append(
                _cell(
                    width,
                    runs,
                    fill=_hex(look.fill),
                    pattern=look.word_shading,
                    pattern_colour=look.word_pattern_colour,
                    centre=True,
                    tight=True,
                )
            )
        else:
            cells.append(_cell(width, runs, centre=True, tight=True))
    return cells


def timeline_table(chart: Mapping[str, Any], paper: object = "letter") -> Markup:
    """``{{p chart|timeline_table(packet.paper) }}``: the key and the shaded table of
    ``chart`` (from the ``gantt`` filter), as WordprocessingML in place of the paragraph."""
    if not isinstance(chart, Mapping) or "groups" not in chart or "months" not in chart:
        raise TypeError("timeline_table is given a chart, such as plan|gantt(packet.date)")
    if not chart["groups"]:
        return Markup("")
    label, months, status = _widths(chart, str(paper))
    total = label + sum(months) + status
    columns = len(months) + (2 if status else 1)
    rows = [_header(chart, label, months, status)]
    for group in chart["groups"]:
        rows.append(
            _row(
                [
                    _cell(
                        total,
                        _run(group["text"], size=16, bold=True, colour=NAVY),
                        span=columns,
                        fill=GROUP_FILL,
                    )
                ]
            )
        )
        for row in group["rows"]:
            if row["kind"] == "heading":
                text = ("    " * int(row["depth"])) + str(row["text"])
                rows.append(
                    _row(
                        [
                            _cell(
                                total,
                                _run(text, size=15, bold=True, colour=NAVY),
                                span=columns,
                                fill=HEADING_FILL,
                            )
                        ]
                    )
                )
                continue
            cells = [_cell(label, _run(str(row["label"]), size=15))]
            cells += _step_cells(row, months)
            if status:
                word = str(row["status_text"] or "—")
                ink = STATUS_LOOKS[str(row["status"])].ink if row["status"] != "none" else None
                cells.append(_cell(status, _run(word, size=15, colour=_hex(ink) if ink else None)))
            rows.append(_row(cells))
    title = f"Timeline of {chart.get('title') or 'the plan'}"
    widths = [label, *months, *([status] if status else [])]
    xml = _key(chart) + _table(widths, rows, title) + _spacer()
    return Markup(xml)


STEPS = "plan.levels[-1].plural|lower"
TIMELINE_PARAGRAPHS: list[tuple[str, str]] = [
    ("Normal", "{%p set chart = plan|gantt(packet.date or packet.as_of|default('')) %}"),
    ("Normal", "{%p if chart.groups %}"),
    (
        "Details",
        "{{ chart.dated }} of {{ chart.steps }} {{ " + STEPS + " }} on the timeline,"
        " {{ chart.range }}. Shaded cells are the months a step runs, from its start to its"
        " due date; ◆ marks a milestone{{ ('; ▼ the month of ' ~ ('today' if"
        " chart.today.source == 'clock' else 'the as-of date') ~ ', ' ~ chart.today.text)"
        " if chart.today.month is not none else '' }}.",
    ),
    ("Normal", "{{p chart|timeline_table(packet.paper) }}"),
    ("Normal", "{%p if chart.today.source == 'clock' and chart.today.month is not none %}"),
    (
        "Details",
        "▼ marks the month this packet was made; render it with a date (--date) for a"
        " packet that reads the same whenever it is made.",
    ),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p elif chart.steps %}"),
    (
        "Details",
        "No {{ plan.levels[-1].label|lower }} in this plan has a date planctl can place on"
        " a calendar, so there is no timeline yet.",
    ),
    ("Normal", "{%p else %}"),
    ("Details", "No {{ " + STEPS + " }} yet."),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if chart.today.note %}"),
    ("Details", "{{ chart.today.note }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if chart.undated %}"),
    ("Heading2", "Not on the timeline"),
    ("Normal", "{%p for group in chart.undated_groups %}"),
    ("Legend", "{{ group.heading }} ({{ group.steps|length }})"),
    ("Normal", "{%p for step in group.steps %}"),
    (
        "LegendItem",
        "{{ step.label }}: {{ step.action or '(no action written)' }}"
        "{{ ' — ' ~ step.reason if group.kind == 'unreadable' else '' }}",
    ),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
]
"""The paragraphs (style id, text) of the shipped Word timeline layout after each plan's
heading: ``tools/build_docx_layouts.py`` builds ``templates/docx/timeline.docx`` with them."""

DOCX_TIMELINE_FILTERS: dict[str, Callable[..., Any]] = {
    "gantt": gantt,
    "timeline_table": timeline_table,
}
"""The filters Word layouts use for timelines: add them to the Word environment's filters."""


__all__ = ["DOCX_TIMELINE_FILTERS", "TIMELINE_PARAGRAPHS", "timeline_table"]
