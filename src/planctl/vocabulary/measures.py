"""Measures in words: ``Full TLTs. Source: survey. Baseline 75% (2023); target 85% by June 2025``.

Reports, packets, ``diff`` and export print a measure's values the same way:
a percentage with ``%``, a count, score or ratio bare, any other unit after
the number.

Planners write values in more ways than a number, and every layer reads them
here, alike:

* a value in its unit: ``75``, ``"75%"``, ``"490:1"``, ``"$1,200"`` (:func:`number`);
* a target written as a change from the baseline: ``change: +20%``, ``"+5 points"``,
  ``"a 10-point gain"``, ``"reduce by 15%"``, ``"cut the gap in half"``
  (:func:`read_change`), turned into a figure when the baseline is a number
  (baseline 40%, ``+5 points`` → 45%; baseline 200, ``-15%`` → 170);
* a baseline not measured yet: ``TBD``, ``N/A``, ``not yet measured``, ``set in 2016``
  (:func:`read_pending`), shown as "not yet measured (to be set 2025-10)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Value = float | int | str
Direction = Literal["increase", "decrease"]

_VALUE = re.compile(r"^\s*[$€£]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(%|percent)?\s*(?::\s*1)?\s*$", re.I)


def number(value: Value) -> float | None:
    """A measure value as a number: ``75``, ``"75%"``, ``"490:1"``, ``"$1,200"``; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    match = _VALUE.match(value)
    if match is None:
        return None
    return float(match.group(1).replace(",", ""))


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    """A target written as a change from the baseline.

    ``amount`` is its size (never negative); ``relative`` says it is a share
    of the baseline (``+20%``) rather than an amount in the measure's unit
    (``+5 points``, ``+3 days``, ``+5``); ``direction`` is the way the words
    say it goes, None when they do not say (``5 points``); ``unit`` is the
    unit as written (``%``, ``points``, ``days``, empty); ``text`` the
    change as a planner reads it.
    """

    amount: float
    relative: bool
    direction: Direction | None
    unit: str
    text: str

    def apply(self, baseline: float, direction: str | None = None) -> float | None:
        """The figure the change reaches from ``baseline``; None when no direction is known.

        ``direction`` (the measure's) stands in when the words do not say which way.
        """
        if self.amount == 0:
            return baseline
        way = self.direction or (direction if direction in ("increase", "decrease") else None)
        if way is None:
            return None
        sign = 1.0 if way == "increase" else -1.0
        if self.relative:
            return baseline * (1.0 + sign * self.amount / 100.0)
        return baseline + sign * self.amount


# The words that say which way a change goes ("a 10-point gain", "15% reduction").
_UP = frozenset(
    [
        "increase",
        "increased",
        "increases",
        "gain",
        "gains",
        "rise",
        "growth",
        "improvement",
        "improve",
        "more",
        "higher",
        "up",
        "boost",
        "raise",
        "grow",
    ]
)
_DOWN = frozenset(
    [
        "decrease",
        "decreased",
        "decreases",
        "reduction",
        "reduce",
        "reduced",
        "drop",
        "decline",
        "cut",
        "fewer",
        "lower",
        "less",
        "down",
        "fall",
        "shrink",
    ]
)
_NUMBER = r"(?P<num>\d[\d,]*(?:\.\d+)?)"
_UNIT = r"(?P<unit>percentage points?|per ?cent|%|points?|pts?\.?|[a-z]+)?"
_SIGNED = re.compile(rf"^(?P<sign>[+-])?\s*{_NUMBER}\s*{_UNIT}\s*(?P<word>[a-z]+)?$")
_VERB_BY = re.compile(
    r"^(?P<verb>[a-z]+)\b(?:[a-z ]*?)\s*\bby\s+(?P<sign>)" + _NUMBER + r"\s*" + _UNIT + "$"
)
_HALF = re.compile(
    r"^(?:(?:cut|reduce|decrease|lower|shrink)\b.*\b(?:in|by) (?:one[- ])?half|halve\b.*)$"
)
_DOUBLE = re.compile(r"^(?:double\b.*|(?:increase|grow|raise)\b.*\btwofold)$")
_TAIL = re.compile(r"\s+(?:from|over|above|below|on) (?:the )?baseline$")


