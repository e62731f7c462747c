"""``planctl diff`` and a step's checklist: each task added, removed, renamed, done or re-dated."""

from __future__ import annotations

from typing import Any

from tests.test_diff import diff_texts, kinds_and_messages, plan, step

WHERE = "Goal G1 › Action step 1 'Adopt curriculum'"


def _plan(tasks: list[Any]) -> str:
    return plan(("Reading", [step("Adopt curriculum", due="2025-06", tasks=tasks)]))


def test_each_change_to_a_checklist_is_reported_in_words() -> None:
    old = _plan(
        [
            {"task": "Order books", "due": "2025-01"},
            {"task": "Train coaches", "owner": "Ana Ruiz", "done": True},
            "Pilot units",
            "Share results",
        ]
    )
    new = _plan(
        [
            {"task": "Order books", "due": "2025-02", "done": "2025-02-03"},
            {"task": "Train coaches", "owners": ["Ana Ruiz", "Ben Cho"]},
            "Pilot two units",
            "Celebrate",
        ]
    )
    assert kinds_and_messages(diff_texts(old, new)) == [
        ("task-done", f"{WHERE}: task 'Order books' done (2025-02-03)"),
        ("task-changed", f"{WHERE}: task 'Order books' due changed: 2025-01 → 2025-02"),
        ("task-reopened", f"{WHERE}: task 'Train coaches' no longer done"),
        ("task-changed", f"{WHERE}: task 'Train coaches' owners changed: added Ben Cho"),
        ("task-renamed", f"{WHERE}: task renamed: 'Pilot units' → 'Pilot two units'"),
        ("task-renamed", f"{WHERE}: task renamed: 'Share results' → 'Celebrate'"),
    ]


def test_tasks_added_and_removed_and_moved_in_the_list() -> None:
    # A task moved in the list is no change; a new text at another place is a new task.
    old = _plan(["Order books", "Train coaches", "Pilot units"])
    new = _plan(["Pilot units", "Order books", "Celebrate"])
    changes = diff_texts(old, new)
    assert kinds_and_messages(changes) == [
        ("task-added", f"{WHERE}: task added: 'Celebrate'"),
        ("task-removed", f"{WHERE}: task removed: 'Train coaches'"),
    ]
    new = _plan(["Pilot units", "Order books", "Celebrate", "Report"])
    old = _plan(["Order books", "Pilot units", "Train coaches"])
    assert kinds_and_messages(diff_texts(old, new)) == [
        ("task-renamed", f"{WHERE}: task renamed: 'Train coaches' → 'Celebrate'"),
        ("task-added", f"{WHERE}: task added: 'Report'"),
    ]
    assert kinds_and_messages(diff_texts(new, old))[-1] == (
        "task-removed",
        f"{WHERE}: task removed: 'Report'",
    )


def test_the_same_checklist_written_another_way_is_no_change() -> None:
    old = _plan([{"task": "Order  books", "due": "May/2025", "done": "yes"}, "Pilot units"])
    new = _plan([{"task": "order books", "due": "2025-05", "done": True}, {"task": "Pilot units"}])
    assert kinds_and_messages(diff_texts(old, new)) == []


def test_the_summary_counts_tasks_done_and_other_checklist_changes() -> None:
    old = _plan(["Order books", "Pilot units"])
    new = _plan([{"task": "Order books", "done": True}, "Pilot units", "Report"])
    diff = diff_texts(old, new)
    assert "1 task done" in diff.summary()
    assert "1 checklist change" in diff.summary()
