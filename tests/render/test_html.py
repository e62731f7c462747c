"""HTML packets, parsed back with html5lib as a browser would."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest
from jinja2 import DictLoader
from markupsafe import Markup, escape

from planctl import __version__
from planctl.render import LAYOUTS, RenderOptions, html, render_packet
from planctl.render.environment import LayoutError, make_environment
from planctl.render.html import (
    _escape,
    badge,
    column_widths,
    lines,
    measures_below,
    owners_below,
    row_cells,
    steps_below,
)
from planctl.render.view import packet_view
from planctl.validate import check_file
from tests.render.test_markdown import BIG_STEPS, EXAMPLES, HOSTILE_CELLS, big_packet, write_hostile

BOSTON = next(path for path in EXAMPLES if path.name.startswith("boston"))
DEMO = next(path for path in EXAMPLES if path.name.startswith("district"))
GUIDE = next(path for path in EXAMPLES if path.name.startswith("guide-plan-on-a-page"))
BOSTON_HEADINGS = [
    "Key Action Steps",
    "Timeline",
    "Expected Outcome",
    "Data Source, Baseline & Target",
    "Person/Area Responsible",
    "Comments",
]


def render(path: Path, layout: str = "table", **options: Any) -> str:
    output = render_packet([(path, path.name)], RenderOptions(to="html", layout=layout, **options))
    assert isinstance(output, bytes)
    return output.decode("utf-8")


def parse(text: str) -> ET.Element:
    document: ET.Element = html5lib.parse(text, namespaceHTMLElements=False)
    return document


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def step_tables(root: ET.Element) -> list[ET.Element]:
    return [table for table in root.iter("table") if "steps" in table.get("class", "").split()]


def header_texts(table: ET.Element) -> list[str]:
    cells = table.findall("./thead/tr/th")
    assert all(cell.get("scope") == "col" for cell in cells)
    return [text_of(cell) for cell in cells]


def body_rows(table: ET.Element) -> list[list[str]]:
    """The step rows of a table (not the rows of details below them)."""
    return [
        [text_of(cell) for cell in row.findall("td")]
        for row in table.findall("./tbody/tr")
        if row.get("class") != "row-details"
    ]


def assert_safe_and_accessible(text: str) -> ET.Element:
    """Self-contained, script-free, headings in order, tables labelled, links resolved."""
    assert text.startswith("<!DOCTYPE html>\n")
    root = parse(text)
    assert root.get("lang") == "en"
    assert next(root.iter("script"), None) is None
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("src", "href", "action", "srcset", "poster", "data"):
                assert "http" not in value and "//" not in value, value
            if name == "href":
                assert value.startswith("#") and value[1:] in ids, value
    assert next(root.iter("link"), None) is None
    assert next(root.iter("img"), None) is None
    styles = [text_of(style) for style in root.iter("style")]
    assert len(styles) == 1
    assert "url(" not in styles[0] and "@import" not in styles[0]
    levels = [
        int(element.tag[1]) for element in root.iter() if re.fullmatch(r"h[1-6]", element.tag)
    ]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    for table in root.iter("table"):
        assert table.get("aria-label") or table.find("caption") is not None
        assert all(cell.get("scope") in ("col", "row", "rowgroup") for cell in table.iter("th"))
    return root


# -- the examples ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_renders_in_every_layout(example: Path, layout: str) -> None:
    assert_safe_and_accessible(render(example, layout))


def test_step_tables_carry_the_templates_own_headings() -> None:
    root = assert_safe_and_accessible(render(BOSTON))
    tables = step_tables(root)
    assert len(tables) == 3  # Goal G4 has no steps
    for table in tables:
        assert header_texts(table) == BOSTON_HEADINGS
        head = table.find("thead")
        assert head is not None
        widths = [cell.get("style", "") for cell in head.iter("th")]
        assert len(widths) == len(BOSTON_HEADINGS) and all("width: " in w for w in widths)
    rows = [row for table in tables for row in body_rows(table)]
    assert len(rows) == 11
    assert rows[0][:2] == ["Standardize job descriptions", "May/2013"]
    assert [table.get("aria-label") for table in tables] == [
        "Key action steps: Goal G1",
        "Key action steps: Goal G2",
        "Key action steps: Goal G3",
    ]


def test_the_cover_and_the_plan() -> None:
    root = assert_safe_and_accessible(render(BOSTON))
    [h1] = root.iter("h1")
    assert text_of(h1) == "Teacher Leader Team Work Plan"
    cover = next(element for element in root.iter("header") if element.get("class") == "cover")
    facts = " ".join(text_of(cover).split())
    assert "Boston Public Schools" in facts
    assert "Plan period: April 2013 – June 2014" in facts
    assert "Status: Adopted" in facts
    assert "Date:" not in facts
    contents = [text_of(link) for link in cover.iter("a")]
    assert contents[0] == "Teacher Leader Team Work Plan"
    assert contents[-1] == "Sources"
    assert "Goal G4" in contents
    headings = [text_of(h) for h in root.iter("h3")]
    assert headings[0] == "People responsible"
    assert headings[1].startswith("Goal G1: To establish clear lines of communication")
    assert "Goal G4 (no title)" in headings


def test_demo_shows_measures_progress_costs_and_status_badges() -> None:
    root = assert_safe_and_accessible(render(DEMO, date="June 18, 2024"))
    text = " ".join(text_of(root.find("body")).split())  # type: ignore[arg-type]
    assert "Date: June 18, 2024" in text
    assert "67% done (4 of 6 action steps)" in text
    assert "33% done (2 of 6 action steps, not counting 1 dropped)" in text
    assert "Total cost: $400,100" in text
    assert "$312,000 (Title II)" in text
    badges = [text_of(span) for span in root.iter("span") if "badge" in span.get("class", "")]
    assert {"Done", "In progress", "Blocked", "Dropped", "Not started", "Adopted"} <= set(badges)
    for table in step_tables(root):
        assert header_texts(table)[-1] == "Status"


def test_one_page_follows_the_plan_on_a_page_model() -> None:
    root = assert_safe_and_accessible(render(GUIDE, "one-page"))
    [table] = root.iter("table")
    assert [text_of(th) for th in table.iter("th")] == [
        "Vision",
        "Goals",
        "Key Players",
        "Action Items",
        "Metrics",
    ]
    rows = table.findall("./tbody/tr")
    assert len(rows) == 4
    first = rows[0].findall("td")
    assert text_of(first[0]) == "Every student performing at or above grade level"
    assert [text_of(item) for item in first[3].iter("li")] == [
        "Provide students with small group instruction to understand tests",
        "start a peer tutoring program",
        "provide students with monthly practice tests.",
    ]
    assert text_of(first[4]).startswith("85% of all students in grades 3-8")


def test_one_page_without_goal_measures_shows_the_steps_evidence() -> None:
    root = assert_safe_and_accessible(render(BOSTON, "one-page"))
    [table] = root.iter("table")
    assert text_of(next(table.iter("th"))) == "Goals"
    first = table.findall("./tbody/tr")[0].findall("td")
    assert text_of(first[1]) == "Shakera Walker, Facilitator Leads, Chason Ishino"
    assert "Four standardized job descriptions" in [text_of(li) for li in first[3].iter("li")]


def test_by_owner_handouts() -> None:
    root = assert_safe_and_accessible(render(DEMO, "by-owner"))
    handouts = [section for section in root.iter("section") if section.get("class") == "handout"]
    names = [text_of(section.find("h2")) for section in handouts]  # type: ignore[arg-type]
    assert names[0] == "Daniel Kim"
    assert len(names) == 9
    table = handouts[0].find("table")
    assert table is not None
    assert header_texts(table) == ["Due", "Action", "Where", "Outcome", "Status"]
    rows = body_rows(table)
    assert [row[0] for row in rows] == ["2024-10", "2025-03-15", "2025-12", "2027-06 (quarterly)"]
    assert rows[0][2] == "Goal G1 › Objective G1.O1"
    assert "Director of Assessment and Data" in text_of(handouts[0])


def test_all_examples_as_one_packet() -> None:
    files = [(path, path.name) for path in EXAMPLES]
    for layout in LAYOUTS:
        text = render_packet(files, RenderOptions(to="html", layout=layout)).decode("utf-8")
        root = assert_safe_and_accessible(text)
        plans = [section for section in root.iter("section") if "plan" in section.get("class", "")]
        assert len(plans) == len(EXAMPLES)


# -- plan text stays text ----------------------------------------------------------------


def test_hostile_text_comes_back_as_text(tmp_path: Path) -> None:
    text = render(write_hostile(tmp_path))
    root = assert_safe_and_accessible(text)
    [table] = step_tables(root)
    assert len(header_texts(table)) == 8
    cells = [value for row in body_rows(table) for value in row]
    for value in HOSTILE_CELLS:
        assert cells.count(value) == 1, value
    [h1] = root.iter("h1")
    assert text_of(h1) == "Hostile <b>plan</b> & {{ 7*7 }} | *title*"
    assert next(root.iter("b"), None) is None and next(root.iter("i"), None) is None
    body = text_of(root.find("body"))  # type: ignore[arg-type]
    assert "<img src=x onerror=alert(3)>" in body
    assert "Riverbend <script>alert(2)</script>" in body
    assert "49" not in body


@pytest.mark.parametrize("layout", LAYOUTS)
def test_hostile_text_is_safe_in_every_layout(tmp_path: Path, layout: str) -> None:
    text = render(write_hostile(tmp_path), layout)
    root = assert_safe_and_accessible(text)
    body = text_of(root.find("body"))  # type: ignore[arg-type]
    assert "Riverbend <script>alert(2)</script>" in body
    assert "Hostile <b>plan</b> & {{ 7*7 }} | *title*" in body
    if layout != "scorecard":  # measures only: its hostile measures are in test_scorecard
        assert "a | b" in body


def test_lines_escapes_and_keeps_line_breaks() -> None:
    assert lines("<b>one</b>\ntwo & three") == "&lt;b&gt;one&lt;/<wbr>b&gt;<br>\ntwo &amp; three"
    assert lines("April-May/2013") == "April-May/<wbr>2013"
    assert lines("  one \r\n\n  two\u2028three  ") == "one<br>\n<br>\ntwo<br>\nthree"
    assert lines("") == "" and lines(12) == "12"


# The loop over a step's cells the shipped table layout had before row_cells.
CELLS_LOOP = (
    '{% for cell in step.cells %}<td>{% if cell.field == "status" and cell.text %}'
    '{% set counted = step.tasks_text or "" %}'
    '{% if counted and cell.text.endswith("\n" ~ counted) %}'
    "{% set shown = cell.text[: -(counted|length) - 1] %}"
    "{% if shown %}{{ shown|badge(step.status_key) }}<br>{% endif %}"
    '<span class="tasks-count">{{ counted }}</span>'
    "{% else %}{{ cell.text|badge(step.status_key) }}{% endif %}"
    "{% else %}{{ cell.text|lines }}{% endif %}"
    "</td>{% endfor %}"
)


def test_row_cells_are_the_cells_loop_a_layout_would_write(tmp_path: Path) -> None:
    environment = make_environment("html", None, filters=html.FILTERS)
    environment.loader = DictLoader({"row": CELLS_LOOP})
    loop = environment.get_template("row")
    hostile = write_hostile(tmp_path)
    files = [(path, path.name) for path in [*EXAMPLES, hostile]]
    docs = [check_file(path, display).doc for path, display in files]
    packet = packet_view(
        [(doc, 0) for doc in docs if doc is not None],
        sources=[],
        version=__version__,
        date=None,
        paper="letter",
    )
    steps = [step for plan in packet["plans"] for step in plan["steps"]]
    assert any(step["fields"]["status"] for step in steps)
    assert any(step.get("tasks_text") for step in steps)
    for step in steps:
        assert row_cells(step) == loop.render(step=step)


def test_escaping_is_markupsafes() -> None:
    for text in ["", "plain", "<a href='x' title=\"y\">&amp;</a>", "é€ & <>'\"/"]:
        assert _escape(text) == str(escape(text))


def test_badge_escapes_and_takes_its_class_from_the_key_else_the_word() -> None:
    assert badge("In progress") == '<span class="badge badge-in-progress">In progress</span>'
    assert badge("Underway", "in-progress") == (
        '<span class="badge badge-in-progress">Underway</span>'
    )
    assert badge("<b>Late</b>") == '<span class="badge badge-other">&lt;b&gt;Late&lt;/b&gt;</span>'
    assert badge("x", '"><script>') == (
        '<span class="badge badge-&#34;&gt;&lt;script&gt;">x</span>'
    )
    # Markup passes as it would through the badge macro's autoescaping.
    assert (
        badge(Markup("<i>Done</i>"), "done") == '<span class="badge badge-done"><i>Done</i></span>'
    )


# -- print and look ----------------------------------------------------------------------


def style_of(text: str) -> str:
    return text_of(next(parse(text).iter("style")))


def test_print_rules() -> None:
    style = style_of(render(BOSTON))
    assert "size: letter landscape;" in style
    assert '@bottom-right {\n    content: "Page " counter(page) " of " counter(pages);' in style
    assert "thead { display: table-header-group; }" in style
    assert ".plan { break-before: page; page-break-before: always; }" in style
    assert "overflow-wrap: break-word" in style
    assert "[lang] td { hyphens: auto;" in style
    assert re.search(r"th, td \{ border: 1px solid #[0-9a-f]{6};", style)
    assert "size: A4 landscape;" in style_of(render(BOSTON, paper="a4"))


def _luminance(colour: str) -> float:
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_colours_have_enough_contrast() -> None:
    style = style_of(render(DEMO))
    variables = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6});", style))
    backgrounds = ["#ffffff", variables["head"], variables["zebra"]]
    for name in ("ink", "muted", "accent"):
        for background in backgrounds:
            assert contrast(variables[name], background) >= 4.5, (name, background)
    pairs = re.findall(r"color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6});", style)
    assert len(pairs) >= 9  # the status badges
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)


def test_column_widths_add_up_and_leave_room_for_headings() -> None:
    columns = [
        {"field": "action", "heading": "Action Steps"},
        {"field": "x", "heading": "Comments"},
    ]
    widths = [float(width.rstrip("%")) for width in column_widths(columns, [])]
    assert abs(sum(widths) - 100) < 0.5
    assert widths[1] >= 9.0
    assert column_widths(["action", "due"]) == ["62.2%", "37.8%"]


def test_tree_helpers_walk_in_plan_order() -> None:
    step = {"anchor": "s1", "owners": ["A", "B"], "fields": {"measure": "Roster"}}
    later = {"anchor": "s2", "owners": ["B", "C"], "fields": {"measure": "Roster"}}
    node = {
        "measures": [],
        "steps": [step],
        "children": [{"measures": [], "steps": [later], "children": []}],
    }
    assert steps_below(node) == [step, later]
    assert owners_below(node) == ["A", "B", "C"]
    assert measures_below(node) == ["Roster"]


# -- layouts -----------------------------------------------------------------------------


def test_a_district_layout_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "table.html.j2").write_text(
        '<!DOCTYPE html>\n<html lang="en"><title>{{ packet.title }}</title>'
        "<h1>Our board packet: {{ packet.title }}</h1></html>\n",
        encoding="utf-8",
    )
    root = parse(render(BOSTON, layouts_dir=tmp_path))
    assert text_of(next(root.iter("h1"))) == "Our board packet: Teacher Leader Team Work Plan"


def test_a_district_can_replace_one_part(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "_cover.html.j2").write_text(
        '<header class="cover"><h1>{{ packet.organization }} board packet</h1></header>\n',
        encoding="utf-8",
    )
    root = assert_safe_and_accessible(render(BOSTON, layouts_dir=tmp_path))
    assert text_of(next(root.iter("h1"))) == "Boston Public Schools board packet"
    assert len(step_tables(root)) == 3


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("<h1>{{ packet.title }}</h1>\n{% for %}\n", 2, "syntax error"),
        ("<h1>{{ packet.title }}</h1>\n\n{{ packet.plans[0].nothing }}\n", 3, "does not have"),
        ("<h1>{{ packet.title }}</h1>\n{{ ''.__class__.__mro__ }}\n", 2, "may not"),
        ("{{ packet.title.__class__.__subclasses__() }}\n", 1, "may not"),
    ],
)
def test_layout_errors_name_the_file_and_line(
    tmp_path: Path, source: str, line: int, words: str
) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "broken.html.j2").write_text(source, encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        render(BOSTON, "broken", layouts_dir=tmp_path)
    message = str(caught.value)
    assert f"broken.html.j2:{line}" in message
    assert words in message


def test_an_unknown_layout_lists_the_available_ones() -> None:
    with pytest.raises(
        LayoutError, match=r"no html layout 'poster'.*by-owner, one-page, scorecard, table"
    ):
        render(BOSTON, "poster")


def test_rendering_twice_gives_the_same_bytes() -> None:
    files = [(path, path.name) for path in EXAMPLES]
    for layout in LAYOUTS:
        options = RenderOptions(to="html", layout=layout, date="June 18, 2024")
        assert render_packet(files, options) == render_packet(files, options)


def test_notice_footer_and_version() -> None:
    root = parse(render(BOSTON))
    notice = next(p for p in root.iter("p") if p.get("class") == "notice")
    assert text_of(notice) == (
        "Note: The plans in this packet have 13 validation problems; "
        "run planctl validate to see them."
    )
    footer = next(root.iter("footer"))
    rows = body_rows(footer.find("table"))  # type: ignore[arg-type]
    assert rows[0][0] == "examples/boston-tlt-work-plan.plan.yaml"  # from the repository root
    assert f"Rendered by planctl {__version__}." in text_of(footer)
    assert not any(p.get("class") == "notice" for p in parse(render(DEMO)).iter("p"))


# -- a very large plan -------------------------------------------------------------------


def test_a_20000_step_plan_renders() -> None:
    text = html.render(big_packet(), "table", None).decode("utf-8")
    assert text.count("<tr id=") == BIG_STEPS
    assert text.rstrip().endswith("</html>")
