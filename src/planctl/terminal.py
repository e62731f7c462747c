"""The progress bar of a command working through many plan files, on stderr.

Shown only to a person watching: both stdout and stderr are a terminal (not
piped, not redirected to a file), no ``CI`` variable is set (CI logs keep
every frame of a bar), ``--quiet`` was not given, and the run has more than
a handful of files (:data:`SHOWN_FROM`). It is drawn on stderr and erased
when the run ends, so the command's output is the same with it or without.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from planctl.bulk import NoTicker, Ticker

if TYPE_CHECKING:
    from rich.progress import Progress

SHOWN_FROM = 10
"""Runs over fewer files than this finish before a bar would be worth reading."""


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def wants_progress(quiet: bool, out: object, err: object, environ: Mapping[str, str]) -> bool:
    """True when a progress bar may be drawn: a person is watching both streams, not CI."""
    if quiet or environ.get("CI"):
        return False
    return _is_terminal(out) and _is_terminal(err)


class ProgressBar:
    """A :class:`~planctl.bulk.Ticker` drawn with rich on ``stream``, from SHOWN_FROM files."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._progress: Progress | None = None
        self._task: object = None

    def start(self, total: int, what: str) -> None:
        """Draw the bar for ``total`` files, unless there are too few."""
        self.stop()
        if total < SHOWN_FROM:
            return
        # deferred: start-up (only a run over many files at a terminal draws a bar)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        # The streams were found to be a terminal already (wants_progress).
        console = Console(
            file=self.stream, force_terminal=True, no_color=bool(os.environ.get("NO_COLOR"))
        )
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("plans"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(what or "working", total=total)

    def advance(self) -> None:
        """One more file done."""
        if self._progress is not None:
            self._progress.advance(self._task)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Erase the bar."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def ticker_for(quiet: bool, out: TextIO, err: TextIO, environ: Mapping[str, str]) -> Ticker:
    """A progress bar on ``err`` when :func:`wants_progress`, else a ticker that shows nothing."""
    if wants_progress(quiet, out, err, environ):
        return ProgressBar(err)
    return NoTicker()
