"""A step's checklist: items as text or mappings, what counts as done, odd items as problems."""

from __future__ import annotations

import pytest

from planctl.load import load_text
from planctl.model.build import PlanDoc, build
from planctl.model.tasks import (
    done_word,
    status_from_tasks,
    task_counts,
    tasks_of,
    tasks_percent,
    tasks_text,
)
from planctl.template import load_builtin

PLAN = """\
planctl: 1
goals:
  - title: Literacy
    steps:
      - action: Adopt a new curriculum
        tasks:
          - Order books
          - task: Train coaches
            owner: Ana Ruiz
            due: 2025-01
            done: true
          - {task: Pilot units, owners: [Ana Ruiz, Ben Cho], done: 2025-02}
          - {task: "  Share   results ", done: no}
          - 2025
"""

STEP = "planctl: 1\ngoals:\n  - title: G\n    steps:\n      - action: A\n"


def _build(text: str) -> PlanDoc:
    loaded = load_text(text, "p.plan.yaml")
    assert not loaded.problems
    return build(loaded, load_builtin("default"))


def test_items_are_read_as_text_or_mappings_with_their_places() -> None:
    doc = _build(PLAN)
    assert doc.problems == []
    [step] = doc.steps()
    items = tasks_of(step)
    assert [item.text for item in items] == [
        "Order books",
        "Train coaches",
        "Pilot units",
        "Share results",
        "2025",
    ]
    assert [item.done for item in items] == [False, True, True, False, False]
    assert items[2].done_on == "2025-02" and items[1].done_on is None
    assert items[1].due == "2025-01"
    assert items[1].owners == ((("goals", 0, "steps", 0, "tasks", 1, "owner"), "Ana Ruiz"),)
    assert items[2].names == ["Ana Ruiz", "Ben Cho"]
    assert items[2].owners[1][0] == ("goals", 0, "steps", 0, "tasks", 2, "owners", 1)
    assert items[1].where == (
        "Goal 1 › Action step 1 'Adopt a new curriculum' › Task 2 'Train coaches'"
    )
    assert task_counts(items) == (2, 5)


def test_a_node_without_a_checklist_has_none() -> None:
    doc = _build(PLAN)
    [goal] = doc.roots
    assert tasks_of(goal) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, (True, None)),
        (False, (False, None)),
        (None, (False, None)),
        ("Yes", (True, None)),
        ("not yet", (False, None)),
        ("", (False, None)),
        ("January 2025", (True, "January 2025")),
    ],
)
def test_done_is_true_false_a_word_or_a_date(
    value: bool | str | None, expected: tuple[bool, str | None]
) -> None:
    assert done_word(value) == expected


@pytest.mark.parametrize(
    ("done", "status", "text", "percent"),
    [
        ([True, True, False, False, True], "in-progress", "3 of 5 tasks done", 60),
        ([True, True], "done", "2 of 2 tasks done", 100),
        ([False], "not-started", "0 of 1 task done", 0),
    ],
)
def test_a_checklist_gives_its_step_a_status(
    done: list[bool], status: str, text: str, percent: int
) -> None:
    lines = "\n".join(
        f"          - {{task: Item {index}, done: {str(flag).lower()}}}"
        for index, flag in enumerate(done)
    )
    doc = _build(f"{STEP}        tasks:\n{lines}\n")
    items = tasks_of(next(doc.steps()))
    assert status_from_tasks(items) == status
    assert tasks_text(*task_counts(items)) == text
    assert tasks_percent(*task_counts(items)) == percent


def test_no_checklist_gives_no_status() -> None:
    assert status_from_tasks([]) == ""
    assert tasks_text(0, 0) == ""
    assert tasks_percent(0, 0) is None


@pytest.mark.parametrize(
    ("item", "line", "says"),
    [
        ("null", 7, "should be text, not an empty value"),
        ("[a, b]", 7, "should be text, not a list"),
        ("{owner: Ana}", 7, "'task' is missing"),
        ("{task: A, title: B}", 7, "'title' is not a field"),
        ("{task: A, done: [1]}", 7, "tasks item 1.done"),
        ("{task: [A], due: {a: 1}}", 7, "tasks item 1.task"),
    ],
)
def test_odd_items_are_problems_at_their_line_with_the_forms_to_write(
    item: str, line: int, says: str
) -> None:
    doc = _build(f"{STEP}        tasks:\n          - {item}\n")
    assert doc.problems, item
    problem = doc.problems[0]
    assert problem.line == line
    assert says in problem.message
    assert "'- task: Order books'" in problem.hint
    assert problem.where == "Goal 1 › Action step 1 'A'"


@pytest.mark.parametrize("value", ["3", "text", "{task: A}", "null", "[]"])
def test_tasks_that_are_not_a_list_are_a_problem(value: str) -> None:
    doc = _build(f"{STEP}        tasks: {value}\n")
    if value == "[]":
        assert doc.problems == []
        assert tasks_of(next(doc.steps())) == []
    else:
        assert [problem.line for problem in doc.problems] == [6]
        assert "'tasks' should be a list" in doc.problems[0].message
