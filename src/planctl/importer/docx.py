"""Reading a Word (.docx) file as paragraphs and tables, in document order.

The body is walked element by element (``document.element.body``), so the headings and tables
come out interleaved as the reader sees them; content controls are looked into (except a table
of contents). Text is taken from the XML as Word shows it: tracked insertions are in, tracked
deletions are out, tabs and manual line breaks are kept, and text boxes and drawings (which Word
stores twice) are left out.

Table cells are read by their place in the table's grid. A cell merged across columns is read
once, in the first column it covers; a cell that continues a merge from the row above is marked
(:attr:`~planctl.importer.source.Row.continued`) for the interpreter, which decides what the
merge means.
"""

from __future__ import annotations

import io
import re
from typing import Any

from planctl.importer.cells import clean
from planctl.importer.source import MAX_COLUMNS, Budget, CannotImport, Paragraph, Row, Source, Table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT = (_W + name for name in ("p", "tbl", "tr", "tc", "sdt"))
_T, _TAB, _BR, _CR = (_W + name for name in ("t", "tab", "br", "cr"))
_SKIP = frozenset(
    {
        _W + "del",
        _W + "moveFrom",
        _W + "drawing",
        _W + "pict",
        _W + "object",
        _W + "pPr",
        _W + "rPr",
        _W + "tcPr",
        _W + "trPr",
        _W + "tblPr",
        _W + "tblGrid",
        _W + "sdtPr",
        _MC + "AlternateContent",
    }
)
_HEADING = re.compile(r"heading (\d)")


