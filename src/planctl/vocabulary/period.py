"""The plan period: the months a plan covers, read from its ``period: {start, end}``.

Every command that places dates on a calendar reads the period the same way:
the first day of the start month to the last day of the end month, or no
period at all when either end is unreadable or the period runs backwards (the
``date-format`` and ``date-order`` rules report those).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Protocol

from planctl.timeline import TimelineError, parse_month


class PeriodLike(Protocol):
    """A plan's ``period``: its two ends as written."""

    @property
    def start(self) -> str:
        """The first month, as written."""

    @property
    def end(self) -> str:
        """The last month, as written."""


@lru_cache(maxsize=64)
def period_bounds(start: str | int, end: str | int) -> tuple[date, date] | None:
    """The first day of ``start`` and the last of ``end`` (in either order), or ``None``."""
    try:
        return parse_month(start)[0], parse_month(end)[1]
    except TimelineError:
        return None


def plan_period(period: PeriodLike | None) -> tuple[date, date] | None:
    """The plan period's first and last day, when it is given, readable and runs forwards."""
    if period is None:
        return None
    bounds = period_bounds(period.start, period.end)
    return bounds if bounds is not None and bounds[0] <= bounds[1] else None


def period_words(start: str | int, end: str | int) -> str:
    """A period's two ends in words: ``July 2024 – June 2027`` (as written when unreadable)."""
    bounds = period_bounds(start, end)
    if bounds is None:
        return f"{start} – {end}"
    return f"{bounds[0]:%B %Y} – {bounds[1]:%B %Y}"


def period_text(period: PeriodLike | None) -> str:
    """The plan period in words: ``July 2024 – June 2027``; empty when the plan has none."""
    return period_words(period.start, period.end) if period is not None else ""
