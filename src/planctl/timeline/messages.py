"""The messages of the date grammar: what is wrong with a text and what to write instead.

Each message quotes the text first, so a planner sees which date it is about.
Examples in hints use the text's own years, else years of the plan period,
and a fixed year only when the plan has no period.
"""

from __future__ import annotations

import calendar
from datetime import date

from planctl.timeline.lexer import _MONTH_NAMES
from planctl.timeline.model import (
    MAX_PLAN_YEAR,
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_HINT,
    Reason,
    TimelineError,
    example_year,
)


class _Errors:
    """The messages for one text, each quoting it first."""

    def __init__(self, text: str, period: tuple[date, date] | None = None) -> None:
        self.text = text
        self.quoted = f"'{text}'"
        self.period = period

    def _error(self, message: str, hint: str, reason: Reason = "invalid") -> TimelineError:
        return TimelineError(f"{self.quoted}{message}", hint, reason)

    def year_range(self, year: int) -> TimelineError:
        may = example_year(self.period)
        return self._error(
            f": year {year} is out of range",
            f"write a year from {MIN_YEAR} to {MAX_YEAR}, for example '{may}-05' for May {may}",
        )

    def month(self, month: int) -> TimelineError:
        may, june = example_year(self.period), example_year(self.period, 6)
        return self._error(
            f" names month {month}, but there are only 12 months",
            f"write the month as a number from 1 to 12 ('{may}-05' is May {may}, and "
            f"'6/1/{june}' is June 1, {june}: month first), or write its name, 'May {may}'",
        )

    def day(self, year: int, month: int, day: int) -> TimelineError:
        last = calendar.monthrange(year, month)[1]
        name = _MONTH_NAMES[month]
        return self._error(
            f" is not a real date: {name} {year} has {last} days, so there is no day {day}",
            f"check the day; for example '{year}-{month:02}-{last:02}' is the last day of "
            f"{name} {year}",
        )

    def not_school_year(self, first: int, second: int) -> TimelineError:
        return self._error(
            f" is not a school year: a school year runs over two years in a row, "
            f"such as {first}-{(first + 1) % 100:02}, and {second} does not follow {first}",
            f"write one school year as '{first}-{(first + 1) % 100:02}', or a longer span with "
            f"both ends, for example 'SY {first}-{(first + 1) % 100:02} - "
            f"SY {first + 1}-{(first + 2) % 100:02}' or '{first}-07..{first + 2}-06'",
        )

    def month_or_school_year(self, year: int, number: int) -> TimelineError:
        return self._error(
            f" is neither a month (there is no month {number}) nor a school year "
            f"(that would be {year}-{(year + 1) % 100:02})",
            f"write a month as '{year}-05' or a school year as '{year}-{(year + 1) % 100:02}'",
        )

    def one_year_school_year(self, year: int) -> TimelineError:
        return self._error(
            f" names one year, but a school year has two ({year}-{(year + 1) % 100:02} or "
            f"{year - 1}-{year % 100:02}?)",
            f"write both years, for example 'SY {year}-{(year + 1) % 100:02}'",
        )

    def reversed(self, first: str, last: str, hint: str = "") -> TimelineError:
        april, december = example_year(self.period, 4), example_year(self.period, 12)
        return self._error(
            f" ends before it starts: {last} comes before {first}",
            hint
            or f"put the earlier date first, for example 'April-May {april}'; a range across "
            f"two years needs both years, for example 'December {december}-January "
            f"{december + 1}'",
        )

    def plan_year(self, number: int) -> TimelineError:
        if number < 1:
            message = f" names year {number}, but plan years count from Year 1"
        else:
            message = f" is more than {MAX_PLAN_YEAR} years after the plan starts"
        first = self.period[0].year if self.period is not None else 2024
        return self._error(
            message,
            "write 'Year 1' for the school year the plan starts in, 'Year 2' for the next, "
            f"or write the school year, such as '{first}-{(first + 1) % 100:02}'",
        )

    def whole_period(self) -> TimelineError:
        return self._error(
            " means the whole plan period, but the plan has no period",
            PERIOD_HINT,
            "needs-period",
        )

    def plan_years(self) -> TimelineError:
        return self._error(
            " counts school years from the start of the plan period, but the plan has no period",
            PERIOD_HINT + ", for example '2024-25' for a school year",
            "needs-period",
        )

    def yearly_period(self, every: str) -> TimelineError:
        return self._error(
            " repeats every school year of the plan period, but the plan has no period",
            PERIOD_HINT
            + f", for example '{every}{',' if every[-1].isdigit() else ''} 2025' for one year",
            "needs-period",
        )

    def yearly_outside(self, every: str, period: tuple[date, date]) -> TimelineError:
        first, last = period
        return self._error(
            f": {every} never falls inside the plan period ({first:%B %Y} to {last:%B %Y})",
            "write a date inside the period, or widen the plan's period",
        )

    def repeat_period(self, word: str) -> TimelineError:
        return self._error(
            " repeats over the whole plan period, but the plan has no period",
            PERIOD_HINT + f", for example '{word} 2024-25' for a school year",
            "needs-period",
        )
