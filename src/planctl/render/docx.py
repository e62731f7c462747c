"""Word output: a .docx layout with Jinja tags, filled by docxtpl, finished by python-docx.

A Word layout is an ordinary Word file, so a district restyles its packets in Word (letterhead,
fonts, colours, the "Plan Steps" table style) rather than in code. A packet becomes a Word file
in four steps:

1. The layout is found: ``LAYOUTS/docx/NAME.docx``, then ``LAYOUTS/NAME.docx``, then the one
   planctl ships.
2. docxtpl fills its tags with the packet (:mod:`planctl.render.view`) in planctl's sandboxed
   Jinja environment with autoescaping on: plan text is always text, so ``<script>``, ``&`` or
   ``{{ 7*7 }}`` in a plan come out exactly as written.
3. Three filters leave placeholders: ``{{ node.steps|steps_table(plan.columns) }}`` (an
   action-step table; columns may also be field names, ``steps_table(["due", "action",
   "trail"])``; under each step a row spanning the columns holds what they leave out, its
   details and measures in full, unless ``details=False``), ``{{ measure|figures_table }}``
   (a measure's baseline, targets and actuals as a small table) and
   ``{{ packet|table_of_contents }}`` (``table_of_contents(3)`` for three heading levels). The
   tables are built in code (:mod:`planctl.render.docx_tables`), not with docxtpl's row and
   column loops, because their columns come from each plan's template (six for Boston, seven for
   Lower Merion, eight for the default), because python-docx can mark the repeated header row
   and fit the column widths, and because a plan of 2,000 steps should not go through docxtpl's
   regular expressions. Each placeholder
   carries a token drawn for this render only, so no plan text can pose as one. Tables of fixed
   columns (the one-page grid) can be ordinary Word tables of the layout with docxtpl's
   ``{%tr for %}`` rows. The HTML layouts' filters ``steps_below``, ``owners_below``,
   ``measures_below`` and ``holding`` work in Word layouts too.
4. The document is finished: every Heading 1 starts a new section on a new page, in landscape
   when the section holds a table of :data:`WIDE_TABLE` or more columns; headings get bookmarks,
   which the contents list links to inside a TOC field Word can update (the list is written out,
   so it reads well before anyone updates it); the package is written deterministically, so the
   same plans and date give the same bytes.
"""

from __future__ import annotations

import copy
import html
import io
import os
import re
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Twips
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from planctl.render.docx_details import DETAILS_STYLE, clean_text, figures_of, figures_table_xml
from planctl.render.docx_package import _properties, deterministic_zip
from planctl.render.docx_tables import (
    TABLE_TEXT_STYLE,
    Placeholders,
    StepsTable,
    W,
    _table_xml,
    column_widths,
)
from planctl.render.docx_timeline import DOCX_TIMELINE_FILTERS
from planctl.render.environment import (
    LayoutError,
    LayoutRefused,
    LayoutSandbox,
    describe,
    layout_dirs,
    layout_limits,
    layout_roots,
    make_environment,
    outside,
    refused_link,
)
from planctl.render.html import TREE_FILTERS

WIDE_TABLE = 5
"""A section holding a table with this many columns or more is set in landscape."""

PAPER_TWIPS = {"letter": (12240, 15840), "a4": (11906, 16838), "legal": (12240, 20160)}

# --------------------------------------------------------------------------- entry point


