"""A strategy map in the packet: each goal's objectives as a list, its key measures, then
its initiatives in the map's own columns; owners named with the role they carry."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import html5lib
from markdown_it import MarkdownIt

from planctl.render import RenderOptions, render_packet
from planctl.template import load_builtin

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cedar-valley-strategy-map.plan.yaml"
OBJECTIVES = [
    "Students read on grade level by the end of grade 3.",
    "Students write clearly for a purpose and an audience in every subject.",
    "Students who fall behind get help within weeks, not semesters.",
]
HEADINGS = [column.heading for column in load_builtin("strategy-map").columns]
NS = {"h": "http://www.w3.org/1999/xhtml"}


def render(to: str, layout: str = "table") -> bytes:
    return render_packet([(EXAMPLE, EXAMPLE.name)], RenderOptions(to=to, layout=layout))


def _text(element: object) -> str:
    return " ".join("".join(element.itertext()).split())  # type: ignore[attr-defined]


def test_markdown_goal_shows_objectives_list_then_key_measures_then_initiatives() -> None:
    text = render("md").decode("utf-8")
    goal = text[text.index("### Goal 1:") : text.index("### Goal 2:")]
    tokens = MarkdownIt("commonmark").enable("table").parse(goal)
    items = [t.content for t in tokens if t.type == "inline"]
    start = items.index("**Objectives:**")
    assert items[start + 1 : start + 4] == OBJECTIVES
    measure = next(i for i, item in enumerate(items) if item.startswith("**Key measure:**"))
    headers = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"]
    assert headers == HEADINGS
    table = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    inline_index = [i for i, t in enumerate(tokens) if t.type == "inline"]
    assert inline_index[start] < inline_index[measure] < table
    assert "Measure:" not in goal.replace("Key measure:", "")
    assert "| Maria Lopez (Language Arts teacher) |" in goal
    assert "| Thomas Whitfield (curriculum adoption lead) |" in goal


def test_html_goal_shows_objectives_list_then_key_measures_then_initiatives() -> None:
    tree = html5lib.parse(render("html").decode("utf-8"))
    goal = next(
        section
        for section in tree.iterfind(".//h:section", NS)
        if _text(section.find(".//h:h3", NS)).startswith("Goal 1:")
    )
    facts = goal.find(".//h:dl", NS)
    assert facts is not None
    [objectives] = [d for d in facts.iterfind("h:div", NS) if _text(d).startswith("Objectives:")]
    assert [_text(li) for li in objectives.iterfind(".//h:li", NS)] == OBJECTIVES
    labels = [_text(span) for span in goal.iterfind(".//h:span[@class='measure-label']", NS)]
    assert labels == ["Key measure:", "Key measure:"]
    table = goal.find(".//h:table[@class='steps']", NS)
    assert table is not None
    headers = [_text(th) for th in table.iterfind(".//h:thead/h:tr/h:th", NS)]
    assert headers == HEADINGS
    order = [element for element in goal.iter() if element in (facts, table)]
    assert order[0] is facts
    cells = [_text(td) for td in table.iterfind(".//h:tbody/h:tr/h:td", NS)]
    assert "Maria Lopez (Language Arts teacher)" in cells


def test_word_goal_shows_objectives_list_then_key_measures_then_initiatives() -> None:
    document = docx.Document(io.BytesIO(render("docx")))
    texts = [paragraph.text for paragraph in document.paragraphs]
    goal = texts.index("Goal 1: Every student reads, writes and reasons at grade level")
    after = texts[goal:]
    start = after.index("Objectives:")
    assert after[start + 1 : start + 4] == OBJECTIVES
    assert any(text.startswith("Key measure: Grade 3 students") for text in after[start:])
    # Progress in the map's own words.
    assert any(text.startswith("0 of 4 critical initiatives done") for text in after[:start])
    tables = [
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][: len(HEADINGS)] == HEADINGS
    ]
    assert len(tables) == 3
    first = [cell.text for row in tables[0].rows for cell in row.cells]
    assert "Maria Lopez (Language Arts teacher)" in first


def test_by_owner_handouts_are_by_person_whatever_role_they_carry() -> None:
    text = render("md", "by-owner").decode("utf-8")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert "Maria Lopez" in headings and "Thomas Whitfield" in headings
    assert not any("," in heading or "(" in heading for heading in headings)
    whitfield = text[text.index("## Thomas Whitfield") :]
    whitfield = whitfield[: whitfield.index("\n---")]
    assert "2 critical initiatives" in whitfield


def test_people_responsible_shows_teams_as_teams() -> None:
    text = render("md").decode("utf-8")
    people = text[text.index("### People responsible") : text.index("### Goal 1:")]
    assert "- **All staff**: team" in people
    assert "- **Leadership Team**: Superintendent's cabinet and building principals; team" in (
        people
    )
