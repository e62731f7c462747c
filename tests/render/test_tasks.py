"""A step's checklist in packets: a list of boxed items under the step, its count by the status.

A plan with tasks is rendered in Markdown, HTML and Word and read back (markdown-it, html5lib,
python-docx): the items are listed in order under their step with ☑ or ☐, their owners, due
dates and done dates; the step's status says how many are done, and a step that records no
status of its own shows the one its checklist gives it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from planctl.render import RenderOptions, render_packet
from planctl.render.view import plan_view
from planctl.validate import check_file
from tests.render.test_docx_details import open_docx, row_text, rows_under_steps
from tests.render.test_html import parse, step_tables, text_of

PLAN = """\
planctl: 1
title: Literacy plan
period: {start: 2024-07, end: 2025-06}
people:
  - name: Ana Ruiz
  - name: Ben Cho
goals:
  - title: Every student reads on grade level
    steps:
      - action: Adopt a new reading curriculum
        due: 2025-03
        owners: Ana Ruiz
        tasks:
          - task: Order books
            owner: Ben Cho
            due: 2024-09
            done: 2024-09-12
          - {task: Train coaches, owners: [Ana Ruiz, Ben Cho], done: true}
          - {task: Pilot units, due: 2024-12, done: yes}
          - Share pilot results
          - {task: Present to the board, due: 2025-02, done: false}
      - action: Publish family guides
        due: 2025-05
        status: blocked
        tasks:
          - {task: Draft the guide, done: true}
      - action: Hold reading nights
        due: 2025-04
"""

LINES = [
    "☑ Order books (Ben Cho; due 2024-09; done 2024-09-12)",
    "☑ Train coaches (Ana Ruiz, Ben Cho)",
    "☑ Pilot units (due 2024-12)",
    "☐ Share pilot results",
    "☐ Present to the board (due 2025-02)",
]


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "literacy.plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def _render(path: Path, to: str) -> bytes | str:
    return render_packet([(path, path.name)], RenderOptions(to=to, layout="table"))


def test_the_view_lists_each_item_and_the_status_it_gives(plan_file: Path) -> None:
    checked = check_file(plan_file, plan_file.name)
    assert checked.doc is not None
    # Outcomes and measures are left out to keep the plan short; nothing else is wrong.
    assert {problem.rule for problem in checked.report.problems} == {
        "required-fields",
        "goal-measure",
    }
    view = plan_view(checked.doc, 1, 0)
    first, second, third = view["steps"]
    assert [item["line"] for item in first["tasks"]] == LINES
    assert [item["done"] for item in first["tasks"]] == [True, True, True, False, False]
    assert first["tasks"][0] | {"line": ""} == {
        "text": "Order books",
        "owners": "Ben Cho",
        "due": "2024-09",
        "done": True,
        "done_on": "2024-09-12",
        "mark": "☑",
        "line": "",
    }
    assert first["tasks_text"] == "3 of 5 tasks done"
    assert first["status_key"] == "in-progress"
    assert first["fields"]["status"] == "In progress\n3 of 5 tasks done"
    assert first["details"][0] == {
        "label": "Tasks",
        "text": "",
        "items": LINES,
        "kind": "tasks",
    }
    # A written status wins; the count still shows.
    assert second["status_key"] == "blocked"
    assert second["fields"]["status"] == "Blocked\n1 of 1 task done"
    assert second["details"][0]["items"] == ["☑ Draft the guide"]
    # No checklist: nothing said about one.
    assert third["tasks"] == [] and third["tasks_text"] == "" and third["status_key"] == ""
    assert all(entry["kind"] != "tasks" for entry in third["details"])


def test_a_goal_counts_steps_done_by_their_checklist(tmp_path: Path) -> None:
    path = tmp_path / "p.plan.yaml"
    path.write_text(
        "planctl: 1\ngoals:\n  - title: G\n    steps:\n"
        "      - {action: A, tasks: [{task: x, done: true}]}\n"
        "      - {action: B, tasks: [{task: y, done: false}]}\n",
        encoding="utf-8",
    )
    checked = check_file(path, path.name)
    assert checked.doc is not None
    [goal] = plan_view(checked.doc, 1, 0)["goals"]
    assert (goal["done"], goal["completion"]) == (1, "50%")


def test_markdown_nests_the_checklist_under_its_step(plan_file: Path) -> None:
    text = _render(plan_file, "md")
    assert isinstance(text, bytes)
    tokens = MarkdownIt("commonmark").enable("table").parse(text.decode("utf-8"))
    inline = [token.content for token in tokens if token.type == "inline"]
    assert "In progress<br>3 of 5 tasks done" in inline
    start = inline.index("**Tasks:**")
    assert inline[start + 1 : start + 6] == LINES
    # A checklist of one item is still a list under its label.
    assert inline.count("**Tasks:**") == 2
    assert "☑ Draft the guide" in inline


def test_html_shows_a_checklist_and_the_count_below_the_badge(plan_file: Path) -> None:
    text = _render(plan_file, "html")
    assert isinstance(text, bytes)
    root = parse(text.decode("utf-8"))
    lists = [ul for ul in root.iter("ul") if "checklist" in ul.get("class", "")]
    assert [[text_of(li) for li in ul.findall("li")] for ul in lists] == [
        LINES,
        ["☑ Draft the guide"],
    ]
    [table] = step_tables(root)
    rows = [row for row in table.findall("./tbody/tr") if row.get("class") != "row-details"]
    status = rows[0].findall("td")[-1]
    badges = [span for span in status.iter("span") if "badge" in span.get("class", "")]
    counts = [span for span in status.iter("span") if span.get("class") == "tasks-count"]
    assert [text_of(span) for span in badges] == ["In progress"]
    assert [text_of(span) for span in counts] == ["3 of 5 tasks done"]


def _boxes(element: Any) -> list[str]:
    return [line for line in row_text(element).split("\n") if line[:1] in "☑☐•"]


def test_word_puts_each_item_on_a_line_with_its_box_as_the_bullet(plan_file: Path) -> None:
    data = _render(plan_file, "docx")
    assert isinstance(data, bytes)
    document = open_docx(data)
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Action Step"]
    under = rows_under_steps(table)
    assert [line.replace("\t", " ", 1) for line in _boxes(under[0])] == LINES
    assert _boxes(under[1]) == ["☑\tDraft the guide"]
    assert "In progress\n3 of 5 tasks done" in row_text(
        table._tbl.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")[1]
    )


def test_a_district_column_for_tasks_holds_the_checklist(tmp_path: Path) -> None:
    (tmp_path / "district.yaml").write_text(
        "planctl-template: 1\nname: district\nextends: default\ncolumns:\n"
        "  - {field: action, heading: Action}\n"
        "  - {field: tasks, heading: Sub-actions}\n"
        "  - {field: status, heading: Status}\n",
        encoding="utf-8",
    )
    path = tmp_path / "p.plan.yaml"
    path.write_text(PLAN.replace("planctl: 1\n", "planctl: 1\ntemplate: district.yaml\n"))
    text = _render(path, "html")
    assert isinstance(text, bytes)
    root = parse(text.decode("utf-8"))
    [table] = step_tables(root)
    first = table.find("./tbody/tr")
    assert first is not None
    cells = [ET.tostring(td, encoding="unicode") for td in first.findall("td")]
    assert all(line in text_of(first.findall("td")[1]) for line in LINES)
    assert "<br" in cells[1]
    # The column holds it: no list of the same items below the row.
    assert not [ul for ul in root.iter("ul") if "checklist" in ul.get("class", "")]
