"""What a rule is, and what it is given.

A rule is a module with ``ID``, ``NAME``, ``SUMMARY``, ``SEVERITY`` and a
``check(context)`` generator that yields :class:`Finding` values. A rule of a
group that is off unless asked for names it in ``GROUP`` (the privacy rules:
``"privacy"``, run only when plans are published). Its module
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

from planctl.config import Settings
from planctl.load.positions import PathKey
from planctl.model.build import Node, PlanDoc
from planctl.problem import RuleDoc, Severity
from planctl.rules._measures import MeasureAt, measures
from planctl.rules._texts import TextAt, published_texts
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
    phrase: str = ""
    """Words of the value the finding is about; the problem is located at them when found."""


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
    settings: Settings | None = None
    """The repository's settings (``planctl.toml``); None for a plan checked on its own."""

    @property
    def publishing(self) -> bool:
        """The plan is about to be published: the privacy rules run."""
        return self.settings is not None and self.settings.public

    @cached_property
    def texts(self) -> list[TextAt]:
        """Every text a published plan shows, with its path and node (the privacy rules)."""
        return list(published_texts(self.doc))

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
        group=group_of(module),
    )


def group_of(module: ModuleType) -> str:
    """The group of a rule that is off unless asked for (``"privacy"``), or empty text."""
    group: str = getattr(module, "GROUP", "")
    return group


def _split_examples(text: str) -> tuple[str, str, str]:
    """Split a docstring into description, ``Fails:`` and ``Passes:`` blocks."""
    description, _, rest = text.partition("\nFails:")
    fail, _, passing = rest.partition("\nPasses:")
    return (
        description.strip(),
        textwrap.dedent(fail.strip("\n")).strip("\n"),
        textwrap.dedent(passing.strip("\n")).strip("\n"),
    )
