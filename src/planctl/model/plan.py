"""The plan file as pydantic models: header, people, measures, costs, nodes and steps.

The models check the *shape* of each value (text, list, number, mapping) and
normalise the forms planners write (one owner or a list of owners). They do
not judge content: whether a date parses, an owner is on the roster or a
required column is filled in is the business of the rules, which can report
it with the district's own severity and words. Dates therefore stay text
here; :mod:`planctl.timeline` reads them.

Hierarchy levels are named by the plan template, so the models describe one
node at a time; :mod:`planctl.model.build` walks the levels.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
)

from planctl import modelcache
from planctl.vocabulary import status as _status
from planctl.vocabulary.status import PlanStatus


def _text(value: Any) -> Any:
    """Accept numbers where text is meant (``title: 2024``, ``due: 2013``)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _text_list(value: Any) -> Any:
    """One item or a list of items: ``owners: Ana`` is ``owners: [Ana]``."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [_text(value)]
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


Text = Annotated[str, BeforeValidator(_text, json_schema_input_type=str | int | float)]
"""Text as a planner writes it; numbers are taken as their text."""

TextList = Annotated[
    list[Text], BeforeValidator(_text_list, json_schema_input_type=str | list[str])
]
"""A list of texts, or a single text standing for a one-item list."""

Number = Annotated[float, Field(allow_inf_nan=False)]
Language = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="The plan's language as a BCP 47 tag (en, es, en-US); default en.",
    ),
]
"""The language a plan is written in, as packets declare it to screen readers."""
Value = int | Annotated[float, Field(allow_inf_nan=False)] | str
"""A measure value: a number (``75`` with unit ``%``) or text (``75%``, ``490:1``)."""


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, values are frozen.

    Each is completed at the end of this module, from the schema kept by an
    earlier run when there is one (:mod:`planctl.modelcache`).
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=False, populate_by_name=True, defer_build=True
    )


class Person(Model):
    """Someone (or a team) who can own steps."""

    name: Text
    role: Text | None = None
    team: bool = False
    email: Text | None = None
    aliases: TextList = Field(default_factory=list)


class OwnerEntry(Model):
    """An owner with the role they carry for this step: ``{name: Maria Lopez, role: ...}``."""

    name: Text
    role: Text | None = None


def _owner_kind(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "text"


def _owner_list(value: Any) -> Any:
    """One owner or a list of owners; each a name (text) or ``{name, role}``."""
    if isinstance(value, dict):
        return [value]
    return _text_list(value)


OwnerItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[OwnerEntry, Tag("detail")],
    Discriminator(_owner_kind),
]
Owners = Annotated[
    list[OwnerItem],
    BeforeValidator(_owner_list, json_schema_input_type=str | OwnerEntry | list[str | OwnerEntry]),
]
"""Who is responsible: a name, ``{name, role}``, or a list of them.

