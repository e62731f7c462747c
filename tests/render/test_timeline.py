"""The timeline layout: the Gantt chart's data, its SVG, and the Markdown and Word tables."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import docx
import html5lib
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from planctl.load import load_text
from planctl.model.plan import StepFields
from planctl.render import RenderOptions, render_packet
from planctl.render import timeline as gantt_module
from planctl.render.docx_timeline import timeline_table
from planctl.render.timeline import (
    LABEL_WIDTH,
    RIGHT_PAD,
    ROWS_PER_FIGURE,
    STATUS_LOOKS,
    STATUS_WIDTH,
    WIDTH,
    fit,
    gantt,
    gantt_svg,
    step_schedule,
)
from planctl.render.timeline import chart as chart_module
from planctl.render.view import plan_view
from planctl.validate import check_loaded

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))
DEMO = ROOT / "examples" / "district-pl-plan.plan.yaml"
BOSTON = ROOT / "examples" / "boston-tlt-work-plan.plan.yaml"
CLAYTON = ROOT / "examples" / "clayton-pd-goals-2024.plan.yaml"
SVG = "{http://www.w3.org/2000/svg}"
AS_OF = "2025-01-15"


def render(path: Path | list[Path], to: str = "html", **options: Any) -> bytes:
    paths = path if isinstance(path, list) else [path]
    files = [(item, item.name) for item in paths]
    return render_packet(files, RenderOptions(to=to, layout="timeline", **options))


def render_text(path: Path | list[Path], to: str = "html", **options: Any) -> str:
    return render(path, to, **options).decode("utf-8")


def svgs(page: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (so each must be well-formed on its own)."""
    found = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    return [ET.fromstring(text) for text in found]


def charts(page: str) -> list[ET.Element]:
    return [svg for svg in svgs(page) if "gantt-chart" in svg.get("class", "").split()]


def tables(page: str) -> list[ET.Element]:
    """Each figure's table (parsed as HTML), its rows of words round the drawings."""
    root = html5lib.parse(page, namespaceHTMLElements=False)
    return [table for table in root.iter("table") if "gantt-table" in table.get("class", "")]


