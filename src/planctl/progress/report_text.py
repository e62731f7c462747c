"""The progress report for people at a terminal: a summary, then tables, plan by plan.

::

    Progress as of 2025-07-01
    Due soon: due from 2025-07-01 to 2025-07-31 (30 days).

    Professional Learning Plan 2024-2027
    examples/district-pl-plan.plan.yaml · Riverbend Unified School District · July 2024 – June 2027
    17 steps: 5 done, 8 in progress, 1 blocked, 1 dropped, 2 not started · 31% complete
    1 overdue · 0 due soon · 1 blocked · 2 recently done

      Overdue
      Due          Late     Step                                               Owners       Status
      2025-05-31   31 days  Goal G2 › Objective G2.O1 › Action step 3 'Track…'  Priya Raman  Blocked
      ...

Tables are drawn by rich; colours only when the caller asks (never with
``NO_COLOR`` set). Plan text is printed as text: rich markup in it is not
read, and control and bidirectional characters are shown as escapes
(:func:`planctl.escape.visible`).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from planctl.escape import visible
from planctl.progress.status import PlanProgress, Rollup, StatusReport, StepProgress, words
from planctl.vocabulary.money import money

WIDTH = 120
"""Columns of the report when it is not written to a terminal."""

_STATE_STYLE = {"met": "green", "on track": "green", "behind": "red", "unknown": "dim"}


def width_for(out: TextIO) -> int:
    """The report's width on ``out``: the terminal's, else :data:`WIDTH`."""
    isatty = getattr(out, "isatty", None)
    if isatty and isatty():
        return shutil.get_terminal_size((WIDTH, 24)).columns or WIDTH
    return WIDTH


def _console(color: bool, buffer: TextIO, width: int) -> Console:
    return Console(
        file=buffer,
        color_system="auto" if color else None,
        force_terminal=color,
        no_color=not color,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def _t(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


def _table(title: str, headings: Sequence[str]) -> Table:
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
    )
    for heading in headings:
        table.add_column(heading, overflow="fold")
    return table


def _owners(step: StepProgress) -> Text:
    return _t(", ".join(step.owners_shown))


def _status(step: StepProgress) -> Text:
    style = {"blocked": "red", "done": "green", "in-progress": "cyan"}.get(step.status, "")
    return _t(step.progress_label, style)


def _overdue(steps: Sequence[StepProgress]) -> Table:
    table = _table(f"Overdue ({len(steps)})", ["Due", "Late", "Step", "Owners", "Status"])
    for step in steps:
        table.add_row(
            _t(step.due_date.isoformat() if step.due_date else ""),
            _t(words.days_text(step.days_overdue), "red"),
            _t(step.where),
            _owners(step),
            _status(step),
        )
    return table


def _due_soon(steps: Sequence[StepProgress]) -> Table:
    table = _table(f"Due soon ({len(steps)})", ["Due", "In", "Step", "Owners", "Status"])
    for step in steps:
        left = step.days_left or 0
        table.add_row(
            _t(step.due_date.isoformat() if step.due_date else ""),
            _t("today" if left == 0 else words.days_text(left), "yellow"),
            _t(step.where),
            _owners(step),
            _status(step),
        )
    return table


def _blocked(steps: Sequence[StepProgress]) -> Table:
    table = _table(f"Blocked ({len(steps)})", ["Step", "Owners", "Latest update"])
    for step in steps:
        update = step.last_update
        note = f"{update.date}: {update.note}" if update and update.note else ""
        table.add_row(_t(step.where), _owners(step), _t(note))
    return table


def _recently_done(steps: Sequence[StepProgress]) -> Table:
    table = _table(f"Recently done ({len(steps)})", ["Completed", "Step", "Owners"])
    for step in steps:
        table.add_row(
            _t(step.completed.isoformat() if step.completed else ""), _t(step.where), _owners(step)
        )
    return table


def _stale(steps: Sequence[StepProgress], report: StatusReport) -> Table:
    table = _table(f"Stale ({len(steps)})", ["Last change", "Unchanged", "Step", "Owners"])
    for step in steps:
        changed = step.last_change
        table.add_row(
            _t(changed.isoformat() if changed else ""),
            _t(words.days_text((report.as_of - changed).days) if changed else "", "yellow"),
            _t(step.where),
            _owners(step),
        )
    return table


def _no_date(steps: Sequence[StepProgress]) -> Table:
    table = _table(f"No date ({len(steps)})", ["Step", "Written", "Owners", "Status"])
    for step in steps:
        table.add_row(_t(step.where), _t(step.due), _owners(step), _status(step))
    return table


def _completion(rollup: Rollup) -> Table:
    table = _table(
        "Completion",
        list(words.COMPLETION_HEADINGS),
    )
    for item in rollup.walk():
        if item.node is None:
            continue
        name = "  " * item.depth + f"{item.label} {item.title}".strip()
        table.add_row(
            _t(name),
            str(item.steps),
            *map(str, words.completion_counts(item)),
            _t(str(item.overdue), "red" if item.overdue else ""),
            words.completion_text(item),
        )
    table.add_row(
        Text("Plan", style="bold"),
        str(rollup.steps),
        *map(str, words.completion_counts(rollup)),
        str(rollup.overdue),
        Text(words.completion_text(rollup), style="bold"),
    )
    return table


def _costs(plan: PlanProgress) -> Table:
    costs = plan.costs
    table = _table("Costs", ["Funding", "Items", "Amount", "Share"])
    for line in costs.by_funding:
        share = f"{round(100 * line.amount / costs.total)}%" if costs.total else ""
        table.add_row(
            _t(line.funding), str(line.items), _t(money(line.amount, costs.currency)), share
        )
    table.add_row(Text("Total", style="bold"), "", _t(money(costs.total, costs.currency)), "")
    if costs.dropped:
        table.add_row("Dropped (not counted)", "", _t(money(costs.dropped, costs.currency)), "")
    return table


def _measures(plan: PlanProgress) -> Table:
    table = _table("Measures", ["Measure", "Of", "Baseline", "Target", "Latest", "Progress"])
    for measure in plan.measures:
        baseline, target, actual = words.measure_parts(measure)
        state = Text(measure.state, style=_STATE_STYLE.get(measure.state, ""))
        if measure.state in ("unknown", "behind", "on track"):
            state.append(f" ({visible(measure.reason)})", style="dim")
        table.add_row(
            _t(measure.name),
            _t(measure.node.trail),
            _t(baseline),
            _t(target),
            _t(actual),
            state,
        )
    return table


def _plan(console: Console, plan: PlanProgress, report: StatusReport) -> None:
    console.print(_t(plan.title, "bold underline"))
    facts = [plan.path, plan.organization, plan.period, plan.plan_status]
    console.print(_t(" · ".join(fact for fact in facts if fact), "dim"))
    rollup = plan.rollup
    console.print(_t(f"{words.counts_text(rollup)} · {words.completion_text(rollup)} complete"))
    overdue, soon = plan.overdue(), plan.due_soon()
    blocked, done = plan.blocked(), plan.recently_done()
    stale, undated = plan.stale(), plan.no_date()
    line = words.attention_counts(plan, report)
    console.print(_t(" · ".join(line)))
    tables: list[Table] = []
    if overdue:
        tables.append(_overdue(overdue))
    if soon:
        tables.append(_due_soon(soon))
    if blocked:
        tables.append(_blocked(blocked))
    if done:
        tables.append(_recently_done(done))
    if stale:
        tables.append(_stale(stale, report))
    if undated:
        tables.append(_no_date(undated))
    if rollup.children:
        tables.append(_completion(rollup))
    if plan.costs.by_funding or plan.costs.dropped:
        tables.append(_costs(plan))
    if plan.measures:
        tables.append(_measures(plan))
    for table in tables:
        console.print()
        console.print(table)


def plan_section(plan: PlanProgress, report: StatusReport, *, color: bool, width: int) -> str:
    """One plan's part of the report: a blank line, its summary lines and its tables.

    Each plan's part depends only on the plan and how the report was asked
    for, so the parts of many plans can be drawn in several processes.
    """
    buffer = io.StringIO()
    console = _console(color, buffer, width)
    console.print()
    _plan(console, plan, report)
    return buffer.getvalue()


def write(
    report: StatusReport,
    out: TextIO,
    *,
    color: bool = False,
    sections: Sequence[str] | None = None,
) -> None:
    """Write the report; ``color`` for a terminal that shows it.

    ``sections`` are the plans' parts drawn already (:func:`plan_section`,
    one per plan, at :func:`width_for` ``out``), in place of ``report.plans``.
    """
    color = color and not os.environ.get("NO_COLOR")
    buffer = io.StringIO()
    width = width_for(out)
    console = _console(color, buffer, width)
    console.print(_t(words.heading_text(report), "bold"))
    for line in words.notes(report):
        console.print(_t(line, "dim"))
    if sections is None:
        sections = [plan_section(plan, report, color=color, width=width) for plan in report.plans]
    for section in sections:
        buffer.write(section)
    text = buffer.getvalue()
    if not color:
        # Tables pad every cell; without colours the padding at line ends is only noise.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    out.write(text)
