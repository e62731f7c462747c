"""The ids of planctl's rules and file checks, as plain names.

``planctl.toml`` and templates set rule severities by id, and are read before
the plan model the rules are built on, so they check the ids they are given
against this list rather than import :mod:`planctl.rules` (which would make
settings, templates, the model and the rules one import cycle). The rules
and their documentation live in :mod:`planctl.rules`; ``tests/test_layers.py``
keeps this list equal to its ids.
"""

from __future__ import annotations

FILE_CHECK_NAMES = (
    "file-unreadable",
    "yaml-syntax",
    "yaml-unsupported",
    "duplicate-key",
    "yaml-tag",
    "yaml-limits",
    "plan-structure",
    "unknown-key",
    "template",
    "config",
    "silence",
)
"""Checks made while a file is read (:mod:`planctl.rules.file_checks`)."""

RULE_NAMES = (
    "required-fields",
    "date-format",
    "date-order",
    "date-in-period",
    "unique-ids",
    "no-empty-goal",
    "owner-in-roster",
    "smart-measure",
    "goal-measure",
    "status-word",
    "cost-by-year",
    "aligns-to",
    "privacy-small-count",
    "privacy-student-name",
    "privacy-student-id",
    "privacy-contact",
)
"""The plan rules (:func:`planctl.rules.all_rules`), in the order ``planctl rules`` lists them."""


PRIVACY_GROUP = (
    "privacy-small-count",
    "privacy-student-name",
    "privacy-student-id",
    "privacy-contact",
)
"""The privacy rules: off for an ordinary check, on when plans are published.

``validate --public``, ``render --public`` and ``site`` turn them on
(:attr:`planctl.config.Settings.public`); a publishing command refuses to
write while one of them reports an error.
"""


def is_privacy_rule(rule: str) -> bool:
    """True for a rule of the privacy group."""
    return rule in PRIVACY_GROUP


def known_names() -> list[str]:
    """Every id a severity may be set for, sorted: file checks and rules."""
    return sorted((*FILE_CHECK_NAMES, *RULE_NAMES))
