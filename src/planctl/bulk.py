"""Work through many plan files: in several processes, results in the files' order, counted.

Every command that reads a folder of plans (validate, fmt, status, render,
export) goes through :func:`map_in_order`. Up to :data:`PARALLEL_FROM` files
it works in this process, as a second process costs more than it saves;
from there on (or with ``--jobs N``) the files are shared among worker
processes. Either way the results come back in the order of the files, so
the output does not depend on the number of processes, and each finished
file moves a :class:`Ticker` on (the command line's progress bar).

The work function runs in a worker process: it must be a module-level
function whose arguments and result can be pickled, and it must not raise
for a bad file (each command turns a bad file into its own report line), so
that one file never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from planctl.collector import tune_collector

PARALLEL_FROM = 16
"""From this many files, the default is one process per core."""

_Result = TypeVar("_Result")


class Ticker(Protocol):
    """Something told how far a run over many files has got (a progress bar)."""

    def start(self, total: int, what: str) -> None:
        """A run over ``total`` files begins; ``what`` says what is done to each."""

    def advance(self) -> None:
        """One more file is done."""

    def stop(self) -> None:
        """The run is over (also when it ends early)."""


class NoTicker:
    """A :class:`Ticker` that shows nothing."""

    def start(self, total: int, what: str) -> None:
        """Nothing to show."""

    def advance(self) -> None:
        """Nothing to show."""

    def stop(self) -> None:
        """Nothing to show."""


def usable_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def reading_jobs(jobs: int | None) -> int:
    """``jobs`` for a command that needs every built plan back in this process.

    Sending a built plan from a worker costs about what reading it here does
    (it is a large tree of objects), so such a command reads its plans here
    unless ``--jobs`` asks for more processes.
    """
    return 1 if jobs is None else jobs


def worker_count(files: int, jobs: int | None) -> int:
    """The processes to use for ``files`` files: ``jobs``, or one per core from PARALLEL_FROM."""
    if jobs is None:
        jobs = usable_cores() if files >= PARALLEL_FROM else 1
    return max(1, min(jobs, files))


def map_in_order(
    work: Callable[..., _Result],
    items: Sequence[tuple[Any, ...]],
    *,
    jobs: int | None = None,
    ticker: Ticker | None = None,
    what: str = "",
) -> Generator[_Result, None, None]:
    """``work(*item)`` for each of ``items``, yielded in the items' order.

    ``jobs`` processes share the items (default: see :func:`worker_count`);
    with one, everything runs here. ``ticker`` is moved on as each result
    arrives. Stopping the iteration early cancels the items not started.
    """
    ticker = ticker or NoTicker()
    ticker.start(len(items), what)
    try:
        processes = worker_count(len(items), jobs)
        if processes <= 1:
            for item in items:
                result = work(*item)
                ticker.advance()
                yield result
            return
        yield from _in_processes(work, items, processes, ticker)
    finally:
        ticker.stop()


def _in_processes(
    work: Callable[..., _Result],
    items: Sequence[tuple[Any, ...]],
    processes: int,
    ticker: Ticker,
) -> Iterator[_Result]:
    # deferred: start-up (only a run over many files starts processes)
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=processes, initializer=tune_collector)
    try:
        # Chunks of a few files keep the traffic between processes low; small enough
        # that the processes finish together and the bar moves steadily.
        chunk = max(1, min(8, len(items) // (processes * 8)))
        for result in pool.map(work, *zip(*items, strict=True), chunksize=chunk):
            ticker.advance()
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
