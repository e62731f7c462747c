"""The text report, for people at a terminal.

Problems are grouped under a line naming their file. Each problem is one
``path:line:col: severity [rule] where: message`` line (editors and
terminals make it a link), the offending source line with a caret under the
column, and a ``hint:`` line when the rule has a suggestion. One summary line
ends the report; files without problems only count in it::

    plans/district.plan.yaml
    plans/district.plan.yaml:12:10: error [date-order] Goal 1 › Action step 2: ends before it starts
      12 |     due: 2024-01
         |          ^
      hint: move "due" after "start" (2024-03)

    1 error in 1 of 3 files

Colours are plain ANSI codes, used only when the caller asks (the CLI
decides from ``NO_COLOR`` and whether the stream is a terminal).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TextIO

from planctl.escape import visible
from planctl.problem import FileReport, Problem, Severity
from planctl.report import Options, Reporter
from planctl.report._common import Summary, sorted_problems

TAB_SIZE = 4
"""Columns a tab in a quoted source line is expanded to, so the caret stays aligned."""

LONG_LINE = 200
"""Quoted lines longer than this many characters are cut around the problem's column."""

_WINDOW = 120
_LEFT_CONTEXT = 40
_ELLIPSIS = "…"

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_STYLE = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_HINT_STYLE = "\x1b[36m"
_OK_STYLE = "\x1b[1;32m"


def _write(reports: Sequence[FileReport], stream: TextIO, options: Options) -> None:
    """Write ``reports`` for a person to ``stream``; ``options.color`` adds ANSI colours."""
    style = _Style(options.color)  # the text report names neither rules nor version
    out: list[str] = []
    for report in reports:
        problems = sorted_problems(report)
        if not problems:
            continue
        out.append(style(_BOLD, _visible(report.path)))
        gutter = max(len(str(problem.line)) for problem in problems)
        for problem in problems:
            out.extend(_problem_lines(problem, report, gutter, style))
            out.append("")
    out.append(summary_line(Summary.of(reports), color=options.color))
    stream.write("\n".join(out) + "\n")


write = Reporter(_write, "write")
"""Write ``reports`` to a stream in this format (see :class:`planctl.report.Reporter`)."""


def summary_line(summary: Summary, *, color: bool = False) -> str:
    """``3 errors, 1 warning in 2 of 5 files``, or ``No problems in 5 files.``."""
    style = _Style(color)
    files = _plural(summary.files, "file")
    if not (summary.errors or summary.warnings or summary.infos):
        return style(_OK_STYLE, f"No problems in {files}.")
    parts = [
        _plural(count, word)
        for count, word in (
            (summary.errors, "error"),
            (summary.warnings, "warning"),
            (summary.infos, "info"),
        )
        if count
    ]
    worst = Severity.ERROR if summary.errors else Severity.WARNING if summary.warnings else None
    counts = ", ".join(parts)
    if worst is not None:
        counts = style(_SEVERITY_STYLE[worst], counts)
    return f"{counts} in {summary.files_with_problems} of {files}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _Style:
    """Wraps text in an ANSI style when colour is on, and leaves it alone otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def _problem_lines(problem: Problem, report: FileReport, gutter: int, style: _Style) -> list[str]:
    severity = problem.severity
    head = (
        f"{_visible(problem.path)}:{problem.line}:{problem.column}: "
        f"{style(_SEVERITY_STYLE[severity], severity.value)} "
        f"{style(_DIM, f'[{_visible(problem.rule)}]')} "
    )
    text = f"{problem.where}: {problem.message}" if problem.where else problem.message
    lines = [head + _visible(text, indent="    ")]
    source = report.source_line(problem.line) if problem.path == report.path else None
    if source is not None:
        quoted, offset = quote_source(source, problem.column)
        number = str(problem.line).rjust(gutter)
        lines.append(f"  {style(_DIM, f'{number} |')} {quoted}".rstrip())
        lines.append(
            f"  {style(_DIM, ' ' * gutter + ' |')} {' ' * offset}"
            f"{style(_SEVERITY_STYLE[severity], '^')}"
        )
    if problem.hint:
        lines.append(f"  {style(_HINT_STYLE, 'hint:')} {_visible(problem.hint, indent='        ')}")
    return lines


def quote_source(line: str, column: int) -> tuple[str, int]:
    """The source line as shown, and how many display columns precede the caret.

    Tabs are expanded to :data:`TAB_SIZE`; control characters are shown as
    escapes; wide (East Asian) characters count two columns and combining
    marks none. A line longer than :data:`LONG_LINE` characters is cut to a
    window around ``column`` with ``…`` where text was left out.
    """
    line = line.rstrip("\r\n")
    column = min(max(column, 1), len(line) + 1)
    full = _visible(line.expandtabs(TAB_SIZE))
    caret = len(_visible(line[: column - 1].expandtabs(TAB_SIZE)))
    if len(full) <= LONG_LINE:
        return full, _width(full[:caret])
    start = min(max(caret - _LEFT_CONTEXT, 0), len(full) - _WINDOW)
    end = start + _WINDOW
    before = _ELLIPSIS if start > 0 else ""
    after = _ELLIPSIS if end < len(full) else ""
    return before + full[start:end] + after, _width(before + full[start:caret])


def _visible(text: str, indent: str = "") -> str:
    """``text`` safe to print (:func:`planctl.escape.visible`); with ``indent``, lines indented."""
    if indent and "\n" in text:
        return ("\n" + indent).join(visible(line) for line in text.split("\n"))
    return visible(text)


def _width(text: str) -> int:
    """Terminal columns ``text`` takes: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )
