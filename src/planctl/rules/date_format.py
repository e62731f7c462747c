"""Dates are ones planctl can place on a calendar.

Timelines may be written as planners write them: ``2013-05``, ``May 2013``,
``May/2013``, ``April-May 2013``, ``SY 2013-14``, ``2016 – 2017 School
Year``, ``21-22``, ``Fall 2024``, ``By June 2024``, ``Quarterly/2013-14``,
``Year 2``, ``Ongoing``, yearly dates such as ``By March 30 of each year``,
``Annually in May`` or ``Each fall`` (in every school year of the plan
period), or several dates in a list (``21-22; 22-23; 23-24``). The plan
period's ends may be months or school years. Text with no month and year
(``Mid-way and final check in``, ``One month prior to each AF session``,
``August 15``) cannot be tracked, so it is reported with the form to write
instead. A year alone (``2014``) is fine as the date of a measurement, but as
a start, due, completion, milestone or target date it "names a year but no
month" and is reported too. The rule reads every date: start, due,
milestone dates, completion dates, update dates, the due and done dates of a
step's tasks, the plan period and the dates of measures. The examples in its
hints are dates of the plan's own period.

Fails:
    planctl: 1
    template: tlt-work-plan
    goals:
      - title: To establish clear lines of communication
        measure: At least 85% of schools have a full TLT by August 2013
        steps:
          - action: Create an accountability and feedback loop for facilitator leads
            due: Mid-way and final check in
            outcome: System and structure in place
            measure: Check-in notes
            owners: Shakera Walker
          - action: Standardize job descriptions
            due: "2014"
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: Shakera Walker

Passes:
    planctl: 1
    template: tlt-work-plan
    period: {start: SY 2013-14, end: 2014 – 2015 School Year}
    goals:
      - title: To establish clear lines of communication
        measure: At least 85% of schools have a full TLT by August 2014
        steps:
          - action: Create an accountability and feedback loop for facilitator leads
            dates: [December 2013, May 2014]
            outcome: System and structure in place
            measure: Check-in notes
            owners: Shakera Walker
          - action: Report progress to the board
            due: By March 30 of each year
            outcome: A progress report
            measure: Board minutes
            owners: Shakera Walker
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from planctl.load.positions import PathKey
from planctl.model.tasks import TaskItem, tasks_of
from planctl.problem import Severity
from planctl.rules._measures import measure_dates
from planctl.rules.base import Finding, RuleContext
from planctl.timeline import TimelineError, parse_period_end

ID = "date-format"
NAME = "Readable dates"
SUMMARY = "Every date and timeline names at least a month and a year planctl can read."
SEVERITY = Severity.ERROR

REPEAT_WORDS = ("weekly", "biweekly", "monthly", "quarterly", "semiannually", "annually")


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each date that does not parse, quoting it and showing a form that does."""
    doc = context.doc
    yield from _period(context)
    for node in doc.nodes():
        if node.fields is None:
            continue
        for name, path, text in context.step_dates(node):
            yield from _parse(context, path, text, node, completion=name)
        for index, update in enumerate(getattr(node.fields, "updates", [])):
            yield from _parse(context, (*node.path, "updates", index, "date"), update.date, node)
        repeat = getattr(node.fields, "repeat", None)
        if repeat is not None and repeat.strip().lower() not in REPEAT_WORDS:
            yield Finding(
                path=(*node.path, "repeat"),
                message=f"'repeat: {repeat}' is not a repeat planctl knows",
                hint="write one of: " + ", ".join(REPEAT_WORDS),
                node=node,
            )
        for item in tasks_of(node):
            yield from _task_dates(context, item)
    for found in context.measures:
        for path, text, what in measure_dates(found):
            # A result is reported per year, so a year alone is a fine "as of".
            completion = "by" if what == "target date" else ""
            yield from _parse(context, path, text, found.node, completion=completion)


def _task_dates(context: RuleContext, item: TaskItem) -> Iterator[Finding]:
    """A checklist item's due date, and the date it was done (``done: true`` needs none)."""
    if item.due is not None:
        yield from _parse(
            context, (*item.path, "due"), item.due, item.node, completion="due", where=item.where
        )
    if item.done_on is not None:
        for finding in _parse(
            context,
            (*item.path, "done"),
            item.done_on,
            item.node,
            completion="completed",
            where=item.where,
        ):
            yield replace(finding, hint=f"{finding.hint}; or write 'done: true' or 'done: false'")


def _parse(
    context: RuleContext,
    path: PathKey,
    text: str,
    node: object,
    *,
    completion: str = "",
    where: str = "",
) -> Iterator[Finding]:
    """The finding for ``text``, if any; ``completion`` names a field that needs a month.

    ``where`` names the place when it is not the node (a checklist item of a step).
    """
    result = context.timeline(text)
    if isinstance(result, TimelineError):
        yield Finding(path=path, message=result.message, hint=result.hint, node=node, where=where)  # type: ignore[arg-type]
    elif completion and result.year_only:
        # "2012" as a due date: its month is not guessed (and no other rule
        # builds on a guess: date-in-period and date-order skip such dates).
        begins = context.template.school_year_start
        month = begins if completion == "start" else (begins - 2) % 12 + 1
        example = context.dates.example(month, result.end.year)
        yield Finding(
            path=path,
            message=f"'{text}' names a year but no month",
            hint=f"write the month too, for example '{example:%B %Y}' or '{example:%Y-%m}'",
            node=node,  # type: ignore[arg-type]
            where=where,
        )


def _period(context: RuleContext) -> Iterator[Finding]:
    header = context.doc.header
    if header is None or header.period is None:
        return
    begins = context.template.school_year_start
    readable: dict[str, date] = {}
    errors: dict[str, TimelineError] = {}
    for name in ("start", "end"):
        try:
            readable[name] = parse_period_end(getattr(header.period, name), begins)[name == "end"]
        except TimelineError as unreadable:
            errors[name] = unreadable
    for name, problem in errors.items():
        yield Finding(
            path=("period", name),
            message=f"the plan period's {name}: {problem.message}",
            hint="write a month and year or a school year, for example "
            + _period_example(readable, begins),
            where="plan period",
        )


def _period_example(readable: dict[str, date], begins: int) -> str:
    """``'period: {start: 2024-07, end: 2027-06}'``, in the years of the end that reads."""
    if "start" in readable:
        first = readable["start"].year
    elif "end" in readable:
        first = readable["end"].year - 3
    else:
        first = 2024
    last_month = date(first + 3, begins, 1) - timedelta(days=1)
    return (
        f"'period: {{start: {first}-{begins:02}, end: {last_month:%Y-%m}}}' or "
        f"'period: {{start: SY {first}-{(first + 1) % 100:02}, "
        f"end: SY {first + 2}-{(first + 3) % 100:02}}}'"
    )
