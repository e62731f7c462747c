"""Publishing with the privacy rules: ``validate --public``, ``render --public`` and ``[privacy]``.

A plan with a small count of students or a student's name fails a published
check with located problems, and ``render --public`` writes no packet until
it is fixed; an ordinary check and render do not run the privacy rules.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planctl.checking import check_file, privacy_errors, validate_reports
from planctl.cli import app
from planctl.config import load_settings
from planctl.problem import Severity
from planctl.rule_names import PRIVACY_GROUP
from planctl.rules import RULES, all_rules
from planctl.rules.base import doc_of

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.plan.yaml"))

PLAN = """planctl: 1
title: Literacy plan
people:
  - name: Maria Lopez
goals:
  - title: Literacy
    measure: Grade 3 students meeting the ELA standard rise from 61% to 75% by 2027
    steps:
      - action: Tutor readers
        due: 2025-05
        outcome: Readers below benchmark are tutored three times a week
        measure: Tutoring log reviewed monthly
        owners: Maria Lopez
        updates:
          - date: 2025-01-10
            note: NOTE
"""
SMALL_COUNT = "3 of the 4 students with disabilities in grade 5 met the benchmark."
STUDENT_NAME = "Jayden Smith, a grade 4 student, moved up two reading levels."
FIXED = "Fewer than 10 students with disabilities in grade 5 met the benchmark."


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan_with(note: str) -> str:
    return PLAN.replace("NOTE", note)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("note", "rule", "column"),
    [(SMALL_COUNT, "privacy-small-count", 19), (STUDENT_NAME, "privacy-student-name", 19)],
)
def test_validate_public_fails_at_the_words(
    folder: Path, note: str, rule: str, column: int
) -> None:
    write(folder / "p.plan.yaml", plan_with(note))
    plain = CliRunner().invoke(app, ["validate", "p.plan.yaml"])
    assert plain.exit_code == 0, plain.stdout
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert result.exit_code == 1, result.stdout
    assert f"p.plan.yaml:16:{column}: error [{rule}]" in result.stdout
    assert "Goal 1 › Action step 1 'Tutor readers'" in result.stdout
    write(folder / "p.plan.yaml", plan_with(FIXED))
    assert CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"]).exit_code == 0


def test_the_hint_says_what_to_write(folder: Path) -> None:
    write(folder / "p.plan.yaml", plan_with(SMALL_COUNT))
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert "hint: write 'fewer than 10 students' (or the percentage without the count)" in (
        result.stdout
    )


@pytest.mark.parametrize("name", ["packet.html", "packet.md"])
def test_render_public_writes_nothing_until_fixed(folder: Path, name: str) -> None:
    write(folder / "p.plan.yaml", plan_with(SMALL_COUNT))
    output = folder / name
    result = CliRunner().invoke(app, ["render", "--public", "p.plan.yaml", "-o", name])
    assert result.exit_code == 1, result.output
    assert not output.exists()
    assert "p.plan.yaml:16:19: error [privacy-small-count]" in result.stderr
    assert "planctl: the packet was not written: 1 privacy problem would publish" in result.stderr
    write(folder / "p.plan.yaml", plan_with(FIXED))
    result = CliRunner().invoke(app, ["render", "--public", "p.plan.yaml", "-o", name])
    assert result.exit_code == 0, result.output
    assert FIXED in output.read_text(encoding="utf-8")


def test_render_public_to_the_screen_prints_no_packet(folder: Path) -> None:
    write(folder / "p.plan.yaml", plan_with(STUDENT_NAME))
    result = CliRunner().invoke(app, ["render", "--public", "p.plan.yaml"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[privacy-student-name]" in result.stderr


def test_an_ordinary_render_does_not_check_privacy(folder: Path) -> None:
    write(folder / "p.plan.yaml", plan_with(SMALL_COUNT))
    result = CliRunner().invoke(app, ["render", "p.plan.yaml", "-o", "packet.md"])
    assert result.exit_code == 0, result.output
    assert (folder / "packet.md").is_file()


def test_threshold_from_planctl_toml(folder: Path) -> None:
    write(folder / "planctl.toml", "[privacy]\nthreshold = 3\n")
    write(folder / "p.plan.yaml", plan_with(SMALL_COUNT))
    assert load_settings(folder).privacy_threshold == 3
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert result.exit_code == 0, result.stdout
    write(folder / "planctl.toml", "[privacy]\nthreshold = 5\n")
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert result.exit_code == 1
    assert "counts fewer than 5 students" in result.stdout


def test_a_district_sets_a_privacy_rule_to_warning_or_off(folder: Path) -> None:
    write(folder / "planctl.toml", '[rules]\nprivacy-small-count = "warning"\n')
    write(folder / "p.plan.yaml", plan_with(SMALL_COUNT))
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert result.exit_code == 0
    assert "warning [privacy-small-count]" in result.stdout
    result = CliRunner().invoke(app, ["render", "--public", "p.plan.yaml", "-o", "x.md"])
    assert result.exit_code == 0, "a warning does not stop publishing"
    write(folder / "planctl.toml", '[rules]\nprivacy-small-count = "off"\n')
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert "privacy-small-count" not in result.stdout


def test_allowed_texts_and_roster_contacts(folder: Path) -> None:
    write(
        folder / "planctl.toml", 'roster = "people.yaml"\n\n[privacy]\nallow = ["(555) 201-4000"]\n'
    )
    write(folder / "people.yaml", "- {name: Maria Lopez, phone: 555-201-7788}\n")
    note = "Call the office at (555) 201-4000 or Maria at 555 201 7788."
    write(folder / "p.plan.yaml", plan_with(note))
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert result.exit_code == 0, result.stdout
    write(folder / "people.yaml", "- {name: Maria Lopez}\n")
    result = CliRunner().invoke(app, ["validate", "--public", "p.plan.yaml"])
    assert "'555 201 7788' is a phone number that is nobody's on the roster" in result.stdout
    assert "'(555) 201-4000' is" not in result.stdout


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("[privacy]\nthreshold = 0\n", 2, "whole number of students"),
        ('[privacy]\nthreshold = "ten"\n', 2, "whole number of students"),
        ("[privacy]\nthreshhold = 5\n", 2, "did you mean 'threshold'?"),
        ("privacy = 5\n", 1, "'privacy' should be a table"),
        ("[privacy]\nallow = [1, 2]\n", 2, "'allow' should be a list of texts"),
    ],
)
def test_privacy_setting_mistakes_are_located(
    folder: Path, text: str, line: int, needle: str
) -> None:
    write(folder / "planctl.toml", text)
    problems = load_settings(folder).problems
    assert [(p.line, p.rule) for p in problems] == [(line, "config")]
    assert needle in problems[0].message + problems[0].hint


def test_what_the_site_command_calls(folder: Path) -> None:
    """A publishing command checks with public settings and refuses on any privacy error."""
    path = write(folder / "p.plan.yaml", plan_with(STUDENT_NAME))
    settings = dataclasses.replace(load_settings(folder), public=True)
    reports = validate_reports([(path, "p.plan.yaml")], settings, jobs=1)
    blocking = privacy_errors(reports)
    assert [(p.rule, p.severity) for p in blocking] == [("privacy-student-name", Severity.ERROR)]
    assert privacy_errors([check_file(path, "p.plan.yaml", load_settings(folder)).report]) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_no_shipped_example_has_a_privacy_problem(example: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--public", "-f", "json", str(example)])
    problems = json.loads(result.stdout)["files"][0]["problems"]
    assert [p for p in problems if p["rule"].startswith("privacy-")] == []


def test_rules_lists_the_privacy_group() -> None:
    result = CliRunner().invoke(app, ["rules"])
    assert "privacy-small-count" in result.stdout
    assert "privacy group: off unless publishing" in result.stdout
    detail = CliRunner().invoke(app, ["rules", "privacy-student-name"])
    assert "group: privacy (off unless publishing" in detail.stdout


@pytest.mark.parametrize(
    "run",
    [
        "1" * 60_000,
        "1 of " * 20_000,
        "50% (" * 20_000,
        "Jayden, a " * 10_000,
        "student ID " * 10_000,
    ],
    ids=["digits", "of", "percent", "names", "ids"],
)
def test_long_hostile_texts_are_read_in_linear_time(folder: Path, run: str) -> None:
    # A pattern that backtracks over a long run would take minutes here; the rules take well
    # under a second on an ordinary machine, so ten seconds only catches that.
    write(folder / "p.plan.yaml", plan_with(json.dumps(run)))
    start = time.monotonic()
    result = CliRunner().invoke(app, ["validate", "--public", "-f", "json", "p.plan.yaml"])
    assert result.exit_code in (0, 1), result.output
    assert time.monotonic() - start < 10


def test_the_privacy_group_is_the_rules_that_say_so() -> None:
    grouped = [module.ID for module in all_rules() if doc_of(module).group == "privacy"]
    assert grouped == list(PRIVACY_GROUP)
    assert not any(doc_of(module).group == "privacy" for module in RULES)
