"""``planctl status`` and a step's checklist: its status when it records none, its count shown."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from planctl.progress.status import plan_progress
from tests.test_status import build, one, plan, run_status, step

ON = "2013-09-01"


def _tasks(*done: bool | str) -> list[dict[str, Any]]:
    return [{"task": f"Item {index}", "done": flag} for index, flag in enumerate(done, 1)]


@pytest.mark.parametrize(
    ("done", "status", "label"),
    [
        (
            (True, True, "2013-08", False, False),
            "in-progress",
            "In progress (3 of 5 tasks done, 60%)",
        ),
        ((True, "2013-08-20"), "done", "Done (2 of 2 tasks done, 100%)"),
        ((False, "no"), "not-started", "Not started (0 of 2 tasks done, 0%)"),
    ],
)
def test_a_step_without_a_status_takes_it_from_its_tasks(
    done: tuple[bool | str, ...], status: str, label: str
) -> None:
    found = one(step("Order books", due="2013-12", tasks=_tasks(*done)), ON)
    assert found.status == status
    assert found.progress_label == label
    assert found.tasks_percent == round(100 * found.tasks_done / found.tasks_total)


def test_plain_text_items_are_not_done_yet() -> None:
    found = one(step("Order books", due="2013-12", tasks=["Order", "Shelve"]), ON)
    assert (found.status, found.tasks_done, found.tasks_total) == ("not-started", 0, 2)


@pytest.mark.parametrize(
    "own", [{"status": "blocked"}, {"updates": [{"date": "2013-08", "status": "Blocked"}]}]
)
def test_a_written_status_wins_over_the_tasks(own: dict[str, Any]) -> None:
    found = one(step("Order books", due="2013-12", tasks=_tasks(True, True), **own), ON)
    assert found.status == "blocked"
    assert found.progress_label == "Blocked (2 of 2 tasks done, 100%)"


def test_a_completed_date_wins_over_the_tasks() -> None:
    found = one(step("Order books", completed="2013-08", tasks=_tasks(False)), ON)
    assert found.status == "done"
    assert found.completed == date(2013, 8, 31)


def test_a_checklist_done_item_by_item_is_done_on_its_last_items_day() -> None:
    found = one(step("Order books", due="2013-12", tasks=_tasks("2013-08-05", "2013-08-20")), ON)
    assert found.completed == date(2013, 8, 20)
    assert found.recently_done


def test_a_checklist_done_without_dates_has_no_completion_day() -> None:
    found = one(step("Order books", due="2013-12", tasks=_tasks(True, "2013-08-20")), ON)
    assert found.status == "done"
    assert found.completed is None and not found.recently_done


def test_a_step_without_tasks_says_nothing_of_them() -> None:
    found = one(step("Order books", due="2013-12", status="in-progress"), ON)
    assert found.tasks_total == 0 and found.tasks_text == "" and found.tasks_percent is None
    assert found.progress_label == "In progress"


def test_steps_done_by_their_tasks_count_in_completion() -> None:
    text = plan(
        step("A", due="2013-12", tasks=_tasks(True, True)),
        step("B", due="2013-12", tasks=_tasks(True, False)),
    )
    progress = plan_progress(build(text), as_of=date.fromisoformat(ON), window=30)
    assert progress.rollup.done == 1
    assert [s.status for s in progress.steps] == ["done", "in-progress"]


def test_every_format_shows_the_count(tmp_path: Path) -> None:
    path = tmp_path / "p.plan.yaml"
    path.write_text(
        plan(step("Order books", due="2013-06", tasks=_tasks(True, True, True, False, False))),
        encoding="utf-8",
    )
    report = json.loads(run_status([str(path)], "json", as_of=ON))
    [found] = report["steps"]
    assert found["status"] == "in-progress"
    assert found["tasks"] == {"done": 3, "total": 5, "percent": 60}
    assert "In progress (3 of 5 tasks done, 60%)" in run_status([str(path)], "text", as_of=ON)
    markdown = run_status([str(path)], "md", as_of=ON)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [token.content for token in tokens if token.type == "inline"]
    assert "In progress (3 of 5 tasks done, 60%)" in cells
