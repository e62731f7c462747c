"""Walking the measures of a plan, shared by the rules that read them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from planctl.load.positions import PathKey
from planctl.model.build import Node, PlanDoc
from planctl.model.plan import Measure, keyed_measures


@dataclass(frozen=True)
class MeasureAt:
    """A measure, the node it belongs to, and its data path."""

    node: Node
    path: PathKey
    measure: Measure | str


def measures(doc: PlanDoc) -> Iterator[MeasureAt]:
    """Every measure of every node, singular ``measure`` and listed ``measures``."""
    for node in doc.nodes():
        for key, item in keyed_measures(node.fields):
            yield MeasureAt(node, (*node.path, *key), item)


def measure_dates(found: MeasureAt) -> Iterator[tuple[PathKey, str, str]]:
    """Dates inside a structured measure: (data path, text, what it is)."""
    measure = found.measure
    if isinstance(measure, str):
        return
    baseline = measure.baseline
    if baseline is not None and not isinstance(baseline, (int, float, str)) and baseline.as_of:
        yield (*found.path, "baseline", "as_of"), baseline.as_of, "baseline date"
    target = measure.target
    if target is not None and not isinstance(target, (int, float, str)) and target.by:
        yield (*found.path, "target", "by"), target.by, "target date"
    for index, item in enumerate(measure.targets):
        if item.by:
            yield (*found.path, "targets", index, "by"), item.by, "target date"
    for index, actual in enumerate(measure.actuals):
        yield (*found.path, "actuals", index, "as_of"), actual.as_of, "date of the actual"
