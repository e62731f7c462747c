"""Dates as district plans write them, checked by every rule at once.

Each row is one step date (or plan period) and every date finding planctl
reports for it, from any rule: a school-year period is read, a yearly date
is placed, and a year with no month gives one ``date-format`` finding and
nothing built on a guessed month. Hints show the plan's own years.
"""

from __future__ import annotations

import pytest

from planctl.rules import date_format
from planctl.rules.base import doc_of
from tests.rules.test_rules import problems_of

DATE_RULES = {"date-format", "date-in-period", "date-order"}

SY_PERIOD = "{start: SY 2021-22, end: SY 2026-27}"
BY_2018 = '{unit: "%", baseline: {value: 40, as_of: 2012}, target: {value: 60, by: "2018"}}'
MEASURED_IN_YEARS = (
    '{unit: "%", baseline: {value: 40, as_of: 2021}, target: {value: 60, by: 2026-06}, '
    "actuals: [{value: 45, as_of: 2023}]}"
)


def plan(period: str | None, step: str, measure: str = "") -> str:
    lines = ["planctl: 1"]
    if period is not None:
        lines.append(f"period: {period}")
    lines += ["goals:", "  - title: G"]
    if measure:
        lines.append(f"    measure: {measure}")
    lines += ["    steps:", f"      - {{action: a, {step}}}"]
    return "\n".join(lines) + "\n"


