"""planctl.toml: where plans are, the default template, a shared roster, severities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planctl.cli import app
from planctl.config import find_config, load_settings

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up(tmp_path: Path) -> None:
    config = write(tmp_path / "planctl.toml", "")
    (tmp_path / "plans" / "school").mkdir(parents=True)
    assert find_config(tmp_path / "plans" / "school") == config.resolve()
    assert load_settings(tmp_path / "plans").problems == []


def test_plan_globs_are_the_default_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "planctl.toml", 'plans = ["plans/**/*.plan.yaml"]\n')
    shutil.copy(DEMO, write(tmp_path / "plans" / "a" / "x.plan.yaml", ""))
    write(tmp_path / "elsewhere" / "bad.plan.yaml", "planctl: 1\ngoals: [\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    assert '"path": "plans/a/x.plan.yaml"' in result.stdout
    assert "elsewhere" not in result.stdout


def test_default_template_and_severity_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path / "planctl.toml",
        'template = "lmsd-action-plan"\n\n[rules]\nno-empty-goal = "error"\n',
    )
    write(tmp_path / "p.plan.yaml", "planctl: 1\nstrategies:\n  - title: Build capacity\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "json", "p.plan.yaml"])
    assert result.exit_code == 1
    assert '"rule": "no-empty-goal"' in result.stdout
    assert '"severity": "error"' in result.stdout


def test_shared_roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "planctl.toml", 'roster = "people.yaml"\n')
    write(tmp_path / "people.yaml", "- name: Shakera Walker\n- {name: OEE, aliases: [Office]}\n")
    write(
        tmp_path / "p.plan.yaml",
        "planctl: 1\ngoals:\n  - title: G\n    owners: [Office, Shakera Walkr]\n    steps: []\n",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "text", "p.plan.yaml"])
    assert "'Shakera Walkr' is not on the plan's roster" in result.stdout
    assert "did you mean 'Shakera Walker'?" in result.stdout
    assert "'Office'" not in result.stdout


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('plans = ["a"]\ntemplat = "x"\n', 2, "did you mean 'template'?"),
        ('[rules]\nsmart-measur = "off"\n', 2, "did you mean 'smart-measure'?"),
        ('[rules]\nsmart-measure = "loud"\n', 2, "'loud' is not a severity"),
        ('plans = "a"\nroster = "missing.yaml"\n', 2, "does not exist"),
        ('plans = ["a"\n', 2, "not valid TOML"),
        ('roster = "../outside.yaml"\n', 1, "outside the plan repository"),
    ],
)
def test_mistakes_are_located(tmp_path: Path, text: str, line: int, needle: str) -> None:
    write(tmp_path / "planctl.toml", text)
    [problem] = load_settings(tmp_path).problems
    assert problem.rule == "config"
    assert problem.line == line
    assert needle in problem.message or needle in problem.hint


def test_config_problems_fail_validate_and_plans_are_still_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "planctl.toml", '[rules]\nnope = "off"\n')
    shutil.copy(DEMO, tmp_path / "d.plan.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "--format", "text"])
    assert result.exit_code == 1
    assert "planctl.toml:2:1: error [config]" in result.stdout
    assert "1 error in 1 of 2 files" in result.stdout
