"""Hostile dates: the school-year, yearly and bracketed forms under long, repetitive and odd text.

Each text is read in-process within a time budget (a hang, not a speed target) and as a plan
through ``planctl validate`` in a subprocess with the hostile suite's timeout and memory limit:
a reading or a ``TimelineError``, never a traceback.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from planctl.timeline import Timeline, TimelineError, parse_period_end, parse_timeline
from tests.test_hostile import TIMEOUT, json_run

WIDEST = (date(1900, 1, 1), date(2100, 12, 31))

TEXTS = [
    "(" * 499,
    ")" * 499,
    "Summer School (" + "2022, " * 80 + ")",
    "Summer School (99 years: " + "2022, " * 80 + ")",
    "(3 years: " + "a " * 240 + ")",
    "x(" + "a" * 490 + ")",
    "Summer (" + " " * 480 + ")",
    "each " * 99 + "fall",
    "every " * 80,
    "21-22; " * 70,
    "99-00-01-02-03-04-05-06-07-08",
    "21-22-23",
    "SY 21-22-23",
    "Summer 2022, " + "2023, " * 80,
    "a, " * 166,
    "By March 30 of each year of each year",
    "February 30 each year",
    "February 29 each year",
    "October 2003-2012-2013",
    "2016 – 2017 School Year School Year",
    "0000-9999",
    "1899-2101",
    "Each fall (3 years: 2022, 2023, 2024)",
    "Summer School (0 years: )",
    "Summer School (3 years: 2022, 2023, 2024",
    "By 1900",
    "2100-01 - 2100",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("period", [None, WIDEST])
def test_a_reading_or_an_error_quickly(text: str, period: tuple[date, date] | None) -> None:
    begun = time.perf_counter()
    try:
        timeline = parse_timeline(text, period=period)
    except TimelineError as error:
        assert error.message and error.hint
    else:
        assert isinstance(timeline, Timeline) and timeline.start <= timeline.end
        for item in timeline.milestones:
            assert timeline.start <= item.start <= item.end <= timeline.end
    try:
        parse_period_end(text)
    except TimelineError as error:
        assert error.message
    # A hang guard (catastrophic backtracking), not a speed target: those live in benchmarks/.
    assert time.perf_counter() - begun < TIMEOUT


def test_a_yearly_date_over_the_widest_period_stays_bounded() -> None:
    timeline = parse_timeline("By March 30 of each year", period=WIDEST)
    assert len(timeline.milestones) == 201


def test_validate_reads_every_hostile_date(tmp_path: Path) -> None:
    steps: list[dict[str, object]] = [
        {"action": f"step {index}", "due": text} for index, text in enumerate(TEXTS)
    ]
    steps += [
        {"action": f"milestones {index}", "dates": [text]} for index, text in enumerate(TEXTS)
    ]
    plan = {
        "planctl": 1,
        "period": {"start": "SY 1900-01", "end": "2099 – 2100 School Year"},
        "goals": [
            {"title": "G", "measure": {"target": {"value": 1, "by": "1900"}}, "steps": steps}
        ],
    }
    path = tmp_path / "dates.plan.yaml"
    path.write_text(json.dumps(plan), encoding="utf-8")
    files = json_run(path.name, cwd=tmp_path, max_mib=400)
    problems = files[path.name]
    # the school-year period reads, so "Year 2" style dates and yearly dates are placed in it
    assert not any(p.message.startswith("the plan period's") for p in problems)
    assert not any("but the plan has no period" in p.message for p in problems)
    assert any("'1900' names a year but no month" in p.message for p in problems)
