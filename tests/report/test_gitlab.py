"""The GitLab Code Quality report, read back with json.loads."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from planctl.problem import FileReport, Severity
from tests.report.helpers import OTHER, PLAN, problem, render, sample_reports


def issues(reports: list[FileReport]) -> list[dict[str, Any]]:
    data = json.loads(render("gitlab", reports))
    assert isinstance(data, list)
    return data


def test_issues_have_the_fields_gitlab_reads() -> None:
    found = issues(sample_reports())
    assert len(found) == 3
    for issue in found:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    error = found[1]
    assert error == {
        "type": "issue",
        "description": "Goal 1 › Action step 1 'Hire a reading coach': \"2024-13\" is not a month"
        " — Hint: write YYYY-MM, for example 2024-12",
        "check_name": "date-format",
        "fingerprint": error["fingerprint"],
        "severity": "major",
        "location": {"path": PLAN, "lines": {"begin": 6, "end": 6}},
    }
    assert found[2]["location"] == {"path": OTHER, "lines": {"begin": 1, "end": 1}}


@pytest.mark.parametrize(
    ("severity", "expected"),
    [(Severity.ERROR, "major"), (Severity.WARNING, "minor"), (Severity.INFO, "info")],
)
def test_severity(severity: Severity, expected: str) -> None:
    [issue] = issues([FileReport(PLAN, [problem(severity=severity)])])
    assert issue["severity"] == expected


def test_fingerprints_unique_and_stable_when_lines_move() -> None:
    first = issues([FileReport(PLAN, [problem(1, message="same"), problem(4, message="same")])])
    moved = issues([FileReport(PLAN, [problem(11, message="same"), problem(40, message="same")])])
    assert len({issue["fingerprint"] for issue in first}) == 2
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in moved]


def test_fingerprint_matches_sarif() -> None:
    reports = sample_reports()
    sarif = json.loads(render("sarif", reports))["runs"][0]["results"]
    gitlab = issues(reports)
    assert [r["partialFingerprints"]["planctl/v1"] for r in sarif] == [
        i["fingerprint"] for i in gitlab
    ]


def test_path_uses_forward_slashes() -> None:
    [issue] = issues([FileReport("./plans/a.plan.yaml", [problem(path="./plans/a.plan.yaml")])])
    assert issue["location"]["path"] == "plans/a.plan.yaml"


def test_empty_array_without_problems() -> None:
    assert render("gitlab", [FileReport(PLAN)]) == "[]\n"
