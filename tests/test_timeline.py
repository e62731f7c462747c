"""Dates and timelines as planners write them: forms, failures, normal form, robustness."""

from __future__ import annotations

import calendar
import contextlib
import time
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.timeline import Timeline, TimelineError, parse_month, parse_period_end, parse_timeline
from tests.test_hostile import TIMEOUT

D = date
# A 2013-14 plan as in the Boston work plan, and a 2024-25 plan.
P13 = (D(2013, 4, 1), D(2014, 6, 30))
P24 = (D(2024, 7, 1), D(2025, 6, 30))

SY13 = (D(2013, 7, 1), D(2014, 6, 30))
MAY13 = (D(2013, 5, 1), D(2013, 5, 31))
AUG15 = (D(2013, 8, 15), D(2013, 8, 15))
P21 = (D(2021, 7, 1), D(2027, 6, 30))  # a plan period written SY 2021-22 to SY 2026-27
SY21 = (D(2021, 7, 1), D(2022, 6, 30))
P98 = (D(1998, 7, 1), D(2001, 6, 30))

# text, parse_timeline keywords, kind, (start, end), precision
FORMS: list[tuple[str, dict[str, Any], str, tuple[date, date], str]] = [
    # ISO
    ("2013-05-15", {}, "day", (D(2013, 5, 15), D(2013, 5, 15)), "day"),
    ("2013-05", {}, "month", MAY13, "month"),
    ("2013-5", {}, "month", MAY13, "month"),
    ("2013", {}, "range", (D(2013, 1, 1), D(2013, 12, 31)), "year"),
    ("  2013-05  ", {}, "month", MAY13, "month"),
    ("2011-12", {}, "month", (D(2011, 12, 1), D(2011, 12, 31)), "month"),
    ("2013/05/15", {}, "day", (D(2013, 5, 15), D(2013, 5, 15)), "day"),
    ("2024-02-29", {}, "day", (D(2024, 2, 29), D(2024, 2, 29)), "day"),
    # month names
    ("May 2013", {}, "month", MAY13, "month"),
    ("may 2013", {}, "month", MAY13, "month"),
    ("MAY 2013", {}, "month", MAY13, "month"),
    ("May/2013", {}, "month", MAY13, "month"),
    ("May, 2013", {}, "month", MAY13, "month"),
    ("05/2013", {}, "month", MAY13, "month"),
    ("5/2013", {}, "month", MAY13, "month"),
    ("July 2013", {}, "month", (D(2013, 7, 1), D(2013, 7, 31)), "month"),
    ("Jan 2014", {}, "month", (D(2014, 1, 1), D(2014, 1, 31)), "month"),
    ("Feb. 2016", {}, "month", (D(2016, 2, 1), D(2016, 2, 29)), "month"),
    ("Sept 2013", {}, "month", (D(2013, 9, 1), D(2013, 9, 30)), "month"),
    ("Sep. 2013", {}, "month", (D(2013, 9, 1), D(2013, 9, 30)), "month"),
    ("Dec 2013", {}, "month", (D(2013, 12, 1), D(2013, 12, 31)), "month"),
    # days
    ("6/1/2024", {}, "day", (D(2024, 6, 1), D(2024, 6, 1)), "day"),
    ("06/01/2024", {}, "day", (D(2024, 6, 1), D(2024, 6, 1)), "day"),
    ("August 15, 2013", {}, "day", AUG15, "day"),
    ("August 15 2013", {}, "day", AUG15, "day"),
    ("15 August 2013", {}, "day", AUG15, "day"),
    ("15th of August 2013", {}, "day", AUG15, "day"),
    ("August 15th, 2013", {}, "day", AUG15, "day"),
    ("Aug. 15, 2013", {}, "day", AUG15, "day"),
    ("aug 1st 2013", {}, "day", (D(2013, 8, 1), D(2013, 8, 1)), "day"),
    # qualifiers before a month
    ("Late April 2014", {}, "month", (D(2014, 4, 1), D(2014, 4, 30)), "month"),
    ("early May 2013", {}, "month", MAY13, "month"),
    ("mid-May 2013", {}, "month", MAY13, "month"),
    ("mid May 2013", {}, "month", MAY13, "month"),
    ("beginning of May 2013", {}, "month", MAY13, "month"),
    ("end of May 2013", {}, "month", MAY13, "month"),
    ("the middle of May 2013", {}, "month", MAY13, "month"),
    # ranges within one year
    ("April-May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April-May/2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April - May, 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April–May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April — May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April to May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April through May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("April thru May 2013", {}, "range", (D(2013, 4, 1), D(2013, 5, 31)), "month"),
    ("Late April/early May 2014", {}, "range", (D(2014, 4, 1), D(2014, 5, 31)), "month"),
    ("Late April to early May 2014", {}, "range", (D(2014, 4, 1), D(2014, 5, 31)), "month"),
    ("April 1-15, 2014", {}, "range", (D(2014, 4, 1), D(2014, 4, 15)), "day"),
    ("April 28 - May 3, 2014", {}, "range", (D(2014, 4, 28), D(2014, 5, 3)), "day"),
    ("Fall-Winter 2024", {}, "range", (D(2024, 9, 1), D(2025, 2, 28)), "season"),
    # ranges across years
    ("December 2003-January 2004", {}, "range", (D(2003, 12, 1), D(2004, 1, 31)), "month"),
    ("December 2003 – January 2004", {}, "range", (D(2003, 12, 1), D(2004, 1, 31)), "month"),
    ("August-May/2013-14", {}, "range", (D(2013, 8, 1), D(2014, 5, 31)), "month"),
    ("August-May 2013-14", {}, "range", (D(2013, 8, 1), D(2014, 5, 31)), "month"),
    ("August-May 2013-2014", {}, "range", (D(2013, 8, 1), D(2014, 5, 31)), "month"),
    ("May 2013-14", {}, "month", (D(2014, 5, 1), D(2014, 5, 31)), "month"),
    # a school year's first month belongs to its first year, the month before to its second
    ("July 2013-14", {}, "month", (D(2013, 7, 1), D(2013, 7, 31)), "month"),
    ("June 2013-14", {}, "month", (D(2014, 6, 1), D(2014, 6, 30)), "month"),
    ("2013-05 - 2014-06", {}, "range", (D(2013, 5, 1), D(2014, 6, 30)), "month"),
    ("2013-05..2014-06", {}, "range", (D(2013, 5, 1), D(2014, 6, 30)), "month"),
    ("2013-05/2014-06", {}, "range", (D(2013, 5, 1), D(2014, 6, 30)), "month"),
    ("2013-05-15..2013-06-01", {}, "range", (D(2013, 5, 15), D(2013, 6, 1)), "day"),
    ("6/1/2024 - 6/15/2024", {}, "range", (D(2024, 6, 1), D(2024, 6, 15)), "day"),
    ("2013..2015", {}, "range", (D(2013, 1, 1), D(2015, 12, 31)), "year"),
    # school years
    ("2013-14", {}, "range", SY13, "year"),
    ("2013-2014", {}, "range", SY13, "year"),
    ("2013/14", {}, "range", SY13, "year"),
    ("2013 - 2014", {}, "range", SY13, "year"),
    ("2013 - 14", {}, "range", SY13, "year"),
    ("SY 2013-14", {}, "range", SY13, "year"),
    ("SY2013-14", {}, "range", SY13, "year"),
    ("sy 2013-2014", {}, "range", SY13, "year"),
    ("2021-2022 SY", {}, "range", (D(2021, 7, 1), D(2022, 6, 30)), "year"),
    ("school year 2013-14", {}, "range", SY13, "year"),
    ("the 2013-14 school year", {}, "range", SY13, "year"),
    ("SY 2011-12", {}, "range", (D(2011, 7, 1), D(2012, 6, 30)), "year"),
    ("SY 2013-14 - SY 2014-15", {}, "range", (D(2013, 7, 1), D(2015, 6, 30)), "year"),
    # school years as district plans write them
    ("SY 2021-22", {}, "range", SY21, "year"),
    ("2013-2014", {}, "range", SY13, "year"),
    ("2016 – 2017 School Year", {}, "range", (D(2016, 7, 1), D(2017, 6, 30)), "year"),
    ("2016 — 2017 School Year", {}, "range", (D(2016, 7, 1), D(2017, 6, 30)), "year"),
    ("2016-2017 school year", {}, "range", (D(2016, 7, 1), D(2017, 6, 30)), "year"),
    ("2013 - 14 SY", {}, "range", SY13, "year"),
    ("2021-2022 SY", {}, "range", SY21, "year"),
    ("21-22", {}, "range", SY21, "year"),
    ("21 – 22", {}, "range", SY21, "year"),
    ("SY 21-22", {}, "range", SY21, "year"),
    ("SY21-22", {}, "range", SY21, "year"),
    ("21-22 SY", {}, "range", SY21, "year"),
    ("21-22 school year", {}, "range", SY21, "year"),
    ("99-00", {}, "range", (D(1999, 7, 1), D(2000, 6, 30)), "year"),
    # two-digit years land in the century of the plan period
    ("98-99", {"period": P98}, "range", (D(1998, 7, 1), D(1999, 6, 30)), "year"),
    ("21-22", {"school_year_start": 8}, "range", (D(2021, 8, 1), D(2022, 7, 31)), "year"),
    # a day range is still a day range
    ("May 21-22, 2014", {}, "range", (D(2014, 5, 21), D(2014, 5, 22)), "day"),
    # seasons
    ("Fall 2024", {}, "range", (D(2024, 9, 1), D(2024, 11, 30)), "season"),
    ("Autumn 2024", {}, "range", (D(2024, 9, 1), D(2024, 11, 30)), "season"),
    ("Winter 2024", {}, "range", (D(2024, 12, 1), D(2025, 2, 28)), "season"),
    ("Spring 2025", {}, "range", (D(2025, 3, 1), D(2025, 5, 31)), "season"),
    ("Summer 2025", {}, "range", (D(2025, 6, 1), D(2025, 8, 31)), "season"),
    ("Summer 2025-Summer 2026", {}, "range", (D(2025, 6, 1), D(2026, 8, 31)), "season"),
    ("Spring 2013-14", {}, "range", (D(2014, 3, 1), D(2014, 5, 31)), "season"),
    ("Fall 2024 - May 2025", {}, "range", (D(2024, 9, 1), D(2025, 5, 31)), "month"),
    # deadlines: from the start of the period, or of the deadline itself
    ("By June 2024", {}, "range", (D(2024, 6, 1), D(2024, 6, 30)), "month"),
    ("By June 2025", {"period": P24}, "range", (D(2024, 7, 1), D(2025, 6, 30)), "month"),
    ("by the end of June 2025", {"period": P24}, "range", P24, "month"),
    ("no later than June 2025", {"period": P24}, "range", P24, "month"),
    ("due June 2025", {"period": P24}, "range", P24, "month"),
    ("Due: June 2025", {"period": P24}, "range", P24, "month"),
    ("by 6/15/2025", {"period": P24}, "range", (D(2024, 7, 1), D(2025, 6, 15)), "day"),
    ("By June 2024", {"period": P24}, "range", (D(2024, 6, 1), D(2024, 6, 30)), "month"),
    ("by the end of SY 2013-14", {}, "range", SY13, "year"),
    # the plan period
    ("Year 3", {"period": P24}, "range", (D(2026, 7, 1), D(2027, 6, 30)), "year"),
    ("Year 1", {"period": P13}, "range", (D(2012, 7, 1), D(2013, 6, 30)), "year"),
    ("Years 1-5", {"period": P24}, "range", (D(2024, 7, 1), D(2029, 6, 30)), "year"),
    ("Year 1-2", {"period": P24}, "range", (D(2024, 7, 1), D(2026, 6, 30)), "year"),
    ("Years 2 to 3", {"period": P24}, "range", (D(2025, 7, 1), D(2027, 6, 30)), "year"),
    ("Year 1 - Year 2", {"period": P24}, "range", (D(2024, 7, 1), D(2026, 6, 30)), "year"),
    ("All year", {"period": P24}, "period", P24, "month"),
    ("Ongoing", {"period": P24}, "period", P24, "month"),
    ("ongoing", {"period": P13}, "period", P13, "month"),
    ("On-going", {"period": P24}, "period", P24, "month"),
    ("Throughout the year", {"period": P24}, "period", P24, "month"),
    ("Continuous", {"period": P24}, "period", P24, "month"),
    # stray punctuation around one date
    ("May 2013;", {}, "month", MAY13, "month"),
]


@pytest.mark.parametrize(("text", "kwargs", "kind", "days", "precision"), FORMS)
def test_forms(
    text: str, kwargs: dict[str, Any], kind: str, days: tuple[date, date], precision: str
) -> None:
    timeline = parse_timeline(text, **kwargs)
    assert (timeline.kind, (timeline.start, timeline.end), timeline.precision) == (
        kind,
        days,
        precision,
    )
    assert timeline.text == text.strip()
    assert timeline.milestones == ()
    assert timeline.repeat is None


def test_an_int_year() -> None:
    timeline = parse_timeline(2013)
    assert (timeline.text, timeline.start, timeline.end) == ("2013", D(2013, 1, 1), D(2013, 12, 31))
    assert timeline.precision == "year"


# text, parse_timeline keywords, repeat, (start, end), precision
REPEATS: list[tuple[str, dict[str, Any], str, tuple[date, date], str]] = [
    ("Quarterly/2013-14", {}, "quarterly", SY13, "year"),
    ("Quarterly 2013-14", {}, "quarterly", SY13, "year"),
    ("Monthly, 2024-25", {}, "monthly", (D(2024, 7, 1), D(2025, 6, 30)), "year"),
    ("Weekly during SY 2013-14", {}, "weekly", SY13, "year"),
    ("weekly in May 2013", {}, "weekly", MAY13, "month"),
    ("2013-14 quarterly", {}, "quarterly", SY13, "year"),
    ("quarterly 2013-07..2014-06", {}, "quarterly", SY13, "month"),
    ("Review annually", {"period": P24}, "annually", P24, "month"),
    ("Annually", {"period": P24}, "annually", P24, "month"),
    ("Each year", {"period": P24}, "annually", P24, "month"),
    ("Yearly", {"period": P24}, "annually", P24, "month"),
    ("Monthly", {"period": P24}, "monthly", P24, "month"),
    ("Twice a year", {"period": P24}, "semiannually", P24, "month"),
    ("semiannually", {"period": P24}, "semiannually", P24, "month"),
    ("Semi-annually", {"period": P24}, "semiannually", P24, "month"),
    ("every two weeks", {"period": P24}, "biweekly", P24, "month"),
    ("biweekly", {"period": P24}, "biweekly", P24, "month"),
    ("Bi-weekly", {"period": P24}, "biweekly", P24, "month"),
    ("every quarter", {"period": P24}, "quarterly", P24, "month"),
    # a range written after the repeat wins over the period
    ("Quarterly/2013-14", {"period": P24}, "quarterly", SY13, "year"),
]


@pytest.mark.parametrize(("text", "kwargs", "repeat", "days", "precision"), REPEATS)
def test_repeats(
    text: str, kwargs: dict[str, Any], repeat: str, days: tuple[date, date], precision: str
) -> None:
    timeline = parse_timeline(text, **kwargs)
    assert timeline.kind == "repeat"
    assert timeline.repeat == repeat
    assert (timeline.start, timeline.end) == days
    assert timeline.precision == precision


def test_milestones_in_written_order() -> None:
    text = "December/2013; August/2013\nLate April/early May 2014"
    timeline = parse_timeline(text)
    assert timeline.kind == "milestones"
    assert [item.text for item in timeline.milestones] == [
        "December/2013",
        "August/2013",
        "Late April/early May 2014",
    ]
    assert [item.kind for item in timeline.milestones] == ["month", "month", "range"]
    assert (timeline.start, timeline.end) == (D(2013, 8, 1), D(2014, 5, 31))
    assert timeline.precision == "month"


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # a comma before a year finishes the date; it does not start a new one
        ("August 15, 2013, December 1, 2013", [D(2013, 8, 15), D(2013, 12, 1)]),
        ("2013, 2014", [D(2013, 1, 1), D(2014, 1, 1)]),
        ("May 2013, 2014-06-01", [D(2013, 5, 1), D(2014, 6, 1)]),
        ("Ongoing, 2014", [D(2024, 7, 1), D(2014, 1, 1)]),
        ("Monthly, 2024-25; Fall 2025", [D(2024, 7, 1), D(2025, 9, 1)]),
    ],
)
def test_milestone_splitting(text: str, starts: list[date]) -> None:
    timeline = parse_timeline(text, period=P24)
    assert timeline.kind == "milestones"
    assert [item.start for item in timeline.milestones] == starts


