"""What a layout sees: plans turned into plain, display-ready data.

Layouts (Jinja, possibly a district's own running in the sandbox) receive
only dicts, lists, strings and numbers built here, never planctl's objects.
Every value is text as a board member should read it ("$12,000",
"July 2024 – June 2027", "Shakera Walker, Facilitator Leads"); escaping
for the output format is the layout's and the format's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from planctl.model.build import Node, PlanDoc
from planctl.model.plan import (
    CostDetail,
    Measure,
    NodeFields,
    StepFields,
    all_measures,
    cost_amount,
)
from planctl.model.tasks import status_from_tasks, task_counts, tasks_of, tasks_text
from planctl.render.details import (
    custom_details,
    custom_text,
    measure_view,
    measures_of,
    node_details,
    set_aside,
    status_labels,
    step_details,
    task_lines,
    task_view,
)
from planctl.render.scorecard import scorecard_row
from planctl.render.timeline import step_schedule
from planctl.timeline import Timeline
from planctl.vocabulary.dates import PlanDates, read_date
from planctl.vocabulary.measures import measure_text
from planctl.vocabulary.money import money
from planctl.vocabulary.period import period_as_written, period_text, plan_period
from planctl.vocabulary.status import PLAN_STATUS_LABELS, STATUS_LABELS


def cost_text(cost: float | CostDetail | None, currency: str) -> str:
    """A cost with its funding source: ``$12,000 (Title II)``."""
    if cost is None:
        return ""
    if isinstance(cost, CostDetail):
        funding = f" ({cost.funding})" if cost.funding else ""
        return money(cost.amount, currency) + funding
    return money(float(cost), currency)


def _join(items: Iterable[str]) -> str:
    return ", ".join(filter(None, items))


def _due(doc: PlanDoc, fields: StepFields) -> Timeline | None:
    # Read without the plan period: packets sort steps by their dates as written.
    text = fields.due or (fields.dates[-1] if fields.dates else None)
    if not text:
        return None
    found = read_date(text, None, doc.template.school_year_start)
    return found if isinstance(found, Timeline) else None


def _currency(doc: PlanDoc) -> str:
    return (doc.header.currency if doc.header else None) or doc.template.currency


def step_cells(
    doc: PlanDoc,
    fields: StepFields,
    *,
    currency: str | None = None,
    status_key: str | None = None,
) -> dict[str, str]:
    """Every step field as display text, keyed by field name.

    ``currency`` (the plan's) and ``status_key`` (``fields.status`` resolved,
    empty when it has none), when given, spare working them out again for
    every step of a plan.
    """
    if currency is None:
        currency = _currency(doc)
    due = fields.due or ""
    if fields.dates:
        due = _join([due, *fields.dates]) if due else _join(fields.dates)
    if fields.repeat:
        due = f"{due} ({fields.repeat})" if due else fields.repeat.capitalize()
    if status_key is None:
        status_key = (doc.template.resolve_status(fields.status) if fields.status else None) or ""
    status = STATUS_LABELS.get(status_key, fields.status or "")
    latest = fields.updates[-1] if fields.updates else None
    return {
        "action": fields.action or "",
        "id": fields.id or "",
        "description": fields.description or "",
        "start": fields.start or "",
        "due": due,
        "dates": _join(fields.dates),
        "repeat": fields.repeat or "",
        "owners": _join(owner.shown for owner in doc.people().owners(fields.owners)),
        "outcome": fields.outcome or "",
        "measure": measure_cell(all_measures(fields)),
        "cost": cost_text(fields.cost, currency),
        "resources": _join(fields.resources),
        "benefits": fields.benefits or "",
        "comments": fields.comments or "",
        "phase": fields.phase or "",
        "tags": _join(fields.tags),
        "status": status,
        "completed": fields.completed or "",
        "updates": f"{latest.date}: {latest.note}" if latest and latest.note else "",
        "tasks": "",  # the checklist: the packet's view fills it in, knowing the step's place
    }


def measure_cell(measures: Sequence[Measure | str]) -> str:
    """The measure column's text: one measure in a line, several as a list (one a line)."""
    texts = [text for text in map(measure_text, measures) if text]
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"• {text}" for text in texts)


def _period_shown(period: Any, template: Any) -> str:
    """``July 2025 – June 2028``, after the plan's words when it wrote school years:
    ``SY 2025-26 to SY 2027-28 (July 2025 – June 2028)``."""
    months = period_text(period, template.school_year_start)
    written = period_as_written(period, template.school_year_start)
    return f"{written} ({months})" if written else months


def _anchor(*parts: str | int) -> str:
    """The parts' letters and digits, lower case, each run joined by a hyphen.

    Each part is worked out once and remembered: a step's path shares all but
    its last parts with the other steps of its goal.
    """
    return "-".join(filter(None, map(_anchor_part, parts)))


