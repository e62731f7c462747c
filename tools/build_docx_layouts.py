"""Build the Word layouts planctl ships: table, one-page, by-owner, timeline and scorecard.

A Word layout is an ordinary .docx file with Jinja tags in it (docxtpl syntax). planctl
fills the tags with the plans' data, then builds the action-step tables and the contents
where the layout asks for them, and sets page orientation section by section. Districts do
not need this script: they copy a shipped layout, change its letterhead, fonts, colours and
styles in Word, and pass the folder with ``--layouts``. The script exists so the shipped
files can be regenerated after a change, byte for byte:

    python tools/build_docx_layouts.py

What a layout may contain
-------------------------
* ``{{ packet.title }}`` and any other value of the packet (see ``planctl/render/view.py``);
* ``{%p ... %}`` alone in a paragraph for a block tag (``for``, ``if``): the paragraph goes,
  the tag stays; ``{{p loop(node.children) }}`` recurses into objectives below a goal;
* ``{{ node.steps|steps_table(plan.columns) }}`` alone in a paragraph: the action-step table
  goes there, with the plan template's column headings, the header row repeated on every
  page and widths fitted to the content. Its look is the Word table style "Plan Steps".
  Columns may also be named by field: ``steps_table(["due", "action", "trail", "status"])``;
* ``{{ packet|table_of_contents }}`` alone in a paragraph: a Word table of contents (a field
  Word updates, with the plans and goals already listed so it reads well as it is);
* ordinary Word tables with docxtpl's ``{%tr for ... %}`` rows (the one-page grid), and the
  HTML layouts' filters ``steps_below``, ``owners_below``, ``measures_below`` and ``holding``.

Every paragraph styled Heading 1 starts a new section on a new page; a section holding a
table of five or more columns is set in landscape.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from planctl.render.docx_timeline import TIMELINE_PARAGRAPHS

# The shipped Word layouts live with the other render layouts.
HERE = Path(__file__).resolve().parents[1] / "templates" / "docx"
W = nsdecls("w")

FONT = "Calibri"
NAVY = "1F3864"
SLATE = "2E5A88"
GREY = "595959"
RULE = "BFBFBF"
BAND = "F2F5F9"

# A paragraph of the layout: (style id, text). Text may hold **bold** segments.
Para = tuple[str, str]


# --------------------------------------------------------------------------- styles


def _style(
    doc: DocumentObject,
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    custom: bool = False,
    default: bool = False,
) -> None:
    """Define (or redefine) a style from scratch, so nothing of the default leaks in."""
    styles = doc.styles.element
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            styles.remove(old)
    parts = [f'<w:style {W} w:type="{kind}" w:styleId="{style_id}"']
    if default:
        parts.append(' w:default="1"')
    parts.append(' w:customStyle="1">' if custom else ">")
    parts.append(f'<w:name w:val="{name}"/>')
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    parts.append('<w:uiPriority w:val="9"/><w:qFormat/>')
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    parts.append("</w:style>")
    styles.append(parse_xml("".join(parts)))


def _fonts(size_half_points: int, colour: str | None = None, *, bold: bool = False) -> str:
    xml = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
    if bold:
        xml += "<w:b/><w:bCs/>"
    if colour:
        xml += f'<w:color w:val="{colour}"/>'
    return xml + f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'


def _spacing(before: int, after: int, line: int = 264) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'


def define_styles(doc: DocumentObject, *, compact: bool = False) -> None:
    """The styles a district restyles in Word: headings, details, notice, table.

    ``compact`` is for the one-page layout: smaller headings and table text.
    """
    small = 2 if compact else 0
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {W}><w:rPrDefault><w:rPr>{_fonts(22, '262626')}"
            '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f"<w:pPrDefault><w:pPr>{_spacing(0, 120)}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    # No colour on Normal: the table style's white header text must win over it.
    _style(doc, "Normal", "Normal", based_on=None, default=True, ppr=_spacing(0, 120))
    heading_keep = "<w:keepNext/><w:keepLines/>"
    _style(
        doc,
        "Heading1",
        "heading 1",
        next_style="Normal",
        ppr=heading_keep
        + _spacing(0, 120, 240)
        + f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{NAVY}"/></w:pBdr>'
        + '<w:outlineLvl w:val="0"/>',
        rpr=_fonts(36, NAVY, bold=True),
    )
    _style(
        doc,
        "Heading2",
        "heading 2",
        next_style="Normal",
        ppr=heading_keep
        + _spacing(200 if compact else 320, 60 if compact else 80, 240)
        + '<w:outlineLvl w:val="1"/>',
        rpr=_fonts(24 if compact else 28, NAVY, bold=True),
    )
    _style(
        doc,
        "Heading3",
        "heading 3",
        next_style="Normal",
        ppr=heading_keep + _spacing(160 if compact else 240, 60, 240) + '<w:outlineLvl w:val="2"/>',
        rpr=_fonts(22 if compact else 24, SLATE, bold=True),
    )
    _style(
        doc,
        "Heading4",
        "heading 4",
        next_style="Normal",
        ppr=heading_keep + _spacing(200, 40, 240) + '<w:outlineLvl w:val="3"/>',
        rpr=_fonts(22, SLATE, bold=True) + "<w:i/><w:iCs/>",
    )
    _style(
        doc,
        "Title",
        "Title",
        next_style="Normal",
        ppr=_spacing(1200, 240, 240),
        rpr=_fonts(56, NAVY, bold=True),
    )
    _style(doc, "Subtitle", "Subtitle", ppr=_spacing(0, 480), rpr=_fonts(30, SLATE))
    _style(
        doc,
        "Letterhead",
        "Letterhead",
        custom=True,
        ppr=_spacing(0, 240)
        + f'<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="6" w:color="{RULE}"/></w:pBdr>',
        rpr=_fonts(20, GREY, bold=True) + "<w:caps/>" + '<w:spacing w:val="20"/>',
    )
    _style(
        doc,
        "TOCHeading",
        "TOC Heading",
        next_style="Normal",
        ppr=heading_keep + _spacing(360, 120, 240) + '<w:outlineLvl w:val="9"/>',
        rpr=_fonts(28, NAVY, bold=True),
    )
    for level in (1, 2, 3):
        _style(
            doc,
            f"TOC{level}",
            f"toc {level}",
            next_style="Normal",
            ppr=_spacing(60 if level == 1 else 0, 40, 240)
            + f'<w:ind w:left="{(level - 1) * 360}"/>',
            rpr=_fonts(22 if level == 1 else 20, "262626", bold=level == 1),
        )
    _style(
        doc,
        "Details",
        "Plan Details",
        custom=True,
        ppr="<w:keepNext/>" + _spacing(0, 80 if compact else 100),
        rpr=_fonts(20 - small, GREY),
    )
    _style(
        doc,
        "Measure",
        "Plan Measure",
        custom=True,
        ppr="<w:keepNext/>"
        + _spacing(100 if compact else 140, 60 if compact else 80)
        + '<w:ind w:left="284" w:hanging="284"/>',
        rpr=_fonts(20 - small, "404040"),
    )
    _style(
        doc,
        "Fact",
        "Plan Fact",
        custom=True,
        ppr=_spacing(0, 60 if compact else 80) + '<w:ind w:left="284" w:hanging="284"/>',
        rpr=_fonts(20 - small, "404040"),
    )
    _style(
        doc,
        "FactItem",
        "Plan Fact Item",
        based_on="Fact",
        custom=True,
        ppr='<w:numPr><w:numId w:val="1"/></w:numPr>'
        + _spacing(0, 40)
        + '<w:ind w:left="567" w:hanging="227"/>',
    )
    _style(
        doc,
        "Figure",
        "Plan Measure Figure",
        based_on="Fact",
        custom=True,
        ppr='<w:ind w:left="284"/>',
    )
    _style(
        doc,
        "Notice",
        "Plan Notice",
        custom=True,
        ppr=_spacing(120, 240)
        + '<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="C55A11"/></w:pBdr>'
        + '<w:shd w:val="clear" w:color="auto" w:fill="FBE9DC"/>'
        + '<w:ind w:left="170" w:right="170"/>',
        rpr=_fonts(21, "7A3006", bold=True),
    )
    _style(
        doc,
        "Vision",
        "Plan Vision",
        custom=True,
        ppr=_spacing(120, 200, 276)
        + f'<w:pBdr><w:left w:val="single" w:sz="36" w:space="10" w:color="{SLATE}"/></w:pBdr>'
        + f'<w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/>'
        + '<w:ind w:left="227" w:right="227"/>',
        rpr=_fonts(24, NAVY),
    )
    _style(
        doc,
        "GridLabel",
        "Plan Grid Label",
        based_on="TableText",
        custom=True,
        rpr=_fonts(16, SLATE, bold=True) + "<w:caps/>",
    )
    _style(
        doc,
        "GridGoal",
        "Plan Grid Goal",
        based_on="TableText",
        custom=True,
        rpr=_fonts(18 - small // 2, NAVY, bold=True),
    )
    _style(
        doc,
        "GridVision",
        "Plan Grid Vision",
        based_on="TableText",
        custom=True,
        rpr=_fonts(18 - small // 2, SLATE) + "<w:i/><w:iCs/>",
    )
    _style(
        doc,
        "GridNote",
        "Plan Grid Note",
        based_on="TableText",
        custom=True,
        rpr=_fonts(17 - small // 2, GREY),
    )
    _style(
        doc,
        "GridBullet",
        "Plan Grid Bullet",
        based_on="TableText",
        custom=True,
        ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="227" w:hanging="170"/>',
    )
    _style(
        doc,
        "Legend",
        "Plan Legend",
        custom=True,
        ppr="<w:keepNext/>" + _spacing(200, 40),
        rpr=_fonts(18, GREY, bold=True),
    )
    _style(
        doc,
        "LegendItem",
        "Plan Legend Item",
        custom=True,
        ppr='<w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:left="284" w:hanging="170"/>'
        + _spacing(0, 20),
        rpr=_fonts(18, GREY),
    )
    _style(doc, "Sources", "Plan Sources", custom=True, ppr=_spacing(0, 40), rpr=_fonts(18, GREY))
    _style(
        doc,
        "ListBullet",
        "List Bullet",
        ppr='<w:numPr><w:numId w:val="1"/></w:numPr>' + _spacing(0, 60),
    )
    _style(
        doc,
        "TableText",
        "Plan Table Text",
        custom=True,
        ppr=_spacing(20, 20, 240),
        rpr=_fonts(18 - small // 2),
    )
    _style(
        doc,
        "LeftOut",
        "Plan Left Out",
        based_on="Details",
        custom=True,
        ppr=_spacing(160, 120),
        rpr="<w:i/><w:iCs/>",
    )
    _style(
        doc,
        "RowDetails",
        "Plan Row Details",
        based_on="TableText",
        custom=True,
        ppr=_spacing(10, 30, 240),
        rpr=_fonts(17 - small // 2, "333333"),
    )
    _style(
        doc,
        "Footer",
        "footer",
        ppr='<w:jc w:val="center"/>' + _spacing(0, 0, 240),
        rpr=_fonts(16, GREY),
    )
    _style(doc, "Header", "header", ppr=_spacing(0, 0, 240), rpr=_fonts(16, GREY))
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    _style(
        doc,
        "PlanSteps",
        "Plan Steps",
        kind="table",
        based_on="TableNormal",
        custom=True,
        ppr=_spacing(20, 20, 240),
        rpr=_fonts(18 - small // 2),
        extra=(
            '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblInd w:w="0" w:type="dxa"/>'
            f"<w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/>"
            f"<w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders>"
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/>'
            "</w:rPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr>'
            "</w:tblStylePr>"
            '<w:tblStylePr w:type="band2Horz">'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr>'
            "</w:tblStylePr>"
        ),
    )


def _names(text: str) -> list[str]:
    return text.split()


# Word reads properties in the schema's order only (ECMA-376 CT_PPr, CT_RPr): the styles are
# written in any order above and sorted here.
PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers"
    " pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE"
    " autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents"
    " suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
    " rPr sectPr pPrChange"
)
RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint"
    " noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u"
    " effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)


def schema_order(doc: DocumentObject) -> None:
    """Sort the children of every paragraph and run property list of the styles."""
    for tag, order in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER)):
        rank = {qn(f"w:{name}"): index for index, name in enumerate(order)}
        for properties in doc.styles.element.iter(qn(tag)):
            children = sorted(properties, key=lambda child: rank.get(child.tag, len(rank)))
            for child in children:
                properties.append(child)


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Table:
    """A table of the layout itself (the one-page grid): widths in twips, then rows of cells,
    each cell a list of paragraphs. The first row is the header, repeated on every page."""

    widths: tuple[int, ...]
    rows: tuple[tuple[tuple[Para, ...], ...], ...]
    caption: str = ""
    """The table's title for screen readers (Word: Table Properties › Alt Text)."""
    description: str = ""
    whole_rows: bool = False
    """Every row kept on one page (short rows such as the scorecard's), not only the header."""


