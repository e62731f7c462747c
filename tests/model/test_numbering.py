"""A plan's own numbering and its template's level labels name every place in it.

A node with an ``id`` is named by it (``Goal 3 › Objective 3.READ``); one
without by its position among its siblings; each level by the label its
template gives it (``Action step``, ``Key action step``, ``Task``). Problems,
``planctl status``, ``planctl diff`` and ``planctl export`` all say it so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from planctl.cli import app
from planctl.load import load_text
from planctl.model.build import Node, PlanDoc, build
from planctl.template import load_builtin
from planctl.vocabulary.labels import ID_LIMIT, label, numbering

# --------------------------------------------------------------------------
# The label of one node


@pytest.mark.parametrize(
    ("level", "number", "ident", "expected"),
    [
        ("Goal", 1, "3", "Goal 3"),
        ("Goal", 1, "3.READ", "Goal 3.READ"),
        ("Goal", 2, "G1", "Goal G1"),
        ("Strategy", 1, "Strategy 2C", "Strategy 2C"),
        ("Goal", 1, "Goal #1", "Goal #1"),
        ("Goal", 1, "goal 4", "goal 4"),  # the id as written, whatever its case
        ("Goal", 1, "GOAL-4", "GOAL-4"),
        ("Key action step", 3, "key  action step 3", "key action step 3"),
        ("Goal", 1, "Goals 2", "Goal Goals 2"),  # "Goals" is not the word "Goal"
        ("Goal", 1, "Goalkeeping", "Goal Goalkeeping"),
        ("Action step", 3, None, "Action step 3"),
        ("Action step", 3, "", "Action step 3"),
        ("Action step", 3, "  \n ", "Action step 3"),
        ("Task", 2, " 3.1\n", "Task 3.1"),
    ],
)
def test_a_label_is_the_level_and_the_id_or_the_position(
    level: str, number: int, ident: str | None, expected: str
) -> None:
    assert label(level, number, ident) == expected


def test_numbering_is_the_id_as_written_or_the_position() -> None:
    assert numbering(4, "3.READ") == "3.READ"
    assert numbering(4, "Strategy  2C") == "Strategy 2C"
    assert numbering(4, None) == "4"
    assert numbering(4, " ") == "4"


def test_a_long_id_is_shortened_in_labels() -> None:
    ident = "Every student reads on grade level by the end of grade three, " * 3
    shown = label("Goal", 1, ident)
    assert shown.startswith("Goal Every student reads")
    assert shown.endswith("…")
    assert len(shown) == len("Goal ") + ID_LIMIT


# --------------------------------------------------------------------------
# Nodes of a plan numbered by its district

DISTRICT = """\
planctl: 1
title: Riverbend Literacy Plan
period: {start: 2024-07, end: 2026-06}
goals:
  - id: 3
    title: Every child reads by grade 3
    objectives:
      - id: 3.READ
        title: Daily reading blocks
        steps:
          - id: "3.1"
            action: Train reading tutors
            due: 2025-05
            outcome: Tutors trained
            measure: Sign-in sheets
            owners: Ana Ruiz
          - action: Buy leveled books
            due: 2025-13
            outcome: Books in every room
            measure: Book inventory
            owners: Ana Ruiz
  - title: Families read at home
    steps:
      - action: Hold family reading nights
        due: 2025-03
        outcome: Four nights held
        measure: Attendance
        owners: Ben Cole
        status: blocked
  - id: 12
    title: Count what we do
    steps:
      - id: 12.1
        action: Publish a reading dashboard
        due: 2025-08
        outcome: Dashboard online
        owners: Ben Cole
      - Report to the board
