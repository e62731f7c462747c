"""What a packet shows below a row: every value of a step or node that no column holds.

The promise of a packet is that nothing written in the plan vanishes from it. The district's
columns come first; whatever they leave out (resources, the whole update log, comments, tags,
phase, benefits, a cost's code and yearly split, a measure's notes and every figure, the
district's own fields, the step's checklist of tasks) becomes a labelled *detail* of the row,
which every layout and format shows under it. A detail is plain display text:

``{"label": "Resources", "text": "", "items": ["Staff time", "Coaches"], "kind": ""}``

``text`` holds one value, ``items`` a list (shown as a list); a layout shows ``text`` when there
are no ``items``. Measures are shown in full by :func:`measure_view`, as a small table of their
figures (baseline, targets, actuals) with the standing of the latest actual on the packet's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from planctl.model.build import Node, PlanDoc
from planctl.model.plan import (
    Baseline,
    CostDetail,
    Measure,
    NodeFields,
    StepFields,
    Target,
    Update,
    all_measures,
)
from planctl.model.tasks import TaskItem
from planctl.render.measure_chart import chart_data
from planctl.standing import measure_progress
from planctl.template import CustomField
from planctl.vocabulary.dates import PlanDates
from planctl.vocabulary.measures import (
    baseline_text,
    measure_text,
    read_pending,
    target_number,
    target_text,
    with_unit,
)
from planctl.vocabulary.money import money
from planctl.vocabulary.status import STATUS_LABELS

DIRECTION_WORDS = {
    "increase": "Higher is better",
    "decrease": "Lower is better",
    "maintain": "Keep at the target",
}
"""A measure's ``direction`` as a board member reads it."""

STANDING_WORDS = {"met": "Met", "on track": "On track", "behind": "Behind"}
"""The standing of a measure's latest actual against its target (unknown says nothing)."""

SET_ASIDE = "Checks set aside"
"""The label of the rules a plan silences, with the planner's reasons."""

Detail = dict[str, Any]


def detail(label: str, text: str = "", items: Sequence[str] = (), kind: str = "") -> Detail:
    """One labelled detail: a value (``text``) or a list (``items``).

    ``kind`` is ``tasks`` for a step's checklist (each item starts with its box, ☑ or ☐),
    so a layout can show it as a checklist; empty for any other detail.
    """
    return {"label": label, "text": text, "items": list(items), "kind": kind}


def _some(*entries: Detail | None) -> list[Detail]:
    return [entry for entry in entries if entry is not None and (entry["text"] or entry["items"])]


def _text_detail(label: str, value: str | None) -> Detail | None:
    return detail(label, value) if value else None


def _list_detail(label: str, values: Sequence[str]) -> Detail | None:
    return detail(label, items=values) if values else None


# --------------------------------------------------------------------------- costs


def cost_lines(cost: float | CostDetail | None, currency: str, *, with_amount: bool) -> list[str]:
    """A cost's parts, one a line: amount and funding, code, each school year, note.

    ``with_amount`` false leaves out the amount and funding source (a column shows them).
    """
    if cost is None:
        return []
    if not isinstance(cost, CostDetail):
        return [money(float(cost), currency)] if with_amount else []
    lines = []
    if with_amount:
        lines.append(money(cost.amount, currency))
        if cost.funding:
            lines.append(f"Funding: {cost.funding}")
    if cost.code:
        lines.append(f"Code: {cost.code}")
    lines.extend(f"{year}: {money(amount, currency)}" for year, amount in cost.by_year.items())
    if cost.note:
        lines.append(f"Note: {cost.note}")
    return lines


# --------------------------------------------------------------------------- updates


