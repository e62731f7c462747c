"""File reports built by hand for the report-format tests."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from planctl.problem import FileReport, Problem, RuleDoc, Severity
from planctl.report import write_report

PLAN = "plans/district.plan.yaml"
OTHER = "plans/other.plan.yaml"

PLAN_LINES = (
    "title: District plan",
    "goals:",
    "  - title: Literacy",
    "    steps:",
    "      - action: Hire a reading coach",
    "        due: 2024-13",
)

RULES: Mapping[str, RuleDoc] = {
    "date-format": RuleDoc(
        id="date-format",
        name="Readable dates",
        summary="Dates are written as YYYY-MM or YYYY-MM-DD.",
        description="A date must be a real month or day so the timeline can be drawn.",
        default_severity=Severity.ERROR,
        fail_example="due: 2024-13",
        pass_example="due: 2024-12",
    ),
    "smart-measure": RuleDoc(
        id="smart-measure",
        name="Measurable steps",
        summary="Each step says how success is measured.",
        description="A step without a measure cannot be reported on.",
        default_severity=Severity.WARNING,
    ),
    "status-word": RuleDoc(
        id="status-word",
        name="Known status words",
        summary="Status is one of the template's words.",
        description="",
        default_severity=Severity.INFO,
    ),
}


def problem(
    line: int = 1,
    column: int = 1,
    *,
    path: str = PLAN,
    rule: str = "date-format",
    severity: Severity = Severity.ERROR,
    message: str = "something is wrong",
    where: str = "",
    hint: str = "",
    end_line: int | None = None,
    end_column: int | None = None,
) -> Problem:
    """A problem with defaults for everything a test does not care about."""
    return Problem(
        path=path,
        line=line,
        column=column,
        rule=rule,
        severity=severity,
        message=message,
        where=where,
        hint=hint,
        end_line=end_line,
        end_column=end_column,
    )


def sample_reports() -> list[FileReport]:
    """Three files: one with an error and a warning, one clean, one with an info."""
    return [
        FileReport(
            PLAN,
            [
                problem(
                    6,
                    14,
                    message='"2024-13" is not a month',
                    where="Goal 1 › Action step 1 'Hire a reading coach'",
                    hint="write YYYY-MM, for example 2024-12",
                    end_line=6,
                    end_column=21,
                ),
                problem(
                    5,
                    9,
                    rule="smart-measure",
                    severity=Severity.WARNING,
                    message="no measure of success",
                    where="Goal 1 › Action step 1",
                ),
            ],
            PLAN_LINES,
        ),
        FileReport("plans/clean.plan.yaml", [], ("title: Clean",)),
        FileReport(
            OTHER,
            [
                problem(
                    1,
                    8,
                    path=OTHER,
                    rule="status-word",
                    severity=Severity.INFO,
                    message="'doing' is not a status word",
                )
            ],
            ("status: doing",),
        ),
    ]


def render(
    fmt: str,
    reports: Sequence[FileReport],
    *,
    rules: Mapping[str, RuleDoc] = RULES,
    color: bool = False,
    tool_version: str = "1.2.3",
) -> str:
    """What ``write_report`` writes for ``reports`` in format ``fmt``."""
    stream = io.StringIO()
    write_report(fmt, reports, stream, rules=rules, color=color, tool_version=tool_version)
    return stream.getvalue()
