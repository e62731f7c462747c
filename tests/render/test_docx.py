"""Word packets, opened again with python-docx (and converted by LibreOffice where installed)."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from planctl import __version__
from planctl.render import LAYOUTS, RenderOptions, render_packet
from planctl.render import docx as word
from planctl.render.environment import LayoutError
from planctl.render.view import packet_view
from planctl.validate import check_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))
BOSTON = next(path for path in EXAMPLES if path.name.startswith("boston"))
DEMO = next(path for path in EXAMPLES if path.name.startswith("district"))
GUIDE = next(path for path in EXAMPLES if path.name.startswith("guide-plan-on-a-page"))
LOWER_MERION = next(path for path in EXAMPLES if path.name.startswith("lmsd-action"))
SHIPPED = ROOT / "templates" / "docx"
BOSTON_HEADINGS = [
    "Key Action Steps",
    "Timeline",
    "Expected Outcome",
    "Data Source, Baseline & Target",
    "Person/Area Responsible",
    "Comments",
]

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6 + "x" * 30  # 300 characters
HOSTILE_CELLS = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% if %}",
    "Tom & Jerry &amp; friends",
    "a | b",
    LONG_WORD,
    "first line\nsecond line",
]
HOSTILE_TITLE = "Hostile <b>plan</b> & {{ 7*7 }} | {% raw %}"
HOSTILE_PLAN = f"""\
planctl: 1
template: default
title: "Hostile <b>plan</b> & {{{{ 7*7 }}}} | {{% raw %}}"
organization: "Riverbend <script>alert(2)</script>"
period: {{start: 2024-07, end: 2025-06}}
goals:
  - id: G1
    title: "Pipes | and <i>tags</i> {{% if x %}} &"
    steps:
      - action: "<script>alert(1)</script>"
        due: 2024-09
        outcome: "{{{{ 7*7 }}}}"
        measure: "{{% if %}}"
        owners: ["Tom & Jerry &amp; friends"]
      - action: "a | b"
        due: 2024-10
        outcome: {LONG_WORD}
        measure: |
          first line
          second line
        owners: [Pat Lee]