def render(packet: dict[str, Any], layout: str, layouts_dir: Path | None) -> bytes:
    """The packet as the bytes of a .docx file, laid out by the Word layout ``layout``."""
    path = find_layout(layout, layouts_dir)
    data = _clean(packet, {})
    placeholders = Placeholders()
    environment = make_environment(
        "docx",
        layouts_dir,
        filters={
            **TREE_FILTERS,  # steps_below, owners_below, measures_below, holding
            "steps_table": placeholders.steps_table,
            "table_of_contents": placeholders.table_of_contents,
            "figures_table": placeholders.figures_table,
            **DOCX_TIMELINE_FILTERS,  # gantt, timeline_table
        },
        # Only the Word file's own tags run, so planctl's own file runs unbounded, as
        # without --layouts (its timeline writes some 11 KB of XML a step).
        bounded=layouts_dir is not None and outside(path, [os.path.realpath(layouts_dir)]) is None,
    )
    # The file read is the one find_layout checked: its real path, inside the layouts folder.
    template = DocxTemplate(os.path.realpath(path))
    # Reading the Word file is bounded too: a district's .docx may be a zip bomb.
    with layout_limits(environment):
        try:
            template.init_docx()
        except Exception as error:  # python-docx raises many kinds for a file it cannot read
            raise LayoutError(
                f"{path}: cannot be read as a Word (.docx) file: {_unreadable(error, environment)}"
            ) from None
        try:
            template.render({"packet": data}, jinja_env=environment, autoescape=True)
        except Exception as error:  # any failure inside a layout is the layout's
            raise LayoutError(_explain(error, path, template, environment)) from None
    document = template.docx
    finish(document, placeholders, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def find_layout(layout: str, layouts_dir: Path | None) -> Path:
    """The .docx file of ``layout``: the district's folder first, then planctl's."""
    if not layout or any(char in layout for char in "/\\:") or layout.startswith("."):
        raise LayoutError(f"'{layout}' is not a layout name (write a name such as 'table')")
    roots = layout_roots(layouts_dir)
    for folder in layout_dirs("docx", layouts_dir):
        candidate = folder / f"{layout}.docx"
        if not os.path.lexists(candidate):
            continue
        real = outside(candidate, roots)
        if real is not None:  # a link out of the folder (to a secret, to /proc/self/environ)
            raise LayoutError(refused_link(candidate, real, layouts_dir))
        if candidate.is_file():
            return candidate
    available = available_layouts(layouts_dir)
    raise LayoutError(
        f"there is no docx layout '{layout}' (available: {', '.join(available) or 'none'})"
    )


def available_layouts(layouts_dir: Path | None) -> list[str]:
    """Names of the Word layouts found (Word's ``~$`` lock files and ``_`` files left out)."""
    names = set()
    for folder in layout_dirs("docx", layouts_dir):
        for path in folder.glob("*.docx"):
            if not path.name.startswith(("~$", "_", ".")):
                names.add(path.stem)
    return sorted(names)


def _clean(value: Any, seen: dict[int, Any]) -> Any:
    """A copy of the packet whose text Word can hold.

    XML 1.0 has no place for control characters (they are dropped) and a line break at the
    end of a YAML block (``|``) would be an empty line in a cell (it is dropped too).
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict | list):
        key = id(value)
        if key not in seen:
            if isinstance(value, dict):
                seen[key] = {name: _clean(item, seen) for name, item in value.items()}
            else:
                seen[key] = [_clean(item, seen) for item in value]
        return seen[key]
    return value


# --------------------------------------------------------------------------- errors


def _unreadable(error: BaseException, environment: LayoutSandbox) -> str:
    if isinstance(error, (MemoryError, LayoutRefused)):
        return describe(error, environment)
    return str(error)


def _explain(error: BaseException, path: Path, template: Any, environment: LayoutSandbox) -> str:
    """One line naming the layout file, the part of it and the text near the failure."""
    part = getattr(template, "current_rendering_part", None)
    partname = str(getattr(part, "partname", "")) if part is not None else ""
    if "header" in partname:
        where = "a page header"
    elif "footer" in partname:
        where = "a page footer"
    else:
        where = "the document body"
    line = error.lineno if isinstance(error, TemplateSyntaxError) else _template_line(error)
    near = _near(template, part, line) if line else ""
    located = f"{path}: {where}" + (f", near “{near}”" if near else "")
    if environment.bounded and _out_of_memory(error):
        error = MemoryError()
    return f"{located}: {describe(error, environment)}"


def _out_of_memory(error: BaseException) -> bool:
    """Whether libxml2 ran out of memory reading back the filled-in document.

    It says so as an ``XMLSyntaxError`` ("unknown error" when the memory
    limit for layouts refuses its allocation), not as a ``MemoryError``.
    """
    text = str(error)
    return type(error).__name__ == "XMLSyntaxError" and (
        text.startswith("unknown error") or "Memory allocation failed" in text
    )


def _template_line(error: BaseException) -> int | None:
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def _near(template: Any, part: Any, line: int) -> str:
    """The text of the paragraph docxtpl's line ``line`` holds, tags included."""
    try:
        if part is None or part is template.docx.part:
            source = template.get_xml()
        else:
            source = template.get_part_xml(part)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(source))
        text = html.unescape(re.sub(r"<[^>]+>", "", source.splitlines()[line - 1]))
    except Exception:  # the context is a courtesy; the error itself is reported
        return ""
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "…"