@lru_cache(maxsize=4096)
def _anchor_part(part: str | int) -> str:
    # Runs of letters and digits never cross the hyphen between two parts,
    # so anchoring each part apart and joining them is the same as anchoring
    # the joined text.
    return re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-")


class _Builder:
    """Builds the view of one plan."""

    def __init__(self, doc: PlanDoc, index: int, problems: int, as_of: date | None) -> None:
        self.doc = doc
        self.index = index
        self.problems = problems
        self.as_of = as_of
        self.currency = _currency(doc)
        self.columns = [(column.field, column.heading) for column in doc.template.columns]
        self.shown = {field for field, _ in self.columns}
        self.status_labels = status_labels(doc)
        self.steps: list[dict[str, Any]] = []
        # Status words resolved to their keys: a plan uses a handful of words many times.
        self.statuses: dict[str, str] = {}
        self.dates = PlanDates(doc)
        # The scorecard's rows of each goal, objective and step, by anchor.
        self.scored: dict[str, list[dict[str, Any]]] = {}

    def plan(self) -> dict[str, Any]:
        doc, header, template = self.doc, self.doc.header, self.doc.template
        roots = [self.node(root, 1) for root in doc.roots]
        total_cost = sum(
            cost_amount(node.fields.cost) if node.fields is not None else 0.0
            for node in doc.nodes()
        )
        counted = [step for step in self.steps if step["status_key"] != "dropped"]
        done = sum(1 for step in counted if step["status_key"] == "done")
        # A plan that records no statuses is not 0% done; it just does not say.
        tracked = any(step["status_key"] for step in self.steps)
        return {
            "anchor": _anchor("plan", self.index),
            "number": self.index,
            "source": doc.path,
            "title": (header.title if header else None) or doc.path,
            "organization": (header.organization if header else None) or "",
            "lang": (header.lang if header else None) or DEFAULT_LANGUAGE,
            "period": _period_shown(header.period if header else None, doc.template),
            # The period's first and last day (ISO), for layouts that draw it; empty without one.
            "period_days": [
                day.isoformat()
                for day in plan_period(
                    header.period if header else None, doc.template.school_year_start
                )
                or ()
            ],
            "status": PLAN_STATUS_LABELS.get(header.status if header else "draft", "Draft"),
            "adopted": (header.adopted if header else None) or "",
            "description": (header.description if header else None) or "",
            "template": {"name": template.name, "title": template.title},
            "sections": self.sections(),
            "people": [
                {
                    "name": p.name,
                    "role": p.role or "",
                    "team": p.team,
                    "email": p.email or "",
                    "aliases": list(p.aliases),
                }
                for p in (header.people if header else [])
            ],
            "currency": self.currency,
            "set_aside": set_aside(header.silence) if header else [],
            "levels": [
                {"key": level.key, "label": level.label, "plural": level.plural_label}
                for level in template.levels
            ],
            "columns": [
                {"field": column.field, "heading": column.heading} for column in template.columns
            ],
            "goals": roots,
            "scorecard": self.scorecard(roots),
            "steps": self.steps,
            "owners": self.by_owner(),
            "problems": self.problems,
            "totals": {
                "steps": len(self.steps),
                "done": done,
                "dropped": len(self.steps) - len(counted),
                "tracked": tracked,
                "completion": _percent(done, len(counted)) if tracked else "",
                "cost": total_cost,
                "cost_text": money(total_cost, self.currency) if total_cost else "",
            },
        }

    def scorecard(self, roots: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """Every measure's scorecard row, grouped under the goals, with the count by standing."""
        groups = []
        for root in roots:
            rows = self._rows_below(root)
            if rows:
                groups.append(
                    {
                        "label": root["label"],
                        "title": root["title"],
                        "anchor": root["anchor"],
                        "rows": rows,
                    }
                )
        rows = [row for group in groups for row in group["rows"]]
        counts = {
            word: sum(1 for row in rows if row["standing_word"] == word)
            for word in ("Met", "On track", "Behind")
        }
        return {
            "groups": groups,
            "measures": len(rows),
            "charts": sum(1 for row in rows if row["measure"]["chart"]),
            "standing": [{"word": word, "count": count} for word, count in counts.items()],
            "not_judged": len(rows) - sum(counts.values()),
            "as_of": self.as_of.isoformat() if self.as_of else "",
        }

    def _rows_below(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of ``node``'s own measures, its steps', then its children's, in order."""
        rows = list(self.scored.get(node["anchor"], []))
        for step in node["steps"]:
            rows.extend(self.scored.get(step["anchor"], []))
        for child in node["children"]:
            rows.extend(self._rows_below(child))
        return rows

    def _score(self, view: dict[str, Any], measures: Sequence[dict[str, Any]]) -> None:
        rows = [
            scorecard_row(measure, node=view, number=number, dates=self.dates, as_of=self.as_of)
            for number, measure in enumerate(measures, 1)
        ]
        if rows:
            self.scored[view["anchor"]] = rows

    def sections(self) -> list[dict[str, Any]]:
        header, template = self.doc.header, self.doc.template
        if header is None:
            return []
        order = [section.key for section in template.sections]
        keys = sorted(header.sections, key=lambda k: order.index(k) if k in order else len(order))
        result = []
        for key in keys:
            value = header.sections[key]
            result.append(
                {
                    "key": key,
                    "heading": template.section_heading(key),
                    "text": value if isinstance(value, str) else "",
                    "entries": list(value) if isinstance(value, list) else [],
                }
            )
        return result

    def node(self, node: Node, depth: int) -> dict[str, Any]:
        fields = node.fields
        children = [self.node(child, depth + 1) for child in node.children if not child.is_step]
        trail = node.trail
        steps = [self.step(child, trail) for child in node.children if child.is_step]
        # One walk for the counts and the cost, each node's status resolved once.
        below = dropped = done = 0
        tracked = False
        cost = 0.0
        for item in node.walk():
            if item.fields is None:
                continue
            cost += cost_amount(item.fields.cost)
            if item.is_step:
                below += 1
                status = self._status(item)
                tracked = tracked or bool(status)
                dropped += status == "dropped"
                done += status == "done"
        counted = below - dropped
        measures: list[str] = []
        own = fields if isinstance(fields, NodeFields) else None
        if own is not None:
            measures = [measure_text(m) for m in all_measures(own) if m]
        custom = []
        for spec in self.doc.template.custom_fields(node.level.key):
            text, items = custom_text(spec, node.custom.get(spec.key))
            if text or items:
                custom.append(
                    {"key": spec.key, "heading": spec.heading, "text": text or _join(items)}
                    | {"items": items}
                )
        measure_details = measures_of(self.doc, node, self.as_of, in_column=False)
        view = {
            "anchor": _anchor(self.index, *node.path),
            "label": node.label,
            "level": node.level.key,
            "level_label": node.level.label,
            "depth": depth,
            "id": (fields.id if fields else None) or "",
            "title": node.title,
            "description": (fields.description if fields else None) or "",
            "owners": _join(owner.shown for owner in self.doc.owners(node)),
            "status": STATUS_LABELS.get(self._status(node), ""),
            "measures": measures,
            "measure_details": measure_details,
            # The district's word for a goal's measures ("Key measure" on a strategy map).
            "measure_label": self.doc.template.field_heading(node.level.key, "measures", "Measure"),
            "tags": list(own.tags) if own else [],
            "details": node_details(own, self.currency),
            "custom": custom,
            "children": children,
            "steps": steps,
            "step_count": below,
            "done": done,
            "dropped": dropped,
            "completion": _percent(done, counted) if tracked else "",
            "cost": cost,
            "cost_text": money(cost, self.currency) if cost else "",
        }
        self._score(view, measure_details)
        return view

    def _status(self, node: Node) -> str:
        fields = node.fields
        if fields is None:
            return ""
        if fields.status is None:
            # A step that says nothing of itself goes by its checklist, as in 'planctl status'.
            return status_from_tasks(tasks_of(node)) if node.is_step else ""
        word = fields.status
        key = self.statuses.get(word)
        if key is None:
            key = self.statuses[word] = self.doc.template.resolve_status(word) or ""
        return key

    def step(self, node: Node, trail: str) -> dict[str, Any]:
        """The view of a step; ``trail`` is its parent's (the same for all its siblings)."""
        status_key = self._status(node)
        fields = node.fields
        if isinstance(fields, StepFields):
            cells = step_cells(self.doc, fields, currency=self.currency, status_key=status_key)
        else:
            fields = StepFields(action=node.title or None)
            cells = step_cells(self.doc, fields, currency=self.currency)
        due = _due(self.doc, fields)
        specs = self.doc.template.custom_fields(node.level.key)
        for spec in specs:
            text, items = custom_text(spec, node.custom.get(spec.key))
            cells[spec.key] = text or "; ".join(items)
        checklist = tasks_of(node)
        counted = tasks_text(*task_counts(checklist))
        status_text = cells["status"]
        if counted:
            # In a column, the count goes on its own line below the status; in a detail, after it.
            status_text = f"{status_text} ({counted})" if status_text else counted
            cells["status"] = f"{cells['status']}\n{counted}".strip()
            cells["tasks"] = "\n".join(task_lines(checklist))
        owners = self.doc.people().owners(fields.owners)
        details = step_details(
            fields,
            self.shown,
            owners=[owner.shown for owner in owners],
            currency=self.currency,
            status_labels=self.status_labels,
            status_text=status_text,
            tasks=checklist,
        )
        details += custom_details(specs, node.custom, self.shown)
        measure_details = measures_of(self.doc, node, self.as_of, in_column="measure" in self.shown)
        scored = measure_details
        if not scored and isinstance(fields.measure, Measure):
            # A measure the column shows whole is still one of the plan's measures.
            scored = [measure_view(self.doc, node, fields.measure, self.as_of)]
        row = cells
        if fields.id and "id" not in self.shown and "action" in self.shown:
            # The district's own step number, in the row when the table has no column for it.
            row = cells | {"action": f"{fields.id} {cells['action']}".rstrip()}
        view = {
            "anchor": _anchor(self.index, *node.path),
            "number": node.number,
            "label": node.label,
            "numbering": node.numbering,
            "where": node.where,
            "trail": trail,
            "cells": [
                {"field": field, "heading": heading, "text": row.get(field, "")}
                for field, heading in self.columns
            ],
            "fields": cells,
            # By person or team, not "name, role": the by-owner layout groups on these.
            "owners": list(dict.fromkeys(owner.name for owner in owners)),
            "status_key": status_key,
            "tasks": [task_view(item) for item in checklist],
            "tasks_text": counted,
            "details": details,
            "measure_details": measure_details,
            "due_sort": due.end.isoformat() if due else "9999-12-31",
            "schedule": step_schedule(self.doc, fields),
        }
        self.steps.append(view)
        # A step's measure written as text is evidence to keep, not a figure to track.
        named = {
            "label": f"{trail} › {node.label}",
            "title": cells["action"],
            "anchor": view["anchor"],
        }
        self._score(named, [measure for measure in scored if measure["figures"]])
        return view

    def by_owner(self) -> list[dict[str, Any]]:
        roles = {}
        if self.doc.header is not None:
            roles = {person.name: person.role or "" for person in self.doc.header.people}
        owners: dict[str, list[dict[str, Any]]] = {}
        for step in self.steps:
            for owner in step["owners"] or ["(no one named)"]:
                owners.setdefault(owner, []).append(step)
        return [
            {
                "name": name,
                "role": roles.get(name, ""),
                "anchor": _anchor(self.index, "owner", name),
                "steps": sorted(steps, key=lambda s: (s["due_sort"], s["where"])),
            }
            for name, steps in sorted(owners.items(), key=lambda item: item[0].casefold())
        ]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else ""


DEFAULT_LANGUAGE = "en"
"""The language a packet declares when its plan names none (the plan key ``lang``)."""

LEFT_OUT = (
    "Some details are left out of this layout: resources, the update log, notes and measure "
    "figures are in the full packet (planctl render --layout table)."
)
"""What a compact layout (one-page, by-owner, timeline, scorecard, alignment) says it leaves out."""


def plan_view(doc: PlanDoc, index: int, problems: int, as_of: date | None = None) -> dict[str, Any]:
    """The display data of one plan, numbered ``index`` in its packet.

    ``as_of`` is the day its measures' latest actuals are judged on (none: not judged).
    """
    return _Builder(doc, index, problems, as_of).plan()


def standing_day(*texts: str | None) -> date:
    """The day a packet judges measures on: the first of ``texts`` that reads as a date, or today.

    A packet's ``--date`` comes first, then ``as_of`` in ``planctl.toml``.
    """
    reader = PlanDates()
    for text in texts:
        found = reader.day(text)
        if found is not None:
            return found
    return date.today()


def packet_view(
    docs: Sequence[tuple[PlanDoc, int]],
    *,
    sources: Sequence[dict[str, str]],
    version: str,
    date: str | None,
    paper: str,
    title: str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The display data of a packet: its plans, sources and notices.

    ``as_of`` is the day measures are judged on (default: the packet's ``date``, else today).
    """
    as_of = as_of or standing_day(date)
    plans = [
        plan_view(doc, index, problems, as_of) for index, (doc, problems) in enumerate(docs, 1)
    ]
    first = plans[0] if plans else {}
    organizations = sorted({plan["organization"] for plan in plans if plan["organization"]})
    return {
        "title": title or (first.get("title") if len(plans) == 1 else "Plans") or "Plans",
        "organization": ", ".join(organizations),
        # The first plan's language speaks for the packet's own words (title, contents).
        "lang": first.get("lang") or DEFAULT_LANGUAGE,
        "plans": plans,
        "sources": list(sources),
        "version": version,
        "date": date or "",
        "paper": paper,
        "left_out": LEFT_OUT,
        "problems": sum(plan["problems"] for plan in plans),
    }