"""


def render(
    path: Path, layout: str = "table", layouts_dir: Path | None = None, **options: Any
) -> bytes:
    return render_packet(
        [(path, path.name)],
        RenderOptions(to="docx", layout=layout, layouts_dir=layouts_dir, **options),
    )


@cache
def rendered(path: Path, layout: str) -> bytes:
    """Each example in each layout, rendered once for all the tests that read it."""
    return render(path, layout, date="2024-06-18")


def open_docx(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def view(path: Path) -> dict[str, Any]:
    checked = check_file(path, path.name)
    assert checked.doc is not None
    return packet_view(
        [(checked.doc, len(checked.report.problems))],
        sources=[{"path": path.name, "commit": "", "state": ""}],
        version=__version__,
        date=None,
        paper="letter",
    )


def headings(document: DocumentObject) -> list[tuple[str, str]]:
    """(style name, text) of every heading paragraph, in order."""
    return [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style is not None and paragraph.style.name.startswith("Heading")
    ]


def style_name(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def header_repeats(table: Table) -> bool:
    properties = table.rows[0]._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def row_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def spans_the_table(row: Any) -> bool:
    """Whether a row is one cell spanning every column (the details under a step)."""
    columns = len(row._tr.getparent().findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    cells = row._tr.findall(qn("w:tc"))
    span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") if len(cells) == 1 else None
    return columns > 1 and span is not None and int(span.get(qn("w:val"))) == columns


def step_rows(table: Table) -> list[Any]:
    """The rows of a step table that hold steps (not its header, not the details under them)."""
    return [row for row in table.rows[1:] if not spans_the_table(row)]


def steps_tables(document: DocumentObject, headings: list[str]) -> list[Table]:
    """The action-step tables: those headed by the plan's columns (not measures' figures)."""
    return [table for table in document.tables if row_texts(table)[0] == headings]


def sections(document: DocumentObject) -> list[tuple[Any, list[int]]]:
    """Each section's page orientation and the column counts of the tables in it."""
    found: list[tuple[Any, list[int]]] = []
    columns: list[int] = []
    body = document.element.body
    for child in body:
        if child.tag == qn("w:tbl"):
            columns.append(len(child.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")))
        properties = (
            child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if child.tag == qn("w:p") else None
        )
        if child.tag == qn("w:sectPr"):
            properties = child
        if properties is not None:
            size = properties.find(qn("w:pgSz"))
            wide = int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            landscape = size.get(qn("w:orient")) == "landscape"
            assert wide == landscape, "orientation and page size disagree"
            found.append((WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT, columns))
            columns = []
    return found


def all_text(document: DocumentObject) -> str:
    return "".join(document.element.body.itertext())


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.plan.yaml"
    path.write_text(HOSTILE_PLAN, encoding="utf-8")
    return path


def district_layout(folder: Path, name: str = "table", edit: Any = None) -> Path:
    """A copy of a shipped layout in ``folder/docx/``, edited with python-docx."""
    target = folder / "docx"
    target.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(SHIPPED / f"{name}.docx"))
    if edit is not None:
        edit(document)
    document.save(str(target / f"{name}.docx"))
    return folder


def add_paragraph_first(document: DocumentObject, text: str) -> None:
    document.paragraphs[0].insert_paragraph_before(text)


# -- the examples ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_renders_in_every_layout(example: Path, layout: str) -> None:
    document = open_docx(rendered(example, layout))
    plan = view(example)["plans"][0]
    found = headings(document)
    assert found[0] == ("Heading 1", plan["title"])
    assert [style for style, _ in found].count("Heading 1") == 1
    text = all_text(document)
    assert "[[planctl:" not in text
    assert "{{" not in text and "{%" not in text  # every tag of the layout was filled
    for table in document.tables:
        assert header_repeats(table)
    for orientation, columns in sections(document):
        if any(count >= word.WIDE_TABLE for count in columns):
            assert orientation == WD_ORIENT.LANDSCAPE
    if layout == "table":
        goals = [
            f"{goal['label']}: {goal['title']}" if goal["title"] else goal["label"]
            for goal in plan["goals"]
        ]
        level_2 = [title for style, title in found if style == "Heading 2"]
        assert level_2[len(level_2) - len(goals) :] == goals
        headings_row = [column["heading"] for column in plan["columns"]]
        tables = steps_tables(document, headings_row)
        assert sum(len(step_rows(table)) for table in tables) == len(plan["steps"])
        more = [step for step in plan["steps"] if step["details"] or step["measure_details"]]
        under = [row for table in tables for row in table.rows if spans_the_table(row)]
        assert len(under) == len(more)
        # Every other table is a measure's figures: Figure | Value | Date [| Note].
        ours = {table._tbl for table in tables}
        for table in document.tables:
            if table._tbl not in ours:
                assert row_texts(table)[0][:3] == ["Figure", "Value", "Date"]
    if layout == "by-owner":
        owners = [title for style, title in found if style == "Heading 2"]
        assert owners == [owner["name"] for owner in plan["owners"]]
    if layout == "one-page" and plan["goals"]:
        [grid] = document.tables
        assert len(grid.rows) == len(plan["goals"]) + 1


def test_boston_tables_have_the_templates_headings_and_every_step() -> None:
    document = open_docx(rendered(BOSTON, "table"))
    tables = document.tables
    assert len(tables) == 3  # Goal G4 has no steps
    for table in tables:
        assert [cell.text for cell in table.rows[0].cells] == BOSTON_HEADINGS
        assert header_repeats(table)
        assert all(not header_repeats_row for header_repeats_row in _data_rows_repeat(table))
    assert [len(step_rows(table)) for table in tables] == [5, 3, 3]
    assert row_texts(tables[0])[1][:2] == ["Standardize job descriptions", "May/2013"]
    assert ("Heading 2", "Goal G4") in headings(document)
    assert "No key action steps yet." in [paragraph.text for paragraph in document.paragraphs]


def _data_rows_repeat(table: Table) -> list[bool]:
    return [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]
    ]