def test_last_item_gives_the_precision() -> None:
    timeline = parse_timeline("August 15, 2013; December 2013")
    assert timeline.precision == "month"
    assert timeline.end == D(2013, 12, 31)


# text, parse_timeline keywords, reason, words the message contains
FAILURES: list[tuple[str, dict[str, Any], str, str]] = [
    ("August 15", {}, "no-year", "'August 15' has no year"),
    ("May", {}, "no-year", "'May' has no year"),
    ("Late April/early May", {}, "no-year", "'Late April/early May' has no year"),
    ("April-May", {}, "no-year", "'April-May' has no year"),
    ("Spring", {}, "no-year", "'Spring' has no year"),
    ("6/1", {}, "no-year", "'6/1' has no year"),
    ("By June", {"period": P24}, "no-year", "'By June' has no year"),
    ("Mid-way and final check in", {}, "vague", "is not a date planctl can place"),
    ("One month prior to each AF session", {}, "vague", "is not a date planctl can place"),
    ("TBD", {}, "vague", "'TBD' is not a date"),
    ("ASAP", {}, "vague", "'ASAP' is not a date"),
    ("", {}, "vague", "'' is empty"),
    ("   ", {}, "vague", "'' is empty"),
    ("next spring", {}, "vague", "'next spring' is not a date"),
    ("Staff may meet", {}, "vague", "'Staff may meet' is not a date"),
    ("May 2013 and beyond", {}, "vague", "'May 2013 and beyond' is not a date"),
    ("Mid-way, final check in", {}, "vague", "'Mid-way, final check in' is not a date"),
    ("May-April 2013", {}, "invalid", "ends before it starts: April 2013 comes before May 2013"),
    ("2014-06..2013-05", {}, "invalid", "ends before it starts"),
    ("December-January 2014", {}, "invalid", "ends before it starts"),
    ("Years 3-1", {"period": P24}, "invalid", "ends before it starts"),
    ("2013-13", {}, "invalid", "there is no month 13"),
    ("2013-00", {}, "invalid", "there is no month 0"),
    ("13/1/2024", {}, "invalid", "names month 13"),
    ("13/2024", {}, "invalid", "names month 13"),
    ("2013-02-30", {}, "invalid", "February 2013 has 28 days"),
    ("April 31, 2014", {}, "invalid", "April 2014 has 30 days"),
    ("May 0, 2013", {}, "invalid", "there is no day 0"),
    ("0000-01", {}, "invalid", "year 0 is out of range"),
    ("9999", {}, "invalid", "year 9999 is out of range"),
    ("May 1899", {}, "invalid", "year 1899 is out of range"),
    ("Winter 2100", {}, "invalid", "year 2101 is out of range"),
    ("2013-15", {}, "invalid", "nor a school year"),
    ("2013-2015", {}, "invalid", "is not a school year"),
    ("2013 to 2015", {}, "invalid", "is not a school year"),
    ("SY 2014", {}, "invalid", "names one year"),
    ("Year 0", {"period": P24}, "invalid", "plan years count from Year 1"),
    ("Year 99", {"period": P24}, "invalid", "more than 50 years"),
    ("Ongoing", {}, "needs-period", "means the whole plan period, but the plan has no period"),
    ("All year", {}, "needs-period", "but the plan has no period"),
    ("Year 3", {}, "needs-period", "but the plan has no period"),
    ("Years 1-5", {}, "needs-period", "but the plan has no period"),
    ("Review annually", {}, "needs-period", "but the plan has no period"),
    ("Monthly", {}, "needs-period", "but the plan has no period"),
    ("x" * 501, {}, "too-long", "is too long for a date (501 characters)"),
    # bracketed years that do not read
    ("Summer School (2 years: 2022, 2023, 2024)", {}, "invalid", "names 2 years but lists 3"),
    ("(3 years: soon, later)", {}, "vague", "is not a date"),
    ("Workshops (2022, 2023)", {}, "vague", "'Workshops (2022, 2023)' is not a date"),
    # two-digit school years take a dash: "12/13" could be December 13
    ("21/22", {}, "vague", "is not a date"),
]


