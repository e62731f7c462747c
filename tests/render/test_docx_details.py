"""Word packets carry every value of a plan: the rows under steps, goals' measures in full.

The every-field plan (``tests/data/complete/``) uses every key of the plan format. Its Word
packet is opened again with python-docx and its text, nested tables included, is searched for
each value written in the plan that no column shows.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table

from planctl.render import RenderOptions, render_packet
from planctl.render.environment import LayoutError
from tests.render.test_docx import to_pdf

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ROOT / "tests" / "data" / "complete"
EVERY_FIELD = COMPLETE / "every-field.plan.yaml"
DATE = "2026-12-04"
LEFT_OUT = (
    "Some details are left out of this layout: resources, the update log, notes and measure"
    " figures are in the full packet (planctl render --layout table)."
)

# The every-field plan's values that no column of its template shows, as written there.
STEP_VALUES = [
    "Review three programs against the state rubric.",  # description
    "2024-08",  # start
    "2024-12-10",  # completed
    "Staff time",  # resources
    "Collaborative team time",
    "Code: 2100-114",  # cost code, yearly split and note
    "2024-25: $30,000",
    "2025-26: $18,000",
    "Includes first-year licences",
    "One shared curriculum across eleven schools",  # benefits
    "Phase 1 — Explore",
    "curriculum",  # tags
    "Pilot classrooms volunteer first.",  # comments
    "Review committee formed",  # every update note, with who and the status
    "In progress, by Dana Whitfield",
    "Two finalists presented to principals",
    "Board approved the adoption",
    "board-goals.plan.yaml#BG1.1",  # aligns to
    "K-3 teachers",  # the district's own list field
    "Principals",
    "Every K-3 teacher completes the summer institute",  # outcome (no column for it)
    "The outcome is tracked by the state report.",  # a step's check set aside
    "Four reading nights a year",
]
GOAL_VALUES = [
    "Share of K-3 students at or above benchmark",  # measure description, source, note
    "DIBELS 8 end-of-year benchmark",
    "Reported to the board each June.",
    "Higher is better",  # direction words
    "Lower is better",
    "Keep at the target",
    "Spring 2024 administration",  # figure notes
    "First-year target",
    "Middle-of-year check",
    "State average",
    "Attendance system",
    "90% of families attend a reading night by June 2026",
    "GF-1100",  # the goal's own cost
    "Coaching stipends",
    "General Fund",
    "literacy, equity",
    "Reviewed by the curriculum committee each spring.",
    "board-goals.plan.yaml#BG1",
    "Academic Excellence",  # district list fields, each item
    "Whole Child",
    "Effective Communicator",
    "Confident readers in every classroom.",
    "Curriculum and Instruction",
]
PLAN_VALUES = [
    "Director of Literacy",  # people: roles, emails, aliases, teams
    "dwhitfield@northfield.example.org",
    "also written D. Whitfield",
    "Grants Manager",
    "Literacy Coaches: team",
    "The board extended the plan period in its June meeting.",  # plan-wide set aside
]


def render(path: Path, layout: str = "table", layouts_dir: Path | None = None) -> bytes:
    return render_packet(
        [(path, path.name)],
        RenderOptions(to="docx", layout=layout, layouts_dir=layouts_dir, date=DATE),
    )


@cache
def every_field(layout: str = "table") -> bytes:
    return render(EVERY_FIELD, layout)


def open_docx(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def paragraph_text(paragraph: Any) -> str:
    """A ``w:p``'s text, its tabs and line breaks kept."""
    pieces = []
    for element in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if element.getparent().tag != qn("w:r"):  # a tab stop of the paragraph's properties
            continue
        if element.tag == qn("w:t"):
            pieces.append(element.text or "")
        else:
            pieces.append("\t" if element.tag == qn("w:tab") else "\n")
    return "".join(pieces)


def text_of(element: Any) -> str:
    """An element's paragraphs, a line each."""
    return "\n".join(paragraph_text(p) for p in element.iter(qn("w:p")))


