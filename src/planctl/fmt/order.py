"""The canonical order of a plan's keys: the plan, its levels and its action steps.

Also puts the keys of flow mappings (``{action: a, due: 2013-05}``) in that order.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from planctl.model.plan import NodeFields, StepFields, field_names

if TYPE_CHECKING:
    from planctl.template import LevelSpec, PlanTemplate

HEADER_ORDER = (
    "planctl",
    "template",
    "title",
    "organization",
    "period",
    "status",
    "adopted",
    "description",
    "currency",
    "lang",
    "sections",
    "people",
    "silence",
)
STEP_HEAD = ("id", "action", "description")
STEP_ROW = (
    "tasks",
    "phase",
    "repeat",
    "start",
    "due",
    "dates",
    "owners",
    "outcome",
    "measure",
    "measures",
    "cost",
    "resources",
    "benefits",
    "tags",
    "status",
    "completed",
    "updates",
    "comments",
)
"""The fields of an action step's row, in the order planners fill them in.

``tasks`` (the step's checklist) comes first, under the action it divides up, unless the
template gives it a column of its own.
"""
STEP_TAIL = ("aligns_to", "silence")

_UNKNOWN_RANK = 1000
_LEVEL_RANK = 2000
_STICKY = -1
_MERGE_RANK = -2
_MERGE_KEY = "<<"


@dataclass(frozen=True)
class _Order:
    """How the keys of one kind of mapping (the plan, a goal, a step) are ordered."""

    ranks: dict[str, int]
    sticky: frozenset[str] = frozenset()
    children: tuple[LevelSpec, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    """The template's other names for fields and the level below (``initiatives`` → ``steps``)."""

    def rank(self, key: str) -> int:
        key = self.aliases.get(key, key)
        if key == _MERGE_KEY:
            return _MERGE_RANK
        if key in self.ranks:
            return self.ranks[key]
        if key in self.sticky:
            return _STICKY
        return _UNKNOWN_RANK

    def permutation(self, keys: Sequence[str]) -> list[int]:
        """The positions of ``keys`` in canonical order.

        A sticky key (a district's own field) joins the key written before it;
        groups are then sorted by the rank of their first key, stably, so keys
        of equal rank (unknown ones) keep the author's order.
        """
        runs: list[tuple[int, list[int]]] = []
        for index, key in enumerate(keys):
            rank = self.rank(key)
            if rank == _STICKY and runs:
                runs[-1][1].append(index)
            else:
                runs.append((rank, [index]))
        runs.sort(key=lambda run: run[0])
        return [index for _, members in runs for index in members]

    def child(self, key: str) -> LevelSpec | None:
        key = self.aliases.get(key, key)
        for level in self.children:
            if level.key == key:
                return level
        return None


def _ranked(names: Sequence[str], children: Sequence[LevelSpec]) -> dict[str, int]:
    ranks = {name: index for index, name in enumerate(names)}
    for index, level in enumerate(children):
        ranks[level.key] = _LEVEL_RANK + index
    return ranks


def step_order(template: PlanTemplate) -> list[str]:
    """The order of an action step's fields under ``template`` (its own fields aside).

    ``id``, ``action`` and ``description`` come first and ``aligns_to`` and
    ``silence`` last. In between, the template's columns decide: each column
    brings the fields that follow it in :data:`STEP_ROW` up to the next
    column; fields before the first column keep their place at the front.
    """

    custom = {item.key for item in template.custom_fields("steps")}
    fixed = set(STEP_HEAD) | set(STEP_TAIL)
    columns: list[str] = []
    for column in template.columns:
        name = column.field
        if name not in fixed and name not in columns and (name in STEP_ROW or name in custom):
            columns.append(name)
    lead: list[str] = []
    blocks: dict[str, list[str]] = {name: [name] for name in columns}
    current = lead
    for name in STEP_ROW:
        if name in blocks:
            current = blocks[name]
        else:
            current.append(name)
    order = [*STEP_HEAD, *lead]
    for name in columns:
        order.extend(blocks[name])
    placed = set(order) | set(STEP_TAIL)
    # A field added to the model later still gets a place: after the row.
    order.extend(name for name in field_names(StepFields) if name not in placed)
    order.extend(STEP_TAIL)
    return order


@dataclass
class _Orders:
    """The key orders of one template, by level (``None``: the plan itself)."""

    template: PlanTemplate
    cache: dict[str | None, _Order] = field(default_factory=dict)

    def of(self, level: str | None) -> _Order:
        found = self.cache.get(level)
        if found is None:
            found = self._make(level)
            self.cache[level] = found
        return found

    def _make(self, level: str | None) -> _Order:

        template = self.template
        if level is None:
            children = template.child_levels(None)
            return _Order(_ranked(HEADER_ORDER, children), children=children)
        custom = [item.key for item in template.custom_fields(level)]
        if level == "steps":
            # A district field that is a column has the column's place; the others are sticky.
            columns = {column.field for column in template.columns}
            sticky = frozenset(name for name in custom if name not in columns)
            return _Order(
                _ranked(step_order(template), ()), sticky, aliases=template.field_aliases(level)
            )
        children = template.child_levels(level)
        return _Order(
            _ranked(field_names(NodeFields), children),
            frozenset(custom),
            children,
            template.field_aliases(level),
        )


def _reorder_flow(data: Any, orders: _Orders) -> None:
    """Put the keys of flow-style mappings (``{action: a, due: 2013-05}``) in order."""

    def visit(node: Any, level: str | None) -> None:
        if not isinstance(node, MutableMapping):
            return
        order = orders.of(level)
        if _is_flow(node):
            keys = list(node.keys())
            permutation = order.permutation(keys)
            if permutation != sorted(permutation):
                for index in permutation:
                    node.move_to_end(keys[index])  # type: ignore[attr-defined]
        for key in list(node.keys()):
            child = order.child(key)
            items = node[key]
            if child is not None and isinstance(items, MutableSequence):
                for item in items:
                    visit(item, child.key)

    visit(data, None)


def _is_flow(node: Any) -> bool:
    attribute = getattr(node, "fa", None)
    return bool(attribute is not None and attribute.flow_style())
