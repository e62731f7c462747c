"""Rendering plans into board packets: Markdown, HTML, Word and PDF.

:func:`render_packet` checks the plans, builds the display data
(:mod:`planctl.render.view`) and hands it to the format's module, each of
which renders a layout. The format modules are imported only when asked
for, so ``planctl validate`` never pays for Jinja or python-docx.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planctl import __version__
from planctl.errors import UserError
from planctl.formats import RENDER

if TYPE_CHECKING:
    from planctl.bulk import Ticker
    from planctl.config import Settings
    from planctl.model.build import PlanDoc
    from planctl.problem import Problem

FORMATS = RENDER
"""Each format by name and the module whose ``render(packet, layout, layouts_dir)`` makes it."""
LAYOUTS = ("table", "one-page", "by-owner", "timeline", "scorecard")


class RenderError(UserError):
    """Rendering cannot go on; the message is one line for the user."""


class PlanHasProblems(RenderError):
    """``--strict`` and a plan has problems: nothing is rendered."""

    exit_code = 1


class PrivacyRefusal(RenderError):
    """``--public`` and a plan carries student data: the packet is not written.

    ``problems`` are the privacy errors, located like every other problem.
    """

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


class PdfUnavailable(RenderError):
    """WeasyPrint (or the system libraries it needs) is not installed."""


@dataclass(frozen=True)
class RenderOptions:
    """What the user asked for."""

    to: str = "md"
    layout: str = "table"
    layouts_dir: Path | None = None
    strict: bool = False
    date: str | None = None
    paper: str = "letter"
    title: str | None = None


def render_packet(
    files: Sequence[tuple[Path, str]],
    options: RenderOptions,
    settings: Settings | None = None,
    *,
    jobs: int | None = 1,
    ticker: Ticker | None = None,
) -> bytes:
    """Check ``files`` and render them as one packet in ``options.to``.

    ``settings`` default to those of ``planctl.toml`` in the current folder.
    ``jobs`` processes read the plans (None: one per core from
    :data:`~planctl.bulk.PARALLEL_FROM` files); ``ticker`` counts them. With
    ``settings.public`` the privacy rules run, and a privacy error in any
    plan raises :class:`PrivacyRefusal` before anything is rendered.
    """
    # deferred: start-up (the command line reads FORMATS without loading the checker)
    from planctl.checking import open_plans, privacy_errors
    from planctl.config import load_settings
    from planctl.render.provenance import source_info

    if settings is None:
        settings = load_settings(Path.cwd())
    docs: list[tuple[PlanDoc, int]] = []
    sources = []
    blocking: list[Problem] = []
    checked_plans = open_plans(files, settings, jobs=jobs, ticker=ticker)
    for (path, display), checked in zip(files, checked_plans, strict=True):
        problems = checked.report.problems
        if options.strict and problems:
            raise PlanHasProblems(
                f"{display} has {len(problems)} problem{'' if len(problems) == 1 else 's'}; "
                "fix them or render without --strict "
                f"(run 'planctl validate {display}' to see them)"
            )
        if checked.doc is None:
            first = problems[0]
            raise RenderError(
                f"{display}:{first.line}:{first.column}: cannot be read as a plan: {first.message}"
            )
        docs.append((checked.doc, len(problems)))
        sources.append(source_info(path, display))
        blocking.extend(privacy_errors([checked.report]))
    if blocking:
        for doc, _ in docs:
            doc.dispose()
        count = len(blocking)
        raise PrivacyRefusal(
            f"the packet was not written: {count} privacy problem{'s' if count != 1 else ''}"
            " would publish student data; fix them and render again",
            blocking,
        )
    try:
        with _collector_paused():
            # The packet's data is made and dropped inside the pause (it dies with
            # _render's frame): the collection after it then has only survivors to
            # look at, not the hundreds of thousands of objects of the view.
            return _render(files, docs, sources, options, settings.as_of or "")
    finally:
        for doc, _ in docs:
            doc.dispose()


def _render(
    files: Sequence[tuple[Path, str]],
    docs: list[tuple[PlanDoc, int]],
    sources: list[dict[str, str]],
    options: RenderOptions,
    as_of: str,
) -> bytes:
    """Build the display data of checked plans and render it in ``options.to``."""
    # deferred: start-up (status, diff and export import planctl.render for its view helpers)
    from planctl.render.alignment import alignment_view
    from planctl.render.view import packet_view, standing_day

    packet = packet_view(
        docs,
        sources=sources,
        version=__version__,
        date=options.date,
        paper=options.paper,
        title=options.title,
        as_of=standing_day(options.date, as_of),
    )
    packet["as_of"] = as_of
    plans = [(path, doc) for (path, _), (doc, _) in zip(files, docs, strict=True)]
    packet["alignment"] = alignment_view(plans, packet["plans"])
    module = importlib.import_module(FORMATS[options.to])
    result: bytes = module.render(packet, options.layout, options.layouts_dir)
    return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the packet is built and rendered.

    The view and the rendering allocate hundreds of thousands of small dicts,
    lists and strings, next to none of them garbage in a cycle, while the plans
    sit on the heap; each full collection the allocations trigger walks all of
    it (about half a second for a plan of 20,000 steps) and frees nothing.
    Reference counting still frees everything as usual; cycles made meanwhile
    wait for the next collection after this.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:  # left as found: a caller may have paused it for its own reasons
            gc.enable()