Item = Para | Table


def _run(text: str, *, bold: bool = False, page_break: bool = False) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if page_break:
        return '<w:r><w:br w:type="page"/></w:r>'
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escaped}</w:t></w:r>'


def _paragraph_xml(style: str, text: str) -> str:
    """A paragraph; ``**bold**`` segments are bold runs, ``[page break]`` is a page break."""
    runs = []
    if text == PAGE_BREAK:
        runs.append(_run("", page_break=True))
    else:
        for index, piece in enumerate(text.split("**")):
            if piece:
                runs.append(_run(piece, bold=index % 2 == 1))
    return f'<w:p {W}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'


def _table_xml(table: Table) -> str:
    look = (
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
    )
    parts = [
        f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="PlanSteps"/>'
        f'<w:tblW w:w="{sum(table.widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f"{look}{_alt_text(table)}</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in table.widths),
        "</w:tblGrid>",
    ]
    for number, row in enumerate(table.rows):
        # The header row repeats on every page; a goal's row may break across pages.
        header = "<w:cantSplit/><w:tblHeader/>" if number == 0 else ""
        if number and table.whole_rows:
            header = "<w:cantSplit/>"
        parts.append(f"<w:tr><w:trPr>{header}</w:trPr>")
        for width, cell in zip(table.widths, row, strict=True):
            paragraphs = "".join(_paragraph_xml(style, text) for style, text in cell)
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f"{paragraphs or '<w:p/>'}</w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _alt_text(table: Table) -> str:
    """A table's title and description, as Word's Alt Text for tables writes them."""
    found = ""
    for tag, text in (("tblCaption", table.caption), ("tblDescription", table.description)):
        if text:
            escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            found += f'<w:{tag} w:val="{escaped}"/>'
    return found


