"""Which old node became which new one: :class:`_Matcher`, over one :class:`_Side` of each version.

The rules (id, exact text, normalised text, similar text) are in
:mod:`planctl.diff.compare`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from planctl.diff.compare.model import PLAN_WHERE
from planctl.diff.compare.wording import _fold, _norm, short
from planctl.model.build import Node, PlanDoc
from planctl.timeline import Timeline
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.labels import trail as join_trail

SIMILARITY = 0.8
"""The least :class:`difflib.SequenceMatcher` ratio of two titles taken as one node reworded."""

MAX_FUZZY_PAIRS = 250_000
"""Above this many candidate pairs under one parent, only exact and normalised text match."""


# Kinds for the levels above the steps; a level a district's template names
# itself uses "group".
_LEVEL_KIND = {"goals": "goal", "objectives": "objective", "strategies": "strategy"}


# --------------------------------------------------------------------------
# One side of the comparison


class _Side:
    """One version of the plan, with what comparing it needs worked out once."""

    def __init__(self, doc: PlanDoc | None) -> None:
        self.doc = doc
        self.dates = PlanDates(doc)
        self.currency = "USD"
        if doc is None:
            return
        header = doc.header
        self.currency = (header.currency if header else None) or doc.template.currency

    def nodes(self) -> list[Node]:
        return list(self.doc.nodes()) if self.doc is not None else []

    def roots(self) -> list[Node]:
        return list(self.doc.roots) if self.doc is not None else []

    def timeline(self, text: str | None) -> Timeline | None:
        return self.dates.read(text)

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
    """Where ``node`` is below its top-level node: ``Objective 2 › Action step 3 'Adopt…'``."""
    if node.parent is None:
        return node.where
    labels: list[str] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        labels.append(current.label)
        current = current.parent
    where = join_trail(reversed(labels))
    return f"{where} '{short(node.title, 48)}'" if node.title else where


def _trail(node: Node | None) -> str:
    return node.trail if node is not None else PLAN_WHERE


# --------------------------------------------------------------------------
# Matching


class _Matcher:
    """Pairs each old node with the new node it became (see :mod:`planctl.diff.compare`)."""

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
