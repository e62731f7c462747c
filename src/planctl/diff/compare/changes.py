"""What changed node by node, what it costs, and :func:`diff_docs`, which puts it together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from planctl.diff.compare.header import _header_changes
from planctl.diff.compare.match import _level_kind, _Matcher, _relative, _root, _Side, _trail
from planctl.diff.compare.model import (
    Change,
    CostSummary,
    GoalCost,
    PlanDiff,
    Value,
    _plural,
)
from planctl.diff.compare.tasks import same_days, task_changes
from planctl.diff.compare.wording import (
    _changed,
    _fold,
    _list_changed,
    _norm,
    _quoted,
    short,
)
from planctl.model.build import Node, PlanDoc
from planctl.model.plan import (
    Baseline,
    CostDetail,
    Measure,
    NodeFields,
    StepFields,
    Target,
    all_measures,
    cost_amount,
)
from planctl.model.tasks import tasks_of
from planctl.vocabulary.measures import baseline_text, measure_text, target_text
from planctl.vocabulary.money import money, plain_number, signed_money

_STEP_ONLY_FIELDS = ("repeat", "resources", "benefits", "phase")
_SHARED_FIELDS = ("description", "tags", "aligns_to", "comments")
_MEASURE_FIELDS = ("indicator", "description", "source", "unit", "direction", "note")


# --------------------------------------------------------------------------
# Changes


class _Differ:
    def __init__(self, old: PlanDoc | None, new: PlanDoc | None) -> None:
        self.old = _Side(old)
        self.new = _Side(new)
        self.match = _Matcher(self.old, self.new)
        self.changes: list[tuple[int, Change]] = []
        new_roots = self.new.roots()
        self.root_order: dict[Node, int] = {root: i for i, root in enumerate(new_roots)}
        for i, root in enumerate(self.old.roots()):
            matched = self.match.new_of.get(root)
            self.root_order[root] = (
                self.root_order[matched] if matched is not None else len(new_roots) + i
            )

    # -- building changes

    def _group(self, node: Node, *, old: bool) -> tuple[int, str]:
        root = _root(node)
        shown = self.match.new_of.get(root, root) if old else root
        return self.root_order[root], shown.where

    def _add(
        self,
        kind: str,
        node: Node,
        detail: str,
        before: Value,
        after: Value,
        *,
        old: bool = False,
    ) -> None:
        order, goal = self._group(node, old=old)
        change = Change(
            kind=kind,
            where=node.where,
            before=before,
            after=after,
            message=f"{node.where}: {detail}",
            goal=goal,
            line=f"{_relative(node)}: {detail}",
        )
        self.changes.append((order, change))

    def _presence(self, node: Node, *, added: bool) -> None:
        verb = "added" if added else "removed"
        extra = _extra(node, self.new if added else self.old)
        order, goal = self._group(node, old=not added)
        change = Change(
            kind=f"{_level_kind(node)}-{verb}",
            where=node.where,
            before=None if added else node.title,
            after=node.title if added else None,
            message=f"{verb} {node.where}{extra}",
            goal=goal,
            line=f"{verb} {_relative(node)}{extra}",
        )
        self.changes.append((order, change))

    # -- the walk

    def run(self) -> list[Change]:
        for node in self.new.nodes():
            old = self.match.old_of.get(node)
            if old is None:
                self._presence(node, added=True)
            else:
                self._compare(old, node)
        for node in self.old.nodes():
            if node not in self.match.new_of:
                self._presence(node, added=False)
        # Group by top-level node, keeping the walk's order within each group.
        return [change for _, change in sorted(self.changes, key=lambda item: item[0])]

    def _compare(self, old: Node, new: Node) -> None:
        kind = _level_kind(new)
        if _norm(old.title) != _norm(new.title):
            self._add(
                f"{kind}-renamed",
                new,
                f"renamed: {_quoted(old.title)} → {_quoted(new.title)}",
                old.title,
                new.title,
            )
        parent = self.match.parent_of_match(old)
        if parent is not new.parent:
            before, after = _trail(old.parent), _trail(new.parent)
            self._add(f"{kind}-moved", new, f"moved from {before} to {after}", before, after)
        if old.fields is None or new.fields is None:
            return  # a node planctl could not read has no fields to compare
        self._owners(new, _owners_shown(self.old, old), _owners_shown(self.new, new))
        if isinstance(old.fields, StepFields) and isinstance(new.fields, StepFields):
            self._dates(new, old.fields, new.fields)
        self._status(new, old.fields.status, new.fields.status)
        if (
            isinstance(old.fields, StepFields)
            and isinstance(new.fields, StepFields)
            and _norm(old.fields.outcome) != _norm(new.fields.outcome)
        ):
            self._add(
                "outcome-changed",
                new,
                _changed("outcome", old.fields.outcome, new.fields.outcome),
                old.fields.outcome,
                new.fields.outcome,
            )
        self._measures(new, _measures_of(old.fields), _measures_of(new.fields))
        self._cost(new, old.fields.cost, new.fields.cost)
        self._fields(old, new)
        if new.is_step:
            read = same_days(self.old.timeline, self.new.timeline)
            for kind, detail, was, now in task_changes(tasks_of(old), tasks_of(new), read):
                self._add(kind, new, detail, was, now)

    def _owners(self, node: Node, before: list[str], after: list[str]) -> None:
        detail = _list_changed("owners", before, after)
        if detail is not None:
            self._add("owners-changed", node, detail, list(before), list(after))

    def _dates(self, node: Node, old: StepFields, new: StepFields) -> None:
        self._date(node, "start", old.start, new.start, use_end=False)
        self._date(node, "due", _due_text(old), _due_text(new), use_end=True)

    def _date(
        self, node: Node, name: str, before: str | None, after: str | None, *, use_end: bool
    ) -> None:
        if _norm(before) == _norm(after):
            return
        changed = f"{name}-changed"
        if not before or not after:
            self._add(changed, node, _changed(name, before, after), before, after)
            return
        old, new = self.old.timeline(before), self.new.timeline(after)
        if old is None or new is None:
            self._add(changed, node, _changed(name, before, after), before, after)
            return
        if old.canonical() == new.canonical():
            return  # the same days, written another way
        old_day, new_day = (old.end, new.end) if use_end else (old.start, new.start)
        if old_day == new_day:
            self._add(changed, node, _changed(name, before, after), before, after)
            return
        in_months = old.precision != "day" and new.precision != "day"
        amount = _distance(old_day, new_day, months=in_months)
        self._add(
            f"{name}-moved",
            node,
            f"{name} moved {amount}: {short(before)} → {short(after)}",
            before,
            after,
        )

    def _status(self, node: Node, before: str | None, after: str | None) -> None:
        old, new = self.old.status(before), self.new.status(after)
        if old != new:
            self._add("status-changed", node, _changed("status", old, new), old, new)

    def _measures(
        self, node: Node, before: list[Measure | str], after: list[Measure | str]
    ) -> None:
        labelled = max(len(before), len(after)) > 1
        for old, new in _pair_measures(before, after):
            if isinstance(old, Measure) and isinstance(new, Measure):
                self._measure_detail(node, old, new, labelled)
                continue
            # A measure added or removed, or one written as text: compared as one line.
            old_text = measure_text(old) if old is not None else None
            new_text = measure_text(new) if new is not None else None
            if old is None or new is None or _norm(old_text) != _norm(new_text):
                self._add(
                    "measure-changed",
                    node,
                    _changed("measure", old_text, new_text),
                    old_text,
                    new_text,
                )

    def _measure_detail(self, node: Node, old: Measure, new: Measure, labelled: bool) -> None:
        name = _measure_name(new) if labelled else ""
        of = f" of {_quoted(name)}" if name else ""
        for field in _MEASURE_FIELDS:
            before, after = getattr(old, field), getattr(new, field)
            if _norm(before) != _norm(after):
                self._add(
                    "measure-changed",
                    node,
                    _changed(f"measure {field}{of}", before, after),
                    before,
                    after,
                )
        compared: tuple[
            tuple[str, str, Callable[[Measure], object], Callable[[Measure], str | None]], ...
        ]
        compared = (
            ("baseline-changed", "baseline", _baseline_key, _baseline_text),
            ("target-changed", "target", _target_key, _targets_text),
        )
        for kind, label, key, text in compared:
            if key(old) != key(new):
                before_text, after_text = text(old), text(new)
                self._add(
                    kind,
                    node,
                    _changed(f"{label}{of}", before_text, after_text),
                    before_text,
                    after_text,
                )

    def _cost(
        self, node: Node, before: float | CostDetail | None, after: float | CostDetail | None
    ) -> None:
        if before is None and after is None:
            return
        old, new = cost_amount(before), cost_amount(after)
        currency = self.new.currency
        if old != new:
            if before is not None and after is not None:
                detail = (
                    f"cost changed: {money(old, currency)} → {money(new, currency)} "
                    f"({signed_money(new - old, currency)})"
                )
            elif after is not None:
                detail = f"cost added: {money(new, currency)}"
            else:
                detail = f"cost removed (was {money(old, currency)})"
            self._add(
                "cost-changed",
                node,
                detail,
                plain_number(old) if before is not None else None,
                plain_number(new) if after is not None else None,
            )
            return
        old_funding = before.funding if isinstance(before, CostDetail) else None
        new_funding = after.funding if isinstance(after, CostDetail) else None
        if _norm(old_funding) != _norm(new_funding):
            self._add(
                "funding-changed",
                node,
                _changed("funding", old_funding, new_funding),
                old_funding,
                new_funding,
            )

    def _fields(self, old: Node, new: Node) -> None:
        names = _SHARED_FIELDS + (_STEP_ONLY_FIELDS if new.is_step else ())
        pairs: list[tuple[str, Any, Any]] = [
            (name.replace("_", " "), getattr(old.fields, name), getattr(new.fields, name))
            for name in names
        ]
        if (
            isinstance(old.fields, StepFields)
            and isinstance(new.fields, StepFields)
            and old.fields.due
            and new.fields.due  # otherwise the dates are the due date
        ):
            pairs.append(("dates", old.fields.dates, new.fields.dates))
        if self.new.doc is not None:
            headings = {
                spec.key: spec.heading
                for spec in self.new.doc.template.custom_fields(new.level.key)
            }
        else:  # pragma: no cover - a matched node always has a new plan
            headings = {}
        for key in sorted(set(old.custom) | set(new.custom)):
            pairs.append((headings.get(key, key), old.custom.get(key), new.custom.get(key)))
        for name, before, after in pairs:
            self._field(new, name, before, after)

    def _field(self, node: Node, name: str, before: Any, after: Any) -> None:
        if isinstance(before, list) or isinstance(after, list):
            old = [str(item) for item in before or []]
            new = [str(item) for item in after or []]
            detail = _list_changed(name, old, new)
            if detail is not None:
                self._add("field-changed", node, detail, old, new)
            return
        old_text = None if before is None else str(before)
        new_text = None if after is None else str(after)
        if _norm(old_text) != _norm(new_text):
            self._add("field-changed", node, _changed(name, old_text, new_text), old_text, new_text)


def _extra(node: Node, side: _Side) -> str:
    """What a reader wants to know of an added or removed node, in brackets."""
    if not node.is_step:
        steps = sum(1 for item in node.walk() if item.is_step)
        return f" (with {_plural(steps, 'step')})" if steps else ""
    fields = node.fields
    if not isinstance(fields, StepFields):
        return ""
    parts: list[str] = []
    due = _due_text(fields)
    if due:
        parts.append(f"due {short(due, 40)}")
    parts.extend(short(owner, 40) for owner in _owners_shown(side, node))
    if fields.cost is not None:
        parts.append(money(cost_amount(fields.cost), side.currency))
    return f" ({', '.join(parts)})" if parts else ""


def _owners_shown(side: _Side, node: Node) -> list[str]:
    """The node's owners as a packet names them, so writing a role another way is no change."""
    if side.doc is None:
        return []
    return [owner.shown for owner in side.doc.owners(node)]