def test_boston_plan_section_is_landscape_and_the_cover_portrait() -> None:
    found = sections(open_docx(rendered(BOSTON, "table")))
    assert found == [(WD_ORIENT.PORTRAIT, []), (WD_ORIENT.LANDSCAPE, [6, 6, 6])]


def test_goals_and_objectives_are_headings_2_and_3() -> None:
    document = open_docx(rendered(DEMO, "table"))
    found = headings(document)
    assert (
        "Heading 2",
        "Goal G1: Every teacher learns with colleagues in a strong professional learning community",
    ) in found
    assert (
        "Heading 3",
        "Objective G1.O1: Protect weekly collaboration time for PLCs in every school",
    ) in found
    assert ("Heading 2", "Vision") in found
    # A goal comes before its objectives, an objective before the next goal.
    styles = [style for style, _ in found]
    assert styles.index("Heading 3") > styles.index("Heading 2")


def test_lower_merion_tables_have_its_seven_columns() -> None:
    document = open_docx(rendered(LOWER_MERION, "table"))
    expected = [column["heading"] for column in view(LOWER_MERION)["plans"][0]["columns"]]
    assert len(expected) == 7
    assert document.tables
    for table in document.tables:
        assert [cell.text for cell in table.rows[0].cells] == expected


def test_progress_and_cost_are_shown_per_goal_and_plan() -> None:
    texts = [paragraph.text for paragraph in open_docx(rendered(DEMO, "table")).paragraphs]
    assert "17 action steps, 7 done (44%) · total cost $400,100" in texts
    assert any("4 of 6 action steps done (67%)" in t and "Cost $18,500" in t for t in texts)


def test_plans_without_statuses_show_no_progress() -> None:
    texts = [paragraph.text for paragraph in open_docx(rendered(BOSTON, "table")).paragraphs]
    assert not any("steps done" in text for text in texts)


def test_column_widths_fit_the_page_and_favour_sentences() -> None:
    document = open_docx(rendered(BOSTON, "table"))
    for table in document.tables:
        grid = table._tbl.find(qn("w:tblGrid"))
        widths = [int(column.get(qn("w:w"))) for column in grid.findall(qn("w:gridCol"))]
        assert sum(widths) == 15840 - 2 * 1080  # landscape letter, 0.75-inch margins
        action, timeline, outcome, measure, _owners, comments = widths
        assert action > timeline and outcome > timeline and measure > timeline
        assert comments < timeline  # empty throughout: narrow
        assert table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}").get(qn("w:type")) == "fixed"
    # Every table of a plan has the same widths, so the columns line up page after page.
    grids = {
        tuple(column.get(qn("w:w")) for column in table._tbl.find(qn("w:tblGrid")))
        for table in document.tables
    }
    assert len(grids) == 1


def test_column_widths_keep_short_values_on_one_line() -> None:
    table = word.StepsTable(
        ["action", "status"], ["Action Step", "Status"], [["A long sentence " * 8, "In progress"]]
    )
    action, status = word.column_widths(table, 9000)
    assert action + status == 9000
    assert status >= len("In progress") * 92 + 190
    assert action > status


def test_contents_list_the_plans_and_goals_in_a_toc_field() -> None:
    document = open_docx(rendered(DEMO, "table"))
    body = document.element.body
    instructions = [text.text for text in body.iter(qn("w:instrText"))]
    assert any(instruction.strip().startswith("TOC \\o") for instruction in instructions)
    entries = [p for p in document.paragraphs if style_name(p).startswith("toc")]
    texts = [paragraph.text for paragraph in entries]
    assert texts[0] == "Professional Learning Plan 2024-2027"
    assert "Goal G2: Grow instructional coaching and the leadership capacity of educators" in texts
    bookmarks = {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    assert anchors and all(anchor in bookmarks for anchor in anchors)
    ids = [mark.get(qn("w:id")) for mark in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids))


