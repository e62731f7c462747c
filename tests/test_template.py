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


def test_one_builtin_per_seed_and_default() -> None:
    assert sorted(builtin_names()) == sorted(SEED_TEMPLATES)


@pytest.mark.parametrize(("name", "levels"), SEED_TEMPLATES.items())
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
