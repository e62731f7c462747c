"""The check as a job summary in GitHub Actions: counts, the first problems with links, the rest.

GitHub shows the Markdown a step appends to the file named by
``GITHUB_STEP_SUMMARY`` on the run's page, where reviewers of a pull request
land from its checks. The summary says how many problems were found in how
many plans, lists the first :data:`FIRST_PROBLEMS` (errors first) in a table
whose locations link to the line in the repository, and says how many more
there are. The annotations on the diff carry every problem; the summary is
the overview.

Plan text is data, never Markdown: it is escaped as the Markdown packet
escapes it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from planctl.errors import UserError
from planctl.problem import FileReport, Problem, Severity
from planctl.render.markdown import cell, md_line, md_row, md_rule
from planctl.report._common import Summary, describe, iter_problems, posix_path
from planctl.report.text import summary_line

FIRST_PROBLEMS = 50
"""Problems listed in the table; the rest are counted."""

SUMMARY_VARIABLE = "GITHUB_STEP_SUMMARY"
"""The environment variable naming the job-summary file."""

HEADING = "Plan check"

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_LABEL = {Severity.ERROR: "❌ error", Severity.WARNING: "⚠️ warning", Severity.INFO: "ℹ️ info"}


@dataclass(frozen=True)
class SourceLinks:
    """How to link a file and line of the checked-out repository on GitHub."""

    server: str
    """``GITHUB_SERVER_URL``, such as ``https://github.com``."""
    repository: str
    """``GITHUB_REPOSITORY``: ``owner/name``."""
    commit: str
    """``GITHUB_SHA``: the commit checked out."""
    root: Path
    """``GITHUB_WORKSPACE``: the folder the repository is checked out in."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], cwd: Path) -> SourceLinks | None:
        """The links GitHub's variables allow; None when one of them is missing."""
        server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
        repository = environ.get("GITHUB_REPOSITORY", "")
        commit = environ.get("GITHUB_SHA", "")
        if not (server and repository and commit):
            return None
        root = Path(environ.get("GITHUB_WORKSPACE") or cwd)
        return cls(server, repository, commit, root)

    def url(self, path: str, line: int, cwd: Path) -> str | None:
        """The address of ``line`` of ``path`` (as reported from ``cwd``); None outside the root."""
        try:
            inside = Path(os.path.relpath(Path(cwd, path).resolve(), self.root.resolve()))
        except ValueError:  # another drive
            return None
        if inside.parts[:1] == ("..",) or inside.is_absolute():
            return None
        address = quote(inside.as_posix(), safe="/")
        anchor = f"#L{line}" if line > 0 else ""
        return f"{self.server}/{self.repository}/blob/{self.commit}/{address}{anchor}"


def summary_markdown(
    reports: Sequence[FileReport],
    links: SourceLinks | None,
    cwd: Path,
    limit: int = FIRST_PROBLEMS,
) -> str:
    """The job summary of ``reports``: a heading with the counts, a table, the number left out."""
    counts = summary_line(Summary.of(reports))
    problems = sorted(iter_problems(reports), key=lambda problem: _RANK[problem.severity])
    if not problems:
        return f"## ✅ {HEADING}\n\n{counts}\n"
    icon = "❌" if any(problem.severity is Severity.ERROR for problem in problems) else "⚠️"
    blocks = [f"## {icon} {HEADING}", md_line(counts)]
    rows = [md_row(["", "Where", "Rule", "Problem"]), md_rule(4)]
    rows.extend(_row(problem, links, cwd) for problem in problems[:limit])
    blocks.append("\n".join(rows))
    left = len(problems) - limit
    if left > 0:
        more = "1 more problem" if left == 1 else f"{left} more problems"
        blocks.append(
            f"…and {more}, each marked on its line in the pull request's changed files; "
            "`planctl validate` lists them all."
        )
    return "\n\n".join(blocks) + "\n"


def _row(problem: Problem, links: SourceLinks | None, cwd: Path) -> str:
    place = f"{posix_path(problem.path)}:{problem.line}"
    if problem.column:
        place += f":{problem.column}"
    url = links.url(problem.path, problem.line, cwd) if links is not None else None
    where = f"[{cell(place)}]({url})" if url else cell(place)
    cells = [_LABEL[problem.severity], where, cell(problem.rule), cell(describe(problem))]
    return "| " + " | ".join(cells) + " |"


def append_summary(
    reports: Sequence[FileReport], environ: Mapping[str, str], cwd: Path
) -> Path | None:
    """Append the summary to the file ``GITHUB_STEP_SUMMARY`` names; the file, or None if unset.

    Raises :class:`UserError` when the file cannot be written.
    """
    target = environ.get(SUMMARY_VARIABLE, "")
    if not target:
        return None
    text = summary_markdown(reports, SourceLinks.from_environ(environ, cwd), cwd)
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8", newline="\n") as stream:
            stream.write(text + "\n")
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(f"cannot write the job summary {path}: {reason}") from None
    return path