def update_lines(updates: Sequence[Update], status_label: Mapping[str, str]) -> list[str]:
    """Every update, newest first: ``2024-10-15 (In progress, by Ana Ruiz): Coaches trained``.

    ``status_label`` turns a status word into its label (the plan's template resolves it).
    """
    lines = []
    for update in reversed(updates):
        said = [status_label.get(update.status, update.status) if update.status else ""]
        said.append(f"by {update.by}" if update.by else "")
        about = ", ".join(part for part in said if part)
        head = f"{update.date} ({about})" if about else update.date
        lines.append(f"{head}: {update.note}" if update.note else head)
    return lines


# --------------------------------------------------------------------------- tasks


def task_view(item: TaskItem) -> dict[str, Any]:
    """One checklist item for a layout: its text, owners, due, whether and when it was done.

    ``line`` says it all in one line: ``☑ Train coaches (Ana Ruiz; due 2025-01; done 2025-01-20)``.
    """
    return {
        "text": item.text,
        "owners": ", ".join(item.names),
        "due": item.due or "",
        "done": item.done,
        "done_on": item.done_on or "",
        "mark": item.mark,
        "line": item.line,
    }


def task_lines(items: Sequence[TaskItem]) -> list[str]:
    """A checklist a line an item (see :func:`task_view`)."""
    return [item.line for item in items]


# --------------------------------------------------------------------------- measures


def _figure(
    kind: str, value: Any, unit: str | None, when: str, note: str, figure: float | None = None
) -> dict[str, str]:
    # "85% by June 2025" for a target; "62% (June 2023)" for a baseline or an actual.
    said = (f"by {when}" if kind == "Target" else f"({when})") if when else ""
    return {
        "kind": kind,
        "value": with_unit(value, unit),
        "date": when,
        "when": said,
        "note": note,
        # The number a change ("+5 points") reaches from the baseline, for the chart.
        "figure": f"{figure:g}" if figure is not None else "",
    }


def _figures(measure: Measure) -> list[dict[str, str]]:
    figures = []
    baseline = measure.baseline
    if baseline is not None:
        as_of, note = (
            (baseline.as_of or "", baseline.note or "")
            if isinstance(baseline, Baseline)
            else ("", "")
        )
        raw = baseline.value if isinstance(baseline, Baseline) else baseline
        if read_pending(raw, as_of) is not None:
            as_of = ""  # "not yet measured (to be set 2025-10)" says when
        figures.append(
            _figure("Baseline", baseline_text(measure, with_date=False), None, as_of, note)
        )
    targets = [measure.target] if measure.target is not None else []
    for target in [*targets, *measure.targets]:
        by, note = (target.by or "", target.note or "") if isinstance(target, Target) else ("", "")
        reached = target_number(measure, target)
        figures.append(_figure("Target", target_text(measure, target), None, by, note, reached))
    figures.extend(
        _figure("Actual", actual.value, measure.unit, actual.as_of, actual.note or "")
        for actual in measure.actuals
    )
    return figures