def body_text(document: DocumentObject) -> str:
    """All the text of the body, table cells and tables inside cells included."""
    return text_of(document.element.body)


def grid_columns(table: Any) -> list[int]:
    grid = table.find(qn("w:tblGrid"))
    return [int(column.get(qn("w:w"))) for column in grid.findall(qn("w:gridCol"))]


def rows_under_steps(table: Table) -> list[Any]:
    """``w:tr`` elements of one cell spanning every column of ``table``."""
    found = []
    columns = len(grid_columns(table._tbl))
    for row in table._tbl.findall(qn("w:tr")):
        cells = row.findall(qn("w:tc"))
        span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        if len(cells) == 1 and span is not None and int(span.get(qn("w:val"))) == columns:
            found.append(row)
    return found


def row_text(row: Any) -> str:
    return text_of(row)


def nested_tables(row: Any) -> list[list[list[str]]]:
    """The tables inside a row's cells, as rows of cell texts."""
    tables = []
    for table in row.iter(qn("w:tbl")):
        tables.append(
            [[text_of(cell) for cell in tr.findall(qn("w:tc"))] for tr in table.findall(qn("w:tr"))]
        )
    return tables


def with_step_figures(folder: Path) -> Path:
    """The every-field plan with a measure of a step whose figures need a table."""
    text = EVERY_FIELD.read_text(encoding="utf-8")
    figures = (
        "            measure:\n"
        "              source: Training sign-in records\n"
        "              baseline: 0\n"
        "              target: 100\n"
    )
    assert figures in text
    text = text.replace(
        figures,
        figures
        + "              actuals:\n"
        + "                - {value: 40, as_of: 2025-06, note: June institute}\n"
        + "                - {value: 75, as_of: 2025-08}\n",
    )
    for name in ("every-field.template.yaml", "board-goals.plan.yaml"):
        shutil.copy(COMPLETE / name, folder / name)
    path = folder / EVERY_FIELD.name
    path.write_text(text, encoding="utf-8")
    return path


# -- the table layout --------------------------------------------------------------------


@pytest.mark.parametrize("value", STEP_VALUES + GOAL_VALUES + PLAN_VALUES)
def test_every_value_of_the_plan_is_in_the_word_packet(value: str) -> None:
    assert value in body_text(open_docx(every_field()))


