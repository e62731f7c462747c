"""A GitLab Code Quality report (``artifacts: reports: codequality:``).

GitLab reads a JSON array of issues in a subset of the Code Climate format:
``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location`` (``path`` and ``lines.begin``). GitLab shows one issue per
fingerprint, so fingerprints are unique within a report, and they ignore
line numbers so an issue that moves stays the same issue between pipelines.
GitLab shows the description as it is, so control and bidirectional
characters in it are shown as escapes (:func:`planctl.escape.visible`); JSON
escaping alone would carry them to the page intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from planctl.escape import visible
from planctl.problem import FileReport, Problem, Severity
from planctl.report import Options, Reporter
from planctl.report._common import describe, dump_json, fingerprinted, posix_path

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
"""GitLab's severity (info, minor, major, critical, blocker) for each of planctl's."""


def issues(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    """The Code Quality issues of ``reports`` as plain data."""
    return [issue(problem, fingerprint) for problem, fingerprint in fingerprinted(reports)]


def issue(problem: Problem, fingerprint: str) -> dict[str, Any]:
    """One Code Quality issue."""
    begin = max(problem.line, 1)
    end = max(problem.end_line, begin) if problem.end_line is not None else begin
    return {
        "type": "issue",
        "description": visible(describe(problem, hint_separator=" — "), keep="\t\n"),
        "check_name": problem.rule,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[problem.severity],
        "location": {"path": posix_path(problem.path), "lines": {"begin": begin, "end": end}},
    }


def _write(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
    """Write the Code Quality report to ``stream`` (``[]`` when there are no problems)."""
    del options  # the format has no place for them
    dump_json(issues(reports), stream)


write = Reporter(_write, "write")
"""Write ``reports`` to a stream in this format (see :class:`planctl.report.Reporter`)."""
