"""Status words: the five a step may have, the three a plan may have, and how planners write them.

A step is ``not-started``, ``in-progress``, ``done``, ``blocked`` or
``dropped``. Planners write these many ways ("In Progress", "Not Started",
"On Hold", "Complete", "To do", "Stuck", "Cancelled"); every spelling here
means its status wherever planctl reads one: the ``status-word`` rule, a
template's :meth:`~planctl.template.PlanTemplate.resolve_status`, the
importer, ``status``, ``diff``, render and export. Spellings are matched
ignoring case, spaces, hyphens and underscores ("in_progress", "IN-PROGRESS"
and "In  progress" are one word). A district's own words ("On target") come
from its template, not from here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

StatusWord = Literal["not-started", "in-progress", "done", "blocked", "dropped"]
PlanStatus = Literal["draft", "adopted", "archived"]

STATUS_WORDS: tuple[StatusWord, ...] = ("not-started", "in-progress", "done", "blocked", "dropped")
"""The standard step statuses, in the order a plan moves through them."""

STATUS_LABELS: dict[str, str] = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "done": "Done",
    "blocked": "Blocked",
    "dropped": "Dropped",
}
"""Each standard status as reports, packets and charts print it."""

SYNONYMS: dict[StatusWord, tuple[str, ...]] = {
    "not-started": ("not started", "not yet started", "to do", "todo", "planned"),
    "in-progress": ("in progress", "started", "ongoing", "underway", "under way"),
    "done": ("done", "complete", "completed", "finished", "closed"),
    "blocked": ("blocked", "on hold", "stalled", "stuck"),
    "dropped": ("dropped", "cancelled", "canceled", "discontinued"),
}
"""Every spelling planners use for each status, folded (see :func:`fold`)."""

PLAN_STATUSES: tuple[PlanStatus, ...] = ("draft", "adopted", "archived")
"""The statuses of a plan as a whole."""

PLAN_STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "adopted": "Adopted",
    "archived": "Archived",
}
"""Each plan status as printed."""

_SEPARATORS = re.compile(r"[\s_\-]+")


def fold(word: str) -> str:
    """``word`` lower-cased, with each run of spaces, hyphens and underscores one space."""
    return _SEPARATORS.sub(" ", word.casefold()).strip()


SPELLINGS: dict[str, StatusWord] = {
    fold(spelling): status for status, spellings in SYNONYMS.items() for spelling in spellings
}
"""Each folded spelling and the status it means."""


@lru_cache(maxsize=1024)
def standard_status(word: str) -> StatusWord | None:
    """The standard status ``word`` means ("In Progress" → ``in-progress``), or ``None``."""
    return SPELLINGS.get(fold(word))


def plan_status(word: str) -> PlanStatus | None:
    """The plan status ``word`` names ("Adopted" → ``adopted``), or ``None``."""
    folded = fold(word)
    for status in PLAN_STATUSES:
        if status == folded:
            return status
    return None
