"""Action steps as an iCalendar file (RFC 5545), for a calendar app.

Each step with a date becomes an all-day event (``VEVENT`` with
``DTSTART;VALUE=DATE``) on the last day of its due date: ``May 2025`` on
2025-05-31, ``Fall 2025`` on 2025-11-30, a repeat at the end of its range.
All-day events, rather than to-dos, are what every calendar app shows
alongside meetings; a to-do list is better served by the CSV export. Each
milestone (``dates:``, or a due date written as a list) is an event of its
own on its last day. Steps with no date planctl can read, and dates that
name a year but no month (``2012``), have no event.

A repeat (``repeat: monthly``, ``due: Quarterly/2013-14``) is one repeating
event over its range (the plan period unless it names one): monthly,
quarterly, semiannual and annual ones on the last day of each month,
quarter, half-year or year from the range's first month
(``RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1``), weekly and biweekly ones
each week or two from its first day (``FREQ=WEEKLY``), all ending
(``UNTIL``) on the range's last day.

A yearly date (``By March 30 of each year``, ``Annually in May``, ``Each
fall``) is one repeating event: on its first occurrence in the plan period,
with ``RRULE:FREQ=YEARLY`` ending (``UNTIL``) on the period's last day. A
month or season falls on its last day each year (``BYMONTH`` and
``BYMONTHDAY=-1``), so February ends on the 29th in leap years.

Each event has ``SUMMARY`` (the action), ``DESCRIPTION`` (where the step is,
the plan, the outcome, the owners, the status and the date as written),
``CATEGORIES`` (the status), ``TRANSP:TRANSPARENT`` (a deadline does not
make anyone busy) and, for a dropped step, ``STATUS:CANCELLED``.

**UIDs are stable**, so importing the file again (or subscribing to it)
updates events instead of duplicating them: each is a hash of the plan's
path inside its repository, the step's ``id`` (or, without one, its action
text and its occurrence among steps with the same text) and ``due`` or the
milestone's number. Renaming a step that has no id gives it new UIDs; give
steps ids to keep them through edits.

``DTSTAMP``, which RFC 5545 requires on every event, is the as-of date
(``--as-of`` or ``as_of`` in planctl.toml) at midnight UTC, else a fixed
2000-01-01, so the same plans always give the same bytes. The file is
written by hand: UTF-8, CRLF line ends, lines folded at 75 octets (never
inside a character), and ``\\``, ``;``, ``,`` and line breaks escaped in text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planctl import __version__
from planctl.escape import replace_unsafe
from planctl.export.command import ExportPlan, plan_steps
from planctl.model.plan import StepFields
from planctl.progress.status import NOT_RECORDED, OwnerFilter, StepProgress
from planctl.timeline import Timeline
from planctl.vocabulary.dates import PlanDates

FIXED_STAMP = date(2000, 1, 1)
"""DTSTAMP when no as-of date is given."""

LINE_OCTETS = 75


def escape(text: str) -> str:
    """Text as an iCalendar TEXT value: ``\\``, ``;``, ``,`` and line breaks escaped.

    RFC 5545 allows no control character in text but the tab; those, the C1
    controls and bidirectional controls become spaces (a calendar shows
    the text, where an escape would only be noise).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\n", "\\n")
    return replace_unsafe(text, " ", keep="\t")


def fold(line: str) -> str:
    """One content line folded at 75 octets, continuation lines starting with a space."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


@dataclass(frozen=True)
class Event:
    """One all-day event."""

    uid: str
    day: date
    summary: str
    description: str
    category: str
    cancelled: bool
    rrule: str = ""
    """``RRULE`` value of a repeat or a yearly date, else empty."""


def _uid(plan: ExportPlan, step_key: str, part: str) -> str:
    # surrogateescape: a file name that is not UTF-8 still hashes (as its bytes).
    key = f"{plan.key}\n{step_key}\n{part}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(key).hexdigest()
    return f"{digest[:32]}@planctl"


def _step_keys(plan: ExportPlan, steps: Sequence[StepProgress]) -> dict[int, str]:
    """A key per step that survives edits to other steps: its id, else its action text."""
    seen: dict[str, int] = {}
    keys: dict[int, str] = {}
    # Occurrences are counted over the whole plan, so an owner's calendar gets the same UIDs.
    wanted = {id(step.node) for step in steps}
    for node in plan.doc.steps():
        fields = node.fields
        step_id = fields.id if fields is not None and fields.id else ""
        base = f"id:{step_id}" if step_id else "action:" + " ".join(node.title.split())
        count = seen.get(base, 0)
        seen[base] = count + 1
        if id(node) in wanted:
            keys[id(node)] = base if count == 0 else f"{base}#{count + 1}"
    return keys


def _description(
    plan: ExportPlan, step: StepProgress, fields: StepFields | None, extra: str
) -> str:
    lines = [step.where]
    if extra:
        lines.append(extra)
    lines.append(f"Plan: {step.plan_title} ({plan.key})")
    if fields is not None and fields.outcome:
        lines.append(f"Outcome: {fields.outcome}")
    if step.owners:
        lines.append("Owners: " + ", ".join(step.owners_shown))
    if step.status != NOT_RECORDED or step.status_word:
        lines.append(f"Status: {step.status_label}")
    if step.due:
        lines.append(f"Due: {step.due}")
    return "\n".join(lines)


# Each repeat word as months between occurrences, or, for weeks, days.
_EVERY_MONTHS = {"monthly": 1, "quarterly": 3, "semiannually": 6, "annually": 12}
_EVERY_WEEKS = {"weekly": 1, "biweekly": 2}


def _month_end(year: int, month: int) -> date:
    """The last day of ``month`` (which may run past 12) of ``year``."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _repeating(timeline: Timeline) -> tuple[date, str]:
    """A repeat (``monthly``, ``quarterly 2024-07..2025-06``) as its first day and ``RRULE``.

    Monthly to annual repeats fall on the last day of each month, quarter,
    half-year or year counted from the range's first month, as a due month
    does; weekly ones on the range's first day and each week after it. All
    end (``UNTIL``) on the range's last day.
    """
    word = timeline.repeat or ""
    until = f"UNTIL={timeline.end:%Y%m%d}"
    if word in _EVERY_WEEKS:
        interval = _EVERY_WEEKS[word]
        every = f";INTERVAL={interval}" if interval > 1 else ""
        return timeline.start, f"FREQ=WEEKLY{every};{until}"
    months = _EVERY_MONTHS.get(word)
    if months is None:
        return timeline.end, ""
    first = _month_end(timeline.start.year, timeline.start.month + months - 1)
    if first > timeline.end:
        return timeline.end, ""
    every = f";INTERVAL={months}" if months > 1 else ""
    return first, f"FREQ=MONTHLY{every};BYMONTHDAY=-1;{until}"


