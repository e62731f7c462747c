"""Owners read against the roster: the person or team, and the role they carry."""

from __future__ import annotations

import pytest

from planctl.load import load_text
from planctl.model.build import build
from planctl.model.people import Owner, Roster
from planctl.model.plan import OwnerEntry, Person, StepFields
from planctl.template import load_builtin

ROSTER = Roster(
    [
        Person(name="Maria Lopez", role="Language Arts teacher"),
        Person(name="Office of Data and Accountability", aliases=["ODA"]),
        Person(name="All staff", team=True),
    ],
    [("Kevin Osei", ("K. Osei",))],
)


@pytest.mark.parametrize(
    ("written", "name", "role", "on_roster", "team"),
    [
        ("Maria Lopez", "Maria Lopez", "", True, False),
        ("  maria   LOPEZ ", "Maria Lopez", "", True, False),
        ("Maria Lopez, Language Arts teacher", "Maria Lopez", "Language Arts teacher", True, False),
        ("ODA, data lead", "Office of Data and Accountability", "data lead", True, False),
        ("All staff", "All staff", "", True, True),
        ("Kevin Osei, attendance lead", "Kevin Osei", "attendance lead", True, False),
        ("K. Osei", "Kevin Osei", "", True, False),
        # Nobody on the roster before the comma: the text is one name, as written.
        ("Principal, Cedar Hill", "Principal, Cedar Hill", "", False, False),
        # A comma with nothing after it is no role.
        ("Maria Lopez,", "Maria Lopez,", "", False, False),
        ("Maria Lopz, Arts teacher", "Maria Lopz, Arts teacher", "", False, False),
    ],
)
def test_text_owners(written: str, name: str, role: str, on_roster: bool, team: bool) -> None:
    owner = ROSTER.owner(written)
    assert (owner.name, owner.role, owner.on_roster, owner.team) == (name, role, on_roster, team)
    assert owner.written == written


def test_mapping_owners() -> None:
    owner = ROSTER.owner(OwnerEntry(name="maria lopez", role="Writing pilot lead"))
    assert owner == Owner("Maria Lopez", "Writing pilot lead", "maria lopez", True, False)
    assert owner.shown == "Maria Lopez (Writing pilot lead)"
    stranger = ROSTER.owner(OwnerEntry(name="Ana Ruiz"))
    assert (stranger.name, stranger.role, stranger.on_roster) == ("Ana Ruiz", "", False)
    assert stranger.shown == "Ana Ruiz"


def test_without_a_roster_text_stays_whole() -> None:
    owner = Roster().owner("Maria Lopez, Language Arts teacher")
    assert owner.name == "Maria Lopez, Language Arts teacher" and owner.role == ""
    assert not Roster()


def test_the_step_model_takes_each_form() -> None:
    fields = StepFields.model_validate(
        {"owners": [{"name": "Maria Lopez", "role": "teacher"}, "Ana Ruiz", 42]}
    )
    assert fields.owners == [OwnerEntry(name="Maria Lopez", role="teacher"), "Ana Ruiz", "42"]
    one = StepFields.model_validate({"owners": {"name": "Maria Lopez"}})
    assert one.owners == [OwnerEntry(name="Maria Lopez")]


def test_a_plan_reads_its_owners_against_its_roster_and_the_shared_one() -> None:
    loaded = load_text(
        "planctl: 1\npeople:\n  - {name: Maria Lopez}\ngoals:\n  - title: G\n"
        "    owners: [Leadership Team]\n    steps:\n"
        "      - action: A\n        owners: ['Maria Lopez, Language Arts teacher',"
        " 'Kevin Osei, attendance lead']\n",
        "p.plan.yaml",
    )
    doc = build(loaded, load_builtin("default"))
    goal = doc.roots[0]
    step = goal.children[0]
    assert [o.shown for o in doc.owners(step)] == [
        "Maria Lopez (Language Arts teacher)",
        "Kevin Osei, attendance lead",
    ]
    # The repository's roster is given after the plan is built; it counts from then on.
    doc.roster = [("Kevin Osei", ())]
    assert [o.shown for o in doc.owners(step)] == [
        "Maria Lopez (Language Arts teacher)",
        "Kevin Osei (attendance lead)",
    ]
    assert [o.name for o in doc.owners(goal)] == ["Leadership Team"]
