"""The committed JSON Schema is current, and every example satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from planctl.load import load_file
from planctl.schema import plan_schema_text

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "schemas" / "plan.schema.json"
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == plan_schema_text(), (
        "schemas/plan.schema.json is stale: run 'planctl schema -o schemas/plan.schema.json'"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(json.loads(COMMITTED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_example_satisfies_schema_and_points_editors_at_it(example: Path) -> None:
    first_line = example.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/plan.schema.json"
    validator = Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    data = load_file(example).data
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]
    assert errors == []


def test_schema_rejects_an_unknown_step_field() -> None:
    validator = Draft202012Validator(json.loads(COMMITTED.read_text(encoding="utf-8")))
    plan = {"planctl": 1, "goals": [{"title": "G", "steps": [{"action": "A", "owner": "X"}]}]}
    assert not validator.is_valid(plan)
    plan["goals"][0]["steps"][0] = {"action": "A", "owners": "X"}  # type: ignore[index]
    assert validator.is_valid(plan)
