"""Measures judged on a day (:func:`measure_progress`): met, on track, behind, unknown.

`planctl status` lists them; packets show each measure's standing as of their date.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from planctl.model.build import Node, PlanDoc
from planctl.model.plan import Baseline, Measure, Target, all_measures
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.measures import (
    baseline_text,
    measure_text,
    number,
    read_pending,
    target_change,
    target_number,
    target_text,
    with_unit,
)

MeasureState = Literal["met", "on track", "behind", "unknown"]


@dataclass(frozen=True)
class MeasureProgress:
    """A measure's latest actual against the target due by the as-of date."""

    plan: str
    node: Node
    name: str
    unit: str
    direction: str
    """``increase`` or ``decrease``: as written, or as the baseline and target imply."""
    baseline: float | None
    baseline_text: str
    baseline_date: date | None
    target: float | None
    target_text: str
    target_by: date | None
    target_by_text: str
    actual: float | None
    actual_text: str
    actual_date: date | None
    actual_as_of: str
    expected: float | None
    """The value expected on the actual's date if progress were proportional to time."""
    state: MeasureState
    reason: str

    @property
    def where(self) -> str:
        """Where the measure's goal, objective or step is."""
        return self.node.where


def measures_with_actuals(doc: PlanDoc) -> Iterator[tuple[Node, Measure]]:
    """Every structured measure of the plan that records an actual, with its node."""
    for node in doc.nodes():
        fields = node.fields
        if fields is None:
            continue
        for item in all_measures(fields):
            if isinstance(item, Measure) and item.actuals:
                yield node, item


def _text(value: float | int | str) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _targets(measure: Measure) -> list[Target]:
    targets: list[Target] = []
    if measure.target is not None:
        target = measure.target
        targets.append(target if isinstance(target, Target) else Target(value=target))
    targets.extend(measure.targets)
    return targets


def _pick_target(
    targets: list[Target], dates: PlanDates, as_of: date
) -> tuple[Target | None, date | None]:
    """The latest target due on or before ``as_of``, else the first one."""
    dated = [(target, dates.day(target.by)) for target in targets]
    passed = [(target, by) for target, by in dated if by is not None and by <= as_of]
    if passed:
        return max(passed, key=lambda item: item[1])
    if not dated:
        return None, None
    pending = [(target, by) for target, by in dated if by is not None]
    if pending:
        return min(pending, key=lambda item: item[1])
    return dated[0]


def measure_progress(
    doc: PlanDoc, node: Node, measure: Measure, as_of: date, dates: PlanDates | None = None
) -> MeasureProgress:
    """Judge ``measure`` on ``as_of`` (the rules: :mod:`planctl.progress.status`)."""
    dates = dates or PlanDates(doc)
    baseline_raw = (
        measure.baseline.value if isinstance(measure.baseline, Baseline) else measure.baseline
    )
    baseline_date = (
        dates.day(measure.baseline.as_of) if isinstance(measure.baseline, Baseline) else None
    )
    baseline = number(baseline_raw) if baseline_raw is not None else None
    target, target_by = _pick_target(_targets(measure), dates, as_of)
    # A change ("+5 points") is judged as the figure it reaches from the baseline.
    target_value = target_number(measure, target) if target is not None else None
    measured = []
    for index, actual in enumerate(measure.actuals):
        timeline = dates.read(actual.as_of)
        if timeline is not None and timeline.start <= as_of:
            measured.append((min(timeline.end, as_of), index, actual))
    latest = max(measured, key=lambda item: (item[0], item[1])) if measured else None
    direction = _direction(measure, baseline, target_value)
    actual_value = number(latest[2].value) if latest is not None else None
    expected: float | None = None
    state: MeasureState
    if target is None:
        state, reason = "unknown", "the measure has no target"
    elif latest is None:
        state, reason = "unknown", f"nothing measured by {as_of.isoformat()}"
    elif target_value is None and target_change(target) is not None:
        state, reason = "unknown", _change_reason(measure, target)
    elif actual_value is None or target_value is None:
        state, reason = "unknown", "the actual or the target is not a number"
    elif _reached(actual_value, target_value, direction):
        state, reason = "met", "reached the target"
    elif target_by is not None and target_by < as_of:
        state, reason = "behind", f"the target was due by {target_by.isoformat()}"
    elif target_by is None:
        state, reason = "unknown", "the target has no date"
    elif baseline is None or baseline_date is None:
        state, reason = "unknown", "no dated baseline to measure progress from"
    else:
        span = (target_by - baseline_date).days
        elapsed = (latest[0] - baseline_date).days
        fraction = 1.0 if span <= 0 else min(1.0, max(0.0, elapsed / span))
        expected = baseline + (target_value - baseline) * fraction
        state = "on track" if _reached(actual_value, expected, direction) else "behind"
        shown = with_unit(_rounded(expected), measure.unit)
        reason = f"expected {shown} by {latest[0].isoformat()}"
    return MeasureProgress(
        plan=doc.path,
        node=node,
        name=measure.indicator or measure.description or measure.source or measure_text(measure),
        unit=measure.unit or "",
        direction=direction,
        baseline=baseline,
        baseline_text=_baseline_text(measure, baseline_raw),
        baseline_date=baseline_date,
        target=target_value,
        target_text=_target_text(measure, target),
        target_by=target_by,
        target_by_text=(target.by or "") if target is not None else "",
        actual=actual_value,
        actual_text=_text(latest[2].value) if latest is not None else "",
        actual_date=latest[0] if latest is not None else None,
        actual_as_of=latest[2].as_of if latest is not None else "",
        expected=expected,
        state=state,
        reason=reason,
    )


def _baseline_text(measure: Measure, raw: float | int | str | None) -> str:
    """The baseline as written (``52``), or ``not yet measured (to be set 2025-10)``."""
    if raw is None:
        return ""
    as_of = measure.baseline.as_of if isinstance(measure.baseline, Baseline) else None
    return baseline_text(measure) if read_pending(raw, as_of) is not None else _text(raw)


def _target_text(measure: Measure, target: Target | None) -> str:
    """The target as written (``70``), or its change and figure: ``+5 points (45%)``."""
    if target is None:
        return ""
    if target_change(target) is not None:
        return target_text(measure, target)
    return _text(target.value) if target.value is not None else ""


def _change_reason(measure: Measure, target: Target) -> str:
    """Why a target written as a change has no figure: no baseline to start from, or no way."""
    raw = measure.baseline.value if isinstance(measure.baseline, Baseline) else measure.baseline
    as_of = measure.baseline.as_of if isinstance(measure.baseline, Baseline) else None
    if raw is None:
        return "the target is a change and the measure has no baseline"
    if read_pending(raw, as_of) is not None:
        return "the target is a change and the baseline is not yet measured"
    if number(raw) is None:
        return "the target is a change and the baseline is not a number"
    return "the target's change does not say which way; set the measure's direction"


def _rounded(value: float) -> float | int:
    """``value`` to a tenth, as measures are written (``65.4``), whole when it is (``70``)."""
    tenth = round(value, 1)
    return int(tenth) if tenth.is_integer() else tenth


def _direction(measure: Measure, baseline: float | None, target: float | None) -> str:
    if measure.direction in ("increase", "decrease"):
        return measure.direction
    if baseline is not None and target is not None and target < baseline:
        return "decrease"
    return "increase"


def _reached(value: float, goal: float, direction: str) -> bool:
    if math.isclose(value, goal, rel_tol=1e-9, abs_tol=1e-9):
        return True
    return value >= goal if direction == "increase" else value <= goal
