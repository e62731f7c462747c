"""Where each plan stands on a given day: the numbers behind ``planctl status``.

Everything here is computed from built plans (:class:`~planctl.model.build.PlanDoc`)
and one date, the *as-of* date; nothing is printed. The rules, in the words
the reports use:

**A step's due date** is the last day its timeline covers: the end of ``due``
(``2013-06`` is due on 2013-06-30, ``Fall 2025`` on 2025-11-30, milestones on
the last one, a repeat such as ``Quarterly/2013-14`` at the end of its range),
else the last of its milestone ``dates``, else, for a step that only says
``repeat: quarterly``, the end of the plan period. A step whose dates cannot
be read has *no date*: it is listed as such, never overdue.

**A step's status** is its ``status`` (a district word read through the
template's aliases), else the status of its latest update that gives one,
else ``done`` when it has a ``completed`` date; otherwise it is *not
recorded*. Statuses are what the file says now; the as-of date does not
replay history.

* **overdue**: not done or dropped, and the as-of date is after the due date
  (a step due ``2013-06`` is overdue from 2013-07-01; one due 2013-06-15 from
  2013-06-16);
* **due soon**: not done or dropped, and due from the as-of date (due today)
  to ``window`` days after it, both included;
* **blocked**: status ``blocked``, whatever its dates;
* **recently done**: done, with a completion date (``completed``, else the
  date of the update that marked it done) within the ``window`` days up to
  and including the as-of date.

**Completion** of a goal, objective, strategy or the whole plan is done steps
divided by all steps below it except dropped ones. A part of a plan where no
step records any status has no completion (it is not 0% done; it does not
say).

**Costs** are summed over every goal, objective and step, except dropped
ones, per funding source (a cost written as a bare number has no source).

**Measures** with ``actuals`` are judged by their latest actual measured on
or before the as-of date, against the target due by then: the latest target
whose ``by`` date is on or before the as-of date, else the first target. In
the measure's direction (``decrease`` for chronic absenteeism), the actual
has

* **met** the target when it has reached or passed it;
* is **on track** when it has moved from the baseline toward the target at
  least in proportion to the time elapsed: with the baseline measured on day
  B and the target due on day T, the value expected on the actual's day A is
  ``baseline + (target - baseline) * (A - B) / (T - B)`` (the fraction kept
  between 0 and 1), and the actual is on track when it is at or beyond that
  value. Once the target's date has passed (as of the as-of date) a target
  not reached is behind;
* is **behind** otherwise.

Each date stands for the last day it names (``2025-06`` is 2025-06-30).
Without a direction (or with ``maintain``) the direction is that from the
baseline to the target, upward when they are equal or there is no baseline.
A measure whose values are not numbers, whose target has no date, or that
has no baseline is *unknown* (with the reason) unless it has met its target.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from planctl.errors import UserError
from planctl.model.build import Node, PlanDoc
from planctl.model.plan import (
    Baseline,
    CostDetail,
    Measure,
    NodeFields,
    StepFields,
    Target,
    Update,
)
from planctl.render.view import PLAN_STATUS_LABELS, STATUS_LABELS, measure_text, period_text
from planctl.rules.smart_measure import number
from planctl.timeline import Timeline, TimelineError, parse_month, parse_timeline

STATUSES = ("not-started", "in-progress", "done", "blocked", "dropped")
NOT_RECORDED = "not-recorded"
"""The status of a step that records none (or a word the template does not know)."""
CLOSED = frozenset({"done", "dropped"})
DEFAULT_WINDOW = 30
NO_FUNDING = "(no funding source)"

MeasureState = Literal["met", "on track", "behind", "unknown"]


class BadDate(UserError):
    """An ``--as-of`` date (or the ``as_of`` setting) that is not a day."""


def parse_as_of(text: str, *, source: str = "") -> date:
    """A day written ``2025-01-15`` (or any one-day form planctl reads, ``January 15, 2025``)."""
    shown = " ".join(str(text).split())
    where = f" ({source})" if source else ""
    try:
        return date.fromisoformat(shown)
    except ValueError:
        pass
    try:
        timeline = parse_timeline(shown)
    except TimelineError:
        timeline = None
    if timeline is None or timeline.kind != "day":
        raise BadDate(f"'{shown}'{where} is not a date: write 2025-01-15")
    return timeline.end


def resolve_as_of(given: str | None, setting: str | None, today: date | None = None) -> date:
    """The as-of date: ``--as-of``, else ``as_of`` from planctl.toml, else today."""
    if given is not None:
        return parse_as_of(given)
    if setting is not None:
        return parse_as_of(setting, source="as_of in planctl.toml")
    return today or date.today()


# --------------------------------------------------------------------------
# Owners


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class OwnerFilter:
    """Steps owned by one person or team, matched without regard to case.

    ``names`` are the folded names that stand for the owner: the name given
    and, when it is a roster name or alias, that person's name and aliases.
    """

    given: str
    names: frozenset[str]

    @classmethod
    def for_name(
        cls,
        name: str,
        docs: Iterable[PlanDoc] = (),
        roster: Iterable[tuple[str, Sequence[str]]] = (),
    ) -> OwnerFilter:
        """The filter for ``name``, widened to the aliases the rosters give it."""
        docs = list(docs)
        wanted = _fold(name)
        names = {wanted}
        shown = ""
        people: list[tuple[str, Sequence[str]]] = list(roster)
        for doc in docs:
            people.extend(doc.roster)
            if doc.header is not None:
                people.extend((person.name, person.aliases) for person in doc.header.people)
        for person, aliases in people:
            known = {_fold(person), *(_fold(alias) for alias in aliases)}
            if wanted in known:
                names |= known
                shown = shown or " ".join(person.split())
        if not shown:
            # The owner as the plans spell it, when only the case differs.
            shown = next(
                (
                    " ".join(owner.split())
                    for doc in docs
                    for step in doc.steps()
                    if step.fields is not None
                    for owner in step.fields.owners
                    if _fold(owner) == wanted
                ),
                " ".join(name.split()),
            )
        return cls(shown, frozenset(names))

    def owns(self, node: Node) -> bool:
        """Whether the node names this owner among its owners."""
        owners = node.fields.owners if node.fields is not None else []
        return any(_fold(owner) in self.names for owner in owners)


def check_owner(owner: OwnerFilter, docs: Sequence[PlanDoc]) -> bool:
    """Whether anyone in ``docs`` is ``owner``: True when a step names them.

    False when nobody has any step but the name is on a roster (an empty
    report is then the right answer). Raises :class:`UserError`, with the
    closest owner name, when the name is neither an owner nor on a roster.
    """
    owners: set[str] = set()
    listed: set[str] = set()
    for doc in docs:
        for step in doc.steps():
            if step.fields is not None:
                owners.update(step.fields.owners)
            if owner.owns(step):
                return True
        people = [name for name, _ in doc.roster]
        if doc.header is not None:
            for person in doc.header.people:
                people.append(person.name)
                people.extend(person.aliases)
        for _, aliases in doc.roster:
            people.extend(aliases)
        listed.update(_fold(name) for name in people)
    if owner.names & listed:
        return False
    close = difflib.get_close_matches(owner.given, sorted(owners), n=1, cutoff=0.6)
    if not close:
        folded = {_fold(name): name for name in owners}
        near = difflib.get_close_matches(_fold(owner.given), sorted(folded), n=1, cutoff=0.6)
        close = [folded[near[0]]] if near else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UserError(f"no step in these plans is owned by '{owner.given}'{hint}")


# --------------------------------------------------------------------------
# Steps


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

    @property
    def where(self) -> str:
        """Where the step is, in words."""
        return self.node.where

    @property
    def trail(self) -> str:
        """The labels down to the step: ``Goal 1 › Objective 2 › step 3``."""
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


def _status(doc: PlanDoc, fields: StepFields | None) -> tuple[str, str]:
    """(standard status or ``not-recorded``, the word as written)."""
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
    return NOT_RECORDED, ""


class PlanDates:
    """Reads a plan's dates with its period and school year."""

    def __init__(self, doc: PlanDoc) -> None:
        self.school_year_start = doc.template.school_year_start
        self.period = plan_period(doc)

    def read(self, text: str | None) -> Timeline | None:
        """``text`` placed on the calendar, or None when it is empty or unreadable."""
        if not text:
            return None
        try:
            return parse_timeline(
                text, period=self.period, school_year_start=self.school_year_start
            )
        except TimelineError:
            return None

    def day(self, text: str | None) -> date | None:
        """The last day ``text`` covers, or None."""
        timeline = self.read(text)
        return timeline.end if timeline is not None else None


