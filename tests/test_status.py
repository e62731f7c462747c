"""``planctl status``: where plans stand on a given day.

Overdue and due-soon boundaries at month and day precision, statuses,
roll-ups and costs of the demo plan at fixed dates, measures judged in both
directions, the owner filter, every output format parsed back, the as-of
date and its mistakes, and staleness read from a throwaway git repository
whose commits carry made-up dates.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from planctl.errors import UserError
from planctl.load import load_text
from planctl.model.build import PlanDoc
from planctl.progress import collect, run
from planctl.progress.stale import MAX_COMMITS, history
from planctl.progress.status import (
    OwnerFilter,
    PlanProgress,
    StatusReport,
    StepProgress,
    cost_totals,
    measure_parts,
    parse_as_of,
    plan_progress,
)
from planctl.validate import check_loaded
from tests.git_helpers import git

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "district-pl-plan.plan.yaml"
BOSTON = REPO / "examples" / "boston-tlt-work-plan.plan.yaml"
ANSI = re.compile(r"\x1b\[")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


# --------------------------------------------------------------------------
# Helpers


def build(text: str, name: str = "plan.plan.yaml") -> PlanDoc:
    checked = check_loaded(load_text(text, name), REPO)
    assert checked.doc is not None, [p.message for p in checked.report.problems]
    return checked.doc


def demo() -> PlanDoc:
    return build(DEMO.read_text(encoding="utf-8"), "examples/district-pl-plan.plan.yaml")


def step(action: str, **fields: object) -> str:
    """One step of an inline plan, its values written as JSON (which YAML reads)."""
    lines = [f"      - action: {json.dumps(action)}"]
    lines.extend(f"        {key}: {json.dumps(value)}" for key, value in fields.items())
    return "\n".join(lines)


def plan(*steps: str, header: str = "period: {start: 2012-07, end: 2014-06}") -> str:
    """An inline plan: one goal holding ``steps``."""
    lines = [
        "planctl: 1",
        "title: Reading plan",
        *([header] if header else []),
        "people:",
        "  - {name: Ana Ruiz, aliases: [A. Ruiz]}",
        "  - {name: Ben Cole}",
        "  - {name: Dee Park}",
        "goals:",
        "  - id: G1",
        "    title: Every student reads on grade level",
        "    steps:",
        *steps,
    ]
    return "\n".join(lines) + "\n"


def one(text: str, on: str, window: int = 30) -> StepProgress:
    progress = plan_progress(build(plan(text)), as_of=date.fromisoformat(on), window=window)
    assert len(progress.steps) == 1
    return progress.steps[0]


def run_status(paths: list[str], fmt: str = "json", **options: Any) -> str:
    out = io.StringIO()
    arguments: dict[str, Any] = {
        "as_of": None,
        "owner": None,
        "window": 30,
        "stale_days": None,
        "fmt": fmt,
        "out": out,
        "color": False,
    }
    arguments.update(options)
    assert run(paths, **arguments) == 0
    return out.getvalue()


def status_json(paths: list[str], **options: Any) -> Any:
    return json.loads(run_status(paths, "json", **options))


# --------------------------------------------------------------------------
# Overdue and due soon


@pytest.mark.parametrize(
    ("on", "overdue", "soon"),
    [
        ("2013-05-31", False, True),
        ("2013-06-01", False, True),
        ("2013-06-30", False, True),
        ("2013-07-01", True, False),
        ("2014-01-01", True, False),
    ],
)
def test_a_month_is_due_on_its_last_day(on: str, overdue: bool, soon: bool) -> None:
    found = one(step("Order books", due="2013-06", status="in-progress"), on)
    assert found.due_date == date(2013, 6, 30)
    assert found.due_timeline is not None and found.due_timeline.precision == "month"
    assert (found.overdue, found.due_soon) == (overdue, soon)


@pytest.mark.parametrize(
    ("on", "overdue", "soon", "days_overdue"),
    [
        ("2013-06-14", False, True, 0),
        ("2013-06-15", False, True, 0),
        ("2013-06-16", True, False, 1),
        ("2013-07-15", True, False, 30),
    ],
)
def test_a_day_is_overdue_the_day_after(
    on: str, overdue: bool, soon: bool, days_overdue: int
) -> None:
    found = one(step("Order books", due="2013-06-15", status="not-started"), on)
    assert (found.overdue, found.due_soon, found.days_overdue) == (overdue, soon, days_overdue)


def test_month_names_and_slashes_read_as_the_same_month() -> None:
    for written in ("June 2013", "June/2013", "06/2013"):
        found = one(step("Order books", due=written), "2013-07-01")
        assert found.due_date == date(2013, 6, 30)
        assert found.overdue


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_done_and_dropped_steps_are_never_overdue(status: str) -> None:
    found = one(step("Order books", due="2013-06", status=status), "2020-01-01")
    assert not found.overdue
    assert not found.due_soon
    found = one(step("Order books", due="2013-06", status=status), "2013-06-20")
    assert not found.due_soon


def test_district_status_words_count_as_their_standard_word(tmp_path: Path) -> None:
    (tmp_path / "planctl.toml").write_text("", encoding="utf-8")
    (tmp_path / "district.yaml").write_text(
        "planctl-template: 1\nextends: default\n"
        "status_aliases:\n  Complete: done\n  On target: in-progress\n",
        encoding="utf-8",
    )
    text = plan(
        step("Order books", due="2013-06", status="complete"),
        step("Train staff", due="2013-06", status="On target"),
        step("Plan a night", due="2013-06", status="Someday"),
    ).replace("planctl: 1", "planctl: 1\ntemplate: ./district.yaml")
    checked = check_loaded(load_text(text, "plan.plan.yaml"), tmp_path)
    assert checked.doc is not None
    steps = plan_progress(checked.doc, as_of=date(2014, 1, 1)).steps
    assert [(s.status, s.status_word, s.status_label, s.overdue) for s in steps] == [
        ("done", "complete", "Done", False),
        ("in-progress", "On target", "In progress", True),
        ("not-recorded", "Someday", "Someday", True),
    ]


def test_steps_without_a_status_are_open() -> None:
    found = one(step("Order books", due="2013-06"), "2013-07-01")
    assert found.status == "not-recorded"
    assert found.overdue


def test_the_latest_update_status_and_completed_stand_in_for_a_missing_status() -> None:
    updates = [
        {"date": "2013-05-01", "note": "Started", "status": "in-progress"},
        {"date": "2013-06-10", "note": "Finished", "status": "done"},
    ]
    found = one(step("Order books", due="2013-06", updates=updates), "2013-07-01")
    assert found.status == "done"
    assert found.completed == date(2013, 6, 10)
    assert not found.overdue
    found = one(step("Order books", due="2013-06", completed="2013-06-20"), "2013-07-01")
    assert found.status == "done" and found.recently_done


@pytest.mark.parametrize(
    ("on", "window", "soon"),
    [
        ("2013-05-16", 30, True),  # 2013-06-15 is exactly 30 days ahead
        ("2013-05-16", 29, False),
        ("2013-05-15", 30, False),
        ("2013-06-15", 0, True),  # due today
        ("2013-06-16", 30, False),  # overdue instead
    ],
)
def test_window_boundaries(on: str, window: int, soon: bool) -> None:
    found = one(step("Order books", due="2013-06-15", status="in-progress"), on, window)
    assert found.due_soon is soon


@pytest.mark.parametrize(
    ("completed", "recent"),
    [("2013-06-01", True), ("2013-05-02", True), ("2013-05-01", False), ("2013-06-02", False)],
)
def test_recently_done_is_within_the_window_up_to_the_as_of_date(
    completed: str, recent: bool
) -> None:
    found = one(
        step("Order books", due="2013-06", status="done", completed=completed), "2013-06-01"
    )
    assert found.recently_done is recent


def test_milestones_repeats_and_dates_use_their_end() -> None:
    found = one(step("Check in", due="August 2013, December 2013"), "2013-12-15")
    assert found.due_date == date(2013, 12, 31) and not found.overdue
    found = one(step("Check in", dates=["2013-08", "2014-02", "2013-12"]), "2014-03-01")
    assert found.due_date == date(2014, 2, 28) and found.overdue
    found = one(step("Review data", due="Quarterly/2013-14"), "2014-06-30")
    assert found.due_date == date(2014, 6, 30) and not found.overdue
    # A repeat with no dates runs to the end of the plan period.
    found = one(step("Review data", repeat="quarterly"), "2014-07-01")
    assert found.due_date == date(2014, 6, 30) and found.overdue


def test_steps_without_readable_dates_have_no_date() -> None:
    for fields in ({}, {"due": "Mid-way and final check in"}, {"due": "TBD"}):
        found = one(step("Order books", **fields), "2030-01-01")
        assert found.no_date
        assert found.due_date is None
        assert not found.overdue and not found.due_soon


def test_a_plan_without_dates_or_period_is_all_no_date() -> None:
    text = plan(step("Order books"), step("Train staff", due="Ongoing"), header="")
    progress = plan_progress(build(text), as_of=date(2025, 1, 1))
    assert [s.no_date for s in progress.steps] == [True, True]
    assert len(progress.no_date()) == 2
    assert progress.overdue() == [] and progress.due_soon() == []
    assert progress.rollup.completion is None


# --------------------------------------------------------------------------
# The demo plan at fixed dates


def test_demo_lists_on_a_fixed_day() -> None:
    progress = plan_progress(demo(), as_of=date(2026, 3, 1), window=30)
    assert [s.trail for s in progress.overdue()] == [
        "Goal G2 › Objective G2.O1 › Action step 3",
        "Goal G2 › Objective G2.O2 › Action step 3",
    ]
    assert [s.due_date for s in progress.overdue()] == [date(2025, 12, 31), date(2026, 1, 31)]
    assert [s.days_overdue for s in progress.overdue()] == [60, 29]
    assert progress.due_soon() == []
    assert [s.trail for s in progress.blocked()] == ["Goal G2 › Objective G2.O1 › Action step 3"]
    wider = plan_progress(demo(), as_of=date(2026, 3, 1), window=121)
    assert [s.trail for s in wider.due_soon()] == [
        "Goal G2 › Objective G2.O1 › Action step 2",
        "Goal G2 › Objective G2.O2 › Action step 2",
        "Goal G3 › Objective G3.O1 › Action step 2",
        "Goal G3 › Objective G3.O2 › Action step 1",
    ]
    assert plan_progress(demo(), as_of=date(2026, 3, 1), window=120).due_soon() == []


def test_demo_recently_done() -> None:
    progress = plan_progress(demo(), as_of=date(2025, 6, 15), window=30)
    assert [(s.trail, s.completed) for s in progress.recently_done()] == [
        ("Goal G1 › Objective G1.O1 › Action step 3", date(2025, 6, 12)),
        ("Goal G3 › Objective G3.O1 › Action step 1", date(2025, 6, 5)),
        ("Goal G1 › Objective G1.O1 › Action step 2", date(2025, 5, 20)),
    ]


def test_demo_rollups() -> None:
    rollup = plan_progress(demo(), as_of=date(2026, 3, 1)).rollup
    assert rollup.steps == 17
    assert rollup.counts == {
        "not-started": 2,
        "in-progress": 6,
        "done": 7,
        "blocked": 1,
        "dropped": 1,
        "not-recorded": 0,
    }
    assert rollup.completion == pytest.approx(7 / 16)
    assert rollup.percent == 44
    assert rollup.overdue == 2
    table = [
        (item.label, item.steps, item.done, item.counted, item.percent)
        for item in rollup.walk()
        if item.node is not None
    ]
    assert table == [
        ("Goal G1", 6, 4, 6, 67),
        ("Objective G1.O1", 3, 3, 3, 100),
        ("Objective G1.O2", 3, 1, 3, 33),
        ("Goal G2", 7, 2, 6, 33),
        ("Objective G2.O1", 4, 1, 3, 33),
        ("Objective G2.O2", 3, 1, 3, 33),
        ("Goal G3", 4, 1, 4, 25),
        ("Objective G3.O1", 2, 1, 2, 50),
        ("Objective G3.O2", 2, 0, 2, 0),
    ]


def test_demo_costs_by_funding() -> None:
    costs = cost_totals(demo())
    assert costs.currency == "USD"
    assert costs.total == 400100
    assert [(line.funding, line.amount, line.items) for line in costs.by_funding] == [
        ("Title II", 312000, 1),
        ("(no funding source)", 88100, 4),
    ]
    assert costs.dropped == 0


def test_dropped_costs_are_left_out_of_the_totals() -> None:
    text = plan(
        step("Hire a coach", due="2013-09", cost={"amount": 50000, "funding": "Title I"}),
        step("Buy books", due="2013-09", cost={"amount": 1200.5, "funding": "Title I"}),
        step("Rent a bus", due="2013-09", cost={"amount": 900, "funding": "PTA"}),
        step("Print flyers", due="2013-09", cost=300, status="dropped"),
        step("Buy tablets", due="2013-09", cost={"amount": 8000, "funding": "Grant"}, owners="Dee"),
    )
    costs = cost_totals(build(text))
    assert [(line.funding, line.amount, line.items) for line in costs.by_funding] == [
        ("Grant", 8000, 1),
        ("PTA", 900, 1),
        ("Title I", 51200.5, 2),
    ]
    assert costs.total == 60100.5
    assert costs.dropped == 300


def test_demo_measures_on_a_fixed_day() -> None:
    progress = plan_progress(demo(), as_of=date(2025, 7, 1))
    states = {m.name: (m.state, m.direction) for m in progress.measures}
    assert len(progress.measures) == 10
    assert states['PLC teams rated "Established" or higher on the district PLC rubric'] == (
        "behind",
        "increase",
    )
    assert states["Teachers who complete at least one coaching cycle during the school year"] == (
        "met",
        "increase",
    )
    assert states["Staff who agree that professional learning is relevant to their work"] == (
        "on track",
        "increase",
    )
    assert states["Students chronically absent (missing 10% or more of school days)"] == (
        "behind",
        "decrease",
    )
    # Measured after the as-of date: nothing to judge yet.
    coaches = next(m for m in progress.measures if m.name == "Teachers per instructional coach")
    assert coaches.state == "unknown" and coaches.actual is None
    # Later, the ratio (written "60:1") has met its decreasing target.
    later = plan_progress(demo(), as_of=date(2025, 10, 1))
    coaches = next(m for m in later.measures if m.name == "Teachers per instructional coach")
    assert (coaches.state, coaches.baseline, coaches.target, coaches.actual) == (
        "met",
        75,
        60,
        60,
    )


# --------------------------------------------------------------------------
# Measures


def measure_plan(
    direction: str, actual: float | str, actual_on: str, *, baseline: float = 50, target: float = 70
) -> str:
    measure = {
        "indicator": "Students reading on grade level",
        "unit": "%",
        "direction": direction,
        "baseline": {"value": baseline, "as_of": "2024-06-30"},
        "targets": [
            {"value": target, "by": "2025-06-30"},
            {"value": target + (10 if direction == "increase" else -5), "by": "2026-06-30"},
        ],
        "actuals": [{"value": actual, "as_of": actual_on}],
    }
    return "\n".join(
        [
            "planctl: 1",
            "title: Reading plan",
            "period: {start: 2024-07, end: 2026-06}",
            "goals:",
            "  - title: Every student reads on grade level",
            f"    measure: {json.dumps(measure)}",
            "    steps:",
            step("Hire a coach", due="2024-09", status="done"),
        ]
    )


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "actual", "state"),
    [
        # Half a year of one: the value expected on 2024-12-30 is half way (60 or 15).
        ("increase", 50, 70, 70, "met"),
        ("increase", 50, 70, 75, "met"),
        ("increase", 50, 70, 61, "on track"),
        ("increase", 50, 70, 59, "behind"),
        ("increase", 50, 70, 45, "behind"),
        ("decrease", 20, 10, 10, "met"),
        ("decrease", 20, 10, 8, "met"),
        ("decrease", 20, 10, 14, "on track"),
        ("decrease", 20, 10, 16, "behind"),
        ("decrease", 20, 10, 22, "behind"),
    ],
)
def test_measure_states(
    direction: str, baseline: float, target: float, actual: float, state: str
) -> None:
    text = measure_plan(direction, actual, "2024-12-30", baseline=baseline, target=target)
    measure = plan_progress(build(text), as_of=date(2025, 1, 15)).measures[0]
    assert measure.state == state, measure.reason
    assert measure.target == target
    if state in ("on track", "behind"):
        assert measure.expected == pytest.approx(
            baseline + (target - baseline) * 183 / 365, rel=1e-6
        )


@pytest.mark.parametrize(
    ("unit", "on_day", "shown"),
    [
        # From 50 to 70 over a year: 183 days in, 60.03 is expected; 186 days in, 60.19.
        ("%", "2024-12-30", "60%"),
        ("%", "2025-01-02", "60.2%"),
        ("days", "2025-01-02", "60.2 days"),
        (None, "2025-01-02", "60.2"),
    ],
)
def test_the_expected_value_is_shown_with_its_unit_to_a_tenth(
    unit: str | None, on_day: str, shown: str
) -> None:
    text = measure_plan("increase", 61, on_day).replace(
        '"unit": "%"', f'"unit": {json.dumps(unit)}'
    )
    measure = plan_progress(build(text), as_of=date(2025, 1, 15)).measures[0]
    assert measure.reason == f"expected {shown} by {on_day}"


def test_a_target_whose_date_has_passed_is_behind_if_not_reached() -> None:
    text = measure_plan("increase", 69, "2025-05-31")
    measure = plan_progress(build(text), as_of=date(2025, 7, 1)).measures[0]
    assert (measure.state, measure.target) == ("behind", 70)
    assert "due by 2025-06-30" in measure.reason


def test_the_target_due_by_the_as_of_date_is_judged() -> None:
    # After the first target's date, the latest target due by then is the first one...
    text = measure_plan("increase", 72, "2025-12-31")
    first = plan_progress(build(text), as_of=date(2026, 1, 15)).measures[0]
    assert (first.target, first.state) == (70, "met")
    # ... and after the second's, the second.
    second = plan_progress(build(text), as_of=date(2026, 7, 1)).measures[0]
    assert (second.target, second.state) == (80, "behind")


def test_actuals_after_the_as_of_date_are_not_seen() -> None:
    text = measure_plan("increase", 70, "2025-03-31")
    measure = plan_progress(build(text), as_of=date(2025, 1, 15)).measures[0]
    assert measure.state == "unknown"
    assert measure.actual is None
    assert "nothing measured" in measure.reason


def test_measures_without_numbers_or_baseline_are_unknown() -> None:
    text = measure_plan("increase", "about half", "2024-12-30")
    measure = plan_progress(build(text), as_of=date(2025, 1, 15)).measures[0]
    assert measure.state == "unknown"
    no_baseline = measure_plan("increase", 60, "2024-12-30").replace(
        '"baseline": {"value": 50, "as_of": "2024-06-30"}, ', ""
    )
    measure = plan_progress(build(no_baseline), as_of=date(2025, 1, 15)).measures[0]
    assert measure.state == "unknown" and "baseline" in measure.reason


def change_plan(measure: dict[str, Any], *, step_measures: list[Any] | None = None) -> str:
    """A plan whose goal has ``measure``, and a step with ``step_measures`` when given."""
    lines = [
        "planctl: 1",
        "title: Reading plan",
        "period: {start: 2024-07, end: 2026-06}",
        "goals:",
        "  - title: Every student reads on grade level",
        f"    measure: {json.dumps(measure)}",
        "    steps:",
        step("Hire a coach", due="2024-09", status="done"),
    ]
    if step_measures is not None:
        lines.append(f"        measures: {json.dumps(step_measures)}")
    return "\n".join(lines) + "\n"


# baseline, unit, direction, change as written, actual → the figure it reaches, shown, state
CHANGES: list[tuple[float, str, str | None, Any, float, float, str, str]] = [
    (40, "%", None, "+5 points", 46, 45, "+5 points (45%)", "met"),
    (40, "%", "increase", "+20%", 47, 48, "+20% (48%)", "behind"),
    (200, "count", "decrease", "-15%", 165, 170, "-15% (170)", "met"),
    (200, "count", "decrease", 30, 175, 170, "-30 (170)", "behind"),
    (
        24,
        "points",
        "decrease",
        "cut the gap in half",
        12,
        12,
        "cut the gap in half (12 points)",
        "met",
    ),
    (480, "score", None, "a 10-point gain", 490, 490, "a 10-point gain (490)", "met"),
]


@pytest.mark.parametrize(
    ("baseline", "unit", "direction", "change", "actual", "figure", "shown", "state"), CHANGES
)
def test_a_change_is_judged_as_the_figure_it_reaches_from_the_baseline(
    baseline: float,
    unit: str,
    direction: str | None,
    change: Any,
    actual: float,
    figure: float,
    shown: str,
    state: str,
) -> None:
    measure: dict[str, Any] = {
        "indicator": "Indicator",
        "unit": unit,
        "baseline": {"value": baseline, "as_of": "2024-06-30"},
        "target": {"change": change, "by": "2025-06-30"},
        "actuals": [{"value": actual, "as_of": "2025-06-30"}],
    }
    if direction:
        measure["direction"] = direction
    found = plan_progress(build(change_plan(measure)), as_of=date(2025, 7, 15)).measures[0]
    assert found.target == pytest.approx(figure)
    assert found.target_text == shown
    assert found.state == state, found.reason
    assert measure_parts(found)[1] == f"{shown} by 2025-06-30"


def test_the_status_reports_show_the_change_and_its_figure(tmp_path: Path) -> None:
    measure = {
        "indicator": "Proficiency",
        "unit": "%",
        "baseline": {"value": 40, "as_of": "2024-06"},
        "target": {"change": "+5 points", "by": "2025-06"},
        "actuals": [{"value": 43, "as_of": "2025-01"}],
    }
    path = tmp_path / "change.plan.yaml"
    path.write_text(change_plan(measure), encoding="utf-8")
    for fmt in ("text", "md"):
        assert "+5 points (45%) by 2025-06" in run_status([str(path)], fmt, as_of="2025-02-01")
    (found,) = status_json([str(path)], as_of="2025-02-01")["plans"][0]["measures"]
    assert (found["target"], found["state"]) == (45, "on track")


def test_a_change_from_a_baseline_not_yet_measured_is_unknown() -> None:
    measure = {
        "indicator": "Families at reading nights",
        "unit": "%",
        "baseline": {"value": "TBD", "as_of": "2025-10"},
        "target": {"change": "+10 points", "by": "2026-06"},
        "actuals": [{"value": 30, "as_of": "2025-12"}],
    }
    found = plan_progress(build(change_plan(measure)), as_of=date(2026, 1, 15)).measures[0]
    assert (found.state, found.target) == ("unknown", None)
    assert found.reason == "the target is a change and the baseline is not yet measured"
    assert found.baseline_text == "not yet measured (to be set 2025-10)"
    assert found.target_text == "+10 points"


def test_a_steps_listed_measures_are_judged_each() -> None:
    goal = {"indicator": "Proficiency", "unit": "%", "baseline": 40, "target": 45}
    listed = [
        "Sign-in sheets",
        {
            "indicator": "Coached teachers",
            "unit": "%",
            "baseline": {"value": 10, "as_of": "2024-06-30"},
            "target": {"change": "+50 points", "by": "2025-06-30"},
            "actuals": [{"value": 62, "as_of": "2025-06-30"}],
        },
    ]
    progress = plan_progress(build(change_plan(goal, step_measures=listed)), as_of=date(2025, 7, 1))
    (found,) = progress.measures
    assert found.node.is_step
    assert (found.name, found.target, found.state) == ("Coached teachers", 60, "met")


# --------------------------------------------------------------------------
# Owners


def test_owner_filter_is_case_insensitive() -> None:
    doc = demo()
    owner = OwnerFilter.for_name("priya RAMAN", [doc])
    assert owner.given == "Priya Raman"
    progress = plan_progress(doc, as_of=date(2026, 3, 1), owner=owner)
    assert [s.trail for s in progress.steps] == [
        "Goal G2 › Objective G2.O1 › Action step 2",
        "Goal G2 › Objective G2.O1 › Action step 3",
        "Goal G2 › Objective G2.O1 › Action step 4",
        "Goal G2 › Objective G2.O2 › Action step 2",
    ]
    assert progress.rollup.steps == 4
    assert [item.label for item in progress.rollup.walk()] == [
        "Plan",
        "Goal G2",
        "Objective G2.O1",
        "Objective G2.O2",
    ]
    # Costs of Priya's steps only; measures of what she owns (G2 is owned by her).
    assert progress.costs.total == 60000
    assert [m.node.trail for m in progress.measures] == ["Goal G2"]


def test_owner_aliases_from_the_roster() -> None:
    text = plan(
        step("Order books", due="2013-06", owners="A. Ruiz"),
        step("Train staff", due="2013-06", owners="Ana Ruiz"),
        step("Plan a night", due="2013-06", owners="Ben Cole"),
    )
    doc = build(text)
    owner = OwnerFilter.for_name("ana ruiz", [doc])
    assert [s.action for s in plan_progress(doc, as_of=date(2013, 1, 1), owner=owner).steps] == [
        "Order books",
        "Train staff",
    ]


def test_owners_with_roles_are_grouped_by_the_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = plan(
        step("Order books", due="2013-06", owners="Ana Ruiz, Library media specialist"),
        step("Train staff", due="2013-06", owners={"name": "ana ruiz", "role": "Reading coach"}),
        step("Plan a night", due="2013-06", owners=["Ben Cole", "A. Ruiz, Reading coach"]),
        step("Write a letter", due="2013-06", owners="Ben Cole"),
    )
    doc = build(text)
    owner = OwnerFilter.for_name("Ana Ruiz", [doc])
    progress = plan_progress(doc, as_of=date(2013, 1, 1), owner=owner)
    assert [s.action for s in progress.steps] == ["Order books", "Train staff", "Plan a night"]
    assert [s.owners for s in progress.steps] == [
        ("Ana Ruiz",),
        ("Ana Ruiz",),
        ("Ben Cole", "Ana Ruiz"),
    ]
    assert progress.steps[2].owners_shown == ["Ben Cole", "Ana Ruiz (Reading coach)"]
    # A name given with a role, as a plan writes it, is the person.
    with_role = OwnerFilter.for_name("ana ruiz, Reading coach", [doc])
    assert with_role.given == "Ana Ruiz" and owner.names <= with_role.names
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "reading.plan.yaml"
    path.write_text(text, encoding="utf-8")
    data = status_json([str(path)], owner="ana ruiz", as_of="2013-01-01")
    assert [(s["owners"], s["roles"]) for s in data["steps"]] == [
        (["Ana Ruiz"], ["Library media specialist"]),
        (["Ana Ruiz"], ["Reading coach"]),
        (["Ben Cole", "Ana Ruiz"], ["", "Reading coach"]),
    ]
    shown = run_status([str(path)], "md", as_of="2013-07-01")
    assert "Ana Ruiz (Library media specialist)" in shown
    assert "Ana Ruiz, Library media specialist" not in shown


def test_unknown_owner_is_a_usage_error_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        UserError,
        match=r"^no step in these plans is owned by 'Priya Rman'; "
        r"did you mean 'Priya Raman'\?$",
    ):
        run_status([str(DEMO)], owner="Priya Rman", as_of="2026-03-01")


def test_a_roster_name_without_steps_gets_an_empty_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "reading.plan.yaml"
    path.write_text(plan(step("Order books", due="2013-06", owners="Ana Ruiz")), encoding="utf-8")
    data = status_json([str(path)], owner="dee park", as_of="2013-07-01")
    assert data["owner"] == "Dee Park"
    assert data["steps"] == []
    assert data["plans"][0]["steps"] == 0
    text = run_status([str(path)], "text", owner="dee park", as_of="2013-07-01")
    assert "Dee Park owns no steps in these plans." in text


# --------------------------------------------------------------------------
# The command and its formats


def test_json_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = status_json([str(DEMO)], as_of="2026-03-01")
    assert data["version"] == 1
    assert data["as_of"] == "2026-03-01"
    assert data["window"] == 30
    assert data["due_soon_until"] == "2026-03-31"
    assert data["staleness"] is None
    assert len(data["plans"]) == 1
    summary = data["plans"][0]
    assert summary["title"] == "Professional Learning Plan 2024-2027"
    assert (summary["steps"], summary["percent"], summary["overdue"]) == (17, 44, 2)
    assert summary["cost"]["total"] == 400100
    assert summary["cost"]["by_funding"][0] == {
        "funding": "Title II",
        "amount": 312000,
        "items": 1,
    }
    steps = data["steps"]
    assert len(steps) == 17
    needed = {"id", "action", "due", "status", "owners", "overdue", "where", "plan", "due_date"}
    assert all(needed <= set(item) for item in steps)
    track = next(s for s in steps if s["action"].startswith("Track coaching cycles"))
    assert track["overdue"] is True
    assert track["due"] == "2025-12"
    assert track["due_date"] == "2025-12-31"
    assert track["status"] == "blocked"
    assert track["owners"] == ["Priya Raman", "Daniel Kim"]
    assert track["where"].startswith("Goal G2 › Objective G2.O1 › Action step 3 ")
    assert track["plan"].endswith("district-pl-plan.plan.yaml")
    rubric = next(s for s in steps if s["action"].startswith("PLC teams complete"))
    assert rubric["due_date"] == "2027-04-30"
    rollup = data["rollup"][0]
    assert rollup["percent"] == 44
    assert [g["id"] for g in rollup["goals"]] == ["G1", "G2", "G3"]
    assert [o["id"] for o in rollup["goals"][1]["objectives"]] == ["G2.O1", "G2.O2"]
    assert rollup["goals"][1]["objectives"][0]["counts"]["dropped"] == 1
    assert rollup["goals"][1]["completion"] == pytest.approx(2 / 6, abs=1e-4)
    assert {m["state"] for m in summary["measures"]} <= {"met", "on track", "behind", "unknown"}


def test_markdown_is_a_board_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = run_status([str(DEMO), str(BOSTON)], "md", as_of="2026-03-01")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [
        (tokens[i].tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings[0] == ("h1", "Progress as of 2026-03-01")
    assert ("h2", "Professional Learning Plan 2024-2027") in headings
    assert ("h2", "Teacher Leader Team Work Plan") in headings
    assert ("h3", "Overdue (2)") in headings
    assert ("h3", "Completion") in headings
    assert ("h3", "Costs") in headings
    assert sum(1 for token in tokens if token.type == "table_open") >= 5
    cells = [t.content for t in tokens if t.type == "inline"]
    where = "Goal G2 › Objective G2.O1 › Action step 3 'Track coaching"
    assert any(cell.startswith(where) for cell in cells)


def test_markdown_escapes_plan_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "pipes.plan.yaml"
    path.write_text(plan(step("Buy A | B *now*", due="2013-06", owners="Ana Ruiz")), "utf-8")
    text = run_status([str(path)], "md", as_of="2013-07-01")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<td>Goal G1 › Action step 1 'Buy A | B *now*'</td>" in html.replace("&#x27;", "'")
    assert "<em>" not in html


def test_text_without_colour_has_no_escapes_and_shows_the_as_of_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    text = run_status([str(DEMO)], "text", as_of="2026-03-01", color=True)
    assert not ANSI.search(text)
    assert text.startswith("Progress as of 2026-03-01\n")
    assert "Overdue (2)" in text
    assert "Blocked (1)" in text
    assert "17 steps: 2 not started, 6 in progress, 7 done, 1 blocked, 1 dropped" in text
    assert "44% complete" in text
    assert "Title II" in text and "$312,000" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_text_in_colour_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert ANSI.search(run_status([str(DEMO)], "text", as_of="2026-03-01", color=True))
    assert not ANSI.search(run_status([str(DEMO)], "text", as_of="2026-03-01", color=False))


def test_text_shows_plan_text_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "odd.plan.yaml"
    action = "Buy [bold]books[/bold] \x1b[31mnow"
    path.write_text(plan(step(action, due="2013-06", owners="Ana Ruiz")), encoding="utf-8")
    text = run_status([str(path)], "text", as_of="2013-07-01")
    assert "[bold]books[/bold]" in text
    assert "\x1b" not in text


def test_bad_as_of_dates() -> None:
    expected = r"^'next tuesday' is not a date: write 2025-01-15 or January 2025$"
    with pytest.raises(UserError, match=expected):
        run_status([str(DEMO)], as_of="next tuesday")
    with pytest.raises(UserError, match=r"^'monthly' is not a date"):
        run_status([str(DEMO)], as_of="monthly")
    assert parse_as_of("January 15, 2025") == date(2025, 1, 15)
    assert parse_as_of(" 2025-01-15 ") == date(2025, 1, 15)


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2027-03-01", date(2027, 3, 1)),
        ("03/01/2027", date(2027, 3, 1)),
        ("March 1, 2027", date(2027, 3, 1)),
        # A month, season or school year is its last day, as a due date is.
        ("March 2027", date(2027, 3, 31)),
        ("2027-03", date(2027, 3, 31)),
        ("Fall 2026", date(2026, 11, 30)),
        ("2025-26", date(2026, 6, 30)),
    ],
)
def test_as_of_takes_every_form_plans_write_dates_in(written: str, day: date) -> None:
    assert parse_as_of(written) == day
    assert run_status([str(DEMO)], "json", as_of=written) == run_status(
        [str(DEMO)], "json", as_of=day.isoformat()
    )


def test_the_as_of_date_comes_from_planctl_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "planctl.toml").write_text('as_of = "2026-03-01"\n', encoding="utf-8")
    (tmp_path / "pl.plan.yaml").write_bytes(DEMO.read_bytes())
    monkeypatch.chdir(tmp_path)
    data = status_json([])
    assert data["as_of"] == "2026-03-01"
    assert data["plans"][0]["overdue"] == 2
    assert status_json([], as_of="2025-01-15")["as_of"] == "2025-01-15"
    (tmp_path / "planctl.toml").write_text("as_of = 2026-03-01\n", encoding="utf-8")
    assert status_json([])["as_of"] == "2026-03-01"
    (tmp_path / "planctl.toml").write_text('as_of = "soon"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"'soon' \(as_of in planctl.toml\) is not a date"):
        status_json([])


def test_today_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = collect([str(DEMO)], as_of=None, owner=None)
    assert report.as_of == date.today()
    assert f"as of {date.today().isoformat()}" in run_status([str(DEMO)], "text")


def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError, match=r"no such file or folder: missing\.plan\.yaml"):
        run_status(["missing.plan.yaml"])
    with pytest.raises(UserError, match=r"no \*\.plan\.yaml or \*\.plan\.yml files in "):
        run_status([str(tmp_path)])
    with pytest.raises(UserError, match="unknown format 'html'"):
        run_status([str(DEMO)], "html")
    with pytest.raises(UserError, match="--window -1"):
        run_status([str(DEMO)], window=-1)


def test_files_that_are_not_plans_are_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.plan.yaml").write_text("goals: [unclosed\n", encoding="utf-8")
    (tmp_path / "good.plan.yaml").write_text(plan(step("Order books", due="2013-06")), "utf-8")
    data = status_json([str(tmp_path)], as_of="2013-07-01")
    assert [p["title"] for p in data["plans"]] == ["Reading plan"]
    assert data["skipped"][0]["path"].endswith("broken.plan.yaml")
    text = run_status([str(tmp_path)], "text", as_of="2013-07-01")
    assert "broken.plan.yaml was not read" in text


def test_plans_without_dates_do_not_crash_any_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    examples = sorted((REPO / "examples").glob("*.plan.yaml"))
    for fmt in ("text", "md", "json"):
        assert run_status([str(path) for path in examples], fmt, as_of="2025-01-15")
    data = status_json([str(REPO / "examples" / "clayton-pd-goals-2024.plan.yaml")])
    assert data["steps"] and all(s["due_date"] is None for s in data["steps"])
    assert all(s["no_date"] and not s["overdue"] for s in data["steps"])


# --------------------------------------------------------------------------
# Staleness


UPDATE = {"date": "2025-02-01", "note": "Two schools trained"}


def stale_plan(*, title: str = "Reading plan", s2_updates: list[Any] | None = None) -> str:
    return plan(
        step("Train staff", id="S1", due="2025-12", owners="Ana Ruiz", status="in-progress"),
        step(
            "Run family nights",
            due="2025-12",
            owners="Ben Cole",
            status="in-progress",
            updates=s2_updates or [],
        ),
        step("Order books", id="S3", due="2025-12", owners="Ana Ruiz", status="not-started"),
        header="period: {start: 2024-07, end: 2026-06}",
    ).replace("title: Reading plan", f"title: {title}")


@pytest.fixture
def stale_repo(git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both steps in progress on 2025-01-01; S2 updated on 2025-02-01; a rename on 2025-03-01."""
    root = tmp_path / "plans-repo"
    root.mkdir()
    git(root, "init", "-q")
    path = root / "reading.plan.yaml"
    path.write_text(stale_plan(), encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Adopted", when="2025-01-01")
    path.write_text(stale_plan(s2_updates=[UPDATE]), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Update", when="2025-02-01")
    (root / "plans").mkdir()
    git(root, "mv", "reading.plan.yaml", "plans/reading.plan.yaml")
    git(root, "commit", "-q", "-m", "Move", when="2025-03-01")
    moved = root / "plans" / "reading.plan.yaml"
    moved.write_text(stale_plan(title="Reading plan 2025", s2_updates=[UPDATE]), "utf-8")
    git(root, "commit", "-q", "-am", "Retitle", when="2025-03-05")
    monkeypatch.chdir(root)
    return moved


def stale_steps(paths: list[str], stale_days: int, on: str) -> dict[str, tuple[Any, Any]]:
    data = status_json(paths, as_of=on, stale_days=stale_days)
    return {s["action"]: (s["last_change"], s["stale"]) for s in data["steps"]}


@needs_git
def test_stale_steps_from_git_history(stale_repo: Path) -> None:
    found = stale_steps(["plans"], 30, "2025-03-10")
    assert found == {
        "Train staff": ("2025-01-01", True),
        "Run family nights": ("2025-02-01", True),
        "Order books": (None, False),  # not in progress: never stale
    }
    found = stale_steps(["plans"], 40, "2025-03-10")
    assert found["Train staff"] == ("2025-01-01", True)
    assert found["Run family nights"] == ("2025-02-01", False)
    # Exactly N days without a change is stale.
    assert stale_steps(["plans"], 37, "2025-03-10")["Run family nights"][1] is True
    assert stale_steps(["plans"], 38, "2025-03-10")["Run family nights"][1] is False


@needs_git
def test_stale_steps_in_every_format(stale_repo: Path) -> None:
    text = run_status(["plans"], "text", as_of="2025-03-10", stale_days=30)
    assert "Stale (2)" in text
    assert "staleness needs git" not in text.lower()
    md = run_status(["plans"], "md", as_of="2025-03-10", stale_days=30)
    assert "### Stale (2)" in md
    data = status_json(["plans"], as_of="2025-03-10", stale_days=30)
    assert data["staleness"] == {"computed": True, "needs_git": []}
    assert data["plans"][0]["stale"] == 2


@needs_git
def test_a_change_in_the_working_tree_is_not_stale(stale_repo: Path) -> None:
    text = stale_repo.read_text(encoding="utf-8")
    note = '        updates: [{"date": "2025-03-09", "note": "Half the staff trained"}]\n'
    marker = '        id: "S1"\n'
    assert marker in text
    stale_repo.write_text(text.replace(marker, marker + note), encoding="utf-8")
    found = stale_steps(["plans"], 30, "2025-03-10")
    assert found["Train staff"] == ("2025-03-10", False)
    assert found["Run family nights"] == ("2025-02-01", True)


@needs_git
def test_history_follows_renames_and_is_bounded(stale_repo: Path) -> None:
    found = history(stale_repo)
    assert found is not None
    _, commits = found
    assert [c.path for c in commits] == [
        "plans/reading.plan.yaml",
        "plans/reading.plan.yaml",
        "reading.plan.yaml",
        "reading.plan.yaml",
    ]
    assert [c.when.date().isoformat() for c in commits] == [
        "2025-03-05",
        "2025-03-01",
        "2025-02-01",
        "2025-01-01",
    ]
    limited = history(stale_repo, limit=2)
    assert limited is not None and len(limited[1]) == 2
    assert MAX_COMMITS == 200


@needs_git
def test_an_uncommitted_plan_has_no_staleness(
    git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "new.plan.yaml").write_text(stale_plan(), encoding="utf-8")
    monkeypatch.chdir(root)
    data = status_json(["new.plan.yaml"], as_of="2025-03-10", stale_days=30)
    assert data["staleness"]["computed"] is False
    assert not any(s["stale"] for s in data["steps"])


def test_staleness_needs_git(
    git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "no-repo"
    folder.mkdir()
    (folder / "reading.plan.yaml").write_text(stale_plan(), encoding="utf-8")
    monkeypatch.chdir(folder)
    text = run_status(["."], "text", as_of="2025-03-10", stale_days=30)
    assert text.lower().count("staleness needs git") == 1
    assert "staleness needs git" not in run_status(["."], "text", as_of="2025-03-10").lower()
    data = status_json(["."], as_of="2025-03-10", stale_days=30)
    assert data["staleness"] == {"computed": False, "needs_git": ["reading.plan.yaml"]}
    assert data["plans"][0]["stale"] is None


def test_report_objects_are_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = collect([str(DEMO)], as_of="2026-03-01", owner=None)
    assert isinstance(report, StatusReport)
    assert isinstance(report.plans[0], PlanProgress)
    assert report.plans[0].title == "Professional Learning Plan 2024-2027"
    assert sum(1 for _ in report.steps()) == 17


# due, as-of date, the due date counted, overdue: a yearly date's next occurrence is what is due
YEARLY_DUE: list[tuple[str, str, date, bool]] = [
    ("By March 30 of each year", "2013-01-15", date(2013, 3, 30), False),
    ("By March 30 of each year", "2013-03-30", date(2013, 3, 30), False),
    ("By March 30 of each year", "2013-03-31", date(2014, 3, 30), False),
    ("By March 30 of each year", "2014-04-01", date(2014, 3, 30), True),
    ("By November of each year", "2012-12-01", date(2013, 11, 30), False),
    ("Annually in May", "2012-07-01", date(2013, 5, 31), False),
    ("Each fall", "2013-12-01", date(2013, 11, 30), True),
    ("Each fall", "2012-10-01", date(2012, 11, 30), False),
    ("Each fall, each spring", "2012-12-01", date(2013, 5, 31), False),
    ("Each fall, each spring", "2013-06-01", date(2013, 11, 30), False),
]


@pytest.mark.parametrize(("due", "as_of", "due_date", "overdue"), YEARLY_DUE)
def test_a_yearly_date_is_due_on_its_next_occurrence(
    due: str, as_of: str, due_date: date, overdue: bool
) -> None:
    found = one(step("Report to the board", due=due), as_of)
    assert (found.due, found.due_date, found.overdue) == (due, due_date, overdue)


def test_a_yearly_milestone_is_due_on_its_next_occurrence() -> None:
    found = one(step("Survey families", dates=["Each spring"]), "2013-06-15")
    assert found.due_date == date(2014, 5, 31) and not found.overdue


def test_a_school_year_period_is_shown_in_months() -> None:
    text = plan(
        step("Report", due="By March 30 of each year"),
        header="period: {start: SY 2012-13, end: 2013 – 2014 School Year}",
    )
    progress = plan_progress(build(text), as_of=date(2013, 4, 1))
    assert progress.period == "July 2012 – June 2014"
    assert progress.steps[0].due_date == date(2014, 3, 30)


@pytest.mark.parametrize(
    "fields",
    [
        {"due": "2012"},
        {"due": "October 2003-2012"},
        {"dates": ["2013", "2014"]},
        {"due": "By 2013"},
    ],
)
def test_a_year_without_a_month_is_no_due_date(fields: dict[str, Any]) -> None:
    found = one(step("Hire coaches", **fields), "2030-01-01")
    assert found.no_date and not found.overdue
