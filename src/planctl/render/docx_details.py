"""Word XML for what a packet shows below a row: a step's details and measures in full.

A step's ``details`` (labelled values no column holds) and ``measure_details`` (measures with
every figure) come from :mod:`planctl.render.details`. In an action-step table they fill one
cell spanning every column, right under the step's row:

* the short single values on one line (``Start: 2024-08 · Status: Done · Phase: 1``);
* each longer value on a line of its own, its label in bold;
* each list (resources, the update log, a cost's yearly amounts) as its label and a bullet a
  line, the bullets typed rather than numbered, so they look the same in any district's layout;
* each measure as its name and facts, then its figures: a small table when there are several
  (Figure | Value | Date | Note, without Note when no figure has one), one line for one.

The same figure table serves a goal's or objective's measures in the table layout, where the
layout's ``{{ measure|figures_table }}`` leaves a placeholder for it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from docx.oxml.ns import nsdecls

W = nsdecls("w")

DETAILS_STYLE = "Plan Row Details"
"""The paragraph style of the cell under a row (the table text style when a layout lacks it)."""

SHORT_FACT = 48
"""A single value whose label and text are this short shares the first line with the others."""

DETAILS_FILL = "F7F9FC"
"""The cell under a row is shaded a little, so it reads as part of the row above it."""

RULE = "BFBFBF"
HEAD_FILL = "E9EEF5"

# Figure tables: the width of each column in twips (the note takes what is left, up to its
# own width), and the narrowest a note column may be.
FIGURE_WIDTHS = (1150, 1500, 1250)
NOTE_WIDTH = 4000
VALUE_CHAR = 95
"""About the width of a character of a figure table's text, in twentieths of a point."""
NOTE_MIN = 1800

ROW_KEEP_LINES = 28
"""A cell under a row with at most this many lines is kept on one page (longer ones may break,
since a row that cannot break and is taller than a page is cut off in Word)."""

SEPARATOR = " · "


_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """Text Word can hold: no control characters (XML 1.0 has no place for them), Windows
    line ends as line breaks, and no line break at the end (a YAML block's ``|`` leaves one,
    which would be an empty line in a cell)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", text).strip("\n")


def alt_text_xml(caption: str, description: str = "") -> str:
    """A table's title and description (Word: Table Properties › Alt Text), in tblPr order."""
    found = ""
    for tag, text in (("tblCaption", caption), ("tblDescription", description)):
        text = " ".join(clean_text(text).split())
        if text:
            found += f'<w:{tag} w:val="{html.escape(text[:250], quote=True)}"/>'
    return found


def text_of(value: Any) -> str:
    """A value of the view as text (layouts may hand in anything; None is nothing)."""
    return "" if value is None else clean_text(str(value))


def style_xml(style: str | None) -> str:
    """A paragraph's style property, or nothing when the layout lacks the style."""
    return f'<w:pStyle w:val="{style}"/>' if style else ""


def _items(entry: Mapping[str, Any]) -> list[str]:
    items = entry.get("items")
    if isinstance(items, str) or not isinstance(items, Iterable):
        return []
    return [text for text in (text_of(item) for item in items) if text]


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def runs(text: str, *, bold: bool = False) -> str:
    """Text as one run: line breaks and tabs kept, everything escaped."""
    if not text:
        return ""
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for part_number, part in enumerate(line.split("\t")):
            if part_number:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(f'<w:t xml:space="preserve">{_escape(part)}</w:t>')
    properties = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def _paragraph(
    content: str, style: str | None, *, bullet: bool = False, keep: bool = False, mark: str = "•"
) -> str:
    properties = style_xml(style)
    if keep:
        properties += "<w:keepNext/>"
    if bullet:
        # A typed bullet and a hanging indent: the same in Word and LibreOffice, with no
        # numbering definition the district's layout may lack.
        properties += (
            '<w:tabs><w:tab w:val="left" w:pos="454"/></w:tabs>'
            '<w:ind w:left="454" w:hanging="227"/>'
        )
        content = runs(f"{mark}\t") + content
    return f"<w:p><w:pPr>{properties}</w:pPr>{content}</w:p>"


def _labelled(label: str, text: str) -> str:
    return runs(f"{label}:", bold=True) + runs(f" {text}") if label else runs(text)


def details_paragraphs(details: Iterable[Any], style: str | None) -> list[str]:
    """Paragraphs of labelled details: short values on one line, then the rest a line each."""
    short: list[str] = []
    rest: list[str] = []
    for entry in details:
        if not isinstance(entry, Mapping):
            continue
        label = text_of(entry.get("label"))
        items = _items(entry)
        if entry.get("kind") == "tasks" and items:
            # A checklist: each item's box (☑, ☐) is its bullet.
            rest.append(_paragraph(runs(f"{label}:", bold=True), style, keep=True))
            for item in items:
                box, _, text = item.partition(" ")
                marked = len(box) == 1 and bool(text)
                rest.append(
                    _paragraph(
                        runs(text if marked else item),
                        style,
                        bullet=True,
                        mark=box if marked else "•",
                    )
                )
            continue
        if len(items) > 1:
            rest.append(_paragraph(runs(f"{label}:", bold=True), style, keep=True))
            rest.extend(_paragraph(runs(item), style, bullet=True) for item in items)
            continue
        text = items[0] if items else text_of(entry.get("text"))
        if not text:
            continue
        if len(label) + len(text) <= SHORT_FACT and "\n" not in text:
            short.append(_labelled(label, text))
        else:
            rest.append(_paragraph(_labelled(label, text), style))
    line = runs(SEPARATOR).join(short)
    return ([_paragraph(line, style)] if short else []) + rest


