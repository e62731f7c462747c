"""The ``validate`` command: check plans, write one report, turn problems into an exit code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from planctl import __version__
from planctl.bulk import Ticker
from planctl.checking import check_loaded, find_plans, validate_reports
from planctl.config import Settings
from planctl.errors import UserError
from planctl.load import load_bytes
from planctl.problem import FileReport, Severity, count_by_severity
from planctl.report import write_report
from planctl.rules import RuleDocs

EXIT_OK = 0
EXIT_PROBLEMS = 1


@dataclass(frozen=True)
class ValidateOptions:
    """What ``planctl validate`` was asked for."""

    paths: Sequence[str] = ()
    """Plan files or folders; none means the plans of planctl.toml, else the current folder."""
    format: str = "text"
    """A name of :data:`planctl.report.REPORTERS` (``auto`` is resolved by the caller)."""
    strict: bool = False
    """Warnings fail too."""
    output: Path | None = None
    """Write the report to this file (atomically) instead of the stream."""
    jobs: int | None = None
    """Processes to check many files with (default: one per core)."""
    color: bool = False
    """ANSI colours in the text report on the stream."""
    environ: Mapping[str, str] = field(default_factory=dict)
    """The CI's variables. With the github format and ``GITHUB_STEP_SUMMARY`` set, a job
    summary is appended there, its locations linked with GitHub's other variables."""
    stdin_filename: str | None = None
    """The name of the plan read from standard input (``-``), for messages and its folder."""


def run(
    options: ValidateOptions,
    settings: Settings,
    out: TextIO,
    ticker: Ticker | None = None,
    stdin: BinaryIO | None = None,
) -> int:
    """Check the plans ``options`` name and write the report; 1 when something fails, else 0.

    ``ticker`` (a progress bar) counts the files checked. The path ``-`` alone
    checks the plan on ``stdin`` (an editor's unsaved buffer), named
    ``options.stdin_filename`` in the report. Raises
    :class:`~planctl.errors.UserError` for a path that does not exist, no plan
    files, or a report file that cannot be written.
    """
    if "-" in options.paths:
        files: list[tuple[Path, str]] = []
        reports = [_stdin_report(options, settings, stdin)]
    else:
        files = find_plans(options.paths, settings, allow_none=bool(settings.problems))
        reports = validate_reports(files, settings, options.jobs, ticker)
    if settings.problems and settings.path is not None:
        # Mistakes in planctl.toml are reported like plan problems, at their lines.
        config_lines = settings.path.read_text(encoding="utf-8", errors="replace").splitlines()
        reports.insert(
            0,
            FileReport(
                path=settings.problems[0].path, problems=settings.problems, lines=config_lines
            ),
        )

    def write(stream: TextIO, color: bool) -> None:
        write_report(
            options.format,
            reports,
            stream,
            rules=RuleDocs(),
            color=color,
            tool_version=__version__,
        )

    if options.output is None:
        write(out, options.color)
    else:
        # deferred: start-up (only a report to a file needs it; every commit runs validate)
        from planctl.writing import atomic_writer

        # The report never replaces a plan or the settings it was made from.
        inputs = [path for path, _ in files]
        if settings.path is not None:
            inputs.append(settings.path)
        with atomic_writer(options.output, inputs=inputs, what="report") as stream:
            write(stream, False)
    if options.format == "github" and options.environ.get("GITHUB_STEP_SUMMARY"):
        # deferred: start-up (only a check inside GitHub Actions writes a summary)
        from planctl.validate.summary import append_summary

        append_summary(reports, options.environ, Path.cwd())
    counts = count_by_severity(reports)
    failing = counts[Severity.ERROR] + (counts[Severity.WARNING] if options.strict else 0)
    return EXIT_PROBLEMS if failing else EXIT_OK


def _stdin_report(
    options: ValidateOptions, settings: Settings, stdin: BinaryIO | None
) -> FileReport:
    """The report on the one plan read from ``stdin``."""
    if list(options.paths) != ["-"] or stdin is None:
        raise UserError("'-' reads one plan from standard input; give it alone")
    name = options.stdin_filename or "-"
    loaded = load_bytes(stdin.read(), name)
    return check_loaded(loaded, Path(name).parent, settings).report
