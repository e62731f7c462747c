"""Counts and costs up the hierarchy: :func:`rollup` (steps by status) and :func:`cost_totals`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from planctl.model.build import Node, PlanDoc
from planctl.model.plan import StepFields
from planctl.model.tasks import tasks_of
from planctl.progress.status.owners import OwnerFilter
from planctl.progress.status.steps import (
    NO_FUNDING,
    NOT_RECORDED,
    StepProgress,
    _cost,
    _status,
)
from planctl.vocabulary.status import STATUS_WORDS

# --------------------------------------------------------------------------
# Roll-ups


@dataclass
class Rollup:
    """Step counts of a goal, objective or strategy (or the whole plan, ``node`` None)."""

    node: Node | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_WORDS, 0))
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
        return _status(doc, fields if isinstance(fields, StepFields) else None, tasks_of(node))[0]
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
        if owner is not None and not owner.owns(node, doc):
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
