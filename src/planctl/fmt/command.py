"""``planctl fmt`` on files: check, diff or rewrite each, report on the streams passed in."""

from __future__ import annotations

import difflib
import io
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from planctl.bulk import Ticker, map_in_order
from planctl.checking import CheckedPlan, PathNotFound, check_file, check_loaded, discover
from planctl.errors import UserError
from planctl.fmt.core import format_text
from planctl.fmt.problems import BLOCKING_RULES, CannotFormat, FormatIntegrityError
from planctl.load import load_bytes
from planctl.problem import Problem
from planctl.template import RULE_TEMPLATE
from planctl.writing import atomic_writer

if TYPE_CHECKING:
    from planctl.config import Settings


@dataclass
class Tally:
    """How many files a run reformatted, left unchanged, or could not format."""

    changed: int = 0
    unchanged: int = 0
    failed: int = 0


def format_file(
    path: Path,
    display: str,
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None = None,
    force: bool = False,
    tally: Tally | None = None,
) -> int:
    """Format one plan file; returns 0 (unchanged, or rewritten), 1 (would change, or invalid).

    With ``check`` or ``diff`` nothing is written: ``check`` prints ``would
    reformat PATH`` and ``diff`` a unified diff to ``out``. Otherwise a
    changed file is replaced atomically (a reader sees the old file or the
    new one), keeping its permissions. An invalid file is never touched; its
    problems go to ``err``. A read-only file (see :func:`_read_only`) is left
    as it is unless ``force``. A file that is read-only or cannot be written
    returns 2. ``tally`` counts the outcome, for a run's last line.
    """
    if tally is None:
        tally = Tally()
    checked = check_file(path, display, settings)
    formatted = _formatted(checked, display, normalize_dates=normalize_dates, err=err)
    if formatted is None:
        tally.failed += 1
        return 1
    try:
        original = path.read_bytes()
    except OSError as error:
        err.write(f"{display}: cannot read the file again: {error.strerror or error}\n")
        tally.failed += 1
        return 1
    if formatted.encode("utf-8") == original:
        tally.unchanged += 1
        return 0
    if check or diff:
        if diff:
            _write_diff(out, display, original.decode("utf-8", errors="replace"), formatted)
        if check:
            out.write(f"would reformat {display}\n")
        tally.changed += 1
        return 1
    return _write(path, display, formatted, err, tally, force=force)


def _formatted(
    checked: CheckedPlan, display: str, *, normalize_dates: bool, err: TextIO
) -> str | None:
    """The checked plan's text laid out; None, with its problems on ``err``, when it cannot be."""
    blocking = [
        problem
        for problem in checked.report.problems
        if problem.rule in BLOCKING_RULES or problem.rule == RULE_TEMPLATE
    ]
    if blocking or checked.doc is None:
        _report(err, display, blocking or checked.report.problems, "not formatted")
        return None
    loaded = checked.doc.loaded
    try:
        return format_text(
            loaded.text, template=checked.doc.template, normalize_dates=normalize_dates
        )
    except CannotFormat as error:
        _report(err, display, error.problems, "not formatted")
    except FormatIntegrityError as error:
        err.write(f"{display}: internal error: {error}\n")
    except Exception as error:  # a bug must not stop the other files
        err.write(f"{display}: internal error: {type(error).__name__}: {error}; not formatted\n")
    return None


def format_stream(
    raw: bytes,
    display: str,
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None = None,
) -> int:
    """Format one plan read from standard input (``planctl fmt -``); returns the exit code.

    The formatted plan goes to ``out`` (0); with ``check`` or ``diff`` only
    what would change does (1 when something would). A plan that cannot be
    formatted writes nothing to ``out``, its problems to ``err``, and gives 1.
    ``display`` names the plan in messages; relative references (a district
    template) are read from its folder.
    """
    loaded = load_bytes(raw, display)
    checked = check_loaded(loaded, Path(display).parent, settings)
    formatted = _formatted(checked, display, normalize_dates=normalize_dates, err=err)
    if formatted is None:
        return 1
    if not (check or diff):
        out.write(formatted)
        return 0
    original = raw.decode("utf-8", errors="replace")
    if formatted == original:
        return 0
    if diff:
        _write_diff(out, display, original, formatted)
    if check:
        out.write(f"would reformat {display}\n")
    return 1


def _read_only(path: Path) -> bool:
    """True when the file at ``path`` (through links) is marked read-only.

    An editor asks before it saves over such a file, and so does ``fmt``.
    The mode decides: a file without its owner's write bit (``chmod a-w``,
    ``0444``) was made read-only on purpose. ``os.access`` alone would not
    do, as for root (in containers, in CI) it calls every file writable
    whatever its mode; it still counts for anyone else, as for a file of
    another user that only its owner may write.
    """

    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # gone or unreadable: the write itself says why
    return not mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def _write(
    path: Path, display: str, formatted: str, err: TextIO, tally: Tally, *, force: bool
) -> int:

    # Through a symbolic link, the file it points to is the plan.
    target = path.resolve() if path.is_symlink() else path
    if not force and _read_only(target):
        err.write(f"planctl: {display}: read-only: make it writable or use --force\n")
        tally.failed += 1
        return 2
    try:
        with atomic_writer(target) as stream:
            stream.write(formatted)
    except (UserError, OSError) as error:
        message = str(error) if isinstance(error, UserError) else (error.strerror or str(error))
        err.write(f"{display}: {message}\n")
        tally.failed += 1
        return 2
    err.write(f"reformatted {display}\n")
    tally.changed += 1
    return 0


