"""Dates are ones planctl can place on a calendar.

Timelines may be written as planners write them: ``2013-05``, ``May 2013``,
``May/2013``, ``April-May 2013``, ``SY 2013-14``, ``Fall 2024``,
``By June 2024``, ``Quarterly/2013-14``, ``Year 2``, ``Ongoing``, or several
dates in a list. Text with no month and year (``Mid-way and final check
in``, ``One month prior to each AF session``, ``August 15``) cannot be
tracked, so it is reported with the form to write instead. The rule reads
every date: start, due, milestone dates, completion dates, update dates,
the plan period and the dates of measures.

Fails:
    planctl: 1
    template: tlt-work-plan
    goals:
      - title: To establish clear lines of communication
        steps:
          - action: Create an accountability and feedback loop for facilitator leads
            due: Mid-way and final check in
            outcome: System and structure in place
            measure: Check-in notes
            owners: Shakera Walker

Passes:
    planctl: 1
    template: tlt-work-plan
    goals:
      - title: To establish clear lines of communication
        steps:
          - action: Create an accountability and feedback loop for facilitator leads
            dates: [December 2013, May 2014]
            outcome: System and structure in place
            measure: Check-in notes
            owners: Shakera Walker
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.load.positions import PathKey
from planctl.problem import Severity
from planctl.rules._measures import measure_dates
from planctl.rules.base import Finding, RuleContext
from planctl.timeline import TimelineError, parse_month

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
        for _name, path, text in context.step_dates(node):
            yield from _parse(context, path, text, node)
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
    for found in context.measures:
        for path, text, _what in measure_dates(found):
            yield from _parse(context, path, text, found.node)


def _parse(context: RuleContext, path: PathKey, text: str, node: object) -> Iterator[Finding]:
    result = context.timeline(text)
    if isinstance(result, TimelineError):
        yield Finding(path=path, message=result.message, hint=result.hint, node=node)  # type: ignore[arg-type]


def _period(context: RuleContext) -> Iterator[Finding]:
    header = context.doc.header
    if header is None or header.period is None:
        return
    for name in ("start", "end"):
        text = getattr(header.period, name)
        try:
            parse_month(text)
        except TimelineError as error:
            yield Finding(
                path=("period", name),
                message=f"the plan period's {name}: {error.message}",
                hint="write a month and year, for example 'period: {start: 2024-07, end: 2027-06}'",
                where="plan period",
            )
