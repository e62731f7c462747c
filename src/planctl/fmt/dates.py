"""Dates written in words, found in a plan's data and put in planctl's normal form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, MutableMapping, MutableSequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from planctl.timeline import TimelineError, parse_month, parse_timeline
from planctl.vocabulary.period import period_bounds

if TYPE_CHECKING:
    from planctl.template import LevelSpec, PlanTemplate

_DIGITS = re.compile(r"[0-9]+")


def _plan_period(data: Any, school_year_start: int) -> tuple[date, date] | None:
    """The plan period of a plan's data, read as every command reads it (school years too)."""
    period = data.get("period") if isinstance(data, MutableMapping) else None
    if not isinstance(period, MutableMapping):
        return None
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, (str, int)) or not isinstance(end, (str, int)):
        return None
    bounds = period_bounds(start, end, school_year_start)
    return bounds if bounds is not None and bounds[0] <= bounds[1] else None


def _is_date_text(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


_Slot = tuple[Any, Any, str]
"""A place holding a date: (container, key or index, "month" for a period end or "timeline")."""


def _date_slots(data: Any, template: PlanTemplate) -> Iterator[_Slot]:
    """Every place in a plan's data (plain or round-trip) that holds a date."""
    if not isinstance(data, MutableMapping):
        return
    period = data.get("period")
    if isinstance(period, MutableMapping):
        for key in ("start", "end"):
            if key in period:
                yield period, key, "month"
    for level in template.child_levels(None):
        yield from _level_slots(data, level, template)


def _level_slots(
    container: Any, level: LevelSpec, template: PlanTemplate, written: str | None = None
) -> Iterator[_Slot]:
    items = container.get(written or level.key)
    if not isinstance(items, MutableSequence):
        return
    for node in items:
        if not isinstance(node, MutableMapping):
            continue
        if level.key == "steps":
            yield from _step_slots(node, template.field_aliases("steps"))
        # A field or the level below may be written under the template's alias
        # (a strategy map's 'key_measures:' and 'initiatives:').
        aliases = {name: alias for alias, name in template.field_aliases(level.key).items()}
        measures = node.get(aliases.get("measures", "measures"), node.get("measures"))
        if isinstance(measures, MutableSequence):
            for measure in measures:
                yield from _measure_slots(measure)
        if level.key != "steps":
            for child in template.child_levels(level.key):
                yield from _level_slots(node, child, template)
                if child.key in aliases:
                    yield from _level_slots(node, child, template, aliases[child.key])
        yield from _measure_slots(node.get("measure"))


def _step_slots(step: MutableMapping[Any, Any], aliases: dict[str, str]) -> Iterator[_Slot]:
    for key in step:
        if aliases.get(key, key) in ("start", "due", "completed"):
            yield step, key, "timeline"
    dates = step.get(next((a for a, name in aliases.items() if name == "dates"), "dates"))
    if isinstance(dates, MutableSequence):
        for index in range(len(dates)):
            yield dates, index, "timeline"
    elif dates is not None:
        yield step, next((a for a, name in aliases.items() if name == "dates"), "dates"), "timeline"
    updates = step.get("updates")
    if isinstance(updates, MutableSequence):
        for update in updates:
            if isinstance(update, MutableMapping) and "date" in update:
                yield update, "date", "timeline"


def _measure_slots(measure: Any) -> Iterator[_Slot]:
    if not isinstance(measure, MutableMapping):
        return
    for key, inner in (("baseline", "as_of"), ("target", "by")):
        value = measure.get(key)
        if isinstance(value, MutableMapping) and inner in value:
            yield value, inner, "timeline"
    for key, inner in (("targets", "by"), ("actuals", "as_of")):
        items = measure.get(key)
        if isinstance(items, MutableSequence):
            for item in items:
                if isinstance(item, MutableMapping) and inner in item:
                    yield item, inner, "timeline"


_ANY_PERIOD = (date(1900, 1, 1), date(2100, 12, 31))


def canonical_date(
    value: Any, kind: str, period: tuple[date, date] | None, school_year_start: int
) -> str | None:
    """The normal form of a date as written, or ``None`` to leave it as it is.

    A date is rewritten only when it reads the same days without the plan's
    period as with it (so ``Year 2`` and ``By June 2024`` stay), when its
    normal form reads back to the same days, and when that form would still
    be read as text (``2013`` would become a number). A period's ends must
    stay a month or a day. A date naming a year with no month stays as written.
    """

    if not _is_date_text(value):
        return None
    try:
        timeline = parse_timeline(value, school_year_start=school_year_start)
        if timeline.year_only:
            # "October 2003-2012" names no month for 2012: a normal form would write one.
            return None
        text = timeline.canonical()
        if text == str(value) or _DIGITS.fullmatch(text):
            return None
        days = (timeline.start, timeline.end)
        for around in (period, _ANY_PERIOD):
            if around is None:
                continue
            placed = parse_timeline(value, period=around, school_year_start=school_year_start)
            back = parse_timeline(text, period=around, school_year_start=school_year_start)
            if (placed.start, placed.end) != days or (back.start, back.end) != days:
                return None
        if kind == "month" and parse_month(text) != parse_month(value):
            return None
    except TimelineError:
        return None
    return text


def _rewrite_dates(
    data: Any,
    template: PlanTemplate,
    replace: Callable[[Any, str], Any],
) -> None:
    """Rewrite every readable date in ``data`` in place; ``replace`` makes the new value."""
    period = _plan_period(data, template.school_year_start)
    for container, key, kind in list(_date_slots(data, template)):
        old = container[key]
        text = canonical_date(old, kind, period, template.school_year_start)
        if text is not None:
            container[key] = replace(old, text)


@dataclass(frozen=True)
class _Either:
    """In the data a formatted plan must read as: a date as written, or in its normal form.

    (A date reached through a YAML merge key may be rewritten where it is
    written or not at all, so either is the same plan.)
    """

    old: Any
    new: str


def _either(old: Any, text: str) -> Any:
    return _Either(old, text)


def _styled_replacement(old: Any, text: str) -> Any:
    """The new text in the old one's quotes, if it had any."""
    # deferred: start-up (ruamel.yaml loads only when a file is formatted)
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(text)
    return text
