"""The privacy rules as data: texts each must flag and texts it must not (``cases/privacy``).

Each text is written as an update note of a plan whose roster has Maria Lopez
and Ana Ruiz (and whose step Kevin Osei owns), and checked with the plan published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from planctl.rule_names import PRIVACY_GROUP
from tests.rules.test_rules import PUBLIC, problems_of

TABLE = Path(__file__).parent / "cases" / "privacy" / "texts.yaml"
PLAN = """planctl: 1
people:
  - {name: Maria Lopez, role: teacher}
  - {name: Ana Ruiz, email: ana.ruiz@example.org}
goals:
  - title: Literacy
    steps:
      - action: Tutor readers
        owners: [Maria Lopez, Kevin Osei]
        updates:
          - date: 2025-01-10
            note: NOTE
"""


def _table() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load(TABLE.read_text(encoding="utf-8"))
    return data


def _params(kind: str) -> list[Any]:
    return [
        pytest.param(rule, text, id=f"{rule}: {text}")
        for rule, table in _table().items()
        for text in table[kind]
    ]


def _found(rule: str, text: str) -> list[str]:
    # JSON is YAML: the text is written exactly, whatever its quotes and colons.
    plan = PLAN.replace("NOTE", json.dumps(text))
    return [problem.message for problem in problems_of(plan, rule, PUBLIC)]


def test_the_table_covers_every_privacy_rule() -> None:
    assert sorted(_table()) == sorted(PRIVACY_GROUP)


@pytest.mark.parametrize(("rule", "text"), _params("flag"))
def test_flagged(rule: str, text: str) -> None:
    found = _found(rule, text)
    assert len(found) == 1, found


@pytest.mark.parametrize(("rule", "text"), _params("pass"))
def test_not_flagged(rule: str, text: str) -> None:
    assert _found(rule, text) == []


@pytest.mark.parametrize(("rule", "text"), _params("flag"))
def test_other_privacy_rules_leave_it_alone(rule: str, text: str) -> None:
    # Each text is one rule's business: no other privacy rule reports it twice.
    others = [other for other in PRIVACY_GROUP if other != rule]
    assert [message for other in others for message in _found(other, text)] == []
