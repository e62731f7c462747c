"""Markdown packets, parsed back with markdown-it (CommonMark with GitHub tables)."""

from __future__ import annotations

import gc
import itertools
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from planctl import __version__
from planctl.render import LAYOUTS, RenderOptions, markdown, render_packet
from planctl.render.environment import LayoutError
from planctl.render.markdown import cell, md, md_line, md_row
from planctl.render.view import packet_view
from planctl.validate import check_file

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.plan.yaml"))

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6 + "x" * 30
# Plan text that must come back exactly as written, each in a cell of its own.
HOSTILE_CELLS = [
    "a | b",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "first line\nsecond line",
    LONG_WORD,
    r"*stars* _under_ `tick` [link](https://example.org) ~~gone~~ \back &amp; <b>",
]
HOSTILE_PLAN = f"""\
planctl: 1
template: default
title: "Hostile <b>plan</b> & {{{{ 7*7 }}}} | *title*"
organization: "Riverbend <script>alert(2)</script>"
period: {{start: 2024-07, end: 2025-06}}
status: draft
description: |
  # not a heading
  - not a list
  1. not a number
  > not a quote
      not code
sections:
  vision: "[not a link](https://example.org) and <img src=x onerror=alert(3)>"
goals:
  - id: G1
    title: "Pipes | and <i>tags</i> {{% if x %}} #"
    measure: "90% of the steps done by June 2025"
    steps:
      - action: "a | b"
        due: 2024-09
        outcome: "<script>alert(1)</script>"
        measure: "{{{{ 7*7 }}}}"
        owners: ["{{% raw %}}"]
      - action: |
          first line
          second line
        due: 2024-10
        outcome: {LONG_WORD}
        measure: '*stars* _under_ `tick` [link](https://example.org) ~~gone~~ \\back &amp; <b>'
        owners: [Pat Lee]
"""
# Our own HTML in Markdown output: anchors for the contents and <br> in cells.
OWN_HTML = re.compile(r'^(<a id="[a-z0-9-]+">(</a>)?|</a>|<br>)$')

PARSER = MarkdownIt("commonmark").enable("table")


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.plan.yaml"
    path.write_text(HOSTILE_PLAN, encoding="utf-8")
    return path


def render(path: Path, layout: str = "table", **options: Any) -> str:
    output = render_packet([(path, path.name)], RenderOptions(to="md", layout=layout, **options))
    assert isinstance(output, bytes)
    return output.decode("utf-8")


def tokens(text: str) -> list[Token]:
    """Every token, inline children included, in document order."""
    found: list[Token] = []
    for token in PARSER.parse(text):
        found.append(token)
        found.extend(token.children or [])
    return found


def inline_text(inline: Token, bold: bool = False) -> str:
    """The text an inline token shows; <br> and soft breaks as newlines. Only text allowed.

    ``bold`` allows the layout's own bold labels (``**Goal 1**``).
    """
    parts = []
    for child in inline.children or []:
        if bold and child.type in ("strong_open", "strong_close"):
            continue
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            parts.append("\n")
        else:
            raise AssertionError(f"plan text became {child.type}: {inline.content!r}")
    return "".join(parts)


def tables(text: str, bold: bool = False) -> list[tuple[list[str], list[list[str]]]]:
    """Each table as (header texts, rows of cell texts)."""
    found: list[tuple[list[str], list[list[str]]]] = []
    stream = PARSER.parse(text)
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    section = ""
    for index, token in enumerate(stream):
        if token.type == "table_open":
            header, rows = [], []
        elif token.type in ("thead_open", "tbody_open"):
            section = token.type
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and stream[index - 1].type in ("th_open", "td_open"):
            row.append(inline_text(token, bold))
        elif token.type == "tr_close":
            if section == "thead_open":
                header = row
            else:
                rows.append(row)
        elif token.type == "table_close":
            found.append((header, rows))
    return found


def headings(text: str) -> list[tuple[int, str]]:
    stream = PARSER.parse(text)
    return [
        (int(token.tag[1]), inline_text(stream[index + 1]))
        for index, token in enumerate(stream)
        if token.type == "heading_open"
    ]


def assert_safe(text: str) -> None:
    """No HTML but our own, no link but to the packet's own anchors, no code or image."""
    for token in tokens(text):
        if token.type in ("html_block", "html_inline"):
            assert OWN_HTML.match(token.content.strip()), token.content
        if token.type == "link_open":
            assert str(token.attrGet("href")).startswith("#"), token.attrGet("href")
        assert token.type not in ("code_block", "image")