def test_the_row_under_a_step_spans_every_column_and_follows_its_step() -> None:
    document = open_docx(every_field())
    steps = [table for table in document.tables if table.rows[0].cells[0].text == "Task"]
    assert len(steps) == 2
    first = steps[0]._tbl
    rows = first.findall(qn("w:tr"))
    under = rows_under_steps(steps[0])
    assert len(under) == 2  # both steps of the objective have details
    assert rows.index(under[0]) == 2 and rows.index(under[1]) == 4
    total = sum(grid_columns(first))
    for row in under:
        width = row.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:tcW')}")
        assert int(width.get(qn("w:w"))) == total
    # The step's row: its number before its action, kept on the page of the row under it.
    step_row = rows[1]
    assert text_of(step_row).startswith("3.1 Select a structured literacy")
    assert step_row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    keeps = [p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") for p in step_row.iter(qn("w:p"))]
    assert keeps and all(keep is not None for keep in keeps)
    # The header row still repeats on every page.
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    details = row_text(under[0])
    assert "Resources:" in details and "Board approved the adoption" in details
    assert "Checks set aside:" in row_text(under[1])


def test_the_update_log_is_newest_first_a_bullet_a_line() -> None:
    document = open_docx(every_field())
    steps = [table for table in document.tables if table.rows[0].cells[0].text == "Task"]
    lines = row_text(rows_under_steps(steps[0])[0]).split("\n")
    updates = lines.index("Updates:")
    assert lines[updates + 1 : updates + 4] == [
        "•\t2024-12-10 (Done): Board approved the adoption",
        "•\t2024-11-22: Two finalists presented to principals",
        "•\t2024-09-30 (In progress, by Dana Whitfield): Review committee formed",
    ]
    # Short single values share the first line; labels are bold.
    assert lines[0].startswith(
        "Start: 2024-08 · Status: Done (2 of 4 tasks done) · Completed: 2024-12-10"
    )
    label = rows_under_steps(steps[0])[0].find(f".//{qn('w:r')}")
    assert label.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None


def test_a_steps_measure_figures_are_a_table_in_the_row_under_it(tmp_path: Path) -> None:
    document = open_docx(render(with_step_figures(tmp_path)))
    steps = [table for table in document.tables if table.rows[0].cells[0].text == "Task"]
    under = rows_under_steps(steps[0])
    [figures] = nested_tables(under[1])
    assert figures == [
        ["Figure", "Value", "Date", "Note"],
        ["Baseline", "0%", "", ""],
        ["Target", "100%", "", ""],
        ["Actual", "40%", "2025-06", "June institute"],
        ["Actual", "75%", "2025-08", ""],
    ]
    assert "Measure: Training sign-in records" in row_text(under[1])
    # A table of figures ends the cell: a paragraph follows it, as Word requires.
    cell = under[1].find(qn("w:tc"))
    assert cell[-1].tag == qn("w:p")


def test_goal_measures_are_shown_in_full_with_their_figures() -> None:
    document = open_docx(every_field())
    figures = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in document.tables
        if table.rows[0].cells[0].text == "Figure"
    ]
    assert figures[0] == [
        ["Figure", "Value", "Date", "Note"],
        ["Baseline", "58%", "2024-06", "Spring 2024 administration"],
        ["Target", "64%", "2025-06", "First-year target"],
        ["Target", "70%", "2026-06", ""],
        ["Actual", "61%", "2025-01", "Middle-of-year check"],
        ["Actual", "63%", "2025-06", ""],
    ]
    # No figure of the survey score has a note: no Note column.
    assert figures[2] == [
        ["Figure", "Value", "Date"],
        ["Baseline", "4.1", ""],
        ["Target", "4.1", "2027-06"],
    ]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert (
        "Measure: Students reading at grade level (DIBELS composite) (Description: Share of K-3"
        " students at or above benchmark · Source: DIBELS 8 end-of-year benchmark · Higher is"
        " better · Note: Reported to the board each June.) — Behind as of 2026-12-04"
    ) in texts
    assert "Measure: 90% of families attend a reading night by June 2026" in texts


