"""The progress report as Markdown, for a board update or a pull-request comment.

A title with the as-of date, then per plan a heading, its summary and one
table per list (overdue, due soon, blocked, recently done, stale, no date),
the completion of each goal and objective, costs by funding source and the
measures. Plan text is data, never Markdown: it is escaped so that ``|``,
``*`` and ``<script>`` show as written. The document is read at a terminal
as often as on a web page, so control and bidirectional characters in it
are shown as escapes (:func:`planctl.escape.visible`); line breaks and tabs,
which Markdown allows, stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from planctl.escape import visible
from planctl.progress.status import PlanProgress, Rollup, StatusReport, StepProgress, words
from planctl.render.markdown import md_line, md_row, md_rule
from planctl.vocabulary.money import money


def _table(headings: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return "\n".join([md_row(headings), md_rule(headings), *(md_row(row) for row in rows)])


def _owners(step: StepProgress) -> str:
    return ", ".join(step.owners_shown)


def _date(step: StepProgress) -> str:
    return step.due_date.isoformat() if step.due_date else ""


def _section(title: str, headings: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    return [f"### {title} ({len(rows)})", _table(headings, rows)]


def _completion(rollup: Rollup) -> list[str]:
    rows: list[list[object]] = []
    for item in rollup.walk():
        if item.node is None:
            continue
        rows.append(
            [
                f"{item.node.trail} {item.title}".rstrip(),
                item.steps,
                *words.completion_counts(item),
                item.overdue,
                words.completion_text(item),
            ]
        )
    rows.append(
        [
            "Plan",
            rollup.steps,
            *words.completion_counts(rollup),
            rollup.overdue,
            words.completion_text(rollup),
        ]
    )
    return ["### Completion", _table(words.COMPLETION_HEADINGS, rows)]


def plan_blocks(plan: PlanProgress, report: StatusReport) -> list[str]:
    """The Markdown blocks of one plan."""
    facts = [plan.path, plan.organization, plan.period, plan.plan_status]
    rollup = plan.rollup
    overdue, soon = plan.overdue(), plan.due_soon()
    blocked, done = plan.blocked(), plan.recently_done()
    stale, undated = plan.stale(), plan.no_date()
    line = words.attention_counts(plan, report)
    counts, complete = md_line(words.counts_text(rollup)), words.completion_text(rollup)
    blocks = [
        f"## {md_line(plan.title)}",
        md_line(" · ".join(fact for fact in facts if fact)),
        f"**{counts}** · **{complete} complete**\\\n" + md_line(" · ".join(line)),
    ]
    if overdue:
        blocks += _section(
            "Overdue",
            ["Due", "Late", "Step", "Owners", "Status"],
            [
                [_date(s), words.days_text(s.days_overdue), s.where, _owners(s), s.progress_label]
                for s in overdue
            ],
        )
    if soon:
        blocks += _section(
            "Due soon",
            ["Due", "In", "Step", "Owners", "Status"],
            [
                [
                    _date(s),
                    "today" if not s.days_left else words.days_text(s.days_left),
                    s.where,
                    _owners(s),
                    s.progress_label,
                ]
                for s in soon
            ],
        )
    if blocked:
        blocks += _section(
            "Blocked",
            ["Step", "Owners", "Latest update"],
            [
                [
                    s.where,
                    _owners(s),
                    f"{s.last_update.date}: {s.last_update.note}"
                    if s.last_update and s.last_update.note
                    else "",
                ]
                for s in blocked
            ],
        )
    if done:
        blocks += _section(
            "Recently done",
            ["Completed", "Step", "Owners"],
            [[s.completed.isoformat() if s.completed else "", s.where, _owners(s)] for s in done],
        )
    if stale:
        blocks += _section(
            "Stale",
            ["Last change", "Unchanged", "Step", "Owners"],
            [
                [
                    s.last_change.isoformat() if s.last_change else "",
                    words.days_text((report.as_of - s.last_change).days) if s.last_change else "",
                    s.where,
                    _owners(s),
                ]
                for s in stale
            ],
        )
    if undated:
        blocks += _section(
            "No date",
            ["Step", "Written", "Owners", "Status"],
            [[s.where, s.due, _owners(s), s.progress_label] for s in undated],
        )
    if rollup.children:
        blocks += _completion(rollup)
    costs = plan.costs
    if costs.by_funding or costs.dropped:
        rows: list[list[object]] = [
            [
                line.funding,
                line.items,
                money(line.amount, costs.currency),
                f"{round(100 * line.amount / costs.total)}%" if costs.total else "",
            ]
            for line in costs.by_funding
        ]
        rows.append(["Total", "", money(costs.total, costs.currency), ""])
        if costs.dropped:
            rows.append(["Dropped (not counted)", "", money(costs.dropped, costs.currency), ""])
        blocks += ["### Costs", _table(["Funding", "Items", "Amount", "Share"], rows)]
    if plan.measures:
        measure_rows: list[list[object]] = []
        for measure in plan.measures:
            baseline, target, actual = words.measure_parts(measure)
            state = (
                measure.state if measure.state == "met" else f"{measure.state}: {measure.reason}"
            )
            measure_rows.append([measure.node.trail, measure.name, baseline, target, actual, state])
        blocks += [
            "### Measures",
            _table(["Of", "Measure", "Baseline", "Target", "Latest", "Progress"], measure_rows),
        ]
    return blocks


def write(report: StatusReport, out: TextIO, *, color: bool = False) -> None:
    """Write one Markdown document for all the plans (``color`` is for text only)."""
    blocks = [f"# {md_line(words.heading_text(report))}"]
    blocks.append("\\\n".join(md_line(line) for line in words.notes(report)))
    for plan in report.plans:
        blocks.extend(plan_blocks(plan, report))
    # Last, over the whole document: what Markdown escaping left, no field can bring.
    out.write(visible("\n\n".join(blocks) + "\n", keep="\t\n"))
