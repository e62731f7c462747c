"""Owners are people (or teams) on the plan's roster.

When a plan lists its ``people:`` (or the repository's ``planctl.toml``
names a shared ``roster``), every owner (of a step, or of a task on its
checklist) must name one of them, so a typo ("Shakera Walkr") does not
leave a step with nobody responsible and progress reports group steps under
the right person. Plans without a roster
are not checked.

An owner may carry the role they hold for the step, as ``{name: Maria Lopez,
role: Language Arts teacher}`` or as the text "Maria Lopez, Language Arts
teacher": the text passes when the part before the first comma is on the
roster. A team ("All staff", "Leadership Team") is declared on the roster with
``team: true``.

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
      - {name: Facilitator Leads, team: true}
    goals:
      - title: Communication
        measure: At least 85% of schools have a full TLT by August 2014
        steps:
          - action: Standardize job descriptions
            due: May/2013
            outcome: Standardized job descriptions
            measure: Four standardized job descriptions
            owners: ["Shakera Walker, TLT program lead", Facilitator Leads]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from planctl.model.build import Node
from planctl.model.people import Owner
from planctl.model.plan import OwnerEntry
from planctl.model.tasks import tasks_of
from planctl.problem import Severity
from planctl.rules.base import Finding, RuleContext

ID = "owner-in-roster"
NAME = "Owners on the roster"
SUMMARY = "Every owner names a person or team listed under people."
SEVERITY = Severity.ERROR


# Suggestions compare a name with every person: past this many distinct unknown
# names a hostile plan would make that quadratic, so the rest get a plain hint.
MAX_SUGGESTIONS = 50
# And past this many name comparisons in all (a district roster of thousands),
# so a large roster with many unknown names stays quick to check.
COMPARISON_BUDGET = 20_000

# Words that make an owner a group rather than a person: the hint says how to declare a team.
_TEAM_WORDS = frozenset(
    {
        "all",
        "staff",
        "team",
        "teams",
        "committee",
        "council",
        "department",
        "office",
        "group",
        "network",
        "board",
        "cabinet",
        "leadership",
        "faculty",
        "teachers",
        "principals",
        "coaches",
    }
)


def _looks_like_team(name: str) -> bool:
    return not _TEAM_WORDS.isdisjoint(word.strip(".,()").casefold() for word in name.split())


def _hint(owner: Owner, candidates: list[str], made: int) -> str:
    name = owner.written.strip()
    close: list[str] = []
    allowed = min(MAX_SUGGESTIONS, COMPARISON_BUDGET // max(len(candidates), 1))
    if made < allowed:
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        if not close and "," in name:
            # "Maria Lopz, Language Arts teacher": the name before the comma is misspelt.
            head, _, role = name.partition(",")
            near = difflib.get_close_matches(head.strip(), candidates, n=1, cutoff=0.6)
            if near:
                return f"did you mean '{near[0]},{role}'?"
    if close:
        return f"did you mean '{close[0]}'?"
    if _looks_like_team(name):
        return (
            f"declare the team in the roster: '- {{name: {name}, team: true}}' under people:,"
            " or use a name from it"
        )
    return f"add '{name}' to the roster (people:), or use a name from it"


def check(context: RuleContext) -> Iterator[Finding]:
    """Report owners that match nobody on the roster, suggesting the closest name."""
    doc = context.doc
    roster = doc.people()
    if not roster:
        return
    hints: dict[str, str] = {}
    candidates = roster.names
    for node in doc.nodes():
        named: list[tuple[tuple[str | int, ...], Owner, str]] = []
        for index, owner in enumerate(doc.owners(node)):
            path: tuple[str | int, ...] = (*node.path, "owners", index)
            if _is_mapping(node, index):
                path = (*path, "name")
            named.append((path, owner, ""))
        named += [
            (path, roster.owner(text), item.where)
            for item in tasks_of(node)
            for path, text in item.owners
        ]
        for path, owner, where in named:
            if owner.on_roster:
                continue
            hint = hints.get(owner.written)
            if hint is None:
                hint = _hint(owner, candidates, len(hints))
                hints[owner.written] = hint
            yield Finding(
                path=path,
                message=f"'{owner.written}' is not on the plan's roster (people:)",
                hint=hint,
                node=node,
                where=where,
            )


def _is_mapping(node: Node, index: int) -> bool:
    owners = node.fields.owners if node.fields is not None else []
    return index < len(owners) and isinstance(owners[index], OwnerEntry)
