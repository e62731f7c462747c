"""Owners are people (or teams) on the plan's roster.

When a plan lists its ``people:`` (or the repository's ``planctl.toml``
names a shared ``roster``), every owner must name one of them, so
a typo ("Shakera Walkr") does not leave a step with nobody responsible and
progress reports group steps under the right person. Plans without a roster
are not checked.

Fails:
    planctl: 1
    people:
      - name: Shakera Walker
    goals:
      - title: Communication
        steps:
          - action: Standardize job descriptions
            due: May/2013
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: [Shakera Walkr]

Passes:
    planctl: 1
    people:
      - name: Shakera Walker
    goals:
      - title: Communication
        measure: At least 85% of schools have a full TLT by August 2014
        steps:
          - action: Standardize job descriptions
            due: May/2013
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: [Shakera Walker]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "owner-in-roster"
NAME = "Owners on the roster"
SUMMARY = "Every owner names a person or team listed under people."
SEVERITY = Severity.ERROR


# Suggestions compare a name with every person: past this many distinct unknown
# names a hostile plan would make that quadratic, so the rest get a plain hint.
MAX_SUGGESTIONS = 50


def _hint(owner: str, candidates: list[str], made: int) -> str:
    close = (
        difflib.get_close_matches(owner, candidates, n=1, cutoff=0.6)
        if made < MAX_SUGGESTIONS
        else []
    )
    if close:
        return f"did you mean '{close[0]}'?"
    return f"add '{owner}' to the roster (people:), or use a name from it"


def check(context: RuleContext) -> Iterator[Finding]:
    """Report owners that match nobody on the roster, suggesting the closest name."""
    header = context.doc.header
    people = [(person.name, tuple(person.aliases)) for person in header.people] if header else []
    people += context.doc.roster
    if not people:
        return
    names: dict[str, str] = {}
    for name, aliases in people:
        names[name.casefold()] = name
        for alias in aliases:
            names[alias.casefold()] = name
    candidates = sorted(set(names.values()))
    hints: dict[str, str] = {}
    for node in context.doc.nodes():
        if node.fields is None:
            continue
        for index, owner in enumerate(node.fields.owners):
            known = names.get(owner.strip().casefold())
            if known is not None:
                continue
            hint = hints.get(owner)
            if hint is None:
                hint = _hint(owner, candidates, len(hints))
                hints[owner] = hint
            yield Finding(
                path=(*node.path, "owners", index),
                message=f"'{owner}' is not on the plan's roster (people:)",
                hint=hint,
                node=node,
            )
