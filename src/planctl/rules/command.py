"""The ``rules`` command: list the rules plans are checked against, or explain one."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TextIO

from planctl.errors import UserError
from planctl.rules import rule_docs
from planctl.text import rule_detail, rule_table


@dataclass(frozen=True)
class RulesOptions:
    """What ``planctl rules`` was asked for."""

    rule_id: str | None = None
    """The rule to explain in full; none lists them all."""


def run(options: RulesOptions, out: TextIO) -> int:
    """Write the table of rules, or one rule in full, to ``out``; returns 0.

    Raises :class:`~planctl.errors.UserError` for a rule planctl does not
    have, naming the closest one.
    """
    docs = rule_docs()
    if options.rule_id is None:
        out.write(rule_table(docs.values()) + "\n")
        return 0
    doc = docs.get(options.rule_id)
    if doc is None:
        close = difflib.get_close_matches(options.rule_id, list(docs), n=1)
        suffix = f"; did you mean '{close[0]}'?" if close else "; see 'planctl rules'"
        raise UserError(f"there is no rule '{options.rule_id}'{suffix}")
    out.write(rule_detail(doc) + "\n")
    return 0
