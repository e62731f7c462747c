"""One owner's steps: :class:`OwnerFilter` (a name and its aliases) and :func:`check_owner`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planctl.errors import UserError
from planctl.model.build import Node, PlanDoc

if TYPE_CHECKING:
    from planctl.config import Settings


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class OwnerFilter:
    """Steps owned by one person or team, matched without regard to case.

    ``names`` are the folded names that stand for the owner: the name given
    and, when it is a roster name or alias, that person's name and aliases.
    """

    given: str
    names: frozenset[str]

    @classmethod
    def for_name(
        cls,
        name: str,
        docs: Iterable[PlanDoc] = (),
        roster: Iterable[tuple[str, Sequence[str]]] = (),
    ) -> OwnerFilter:
        """The filter for ``name``, widened to the aliases the rosters give it."""
        docs = list(docs)
        wanted = _fold(name)
        names = {wanted}
        shown = ""
        people: list[tuple[str, Sequence[str]]] = list(roster)
        for doc in docs:
            people.extend(doc.roster)
            if doc.header is not None:
                people.extend((person.name, person.aliases) for person in doc.header.people)
        for person, aliases in people:
            known = {_fold(person), *(_fold(alias) for alias in aliases)}
            if wanted in known:
                names |= known
                shown = shown or " ".join(person.split())
        head, comma, _ = name.partition(",")
        if not shown and comma:
            # "Maria Lopez, Language Arts teacher", as a plan may write her: the person.
            for person, aliases in people:
                known = {_fold(person), *(_fold(alias) for alias in aliases)}
                if _fold(head) in known:
                    names |= known
                    shown = shown or " ".join(person.split())
        if not shown:
            # The owner as the plans spell it, when only the case differs.
            shown = next(
                (
                    " ".join(owner.split())
                    for doc in docs
                    for step in doc.steps()
                    for owner in _names(doc, step)
                    if _fold(owner) == wanted
                ),
                " ".join(name.split()),
            )
        return cls(shown, frozenset(names))

    def owns(self, node: Node, doc: PlanDoc) -> bool:
        """Whether the node names this owner among its owners (whatever role they carry)."""
        return any(_fold(owner) in self.names for owner in _names(doc, node))


def _names(doc: PlanDoc, node: Node) -> list[str]:
    """The people and teams owning ``node``: "Maria Lopez, Language Arts teacher" is Maria Lopez."""
    return [owner.name for owner in doc.owners(node)]


def check_owner(owner: OwnerFilter, docs: Sequence[PlanDoc]) -> bool:
    """Whether anyone in ``docs`` is ``owner``: True when a step names them.

    False when nobody has any step but the name is on a roster (an empty
    report is then the right answer). Raises :class:`UserError`, with the
    closest owner name, when the name is neither an owner nor on a roster.
    """
    owners: set[str] = set()
    listed: set[str] = set()
    for doc in docs:
        for step in doc.steps():
            owners.update(_names(doc, step))
            if owner.owns(step, doc):
                return True
        people = [name for name, _ in doc.roster]
        if doc.header is not None:
            for person in doc.header.people:
                people.append(person.name)
                people.extend(person.aliases)
        for _, aliases in doc.roster:
            people.extend(aliases)
        listed.update(_fold(name) for name in people)
    if owner.names & listed:
        return False
    close = difflib.get_close_matches(owner.given, sorted(owners), n=1, cutoff=0.6)
    if not close:
        folded = {_fold(name): name for name in owners}
        near = difflib.get_close_matches(_fold(owner.given), sorted(folded), n=1, cutoff=0.6)
        close = [folded[near[0]]] if near else []
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UserError(f"no step in these plans is owned by '{owner.given}'{hint}")


def select_owner(
    owner: str | None, docs: Sequence[PlanDoc], settings: Settings
) -> tuple[OwnerFilter | None, bool]:
    """The filter for ``--owner`` (None when no name is given) and :func:`check_owner`'s answer.

    The name is matched against the owners in ``docs`` and the roster of
    ``settings``; raises :class:`UserError` as :func:`check_owner` does.
    """
    if owner is None or not owner.strip():
        return None, True
    roster = [(person.name, person.aliases) for person in settings.roster]
    found = OwnerFilter.for_name(owner, docs, roster)
    return found, check_owner(found, docs)