# period, the step's date fields, a measure, then each finding: (rule, message has, hint has)
ROWS: list[tuple[str | None, str, str, list[tuple[str, str, str]]]] = [
    # school years as the plan period, in every spelling
    (SY_PERIOD, "due: 2026-06", "", []),
    ("{start: 2013-2014, end: 2015-2016}", "due: 2016-06", "", []),
    ("{start: 2016 – 2017 School Year, end: 2018 — 2019 School Year}", "due: 2019-06", "", []),
    ("{start: 2021-2022 SY, end: 23-24}", "due: 2024-06", "", []),
    # ... and the period it gives: July of the first to June of the last
    (SY_PERIOD, "due: 2027-07", "", [("date-in-period", "(July 2021 to June 2027)", "")]),
    (SY_PERIOD, "start: 2021-06", "", [("date-in-period", "falls before the plan period", "")]),
    # school years as dates
    (SY_PERIOD, "due: 21-22", "", []),
    (SY_PERIOD, "dates: [21-22; 22-23; 23-24]", "", []),
    (SY_PERIOD, 'due: "Summer School (3 years: 2022, 2023, 2024)"', "", []),
    (SY_PERIOD, "start: SY 2021-22, due: 2016 – 2017 School Year", "", [
        ("date-in-period", "'2016 – 2017 School Year' falls before", ""),
        ("date-order", "is before the start 'SY 2021-22'", ""),
    ]),
    # yearly dates
    (SY_PERIOD, "due: By March 30 of each year", "", []),
    (SY_PERIOD, "due: By November of each year", "", []),
    (SY_PERIOD, "due: Annually in May", "", []),
    (SY_PERIOD, "dates: [Each fall]", "", []),
    (None, "due: Each fall", "", [
        ("date-format", "every school year of the plan period, but the plan has no", "'Fall 2025'"),
    ]),
    # a year with no month: one finding, with a month of the plan's own years
    (SY_PERIOD, 'due: "2012"', "", [
        ("date-format", "'2012' names a year but no month", "for example 'June 2022' or '2022-06'"),
    ]),
    (SY_PERIOD, "due: 2025", "", [
        ("date-format", "'2025' names a year but no month", "for example 'June 2025'"),
    ]),
    (SY_PERIOD, "start: 2024", "", [
        ("date-format", "'2024' names a year but no month", "for example 'July 2024'"),
    ]),
    (None, "due: 2012", "", [
        ("date-format", "'2012' names a year but no month", "for example 'June 2012'"),
    ]),
    ("{start: 2024-07, end: 2027-06}", "start: 2026, due: 2025-01", "", [
        ("date-format", "'2026' names a year but no month", "'July 2026'"),
    ]),
    (SY_PERIOD, "due: October 2003-2012", "", [
        ("date-format", "'October 2003-2012' names a year but no month", "'June 2022'"),
    ]),
    (SY_PERIOD, "due: October 2003 -2012", "", [
        ("date-format", "'October 2003 -2012' names a year but no month", "'June 2022'"),
    ]),
    (SY_PERIOD, "due: 2026-06", BY_2018, [
        ("date-format", "'2018' names a year but no month", "'June 2022'"),
    ]),
    # a year is a fine measurement date
    (SY_PERIOD, "due: 2026-06", MEASURED_IN_YEARS, []),
    # hints in the plan's own years
    (SY_PERIOD, "due: TBD", "", [
        ("date-format", "'TBD' is not a date", "such as 'May 2022' or '2022-05'"),
    ]),
    (SY_PERIOD, "due: May", "", [("date-format", "'May' has no year", "'May 2022'")]),
    ("{start: 2021-07, end: soon}", "due: 2026-06", "", [
        ("date-format", "the plan period's end", "'period: {start: 2021-07, end: 2024-06}'"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("period", "step", "measure", "findings"), ROWS)
def test_every_date_finding(
    period: str | None, step: str, measure: str, findings: list[tuple[str, str, str]]
) -> None:
    found = [p for p in problems_of(plan(period, step, measure)) if p.rule in DATE_RULES]
    assert len(found) == len(findings), [(p.rule, p.message) for p in found]
    for problem, (rule, message, hint) in zip(found, findings, strict=True):
        assert problem.rule == rule
        assert message in problem.message
        assert hint in problem.hint


@pytest.mark.parametrize("period", [None, SY_PERIOD, "{start: 2024-07, end: 2027-06}"])
def test_no_fixed_year_in_hints_when_the_plan_has_a_period(period: str | None) -> None:
    step = "due: TBD, start: 13/2024, dates: [May-April 2024, '2030', August 15]"
    hints = [p.hint for p in problems_of(plan(period, step)) if p.rule == "date-format"]
    assert len(hints) == 5
    if period is not None:
        assert not any("2013" in hint for hint in hints), hints


def test_the_rules_documented_examples_show_the_new_forms() -> None:
    doc = doc_of(date_format)
    found = problems_of(doc.fail_example)
    assert [(p.rule, p.message) for p in found] == [
        (
            "date-format",
            "'Mid-way and final check in' is not a date planctl can place on a calendar",
        ),
        ("date-format", "'2014' names a year but no month"),
    ]
    # no plan period: the hint falls back to the year written
    assert found[1].hint == "write the month too, for example 'June 2014' or '2014-06'"
    assert "By March 30 of each year" in doc.pass_example
    assert "SY 2013-14" in doc.pass_example


# period, rule, the date its hint shows: a month of the plan's own years
OTHER_HINTS: list[tuple[str | None, str, str]] = [
    ("{start: 2013-04, end: 2014-06}", "required-fields", "such as 'due: May 2014'"),
    ("{start: SY 2013-14, end: SY 2014-15}", "required-fields", "such as 'due: May 2015'"),
    (None, "required-fields", "such as 'due: May 2025'"),
    ("{start: 2013-04, end: 2014-06}", "smart-measure", "team by June 2014'"),
    ("{start: SY 2028-29, end: SY 2029-30}", "smart-measure", "team by June 2029'"),
    (None, "smart-measure", "team by June 2026'"),
]


@pytest.mark.parametrize(("period", "rule", "hint"), OTHER_HINTS)
def test_other_rules_hint_dates_of_the_plans_own_period(
    period: str | None, rule: str, hint: str
) -> None:
    text = plan(period, "owners: [Ana], outcome: o, measure: m", measure="Improve reading")
    found = [p for p in problems_of(text) if p.rule == rule]
    assert len(found) == 1, [(p.rule, p.message) for p in problems_of(text)]
    assert hint in found[0].hint
