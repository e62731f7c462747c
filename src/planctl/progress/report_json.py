"""The progress report as JSON, for scripts and dashboards.

::

    {"version": 1, "as_of": "2025-07-01", "window": 30, "due_soon_until": "2025-07-31",
     "owner": null, "stale_days": null, "staleness": null,
     "plans": [{"path", "title", "organization", "period", "status", "steps", "counts",
                "completion", "percent", "overdue", "due_soon", "blocked", "recently_done",
                "stale", "no_date",
                "cost": {"currency", "total", "dropped", "by_funding": [{"funding", "amount",
                                                                         "items"}]},
                "measures": [{"where", "of", "name", "unit", "direction", "baseline",
                              "baseline_date", "target", "target_by", "actual", "actual_date",
                              "expected", "state", "reason"}]}],
     "steps": [{"plan", "id", "action", "where", "trail", "due", "due_date", "start_date",
                "status", "status_word", "owners", "roles", "overdue", "due_soon", "blocked",
                "recently_done", "no_date", "days_overdue", "days_left", "completed", "cost",
                "funding", "last_update", "last_change", "stale",
                "tasks": {"done", "total", "percent"} | null}],
     "rollup": [{"plan", "title", "steps", "counts", "completion", "percent", "overdue",
                 "goals": [{"level", "label", "id", "title", "where", "steps", "counts",
                            "completion", "percent", "overdue", "objectives": [...]}]}],
     "skipped": [{"path", "reason"}]}

Dates are ISO (``2025-06-30``); ``due_date`` is the last day of the step's
timeline and ``null`` for a step with no date planctl can read. ``owners``
names each person or team as the roster does; ``roles`` gives the role each
carries for the step ("Language Arts teacher"), or an empty string.
``completion`` is a fraction (0 to 1) and ``percent`` a whole percentage,
both ``null`` where no step records a status. In ``rollup`` each node lists
the level below under that level's key (``objectives``, ``strategies``), as
the plan's template names it. ``staleness`` is ``null`` without
``--stale-days``, else ``{"computed": true|false, "needs_git": [paths]}``.
Fields may be added within version 1; none will be removed or change
meaning.

Text is UTF-8 as written; DEL, the C1 controls and bidirectional controls
are written as ``\\u`` escapes like the other controls
(:func:`planctl.escape.json_text`), so no raw control reaches a terminal
that shows the document.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any, TextIO

from planctl.escape import json_text
from planctl.progress.status import (
    MeasureProgress,
    PlanProgress,
    Rollup,
    StatusReport,
    StepProgress,
)

VERSION = 1


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def step_dict(step: StepProgress) -> dict[str, Any]:
    """One step as plain data."""
    update = step.last_update
    return {
        "plan": step.plan,
        "plan_title": step.plan_title,
        "id": step.id,
        "action": step.action,
        "where": step.where,
        "trail": step.trail,
        "due": step.due,
        "due_date": _iso(step.due_date),
        "precision": step.due_timeline.precision if step.due_timeline else None,
        "start_date": _iso(step.start_date),
        "status": step.status,
        "status_word": step.status_word,
        "owners": list(step.owners),
        "roles": list(step.roles),
        "overdue": step.overdue,
        "due_soon": step.due_soon,
        "blocked": step.blocked,
        "recently_done": step.recently_done,
        "no_date": step.no_date,
        "days_overdue": step.days_overdue,
        "days_left": step.days_left,
        "completed": _iso(step.completed),
        "cost": _number(step.cost),
        "funding": step.funding,
        "last_update": (
            {"date": update.date, "note": update.note, "status": update.status}
            if update is not None
            else None
        ),
        "last_change": _iso(step.last_change),
        "stale": step.stale,
        "tasks": (
            {"done": step.tasks_done, "total": step.tasks_total, "percent": step.tasks_percent}
            if step.tasks_total
            else None
        ),
    }


def measure_dict(measure: MeasureProgress) -> dict[str, Any]:
    """One measure's progress as plain data."""
    return {
        "where": measure.where,
        "of": measure.node.trail,
        "name": measure.name,
        "unit": measure.unit,
        "direction": measure.direction,
        "baseline": measure.baseline,
        "baseline_date": _iso(measure.baseline_date),
        "target": measure.target,
        "target_by": _iso(measure.target_by),
        "actual": measure.actual,
        "actual_date": _iso(measure.actual_date),
        "expected": round(measure.expected, 4) if measure.expected is not None else None,
        "state": measure.state,
        "reason": measure.reason,
    }