def plan_period(doc: PlanDoc) -> tuple[date, date] | None:
    """The plan period's first and last day, when it is given and readable."""
    header = doc.header
    if header is None or header.period is None:
        return None
    try:
        start = parse_month(header.period.start)[0]
        end = parse_month(header.period.end)[1]
    except TimelineError:
        return None
    return (start, end) if start <= end else None


def due_of(fields: StepFields, dates: PlanDates) -> tuple[str, Timeline | None]:
    """The step's date as written, and its timeline (see the module's rules)."""
    shown = fields.due or ", ".join(fields.dates) or (fields.repeat or "")
    timeline = dates.read(fields.due)
    if timeline is None and fields.dates:
        read = [item for item in (dates.read(text) for text in fields.dates) if item is not None]
        if read:
            timeline = max(read, key=lambda item: item.end)
    if timeline is None and not fields.due and not fields.dates and fields.repeat:
        timeline = dates.read(fields.repeat)
    return shown, timeline


def _completed(fields: StepFields, dates: PlanDates, doc: PlanDoc) -> date | None:
    if fields.completed:
        return dates.day(fields.completed)
    for update in reversed(fields.updates):
        if update.status and doc.template.resolve_status(update.status) == "done":
            return dates.day(update.date)
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
    status, word = _status(doc, fields)
    shown, timeline = due_of(fields, dates) if fields is not None else ("", None)
    completed = _completed(fields, dates, doc) if fields is not None else None
    start = dates.read(fields.start) if fields is not None else None
    due = timeline.end if timeline is not None else None
    is_open = status not in CLOSED
    cost, funding = _cost(fields)
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
        owners=tuple(fields.owners) if fields is not None else (),
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
    )