def write_body(doc: DocumentObject, items: Iterable[Item]) -> None:
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    for item in items:
        xml = _table_xml(item) if isinstance(item, Table) else _paragraph_xml(*item)
        element = parse_xml(xml)
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)


def page_setup(doc: DocumentObject, *, compact: bool = False, landscape: bool = False) -> None:
    """US Letter, ¾-inch margins; ``compact`` (one page): landscape, 0.6-inch margins;
    ``landscape`` (the timeline): landscape, ¾-inch margins.

    planctl sets the paper the user asks for and turns sections with wide tables to landscape.
    """
    section = doc.sections[0]
    wide = compact or landscape
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Twips(15840 if wide else 12240)
    section.page_height = Twips(12240 if wide else 15840)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(864 if compact else 1080))
    section.header_distance = Twips(576)
    section.footer_distance = Twips(576)
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    footer = section.footer
    footer.paragraphs[0]._p.getparent().remove(footer.paragraphs[0]._p)
    footer_xml = [
        _paragraph_xml("Footer", FOOTER_SOURCE),
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        + _run("{{ packet.title }} · page ")
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        + _run(" of ")
        + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        + "</w:p>",
    ]
    for xml in footer_xml:
        footer._element.append(parse_xml(xml))


PAGE_BREAK = "[page break]"