def read(name: str, raw: bytes) -> Source:
    """The paragraphs and tables of the Word file ``name`` whose bytes are ``raw``.

    ``raw`` must have passed :func:`planctl.importer.package.check`, which bounds what
    python-docx unpacks and parses; the text read is bounded by a :class:`Budget`.
    """
    from docx import Document  # deferred: start-up (python-docx loads only for a Word file)

    try:
        document = Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises many kinds for a file it cannot read
        raise CannotImport(
            f"{name} cannot be read as a Word (.docx) file ({_reason(error)}); "
            "open it in Word and save it again as a .docx"
        ) from None
    reader = _Reader(document, Source(name, "docx"))
    reader.walk(document.element.body)
    return reader.source


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class _Reader:
    def __init__(self, document: Any, source: Source) -> None:
        self.document = document
        self.source = source
        self.budget = Budget(source.name)
        self.styles = _style_names(document)

    def walk(self, parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag == _SDT:
                if _is_contents(child):
                    continue
                content = child.find(_W + "sdtContent")
                if content is not None:
                    self.walk(content)
            elif tag == _W + "customXml":
                self.walk(child)

    def paragraph(self, element: Any) -> None:
        text = clean(_text(element))
        if not text:
            return
        self.budget.paragraph()
        self.budget.text(text, f"paragraph {self.budget.paragraphs:,}")
        style_element = element.find(f"{_W}pPr/{_W}pStyle")
        style_id = style_element.get(_W + "val") if style_element is not None else None
        style = self.styles.get(style_id or "", "") if style_id else "normal"
        heading: int | None = None
        if style == "title":
            heading = 0
        else:
            match = _HEADING.fullmatch(style)
            if match:
                heading = int(match.group(1))
        # A planctl packet's bulleted items under a label ("Objectives:") are list items too.
        listed = (
            "list" in style
            or style == "plan fact item"
            or element.find(f"{_W}pPr/{_W}numPr") is not None
        )
        self.source.blocks.append(Paragraph(text, style, heading, listed))

    def table(self, element: Any) -> None:
        number = len(self.source.tables) + 1
        table = Table(number, f"table {number}")
        grid = element.find(_W + "tblGrid")
        width = len(grid.findall(_W + "gridCol")) if grid is not None else 0
        for index, row in enumerate(_rows(element), 1):
            self.budget.row()
            table.rows.append(self.row(row, index, width, table.where(index)))
        self.source.blocks.append(table)

    def row(self, element: Any, number: int, width: int, where: str) -> Row:
        """Row ``number`` of a table ``width`` grid columns wide (``where`` names it)."""
        position = _int_attribute(element, f"{_W}trPr/{_W}gridBefore", 0)
        texts: dict[int, str] = {}
        continued: set[int] = set()
        listed: dict[int, frozenset[str]] = {}
        tcs = _cells(element)
        for tc in tcs:
            self.budget.cell()
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continues = merge is not None and merge.get(_W + "val", "continue") == "continue"
            text = "" if continues else self.budget.text(clean(_cell_text(tc)), where)
            if position >= MAX_COLUMNS:
                if text:  # refused, not dropped: nothing the document holds is lost
                    self.budget.columns(where, position + 1)
                continue
            if continues:
                continued.add(position)
            texts[position] = text
            items = _list_items(tc, self.styles) if text else frozenset()
            if items:
                listed[position] = items
            span = max(_int_attribute(tc, f"{_W}tcPr/{_W}gridSpan", 1), 1)
            position += min(span, MAX_COLUMNS)
        columns = min(max([position, *texts]) if texts else 0, MAX_COLUMNS)
        cells = [texts.get(index, "") for index in range(columns)]
        full = len(tcs) == 1 and width > 1 and position >= width
        return Row(number, cells, frozenset(continued), full, listed)


def _list_items(cell: Any, styles: dict[str, str]) -> frozenset[str]:
    """The cell's own paragraphs that are list items (bullets or numbers), as cleaned text."""
    found = set()
    for paragraph in _wrapped(cell, _P):
        style_element = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_id = style_element.get(_W + "val") if style_element is not None else None
        style = styles.get(style_id or "", "") if style_id else ""
        if "list" in style or paragraph.find(f"{_W}pPr/{_W}numPr") is not None:
            text = clean(_text(paragraph))
            if text:
                found.add(text)
    return frozenset(found)


def _rows(table: Any) -> list[Any]:
    """The table's rows, including rows wrapped in content controls."""
    return _wrapped(table, _TR)


def _cells(row: Any) -> list[Any]:
    return _wrapped(row, _TC)


def _wrapped(element: Any, tag: str) -> list[Any]:
    """The children of ``element`` named ``tag``, including those inside content controls."""
    found: list[Any] = []
    for child in element.iterchildren():
        if child.tag == tag:
            found.append(child)
        elif child.tag in (_SDT, _W + "customXml"):
            content = child.find(_W + "sdtContent") if child.tag == _SDT else child
            if content is not None:
                found.extend(_wrapped(content, tag))
    return found


def _int_attribute(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    if found is None:
        return default
    try:
        return max(int(found.get(_W + "val", default)), 0)
    except ValueError:
        return default


def _cell_text(cell: Any) -> str:
    """The paragraphs of a cell (and of tables inside it), one line each."""
    lines: list[str] = []

    def visit(element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == _P:
                lines.append(_text(child))
            elif child.tag in (_TBL, _TR, _TC, _W + "sdtContent", _SDT, _W + "customXml"):
                visit(child)

    visit(cell)
    return "\n".join(lines)


def _text(paragraph: Any) -> str:
    """A paragraph's text as Word shows it: tabs and line breaks kept, deletions left out."""
    parts: list[str] = []

    def visit(element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def _is_contents(sdt: Any) -> bool:
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "contents" in str(gallery.get(_W + "val", "")).lower()


def _style_names(document: Any) -> dict[str, str]:
    """Paragraph style ids to their names, lower case ("heading 1")."""
    names: dict[str, str] = {}
    for style in document.styles.element.findall(_W + "style"):
        name = style.find(_W + "name")
        style_id = style.get(_W + "styleId")
        if name is not None and style_id:
            names[style_id] = str(name.get(_W + "val", "")).lower()
    return names
