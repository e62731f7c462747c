"""Goals and objectives have SMART measures.

A goal is measurable and time-bound when its measure names a target number
and a date to reach it by: "By June 2023, 10% more students report that
school is safe and caring." Written as a mapping, a measure also states the
baseline, the unit and the direction; the target must move the right way
from the baseline (chronic absenteeism goes *down*), yearly targets must
move steadily, and every value must be a number in the measure's unit
(``75``, ``75%``, ``490:1``).

A step's measure may be plain evidence ("Roster", "Participant feedback
forms"): that is not a SMART problem. Structured step measures are still
checked for numbers and direction.

Fails:
    planctl: 1
    template: plan-on-a-page
    goals:
      - title: Implement new programs that make students feel safe and supported.
        measure: Increase the % of students who feel safe and supported by 15% by (year.)
        steps:
          - action: Conduct student focus groups
            due: 2023-01
            outcome: What students need and want
            measure: Focus group notes
            owners: Counseling Team

Passes:
    planctl: 1
    template: plan-on-a-page
    goals:
      - title: Implement new programs that make students feel safe and supported.
        measure:
          indicator: Students who report feeling safe and supported
          unit: "%"
          direction: increase
          baseline: {value: 62, as_of: 2022-05}
          target: {value: 77, by: 2023-06}
        steps:
          - action: Conduct student focus groups
            due: 2023-01
            outcome: What students need and want
            measure: Focus group notes
            owners: Counseling Team
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.model.plan import Baseline, Measure, Target
from planctl.problem import Severity
from planctl.rules._measures import MeasureAt
from planctl.rules.base import Finding, RuleContext

ID = "smart-measure"
NAME = "SMART measures"
SUMMARY = "Goal and objective measures have a numeric target, a date, and move in their direction."
SEVERITY = Severity.WARNING

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NUMBER = re.compile(r"\d")
_VALUE = re.compile(r"^\s*[$€£]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(%|percent)?\s*(?::\s*1)?\s*$", re.I)


def number(value: float | int | str) -> float | None:
    """A measure value as a number: ``75``, ``"75%"``, ``"490:1"``, ``"$1,200"``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = _VALUE.match(value)
    if match is None:
        return None
    return float(match.group(1).replace(",", ""))


def check(context: RuleContext) -> Iterator[Finding]:
    """Report measures that are not measurable or not time-bound."""
    for found in context.measures:
        smart = not found.node.is_step
        if isinstance(found.measure, str):
            if smart:
                yield from _text(found, found.measure, context)
            continue
        yield from _structured(found, found.measure, smart, context)


def _example(context: RuleContext, shape: str) -> str:
    """A target date in the plan's own period, written as ``shape`` (``June 2025``)."""
    return (
        f"{context.dates.example((context.template.school_year_start - 2) % 12 + 1, 2026):{shape}}"
    )


def _text(found: MeasureAt, text: str, context: RuleContext) -> Iterator[Finding]:
    without_years = _YEAR.sub("", text)
    missing = []
    if not _NUMBER.search(without_years):
        missing.append("target number")
    if not _YEAR.search(text):
        missing.append("date to reach it by")
    if missing:
        yield Finding(
            path=found.path,
            message=f"the {found.node.level.label.lower()}'s measure has no "
            + " and no ".join(missing),
            hint=(
                "state the number and the date, for example 'At least 85% of schools have a full "
                f"team by {_example(context, '%B %Y')}', or write the measure as {{indicator, "
                "unit, baseline, target: {value, by}}"
            ),
            node=found.node,
        )


def _structured(
    found: MeasureAt, measure: Measure, smart: bool, context: RuleContext
) -> Iterator[Finding]:
    node, path = found.node, found.path
    targets: list[tuple[tuple[str | int, ...], Target | float | int | str]] = []
    if measure.target is not None:
        targets.append(((*path, "target"), measure.target))
    targets.extend(((*path, "targets", i), t) for i, t in enumerate(measure.targets))
    if smart and not targets:
        yield Finding(
            path=path,
            message=f"the {node.level.label.lower()}'s measure has no target",
            hint=f"add 'target: {{value: 85, by: {_example(context, '%Y-%m')}}}' or yearly "
            "'targets:'",
            node=node,
        )
        return
    values: list[tuple[tuple[str | int, ...], float]] = []
    for target_path, target in targets:
        raw = target.value if isinstance(target, Target) else target
        value = number(raw)
        if value is None:
            value_path = (*target_path, "value") if isinstance(target, Target) else target_path
            yield _not_a_number(found, value_path, raw, measure.unit)
            continue
        values.append((target_path, value))
        if smart and not (isinstance(target, Target) and target.by):
            yield Finding(
                path=target_path,
                message="the target has no date to reach it by",
                hint=f"write the target as '{{value: {raw}, by: {_example(context, '%Y-%m')}}}'",
                node=node,
            )
    baseline_raw = (
        measure.baseline.value if isinstance(measure.baseline, Baseline) else measure.baseline
    )
    baseline = None
    if baseline_raw is not None:
        baseline = number(baseline_raw)
        if baseline is None:
            yield _not_a_number(found, (*path, "baseline"), baseline_raw, measure.unit)
    for index, actual in enumerate(measure.actuals):
        if number(actual.value) is None:
            yield _not_a_number(
                found, (*path, "actuals", index, "value"), actual.value, measure.unit
            )
    yield from _direction(found, measure, baseline, values)


def _not_a_number(
    found: MeasureAt, path: tuple[str | int, ...], raw: object, unit: str | None
) -> Finding:
    example = "75%" if unit == "%" else ("490:1" if unit and ":" in unit else "75")
    return Finding(
        path=path,
        message=f"'{raw}' is not a number" + (f" in the unit '{unit}'" if unit else ""),
        hint=f"write the value as a number, such as {example}",
        node=found.node,
    )


def _direction(
    found: MeasureAt,
    measure: Measure,
    baseline: float | None,
    values: list[tuple[tuple[str | int, ...], float]],
) -> Iterator[Finding]:
    direction = measure.direction
    if direction not in ("increase", "decrease"):
        return
    previous, what = baseline, "baseline"
    for target_path, value in values:
        if previous is not None:
            wrong = value <= previous if direction == "increase" else value >= previous
            if wrong:
                verb = "rise above" if direction == "increase" else "fall below"
                yield Finding(
                    path=target_path,
                    message=(
                        f"the measure should {direction}, but the target {value:g} does not "
                        f"{verb} the {what} ({previous:g})"
                    ),
                    hint=f"check the target, or set 'direction: "
                    f"{'decrease' if direction == 'increase' else 'increase'}' if that is meant",
                    node=found.node,
                )
        previous, what = value, "target before it"
