"""Building the plan tree: levels from the template, shape problems at their lines."""

from __future__ import annotations

import gc
import weakref

from planctl.load import load_text
from planctl.model.build import PlanDoc, build
from planctl.model.plan import CostDetail, Measure, StepFields
from planctl.template import load_builtin


def _build(text: str, template: str = "default") -> PlanDoc:
    loaded = load_text(text, "p.plan.yaml")
    assert not loaded.problems
    return build(loaded, load_builtin(template))


TLT = """\
planctl: 1
template: tlt-work-plan
title: Work plan
goals:
  - title: To establish clear lines of communication
    steps:
      - action: Standardize job descriptions
        due: May/2013
        owners: Shakera Walker
      - action: Host a meeting to create the TLT plan
        due: April-May/2013
        owners: [Facilitator Leads, Shakera Walker]
"""


def test_levels_follow_the_template_and_where_is_in_words() -> None:
    doc = _build(TLT, "tlt-work-plan")
    assert doc.problems == []
    [goal] = doc.roots
    assert goal.label == "Goal 1"
    steps = list(doc.steps())
    assert [step.where for step in steps] == [
        "Goal 1 › Key action step 1 'Standardize job descriptions'",
        "Goal 1 › Key action step 2 'Host a meeting to create the TLT plan'",
    ]
    first = steps[0].fields
    assert isinstance(first, StepFields)
    assert first.owners == ["Shakera Walker"]
    assert first.due == "May/2013"


def test_long_titles_are_shortened_in_where() -> None:
    doc = _build("planctl: 1\ngoals:\n  - title: " + "word " * 30 + "\n    steps: []\n")
    assert doc.roots[0].where.endswith("…'")
    assert len(doc.roots[0].where) < 70


def test_default_goal_holds_objectives_or_steps() -> None:
    doc = _build(
        "planctl: 1\ngoals:\n"
        "  - title: G\n    objectives:\n      - title: O\n        steps:\n          - action: A\n"
        "  - title: H\n    steps:\n      - action: B\n"
    )
    assert doc.problems == []
    assert [step.where for step in doc.steps()] == [
        "Goal 1 › Objective 1 › Action step 1 'A'",
        "Goal 2 › Action step 1 'B'",
    ]


def test_unknown_key_has_did_you_mean_and_other_fields_still_load() -> None:
    doc = _build(
        "planctl: 1\ntemplate: tlt-work-plan\ngoals:\n  - title: G\n    steps:\n"
        "      - action: A\n        owner: Shakera Walker\n        due: May 2013\n"
        "        Person/Area Responsible: X\n",
        "tlt-work-plan",
    )
    problems = [(p.rule, p.line, p.column, p.hint) for p in doc.problems]
    assert problems == [
        ("unknown-key", 7, 9, "did you mean 'owners'?"),
        ("unknown-key", 9, 9, "'Person/Area Responsible' is written 'owners:' in a plan file"),
    ]
    step = next(doc.steps())
    assert isinstance(step.fields, StepFields) and step.fields.due == "May 2013"


def test_level_key_in_wrong_template_is_unknown() -> None:
    doc = _build(
        "planctl: 1\ntemplate: lmsd-action-plan\nstrategies:\n  - title: S\n    objectives: []\n",
        "lmsd-action-plan",
    )
    [problem] = doc.problems
    assert problem.rule == "unknown-key"
    assert problem.where == "Strategy 1 'S'"


def test_wrong_types_are_located_in_planner_words() -> None:
    doc = _build(
        "planctl: 1\ngoals:\n  - title: G\n    steps:\n      - action: A\n"
        "        owners: [[X]]\n        cost: lots\n"
    )
    messages = {(p.line, p.message) for p in doc.problems}
    assert (6, "owner 1 should be a name or a name with a role, not a list") in messages
    assert any(line == 7 and "'cost' should be" in msg for line, msg in messages)
    assert all(p.where == "Goal 1 › Action step 1 'A'" for p in doc.problems)


def test_step_written_as_text_is_a_structure_problem() -> None:
    doc = _build("planctl: 1\ngoals:\n  - title: G\n    steps:\n      - Just do it\n")
    [problem] = doc.problems
    assert problem.rule == "plan-structure"
    assert problem.where == "Goal 1 › Action step 1"
    assert problem.hint.startswith("write it as '- action:")


def test_missing_format_version() -> None:
    doc = _build("title: Plan\n")
    [problem] = doc.problems
    assert problem.message == "'planctl' is missing"
    assert "planctl: 1" in problem.hint