@pytest.mark.parametrize(("text", "kwargs", "reason", "words"), FAILURES)
def test_failures(text: str, kwargs: dict[str, Any], reason: str, words: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(text, **kwargs)
    error = caught.value
    assert error.reason == reason
    assert words in error.message
    assert error.hint
    if reason != "too-long":
        assert error.message.startswith(f"'{text.strip()}'")
    else:
        assert error.message.startswith(f"'{text[:40]}")
    assert str(error) == error.message


@pytest.mark.parametrize(
    ("text", "kwargs", "hint"),
    [
        ("August 15", {}, "for example 'August 15, 2013' or '2013-08-15'"),
        ("May", {}, "for example 'May 2013' or '2013-05'"),
        ("April-May", {}, "for example 'April-May 2013' or '2013-04..2013-05'"),
        ("Spring", {}, "for example 'Spring 2013' or '2013-03..2013-05'"),
        # the example year falls inside the plan period
        ("May", {"period": P24}, "for example 'May 2025' or '2025-05'"),
        ("August 15", {"period": P24}, "for example 'August 15, 2024' or '2024-08-15'"),
    ],
)
def test_no_year_hint_uses_the_texts_own_words(
    text: str, kwargs: dict[str, Any], hint: str
) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(text, **kwargs)
    assert caught.value.hint == f"write the month and year, {hint}"


def test_vague_hint_shows_forms_that_work() -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline("Mid-way and final check in")
    assert caught.value.message == (
        "'Mid-way and final check in' is not a date planctl can place on a calendar"
    )
    assert caught.value.hint == (
        "write a month and year such as 'May 2013' or '2013-05', a range such as "
        "'April-May 2013', or several dates such as 'August 2013, December 2013'"
    )
    for example in ("May 2013", "2013-05", "April-May 2013", "August 2013, December 2013"):
        parse_timeline(example)


def test_needs_period_hint() -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline("Ongoing")
    assert (
        caught.value.message == "'Ongoing' means the whole plan period, but the plan has no period"
    )
    assert caught.value.hint == (
        "add `period: {start: 2024-07, end: 2025-06}` to the plan, or write dates"
    )


@pytest.mark.parametrize(
    ("text", "message", "reason"),
    [
        (
            "August/2013, December/2013, Late April/early May",
            "'Late April/early May' (the 3rd date) has no year",
            "no-year",
        ),
        ("August 2013, TBD", "'TBD' (the 2nd date) is not a date", "vague"),
        ("2013-13, 2014-01", "'2013-13' (the 1st date) is neither a month", "invalid"),
        ("May, June", "'May' (the 1st date) has no year", "no-year"),
        ("2013; 2014; 2015; 2016; 2017; 2018; 2019; 2020; 2021; 2022; May", "(the 11th date)", ""),
    ],
)
def test_a_list_reports_its_first_bad_item(text: str, message: str, reason: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(text)
    assert message in caught.value.message
    if reason:
        assert caught.value.reason == reason


# The action plans planctl was built from, as written.
SEEDS: list[tuple[str, dict[str, Any], tuple[date, date] | str]] = [
    ("May/2013", {}, MAY13),
    ("April-May/2013", {}, (D(2013, 4, 1), D(2013, 5, 31))),
    ("August/2013, December/2013, Late April/early May", {}, "no-year"),
    ("August/2013\nDecember/2013\nLate April/early May 2014", {}, (D(2013, 8, 1), D(2014, 5, 31))),
    ("Quarterly/2013-14", {}, SY13),
    ("Mid-way and final check in", {}, "vague"),
    ("August 15", {}, "no-year"),
    ("August-May/2013-14", {}, (D(2013, 8, 1), D(2014, 5, 31))),
    ("July 2013", {}, (D(2013, 7, 1), D(2013, 7, 31))),
    ("One month prior to each AF session", {}, "vague"),
    ("Ongoing", {"period": P13}, P13),
    ("SY 2013-14", {}, SY13),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), SEEDS)
def test_seed_texts(text: str, kwargs: dict[str, Any], expected: tuple[date, date] | str) -> None:
    if isinstance(expected, str):
        with pytest.raises(TimelineError) as caught:
            parse_timeline(text, **kwargs)
        assert caught.value.reason == expected
    else:
        timeline = parse_timeline(text, **kwargs)
        assert (timeline.start, timeline.end) == expected


@pytest.mark.parametrize(
    ("text", "kwargs", "days"),
    [
        ("2013-14", {}, (D(2013, 8, 1), D(2014, 7, 31))),
        ("SY 2013-14", {}, (D(2013, 8, 1), D(2014, 7, 31))),
        ("Quarterly/2013-14", {}, (D(2013, 8, 1), D(2014, 7, 31))),
        ("August-May/2013-14", {}, (D(2013, 8, 1), D(2014, 5, 31))),
        # July now belongs to the second year of the school year
        ("July 2013-14", {}, (D(2014, 7, 1), D(2014, 7, 31))),
        ("Year 1", {"period": (D(2024, 8, 1), D(2025, 7, 31))}, (D(2024, 8, 1), D(2025, 7, 31))),
        ("Year 1", {"period": (D(2024, 7, 1), D(2025, 6, 30))}, (D(2023, 8, 1), D(2024, 7, 31))),
    ],
)
def test_school_year_starting_in_august(
    text: str, kwargs: dict[str, Any], days: tuple[date, date]
) -> None:
    timeline = parse_timeline(text, school_year_start=8, **kwargs)
    assert (timeline.start, timeline.end) == days


def test_school_year_starting_in_january_is_a_calendar_year() -> None:
    timeline = parse_timeline("2013-14", school_year_start=1)
    assert (timeline.start, timeline.end) == (D(2013, 1, 1), D(2013, 12, 31))
    assert timeline.canonical() == "2013"


def test_school_year_start_must_be_a_month() -> None:
    with pytest.raises(ValueError, match="from 1 to 12"):
        parse_timeline("2013-14", school_year_start=13)


@pytest.mark.parametrize(
    ("text", "kwargs", "canonical"),
    [
        ("May 15, 2013", {}, "2013-05-15"),
        ("May/2013", {}, "2013-05"),
        ("2013", {}, "2013"),
        ("April-May/2013", {}, "2013-04..2013-05"),
        ("2013-14", {}, "2013-07..2014-06"),
        ("SY 2013-14", {"school_year_start": 8}, "2013-08..2014-07"),
        ("Fall 2024", {}, "2024-09..2024-11"),
        ("April 1-15, 2014", {}, "2014-04-01..2014-04-15"),
        ("by 6/15/2025", {"period": P24}, "2024-07-01..2025-06-15"),
        ("2013..2015", {}, "2013..2015"),
        ("August/2013, December/2013", {}, "2013-08, 2013-12"),
        ("Quarterly/2013-14", {}, "quarterly 2013-07..2014-06"),
        ("Review annually", {"period": P24}, "annually 2024-07..2025-06"),
        ("Ongoing", {"period": P24}, "ongoing"),
        ("Year 2", {"period": P24}, "2025-07..2026-06"),
    ],
)
def test_canonical(text: str, kwargs: dict[str, Any], canonical: str) -> None:
    timeline = parse_timeline(text, **kwargs)
    assert timeline.canonical() == canonical
    again = parse_timeline(canonical, **kwargs)
    assert (again.start, again.end, again.kind) == (timeline.start, timeline.end, timeline.kind)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("2024-07", (D(2024, 7, 1), D(2024, 7, 31))),
        ("July 2024", (D(2024, 7, 1), D(2024, 7, 31))),
        ("07/2024", (D(2024, 7, 1), D(2024, 7, 31))),
        (2024, (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024-07-15", (D(2024, 7, 15), D(2024, 7, 15))),
    ],
)
def test_parse_month(text: str | int, days: tuple[date, date]) -> None:
    assert parse_month(text) == days


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-25", "invalid"),
        ("Fall 2024", "invalid"),
        ("April-May 2024", "invalid"),
        ("Ongoing", "invalid"),
        ("soon", "vague"),
        ("July", "no-year"),
        ("2024-13", "invalid"),
    ],
)
def test_parse_month_rejects(text: str, reason: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_month(text)
    assert caught.value.reason == reason
    assert caught.value.message.startswith(f"'{text}'")


# -- properties

PERIODS = st.sampled_from([None, P13, P24])

# Pieces of real and broken timelines, so generated text reaches deep into the grammar.
PIECES = [
    "May", "Aug.", "Sept", "2013", "2014", "2013-14", "2013-2014", "2013-05", "2014-06-30",
    "6/1/2024", "05/2013", "15", "31", "1st", "-", "–", "/", ",", ";", "\n", "..", " to ",
    "SY", "school year", "late", "mid-", "early", "end of", "by", "due", "Quarterly",
    "monthly", "every", "two weeks", "review", "annually", "Year", "Years", "1", "5", "0",
    "ongoing", "all year", "Fall", "Winter", "the", "of", "during", "9999", "2100", "1900",
    "TBD", ":", "and", "2011-12", "2013/14", "13", "00",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=600), period=PERIODS, start=st.integers(1, 12))