def test_a_single_figure_is_a_line(tmp_path: Path) -> None:
    path = tmp_path / "one.plan.yaml"
    path.write_text(
        "planctl: 1\ntemplate: default\ntitle: One figure\ngoals:\n"
        "  - title: Attendance\n"
        "    measure: {indicator: Daily attendance, unit: '%',"
        " target: {value: 95, by: 2025-06, note: Board target}}\n"
        "    steps:\n"
        "      - {action: Call home, due: 2024-09, outcome: o, measure: m, owners: [A]}\n",
        encoding="utf-8",
    )
    document = open_docx(render(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Target: 95% by 2025-06: Board target" in texts
    assert not [table for table in document.tables if table.rows[0].cells[0].text == "Figure"]


def test_lists_of_district_fields_and_details_are_bulleted() -> None:
    document = open_docx(every_field())
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    focus = paragraphs.index(("Plan Fact", "Strategic Plan Focus:"))
    assert paragraphs[focus + 1 : focus + 3] == [
        ("Plan Fact Item", "Academic Excellence"),
        ("Plan Fact Item", "Whole Child"),
    ]
    assert ("Plan Fact", "Vision: Confident readers in every classroom.") in paragraphs


def test_people_and_checks_set_aside_come_after_the_narrative_before_the_goals() -> None:
    document = open_docx(every_field())
    paragraphs = [p.text for p in document.paragraphs]
    # Each heading is listed in the contents first: the last of each is the heading itself.
    people = len(paragraphs) - 1 - paragraphs[::-1].index("People responsible")
    assert document.paragraphs[people].style.name == "Heading 2"  # type: ignore[union-attr]
    goal = paragraphs.index("Goal 3: Raise early literacy proficiency", people)
    assert (
        paragraphs.index(
            "Priorities",
            paragraphs.index("Every student reads fluently by the end of grade three."),
        )
        < people
        < goal
    )
    assert paragraphs[people + 1 : people + 4] == [
        "Dana Whitfield: Director of Literacy; dwhitfield@northfield.example.org;"
        " also written D. Whitfield",
        "Literacy Coaches: team",
        "Marcus Bell: Grants Manager",
    ]
    assert paragraphs[people + 4 : people + 6] == [
        "Checks set aside for the whole plan:",
        "date-in-period: The board extended the plan period in its June meeting.",
    ]


# -- compact layouts ---------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["one-page", "by-owner", "timeline"])
def test_compact_layouts_say_what_they_leave_out(layout: str) -> None:
    document = open_docx(every_field(layout))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert LEFT_OUT in texts
    if layout == "by-owner":
        for table in document.tables:
            assert not rows_under_steps(table)


def test_by_owner_says_so_on_every_handout() -> None:
    document = open_docx(every_field("by-owner"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    owners = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    assert texts.count(LEFT_OUT) == len(owners) == 3


def test_the_table_layout_does_not_say_it_leaves_anything_out() -> None:
    assert LEFT_OUT not in body_text(open_docx(every_field()))


# -- district layouts --------------------------------------------------------------------


def district(folder: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    (folder / "docx").mkdir()
    document.save(str(folder / "docx" / "plain.docx"))
    return folder


def test_a_district_table_may_leave_the_rows_under_steps_out(tmp_path: Path) -> None:
    folder = district(
        tmp_path,
        "{%p for plan in packet.plans %}",
        "{{ plan.steps|steps_table(plan.columns, details=False) }}",
        "{{ plan.steps|steps_table(plan.columns) }}",
        "{%p endfor %}",
    )
    document = open_docx(render(EVERY_FIELD, "plain", folder))
    without, with_details = document.tables
    assert not rows_under_steps(without) and len(without.rows) == 4
    assert len(rows_under_steps(with_details)) == 3
    # A layout without the table styles still gets the details, in the default paragraph look.
    assert "Collaborative team time" in text_of(with_details._tbl)


def test_a_district_layout_places_figure_tables(tmp_path: Path) -> None:
    folder = district(
        tmp_path,
        "{%p for goal in packet.plans[0].goals %}",
        "{%p for m in goal.measure_details %}",
        "{{ m.head }}",
        "{{ m|figures_table }}",
        "{%p endfor %}",
        "{%p endfor %}",
    )
    document = open_docx(render(EVERY_FIELD, "plain", folder))
    heads = [table.rows[0].cells[0].text for table in document.tables]
    # Goal 3's four measures with figures; its text measure and goal 2C's have none.
    assert heads == ["Figure"] * 4


def test_figures_table_given_something_else_is_a_layout_error(tmp_path: Path) -> None:
    folder = district(tmp_path, "{{ packet.title|figures_table }}")
    with pytest.raises(LayoutError, match="figures_table is given a measure"):
        render(EVERY_FIELD, "plain", folder)


# -- LibreOffice -------------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_shows_the_rows_under_steps(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) and pdftotext are needed to convert the packet")
    source = tmp_path / "every-field.docx"
    source.write_bytes(render(with_step_figures(tmp_path)))
    pdf = to_pdf(soffice, source)
    text = subprocess.run(
        [pdftotext, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    for value in ("Collaborative team time", "Two finalists presented to principals"):
        assert value in text
    for value in ("June institute", "Middle-of-year check", "Director of Literacy"):
        assert value in text
