"""A draft may be incomplete: its gaps are warnings until the plan is adopted.

A plan whose header says ``status: draft`` is work in progress: the starter
plan ``planctl init`` writes, a template being filled in. Its gaps (a required
field still empty, a goal with nothing under it yet, a date left blank or as
the template's ``YYYY-MM``) are reported as warnings, so the draft can be
committed, reviewed and rendered while it is written; ``--strict`` still fails
them. Once the plan says ``status: adopted`` they are errors again. Everything
else (a date that is wrong, an owner not on the roster) keeps its severity.
A plan that says no status is not treated as a draft.
"""

from __future__ import annotations

import re
from typing import Any

from planctl.load.positions import PathKey
from planctl.model.build import PlanDoc

GAP_RULES = frozenset({"required-fields", "no-empty-goal", "date-format"})
"""The rules whose findings in a draft can be gaps still to fill in."""

DRAFT_NOTE = "a warning while the plan is a draft; an error once it is adopted"

_PLACEHOLDER = re.compile(r"[YMD]{2,4}(?:[-/][YMD]{2,4})*")


def is_draft(doc: PlanDoc) -> bool:
    """True when the plan's header says ``status: draft`` in so many words."""
    data = doc.loaded.data
    if not isinstance(data, dict):
        return False
    status = data.get("status")
    return isinstance(status, str) and status.strip().casefold() == "draft"


def is_gap(doc: PlanDoc, rule: str, path: PathKey) -> bool:
    """True when the finding of ``rule`` at ``path`` is a field still to fill in.

    A missing field or a goal with nothing under it is one; a date only when it
    is empty or the template's placeholder (``YYYY-MM``), not when it is wrong.
    """
    if rule not in GAP_RULES:
        return False
    if rule != "date-format":
        return True
    value = _value_at(doc.loaded.data, path)
    if value is None:
        return True
    return isinstance(value, str) and (
        not value.strip() or _PLACEHOLDER.fullmatch(value.strip()) is not None
    )


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
