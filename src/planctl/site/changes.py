""" "What changed": the semantic diff of every plan since a revision, as data for a page.

The comparison is :mod:`planctl.diff`'s (``planctl diff --rev REV``): steps
added, moved or re-dated, owners, targets and costs, in planning terms. A
site of plans outside git, or a revision git does not know, gets a page
saying so instead of failing the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from planctl.diff.command import compare
from planctl.errors import UserError
from planctl.vocabulary.money import money, signed_money


def what_changed(
    displays: Sequence[str], since: str, pages: Mapping[str, str]
) -> list[dict[str, Any]] | None:
    """Each plan's changes since ``since`` (only plans with changes), or None when unavailable.

    ``displays`` are the plan files as found; ``pages`` maps each to its page on the site.
    """
    try:
        compared = compare(None, None, rev=since, to=None, paths=list(displays))
    except UserError:
        return None
    result = []
    for plan in compared:
        diff = plan.diff
        if not diff.changed:
            continue
        cost = diff.cost
        result.append(
            {
                "path": plan.path,
                "page": pages.get(plan.path, ""),
                "heading": plan.heading,
                "old": plan.old,
                "new": plan.new,
                "summary": diff.summary(),
                "groups": [
                    {"goal": goal, "changes": [change.line for change in changes]}
                    for goal, changes in diff.groups()
                ],
                "cost": (
                    {
                        "before": money(cost.before, cost.currency),
                        "after": money(cost.after, cost.currency),
                        "net": signed_money(cost.net, cost.currency),
                    }
                    if cost.goals or cost.net
                    else None
                ),
            }
        )
    return result
