"""How problems about a plan's shape name what they are about.

A pydantic error gives a location and an error type; the functions here turn
them into a path in the plan's data (skipping union tags), a name planners
read (``people item 2``), the form a value should take ("a number") and the
value it has ("the text 'soon'"). :mod:`planctl.model.build` reports with them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from planctl.load.positions import PathKey
from planctl.model import plan


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name(data_path: PathKey) -> str:
    """A data path as planners read it: ``people item 2``, ``measure.target``."""
    parts: list[str] = []
    for part in data_path:
        if isinstance(part, int):
            parts.append(f" item {part + 1}")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or "value"


def _nested_fields() -> list[str]:
    models = (plan.Period, plan.Measure, plan.Baseline, plan.Target, plan.Actual)
    more = (plan.CostDetail, plan.Update, plan.Person, plan.Task, plan.OwnerEntry)
    return sorted({name for model in (*models, *more) for name in model.model_fields})


_NESTED_FIELDS = _nested_fields()


def _child(current: Any, part: str | int) -> tuple[bool, Any]:
    """The item ``part`` of a mapping or list, if it is there."""
    if isinstance(current, dict) and part in current:
        return True, current[part]
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return True, current[part]
    return False, None


def _data_path(raw: Any, loc: Sequence[str | int]) -> PathKey:
    """Turn a pydantic location into a path in the data, skipping union tags."""
    path: list[str | int] = []
    current = raw
    for part in loc:
        found, child = _child(current, part)
        if found:
            current = child
            path.append(part)
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and part in ("text", "detail", "value", "amount")
        ):
            continue
        elif isinstance(current, dict) and isinstance(part, str):
            path.append(part)
            break
    return tuple(path)


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a number",
    "int_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "finite_number": "an ordinary number",
    "union_tag_invalid": "text or a mapping",
}


def _expected(kind: str, item: Any) -> str:
    if kind == "literal_error":
        return "one of " + str(item.get("ctx", {}).get("expected", "the listed words"))
    if kind == "greater_than_equal":
        return f"a number of at least {item.get('ctx', {}).get('ge', 0)}"
    if (
        kind in ("int_type", "int_parsing", "float_type", "float_parsing")
        and isinstance(item.get("input"), float)
        and not math.isfinite(item["input"])
    ):
        return "an ordinary number"
    return _EXPECTED.get(kind, str(item.get("msg", "a different value")).lower())


def _describe(value: Any) -> str:
    """A value as a planner would name it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return "'.nan' (not a number)"
        return f"the number {value}"
    if isinstance(value, str):
        if value.lstrip("+-").isdigit() and len(value) > 20:
            return f"a number {len(value)} digits long"
        return f"the text '{_short(value, 40)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
