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

The comparison lives in :mod:`~planctl.diff.compare.match` (which nodes
match), :mod:`~planctl.diff.compare.changes` (what changed in them, the cost,
and :func:`diff_docs`), :mod:`~planctl.diff.compare.header` (the plan's own
fields), :mod:`~planctl.diff.compare.model` (the changes as data, and the
summary line) and :mod:`~planctl.diff.compare.wording` (how plan text reads
in messages).
"""

from __future__ import annotations

from planctl.diff.compare.changes import diff_docs
from planctl.diff.compare.match import MAX_FUZZY_PAIRS, SIMILARITY
from planctl.diff.compare.model import (
    PLAN_WHERE,
    Change,
    CostSummary,
    GoalCost,
    PlanDiff,
    Value,
    summary_line,
)
from planctl.diff.compare.wording import MESSAGE_TEXT, short

__all__ = [
    "MAX_FUZZY_PAIRS",
    "MESSAGE_TEXT",
    "PLAN_WHERE",
    "SIMILARITY",
    "Change",
    "CostSummary",
    "GoalCost",
    "PlanDiff",
    "Value",
    "diff_docs",
    "short",
    "summary_line",
]
