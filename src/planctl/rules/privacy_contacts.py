"""A published plan gives no one's personal e-mail address or phone number.

Notes written for the team carry a parent's phone number or a student's
e-mail address ("call mom at 555-201-7788"); published, they reach everyone.
This rule finds e-mail addresses and phone numbers in published text that
are not the roster's: a person's ``email`` under ``people:``, or the
``email`` and ``phone`` of the repository's shared roster.

An office's address ("info@", "office@", "communications@") is not a
person's and passes; so do numbers that are not written as phone numbers
(cost codes, years, amounts) and texts listed in ``[privacy] allow`` of
``planctl.toml`` (the district office's number). A privacy rule: it runs
only when the plan is published (``validate --public``, ``render
--public``, ``site``).

Fails:
    planctl: 1
    goals:
      - title: Attendance
        steps:
          - action: Call families after three absences
            comments: Mother asked to be called at (555) 201-7788 or jsmith.family@example.com.

Passes:
    planctl: 1
    people:
      - {name: Ana Ruiz, email: ana.ruiz@example.org}
    goals:
      - title: Attendance
        measure: Chronic absence falls from 18% to 12% by June 2026
        steps:
          - action: Call families after three absences
            due: 2025-05
            outcome: Questions go to ana.ruiz@example.org or attendance@example.org
            measure: Call log reviewed monthly
            owners: Ana Ruiz
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.problem import Severity
from planctl.rules._privacy import GROUP as GROUP
from planctl.rules._privacy import (
    allowed,
    contact_key,
    is_allowed,
    roster_contacts,
    texts,
    word_set,
)
from planctl.rules.base import Finding, RuleContext

ID = "privacy-contact"
NAME = "No personal contacts"
SUMMARY = "Published text gives no e-mail address or phone number that is not the roster's."
SEVERITY = Severity.ERROR

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PHONE = re.compile(
    # (555) 201-7788, 555-201-7788, 555.201.7788, +1 555 201 7788; +44 20 7946 0958
    r"(?<![\w/.-])(?:(?:\+?1[ \t.-]?)?(?:\(\d{3}\)[ \t]?|\d{3}[ \t.-])\d{3}[ \t.-]\d{4}"
    r"|\+\d{1,3}(?:[ \t.-]?\d{2,4}){2,5})(?![\w/-]|\.\d)"
)
# The first part of an address that is an office's, not a person's.
OFFICE_BOXES = word_set(
    """
    info office contact contactus help helpdesk support admin admissions enrollment enrolment
    registrar communications comms media press news webmaster noreply no-reply donotreply
    hr jobs careers employment finance payroll accounts billing attendance frontoffice
    main reception superintendent board boardoffice district schools feedback questions
    privacy ferpa records safety transportation nutrition technology it
    """
)


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each e-mail address and phone number that is nobody's on the roster."""
    known = roster_contacts(context)
    allow = allowed(context)
    for found in texts(context):
        for kind, phrase in contacts(found.text):
            if contact_key(phrase) in known or is_allowed(phrase, allow):
                continue
            yield Finding(
                path=found.path,
                message=f"'{phrase}' is {kind} that is nobody's on the roster",
                hint=(
                    "leave personal contacts out of a published plan; give a member of staff's"
                    " under people: (email:), or an office's in [privacy] allow of planctl.toml"
                ),
                node=found.node,
                where=found.where,
                phrase=phrase,
            )


def contacts(text: str) -> list[tuple[str, str]]:
    """The personal e-mail addresses and phone numbers in ``text``: (what it is, as written)."""
    found: list[tuple[int, str, str]] = []
    for match in EMAIL.finditer(text):
        box = match[0].partition("@")[0].casefold()
        if box not in OFFICE_BOXES:
            found.append((match.start(), "an e-mail address", match[0]))
    for match in PHONE.finditer(text):
        found.append((match.start(), "a phone number", match[0].strip()))
    return [(kind, phrase) for _, kind, phrase in sorted(found)]
