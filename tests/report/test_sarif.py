"""SARIF output, validated against the official SARIF 2.1.0 schema kept in tests/data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from planctl.problem import FileReport, Severity
from planctl.report.sarif import pascal_case
from tests.report.helpers import OTHER, PLAN, RULES, problem, render, sample_reports

SCHEMA_PATH = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is missing: {SCHEMA_PATH.name}")
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


def sarif(reports: list[FileReport], **kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render("sarif", reports, **kwargs))
    return data


def assert_valid(log: dict[str, Any], schema: dict[str, Any]) -> None:
    # The schema declares draft-04; check with that and with draft-07 too.
    for validator in (jsonschema.validators.validator_for(schema), jsonschema.Draft7Validator):
        validator.check_schema(schema)
        errors = sorted(validator(schema).iter_errors(log), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_valid_against_the_official_schema(schema: dict[str, Any]) -> None:
    assert_valid(sarif(sample_reports()), schema)


def test_valid_when_there_are_no_problems(schema: dict[str, Any]) -> None:
    log = sarif([FileReport(PLAN)])
    assert_valid(log, schema)
    assert log["runs"][0]["results"] == []


def test_valid_with_odd_input(schema: dict[str, Any]) -> None:
    report = FileReport(
        "plans/with space/ünï.plan.yaml",
        [
            problem(
                0,
                0,
                path="plans/with space/ünï.plan.yaml",
                rule="not-documented",
                message="line 0 and %, :, \n",
                end_line=0,
                end_column=0,
            )
        ],
    )
    assert_valid(sarif([report], rules={}, tool_version=""), schema)


def test_the_fixed_parts_github_requires() -> None:
    log = sarif(sample_reports())
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "planctl"
    assert driver["semanticVersion"] == "1.2.3"
    assert "informationUri" not in driver


def test_every_given_rule_is_described() -> None:
    driver = sarif(sample_reports())["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert set(by_id) == set(RULES)
    date = by_id["date-format"]
    assert date["name"] == "ReadableDates"
    assert date["shortDescription"]["text"] == RULES["date-format"].summary
    assert date["fullDescription"]["text"] == RULES["date-format"].description
    assert date["defaultConfiguration"] == {"level": "error"}
    assert date["properties"]["tags"] == ["plan"]
    assert "due: 2024-13" in date["help"]["text"]
    assert "```yaml\ndue: 2024-12\n```" in date["help"]["markdown"]
    assert by_id["smart-measure"]["defaultConfiguration"] == {"level": "warning"}
    assert by_id["status-word"]["defaultConfiguration"] == {"level": "note"}


def test_results_point_at_their_rule_and_place() -> None:
    run = sarif(sample_reports())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["smart-measure", "date-format", "status-word"]
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
    error = results[1]
    assert error["level"] == "error"
    assert error["message"]["text"] == (
        "Goal 1 › Action step 1 'Hire a reading coach': \"2024-13\" is not a month\n"
        "Hint: write YYYY-MM, for example 2024-12"
    )
    [location] = error["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": PLAN, "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 6, "startColumn": 14, "endLine": 6, "endColumn": 21}
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 9,
    }
    assert [r["level"] for r in results] == ["warning", "error", "note"]
    other = results[2]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert other["uri"] == OTHER


def test_undocumented_rule_gets_a_minimal_descriptor() -> None:
    report = FileReport(PLAN, [problem(rule="mystery-rule"), problem(2, rule="mystery-rule")])
    run = sarif([report])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules].count("mystery-rule") == 1
    for item in run["results"]:
        assert rules[item["ruleIndex"]] == {
            "id": "mystery-rule",
            "name": "MysteryRule",
            "properties": {"tags": ["plan"]},
        }


def test_uri_is_relative_with_forward_slashes_and_encoded() -> None:
    path = "./plans/with space/ünï#1.plan.yaml"
    run = sarif([FileReport(path, [problem(path=path)])])["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uriBaseId"] == "%SRCROOT%"
    assert " " not in location["uri"] and "#" not in location["uri"]
    assert unquote(location["uri"]) == "plans/with space/ünï#1.plan.yaml"


def test_absolute_path_is_a_file_uri() -> None:
    path = str(Path("/srv/plans/a.plan.yaml").resolve())
    run = sarif([FileReport(path, [problem(path=path)])])["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert "uriBaseId" not in location
    assert urlsplit(location["uri"]).scheme == "file"


def fingerprint(reports: list[FileReport], index: int = 0) -> str:
    result = sarif(reports)["runs"][0]["results"][index]
    [(key, value)] = result["partialFingerprints"].items()
    assert key == "planctl/v1"
    assert isinstance(value, str)
    return value


def test_fingerprint_ignores_line_and_column() -> None:
    before = fingerprint([FileReport(PLAN, [problem(3, 4, message="late", where="Goal 1")])])
    after = fingerprint([FileReport(PLAN, [problem(30, 8, message="late", where="Goal 1")])])
    assert before == after


@pytest.mark.parametrize(
    "change",
    [
        {"message": "early"},
        {"where": "Goal 2"},
        {"rule": "date-order"},
        {"path": "plans/b.plan.yaml"},
    ],
)
def test_fingerprint_follows_path_rule_where_and_message(change: dict[str, str]) -> None:
    base = {"message": "late", "where": "Goal 1", "rule": "date-format", "path": PLAN}
    prints = []
    for fields in (base, {**base, **change}):
        found = problem(
            message=fields["message"],
            where=fields["where"],
            rule=fields["rule"],
            path=fields["path"],
        )
        prints.append(fingerprint([FileReport(fields["path"], [found])]))
    assert prints[0] != prints[1]


def test_repeated_problems_get_distinct_fingerprints() -> None:
    report = FileReport(PLAN, [problem(1, message="same"), problem(9, message="same")])
    results = sarif([report])["runs"][0]["results"]
    prints = [r["partialFingerprints"]["planctl/v1"] for r in results]
    assert len(set(prints)) == 2
    # The first occurrence keeps the fingerprint it has when it is alone.
    assert prints[0] == fingerprint([FileReport(PLAN, [problem(5, message="same")])])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dates in order", "DatesInOrder"),
        ("date-order", "DateOrder"),
        ("YAML syntax", "YAMLSyntax"),
        ("No empty goal!", "NoEmptyGoal"),
        ("", ""),
    ],
)
def test_pascal_case(name: str, expected: str) -> None:
    assert pascal_case(name) == expected


def test_severity_levels_cover_every_severity() -> None:
    reports = [FileReport(PLAN, [problem(i + 1, severity=s) for i, s in enumerate(Severity)])]
    levels = {r["level"] for r in sarif(reports)["runs"][0]["results"]}
    assert levels == {"error", "warning", "note"}


def test_schema_check_rejects_a_broken_log(schema: dict[str, Any]) -> None:
    log = sarif(sample_reports())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    log["runs"][0]["results"][1]["level"] = "fatal"
    with pytest.raises(AssertionError):
        assert_valid(log, schema)
