"""The grammar of one date, range or plan year: a recursive-descent reader over tokens.

:class:`_Parser` turns the tokens of one item (no lists, repeats or
deadlines: :mod:`planctl.timeline.parse` peels those off first) into a
:class:`_Span`, raising :class:`_NoMatch` when the text is in no form
planctl reads and a :class:`~planctl.timeline.TimelineError` when it is in
one but has a mistake.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planctl.timeline.lexer import _MONTH_NAMES, _SEASONS, _Tok
from planctl.timeline.messages import _Errors
from planctl.timeline.model import (
    MAX_PLAN_YEAR,
    MAX_YEAR,
    MIN_YEAR,
    Kind,
    Precision,
    TimelineError,
    _month,
    _school_year,
)


@dataclass(frozen=True)
class _Context:
    period: tuple[date, date] | None
    school_year_start: int


class _NoMatch(Exception):
    """The text is not in any form planctl reads (as opposed to a form with a mistake)."""


@dataclass
class _Part:
    """One end of a range as written, before years are shared between the ends."""

    unit: Literal["day", "month", "season", "year", "school-year"]
    year: int | None = None
    month: int = 1
    day: int = 1
    season: str = ""
    # A school year written after a month ("May 2013-14"): it gives each
    # month its own calendar year.
    pair: int | None = None
    # The month of a bare day on the right of "April 1-15, 2014".
    bare_day: bool = False


@dataclass(frozen=True)
class _Span:
    kind: Kind
    start: date
    end: date
    precision: Precision
    # An end written as a calendar year alone ("2012", "October 2003-2012").
    year_only: bool = False


class _Parser:
    """A recursive-descent reader of one date, range or plan year over tokens.

    Every rule looks at most three tokens ahead and never revisits a token
    more than a fixed number of times, so reading is linear in the text.
    """

    def __init__(
        self,
        tokens: list[_Tok],
        context: _Context,
        errors: _Errors,
    ) -> None:
        self.tokens = tokens
        self.position = 0
        self.context = context
        self.errors = errors

    # -- helpers

    def _peek(self, ahead: int = 0) -> _Tok | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def _is(self, ahead: int, kind: str, *texts: str) -> bool:
        token = self._peek(ahead)
        return token is not None and token.kind == kind and (not texts or token.text in texts)

    def _year(self, year: int) -> int:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise self.errors.year_range(year)
        return year

    def _school_year_pair(self, first: int, second: int) -> int:
        """The first year of ``first-second`` when it is a school year; raise otherwise."""
        self._year(first)
        if second < 100:
            if second != (first + 1) % 100:
                raise self.errors.not_school_year(first, second)
        elif second != first + 1:
            raise self.errors.not_school_year(first, self._year(second))
        return first

    # -- entry points

    def target(self) -> _Span:
        """The whole token list as one plan year, date or range."""
        span = self._plan_years()
        if span is None:
            span = self._span()
        if self.position != len(self.tokens):
            raise _NoMatch
        if span.end.year > MAX_YEAR:
            # "Winter 2100" ends in 2101, a year planctl could not read back.
            raise self.errors.year_range(span.end.year)
        return span

    def yearly(self) -> tuple[str, list[tuple[date, date, Precision, str]]] | None:
        """The whole token list as a day, month or season with no year, repeated each year.

        Returns what recurs in words (``March 30``) and each occurrence in the
        plan period's school years that falls wholly inside the period (first
        day, last day, precision, words); None when the tokens are not one
        yearless date. Raises when the plan has no period or no occurrence
        falls inside it.
        """
        part = self._part(bare_day=False)
        if (
            part is None
            or self.position != len(self.tokens)
            or part.year is not None
            or part.pair is not None
            or part.unit not in ("day", "month", "season")
        ):
            return None
        if part.unit == "season":
            every = part.season.capitalize()
        elif part.unit == "day":
            every = f"{_MONTH_NAMES[part.month]} {part.day}" if 1 <= part.month <= 12 else ""
        else:
            every = _MONTH_NAMES[part.month] if 1 <= part.month <= 12 else ""
        if not every:
            raise self.errors.month(part.month)
        period = self.context.period
        if period is None:
            raise self.errors.yearly_period(every)
        begins = self.context.school_year_start
        first_year = period[0].year if period[0].month >= begins else period[0].year - 1
        last_year = period[1].year if period[1].month >= begins else period[1].year - 1
        found = []
        for school_year in range(first_year, last_year + 1):
            self._share_pair(part, school_year)
            try:
                first, last, precision, words = self._days(part)
            except TimelineError:
                if part.unit == "day" and (part.month, part.day) == (2, 29):
                    continue  # February 29 each year: in leap years only
                raise
            if period[0] <= first and last <= period[1]:
                found.append((first, last, precision, words))
        if not found:
            raise self.errors.yearly_outside(every, period)
        return every, found

    def _plan_years(self) -> _Span | None:
        """``Year 3``, ``Years 1-5``: school years counted from the plan period's first."""
        if not self._is(0, "word", "year", "years"):
            return None
        first = self._plan_number(1)
        if first is None:
            return None
        last = first
        self.position += 2
        if self._is(0, "sep", "-") or self._is(0, "punct", "/"):
            ahead = 2 if self._is(1, "word", "year", "years") else 1
            number = self._plan_number(ahead)
            if number is not None:
                last = number
                self.position += ahead + 1
        if self.position != len(self.tokens):
            raise _NoMatch
        period = self.context.period
        if period is None:
            raise self.errors.plan_years()
        for number in (first, last):
            if not 1 <= number <= MAX_PLAN_YEAR:
                raise self.errors.plan_year(number)
        begins = self.context.school_year_start
        base = period[0].year if period[0].month >= begins else period[0].year - 1
        if not 1 <= base <= date.max.year - MAX_PLAN_YEAR - 1:
            raise self.errors.year_range(base + last)
        start = _school_year(base + first - 1, begins)[0]
        end = _school_year(base + last - 1, begins)[1]
        if end < start:
            raise self.errors.reversed(
                f"Year {first}",
                f"Year {last}",
                "put the earlier year first, for example 'Years 1-3'",
            )
        return _Span("range", start, end, "year")

    def _plan_number(self, ahead: int) -> int | None:
        token = self._peek(ahead)
        if token is None or token.kind != "num" or token.nums[1] > 2:
            return None
        return token.nums[0]

    def _span(self) -> _Span:
        left = self._part(bare_day=False)
        if left is None:
            raise _NoMatch
        separator = self._peek()
        if separator is None:
            if left.year is None and left.pair is None:
                raise _NoMatch
            return self._single(left)
        if not (separator.kind == "sep" or (separator.kind == "punct" and separator.text == "/")):
            raise _NoMatch
        self.position += 1
        right = self._part(bare_day=left.unit == "day")
        if right is not None:
            return self._range(left, separator.text, right)
        after = self._peek()
        if (
            left.unit == "year"
            and left.year is not None
            and separator.text != ".."
            and after is not None
            and after.kind == "num"
            and after.nums[1] == 2
        ):
            # "2013 - 14": a school year written with spaces.
            self.position += 1
            first = self._school_year_pair(left.year, after.nums[0])
            self._trailing_sy()
            return self._single(_Part("school-year", year=first))
        raise _NoMatch

    def _single(self, part: _Part) -> _Span:
        self._share_pair(part, part.pair)
        start, end, precision, _ = self._days(part)
        kind: Kind = "day" if part.unit == "day" else "month" if part.unit == "month" else "range"
        return _Span(kind, start, end, precision, year_only=part.unit == "year")

    def _range(self, left: _Part, separator: str, right: _Part) -> _Span:
        if right.bare_day:
            right.month = left.month
            if left.year is None and left.pair is None:
                left.year = right.year
                left.pair = right.pair
            elif right.year is None and right.pair is None:
                right.year = left.year
                right.pair = left.pair
        if left.unit == "year" and right.unit == "year" and separator != "..":
            # "2013 - 2014", "2016 – 2017 School Year": the school year, as "2013-2014" is.
            assert left.year is not None and right.year is not None
            begins = self._school_year_pair(left.year, right.year)
            self._trailing_sy()
            return self._single(_Part("school-year", year=begins))
        if right.year is None and right.pair is None:
            raise _NoMatch
        if left.year is None and left.pair is None:
            # The year written once at the end belongs to both ends:
            # "April-May 2013", "August-May 2013-14".
            left.year = right.year
            left.pair = right.pair
        self._share_pair(left, left.pair)
        self._share_pair(right, right.pair)
        start, _, _, left_text = self._days(left)
        _, end, precision, right_text = self._days(right)
        if end < start:
            raise self.errors.reversed(left_text, right_text)
        year_only = "year" in (left.unit, right.unit)
        return _Span("range", start, end, precision, year_only=year_only)

    def _share_pair(self, part: _Part, pair: int | None) -> None:
        """Give a month, day or season its calendar year within school year ``pair``."""
        if pair is None:
            return
        month = _SEASONS[part.season][0] if part.unit == "season" else part.month
        part.year = pair if month >= self.context.school_year_start else pair + 1

    def _days(self, part: _Part) -> tuple[date, date, Precision, str]:
        """First day, last day, precision and a description of a part with its year."""
        assert part.year is not None
        year = part.year
        if part.unit == "day":
            if not 1 <= part.month <= 12:
                raise self.errors.month(part.month)
            if not 1 <= part.day <= calendar.monthrange(year, part.month)[1]:
                raise self.errors.day(year, part.month, part.day)
            day = date(year, part.month, part.day)
            return day, day, "day", f"{_MONTH_NAMES[part.month]} {part.day}, {year}"
        if part.unit == "month":
            if not 1 <= part.month <= 12:
                raise self.errors.month(part.month)
            first, last = _month(year, part.month)
            return first, last, "month", f"{_MONTH_NAMES[part.month]} {year}"
        if part.unit == "season":
            month, length = _SEASONS[part.season]
            first = date(year, month, 1)
            end_year, end_month = divmod(year * 12 + month - 1 + length - 1, 12)
            last = _month(end_year, end_month + 1)[1]
            return first, last, "season", f"{part.season.capitalize()} {year}"
        if part.unit == "school-year":
            first, last = _school_year(year, self.context.school_year_start)
            return first, last, "year", f"school year {year}-{(year + 1) % 100:02}"
        return date(year, 1, 1), date(year, 12, 31), "year", str(year)

    # -- parts

    def _part(self, *, bare_day: bool) -> _Part | None:
        """One date as written, possibly without its year; None if none starts here."""
        token = self._peek()
        if token is None:
            return None
        kind = token.kind
        if kind == "sy":
            self.position += 1
            return self._school_year_after_sy()
        if kind == "day":
            self.position += 1
            year, month, day = token.nums
            return _Part("day", year=self._year(year), month=month, day=day)
        if kind == "ym":
            self.position += 1
            year, number, digits = token.nums
            self._year(year)
            forced = self._trailing_sy()
            is_pair = digits == 2 and number == (year + 1) % 100
            # ISO first: "2011-12" is December 2011 unless "SY" says otherwise.
            if not forced and 1 <= number <= 12:
                return _Part("month", year=year, month=number)
            if is_pair:
                return _Part("school-year", year=year)
            if forced:
                raise self.errors.not_school_year(year, number)
            raise self.errors.month_or_school_year(year, number)
        if kind == "yy":
            self.position += 1
            first = self._school_year_pair(*token.nums)
            self._trailing_sy()
            return _Part("school-year", year=first)
        if kind == "nm":
            self.position += 1
            year, month = token.nums
            return _Part("month", year=self._year(year), month=month)
        if kind == "num":
            return self._number_part(token, bare_day=bare_day)
        if kind == "mon":
            self.position += 1
            part = _Part("month", month=token.nums[0])
            if self._is(0, "num") and self._day_number(self._peek()):
                next_token = self._peek()
                assert next_token is not None
                part.unit = "day"
                part.day = next_token.nums[0]
                self.position += 1
            self._year_part(part)
            return part
        if kind == "season":
            self.position += 1
            part = _Part("season", season=token.text)
            self._year_part(part)
            return part
        return None

    def _number_part(self, token: _Tok, *, bare_day: bool) -> _Part | None:
        value, digits = token.nums
        if digits == 4:
            self.position += 1
            return _Part("year", year=self._year(value))
        if not self._day_number(token):
            return None
        if not bare_day and digits == 2:
            short = self._short_school_year(value, 1)
            if short is not None:
                # "21-22": two-digit school years, as district plans write them.
                self.position += 3
                self._trailing_sy()
                return _Part("school-year", year=short)
        ahead = 2 if self._is(1, "word", "of") else 1
        if self._is(ahead, "mon"):
            # "15 August 2013"
            month_token = self._peek(ahead)
            assert month_token is not None
            self.position += ahead + 1
            part = _Part("day", month=month_token.nums[0], day=value)
            self._year_part(part)
            return part
        if bare_day:
            self.position += 1
            part = _Part("day", day=value, bare_day=True)
            self._year_part(part)
            return part
        return None

    def _short_school_year(self, first: int, ahead: int) -> int | None:
        """The first year of ``21-22`` when the tokens from ``ahead`` are ``-22``, else None.

        Two-digit years are placed in the century nearest the middle of the
        plan period (without one, 2000-2099; ``99-00`` is 1999-2000).
        """
        second = self._peek(ahead + 1)
        if not (
            self._is(ahead, "sep", "-")
            and second is not None
            and second.kind == "num"
            and second.nums[1] == 2
            and second.nums[0] == (first + 1) % 100
        ):
            return None
        period = self.context.period
        if period is not None:
            base = (period[0].year + period[1].year) // 2
        else:
            base = 2050 if first != 99 else 2000
        centuries = [century + first for century in (1900, 2000, 2100)]
        year = min(centuries, key=lambda candidate: abs(candidate - base))
        return self._year(year)

    @staticmethod
    def _day_number(token: _Tok | None) -> bool:
        return token is not None and token.kind == "num" and token.nums[1] <= 2

    def _year_part(self, part: _Part) -> None:
        """The year after a month, day or season: ``2013``, ``, 2013``, ``/2013-14``."""
        ahead = 1 if self._is(0, "punct", ",", "/") else 0
        token = self._peek(ahead)
        if token is None:
            return
        if token.kind == "num" and token.nums[1] == 4:
            part.year = self._year(token.nums[0])
        elif token.kind == "ym":
            # After a month name "2013-14" can only be a school year.
            year, number, _ = token.nums
            part.pair = self._school_year_pair(year, number)
        elif token.kind == "yy":
            part.pair = self._school_year_pair(*token.nums)
        else:
            return
        self.position += ahead + 1
        if part.pair is not None:
            self._trailing_sy()

    def _trailing_sy(self) -> bool:
        if self._is(0, "sy"):
            self.position += 1
            return True
        return False

    def _school_year_after_sy(self) -> _Part | None:
        token = self._peek()
        if token is None:
            return None
        if token.kind == "ym":
            self.position += 1
            return _Part("school-year", year=self._school_year_pair(*token.nums[:2]))
        if token.kind == "yy":
            self.position += 1
            return _Part("school-year", year=self._school_year_pair(*token.nums))
        if token.kind == "num" and token.nums[1] == 2:
            short = self._short_school_year(token.nums[0], 1)
            if short is not None:
                self.position += 3
                return _Part("school-year", year=short)
            return None
        if token.kind == "num" and token.nums[1] == 4:
            year = self._year(token.nums[0])
            self.position += 1
            if (self._is(0, "sep", "-") or self._is(0, "punct", "/")) and self._is(1, "num"):
                second = self._peek(1)
                assert second is not None
                if second.nums[1] in (2, 4):
                    self.position += 2
                    return _Part("school-year", year=self._school_year_pair(year, second.nums[0]))
            raise self.errors.one_year_school_year(year)
        return None