FOOTER_SOURCE = (
    "{% if packet.sources|length == 1 %}{% for source in packet.sources %}"
    "Source: {{ source.path }}{% if source.commit %} at commit {{ source.commit }}"
    "{% else %}, not in a git repository{% endif %}"
    "{% if source.state %} ({{ source.state }}){% endif %}{% endfor %}"
    "{% else %}{{ packet.sources|length }} plan files (sources listed on the cover){% endif %}"
    " · planctl {{ packet.version }}{% if packet.date %} · {{ packet.date }}{% endif %}"
)

# --------------------------------------------------------------------------- layouts

NOTICE: list[Para] = [
    ("Normal", "{%p if packet.problems %}"),
    (
        "Notice",
        "Note: the plans in this packet have {{ packet.problems }} validation problem"
        '{{ "s" if packet.problems != 1 else "" }}; run planctl validate on the source'
        " files to see them.",
    ),
    ("Normal", "{%p endif %}"),
]

COVER: list[Para] = [
    ("Letterhead", "{{ packet.organization }}"),
    *NOTICE,
    ("Title", "{{ packet.title }}"),
    (
        "Subtitle",
        "{% if packet.plans|length == 1 %}{% for plan in packet.plans %}"
        '{{ [plan.period, plan.status ~ (" on " ~ plan.adopted if plan.adopted else "")]'
        '|select|join(" · ") }}'
        "{% endfor %}{% else %}{{ packet.plans|length }} plans{% endif %}",
    ),
    ("Details", "{{ packet.date }}"),
    ("TOCHeading", "Contents"),
    ("Normal", "{{ packet|table_of_contents }}"),
    ("TOCHeading", "Sources"),
    ("Normal", "{%p for source in packet.sources %}"),
    (
        "Sources",
        "{{ source.path }}{% if source.commit %}, commit {{ source.commit }}"
        "{% else %}, not in a git repository{% endif %}"
        "{% if source.state %} ({{ source.state }}){% endif %}",
    ),
    ("Normal", "{%p endfor %}"),
    ("Sources", "Rendered by planctl {{ packet.version }}."),
]

