"""Hostile text under a Word packet's rows: it comes back as written, and big logs still fit.

The rows under steps and the goals' measures in full are built as Word XML in code
(:mod:`planctl.render.docx_details`), not by docxtpl; whatever a plan writes in a resource,
an update note, a figure's note, a person's role or a reason for setting a check aside must
come back exactly as text: no markup, no Jinja, no placeholder taken for planctl's own, no
control character Word cannot hold. A step with hundreds of updates or a measure with
hundreds of figures renders in reasonable time, and a row under a step too tall for a page
is allowed to break across pages (Word cuts off a row that may not break).
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
from docx.oxml.ns import qn

from planctl.render import RenderOptions, render_packet
from tests.test_hostile import TIMEOUT

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "Tom & Jerry &amp; friends",
    "[[planctl:table:0:0000000000000000]]",
    "]]></w:t></w:r><w:r><w:t>",
]

HEAD = "planctl: 1\ntemplate: default\ntitle: Hostile\nperiod: {start: 2024-07, end: 2026-06}\n"


def _plan(folder: Path, body: str) -> Path:
    path = folder / "hostile.plan.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(path: Path) -> str:
    data = render_packet([(path, path.name)], RenderOptions(to="docx", date="2025-06-30"))
    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join(
        "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for paragraph in body.iter(qn("w:p"))
    )


def test_hostile_text_in_details_measures_and_people_comes_back_literally(
    tmp_path: Path,
) -> None:
    values = [f"{value} #{number}" for number, value in enumerate(HOSTILE)]
    q = [_quoted(value) for value in values]
    plan = (
        HEAD
        + f"""\
people:
  - {{name: Pat Lee, role: {q[0]}, email: {q[1]}}}
silence:
  date-in-period: {q[2]}
goals:
  - title: Goal
    comments: {q[3]}
    measure:
      indicator: {q[4]}
      unit: "%"
      baseline: {{value: 10, note: {q[5]}}}
      target: {{value: 20, by: 2026-06, note: {q[0]}}}
    steps:
      - action: Act
        due: 2024-09
        outcome: o
        measure: m
        owners: [Pat Lee]
        resources: [{q[1]}, {q[2]}]
        benefits: "bell\\a and \\e[31m escape {q[3][1:-1]}"
        updates:
          - {{date: 2024-09-01, note: {q[4]}}}
          - {{date: 2024-10-01, note: {q[5]}}}
"""
    )
    text = _render(_plan(tmp_path, plan))
    for value in values:
        assert value in text, value
    assert "bell and [31m escape" in text  # the control characters are dropped, no more


def test_a_long_update_log_and_many_figures_render_and_may_break_across_pages(
    tmp_path: Path,
) -> None:
    updates = "\n".join(
        f"          - {{date: 2024-09-{1 + day % 28:02d}, note: Update number {day}}}"
        for day in range(400)
    )
    actuals = "\n".join(
        f"          - {{value: {number % 100}, as_of: 2025-01, note: Reading {number}}}"
        for number in range(300)
    )
    plan = (
        HEAD
        + f"""\
goals:
  - title: Goal
    steps:
      - action: Act
        due: 2024-09
        outcome: o
        owners: [Pat Lee]
        measure:
          indicator: Readers
          unit: "%"
          baseline: 1
          target: 2
          actuals:
{actuals}
        updates:
{updates}
"""
    )
    started = time.monotonic()
    data = render_packet(
        [(_plan(tmp_path, plan), "long.plan.yaml")], RenderOptions(to="docx", date="2025-06-30")
    )
    assert time.monotonic() - started < TIMEOUT
    document = docx.Document(io.BytesIO(data))
    [table] = document.tables
    rows = table._tbl.findall(qn("w:tr"))
    assert len(rows) == 3  # the header, the step, the row under it
    under = rows[2]
    assert under.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None
    text = "".join(t.text or "" for t in under.iter(qn("w:t")))
    assert "Update number 0" in text and "Update number 399" in text
    [figures] = under.findall(f".//{qn('w:tbl')}")
    assert len(figures.findall(qn("w:tr"))) == 1 + 2 + 300
