"""Alignment: a district plan's goals and objectives, and the plans that support them.

The first plan of a packet is the district's (or whichever plan the others
serve); every other plan supports it through ``aligns_to`` references on its
goals, objectives and steps (``aligns_to: [../district-2024.plan.yaml#G1.O3]``,
see :mod:`planctl.rules.aligns_to`). :func:`alignment_view` matches those
references to the first plan's nodes and gives the ``alignment`` layouts plain
data: each district goal and objective with the plans and nodes that support
it, and the ones no plan supports.

A reference counts when it names the first plan's file (relative to the
supporting plan's folder, inside the plan repository) and an id in it. A
reference to a district *step* counts for the objective or goal the step is
under. A goal whose objectives are supported but which no plan names itself
is "supported through its objectives", not unsupported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from planctl.model.build import Node, PlanDoc
from planctl.model.references import followed
from planctl.paths import repository_root
from planctl.vocabulary.labels import trail as join_trail
from planctl.vocabulary.status import STATUS_LABELS


def _tree(nodes: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for node in nodes:
        yield node
        yield from _tree(node.get("children", []))


def _status(doc: PlanDoc, node: Node) -> str:
    fields = node.fields
    if fields is None or not fields.status:
        return ""
    resolved = doc.template.resolve_status(fields.status) or ""
    return STATUS_LABELS.get(resolved, fields.status)


def _supporter(doc: PlanDoc, view: Mapping[str, Any], node: Node, via: str) -> dict[str, Any]:
    fields = node.fields
    return {
        "plan": str(view.get("title") or ""),
        "organization": str(view.get("organization") or ""),
        "plan_anchor": view.get("anchor"),
        "label": node.trail,
        "title": node.title,
        "id": ((fields.id if fields else None) or "").strip(),
        "kind": "step" if node.is_step else node.level.label.lower(),
        "status": _status(doc, node),
        "via": via,
    }


def alignment_view(
    entries: Sequence[tuple[Path, PlanDoc]], plans: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The alignment of ``entries[1:]`` to ``entries[0]``, as plain data for layouts.

    ``entries`` are the packet's plan files (as read from disk) with their
    plans, in packet order; ``plans`` their views (:func:`planctl.render.view.plan_view`).
    """
    view: dict[str, Any] = {
        "district": {},
        "schools": [],
        "nodes": [],
        "unsupported": [],
        "unaligned": [],
        "unmatched": [],
        "totals": {"nodes": 0, "supported": 0, "unsupported": 0, "links": 0, "plans": 0},
    }
    if not entries or not plans:
        return view
    district_path, _ = entries[0]
    target = district_path.resolve()
    district = plans[0]
    view["district"] = {
        "title": str(district.get("title") or ""),
        "organization": str(district.get("organization") or ""),
        "period": str(district.get("period") or ""),
        "source": str(district.get("source") or ""),
        "anchor": district.get("anchor"),
        "levels": district.get("levels", []),
    }
    nodes: dict[int, dict[str, Any]] = {}
    by_id: dict[str, tuple[dict[str, Any], str]] = {}  # id -> (node entry, via step)
    parents: dict[int, int | None] = {}
    order: list[dict[str, Any]] = []

    def visit(node: Mapping[str, Any], parent: int | None, trail: str) -> None:
        label = str(node.get("label") or "")
        path = join_trail((trail, label))
        entry: dict[str, Any] = {
            "anchor": f"alignment-{node.get('anchor')}",
            "label": label,
            "trail": path,
            "title": str(node.get("title") or ""),
            "id": str(node.get("id") or ""),
            "depth": int(node.get("depth") or 1),
            "level": str(node.get("level") or ""),
            "supporters": [],
            "plans": [],
            "state": "unsupported",
        }
        key = len(order)
        order.append(entry)
        nodes[key] = entry
        parents[key] = parent
        if entry["id"]:
            by_id.setdefault(entry["id"], (entry, ""))
        for step in node.get("steps", []):
            ident = str((step.get("fields") or {}).get("id") or "").strip()
            if ident:
                action = str((step.get("fields") or {}).get("action") or "")
                via = str(step.get("label") or "") + (f" '{action}'" if action else "")
                by_id.setdefault(ident, (entry, via))
        for child in node.get("children", []):
            visit(child, key, path)

    for goal in district.get("goals", []):
        visit(goal, None, "")

    for index, ((path, doc), plan) in enumerate(zip(entries[1:], plans[1:], strict=False), 2):
        root = repository_root(path.parent)
        links = 0
        for node in doc.nodes():
            fields = node.fields
            if fields is None:
                continue
            for _, reference, found in followed(fields.aligns_to, path.parent, root):
                if found != target:
                    continue
                match = by_id.get(reference.ident)
                if match is None:
                    view["unmatched"].append(
                        {
                            "plan": str(plan.get("title") or ""),
                            "where": node.where,
                            "reference": reference.text,
                            "reason": (
                                f"the district plan has no id '{reference.ident}'"
                                if reference.ident
                                else "the reference names no id"
                            ),
                        }
                    )
                    continue
                entry, via = match
                entry["supporters"].append(_supporter(doc, plan, node, via))
                links += 1
        view["schools"].append(
            {
                "number": index,
                "title": str(plan.get("title") or ""),
                "organization": str(plan.get("organization") or ""),
                "source": str(plan.get("source") or ""),
                "anchor": plan.get("anchor"),
                "links": links,
            }
        )
    # Supported directly, or through a node below.
    for key in reversed(range(len(order))):
        entry = nodes[key]
        plan_titles = list(dict.fromkeys(s["plan"] for s in entry["supporters"]))
        entry["plans"] = plan_titles
        if entry["supporters"]:
            entry["state"] = "supported"
        parent = parents[key]
        if parent is not None and entry["state"] != "unsupported":
            above = nodes[parent]
            if above["state"] == "unsupported":
                above["state"] = "through"
    view["nodes"] = order
    view["unsupported"] = [entry for entry in order if entry["state"] == "unsupported"]
    view["unaligned"] = [school for school in view["schools"] if not school["links"]]
    view["totals"] = {
        "nodes": len(order),
        "supported": sum(1 for entry in order if entry["state"] != "unsupported"),
        "unsupported": len(view["unsupported"]),
        "links": sum(school["links"] for school in view["schools"]),
        "plans": len(view["schools"]),
    }
    return view


__all__ = ["alignment_view"]
