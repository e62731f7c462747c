"""Problems found in plan files, as plain data.

Every check in planctl yields :class:`Problem` values; every output format
(terminal text, JSON, GitHub annotations, SARIF, GitLab code quality) reads
them through :meth:`Problem.to_dict` or their attributes. Nothing here prints.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """How serious a problem is; ``error`` fails validation, ``warning`` only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more serious; used to sort and to pick exit codes."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, located to a 1-based line and column.

    ``where`` says where the problem is in planning words
    ("Goal 3 › Action step 2 'Standardize job descriptions'"), ``message`` what is
    wrong, and ``hint`` what to write instead (empty when there is nothing to
    suggest).
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    where: str = ""
    hint: str = ""
    end_line: int | None = None
    end_column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, then position, then rule.

        Sorting is stable, so problems of one rule at one place keep the order
        the rule found them in (a template's columns, left to right).
        """
        return (self.path, self.line, self.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The one plain-data form every machine-readable format starts from."""
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.value,
            "where": self.where,
            "message": self.message,
            "hint": self.hint,
        }
        return data


def error_at(path: str, line: int, column: int, rule: str, message: str, hint: str = "") -> Problem:
    """An error-severity :class:`Problem` at ``line``:``column`` of ``path``.

    The loader, the configuration and the template readers report what stops
    them this way; checks that know a span or a place in words build their own.
    """
    return Problem(
        path=path,
        line=line,
        column=column,
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
    )


@dataclass
class FileReport:
    """The problems of one file, with its text lines so reports can quote them."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    lines: Sequence[str] = ()

    def source_line(self, line: int) -> str | None:
        """The text of 1-based ``line`` without its line ending, if known."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return None

    def keep_quoted_lines_only(self) -> FileReport:
        """The same report holding only the lines its problems quote.

        A run over thousands of plans keeps reports until it prints them; this
        keeps that memory in proportion to the problems, not to the corpus.
        """
        wanted = {problem.line for problem in self.problems}
        if not wanted:
            return FileReport(self.path, self.problems, ())
        last = max(wanted)
        sparse = [
            self.lines[index] if index + 1 in wanted and index < len(self.lines) else ""
            for index in range(min(last, len(self.lines)))
        ]
        return FileReport(self.path, self.problems, sparse)


@dataclass(frozen=True)
class RuleDoc:
    """What a reader of a report needs to know about a rule."""

    id: str
    name: str
    summary: str
    description: str
    default_severity: Severity
    fail_example: str = ""
    pass_example: str = ""
    group: str = ""
    """A group that is off unless asked for: ``"privacy"`` runs only when plans are published."""


def count_by_severity(reports: Sequence[FileReport]) -> dict[Severity, int]:
    """Count problems of each severity across ``reports``."""
    counts = dict.fromkeys(Severity, 0)
    for report in reports:
        for problem in report.problems:
            counts[problem.severity] += 1
    return counts
