"""Changes to the plan's own fields: title, period, status, sections and the rest of its header."""

from __future__ import annotations

from datetime import date

from planctl.diff.compare.model import PLAN_WHERE, Change, Value, _plural
from planctl.diff.compare.wording import _changed, _list_changed, _norm, _quoted
from planctl.model.build import PlanDoc
from planctl.vocabulary.period import period_bounds, period_words


def _header_field(doc: PlanDoc, name: str) -> str | None:
    """A field of the plan's header; read from the raw data when the header did not validate."""
    if doc.header is not None:
        value = getattr(doc.header, name)
    else:
        data = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        value = data.get(name)
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int, float)) else None


def _period(doc: PlanDoc) -> tuple[str, tuple[date, date] | None] | None:
    """The plan period in words and as days, or ``None`` when the plan has none."""
    start: object
    end: object
    if doc.header is not None:
        if doc.header.period is None:
            return None
        start, end = doc.header.period.start, doc.header.period.end
    else:
        data = doc.loaded.data if isinstance(doc.loaded.data, dict) else {}
        raw = data.get("period")
        if not isinstance(raw, dict):
            return None
        start, end = raw.get("start"), raw.get("end")
    if not isinstance(start, (str, int)) or not isinstance(end, (str, int)):
        return f"{start} – {end}", None
    begins = doc.template.school_year_start
    return period_words(start, end, begins), period_bounds(start, end, begins)


_HEADER_TEXT = (
    ("title", "title", True),
    ("organization", "organization", False),
    ("adopted", "adoption date", False),
    ("template", "template", False),
    ("description", "description", False),
)


def _header_changes(old: PlanDoc | None, new: PlanDoc | None) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        doc = new or old
        assert doc is not None
        verb = "added" if old is None else "removed"
        title = _header_field(doc, "title") or doc.path
        detail = f"{verb}: {_quoted(title)}"
        return [
            Change(
                kind=f"plan-{verb}",
                where=PLAN_WHERE,
                before=None if old is None else title,
                after=title if old is None else None,
                message=f"plan {detail}",
                line=detail,
            )
        ]
    changes: list[Change] = []

    def add(kind: str, detail: str, before: Value, after: Value) -> None:
        changes.append(Change(kind, PLAN_WHERE, before, after, f"plan {detail}", "", detail))

    before_status = _header_field(old, "status") or "draft"
    after_status = _header_field(new, "status") or "draft"
    for field, name, quote in _HEADER_TEXT:
        before, after = _header_field(old, field), _header_field(new, field)
        if field == "template":
            before, after = before or "default", after or "default"
        if _norm(before) != _norm(after):
            add(f"plan-{field}-changed", _changed(name, before, after, quote=quote), before, after)
    old_period, new_period = _period(old), _period(new)
    if old_period != new_period and (
        old_period is None
        or new_period is None
        or old_period[1] is None
        or old_period[1] != new_period[1]
    ):
        before = old_period[0] if old_period else None
        after = new_period[0] if new_period else None
        add("plan-period-changed", _changed("period", before, after), before, after)
    if before_status != after_status:
        add(
            "plan-status-changed",
            f"status changed: {before_status} → {after_status}",
            before_status,
            after_status,
        )
    old_sections = old.header.sections if old.header else {}
    new_sections = new.header.sections if new.header else {}
    for key in [*new_sections, *(k for k in old_sections if k not in new_sections)]:
        before_section, after_section = old_sections.get(key), new_sections.get(key)
        name = f"section {_quoted(new.template.section_heading(key))}"
        if isinstance(before_section, list) or isinstance(after_section, list):
            old_items = _section_items(before_section)
            new_items = _section_items(after_section)
            listed = _list_changed(name, old_items, new_items)
            if listed is not None and not (old_items and new_items):
                count = _plural(len(old_items or new_items), "item")
                listed = f"{name} added ({count})" if new_items else f"{name} removed ({count})"
            if listed is not None:
                add("plan-section-changed", listed, old_items or None, new_items or None)
        elif _norm(before_section) != _norm(after_section):
            add(
                "plan-section-changed",
                _changed(name, before_section, after_section, quote=True),
                before_section,
                after_section,
            )
    return changes


def _section_items(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