def _due_text(fields: StepFields) -> str | None:
    """A step's due date: ``due``, or else its milestone ``dates`` (the last is the due date)."""
    if fields.due:
        return fields.due
    if fields.dates:
        return ", ".join(fields.dates)
    return None


def _distance(before: date, after: date, *, months: bool) -> str:
    """``2 months later``, ``3 days earlier``."""
    if months:
        count = (after.year - before.year) * 12 + after.month - before.month
        if count:
            return f"{_plural(abs(count), 'month')} {'later' if count > 0 else 'earlier'}"
    days = (after - before).days
    return f"{_plural(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"


# -- measures


def _measures_of(fields: NodeFields | StepFields) -> list[Measure | str]:
    return all_measures(fields)


def _measure_name(measure: Measure | str) -> str:
    if isinstance(measure, str):
        return measure
    return measure.indicator or measure.description or measure.source or measure.note or ""


def _pair_measures(
    before: list[Measure | str], after: list[Measure | str]
) -> Iterable[tuple[Measure | str | None, Measure | str | None]]:
    """Measures paired by their indicator (or text), then the rest by position."""
    old_left = list(range(len(before)))
    new_left = list(range(len(after)))
    pairs: list[tuple[int | None, int | None]] = []
    for i in list(old_left):
        key = _fold(_measure_name(before[i]))
        for j in new_left:
            if key and _fold(_measure_name(after[j])) == key:
                pairs.append((i, j))
                old_left.remove(i)
                new_left.remove(j)
                break
    for i, j in zip(old_left, new_left, strict=False):
        pairs.append((i, j))
    pairs.extend((i, None) for i in old_left[len(new_left) :])
    pairs.extend((None, j) for j in new_left[len(old_left) :])
    pairs.sort(key=lambda pair: (pair[1] if pair[1] is not None else len(after), pair[0] or 0))
    return [
        (before[i] if i is not None else None, after[j] if j is not None else None)
        for i, j in pairs
    ]


