"""A plan's dates read with its period and school year: :class:`PlanDates`.

``Year 2``, ``Ongoing`` and ``quarterly`` only mean something within the plan
period, and ``2024-25`` within the district's school year, so every reader of
a node's dates (rules, ``status``, ``diff``, render, export) goes through here.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Protocol

from planctl.timeline import Timeline, TimelineError, parse_timeline
from planctl.timeline.model import example_year
from planctl.vocabulary.period import PeriodLike, plan_period


class _Header(Protocol):
    @property
    def period(self) -> PeriodLike | None: ...


class _Template(Protocol):
    @property
    def school_year_start(self) -> int: ...


class PlanLike(Protocol):
    """What :class:`PlanDates` reads of a plan: its header's period and its template."""

    @property
    def header(self) -> _Header | None:
        """The plan's header, when it has one."""

    @property
    def template(self) -> _Template:
        """The plan's template."""


@lru_cache(maxsize=4096)
def read_date(
    text: str, period: tuple[date, date] | None, school_year_start: int
) -> Timeline | TimelineError:
    """``text`` on the calendar, or why not; read once per period (plans repeat their dates)."""
    try:
        return parse_timeline(text, period=period, school_year_start=school_year_start)
    except TimelineError as error:
        return error


class PlanDates:
    """Reads a plan's dates with its period and school year."""

    def __init__(self, doc: PlanLike | None = None) -> None:
        self.school_year_start = 7
        self.period: tuple[date, date] | None = None
        if doc is not None:
            self.school_year_start = doc.template.school_year_start
            self.period = plan_period(
                doc.header.period if doc.header else None, self.school_year_start
            )

    def reading(self, text: str) -> Timeline | TimelineError:
        """``text`` placed on the calendar, or the problem with it."""
        return read_date(text, self.period, self.school_year_start)

    def read(self, text: str | None) -> Timeline | None:
        """``text`` placed on the calendar, or None when it is empty or unreadable."""
        if not text:
            return None
        found = self.reading(text)
        return found if isinstance(found, Timeline) else None

    def example(self, month: int, year: int | None = None) -> date:
        """The first day of ``month`` in a year to show in a hint: one of the plan's own.

        The year of the period nearest ``year`` (or its first) in which
        ``month`` falls inside the period, or the period's first month when
        it holds no such month (a period shorter than a year); without a
        period, ``year`` itself or a fixed example year.
        """
        period = self.period
        if period is None:
            return date(year if year is not None else example_year(None, month), month, 1)
        first, last = period
        inside = [
            candidate
            for candidate in range(first.year, last.year + 1)
            if first <= date(candidate, month, 1) <= last
        ]
        if not inside:
            return date(first.year, first.month, 1)
        wanted = year if year is not None else inside[0]
        return date(min(inside, key=lambda candidate: abs(candidate - wanted)), month, 1)

    def day(self, text: str | None) -> date | None:
        """The last day ``text`` covers, or None."""
        timeline = self.read(text)
        return timeline.end if timeline is not None else None


# The kinds of date that stand for one stretch of days; a repeat, milestones or
# "the plan period" name no day of their own.
_ONE_SPAN = frozenset({"day", "month", "range"})


def given_day(text: str, school_year_start: int = 7) -> date | None:
    """A day given on the command line (``--as-of``, ``--date``), in any form plans write dates.

    ``2027-03-01``, ``03/01/2027`` and ``March 1, 2027`` are that day; a month
    (``March 2027``, ``2027-03``), season or school year stands for its last
    day, as a due date does. None for text that names no single stretch of days.
    """
    shown = " ".join(str(text).split())
    try:
        return date.fromisoformat(shown)
    except ValueError:
        pass
    found = read_date(shown, None, school_year_start)
    if isinstance(found, TimelineError) or found.kind not in _ONE_SPAN:
        return None
    return found.end