# --------------------------------------------------------------------------- finishing


@dataclass
class _Section:
    elements: list[Any] = field(default_factory=list)
    own: Any = None  # a section break the layout itself has, ending this section
    properties: Any = None
    text_width: int = 0


def finish(document: Any, placeholders: Placeholders, packet: Mapping[str, Any]) -> None:
    """Sections and orientation, step tables, contents, bookmarks, document properties."""
    body = document.element.body
    style_names = _style_names(document)
    style_ids = {name: style_id for style_id, name in style_names.items()}
    pattern = placeholders.pattern()
    base = body.find(qn("w:sectPr"))
    if base is None:
        base = parse_xml(f'<w:sectPr {W}><w:pgSz w:w="12240" w:h="15840"/></w:sectPr>')
        body.append(base)
    pristine = copy.deepcopy(base)
    layout_landscape = _landscape(Section(pristine, document.part))
    sections = _split(body, style_names)
    paper = PAPER_TWIPS.get(str(packet.get("paper", "")).lower())
    placed: list[tuple[Any, int, int]] = []  # (placeholder text, table number, text width)
    for index, section in enumerate(sections):
        markers = _markers(section.elements, pattern)
        numbers = [number for _, kind, number in markers if kind == "table"]
        widest = max((len(placeholders.tables[number].fields) for number in numbers), default=0)
        if section.own is not None:
            section.properties = section.own
        elif index == len(sections) - 1:
            section.properties = base
        else:
            section.properties = copy.deepcopy(pristine)
        fresh = section.properties is not base and section.own is None
        page = Section(section.properties, document.part)
        # A wide table turns its section to landscape; otherwise the layout's page stands.
        chosen = _landscape(page) if section.own is not None else layout_landscape
        section.text_width = _page(
            page, landscape=widest >= WIDE_TABLE or chosen, paper=paper, fresh=fresh
        )
        placed.extend(
            (text, number, section.text_width) for text, kind, number in markers if kind == "table"
        )
    # Tables with the same columns on the same width share their column widths, so the
    # columns of a plan's tables line up from one goal to the next.
    groups: dict[tuple[tuple[str, ...], int], list[StepsTable]] = {}
    for _, number, width in placed:
        table = placeholders.tables[number]
        groups.setdefault((tuple(table.fields), width), []).append(table)
    widths = {
        key: column_widths(
            StepsTable(list(key[0]), tables[0].headings, [r for t in tables for r in t.rows]),
            key[1],
        )
        for key, tables in groups.items()
    }
    for text, number, width in placed:
        table = placeholders.tables[number]
        shared = widths[(tuple(table.fields), width)]
        xml = _table_xml(table, shared, style_ids) if table.rows else None
        _replace_marker(text, pattern, xml)
    _figure_tables(body, placeholders, pattern, style_ids, [s.text_width for s in sections])
    for index, section in enumerate(sections[:-1]):
        if section.own is None:
            _end_section(sections[index + 1].elements[0], section.properties)
    _contents(body, placeholders, pattern, style_names, style_ids)
    _tidy_bookmarks(body)
    _properties(document, packet)


def _figure_tables(
    body: Any,
    placeholders: Placeholders,
    pattern: re.Pattern[str],
    style_ids: Mapping[str, str],
    text_widths: list[int],
) -> None:
    """Put each measure's figures where the layout asked for them (a table for several)."""
    style = style_ids.get(DETAILS_STYLE.lower()) or style_ids.get(TABLE_TEXT_STYLE.lower())
    narrowest = min(text_widths, default=9360)
    for text, kind, number in _markers([body], pattern):
        if kind != "figures":
            continue
        measure = placeholders.figures[number]
        figures = figures_of(measure)
        about = clean_text(str(measure.get("head") or measure.get("text") or ""))
        xml = figures_table_xml(figures, style, narrowest, about) if len(figures) > 1 else None
        _replace_marker(text, pattern, xml)