# -- the examples ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_renders_in_every_layout(example: Path, layout: str) -> None:
    text = render(example, layout)
    assert_safe(text)
    levels = [level for level, _ in headings(text)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_step_tables_have_the_templates_columns_and_every_step() -> None:
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    found = tables(render(boston))
    assert len(found) == 3  # Goal G4 has no steps
    for header, rows in found:
        assert header == [
            "Key Action Steps",
            "Timeline",
            "Expected Outcome",
            "Data Source, Baseline & Target",
            "Person/Area Responsible",
            "Comments",
        ]
        assert all(len(row) == 6 for row in rows)
    assert sum(len(rows) for _, rows in found) == 11
    assert found[0][1][0][:2] == ["Standardize job descriptions", "May/2013"]


def test_one_page_follows_the_plan_on_a_page_model() -> None:
    guide = next(path for path in EXAMPLES if path.name.startswith("guide-plan-on-a-page"))
    [(header, rows)] = tables(render(guide, "one-page"), bold=True)
    assert header == ["Vision", "Goals", "Key Players", "Action Items", "Metrics"]
    assert len(rows) == 4
    assert rows[0][0] == "Every student performing at or above grade level"
    assert rows[0][2] == "Teachers and paraeducators, parents, students"
    assert rows[0][3].split("\n") == [
        "• Provide students with small group instruction to understand tests",
        "• start a peer tutoring program",
        "• provide students with monthly practice tests.",
    ]


def test_one_page_shows_the_plans_vision_section() -> None:
    demo = next(path for path in EXAMPLES if path.name.startswith("district"))
    text = render(demo, "one-page")
    assert (2, "Vision") in headings(text)
    [(header, rows)] = tables(text, bold=True)
    assert header == ["Goals", "Key Players", "Action Items", "Metrics"]
    assert len(rows) == 3


def test_by_owner_gives_each_owner_a_table_soonest_first() -> None:
    demo = next(path for path in EXAMPLES if path.name.startswith("district"))
    text = render(demo, "by-owner")
    owners = [title for level, title in headings(text) if level == 2]
    assert owners[0] == "Daniel Kim"
    assert "Professional Learning Committee" in owners
    found = tables(text)
    assert len(found) == len(owners)
    header, rows = found[0]
    assert header == ["Due", "Action", "Where", "Outcome", "Status"]
    assert [row[0] for row in rows] == ["2024-10", "2025-03-15", "2025-12", "2027-06 (quarterly)"]
    assert rows[0][2] == "Goal G1 › Objective G1.O1"


def test_all_examples_as_one_packet() -> None:
    files = [(path, path.name) for path in EXAMPLES]
    text = render_packet(files, RenderOptions(to="md")).decode("utf-8")
    assert_safe(text)
    plan_titles = [title for level, title in headings(text) if level == 2]
    assert "Teacher Leader Team Work Plan" in plan_titles
    assert len(re.findall(r"\]\(#plan-\d+\)", text)) == len(EXAMPLES)


# -- plan text stays text ----------------------------------------------------------------


def test_hostile_cells_come_back_whole_each_in_one_cell(tmp_path: Path) -> None:
    text = render(write_hostile(tmp_path))
    assert_safe(text)
    [(header, rows)] = tables(text)
    assert len(header) == 8  # the default template's columns
    assert header[0] == "Action Step"
    cells = [value for row in rows for value in row]
    for value in HOSTILE_CELLS:
        assert cells.count(value) == 1, value
    assert all(len(row) == 8 for row in rows)


def test_hostile_text_outside_tables_stays_text(tmp_path: Path) -> None:
    text = render(write_hostile(tmp_path))
    found = headings(text)
    assert found[0] == (1, "Hostile <b>plan</b> & {{ 7*7 }} | *title*")
    assert (3, "Goal G1: Pipes | and <i>tags</i> {% if x %} #") in found
    assert (3, "Vision") in found
    assert not any("not a heading" in title for _, title in found)
    stream = PARSER.parse(text)
    kinds = {token.type for token in stream}
    assert "blockquote_open" not in kinds  # no problems, so no notice; "> not a quote" is text
    paragraphs = [
        inline_text(stream[index + 1])
        for index, token in enumerate(stream)
        if token.type == "paragraph_open" and token.level == 0
        if not any(child.type == "strong_open" for child in stream[index + 1].children or [])
        if not any(child.type == "html_inline" for child in stream[index + 1].children or [])
    ]
    assert "# not a heading\n- not a list\n1. not a number\n> not a quote\nnot code" in paragraphs
    assert "[not a link](https://example.org) and <img src=x onerror=alert(3)>" in paragraphs
    assert not any(token.type in ("ordered_list_open", "code_block") for token in stream)


def test_jinja_in_plan_text_is_never_run(tmp_path: Path) -> None:
    text = render(write_hostile(tmp_path))
    assert "49" not in text
    assert "{{ 7\\*7 }}" in text
    assert "{% raw %}" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", "a \\| b"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("*x* _y_ `z` [a](b) ~s~", "\\*x\\* \\_y\\_ \\`z\\` \\[a\\](b) \\~s\\~"),
        ("one\ntwo", "one<br>two"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_cell_escaping(text: str, expected: str) -> None:
    assert cell(text) == expected


def test_a_row_from_cells_is_the_row_of_their_texts() -> None:
    cells = [{"field": "action", "heading": "Action", "text": "a | b"}, {"text": "two\nlines"}]
    assert md_row(cells) == md_row(["a | b", "two\nlines"]) == "| a \\| b | two<br>lines |"
    assert md_row(["", 3, None, " "]) == "|  | 3 | None |  |"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# title", "\\# title"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("2024. A year", "2024\\. A year"),
        ("3) three", "3\\) three"),
        ("===", "\\==="),
        ("> quote", "&gt; quote"),
        ("    code", "code"),
        ("Goal #", "Goal \\#"),
        ("Goal #1", "Goal #1"),
        ("-5% absences", "-5% absences"),
    ],
)
def test_line_starts_are_escaped(text: str, expected: str) -> None:
    assert md_line(text) == expected


