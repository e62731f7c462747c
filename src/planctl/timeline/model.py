"""What a timeline is once read: :class:`Timeline`, :class:`TimelineError` and their limits.

Also the calendar arithmetic the grammar shares (a month's days, a school
year's days) and the ISO-style normal form :meth:`Timeline.canonical` writes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "month", "season", "year"]
Kind = Literal["day", "month", "range", "milestones", "repeat", "period", "yearly"]
Reason = Literal["vague", "no-year", "invalid", "needs-period", "too-long"]

MAX_LENGTH = 500
MIN_YEAR = 1900
MAX_YEAR = 2100
# Plans run three to five years; anything far beyond is a typo, and the cap
# keeps plan-relative dates far from the limits of ``datetime.date``.
MAX_PLAN_YEAR = 50
# The year used in examples when the plan gives none: the Boston work plan,
# whose forms planctl was first built to read, is dated 2013-14.
EXAMPLE_YEAR = 2013

VAGUE_HINT = (
    "write a month and year such as 'May 2013' or '2013-05', a range such as "
    "'April-May 2013', or several dates such as 'August 2013, December 2013'"
)
"""The hint for text that is no date, in a plan without a period (see :func:`vague_hint`)."""
PERIOD_HINT = "add `period: {start: 2024-07, end: 2025-06}` to the plan, or write dates"


@dataclass(frozen=True)
class Timeline:
    """When a step happens: the days it covers and how precisely its end is known."""

    text: str
    kind: Kind
    start: date
    end: date
    precision: Precision
    milestones: tuple[Timeline, ...] = ()
    """The dates of a list, or each occurrence of a yearly date within the plan period."""
    repeat: str | None = None
    every: str = ""
    """For a yearly date, what recurs each year in words: ``March 30``, ``November``, ``Fall``."""
    year_only: bool = False
    """True when a date in it names a year and no month (``2012``, ``October 2003-2012``)."""

    def canonical(self) -> str:
        """The timeline in an ISO-style normal form that parses back to the same days.

        A day is ``2013-05-15``, a month ``2013-05``, a calendar year ``2013``,
        any other range ``START..END`` (each end as a month when it falls on a
        month boundary, else as a day), milestones their items joined by
        ``", "``, a repeat ``quarterly 2013-07..2014-06``, a yearly date
        ``March 30 each year`` and the whole plan period ``ongoing``.
        """
        if self.kind == "milestones":
            return ", ".join(item.canonical() for item in self.milestones)
        if self.kind == "yearly":
            return f"{self.every} each year"
        if self.kind == "period":
            return "ongoing"
        span = _span_text(self.start, self.end, self.precision)
        if self.kind == "repeat":
            return f"{self.repeat} {span}"
        return span


class TimelineError(ValueError):
    """A date planctl cannot place on a calendar, explained for the planner who wrote it."""

    def __init__(self, message: str, hint: str, reason: Reason) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.reason: Reason = reason


# --------------------------------------------------------------------------
# Calendar arithmetic and the normal form


def example_year(period: tuple[date, date] | None, month: int = 5) -> int:
    """The year to show ``month`` in an example: its first year inside ``period``.

    Hints show dates from the plan's own period; without one, the year of
    the Boston work plan (:data:`EXAMPLE_YEAR`).
    """
    if period is None:
        return EXAMPLE_YEAR
    first, last = period
    year = first.year if month >= first.month else first.year + 1
    return year if date(year, month, 1) <= last else first.year


def vague_hint(period: tuple[date, date] | None) -> str:
    """What to write instead of text that is no date, in the years of ``period``."""
    if period is None:
        return VAGUE_HINT
    may, april, august, december = (example_year(period, month) for month in (5, 4, 8, 12))
    return (
        f"write a month and year such as 'May {may}' or '{may}-05', a range such as "
        f"'April-May {april}', or several dates such as 'August {august}, December {december}'"
    )


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _school_year(year: int, begins: int) -> tuple[date, date]:
    """The school year starting in ``year``: its first day and its last."""
    first = date(year, begins, 1)
    following = date(year + 1, begins, 1)
    return first, following - timedelta(days=1)


def _precision_of(last: date) -> Precision:
    return "month" if last.day == calendar.monthrange(last.year, last.month)[1] else "day"


def _span_text(start: date, end: date, precision: Precision) -> str:
    """``start..end`` written as briefly as parses back to the same two days."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if precision == "year" and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return str(start.year)
        return f"{start.year}..{end.year}"
    by_day = precision == "day"
    first = start.isoformat() if by_day or start.day != 1 else f"{start.year:04}-{start.month:02}"
    last = end.isoformat() if by_day or not month_end else f"{end.year:04}-{end.month:02}"
    return first if first == last else f"{first}..{last}"