def measure_view(
    doc: PlanDoc, node: Node, measure: Measure | str, as_of: date | None
) -> dict[str, Any]:
    """A measure in full: what it measures, where from, which way is better, every figure.

    ``facts`` are labelled lines (Source, Unit, Direction, Note), ``summary`` the same in one
    line; ``figures`` the baseline, targets and actuals with their dates and notes; ``standing``
    whether the latest actual has met the target, is on track or behind on ``as_of`` ("Behind
    as of 2025-06-30"; empty when that cannot be judged); ``standing_word`` ("Behind") and
    ``standing_as_of`` its parts, ``standing_key`` the word as a class name ("on-track");
    ``chart`` the figures placed for a chart (:mod:`planctl.render.measure_chart`), empty
    when they make none.
    """
    if isinstance(measure, str):
        return {
            "text": measure,
            "head": measure,
            "summary": "",
            "facts": [],
            "figures": [],
            "standing": "",
            "standing_key": "",
            "standing_word": "",
            "standing_as_of": "",
            "chart": {},
        }
    head = measure.indicator or measure.description or measure.source or ""
    facts = _some(
        _text_detail("Description", measure.description if measure.description != head else None),
        _text_detail("Source", measure.source if measure.source != head else None),
        # A unit shown with every figure ("62%", "3 days") is not said again.
        _text_detail("Unit", measure.unit if _bare_unit(measure) else None),
        _text_detail("Direction", DIRECTION_WORDS.get(measure.direction or "")),
        _text_detail("Note", measure.note),
    )
    standing = word = ""
    if as_of is not None and measure.actuals:
        judged = measure_progress(doc, node, measure, as_of)
        word = STANDING_WORDS.get(judged.state, "")
        standing = f"{word} as of {as_of.isoformat()}" if word else ""
    said = [entry["text"] if entry["label"] == "Direction" else _said(entry) for entry in facts]
    view: dict[str, Any] = {
        "text": measure_text(measure),
        "head": head or "Measure",
        "summary": " · ".join(said),
        "facts": facts,
        "figures": _figures(measure),
        "standing": standing,
        "standing_key": word.lower().replace(" ", "-"),
        "standing_word": word,
        "standing_as_of": as_of.isoformat() if word and as_of else "",
    }
    view["chart"] = chart_data(
        view,
        unit=measure.unit,
        direction=measure.direction,
        better_words=DIRECTION_WORDS,
        dates=PlanDates(doc),
        as_of=as_of,
    )
    return view


def _said(entry: Detail) -> str:
    return f"{entry['label']}: {entry['text']}"


def _bare_unit(measure: Measure) -> bool:
    """True when the unit does not show on the figures: ``score``, ``count``, or no figures."""
    unit = measure.unit
    if not unit:
        return False
    shown = with_unit(1, unit) != "1"
    has_numbers = any(isinstance(figure["value"], str) for figure in _figures(measure))
    return not (shown and has_numbers)


def _needs_full_view(measure: Measure | str) -> bool:
    """True when a one-line cell would leave out part of the measure."""
    if isinstance(measure, str):
        return False
    one_line = (measure.indicator or measure.description or measure.source) and not (
        measure.description and measure.indicator
    )
    return bool(
        not one_line
        or measure.direction
        or measure.note
        or _bare_unit(measure)
        or len(measure.actuals) > 0
        or len(measure.targets) + (measure.target is not None) > 1
        or any(
            isinstance(item, (Baseline, Target)) and item.note
            for item in [measure.baseline, measure.target, *measure.targets]
        )
    )


def measures_of(
    doc: PlanDoc, node: Node, as_of: date | None, *, in_column: bool
) -> list[dict[str, Any]]:
    """The measures of ``node`` to show in full below it.

    A step's measure already in a column is shown again only when the cell's one line leaves
    something out; a goal's or objective's measures are always shown in full.
    """
    fields = node.fields
    if fields is None:
        return []
    items = all_measures(fields)
    if in_column:
        items = [item for item in items if _needs_full_view(item)]
    return [measure_view(doc, node, item, as_of) for item in items]


# --------------------------------------------------------------------------- district fields


def custom_text(spec: CustomField, value: Any) -> tuple[str, list[str]]:
    """A district field's value as text, or as a list when the template says it is one."""
    if isinstance(value, list):
        return "", [str(item) for item in value if item is not None and str(item)]
    if value is None:
        return "", []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value), []


def custom_details(
    specs: Iterable[CustomField], values: Mapping[str, Any], shown: Iterable[str]
) -> list[Detail]:
    """The district's own fields (``fields:`` in its template) that no column shows."""
    skip = set(shown)
    details = []
    for spec in specs:
        if spec.key in skip or spec.key not in values:
            continue
        text, items = custom_text(spec, values[spec.key])
        details.append(detail(spec.heading, text, items))
    return _some(*details)


# --------------------------------------------------------------------------- steps and nodes


