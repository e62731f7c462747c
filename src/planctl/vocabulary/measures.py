"""Measures in words: ``Full TLTs. Source: survey. Baseline 75% (2023); target 85% by June 2025``.

Reports, packets, ``diff`` and export print a measure's values the same way:
a percentage with ``%``, a count, score or ratio bare, any other unit after
the number.
"""

from __future__ import annotations

from typing import Any

Value = float | int | str

_BARE_UNITS = ("count", "score", "ratio")


def with_unit(value: Value, unit: str | None) -> str:
    """A measure's value with its unit: ``85%``, ``12``, ``3 days``."""
    if isinstance(value, str):
        return value
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if unit == "%":
        return f"{text}%"
    if unit and unit not in _BARE_UNITS:
        return f"{text} {unit}"
    return text


def _plain(value: Any) -> bool:
    """True for a value written alone (``75``), False for one with details (``{value, as_of}``)."""
    return isinstance(value, (int, float, str))


def measure_text(measure: Any) -> str:
    """A measure (text, or the model's structured measure) in one readable line.

    Its head (indicator, description or source), the source, then the
    baseline and targets by date, the latest actual, or the note when nothing else is said.
    """
    if measure is None:
        return ""
    if isinstance(measure, str):
        return measure
    parts: list[str] = []
    head = measure.indicator or measure.description or measure.source or ""
    if head:
        parts.append(head)
    if measure.source and measure.source != head:
        parts.append(f"Source: {measure.source}")
    numbers: list[str] = []
    baseline = measure.baseline
    if baseline is not None:
        if _plain(baseline):
            numbers.append(f"baseline {with_unit(baseline, measure.unit)}")
        else:
            as_of = f" ({baseline.as_of})" if baseline.as_of else ""
            numbers.append(f"baseline {with_unit(baseline.value, measure.unit)}{as_of}")
    targets = [measure.target] if measure.target is not None else []
    targets.extend(measure.targets)
    for target in targets:
        if _plain(target):
            numbers.append(f"target {with_unit(target, measure.unit)}")
        else:
            by = f" by {target.by}" if target.by else ""
            numbers.append(f"target {with_unit(target.value, measure.unit)}{by}")
    if numbers:
        joined = "; ".join(numbers)
        parts.append(joined[0].upper() + joined[1:])
    if measure.actuals:
        latest = measure.actuals[-1]
        parts.append(f"Latest {with_unit(latest.value, measure.unit)} ({latest.as_of})")
    if measure.note and not parts:
        parts.append(measure.note)
    return ". ".join(parts)
