"""The JSON report, read back with json.loads."""

from __future__ import annotations

import json

from planctl.problem import FileReport, Problem
from tests.report.helpers import OTHER, PLAN, problem, render, sample_reports


def test_document_shape() -> None:
    reports = sample_reports()
    text = render("json", reports)
    data = json.loads(text)
    assert data["version"] == 1
    assert [f["path"] for f in data["files"]] == [PLAN, "plans/clean.plan.yaml", OTHER]
    assert data["files"][1]["problems"] == []
    assert data["summary"] == {
        "files": 3,
        "files_with_problems": 2,
        "errors": 1,
        "warnings": 1,
        "infos": 1,
    }


def test_problems_are_to_dict_in_sort_order() -> None:
    reports = sample_reports()
    data = json.loads(render("json", reports))
    for report, entry in zip(reports, data["files"], strict=True):
        expected = [p.to_dict() for p in sorted(report.problems, key=Problem.sort_key)]
        assert entry["problems"] == expected
    first = data["files"][0]["problems"]
    assert [p["line"] for p in first] == [5, 6]
    assert first[1]["where"] == "Goal 1 › Action step 1 'Hire a reading coach'"
    assert first[1]["end_column"] == 21
    assert first[0]["end_line"] is None


def test_indented_by_two_with_a_trailing_newline() -> None:
    text = render("json", sample_reports())
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text.splitlines()[1] == '  "version": 1,'


def test_unusual_text_round_trips() -> None:
    message = 'quote " backslash \\ newline \n tab \t ünïcödé 読み \x1b'
    report = FileReport(PLAN, [problem(1, 1, message=message, hint="%0A, : ::")])
    data = json.loads(render("json", [report]))
    assert data["files"][0]["problems"][0]["message"] == message
    assert data["files"][0]["problems"][0]["hint"] == "%0A, : ::"


def test_no_files() -> None:
    data = json.loads(render("json", []))
    assert data == {
        "version": 1,
        "files": [],
        "summary": {"files": 0, "files_with_problems": 0, "errors": 0, "warnings": 0, "infos": 0},
    }
