"""One action step on the as-of date: its status, due date, and whether it is overdue or due soon.

Also the as-of date itself (:func:`resolve_as_of`). The rules are in :mod:`planctl.progress.status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planctl.errors import UserError
from planctl.model.build import Node, PlanDoc
from planctl.model.plan import CostDetail, NodeFields, StepFields, Update
from planctl.model.tasks import (
    TaskItem,
    status_from_tasks,
    task_counts,
    tasks_of,
    tasks_percent,
    tasks_text,
)
from planctl.timeline import Timeline
from planctl.vocabulary.dates import PlanDates, given_day
from planctl.vocabulary.status import STATUS_LABELS

NOT_RECORDED = "not-recorded"
"""The status of a step that records none (or a word the template does not know)."""
CLOSED = frozenset({"done", "dropped"})
DEFAULT_WINDOW = 30
NO_FUNDING = "(no funding source)"


class BadDate(UserError):
    """An ``--as-of`` date (or the ``as_of`` setting) that is not a day."""


def parse_as_of(text: str, *, source: str = "") -> date:
    """A day written in any form plans write dates (``2025-01-15``, ``January 15, 2025``).

    A month (``January 2025``), season or school year stands for its last day.
    """
    found = given_day(text)
    if found is None:
        shown = " ".join(str(text).split())
        where = f" ({source})" if source else ""
        raise BadDate(f"'{shown}'{where} is not a date: write 2025-01-15 or January 2025")
    return found


def resolve_as_of(given: str | None, setting: str | None, today: date | None = None) -> date:
    """The as-of date: ``--as-of``, else ``as_of`` from planctl.toml, else today."""
    if given is not None:
        return parse_as_of(given)
    if setting is not None:
        return parse_as_of(setting, source="as_of in planctl.toml")
    return today or date.today()


@dataclass
class StepProgress:
    """One action step on the as-of date."""

    plan: str
    plan_title: str
    node: Node
    id: str
    action: str
    due: str
    """The step's date as written: ``due``, milestone ``dates`` or ``repeat``."""
    due_timeline: Timeline | None
    start_date: date | None
    status: str
    """A standard status word, or ``not-recorded``."""
    status_word: str
    """The status as written (a district's own word), or empty."""
    owners: tuple[str, ...]
    """Each person or team responsible, as the roster names them (a role left out)."""
    roles: tuple[str, ...]
    """The role each of :attr:`owners` carries for this step, or empty text."""
    completed: date | None
    overdue: bool
    due_soon: bool
    recently_done: bool
    last_update: Update | None
    cost: float
    funding: str
    as_of: date
    last_change: date | None = None
    """When the step's status or updates last changed in git (staleness only)."""
    stale: bool = False
    tasks_done: int = 0
    """Items of the step's checklist (``tasks:``) done."""
    tasks_total: int = 0
    """Items on the step's checklist."""

    @property
    def tasks_text(self) -> str:
        """``3 of 5 tasks done``, or empty for a step without a checklist."""
        return tasks_text(self.tasks_done, self.tasks_total)

    @property
    def tasks_percent(self) -> int | None:
        """The share of the checklist done (``60``), or ``None`` without one."""
        return tasks_percent(self.tasks_done, self.tasks_total)

    @property
    def progress_label(self) -> str:
        """The status with the checklist's count: ``In progress (3 of 5 tasks done, 60%)``."""
        if not self.tasks_total:
            return self.status_label
        return f"{self.status_label} ({self.tasks_text}, {self.tasks_percent}%)"

    @property
    def owners_shown(self) -> list[str]:
        """The owners as a report names them: "Maria Lopez (Language Arts teacher)"."""
        return [
            f"{name} ({role})" if role else name
            for name, role in zip(self.owners, self.roles, strict=True)
        ]

    @property
    def where(self) -> str:
        """Where the step is, in words."""
        return self.node.where

    @property
    def trail(self) -> str:
        """The labels down to the step: ``Goal 1 › Objective 2 › Action step 3``."""
        return self.node.trail

    @property
    def due_date(self) -> date | None:
        """The last day of the step's timeline."""
        return self.due_timeline.end if self.due_timeline is not None else None

    @property
    def no_date(self) -> bool:
        """True when the step has no date planctl can read."""
        return self.due_timeline is None

    @property
    def open(self) -> bool:
        """Not done and not dropped."""
        return self.status not in CLOSED

    @property
    def blocked(self) -> bool:
        """Status ``blocked``."""
        return self.status == "blocked"

    @property
    def days_overdue(self) -> int:
        """Days past the due date (0 unless overdue)."""
        if not self.overdue or self.due_date is None:
            return 0
        return (self.as_of - self.due_date).days

    @property
    def days_left(self) -> int | None:
        """Days from the as-of date to the due date (negative when past)."""
        if self.due_date is None:
            return None
        return (self.due_date - self.as_of).days

    @property
    def status_label(self) -> str:
        """The status as the reports print it: ``In progress``, or the district's word."""
        if self.status == NOT_RECORDED:
            return self.status_word or "Not recorded"
        return STATUS_LABELS.get(self.status, self.status)


