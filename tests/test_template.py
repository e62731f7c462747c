"""Plan templates: built-ins, extends, paths, and a bad template reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planctl.problem import Severity
from planctl.template import TemplateError, builtin_names, find, load_builtin

SEED_TEMPLATES = {
    "default": ["goals", "objectives", "steps"],
    "tlt-work-plan": ["goals", "steps"],
    "lmsd-action-plan": ["strategies", "steps"],
    "clayton-pd-goals": ["goals", "objectives", "steps"],
    "plan-on-a-page": ["goals", "steps"],
    "vmosa": ["objectives", "strategies", "steps"],
}
# Built-in templates from the shapes real district plans take, beyond the seed documents.
MORE_TEMPLATES = {
    "strategy-map": ["goals", "steps"],
}
ALL_TEMPLATES = {**SEED_TEMPLATES, **MORE_TEMPLATES}


def test_one_builtin_per_seed_and_default() -> None:
    assert sorted(builtin_names()) == sorted(ALL_TEMPLATES)


@pytest.mark.parametrize(("name", "levels"), ALL_TEMPLATES.items())
def test_builtin_levels_and_minimum_rules(name: str, levels: list[str]) -> None:
    template = load_builtin(name)
    assert [level.key for level in template.levels] == levels
    required = set(template.required["steps"])
    # The Boston rule is the minimum everywhere: date, outcome, measure, owner.
    assert ("due", "dates") in required
    assert ("measure",) in required and ("owners",) in required
    assert ("outcome",) in required or ("outcome", "benefits") in required
    assert template.severity("required-fields", Severity.WARNING) is Severity.ERROR


def test_district_headings() -> None:
    assert load_builtin("tlt-work-plan").heading("owners") == "Person/Area Responsible"
    assert (
        load_builtin("lmsd-action-plan").heading("measure")
        == "Source(s) of Data to Measure Effectiveness"
    )


def test_default_goal_may_hold_steps_directly() -> None:
    template = load_builtin("default")
    assert [level.key for level in template.child_levels("goals")] == ["objectives", "steps"]
    assert [level.key for level in load_builtin("tlt-work-plan").child_levels("goals")] == ["steps"]


def test_unknown_builtin() -> None:
    with pytest.raises(TemplateError) as caught:
        load_builtin("boston")
    assert "no built-in template 'boston'" in caught.value.problems[0].message


def test_district_template_extends_and_relaxes(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "district.yaml").write_text(
        "planctl-template: 1\n"
        "extends: tlt-work-plan\n"
        "required:\n  steps: [[due, dates], owners]\n"
        "rules:\n  smart-measure: off\n"
        "status_aliases:\n  On target: in-progress\n"
    )
    template = find("../district.yaml", tmp_path / "plans", tmp_path)
    assert template.name == "district"
    assert template.chain == ("default", "tlt-work-plan")
    assert template.required["steps"] == (("due", "dates"), ("owners",))
    assert template.severity("smart-measure", Severity.WARNING) is None
    assert template.resolve_status("on target") == "in-progress"
    assert template.heading("comments") == "Comments"


def test_template_path_may_not_leave_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "outside.yaml").write_text("planctl-template: 1\nextends: default\n")
    with pytest.raises(TemplateError) as caught:
        find("../outside.yaml", repo, repo)
    assert "outside the plan repository" in caught.value.problems[0].message


def test_bad_template_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "planctl-template: 1\nextends: default\nrules:\n  required-fields: loud\n"
    )
    with pytest.raises(TemplateError) as caught:
        find("bad.yaml", tmp_path, tmp_path)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert problem.rule == "template"


def test_extends_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("planctl-template: 1\nextends: ./b.yaml\n")
    (tmp_path / "b.yaml").write_text("planctl-template: 1\nextends: ./a.yaml\n")
    with pytest.raises(TemplateError) as caught:
        find("a.yaml", tmp_path, tmp_path)
    assert "loop" in caught.value.problems[0].message


def test_strategy_map_writes_its_lists_as_the_map_names_them() -> None:
    template = load_builtin("strategy-map")
    assert template.written_name("goals", "steps") == "initiatives"
    assert template.written_name("goals", "measures") == "key_measures"
    assert template.written_name("goals", "title") == "title"
    assert template.field_aliases("goals") == {"initiatives": "steps", "key_measures": "measures"}
    assert template.field_heading("goals", "measures", "Measure") == "Key measure"
    assert template.level("goals").parallel == ("objectives",)
    assert [f.key for f in template.custom_fields("goals")] == ["objectives"]
    assert template.heading("action") == "Critical Initiative"
    assert template.heading("owners") == "Lead"


def _template_problems(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    (tmp_path / "t.yaml").write_text(text)
    with pytest.raises(TemplateError) as caught:
        find("t.yaml", tmp_path, tmp_path)
    return [(p.line, p.message, p.hint) for p in caught.value.problems]


def test_alias_of_an_unknown_field_is_located(tmp_path: Path) -> None:
    problems = _template_problems(
        tmp_path,
        "planctl-template: 1\nextends: default\naliases:\n  goals:\n"
        "    - {alias: key_measures, field: measurs}\n",
    )
    assert problems == [
        (5, "'measurs' is not a field of goals, nor a level below it", "did you mean 'measures'?")
    ]


def test_alias_that_is_already_a_field_is_located(tmp_path: Path) -> None:
    problems = _template_problems(
        tmp_path,
        "planctl-template: 1\nextends: default\naliases:\n  steps:\n"
        "    - alias: due\n      field: completed\n",
    )
    [(line, message, _)] = problems
    assert line == 5 and "'due' is already a field of steps" in message


def test_alias_on_an_unknown_level_and_twice_for_a_field(tmp_path: Path) -> None:
    problems = _template_problems(
        tmp_path,
        "planctl-template: 1\nextends: default\naliases:\n  goal:\n"
        "    - {alias: initiatives, field: steps}\n  objectives:\n"
        "    - {alias: actions, field: steps}\n    - {alias: tasks, field: steps}\n",
    )
    assert (4, "the template has no level 'goal' to give aliases to", "did you mean 'goals'?") in (
        problems
    )
    assert any(line == 8 and "field 'steps' has two aliases" in msg for line, msg, _ in problems)


def test_alias_must_have_the_shape_of_a_key(tmp_path: Path) -> None:
    problems = _template_problems(
        tmp_path,
        "planctl-template: 1\nextends: default\naliases:\n  goals:\n"
        "    - {alias: Key Measures, field: measures}\n",
    )
    [(line, message, _)] = problems
    assert line == 5 and "aliases.goals.0.alias" in message


def test_parallel_list_must_be_a_field_of_its_level(tmp_path: Path) -> None:
    problems = _template_problems(
        tmp_path,
        "planctl-template: 1\nextends: default\nlevels:\n"
        "  - {key: goals, label: Goal, parallel: [objectivs]}\n"
        "  - {key: steps, label: Step, parallel: [tags]}\n",
    )
    assert [line for line, _, _ in problems] == [4, 5]
    assert problems[0][1] == "'objectivs' is not a field of goals"
    assert "no parallel lists" in problems[1][1]


def test_a_district_template_gives_step_fields_their_own_names(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "planctl-template: 1\nextends: strategy-map\naliases:\n  steps:\n"
        "    - {alias: lead, field: owners}\n"
    )
    template = find("t.yaml", tmp_path, tmp_path)
    assert template.field_aliases("steps") == {"lead": "owners"}
    # The parent's aliases hold on the levels the district leaves alone.
    assert template.written_name("goals", "steps") == "initiatives"
