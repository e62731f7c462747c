"""GitHub Actions workflow commands: each problem becomes an annotation on the pull request.

One line per problem::

    ::error file=a.plan.yaml,line=3,col=9,endLine=3,endColumn=16,title=date-format::Goal 1: ...

``::warning`` and ``::notice`` carry warnings and infos. Values are escaped
the way GitHub's own toolkit (``@actions/core``) escapes them, so a message
with ``%``, newlines, ``:`` or ``,`` arrives intact. Before that, control and
bidirectional characters are shown as escapes (:func:`planctl.escape.visible`):
the log is read in a browser and in terminals, and an ESC or a bell from a
plan must not reach either. Tabs and line breaks stay in the message, where
the workflow-command encoding carries them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from planctl.escape import visible
from planctl.problem import FileReport, Problem, Severity
from planctl.report import Options, Reporter
from planctl.report._common import describe, iter_problems, posix_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
"""The workflow command for each severity."""


def escape_data(text: str) -> str:
    """Escape a command's message: controls shown as escapes, then ``%``, CR and LF encoded."""
    text = visible(text, keep="\t\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as :func:`escape_data`, and also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    """The workflow command line for one problem, without a line end."""
    properties: dict[str, object] = {
        "file": posix_path(problem.path),
        "line": problem.line,
        "col": problem.column,
        "endLine": problem.end_line,
        "endColumn": problem.end_column,
        "title": problem.rule,
    }
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    )
    return f"::{COMMANDS[problem.severity]} {props}::{escape_data(describe(problem))}"


def _write(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
    """Write one workflow command per problem to ``stream`` (nothing when there are none)."""
    del options  # annotations carry only the problems
    for problem in iter_problems(reports):
        stream.write(command(problem) + "\n")


write = Reporter(_write, "write")
"""Write ``reports`` to a stream in this format (see :class:`planctl.report.Reporter`)."""