def _status(doc: PlanDoc, fields: StepFields | None, items: list[TaskItem]) -> tuple[str, str]:
    """(standard status or ``not-recorded``, the word as written); ``items``: its checklist."""
    if fields is None:
        return NOT_RECORDED, ""
    resolve = doc.template.resolve_status
    if fields.status:
        return resolve(fields.status) or NOT_RECORDED, fields.status
    for update in reversed(fields.updates):
        if update.status:
            return resolve(update.status) or NOT_RECORDED, update.status
    if fields.completed:
        return "done", ""
    return status_from_tasks(items) or NOT_RECORDED, ""


def next_occurrence(timeline: Timeline, as_of: date) -> Timeline:
    """What is due of ``timeline`` on ``as_of``: for a yearly date (``By March 30 of each
    year``) its first occurrence not yet past, else its last; any other timeline itself."""
    if timeline.kind == "yearly":
        occurrences = list(timeline.milestones)
    elif timeline.kind == "milestones" and any(m.kind == "yearly" for m in timeline.milestones):
        # "Each fall, each spring": every occurrence of every item, in order.
        occurrences = sorted(
            (
                o
                for m in timeline.milestones
                for o in (m.milestones if m.kind == "yearly" else (m,))
            ),
            key=lambda occurrence: occurrence.end,
        )
    else:
        return timeline
    for occurrence in occurrences:
        if occurrence.end >= as_of:
            return occurrence
    return occurrences[-1]


def due_of(
    fields: StepFields, dates: PlanDates, as_of: date | None = None
) -> tuple[str, Timeline | None]:
    """The step's date as written, and its timeline (the rules: :mod:`planctl.progress.status`).

    With ``as_of``, a yearly date stands for its occurrence due then. A date
    that names a year but no month (``2012``) is no due date.
    """
    shown = fields.due or ", ".join(fields.dates) or (fields.repeat or "")

    def read(text: str | None) -> Timeline | None:
        found = dates.read(text)
        if found is None or found.year_only:
            # "2012" names no month: a due day would be a guess (date-format reports it).
            return None
        return next_occurrence(found, as_of) if as_of is not None else found

    timeline = read(fields.due)
    if timeline is None and fields.dates:
        items = [item for item in (read(text) for text in fields.dates) if item is not None]
        if items:
            timeline = max(items, key=lambda item: item.end)
    if timeline is None and not fields.due and not fields.dates and fields.repeat:
        timeline = dates.read(fields.repeat)
    return shown, timeline


def _completed(
    fields: StepFields, dates: PlanDates, doc: PlanDoc, items: list[TaskItem]
) -> date | None:
    if fields.completed:
        return dates.day(fields.completed)
    for update in reversed(fields.updates):
        if update.status and doc.template.resolve_status(update.status) == "done":
            return dates.day(update.date)
    # A checklist done item by item is done on the day its last item was.
    days = [dates.day(item.done_on) if item.done_on else None for item in items]
    if days and all(day is not None for day in days):
        return max(day for day in days if day is not None)
    return None


def _cost(fields: NodeFields | StepFields | None) -> tuple[float, str]:
    if fields is None or fields.cost is None:
        return 0.0, ""
    cost = fields.cost
    if isinstance(cost, CostDetail):
        return cost.amount, cost.funding or ""
    return float(cost), ""


def step_progress(
    doc: PlanDoc, node: Node, *, as_of: date, window: int, dates: PlanDates | None = None
) -> StepProgress:
    """Where one step stands on ``as_of``."""
    dates = dates or PlanDates(doc)
    fields = node.fields if isinstance(node.fields, StepFields) else None
    items = tasks_of(node)
    status, word = _status(doc, fields, items)
    tasks_done, tasks_total = task_counts(items)
    shown, timeline = due_of(fields, dates, as_of) if fields is not None else ("", None)
    completed = _completed(fields, dates, doc, items) if fields is not None else None
    start = dates.read(fields.start) if fields is not None else None
    due = timeline.end if timeline is not None else None
    is_open = status not in CLOSED
    cost, funding = _cost(fields)
    owners = doc.people().owners(fields.owners) if fields is not None else ()
    horizon = as_of + timedelta(days=window)
    return StepProgress(
        plan=doc.path,
        plan_title=plan_title(doc),
        node=node,
        id=(fields.id if fields else None) or "",
        action=node.title,
        due=shown,
        due_timeline=timeline,
        start_date=start.start if start is not None else None,
        status=status,
        status_word=word,
        owners=tuple(owner.name for owner in owners),
        roles=tuple(owner.role for owner in owners),
        completed=completed,
        overdue=is_open and due is not None and as_of > due,
        due_soon=is_open and due is not None and as_of <= due <= horizon,
        recently_done=status == "done"
        and completed is not None
        and as_of - timedelta(days=window) <= completed <= as_of,
        last_update=fields.updates[-1] if fields is not None and fields.updates else None,
        cost=cost,
        funding=funding,
        as_of=as_of,
        tasks_done=tasks_done,
        tasks_total=tasks_total,
    )


def plan_title(doc: PlanDoc) -> str:
    """The plan's title, or its file name."""
    return (doc.header.title if doc.header else None) or doc.path
