"""The plan period: the months a plan covers, read from its ``period: {start, end}``.

Every command that places dates on a calendar reads the period the same way:
the first day of the start month to the last day of the end month, or no
period at all when either end is unreadable or the period runs backwards (the
``date-format`` and ``date-order`` rules report those). Either end may be a
school year (``period: {start: SY 2021-22, end: SY 2026-27}``): the period
then runs from the first month of the start's school year to the last month
of the end's (July 2021 to June 2027 with the default July start).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Protocol

from planctl.timeline import TimelineError, parse_period_end


class PeriodLike(Protocol):
    """A plan's ``period``: its two ends as written."""

    @property
    def start(self) -> str:
        """The first month, as written."""

    @property
    def end(self) -> str:
        """The last month, as written."""


@lru_cache(maxsize=64)
def period_bounds(
    start: str | int, end: str | int, school_year_start: int = 7
) -> tuple[date, date] | None:
    """The first day of ``start`` and the last of ``end`` (in either order), or ``None``.

    ``school_year_start`` is the template's first month of a school year.
    """
    try:
        return (
            parse_period_end(start, school_year_start)[0],
            parse_period_end(end, school_year_start)[1],
        )
    except TimelineError:
        return None


def plan_period(period: PeriodLike | None, school_year_start: int = 7) -> tuple[date, date] | None:
    """The plan period's first and last day, when it is given, readable and runs forwards."""
    if period is None:
        return None
    bounds = period_bounds(period.start, period.end, school_year_start)
    return bounds if bounds is not None and bounds[0] <= bounds[1] else None


def period_words(start: str | int, end: str | int, school_year_start: int = 7) -> str:
    """A period's two ends in words: ``July 2024 – June 2027`` (as written when unreadable)."""
    bounds = period_bounds(start, end, school_year_start)
    if bounds is None:
        return f"{start} – {end}"
    return f"{bounds[0]:%B %Y} – {bounds[1]:%B %Y}"


def period_as_written(period: PeriodLike | None, school_year_start: int = 7) -> str:
    """``SY 2025-26 to SY 2027-28`` when an end is written as more than a month, else ``""``.

    A packet shows it before the months, so the plan's own words reach the board too.
    """
    if period is None or period_bounds(period.start, period.end, school_year_start) is None:
        return ""
    if _more_than_a_month(period.start, school_year_start) or _more_than_a_month(
        period.end, school_year_start
    ):
        return f"{period.start} to {period.end}"
    return ""


def _more_than_a_month(end: str | int, school_year_start: int) -> bool:
    first, last = parse_period_end(end, school_year_start)
    return (first.year, first.month) != (last.year, last.month)


def period_text(period: PeriodLike | None, school_year_start: int = 7) -> str:
    """The plan period in words: ``July 2024 – June 2027``; empty when the plan has none."""
    if period is None:
        return ""
    return period_words(period.start, period.end, school_year_start)