def test_any_text_is_a_timeline_or_a_timeline_error(
    text: str, period: tuple[date, date] | None, start: int
) -> None:
    try:
        timeline = parse_timeline(text, period=period, school_year_start=start)
    except TimelineError as error:
        assert error.reason in ("vague", "no-year", "invalid", "needs-period", "too-long")
        assert error.message and error.hint
    else:
        assert isinstance(timeline, Timeline)
        assert timeline.start <= timeline.end


@settings(max_examples=600, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  "])),
        min_size=1,
        max_size=12,
    ),
    period=PERIODS,
    start=st.integers(1, 12),
)
def test_date_like_text_is_a_timeline_or_a_timeline_error(
    pieces: list[tuple[str, str]], period: tuple[date, date] | None, start: int
) -> None:
    text = "".join(piece + space for piece, space in pieces)
    try:
        timeline = parse_timeline(text, period=period, school_year_start=start)
    except TimelineError as error:
        assert error.message and error.hint
    else:
        assert timeline.start <= timeline.end
        # whatever was read, its normal form reads back to the same days
        again = parse_timeline(timeline.canonical(), period=period, school_year_start=start)
        assert (again.start, again.end) == (timeline.start, timeline.end)


def test_long_and_repetitive_text_is_fast() -> None:
    texts = [
        "May 2013, " * 45,
        "2013-" * 100,
        "-" * 500,
        "1/" * 250,
        "May " * 125,
        "late " * 99 + "May 2013",
        ",\n;" * 166,
        "a" * 500,
    ]
    # A hang guard, not a speed target (those live in benchmarks/): catastrophic
    # backtracking on these texts takes minutes, a reading takes milliseconds.
    begun = time.perf_counter()
    for text in texts:
        with contextlib.suppress(TimelineError):
            parse_timeline(text)
    assert time.perf_counter() - begun < TIMEOUT


