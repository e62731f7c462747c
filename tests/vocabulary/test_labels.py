"""Trails: where a node is, as problems, reports, packets and exports name it."""

from __future__ import annotations

from planctl.load import load_text
from planctl.model.build import build
from planctl.template import load_builtin
from planctl.vocabulary.labels import SEPARATOR, trail


def test_a_trail_joins_labels_from_the_top_and_leaves_out_empty_ones() -> None:
    labels = ["Goal 3", "Objective 3.READ", "Action step 2"]
    assert trail(labels) == "Goal 3 › Objective 3.READ › Action step 2"
    assert trail(["", "Action step 3"]) == "Action step 3"
    assert trail([]) == ""


def test_nodes_name_their_place_with_the_same_trail() -> None:
    text = (
        "planctl: 1\n"
        "goals:\n"
        "  - title: Every child reads\n"
        "    steps:\n"
        "      - action: Train tutors\n"
    )
    doc = build(load_text(text, "plan.plan.yaml"), load_builtin("default"))
    step = next(doc.steps())
    assert step.parent is not None
    assert step.trail == trail([step.parent.label, step.label])
    assert step.trail == f"Goal 1{SEPARATOR}Action step 1"
