"""Every status synonym through the commands: validate, status, export and render read a plan
that uses them as their standard words, and import maps them the same way."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner, Result

from planctl.cli import app
from planctl.load import load_text
from planctl.vocabulary.status import STATUS_LABELS, standard_status
from tests.vocabulary.test_status import PRINTED

OUTCOME = "Tutors trained"
MEASURE = "Twelve tutors trained by May 2025"


def run(*args: str | Path) -> Result:
    """``planctl ARGS`` in this process."""
    return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def write_plan(path: Path) -> Path:
    """A plan with one step for each printed synonym, in the default template."""
    lines = [
        "planctl: 1",
        "title: Reading plan",
        "period: {start: 2024-07, end: 2026-06}",
        "goals:",
        "  - title: Every child reads",
        "    measure: 80% of children read on grade level by June 2026",
        "    steps:",
    ]
    for number, (word, _) in enumerate(PRINTED, 1):
        lines += [
            f"      - action: Step {number}",
            "        due: 2025-05",
            "        owners: Shakera Walker",
            f"        outcome: {OUTCOME}",
            f"        measure: {MEASURE}",
            f"        status: {word}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_validate_accepts_every_synonym_with_the_default_template(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "reading.plan.yaml")
    result = run("validate", "--format", "json", plan)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["files"][0]["problems"] == []


def test_status_counts_each_synonym_as_its_status(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "reading.plan.yaml")
    result = run("status", "--format", "json", "--as-of", "2025-01-01", plan)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [step["status"] for step in data["steps"]] == [status for _, status in PRINTED]
    expected = dict.fromkeys(STATUS_LABELS, 0)
    for _, status in PRINTED:
        expected[status] += 1
    assert data["plans"][0]["counts"] == {**expected, "not-recorded": 0}


def test_export_prints_each_synonym_as_its_status(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "reading.plan.yaml")
    result = run("export", "--format", "csv", plan)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [row["status"] for row in rows] == [STATUS_LABELS[status] for _, status in PRINTED]
    result = run("export", "--format", "json", plan)
    steps = json.loads(result.stdout)["plans"][0]["tree"][0]["children"]
    assert [step["status"] for step in steps] == [status for _, status in PRINTED]


def test_render_prints_each_synonym_as_its_status(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "reading.plan.yaml")
    output = tmp_path / "packet.md"
    result = run("render", "--format", "md", "--output", output, plan)
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    for label in {STATUS_LABELS[status] for _, status in PRINTED}:
        assert f"| {label} |" in text, label
    # The words as written are the standard word's label now, never a status of their own.
    assert "| Stalled |" not in text


def test_import_maps_each_synonym_as_validate_reads_it(tmp_path: Path) -> None:
    source = tmp_path / "plan.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Goal", "Action Step", "Due", "Owner", "Expected Outcome", "Measure", "Status"]
        )
        for number, (word, _) in enumerate(PRINTED, 1):
            goal = "Every child reads" if number == 1 else ""
            writer.writerow(
                [goal, f"Step {number}", "May 2025", "Shakera Walker", OUTCOME, MEASURE, word]
            )
    output = tmp_path / "imported.plan.yaml"
    result = run("import", source, "--output", output)
    assert result.exit_code == 0, result.output
    loaded = load_text(output.read_text(encoding="utf-8"), output.name)
    assert isinstance(loaded.data, dict)
    steps = loaded.data["goals"][0]["steps"]
    assert [step["status"] for step in steps] == [standard_status(word) for word, _ in PRINTED]
    assert [step["status"] for step in steps] == [status for _, status in PRINTED]
    checked = run("validate", "--format", "json", output)
    assert checked.exit_code == 0, checked.output
    # The sheet has no goal measure (a goal-measure warning); nothing about the statuses.
    problems = json.loads(checked.stdout)["files"][0]["problems"]
    assert [problem["rule"] for problem in problems] == ["goal-measure"]