"""


def build_text(text: str, template: str = "default") -> PlanDoc:
    return build(load_text(text, "district.plan.yaml"), load_builtin(template))


def by_title(doc: PlanDoc) -> dict[str, Node]:
    return {node.title: node for node in doc.nodes()}


def test_nodes_are_named_by_their_ids_and_the_rest_by_position() -> None:
    nodes = by_title(build_text(DISTRICT))
    assert nodes["Every child reads by grade 3"].label == "Goal 3"
    assert nodes["Daily reading blocks"].trail == "Goal 3 › Objective 3.READ"
    assert nodes["Train reading tutors"].trail == "Goal 3 › Objective 3.READ › Action step 3.1"
    # Without an id, a node keeps its position, even among siblings with ids.
    assert nodes["Buy leveled books"].trail == "Goal 3 › Objective 3.READ › Action step 2"
    assert nodes["Families read at home"].label == "Goal 2"
    assert nodes["Count what we do"].label == "Goal 12"
    assert nodes["Publish a reading dashboard"].where == (
        "Goal 12 › Action step 12.1 'Publish a reading dashboard'"
    )
    # The position stays on the node for anchors and exports.
    assert [node.number for node in build_text(DISTRICT).roots] == [1, 2, 3]
    assert nodes["Daily reading blocks"].numbering == "3.READ"
    assert nodes["Families read at home"].numbering == "2"


def test_a_number_id_is_named_as_written_and_read_as_that_text() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - id: 3.10\n"
        "    title: Tenth\n"
        "    steps:\n"
        "      - {id: 007, action: Seventh}\n"
        "  - id: 3.1\n"
        "    title: First\n"
    )
    doc = build_text(text)
    tenth, first = doc.roots
    assert tenth.label == "Goal 3.10"
    assert tenth.children[0].label == "Action step 007"
    assert first.label == "Goal 3.1"
    # The ids every rule reads are the written text too: 3.10 and 3.1 are two ids.
    assert tenth.fields is not None and tenth.fields.id == "3.10"
    assert first.fields is not None and first.fields.id == "3.1"


def test_a_number_id_reached_through_an_alias_is_its_value_not_the_alias() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - &reading\n"
        "    id: 5\n"
        "    title: Reading\n"
        "  - *reading\n"
        "  - {id: &four 4, title: Four}\n"
        "  - {id: *four, title: Again}\n"
    )
    assert [goal.label for goal in build_text(text).roots] == [
        "Goal 5",
        "Goal 5",
        "Goal 4",
        "Goal 4",
    ]


# --------------------------------------------------------------------------
# Through the commands


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        app, [str(arg) for arg in args], env={"COLUMNS": "200"}, catch_exceptions=False
    )


@pytest.fixture
def district(tmp_path: Path) -> Path:
    path = tmp_path / "district.plan.yaml"
    path.write_text(DISTRICT, encoding="utf-8")
    return path


def test_problems_are_located_by_the_district_numbering(district: Path) -> None:
    text = run("validate", "--format", "text", district).stdout
    assert (
        "error [date-format] Goal 3 › Objective 3.READ › Action step 2 'Buy leveled books': "
        in text
    )
    assert "[required-fields] Goal 12 › Action step 12.1 'Publish a reading dashboard': " in text
    assert (
        "[plan-structure] Goal 12 › Action step 2: "
        "each action step should be a mapping of fields, not 'Report to the board'" in text
    )
    report = json.loads(run("validate", "--format", "json", district).stdout)
    wheres = {problem["where"] for problem in report["files"][0]["problems"]}
    assert wheres == {
        "Goal 3 › Objective 3.READ › Action step 2 'Buy leveled books'",
        "Goal 12 › Action step 12.1 'Publish a reading dashboard'",
        "Goal 12 › Action step 2",
        # goal-measure: the goals state no measure
        "Goal 3 'Every child reads by grade 3'",
        "Goal 2 'Families read at home'",
        "Goal 12 'Count what we do'",
    }


def test_status_names_steps_and_rollups_by_the_district_numbering(district: Path) -> None:
    as_of = "--as-of=2025-04-01"
    data: dict[str, Any] = json.loads(run("status", "--format", "json", as_of, district).stdout)
    steps = {step["action"]: step for step in data["steps"]}
    assert steps["Train reading tutors"]["trail"] == "Goal 3 › Objective 3.READ › Action step 3.1"
    assert steps["Hold family reading nights"]["where"] == (
        "Goal 2 › Action step 1 'Hold family reading nights'"
    )
    goals = data["rollup"][0]["goals"]
    assert [(goal["label"], goal["id"]) for goal in goals] == [
        ("Goal 3", "3"),
        ("Goal 2", ""),
        ("Goal 12", "12"),
    ]
    (objective,) = goals[0]["objectives"]
    assert objective["where"] == "Goal 3 › Objective 3.READ 'Daily reading blocks'"
    markdown = run("status", "--format", "md", as_of, district).stdout
    assert "| Goal 2 › Action step 1 'Hold family reading nights' |" in markdown
    assert "Goal 3 › Objective 3.READ Daily reading blocks" in markdown
    text = run("status", "--format", "text", as_of, district).stdout
    assert "Goal 2 › Action step 1 'Hold family reading nights'" in text
    assert "Objective 3.READ Daily reading blocks" in text


def test_diff_names_places_by_the_district_numbering(district: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.plan.yaml"
    new.write_text(
        DISTRICT.replace("due: 2025-05", "due: 2025-06").replace(
            "Hold family reading nights", "Hold family reading evenings"
        ),
        encoding="utf-8",
    )
    result = run("diff", "--format", "json", district, new)
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["plans"][0]["changes"]
    assert [(change["kind"], change["where"]) for change in changes] == [
        ("due-moved", "Goal 3 › Objective 3.READ › Action step 3.1 'Train reading tutors'"),
        ("step-renamed", "Goal 2 › Action step 1 'Hold family reading evenings'"),
    ]
    text = run("diff", district, new).stdout
    assert "  Goal 3 'Every child reads by grade 3'\n" in text
    assert "    ~ Objective 3.READ › Action step 3.1 'Train reading tutors': due moved" in text


def test_exports_name_goals_by_the_district_numbering(district: Path) -> None:
    rows = run("export", "--format", "csv", district).stdout.splitlines()
    tutors = next(row for row in rows if "Train reading tutors" in row)
    assert tutors.startswith(
        f"{district},Riverbend Literacy Plan,Goal 3: Every child reads by grade 3,"
        "Objective 3.READ: Daily reading blocks,1,3.1,"
    )
    data = json.loads(run("export", "--format", "json", district).stdout)
    goal = data["plans"][0]["tree"][0]
    assert (goal["label"], goal["number"], goal["trail"]) == ("Goal 3", 1, "Goal 3")
    calendar = run("export", "--format", "ics", "--as-of=2025-01-01", district).stdout
    assert "Goal 3 › Objective 3.READ › Action step 3.1 'Train reading tutors'" in (
        calendar.replace("\n ", "").replace("\\,", ",")
    )


# --------------------------------------------------------------------------
# The template's own labels


STRATEGIES = """\
planctl: 1
template: lmsd-action-plan
strategies:
  - id: Strategy 2C
    title: Coach every new teacher
    steps:
      - action: Pair new teachers with mentors
  - id: 2D
    title: Share what works
    steps:
      - action: Publish a practice library