def _counts(item: Rollup) -> dict[str, Any]:
    return {
        "steps": item.steps,
        "counts": dict(item.counts),
        "completion": round(item.completion, 4) if item.completion is not None else None,
        "percent": item.percent,
        "overdue": item.overdue,
    }


def _node(item: Rollup) -> dict[str, Any]:
    node = item.node
    assert node is not None
    fields = node.fields
    result: dict[str, Any] = {
        "level": node.level.key,
        "label": node.label,
        "id": (fields.id if fields is not None else None) or "",
        "title": node.title,
        "where": node.where,
        **_counts(item),
    }
    for child in item.children:
        assert child.node is not None
        result.setdefault(child.node.level.key, []).append(_node(child))
    return result


def rollup_dict(plan: PlanProgress) -> dict[str, Any]:
    """A plan's completion, goal by goal, as plain data."""
    result: dict[str, Any] = {"plan": plan.path, "title": plan.title, **_counts(plan.rollup)}
    for level in plan.doc.template.child_levels(None):
        if level.key != "steps":
            result.setdefault(level.key, [])
    for child in plan.rollup.children:
        assert child.node is not None
        result.setdefault(child.node.level.key, []).append(_node(child))
    return result


def plan_dict(plan: PlanProgress, report: StatusReport) -> dict[str, Any]:
    """One plan's summary as plain data."""
    costs = plan.costs
    rollup = plan.rollup
    return {
        "path": plan.path,
        "title": plan.title,
        "organization": plan.organization,
        "period": plan.period,
        "status": plan.plan_status,
        **_counts(rollup),
        "overdue": len(plan.overdue()),
        "due_soon": len(plan.due_soon()),
        "blocked": len(plan.blocked()),
        "recently_done": len(plan.recently_done()),
        "stale": len(plan.stale()) if report.staleness_computed else None,
        "no_date": len(plan.no_date()),
        "cost": {
            "currency": costs.currency,
            "total": _number(costs.total),
            "dropped": _number(costs.dropped),
            "by_funding": [
                {"funding": line.funding, "amount": _number(line.amount), "items": line.items}
                for line in costs.by_funding
            ],
        },
        "measures": [measure_dict(measure) for measure in plan.measures],
    }


def document(report: StatusReport) -> dict[str, Any]:
    """The JSON document as plain data."""
    staleness = None
    if report.stale_days is not None:
        staleness = {"computed": report.staleness_computed, "needs_git": report.stale_unknown}
    return {
        "version": VERSION,
        "as_of": report.as_of.isoformat(),
        "window": report.window,
        "due_soon_until": (report.as_of + timedelta(days=report.window)).isoformat(),
        "owner": report.owner.given if report.owner is not None else None,
        "stale_days": report.stale_days,
        "staleness": staleness,
        "plans": [plan_dict(plan, report) for plan in report.plans],
        "steps": [step_dict(step) for step in report.steps()],
        "rollup": [rollup_dict(plan) for plan in report.plans],
        "skipped": [{"path": path, "reason": reason} for path, reason in report.skipped],
    }


def write(report: StatusReport, out: TextIO, *, color: bool = False) -> None:
    """Write the document indented by two, with a final newline (``color`` is for text only)."""
    out.write(json_text(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n")
