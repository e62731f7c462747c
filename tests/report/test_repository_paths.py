"""CI reports name a plan by its path inside the repository, however it was named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from planctl.problem import FileReport
from tests.report.helpers import problem, render


def located(fmt: str, path: str) -> str:
    """The path ``fmt`` gives the one problem of the plan ``path``."""
    text = render(fmt, [FileReport(path, [problem(path=path)])])
    if fmt == "github":
        return text.split("file=", 1)[1].split(",", 1)[0]
    data: Any = json.loads(text)
    if fmt == "gitlab":
        return str(data[0]["location"]["path"])
    location = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    return str(location["artifactLocation"]["uri"])


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "district-plans"
    (root / ".git").mkdir(parents=True)
    (root / "plans" / "high").mkdir(parents=True)
    return root


@pytest.mark.parametrize("fmt", ["gitlab", "sarif", "github"])
def test_an_absolute_path_becomes_the_path_in_the_repository(
    fmt: str, repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # outside the repository
    plan = repository / "plans" / "high" / "reading.plan.yaml"
    assert located(fmt, str(plan)) == "plans/high/reading.plan.yaml"


@pytest.mark.parametrize("fmt", ["gitlab", "sarif", "github"])
def test_a_path_from_a_subfolder_becomes_the_path_in_the_repository(
    fmt: str, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository / "plans")
    assert located(fmt, "high/reading.plan.yaml") == "plans/high/reading.plan.yaml"
    assert located(fmt, "./high/../high/reading.plan.yaml") == "plans/high/reading.plan.yaml"


@pytest.mark.parametrize("fmt", ["gitlab", "sarif", "github"])
def test_outside_any_repository_the_path_is_from_the_current_folder(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plans").mkdir()
    monkeypatch.chdir(tmp_path)
    assert located(fmt, str(tmp_path / "plans" / "a.plan.yaml")) == "plans/a.plan.yaml"


def test_the_fingerprint_does_not_depend_on_how_the_plan_was_named(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repository)
    plan = "plans/high/reading.plan.yaml"

    def fingerprint(path: str) -> str:
        data = json.loads(render("gitlab", [FileReport(path, [problem(path=path)])]))
        return str(data[0]["fingerprint"])

    assert fingerprint(plan) == fingerprint(str(repository / plan))