def _when(timeline: Timeline, dates: PlanDates) -> tuple[date, str]:
    """The event's day and its ``RRULE`` (empty unless ``timeline`` recurs)."""
    if timeline.kind == "repeat":
        return _repeating(timeline)
    if timeline.kind != "yearly" or dates.period is None:
        return timeline.end, ""
    first = timeline.milestones[0]
    until = f"UNTIL={dates.period[1]:%Y%m%d}"
    if first.precision == "day":
        return first.end, f"FREQ=YEARLY;{until}"
    return first.end, f"FREQ=YEARLY;BYMONTH={first.end.month};BYMONTHDAY=-1;{until}"


def _milestones(fields: StepFields, dates: PlanDates) -> Iterator[tuple[str, Timeline]]:
    """Milestones as (text, timeline): those of a due date written as a list, then ``dates``."""
    due = dates.read(fields.due)
    if due is not None and due.kind == "milestones":
        yield from ((item.text, item) for item in due.milestones if not item.year_only)
    for text in fields.dates:
        timeline = dates.read(text)
        if timeline is None or timeline.year_only:
            continue  # "2012" names no month: its day would be a guess
        if timeline.kind == "milestones":
            # Several dates in one item: "Summer School (3 years: 2022, 2023, 2024)".
            yield from ((item.text, item) for item in timeline.milestones)
        else:
            yield text, timeline


def events(plan: ExportPlan, owner: OwnerFilter | None) -> Iterator[Event]:
    """The events of one plan, in plan order."""
    steps = plan_steps(plan, owner)
    keys = _step_keys(plan, steps)
    dates = PlanDates(plan.doc)
    for step in steps:
        fields = step.node.fields if isinstance(step.node.fields, StepFields) else None
        if fields is None or step.due_timeline is None:
            continue
        key = keys[id(step.node)]
        category = step.status_label if step.status != NOT_RECORDED or step.status_word else ""
        cancelled = step.status == "dropped"
        due = dates.read(fields.due)
        has_due = due is not None and due.kind != "milestones" and not due.year_only
        if has_due or not (fields.due or fields.dates):
            # A due date, or a repeat with neither due date nor milestones.
            timeline = due if has_due and due is not None else step.due_timeline
            day, rrule = _when(timeline, dates)
            yield Event(
                _uid(plan, key, "due"),
                day,
                step.action,
                _description(plan, step, fields, ""),
                category,
                cancelled,
                rrule,
            )
        milestones = list(_milestones(fields, dates))
        for index, (text, timeline) in enumerate(milestones, 1):
            extra = f"Milestone {index} of {len(milestones)}: {text}"
            day, rrule = _when(timeline, dates)
            yield Event(
                _uid(plan, key, f"milestone-{index}"),
                day,
                step.action,
                _description(plan, step, fields, extra),
                category,
                cancelled,
                rrule,
            )


def _calendar_name(titles: Sequence[str], owner: OwnerFilter | None) -> str:
    name = titles[0] if len(titles) == 1 else "Plans"
    return f"{owner.given}: {name}" if owner is not None else name


ENCODING = "utf-8"


def part(plan: ExportPlan, owner: OwnerFilter | None) -> tuple[str, list[Event]]:
    """One plan's title and events (a worker process can make them; see :func:`join`)."""
    title = (plan.doc.header.title if plan.doc.header else None) or plan.doc.path
    return title, list(events(plan, owner))


def join(
    parts: Sequence[tuple[str, list[Event]]],
    owner: OwnerFilter | None,
    *,
    stamp: date | None = None,
) -> str:
    """The iCalendar text of the plans' parts, CRLF line ends."""
    dtstamp = f"{(stamp or FIXED_STAMP):%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//planctl//planctl {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(_calendar_name([title for title, _ in parts], owner))}",
    ]
    for _, plan_events in parts:
        for event in plan_events:
            lines += [
                "BEGIN:VEVENT",
                f"UID:{event.uid}",
                f"DTSTAMP:{dtstamp}",
                f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
                *([f"RRULE:{event.rrule}"] if event.rrule else []),
                f"SUMMARY:{escape(event.summary)}",
                f"DESCRIPTION:{escape(event.description)}",
            ]
            if event.category:
                lines.append(f"CATEGORIES:{escape(event.category)}")
            if event.cancelled:
                lines.append("STATUS:CANCELLED")
            lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def export(
    plans: Sequence[ExportPlan], owner: OwnerFilter | None, *, stamp: date | None = None
) -> str:
    """The iCalendar text, CRLF line ends."""
    return join([part(plan, owner) for plan in plans], owner, stamp=stamp)
