"""Hostile status words: long, look-alike or invisible spellings are reported, quickly, never
taken for a status and never a crash."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_hostile import json_run, planctl

STEP = """\
      - action: Step {number}
        due: 2025-05
        owners: Shakera Walker
        outcome: Tutors trained
        measure: Twelve tutors trained by May 2025
        status: {status}
"""


def write_plan(path: Path, statuses: list[str]) -> Path:
    head = "planctl: 1\ntitle: Reading plan\ngoals:\n  - title: Every child reads\n    steps:\n"
    steps = "".join(
        STEP.format(number=number, status=json.dumps(status))
        for number, status in enumerate(statuses, 1)
    )
    path.write_text(head + steps, encoding="utf-8")
    return path


def test_long_unknown_status_words_are_each_reported_in_time(tmp_path: Path) -> None:
    statuses = [f"{'in progress ' * 300}{number}" for number in range(300)]
    plan = write_plan(tmp_path / "long.plan.yaml", statuses)
    problems = json_run(plan.name, cwd=tmp_path, max_mib=400)[plan.name]
    found = [p for p in problems if p.rule == "status-word"]
    assert len(found) == len(statuses)
    assert all(p.where.startswith("Goal 1 › Action step ") for p in found)


def test_look_alike_and_invisible_spellings_are_not_status_words(tmp_path: Path) -> None:
    tricks = [
        "In\u200bProgress",  # a zero-width space inside
        "Ｄｏｎｅ",  # fullwidth letters
        "Dоne",  # a Cyrillic o
        "In\u202eProgress",  # a right-to-left override
        "done.",
    ]
    plan = write_plan(tmp_path / "tricks.plan.yaml", tricks)
    problems = json_run(plan.name, cwd=tmp_path)[plan.name]
    found = [p for p in problems if p.rule == "status-word"]
    assert [p.line for p in found] == [11 + 6 * index for index in range(len(tricks))]
    # At a terminal, the override is shown escaped, not obeyed.
    text = planctl("validate", plan.name, cwd=tmp_path)
    assert text.returncode == 1, text.stderr
    assert "\u202e" not in text.stdout
    assert "is not a status word" in text.stdout
