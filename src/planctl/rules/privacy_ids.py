"""A published plan carries no student ID numbers.

Notes copied from a student information system carry ID numbers ("student
ID 40211873", "SSID: 1029384756", "LASID #884213"); published, they tie the
plan's other words to one student's records. This rule finds a number of 6
to 10 digits written after a word for an ID: "student ID", "student #",
"student number", "ID", "SSID", "SASID", "LASID", "OSIS", "STN", "UPN".

Phone numbers, years, amounts, cost codes ("1000-2110-310") and the IDs of
other things ("grant ID 204518", "PO #4410021", "course ID 500312") pass.
Texts listed in ``[privacy] allow`` of ``planctl.toml`` pass. A privacy rule:
it runs only when the plan is published (``validate --public``, ``render
--public``, ``site``).

Fails:
    planctl: 1
    goals:
      - title: Attendance
        steps:
          - action: Call families after three absences
            comments: Started with student ID 40211873, absent 12 days in October.

Passes:
    planctl: 1
    goals:
      - title: Attendance
        measure: Chronic absence falls from 18% to 12% by June 2026
        steps:
          - action: Call families after three absences
            due: 2025-05
            outcome: Every family is called; paid from grant ID 204518, cost code 1000-2110-310
            measure: Call log reviewed monthly
            owners: Attendance team
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.problem import Severity
from planctl.rules._privacy import GROUP as GROUP
from planctl.rules._privacy import allowed, is_allowed, texts
from planctl.rules.base import Finding, RuleContext

ID = "privacy-student-id"
NAME = "No student ID numbers"
SUMMARY = "Published text carries no student ID number (student ID 40211873, SSID, LASID)."
SEVERITY = Severity.ERROR

_NUMBER = r"(?P<number>(?<![\d-])\d{6,10}(?![\d-]))"
STUDENT_ID = re.compile(
    r"(?P<label>\b(?:(?:student|pupil|learner)(?:['’]s)?[ \t]*(?:id(?:entifier|entification)?"
    r"(?:[ \t]+(?:no\.?|number|#))?|#|no\.|number)"
    r"|SSID|SASID|LASID|OSIS|STN|UPN|NSN|(?<![\w.-])ID|I\.D\.)"
    rf")[ \t]*(?:[:#=]|no\.?|number|is)?[ \t]*{_NUMBER}",
    re.IGNORECASE,
)
# Words before a bare "ID" that make it another thing's number.
OTHER_IDS = re.compile(
    r"\b(?:grant|project|vendor|supplier|contract|account|course|section|class|po|purchase"
    r"|order|invoice|tax|employee|staff|teacher|budget|cost|fund|program|programme|event"
    r"|meeting|zoom|webinar|conference|session|school|district|building|site|campus|nces|ein"
    r"|license|licence|certificate|requisition|ticket|asset|room|device)[ \t]*$",
    re.IGNORECASE,
)


def check(context: RuleContext) -> Iterator[Finding]:
    """Report each number written as a student's ID."""
    allow = allowed(context)
    for found in texts(context):
        for phrase in student_ids(found.text):
            if is_allowed(phrase, allow):
                continue
            yield Finding(
                path=found.path,
                message=f"'{phrase}' looks like a student's ID number",
                hint="leave student ID numbers out of a published plan; say 'a grade 4 student'",
                node=found.node,
                where=found.where,
                phrase=phrase,
            )


def student_ids(text: str) -> list[str]:
    """The phrases of ``text`` that give a student's ID number, in order."""
    found: list[str] = []
    for match in STUDENT_ID.finditer(text):
        label = match["label"]
        bare = label.casefold() in ("id", "i.d.")
        if bare and OTHER_IDS.search(text[: match.start()]):
            continue
        found.append(" ".join(match[0].split()))
    return found
