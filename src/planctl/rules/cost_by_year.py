"""Yearly amounts of a cost add up to its amount.

A cost may be split by school year (``by_year``) for the budget office; the
parts must add up to the ``amount`` the board sees, or one of the two
figures is wrong.

Fails:
    planctl: 1
    goals:
      - title: Instructional coaching
        steps:
          - action: Train instructional coaches
            due: 2026-06
            outcome: Coaches certified
            measure: Training roster
            owners: Coaching Team
            cost:
              amount: 12000
              funding: Title II
              by_year: {2024-25: 6000, 2025-26: 5000}

Passes:
    planctl: 1
    goals:
      - title: Instructional coaching
        measure: 80% of educators are coached each semester by June 2026
        steps:
          - action: Train instructional coaches
            due: 2026-06
            outcome: Coaches certified
            measure: Training roster
            owners: Coaching Team
            cost:
              amount: 12000
              funding: Title II
              by_year: {2024-25: 6000, 2025-26: 6000}
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.model.plan import CostDetail
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.vocabulary.money import amount_text

ID = "cost-by-year"
NAME = "Yearly costs add up"
SUMMARY = "The amounts of a cost's by_year add up to its amount."
SEVERITY = Severity.ERROR


def check(context: RuleContext) -> Iterator[Finding]:
    """Report costs whose yearly parts do not add up to the amount."""
    for node in context.doc.nodes():
        fields = node.fields
        if fields is None or not isinstance(fields.cost, CostDetail) or not fields.cost.by_year:
            continue
        cost = fields.cost
        total = sum(cost.by_year.values())
        if abs(total - cost.amount) < 0.005:
            continue
        yield Finding(
            path=(*node.path, "cost", "by_year"),
            message=(
                f"the yearly amounts add up to {amount_text(total)}, "
                f"but the amount is {amount_text(cost.amount)}"
            ),
            hint=(
                f"make the years add up to {amount_text(cost.amount)}, "
                f"or change the amount to {amount_text(total)}"
            ),
            node=node,
        )
