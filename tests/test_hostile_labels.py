"""Ids written to break the places planctl names: huge, control characters, not text.

A node's id is part of every location below it, so an id is shown the way
plan text is (control and bidirectional characters as escapes), a very long
one is shortened, and an id that is not text leaves the node its position.
These are real processes with the limits of :func:`tests.test_hostile.planctl`.
"""

from __future__ import annotations

import json
from pathlib import Path

from planctl.vocabulary.labels import ID_LIMIT
from tests.test_hostile import planctl

STEP = (
    "    measure: 80% of students read on grade level by June 2025\n"
    "    steps:\n      - {action: Step, due: 2025-05, outcome: O, measure: M, owners: Ana}\n"
)


def plan(tmp_path: Path, *goals: str) -> Path:
    path = tmp_path / "hostile.plan.yaml"
    text = "planctl: 1\ngoals:\n" + "".join(f"  - {goal}\n{STEP}" for goal in goals)
    path.write_text(text, encoding="utf-8")
    return path


def wheres(tmp_path: Path, path: Path) -> list[str]:
    run = planctl("validate", "--format", "json", path.name, cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    return [p["where"] for p in json.loads(run.stdout)["files"][0]["problems"]]


def test_a_huge_id_is_shortened_in_every_location(tmp_path: Path) -> None:
    huge = "9" * 5000
    path = plan(tmp_path, f"id: {huge}\n    title: T", f"id: '{huge}x'\n    title: U")
    run = planctl("status", "--format", "json", "--as-of=2025-01-01", path.name, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    trails = [step["trail"] for step in json.loads(run.stdout)["steps"]]
    shortened = "Goal " + "9" * (ID_LIMIT - 1) + "…"
    assert trails == [f"{shortened} › Action step 1"] * 2
    # The two ids are still two ids (the rules read them whole): no duplicate is reported.
    assert wheres(tmp_path, path) == []


def test_control_and_bidirectional_characters_in_an_id_are_escaped(tmp_path: Path) -> None:
    path = plan(tmp_path, 'id: "\\u202eG1\\u0007"\n    title: ""')
    run = planctl("validate", "--format", "text", path.name, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "Goal \\u202eG1\\x07: this goal has no title" in run.stdout
    assert "\u202e" not in run.stdout and "\x07" not in run.stdout


def test_an_id_that_is_not_text_leaves_the_node_its_position(tmp_path: Path) -> None:
    path = plan(tmp_path, "id: [1, 2]\n    title: A", "id: true\n    title: B", "id: {a: 1}")
    assert wheres(tmp_path, path) == ["Goal 1 'A'", "Goal 2 'B'", "Goal 3"]
