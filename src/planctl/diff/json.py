"""The changes as JSON, for scripts and bots.

::

    {"version": 1,
     "plans": [{"path": "plans/pl.plan.yaml", "old": "adopted-2024", "new": "working tree",
                "changed": true, "summary": "1 step added, net cost +$9,600",
                "changes": [{"kind": "step-added", "where": "Goal G3 › Action step 4 'Host…'",
                             "goal": "Goal G3 'Make professional…'", "before": null,
                             "after": "Host family learning nights", "message": "added …"}],
                "cost": {"currency": "USD", "before": 0, "after": 9600, "net": 9600,
                         "message": "Plan: +$9,600 (from $0 to $9,600)",
                         "goals": [{"where", "label", "before", "after", "net", "message"}]}}],
     "summary": {"plans": 1, "changed": 1}}

``old`` and ``new`` name the two sides: file paths, or a revision and
``working tree``. Fields may be added within version 1; none will be
removed or change meaning.

Text is UTF-8 as written; DEL, the C1 controls and bidirectional controls
are written as ``\\u`` escapes like the other controls
(:func:`planctl.escape.json_text`), so no raw control reaches a terminal
that shows the document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from planctl.diff.command import ComparedPlan
from planctl.escape import json_text

VERSION = 1


def document(plans: Sequence[ComparedPlan]) -> dict[str, Any]:
    """The JSON document as plain data."""
    return {
        "version": VERSION,
        "plans": [
            {
                "path": plan.path,
                "old": plan.old,
                "new": plan.new,
                "changed": plan.diff.changed,
                "summary": plan.diff.summary(),
                "changes": [change.to_dict() for change in plan.diff.changes],
                "cost": plan.diff.cost.to_dict(),
            }
            for plan in plans
        ],
        "summary": {
            "plans": len(plans),
            "changed": sum(1 for plan in plans if plan.diff.changed),
        },
    }


def write(plans: Sequence[ComparedPlan], out: TextIO) -> None:
    """Write the document indented by two, with a final newline."""
    out.write(json_text(json.dumps(document(plans), indent=2, ensure_ascii=False)) + "\n")
