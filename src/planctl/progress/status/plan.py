"""One plan on the as-of date (:func:`plan_progress`), and the report of several plans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from planctl.model.build import PlanDoc
from planctl.progress.status.owners import OwnerFilter
from planctl.progress.status.steps import (
    DEFAULT_WINDOW,
    StepProgress,
    plan_title,
    step_progress,
)
from planctl.progress.status.totals import CostTotals, Rollup, cost_totals, rollup
from planctl.standing import MeasureProgress, measure_progress, measures_with_actuals
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.period import period_text
from planctl.vocabulary.status import PLAN_STATUS_LABELS

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
        return period_text(
            self.doc.header.period if self.doc.header else None,
            self.doc.template.school_year_start,
        )

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
        if owner is None or owner.owns(node, doc)
    ]
    measures = [
        measure_progress(doc, node, measure, as_of, dates)
        for node, measure in measures_with_actuals(doc)
        if owner is None or owner.owns(node, doc)
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
