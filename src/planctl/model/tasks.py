"""A step's checklist (``tasks:``) read item by item, with where each item is and how far it is.

A plan writes a step's sub-actions as a list under ``tasks:``: short text
(``- Order books``) or a mapping with the item's ``task`` and, optionally,
``owner`` or ``owners``, ``due`` and ``done`` (``true``, ``false`` or the
date it was done). Every reader (rules, status, packets, exports, diff) takes
the items from :func:`tasks_of`, so they agree on what counts as done and on
how an item is named in messages ("Goal 1 › Action step 3 'Adopt
curriculum' › Task 2 'Order books'").

A step that records no status of its own takes one from its checklist
(:func:`status_from_tasks`): every item done is ``done``, some done is
``in-progress``, none done is ``not-started``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planctl.load.positions import PathKey
from planctl.model.build import Node
from planctl.model.plan import StepFields, Task
from planctl.model.wording import _short
from planctl.vocabulary.labels import SEPARATOR

DONE_MARK = "☑"
"""Before a checklist item that is done."""
OPEN_MARK = "☐"
"""Before a checklist item not done yet."""

TASK_LABEL = "Task"
"""How a checklist item is named in a place: ``Task 2 'Order books'``."""

YES_WORDS = frozenset({"yes", "y", "true", "done", "x", "complete", "completed"})
"""Words that say an item is done, as a ``done:`` written as text."""
NO_WORDS = frozenset({"no", "n", "false", "not yet", "open", "to do", "todo"})
"""Words that say an item is not done yet."""


@dataclass(frozen=True)
class TaskItem:
    """One checklist item of a step, read for every command."""

    node: Node
    """The step the item belongs to."""
    index: int
    """Its position in the list, from 0."""
    text: str
    """What is to be done (the item's text or its ``task``)."""
    owners: tuple[tuple[PathKey, str], ...]
    """Each owner with its data path (``owner`` or ``owners`` item)."""
    due: str | None
    done: bool
    done_on: str | None
    """The date the item was done, when ``done`` gives one."""

    @property
    def number(self) -> int:
        """Its position in the list, from 1."""
        return self.index + 1

    @property
    def path(self) -> PathKey:
        """The data path of the item."""
        return (*self.node.path, "tasks", self.index)

    @property
    def label(self) -> str:
        """``Task 2 'Order books'``."""
        shown = f" '{_short(self.text)}'" if self.text else ""
        return f"{TASK_LABEL} {self.number}{shown}"

    @property
    def where(self) -> str:
        """The item's place in words: its step's place, then its own label."""
        return f"{self.node.where}{SEPARATOR}{self.label}"

    @property
    def names(self) -> list[str]:
        """Its owners, as written."""
        return [name for _, name in self.owners]

    @property
    def mark(self) -> str:
        """Its box: ☑ done, ☐ not yet."""
        return DONE_MARK if self.done else OPEN_MARK

    @property
    def line(self) -> str:
        """The item in one line, as packets and exports show it.

        ``☑ Train coaches (Ana Ruiz; due 2025-01; done 2025-01-20)``.
        """
        about = [", ".join(self.names)] if self.owners else []
        if self.due:
            about.append(f"due {self.due}")
        if self.done_on:
            about.append(f"done {self.done_on}")
        said = f" ({'; '.join(about)})" if about else ""
        return f"{self.mark} {self.text}{said}"


def done_word(value: bool | str | None) -> tuple[bool, str | None]:
    """(whether ``done:`` says done, the date it gives or ``None``)."""
    if value is None or value is False:
        return False, None
    if value is True:
        return True, None
    word = " ".join(value.split()).casefold()
    if word in NO_WORDS or not word:
        return False, None
    if word in YES_WORDS:
        return True, None
    return True, value


def is_done_word(value: str) -> bool:
    """True when a ``done:`` text is a yes or no word rather than a date."""
    word = " ".join(value.split()).casefold()
    return not word or word in YES_WORDS or word in NO_WORDS


def _owner_paths(raw: Any, task: Task, base: PathKey) -> tuple[tuple[PathKey, str], ...]:
    found: list[tuple[PathKey, str]] = []
    for key, names in (("owner", task.owner), ("owners", task.owners)):
        written = raw.get(key) if isinstance(raw, dict) else None
        for position, name in enumerate(names):
            path = (*base, key, position) if isinstance(written, list) else (*base, key)
            found.append((path, name))
    return tuple(found)


def tasks_of(node: Node) -> list[TaskItem]:
    """The checklist of a step (empty for a node that is not a step or did not validate)."""
    fields = node.fields
    if not isinstance(fields, StepFields) or not fields.tasks:
        return []
    raw_items = node.raw.get("tasks")
    items: list[TaskItem] = []
    for index, entry in enumerate(fields.tasks):
        base = (*node.path, "tasks", index)
        if isinstance(entry, Task):
            raw = raw_items[index] if isinstance(raw_items, list) and index < len(raw_items) else {}
            done, done_on = done_word(entry.done)
            items.append(
                TaskItem(
                    node=node,
                    index=index,
                    text=" ".join(entry.task.split()),
                    owners=_owner_paths(raw, entry, base),
                    due=entry.due,
                    done=done,
                    done_on=done_on,
                )
            )
        else:
            items.append(
                TaskItem(
                    node=node,
                    index=index,
                    text=" ".join(entry.split()),
                    owners=(),
                    due=None,
                    done=False,
                    done_on=None,
                )
            )
    return items


def task_counts(items: Sequence[TaskItem]) -> tuple[int, int]:
    """(items done, items in all)."""
    return sum(item.done for item in items), len(items)


def status_from_tasks(items: Sequence[TaskItem]) -> str:
    """The status a checklist gives its step: ``done``, ``in-progress``, ``not-started``, or ""."""
    done, total = task_counts(items)
    if not total:
        return ""
    if done == total:
        return "done"
    return "in-progress" if done else "not-started"


def tasks_text(done: int, total: int) -> str:
    """``3 of 5 tasks done`` (``1 of 1 task done``); empty without tasks."""
    if not total:
        return ""
    return f"{done} of {total} {'task' if total == 1 else 'tasks'} done"


def tasks_percent(done: int, total: int) -> int | None:
    """The share of items done, as a whole percentage (``None`` without tasks)."""
    return round(100 * done / total) if total else None
