"""Word action-step tables: the placeholders layouts leave, and the tables put in their place.

``{{ node.steps|steps_table(plan.columns) }}`` and ``{{ packet|table_of_contents }}``
leave markers carrying a per-render token (:class:`Placeholders`);
:mod:`planctl.render.docx` finds them once docxtpl is done and puts in the
tables built here, their columns sized to what they hold (:func:`column_widths`).
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import nsdecls

from planctl.render.docx_details import (
    DETAILS_STYLE,
    alt_text_xml,
    details_row_xml,
    has_more,
    runs,
)
from planctl.render.docx_details import clean_text as _clean_text

# Relative widths of step fields before their content is counted: the sentences (action,
# outcome, measure) get room, dates and statuses little.
FIELD_WEIGHTS = {
    "action": 3.0,
    "outcome": 2.4,
    "measure": 2.6,
    "benefits": 2.4,
    "description": 2.4,
    "updates": 2.0,
    "resources": 1.8,
    "comments": 1.6,
    "owners": 1.5,
    "trail": 1.2,
    "phase": 1.2,
    "due": 1.2,
    "dates": 1.2,
    "tags": 1.1,
    "cost": 1.0,
    "start": 0.9,
    "completed": 0.9,
    "repeat": 0.9,
    "status": 0.9,
    "id": 0.6,
}
# Headings of columns a layout names by field alone: steps_table(["due", "action", "trail"]).
HEADINGS = {
    "action": "Action",
    "trail": "Where",
    "where": "Where",
    "owners": "Responsible",
    "id": "ID",
}
SHORT_TEXT = 14
"""A column whose cells are all this short (dates, statuses, amounts) is kept on one line."""
TABLE_STYLE = "Plan Steps"
TABLE_TEXT_STYLE = "Plan Table Text"

W = nsdecls("w")


@dataclass
class StepsTable:
    """An action-step table a layout asked for: headings and rows of text.

    ``more`` holds, for each row, the step whose details and measures go in a row of one
    cell under it (None: nothing goes under that row).
    """

    fields: list[str]
    headings: list[str]
    rows: list[list[str]]
    more: list[Mapping[str, Any] | None] = field(default_factory=list)
    caption: str = "Action steps"
    """The table's title for a screen reader: where in the plan its steps are."""


@dataclass
class Placeholders:
    """The filters layouts call, and what they asked for, keyed by a per-render token."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))
    tables: list[StepsTable] = field(default_factory=list)
    contents: list[int] = field(default_factory=list)
    figures: list[Mapping[str, Any]] = field(default_factory=list)

    def marker(self, kind: str, index: int) -> str:
        return f"[[planctl:{kind}:{index}:{self.token}]]"

    def pattern(self) -> re.Pattern[str]:
        return re.compile(r"\[\[planctl:(table|contents|figures):(\d+):" + self.token + r"\]\]")

    def steps_table(
        self, steps: Iterable[Mapping[str, Any]], columns: Iterable[Any], details: bool = True
    ) -> str:
        """``{{ node.steps|steps_table(plan.columns) }}``: an action-step table goes here.

        Under each step that has details or measures in full, a row of one cell holds them
        (``details=False`` leaves them out: a layout that does so says so on its page).
        """
        if isinstance(steps, str | bytes) or not isinstance(steps, Iterable):
            raise TypeError("steps_table is given action steps, such as node.steps")
        fields, headings = _columns(columns)
        rows = []
        more: list[Mapping[str, Any] | None] = []
        steps_seen: list[Mapping[str, Any]] = []
        for step in steps:
            if not isinstance(step, Mapping):
                raise TypeError("steps_table is given action steps, such as node.steps")
            steps_seen.append(step)
            rows.append([_cell_text(step, name) for name in fields])
            more.append(step if details and has_more(step) else None)
        self.tables.append(StepsTable(fields, headings, rows, more, _caption(steps_seen)))
        return self.marker("table", len(self.tables) - 1)

    def figures_table(self, measure: Any) -> str:
        """``{{ measure|figures_table }}``: a measure's figures as a small table go here."""
        if not isinstance(measure, Mapping) or isinstance(measure.get("figures"), str):
            raise TypeError("figures_table is given a measure, such as node.measure_details[0]")
        self.figures.append(measure)
        return self.marker("figures", len(self.figures) - 1)

    def table_of_contents(self, _packet: Any, depth: int = 2) -> str:
        """``{{ packet|table_of_contents }}``: the contents, headings 1 to ``depth``."""
        if not isinstance(depth, int) or not 1 <= depth <= 9:
            raise ValueError("table_of_contents takes a depth from 1 to 9")
        self.contents.append(depth)
        return self.marker("contents", len(self.contents) - 1)


def _caption(steps: list[Mapping[str, Any]]) -> str:
    """``Action steps: Goal G1 › Objective G1.O1`` when the steps share a place, else plain."""
    places = {str(step.get("where", "")).rpartition(" › ")[0] for step in steps}
    place = places.pop() if len(places) == 1 else ""
    return f"Action steps: {place}" if place else "Action steps"


def _columns(columns: Iterable[Any]) -> tuple[list[str], list[str]]:
    if isinstance(columns, str | bytes) or not isinstance(columns, Iterable):
        raise TypeError("steps_table's columns are a list such as plan.columns")
    fields: list[str] = []
    headings: list[str] = []
    for column in columns:
        if isinstance(column, str):
            fields.append(column)
            headings.append(HEADINGS.get(column, column.replace("_", " ").capitalize()))
        elif isinstance(column, Mapping) and column.get("field"):
            fields.append(str(column["field"]))
            headings.append(_clean_text(str(column.get("heading") or column["field"])))
        else:
            raise TypeError("each column of steps_table has a 'field' and a 'heading'")
    return fields, headings


