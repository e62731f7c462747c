"""Measures in packets: a step's several measures, targets written as a change, baselines to come.

A step's ``measure`` and ``measures`` fill one cell of the action-step table, one a line with a
bullet when there are several; a target written as a change shows the figure it reaches from
the baseline beside it; a baseline not yet measured says so and when it is to be set. Each is
read back from the Markdown, HTML and Word a packet is rendered to.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import html5lib
import pytest
from markdown_it import MarkdownIt

from planctl import __version__
from planctl.render import RenderOptions, render_packet
from planctl.render.view import packet_view
from planctl.validate import check_file

PLAN = """\
planctl: 1
title: Reading plan
period: {start: 2024-07, end: 2026-06}
goals:
  - id: G1
    title: Every student reads on grade level
    measures:
      - indicator: Students reading on grade level
        unit: "%"
        baseline: {value: 40, as_of: 2024-06}
        target: {change: +5 points, by: 2025-06}
      - indicator: Out-of-school suspensions
        unit: count
        direction: decrease
        baseline: 200
        target: {value: reduce by 15%, by: 2026-06}
      - indicator: Families at reading nights
        unit: "%"
        baseline: {value: TBD, as_of: 2025-10}
        target: {change: +10 points, by: 2026-06}
    steps:
      - action: Coach every K-3 teacher
        due: 2025-06
        outcome: Teachers use the routines
        owners: Literacy coach
        measure: Coaching logs
        measures:
          - Walkthrough notes
          - indicator: Teachers coached
            unit: "%"
            baseline: 10
            target: {change: +80 points, by: 2025-06}
"""

CELL = [
    "Coaching logs",
    "Walkthrough notes",
    "Teachers coached. Baseline 10%; target +80 points (90%) by 2025-06",
]
FIGURES = {
    "Students reading on grade level": [
        ("Baseline", "40%", "2024-06"),
        ("Target", "+5 points (45%)", "2025-06"),
    ],
    "Out-of-school suspensions": [
        ("Baseline", "200", ""),
        ("Target", "reduce by 15% (170)", "2026-06"),
    ],
    "Families at reading nights": [
        ("Baseline", "not yet measured (to be set 2025-10)", ""),
        ("Target", "+10 points", "2026-06"),
    ],
}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "reading.plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def view_of(path: Path) -> dict[str, Any]:
    checked = check_file(path, path.name)
    assert checked.doc is not None
    assert checked.report.problems == [], [p.message for p in checked.report.problems]
    packet = packet_view(
        [(checked.doc, 0)],
        sources=[{"path": path.name, "commit": "", "state": ""}],
        version=__version__,
        date="2025-07-01",
        paper="letter",
    )
    plan: dict[str, Any] = packet["plans"][0]
    return plan


def render(path: Path, to: str) -> bytes:
    return render_packet([(path, path.name)], RenderOptions(to=to, date="2025-07-01"))


def test_several_step_measures_are_a_list_in_the_measure_cell(plan_file: Path) -> None:
    (step,) = view_of(plan_file)["steps"]
    assert step["fields"]["measure"] == "\n".join(f"• {text}" for text in CELL)
    # Each line says all of its measure: nothing is repeated below the row.
    assert step["measure_details"] == []


def test_figures_show_a_change_with_what_it_reaches_and_a_baseline_to_come(
    plan_file: Path,
) -> None:
    (goal,) = view_of(plan_file)["goals"]
    shown = {
        item["head"]: [(f["kind"], f["value"], f["date"]) for f in item["figures"]]
        for item in goal["measure_details"]
    }
    assert shown == FIGURES


def test_markdown_cell_lists_each_measure(plan_file: Path) -> None:
    markdown = render(plan_file, "md").decode("utf-8")
    row = next(line for line in markdown.splitlines() if line.startswith("| Coach every"))
    assert "<br>".join(f"• {text}" for text in CELL) in row
    page = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "+5 points (45%)" in page
    assert "not yet measured (to be set 2025-10)" in page


def test_html_cell_lists_each_measure(plan_file: Path) -> None:
    document = html5lib.parse(
        render(plan_file, "html").decode("utf-8"), namespaceHTMLElements=False
    )
    cells = ["".join(td.itertext()) for td in document.iter("td")]
    # One line a measure: each a line break of its own.
    assert "\n".join(f"• {text}" for text in CELL) in cells
    body = document.find("body")
    assert body is not None
    text = " ".join("".join(body.itertext()).split())
    assert "reduce by 15% (170)" in text
    assert "not yet measured (to be set 2025-10)" in text


def test_word_cell_lists_each_measure(plan_file: Path) -> None:
    document = docx.Document(io.BytesIO(render(plan_file, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "\n".join(f"• {text}" for text in CELL) in cells
    text = "\n".join(cells)
    assert "+5 points (45%)" in text
    assert "not yet measured (to be set 2025-10)" in text
