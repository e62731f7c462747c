"""Ids are unique within a plan.

An ``id`` lets other plans align to a goal (``district.plan.yaml#G1.O3``),
lets ``planctl diff`` follow a step that moves, and lets a board packet cite
it. Two nodes with the same id make all of that ambiguous.

Fails:
    planctl: 1
    goals:
      - id: G1
        title: Communication
        steps: &steps
          - action: Standardize job descriptions
            due: 2013-05
            outcome: Standardized job descriptions
            measure: Four job descriptions
            owners: Shakera Walker
      - id: G1
        title: Adult learning
        steps: *steps

Passes:
    planctl: 1
    goals:
      - id: G1
        title: Communication
        measure: At least 85% of schools have a full TLT by August 2014
        steps: &steps
          - action: Standardize job descriptions
            due: 2013-05
            outcome: Standardized job descriptions
            measure: Four job descriptions
            owners: Shakera Walker
      - id: G2
        title: Adult learning
        measure: At least 75% of participants rate the sessions useful by June 2014
        steps: *steps
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.model.build import Node
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "unique-ids"
NAME = "Unique ids"
SUMMARY = "No two goals, objectives or steps share an id."
SEVERITY = Severity.ERROR


def check(context: RuleContext) -> Iterator[Finding]:
    """Report every node whose id was already used above it."""
    seen: dict[str, Node] = {}
    for node in context.doc.nodes():
        if node.fields is None or not node.fields.id:
            continue
        ident = node.fields.id.strip()
        first = seen.get(ident.casefold())
        if first is None:
            seen[ident.casefold()] = node
            continue
        line = context.doc.span((*first.path, "id")).line
        yield Finding(
            path=(*node.path, "id"),
            message=f"the id '{ident}' is already used by {first.where} on line {line}",
            hint=f"give this {node.level.label.lower()} its own id",
            node=node,
        )
