"""HTML board packets: one self-contained, print-ready file.

The layouts in ``templates/html/`` produce a single file with its style sheet
inline and nothing fetched: no scripts, fonts, images or links outside the
file. The same file prints as the board packet (letter or A4, landscape, page
numbers, table headers repeated on every page) and is what the PDF is made
from. Jinja's autoescaping is on, so plan text always reaches the page as
text; the filters below return markup only for what they build themselves.

Filters layouts may use, besides Jinja's own:

``lines``
    text with its line breaks kept (``<br>``), escaped; a slash may end a
    line (``<wbr>``).
``status_class``
    a status word or key (``In progress``, ``done``) as a CSS class suffix.
``badge``
    a status as a badge: ``step.fields.status|badge(step.status_key)``
    (the class from the key, else from the word).
``row_cells``
    a step's cells as the ``<td>`` elements of its row: ``step|row_cells``
    (each text through ``lines``, the status as a badge).
``column_widths``
    a plan's columns as percentages of the table width, for ``<col>``:
    ``plan.columns|column_widths(plan.steps)``.
``steps_below`` / ``owners_below``
    every action step, or every distinct owner, under a goal, objective or
    strategy and its children, in plan order.
``measures_below``
    what a goal is measured by: its own measures, else those of the nodes
    below it, else its steps' measures, each once (the Metrics column of a
    plan on a page).
``holding``
    the nodes of a list (a plan's goals) that hold any of the given steps:
    ``plan.goals|holding(owner.steps)``.
``measure_chart``
    a measure's chart as inline SVG (``role="img"``, a title and a description
    stating its figures), or nothing when its figures make none:
    ``measure|measure_chart`` under a measure, ``measure|measure_chart("narrow")``
    in a scorecard's row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from planctl.render.environment import make_environment, render_layout
from planctl.render.measure_chart import chart_of
from planctl.render.timeline import TIMELINE_FILTERS
from planctl.vocabulary.status import plan_status, standard_status

# How wide each step field's column is, relative to the others.
COLUMN_WEIGHTS = {
    "action": 2.8,
    "description": 2.5,
    "start": 1.2,
    "due": 1.7,
    "dates": 1.7,
    "repeat": 1.1,
    "owners": 2.0,
    "outcome": 2.4,
    "measure": 2.6,
    "cost": 1.5,
    "resources": 1.8,
    "benefits": 2.2,
    "comments": 1.8,
    "phase": 1.3,
    "tags": 1.2,
    "status": 1.6,
    "completed": 1.1,
    "updates": 2.0,
    "id": 0.8,
}
DEFAULT_WEIGHT = 1.6
EMPTY_WEIGHT = 1.0
# Enough for a bold heading word at table size on a landscape page.
HEADING_CHAR_PX = 9.6
CELL_PADDING_PX = 16.0
TABLE_PX = 900.0


def lines(text: object) -> Markup:
    """``text`` escaped, each line break kept as ``<br>``.

    A narrow column may also break a line after a slash (``April-May/2013``,
    ``Shakera Walker/Chason Ishino``) rather than in the middle of a word.
    """
    return Markup(_lines(str(text)))


def _lines(text: str) -> str:
    """:func:`lines` as a plain string, for filters that build more markup around it."""
    # Escaping first and splitting after is the same as escaping each line
    # (entities hold no line breaks, spaces or slashes) and is done once a cell.
    escaped = _escape(text.strip())
    parts = escaped.splitlines()
    if len(parts) > 1:
        escaped = "<br>\n".join(part.strip() for part in parts)
    return escaped.replace("/", "/<wbr>")


def _escape(text: str) -> str:
    """``text`` escaped as Jinja's autoescaping (MarkupSafe's ``escape``) escapes it.

    A plain string rather than ``Markup``: making a ``Markup`` costs more than
    escaping, and the filters below make one for the whole of what they build.
    """
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def status_class(value: object) -> str:
    """A CSS class suffix for a status word or key (``in-progress``), else ``other``."""
    text = str(value)
    return standard_status(text) or plan_status(text) or "other"


def badge(text: object, key: object = "") -> Markup:
    """A status badge, ``<span class="badge badge-done">Done</span>``, escaped.

    Its class is ``key`` (a step's ``status_key``) when given, else the
    :func:`status_class` of ``text``. A filter rather than only a macro: a
    table of thousands of steps calls it once a row, and a macro call in the
    sandbox costs many times a filter's.
    """
    return Markup(_badge(text, key))


def _badge(text: object, key: object) -> str:
    return f'<span class="badge badge-{_html(key or status_class(text))}">{_html(text)}</span>'


def _html(value: object) -> str:
    """``value`` as Jinja's autoescaping prints it: escaped unless it is markup already."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else _escape(str(value))


def row_cells(step: Mapping[str, Any]) -> Markup:
    """A step's ``cells`` as the ``<td>`` elements of its table row.

    Each cell's text goes through :func:`lines`; the status, when there is
    one, is a :func:`badge` with the step's ``status_key`` (a checklist's
    count, "3 of 5 tasks done", on the line below it). The same as a
    Jinja loop over ``step.cells``, made in one call: for a table of thousands
    of steps the loop's work per cell is most of the time of the packet.
    """
    key = step["status_key"]
    parts = []
    for cell in step["cells"]:
        text = cell["text"]
        if cell["field"] == "status" and text:
            counted = step.get("tasks_text") or ""
            if counted and text.endswith(f"\n{counted}"):
                shown = text[: -len(counted) - 1]
                badge = _badge(shown, key) + "<br>" if shown else ""
                parts.append(f'<td>{badge}<span class="tasks-count">{_html(counted)}</span></td>')
            else:
                parts.append(f"<td>{_badge(text, key)}</td>")
        else:
            parts.append(f"<td>{_lines(str(text))}</td>")
    return Markup("".join(parts))


def _heading_share(heading: str) -> float:
    """The share of a table's width the longest word of a column heading needs."""
    longest = max((len(word) for word in re.split(r"[\s/]+", heading)), default=0)
    return (longest * HEADING_CHAR_PX + CELL_PADDING_PX) / TABLE_PX


def column_widths(
    columns: Iterable[object], steps: Iterable[Mapping[str, Any]] | None = None
) -> list[str]:
    """Percent widths (``"24.1%"``) of a step table's columns, adding up to 100.

    ``columns`` are the plan's columns (``{"field", "heading"}``) or field
    names. Given the plan's ``steps``, a column no step fills (the template's
    optional comments, say) is kept narrow and its room goes to the others;
    every column stays wide enough for the longest word of its heading.
    """
    fields: list[str] = []
    headings: list[str] = []
    for column in columns:
        if isinstance(column, Mapping):
            fields.append(str(column.get("field", "")))
            headings.append(str(column.get("heading", "")))
        else:
            fields.append(str(column))
            headings.append("")
    weights = [COLUMN_WEIGHTS.get(field, DEFAULT_WEIGHT) for field in fields]
    if steps is not None:
        empty = set(fields)
        for step in steps:
            values = step.get("fields", {})
            empty = {field for field in empty if not values.get(field)}
            if not empty:
                break
        weights = [
            min(weight, EMPTY_WEIGHT) if field in empty else weight
            for field, weight in zip(fields, weights, strict=True)
        ]
    total = sum(weights) or 1.0
    shares = [weight / total for weight in weights]
    needed = [_heading_share(heading) for heading in headings]
    short = {index for index, share in enumerate(shares) if share < needed[index]}
    if short and sum(needed[index] for index in short) < 1:
        room = 1 - sum(needed[index] for index in short)
        rest = sum(share for index, share in enumerate(shares) if index not in short) or 1.0
        shares = [
            needed[index] if index in short else share * room / rest
            for index, share in enumerate(shares)
        ]
    return [f"{100 * share:.1f}%" for share in shares]


def steps_below(node: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The action steps of ``node`` and of every node below it, in plan order."""
    found: list[dict[str, Any]] = []
    pending = [node]
    while pending:
        current = pending.pop()
        found.extend(current.get("steps", []))
        pending.extend(reversed(current.get("children", [])))
    return found


def owners_below(node: Mapping[str, Any]) -> list[str]:
    """Everyone responsible for a step under ``node``, each once, in plan order."""
    seen: dict[str, None] = {}
    for step in steps_below(node):
        for owner in step.get("owners", []):
            seen.setdefault(str(owner), None)
    return list(seen)


def _node_measures(node: Mapping[str, Any]) -> list[str]:
    found = [str(measure) for measure in node.get("measures", [])]
    for child in node.get("children", []):
        found.extend(_node_measures(child))
    return found


def measures_below(node: Mapping[str, Any]) -> list[str]:
    """The measures of ``node``, else of the nodes below it, else of its steps; each once."""
    found = [str(measure) for measure in node.get("measures", [])]
    if not found:
        found = _node_measures(node)
    if not found:
        found = [str(step.get("fields", {}).get("measure") or "") for step in steps_below(node)]
    return list(dict.fromkeys(text for text in found if text))


def holding(
    nodes: Iterable[Mapping[str, Any]], steps: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The ``nodes`` with at least one of ``steps`` under them, in their order."""
    wanted = {step.get("anchor") for step in steps}
    return [
        node for node in nodes if any(step.get("anchor") in wanted for step in steps_below(node))
    ]


def measure_chart(measure: object, size: str = "wide") -> Markup:
    """A measure's chart (its ``chart``) as inline SVG, or empty markup when it has none.

    The SVG is built by :mod:`planctl.render.chart`, whose serializer escapes every text.
    """
    chart = measure.get("chart") if isinstance(measure, Mapping) else None
    return Markup(chart_of(chart, size) or "")


TREE_FILTERS: dict[str, Callable[..., Any]] = {
    "steps_below": steps_below,
    "owners_below": owners_below,
    "measures_below": measures_below,
    "holding": holding,
}
FILTERS: dict[str, Callable[..., Any]] = {
    "lines": lines,
    "status_class": status_class,
    "badge": badge,
    "row_cells": row_cells,
    "column_widths": column_widths,
    "measure_chart": measure_chart,
    **TREE_FILTERS,
    **TIMELINE_FILTERS,
}


def render(packet: dict[str, Any], layout: str, layouts_dir: Path | None) -> bytes:
    """The packet as one HTML file, UTF-8."""
    environment = make_environment("html", layouts_dir, filters=FILTERS)
    return render_layout(environment, layout, "html", {"packet": packet}).encode("utf-8")
