"""The validation pipeline: many files, in one process or several, give the same reports."""

from __future__ import annotations

import shutil
from pathlib import Path

from planctl.problem import FileReport, Problem, Severity
from planctl.validate import check_file, discover, validate_reports

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def test_several_processes_give_the_same_reports_in_order(tmp_path: Path) -> None:
    for index in range(12):
        for example in sorted(EXAMPLES.glob("*.plan.yaml")):
            shutil.copy(example, tmp_path / f"{index:02d}-{example.name}")
    (tmp_path / "broken.plan.yaml").write_text("planctl: 1\ngoals: [\n")
    files = discover([str(tmp_path)])
    serial = validate_reports(files, jobs=1)
    parallel = validate_reports(files, jobs=2)
    assert [r.path for r in parallel] == [r.path for r in serial]
    assert [r.problems for r in parallel] == [r.problems for r in serial]
    assert sum(len(r.problems) for r in serial) > 12 * 300


def test_reports_keep_only_the_lines_they_quote() -> None:
    boston = EXAMPLES / "boston-tlt-work-plan.plan.yaml"
    full = check_file(boston, "boston").report
    kept = full.keep_quoted_lines_only()
    assert kept.problems == full.problems
    for problem in full.problems:
        assert kept.source_line(problem.line) == full.source_line(problem.line)
    assert sum(1 for line in kept.lines if line) <= len({p.line for p in full.problems})


def test_a_clean_file_keeps_no_lines() -> None:
    report = FileReport("x", [], ["a", "b"])
    assert report.keep_quoted_lines_only().lines == ()
    problem = Problem("x", 2, 1, "r", Severity.ERROR, "m")
    assert FileReport("x", [problem], ["a", "b", "c"]).keep_quoted_lines_only().lines == ["", "b"]