def _write_diff(out: TextIO, display: str, old: str, new: str) -> None:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=display,
        tofile=display,
    )
    for line in lines:
        out.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


def _report(err: TextIO, display: str, problems: Sequence[Problem], what: str) -> None:
    for problem in problems:
        # Problems of a district's template file are shown at that file's lines.
        path = display if problem.path in (display, "<plan>") else problem.path
        where = f"{path}:{problem.line}:{problem.column}"
        err.write(f"{where}: error [{problem.rule}] {problem.message}\n")
        if problem.hint:
            err.write(f"  hint: {problem.hint}\n")
    if not problems:
        err.write(f"{display}: {what}\n")


def run(
    paths: Sequence[str],
    *,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    out: TextIO,
    err: TextIO,
    settings: Settings | None = None,
    force: bool = False,
    jobs: int | None = None,
    ticker: Ticker | None = None,
    stdin: BinaryIO | None = None,
    stdin_filename: str | None = None,
) -> int:
    """Format the plan files named by ``paths`` (folders are searched); returns the exit code.

    Many files are formatted in several processes (``jobs``, default: one
    per core from :data:`~planctl.bulk.PARALLEL_FROM` files); what each file
    gives is written in the files' order all the same. ``ticker`` (a
    progress bar) counts the files done.

    Each file is formatted on its own: an invalid one is reported and the
    others are still formatted. The code is the worst of the files' (0, 1,
    or 2 for a file that is read-only, without ``force``, or cannot be
    written); 2 also when a path does not exist or no plan file is found.
    The last line on ``err`` sums up. ``-`` alone formats the plan on
    ``stdin`` onto ``out`` (see :func:`format_stream`), named
    ``stdin_filename`` in messages.
    """
    if "-" in paths:
        if list(paths) != ["-"] or stdin is None:
            err.write("planctl: '-' reads one plan from standard input; give it alone\n")
            return 2
        return format_stream(
            stdin.read(),
            stdin_filename or "-",
            check=check,
            diff=diff,
            normalize_dates=normalize_dates,
            out=out,
            err=err,
            settings=settings,
        )
    targets = list(paths) or (settings.plan_paths() if settings is not None else []) or ["."]
    try:
        files = discover(targets)
    except PathNotFound as missing:
        err.write(f"planctl: no such file or folder: {missing}\n")
        return 2
    if not files:
        err.write(f"planctl: no *.plan.yaml or *.plan.yml files in {', '.join(targets)}\n")
        return 2
    tally = Tally()
    worst = 0
    items = [
        (path, display, check, diff, normalize_dates, settings, force) for path, display in files
    ]
    for code, written, said, counted in map_in_order(
        _format_captured, items, jobs=jobs, ticker=ticker, what="formatting"
    ):
        # Each file's lines are written together, in the files' order, however many
        # processes did the work.
        out.write(written)
        err.write(said)
        tally.changed += counted.changed
        tally.unchanged += counted.unchanged
        tally.failed += counted.failed
        worst = max(worst, code)
    err.write(summary(tally.changed, tally.unchanged, tally.failed, dry=check or diff) + "\n")
    return worst


def _format_captured(
    path: Path,
    display: str,
    check: bool,
    diff: bool,
    normalize_dates: bool,
    settings: Settings | None,
    force: bool,
) -> tuple[int, str, str, Tally]:
    """:func:`format_file` with what it writes kept: its code, stdout, stderr and tally."""
    out, err, tally = io.StringIO(), io.StringIO(), Tally()
    code = format_file(
        path,
        display,
        check=check,
        diff=diff,
        normalize_dates=normalize_dates,
        out=out,
        err=err,
        settings=settings,
        tally=tally,
        force=force,
    )
    return code, out.getvalue(), err.getvalue(), tally


def summary(changed: int, unchanged: int, failed: int, *, dry: bool) -> str:
    """The last line of a run: ``2 files reformatted, 5 unchanged`` or ``would reformat 1 file``."""

    def files(count: int) -> str:
        return f"{count} file" if count == 1 else f"{count} files"

    parts: list[str] = []
    if changed:
        parts.append(f"would reformat {files(changed)}" if dry else f"{files(changed)} reformatted")
    if unchanged:
        parts.append(f"{unchanged} unchanged" if parts else f"{files(unchanged)} unchanged")
    if failed:
        parts.append(
            f"{failed} could not be formatted"
            if parts
            else f"{files(failed)} could not be formatted"
        )
    return ", ".join(parts) if parts else "no files"
