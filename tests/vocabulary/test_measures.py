"""Measure values as planners write them: changes from a baseline, baselines not yet measured."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from planctl.vocabulary.measures import (
    baseline_text,
    read_change,
    read_pending,
    target_number,
    target_text,
)

# written → (amount, relative to the baseline, way), or None: not a change
CHANGES: list[tuple[Any, tuple[float, bool, str | None] | None]] = [
    ("+20%", (20, True, "increase")),
    ("-15%", (15, True, "decrease")),
    ("+5 points", (5, False, "increase")),
    ("+5 percentage points", (5, False, "increase")),
    ("20% increase", (20, True, "increase")),
    ("a 10-point gain", (10, False, "increase")),
    ("10 points higher", (10, False, "increase")),
    ("15% reduction", (15, True, "decrease")),
    ("a 5% decrease from baseline", (5, True, "decrease")),
    ("reduce by 15%", (15, True, "decrease")),
    ("Reduce chronic absenteeism by 3 percentage points", (3, False, "decrease")),
    ("increase proficiency by 5 points", (5, False, "increase")),
    ("cut the gap in half", (50, True, "decrease")),
    ("halve the gap", (50, True, "decrease")),
    ("double", (100, True, "increase")),
    ("+3 days", (3, False, "increase")),
    ("\u22122 points", (2, False, "decrease")),  # a typographic minus
    (-5, (5, False, "decrease")),
    (5, (5, False, None)),  # YAML reads "+5" as 5: the measure's direction says which way
    ("5 points", None),  # words that do not say which way are not a change...
    ("+5% decrease", None),  # ... nor words that say both
    ("about half", None),
    ("75%", None),
    ("Increase", None),
]


@pytest.mark.parametrize(("written", "expected"), CHANGES)
def test_changes_as_written(written: Any, expected: tuple[float, bool, str | None] | None) -> None:
    found = read_change(written)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.amount, found.relative, found.direction) == expected


def test_under_change_a_size_without_a_way_is_read() -> None:
    found = read_change("5 points", bare=True)
    assert found is not None
    assert (found.amount, found.relative, found.direction) == (5, False, None)
    assert found.apply(40, "increase") == 45
    assert found.apply(40, None) is None


@pytest.mark.parametrize(
    ("written", "baseline", "direction", "reached"),
    [
        ("+5 points", 40, None, 45),
        ("+20%", 40, None, 48),
        ("-15%", 200, None, 170),
        ("cut the gap in half", 24, None, 12),
        (3, 12, "decrease", 9),
        (-3, 12, None, 9),
        (0, 12, None, 12),
    ],
)
def test_a_change_reaches_a_figure_from_the_baseline(
    written: Any, baseline: float, direction: str | None, reached: float
) -> None:
    found = read_change(written, bare=True)
    assert found is not None
    assert found.apply(baseline, direction) == pytest.approx(reached)


# written, as_of → when it is to be set, or None: a measured baseline
PENDING: list[tuple[Any, str | None, str | None]] = [
    ("TBD", "2025-10", "2025-10"),
    ("N/A", None, ""),
    ("n/a", None, ""),
    ("To be determined", None, ""),
    ("not yet measured", None, ""),
    ("Not measured yet", None, ""),
    ("set in 2016", None, "2016"),
    ("Baseline to be set in fall 2025", None, "fall 2025"),
    ("62% measured in 2016", None, None),
    ("75%", None, None),
    (62, None, None),
]


@pytest.mark.parametrize(("written", "as_of", "when"), PENDING)
def test_baselines_not_yet_measured(written: Any, as_of: str | None, when: str | None) -> None:
    found = read_pending(written, as_of)
    assert (found.when if found else None) == when


def measure(**fields: Any) -> Any:
    """A stand-in for the model's measure: the vocabulary reads its attributes only."""
    values: dict[str, Any] = {"unit": None, "direction": None, "baseline": None}
    return SimpleNamespace(**(values | fields))


def test_figures_as_shown() -> None:
    target = SimpleNamespace(value=None, change="+5 points", by="2025-06", note=None)
    dated = SimpleNamespace(value=40, as_of="2024-06", note=None)
    percent = measure(unit="%", baseline=dated)
    assert target_text(percent, target) == "+5 points (45%)"
    assert target_number(percent, target) == 45
    assert baseline_text(percent) == "40% (2024-06)"
    # A baseline written "40%" with no unit: the figure is a percentage too.
    assert target_text(measure(baseline="40%"), target) == "+5 points (45%)"
    pending = SimpleNamespace(value="TBD", as_of="2025-10", note=None)
    waiting = measure(unit="%", baseline=pending)
    assert baseline_text(waiting) == "not yet measured (to be set 2025-10)"
    assert target_text(waiting, target) == "+5 points"
    assert target_number(waiting, target) is None
    words = measure(unit="count", direction="decrease", baseline=200)
    assert target_text(words, "reduce by 15%") == "reduce by 15% (170)"
    assert target_text(words, 150) == "150"
    number = SimpleNamespace(value=None, change=30, by=None, note=None)
    assert target_text(words, number) == "-30 (170)"