Text such as "Maria Lopez, Language Arts teacher" is a roster name and a role
when the roster knows the part before the comma: :mod:`planctl.model.people`.
"""


class Period(Model):
    """The months a plan covers, as planners write them (``2024-07``, ``July 2024``)."""

    start: Text
    end: Text


class Baseline(Model):
    """A measured starting value, with when it was measured.

    A baseline not measured yet is written as words (``value: TBD``, ``N/A``,
    ``set in 2016``), with the month it is to be set as ``as_of``.
    """

    value: Value
    as_of: Text | None = None
    note: Text | None = None


class Target(Model):
    """A value to reach, and by when: a figure (``value``) or a change from the baseline.

    ``change`` is the target as planners often write it: ``+20%`` (of the
    baseline), ``+5 points``, ``-3`` (in the measure's unit), ``cut the gap in
    half``. A target states a value, a change, or both.
    """

    value: Value | None = None
    change: Value | None = None
    by: Text | None = None
    note: Text | None = None


class Actual(Model):
    """A value measured while the plan is monitored."""

    value: Value
    as_of: Text
    note: Text | None = None


def _detail_or_value(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "value"


BaselineField = Annotated[
    Annotated[Value, Tag("value")] | Annotated[Baseline, Tag("detail")],
    Discriminator(_detail_or_value),
]
TargetField = Annotated[
    Annotated[Value, Tag("value")] | Annotated[Target, Tag("detail")],
    Discriminator(_detail_or_value),
]


class Measure(Model):
    """An evaluative measure: data source, baseline, target, and progress."""

    source: Text | None = None
    indicator: Text | None = None
    description: Text | None = None
    unit: Text | None = None
    direction: Literal["increase", "decrease", "maintain"] | None = None
    baseline: BaselineField | None = None
    target: TargetField | None = None
    targets: list[Target] = Field(default_factory=list)
    actuals: list[Actual] = Field(default_factory=list)
    note: Text | None = None


def _measure_kind(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "text"


MeasureField = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Measure, Tag("detail")],
    Discriminator(_measure_kind),
]


class CostDetail(Model):
    """A cost with its funding source and amounts per school year."""

    amount: Number = Field(ge=0)
    funding: Text | None = None
    code: Text | None = None
    by_year: dict[str, Annotated[Number, Field(ge=0)]] = {}
    note: Text | None = None

    @field_validator("by_year", mode="before")
    @classmethod
    def _year_keys_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value


def _cost_kind(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "amount"


CostField = Annotated[
    Annotated[Annotated[Number, Field(ge=0)], Tag("amount")] | Annotated[CostDetail, Tag("detail")],
    Discriminator(_cost_kind),
]


class Update(Model):
    """A progress note recorded while the plan is monitored."""

    date: Text
    note: Text | None = None
    status: Text | None = None
    by: Text | None = None


class Task(Model):
    """One item of a step's checklist (a sub-action): what, who, by when, and whether it is done.

    ``owner`` (one person) and ``owners`` (a list) are both accepted, as
    planners write either for a short item; ``done`` is ``true``, ``false``
    or the date it was done (``2025-01``).
    """

    task: Text
    owner: TextList = Field(default_factory=list)
    owners: TextList = Field(default_factory=list)
    due: Text | None = None
    done: bool | Text | None = None


def _task_kind(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "text"


TaskField = Annotated[
    Annotated[Text, Tag("text")] | Annotated[Task, Tag("detail")],
    Discriminator(_task_kind),
]
"""A checklist item: its text alone (``- Order books``), or a :class:`Task` mapping."""


Silence = dict[str, Text]
"""Rules silenced on a node and below it, each with the reason: ``{rule-id: reason}``."""


class NodeFields(Model):
    """Fields every goal, objective or strategy may carry (besides its child level)."""

    id: Text | None = None
    title: Text | None = None
    description: Text | None = None
    owners: Owners = Field(default_factory=list)
    tags: TextList = Field(default_factory=list)
    status: Text | None = None
    measure: MeasureField | None = None
    measures: list[MeasureField] = Field(default_factory=list)
    cost: CostField | None = None
    aligns_to: TextList = Field(default_factory=list)
    comments: Text | None = None
    silence: Silence = Field(default_factory=dict)


class StepFields(Model):
    """Fields of an action step, the rows of the district's action-step table."""

    id: Text | None = None
    action: Text | None = None
    description: Text | None = None
    start: Text | None = None
    due: Text | None = None
    dates: TextList = Field(default_factory=list)
    repeat: Text | None = None
    owners: Owners = Field(default_factory=list)
    outcome: Text | None = None
    measure: MeasureField | None = None
    measures: list[MeasureField] = Field(default_factory=list)
    cost: CostField | None = None
    resources: TextList = Field(default_factory=list)
    benefits: Text | None = None
    comments: Text | None = None
    phase: Text | None = None
    tags: TextList = Field(default_factory=list)
    status: Text | None = None
    completed: Text | None = None
    updates: list[Update] = Field(default_factory=list)
    tasks: list[TaskField] = Field(default_factory=list)
    aligns_to: TextList = Field(default_factory=list)
    silence: Silence = Field(default_factory=dict)


Section = Text | list[Text]


class PlanHeader(Model):
    """The top of a plan file: what the plan is, and its narrative sections."""

    planctl: Literal[1]
    template: Text = "default"
    title: Text | None = None
    organization: Text | None = None
    period: Period | None = None
    status: PlanStatus = "draft"
    adopted: Text | None = None
    description: Text | None = None
    currency: Text | None = None
    lang: Language | None = None
    sections: dict[str, Section] = Field(default_factory=dict)
    people: list[Person] = Field(default_factory=list)
    silence: Silence = Field(default_factory=dict)


def keyed_measures(
    fields: NodeFields | StepFields | None,
) -> list[tuple[tuple[str, int] | tuple[str], Measure | str]]:
    """Every measure of a goal, objective or step with its key: ``("measures", 0)``.

    A node may write one measure, a list, or both; every reader of measures goes through
    here or :func:`all_measures`.
    """
    if fields is None:
        return []
    found: list[tuple[tuple[str, int] | tuple[str], Measure | str]] = []
    if fields.measure is not None:
        found.append((("measure",), fields.measure))
    found.extend((("measures", index), item) for index, item in enumerate(fields.measures))
    return found


def all_measures(fields: NodeFields | StepFields | None) -> list[Measure | str]:
    """Every measure of a goal, objective or step: ``measure`` first, then each of ``measures``."""
    return [item for _, item in keyed_measures(fields)]


def cost_amount(cost: float | CostDetail | None) -> float:
    """The amount of a cost, whichever form it was written in."""
    if cost is None:
        return 0.0
    if isinstance(cost, CostDetail):
        return cost.amount
    return cost


def is_finite_number(value: Any) -> bool:
    """True for an int or float that is a real, finite number."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a planner may write for ``model``."""
    return list(model.model_fields)


modelcache.complete(
    "plan",
    [
        Person,
        OwnerEntry,
        Period,
        Baseline,
        Target,
        Actual,
        Measure,
        CostDetail,
        Update,
        Task,
        NodeFields,
        StepFields,
        PlanHeader,
    ],
    # The files whose content the schemas come from: these models, and the status words.
    sources=[__file__, _status.__file__],
)