def _baseline_key(measure: Measure) -> tuple[Any, ...]:
    baseline = measure.baseline
    if isinstance(baseline, Baseline):
        return (baseline.value, _norm(baseline.as_of))
    return (baseline, "")


def _baseline_text(measure: Measure) -> str | None:
    return baseline_text(measure) if measure.baseline is not None else None


def _targets(measure: Measure) -> list[Target | float | int | str]:
    found: list[Target | float | int | str] = []
    if measure.target is not None:
        found.append(measure.target)
    found.extend(measure.targets)
    return found


def _target_key(measure: Measure) -> list[tuple[Any, Any, str]]:
    return [
        (target.value, target.change, _norm(target.by))
        if isinstance(target, Target)
        else (target, None, "")
        for target in _targets(measure)
    ]


def _targets_text(measure: Measure) -> str | None:
    parts = []
    for target in _targets(measure):
        by = f" by {target.by}" if isinstance(target, Target) and target.by else ""
        parts.append(target_text(measure, target) + by)
    return "; ".join(parts) or None


# --------------------------------------------------------------------------
# Cost


def _node_cost(node: Node) -> float:
    return sum(cost_amount(item.fields.cost) for item in node.walk() if item.fields is not None)


def _cost_summary(differ: _Differ) -> CostSummary:
    currency = differ.new.currency if differ.new.doc is not None else differ.old.currency
    goals: list[GoalCost] = []
    for root in differ.new.roots():
        old = differ.match.old_of.get(root)
        before = round(_node_cost(old), 2) if old is not None else 0.0
        after = round(_node_cost(root), 2)
        state = "" if old is not None else "new"
        if before != after:
            goals.append(GoalCost(root.where, root.label, before, after, currency, state))
    for root in differ.old.roots():
        if root not in differ.match.new_of:
            before = round(_node_cost(root), 2)
            if before:
                goals.append(GoalCost(root.where, root.label, before, 0.0, currency, "removed"))
    total_before = round(sum(_node_cost(root) for root in differ.old.roots()), 2)
    total_after = round(sum(_node_cost(root) for root in differ.new.roots()), 2)
    return CostSummary(currency, total_before, total_after, tuple(goals))


def diff_docs(old: PlanDoc | None, new: PlanDoc | None) -> PlanDiff:
    """What changed from ``old`` to ``new``, in planning terms.

    Either may be ``None`` (the file did not exist in that version): then the
    plan itself and everything in it was added or removed.
    """
    differ = _Differ(old, new)
    nodes = differ.run()
    return PlanDiff(
        header=tuple(_header_changes(old, new)),
        nodes=tuple(nodes),
        cost=_cost_summary(differ),
    )
