"""The display data layouts receive (planctl.render.view)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planctl import __version__
from planctl.model.plan import StepFields
from planctl.render.html import steps_below
from planctl.render.view import _anchor, packet_view, step_cells
from planctl.validate import check_file

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.plan.yaml"))


def plan_of(example: Path) -> dict[str, Any]:
    checked = check_file(example, example.name)
    assert checked.doc is not None
    packet = packet_view(
        [(checked.doc, 0)],
        sources=[{"path": example.name, "commit": "", "state": ""}],
        version=__version__,
        date=None,
        paper="letter",
    )
    plan: dict[str, Any] = packet["plans"][0]
    return plan


def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in nodes:
        found.append(node)
        found.extend(walk(node["children"]))
    return found


def dropped(steps: list[dict[str, Any]]) -> int:
    return sum(1 for step in steps if step["status_key"] == "dropped")


def test_dropped_and_tracked_are_counted_for_the_layouts() -> None:
    for example in EXAMPLES:
        plan = plan_of(example)
        totals = plan["totals"]
        assert totals["dropped"] == dropped(plan["steps"])
        assert totals["tracked"] is any(step["status_key"] for step in plan["steps"])
        for node in walk(plan["goals"]):
            assert node["dropped"] == dropped(steps_below(node))
    district = plan_of(next(path for path in EXAMPLES if path.name.startswith("district")))
    assert district["totals"]["dropped"] == 1
    assert district["totals"]["tracked"] is True


def test_anchors_are_the_lower_case_letter_and_digit_runs_joined_by_hyphens() -> None:
    assert _anchor(1, "goals", 0, "steps", 3) == "1-goals-0-steps-3"
    assert _anchor(2, "owner", "Dr. Ana Núñez-Ruiz") == "2-owner-dr-ana-n-ez-ruiz"
    assert _anchor("--", "A__b", "", "-") == "a-b"


def test_step_cells_given_the_status_key_are_the_same_as_without() -> None:
    for example in EXAMPLES:
        checked = check_file(example, example.name)
        assert checked.doc is not None
        template = checked.doc.template
        for node in checked.doc.steps():
            fields = node.fields
            if isinstance(fields, StepFields):
                key = (template.resolve_status(fields.status) if fields.status else None) or ""
                given = step_cells(checked.doc, fields, currency="EUR", status_key=key)
                assert given == step_cells(checked.doc, fields, currency="EUR")