def figures_of(measure: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A measure's figures (baseline, targets, actuals), each a mapping."""
    figures = measure.get("figures")
    if isinstance(figures, str) or not isinstance(figures, Iterable):
        return []
    return [figure for figure in figures if isinstance(figure, Mapping)]


def figure_line(figure: Mapping[str, Any]) -> str:
    """One figure as a line: ``Target: 85% by 2025-06: First-year target``."""
    line = f"{text_of(figure.get('kind'))}: {text_of(figure.get('value'))}"
    when = text_of(figure.get("when"))
    note = text_of(figure.get("note"))
    return line + (f" {when}" if when else "") + (f": {note}" if note else "")


def measure_paragraphs(measure: Mapping[str, Any], style: str | None, width: int) -> list[str]:
    """A measure in full: its name and facts, then its figures (a table for several)."""
    head = text_of(measure.get("head")) or text_of(measure.get("text")) or "Measure"
    summary = text_of(measure.get("summary"))
    content = runs("Measure:", bold=True) + runs(f" {head}")
    if summary:
        content += runs(f" ({summary})")
    word = text_of(measure.get("standing_word"))
    if word:
        # The standing is the line a board member looks for: bold, as md and HTML show it.
        content += runs(" — ") + runs(word, bold=True)
        as_of = text_of(measure.get("standing_as_of"))
        content += runs(f" as of {as_of}" if as_of else "")
    figures = figures_of(measure)
    parts = [_paragraph(content, style, keep=bool(figures))]
    if len(figures) > 1:
        parts.append(figures_table_xml(figures, style, width, head))
    elif figures:
        parts.append(_paragraph(runs(figure_line(figures[0])), style))
    return parts


def figures_table_xml(
    figures: Sequence[Mapping[str, Any]], style: str | None, width: int, about: str = ""
) -> str:
    """A small ruled table: Figure | Value | Date | Note (no Note column when none has one)."""
    noted = any(text_of(figure.get("note")) for figure in figures)
    widths = list(FIGURE_WIDTHS)
    # A value in words ("not yet measured (to be set 2025-10)", "+5 points (45%)") gets room
    # to stay on a line or two, up to twice a figure's width.
    longest = max((len(text_of(figure.get("value"))) for figure in figures), default=0)
    widths[1] = max(widths[1], min(2 * widths[1], VALUE_CHAR * longest + 170))
    if noted:
        widths.append(max(NOTE_MIN, min(NOTE_WIDTH, width - sum(widths))))
    headings = ["Figure", "Value", "Date", "Note"][: len(widths)]
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    sides = "".join(
        f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    paragraph_style = style_xml(style)
    # The rows of a figure table stay together, and with the measure above them.
    keep = "<w:keepNext/>"

    def cell(text: str, cell_width: int, *, bold: bool, fill: str = "", last: bool) -> str:
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{cell_width}" w:type="dxa"/>{shading}</w:tcPr>'
            f"<w:p><w:pPr>{paragraph_style}{'' if last else keep}</w:pPr>"
            f"{runs(text, bold=bold)}</w:p></w:tc>"
        )

    rows = [
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            cell(heading, w, bold=True, fill=HEAD_FILL, last=False)
            for heading, w in zip(headings, widths, strict=True)
        )
        + "</w:tr>"
    ]
    for number, figure in enumerate(figures):
        last = number == len(figures) - 1
        values = [figure.get("kind"), figure.get("value"), figure.get("date"), figure.get("note")]
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(
                cell(text_of(value), w, bold=column == 0, last=last)
                for column, (value, w) in enumerate(zip(values, widths, strict=False))
            )
            + "</w:tr>"
        )
    return (
        f'<w:tbl {W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{sides}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        + alt_text_xml(f"Figures: {about}" if about else "Figures", "One row per figure.")
        + "</w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
        + "".join(rows)
        + "</w:tbl>"
    )


def has_more(step: Mapping[str, Any]) -> bool:
    """Whether a step has anything to show below its row."""
    return bool(_sequence(step.get("details")) or _sequence(step.get("measure_details")))


def _sequence(value: Any) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return []
    return list(value)


def details_cell(step: Mapping[str, Any], style: str | None, width: int) -> tuple[str, int]:
    """The content of the cell under a step's row, and about how many lines it takes."""
    parts = details_paragraphs(_sequence(step.get("details")), style)
    for measure in _sequence(step.get("measure_details")):
        if isinstance(measure, Mapping):
            parts.extend(measure_paragraphs(measure, style, width - 200))
    if not parts or parts[-1].startswith("<w:tbl"):
        # A cell ends with a paragraph (Word's rule): a small one after a figure table.
        parts.append(
            f"<w:p><w:pPr>{style_xml(style)}"
            '<w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/></w:pPr></w:p>'
        )
    lines = sum(part.count("<w:p>") + part.count("<w:br/>") for part in parts)
    return "".join(parts), lines


def details_row_xml(step: Mapping[str, Any], total: int, columns: int, style: str | None) -> str:
    """A row of one cell spanning all ``columns``, holding a step's details and measures."""
    content, lines = details_cell(step, style, total)
    split = "<w:cantSplit/>" if lines <= ROW_KEEP_LINES else ""
    span = f'<w:gridSpan w:val="{columns}"/>' if columns > 1 else ""
    return (
        f"<w:tr><w:trPr>{split}</w:trPr><w:tc><w:tcPr>"
        f'<w:tcW w:w="{total}" w:type="dxa"/>{span}'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{DETAILS_FILL}"/></w:tcPr>'
        f"{content}</w:tc></w:tr>"
    )
