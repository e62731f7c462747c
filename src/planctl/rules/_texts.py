"""The texts of a plan that a published packet or site shows, for the privacy rules.

The privacy rules read every text a reader of the published plan sees:
titles and actions, descriptions, outcomes, comments, update notes, measures
(indicator, source, description, notes, and values written as text), tasks,
narrative sections and the district's own fields. They walk the plan as
written rather than the model, so a field the model does not know (a
district's column, a template alias) is read too.

Left out are the values that are not free text — ids, dates, statuses,
owners (checked against the roster by their own rule), periods, cost codes
and amounts, ``silence`` reasons — and the roster itself (``people:``), whose
names and contacts are meant to be published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from planctl.load.positions import PathKey
from planctl.model.build import Node, PlanDoc

# Keys whose values are not free text a reader takes as prose about people.
SKIPPED_KEYS = frozenset(
    {
        "planctl",
        "template",
        "id",
        "status",
        "silence",
        "period",
        "adopted",
        "lang",
        "currency",
        "start",
        "due",
        "completed",
        "dates",
        "date",
        "as_of",
        "by",
        "owners",
        "owner",
        "aligns_to",
        "unit",
        "direction",
        "repeat",
        "amount",
        "by_year",
        "code",
        "done",
        "people",
    }
)


@dataclass(frozen=True)
class TextAt:
    """A published text, its data path, and the node it belongs to (None: the plan)."""

    path: PathKey
    text: str
    node: Node | None

    @property
    def where(self) -> str:
        """Where the text is, in words."""
        return self.node.where if self.node is not None else "the plan"


def published_texts(doc: PlanDoc) -> Iterator[TextAt]:
    """Every published text of ``doc`` in document order, with its node."""
    by_path = {node.path: node for node in doc.nodes()}
    pending: list[tuple[PathKey, Any, Node | None]] = [((), doc.loaded.data, None)]
    while pending:
        path, value, node = pending.pop()
        node = by_path.get(path, node)
        if isinstance(value, str):
            if value.strip():
                yield TextAt(path, value, node)
        elif isinstance(value, dict):
            children = [
                ((*path, key), item, node)
                for key, item in value.items()
                if isinstance(key, str) and key not in SKIPPED_KEYS
            ]
            pending.extend(reversed(children))
        elif isinstance(value, list):
            pending.extend(
                reversed([((*path, index), item, node) for index, item in enumerate(value)])
            )
