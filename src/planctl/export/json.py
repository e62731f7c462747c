"""Plans as normalised JSON, for scripts: every field, with its dates read.

::

    {"version": 1,
     "plans": [{"path": "examples/district-pl-plan.plan.yaml", "template": "default",
                "header": {"title", "organization", "period", "status", ..., "sections"},
                "period": {"start": "2024-07-01", "end": "2027-06-30"},
                "people": [{"name", "role", "team", "email", "aliases"}],
                "tree": [{"level": "goals", "label": "Goal G1", "number": 1,
                          "trail": "Goal G1", "where": "Goal G1 'Every teacher…'",
                          "is_step": false, "fields": {...every field...}, "custom": {...},
                          "children": [{"level": "objectives", ...,
                                        "children": [{"level": "steps", "is_step": true,
                                                      "fields": {...},
                                                      "dates": {"due": {...}, ...},
                                                      "due_date": "2024-10-31",
                                                      "status": "done",
                                                      "tasks": [...]}]}]}]}]}

A node's ``label`` is its level in the template's words and its number as
the plan writes it: its id where it has one (``Goal G1``), else its position
(``Action step 2``); ``number`` is always its position among its siblings.
Fields are as the plan's models hold them (owners always a list, every field
present, ``null`` when not written). A step's ``dates`` give each date it
carries (``start``, ``due``, ``completed``, each of ``dates``, and
``repeat``) read: ``{"text", "kind", "start", "end", "precision"}`` with ISO
days (and ``milestones`` for a list of dates or each occurrence of a yearly
date, kind ``yearly`` with ``every``: ``March 30``; ``year_only`` when a year
is written with no month), or ``{"text", "error"}`` when planctl cannot place
it. ``due_date`` and ``status`` are read as ``planctl
status`` reads them (a step with no status of its own takes the one its
checklist gives it). A step's ``tasks`` list its checklist read:
``{"number", "task", "where", "owners", "due", "done", "done_on",
"dates"}``, ``owners`` from ``owner`` and ``owners`` together, ``done``
true or false, ``done_on`` the date it was done when written, and
``dates`` the ``due`` and ``done`` dates read as above. With ``--owner``
the tree keeps that owner's steps and the goals and objectives above them.

Text is UTF-8 as written; DEL, the C1 controls and bidirectional controls
are written as ``\\u`` escapes like the other controls
(:func:`planctl.escape.json_text`), so no raw control reaches a terminal
that shows the document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from planctl.escape import json_text
from planctl.export.command import ExportPlan
from planctl.model.build import Node, PlanDoc
from planctl.model.plan import StepFields
from planctl.model.tasks import TaskItem, tasks_of
from planctl.progress.status import OwnerFilter, step_progress
from planctl.timeline import Timeline, TimelineError
from planctl.vocabulary.dates import PlanDates

VERSION = 1
_ANY_DAY = date(2000, 1, 1)


def plain(value: Any) -> Any:
    """A model's value as JSON data, field by field (every field, in declaration order)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def timeline_dict(timeline: Timeline) -> dict[str, Any]:
    """A timeline as ISO days."""
    result: dict[str, Any] = {
        "text": timeline.text,
        "kind": timeline.kind,
        "start": timeline.start.isoformat(),
        "end": timeline.end.isoformat(),
        "precision": timeline.precision,
    }
    if timeline.repeat:
        result["repeat"] = timeline.repeat
    if timeline.every:
        result["every"] = timeline.every
    if timeline.year_only:
        result["year_only"] = True
    if timeline.milestones:
        result["milestones"] = [timeline_dict(item) for item in timeline.milestones]
    return result


def _read(text: str, dates: PlanDates) -> dict[str, Any]:
    found = dates.reading(text)
    if isinstance(found, TimelineError):
        return {"text": text, "error": found.message}
    return timeline_dict(found)


def _step_dates(fields: StepFields, dates: PlanDates) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in ("start", "due", "completed", "repeat"):
        value = getattr(fields, name)
        if value:
            found[name] = _read(value, dates)
    if fields.dates:
        found["dates"] = [_read(text, dates) for text in fields.dates]
    return found