MONTH_WORDS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip

years = st.integers(1900, 2099)
months = st.integers(1, 12)


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    """A month or day as a planner might write it."""
    year, month = draw(years), draw(months)
    name = MONTH_WORDS[month - 1]
    if draw(st.booleans()):
        day = draw(st.integers(1, 28))
        return draw(
            st.sampled_from(
                [
                    f"{year}-{month:02}-{day:02}",
                    f"{month}/{day}/{year}",
                    f"{name} {day}, {year}",
                    f"{day} {name} {year}",
                    f"{name[:3]}. {day}th {year}",
                ]
            )
        )
    return draw(
        st.sampled_from(
            [f"{year}-{month:02}", f"{name} {year}", f"{name}/{year}", f"{month:02}/{year}"]
        )
    )


@st.composite
def written_timelines(draw: st.DrawFn) -> str:
    """A date, range, school year, season, repeat or list of them."""
    shape = draw(st.sampled_from(["date", "range", "year", "season", "repeat", "list"]))
    if shape == "date":
        return draw(written_dates())
    if shape == "range":
        first, second = sorted([(draw(years), draw(months)), (draw(years), draw(months))])
        separator = draw(st.sampled_from(["-", " - ", "..", " to ", "–", " through "]))
        left = f"{MONTH_WORDS[first[1] - 1]} {first[0]}"
        right = f"{MONTH_WORDS[second[1] - 1]} {second[0]}"
        # "May 2013-2014-06" is ambiguous, so an ISO month on the right needs
        # a spaced separator.
        if separator.startswith((" ", ".")) and draw(st.booleans()):
            right = f"{second[0]}-{second[1]:02}"
        return f"{left}{separator}{right}"
    if shape == "year":
        year = draw(years)
        return draw(st.sampled_from([f"{year}-{(year + 1) % 100:02}", f"SY {year}-{year + 1}"]))
    if shape == "season":
        season = draw(st.sampled_from(["Fall", "Winter", "Spring", "Summer"]))
        return f"{season} {draw(st.integers(1900, 2099))}"
    if shape == "repeat":
        word = draw(st.sampled_from(["Quarterly", "Monthly", "Weekly during", "Twice a year"]))
        year = draw(years)
        return f"{word} {year}-{(year + 1) % 100:02}"
    items = draw(st.lists(written_dates(), min_size=2, max_size=4))
    return draw(st.sampled_from([", ", "; ", "\n"])).join(items)


