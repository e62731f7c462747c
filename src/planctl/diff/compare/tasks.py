"""What changed on a step's checklist: tasks added, removed, renamed, done, reopened, re-dated.

Tasks are matched by their text (case and spacing aside); a task whose text changed is matched
with the task at its position when neither has a match of its own, and reported renamed. Each
change is a ``(kind, detail, before, after)`` for :mod:`planctl.diff.compare.changes` to place:

* ``task-added`` / ``task-removed``: "task added: 'Order books'";
* ``task-renamed``: "task renamed: 'Order books' → 'Order texts'";
* ``task-done`` / ``task-reopened``: "task 'Order books' done (2025-01)", "task 'Order books'
  no longer done";
* ``task-changed``: its due date or owners: "task 'Order books' due changed: 2025-01 → 2025-02".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from planctl.diff.compare.model import Value
from planctl.diff.compare.wording import _changed, _fold, _list_changed, _norm, _quoted
from planctl.model.tasks import TaskItem
from planctl.timeline import Timeline

TaskChange = tuple[str, str, Value, Value]
"""(kind, detail, before, after)."""


def _pairs(
    old: Sequence[TaskItem], new: Sequence[TaskItem]
) -> list[tuple[TaskItem | None, TaskItem | None]]:
    """Old and new tasks paired: by text, then unmatched ones at the same position."""
    by_text: dict[str, list[TaskItem]] = {}
    for item in old:
        by_text.setdefault(_fold(item.text), []).append(item)
    matched: dict[int, TaskItem] = {}
    for index, item in enumerate(new):
        same = by_text.get(_fold(item.text))
        if same:
            matched[index] = same.pop(0)
    used = {id(item) for item in matched.values()}
    left = [item for item in old if id(item) not in used]
    for index in range(len(new)):
        if index in matched:
            continue
        at = next((o for o in left if o.index == index), None)
        if at is not None:
            matched[index] = at
            left.remove(at)
    pairs: list[tuple[TaskItem | None, TaskItem | None]] = [
        (matched.get(index), item) for index, item in enumerate(new)
    ]
    pairs.extend((item, None) for item in left)
    return pairs


def task_changes(
    old: Sequence[TaskItem],
    new: Sequence[TaskItem],
    same_days: Callable[[str, str], bool],
) -> Iterator[TaskChange]:
    """The changes from ``old`` to ``new`` (a step's checklist on each side).

    ``same_days(before, after)`` is true when two due dates name the same days written
    another way (``May/2025`` and ``2025-05``), which is no change.
    """
    for before, after in _pairs(old, new):
        if before is None and after is not None:
            yield "task-added", f"task added: {_quoted(after.text)}", None, after.text
        elif after is None and before is not None:
            yield "task-removed", f"task removed: {_quoted(before.text)}", before.text, None
        elif before is not None and after is not None:
            yield from _compare(before, after, same_days)


def _compare(
    before: TaskItem, after: TaskItem, same_days: Callable[[str, str], bool]
) -> Iterator[TaskChange]:
    name = _quoted(after.text)
    if _fold(before.text) != _fold(after.text):
        yield (
            "task-renamed",
            f"task renamed: {_quoted(before.text)} → {name}",
            before.text,
            after.text,
        )
    if before.done != after.done:
        if after.done:
            when = f" ({after.done_on})" if after.done_on else ""
            yield "task-done", f"task {name} done{when}", False, True
        else:
            yield "task-reopened", f"task {name} no longer done", True, False
    old_due, new_due = before.due, after.due
    if _norm(old_due) != _norm(new_due) and not (
        old_due and new_due and same_days(old_due, new_due)
    ):
        yield "task-changed", _changed(f"task {name} due", old_due, new_due), old_due, new_due
    detail = _list_changed(f"task {name} owners", before.names, after.names)
    if detail is not None:
        yield "task-changed", detail, before.names, after.names


def same_days(
    read_old: Callable[[str], Timeline | None], read_new: Callable[[str], Timeline | None]
) -> Callable[[str, str], bool]:
    """A ``same_days`` test reading each date on its own side (its plan's period)."""

    def test(before: str, after: str) -> bool:
        old, new = read_old(before), read_new(after)
        return old is not None and new is not None and old.canonical() == new.canonical()

    return test