def set_aside(silence: Mapping[str, str]) -> list[str]:
    """Rules silenced on a node or plan, each with its reason: ``date-in-period: reason``.

    A packet says which of the template's checks a planner set aside and why, so a
    reader knows a missing outcome or a date outside the period was deliberate.
    """
    return [f"{rule}: {reason}" if reason else rule for rule, reason in silence.items()]


def step_details(
    fields: StepFields,
    shown: set[str],
    *,
    currency: str,
    status_labels: Mapping[str, str],
    status_text: str,
    tasks: Sequence[TaskItem] = (),
    owners: Sequence[str] = (),
) -> list[Detail]:
    """A step's values no column of ``shown`` (field names) holds, each labelled.

    ``owners`` are the step's owners as the packet names them ("Maria Lopez
    (Language Arts teacher)").

    A column's cell holds one line; what that line leaves out comes here too: the earlier
    updates, a cost's code and yearly amounts, the dates and repeat beside ``due``.
    ``tasks`` is the step's checklist, shown first (as a list, even of one item).
    """
    due_shown = "due" in shown
    latest_only = "updates" in shown and len(fields.updates) == 1
    updates = fields.updates
    if latest_only and not (updates[0].status or updates[0].by):
        updates = []
    checklist = None
    if tasks and "tasks" not in shown:
        checklist = detail("Tasks", items=task_lines(tasks), kind="tasks")
    return _some(
        checklist,
        None if "id" in shown or "action" in shown else _text_detail("Number", fields.id),
        None if "action" in shown else _text_detail("Action", fields.action),
        None if "description" in shown else _text_detail("Description", fields.description),
        None if "start" in shown else _text_detail("Start", fields.start),
        None if due_shown else _text_detail("Due", fields.due),
        None if due_shown or "dates" in shown else _list_detail("Dates", fields.dates),
        None if due_shown or "repeat" in shown else _text_detail("Repeats", fields.repeat),
        None if "owners" in shown else _list_detail("Responsible", owners),
        None if "outcome" in shown else _text_detail("Expected outcome", fields.outcome),
        None if "status" in shown else _text_detail("Status", status_text),
        None if "completed" in shown else _text_detail("Completed", fields.completed),
        None if "resources" in shown else _list_detail("Resources", fields.resources),
        _text_detail(
            "Cost", " · ".join(cost_lines(fields.cost, currency, with_amount="cost" not in shown))
        ),
        None if "benefits" in shown else _text_detail("Benefits", fields.benefits),
        None if "phase" in shown else _text_detail("Phase", fields.phase),
        None if "tags" in shown else _text_detail("Tags", ", ".join(fields.tags)),
        None if "comments" in shown else _text_detail("Comments", fields.comments),
        _list_detail("Updates", update_lines(updates, status_labels)),
        _list_detail("Aligns to", fields.aligns_to),
        _list_detail(SET_ASIDE, set_aside(fields.silence)),
    )


def node_details(fields: NodeFields | None, currency: str) -> list[Detail]:
    """A goal's or objective's own values beyond its heading, owners, status and measures."""
    if fields is None:
        return []
    return _some(
        _text_detail("Own cost", " · ".join(cost_lines(fields.cost, currency, with_amount=True))),
        _text_detail("Tags", ", ".join(fields.tags)),
        _text_detail("Comments", fields.comments),
        _list_detail("Aligns to", fields.aligns_to),
        _list_detail(SET_ASIDE, set_aside(fields.silence)),
    )


def status_labels(doc: PlanDoc) -> dict[str, str]:
    """Status words as written mapped to their labels, for every word the plan's updates use."""
    labels: dict[str, str] = {}
    for node in doc.nodes():
        if isinstance(node.fields, StepFields):
            for update in node.fields.updates:
                if update.status and update.status not in labels:
                    key = doc.template.resolve_status(update.status) or ""
                    labels[update.status] = STATUS_LABELS.get(key, update.status)
    return labels
