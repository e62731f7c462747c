"""Words the text and Markdown reports share: counts, completion, measure values, notes."""

from __future__ import annotations

import re
from datetime import timedelta

from planctl.progress.status.plan import PlanProgress, StatusReport
from planctl.progress.status.steps import NOT_RECORDED
from planctl.progress.status.totals import Rollup
from planctl.standing import MeasureProgress
from planctl.vocabulary.status import STATUS_LABELS

_BARE_FIGURE = re.compile(r"[-+]?[\d,]*\.?\d+")


def counts_text(rollup: Rollup) -> str:
    """``17 steps: 6 done, 7 in progress, 1 blocked`` (statuses with no step left out)."""
    total = rollup.steps
    parts = [
        f"{count} {STATUS_LABELS.get(key, 'not recorded').lower()}"
        for key, count in rollup.counts.items()
        if count and key != NOT_RECORDED
    ]
    if rollup.counts.get(NOT_RECORDED):
        parts.append(f"{rollup.counts[NOT_RECORDED]} with no status")
    head = f"{total} step" + ("" if total == 1 else "s")
    return f"{head}: {', '.join(parts)}" if parts else head


def attention_counts(plan: PlanProgress, report: StatusReport) -> list[str]:
    """``["2 overdue", "1 due soon", "0 blocked", "3 recently done"]``, and stale or
    undated steps when there are any to tell about."""
    line = [
        f"{len(plan.overdue())} overdue",
        f"{len(plan.due_soon())} due soon",
        f"{len(plan.blocked())} blocked",
        f"{len(plan.recently_done())} recently done",
    ]
    if report.staleness_computed:
        line.append(f"{len(plan.stale())} stale")
    undated = plan.no_date()
    if undated:
        line.append(f"{len(undated)} with no date")
    return line


COUNTED = ("done", "in-progress", "blocked", "dropped")
"""The statuses the completion tables count, in their order."""
COMPLETION_HEADINGS = ("", "Steps", *(STATUS_LABELS[key] for key in COUNTED), "Overdue", "Done %")
"""The headings of the completion tables: name, steps, each counted status, overdue, done %."""


def completion_counts(rollup: Rollup) -> list[int]:
    """The steps of each counted status, in the order of :data:`COUNTED`."""
    return [rollup.counts[key] for key in COUNTED]


def completion_text(rollup: Rollup) -> str:
    """``43%``, or ``no statuses`` for a part of a plan that records none."""
    percent = rollup.percent
    if percent is not None:
        return f"{percent}%"
    return "no steps" if not rollup.steps else "no statuses"


def value_text(value: float | None, text: str, unit: str) -> str:
    """A measure value as written, with its unit: ``52%``, ``60:1``, ``540``."""
    if not text and value is None:
        return ""
    shown = text or f"{value:g}"
    # A figure written bare gets its "%"; words ("+5 points (45%)") are shown as they are.
    if unit == "%" and _BARE_FIGURE.fullmatch(shown):
        return f"{shown}%"
    return shown


def measure_parts(measure: MeasureProgress) -> tuple[str, str, str]:
    """(baseline, target with its date, latest actual with its date) as display text."""
    baseline = value_text(measure.baseline, measure.baseline_text, measure.unit)
    target = value_text(measure.target, measure.target_text, measure.unit)
    if target and measure.target_by_text:
        target = f"{target} by {measure.target_by_text}"
    actual = value_text(measure.actual, measure.actual_text, measure.unit)
    if actual and measure.actual_as_of:
        actual = f"{actual} ({measure.actual_as_of})"
    return baseline, target, actual


def days_text(days: int) -> str:
    """``1 day``, ``12 days``."""
    return f"{days} day" + ("" if days == 1 else "s")


def heading_text(report: StatusReport) -> str:
    """``Progress as of 2025-01-15``, with the owner when there is one."""
    owner = f" for {report.owner.given}" if report.owner is not None else ""
    return f"Progress{owner} as of {report.as_of.isoformat()}"


def notes(report: StatusReport) -> list[str]:
    """Lines about the report itself: the window, staleness, plans not read, empty owners."""
    lines = [
        f"Due soon: due from {report.as_of.isoformat()} to "
        f"{(report.as_of + timedelta(days=report.window)).isoformat()} ({report.window} days)."
    ]
    if report.stale_days is not None:
        if report.stale_unknown:
            lines.append(
                "Staleness needs git: not computed for "
                + ", ".join(report.stale_unknown)
                + " (not in a git repository, or never committed)."
            )
        else:
            lines.append(
                f"Stale: in progress with no change to status or updates in "
                f"{days_text(report.stale_days)}."
            )
    if report.owner is not None and not report.owner_has_steps:
        lines.append(f"{report.owner.given} owns no steps in these plans.")
    for path, reason in report.skipped:
        lines.append(f"{path} was not read: {reason}; 'planctl validate' shows why.")
    return lines