def _cell_text(step: Mapping[str, Any], name: str) -> str:
    # The row's cells first: they carry what the row shows beyond the field (the step's
    # own number before its action when the table has no column for it).
    for cell in _row_cells(step):
        if cell.get("field") == name:
            return _clean_text(str(cell.get("text") or ""))
    values = step.get("fields")
    value = values[name] if isinstance(values, Mapping) and name in values else step.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return _clean_text(str(value))


def _row_cells(step: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    cells = step.get("cells")
    if isinstance(cells, str) or not isinstance(cells, Iterable):
        return []
    return [cell for cell in cells if isinstance(cell, Mapping)]


def column_widths(table: StepsTable, total: int) -> list[int]:
    """Column widths in twips that add up to ``total``, sized to what the columns hold.

    Each column gets at least room for the longest word of its heading and of its cells (up to
    a dozen characters; all of a cell when every cell is short); the rest is shared half by
    what the field usually holds (sentences or dates) and half by how much text the column
    actually has. Empty columns stay narrow.
    """
    count = len(table.fields)
    minimums: list[float] = []
    contents: list[float] = []
    for index, heading in enumerate(table.headings):
        texts = [row[index] for row in table.rows]
        heading_word = max((len(word) for word in heading.split()), default=1)
        longest = max((len(text) for text in texts), default=0)
        if longest <= SHORT_TEXT:  # dates, statuses, amounts: kept on one line
            cell_word = longest
        else:
            cell_word = min(max((len(w) for text in texts for w in text.split()), default=0), 12)
        minimums.append(max(heading_word * 105, cell_word * 92, 400) + 190)
        average = sum(min(len(text), 600) for text in texts) / max(len(texts), 1)
        contents.append(math.sqrt(average))
    weights = [FIELD_WEIGHTS.get(name, 1.5) for name in table.fields]
    weight_sum = sum(weights) or 1.0
    content_sum = sum(contents) or 1.0
    shares = [
        0.0 if contents[i] == 0 else 0.5 * weights[i] / weight_sum + 0.5 * contents[i] / content_sum
        for i in range(count)
    ]
    if sum(minimums) >= total:
        scale = total / sum(minimums)
        return _exact([minimum * scale for minimum in minimums], total)
    widths = list(minimums)
    free = [i for i in range(count) if shares[i] > 0]
    while free:
        room = total - sum(widths[i] for i in range(count) if i not in free)
        share_sum = sum(shares[i] for i in free)
        proposal = {i: room * shares[i] / share_sum for i in free}
        short = [i for i in free if proposal[i] < minimums[i]]
        if not short:
            for i in free:
                widths[i] = proposal[i]
            break
        for i in short:
            widths[i] = minimums[i]
            free.remove(i)
    else:
        spare = (total - sum(widths)) / count
        widths = [width + spare for width in widths]
    return _exact(widths, total)


def _exact(widths: list[float], total: int) -> list[int]:
    result = [int(width) for width in widths]
    result[-1] += total - sum(result)
    return result


def _table_xml(table: StepsTable, widths: list[int], style_ids: Mapping[str, str]) -> str:
    total = sum(widths)
    style = style_ids.get(TABLE_STYLE.lower())
    text_style = style_ids.get(TABLE_TEXT_STYLE.lower())
    details_style = style_ids.get(DETAILS_STYLE.lower()) or text_style
    more = table.more or [None] * len(table.rows)
    if style:
        style_xml, borders = f'<w:tblStyle w:val="{style}"/>', ""
    else:  # a district layout without the table style still gets a ruled table
        rule = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        style_xml, borders = (
            "",
            f"<w:tblBorders>{''.join(rule.format(s) for s in sides)}</w:tblBorders>",
        )
    # Rows under steps would make the banding alternate at random: a table with any goes
    # without it (the rows under steps are shaded instead).
    banded = "1" if any(more) else "0"
    parts = [
        f"<w:tbl {W}><w:tblPr>{style_xml}"
        f'<w:tblW w:w="{total}" w:type="dxa"/>{borders}<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        f' w:lastColumn="0" w:noHBand="{banded}" w:noVBand="1"/>'
        + alt_text_xml(
            table.caption,
            "One row per step: " + ", ".join(h for h in table.headings if h.strip()) + ".",
        )
        + "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
        _row_xml(table.headings, widths, text_style, header=True),
    ]
    for row, step in zip(table.rows, more, strict=True):
        parts.append(_row_xml(row, widths, text_style, header=False, keep=step is not None))
        if step is not None:
            parts.append(details_row_xml(step, total, len(widths), details_style))
    parts.append("</w:tbl>")
    return "".join(parts)


def _row_xml(
    texts: list[str],
    widths: list[int],
    text_style: str | None,
    *,
    header: bool,
    keep: bool = False,
) -> str:
    """A row of cells; ``keep`` keeps it on the page of the next row (the step's details)."""
    row_properties = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    style = f'<w:pStyle w:val="{text_style}"/>' if text_style else ""
    # Word keeps a row with the next when its paragraphs are kept with the next.
    properties = style + ("<w:keepNext/>" if keep else "")
    paragraph_properties = f"<w:pPr>{properties}</w:pPr>" if properties else ""
    cells = []
    for text, width in zip(texts, widths, strict=True):
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f"<w:p>{paragraph_properties}{runs(text)}</w:p></w:tc>"
        )
    return f"<w:tr><w:trPr>{row_properties}</w:trPr>{''.join(cells)}</w:tr>"