def words(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def classed(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in element.get("class", "").split()]


def plan_of(text: str, name: str = "t.plan.yaml") -> dict[str, Any]:
    checked = check_loaded(load_text(text, name), ROOT)
    assert checked.doc is not None
    return plan_view(checked.doc, 1, len(checked.report.problems))


def write(tmp_path: Path, text: str, name: str = "t.plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PLAN_HEAD = """\
planctl: 1
title: Timeline test
period: {start: 2024-07, end: 2025-06}
goals:
  - id: G1
    title: One
    steps:
"""


# -- one step's dates ----------------------------------------------------------------------


def schedule(**fields: Any) -> dict[str, Any]:
    checked = check_loaded(load_text(PLAN_HEAD + "      - action: A\n", "s.plan.yaml"), ROOT)
    assert checked.doc is not None
    return step_schedule(checked.doc, StepFields(action="A", **fields))


def test_a_step_runs_from_its_start_to_the_end_of_its_due_month() -> None:
    found = schedule(start="2024-09", due="2025-02")
    assert (found["start"], found["end"]) == ("2024-09-01", "2025-02-28")
    assert found["milestones"] == [] and found["missing"] == ""


def test_without_a_start_the_bar_is_the_due_date_itself() -> None:
    assert schedule(due="May 2025")[("start")] == "2025-05-01"
    ranged = schedule(due="April-May 2025")
    assert (ranged["start"], ranged["end"]) == ("2025-04-01", "2025-05-31")
    school_year = schedule(due="SY 2024-25")
    assert (school_year["start"], school_year["end"]) == ("2024-07-01", "2025-06-30")


def test_milestones_repeats_and_unreadable_dates() -> None:
    only = schedule(dates=["October 2024", "2025-04-15"])
    assert only["start"] == "" and [m["text"] for m in only["milestones"]] == [
        "October 2024",
        "2025-04-15",
    ]
    listed = schedule(due="August 2024, December 2024")
    assert len(listed["milestones"]) == 2 and listed["start"] == ""
    repeat = schedule(due="Quarterly/2024-25")
    assert repeat["repeat"] == "quarterly" and repeat["start"] == "2024-07-01"
    assert schedule()["missing"] == "no date"
    vague = schedule(due="Mid-way and final check in")
    assert "is not a date planctl can place" in vague["missing"]


def test_a_start_after_the_due_date_does_not_stretch_the_bar() -> None:
    found = schedule(start="2025-05", due="2025-01")
    assert (found["start"], found["end"]) == ("2025-01-01", "2025-01-31")


# -- the chart's data ----------------------------------------------------------------------


def demo_chart(today: str = AS_OF) -> dict[str, Any]:
    checked = check_loaded(load_text(DEMO.read_text(encoding="utf-8"), DEMO.name), DEMO.parent)
    assert checked.doc is not None
    return gantt(plan_view(checked.doc, 1, 0), today)


def test_the_chart_spans_the_plan_period_month_by_month() -> None:
    chart = demo_chart()
    assert len(chart["months"]) == 36
    assert chart["months"][0]["label"] == "Jul '24" and chart["months"][-1]["name"] == "June 2027"
    assert [year["year"] for year in chart["years"]] == [2024, 2025, 2026, 2027]
    assert chart["range"] == "July 2024 – June 2027"
    assert (chart["steps"], chart["dated"], chart["bars"], chart["milestones"]) == (17, 17, 16, 6)
    assert chart["today"]["month"] == 6 and chart["months"][6]["heading"] == "▼ Jan '25"


def test_rows_are_grouped_by_goal_with_objective_headings() -> None:
    chart = demo_chart()
    assert [group["label"] for group in chart["groups"]] == ["Goal G1", "Goal G2", "Goal G3"]
    first = chart["groups"][0]["rows"]
    assert first[0] == {**first[0], "kind": "heading", "label": "Objective G1.O1"}
    assert first[1]["kind"] == "step" and first[1]["label"].startswith("1. Map elementary")
    assert first[1]["marks"][1:4] == ["█", "█", "█"] and first[1]["marks"][0] == ""


def test_steps_without_a_readable_date_are_listed_by_reason() -> None:
    page = render_text(BOSTON, date=AS_OF)
    root = html5lib.parse(page, namespaceHTMLElements=False)
    undated = next(s for s in root.iter("section") if "undated" in s.get("class", ""))
    text = "".join(undated.itertext())
    assert "Not on the timeline" in text
    assert "A date planctl cannot place on a calendar (3)" in text
    assert "'Mid-way and final check in' is not a date planctl can place on a calendar" in text
    assert "'August 15' has no year" in text


def test_a_plan_with_no_dates_has_no_chart_and_lists_its_steps() -> None:
    page = render_text(CLAYTON, date=AS_OF)
    assert charts(page) == []
    assert "so there is no chart yet" in page
    assert "No date written (46)" in page


def test_a_stray_year_is_left_off_the_chart() -> None:
    text = PLAN_HEAD.replace("period: {start: 2024-07, end: 2025-06}\n", "") + (
        "      - {action: Soon, due: 2025-03}\n"
        "      - {action: Typo, due: 1925-03}\n"
        "      - {action: Later, due: 2026-05}\n"
    )
    chart = gantt(plan_of(text), AS_OF)
    assert len(chart["months"]) <= gantt_module.MAX_MONTHS
    assert [row["action"] for row in chart["groups"][0]["rows"]] == ["Soon", "Later"]
    assert [(step["action"], step["kind"]) for step in chart["undated"]] == [("Typo", "outside")]


def test_a_long_goal_is_cut_into_figures_that_fit_a_page() -> None:
    steps = "".join(f"      - {{action: Step {n}, due: 2024-{n % 12 + 1:02}}}\n" for n in range(30))
    chart = gantt(plan_of(PLAN_HEAD + steps), AS_OF)
    figures = chart["figures"]
    assert [(f["part"], f["parts"]) for f in figures] == [(1, 2), (2, 2)]
    assert all(len(f["rows"]) <= ROWS_PER_FIGURE for f in figures)
    assert sum(len(f["rows"]) for f in figures) == 30


def test_the_today_line_uses_the_date_given_else_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    assert demo_chart("June 1, 2026")["today"]["date"] == "2026-06-01"
    assert demo_chart("not a date")["today"]["at"] is None
    assert "not a date planctl can place" in demo_chart("not a date")["today"]["note"]

    class Clock(date):
        @classmethod
        def today(cls) -> Clock:
            return cls(2025, 10, 2)

    monkeypatch.setattr(chart_module, "date", Clock)
    chart = demo_chart("")
    assert (chart["today"]["date"], chart["today"]["source"]) == ("2025-10-02", "clock")
    page = render_text(DEMO)
    assert "Today, October 2, 2025" in page
    assert "render it with a date" in page.replace("Render", "render")


def test_the_as_of_date_of_the_repository_marks_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "planctl.toml").write_text('as_of = "2025-03-01"\n', encoding="utf-8")
    plan = write(tmp_path, DEMO.read_text(encoding="utf-8"), "demo.plan.yaml")
    monkeypatch.chdir(tmp_path)
    assert "As of March 1, 2025" in render_text(plan)
    assert "As of January 15, 2025" in render_text(plan, date=AS_OF)


# -- the SVG -------------------------------------------------------------------------------


def test_the_chart_is_well_formed_svg_with_a_bar_per_dated_step_and_every_milestone() -> None:
    page = render_text(DEMO, date=AS_OF)
    figures = tables(page)
    assert len(figures) == 3  # one figure per goal
    assert all(t.get("aria-label", "").startswith("Timeline of Goal") for t in figures)
    drawn = charts(page)  # a drawing per step row, without a word drawn in it
    bars = [bar for svg in drawn for bar in classed(svg, "gantt-bar")]
    milestones = [mark for svg in drawn for mark in classed(svg, "gantt-milestone")]
    chart = demo_chart()
    assert len(bars) == chart["bars"] == 16
    assert len(milestones) == chart["milestones"] == 6
    labels = [th for table in figures for th in classed(table, "gantt-label")]
    assert len(labels) == len(drawn) == chart["dated"] == 17
    assert all(th.tag == "th" and th.get("scope") == "row" for th in labels)
    for svg in drawn:
        assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
        assert not list(svg.iter(f"{SVG}text"))
        title = svg.find(f"{SVG}title")
        assert title is not None and re.search(r"\d{4}", title.text or "")
        assert svg.get("aria-labelledby") == title.get("id")
    # The words say what the drawing shows: "August 2024 – October 2024 (Done)".
    first = charts(page)[0].find(f"{SVG}title")
    assert first is not None and first.text == "August 2024 – October 2024 (Done)"


def test_the_today_line_is_at_its_date() -> None:
    page = render_text(DEMO, date=AS_OF)
    grid = WIDTH - RIGHT_PAD - LABEL_WIDTH - STATUS_WIDTH
    expected = grid * (6 + 14 / 31) / 36  # January 15, 2025, month 7 of 36
    for svg in charts(page):
        (path,) = classed(svg, "gantt-today")
        xs = {float(x) for x in re.findall(r"M([\d.]+) ", path.get("d", ""))}
        assert len(xs) == 1 and abs(xs.pop() - expected) < 0.01
    for table in tables(page):
        (label,) = classed(table, "gantt-today-label")
        assert words(label) == "As of January 15, 2025"


def test_no_today_line_when_the_date_is_outside_the_chart() -> None:
    page = render_text(BOSTON, date=AS_OF)
    assert all(not classed(svg, "gantt-today") for svg in charts(page))
    assert "is after the months this timeline shows" in page


def test_each_status_has_a_colour_a_pattern_and_its_word() -> None:
    page = render_text(DEMO, date=AS_OF)
    drawn = charts(page)
    statuses = {
        cls.removeprefix("status-")
        for svg in drawn
        for bar in classed(svg, "gantt-bar")
        for cls in bar.get("class", "").split()
        if cls.startswith("status-")
    }
    assert statuses == {"done", "in-progress", "blocked", "not-started", "dropped"}
    for svg in drawn:
        patterns = {pattern.get("id") for pattern in svg.iter(f"{SVG}pattern")}
        for bar in classed(svg, "gantt-bar"):
            rect = bar.find(f"{SVG}rect")
            assert rect is not None
            fill = rect.get("fill", "")
            if fill.startswith("url(#"):
                assert fill[5:-1] in patterns  # the pattern is defined in the same drawing
    said = {words(cell) for table in tables(page) for cell in classed(table, "gantt-status")}
    assert said == {"Done", "In progress", "Blocked", "Not started", "Dropped"}
    root = html5lib.parse(page, namespaceHTMLElements=False)
    legend = next(ul for ul in root.iter("ul") if "gantt-legend" in ul.get("class", ""))
    items = ["".join(li.itertext()).strip() for li in legend.iter("li")]
    assert items == [
        "Done (solid green)",
        "In progress (blue, striped)",
        "Blocked (red, cross-hatched)",
        "Not started (white, outlined)",
        "Dropped (grey, struck through)",
        "Milestone",
        "As-of date",
    ]
    # Swatches are boxes drawn by CSS beside the words: hidden from screen readers, and
    # no image a tagged PDF would have to describe.
    swatches = [span for span in legend.iter("span") if "gantt-swatch" in span.get("class", "")]
    assert len(swatches) == len(items)
    assert all(span.get("aria-hidden") == "true" and span.get("style") for span in swatches)
    assert not list(legend.iter(f"{SVG}svg"))
    assert "repeating-linear-gradient(45deg" in swatches[1].get("style", "")


def test_a_plan_without_statuses_has_no_status_column() -> None:
    page = render_text(BOSTON, date=AS_OF)
    assert all(not classed(table, "gantt-status") for table in tables(page))
    root = html5lib.parse(page, namespaceHTMLElements=False)
    legend = next(ul for ul in root.iter("ul") if "gantt-legend" in ul.get("class", ""))
    assert "No status recorded (slate)" in "".join(legend.itertext())


HOSTILE_ACTION = '<script>alert(1)</script> & "quotes" ]]> <!-- ' + "long " * 40
HOSTILE = f"""\
planctl: 1
title: "<b>Hostile</b> & <script>alert(2)</script>"
period: {{start: 2024-07, end: 2025-06}}
goals:
  - id: G1
    title: "<img src=x onerror=alert(3)>"
    objectives:
      - title: "</svg><script>alert(4)</script>"
        steps:
          - action: {HOSTILE_ACTION!r}
            due: 2024-10
            status: in-progress
          - action: "onload=alert(5)"
            dates: [2024-09, 2025-02]
"""


def test_plan_text_in_the_chart_is_escaped_text(tmp_path: Path) -> None:
    page = render_text(write(tmp_path, HOSTILE), date=AS_OF)
    root = html5lib.parse(page, namespaceHTMLElements=False)
    assert next(root.iter("script"), None) is None
    assert next(root.iter("img"), None) is None
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert "javascript:" not in value.lower()
    (table,) = tables(page)
    heading = classed(table, "gantt-heading")[0]
    assert "</svg><script>alert(4)</script>" in words(heading)
    label = classed(table, "gantt-label")[0]
    assert words(label) == "1. " + " ".join(HOSTILE_ACTION.split())
    assert label.get("title", "").startswith("1. <script>")
    for svg in charts(page):
        for element in svg.iter():
            assert not any(name.lower().startswith("on") for name in element.attrib)
            assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image"}


def test_long_labels_are_shortened_to_fit_with_the_full_text_in_a_tooltip() -> None:
    text = "Coordinate regular meetings to assess effects of our efforts and support"
    shown = fit(text, 200)
    assert shown.endswith("…") and text.startswith(shown[:-1].rstrip())
    assert fit("Short", 200) == "Short"
    # In the table, the label is whole (a screen reader reads it all); the page cuts it
    # short with an ellipsis where its column ends, and its tooltip holds it whole.
    page = render_text(DEMO, date=AS_OF)
    for table in tables(page):
        for label in classed(table, "gantt-label"):
            assert label.get("title") == words(label) and words(label)


def test_the_svg_of_one_figure_parses_on_its_own() -> None:
    chart = demo_chart()
    drawing = str(gantt_svg(chart, chart["figures"][0]))
    assert ET.fromstring(drawing).tag == "table"  # well-formed as XML too
    parsed = html5lib.parse(drawing, namespaceHTMLElements=False)
    assert parsed.find(f".//{SVG}svg") is not None


def test_status_looks_are_all_distinct() -> None:
    patterns = {(look.fill, look.pattern) for look in STATUS_LOOKS.values()}
    assert len(patterns) == len(STATUS_LOOKS)
    shading = {(look.fill, look.word_shading) for look in STATUS_LOOKS.values()}
    assert len(shading) == len(STATUS_LOOKS)


def test_the_timeline_is_the_same_twice_with_a_date() -> None:
    assert render(DEMO, date=AS_OF) == render(DEMO, date=AS_OF)


# -- Markdown ------------------------------------------------------------------------------


def table_rows(text: str, first_cell: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and line.endswith(" |"):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            if cells[0].startswith(first_cell):
                rows.append(cells)
    return rows


def test_markdown_is_a_table_of_months_per_goal() -> None:
    text = render_text(DEMO, to="md", date=AS_OF)
    headers = table_rows(text, "Step")
    assert len(headers) == 3  # one table per goal
    header = headers[0]
    assert header[1] == "Jul '24" and header[7] == "▼ Jan '25" and header[-1] == "Status"
    assert len(header) == 1 + 36 + 1
    (mapping,) = table_rows(text, "1. Map elementary")
    assert [index for index, cell in enumerate(mapping) if cell == "█"] == [2, 3, 4]
    assert mapping[-1] == "Done"
    (rubric,) = table_rows(text, "2. PLC teams complete")
    assert rubric.count("◆") == 6
    (objective,) = table_rows(text, "**Objective G1.O1: Protect weekly")
    assert len(objective) == len(header)
    assert "█ marks the months a step runs, ◆ a milestone, ▼ the month of the as-of date" in text


def test_markdown_lists_what_is_not_on_the_timeline() -> None:
    text = render_text(BOSTON, to="md", date=AS_OF)
    assert "## Not on the timeline" in text
    assert "- Goal G2 › Key action step 2: Find and hire guest speakers" in text
    assert "Status" not in table_rows(text, "Step")[0]


def test_markdown_escapes_plan_text(tmp_path: Path) -> None:
    text = render_text(write(tmp_path, HOSTILE), to="md", date=AS_OF)
    assert "<script>" not in text and "&lt;script&gt;" in text
    for row in table_rows(text, "1."):
        assert len(row) == 1 + 12 + 1


# -- Word ----------------------------------------------------------------------------------


def timeline_table_of(data: bytes) -> tuple[str, Table]:
    """The key above the timeline table, and the table."""
    document = docx.Document(io.BytesIO(data))
    (chart,) = document.tables
    before = chart._tbl.getprevious()
    return "".join(before.itertext()), chart


def test_word_shades_the_months_each_step_runs_in_its_status_colour() -> None:
    data = render(DEMO, to="docx", date=AS_OF)
    document = docx.Document(io.BytesIO(data))
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    key, chart = timeline_table_of(data)
    assert "Done (solid green)" in key and "In progress (blue, striped)" in key
    assert "The month of the as-of date" in key
    header = chart.rows[1]._tr.findall(qn("w:tc"))
    assert len(header) == 1 + 36 + 1
    today = header[1 + 6]
    assert "▼" in "".join(today.itertext())
    rows = {row._tr.findall(qn("w:tc"))[0].xpath("string(.)"): row for row in chart.rows}
    mapping = next(row for text, row in rows.items() if text.startswith("1. Map elementary"))
    cells = mapping._tr.findall(qn("w:tc"))
    shaded = [
        index
        for index, tc in enumerate(cells[1:-1])
        if tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None
    ]
    assert shaded == [1, 2, 3]  # August to October 2024
    shd = cells[2].find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shd is not None and shd.get(qn("w:fill")) == "2E7D32"
    assert cells[-1].xpath("string(.)") == "Done"
    progress = next(row for text, row in rows.items() if text.startswith("3. Review common"))
    striped = progress._tr.findall(qn("w:tc"))[20].find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert striped is not None and striped.get(qn("w:val")) == "thinDiagStripe"
    rubric = next(row for text, row in rows.items() if text.startswith("2. PLC teams complete"))
    rubric_text = "".join(tc.xpath("string(.)") for tc in rubric._tr.findall(qn("w:tc")))
    assert rubric_text.count("◆") == 6
    groups = [text for text in rows if text.startswith("Goal ")]
    assert len(groups) == 3


def test_word_lists_what_is_not_on_the_timeline_and_escapes_text(tmp_path: Path) -> None:
    document = docx.Document(io.BytesIO(render(BOSTON, to="docx", date=AS_OF)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Not on the timeline" in texts
    assert any("'August 15' has no year" in text for text in texts)
    hostile = docx.Document(io.BytesIO(render(write(tmp_path, HOSTILE), to="docx", date=AS_OF)))
    cells = [cell.text for table in hostile.tables for row in table.rows for cell in row.cells]
    assert any(text.startswith('1. <script>alert(1)</script> & "quotes" ]]>') for text in cells)


def test_timeline_table_needs_a_chart() -> None:
    not_a_chart: Any = "not a chart"
    with pytest.raises(TypeError):
        timeline_table(not_a_chart)
    empty = gantt({"goals": [], "anchor": "p"}, AS_OF)
    assert str(timeline_table(empty)) == ""


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
@pytest.mark.parametrize("to", ["md", "html", "docx"])
def test_every_example_renders_a_timeline(example: Path, to: str) -> None:
    assert render(example, to=to, date=AS_OF)


def test_several_plans_make_one_timeline_packet() -> None:
    page = render_text([DEMO, BOSTON], date=AS_OF)
    assert len(tables(page)) == 6
    ids = [svg.get("aria-labelledby") for svg in charts(page)]
    assert len(ids) == len(set(ids))
    pattern_ids = [p.get("id") for svg in svgs(page) for p in svg.iter(f"{SVG}pattern")]
    assert len(pattern_ids) == len(set(pattern_ids))


def test_drawings_are_written_as_elementtree_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = 0
    markup = gantt_module._Svg.markup

    def checked(svg: Any) -> Any:
        nonlocal written
        text = markup(svg)
        assert text == ET.tostring(svg.root, encoding="unicode", short_empty_elements=True)
        written += 1
        return text

    monkeypatch.setattr(gantt_module._Svg, "markup", checked)
    render([*EXAMPLES, write(tmp_path, HOSTILE)], date=AS_OF)
    assert written >= 20  # a drawing for each step row; the legend's swatches are CSS
    # Values ElementTree escapes that the charts themselves never hold.
    svg = gantt_module._Svg(10, 10, 'p"&<x>', "a\tb\r\nc & <d>")
    svg.add(None, "g", class_='"q" &\t\r\n<x>')
    svg.text(None, 1.0, 2.0, "e & <f> ' \"")
    assert checked(svg).startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_labels_are_shortened_to_the_longest_beginning_that_fits() -> None:
    for text, width, bold in [
        ("Coordinate regular meetings to assess effects of our efforts", 200.0, False),
        ("Équipe   de  direction — réunions\tmensuelles", 120.0, True),
        ("iiiiiiiiii WWWWWWWWWW", 90.0, False),
    ]:
        shown = fit(text, width, bold=bold)
        whole = " ".join(text.split())
        assert gantt_module._text_width(shown, 12, bold) <= width
        assert shown.endswith("…") and whole.startswith(shown[:-1])
        # The next longer beginning (spaces at its end do not count) does not fit.
        end = len(shown)
        while whole[:end].rstrip() == shown[:-1]:
            end += 1
        assert gantt_module._text_width(whole[:end].rstrip() + "…", 12, bold) > width
