"""The timeline layout places dates as district plans write them: yearly dates and school years."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planctl.load import load_text
from planctl.model.plan import StepFields
from planctl.render.timeline import gantt, step_schedule
from planctl.render.view import plan_view
from planctl.validate import check_loaded

ROOT = Path(__file__).resolve().parents[2]

HEAD = """\
planctl: 1
title: Yearly dates
period: {start: SY 2021-22, end: SY 2023-24}
goals:
  - id: G1
    title: One
    steps:
      - action: A
"""


def built() -> Any:
    checked = check_loaded(load_text(HEAD, "y.plan.yaml"), ROOT)
    assert checked.doc is not None
    return checked.doc


# step fields, the milestones the timeline marks: (start, end, text)
YEARLY: list[tuple[dict[str, Any], list[tuple[str, str, str]]]] = [
    ({"due": "By March 30 of each year"}, [
        ("2022-03-30", "2022-03-30", "March 30, 2022"),
        ("2023-03-30", "2023-03-30", "March 30, 2023"),
        ("2024-03-30", "2024-03-30", "March 30, 2024"),
    ]),
    ({"due": "By November of each year"}, [
        ("2021-11-01", "2021-11-30", "November 2021"),
        ("2022-11-01", "2022-11-30", "November 2022"),
        ("2023-11-01", "2023-11-30", "November 2023"),
    ]),
    ({"dates": ["Each fall"]}, [
        ("2021-09-01", "2021-11-30", "Fall 2021"),
        ("2022-09-01", "2022-11-30", "Fall 2022"),
        ("2023-09-01", "2023-11-30", "Fall 2023"),
    ]),
    ({"dates": ["21-22; 22-23"]}, [
        ("2021-07-01", "2022-06-30", "21-22"),
        ("2022-07-01", "2023-06-30", "22-23"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "milestones"), YEARLY)
def test_each_occurrence_is_marked(
    fields: dict[str, Any], milestones: list[tuple[str, str, str]]
) -> None:
    found = step_schedule(built(), StepFields(action="A", **fields))
    assert [(m["start"], m["end"], m["text"]) for m in found["milestones"]] == milestones
    assert (found["start"], found["missing"]) == ("", "")


def test_the_chart_spans_the_school_years_and_marks_each_march() -> None:
    text = HEAD.replace(
        "      - action: A\n", "      - {action: A, due: By March 30 of each year}\n"
    )
    checked = check_loaded(load_text(text, "y.plan.yaml"), ROOT)
    assert checked.doc is not None
    chart = gantt(plan_view(checked.doc, 1, 0), "2022-01-01")
    months = [(month["year"], month["month"]) for month in chart["months"]]
    assert (months[0], months[-1], len(months)) == ((2021, 7), (2024, 6), 36)
    row = chart["groups"][0]["rows"][0]
    marked = [months[index] for index, mark in enumerate(row["marks"]) if mark]
    assert marked == [(2022, 3), (2023, 3), (2024, 3)]
