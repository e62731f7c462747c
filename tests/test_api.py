"""The Python API: ``planctl.check`` and ``planctl.render_plans`` with explicit settings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planctl
from planctl.checking import CheckedPlan
from planctl.errors import UserError
from planctl.render import RenderOptions

REPO = Path(__file__).resolve().parent.parent
CLEAN = REPO / "examples" / "district-pl-plan.plan.yaml"
WITH_PROBLEMS = REPO / "examples" / "boston-tlt-work-plan.plan.yaml"


def rules_of(results: list[CheckedPlan]) -> set[str]:
    return {problem.rule for result in results for problem in result.report.problems}


@pytest.fixture
def quiet_dates(tmp_path: Path) -> Path:
    """A folder whose planctl.toml turns the date-format rule off, holding a plan it breaks."""
    shutil.copy(WITH_PROBLEMS, tmp_path / WITH_PROBLEMS.name)
    (tmp_path / "planctl.toml").write_text('[rules]\ndate-format = "off"\n', encoding="utf-8")
    return tmp_path


def test_import_planctl_loads_neither_the_api_nor_the_checker() -> None:
    probe = "import json, sys, planctl; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    modules = set(json.loads(result.stdout))
    assert "planctl" in modules
    assert not {"planctl.api", "planctl.checking", "pydantic", "ruamel"} & modules


def test_check_gives_one_result_per_file_with_its_problems() -> None:
    results = planctl.check([CLEAN, WITH_PROBLEMS])
    assert [result.report.path for result in results] == [str(CLEAN), str(WITH_PROBLEMS)]
    assert results[0].report.problems == []
    assert results[0].doc is not None
    assert "date-format" in rules_of(results[1:])


def test_check_searches_a_folder(quiet_dates: Path) -> None:
    results = planctl.check(quiet_dates)
    assert [Path(result.report.path).name for result in results] == [WITH_PROBLEMS.name]


def test_check_reads_the_settings_of_the_folder_it_is_given(quiet_dates: Path) -> None:
    plan = quiet_dates / WITH_PROBLEMS.name
    assert "date-format" in rules_of(planctl.check([plan]))
    assert "date-format" not in rules_of(planctl.check([plan], quiet_dates))
    assert "date-format" not in rules_of(
        planctl.check([plan], planctl.Settings(rules={"date-format": "off"}))
    )


def test_check_ignores_the_current_folder(
    quiet_dates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(quiet_dates)
    assert "date-format" in rules_of(planctl.check([WITH_PROBLEMS.name]))


def test_check_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file or folder"):
        planctl.check([tmp_path / "missing.plan.yaml"])


def test_render_plans_makes_the_packet_in_the_format_asked_for() -> None:
    markdown = planctl.render_plans([CLEAN]).decode("utf-8")
    assert markdown.startswith("# Professional Learning Plan 2024-2027\n")
    html = planctl.render_plans(CLEAN, RenderOptions(to="html")).decode("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Professional Learning Plan 2024-2027" in html


def test_render_plans_refuses_plans_with_problems_when_strict() -> None:
    with pytest.raises(UserError, match="problem"):
        planctl.render_plans([WITH_PROBLEMS], RenderOptions(strict=True))


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = planctl.no_such_thing
