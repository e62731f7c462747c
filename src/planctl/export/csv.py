"""Action steps as CSV, one row per step, for a spreadsheet.

Columns: ``plan`` (the file), ``plan_title``, ``goal`` (the plan's top level,
whatever the template calls it: a strategy in ``lmsd-action-plan``, an
objective in ``vmosa``), ``objective`` (the level below, empty for a step
directly under the top level), ``step`` (its number under its goal or
objective), ``id``, ``action``, ``start`` and ``due`` as written,
``start_date`` and ``due_date`` (ISO; the due date is the last day the
timeline covers), ``owners`` (joined with ``"; "``), ``status``,
``completed``, ``outcome``, ``measure`` (in one line), ``cost`` (a plain
number, so the column sums), ``currency``, ``funding``, ``tags``
(``"; "``), ``tasks`` (the step's checklist, an item a line: ``☑ Order
books (Ana Ruiz; due 2024-09)``), ``tasks_done`` and ``tasks_total`` (numbers,
empty for a step without a checklist). Goals and objectives are written ``Goal 1: title``.

The file is UTF-8 with a byte-order mark and CRLF line ends (RFC 4180):
Excel reads a UTF-8 CSV without the mark in the machine's legacy code page
and garbles accents and ``›``; with it, Excel, LibreOffice, Google Sheets and
Python's ``utf-8-sig`` all read the file correctly. (Written to the screen,
the text has no mark.)

Opening a plan's export cannot run anything. A cell a spreadsheet would
take for a formula is written with a leading apostrophe, as OWASP's
CSV-injection guidance asks: one starting with a tab, a carriage return or
a line feed, and one whose first character after any white space is ``=``,
``+``, ``-`` or ``@`` or a full-width or small form of them (``＝``, ``＋``,
``－``, ``＠``, which spreadsheets in East Asian locales read as the same).
A cell that is exactly a number (``-5``, ``+2.5``) is left alone: a
spreadsheet reads it as that number, not as a formula, and the apostrophe
would turn it into text. Control and bidirectional characters are shown as
escapes (:func:`planctl.escape.visible`); tabs and line breaks, which a
quoted CSV cell holds, stay.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from planctl.escape import visible
from planctl.export.command import ExportPlan, ancestors, plan_steps
from planctl.model.build import Node
from planctl.model.plan import StepFields, all_measures
from planctl.model.tasks import tasks_of
from planctl.progress.status import NOT_RECORDED, OwnerFilter, StepProgress
from planctl.vocabulary.labels import trail as join_trail
from planctl.vocabulary.measures import measure_text
from planctl.vocabulary.money import plain_number

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
    "tasks",
    "tasks_done",
    "tasks_total",
)

_FORMULA_SIGNS = frozenset("=+-@")
_LEADING_BREAKS = ("\t", "\r", "\n")
# Exactly a number, as a spreadsheet reads one: it cannot hold a formula.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula, with controls escaped."""
    text = visible(text, keep="\t\r\n")
    if text.startswith(_LEADING_BREAKS):
        return "'" + text
    rest = text.lstrip()
    # NFKC folds the full-width and small forms (＝, ﹦, ＋, －, ＠) to ASCII.
    signed = bool(rest) and unicodedata.normalize("NFKC", rest[0])[:1] in _FORMULA_SIGNS
    if signed and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _named(node: Node) -> str:
    return f"{node.label}: {node.title}" if node.title else node.label


def _amount(value: float) -> str:
    return str(plain_number(value)) if value else ""


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
        "objective": join_trail(_named(item) for item in above[1:]),
        "id": step.id,
        "action": step.action,
        "start": (fields.start if fields else None) or "",
        "due": step.due,
        "start_date": step.start_date.isoformat() if step.start_date else "",
        "due_date": step.due_date.isoformat() if step.due_date else "",
        "owners": "; ".join(step.owners_shown),
        "status": step.status_label if step.status != NOT_RECORDED or step.status_word else "",
        "completed": step.completed.isoformat() if step.completed else "",
        "outcome": (fields.outcome if fields else None) or "",
        "measure": "\n".join(measure_text(item) for item in all_measures(fields)),
        "currency": currency if step.cost else "",
        "funding": step.funding,
        "tags": "; ".join(fields.tags) if fields else "",
        "tasks": "\n".join(item.line for item in tasks_of(node)),
    }
    cells = {key: safe_cell(value) for key, value in text.items()}
    cells["step"] = str(node.number)
    cells["cost"] = _amount(step.cost)
    cells["tasks_done"] = str(step.tasks_done) if step.tasks_total else ""
    cells["tasks_total"] = str(step.tasks_total) if step.tasks_total else ""
    return {column: cells[column] for column in COLUMNS}


ENCODING = "utf-8-sig"
"""A file starts with a byte-order mark (see above)."""


def part(plan: ExportPlan, owner: OwnerFilter | None) -> list[dict[str, str]]:
    """One plan's rows (a worker process can make them; see :func:`join`)."""
    return [row(plan, step) for step in plan_steps(plan, owner)]


def join(
    parts: Sequence[list[dict[str, str]]],
    owner: OwnerFilter | None,
    *,
    stamp: date | None = None,
) -> str:
    """The CSV text of the plans' rows (CRLF line ends, no byte-order mark).

    ``stamp`` is for calendars only.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for rows in parts:
        writer.writerows(rows)
    return buffer.getvalue()


def export(
    plans: Sequence[ExportPlan], owner: OwnerFilter | None, *, stamp: date | None = None
) -> str:
    """The CSV text (CRLF line ends, no byte-order mark: the writer adds it to files).

    ``stamp`` is for calendars only.
    """
    return join([part(plan, owner) for plan in plans], owner, stamp=stamp)
