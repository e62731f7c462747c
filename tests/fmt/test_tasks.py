"""``planctl fmt`` and a step's checklist: it moves under the action with its comments, intact."""

from __future__ import annotations

from pathlib import Path

from planctl.fmt import format_text, step_order
from planctl.load import load_text
from planctl.template import load_builtin, load_template_path

DEFAULT = load_builtin("default")

MESSY = """\
planctl: 1
goals:
  - title: Literacy
    steps:
      - due: 2025-03     # when
        action: Adopt curriculum
        owners: Ana Ruiz
        # the checklist
        tasks:
          - Order books   # first
          - done: true
            task: Train coaches    # second
            owner: Ana Ruiz
          # between two tasks
          - {done: 2025-01, task: Pilot units}
        outcome: Curriculum in use
"""

TIDY = """\
planctl: 1
goals:
  - title: Literacy
    steps:
      - action: Adopt curriculum
        # the checklist
        tasks:
          - Order books   # first
          - done: true
            task: Train coaches    # second
            owner: Ana Ruiz
          # between two tasks
          - {done: 2025-01, task: Pilot units}
        due: 2025-03     # when
        owners: Ana Ruiz
        outcome: Curriculum in use
"""


def test_tasks_come_right_after_the_action_and_description() -> None:
    order = step_order(DEFAULT)
    assert order.index("tasks") == order.index("description") + 1


def test_the_checklist_moves_with_its_comments_and_each_task_is_kept_as_written() -> None:
    assert format_text(MESSY, template=DEFAULT) == TIDY
    assert format_text(TIDY, template=DEFAULT) == TIDY
    before = load_text(MESSY, "p").data["goals"][0]["steps"][0]["tasks"]
    after = load_text(TIDY, "p").data["goals"][0]["steps"][0]["tasks"]
    assert before == after


def test_a_template_column_for_tasks_gives_them_its_place(tmp_path: Path) -> None:
    (tmp_path / "district.yaml").write_text(
        "planctl-template: 1\nname: district\nextends: default\ncolumns:\n"
        "  - {field: action, heading: Action}\n"
        "  - {field: due, heading: Due}\n"
        "  - {field: tasks, heading: Sub-actions}\n",
        encoding="utf-8",
    )
    template = load_template_path(tmp_path / "district.yaml", "district.yaml", None)
    order = step_order(template)
    assert order.index("due") < order.index("tasks")