def _task_dict(item: TaskItem, dates: PlanDates) -> dict[str, Any]:
    read: dict[str, Any] = {}
    if item.due:
        read["due"] = _read(item.due, dates)
    if item.done_on:
        read["done"] = _read(item.done_on, dates)
    return {
        "number": item.number,
        "task": item.text,
        "where": item.where,
        "owners": item.names,
        "due": item.due,
        "done": item.done,
        "done_on": item.done_on,
        "dates": read,
    }


def _keep(node: Node, owner: OwnerFilter | None, doc: PlanDoc) -> bool:
    if owner is None:
        return True
    if node.is_step:
        return owner.owns(node, doc)
    return any(_keep(child, owner, doc) for child in node.children)


def node_dict(
    plan: ExportPlan, node: Node, owner: OwnerFilter | None, dates: PlanDates
) -> dict[str, Any]:
    """One node and the nodes below it."""
    fields = node.fields
    result: dict[str, Any] = {
        "level": node.level.key,
        "label": node.label,
        "number": node.number,
        "trail": node.trail,
        "where": node.where,
        "is_step": node.is_step,
        "fields": plain(fields) if fields is not None else None,
        "custom": dict(node.custom),
    }
    if fields is None:
        # A node whose fields do not fit the plan format: kept as written.
        result["raw"] = {
            key: value for key, value in node.raw.items() if not isinstance(value, (list, dict))
        }
    if node.is_step:
        # Due date and status do not depend on the as-of date.
        progress = step_progress(plan.doc, node, as_of=_ANY_DAY, window=0, dates=dates)
        result["dates"] = _step_dates(fields, dates) if isinstance(fields, StepFields) else {}
        result["due_date"] = progress.due_date.isoformat() if progress.due_date else None
        result["status"] = progress.status
        result["tasks"] = [_task_dict(item, dates) for item in tasks_of(node)]
    else:
        result["children"] = [
            node_dict(plan, child, owner, dates)
            for child in node.children
            if _keep(child, owner, plan.doc)
        ]
    return result


def plan_dict(plan: ExportPlan, owner: OwnerFilter | None) -> dict[str, Any]:
    """One plan as plain data."""
    doc = plan.doc
    header = doc.header
    dates = PlanDates(doc)
    period = dates.period
    header_data = plain(header) if header else None
    if header_data is not None:
        del header_data["people"]
    return {
        "path": doc.path,
        "template": doc.template.name,
        "header": header_data,
        "period": (
            {"start": period[0].isoformat(), "end": period[1].isoformat()} if period else None
        ),
        "people": plain(header.people) if header else [],
        "tree": [
            node_dict(plan, root, owner, dates) for root in doc.roots if _keep(root, owner, doc)
        ],
    }


def document(plans: Sequence[ExportPlan], owner: OwnerFilter | None) -> dict[str, Any]:
    """The JSON document as plain data."""
    return _document([plan_dict(plan, owner) for plan in plans], owner)


def _document(parts: Sequence[dict[str, Any]], owner: OwnerFilter | None) -> dict[str, Any]:
    return {
        "version": VERSION,
        "owner": owner.given if owner is not None else None,
        "plans": list(parts),
    }


ENCODING = "utf-8"


def part(plan: ExportPlan, owner: OwnerFilter | None) -> dict[str, Any]:
    """One plan as plain data (a worker process can make it; see :func:`join`)."""
    return plan_dict(plan, owner)


def join(
    parts: Sequence[dict[str, Any]], owner: OwnerFilter | None, *, stamp: date | None = None
) -> str:
    """The JSON text of the plans' parts, indented by two, with a final newline."""
    return json_text(json.dumps(_document(parts, owner), indent=2, ensure_ascii=False)) + "\n"


def export(
    plans: Sequence[ExportPlan], owner: OwnerFilter | None, *, stamp: date | None = None
) -> str:
    """The JSON text, indented by two, with a final newline (``stamp`` is for calendars only)."""
    return join([part(plan, owner) for plan in plans], owner, stamp=stamp)
