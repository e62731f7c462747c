"""Goals and objectives have SMART measures.

A goal is measurable and time-bound when its measure names a target number
and a date to reach it by: "By June 2023, 10% more students report that
school is safe and caring." Written as a mapping, a measure also states the
baseline, the unit and the direction; the target must move the right way
from the baseline (chronic absenteeism goes *down*), yearly targets must
move steadily, and every value must be a number in the measure's unit
(``75``, ``75%``, ``490:1``).

A target may be a change from the baseline, as plans often state it:
``target: {change: +20%, by: 2026-06}`` (20% of the baseline), ``+5 points``,
``a 10-point gain``, ``reduce by 15%``, ``cut the gap in half``. Its way must
agree with ``direction`` (a ``+20%`` target on a measure that should
decrease is reported). A baseline not measured yet (``TBD``, ``N/A``, ``not
yet measured``, ``set in 2016``) is accepted; give ``as_of`` the month it
is to be set.

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
from planctl.vocabulary.measures import number, read_change, read_pending, target_change

ID = "smart-measure"
NAME = "SMART measures"
SUMMARY = "Goal and objective measures have a numeric target, a date, and move in their direction."
SEVERITY = Severity.WARNING

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NUMBER = re.compile(r"\d")


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
    baseline_raw, baseline_as_of = (
        (measure.baseline.value, measure.baseline.as_of)
        if isinstance(measure.baseline, Baseline)
        else (measure.baseline, None)
    )
    baseline = None
    if baseline_raw is not None:
        baseline = number(baseline_raw)
        if baseline is None and read_pending(baseline_raw, baseline_as_of) is None:
            yield _not_a_number(found, (*path, "baseline"), baseline_raw, measure.unit, "baseline")
    values: list[tuple[tuple[str | int, ...], float]] = []
    for target_path, target in targets:
        checked = _target(found, measure, target_path, target, baseline)
        value: float | None = None
        for item in checked:
            if isinstance(item, Finding):
                yield item
            else:
                value = item
        if value is not None:
            values.append((target_path, value))
        if smart and not (isinstance(target, Target) and target.by):
            yield Finding(
                path=target_path,
                message="the target has no date to reach it by",
                hint=f"write the target as '{_dated(target, context)}'",
                node=node,
            )
    for index, actual in enumerate(measure.actuals):
        if number(actual.value) is None:
            yield _not_a_number(
                found, (*path, "actuals", index, "value"), actual.value, measure.unit, "actual"
            )
    yield from _direction(found, measure, baseline, values)


def _dated(target: Target | float | int | str, context: RuleContext) -> str:
    """The target with a date: ``{value: 85, by: 2026-06}``, ``{change: +5 points, by: ...}``."""
    by = _example(context, "%Y-%m")
    if isinstance(target, Target):
        if target.value is None and target.change is not None:
            return f"{{change: {target.change}, by: {by}}}"
        return f"{{value: {target.value}, by: {by}}}"
    if isinstance(target, str) and read_change(target) is not None:
        return f"{{change: {target}, by: {by}}}"
    return f"{{value: {target}, by: {by}}}"


def _target(
    found: MeasureAt,
    measure: Measure,
    path: tuple[str | int, ...],
    target: Target | float | int | str,
    baseline: float | None,
) -> Iterator[Finding | float]:
    """Findings about one target, then its figure when it has one (its value, or its change
    applied to the baseline)."""
    node = found.node
    detailed = isinstance(target, Target)
    raw = target.value if isinstance(target, Target) else target
    written = target.change if isinstance(target, Target) else None
    value_path = (*path, "value") if detailed else path
    change_path = (*path, "change") if written is not None else value_path
    if raw is None and written is None:
        yield Finding(
            path=path,
            message="the target has neither a value nor a change",
            hint="write 'value: 85' (the figure to reach) or 'change: +5 points' (from the "
            "baseline)",
            node=node,
        )
        return
    value = number(raw) if raw is not None else None
    change = target_change(target)
    if value is None and change is None:
        if written is not None:
            yield Finding(
                path=change_path,
                message=f"'{written}' is not a change planctl can read",
                hint="write the change as '+5 points' (in the measure's unit), '+20%' (of the "
                "baseline) or '-3'",
                node=node,
            )
        else:
            yield _not_a_number(found, value_path, raw, measure.unit, "target")
        return
    direction = measure.direction
    if change is not None:
        if change.direction is None and direction not in ("increase", "decrease"):
            yield Finding(
                path=change_path,
                message=f"the change '{change.text}' does not say which way the measure goes",
                hint=f"write '{_signed(written, change.text, '+')}' or "
                f"'{_signed(written, change.text, '-')}', or set 'direction: increase' or "
                "'direction: decrease'",
                node=node,
            )
            return
        if (
            change.direction is not None
            and direction in ("increase", "decrease")
            and change.direction != direction
        ):
            yield Finding(
                path=change_path,
                message=f"the measure should {direction}, but the target '{change.text}' is "
                f"a{'n' if change.direction == 'increase' else ''} {change.direction}",
                hint="check the target's sign, or set 'direction: "
                f"{change.direction}' if that is meant",
                node=node,
            )
            return
        if baseline is not None:
            reached = change.apply(baseline, direction)
            if value is not None and reached is not None and abs(reached - value) > 0.5:
                yield Finding(
                    path=value_path,
                    message=f"the target's value {value:g} and its change '{change.text}' from the "
                    f"baseline ({baseline:g} → {reached:g}) disagree",
                    hint="correct one of them, or keep only the change",
                    node=node,
                )
            if value is None:
                value = reached
    if value is not None:
        yield value


def _signed(written: object, text: str, sign: str) -> str:
    """A change with its sign, quoted when it is a number (YAML reads ``+3`` as ``3``)."""
    if isinstance(written, (int, float)):
        return f'change: "{sign}{text}"'
    return f"{sign}{text}"


def _not_a_number(
    found: MeasureAt, path: tuple[str | int, ...], raw: object, unit: str | None, what: str
) -> Finding:
    example = "75%" if unit == "%" else ("490:1" if unit and ":" in unit else "75")
    more = {
        "target": ", or a change from the baseline such as '+5 points' or '+20%'",
        "baseline": ", or 'TBD' with 'as_of:' the month it will be measured",
    }.get(what, "")
    return Finding(
        path=path,
        message=f"'{raw}' is not a number" + (f" in the unit '{unit}'" if unit else ""),
        hint=f"write the value as a number, such as {example}{more}",
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
