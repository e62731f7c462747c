"""A template's other names for fields: the plan writes them, readers see the fields."""

from __future__ import annotations

from planctl.load import load_text
from planctl.model.build import PlanDoc, build
from planctl.model.plan import Measure, NodeFields
from planctl.template import load_builtin

MAP = """\
planctl: 1
template: strategy-map
goals:
  - title: Every student reads at grade level
    objectives:
      - Students read on grade level by the end of grade 3.
      - Students write clearly in every subject.
    key_measures:
      - indicator: Grade 3 students meeting the ELA standard
        unit: "%"
        baseline: 54
        target: {value: 72, by: 2028-06}
    initiatives:
      - action: Adopt a K-5 literacy curriculum
        due: 2026-03
      - action: Train every K-3 teacher
        due: soon-ish
        cost: lots
"""


def _build(text: str, template: str = "strategy-map") -> PlanDoc:
    loaded = load_text(text, "p.plan.yaml")
    assert not loaded.problems
    return build(loaded, load_builtin(template))


def test_parallel_lists_are_read_under_the_map_names() -> None:
    doc = _build(MAP)
    [goal] = doc.roots
    assert isinstance(goal.fields, NodeFields)
    [measure] = goal.fields.measures
    assert isinstance(measure, Measure)
    assert (measure.indicator or "").startswith("Grade 3")
    assert goal.custom["objectives"][1] == "Students write clearly in every subject."
    assert [step.title for step in goal.children] == [
        "Adopt a K-5 literacy curriculum",
        "Train every K-3 teacher",
    ]
    assert all(step.is_step for step in goal.children)
    assert goal.children[1].where == "Goal 1 › Critical initiative 2 'Train every K-3 teacher'"


def test_problems_are_located_where_the_alias_is_written() -> None:
    doc = _build(MAP)
    [cost] = doc.problems
    assert (cost.line, cost.column) == (18, 15)
    assert cost.message == "'cost' should be a number, not the text 'lots'"
    [goal] = doc.roots
    # Readers name the field ('measures'); the span is the plan's own key.
    span = doc.span((*goal.path, "measures", 0, "target"))
    assert span.line == 12
    assert doc.span((*goal.path, "measures"), key=True).line == 8
    assert goal.children[0].path == ("goals", 0, "initiatives", 0)


def test_the_fields_own_name_still_reads() -> None:
    doc = _build(
        "planctl: 1\ntemplate: strategy-map\ngoals:\n  - title: G\n"
        "    measures: [Retention]\n    steps:\n      - action: A\n"
    )
    assert doc.problems == []
    [goal] = doc.roots
    assert isinstance(goal.fields, NodeFields) and goal.fields.measures == ["Retention"]
    assert [step.title for step in goal.children] == ["A"]


def test_a_field_written_both_ways_is_reported_at_the_second() -> None:
    doc = _build(
        "planctl: 1\ntemplate: strategy-map\ngoals:\n  - title: G\n"
        "    key_measures: [Retention]\n    measures: [Hires]\n"
    )
    [problem] = doc.problems
    assert (problem.line, problem.column, problem.rule) == (6, 5, "plan-structure")
    assert problem.message == (
        "'key_measures' and 'measures' are the same field here; the plan writes it twice"
    )
    assert problem.hint == "keep one: this template calls it 'key_measures:'"
    [goal] = doc.roots
    assert isinstance(goal.fields, NodeFields) and goal.fields.measures == ["Retention"]


def test_a_misspelt_alias_gets_a_did_you_mean() -> None:
    doc = _build("planctl: 1\ntemplate: strategy-map\ngoals:\n  - title: G\n    initiative: []\n")
    [problem] = doc.problems
    assert problem.rule == "unknown-key"
    assert problem.hint == "did you mean 'initiatives'?"


def test_other_templates_know_no_aliases() -> None:
    doc = _build("planctl: 1\ngoals:\n  - title: G\n    initiatives: []\n", "default")
    [problem] = doc.problems
    assert problem.rule == "unknown-key" and "'initiatives'" in problem.message


def test_a_wrong_value_under_an_alias_is_located_at_it() -> None:
    doc = _build(
        "planctl: 1\ntemplate: strategy-map\ngoals:\n  - title: G\n"
        "    key_measures:\n      - {indicator: Retention, unit: 5, targt: 90}\n"
    )
    [problem] = doc.problems
    assert (problem.line, problem.column) == (6, 41)
    assert problem.rule == "unknown-key" and problem.hint == "did you mean 'target'?"
