"""The plan period, and a plan's dates read within it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from planctl.timeline import Timeline, TimelineError
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.period import period_bounds, period_text, period_words, plan_period


@dataclass(frozen=True)
class Period:
    start: str
    end: str


@dataclass(frozen=True)
class Header:
    period: Period | None


@dataclass(frozen=True)
class Template:
    school_year_start: int = 7


@dataclass(frozen=True)
class Plan:
    header: Header | None
    template: Template = Template()


def test_a_period_runs_from_the_first_day_of_its_start_to_the_last_of_its_end() -> None:
    assert plan_period(Period("2024-07", "June 2027")) == (date(2024, 7, 1), date(2027, 6, 30))


def test_a_backwards_or_unreadable_period_is_no_period() -> None:
    assert plan_period(Period("2027-06", "2024-07")) is None
    assert plan_period(Period("someday", "2024-07")) is None
    assert plan_period(None) is None
    # The bounds keep a backwards period, for the rule that reports it.
    assert period_bounds("2027-06", "2024-07") == (date(2027, 6, 1), date(2024, 7, 31))


def test_the_period_in_words() -> None:
    assert period_text(Period("2024-07", "2027-06")) == "July 2024 – June 2027"
    assert period_words("someday", "2027-06") == "someday – 2027-06"
    assert period_text(None) == ""


def test_plan_years_are_counted_from_the_periods_school_year() -> None:
    dates = PlanDates(Plan(Header(Period("2024-07", "2027-06"))))
    year = dates.read("Year 2")
    assert year is not None
    assert (year.start, year.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert dates.day("Ongoing") == date(2027, 6, 30)


def test_the_school_year_starts_in_the_templates_month() -> None:
    dates = PlanDates(Plan(Header(None), Template(school_year_start=9)))
    assert dates.period is None
    year = dates.read("SY 2024-25")
    assert year is not None
    assert (year.start, year.end) == (date(2024, 9, 1), date(2025, 8, 31))


def test_an_unreadable_date_is_none_or_its_problem() -> None:
    dates = PlanDates(Plan(None))
    assert dates.read("whenever") is None
    assert dates.read("") is None
    assert isinstance(dates.reading("whenever"), TimelineError)
    # Year 2 needs a period the plan does not have.
    problem = dates.reading("Year 2")
    assert isinstance(problem, TimelineError)
    assert problem.reason == "needs-period"
    assert isinstance(dates.reading("2025-05"), Timeline)


# start, end, the template's first month, the period in words
SCHOOL_YEAR_PERIODS: list[tuple[str, str, int, str]] = [
    ("SY 2021-22", "SY 2026-27", 7, "July 2021 – June 2027"),
    ("2013-2014", "2015-2016", 7, "July 2013 – June 2016"),
    ("2016 – 2017 School Year", "2018 — 2019 School Year", 7, "July 2016 – June 2019"),
    ("2021-2022 SY", "23-24", 7, "July 2021 – June 2024"),
    ("21-22", "2023-06", 7, "July 2021 – June 2023"),
    ("SY 2021-22", "SY 2026-27", 8, "August 2021 – July 2027"),
    ("SY 2021-22", "SY 2022-23", 1, "January 2021 – December 2022"),
]


@pytest.mark.parametrize(("start", "end", "begins", "words"), SCHOOL_YEAR_PERIODS)
def test_a_period_in_school_years(start: str, end: str, begins: int, words: str) -> None:
    assert period_words(start, end, begins) == words
    plan = Plan(Header(Period(start, end)), Template(school_year_start=begins))
    dates = PlanDates(plan)
    assert dates.period is not None
    assert f"{dates.period[0]:%B %Y} – {dates.period[1]:%B %Y}" == words
    assert period_text(Period(start, end), begins) == words


# period, month, the year written, the example a hint shows
EXAMPLES: list[tuple[Period | None, int, int | None, date]] = [
    (Period("SY 2021-22", "SY 2026-27"), 6, 2012, date(2022, 6, 1)),
    (Period("SY 2021-22", "SY 2026-27"), 6, 2025, date(2025, 6, 1)),
    (Period("SY 2021-22", "SY 2026-27"), 6, 2040, date(2027, 6, 1)),
    (Period("SY 2021-22", "SY 2026-27"), 7, None, date(2021, 7, 1)),
    (Period("2024-09", "2024-11"), 5, 2025, date(2024, 9, 1)),
    (None, 6, 2012, date(2012, 6, 1)),
    (None, 5, None, date(2013, 5, 1)),
]


@pytest.mark.parametrize(("period", "month", "year", "example"), EXAMPLES)
def test_hint_examples_are_months_of_the_plans_own_period(
    period: Period | None, month: int, year: int | None, example: date
) -> None:
    assert PlanDates(Plan(Header(period))).example(month, year) == example
