"""What Word's accessibility checker asks of a document, read from a .docx's XML.

Each check returns the problems it finds as sentences; none is a clean
document. Used by ``tests/render/test_docx_access.py`` on every example in
every Word layout.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"
HEADING = re.compile(r"^Heading([1-9])$")


class Docx:
    """A .docx's parts that the checks read."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.core = ET.fromstring(package.read("docProps/core.xml"))
            body = ET.fromstring(package.read("word/document.xml")).find(f"{W}body")
            self.styles = ET.fromstring(package.read("word/styles.xml"))
        assert body is not None
        self.body: ET.Element = body
        self.style_by_id = {
            style.get(f"{W}styleId", ""): style for style in self.styles.iter(f"{W}style")
        }

    def paragraph_style(self, paragraph: ET.Element) -> str:
        found = paragraph.find(f"{W}pPr/{W}pStyle")
        return found.get(f"{W}val", "") if found is not None else ""

    def heading_level(self, paragraph: ET.Element) -> int | None:
        """The heading level of a paragraph's style (its outline level), else None."""
        style_id = self.paragraph_style(paragraph)
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.style_by_id.get(style_id)
            if style is None:
                return None
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None:
                level = int(outline.get(f"{W}val", "9"))
                # Level 9 is body text: a contents heading is no heading of the outline.
                return level + 1 if level < 9 else None
            match = HEADING.match(style_id)
            if match:
                return int(match.group(1))
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val", "") if based is not None else ""
        return None


def text(element: ET.Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t"))


def properties(doc: Docx, language: str) -> Iterator[str]:
    """A title and the language in the document's properties."""
    title = doc.core.findtext(f"{DC}title") or ""
    if not title.strip():
        yield "the document has no title (File › Info › Title)"
    if (doc.core.findtext(f"{DC}language") or "") != language:
        yield f"the document's language property is not {language}"
    lang = doc.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None or not (lang.get(f"{W}val") or "").lower().startswith(language.lower()):
        yield f"the text's default language is not {language}"


def headings(doc: Docx) -> Iterator[str]:
    """Real heading styles, in order, none skipped on the way down, none empty."""
    last = 0
    for paragraph in doc.body.iter(f"{W}p"):
        level = doc.heading_level(paragraph)
        if level is None:
            continue
        if not text(paragraph).strip():
            yield f"an empty Heading {level}"
        if level > last + 1:
            yield f"Heading {level} '{text(paragraph)[:60]}' follows Heading {last}"
        last = level
    if last == 0:
        yield "no heading at all"


def tables(doc: Docx) -> Iterator[str]:
    """Each table: a header row that repeats, a title or description, no merged rows."""
    for number, table in enumerate(doc.body.iter(f"{W}tbl"), 1):
        properties = table.find(f"{W}tblPr")
        named = [
            properties.find(f"{W}{kind}") if properties is not None else None
            for kind in ("tblCaption", "tblDescription")
        ]
        if not any(item is not None and (item.get(f"{W}val") or "").strip() for item in named):
            yield f"table {number} has no title or description (Table Properties › Alt Text)"
        rows = table.findall(f"{W}tr")
        if not rows or rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            yield f"table {number} has no header row marked to repeat"
        if table.find(f".//{W}vMerge") is not None:
            yield f"table {number} has cells merged down rows"
        for cell in table.iter(f"{W}tc"):
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            if span is not None and not text(cell).strip():
                yield f"table {number} has an empty merged cell (spacing a style would do)"


def spacing(doc: Docx) -> Iterator[str]:
    """No empty paragraphs in a row used for space (Word: repeated blank characters)."""
    previous_empty = False
    for child in doc.body:
        if child.tag != f"{W}p":
            previous_empty = False
            continue
        empty = not text(child).strip() and child.find(f".//{W}drawing") is None
        empty = empty and child.find(f"{W}pPr/{W}sectPr") is None
        if empty and previous_empty:
            yield "two empty paragraphs in a row (space a style's spacing would give)"
        previous_empty = empty


def pictures(doc: Docx) -> Iterator[str]:
    """Alt text on every picture (or marked decorative)."""
    for properties in doc.body.iter(f"{WP}docPr"):
        decorative = any("decorative" in child.tag.lower() for child in properties.iter())
        if not (properties.get("descr") or "").strip() and not decorative:
            yield f"picture '{properties.get('name')}' has no alt text"


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour_of(doc: Docx, style_id: str, seen: frozenset[str] = frozenset()) -> str | None:
    style = doc.style_by_id.get(style_id)
    if style is None or style_id in seen:
        return None
    colour = style.find(f"{W}rPr/{W}color")
    if colour is not None:
        return colour.get(f"{W}val")
    based = style.find(f"{W}basedOn")
    if based is None:
        return None
    return _colour_of(doc, based.get(f"{W}val", ""), seen | {style_id})


def colours(doc: Docx) -> Iterator[str]:
    """Coloured text at 4.5:1 or more against the shading it sits on (white where none)."""
    default = doc.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}color")
    base = default.get(f"{W}val", "000000") if default is not None else "000000"
    for cell_or_body in [doc.body, *doc.body.iter(f"{W}tc")]:
        shading = cell_or_body.find(f"{W}tcPr/{W}shd")
        fill = shading.get(f"{W}fill") if shading is not None else None
        background = fill if fill and fill != "auto" else "FFFFFF"
        paragraphs = [child for child in cell_or_body if child.tag == f"{W}p"]
        for paragraph in paragraphs:
            paragraph_colour = _colour_of(doc, doc.paragraph_style(paragraph)) or base
            for run in paragraph.iter(f"{W}r"):
                if not text(run).strip():
                    continue
                style = run.find(f"{W}rPr/{W}rStyle")
                colour = run.find(f"{W}rPr/{W}color")
                ink = (
                    colour.get(f"{W}val")
                    if colour is not None
                    else _colour_of(doc, style.get(f"{W}val", ""))
                    if style is not None
                    else None
                ) or paragraph_colour
                if ink == "auto":
                    continue
                ratio = contrast(ink, background)
                if ratio < 4.5:
                    yield f"'{text(run)[:40]}' in #{ink} on #{background}: {ratio:.2f}:1"


CHECKS = (properties, headings, tables, spacing, pictures, colours)
