"""A draft's gaps are warnings; its mistakes, and an adopted plan's gaps, are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from planctl.load import load_text
from planctl.problem import Severity
from planctl.validate import check_loaded

ROOT = Path(__file__).resolve().parents[2]

PLAN = """\
planctl: 1
title: Reading plan
status: {status}
period: {{start: 2025-07, end: 2026-06}}
people: [{{name: Ana Ruiz}}]
goals:
  - title: Every third grader reads on grade level
    measures: [At least 80% of third graders read on grade level by June 2026]
    steps:
      - action: Train reading coaches
        due: {due}
        owners: [{owner}]
        outcome: Coaches trained
  - title: A goal still to write
"""


def findings(status: str, due: str = "2025-10", owner: str = "Ana Ruiz") -> set[tuple[str, str]]:
    text = PLAN.format(status=status, due=due, owner=owner)
    checked = check_loaded(load_text(text, "p.plan.yaml"), ROOT)
    return {(problem.rule, problem.severity.value) for problem in checked.report.problems}


@pytest.mark.parametrize("due", ["YYYY-MM", "MM/YYYY", "''"])
def test_a_drafts_gaps_are_warnings(due: str) -> None:
    assert findings("draft", due=due) == {
        ("required-fields", "warning"),  # the step's measure
        ("no-empty-goal", "warning"),
        ("date-format", "warning"),
        ("goal-measure", "warning"),  # a warning in every plan
    }


def test_a_drafts_mistakes_stay_errors() -> None:
    assert findings("draft", due="Mid-way check in", owner="Nobody Known") == {
        ("required-fields", "warning"),
        ("no-empty-goal", "warning"),
        ("date-format", "error"),
        ("owner-in-roster", "error"),
        ("goal-measure", "warning"),
    }


@pytest.mark.parametrize("status", ["adopted", "archived"])
def test_gaps_of_a_plan_that_is_not_a_draft_are_errors(status: str) -> None:
    assert findings(status, due="YYYY-MM") == {
        ("required-fields", "error"),
        ("no-empty-goal", "warning"),  # a warning by default
        ("date-format", "error"),
        ("goal-measure", "warning"),
    }


def test_the_message_says_why_it_is_a_warning() -> None:
    text = PLAN.format(status="draft", due="2025-10", owner="Ana Ruiz")
    checked = check_loaded(load_text(text, "p.plan.yaml"), ROOT)
    gaps = [p for p in checked.report.problems if p.rule == "required-fields"]
    assert gaps and all(p.severity is Severity.WARNING for p in gaps)
    assert all(
        p.message.endswith("(a warning while the plan is a draft; an error once it is adopted)")
        for p in gaps
    )