def test_footer_has_page_numbers_and_the_source() -> None:
    document = open_docx(rendered(BOSTON, "table"))
    footer = document.sections[0].footer
    instructions = [field.get(qn("w:instr")) for field in footer._element.iter(qn("w:fldSimple"))]
    assert " PAGE " in instructions
    text = "\n".join(paragraph.text for paragraph in footer.paragraphs)
    assert "Source: examples/boston-tlt-work-plan.plan.yaml" in text
    assert f"planctl {__version__}" in text


def test_notice_at_the_top_when_plans_have_problems() -> None:
    boston = open_docx(rendered(BOSTON, "table")).paragraphs
    notices = [paragraph for paragraph in boston if style_name(paragraph) == "Plan Notice"]
    assert notices and boston.index(notices[0]) < 3
    assert "13 validation problems" in notices[0].text
    demo = open_docx(rendered(DEMO, "table")).paragraphs
    assert not [paragraph for paragraph in demo if style_name(paragraph) == "Plan Notice"]


def test_one_page_follows_the_plan_on_a_page_model() -> None:
    document = open_docx(rendered(GUIDE, "one-page"))
    [grid] = document.tables
    rows = row_texts(grid)
    assert rows[0] == ["Vision", "Goals", "Key Players", "Action Items", "Metrics"]
    assert len(rows) == 5
    assert rows[1][0] == "Every student performing at or above grade level"
    assert rows[1][2] == "Teachers and paraeducators, parents, students"
    assert rows[1][3].split("\n") == [
        "Provide students with small group instruction to understand tests",
        "start a peer tutoring program",
        "provide students with monthly practice tests.",
    ]
    sizes = sections(document)
    assert [orientation for orientation, _ in sizes] == [WD_ORIENT.LANDSCAPE]


def test_by_owner_gives_each_owner_a_table_soonest_first() -> None:
    document = open_docx(rendered(DEMO, "by-owner"))
    owners = [title for style, title in headings(document) if style == "Heading 2"]
    assert owners[0] == "Daniel Kim"
    assert len(document.tables) == len(owners)
    rows = row_texts(document.tables[0])
    assert rows[0] == ["Due", "Action", "Where", "Outcome", "Status"]
    assert [row[0] for row in rows[1:]] == [
        "2024-10",
        "2025-03-15",
        "2025-12",
        "2027-06 (quarterly)",
    ]
    assert rows[1][2] == "Goal G1 › Objective G1.O1"


def test_all_examples_as_one_packet() -> None:
    files = [(path, path.name) for path in EXAMPLES]
    document = open_docx(render_packet(files, RenderOptions(to="docx")))
    plans = [title for style, title in headings(document) if style == "Heading 1"]
    assert len(plans) == len(EXAMPLES)
    assert "Teacher Leader Team Work Plan" in plans
    found = sections(document)
    assert len(found) == len(EXAMPLES) + 1  # the cover, then a section per plan
    assert found[0][0] == WD_ORIENT.PORTRAIT


def test_paper_size_is_the_users() -> None:
    document = open_docx(render(DEMO, paper="a4"))
    for section in document.sections:
        sizes = {section.page_width.twips, section.page_height.twips}  # type: ignore[union-attr]
        assert sizes == {11906, 16838}


# -- plan text stays text ----------------------------------------------------------------


def test_hostile_text_comes_back_literally_in_cells(tmp_path: Path) -> None:
    document = open_docx(render(write_hostile(tmp_path)))
    [table] = document.tables
    cells = [cell.text for row in table.rows[1:] for cell in row.cells]
    for value in HOSTILE_CELLS:
        assert cells.count(value) == 1, value
    found = headings(document)
    assert found[0] == ("Heading 1", HOSTILE_TITLE)
    assert ("Heading 2", "Goal G1: Pipes | and <i>tags</i> {% if x %} &") in found
    letterhead = document.paragraphs[0]
    assert letterhead.text == "Riverbend <script>alert(2)</script>"


