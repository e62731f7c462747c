"""The scorecard layout: every measure of a plan with where it stands, in each format,
read back by a real consumer (markdown-it, html5lib, python-docx, pdftotext)."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT

from planctl import __version__
from planctl.render import RenderOptions, render_packet
from planctl.render.view import packet_view, standing_day
from planctl.validate import check_file
from tests.render.test_html import assert_safe_and_accessible, text_of
from tests.render.test_markdown import EXAMPLES, PARSER, inline_text
from tests.render.test_pdf import needs_weasyprint

DATE = "2025-06-30"
DEMO = next(path for path in EXAMPLES if path.name.startswith("district"))
SVG = "{http://www.w3.org/2000/svg}"


def render(paths: list[Path], to: str, date: str = DATE) -> bytes:
    return render_packet(
        [(path, path.name) for path in paths], RenderOptions(to=to, layout="scorecard", date=date)
    )


def scorecard(path: Path, date: str = DATE) -> dict[str, Any]:
    checked = check_file(path, path.name)
    assert checked.doc is not None
    packet = packet_view(
        [(checked.doc, len(checked.report.problems))],
        sources=[{"path": path.name, "commit": "", "state": ""}],
        version=__version__,
        date=date,
        paper="letter",
        as_of=standing_day(date),
    )
    card: dict[str, Any] = packet["plans"][0]["scorecard"]
    return card


def rows(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for group in card["groups"] for row in group["rows"]]


WITH_FIGURES = [
    path for path in EXAMPLES if any(row["measure"]["figures"] for row in rows(scorecard(path)))
]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_examples_with_figures_are_tested() -> None:
    names = {path.name for path in WITH_FIGURES}
    assert {"district-pl-plan.plan.yaml", "boston-tlt-work-plan.plan.yaml"} <= names


def test_each_row_says_baseline_latest_next_target_and_standing() -> None:
    card = scorecard(DEMO)
    first = rows(card)[0]
    assert first["name"] == 'PLC teams rated "Established" or higher on the district PLC rubric'
    assert first["for"].startswith("Goal G1: ")
    assert first["better"] == "Higher is better"
    assert first["baseline"] == "38% (2024-05)"
    assert first["latest"] == "52% (2025-05)"
    assert first["next_target"] == "55% by 2025-06"  # due on the packet's date: still next
    assert first["standing_word"] == "Behind"
    assert card["as_of"] == DATE
    later = rows(scorecard(DEMO, "2025-09-15"))[0]
    assert later["next_target"] == "70% by 2026-06" and not later["target_due"]
    assert rows(scorecard(DEMO, "2028-01-01"))[0]["target_due"]  # every target is due
    # A measure of a step the table shows in a column is on the scorecard too.
    step = next(row for row in rows(card) if "Action step" in row["for"])
    assert step["baseline"] == "4" and step["next_target"] == "9" and step["latest"] == ""
    counted = {item["word"]: item["count"] for item in card["standing"]}
    assert sum(counted.values()) + card["not_judged"] == card["measures"] == len(rows(card))
    assert counted == {
        word: sum(1 for row in rows(card) if row["standing_word"] == word)
        for word in ("Met", "On track", "Behind")
    }


@pytest.mark.parametrize("example", WITH_FIGURES, ids=lambda path: path.name)
def test_markdown_scorecard_is_a_table_a_goal(example: Path) -> None:
    card = scorecard(example)
    text = render([example], "md").decode("utf-8")
    tokens = PARSER.parse(text)
    cells: list[list[str]] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token, bold=True))
        elif token.type == "tr_close" and row is not None:
            cells.append(row)
            row = None
    headers = [found for found in cells if found[0] == "Measure"]
    assert len(headers) == len(card["groups"])
    assert headers[0] == ["Measure", "For", "Baseline", "Latest", "Next target", "Standing"]
    body = [found for found in cells if found[0] != "Measure"]
    assert len(body) == card["measures"]
    for found, expected in zip(body, rows(card), strict=True):
        assert found[0].split("\n")[0] == expected["name"]
        assert found[2] == (expected["baseline"] or "—")
        assert found[3] == (expected["latest"] or "—")
        assert found[4].startswith(expected["next_target"] or "—")
        assert found[5] == (expected["standing_word"] or "—")
    assert "are in the full packet (planctl render --layout table)" in squeeze(text)


@pytest.mark.parametrize("example", WITH_FIGURES, ids=lambda path: path.name)
def test_html_scorecard_has_a_card_and_a_chart_per_measure(example: Path) -> None:
    card = scorecard(example)
    root = assert_safe_and_accessible(render([example], "html").decode("utf-8"))
    cards = [element for element in root.iter("article") if "score" in element.get("class", "")]
    assert [element.get("id") for element in cards] == [row["anchor"] for row in rows(card)]
    charts = list(root.iter(f"{SVG}svg"))
    assert len(charts) == card["charts"]
    for element, expected in zip(cards, rows(card), strict=True):
        text = squeeze(text_of(element))
        for value in ("baseline", "latest", "next_target", "standing_word"):
            assert squeeze(expected[value]) in text, value
        svg = element.find(f".//{SVG}svg")
        assert (svg is not None) == bool(expected["measure"]["chart"])
        if svg is not None:
            assert svg.get("role") == "img"
            title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            assert title is not None and expected["name"] in (title.text or "")
            assert description is not None
            for figure in expected["measure"]["figures"]:
                assert figure["value"] in (description.text or "")


@pytest.mark.parametrize("example", WITH_FIGURES, ids=lambda path: path.name)
def test_word_scorecard_is_a_table_a_goal_in_landscape(example: Path) -> None:
    card = scorecard(example)
    document = docx.Document(io.BytesIO(render([example], "docx")))
    tables = document.tables
    assert len(tables) == len(card["groups"])
    for table, group in zip(tables, card["groups"], strict=True):
        assert [cell.text for cell in table.rows[0].cells] == [
            "Measure",
            "Baseline",
            "Latest",
            "Next target",
            "Standing",
        ]
        for found, expected in zip(table.rows[1:], group["rows"], strict=True):
            texts = [cell.text for cell in found.cells]
            assert texts[0].startswith(expected["name"])
            assert texts[1] == (expected["baseline"] or "—")
            assert texts[2] == (expected["latest"] or "—")
            assert texts[3].startswith(expected["next_target"] or "—")
            assert texts[4] == (expected["standing_word"] or "Not judged")
        assert len(table.rows) == len(group["rows"]) + 1
    assert all(section.orientation == WD_ORIENT.LANDSCAPE for section in document.sections)
    text = "".join(document.element.body.itertext())
    assert "{{" not in text and "{%" not in text
    assert "are in the full packet" in text


@needs_weasyprint
@pytest.mark.parametrize("example", WITH_FIGURES, ids=lambda path: path.name)
def test_pdf_scorecard_reads_back_with_every_measure(example: Path, tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    card = scorecard(example)
    pdf = tmp_path / "scorecard.pdf"
    pdf.write_bytes(render([example], "pdf"))
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    flat = squeeze(text.replace("-\n", "-"))
    for row in rows(card):
        assert squeeze(row["name"])[:30] in flat, row["name"]
        if row["standing_word"]:
            assert row["standing_word"] in flat
    if card["charts"]:
        assert "Higher is better" in flat or "Lower is better" in flat
        assert f"As of {DATE}" in flat


def test_several_plans_make_one_scorecard() -> None:
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    root = assert_safe_and_accessible(render([DEMO, boston], "html").decode("utf-8"))
    titles = [text_of(element) for element in root.iter("h2")]
    assert "Professional Learning Plan 2024-2027" in titles
    assert "Teacher Leader Team Work Plan" in titles
    expected = len(rows(scorecard(DEMO))) + len(rows(scorecard(boston)))
    assert len(list(root.iter("article"))) == expected
    text = render([DEMO, boston], "md").decode("utf-8")
    assert "## Teacher Leader Team Work Plan" in text


def test_a_plan_without_measures_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.plan.yaml"
    path.write_text(
        "planctl: 1\ntemplate: default\ntitle: Plain\ngoals:\n  - title: G\n    steps:\n"
        "      - {action: Walk, due: 2024-09, outcome: o, measure: Roster, owners: [A]}\n",
        encoding="utf-8",
    )
    for to in ("md", "html"):
        assert "No measures in this plan yet." in render([path], to).decode("utf-8")
    document = docx.Document(io.BytesIO(render([path], "docx")))
    assert "No measures in this plan yet." in "".join(document.element.body.itertext())


HOSTILE = """\
planctl: 1
template: default
title: Hostile scorecard
goals:
  - title: "<script>alert(1)</script> & {{ 7*7 }}"
    measures:
      - indicator: "<img src=x onerror=alert(2)> | *name*"
        unit: "%"
        baseline: {value: 10, as_of: 2024-06}
        target: {value: 20, by: 2025-06}
        actuals: [{value: 15, as_of: 2025-01, note: "</desc><script>x</script>"}]
"""


def test_hostile_measure_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.plan.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    markup = render([path], "html").decode("utf-8")
    root = assert_safe_and_accessible(markup)
    svg = next(root.iter(f"{SVG}svg"))
    title = svg.find(f"{SVG}title")
    assert title is not None and title.text == "Chart: <img src=x onerror=alert(2)> | *name*"
    assert next(root.iter("img"), None) is None
    body = text_of(root.find("body"))  # type: ignore[arg-type]
    assert "<script>alert(1)</script> & {{ 7*7 }}" in body and "49" not in body
    # The chart is well-formed XML on its own.
    start = markup.index("<svg")
    ET.fromstring(markup[start : markup.index("</svg>", start) + len("</svg>")])
    md = render([path], "md").decode("utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt; \\| \\*name\\*" in md
    document = docx.Document(io.BytesIO(render([path], "docx")))
    assert "<img src=x onerror=alert(2)> | *name*" in document.tables[0].rows[1].cells[0].text