def _way(word: str) -> Direction | None:
    if word in _UP or any(word.startswith(stem) for stem in ("increas", "improv", "gain", "grow")):
        return "increase"
    if word in _DOWN or any(word.startswith(stem) for stem in ("decreas", "reduc", "declin")):
        return "decrease"
    return None


def _unit(written: str) -> tuple[bool, str]:
    """(relative, unit as shown) for the unit a change is written in."""
    if written in ("%", "percent", "per cent", "pct"):
        return True, "%"
    if written.startswith(("point", "percentage point", "pt")):
        return False, "points"
    return False, written


def read_change(value: Value, *, bare: bool = False) -> Change | None:
    """A target written as a change (``+20%``, ``"a 10-point gain"``), or None.

    A number (``change: -5``) is an amount in the measure's unit; a negative one
    goes down, a positive one the way of the measure's ``direction`` (YAML
    reads ``+5`` as ``5``). Words must say which way (``+``, ``increase``, ``reduce``,
    ``gain``...) unless ``bare``: under ``change:`` a bare ``5 points`` is a
    change the measure's ``direction`` completes.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # YAML reads "+3" as 3: a positive number says its size, the measure's direction its way.
        amount = float(value)
        way: Direction | None = "decrease" if amount < 0 else None
        return Change(abs(amount), False, way, "", f"{amount:g}")
    text = " ".join(value.replace("\u2212", "-").replace("\u2013", "-").split())
    folded = _TAIL.sub("", text.lower().rstrip(".")).strip()
    folded = re.sub(r"^(?:an?|by) ", "", folded).replace("-point", " point")
    if _HALF.match(folded):
        return Change(50.0, True, "decrease", "%", text)
    if _DOUBLE.match(folded):
        return Change(100.0, True, "increase", "%", text)
    match = _SIGNED.match(folded) or _VERB_BY.match(folded)
    if match is None:
        return None
    parts = match.groupdict()
    unit_word = (parts.get("unit") or "").rstrip(".")
    word = parts.get("word") or parts.get("verb") or ""
    if unit_word and not word and _way(unit_word):
        unit_word, word = "", unit_word  # "20 increase": the word is the way, not a unit
    if unit_word and _way(unit_word):
        return None
    way = None
    if parts.get("sign"):
        way = "increase" if parts["sign"] == "+" else "decrease"
    if word:
        said = _way(word)
        if said is None or (way is not None and said != way):
            return None
        way = said
    if way is None and not bare:
        return None
    relative, unit = _unit(unit_word)
    return Change(float(parts["num"].replace(",", "")), relative, way, unit, text)


def change_text(change: Change, unit: str | None, direction: str | None = None) -> str:
    """A change as written, or a number's change with its unit and way: ``+5 points``, ``-3 days``.

    ``direction`` (the measure's) gives the way of a number written without a sign.
    """
    if change.text and not re.fullmatch(r"[+-]?[\d.]+", change.text):
        return change.text
    sign = {"increase": "+", "decrease": "-"}.get(change.direction or direction or "", "")
    size = f"{change.amount:g}"
    if unit == "%":
        return f"{sign}{size} points"
    return sign + with_unit(float(size), unit) if unit else f"{sign}{size}"


# --------------------------------------------------------------------------- pending baselines

_PENDING = re.compile(
    r"^(?:tbd|tba|n/?a|pending|none yet|unknown|new(?: measure)?|"
    r"to be (?:determined|set|measured|established|collected)|"
    r"not (?:yet )?(?:measured|available|set|established|collected)|no data yet)\b",
    re.I,
)
_SET_WHEN = re.compile(
    r"\b(?:set|established|measured|determined|collected|available)\s+(?:in|by|during|at|on)\s+"
    r"(?P<when>.+?)\.?$",
    re.I,
)


@dataclass(frozen=True)
class Pending:
    """A baseline not measured yet, and when it is to be set (``2025-10``; empty: not said)."""

    when: str

    def text(self) -> str:
        """``not yet measured (to be set 2025-10)``."""
        return f"not yet measured (to be set {self.when})" if self.when else "not yet measured"


def read_pending(value: Value | None, as_of: str | None = None) -> Pending | None:
    """A baseline written as not measured yet (``TBD``, ``N/A``, ``set in 2016``), or None.

    ``as_of`` (the baseline's date) is when it is to be set; else the words may say it.
    """
    if not isinstance(value, str) or re.match(r"\s*[-+$€£\d]", value):
        return None  # a figure ("62%", "62% measured in 2016") is a measured baseline
    text = " ".join(value.split())
    said = _SET_WHEN.search(text)
    if not (_PENDING.match(text) or said):
        return None
    return Pending(as_of or (said.group("when") if said else ""))


# --------------------------------------------------------------------------- a measure's figures


def _detail(item: Any) -> bool:
    """True for a value written with details (``{value, as_of}``), not alone (``75``)."""
    return item is not None and not isinstance(item, (int, float, str))


def baseline_number(measure: Any) -> float | None:
    """A structured measure's baseline as a number, None when there is none or it is not one."""
    baseline = measure.baseline
    raw = baseline.value if _detail(baseline) else baseline
    return number(raw) if raw is not None else None


def _shown_unit(measure: Any) -> str | None:
    """The unit a computed figure is shown in: the measure's, or ``%`` from a baseline ``40%``."""
    if measure.unit:
        return str(measure.unit)
    baseline = measure.baseline
    raw = baseline.value if _detail(baseline) else baseline
    if isinstance(raw, str) and raw.strip().endswith("%"):
        return "%"
    return None


def target_change(target: Any) -> Change | None:
    """The change a target is written as: its ``change``, or words of a change as its value."""
    change = getattr(target, "change", None) if _detail(target) else None
    if change is not None:
        return read_change(change, bare=True)
    raw = target.value if _detail(target) else target
    if isinstance(raw, str) and number(raw) is None:
        return read_change(raw)
    return None


def target_number(measure: Any, target: Any) -> float | None:
    """A target as a number: its value, or its change applied to a baseline that is a number."""
    raw = target.value if _detail(target) else target
    if raw is not None and number(raw) is not None:
        return number(raw)
    change = target_change(target)
    baseline = baseline_number(measure)
    if change is None or baseline is None:
        return None
    found = change.apply(baseline, measure.direction)
    return round(found, 6) if found is not None else None


def target_text(measure: Any, target: Any) -> str:
    """A target's value as shown: ``85%``, or its change and the figure: ``+5 points (45%)``."""
    raw = target.value if _detail(target) else target
    change = target_change(target)
    if change is None or (raw is not None and number(raw) is None and not _is_change_text(raw)):
        return with_unit(raw, measure.unit) if raw is not None else ""
    said = change_text(change, measure.unit, measure.direction)
    figure = target_number(measure, target)
    if figure is None:
        return said
    return f"{said} ({with_unit(round(figure, 2), _shown_unit(measure))})"


def _is_change_text(raw: Any) -> bool:
    return isinstance(raw, str) and read_change(raw) is not None


def baseline_text(measure: Any, *, with_date: bool = True) -> str:
    """A baseline as shown: ``62% (2023)``, or ``not yet measured (to be set 2025-10)``."""
    baseline = measure.baseline
    if baseline is None:
        return ""
    raw = baseline.value if _detail(baseline) else baseline
    as_of = baseline.as_of if _detail(baseline) else None
    pending = read_pending(raw, as_of)
    if pending is not None:
        return pending.text()
    shown = with_unit(raw, measure.unit)
    return f"{shown} ({as_of})" if with_date and as_of else shown


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
    if measure.baseline is not None:
        numbers.append(f"baseline {baseline_text(measure)}")
    targets = [measure.target] if measure.target is not None else []
    targets.extend(measure.targets)
    for target in targets:
        by = f" by {target.by}" if _detail(target) and target.by else ""
        numbers.append(f"target {target_text(measure, target)}{by}")
    if numbers:
        joined = "; ".join(numbers)
        parts.append(joined[0].upper() + joined[1:])
    if measure.actuals:
        latest = measure.actuals[-1]
        parts.append(f"Latest {with_unit(latest.value, measure.unit)} ({latest.as_of})")
    if measure.note and not parts:
        parts.append(measure.note)
    return ". ".join(parts)
