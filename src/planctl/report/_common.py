"""What the report formats share: problem order, counts, wording, paths and fingerprints."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TextIO

from planctl.problem import FileReport, Problem, Severity, count_by_severity


def sorted_problems(report: FileReport) -> list[Problem]:
    """The problems of one file in report order (:meth:`Problem.sort_key`)."""
    return sorted(report.problems, key=Problem.sort_key)


def iter_problems(reports: Iterable[FileReport]) -> Iterator[Problem]:
    """Every problem, file by file in the given order, each file's problems sorted."""
    for report in reports:
        yield from sorted_problems(report)


@dataclass(frozen=True)
class Summary:
    """How many files were checked, how many had problems, and problems by severity."""

    files: int
    files_with_problems: int
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, reports: Sequence[FileReport]) -> Summary:
        """Count ``reports``."""
        counts = count_by_severity(reports)
        return cls(
            files=len(reports),
            files_with_problems=sum(1 for report in reports if report.problems),
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )


def describe(problem: Problem, *, hint_separator: str = "\n") -> str:
    """The problem in one message: ``where: message``, then ``Hint: hint`` when there is one."""
    text = f"{problem.where}: {problem.message}" if problem.where else problem.message
    if problem.hint:
        text += f"{hint_separator}Hint: {problem.hint}"
    return text


def posix_path(path: str) -> str:
    """``path`` inside its repository, with forward slashes, as CI systems show paths.

    GitLab, GitHub and code scanning place a problem on a file by its path
    from the top of the repository, so a plan named by an absolute path
    (``planctl validate "$PWD/plans"``) or from a subfolder is given that
    path: from the nearest folder holding ``.git``, else from the current
    folder when it is inside it, else as it was given.
    """
    pure = PurePath(path)
    if path in ("", "-") or path.startswith("<"):
        return pure.as_posix()
    try:
        cwd = Path.cwd()
    except OSError:
        return pure.as_posix()
    absolute = Path(os.path.normpath(cwd / pure))
    for base in (_git_root(absolute.parent), cwd):
        if base is not None and absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return pure.as_posix()


def _git_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding ``.git`` (a folder, or a file)."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:
            return None
    return None


FINGERPRINT_KEY = "planctl/v1"
"""The name planctl's fingerprint is given where a format names fingerprints (SARIF)."""


def fingerprints(problems: Iterable[Problem]) -> list[str]:
    """A stable identity for each problem, in order, for CI systems that track problems over time.

    The identity hashes the path, rule, ``where`` and message, but not the line
    or column, so adding lines above a problem does not make it a new one. When
    the same problem text occurs more than once in a file, the second and later
    occurrences also hash their count, so every fingerprint in a report is
    unique (GitLab shows only one issue per fingerprint) while the first keeps
    the plain hash.
    """
    import hashlib  # deferred: start-up (the text report never needs it)

    seen: dict[str, int] = {}
    result: list[str] = []
    for problem in problems:
        key = "\0".join((posix_path(problem.path), problem.rule, problem.where, problem.message))
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key += f"\0{count}"
        result.append(hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest())
    return result


def fingerprinted(reports: Iterable[FileReport]) -> list[tuple[Problem, str]]:
    """Every problem in report order (:func:`iter_problems`) with its :func:`fingerprints` entry."""
    problems = list(iter_problems(reports))
    return list(zip(problems, fingerprints(problems), strict=True))


def dump_json(data: Any, stream: TextIO) -> None:
    """Write ``data`` as JSON indented by two, ASCII only, with a final newline."""
    import json  # deferred: start-up (the text report never needs it)

    json.dump(data, stream, indent=2)
    stream.write("\n")