PLAN_HEAD: list[Para] = [
    # Progress is shown only for plans that record the status of their steps.
    ("Normal", '{%p set tracked = plan.steps|selectattr("status_key")|first is defined %}'),
    ("Heading1", "{{ plan.title }}"),
    (
        "Details",
        '{{ [plan.organization, plan.period, plan.status ~ (" on " ~ plan.adopted'
        ' if plan.adopted else ""), plan.template.title if plan.template.title != plan.title'
        ' else ""]|select|join(" · ") }}',
    ),
    ("Normal", "{%p if plan.problems %}"),
    (
        "Notice",
        "{{ plan.problems }} validation problem"
        '{{ "s" if plan.problems != 1 else "" }} in this plan; run'
        " planctl validate {{ plan.source }} to see them.",
    ),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if plan.description %}"),
    ("Normal", "{{ plan.description }}"),
    ("Normal", "{%p endif %}"),
]

TOTALS: Para = (
    "Details",
    "{{ plan.totals.steps }} {{ plan.levels[-1].plural|lower }}"
    "{% if tracked and plan.totals.completion %}, {{ plan.totals.done }} done"
    " ({{ plan.totals.completion }}){% endif %}"
    "{% if plan.totals.cost_text %} · total cost {{ plan.totals.cost_text }}{% endif %}",
)

SECTIONS: list[Para] = [
    ("Normal", "{%p for section in plan.sections %}"),
    ("Heading2", "{{ section.heading }}"),
    ("Normal", "{%p if section.text %}"),
    ("Normal", "{{ section.text }}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p for item in section.entries %}"),
    ("ListBullet", "{{ item }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endfor %}"),
]

NODE_DETAILS: Para = (
    "Details",
    '{{ [("Responsible: " ~ node.owners) if node.owners else "",'
    ' ("Status: " ~ node.status) if node.status else "",'
    ' (node.done ~ " of " ~ node.step_count ~ " " ~ plan.levels[-1].plural|lower ~ " done ("'
    ' ~ node.completion ~ ")")'
    ' if tracked and node.completion else "",'
    ' ("Cost " ~ node.cost_text) if node.cost_text else ""]|select|join(" · ") }}',
)

NODE_TITLE = '{{ node.label }}{{ ": " ~ node.title if node.title else "" }}'


def labelled(entry: str, label: str, text: str) -> list[Para]:
    """A labelled value: one line, or the label and a bullet an item when there are several.

    ``entry`` names the Jinja variable; ``label`` and ``text`` are its keys for the label and
    the single value (its list is always ``items``, read with brackets since a dict's
    ``items`` is also a method).
    """
    items = f"{entry}['items']"
    return [
        ("Normal", f"{{%p if {items}|length > 1 %}}"),
        ("Fact", f"**{{{{ {entry}.{label} }}}}:**"),
        ("Normal", f"{{%p for item in {items} %}}"),
        ("FactItem", "{{ item }}"),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p else %}"),
        (
            "Fact",
            f"**{{{{ {entry}.{label} }}}}:** {{{{ {items}[0] if {items} else {entry}.{text} }}}}",
        ),
        ("Normal", "{%p endif %}"),
    ]


NODE_MORE: list[Para] = [
    # The district's own fields, then every other value of the goal, then its measures in
    # full: nothing written about a goal or objective is left out of the packet.
    ("Normal", "{%p for field in node.custom %}"),
    *labelled("field", "heading", "text"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p for entry in node.details %}"),
    *labelled("entry", "label", "text"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p for measure in node.measure_details %}"),
    (
        "Measure",
        "**{{ node.measure_label }}:** {{ measure.head }}"
        "{{ ' (' ~ measure.summary ~ ')' if measure.summary else '' }}"
        "{{ ' — ' if measure.standing_word else '' }}**{{ measure.standing_word }}**"
        "{{ ' as of ' ~ measure.standing_as_of if measure.standing_as_of else '' }}",
    ),
    ("Normal", "{%p if measure.figures|length > 1 %}"),
    ("Normal", "{{ measure|figures_table }}"),
    ("Normal", "{%p elif measure.figures %}"),
    ("Normal", "{%p set figure = measure.figures[0] %}"),
    (
        "Figure",
        "{{ figure.kind }}: {{ figure.value }}{{ ' ' ~ figure.when if figure.when else '' }}"
        "{{ ': ' ~ figure.note if figure.note else '' }}",
    ),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p endfor %}"),
]

