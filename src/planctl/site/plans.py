"""What the site knows of each plan: its view, its figures for the index, and its logs.

:func:`site_plan` reads one checked plan while its model is alive and keeps
only plain data: the packet view (:func:`planctl.render.view.plan_view`), the
counts the index shows (done, overdue, blocked), the standing of its
measures, the update log and the costs by funding source, and what the
filters group plans by (school, goal area, owner). The model is let go
afterwards, so a site of hundreds of plans holds one plan's model at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planctl.model.build import PlanDoc
from planctl.model.plan import CostDetail, StepFields
from planctl.render.view import plan_view
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.money import money

CLOSED = frozenset({"done", "dropped"})
"""Statuses of steps that are no longer due."""
STANDINGS = ("met", "on-track", "behind")


SLUG_LENGTH = 60
"""The longest a page name or anchor made from a title gets."""


def slug(text: str) -> str:
    """``text`` as a file name or anchor part: letters and digits, lower case, hyphens.

    Accented letters keep their base letter ("Educación" gives ``educacion``),
    and a long title is cut between words, not inside one.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    found = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(found) > SLUG_LENGTH:
        # The last whole word that fits, unless that leaves too little to tell pages apart.
        cut = found.rfind("-", 0, SLUG_LENGTH + 1)
        found = found[:cut] if cut >= SLUG_LENGTH // 2 else found[:SLUG_LENGTH]
    return found.strip("-") or "x"


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``… the first not in ``taken`` (which it joins)."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}-{number}"
    taken.add(candidate)
    return candidate


@dataclass
class SitePlan:
    """One plan as the site shows it; plain data only."""

    slug: str
    path: str
    view: dict[str, Any]
    counts: dict[str, Any]
    standing: dict[str, int]
    schools: list[str]
    goal_areas: list[str]
    owners: list[str]
    updates: list[dict[str, Any]] = field(default_factory=list)
    costs: list[dict[str, str]] = field(default_factory=list)
    cost_total: str = ""

    @property
    def href(self) -> str:
        """The plan's page, from the site's root."""
        return f"plans/{self.slug}.html"


def site_plan(
    doc: PlanDoc, *, index: int, name: str, path: str, problems: int, as_of: date
) -> SitePlan:
    """The site's data of one checked plan; ``name`` its unique page name, ``index`` its place."""
    view = plan_view(doc, index, problems, as_of)
    stable_anchors(view)
    steps = view["steps"]
    today = as_of.isoformat()
    for step in steps:
        # A step without a readable due date sorts as 9999-12-31: never overdue.
        step["overdue"] = step["status_key"] not in CLOSED and step["due_sort"] < today
    overdue = [step for step in steps if step["overdue"]]
    totals = view["totals"]
    counted = totals["steps"] - totals["dropped"]
    counts = {
        "steps": totals["steps"],
        "counted": counted,
        "done": totals["done"],
        "overdue": len(overdue),
        "blocked": sum(1 for step in steps if step["status_key"] == "blocked"),
        "tracked": totals["tracked"],
        "percent": round(100 * totals["done"] / counted) if counted and totals["tracked"] else 0,
    }
    rows = [row for group in view["scorecard"]["groups"] for row in group["rows"]]
    standing = {key: sum(1 for row in rows if row["standing_key"] == key) for key in STANDINGS}
    standing["measures"] = len(rows)
    standing["not_judged"] = len(rows) - sum(standing[key] for key in STANDINGS)
    areas: dict[str, None] = {}
    for goal in view["goals"]:
        for area in goal["tags"] or ([goal["title"]] if goal["title"] else []):
            areas.setdefault(str(area), None)
    owners = _owners(steps)
    organization = view["organization"]
    plan = SitePlan(
        slug=name,
        path=path,
        view=view,
        counts=counts,
        standing=standing,
        schools=[organization] if organization else [],
        goal_areas=list(areas),
        owners=owners,
    )
    plan.updates = _updates(doc, steps)
    plan.costs, plan.cost_total = _costs(doc, view["currency"])
    return plan


def stable_anchors(view: dict[str, Any]) -> None:
    """Anchors a board agenda can link to, the same however many plans the site has.

    The packet's anchors number a node by its place among all plans and
    within its parent; here a goal, objective or step is named by the id
    the plan gives it (``g1``, ``g1-o2``), else by its label and trail
    (``goal-2``, ``goal-2-objective-1-action-step-3``).
    """
    renamed: dict[str, str] = {}
    taken: set[str] = {"main", "timeline", "costs", "updates"}

    def name(item: dict[str, Any], fallback: str) -> str:
        given = str(item.get("id") or "")
        return unique(slug(given) if given else slug(fallback), taken)

    def visit(node: dict[str, Any], trail: str) -> None:
        here = f"{trail} {node['label']}".strip()
        new = name(node, here)
        renamed[node["anchor"]] = new
        node["anchor"] = new
        for step in node["steps"]:
            fields = step["fields"]
            fresh = name(fields, f"{here} {step['label']}")
            renamed[step["anchor"]] = fresh
            step["anchor"] = fresh
        for child in node["children"]:
            visit(child, here)

    for goal in view["goals"]:
        visit(goal, "")
    for group in view["scorecard"]["groups"]:
        group["anchor"] = renamed.get(group["anchor"], group["anchor"])
        for row in group["rows"]:
            owner, _, number = row["anchor"].rpartition("-measure-")
            row["anchor"] = f"{renamed.get(owner, owner)}-measure-{number}"


def _owners(steps: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for step in steps:
        for owner in step["owners"]:
            seen.setdefault(str(owner), None)
    return sorted(seen, key=str.casefold)


def _updates(doc: PlanDoc, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every dated update of every step, newest first (then in plan order)."""
    by_where = {step["where"]: step for step in steps}
    dates = PlanDates(doc)
    found: list[tuple[str, int, dict[str, Any]]] = []
    order = 0
    for node in doc.nodes():
        fields = node.fields
        if not node.is_step or not isinstance(fields, StepFields) or not fields.updates:
            continue
        step = by_where.get(node.where)
        for update in fields.updates:
            day = dates.day(update.date)
            order += 1
            found.append(
                (
                    day.isoformat() if day else "",
                    order,
                    {
                        "date": update.date,
                        "day": day.isoformat() if day else "",
                        "note": update.note or "",
                        "status": update.status or "",
                        "by": update.by or "",
                        # The step's place in words: "Action step 2" alone is one of many.
                        "step_label": (
                            f"{step['trail']} › {step['label']}" if step else node.label
                        ),
                        "step_action": step["fields"]["action"] if step else (node.title or ""),
                        "anchor": step["anchor"] if step else "",
                    },
                )
            )
    found.sort(key=lambda item: (item[0], -item[1]), reverse=True)
    return [item[2] for item in found]


def _costs(doc: PlanDoc, currency: str) -> tuple[list[dict[str, str]], str]:
    """The plan's costs summed by funding source (none named: an empty name), and the total."""
    sums: dict[str, float] = {}
    for node in doc.nodes():
        cost = node.fields.cost if node.fields is not None else None
        if cost is None:
            continue
        if isinstance(cost, CostDetail):
            sums[cost.funding or ""] = sums.get(cost.funding or "", 0.0) + float(cost.amount)
        else:
            sums[""] = sums.get("", 0.0) + float(cost)
    rows = [
        {"funding": name, "amount": money(amount, currency)}
        for name, amount in sorted(
            sums.items(), key=lambda item: (item[0] == "", item[0].casefold())
        )
    ]
    total = sum(sums.values())
    return rows, money(total, currency) if rows else ""
