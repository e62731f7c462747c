"""Statuses use the plan's status words.

A step's ``status`` (and the status in each of its ``updates``) is one of
``not-started``, ``in-progress``, ``done``, ``blocked`` or ``dropped``, one of
the ways planners write them ("In Progress", "Complete", "On hold", "To do",
"Stuck", "Cancelled": :mod:`planctl.vocabulary.status`), or a word the template
adds for the district ("On target", "Approaching"). The plan's own status is
``draft``, ``adopted`` or ``archived``.

Fails:
    planctl: 1
    goals:
      - title: Communication
        steps:
          - action: Standardize job descriptions
            due: 2013-05
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: Shakera Walker
            status: maybe

Passes:
    planctl: 1
    goals:
      - title: Communication
        measure: At least 85% of schools have a full TLT by August 2014
        steps:
          - action: Standardize job descriptions
            due: 2013-05
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: Shakera Walker
            status: done
            completed: 2013-05-20
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from planctl.model.build import Node
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext
from planctl.vocabulary.status import SPELLINGS, STATUS_WORDS, fold

ID = "status-word"
NAME = "Known status words"
SUMMARY = (
    "Statuses are not-started, in-progress, done, blocked or dropped, as planners write them"
    " (In Progress, Complete, On hold...), or the template's own words."
)
SEVERITY = Severity.ERROR


def check(context: RuleContext) -> Iterator[Finding]:
    """Report status words that are neither standard nor the template's own."""
    template = context.template
    for node in context.doc.nodes():
        fields = node.fields
        if fields is None:
            continue
        if fields.status is not None:
            yield from _word(template, node, (*node.path, "status"), fields.status)
        for index, update in enumerate(getattr(fields, "updates", [])):
            if update.status is not None:
                yield from _word(
                    template, node, (*node.path, "updates", index, "status"), update.status
                )


def _word(
    template: object, node: Node, path: tuple[str | int, ...], word: str
) -> Iterator[Finding]:
    if template.resolve_status(word) is not None:  # type: ignore[attr-defined]
        return
    allowed = [*STATUS_WORDS, *template.status_aliases]  # type: ignore[attr-defined]
    # A near miss of any spelling ("finishd", "on hld") suggests the word it means.
    meant: dict[str, str] = dict(SPELLINGS)
    meant.update({fold(name): name for name in allowed})
    close = difflib.get_close_matches(fold(word), list(meant), n=1, cutoff=0.6)
    suggestion = meant[close[0]] if close else None
    hint = f"did you mean '{suggestion}'?" if suggestion else "write one of: " + ", ".join(allowed)
    yield Finding(
        path=path,
        message=f"'{word}' is not a status word of this plan",
        hint=hint,
        node=node,
    )