def test_measures_and_costs_in_both_forms() -> None:
    doc = _build(
        "planctl: 1\ngoals:\n  - title: G\n    measure:\n      unit: '%'\n"
        "      baseline: {value: 75, as_of: 2013-06}\n      target: {value: 85, by: 2014-08}\n"
        "    steps:\n      - action: A\n        measure: Roster\n"
        "        cost: {amount: 100, by_year: {2024-25: 60, 2025-26: 40}}\n"
    )
    assert doc.problems == []
    goal = doc.roots[0]
    assert isinstance(goal.fields.measure, Measure)  # type: ignore[union-attr]
    step = next(doc.steps())
    assert step.fields is not None and step.fields.measure == "Roster"
    assert isinstance(step.fields.cost, CostDetail)
    assert step.fields.cost.by_year == {"2024-25": 60, "2025-26": 40}


def test_custom_fields_of_the_template() -> None:
    doc = _build(
        "planctl: 1\ntemplate: clayton-pd-goals\ngoals:\n  - title: G\n"
        "    connections: [Empathetic, Creative Thinker]\n    focus: Equitable learning\n"
        "    objectives: []\n",
        "clayton-pd-goals",
    )
    assert doc.problems == []
    assert doc.roots[0].custom == {
        "connections": ["Empathetic", "Creative Thinker"],
        "focus": ["Equitable learning"],
    }


def test_undeclared_section() -> None:
    doc = _build(
        "planctl: 1\ntemplate: lmsd-action-plan\nsections:\n  big_ideas: x\n",
        "lmsd-action-plan",
    )
    [problem] = doc.problems
    assert problem.hint == "did you mean 'big_idea'?"


def test_a_disposed_plan_is_freed_without_the_cycle_collector() -> None:
    doc = _build(
        "planctl: 1\ngoals:\n  - title: Reading\n    objectives:\n"
        "      - title: Phonics\n        steps:\n          - action: Train tutors\n"
    )
    nodes = [weakref.ref(node) for node in doc.nodes()]
    assert len(nodes) == 3
    assert doc.roots[0].children[0].children[0].parent is not None
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc.dispose()
        assert list(doc.nodes()) == []
        del doc
        assert all(node() is None for node in nodes)
    finally:
        if enabled:
            gc.enable()


def test_without_dispose_the_tree_waits_for_the_cycle_collector() -> None:
    # What dispose is for: parents and children make each tree a cycle.
    doc = _build("planctl: 1\ngoals:\n  - title: Reading\n    steps:\n      - action: A\n")
    root = weakref.ref(doc.roots[0])
    enabled = gc.isenabled()
    gc.disable()
    try:
        del doc
        assert root() is not None
        gc.collect()
        assert root() is None
    finally:
        if enabled:
            gc.enable()


def test_nodes_are_in_document_order_for_every_example() -> None:
    from pathlib import Path

    from planctl.validate import check_file

    examples = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.plan.yaml"))
    assert len(examples) >= 5
    for path in examples:
        doc = check_file(path, path.name).doc
        assert doc is not None
        walked = [node for root in doc.roots for node in root.walk()]
        assert list(doc.nodes()) == walked
        lines = [doc.span(node.path).line for node in walked]
        assert lines == sorted(lines), path.name


def test_a_bad_roster_entry_keeps_the_rest_of_the_header() -> None:
    # A stray key in one roster entry is reported once; the entry (less the key),
    # the other people and the period still stand, so dates read with the period.
    doc = _build(
        "planctl: 1\ntitle: T\nperiod: {start: SY 2025-26, end: SY 2026-27}\n"
        "people:\n  - {name: Lena Fischer, role: Principal, assistant principal}\n"
        "  - {name: Noah Brooks}\n"
        "goals: []\n"
    )
    assert [problem.rule for problem in doc.problems] == ["unknown-key"]
    assert doc.header is not None
    assert doc.header.period is not None
    assert [person.name for person in doc.header.people] == ["Lena Fischer", "Noah Brooks"]


def test_a_value_of_the_wrong_kind_in_the_header_leaves_out_only_that_value() -> None:
    doc = _build(
        "planctl: 1\ntitle: T\nperiod: {start: 2025-07, end: 2026-06}\n"
        "people: a list of names\ngoals: []\n"
    )
    assert len(doc.problems) == 1
    assert doc.header is not None
    assert doc.header.people == []
    assert doc.header.period is not None
