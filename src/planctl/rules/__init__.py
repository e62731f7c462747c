"""The rules planctl checks plans against, in one explicit registry.

Each rule is a module (see :mod:`planctl.rules.base`); ``RULES`` lists them
in the order ``planctl rules`` shows them. The privacy rules (``GROUP =
"privacy"``) close the list: they run only when plans are published. Checks
made while reading a file are documented in :mod:`planctl.rules.file_checks`.
"""

from __future__ import annotations

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
    privacy_contacts,
    privacy_counts,
    privacy_ids,
    privacy_names,
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
    # The privacy group: run only when plans are published (Settings.public).
    privacy_counts,
    privacy_names,
    privacy_ids,
    privacy_contacts,
)


def rule_docs() -> dict[str, RuleDoc]:
    """Documentation of every rule and file check, by id."""
    docs = {doc.id: doc for doc in FILE_CHECKS}
    docs.update({module.ID: doc_of(module) for module in RULES})
    return docs
