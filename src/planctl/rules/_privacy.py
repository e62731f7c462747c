"""What the privacy rules share: the threshold, the allowed texts and the roster's names.

The privacy rules (``GROUP = "privacy"``) run only when a plan is about to
be published; see :data:`planctl.rule_names.PRIVACY_GROUP`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planctl.config import DEFAULT_PRIVACY_THRESHOLD
from planctl.model.tasks import tasks_of
from planctl.rules._texts import TextAt
from planctl.rules.base import RuleContext

GROUP = "privacy"

_STUDENT_WORD = r"(?:students?|pupils?|child|children|kids?|learners?|youths?|SWDs?|ELLs?|ELs)"
STUDENT_NOUN = re.compile(rf"(?<![\w-]){_STUDENT_WORD}(?![\w])", re.IGNORECASE)
"""A word for students: a small count or a name next to one is about students."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Match:
    """Something a privacy rule found in a text: the words as written and why."""

    text: TextAt
    phrase: str


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` as a set: the word lists of the privacy rules, written as prose."""
    return frozenset(text.split())


def word_list(text: str) -> list[str]:
    """The words of ``text`` in order."""
    return text.split()


def threshold(context: RuleContext) -> int:
    """The ``[privacy] threshold`` of the run (``planctl.toml``), default 10."""
    settings = context.settings
    return settings.privacy_threshold if settings is not None else DEFAULT_PRIVACY_THRESHOLD


def allowed(context: RuleContext) -> tuple[str, ...]:
    """The ``[privacy] allow`` texts, folded for comparison."""
    settings = context.settings
    return tuple(item.casefold() for item in settings.privacy_allow) if settings else ()


def is_allowed(phrase: str, allow: tuple[str, ...]) -> bool:
    """True when ``phrase`` is, or is inside, a text ``[privacy] allow`` lists."""
    folded = " ".join(phrase.split()).casefold()
    return any(folded in item or item in folded for item in allow if item)


def roster_words(context: RuleContext) -> set[str]:
    """Every word of the names of staff, folded: the rosters, owners and authors of updates."""
    doc = context.doc
    words: set[str] = set()
    names: list[str] = []
    if doc.header is not None:
        for person in doc.header.people:
            names.append(person.name)
            names.extend(person.aliases)
    for name, aliases in doc.roster:
        names.append(name)
        names.extend(aliases)
    # Whoever owns a step, a task or writes an update is staff, roster or not.
    for node in doc.nodes():
        names.extend(owner.written for owner in doc.owners(node))
        names.extend(text for item in tasks_of(node) for _, text in item.owners)
        names.extend(update.by for update in getattr(node.fields, "updates", []) if update.by)
    for name in names:
        words.update(word.casefold() for word in _WORD.findall(name))
    return words


def plan_words(context: RuleContext) -> set[str]:
    """The words of the plan's title and organisation, folded: the district's and schools' names."""
    header = context.doc.header
    if header is None:
        return set()
    text = f"{header.title or ''} {header.organization or ''}"
    return {word.casefold() for word in _WORD.findall(text)}


def roster_contacts(context: RuleContext) -> set[str]:
    """The roster's e-mail addresses and phone numbers, folded (digits only for phones)."""
    doc = context.doc
    found: set[str] = set()
    if doc.header is not None:
        for person in doc.header.people:
            if person.email:
                found.add(contact_key(person.email))
    shared = context.settings.roster if context.settings is not None else []
    for member in shared:
        found.update(contact_key(item) for item in member.contacts)
    return found


def contact_key(text: str) -> str:
    """An e-mail address folded, or a phone number as its digits (no leading 1)."""
    text = text.strip()
    if "@" in text:
        return text.casefold()
    digits = re.sub(r"\D", "", text)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def texts(context: RuleContext) -> Iterator[TextAt]:
    """The published texts of the plan (see :mod:`planctl.rules._texts`)."""
    yield from context.texts


def quoted(phrase: str) -> str:
    """A found phrase on one line, for a message."""
    return " ".join(phrase.split())