def plan_title(doc: PlanDoc) -> str:
    """The plan's title, or its file name."""
    return (doc.header.title if doc.header else None) or doc.path


# --------------------------------------------------------------------------
# Roll-ups


@dataclass
class Rollup:
    """Step counts of a goal, objective or strategy (or the whole plan, ``node`` None)."""

    node: Node | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    overdue: int = 0
    children: list[Rollup] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.counts.setdefault(NOT_RECORDED, 0)

    @property
    def steps(self) -> int:
        """Steps below, every status."""
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        """Done steps below."""
        return self.counts["done"]

    @property
    def counted(self) -> int:
        """Steps below that count toward completion: all but dropped ones."""
        return self.steps - self.counts["dropped"]

    @property
    def tracked(self) -> bool:
        """Whether any step below records a status."""
        return self.steps > self.counts[NOT_RECORDED]

    @property
    def completion(self) -> float | None:
        """Done / (all − dropped), or None when nothing below records a status."""
        if not self.tracked or not self.counted:
            return None
        return self.done / self.counted

    @property
    def percent(self) -> int | None:
        """Completion as a whole percentage."""
        completion = self.completion
        return None if completion is None else round(100 * completion)

    @property
    def label(self) -> str:
        """``Goal 1``, or ``Plan``."""
        return self.node.label if self.node is not None else "Plan"

    @property
    def title(self) -> str:
        """The node's title."""
        return self.node.title if self.node is not None else ""

    @property
    def depth(self) -> int:
        """0 for the plan's top level (goals), 1 below it, and so on."""
        depth, node = 0, self.node
        while node is not None and node.parent is not None:
            depth, node = depth + 1, node.parent
        return depth

    def add(self, step: StepProgress) -> None:
        """Count one step."""
        self.counts[step.status] = self.counts.get(step.status, 0) + 1
        self.overdue += step.overdue

    def walk(self) -> Iterator[Rollup]:
        """This roll-up and every one below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def rollup(doc: PlanDoc, steps: Sequence[StepProgress]) -> Rollup:
    """Counts up the hierarchy, from ``steps`` (the plan's steps, perhaps filtered)."""
    by_node = {id(step.node): step for step in steps}

    def fill(result: Rollup, children: Sequence[Node]) -> Rollup:
        for child in children:
            if child.is_step:
                step = by_node.get(id(child))
                if step is not None:
                    result.add(step)
                continue
            below = fill(Rollup(child), child.children)
            result.children.append(below)
            for key, count in below.counts.items():
                result.counts[key] = result.counts.get(key, 0) + count
            result.overdue += below.overdue
        return result

    return fill(Rollup(None), doc.roots)


# --------------------------------------------------------------------------
# Costs


@dataclass(frozen=True)
class FundingLine:
    """The costs paid from one funding source."""

    funding: str
    amount: float
    items: int


@dataclass(frozen=True)
class CostTotals:
    """A plan's costs: the total, per funding source, and what dropped items would have cost."""

    currency: str
    total: float
    by_funding: tuple[FundingLine, ...]
    dropped: float


def _node_status(doc: PlanDoc, node: Node) -> str:
    fields = node.fields
    if node.is_step:
        return _status(doc, fields if isinstance(fields, StepFields) else None)[0]
    if fields is None or not fields.status:
        return NOT_RECORDED
    return doc.template.resolve_status(fields.status) or NOT_RECORDED


def cost_totals(doc: PlanDoc, owner: OwnerFilter | None = None) -> CostTotals:
    """Costs of every node but dropped ones, summed by funding source (sources sorted)."""
    currency = (doc.header.currency if doc.header else None) or doc.template.currency
    sums: dict[str, list[float]] = {}
    dropped = 0.0
    for node in doc.nodes():
        amount, funding = _cost(node.fields)
        if node.fields is None or node.fields.cost is None:
            continue
        if owner is not None and not owner.owns(node):
            continue
        if _node_status(doc, node) == "dropped" or _under_dropped(doc, node):
            dropped += amount
            continue
        line = sums.setdefault(funding or NO_FUNDING, [0.0, 0])
        line[0] += amount
        line[1] += 1
    lines = tuple(
        FundingLine(name, amount, int(items))
        for name, (amount, items) in sorted(
            sums.items(), key=lambda item: (item[0] == NO_FUNDING, item[0].casefold())
        )
    )
    return CostTotals(currency, sum(line.amount for line in lines), lines, dropped)


def _under_dropped(doc: PlanDoc, node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if _node_status(doc, parent) == "dropped":
            return True
        parent = parent.parent
    return False


# --------------------------------------------------------------------------
# Measures


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


def _measures(doc: PlanDoc) -> Iterator[tuple[Node, Measure]]:
    for node in doc.nodes():
        fields = node.fields
        if fields is None:
            continue
        items = [fields.measure]
        if isinstance(fields, NodeFields):
            items.extend(fields.measures)
        for item in items:
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
    """Judge ``measure`` on ``as_of`` (see the module's rules)."""
    dates = dates or PlanDates(doc)
    baseline_raw = (
        measure.baseline.value if isinstance(measure.baseline, Baseline) else measure.baseline
    )
    baseline_date = (
        dates.day(measure.baseline.as_of) if isinstance(measure.baseline, Baseline) else None
    )
    baseline = number(baseline_raw) if baseline_raw is not None else None
    target, target_by = _pick_target(_targets(measure), dates, as_of)
    target_value = number(target.value) if target is not None else None
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
        if _reached(actual_value, expected, direction):
            state, reason = "on track", f"expected {_number(expected)} by {latest[0].isoformat()}"
        else:
            state, reason = "behind", f"expected {_number(expected)} by {latest[0].isoformat()}"
    return MeasureProgress(
        plan=doc.path,
        node=node,
        name=measure.indicator or measure.description or measure.source or measure_text(measure),
        unit=measure.unit or "",
        direction=direction,
        baseline=baseline,
        baseline_text=_text(baseline_raw) if baseline_raw is not None else "",
        baseline_date=baseline_date,
        target=target_value,
        target_text=_text(target.value) if target is not None else "",
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


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


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


# --------------------------------------------------------------------------
# A plan


@dataclass
class PlanProgress:
    """One plan on the as-of date, its steps perhaps kept to one owner's."""

    doc: PlanDoc
    steps: list[StepProgress]
    rollup: Rollup
    costs: CostTotals
    measures: list[MeasureProgress]

    @property
    def path(self) -> str:
        """The plan file as shown."""
        return self.doc.path

    @property
    def title(self) -> str:
        """The plan's title, or its file name."""
        return plan_title(self.doc)

    @property
    def organization(self) -> str:
        """The organization the plan belongs to."""
        return (self.doc.header.organization if self.doc.header else None) or ""

    @property
    def period(self) -> str:
        """The plan period in words."""
        return period_text(self.doc)

    @property
    def plan_status(self) -> str:
        """Draft, Adopted or Archived."""
        return PLAN_STATUS_LABELS.get(self.doc.header.status if self.doc.header else "draft", "")

    @property
    def counts(self) -> dict[str, int]:
        """Steps by status, every status listed."""
        return dict(self.rollup.counts)

    def overdue(self) -> list[StepProgress]:
        """Overdue steps, the longest overdue first."""
        return sorted(
            (s for s in self.steps if s.overdue), key=lambda s: (s.due_date or date.max, _order(s))
        )

    def due_soon(self) -> list[StepProgress]:
        """Steps due within the window, soonest first."""
        return sorted(
            (s for s in self.steps if s.due_soon), key=lambda s: (s.due_date or date.max, _order(s))
        )

    def blocked(self) -> list[StepProgress]:
        """Blocked steps, in plan order."""
        return [s for s in self.steps if s.blocked]

    def recently_done(self) -> list[StepProgress]:
        """Steps completed within the window, the latest first."""
        return sorted(
            (s for s in self.steps if s.recently_done),
            key=lambda s: (date.max - (s.completed or date.min), _order(s)),
        )

    def no_date(self) -> list[StepProgress]:
        """Open steps without a readable date, in plan order."""
        return [s for s in self.steps if s.no_date and s.open]

    def stale(self) -> list[StepProgress]:
        """In-progress steps whose status and updates have not changed for a while."""
        return sorted(
            (s for s in self.steps if s.stale), key=lambda s: (s.last_change or date.min, _order(s))
        )


def _order(step: StepProgress) -> tuple[int | str, ...]:
    return step.node.path


def plan_progress(
    doc: PlanDoc, *, as_of: date, window: int = DEFAULT_WINDOW, owner: OwnerFilter | None = None
) -> PlanProgress:
    """Where ``doc`` stands on ``as_of``; only ``owner``'s steps when one is given."""
    dates = PlanDates(doc)
    steps = [
        step_progress(doc, node, as_of=as_of, window=window, dates=dates)
        for node in doc.steps()
        if owner is None or owner.owns(node)
    ]
    measures = [
        measure_progress(doc, node, measure, as_of, dates)
        for node, measure in _measures(doc)
        if owner is None or owner.owns(node)
    ]
    return PlanProgress(
        doc=doc,
        steps=steps,
        rollup=rollup(doc, steps) if owner is None else _owner_rollup(doc, steps),
        costs=cost_totals(doc, owner),
        measures=measures,
    )


def _owner_rollup(doc: PlanDoc, steps: Sequence[StepProgress]) -> Rollup:
    """The roll-up of one owner's steps: only the goals and objectives holding them."""
    full = rollup(doc, steps)

    def prune(item: Rollup) -> None:
        item.children = [child for child in item.children if child.steps]
        for child in item.children:
            prune(child)

    prune(full)
    return full


# --------------------------------------------------------------------------
# The report


@dataclass
class StatusReport:
    """Everything ``planctl status`` shows: the plans on the as-of date, and how it was asked."""

    as_of: date
    window: int
    plans: list[PlanProgress]
    owner: OwnerFilter | None = None
    owner_has_steps: bool = True
    stale_days: int | None = None
    stale_unknown: list[str] = field(default_factory=list)
    """Plans for which git could not tell how long steps have been unchanged."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Files that could not be read as plans, with the reason."""

    @property
    def staleness_computed(self) -> bool:
        """Whether staleness was asked for and git could tell for every plan."""
        return self.stale_days is not None and not self.stale_unknown

    def steps(self) -> Iterator[StepProgress]:
        """The steps of every plan, plan by plan."""
        for plan in self.plans:
            yield from plan.steps


# --------------------------------------------------------------------------
# Words the reports share


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
    if unit == "%" and not shown.endswith("%"):
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
