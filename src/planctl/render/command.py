"""The ``render`` command: check plans, render one packet, write it to a file or the stream."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from planctl.bulk import Ticker, reading_jobs
from planctl.checking import find_plans
from planctl.config import Settings
from planctl.errors import UserError
from planctl.escape import visible
from planctl.problem import Problem
from planctl.render import PrivacyRefusal, RenderOptions, render_packet
from planctl.vocabulary.dates import given_day
from planctl.writing import atomic_binary_writer, check_target


@dataclass(frozen=True)
class RenderCommandOptions:
    """What ``planctl render`` was asked for: the plans, where to write, and the packet."""

    plans: Sequence[str]
    """Plan files (or folders); several make one packet."""
    output: Path | None = None
    """The file to write; without it only Markdown may go to the stream."""
    packet: RenderOptions = field(default_factory=RenderOptions)
    """Format, layout, paper and the rest of what the packet looks like."""
    jobs: int | None = None
    """Processes to read many plans with (default: one per core from 16 plans)."""


def run(
    options: RenderCommandOptions,
    settings: Settings,
    out: TextIO,
    err: TextIO,
    ticker: Ticker | None = None,
) -> int:
    """Render the plans as one packet into ``options.output``, or onto ``out``; returns 0.

    Many plans are read in several processes (``options.jobs``); ``ticker``
    (a progress bar) counts them.

    With ``settings.public`` (``--public``), a plan with a privacy error makes
    it write those problems to ``err``, write no packet and return 1.

    Raises :class:`~planctl.errors.UserError` for a format that needs a file
    but has none, a ``date`` planctl cannot read, a path that does not exist,
    no plans, an output that may not or cannot be written, a layout folder
    that does not exist, and for what :func:`~planctl.render.render_packet` refuses (exit code 1 for
    ``strict`` and a plan with problems).
    """
    packet = options.packet
    output = options.output
    if packet.to != "md" and output is None:
        raise UserError(f"--format {packet.to} writes a file: add -o FILE")
    if packet.date is not None and given_day(packet.date) is None:
        shown = " ".join(packet.date.split())
        raise UserError(f"--date '{shown}' is not a date: write 2027-03-01 or March 2027")
    files = find_plans(options.plans, settings, allow_none=True)
    if not files:
        raise UserError("no plan files to render")
    inputs = [path for path, _ in files]
    if output is not None:
        # Before the work, so a wrong -o costs nothing.
        check_target(output, inputs=inputs, what="packet")
    if packet.layouts_dir is not None and not packet.layouts_dir.is_dir():
        raise UserError(f"--layouts {packet.layouts_dir}: no such folder")
    jobs = reading_jobs(options.jobs)
    try:
        data = render_packet(files, packet, settings, jobs=jobs, ticker=ticker)
    except PrivacyRefusal as refusal:
        # Said on stderr: the packet's own stream (Markdown on stdout) stays empty.
        err.write(located(refusal.problems))
        err.write(f"planctl: {refusal}\n")
        return refusal.exit_code
    if output is None:
        # On the screen, a plan's control characters must not drive the terminal.
        out.write(visible(data.decode("utf-8"), keep="\t\n"))
        return 0
    try:
        with atomic_binary_writer(output, inputs=inputs, what="packet") as stream:
            stream.write(data)
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None
    err.write(f"planctl: wrote {output}\n")
    return 0


def located(problems: Sequence[Problem]) -> str:
    """Problems as the text report's lines: ``path:line:col: severity [rule] where: message``."""
    lines: list[str] = []
    for problem in sorted(problems, key=Problem.sort_key):
        where = f" {problem.where}:" if problem.where else ""
        lines.append(
            f"{problem.path}:{problem.line}:{problem.column}: {problem.severity.value}"
            f" [{problem.rule}]{where} {problem.message}"
        )
        if problem.hint:
            lines.append(f"  hint: {problem.hint}")
    return visible("\n".join(lines), keep="\n") + "\n"
