"""What a comparison finds: :class:`Change`, :class:`PlanDiff`, the costs and the summary line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from planctl.vocabulary.money import money, plain_number, signed_money

PLAN_WHERE = "the plan"


Value: TypeAlias = str | int | float | list[str] | None
"""What ``before`` and ``after`` hold: text, an amount, a list of names, or nothing."""


@dataclass(frozen=True)
class Change:
    """One planning change.

    ``kind`` is a stable slug (``step-added``, ``due-moved``); ``where`` is
    the node in words as the new plan has it (the old plan's, for something
    removed), or ``"the plan"``; ``before`` and ``after`` are the old and
    new values (``None`` where there was none); ``message`` is the whole
    change in one line. ``goal`` names the top-level node the change is
    grouped under (empty for the plan itself) and ``line`` is the message
    as read under that heading.
    """

    kind: str
    where: str
    before: Value
    after: Value
    message: str
    goal: str = ""
    line: str = ""

    @property
    def sign(self) -> str:
        """``+`` for something added, ``-`` for something removed, ``~`` otherwise."""
        if self.kind.endswith("-added"):
            return "+"
        if self.kind.endswith("-removed"):
            return "-"
        return "~"

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data."""
        return {
            "kind": self.kind,
            "where": self.where,
            "goal": self.goal,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }


@dataclass(frozen=True)
class GoalCost:
    """The cost of one top-level node (with everything below it) before and after."""

    where: str
    label: str
    before: float
    after: float
    currency: str = "USD"
    state: str = ""
    """``new`` for a top-level node added, ``removed`` for one removed, else empty."""

    @property
    def net(self) -> float:
        """How much the cost went up (negative: down)."""
        return round(self.after - self.before, 2)

    @property
    def message(self) -> str:
        """``Goal 2: +$12,000 (from $40,000 to $52,000)``; ``Goal 4 (new): …``."""
        label = f"{self.label} ({self.state})" if self.state else self.label
        return _net_text(label, self.before, self.after, self.currency)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "where": self.where,
            "label": self.label,
            "before": plain_number(self.before),
            "after": plain_number(self.after),
            "net": plain_number(self.net),
            "state": self.state,
            "message": self.message,
        }


@dataclass(frozen=True)
class CostSummary:
    """The plan's total cost before and after, and each top-level node whose cost changed."""

    currency: str
    before: float
    after: float
    goals: tuple[GoalCost, ...] = ()

    @property
    def net(self) -> float:
        """How much the plan's cost went up (negative: down)."""
        return round(self.after - self.before, 2)

    @property
    def message(self) -> str:
        """``Plan: +$12,000 (from $394,088.50 to $406,088.50)``."""
        return _net_text("Plan", self.before, self.after, self.currency)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "currency": self.currency,
            "before": plain_number(self.before),
            "after": plain_number(self.after),
            "net": plain_number(self.net),
            "message": self.message,
            "goals": [goal.to_dict() for goal in self.goals],
        }


@dataclass(frozen=True)
class PlanDiff:
    """What changed between two versions of one plan."""

    header: tuple[Change, ...]
    nodes: tuple[Change, ...]
    cost: CostSummary

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change: the plan's own first, then goal by goal in the new plan's order."""
        return self.header + self.nodes

    @property
    def changed(self) -> bool:
        """True when there is any planning change."""
        return bool(self.header or self.nodes)

    def groups(self) -> list[tuple[str, list[Change]]]:
        """The changes grouped under their top-level node (``""``: the plan itself), in order."""
        grouped: list[tuple[str, list[Change]]] = []
        for change in self.changes:
            if grouped and grouped[-1][0] == change.goal:
                grouped[-1][1].append(change)
            else:
                grouped.append((change.goal, [change]))
        return grouped

    def summary(self) -> str:
        """One line: ``3 steps added, 1 removed, 2 due dates moved, net cost +$12,000``."""
        return summary_line(self.changes, self.cost)


def _net_text(label: str, before: float, after: float, currency: str) -> str:
    net = round(after - before, 2)
    return (
        f"{label}: {signed_money(net, currency)} "
        f"(from {money(before, currency)} to {money(after, currency)})"
    )


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


_SUMMARY_NOUNS = {
    "goal": "goals",
    "objective": "objectives",
    "strategy": "strategies",
    "group": "groups",
    "step": "steps",
}
_SUMMARY_VERBS = ("added", "removed", "moved", "renamed")
_SUMMARY_COUNTS = (
    (("due-moved",), "due date moved", "due dates moved"),
    (("due-changed",), "due date changed", "due dates changed"),
    (("start-moved", "start-changed"), "start date changed", "start dates changed"),
    (("owners-changed",), "owner change", "owner changes"),
    (("status-changed",), "status change", "status changes"),
    (
        ("measure-changed", "baseline-changed", "target-changed"),
        "measure change",
        "measure changes",
    ),
    (("outcome-changed",), "outcome change", "outcome changes"),
    (("cost-changed", "funding-changed"), "cost change", "cost changes"),
    (("task-done",), "task done", "tasks done"),
    (
        ("task-added", "task-removed", "task-renamed", "task-reopened", "task-changed"),
        "checklist change",
        "checklist changes",
    ),
)


def summary_line(changes: Sequence[Change], cost: CostSummary) -> str:
    """Counts of the changes in words, most telling first, and the net cost."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    used: set[str] = set()
    parts: list[str] = []
    status = next((c for c in changes if c.kind == "plan-status-changed"), None)
    if status is not None:
        parts.append(f"plan {status.before} → {status.after}")
        used.add(status.kind)
    for kind, text in (
        ("plan-added", "new plan"),
        ("plan-removed", "plan removed"),
        ("plan-title-changed", "plan title changed"),
        ("plan-period-changed", "plan period changed"),
    ):
        if kind in counts:
            parts.append(text)
            used.add(kind)
    for noun, plural in _SUMMARY_NOUNS.items():
        words: list[str] = []
        for verb in _SUMMARY_VERBS:
            count = counts.get(f"{noun}-{verb}", 0)
            used.add(f"{noun}-{verb}")
            if count:
                words.append(
                    f"{_plural(count, noun, plural)} {verb}" if not words else f"{count} {verb}"
                )
        parts.extend(words)
    for kinds, one, many in _SUMMARY_COUNTS:
        count = sum(counts.get(kind, 0) for kind in kinds)
        used.update(kinds)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    others = sum(count for kind, count in counts.items() if kind not in used)
    if others:
        parts.append(_plural(others, "other change"))
    if cost.net:
        parts.append(f"net cost {signed_money(cost.net, cost.currency)}")
    return ", ".join(parts) if parts else "no planning changes"
