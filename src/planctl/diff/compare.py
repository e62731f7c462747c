"""Two versions of a plan compared in planning terms: which nodes match, and what changed.

Matching happens level by level, goals (or the template's top level) first,
so that a node's parent is already matched when its children are:

1. **id**: nodes whose ``id`` is in both versions are the same node, and are
   matched by id only.
2. **exact text**: among the nodes left, the same title (a step's action)
   anywhere in the plan; a candidate under the matching parent is preferred.
3. **normalised text**: the same, with case and runs of whitespace ignored.
4. **similar text**: within the same (matched) parent, titles whose
   :class:`difflib.SequenceMatcher` ratio is at least :data:`SIMILARITY`,
   the closest pairs first.

A node left over is added (new version) or removed (old version). Only nodes
of the same level match (a goal never matches an objective), and a node whose
parent matched a different node has moved. Step numbers and the order of
nodes under the same parent are layout, not planning, so they are not
reported.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from planctl.model.build import SEPARATOR, Node, PlanDoc
from planctl.model.plan import Baseline, CostDetail, Measure, NodeFields, StepFields, Target
from planctl.render.view import cost_amount, measure_text, money
from planctl.timeline import Timeline, TimelineError, parse_month, parse_timeline

SIMILARITY = 0.8
"""The least :class:`difflib.SequenceMatcher` ratio of two titles taken as one node reworded."""

MAX_FUZZY_PAIRS = 250_000
"""Above this many candidate pairs under one parent, only exact and normalised text match."""

PLAN_WHERE = "the plan"
MESSAGE_TEXT = 80
"""Plan text longer than this is shortened (with "…") in messages; before/after keep it whole."""

Value: TypeAlias = str | int | float | list[str] | None
"""What ``before`` and ``after`` hold: text, an amount, a list of names, or nothing."""

# Kinds for the levels above the steps; a level a district's template names
# itself uses "group".
_LEVEL_KIND = {"goals": "goal", "objectives": "objective", "strategies": "strategy"}
_STEP_ONLY_FIELDS = ("repeat", "resources", "benefits", "phase")
_SHARED_FIELDS = ("description", "tags", "aligns_to", "comments")
_MEASURE_FIELDS = ("indicator", "description", "source", "unit", "direction", "note")


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
            "before": _number(self.before),
            "after": _number(self.after),
            "net": _number(self.net),
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
            "before": _number(self.before),
            "after": _number(self.after),
            "net": _number(self.net),
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


def _number(amount: float) -> int | float:
    """An amount for JSON: a whole number without ``.0``."""
    return int(amount) if float(amount).is_integer() else amount


def _net_text(label: str, before: float, after: float, currency: str) -> str:
    net = round(after - before, 2)
    return (
        f"{label}: {signed_money(net, currency)} "
        f"(from {money(before, currency)} to {money(after, currency)})"
    )


def signed_money(amount: float, currency: str = "USD") -> str:
    """``+$12,000``, ``-$500``, ``$0``."""
    if amount > 0:
        return "+" + money(amount, currency)
    if amount < 0:
        return "-" + money(-amount, currency)
    return money(0, currency)


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


# --------------------------------------------------------------------------
# Text helpers


def _norm(text: str | None) -> str:
    """Text with runs of whitespace as one space."""
    return " ".join((text or "").split())


def _fold(text: str | None) -> str:
    """Text with case and runs of whitespace ignored, for matching."""
    return _norm(text).casefold()


def short(text: str | None, limit: int = MESSAGE_TEXT) -> str:
    """Plan text on one line, cut to ``limit`` characters with "…"."""
    text = _norm(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(text: str | None) -> str:
    return f"'{short(text)}'"


def _changed(name: str, before: str | None, after: str | None, *, quote: bool = False) -> str:
    """``NAME changed: A → B``, ``NAME added: B`` or ``NAME removed (was A)``."""

    def show(text: str | None) -> str:
        return _quoted(text) if quote else short(text)

    if before and after:
        return f"{name} changed: {show(before)} → {show(after)}"
    if after:
        return f"{name} added: {show(after)}"
    return f"{name} removed (was {show(before)})"


def _list_changed(name: str, before: Sequence[str], after: Sequence[str]) -> str | None:
    """``NAME changed: added X, Y; removed Z``, or ``None`` when only the order differs."""
    old = [_norm(item) for item in before]
    new = [_norm(item) for item in after]
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    if not added and not removed:
        return None
    parts = []
    if added:
        parts.append("added " + ", ".join(short(item, 60) for item in added))
    if removed:
        parts.append("removed " + ", ".join(short(item, 60) for item in removed))
    return f"{name} changed: " + "; ".join(parts)


def _value_text(value: float | int | str, unit: str | None) -> str:
    if isinstance(value, str):
        return value
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if unit == "%":
        return f"{text}%"
    if unit and unit not in ("count", "score", "ratio"):
        return f"{text} {unit}"
    return text


# --------------------------------------------------------------------------
# One side of the comparison


class _Side:
    """One version of the plan, with what comparing it needs worked out once."""

    def __init__(self, doc: PlanDoc | None) -> None:
        self.doc = doc
        self.period: tuple[date, date] | None = None
        self.currency = "USD"
        self.school_year_start = 7
        if doc is None:
            return
        header = doc.header
        self.currency = (header.currency if header else None) or doc.template.currency
        self.school_year_start = doc.template.school_year_start
        if header is not None and header.period is not None:
            try:
                self.period = (
                    parse_month(header.period.start)[0],
                    parse_month(header.period.end)[1],
                )
            except TimelineError:
                self.period = None

    def nodes(self) -> list[Node]:
        return list(self.doc.nodes()) if self.doc is not None else []

    def roots(self) -> list[Node]:
        return list(self.doc.roots) if self.doc is not None else []

    def timeline(self, text: str | None) -> Timeline | None:
        if not text:
            return None
        try:
            return parse_timeline(
                text, period=self.period, school_year_start=self.school_year_start
            )
        except TimelineError:
            return None

    def status(self, word: str | None) -> str | None:
        if not word:
            return None
        if self.doc is None:
            return word
        return self.doc.template.resolve_status(word) or _norm(word)


def _level_kind(node: Node) -> str:
    if node.is_step:
        return "step"
    return _LEVEL_KIND.get(node.level.key, "group")


def _node_id(node: Node) -> str:
    if node.fields is not None:
        return _norm(node.fields.id)
    value = node.raw.get("id")
    return (
        _norm(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    )


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def _relative(node: Node) -> str:
    """Where ``node`` is below its top-level node: ``Objective 2 › step 3 'Adopt…'``."""
    if node.parent is None:
        return node.where
    labels: list[str] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        labels.append(current.label)
        current = current.parent
    trail = SEPARATOR.join(reversed(labels))
    return f"{trail} '{short(node.title, 48)}'" if node.title else trail


def _trail(node: Node | None) -> str:
    return node.trail if node is not None else PLAN_WHERE


# --------------------------------------------------------------------------
# Matching


class _Matcher:
    """Pairs each old node with the new node it became (see the module's docstring)."""

    def __init__(self, old: _Side, new: _Side) -> None:
        self.new_of: dict[Node, Node] = {}
        self.old_of: dict[Node, Node] = {}
        keys: list[str] = []
        for side in (new, old):
            if side.doc is not None:
                for level in side.doc.template.levels:
                    if level.key not in keys:
                        keys.append(level.key)
        if "steps" in keys:  # steps last: their parents must be matched first
            keys.remove("steps")
            keys.append("steps")
        old_nodes, new_nodes = old.nodes(), new.nodes()
        for key in keys:
            self._match_level(
                [node for node in old_nodes if node.level.key == key],
                [node for node in new_nodes if node.level.key == key],
            )

    def _pair(self, old: Node, new: Node) -> None:
        self.new_of[old] = new
        self.old_of[new] = old

    def parent_of_match(self, old: Node) -> Node | None:
        """The new node the old node's parent became (``None`` at the top or when removed)."""
        return self.new_of.get(old.parent) if old.parent is not None else None

    def _match_level(self, old_nodes: list[Node], new_nodes: list[Node]) -> None:
        old_ids = {_node_id(node) for node in old_nodes} - {""}
        new_ids = {_node_id(node) for node in new_nodes} - {""}
        shared = old_ids & new_ids
        new_by_id: dict[str, Node] = {}
        for node in new_nodes:
            if _node_id(node) in shared:
                new_by_id.setdefault(_node_id(node), node)
        for node in old_nodes:
            key = _node_id(node)
            if key in shared and new_by_id[key] not in self.old_of:
                self._pair(node, new_by_id[key])
        old_left = [n for n in old_nodes if n not in self.new_of and _node_id(n) not in shared]
        new_left = [n for n in new_nodes if n not in self.old_of and _node_id(n) not in shared]
        for key_of in (lambda node: node.title.strip(), lambda node: _fold(node.title)):
            self._match_text(old_left, new_left, key_of)
            old_left = [node for node in old_left if node not in self.new_of]
            new_left = [node for node in new_left if node not in self.old_of]
        self._match_similar(old_left, new_left)

    def _match_text(
        self, old_nodes: list[Node], new_nodes: list[Node], key_of: Callable[[Node], str]
    ) -> None:
        by_key: dict[str, list[Node]] = {}
        for node in new_nodes:
            key = key_of(node)
            if key:
                by_key.setdefault(key, []).append(node)
        for node in old_nodes:
            candidates = [c for c in by_key.get(key_of(node), []) if c not in self.old_of]
            if not candidates:
                continue
            parent = self.parent_of_match(node)
            same_parent = [c for c in candidates if parent is not None and c.parent is parent]
            self._pair(node, (same_parent or candidates)[0])

    def _match_similar(self, old_nodes: list[Node], new_nodes: list[Node]) -> None:
        by_parent: dict[Node | None, list[Node]] = {}
        for node in old_nodes:
            if node.title.strip():
                by_parent.setdefault(node.parent, []).append(node)
        new_by_parent: dict[Node | None, list[Node]] = {}
        for node in new_nodes:
            if node.title.strip():
                new_by_parent.setdefault(node.parent, []).append(node)
        for old_parent, olds in by_parent.items():
            new_parent = self.new_of.get(old_parent) if old_parent is not None else None
            if old_parent is not None and new_parent is None:
                continue
            news = new_by_parent.get(new_parent, [])
            if not news or len(olds) * len(news) > MAX_FUZZY_PAIRS:
                continue
            scored: list[tuple[float, int, int]] = []
            for i, old in enumerate(olds):
                # The old title is the second sequence: SequenceMatcher caches facts about it.
                matcher = difflib.SequenceMatcher(None, "", _fold(old.title))
                for j, new in enumerate(news):
                    matcher.set_seq1(_fold(new.title))
                    if (
                        matcher.real_quick_ratio() >= SIMILARITY
                        and matcher.quick_ratio() >= SIMILARITY
                        and (ratio := matcher.ratio()) >= SIMILARITY
                    ):
                        scored.append((-ratio, i, j))
            for _, i, j in sorted(scored):
                if olds[i] not in self.new_of and news[j] not in self.old_of:
                    self._pair(olds[i], news[j])


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
        self._owners(new, old.fields.owners, new.fields.owners)
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
            if old is None or new is None:
                old_text = measure_text(old) if old is not None else None
                new_text = measure_text(new) if new is not None else None
                self._add(
                    "measure-changed",
                    node,
                    _changed("measure", old_text, new_text),
                    old_text,
                    new_text,
                )
                continue
            if isinstance(old, str) or isinstance(new, str):
                old_text, new_text = measure_text(old), measure_text(new)
                if _norm(old_text) != _norm(new_text):
                    self._add(
                        "measure-changed",
                        node,
                        _changed("measure", old_text, new_text),
                        old_text,
                        new_text,
                    )
                continue
            self._measure_detail(node, old, new, labelled)

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
                _number(old) if before is not None else None,
                _number(new) if after is not None else None,
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
    parts.extend(short(owner, 40) for owner in fields.owners)
    if fields.cost is not None:
        parts.append(money(cost_amount(fields.cost), side.currency))
    return f" ({', '.join(parts)})" if parts else ""


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
    found: list[Measure | str] = [fields.measure] if fields.measure is not None else []
    if isinstance(fields, NodeFields):
        found.extend(fields.measures)
    return found


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
    baseline = measure.baseline
    if baseline is None:
        return None
    if isinstance(baseline, Baseline):
        as_of = f" ({baseline.as_of})" if baseline.as_of else ""
        return _value_text(baseline.value, measure.unit) + as_of
    return _value_text(baseline, measure.unit)


def _targets(measure: Measure) -> list[Target | float | int | str]:
    found: list[Target | float | int | str] = []
    if measure.target is not None:
        found.append(measure.target)
    found.extend(measure.targets)
    return found


def _target_key(measure: Measure) -> list[tuple[Any, str]]:
    return [
        (target.value, _norm(target.by)) if isinstance(target, Target) else (target, "")
        for target in _targets(measure)
    ]


def _targets_text(measure: Measure) -> str | None:
    parts = []
    for target in _targets(measure):
        if isinstance(target, Target):
            by = f" by {target.by}" if target.by else ""
            parts.append(_value_text(target.value, measure.unit) + by)
        else:
            parts.append(_value_text(target, measure.unit))
    return "; ".join(parts) or None


# --------------------------------------------------------------------------
# The plan's own fields


def _header_field(doc: PlanDoc, name: str) -> str | None:
    """A field of the plan's header; read from the raw data when the header did not validate."""
    if doc.header is not None:
        value = getattr(doc.header, name)
    else:
        data = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        value = data.get(name)
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int, float)) else None