"""

BOSTON = """\
planctl: 1
template: tlt-work-plan
goals:
  - id: G1
    title: Communication
    steps:
      - action: Standardize job descriptions
      - Host a meeting
"""


def test_built_in_templates_name_their_levels_in_their_own_words() -> None:
    strategies = build(load_text(STRATEGIES, "s.plan.yaml"), load_builtin("lmsd-action-plan"))
    assert [step.trail for step in strategies.steps()] == [
        "Strategy 2C › Action step 1",
        "Strategy 2D › Action step 1",
    ]
    boston = build(load_text(BOSTON, "b.plan.yaml"), load_builtin("tlt-work-plan"))
    assert [step.where for step in boston.steps()] == [
        "Goal G1 › Key action step 1 'Standardize job descriptions'"
    ]
    (structure,) = [p for p in boston.problems if p.rule == "plan-structure"]
    assert structure.where == "Goal G1 › Key action step 2"
    assert structure.message.startswith("each key action step should be a mapping of fields")


INDICATORS_TEMPLATE = """\
planctl-template: 1
name: indicators
extends: default
levels:
  - key: goals
    label: Goal
  - key: indicators
    label: Indicator
  - key: subindicators
    label: Subindicator
    optional: true
  - key: steps
    label: Task
"""

INDICATORS = """\
planctl: 1
template: ./indicators.yaml
goals:
  - id: 3
    title: Safe schools
    indicators:
      - id: C
        title: Attendance
        subindicators:
          - id: A
            title: Chronic absence
            steps:
              - action: Call home on the second absence
                outcome: Calls logged
                measure: Call log
                owners: Ana Ruiz
              - action: Publish absence data
                due: 2025-05
                outcome: Data published
                measure: Dashboard
                owners: Ana Ruiz
      - title: Belonging
        steps:
          - id: T7
            action: Survey students
            due: 2025-04
            owners: Ben Cole
            outcome: Survey done
"""


def test_a_districts_template_labels_name_every_place(tmp_path: Path) -> None:
    (tmp_path / "indicators.yaml").write_text(INDICATORS_TEMPLATE, encoding="utf-8")
    plan = tmp_path / "safe.plan.yaml"
    plan.write_text(INDICATORS, encoding="utf-8")
    report = json.loads(run("validate", "--format", "json", plan).stdout)
    problems = report["files"][0]["problems"]
    assert [(p["rule"], p["where"], p["message"]) for p in problems] == [
        (
            "goal-measure",
            "Goal 3 'Safe schools'",
            "this goal has no measure, and none of its indicators or subindicators has one",
        ),
        (
            "required-fields",
            "Goal 3 › Indicator C › Subindicator A › Task 1 'Call home on the second absence'",
            "'due' or 'dates' (Due) is missing",
        ),
        (
            "required-fields",
            "Goal 3 › Indicator 2 › Task T7 'Survey students'",
            "'measure' (Measure (Data Source, Baseline & Target)) is missing",
        ),
    ]
    data = json.loads(run("status", "--format", "json", "--as-of=2025-01-01", plan).stdout)
    assert [step["trail"] for step in data["steps"]] == [
        "Goal 3 › Indicator C › Subindicator A › Task 1",
        "Goal 3 › Indicator C › Subindicator A › Task 2",
        "Goal 3 › Indicator 2 › Task T7",
    ]