def test_hostile_text_in_every_layout(tmp_path: Path) -> None:
    path = write_hostile(tmp_path)
    for layout in LAYOUTS:
        text = all_text(open_docx(render(path, layout)))
        if layout != "scorecard":  # measures only: its hostile measures are in test_scorecard
            assert "<script>alert(1)</script>" in text
        assert HOSTILE_TITLE in text


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "control.plan.yaml"
    path.write_text(
        'planctl: 1\ntemplate: default\ntitle: "bell\\aring"\ngoals:\n  - title: G\n    steps:\n'
        '      - {action: "form\\ffeed", due: 2024-09, outcome: o, measure: m, owners: [A]}\n',
        encoding="utf-8",
    )
    document = open_docx(render(path))
    assert headings(document)[0] == ("Heading 1", "bellring")
    assert document.tables[0].rows[1].cells[0].text == "formfeed"


# -- reproducible ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_input_gives_the_same_bytes(layout: str) -> None:
    first = render(DEMO, layout, date="2024-06-18")
    assert render(DEMO, layout, date="2024-06-18") == first
    assert render(DEMO, layout) == render(DEMO, layout)
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = open_docx(first).core_properties
    assert properties.title == "Professional Learning Plan 2024-2027"
    assert properties.created is not None and properties.created.year == 2024


