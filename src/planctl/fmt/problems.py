"""What stops ``fmt`` from formatting a file, and how it says so."""

from __future__ import annotations

from collections.abc import Sequence

from planctl.errors import PlanctlError
from planctl.problem import Problem, Severity

RULE_FMT = "fmt"
BLOCKING_RULES = frozenset(
    {
        "yaml-syntax",
        "yaml-unsupported",
        "duplicate-key",
        "yaml-tag",
        "yaml-limits",
        "file-unreadable",
        "plan-structure",
    }
)
"""Problems that keep ``fmt`` from touching a file: it cannot be read safely as a plan."""


class CannotFormat(PlanctlError):
    """The file is left as it is; ``problems`` say why, at their lines."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = list(problems)


class FormatIntegrityError(PlanctlError):
    """Formatting would have changed the plan's data; nothing is written.

    This is a bug in planctl, never the planner's doing: the check exists so
    that such a bug can never reach a file.
    """


def _problem(
    path: str, line: int, message: str, *, rule: str = RULE_FMT, hint: str = "", column: int = 1
) -> Problem:
    return Problem(
        path=path,
        line=line,
        column=max(column, 1),
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        hint=hint,
    )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