def test_paragraphs_keep_line_breaks_and_indent_inside_lists() -> None:
    assert md("one\ntwo\n\nthree") == "one\\\ntwo\n\nthree"
    assert md("one\n- two", indent=2) == "one\\\n  \\- two"


# -- layouts -----------------------------------------------------------------------------


def test_a_district_layout_overrides_the_shipped_one(tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    (layouts / "md").mkdir(parents=True)
    (layouts / "md" / "table.md.j2").write_text(
        "# {{ packet.title|md_line }}\n\nOur own layout for {{ packet.plans|length }} plan.\n",
        encoding="utf-8",
    )
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    text = render(boston, layouts_dir=layouts)
    assert text == "# Teacher Leader Team Work Plan\n\nOur own layout for 1 plan.\n"


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("# {{ packet.title }}\n\n{% if %}\n", 3, "syntax error"),
        ("# {{ packet.title }}\n\n{{ packet.nothing_here }}\n", 3, "does not have"),
        ("# {{ packet.title }}\n{{ ''.__class__.__mro__ }}\n", 2, "may not"),
    ],
)
def test_layout_errors_name_the_file_and_line(
    tmp_path: Path, source: str, line: int, words: str
) -> None:
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "broken.md.j2").write_text(source, encoding="utf-8")
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    with pytest.raises(LayoutError) as caught:
        render(boston, "broken", layouts_dir=tmp_path)
    message = str(caught.value)
    assert f"broken.md.j2:{line}" in message
    assert words in message


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    files = [(path, path.name) for path in EXAMPLES]
    for layout in LAYOUTS:
        options = RenderOptions(to="md", layout=layout, date="June 18, 2024")
        assert render_packet(files, options) == render_packet(files, options)


def test_rendering_leaves_the_cycle_collector_as_it_found_it() -> None:
    files = [(EXAMPLES[0], EXAMPLES[0].name)]
    assert gc.isenabled()
    render_packet(files, RenderOptions(to="md"))
    assert gc.isenabled()
    gc.disable()
    try:
        render_packet(files, RenderOptions(to="md"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_notice_and_date_only_when_there_is_something_to_say() -> None:
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    demo = next(path for path in EXAMPLES if path.name.startswith("district"))
    assert render(boston).startswith(
        "> **Note:** The plans in this packet have 13 validation problems; "
        "run `planctl validate` to see them."
    )
    assert "validation problem" not in render(demo)
    assert "**Date:**" not in render(demo)
    assert "- **Date:** June 18, 2024\n" in render(demo, date="June 18, 2024")


def test_footer_names_each_source_and_the_version() -> None:
    boston = next(path for path in EXAMPLES if path.name.startswith("boston"))
    text = render(boston)
    assert "- examples/boston-tlt-work-plan.plan.yaml" in text
    assert text.endswith(f"Rendered by planctl {__version__}.\n")


# -- a very large plan -------------------------------------------------------------------

BIG_STEPS = 20_000


@cache
def big_packet() -> dict[str, Any]:
    """The display data of a plan of 20,000 complete steps in 20 goals, built once.

    Checking such a plan takes longer than rendering it, so both formats'
    tests share one check and call the format modules directly.
    """
    lines = [
        "planctl: 1",
        "template: default",
        "title: A very large plan",
        "period: {start: 2024-07, end: 2027-06}",
        "goals:",
    ]
    for goal in range(20):
        lines += [
            f"  - title: Goal number {goal}",
            "    measure: 90% of the goal's steps done by June 2027",
            "    steps:",
        ]
        lines += [
            f"      - {{action: Step {goal}-{step}, due: 2025-05, outcome: Done,"
            " measure: Survey, owners: Pat Lee}"
            for step in range(BIG_STEPS // 20)
        ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.plan.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        checked = check_file(path, path.name)
    assert checked.doc is not None and not checked.report.problems
    return packet_view(
        [(checked.doc, 0)],
        sources=[{"path": "big.plan.yaml", "commit": "", "state": ""}],
        version=__version__,
        date=None,
        paper="letter",
    )


def test_a_20000_step_plan_renders() -> None:
    text = markdown.render(big_packet(), "table", None).decode("utf-8")
    assert sum(1 for line in text.splitlines() if line.startswith("| Step ")) == BIG_STEPS