def test_shipped_layouts_are_what_the_build_script_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = SHIPPED.parents[1] / "tools" / "build_docx_layouts.py"
    spec = importlib.util.spec_from_file_location("build_layouts", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_layouts", module)  # for its dataclass
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ among the layouts
    spec.loader.exec_module(module)
    for name, (title, items) in module.LAYOUTS.items():
        built = module.build(name, title, items(), compact=name == "one-page", folder=tmp_path)
        assert package_contents(built.read_bytes()) == package_contents(
            (SHIPPED / f"{name}.docx").read_bytes()
        ), f"templates/docx/{name}.docx is stale: run tools/build_docx_layouts.py"


def package_contents(data: bytes) -> list[tuple[str, bytes]]:
    """Entry names and contents (compressed bytes depend on the zlib at hand)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


# -- district layouts --------------------------------------------------------------------


def test_a_district_layout_is_used(tmp_path: Path) -> None:
    folder = district_layout(
        tmp_path, edit=lambda document: add_paragraph_first(document, "RIVERBEND LETTERHEAD")
    )
    document = open_docx(render(BOSTON, layouts_dir=folder))
    assert document.paragraphs[0].text == "RIVERBEND LETTERHEAD"
    assert [cell.text for cell in document.tables[0].rows[0].cells] == BOSTON_HEADINGS


def test_a_district_layout_may_sit_at_the_top_of_the_folder(tmp_path: Path) -> None:
    document = docx.Document(str(SHIPPED / "table.docx"))
    add_paragraph_first(document, "{{ packet.plans|length }} PLAN PACKET")
    document.save(str(tmp_path / "riverbend.docx"))
    rendered_document = open_docx(render(BOSTON, "riverbend", layouts_dir=tmp_path))
    assert rendered_document.paragraphs[0].text == "1 PLAN PACKET"


def test_a_missing_layout_lists_the_available_ones(tmp_path: Path) -> None:
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "~$table.docx").write_bytes(b"Word's lock file")
    with pytest.raises(LayoutError) as caught:
        render(BOSTON, "letterhead", layouts_dir=tmp_path)
    assert "available: by-owner, one-page, scorecard, table" in str(caught.value)
    with pytest.raises(LayoutError, match="not a layout name"):
        render(BOSTON, "../table")


def test_a_layout_that_is_not_a_word_file(tmp_path: Path) -> None:
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "table.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(LayoutError, match=r"table\.docx: cannot be read as a Word"):
        render(BOSTON, layouts_dir=tmp_path)


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{% for plan in %}", "layout syntax error"),
        ("{{ packet.title ", "layout syntax error"),
        ("{{ packet.no_such_thing }}", "the plan data does not have"),
        ("{{ ''.__class__.__mro__ }}", "layouts may not do"),
        ("{{ packet.title.__class__.__subclasses__() }}", "layouts may not do"),
    ],
)
def test_a_broken_or_unsafe_layout_is_a_layout_error(
    tmp_path: Path, tag: str, message: str
) -> None:
    folder = district_layout(tmp_path, edit=lambda document: add_paragraph_first(document, tag))
    with pytest.raises(LayoutError) as caught:
        render(BOSTON, layouts_dir=folder)
    text = str(caught.value)
    assert str(folder / "docx" / "table.docx") in text
    assert message in text
    assert "near" in text and tag.strip()[:8] in text


def test_an_error_in_a_footer_says_so(tmp_path: Path) -> None:
    def edit(document: DocumentObject) -> None:
        document.sections[0].footer.paragraphs[0].add_run("{{ packet.missing }}")

    folder = district_layout(tmp_path, edit=edit)
    with pytest.raises(LayoutError, match="a page footer"):
        render(BOSTON, layouts_dir=folder)


def test_layouts_can_place_tables_and_contents_anywhere(tmp_path: Path) -> None:
    """The filters work in any layout: a table of chosen columns, the contents twice."""
    document = docx.Document()
    for text in (
        "{{ packet|table_of_contents(1) }}",
        "{%p for plan in packet.plans %}",
        "{{ plan.title }}",
        "{{ plan.steps|steps_table(['due', 'action', {'field': 'owners', 'heading': 'Who'}]) }}",
        "{%p endfor %}",
    ):
        document.add_paragraph(text)
    document.paragraphs[2].style = document.styles["Heading 1"]
    (tmp_path / "docx").mkdir()
    document.save(str(tmp_path / "docx" / "plain.docx"))
    result = open_docx(render(BOSTON, "plain", layouts_dir=tmp_path))
    [table] = result.tables
    assert row_texts(table)[0] == ["Due", "Action", "Who"]
    assert len(step_rows(table)) == 11
    assert table.style is None or table.style.name != "Plan Steps"  # ruled, unstyled
    assert [p.text for p in result.paragraphs][:2] == ["Teacher Leader Team Work Plan"] * 2


# -- size --------------------------------------------------------------------------------


def test_a_plan_of_two_thousand_steps_renders(tmp_path: Path) -> None:
    lines = [
        "planctl: 1",
        "template: default",
        "title: A very large plan",
        "period: {start: 2024-07, end: 2027-06}",
        "goals:",
    ]
    for goal in range(10):
        lines += [f"  - title: Goal number {goal}", "    steps:"]
        lines += [
            f"      - {{action: Step {goal}-{step}, due: 2025-05, outcome: Done,"
            " measure: Survey, owners: Pat Lee}"
            for step in range(200)
        ]
    path = tmp_path / "big.plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = open_docx(render(path))
    assert len(document.tables) == 10
    assert sum(len(table.rows) - 1 for table in document.tables) == 2000
    assert all(header_repeats(table) for table in document.tables)


# -- LibreOffice -------------------------------------------------------------------------


def to_pdf(soffice: str, source: Path) -> Path:
    """Convert a Word file to PDF beside it with LibreOffice (its own profile, no window)."""
    profile = (source.parent / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_libreoffice_opens_and_converts_the_packet(tmp_path: Path, layout: str) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice not installed: soffice is not on PATH, so the Word packet was not"
            " converted to PDF (install libreoffice-writer to run this test)"
        )
    source = tmp_path / f"boston-{layout}.docx"
    source.write_bytes(rendered(BOSTON, layout))
    to_pdf(soffice, source)
    pdf = source.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        assert "Teacher Leader Team Work Plan" in text
        # The scorecard shows measures, not steps: a step's measure stands for it there.
        step = "BPS schools with a full TLT" if layout == "scorecard" else "Standardize job"
        assert step in text
