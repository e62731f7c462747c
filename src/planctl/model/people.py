"""Owners as the roster knows them: the person or team, and the role they carry.

A planner writes an owner as a name ("Maria Lopez"), a name and a role
(``{name: Maria Lopez, role: Language Arts teacher}``), or the two in one text
as a district document prints them ("Maria Lopez, Language Arts teacher"). The
text form is read against the roster (the plan's ``people:`` and the
repository's shared roster): when the whole text is no roster name but the part
before the first comma is, the rest is the role. Without a roster, or when the
part before the comma is nobody on it, the text is one name as written ("Principal,
Cedar Hill Elementary School" stays whole).

Every reader that groups or counts by person (status by owner, the by-owner
layout, ``--owner``) reads :attr:`Owner.name`; a packet shows :attr:`Owner.shown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planctl.model.plan import OwnerEntry, Person


def fold(text: str) -> str:
    """A name compared without regard to case or runs of spaces."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Owner:
    """One owner of a node, read against the roster."""

    name: str
    """The person or team: the roster's spelling when the roster knows them, else as written
    (readers that group owners compare names with :func:`fold`)."""
    role: str = ""
    """The role they carry for this node ("Language Arts teacher"), or empty text."""
    written: str = ""
    """The owner as the plan writes it (a mapping's name), for messages."""
    on_roster: bool = False
    """Whether the roster names them (by name or alias)."""
    team: bool = False
    """Whether the roster declares them a team ("All staff", "Leadership Team")."""

    @property
    def shown(self) -> str:
        """The owner as a packet names them: "Maria Lopez (Language Arts teacher)"."""
        return f"{self.name} ({self.role})" if self.role else self.name


@dataclass(frozen=True)
class _Entry:
    name: str
    team: bool


class Roster:
    """The people and teams owners are read against: the plan's and the repository's."""

    def __init__(
        self,
        people: Iterable[Person] = (),
        shared: Iterable[tuple[str, Sequence[str]]] = (),
    ) -> None:
        self._by_name: dict[str, _Entry] = {}
        for person in people:
            entry = _Entry(person.name, person.team)
            for name in (person.name, *person.aliases):
                self._by_name.setdefault(fold(name), entry)
        for name, aliases in shared:
            entry = _Entry(name, False)
            for each in (name, *aliases):
                self._by_name.setdefault(fold(each), entry)

    def __bool__(self) -> bool:
        return bool(self._by_name)

    @property
    def names(self) -> list[str]:
        """Every person's and team's own name, sorted (aliases left out)."""
        return sorted({entry.name for entry in self._by_name.values()})

    def find(self, name: str) -> tuple[str, bool] | None:
        """The roster's spelling of ``name`` (a name or an alias) and whether it is a team."""
        entry = self._by_name.get(fold(name))
        return (entry.name, entry.team) if entry is not None else None

    def owner(self, item: str | OwnerEntry) -> Owner:
        """``item`` read as a roster name and a role."""
        if isinstance(item, OwnerEntry):
            found = self.find(item.name)
            role = (item.role or "").strip()
            if found is None:
                return Owner(item.name, role, item.name)
            return Owner(found[0], role, item.name, on_roster=True, team=found[1])
        found = self.find(item)
        if found is not None:
            return Owner(found[0], "", item, on_roster=True, team=found[1])
        head, comma, rest = item.partition(",")
        if comma and rest.strip():
            found = self.find(head)
            if found is not None:
                return Owner(found[0], rest.strip(), item, on_roster=True, team=found[1])
        return Owner(item, "", item)

    def owners(self, items: Iterable[str | OwnerEntry]) -> tuple[Owner, ...]:
        """Each of ``items`` read as :meth:`owner` reads it."""
        return tuple(self.owner(item) for item in items)


def owner_name(item: str | OwnerEntry) -> str:
    """The name an owner is written under: the text, or the mapping's ``name``."""
    return item.name if isinstance(item, OwnerEntry) else item