def _period(doc: PlanDoc) -> tuple[str, tuple[date, date] | None] | None:
    """The plan period in words and as days, or ``None`` when the plan has none."""
    start: object
    end: object
    if doc.header is not None:
        if doc.header.period is None:
            return None
        start, end = doc.header.period.start, doc.header.period.end
    else:
        data = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        raw = data.get("period")
        if not isinstance(raw, dict):
            return None
        start, end = raw.get("start"), raw.get("end")
    try:
        if not isinstance(start, (str, int)) or not isinstance(end, (str, int)):
            raise TimelineError("", "", "invalid")
        first, last = parse_month(start)[0], parse_month(end)[1]
    except TimelineError:
        return f"{start} – {end}", None
    return f"{first:%B %Y} – {last:%B %Y}", (first, last)


_HEADER_TEXT = (
    ("title", "title", True),
    ("organization", "organization", False),
    ("adopted", "adoption date", False),
    ("template", "template", False),
    ("description", "description", False),
)


def _header_changes(old: PlanDoc | None, new: PlanDoc | None) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        doc = new or old
        assert doc is not None
        verb = "added" if old is None else "removed"
        title = _header_field(doc, "title") or doc.path
        detail = f"{verb}: {_quoted(title)}"
        return [
            Change(
                kind=f"plan-{verb}",
                where=PLAN_WHERE,
                before=None if old is None else title,
                after=title if old is None else None,
                message=f"plan {detail}",
                line=detail,
            )
        ]
    changes: list[Change] = []

    def add(kind: str, detail: str, before: Value, after: Value) -> None:
        changes.append(Change(kind, PLAN_WHERE, before, after, f"plan {detail}", "", detail))

    before_status = _header_field(old, "status") or "draft"
    after_status = _header_field(new, "status") or "draft"
    for field, name, quote in _HEADER_TEXT:
        before, after = _header_field(old, field), _header_field(new, field)
        if field == "template":
            before, after = before or "default", after or "default"
        if _norm(before) != _norm(after):
            add(f"plan-{field}-changed", _changed(name, before, after, quote=quote), before, after)
    old_period, new_period = _period(old), _period(new)
    if old_period != new_period and (
        old_period is None
        or new_period is None
        or old_period[1] is None
        or old_period[1] != new_period[1]
    ):
        before = old_period[0] if old_period else None
        after = new_period[0] if new_period else None
        add("plan-period-changed", _changed("period", before, after), before, after)
    if before_status != after_status:
        add(
            "plan-status-changed",
            f"status changed: {before_status} → {after_status}",
            before_status,
            after_status,
        )
    old_sections = old.header.sections if old.header else {}
    new_sections = new.header.sections if new.header else {}
    for key in [*new_sections, *(k for k in old_sections if k not in new_sections)]:
        before_section, after_section = old_sections.get(key), new_sections.get(key)
        name = f"section {_quoted(new.template.section_heading(key))}"
        if isinstance(before_section, list) or isinstance(after_section, list):
            old_items = _section_items(before_section)
            new_items = _section_items(after_section)
            listed = _list_changed(name, old_items, new_items)
            if listed is not None and not (old_items and new_items):
                count = _plural(len(old_items or new_items), "item")
                listed = f"{name} added ({count})" if new_items else f"{name} removed ({count})"
            if listed is not None:
                add("plan-section-changed", listed, old_items or None, new_items or None)
        elif _norm(before_section) != _norm(after_section):
            add(
                "plan-section-changed",
                _changed(name, before_section, after_section, quote=True),
                before_section,
                after_section,
            )
    return changes


def _section_items(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


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