PEOPLE: list[Para] = [
    # The plan's roster and the checks it sets aside, as the narrative's last sections.
    ("Normal", "{%p if plan.people %}"),
    ("Heading2", "People responsible"),
    ("Normal", "{%p for person in plan.people %}"),
    (
        "Normal",
        "{%p set about = [person.role, 'team' if person.team else '', person.email,"
        " ('also written ' ~ person.aliases|join(', ')) if person.aliases else '']"
        "|select|list %}",
    ),
    ("ListBullet", "**{{ person.name }}**{{ ': ' ~ about|join('; ') if about else '' }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
    ("Normal", "{%p if plan.set_aside %}"),
    ("Fact", "**Checks set aside for the whole plan:**"),
    ("Normal", "{%p for item in plan.set_aside %}"),
    ("FactItem", "{{ item }}"),
    ("Normal", "{%p endfor %}"),
    ("Normal", "{%p endif %}"),
]

LEFT_OUT: Para = (
    "LeftOut",
    "Some details are left out of this layout: resources, the update log, notes and measure"
    " figures are in the full packet (planctl render --layout table).",
)
"""What a compact layout says on its page, since it does not show every value."""


def table_layout() -> list[Item]:
    """Every plan in full: its narrative sections, then each goal, objective or strategy
    (at any depth) as a heading with its details and its table of action steps."""
    return [
        *COVER,
        ("Normal", "{%p for plan in packet.plans %}"),
        *PLAN_HEAD,
        TOTALS,
        *SECTIONS,
        *PEOPLE,
        ("Normal", "{%p for node in plan.goals recursive %}"),
        ("Normal", "{%p if node.depth == 1 %}"),
        ("Heading2", NODE_TITLE),
        ("Normal", "{%p elif node.depth == 2 %}"),
        ("Heading3", NODE_TITLE),
        ("Normal", "{%p else %}"),
        ("Heading4", NODE_TITLE),
        ("Normal", "{%p endif %}"),
        NODE_DETAILS,
        ("Normal", "{%p if node.description %}"),
        ("Normal", "{{ node.description }}"),
        ("Normal", "{%p endif %}"),
        *NODE_MORE,
        ("Normal", "{%p if node.steps %}"),
        ("Normal", "{{ node.steps|steps_table(plan.columns) }}"),
        ("Normal", "{%p elif not node.children %}"),
        ("Details", "No {{ plan.levels[-1].plural|lower }} yet."),
        ("Normal", "{%p endif %}"),
        ("Normal", "{{p loop(node.children) }}"),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p endfor %}"),
    ]


def _grid(*, with_vision: bool) -> Table:
    """The plan-on-a-page grid: one row per goal ([Vision |] Goals | Key Players | Action
    Items | Metrics), the width of a landscape page (9.8 inches)."""
    vision: tuple[Para, ...] = (
        ("TableText", "{%p for field in goal.custom if field.key == 'vision' %}"),
        ("GridVision", "{{ field.text }}"),
        ("TableText", "{%p else %}"),
        ("TableText", ""),
        ("TableText", "{%p endfor %}"),
    )
    goal_cell: tuple[Para, ...] = (
        ("GridLabel", "{{ goal.label }}"),
        ("GridGoal", "{{ goal.title or '(no title)' }}"),
        ("TableText", "{%p for child in goal.children %}"),
        ("GridNote", "{{ child.label }}{{ ': ' ~ child.title if child.title else '' }}"),
        ("TableText", "{%p endfor %}"),
    )
    players: tuple[Para, ...] = (
        ("TableText", "{{ goal.owners or goal|owners_below|join(', ') }}"),
    )
    actions: tuple[Para, ...] = (
        ("TableText", "{%p for step in goal|steps_below %}"),
        (
            "GridBullet",
            "{{ step.fields.action }}"
            "{{ ' (' ~ step.fields.status ~ ')' if step.fields.status else '' }}",
        ),
        ("TableText", "{%p else %}"),
        ("GridNote", "None yet"),
        ("TableText", "{%p endfor %}"),
    )
    metrics: tuple[Para, ...] = (
        ("TableText", "{%p set measures = goal|measures_below %}"),
        ("TableText", "{%p if measures|length == 1 %}"),
        ("TableText", "{{ measures[0] }}"),
        ("TableText", "{%p else %}"),
        ("TableText", "{%p for measure in measures %}"),
        ("GridBullet", "{{ measure }}"),
        ("TableText", "{%p else %}"),
        ("TableText", ""),
        ("TableText", "{%p endfor %}"),
        ("TableText", "{%p endif %}"),
    )
    header: list[tuple[Para, ...]] = [
        (("TableText", "{{ plan.levels[0].plural }}"),),
        (("TableText", "Key Players"),),
        (("TableText", "Action Items"),),
        (("TableText", "Metrics"),),
    ]
    cells = [goal_cell, players, actions, metrics]
    widths = [3300, 1700, 5712, 3400]
    if with_vision:
        header.insert(0, (("TableText", "Vision"),))
        cells.insert(0, vision)
        widths = [2300, 2900, 1600, 4312, 3000]
    empty: tuple[tuple[Para, ...], ...] = ((),) * (len(widths) - 1)
    return Table(
        caption="The plan on a page",
        description=(
            "One row per goal: "
            + ("its vision, " if with_vision else "")
            + "the goal, its key players, action items and metrics."
        ),
        widths=tuple(widths),
        rows=(
            tuple(header),
            ((("TableText", "{%tr for goal in plan.goals %}"),), *empty),
            tuple(cells),
            ((("TableText", "{%tr endfor %}"),), *empty),
        ),
    )