def _style_names(document: Any) -> dict[str, str]:
    """Paragraph and table style ids to their names, lower case (``heading 1``)."""
    names = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            names[style.get(qn("w:styleId"))] = str(name.get(qn("w:val"))).lower()
    return names


def _style_of(paragraph: Any, style_names: Mapping[str, str]) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if style is None else style_names.get(style.get(qn("w:val")), "")


def _has_content(element: Any) -> bool:
    if element.tag != qn("w:p"):
        return True
    if any(text.text for text in element.iter(qn("w:t"))):
        return True
    return any(True for _ in element.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")))


def _split(body: Any, style_names: Mapping[str, str]) -> list[_Section]:
    """The body in sections: a new one at each Heading 1 that follows content."""
    sections = [_Section()]
    for child in body:
        if child.tag == qn("w:sectPr"):
            continue
        current = sections[-1]
        if (
            child.tag == qn("w:p")
            and _style_of(child, style_names) == "heading 1"
            and any(_has_content(element) for element in current.elements)
        ):
            current = _Section()
            sections.append(current)
        current.elements.append(child)
        own = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p") else None
        if own is not None:
            current.own = own
            sections.append(_Section())
    if len(sections) > 1 and not sections[-1].elements:
        # The layout's own last section break ends the document: the body's takes its place.
        sections.pop()
    return sections


def _markers(elements: Iterable[Any], pattern: re.Pattern[str]) -> list[tuple[Any, str, int]]:
    found = []
    for element in elements:
        for text in element.iter(qn("w:t")):
            if text.text and "[[planctl:" in text.text:
                for match in pattern.finditer(text.text):
                    found.append((text, match.group(1), int(match.group(2))))
    return found


def _landscape(section: Section) -> bool:
    if section.orientation == WD_ORIENT.LANDSCAPE:
        return True
    return (section.page_width or 0) > (section.page_height or 0)


def _page(section: Section, *, landscape: bool, paper: tuple[int, int] | None, fresh: bool) -> int:
    """Set paper and orientation; the text width in twips."""
    width = section.page_width.twips if section.page_width is not None else 12240
    height = section.page_height.twips if section.page_height is not None else 15840
    short, long = paper or (min(width, height), max(width, height))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Twips(long if landscape else short)
    section.page_height = Twips(short if landscape else long)
    if fresh:
        section.start_type = WD_SECTION.NEW_PAGE
        section.different_first_page_header_footer = False
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is not None and number_type.get(qn("w:start")) is not None:
            del number_type.attrib[qn("w:start")]
    margins = sum(
        length.twips if length is not None else 1440
        for length in (section.left_margin, section.right_margin)
    )
    gutter = section.gutter.twips if section.gutter is not None else 0
    return max(long if landscape else short, 2880) - margins - gutter


def _end_section(first_of_next: Any, properties: Any) -> None:
    """Put ``properties`` at the end of the section before ``first_of_next``."""
    previous = first_of_next.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        holder = previous
    else:  # after a table: a paragraph as small as Word allows, to hold the break
        holder = parse_xml(
            f'<w:p {W}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20"'
            ' w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
        )
        first_of_next.addprevious(holder)
    holder.set_sectPr(properties)


def _replace_marker(text: Any, pattern: re.Pattern[str], table_xml: str | None) -> None:
    """Put the table where the placeholder was; drop the placeholder's paragraph if empty."""
    paragraph = text.getparent()
    while paragraph is not None and paragraph.tag != qn("w:p"):
        paragraph = paragraph.getparent()
    text.text = pattern.sub("", text.text, count=1)
    if paragraph is None:
        return
    if table_xml is not None:
        table = parse_xml(table_xml)
        before = paragraph.getprevious()
        if before is not None and before.tag == qn("w:tbl"):
            paragraph.addprevious(parse_xml(f"<w:p {W}/>"))  # keep two tables apart
        paragraph.addprevious(table)
    parent = paragraph.getparent()
    keep = (
        _has_content(paragraph)
        or paragraph.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        or (parent.tag == qn("w:tc") and paragraph.getnext() is None)
    )
    if not keep:
        parent.remove(paragraph)


# --------------------------------------------------------------------------- contents


def _paragraph_text(paragraph: Any) -> str:
    pieces = []
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        pieces.append(element.text or "" if element.tag == qn("w:t") else " ")
    return " ".join("".join(pieces).split())


def _contents(
    body: Any,
    placeholders: Placeholders,
    pattern: re.Pattern[str],
    style_names: Mapping[str, str],
    style_ids: Mapping[str, str],
) -> None:
    """Bookmark the headings and write the contents where the layout asked for them."""
    markers = _markers([body], pattern)
    requested = [(text, number) for text, kind, number in markers if kind == "contents"]
    if not requested:
        return
    depth = max(placeholders.contents[number] for _, number in requested)
    levels = {f"heading {level}": level for level in range(1, depth + 1)}
    entries: list[tuple[int, str, str]] = []
    for paragraph in body.iter(qn("w:p")):
        level = levels.get(_style_of(paragraph, style_names))
        text = _paragraph_text(paragraph) if level else ""
        if level and text:
            name = f"_Toc{len(entries) + 1:09d}"
            entries.append((level, text, name))
            start = parse_xml(f'<w:bookmarkStart {W} w:id="0" w:name="{name}"/>')
            properties = paragraph.find(qn("w:pPr"))
            if properties is not None:
                properties.addnext(start)
            else:
                paragraph.insert(0, start)
            paragraph.append(parse_xml(f'<w:bookmarkEnd {W} w:id="0"/>'))
    for text, number in requested:
        xml = _contents_xml(entries, placeholders.contents[number], style_ids)
        paragraph = text.getparent()
        while paragraph is not None and paragraph.tag != qn("w:p"):
            paragraph = paragraph.getparent()
        text.text = pattern.sub("", text.text, count=1)
        if paragraph is None:
            continue
        for element in xml:
            paragraph.addprevious(element)
        if not _has_content(paragraph):
            paragraph.getparent().remove(paragraph)


def _contents_xml(
    entries: list[tuple[int, str, str]], depth: int, style_ids: Mapping[str, str]
) -> list[Any]:
    """Paragraphs of a TOC field whose current result is the list of headings, linked."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{depth}" \\h \\z \\u </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    shown = [entry for entry in entries if entry[0] <= depth]
    if not shown:
        return [parse_xml(f"<w:p {W}>{begin}<w:r><w:t>(no headings)</w:t></w:r>{end}</w:p>")]
    paragraphs = []
    for number, (level, text, name) in enumerate(shown):
        style = style_ids.get(f"toc {level}")
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        # Page numbers are Word's to fill in when it updates the field; until then the
        # entries are links to the headings, without dot leaders running to nothing.
        link = (
            f'<w:hyperlink w:anchor="{name}" w:history="1">'
            f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'
            "</w:hyperlink>"
        )
        paragraphs.append(
            parse_xml(
                f"<w:p {W}><w:pPr>{style_xml}</w:pPr>"
                f"{begin if number == 0 else ''}{link}"
                f"{end if number == len(shown) - 1 else ''}</w:p>"
            )
        )
    return paragraphs


def _tidy_bookmarks(body: Any) -> None:
    """Unique bookmark ids; a name repeated by a layout loop is kept once."""
    names: set[str] = set()
    pending: dict[str, list[str | None]] = {}
    counter = 0
    marks = list(body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")))
    for mark in marks:
        old = str(mark.get(qn("w:id")))
        if mark.tag == qn("w:bookmarkStart"):
            name = str(mark.get(qn("w:name")))
            if name in names or name == "_GoBack":
                pending.setdefault(old, []).append(None)
                mark.getparent().remove(mark)
                continue
            names.add(name)
            new = str(counter)
            counter += 1
            pending.setdefault(old, []).append(new)
            mark.set(qn("w:id"), new)
        else:
            queue = pending.get(old)
            new_id = queue.pop(0) if queue else None
            if new_id is None:
                mark.getparent().remove(mark)
            else:
                mark.set(qn("w:id"), new_id)


__all__: list[str] = [
    "WIDE_TABLE",
    "Placeholders",
    "StepsTable",
    "available_layouts",
    "column_widths",
    "deterministic_zip",
    "find_layout",
    "finish",
    "render",
]
