"""The rules planctl checks plans against, in one explicit registry.

Each rule is a module (see :mod:`planctl.rules.base`); ``RULES`` lists the
ones every check runs, in the order ``planctl rules`` shows them. The privacy
rules (``GROUP = "privacy"``) close the list: they run only when plans are
published, so :func:`privacy_rules` imports them then, and an ordinary
``planctl validate`` on every commit does not pay for their patterns. Checks
made while reading a file are documented in :mod:`planctl.rules.file_checks`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

from planctl.problem import RuleDoc
from planctl.rules import (
    aligns_to,
    cost_by_year,
    date_format,
    date_in_period,
    date_order,
    goal_measure,
    no_empty_goal,
    owner_in_roster,
    required_fields,
    smart_measure,
    status_word,
    unique_ids,
)
from planctl.rules.base import doc_of
from planctl.rules.file_checks import FILE_CHECKS

RULES: tuple[ModuleType, ...] = (
    required_fields,
    date_format,
    date_order,
    date_in_period,
    unique_ids,
    no_empty_goal,
    owner_in_roster,
    smart_measure,
    goal_measure,
    status_word,
    cost_by_year,
    aligns_to,
)
"""The rules of every check."""

_PRIVACY_MODULES = ("privacy_counts", "privacy_names", "privacy_ids", "privacy_contacts")
"""The privacy group's modules, in the order they run and are listed."""


def privacy_rules() -> tuple[ModuleType, ...]:
    """The privacy rules, run only when plans are published (``Settings.public``)."""
    return tuple(importlib.import_module(f"planctl.rules.{name}") for name in _PRIVACY_MODULES)


def all_rules() -> tuple[ModuleType, ...]:
    """Every rule, the privacy group last, in the order ``planctl rules`` lists them."""
    return RULES + privacy_rules()


def rule_docs() -> dict[str, RuleDoc]:
    """Documentation of every rule and file check, by id."""
    docs = {doc.id: doc for doc in FILE_CHECKS}
    docs.update({module.ID: doc_of(module) for module in all_rules()})
    return docs


class RuleDocs(Mapping[str, RuleDoc]):
    """:func:`rule_docs`, made the first time it is looked in.

    A report is given the rules' documentation, and only SARIF reads it; the
    text report on every commit then imports no rule it does not run.
    """

    def __init__(self) -> None:
        self._docs: dict[str, RuleDoc] | None = None

    def _made(self) -> dict[str, RuleDoc]:
        if self._docs is None:
            self._docs = rule_docs()
        return self._docs

    def __getitem__(self, rule: str) -> RuleDoc:
        return self._made()[rule]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    def __bool__(self) -> bool:
        # There are always rules; saying so without making them keeps ``rules or {}`` lazy.
        return True
