"""The job summary in GitHub Actions: counts, the first problems linked to their lines, the rest."""

from __future__ import annotations

import io
import re
from pathlib import Path

import html5lib
import markdown_it
import pytest

from planctl.config import Settings
from planctl.errors import UserError
from planctl.problem import FileReport, Severity
from planctl.validate.command import ValidateOptions, run
from planctl.validate.summary import SourceLinks, append_summary, summary_markdown
from tests.report.helpers import OTHER, PLAN, problem

GITHUB = {
    "GITHUB_SERVER_URL": "https://github.example",
    "GITHUB_REPOSITORY": "riverbend/plans",
    "GITHUB_SHA": "0123abc",
}


def links(root: Path) -> SourceLinks:
    found = SourceLinks.from_environ({**GITHUB, "GITHUB_WORKSPACE": str(root)}, root)
    assert found is not None
    return found


def to_html(text: str) -> str:
    html: str = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    return html


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the summary's table as the cells' text, read by a Markdown reader."""
    page = html5lib.parse(to_html(text), namespaceHTMLElements=False)
    return [
        ["".join(cell.itertext()) for cell in row.findall("td")]
        for row in page.findall(".//tbody/tr")
    ]


def test_the_heading_counts_and_errors_come_first(tmp_path: Path) -> None:
    reports = [
        FileReport(
            path=PLAN,
            problems=[
                problem(3, 2, severity=Severity.WARNING, rule="smart-measure"),
                problem(9, 14, where="Goal G1 › Action step 2", message="'soon' is not a date"),
            ],
        ),
        FileReport(path=OTHER, problems=[]),
    ]
    text = summary_markdown(reports, links(tmp_path), tmp_path)
    assert text.startswith("## ❌ Plan check\n\n1 error, 1 warning in 1 of 2 files\n")
    rows = table_rows(text)
    assert [row[:3] for row in rows] == [
        ["❌ error", f"{PLAN}:9:14", "date-format"],
        ["⚠️ warning", f"{PLAN}:3:2", "smart-measure"],
    ]
    assert rows[0][3] == "Goal G1 › Action step 2: 'soon' is not a date"
    assert f"(https://github.example/riverbend/plans/blob/0123abc/{PLAN}#L9)" in text


def test_only_the_first_problems_are_listed_and_the_rest_counted(tmp_path: Path) -> None:
    reports = [FileReport(path=PLAN, problems=[problem(line) for line in range(1, 8)])]
    text = summary_markdown(reports, None, tmp_path, limit=5)
    assert len(table_rows(text)) == 5
    assert "…and 2 more problems" in text
    assert "…and 1 more problem," in summary_markdown(reports, None, tmp_path, limit=6)
    assert "more problem" not in summary_markdown(reports, None, tmp_path, limit=7)


def test_no_problems_is_one_line(tmp_path: Path) -> None:
    text = summary_markdown([FileReport(path=PLAN, problems=[])], None, tmp_path)
    assert text == "## ✅ Plan check\n\nNo problems in 1 file.\n"


def test_without_githubs_variables_locations_are_plain_text(tmp_path: Path) -> None:
    assert SourceLinks.from_environ({"GITHUB_SHA": "0123abc"}, tmp_path) is None
    text = summary_markdown([FileReport(path=PLAN, problems=[problem(4)])], None, tmp_path)
    assert "](" not in text
    assert table_rows(text)[0][1] == f"{PLAN}:4:1"


def test_links_are_relative_to_the_workspace_and_quoted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    work = root / "district plans"
    work.mkdir(parents=True)
    link = links(root)
    assert link.url("a (draft).plan.yaml", 7, work) == (
        "https://github.example/riverbend/plans/blob/0123abc/district%20plans/"
        "a%20%28draft%29.plan.yaml#L7"
    )
    assert link.url("a.plan.yaml", 0, root) == (
        "https://github.example/riverbend/plans/blob/0123abc/a.plan.yaml"
    )
    # A file outside the checkout has no address on GitHub.
    assert link.url("../elsewhere.plan.yaml", 1, root) is None


def test_plan_text_cannot_inject_markdown_or_html(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> | **bold** [x](javascript:alert(1))\nsecond line"
    reports = [FileReport(path=PLAN, problems=[problem(2, message=hostile)])]
    text = summary_markdown(reports, links(tmp_path), tmp_path)
    html = to_html(text)
    assert "<script>" not in html
    assert "<strong>" not in html
    assert 'href="javascript' not in html
    (row,) = table_rows(text)
    assert len(row) == 4
    assert "<script>alert(1)</script> | **bold**" in row[3]


def test_the_summary_is_appended_to_the_file_github_names(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    environ = {**GITHUB, "GITHUB_STEP_SUMMARY": str(target)}
    reports = [FileReport(path=PLAN, problems=[problem(2)])]
    assert append_summary(reports, environ, tmp_path) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ❌ Plan check\n")
    assert append_summary(reports, GITHUB, tmp_path) is None
    with pytest.raises(UserError, match="cannot write the job summary"):
        append_summary(reports, {"GITHUB_STEP_SUMMARY": str(tmp_path)}, tmp_path)


BAD_PLAN = """\
planctl: 1
template: tlt-work-plan
title: Reading plan
goals:
  - title: Every third grader reads on grade level
    steps:
      - action: Train reading coaches
        due: Mid-way check in
        outcome: Coaches trained
        measure: Training sign-in sheets
        owners: [Reading office]
"""


@pytest.mark.parametrize("fmt", ["github", "text"])
def test_validate_writes_the_summary_only_for_github(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.plan.yaml").write_text(BAD_PLAN, encoding="utf-8")
    target = tmp_path / "summary.md"
    environ = {**GITHUB, "GITHUB_WORKSPACE": str(tmp_path), "GITHUB_STEP_SUMMARY": str(target)}
    options = ValidateOptions(paths=["bad.plan.yaml"], format=fmt, environ=environ, jobs=1)

    assert run(options, Settings(), io.StringIO()) == 1
    if fmt == "text":
        assert not target.exists()
        return
    text = target.read_text(encoding="utf-8")
    assert re.search(r"\[bad\.plan\.yaml:8:14\]\([^)]*/blob/0123abc/bad\.plan\.yaml#L8\)", text)
