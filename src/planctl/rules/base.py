"""What a rule is, and what it is given.

A rule is a module with ``ID``, ``NAME``, ``SUMMARY``, ``SEVERITY`` and a
``check(context)`` generator that yields :class:`Finding` values. Its module
docstring is its documentation, shown by ``planctl rules``: a description,
then a ``Fails:`` example and a ``Passes:`` example. Rules read the plan;
they never print, exit or raise for bad plans.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import ModuleType
from typing import Any, Protocol

from planctl.load.positions import PathKey
from planctl.model.build import Node, PlanDoc
from planctl.problem import RuleDoc, Severity
from planctl.rules._measures import MeasureAt, measures
from planctl.timeline import Timeline, TimelineError
from planctl.vocabulary.dates import PlanDates


@dataclass(frozen=True)
class Finding:
    """Something a rule found: where (a data path), what, and what to write instead."""

    path: PathKey
    message: str
    hint: str = ""
    node: Node | None = None
    where: str = ""
    key: bool = False


class RuleModule(Protocol):
    """The attributes every rule module defines."""

    ID: str
    NAME: str
    SUMMARY: str
    SEVERITY: Severity

    def check(self, context: RuleContext) -> Iterator[Finding]:
        """Yield what is wrong in the plan."""
        ...


@dataclass
class RuleContext:
    """A plan and what rules commonly need from it, computed once."""

    doc: PlanDoc

    @property
    def template(self) -> Any:
        """The plan's template."""
        return self.doc.template

    @cached_property
    def measures(self) -> list[MeasureAt]:
        """Every measure of the plan with its node and path (several rules read them)."""
        return list(measures(self.doc))

    @cached_property
    def dates(self) -> PlanDates:
        """The plan's dates, read with its period and school year."""
        return PlanDates(self.doc)

    @property
    def period(self) -> tuple[date, date] | None:
        """The plan's period as first and last day, when it is given and readable."""
        return self.dates.period

    def timeline(self, text: str) -> Timeline | TimelineError:
        """``text`` parsed as a timeline, once per plan period and text."""
        return self.dates.reading(text)

    def step_dates(self, node: Node) -> Iterator[tuple[str, PathKey, str]]:
        """Every date a step carries: (field name, data path, text)."""
        fields = node.fields
        if fields is None:
            return
        for name in ("start", "due", "completed"):
            value = getattr(fields, name, None)
            if value is not None:
                yield name, (*node.path, name), value
        for index, value in enumerate(getattr(fields, "dates", [])):
            yield "dates", (*node.path, "dates", index), value


def doc_of(module: ModuleType) -> RuleDoc:
    """The documentation of a rule module, from its attributes and docstring."""
    text = textwrap.dedent(module.__doc__ or "").strip()
    description, fail, passing = _split_examples(text)
    return RuleDoc(
        id=module.ID,
        name=module.NAME,
        summary=module.SUMMARY,
        description=description,
        default_severity=module.SEVERITY,
        fail_example=fail,
        pass_example=passing,
    )


def _split_examples(text: str) -> tuple[str, str, str]:
    """Split a docstring into description, ``Fails:`` and ``Passes:`` blocks."""
    description, _, rest = text.partition("\nFails:")
    fail, _, passing = rest.partition("\nPasses:")
    return (
        description.strip(),
        textwrap.dedent(fail.strip("\n")).strip("\n"),
        textwrap.dedent(passing.strip("\n")).strip("\n"),
    )
