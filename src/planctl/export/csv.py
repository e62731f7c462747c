"""Action steps as CSV, one row per step, for a spreadsheet.

Columns: ``plan`` (the file), ``plan_title``, ``goal`` (the plan's top level,
whatever the template calls it: a strategy in ``lmsd-action-plan``, an
objective in ``vmosa``), ``objective`` (the level below, empty for a step
directly under the top level), ``step`` (its number under its goal or
objective), ``id``, ``action``, ``start`` and ``due`` as written,
``start_date`` and ``due_date`` (ISO; the due date is the last day the
timeline covers), ``owners`` (joined with ``"; "``), ``status``,
``completed``, ``outcome``, ``measure`` (in one line), ``cost`` (a plain
number, so the column sums), ``currency``, ``funding`` and ``tags``
(``"; "``). Goals and objectives are written ``Goal 1: title``.

The file is UTF-8 with a byte-order mark and CRLF line ends (RFC 4180):
Excel reads a UTF-8 CSV without the mark in the machine's legacy code page
and garbles accents and ``›``; with it, Excel, LibreOffice, Google Sheets and
Python's ``utf-8-sig`` all read the file correctly. (Written to the screen,
the text has no mark.) Text a spreadsheet would take for a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe, so opening a plan's export cannot run anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from planctl.export import ExportPlan, ancestors, plan_steps
from planctl.model.build import SEPARATOR, Node
from planctl.model.plan import StepFields
from planctl.progress.status import NOT_RECORDED, OwnerFilter, StepProgress
from planctl.render.view import measure_text

COLUMNS = (
    "plan",
    "plan_title",
    "goal",
    "objective",
    "step",
    "id",
    "action",
    "start",
    "due",
    "start_date",
    "due_date",
    "owners",
    "status",
    "completed",
    "outcome",
    "measure",
    "cost",
    "currency",
    "funding",
    "tags",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _named(node: Node) -> str:
    return f"{node.label}: {node.title}" if node.title else node.label


def _amount(value: float) -> str:
    if not value:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def row(plan: ExportPlan, step: StepProgress) -> dict[str, str]:
    """One step's cells, by column."""
    node = step.node
    fields = node.fields if isinstance(node.fields, StepFields) else None
    above = ancestors(node)
    doc = plan.doc
    currency = (doc.header.currency if doc.header else None) or doc.template.currency
    text = {
        "plan": plan.doc.path,
        "plan_title": step.plan_title,
        "goal": _named(above[0]) if above else "",
        "objective": SEPARATOR.join(_named(item) for item in above[1:]),
        "id": step.id,
        "action": step.action,
        "start": (fields.start if fields else None) or "",
        "due": step.due,
        "start_date": step.start_date.isoformat() if step.start_date else "",
        "due_date": step.due_date.isoformat() if step.due_date else "",
        "owners": "; ".join(step.owners),
        "status": step.status_label if step.status != NOT_RECORDED or step.status_word else "",
        "completed": step.completed.isoformat() if step.completed else "",
        "outcome": (fields.outcome if fields else None) or "",
        "measure": measure_text(fields.measure) if fields else "",
        "currency": currency if step.cost else "",
        "funding": step.funding,
        "tags": "; ".join(fields.tags) if fields else "",
    }
    cells = {key: _safe(value) for key, value in text.items()}
    cells["step"] = str(node.number)
    cells["cost"] = _amount(step.cost)
    return {column: cells[column] for column in COLUMNS}


def export(plans: Sequence[ExportPlan], owner: OwnerFilter | None) -> str:
    """The CSV text (CRLF line ends, no byte-order mark: the writer adds it to files)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for plan in plans:
        for step in plan_steps(plan, owner):
            writer.writerow(row(plan, step))
    return buffer.getvalue()