def one_page_layout() -> list[Item]:
    """Plan on a page: the vision, then one row per goal with its key players, action items
    and metrics (the "plan on a page" model), each plan on a landscape page."""
    return [
        # A cover only for several plans; a single plan's page carries the notice itself.
        ("Normal", "{%p if packet.plans|length > 1 %}"),
        *COVER,
        ("Normal", "{%p endif %}"),
        ("Normal", "{%p for plan in packet.plans %}"),
        *PLAN_HEAD,
        ("Normal", "{%p for section in plan.sections if section.key == 'vision' %}"),
        ("Vision", "**{{ section.heading }}:** {{ section.text }}"),
        ("Normal", "{%p for item in section.entries %}"),
        ("ListBullet", "{{ item }}"),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p endfor %}"),
        # Goals that carry a vision of their own get the model's Vision column.
        (
            "Normal",
            "{%p set with_vision = plan.goals|map(attribute='custom')|sum(start=[])"
            "|selectattr('key', 'equalto', 'vision')|first is defined %}",
        ),
        ("Normal", "{%p if not plan.goals %}"),
        ("Details", "No {{ plan.levels[0].plural|lower }} yet."),
        ("Normal", "{%p elif with_vision %}"),
        _grid(with_vision=True),
        ("Normal", "{%p else %}"),
        _grid(with_vision=False),
        ("Normal", "{%p endif %}"),
        LEFT_OUT,
        ("Normal", "{%p endfor %}"),
    ]


def by_owner_layout() -> list[Item]:
    """A handout per person or team responsible: their action steps across the plan,
    soonest due first, each handout on a new page."""
    date = COVER.index(("Details", "{{ packet.date }}"))
    return [
        *COVER[:date],
        (
            "Details",
            "Action steps by person responsible{{ ' · ' ~ packet.date if packet.date else '' }}",
        ),
        *COVER[date + 1 :],
        ("Normal", "{%p for plan in packet.plans %}"),
        *PLAN_HEAD,
        TOTALS,
        ("Normal", "{%p for owner in plan.owners %}"),
        ("Normal", "{%p if not loop.first %}"),
        ("Normal", PAGE_BREAK),
        ("Normal", "{%p endif %}"),
        ("Heading2", "{{ owner.name }}"),
        (
            "Details",
            '{{ [owner.role, owner.steps|length ~ " " ~ (plan.levels[-1].label|lower'
            " if owner.steps|length == 1 else plan.levels[-1].plural|lower)"
            ' ~ ", soonest due first"]|select|join(" · ") }}',
        ),
        (
            "Normal",
            "{{ owner.steps|steps_table(['due', 'action', 'trail', 'outcome', 'status'],"
            " details=False) }}",
        ),
        ("Normal", "{%p set goals = plan.goals|holding(owner.steps) %}"),
        ("Normal", "{%p if goals %}"),
        ("Legend", "{{ plan.levels[0].plural }} in this handout"),
        ("Normal", "{%p for goal in goals %}"),
        ("LegendItem", "{{ goal.label }}{{ ': ' ~ goal.title if goal.title else '' }}"),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p endif %}"),
        LEFT_OUT,
        ("Normal", "{%p else %}"),
        ("Details", "No {{ plan.levels[-1].plural|lower }} yet."),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p endfor %}"),
    ]


def timeline_layout() -> list[Item]:
    """Each plan's action steps month by month: a key, then a table with a row per step
    (under its goal and objective) shaded from its start to its due date, then the steps
    that are not on the timeline. The table is built by the timeline_table filter."""
    return [
        # A cover only for several plans; a single plan's page carries the notice itself.
        ("Normal", "{%p if packet.plans|length > 1 %}"),
        *COVER,
        ("Normal", "{%p endif %}"),
        ("Normal", "{%p for plan in packet.plans %}"),
        *PLAN_HEAD,
        *TIMELINE_PARAGRAPHS,
        LEFT_OUT,
        ("Normal", "{%p endfor %}"),
    ]