@settings(max_examples=500, deadline=None)
@given(text=written_timelines(), start=st.integers(1, 12))
def test_canonical_round_trip(text: str, start: int) -> None:
    timeline = parse_timeline(text, school_year_start=start)
    again = parse_timeline(timeline.canonical(), school_year_start=start)
    assert (again.start, again.end) == (timeline.start, timeline.end)
    assert again.canonical() == timeline.canonical()


# -- forms found by transcribing district plans (second release)

SY21_23 = [SY21, (D(2022, 7, 1), D(2023, 6, 30)), (D(2023, 7, 1), D(2024, 6, 30))]


def each(
    years: range | tuple[int, ...] | list[int], first: tuple[int, int], last: tuple[int, int]
) -> list[tuple[date, date]]:
    """(start, end) in each year: ``first`` and ``last`` as (month, day); day 0 is a month's end.

    An end month before the first month falls in the next calendar year (winter).
    """
    spans = []
    for year in years:
        end_year = year if last[0] >= first[0] else year + 1
        day = last[1] or calendar.monthrange(end_year, last[0])[1]
        spans.append((D(year, *first), D(end_year, last[0], day)))
    return spans


SUMMERS = each((2022, 2023, 2024), (6, 1), (8, 0))


# text, keywords, each milestone's (start, end)
LISTS_OF_YEARS: list[tuple[str, dict[str, Any], list[tuple[date, date]]]] = [
    ("21-22; 22-23; 23-24", {}, SY21_23),
    ("SY 2021-22, SY 2022-23", {}, [SY21, (D(2022, 7, 1), D(2023, 6, 30))]),
    ("Summer School (3 years: 2022, 2023, 2024)", {}, SUMMERS),
    ("Summer 2022, 2023, 2024", {}, SUMMERS),
    ("Summer School 2022, 2023", {}, SUMMERS[:2]),
    ("May 2013, 2014", {}, [MAY13, (D(2014, 5, 1), D(2014, 5, 31))]),
    ("(3 years: 21-22, 22-23, 23-24)", {}, SY21_23),
    ("Summer School (two years: 2022 and 2023)", {}, SUMMERS[:2]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kwargs", "items"), LISTS_OF_YEARS)
def test_lists_of_years_are_milestones(
    text: str, kwargs: dict[str, Any], items: list[tuple[date, date]]
) -> None:
    timeline = parse_timeline(text, **kwargs)
    assert timeline.kind == "milestones"
    assert timeline.text == text
    assert [(item.start, item.end) for item in timeline.milestones] == items
    assert not timeline.year_only


# text, school_year_start, what recurs, each occurrence's (start, end) within P21
YEARLY: list[tuple[str, int, str, list[tuple[date, date]]]] = [
    ("By March 30 of each year", 7, "March 30", each(range(2022, 2028), (3, 30), (3, 30))),
    ("By November of each year", 7, "November", each(range(2021, 2027), (11, 1), (11, 0))),
    ("Annually in May", 7, "May", each(range(2022, 2028), (5, 1), (5, 0))),
    ("Each fall", 7, "Fall", each(range(2021, 2027), (9, 1), (11, 0))),
    ("every spring", 7, "Spring", each(range(2022, 2028), (3, 1), (5, 0))),
    ("Every May", 7, "May", each(range(2022, 2028), (5, 1), (5, 0))),
    ("May annually", 7, "May", each(range(2022, 2028), (5, 1), (5, 0))),
    ("each year by March 30", 7, "March 30", each(range(2022, 2028), (3, 30), (3, 30))),
    ("30 March each year", 7, "March 30", each(range(2022, 2028), (3, 30), (3, 30))),
    # an occurrence that would run past the period is left out
    ("Each summer", 7, "Summer", each(range(2022, 2027), (6, 1), (8, 0))),
    ("Each winter", 7, "Winter", each(range(2021, 2027), (12, 1), (2, 0))),
    ("Annually in July", 8, "July", each(range(2021, 2027), (7, 1), (7, 0))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "start", "every", "occurrences"), YEARLY)
def test_yearly_dates_recur_in_each_school_year_of_the_period(
    text: str, start: int, every: str, occurrences: list[tuple[date, date]]
) -> None:
    timeline = parse_timeline(text, period=P21, school_year_start=start)
    assert (timeline.kind, timeline.repeat, timeline.every) == ("yearly", "annually", every)
    assert [(item.start, item.end) for item in timeline.milestones] == occurrences
    assert (timeline.start, timeline.end) == (occurrences[0][0], occurrences[-1][1])
    assert timeline.canonical() == f"{every} each year"
    again = parse_timeline(timeline.canonical(), period=P21, school_year_start=start)
    assert again.milestones == timeline.milestones


def test_a_yearly_date_needs_the_plan_period() -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline("By March 30 of each year")
    assert caught.value.reason == "needs-period"
    assert caught.value.message == (
        "'By March 30 of each year' repeats every school year of the plan period, "
        "but the plan has no period"
    )
    assert "for example 'March 30, 2025' for one year" in caught.value.hint


def test_a_yearly_date_outside_a_short_period() -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline("Each spring", period=(D(2024, 7, 1), D(2024, 12, 31)))
    assert caught.value.message == (
        "'Each spring': Spring never falls inside the plan period (July 2024 to December 2024)"
    )


def test_february_29_each_year_falls_in_leap_years() -> None:
    timeline = parse_timeline("February 29 each year", period=P21)
    assert [item.start for item in timeline.milestones] == [D(2024, 2, 29)]


# text, (start, end), whether a year stands without its month
YEARS_WITHOUT_MONTHS: list[tuple[str, tuple[date, date], bool]] = [
    ("2012", (D(2012, 1, 1), D(2012, 12, 31)), True),
    ("By 2018", (D(2018, 1, 1), D(2018, 12, 31)), True),
    ("2013..2015", (D(2013, 1, 1), D(2015, 12, 31)), True),
    ("2013, 2014", (D(2013, 1, 1), D(2014, 12, 31)), True),
    # both spellings read the same: October 2003 to a year with no month
    ("October 2003 -2012", (D(2003, 10, 1), D(2012, 12, 31)), True),
    ("October 2003-2012", (D(2003, 10, 1), D(2012, 12, 31)), True),
    ("October 2003 – 2012", (D(2003, 10, 1), D(2012, 12, 31)), True),
    ("October 2003/2012", (D(2003, 10, 1), D(2012, 12, 31)), True),
    ("October 2003 - June 2012", (D(2003, 10, 1), D(2012, 6, 30)), False),
    ("2013-14", SY13, False),
    ("May 2013", MAY13, False),
]


@pytest.mark.parametrize(("text", "days", "year_only"), YEARS_WITHOUT_MONTHS)
def test_years_without_months_are_marked(
    text: str, days: tuple[date, date], year_only: bool
) -> None:
    timeline = parse_timeline(text)
    assert ((timeline.start, timeline.end), timeline.year_only) == (days, year_only)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("SY 2021-22", SY21),
        ("2013-2014", SY13),
        ("2016 – 2017 School Year", (D(2016, 7, 1), D(2017, 6, 30))),
        ("2021-2022 SY", SY21),
        ("21-22", SY21),
        ("2024-07", (D(2024, 7, 1), D(2024, 7, 31))),
        ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_a_period_end_may_be_a_school_year(text: str, days: tuple[date, date]) -> None:
    assert parse_period_end(text) == days


def test_a_period_end_follows_the_templates_school_year() -> None:
    assert parse_period_end("SY 2021-22", school_year_start=8) == (D(2021, 8, 1), D(2022, 7, 31))


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("Fall 2024", "invalid", "is not one month or one school year"),
        ("2013..2015", "invalid", "is not one month or one school year"),
        ("October 2003-2012", "invalid", "is not one month or one school year"),
        ("soon", "vague", "is not a date"),
        ("July", "no-year", "has no year"),
    ],
)
def test_a_period_end_rejects(text: str, reason: str, words: str) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_period_end(text)
    assert (caught.value.reason, caught.value.message.startswith(f"'{text}'")) == (reason, True)
    assert words in caught.value.message


# text, plan period, words the hint contains: the plan's own years, a fixed year without a period
HINTS: list[tuple[str, tuple[date, date] | None, str]] = [
    ("TBD", None, "'May 2013' or '2013-05'"),
    ("TBD", P21, "'May 2022' or '2022-05', a range such as 'April-May 2022'"),
    ("TBD", P21, "several dates such as 'August 2021, December 2021'"),
    ("TBD", P24, "'May 2025' or '2025-05'"),
    ("13/2024", P21, "'2022-05' is May 2022, and '6/1/2022' is June 1, 2022"),
    ("13/2024", None, "'2013-05' is May 2013"),
    ("May-April 2024", P21, "for example 'April-May 2022'; a range across two years"),
    ("May-April 2024", P21, "needs both years, for example 'December 2021-January 2022'"),
    ("May 1899", P24, "for example '2025-05' for May 2025"),
    ("Year 99", P21, "such as '2021-22'"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "period", "words"), HINTS)
def test_hints_use_the_plans_own_years(
    text: str, period: tuple[date, date] | None, words: str
) -> None:
    with pytest.raises(TimelineError) as caught:
        parse_timeline(text, period=period)
    assert words in caught.value.hint
    if period is not None:
        assert "2013" not in caught.value.hint