def _score_table() -> Table:
    """The scorecard of one goal: a row per measure (Measure | Baseline | Latest | Next target |
    Standing), the width of a landscape page with ¾-inch margins (9.5 inches); no row breaks
    across pages."""
    measure: tuple[Para, ...] = (
        ("GridGoal", "{{ row.name }}"),
        (
            "GridNote",
            "{{ row.for_label if row.for_label == group.label else row.for }}"
            "{{ ' · ' ~ row.better if row.better else '' }}",
        ),
    )
    cells: list[tuple[Para, ...]] = [
        measure,
        (("TableText", "{{ row.baseline or '—' }}"),),
        (("TableText", "{{ row.latest or '—' }}"),),
        (("TableText", "{{ row.next_target or '—' }}{{ ' (due)' if row.target_due else '' }}"),),
        (("TableText", "{{ row.standing_word or 'Not judged' }}"),),
    ]
    widths = (5480, 2000, 2000, 2200, 2000)
    header = tuple(
        (("TableText", heading),)
        for heading in ("Measure", "Baseline", "Latest", "Next target", "Standing")
    )
    empty: tuple[tuple[Para, ...], ...] = ((),) * (len(widths) - 1)
    return Table(
        caption="Scorecard of a goal's measures",
        description=(
            "One row per measure: its baseline, latest figure, next target and standing as of"
            " the packet's date."
        ),
        widths=widths,
        rows=(
            header,
            ((("TableText", "{%tr for row in group.rows %}"),), *empty),
            tuple(cells),
            ((("TableText", "{%tr endfor %}"),), *empty),
        ),
        whole_rows=True,
    )


def scorecard_layout() -> list[Item]:
    """Every measure of each plan with where it stands on the packet's date: a table a goal.

    Word gets no charts: the HTML and PDF scorecards draw them.
    """
    date = COVER.index(("Details", "{{ packet.date }}"))
    return [
        ("Normal", "{%p if packet.plans|length > 1 %}"),
        *COVER[:date],
        ("Details", "Scorecard{{ ' · ' ~ packet.date if packet.date else '' }}"),
        *COVER[date + 1 :],
        ("Normal", "{%p endif %}"),
        ("Normal", "{%p for plan in packet.plans %}"),
        *PLAN_HEAD,
        ("Normal", "{%p set card = plan.scorecard %}"),
        ("Normal", "{%p if card.measures %}"),
        (
            "Details",
            "Scorecard as of {{ card.as_of }}: {{ card.measures }} measure"
            "{{ '' if card.measures == 1 else 's' }}"
            "{% for item in card.standing if item.count %}, {{ item.count }}"
            " {{ item.word|lower }}{% endfor %}"
            "{% if card.not_judged %}, {{ card.not_judged }} not judged (no target, nothing"
            " measured by then, or not a number){% endif %}.",
        ),
        ("Normal", "{%p for group in card.groups %}"),
        ("Heading2", "{{ group.label }}{{ ': ' ~ group.title if group.title else '' }}"),
        _score_table(),
        ("Normal", "{%p endfor %}"),
        ("Normal", "{%p else %}"),
        ("Details", "No measures in this plan yet."),
        ("Normal", "{%p endif %}"),
        LEFT_OUT,
        ("Normal", "{%p endfor %}"),
    ]


# --------------------------------------------------------------------------- files

FIXED_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)


def tidy_package(doc: DocumentObject, title: str) -> None:
    """Drop the template's leftovers and fix what changes between builds."""
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            doc.part.package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            doc.part.rels.pop(rel_id)
    settings = doc.settings.element
    for name in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(name)):
            settings.remove(element)
    for compat in settings.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")
    properties = doc.core_properties
    properties.title = title
    properties.subject = "planctl Word layout"
    properties.author = "planctl"
    properties.comments = ""
    properties.last_modified_by = "planctl"
    properties.revision = 1
    properties.created = FIXED_TIME
    properties.modified = FIXED_TIME


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates, so a rebuild changes no byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build(
    name: str, title: str, paragraphs: Sequence[Item], *, compact: bool = False, folder: Path = HERE
) -> Path:
    doc = Document()
    define_styles(doc, compact=compact)
    schema_order(doc)
    page_setup(doc, compact=compact, landscape=name in LANDSCAPE)
    write_body(doc, paragraphs)
    tidy_package(doc, title)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = folder / f"{name}.docx"
    path.write_bytes(deterministic_zip(buffer.getvalue()))
    return path


LAYOUTS = {
    "table": ("planctl layout: plans in full, one table of action steps per goal", table_layout),
    "one-page": ("planctl layout: each plan on a page", one_page_layout),
    "by-owner": ("planctl layout: action steps by the person responsible", by_owner_layout),
    "timeline": ("planctl layout: action steps by month", timeline_layout),
    "scorecard": ("planctl layout: every measure and where it stands", scorecard_layout),
}
LANDSCAPE = {"timeline", "scorecard"}
"""Layouts set in landscape (besides the compact one-page layout)."""


def main() -> None:
    for name, (title, paragraphs) in LAYOUTS.items():
        print(build(name, title, paragraphs(), compact=name == "one-page"))


if __name__ == "__main__":
    main()
